//! The annual-review items of the DfE's SEN2 person-level return, for every plan held.
//!
//! SEN2 is collected each January, as at its census date (the third Thursday of January).
//! For each active EHC plan, module 5 reports three items about the latest annual review:
//!
//! | item | element | what |
//! |---|---|---|
//! | 5.4 | `ReviewMeeting` | the date of the latest review meeting on or before the census date |
//! | 5.5 | `ReviewOutcome` | that review's decision: `M` maintain, `A` amend, `C` cease |
//! | 5.6 | `LastReview` | the date of the decision letter, on or before the census date |
//!
//! An item with nothing to report is left out, never guessed: no meeting since the plan was
//! made, or a decision not yet taken (or taken after the census date). [`Sen2Return`] counts
//! each such gap so the caseworker can see what is missing before the return goes in.
//!
//! The person is identified by the module 1 items Northstar holds (surname, forename, date of
//! birth); the LA's case management system adds the rest when it merges this file into its
//! return. `schema/sen2/northstar-sen2-reviews.xsd` describes the file, written from the
//! specification's item list.
//!
//! ```
//! use northstar_schema::sen2::census_date;
//! // The third Thursday of January 2027.
//! assert_eq!(census_date(2027).unwrap().to_string(), "2027-01-21");
//! ```

use crate::{CaseloadEntry, Date, PlanDecision};
use chrono::{NaiveDate, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One annual review, as SEN2 needs it: kept on each caseload summary so the return is made
/// from the summaries, not by reading every document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewDates {
    pub meeting: Option<Date>,
    pub decision: Option<PlanDecision>,
    pub decided_on: Option<Date>,
}

/// The person, as SEN2's module 1 names them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Sen2Person {
    pub surname: String,
    pub forename: String,
    pub birth_date: Option<Date>,
    pub reviews: Vec<ReviewDates>,
    /// The plan has ceased: no longer active, so not in module 5.
    pub ceased_on: Option<Date>,
}

impl Sen2Person {
    pub fn of(doc: &crate::ReviewDocument) -> Sen2Person {
        Sen2Person {
            surname: doc.young_person.family_name.trim().to_string(),
            forename: doc.young_person.given_name.trim().to_string(),
            birth_date: doc.young_person.date_of_birth,
            reviews: doc
                .reviews
                .iter()
                .map(|r| ReviewDates {
                    meeting: r.meeting_date,
                    decision: r.la_decision.as_ref().map(|d| d.decision),
                    decided_on: r.la_decision.as_ref().and_then(|d| d.decided_on),
                })
                .collect(),
            ceased_on: doc.ceased().map(|(_, on)| on),
        }
    }
}

/// The census date of the SEN2 collection in January of `year`: its third Thursday.
pub fn census_date(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, 1, Weekday::Thu, 3)
}

/// The DfE code for a decision.
pub fn outcome_code(decision: PlanDecision) -> &'static str {
    match decision {
        PlanDecision::Maintain => "M",
        PlanDecision::Amend => "A",
        PlanDecision::Cease => "C",
    }
}

/// One plan's module 5 review items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sen2Plan<'a> {
    pub person: &'a Sen2Person,
    pub review_meeting: Option<Date>,
    pub review_outcome: Option<&'static str>,
    pub last_review: Option<Date>,
}

/// What the return could not report, counted, so nothing is silently missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Gaps {
    /// No review meeting on or before the census date (none since the plan was made).
    pub no_meeting: usize,
    /// A meeting was held but its decision was not recorded by the census date.
    pub no_decision: usize,
    /// No date of birth recorded, so the person cannot be matched by it.
    pub no_birth_date: usize,
}

/// The annual-review part of one year's SEN2 return.
#[derive(Debug, Clone, PartialEq)]
pub struct Sen2Return<'a> {
    pub year: i32,
    pub census: NaiveDate,
    pub plans: Vec<Sen2Plan<'a>>,
    pub gaps: Gaps,
    /// Plans that had ceased by the census date, and so are not reported as active.
    pub ceased: usize,
}

