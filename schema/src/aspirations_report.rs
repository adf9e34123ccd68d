//! The aspirations report for commissioning: what young people across every plan held aspire
//! to, by theme, and where the plans do not yet serve it. Anonymised: figures only, with fixed
//! row and column labels, every table made safe by [`crate::small_numbers`]. No free text from
//! any plan ever appears in it.
//!
//! A young person counts once under each theme their aspirations speak to (Section A's
//! aspirations and the "My hopes for the future" contributions from their own space, read by
//! [`crate::aspiration_themes`]); one whose aspirations fit no theme counts as unclassified.
//! So a column's total counts mentions, not young people.
//!
//! ```
//! use northstar_schema::aspirations_report::AspirationsReport;
//! use northstar_schema::ReviewDocument;
//! let report = AspirationsReport::of(&[ReviewDocument::default()], chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
//! assert!(report.to_csv().starts_with("table,row,column,figure\n"));
//! ```

use crate::aspiration_themes::{themes_of, Theme};
use crate::small_numbers::{protect, Protected};
use crate::{ContributionKind, NeedArea, PfaDomain, Phase, ReviewDocument, YearGroup};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The label of the row for aspirations that fit no theme.
pub const UNCLASSIFIED: &str = "Unclassified";

/// One table of the report: fixed labels and protected figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportTable {
    pub title: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub figures: Protected,
}

impl ReportTable {
    fn new(
        title: &str,
        rows: Vec<String>,
        columns: Vec<String>,
        counts: &[Vec<u64>],
    ) -> ReportTable {
        ReportTable {
            title: title.to_string(),
            rows,
            columns,
            figures: protect(counts),
        }
    }
}

/// Every table of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AspirationsReport {
    pub made_on: NaiveDate,
    pub tables: Vec<ReportTable>,
}

/// What one plan contributes: its young person's themes and the plan's facts.
struct PlanFacts {
    themes: BTreeSet<Theme>,
    unclassified: bool,
    phase: Phase,
    need: Option<NeedArea>,
    year: YearGroup,
    /// Themes some outcome or provision of the plan works toward.
    served: BTreeSet<Theme>,
    pfa_domains: BTreeSet<PfaDomain>,
    /// Whether the latest review held recorded a preparing-for-adulthood discussion.
    pfa_discussed: Option<bool>,
}

impl PlanFacts {
    fn of(doc: &ReviewDocument, today: NaiveDate) -> PlanFacts {
        let plan = &doc.plan;
        let words: Vec<&str> = plan
            .section_a
            .aspirations
            .iter()
            .map(|a| a.text.as_str())
            .chain(
                doc.voice
                    .iter()
                    .filter(|c| c.kind == ContributionKind::Aspiration)
                    .map(|c| c.text.as_str()),
            )
            .filter(|t| !t.trim().is_empty())
            .collect();
        let mut themes = BTreeSet::new();
        for text in &words {
            themes.extend(themes_of(text));
        }
        // An outcome serves a theme when it points back to an aspiration with that theme, or
        // speaks to it itself; provision, when its words do.
        let mut served = BTreeSet::new();
        for o in &plan.section_e.outcomes {
            served.extend(themes_of(o.text.as_str()));
            for a in plan
                .section_a
                .aspirations
                .iter()
                .filter(|a| o.aspiration_ids.contains(&a.id))
            {
                served.extend(themes_of(a.text.as_str()));
            }
        }
        for p in plan.provisions() {
            served.extend(themes_of(p.provision.description.as_str()));
        }
        let year = doc.young_person.year_group_on(today);
        let held = doc
            .reviews
            .iter()
            .filter(|r| r.meeting_date.is_some_and(|d| d.0 <= today))
            .max_by_key(|r| r.meeting_date);
        PlanFacts {
            unclassified: !words.is_empty() && themes.is_empty(),
            themes,
            phase: year.phase(),
            need: doc.young_person.needs.first().map(|n| n.area),
            year,
            served,
            pfa_domains: plan
                .section_e
                .outcomes
                .iter()
                .filter_map(|o| o.pfa_domain)
                .collect(),
            pfa_discussed: held.map(|r| r.pfa_discussed),
        }
    }
}

