//! What the engine tells the window about a review's sync, defined once for both sides.

use super::Conflict;
use crate::Role;
use serde::{Deserialize, Serialize};

/// One refused envelope, as shown to people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quarantined {
    pub received_at: String,
    pub source: String,
    /// The sender's name from its grant, if the envelope could be opened at all.
    pub sender: Option<String>,
    pub reason: String,
}

/// A review's sync state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncStatus {
    pub shared: bool,
    pub role: Option<Role>,
    pub relay: Option<String>,
    /// Whether this device shared the review first (and so may invite people).
    pub owner: bool,
    pub last_synced: Option<String>,
    /// Changes made here that the relay does not have yet.
    pub pending_changes: usize,
    /// Everyone holding a copy (this device included, once let in), by name and role.
    pub members: Vec<(String, Role)>,
    /// Whether the owner's copy has let this device in. Until it has, what is written here
    /// waits on the others' copies.
    #[serde(default = "yes")]
    pub let_in: bool,
    /// Envelopes received that wait for changes they build on.
    pub waiting: usize,
    pub quarantined: Vec<Quarantined>,
    /// Fields changed at the same time on different copies, for someone to choose between.
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    /// Every device the review has let in, removed ones included, for the members list.
    #[serde(default)]
    pub people: Vec<MemberView>,
    /// When this device was removed from the review, in plain words. It keeps the copy it had
    /// then, and gets nothing written since.
    #[serde(default)]
    pub removed_here: Option<String>,
    /// When the review's owner erased its history and this device's copy was replaced by
    /// theirs, in plain words.
    #[serde(default)]
    pub replaced_here: Option<String>,
    /// When this device last found the relay had gone back (lost messages it held), and so
    /// sent everything again (ISO 8601).
    #[serde(default)]
    pub relay_went_back: Option<String>,
    /// Items two people put in two places at the same time, shown in one place on every copy
    /// (see `merge`), in plain words, until someone next edits that part.
    #[serde(default)]
    pub repaired: Vec<String>,
    /// On a newcomer's device: its copy still lacks some of what the review held when the
    /// invitation was made. Normal for a moment (the owner may not have synced yet); if it
    /// stays, the relay is holding changes back.
    #[serde(default)]
    pub short_of_invitation: bool,
}

/// One device in the members list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    /// A short handle for removing it: the start of its public key, in hex.
    pub id: String,
    pub name: String,
    pub role: Role,
    /// Whether this is the review's owner (who cannot be removed).
    pub owner: bool,
    /// Whether this is the device showing the list.
    pub this_device: bool,
    /// When it was removed (ISO 8601), if it was.
    pub removed: Option<String>,
}

fn yes() -> bool {
    true
}

/// Where a long sync has got to, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SyncProgress {
    /// Log entries received so far in this sync.
    pub received: u64,
    /// The relay's newest seq when last asked.
    pub head: u64,
    /// This device's position in the log.
    pub at: u64,
}

/// The sync panel: the stored state, a sync under way, and the last failure in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncPanel {
    pub status: SyncStatus,
    pub syncing: Option<SyncProgress>,
    pub last_error: Option<String>,
    /// The meeting room open on this laptop, if any: the address others in the room use.
    #[serde(default)]
    pub room: Option<String>,
    /// On the owner's copy, the invitations it made, newest first.
    #[serde(default)]
    pub invitations: Vec<IssuedInvitation>,
}

/// The codes for one invitation: the full code, and while a meeting room is open on this
/// laptop, the short code people in the room can type instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationCodes {
    pub code: String,
    pub room_code: Option<String>,
    /// How long the room code works, in minutes.
    pub room_code_minutes: Option<i64>,
}

/// An invitation the owner's copy made, as the Sharing tab lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedInvitation {
    /// A short handle for cancelling it (the start of its public key, in hex).
    pub id: String,
    pub role: Role,
    /// Seconds since 1970 (UTC).
    pub made_at: i64,
    pub expires_at: i64,
    pub state: InvitationState,
}

/// Where an invitation stands. Each admits one device, once, before it expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationState {
    /// Not used yet, and still good.
    Open,
    /// Used by the device of the person named.
    UsedBy(String),
    Cancelled,
    Expired,
}

impl IssuedInvitation {
    /// Plain words for the list: "Parent or carer: used by Dana Bello".
    pub fn describe(&self) -> String {
        let state = match &self.state {
            InvitationState::Open => "not used yet".to_string(),
            InvitationState::UsedBy(name) => format!("used by {name}"),
            InvitationState::Cancelled => "cancelled".to_string(),
            InvitationState::Expired => "expired unused".to_string(),
        };
        format!("{}: {state}", self.role.label())
    }
}
