//! One sync of one review with one relay: pull what is new there, then push what it lacks.

use super::crypto::sign_payload;
use super::device::device_of_actor;
use super::receive::{receive_all, record_seen, retry_waiting, Received};
use super::revocation::{find_rekey, finish_removal, removed_report, take_rekey, take_replacement};
use super::revocation::{start_removals_from_elsewhere, start_rotation_if_full};
use super::share::{heads_from_json, heads_to_json, require_share, Share};
use super::transport::{Before, OwnerProof, Transport};
use crate::{Result, Store};
use automerge::{Change, ChangeHash};
use northstar_schema::sync::SyncProgress;
use northstar_schema::sync::{encode_attachment, encode_change_list, Payload, PayloadKind};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::collections::HashSet;

/// How many log entries may pile up past the last snapshot before the owner sends a new one,
/// so a newcomer replays at most this many envelopes.
pub const SNAPSHOT_EVERY: u64 = 200;

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub envelopes_received: usize,
    pub changes_applied: usize,
    pub duplicates: usize,
    pub waiting: usize,
    pub refused: Vec<String>,
    pub changes_sent: usize,
    /// Attachments (drawings, photos, voice notes) sent, one envelope each.
    pub attachments_sent: usize,
    pub snapshot_sent: bool,
    /// The relay's log position this device has now read up to.
    pub cursor: u64,
    /// Whether the review moved to a new key during this sync (a member was removed).
    pub new_key: bool,
    /// Whether this device has been removed from the review: it syncs no more.
    pub removed: bool,
    /// Whether the relay had gone back (lost entries this device had read), so this device
    /// read its log again from the start and sent everything it should again.
    pub relay_went_back: bool,
    /// Whether the owner erased the review's history and this device took their new copy in
    /// place of its own (or, while `waiting_for_replacement`, will).
    pub history_replaced: bool,
    /// The owner erased the history, and their new copy is not on the relay yet: nothing is
    /// sent until it is.
    pub waiting_for_replacement: bool,
}

struct Cursor {
    pulled: u64,
    /// The SHA-256 of the entry at `pulled`, to check the relay still has it.
    digest: Option<Vec<u8>>,
    pushed_heads: Vec<ChangeHash>,
    snapshot_seq: u64,
}

impl Cursor {
    fn new() -> Cursor {
        Cursor {
            pulled: 0,
            digest: None,
            pushed_heads: Vec::new(),
            snapshot_seq: 0,
        }
    }
}

fn load_cursor(store: &Store, id: &str, relay: &str) -> Result<Cursor> {
    let row: Option<(i64, Option<Vec<u8>>, String, i64)> = store
        .conn()
        .query_row(
            "SELECT pulled_seq, pulled_digest, pushed_heads, snapshot_seq FROM sync_cursors
             WHERE doc_id = ?1 AND relay = ?2",
            params![id, relay],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    Ok(match row {
        None => Cursor::new(),
        Some((pulled, digest, heads, snapshot)) => Cursor {
            pulled: pulled.max(0) as u64,
            digest,
            pushed_heads: heads_from_json(&heads).unwrap_or_default(),
            snapshot_seq: snapshot.max(0) as u64,
        },
    })
}

fn save_cursor(store: &Store, id: &str, relay: &str, c: &Cursor, synced: bool) -> Result<()> {
    store.conn().execute(
        "INSERT INTO sync_cursors (doc_id, relay, pulled_seq, pulled_digest, pushed_heads,
             snapshot_seq, last_synced)
         VALUES (?1, ?2, ?3, ?8, ?4, ?5, CASE WHEN ?6 THEN ?7 END)
         ON CONFLICT (doc_id, relay) DO UPDATE SET pulled_seq = ?3, pulled_digest = ?8,
             pushed_heads = ?4, snapshot_seq = ?5,
             last_synced = CASE WHEN ?6 THEN ?7 ELSE last_synced END",
        params![
            id,
            relay,
            c.pulled as i64,
            heads_to_json(&c.pushed_heads),
            c.snapshot_seq as i64,
            synced,
            crate::store::now_iso(),
            c.digest
        ],
    )?;
    Ok(())
}

fn digest(bytes: &[u8]) -> Vec<u8> {
    <sha2::Sha256 as sha2::Digest>::digest(bytes).to_vec()
}

