//! The edits after the meeting: the report, the LA's decision, the notice of proposed
//! amendments, the family's representations, the amended plan and cessation (SEND Regulations
//! 2014 regs 20(7)–22; Children and Families Act 2014 s45).
//!
//! Each checks the order the regulations set (a decision follows the meeting, a notice
//! follows a decision to amend, the plan is issued after the 15 days for representations) and
//! refuses in plain words, changing nothing, when a date or step is out of order.
//!
//! ```
//! use northstar_schema::edit::ReviewEdit;
//! use northstar_schema::{Date, PlanDecision, ReviewDocument, YoungPerson};
//! let mut doc = ReviewDocument::new("d1", YoungPerson { given_name: "Ayo".into(), ..Default::default() });
//! let mut ids = (1..).map(|n| format!("id-{n}"));
//! let mut next = || ids.next().unwrap();
//! ReviewEdit::StartReview { meeting_date: Date::parse("2027-01-12") }.apply(&mut doc, &mut next).unwrap();
//! let review_id = doc.reviews[0].id.clone();
//! let decide = |on: &str| ReviewEdit::RecordDecision {
//!     review_id: review_id.clone(), decision: PlanDecision::Maintain,
//!     decided_on: Date::parse(on).unwrap(), reasons: "Progress is good".into(), decided_by: None,
//! };
//! // A decision cannot come before the meeting it follows.
//! assert!(decide("2027-01-05").apply(&mut doc.clone(), &mut next).is_err());
//! decide("2027-02-01").apply(&mut doc, &mut next).unwrap();
//! // The decision concludes the review, so next year's can start.
//! ReviewEdit::StartReview { meeting_date: None }.apply(&mut doc, &mut next).unwrap();
//! assert_eq!(doc.reviews.len(), 2);
//! ```

use super::amend::make_change;
use crate::{
    AmendmentStatus, AnnualReview, ChangeKind, Date, IssueKind, LaDecision, PlanDecision,
    PlanIssue, ReviewDocument, SchemaError,
};

fn refused(message: impl Into<String>) -> SchemaError {
    SchemaError::Refused(message.into())
}

/// The days the family has to comment on a notice of proposed amendments (reg 22(2)(c)).
pub const REPRESENTATION_DAYS: u64 = 15;

fn review_mut<'a>(
    doc: &'a mut ReviewDocument,
    id: &str,
) -> Result<&'a mut AnnualReview, SchemaError> {
    doc.reviews
        .iter_mut()
        .find(|r| r.id == id)
        .ok_or_else(|| SchemaError::NotFound("that annual review is no longer in this plan".into()))
}

fn review_ref<'a>(doc: &'a ReviewDocument, id: &str) -> Result<&'a AnnualReview, SchemaError> {
    doc.reviews
        .iter()
        .find(|r| r.id == id)
        .ok_or_else(|| SchemaError::NotFound("that annual review is no longer in this plan".into()))
}

fn meeting_of(review: &AnnualReview) -> Result<Date, SchemaError> {
    review.meeting_date.ok_or_else(|| {
        refused("this review has no meeting date yet: record the meeting first, since everything after it is counted from that day")
    })
}

/// The school's report of the meeting went out (reg 20(7)).
pub(super) fn send_report(
    doc: &mut ReviewDocument,
    review_id: &str,
    sent_on: Date,
    recipient_ids: &[String],
) -> Result<(), SchemaError> {
    if recipient_ids.is_empty() {
        return Err(refused(
            "choose who the report went to: it goes to everyone invited to the meeting (reg 20(7))",
        ));
    }
    if let Some(unknown) = recipient_ids
        .iter()
        .find(|id| !doc.participants.iter().any(|p| &&p.id == id))
    {
        return Err(SchemaError::NotFound(format!(
            "one of the people chosen ({unknown}) is no longer in this plan; choose again"
        )));
    }
    let review = review_mut(doc, review_id)?;
    let meeting = meeting_of(review)?;
    if sent_on < meeting {
        return Err(refused(format!(
            "the report is dated {}, before the meeting on {}; please check the date",
            sent_on.long(),
            meeting.long()
        )));
    }
    review.report_sent_on = Some(sent_on);
    review.report_sent_to = recipient_ids.to_vec();
    Ok(())
}

/// The LA's decision to maintain, amend or cease (reg 20(10)). Recording it again corrects
/// it, unless a notice of proposed amendments has already gone out on a decision to amend.
pub(super) fn record_decision(
    doc: &mut ReviewDocument,
    review_id: &str,
    decision: PlanDecision,
    decided_on: Date,
    reasons: &str,
    decided_by: Option<String>,
) -> Result<(), SchemaError> {
    let review = review_mut(doc, review_id)?;
    let meeting = meeting_of(review)?;
    if decided_on < meeting {
        return Err(refused(format!(
            "the decision is dated {}, before the meeting on {}; the LA decides after the meeting, so please check the date"
        , decided_on.long(), meeting.long())));
    }
    if reasons.trim().is_empty() {
        return Err(refused(
            "please give the reasons for the decision: the letter to the family states them",
        ));
    }
    let previous = review.la_decision.take().unwrap_or_default();
    if previous.amendment_notice_on.is_some() && decision != PlanDecision::Amend {
        review.la_decision = Some(previous);
        return Err(refused(
            "a notice of proposed amendments has already gone to the family on this decision, so it can no longer be changed to another decision",
        ));
    }
    if previous.ceased_on.is_some() {
        review.la_decision = Some(previous);
        return Err(refused("this plan has already ceased"));
    }
    review.la_decision = Some(LaDecision {
        decision,
        decided_on: Some(decided_on),
        amendment_notice_on: previous
            .amendment_notice_on
            .filter(|_| decision == PlanDecision::Amend),
        reasons: reasons.trim().into(),
        decided_by: decided_by.filter(|n| !n.trim().is_empty()),
        ceased_on: None,
    });
    Ok(())
}

