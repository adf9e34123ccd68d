//! Erasing a child from this device (UK GDPR art. 17): the document and its whole history,
//! its caseload row, its sync state (keys, cursors, quarantine, held envelopes, invitations,
//! what was sent), and every attachment it ever referred to that no other review refers to.
//!
//! Attachments are stored once by content, so two reviews can share one. `blob_refs` records
//! which reviews have referred to which attachment: rows are added on every write (from the
//! review as it now reads) and never removed while the review exists, because an attachment
//! taken out of the plan is still in its history. Stores from before that table fill it once
//! from every review's history, the first time anything is erased.
//!
//! SQLite runs with `secure_delete`, so freed pages are zeroed; after the erasure the
//! write-ahead log is checkpointed and truncated, so no copy of those pages stays in it.

use super::{read_from, Store};
use crate::{EngineError, Result};
use automerge::ChangeHash;
use automerge::ScalarValue;
use rusqlite::{params, Connection, Transaction, TransactionBehavior};
use std::collections::BTreeSet;

const TO_FILL: &str = "blob-refs-to-fill";

/// Records that review `doc_id` refers to each of `hashes`.
pub(super) fn refer<'a>(
    conn: &Connection,
    doc_id: &str,
    hashes: impl Iterator<Item = &'a str>,
) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO blob_refs (doc_id, sha256) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?;
    for hash in hashes {
        insert.execute(params![doc_id, hash])?;
    }
    Ok(())
}

/// Every stored attachment `doc` has referred to at any point in its history: each string
/// any of its changes wrote that names a stored blob.
fn referred_in_history(
    conn: &Connection,
    doc: &mut automerge::AutoCommit,
) -> Result<BTreeSet<String>> {
    let mut candidates = BTreeSet::new();
    for change in doc.get_changes(&[]) {
        for op in change.decode().operations {
            if let automerge::legacy::OpType::Put(ScalarValue::Str(s)) = op.action {
                if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
                    candidates.insert(s.to_string());
                }
            }
        }
    }
    let mut stored = conn.prepare_cached("SELECT 1 FROM blobs WHERE sha256 = ?1")?;
    let mut out = BTreeSet::new();
    for hash in candidates {
        if stored.exists([&hash])? {
            out.insert(hash);
        }
    }
    Ok(out)
}

/// Deletes each of `hashes` that no review refers to any more; how many went.
fn drop_unreferenced<'a>(
    conn: &Connection,
    hashes: impl IntoIterator<Item = &'a String>,
) -> Result<usize> {
    let mut gone = 0;
    for hash in hashes {
        gone += conn.execute(
            "DELETE FROM blobs WHERE sha256 = ?1
               AND NOT EXISTS (SELECT 1 FROM blob_refs WHERE sha256 = ?1)",
            [hash],
        )?;
    }
    Ok(gone)
}

/// What an erasure removed, for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Erased {
    pub id: String,
    /// Attachments removed with it (others are still referred to by another review).
    pub attachments: usize,
}

impl Store {
    /// Erases review `id` from this device. The relay's copy is the sync's to delete
    /// (`sync::erase`), before this runs.
    pub fn erase_review(&mut self, id: &str) -> Result<Erased> {
        self.fill_blob_refs()?;
        let actor = self.actor.clone();
        let (mut doc, _) = read_from(self.conn(), id, &actor)?;
        let mut hashes = referred_in_history(self.conn(), &mut doc)?;
        {
            let mut stmt = self
                .conn()
                .prepare("SELECT sha256 FROM blob_refs WHERE doc_id = ?1")?;
            let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
            for hash in rows {
                hashes.insert(hash?);
            }
        }
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for table in ["sync_quarantine", "sync_invitations", "sync_sent"] {
            tx.execute(&format!("DELETE FROM {table} WHERE doc_id = ?1"), [id])?;
        }
        // Everything else about the review goes with its row (ON DELETE CASCADE).
        if tx.execute("DELETE FROM documents WHERE id = ?1", [id])? == 0 {
            return Err(EngineError::UnknownReview(id.into()));
        }
        let attachments = drop_unreferenced(&tx, &hashes)?;
        tx.commit()?;
        self.open.remove(id);
        self.truncate_log()?;
        Ok(Erased {
            id: id.to_string(),
            attachments,
        })
    }

