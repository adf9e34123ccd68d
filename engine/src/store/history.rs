//! Who changed what, when: read back from the Automerge changes themselves.
//!
//! Every edit made through [`Store::apply_edit`] commits one Automerge change whose message
//! is a small JSON [`ChangeNote`] (who, in what role, which part of the review, and what, in
//! plain words). In a shared review that message is only a claim: the copy that wrote each
//! change is read from its actor id and the members' owner-signed invitations, and history
//! shows that first. History is therefore part of the document: it syncs with it, survives
//! compaction (a snapshot keeps every change), and needs no table of its own. Older changes
//! with a plain-text message (imports, the CLI) still show, with the author unknown.

use super::Store;
use crate::{EngineError, Result};
use automerge::ChangeHash;
use northstar_schema::edit::ReviewEdit;
use northstar_schema::session::{Author, ChangeNote, HistoryEntry};
use northstar_schema::ReviewDocument;
use std::str::FromStr;

impl Store {
    /// Applies one person's edit as one Automerge change, stamped with who made it.
    pub fn apply_edit(
        &mut self,
        id: &str,
        edit: &ReviewEdit,
        author: &Author,
    ) -> Result<ReviewDocument> {
        let before = self.get(id)?;
        if let ReviewEdit::IssueAmendedPlan {
            review_id,
            issued_on,
        } = edit
        {
            return self.issue_in_steps(id, &before, review_id, *issued_on, author, edit.topic());
        }
        let note = ChangeNote {
            by: author.name.clone(),
            role: author.role,
            topic: edit.topic(),
            what: edit.describe(&before),
        };
        let message = serde_json::to_string(&note)?;
        self.try_update(id, &message, |doc| {
            edit.apply(doc, &mut || uuid::Uuid::new_v4().to_string())?;
            Ok(())
        })
    }

    /// Issues the amended plan with one change in history per amendment made, then one for
    /// the issue itself, all stored together (see [`Store::try_update_in_steps`]).
    fn issue_in_steps(
        &mut self,
        id: &str,
        before: &ReviewDocument,
        review_id: &str,
        issued_on: northstar_schema::Date,
        author: &Author,
        topic: northstar_schema::edit::Topic,
    ) -> Result<ReviewDocument> {
        use northstar_schema::edit::{apply_issue_step, describe_issue_step, issue_steps};
        let plan = issue_steps(before, review_id, issued_on)?;
        let mut steps: Vec<(String, super::Step<'_>)> = Vec::with_capacity(plan.len());
        for step in plan {
            let note = ChangeNote {
                by: author.name.clone(),
                role: author.role,
                topic,
                what: describe_issue_step(before, review_id, &step),
            };
            let review_id = review_id.to_string();
            steps.push((
                serde_json::to_string(&note)?,
                Box::new(move |doc: &mut ReviewDocument| {
                    apply_issue_step(doc, &review_id, issued_on, &step, &mut || {
                        uuid::Uuid::new_v4().to_string()
                    })?;
                    Ok(())
                }),
            ));
        }
        self.try_update_in_steps(id, steps)
    }

    /// Every change to a review, newest first.
    pub fn history(&mut self, id: &str) -> Result<Vec<HistoryEntry>> {
        self.refresh(id)?;
        let open = self
            .open
            .get_mut(id)
            .ok_or_else(|| EngineError::UnknownReview(id.into()))?;
        // Who wrote each change comes from its device's verified invitation, not its message.
        let writers = crate::sync::Writers::of(&self.conn, id, &mut open.doc)?;
        let mut entries: Vec<HistoryEntry> = open
            .doc
            .get_changes(&[])
            .iter()
            .map(|c| {
                let mut e = entry(
                    &c.hash().to_string(),
                    c.timestamp(),
                    c.message().map(str::to_string),
                );
                e.written_on = writers.as_ref().and_then(|w| w.written_on(c));
                e
            })
            .collect();
        entries.reverse();
        Ok(entries)
    }

    /// The review as it stood just after the change `hash`.
    pub fn version_at(&mut self, id: &str, hash: &str) -> Result<ReviewDocument> {
        let hash = ChangeHash::from_str(hash).map_err(|_| EngineError::UnknownVersion)?;
        self.refresh(id)?;
        let open = self
            .open
            .get_mut(id)
            .ok_or_else(|| EngineError::UnknownReview(id.into()))?;
        if open.doc.get_change_by_hash(&hash).is_none() {
            return Err(EngineError::UnknownVersion);
        }
        let earlier = open.doc.fork_at(&[hash])?;
        let mut model = northstar_schema::read_document(&earlier)?;
        // An earlier version may predate a migration; show it in today's shape.
        model.schema_version = northstar_schema::CURRENT_SCHEMA_VERSION;
        Ok(model)
    }
}

fn entry(hash: &str, at: i64, message: Option<String>) -> HistoryEntry {
    let message = message.unwrap_or_default();
    match serde_json::from_str::<ChangeNote>(&message) {
        Ok(note) => HistoryEntry {
            hash: hash.into(),
            at,
            by: Some(note.by),
            role: Some(note.role),
            topic: Some(note.topic),
            what: note.what,
            written_on: None,
        },
        Err(_) => HistoryEntry {
            hash: hash.into(),
            at,
            by: None,
            role: None,
            topic: None,
            what: if message.trim().is_empty() {
                "Created or merged".into()
            } else {
                message
            },
            written_on: None,
        },
    }
}
