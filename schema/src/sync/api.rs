//! The relay's HTTP interface, shared by the relay and its clients.
//!
//! | request | does |
//! |---|---|
//! | `GET /v1/health` | `ok` |
//! | `POST /v1/logs/{log}` + body | appends one sealed envelope; answers [`AppendReceipt`] |
//! | `GET /v1/logs/{log}?after=N` | entries after `N`, framed by [`crate::sync::encode_entries`] |
//! | `PUT /v1/drops/{drop}` + body | leaves a one-time message until [`EXPIRES_HEADER`] |
//! | `POST /v1/drops/{drop}/take` | answers the message and deletes it |
//! | `POST /v1/logs/{log}/revoked` + subject (64 hex digits) | the owner withdraws a credential |
//! | `DELETE /v1/logs/{log}` | the owner deletes the log and everything in it |
//!
//! A drop is a one-time message (a meeting room's invitation): it holds one body of at most
//! [`MAX_DROP_BYTES`], is deleted when taken, and is gone after its expiry, which the relay
//! enforces (at most [`MAX_DROP_SECONDS`] ahead). Its id has a log id's form.
//!
//! Every log request carries `Authorization: Bearer {token}`. A log is one of two kinds:
//! - **per-member** (what Northstar makes): the owner's device creates it with
//!   [`LOG_OWNER_HEADER`](super::LOG_OWNER_HEADER), and each device then brings its own
//!   [`MemberCredential`](super::MemberCredential), which the owner can revoke;
//! - **shared token**: the first append registers the token's hash; afterwards only the same
//!   token reads or writes it.
//!
//! A pull may add `limit` (entries, at most [`MAX_PULL_ENTRIES`]), `wait` (seconds to hold the
//! request open until something arrives, at most [`MAX_WAIT_SECONDS`]) and
//! `from_snapshot=true` (a newcomer: start at the newest snapshot instead of the first entry).
//! An append of a snapshot says which entries it covers with the [`SNAPSHOT_COVERS_HEADER`]
//! header.
//! Errors come back as [`RelayErrorBody`] with a plain-words message.

use serde::{Deserialize, Serialize};

/// Header on a snapshot append: the highest log seq the snapshot includes.
pub const SNAPSHOT_COVERS_HEADER: &str = "x-northstar-snapshot-covers";
/// Header on a pull response: the log's newest seq, so a client can show progress.
pub const HEAD_HEADER: &str = "x-northstar-head";
/// Header on a pull response after seq `n > 0`: the SHA-256 (hex) of the entry at `n`, or
/// `none` if the log holds no entry there. A client checks it against what it read there
/// last, to notice a relay that went back, without fetching that entry again.
pub const BEFORE_HEADER: &str = "x-northstar-before";
/// Header on a pull response: the bytes members may still append to the log, then a space,
/// then the log's quota (`"1048576 268435456"`). The owner's device moves the review to a new
/// log well before the first reaches 0, so a full log never ends a review's sync.
pub const ROOM_HEADER: &str = "x-northstar-room";
/// Header on an append from the review's owner: a second token only the owner's device can
/// make. The first one a log sees is kept; appends that carry it may use
/// [`OWNER_RESERVE_BYTES`] past the log's quota, so a member who fills the log cannot stop
/// the owner removing them (which needs one more entry in the full log).
pub const OWNER_TOKEN_HEADER: &str = "x-northstar-owner-token";
/// Room kept past a log's quota for its owner's appends: a new key and a snapshot.
pub const OWNER_RESERVE_BYTES: u64 = 64 * 1024 * 1024;
/// Header on a drop: when it stops being available, in seconds since 1970 (UTC).
pub const EXPIRES_HEADER: &str = "x-northstar-expires";
/// The largest drop: an invitation is a few hundred bytes.
pub const MAX_DROP_BYTES: usize = 16 * 1024;
/// The furthest ahead a drop may expire: a day.
pub const MAX_DROP_SECONDS: i64 = 24 * 3600;
/// The most entries one pull returns.
pub const MAX_PULL_ENTRIES: usize = 1000;
/// The longest a pull may wait for new entries.
pub const MAX_WAIT_SECONDS: u64 = 30;

/// The answer to an append.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppendReceipt {
    /// Where the envelope now sits in the log.
    pub seq: u64,
}

/// Why the relay refused a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayErrorBody {
    /// A stable name: `unauthorised`, `revoked`, `unknown-log`, `gone`, `too-large`, `quota`, `rate`, `bad-request`, `internal`, `unavailable` (the relay's database is out of reach: try again shortly).
    pub code: String,
    /// Plain words for people.
    pub error: String,
}

/// Whether a string is a well-formed log id (32 lowercase hex digits).
pub fn is_log_id(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
