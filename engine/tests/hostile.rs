//! A dishonest member with a valid invitation: a real member's device sends each attack as a
//! signed, well-formed envelope (or a file). Each is refused with a reason people can read, and
//! the honest copies keep syncing. Grouped by what the attacker goes after.

mod common;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ReadDoc, ScalarValue, ROOT};
use common::peers::{append_raw, crafted, keys_of, likes, log_entries, send_changes, send_raw};
use common::peers::{join, senco_and, Peer};
use common::relay::Logs;
use northstar_engine::sync;
use northstar_schema::sync::Invitation;
use northstar_schema::{LaDecision, PlanDecision, Provision, Role};

/// A new member of review "r1", invited by the owner `owner` and caught up.
fn get_obj(
    doc: &AutoCommit,
    obj: &automerge::ObjId,
    prop: impl Into<automerge::Prop>,
) -> automerge::ObjId {
    doc.get(obj, prop).unwrap().unwrap().1
}

/// Adds a "like and admire" note straight into the document, as any member's app would.
fn add_like_raw(doc: &mut AutoCommit, text: &str) {
    let reviews = get_obj(doc, &ROOT, "reviews");
    let review = get_obj(doc, &reviews, 0);
    let record = get_obj(doc, &review, "record");
    let notes = get_obj(doc, &record, "like_and_admire");
    let n = doc.length(&notes);
    let entry = doc.insert_object(&notes, n, ObjType::Map).unwrap();
    doc.put(&entry, "id", format!("raw-{text}")).unwrap();
    let t = doc.put_object(&entry, "text", ObjType::Text).unwrap();
    doc.splice_text(&t, 0, 0, text).unwrap();
    doc.put(&entry, "author_id", ScalarValue::Null).unwrap();
}

/// The plain values of a record (a membership record's key, name, role and grant).
fn scalars(doc: &AutoCommit, record: &automerge::ObjId) -> Vec<(String, ScalarValue)> {
    doc.keys(record)
        .filter_map(|key| match doc.get(record, key.as_str()).unwrap() {
            Some((automerge::Value::Scalar(s), _)) => Some((key, s.into_owned())),
            _ => None,
        })
        .collect()
}

fn fill(doc: &mut AutoCommit, record: &automerge::ObjId, values: Vec<(String, ScalarValue)>) {
    for (key, value) in values {
        doc.put(record, key, value).unwrap();
    }
}

fn decision(peer: &mut Peer) -> Option<LaDecision> {
    peer.store.get("r1").unwrap().reviews[0].la_decision.clone()
}

mod the_las_decision {
    use super::*;

    fn decide(la: &mut Peer) {
        la.store
            .update("r1", "Decide", |d| {
                d.reviews[0].la_decision = Some(LaDecision {
                    decision: PlanDecision::Amend,
                    reasons: "Needs have changed".into(),
                    ..Default::default()
                })
            })
            .unwrap();
        la.sync("r1");
    }

    #[test]
    fn removing_or_replacing_a_review_that_holds_it_is_refused() {
        let (logs, mut owner, mut la) = senco_and(Role::LaCaseworker);
        decide(&mut la);
        owner.sync("r1");
        // A second SENCO may start and tidy reviews, but not take the LA's decision with one.
        let mut senco = join(&mut owner, &logs, Role::Senco, "Sam Okafor", 6);
        assert!(decision(&mut senco).is_some());
        let keys = keys_of(&mut owner);
        let actor = senco.store.device().actor().unwrap();
        let remove = crafted(&mut senco, &actor, |doc| {
            let reviews = get_obj(doc, &ROOT, "reviews");
            doc.delete(&reviews, 0).unwrap();
        });
        send_changes(&mut senco, &logs, &keys, 1000, &remove);
        let actor = senco.store.device().actor().unwrap();
        let replace = crafted(&mut senco, &actor, |doc| {
            doc.put_object(ROOT, "reviews", ObjType::List).unwrap();
        });
        send_changes(&mut senco, &logs, &keys, 1001, &replace);
        let report = owner.sync("r1");
        assert_eq!(report.refused.len(), 2, "{report:?}");
        for why in &report.refused {
            assert!(why.contains("the LA's decision"), "{why}");
        }
        assert_eq!(
            decision(&mut owner).unwrap().reasons.as_str(),
            "Needs have changed"
        );
        // The LA's copy judges the same way, and both still sync.
        la.like("r1", "Friendly");
        la.sync("r1");
        assert!(la.sync("r1").refused.is_empty());
        assert!(decision(&mut la).is_some());
        owner.sync("r1");
        assert_eq!(likes(&mut owner.store), ["Friendly"]);
    }

    #[test]
    fn an_empty_record_cannot_stand_in_for_it() {
        let (logs, mut owner, mut parent) = senco_and(Role::ParentCarer);
        let mut senco = join(&mut owner, &logs, Role::Senco, "Sam Okafor", 6);
        let keys = keys_of(&mut owner);
        let fake_review = |doc: &mut AutoCommit| {
            let reviews = get_obj(doc, &ROOT, "reviews");
            let review = doc.insert_object(&reviews, 1, ObjType::Map).unwrap();
            doc.put(&review, "id", "review-2").unwrap();
            // An empty record reads back as a decision to maintain the plan.
            doc.put_object(&review, "la_decision", ObjType::Map)
                .unwrap();
        };
        let actor = senco.store.device().actor().unwrap();
        let by_senco = crafted(&mut senco, &actor, fake_review);
        send_changes(&mut senco, &logs, &keys, 1000, &by_senco);
        let actor = parent.store.device().actor().unwrap();
        let by_parent = crafted(&mut parent, &actor, fake_review);
        send_changes(&mut parent, &logs, &keys, 1000, &by_parent);
        let report = owner.sync("r1");
        assert_eq!(report.refused.len(), 2, "{report:?}");
        assert!(
            report.refused[0].contains("the LA's decision"),
            "{report:?}"
        );
        assert!(
            report.refused[1].contains("the list of annual reviews"),
            "{report:?}"
        );
        assert_eq!(owner.store.get("r1").unwrap().reviews.len(), 1);
    }
}

mod stopping_sync {
    use super::*;

