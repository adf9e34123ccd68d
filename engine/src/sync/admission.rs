//! Who gets in: each invitation admits one device, once, before it expires, unless the owner
//! cancels it first.
//!
//! An invitation code is a bearer capability, and codes get forwarded, photographed and left
//! in inboxes. So joining does not make a device a member by itself. The newcomer fetches the
//! review and sends a first, empty envelope. The owner's copy, which made the invitation and
//! remembers it (`sync_invitations`), judges that envelope: it refuses a cancelled or expired
//! invitation, or one already used by another device. Otherwise it records the use and writes
//! the newcomer into the review's members list itself. Every other copy takes a device's
//! changes only once its record is there (until then they wait), and no device but the owner
//! may add a record. So a leaked code used a second time gets its holder nothing that any
//! copy accepts. It can still read what the review held when the code leaked: only a new
//! review key protects what follows, which is revocation's work.

use super::device::DeviceKey;
use super::share::{require_owner, Share};
use super::SyncError;
use crate::{Result, Store};
use automerge::AutoCommit;
use northstar_schema::sync::{Grant, Invitation, InvitationState, IssuedInvitation};
use northstar_schema::{Member, Role, Vocabulary};
use rusqlite::{params, Connection, OptionalExtension};

/// How long an invitation sent to someone's home works, in days.
pub const INVITATION_DAYS: i64 = 14;
/// How long an invitation made in a meeting room works, in hours: the day of the meeting.
pub const ROOM_INVITATION_HOURS: i64 = 12;

/// The invitation's public key: what its grants name, and how the owner remembers it.
pub(crate) fn invite_key(invitation: &Invitation) -> [u8; 32] {
    DeviceKey::from_seed(invitation.invite_secret).public()
}

/// Remembers an invitation just made, good for `seconds`.
pub(crate) fn remember(conn: &Connection, invitation: &Invitation, seconds: i64) -> Result<()> {
    let now = chrono::Utc::now().timestamp();
    conn.execute(
        "INSERT INTO sync_invitations (doc_id, invite_key, role, made_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            invitation.doc_id,
            invite_key(invitation).to_vec(),
            invitation.role.as_str(),
            now,
            now + seconds
        ],
    )?;
    Ok(())
}

/// The invitations this device made for review `id`, newest first.
pub fn invitations(store: &Store, id: &str) -> Result<Vec<IssuedInvitation>> {
    require_owner(store, id)?;
    let now = chrono::Utc::now().timestamp();
    let mut stmt = store.conn().prepare(
        "SELECT invite_key, role, made_at, expires_at, cancelled_at, used_by_name
         FROM sync_invitations WHERE doc_id = ?1 ORDER BY made_at DESC, rowid DESC",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, Vec<u8>>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, Option<i64>>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (key, role, made_at, expires_at, cancelled, used_by) = row?;
        let state = match (used_by, cancelled) {
            (Some(name), _) => InvitationState::UsedBy(name),
            (None, Some(_)) => InvitationState::Cancelled,
            (None, None) if now > expires_at => InvitationState::Expired,
            (None, None) => InvitationState::Open,
        };
        out.push(IssuedInvitation {
            id: handle(&key),
            role: Role::from_wire(&role).unwrap_or_default(),
            made_at,
            expires_at,
            state,
        });
    }
    Ok(out)
}

