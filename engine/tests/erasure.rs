//! "Erase this child" (UK GDPR art. 17): afterwards no byte of the child's name or of their
//! attachments is left in any file of the data folder (freed pages included) or on the relay,
//! while everything about other children, and attachments they share, stays.

mod common;

use common::review;
use northstar_engine::sync::{self, HttpRelay, Transport};
use northstar_engine::{DataKey, EngineError, Store};
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
    let (relay_dir, _relay, url) = common::relay_on_loopback();

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
    northstar_engine::sync::crypto::DocKeys::of_invitation(&invitation).log_id
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

    let mut workspace = northstar_engine::Workspace::new(store).unwrap();
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

/// Erasing a shared review's history (issue 15): the owner's device re-makes the review and
/// moves it to a new key; every other copy that syncs afterwards takes the new document in
/// place of its own, and the relay keeps nothing of the old history.
mod shared_history {
    use super::common::peers::{join, keys_of, senco_and, send_changes, Peer};
    use super::common::relay::Logs;
    use super::*;
    use automerge::AutoCommit;
    use northstar_schema::sync::{decode_change_list, PayloadKind};
    use northstar_schema::Need;

    const WRONG: &str = "Zebedee Quark, who is in another class";

    fn jo() -> northstar_schema::session::Author {
        northstar_schema::session::Author {
            name: "Jo Marsh".into(),
            role: Role::Senco,
        }
    }

    /// Whether the erased words are anywhere in this copy's review, history included (saved
    /// without compression, so a word cannot hide in a compressed column).
    fn holds_wrong_item(peer: &mut Peer) -> bool {
        let doc = AutoCommit::load(&peer.store.export_automerge("r1").unwrap()).unwrap();
        found_in(&doc.clone().save_nocompress(), WRONG.as_bytes())
    }

    /// Every change any envelope in any log of the relay carries, opened with each of `keys`.
    fn relay_holds_wrong_item(logs: &Logs, keys: &[sync::crypto::DocKeys]) -> bool {
        let logs = logs.borrow();
        let mut doc = AutoCommit::new();
        for entry in logs.values().flat_map(|l| l.entries.iter()) {
            for payload in keys.iter().filter_map(|k| k.open(&entry.bytes).ok()) {
                match payload.kind {
                    PayloadKind::Snapshot => {
                        doc.load_incremental(&payload.changes).unwrap();
                    }
                    PayloadKind::Changes => {
                        for change in decode_change_list(&payload.changes).unwrap() {
                            doc.load_incremental(change).unwrap();
                        }
                    }
                    _ => {}
                }
            }
        }
        found_in(&doc.save_nocompress(), WRONG.as_bytes())
    }

    fn record_wrong_item(senco: &mut Peer) {
        senco
            .store
            .update("r1", "A need", |d| {
                d.plan.section_b.needs.push(Need {
                    id: "n-wrong".into(),
                    description: WRONG.into(),
                    ..Default::default()
                })
            })
            .unwrap();
    }

    fn take_wrong_item_out(senco: &mut Peer) {
        senco
            .store
            .update("r1", "Took out a need", |d| {
                d.plan.section_b.needs.retain(|n| n.id != "n-wrong")
            })
            .unwrap();
    }

    #[test]
    fn every_copy_that_syncs_afterwards_loses_the_item_and_keeps_the_rest() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let mut teacher = join(&mut senco, &logs, Role::Teacher, "Sam Okafor", 3);
        record_wrong_item(&mut senco);
        parent.like("r1", "Swimming");
        for _ in 0..2 {
            for peer in [&mut senco, &mut parent, &mut teacher] {
                peer.sync("r1");
            }
        }
        take_wrong_item_out(&mut senco);
        senco.sync("r1");
        parent.sync("r1");
        let old_keys = keys_of(&mut senco);
        for peer in [&mut senco, &mut parent, &mut teacher] {
            assert!(holds_wrong_item(peer), "the test needs it in every history");
        }
        assert!(relay_holds_wrong_item(
            &logs,
            std::slice::from_ref(&old_keys)
        ));

        let bytes = common::decrypted_bytes(parent._dir.path());
        assert!(
            found_in(&bytes, WRONG.as_bytes()),
            "the test needs it in a file"
        );