    #[test]
    fn two_changes_under_one_sequence_number_are_refused_and_sync_goes_on() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let keys = keys_of(&mut senco);
        let actor = parent.store.device().actor().unwrap();
        // Two different changes, both "change 1" of the same actor.
        let first = crafted(&mut parent, &actor, |doc| add_like_raw(doc, "first"));
        let second = crafted(&mut parent, &actor, |doc| add_like_raw(doc, "second"));
        assert_eq!(first[0].seq(), second[0].seq());
        send_changes(&mut parent, &logs, &keys, 1000, &first);
        send_changes(&mut parent, &logs, &keys, 1001, &second);
        parent.like("r1", "later");
        parent.sync("r1");
        let report = senco.sync("r1");
        assert_eq!(report.refused.len(), 1, "{report:?}");
        assert!(
            report.refused[0].contains("do not fit this review's history"),
            "{report:?}"
        );
        assert_eq!(likes(&mut senco.store), ["first", "later"]);
        // The cursor moved past it: the next sync neither fails nor refuses it again.
        parent.like("r1", "and more");
        parent.sync("r1");
        let again = senco.sync("r1");
        assert!(again.refused.is_empty(), "{again:?}");
        assert_eq!(likes(&mut senco.store), ["and more", "first", "later"]);
    }

    /// A change that puts a list where the meeting record (a record) belongs.
    fn record_made_a_list(parent: &mut Peer, actor: &automerge::ActorId) -> Vec<automerge::Change> {
        crafted(parent, actor, |doc| {
            let reviews = get_obj(doc, &ROOT, "reviews");
            let review = get_obj(doc, &reviews, 0);
            doc.put_object(&review, "record", ObjType::List).unwrap();
        })
    }

    #[test]
    fn a_part_left_in_a_shape_nobody_can_edit_is_refused() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let keys = keys_of(&mut senco);
        let actor = parent.store.device().actor().unwrap();
        // The meeting record is the parent's to write, but as a record: a list there still
        // reads (serde is lenient) yet makes every later edit of the meeting fail.
        let wrong = record_made_a_list(&mut parent, &actor);
        send_changes(&mut parent, &logs, &keys, 1000, &wrong);
        let report = senco.sync("r1");
        assert_eq!(report.refused.len(), 1, "{report:?}");
        assert!(
            report.refused[0].contains("record holds the wrong kind of value"),
            "{report:?}"
        );
        senco.like("r1", "The SENCO can still write the meeting");
        assert_eq!(
            likes(&mut senco.store),
            ["The SENCO can still write the meeting"]
        );
    }

    /// The same among honest envelopes, read together in one pull: the review is read back
    /// strictly on another core while the role checks run, and the refusal still holds.
    #[test]
    fn a_shape_nobody_can_edit_is_refused_among_honest_envelopes() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let keys = keys_of(&mut senco);
        let mut teacher = join(&mut senco, &logs, Role::Teacher, "Kim Lee", 4);
        senco.sync("r1");
        parent.sync("r1");
        teacher.sync("r1");
        parent.like("r1", "before");
        parent.sync("r1");
        let actor = parent.store.device().actor().unwrap();
        let wrong = record_made_a_list(&mut parent, &actor);
        send_changes(&mut parent, &logs, &keys, 1000, &wrong);
        teacher.like("r1", "after");
        teacher.sync("r1");
        let report = senco.sync("r1");
        assert_eq!(report.refused.len(), 1, "{report:?}");
        assert!(
            report.refused[0].contains("record holds the wrong kind of value"),
            "{report:?}"
        );
        assert_eq!(likes(&mut senco.store), ["after", "before"]);
        senco.like("r1", "still editable");
        assert_eq!(
            likes(&mut senco.store),
            ["after", "before", "still editable"]
        );
    }

    /// A change chunk Automerge would accept, whose action column says "this, 2⁴⁰ times".
    fn run_length_bomb(actor: &[u8]) -> Vec<u8> {
        fn uleb(out: &mut Vec<u8>, mut v: u64) {
            loop {
                let byte = (v & 0x7f) as u8;
                v >>= 7;
                if v == 0 {
                    out.push(byte);
                    return;
                }
                out.push(byte | 0x80);
            }
        }
        let mut body = Vec::new();
        uleb(&mut body, 0); // no dependencies
        uleb(&mut body, actor.len() as u64);
        body.extend_from_slice(actor);
        uleb(&mut body, 1); // seq
        uleb(&mut body, 1); // start op
        body.push(0); // time
        uleb(&mut body, 0); // no message
        uleb(&mut body, 0); // no other actors
        let column = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x01]; // sLEB 2^40, then 1
        uleb(&mut body, 1);
        uleb(&mut body, 0x42); // the action column
        uleb(&mut body, column.len() as u64);
        body.extend_from_slice(&column);
        let mut checked = vec![1u8]; // a change chunk
        uleb(&mut checked, body.len() as u64);
        checked.extend_from_slice(&body);
        let sum = <sha2::Sha256 as sha2::Digest>::digest(&checked);
        let mut chunk = vec![0x85, 0x6f, 0x4a, 0x83];
        chunk.extend_from_slice(&sum[..4]);
        chunk.extend_from_slice(&checked);
        chunk
    }

    #[test]
    fn a_change_that_unpacks_without_limit_is_refused_before_it_is_unpacked() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let keys = keys_of(&mut senco);
        let actor = parent.store.device().actor().unwrap();
        send_raw(
            &mut parent,
            &logs,
            &keys,
            1000,
            &[run_length_bomb(actor.to_bytes())],
        );
        // A compressed change: Northstar never sends one, and DEFLATE has no size limit.
        let mut long = crafted(&mut parent, &actor, |doc| {
            add_like_raw(doc, &"x".repeat(2000))
        });
        let compressed = long[0].bytes().to_vec();
        send_raw(&mut parent, &logs, &keys, 1001, &[compressed]);
        parent.like("r1", "still here");
        parent.sync("r1");
        let report = senco.sync("r1");
        assert_eq!(report.refused.len(), 2, "{report:?}");
        assert!(report.refused[0].contains("operations"), "{report:?}");
        assert!(report.refused[1].contains("compressed"), "{report:?}");
        assert_eq!(likes(&mut senco.store), ["still here"]);
    }

    #[test]
    fn what_waits_and_is_then_refused_is_dropped_and_kept_once() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let keys = keys_of(&mut senco);
        let actor = parent.store.device().actor().unwrap();
        let both = crafted(&mut parent, &actor, |doc| {
            add_like_raw(doc, "kind");
            doc.commit();
            doc.put(ROOT, "schema_version", 99).unwrap();
        });
        // The refused change arrives first and waits for the allowed one it builds on.
        send_changes(&mut parent, &logs, &keys, 1001, &both[1..]);
        send_changes(&mut parent, &logs, &keys, 1000, &both[..1]);
        let refused = log_entries(&logs)[log_entries(&logs).len() - 2]
            .bytes
            .clone();
        append_raw(&logs, refused);
        let report = senco.sync("r1");
        assert!(!report.refused.is_empty(), "{report:?}");
        senco.sync("r1");
        let status = sync::status(&mut senco.store, "r1").unwrap();
        assert_eq!(status.waiting, 0, "nothing refused is kept waiting");
        assert_eq!(status.quarantined.len(), 1, "{:?}", status.quarantined);
        assert_eq!(likes(&mut senco.store), ["kind"]);
    }
}

