//! "Erase this child" (UK GDPR art. 17): afterwards no byte of the child's name or of their
//! attachments is left in any file of the data folder (freed pages included) or on the relay,
//! while everything about other children, and attachments they share, stays.

mod common;

use common::review;
use northstar::sync::{self, HttpRelay, Transport};
use northstar::{DataKey, EngineError, Store};
use northstar_schema::{Attachment, AttachmentKind, Contribution, Role};
use std::path::Path;

const GIVEN: &str = "Quillon";
const FAMILY: &str = "Marchbank";
const OWN: &[u8] = b"kestrel drawing only Quillon made, a lighthouse at night ";
const REMOVED: &[u8] = b"heron photo taken out of the plan again, history only ";
const SHARED: &[u8] = b"the class trip photo both children are in, kept ";
const OTHER: &str = "Wendeline";

fn attach(store: &mut Store, id: &str, contribution: &str, bytes: &[u8]) -> String {
    let big = bytes.repeat(64);
    let sha256 = store.put_blob(&big, "image/png").unwrap();
    let reference = sha256.clone();
    let contribution = contribution.to_string();
    store
        .update(id, "An attachment", move |d| {
            d.voice.push(Contribution {
                id: contribution,
                attachments: vec![Attachment {
                    sha256: reference,
                    kind: AttachmentKind::Photo,
                    media_type: "image/png".into(),
                    byte_len: big.len() as u64,
                    caption: None,
                }],
                ..Default::default()
            })
        })
        .unwrap();
    sha256
}

/// Two children: the one to erase, with an attachment of their own, one taken out of the plan
/// again (so it is only in the history) and one shared with the other child.
fn two_children(store: &mut Store) -> (String, String) {
    store.create(&review("erase-me", GIVEN, FAMILY)).unwrap();
    store.create(&review("keep-me", OTHER, "Ashdown")).unwrap();
    attach(store, "erase-me", "c-own", OWN);
    attach(store, "erase-me", "c-removed", REMOVED);
    store
        .update("erase-me", "Took it out", |d| {
            d.voice.retain(|c| c.id != "c-removed")
        })
        .unwrap();
    let shared = attach(store, "erase-me", "c-shared", SHARED);
    assert_eq!(attach(store, "keep-me", "c-trip", SHARED), shared);
    // Many edits, so the child's pages are spread through the file and its log.
    for i in 0..40 {
        store
            .update("erase-me", "Views", move |d| {
                d.plan.section_a.parent_views =
                    format!("{GIVEN} {FAMILY} likes boats {i}").as_str().into();
            })
            .unwrap();
    }
    (shared, "erase-me".to_string())
}

fn found_in(bytes: &[u8], word: &[u8]) -> bool {
    bytes.windows(word.len()).any(|w| w == word)
}

/// Every file in `dir`, joined.
fn folder_bytes(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            all.extend(std::fs::read(path).unwrap());
        }
    }
    all
}

fn check_erased(bytes: &[u8], what: &str) {
    for word in [GIVEN.as_bytes(), FAMILY.as_bytes(), OWN, REMOVED] {
        let word = &word[..word.len().min(20)];
        assert!(
            !found_in(bytes, word),
            "{what} still holds {:?}",
            String::from_utf8_lossy(word)
        );
    }
    assert!(
        found_in(bytes, OTHER.as_bytes()),
        "{what} lost the other child"
    );
    assert!(
        found_in(bytes, &SHARED[..20]),
        "{what} lost the shared attachment"
    );
}