impl<'a> Sen2Return<'a> {
    /// The return for `year` from every plan's summary, made on `today`: a meeting or decision
    /// still to come is not reported. `None` if the year has no January.
    pub fn of(entries: &'a [CaseloadEntry], year: i32, today: NaiveDate) -> Option<Sen2Return<'a>> {
        let census = census_date(year)?;
        let cutoff = census.min(today);
        let mut out = Sen2Return {
            year,
            census,
            plans: Vec::new(),
            gaps: Gaps::default(),
            ceased: 0,
        };
        for entry in entries {
            let person = &entry.sen2;
            if person.ceased_on.is_some_and(|d| d.0 <= census) {
                out.ceased += 1;
                continue;
            }
            // The latest meeting on or before the census date, and that review's decision if
            // its letter went out by then.
            let latest = person
                .reviews
                .iter()
                .filter(|r| r.meeting.is_some_and(|m| m.0 <= cutoff))
                .max_by_key(|r| r.meeting);
            let decided = latest.filter(|r| r.decided_on.is_some_and(|d| d.0 <= cutoff));
            let plan = Sen2Plan {
                person,
                review_meeting: latest.and_then(|r| r.meeting),
                review_outcome: decided.and_then(|r| r.decision).map(outcome_code),
                last_review: decided.and_then(|r| r.decided_on),
            };
            if plan.review_meeting.is_none() {
                out.gaps.no_meeting += 1;
            } else if plan.review_outcome.is_none() {
                out.gaps.no_decision += 1;
            }
            if person.birth_date.is_none() {
                out.gaps.no_birth_date += 1;
            }
            out.plans.push(plan);
        }
        out.plans.sort_by(|a, b| {
            (&a.person.surname, &a.person.forename, a.person.birth_date).cmp(&(
                &b.person.surname,
                &b.person.forename,
                b.person.birth_date,
            ))
        });
        Some(out)
    }

    /// The return as XML. `made_at` is when it was made (the header's DateTime), given by the
    /// caller so this stays free of the clock.
    pub fn to_xml(&self, made_at: &str, release: &str) -> String {
        let mut x = String::with_capacity(200 + self.plans.len() * 260);
        x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n  <Header>\n");
        x.push_str("    <CollectionDetails>\n      <Collection>SEN2</Collection>\n");
        x.push_str(&format!("      <Year>{}</Year>\n", self.year));
        x.push_str(&format!(
            "      <ReferenceDate>{}</ReferenceDate>\n    </CollectionDetails>\n",
            self.census
        ));
        x.push_str("    <Source>\n      <SourceLevel>L</SourceLevel>\n      <SoftwareCode>Northstar</SoftwareCode>\n");
        x.push_str(&format!("      <Release>{}</Release>\n", escape(release)));
        x.push_str(&format!(
            "      <DateTime>{}</DateTime>\n    </Source>\n  </Header>\n  <Persons>\n",
            escape(made_at)
        ));
        for p in &self.plans {
            x.push_str("    <Person>\n");
            x.push_str(&format!(
                "      <Surname>{}</Surname>\n      <Forename>{}</Forename>\n",
                escape(&p.person.surname),
                escape(&p.person.forename)
            ));
            if let Some(dob) = p.person.birth_date {
                x.push_str(&format!("      <PersonBirthDate>{dob}</PersonBirthDate>\n"));
            }
            x.push_str("      <ActivePlan>\n");
            if let Some(m) = p.review_meeting {
                x.push_str(&format!("        <ReviewMeeting>{m}</ReviewMeeting>\n"));
            }
            if let Some(o) = p.review_outcome {
                x.push_str(&format!("        <ReviewOutcome>{o}</ReviewOutcome>\n"));
            }
            if let Some(d) = p.last_review {
                x.push_str(&format!("        <LastReview>{d}</LastReview>\n"));
            }
            x.push_str("      </ActivePlan>\n    </Person>\n");
        }
        x.push_str("  </Persons>\n</Message>\n");
        x
    }

    /// Plain words on what was written and what could not be.
    pub fn summary(&self) -> Vec<String> {
        let n = self.plans.len();
        let count = |code: &str| {
            self.plans
                .iter()
                .filter(|p| p.review_outcome == Some(code))
                .count()
        };
        let mut lines = vec![format!(
            "SEN2 {} (census date {}): {n} active {}; review outcomes: {} maintain, {} amend, {} cease.",
            self.year,
            Date(self.census).long(),
            if n == 1 { "plan" } else { "plans" },
            count("M"),
            count("A"),
            count("C")
        )];
        if self.gaps.no_meeting > 0 {
            lines.push(format!(
                "{} with no review meeting on or before the census date: ReviewMeeting, ReviewOutcome and LastReview left out.",
                self.gaps.no_meeting
            ));
        }
        if self.gaps.no_decision > 0 {
            lines.push(format!(
                "{} with a meeting but no LA decision recorded by the census date: ReviewOutcome and LastReview left out.",
                self.gaps.no_decision
            ));
        }
        if self.gaps.no_birth_date > 0 {
            lines.push(format!(
                "{} with no date of birth recorded: PersonBirthDate left out; add it before the return goes in.",
                self.gaps.no_birth_date
            ));
        }
        if self.ceased > 0 {
            lines.push(format!(
                "{} ceased by the census date, so not reported as active.",
                self.ceased
            ));
        }
        lines
    }
}

fn escape(text: &str) -> String {
    crate::xml_escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn census_dates_are_the_third_thursday_of_january() {
        for (year, day) in [(2024, 18), (2025, 16), (2026, 15), (2027, 21), (2028, 20)] {
            assert_eq!(census_date(year), NaiveDate::from_ymd_opt(year, 1, day));
            assert_eq!(census_date(year).unwrap().weekday(), Weekday::Thu);
        }
    }

    #[test]
    fn names_are_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape("O'Neil & <Sons>\u{7}"),
            "O&apos;Neil &amp; &lt;Sons&gt;"
        );
    }
}
