//! The HTTP interface on a real socket: what each request gets back, and that refusals store
//! nothing.

mod common;

use common::{Client, TestServer, LOG, OTHER_LOG, TOKEN, WRONG_TOKEN};
use northstar_relay::Limits;
use northstar_schema::sync::api::MAX_PULL_ENTRIES;
use northstar_schema::sync::{LogOwner, MemberCredential, LOG_OWNER_HEADER};
use std::time::{Duration, Instant};

fn seqs(reply: &common::Reply) -> Vec<u64> {
    reply.entries().iter().map(|e| e.seq).collect()
}

#[test]
fn health_says_ok() {
    let server = TestServer::start(Limits::default());
    let reply = server.client().health();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, b"ok");
}

#[test]
fn appends_come_back_from_a_pull_in_order() {
    let server = TestServer::start(Limits::default());
    let client = server.client();
    for (i, body) in [&b"first"[..], b"second", b"third"].iter().enumerate() {
        assert_eq!(client.append(LOG, TOKEN, body).receipt().seq, i as u64 + 1);
    }

    let all = client.pull(LOG, TOKEN, "");
    assert_eq!(all.header("content-type"), Some("application/octet-stream"));
    assert_eq!(all.head(), 3);
    let entries = all.entries();
    assert_eq!(seqs(&all), vec![1, 2, 3]);
    assert_eq!(entries[0].bytes, b"first");
    assert_eq!(entries[2].bytes, b"third");

    let page = client.pull(LOG, TOKEN, "after=1&limit=1");
    assert_eq!(seqs(&page), vec![2]);
    assert_eq!(page.entries()[0].bytes, b"second");
    assert_eq!(page.head(), 3, "the head tells the client there is more");

    let nothing = client.pull(LOG, TOKEN, "after=3");
    assert!(nothing.entries().is_empty());
    assert_eq!(nothing.head(), 3);

    // Binary bytes survive untouched.
    let binary: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    assert_eq!(client.append(LOG, TOKEN, &binary).receipt().seq, 4);
    assert_eq!(
        client.pull(LOG, TOKEN, "after=3").entries()[0].bytes,
        binary
    );
}

#[test]
fn a_pull_returns_at_most_the_limit() {
    let server = TestServer::start(Limits::default());
    let client = server.client();
    for i in 0..5 {
        client
            .append(LOG, TOKEN, format!("e{i}").as_bytes())
            .receipt();
    }
    assert_eq!(seqs(&client.pull(LOG, TOKEN, "limit=2")), vec![1, 2]);
    // Asking for more than the relay allows is lowered to the maximum, not refused.
    let big = format!("limit={}", MAX_PULL_ENTRIES * 10);
    assert_eq!(client.pull(LOG, TOKEN, &big).entries().len(), 5);
}

#[test]
fn a_missing_or_malformed_token_is_401() {
    let server = TestServer::start(Limits::default());
    let client = server.client();
    client.append(LOG, TOKEN, b"x").receipt();

    let no_token = client.try_post(LOG, None, None, b"y").unwrap();
    assert_eq!(no_token.status, 401);
    assert_eq!(no_token.error().code, "unauthorised");
    assert!(no_token.error().error.contains("no access token"));

    for auth in [
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "Bearer not-hex-at-all-not-hex-at-all-not-hex",
        "Bearer 0011",
        TOKEN,
    ] {
        let reply = client.try_post(LOG, Some(auth), None, b"y").unwrap();
        assert_eq!(reply.status, 401, "{auth:?}");
        assert_eq!(reply.error().code, "unauthorised");
        let pull = client.get_raw(LOG, Some(auth), "");
        assert_eq!(pull.status, 401, "{auth:?}");
    }
    let pull = client.get_raw(LOG, None, "");
    assert_eq!(pull.status, 401);
    assert_eq!(pull.error().code, "unauthorised");

    assert_eq!(
        client.pull(LOG, TOKEN, "").head(),
        1,
        "nothing was appended"
    );
}

