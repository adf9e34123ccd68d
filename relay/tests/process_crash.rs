//! The real binary: it announces its address, and an acknowledged append survives `kill -9`.

mod common;

use common::{Client, LOG, TOKEN};
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// An envelope's bytes and the seq the relay acknowledged for it.
type Acked = (Vec<u8>, u64);

const BIN: &str = env!("CARGO_BIN_EXE_northstar-relay");

/// Starts the relay on `db` and returns it with its base URL, read from its first line.
fn start(db: &Path, extra: &[&str]) -> (Child, String) {
    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--db"])
        .arg(db)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the relay binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let base = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    assert_ne!(base, "http://127.0.0.1:0", "the real port is printed");
    (child, base)
}

#[test]
fn acknowledged_appends_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("relay.db");
    // Rate limiting off: this test appends as fast as it can.
    let (mut relay, base) = start(&db, &["--appends-per-minute", "0"]);
    let client = Client::new(&base);
    assert_eq!(client.health().body, b"ok");

    // Acknowledged body -> the seq the relay gave it.
    let mut acked: HashMap<Vec<u8>, u64> = HashMap::new();
    for i in 0..50 {
        let body = format!("first batch {i}").into_bytes();
        let seq = client.append(LOG, TOKEN, &body).receipt().seq;
        assert_eq!(seq, i + 1);
        acked.insert(body, seq);
    }

    // A second batch in flight on another thread when the process is killed.
    let second: Arc<Mutex<Vec<Acked>>> = Arc::default();
    let writer = {
        let second = Arc::clone(&second);
        let client = client.clone();
        std::thread::spawn(move || {
            // Runs until the kill makes a request fail.
            for i in 0.. {
                let body = format!("second batch {i}").into_bytes();
                match client.try_post(LOG, Some(&format!("Bearer {TOKEN}")), None, &body) {
                    Ok(reply) if reply.status == 200 => {
                        second.lock().unwrap().push((body, reply.receipt().seq));
                    }
                    // Killed mid-request: this one may or may not have landed.
                    _ => break,
                }
            }
        })
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while second.lock().unwrap().len() < 20 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    relay.kill().unwrap(); // SIGKILL: no chance to flush anything.
    relay.wait().unwrap();
    writer.join().unwrap();
    let second = second.lock().unwrap().clone();
    assert!(
        second.len() >= 20,
        "the second batch was under way when killed"
    );
    for (body, seq) in second {
        acked.insert(body, seq);
    }

    let (mut relay, base) = start(&db, &[]);
    let client = Client::new(&base);
    let pull = client.pull(LOG, TOKEN, "limit=1000");
    let entries = pull.entries();
    let head = pull.head();
    assert!(entries.len() < 1000, "the whole log fits one pull");
    // Contiguous from 1: nothing lost in the middle, nothing doubled.
    assert_eq!(
        entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=head).collect::<Vec<_>>()
    );
    // Every acknowledged append is there exactly once, at the seq it was given.
    let mut seen: HashMap<&[u8], u64> = HashMap::new();
    for e in &entries {
        assert!(
            seen.insert(&e.bytes, e.seq).is_none(),
            "an envelope stored twice"
        );
    }
    for (body, seq) in &acked {
        assert_eq!(
            seen.get(body.as_slice()),
            Some(seq),
            "{:?} was acknowledged as {seq}",
            String::from_utf8_lossy(body)
        );
    }
    // At most the one request in flight at the kill landed unacknowledged.
    assert!(
        head as usize <= acked.len() + 1,
        "head {head}, acked {}",
        acked.len()
    );

    // Appending carries on from the next seq, and the token still guards the log.
    assert_eq!(
        client.append(LOG, TOKEN, b"after restart").receipt().seq,
        head + 1
    );
    assert_eq!(
        client.append(LOG, common::WRONG_TOKEN, b"intruder").status,
        403
    );
    relay.kill().unwrap();
    relay.wait().unwrap();
}

#[test]
fn sigterm_stops_it_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (relay, base) = start(&dir.path().join("relay.db"), &[]);
    assert_eq!(Client::new(&base).health().body, b"ok");
    let status = Command::new("kill")
        .args(["-TERM", &relay.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let output = relay.wait_with_output().unwrap();
    assert!(output.status.success(), "exit status {:?}", output.status);
}

#[test]
fn bad_arguments_and_unusable_databases_exit_2_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_db = dir.path().join("notes.txt");
    std::fs::write(
        &not_a_db,
        "certainly not an sqlite file, just some text here",
    )
    .unwrap();
    let cases: Vec<Vec<String>> = vec![
        vec!["--bogus".into()],
        vec!["--listen".into(), "not-an-address".into()],
        vec!["--max-message-bytes".into(), "0".into()],
        vec!["--quota-bytes".into(), "lots".into()],
        vec![
            "--listen".into(),
            "127.0.0.1:0".into(),
            "--db".into(),
            dir.path()
                .join("no/such/dir/relay.db")
                .display()
                .to_string(),
        ],
        vec![
            "--listen".into(),
            "127.0.0.1:0".into(),
            "--db".into(),
            not_a_db.display().to_string(),
        ],
    ];
    for args in cases {
        let output = Command::new(BIN).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.trim().is_empty(), "{args:?} says why");
        assert!(output.stdout.is_empty(), "{args:?} never claimed to listen");
    }
}
