//! Repairing what honest people editing at the same time can leave behind.
//!
//! Automerge merges every change, but the review's rules can still break. Moving a need moves
//! it from one list to another: a delete and an insert. Two people moving the same need at
//! once both delete it from Section B, and one puts it in C and the other in D, so the merged
//! review holds one need twice. Undoing the same removal on two copies at once does the same.
//! Nobody did anything wrong, so nothing is refused: every read repairs the merge the same
//! way on every copy instead ([`ReviewDocument::repair_merge`]). The first copy in plan order
//! is kept (B before C before D; F before G, H1, H2; earlier in a list before later). Every
//! copy holds the same Automerge document once it has the same changes, so every copy keeps
//! the same one. The extra copy stays in the document, unseen, until someone next edits that
//! part, when the edit removes it like any other.
//!
//! An author's own view must still follow the rules: [`duplicate_ids`] finds the ids used
//! twice straight from an Automerge document, so the engine can refuse a change that makes a
//! second copy of something its author could already see.
//!
//! ```
//! use northstar_schema::{Need, ReviewDocument, YoungPerson};
//! let mut doc = ReviewDocument::new("r1", YoungPerson::default());
//! let need = Need { id: "n1".into(), description: "Sensory needs".into(), ..Default::default() };
//! doc.plan.section_c.needs.push(need.clone());
//! doc.plan.section_d.needs.push(need);
//! let repairs = doc.repair_merge();
//! assert_eq!(doc.plan.needs().count(), 1);
//! assert_eq!(doc.plan.section_c.needs.len(), 1);
//! assert!(repairs[0].to_string().contains("Section C"), "{}", repairs[0]);
//! ```

use crate::{PlanSection, ReviewDocument};
#[cfg(feature = "automerge")]
use std::collections::BTreeSet;
use std::collections::HashSet;

/// One duplicate taken out of the review as it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeRepair {
    /// "need", "provision", "participant"…
    pub what: &'static str,
    pub id: String,
    /// For needs and provisions: the section the kept copy is in.
    pub kept_in: Option<PlanSection>,
}

impl std::fmt::Display for MergeRepair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kept_in {
            Some(section) => write!(
                f,
                "a {} was put in two places at the same time; it is kept in Section {}",
                self.what,
                section.label()
            ),
            None => write!(
                f,
                "a {} was added twice at the same time; it is kept once",
                self.what
            ),
        }
    }
}

/// Keeps the first item with each id in `items`, noting each one dropped. Items without an
/// id are left for `validate` to report.
fn keep_first<T>(
    items: &mut Vec<T>,
    seen: &mut HashSet<String>,
    id: impl Fn(&T) -> &str,
    mut dropped: impl FnMut(&str),
) {
    items.retain(|item| {
        let id = id(item);
        if id.is_empty() || seen.insert(id.to_string()) {
            return true;
        }
        dropped(id);
        false
    });
}

impl ReviewDocument {
    /// Takes out every second copy of an item with the same id, as described in the module
    /// docs, and says what it took out. Idempotent: a repaired review needs no repair.
    pub fn repair_merge(&mut self) -> Vec<MergeRepair> {
        let mut repairs = Vec::new();
        let mut note = |what: &'static str, id: &str, kept_in: Option<PlanSection>| {
            repairs.push(MergeRepair {
                what,
                id: id.to_string(),
                kept_in,
            })
        };

        // Needs and provisions move between sections, so one id is unique across them.
        let mut where_kept = std::collections::HashMap::new();
        let mut seen = HashSet::new();
        for (section, list) in [
            (PlanSection::B, &mut self.plan.section_b.needs),
            (PlanSection::C, &mut self.plan.section_c.needs),
            (PlanSection::D, &mut self.plan.section_d.needs),
        ] {
            for n in list.iter() {
                where_kept.entry(n.id.clone()).or_insert(section);
            }
            keep_first(
                list,
                &mut seen,
                |n| &n.id,
                |id| note("need", id, where_kept.get(id).copied()),
            );
        }
        let mut seen = HashSet::new();
        for (section, list) in [
            (PlanSection::F, &mut self.plan.section_f.provisions),
            (PlanSection::G, &mut self.plan.section_g.provisions),
            (PlanSection::H1, &mut self.plan.section_h1.provisions),
            (PlanSection::H2, &mut self.plan.section_h2.provisions),
        ] {
            for p in list.iter() {
                where_kept.entry(p.id.clone()).or_insert(section);
            }
            keep_first(
                list,
                &mut seen,
                |p| &p.id,
                |id| note("provision", id, where_kept.get(id).copied()),
            );
        }

