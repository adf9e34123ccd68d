//! The SQLite backend: one file, one connection, good for one relay process.
//!
//! Durability comes from WAL with `synchronous = FULL`: a commit returns only after the WAL
//! has been fsynced, so an append the client saw acknowledged survives `kill -9` or a power
//! cut. Each append is one `BEGIN IMMEDIATE` transaction, which takes the write lock before
//! reading the head, so two writers (even in two processes) cannot both pick the same seq.
//!
//! rusqlite is blocking, so every call runs on tokio's blocking pool; a single connection
//! behind a mutex is plenty for a relay whose appends are small and whose disk is the limit.

use super::{same_hash, Access, LogKind, LogStore, PullView, StoreStats, NO_TOKEN};
use crate::error::{RelayError, Result};
use northstar_schema::sync::LogEntry;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Bumped when the tables change, so an older relay refuses a newer file instead of
/// misreading it.
const SCHEMA_VERSION: i64 = 3;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS logs (
    log_id          TEXT PRIMARY KEY NOT NULL,
    token_hash      BLOB NOT NULL,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    head            INTEGER NOT NULL DEFAULT 0,
    bytes_used      INTEGER NOT NULL DEFAULT 0,
    snapshot_seq    INTEGER,
    snapshot_covers INTEGER,
    owner_hash      BLOB,
    owner_key       BLOB,
    series          BLOB
) STRICT;
CREATE TABLE IF NOT EXISTS revoked (
    series  BLOB NOT NULL,
    subject BLOB NOT NULL,
    PRIMARY KEY (series, subject)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entries (
    log_id TEXT NOT NULL REFERENCES logs(log_id),
    seq    INTEGER NOT NULL,
    bytes  BLOB NOT NULL,
    digest BLOB,
    PRIMARY KEY (log_id, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS drops (
    drop_id    TEXT PRIMARY KEY NOT NULL,
    token_hash BLOB NOT NULL,
    bytes      BLOB NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
";

/// A [`LogStore`] in one SQLite database (a file, or memory for tests and embedding).
#[derive(Clone)]
pub struct SqliteLogStore {
    conn: Arc<Mutex<Connection>>,
}

impl std::fmt::Debug for SqliteLogStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteLogStore").finish_non_exhaustive()
    }
}

impl SqliteLogStore {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteLogStore> {
        Self::open_with_key(path, None)
    }

    /// As [`SqliteLogStore::open`], encrypted with SQLCipher under `key` when one is given.
    pub fn open_with_key(path: impl AsRef<Path>, key: Option<&[u8; 32]>) -> Result<SqliteLogStore> {
        let path = path.as_ref();
        let conn = Connection::open(path)
            .map_err(|e| RelayError::internal(format!("cannot open {}: {e}", path.display())))?;
        if let Some(key) = key {
            conn.pragma_update(None, "key", format!("x'{}'", hex::encode(key)))
                .map_err(|e| RelayError::internal(format!("cannot key {}: {e}", path.display())))?;
        }
        Self::setup(conn).map_err(|e| match e {
            RelayError::Internal { detail } => {
                RelayError::internal(format!("cannot use {}: {detail}", path.display()))
            }
            other => other,
        })
    }

    /// A store that lives only as long as this value (and its clones).
    pub fn open_in_memory() -> Result<SqliteLogStore> {
        let conn = Connection::open_in_memory().map_err(RelayError::internal)?;
        Self::setup(conn)
    }

    fn setup(conn: Connection) -> Result<SqliteLogStore> {
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(RelayError::internal)?;
        // In memory the journal mode stays "memory"; that is fine, there is nothing to keep.
        let _mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(RelayError::internal)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(RelayError::internal)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(RelayError::internal)?;
        // A deleted log's bytes are overwritten, not left in free pages.
        conn.pragma_update(None, "secure_delete", "ON")
            .map_err(RelayError::internal)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(RelayError::internal)?;
        if version > SCHEMA_VERSION {
            return Err(RelayError::internal(format!(
                "the database was written by a newer relay (schema {version}, this relay knows {SCHEMA_VERSION})"
            )));
        }
        // Older files get their new columns before the schema (whose tables already exist)
        // is run; a new file gets everything from the schema.
        if (1..3).contains(&version) {
            // Version 3 keeps per-member logs' owner key and series.
            conn.execute_batch(
                "ALTER TABLE logs ADD COLUMN owner_key BLOB;
                 ALTER TABLE logs ADD COLUMN series BLOB;",
            )
            .map_err(RelayError::internal)?;
        }
        conn.execute_batch(SCHEMA).map_err(RelayError::internal)?;
        if version == 1 {
            // Version 2 keeps each entry's SHA-256; older entries get theirs when first asked.
            // And the owner's second token, whose appends may use a reserve past the quota.
            conn.execute_batch(
                "ALTER TABLE entries ADD COLUMN digest BLOB;
                 ALTER TABLE logs ADD COLUMN owner_hash BLOB;",
            )
            .map_err(RelayError::internal)?;
        }
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(RelayError::internal)?;
        Ok(SqliteLogStore {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` on the blocking pool with the connection locked.
    async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<Result<T>> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        let job = tokio::task::spawn_blocking(move || {
            let mut guard = conn
                .lock()
                .map_err(|_| RelayError::internal("the storage lock was poisoned by a crash"))?;
            f(&mut guard).map_err(RelayError::internal)?
        });
        job.await.map_err(RelayError::internal)?
    }
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// SQLite integers are signed; ours never go below zero, and a negative one means the file
/// was edited by hand, which reads as zero rather than wrapping to a huge number.
fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// The log's shared token hash; a per-member log answers an empty one, which matches nothing.
fn token_hash_of(conn: &Connection, log_id: &str) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.prepare_cached(
        "SELECT CASE WHEN owner_key IS NULL THEN token_hash ELSE X'' END
         FROM logs WHERE log_id = ?1",
    )?
    .query_row([log_id], |row| row.get(0))
    .optional()
}

/// Up to `limit` entries of `log_id` after seq `after`, in seq order.
fn entries_after(
    conn: &Connection,
    log_id: &str,
    after: u64,
    limit: usize,
) -> rusqlite::Result<Vec<LogEntry>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare_cached(
        "SELECT seq, bytes FROM entries WHERE log_id = ?1 AND seq > ?2
         ORDER BY seq LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![log_id, to_i64(after), limit], |r| {
        Ok(LogEntry {
            seq: to_u64(r.get(0)?),
            bytes: r.get(1)?,
        })
    })?;
    rows.collect()
}

/// The digest of entry `seq`, if it is there.
fn digest_of(conn: &Connection, log_id: &str, seq: u64) -> rusqlite::Result<Option<[u8; 32]>> {
    // The bytes only for an entry stored before digests were kept.
    type Row = (Option<Vec<u8>>, Option<Vec<u8>>);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT digest, CASE WHEN digest IS NULL THEN bytes END
             FROM entries WHERE log_id = ?1 AND seq = ?2",
        )?
        .query_row(params![log_id, to_i64(seq)], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match row {
        None => None,
        Some((Some(d), _)) => d.try_into().ok(),
        Some((None, Some(bytes))) => Some(sha256(&bytes)),
        Some((None, None)) => None,
    })
}

/// Whether the store already holds `max_logs` logs.
fn full(conn: &Connection, max_logs: Option<u64>) -> rusqlite::Result<bool> {
    let Some(max) = max_logs else {
        return Ok(false);
    };
    let count: i64 = conn.query_row("SELECT COUNT(*) FROM logs", [], |r| r.get(0))?;
    Ok(to_u64(count) >= max)
}

/// A log's owner key and series (both `NULL` for a shared-token log); `None` for no log.
type OwnerRow = (Option<Vec<u8>>, Option<Vec<u8>>);

fn owner_of(conn: &Connection, log_id: &str) -> rusqlite::Result<Option<OwnerRow>> {
    conn.prepare_cached("SELECT owner_key, series FROM logs WHERE log_id = ?1")?
        .query_row([log_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

impl LogStore for SqliteLogStore {
    async fn register_or_check(
        &self,
        log_id: &str,
        token_hash: [u8; 32],
        max_logs: Option<u64>,
    ) -> Result<Access> {
        let log_id = log_id.to_owned();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if let Some(stored) = token_hash_of(&tx, &log_id)? {
                return Ok(if same_hash(&token_hash, &stored) {
                    Ok(Access::Existing)
                } else {
                    Err(RelayError::Forbidden)
                });
            }
            if full(&tx, max_logs)? {
                return Ok(Err(RelayError::RelayFull));
            }
            tx.execute(
                "INSERT INTO logs (log_id, token_hash) VALUES (?1, ?2)",
                params![log_id, &token_hash[..]],
            )?;
            tx.commit()?;
            Ok(Ok(Access::Created))
        })
        .await
    }

    async fn is_owner(&self, log_id: &str, owner_hash: [u8; 32]) -> Result<bool> {
        let log_id = log_id.to_owned();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let row: Option<Option<Vec<u8>>> = tx
                .prepare_cached("SELECT owner_hash FROM logs WHERE log_id = ?1")?
                .query_row([&log_id], |r| r.get(0))
                .optional()?;
            let owner = match row {
                None => false,
                Some(Some(stored)) => same_hash(&owner_hash, &stored),
                Some(None) => {
                    tx.execute(
                        "UPDATE logs SET owner_hash = ?2 WHERE log_id = ?1",
                        params![log_id, &owner_hash[..]],
                    )?;
                    true
                }
            };
            tx.commit()?;
            Ok(Ok(owner))
        })
        .await
    }

    async fn log_kind(&self, log_id: &str) -> Result<LogKind> {
        let log_id = log_id.to_owned();
        self.run(move |conn| {
            let row = owner_of(conn, &log_id)?;
            Ok(Ok(match row {
                None => LogKind::Unknown,
                Some((Some(owner), Some(series))) => match (owner.try_into(), series.try_into()) {
                    (Ok(owner_key), Ok(series)) => LogKind::PerMember { owner_key, series },
                    _ => return Ok(Err(RelayError::internal("a log's owner key is damaged"))),
                },
                Some(_) => LogKind::SharedToken,
            }))
        })
        .await
    }

    async fn create_per_member(
        &self,
        log_id: &str,
        owner_key: [u8; 32],
        series: [u8; 32],
        max_logs: Option<u64>,
    ) -> Result<Access> {
        let log_id = log_id.to_owned();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let row = owner_of(&tx, &log_id)?;
            if let Some((owner, stored_series)) = row {
                let same = owner.is_some_and(|o| same_hash(&owner_key, &o))
                    && stored_series.is_some_and(|s| same_hash(&series, &s));
                return Ok(if same {
                    Ok(Access::Existing)
                } else {
                    Err(RelayError::Forbidden)
                });
            }
            if full(&tx, max_logs)? {
                return Ok(Err(RelayError::RelayFull));
            }
            tx.execute(
                "INSERT INTO logs (log_id, token_hash, owner_key, series) VALUES (?1, ?2, ?3, ?4)",
                params![log_id, &NO_TOKEN[..], &owner_key[..], &series[..]],
            )?;
            tx.commit()?;
            Ok(Ok(Access::Created))
        })
        .await
    }

    async fn revoke(&self, log_id: &str, subject: [u8; 32]) -> Result<()> {
        let log_id = log_id.to_owned();
        self.run(move |conn| {
            let series: Option<Option<Vec<u8>>> = conn
                .prepare_cached("SELECT series FROM logs WHERE log_id = ?1")?
                .query_row([&log_id], |r| r.get(0))
                .optional()?;
            let series = match series {
                None => return Ok(Err(RelayError::UnknownLog)),
                Some(None) => return Ok(Err(RelayError::Forbidden)),
                Some(Some(series)) => series,
            };
            conn.prepare_cached("INSERT OR IGNORE INTO revoked (series, subject) VALUES (?1, ?2)")?
                .execute(params![series, &subject[..]])?;
            Ok(Ok(()))
        })
        .await
    }

    async fn delete_log(&self, log_id: &str) -> Result<bool> {
        let log_id = log_id.to_owned();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            // The log, and every other log of its series: the review's earlier key generations.
            const SERIES: &str = "SELECT log_id FROM logs WHERE log_id = ?1 OR series = (
                 SELECT series FROM logs WHERE log_id = ?1 AND series IS NOT NULL)";
            tx.execute(
                &format!("DELETE FROM entries WHERE log_id IN ({SERIES})"),
                [&log_id],
            )?;
            let deleted = tx.execute(
                &format!("DELETE FROM logs WHERE log_id IN ({SERIES})"),
                [&log_id],
            )?;
            tx.commit()?;
            Ok(Ok(deleted > 0))
        })
        .await
    }

    async fn is_revoked(&self, log_id: &str, subject: [u8; 32]) -> Result<bool> {
        let log_id = log_id.to_owned();
        self.run(move |conn| {
            let found = conn
                .prepare_cached(
                    "SELECT 1 FROM revoked JOIN logs ON logs.series = revoked.series
                     WHERE logs.log_id = ?1 AND revoked.subject = ?2",
                )?
                .query_row(params![log_id, &subject[..]], |_| Ok(()))
                .optional()?;
            Ok(Ok(found.is_some()))
        })
        .await
    }

    async fn check(&self, log_id: &str, token_hash: [u8; 32]) -> Result<()> {
        let log_id = log_id.to_owned();
        self.run(move |conn| {
            Ok(match token_hash_of(conn, &log_id)? {
                None => Err(RelayError::UnknownLog),
                Some(stored) if same_hash(&token_hash, &stored) => Ok(()),
                Some(_) => Err(RelayError::Forbidden),
            })
        })
        .await
    }

    async fn append(
        &self,
        log_id: &str,
        bytes: Vec<u8>,
        snapshot_covers: Option<u64>,
        quota_bytes: u64,
    ) -> Result<u64> {
        let log_id = log_id.to_owned();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let row: Option<(i64, i64)> = tx
                .prepare_cached("SELECT head, bytes_used FROM logs WHERE log_id = ?1")?
                .query_row([&log_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((head, used)) = row else {
                return Ok(Err(RelayError::UnknownLog));
            };
            let (head, used) = (to_u64(head), to_u64(used));
            if let Some(covers) = snapshot_covers {
                if covers > head {
                    return Ok(Err(RelayError::bad_request(format!(
                        "this snapshot says it includes entries up to {covers}, \
                         but the log only has {head} entries"
                    ))));
                }
            }
            let new_used = used.saturating_add(bytes.len() as u64);
            if new_used > quota_bytes {
                return Ok(Err(RelayError::Quota { quota: quota_bytes }));
            }
            let seq = head + 1;
            let digest = sha256(&bytes);
            tx.prepare_cached(
                "INSERT INTO entries (log_id, seq, bytes, digest) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![log_id, to_i64(seq), bytes, &digest[..]])?;
            let snapshot_seq = snapshot_covers.map(|_| to_i64(seq));
            tx.prepare_cached(
                "UPDATE logs SET head = ?2, bytes_used = ?3,
                     snapshot_seq = COALESCE(?4, snapshot_seq),
                     snapshot_covers = COALESCE(?5, snapshot_covers)
                 WHERE log_id = ?1",
            )?
            .execute(params![
                log_id,
                to_i64(seq),
                to_i64(new_used),
                snapshot_seq,
                snapshot_covers.map(to_i64)
            ])?;
            tx.commit()?;
            Ok(Ok(seq))
        })
        .await
    }

    async fn read_after(&self, log_id: &str, after: u64, limit: usize) -> Result<Vec<LogEntry>> {
        let log_id = log_id.to_owned();
        self.run(move |conn| Ok(Ok(entries_after(conn, &log_id, after, limit)?)))
            .await
    }

    async fn digest_at(&self, log_id: &str, seq: u64) -> Result<Option<[u8; 32]>> {
        let log_id = log_id.to_owned();
        self.run(move |conn| Ok(Ok(digest_of(conn, &log_id, seq)?)))
            .await
    }

    async fn pull_view(
        &self,
        log_id: &str,
        after: u64,
        limit: usize,
        digest_of_seq: u64,
    ) -> Result<PullView> {
        let log_id = log_id.to_owned();
        // One trip to the blocking pool and one read transaction for the whole answer.
        self.run(move |conn| {
            let tx = conn.transaction()?;
            let entries = entries_after(&tx, &log_id, after, limit)?;
            let (head, usage): (i64, i64) = tx
                .prepare_cached("SELECT head, bytes_used FROM logs WHERE log_id = ?1")?
                .query_row([&log_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .unwrap_or((0, 0));
            let before = match digest_of_seq {
                0 => None,
                seq => Some(digest_of(&tx, &log_id, seq)?),
            };
            tx.commit()?;
            Ok(Ok(PullView {
                entries,
                head: to_u64(head),
                usage: to_u64(usage),
                before,
            }))
        })
        .await
    }

    async fn snapshot_start(&self, log_id: &str) -> Result<Option<(u64, u64)>> {
        let log_id = log_id.to_owned();
        self.run(move |conn| {
            let row: Option<(Option<i64>, Option<i64>)> = conn
                .prepare_cached("SELECT snapshot_seq, snapshot_covers FROM logs WHERE log_id = ?1")?
                .query_row([&log_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            Ok(Ok(match row {
                Some((Some(seq), Some(covers))) => Some((to_u64(seq), to_u64(covers))),
                _ => None,
            }))
        })
        .await
    }

    async fn head(&self, log_id: &str) -> Result<u64> {
        let log_id = log_id.to_owned();
        self.run(move |conn| {
            let head: Option<i64> = conn
                .prepare_cached("SELECT head FROM logs WHERE log_id = ?1")?
                .query_row([&log_id], |r| r.get(0))
                .optional()?;
            Ok(Ok(head.map_or(0, to_u64)))
        })
        .await
    }

    async fn usage(&self, log_id: &str) -> Result<u64> {
        let log_id = log_id.to_owned();
        self.run(move |conn| {
            let used: Option<i64> = conn
                .prepare_cached("SELECT bytes_used FROM logs WHERE log_id = ?1")?
                .query_row([&log_id], |r| r.get(0))
                .optional()?;
            Ok(Ok(used.map_or(0, to_u64)))
        })
        .await
    }

    async fn put_drop(
        &self,
        drop_id: &str,
        token_hash: [u8; 32],
        bytes: Vec<u8>,
        expires_at: i64,
        now: i64,
        max_drops: u64,
    ) -> Result<()> {
        let drop_id = drop_id.to_owned();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute("DELETE FROM drops WHERE expires_at <= ?1", [now])?;
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM drops WHERE drop_id = ?1)",
                [&drop_id],
                |r| r.get(0),
            )?;
            if taken {
                return Ok(Err(RelayError::Forbidden));
            }
            let live: i64 = tx.query_row("SELECT COUNT(*) FROM drops", [], |r| r.get(0))?;
            if to_u64(live) >= max_drops {
                return Ok(Err(RelayError::RelayFull));
            }
            tx.execute(
                "INSERT INTO drops (drop_id, token_hash, bytes, expires_at) VALUES (?1, ?2, ?3, ?4)",
                params![drop_id, &token_hash[..], bytes, expires_at],
            )?;
            tx.commit()?;
            Ok(Ok(()))
        })
        .await
    }

    async fn take_drop(&self, drop_id: &str, token_hash: [u8; 32], now: i64) -> Result<Vec<u8>> {
        let drop_id = drop_id.to_owned();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let row: Option<(Vec<u8>, Vec<u8>, i64)> = tx
                .query_row(
                    "SELECT token_hash, bytes, expires_at FROM drops WHERE drop_id = ?1",
                    [&drop_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((stored, bytes, expires_at)) = row else {
                return Ok(Err(RelayError::Gone));
            };
            if !same_hash(&token_hash, &stored) {
                return Ok(Err(RelayError::Forbidden));
            }
            tx.execute("DELETE FROM drops WHERE drop_id = ?1", [&drop_id])?;
            tx.commit()?;
            Ok(if expires_at <= now {
                Err(RelayError::Gone)
            } else {
                Ok(bytes)
            })
        })
        .await
    }

    async fn stats(&self) -> Result<StoreStats> {
        self.run(|conn| {
            // Seqs are contiguous from 1, so a log's head is its entry count.
            let (logs, entries, bytes): (i64, i64, i64) = conn.query_row(
                "SELECT COUNT(*), COALESCE(SUM(head), 0), COALESCE(SUM(bytes_used), 0) FROM logs",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            Ok(Ok(StoreStats {
                logs: to_u64(logs),
                entries: to_u64(entries),
                bytes: to_u64(bytes),
            }))
        })
        .await
    }
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    <sha2::Sha256 as sha2::Digest>::digest(bytes).into()
}
