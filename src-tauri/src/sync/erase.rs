//! Erasing a shared review: the owner's device asks the relay to delete the review's log (and
//! its earlier key generations' logs) before the review leaves this device, since the keys to
//! ask with go with it.

use super::share::load_share;
use super::transport::Transport;
use super::SyncError;
use crate::{EngineError, Erased, Result, Store};

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