mod membership {
    use super::*;

    #[test]
    fn a_member_cannot_write_over_another_members_record() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let keys = keys_of(&mut senco);
        let actor = parent.store.device().actor().unwrap();
        let own = hex::encode(parent.store.device().public());
        let overwrite = crafted(&mut parent, &actor, |doc| {
            let members = get_obj(doc, &ROOT, "members");
            let find = |doc: &AutoCommit, key: &str| {
                (0..doc.length(&members))
                    .find(|i| {
                        let rec = get_obj(doc, &members, *i);
                        let k = doc.get(&rec, "device_key").unwrap().unwrap().0;
                        k.to_string().contains(key)
                    })
                    .unwrap()
            };
            let mine = get_obj(doc, &members, find(doc, &own));
            let theirs = (0..doc.length(&members))
                .find(|i| get_obj(doc, &members, *i) != mine)
                .unwrap();
            // The SENCO's record becomes a copy of the parent's own.
            let copy = scalars(doc, &mine);
            let rec = doc.put_object(&members, theirs, ObjType::Map).unwrap();
            fill(doc, &rec, copy);
        });
        send_changes(&mut parent, &logs, &keys, 1000, &overwrite);
        let report = senco.sync("r1");
        assert_eq!(report.refused.len(), 1, "{report:?}");
        assert!(
            report.refused[0].contains("replaced a membership record"),
            "{report:?}"
        );
        let members = senco.store.get("r1").unwrap().members;
        assert!(members.iter().any(|m| m.name == "Jo Marsh"), "{members:?}");
    }
}

/// Two copies of one item are repaired the same way on every copy when people edit at the
/// same time (the first in plan order is kept). A member must not use that repair to hide
/// another section's item behind a copy of its own.
mod duplicates {
    use super::*;

    #[test]
    fn a_copy_of_an_item_its_author_could_see_is_refused() {
        let (logs, mut senco, mut psychologist) = senco_and(Role::EducationalPsychologist);
        let keys = keys_of(&mut senco);
        senco.add_need("need-health", true, "Needs help with eating and drinking");
        senco.sync("r1");
        psychologist.sync("r1");

        // The psychologist may write Section B, and B comes before C: a copy of the health
        // need there, with other words, would be the one every copy shows.
        let actor = psychologist.store.device().actor().unwrap();
        let shadow = crafted(&mut psychologist, &actor, |doc| {
            let plan = get_obj(doc, &ROOT, "plan");
            let b = get_obj(doc, &plan, "section_b");
            let needs = get_obj(doc, &b, "needs");
            let item = doc.insert_object(&needs, 0, ObjType::Map).unwrap();
            doc.put(&item, "id", "need-health").unwrap();
            let t = doc.put_object(&item, "description", ObjType::Text).unwrap();
            doc.splice_text(&t, 0, 0, "No needs here").unwrap();
        });
        send_changes(&mut psychologist, &logs, &keys, 1000, &shadow);
        let report = senco.sync("r1");
        assert_eq!(report.refused.len(), 1, "{report:?}");
        assert!(
            report.refused[0].contains("second need the id \"need-health\""),
            "{report:?}"
        );
        let plan = senco.store.get("r1").unwrap().plan;
        let needs: Vec<_> = plan
            .needs()
            .map(|(s, n)| (s, n.description.as_str().to_string()))
            .collect();
        assert_eq!(
            needs,
            [(
                northstar_schema::PlanSection::C,
                "Needs help with eating and drinking".to_string()
            )]
        );
        // And sync goes on for the honest.
        senco.like("r1", "Kind");
        senco.sync("r1");
        psychologist.sync("r1");
        assert_eq!(likes(&mut psychologist.store), ["Kind"]);
    }
}

/// An invitation code is a bearer capability that may leak. Each lets one device in, once,
/// before it expires, unless the owner cancels it; a second device gets nothing any copy takes.
mod invitations {
    use super::*;
    use northstar_schema::sync::InvitationState;

    /// `holder` joins with `code`, writes a note and syncs; then the owner and `other` sync.
    fn join_and_write(
        logs: &Logs,
        code: &str,
        seed: u64,
        owner: &mut Peer,
    ) -> (Peer, sync::SyncReport) {
        let mut holder = Peer::new(logs, seed);
        let invitation = Invitation::from_code(code).unwrap();
        sync::join(&mut holder.store, &invitation, "Someone", &mut holder.net).unwrap();
        holder.like("r1", &format!("from device {seed}"));
        holder.sync("r1");
        let report = owner.sync("r1");
        (holder, report)
    }