/// Whether a pull that started one entry before `at` shows the relay went back: the entry
/// this device read at `at` is not there any more. A relay restored from a backup (or a
/// dishonest one) hands out its old positions again, to new entries this device would
/// otherwise skip, and has lost what was sent since.
fn went_back(entries: &[northstar_schema::sync::LogEntry], at: u64, expected: &[u8]) -> bool {
    !entries
        .first()
        .is_some_and(|e| e.seq == at && digest(&e.bytes) == expected)
}

/// Appends `sealed` to `share`'s log (the current one, or `keys`'), from the owner's device
/// with its second token so that a log a member has filled still takes it.
pub(crate) fn append_to_log(
    store: &Store,
    share: &Share,
    keys: &super::crypto::DocKeys,
    transport: &mut dyn Transport,
    sealed: &[u8],
    covers: Option<u64>,
) -> Result<u64> {
    Ok(if share.owner_key == store.device().public() {
        let owner = match &keys.owner {
            Some(log_owner) => OwnerProof::Log(log_owner.clone()),
            None => OwnerProof::Token(super::crypto::owner_token(store.device(), &keys.log_id)),
        };
        transport.append_as_owner(&keys.log_id, &keys.token, &owner, sealed, covers)?
    } else {
        transport.append(&keys.log_id, &keys.token, sealed, covers)?
    })
}

/// Attachments travel in their own envelopes, not in snapshots, so a device that started
/// from a snapshot (a newcomer, or one whose relay went back) skipped those sent before it.
/// While the review refers to an attachment this device lacks, it reads the skipped entries
/// once, taking in attachments only, and notes how far it got so it never reads them twice.
fn backfill_attachments(
    store: &mut Store,
    share: &Share,
    transport: &mut dyn Transport,
) -> Result<()> {
    let relay = transport.name().to_string();
    let id = share.doc_id.as_str();
    let range: Option<(i64, i64)> = store
        .conn()
        .query_row(
            "SELECT backfill_at, backfill_to FROM sync_cursors WHERE doc_id = ?1 AND relay = ?2",
            params![id, relay],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((mut at, to)) = range.map(|(a, t)| (a.max(0) as u64, t.max(0) as u64)) else {
        return Ok(());
    };
    let keys = share.keys();
    while at < to && !missing_attachments(store, id)?.is_empty() {
        let pulled = transport.pull(&keys.log_id, &keys.token, at, false, None)?;
        let entries: Vec<_> = pulled.entries.iter().filter(|e| e.seq <= to).collect();
        let Some(last) = entries.iter().map(|e| e.seq).max() else {
            break;
        };
        for entry in entries {
            let attachment = super::receive::open(share, &entry.bytes)
                .is_ok_and(|o| o.payload.kind == PayloadKind::Attachment);
            if attachment {
                super::receive::receive(store, share, &entry.bytes, &relay)?;
            }
        }
        at = last;
        store.conn().execute(
            "UPDATE sync_cursors SET backfill_at = ?3 WHERE doc_id = ?1 AND relay = ?2",
            params![id, relay, at as i64],
        )?;
    }
    Ok(())
}

/// The SHA-256 of each attachment the review refers to that this device does not hold.
fn missing_attachments(store: &mut Store, id: &str) -> Result<Vec<String>> {
    let wanted = store.with_doc(id, |doc| super::receive::attachments_of(doc))??;
    let mut missing = Vec::new();
    for sha256 in wanted {
        let held: bool = store.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = ?1)",
            [&sha256],
            |r| r.get(0),
        )?;
        if !held {
            missing.push(sha256);
        }
    }
    Ok(missing)
}

