//! `reconcile_edit` writes only what changed, and must leave the document exactly as a full
//! `autosurgeon::reconcile` would. Checked on every demo review with edits at every depth.

use automerge::AutoCommit;
use northstar_schema::{
    read_document, reconcile_edit, Action, AnnualReview, Outcome, PhaseTransfer, ReviewDocument,
};

fn demo() -> Vec<ReviewDocument> {
    let json = include_str!("../../fixtures/demo-caseload.json");
    let docs: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
    assert!(docs.len() >= 40, "the demo caseload is missing");
    docs.into_iter()
        .map(|v| ReviewDocument::from_json_value(v).unwrap())
        .collect()
}

type Edit = (&'static str, fn(&mut ReviewDocument));

/// Edits at each level `reconcile_edit` distinguishes: root fields, plan sections, one review,
/// and structural changes (reviews added or removed) that take the fallback path.
const EDITS: &[Edit] = &[
    ("rename", |d| d.young_person.given_name.push('ë')),
    ("type in section A", |d| {
        d.plan.section_a.parent_views =
            format!("{} Added today.", d.plan.section_a.parent_views.as_str()).into()
    }),
    ("add an outcome", |d| {
        d.plan.section_e.outcomes.push(Outcome {
            id: "new-outcome".into(),
            text: "Will travel to college by bus on her own.".into(),
            ..Default::default()
        })
    }),
    ("remove the first outcome", |d| {
        if !d.plan.section_e.outcomes.is_empty() {
            d.plan.section_e.outcomes.remove(0);
        }
    }),
    ("set a transfer", |d| {
        d.plan.transfer = Some(PhaseTransfer::default())
    }),
    ("add an action to the latest review", |d| {
        if let Some(r) = d.reviews.last_mut() {
            r.actions.push(Action {
                id: "new-action".into(),
                owner: "SENCO".into(),
                what: "Send the draft to the family.".into(),
                ..Default::default()
            })
        }
    }),
    ("edit the oldest review", |d| {
        if let Some(r) = d.reviews.first_mut() {
            r.pfa_discussed = !r.pfa_discussed;
        }
    }),
    ("open a new review", |d| {
        d.reviews.push(AnnualReview {
            id: "new-review".into(),
            ..Default::default()
        })
    }),
    ("drop the oldest review", |d| {
        if !d.reviews.is_empty() {
            d.reviews.remove(0);
        }
    }),
    ("add a voice contribution", |d| {
        let mut c = d.voice.first().cloned().unwrap_or_default();
        c.id = "new-voice".into();
        d.voice.push(c);
    }),
];

#[test]
fn partial_reconcile_matches_a_full_one_on_every_demo_review() {
    for original in demo() {
        for (name, edit) in EDITS {
            let mut partial = AutoCommit::new();
            autosurgeon::reconcile(&mut partial, &original).unwrap();
            partial.commit();
            let mut full = partial.fork();

            let mut after = original.clone();
            edit(&mut after);
            reconcile_edit(&mut partial, &original, &after).unwrap();
            autosurgeon::reconcile(&mut full, &after).unwrap();

            let who = &original.young_person.given_name;
            assert_eq!(read_document(&partial).unwrap(), after, "{who}: {name}");
            assert_eq!(
                northstar_schema::object_to_json(
                    &partial,
                    &automerge::ROOT,
                    automerge::ObjType::Map
                ),
                northstar_schema::object_to_json(&full, &automerge::ROOT, automerge::ObjType::Map),
                "{who}: {name} stored differently from a full reconcile"
            );
        }
    }
}

#[test]
fn an_unchanged_model_writes_nothing() {
    let original = demo().remove(0);
    let mut doc = AutoCommit::new();
    autosurgeon::reconcile(&mut doc, &original).unwrap();
    doc.commit();
    let heads = doc.get_heads();
    reconcile_edit(&mut doc, &original, &original.clone()).unwrap();
    doc.commit();
    assert_eq!(doc.get_heads(), heads, "no change was recorded");
}

/// What honest clients write always passes the strict read that changes from elsewhere get,
/// so the shape check never refuses a real review.
#[test]
fn every_demo_review_reads_strictly_before_and_after_each_edit() {
    for doc in demo() {
        for (name, edit) in EDITS {
            let mut am = AutoCommit::new();
            autosurgeon::reconcile(&mut am, &doc).unwrap();
            northstar_schema::read_document_strict(&am)
                .unwrap_or_else(|e| panic!("{}: {e}", doc.id));
            let mut edited = doc.clone();
            edit(&mut edited);
            reconcile_edit(&mut am, &doc, &edited).unwrap();
            northstar_schema::read_document_strict(&am)
                .unwrap_or_else(|e| panic!("{} after {name}: {e}", doc.id));
        }
    }
}