    #[test]
    fn a_leaked_code_lets_one_device_in_and_no_other() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let code = sync::invite(&mut senco.store, "r1", Role::Teacher)
            .unwrap()
            .to_code();
        let (mut first, report) = join_and_write(&logs, &code, 7, &mut senco);
        assert!(report.refused.is_empty(), "{report:?}");
        // The same code, forwarded or photographed, on a second device.
        let (mut second, report) = join_and_write(&logs, &code, 8, &mut senco);
        // Its request to join and its note, each refused.
        assert_eq!(report.refused.len(), 2, "{report:?}");
        for why in &report.refused {
            assert!(why.contains("another device had already used"), "{why}");
        }
        for copy in [&mut senco, &mut parent, &mut first] {
            copy.sync("r1");
            copy.sync("r1");
            assert_eq!(likes(&mut copy.store), ["from device 7"]);
        }
        second.sync("r1");
        assert!(!sync::status(&mut second.store, "r1").unwrap().let_in);
        let listed = sync::invitations(&senco.store, "r1").unwrap();
        assert_eq!(listed[0].state, InvitationState::UsedBy("Someone".into()));
    }

    #[test]
    fn a_cancelled_or_expired_invitation_lets_nobody_in() {
        let (logs, mut senco, _parent) = senco_and(Role::ParentCarer);
        let cancelled = sync::invite(&mut senco.store, "r1", Role::Health)
            .unwrap()
            .to_code();
        let handle = sync::invitations(&senco.store, "r1").unwrap()[0].id.clone();
        sync::cancel_invitation(&senco.store, "r1", &handle).unwrap();
        let (_, report) = join_and_write(&logs, &cancelled, 7, &mut senco);
        assert!(report.refused[0].contains("was cancelled"), "{report:?}");

        let late = sync::invite(&mut senco.store, "r1", Role::Health)
            .unwrap()
            .to_code();
        // Fifteen days on: move the invitation's expiry into the past.
        let db = common::raw_store(senco._dir.path());
        db.execute(
            "UPDATE sync_invitations SET expires_at = expires_at - 15 * 86400 WHERE cancelled_at IS NULL AND used_by IS NULL",
            [],
        )
        .unwrap();
        let (_, report) = join_and_write(&logs, &late, 8, &mut senco);
        assert!(report.refused[0].contains("had expired"), "{report:?}");
        let states: Vec<InvitationState> = sync::invitations(&senco.store, "r1")
            .unwrap()
            .into_iter()
            .map(|i| i.state)
            .collect();
        assert!(states.contains(&InvitationState::Cancelled), "{states:?}");
        assert!(states.contains(&InvitationState::Expired), "{states:?}");
        assert!(likes(&mut senco.store).is_empty());
        // Cancelling what is not an open invitation says so plainly.
        let err = sync::cancel_invitation(&senco.store, "r1", &handle).unwrap_err();
        assert!(err.to_string().contains("no unused invitation"), "{err}");
    }

    #[test]
    fn a_member_cannot_add_anyone_to_the_members_list() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let keys = keys_of(&mut senco);
        let actor = parent.store.device().actor().unwrap();
        // A second copy of its own record: well formed, but only the owner adds records.
        let add = crafted(&mut parent, &actor, |doc| {
            let members = get_obj(doc, &ROOT, "members");
            let n = doc.length(&members);
            let own = get_obj(doc, &members, n - 1);
            let fields = scalars(doc, &own);
            let rec = doc.insert_object(&members, n, ObjType::Map).unwrap();
            fill(doc, &rec, fields);
        });
        send_changes(&mut parent, &logs, &keys, 1000, &add);
        let report = senco.sync("r1");
        assert_eq!(report.refused.len(), 1, "{report:?}");
        assert!(
            report.refused[0].contains("only the review's owner"),
            "{report:?}"
        );
        assert_eq!(senco.store.get("r1").unwrap().members.len(), 2);
    }
}

mod imports {
    use super::*;

    #[test]
    fn a_file_from_a_device_that_never_joined_is_not_merged() {
        let (logs, mut senco, _parent) = senco_and(Role::ParentCarer);
        let mut stranger = Peer::new(&logs, 9);
        stranger
            .store
            .import(&senco.store.export_automerge("r1").unwrap())
            .unwrap();
        stranger.add_provision("r1");
        let file = stranger.store.export_automerge("r1").unwrap();
        let before = senco.store.get("r1").unwrap();
        let err = senco.store.import(&file).unwrap_err().to_string();
        assert!(err.starts_with("Nothing was merged"), "{err}");
        assert!(err.contains("never joined"), "{err}");
        assert_eq!(senco.store.get("r1").unwrap(), before);
        assert_eq!(senco.sync("r1").changes_sent, 0, "nothing to pass on");
    }

    #[test]
    fn a_file_is_judged_by_its_authors_roles_not_the_importers() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let mut la = join(&mut senco, &logs, Role::LaCaseworker, "Priya Shah", 5);
        parent.tamper_with_own_role_check();
        parent.add_provision("r1");
        let file = parent.store.export_automerge("r1").unwrap();
        // The LA may write Section F; the parent who wrote this may not.
        let err = la.store.import(&file).unwrap_err().to_string();
        assert!(err.contains("Section F"), "{err}");
        assert_eq!(la.provisions("r1"), 0);
        let provision = Provision {
            id: "p-la".into(),
            description: "Speech and language therapy".into(),
            ..Default::default()
        };
        la.store
            .update("r1", "Add", |d| d.plan.section_f.provisions.push(provision))
            .unwrap();
        assert_eq!(
            la.store.get("r1").unwrap().plan.section_f.provisions.len(),
            1
        );
    }
}

mod history {
    use super::*;
    use northstar_schema::edit::Topic;
    use northstar_schema::session::{ChangeNote, WrittenOn};

    #[test]
    fn shows_the_verified_copy_and_a_differing_name_as_a_claim() {
        let (_logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let claim = |by: &str, role: Role| {
            serde_json::to_string(&ChangeNote {
                by: by.into(),
                role,
                topic: Topic::LikeAndAdmire,
                what: "Added a note".into(),
            })
            .unwrap()
        };
        let add = |store: &mut northstar_engine::Store, message: String, text: &'static str| {
            store
                .update("r1", &message, move |d| {
                    d.reviews[0]
                        .record
                        .like_and_admire
                        .push(northstar_schema::Entry {
                            id: text.into(),
                            text: text.into(),
                            author_id: None,
                        })
                })
                .unwrap();
        };
        add(
            &mut parent.store,
            claim("Dana Bello", Role::ParentCarer),
            "honest",
        );
        add(
            &mut parent.store,
            claim("Priya Shah", Role::LaCaseworker),
            "claimed",
        );
        parent.sync("r1");
        senco.sync("r1");
        let history = senco.store.history("r1").unwrap();
        assert_eq!(
            history[0].who(),
            "Dana Bello (Parent or carer), recorded as Priya Shah (LA caseworker)"
        );
        assert_eq!(history[1].who(), "Dana Bello (Parent or carer)");
        assert_eq!(
            history[0].written_on,
            Some(WrittenOn::Member {
                name: "Dana Bello".into(),
                role: Role::ParentCarer
            })
        );
    }
}

/// The relay is not trusted to keep what it was given: one that goes back (restored from a
/// backup, or lying) is noticed, and each device sends its part again.
mod untrusted_relay {
    use super::*;
    use northstar_schema::sync::LogEntry;

    type Backup = Vec<(String, Vec<LogEntry>, Option<(u64, u64)>)>;

    fn back_up(logs: &Logs) -> Backup {
        logs.borrow()
            .iter()
            .map(|(id, log)| (id.clone(), log.entries.clone(), log.snapshot))
            .collect()
    }

    fn restore(logs: &Logs, backup: Backup) {
        let mut logs = logs.borrow_mut();
        for (id, entries, snapshot) in backup {
            let log = logs.get_mut(&id).unwrap();
            log.entries = entries;
            log.snapshot = snapshot;
        }
    }

