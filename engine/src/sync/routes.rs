//! Routes: the relays a shared review syncs through. Every review has its usual relay, the one
//! it was shared through. A meeting room adds a second for the day: the SENCO's laptop runs a
//! relay on the room's network ([`open_room`]), and the others reach it with an invitation
//! made for the room ([`invite_to_room`]), or add it to a review they already hold by using
//! such an invitation again.
//!
//! Nothing special happens to move a meeting on to the usual relay: cursors and "known to be
//! there" are kept per relay, so the owner's copy sends each relay whatever it lacks, the
//! others' changes included (only the owner may pass those on).

use super::share::load_share;
use super::SyncError;
use crate::{Result, Store};
use northstar_schema::sync::Invitation;
use northstar_schema::Role;
use rusqlite::params;

/// How long a meeting room's route is kept: the day of the meeting, so a route to a laptop
/// that has gone home does not keep failing for ever.
pub const ROOM_ROUTE_HOURS: i64 = 12;

/// One review to sync through one relay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncTarget {
    pub review: String,
    pub relay: String,
    /// Whether this is the review's usual relay rather than a meeting room's.
    pub usual: bool,
    /// The certificate a meeting room's relay must show (DER), if it is pinned.
    pub pin: Option<Vec<u8>>,
}

impl SyncTarget {
    /// The way to reach this relay, trusting what it must show.
    pub fn transport(&self) -> super::HttpRelay {
        super::HttpRelay::trusting(&self.relay, self.pin.as_deref())
    }
}

/// Remembers that `relay` (a meeting room's) must show `cert`.
pub(crate) fn pin(store: &Store, relay: &str, cert: &[u8]) -> Result<()> {
    store.conn().execute(
        "INSERT INTO sync_pins (relay, cert) VALUES (?1, ?2)
         ON CONFLICT (relay) DO UPDATE SET cert = excluded.cert",
        params![relay.trim_end_matches('/'), cert],
    )?;
    Ok(())
}

/// Everything to sync: each shared review through its usual relay, then through its routes
/// still in date. Out-of-date routes are dropped on the way.
pub fn sync_targets(store: &Store) -> Result<Vec<SyncTarget>> {
    let now = crate::store::now_iso();
    store
        .conn()
        .execute("DELETE FROM sync_routes WHERE until < ?1", [&now])?;
    let mut stmt = store.conn().prepare(
        "SELECT t.doc_id, t.relay, t.usual, p.cert FROM (
             SELECT doc_id, relay, 1 AS usual FROM sync_shares
             UNION ALL
             SELECT r.doc_id, r.relay, 0 FROM sync_routes r
             JOIN sync_shares s ON s.doc_id = r.doc_id WHERE r.relay <> s.relay
         ) t LEFT JOIN sync_pins p ON p.relay = t.relay
         ORDER BY 1, 3 DESC, 2",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SyncTarget {
            review: r.get(0)?,
            relay: r.get(1)?,
            usual: r.get::<_, i64>(2)? == 1,
            pin: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds `relay` as a route for review `id` until [`ROOM_ROUTE_HOURS`] from now.
pub(crate) fn add_route(store: &Store, id: &str, relay: &str) -> Result<()> {
    let until = (chrono::Utc::now() + chrono::Duration::hours(ROOM_ROUTE_HOURS))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    store.conn().execute(
        "INSERT INTO sync_routes (doc_id, relay, until) VALUES (?1, ?2, ?3)
         ON CONFLICT (doc_id, relay) DO UPDATE SET until = excluded.until",
        params![id, relay.trim_end_matches('/'), until],
    )?;
    Ok(())
}

/// The meeting room on this laptop opened at `relay` (its loopback address): every review
/// this device owns syncs through it too, so the room's relay holds each one's first copy
/// for newcomers. Returns how many reviews that is.
pub fn open_room(store: &Store, relay: &str, cert: Option<&[u8]>) -> Result<usize> {
    let owned = owned_reviews(store)?;
    for id in &owned {
        add_route(store, id, relay)?;
    }
    if let Some(cert) = cert {
        pin(store, relay, cert)?;
    }
    Ok(owned.len())
}

/// The meeting room at `relay` closed: stop syncing through it.
pub fn close_room(store: &Store, relay: &str) -> Result<()> {
    store
        .conn()
        .execute("DELETE FROM sync_routes WHERE relay = ?1", [relay])?;
    Ok(())
}

/// Forgets routes to a meeting room on this laptop: at start-up, none is running.
pub fn close_rooms_here(store: &Store) -> Result<()> {
    for table in ["sync_routes", "sync_pins"] {
        store.conn().execute(
            &format!(
                "DELETE FROM {table} WHERE relay LIKE 'http://127.0.0.1:%'
                 OR relay LIKE 'https://127.0.0.1:%'"
            ),
            [],
        )?;
    }
    Ok(())
}

/// An invitation to review `id` that joins through the meeting room at `room` and then keeps
/// syncing through the review's usual relay.
/// `cert` is the room relay's certificate, which the invitation pins.
pub fn invite_to_room(
    store: &mut Store,
    id: &str,
    role: Role,
    room: &str,
    cert: Option<&[u8]>,
) -> Result<Invitation> {
    let hours = super::ROOM_INVITATION_HOURS;
    let mut invitation = super::share::invite_for(store, id, role, hours * 3600)?;
    invitation.home_relay = Some(std::mem::replace(&mut invitation.relay, room.to_string()));
    invitation.room_cert = cert.map(<[u8]>::to_vec);
    Ok(invitation)
}

/// For an invitation to a review this device already holds: if it names another relay of the
/// same review (a meeting room), sync through that too. Returns whether it added a route.
pub(crate) fn add_room_of(store: &Store, invitation: &Invitation) -> Result<bool> {
    let Some(share) = load_share(store.conn(), &invitation.doc_id)? else {
        return Ok(false);
    };
    if share.owner_key != invitation.owner_key || share.doc_key != invitation.doc_key {
        return Err(SyncError::AlreadyShared.into());
    }
    if invitation.relay == share.relay {
        return Err(SyncError::AlreadyShared.into());
    }
    add_route(store, &invitation.doc_id, &invitation.relay)?;
    if let Some(cert) = &invitation.room_cert {
        pin(store, &invitation.relay, cert)?;
    }
    Ok(true)
}

fn owned_reviews(store: &Store) -> Result<Vec<String>> {
    let me = store.device().public().to_vec();
    let mut stmt = store
        .conn()
        .prepare("SELECT doc_id FROM sync_shares WHERE owner_key = ?1 ORDER BY doc_id")?;
    let rows = stmt.query_map([me], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
