//! The local store: one SQLite file in WAL mode.
//!
//! - `documents` + `changes`: each review is an Automerge document, kept as a compacted
//!   snapshot plus the incremental changes appended since (one row per acknowledged edit).
//! - `caseload`: a projection for the caseload list, rebuilt from the documents on demand.
//! - `blobs`: content-addressed attachments.
//!
//! The file is encrypted with SQLCipher under the [`DataKey`] (`keys.rs`), which the user's
//! passphrase unlocks; a plain store from an earlier version is encrypted in place on the first
//! open (`encrypt.rs`). The folder and its files are owner-only (`private.rs`).
//!
//! An edit is acknowledged only after its SQLite transaction commits, and the database runs with
//! `synchronous = FULL`, so an acknowledged edit survives a killed process (and a power cut).

mod archive;
pub(crate) mod blobs;
mod codec;
mod erase;
pub use erase::Erased;
pub(crate) mod encrypt;
mod history;
pub mod keys;
pub mod os_keyring;
mod private;
mod projection;
mod remote;
pub(crate) use remote::Applied;
mod schema_sql;

use crate::{EngineError, Result};
use automerge::{AutoCommit, ChangeHash};
use northstar_schema::{migrate, ReviewDocument, CURRENT_SCHEMA_VERSION};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::HashMap;
use std::path::Path;

pub use codec::ImportOutcome;
pub use keys::DataKey;
pub use projection::CaseloadQuery;

/// Opens `db` under `key`, and checks that the key is the one it was made with: SQLCipher
/// only finds out on the first read.
/// Keying a connection sets up SQLCipher's cipher context, and the first one in a process
/// sets up its crypto provider too. Once in a CI run, one of several stores being opened at
/// once in one test process was refused its key ("An error occurred with PRAGMA key"), as if
/// two threads had set up that shared state together; keying one connection at a time costs
/// nothing (the key is raw, so there is no key stretching to wait for).
pub(crate) static KEYING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn open_encrypted(db: &Path, key: &DataKey) -> Result<Connection> {
    let conn = Connection::open(db)?;
    let keyed = KEYING.lock().unwrap_or_else(|e| e.into_inner());
    // A wrong key is reported in words below; SQLCipher need not also print to the terminal.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    conn.pragma_update(None, "key", key.sql_literal().as_str())?;
    let read = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    drop(keyed);
    match read {
        Ok(_) => Ok(conn),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(EngineError::KeyDoesNotFit(db.to_path_buf()))
        }
        Err(e) => Err(e.into()),
    }
}

/// One step of [`Store::try_update_in_steps`].
pub type Step<'a> = Box<dyn FnOnce(&mut ReviewDocument) -> Result<()> + 'a>;

/// SQLite's page cache for the store, in KiB.
const CACHE_KIB: i64 = 64 * 1024;

/// The `meta` key for the idle time before the window locks.
const LOCK_AFTER: &str = "lock-after-minutes";

/// How many incremental changes a document may gather before compaction folds them into its snapshot.
pub const COMPACT_AFTER: i64 = 64;

/// A document held open in memory, with the last change seq it has seen.
struct OpenDoc {
    doc: AutoCommit,
    seq: i64,
    /// What `doc` reads as, kept after each write so the next edit need not re-read it.
    /// `None` whenever changes from elsewhere were loaded since.
    model: Option<ReviewDocument>,
}

impl OpenDoc {
    fn new(doc: AutoCommit, seq: i64) -> OpenDoc {
        OpenDoc {
            doc,
            seq,
            model: None,
        }
    }
}

/// The local store. See the module docs for the tables.
pub struct Store {
    conn: Connection,
    /// Documents already loaded, so an edit does not re-read the whole history.
    open: HashMap<String, OpenDoc>,
    /// This device's signing key, which also names it in every change it writes.
    device: crate::sync::DeviceKey,
    /// This process's Automerge actor: the device key and a random suffix.
    actor: automerge::ActorId,
    /// The key the meeting room's relay database is encrypted with, derived from the data key.
    room_key: DataKey,
}

