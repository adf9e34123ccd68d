//! The workspace engine behind the window: edits as single changes with who and what,
//! history and earlier versions, undo and redo on disk, the young person's space and
//! attachments, and refusals that store nothing.

mod common;

use common::review;
use northstar_engine::workspace::{NewAttachment, ATTACHMENT_LIMIT_BYTES};
use northstar_engine::{Author, EngineError, Store, Workspace};
use northstar_schema::edit::{Poster, ReviewEdit, Topic};
use northstar_schema::{
    AttachmentKind, Contribution, ContributionKind, Date, Entry, NewChild, Role, YearGroup,
};

fn workspace(dir: &std::path::Path) -> Workspace {
    let mut store = Store::open(dir, &northstar_engine::DataKey::for_tests(dir)).unwrap();
    store.create(&review("r1", "Ayo", "Bello")).unwrap();
    let mut w = Workspace::new(store).unwrap();
    w.set_author(Author {
        name: "Jo Marsh".into(),
        role: Role::Senco,
    })
    .unwrap();
    w
}

fn like(text: &str) -> ReviewEdit {
    ReviewEdit::UpsertEntry {
        review_id: "review-1".into(),
        poster: Poster::LikeAndAdmire,
        entry: Entry {
            text: text.into(),
            ..Default::default()
        },
    }
}

fn likes(w: &mut Workspace) -> Vec<String> {
    w.review("r1").unwrap().review.reviews[0]
        .record
        .like_and_admire
        .iter()
        .map(|e| e.text.0.clone())
        .collect()
}

mod history {
    use super::*;

    #[test]
    fn each_edit_is_one_change_credited_to_its_author() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = workspace(dir.path());
        let before = w.store().history("r1").unwrap().len();
        w.edit("r1", &like("Always kind")).unwrap();
        let history = w.store().history("r1").unwrap();
        assert_eq!(history.len(), before + 1);
        let newest = &history[0];
        assert_eq!(newest.by.as_deref(), Some("Jo Marsh"));
        assert_eq!(newest.role, Some(Role::Senco));
        assert_eq!(newest.topic, Some(Topic::LikeAndAdmire));
        assert!(newest.what.contains("Always kind"), "{}", newest.what);
        // The first change (the import) has no note, and still reads as a line.
        assert!(history.last().unwrap().by.is_none());
    }

    #[test]
    fn an_earlier_version_is_the_document_as_it_was_then() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = workspace(dir.path());
        w.edit("r1", &like("First")).unwrap();
        let after_first = w.store().history("r1").unwrap()[0].hash.clone();
        w.edit("r1", &like("Second")).unwrap();
        let then = w.store().version_at("r1", &after_first).unwrap();
        let texts: Vec<&str> = then.reviews[0]
            .record
            .like_and_admire
            .iter()
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(texts, ["First"]);
        assert_eq!(
            likes(&mut w),
            ["First", "Second"],
            "the present is untouched"
        );
    }

    #[test]
    fn an_unknown_or_malformed_version_gets_a_plain_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = workspace(dir.path());
        for hash in ["not-a-hash", &"ab".repeat(32)] {
            let err = w.store().version_at("r1", hash).unwrap_err();
            assert!(matches!(err, EngineError::UnknownVersion), "{err}");
        }
        assert!(matches!(
            w.store().history("nope"),
            Err(EngineError::UnknownReview(_))
        ));
    }

    #[test]
    fn history_survives_compaction() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = workspace(dir.path());
        w.edit("r1", &like("Kept")).unwrap();
        let before = w.store().history("r1").unwrap();
        w.store().compact("r1").unwrap();
        let mut reopened = Store::open(
            dir.path(),
            &northstar_engine::DataKey::for_tests(dir.path()),
        )
        .unwrap();
        assert_eq!(reopened.history("r1").unwrap(), before);
    }
}

mod undo {
    use super::*;

    #[test]
    fn undo_and_redo_are_written_to_disk() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = workspace(dir.path());
        let edited = w.edit("r1", &like("Brave")).unwrap();
        assert!(edited.undo.as_deref().unwrap().contains("Brave"));
        let undone = w.undo("r1").unwrap();
        assert!(undone.review.reviews[0].record.like_and_admire.is_empty());
        assert!(undone.undo.is_none() && undone.redo.is_some());
        drop(w);
        let mut store = Store::open(
            dir.path(),
            &northstar_engine::DataKey::for_tests(dir.path()),
        )
        .unwrap();
        assert!(store.get("r1").unwrap().reviews[0]
            .record
            .like_and_admire
            .is_empty());
        let mut w = Workspace::new(store).unwrap();
        // A new window starts with nothing to undo: undo is for this session's own edits.
        assert!(matches!(w.undo("r1"), Err(EngineError::NothingTo("undo"))));
        assert!(matches!(w.redo("r1"), Err(EngineError::NothingTo("redo"))));
    }

    #[test]
    fn typing_into_one_entry_undoes_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = workspace(dir.path());
        let entry = w.edit("r1", &like("B")).unwrap().review.reviews[0]
            .record
            .like_and_admire[0]
            .clone();
        for text in ["Br", "Bra", "Brave"] {
            w.edit(
                "r1",
                &ReviewEdit::UpsertEntry {
                    review_id: "review-1".into(),
                    poster: Poster::LikeAndAdmire,
                    entry: Entry {
                        text: text.into(),
                        ..entry.clone()
                    },
                },
            )
            .unwrap();
        }
        assert_eq!(likes(&mut w), ["Brave"]);
        w.undo("r1").unwrap();
        // Typing into the new entry merged with nothing before it (new items never merge),
        // so one undo takes back the typing, the next the adding.
        assert_eq!(likes(&mut w), ["B"]);
        w.undo("r1").unwrap();
        assert!(likes(&mut w).is_empty());
        w.redo("r1").unwrap();
        w.redo("r1").unwrap();
        assert_eq!(likes(&mut w), ["Brave"]);
    }
}

