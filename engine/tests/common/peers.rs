//! Member devices for sync tests: a store in a temporary folder speaking to an in-memory
//! relay, and the honest SENCO plus one invited member most scenarios start from.

use super::relay::{Logs, MemoryRelay};
use super::review;
use automerge::{AutoCommit, Change};
use northstar_engine::sync::{self, crypto::DocKeys};
use northstar_engine::Store;
use northstar_schema::sync::{Invitation, LogEntry};
use northstar_schema::{Provision, Role};
use tempfile::TempDir;

pub struct Peer {
    pub _dir: TempDir,
    pub store: Store,
    pub net: MemoryRelay,
}

impl Peer {
    /// Turns this device's client hostile: it stops checking its own role before saving
    /// (as a modified copy of the app would), so only the other copies stand in the way.
    pub fn tamper_with_own_role_check(&mut self) {
        let db = super::raw_store(self._dir.path());
        db.execute("UPDATE sync_shares SET role = 'la-caseworker'", [])
            .unwrap();
    }

    pub fn new(logs: &Logs, seed: u64) -> Peer {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(
            dir.path(),
            &northstar_engine::DataKey::for_tests(dir.path()),
        )
        .unwrap();
        Peer {
            _dir: dir,
            store,
            net: MemoryRelay::new(logs.clone(), seed),
        }
    }

    pub fn sync(&mut self, id: &str) -> sync::SyncReport {
        sync::sync_review(&mut self.store, id, &mut self.net, &mut |_| {}).unwrap()
    }

    /// Writes Section F, which only the SENCO and the LA may.
    pub fn add_provision(&mut self, id: &str) {
        self.store
            .update(id, "Add provision", |d| {
                d.plan.section_f.provisions.push(Provision {
                    id: "p-x".into(),
                    description: "Daily 1:1 support".into(),
                    ..Default::default()
                })
            })
            .unwrap();
    }

    /// Adds need `need_id` to Section C when `in_c`, else Section B, on review "r1".
    pub fn add_need(&mut self, need_id: &str, in_c: bool, words: &str) {
        let need = northstar_schema::Need {
            id: need_id.into(),
            description: words.into(),
            ..Default::default()
        };
        self.store
            .update("r1", "Add a need", move |d| match in_c {
                true => d.plan.section_c.needs.push(need),
                false => d.plan.section_b.needs.push(need),
            })
            .unwrap();
    }

    /// How many provisions Section F holds in this copy.
    pub fn provisions(&mut self, id: &str) -> usize {
        self.store.get(id).unwrap().plan.section_f.provisions.len()
    }

    pub fn like(&mut self, id: &str, text: &str) {
        super::add_like(&mut self.store, id, text);
    }
}

/// A SENCO's store holding review "r1", shared, plus one peer joined in `role`.
pub fn senco_and(role: Role) -> (Logs, Peer, Peer) {
    let logs = Logs::default();
    let mut senco = Peer::new(&logs, 1);
    senco.store.create(&review("r1", "Ayo", "Bello")).unwrap();
    sync::share(&mut senco.store, "r1", "memory", Role::Senco, "Jo Marsh").unwrap();
    senco.sync("r1");
    let code = sync::invite(&mut senco.store, "r1", role)
        .unwrap()
        .to_code();
    let mut other = Peer::new(&logs, 2);
    let invitation = Invitation::from_code(&code).unwrap();
    sync::join(&mut other.store, &invitation, "Dana Bello", &mut other.net).unwrap();
    // The owner's copy admits the newcomer; the newcomer then sees itself in the members.
    senco.sync("r1");
    other.sync("r1");
    (logs, senco, other)
}

/// A new device joining review "r1" by `owner`'s invitation in `role`, let in and synced.
pub fn join(owner: &mut Peer, logs: &Logs, role: Role, name: &str, seed: u64) -> Peer {
    let code = sync::invite(&mut owner.store, "r1", role)
        .unwrap()
        .to_code();
    let mut peer = Peer::new(logs, seed);
    let invitation = Invitation::from_code(&code).unwrap();
    sync::join(&mut peer.store, &invitation, name, &mut peer.net).unwrap();
    owner.sync("r1");
    peer.sync("r1");
    peer
}

pub fn likes(store: &mut Store) -> Vec<String> {
    super::likes(store, "r1")
}

pub fn log_entries(logs: &Logs) -> Vec<LogEntry> {
    logs.borrow().values().next().unwrap().entries.clone()
}

pub fn append_raw(logs: &Logs, bytes: Vec<u8>) {
    let mut logs = logs.borrow_mut();
    let log = logs.values_mut().next().unwrap();
    let seq = log.entries.last().map_or(0, |e| e.seq) + 1;
    log.entries.push(LogEntry { seq, bytes });
}

/// Appends `bytes` to the log `log_id` (once a review has moved to a new key, there are two).
pub fn append_to(logs: &Logs, log_id: &str, bytes: Vec<u8>) {
    let mut logs = logs.borrow_mut();
    let log = logs.get_mut(log_id).expect("a log the review has used");
    let seq = log.entries.last().map_or(0, |e| e.seq) + 1;
    log.entries.push(LogEntry { seq, bytes });
}

/// The review key, read from an invitation as any member holds it.
pub fn keys_of(senco: &mut Peer) -> DocKeys {
    let invitation = sync::invite(&mut senco.store, "r1", Role::Other).unwrap();
    DocKeys::of_invitation(&invitation)
}

/// The changes `craft` makes on a copy of `peer`'s review under `actor` (one of the peer's
/// device's actor ids): what a modified app on that device could write, unchecked.
pub fn crafted(
    peer: &mut Peer,
    actor: &automerge::ActorId,
    craft: impl FnOnce(&mut AutoCommit),
) -> Vec<Change> {
    let mut doc = AutoCommit::load(&peer.store.export_automerge("r1").unwrap()).unwrap();
    doc.set_actor(actor.clone());
    let heads = doc.get_heads();
    craft(&mut doc);
    doc.commit();
    doc.get_changes(&heads)
}

/// Appends an envelope from `peer`'s device, signed with its real key and carrying its real
/// grant, holding `changes` (raw change chunks): a valid member's message with any content.
pub fn send_raw(peer: &mut Peer, logs: &Logs, keys: &DocKeys, counter: u64, changes: &[Vec<u8>]) {
    let own = hex::encode(peer.store.device().public());
    let grant = peer
        .store
        .get("r1")
        .unwrap()
        .members
        .iter()
        .find(|m| m.device_key == own)
        .unwrap()
        .grant
        .clone();
    let mut payload = northstar_schema::sync::Payload {
        sender: [0; 32],
        counter,
        kind: northstar_schema::sync::PayloadKind::Changes,
        grant: hex::decode(grant).unwrap(),
        covers: 0,
        changes: northstar_schema::sync::encode_change_list(changes.iter().map(Vec::as_slice)),
        signature: [0; 64],
    };
    sync::crypto::sign_payload(peer.store.device(), "r1", &mut payload);
    append_to(logs, &keys.log_id, keys.seal(&payload).unwrap());
}

/// As [`send_raw`], for changes Automerge made.
pub fn send_changes(
    peer: &mut Peer,
    logs: &Logs,
    keys: &DocKeys,
    counter: u64,
    changes: &[Change],
) {
    let raw: Vec<Vec<u8>> = changes.iter().map(|c| c.raw_bytes().to_vec()).collect();
    send_raw(peer, logs, keys, counter, &raw);
}
