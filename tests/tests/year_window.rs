//! A whole statutory year in two real windows, synced through a real relay: the SENCO writes
//! an amendment's exact change and sends the report (PDF and email drafts); the LA
//! caseworker, on their own computer, finds the review in their queue, records the decision
//! to amend, saves the decision letter, sends the notice, records the family's comments,
//! issues the amended plan and saves the final plan, whose text shows the change and no
//! DRAFT; the two issues are compared side by side; and next year's review is started. The
//! SENCO's window sees the decision arrive. axe-core checks every new screen.

use fantoccini::Client;
use northstar_e2e::{
    assert_accessible, click, click_until, free_port, northstar, painted, record_changes_as, saved,
    type_into, wait_for, wait_for_text, wait_until, window_screenshot, DriverPair, RelayProcess,
};
use northstar_schema::{
    Attendance, AttendanceStatus, Date, Outcome, Participant, Provision, ReviewDocument, Role,
    YearGroup, YoungPerson,
};
use std::path::Path;
use std::time::Duration;

const ID: &str = "7d3c2b1a-0f9e-4d8c-b7a6-a1b2c3d4e5f6";
const CHILD: &str = "Ayo Bello";
const SENCO: &str = "Jo Marsh";
const CASEWORKER: &str = "Priya Shah";
const OLD_WORDS: &str = "By July 2027 Ayo will follow a two-step instruction";
const NEW_WORDS: &str = "By July 2027 Ayo will follow a three-step instruction in class";

/// The review as the school holds it: the meeting was held on 10 November 2026.
fn review() -> ReviewDocument {
    let mut doc = ReviewDocument::new(
        ID,
        YoungPerson {
            given_name: "Ayo".into(),
            family_name: "Bello".into(),
            year_group: YearGroup::Year5,
            year_group_school_year: Some(2026),
            ..Default::default()
        },
    );
    doc.young_person.setting.name = "Hollin Brook Primary".into();
    doc.young_person.setting.local_authority = Some("Northfield Council".into());
    doc.plan.issued_on = Date::parse("2026-01-20");
    let person = |id: &str, name: &str, role| Participant {
        id: id.into(),
        name: name.into(),
        role,
        ..Default::default()
    };
    doc.participants = vec![
        person("p-parent", "Tola Bello", Role::ParentCarer),
        person("p-senco", SENCO, Role::Senco),
        person("p-la", CASEWORKER, Role::LaCaseworker),
    ];
    doc.plan.section_e.outcomes.push(Outcome {
        id: "out-1".into(),
        text: OLD_WORDS.into(),
        ..Default::default()
    });
    doc.plan.section_f.provisions.push(Provision {
        id: "prov-1".into(),
        description: "Speech and language therapy".into(),
        frequency: "30 minutes a week".into(),
        outcome_ids: vec!["out-1".into()],
        ..Default::default()
    });
    doc.reviews.push(northstar_schema::AnnualReview {
        id: "review-2026".into(),
        meeting_date: Date::parse("2026-11-10"),
        attendance: doc
            .participants
            .iter()
            .map(|p| Attendance {
                participant_id: p.id.clone(),
                status: AttendanceStatus::Attended,
            })
            .collect(),
        ..Default::default()
    });
    doc
}

struct Folders {
    senco: tempfile::TempDir,
    caseworker: tempfile::TempDir,
    relay: tempfile::TempDir,
    saves: tempfile::TempDir,
}

#[tokio::test(flavor = "multi_thread")]
async fn a_whole_year_from_the_meeting_to_the_amended_plan_in_two_windows() {
    let folders = Folders {
        senco: tempfile::tempdir().unwrap(),
        caseworker: tempfile::tempdir().unwrap(),
        relay: tempfile::tempdir().unwrap(),
        saves: tempfile::tempdir().unwrap(),
    };
    // The windows save files here instead of asking with the system's dialog.
    std::env::set_var("NORTHSTAR_SAVE_DIR", folders.saves.path());
    let drivers = DriverPair::start();
    let scenario = scenario(&drivers, &folders);
    if tokio::time::timeout(Duration::from_secs(240), scenario)
        .await
        .is_err()
    {
        panic!("the year did not finish within four minutes");
    }
}