    #[test]
    fn a_relay_restored_from_a_backup_is_noticed_and_given_everything_again() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let backup = back_up(&logs);
        parent.like("r1", "Swimming");
        parent.sync("r1");
        senco.sync("r1");
        senco.like("r1", "Music");
        senco.sync("r1");
        assert!(!parent.sync("r1").relay_went_back);

        // The relay loses everything since the backup, and hands out those positions again.
        restore(&logs, backup);
        parent.like("r1", "Lego");
        assert!(parent.sync("r1").relay_went_back);
        let report = senco.sync("r1");
        assert!(report.relay_went_back, "{report:?}");
        parent.sync("r1");
        for peer in [&mut senco, &mut parent] {
            assert_eq!(likes(&mut peer.store), ["Lego", "Music", "Swimming"]);
            let status = sync::status(&mut peer.store, "r1").unwrap();
            assert!(status.relay_went_back.is_some());
            assert_eq!(status.waiting, 0);
        }
        // And it is noticed once: the next syncs are ordinary.
        assert!(!senco.sync("r1").relay_went_back);
        assert!(!parent.sync("r1").relay_went_back);
    }

    #[test]
    fn a_relay_that_loses_what_a_device_sent_before_it_read_that_far_is_noticed() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let backup = back_up(&logs);
        // The parent's note reaches the relay, past anything the parent has read there…
        parent.like("r1", "Swimming");
        assert_eq!(parent.sync("r1").changes_sent, 1);
        // …and the relay is restored to before it: what the parent read is all still there.
        restore(&logs, backup);
        let report = parent.sync("r1");
        assert!(report.relay_went_back, "{report:?}");
        assert_eq!(report.changes_sent, 1, "sent again: {report:?}");
        senco.sync("r1");
        assert_eq!(likes(&mut senco.store), ["Swimming"]);
        assert!(!parent.sync("r1").relay_went_back, "noticed once");
    }

    #[test]
    fn a_relay_that_drops_one_entry_from_the_middle_is_noticed_by_its_sender() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        parent.like("r1", "Swimming");
        parent.sync("r1");
        let dropped = log_entries(&logs).last().unwrap().seq;
        senco.like("r1", "Music");
        senco.sync("r1");
        // The relay quietly drops the parent's entry; every other keeps its position.
        logs.borrow_mut()
            .values_mut()
            .next()
            .unwrap()
            .entries
            .retain(|e| e.seq != dropped);
        parent.like("r1", "Lego");
        let report = parent.sync("r1");
        assert!(report.relay_went_back, "{report:?}");
        senco.sync("r1");
        for peer in [&mut senco, &mut parent] {
            assert_eq!(likes(&mut peer.store), ["Lego", "Music", "Swimming"]);
            assert_eq!(sync::status(&mut peer.store, "r1").unwrap().waiting, 0);
        }
    }

    #[test]
    fn a_relay_that_does_not_say_what_it_holds_is_checked_by_reading_again() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        for peer in [&mut senco, &mut parent] {
            peer.net.says_before = false;
        }
        let backup = back_up(&logs);
        parent.like("r1", "Swimming");
        parent.sync("r1");
        senco.sync("r1");
        restore(&logs, backup);
        senco.like("r1", "Music");
        assert!(senco.sync("r1").relay_went_back);
        parent.sync("r1");
        senco.sync("r1");
        assert_eq!(likes(&mut senco.store), ["Music", "Swimming"]);
    }

    #[test]
    fn a_newcomer_handed_less_than_the_owner_had_knows_it_until_the_rest_arrives() {
        let logs = Logs::default();
        let mut senco = Peer::new(&logs, 1);
        senco
            .store
            .create(&common::review("r1", "Ayo", "Bello"))
            .unwrap();
        sync::share(&mut senco.store, "r1", "memory", Role::Senco, "Jo Marsh").unwrap();
        senco.sync("r1");
        let backup = back_up(&logs);
        senco.like("r1", "Music");
        senco.sync("r1");
        // The relay goes back to before the note; the newcomer has nothing to compare with…
        restore(&logs, backup);
        let code = sync::invite(&mut senco.store, "r1", Role::ParentCarer)
            .unwrap()
            .to_code();
        let mut parent = Peer::new(&logs, 2);
        let invitation = Invitation::from_code(&code).unwrap();
        sync::join(
            &mut parent.store,
            &invitation,
            "Dana Bello",
            &mut parent.net,
        )
        .unwrap();
        // …but its invitation says what the review held when it was made.
        assert!(likes(&mut parent.store).is_empty());
        assert!(
            sync::status(&mut parent.store, "r1")
                .unwrap()
                .short_of_invitation
        );
        senco.sync("r1");
        parent.sync("r1");
        assert_eq!(likes(&mut parent.store), ["Music"]);
        assert!(
            !sync::status(&mut parent.store, "r1")
                .unwrap()
                .short_of_invitation
        );
    }

    #[test]
    fn a_relay_that_swaps_an_entry_already_read_is_noticed() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        parent.like("r1", "Swimming");
        parent.sync("r1");
        senco.sync("r1");
        // The relay rewrites history under the same positions: a fork.
        let entries = log_entries(&logs);
        {
            let mut logs = logs.borrow_mut();
            let log = logs.values_mut().next().unwrap();
            let last = log.entries.len() - 1;
            log.entries[last].bytes = entries[0].bytes.clone();
        }
        assert!(senco.sync("r1").relay_went_back);
        parent.like("r1", "Lego");
        parent.sync("r1");
        senco.sync("r1");
        assert_eq!(likes(&mut senco.store), ["Lego", "Swimming"]);
    }
}

/// Removing a member moves the review to a new key: the removed device keeps what it had,
/// gets nothing new, and what it writes reaches no one.
mod removal {
    use super::*;

    /// A real relay process's worth on loopback, with its folder (which the devices' stores
    /// share) and its address.
    fn real_relay(
        limits: northstar_relay::Limits,
    ) -> (
        tempfile::TempDir,
        northstar_relay::standalone::RunningRelay,
        String,
    ) {
        use northstar_relay::standalone::{spawn, RunOptions};
        let dir = tempfile::tempdir().unwrap();
        let relay = spawn(RunOptions {
            listen: "127.0.0.1:0".parse().unwrap(),
            storage: northstar_relay::standalone::Storage::sqlite(dir.path().join("relay.db")),
            limits,
            tls: None,
        })
        .unwrap_or_else(|f| panic!("{}", f.message));
        let url = format!("http://{}", relay.addr());
        (dir, relay, url)
    }

    fn handle(peer: &Peer) -> String {
        hex::encode(peer.store.device().public())[..12].to_string()
    }

