//! Receiving one envelope: decrypt, check the signature and grant, spot replays, check every
//! change against its author's role, and apply it, all or nothing. Whatever fails a check is
//! kept in quarantine with its reason; nothing it carried reaches the copy.

use super::admission::Standing;
use super::check::{Authority, PathCache, Sender};
use super::crypto::{check_grant, payload_signature_ok};
use super::share::Share;
use super::transport::Transport;
use super::SyncError;
use crate::store::Applied;
use crate::{EngineError, Result, Store};
use automerge::{AutoCommit, Change, ChangeHash};
use northstar_schema::sync::{decode_change_list, Grant, Payload, PayloadKind};
use northstar_schema::Member;
use rusqlite::{params, OptionalExtension, Transaction};
use std::collections::{BTreeSet, HashSet};

/// What became of one envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// Its changes joined the copy (0 if this copy already had them all).
    Applied(usize),
    /// Already received: a duplicate or a replay, ignored.
    Duplicate,
    /// It builds on changes not here yet; kept, and tried again after the next ones.
    Waiting,
    /// It failed a check and is in quarantine; the reason in plain words.
    Refused(String),
}

/// An envelope that passed decryption, signature and grant checks.
pub(crate) struct Opened {
    pub payload: Payload,
    pub grant: Grant,
}

pub(crate) fn open(share: &Share, bytes: &[u8]) -> std::result::Result<Opened, SyncError> {
    let payload = share.keys().open(bytes)?;
    if !payload_signature_ok(&share.doc_id, &payload) {
        return Err(SyncError::ForgedSignature);
    }
    let grant = Grant::decode(&payload.grant).map_err(|_| SyncError::NotAMember)?;
    check_grant(&grant, &share.owner_key, &share.doc_id)?;
    if grant.device_key != payload.sender {
        return Err(SyncError::NotAMember);
    }
    Ok(Opened { payload, grant })
}

/// [`open`] of every envelope (decryption and three signatures each), spread over two cores;
/// `None` if any does not open.
fn open_spread(share: &Share, envelopes: &[&[u8]]) -> Option<Vec<Opened>> {
    let open_all = |part: &[&[u8]]| -> Option<Vec<Opened>> {
        part.iter().map(|b| open(share, b).ok()).collect()
    };
    if envelopes.len() < 4 {
        return open_all(envelopes);
    }
    let (first, second) = envelopes.split_at(envelopes.len() / 2);
    std::thread::scope(|scope| {
        let theirs = scope.spawn(|| open_all(second));
        let mut mine = open_all(first)?;
        mine.extend(theirs.join().ok()??);
        Some(mine)
    })
}

/// Receives one envelope from `source` into the stored copy of `share`'s review.
pub(crate) fn receive(
    store: &mut Store,
    share: &Share,
    bytes: &[u8],
    source: &str,
) -> Result<Received> {
    receive_as(store, share, bytes, source, false)
}

fn receive_as(
    store: &mut Store,
    share: &Share,
    bytes: &[u8],
    source: &str,
    before_removal: bool,
) -> Result<Received> {
    let opened = match open(share, bytes) {
        Ok(o) => o,
        Err(e) => return quarantine(store, share, bytes, source, None, &e.to_string()),
    };
    let name = Some(opened.grant.name.clone());
    let intake = intake(store, share, source, before_removal);
    let result = store.write_remote(&share.doc_id, |doc, tx, applied| {
        guarded(|| take_in(doc, tx, &intake, &opened, bytes, None, applied))
    });
    match result {
        Ok((received, _)) => Ok(received),
        Err(e) => match refusal_reason(e) {
            Ok(reason) => quarantine(store, share, bytes, source, name, &reason),
            Err(e) => Err(e),
        },
    }
}

/// Receives envelopes in order, as [`receive`] would one by one, but in one store transaction
/// so the review is read back and projected once rather than once per envelope. If any of
/// them fails a check, the whole batch is undone and received one by one instead, which keeps
/// the good ones and quarantines only the bad.
pub(crate) fn receive_all(
    store: &mut Store,
    share: &Share,
    envelopes: &[&[u8]],
    source: &str,
) -> Result<Vec<Received>> {
    receive_all_as(store, share, envelopes, source, false)
}

/// As [`receive_all`], for the owner reading the last entries of a review's old log while it
/// removes a member: what the relay placed before the new key was sent counts as written while
/// the removed device was still a member, as every other copy will have taken it.
pub(crate) fn receive_before_removal(
    store: &mut Store,
    share: &Share,
    envelopes: &[&[u8]],
    source: &str,
) -> Result<Vec<Received>> {
    receive_all_as(store, share, envelopes, source, true)
}

