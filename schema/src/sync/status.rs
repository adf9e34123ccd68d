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
    /// Everyone holding a copy (this device included), by name and role.
    pub members: Vec<(String, Role)>,
    /// Envelopes received that wait for changes they build on.
    pub waiting: usize,
    pub quarantined: Vec<Quarantined>,
    /// Fields changed at the same time on different copies, for someone to choose between.
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
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
