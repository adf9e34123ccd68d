//! The plan-quality assistant: plain-words findings about a plan and its current review.
//!
//! Key types:
//! - [`check`]: every [`Finding`] for one [`ReviewDocument`] as of a given day.
//! - [`Finding`]: a [`Rule`] broken, its [`Severity`], where (section, item, review), what is
//!   wrong in plain words, what to do about it, and the regulation or Code paragraph behind it.
//! - [`QualityReport`]: the findings with counts by severity; the `northstar check --json` shape.
//!
//! The rules follow what area inspections keep finding (see DOMAIN.md): outcomes that are not
//! SMART or are written as services; provision that is not quantified; broken golden threads;
//! missing voices; no preparation for adulthood; amendments that never reach the plan.
//! `wording` judges one statement on its own; `thread` follows the links between sections;
//! `review` looks at voice, preparing for adulthood and the reviews' paperwork.
//!
//! Every finding's `item_id` names an item that exists in the document, in the `section` (or
//! the review) it names; a property test holds this.
//!
//! ```
//! use chrono::NaiveDate;
//! use northstar_schema::quality::{check, Rule};
//! use northstar_schema::{Outcome, ReviewDocument, YoungPerson};
//! let mut doc = ReviewDocument::new("demo-1", YoungPerson { given_name: "Sam".into(), ..Default::default() });
//! doc.plan.section_e.outcomes.push(Outcome {
//!     id: "o1".into(),
//!     text: "Sam will receive support to improve his behaviour.".into(),
//!     ..Default::default()
//! });
//! let findings = check(&doc, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
//! assert!(findings.iter().any(|f| f.rule == Rule::OutcomeAsProvision && f.item_id.as_deref() == Some("o1")));
//! ```

mod review;
mod thread;
mod wording;

pub use wording::{
    is_health_provider, is_social_care_provider, outcome_wording, provision_missing,
    provision_vague_phrases, provision_wording,
};

use crate::{Date, PlanSection, ReviewDocument};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

vocabulary! {
    /// How much a finding matters. High: the law is not being followed or the plan is wrong.
    pub enum Severity default Low {
        High => "high", "High";
        Medium => "medium", "Medium";
        Low => "low", "Low";
    }
}

vocabulary! {
    /// Each check the assistant makes, with a stable wire name.
    pub enum Rule default OutcomeNotTimeBound {
        OutcomeNotTimeBound => "outcome-not-time-bound", "Outcome has no time frame";
        OutcomeNotMeasurable => "outcome-not-measurable", "Outcome cannot be measured";
        OutcomeAsProvision => "outcome-as-provision", "Outcome describes provision, not a change for the young person";
        OutcomeImpersonal => "outcome-impersonal", "Outcome is generic or impersonal";
        OutcomeUnlinked => "outcome-unlinked", "Outcome is linked to no need or aspiration";
        ProvisionNotQuantified => "provision-not-quantified", "Provision is not quantified";
        ProvisionVague => "provision-vague", "Provision is vague";
        ProvisionUnlinked => "provision-unlinked", "Provision is linked to no outcome";
        ProvisionWrongSection => "provision-wrong-section", "Provision is in the wrong section";
        NeedWithoutOutcome => "need-without-outcome", "Need has no outcome";
        NeedWithoutProvision => "need-without-provision", "Need has no provision";
        ViewsMissing => "views-missing", "The young person's views are missing";
        ViewsNotOwnWords => "views-not-own-words", "Views are not in the young person's own words";
        ParentViewsMissing => "parent-views-missing", "Parents' views are missing";
        YoungPersonNotHeard => "young-person-not-heard", "No contribution from the young person at the review";
        AspirationNotInPlan => "aspiration-not-in-plan", "The young person's aspiration is not in Section A";
        PfaOutcomeMissing => "pfa-outcome-missing", "No preparing-for-adulthood outcome";
        PfaAreasMissing => "pfa-areas-missing", "Preparing-for-adulthood areas not covered";
        PfaNotDiscussed => "pfa-not-discussed", "Preparing for adulthood not discussed at the review";
        InterpreterNotRecorded => "interpreter-not-recorded", "The family's interpreter is not recorded at the meeting";
        AdviceMissing => "advice-missing", "Advice asked for has not arrived";
        AdviceLate => "advice-late", "Advice arrived late";
        AmendmentUndecided => "amendment-undecided", "Proposed amendment never decided";
        AmendmentNotApplied => "amendment-not-applied", "Accepted amendment never applied to the plan";
    }
}