    /// A member with the log's token can fill it to the relay's quota, so that nobody's
    /// changes fit. The owner's appends may use a reserve past the quota, so the owner can
    /// still remove that member, and everyone moves on to the new log.
    #[test]
    fn a_member_who_fills_the_log_is_still_removed_and_the_others_sync_on() {
        use northstar_engine::sync::{HttpRelay, SyncError, Transport};
        use northstar_engine::{EngineError, Store};
        let (dir, _relay, url) = real_relay(northstar_relay::Limits {
            quota_bytes_per_log: 512 * 1024,
            ..northstar_relay::Limits::default()
        });
        let net = || HttpRelay::new(&url);
        let open = |name: &str| {
            Store::open(
                &dir.path().join(name),
                &northstar_engine::DataKey::for_tests(&dir.path().join(name)),
            )
            .unwrap()
        };
        let (mut senco, mut parent, mut teacher) = (open("senco"), open("parent"), open("teacher"));
        let sync = |store: &mut Store| sync::sync_review(store, "r1", &mut net(), &mut |_| {});
        senco.create(&common::review("r1", "Ayo", "Bello")).unwrap();
        sync::share(&mut senco, "r1", &url, Role::Senco, "Jo Marsh").unwrap();
        sync(&mut senco).unwrap();
        let mut keys = None;
        for (store, role, name) in [
            (&mut parent, Role::ParentCarer, "Dana Bello"),
            (&mut teacher, Role::Teacher, "Sam Okafor"),
        ] {
            let invitation = sync::invite(&mut senco, "r1", role).unwrap();
            keys = Some(northstar_engine::sync::crypto::DocKeys::of_invitation(
                &invitation,
            ));
            sync::join(store, &invitation, name, &mut net()).unwrap();
        }
        sync(&mut senco).unwrap();
        let keys = keys.unwrap();

        // A member's device fills the log with its own credential, to the last byte.
        let mut flood = net();
        let mut refused = None;
        for size in [64 * 1024, 4096, 256, 16, 1] {
            refused = loop {
                match flood.append(&keys.log_id, &keys.token, &vec![7; size], None) {
                    Ok(_) => continue,
                    Err(e) => break Some(e),
                }
            };
        }
        let refused = refused.unwrap();
        assert!(
            matches!(refused, SyncError::RelayRefused { status: 507, .. }),
            "{refused:?}"
        );
        common::add_like(&mut teacher, "r1", "Kind");
        let stuck = sync(&mut teacher).unwrap_err();
        assert!(
            matches!(
                stuck,
                EngineError::Sync(SyncError::RelayRefused { status: 507, .. })
            ),
            "{stuck}"
        );

        // The owner removes the parent: the new key still gets into the full log.
        let parent_id = hex::encode(parent.device().public())[..12].to_string();
        sync::remove_member(&mut senco, "r1", &parent_id).unwrap();
        assert!(sync(&mut senco).unwrap().new_key);
        assert!(sync(&mut teacher).unwrap().new_key, "the teacher follows");
        sync(&mut senco).unwrap();
        assert_eq!(common::likes(&mut senco, "r1"), ["Kind"]);
        assert!(sync(&mut parent).unwrap().removed);
    }

    /// Each device reaches the relay with its own credential, signed by the owner's device.
    /// The token every member could work out from the review key opens nothing, and once a
    /// member is removed the relay itself refuses its device: it can neither read what is
    /// written next nor fill the log, on the old key's log or the new one's.
    #[test]
    fn the_relay_itself_shuts_out_a_removed_device() {
        use northstar_engine::sync::crypto::DocKeys;
        use northstar_engine::sync::{HttpRelay, SyncError, Transport};
        use northstar_engine::{EngineError, Store};
        let (dir, _relay, url) = real_relay(northstar_relay::Limits::default());
        let net = || HttpRelay::new(&url);
        let open = |name: &str| {
            Store::open(
                &dir.path().join(name),
                &northstar_engine::DataKey::for_tests(&dir.path().join(name)),
            )
            .unwrap()
        };
        let (mut senco, mut parent, mut teacher) = (open("senco"), open("parent"), open("teacher"));
        let sync = |store: &mut Store| sync::sync_review(store, "r1", &mut net(), &mut |_| {});
        senco.create(&common::review("r1", "Ayo", "Bello")).unwrap();
        sync::share(&mut senco, "r1", &url, Role::Senco, "Jo Marsh").unwrap();
        sync(&mut senco).unwrap();
        let invitation = sync::invite(&mut senco, "r1", Role::ParentCarer).unwrap();
        let parents = DocKeys::of_invitation(&invitation);
        sync::join(&mut parent, &invitation, "Dana Bello", &mut net()).unwrap();
        let invitation = sync::invite(&mut senco, "r1", Role::Teacher).unwrap();
        let teachers = DocKeys::of_invitation(&invitation);
        sync::join(&mut teacher, &invitation, "Sam Okafor", &mut net()).unwrap();
        assert_ne!(parents.token, teachers.token, "one credential each");
        sync(&mut senco).unwrap();

        // The shared token, with the log's id, is refused.
        let shared = DocKeys::derive(&invitation.doc_key).token;
        let refused = net()
            .pull(&parents.log_id, &shared, 0, false, None)
            .unwrap_err();
        assert!(
            matches!(refused, SyncError::RelayRefused { status: 403, .. }),
            "{refused:?}"
        );

        let parent_id = hex::encode(parent.device().public())[..12].to_string();
        sync::remove_member(&mut senco, "r1", &parent_id).unwrap();
        assert!(sync(&mut senco).unwrap().new_key);
        assert!(sync(&mut teacher).unwrap().new_key, "the teacher follows");

        // The removed device's own credential opens nothing now.
        let mut removed = net();
        for result in [
            removed
                .pull(&parents.log_id, &parents.token, 0, false, None)
                .map(|_| 0),
            removed.append(&parents.log_id, &parents.token, b"flood", None),
        ] {
            assert!(
                matches!(result, Err(SyncError::RemovedAtRelay)),
                "{result:?}"
            );
        }
        // Nor in the new key's log, should its id leak.
        let new_log =
            DocKeys::of_invitation(&sync::invite(&mut senco, "r1", Role::Health).unwrap());
        assert_ne!(new_log.log_id, parents.log_id);
        let leaked = removed.append(&new_log.log_id, &parents.token, b"flood", None);
        assert!(
            matches!(leaked, Err(SyncError::RemovedAtRelay)),
            "{leaked:?}"
        );
        // Its app says so in plain words.
        assert!(sync(&mut parent).unwrap().removed);
        let note = sync::status(&mut parent, "r1")
            .unwrap()
            .removed_here
            .unwrap();
        assert!(note.contains("removed from the review"), "{note}");
        let message = EngineError::Sync(SyncError::RemovedAtRelay).to_string();
        assert!(message.contains("removed from this review"), "{message}");

        // Everyone else syncs on.
        common::add_like(&mut teacher, "r1", "Kind");
        sync(&mut teacher).unwrap();
        sync(&mut senco).unwrap();
        assert_eq!(common::likes(&mut senco, "r1"), ["Kind"]);
    }

