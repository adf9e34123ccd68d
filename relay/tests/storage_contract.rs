//! The [`LogStore`] contract, checked against every store the relay ships (today SQLite, in
//! memory and on disk). A new backend should pass these unchanged: add it to `stores()`.

use northstar_relay::{Access, LogKind, LogStore, RelayError, SqliteLogStore, StoreStats};
use std::sync::Arc;

const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const C: &str = "cccccccccccccccccccccccccccccccc";
const KEY: [u8; 32] = [1; 32];
const OTHER_KEY: [u8; 32] = [2; 32];
const ROOMY: u64 = 1 << 40;

/// Each store under test, with whatever must stay alive for it (the temp dir).
fn stores() -> Vec<(&'static str, SqliteLogStore, Option<tempfile::TempDir>)> {
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

/// Runs `check` against every store.
fn for_each_store<F, Fut>(check: F)
where
    F: Fn(SqliteLogStore) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let runtime = runtime();
    for (name, store, _dir) in stores() {
        eprintln!("store: {name}");
        runtime.block_on(check(store));
    }
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
    for_each_store(|store| async move {
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
    for_each_store(|store| async move {
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
    for_each_store(|store| async move {
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

#[test]
fn concurrent_appends_get_distinct_contiguous_seqs() {
    let runtime = runtime();
    for (name, store, _dir) in stores() {
        eprintln!("store: {name}");
        let store = Arc::new(store);
        runtime.block_on(async {
            store.register_or_check(A, KEY, None).await.unwrap();
            let mut tasks = Vec::new();
            for writer in 0..8 {
                let store = Arc::clone(&store);
                tasks.push(tokio::spawn(async move {
                    let mut got = Vec::new();
                    for i in 0..25 {
                        let body = format!("{writer}-{i}").into_bytes();
                        got.push(store.append(A, body, None, ROOMY).await.unwrap());
                    }
                    got
                }));
            }
            let mut all = Vec::new();
            for task in tasks {
                let got = task.await.unwrap();
                assert!(
                    got.windows(2).all(|w| w[0] < w[1]),
                    "one writer's seqs rise"
                );
                all.extend(got);
            }
            all.sort_unstable();
            assert_eq!(all, (1..=200).collect::<Vec<_>>());
            assert_eq!(seqs(&*store, A).await, all);
        });
    }
}

#[test]
fn read_after_respects_its_bounds() {
    for_each_store(|store| async move {
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
    for_each_store(|store| async move {
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
    for_each_store(|store| async move {
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
    for_each_store(|store| async move {
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
    for_each_store(|store| async move {
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
fn the_first_owner_token_offered_is_the_owner_s() {
    for_each_store(|store| async move {
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
    for_each_store(|store| async move {
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
    for_each_store(|store| async move {
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