/// Cancels the unused invitation `handle` (as [`invitations`] lists it) for review `id`.
pub fn cancel_invitation(store: &Store, id: &str, handle_given: &str) -> Result<()> {
    require_owner(store, id)?;
    let keys: Vec<Vec<u8>> = {
        let mut stmt = store.conn().prepare(
            "SELECT invite_key FROM sync_invitations
             WHERE doc_id = ?1 AND used_by IS NULL AND cancelled_at IS NULL",
        )?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let wanted = handle_given.trim().to_lowercase();
    let key = keys
        .into_iter()
        .find(|k| handle(k) == wanted)
        .ok_or(SyncError::NoSuchInvitation)?;
    store.conn().execute(
        "UPDATE sync_invitations SET cancelled_at = ?3 WHERE doc_id = ?1 AND invite_key = ?2",
        params![id, key, chrono::Utc::now().timestamp()],
    )?;
    Ok(())
}

fn handle(key: &[u8]) -> String {
    hex::encode(&key[..key.len().min(6)])
}

/// Where a device stands in a review, by the members list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standing {
    /// No record: not let in yet.
    Outsider,
    Member,
    /// Let in once, then removed by the owner.
    Removed,
}

/// Where `device` stands in the review's members list.
pub(crate) fn standing(doc: &AutoCommit, device: &[u8; 32]) -> Standing {
    let key = hex::encode(device);
    let members: Vec<Member> =
        autosurgeon::hydrate_prop(doc, automerge::ROOT, "members").unwrap_or_default();
    match members.iter().find(|m| m.device_key == key) {
        None => Standing::Outsider,
        Some(m) if m.current() => Standing::Member,
        Some(_) => Standing::Removed,
    }
}

/// Whether `device` is a current member (let in, and not removed since).
pub(crate) fn is_member(doc: &AutoCommit, device: &[u8; 32]) -> bool {
    standing(doc, device) == Standing::Member
}

/// On the owner's copy: judges the first envelope from a device that is not a member yet
/// against the invitation its grant names, and if it may join, records the use and writes it
/// into the members list (one local change, stored with the envelope). Otherwise says why not.
pub(crate) fn admit(
    doc: &mut AutoCommit,
    conn: &Connection,
    share: &Share,
    grant: &Grant,
) -> Result<()> {
    let refuse = |why: &str| -> Result<()> {
        Err(SyncError::Refused(format!(
            "it came from a device that joined with an invitation that {why}"
        ))
        .into())
    };
    let row: Option<(i64, Option<i64>, Option<Vec<u8>>)> = conn
        .query_row(
            "SELECT expires_at, cancelled_at, used_by FROM sync_invitations
             WHERE doc_id = ?1 AND invite_key = ?2",
            params![share.doc_id, grant.invite_key.to_vec()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let now = chrono::Utc::now().timestamp();
    match row {
        Some((_, _, Some(used))) if used != grant.device_key => {
            return refuse("another device had already used");
        }
        Some((_, _, Some(_))) => {}
        Some((_, Some(_), None)) => return refuse("was cancelled"),
        Some((expires_at, None, None)) if now > expires_at => return refuse("had expired"),
        Some(_) => {}
        // Made before invitations were remembered: its first use is its only one.
        None => {
            conn.execute(
                "INSERT INTO sync_invitations (doc_id, invite_key, role, made_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![
                    share.doc_id,
                    grant.invite_key.to_vec(),
                    grant.role.as_str(),
                    now
                ],
            )?;
        }
    }
    conn.execute(
        "UPDATE sync_invitations SET used_by = ?3, used_by_name = ?4
         WHERE doc_id = ?1 AND invite_key = ?2",
        params![
            share.doc_id,
            grant.invite_key.to_vec(),
            grant.device_key.to_vec(),
            grant.name
        ],
    )?;
    crate::disclosures::record_on(
        conn,
        &share.doc_id,
        &crate::disclosures::joined(&grant.name, grant.role),
    )?;
    let mut members: Vec<Member> =
        autosurgeon::hydrate_prop(&*doc, automerge::ROOT, "members").unwrap_or_default();
    members.push(super::share::member_of(grant));
    autosurgeon::reconcile_prop(doc, automerge::ROOT, "members", &members)?;
    doc.commit_with(
        automerge::transaction::CommitOptions::default()
            .with_message(format!("{} joined as {}", grant.name, grant.role.label()))
            .with_time(now),
    );
    Ok(())
}