fn receive_all_as(
    store: &mut Store,
    share: &Share,
    envelopes: &[&[u8]],
    source: &str,
    before_removal: bool,
) -> Result<Vec<Received>> {
    let opened = open_spread(share, envelopes);
    if let Some(opened) = opened.filter(|_| envelopes.len() > 1) {
        let intake = intake(store, share, source, before_removal);
        let combined = store.write_remote(&share.doc_id, |doc, tx, applied| {
            guarded(|| take_in_combined(doc, tx, &intake, &opened, envelopes, applied))
        });
        match combined {
            Ok((Some(received), _)) => return Ok(received),
            Ok((None, _)) => {
                let batch = store.write_remote(&share.doc_id, |doc, tx, applied| {
                    opened
                        .iter()
                        .zip(envelopes)
                        .map(|(o, bytes)| {
                            guarded(|| take_in(doc, tx, &intake, o, bytes, None, applied))
                        })
                        .collect::<Result<Vec<_>>>()
                });
                match batch {
                    Ok((received, _)) => return Ok(received),
                    // Only a refusal falls back; a failing disk or database is the caller's.
                    Err(e) => drop(refusal_reason(e)?),
                }
            }
            Err(e) => drop(refusal_reason(e)?),
        }
    }
    envelopes
        .iter()
        .map(|b| receive_as(store, share, b, source, before_removal))
        .collect()
}

/// The refusal for a panic inside Automerge on bytes from elsewhere.
fn unreadable() -> EngineError {
    SyncError::Refused("Automerge could not read its changes".into()).into()
}

/// Runs `f` on bytes from elsewhere, turning a panic inside Automerge into a refusal. Hostile
/// changes reach corners of Automerge that honest ones never do (one trips an internal
/// consistency assertion in debug builds), and one such envelope must not stop sync. Safe
/// because a failed write drops the in-memory copy and rolls the transaction back.
fn guarded<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| Err(unreadable()))
}

fn intake<'a>(
    store: &Store,
    share: &'a Share,
    source: &'a str,
    before_removal: bool,
) -> Intake<'a> {
    Intake {
        before_removal,
        share,
        authority: Authority {
            owner_key: share.owner_key,
            doc_id: share.doc_id.clone(),
            base: HashSet::new(),
            owner_here: store.device().public() == share.owner_key,
        },
        source,
    }
}

/// The plain-words reason when `e` means the envelope is refused; other errors as they are.
fn refusal_reason(e: EngineError) -> Result<String> {
    match e {
        EngineError::Sync(SyncError::Refused(reason)) => Ok(SyncError::Refused(reason).to_string()),
        EngineError::Sync(e @ SyncError::CounterReused) => Ok(e.to_string()),
        EngineError::Schema(e) => Ok(format!(
            "the review would not be readable with its changes ({e})"
        )),
        e => Err(e),
    }
}

/// What every envelope of one receive is judged by: the review, who may write, and where
/// the envelopes came from.
struct Intake<'a> {
    share: &'a Share,
    authority: Authority,
    source: &'a str,
    /// Whether devices since removed still count as members (see [`receive_before_removal`]).
    before_removal: bool,
}