fn labels<T: Copy>(all: &[T], label: impl Fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|x| label(*x).to_string()).collect()
}

impl AspirationsReport {
    /// The report over `docs` (every plan held), as of `today`.
    pub fn of(docs: &[ReviewDocument], today: NaiveDate) -> AspirationsReport {
        let facts: Vec<PlanFacts> = docs.iter().map(|d| PlanFacts::of(d, today)).collect();
        let mut rows = labels(Theme::ALL, Theme::label);
        rows.push(UNCLASSIFIED.into());
        let theme_rows = |column_of: &dyn Fn(&PlanFacts) -> Option<usize>, columns: usize| {
            let mut counts = vec![vec![0u64; columns]; Theme::ALL.len() + 1];
            for f in &facts {
                let Some(c) = column_of(f) else { continue };
                for t in &f.themes {
                    let r = Theme::ALL.iter().position(|x| x == t).unwrap_or(0);
                    counts[r][c] += 1;
                }
                if f.unclassified {
                    counts[Theme::ALL.len()][c] += 1;
                }
            }
            counts
        };
        let phases = Phase::ALL;
        let by_phase = theme_rows(&|f| phases.iter().position(|p| *p == f.phase), phases.len());
        let needs = NeedArea::ALL;
        let by_need = theme_rows(
            &|f| f.need.and_then(|n| needs.iter().position(|x| *x == n)),
            needs.len(),
        );
        let years: Vec<YearGroup> = YearGroup::ALL
            .iter()
            .copied()
            .filter(|y| y.is_pfa_focus())
            .collect();
        let by_year = theme_rows(&|f| years.iter().position(|y| *y == f.year), years.len());

        // The gap: young people who aspire to a theme, with and without a plan that serves it.
        let mut gaps = vec![vec![0u64; 2]; Theme::ALL.len()];
        for f in &facts {
            for t in &f.themes {
                let r = Theme::ALL.iter().position(|x| x == t).unwrap_or(0);
                gaps[r][usize::from(!f.served.contains(t))] += 1;
            }
        }

        let older: Vec<&PlanFacts> = facts.iter().filter(|f| f.year.is_pfa_focus()).collect();
        let coverage: Vec<Vec<u64>> = PfaDomain::ALL
            .iter()
            .map(|d| {
                let with = older.iter().filter(|f| f.pfa_domains.contains(d)).count() as u64;
                vec![with, older.len() as u64 - with]
            })
            .collect();
        let discussed = vec![
            vec![older
                .iter()
                .filter(|f| f.pfa_discussed == Some(true))
                .count() as u64],
            vec![older
                .iter()
                .filter(|f| f.pfa_discussed == Some(false))
                .count() as u64],
        ];

        AspirationsReport {
            made_on: today,
            tables: vec![
                ReportTable::new(
                    "What young people aspire to, by phase",
                    rows.clone(),
                    labels(phases, Phase::label),
                    &by_phase,
                ),
                ReportTable::new(
                    "What young people aspire to, by primary area of need",
                    rows.clone(),
                    labels(needs, NeedArea::label),
                    &by_need,
                ),
                ReportTable::new(
                    "What young people in Year 9 and above aspire to, by year group",
                    rows,
                    years.iter().map(|y| y.label().to_string()).collect(),
                    &by_year,
                ),
                ReportTable::new(
                    "Aspirations and whether the plan works toward them",
                    labels(Theme::ALL, Theme::label),
                    vec![
                        "With an outcome or provision toward it".into(),
                        "With none yet".into(),
                    ],
                    &gaps,
                ),
                ReportTable::new(
                    "Preparing-for-adulthood areas in the outcomes of Year 9+ plans",
                    labels(PfaDomain::ALL, PfaDomain::label),
                    vec![
                        "Plans with an outcome in this area".into(),
                        "Plans without".into(),
                    ],
                    &coverage,
                ),
                ReportTable::new(
                    "Year 9+ reviews that recorded a preparing-for-adulthood discussion",
                    vec!["Recorded".into(), "Not recorded".into()],
                    vec!["Latest review held".into()],
                    &discussed,
                ),
            ],
        }
    }

