//! Sharing a review, inviting people, joining by invitation, and the sync status people see.

use super::crypto::{self, DocKeys};
use super::exchange::{pending_changes, sync_review};
use super::transport::Transport;
use super::SyncError;
use crate::{Result, Store};
use automerge::ChangeHash;
use northstar_schema::sync::{encode_change_list, Grant, Invitation, PayloadKind};
use northstar_schema::sync::{MemberView, Quarantined, SyncStatus};
use northstar_schema::{Member, Role};
use rusqlite::{params, Connection, OptionalExtension};

/// A shared review as this device holds it (one row of `sync_shares`).
#[derive(Clone)]
pub(crate) struct Share {
    pub doc_id: String,
    pub doc_key: [u8; 32],
    pub owner_key: [u8; 32],
    pub base: Vec<ChangeHash>,
    pub role: Role,
    pub grant: Vec<u8>,
    pub relay: String,
    /// The key generation `doc_key` belongs to: 0 when shared, one more after each removal.
    pub epoch: u64,
    /// On the owner's device, the next key while a removal is being carried out.
    pub next_key: Option<[u8; 32]>,
    /// On a removed device: when it found itself removed, in plain words.
    pub removed: Option<String>,
    /// This device's own relay credential (`MemberCredential::to_token`); empty for a review
    /// shared before credentials existed, which keeps the token every member derives.
    pub credential: String,
    /// On the owner's device: the next key comes with a re-made document, the history having
    /// been erased (see `erase.rs`).
    pub replacing: bool,
    /// On a member's device: the owner erased the history, so their new copy is taken in
    /// place of this one before anything is sent.
    pub replace_pending: bool,
}

impl Share {
    pub fn keys(&self) -> DocKeys {
        if self.credential.is_empty() {
            DocKeys::derive(&self.doc_key)
        } else {
            DocKeys::per_member(
                &self.doc_key,
                &self.owner_key,
                &self.doc_id,
                &self.credential,
            )
        }
    }
}

pub(crate) fn load_share(conn: &Connection, id: &str) -> Result<Option<Share>> {
    let row = conn
        .query_row(
            "SELECT doc_key, owner_key, base_heads, role, grant_bytes, relay, epoch, next_key,
                    removed_note, relay_credential, replacing, replace_pending
             FROM sync_shares WHERE doc_id = ?1",
            [id],
            |r| {
                Ok((
                    (
                        r.get::<_, Vec<u8>>(0)?,
                        r.get::<_, Vec<u8>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Vec<u8>>(4)?,
                        r.get::<_, String>(5)?,
                    ),
                    (
                        r.get::<_, i64>(6)?,
                        r.get::<_, Option<Vec<u8>>>(7)?,
                        r.get::<_, Option<String>>(8)?,
                        r.get::<_, String>(9)?,
                    ),
                    (r.get::<_, bool>(10)?, r.get::<_, bool>(11)?),
                ))
            },
        )
        .optional()?;
    let Some((
        (doc_key, owner_key, base, role, grant, relay),
        (epoch, next_key, removed, credential),
        (replacing, replace_pending),
    )) = row
    else {
        return Ok(None);
    };
    let damaged = || crate::EngineError::Refused("this review's sync settings are damaged".into());
    Ok(Some(Share {
        doc_id: id.to_string(),
        doc_key: doc_key.try_into().map_err(|_| damaged())?,
        owner_key: owner_key.try_into().map_err(|_| damaged())?,
        base: heads_from_json(&base).ok_or_else(damaged)?,
        role: serde_json::from_value(serde_json::Value::String(role)).map_err(|_| damaged())?,
        grant,
        relay,
        epoch: epoch.max(0) as u64,
        next_key: next_key
            .map(|k| k.try_into().map_err(|_| damaged()))
            .transpose()?,
        removed,
        credential,
        replacing,
        replace_pending,
    }))
}

fn save_share(conn: &Connection, share: &Share) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_shares (doc_id, doc_key, owner_key, base_heads, role, grant_bytes, relay,
                                  relay_credential)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            share.doc_id,
            share.doc_key.to_vec(),
            share.owner_key.to_vec(),
            heads_to_json(&share.base),
            share.role.as_str(),
            share.grant,
            share.relay,
            share.credential
        ],
    )?;
    Ok(())
}

pub(crate) fn heads_to_json(heads: &[ChangeHash]) -> String {
    serde_json::to_string(&heads.iter().map(|h| h.to_string()).collect::<Vec<_>>())
        .unwrap_or_else(|_| "[]".into())
}