    #[test]
    fn a_removed_device_gets_nothing_new_and_its_writes_reach_no_one() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let mut health = join(&mut senco, &logs, Role::Health, "Sam Reed", 3);
        health.like("r1", "Swimming");
        health.sync("r1");
        senco.sync("r1");
        let old_keys = keys_of(&mut senco);

        let name = sync::remove_member(&mut senco.store, "r1", &handle(&health)).unwrap();
        assert_eq!(name, "Sam Reed");
        assert!(senco.sync("r1").new_key);
        let new_keys = keys_of(&mut senco);
        assert_ne!(old_keys.log_id, new_keys.log_id);
        senco.like("r1", "Music");
        senco.sync("r1");

        // The parent's device follows the owner to the new key and gets what was written there.
        assert!(parent.sync("r1").new_key);
        assert_eq!(likes(&mut parent.store), ["Music", "Swimming"]);
        let status = sync::status(&mut parent.store, "r1").unwrap();
        assert!(!status.members.iter().any(|(n, _)| n == "Sam Reed"));
        let former = status.people.iter().find(|p| p.name == "Sam Reed").unwrap();
        assert!(former.removed.is_some());

        // The removed device finds no key for itself: it keeps its copy and learns nothing new.
        assert!(health.sync("r1").removed);
        assert_eq!(likes(&mut health.store), ["Swimming"]);
        let note = sync::status(&mut health.store, "r1").unwrap().removed_here;
        assert!(note.unwrap().contains("removed from the review"));
        // Its own app refuses to edit a copy that reaches no one.
        let edit = health.store.update("r1", "Like", |d| {
            d.reviews[0]
                .record
                .like_and_admire
                .push(northstar_schema::Entry {
                    id: "late".into(),
                    text: "Late".into(),
                    author_id: None,
                })
        });
        assert!(edit.is_err());

        // A modified app writes anyway: into the old log, which no one reads past the new key,
        let actor = health.store.device().actor().unwrap();
        let late = crafted(&mut health, &actor, |doc| {
            add_like_raw(doc, "From the old log")
        });
        send_changes(&mut health, &logs, &old_keys, 900, &late);
        // and into the new one, as if someone had passed it the new key: refused there.
        let late = crafted(&mut health, &actor, |doc| {
            add_like_raw(doc, "With a leaked key")
        });
        send_changes(&mut health, &logs, &new_keys, 901, &late);
        let report = parent.sync("r1");
        assert_eq!(report.refused.len(), 1, "{report:?}");
        assert!(report.refused[0].contains("removed"), "{report:?}");
        senco.sync("r1");
        for peer in [&mut senco, &mut parent] {
            assert_eq!(likes(&mut peer.store), ["Music", "Swimming"]);
        }
        // And the honest copies keep syncing.
        parent.like("r1", "Lego");
        parent.sync("r1");
        senco.sync("r1");
        assert_eq!(likes(&mut senco.store), ["Lego", "Music", "Swimming"]);
    }

    #[test]
    fn what_a_removed_device_sent_before_the_new_key_counts_everywhere() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let mut health = join(&mut senco, &logs, Role::Health, "Sam Reed", 3);
        // The owner removes Sam on a laptop that is offline; meanwhile Sam writes, and the
        // parent takes that in and builds on it, all in the old log.
        sync::remove_member(&mut senco.store, "r1", &handle(&health)).unwrap();
        health.like("r1", "Swimming");
        health.sync("r1");
        parent.sync("r1");
        parent.like("r1", "Lego");
        parent.sync("r1");
        // The owner's copy reads the old log up to its new key, so nothing the parent builds
        // on goes missing: the parent's changes, sent again under the new key, fit.
        assert!(senco.sync("r1").new_key);
        assert!(parent.sync("r1").new_key);
        senco.sync("r1");
        assert_eq!(likes(&mut senco.store), ["Lego", "Swimming"]);
        assert_eq!(sync::status(&mut senco.store, "r1").unwrap().waiting, 0);
        assert!(health.sync("r1").removed);
    }

    #[test]
    fn a_removal_cut_short_is_finished_by_the_next_sync() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let health = join(&mut senco, &logs, Role::Health, "Sam Reed", 3);
        sync::remove_member(&mut senco.store, "r1", &handle(&health)).unwrap();
        senco.net.online = false;
        assert!(sync::sync_review(&mut senco.store, "r1", &mut senco.net, &mut |_| {}).is_err());
        senco.net.online = true;
        assert!(senco.sync("r1").new_key);
        senco.like("r1", "Music");
        senco.sync("r1");
        assert!(parent.sync("r1").new_key);
        assert_eq!(likes(&mut parent.store), ["Music"]);
    }

    #[test]
    fn the_la_caseworker_removes_and_the_owners_copy_moves_the_key() {
        let (logs, mut senco, mut la) = senco_and(Role::LaCaseworker);
        let mut parent = join(&mut senco, &logs, Role::ParentCarer, "Kerry Brennan", 3);
        la.sync("r1");
        let name = sync::remove_member(&mut la.store, "r1", &handle(&parent)).unwrap();
        assert_eq!(name, "Kerry Brennan");
        la.sync("r1");
        // The owner's copy takes the removal in and moves the review to a new key at once.
        assert!(senco.sync("r1").new_key);
        senco.like("r1", "Music");
        senco.sync("r1");
        assert!(la.sync("r1").new_key);
        assert_eq!(likes(&mut la.store), ["Music"]);
        assert!(parent.sync("r1").removed);
        assert!(likes(&mut parent.store).is_empty());
        // Nobody marks the owner removed, the LA caseworker included.
        let owner = handle(&senco);
        let e = sync::remove_member(&mut la.store, "r1", &owner).unwrap_err();
        assert!(e.to_string().contains("cannot be removed"), "{e}");
        let keys = keys_of(&mut senco);
        let actor = la.store.device().actor().unwrap();
        let owner_key = hex::encode(senco.store.device().public());
        let mark = crafted(&mut la, &actor, |doc| {
            let members = get_obj(doc, &ROOT, "members");
            let record = (0..doc.length(&members))
                .map(|i| doc.get(&members, i).unwrap().unwrap().1)
                .find(|r| doc.get(r, "device_key").unwrap().unwrap().0.as_str() == Some(&owner_key))
                .unwrap();
            doc.put(&record, "removed", "2026-12-01T00:00:00Z").unwrap();
        });
        send_changes(&mut la, &logs, &keys, 960, &mark);
        let report = senco.sync("r1");
        assert_eq!(report.refused.len(), 1, "{report:?}");
        assert!(report.refused[0].contains("owner removed"), "{report:?}");
    }

    #[test]
    fn only_the_owner_removes_and_nobody_undoes_a_removal() {
        let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
        let health = join(&mut senco, &logs, Role::Health, "Sam Reed", 3);
        let refused = sync::remove_member(&mut parent.store, "r1", &handle(&health));
        assert!(refused.unwrap_err().to_string().contains("only the device"));
        let owner = handle(&senco);
        let own = sync::remove_member(&mut senco.store, "r1", &owner);
        assert!(own.unwrap_err().to_string().contains("cannot be removed"));
        assert!(sync::remove_member(&mut senco.store, "r1", "0000").is_err());

        // A member marks another removed, or clears a removal, with a modified app.
        sync::remove_member(&mut senco.store, "r1", &handle(&health)).unwrap();
        senco.sync("r1");
        parent.sync("r1");
        let keys = keys_of(&mut senco);
        let record_of = |doc: &AutoCommit, key: &str| {
            let members = get_obj(doc, &ROOT, "members");
            (0..doc.length(&members))
                .map(|i| doc.get(&members, i).unwrap().unwrap().1)
                .find(|r| doc.get(r, "device_key").unwrap().unwrap().0.as_str() == Some(key))
                .unwrap()
        };
        let (sam, own) = (
            hex::encode(health.store.device().public()),
            hex::encode(parent.store.device().public()),
        );
        let actor = parent.store.device().actor().unwrap();
        let undo = crafted(&mut parent, &actor, |doc| {
            let record = record_of(doc, &sam);
            doc.put(&record, "removed", ScalarValue::Null).unwrap();
        });
        send_changes(&mut parent, &logs, &keys, 950, &undo);
        // Even on its own record, a member cannot write whether it was removed.
        let actor = parent.store.device().actor().unwrap();
        let mark = crafted(&mut parent, &actor, |doc| {
            let record = record_of(doc, &own);
            doc.put(&record, "removed", "2026-12-01T00:00:00Z").unwrap();
        });
        send_changes(&mut parent, &logs, &keys, 951, &mark);
        let report = senco.sync("r1");
        assert_eq!(report.refused.len(), 2, "{report:?}");
        for why in &report.refused {
            assert!(why.contains("whether a device was removed"), "{why}");
        }
        let status = sync::status(&mut senco.store, "r1").unwrap();
        assert!(!status.members.iter().any(|(n, _)| n == "Sam Reed"));
    }
}

