//! Several real `northstar-relay` processes over one PostgreSQL database, as a council runs
//! them behind one address: appends through any instance share one gap-free sequence per log,
//! a long-poll on one instance wakes for an append through another, losing an instance or
//! the database loses nothing acknowledged, and a database that cannot be used at start is one
//! plain sentence and exit code 2.

mod common;

use common::postgres::{eventually, Cluster};
use common::{Client, Reply, TOKEN};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_northstar-relay");

/// One relay process over a PostgreSQL database; killed when dropped.
struct Instance {
    child: Child,
    base: String,
    /// Its log (a line per request), shown only if the test fails.
    stderr: tempfile::NamedTempFile,
}

impl Instance {
    fn start(url: &str) -> Instance {
        let stderr = tempfile::NamedTempFile::new().expect("a file for the relay's log");
        let mut command = Command::new(BIN);
        dies_with_this_thread(&mut command);
        let mut child = command
            .args(["--listen", "127.0.0.1:0", "--database-url", url])
            // Rate limiting off: these tests append as fast as they can.
            .args(["--appends-per-minute", "0"])
            .env_remove("NORTHSTAR_RELAY_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::from(stderr.reopen().expect("the log file")))
            .spawn()
            .expect("the relay binary starts");
        let stdout = child.stdout.take().expect("its stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the relay's first line");
        let base = line
            .trim_end()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| {
                panic!(
                    "the relay did not start: first line {line:?}, stderr {:?}",
                    std::fs::read_to_string(stderr.path()).unwrap_or_default()
                )
            })
            .to_owned();
        Instance {
            child,
            base,
            stderr,
        }
    }

    fn client(&self) -> Client {
        Client::new(&self.base)
    }

    fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// SIGKILL: no chance to finish anything.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            let log = std::fs::read_to_string(self.stderr.path()).unwrap_or_default();
            let lines: Vec<&str> = log.lines().collect();
            let tail = lines[lines.len().saturating_sub(40)..].join("\n");
            eprintln!("--- the relay at {} logged, last lines:\n{tail}", self.base);
        }
    }
}

