//! The statutory year's heavy steps, measured (issue 13's targets):
//!
//! - issuing the amended plan for the largest demo plan, with 10 amendments made and the final
//!   plan PDF written (target: under 100 ms);
//! - the SEN2 return for 5,000 plans: read the caseload, work out the items, write the XML
//!   (target: under 2 s).
//!
//! Run: `cargo bench -p northstar --bench year`. Figures go in BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use northstar_engine::pdf::{render, PdfKind};
use northstar_engine::{Author, Store, Workspace};
use northstar_schema::edit::ReviewEdit;
use northstar_schema::sen2::Sen2Return;
use northstar_schema::{
    Amendment, AmendmentStatus, AnnualReview, ChangeKind, Date, PlanDecision, PlanSection,
    Representation, ReviewDocument, Role,
};
use std::time::Duration;

/// The demo plan with the most in it, with a held review, ten accepted amendments (rewords,
/// additions and removals across E and F), the decision to amend, the notice and comments.
fn large_plan_ready_to_issue() -> (ReviewDocument, String) {
    let mut doc = northstar_engine::demo::demo_documents()
        .unwrap()
        .into_iter()
        .max_by_key(|d| d.to_json_pretty().len())
        .unwrap();
    doc.issues.clear();
    let review_id = "bench-review".to_string();
    let outcomes: Vec<String> = doc
        .plan
        .section_e
        .outcomes
        .iter()
        .map(|o| o.id.clone())
        .collect();
    let provisions: Vec<String> = doc
        .plan
        .section_f
        .provisions
        .iter()
        .map(|p| p.id.clone())
        .collect();
    let mut amendments = Vec::new();
    for i in 0..10 {
        let (section, change, item) = match i % 4 {
            0 => (
                PlanSection::E,
                ChangeKind::Reword,
                outcomes.get(i / 4).cloned(),
            ),
            1 => (
                PlanSection::F,
                ChangeKind::Reword,
                provisions.get(i / 4).cloned(),
            ),
            2 => (PlanSection::F, ChangeKind::Add, None),
            _ => (PlanSection::E, ChangeKind::Add, None),
        };
        let change = if item.is_none() && change == ChangeKind::Reword {
            ChangeKind::Add
        } else {
            change
        };
        amendments.push(Amendment {
            id: format!("bench-amendment-{i}"),
            section,
            change,
            item_id: item,
            after: format!("Amended words number {i}, specific, measurable and dated by July 2027"),
            status: AmendmentStatus::Accepted,
            ..Default::default()
        });
    }
    doc.reviews.push(AnnualReview {
        id: review_id.clone(),
        meeting_date: Date::parse("2026-11-02"),
        amendments,
        representations: vec![Representation {
            id: "bench-rep".into(),
            text: "We agree".into(),
            ..Default::default()
        }],
        la_decision: Some(northstar_schema::LaDecision {
            decision: PlanDecision::Amend,
            decided_on: Date::parse("2026-11-20"),
            amendment_notice_on: Date::parse("2026-11-23"),
            reasons: "Needs have changed".into(),
            ..Default::default()
        }),
        ..Default::default()
    });
    (doc, review_id)
}

fn issue(c: &mut Criterion) {
    let (doc, review_id) = large_plan_ready_to_issue();
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("final.pdf");
    let mut made = 0usize;
    c.bench_function(
        "issue the amended plan: 10 amendments made, final PDF written",
        |b| {
            b.iter_batched(
                || {
                    // A fresh store holding the plan ready to issue (not timed).
                    let dir = tempfile::tempdir().unwrap();
                    let mut store = Store::open(
                        dir.path(),
                        &northstar_engine::DataKey::for_tests(dir.path()),
                    )
                    .unwrap();
                    store.create(&doc).unwrap();
                    let mut ws = Workspace::new(store).unwrap();
                    ws.set_author(Author {
                        name: "Priya Shah".into(),
                        role: Role::LaCaseworker,
                    })
                    .unwrap();
                    ws.store().get(&doc.id).unwrap();
                    (dir, ws)
                },
                |(dir, mut ws)| {
                    let edited = ws
                        .edit(
                            &doc.id,
                            &ReviewEdit::IssueAmendedPlan {
                                review_id: review_id.clone(),
                                issued_on: Date::parse("2026-12-09").unwrap(),
                            },
                        )
                        .unwrap();
                    let bytes = render(&edited.review, PdfKind::EhcpFinal).unwrap();
                    std::fs::write(&pdf, &bytes).unwrap();
                    made = edited
                        .review
                        .issues
                        .last()
                        .map(|i| i.amendment_ids.len())
                        .unwrap_or(0);
                    drop(dir);
                },
                BatchSize::PerIteration,
            )
        },
    );
    assert_eq!(made, 10, "every amendment was made");
}

const PLANS: usize = 5_000;

fn sen2(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(
        dir.path(),
        &northstar_engine::DataKey::for_tests(dir.path()),
    )
    .unwrap();
    let demo = northstar_engine::demo::demo_documents().unwrap();
    for i in 0..PLANS {
        let mut doc = demo[i % demo.len()].clone();
        doc.id = format!("sen2-{i:05}");
        doc.young_person.family_name = format!("{}{}", doc.young_person.family_name, i);
        store.create(&doc).unwrap();
    }
    let out = dir.path().join("sen2.xml");
    let today = chrono::NaiveDate::from_ymd_opt(2027, 1, 25).unwrap();
    let mut people = 0;
    c.bench_function(
        "SEN2 return for 5,000 plans: read, work out, write the XML",
        |b| {
            b.iter(|| {
                let entries = store.list_on(&Default::default(), today).unwrap();
                let sen2 = Sen2Return::of(&entries, 2027, today).unwrap();
                std::fs::write(&out, sen2.to_xml("2027-01-25T09:00:00", "bench")).unwrap();
                people = sen2.plans.len();
            })
        },
    );
    assert_eq!(people, PLANS);
}

criterion_group! {
    name = year;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(8));
    targets = issue, sen2
}
criterion_main!(year);
