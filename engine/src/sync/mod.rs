//! Sync between participants' copies: end-to-end encrypted, through a relay that cannot read.
//!
//! Each participant's device holds its own copy of a review and edits it offline. To share a
//! review, its owner ([`share`]) makes a random review key and hands out role-scoped
//! [`Invitation`](northstar_schema::sync::Invitation)s ([`invite`]); a device that accepts one
//! ([`join`]) records itself, with its owner-signed grant, in the review's `members`.
//!
//! What travels is Automerge changes, in envelopes that are signed by the sending device
//! ([`DeviceKey`]), then encrypted with the review key ([`crypto::DocKeys`]), then appended to
//! the relay's log for the review ([`Transport`], [`HttpRelay`]). [`sync_review`] pulls what is
//! past this device's cursor and pushes what the relay lacks; every envelope received is
//! decrypted, its signature and grant checked, replays spotted, and each change checked
//! against the permission table for its author's role before it joins the copy
//! (`receive.rs`, `check.rs`). Anything refused is kept in quarantine and shown
//! ([`status`]), never merged. A bundle file ([`export_bundle`], [`import_bundle`]) carries the
//! same envelopes on a USB stick; importing one merges, never replaces.
//!
//! Trust is rooted in the owner's key, carried by every invitation. Only the owner may send
//! whole-document snapshots or pass on changes written on other devices (as when the SENCO's
//! laptop forwards a meeting to the LA's relay), because only the owner could have minted any
//! grant anyway. Every other device's envelopes may carry only its own changes.

mod admission;
mod bundle;
mod check;
mod conflicts;
pub mod crypto;
mod device;
mod erase;
mod exchange;
pub mod limits;
mod receive;
mod revocation;
mod room_code;
mod routes;
mod share;
mod transport;

pub use admission::{cancel_invitation, invitations, INVITATION_DAYS, ROOM_INVITATION_HOURS};
pub use bundle::{export_bundle, import_bundle};
pub(crate) use check::{check_local_write, Writers};
pub use conflicts::{conflicts, settle, settled_words};
pub use crypto::credential_signed_by;
pub(crate) use device::random_bytes;
pub use device::{device_of_actor, DeviceKey};
pub use erase::{erase, erase_history, erase_with_usual_relay, is_shared};
pub use exchange::{pending_change_bytes, sync_review, SyncReport, SNAPSHOT_EVERY};
pub use northstar_schema::sync::{Quarantined, SyncPanel, SyncProgress, SyncStatus};
pub use receive::Received;
pub use revocation::remove_member;
pub use room_code::{fetch_room_code, publish_room_code, ROOM_CODE_MINUTES};
pub use routes::{
    close_room, close_rooms_here, invite_to_room, open_room, sync_targets, SyncTarget,
    ROOM_ROUTE_HOURS,
};
pub use share::{invite, join, join_by_code, share, status};
pub use transport::{Before, HttpRelay, OwnerProof, Pulled, Transport};

use northstar_schema::sync::WireError;

/// Why a sync step failed or a message was refused. Plain words for the person at the keyboard.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Wire(#[from] WireError),
    #[error("a message could not be decrypted: it was changed after it was sent, or it belongs to another review")]
    Tampered,
    #[error("a message's signature does not match the device it says it came from")]
    ForgedSignature,
    #[error("a message came from a device that was never invited to this review")]
    NotAMember,
    #[error("this device already received that message (a replay), so it was ignored")]
    Replayed,
    #[error("a message reused an earlier message's number with different contents, which only a replay or a forgery does")]
    CounterReused,
    #[error("a message was refused because {0}")]
    Refused(String),
    // The technical detail stays in the value for logs; people get what to do.
    #[error("could not reach the relay at {relay}. Check this computer is on the network, or that the meeting-room relay is running, then try again. Your changes are safe on this computer and will be sent next time")]
    Unreachable { relay: String, detail: String },
    #[error("the relay at {relay} could not prove it is the one this review uses (its certificate is not the one expected), so nothing was sent to it. If this is a meeting room, check you are on the room's Wi-Fi and ask the SENCO for a new code")]
    WrongCertificate { relay: String },
    #[error("the relay refused the request: {message}")]
    RelayRefused { status: u16, message: String },
    #[error("this device has been removed from this review, so the relay no longer lets it in. It keeps the copy it had; nothing written since reaches it")]
    RemovedAtRelay,
    #[error("the relay's answer could not be read")]
    BadRelayAnswer,
    #[error("this review is not shared yet; share it first")]
    NotShared,
    #[error("this review is already shared from this device")]
    AlreadyShared,
    #[error("only the device that first shared this review can invite people to it")]
    NotOwner,
    #[error("there is no current member with that number; look at the members list again")]
    NoSuchMember,
    #[error("the review's owner cannot be removed: it holds the review for everyone else")]
    OwnerStays,
    #[error("only the device that first shared this review, or the LA caseworker's, can remove someone from it")]
    CannotRemove,
    #[error(
        "there is no unused invitation with that number; look at the list of invitations again"
    )]
    NoSuchInvitation,
    #[error("the relay has no copy of this review from its owner yet; ask them to sync first, then try again")]
    NoSnapshot,
    #[error("that difference has already been settled, or the field has changed since; look at the list again")]
    ConflictGone,
    #[error("that invitation code is not complete or has a mistake in it; copy it again from the person who invited you")]
    BadInvitation,
    #[error("that meeting-room code has expired; ask for a new one")]
    RoomCodeExpired,
    #[error("that meeting-room code has already been used, has expired, or has a mistake in it; ask for a new one")]
    RoomCodeGone,
    #[error("please give your name, as the others will see it")]
    NoName,
    #[error("this computer already has its own, separate copy of {child}'s review, with changes made here. Joining would mix two different reviews, so nothing was changed. Export that copy to keep it, ask the person who invited you what to do with it, then join again")]
    SeparateCopy { child: String },
    #[error("this file is for a review that is not shared with this device; join it with its invitation first")]
    UnknownBundle,
}
