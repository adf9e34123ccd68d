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
    ///
    /// `f` lists in its [`Applied`] the changes it applied. When they are all that was added,
    /// their own bytes are stored as they came, rather than encoded again from the document.
    pub(crate) fn write_remote<T>(
        &mut self,
        id: &str,
        f: impl FnOnce(&mut AutoCommit, &Transaction, &mut Applied) -> Result<T>,
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
        f: impl FnOnce(&mut AutoCommit, &Transaction, &mut Applied) -> Result<T>,
    ) -> Result<(T, Option<ReviewDocument>)> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (open, latest) = super::catch_up(&tx, &mut self.open, id, &self.actor)?;
        let heads = open.doc.get_heads();
        let mut applied = Applied::default();
        let value = f(&mut open.doc, &tx, &mut applied)?;
        let after = open.doc.get_heads();
        let added = match applied.all_that_was_added(&heads, &after) {
            true => applied.bytes(),
            false => open.doc.save_after(&heads),
        };
        if added.is_empty() {
            tx.commit()?;
            return Ok((value, None));
        }
        // Strict: changes from elsewhere must leave every part in a shape that can be edited.
        let model = match applied.take_read_back(&after) {
            Some(read) => read?,
            None => northstar_schema::read_document_strict(&open.doc)?,
        };
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

    /// As [`Store::changes_since`], only those `wanted` picks by author and hash. Deciding
    /// from each change's metadata first spares rebuilding every change from the document
    /// when none is wanted: a device that has just taken in a meeting has nothing of its own
    /// to send, but would otherwise rebuild the whole meeting to find that out.
    pub(crate) fn changes_since_where(
        &mut self,
        id: &str,
        heads: &[ChangeHash],
        wanted: impl Fn(&automerge::ActorId, &ChangeHash) -> bool,
    ) -> Result<Vec<Change>> {
        self.with_doc(id, |doc| {
            let any = doc
                .get_changes_meta(heads)
                .iter()
                .any(|m| wanted(&m.actor, &m.hash));
            match any {
                false => Vec::new(),
                true => doc
                    .get_changes(heads)
                    .into_iter()
                    .filter(|c| wanted(c.actor_id(), &c.hash()))
                    .collect(),
            }
        })
    }
}

/// The changes a [`Store::write_remote`] applied, in the order applied, and perhaps the
/// document already read back.
#[derive(Default)]
pub(crate) struct Applied {
    changes: Vec<Change>,
    read_back: Option<(Vec<ChangeHash>, ReadBack)>,
}

/// A strict read of the document (see [`northstar_schema::read_document_strict`]).
pub(crate) type ReadBack = std::result::Result<ReviewDocument, northstar_schema::SchemaError>;

impl Applied {
    pub fn extend(&mut self, changes: impl IntoIterator<Item = Change>) {
        self.changes.extend(changes);
    }

    /// Hands over a strict read of the document at `heads`, made alongside other work (the
    /// role checks, on another core), so the store need not read it again. It is used only
    /// if the document is still at `heads` when the store comes to read it.
    pub fn read_back(&mut self, heads: Vec<ChangeHash>, read: ReadBack) {
        self.read_back = Some((heads, read));
    }

    fn take_read_back(&mut self, heads: &[ChangeHash]) -> Option<ReadBack> {
        match self.read_back.take() {
            Some((at, read)) if at == heads => Some(read),
            _ => None,
        }
    }

    /// Whether these changes are everything that took the document from `before` to `after`:
    /// then the heads are exactly the old heads and these, less whatever these build on. A
    /// change added any other way (a local commit, one Automerge held back for a missing
    /// dependency) would leave the heads otherwise.
    fn all_that_was_added(&self, before: &[ChangeHash], after: &[ChangeHash]) -> bool {
        let mut heads: std::collections::BTreeSet<ChangeHash> = before.iter().copied().collect();
        heads.extend(self.changes.iter().map(|c| c.hash()));
        for c in &self.changes {
            for d in c.deps() {
                heads.remove(d);
            }
        }
        let after: std::collections::BTreeSet<ChangeHash> = after.iter().copied().collect();
        heads == after
    }

    /// The changes' own bytes, one chunk after another, as `load_incremental` reads them.
    fn bytes(&self) -> Vec<u8> {
        self.changes
            .iter()
            .flat_map(|c| c.raw_bytes().iter().copied())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Applied;
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    fn note(doc: &mut AutoCommit, text: &str) -> automerge::Change {
        doc.put(ROOT, "note", text).unwrap();
        doc.commit();
        doc.get_last_local_change().unwrap()
    }

    #[test]
    fn only_the_listed_changes_count_as_all_that_was_added() {
        let mut here = AutoCommit::new();
        note(&mut here, "start");
        let mut there = here.fork();
        let theirs = note(&mut there, "from elsewhere");
        let before = here.get_heads();

        let mut applied = Applied::default();
        here.apply_changes([theirs.clone()]).unwrap();
        applied.extend([theirs.clone()]);
        assert!(applied.all_that_was_added(&before, &here.get_heads()));
        assert_eq!(applied.bytes(), theirs.raw_bytes());

        // A local commit on top is not among them: the store must encode it from the document.
        note(&mut here, "made here");
        assert!(!applied.all_that_was_added(&before, &here.get_heads()));
        // Nor is a change Automerge held back, waiting for one it builds on.
        let mut waiting = there.fork();
        let first = note(&mut waiting, "first");
        let second = note(&mut waiting, "second");
        let mut held = AutoCommit::load(&there.save()).unwrap();
        let heads = held.get_heads();
        held.apply_changes([second.clone()]).unwrap();
        let mut claimed = Applied::default();
        claimed.extend([second]);
        assert!(!claimed.all_that_was_added(&heads, &held.get_heads()));
        drop(first);
    }
}