pub(crate) fn heads_from_json(json: &str) -> Option<Vec<ChangeHash>> {
    let strings: Vec<String> = serde_json::from_str(json).ok()?;
    strings.iter().map(|s| s.parse().ok()).collect()
}

/// As [`require_share`], for what only the owner's device may do.
pub(crate) fn require_owner(store: &Store, id: &str) -> Result<Share> {
    let share = require_share(store, id)?;
    if share.owner_key != store.device().public() {
        return Err(SyncError::NotOwner.into());
    }
    Ok(share)
}

pub(crate) fn require_share(store: &Store, id: &str) -> Result<Share> {
    if !store.exists(id)? {
        return Err(crate::EngineError::UnknownReview(id.into()));
    }
    load_share(store.conn(), id)?.ok_or_else(|| SyncError::NotShared.into())
}

pub(crate) fn member_of(grant: &Grant) -> Member {
    Member {
        device_key: hex::encode(grant.device_key),
        name: grant.name.clone(),
        role: grant.role,
        grant: hex::encode(grant.encode()),
        removed: None,
    }
}

/// Shares review `id` through `relay`, with this device as its owner in `role`.
///
/// Makes the review key, records this device as the first member, and fixes the plan as it is
/// now as the shared starting point. The next [`sync_review`] sends the first snapshot.
pub fn share(store: &mut Store, id: &str, relay: &str, role: Role, name: &str) -> Result<()> {
    if !store.exists(id)? {
        return Err(crate::EngineError::UnknownReview(id.into()));
    }
    if load_share(store.conn(), id)?.is_some() {
        return Err(SyncError::AlreadyShared.into());
    }
    let base = store.with_doc(id, |doc| doc.get_heads())?;
    let grant = crypto::owner_grant(store.device(), id, role, name);
    let share = Share {
        doc_id: id.to_string(),
        doc_key: super::device::random_bytes()?,
        owner_key: store.device().public(),
        base,
        role,
        grant: grant.encode(),
        relay: relay.to_string(),
        epoch: 0,
        next_key: None,
        removed: None,
        credential: crypto::credential_for(store.device(), id, &store.device().public()).to_token(),
        replacing: false,
        replace_pending: false,
    };
    save_share(store.conn(), &share)?;
    store.update(id, "Shared the review", |doc| {
        doc.members
            .retain(|m| m.device_key != hex::encode(grant.device_key));
        doc.members.push(member_of(&grant));
    })?;
    Ok(())
}

/// A new invitation to review `id` in `role`. Only the owner's device can make one. It admits
/// one device, once, within [`INVITATION_DAYS`](super::INVITATION_DAYS) (see `admission.rs`).
pub fn invite(store: &mut Store, id: &str, role: Role) -> Result<Invitation> {
    invite_for(store, id, role, super::INVITATION_DAYS * 24 * 3600)
}

/// As [`invite`], good for `seconds`.
pub(crate) fn invite_for(
    store: &mut Store,
    id: &str,
    role: Role,
    seconds: i64,
) -> Result<Invitation> {
    let share = require_owner(store, id)?;
    let base = share.base.iter().map(|h| h.0).collect();
    let mut invitation =
        crypto::invite(store.device(), &share.relay, id, share.doc_key, base, role)?;
    if !share.credential.is_empty() {
        let invite_key = super::device::DeviceKey::from_seed(invitation.invite_secret).public();
        invitation.relay_credential =
            Some(crypto::credential_for(store.device(), id, &invite_key).signature);
    }
    invitation.heads = store
        .with_doc(id, |doc| doc.get_heads())?
        .iter()
        .map(|h| h.0)
        .collect();
    super::admission::remember(store.conn(), &invitation, seconds)?;
    let by = crate::disclosures::author_of(store);
    crate::disclosures::record(store, id, &crate::disclosures::invitation(role, &by))?;
    Ok(invitation)
}

/// Joins the review an invitation code or a meeting-room code (as typed or pasted) is for, through the relay it
/// names, as `name`; returns the review's id.
pub fn join_by_code(store: &mut Store, code: &str, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(SyncError::NoName.into());
    }
    let invitation = match northstar_schema::sync::RoomCode::parse(code) {
        Ok(room) => super::fetch_room_code(&room)?,
        Err(_) => Invitation::from_code(code).map_err(|_| SyncError::BadInvitation)?,
    };
    let mut relay = super::HttpRelay::trusting(&invitation.relay, invitation.room_cert.as_deref());
    join(store, &invitation, name, &mut relay)
}

