//! The [`LogStore`] contract, checked against every store the relay ships: SQLite (in memory
//! and on disk) and PostgreSQL (a throwaway server, a fresh database per test). A new backend
//! should pass these unchanged: add it to `for_each_store!`.
//!
//! The PostgreSQL store is also checked as several relay processes use it: two stores, each
//! with its own connections, over one database.

mod common;

use common::postgres::Cluster;
use northstar_relay::{
    Access, Change, LogKind, LogStore, PostgresLogStore, RelayError, SqliteLogStore, StoreStats,
};
use std::sync::Arc;

const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const C: &str = "cccccccccccccccccccccccccccccccc";
const KEY: [u8; 32] = [1; 32];
const OTHER_KEY: [u8; 32] = [2; 32];
const ROOMY: u64 = 1 << 40;

/// Each SQLite store under test, with whatever must stay alive for it (the temp dir).
fn sqlite_stores() -> Vec<(&'static str, SqliteLogStore, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let file = SqliteLogStore::open(dir.path().join("relay.db")).unwrap();
    vec![
        ("in memory", SqliteLogStore::open_in_memory().unwrap(), None),
        ("on disk", file, Some(dir)),
    ]
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A PostgreSQL store over a database of its own on the shared test server. Connects inside
/// the runtime that will use it, which runs its connections.
fn postgres_store(runtime: &tokio::runtime::Runtime) -> PostgresLogStore {
    let url = Cluster::shared().fresh_database();
    runtime
        .block_on(PostgresLogStore::connect(&url))
        .unwrap_or_else(|e| panic!("cannot connect to the test database: {e:?}"))
}

/// Runs the check `|store| async move { … }` against every store: the body is written once
/// and compiled for each store type.
macro_rules! for_each_store {
    (|$store:ident| $check:expr) => {{
        let runtime = runtime();
        for (name, $store, _dir) in sqlite_stores() {
            eprintln!("store: SQLite {name}");
            runtime.block_on($check);
        }
        eprintln!("store: PostgreSQL");
        let $store = postgres_store(&runtime);
        runtime.block_on($check);
    }};
}

async fn seqs<S: LogStore>(store: &S, log: &str) -> Vec<u64> {
    store
        .read_after(log, 0, 10_000)
        .await
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect()
}

#[test]
fn first_registration_creates_and_later_ones_check() {
    for_each_store!(|store| async move {
        assert_eq!(
            store.register_or_check(A, KEY, None).await.unwrap(),
            Access::Created
        );
        assert_eq!(
            store.register_or_check(A, KEY, None).await.unwrap(),
            Access::Existing
        );
        assert!(matches!(
            store.register_or_check(A, OTHER_KEY, None).await,
            Err(RelayError::Forbidden)
        ));
        store.check(A, KEY).await.unwrap();
        assert!(matches!(
            store.check(A, OTHER_KEY).await,
            Err(RelayError::Forbidden)
        ));
        assert!(matches!(
            store.check(B, KEY).await,
            Err(RelayError::UnknownLog)
        ));
        // Reading a log does not create it.
        assert!(matches!(
            store.check(B, KEY).await,
            Err(RelayError::UnknownLog)
        ));
        assert_eq!(store.stats().await.unwrap().logs, 1);
    });
}

#[test]
fn appending_to_an_unregistered_log_is_refused() {
    for_each_store!(|store| async move {
        assert!(matches!(
            store.append(A, b"x".to_vec(), None, ROOMY).await,
            Err(RelayError::UnknownLog)
        ));
        assert_eq!(store.head(A).await.unwrap(), 0);
        assert_eq!(store.stats().await.unwrap(), StoreStats::default());
    });
}

#[test]
fn seqs_are_contiguous_from_one_per_log() {
    for_each_store!(|store| async move {
        store.register_or_check(A, KEY, None).await.unwrap();
        store.register_or_check(B, KEY, None).await.unwrap();
        for i in 1..=20u64 {
            let seq = store
                .append(A, format!("a{i}").into_bytes(), None, ROOMY)
                .await
                .unwrap();
            assert_eq!(seq, i);
            if i % 4 == 0 {
                assert_eq!(
                    store.append(B, vec![b'b'], None, ROOMY).await.unwrap(),
                    i / 4
                );
            }
        }
        assert_eq!(seqs(&store, A).await, (1..=20).collect::<Vec<_>>());
        assert_eq!(seqs(&store, B).await, (1..=5).collect::<Vec<_>>());
        assert_eq!(store.head(A).await.unwrap(), 20);
        let entries = store.read_after(A, 0, 100).await.unwrap();
        assert_eq!(entries[6].bytes, b"a7");
        let expected_bytes: u64 = (1..=20).map(|i| format!("a{i}").len() as u64).sum();
        assert_eq!(store.usage(A).await.unwrap(), expected_bytes);
        assert_eq!(
            store.stats().await.unwrap(),
            StoreStats {
                logs: 2,
                entries: 25,
                bytes: expected_bytes + 5
            }
        );
    });
}

/// Eight writers append 25 envelopes each to one log, through `stores` in turn (one store, or
/// several over one database, as several relay processes would be): every seq from 1 to 200
/// is handed out once, and each envelope is stored at the seq it was given.
async fn concurrent_appends<S: LogStore>(stores: Vec<Arc<S>>) {
    stores[0].register_or_check(A, KEY, None).await.unwrap();
    let mut tasks = Vec::new();
    for writer in 0..8 {
        let store = Arc::clone(&stores[writer % stores.len()]);
        tasks.push(tokio::spawn(async move {
            let mut got = Vec::new();
            for i in 0..25 {
                let body = format!("{writer}-{i}").into_bytes();
                got.push((
                    store.append(A, body.clone(), None, ROOMY).await.unwrap(),
                    body,
                ));
            }
            got
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        let got = task.await.unwrap();
        assert!(
            got.windows(2).all(|w| w[0].0 < w[1].0),
            "one writer's seqs rise"
        );
        all.extend(got);
    }
    all.sort_unstable();
    let given: Vec<u64> = all.iter().map(|(seq, _)| *seq).collect();
    assert_eq!(given, (1..=200).collect::<Vec<_>>());
    for store in &stores {
        let stored = store.read_after(A, 0, 1000).await.unwrap();
        let stored: Vec<(u64, Vec<u8>)> = stored.into_iter().map(|e| (e.seq, e.bytes)).collect();
        assert_eq!(stored, all, "each envelope at the seq it was given");
        assert_eq!(store.head(A).await.unwrap(), 200);
    }
}

#[test]
fn concurrent_appends_get_distinct_contiguous_seqs() {
    let runtime = runtime();
    for (name, store, _dir) in sqlite_stores() {
        eprintln!("store: SQLite {name}");
        runtime.block_on(concurrent_appends(vec![Arc::new(store)]));
    }
    eprintln!("store: PostgreSQL");
    let store = postgres_store(&runtime);
    runtime.block_on(concurrent_appends(vec![Arc::new(store)]));
}

#[test]
fn read_after_respects_its_bounds() {
    for_each_store!(|store| async move {
        store.register_or_check(A, KEY, None).await.unwrap();
        for i in 0..10u8 {
            store.append(A, vec![i], None, ROOMY).await.unwrap();
        }
        let page = store.read_after(A, 5, 3).await.unwrap();
        assert_eq!(
            page.iter().map(|e| e.seq).collect::<Vec<_>>(),
            vec![6, 7, 8]
        );
        assert_eq!(page[0].bytes, vec![5]);
        assert_eq!(store.read_after(A, 8, 100).await.unwrap().len(), 2);
        assert!(store.read_after(A, 10, 100).await.unwrap().is_empty());
        assert!(store.read_after(A, u64::MAX, 100).await.unwrap().is_empty());
        assert!(store.read_after(A, 0, 0).await.unwrap().is_empty());
        assert_eq!(store.read_after(A, 0, usize::MAX).await.unwrap().len(), 10);
        assert!(
            store.read_after(C, 0, 100).await.unwrap().is_empty(),
            "unknown log"
        );
        assert_eq!(store.head(C).await.unwrap(), 0);
        assert_eq!(store.usage(C).await.unwrap(), 0);
    });
}

#[test]
fn the_quota_is_enforced_and_a_refusal_stores_nothing() {
    for_each_store!(|store| async move {
        store.register_or_check(A, KEY, None).await.unwrap();
        assert_eq!(store.append(A, vec![1; 6], None, 10).await.unwrap(), 1);
        assert!(matches!(
            store.append(A, vec![2; 5], None, 10).await,
            Err(RelayError::Quota { quota: 10 })
        ));
        // A refused snapshot records no snapshot either.
        assert!(matches!(
            store.append(A, vec![3; 5], Some(1), 10).await,
            Err(RelayError::Quota { .. })
        ));
        assert_eq!(store.usage(A).await.unwrap(), 6);
        assert_eq!(store.head(A).await.unwrap(), 1);
        assert_eq!(store.snapshot_start(A).await.unwrap(), None);
        assert_eq!(seqs(&store, A).await, vec![1]);
        // Exactly at the quota is allowed, and the seq follows on with no gap.
        assert_eq!(store.append(A, vec![4; 4], None, 10).await.unwrap(), 2);
        assert_eq!(store.usage(A).await.unwrap(), 10);
        assert!(store.append(A, vec![5], None, 10).await.is_err());
        assert_eq!(store.stats().await.unwrap().bytes, 10);
    });
}

#[test]
fn snapshots_are_recorded_with_what_they_cover() {
    for_each_store!(|store| async move {
        store.register_or_check(A, KEY, None).await.unwrap();
        assert_eq!(store.snapshot_start(A).await.unwrap(), None);
        for _ in 0..3 {
            store
                .append(A, b"change".to_vec(), None, ROOMY)
                .await
                .unwrap();
        }
        assert_eq!(
            store
                .append(A, b"snap 1".to_vec(), Some(3), ROOMY)
                .await
                .unwrap(),
            4
        );
        assert_eq!(store.snapshot_start(A).await.unwrap(), Some((4, 3)));
        // An ordinary append leaves the snapshot alone.
        store
            .append(A, b"change".to_vec(), None, ROOMY)
            .await
            .unwrap();
        assert_eq!(store.snapshot_start(A).await.unwrap(), Some((4, 3)));
        // A snapshot of entries that do not exist yet is refused and changes nothing.
        assert!(matches!(
            store.append(A, b"bad".to_vec(), Some(6), ROOMY).await,
            Err(RelayError::BadRequest(_))
        ));
        assert_eq!(store.head(A).await.unwrap(), 5);
        assert_eq!(store.snapshot_start(A).await.unwrap(), Some((4, 3)));
        // The newest snapshot replaces the older one; covering the whole log is fine.
        assert_eq!(
            store
                .append(A, b"snap 2".to_vec(), Some(5), ROOMY)
                .await
                .unwrap(),
            6
        );
        assert_eq!(store.snapshot_start(A).await.unwrap(), Some((6, 5)));
        // A snapshot of nothing is allowed (a brand-new review's first state).
        store.register_or_check(B, KEY, None).await.unwrap();
        assert_eq!(
            store
                .append(B, b"empty".to_vec(), Some(0), ROOMY)
                .await
                .unwrap(),
            1
        );
        assert_eq!(store.snapshot_start(B).await.unwrap(), Some((1, 0)));
        assert_eq!(store.snapshot_start(C).await.unwrap(), None);
    });
}

#[test]
fn max_logs_refuses_new_logs_only() {
    for_each_store!(|store| async move {
        assert_eq!(
            store.register_or_check(A, KEY, Some(2)).await.unwrap(),
            Access::Created
        );
        assert_eq!(
            store.register_or_check(B, KEY, Some(2)).await.unwrap(),
            Access::Created
        );
        assert!(matches!(
            store.register_or_check(C, KEY, Some(2)).await,
            Err(RelayError::RelayFull)
        ));
        assert_eq!(
            store.register_or_check(A, KEY, Some(2)).await.unwrap(),
            Access::Existing
        );
        assert!(matches!(
            store.check(C, KEY).await,
            Err(RelayError::UnknownLog)
        ));
        assert_eq!(store.stats().await.unwrap().logs, 2);
    });
}

#[test]
fn a_file_store_keeps_everything_across_reopening() {
    let runtime = runtime();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.db");
    runtime.block_on(async {
        let store = SqliteLogStore::open(&path).unwrap();
        store.register_or_check(A, KEY, None).await.unwrap();
        store.append(A, b"one".to_vec(), None, ROOMY).await.unwrap();
        store
            .append(A, b"two".to_vec(), Some(1), ROOMY)
            .await
            .unwrap();
    });
    runtime.block_on(async {
        let store = SqliteLogStore::open(&path).unwrap();
        assert!(matches!(
            store.check(A, OTHER_KEY).await,
            Err(RelayError::Forbidden)
        ));
        store.check(A, KEY).await.unwrap();
        let entries = store.read_after(A, 0, 10).await.unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].bytes, b"two");
        assert_eq!(store.snapshot_start(A).await.unwrap(), Some((2, 1)));
        assert_eq!(store.usage(A).await.unwrap(), 6);
        assert_eq!(
            store
                .append(A, b"three".to_vec(), None, ROOMY)
                .await
                .unwrap(),
            3
        );
    });
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    <sha2::Sha256 as sha2::Digest>::digest(bytes).into()
}

#[test]
fn each_entry_s_digest_is_answered_and_a_missing_one_is_none() {
    for_each_store!(|store| async move {
        store.register_or_check(A, KEY, None).await.unwrap();
        assert_eq!(store.digest_at(A, 1).await.unwrap(), None);
        store.append(A, b"one".to_vec(), None, ROOMY).await.unwrap();
        store.append(A, b"two".to_vec(), None, ROOMY).await.unwrap();
        assert_eq!(store.digest_at(A, 1).await.unwrap(), Some(sha256(b"one")));
        assert_eq!(store.digest_at(A, 2).await.unwrap(), Some(sha256(b"two")));
        assert_eq!(store.digest_at(A, 3).await.unwrap(), None);
        assert_eq!(store.digest_at(B, 1).await.unwrap(), None);
    });
}

#[test]
fn a_pull_view_answers_what_the_single_reads_do() {
    for_each_store!(|store| async move {
        // An unknown log: nothing, at head 0.
        let none = store.pull_view(B, 0, 10, 0).await.unwrap();
        assert_eq!((none.entries.len(), none.head, none.usage), (0, 0, 0));
        assert_eq!(none.before, None);
        store.register_or_check(A, KEY, None).await.unwrap();
        for bytes in [&b"one"[..], b"two", b"three"] {
            store.append(A, bytes.to_vec(), None, ROOMY).await.unwrap();
        }
        let view = store.pull_view(A, 1, 1, 1).await.unwrap();
        assert_eq!(view.entries.len(), 1, "the limit holds");
        assert_eq!(
            (view.entries[0].seq, view.entries[0].bytes.as_slice()),
            (2, &b"two"[..])
        );
        assert_eq!(view.head, 3);
        assert_eq!(view.usage, store.usage(A).await.unwrap());
        assert_eq!(view.before, Some(Some(sha256(b"one"))));
        // A digest asked of an entry that is not there, and none asked at all.
        assert_eq!(
            store.pull_view(A, 0, 10, 9).await.unwrap().before,
            Some(None)
        );
        let all = store.pull_view(A, 0, 10, 0).await.unwrap();
        assert_eq!(all.before, None);
        assert_eq!(
            all.entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    });
}

#[test]
fn the_first_owner_token_offered_is_the_owner_s() {
    for_each_store!(|store| async move {
        assert!(!store.is_owner(A, KEY).await.unwrap(), "no such log");
        store.register_or_check(A, KEY, None).await.unwrap();
        assert!(
            store.is_owner(A, OTHER_KEY).await.unwrap(),
            "the first is kept"
        );
        assert!(store.is_owner(A, OTHER_KEY).await.unwrap());
        assert!(
            !store.is_owner(A, KEY).await.unwrap(),
            "any other is not the owner's"
        );
    });
}

#[test]
fn a_per_member_log_keeps_its_owner_and_its_revocations() {
    const SERIES: [u8; 32] = [9; 32];
    for_each_store!(|store| async move {
        assert_eq!(store.log_kind(A).await.unwrap(), LogKind::Unknown);
        assert_eq!(
            store.create_per_member(A, KEY, SERIES, None).await.unwrap(),
            Access::Created
        );
        assert_eq!(
            store.create_per_member(A, KEY, SERIES, None).await.unwrap(),
            Access::Existing,
            "the owner again"
        );
        let kind = LogKind::PerMember {
            owner_key: KEY,
            series: SERIES,
        };
        assert_eq!(store.log_kind(A).await.unwrap(), kind);
        assert!(matches!(
            store.create_per_member(A, OTHER_KEY, SERIES, None).await,
            Err(RelayError::Forbidden)
        ));
        assert_eq!(
            store.log_kind(A).await.unwrap(),
            kind,
            "the first owner stays"
        );
        // No shared token opens it, not even one whose hash is the stored placeholder.
        for hash in [[0; 32], KEY, OTHER_KEY] {
            assert!(matches!(
                store.register_or_check(A, hash, None).await,
                Err(RelayError::Forbidden)
            ));
            assert!(matches!(
                store.check(A, hash).await,
                Err(RelayError::Forbidden)
            ));
        }
        // A shared-token log cannot be turned into a per-member one.
        store.register_or_check(B, KEY, None).await.unwrap();
        assert_eq!(store.log_kind(B).await.unwrap(), LogKind::SharedToken);
        assert!(matches!(
            store.create_per_member(B, KEY, SERIES, None).await,
            Err(RelayError::Forbidden)
        ));
        assert!(matches!(
            store.create_per_member(C, KEY, SERIES, Some(2)).await,
            Err(RelayError::RelayFull)
        ));
        assert_eq!(store.log_kind(C).await.unwrap(), LogKind::Unknown);

        assert!(!store.is_revoked(A, OTHER_KEY).await.unwrap());
        store.revoke(A, OTHER_KEY).await.unwrap();
        store.revoke(A, OTHER_KEY).await.unwrap();
        assert!(store.is_revoked(A, OTHER_KEY).await.unwrap());
        assert!(!store.is_revoked(A, KEY).await.unwrap(), "only that one");
        assert!(
            !store.is_revoked(B, OTHER_KEY).await.unwrap(),
            "only that review"
        );
        assert!(matches!(
            store.revoke(C, OTHER_KEY).await,
            Err(RelayError::UnknownLog)
        ));
        assert!(matches!(
            store.revoke(B, OTHER_KEY).await,
            Err(RelayError::Forbidden)
        ));
        // The review's next log (a new key) keeps it out too; another review does not.
        store.create_per_member(C, KEY, SERIES, None).await.unwrap();
        assert!(store.is_revoked(C, OTHER_KEY).await.unwrap());
        const D: &str = "dddddddddddddddddddddddddddddddd";
        store
            .create_per_member(D, KEY, [8; 32], None)
            .await
            .unwrap();
        assert!(!store.is_revoked(D, OTHER_KEY).await.unwrap());
        // Appends work as for any log.
        assert_eq!(
            store.append(A, b"x".to_vec(), None, ROOMY).await.unwrap(),
            1
        );
    });
}

#[test]
fn a_deleted_log_leaves_nothing_and_its_id_can_be_used_again() {
    for_each_store!(|store| async move {
        store
            .create_per_member(A, KEY, [9; 32], None)
            .await
            .unwrap();
        store.revoke(A, OTHER_KEY).await.unwrap();
        store.append(A, b"one".to_vec(), None, ROOMY).await.unwrap();
        store
            .append(A, b"two".to_vec(), Some(1), ROOMY)
            .await
            .unwrap();
        store.register_or_check(B, KEY, None).await.unwrap();
        store
            .append(B, b"other".to_vec(), None, ROOMY)
            .await
            .unwrap();
        // The same review's earlier key generation: a log of the same series.
        let earlier = "e".repeat(32);
        store
            .create_per_member(&earlier, KEY, [9; 32], None)
            .await
            .unwrap();
        store
            .append(&earlier, b"older".to_vec(), None, ROOMY)
            .await
            .unwrap();
        // Another review of the same owner: another series, untouched.
        let other_review = "f".repeat(32);
        store
            .create_per_member(&other_review, KEY, [8; 32], None)
            .await
            .unwrap();
        store
            .append(&other_review, b"kept".to_vec(), None, ROOMY)
            .await
            .unwrap();
        let before = store.stats().await.unwrap();

        assert!(store.delete_log(A).await.unwrap());
        assert_eq!(store.log_kind(&earlier).await.unwrap(), LogKind::Unknown);
        assert!(seqs(&store, &earlier).await.is_empty());
        assert_eq!(
            seqs(&store, &other_review).await,
            [1],
            "another review's log stays"
        );
        assert!(!store.delete_log(A).await.unwrap(), "gone already");
        assert_eq!(store.log_kind(A).await.unwrap(), LogKind::Unknown);
        assert!(seqs(&store, A).await.is_empty());
        assert_eq!(store.head(A).await.unwrap(), 0);
        assert_eq!(store.snapshot_start(A).await.unwrap(), None);
        let after = store.stats().await.unwrap();
        assert_eq!(
            (after.logs, after.entries),
            (before.logs - 2, before.entries - 3)
        );
        assert_eq!(seqs(&store, B).await, [1], "other logs untouched");

        // The id starts afresh, and the review's revocations still hold there.
        store
            .create_per_member(A, KEY, [9; 32], None)
            .await
            .unwrap();
        assert_eq!(
            store.append(A, b"new".to_vec(), None, ROOMY).await.unwrap(),
            1
        );
        assert!(store.is_revoked(A, OTHER_KEY).await.unwrap());
    });
}

/// A relay upgraded in place keeps its logs, and answers digests for entries stored before
/// it kept them.
#[test]
fn a_version_1_file_is_upgraded_and_its_old_entries_answer_digests() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE logs (log_id TEXT PRIMARY KEY NOT NULL, token_hash BLOB NOT NULL,
                 created_at TEXT NOT NULL DEFAULT '', head INTEGER NOT NULL DEFAULT 0,
                 bytes_used INTEGER NOT NULL DEFAULT 0, snapshot_seq INTEGER,
                 snapshot_covers INTEGER) STRICT;
             CREATE TABLE entries (log_id TEXT NOT NULL REFERENCES logs(log_id),
                 seq INTEGER NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY (log_id, seq))
                 STRICT, WITHOUT ROWID;
             PRAGMA user_version = 1;",
        )
        .unwrap();
        conn.execute(
            "INSERT INTO logs (log_id, token_hash, head, bytes_used) VALUES (?1, ?2, 1, 3)",
            rusqlite::params![A, &KEY[..]],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO entries (log_id, seq, bytes) VALUES (?1, 1, X'6F6E65')",
            [A],
        )
        .unwrap();
    }
    runtime().block_on(async {
        let store = SqliteLogStore::open(&path).unwrap();
        assert_eq!(store.digest_at(A, 1).await.unwrap(), Some(sha256(b"one")));
        assert_eq!(
            store.append(A, b"two".to_vec(), None, ROOMY).await.unwrap(),
            2
        );
        assert_eq!(store.digest_at(A, 2).await.unwrap(), Some(sha256(b"two")));
    });
}

