//! Removing a member: a parent who has moved away, a therapist who has left the service.
//!
//! The review key is the only secret, and the removed device has it. So removing a member
//! moves the whole review to a new key (and with it a new relay log and token), sealed for
//! each device that stays and for no other:
//!
//! 1. The owner's copy marks the member removed and remembers the next key, in one
//!    transaction ([`remove_member`]). Its next sync with the review's usual relay does the
//!    rest, before anything else; one cut short is finished by the sync after, with the same
//!    key. (Through a meeting room, sync waits for this: every member reads the usual relay.)
//! 2. It sends a [`Rekey`] envelope to the old log: the new key, sealed for each remaining
//!    member with a secret only the owner and that member can work out.
//! 3. It reads the old log up to that envelope. What the relay placed before it was written
//!    while the removed device was still a member, and every other copy will take it in, so
//!    the owner does too (and passes it on).
//!    Before that, on a per-member log, it has the relay revoke the removed devices'
//!    credentials ([`Transport::revoke`]), so the relay refuses them anything more.
//! 4. It moves to the new log, sending a snapshot first, and cancels invitations not yet used
//!    (they carry the old key).
//!
//! Every other member's device reads the old log up to the owner's new key, opens its sealed
//! copy, and moves to the new log, sending its own changes again. Nothing after the new key
//! in the old log is read by anyone. The removed device finds no key for itself: it keeps the
//! copy it had, and its sync stops, saying so. Whatever it writes afterwards reaches no one,
//! and any copy that meets its envelopes refuses them because the members list says removed.

use super::crypto::{unwrap_key, wrap_key};
use super::exchange::{record_cursor_at, seal_next, SyncReport};
use super::receive::{open, receive_before_removal, record_seen};
use super::share::{heads_to_json, load_share, require_share, Share};
use super::transport::Transport;
use super::SyncError;
use crate::{Result, Store};
use automerge::ChangeHash;
use northstar_schema::sync::{Grant, LogEntry, PayloadKind, Rekey, Replacement};
use northstar_schema::{Member, Role};
use rusqlite::{params, OptionalExtension};