fn decision_mut<'a>(
    review: &'a mut AnnualReview,
    wanted: PlanDecision,
    step: &str,
) -> Result<&'a mut LaDecision, SchemaError> {
    match review.la_decision.as_mut() {
        Some(d) if d.decision == wanted => Ok(d),
        Some(d) => Err(refused(format!(
            "{step} follows a decision to {}, but the LA decided to {}",
            wanted.as_str(),
            d.decision.as_str()
        ))),
        None => Err(refused(format!(
            "{step} follows the LA's decision, and none is recorded for this review yet"
        ))),
    }
}

/// The notice of proposed amendments went to the family (reg 22(1)).
pub(super) fn issue_notice(
    doc: &mut ReviewDocument,
    review_id: &str,
    notice_on: Date,
) -> Result<(), SchemaError> {
    let review = review_mut(doc, review_id)?;
    if !review
        .amendments
        .iter()
        .any(|a| a.status == AmendmentStatus::Accepted)
    {
        return Err(refused(
            "accept at least one amendment first: the notice lists each proposed change with its evidence",
        ));
    }
    let decision = decision_mut(
        review,
        PlanDecision::Amend,
        "the notice of proposed amendments",
    )?;
    if let Some(decided) = decision.decided_on.filter(|d| notice_on < *d) {
        return Err(refused(format!(
            "the notice is dated {}, before the decision on {}; please check the date",
            notice_on.long(),
            decided.long()
        )));
    }
    decision.amendment_notice_on = Some(notice_on);
    Ok(())
}

/// Representations only answer a notice: without one there is nothing to comment on.
pub(super) fn check_representation(
    doc: &ReviewDocument,
    review_id: &str,
) -> Result<(), SchemaError> {
    let review = review_ref(doc, review_id)?;
    let noticed = review
        .la_decision
        .as_ref()
        .and_then(|d| d.amendment_notice_on)
        .is_some();
    if !noticed {
        return Err(refused(
            "the family's representations answer a notice of proposed amendments, and none has been sent for this review",
        ));
    }
    Ok(())
}

/// One step of issuing the amended plan. The engine records each as its own change, so
/// history shows every amendment made, by whom; [`ReviewEdit::apply`] runs them all at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueStep {
    /// Make one accepted amendment's change (or keep the reason it cannot be made).
    Make { amendment_id: String },
    /// Record the new issue: the plan as it stood before (`original`, as JSON, when no issue
    /// was recorded yet) and the plan as issued, with the amendments made.
    Record {
        original: Option<String>,
        planned: Vec<String>,
    },
}

/// Checks that the amended plan may be issued now, and lists the steps it takes.
pub fn issue_steps(
    doc: &ReviewDocument,
    review_id: &str,
    issued_on: Date,
) -> Result<Vec<IssueStep>, SchemaError> {
    let review = review_ref(doc, review_id)?;
    let mut decision = review.clone();
    let decision = decision_mut(
        &mut decision,
        PlanDecision::Amend,
        "issuing the amended plan",
    )?;
    let notice = decision.amendment_notice_on.ok_or_else(|| {
        refused("send the notice of proposed amendments first: the family has 15 days to comment before the plan is issued (reg 22)")
    })?;
    if issued_on < notice {
        return Err(refused(format!(
            "the amended plan is dated {}, before the notice on {}; please check the date",
            issued_on.long(),
            notice.long()
        )));
    }
    let end = notice
        .0
        .checked_add_days(chrono::Days::new(REPRESENTATION_DAYS))
        .map(Date);
    if let Some(end) = end.filter(|end| issued_on.0 <= end.0) {
        if review.representations.is_empty() {
            return Err(refused(format!(
                "the family has until {} to comment on the notice (reg 22(2)); issue the plan after that, or record their comments first",
                end.long()
            )));
        }
    }
    let planned: Vec<String> = review
        .amendments
        .iter()
        .filter(|a| a.status == AmendmentStatus::Accepted)
        .map(|a| a.id.clone())
        .collect();
    if planned.is_empty() {
        return Err(refused(
            "there are no accepted amendments waiting to be made to the plan",
        ));
    }
    // The plan as it stood, so the first amended issue has something to compare with.
    let original = if doc.issues.is_empty() {
        Some(serde_json::to_string(&doc.plan)?)
    } else {
        None
    };
    let mut steps: Vec<IssueStep> = planned
        .iter()
        .map(|id| IssueStep::Make {
            amendment_id: id.clone(),
        })
        .collect();
    steps.push(IssueStep::Record { original, planned });
    Ok(steps)
}

