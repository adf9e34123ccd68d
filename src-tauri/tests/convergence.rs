//! Convergence under a hostile network: random schedules of concurrent edits across 3–6
//! peers, with offline spells, lost requests, lost answers and duplicated deliveries. Every
//! peer must end with the identical document, holding every edit that was acknowledged.
//!
//! `NORTHSTAR_SCHEDULES` sets how many schedules run (default 1,000, as in CI).

mod common;

use common::relay::{Faults, Logs, MemoryRelay};
use common::review;
use northstar::{sync, Store};
use northstar_schema::{Action, Entry, Role};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

#[derive(Debug, Clone)]
enum Step {
    /// A new sticky note on "like and admire", with a unique id.
    Like,
    /// Typing onto the end of an existing note's text, as two people might at once.
    Append(usize),
    /// A new action.
    Act,
    Sync,
    Offline,
    Online,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => Just(Step::Like),
        2 => (0usize..4).prop_map(Step::Append),
        1 => Just(Step::Act),
        4 => Just(Step::Sync),
        1 => Just(Step::Offline),
        1 => Just(Step::Online),
    ]
}

#[derive(Debug, Clone)]
struct Schedule {
    peers: usize,
    steps: Vec<(usize, Step)>,
    faults: (u32, u32, u32),
    seed: u64,
}

fn schedule() -> impl Strategy<Value = Schedule> {
    (3usize..=6).prop_flat_map(|peers| {
        (
            Just(peers),
            prop::collection::vec((0..peers, step()), 4..24),
            (0u32..30, 0u32..30, 0u32..40),
            any::<u64>(),
        )
            .prop_map(|(peers, steps, faults, seed)| Schedule {
                peers,
                steps,
                faults,
                seed,
            })
    })
}

struct Peer {
    _dir: tempfile::TempDir,
    store: Store,
    net: MemoryRelay,
}

fn scratch() -> tempfile::TempDir {
    // A real SQLite file, on tmpfs where there is one: a thousand schedules of fsyncs add up.
    match std::path::Path::new("/dev/shm").is_dir() {
        true => tempfile::tempdir_in("/dev/shm").unwrap(),
        false => tempfile::tempdir().unwrap(),
    }
}

const ROLES: [Role; 5] = [
    Role::ParentCarer,
    Role::Teacher,
    Role::Health,
    Role::SocialCare,
    Role::EducationalPsychologist,
];

fn run(s: &Schedule) -> Result<(), TestCaseError> {
    let logs = Logs::default();
    let mut peers: Vec<Peer> = Vec::new();
    for i in 0..s.peers {
        let dir = scratch();
        let store = Store::open(dir.path()).unwrap();
        peers.push(Peer {
            _dir: dir,
            store,
            net: MemoryRelay::new(logs.clone(), s.seed.wrapping_add(i as u64 * 7919)),
        });
    }
    peers[0]
        .store
        .create(&review("r1", "Ayo", "Bello"))
        .unwrap();
    sync::share(&mut peers[0].store, "r1", "memory", Role::Senco, "Jo").unwrap();
    let owner = &mut peers[0];
    sync::sync_review(&mut owner.store, "r1", &mut owner.net, &mut |_| {}).unwrap();
    for i in 1..s.peers {
        let invitation = sync::invite(&mut peers[0].store, "r1", ROLES[i % ROLES.len()]).unwrap();
        let p = &mut peers[i];
        sync::join(&mut p.store, &invitation, &format!("Peer {i}"), &mut p.net).unwrap();
    }
    let (lose_request, lose_answer, duplicate) = s.faults;
    for p in &mut peers {
        p.net.faults = Faults {
            lose_request,
            lose_answer,
            duplicate,
        };
    }

    let mut acknowledged: Vec<String> = Vec::new();
    for (n, (who, step)) in s.steps.iter().enumerate() {
        let p = &mut peers[*who];
        match step {
            Step::Like => {
                let id = format!("like-{n}");
                let entry = Entry {
                    id: id.clone(),
                    text: format!("note {n}").as_str().into(),
                    author_id: None,
                };
                p.store
                    .update("r1", "Like", move |d| {
                        d.reviews[0].record.like_and_admire.push(entry)
                    })
                    .unwrap();
                acknowledged.push(id);
            }
            Step::Append(k) => {
                let k = *k;
                p.store
                    .update("r1", "Type", move |d| {
                        let notes = &mut d.reviews[0].record.like_and_admire;
                        if !notes.is_empty() {
                            let i = k % notes.len();
                            let text = format!("{} and more {n}", notes[i].text.as_str());
                            notes[i].text = text.as_str().into();
                        }
                    })
                    .unwrap();
            }
            Step::Act => {
                let action = Action {
                    id: format!("act-{n}"),
                    owner: format!("Peer {who}"),
                    ..Default::default()
                };
                p.store
                    .update("r1", "Act", move |d| d.reviews[0].actions.push(action))
                    .unwrap();
                acknowledged.push(format!("act-{n}"));
            }
            // A failed sync (offline, lost message) is normal; the next one picks up.
            Step::Sync => {
                let _ = sync::sync_review(&mut p.store, "r1", &mut p.net, &mut |_| {});
            }
            Step::Offline => p.net.online = false,
            Step::Online => p.net.online = true,
        }
    }

    // Everyone back online on a clean network: two full rounds must settle every copy.
    for p in &mut peers {
        p.net.online = true;
        p.net.faults = Faults::default();
    }
    for _ in 0..2 {
        for p in &mut peers {
            let report = sync::sync_review(&mut p.store, "r1", &mut p.net, &mut |_| {}).unwrap();
            prop_assert!(
                report.refused.is_empty(),
                "an honest change was refused: {:?}",
                report.refused
            );
        }
    }
    let first = peers[0].store.get("r1").unwrap();
    for (i, p) in peers.iter_mut().enumerate().skip(1) {
        let doc = p.store.get("r1").unwrap();
        prop_assert_eq!(&doc, &first, "peer {} differs from peer 0", i);
    }
    let review = &first.reviews[0];
    for id in &acknowledged {
        let present = review.record.like_and_admire.iter().any(|e| &e.id == id)
            || review.actions.iter().any(|a| &a.id == id);
        prop_assert!(present, "acknowledged edit {} was lost", id);
    }
    // Nothing duplicated: every id appears once.
    let mut ids: Vec<&str> = review
        .record
        .like_and_admire
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    let before = ids.len();
    ids.sort();
    ids.dedup();
    prop_assert_eq!(ids.len(), before);
    Ok(())
}

#[test]
fn every_peer_converges_with_nothing_lost_or_duplicated() {
    let cases: u32 = std::env::var("NORTHSTAR_SCHEDULES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let started = std::time::Instant::now();
    runner.run(&schedule(), |s| run(&s)).unwrap();
    eprintln!(
        "{cases} schedules converged in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