/// On a store without encryption every byte is on show, so this proves the pages the child
/// was on were wiped, not just unlinked: freed pages and the write-ahead log included.
#[test]
fn erasing_a_child_leaves_no_byte_of_them_even_in_freed_pages() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_unencrypted_for_benchmarks(dir.path()).unwrap();
    let (shared, id) = two_children(&mut store);
    let before = folder_bytes(dir.path());
    assert!(found_in(&before, FAMILY.as_bytes()) && found_in(&before, &OWN[..20]));
    assert!(
        found_in(&before, &REMOVED[..20]),
        "the removed attachment is still stored"
    );

    let erased = store.erase_review(&id).unwrap();
    assert_eq!(
        erased.attachments, 2,
        "its own and the one only its history had"
    );
    check_erased(&folder_bytes(dir.path()), "the data folder");

    // The other child, and the attachment both had, are untouched.
    assert_eq!(store.get("keep-me").unwrap().young_person.given_name, OTHER);
    assert!(store.blob(&shared).unwrap().is_some());
    assert!(matches!(store.get(&id), Err(EngineError::UnknownReview(_))));
    assert_eq!(store.list(&Default::default()).unwrap().len(), 1);
    drop(store);
    check_erased(&folder_bytes(dir.path()), "the data folder once closed");
}

/// A store from before attachments' references were recorded: they are found in each
/// review's history, the first time anything is erased.
#[test]
fn erasing_in_a_store_from_before_references_were_kept_finds_them_in_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_unencrypted_for_benchmarks(dir.path()).unwrap();
    let (shared, id) = two_children(&mut store);
    drop(store);
    let raw = rusqlite::Connection::open(dir.path().join("northstar.db")).unwrap();
    raw.execute_batch(
        "DELETE FROM blob_refs;
         INSERT OR REPLACE INTO meta (key, value) VALUES ('blob-refs-to-fill', '1');",
    )
    .unwrap();
    drop(raw);
    let mut store = Store::open_unencrypted_for_benchmarks(dir.path()).unwrap();
    assert_eq!(store.erase_review(&id).unwrap().attachments, 2);
    check_erased(&folder_bytes(dir.path()), "the data folder");
    assert!(
        store.blob(&shared).unwrap().is_some(),
        "the other child's is kept"
    );
}

/// The real thing: an encrypted store, a shared review, a real relay on loopback.
#[test]
fn erasing_a_shared_child_deletes_the_relays_copy_and_every_trace_here() {
    let relay_dir = tempfile::tempdir().unwrap();
    let relay = northstar_relay::standalone::spawn(northstar_relay::standalone::RunOptions {
        listen: "127.0.0.1:0".parse().unwrap(),
        db: relay_dir.path().join("relay.db"),
        limits: northstar_relay::Limits::default(),
        tls: None,
        db_key: None,
    })
    .unwrap_or_else(|f| panic!("{}", f.message));
    let url = format!("http://{}", relay.addr());

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &DataKey::for_tests(dir.path())).unwrap();
    let (_, id) = two_children(&mut store);
    sync::share(&mut store, &id, &url, Role::Senco, "Jo Marsh").unwrap();
    sync::sync_review(&mut store, &id, &mut HttpRelay::new(&url), &mut |_| {}).unwrap();
    // A parent joins, so the review has a member, an invitation and sync state of every kind.
    let parent_dir = tempfile::tempdir().unwrap();
    let mut parent =
        Store::open(parent_dir.path(), &DataKey::for_tests(parent_dir.path())).unwrap();
    let invitation = sync::invite(&mut store, &id, Role::ParentCarer).unwrap();
    sync::join(&mut parent, &invitation, "Dana", &mut HttpRelay::new(&url)).unwrap();
    sync::sync_review(&mut store, &id, &mut HttpRelay::new(&url), &mut |_| {}).unwrap();
    let log = keys_of(&mut store, &id);

    // Offline: nothing is erased, and the words say what to do.
    let mut nowhere = HttpRelay::new("http://127.0.0.1:9");
    let err = sync::erase(
        &mut store,
        &id,
        Some(&mut nowhere as &mut dyn Transport),
        false,
    )
    .unwrap_err();
    assert!(err.to_string().contains("nothing was erased"), "{err}");
    assert_eq!(store.get(&id).unwrap().young_person.family_name, FAMILY);

    let mut net = HttpRelay::new(&url);
    sync::erase(&mut store, &id, Some(&mut net as &mut dyn Transport), false).unwrap();
    drop(store);
    check_erased(&common::decrypted_bytes(dir.path()), "the store");

    // The relay deleted the log: nothing of it is left in the relay's tables, and the
    // parent's copy can no longer reach it.
    let relay_db = rusqlite::Connection::open(relay_dir.path().join("relay.db")).unwrap();
    let rows: i64 = relay_db
        .query_row(
            "SELECT (SELECT count(*) FROM logs WHERE log_id = ?1)
                  + (SELECT count(*) FROM entries WHERE log_id = ?1)",
            [&log],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 0, "the relay still holds the log");
    let e = sync::sync_review(&mut parent, &id, &mut HttpRelay::new(&url), &mut |_| {});
    assert!(e.is_err(), "the parent still reached the deleted log");
}