mod refusals {
    use super::*;

    #[test]
    fn a_refused_edit_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = workspace(dir.path());
        w.edit("r1", &like("Kept")).unwrap();
        let changes = w.store().pending_changes("r1").unwrap();
        let err = w
            .edit(
                "r1",
                &ReviewEdit::RemoveAction {
                    review_id: "review-1".into(),
                    id: "never-there".into(),
                },
            )
            .unwrap_err();
        assert!(err.to_string().contains("no longer"), "{err}");
        assert_eq!(w.store().pending_changes("r1").unwrap(), changes);
        assert_eq!(likes(&mut w), ["Kept"]);
        assert!(matches!(
            w.edit("missing", &like("x")),
            Err(EngineError::UnknownReview(_))
        ));
    }

    #[test]
    fn the_young_persons_space_can_change_only_their_own_words() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = workspace(dir.path());
        let err = w
            .edit_young_person_space("r1", &like("sneaky"))
            .unwrap_err();
        assert!(err.to_string().contains("own words"), "{err}");
        let space = w
            .edit_young_person_space(
                "r1",
                &ReviewEdit::UpsertContribution {
                    contribution: Contribution {
                        kind: ContributionKind::Aspiration,
                        text: "I want to be a vet".into(),
                        ..Default::default()
                    },
                },
            )
            .unwrap();
        assert_eq!(space.first_name, "Ayo");
        assert_eq!(space.contributions[0].text.as_str(), "I want to be a vet");
        assert!(likes(&mut w).is_empty());
    }

    #[test]
    fn a_new_child_needs_a_name_and_sensible_dates() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = workspace(dir.path());
        let count = w.store().count().unwrap();
        let nameless = w.create_child(NewChild::default()).unwrap_err();
        assert!(nameless.to_string().contains("first name"), "{nameless}");
        let future = w
            .create_child(NewChild {
                given_name: "Kit".into(),
                family_name: "Vale".into(),
                date_of_birth: Date::parse("2999-01-01"),
                ..Default::default()
            })
            .unwrap_err();
        assert!(future.to_string().contains("future"), "{future}");
        assert_eq!(w.store().count().unwrap(), count);
        let id = w
            .create_child(NewChild {
                given_name: " Kit ".into(),
                family_name: "Vale".into(),
                year_group: YearGroup::Year9,
                ..Default::default()
            })
            .unwrap();
        let doc = w.review(&id).unwrap().review;
        assert_eq!(doc.young_person.display_name(), "Kit Vale");
        assert_eq!(
            doc.participants[0].name, "Jo Marsh",
            "the creator joins the plan"
        );
    }

    #[test]
    fn the_author_needs_a_name_and_is_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let w = workspace(dir.path());
        drop(w);
        let mut w = Workspace::new(
            Store::open(
                dir.path(),
                &northstar_engine::DataKey::for_tests(dir.path()),
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(w.author().name, "Jo Marsh");
        assert!(w
            .set_author(Author {
                name: "  ".into(),
                role: Role::Senco
            })
            .is_err());
        assert_eq!(w.author().name, "Jo Marsh");
    }
}

mod attachments {
    use super::*;

    fn with_contribution(w: &mut Workspace) -> String {
        let space = w
            .edit_young_person_space(
                "r1",
                &ReviewEdit::UpsertContribution {
                    contribution: Contribution {
                        kind: ContributionKind::WhatILike,
                        text: "Drawing".into(),
                        ..Default::default()
                    },
                },
            )
            .unwrap();
        space.contributions[0].id.clone()
    }

    fn attachment(contribution_id: &str) -> NewAttachment {
        NewAttachment {
            contribution_id: contribution_id.into(),
            kind: AttachmentKind::Drawing,
            media_type: "image/png".into(),
            caption: None,
        }
    }