#[test]
fn opening_something_that_is_not_a_database_fails_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "this is not a database, just some words, long enough to matter",
    )
    .unwrap();
    let err = SqliteLogStore::open(&path).unwrap_err();
    assert_eq!(err.code(), "internal");
    assert!(matches!(&err, RelayError::Internal { detail } if detail.contains("notes.txt")));
    assert!(SqliteLogStore::open(dir.path().join("missing/dir/relay.db")).is_err());
}

/// Two PostgreSQL stores over one database, as two relay processes have: each its own pool
/// and its own listening connection.
fn two_instances(runtime: &tokio::runtime::Runtime) -> (PostgresLogStore, PostgresLogStore) {
    let url = Cluster::shared().fresh_database();
    let connect = || {
        runtime
            .block_on(PostgresLogStore::connect(&url))
            .unwrap_or_else(|e| panic!("cannot connect to the test database: {e:?}"))
    };
    (connect(), connect())
}

#[test]
fn two_postgres_instances_share_one_gap_free_log() {
    let runtime = runtime();
    let (one, two) = two_instances(&runtime);
    runtime.block_on(concurrent_appends(vec![Arc::new(one), Arc::new(two)]));
}

#[test]
fn racing_creators_on_two_postgres_instances_one_wins() {
    let runtime = runtime();
    let (one, two) = two_instances(&runtime);
    runtime.block_on(async {
        for i in 0..20u8 {
            let log = format!("{i:032x}");
            let (first, second) = tokio::join!(
                one.register_or_check(&log, KEY, None),
                two.register_or_check(&log, OTHER_KEY, None)
            );
            let created = [&first, &second]
                .iter()
                .filter(|r| matches!(r, Ok(Access::Created)))
                .count();
            let refused = [&first, &second]
                .iter()
                .filter(|r| matches!(r, Err(RelayError::Forbidden)))
                .count();
            assert_eq!((created, refused), (1, 1), "{first:?} {second:?}");
            // Whoever won, both instances now agree on the owner.
            let owner = if first.is_ok() { KEY } else { OTHER_KEY };
            one.check(&log, owner).await.unwrap();
            two.check(&log, owner).await.unwrap();

            let member_log = format!("{:032x}", 1000 + u32::from(i));
            let (first, second) = tokio::join!(
                one.create_per_member(&member_log, KEY, [9; 32], None),
                two.create_per_member(&member_log, OTHER_KEY, [9; 32], None)
            );
            assert_eq!(
                u8::from(first.is_ok()) + u8::from(second.is_ok()),
                1,
                "{first:?} {second:?}"
            );

            // The first owner token offered is kept, whichever instance hears it first.
            let (first, second) =
                tokio::join!(one.is_owner(&log, [3; 32]), two.is_owner(&log, [4; 32]));
            assert_ne!(
                first.unwrap(),
                second.unwrap(),
                "exactly one is the owner's"
            );
        }
    });
}

