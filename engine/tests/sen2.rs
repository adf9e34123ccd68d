//! `northstar sen2`: the annual-review items of the SEN2 return for the fictional demo
//! caseload, validated against the schema written from the specification with xmllint, and
//! counted against figures worked out by hand from `fixtures/demo-caseload.json`.

mod common;

use common::northstar_in;
use std::path::Path;
use std::process::Command;

fn xsd() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/sen2/northstar-sen2-reviews.xsd")
}

/// Whether xmllint finds `xml` valid against the schema, and what it said.
fn validate(xml: &Path) -> (bool, String) {
    let o = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd())
        .arg(xml)
        .output()
        .expect("xmllint (libxml2-utils) is needed");
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// `northstar sen2 --year 2027` into `out`, as of `today`.
fn sen2_2027(dir: &Path, out: &Path, today: &str) -> std::process::Output {
    northstar_in(
        dir,
        &[
            "sen2",
            "--year",
            "2027",
            "--out",
            &out.to_string_lossy(),
            "--today",
            today,
        ],
    )
}

#[test]
fn the_demo_caseloads_return_validates_and_counts_as_worked_out_by_hand() {
    let data = tempfile::tempdir().unwrap();
    assert!(northstar_in(data.path(), &["demo"]).status.success());
    let out = data.path().join("sen2-2027.xml");
    let o = sen2_2027(data.path(), &out, "2026-11-25");
    let said = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{said}");
    let (valid, why) = validate(&out);
    assert!(valid, "the return fits the schema: {why}");

    // By hand, from the fixture: of 46 plans, the latest meeting by 25 November 2026 was
    // decided "maintain" for 13 and "amend" for 26; 5 wait for the LA's decision; 2 have had
    // no review since the plan was made.
    let xml = std::fs::read_to_string(&out).unwrap();
    let count = |needle: &str| xml.matches(needle).count();
    assert_eq!(count("<Person>"), 46);
    assert_eq!(count("<ReviewOutcome>M</ReviewOutcome>"), 13);
    assert_eq!(count("<ReviewOutcome>A</ReviewOutcome>"), 26);
    assert_eq!(count("<ReviewOutcome>C</ReviewOutcome>"), 0);
    assert_eq!(count("<ReviewMeeting>"), 44);
    assert_eq!(count("<LastReview>"), 39);
    assert!(
        xml.contains("<ReferenceDate>2027-01-21</ReferenceDate>"),
        "the third Thursday"
    );
    assert!(
        said.contains("46 active plans; review outcomes: 13 maintain, 26 amend, 0 cease"),
        "{said}"
    );
    assert!(
        said.contains("5 with a meeting but no LA decision"),
        "{said}"
    );
    assert!(said.contains("2 with no review meeting"), "{said}");

    // The check can fail: an outcome code the DfE does not use is caught.
    let bad = data.path().join("bad.xml");
    std::fs::write(
        &bad,
        xml.replacen("<ReviewOutcome>A<", "<ReviewOutcome>X<", 1),
    )
    .unwrap();
    assert!(
        !validate(&bad).0,
        "a made-up outcome code does not validate"
    );
}

#[test]
fn a_decision_after_the_census_date_is_left_out_not_guessed() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("plan.json");
    let mut doc = common::review(
        "5e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
        "Łucja",
        "O'Brien & Co",
    );
    doc.young_person.date_of_birth = northstar_schema::Date::parse("2015-03-02");
    doc.reviews[0].meeting_date = northstar_schema::Date::parse("2027-01-12");
    doc.reviews[0].la_decision = Some(northstar_schema::LaDecision {
        decision: northstar_schema::PlanDecision::Amend,
        decided_on: northstar_schema::Date::parse("2027-02-01"),
        ..Default::default()
    });
    std::fs::write(&file, doc.to_json_pretty()).unwrap();
    assert!(
        northstar_in(data.path(), &["import", &file.to_string_lossy()])
            .status
            .success()
    );
    let out = data.path().join("sen2.xml");
    let o = sen2_2027(data.path(), &out, "2027-03-01");
    assert!(o.status.success());
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(xml.contains("<ReviewMeeting>2027-01-12</ReviewMeeting>"));
    assert!(
        !xml.contains("<ReviewOutcome>") && !xml.contains("<LastReview>"),
        "{xml}"
    );
    assert!(xml.contains("<Surname>O&apos;Brien &amp; Co</Surname>"));
    assert!(xml.contains("<Forename>Łucja</Forename>"));
    assert!(validate(&out).0);
    // A year that cannot be a collection gets plain words and writes nothing.
    let none = data.path().join("none.xml");
    let o = northstar_in(
        data.path(),
        &["sen2", "--year", "99999", "--out", &none.to_string_lossy()],
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a SEN2 collection year"));
    assert!(!none.exists());
}