/// Applies one opened envelope to `doc` inside the caller's transaction, or says why not.
/// With `defer`, a sender the owner has not let in yet is noted there rather than held, for
/// the caller to judge once a whole set of waiting envelopes is in.
fn take_in(
    doc: &mut AutoCommit,
    tx: &Transaction,
    intake: &Intake<'_>,
    opened: &Opened,
    bytes: &[u8],
    defer: Option<&mut Vec<[u8; 32]>>,
    applied: &mut Applied,
) -> Result<Received> {
    let (share, authority, source) = (intake.share, &intake.authority, intake.source);
    match seen(tx, share, &opened.payload)? {
        Seen::Same => return Ok(Received::Duplicate),
        Seen::Different => return Err(SyncError::CounterReused.into()),
        Seen::New => {}
    }
    let sender = Sender {
        key: opened.payload.sender,
        role: opened.grant.role,
    };
    if opened.payload.kind == PayloadKind::Rekey {
        // The owner's new key is acted on where the log is read (`revocation.rs`); one met
        // anywhere else (a bundle, an old log read again) has already done its work.
        if !authority.is_owner(&sender.key) {
            return Err(SyncError::Refused(
                "it tried to give the review a new key, which only the review's owner does".into(),
            )
            .into());
        }
        record_seen(tx, share, &opened.payload, source, &[])?;
        return Ok(Received::Applied(0));
    }
    let standing = match authority.is_owner(&sender.key) {
        true => Standing::Member,
        false => super::admission::standing(doc, &sender.key),
    };
    if standing == Standing::Removed && !intake.before_removal {
        return Err(SyncError::Refused(
            "it came from a device that was removed from this review".into(),
        )
        .into());
    }
    if opened.payload.kind == PayloadKind::Attachment {
        return take_in_attachment(doc, tx, share, opened, bytes, source);
    }
    if standing == Standing::Outsider {
        if authority.owner_here {
            super::admission::admit(doc, tx, share, &opened.grant)?;
        } else if let Some(later) = defer {
            // Taken in together with waiting envelopes, one of which may be the owner's that
            // admits it (and builds on this one): judged once the whole set is in.
            later.push(sender.key);
        } else {
            // Not let in by the owner yet: kept until the owner's copy adds it to the members.
            hold(tx, share, &opened.payload, bytes)?;
            return Ok(Received::Waiting);
        }
    }
    let incoming = incoming_changes(doc, &opened.payload, authority)?;
    let Some(fresh) = fresh_changes(doc, incoming, &HashSet::new()) else {
        hold(tx, share, &opened.payload, bytes)?;
        return Ok(Received::Waiting);
    };
    // Automerge refuses changes that cannot join this history (two different changes under
    // one device's same sequence number, say). That is the envelope's fault, not this copy's:
    // it is refused like any other, so the cursor moves past it and sync goes on.
    let twice_before = northstar_schema::duplicate_ids(doc);
    doc.apply_changes_batch(fresh.clone()).map_err(|e| {
        SyncError::Refused(format!(
            "its changes do not fit this review's history ({e})"
        ))
    })?;
    check_all(doc, &fresh, authority, &sender)?;
    refuse_own_duplicates(doc, &fresh, &twice_before)?;
    record_seen(tx, share, &opened.payload, source, &fresh)?;
    let n = fresh.len();
    applied.extend(fresh);
    Ok(Received::Applied(n))
}

/// The changes of `incoming` this copy has not got (nor `coming`, applied with them), or
/// `None` if they build on changes it has not got. `get_missing_deps` looks hashes up in the
/// change graph; `get_change_by_hash` would rebuild each change from the op set, which made a
/// 300-change envelope take seconds.
fn fresh_changes(
    doc: &mut AutoCommit,
    incoming: Vec<Change>,
    coming: &HashSet<ChangeHash>,
) -> Option<Vec<Change>> {
    let incoming_hashes: Vec<ChangeHash> = incoming.iter().map(|c| c.hash()).collect();
    let absent: HashSet<ChangeHash> = doc.get_missing_deps(&incoming_hashes).into_iter().collect();
    let fresh: Vec<Change> = incoming
        .into_iter()
        .filter(|c| absent.contains(&c.hash()) && !coming.contains(&c.hash()))
        .collect();
    let hashes: HashSet<ChangeHash> = fresh.iter().map(|c| c.hash()).collect();
    let deps: Vec<ChangeHash> = fresh
        .iter()
        .flat_map(|c| c.deps().iter().copied())
        .filter(|d| !hashes.contains(d) && !coming.contains(d))
        .collect();
    doc.get_missing_deps(&deps).is_empty().then_some(fresh)
}

