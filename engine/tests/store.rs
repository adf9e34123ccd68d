//! The local store: persistence, projection, compaction, blobs and several writers.

mod common;

use common::review;
use northstar_engine::{CaseloadQuery, Store};
use northstar_schema::{Action, Entry};

#[test]
fn edits_persist_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(
            dir.path(),
            &northstar_engine::DataKey::for_tests(dir.path()),
        )
        .unwrap();
        store.create(&review("r1", "Maya", "Patel")).unwrap();
        store
            .update("r1", "Like and admire", |d| {
                d.reviews[0].record.like_and_admire.push(Entry {
                    id: "e1".into(),
                    text: "Brilliant at Lego".into(),
                    author_id: None,
                })
            })
            .unwrap();
    }
    let mut store = Store::open(
        dir.path(),
        &northstar_engine::DataKey::for_tests(dir.path()),
    )
    .unwrap();
    let doc = store.get("r1").unwrap();
    assert_eq!(
        doc.reviews[0].record.like_and_admire[0].text.as_str(),
        "Brilliant at Lego"
    );
    assert_eq!(store.load_cold("r1").unwrap(), doc);
}

#[test]
fn unknown_ids_and_duplicate_creates_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(
        dir.path(),
        &northstar_engine::DataKey::for_tests(dir.path()),
    )
    .unwrap();
    let err = store.get("nope").unwrap_err().to_string();
    assert!(err.contains("no review with id \"nope\""), "{err}");
    store.create(&review("r1", "Maya", "Patel")).unwrap();
    let err = store
        .create(&review("r1", "Maya", "Patel"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("already stored"), "{err}");
    assert_eq!(store.count().unwrap(), 1);
}

#[test]
fn an_invalid_edit_is_refused_and_leaves_the_document_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(
        dir.path(),
        &northstar_engine::DataKey::for_tests(dir.path()),
    )
    .unwrap();
    store.create(&review("r1", "Maya", "Patel")).unwrap();
    let before = store.get("r1").unwrap();
    let err = store
        .update("r1", "Bad", |d| {
            d.reviews.push(d.reviews[0].clone()); // duplicate review id
        })
        .unwrap_err();
    assert!(err.to_string().contains("share the id"), "{err}");
    assert_eq!(store.get("r1").unwrap(), before);
    assert_eq!(store.pending_changes("r1").unwrap(), 0);
}

#[test]
fn projection_is_rebuildable_from_the_documents() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(
        dir.path(),
        &northstar_engine::DataKey::for_tests(dir.path()),
    )
    .unwrap();
    for (i, (g, f)) in [("Maya", "Patel"), ("Kwame", "Mensah"), ("Zoë", "Kowalska")]
        .iter()
        .enumerate()
    {
        store.create(&review(&format!("r{i}"), g, f)).unwrap();
    }
    store
        .update("r1", "Rename setting", |d| {
            d.young_person.setting.name = "Ashgrove Academy".into()
        })
        .unwrap();
    let before = store.list(&CaseloadQuery::default()).unwrap();
    assert_eq!(before.len(), 3);

    // Wreck the cache, then rebuild it from the source of truth.
    let db = common::raw_store(dir.path());
    db.execute(
        "UPDATE caseload SET entry_json = '{\"broken\":1}', search_text = ''",
        [],
    )
    .unwrap();
    db.execute("DELETE FROM caseload WHERE doc_id = 'r0'", [])
        .unwrap();
    drop(db);

    assert_eq!(store.rebuild_projection().unwrap(), 3);
    assert_eq!(store.list(&CaseloadQuery::default()).unwrap(), before);
    let found = store
        .list(&CaseloadQuery {
            search: Some("ashgrove".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "Kwame Mensah");
}

#[test]
fn search_matches_accents_names_and_settings_and_escapes_wildcards() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(
        dir.path(),
        &northstar_engine::DataKey::for_tests(dir.path()),
    )
    .unwrap();
    store.create(&review("a", "Zoë", "Kowalska")).unwrap();
    store.create(&review("b", "Sam", "Reid")).unwrap();
    let q = |s: &str| CaseloadQuery {
        search: Some(s.into()),
        ..Default::default()
    };
    assert_eq!(store.list(&q("zoë")).unwrap().len(), 1);
    assert_eq!(store.list(&q("REID")).unwrap()[0].id, "b");
    assert_eq!(store.list(&q("hollin")).unwrap().len(), 2);
    assert_eq!(
        store.list(&q("%")).unwrap().len(),
        0,
        "% is a character, not a wildcard"
    );
}

