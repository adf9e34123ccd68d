//! The meeting workspace's engine: the store, plus who is at the keyboard and undo/redo.
//!
//! The desktop window holds one [`Workspace`]; each Tauri command calls one method here.
//! Everything a command returns is what the screen needs next, so the UI never has to work
//! anything out itself: an [`Edited`] carries the saved review and the labels of the Undo and
//! Redo buttons.

mod undo;

use crate::{EngineError, Result, Store};
use automerge::ChangeHash;
use northstar_schema::edit::ReviewEdit;
use northstar_schema::session::{Author, ChangeNote, ChangesElsewhere, Edited};
use northstar_schema::{
    Attachment, AttachmentKind, NewChild, Participant, ReviewDocument, YoungPersonSpace,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Instant;

pub use undo::UndoHistory;

/// The largest drawing, photo or voice note the young person's space accepts: what one sync
/// envelope can carry (8 MB, less room for the envelope itself), so every attachment travels.
pub const ATTACHMENT_LIMIT_BYTES: u64 = 8 * 1024 * 1024 - 64 * 1024;

const AUTHOR_KEY: &str = "author";

/// A file the young person attaches to one of their contributions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewAttachment {
    pub contribution_id: String,
    pub kind: AttachmentKind,
    pub media_type: String,
    pub caption: Option<String>,
}

