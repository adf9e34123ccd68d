//! The plan-quality assistant over whole documents: the demo caseload's deliberately weak and
//! stale plans, and a property test that every finding points at something that exists.

use chrono::NaiveDate;
use northstar_schema::quality::{check, Finding, QualityReport, Rule, Severity};
use northstar_schema::{
    AdviceRequest, Agency, Amendment, AmendmentStatus, AnnualReview, Date, LaDecision, Need,
    Outcome, PlanDecision, PlanSection, Provision, ReviewDocument, YearGroup, YoungPerson,
};
use proptest::prelude::*;

/// The day the demo caseload is written relative to (`TODAY` in fixtures/generate.py).
fn demo_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn demo() -> Vec<ReviewDocument> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/demo-caseload.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let values: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    values
        .into_iter()
        .map(|v| ReviewDocument::from_json_value(v).unwrap())
        .collect()
}

/// Children flagged `weak` (a deliberately poor plan) in fixtures/generate.py.
const WEAK: [&str; 4] = ["Daniel", "Jayden", "Callum", "Tyrone"];
/// Children flagged `stale=` (amendments accepted but never applied) in fixtures/generate.py.
const STALE: [&str; 2] = ["Ionuț", "Connor"];

fn rules(findings: &[Finding]) -> Vec<Rule> {
    findings.iter().map(|f| f.rule).collect()
}

#[test]
fn weak_demo_plans_get_findings_on_outcomes_and_provision() {
    let docs = demo();
    for name in WEAK {
        let doc = docs
            .iter()
            .find(|d| d.young_person.given_name == name)
            .unwrap();
        let found = rules(&check(doc, demo_today()));
        for expected in [
            Rule::OutcomeAsProvision,
            Rule::OutcomeNotTimeBound,
            Rule::OutcomeNotMeasurable,
            Rule::ProvisionVague,
            Rule::ProvisionNotQuantified,
        ] {
            assert!(
                found.contains(&expected),
                "{name}: no {expected:?} in {found:?}"
            );
        }
    }
}

#[test]
fn stale_demo_plans_get_the_high_severity_amendment_finding() {
    let docs = demo();
    for doc in &docs {
        let name = doc.young_person.given_name.as_str();
        let findings = check(doc, demo_today());
        let stale = findings
            .iter()
            .any(|f| f.rule == Rule::AmendmentNotApplied && f.severity == Severity::High);
        assert_eq!(
            stale,
            STALE.contains(&name),
            "{name}: {:?}",
            rules(&findings)
        );
    }
}

#[test]
fn weak_plans_have_more_findings_than_the_rest() {
    let docs = demo();
    let (mut weak, mut other) = (Vec::new(), Vec::new());
    for doc in &docs {
        let n = check(doc, demo_today()).len();
        if WEAK.contains(&doc.young_person.given_name.as_str()) {
            weak.push(n);
        } else {
            other.push(n);
        }
    }
    let fewest_weak = *weak.iter().min().unwrap();
    let mean_other = other.iter().sum::<usize>() as f64 / other.len() as f64;
    println!("findings: weak plans {weak:?}; other plans mean {mean_other:.1}");
    assert!(fewest_weak as f64 > 2.0 * mean_other);
}

#[test]
fn the_report_counts_by_severity_and_has_a_stable_shape() {
    let docs = demo();
    let doc = docs
        .iter()
        .find(|d| d.young_person.given_name == "Connor")
        .unwrap();
    let report = QualityReport::for_document(doc, demo_today());
    assert_eq!(
        report.counts.high + report.counts.medium + report.counts.low,
        report.findings.len()
    );
    let v = serde_json::to_value(&report).unwrap();
    let first = &v["findings"][0];
    for key in [
        "rule",
        "severity",
        "section",
        "item_id",
        "review_id",
        "message",
        "suggestion",
        "citation",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["severity"], "high");
    assert_eq!(v["checked_on"], "2026-11-25");
    // Most severe first.
    let severities: Vec<Severity> = report.findings.iter().map(|f| f.severity).collect();
    assert!(severities.windows(2).all(|w| w[0] <= w[1]));
}