/// The review's log id, as this device reaches it.
fn keys_of(store: &mut Store, id: &str) -> String {
    let invitation = sync::invite(store, id, Role::Other).unwrap();
    northstar::sync::crypto::DocKeys::of_invitation(&invitation).log_id
}

/// Erasing one wrongly recorded item from history: delete it as usual, then erase the
/// history. The review reads exactly as before, and no version of it holds the item.
#[test]
fn erasing_the_history_keeps_the_review_and_drops_every_earlier_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_unencrypted_for_benchmarks(dir.path()).unwrap();
    store.create(&review("r1", "Ayo", "Bello")).unwrap();
    store.create(&review("r2", OTHER, "Ashdown")).unwrap();
    let photo = attach(&mut store, "r1", "c-wrong", REMOVED);
    store
        .update("r1", "Wrong child", |d| {
            d.plan.section_a.parent_views = "Zebedee Quark was diagnosed with something".into()
        })
        .unwrap();
    store
        .update("r1", "Put right", |d| {
            d.plan.section_a.parent_views = "Ayo loves kites.".into();
            d.voice.retain(|c| c.id != "c-wrong");
        })
        .unwrap();
    let old = store.history("r1").unwrap();
    assert!(old.len() >= 3);
    let before = store.get("r1").unwrap();
    assert!(found_in(&folder_bytes(dir.path()), b"Zebedee Quark"));

    let mut workspace = northstar::Workspace::new(store).unwrap();
    assert!(workspace.erase_history("r1", "Ayo Bellow").is_err());
    let after = workspace.erase_history("r1", "Ayo Bello").unwrap().review;
    assert_eq!(after, before, "the review reads exactly as it did");
    let store = workspace.store();
    let history = store.history("r1").unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert!(
        history[0].what.starts_with("Erased the history on"),
        "{history:?}"
    );
    assert!(
        store.version_at("r1", &old[0].hash).is_err(),
        "an earlier version is still held"
    );
    assert!(
        store.blob(&photo).unwrap().is_none(),
        "the photo only the history had"
    );
    let bytes = folder_bytes(dir.path());
    assert!(
        !found_in(&bytes, b"Zebedee Quark"),
        "the erased words are still in a file"
    );
    assert!(found_in(&bytes, OTHER.as_bytes()));
    // It goes on like any review: a new edit, and the store reopens.
    store
        .update("r1", "After", |d| {
            d.plan.section_a.interests = "kites".into()
        })
        .unwrap();
    drop(workspace);
    let mut store = Store::open_unencrypted_for_benchmarks(dir.path()).unwrap();
    assert_eq!(
        store.get("r1").unwrap().plan.section_a.interests.as_str(),
        "kites"
    );
    assert_eq!(store.history("r1").unwrap().len(), 2);
}

#[test]
fn a_shared_reviews_history_is_not_erased_on_one_copy_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &DataKey::for_tests(dir.path())).unwrap();
    store.create(&review("r1", "Ayo", "Bello")).unwrap();
    sync::share(&mut store, "r1", "http://127.0.0.1:9", Role::Senco, "Jo").unwrap();
    let before = store.history("r1").unwrap();
    let err = store
        .erase_history("r1", &northstar_schema::session::Author::default())
        .unwrap_err();
    assert!(err.to_string().contains("this review is shared"), "{err}");
    assert_eq!(store.history("r1").unwrap(), before);
}
