//! Sync wire types and rules: what participants' devices and the relay exchange.
//!
//! Each participant's copy of a review syncs through a relay that stores opaque, encrypted
//! envelopes in an append-only log per review and holds no keys. This module defines the
//! shared vocabulary; the cryptography and I/O live in the engine and the relay.
//!
//! Key types:
//! - [`Invitation`]: how a review is shared, in one role (a text code or QR code).
//! - [`Grant`]: a device's proof of its role, chained to the review owner's key.
//! - [`Sealed`] and [`Payload`]: an envelope as the relay stores it, and the signed
//!   plaintext inside it (sender, counter, grant, Automerge changes, signature).
//! - [`LogEntry`], [`encode_entries`], [`decode_entries`]: the relay's pull framing.
//! - [`Area`], [`may_write`], [`TABLE`]: the permission table checked on every merge.
//! - [`Conflict`]: a field two people changed at the same time, with both values.
//! - [`RoomCode`]: the short code for joining in a meeting room.
//! - [`MemberCredential`] and [`LogOwner`]: each device's own way into a review's relay log.
//! - [`api`]: the relay's HTTP paths, headers and JSON bodies.
//!
//! Every decoder here is bounds-checked and returns [`WireError`]; none panics on any input.

pub mod api;
mod bytes;
mod conflict;
mod credential;
mod invite;
mod permissions;
mod room_code;
mod status;
mod wire;

pub use conflict::{place_of, Conflict, ConflictStep, ConflictValue};
pub use credential::{series_of, LogOwner, MemberCredential, LOG_OWNER_HEADER};
pub use invite::Invitation;
pub use permissions::{
    local_refusal, may_write, refusal, writers_of, Area, PathKey, TABLE, TABLE_ROLES,
};
pub use room_code::RoomCode;
pub use status::{
    InvitationCodes, InvitationState, IssuedInvitation, MemberView, Quarantined, SyncPanel,
    SyncProgress, SyncStatus,
};
pub use wire::{
    decode_attachment, decode_change_list, decode_entries, encode_attachment, encode_change_list,
    encode_entries, Bundle, Grant, LogEntry, Payload, PayloadKind, Rekey, Replacement, Sealed,
    WrappedKey, MAX_REKEY_MEMBERS, NONCE_LEN, TAG_LEN,
};

/// The largest Automerge payload one envelope may carry (a whole review with years of history
/// is a few hundred kilobytes; attachments travel separately).
pub const MAX_CHANGES_BYTES: usize = 8 * 1024 * 1024;
/// The most heads a shared starting point may have: concurrent heads are rare, and more than
/// this many means a damaged message.
pub(crate) const MAX_BASE_HEADS: usize = 32;
/// The largest encoded grant.
pub const MAX_GRANT_BYTES: usize = 1024;
/// The largest sealed envelope: the payload limit plus room for the header and grant.
pub const MAX_ENVELOPE_BYTES: usize = MAX_CHANGES_BYTES + 4096;

/// Why bytes could not be read as a sync message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("this is not {0} from Northstar")]
    NotNorthstar(&'static str),
    #[error("{0} was cut short: some of it is missing")]
    Truncated(&'static str),
    #[error("{0} is damaged and cannot be read")]
    Malformed(&'static str),
    #[error("{what} is larger than the {limit}-byte limit")]
    TooLarge { what: &'static str, limit: usize },
    #[error("the role {0:?} is not one Northstar knows")]
    UnknownRole(String),
}
