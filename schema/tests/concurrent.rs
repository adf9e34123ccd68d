//! Two people editing forks of the same review, then merging: nobody's work is lost.

use automerge::{ActorId, AutoCommit};
use autosurgeon::{hydrate, reconcile};
use northstar_schema::{
    reconcile_edit, AnnualReview, Entry, Perspective, PerspectiveEntry, ReviewDocument, YoungPerson,
};

fn base() -> (AutoCommit, ReviewDocument) {
    let yp = YoungPerson {
        given_name: "Tomasz".into(),
        family_name: "Nowak".into(),
        ..Default::default()
    };
    let mut doc = ReviewDocument::new("doc-1", yp);
    doc.plan.section_a.parent_views = "Tomasz enjoys swimming.".into();
    doc.reviews.push(AnnualReview {
        id: "review-1".into(),
        ..Default::default()
    });
    let mut am = AutoCommit::new();
    reconcile(&mut am, &doc).unwrap();
    am.commit();
    (am, doc)
}

/// Edits the way the store does: read, change the model, write back only what changed.
fn edit(am: &mut AutoCommit, f: impl FnOnce(&mut ReviewDocument)) {
    let before: ReviewDocument = hydrate(am).unwrap();
    let mut model = before.clone();
    f(&mut model);
    reconcile_edit(am, &before, &model).unwrap();
    am.commit();
}

#[test]
fn concurrent_text_edits_to_one_field_both_survive() {
    let (mut parent, _) = base();
    let mut mum = parent.fork().with_actor(ActorId::random());
    let mut senco = parent.fork().with_actor(ActorId::random());

    edit(&mut mum, |d| {
        d.plan.section_a.parent_views = "Tomasz really enjoys swimming.".into()
    });
    edit(&mut senco, |d| {
        d.plan.section_a.parent_views = "Tomasz enjoys swimming on Saturdays.".into()
    });

    mum.merge(&mut senco).unwrap();
    senco.merge(&mut mum).unwrap();
    let a: ReviewDocument = hydrate(&mum).unwrap();
    let b: ReviewDocument = hydrate(&senco).unwrap();
    assert_eq!(a, b, "both copies converge");
    assert_eq!(
        a.plan.section_a.parent_views.as_str(),
        "Tomasz really enjoys swimming on Saturdays."
    );
}

#[test]
fn concurrent_list_additions_both_survive() {
    let (mut parent, _) = base();
    let mut a = parent.fork().with_actor(ActorId::random());
    let mut b = parent.fork().with_actor(ActorId::random());

    edit(&mut a, |d| {
        d.reviews[0].record.working.push(PerspectiveEntry {
            id: "w-a".into(),
            perspective: Perspective::Family,
            text: "Mornings are calmer with the visual timetable".into(),
            author_id: None,
        })
    });
    edit(&mut b, |d| {
        d.reviews[0].record.working.push(PerspectiveEntry {
            id: "w-b".into(),
            perspective: Perspective::School,
            text: "Uses his communication book in class".into(),
            author_id: None,
        });
        d.reviews[0].record.like_and_admire.push(Entry {
            id: "l-b".into(),
            text: "Kind to younger pupils".into(),
            author_id: None,
        });
    });

    a.merge(&mut b).unwrap();
    let merged: ReviewDocument = hydrate(&a).unwrap();
    let mut ids: Vec<_> = merged.reviews[0]
        .record
        .working
        .iter()
        .map(|w| w.id.as_str())
        .collect();
    ids.sort();
    assert_eq!(ids, ["w-a", "w-b"]);
    assert_eq!(merged.reviews[0].record.like_and_admire.len(), 1);
    merged.validate().unwrap();
}

#[test]
fn editing_an_item_after_a_concurrent_insert_lands_on_the_right_item() {
    let (mut parent, _) = base();
    edit(&mut parent, |d| {
        d.reviews[0].record.questions.push(Entry {
            id: "q1".into(),
            text: "Transport to college?".into(),
            author_id: None,
        })
    });
    let mut a = parent.fork().with_actor(ActorId::random());
    let mut b = parent.fork().with_actor(ActorId::random());
    // A inserts at the front; B rewords q1. Keyed items keep B's edit on q1.
    edit(&mut a, |d| {
        d.reviews[0].record.questions.insert(
            0,
            Entry {
                id: "q0".into(),
                text: "Who is the key worker?".into(),
                author_id: None,
            },
        )
    });
    edit(&mut b, |d| {
        d.reviews[0].record.questions[0].text = "Transport to college from September?".into()
    });
    a.merge(&mut b).unwrap();
    let merged: ReviewDocument = hydrate(&a).unwrap();
    let q1 = merged.reviews[0]
        .record
        .questions
        .iter()
        .find(|q| q.id == "q1")
        .unwrap();
    assert_eq!(q1.text.as_str(), "Transport to college from September?");
    assert_eq!(merged.reviews[0].record.questions.len(), 2);
}

#[test]
fn a_round_trip_through_automerge_is_lossless() {
    let (am, doc) = base();
    let back: ReviewDocument = hydrate(&am).unwrap();
    assert_eq!(back, doc);
}
