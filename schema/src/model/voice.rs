//! The young person's own contributions, kept apart from everyone else's and attributed.

use crate::{AttachmentKind, CoText, ContributionKind, Date};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Something the young person said, wrote, drew or recorded, in their own words.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Contribution {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    pub kind: ContributionKind,
    pub text: CoText,
    /// The participant who made it (normally the young person).
    pub author_id: Option<String>,
    /// Someone who helped write it down, if anyone; the words stay the young person's.
    pub scribe_id: Option<String>,
    pub recorded_on: Option<Date>,
    /// Symbols or emoji the young person chose to go with it.
    pub symbols: Vec<String>,
    pub attachments: Vec<Attachment>,
}

/// A drawing, photo or voice note, stored once as a content-addressed blob.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Attachment {
    /// Lowercase hex SHA-256 of the bytes; the blob store's key.
    #[cfg_attr(feature = "automerge", key)]
    pub sha256: String,
    pub kind: AttachmentKind,
    pub media_type: String,
    pub byte_len: u64,
    pub caption: Option<String>,
}

/// All the young person's space may show: their name and their own contributions.
///
/// The engine hands the young person's screen only this, never the whole document, so other
/// people's sensitive sections (health, social care, advice) are not even in the window.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct YoungPersonSpace {
    pub review_id: String,
    /// The name they like to be called.
    pub first_name: String,
    /// The participant the contributions are credited to, if the young person is one.
    pub author_id: Option<String>,
    pub contributions: Vec<Contribution>,
    /// Open in easy read: their communication needs ask for easy read or symbols.
    #[serde(default)]
    pub easy_read: bool,
}

impl YoungPersonSpace {
    pub fn of(doc: &crate::ReviewDocument) -> YoungPersonSpace {
        let yp = &doc.young_person;
        YoungPersonSpace {
            review_id: doc.id.clone(),
            first_name: yp
                .preferred_name
                .as_deref()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or(&yp.given_name)
                .trim()
                .to_string(),
            author_id: doc
                .participants
                .iter()
                .find(|p| p.role == crate::Role::YoungPerson)
                .map(|p| p.id.clone()),
            contributions: doc.voice.clone(),
            easy_read: crate::easy_read::preferred(doc),
        }
    }
}
