//! The statutory year after the meeting, through the real `northstar` binary and the engine:
//! report pack, LA decision, notice, representations, the amended plan issued and exported as
//! the final PDF; the cease path; bad input that changes nothing; a SENCO's window refused an
//! LA step; two copies deciding at once; and the caseworker's queue.

mod common;

use common::{northstar_in, review};
use northstar_engine::{Author, Store, Workspace};
use northstar_schema::edit::ReviewEdit;
use northstar_schema::{
    Amendment, AmendmentStatus, Attendance, ChangeKind, Date, Outcome, Participant, PlanDecision,
    PlanSection, Provision, ReviewDocument, Role,
};
use std::path::Path;
use std::process::{Command, Output};

const ID: &str = "0f2b7c1e-9d41-4c55-8a3e-5b2f1d0e7a11";
const CASEWORKER: &[&str] = &["--as", "Priya Shah", "--role", "la-caseworker"];

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let o = northstar_in(dir, args);
    assert!(o.status.success(), "northstar {args:?}: {}", stderr(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `northstar year decide` as the LA caseworker.
fn decide<'a>(decision: &'a str, on: &'a str, reasons: &'a str) -> Vec<&'a str> {
    let mut args = vec![
        "year",
        "decide",
        ID,
        "--decision",
        decision,
        "--on",
        on,
        "--reasons",
        reasons,
    ];
    args.extend_from_slice(CASEWORKER);
    args
}

/// Runs a step that must be refused, and checks it left the stored review as it was.
fn refused(dir: &Path, args: &[&str]) -> String {
    let before = ok(dir, &["export", ID]);
    let o = northstar_in(dir, args);
    assert!(!o.status.success(), "northstar {args:?} should be refused");
    assert_eq!(ok(dir, &["export", ID]), before, "nothing stored changed");
    stderr(&o)
}

/// A plan with an outcome and provision, and a review held on 10 November 2026 with a parent
/// and a SENCO invited.
fn plan() -> ReviewDocument {
    let mut doc = review(ID, "Ayo", "Bello");
    // Year 5 in the school year 2026/27.
    doc.young_person.year_group_school_year = Some(2026);
    doc.participants = vec![
        Participant {
            id: "p-parent".into(),
            name: "Tola Bello".into(),
            role: Role::ParentCarer,
            email: Some("tola@example.org".into()),
            ..Default::default()
        },
        Participant {
            id: "p-senco".into(),
            name: "Jo Marsh".into(),
            role: Role::Senco,
            organisation: Some("Hollin Brook Primary".into()),
            ..Default::default()
        },
    ];
    doc.plan.section_e.outcomes.push(Outcome {
        id: "out-1".into(),
        text: "By July 2027 Ayo will follow a two-step instruction".into(),
        ..Default::default()
    });
    doc.plan.section_f.provisions.push(Provision {
        id: "prov-1".into(),
        description: "Speech and language therapy".into(),
        frequency: "30 minutes a week".into(),
        outcome_ids: vec!["out-1".into()],
        ..Default::default()
    });
    let r = &mut doc.reviews[0];
    r.meeting_date = Date::parse("2026-11-10");
    r.attendance = ["p-parent", "p-senco"]
        .iter()
        .map(|p| Attendance {
            participant_id: p.to_string(),
            ..Default::default()
        })
        .collect();
    doc
}

fn imported() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("plan.json");
    std::fs::write(&file, plan().to_json_pretty()).unwrap();
    ok(data.path(), &["import", &file.to_string_lossy()]);
    data
}