/// Whether the owner may send a snapshot now. A snapshot says it covers every entry up to
/// where this device has read, and a newcomer starting from it skips those entries; so while
/// any envelope read is still waiting for changes it builds on (and so is not in the copy the
/// snapshot is made from), no snapshot is sent, or that envelope would be lost to newcomers.
fn may_snapshot(store: &Store, id: &str) -> Result<bool> {
    let waiting: i64 = store.conn().query_row(
        "SELECT count(*) FROM sync_held WHERE doc_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(waiting == 0)
}

/// Notes an entry this device appended to `relay` at `seq`, to check when it is read back.
pub(crate) fn record_sent(
    store: &Store,
    id: &str,
    relay: &str,
    seq: u64,
    sealed: &[u8],
) -> Result<()> {
    store.conn().execute(
        "INSERT OR REPLACE INTO sync_sent (doc_id, relay, seq, digest) VALUES (?1, ?2, ?3, ?4)",
        params![id, relay, seq as i64, digest(sealed)],
    )?;
    Ok(())
}

/// Whether the relay dropped, swapped or lost an entry this device sent, judged by one pull
/// after `after` that the relay says ends at `head`. Each sent entry is checked once the pull
/// reaches its position: read back unchanged, it is struck off; another entry in its place,
/// none where an ordinary pull should have one, or a log that now ends before it, means the
/// relay went back (or lies). A newcomer's pull starts at the newest snapshot and skips what
/// it covers, which the owner had read: those are struck off unchecked.
fn lost_what_was_sent(
    store: &Store,
    id: &str,
    relay: &str,
    pulled: &super::Pulled,
    after: u64,
    from_snapshot: bool,
) -> Result<bool> {
    let sent: Vec<(i64, Vec<u8>)> = {
        let mut stmt = store.conn().prepare_cached(
            "SELECT seq, digest FROM sync_sent WHERE doc_id = ?1 AND relay = ?2 AND seq > ?3",
        )?;
        let rows = stmt.query_map(params![id, relay, after as i64], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if sent.is_empty() {
        return Ok(false);
    }
    let read_to = pulled.entries.iter().map(|e| e.seq).max().unwrap_or(after);
    let mut checked = Vec::new();
    for (seq, expected) in sent {
        let at = seq as u64;
        if at > pulled.head {
            return Ok(true);
        }
        if at > read_to {
            continue; // in a later page
        }
        match pulled.entries.iter().find(|e| e.seq == at) {
            Some(e) if digest(&e.bytes) != expected => return Ok(true),
            None if !from_snapshot => return Ok(true),
            _ => checked.push(seq),
        }
    }
    let mut stmt = store
        .conn()
        .prepare_cached("DELETE FROM sync_sent WHERE doc_id = ?1 AND relay = ?2 AND seq = ?3")?;
    for seq in checked {
        stmt.execute(params![id, relay, seq])?;
    }
    Ok(false)
}

/// Starts again with a relay that went back: reads its log from the start, and sends it
/// everything this device should send (the owner: a fresh snapshot too), as nothing can be
/// assumed to be there any more. Noted for the sync status.
fn start_again(store: &Store, id: &str, relay: &str, cursor: &mut Cursor) -> Result<()> {
    *cursor = Cursor::new();
    store.conn().execute(
        "DELETE FROM sync_known WHERE doc_id = ?1 AND relay = ?2",
        params![id, relay],
    )?;
    // Whatever this device sent there is sent again, at new positions.
    store.conn().execute(
        "DELETE FROM sync_sent WHERE doc_id = ?1 AND relay = ?2",
        params![id, relay],
    )?;
    save_cursor(store, id, relay, cursor, false)?;
    store.conn().execute(
        "UPDATE sync_cursors SET went_back_at = ?3 WHERE doc_id = ?1 AND relay = ?2",
        params![id, relay, crate::store::now_iso()],
    )?;
    Ok(())
}

/// How far this device has read `relay`'s log for review `id`.
pub(crate) fn cursor_at(store: &Store, id: &str, relay: &str) -> Result<u64> {
    Ok(load_cursor(store, id, relay)?.pulled)
}

/// Notes that this device has read `relay`'s log for review `id` up to `entry`.
pub(crate) fn record_cursor_at(
    store: &Store,
    id: &str,
    relay: &str,
    entry: &northstar_schema::sync::LogEntry,
) -> Result<()> {
    let mut cursor = load_cursor(store, id, relay)?;
    if entry.seq > cursor.pulled {
        cursor.pulled = entry.seq;
        cursor.digest = Some(digest(&entry.bytes));
    }
    save_cursor(store, id, relay, &cursor, false)
}

/// Syncs review `id` with the relay behind `transport`. Safe to repeat at any time, and after
/// any failure: nothing is applied twice, and what did not reach the relay is sent next time.
pub fn sync_review(
    store: &mut Store,
    id: &str,
    transport: &mut dyn Transport,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<SyncReport> {
    match sync_steps(store, id, transport, progress) {
        // The owner revoked this device's credential: it was removed.
        Err(crate::EngineError::Sync(super::SyncError::RemovedAtRelay)) => {
            super::revocation::note_removed(store, id)?;
            Ok(removed_report(store, id)?.unwrap_or_default())
        }
        other => other,
    }
}

fn sync_steps(
    store: &mut Store,
    id: &str,
    transport: &mut dyn Transport,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<SyncReport> {
    let share = require_share(store, id)?;
    if let Some(report) = removed_report(store, id)? {
        return Ok(report);
    }
    if share.replace_pending {
        if !take_replacement(store, &share, transport)? {
            return Ok(SyncReport {
                waiting_for_replacement: true,
                history_replaced: true,
                ..SyncReport::default()
            });
        }
        let mut again = sync_review(store, id, transport, progress)?;
        again.history_replaced = true;
        return Ok(again);
    }
    if share.next_key.is_some() && share.owner_key == store.device().public() {
        // A removal this device began: carried out through the usual relay, which every
        // member reads, before anything more is sent anywhere.
        if transport.name() != share.relay {
            return Ok(SyncReport::default());
        }
        finish_removal(store, &share, transport)?;
        let mut report = sync_review(store, id, transport, progress)?;
        report.new_key = true;
        return Ok(report);
    }
    let relay = transport.name().to_string();
    let keys = share.keys();
    let mut cursor = load_cursor(store, id, &relay)?;
    let mut report = SyncReport::default();
    let is_owner = share.owner_key == store.device().public();

    // The owner's first snapshot goes first, so the log always opens with one. (Once the log
    // has entries, a snapshot waits until nothing read is waiting: see `may_snapshot`.)
    if is_owner && cursor.snapshot_seq == 0 && (cursor.pulled == 0 || may_snapshot(store, id)?) {
        send_snapshot(store, &share, transport, &mut cursor)?;
        report.snapshot_sent = true;
    }

    let mut received = 0;
    let mut head = 0;
    // The least room the relay said this log has left for members (see `ROOM_HEADER`).
    let mut room: Option<(u64, u64)> = None;
    // The first pull starts one entry early, to check the relay still has what this device
    // read there last (see `went_back`); no extra round trip.
    let mut check = cursor.digest.clone().filter(|_| cursor.pulled > 0);
    // A relay says what it holds at the position a pull starts after (`Before`), so the
    // check costs no download. One that does not say (older) is asked again one entry early.
    let mut early = false;
    // Where a pull from the newest snapshot started, if one did.
    let mut skipped_to = None;
    loop {
        let after = cursor.pulled - u64::from(check.is_some() && early);
        let newcomer = cursor.pulled == 0;
        let mut pulled = transport.pull(&keys.log_id, &keys.token, after, newcomer, None)?;
        head = head.max(pulled.head);
        room = match (room, pulled.room) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(expected) = check.take() {
            let lost = match (early, pulled.before) {
                (false, Before::Digest(d)) => d[..] != expected[..],
                (false, Before::Missing) => true,
                (false, Before::NotSaid) => {
                    early = true;
                    check = Some(expected);
                    continue;
                }
                (true, _) => went_back(&pulled.entries, cursor.pulled, &expected),
            };
            if lost {
                start_again(store, id, &relay, &mut cursor)?;
                report.relay_went_back = true;
                continue;
            }
            if early {
                pulled.entries.remove(0);
            }
        }
        if lost_what_was_sent(store, id, &relay, &pulled, after, newcomer)? {
            start_again(store, id, &relay, &mut cursor)?;
            report.relay_went_back = true;
            continue;
        }
        if pulled.entries.is_empty() {
            break;
        }
        if newcomer {
            // Started at the newest snapshot: what came before it was skipped (see
            // `backfill_attachments`).
            skipped_to = pulled.entries.iter().map(|e| e.seq).min().map(|s| s - 1);
        }
        // The owner's new key is the last entry anyone reads in this log.
        let rekey = find_rekey(&share, &pulled.entries);
        let upto = rekey.as_ref().map_or(pulled.entries.len(), |(i, _)| *i + 1);
        let entries = &pulled.entries[..upto];
        let envelopes: Vec<&[u8]> = entries.iter().map(|e| e.bytes.as_slice()).collect();
        for outcome in receive_all(store, &share, &envelopes, &relay)? {
            match outcome {
                Received::Applied(n) => report.changes_applied += n,
                Received::Duplicate => report.duplicates += 1,
                Received::Waiting => report.waiting += 1,
                Received::Refused(why) => report.refused.push(why),
            }
        }
        report.envelopes_received += envelopes.len();
        received += envelopes.len() as u64;
        if let Some(last) = entries.iter().max_by_key(|e| e.seq) {
            if last.seq > cursor.pulled {
                cursor.pulled = last.seq;
                cursor.digest = Some(digest(&last.bytes));
            }
        }
        progress(SyncProgress {
            received,
            head: head.max(cursor.pulled),
            at: cursor.pulled,
        });
        save_cursor(store, id, &relay, &cursor, false)?;
        if let Some((_, rekey)) = rekey {
            if !take_rekey(store, &share, &rekey)? {
                return Ok(SyncReport {
                    removed: true,
                    ..report
                });
            }
            // Everything from here is in the new log, read from its start.
            let mut again = sync_review(store, id, transport, progress)?;
            again.envelopes_received += report.envelopes_received;
            again.changes_applied += report.changes_applied;
            again.new_key = true;
            return Ok(again);
        }
    }
    report.changes_applied += retry_waiting(store, &share, &relay)?;
    if let Some(to) = skipped_to {
        store.conn().execute(
            "UPDATE sync_cursors SET backfill_at = 0, backfill_to = ?3
             WHERE doc_id = ?1 AND relay = ?2",
            params![id, relay, to as i64],
        )?;
    }
    backfill_attachments(store, &share, transport)?;

    report.changes_sent = push(store, &share, transport, &mut cursor)?;
    // A relay that went back may have lost this device's request to join, before the owner
    // let it in: it asks again.
    let me = store.device().public();
    if report.relay_went_back
        && !is_owner
        && !store.with_doc(id, |doc| super::admission::is_member(doc, &me))?
    {
        let (seq, sealed) = super::share::ask_to_join(store, &share, transport)?;
        record_sent(store, id, &relay, seq, &sealed)?;
    }
    report.attachments_sent = push_attachments(store, &share, transport)?;
    // A relay that went back may hold no snapshot of what it lost: the owner sends one.
    let behind = head.saturating_sub(cursor.snapshot_seq) >= SNAPSHOT_EVERY;
    if is_owner && (behind || report.relay_went_back) && may_snapshot(store, id)? {
        send_snapshot(store, &share, transport, &mut cursor)?;
        report.snapshot_sent = true;
    }
    report.cursor = cursor.pulled;
    save_cursor(store, id, &relay, &cursor, true)?;
    // A removal the LA caseworker wrote, just taken in: the owner's device moves the review
    // to a new key now, through the usual relay.
    // Likewise when the log is filling up: a new key, and with it a new log.
    let moving = relay == share.relay
        && (start_removals_from_elsewhere(store, &share)?
            || start_rotation_if_full(store, &share, room)?);
    if moving {
        let mut again = sync_review(store, id, transport, progress)?;
        again.changes_applied += report.changes_applied;
        again.envelopes_received += report.envelopes_received;
        return Ok(again);
    }
    Ok(report)
}

/// The changes this device should send to `relay`: its own (the owner: everyone's) that the
/// relay is not known to have.
pub(crate) fn pending_changes(
    store: &mut Store,
    share: &Share,
    relay: &str,
) -> Result<Vec<Change>> {
    let cursor = load_cursor(store, &share.doc_id, relay)?;
    let me = store.device().public();
    let is_owner = share.owner_key == me;
    let known = known_on(store, &share.doc_id, relay)?;
    store.changes_since_where(&share.doc_id, &cursor.pushed_heads, |actor, hash| {
        !known.contains(hash.0.as_slice()) && (is_owner || device_of_actor(actor) == Some(me))
    })
}

/// The raw Automerge bytes of the changes this device has yet to send for review `id`.
pub fn pending_change_bytes(store: &mut Store, id: &str) -> Result<u64> {
    let share = require_share(store, id)?;
    let relay = share.relay.clone();
    Ok(pending_changes(store, &share, &relay)?
        .iter()
        .map(|c| c.raw_bytes().len() as u64)
        .sum())
}

/// Signs and seals one payload with this device's next counter for the review.
pub(crate) fn seal_next(
    store: &mut Store,
    share: &Share,
    kind: PayloadKind,
    covers: u64,
    changes: Vec<u8>,
) -> Result<(Payload, Vec<u8>)> {
    // Taken before sending, so a counter is never reused even if the send fails.
    let counter: i64 = store.conn().query_row(
        "UPDATE sync_shares SET next_counter = next_counter + 1 WHERE doc_id = ?1 RETURNING next_counter - 1",
        [&share.doc_id],
        |r| r.get(0),
    )?;
    let mut payload = Payload {
        sender: [0; 32],
        counter: counter as u64,
        kind,
        grant: share.grant.clone(),
        covers,
        changes,
        signature: [0; 64],
    };
    sign_payload(store.device(), &share.doc_id, &mut payload);
    let sealed = share.keys().seal(&payload)?;
    Ok((payload, sealed))
}

fn push(
    store: &mut Store,
    share: &Share,
    transport: &mut dyn Transport,
    cursor: &mut Cursor,
) -> Result<usize> {
    let heads = store.with_doc(&share.doc_id, |doc| doc.get_heads())?;
    let relay = transport.name().to_string();
    let changes = pending_changes(store, share, &relay)?;
    if !changes.is_empty() {
        let list = encode_change_list(changes.iter().map(|c| c.raw_bytes()));
        let (payload, sealed) = seal_next(store, share, PayloadKind::Changes, 0, list)?;
        let seq = append_to_log(store, share, &share.keys(), transport, &sealed, None)?;
        record_sent(store, &share.doc_id, &relay, seq, &sealed)?;
        let tx = store.conn_mut().transaction()?;
        record_seen(&tx, share, &payload, &relay, &changes)?;
        tx.commit()?;
    }
    cursor.pushed_heads = heads;
    Ok(changes.len())
}

/// The hashes (of changes and of attachments) known to be on `relay` for review `id`.
fn known_on(store: &Store, id: &str, relay: &str) -> Result<HashSet<Vec<u8>>> {
    let mut stmt = store
        .conn()
        .prepare_cached("SELECT hash FROM sync_known WHERE doc_id = ?1 AND relay = ?2")?;
    let rows = stmt.query_map(params![id, relay], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sends each attachment the review refers to that this device holds and the relay is not
/// known to have, one envelope each, after the changes that refer to them.
fn push_attachments(
    store: &mut Store,
    share: &Share,
    transport: &mut dyn Transport,
) -> Result<usize> {
    let relay = transport.name().to_string();
    let wanted = store.with_doc(&share.doc_id, |doc| super::receive::attachments_of(doc))??;
    let known = known_on(store, &share.doc_id, &relay)?;
    let mut wanted: Vec<String> = wanted.into_iter().collect();
    wanted.sort();
    let mut sent = 0;
    for sha256 in wanted {
        if hex::decode(&sha256).is_ok_and(|h| known.contains(&h)) {
            continue;
        }
        // Someone else's attachment that has not reached this device yet: theirs to send.
        let Some((bytes, media_type)) = store.blob(&sha256)? else {
            continue;
        };
        let body = encode_attachment(&media_type, &bytes);
        let (payload, sealed) = seal_next(store, share, PayloadKind::Attachment, 0, body)?;
        let seq = append_to_log(store, share, &share.keys(), transport, &sealed, None)?;
        record_sent(store, &share.doc_id, &relay, seq, &sealed)?;
        let tx = store.conn_mut().transaction()?;
        record_seen(&tx, share, &payload, &relay, &[])?;
        super::receive::record_known_attachment(&tx, &share.doc_id, &relay, &sha256)?;
        tx.commit()?;
        sent += 1;
    }
    Ok(sent)
}

fn send_snapshot(
    store: &mut Store,
    share: &Share,
    transport: &mut dyn Transport,
    cursor: &mut Cursor,
) -> Result<()> {
    let heads = store.with_doc(&share.doc_id, |doc| doc.get_heads())?;
    let saved = store.export_automerge(&share.doc_id)?;
    let (payload, sealed) = seal_next(store, share, PayloadKind::Snapshot, cursor.pulled, saved)?;
    let seq = append_to_log(
        store,
        share,
        &share.keys(),
        transport,
        &sealed,
        Some(cursor.pulled),
    )?;
    record_sent(store, &share.doc_id, transport.name(), seq, &sealed)?;
    let tx = store.conn_mut().transaction()?;
    record_seen(&tx, share, &payload, transport.name(), &[])?;
    tx.commit()?;
    cursor.snapshot_seq = seq;
    cursor.pushed_heads = heads;
    Ok(())
}