/// Random hostile operations from a parent's device, signed and sealed like any of its
/// envelopes: deletes and replacements anywhere, empty records, big numbers, writes into other
/// people's parts. Whatever comes, the SENCO's copy never fails to sync, nothing a parent may
/// not write changes, the SENCO can still edit the meeting, and after a refusal the parent's
/// honest notes still arrive.
///
/// `NORTHSTAR_FUZZ_CASES` sets how many envelopes (default 200, as in CI).
mod fuzzing {
    use super::*;
    use common::hostile_ops::{not_the_parents, run, Hostile};
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    fn hostile() -> impl Strategy<Value = Hostile> {
        let at = || (0usize..64, 0usize..16);
        prop_oneof![
            1 => (at(), prop_oneof![Just(i64::MAX), Just(-1), 0i64..5])
                .prop_map(|((o, k), v)| Hostile::Put(o, k, v)),
            1 => at().prop_map(|(o, k)| Hostile::PutNull(o, k)),
            1 => at().prop_map(|(o, k)| Hostile::MakeMap(o, k)),
            1 => at().prop_map(|(o, k)| Hostile::MakeList(o, k)),
            3 => at().prop_map(|(o, k)| Hostile::Delete(o, k)),
            1 => (at(), 0usize..4, "[a-z]{0,6}")
                .prop_map(|((o, k), d, t)| Hostile::Splice(o, k, d, t)),
        ]
    }

    #[test]
    fn whatever_a_parent_sends_only_what_a_parent_may_write_changes() {
        let cases = std::env::var("NORTHSTAR_FUZZ_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(200);
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&prop::collection::vec(hostile(), 1..6), |ops| {
                // A fresh pair each time, so a failure shrinks to the envelope that caused it.
                let (logs, mut senco, mut parent) = senco_and(Role::ParentCarer);
                let keys = keys_of(&mut senco);
                let own = hex::encode(parent.store.device().public());
                let before = not_the_parents(&senco.store.get("r1").unwrap(), &own);
                let actor = parent.store.device().actor().unwrap();
                let changes = crafted(&mut parent, &actor, |doc| {
                    for op in &ops {
                        run(doc, op);
                    }
                });
                send_changes(&mut parent, &logs, &keys, 1000, &changes);
                let report = sync::sync_review(&mut senco.store, "r1", &mut senco.net, &mut |_| {})
                    .map_err(|e| TestCaseError::fail(format!("sync failed: {e}")))?;
                let after = not_the_parents(&senco.store.get("r1").unwrap(), &own);
                prop_assert_eq!(before, after, "{:?}", report);
                // Whatever was accepted, the SENCO can still write the meeting.
                let edit = senco.store.update("r1", "Like", |d| {
                    if let Some(r) = d.reviews.first_mut() {
                        r.record.like_and_admire.push(northstar_schema::Entry {
                            id: "senco-after".into(),
                            text: "Still editable".into(),
                            author_id: None,
                        })
                    }
                });
                prop_assert!(edit.is_ok(), "{:?} after {:?}", edit, report);
                // A refused envelope leaves the parent's honest notes flowing. (What was
                // accepted was the parent's to change, including where its own notes live.)
                if !report.refused.is_empty() {
                    parent.like("r1", "honest");
                    parent.sync("r1");
                    let next = senco.sync("r1");
                    prop_assert!(next.refused.is_empty(), "{:?}", next);
                    prop_assert!(likes(&mut senco.store).contains(&"honest".to_string()));
                }
                Ok(())
            })
            .unwrap();
    }
}