/// Takes one step of issuing the amended plan (see [`issue_steps`]).
pub fn apply_issue_step(
    doc: &mut ReviewDocument,
    review_id: &str,
    issued_on: Date,
    step: &IssueStep,
    new_id: &mut dyn FnMut() -> String,
) -> Result<(), SchemaError> {
    match step {
        IssueStep::Make { amendment_id } => {
            let amendment = review_mut(doc, review_id)?
                .amendments
                .iter()
                .find(|a| &a.id == amendment_id)
                .cloned()
                .ok_or_else(|| {
                    SchemaError::NotFound("that amendment is no longer in this review".into())
                })?;
            let result = make_change(doc, &amendment, new_id);
            let review = review_mut(doc, review_id)?;
            if let Some(a) = review.amendments.iter_mut().find(|a| &a.id == amendment_id) {
                match result {
                    Ok(()) => {
                        a.status = AmendmentStatus::Applied;
                        a.applied_on = Some(issued_on);
                        a.not_applied = None;
                    }
                    Err(reason) => a.not_applied = Some(reason),
                }
            }
        }
        IssueStep::Record { original, planned } => {
            let made: Vec<String> = review_mut(doc, review_id)?
                .amendments
                .iter()
                .filter(|a| planned.contains(&a.id) && a.status == AmendmentStatus::Applied)
                .map(|a| a.id.clone())
                .collect();
            if made.is_empty() {
                // Nothing to issue; the reasons stay on each amendment for whoever looks next.
                return Ok(());
            }
            if let Some(json) = original.as_ref().filter(|_| doc.issues.is_empty()) {
                doc.issues.push(PlanIssue {
                    id: new_id(),
                    number: 1,
                    kind: IssueKind::Original,
                    issued_on: doc.plan.last_amended_on.or(doc.plan.issued_on),
                    review_id: None,
                    amendment_ids: Vec::new(),
                    plan_json: json.clone(),
                });
            }
            doc.plan.last_amended_on = Some(issued_on);
            let number = doc.next_issue_number();
            let plan_json = serde_json::to_string(&doc.plan)?;
            doc.issues.push(PlanIssue {
                id: new_id(),
                number,
                kind: IssueKind::Amended,
                issued_on: Some(issued_on),
                review_id: Some(review_id.to_string()),
                amendment_ids: made,
                plan_json,
            });
        }
    }
    Ok(())
}

/// Makes every accepted amendment's change and issues the plan as a new issue (reg 22(3)).
pub(super) fn issue_amended_plan(
    doc: &mut ReviewDocument,
    review_id: &str,
    issued_on: Date,
    new_id: &mut dyn FnMut() -> String,
) -> Result<(), SchemaError> {
    for step in issue_steps(doc, review_id, issued_on)? {
        apply_issue_step(doc, review_id, issued_on, &step, new_id)?;
    }
    Ok(())
}

/// Plain words for one step, as history shows it.
pub fn describe_issue_step(doc: &ReviewDocument, review_id: &str, step: &IssueStep) -> String {
    match step {
        IssueStep::Make { amendment_id } => {
            let amendment = doc
                .reviews
                .iter()
                .find(|r| r.id == review_id)
                .and_then(|r| r.amendments.iter().find(|a| &a.id == amendment_id));
            match amendment {
                Some(a) => {
                    let words = |t: &str| {
                        let mut s: String = t.trim().chars().take(60).collect();
                        if s.len() < t.trim().len() {
                            s.push('…');
                        }
                        s
                    };
                    let what = match a.change {
                        ChangeKind::Reword => {
                            format!("changed the words to \u{201c}{}\u{201d}", words(&a.after))
                        }
                        ChangeKind::Add => format!("added \u{201c}{}\u{201d}", words(&a.after)),
                        ChangeKind::Remove => {
                            format!("removed \u{201c}{}\u{201d}", words(&a.before))
                        }
                        ChangeKind::Unspecified => "as proposed in words".into(),
                    };
                    format!(
                        "Made the amendment to Section {}: {what}",
                        a.section.as_str()
                    )
                }
                None => "Made an amendment".into(),
            }
        }
        IssueStep::Record { .. } => format!(
            "Issued the amended plan (issue {})",
            doc.next_issue_number().max(2)
        ),
    }
}

/// The plan stops being maintained (s45): only after a decision to cease.
pub(super) fn cease(
    doc: &mut ReviewDocument,
    review_id: &str,
    ceased_on: Date,
) -> Result<(), SchemaError> {
    let review = review_mut(doc, review_id)?;
    let decision = decision_mut(review, PlanDecision::Cease, "ceasing the plan")?;
    if let Some(decided) = decision.decided_on.filter(|d| ceased_on < *d) {
        return Err(refused(format!(
            "the plan cannot cease on {}, before the decision to cease on {}; please check the date"
        , ceased_on.long(), decided.long())));
    }
    decision.ceased_on = Some(ceased_on);
    Ok(())
}
