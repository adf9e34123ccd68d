//! A dishonest parent with a valid invitation sends the SENCO's copy one validly signed and
//! encrypted envelope (in a bundle file, which takes the relay's path through `receive`) whose
//! *contents* the fuzzer picks: either raw bytes where Automerge change chunks belong, or
//! hostile operations on the review (`hostile_ops.rs`) made into real changes. Whatever
//! arrives, taking it in must not panic or fail, nothing a parent may not write may change, and
//! the SENCO's copy must stay editable.
//!
//! Run as fuzz/README.md says.
#![no_main]

#[path = "../../engine/tests/common/hostile_ops.rs"]
mod hostile_ops;
#[path = "../../engine/tests/common/relay.rs"]
mod relay;

use automerge::AutoCommit;
use hostile_ops::{not_the_parents, run, Hostile};
use libfuzzer_sys::fuzz_target;
use northstar_engine::sync::{self, crypto::DocKeys};
use northstar_engine::Store;
use northstar_schema::sync::{encode_change_list, Bundle, Payload, PayloadKind};
use northstar_schema::{AnnualReview, ReviewDocument, Role, YoungPerson};
use relay::{Logs, MemoryRelay};
use std::cell::RefCell;

/// Inputs one pair of copies takes before starting afresh, so the SENCO's copy does not grow
/// without bound over a million inputs.
const INPUTS_PER_PAIR: u32 = 1_000;

struct Pair {
    _dirs: (tempfile::TempDir, tempfile::TempDir),
    senco: Store,
    parent: Store,
    /// The parent's copy as its hostile edits build on it: what was accepted joins it.
    parent_doc: AutoCommit,
    keys: DocKeys,
    grant: Vec<u8>,
    counter: u64,
    inputs: u32,
}

fn scratch() -> tempfile::TempDir {
    match std::path::Path::new("/dev/shm").is_dir() {
        true => tempfile::tempdir_in("/dev/shm").unwrap(),
        false => tempfile::tempdir().unwrap(),
    }
}

impl Pair {
    fn new() -> Pair {
        let logs = Logs::default();
        let (senco_dir, parent_dir) = (scratch(), scratch());
        let mut senco = Store::open(senco_dir.path(), &northstar_engine::DataKey::for_tests(senco_dir.path())).unwrap();
        let mut senco_net = MemoryRelay::new(logs.clone(), 1);
        let mut doc = ReviewDocument::new(
            "r1",
            YoungPerson {
                given_name: "Ayo".into(),
                family_name: "Bello".into(),
                ..Default::default()
            },
        );
        doc.reviews.push(AnnualReview {
            id: "review-1".into(),
            ..Default::default()
        });
        senco.create(&doc).unwrap();
        sync::share(&mut senco, "r1", "memory", Role::Senco, "Jo Marsh").unwrap();
        sync::sync_review(&mut senco, "r1", &mut senco_net, &mut |_| {}).unwrap();
        let invitation = sync::invite(&mut senco, "r1", Role::ParentCarer).unwrap();
        let keys = DocKeys::of_invitation(&invitation);
        let mut parent = Store::open(parent_dir.path(), &northstar_engine::DataKey::for_tests(parent_dir.path())).unwrap();
        let mut parent_net = MemoryRelay::new(logs.clone(), 2);
        sync::join(&mut parent, &invitation, "Dana Bello", &mut parent_net).unwrap();
        sync::sync_review(&mut senco, "r1", &mut senco_net, &mut |_| {}).unwrap();
        sync::sync_review(&mut parent, "r1", &mut parent_net, &mut |_| {}).unwrap();
        let own = hex::encode(parent.device().public());
        let grant = parent
            .get("r1")
            .unwrap()
            .members
            .into_iter()
            .find(|m| m.device_key == own);
        let grant = hex::decode(grant.unwrap().grant).unwrap();
        let mut parent_doc = AutoCommit::load(&parent.export_automerge("r1").unwrap()).unwrap();
        parent_doc.set_actor(parent.device().actor().unwrap());
        Pair {
            _dirs: (senco_dir, parent_dir),
            senco,
            parent,
            parent_doc,
            keys,
            grant,
            counter: 1000,
            inputs: 0,
        }
    }

    /// The change chunks `data` stands for, and the changes made (to keep if accepted).
    fn contents(&mut self, data: &[u8]) -> (Vec<Vec<u8>>, Vec<automerge::Change>) {
        match data.split_first() {
            // Raw bytes where change chunks belong, split at each 0xFF.
            Some((mode, rest)) if mode % 2 == 0 => (
                rest.split(|b| *b == 0xFF).map(<[u8]>::to_vec).collect(),
                Vec::new(),
            ),
            Some((_, rest)) => {
                let mut doc = self.parent_doc.fork();
                doc.set_actor(self.parent_doc.get_actor().clone());
                let heads = doc.get_heads();
                for op in Hostile::decode(rest) {
                    run(&mut doc, &op);
                }
                doc.commit();
                let changes = doc.get_changes(&heads);
                (
                    changes.iter().map(|c| c.raw_bytes().to_vec()).collect(),
                    changes,
                )
            }
            None => (Vec::new(), Vec::new()),
        }
    }