        // Only the owner's device may, since every copy is replaced.
        let refused = sync::erase_history(&mut parent.store, "r1", &jo()).unwrap_err();
        assert!(refused
            .to_string()
            .contains("only the computer that first shared"));
        assert!(holds_wrong_item(&mut parent));

        sync::erase_history(&mut senco.store, "r1", &jo()).unwrap();
        assert!(!holds_wrong_item(&mut senco));
        assert!(senco.sync("r1").new_key);
        let new_keys = keys_of(&mut senco);
        assert_ne!(new_keys.log_id, old_keys.log_id);
        // The relay holds the old id again with one entry (the new key), and the new log.
        assert_eq!(logs.borrow().len(), 2);
        assert_eq!(logs.borrow()[&old_keys.log_id].entries.len(), 1);
        assert!(!relay_holds_wrong_item(&logs, &[old_keys, new_keys]));

        // The parent, who synced since, and the teacher, who has not since the item was
        // written, each take the new copy.
        let report = parent.sync("r1");
        assert!(report.history_replaced && report.new_key, "{report:?}");
        let report = teacher.sync("r1");
        assert!(report.history_replaced, "{report:?}");
        let told = sync::status(&mut teacher.store, "r1")
            .unwrap()
            .replaced_here;
        assert!(told
            .unwrap()
            .contains("Jo Marsh erased this review's history"));
        assert_eq!(
            sync::status(&mut senco.store, "r1").unwrap().replaced_here,
            None
        );
        for peer in [&mut senco, &mut parent, &mut teacher] {
            assert!(!holds_wrong_item(peer));
            assert_eq!(common::peers::likes(&mut peer.store), ["Swimming"]);
            let review = peer.store.get("r1").unwrap();
            assert_eq!(
                review.young_person.display_name(),
                "Ayo Bello",
                "the rest is intact"
            );
            let history = peer.store.history("r1").unwrap();
            assert_eq!(history.len(), 1, "one line says the history was erased");
            assert!(format!("{:?}", history[0]).contains("Erased the history"));
        }
        // Nor is it in any file of their data folders.
        for peer in [&senco, &parent, &teacher] {
            let bytes = common::decrypted_bytes(peer._dir.path());
            assert!(!found_in(&bytes, WRONG.as_bytes()));
        }