impl Store {
    /// Opens (creating if needed) the store in `dir` under `key`, encrypting a plain store
    /// from an earlier version first, and applies pending SQL migrations.
    pub fn open(dir: &Path, key: &DataKey) -> Result<Store> {
        Store::open_with(dir, Some(key))
    }

    /// A store with no encryption at all, only so the benchmarks can set SQLCipher's cost
    /// beside plain SQLite's in the same run. Never used for people's data.
    #[doc(hidden)]
    pub fn open_unencrypted_for_benchmarks(dir: &Path) -> Result<Store> {
        Store::open_with(dir, None)
    }

    fn open_with(dir: &Path, key: Option<&DataKey>) -> Result<Store> {
        let db = dir.join(encrypt::DB);
        private::make_private(dir, &db)?;
        let (conn, room_key) = match key {
            Some(key) => {
                encrypt::encrypt_in_place(dir, key)?;
                let room_key = key.derive("northstar meeting-room relay database");
                (open_encrypted(&db, key)?, room_key)
            }
            None => (Connection::open(&db)?, DataKey::random()?),
        };
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Freed pages are zeroed, so what "erase" removes does not linger in the file.
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // Pages are decrypted as they are read into SQLite's cache, so a cache that holds the
        // caseload (about 10 MB at 5,000 reviews) keeps a search from decrypting it all again
        // each time. SQLite's default is 2 MB.
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        let mut conn = conn;
        schema_sql::migrate(&mut conn)?;
        let device = crate::sync::DeviceKey::load_or_create(&conn, dir)?;
        let actor = device.actor()?;
        Ok(Store {
            conn,
            open: HashMap::new(),
            device,
            actor,
            room_key,
        })
    }

    /// Stores a new review document. Fails if its id is already stored.
    pub fn create(&mut self, model: &ReviewDocument) -> Result<String> {
        model.validate()?;
        let mut doc = codec::new_automerge(model)?;
        self.insert_new(&mut doc, model, false)?;
        Ok(model.id.clone())
    }

    /// Stores `doc` under its id; `replacing` drops a copy already stored there first.
    fn insert_new(
        &mut self,
        doc: &mut AutoCommit,
        model: &ReviewDocument,
        replacing: bool,
    ) -> Result<()> {
        doc.set_actor(self.actor.clone());
        let snapshot = doc.save();
        let now = now_iso();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if replacing {
            tx.execute("DELETE FROM changes WHERE doc_id = ?1", [&model.id])?;
            tx.execute("DELETE FROM documents WHERE id = ?1", [&model.id])?;
            self.open.remove(&model.id);
        }
        let exists: bool = tx
            .query_row("SELECT 1 FROM documents WHERE id = ?1", [&model.id], |_| {
                Ok(true)
            })
            .optional()?
            .unwrap_or(false);
        if exists {
            return Err(EngineError::AlreadyExists(model.id.clone()));
        }
        tx.execute(
            "INSERT INTO documents (id, snapshot, compacted_seq, created_at, updated_at) VALUES (?1, ?2, 0, ?3, ?3)",
            params![model.id, snapshot, now],
        )?;
        projection::upsert(&tx, model)?;
        tx.commit()?;
        self.open.insert(
            model.id.clone(),
            OpenDoc {
                doc: doc.clone(),
                seq: 0,
                // Read back on first use rather than trust that `model` round-trips exactly.
                model: None,
            },
        );
        Ok(())
    }

    /// Reads a review as the model. Loads it from disk the first time.
    pub fn get(&mut self, id: &str) -> Result<ReviewDocument> {
        self.refresh(id)?;
        let open = self
            .open
            .get_mut(id)
            .ok_or_else(|| EngineError::UnknownReview(id.into()))?;
        if let Some(model) = &open.model {
            return Ok(model.clone());
        }
        let model = northstar_schema::read_document(&open.doc)?;
        open.model = Some(model.clone());
        Ok(model)
    }

    /// Loads a review straight from disk, bypassing the in-memory cache (what a cold open costs).
    pub fn load_cold(&self, id: &str) -> Result<ReviewDocument> {
        let (doc, _) = self.read_from_disk(id)?;
        Ok(northstar_schema::read_document(&doc)?)
    }