/// Takes in a pull's envelopes with one apply of all their changes, when they are the usual
/// kind: changes from members, each building only on what is here or earlier in the pull.
/// Automerge's apply costs about the same for one change as for many, on a long review, so
/// a catch-up of many envelopes pays it once. Each envelope's changes are then checked
/// against its own sender, with every change of the pull applied. The review then holds more
/// than it would one envelope at a time, which only makes the area checks stricter; the one
/// way more can help is a device the owner admits later in the pull, and only the owner, the
/// root of trust, may pass on a change another device wrote. Every sender must be a member
/// both before and after.
///
/// `None`, with nothing changed, when anything needs the one-at-a-time path: an attachment,
/// a new key, a sender removed (before or after), on the owner's device a sender it has not
/// let in, an envelope waiting for changes, or one sender's counter met twice. Elsewhere an
/// envelope from a sender the owner has not let in is held, as one at a time would hold it.
fn take_in_combined(
    doc: &mut AutoCommit,
    tx: &Transaction,
    intake: &Intake<'_>,
    opened: &[Opened],
    envelopes: &[&[u8]],
    applied: &mut Applied,
) -> Result<Option<Vec<Received>>> {
    let (share, authority) = (intake.share, &intake.authority);
    let mut out = Vec::with_capacity(opened.len());
    let mut counters = HashSet::new();
    let mut coming: HashSet<ChangeHash> = HashSet::new();
    let mut plan: Vec<(&Opened, Vec<Change>)> = Vec::new();
    let mut candidates: Vec<(usize, &Opened)> = Vec::new();
    for (o, bytes) in opened.iter().zip(envelopes) {
        let usual = matches!(o.payload.kind, PayloadKind::Changes | PayloadKind::Snapshot);
        if !usual || !counters.insert((o.payload.sender, o.payload.counter)) {
            return Ok(None);
        }
        match seen(tx, share, &o.payload)? {
            Seen::Same => {
                out.push(Received::Duplicate);
                continue;
            }
            Seen::Different => return Ok(None),
            Seen::New => {}
        }
        if !authority.is_owner(&o.payload.sender) {
            match super::admission::standing(doc, &o.payload.sender) {
                Standing::Member => {}
                // A newcomer the owner has not let in yet: kept, as one at a time would keep
                // it, until the owner's copy adds it to the members (perhaps later in this
                // same pull; the waiting envelopes are tried again after it).
                Standing::Outsider if !authority.owner_here => {
                    hold(tx, share, &o.payload, bytes)?;
                    out.push(Received::Waiting);
                    continue;
                }
                _ => return Ok(None),
            }
        }
        candidates.push((out.len(), o));
        // Filled in below, once its changes are parsed.
        out.push(Received::Applied(0));
    }
    let lists: Vec<&[u8]> = candidates
        .iter()
        .filter(|(_, o)| o.payload.kind == PayloadKind::Changes)
        .map(|(_, o)| o.payload.changes.as_slice())
        .collect();
    let mut parsed = parse_spread(&lists)?.into_iter();
    for (slot, o) in candidates {
        let incoming = match o.payload.kind {
            PayloadKind::Changes => parsed.next().unwrap_or_default(),
            _ => incoming_changes(doc, &o.payload, authority)?,
        };
        let Some(fresh) = fresh_changes(doc, incoming, &coming) else {
            return Ok(None);
        };
        coming.extend(fresh.iter().map(|c| c.hash()));
        out[slot] = Received::Applied(fresh.len());
        plan.push((o, fresh));
    }
    let all: Vec<Change> = plan.iter().flat_map(|(_, f)| f.iter().cloned()).collect();
    if all.is_empty() {
        // Nothing new (echoes, envelopes already here, or held ones): nothing to apply, check
        // or read back.
        for (o, fresh) in &plan {
            record_seen(tx, share, &o.payload, intake.source, fresh)?;
        }
        return Ok(Some(out));
    }
    let twice_before = northstar_schema::duplicate_ids(doc);
    // The role checks read each change's operations, which needs no document: they are
    // decoded on another core while Automerge applies the changes on this one.
    let (fitted, decoded) = std::thread::scope(|scope| {
        let decoding = scope.spawn(|| all.iter().map(|c| c.decode()).collect::<Vec<_>>());
        let fitted = doc.apply_changes_batch(all.clone());
        (fitted, decoding.join())
    });
    fitted.map_err(|e| {
        SyncError::Refused(format!(
            "its changes do not fit this review's history ({e})"
        ))
    })?;
    let decoded = decoded.map_err(|_| unreadable())?;
    // The store reads the review back once these are in (strictly, as for any change from
    // elsewhere). That only reads the document, so it is done on another core while this one
    // checks each sender's changes.
    let (checked, read) = std::thread::scope(|scope| {
        let doc: &AutoCommit = doc;
        let reading = scope.spawn(|| northstar_schema::read_document_strict(doc));
        let checked = (|| {
            let members = members_of(doc)?;
            let verified = authority.verified_members(&members).map_err(refused)?;
            let mut at = 0;
            for (o, fresh) in &plan {
                let sender = Sender {
                    key: o.payload.sender,
                    role: o.grant.role,
                };
                if !authority.is_owner(&sender.key)
                    && super::admission::standing(doc, &sender.key) != Standing::Member
                {
                    // Removed by an envelope of this same pull: judged one at a time instead.
                    return Err(
                        SyncError::Refused("a sender was removed in this pull".into()).into(),
                    );
                }
                let ops = decoded.get(at..at + fresh.len()).unwrap_or_default();
                at += fresh.len();
                check_changes(doc, fresh, ops, authority, &sender, &members, &verified)?;
            }
            for (o, fresh) in &plan {
                record_seen(tx, share, &o.payload, intake.source, fresh)?;
            }
            Ok::<(), EngineError>(())
        })();
        (checked, reading.join())
    });
    checked?;
    // A panic while reading hostile changes back is a refusal, as under `guarded`.
    let read = read.map_err(|_| unreadable())?;
    refuse_own_duplicates(doc, &all, &twice_before)?;
    applied.read_back(doc.get_heads(), read);
    applied.extend(all);
    Ok(Some(out))
}

