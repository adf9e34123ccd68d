//! Sync between participants' stores through a relay log: sharing and joining, convergence,
//! roles enforced on merge, hostile input, and bundle files.

mod common;

use common::peers::{append_raw, keys_of, likes, log_entries, senco_and, Peer};
use common::relay::Logs;
use common::review;
use northstar_engine::sync::{self, crypto::DocKeys};
use northstar_engine::Store;
use northstar_schema::sync::Invitation;
use northstar_schema::{LaDecision, PlanDecision, Provision, Role};

mod sharing {
    use super::*;

    #[test]
    fn a_joined_parent_and_the_senco_converge_after_offline_edits() {
        let (_logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        assert_eq!(
            parent.store.get("r1").unwrap().young_person.given_name,
            "Ayo"
        );
        senco.like("r1", "kind to friends");
        parent.like("r1", "brilliant at Lego");
        senco.sync("r1");
        parent.sync("r1");
        senco.sync("r1");
        assert_eq!(
            likes(&mut senco.store),
            vec!["brilliant at Lego", "kind to friends"]
        );
        assert_eq!(
            senco.store.get("r1").unwrap(),
            parent.store.get("r1").unwrap()
        );
        let members = senco.store.get("r1").unwrap().members;
        let roles: Vec<Role> = members.iter().map(|m| m.role).collect();
        assert_eq!(
            roles,
            vec![Role::Senco, Role::ParentCarer],
            "roles recorded in the document"
        );
    }

    #[test]
    fn status_shows_members_pending_changes_and_last_sync() {
        let (_logs, mut senco, _parent) = senco_and(Role::ParentCarer);
        senco.like("r1", "funny");
        let status = sync::status(&mut senco.store, "r1").unwrap();
        assert!(status.shared && status.owner);
        assert_eq!(status.pending_changes, 1);
        assert_eq!(status.members.len(), 2);
        assert!(status.last_synced.is_some());
        senco.sync("r1");
        assert_eq!(
            sync::status(&mut senco.store, "r1")
                .unwrap()
                .pending_changes,
            0
        );
    }

    #[test]
    fn only_the_owner_can_invite_and_a_review_is_shared_once() {
        let (_logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let err = sync::invite(&mut parent.store, "r1", Role::LaCaseworker).unwrap_err();
        assert!(
            err.to_string()
                .contains("only the device that first shared"),
            "{err}"
        );
        let err = sync::share(&mut senco.store, "r1", "memory", Role::Senco, "Jo").unwrap_err();
        assert!(err.to_string().contains("already shared"), "{err}");
    }

    #[test]
    fn a_mistyped_code_or_a_missing_name_gets_plain_words_and_joins_nothing() {
        let (_logs, mut senco, _parent) = senco_and(Role::Teacher);
        let code = sync::invite(&mut senco.store, "r1", Role::Health)
            .unwrap()
            .to_code();
        let logs = Logs::default();
        let mut newcomer = Peer::new(&logs, 9);
        let cut = &code[..code.len() - 10];
        let e = sync::join_by_code(&mut newcomer.store, cut, "Sam Okoro").unwrap_err();
        assert!(e.to_string().contains("copy it again"), "{e}");
        let e = sync::join_by_code(&mut newcomer.store, &code, "  ").unwrap_err();
        assert!(e.to_string().contains("give your name"), "{e}");
        assert!(!newcomer.store.exists("r1").unwrap());
    }

    /// Both computers hold the built-in demo caseload, each child made on its own computer.
    fn demo_senco_shares_with_a_parent() -> (Logs, Peer, Invitation, String) {
        let logs = Logs::default();
        let mut senco = Peer::new(&logs, 1);
        northstar_engine::demo::load_demo(&mut senco.store).unwrap();
        let id = northstar_engine::demo::demo_documents().unwrap()[0]
            .id
            .clone();
        senco
            .store
            .update(&id, "Preferred name", |d| {
                d.young_person.preferred_name = Some("Ollie".into())
            })
            .unwrap();
        sync::share(&mut senco.store, &id, "memory", Role::Senco, "Jo Marsh").unwrap();
        senco.sync(&id);
        let invitation = sync::invite(&mut senco.store, &id, Role::ParentCarer).unwrap();
        (logs, senco, invitation, id)
    }

    #[test]
    fn an_untouched_demo_child_gives_way_to_the_shared_copy() {
        let (logs, mut senco, invitation, id) = demo_senco_shares_with_a_parent();
        let mut parent = Peer::new(&logs, 2);
        northstar_engine::demo::load_demo(&mut parent.store).unwrap();
        sync::join(
            &mut parent.store,
            &invitation,
            "Dana Bello",
            &mut parent.net,
        )
        .unwrap();
        let joined = parent.store.get(&id).unwrap();
        assert_eq!(joined.young_person.preferred_name.as_deref(), Some("Ollie"));
        // Until the SENCO's copy lets the parent in, the parent waits, and says so.
        assert_eq!(joined.members.len(), 1, "the SENCO");
        assert!(!sync::status(&mut parent.store, &id).unwrap().let_in);
        senco.sync(&id);
        parent.sync(&id);
        assert!(sync::status(&mut parent.store, &id).unwrap().let_in);
        let joined = parent.store.get(&id).unwrap();
        assert_eq!(joined.members.len(), 2, "the SENCO and the parent");
        // Both copies now take each other's changes, with nothing refused.
        parent.like(&id, "Loves the swings");
        parent.sync(&id);
        senco.sync(&id);
        let at_school = sync::status(&mut senco.store, &id).unwrap();
        assert!(
            at_school.quarantined.is_empty(),
            "{:?}",
            at_school.quarantined
        );
        let merged = senco.store.get(&id).unwrap();
        assert!(merged.reviews[0]
            .record
            .like_and_admire
            .iter()
            .any(|e| e.text.as_str() == "Loves the swings"));
        assert_eq!(merged.members.len(), 2);
    }

    #[test]
    fn a_separate_copy_with_work_in_it_is_kept_and_nothing_is_joined() {
        let (logs, _senco, invitation, id) = demo_senco_shares_with_a_parent();
        let mut parent = Peer::new(&logs, 2);
        northstar_engine::demo::load_demo(&mut parent.store).unwrap();
        parent
            .store
            .update(&id, "Own work", |d| {
                d.young_person.preferred_name = Some("Olly".into())
            })
            .unwrap();
        let e = sync::join(
            &mut parent.store,
            &invitation,
            "Dana Bello",
            &mut parent.net,
        )
        .unwrap_err();
        assert!(e.to_string().contains("separate copy"), "{e}");
        let kept = parent.store.get(&id).unwrap();
        assert_eq!(kept.young_person.preferred_name.as_deref(), Some("Olly"));
        assert!(kept.members.is_empty());
        assert!(!sync::status(&mut parent.store, &id).unwrap().shared);
    }

    #[test]
    fn a_newcomer_starts_from_the_owners_snapshot() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        for i in 0..5 {
            parent.like("r1", &format!("note {i}"));
            parent.sync("r1");
        }
        senco.sync("r1");
        let code = sync::invite(&mut senco.store, "r1", Role::Health).unwrap();
        let mut nurse = Peer::new(&logs, 3);
        sync::join(&mut nurse.store, &code, "Sam Reid", &mut nurse.net).unwrap();
        assert_eq!(likes(&mut nurse.store).len(), 5);
    }
}

mod roles {
    use super::*;

