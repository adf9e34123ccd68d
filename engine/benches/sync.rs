//! Sync benchmarks, through the real relay (axum + SQLite) on loopback.
//!
//! 1. A meeting's worth of edits: 6 peers × 300 changes made offline, then synced until every
//!    copy is identical. Prints the time to converge and the bytes on the wire (HTTP bodies)
//!    against the raw Automerge change bytes that had to move.
//! 2. Relay throughput: appends per second on a one-thread runtime, for documents × clients.
//!
//! Run: `cargo bench -p northstar --bench sync`.

use northstar_engine::sync::{self, HttpRelay, Transport};
use northstar_engine::Store;
use northstar_relay::{serve, Limits, Relay, SqliteLogStore};
use northstar_schema::{AnnualReview, Entry, ReviewDocument, Role, YoungPerson};
use std::sync::Arc;
use std::time::Instant;

fn start_relay(threads: usize) -> (String, std::thread::JoinHandle<()>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(format!("http://{}", listener.local_addr().unwrap()))
                .unwrap();
            // Every client here is this machine: no per-client allowance, or it would be the
            // number measured.
            let limits = Limits {
                appends_per_minute_per_log: 0,
                requests_per_minute_per_client: 0,
                ..Limits::default()
            };
            let relay = Arc::new(Relay::new(
                SqliteLogStore::open_in_memory().unwrap(),
                limits,
            ));
            serve(listener, relay, std::future::pending())
                .await
                .unwrap();
        });
    });
    (rx.recv().unwrap(), handle)
}

fn scratch() -> tempfile::TempDir {
    tempfile::tempdir_in("/dev/shm")
        .or_else(|_| tempfile::tempdir())
        .unwrap()
}

fn sync_once(store: &mut Store, url: &str) -> sync::SyncReport {
    sync::sync_review(store, "bench-1", &mut HttpRelay::new(url), &mut |_| {}).unwrap()
}

fn meeting(url: &str) {
    const PEERS: usize = 6;
    const EDITS: usize = 300;
    let dirs: Vec<_> = (0..PEERS).map(|_| scratch()).collect();
    let mut stores: Vec<Store> = dirs
        .iter()
        .map(|d| Store::open(d.path(), &northstar_engine::DataKey::for_tests(d.path())).unwrap())
        .collect();
    let yp = YoungPerson {
        given_name: "Ayo".into(),
        family_name: "Bello".into(),
        ..Default::default()
    };
    let mut doc = ReviewDocument::new("bench-1", yp);
    doc.reviews.push(AnnualReview {
        id: "review-1".into(),
        ..Default::default()
    });
    stores[0].create(&doc).unwrap();
    sync::share(&mut stores[0], "bench-1", url, Role::Senco, "Jo").unwrap();
    sync_once(&mut stores[0], url);
    let roles = [
        Role::ParentCarer,
        Role::Teacher,
        Role::Health,
        Role::SocialCare,
        Role::EducationalPsychologist,
    ];
    for i in 1..PEERS {
        let invitation = sync::invite(&mut stores[0], "bench-1", roles[i - 1]).unwrap();
        sync::join(
            &mut stores[i],
            &invitation,
            &format!("Peer {i}"),
            &mut HttpRelay::new(url),
        )
        .unwrap();
    }
    for s in stores.iter_mut() {
        sync_once(s, url);
    }
    // Devices that joined before the meeting and were away for all of it, to catch up after:
    // three, so ours is timed as Automerge's is, best of three (the first run of anything
    // pays for cold caches).
    let late_dirs: Vec<_> = (0..3).map(|_| scratch()).collect();
    let mut lates: Vec<Store> = late_dirs
        .iter()
        .map(|d| Store::open(d.path(), &northstar_engine::DataKey::for_tests(d.path())).unwrap())
        .collect();
    for (n, late) in lates.iter_mut().enumerate() {
        let invitation = sync::invite(&mut stores[0], "bench-1", Role::LaCaseworker).unwrap();
        let name = format!("Late {n}");
        sync::join(late, &invitation, &name, &mut HttpRelay::new(url)).unwrap();
    }
    sync_once(&mut stores[0], url);
    let before_meeting = lates[0].export_automerge("bench-1").unwrap();
    // The meeting: every peer makes its edits offline.
    let mut raw_own = [0u64; PEERS];
    for (p, s) in stores.iter_mut().enumerate() {
        for n in 0..EDITS {
            s.update("bench-1", "Like", |d| {
                d.reviews[0].record.like_and_admire.push(Entry {
                    id: format!("p{p}-{n}"),
                    text: format!("Peer {p} note {n}").as_str().into(),
                    author_id: None,
                })
            })
            .unwrap();
        }
        raw_own[p] = sync::pending_change_bytes(s, "bench-1").unwrap();
    }
    let mut nets: Vec<HttpRelay> = (0..PEERS).map(|_| HttpRelay::new(url)).collect();
    let started = Instant::now();
    let mut slowest_sync = std::time::Duration::ZERO;
    for _round in 0..2 {
        for (s, net) in stores.iter_mut().zip(nets.iter_mut()) {
            let t = Instant::now();
            sync::sync_review(s, "bench-1", net, &mut |_| {}).unwrap();
            slowest_sync = slowest_sync.max(t.elapsed());
        }
    }
    let elapsed = started.elapsed();
    catch_up(&mut lates, &mut stores[0], &before_meeting, url);
    let first = stores[0].get("bench-1").unwrap();
    assert_eq!(first.reviews[0].record.like_and_admire.len(), PEERS * EDITS);
    for s in stores.iter_mut().skip(1) {
        assert_eq!(s.get("bench-1").unwrap(), first, "copies differ");
    }
    let wire: u64 = nets
        .iter()
        .map(|n| {
            let (up, down) = n.bytes();
            up + down
        })
        .sum();
    let total_raw: u64 = raw_own.iter().sum();
    // Each peer must send its own changes once and receive everyone else's.
    let must_move: u64 = raw_own.iter().map(|own| own + (total_raw - own)).sum();
    println!(
        "meeting: {PEERS} peers x {EDITS} changes converged in {:.1} ms, one peer after another (slowest single sync {:.1} ms); wire {} B for {} B of raw changes to move = {:.2}x",
        elapsed.as_secs_f64() * 1000.0,
        slowest_sync.as_secs_f64() * 1000.0,
        wire,
        must_move,
        wire as f64 / must_move as f64
    );
}