/// Two copies of one item are repaired when they come from people editing at the same time
/// (see `northstar_schema::merge`), but a change that makes a second copy in its own author's
/// view is refused: no honest edit does that, and the repair could let its copy hide the
/// first. Each change is judged on the review as it built on it (its dependencies), since one
/// envelope may carry several people's concurrent changes (the owner passes them on). Only a
/// change that writes an id now used twice is judged, with a fork of the review: rare.
fn refuse_own_duplicates(
    doc: &mut AutoCommit,
    fresh: &[Change],
    twice_before: &BTreeSet<(&'static str, String)>,
) -> Result<()> {
    let twice = northstar_schema::duplicate_ids(doc);
    let new: HashSet<&str> = twice
        .difference(twice_before)
        .map(|(_, id)| id.as_str())
        .collect();
    if new.is_empty() {
        return Ok(());
    }
    let unreadable = |e: automerge::AutomergeError| {
        SyncError::Refused(format!(
            "its changes do not fit this review's history ({e})"
        ))
    };
    for change in fresh.iter().filter(|c| writes_id_among(c, &new)) {
        let mut own = doc.fork_at(change.deps()).map_err(unreadable)?;
        let base = northstar_schema::duplicate_ids(&own);
        own.apply_changes([change.clone()]).map_err(unreadable)?;
        let mine = northstar_schema::duplicate_ids(&own);
        if let Some((what, id)) = mine.difference(&base).next() {
            return Err(SyncError::Refused(format!(
                "it gives a second {what} the id {id:?} that one already has"
            ))
            .into());
        }
    }
    Ok(())
}

/// Whether `change` writes an `id` field with one of `ids` as its value.
fn writes_id_among(change: &Change, ids: &HashSet<&str>) -> bool {
    use automerge::{legacy, ScalarValue};
    change.decode().operations.iter().any(|op| {
        matches!(&op.key, legacy::Key::Map(k) if k.as_str() == "id")
            && matches!(&op.action, legacy::OpType::Put(ScalarValue::Str(v)) if ids.contains(v.as_str()))
    })
}

/// Bytes of envelopes one review may keep waiting for earlier changes (or, for attachments,
/// for the change that refers to them). Past this, a new one is refused rather than kept, so
/// a member sending what can never be applied cannot fill the disk.
pub const MAX_HELD_BYTES: i64 = 64 * 1024 * 1024;
/// Bytes of refused envelopes one review keeps as evidence; past this only the reason is kept.
pub const MAX_QUARANTINE_BYTES: i64 = 16 * 1024 * 1024;
/// Refusals one review keeps listed; the oldest go first.
pub const MAX_QUARANTINE_ROWS: i64 = 500;

/// Keeps an envelope until what it builds on arrives, within [`MAX_HELD_BYTES`].
fn hold(tx: &Transaction, share: &Share, payload: &Payload, bytes: &[u8]) -> Result<()> {
    let held: i64 = tx.query_row(
        "SELECT coalesce(sum(length(envelope)), 0) FROM sync_held WHERE doc_id = ?1",
        [&share.doc_id],
        |r| r.get(0),
    )?;
    if held + bytes.len() as i64 > MAX_HELD_BYTES {
        return Err(SyncError::Refused(format!(
            "it builds on changes this copy has not got, and {} MiB of such messages are already waiting",
            MAX_HELD_BYTES / (1024 * 1024)
        ))
        .into());
    }
    tx.execute(
        "INSERT OR IGNORE INTO sync_held (doc_id, digest, envelope) VALUES (?1, ?2, ?3)",
        params![share.doc_id, payload.signature.to_vec(), bytes],
    )?;
    Ok(())
}

/// An attachment is taken in only once the review refers to it: its bytes are its name (their
/// SHA-256), and the change that refers to it was checked against its author's role, so it
/// does not matter which member passed it on. Until the review refers to it, it waits.
fn take_in_attachment(
    doc: &mut AutoCommit,
    tx: &Transaction,
    share: &Share,
    opened: &Opened,
    bytes: &[u8],
    source: &str,
) -> Result<Received> {
    let (media_type, body) = northstar_schema::sync::decode_attachment(&opened.payload.changes)
        .map_err(|e| SyncError::Refused(e.to_string()))?;
    let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(body));
    if !attachments_of(doc)?.contains(&sha256) {
        hold(tx, share, &opened.payload, bytes)?;
        return Ok(Received::Waiting);
    }
    crate::store::blobs::insert_blob(tx, body, media_type)?;
    record_seen(tx, share, &opened.payload, source, &[])?;
    record_known_attachment(tx, &share.doc_id, source, &sha256)?;
    Ok(Received::Applied(0))
}

/// The SHA-256 of every attachment the review refers to.
pub(crate) fn attachments_of(doc: &AutoCommit) -> Result<HashSet<String>> {
    let voice: Vec<northstar_schema::Contribution> =
        autosurgeon::hydrate_prop(doc, automerge::ROOT, "voice").map_err(|e| {
            SyncError::Refused(format!("its young person's space is unreadable ({e})"))
        })?;
    Ok(voice
        .into_iter()
        .flat_map(|c| c.attachments)
        .map(|a| a.sha256)
        .collect())
}