#[test]
fn compaction_folds_changes_without_losing_any() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(
        dir.path(),
        &northstar_engine::DataKey::for_tests(dir.path()),
    )
    .unwrap();
    store.create(&review("r1", "Maya", "Patel")).unwrap();
    for i in 0..70 {
        store
            .update("r1", "Action", |d| {
                d.reviews[0].actions.push(Action {
                    id: format!("a{i}"),
                    owner: "SENCO".into(),
                    ..Default::default()
                })
            })
            .unwrap();
    }
    assert_eq!(store.pending_changes("r1").unwrap(), 70);
    let before = store.get("r1").unwrap();
    assert_eq!(store.compact_due().unwrap(), 1);
    assert_eq!(store.pending_changes("r1").unwrap(), 0);
    assert_eq!(store.load_cold("r1").unwrap(), before);
    // Edits keep working after compaction, and a reopened store sees them all.
    store
        .update("r1", "After", |d| d.reviews[0].actions[0].done = true)
        .unwrap();
    let mut reopened = Store::open(
        dir.path(),
        &northstar_engine::DataKey::for_tests(dir.path()),
    )
    .unwrap();
    let doc = reopened.get("r1").unwrap();
    assert_eq!(doc.reviews[0].actions.len(), 70);
    assert!(doc.reviews[0].actions[0].done);
}

#[test]
fn two_writers_on_one_data_folder_keep_each_others_edits() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Store::open(
        dir.path(),
        &northstar_engine::DataKey::for_tests(dir.path()),
    )
    .unwrap();
    let mut cli = Store::open(
        dir.path(),
        &northstar_engine::DataKey::for_tests(dir.path()),
    )
    .unwrap();
    app.create(&review("r1", "Maya", "Patel")).unwrap();
    app.get("r1").unwrap(); // the app holds it open
    cli.update("r1", "From the CLI", |d| {
        d.plan.section_a.parent_views = "Written by the CLI".into()
    })
    .unwrap();
    let seen_by_app = app
        .update("r1", "From the app", |d| {
            d.reviews[0].actions.push(Action {
                id: "a1".into(),
                owner: "Parent".into(),
                ..Default::default()
            })
        })
        .unwrap();
    // The app's edit started from the CLI's version, not from the copy it held in memory.
    assert_eq!(
        seen_by_app.plan.section_a.parent_views.as_str(),
        "Written by the CLI"
    );
    assert_eq!(app.get("r1").unwrap(), seen_by_app);
    // Another process compacts underneath both of them.
    Store::open(
        dir.path(),
        &northstar_engine::DataKey::for_tests(dir.path()),
    )
    .unwrap()
    .compact("r1")
    .unwrap();
    cli.update("r1", "Again", |d| {
        d.plan.section_a.interests = "Trains".into()
    })
    .unwrap();
    for store in [&mut app, &mut cli] {
        let doc = store.get("r1").unwrap();
        assert_eq!(
            doc.plan.section_a.parent_views.as_str(),
            "Written by the CLI"
        );
        assert_eq!(doc.plan.section_a.interests.as_str(), "Trains");
        assert_eq!(doc.reviews[0].actions.len(), 1);
    }
}

#[test]
fn blobs_are_content_addressed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(
        dir.path(),
        &northstar_engine::DataKey::for_tests(dir.path()),
    )
    .unwrap();
    let drawing = b"\x89PNG fictional drawing bytes";
    let h1 = store.put_blob(drawing, "image/png").unwrap();
    let h2 = store.put_blob(drawing, "image/png").unwrap();
    assert_eq!(h1, h2);
    assert_eq!(h1.len(), 64);
    assert_eq!(store.blob(&h1).unwrap().unwrap().0, drawing.to_vec());
    assert!(store.blob(&"0".repeat(64)).unwrap().is_none());
}

#[test]
fn the_demo_caseload_loads_once_and_is_varied() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(
        dir.path(),
        &northstar_engine::DataKey::for_tests(dir.path()),
    )
    .unwrap();
    let added = northstar_engine::demo::seed_first_run(&mut store).unwrap();
    assert!(added >= 40, "demo caseload has {added} children");
    assert_eq!(
        northstar_engine::demo::seed_first_run(&mut store).unwrap(),
        0
    );
    // The fixtures are written as of 25 November 2026.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let list = store.list_on(&CaseloadQuery::default(), today).unwrap();
    use northstar_schema::{Phase, ReviewStatus};
    for phase in Phase::ALL {
        assert!(
            list.iter().any(|e| e.phase == *phase),
            "no child in phase {phase}"
        );
    }
    for status in [
        ReviewStatus::Overdue,
        ReviewStatus::DueSoon,
        ReviewStatus::MeetingBooked,
    ] {
        assert!(
            list.iter().any(|e| e.status == status),
            "no child with status {status:?}"
        );
    }
    assert!(list.iter().any(|e| e.transfer_this_year));
    assert!(list.iter().filter(|e| e.pfa_focus).count() >= 10);
}