/// One device taking in a whole meeting it missed, against Automerge's own `apply_changes` of
/// the same changes onto the same starting copy: the cost of sync's checks, as a ratio. Each
/// is timed three times (three late devices; three copies of the starting document) and the
/// best taken, with the first runs shown too.
fn catch_up(lates: &mut [Store], first: &mut Store, before: &[u8], url: &str) {
    let mut ours = Vec::new();
    for late in lates.iter_mut() {
        let t = Instant::now();
        let report = sync_once(late, url);
        ours.push(t.elapsed());
        assert!(report.refused.is_empty(), "{report:?}");
        assert_eq!(late.get("bench-1").unwrap(), first.get("bench-1").unwrap());
    }
    let mut base = automerge::AutoCommit::load(before).unwrap();
    let mut full =
        automerge::AutoCommit::load(&first.export_automerge("bench-1").unwrap()).unwrap();
    let changes = full.get_changes(&base.get_heads());
    let mut theirs = Vec::new();
    for _ in 0..3 {
        let mut doc = base.clone();
        let t = Instant::now();
        doc.apply_changes(changes.iter().cloned()).unwrap();
        theirs.push(t.elapsed());
    }
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let best = |v: &[std::time::Duration]| v.iter().copied().min().unwrap_or_default();
    println!(
        "catch-up: one device took in {} changes in {:.1} ms (relay, decrypt, checks, store); Automerge apply_changes alone {:.1} ms = {:.2}x (best of 3 each; first runs {:.1} and {:.1} ms = {:.2}x)",
        changes.len(),
        ms(best(&ours)),
        ms(best(&theirs)),
        ms(best(&ours)) / ms(best(&theirs)),
        ms(ours[0]),
        ms(theirs[0]),
        ms(ours[0]) / ms(theirs[0])
    );
}

fn throughput(url: &str, docs: usize, clients: usize) {
    let per_client = 400;
    let started = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let url = url.to_string();
            std::thread::spawn(move || {
                let mut net = HttpRelay::new(&url);
                let envelope = vec![0x42u8; 300];
                for i in 0..per_client {
                    let log = format!("{:032x}", (c + i * clients) % docs + 1);
                    let token = format!("{:064x}", (c + i * clients) % docs + 1);
                    net.append(&log, &token, &envelope, None).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    let n = (clients * per_client) as f64;
    println!("relay (1 thread): {docs} documents x {clients} clients: {:.0} appends/s ({n} appends, 300-byte envelopes)", n / secs);
}

/// What one guess at a meeting-room code costs someone who overheard its id on the Wi-Fi,
/// and so what searching all 2^48 secrets would cost on one core.
fn room_code_guess() {
    let code = northstar_schema::sync::RoomCode {
        room: "192.0.2.10:7878".parse().unwrap(),
        secret: [7; 6],
    };
    let rounds = 5;
    let start = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(sync::crypto::RoomCodeKeys::derive(&code).unwrap());
    }
    let per_guess = start.elapsed().as_secs_f64() / rounds as f64;
    let core_years = per_guess * 2f64.powi(48) / (365.25 * 24.0 * 3600.0);
    println!(
        "room code: one guess {:.0} ms (Argon2id 64 MiB x 3); all 2^48 secrets: {core_years:.2e} core-years",
        per_guess * 1000.0
    );
}

fn main() {
    room_code_guess();
    let (url, _relay) = start_relay(2);
    for _ in 0..3 {
        meeting(&url);
    }
    let (one, _r) = start_relay(1);
    for (docs, clients) in [(1, 1), (10, 4), (100, 8)] {
        throughput(&one, docs, clients);
    }
}