fn pdftotext(path: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Writes the PDF of `kind` into `out` with the CLI and returns its text.
fn pdf(dir: &Path, out: &Path, kind: &str) -> String {
    let file = out.join(format!("{kind}.pdf"));
    ok(
        dir,
        &["pdf", ID, "--kind", kind, "--out", &file.to_string_lossy()],
    );
    pdftotext(&file)
}

fn amendment(change: ChangeKind, section: PlanSection, item: Option<&str>, after: &str) -> String {
    serde_json::to_string(&ReviewEdit::UpsertAmendment {
        review_id: "review-1".into(),
        amendment: Amendment {
            section,
            change,
            item_id: item.map(str::to_string),
            after: after.into(),
            proposal: "Agreed at the review".into(),
            evidence: "Speech and language therapy report, October 2026".into(),
            status: AmendmentStatus::Accepted,
            ..Default::default()
        },
    })
    .unwrap()
}

#[test]
fn a_whole_year_from_the_command_line_ends_in_a_final_plan_pdf() {
    let data = imported();
    let dir = data.path();
    let out = tempfile::tempdir().unwrap();

    // The school sends the report: a PDF and an email draft for each person invited.
    let report = out.path().join("report.pdf");
    let written = ok(
        dir,
        &[
            "year",
            "report-pack",
            ID,
            "--out",
            &report.to_string_lossy(),
            "--as",
            "Jo Marsh",
        ],
    );
    assert_eq!(
        written.lines().count(),
        3,
        "the PDF and two drafts: {written}"
    );
    let draft =
        std::fs::read_to_string(out.path().join("Ayo Bello - report to Tola Bello.eml")).unwrap();
    assert!(draft.contains("To: Tola Bello <tola@example.org>"));
    assert!(draft.contains("application/pdf"));
    ok(dir, &["year", "report-sent", ID, "--on", "2026-11-17"]);

    // Amendments with their exact change, then the decision, the notice and comments.
    ok(
        dir,
        &[
            "edit",
            ID,
            &amendment(
                ChangeKind::Reword,
                PlanSection::E,
                Some("out-1"),
                "By July 2027 Ayo will follow a three-step instruction in class",
            ),
        ],
    );
    ok(
        dir,
        &[
            "edit",
            ID,
            &amendment(
                ChangeKind::Add,
                PlanSection::F,
                None,
                "Weekly social communication group led by a trained teaching assistant",
            ),
        ],
    );
    ok(
        dir,
        &decide(
            "amend",
            "2026-11-20",
            "The review showed new needs in communication",
        ),
    );
    ok(
        dir,
        &[
            &["year", "notice", ID, "--on", "2026-11-23"][..],
            CASEWORKER,
        ]
        .concat(),
    );
    let rep = serde_json::json!({"edit": "upsert-representation", "review_id": "review-1",
        "representation": {"text": "We agree with the changes", "received_on": "2026-11-30"}});
    ok(
        dir,
        &[
            "edit",
            ID,
            &rep.to_string(),
            "--as",
            "Tola Bello",
            "--role",
            "parent-carer",
        ],
    );
    ok(
        dir,
        &[
            &["year", "issue-plan", ID, "--on", "2026-12-01"][..],
            CASEWORKER,
        ]
        .concat(),
    );

    let doc: ReviewDocument = ReviewDocument::from_json_str(&ok(dir, &["export", ID])).unwrap();
    assert_eq!(doc.issues.len(), 2, "the plan as it was, and issue 2");
    assert!(doc.reviews[0]
        .amendments
        .iter()
        .all(|a| a.status == AmendmentStatus::Applied));

    // The final plan PDF shows the change and is no draft.
    let text = pdf(dir, out.path(), "ehcp-final");
    assert!(text.contains("three-step instruction in class"), "{text}");
    assert!(text.contains("Weekly social communication group"));
    assert!(
        !text.contains("two-step instruction"),
        "the old words are gone"
    );
    assert!(
        !text.contains("DRAFT") && !text.contains("Draft"),
        "no DRAFT anywhere"
    );
    assert!(text.contains("Issue 2, dated 1 December 2026"));

    // The decision letter states the appeal and mediation rights; the notice lists the change.
    let text = pdf(dir, out.path(), "decision-letter").replace('\n', " ");
    assert!(
        text.contains("within 2 months of the date of this letter"),
        "{text}"
    );
    assert!(text.contains("mediation"));
    assert!(text.contains("new needs in communication"));
    let text = pdf(dir, out.path(), "amendment-notice").replace('\n', " ");
    assert!(text.contains("two-step instruction") && text.contains("three-step instruction"));
    assert!(text.contains("8 December 2026"), "the 15 days end: {text}");

    // History names who did each step, in plain words.
    let history = Store::open(dir, &northstar_engine::DataKey::for_tests(dir))
        .unwrap()
        .history(ID)
        .unwrap();
    let said: Vec<&str> = history.iter().map(|h| h.what.as_str()).collect();
    assert!(
        said.iter()
            .any(|w| w.starts_with("Issued the amended plan (issue 2)")),
        "{said:?}"
    );
    assert!(history
        .iter()
        .any(|h| h.by.as_deref() == Some("Priya Shah")));
    // Each amendment made is its own change in history, in the caseworker's name.
    let made: Vec<&str> = history
        .iter()
        .filter(|h| h.what.starts_with("Made the amendment"))
        .map(|h| h.what.as_str())
        .collect();
    assert_eq!(made.len(), 2, "{said:?}");
    assert!(made
        .iter()
        .any(|w| w.starts_with("Made the amendment to Section E: changed the words to")));
    assert!(made
        .iter()
        .any(|w| w.starts_with("Made the amendment to Section F: added")));
    assert!(history
        .iter()
        .filter(|h| h.what.starts_with("Made the amendment"))
        .all(|h| h.by.as_deref() == Some("Priya Shah")));
}

#[test]
fn bad_dates_and_order_get_plain_words_and_change_nothing() {
    let data = imported();
    let dir = data.path();
    let msg = refused(dir, &decide("maintain", "2026-11-01", "Fine"));
    assert!(
        msg.contains("before the meeting on 10 November 2026"),
        "{msg}"
    );
    let msg = refused(
        dir,
        &[
            &["year", "notice", ID, "--on", "2026-11-23"][..],
            CASEWORKER,
        ]
        .concat(),
    );
    assert!(msg.contains("no LA decision"), "{msg}");
    ok(dir, &decide("amend", "2026-11-20", "New needs"));
    ok(
        dir,
        &[
            "edit",
            ID,
            &amendment(ChangeKind::Add, PlanSection::F, None, "Weekly group"),
        ],
    );
    let msg = refused(
        dir,
        &[
            &["year", "notice", ID, "--on", "2026-11-19"][..],
            CASEWORKER,
        ]
        .concat(),
    );
    assert!(msg.contains("before the decision"), "{msg}");
    // A section that does not exist never parses.
    let msg = refused(
        dir,
        &[
            "edit",
            ID,
            r#"{"edit":"upsert-amendment","review_id":"review-1","amendment":{"section":"Z"}}"#,
        ],
    );
    assert!(msg.contains("not one Northstar understands"), "{msg}");
    // Only the LA decides: a SENCO on this computer is refused in plain words.
    let msg = refused(
        dir,
        &[
            "year",
            "decide",
            ID,
            "--decision",
            "maintain",
            "--on",
            "2026-11-20",
            "--reasons",
            "Fine",
            "--as",
            "Jo Marsh",
            "--role",
            "senco",
        ],
    );
    assert!(msg.contains("only the LA caseworker"), "{msg}");
}

#[test]
fn the_cease_path_keeps_a_read_only_plan() {
    let data = imported();
    let dir = data.path();
    ok(
        dir,
        &decide(
            "cease",
            "2026-11-20",
            "Ayo's needs are now met from the school's own resources",
        ),
    );
    ok(
        dir,
        &[&["year", "cease", ID, "--on", "2027-01-25"][..], CASEWORKER].concat(),
    );
    let msg = refused(
        dir,
        &["edit", ID, r#"{"edit":"remove-outcome","id":"out-1"}"#],
    );
    assert!(
        msg.contains("ceased on 25 January 2027") && msg.contains("read-only"),
        "{msg}"
    );
    // Kept, and still readable and printable.
    let out = tempfile::tempdir().unwrap();
    let text = pdf(dir, out.path(), "decision-letter").replace('\n', " ");
    assert!(text.contains("stop maintaining"), "{text}");
    assert!(text.contains("appeal"));
    let queue: serde_json::Value =
        serde_json::from_str(&ok(dir, &["queue", "--json", "--today", "2027-02-01"])).unwrap();
    assert_eq!(
        queue["decisions"].as_array().unwrap().len(),
        0,
        "a ceased plan waits on nobody"
    );
}

#[test]
fn the_queue_counts_days_and_timeliness() {
    let data = imported();
    let dir = data.path();
    let queue: serde_json::Value =
        serde_json::from_str(&ok(dir, &["queue", "--json", "--today", "2026-11-24"])).unwrap();
    let decision = &queue["decisions"][0];
    assert_eq!(decision["name"], "Ayo Bello");
    assert_eq!(
        (decision["day"].as_i64(), decision["of_days"].as_i64()),
        (Some(14), Some(28))
    );
    assert_eq!(queue["per_setting"][0]["setting"], "Hollin Brook Primary");
    // Decided late: 5 weeks after the meeting.
    ok(dir, &decide("maintain", "2026-12-15", "No change needed"));
    let queue: serde_json::Value =
        serde_json::from_str(&ok(dir, &["queue", "--json", "--today", "2026-12-20"])).unwrap();
    assert!(queue["decisions"].as_array().unwrap().is_empty());
    let decisions = queue["timeliness"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["measure"] == "decision")
        .unwrap();
    assert_eq!(
        (decisions["in_time"].as_u64(), decisions["total"].as_u64()),
        (Some(0), Some(1))
    );
    let table = ok(dir, &["queue", "--today", "2026-12-20"]);
    assert!(
        table.contains("LA decisions within 4 weeks of the meeting: 0 of 1 in time (0%)"),
        "{table}"
    );
}

/// A caseworker's workspace on its own data folder.
fn caseworker(dir: &Path) -> Workspace {
    let mut ws =
        Workspace::new(Store::open(dir, &northstar_engine::DataKey::for_tests(dir)).unwrap())
            .unwrap();
    ws.set_author(Author {
        name: "Priya Shah".into(),
        role: Role::LaCaseworker,
    })
    .unwrap();
    ws
}

#[test]
fn decisions_recorded_on_two_copies_at_once_are_listed_to_settle() {
    let a_dir = imported();
    let b_dir = tempfile::tempdir().unwrap();
    // The second copy comes from the first, so both share history.
    let copy = a_dir.path().join("copy.automerge");
    ok(
        a_dir.path(),
        &[
            "export",
            ID,
            "--format",
            "automerge",
            "--out",
            &copy.to_string_lossy(),
        ],
    );
    ok(b_dir.path(), &["import", &copy.to_string_lossy()]);
    let decide = |dir: &Path, decision, on: &str| {
        caseworker(dir)
            .edit(
                ID,
                &ReviewEdit::RecordDecision {
                    review_id: "review-1".into(),
                    decision,
                    decided_on: Date::parse(on).unwrap(),
                    reasons: "Recorded at the same time".into(),
                    decided_by: None,
                },
            )
            .unwrap();
    };
    decide(a_dir.path(), PlanDecision::Maintain, "2026-11-20");
    decide(b_dir.path(), PlanDecision::Amend, "2026-11-21");
    let back = b_dir.path().join("back.automerge");
    ok(
        b_dir.path(),
        &[
            "export",
            ID,
            "--format",
            "automerge",
            "--out",
            &back.to_string_lossy(),
        ],
    );
    ok(a_dir.path(), &["import", &back.to_string_lossy()]);
    let mut store = Store::open(
        a_dir.path(),
        &northstar_engine::DataKey::for_tests(a_dir.path()),
    )
    .unwrap();
    let conflicts = northstar_engine::sync::conflicts(&mut store, ID).unwrap();
    let places: Vec<&str> = conflicts.iter().map(|c| c.place.as_str()).collect();
    assert!(
        places
            .iter()
            .any(|p| p.contains("LA's decision") && p.contains("decision")),
        "{places:?}"
    );
    let values: Vec<&str> = conflicts
        .iter()
        .flat_map(|c| c.values.iter().map(|v| v.shown.as_str()))
        .collect();
    assert!(
        values.iter().any(|v| v.contains("decision: maintain"))
            && values.iter().any(|v| v.contains("decision: amend")),
        "{values:?}"
    );
    // Keeping one writes it whole, and nothing is left to settle.
    let decision = conflicts
        .iter()
        .find(|c| c.place.contains("LA's decision"))
        .unwrap();
    let amend = decision
        .values
        .iter()
        .find(|v| v.shown.contains("decision: amend"))
        .unwrap();
    let kept = northstar_engine::sync::settle(&mut store, ID, &decision.path, &amend.shown, "Kept")
        .unwrap();
    let d = kept.reviews[0].la_decision.as_ref().unwrap();
    assert_eq!(
        (d.decision, d.decided_on),
        (PlanDecision::Amend, Date::parse("2026-11-21"))
    );
    assert_eq!(d.reasons.as_str(), "Recorded at the same time");
    assert!(northstar_engine::sync::conflicts(&mut store, ID)
        .unwrap()
        .is_empty());
}

#[test]
fn a_senco_window_cannot_issue_the_plan() {
    let data = imported();
    let mut ws = Workspace::new(
        Store::open(
            data.path(),
            &northstar_engine::DataKey::for_tests(data.path()),
        )
        .unwrap(),
    )
    .unwrap();
    ws.set_author(Author {
        name: "Jo Marsh".into(),
        role: Role::Senco,
    })
    .unwrap();
    let err = ws
        .edit(
            ID,
            &ReviewEdit::IssueAmendedPlan {
                review_id: "review-1".into(),
                issued_on: Date::parse("2026-12-01").unwrap(),
            },
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("only the LA caseworker") && err.contains("Jo Marsh (SENCO)"),
        "{err}"
    );
}

#[test]
fn the_caseload_moves_every_year_group_on_each_first_of_september() {
    let data = imported();
    let store = Store::open(
        data.path(),
        &northstar_engine::DataKey::for_tests(data.path()),
    )
    .unwrap();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let ayo = |today: &str| {
        store
            .list_on(&Default::default(), day(today))
            .unwrap()
            .into_iter()
            .find(|e| e.id == ID)
            .unwrap()
    };
    // Recorded in Year 5 in 2026/27; nothing is written on 1 September.
    let summer = ayo("2027-08-31");
    let autumn = ayo("2027-09-01");
    assert_eq!(summer.year_group, northstar_schema::YearGroup::Year5);
    assert!(!summer.transfer_this_year);
    assert_eq!(autumn.year_group, northstar_schema::YearGroup::Year6);
    assert!(autumn.transfer_this_year, "Year 6 moves to secondary");
    let cal: serde_json::Value = serde_json::from_str(&ok(
        data.path(),
        &["calendar", ID, "--json", "--today", "2027-09-01"],
    ))
    .unwrap();
    assert_eq!(
        cal["flags"]["transfer"].as_str().is_some(),
        autumn.transfer_this_year,
        "the calendar and the caseload agree on the transfer"
    );
}