    /// Applies one edit and persists it as a single Automerge change.
    ///
    /// `describe` becomes the change message shown in history. The edit is acknowledged
    /// (this returns `Ok`) only once it is committed to disk.
    pub fn update(
        &mut self,
        id: &str,
        describe: &str,
        edit: impl FnOnce(&mut ReviewDocument),
    ) -> Result<ReviewDocument> {
        self.try_update(id, describe, |model| {
            edit(model);
            Ok(())
        })
    }

    /// As [`Store::update`], for an edit that may refuse; a refused edit stores nothing.
    pub fn try_update(
        &mut self,
        id: &str,
        describe: &str,
        edit: impl FnOnce(&mut ReviewDocument) -> Result<()>,
    ) -> Result<ReviewDocument> {
        self.write(id, describe, |doc, before| {
            let mut model = before.clone();
            edit(&mut model)?;
            // The id is the document's identity; an edit may not change it.
            model.id = before.id.clone();
            model.validate()?;
            if migrate::document_version(doc)? == CURRENT_SCHEMA_VERSION {
                northstar_schema::reconcile_edit(doc, &before, &model)?;
            } else {
                // An older document reads as migrated but is not stored that way: rewrite it
                // all, so the edit also moves it to the current version.
                autosurgeon::reconcile(doc, &model)?;
            }
            Ok(model)
        })
    }

    /// As [`Store::try_update`], for an edit made of several steps, each its own Automerge
    /// change with its own history message, all stored in one transaction: every step is kept,
    /// or none is. The last step's message is `describe`.
    pub fn try_update_in_steps(
        &mut self,
        id: &str,
        steps: Vec<(String, Step<'_>)>,
    ) -> Result<ReviewDocument> {
        let Some(((describe, _), _)) = steps.split_last() else {
            return self.get(id);
        };
        let describe = describe.clone();
        self.write(id, &describe, |doc, before| {
            let mut model = before;
            let last = steps.len() - 1;
            for (i, (message, step)) in steps.into_iter().enumerate() {
                let mut next = model.clone();
                step(&mut next)?;
                next.id = model.id.clone();
                next.validate()?;
                if migrate::document_version(doc)? == CURRENT_SCHEMA_VERSION {
                    northstar_schema::reconcile_edit(doc, &model, &next)?;
                } else {
                    autosurgeon::reconcile(doc, &next)?;
                }
                if i < last {
                    doc.commit_with(
                        automerge::transaction::CommitOptions::default()
                            .with_message(message)
                            .with_time(chrono::Utc::now().timestamp()),
                    );
                }
                model = next;
            }
            Ok(model)
        })
    }

    /// Replaces the review's content with `model`, as a minimal diff (what the UI sends).
    pub fn save_model(&mut self, model: &ReviewDocument, describe: &str) -> Result<ReviewDocument> {
        let replacement = model.clone();
        self.update(&model.id, describe, move |m| *m = replacement)
    }

    /// The shared write path: catch up with other writers, edit, append the change, project.
    fn write(
        &mut self,
        id: &str,
        describe: &str,
        edit: impl FnOnce(&mut AutoCommit, ReviewDocument) -> Result<ReviewDocument>,
    ) -> Result<ReviewDocument> {
        let result = self.write_inner(id, describe, edit);
        if result.is_err() {
            // The in-memory copy may hold an uncommitted change: drop it and reload next time.
            self.open.remove(id);
        }
        result
    }

    fn write_inner(
        &mut self,
        id: &str,
        describe: &str,
        edit: impl FnOnce(&mut AutoCommit, ReviewDocument) -> Result<ReviewDocument>,
    ) -> Result<ReviewDocument> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Inside the write lock: pick up anything another process appended since we loaded.
        let (open, latest) = catch_up(&tx, &mut self.open, id, &self.actor)?;
        let before = match open.model.take() {
            Some(model) => model,
            None => northstar_schema::read_document(&open.doc)?,
        };
        let heads: Vec<ChangeHash> = open.doc.get_heads();
        let model = edit(&mut open.doc, before)?;
        open.doc.commit_with(
            automerge::transaction::CommitOptions::default()
                .with_message(describe.to_string())
                .with_time(chrono::Utc::now().timestamp()),
        );
        let change = open.doc.save_after(&heads);
        if !change.is_empty() {
            // In a shared review, this device's role bounds what it may write: refuse here,
            // in plain words, rather than let every other copy quarantine it later.
            crate::sync::check_local_write(&tx, id, &mut open.doc, &heads, &self.actor)?;
            let seq = latest + 1;
            append_change(&tx, id, seq, &change, &model)?;
            tx.commit()?;
            open.seq = seq;
        }
        open.model = Some(model.clone());
        Ok(model)
    }

