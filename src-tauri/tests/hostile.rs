//! A dishonest member with a valid invitation: a real member's device sends each attack as a
//! signed, well-formed envelope (or a file). Each is refused with a reason people can read, and
//! the honest copies keep syncing. Grouped by what the attacker goes after.

mod common;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ReadDoc, ScalarValue, ROOT};
use common::peers::{append_raw, crafted, keys_of, likes, log_entries, send_changes, send_raw};
use common::peers::{senco_and, Peer};
use common::relay::Logs;
use northstar::sync;
use northstar_schema::sync::Invitation;
use northstar_schema::{LaDecision, PlanDecision, Provision, Role};

/// A new member of review "r1", invited by the owner `owner` and caught up.
fn join(owner: &mut Peer, logs: &Logs, role: Role, name: &str, seed: u64) -> Peer {
    let code = sync::invite(&mut owner.store, "r1", role)
        .unwrap()
        .to_code();
    let mut peer = Peer::new(logs, seed);
    let invitation = Invitation::from_code(&code).unwrap();
    sync::join(&mut peer.store, &invitation, name, &mut peer.net).unwrap();
    owner.sync("r1");
    peer.sync("r1");
    peer
}

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
            let copy: Vec<(String, ScalarValue)> = doc
                .keys(&mine)
                .filter_map(|key| match doc.get(&mine, key.as_str()).unwrap() {
                    Some((automerge::Value::Scalar(s), _)) => Some((key, s.into_owned())),
                    _ => None,
                })
                .collect();
            let rec = doc.put_object(&members, theirs, ObjType::Map).unwrap();
            for (key, value) in copy {
                doc.put(&rec, key, value).unwrap();
            }
        });
        send_changes(&mut parent, &logs, &keys, 1000, &overwrite);
        let report = senco.sync("r1");
        assert_eq!(report.refused.len(), 1, "{report:?}");
        assert!(
            report.refused[0].contains("another device's membership record"),
            "{report:?}"
        );
        let members = senco.store.get("r1").unwrap().members;
        assert!(members.iter().any(|m| m.name == "Jo Marsh"), "{members:?}");
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
        assert!(la
            .store
            .get("r1")
            .unwrap()
            .plan
            .section_f
            .provisions
            .is_empty());
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
        let add = |store: &mut northstar::Store, message: String, text: &'static str| {
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