    /// Moves everything in the write-ahead log into the database and empties the log, so the
    /// pages an erasure freed (zeroed there by `secure_delete`) leave no copy behind. Another
    /// connection reading at that moment can hold the log back; it is tried again briefly.
    fn truncate_log(&self) -> Result<()> {
        for _ in 0..50 {
            let busy: i64 = self
                .conn()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
            if busy == 0 {
                return Ok(());
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Err(EngineError::Refused(
            "the erasure is done, but another Northstar window or command kept part of the \
             database's log busy; close it and erase again to clear the log"
                .into(),
        ))
    }

    /// Every stored attachment review `id` has referred to, now or earlier in its history.
    pub fn attachments_of(&mut self, id: &str) -> Result<Vec<String>> {
        self.fill_blob_refs()?;
        let mut stmt = self.conn().prepare(
            "SELECT r.sha256 FROM blob_refs r JOIN blobs b ON b.sha256 = r.sha256
             WHERE r.doc_id = ?1 ORDER BY r.sha256",
        )?;
        let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Fills `blob_refs` from every review's history, once, for a store from before it.
    fn fill_blob_refs(&mut self) -> Result<()> {
        if !self.flag(TO_FILL)? {
            return Ok(());
        }
        let actor = self.actor.clone();
        let ids: Vec<String> = {
            let mut stmt = self.conn().prepare("SELECT id FROM documents")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let tx = self.conn_mut().transaction()?;
        for id in &ids {
            let (mut doc, _) = read_from(&tx, id, &actor)?;
            let hashes = referred_in_history(&tx, &mut doc)?;
            refer(&tx, id, hashes.iter().map(String::as_str))?;
        }
        tx.execute("DELETE FROM meta WHERE key = ?1", [TO_FILL])?;
        tx.commit()?;
        Ok(())
    }
}

impl Store {
    /// Erases review `id`'s history on this device, keeping the review exactly as it reads
    /// now: the document is made again from its current content, with one change saying that
    /// the history was erased, when and by whom. It is how a wrongly recorded item (a note
    /// about the wrong child, a mistaken diagnosis) is removed for good: delete it as usual,
    /// then erase the history, and no earlier version holds it. Attachments only the old
    /// history referred to go too.
    ///
    /// `then` runs in the same transaction with the new document's heads: for a shared review,
    /// sync notes there that the next key replaces the others' copies (see
    /// `sync::erase_history`), so a crash keeps both or neither. Returns the new heads.
    pub(crate) fn erase_history(
        &mut self,
        id: &str,
        by: &northstar_schema::session::Author,
        then: impl FnOnce(&Transaction, &[ChangeHash]) -> Result<()>,
    ) -> Result<Vec<ChangeHash>> {
        let model = self.get(id)?;
        let mut doc = automerge::AutoCommit::new();
        doc.set_actor(self.actor.clone());
        autosurgeon::reconcile(&mut doc, &model)?;
        let note = northstar_schema::session::ChangeNote {
            by: by.name.clone(),
            role: by.role,
            topic: northstar_schema::edit::Topic::Details,
            what: format!(
                "Erased the history on {}: the review was kept as it stood, and earlier versions \
                 are no longer held",
                northstar_schema::Date(super::today()).long()
            ),
        };
        doc.commit_with(
            automerge::transaction::CommitOptions::default()
                .with_message(serde_json::to_string(&note)?)
                .with_time(chrono::Utc::now().timestamp()),
        );
        let heads = doc.get_heads();
        self.replace_history(id, &mut doc, &model, |tx| then(tx, &heads))?;
        Ok(heads)
    }

    /// Puts `doc` (whose content `model` is) in place of review `id`'s document and every
    /// change stored for it, and drops the attachments only the old history referred to; `then`
    /// writes in the same transaction. For erasing history here, and for taking the owner's
    /// copy after they erased it on a shared review.
    pub(crate) fn replace_history(
        &mut self,
        id: &str,
        doc: &mut automerge::AutoCommit,
        model: &northstar_schema::ReviewDocument,
        then: impl FnOnce(&Transaction) -> Result<()>,
    ) -> Result<()> {
        self.fill_blob_refs()?;
        doc.set_actor(self.actor.clone());
        let snapshot = doc.save();
        let before: Vec<String> = {
            let mut stmt = self
                .conn()
                .prepare("SELECT sha256 FROM blob_refs WHERE doc_id = ?1")?;
            let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Change numbers only rise: the new snapshot covers every number used so far.
        let top: i64 = tx.query_row(
            "SELECT max(d.compacted_seq, coalesce((SELECT max(seq) FROM changes WHERE doc_id = d.id), 0))
             FROM documents d WHERE d.id = ?1",
            [id],
            |r| r.get(0),
        )?;
        tx.execute("DELETE FROM changes WHERE doc_id = ?1", [id])?;
        tx.execute(
            "UPDATE documents SET snapshot = ?2, compacted_seq = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, snapshot, top, super::now_iso()],
        )?;
        super::projection::upsert(&tx, model)?;
        tx.execute("DELETE FROM blob_refs WHERE doc_id = ?1", [id])?;
        refer(&tx, id, model.attachment_hashes())?;
        drop_unreferenced(&tx, &before)?;
        then(&tx)?;
        tx.commit()?;
        self.open.remove(id);
        self.truncate_log()
    }
}
