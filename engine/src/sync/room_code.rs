//! Short codes for a meeting room (see [`RoomCode`]): the SENCO's laptop leaves a full
//! invitation on its own room relay as a one-time message, sealed under a key the code's
//! secret derives through Argon2id (so overhearing where it is kept does not let anyone search
//! the 48-bit secret offline), and the person in the room types the code to take it. The relay
//! hands it out once, and deletes it after [`ROOM_CODE_MINUTES`] by its own clock: a code is
//! for saying across a table, not for keeping.

use super::crypto::RoomCodeKeys;
use super::{HttpRelay, SyncError};
use crate::Result;
use northstar_schema::sync::{Invitation, RoomCode};
use std::net::SocketAddrV4;

/// How long a room code can be used.
pub const ROOM_CODE_MINUTES: i64 = 120;

/// Leaves `invitation` on the room relay reached through `relay` (this laptop's own way to
/// it) and answers the code for people in the room, who reach it at `room`. It is a one-time
/// message: the relay hands it to the first person who types the code, and to no one after
/// [`ROOM_CODE_MINUTES`].
pub fn publish_room_code(
    invitation: &Invitation,
    room: SocketAddrV4,
    relay: &mut HttpRelay,
) -> Result<RoomCode> {
    let code = RoomCode {
        room,
        secret: super::device::random_bytes()?,
    };
    let keys = RoomCodeKeys::derive(&code)?;
    let expires = chrono::Utc::now().timestamp() + ROOM_CODE_MINUTES * 60;
    let mut plain = expires.to_be_bytes().to_vec();
    plain.extend_from_slice(invitation.to_code().as_bytes());
    relay.put_drop(&keys.log_id, &keys.token, &keys.seal(&plain)?, expires)?;
    Ok(code)
}

/// The invitation a room code stands for, taken from the room's relay (after which nobody
/// else can use the code).
pub fn fetch_room_code(code: &RoomCode) -> Result<Invitation> {
    let keys = RoomCodeKeys::derive(code)?;
    let mut relay = HttpRelay::for_room_code(&code.relay());
    let sealed = relay
        .take_drop(&keys.log_id, &keys.token)
        .map_err(|e| match e {
            // A wrong token: a mistyped code that happened to name a live one.
            SyncError::RelayRefused { .. } => SyncError::BadInvitation,
            other => other,
        })?
        .ok_or(SyncError::RoomCodeGone)?;
    let plain = keys.open(&sealed).map_err(|_| SyncError::BadInvitation)?;
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