    /// Every figure as CSV (`table,row,column,figure`), totals included, figures in words
    /// where they are protected.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("table,row,column,figure\n");
        let mut line = |t: &str, r: &str, c: &str, figure: String| {
            let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
            out.push_str(&format!(
                "{},{},{},{}\n",
                quote(t),
                quote(r),
                quote(c),
                quote(&figure)
            ));
        };
        for table in &self.tables {
            let f = &table.figures;
            for (r, row) in table.rows.iter().enumerate() {
                for (c, column) in table.columns.iter().enumerate() {
                    line(&table.title, row, column, f.cells[r][c].words());
                }
                line(&table.title, row, "Total", f.row_totals[r].words());
            }
            for (c, column) in table.columns.iter().enumerate() {
                line(&table.title, "Total", column, f.column_totals[c].words());
            }
            line(&table.title, "Total", "Total", f.grand_total.words());
        }
        out
    }
}

/// A made-up plan with one aspiration in the young person's own words, placed in Section A,
/// and an outcome toward it when `served`: the smallest plan the report reads. For tests.
#[doc(hidden)]
pub fn example_plan(n: usize, year: YearGroup, hope: &str, served: bool) -> ReviewDocument {
    let mut doc = ReviewDocument {
        id: format!("yp-{n}"),
        ..Default::default()
    };
    doc.young_person.year_group = year;
    doc.voice.push(crate::Contribution {
        id: "c".into(),
        kind: ContributionKind::Aspiration,
        text: format!("{hope} (young person {n})").into(),
        ..Default::default()
    });
    doc.plan.section_a.aspirations.push(crate::Aspiration {
        id: "a".into(),
        text: hope.into(),
        contribution_id: Some("c".into()),
    });
    if served {
        doc.plan.section_e.outcomes.push(crate::Outcome {
            id: "o".into(),
            text: "By July, will visit two settings and choose one".into(),
            aspiration_ids: vec!["a".into()],
            pfa_domain: Some(PfaDomain::Employment),
            ..Default::default()
        });
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::small_numbers::Cell;

    fn figure(report: &AspirationsReport, table: usize, row: &str, column: usize) -> Cell {
        let t = &report.tables[table];
        let r = t.rows.iter().position(|x| x == row).unwrap();
        t.figures.cells[r][column]
    }

    #[test]
    fn the_gap_is_counted_small_numbers_are_hidden_and_no_words_appear() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let mut docs = Vec::new();
        for n in 0..12 {
            // 12 want a supported internship; 3 have an outcome toward one.
            docs.push(example_plan(
                n,
                YearGroup::Year12,
                "A supported internship at the hospital",
                n < 3,
            ));
        }
        for n in 12..20 {
            docs.push(example_plan(n, YearGroup::Year10, "Go to college", true));
        }
        docs.push(example_plan(20, YearGroup::Year11, "dinosaurs", false));
        let report = AspirationsReport::of(&docs, today);
        let gap = 3;
        assert_eq!(
            report.tables[gap].title,
            "Aspirations and whether the plan works toward them"
        );
        let internship = Theme::SupportedInternship.label();
        // 3 with provision toward it is fewer than 5; 9 without is then hidden too.
        assert_eq!(figure(&report, gap, internship, 0), Cell::FewerThanFive);
        assert_eq!(figure(&report, gap, internship, 1), Cell::Hidden);
        assert_eq!(
            figure(&report, gap, Theme::College.label(), 0),
            Cell::Shown(8)
        );
        // 12 young people in Year 12 aspire to one.
        let by_year = &report.tables[2];
        let year12 = by_year.columns.iter().position(|c| c == "Year 12").unwrap();
        let r = by_year.rows.iter().position(|x| x == internship).unwrap();
        assert_eq!(by_year.figures.cells[r][year12], Cell::Shown(12));
        // "dinosaurs" fits no theme: one young person, unclassified, not shown as 1.
        assert!(!figure(&report, 0, UNCLASSIFIED, 2).is_shown());

        let csv = report.to_csv();
        for doc in &docs {
            for c in &doc.voice {
                assert!(!csv.contains(c.text.as_str()), "free text in the report");
            }
        }
        assert!(!csv.contains("hospital") && !csv.contains("dinosaurs"));
        assert!(csv.contains("\"Supported internship\",\"With none yet\",\"hidden\""));
    }
}