    #[test]
    fn a_drawing_is_stored_once_and_can_be_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = workspace(dir.path());
        let id = with_contribution(&mut w);
        let bytes = b"\x89PNG fictional drawing bytes".to_vec();
        w.attach("r1", attachment(&id), &bytes).unwrap();
        let space = w.attach("r1", attachment(&id), &bytes).unwrap();
        let attached = &space.contributions[0].attachments;
        assert_eq!(attached.len(), 1, "the same file twice is attached once");
        assert_eq!(attached[0].byte_len, bytes.len() as u64);
        let (stored, media) = w.store().blob(&attached[0].sha256).unwrap().unwrap();
        assert_eq!(stored, bytes);
        assert_eq!(media, "image/png");
    }

    #[test]
    fn too_large_empty_or_orphaned_files_are_refused_and_nothing_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = workspace(dir.path());
        let id = with_contribution(&mut w);
        let changes = w.store().pending_changes("r1").unwrap();
        let big = vec![0u8; (ATTACHMENT_LIMIT_BYTES + 1) as usize];
        let err = w.attach("r1", attachment(&id), &big).unwrap_err();
        assert!(err.to_string().contains("too large"), "{err}");
        assert!(w.attach("r1", attachment(&id), &[]).is_err());
        let orphan = w.attach("r1", attachment("no-such"), b"x").unwrap_err();
        assert!(orphan.to_string().contains("no longer there"), "{orphan}");
        assert_eq!(w.store().pending_changes("r1").unwrap(), changes);
        assert!(w.young_person_space("r1").unwrap().contributions[0]
            .attachments
            .is_empty());
    }
}

/// What the window is told when the stored review changes underneath it.
mod elsewhere {
    use super::*;
    use common::relay::{Logs, MemoryRelay};
    use northstar_engine::sync;
    use northstar_schema::session::ChangesElsewhere;
    use northstar_schema::sync::Invitation;

    #[test]
    fn own_edits_are_not_news_but_a_synced_change_is_with_whose_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = workspace(dir.path());
        let nothing = ChangesElsewhere::default();
        assert_eq!(w.changes_elsewhere("r1").unwrap(), nothing, "not open yet");
        w.review("r1").unwrap();
        assert_eq!(w.changes_elsewhere("r1").unwrap(), nothing);
        w.edit("r1", &like("Always kind")).unwrap();
        assert_eq!(w.changes_elsewhere("r1").unwrap(), nothing, "own edit");

        // The background sync has its own connection to the same store, as in the app.
        let logs = Logs::default();
        let mut worker = Store::open(
            dir.path(),
            &northstar_engine::DataKey::for_tests(dir.path()),
        )
        .unwrap();
        let mut worker_net = MemoryRelay::new(logs.clone(), 1);
        sync::share(&mut worker, "r1", "memory", Role::Senco, "Jo Marsh").unwrap();
        sync::sync_review(&mut worker, "r1", &mut worker_net, &mut |_| {}).unwrap();
        let shared = w.changes_elsewhere("r1").unwrap();
        assert!(shared.changed, "sharing was written by another connection");
        assert!(shared.by.is_empty(), "and names nobody: {:?}", shared.by);
        w.review("r1").unwrap();
        assert_eq!(w.changes_elsewhere("r1").unwrap(), nothing, "reloaded");

        // A parent joins on their own computer and adds a line.
        let code = sync::invite(&mut worker, "r1", Role::ParentCarer)
            .unwrap()
            .to_code();
        let parent_dir = tempfile::tempdir().unwrap();
        let mut parent_store = Store::open(
            parent_dir.path(),
            &northstar_engine::DataKey::for_tests(parent_dir.path()),
        )
        .unwrap();
        let mut parent_net = MemoryRelay::new(logs.clone(), 2);
        let invitation = Invitation::from_code(&code).unwrap();
        sync::join(
            &mut parent_store,
            &invitation,
            "Dana Bello",
            &mut parent_net,
        )
        .unwrap();
        let mut parent = Workspace::new(parent_store).unwrap();
        parent
            .set_author(Author {
                name: "Dana Bello".into(),
                role: Role::ParentCarer,
            })
            .unwrap();
        parent.edit("r1", &like("Brilliant at drumming")).unwrap();
        sync::sync_review(parent.store(), "r1", &mut parent_net, &mut |_| {}).unwrap();
        assert_eq!(
            w.changes_elsewhere("r1").unwrap(),
            nothing,
            "not synced yet"
        );

        sync::sync_review(&mut worker, "r1", &mut worker_net, &mut |_| {}).unwrap();
        let news = w.changes_elsewhere("r1").unwrap();
        assert!(news.changed);
        assert_eq!(news.by, vec!["Dana Bello".to_string()]);
        // An edit made here now lands on top of it, but the window is still told once.
        w.edit("r1", &like("Good friend")).unwrap();
        assert_eq!(w.changes_elsewhere("r1").unwrap(), news);
        let mut seen = likes(&mut w);
        seen.sort();
        assert_eq!(
            seen,
            ["Always kind", "Brilliant at drumming", "Good friend"]
        );
        assert_eq!(w.changes_elsewhere("r1").unwrap(), nothing, "reloaded");
    }
}