#[test]
fn max_logs_holds_across_postgres_instances() {
    let runtime = runtime();
    let (one, two) = two_instances(&runtime);
    let (one, two) = (Arc::new(one), Arc::new(two));
    runtime.block_on(async {
        let mut tasks = Vec::new();
        for i in 0..12u8 {
            let store = if i % 2 == 0 {
                Arc::clone(&one)
            } else {
                Arc::clone(&two)
            };
            tasks.push(tokio::spawn(async move {
                let log = format!("{i:032x}");
                if i % 3 == 0 {
                    store.create_per_member(&log, KEY, [i; 32], Some(4)).await
                } else {
                    store.register_or_check(&log, KEY, Some(4)).await
                }
            }));
        }
        let mut created = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(Access::Created) => created += 1,
                Err(RelayError::RelayFull) => {}
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(created, 4);
        assert_eq!(one.stats().await.unwrap().logs, 4);
    });
}

#[test]
fn a_drop_is_taken_once_across_postgres_instances() {
    let runtime = runtime();
    let (one, two) = two_instances(&runtime);
    let (one, two) = (Arc::new(one), Arc::new(two));
    let now = 1_000_000;
    runtime.block_on(async {
        for i in 0..20u8 {
            let id = format!("{i:032x}");
            one.put_drop(&id, KEY, vec![i], now + 60, now, 100)
                .await
                .unwrap();
            let (first, second) =
                tokio::join!(one.take_drop(&id, KEY, now), two.take_drop(&id, KEY, now));
            let taken: Vec<_> = [&first, &second]
                .into_iter()
                .filter_map(|r| r.as_ref().ok())
                .collect();
            assert_eq!(taken, [&vec![i]], "{first:?} {second:?}");
            assert!(
                matches!(first, Err(RelayError::Gone)) || matches!(second, Err(RelayError::Gone))
            );
        }
        // The cap on live drops holds across instances too.
        let mut tasks = Vec::new();
        for i in 0..10u8 {
            let store = if i % 2 == 0 {
                Arc::clone(&one)
            } else {
                Arc::clone(&two)
            };
            tasks.push(tokio::spawn(async move {
                let id = format!("{:032x}", 500 + u32::from(i));
                store.put_drop(&id, KEY, vec![i], now + 60, now, 3).await
            }));
        }
        let mut left = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(()) => left += 1,
                Err(RelayError::RelayFull) => {}
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(left, 3);
    });
}