/// Whether a finding's location names something in the document.
/// Families who need an interpreter: the meeting must say whether one was there.
#[test]
fn a_needed_interpreter_must_be_recorded_at_the_meeting() {
    use northstar_schema::edit::ReviewEdit;
    use northstar_schema::InterpreterAtMeeting;
    let mut doc = ReviewDocument::default();
    doc.young_person.communication.interpreter_needed = true;
    doc.young_person.communication.home_language = Some("Polish".into());
    doc.reviews.push(AnnualReview {
        id: "r1".into(),
        meeting_date: Some(Date(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())),
        ..Default::default()
    });
    let interpreter = |doc: &ReviewDocument, today: NaiveDate| -> Vec<Finding> {
        check(doc, today)
            .into_iter()
            .filter(|f| f.rule == Rule::InterpreterNotRecorded)
            .collect()
    };
    // Before the meeting there is nothing to record yet.
    let before = NaiveDate::from_ymd_opt(2026, 11, 19).unwrap();
    assert!(interpreter(&doc, before).is_empty());
    let after = demo_today();
    let found = interpreter(&doc, after);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::High);
    assert_eq!(found[0].review_id.as_deref(), Some("r1"));
    assert!(
        found[0].message.contains("(Polish)"),
        "{}",
        found[0].message
    );
    assert!(found[0].citation.contains("9.21") && found[0].citation.contains("9.166"));
    let set = |doc: &mut ReviewDocument, i: Option<InterpreterAtMeeting>| {
        ReviewEdit::SetInterpreter {
            review_id: "r1".into(),
            interpreter: i,
        }
        .apply(doc, &mut || "x".into())
        .unwrap();
    };
    set(&mut doc, Some(InterpreterAtMeeting::NotBooked));
    let found = interpreter(&doc, after);
    assert!(
        found[0].message.contains("none was booked"),
        "{}",
        found[0].message
    );
    set(&mut doc, Some(InterpreterAtMeeting::Booked));
    assert!(interpreter(&doc, after).is_empty());
    set(&mut doc, Some(InterpreterAtMeeting::FamilyDeclined));
    assert!(interpreter(&doc, after).is_empty());
    // A family who does not need one is never asked about it.
    doc.young_person.communication.interpreter_needed = false;
    set(&mut doc, None);
    assert!(interpreter(&doc, after).is_empty());
}

fn points_at_something(doc: &ReviewDocument, f: &Finding) -> bool {
    let review = match &f.review_id {
        Some(id) => match doc.reviews.iter().find(|r| &r.id == id) {
            Some(r) => Some(r),
            None => return false,
        },
        None => None,
    };
    let Some(item) = &f.item_id else {
        return true;
    };
    let plan = &doc.plan;
    match (f.section, review) {
        (Some(PlanSection::A), _) => plan.section_a.aspirations.iter().any(|a| &a.id == item),
        (Some(PlanSection::E), _) => plan.section_e.outcomes.iter().any(|o| &o.id == item),
        (Some(s @ (PlanSection::B | PlanSection::C | PlanSection::D)), _) => {
            plan.needs().any(|(ns, n)| ns == s && &n.id == item)
        }
        (Some(s), _) => plan
            .provisions()
            .any(|p| p.section == s && &p.provision.id == item),
        (None, Some(r)) => {
            r.advice.iter().any(|a| &a.id == item) || r.amendments.iter().any(|a| &a.id == item)
        }
        (None, None) => false,
    }
}

#[test]
fn every_demo_finding_points_at_something() {
    for doc in demo() {
        for f in check(&doc, demo_today()) {
            assert!(points_at_something(&doc, &f), "{}: {f:?}", doc.id);
        }
    }
}

const TEXTS: [&str; 6] = [
    "By the end of Key Stage 2, Sam will read 50 words in 4 out of 5 sessions.",
    "Sam will receive support.",
    "",
    "Access to a TA as required.",
    "The pupil will make progress.",
    "Speech and language therapy, 1 x 30 minutes a week.",
];

fn id_strategy(prefix: &'static str) -> impl Strategy<Value = String> {
    (0u8..6).prop_map(move |n| format!("{prefix}{n}"))
}

fn text() -> impl Strategy<Value = String> {
    (0usize..TEXTS.len()).prop_map(|i| TEXTS[i].to_string())
}