/// One thing to look at, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// The plan section concerned; `None` for a finding about a review as a whole.
    pub section: Option<PlanSection>,
    /// The item: a need, outcome, provision or aspiration id in `section`, or an advice
    /// request or amendment id in `review_id`'s review. `None` for the section as a whole.
    pub item_id: Option<String>,
    /// The review concerned, for findings about a review.
    pub review_id: Option<String>,
    /// What is wrong, for the person reading the plan.
    pub message: String,
    /// What to do about it.
    pub suggestion: String,
    /// The regulation or Code of Practice paragraph behind the rule.
    pub citation: &'static str,
}

/// Every finding for one document, with counts: the `northstar check --json` output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityReport {
    pub id: String,
    pub checked_on: Date,
    pub counts: Counts,
    pub findings: Vec<Finding>,
}

/// Findings by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    pub high: usize,
    pub medium: usize,
    pub low: usize,
}

impl QualityReport {
    /// Checks `doc` as of `today`.
    pub fn for_document(doc: &ReviewDocument, today: NaiveDate) -> QualityReport {
        let findings = check(doc, today);
        let mut counts = Counts::default();
        for f in &findings {
            match f.severity {
                Severity::High => counts.high += 1,
                Severity::Medium => counts.medium += 1,
                Severity::Low => counts.low += 1,
            }
        }
        QualityReport {
            id: doc.id.clone(),
            checked_on: Date(today),
            counts,
            findings,
        }
    }
}

/// Every finding for `doc` as of `today`, most severe first, then in plan order.
pub fn check(doc: &ReviewDocument, today: NaiveDate) -> Vec<Finding> {
    let mut findings = Vec::new();
    thread::check_outcomes(doc, &mut findings);
    thread::check_provision(doc, today, &mut findings);
    thread::check_needs(doc, &mut findings);
    review::check_voice(doc, today, &mut findings);
    review::check_pfa(doc, today, &mut findings);
    review::check_interpreter(doc, today, &mut findings);
    review::check_reviews(doc, today, &mut findings);
    // A stable sort keeps plan order within each severity.
    findings.sort_by_key(|f| f.severity);
    findings
}

/// Builds findings with less noise at each call site.
pub(super) struct At<'a> {
    pub section: Option<PlanSection>,
    pub item_id: Option<&'a str>,
    pub review_id: Option<&'a str>,
}

impl<'a> At<'a> {
    /// A finding about a review as a whole, not one item in it.
    pub(super) fn review(review_id: &'a str) -> At<'a> {
        At {
            section: None,
            item_id: None,
            review_id: Some(review_id),
        }
    }

    pub(super) fn finding(
        &self,
        rule: Rule,
        severity: Severity,
        message: String,
        suggestion: impl Into<String>,
        citation: &'static str,
    ) -> Finding {
        Finding {
            rule,
            severity,
            section: self.section,
            item_id: self.item_id.map(str::to_string),
            review_id: self.review_id.map(str::to_string),
            message,
            suggestion: suggestion.into(),
            citation,
        }
    }
}

/// Quotes the start of a statement so a message says which one it means.
pub(super) fn quote(text: &str) -> String {
    let text = text.trim();
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        format!("\u{201c}{}\u{2026}\u{201d}", short.trim_end())
    } else {
        format!("\u{201c}{short}\u{201d}")
    }
}
