//! Where the logs live.
//!
//! [`LogStore`] is the whole contract between the relay's rules ([`crate::Relay`]) and its
//! storage, so a backend shared by several relay instances (PostgreSQL, say) can replace
//! [`SqliteLogStore`] without touching the HTTP layer. The relay checks message size, tokens'
//! form and rate limits itself; a store only has to keep the promises below, and keep them
//! under concurrency, because two relay instances (or two tasks) may append to one log at the
//! same moment.
//!
//! # Contract
//!
//! - A log's sequence numbers start at 1 and are contiguous: after `n` successful appends the
//!   log holds exactly seqs `1..=n`. A seq is never reused and never changes its bytes.
//! - An append is durable when it returns `Ok`: a crash or power cut afterwards must not lose
//!   it, because the client has been told its change is safe and may discard its own copy.
//! - An append that returns `Err` stored nothing: no entry, no bytes counted, no snapshot.
//! - A log's access token hash is fixed by whoever creates it and never changes. A per-member
//!   log's owner key and series are fixed the same way, and its token hash matches no token.
//! - A revoked subject stays revoked, in every log of its series.
//! - Reads see only complete appends, in rising seq order.
//! - A drop (a one-time message) is answered at most once, and never after its expiry.
//!
//! A store reached over a network has one case no store can decide alone: the connection is
//! lost while the database commits an append, so the answer never arrives. The PostgreSQL
//! store then asks the database whether the envelope is there before answering (see
//! [`PostgresLogStore`]), and answers [`RelayError::StorageUnavailable`] only when it could
//! not find out; the client sends the envelope again, and at worst it is stored twice, which
//! receivers already discard as a replay.
//!
//! # News from other instances
//!
//! When several relay processes share one store, a pull waiting in one must wake for an
//! append made through another. [`LogStore::changes`] is how a store tells its relay about
//! those; a store only one process uses (SQLite) has nothing to tell and keeps the default.
//!
//! [`RelayError::StorageUnavailable`]: crate::RelayError::StorageUnavailable

mod postgres;
mod sqlite;

pub use postgres::PostgresLogStore;
pub use sqlite::SqliteLogStore;

/// The token hash a per-member log is stored with: SHA-256 of no known input, so no shared
/// token ever matches it.
pub(crate) const NO_TOKEN: [u8; 32] = [0; 32];

use crate::error::Result;
use northstar_schema::sync::LogEntry;
use std::future::Future;

/// What [`LogStore::register_or_check`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The log did not exist; it now does, owned by the token hash given.
    Created,
    /// The log existed and the token hash matched.
    Existing,
}

/// What kind of log an id names, for checking a request's credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    /// No log has this id.
    Unknown,
    /// A log opened by one shared token (compared by [`LogStore::check`]).
    SharedToken,
    /// A log whose owner's device issues each member's credential.
    PerMember {
        owner_key: [u8; 32],
        series: [u8; 32],
    },
}

/// News that a log may have changed, made outside this process (see [`LogStore::changes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Something was appended to (or deleted from) this log, by any relay instance.
    Log(String),
    /// News may have been missed (the store could not hear for a while): every waiting pull
    /// should look again.
    Everything,
}

/// What [`LogStore::pull_view`] read for one pull.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullView {
    pub entries: Vec<LogEntry>,
    pub head: u64,
    pub usage: u64,
    /// The digest asked for: `None` if none was, `Some(None)` if that entry is not there.
    pub before: Option<Option<[u8; 32]>>,
}

/// Totals over the whole store, for benchmarks and the operator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreStats {
    pub logs: u64,
    pub entries: u64,
    /// Bytes of stored envelopes (not counting the store's own overhead).
    pub bytes: u64,
}

