//! Amendments as concrete changes to the plan, and what changed between two issues of it.
//!
//! An [`Amendment`] says which item of which section it changes ([`ChangeKind`]: reword,
//! add or remove) and the words before and after. Issuing the amended plan makes each change
//! through the ordinary edits ([`ReviewEdit::UpsertOutcome`], [`ReviewEdit::RemoveNeed`]…),
//! so links in the golden thread stay sound exactly as when someone edits the plan by hand.
//!
//! ```
//! use northstar_schema::edit::compare_plans;
//! use northstar_schema::{Outcome, Plan, PlanSection};
//! let mut before = Plan::default();
//! before.section_e.outcomes.push(Outcome { id: "o1".into(), text: "Read 20 words".into(), ..Default::default() });
//! let mut after = before.clone();
//! after.section_e.outcomes[0].text = "Read 50 words".into();
//! let diff = compare_plans(&before, &after);
//! assert_eq!(diff.len(), 1);
//! assert_eq!(diff[0].section, PlanSection::E);
//! assert_eq!(diff[0].before.as_deref(), Some("Read 20 words"));
//! assert_eq!(diff[0].after.as_deref(), Some("Read 50 words"));
//! ```

use super::ReviewEdit;
use crate::{
    AdviceListing, Amendment, Aspiration, ChangeKind, Need, Outcome, Plan, PlanSection, Provision,
    ReviewDocument, SchemaError, SECTION_FIELD,
};
use serde::{Deserialize, Serialize};

/// One difference between two issues of a plan, for showing side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    pub section: PlanSection,
    /// What kind of item: "Outcome", "Provision", "Placement".
    pub what: String,
    /// `None` when the item was added.
    pub before: Option<String>,
    /// `None` when the item was removed.
    pub after: Option<String>,
}

/// Every item added, removed or changed from `old` to `new`, section by section in plan
/// order. Items are matched by id, so a reworded item is one change, not a removal and an
/// addition.
pub fn compare_plans(old: &Plan, new: &Plan) -> Vec<Difference> {
    let mut out = Vec::new();
    for section in PlanSection::ALL.iter().copied() {
        let before = old.items(section);
        let after = new.items(section);
        for b in &before {
            match after.iter().find(|a| a.id == b.id) {
                Some(a) if a.detail != b.detail => out.push(Difference {
                    section,
                    what: b.what.into(),
                    before: Some(b.detail.clone()),
                    after: Some(a.detail.clone()),
                }),
                Some(_) => {}
                None => out.push(Difference {
                    section,
                    what: b.what.into(),
                    before: Some(b.detail.clone()),
                    after: None,
                }),
            }
        }
        for a in after
            .iter()
            .filter(|a| !before.iter().any(|b| b.id == a.id))
        {
            out.push(Difference {
                section,
                what: a.what.into(),
                before: None,
                after: Some(a.detail.clone()),
            });
        }
    }
    out
}

/// Whether a section addresses its content as one section-level field rather than items.
fn section_level(section: PlanSection) -> bool {
    matches!(section, PlanSection::I | PlanSection::J)
}

fn refused(message: String) -> SchemaError {
    SchemaError::Refused(message)
}

/// Checks a proposed change against the plan as it is now, and fills in the words before it
/// from the plan. A change still being written (no item chosen yet, no new words yet) is
/// allowed, so it can be saved as it is typed; issuing the plan says plainly what is missing.
/// Changes described only in words are not checked.
pub(super) fn check_proposal(plan: &Plan, amendment: &mut Amendment) -> Result<(), SchemaError> {
    let section = amendment.section;
    let name = section.label();
    match amendment.change {
        ChangeKind::Unspecified => Ok(()),
        ChangeKind::Add => {
            if section_level(section) {
                return Err(refused(format!(
                    "Section {name} has no list to add to: change its words instead"
                )));
            }
            amendment.item_id = None;
            Ok(())
        }
        ChangeKind::Reword | ChangeKind::Remove => {
            if amendment.change == ChangeKind::Remove && section_level(section) {
                return Err(refused(format!(
                    "Section {name} cannot be removed from a plan: change its words instead"
                )));
            }
            if section_level(section) {
                amendment.item_id = Some(SECTION_FIELD.into());
            }
            let Some(id) = amendment.item_id.as_deref() else {
                return Ok(());
            };
            let item = plan.item(section, id).ok_or_else(|| {
                refused(format!(
                    "Section {name} has no such item: choose one of its items for the amendment to change"
                ))
            })?;
            if amendment.before.trim().is_empty() {
                amendment.before = item.text;
            }
            Ok(())
        }
    }
}

