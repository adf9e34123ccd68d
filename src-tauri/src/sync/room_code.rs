//! Short codes for a meeting room (see [`RoomCode`]): the SENCO's laptop leaves a full
//! invitation on its own room relay, sealed under a key the code's secret derives, and the
//! person in the room types the code to fetch it. A room code expires after
//! [`ROOM_CODE_MINUTES`]: it is for saying across a table, not for keeping.

use super::crypto::RoomCodeKeys;
use super::{HttpRelay, SyncError, Transport};
use crate::Result;
use northstar_schema::sync::{Invitation, RoomCode};
use std::net::SocketAddrV4;

/// How long a room code can be used.
pub const ROOM_CODE_MINUTES: i64 = 120;

/// Leaves `invitation` on the room relay reached through `relay` (this laptop's own way to
/// it) and answers the code for people in the room, who reach it at `room`.
pub fn publish_room_code(
    invitation: &Invitation,
    room: SocketAddrV4,
    relay: &mut dyn Transport,
) -> Result<RoomCode> {
    let code = RoomCode {
        room,
        secret: super::device::random_bytes()?,
    };
    let keys = RoomCodeKeys::derive(&code);
    let expires = chrono::Utc::now().timestamp() + ROOM_CODE_MINUTES * 60;
    let mut plain = expires.to_be_bytes().to_vec();
    plain.extend_from_slice(invitation.to_code().as_bytes());
    relay.append(&keys.log_id, &keys.token, &keys.seal(&plain)?, None)?;
    Ok(code)
}

/// The invitation a room code stands for, fetched from the room's relay.
pub fn fetch_room_code(code: &RoomCode) -> Result<Invitation> {
    fetch_through(code, &mut HttpRelay::new(&code.relay()))
}

fn fetch_through(code: &RoomCode, relay: &mut dyn Transport) -> Result<Invitation> {
    let keys = RoomCodeKeys::derive(code);
    let pulled = relay
        .pull(&keys.log_id, &keys.token, 0, false, None)
        .map_err(|e| match e {
            // A log that is not there is a code that was never made (or mistyped).
            SyncError::RelayRefused { .. } => SyncError::BadInvitation,
            other => other,
        })?;
    let entry = pulled.entries.last().ok_or(SyncError::BadInvitation)?;
    let plain = keys
        .open(&entry.bytes)
        .map_err(|_| SyncError::BadInvitation)?;
    if plain.len() < 8 {
        return Err(SyncError::BadInvitation.into());
    }
    let (expires, code_text) = plain.split_at(8);
    let expires = i64::from_be_bytes(expires.try_into().map_err(|_| SyncError::BadInvitation)?);
    if chrono::Utc::now().timestamp() > expires {
        return Err(SyncError::RoomCodeExpired.into());
    }
    let text = std::str::from_utf8(code_text).map_err(|_| SyncError::BadInvitation)?;
    Ok(Invitation::from_code(text).map_err(|_| SyncError::BadInvitation)?)
}
