//! The pure rules at caseload scale: the plan-quality check of one large plan, and the
//! statutory calendar and the aspirations report for 5,000 plans (an LA holds about
//! 2,500–3,500).
//!
//! Run: `cargo bench -p northstar-schema --bench rules`. Figures go in BENCHMARKS.md.

use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use northstar_schema::calendar::Calendar;
use northstar_schema::quality::check;
use northstar_schema::{
    AdviceRequest, Agency, Amendment, AmendmentStatus, AnnualReview, Date, LaDecision, Need,
    Outcome, PlanDecision, Provision, ReviewDocument, ReviewStatus,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn demo() -> Vec<ReviewDocument> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/demo-caseload.json"
    );
    let values: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    values
        .into_iter()
        .map(|v| ReviewDocument::from_json_value(v).unwrap())
        .collect()
}

/// A demo Year 10 plan grown to 20 outcomes and 40 provisions, half of them poorly worded,
/// so every rule has work to do.
fn large_plan(demo: &[ReviewDocument]) -> ReviewDocument {
    let mut doc = demo
        .iter()
        .find(|d| d.young_person.given_name == "Simran")
        .unwrap()
        .clone();
    let plan = &mut doc.plan;
    plan.section_e.outcomes.clear();
    plan.section_f.provisions.clear();
    plan.section_b.needs = (0..10)
        .map(|i| Need {
            id: format!("need-{i}"),
            description: format!("Need number {i}, described at length for the benchmark.").into(),
            ..Default::default()
        })
        .collect();
    for i in 0..20 {
        let text = if i % 2 == 0 {
            format!("By the end of Key Stage 4, Simran will complete task {i} independently in 4 out of 5 lessons.")
        } else {
            "Simran will receive support to make progress with her reading.".to_string()
        };
        plan.section_e.outcomes.push(Outcome {
            id: format!("outcome-{i}"),
            text: text.into(),
            need_ids: vec![format!("need-{}", i % 10)],
            ..Default::default()
        });
    }
    for i in 0..40 {
        let (provider, description, frequency) = if i % 2 == 0 {
            (
                "Speech and language therapist",
                "Direct therapy with a programme for the teaching assistant.",
                "1 x 30-minute session each week",
            )
        } else {
            (
                "School",
                "Access to a TA as required, with regular check-ins.",
                "As required",
            )
        };
        plan.section_f.provisions.push(Provision {
            id: format!("provision-{i}"),
            outcome_ids: vec![format!("outcome-{}", i % 20)],
            provider: provider.into(),
            description: description.into(),
            frequency: frequency.into(),
            duration: "Until the end of Key Stage 4 (July 2028)".into(),
        });
    }
    let review = doc.reviews.last_mut().unwrap();
    review.advice.extend((0..6).map(|i| AdviceRequest {
        id: format!("bench-advice-{i}"),
        agency: Agency::Health,
        due_on: Date::parse("2026-05-01"),
        received_on: None,
        ..Default::default()
    }));
    review.amendments.extend((0..6).map(|i| Amendment {
        id: format!("bench-amendment-{i}"),
        status: AmendmentStatus::Accepted,
        decided_on: Date::parse("2026-01-10"),
        ..Default::default()
    }));
    review.la_decision = Some(LaDecision {
        decision: PlanDecision::Amend,
        decided_on: Date::parse("2026-06-11"),
        amendment_notice_on: Date::parse("2026-06-16"),
        ..Default::default()
    });
    doc.reviews.push(AnnualReview {
        id: "bench-open".into(),
        meeting_date: Date::parse("2026-11-20"),
        ..Default::default()
    });
    doc
}

fn benches(c: &mut Criterion) {
    let demo = demo();
    let large = large_plan(&demo);
    assert_eq!(large.plan.section_e.outcomes.len(), 20);
    assert_eq!(
        large.plan.provisions().count(),
        40 + large.plan.section_g.provisions.len()
            + large.plan.section_h1.provisions.len()
            + large.plan.section_h2.provisions.len()
    );
    c.bench_function(
        "quality check, one large plan (20 outcomes, 40+ provisions)",
        |b| b.iter(|| check(black_box(&large), today())),
    );

    let caseload: Vec<ReviewDocument> = (0..5_000).map(|i| demo[i % demo.len()].clone()).collect();
    c.bench_function("statutory calendar, 5,000 plans", |b| {
        b.iter(|| {
            let mut overdue = 0usize;
            for doc in black_box(&caseload) {
                let cal = Calendar::for_document(doc, today());
                overdue += cal
                    .deadlines
                    .iter()
                    .filter(|d| d.status.as_str() == "overdue")
                    .count();
            }
            overdue
        })
    });
    c.bench_function("caseload entries (calendar-backed), 5,000 plans", |b| {
        b.iter(|| {
            black_box(&caseload)
                .iter()
                .map(|d| northstar_schema::CaseloadEntry::from_document(d, today()))
                .filter(|e| e.status == ReviewStatus::Overdue)
                .count()
        })
    });
    // Issue 16's target: the aspirations report over 5,000 plans in under 1 s (figures and
    // suppression; the PDF with its charts is measured in engine/benches/pdf.rs).
    c.bench_function(
        "aspirations report (themes, gaps, suppression), 5,000 plans",
        |b| {
            b.iter(|| {
                northstar_schema::aspirations_report::AspirationsReport::of(
                    black_box(&caseload),
                    today(),
                )
                .to_csv()
                .len()
            })
        },
    );
}

criterion_group!(rules, benches);
criterion_main!(rules);