    #[test]
    fn a_parents_change_to_section_f_is_quarantined_and_nothing_merges() {
        let (_logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let before = senco.store.get("r1").unwrap();
        parent.tamper_with_own_role_check();
        parent.add_provision("r1");
        parent.sync("r1");
        let report = senco.sync("r1");
        assert_eq!(report.refused.len(), 1, "{report:?}");
        assert!(
            report.refused[0].contains("Section F"),
            "{}",
            report.refused[0]
        );
        assert_eq!(
            senco.store.get("r1").unwrap(),
            before,
            "nothing of it merged"
        );
        let status = sync::status(&mut senco.store, "r1").unwrap();
        assert_eq!(status.quarantined.len(), 1);
        assert_eq!(status.quarantined[0].sender.as_deref(), Some("Dana Bello"));
    }

    #[test]
    fn a_refused_envelope_among_good_ones_in_one_pull_keeps_the_good_ones() {
        let (_logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        parent.like("r1", "Kind to his sister");
        parent.sync("r1");
        parent.tamper_with_own_role_check();
        parent.add_provision("r1");
        parent.sync("r1");
        // The parent's later, allowed edit builds on the refused one, so it has to wait.
        parent.like("r1", "Loves trains");
        parent.sync("r1");
        let report = senco.sync("r1");
        // The parent's three, and the SENCO's own admission of the parent, read back.
        assert_eq!(report.envelopes_received, 4, "{report:?}");
        assert_eq!(report.duplicates, 1, "{report:?}");
        assert_eq!(report.refused.len(), 1, "{report:?}");
        assert_eq!(report.waiting, 1, "{report:?}");
        assert_eq!(likes(&mut senco.store), ["Kind to his sister"]);
        assert_eq!(senco.provisions("r1"), 0);
    }

    #[test]
    fn only_the_la_caseworker_records_the_la_decision() {
        let (logs, mut senco, mut teacher) = senco_and(Role::Teacher);
        let decide = |store: &mut Store| {
            store
                .update("r1", "Decide", |d| {
                    d.reviews[0].la_decision = Some(LaDecision {
                        decision: PlanDecision::Maintain,
                        ..Default::default()
                    })
                })
                .unwrap();
        };
        teacher.tamper_with_own_role_check();
        decide(&mut teacher.store);
        teacher.sync("r1");
        let report = senco.sync("r1");
        assert!(
            report.refused[0].contains("the LA's decision"),
            "{report:?}"
        );
        assert!(senco.store.get("r1").unwrap().reviews[0]
            .la_decision
            .is_none());

        let invitation = sync::invite(&mut senco.store, "r1", Role::LaCaseworker).unwrap();
        let mut la = Peer::new(&logs, 4);
        sync::join(&mut la.store, &invitation, "Priya Shah", &mut la.net).unwrap();
        decide(&mut la.store);
        la.sync("r1");
        let report = senco.sync("r1");
        assert!(report.refused.is_empty(), "{report:?}");
        assert!(senco.store.get("r1").unwrap().reviews[0]
            .la_decision
            .is_some());
    }

    #[test]
    fn a_device_refuses_its_own_out_of_role_edit_in_plain_words() {
        let (_logs, _senco, mut parent) = senco_and(Role::ParentCarer);
        let before = parent.store.get("r1").unwrap();
        let err = parent
            .store
            .update("r1", "Add provision", |d| {
                d.plan.section_f.provisions.push(Provision {
                    id: "p-y".into(),
                    ..Default::default()
                })
            })
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "In this shared review you take part as parent or carer, and that role cannot change Section F: Special educational provision (only SENCO or LA caseworker can). Nothing was saved. You can propose an amendment instead."
        );
        assert_eq!(parent.store.get("r1").unwrap(), before);
        // What the role allows still saves.
        parent.like("r1", "helpful at home");
        assert_eq!(likes(&mut parent.store), vec!["helpful at home"]);
    }

    #[test]
    fn a_member_cannot_pass_on_another_devices_changes() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let invitation = sync::invite(&mut senco.store, "r1", Role::Teacher).unwrap();
        let keys = DocKeys::of_invitation(&invitation);
        let mut teacher = Peer::new(&logs, 5);
        sync::join(&mut teacher.store, &invitation, "Kim Lee", &mut teacher.net).unwrap();
        senco.sync("r1");
        parent.sync("r1");
        // The parent picks up the teacher's change by file; plain sync never sends it on...
        teacher.like("r1", "reads every day");
        let bundle = sync::export_bundle(&mut teacher.store, "r1").unwrap();
        sync::import_bundle(&mut parent.store, &bundle).unwrap();
        assert_eq!(parent.sync("r1").changes_sent, 0);
        // ...and a hand-made envelope passing it on under the parent's signature is refused.
        let mut doc =
            automerge::AutoCommit::load(&teacher.store.export_automerge("r1").unwrap()).unwrap();
        let change = doc.get_changes(&[]).last().unwrap().raw_bytes().to_vec();
        let grant = parent
            .store
            .get("r1")
            .unwrap()
            .members
            .iter()
            .find(|m| m.name == "Dana Bello")
            .unwrap()
            .grant
            .clone();
        let mut payload = northstar_schema::sync::Payload {
            sender: [0; 32],
            counter: 900,
            kind: northstar_schema::sync::PayloadKind::Changes,
            grant: hex::decode(grant).unwrap(),
            covers: 0,
            changes: northstar_schema::sync::encode_change_list([change.as_slice()]),
            signature: [0; 64],
        };
        sync::crypto::sign_payload(parent.store.device(), "r1", &mut payload);
        append_raw(&logs, keys.seal(&payload).unwrap());
        let report = senco.sync("r1");
        assert!(
            report.refused.iter().any(|r| r.contains("another device")),
            "{report:?}"
        );
        assert!(likes(&mut senco.store).is_empty());
    }
}

/// Concurrent values on one field are shown to people, both of them, until one is chosen.
mod conflicts {
    use super::*;
    use northstar_schema::sync::ConflictStep;
    use northstar_schema::Date;