    /// Exports the review as the published JSON form.
    pub fn export_json(&mut self, id: &str) -> Result<String> {
        Ok(self.get(id)?.to_json_pretty() + "\n")
    }

    /// Exports the review as a compacted Automerge document, history included.
    pub fn export_automerge(&mut self, id: &str) -> Result<Vec<u8>> {
        self.refresh(id)?;
        let open = self
            .open
            .get_mut(id)
            .ok_or_else(|| EngineError::UnknownReview(id.into()))?;
        Ok(open.doc.save())
    }

    /// Imports review JSON or an Automerge file (detected from its bytes).
    ///
    /// JSON creates a new review (generating an id if it has none). An Automerge document whose
    /// id is already stored is merged into it, never replacing anything.
    pub fn import(&mut self, bytes: &[u8]) -> Result<ImportOutcome> {
        match codec::sniff(bytes)? {
            codec::Format::Json => {
                let model = codec::model_from_json(bytes)?;
                self.create(&model)?;
                Ok(ImportOutcome::Created(model.id))
            }
            codec::Format::Automerge => {
                let (mut incoming, model) = codec::from_automerge(bytes)?;
                if self.exists(&model.id)? {
                    self.merge(&model.id, &mut incoming)?;
                    Ok(ImportOutcome::Merged(model.id))
                } else {
                    self.insert_new(&mut incoming, &model, false)?;
                    Ok(ImportOutcome::Created(model.id))
                }
            }
        }
    }

    fn merge(&mut self, id: &str, incoming: &mut AutoCommit) -> Result<ReviewDocument> {
        self.write(id, "Merged an imported copy", |doc, _before| {
            // Validate the merged result on a fork first so a bad import leaves nothing behind.
            let mut trial = doc.fork();
            trial.merge(incoming)?;
            let merged: ReviewDocument = northstar_schema::read_document_strict(&trial)?;
            merged.validate()?;
            doc.merge(incoming)?;
            Ok(merged)
        })
    }

    pub fn exists(&self, id: &str) -> Result<bool> {
        Ok(seqs(&self.conn, id)?.is_some())
    }