fn date() -> impl Strategy<Value = Option<Date>> {
    proptest::option::of((-800i64..800).prop_map(|n| {
        Date(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(n))
    }))
}

prop_compose! {
    fn need()(id in id_strategy("n"), description in text()) -> Need {
        Need { id, description: description.into(), ..Default::default() }
    }
}

prop_compose! {
    fn outcome()(
        id in id_strategy("o"),
        t in text(),
        need_ids in proptest::collection::vec(id_strategy("n"), 0..3),
        aspiration_ids in proptest::collection::vec(id_strategy("a"), 0..2),
    ) -> Outcome {
        Outcome { id, text: t.into(), need_ids, aspiration_ids, ..Default::default() }
    }
}

prop_compose! {
    fn provision()(
        id in id_strategy("p"),
        description in text(),
        provider in proptest::sample::select(vec!["", "School", "School nurse", "Social worker", "Teaching assistant"]),
        frequency in proptest::sample::select(vec!["", "As required", "Weekly"]),
        outcome_ids in proptest::collection::vec(id_strategy("o"), 0..3),
    ) -> Provision {
        Provision {
            id,
            description: description.into(),
            provider: provider.into(),
            frequency: frequency.into(),
            outcome_ids,
            ..Default::default()
        }
    }
}

prop_compose! {
    fn review()(
        id in id_strategy("r"),
        meeting in date(),
        decided in date(),
        notice in date(),
        advice in proptest::collection::vec((id_strategy("adv"), date(), date()), 0..3),
        amendments in proptest::collection::vec((id_strategy("am"), 0usize..4, date()), 0..3),
    ) -> AnnualReview {
        AnnualReview {
            id,
            meeting_date: meeting,
            la_decision: decided.map(|on| LaDecision {
                decision: PlanDecision::Amend,
                decided_on: Some(on),
                amendment_notice_on: notice,
                ..Default::default()
            }),
            advice: advice.into_iter().map(|(id, due_on, received_on)| AdviceRequest {
                id, agency: Agency::Health, due_on, received_on, ..Default::default()
            }).collect(),
            amendments: amendments.into_iter().map(|(id, s, decided_on)| Amendment {
                id,
                status: AmendmentStatus::ALL[s],
                decided_on,
                ..Default::default()
            }).collect(),
            ..Default::default()
        }
    }
}

/// Keeps the first item with each id, as a valid document would.
fn dedup<T>(items: Vec<T>, id: impl Fn(&T) -> &str) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|x| seen.insert(id(x).to_string()))
        .collect()
}

proptest! {
    #[test]
    fn every_finding_points_at_an_item_that_exists(
        needs in proptest::collection::vec((0usize..3, need()), 0..5),
        outcomes in proptest::collection::vec(outcome(), 0..5),
        provisions in proptest::collection::vec((0usize..4, provision()), 0..6),
        reviews in proptest::collection::vec(review(), 0..3),
        year in 0usize..YearGroup::ALL.len(),
        dob in date(),
        today in (-800i64..800),
    ) {
        let mut doc = ReviewDocument::new("prop", YoungPerson {
            given_name: "Sam".into(),
            year_group: YearGroup::ALL[year],
            date_of_birth: dob,
            ..Default::default()
        });
        let needs = dedup(needs, |(_, n)| &n.id);
        for (s, n) in needs {
            [&mut doc.plan.section_b, &mut doc.plan.section_c, &mut doc.plan.section_d][s].needs.push(n);
        }
        doc.plan.section_e.outcomes = dedup(outcomes, |o| &o.id);
        for (s, p) in dedup(provisions, |(_, p)| &p.id) {
            [&mut doc.plan.section_f, &mut doc.plan.section_g, &mut doc.plan.section_h1, &mut doc.plan.section_h2][s]
                .provisions
                .push(p);
        }
        doc.reviews = dedup(reviews, |r| &r.id);
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(today);
        for f in check(&doc, today) {
            prop_assert!(points_at_something(&doc, &f), "{:?}", f);
            prop_assert!(!f.message.is_empty() && !f.suggestion.is_empty() && !f.citation.is_empty());
        }
    }
}