/// Removes the member whose device key starts with `member` (the handle the members list
/// shows) from review `id`. The owner's device can, and so can the LA caseworker's. This is
/// step 1, on this device alone; the owner's next sync with the review's usual relay carries
/// out the rest (on the LA's device, once the removal reaches the owner's copy). Returns the
/// removed person's name.
pub fn remove_member(store: &mut Store, id: &str, member: &str) -> Result<String> {
    let share = require_share(store, id)?;
    let owner_here = share.owner_key == store.device().public();
    if !owner_here && share.role != Role::LaCaseworker {
        return Err(SyncError::CannotRemove.into());
    }
    let wanted = member.trim().to_lowercase();
    let model = store.get(id)?;
    let matching: Vec<&Member> = model
        .members
        .iter()
        .filter(|m| m.current() && wanted.len() >= 6 && m.device_key.starts_with(&wanted))
        .collect();
    let [target] = matching.as_slice() else {
        return Err(SyncError::NoSuchMember.into());
    };
    if target.device_key == hex::encode(share.owner_key) {
        return Err(SyncError::OwnerStays.into());
    }
    let (name, role, key) = (
        target.name.clone(),
        target.role.label(),
        target.device_key.clone(),
    );
    // A removal not yet carried out keeps its key: one new key covers both. Only the owner's
    // device makes keys; the LA caseworker's writes the removal, which the owner's acts on.
    let next_key: Option<[u8; 32]> = match (owner_here, share.next_key) {
        (false, _) => None,
        (true, Some(k)) => Some(k),
        (true, None) => Some(super::device::random_bytes()?),
    };
    let now = chrono::Utc::now();
    store.write_remote(id, |doc, tx, _| {
        let mut members: Vec<Member> =
            autosurgeon::hydrate_prop(&*doc, automerge::ROOT, "members").unwrap_or_default();
        for m in members.iter_mut().filter(|m| m.device_key == key) {
            m.removed = Some(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        }
        autosurgeon::reconcile_prop(doc, automerge::ROOT, "members", &members)?;
        doc.commit_with(
            automerge::transaction::CommitOptions::default()
                .with_message(format!("{name} ({role}) was removed from the review"))
                .with_time(now.timestamp()),
        );
        if let Some(next_key) = next_key {
            tx.execute(
                "UPDATE sync_shares SET next_key = ?2 WHERE doc_id = ?1",
                params![id, next_key.to_vec()],
            )?;
        }
        Ok(())
    })?;
    Ok(name)
}

/// On the owner's device: starts a new key if the review lists a removed device the current
/// key was not made without (a removal the LA caseworker wrote). Returns whether it did.
pub(crate) fn start_removals_from_elsewhere(store: &mut Store, share: &Share) -> Result<bool> {
    if share.owner_key != store.device().public() || share.next_key.is_some() {
        return Ok(false);
    }
    let rotated: Vec<String> = rotated_for(store, &share.doc_id)?;
    let waiting = store
        .get(&share.doc_id)?
        .members
        .iter()
        .any(|m| !m.current() && !rotated.contains(&m.device_key));
    if !waiting {
        return Ok(false);
    }
    begin_new_key(store, share)
}

/// On the owner's device: starts moving the review to a new log (with a new key, as for a
/// removal, but removing nobody) when the relay says members have less than a quarter of the
/// log's quota left, so a full log never ends the review's sync. The new log starts with one
/// snapshot and the attachments, so this is done only if that frees at least half of what is
/// used; a review bigger than that needs a relay with a larger allowance, which the quota
/// message says. Returns whether it started.
pub(crate) fn start_rotation_if_full(
    store: &mut Store,
    share: &Share,
    room: Option<(u64, u64)>,
) -> Result<bool> {
    let Some((room, quota)) = room else {
        return Ok(false);
    };
    let owner_here = share.owner_key == store.device().public();
    if !owner_here || share.next_key.is_some() || room.saturating_mul(4) >= quota {
        return Ok(false);
    }
    let used = quota - room;
    if review_bytes(store, &share.doc_id)?.saturating_mul(2) > used {
        return Ok(false);
    }
    begin_new_key(store, share)
}

/// Notes a new key for the owner's next sync with the usual relay to move the review to
/// (`finish_removal`). Returns `true`, for the callers' "started".
fn begin_new_key(store: &Store, share: &Share) -> Result<bool> {
    let next_key: [u8; 32] = super::device::random_bytes()?;
    store.conn().execute(
        "UPDATE sync_shares SET next_key = ?2 WHERE doc_id = ?1",
        params![share.doc_id, next_key.to_vec()],
    )?;
    Ok(true)
}

/// What a new log starts with: the review saved whole, and every attachment it refers to.
fn review_bytes(store: &mut Store, id: &str) -> Result<u64> {
    let saved = store.export_automerge(id)?.len() as u64;
    let attachments = store.with_doc(id, |doc| super::receive::attachments_of(doc))??;
    let mut total = saved;
    for sha256 in attachments {
        let size: Option<i64> = store
            .conn()
            .query_row(
                "SELECT length(bytes) FROM blobs WHERE sha256 = ?1",
                [&sha256],
                |r| r.get(0),
            )
            .optional()?;
        total += size.unwrap_or(0).max(0) as u64;
    }
    Ok(total)
}

fn rotated_for(store: &Store, id: &str) -> Result<Vec<String>> {
    let json: String = store.conn().query_row(
        "SELECT rotated_for FROM sync_shares WHERE doc_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(serde_json::from_str(&json).unwrap_or_default())
}

/// Steps 2 to 4 on the owner's device, for a removal begun and not yet finished. Safe to
/// repeat: a second new-key envelope carries the same key.
pub(crate) fn finish_removal(
    store: &mut Store,
    share: &Share,
    transport: &mut dyn Transport,
) -> Result<()> {
    let Some(next_key) = share.next_key else {
        return Ok(());
    };
    let epoch = share.epoch + 1;
    let me = store.device().public();
    let members = store.get(&share.doc_id)?.members;
    let without: Vec<String> = members
        .iter()
        .filter(|m| !m.current())
        .map(|m| m.device_key.clone())
        .collect();
    let mut keys = Vec::new();
    for m in members.iter().filter(|m| m.current()) {
        let Some(device) = hex::decode(&m.device_key)
            .ok()
            .and_then(|k| <[u8; 32]>::try_from(k).ok())
        else {
            continue;
        };
        if device != me {
            keys.push(wrap_key(
                store.device(),
                &device,
                &share.doc_id,
                epoch,
                &next_key,
            )?);
        }
    }
    // The history was erased: the new key comes with the re-made document, whose heads are
    // the new shared starting point.
    let replaced = share.replacing.then(|| Replacement {
        base: share.base.iter().map(|h| h.0).collect(),
    });
    let body = Rekey {
        epoch,
        keys,
        replaced,
    }
    .encode();
    let relay = transport.name().to_string();
    let old = share.keys();
    // A per-member log: the relay stops letting removed devices in at all, so they can
    // neither read what is written next nor fill the log.
    if old.owner.is_some() {
        for subject in members
            .iter()
            .filter(|m| !m.current())
            .filter_map(subject_of)
        {
            transport.revoke(&old.log_id, &old.token, &subject)?;
        }
    }
    let mut pulled_before = super::exchange::cursor_at(store, &share.doc_id, &relay)?;
    if share.replacing {
        // Every log of the review goes, old history and all; the old id is made afresh with
        // the new key alone in it, for members who have not moved yet to find. What they
        // wrote that this device had not read is lost with the history (see `erase.rs`).
        match transport.delete_log(&old.log_id, &old.token) {
            Ok(()) | Err(SyncError::RelayRefused { status: 404, .. }) => {}
            Err(e) => return Err(e.into()),
        }
        pulled_before = 0;
    }
    let (payload, sealed) = seal_next(store, share, PayloadKind::Rekey, pulled_before, body)?;
    // As the owner: a member who filled the log to its quota cannot stop this entry.
    let rekey_seq = super::exchange::append_to_log(store, share, &old, transport, &sealed, None)?;
    let tx = store.conn_mut().transaction()?;
    record_seen(&tx, share, &payload, &relay, &[])?;
    tx.commit()?;

    // Step 3: the old log up to the new key (nothing, when the history was replaced).
    let mut at = pulled_before;
    while !share.replacing && at + 1 < rekey_seq {
        let pulled = transport.pull(&old.log_id, &old.token, at, false, None)?;
        let before: Vec<&LogEntry> = pulled
            .entries
            .iter()
            .filter(|e| e.seq < rekey_seq)
            .collect();
        if before.is_empty() {
            break;
        }
        let envelopes: Vec<&[u8]> = before.iter().map(|e| e.bytes.as_slice()).collect();
        receive_before_removal(store, share, &envelopes, &relay)?;
        if let Some(last) = before.iter().max_by_key(|e| e.seq) {
            at = at.max(last.seq);
            record_cursor_at(store, &share.doc_id, &relay, last)?;
        }
    }

    // Step 4.
    let now = chrono::Utc::now().timestamp();
    let tx = store.conn_mut().transaction()?;
    move_to_key(&tx, &share.doc_id, &next_key, epoch)?;
    tx.execute(
        "UPDATE sync_shares SET rotated_for = ?2, replacing = 0 WHERE doc_id = ?1",
        params![share.doc_id, serde_json::to_string(&without)?],
    )?;
    tx.execute(
        "UPDATE sync_invitations SET cancelled_at = ?2
         WHERE doc_id = ?1 AND used_by IS NULL AND cancelled_at IS NULL",
        params![share.doc_id, now],
    )?;
    tx.commit()?;
    Ok(())
}

/// The key a member's relay credential was issued to: its invitation's key (the owner's own
/// device key for the owner).
fn subject_of(member: &Member) -> Option<[u8; 32]> {
    let bytes = hex::decode(&member.grant).ok()?;
    Some(Grant::decode(&bytes).ok()?.invite_key)
}

/// Moves this device's share of a review to `key`: a new log, read from its start, to which
/// everything this device should send goes again.
fn move_to_key(tx: &rusqlite::Transaction, id: &str, key: &[u8; 32], epoch: u64) -> Result<()> {
    tx.execute(
        "UPDATE sync_shares SET doc_key = ?2, epoch = ?3, next_key = NULL WHERE doc_id = ?1",
        params![id, key.to_vec(), epoch as i64],
    )?;
    tx.execute("DELETE FROM sync_cursors WHERE doc_id = ?1", [id])?;
    tx.execute("DELETE FROM sync_known WHERE doc_id = ?1", [id])?;
    tx.execute("DELETE FROM sync_held WHERE doc_id = ?1", [id])?;
    Ok(())
}

/// The position in `entries` of the owner's new key for a later generation than `share`'s,
/// if the log holds one: nothing from there on is read.
pub(crate) fn find_rekey(share: &Share, entries: &[LogEntry]) -> Option<(usize, Rekey)> {
    let keys = share.keys();
    entries.iter().enumerate().find_map(|(i, e)| {
        // Decrypting is cheap; the signature is checked only for a likely candidate, so
        // looking does not double the cost of a catch-up.
        let payload = keys.open(&e.bytes).ok()?;
        if payload.kind != PayloadKind::Rekey || payload.sender != share.owner_key {
            return None;
        }
        let opened = open(share, &e.bytes).ok()?;
        let rekey = Rekey::decode(&opened.payload.changes).ok()?;
        (rekey.epoch > share.epoch).then_some((i, rekey))
    })
}

/// What a member's device does on meeting the owner's new key: moves to it, or, if there is
/// none for this device, notes that it was removed. Returns whether it moved.
pub(crate) fn take_rekey(store: &mut Store, share: &Share, rekey: &Rekey) -> Result<bool> {
    let me = store.device().public();
    let Some(wrapped) = rekey.for_device(&me) else {
        note_removed(store, &share.doc_id)?;
        return Ok(false);
    };
    let key = unwrap_key(
        store.device(),
        &share.owner_key,
        &share.doc_id,
        rekey.epoch,
        wrapped,
    )
    .map_err(|_| SyncError::Refused("the review's new key could not be opened".into()))?;
    let tx = store.conn_mut().transaction()?;
    move_to_key(&tx, &share.doc_id, &key, rekey.epoch)?;
    if let Some(replaced) = &rekey.replaced {
        // Nothing of this copy's may reach the new log: the owner's new copy is taken first
        // (`take_replacement`), and it alone is vouched for.
        let base: Vec<ChangeHash> = replaced.base.iter().map(|h| ChangeHash(*h)).collect();
        tx.execute(
            "UPDATE sync_shares SET replace_pending = 1, base_heads = ?2 WHERE doc_id = ?1",
            params![share.doc_id, heads_to_json(&base)],
        )?;
    }
    tx.commit()?;
    Ok(true)
}

/// On a member's device whose owner erased the review's history: takes the owner's new copy
/// (the first snapshot in the new log) in place of this one, with its attachments' references,
/// and forgets what was sent and held under the old history. Returns `false` while the new
/// log has no snapshot yet (the owner's sync stopped between the two): nothing is sent until
/// it has. Through a meeting room it waits for the usual relay, which the owner wrote to.
pub(crate) fn take_replacement(
    store: &mut Store,
    share: &Share,
    transport: &mut dyn Transport,
) -> Result<bool> {
    if transport.name() != share.relay {
        return Ok(false);
    }
    let mut doc = match super::receive::fetch_first_copy(share, transport) {
        Ok(doc) => doc,
        Err(crate::EngineError::Sync(SyncError::NoSnapshot)) => return Ok(false),
        Err(e) => return Err(e),
    };
    let model = northstar_schema::read_document(&doc)?;
    model.validate()?;
    if model.id != share.doc_id {
        return Err(SyncError::Refused("the owner's new copy is of another review".into()).into());
    }
    let id = share.doc_id.clone();
    store.replace_history(&id, &mut doc, &model, |tx| {
        tx.execute(
            "UPDATE sync_shares SET replace_pending = 0 WHERE doc_id = ?1",
            [&id],
        )?;
        tx.execute("DELETE FROM sync_known WHERE doc_id = ?1", [&id])?;
        tx.execute("DELETE FROM sync_held WHERE doc_id = ?1", [&id])?;
        tx.execute("DELETE FROM sync_cursors WHERE doc_id = ?1", [&id])?;
        Ok(())
    })?;
    let by = store
        .history(&id)?
        .first()
        .and_then(|h| h.by.clone())
        .unwrap_or_else(|| "the person who shared it".into());
    let note = format!(
        "On {}, {by} erased this review's history on the computer that shared it, and this \
         computer's copy was replaced by theirs: earlier versions are no longer kept here, and \
         anything written here that had not been sent was lost",
        chrono::Local::now().format("%-d %B %Y")
    );
    store.conn().execute(
        "UPDATE sync_shares SET replaced_note = ?2 WHERE doc_id = ?1",
        params![id, note],
    )?;
    Ok(true)
}

/// On a removed device: notes the removal, found in the owner's new key (which has none for
/// this device) or in the relay's refusal of this device's credential.
pub(crate) fn note_removed(store: &Store, id: &str) -> Result<()> {
    let note = format!(
        "This device was removed from the review (noticed on {}). It keeps the copy it \
         had then; nothing written since reaches it, and nothing written here reaches anyone",
        chrono::Local::now().format("%-d %B %Y")
    );
    store.conn().execute(
        "UPDATE sync_shares SET removed_note = ?2 WHERE doc_id = ?1",
        params![id, note],
    )?;
    Ok(())
}

/// For [`sync_review`]: a removed device's sync does nothing, and says so.
pub(crate) fn removed_report(store: &Store, id: &str) -> Result<Option<SyncReport>> {
    Ok(load_share(store.conn(), id)?
        .and_then(|s| s.removed)
        .map(|_| SyncReport {
            removed: true,
            ..SyncReport::default()
        }))
}