/// Makes one amendment's change to `doc`. The error is the plain-words reason it could not be
/// made, kept on the amendment.
pub(super) fn make_change(
    doc: &mut ReviewDocument,
    amendment: &Amendment,
    new_id: &mut dyn FnMut() -> String,
) -> Result<(), String> {
    let section = amendment.section;
    let name = section.label();
    let after = amendment.after.trim().to_string();
    let gone = || {
        format!(
            "the item this amendment changes is no longer in Section {name}: someone removed or moved it after the amendment was proposed. Propose the change again against the plan as it is now"
        )
    };
    let item_id = amendment.item_id.clone().unwrap_or_default();
    if after.is_empty() && matches!(amendment.change, ChangeKind::Reword | ChangeKind::Add) {
        return Err(format!(
            "the amendment to Section {name} does not yet say the new words; add them, then issue again"
        ));
    }
    if item_id.is_empty()
        && matches!(amendment.change, ChangeKind::Reword | ChangeKind::Remove)
        && !section_level(section)
    {
        return Err(format!(
            "the amendment does not yet say which item of Section {name} it changes; choose it, then issue again"
        ));
    }
    let plan = &doc.plan;
    let edit = match (amendment.change, section) {
        (ChangeKind::Unspecified, _) => {
            return Err(
                "this amendment says what to change only in words, so Northstar could not make it. Give it its exact change (which item, and the new words), or make the change in the plan, then issue again"
                    .into(),
            )
        }
        (ChangeKind::Reword, PlanSection::I) => {
            let mut placement = plan.section_i.clone();
            placement.setting_name = Some(after);
            ReviewEdit::SetPlacement { placement }
        }
        (ChangeKind::Reword, PlanSection::J) => ReviewEdit::SetBudgetSummary { text: after },
        (ChangeKind::Reword, PlanSection::A) => match item_id.as_str() {
            "young-person-views" | "parent-views" | "interests" => ReviewEdit::SetViews {
                field: match item_id.as_str() {
                    "young-person-views" => super::ViewsField::YoungPerson,
                    "parent-views" => super::ViewsField::Parent,
                    _ => super::ViewsField::Interests,
                },
                text: after,
            },
            _ => {
                let mut a = find(&plan.section_a.aspirations, &item_id, |a| &a.id).ok_or_else(gone)?;
                a.text = after.into();
                ReviewEdit::UpsertAspiration { aspiration: a }
            }
        },
        (ChangeKind::Reword, PlanSection::B | PlanSection::C | PlanSection::D) => {
            let mut need = plan
                .needs()
                .find(|(s, n)| *s == section && n.id == item_id)
                .map(|(_, n)| n.clone())
                .ok_or_else(gone)?;
            need.description = after.into();
            ReviewEdit::UpsertNeed { section, need }
        }
        (ChangeKind::Reword, PlanSection::E) => {
            let mut outcome = find(&plan.section_e.outcomes, &item_id, |o| &o.id).ok_or_else(gone)?;
            outcome.text = after.into();
            ReviewEdit::UpsertOutcome { outcome }
        }
        (ChangeKind::Reword, PlanSection::F | PlanSection::G | PlanSection::H1 | PlanSection::H2) => {
            let mut provision = plan
                .provisions()
                .find(|p| p.section == section && p.provision.id == item_id)
                .map(|p| p.provision.clone())
                .ok_or_else(gone)?;
            provision.description = after.into();
            ReviewEdit::UpsertProvision { section, provision }
        }
        (ChangeKind::Reword, PlanSection::K) => {
            let mut listing = find(&plan.section_k.advice, &item_id, |k| &k.id).ok_or_else(gone)?;
            listing.title = after;
            ReviewEdit::UpsertAdviceListing { listing }
        }
        (ChangeKind::Add, PlanSection::A) => ReviewEdit::UpsertAspiration {
            aspiration: Aspiration {
                text: after.into(),
                ..Default::default()
            },
        },
        (ChangeKind::Add, PlanSection::B | PlanSection::C | PlanSection::D) => {
            ReviewEdit::UpsertNeed {
                section,
                need: Need {
                    description: after.into(),
                    ..Default::default()
                },
            }
        }
        (ChangeKind::Add, PlanSection::E) => ReviewEdit::UpsertOutcome {
            outcome: Outcome {
                text: after.into(),
                ..Default::default()
            },
        },
        (ChangeKind::Add, PlanSection::F | PlanSection::G | PlanSection::H1 | PlanSection::H2) => {
            ReviewEdit::UpsertProvision {
                section,
                provision: Provision {
                    description: after.into(),
                    ..Default::default()
                },
            }
        }
        (ChangeKind::Add, PlanSection::K) => ReviewEdit::UpsertAdviceListing {
            listing: AdviceListing {
                title: after,
                ..Default::default()
            },
        },
        (ChangeKind::Remove, _) => {
            if plan.item(section, &item_id).is_none() {
                return Err(gone());
            }
            match section {
                PlanSection::A => ReviewEdit::RemoveAspiration { id: item_id },
                PlanSection::B | PlanSection::C | PlanSection::D => {
                    ReviewEdit::RemoveNeed { id: item_id }
                }
                PlanSection::E => ReviewEdit::RemoveOutcome { id: item_id },
                PlanSection::K => ReviewEdit::RemoveAdviceListing { id: item_id },
                PlanSection::F | PlanSection::G | PlanSection::H1 | PlanSection::H2 => {
                    ReviewEdit::RemoveProvision { id: item_id }
                }
                PlanSection::I | PlanSection::J => {
                    return Err(format!("Section {name} cannot be removed from a plan"))
                }
            }
        }
        (ChangeKind::Add, PlanSection::I | PlanSection::J) => {
            return Err(format!("Section {name} has no list to add to"))
        }
    };
    // Only the plan's own edits are made here; none of them touch reviews or the issue list.
    edit.apply(doc, new_id).map_err(|e| e.to_string())
}

fn find<T: Clone>(list: &[T], id: &str, key: impl Fn(&T) -> &String) -> Option<T> {
    list.iter().find(|x| key(x) == id).cloned()
}
