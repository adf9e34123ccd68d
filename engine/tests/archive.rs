//! The archive: a ceased plan, or a child who moved away, leaves the working caseload, stays
//! readable and read-only for the council's retention period, and is then offered for erasure.

mod common;

use common::{northstar_in, review};
use northstar_engine::{CaseloadQuery, DataKey, Store, Workspace};
use northstar_schema::edit::{Poster, ReviewEdit};
use northstar_schema::{ArchiveReason, Date, Entry};

fn query(archived: bool) -> CaseloadQuery {
    CaseloadQuery {
        archived,
        ..Default::default()
    }
}

fn ids(store: &Store, archived: bool) -> Vec<String> {
    store
        .list(&query(archived))
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect()
}

#[test]
fn an_archived_plan_leaves_the_caseload_read_only_until_its_retention_ends() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &DataKey::for_tests(dir.path())).unwrap();
    store.create(&review("moved", "Ayo", "Bello")).unwrap();
    store.create(&review("stays", "Kai", "Moss")).unwrap();
    store.set_retention_years(3).unwrap();
    let on = Date::parse("2024-02-29").unwrap();
    let a = store
        .archive("moved", ArchiveReason::LeftTheArea, "Jo Marsh", on)
        .unwrap();
    assert_eq!(a.keep_until, Date::parse("2027-02-28").unwrap());
    assert!(!a.retention_over(Date::parse("2027-02-27").unwrap()));
    assert!(a.retention_over(Date::parse("2027-02-28").unwrap()));

    assert_eq!(ids(&store, false), ["stays"]);
    assert_eq!(ids(&store, true), ["moved"]);
    let listed = store.list(&query(true)).unwrap();
    assert_eq!(listed[0].archived.as_ref().unwrap().by, "Jo Marsh");
    // Searching the archive finds it; the working caseload's search does not.
    let search = |archived| CaseloadQuery {
        search: Some("bello".into()),
        archived,
        ..Default::default()
    };
    assert_eq!(store.list(&search(true)).unwrap().len(), 1);
    assert!(store.list(&search(false)).unwrap().is_empty());

    // Read-only: a person's edit is refused in plain words, and nothing changes.
    let mut workspace = Workspace::new(store).unwrap();
    let before = workspace.store().get("moved").unwrap();
    let review_id = before.reviews[0].id.clone();
    let err = workspace
        .edit(
            "moved",
            &ReviewEdit::UpsertEntry {
                review_id: review_id.clone(),
                poster: Poster::LikeAndAdmire,
                entry: Entry {
                    id: "e1".into(),
                    text: "kind".into(),
                    author_id: None,
                },
            },
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("archived on 29 February 2024"),
        "{err}"
    );
    assert_eq!(workspace.store().get("moved").unwrap(), before);
    // Still readable.
    assert_eq!(workspace.review("moved").unwrap().review, before);

    // Brought back, it can be changed again.
    workspace.unarchive("moved").unwrap();
    workspace
        .edit(
            "moved",
            &ReviewEdit::UpsertEntry {
                review_id,
                poster: Poster::LikeAndAdmire,
                entry: Entry {
                    id: "e1".into(),
                    text: "kind".into(),
                    author_id: None,
                },
            },
        )
        .unwrap();
    assert_eq!(ids(workspace.store(), false), ["moved", "stays"]);

    // Erasing an archived child takes its archive row too.
    workspace.archive("moved", ArchiveReason::Ceased).unwrap();
    workspace.erase_child("moved", "ayo  bello", false).unwrap();
    assert!(ids(workspace.store(), true).is_empty());
    assert!(workspace.store().archived("moved").unwrap().is_none());
}

#[test]
fn the_command_line_archives_lists_and_sets_the_retention_period() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path(), &DataKey::for_tests(dir.path())).unwrap();
        store.create(&review("r1", "Ayo", "Bello")).unwrap();
    }
    let out = northstar_in(dir.path(), &["retention"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "6");
    assert!(northstar_in(dir.path(), &["retention", "--years", "10"])
        .status
        .success());
    let bad = northstar_in(dir.path(), &["retention", "--years", "0"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("1 to 100 years"));
    let out = northstar_in(dir.path(), &["archive", "r1", "--reason", "ceased"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("kept until"));
    let working = northstar_in(dir.path(), &["list"]);
    assert!(!String::from_utf8_lossy(&working.stdout).contains("Bello"));
    let archived = northstar_in(dir.path(), &["list", "--archived"]);
    assert!(String::from_utf8_lossy(&archived.stdout).contains("Bello"));
    // Erasure needs the name, exactly: a wrong one erases nothing.
    let wrong = northstar_in(dir.path(), &["erase", "r1", "--confirm", "Ayo Bell"]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("nothing was erased"));
    let right = northstar_in(dir.path(), &["erase", "r1", "--confirm", "Ayo Bello"]);
    assert!(
        right.status.success(),
        "{}",
        String::from_utf8_lossy(&right.stderr)
    );
    let archived = northstar_in(dir.path(), &["list", "--archived"]);
    assert!(!String::from_utf8_lossy(&archived.stdout).contains("Bello"));
}