/// Joins a review by invitation, as `name`: fetches the owner's copy from the relay, asks to
/// be let in (a first, empty envelope carrying this device's grant, which the owner's copy
/// judges and answers by adding it to the members list; see `admission.rs`), and syncs.
/// Returns the review's id.
pub fn join(
    store: &mut Store,
    invitation: &Invitation,
    name: &str,
    transport: &mut dyn Transport,
) -> Result<String> {
    let id = invitation.doc_id.clone();
    if super::routes::add_room_of(store, invitation)? {
        // Already a member: the meeting room is one more way to the others.
        sync_review(store, &id, transport, &mut |_| {})?;
        return Ok(id);
    }
    let grant = crypto::accept(invitation, store.device(), name);
    let share = Share {
        doc_id: id.clone(),
        doc_key: invitation.doc_key,
        owner_key: invitation.owner_key,
        base: invitation.base.iter().map(|h| ChangeHash(*h)).collect(),
        role: invitation.role,
        grant: grant.encode(),
        relay: invitation
            .home_relay
            .clone()
            .unwrap_or_else(|| invitation.relay.clone()),
        epoch: 0,
        next_key: None,
        removed: None,
        credential: invitation
            .relay_credential
            .map(|signature| {
                northstar_schema::sync::MemberCredential {
                    subject: grant.invite_key,
                    signature,
                }
                .to_token()
            })
            .unwrap_or_default(),
        replacing: false,
        replace_pending: false,
    };
    match local_copy(store, &share)? {
        LocalCopy::None => {
            store.insert_remote(super::receive::fetch_first_copy(&share, transport)?)?;
        }
        LocalCopy::Untouched => {
            store.replace_with_remote(super::receive::fetch_first_copy(&share, transport)?)?;
        }
        // From a bundle, say: syncing merges the two.
        LocalCopy::Related => {}
        LocalCopy::Separate => {
            let child = store.get(&id)?.young_person.display_name();
            return Err(SyncError::SeparateCopy { child }.into());
        }
    }
    save_share(store.conn(), &share)?;
    let promised: Vec<ChangeHash> = invitation.heads.iter().map(|h| ChangeHash(*h)).collect();
    store.conn().execute(
        "UPDATE sync_shares SET promised_heads = ?2 WHERE doc_id = ?1",
        params![id, heads_to_json(&promised)],
    )?;
    if invitation.home_relay.is_some() {
        super::routes::add_route(store, &id, &invitation.relay)?;
        if let Some(cert) = &invitation.room_cert {
            super::routes::pin(store, &invitation.relay, cert)?;
        }
    }
    let (seq, sealed) = ask_to_join(store, &share, transport)?;
    super::exchange::record_sent(store, &id, transport.name(), seq, &sealed)?;
    sync_review(store, &id, transport, &mut |_| {})?;
    Ok(id)
}

/// Sends the owner an empty envelope that asks for this device to be let in; says where the
/// relay put it, and what it was.
pub(crate) fn ask_to_join(
    store: &mut Store,
    share: &Share,
    transport: &mut dyn Transport,
) -> Result<(u64, Vec<u8>)> {
    let (payload, sealed) = super::exchange::seal_next(
        store,
        share,
        PayloadKind::Changes,
        0,
        encode_change_list(std::iter::empty::<&[u8]>()),
    )?;
    let keys = share.keys();
    let seq = transport.append(&keys.log_id, &keys.token, &sealed, None)?;
    // This device knows what it sent: reading it back later is not news.
    let tx = store.conn_mut().transaction()?;
    super::receive::record_seen(&tx, share, &payload, transport.name(), &[])?;
    tx.commit()?;
    Ok((seq, sealed))
}

/// What this computer already holds of the review an invitation is for.
enum LocalCopy {
    None,
    /// A copy with the shared starting point in its history.
    Related,
    /// A built-in demo child nobody has edited here, made apart from the shared one.
    Untouched,
    /// A copy made apart from the shared one, with work in it.
    Separate,
}

/// Two copies made apart (the same demo child on two computers, or the same JSON imported
/// twice) share an id but no history: merging them would double every list in the review.
fn local_copy(store: &mut Store, share: &Share) -> Result<LocalCopy> {
    let id = &share.doc_id;
    if !store.exists(id)? {
        return Ok(LocalCopy::None);
    }
    let related = store.with_doc(id, |doc| {
        share
            .base
            .iter()
            .all(|h| doc.get_change_by_hash(h).is_some())
    })?;
    Ok(if related {
        LocalCopy::Related
    } else if crate::demo::is_untouched(store, id)? {
        LocalCopy::Untouched
    } else {
        LocalCopy::Separate
    })
}