/// Notes that `relay` (or a bundle file) has attachment `sha256`, so it is not sent there again.
/// Kept with the change hashes: both are SHA-256 digests, of different things.
pub(crate) fn record_known_attachment(
    tx: &rusqlite::Connection,
    doc_id: &str,
    relay: &str,
    sha256: &str,
) -> Result<()> {
    let hash = hex::decode(sha256)
        .map_err(|_| SyncError::Refused("an attachment's name is damaged".into()))?;
    tx.execute(
        "INSERT OR IGNORE INTO sync_known (doc_id, relay, hash) VALUES (?1, ?2, ?3)",
        params![doc_id, relay, hash],
    )?;
    Ok(())
}

/// The changes an envelope carries, parsed; a snapshot is accepted from the owner only.
fn incoming_changes(
    doc: &mut AutoCommit,
    payload: &Payload,
    authority: &Authority,
) -> Result<Vec<Change>> {
    let refused = |why: &str| EngineError::Sync(SyncError::Refused(why.into()));
    match payload.kind {
        PayloadKind::Changes => parse_changes(&payload.changes),
        PayloadKind::Snapshot => {
            if !authority.is_owner(&payload.sender) {
                return Err(refused(
                    "it was a whole-review snapshot, which only the review's owner may send",
                ));
            }
            super::limits::check_document(&payload.changes)
                .map_err(|why| refused(&why.to_string()))?;
            let mut other = AutoCommit::load(&payload.changes)
                .map_err(|_| refused("its snapshot is damaged"))?;
            Ok(doc.get_changes_added(&mut other))
        }
        // Handled before changes are looked for (`take_in_attachment`, `take_in`).
        PayloadKind::Attachment | PayloadKind::Rekey => Ok(Vec::new()),
    }
}

/// An envelope's list of changes, each checked against the limits before it is inflated.
fn parse_changes(list: &[u8]) -> Result<Vec<Change>> {
    let refused = |why: &str| EngineError::Sync(SyncError::Refused(why.into()));
    decode_change_list(list)
        .map_err(|e| refused(&e.to_string()))?
        .into_iter()
        .map(|b| {
            super::limits::check_change(b).map_err(|why| refused(&why.to_string()))?;
            Change::from_bytes(b.to_vec()).map_err(|_| refused("one of its changes is damaged"))
        })
        .collect()
}

/// [`parse_changes`] of each list, in order, with the later lists (about half the bytes)
/// parsed on another core: parsing needs no document, and a catch-up parses thousands.
fn parse_spread(lists: &[&[u8]]) -> Result<Vec<Vec<Change>>> {
    let parse = |part: &[&[u8]]| -> Result<Vec<Vec<Change>>> {
        part.iter().map(|list| parse_changes(list)).collect()
    };
    if lists.len() < 2 {
        return parse(lists);
    }
    let total: usize = lists.iter().map(|l| l.len()).sum();
    let (mut split, mut bytes) = (0, 0);
    while split < lists.len() && bytes * 2 < total {
        bytes += lists[split].len();
        split += 1;
    }
    let (first, second) = lists.split_at(split);
    std::thread::scope(|scope| {
        let theirs = scope.spawn(|| parse(second));
        let mine = parse(first);
        // A panic while parsing hostile bytes is a refusal, as under `guarded`.
        let theirs = theirs.join().unwrap_or_else(|_| Err(unreadable()));
        let mut all = mine?;
        all.extend(theirs?);
        Ok(all)
    })
}

/// Checks the members list and then every change, on the copy they were applied to.
fn check_all(
    doc: &AutoCommit,
    changes: &[Change],
    authority: &Authority,
    sender: &Sender,
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let members = members_of(doc)?;
    let verified = authority.verified_members(&members).map_err(refused)?;
    check_changes(doc, changes, &[], authority, sender, &members, &verified)
}

fn refused(why: String) -> EngineError {
    EngineError::Sync(SyncError::Refused(why))
}

/// Only the members list: hydrating the whole review costs more than the checks.
fn members_of(doc: &AutoCommit) -> Result<Vec<Member>> {
    autosurgeon::hydrate_prop(doc, automerge::ROOT, "members")
        .map_err(|e| SyncError::Refused(format!("its members list is unreadable ({e})")).into())
}

