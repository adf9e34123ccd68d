//! Background sync for the window: every shared review is synced every few seconds, and at
//! once when someone presses "Sync now", on a thread with its own store connection so typing
//! never waits for the network. The window asks [`SyncMonitor`] what is happening.

use northstar_engine::sync::{self, SyncProgress, SyncTarget};
use northstar_engine::{DataDir, Store};
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
pub fn spawn(dir: DataDir, key: northstar_engine::DataKey) -> Arc<SyncMonitor> {
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
        let Ok(mut store) = Store::open(dir.path(), &key) else {
            continue;
        };
        let room = shared.room();
        if let Some(room) = &room {
            // Reviews shared since the room opened go through it too, and its routes stay in date.
            let _ = sync::open_room(&store, room, None);
        }
        let Ok(targets) = sync::sync_targets(&store) else {
            continue;
        };
        let mut outcomes: Vec<(SyncTarget, Option<String>)> = Vec::new();
        for target in targets {
            let id = target.review.clone();
            let mut net = target.transport();
            let result = sync::sync_review(&mut store, &id, &mut net, &mut |p| {
                shared.set(|s| {
                    s.syncing.insert(id.clone(), p);
                });
            });
            shared.set(|s| {
                s.syncing.remove(&id);
            });
            outcomes.push((target, result.err().map(|e| e.to_string())));
        }
        shared.set(|s| {
            s.errors = in_words(&outcomes, room.as_deref());
        });
    });
    monitor
}

/// Per review, what to tell people after one round. If the usual relay worked, all is well,
/// whatever a meeting room's route did (the owner's copy carries the room on). If only a
/// meeting room worked, that is said as such; if nothing worked, the usual relay's failure.
fn in_words(
    outcomes: &[(SyncTarget, Option<String>)],
    room: Option<&str>,
) -> HashMap<String, String> {
    let mut words = HashMap::new();
    for (usual, error) in outcomes.iter().filter(|(t, _)| t.usual) {
        let Some(error) = error else { continue };
        let worked: Vec<&str> = outcomes
            .iter()
            .filter(|(t, e)| t.review == usual.review && !t.usual && e.is_none())
            .map(|(t, _)| t.relay.as_str())
            .collect();
        let said = match worked.first() {
            None => error.clone(),
            Some(relay) if Some(*relay) == room => "synced in the meeting room on this laptop. The usual relay cannot be reached from here; everything goes on to it once this laptop is back online".to_string(),
            Some(relay) => format!("synced through the meeting room at {relay}. The usual relay cannot be reached from here; your changes go on to it later"),
        };
        words.insert(usual.review.clone(), said);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(relay: &str, usual: bool) -> SyncTarget {
        SyncTarget {
            review: "r1".into(),
            relay: relay.into(),
            usual,
            pin: None,
        }
    }

    #[test]
    fn a_meeting_room_that_has_gone_is_no_news_while_the_usual_relay_works() {
        let round = [
            (target("https://la", true), None),
            (
                target("http://192.0.2.5:7878", false),
                Some("could not reach".into()),
            ),
        ];
        assert!(in_words(&round, None).is_empty());
    }

    #[test]
    fn syncing_only_in_the_room_is_said_as_such() {
        let round = [
            (
                target("https://la", true),
                Some("could not reach the relay at https://la".into()),
            ),
            (target("http://127.0.0.1:7878", false), None),
        ];
        let here = in_words(&round, Some("http://127.0.0.1:7878"));
        assert!(
            here["r1"].contains("meeting room on this laptop"),
            "{here:?}"
        );
        let elsewhere = in_words(&round, None);
        assert!(
            elsewhere["r1"].contains("meeting room at http://127.0.0.1:7878"),
            "{elsewhere:?}"
        );
    }

    #[test]
    fn with_nothing_reachable_the_usual_relays_failure_is_shown() {
        let round = [
            (
                target("https://la", true),
                Some("could not reach the relay at https://la".into()),
            ),
            (
                target("http://192.0.2.5:7878", false),
                Some("could not reach the room".into()),
            ),
        ];
        assert_eq!(
            in_words(&round, None)["r1"],
            "could not reach the relay at https://la"
        );
    }
}