        // The review syncs on under the new key, both ways.
        teacher.like("r1", "Lego");
        teacher.sync("r1");
        senco.sync("r1");
        parent.sync("r1");
        assert_eq!(
            common::peers::likes(&mut parent.store),
            ["Lego", "Swimming"]
        );
    }

    /// The same through the real relay process's storage: deleting every log of the review,
    /// making the old id afresh and reading it again from the start.
    #[test]
    fn through_a_real_relay_the_members_copy_is_replaced() {
        let (relay_dir, _relay, url) = common::relay_on_loopback();
        let sync = |store: &mut Store| {
            sync::sync_review(store, "r1", &mut HttpRelay::new(&url), &mut |_| {}).unwrap()
        };
        let open = |dir: &Path| Store::open(dir, &DataKey::for_tests(dir)).unwrap();
        let (senco_dir, parent_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (mut owner, mut parent) = (open(senco_dir.path()), open(parent_dir.path()));
        owner.create(&review("r1", "Ayo", "Bello")).unwrap();
        sync::share(&mut owner, "r1", &url, Role::Senco, "Jo Marsh").unwrap();
        sync(&mut owner);
        let invitation = sync::invite(&mut owner, "r1", Role::ParentCarer).unwrap();
        sync::join(&mut parent, &invitation, "Dana", &mut HttpRelay::new(&url)).unwrap();
        sync(&mut owner);
        let wrong = WRONG.to_string();
        owner
            .update("r1", "A need", move |d| {
                d.plan.section_b.needs.push(Need {
                    id: "n-wrong".into(),
                    description: wrong.as_str().into(),
                    ..Default::default()
                })
            })
            .unwrap();
        sync(&mut owner);
        sync(&mut parent);
        assert_eq!(parent.get("r1").unwrap().plan.section_b.needs.len(), 1);
        common::add_like(&mut parent, "r1", "Swimming");
        sync(&mut parent);
        sync(&mut owner);
        let old_log = super::keys_of(&mut owner, "r1");
        owner
            .update("r1", "Took out a need", |d| d.plan.section_b.needs.clear())
            .unwrap();

        sync::erase_history(&mut owner, "r1", &jo()).unwrap();
        assert!(sync(&mut owner).new_key);
        let relay_db = rusqlite::Connection::open(relay_dir.path().join("relay.db")).unwrap();
        let (logs, old_entries): (i64, i64) = relay_db
            .query_row(
                "SELECT (SELECT count(*) FROM logs),
                        (SELECT count(*) FROM entries WHERE log_id = ?1)",
                [&old_log],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((logs, old_entries), (2, 1), "the old log and the new one");

        assert!(sync(&mut parent).history_replaced);
        drop((owner, parent));
        for dir in [&senco_dir, &parent_dir] {
            let bytes = common::decrypted_bytes(dir.path());
            assert!(!found_in(&bytes, WRONG.as_bytes()));
        }
        let mut parent = open(parent_dir.path());
        assert_eq!(common::likes(&mut parent, "r1"), ["Swimming"]);
        assert_eq!(parent.history("r1").unwrap().len(), 1);
    }

    /// The owner's sync stopped after the new key and before the new copy reached the new
    /// log: a member meeting the new key sends nothing (its old history must not reach the
    /// new log) and waits, then takes the copy once it is there.
    #[test]
    fn a_member_waits_for_the_new_copy_and_sends_nothing_meanwhile() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        record_wrong_item(&mut senco);
        senco.sync("r1");
        parent.sync("r1");
        take_wrong_item_out(&mut senco);
        sync::erase_history(&mut senco.store, "r1", &jo()).unwrap();
        senco.sync("r1");
        let new_log = keys_of(&mut senco).log_id;
        // As if the owner's snapshot never arrived.
        logs.borrow_mut().get_mut(&new_log).unwrap().entries.clear();
        logs.borrow_mut().get_mut(&new_log).unwrap().snapshot = None;
        parent.like("r1", "Written while waiting");

        let report = parent.sync("r1");
        assert!(report.waiting_for_replacement, "{report:?}");
        assert!(
            logs.borrow()[&new_log].entries.is_empty(),
            "nothing was sent"
        );
        assert!(
            holds_wrong_item(&mut parent),
            "the old copy stays until the new one comes"
        );
        assert!(parent.sync("r1").waiting_for_replacement);

        // The owner's next sync finds the log lost what it sent, and sends the copy again.
        senco.sync("r1");
        let report = parent.sync("r1");
        assert!(report.history_replaced && !report.waiting_for_replacement);
        assert!(!holds_wrong_item(&mut parent));
        assert_eq!(parent.store.history("r1").unwrap().len(), 1);
        senco.sync("r1");
        assert!(!holds_wrong_item(&mut senco));
    }

    #[test]
    fn a_member_who_kept_the_old_history_cannot_merge_it_back() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let mut teacher = join(&mut senco, &logs, Role::Teacher, "Sam Okafor", 3);
        record_wrong_item(&mut senco);
        for peer in [&mut senco, &mut parent, &mut teacher] {
            peer.sync("r1");
        }
        take_wrong_item_out(&mut senco);
        senco.sync("r1");
        // A dishonest parent keeps everything it had, as a backup would.
        let kept = AutoCommit::load(&parent.store.export_automerge("r1").unwrap())
            .unwrap()
            .get_changes(&[]);
        assert!(holds_wrong_item(&mut parent));

        sync::erase_history(&mut senco.store, "r1", &jo()).unwrap();
        senco.sync("r1");
        parent.sync("r1");
        // It sends the whole old history into the new log, under its own name.
        let new_keys = keys_of(&mut senco);
        send_changes(&mut parent, &logs, &new_keys, 9_000, &kept);
        let report = teacher.sync("r1");
        assert!(report.history_replaced);
        assert!(
            !report.refused.is_empty() || report.waiting > 0,
            "the old changes were taken: {report:?}"
        );
        senco.sync("r1");
        for peer in [&mut senco, &mut teacher] {
            assert!(!holds_wrong_item(peer));
            assert_eq!(peer.store.history("r1").unwrap().len(), 1);
        }
    }
}
