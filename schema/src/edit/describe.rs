//! Plain words for an edit, as the history list shows it ("Added an action").

use super::{ReviewEdit, ViewsField};
use crate::ReviewDocument;

/// "Added" for an item sent without an id, "Changed" for one that has one.
fn verb(id: &str) -> &'static str {
    if id.trim().is_empty() {
        "Added"
    } else {
        "Changed"
    }
}

/// A short quote of what was written, so history says which entry changed.
fn quote(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let mut short: String = text.chars().take(48).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    format!(": \u{201c}{short}\u{201d}")
}

impl ReviewEdit {
    /// One line for the history list. `doc` is the document before the edit, for names.
    pub fn describe(&self, doc: &ReviewDocument) -> String {
        use ReviewEdit::*;
        let person = |id: &str| {
            doc.participants
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.clone())
                .unwrap_or_else(|| "someone".into())
        };
        match self {
            SetYoungPerson { .. } => "Changed the child's details".into(),
            UpsertParticipant { participant } => {
                format!("{} {}", verb(&participant.id), participant.name.trim())
            }
            StartReview { .. } => "Started a new annual review".into(),
            SetMeetingDate { date, .. } => match date {
                Some(d) => format!("Set the meeting date to {d}"),
                None => "Cleared the meeting date".into(),
            },
            SetAttendance {
                participant_id,
                status,
                ..
            } => format!(
                "Marked {} as {}",
                person(participant_id),
                status.label().to_lowercase()
            ),
            UpsertEntry { poster, entry, .. } => format!(
                "{} in \u{2018}{}\u{2019}{}",
                verb(&entry.id),
                poster.label(),
                quote(entry.text.as_str())
            ),
            RemoveEntry { poster, .. } => {
                format!("Removed an entry from \u{2018}{}\u{2019}", poster.label())
            }
            UpsertPerspective { column, entry, .. } => format!(
                "{} \u{2018}{}\u{2019} ({}){}",
                verb(&entry.id),
                column.label(),
                entry.perspective.label(),
                quote(entry.text.as_str())
            ),
            RemovePerspective { column, .. } => {
                format!("Removed an entry from \u{2018}{}\u{2019}", column.label())
            }
            UpsertProgress { .. } => "Recorded progress towards an outcome".into(),
            SetInterpreter { interpreter, .. } => match interpreter {
                Some(i) => format!(
                    "Recorded about the interpreter: \u{201c}{}\u{201d}",
                    i.label()
                ),
                None => "Cleared whether an interpreter was at the meeting".into(),
            },
            SetPfaDiscussed { discussed, .. } => if *discussed {
                "Recorded that preparing for adulthood was discussed"
            } else {
                "Recorded that preparing for adulthood was not discussed"
            }
            .into(),
            UpsertAction { action, .. } => format!(
                "{} an action{}",
                verb(&action.id),
                quote(action.what.as_str())
            ),
            RemoveAction { .. } => "Removed an action".into(),
            UpsertDisagreement { disagreement, .. } => format!(
                "{} a disagreement{}",
                verb(&disagreement.id),
                quote(disagreement.about.as_str())
            ),
            RemoveDisagreement { .. } => "Removed a disagreement".into(),
            UpsertAmendment { amendment, .. } => format!(
                "{} a proposed amendment to section {} ({}){}",
                verb(&amendment.id),
                amendment.section.as_str(),
                amendment.status.label().to_lowercase(),
                quote(amendment.proposal.as_str())
            ),
            RemoveAmendment { .. } => "Removed a proposed amendment".into(),
            SetRecommendation { recommendation, .. } => match recommendation {
                Some(r) => format!("Recommended: {}", r.decision.label().to_lowercase()),
                None => "Cleared the recommendation".into(),
            },
            UpsertAdvice { advice, .. } => {
                format!("{} advice from {}", verb(&advice.id), advice.agency.label())
            }
            RemoveAdvice { .. } => "Removed an advice request".into(),
            SetViews { field, text } => format!(
                "Changed {}{}",
                match field {
                    ViewsField::YoungPerson => "the young person's views",
                    ViewsField::Parent => "the parents' views",
                    ViewsField::Interests => "interests",
                },
                quote(text)
            ),
            SetInOwnWords { in_own_words } => if *in_own_words {
                "Marked the views as the young person's own words"
            } else {
                "Marked the views as a summary, not their own words"
            }
            .into(),
            UpsertAspiration { aspiration } => format!(
                "{} an aspiration{}",
                verb(&aspiration.id),
                quote(aspiration.text.as_str())
            ),
            RemoveAspiration { .. } => "Removed an aspiration".into(),
            UpsertNeed { section, need } => format!(
                "{} a need in section {}{}",
                verb(&need.id),
                section.as_str(),
                quote(need.description.as_str())
            ),
            RemoveNeed { .. } => "Removed a need".into(),
            UpsertOutcome { outcome } => format!(
                "{} an outcome{}",
                verb(&outcome.id),
                quote(outcome.text.as_str())
            ),
            RemoveOutcome { .. } => "Removed an outcome".into(),
            UpsertProvision { section, provision } => format!(
                "{} provision in section {}{}",
                verb(&provision.id),
                section.as_str(),
                quote(provision.description.as_str())
            ),
            RemoveProvision { .. } => "Removed provision".into(),
            SetPlacement { .. } => "Changed the placement".into(),
            SetBudgetSummary { .. } => "Changed the personal budget".into(),
            UpsertAdviceListing { listing } => {
                format!("{} advice listed in section K", verb(&listing.id))
            }
            RemoveAdviceListing { .. } => "Removed advice from section K".into(),
            UpsertContribution { contribution } => format!(
                "{} \u{2018}{}\u{2019} in the young person's space",
                verb(&contribution.id),
                contribution.kind.label()
            ),
            RemoveContribution { .. } => "Removed something from the young person's space".into(),
            RemoveParticipant { id } => format!("Removed {} from the people involved", person(id)),
            SetTransfer { transfer } => match transfer {
                Some(t) => format!(
                    "Recorded the phase transfer: {}",
                    t.kind.label().to_lowercase()
                ),
                None => "Cleared the phase transfer".into(),
            },
            SendReport {
                sent_on,
                recipient_ids,
                ..
            } => format!(
                "Sent the review report on {} to {} {}",
                sent_on.long(),
                recipient_ids.len(),
                if recipient_ids.len() == 1 {
                    "person"
                } else {
                    "people"
                }
            ),
            RecordDecision {
                decision,
                decided_on,
                ..
            } => format!(
                "Recorded the LA's decision of {}: {}",
                decided_on.long(),
                decision.label().to_lowercase()
            ),
            IssueAmendmentNotice { notice_on, .. } => format!(
                "Sent the notice of proposed amendments on {}",
                notice_on.long()
            ),
            UpsertRepresentation { representation, .. } => format!(
                "{} the family's representations{}",
                if representation.id.trim().is_empty() {
                    "Recorded"
                } else {
                    "Changed"
                },
                quote(representation.text.as_str())
            ),
            RemoveRepresentation { .. } => "Removed a representation".into(),
            IssueAmendedPlan { issued_on, .. } => format!(
                "Issued the amended plan (issue {}) dated {}",
                doc.next_issue_number().max(2),
                issued_on.long()
            ),
            CeasePlan { ceased_on, .. } => format!("Ceased the plan from {}", ceased_on.long()),
        }
    }
}
