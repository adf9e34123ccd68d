//! Helpers shared by the engine's integration tests.
#![allow(dead_code)]

use northstar_schema::{
    AnnualReview, NeedCode, ReviewDocument, Sen2Code, Setting, SettingKind, YearGroup, YoungPerson,
};

/// Runs the real `northstar` binary on the data folder `dir` (unlocked with the tests'
/// passphrase, made cheap to stretch on first use).
pub fn northstar_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    northstar_engine::DataKey::for_tests(dir);
    bin()
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap()
}

/// One demo review by the start of its id (the demo's ids are fixed).
pub fn demo(prefix: &str) -> ReviewDocument {
    northstar_engine::demo::demo_documents()
        .unwrap()
        .into_iter()
        .find(|d| d.id.starts_with(prefix))
        .expect("the demo child is in the caseload")
}

/// `northstar report aspirations --out <out>` on the store in `dir`, as on 4 December 2026.
pub fn aspirations_report(dir: &std::path::Path, out: &std::path::Path) -> std::process::Output {
    northstar_in(
        dir,
        &[
            "report",
            "aspirations",
            "--out",
            out.to_str().unwrap(),
            "--today",
            "2026-12-04",
        ],
    )
}

/// Every font size a PDF sets (`Tf`), page by page.
pub fn font_sizes(pdf: &[u8]) -> Vec<Vec<f32>> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.get_pages()
        .values()
        .map(|page| {
            let content = lopdf::content::Content::decode(&doc.get_page_content(*page)).unwrap();
            content
                .operations
                .iter()
                .filter(|op| op.operator == "Tf")
                .map(|op| op.operands[1].as_float().unwrap())
                .collect()
        })
        .collect()
}

/// A raw SQLite connection to the store in `dir` (keyed, as the engine opens it), for tests
/// that reach past the engine: to tamper, or to read what it stored.
pub fn raw_store(dir: &std::path::Path) -> rusqlite::Connection {
    let key = northstar_engine::DataKey::for_tests(dir);
    let db = rusqlite::Connection::open(dir.join("northstar.db")).unwrap();
    db.pragma_update(None, "key", key.sql_key_for_tests())
        .unwrap();
    db
}

/// The store in `dir`, decrypted, as bytes: what an unencrypted store would hold on disk.
pub fn decrypted_bytes(dir: &std::path::Path) -> Vec<u8> {
    let out = tempfile::tempdir().unwrap();
    let plain = out.path().join("plain.db");
    decrypt_into(dir, &plain);
    std::fs::read(plain).unwrap()
}

/// Writes a decrypted copy of the store in `dir` to `plain` (a plain SQLite file, with the
/// store's schema version).
pub fn decrypt_into(dir: &std::path::Path, plain: &std::path::Path) {
    let db = raw_store(dir);
    db.execute(
        "ATTACH DATABASE ?1 AS plain KEY ''",
        [plain.to_string_lossy()],
    )
    .unwrap();
    db.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
        .unwrap();
    let version: u32 = db
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    db.pragma_update(Some("plain"), "user_version", version)
        .unwrap();
    db.execute("DETACH DATABASE plain", []).unwrap();
}

/// A small fictional review.
pub fn review(id: &str, given: &str, family: &str) -> ReviewDocument {
    let yp = YoungPerson {
        given_name: given.into(),
        family_name: family.into(),
        year_group: YearGroup::Year5,
        setting: Setting {
            name: "Hollin Brook Primary".into(),
            kind: SettingKind::MainstreamPrimary,
            local_authority: None,
        },
        needs: vec![NeedCode::new(Sen2Code::Asd)],
        ..Default::default()
    };
    let mut doc = ReviewDocument::new(id, yp);
    doc.plan.issued_on = northstar_schema::Date::parse("2025-02-01");
    doc.reviews.push(AnnualReview {
        id: "review-1".into(),
        ..Default::default()
    });
    doc
}

/// The built headless `northstar` command line (`northstar-cli`), given the tests' passphrase.
pub fn bin() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_northstar-cli"));
    command.env(
        northstar_engine::PASSPHRASE_VAR,
        northstar_engine::DataKey::TEST_PASSPHRASE,
    );
    command
}

pub mod hostile_ops;
pub mod peers;
pub mod relay;

/// Adds `text` to "Like and admire" in review `id`'s first annual review.
pub fn add_like(store: &mut northstar_engine::Store, id: &str, text: &str) {
    let text = text.to_string();
    store
        .update(id, "Like", move |d| {
            d.reviews[0]
                .record
                .like_and_admire
                .push(northstar_schema::Entry {
                    id: format!("id-{text}"),
                    text: text.as_str().into(),
                    author_id: None,
                })
        })
        .unwrap();
}

/// Everything in "Like and admire" in review `id`'s first annual review, sorted.
pub fn likes(store: &mut northstar_engine::Store, id: &str) -> Vec<String> {
    let mut v: Vec<String> = store.get(id).unwrap().reviews[0]
        .record
        .like_and_admire
        .iter()
        .map(|e| e.text.as_str().to_string())
        .collect();
    v.sort();
    v
}

/// A real relay (the standalone server, SQLite storage) on a loopback port: its folder, the
/// running server (stopped on drop) and its address.
pub fn relay_on_loopback() -> (
    tempfile::TempDir,
    northstar_relay::standalone::RunningRelay,
    String,
) {
    let dir = tempfile::tempdir().unwrap();
    let relay = northstar_relay::standalone::spawn(northstar_relay::standalone::RunOptions {
        listen: "127.0.0.1:0".parse().unwrap(),
        storage: northstar_relay::standalone::Storage::sqlite(dir.path().join("relay.db")),
        limits: northstar_relay::Limits::default(),
        tls: None,
    })
    .unwrap_or_else(|f| panic!("{}", f.message));
    let url = format!("http://{}", relay.addr());
    (dir, relay, url)
}

/// Runs a poppler-utils tool (pdftotext, pdfinfo, …) on `path`, writing to stdout.
pub fn tool(name: &str, args: &[&str], path: &std::path::Path) -> String {
    let o = std::process::Command::new(name)
        .args(args)
        .arg(path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed: {e}"));
    assert!(
        o.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}
