//! Background sync for the window: every shared review is synced every few seconds, and at
//! once when someone presses "Sync now", on a thread with its own store connection so typing
//! never waits for the network. The window asks [`SyncMonitor`] what is happening.

use crate::sync::{self, HttpRelay, SyncProgress};
use crate::{DataDir, Store};
use std::collections::HashMap;
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How often shared reviews sync while the app is open.
const SYNC_EVERY: Duration = Duration::from_secs(10);

/// What the worker is doing, per review.
#[derive(Default)]
struct Progress {
    syncing: HashMap<String, SyncProgress>,
    errors: HashMap<String, String>,
}

/// The window's view of the background sync.
pub struct SyncMonitor {
    progress: Mutex<Progress>,
    wake: Mutex<Sender<()>>,
}

impl SyncMonitor {
    /// A sync under way for `id`, and the last failure, in plain words.
    pub fn state(&self, id: &str) -> (Option<SyncProgress>, Option<String>) {
        match self.progress.lock() {
            Ok(p) => (p.syncing.get(id).copied(), p.errors.get(id).cloned()),
            Err(_) => (None, None),
        }
    }

    /// Syncs every shared review now rather than at the next tick.
    pub fn sync_now(&self) {
        if let Ok(wake) = self.wake.lock() {
            let _ = wake.send(());
        }
    }

    fn set(&self, f: impl FnOnce(&mut Progress)) {
        if let Ok(mut p) = self.progress.lock() {
            f(&mut p);
        }
    }
}

/// Starts the worker thread.
pub fn spawn(dir: DataDir) -> Arc<SyncMonitor> {
    let (wake, woken) = channel();
    let monitor = Arc::new(SyncMonitor {
        progress: Mutex::new(Progress::default()),
        wake: Mutex::new(wake),
    });
    let shared = monitor.clone();
    std::thread::spawn(move || loop {
        match woken.recv_timeout(SYNC_EVERY) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        let Ok(mut store) = Store::open(dir.path()) else {
            continue;
        };
        let Ok(shares) = store.shared_reviews() else {
            continue;
        };
        for (id, relay) in shares {
            let mut net = HttpRelay::new(&relay);
            let result = sync::sync_review(&mut store, &id, &mut net, &mut |p| {
                shared.set(|s| {
                    s.syncing.insert(id.clone(), p);
                });
            });
            shared.set(|s| {
                s.syncing.remove(&id);
                match result {
                    Ok(_) => s.errors.remove(&id),
                    Err(e) => s.errors.insert(id.clone(), e.to_string()),
                };
            });
        }
    });
    monitor
}
