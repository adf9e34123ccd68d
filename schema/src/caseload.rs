//! The caseload summary: one line per child, as the caseload list and `northstar list` show it.
//!
//! These are "simple dates" until the statutory calendar lands: the next review is due 12
//! months after the last LA decision, or 12 months after the plan was issued.

use crate::{Date, Phase, PlanDecision, ReviewDocument, Sen2Code, YearGroup};
use chrono::{Datelike, Months, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How many days ahead a review counts as "due soon".
pub const DUE_SOON_DAYS: i64 = 56;

/// Where a child's annual review stands today.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    /// The next review date has passed with no meeting booked.
    Overdue,
    /// The meeting has been held; the LA has not yet decided.
    AwaitingDecision,
    /// Due within [`DUE_SOON_DAYS`] and no meeting booked.
    DueSoon,
    /// A meeting date is set in the future.
    MeetingBooked,
    /// Nothing due soon.
    UpToDate,
    /// No plan date recorded, so nothing can be worked out.
    Unknown,
}

impl ReviewStatus {
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Overdue => "Overdue",
            ReviewStatus::AwaitingDecision => "Awaiting LA decision",
            ReviewStatus::DueSoon => "Due soon",
            ReviewStatus::MeetingBooked => "Meeting booked",
            ReviewStatus::UpToDate => "Up to date",
            ReviewStatus::Unknown => "No plan date",
        }
    }
}

/// One child on the caseload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CaseloadEntry {
    pub id: String,
    pub name: String,
    /// Family name then given name, lower case, for a stable alphabetical order.
    pub sort_key: String,
    pub setting: String,
    pub year_group: YearGroup,
    pub phase: Phase,
    pub primary_need: Option<Sen2Code>,
    pub next_review_due: Option<Date>,
    /// The current review's meeting date, if one is set and not yet decided.
    pub meeting_date: Option<Date>,
    pub awaiting_decision: bool,
    /// Moves phase at the end of this school year (amendment deadline applies).
    pub transfer_this_year: bool,
    pub pfa_focus: bool,
    pub status: ReviewStatus,
}

impl CaseloadEntry {
    /// Summarises a document as of `today`.
    pub fn from_document(doc: &ReviewDocument, today: NaiveDate) -> Self {
        let yp = &doc.young_person;
        let last_decision = doc
            .reviews
            .iter()
            .filter_map(|r| r.la_decision.as_ref())
            .filter(|d| d.decision != PlanDecision::Cease)
            .filter_map(|d| d.decided_on)
            .max();
        let base = last_decision.or(doc.plan.issued_on);
        let next_review_due = base
            .and_then(|d| d.0.checked_add_months(Months::new(12)))
            .map(Date);
        let open = doc.current_review().filter(|r| r.la_decision.is_none());
        let meeting_date = open.and_then(|r| r.meeting_date);
        let mut entry = CaseloadEntry {
            id: doc.id.clone(),
            name: yp.display_name(),
            sort_key: format!("{} {}", yp.family_name, yp.given_name).to_lowercase(),
            setting: yp.setting.name.clone(),
            year_group: yp.year_group,
            phase: yp.year_group.phase(),
            primary_need: yp.primary_need(),
            next_review_due,
            meeting_date,
            awaiting_decision: meeting_date.is_some_and(|m| m.0 <= today),
            transfer_this_year: transfers_this_year(doc, today),
            pfa_focus: yp.year_group.is_pfa_focus(),
            status: ReviewStatus::Unknown,
        };
        entry.refresh_status(today);
        entry
    }

    /// Recomputes [`CaseloadEntry::status`] for `today`; stored entries go stale overnight.
    pub fn refresh_status(&mut self, today: NaiveDate) {
        self.awaiting_decision = self.meeting_date.is_some_and(|m| m.0 <= today);
        self.status = match (self.meeting_date, self.next_review_due) {
            (Some(m), _) if m.0 <= today => ReviewStatus::AwaitingDecision,
            (Some(_), _) => ReviewStatus::MeetingBooked,
            (None, None) => ReviewStatus::Unknown,
            (None, Some(due)) if due.0 < today => ReviewStatus::Overdue,
            (None, Some(due)) if (due.0 - today).num_days() <= DUE_SOON_DAYS => {
                ReviewStatus::DueSoon
            }
            (None, Some(_)) => ReviewStatus::UpToDate,
        };
    }

    /// Lower-case text a caseload search matches against: names and setting.
    pub fn search_text(&self) -> String {
        format!("{} {} {}", self.name, self.sort_key, self.setting).to_lowercase()
    }
}

/// Whether the child moves phase at the end of this school year, so the plan must be amended
/// early. A recorded transfer decides; otherwise the last year of a phase does, except that
/// "early years" spans several ages and only those who start Reception next September move.
fn transfers_this_year(doc: &ReviewDocument, today: NaiveDate) -> bool {
    let yp = &doc.young_person;
    if doc.plan.transfer.is_some() {
        return true;
    }
    match yp.year_group {
        YearGroup::EarlyYears => yp
            .date_of_birth
            .is_some_and(|dob| starts_reception_next_september(dob.0, today)),
        year => year.transfer_kind().is_some(),
    }
}

/// English school years run September to August; a child starts Reception in the September
/// after their fourth birthday.
fn starts_reception_next_september(dob: NaiveDate, today: NaiveDate) -> bool {
    let school_year = if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    };
    let cohort = if dob.month() >= 9 {
        dob.year()
    } else {
        dob.year() - 1
    };
    cohort == school_year - 4
}

#[cfg(test)]
mod tests {
    use super::starts_reception_next_september;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn only_the_oldest_early_years_cohort_moves_to_reception() {
        let today = day(2026, 11, 25);
        assert!(starts_reception_next_september(day(2022, 9, 1), today));
        assert!(starts_reception_next_september(day(2023, 8, 31), today));
        assert!(!starts_reception_next_september(day(2023, 9, 1), today));
        assert!(!starts_reception_next_september(day(2022, 8, 31), today));
        // In the summer term the school year is still the one that began last September.
        assert!(starts_reception_next_september(
            day(2022, 9, 1),
            day(2027, 7, 1)
        ));
    }
}