    /// The id of every review held, archived ones included, in id order.
    pub fn all_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT id FROM documents ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Copies the whole store to a new file at `to`, under the same key, as it stood at one
    /// moment: the copy is made inside one read transaction, so another process (the app)
    /// can keep saving meanwhile without tearing it. Returns how many reviews the copy holds.
    pub(crate) fn copy_consistently(&self, to: &Path) -> Result<u64> {
        // With no KEY clause SQLCipher gives the attached file the main database's key.
        self.conn.execute(
            "ATTACH DATABASE ?1 AS copy",
            [to.to_string_lossy().as_ref()],
        )?;
        let copied = (|| -> Result<u64> {
            self.conn.execute_batch("BEGIN")?;
            let result = (|| -> Result<u64> {
                let reviews: i64 =
                    self.conn
                        .query_row("SELECT count(*) FROM main.documents", [], |r| r.get(0))?;
                self.conn
                    .query_row("SELECT sqlcipher_export('copy')", [], |_| Ok(()))?;
                let version: i64 =
                    self.conn
                        .pragma_query_value(Some("main"), "user_version", |r| r.get(0))?;
                self.conn
                    .pragma_update(Some("copy"), "user_version", version)?;
                Ok(reviews as u64)
            })();
            match result {
                Ok(n) => {
                    self.conn.execute_batch("COMMIT")?;
                    Ok(n)
                }
                Err(e) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    Err(e)
                }
            }
        })();
        let detached = self.conn.execute("DETACH DATABASE copy", []);
        let reviews = copied?;
        detached?;
        Ok(reviews)
    }

    pub fn count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?)
    }

    /// Folds a document's incremental changes into a new snapshot. Safe to run at any time,
    /// from any process: it works inside one write transaction.
    pub fn compact(&mut self, id: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (mut doc, seq) = read_from(&tx, id, &self.actor)?;
        let snapshot = doc.save();
        tx.execute(
            "UPDATE documents SET snapshot = ?2, compacted_seq = ?3 WHERE id = ?1",
            params![id, snapshot, seq],
        )?;
        tx.execute(
            "DELETE FROM changes WHERE doc_id = ?1 AND seq <= ?2",
            params![id, seq],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Compacts every document with more than [`COMPACT_AFTER`] pending changes.
    /// Returns how many were compacted. The desktop app runs this on a background thread.
    pub fn compact_due(&mut self) -> Result<usize> {
        let due: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT doc_id FROM changes GROUP BY doc_id HAVING count(*) > ?1")?;
            let rows = stmt.query_map([COMPACT_AFTER], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for id in &due {
            self.compact(id)?;
        }
        Ok(due.len())
    }

    /// How many incremental changes are waiting for compaction.
    pub fn pending_changes(&self, id: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM changes WHERE doc_id = ?1",
            [id],
            |r| r.get(0),
        )?)
    }

    /// Reads a value from the `meta` table (device settings, not review data).
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| {
                r.get::<_, String>(0)
            })
            .optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
            [key, value],
        )?;
        Ok(())
    }

    /// The key for the meeting room's relay database on this laptop.
    pub(crate) fn room_key(&self) -> [u8; 32] {
        self.room_key.bytes()
    }

    /// How long the window may sit idle before it locks itself, as chosen on this device.
    pub fn lock_after_minutes(&self) -> Result<u32> {
        use northstar_schema::session::{DEFAULT_LOCK_AFTER_MINUTES, MAX_LOCK_AFTER_MINUTES};
        Ok(self
            .meta(LOCK_AFTER)?
            .and_then(|m| m.parse().ok())
            .filter(|m| (1..=MAX_LOCK_AFTER_MINUTES).contains(m))
            .unwrap_or(DEFAULT_LOCK_AFTER_MINUTES))
    }

    /// Chooses the idle time before the window locks: 1 to 60 minutes.
    pub fn set_lock_after_minutes(&self, minutes: u32) -> Result<u32> {
        use northstar_schema::session::MAX_LOCK_AFTER_MINUTES;
        if !(1..=MAX_LOCK_AFTER_MINUTES).contains(&minutes) {
            return Err(EngineError::Refused(format!(
                "choose between 1 and {MAX_LOCK_AFTER_MINUTES} minutes before the window locks"
            )));
        }
        self.set_meta(LOCK_AFTER, &minutes.to_string())?;
        Ok(minutes)
    }

    /// Reads a boolean flag from the `meta` table.
    pub fn flag(&self, key: &str) -> Result<bool> {
        Ok(self.meta(key)?.is_some_and(|v| v == "1"))
    }

    pub fn set_flag(&self, key: &str) -> Result<()> {
        self.set_meta(key, "1")
    }

    fn refresh(&mut self, id: &str) -> Result<()> {
        let (latest, compacted) =
            seqs(&self.conn, id)?.ok_or_else(|| EngineError::UnknownReview(id.into()))?;
        match self.open.get_mut(id) {
            Some(open) if open.seq == latest => Ok(()),
            Some(open) if open.seq < latest && open.seq >= compacted => {
                for bytes in changes_after(&self.conn, id, open.seq)? {
                    open.doc.load_incremental(&bytes)?;
                }
                open.seq = latest;
                open.model = None;
                Ok(())
            }
            _ => {
                let (doc, seq) = self.read_from_disk(id)?;
                self.open.insert(id.to_string(), OpenDoc::new(doc, seq));
                Ok(())
            }
        }
    }

    fn read_from_disk(&self, id: &str) -> Result<(AutoCommit, i64)> {
        read_from(&self.conn, id, &self.actor)
    }

    /// This device's signing key.
    pub fn device(&self) -> &crate::sync::DeviceKey {
        &self.device
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// Inside a write transaction: loads review `id` if this copy is missing or was compacted
/// away underneath it, then applies whatever other processes appended. Returns the open copy
/// and the newest stored seq.
fn catch_up<'a>(
    tx: &Connection,
    open: &'a mut HashMap<String, OpenDoc>,
    id: &str,
    actor: &automerge::ActorId,
) -> Result<(&'a mut OpenDoc, i64)> {
    let (latest, compacted) = seqs(tx, id)?.ok_or_else(|| EngineError::UnknownReview(id.into()))?;
    if open
        .get(id)
        .is_none_or(|o| o.seq > latest || o.seq < compacted)
    {
        let (doc, seq) = read_from(tx, id, actor)?;
        open.insert(id.to_string(), OpenDoc::new(doc, seq));
    }
    let doc = open.get_mut(id).expect("inserted above");
    if doc.seq < latest {
        for bytes in changes_after(tx, id, doc.seq)? {
            doc.doc.load_incremental(&bytes)?;
        }
        doc.seq = latest;
        doc.model = None;
    }
    Ok((doc, latest))
}