/// Has the kernel kill `command`'s process when the thread starting it ends, so a test process
/// killed from outside (a CI timeout) leaves no relay running. `Drop` stops them otherwise.
#[cfg(target_os = "linux")]
fn dies_with_this_thread(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    extern "C" {
        fn prctl(
            option: std::os::raw::c_int,
            arg: std::os::raw::c_ulong,
            ...
        ) -> std::os::raw::c_int;
    }
    const PR_SET_PDEATHSIG: std::os::raw::c_int = 1;
    const SIGKILL: std::os::raw::c_ulong = 9;
    // SAFETY: runs in the child between fork and exec, and only makes one system call, which
    // is async-signal-safe.
    unsafe {
        command.pre_exec(|| {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn dies_with_this_thread(_command: &mut Command) {}

/// Acknowledged envelopes of one log: bytes -> the seq given.
type Acked = HashMap<Vec<u8>, u64>;

/// A log id per number.
fn log_id(n: usize) -> String {
    format!("{n:032x}")
}

fn auth() -> String {
    format!("Bearer {TOKEN}")
}

/// Every entry of `log`, read through `client`, as seq → bytes.
fn entries(client: &Client, log: &str) -> Vec<(u64, Vec<u8>)> {
    let pull = client.pull(log, TOKEN, "limit=1000");
    let entries = pull.entries();
    assert!(entries.len() < 1000, "the whole log fits one pull");
    entries.into_iter().map(|e| (e.seq, e.bytes)).collect()
}

/// Checks `log` holds exactly seqs `1..=n`, each envelope at most once, every acknowledged
/// one at the seq it was given, and nothing but those and the ones whose answer was lost.
fn check_log(client: &Client, log: &str, acked: &Acked, in_doubt: &HashSet<Vec<u8>>) {
    let stored = entries(client, log);
    let seqs: Vec<u64> = stored.iter().map(|(seq, _)| *seq).collect();
    assert_eq!(
        seqs,
        (1..=stored.len() as u64).collect::<Vec<_>>(),
        "log {log}: seqs run from 1 with no gap"
    );
    let mut seen = HashSet::new();
    for (seq, bytes) in &stored {
        assert!(
            seen.insert(bytes.clone()),
            "log {log}: an envelope stored twice"
        );
        match acked.get(bytes) {
            Some(given) => assert_eq!(given, seq, "log {log}: stored where it was acknowledged"),
            None => assert!(
                in_doubt.contains(bytes),
                "log {log}: {:?} was never sent",
                String::from_utf8_lossy(bytes)
            ),
        }
    }
    for bytes in acked.keys() {
        assert!(
            seen.contains(bytes),
            "log {log}: acknowledged {:?} is missing",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn appends_through_two_instances_share_one_gap_free_sequence_per_log() {
    let url = Cluster::shared().fresh_database();
    let instances = [Instance::start(&url), Instance::start(&url)];
    let clients: Vec<Client> = instances.iter().map(Instance::client).collect();
    const LOGS: usize = 3;
    const WRITERS_PER_LOG: usize = 4;
    const APPENDS: usize = 25;

    // Log number -> acknowledged body -> seq.
    let acked: Arc<Mutex<Vec<Acked>>> = Arc::new(Mutex::new(vec![HashMap::new(); LOGS]));
    let mut writers = Vec::new();
    for log in 0..LOGS {
        for writer in 0..WRITERS_PER_LOG {
            // Half of each log's writers go through each instance, and the logs are created
            // by whichever first append lands.
            let client = clients[writer % 2].clone();
            let acked = Arc::clone(&acked);
            writers.push(std::thread::spawn(move || {
                let id = log_id(log);
                let mut last = 0;
                for i in 0..APPENDS {
                    let body = format!("log {log} writer {writer} append {i}").into_bytes();
                    let seq = client.append(&id, TOKEN, &body).receipt().seq;
                    assert!(seq > last, "one writer's seqs rise");
                    last = seq;
                    acked.lock().unwrap()[log].insert(body, seq);
                }
            }));
        }
    }
    for writer in writers {
        writer.join().expect("a writer finished");
    }
    let acked = acked.lock().unwrap();
    for (log, acked) in acked.iter().enumerate() {
        assert_eq!(acked.len(), WRITERS_PER_LOG * APPENDS);
        for client in &clients {
            check_log(client, &log_id(log), acked, &HashSet::new());
        }
    }
}

#[test]
fn a_long_poll_on_one_instance_wakes_for_an_append_through_the_other() {
    let url = Cluster::shared().fresh_database();
    let (one, two) = (Instance::start(&url), Instance::start(&url));
    let log = log_id(7);
    assert_eq!(one.client().append(&log, TOKEN, b"first").receipt().seq, 1);

    for (waiting, appending, seq) in [(&one, &two, 2u64), (&two, &one, 3)] {
        let pull = {
            let client = waiting.client();
            let log = log.clone();
            let after = seq - 1;
            std::thread::spawn(move || {
                let reply = client.pull(&log, TOKEN, &format!("after={after}&wait=25"));
                (Instant::now(), reply)
            })
        };
        // Long enough for the pull to be waiting; the check below holds either way.
        std::thread::sleep(Duration::from_millis(500));
        let body = format!("news {seq}").into_bytes();
        let appended = Instant::now();
        assert_eq!(
            appending.client().append(&log, TOKEN, &body).receipt().seq,
            seq
        );
        let (answered, reply) = pull.join().unwrap();
        let got = reply.entries();
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].seq, &got[0].bytes), (seq, &body));
        let delay = answered.saturating_duration_since(appended);
        assert!(
            delay < Duration::from_secs(3),
            "the waiting pull answered {delay:?} after the other instance's append; its wait \
             was 25 s"
        );
    }

    // News of an append a pull has already read (the instance's own, coming back from the
    // database) does not cut the next long-poll short.
    let client = one.client();
    assert_eq!(client.append(&log, TOKEN, b"own").receipt().seq, 4);
    let started = Instant::now();
    let reply = client.pull(&log, TOKEN, "after=4&wait=3");
    assert!(reply.entries().is_empty());
    assert!(
        started.elapsed() >= Duration::from_millis(2500),
        "a pull with nothing new waited its time, not {:?}",
        started.elapsed()
    );
}

#[test]
fn killing_one_instance_mid_sync_loses_nothing() {
    let url = Cluster::shared().fresh_database();
    let mut one = Instance::start(&url);
    let two = Instance::start(&url);
    let log = log_id(42);
    const WRITERS: usize = 4;
    const APPENDS: usize = 60;

    let acked: Arc<Mutex<Acked>> = Arc::default();
    let in_doubt: Arc<Mutex<HashSet<Vec<u8>>>> = Arc::default();
    let count = Arc::new(AtomicUsize::new(0));
    let switched = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for writer in 0..WRITERS {
        let (first, fallback) = (one.client(), two.client());
        let (acked, in_doubt, count, switched) = (
            Arc::clone(&acked),
            Arc::clone(&in_doubt),
            Arc::clone(&count),
            Arc::clone(&switched),
        );
        let log = log.clone();
        writers.push(std::thread::spawn(move || {
            // Writers 0 and 2 start on the instance that will be killed; like a client behind
            // a load balancer, they carry on through the other one when it goes.
            let mut client = if writer % 2 == 0 {
                first
            } else {
                fallback.clone()
            };
            for i in 0..APPENDS {
                let body = format!("writer {writer} append {i}").into_bytes();
                match client.try_post(&log, Some(&auth()), None, &body) {
                    Ok(reply) if reply.status == 200 => {
                        acked.lock().unwrap().insert(body, reply.receipt().seq);
                        count.fetch_add(1, Ordering::SeqCst);
                    }
                    Ok(reply) => panic!(
                        "an instance refused an append: {} {:?}",
                        reply.status,
                        String::from_utf8_lossy(&reply.body)
                    ),
                    // The instance died with this one in flight: it may or may not be stored.
                    Err(_) => {
                        in_doubt.lock().unwrap().insert(body);
                        client = fallback.clone();
                        switched.fetch_add(1, Ordering::SeqCst);
                    }
                }
            }
        }));
    }
    assert!(
        eventually(Duration::from_secs(60), || count.load(Ordering::SeqCst)
            >= WRITERS * APPENDS / 4),
        "the writers got going"
    );
    one.kill();
    for writer in writers {
        writer.join().expect("a writer finished");
    }
    assert_eq!(
        switched.load(Ordering::SeqCst),
        2,
        "both writers on the killed instance carried on through the other"
    );
    let acked = acked.lock().unwrap();
    let in_doubt = in_doubt.lock().unwrap();
    assert_eq!(acked.len() + in_doubt.len(), WRITERS * APPENDS);
    check_log(&two.client(), &log, &acked, &in_doubt);

    // A new instance over the same database carries straight on.
    let three = Instance::start(&url);
    let head = entries(&three.client(), &log).len() as u64;
    assert_eq!(
        three.client().append(&log, TOKEN, b"after").receipt().seq,
        head + 1
    );
}

/// Whether `reply` is the plain 503 for a database out of reach.
fn is_unavailable(reply: &Reply) -> bool {
    if reply.status != 503 {
        return false;
    }
    let error = reply.error();
    assert_eq!(error.code, "unavailable");
    assert!(
        error.error.contains("database cannot be reached")
            && error.error.contains("safe on your device"),
        "plain words: {:?}",
        error.error
    );
    assert!(reply.header("retry-after").is_some());
    true
}

#[test]
fn a_lost_database_answers_503_plainly_and_the_relays_recover_with_nothing_lost() {
    // A server of its own: stopping the shared one would pull it from under other tests.
    let cluster = Cluster::start();
    let url = cluster.fresh_database();
    let (mut one, mut two) = (Instance::start(&url), Instance::start(&url));
    let log = log_id(503);
    let mut acked = HashMap::new();
    for i in 0..10u64 {
        let client = if i % 2 == 0 {
            one.client()
        } else {
            two.client()
        };
        let body = format!("before {i}").into_bytes();
        assert_eq!(client.append(&log, TOKEN, &body).receipt().seq, i + 1);
        acked.insert(body, i + 1);
    }

    cluster.stop();
    for instance in [&one, &two] {
        let client = instance.client();
        let reply = client.append(&log, TOKEN, b"while away");
        assert!(is_unavailable(&reply), "append: {reply:?}");
        let reply = client.pull(&log, TOKEN, "");
        assert!(is_unavailable(&reply), "pull: {reply:?}");
    }
    assert!(one.running() && two.running(), "the relays keep running");

    cluster.restart();
    let client = one.client();
    let mut reply = None;
    assert!(
        eventually(Duration::from_secs(30), || {
            let r = client.append(&log, TOKEN, b"back");
            let done = r.status == 200;
            if !done {
                assert!(is_unavailable(&r), "only 503 until it is back: {r:?}");
            }
            reply = Some(r);
            done
        }),
        "the relay serves again once the database is back"
    );
    assert_eq!(
        reply.unwrap().receipt().seq,
        11,
        "nothing was stored while away"
    );
    acked.insert(b"back".to_vec(), 11);
    assert!(
        eventually(Duration::from_secs(30), || two
            .client()
            .pull(&log, TOKEN, "")
            .status
            == 200),
        "the other relay serves again too"
    );
    check_log(&two.client(), &log, &acked, &HashSet::new());

    // Each instance listens again for the other's appends.
    let pull = {
        let client = one.client();
        let log = log.clone();
        std::thread::spawn(move || (client.pull(&log, TOKEN, "after=11&wait=25"), Instant::now()))
    };
    std::thread::sleep(Duration::from_millis(500));
    let appended = Instant::now();
    assert_eq!(two.client().append(&log, TOKEN, b"wake").receipt().seq, 12);
    let (reply, answered) = pull.join().unwrap();
    assert_eq!(reply.entries().len(), 1);
    assert!(
        answered.saturating_duration_since(appended) < Duration::from_secs(5),
        "woken after the database came back"
    );
}

#[test]
fn a_database_that_cannot_be_used_at_start_is_one_plain_sentence_and_exit_2() {
    let cluster = Cluster::shared();
    let missing_database = cluster.url("no_such_database");
    // Nothing listens on port 1.
    let cases: Vec<(Vec<&str>, Option<&str>)> = vec![
        (vec!["--database-url", "this is not a database url"], None),
        (
            vec!["--database-url", "postgres://northstar@127.0.0.1:1/relay"],
            None,
        ),
        (vec!["--database-url", &missing_database], None),
        // From the environment, with a password that must not be repeated.
        (
            vec![],
            Some("postgres://northstar:s3cret@127.0.0.1:1/relay"),
        ),
    ];
    for (args, env) in cases {
        let mut command = Command::new(BIN);
        command
            .args(["--listen", "127.0.0.1:0"])
            .args(&args)
            .env_remove("NORTHSTAR_RELAY_DB")
            .env_remove("NORTHSTAR_RELAY_DATABASE_URL");
        if let Some(url) = env {
            command.env("NORTHSTAR_RELAY_DATABASE_URL", url);
        }
        let output = command.output().expect("the relay runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let case = format!("{args:?} {env:?}");
        assert_eq!(output.status.code(), Some(2), "{case}: {stderr}");
        assert!(!stderr.contains("panicked"), "{case}: {stderr}");
        assert_eq!(
            stderr.trim().lines().count(),
            1,
            "{case}: one sentence: {stderr}"
        );
        assert!(!stderr.contains("s3cret"), "{case}: {stderr}");
        assert!(output.stdout.is_empty(), "{case}: never claimed to listen");
    }
}

/// A pull waiting on one instance while that instance's listening connection is down still
/// hears of an append made through another meanwhile: once it listens again, every waiting
/// pull looks again.
#[test]
fn a_pull_hears_of_an_append_made_while_its_instance_was_not_listening() {
    use northstar_relay::{Limits, PostgresLogStore, PullQuery, Relay};
    let cluster = Cluster::shared();
    let url = cluster.fresh_database();
    let database = url.rsplit('/').next().unwrap().to_owned();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let relay = |_| {
        let store = runtime.block_on(PostgresLogStore::connect(&url)).unwrap();
        Arc::new(Relay::new(store, Limits::default()))
    };
    let (one, two) = (relay(1), relay(2));
    let log = log_id(9);
    runtime.block_on(async {
        let first = two
            .append(&log, TOKEN, b"one".to_vec(), None)
            .await
            .unwrap();
        assert_eq!(first.seq, 1);
    });
    let pull = {
        let (one, log) = (Arc::clone(&one), log.clone());
        runtime.spawn(async move {
            let query = PullQuery {
                after: 1,
                wait_seconds: 25,
                ..PullQuery::default()
            };
            one.pull(&log, TOKEN, query).await
        })
    };
    std::thread::sleep(Duration::from_millis(500));

    // No new connections to the database for a while, and the listening ones cut.
    cluster.psql(
        "postgres",
        &format!("ALTER DATABASE {database} ALLOW_CONNECTIONS false"),
    );
    cluster.psql(
        "postgres",
        &format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{database}' AND query LIKE 'LISTEN%'"
        ),
    );
    // Through the second instance's pooled connection, which is still open.
    runtime.block_on(async {
        let second = two
            .append(&log, TOKEN, b"two".to_vec(), None)
            .await
            .unwrap();
        assert_eq!(second.seq, 2);
    });
    std::thread::sleep(Duration::from_secs(1));
    assert!(
        !pull.is_finished(),
        "nobody could have told the first instance yet"
    );
    cluster.psql(
        "postgres",
        &format!("ALTER DATABASE {database} ALLOW_CONNECTIONS true"),
    );
    let listening_again = Instant::now();
    let answer = runtime.block_on(pull).unwrap().unwrap();
    assert_eq!(answer.entries.len(), 1);
    assert_eq!(answer.entries[0].bytes, b"two");
    assert!(
        listening_again.elapsed() < Duration::from_secs(5),
        "woken {:?} after the database let it listen again",
        listening_again.elapsed()
    );
}
