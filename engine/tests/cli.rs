//! The headless CLI, run as a real process against a real data folder.

mod common;

use common::{bin, northstar_in, review};
use std::path::Path;
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

fn list_json(dir: &Path) -> serde_json::Value {
    let o = northstar_in(dir, &["list", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn import_prints_the_id_last_and_export_round_trips() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let doc = review("11111111-2222-3333-4444-555555555555", "Siân", "Lloyd");
    let file = write(files.path(), "siân.json", doc.to_json_pretty().as_bytes());

    let o = northstar_in(data.path(), &["import", &file]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().last(), Some(doc.id.as_str()));

    let o = northstar_in(data.path(), &["export", &doc.id, "--format", "json"]);
    assert!(o.status.success());
    let back = northstar_schema::ReviewDocument::from_json_str(&stdout(&o)).unwrap();
    assert_eq!(back, doc);

    let list = list_json(data.path());
    assert_eq!(list[0]["name"], "Siân Lloyd");
    assert_eq!(list[0]["setting"], "Hollin Brook Primary");
}

#[test]
fn json_without_an_id_gets_one() {
    let data = tempfile::tempdir().unwrap();
    let mut v = serde_json::to_value(review("x", "Ola", "Adeyemi")).unwrap();
    v.as_object_mut().unwrap().remove("id");
    let file = write(data.path(), "no-id.json", v.to_string().as_bytes());
    let o = northstar_in(data.path(), &["import", &file]);
    assert!(o.status.success(), "{}", stderr(&o));
    let id = stdout(&o).lines().last().unwrap().to_string();
    assert_eq!(id.len(), 36, "a UUID: {id}");
}

#[test]
fn automerge_export_imports_elsewhere_and_merges_back_without_loss() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let doc = review("r-am", "Chloé", "Martin");
    let file = write(files.path(), "r.json", doc.to_json_pretty().as_bytes());
    assert!(northstar_in(a.path(), &["import", &file]).status.success());

    let am = files.path().join("r.automerge");
    let o = northstar_in(
        a.path(),
        &[
            "export",
            "r-am",
            "--format",
            "automerge",
            "--out",
            am.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = northstar_in(b.path(), &["import", am.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Each side adds an action offline; merging the copies keeps both.
    let mut store_a =
        northstar_engine::Store::open(a.path(), &northstar_engine::DataKey::for_tests(a.path()))
            .unwrap();
    let mut store_b =
        northstar_engine::Store::open(b.path(), &northstar_engine::DataKey::for_tests(b.path()))
            .unwrap();
    let add = |id: &'static str| {
        move |d: &mut northstar_schema::ReviewDocument| {
            d.reviews[0].actions.push(northstar_schema::Action {
                id: id.into(),
                owner: "SENCO".into(),
                ..Default::default()
            })
        }
    };
    store_a.update("r-am", "A", add("from-a")).unwrap();
    store_b.update("r-am", "B", add("from-b")).unwrap();
    drop((store_a, store_b));

    let o = northstar_in(
        b.path(),
        &[
            "export",
            "r-am",
            "--format",
            "automerge",
            "--out",
            am.to_str().unwrap(),
        ],
    );
    assert!(o.status.success());
    let o = northstar_in(a.path(), &["import", am.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("Merged"), "{}", stderr(&o));
    let merged =
        northstar_engine::Store::open(a.path(), &northstar_engine::DataKey::for_tests(a.path()))
            .unwrap()
            .get("r-am")
            .unwrap();
    let mut ids: Vec<_> = merged.reviews[0]
        .actions
        .iter()
        .map(|a| a.id.clone())
        .collect();
    ids.sort();
    assert_eq!(ids, ["from-a", "from-b"]);
}

/// Every kind of bad input: a clear message, a non-zero exit, and the store untouched.
#[test]
fn bad_input_is_refused_clearly_and_changes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let good = review("keep-me", "Amira", "Hassan");
    let file = write(files.path(), "good.json", good.to_json_pretty().as_bytes());
    assert!(northstar_in(data.path(), &["import", &file])
        .status
        .success());
    let am_path = files.path().join("good.automerge");
    assert!(northstar_in(
        data.path(),
        &[
            "export",
            "keep-me",
            "--format",
            "automerge",
            "--out",
            am_path.to_str().unwrap()
        ]
    )
    .status
    .success());
    let am = std::fs::read(&am_path).unwrap();
    let before = list_json(data.path());
    let export_before = stdout(&northstar_in(data.path(), &["export", "keep-me"]));

    let newer = good
        .to_json_pretty()
        .replace("\"schema_version\": 2", "\"schema_version\": 7");
    let mut other_id = review("other", "Bad", "Doc");
    other_id.participants.push(Default::default());
    other_id.participants.push(Default::default());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "malformed.json",
            b"{\"schema_version\": 2, \"id\": ".to_vec(),
            "not valid review JSON",
        ),
        (
            "newer.json",
            newer.into_bytes(),
            "newer version of Northstar",
        ),
        (
            "wrong-type.json",
            br#"{"schema_version": 2, "id": "x", "young_person": {"year_group": "year-99"}}"#
                .to_vec(),
            "not valid review JSON",
        ),
        (
            "invalid.json",
            other_id.to_json_pretty().into_bytes(),
            "empty id",
        ),
        (
            "truncated.automerge",
            am[..am.len() / 2].to_vec(),
            "damaged or incomplete",
        ),
        (
            "garbage.automerge",
            b"\x85\x6f\x4a\x83garbage garbage garbage".to_vec(),
            "damaged or incomplete",
        ),
        (
            "noise.bin",
            vec![0u8, 159, 146, 150, 1, 2, 3],
            "neither review JSON nor an Automerge document",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = write(files.path(), name, &bytes);
        let o = northstar_in(data.path(), &["import", &path]);
        assert!(!o.status.success(), "{name} was accepted");
        let err = stderr(&o);
        assert!(err.starts_with("northstar: "), "{name}: {err}");
        assert!(
            err.contains(expected),
            "{name}: expected {expected:?} in {err:?}"
        );
        assert!(stdout(&o).is_empty(), "{name} printed an id");
    }

    let o = northstar_in(data.path(), &["export", "no-such-id"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no review with id \"no-such-id\""));
    let o = northstar_in(data.path(), &["import", "/no/such/file.json"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("could not read /no/such/file.json"));

    // An export to an unwritable place fails without leaving a partial file.
    let o = northstar_in(
        data.path(),
        &[
            "export",
            "keep-me",
            "--out",
            "/proc/northstar-test/out.json",
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("could not write"));

    assert_eq!(list_json(data.path()), before);
    assert_eq!(
        stdout(&northstar_in(data.path(), &["export", "keep-me"])),
        export_before
    );
}

#[test]
fn rebuild_and_list_filters_work_from_the_cli() {
    let data = tempfile::tempdir().unwrap();
    let o = northstar_in(data.path(), &["demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let all = list_json(data.path()).as_array().unwrap().len();
    assert!(all >= 40);
    let o = northstar_in(data.path(), &["rebuild"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains(&format!("from {all} reviews")));
    let o = northstar_in(data.path(), &["list", "--json", "--phase", "post-19"]);
    let post19: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(!post19.as_array().unwrap().is_empty());
    assert!(post19
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["phase"] == "post-19"));
    let o = northstar_in(data.path(), &["list", "--phase", "year-99"]);
    assert!(!o.status.success());
}

#[test]
fn the_data_dir_comes_from_the_environment_too() {
    let data = tempfile::tempdir().unwrap();
    let o = bin()
        .env("NORTHSTAR_DATA_DIR", data.path())
        .args(["demo"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(data.path().join("northstar.db").exists());
}

const YUSUF: &str = "d7f9cbf7-6d63-5d9a-9933-217839329be5";
const CONNOR: &str = "e5ee0c67-8de9-5673-a973-0baff29e4b4c";

fn demo_dir() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let o = northstar_in(data.path(), &["demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    data
}

#[test]
fn calendar_json_has_one_key_per_deadline_with_date_status_and_rule() {
    let data = demo_dir();
    let o = northstar_in(
        data.path(),
        &["calendar", YUSUF, "--json", "--today", "2026-11-25"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["id"], YUSUF);
    assert_eq!(v["today"], "2026-11-25");
    let deadlines = v["deadlines"].as_object().unwrap();
    assert_eq!(deadlines.len(), 8);
    // Year 6, moving to secondary: the amended plan is due by 15 February.
    let transfer = &v["deadlines"]["phase_transfer"];
    assert_eq!(transfer["due"], "2027-02-15");
    assert_eq!(transfer["status"], "due");
    assert_eq!(transfer["days_left"], 82);
    assert!(transfer["rule"].as_str().unwrap().contains("reg 18"));
    // The meeting is on 3 December 2026: decision due 4 weeks later.
    assert_eq!(v["deadlines"]["la_decision"]["due"], "2026-12-31");
    assert_eq!(v["deadlines"]["invitations"]["due"], "2026-11-19");
    assert_eq!(v["flags"]["transfer"], "primary-to-secondary");
    for (key, d) in deadlines {
        if d.is_null() {
            continue;
        }
        for field in ["label", "due", "status", "rule"] {
            assert!(d.get(field).is_some(), "{key} lacks {field}");
        }
    }
}

#[test]
fn calendar_table_is_readable() {
    let data = demo_dir();
    let o = northstar_in(data.path(), &["calendar", YUSUF, "--today", "2026-11-25"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Amend the plan for the phase transfer"),
        "{out}"
    );
    assert!(out.contains("2027-02-15"), "{out}");
    assert!(out.contains("due in 82 days"), "{out}");
}

#[test]
fn check_a_stored_review_finds_amendments_never_applied() {
    let data = demo_dir();
    let o = northstar_in(
        data.path(),
        &["check", CONNOR, "--json", "--today", "2026-11-25"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["id"], CONNOR);
    assert!(v["counts"]["high"].as_u64().unwrap() >= 1);
    let findings = v["findings"].as_array().unwrap();
    let stale = findings
        .iter()
        .find(|f| f["rule"] == "amendment-not-applied")
        .expect("the stale plan's finding");
    assert_eq!(stale["severity"], "high");
    assert!(stale["review_id"].is_string() && stale["item_id"].is_string());
}

#[test]
fn check_a_json_file_needs_no_store() {
    let files = tempfile::tempdir().unwrap();
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/caseload/13-daniel-osullivan.json"
    );
    let data = files.path().join("never-created");
    let o = bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["check", file, "--json", "--today", "2026-11-25"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"outcome-as-provision"), "{rules:?}");
    assert!(rules.contains(&"provision-vague"), "{rules:?}");
    assert!(!data.exists(), "checking a file must not create a store");

    let o = bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["check", file, "--today", "2026-11-25"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("What to do:"));
}

#[test]
fn calendar_and_check_refuse_bad_input_plainly() {
    let data = tempfile::tempdir().unwrap();
    let o = northstar_in(data.path(), &["calendar", "no-such-review"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no review with id"), "{}", stderr(&o));
    let o = northstar_in(data.path(), &["check", "no-such-review", "--json"]);
    assert!(!o.status.success());
    let o = northstar_in(data.path(), &["calendar", "x", "--today", "25/11/2026"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
    let bad = write(data.path(), "bad.json", b"{not json");
    let o = northstar_in(data.path(), &["check", &bad]);
    assert!(!o.status.success());
    assert!(stderr(&o).starts_with("northstar: "), "{}", stderr(&o));
}

#[test]
fn the_aspirations_report_over_the_demo_caseload_is_figures_only() {
    let data = demo_dir();
    let out = data.path().join("aspirations.csv");
    let o = common::aspirations_report(data.path(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("no free text"), "{}", stderr(&o));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with("table,row,column,figure\n"));
    let rows: Vec<Vec<String>> = csv
        .lines()
        .skip(1)
        .map(|l| {
            l.split("\",\"")
                .map(|f| f.trim_matches('"').to_string())
                .collect()
        })
        .collect();
    assert!(rows.iter().all(|r| r.len() == 4), "one figure a line");
    // Every figure is a count of 0 or at least 5, or said in words.
    for r in &rows {
        let figure = &r[3];
        match figure.parse::<u64>() {
            Ok(n) => assert!(n == 0 || n >= 5, "{r:?}"),
            Err(_) => assert!(figure == "fewer than 5" || figure == "hidden", "{r:?}"),
        }
    }
    // Some themes across the demo's plans are shown, and nothing any plan says is in it.
    assert!(rows.iter().any(|r| r[1] == "A job or career"));
    let demo = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/demo-caseload.json"
    ))
    .unwrap();
    let demo = serde_json::from_str::<serde_json::Value>(&demo).unwrap();
    let hope = demo[0]["plan"]["section_a"]["aspirations"][0]["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!hope.is_empty() && !csv.contains(&hope));
    // A store that cannot be written to gets plain words.
    let o = northstar_in(
        data.path(),
        &[
            "report",
            "aspirations",
            "--out",
            "/nonexistent-folder/a.csv",
        ],
    );
    assert!(!o.status.success());
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}
