//! Concurrent values on one field, as people see them: where in the review, and each value
//! with who wrote it, so someone can choose one. Automerge keeps every concurrent value and
//! quietly shows one; Northstar never lets the other disappear unseen.
//!
//! ```
//! use northstar_schema::sync::{place_of, ConflictStep};
//! let path = [
//!     ConflictStep::Key("plan".into()),
//!     ConflictStep::Key("section_f".into()),
//!     ConflictStep::Key("provisions".into()),
//!     ConflictStep::Index(1),
//!     ConflictStep::Key("frequency".into()),
//! ];
//! assert_eq!(place_of(&path), "Section F: Special educational provision, provisions, item 2, frequency");
//! ```

use super::permissions::{Area, PathKey};
use crate::Role;
use serde::{Deserialize, Serialize};

/// One step from the document root to the field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictStep {
    Key(String),
    Index(usize),
}

/// One of the values written at the same time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictValue {
    /// The value as text, as the review shows it ("(blank)" for an empty one).
    pub shown: String,
    /// Who wrote it: a member's name, "you", or "someone not in the members list".
    pub by: String,
    pub role: Option<Role>,
}

/// A field that two or more people changed at the same time, to different values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub path: Vec<ConflictStep>,
    /// Where it is, in plain words.
    pub place: String,
    /// The value the review shows now comes first.
    pub values: Vec<ConflictValue>,
}

/// Plain words for where `path` is: the part of the review, then positions and field names.
pub fn place_of(path: &[ConflictStep]) -> String {
    let keys: Vec<PathKey<'_>> = path
        .iter()
        .map(|s| match s {
            ConflictStep::Key(k) => PathKey::Key(k),
            ConflictStep::Index(_) => PathKey::Index,
        })
        .collect();
    let area = Area::of_path(&keys);
    let mut words = vec![capitalised(&area.label())];
    // The steps that name the area are said by its label already.
    let skip = match path.first() {
        Some(ConflictStep::Key(k)) if k == "plan" => 2,
        Some(ConflictStep::Key(k)) if k == "reviews" && area == Area::Meeting => 2,
        Some(ConflictStep::Key(k)) if k == "reviews" => 3,
        _ => 1,
    };
    for step in path.iter().skip(skip) {
        words.push(match step {
            ConflictStep::Key(k) => k.replace('_', " "),
            ConflictStep::Index(i) => format!("item {}", i + 1),
        });
    }
    words.join(", ")
}

fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> ConflictStep {
        ConflictStep::Key(k.into())
    }

    #[test]
    fn places_read_as_words_people_know() {
        assert_eq!(
            place_of(&[key("young_person"), key("setting")]),
            "The young person's details, setting"
        );
        assert_eq!(
            place_of(&[key("reviews"), ConflictStep::Index(0), key("meeting_date")]),
            "The review meeting record, meeting date"
        );
        assert_eq!(
            place_of(&[
                key("reviews"),
                ConflictStep::Index(0),
                key("la_decision"),
                key("decision")
            ]),
            "The LA's decision, decision"
        );
    }
}
