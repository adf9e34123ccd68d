//! Writing an edited review back into its Automerge document, touching only what changed.
//!
//! `autosurgeon::reconcile` walks the whole document and diffs every text field, which costs
//! several milliseconds for a review with a few years of history. An edit usually changes one
//! field, so [`reconcile_edit`] compares the model before and after the edit and reconciles
//! only the subtrees that differ. The result is the same document `reconcile` would produce,
//! provided `before` is what the document currently holds.
//!
//! ```
//! use northstar_schema::{reconcile_edit, read_document, ReviewDocument, YoungPerson};
//!
//! let before = ReviewDocument::new("rev-1", YoungPerson::default());
//! let mut doc = automerge::AutoCommit::new();
//! autosurgeon::reconcile(&mut doc, &before).unwrap();
//!
//! let mut after = before.clone();
//! after.plan.section_a.interests = "Trains and drawing".into();
//! reconcile_edit(&mut doc, &before, &after).unwrap();
//! assert_eq!(read_document(&doc).unwrap(), after);
//! ```

use crate::{AnnualReview, Plan, ReviewDocument};
use automerge::{ObjId, ObjType, Value, ROOT};
use autosurgeon::{reconcile_prop, Doc, ReadDoc, ReconcileError};

/// Reconciles each listed field of `$after` that differs from `$before` under `$obj`, and skips
/// the `$skip` fields (handled by the caller). Every field of `$ty` must be named: the
/// exhaustive pattern makes a newly added field a compile error instead of an edit that is
/// silently never saved.
macro_rules! reconcile_changed_fields {
    ($doc:ident, $obj:expr, $before:ident, $after:ident,
     $ty:ident { $($f:ident),* $(,)? } $(skip { $($skip:ident),* })?) => {{
        let $ty { $($f: _,)* $($($skip: _,)*)? } = $after;
        $(
            if $before.$f != $after.$f {
                reconcile_prop($doc, $obj, stringify!($f), &$after.$f)?;
            }
        )*
    }};
}

/// Reconciles `after` into `doc`, which must currently hold `before`.
pub fn reconcile_edit<D: Doc>(
    doc: &mut D,
    before: &ReviewDocument,
    after: &ReviewDocument,
) -> Result<(), ReconcileError> {
    reconcile_changed_fields!(doc, ROOT, before, after,
        ReviewDocument { schema_version, id, young_person, participants, voice, members, issues }
        skip { plan, reviews });

    if before.plan != after.plan {
        match child_object(doc, &ROOT, "plan", ObjType::Map) {
            Some(plan) => reconcile_plan(doc, &plan, &before.plan, &after.plan)?,
            None => reconcile_prop(doc, ROOT, "plan", &after.plan)?,
        }
    }

    if before.reviews != after.reviews {
        let same_reviews = before.reviews.len() == after.reviews.len()
            && before
                .reviews
                .iter()
                .zip(&after.reviews)
                .all(|(b, a)| b.id == a.id);
        match child_object(doc, &ROOT, "reviews", ObjType::List) {
            Some(list) if same_reviews && doc.length(&list) == after.reviews.len() => {
                for (i, (b, a)) in before.reviews.iter().zip(&after.reviews).enumerate() {
                    if b == a {
                        continue;
                    }
                    match doc.get(&list, i).ok().flatten() {
                        Some((Value::Object(ObjType::Map), review)) => {
                            reconcile_review(doc, &review, b, a)?
                        }
                        _ => reconcile_prop(doc, &list, i, a)?,
                    }
                }
            }
            // Reviews added, removed or reordered: let autosurgeon match them up by id.
            _ => reconcile_prop(doc, ROOT, "reviews", &after.reviews)?,
        }
    }
    Ok(())
}

fn reconcile_plan<D: Doc>(
    doc: &mut D,
    obj: &ObjId,
    before: &Plan,
    after: &Plan,
) -> Result<(), ReconcileError> {
    reconcile_changed_fields!(
        doc,
        obj,
        before,
        after,
        Plan {
            issued_on,
            last_amended_on,
            section_a,
            section_b,
            section_c,
            section_d,
            section_e,
            section_f,
            section_g,
            section_h1,
            section_h2,
            section_i,
            section_j,
            section_k,
            transfer,
        }
    );
    Ok(())
}

fn reconcile_review<D: Doc>(
    doc: &mut D,
    obj: &ObjId,
    before: &AnnualReview,
    after: &AnnualReview,
) -> Result<(), ReconcileError> {
    reconcile_changed_fields!(
        doc,
        obj,
        before,
        after,
        AnnualReview {
            id,
            meeting_date,
            attendance,
            record,
            actions,
            disagreements,
            advice,
            amendments,
            progress,
            pfa_discussed,
            interpreter,
            recommendation,
            la_decision,
            report_sent_on,
            report_sent_to,
            representations,
        }
    );
    Ok(())
}

fn child_object<D: ReadDoc>(doc: &D, parent: &ObjId, key: &str, kind: ObjType) -> Option<ObjId> {
    match doc.get(parent, key).ok()?? {
        (Value::Object(k), id) if k == kind => Some(id),
        _ => None,
    }
}