    fn set_meeting_date(peer: &mut Peer, day: u32) {
        peer.store
            .update("r1", "Set the meeting date", move |d| {
                d.reviews[0].meeting_date = Date::from_ymd(2027, 1, day)
            })
            .unwrap();
    }

    #[test]
    fn both_values_are_shown_with_who_wrote_them_and_the_choice_reaches_every_copy() {
        let (_logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        assert!(sync::conflicts(&mut senco.store, "r1").unwrap().is_empty());
        // Both offline: the SENCO and the parent put different dates in.
        set_meeting_date(&mut senco, 12);
        set_meeting_date(&mut parent, 19);
        senco.sync("r1");
        parent.sync("r1");
        senco.sync("r1");

        for (peer, me) in [(&mut senco, "Dana Bello"), (&mut parent, "Jo Marsh")] {
            let found = sync::conflicts(&mut peer.store, "r1").unwrap();
            assert_eq!(found.len(), 1, "{found:?}");
            let c = &found[0];
            assert_eq!(c.place, "The review meeting record, meeting date");
            let mut shown: Vec<&str> = c.values.iter().map(|v| v.shown.as_str()).collect();
            shown.sort();
            assert_eq!(shown, ["2027-01-12", "2027-01-19"]);
            let by: Vec<&str> = c.values.iter().map(|v| v.by.as_str()).collect();
            assert!(by.contains(&me), "the other person is named: {by:?}");
            assert!(by.contains(&"you, on this computer"), "{by:?}");
            // The value the review shows is listed first.
            let showing = peer.store.get("r1").unwrap().reviews[0].meeting_date;
            assert_eq!(
                Some(c.values[0].shown.as_str()),
                showing.map(|d| d.to_string()).as_deref()
            );
            let status = sync::status(&mut peer.store, "r1").unwrap();
            assert_eq!(status.conflicts, found, "the Sharing tab gets them");
        }

        // The parent keeps the SENCO's date; every copy then shows it and nothing conflicts.
        let path = vec![
            ConflictStep::Key("reviews".into()),
            ConflictStep::Index(0),
            ConflictStep::Key("meeting_date".into()),
        ];
        let kept = sync::settle(
            &mut parent.store,
            "r1",
            &path,
            "2027-01-12",
            "Kept the date",
        )
        .unwrap();
        assert_eq!(kept.reviews[0].meeting_date, Date::from_ymd(2027, 1, 12));
        let again = sync::settle(
            &mut parent.store,
            "r1",
            &path,
            "2027-01-19",
            "Kept the date",
        )
        .unwrap_err();
        assert!(
            again.to_string().contains("already been settled"),
            "{again}"
        );
        parent.sync("r1");
        senco.sync("r1");
        for peer in [&mut senco, &mut parent] {
            assert!(sync::conflicts(&mut peer.store, "r1").unwrap().is_empty());
            assert_eq!(
                peer.store.get("r1").unwrap().reviews[0].meeting_date,
                Date::from_ymd(2027, 1, 12)
            );
        }
    }

    #[test]
    fn the_same_value_written_twice_is_not_a_difference_to_settle() {
        let (_logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        set_meeting_date(&mut senco, 12);
        set_meeting_date(&mut parent, 12);
        senco.sync("r1");
        parent.sync("r1");
        assert!(sync::conflicts(&mut parent.store, "r1").unwrap().is_empty());
    }
}

/// Honest people editing at the same time never produce a change anyone refuses: a merge
/// that would break the review's rules is repaired the same way on every copy.
mod concurrent_moves {
    use super::*;
    use northstar_schema::edit::ReviewEdit;
    use northstar_schema::session::Author;
    use northstar_schema::{Need, PlanSection};

    fn move_need(peer: &mut Peer, role: Role, section: PlanSection, words: &str) {
        let need = peer
            .store
            .get("r1")
            .unwrap()
            .plan
            .needs()
            .find(|(_, n)| n.id == "need-1")
            .map(|(_, n)| n.clone())
            .unwrap();
        let edit = ReviewEdit::UpsertNeed {
            section,
            need: Need {
                description: words.into(),
                ..need
            },
        };
        let author = Author {
            name: "Someone".into(),
            role,
        };
        peer.store.apply_edit("r1", &edit, &author).unwrap();
    }

    fn placed(peer: &mut Peer) -> Vec<(PlanSection, String)> {
        peer.store
            .get("r1")
            .unwrap()
            .plan
            .needs()
            .map(|(s, n)| (s, n.description.as_str().to_string()))
            .collect()
    }

    #[test]
    fn two_people_moving_one_need_to_different_sections_end_with_it_in_one_place() {
        let (_logs, mut senco, mut la) = senco_and(Role::LaCaseworker);
        senco.add_need("need-1", false, "Finds busy rooms overwhelming");
        senco.sync("r1");
        la.sync("r1");
        // Both offline: the SENCO moves it to C (health), the caseworker to D (social care).
        move_need(&mut senco, Role::Senco, PlanSection::C, "Sensory needs");
        move_need(&mut la, Role::LaCaseworker, PlanSection::D, "Social needs");
        for _ in 0..2 {
            for peer in [&mut senco, &mut la] {
                let report = peer.sync("r1");
                assert!(report.refused.is_empty(), "{report:?}");
            }
        }
        let here = placed(&mut senco);
        assert_eq!(here.len(), 1, "the need is in one place: {here:?}");
        assert_eq!(placed(&mut la), here, "and the same place on both copies");
        // People are told, in the Sharing tab, where it was kept.
        for peer in [&mut senco, &mut la] {
            let notes = sync::status(&mut peer.store, "r1").unwrap().repaired;
            assert_eq!(notes.len(), 1, "{notes:?}");
            assert!(notes[0].contains("kept in Section C"), "{notes:?}");
        }
        // The SENCO puts it where it belongs; the second copy goes with that edit.
        move_need(&mut senco, Role::Senco, PlanSection::D, "Social needs");
        senco.sync("r1");
        la.sync("r1");
        for peer in [&mut senco, &mut la] {
            assert_eq!(placed(peer), [(PlanSection::D, "Social needs".to_string())]);
            assert!(sync::status(&mut peer.store, "r1")
                .unwrap()
                .repaired
                .is_empty());
        }
        // Nothing is stuck behind it: both keep syncing.
        senco.like("r1", "Kind");
        la.like("r1", "Funny");
        senco.sync("r1");
        la.sync("r1");
        senco.sync("r1");
        for peer in [&mut senco, &mut la] {
            assert_eq!(likes(&mut peer.store), ["Funny", "Kind"]);
            assert_eq!(sync::status(&mut peer.store, "r1").unwrap().waiting, 0);
        }
    }
}

mod attachments {
    use super::*;
    use northstar_schema::{Attachment, AttachmentKind, Contribution};

    const DRAWING: &[u8] = b"fictional drawing: a rocket, a dog and a big sun";

    /// The young person adds a drawing to their space, on their own device.
    fn add_drawing(peer: &mut Peer, bytes: &'static [u8]) -> String {
        let sha256 = peer.store.put_blob(bytes, "image/png").unwrap();
        let reference = sha256.clone();
        peer.store
            .update("r1", "A drawing", move |d| {
                d.voice.push(Contribution {
                    id: "c-rocket".into(),
                    attachments: vec![Attachment {
                        sha256: reference,
                        kind: AttachmentKind::Drawing,
                        media_type: "image/png".into(),
                        byte_len: bytes.len() as u64,
                        caption: Some("Me on a rocket".into()),
                    }],
                    ..Default::default()
                })
            })
            .unwrap();
        sha256
    }

    #[test]
    fn a_young_persons_drawing_reaches_the_other_copies_once() {
        let (_logs, mut senco, mut young_person) = senco_and(Role::YoungPerson);
        let sha256 = add_drawing(&mut young_person, DRAWING);
        assert_eq!(young_person.sync("r1").attachments_sent, 1);
        senco.sync("r1");
        let (bytes, media_type) = senco.store.blob(&sha256).unwrap().expect("the drawing");
        assert_eq!(
            (bytes.as_slice(), media_type.as_str()),
            (DRAWING, "image/png")
        );
        // Once there, nobody sends it to that relay again.
        assert_eq!(young_person.sync("r1").attachments_sent, 0);
        assert_eq!(senco.sync("r1").attachments_sent, 0);
    }

    #[test]
    fn someone_who_joins_after_a_snapshot_still_gets_the_drawing() {
        let (logs, mut senco, mut young_person) = senco_and(Role::YoungPerson);
        let sha256 = add_drawing(&mut young_person, DRAWING);
        young_person.sync("r1");
        senco.sync("r1");
        // Enough happens that the owner sends a fresh snapshot, past the drawing.
        let mut snapshot = false;
        for i in 0..sync::SNAPSHOT_EVERY {
            senco.like("r1", &format!("note {i}"));
            snapshot |= senco.sync("r1").snapshot_sent;
        }
        assert!(snapshot);
        let code = sync::invite(&mut senco.store, "r1", Role::LaCaseworker)
            .unwrap()
            .to_code();
        let mut la = Peer::new(&logs, 3);
        let invitation = Invitation::from_code(&code).unwrap();
        sync::join(&mut la.store, &invitation, "Lee Carter", &mut la.net).unwrap();
        senco.sync("r1");
        young_person.sync("r1");
        la.sync("r1");
        assert!(
            la.store.blob(&sha256).unwrap().is_some(),
            "the drawing reached the LA"
        );
    }

    #[test]
    fn bytes_that_are_not_what_the_review_refers_to_are_never_stored() {
        let (_logs, mut senco, mut young_person) = senco_and(Role::YoungPerson);
        let sha256 = add_drawing(&mut young_person, DRAWING);
        // A damaged (or doctored) copy on the sending device: other bytes under the name.
        let db = common::raw_store(young_person._dir.path());
        db.execute("UPDATE blobs SET bytes = X'00010203'", [])
            .unwrap();
        young_person.sync("r1");
        let report = senco.sync("r1");
        assert_eq!(report.waiting, 1, "held, not stored: {report:?}");
        assert!(senco.store.blob(&sha256).unwrap().is_none());
        let stored: i64 = common::raw_store(senco._dir.path())
            .query_row("SELECT count(*) FROM blobs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, 0);
        // The review itself still took the young person's words in.
        assert_eq!(senco.store.get("r1").unwrap().voice.len(), 1);
    }

    #[test]
    fn a_bundle_carries_the_attachments_too() {
        let (_logs, mut senco, mut young_person) = senco_and(Role::YoungPerson);
        let sha256 = add_drawing(&mut young_person, DRAWING);
        let bundle = sync::export_bundle(&mut young_person.store, "r1").unwrap();
        sync::import_bundle(&mut senco.store, &bundle).unwrap();
        assert_eq!(senco.store.blob(&sha256).unwrap().unwrap().0, DRAWING);
    }
}

mod hostile {
    use super::*;

    #[test]
    fn a_tampered_envelope_is_quarantined_and_nothing_changes() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        parent.like("r1", "tidy");
        parent.sync("r1");
        let mut bytes = log_entries(&logs).last().unwrap().bytes.clone();
        let n = bytes.len();
        bytes[n - 20] ^= 0x01;
        // Replace the honest entry with the damaged one before the SENCO reads it.
        logs.borrow_mut()
            .values_mut()
            .next()
            .unwrap()
            .entries
            .last_mut()
            .unwrap()
            .bytes = bytes;
        let before = senco.store.get("r1").unwrap();
        let report = senco.sync("r1");
        assert_eq!(report.refused.len(), 1);
        assert!(
            report.refused[0].contains("could not be decrypted"),
            "{}",
            report.refused[0]
        );
        assert_eq!(senco.store.get("r1").unwrap(), before);
    }

    #[test]
    fn a_forged_signature_is_quarantined() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        parent.like("r1", "honest");
        parent.sync("r1");
        let keys = keys_of(&mut senco);
        let honest = log_entries(&logs).last().unwrap().bytes.clone();
        let mut payload = keys.open(&honest).unwrap();
        // Someone with the review key but not the parent's device key rewrites the changes.
        let mut other = Peer::new(&logs, 9);
        other.store.create(&review("r1", "Ayo", "Bello")).unwrap();
        other.like("r1", "forged");
        let forged = other.store.export_automerge("r1").unwrap();
        payload.changes = northstar_schema::sync::encode_change_list([forged.as_slice()]);
        payload.counter += 100;
        append_raw(&logs, keys.seal(&payload).unwrap());
        let before = likes(&mut senco.store);
        let report = senco.sync("r1");
        assert!(
            report
                .refused
                .iter()
                .any(|r| r.contains("signature does not match")),
            "{report:?}"
        );
        assert_eq!(
            likes(&mut senco.store),
            before
                .into_iter()
                .chain(["honest".to_string()])
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_replayed_envelope_is_ignored() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        parent.like("r1", "once");
        parent.sync("r1");
        senco.sync("r1");
        let copy = log_entries(&logs).last().unwrap().bytes.clone();
        append_raw(&logs, copy);
        let stored_before = senco.store.pending_changes("r1").unwrap();
        let report = senco.sync("r1");
        assert_eq!(report.duplicates, 1, "{report:?}");
        assert_eq!(report.changes_applied, 0);
        assert_eq!(
            senco.store.pending_changes("r1").unwrap(),
            stored_before,
            "nothing stored"
        );
        assert_eq!(likes(&mut senco.store), vec!["once"]);
    }

    #[test]
    fn a_stranger_with_another_reviews_key_cannot_join_or_read() {
        let (logs, _senco, _parent) = senco_and(Role::ParentCarer);
        let mut invitation = Invitation::from_code(&{
            let mut p = Peer::new(&logs, 7);
            p.store.create(&review("r9", "Eli", "Ward")).unwrap();
            sync::share(&mut p.store, "r9", "memory", Role::Senco, "X").unwrap();
            sync::invite(&mut p.store, "r9", Role::Other)
                .unwrap()
                .to_code()
        })
        .unwrap();
        invitation.doc_id = "r1".into();
        let mut stranger = Peer::new(&logs, 8);
        let err = sync::join(
            &mut stranger.store,
            &invitation,
            "Stranger",
            &mut stranger.net,
        )
        .unwrap_err();
        assert!(err.to_string().contains("relay"), "{err}");
        assert_eq!(stranger.store.count().unwrap(), 0, "nothing stored");
    }

    #[test]
    fn a_bundle_for_an_unknown_review_is_refused_plainly() {
        let (_logs, mut senco, _parent) = senco_and(Role::ParentCarer);
        let bundle = sync::export_bundle(&mut senco.store, "r1").unwrap();
        let logs = Logs::default();
        let mut outsider = Peer::new(&logs, 3);
        let err = sync::import_bundle(&mut outsider.store, &bundle).unwrap_err();
        assert!(
            err.to_string().contains("not shared with this device"),
            "{err}"
        );
        let err = sync::import_bundle(&mut outsider.store, b"NSB1 garbage").unwrap_err();
        assert!(
            err.to_string().contains("damaged") || err.to_string().contains("cut short"),
            "{err}"
        );
    }
}

mod bundles {
    use super::*;

    #[test]
    fn a_bundle_merges_and_importing_it_twice_changes_nothing() {
        let (_logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        parent.net.online = false;
        parent.like("r1", "by usb stick");
        let bundle = sync::export_bundle(&mut parent.store, "r1").unwrap();
        senco.like("r1", "in the meeting");
        let (id, report) = sync::import_bundle(&mut senco.store, &bundle).unwrap();
        assert_eq!(id, "r1");
        assert!(report.refused.is_empty(), "{report:?}");
        assert_eq!(
            likes(&mut senco.store),
            vec!["by usb stick", "in the meeting"]
        );
        let (_, again) = sync::import_bundle(&mut senco.store, &bundle).unwrap();
        assert_eq!(again.duplicates, 1);
        assert_eq!(
            likes(&mut senco.store),
            vec!["by usb stick", "in the meeting"]
        );
    }
}

mod fuzzing {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    /// Damaged bundles (bit flips, cuts, arbitrary bytes) never panic and never change the copy.
    #[test]
    fn damaged_bundles_are_refused_and_change_nothing() {
        let (_logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        parent.like("r1", "real");
        let bundle = sync::export_bundle(&mut parent.store, "r1").unwrap();
        let before = senco.store.get("r1").unwrap();
        let store = std::cell::RefCell::new(&mut senco.store);
        let mut runner = TestRunner::new(Config {
            cases: 300,
            failure_persistence: None,
            ..Config::default()
        });
        let strategy = (
            any::<prop::sample::Index>(),
            any::<u8>(),
            any::<prop::sample::Index>(),
            prop::collection::vec(any::<u8>(), 0..64),
        );
        runner
            .run(&strategy, |(at, mask, cut, junk)| {
                let mut damaged = bundle.clone();
                let i = at.index(damaged.len());
                damaged[i] ^= mask.max(1);
                damaged.truncate(cut.index(damaged.len() + 1).max(i + 1));
                for bytes in [damaged, junk] {
                    let mut store = store.borrow_mut();
                    if let Ok((_, report)) = sync::import_bundle(&mut store, &bytes) {
                        prop_assert_eq!(
                            report.changes_applied,
                            0,
                            "a damaged bundle applied changes"
                        );
                    }
                    prop_assert_eq!(&store.get("r1").unwrap(), &before);
                }
                Ok(())
            })
            .unwrap();
        let _ = store.into_inner();
        // The undamaged bundle still merges afterwards.
        sync::import_bundle(&mut senco.store, &bundle).unwrap();
        assert_eq!(likes(&mut senco.store), vec!["real"]);
    }
}

mod statutory_year {
    use super::*;
    use northstar_schema::edit::ReviewEdit;
    use northstar_schema::session::Author;
    use northstar_schema::{Date, PlanIssue, Representation};

    fn claiming(name: &str, role: Role) -> Author {
        Author {
            name: name.into(),
            role,
        }
    }

    #[test]
    fn a_sencos_copy_refuses_to_record_the_decision_whoever_it_claims_to_be() {
        let (_logs, mut senco, _parent) = senco_and(Role::ParentCarer);
        senco
            .store
            .update("r1", "Meeting held", |d| {
                d.reviews[0].meeting_date = Date::parse("2026-11-10")
            })
            .unwrap();
        let before = senco.store.get("r1").unwrap();
        let err = senco
            .store
            .apply_edit(
                "r1",
                &ReviewEdit::RecordDecision {
                    review_id: "review-1".into(),
                    decision: PlanDecision::Amend,
                    decided_on: Date::parse("2026-11-20").unwrap(),
                    reasons: "Claimed".into(),
                    decided_by: None,
                },
                // A name and role typed in; the copy's own role (SENCO) is what counts.
                &claiming("Priya Shah", Role::LaCaseworker),
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("the LA's decision"), "{err}");
        assert_eq!(senco.store.get("r1").unwrap(), before, "nothing saved");
    }

    #[test]
    fn an_issued_plan_from_a_parents_copy_is_quarantined() {
        let (_logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        parent.tamper_with_own_role_check();
        parent
            .store
            .update("r1", "Forged issue", |d| {
                d.issues.push(PlanIssue {
                    id: "forged".into(),
                    number: 2,
                    plan_json: "{}".into(),
                    ..Default::default()
                })
            })
            .unwrap();
        parent.sync("r1");
        let report = senco.sync("r1");
        assert_eq!(report.refused.len(), 1, "{report:?}");
        assert!(report.refused[0].contains("the issued plans"), "{report:?}");
        assert!(senco.store.get("r1").unwrap().issues.is_empty());
    }

    #[test]
    fn the_family_records_representations_and_a_sencos_copy_may_not() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let comment = |store: &mut Store, text: &str| {
            let text = text.to_string();
            store
                .update("r1", "Comments", move |d| {
                    d.reviews[0].representations.push(Representation {
                        id: format!("rep-{}", text.len()),
                        text: text.as_str().into(),
                        ..Default::default()
                    })
                })
                .unwrap();
        };
        comment(&mut parent.store, "We agree with the changes");
        parent.sync("r1");
        let report = senco.sync("r1");
        assert!(report.refused.is_empty(), "{report:?}");
        assert_eq!(
            senco.store.get("r1").unwrap().reviews[0].representations[0]
                .text
                .as_str(),
            "We agree with the changes"
        );
        // A SENCO's copy, modified to skip its own check, cannot put words in the family's mouth.
        senco.tamper_with_own_role_check();
        // (The tamper makes this copy claim the LA's role locally; the others still hold its
        // grant as SENCO.) A third copy, the LA's, judges it.
        let invitation = sync::invite(&mut senco.store, "r1", Role::LaCaseworker).unwrap();
        let mut la = Peer::new(&logs, 5);
        sync::join(&mut la.store, &invitation, "Priya Shah", &mut la.net).unwrap();
        senco.sync("r1");
        comment(&mut senco.store, "Written for them");
        senco.sync("r1");
        let report = la.sync("r1");
        assert!(
            report
                .refused
                .iter()
                .any(|r| r.contains("the family's representations")),
            "{report:?}"
        );
        assert_eq!(
            la.store.get("r1").unwrap().reviews[0].representations.len(),
            1
        );
    }
}

/// A relay gives each review's log a storage allowance. However much it holds, the review's
/// sync must not end there: the owner's device moves the review to a fresh log (a new key,
/// as for a removal, removing nobody) when the relay says little room is left.
mod full_log {
    use super::*;
    use northstar_engine::sync::{HttpRelay, SyncReport, Transport};
    use northstar_relay::standalone::{spawn, RunOptions, RunningRelay};

    const QUOTA: u64 = 512 * 1024;

    struct Setting {
        _dir: tempfile::TempDir,
        _relay: RunningRelay,
        url: String,
        senco: Store,
        parent: Store,
        teacher: Store,
        keys: DocKeys,
    }

    impl Setting {
        fn new() -> Setting {
            let dir = tempfile::tempdir().unwrap();
            let relay = spawn(RunOptions {
                listen: "127.0.0.1:0".parse().unwrap(),
                storage: northstar_relay::standalone::Storage::sqlite(dir.path().join("relay.db")),
                limits: northstar_relay::Limits {
                    quota_bytes_per_log: QUOTA,
                    ..northstar_relay::Limits::default()
                },
                tls: None,
            })
            .unwrap_or_else(|f| panic!("{}", f.message));
            let url = format!("http://{}", relay.addr());
            let open = |name: &str| {
                Store::open(
                    &dir.path().join(name),
                    &northstar_engine::DataKey::for_tests(&dir.path().join(name)),
                )
                .unwrap()
            };
            let (mut senco, mut parent, mut teacher) =
                (open("senco"), open("parent"), open("teacher"));
            senco.create(&review("r1", "Ayo", "Bello")).unwrap();
            sync::share(&mut senco, "r1", &url, Role::Senco, "Jo Marsh").unwrap();
            sync::sync_review(&mut senco, "r1", &mut HttpRelay::new(&url), &mut |_| {}).unwrap();
            let mut keys = None;
            for (store, role, name) in [
                (&mut parent, Role::ParentCarer, "Dana Bello"),
                (&mut teacher, Role::Teacher, "Sam Okafor"),
            ] {
                let invitation = sync::invite(&mut senco, "r1", role).unwrap();
                keys = Some(DocKeys::of_invitation(&invitation));
                sync::join(store, &invitation, name, &mut HttpRelay::new(&url)).unwrap();
            }
            let mut s = Setting {
                _dir: dir,
                _relay: relay,
                url,
                senco,
                parent,
                teacher,
                keys: keys.unwrap(),
            };
            s.sync(Who::Senco).unwrap();
            s
        }

        fn sync(&mut self, who: Who) -> northstar_engine::Result<SyncReport> {
            let store = match who {
                Who::Senco => &mut self.senco,
                Who::Parent => &mut self.parent,
                Who::Teacher => &mut self.teacher,
            };
            sync::sync_review(store, "r1", &mut HttpRelay::new(&self.url), &mut |_| {})
        }

        /// Uses `bytes` of the log's allowance with entries nobody can read: a stand-in for a
        /// long history, or a member's device gone wrong.
        fn fill(&self, bytes: usize) {
            let mut net = HttpRelay::new(&self.url);
            let mut used = 0;
            for size in [32 * 1024, 4096, 256, 16, 1] {
                while used + size <= bytes {
                    let log = &self.keys.log_id;
                    if net
                        .append(log, &self.keys.token, &vec![7; size], None)
                        .is_err()
                    {
                        break;
                    }
                    used += size;
                }
            }
        }

        /// What the relay says the review's current log has left, and its quota.
        fn room(&mut self) -> (u64, u64) {
            let invitation = sync::invite(&mut self.senco, "r1", Role::Other).unwrap();
            let keys = DocKeys::of_invitation(&invitation);
            let pulled = HttpRelay::new(&self.url)
                .pull(&keys.log_id, &keys.token, 0, false, None)
                .unwrap();
            pulled.room.expect("the relay says how much room is left")
        }
    }

    #[derive(Clone, Copy)]
    enum Who {
        Senco,
        Parent,
        Teacher,
    }

    #[test]
    fn a_log_near_its_allowance_moves_to_a_fresh_one_and_everyone_follows() {
        let mut s = Setting::new();
        s.fill(416 * 1024);
        let (room, quota) = s.room();
        assert_eq!(quota, QUOTA);
        assert!(room * 4 < quota, "{room} of {quota} left");

        common::add_like(&mut s.teacher, "r1", "Kind");
        s.sync(Who::Teacher).unwrap();
        let moved = s.sync(Who::Senco).unwrap();
        assert!(
            moved.new_key,
            "the owner's device moves the review on: {moved:?}"
        );
        assert_eq!(common::likes(&mut s.senco, "r1"), ["Kind"]);
        let (room, _) = s.room();
        assert!(
            room * 2 > QUOTA,
            "the fresh log starts nearly empty: {room} left"
        );

        // Everyone follows, nobody is removed, and what they write keeps arriving.
        for who in [Who::Parent, Who::Teacher] {
            let report = s.sync(who).unwrap();
            assert!(report.new_key && !report.removed, "{report:?}");
        }
        common::add_like(&mut s.parent, "r1", "Funny");
        s.sync(Who::Parent).unwrap();
        s.sync(Who::Senco).unwrap();
        s.sync(Who::Teacher).unwrap();
        let mut likes = common::likes(&mut s.teacher, "r1");
        likes.sort();
        assert_eq!(likes, ["Funny", "Kind"]);
        let members = s.senco.get("r1").unwrap().members;
        assert!(members.iter().all(|m| m.current()), "{members:?}");
        // The review does not move again while the fresh log has room.
        assert!(!s.sync(Who::Senco).unwrap().new_key);
    }

    #[test]
    fn a_full_log_stops_nobody_for_good_even_with_no_one_removed() {
        let mut s = Setting::new();
        s.fill(QUOTA as usize);
        common::add_like(&mut s.teacher, "r1", "Kind");
        let stuck = s.sync(Who::Teacher).unwrap_err().to_string();
        assert!(stuck.contains("fresh log"), "{stuck}");

        assert!(s.sync(Who::Senco).unwrap().new_key);
        assert!(s.sync(Who::Teacher).unwrap().new_key, "the teacher follows");
        s.sync(Who::Senco).unwrap();
        assert_eq!(common::likes(&mut s.senco, "r1"), ["Kind"]);
    }

    #[test]
    fn a_review_as_big_as_its_log_is_not_moved_over_and_over() {
        let mut s = Setting::new();
        // A photo nearly as big as the allowance: a fresh log would be as full at once.
        let photo: Vec<u8> = (0..400 * 1024u32).map(|i| (i * 7919 % 251) as u8).collect();
        let sha256 = s.senco.put_blob(&photo, "image/jpeg").unwrap();
        s.senco
            .update("r1", "A photo", move |d| {
                d.voice.push(northstar_schema::Contribution {
                    id: "c-photo".into(),
                    attachments: vec![northstar_schema::Attachment {
                        sha256,
                        kind: northstar_schema::AttachmentKind::Photo,
                        media_type: "image/jpeg".into(),
                        byte_len: 400 * 1024,
                        caption: Some("Sports day".into()),
                    }],
                    ..Default::default()
                })
            })
            .unwrap();
        s.sync(Who::Senco).unwrap();
        let (room, quota) = s.room();
        assert!(room * 4 < quota, "{room} of {quota} left");
        assert!(!s.sync(Who::Senco).unwrap().new_key);
        assert!(!s.sync(Who::Senco).unwrap().new_key);
    }
}