#[test]
fn an_append_through_one_postgres_instance_is_news_to_the_other() {
    let runtime = runtime();
    let (one, two) = two_instances(&runtime);
    assert!(
        SqliteLogStore::open_in_memory()
            .unwrap()
            .changes()
            .is_none(),
        "SQLite has no other instances to hear from"
    );
    runtime.block_on(async {
        let mut news = one.changes().expect("a shared store tells of changes");
        two.create_per_member(A, KEY, [9; 32], None).await.unwrap();
        two.append(A, b"hello".to_vec(), None, ROOMY).await.unwrap();
        let heard = tokio::time::timeout(std::time::Duration::from_secs(5), news.recv())
            .await
            .expect("the news arrived within five seconds")
            .unwrap();
        assert_eq!(heard, Change::Log(A.to_owned()));
        // A refused append is no news.
        assert!(two.append(A, b"big".to_vec(), None, 1).await.is_err());
        two.delete_log(A).await.unwrap();
        let heard = tokio::time::timeout(std::time::Duration::from_secs(5), news.recv())
            .await
            .expect("the deletion's news arrived")
            .unwrap();
        assert_eq!(heard, Change::Log(A.to_owned()), "only the deletion's");
    });
}

#[test]
fn postgres_instances_starting_together_set_the_schema_up_once() {
    let runtime = runtime();
    let url = Cluster::shared().fresh_database();
    runtime.block_on(async {
        let (a, b, c, d) = tokio::join!(
            PostgresLogStore::connect(&url),
            PostgresLogStore::connect(&url),
            PostgresLogStore::connect(&url),
            PostgresLogStore::connect(&url)
        );
        for store in [a, b, c, d] {
            let store = store.unwrap();
            let _ = store.register_or_check(A, KEY, None).await.unwrap();
            store.append(A, b"x".to_vec(), None, ROOMY).await.unwrap();
        }
        let store = PostgresLogStore::connect(&url).await.unwrap();
        assert_eq!(seqs(&store, A).await, [1, 2, 3, 4]);
        store.ping().await.unwrap();
    });
}