#[test]
fn a_wrong_token_is_403_and_appends_nothing() {
    let server = TestServer::start(Limits::default());
    let client = server.client();
    client.append(LOG, TOKEN, b"mine").receipt();

    let append = client.append(LOG, WRONG_TOKEN, b"theirs");
    assert_eq!(append.status, 403);
    assert_eq!(append.error().code, "unauthorised");
    assert_eq!(
        append.error().error,
        "this log belongs to another review's key: the access token does not match"
    );
    let pull = client.pull(LOG, WRONG_TOKEN, "");
    assert_eq!(pull.status, 403);

    let mine = client.pull(LOG, TOKEN, "");
    assert_eq!(mine.head(), 1);
    assert_eq!(mine.entries()[0].bytes, b"mine");
    // The token is hex: another spelling of the same bytes is the same token.
    assert_eq!(client.pull(LOG, &TOKEN.to_uppercase(), "").status, 200);
}

#[test]
fn an_unknown_log_is_404() {
    let server = TestServer::start(Limits::default());
    let client = server.client();
    let reply = client.pull(OTHER_LOG, TOKEN, "");
    assert_eq!(reply.status, 404);
    assert_eq!(reply.error().code, "unknown-log");
    // Waiting on a log that does not exist is refused at once, not after the wait.
    let started = Instant::now();
    assert_eq!(client.pull(OTHER_LOG, TOKEN, "wait=10").status, 404);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_malformed_log_id_is_400() {
    let server = TestServer::start(Limits::default());
    let client = server.client();
    for log in [
        "abc",
        "0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef0123456789abcdef0",
        "0123456789abcdef0123456789abcdeg",
        "%FF%FE",
        "..%2F..%2Fetc%2Fpasswd",
    ] {
        let append = client.append(log, TOKEN, b"x");
        assert_eq!(append.status, 400, "{log}");
        assert_eq!(append.error().code, "bad-request");
        let pull = client.pull(log, TOKEN, "");
        assert_eq!(pull.status, 400, "{log}");
        assert_eq!(pull.error().code, "bad-request");
    }
}

#[test]
fn bad_queries_headers_and_bodies_are_400() {
    let server = TestServer::start(Limits::default());
    let client = server.client();
    client.append(LOG, TOKEN, b"x").receipt();
    for query in [
        "after=-1",
        "after=x",
        "limit=0",
        "wait=soon",
        "from_snapshot=maybe",
        "after=99999999999999999999999",
    ] {
        let reply = client.pull(LOG, TOKEN, query);
        assert_eq!(reply.status, 400, "{query}");
        assert_eq!(reply.error().code, "bad-request");
    }
    let empty = client.append(LOG, TOKEN, b"");
    assert_eq!(empty.status, 400);
    assert_eq!(empty.error().code, "bad-request");
    for covers in ["one", "-1", "1.5", ""] {
        let reply = client
            .try_post(LOG, Some(&format!("Bearer {TOKEN}")), Some(covers), b"snap")
            .unwrap();
        assert_eq!(reply.status, 400, "{covers:?}");
        assert_eq!(reply.error().code, "bad-request");
    }
    // A snapshot cannot cover entries that do not exist yet.
    let ahead = client.snapshot(LOG, TOKEN, 5, b"snap");
    assert_eq!(ahead.status, 400);
    assert!(ahead.error().error.contains("only has 1 entries"));
    assert_eq!(
        client.pull(LOG, TOKEN, "").head(),
        1,
        "no refusal stored anything"
    );
}

#[test]
fn an_oversized_body_is_413_and_appends_nothing() {
    let limits = Limits {
        max_message_bytes: 1024,
        ..Limits::default()
    };
    let server = TestServer::start(limits);
    let client = server.client();
    assert_eq!(client.append(LOG, TOKEN, &[7; 1024]).receipt().seq, 1);

    // Just over (the service's check) and far over (axum's body limit) answer alike.
    for size in [1025, 4096, 3 * 1024 * 1024] {
        let reply = client.append(LOG, TOKEN, &vec![8; size]);
        assert_eq!(reply.status, 413, "{size} bytes");
        assert_eq!(reply.error().code, "too-large");
        assert!(reply.error().error.contains("1024-byte limit"));
    }
    let pull = client.pull(LOG, TOKEN, "");
    assert_eq!(pull.head(), 1);
    assert_eq!(pull.entries()[0].bytes, vec![7; 1024]);
}

#[test]
fn the_default_limit_takes_a_full_size_envelope() {
    // axum's own default body limit is 2 MB; the relay must lift it to the envelope limit.
    let server = TestServer::start(Limits::default());
    let client = server.client();
    let big = vec![3u8; northstar_schema::sync::MAX_ENVELOPE_BYTES];
    assert_eq!(client.append(LOG, TOKEN, &big).receipt().seq, 1);
    let over = client.append(LOG, TOKEN, &vec![3u8; big.len() + 1]);
    assert_eq!(over.status, 413);
    assert_eq!(
        client.pull(LOG, TOKEN, "").entries()[0].bytes.len(),
        big.len()
    );
}

#[test]
fn a_full_log_is_507_and_appends_nothing() {
    let limits = Limits {
        quota_bytes_per_log: 100,
        ..Limits::default()
    };
    let server = TestServer::start(limits);
    let client = server.client();
    assert_eq!(client.append(LOG, TOKEN, &[1; 60]).receipt().seq, 1);
    // Every pull says the room left and the quota, so the owner can move on in time.
    let pull = client.pull(LOG, TOKEN, "");
    assert_eq!(pull.header("x-northstar-room"), Some("40 100"));
    let refused = client.append(LOG, TOKEN, &[2; 50]);
    assert_eq!(refused.status, 507);
    assert_eq!(refused.error().code, "quota");
    // Exactly filling the allowance is fine, and the seq carries on without a gap.
    assert_eq!(client.append(LOG, TOKEN, &[3; 40]).receipt().seq, 2);
    assert_eq!(client.append(LOG, TOKEN, &[4; 1]).status, 507);
    // The quota is per log.
    assert_eq!(client.append(OTHER_LOG, TOKEN, &[5; 100]).receipt().seq, 1);

    let pull = client.pull(LOG, TOKEN, "");
    assert_eq!(seqs(&pull), vec![1, 2]);
    assert_eq!(pull.entries()[1].bytes, vec![3; 40]);
    assert_eq!(pull.header("x-northstar-room"), Some("0 100"));
}

#[test]
fn too_many_appends_are_429_with_retry_after() {
    let limits = Limits {
        appends_per_minute_per_log: 3,
        ..Limits::default()
    };
    let server = TestServer::start(limits);
    let client = server.client();
    for seq in 1..=3 {
        assert_eq!(client.append(LOG, TOKEN, b"x").receipt().seq, seq);
    }
    let refused = client.append(LOG, TOKEN, b"x");
    assert_eq!(refused.status, 429);
    assert_eq!(refused.error().code, "rate");
    let retry: u64 = refused
        .header("retry-after")
        .expect("a Retry-After header")
        .parse()
        .expect("seconds");
    assert!((1..=20).contains(&retry), "retry after {retry}");
    // Another log is not held back, and wrong tokens do not use up the owner's allowance.
    assert_eq!(client.append(OTHER_LOG, TOKEN, b"x").receipt().seq, 1);
    assert_eq!(client.append(OTHER_LOG, WRONG_TOKEN, b"x").status, 403);
    assert_eq!(client.append(OTHER_LOG, WRONG_TOKEN, b"x").status, 403);
    assert_eq!(client.append(OTHER_LOG, WRONG_TOKEN, b"x").status, 403);
    assert_eq!(client.append(OTHER_LOG, TOKEN, b"x").receipt().seq, 2);
    assert_eq!(client.pull(LOG, TOKEN, "").head(), 3);
}

#[test]
fn a_waiting_pull_returns_as_soon_as_an_append_arrives() {
    let server = TestServer::start(Limits::default());
    let client = server.client();
    client.append(LOG, TOKEN, b"one").receipt();

    let waiter = {
        let client = client.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let reply = client.pull(LOG, TOKEN, "after=1&wait=25");
            (reply, started.elapsed())
        })
    };
    std::thread::sleep(Duration::from_millis(500));
    let writer = Client::new(client.base());
    assert_eq!(writer.append(LOG, TOKEN, b"two").receipt().seq, 2);

    let (reply, took) = waiter.join().unwrap();
    assert_eq!(seqs(&reply), vec![2]);
    assert_eq!(reply.entries()[0].bytes, b"two");
    assert_eq!(reply.head(), 2);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(
        took >= Duration::from_millis(400),
        "returned before the append: {took:?}"
    );
}