/// The sync status of review `id`.
pub fn status(store: &mut Store, id: &str) -> Result<SyncStatus> {
    let model = store.get(id)?;
    let members = model
        .members
        .iter()
        .filter(|m| m.current())
        .map(|m| (m.name.clone(), m.role))
        .collect();
    let me = hex::encode(store.device().public());
    let share_owner = load_share(store.conn(), id)?.map(|s| hex::encode(s.owner_key));
    let people = model
        .members
        .iter()
        .map(|m| MemberView {
            id: m.device_key.chars().take(12).collect(),
            name: m.name.clone(),
            role: m.role,
            owner: Some(&m.device_key) == share_owner.as_ref(),
            this_device: m.device_key == me,
            removed: m.removed.clone(),
        })
        .collect();
    let Some(share) = load_share(store.conn(), id)? else {
        return Ok(SyncStatus {
            shared: false,
            role: None,
            relay: None,
            owner: false,
            last_synced: None,
            pending_changes: 0,
            members,
            let_in: true,
            waiting: 0,
            quarantined: Vec::new(),
            conflicts: super::conflicts(store, id)?,
            people,
            removed_here: None,
            replaced_here: None,
            relay_went_back: None,
            repaired: repaired(store, id, &model)?,
            short_of_invitation: false,
        });
    };
    let conn = store.conn();
    let last_synced: Option<String> = conn
        .query_row(
            // Through any route: in a meeting room, the room's sync is a sync.
            "SELECT max(last_synced) FROM sync_cursors WHERE doc_id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let relay_went_back: Option<String> = conn
        .query_row(
            "SELECT max(went_back_at) FROM sync_cursors WHERE doc_id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let waiting: i64 = conn.query_row(
        "SELECT count(*) FROM sync_held WHERE doc_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let quarantined = {
        let mut stmt = conn.prepare(
            "SELECT received_at, source, sender_name, reason FROM sync_quarantine WHERE doc_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(Quarantined {
                received_at: r.get(0)?,
                source: r.get(1)?,
                sender: r.get(2)?,
                reason: r.get(3)?,
            })
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    let owner = share.owner_key == store.device().public();
    let let_in = model.members.iter().any(|m| m.device_key == me);
    let pending = pending_changes(store, &share, &share.relay)?.len();
    Ok(SyncStatus {
        shared: true,
        role: Some(share.role),
        relay: Some(share.relay.clone()),
        owner,
        last_synced,
        pending_changes: pending,
        members,
        let_in,
        waiting: waiting as usize,
        quarantined,
        conflicts: super::conflicts(store, id)?,
        people,
        removed_here: share.removed.clone(),
        replaced_here: store.conn().query_row(
            "SELECT replaced_note FROM sync_shares WHERE doc_id = ?1",
            [id],
            |r| r.get(0),
        )?,
        relay_went_back,
        repaired: repaired(store, id, &model)?,
        short_of_invitation: short_of_invitation(store, id)?,
    })
}

/// On a newcomer's device: whether its copy still lacks some of what the review held when
/// its invitation was made. Forgotten once it has it all, so it is checked until then only.
pub(crate) fn short_of_invitation(store: &mut Store, id: &str) -> Result<bool> {
    let promised: String = store.conn().query_row(
        "SELECT promised_heads FROM sync_shares WHERE doc_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let promised = heads_from_json(&promised).unwrap_or_default();
    if promised.is_empty() {
        return Ok(false);
    }
    let missing = store.with_doc(id, |doc| doc.get_missing_deps(&promised))?;
    if missing.is_empty() {
        store.conn().execute(
            "UPDATE sync_shares SET promised_heads = '[]' WHERE doc_id = ?1",
            [id],
        )?;
    }
    Ok(!missing.is_empty())
}

/// What every copy shows in one place though the review holds it twice (see
/// `northstar_schema::merge`), in plain words.
fn repaired(
    store: &mut Store,
    id: &str,
    model: &northstar_schema::ReviewDocument,
) -> Result<Vec<String>> {
    let twice = store.with_doc(id, |doc| northstar_schema::duplicate_ids(doc))?;
    Ok(northstar_schema::repair_notes(
        model,
        twice.iter().map(|(what, id)| (*what, id.as_str())),
    ))
}
