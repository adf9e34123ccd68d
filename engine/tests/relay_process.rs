//! Sync through a real relay process on loopback (`northstar relay`): killed with SIGKILL
//! mid-sync and restarted, clients resume with nothing lost or duplicated; the relay's files
//! hold no plaintext; oversized messages and unknown reviews get plain refusals.

mod common;

use common::{add_like, bin, likes, review};
use northstar_engine::sync::{self, HttpRelay, SyncError, Transport};
use northstar_engine::{EngineError, Store};
use northstar_schema::Role;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

struct RelayProcess {
    child: Child,
    url: String,
}

/// A failing test must not leave its relay running: it would hold the test runner's output
/// pipe open, and the test script with it.
impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends SIGKILL to the relay just as an append goes out, so it dies mid-request.
struct KillDuringAppend {
    inner: HttpRelay,
    pid: u32,
}

/// Sends SIGKILL to `pid` from another thread, racing the request this thread sends.
fn kill_now(pid: u32) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status();
    })
}

impl Transport for KillDuringAppend {
    fn name(&self) -> &str {
        self.inner.name()
    }
    fn append(
        &mut self,
        log: &str,
        token: &str,
        envelope: &[u8],
        covers: Option<u64>,
    ) -> Result<u64, SyncError> {
        let killer = kill_now(self.pid);
        let result = self.inner.append(log, token, envelope, covers);
        killer.join().unwrap();
        result
    }
    fn append_as_owner(
        &mut self,
        log: &str,
        token: &str,
        owner: &sync::OwnerProof,
        envelope: &[u8],
        covers: Option<u64>,
    ) -> Result<u64, SyncError> {
        let killer = kill_now(self.pid);
        let result = self
            .inner
            .append_as_owner(log, token, owner, envelope, covers);
        killer.join().unwrap();
        result
    }
    fn revoke(&mut self, log: &str, token: &str, subject: &[u8; 32]) -> Result<(), SyncError> {
        self.inner.revoke(log, token, subject)
    }
    fn delete_log(&mut self, log: &str, token: &str) -> Result<(), SyncError> {
        self.inner.delete_log(log, token)
    }
    fn pull(
        &mut self,
        log: &str,
        token: &str,
        after: u64,
        from_snapshot: bool,
        wait: Option<std::time::Duration>,
    ) -> Result<sync::Pulled, SyncError> {
        self.inner.pull(log, token, after, from_snapshot, wait)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_relay(dir: &std::path::Path, port: u16) -> RelayProcess {
    let mut child = bin()
        .arg("--data-dir")
        .arg(dir)
        .args(["relay", "--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(
        line.starts_with("listening on http://"),
        "unexpected first line {line:?}"
    );
    RelayProcess {
        child,
        url: line.trim().trim_start_matches("listening on ").to_string(),
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The bytes of a SQLite database and its write-ahead log.
fn db_bytes(path: &std::path::Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap_or_default();
    bytes.extend(std::fs::read(path.with_extension("db-wal")).unwrap_or_default());
    bytes
}

#[test]
fn killed_mid_sync_the_relay_restarts_and_clients_resume_with_nothing_lost_or_repeated() {
    let relay_dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut relay = start_relay(relay_dir.path(), port);

    let senco_dir = tempfile::tempdir().unwrap();
    let mut senco = Store::open(
        senco_dir.path(),
        &northstar_engine::DataKey::for_tests(senco_dir.path()),
    )
    .unwrap();
    let mut doc = review("rev-blind-7781", "Ayo", "Bello");
    doc.plan.section_a.young_person_views = "I want to be a marine biologist".into();
    senco.create(&doc).unwrap();
    sync::share(
        &mut senco,
        "rev-blind-7781",
        &relay.url,
        Role::Senco,
        "Jo Marsh",
    )
    .unwrap();
    let mut senco_net = HttpRelay::new(&relay.url);
    sync::sync_review(&mut senco, "rev-blind-7781", &mut senco_net, &mut |_| {}).unwrap();

    let parent_dir = tempfile::tempdir().unwrap();
    let mut parent = Store::open(
        parent_dir.path(),
        &northstar_engine::DataKey::for_tests(parent_dir.path()),
    )
    .unwrap();
    let invitation = sync::invite(&mut senco, "rev-blind-7781", Role::ParentCarer).unwrap();
    let mut parent_net = HttpRelay::new(&relay.url);
    sync::join(&mut parent, &invitation, "Dana Bello", &mut parent_net).unwrap();

    let mut expected = Vec::new();
    for i in 0..150 {
        let text = format!("Zebra-crossing-champion-{i}");
        expected.push(text.clone());
        add_like(&mut parent, "rev-blind-7781", &text);
    }
    // Kill the relay while the parent's 150 changes are on their way to it.
    let mut killing = KillDuringAppend {
        inner: HttpRelay::new(&relay.url),
        pid: relay.child.id(),
    };
    let during = sync::sync_review(&mut parent, "rev-blind-7781", &mut killing, &mut |_| {});
    let _ = relay.child.wait();
    // The kill races the request: the relay may die before storing it, after storing it but
    // before answering, or (rarely) just after answering. Every case must end the same way.
    let _ = during;
    // Down: a plain message, and the edits stay safe here.
    let err =
        sync::sync_review(&mut parent, "rev-blind-7781", &mut parent_net, &mut |_| {}).unwrap_err();
    assert!(
        err.to_string().contains("could not reach the relay"),
        "{err}"
    );
    assert!(err.to_string().contains("safe on this computer"), "{err}");

    relay = start_relay(relay_dir.path(), port);
    for i in 0..20 {
        let text = format!("Kind-to-classmates-{i}");
        expected.push(text.clone());
        add_like(&mut senco, "rev-blind-7781", &text);
    }
    for _ in 0..2 {
        sync::sync_review(&mut parent, "rev-blind-7781", &mut parent_net, &mut |_| {}).unwrap();
        sync::sync_review(&mut senco, "rev-blind-7781", &mut senco_net, &mut |_| {}).unwrap();
    }
    expected.sort();
    assert_eq!(
        likes(&mut senco, "rev-blind-7781"),
        expected,
        "every acknowledged edit, once"
    );
    assert_eq!(likes(&mut parent, "rev-blind-7781"), expected);
    assert_eq!(
        senco.get("rev-blind-7781").unwrap(),
        parent.get("rev-blind-7781").unwrap()
    );

    // Blindness: none of the review's words are in the relay's files, though they are in ours.
    let relay_bytes = db_bytes(&relay_dir.path().join("relay.db"));
    let ours = common::decrypted_bytes(senco_dir.path());
    assert!(relay_bytes.len() > 10_000, "the relay stored the envelopes");
    for secret in [
        "Zebra-crossing-champion",
        "Kind-to-classmates",
        "marine biologist",
        "Hollin Brook",
        "Bello",
        "rev-blind-7781",
        "Jo Marsh",
        "parent-carer",
    ] {
        assert!(
            !contains(&relay_bytes, secret),
            "the relay's database holds {secret:?} in plain text"
        );
    }
    assert!(
        contains(&ours, "marine biologist"),
        "the search finds plain text where there is some"
    );
    let _ = relay.child.kill();
}

#[test]
fn oversized_messages_and_unknown_reviews_get_plain_refusals() {
    let relay_dir = tempfile::tempdir().unwrap();
    let mut relay = start_relay(relay_dir.path(), free_port());
    let mut net = HttpRelay::new(&relay.url);
    let token = "ab".repeat(32);
    let log = "0123456789abcdef0123456789abcdef";
    let err = net.pull(log, &token, 0, false, None).unwrap_err();
    assert!(
        matches!(err, SyncError::RelayRefused { status: 404, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("no log with this id"), "{err}");

    let seq = net
        .append(
            log,
            &token,
            b"NSE1 small and fine, as far as the relay can tell",
            None,
        )
        .unwrap();
    assert_eq!(seq, 1);
    let huge = vec![7u8; 9 * 1024 * 1024];
    let err = net.append(log, &token, &huge, None).unwrap_err();
    assert!(err.to_string().contains("larger than the relay's"), "{err}");
    let pulled = net.pull(log, &token, 0, false, None).unwrap();
    assert_eq!(
        pulled.entries.len(),
        1,
        "nothing stored by the refused append"
    );

    // The engine says the same through a review: an unknown review is a plain error too.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(
        dir.path(),
        &northstar_engine::DataKey::for_tests(dir.path()),
    )
    .unwrap();
    let err = sync::sync_review(&mut store, "no-such-review", &mut net, &mut |_| {}).unwrap_err();
    assert!(matches!(err, EngineError::UnknownReview(_)), "{err}");
    let _ = relay.child.kill();
}

/// The relay is killed with SIGKILL in the middle of appends, fifty times over, and started
/// again on the same files. Every append the relay acknowledged is there, at the seq it gave,
/// exactly once; nothing appears twice; and each request whose answer never came is checked
/// too: it was either stored once or not at all.
#[test]
fn killed_mid_append_fifty_times_the_relay_keeps_every_acknowledged_message_once() {
    let relay_dir = tempfile::tempdir().unwrap();
    let log = "0123456789abcdef0123456789abcdef";
    let token = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    // body -> Some(seq) if acknowledged, None if the answer never came.
    let mut sent: Vec<(Vec<u8>, Option<u64>)> = Vec::new();
    let mut n = 0u32;
    for round in 0..50u64 {
        let port = free_port();
        let mut relay = start_relay(relay_dir.path(), port);
        let pid = relay.child.id().to_string();
        // Kill at a different moment each round, while appends are in flight.
        let delay = std::time::Duration::from_millis(5 + (round * 7) % 45);
        let killer = std::thread::spawn(move || {
            std::thread::sleep(delay);
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid])
                .status();
        });
        let mut net = HttpRelay::new(&relay.url);
        loop {
            n += 1;
            let body = format!("message {n} of round {round}").into_bytes();
            match net.append(log, token, &body, None) {
                Ok(seq) => sent.push((body, Some(seq))),
                Err(_) => {
                    sent.push((body, None));
                    break;
                }
            }
        }
        killer.join().unwrap();
        relay.child.wait().unwrap();
    }

    let port = free_port();
    let mut relay = start_relay(relay_dir.path(), port);
    let mut net = HttpRelay::new(&relay.url);
    let mut stored = Vec::new();
    loop {
        let after = stored.len() as u64;
        let pulled = net.pull(log, token, after, false, None).unwrap();
        if pulled.entries.is_empty() {
            break;
        }
        stored.extend(pulled.entries);
    }
    for (i, entry) in stored.iter().enumerate() {
        assert_eq!(entry.seq, i as u64 + 1, "seqs run from 1 with no gaps");
    }
    let acknowledged = sent.iter().filter(|(_, seq)| seq.is_some()).count();
    let mut unanswered_stored = 0;
    for (body, seq) in &sent {
        let copies: Vec<u64> = stored
            .iter()
            .filter(|e| &e.bytes == body)
            .map(|e| e.seq)
            .collect();
        match seq {
            Some(seq) => assert_eq!(
                copies,
                vec![*seq],
                "an acknowledged message, once, where it was put"
            ),
            None => {
                assert!(
                    copies.len() <= 1,
                    "an unanswered message stored at most once"
                );
                unanswered_stored += copies.len();
            }
        }
    }
    // Nothing is there that was never sent.
    assert_eq!(stored.len(), acknowledged + unanswered_stored);
    eprintln!(
        "50 kills: {acknowledged} appends acknowledged, {} unanswered, {unanswered_stored} of those stored",
        sent.len() - acknowledged
    );
    assert!(
        acknowledged >= 50,
        "appends went through before each kill ({acknowledged})"
    );
    relay.child.kill().unwrap();
    relay.child.wait().unwrap();
}

/// The engine is killed with SIGKILL while syncing, thirty times over: each time the SENCO has
/// sent ten more messages, and the parent's `northstar sync now` is stopped a little further
/// in. After one sync left to finish, the parent's copy has every change once,
/// nothing waits and nothing was refused.
#[test]
fn killed_mid_receive_the_engine_resumes_with_nothing_lost_or_doubled() {
    let relay_dir = tempfile::tempdir().unwrap();
    let mut relay = start_relay(relay_dir.path(), free_port());
    let senco_dir = tempfile::tempdir().unwrap();
    let mut senco = Store::open(
        senco_dir.path(),
        &northstar_engine::DataKey::for_tests(senco_dir.path()),
    )
    .unwrap();
    senco.create(&review("r-kill", "Ayo", "Bello")).unwrap();
    sync::share(&mut senco, "r-kill", &relay.url, Role::Senco, "Jo Marsh").unwrap();
    let mut senco_net = HttpRelay::new(&relay.url);
    sync::sync_review(&mut senco, "r-kill", &mut senco_net, &mut |_| {}).unwrap();
    let parent_dir = tempfile::tempdir().unwrap();
    {
        let mut parent = Store::open(
            parent_dir.path(),
            &northstar_engine::DataKey::for_tests(parent_dir.path()),
        )
        .unwrap();
        let invitation = sync::invite(&mut senco, "r-kill", Role::ParentCarer).unwrap();
        sync::join(
            &mut parent,
            &invitation,
            "Dana Bello",
            &mut HttpRelay::new(&relay.url),
        )
        .unwrap();
    }
    sync::sync_review(&mut senco, "r-kill", &mut senco_net, &mut |_| {}).unwrap();

    let mut expected = Vec::new();
    let (mut cut_short, mut progressed, mut read_to) = (0, 0, 0i64);
    for round in 0..30u64 {
        for i in 0..10 {
            let text = format!("Round-{round}-note-{i}");
            add_like(&mut senco, "r-kill", &text);
            expected.push(text);
            sync::sync_review(&mut senco, "r-kill", &mut senco_net, &mut |_| {}).unwrap();
        }
        let mut child = bin()
            .arg("--data-dir")
            .arg(parent_dir.path())
            .args(["sync", "now", "r-kill"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Spread over the few tens of milliseconds a `sync now` of ten changes takes.
        std::thread::sleep(std::time::Duration::from_millis(2 + (round * 5) % 35));
        if child.try_wait().unwrap().is_none() {
            cut_short += 1;
        }
        let _ = child.kill();
        child.wait().unwrap();
        // How far the parent's copy had read the log when it was killed.
        let db = common::raw_store(parent_dir.path());
        let at: i64 = db
            .query_row(
                "SELECT coalesce(max(pulled_seq), 0) FROM sync_cursors WHERE doc_id = 'r-kill'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        if at > read_to {
            progressed += 1;
            read_to = at;
        }
    }
    let finished = bin()
        .arg("--data-dir")
        .arg(parent_dir.path())
        .args(["sync", "now", "r-kill"])
        .output()
        .unwrap();
    assert!(finished.status.success(), "{finished:?}");
    let mut parent = Store::open(
        parent_dir.path(),
        &northstar_engine::DataKey::for_tests(parent_dir.path()),
    )
    .unwrap();
    expected.sort();
    assert_eq!(likes(&mut parent, "r-kill"), expected, "every change, once");
    let status = sync::status(&mut parent, "r-kill").unwrap();
    assert_eq!(status.waiting, 0);
    assert!(status.quarantined.is_empty(), "{:?}", status.quarantined);
    // Killed while still running. A pull's envelopes are taken in in one transaction, so a
    // kill leaves the copy either before them all or after them all.
    assert!(
        cut_short >= 10,
        "most kills land mid-sync ({cut_short} of 30)"
    );
    eprintln!("30 kills of `sync now`: {cut_short} while running, {progressed} after reading further into the log");
    let _ = relay.child.kill();
}