#[test]
fn a_postgres_database_from_a_newer_relay_is_refused() {
    let runtime = runtime();
    let cluster = Cluster::shared();
    let url = cluster.fresh_database();
    let database = url.rsplit('/').next().unwrap().to_owned();
    runtime.block_on(async {
        PostgresLogStore::connect(&url).await.unwrap();
        // Connecting again to a database already set up changes nothing.
        PostgresLogStore::connect(&url).await.unwrap();
    });
    assert_eq!(
        cluster.psql(&database, "SELECT version FROM relay_schema"),
        "1"
    );
    cluster.psql(&database, "UPDATE relay_schema SET version = 99");
    let refused = runtime
        .block_on(PostgresLogStore::connect(&url))
        .unwrap_err();
    assert!(
        matches!(&refused, RelayError::Internal { detail } if detail.contains("newer relay")),
        "{refused:?}"
    );
}

#[test]
fn a_bad_postgres_url_or_an_absent_server_is_one_plain_sentence() {
    let runtime = runtime();
    let refused = |url: &str| {
        let error = runtime
            .block_on(PostgresLogStore::connect(url))
            .unwrap_err();
        match error {
            RelayError::Internal { detail } | RelayError::StorageUnavailable { detail } => detail,
            other => panic!("{url}: {other:?}"),
        }
    };
    let detail = refused("this is not a url");
    assert!(detail.contains("database URL"), "{detail}");
    // Nothing listens on port 1; the password must not be repeated.
    let detail = refused("postgres://northstar:s3cret@127.0.0.1:1/relay");
    assert!(
        detail.starts_with("cannot reach the PostgreSQL server at 127.0.0.1:1"),
        "{detail}"
    );
    assert!(!detail.contains("s3cret"), "{detail}");
    let cluster = Cluster::shared();
    let detail = refused(&cluster.url("no_such_database"));
    assert!(detail.contains("does not exist"), "{detail}");
    assert!(!detail.contains('\n'), "one line: {detail}");
}