fn share(folders: &Folders, relay: &RelayProcess) {
    let senco = folders.senco.path();
    let file = folders.relay.path().join("ayo.json");
    std::fs::write(&file, review().to_json_pretty()).unwrap();
    northstar(senco, &["import", &file.to_string_lossy()]);
    northstar(
        senco,
        &[
            "sync",
            "share",
            ID,
            "--relay",
            &relay.url(),
            "--name",
            SENCO,
            "--role",
            "senco",
        ],
    );
    let code = northstar(senco, &["sync", "invite", ID, "--role", "la-caseworker"]);
    northstar(
        folders.caseworker.path(),
        &["sync", "join", &code, "--name", CASEWORKER],
    );
    northstar(senco, &["sync", "now", ID]);
}

async fn open_review(client: &Client) {
    northstar_e2e::open_child(client, CHILD).await;
}

/// Presses "Sync now" on the Sharing tab and comes back to "After the meeting".
async fn sync_now(client: &Client) {
    northstar_e2e::sync_now_then(client, "#tab-year", "#year-title").await;
}

fn pdf_text(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The SENCO writes the amendment's exact change in the meeting's proposed amendments.
async fn propose_amendment(a: &Client) {
    click(a, "#go-amendments").await;
    click(a, "#new-amendment-section option[value='E']").await;
    type_into(
        a,
        "#new-amendment-proposal",
        "Raise the instruction outcome",
    )
    .await;
    click(a, "#add-amendment").await;
    wait_for(a, "select[id^='amendment-change-']").await;
    saved(a).await;
    // The item list appears once "reword" is saved; a click landing while the amendment is
    // still being re-drawn after the first save does nothing, so click until it shows.
    click_until(
        a,
        "select[id^='amendment-change-'] option[value='reword']",
        "select[id^='amendment-item-'] option[value='out-1']",
    )
    .await;
    saved(a).await;
    click(a, "select[id^='amendment-item-'] option[value='out-1']").await;
    wait_for_text(a, ".before", OLD_WORDS).await;
    type_into(a, "textarea[id^='amendment-after-']", NEW_WORDS).await;
    type_into(
        a,
        "textarea[id^='amendment-evidence-']",
        "Speech and language therapy report",
    )
    .await;
    saved(a).await;
    click(
        a,
        "select[id^='amendment-status-'] option[value='accepted']",
    )
    .await;
    saved(a).await;
    assert_accessible(a, "a proposed amendment with its exact change").await;
    window_screenshot(a, "year-01-amendment").await;
}

/// The SENCO sends the report: the PDF and an email draft per person, recorded as sent.
async fn send_report(a: &Client, saves: &Path) {
    click(a, "#tab-year").await;
    wait_for(a, "#send-report").await;
    click(a, "#send-report").await;
    wait_for_text(a, "#report-said", "email drafts").await;
    wait_for_text(a, "#report-sent", "Tola Bello").await;
    let draft = saves.join("Ayo Bello - report to Tola Bello.eml");
    assert!(draft.exists(), "an email draft for the parent");
    assert!(saves.join("Ayo Bello - Annual review report.pdf").exists());
    // Only the LA decides: the SENCO sees the step, with no form to fill in.
    wait_for(a, "#decision-waiting").await;
    painted(a).await;
    assert_accessible(a, "after the meeting, as the SENCO").await;
    window_screenshot(a, "year-02-report-sent").await;
}

/// The caseworker finds Ayo in the queue and records the decision to amend.
async fn decide(b: &Client) {
    click(b, "#back-to-caseload").await;
    if wait_for(b, "#show-queue")
        .await
        .attr("aria-pressed")
        .await
        .unwrap()
        .as_deref()
        != Some("true")
    {
        click(b, "#show-queue").await;
    }
    let decisions = "section[aria-labelledby='queue-decisions']";
    wait_until(b, decisions, CHILD, Duration::from_secs(20)).await;
    wait_for_text(b, decisions, "Day ").await;
    painted(b).await;
    assert_accessible(b, "the caseworker's queue").await;
    window_screenshot(b, "year-03-queue").await;
    open_review(b).await;
    click(b, "#tab-year").await;
    click(b, "#decide-amend").await;
    type_into(
        b,
        "#decision-reasons",
        "The review showed Ayo's communication needs have changed",
    )
    .await;
    click(b, "#record-decision").await;
    wait_for_text(b, "#decision-recorded", "Amend the plan").await;
    click(b, "#save-decision-letter").await;
    wait_for_text(b, "#decision-said", "Saved the decision letter").await;
}

/// The notice, the family's comments and the amended plan issued, then the final PDF.
async fn amend(b: &Client, saves: &Path) {
    click(b, "#send-notice").await;
    wait_for_text(b, "#notice-sent", "15 days").await;
    type_into(b, "#representation-text", "We agree with the new outcome").await;
    click(b, "#add-representation").await;
    wait_for_text(b, ".representation", "We agree").await;
    click(b, "#save-notice").await;
    wait_for_text(b, "#notice-said", "Saved the notice").await;
    click(b, "#issue-plan").await;
    wait_for_text(b, "#plan-issued", "Issue 2 of the plan").await;
    wait_for_text(b, "#issue-differences", NEW_WORDS).await;
    wait_for_text(b, "#issue-differences", OLD_WORDS).await;
    click(b, "#save-final-plan").await;
    wait_for_text(b, "#issue-said", "Saved the final plan").await;
    painted(b).await;
    assert_accessible(b, "after the meeting, as the LA caseworker").await;
    window_screenshot(b, "year-04-plan-issued").await;

    let text = pdf_text(&saves.join("Ayo Bello - EHC plan issue 2.pdf"));
    assert!(text.contains("three-step instruction in class"), "{text}");
    assert!(
        !text.contains("two-step instruction"),
        "the old words are gone"
    );
    assert!(!text.contains("DRAFT"), "the final plan is no draft");
    let letter = pdf_text(&saves.join("Ayo Bello - Decision letter.pdf")).replace('\n', " ");
    assert!(
        letter.contains("appeal") && letter.contains("mediation"),
        "{letter}"
    );
}

async fn scenario(drivers: &DriverPair, folders: &Folders) {
    let relay = RelayProcess::start(
        free_port(),
        &folders.relay.path().join("relay.db"),
        folders.relay.path(),
    );
    share(folders, &relay);
    let a = drivers.a.launch(folders.senco.path()).await;
    let b = drivers.b.launch(folders.caseworker.path()).await;
    a.set_window_rect(0, 0, 640, 800).await.unwrap();
    b.set_window_rect(640, 0, 640, 800).await.unwrap();
    record_changes_as(&a, SENCO, "senco").await;
    record_changes_as(&b, CASEWORKER, "la-caseworker").await;

    open_review(&a).await;
    propose_amendment(&a).await;
    send_report(&a, folders.saves.path()).await;
    sync_now(&a).await;

    open_review(&b).await;
    sync_now(&b).await;
    decide(&b).await;
    amend(&b, folders.saves.path()).await;

    // The child's details and people, as the caseworker sees them.
    click(&b, "#tab-details").await;
    wait_for(&b, "#detail-year").await;
    assert_accessible(&b, "the child's details and people").await;
    window_screenshot(&b, "year-05-details").await;

    // The SENCO's copy takes in the decision and the amended plan through the relay.
    click(&a, "#tab-year").await;
    wait_until(
        &a,
        "#plan-issued",
        "Issue 2 of the plan",
        Duration::from_secs(40),
    )
    .await;
    wait_for_text(&a, "#decision-recorded", "Amend the plan").await;
    painted(&a).await;
    window_screenshot(&a, "year-06-senco-sees-the-plan").await;

    // Next year's review starts once the decision is recorded.
    click(&b, "#tab-year").await;
    click(&b, "#start-next-review").await;
    saved(&b).await;
    sync_now(&b).await;
    let doc = ReviewDocument::from_json_str(&northstar(folders.caseworker.path(), &["export", ID]))
        .unwrap();
    assert_eq!(doc.reviews.len(), 2, "next year's review has started");
    assert_eq!(doc.issues.len(), 2);
    assert_eq!(doc.plan.section_e.outcomes[0].text.as_str(), NEW_WORDS);

    drop(relay);
}
