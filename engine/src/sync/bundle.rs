//! Review bundles: the same sealed envelopes as the relay carries, in a file.
//!
//! The owner's bundle holds a whole-review snapshot; anyone else's holds every change made on
//! their device; both also carry the attachments the review refers to that this device holds.
//! Importing checks each envelope exactly as sync does and merges what passes;
//! it never replaces the copy already here.

use super::device::device_of_actor;
use super::exchange::{seal_next, SyncReport};
use super::receive::{receive, retry_waiting, Received};
use super::share::{load_share, require_share};
use super::SyncError;
use crate::{Result, Store};
use northstar_schema::sync::{encode_attachment, encode_change_list, Bundle, PayloadKind};

/// The source name bundle imports are recorded under.
const FILE_SOURCE: &str = "file";

/// Writes review `id`'s bundle: what this device can vouch for, sealed for the review's members.
pub fn export_bundle(store: &mut Store, id: &str) -> Result<Vec<u8>> {
    let share = require_share(store, id)?;
    let me = store.device().public();
    let (kind, body) = if share.owner_key == me {
        (PayloadKind::Snapshot, store.export_automerge(id)?)
    } else {
        let own: Vec<_> = store
            .changes_since(id, &[])?
            .into_iter()
            .filter(|c| device_of_actor(c.actor_id()) == Some(me))
            .collect();
        (
            PayloadKind::Changes,
            encode_change_list(own.iter().map(|c| c.raw_bytes())),
        )
    };
    let (_, sealed) = seal_next(store, &share, kind, 0, body)?;
    let mut envelopes = vec![sealed];
    // The attachments this device holds go too, after the changes that refer to them.
    let mut attachments: Vec<String> = store
        .with_doc(id, |doc| super::receive::attachments_of(doc))??
        .into_iter()
        .collect();
    attachments.sort();
    for sha256 in attachments {
        if let Some((bytes, media_type)) = store.blob(&sha256)? {
            let body = encode_attachment(&media_type, &bytes);
            envelopes.push(seal_next(store, &share, PayloadKind::Attachment, 0, body)?.1);
        }
    }
    Ok(Bundle {
        log_id: share.keys().log_id,
        envelopes,
    }
    .encode())
}

/// Imports a bundle into the review it belongs to, which must already be shared here.
pub fn import_bundle(store: &mut Store, bytes: &[u8]) -> Result<(String, SyncReport)> {
    let bundle = Bundle::decode(bytes).map_err(SyncError::from)?;
    let ids: Vec<String> = {
        let mut stmt = store.conn().prepare("SELECT doc_id FROM sync_shares")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut found = None;
    for id in ids {
        if let Some(share) = load_share(store.conn(), &id)? {
            if share.keys().log_id == bundle.log_id {
                found = Some(share);
                break;
            }
        }
    }
    let share = found.ok_or(SyncError::UnknownBundle)?;
    let mut report = SyncReport::default();
    for envelope in &bundle.envelopes {
        report.envelopes_received += 1;
        match receive(store, &share, envelope, FILE_SOURCE)? {
            Received::Applied(n) => report.changes_applied += n,
            Received::Duplicate => report.duplicates += 1,
            Received::Waiting => report.waiting += 1,
            Received::Refused(why) => report.refused.push(why),
        }
    }
    report.changes_applied += retry_waiting(store, &share, FILE_SOURCE)?;
    Ok((share.doc_id.clone(), report))
}
