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
    /// The meeting room's relay on this laptop, while one is open (its loopback address).
    room: Mutex<Option<String>>,
}

impl SyncMonitor {
    /// Tells the worker about the meeting room, so it can name it in plain words.
    pub fn set_room(&self, relay: Option<String>) {
        if let Ok(mut room) = self.room.lock() {
            *room = relay;
        }
    }

    fn room(&self) -> Option<String> {
        self.room.lock().ok().and_then(|r| r.clone())
    }

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
        room: Mutex::new(None),
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
        let Ok(targets) = sync::sync_targets(&store) else {
            continue;
        };
        let mut outcomes: Vec<(String, String, Option<String>)> = Vec::new();
        for (id, relay) in targets {
            let mut net = HttpRelay::new(&relay);
            let result = sync::sync_review(&mut store, &id, &mut net, &mut |p| {
                shared.set(|s| {
                    s.syncing.insert(id.clone(), p);
                });
            });
            shared.set(|s| {
                s.syncing.remove(&id);
            });
            outcomes.push((id, relay, result.err().map(|e| e.to_string())));
        }
        let room = shared.room();
        shared.set(|s| {
            s.errors.clear();
            for (id, words) in in_words(&outcomes, room.as_deref()) {
                s.errors.insert(id, words);
            }
        });
    });
    monitor
}

/// Per review, what went wrong in one round, if anything: with a meeting room, one relay
/// may fail while the other works, and that is said as such.
fn in_words(
    outcomes: &[(String, String, Option<String>)],
    room: Option<&str>,
) -> HashMap<String, String> {
    let name = |relay: &str| match room {
        Some(r) if r == relay => "the meeting room on this laptop".to_string(),
        _ => relay.to_string(),
    };
    let mut words = HashMap::new();
    for (id, _, error) in outcomes {
        let Some(error) = error else { continue };
        let worked: Vec<String> = outcomes
            .iter()
            .filter(|(other, _, e)| other == id && e.is_none())
            .map(|(_, relay, _)| name(relay))
            .collect();
        let said = match worked.is_empty() {
            true => error.clone(),
            false => format!("synced through {}, but {error}", worked.join(" and ")),
        };
        words.entry(id.clone()).or_insert(said);
    }
    words
}