/// Stores one new change row for review `id` and projects `model`, inside the caller's
/// transaction: the one place local edits and changes from elsewhere are written.
fn append_change(
    tx: &Connection,
    id: &str,
    seq: i64,
    bytes: &[u8],
    model: &ReviewDocument,
) -> Result<()> {
    tx.execute(
        "INSERT INTO changes (doc_id, seq, bytes) VALUES (?1, ?2, ?3)",
        params![id, seq, bytes],
    )?;
    tx.execute(
        "UPDATE documents SET updated_at = ?2 WHERE id = ?1",
        params![id, now_iso()],
    )?;
    projection::upsert(tx, model)?;
    Ok(())
}

/// `(latest, compacted)`: the highest change seq for a document (its snapshot's if it has no
/// changes) and the seq its snapshot covers; `None` if the document does not exist.
fn seqs(conn: &Connection, id: &str) -> Result<Option<(i64, i64)>> {
    Ok(conn
        .query_row(
            "SELECT max(d.compacted_seq, coalesce((SELECT max(seq) FROM changes WHERE doc_id = d.id), 0)),
                    d.compacted_seq
             FROM documents d WHERE d.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

fn changes_after(conn: &Connection, id: &str, seq: i64) -> Result<Vec<Vec<u8>>> {
    let mut stmt = conn
        .prepare_cached("SELECT bytes FROM changes WHERE doc_id = ?1 AND seq > ?2 ORDER BY seq")?;
    let rows = stmt.query_map(params![id, seq], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Snapshot plus every change after it, and the seq reached.
fn read_from(conn: &Connection, id: &str, actor: &automerge::ActorId) -> Result<(AutoCommit, i64)> {
    let (snapshot, compacted): (Vec<u8>, i64) = conn
        .query_row(
            "SELECT snapshot, compacted_seq FROM documents WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| EngineError::UnknownReview(id.into()))?;
    let mut doc = AutoCommit::load(&snapshot)?;
    let mut seq = compacted;
    let mut stmt = conn.prepare_cached(
        "SELECT seq, bytes FROM changes WHERE doc_id = ?1 AND seq > ?2 ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![id, compacted], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
    })?;
    for row in rows {
        let (s, bytes) = row?;
        doc.load_incremental(&bytes)?;
        seq = s;
    }
    // A fresh actor per process (see `DeviceKey::actor`): two processes never share one.
    doc.set_actor(actor.clone());
    Ok((doc, seq))
}

pub(crate) fn now_iso() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Today's date in the user's local time zone: deadlines are local calendar days.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