/// Checks `changes` from `sender` on the copy they were applied to, whose members (and
/// those verified against their invitations) are given; `decoded` holds each change's
/// operations, in order (decoded here for those it lacks).
fn check_changes(
    doc: &AutoCommit,
    changes: &[Change],
    decoded: &[automerge::legacy::Change],
    authority: &Authority,
    sender: &Sender,
    members: &[Member],
    verified: &std::collections::HashMap<[u8; 32], Member>,
) -> Result<()> {
    let mut paths = PathCache::default();
    for (i, change) in changes.iter().enumerate() {
        let decoded_here;
        let ops = match decoded.get(i) {
            Some(ops) => ops,
            None => {
                decoded_here = change.decode();
                &decoded_here
            }
        };
        authority
            .check_change(doc, change, ops, sender, verified, members, &mut paths)
            .map_err(refused)?;
    }
    Ok(())
}

enum Seen {
    New,
    Same,
    Different,
}

fn seen(conn: &rusqlite::Connection, share: &Share, payload: &Payload) -> Result<Seen> {
    let digest: Option<Vec<u8>> = conn
        .query_row(
            "SELECT digest FROM sync_seen WHERE doc_id = ?1 AND sender = ?2 AND counter = ?3",
            params![
                share.doc_id,
                payload.sender.to_vec(),
                payload.counter as i64
            ],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match digest {
        None => Seen::New,
        Some(d) if d == payload.signature => Seen::Same,
        Some(_) => Seen::Different,
    })
}

/// Records an envelope as received (or sent), and its changes as present on `relay`.
pub(crate) fn record_seen(
    tx: &Transaction,
    share: &Share,
    payload: &Payload,
    relay: &str,
    changes: &[Change],
) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO sync_seen (doc_id, sender, counter, digest) VALUES (?1, ?2, ?3, ?4)",
        params![
            share.doc_id,
            payload.sender.to_vec(),
            payload.counter as i64,
            payload.signature.to_vec()
        ],
    )?;
    tx.execute(
        "DELETE FROM sync_held WHERE doc_id = ?1 AND digest = ?2",
        params![share.doc_id, payload.signature.to_vec()],
    )?;
    let mut known = tx.prepare_cached(
        "INSERT OR IGNORE INTO sync_known (doc_id, relay, hash) VALUES (?1, ?2, ?3)",
    )?;
    for c in changes {
        known.execute(params![share.doc_id, relay, c.hash().0.to_vec()])?;
    }
    Ok(())
}

/// Keeps a refused envelope with its reason, once (by the SHA-256 of its bytes), and drops it
/// from the waiting envelopes if it was there. Bounded by [`MAX_QUARANTINE_BYTES`] and
/// [`MAX_QUARANTINE_ROWS`] per review.
fn quarantine(
    store: &mut Store,
    share: &Share,
    bytes: &[u8],
    source: &str,
    sender: Option<String>,
    reason: &str,
) -> Result<Received> {
    let digest = <sha2::Sha256 as sha2::Digest>::digest(bytes).to_vec();
    let tx = store.conn_mut().transaction()?;
    let kept: i64 = tx.query_row(
        "SELECT coalesce(sum(length(envelope)), 0) FROM sync_quarantine WHERE doc_id = ?1",
        [&share.doc_id],
        |r| r.get(0),
    )?;
    let evidence: &[u8] = if kept + bytes.len() as i64 > MAX_QUARANTINE_BYTES {
        &[]
    } else {
        bytes
    };
    tx.execute(
        "INSERT INTO sync_quarantine (doc_id, received_at, source, sender_name, reason, envelope, digest)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (doc_id, digest) DO NOTHING",
        params![
            share.doc_id,
            crate::store::now_iso(),
            source,
            sender,
            reason,
            evidence,
            digest
        ],
    )?;
    tx.execute(
        "DELETE FROM sync_quarantine WHERE doc_id = ?1 AND id NOT IN
           (SELECT id FROM sync_quarantine WHERE doc_id = ?1 ORDER BY id DESC LIMIT ?2)",
        params![share.doc_id, MAX_QUARANTINE_ROWS],
    )?;
    tx.execute(
        "DELETE FROM sync_held WHERE doc_id = ?1 AND envelope = ?2",
        params![share.doc_id, bytes],
    )?;
    tx.commit()?;
    Ok(Received::Refused(reason.to_string()))
}

/// Tries again every waiting envelope, until a round applies nothing more.
pub(crate) fn retry_waiting(store: &mut Store, share: &Share, source: &str) -> Result<usize> {
    let mut applied = take_in_together(store, share, source)?;
    loop {
        let held = held_envelopes(store, share)?;
        let mut progressed = false;
        for bytes in held {
            if let Received::Applied(n) = receive(store, share, &bytes, source)? {
                applied += n;
                progressed = true;
            }
        }
        if !progressed {
            return Ok(applied);
        }
    }
}