/// The names that changes' messages give (see [`ChangeNote`]), each once, first seen first.
fn authors<'a>(messages: impl Iterator<Item = Option<&'a str>>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for message in messages.flatten() {
        if let Ok(note) = serde_json::from_str::<ChangeNote>(message) {
            let name = note.by.trim();
            if !name.is_empty() && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// The engine behind one desktop window.
pub struct Workspace {
    store: Store,
    undo: UndoHistory<ReviewDocument>,
    author: Author,
    /// Per review, the heads of the copy the window last loaded (or has since been told
    /// holds nothing new from elsewhere): what [`Workspace::changes_elsewhere`] compares with.
    shown: HashMap<String, Vec<ChangeHash>>,
}

impl Workspace {
    pub fn new(store: Store) -> Result<Workspace> {
        let author = match store.meta(AUTHOR_KEY)? {
            Some(json) => serde_json::from_str(&json).unwrap_or_default(),
            None => Author::default(),
        };
        Ok(Workspace {
            store,
            undo: UndoHistory::default(),
            author,
            shown: HashMap::new(),
        })
    }

    /// Erases review `id` from this device, and its relay log if this device shares it as
    /// the owner (see [`crate::sync::erase`]). `confirm` must be the child's name as the
    /// caseload shows it, so a slip of the mouse erases nothing.
    pub fn erase_child(
        &mut self,
        id: &str,
        confirm: &str,
        this_device_only: bool,
    ) -> Result<crate::Erased> {
        self.confirm_name(id, confirm)?;
        let erased = crate::sync::erase_with_usual_relay(&mut self.store, id, this_device_only)?;
        self.undo.forget(id);
        self.shown.remove(id);
        Ok(erased)
    }

    /// Checks that `confirm` is review `id`'s child's name as the caseload shows it (spaces
    /// and capitals aside), before anything is erased.
    fn confirm_name(&mut self, id: &str, confirm: &str) -> Result<()> {
        let name = self.store.get(id)?.young_person.display_name();
        let words = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        if words(confirm) != words(&name) {
            return Err(crate::EngineError::Refused(format!(
                "type the child's name, {name}, exactly as shown, to confirm; nothing was erased"
            )));
        }
        Ok(())
    }

    /// Erases review `id`'s history, keeping it as it reads now (see
    /// [`crate::sync::erase_history`]: a shared review's other copies are replaced through
    /// the owner's next sync); `confirm` is the child's name, as for erasing the child.
    pub fn erase_history(&mut self, id: &str, confirm: &str) -> Result<Edited> {
        self.confirm_name(id, confirm)?;
        self.store.check_not_archived(id)?;
        let author = self.author.clone();
        crate::sync::erase_history(&mut self.store, id, &author)?;
        // Undo would bring back what was erased.
        self.undo.forget(id);
        self.shown.remove(id);
        self.review(id)
    }

    /// Moves review `id` out of the working caseload, read-only, today, in this person's name.
    pub fn archive(
        &mut self,
        id: &str,
        reason: northstar_schema::ArchiveReason,
    ) -> Result<northstar_schema::Archived> {
        let by = self.author.name.clone();
        self.store.archive(
            id,
            reason,
            &by,
            northstar_schema::Date(crate::store::today()),
        )
    }

    /// Puts an archived review back in the working caseload.
    pub fn unarchive(&mut self, id: &str) -> Result<()> {
        self.store.unarchive(id)
    }

    pub fn store(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn author(&self) -> &Author {
        &self.author
    }

    /// Changes who later edits are credited to, on this device.
    pub fn set_author(&mut self, author: Author) -> Result<Author> {
        let name = author.name.trim();
        if name.is_empty() {
            return Err(EngineError::Refused(
                "please give your name, so others can see who made each change".into(),
            ));
        }
        let author = Author {
            name: name.to_string(),
            role: author.role,
        };
        self.store
            .set_meta(AUTHOR_KEY, &serde_json::to_string(&author)?)?;
        self.author = author.clone();
        Ok(author)
    }

    /// Records changes as `author` for this session only, without remembering it (the
    /// command line's `--as`).
    pub fn set_author_for_session(&mut self, author: Author) -> Result<()> {
        if author.name.trim().is_empty() {
            return Err(EngineError::Refused(
                "please give your name, so others can see who made each change".into(),
            ));
        }
        self.author = author;
        Ok(())
    }

    fn edited(&self, review: ReviewDocument) -> Edited {
        Edited {
            undo: self.undo.next_undo(&review.id).map(str::to_string),
            redo: self.undo.next_redo(&review.id).map(str::to_string),
            review,
        }
    }

    pub fn review(&mut self, id: &str) -> Result<Edited> {
        // Heads before the read: if a sync lands in between, the window is told about it once
        // more (and reloads what it already shows) rather than never.
        let heads = self.store.with_doc(id, |doc| doc.get_heads())?;
        let review = self.store.get(id)?;
        self.shown.insert(id.to_string(), heads);
        Ok(self.edited(review))
    }

    /// Whether review `id` holds changes from elsewhere that the window has not loaded:
    /// someone else's edits that the background sync brought in. The window's own edits
    /// never count (their answers carry them). Cheap when nothing changed: one query.
    pub fn changes_elsewhere(&mut self, id: &str) -> Result<ChangesElsewhere> {
        let Some(shown) = self.shown.get(id).cloned() else {
            return Ok(ChangesElsewhere::default());
        };
        let found = self.store.with_doc(id, |doc| {
            let heads = doc.get_heads();
            if heads == shown {
                return (heads, None);
            }
            let own = doc.get_actor().clone();
            let messages: Vec<Option<String>> = doc
                .get_changes_meta(&shown)
                .into_iter()
                .filter(|c| *c.actor != own)
                .map(|c| c.message.map(|m| m.into_owned()))
                .collect();
            (heads, Some(messages))
        })?;
        match found {
            (_, Some(messages)) if !messages.is_empty() => Ok(ChangesElsewhere {
                changed: true,
                by: authors(messages.iter().map(Option::as_deref)),
            }),
            // Only this window's own edits since: nothing to load, and no need to look again.
            (heads, _) => {
                self.shown.insert(id.to_string(), heads);
                Ok(ChangesElsewhere::default())
            }
        }
    }

    /// Applies one edit as one change, and makes it undoable.
    pub fn edit(&mut self, id: &str, edit: &ReviewEdit) -> Result<Edited> {
        self.store.check_not_archived(id)?;
        if edit.la_only() && self.author.role != northstar_schema::Role::LaCaseworker {
            return Err(EngineError::Refused(format!(
                "only the LA caseworker records the LA's decision and what follows it. Changes on this computer are recorded as {} ({}); if you are the caseworker, change \u{201c}Changes are recorded as\u{201d} on the caseload",
                self.author.name,
                self.author.role.label()
            )));
        }
        let before = self.store.get(id)?;
        let label = edit.describe(&before);
        let after = self.store.apply_edit(id, edit, &self.author)?;
        self.undo
            .record(id, before, edit.undo_key(), label, Instant::now());
        Ok(self.edited(after))
    }

    /// Keeps one of the values two people gave a field at the same time (see
    /// [`crate::sync::conflicts`]), as an edit in this person's name.
    pub fn settle_conflict(
        &mut self,
        id: &str,
        path: &[northstar_schema::sync::ConflictStep],
        shown: &str,
    ) -> Result<Edited> {
        self.store.check_not_archived(id)?;
        let note = ChangeNote {
            by: self.author.name.clone(),
            role: self.author.role,
            topic: northstar_schema::edit::Topic::default(),
            what: crate::sync::settled_words(path, shown),
        };
        let message = serde_json::to_string(&note)?;
        let review = crate::sync::settle(&mut self.store, id, path, shown, &message)?;
        Ok(self.edited(review))
    }

    /// Puts the review back as it was before the last edit made here.
    pub fn undo(&mut self, id: &str) -> Result<Edited> {
        self.store.check_not_archived(id)?;
        let current = self.store.get(id)?;
        let step = self
            .undo
            .undo(id, current, Instant::now())
            .ok_or(EngineError::NothingTo("undo"))?;
        match self.write_back(&step.before, &format!("Undid: {}", step.label)) {
            Ok(review) => Ok(self.edited(review)),
            Err(e) => {
                self.undo.restore_undo(id, step);
                Err(e)
            }
        }
    }

    /// Does again what the last undo undid.
    pub fn redo(&mut self, id: &str) -> Result<Edited> {
        self.store.check_not_archived(id)?;
        let current = self.store.get(id)?;
        let step = self
            .undo
            .redo(id, current, Instant::now())
            .ok_or(EngineError::NothingTo("redo"))?;
        match self.write_back(&step.before, &format!("Redid: {}", step.label)) {
            Ok(review) => Ok(self.edited(review)),
            Err(e) => {
                self.undo.restore_redo(id, step);
                Err(e)
            }
        }
    }

    fn write_back(&mut self, version: &ReviewDocument, what: &str) -> Result<ReviewDocument> {
        let note = ChangeNote {
            by: self.author.name.clone(),
            role: self.author.role,
            topic: northstar_schema::edit::Topic::Details,
            what: what.to_string(),
        };
        self.store
            .save_model(version, &serde_json::to_string(&note)?)
    }

    /// Opens a plan for a new child. The person creating it joins it in their role.
    pub fn create_child(&mut self, child: NewChild) -> Result<String> {
        let id = uuid::Uuid::new_v4().to_string();
        let mut doc = child.into_document(id, crate::store::today())?;
        doc.participants.push(Participant {
            id: uuid::Uuid::new_v4().to_string(),
            name: self.author.name.clone(),
            role: self.author.role,
            organisation: None,
            removed: false,
            email: None,
        });
        self.store.create(&doc)
    }

    /// Only what the young person's own screen may show.
    pub fn young_person_space(&mut self, id: &str) -> Result<YoungPersonSpace> {
        Ok(YoungPersonSpace::of(&self.store.get(id)?))
    }

    /// Applies an edit from the young person's space, answering with the space only.
    pub fn edit_young_person_space(
        &mut self,
        id: &str,
        edit: &ReviewEdit,
    ) -> Result<YoungPersonSpace> {
        self.store.check_not_archived(id)?;
        if !matches!(
            edit,
            ReviewEdit::UpsertContribution { .. } | ReviewEdit::RemoveContribution { .. }
        ) {
            return Err(EngineError::Refused(
                "the young person's space can only change the young person's own words".into(),
            ));
        }
        let edited = self.edit(id, edit)?;
        Ok(YoungPersonSpace::of(&edited.review))
    }

    /// Stores a drawing, photo or voice note and attaches it to one contribution.
    pub fn attach(
        &mut self,
        id: &str,
        attachment: NewAttachment,
        bytes: &[u8],
    ) -> Result<YoungPersonSpace> {
        self.store.check_not_archived(id)?;
        let size = bytes.len() as u64;
        if size > ATTACHMENT_LIMIT_BYTES {
            return Err(EngineError::AttachmentTooLarge {
                size_mb: size.div_ceil(1024 * 1024),
                limit_mb: ATTACHMENT_LIMIT_BYTES.div_ceil(1024 * 1024),
            });
        }
        if size == 0 {
            return Err(EngineError::Refused("that file is empty".into()));
        }
        let doc = self.store.get(id)?;
        let mut contribution = doc
            .voice
            .iter()
            .find(|c| c.id == attachment.contribution_id)
            .cloned()
            .ok_or_else(|| {
                EngineError::Refused(
                    "that part of the young person's space is no longer there".into(),
                )
            })?;
        let sha256 = self.store.put_blob(bytes, &attachment.media_type)?;
        if !contribution.attachments.iter().any(|a| a.sha256 == sha256) {
            contribution.attachments.push(Attachment {
                sha256,
                kind: attachment.kind,
                media_type: attachment.media_type,
                byte_len: size,
                caption: attachment.caption.filter(|c| !c.trim().is_empty()),
            });
        }
        self.edit_young_person_space(id, &ReviewEdit::UpsertContribution { contribution })
    }
}