        let mut seen = HashSet::new();
        keep_first(
            &mut self.participants,
            &mut seen,
            |p| &p.id,
            |id| note("participant", id, None),
        );
        let mut seen = HashSet::new();
        keep_first(
            &mut self.plan.section_e.outcomes,
            &mut seen,
            |o| &o.id,
            |id| note("outcome", id, None),
        );
        let mut seen = HashSet::new();
        keep_first(
            &mut self.plan.section_a.aspirations,
            &mut seen,
            |a| &a.id,
            |id| note("aspiration", id, None),
        );
        let mut seen = HashSet::new();
        keep_first(
            &mut self.reviews,
            &mut seen,
            |r| &r.id,
            |id| note("annual review", id, None),
        );
        let mut seen = HashSet::new();
        keep_first(
            &mut self.voice,
            &mut seen,
            |c| &c.id,
            |id| note("contribution", id, None),
        );
        repairs
    }
}

/// Plain words, for the Sharing tab, for each (kind, id) that [`duplicate_ids`] found in the
/// document behind `repaired`: what happened, and where the one copy shown is.
pub fn repair_notes<'a>(
    repaired: &ReviewDocument,
    twice: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<String> {
    let quoted = |words: &str| {
        let words = words.trim();
        match words.chars().count() {
            0 => String::new(),
            n if n > 60 => format!(
                " \u{201c}{}\u{2026}\u{201d}",
                words.chars().take(57).collect::<String>()
            ),
            _ => format!(" \u{201c}{words}\u{201d}"),
        }
    };
    twice
        .into_iter()
        .map(|(what, id)| {
            let need = repaired.plan.needs().find(|(_, n)| n.id == id);
            let provision = repaired.plan.provisions().find(|p| p.provision.id == id);
            match (what, need, provision) {
                ("need", Some((section, n)), _) => format!(
                    "Two people moved the need{} to different sections at the same time. It is kept in Section {}: check that is where it belongs.",
                    quoted(n.description.as_str()),
                    section.label()
                ),
                ("provision", _, Some(p)) => format!(
                    "Two people moved the provision{} to different sections at the same time. It is kept in Section {}: check that is where it belongs.",
                    quoted(p.provision.description.as_str()),
                    p.section.label()
                ),
                _ => format!(
                    "The same {what} was put back twice at the same time, on different computers. It is shown once."
                ),
            }
        })
        .collect()
}

#[cfg(feature = "automerge")]
/// Where each kind of item with a unique id lives: (kind, path to each list holding it).
const ID_LISTS: &[(&str, &[&[&str]])] = &[
    ("participant", &[&["participants"]]),
    (
        "need",
        &[
            &["plan", "section_b", "needs"],
            &["plan", "section_c", "needs"],
            &["plan", "section_d", "needs"],
        ],
    ),
    ("outcome", &[&["plan", "section_e", "outcomes"]]),
    (
        "provision",
        &[
            &["plan", "section_f", "provisions"],
            &["plan", "section_g", "provisions"],
            &["plan", "section_h1", "provisions"],
            &["plan", "section_h2", "provisions"],
        ],
    ),
    ("aspiration", &[&["plan", "section_a", "aspirations"]]),
    ("annual review", &[&["reviews"]]),
    ("contribution", &[&["voice"]]),
];

/// Every (kind, id) that more than one item of that kind uses, read straight from an
/// Automerge document: only the id fields, so it is cheap enough to run on every change
/// that arrives.
#[cfg(feature = "automerge")]
pub fn duplicate_ids<D: automerge::ReadDoc>(doc: &D) -> BTreeSet<(&'static str, String)> {
    use automerge::{ObjType, ScalarValue, Value, ROOT};
    let child = |obj: &automerge::ObjId, key: &str| match doc.get(obj, key).ok()? {
        Some((Value::Object(_), id)) => Some(id),
        _ => None,
    };
    let mut twice = BTreeSet::new();
    for (kind, lists) in ID_LISTS {
        let mut seen = HashSet::new();
        for path in *lists {
            let mut obj = ROOT;
            let found = path.iter().all(|key| match child(&obj, key) {
                Some(next) => {
                    obj = next;
                    true
                }
                None => false,
            });
            if !found || doc.object_type(&obj).ok() != Some(ObjType::List) {
                continue;
            }
            for i in 0..doc.length(&obj) {
                let Ok(Some((Value::Object(ObjType::Map), item))) = doc.get(&obj, i) else {
                    continue;
                };
                if let Ok(Some((Value::Scalar(s), _))) = doc.get(&item, "id") {
                    if let ScalarValue::Str(id) = s.as_ref() {
                        if !id.is_empty() && !seen.insert(id.to_string()) {
                            twice.insert((*kind, id.to_string()));
                        }
                    }
                }
            }
        }
    }
    twice
}
