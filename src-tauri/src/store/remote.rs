//! The store's side of sync: applying changes that arrived from other devices, in the same
//! one-transaction write path as local edits, and handing out changes to send.

use super::Store;
use crate::{EngineError, Result};
use automerge::{AutoCommit, Change, ChangeHash};
use northstar_schema::ReviewDocument;
use rusqlite::{Transaction, TransactionBehavior};

impl Store {
    /// Runs `f` on the newest copy of review `id` inside one write transaction. Whatever `f`
    /// adds to the document (changes from elsewhere; it must not commit local ones) is stored
    /// as one row of `changes` and projected, and `f` may write sync bookkeeping in the same
    /// transaction, so a crash keeps both or neither. If `f` fails, nothing is stored and the
    /// in-memory copy is dropped.
    pub(crate) fn write_remote<T>(
        &mut self,
        id: &str,
        f: impl FnOnce(&mut AutoCommit, &Transaction) -> Result<T>,
    ) -> Result<(T, Option<ReviewDocument>)> {
        let result = self.write_remote_inner(id, f);
        if result.is_err() {
            self.open.remove(id);
        }
        result
    }

    fn write_remote_inner<T>(
        &mut self,
        id: &str,
        f: impl FnOnce(&mut AutoCommit, &Transaction) -> Result<T>,
    ) -> Result<(T, Option<ReviewDocument>)> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (open, latest) = super::catch_up(&tx, &mut self.open, id, &self.actor)?;
        let heads = open.doc.get_heads();
        let value = f(&mut open.doc, &tx)?;
        let added = open.doc.save_after(&heads);
        if added.is_empty() {
            tx.commit()?;
            return Ok((value, None));
        }
        // Strict: changes from elsewhere must leave every part in a shape that can be edited.
        let model = northstar_schema::read_document_strict(&open.doc)?;
        model.validate()?;
        let seq = latest + 1;
        super::append_change(&tx, id, seq, &added, &model)?;
        tx.commit()?;
        open.seq = seq;
        open.model = Some(model.clone());
        Ok((value, Some(model)))
    }

    /// Stores a review that arrived whole from elsewhere (a snapshot), under its own id.
    pub(crate) fn insert_remote(&mut self, mut doc: AutoCommit) -> Result<ReviewDocument> {
        let model = northstar_schema::read_document(&doc)?;
        model.validate()?;
        doc.set_actor(self.actor.clone());
        self.insert_new(&mut doc, &model, false)?;
        Ok(model)
    }

    /// As [`Store::insert_remote`], in place of the copy of the same review already here, in
    /// one transaction. Only for a copy whose loss costs nothing (see `demo::is_untouched`).
    pub(crate) fn replace_with_remote(&mut self, mut doc: AutoCommit) -> Result<ReviewDocument> {
        let model = northstar_schema::read_document(&doc)?;
        model.validate()?;
        doc.set_actor(self.actor.clone());
        self.insert_new(&mut doc, &model, true)?;
        Ok(model)
    }

    /// Makes a local edit straight on the Automerge document, for what the review model cannot
    /// say (choosing between concurrent values). Stored, checked and projected like any edit.
    pub(crate) fn edit_raw(
        &mut self,
        id: &str,
        describe: &str,
        f: impl FnOnce(&mut AutoCommit) -> Result<()>,
    ) -> Result<ReviewDocument> {
        self.write(id, describe, |doc, _before| {
            f(doc)?;
            let model = northstar_schema::read_document(doc)?;
            model.validate()?;
            Ok(model)
        })
    }

    /// Runs `f` on the newest copy of review `id`, read-only.
    pub(crate) fn with_doc<T>(
        &mut self,
        id: &str,
        f: impl FnOnce(&mut AutoCommit) -> T,
    ) -> Result<T> {
        self.refresh(id)?;
        let open = self
            .open
            .get_mut(id)
            .ok_or_else(|| EngineError::UnknownReview(id.into()))?;
        Ok(f(&mut open.doc))
    }

    /// Every change after `heads`, oldest first.
    pub(crate) fn changes_since(&mut self, id: &str, heads: &[ChangeHash]) -> Result<Vec<Change>> {
        self.with_doc(id, |doc| doc.get_changes(heads))
    }
}
