//! PDF export benchmarks: a full draft EHC plan with 12 outcomes and 30 provisions (target:
//! under 150 ms), and the review report and one-page profile of the same fictional child;
//! and the aspirations report over 5,000 plans with its charts (target: under 1 s).
//! File sizes are printed before the timings.
//!
//! Run: `cargo bench -p northstar --bench pdf`. Figures go in BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use northstar_engine::pdf::{render, PdfKind};
use northstar_schema::{Outcome, PfaDomain, Provision, ReviewDocument};

/// A demo Year 10 child, filled out to 12 outcomes and 30 provisions across F, G, H1 and H2.
fn full_plan() -> ReviewDocument {
    let mut doc = northstar_engine::demo::demo_documents()
        .unwrap()
        .into_iter()
        .find(|d| d.id.starts_with("a3df13df"))
        .expect("Kacper is in the demo caseload");
    let plan = &mut doc.plan;
    let domains = [
        PfaDomain::Employment,
        PfaDomain::IndependentLiving,
        PfaDomain::Community,
    ];
    while plan.section_e.outcomes.len() < 12 {
        let i = plan.section_e.outcomes.len() + 1;
        plan.section_e.outcomes.push(Outcome {
            id: format!("bench-o{i}"),
            text: format!("By July 2028 Kacper will plan and make a journey to college on his own, using his phone to check times, in {i} of 10 attempts.").into(),
            pfa_domain: Some(domains[i % 3]),
            ..Default::default()
        });
    }
    let outcome_ids: Vec<String> = plan
        .section_e
        .outcomes
        .iter()
        .map(|o| o.id.clone())
        .collect();
    let mut n = plan.provisions().count();
    while n < 30 {
        n += 1;
        let section = match n % 4 {
            0 => &mut plan.section_f,
            1 => &mut plan.section_g,
            2 => &mut plan.section_h1,
            _ => &mut plan.section_h2,
        };
        section.provisions.push(Provision {
            id: format!("bench-p{n}"),
            outcome_ids: vec![outcome_ids[n % outcome_ids.len()].clone()],
            provider: "Specialist teaching assistant trained in travel training".into(),
            description: "Travel training in the community: planning the route, using the bus, handling money and asking for help, with a written plan shared with home.".into(),
            frequency: "2 sessions of 45 minutes a week in term time".into(),
            duration: "Until the end of Key Stage 4 (July 2028)".into(),
        });
    }
    assert_eq!(doc.plan.section_e.outcomes.len(), 12);
    assert_eq!(doc.plan.provisions().count(), 30);
    doc
}

fn benches(c: &mut Criterion) {
    let doc = full_plan();
    for kind in [
        PdfKind::EhcpDraft,
        PdfKind::ReviewReport,
        PdfKind::OnePageProfile,
    ] {
        let bytes = render(&doc, kind).unwrap();
        eprintln!(
            "{kind:?}: {} bytes ({:.1} KB)",
            bytes.len(),
            bytes.len() as f64 / 1024.0
        );
    }
    c.bench_function("render draft EHC plan (12 outcomes, 30 provisions)", |b| {
        b.iter(|| render(&doc, PdfKind::EhcpDraft).unwrap())
    });
    c.bench_function("render annual review report", |b| {
        b.iter(|| render(&doc, PdfKind::ReviewReport).unwrap())
    });
    c.bench_function("render one-page profile", |b| {
        b.iter(|| render(&doc, PdfKind::OnePageProfile).unwrap())
    });
    in_families_languages(c);
    aspirations(c);
}

/// Issue 17's target: the one-page profile in Urdu under 100 ms, shaped (rustybuzz), ordered
/// right to left (unicode-bidi) and with Noto Naskh Arabic subset; Bengali beside it.
fn in_families_languages(c: &mut Criterion) {
    use northstar_engine::pdf::{render_in, Print, Version};
    use northstar_schema::{Entry, Language};
    let said: [(Language, [&str; 3]); 2] = [
        (
            Language::Urdu,
            [
                "وہ ہمیشہ دوسروں کی مدد کرتا ہے اور چھوٹے بچوں کے ساتھ بہت نرمی سے پیش آتا ہے",
                "مجھے فٹبال کھیلنا اور دوستوں کے ساتھ کھانا پکانا پسند ہے",
                "مجھے کام چھوٹے حصوں میں سمجھائیں اور مجھے سوچنے کا وقت دیں",
            ],
        ),
        (
            Language::Bengali,
            [
                "সে সবসময় অন্যদের সাহায্য করে এবং ছোটদের সাথে খুব ধৈর্য ধরে",
                "আমি ফুটবল খেলতে আর বন্ধুদের সাথে রান্না করতে ভালোবাসি",
                "আমাকে কাজ ছোট ছোট ভাগে বুঝিয়ে দিন আর ভাবার সময় দিন",
            ],
        ),
    ];
    for (language, lines) in said {
        let mut doc = full_plan();
        let record = &mut doc.reviews.last_mut().unwrap().record;
        *record = Default::default();
        for (i, text) in lines.iter().enumerate() {
            let entry = Entry {
                id: format!("e{i}"),
                text: (*text).into(),
                author_id: None,
            };
            record.like_and_admire.push(entry.clone());
            record.important_to_future.push(entry.clone());
            record.support_needed.push(entry);
        }
        let version = Version {
            print: Print::Standard,
            language,
        };
        let bytes = render_in(&doc, PdfKind::OnePageProfile, version).unwrap();
        eprintln!(
            "one-page profile in {}: {} bytes ({:.1} KB)",
            language.english_name(),
            bytes.len(),
            bytes.len() as f64 / 1024.0
        );
        c.bench_function(
            &format!("render one-page profile in {}", language.english_name()),
            |b| b.iter(|| render_in(black_box(&doc), PdfKind::OnePageProfile, version).unwrap()),
        );
    }
}

/// Issue 16's target: the aspirations report over 5,000 plans (the 46 demo plans over and
/// over) in under 1 s, with its charts: the figures worked out and protected, then the PDF
/// laid out with a plotters bar chart per table and written.
fn aspirations(c: &mut Criterion) {
    use northstar_schema::aspirations_report::AspirationsReport;
    let demo = northstar_engine::demo::demo_documents().unwrap();
    let caseload: Vec<ReviewDocument> = (0..5_000).map(|i| demo[i % demo.len()].clone()).collect();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let report = AspirationsReport::of(&caseload, today);
    let bytes = northstar_engine::pdf::aspirations_report(&report).unwrap();
    eprintln!(
        "aspirations report PDF: {} bytes ({:.1} KB)",
        bytes.len(),
        bytes.len() as f64 / 1024.0
    );
    c.bench_function(
        "aspirations report PDF with charts, from figures already worked out",
        |b| b.iter(|| northstar_engine::pdf::aspirations_report(black_box(&report)).unwrap()),
    );
    c.bench_function(
        "aspirations report over 5,000 plans, with charts, as PDF",
        |b| {
            b.iter(|| {
                let report = AspirationsReport::of(black_box(&caseload), today);
                northstar_engine::pdf::aspirations_report(&report).unwrap()
            })
        },
    );
}

criterion_group!(pdf, benches);
criterion_main!(pdf);