    fn one(&mut self, data: &[u8]) {
        self.inputs += 1;
        let (chunks, changes) = self.contents(data);
        let mut payload = Payload {
            sender: [0; 32],
            counter: self.counter,
            kind: PayloadKind::Changes,
            grant: self.grant.clone(),
            covers: 0,
            changes: encode_change_list(chunks.iter().map(Vec::as_slice)),
            signature: [0; 64],
        };
        self.counter += 1;
        sync::crypto::sign_payload(self.parent.device(), "r1", &mut payload);
        let sealed = self.keys.seal(&payload).unwrap();
        // Through a bundle file: the same checks as a relay's envelopes (`receive`), without
        // the relay round trip and the owner's snapshots, so a million inputs take an hour.
        let bundle = Bundle {
            log_id: self.keys.log_id.clone(),
            envelopes: vec![sealed],
        }
        .encode();
        let own = hex::encode(self.parent.device().public());
        let before = not_the_parents(&self.senco.get("r1").unwrap(), &own);
        let (_, report) = sync::import_bundle(&mut self.senco, &bundle)
            .unwrap_or_else(|e| panic!("taking in a member's envelope failed: {e}"));
        let after = not_the_parents(&self.senco.get("r1").unwrap(), &own);
        assert_eq!(before, after, "{report:?}");
        use std::sync::atomic::Ordering::Relaxed;
        if report
            .refused
            .iter()
            .any(|r| r.contains("could not read its changes"))
        {
            CAUGHT.fetch_add(1, Relaxed);
        }
        let n = INPUTS.fetch_add(1, Relaxed) + 1;
        if n % 100_000 == 0 {
            eprintln!(
                "northstar: {n} inputs, {} refused after a panic inside Automerge",
                CAUGHT.load(Relaxed)
            );
        }
        if report.refused.is_empty() && !changes.is_empty() {
            // Accepted: the parent's next attack builds on it.
            let _ = self.parent_doc.apply_changes(changes);
        }
        if self.inputs % 64 == 0 {
            let edit = self.senco.update("r1", "Like", |d| {
                if let Some(r) = d.reviews.first_mut() {
                    r.record.like_and_admire.push(northstar_schema::Entry {
                        id: uuid_like(self_inputs()),
                        text: "Still editable".into(),
                        author_id: None,
                    })
                }
            });
            assert!(
                edit.is_ok(),
                "the SENCO cannot edit after {report:?}: {edit:?}"
            );
        }
    }
}

thread_local! {
    static PAIR: RefCell<Option<Pair>> = const { RefCell::new(None) };
    static COUNT: RefCell<u64> = const { RefCell::new(0) };
}

/// Inputs tried, and how many were refused because Automerge panicked reading them (which
/// `receive.rs` catches and refuses; counted so a run's record says how often).
static INPUTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static CAUGHT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static QUIET_PANICS: std::sync::Once = std::sync::Once::new();
/// The last panic's message, printed if it escapes the engine.
static LAST_PANIC: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

fn self_inputs() -> u64 {
    COUNT.with(|c| {
        *c.borrow_mut() += 1;
        *c.borrow()
    })
}

fn uuid_like(n: u64) -> String {
    format!("senco-note-{n}")
}

fuzz_target!(|data: &[u8]| {
    // libFuzzer's hook aborts on every panic, even one the engine catches and refuses by
    // design. Only a panic that escapes the engine should count as a crash (it still aborts,
    // crossing into libFuzzer), so caught ones stay quiet here.
    QUIET_PANICS.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            if let Ok(mut last) = LAST_PANIC.lock() {
                *last = info.to_string();
            }
        }))
    });
    let run = std::panic::catch_unwind(|| {
        PAIR.with(|pair| {
            let mut pair = pair.borrow_mut();
            if pair.as_ref().is_none_or(|p| p.inputs >= INPUTS_PER_PAIR) {
                *pair = Some(Pair::new());
            }
            if let Some(p) = pair.as_mut() {
                p.one(data);
            }
        })
    });
    if let Err(panic) = run {
        eprintln!(
            "panic: {}",
            LAST_PANIC.lock().map(|m| m.clone()).unwrap_or_default()
        );
        std::panic::resume_unwind(panic);
    }
});