fn held_envelopes(store: &Store, share: &Share) -> Result<Vec<Vec<u8>>> {
    let mut stmt = store
        .conn()
        .prepare("SELECT envelope FROM sync_held WHERE doc_id = ?1")?;
    let rows = stmt.query_map([&share.doc_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Takes in every waiting envelope that can be, in one transaction, deciding whether each
/// sender was let in only at the end. A newcomer's first changes and the owner's envelope that
/// admits it can wait on each other: the owner's builds on the newcomer's changes, which wait
/// for the admission. Taken together they fit. If anything is refused, nothing is kept and the
/// caller tries them one by one. A sender still not a member at the end (a device whose
/// request to join the owner never saw) is left out, its envelopes kept waiting, and the rest
/// are tried together again: one device the owner has not let in must not hold back everyone
/// it shares the waiting room with.
fn take_in_together(store: &mut Store, share: &Share, source: &str) -> Result<usize> {
    let held = held_envelopes(store, share)?;
    let opened: Vec<(Opened, &[u8])> = held
        .iter()
        .filter_map(|b| open(share, b).ok().map(|o| (o, b.as_slice())))
        .collect();
    let intake = intake(store, share, source, false);
    let mut left_out: HashSet<[u8; 32]> = HashSet::new();
    // Each round leaves out at least one more sender, so this ends.
    loop {
        let set: Vec<&(Opened, &[u8])> = opened
            .iter()
            .filter(|(o, _)| !left_out.contains(&o.payload.sender))
            .collect();
        if set.len() < 2 {
            return Ok(0);
        }
        let mut outsiders = Vec::new();
        let together = store.write_remote(&share.doc_id, |doc, tx, applied| {
            let mut done = vec![false; set.len()];
            let mut senders = Vec::new();
            let mut count = 0;
            loop {
                let mut progressed = false;
                for (i, (o, bytes)) in set.iter().enumerate() {
                    if done[i] {
                        continue;
                    }
                    let defer = Some(&mut senders);
                    match guarded(|| take_in(doc, tx, &intake, o, bytes, defer, applied))? {
                        Received::Applied(n) => {
                            count += n;
                            done[i] = true;
                            progressed = true;
                        }
                        Received::Duplicate => done[i] = true,
                        Received::Waiting | Received::Refused(_) => {}
                    }
                }
                if !progressed {
                    break;
                }
            }
            outsiders = senders
                .into_iter()
                .filter(|s| !super::admission::is_member(doc, s))
                .collect();
            if !outsiders.is_empty() {
                return Err(SyncError::Refused("a sender was not let in".into()).into());
            }
            Ok(count)
        });
        match together {
            Ok((applied, _)) => return Ok(applied),
            Err(_) if !outsiders.is_empty() => left_out.extend(outsiders),
            Err(e) => return refusal_reason(e).map(|_| 0),
        }
    }
}

/// Fetches the first copy of a review this device is joining: the owner's newest snapshot,
/// checked like any envelope, with the shared starting point trusted as the owner's.
pub(crate) fn fetch_first_copy(share: &Share, transport: &mut dyn Transport) -> Result<AutoCommit> {
    let keys = share.keys();
    let pulled = transport.pull(&keys.log_id, &keys.token, 0, true, None)?;
    // The relay returns entries in seq order, so changes made while the snapshot was on its
    // way may come before it; those are picked up by the sync that follows.
    let opened = pulled
        .entries
        .iter()
        .filter_map(|e| open(share, &e.bytes).ok())
        .find(|o| o.payload.kind == PayloadKind::Snapshot && o.payload.sender == share.owner_key)
        .ok_or(SyncError::NoSnapshot)?;
    super::limits::check_document(&opened.payload.changes)
        .map_err(|why| SyncError::Refused(why.to_string()))?;
    let mut doc = AutoCommit::load(&opened.payload.changes)
        .map_err(|_| SyncError::Refused("the owner's snapshot is damaged".into()))?;
    let base = ancestors(&mut doc, &share.base);
    let authority = Authority {
        owner_key: share.owner_key,
        doc_id: share.doc_id.clone(),
        base,
        owner_here: false,
    };
    let all = doc.get_changes(&[]);
    let sender = Sender {
        key: opened.payload.sender,
        role: opened.grant.role,
    };
    check_all(&doc, &all, &authority, &sender)?;
    Ok(doc)
}

/// The hashes of `heads` and everything before them.
fn ancestors(doc: &mut AutoCommit, heads: &[ChangeHash]) -> HashSet<ChangeHash> {
    let after: HashSet<ChangeHash> = doc.get_changes(heads).iter().map(|c| c.hash()).collect();
    doc.get_changes(&[])
        .iter()
        .map(|c| c.hash())
        .filter(|h| !after.contains(h))
        .collect()
}
