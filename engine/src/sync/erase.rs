//! Erasing a shared review: the owner's device asks the relay to delete the review's log (and
//! its earlier key generations' logs) before the review leaves this device, since the keys to
//! ask with go with it.
//!
//! Erasing a shared review's *history* (a wrongly recorded item) is a new document under a new
//! key. The owner's device re-makes the review from its current content ([`erase_history`]),
//! then its next sync with the usual relay deletes every log of the review there, writes the
//! new key alone into a fresh log under the old id, marked as replacing the history, and
//! starts the new log with the new document (`revocation::finish_removal`). Each member's
//! device, reading the old id, finds its place gone (as after a relay restored from backup),
//! reads again from the start, meets the new key, and takes the owner's new copy in place of
//! its own before it sends anything (`take_replacement`).

use super::share::{heads_to_json, load_share, Share};
use super::transport::Transport;
use super::SyncError;
use crate::{EngineError, Erased, Result, Store};
use rusqlite::params;

/// Erases review `id` from this device. For the owner of a review shared through per-member
/// credentials, the relay's copy is deleted first through `relay`; if that fails, nothing is
/// erased here, unless `this_device_only` says to go ahead without it. A member's device
/// erases only its own copy: the log is the owner's.
pub fn erase(
    store: &mut Store,
    id: &str,
    relay: Option<&mut dyn Transport>,
    this_device_only: bool,
) -> Result<Erased> {
    let share = load_share(store.conn(), id)?;
    let owner = share
        .as_ref()
        .is_some_and(|s| s.owner_key == store.device().public());
    if let (Some(share), true, false) = (&share, owner, this_device_only) {
        let keys = share.keys();
        if keys.owner.is_some() {
            let relay = relay.ok_or_else(|| {
                EngineError::Refused(
                    "this review is shared, and its copy on the relay is to be deleted too; \
                     connect to the network and try again, or erase it from this computer only"
                        .into(),
                )
            })?;
            match relay.delete_log(&keys.log_id, &keys.token) {
                // Never made, or deleted by an earlier attempt that stopped short.
                Ok(()) | Err(SyncError::RelayRefused { status: 404, .. }) => {}
                Err(e) => {
                    return Err(EngineError::Refused(format!(
                        "the relay's copy could not be deleted ({e}), so nothing was erased. \
                         Connect to the network and try again, or erase it from this computer \
                         only"
                    )))
                }
            }
        }
    }
    store.erase_review(id)
}

/// As [`erase`], reaching the review's usual relay (trusting the certificate pinned for it).
pub fn erase_with_usual_relay(
    store: &mut Store,
    id: &str,
    this_device_only: bool,
) -> Result<Erased> {
    let relay = load_share(store.conn(), id)?.map(|s| s.relay);
    let mut transport = match &relay {
        Some(relay) => {
            let pin: Option<Vec<u8>> = store
                .conn()
                .query_row(
                    "SELECT cert FROM sync_pins WHERE relay = ?1",
                    [relay],
                    |r| r.get(0),
                )
                .ok();
            Some(super::HttpRelay::trusting(relay, pin.as_deref()))
        }
        None => None,
    };
    erase(
        store,
        id,
        transport.as_mut().map(|t| t as &mut dyn Transport),
        this_device_only,
    )
}

/// Whether review `id` is shared from this device (with others holding copies).
pub fn is_shared(store: &Store, id: &str) -> Result<bool> {
    Ok(load_share(store.conn(), id)?.is_some())
}

/// Erases review `id`'s history, keeping it as it reads now (see [`Store::erase_history`]).
/// For a shared review, only the owner's device may: the erasure reaches the others' copies
/// through its next sync with the usual relay, under a new key. Edits members made that have
/// not reached this device by then are lost with the old history.
pub fn erase_history(
    store: &mut Store,
    id: &str,
    by: &northstar_schema::session::Author,
) -> Result<()> {
    let Some(share) = load_share(store.conn(), id)?.filter(|s| s.removed.is_none()) else {
        // Not shared (or this device was removed, and its copy is its own).
        store.erase_history(id, by, |_, _| Ok(()))?;
        return Ok(());
    };
    check_may_replace(store, &share)?;
    let next_key: [u8; 32] = match share.next_key {
        // A removal not yet carried out: one new key covers both.
        Some(key) => key,
        None => super::device::random_bytes()?,
    };
    store.erase_history(id, by, |tx, heads| {
        tx.execute(
            "UPDATE sync_shares SET next_key = ?2, replacing = 1, base_heads = ?3
             WHERE doc_id = ?1",
            params![id, next_key.to_vec(), heads_to_json(heads)],
        )?;
        // Envelopes waiting for old history that will never come now.
        tx.execute("DELETE FROM sync_held WHERE doc_id = ?1", [id])?;
        Ok(())
    })?;
    Ok(())
}

/// Only the owner's device can replace the review for everyone, and only on a log with
/// per-member credentials, which its owner alone can delete.
fn check_may_replace(store: &Store, share: &Share) -> Result<()> {
    if share.owner_key != store.device().public() {
        return Err(EngineError::Refused(
            "only the computer that first shared this review can erase its history, because \
             every copy has to be replaced at once. Ask whoever shared it to do this; nothing \
             was erased"
                .into(),
        ));
    }
    if share.keys().owner.is_none() {
        return Err(EngineError::Refused(
            "this review was shared by an earlier version of Northstar, and the others' \
             copies cannot be replaced from here; nothing was erased"
                .into(),
        ));
    }
    Ok(())
}
