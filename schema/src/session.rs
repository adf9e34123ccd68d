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
    /// Who the change says made it, and in what role: typed on the writing copy, so a claim.
    pub by: Option<String>,
    pub role: Option<Role>,
    pub topic: Option<Topic>,
    pub what: String,
    /// In a shared review, which copy wrote the change, as its owner-signed invitation shows;
    /// `None` for a review that is not shared, or for the starting point it was shared from.
    pub written_on: Option<WrittenOn>,
}

/// Which copy of a shared review wrote a change, verified against the invitations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WrittenOn {
    /// A member's device: the name and role its invitation gives.
    Member { name: String, role: Role },
    /// A device that is not among the review's verified members.
    NotAMember,
}

impl HistoryEntry {
    /// Who made the change, in words. In a shared review the verified copy comes first; a
    /// name or role typed on that copy that differs from its invitation is shown as a claim,
    /// so nobody can pass a change off as someone else's.
    ///
    /// ```
    /// use northstar_schema::session::{HistoryEntry, WrittenOn};
    /// use northstar_schema::Role;
    /// let mut e = HistoryEntry {
    ///     hash: "h".into(), at: 0, topic: None, what: "Decided".into(),
    ///     by: Some("Priya Shah".into()), role: Some(Role::LaCaseworker),
    ///     written_on: Some(WrittenOn::Member { name: "Dana Bello".into(), role: Role::ParentCarer }),
    /// };
    /// assert_eq!(e.who(), "Dana Bello (Parent or carer), recorded as Priya Shah (LA caseworker)");
    /// e.by = Some("Dana Bello".into());
    /// e.role = Some(Role::ParentCarer);
    /// assert_eq!(e.who(), "Dana Bello (Parent or carer)");
    /// ```
    pub fn who(&self) -> String {
        let claim = match (&self.by, self.role) {
            (Some(by), Some(role)) => Some(format!("{by} ({})", role.label())),
            (Some(by), None) => Some(by.clone()),
            _ => None,
        };
        match (&self.written_on, claim) {
            (None, Some(claim)) => claim,
            (None, None) => "Imported or created".into(),
            (Some(WrittenOn::Member { name, role }), claim) => {
                let verified = format!("{name} ({})", role.label());
                match claim {
                    Some(claim) if claim != verified => {
                        format!("{verified}, recorded as {claim}")
                    }
                    _ => verified,
                }
            }
            (Some(WrittenOn::NotAMember), Some(claim)) => {
                format!("A copy that is not a member, claiming to be {claim}")
            }
            (Some(WrittenOn::NotAMember), None) => "A copy that is not a member".into(),
        }
    }
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

/// What the window's lock screen shows: whether the data on this device is open, and if not,
/// what it takes to open it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LockState {
    /// Nothing stored yet: a passphrase is to be chosen.
    New,
    /// Data from a version that did not encrypt: a passphrase is to be chosen, then it is
    /// encrypted.
    Unencrypted,
    /// Encrypted, or the window was locked: the passphrase opens it.
    Locked,
    /// Open.
    Open,
}

/// The lock screen's state, and how long the window may sit idle before it locks itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockView {
    pub state: LockState,
    pub lock_after_minutes: u32,
}

/// How long the window waits, idle, before it locks, unless the person chooses otherwise.
pub const DEFAULT_LOCK_AFTER_MINUTES: u32 = 10;
/// The longest idle time that may be chosen: a laptop left in a meeting room must not stay
/// open all afternoon.
pub const MAX_LOCK_AFTER_MINUTES: u32 = 60;

/// One line of a review's consent and disclosure record: who it went to, when, what, and on
/// what basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    /// When, as an RFC 3339 time (UTC).
    pub at: String,
    pub to_whom: String,
    pub what: String,
    pub basis: String,
    /// Who on this device made it happen.
    pub by: String,
}
