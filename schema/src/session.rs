//! What the desktop engine and its window say to each other about a working session:
//! who is at the keyboard, what a save answers, and history lines. Defined once here so
//! the engine and the UI cannot drift apart.

use crate::edit::Topic;
use crate::{ReviewDocument, Role};
use serde::{Deserialize, Serialize};

/// Who is making changes on this device; stamped on every change they make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Author {
    pub name: String,
    pub role: Role,
}

impl Default for Author {
    fn default() -> Self {
        Author {
            name: "Northstar user".into(),
            role: Role::Senco,
        }
    }
}

/// The message of one Automerge change made through the workspace, stored in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeNote {
    pub by: String,
    pub role: Role,
    pub topic: Topic,
    pub what: String,
}

/// One line of a review's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The change's hash: ask for the version at it to see the document as it was.
    pub hash: String,
    /// Seconds since 1970 (UTC), as the writing device's clock had it.
    pub at: i64,
    pub by: Option<String>,
    pub role: Option<Role>,
    pub topic: Option<Topic>,
    pub what: String,
}

/// A review as saved, with what Undo and Redo would do now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edited {
    pub review: ReviewDocument,
    /// What Undo would undo ("Added an action"), or `None` when there is nothing to undo.
    pub undo: Option<String>,
    pub redo: Option<String>,
}

/// Changes to a review that its window has not been shown yet: made on another device and
/// brought in by sync (or by another program on this computer), never the window's own edits.
/// The window asks for this every few seconds and loads the review again when `changed`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangesElsewhere {
    pub changed: bool,
    /// Who made them, as their changes name them, each once, in the order they were made.
    /// Empty when no change says (such as a device joining).
    pub by: Vec<String>,
}