/// An append whose connection is cut before its answer arrives: the store finds out from the
/// database whether it was stored, and answers as if nothing had happened when it was, and
/// with a 503 (nothing stored) when it was not.
#[test]
fn an_append_cut_off_before_its_answer_is_settled_by_asking_the_database() {
    let runtime = runtime();
    let cluster = Cluster::shared();
    let url = cluster.fresh_database();
    let database = url.rsplit('/').next().unwrap().to_owned();
    let store = runtime.block_on(PostgresLogStore::connect(&url)).unwrap();
    runtime.block_on(async {
        store.register_or_check(A, KEY, None).await.unwrap();
        store.append(A, b"one".to_vec(), None, ROOMY).await.unwrap();
    });
    // The append waiting for the log's row lock; its own SQL names relay_entries, the lock
    // holder's does not.
    let waiting = "FROM pg_stat_activity WHERE wait_event_type = 'Lock' \
                   AND query LIKE '%relay_entries%' AND pid <> pg_backend_pid()";

    // `stores` says whether the session holding the lock stores the same envelope, as if the
    // cut-off append had committed after all.
    for (stores, body, expected) in [(false, "two", None), (true, "three", Some(2u64))] {
        let then = if stores {
            format!(
                "INSERT INTO relay_entries VALUES ('{A}', 2, '{body}'::bytea, \
                 sha256('{body}'::bytea)); \
                 UPDATE relay_logs SET head = 2, bytes_used = bytes_used + 5 \
                 WHERE log_id = '{A}';"
            )
        } else {
            String::new()
        };
        let mut holder = cluster.psql_in_background(
            &database,
            &format!(
                "BEGIN; SELECT 1 FROM relay_logs WHERE log_id = '{A}' FOR UPDATE; \
                 SELECT pg_sleep(3); {then} COMMIT;"
            ),
        );
        // The holder has the lock once it sleeps.
        assert!(common::postgres::eventually(
            std::time::Duration::from_secs(5),
            || cluster.psql(
                &database,
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(3)%' \
                 AND state = 'active' AND pid <> pg_backend_pid()"
            ) == "1"
        ));
        let append = {
            let store = store.clone();
            runtime
                .spawn(async move { store.append(A, body.as_bytes().to_vec(), None, ROOMY).await })
        };
        assert!(
            common::postgres::eventually(std::time::Duration::from_secs(5), || cluster
                .psql(&database, &format!("SELECT count(*) {waiting}"))
                == "1"),
            "the append waits for the lock"
        );
        cluster.psql(
            &database,
            &format!("SELECT pg_terminate_backend(pid) {waiting}"),
        );
        let answer = runtime.block_on(append).unwrap();
        assert!(holder.wait().unwrap().success());
        match expected {
            Some(seq) => assert_eq!(answer.unwrap(), seq, "found where it was stored"),
            None => assert!(
                matches!(answer, Err(RelayError::StorageUnavailable { .. })),
                "{answer:?}"
            ),
        }
    }
    runtime.block_on(async {
        let stored = store.read_after(A, 0, 10).await.unwrap();
        let stored: Vec<(u64, &[u8])> = stored.iter().map(|e| (e.seq, &e.bytes[..])).collect();
        assert_eq!(stored, [(1, &b"one"[..]), (2, &b"three"[..])]);
        assert_eq!(
            store
                .append(A, b"four".to_vec(), None, ROOMY)
                .await
                .unwrap(),
            3
        );
    });
}