#[test]
fn a_waiting_pull_with_nothing_new_returns_empty_after_the_wait() {
    let server = TestServer::start(Limits::default());
    let client = server.client();
    client.append(LOG, TOKEN, b"one").receipt();
    // An append to another log does not wake it.
    let other = {
        let client = client.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            client.append(OTHER_LOG, TOKEN, b"elsewhere").receipt();
        })
    };
    let started = Instant::now();
    let reply = client.pull(LOG, TOKEN, "after=1&wait=2");
    let took = started.elapsed();
    other.join().unwrap();
    assert!(reply.entries().is_empty());
    assert_eq!(reply.head(), 1);
    assert!(took >= Duration::from_millis(1900), "took {took:?}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // With something already there, a waiting pull does not wait.
    let started = Instant::now();
    assert_eq!(seqs(&client.pull(LOG, TOKEN, "after=0&wait=20")), vec![1]);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn from_snapshot_starts_at_the_newest_snapshot() {
    let server = TestServer::start(Limits::default());
    let client = server.client();
    // No snapshot yet: a newcomer gets the whole log.
    for i in 1..=3 {
        client
            .append(LOG, TOKEN, format!("change {i}").as_bytes())
            .receipt();
    }
    assert_eq!(
        seqs(&client.pull(LOG, TOKEN, "from_snapshot=true")),
        vec![1, 2, 3]
    );

    assert_eq!(
        client.snapshot(LOG, TOKEN, 3, b"snapshot A").receipt().seq,
        4
    );
    client.append(LOG, TOKEN, b"change 5").receipt();
    let newcomer = client.pull(LOG, TOKEN, "from_snapshot=true");
    assert_eq!(
        seqs(&newcomer),
        vec![4, 5],
        "the snapshot first, then what came after"
    );
    assert_eq!(newcomer.entries()[0].bytes, b"snapshot A");
    assert_eq!(newcomer.head(), 5);

    // A snapshot made while someone else appended: entry 6 is not inside it, so a newcomer
    // still gets it, in seq order before the snapshot.
    client.append(LOG, TOKEN, b"change 6").receipt();
    assert_eq!(
        client.snapshot(LOG, TOKEN, 5, b"snapshot B").receipt().seq,
        7
    );
    client.append(LOG, TOKEN, b"change 8").receipt();
    let newcomer = client.pull(LOG, TOKEN, "from_snapshot=true");
    assert_eq!(seqs(&newcomer), vec![6, 7, 8]);
    assert_eq!(newcomer.entries()[1].bytes, b"snapshot B");

    // Paging from a snapshot continues with an ordinary `after`.
    let first = client.pull(LOG, TOKEN, "from_snapshot=true&limit=1");
    assert_eq!(seqs(&first), vec![6]);
    assert_eq!(seqs(&client.pull(LOG, TOKEN, "after=6&limit=1")), vec![7]);
    // Only a newcomer (after=0) starts at the snapshot; anyone else reads on from `after`.
    assert_eq!(
        seqs(&client.pull(LOG, TOKEN, "after=2&from_snapshot=true")),
        vec![3, 4, 5, 6, 7, 8]
    );
    assert_eq!(
        client
            .pull(LOG, TOKEN, "from_snapshot=false")
            .entries()
            .len(),
        8
    );
}

#[test]
fn stopping_the_server_releases_waiting_pulls() {
    let server = TestServer::start(Limits::default());
    let client = server.client();
    client.append(LOG, TOKEN, b"one").receipt();
    let waiter = {
        let client = client.clone();
        std::thread::spawn(move || client.pull(LOG, TOKEN, "after=1&wait=30"))
    };
    std::thread::sleep(Duration::from_millis(300));
    let took = server.stop();
    assert!(took < Duration::from_secs(10), "shutdown took {took:?}");
    let reply = waiter.join().unwrap();
    assert!(reply.entries().is_empty());
    assert!(
        ureq::get(format!("{}/v1/health", client.base()))
            .call()
            .is_err(),
        "the server no longer answers"
    );
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A meeting room's invitation is left as a one-time message: one person takes it, once,
/// before the relay's own clock says it has expired.
#[test]
fn a_one_time_message_is_handed_out_once_and_never_after_it_expires() {
    let server = TestServer::start(Limits::default());
    let client = server.client();
    let now = unix_now();
    assert_eq!(
        client.put_drop(LOG, TOKEN, now + 600, b"invitation").status,
        200
    );
    // The same id again (a second code colliding, or someone overwriting it) is refused.
    assert_eq!(client.put_drop(LOG, TOKEN, now + 600, b"other").status, 403);
    // A wrong token gets nothing and leaves it in place.
    assert_eq!(client.take_drop(LOG, WRONG_TOKEN).status, 403);
    let taken = client.take_drop(LOG, TOKEN);
    assert_eq!(taken.status, 200);
    assert_eq!(taken.body, b"invitation");
    let again = client.take_drop(LOG, TOKEN);
    assert_eq!(again.status, 410);
    assert_eq!(again.error().code, "gone");

    // The relay keeps its own time: past its expiry, a message is gone whatever the client says.
    assert_eq!(
        client
            .put_drop(OTHER_LOG, TOKEN, now + 2, b"soon gone")
            .status,
        200
    );
    // Two seconds ahead, so a second boundary crossed on the way cannot make it due already.
    std::thread::sleep(Duration::from_millis(3100));
    assert_eq!(client.take_drop(OTHER_LOG, TOKEN).status, 410);
    // Expiry in the past, or more than a day ahead, is refused; so is an empty or huge body.
    assert_eq!(client.put_drop(OTHER_LOG, TOKEN, now - 1, b"x").status, 400);
    assert_eq!(
        client
            .put_drop(OTHER_LOG, TOKEN, now + 2 * 86_400, b"x")
            .status,
        400
    );
    assert_eq!(client.put_drop(OTHER_LOG, TOKEN, now + 60, b"").status, 413);
    let huge = vec![1u8; 64 * 1024];
    assert_eq!(
        client.put_drop(OTHER_LOG, TOKEN, now + 60, &huge).status,
        413
    );
}

#[test]
fn one_time_messages_are_capped() {
    let limits = Limits {
        max_drops: 2,
        ..Limits::default()
    };
    let server = TestServer::start(limits);
    let client = server.client();
    let now = unix_now();
    let ids: Vec<String> = (0..3).map(|i| format!("{i:032x}")).collect();
    assert_eq!(client.put_drop(&ids[0], TOKEN, now + 600, b"a").status, 200);
    assert_eq!(client.put_drop(&ids[1], TOKEN, now + 600, b"b").status, 200);
    assert_eq!(client.put_drop(&ids[2], TOKEN, now + 600, b"c").status, 507);
    // Taking one makes room.
    assert_eq!(client.take_drop(&ids[0], TOKEN).status, 200);
    assert_eq!(client.put_drop(&ids[2], TOKEN, now + 600, b"c").status, 200);
}

/// A pull says what the log holds where it starts, so a client can check the relay still has
/// what it read last without fetching it again.
#[test]
fn a_pull_says_what_the_log_holds_where_it_starts() {
    let server = TestServer::start(Limits::default());
    let client = server.client();
    client.append(LOG, TOKEN, b"one");
    client.append(LOG, TOKEN, b"two");
    let digest = |bytes: &[u8]| hex::encode(<sha2::Sha256 as sha2::Digest>::digest(bytes));
    let from_start = client.pull(LOG, TOKEN, "after=0");
    assert_eq!(from_start.header("x-northstar-before"), None);
    let after_one = client.pull(LOG, TOKEN, "after=1");
    assert_eq!(
        after_one.header("x-northstar-before"),
        Some(digest(b"one").as_str())
    );
    assert_eq!(seqs(&after_one), [2]);
    let past_the_end = client.pull(LOG, TOKEN, "after=7");
    assert_eq!(past_the_end.header("x-northstar-before"), Some("none"));
}

/// A member who fills a log to its quota cannot stop its owner: the owner's appends (with the
/// owner's second token) may use a reserve past the quota; anyone else's are refused.
#[test]
fn a_full_log_still_takes_its_owners_appends() {
    let limits = Limits {
        quota_bytes_per_log: 10,
        ..Limits::default()
    };
    let server = TestServer::start(limits);
    let client = server.client();
    let owner = "ab".repeat(32);
    let as_owner = |body: &[u8], owner: &str| client.append_as_owner(LOG, TOKEN, owner, body);
    assert_eq!(
        as_owner(b"snapshot", &owner).status,
        200,
        "the owner makes the log"
    );
    assert_eq!(client.append(LOG, TOKEN, b"flood").status, 507);
    let claimed = as_owner(b"flood", &"cd".repeat(32));
    assert_eq!(claimed.status, 507, "another owner token is nobody's");
    assert_eq!(as_owner(b"new key", &owner).status, 200);
    assert_eq!(seqs(&client.pull(LOG, TOKEN, "")), [1, 2]);
}

/// A meeting room's relay is on the room's Wi-Fi: only the laptop it runs on starts logs and
/// leaves codes there, so a stranger cannot take its slots; anyone may use what exists.
#[test]
fn in_a_meeting_room_only_the_laptop_itself_starts_logs_and_codes() {
    let lan = if_addrs::get_if_addrs()
        .expect("network interfaces")
        .into_iter()
        .map(|i| i.ip())
        .find(|ip| ip.is_ipv4() && !ip.is_loopback())
        .expect("this machine has a network address besides loopback");
    let store = northstar_relay::SqliteLogStore::open_in_memory().unwrap();
    let relay = northstar_relay::Relay::new(store, Limits::meeting_room());
    let server = TestServer::start_on(relay, "0.0.0.0");
    let port = server.base.rsplit(':').next().unwrap().to_string();
    let laptop = Client::new(&format!("http://127.0.0.1:{port}"));
    let stranger = Client::new(&format!("http://{lan}:{port}"));

    let refused = stranger.append(LOG, TOKEN, b"x");
    assert_eq!(refused.status, 403, "{:?}", refused.error());
    assert_eq!(refused.error().code, "host-only");
    assert_eq!(
        laptop.pull(LOG, TOKEN, "").status,
        404,
        "nothing was created"
    );
    let refused = stranger.put_drop(OTHER_LOG, TOKEN, unix_now() + 600, b"x");
    assert_eq!(refused.error().code, "host-only");
    assert_eq!(stranger.take_drop(OTHER_LOG, TOKEN).status, 410);

    // What the laptop starts, everyone in the room uses.
    assert_eq!(laptop.append(LOG, TOKEN, b"snapshot").status, 200);
    assert_eq!(stranger.append(LOG, TOKEN, b"joining").status, 200);
    assert_eq!(seqs(&stranger.pull(LOG, TOKEN, "")), [1, 2]);
    assert_eq!(
        laptop
            .put_drop(OTHER_LOG, TOKEN, unix_now() + 600, b"invitation")
            .status,
        200
    );
    assert_eq!(stranger.take_drop(OTHER_LOG, TOKEN).status, 200);
}

/// One client (one network address) cannot use up the relay for everyone: past its
/// allowance it is asked to wait, whatever log it aims at.
#[test]
fn one_client_is_held_to_its_own_allowance() {
    let limits = Limits {
        requests_per_minute_per_client: 5,
        ..Limits::default()
    };
    let server = TestServer::start(limits);
    let client = server.client();
    for i in 0..5 {
        let log = format!("{i:032x}");
        assert_eq!(client.append(&log, TOKEN, b"x").status, 200);
    }
    let refused = client.append(OTHER_LOG, TOKEN, b"x");
    assert_eq!(refused.status, 429);
    assert_eq!(refused.error().code, "rate");
    assert!(refused.header("retry-after").is_some());
}

/// A client that sends its body a trickle at a time is cut off, so it cannot hold one of the
/// relay's places for ever.
#[test]
fn a_body_that_does_not_arrive_in_time_is_refused() {
    use std::io::{Read, Write};
    let limits = Limits {
        body_seconds: 1,
        ..Limits::default()
    };
    let server = TestServer::start(limits);
    let addr = server.base.trim_start_matches("http://").to_string();
    let mut tcp = std::net::TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let started = Instant::now();
    write!(
        tcp,
        "POST /v1/logs/{LOG} HTTP/1.1\r\nhost: relay\r\nauthorization: Bearer {TOKEN}\r\ncontent-length: 100\r\n\r\nab"
    )
    .unwrap();
    let mut answer = vec![0u8; 512];
    let n = tcp.read(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // Nothing was stored.
    assert_eq!(server.client().pull(LOG, TOKEN, "").status, 404);
}

/// A review's owner and what its device hands out, as the desktop app makes them.
struct Owner {
    key: ed25519_dalek::SigningKey,
    series: [u8; 32],
    log: LogOwner,
}

impl Owner {
    fn new(seed: u8) -> Owner {
        let key = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]);
        let owner_key = key.verifying_key().to_bytes();
        let series = northstar_schema::sync::series_of(&owner_key, "rev-1");
        Owner {
            key,
            series,
            log: LogOwner {
                owner_key,
                series,
                seed: [7; 32],
            },
        }
    }

    fn credential(&self, subject: [u8; 32]) -> String {
        use ed25519_dalek::Signer;
        let statement = MemberCredential::statement(&self.series, &subject);
        MemberCredential {
            subject,
            signature: self.key.sign(&statement).to_bytes(),
        }
        .to_token()
    }

    fn own(&self) -> String {
        self.credential(self.log.owner_key)
    }

    /// The log's id, the header that creates it, and a parent's credential for it.
    fn log_and_parent(&self) -> (String, String, String) {
        (
            self.log.log_id(),
            self.log.to_header(),
            self.credential([20; 32]),
        )
    }
}

/// Each device reaches a per-member log with its own credential, signed by the owner's
/// device; the key every member derives opens nothing; only the owner makes the log; and a
/// revoked device is refused everything, with a reason it can act on.
#[test]
fn a_per_member_log_takes_each_members_own_credential_until_it_is_revoked() {
    let server = TestServer::start(Limits::default());
    let client = server.client();
    let owner = Owner::new(1);
    let (log, header, parent) = owner.log_and_parent();
    let create = [(LOG_OWNER_HEADER, header.as_str())];
    let health = owner.credential([21; 32]);

    // Nobody but the owner's device, with the owner's credential, makes the log.
    assert_eq!(client.append(&log, &parent, b"early").status, 404);
    assert_eq!(
        client.append_with(&log, &parent, &create, b"early").status,
        403
    );
    assert_eq!(client.append(&log, &owner.own(), b"snapshot").status, 404);
    let squatter = Owner::new(2);
    let claim = squatter.log.to_header();
    let claimed = client.append_with(&log, &squatter.own(), &[(LOG_OWNER_HEADER, &claim)], b"x");
    assert_eq!(
        claimed.status, 403,
        "the log id is bound to the real owner's key"
    );
    client
        .append_with(&log, &owner.own(), &create, b"snapshot")
        .receipt();

    // Members, each with their own credential.
    client.append(&log, &parent, b"parent's view").receipt();
    client.append(&log, &health, b"health advice").receipt();
    assert_eq!(client.pull(&log, &parent, "").entries().len(), 3);

    // The token every member could derive, a forged credential, and a credential for another
    // review of the same owner open nothing.
    assert_eq!(client.append(&log, TOKEN, b"shared").status, 403);
    assert_eq!(client.pull(&log, TOKEN, "").status, 403);
    assert_eq!(
        client.pull(&log, &squatter.credential([20; 32]), "").status,
        403
    );
    let elsewhere = Owner {
        series: northstar_schema::sync::series_of(&owner.log.owner_key, "rev-2"),
        ..Owner::new(1)
    };
    assert_eq!(
        client
            .pull(&log, &elsewhere.credential([20; 32]), "")
            .status,
        403
    );
    let garbled = format!("{}0", &parent[..parent.len() - 1]);
    assert_eq!(client.pull(&log, &garbled, "").status, 403);

    // Only the owner revokes; the owner cannot revoke itself.
    let subject = hex::encode([20u8; 32]);
    assert_eq!(client.revoke(&log, &health, &subject).status, 403);
    assert_eq!(client.revoke(&log, TOKEN, &subject).status, 403);
    assert_eq!(
        client
            .revoke(&log, &owner.own(), &hex::encode(owner.log.owner_key))
            .status,
        400
    );
    assert_eq!(client.revoke(&log, &owner.own(), "not hex").status, 400);
    assert_eq!(client.revoke(&log, &owner.own(), &subject).status, 200);

    for reply in [
        client.pull(&log, &parent, ""),
        client.append(&log, &parent, b"after removal"),
    ] {
        assert_eq!(reply.status, 403);
        assert_eq!(reply.error().code, "revoked");
        assert!(reply.error().error.contains("removed from this review"));
    }
    // Everyone else carries on.
    client.append(&log, &health, b"more advice").receipt();
    let entries = client.pull(&log, &owner.own(), "").entries();
    assert_eq!(
        entries.len(),
        4,
        "nothing from the removed device after its removal"
    );
}

/// Only the review's owner deletes its log (a review erased at the owner's end); afterwards
/// the relay holds none of it, and no byte of it is left in the relay's database file.
#[test]
fn only_the_owner_deletes_a_log_and_nothing_of_it_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.db");
    let store = northstar_relay::SqliteLogStore::open(&path).unwrap();
    let server = TestServer::start_with(northstar_relay::Relay::new(store, Limits::default()));
    let client = server.client();
    let owner = Owner::new(1);
    let (log, header, parent) = owner.log_and_parent();
    let create = [(LOG_OWNER_HEADER, header.as_str())];
    let marker = b"Zephyrine Quillfeather-Oduya".repeat(40);
    client
        .append_with(&log, &owner.own(), &create, &marker)
        .receipt();
    client.append(&log, &parent, &marker).receipt();

    assert_eq!(client.delete(&log, &parent).status, 403, "a member cannot");
    assert_eq!(client.delete(&log, TOKEN).status, 403);
    assert_eq!(client.pull(&log, &parent, "").entries().len(), 2);
    assert_eq!(client.delete(&log, &owner.own()).status, 200);
    assert_eq!(client.pull(&log, &owner.own(), "").status, 404);
    assert_eq!(client.pull(&log, &parent, "").status, 404);
    drop(server);

    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    drop(conn);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(20).any(|w| w == &marker[..20]),
            "the deleted log's bytes are still in the relay's files"
        );
    }
}