/// An append-only store of opaque envelopes, one log per review.
///
/// `log_id` is always a well-formed id ([`northstar_schema::sync::api::is_log_id`]): the
/// relay checks it before calling. Token hashes are SHA-256 of the client's token; a store
/// compares them but never sees a token.
pub trait LogStore: Send + Sync + 'static {
    /// For an append: creates the log owned by `token_hash` if it does not exist, or checks
    /// the hash against the owner's. A new log is refused with [`RelayError::RelayFull`] when
    /// `max_logs` logs already exist. Two racing creators with different tokens: exactly one
    /// wins, the other gets [`RelayError::Forbidden`].
    ///
    /// [`RelayError::RelayFull`]: crate::RelayError::RelayFull
    /// [`RelayError::Forbidden`]: crate::RelayError::Forbidden
    fn register_or_check(
        &self,
        log_id: &str,
        token_hash: [u8; 32],
        max_logs: Option<u64>,
    ) -> impl Future<Output = Result<Access>> + Send;

    /// Whether `owner_hash` is the log's owner token hash. The first hash a log is offered
    /// becomes its owner's (the owner's device makes the log, with its first snapshot); a
    /// different one later answers `false`. An unknown log answers `false`.
    fn is_owner(
        &self,
        log_id: &str,
        owner_hash: [u8; 32],
    ) -> impl Future<Output = Result<bool>> + Send;

    /// For a read: [`RelayError::UnknownLog`] if the log does not exist,
    /// [`RelayError::Forbidden`] if the hash is not the owner's.
    ///
    /// [`RelayError::UnknownLog`]: crate::RelayError::UnknownLog
    /// [`RelayError::Forbidden`]: crate::RelayError::Forbidden
    fn check(&self, log_id: &str, token_hash: [u8; 32]) -> impl Future<Output = Result<()>> + Send;

    /// Which kind of log `log_id` is.
    fn log_kind(&self, log_id: &str) -> impl Future<Output = Result<LogKind>> + Send;

    /// Creates a per-member log owned by `owner_key`, or answers [`Access::Existing`] if the
    /// same owner made it already. A log made otherwise (another owner, a shared token) is
    /// [`RelayError::Forbidden`]; past `max_logs` logs, [`RelayError::RelayFull`]. The
    /// relay has checked the owner's signature and the log id before calling.
    ///
    /// [`RelayError::RelayFull`]: crate::RelayError::RelayFull
    /// [`RelayError::Forbidden`]: crate::RelayError::Forbidden
    fn create_per_member(
        &self,
        log_id: &str,
        owner_key: [u8; 32],
        series: [u8; 32],
        max_logs: Option<u64>,
    ) -> impl Future<Output = Result<Access>> + Send;

    /// Withdraws `subject`'s credential for good, for `log_id` and every log of the same
    /// series (the review's next key generations). Revoking twice is harmless. An unknown log
    /// is [`RelayError::UnknownLog`], a shared-token log [`RelayError::Forbidden`].
    ///
    /// [`RelayError::UnknownLog`]: crate::RelayError::UnknownLog
    /// [`RelayError::Forbidden`]: crate::RelayError::Forbidden
    fn revoke(&self, log_id: &str, subject: [u8; 32]) -> impl Future<Output = Result<()>> + Send;

    /// Deletes the log and every entry in it, for good, and answers whether there was one;
    /// for a per-member log, every other log of its series too (the review's earlier key
    /// generations, whose keys the owner no longer holds). Its id may be used again
    /// afterwards, by whoever creates it. Revocations stay: they belong to the review's
    /// series, not to one log.
    fn delete_log(&self, log_id: &str) -> impl Future<Output = Result<bool>> + Send;

    /// Whether `subject`'s credential was withdrawn for `log_id`'s series.
    fn is_revoked(
        &self,
        log_id: &str,
        subject: [u8; 32],
    ) -> impl Future<Output = Result<bool>> + Send;

    /// Appends one envelope atomically and durably, returning its seq (the previous head + 1).
    ///
    /// Refuses with [`RelayError::Quota`] if the log's stored bytes plus these would exceed
    /// `quota_bytes`. With `snapshot_covers = Some(c)` the envelope is recorded as the log's
    /// newest snapshot, covering entries `1..=c`; `c` must be below the seq it gets (a
    /// snapshot cannot include entries that do not exist yet), else
    /// [`RelayError::BadRequest`].
    ///
    /// [`RelayError::Quota`]: crate::RelayError::Quota
    /// [`RelayError::BadRequest`]: crate::RelayError::BadRequest
    fn append(
        &self,
        log_id: &str,
        bytes: Vec<u8>,
        snapshot_covers: Option<u64>,
        quota_bytes: u64,
    ) -> impl Future<Output = Result<u64>> + Send;

    /// Up to `limit` entries with seq greater than `after`, in rising seq order. An unknown
    /// log reads as empty.
    fn read_after(
        &self,
        log_id: &str,
        after: u64,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<LogEntry>>> + Send;

    /// The newest snapshot as `(snapshot_seq, covers)`, if the log has one.
    fn snapshot_start(
        &self,
        log_id: &str,
    ) -> impl Future<Output = Result<Option<(u64, u64)>>> + Send;

    /// The SHA-256 of the entry at `seq`, or `None` if the log holds none there. Kept at
    /// append time, so answering costs no hashing of large envelopes.
    fn digest_at(
        &self,
        log_id: &str,
        seq: u64,
    ) -> impl Future<Output = Result<Option<[u8; 32]>>> + Send;

    /// The highest seq in the log (0 for an empty or unknown log).
    fn head(&self, log_id: &str) -> impl Future<Output = Result<u64>> + Send;

    /// Bytes of envelopes stored in the log, as counted against the quota.
    fn usage(&self, log_id: &str) -> impl Future<Output = Result<u64>> + Send;

    /// Everything one pull answers: up to `limit` entries after `after`, then the log's head
    /// and usage (read after the entries, so the head is never below the last entry), and
    /// the digest of entry `digest_of` (`None` when it is 0). A pull is most of a relay's
    /// traffic, so a store should read these in one go; this default asks one at a time.
    fn pull_view(
        &self,
        log_id: &str,
        after: u64,
        limit: usize,
        digest_of: u64,
    ) -> impl Future<Output = Result<PullView>> + Send {
        async move {
            let entries = self.read_after(log_id, after, limit).await?;
            let head = self.head(log_id).await?;
            let usage = self.usage(log_id).await?;
            let before = match digest_of {
                0 => None,
                seq => Some(self.digest_at(log_id, seq).await?),
            };
            Ok(PullView {
                entries,
                head,
                usage,
                before,
            })
        }
    }

    /// Totals over every log.
    fn stats(&self) -> impl Future<Output = Result<StoreStats>> + Send;

    /// Leaves `bytes` as the one-time message `drop_id`, owned by `token_hash`, until
    /// `expires_at` (seconds since 1970). Deletes every drop already expired at `now` first.
    /// An id already in use is [`RelayError::Forbidden`]; past `max_drops` live drops,
    /// [`RelayError::RelayFull`].
    ///
    /// [`RelayError::Forbidden`]: crate::RelayError::Forbidden
    /// [`RelayError::RelayFull`]: crate::RelayError::RelayFull
    fn put_drop(
        &self,
        drop_id: &str,
        token_hash: [u8; 32],
        bytes: Vec<u8>,
        expires_at: i64,
        now: i64,
        max_drops: u64,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Answers drop `drop_id`'s bytes and deletes it, atomically: of two racing takes, one
    /// gets the bytes and the other [`RelayError::Gone`], as does a take of a drop that
    /// expired by `now` (which is deleted) or never existed. A wrong token is
    /// [`RelayError::Forbidden`] and leaves the drop in place.
    ///
    /// [`RelayError::Gone`]: crate::RelayError::Gone
    /// [`RelayError::Forbidden`]: crate::RelayError::Forbidden
    fn take_drop(
        &self,
        drop_id: &str,
        token_hash: [u8; 32],
        now: i64,
    ) -> impl Future<Output = Result<Vec<u8>>> + Send;

    /// Answers `Ok` if the store can serve a read right now, for `/healthz`: a load balancer
    /// or container runtime calls it every few seconds, so it must be cheap. The default reads
    /// one log's head by its key (an indexed lookup); a store with a cheaper probe
    /// (`SELECT 1`) may override it.
    fn ping(&self) -> impl Future<Output = Result<()>> + Send {
        async move { self.head(PING_LOG).await.map(|_| ()) }
    }

    /// Changes made by other processes sharing this store, so a [`crate::Relay`] can wake
    /// the pulls waiting on it; `None` (the default) when no other process writes to it, as
    /// for SQLite, whose relay wakes its pulls itself after each append.
    ///
    /// Each call gives a new receiver that sees every change from then on. One that falls
    /// behind ([`Lagged`]) has missed news and should treat that as [`Change::Everything`].
    ///
    /// [`Lagged`]: tokio::sync::broadcast::error::RecvError::Lagged
    fn changes(&self) -> Option<tokio::sync::broadcast::Receiver<Change>> {
        None
    }
}

/// The log id [`LogStore::ping`] looks up: well formed, so a store may assume its usual
/// invariant. Whether a log has it makes no difference; only that the lookup answered.
pub(crate) const PING_LOG: &str = "00000000000000000000000000000000";

/// Compares a token hash with a stored one without an early exit, so the time taken says
/// nothing about how many leading bytes matched.
pub(crate) fn same_hash(hash: &[u8; 32], stored: &[u8]) -> bool {
    if stored.len() != hash.len() {
        return false;
    }
    hash.iter()
        .zip(stored)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}
