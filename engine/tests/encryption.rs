//! Encryption at rest: nothing in the data folder reads without the passphrase; a wrong
//! passphrase or a damaged key file changes nothing; a plain store from an earlier version is
//! encrypted in place, and survives being killed part way, again and again.

mod common;

use common::{bin, review};
use northstar_engine::{DataKey, EngineError, KdfCost, Store};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const NAME: &str = "Quillon";
const FAMILY: &str = "Marchbank";
const VIEW: &str = "marmalade trampoline afternoons";
const ATTACHMENT: &[u8] = b"kestrel-attachment-9137 drawing of a lighthouse ";

/// Every file under `dir`, by path, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                out.insert(path, bytes);
            }
        }
    }
    out
}

/// The files under `dir` in which any of `words` appears.
fn holding(dir: &Path, words: &[&[u8]]) -> Vec<String> {
    files(dir)
        .into_iter()
        .filter(|(_, bytes)| {
            words
                .iter()
                .any(|w| bytes.windows(w.len()).any(|win| win == *w))
        })
        .map(|(p, _)| p.display().to_string())
        .collect()
}

/// A store with one child, a view in their plan and an attachment.
fn fill(store: &mut Store, id: &str) {
    store.create(&review(id, NAME, FAMILY)).unwrap();
    store
        .update(id, "Views", |d| {
            d.plan.section_a.parent_views = VIEW.into();
        })
        .unwrap();
    store.put_blob(&ATTACHMENT.repeat(40), "image/png").unwrap();
}

#[test]
fn no_file_in_the_data_folder_holds_a_readable_word() {
    let dir = tempfile::tempdir().unwrap();
    let key = DataKey::for_tests(dir.path());
    let mut store = Store::open(dir.path(), &key).unwrap();
    fill(&mut store, "r1");
    let words: [&[u8]; 4] = [
        NAME.as_bytes(),
        FAMILY.as_bytes(),
        VIEW.as_bytes(),
        &ATTACHMENT[..24],
    ];
    // While the store is open its write-ahead log holds the latest pages too.
    assert!(dir.path().join("northstar.db-wal").exists());
    assert_eq!(holding(dir.path(), &words), Vec::<String>::new());
    drop(store);
    assert_eq!(holding(dir.path(), &words), Vec::<String>::new());

    // The search does find them where they are in the clear: in a decrypted copy.
    let outside = tempfile::tempdir().unwrap();
    common::decrypt_into(dir.path(), &outside.path().join("plain.db"));
    let found = holding(outside.path(), &words);
    assert_eq!(found.len(), 1, "the control copy holds the words");
    for word in words {
        assert!(
            !holding(outside.path(), &[word]).is_empty(),
            "{}",
            String::from_utf8_lossy(word)
        );
    }

    // And the store opens again with the key and reads as it was.
    let mut store = Store::open(dir.path(), &key).unwrap();
    assert_eq!(
        store
            .get("r1")
            .unwrap()
            .plan
            .section_a
            .parent_views
            .as_str(),
        VIEW
    );
}

#[test]
fn a_wrong_passphrase_gets_plain_words_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let key = DataKey::for_tests(dir.path());
    fill(&mut Store::open(dir.path(), &key).unwrap(), "r1");
    let before = files(dir.path());

    let err = DataKey::unlock(dir.path(), "not the passphrase at all").unwrap_err();
    assert!(matches!(err, EngineError::WrongPassphrase), "{err}");
    assert!(err.to_string().contains("does not open"), "{err}");

    // The command line says the same, and fails.
    let out = bin()
        .env(
            northstar_engine::PASSPHRASE_VAR,
            "not the passphrase at all",
        )
        .arg("--data-dir")
        .arg(dir.path())
        .arg("list")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("that passphrase does not open this data; nothing was changed"),
        "{said}"
    );
    assert!(
        files(dir.path()) == before,
        "a wrong passphrase changed a file"
    );

    // Without any passphrase the command line says how to give one.
    let out = bin()
        .env_remove(northstar_engine::PASSPHRASE_VAR)
        .arg("--data-dir")
        .arg(dir.path())
        .arg("list")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("NORTHSTAR_PASSPHRASE"));
    assert!(files(dir.path()) == before);
}

#[test]
fn a_damaged_missing_or_foreign_key_file_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let key = DataKey::for_tests(dir.path());
    fill(&mut Store::open(dir.path(), &key).unwrap(), "r1");
    let key_file = dir.path().join(northstar_engine::KEY_FILE);
    let good = std::fs::read(&key_file).unwrap();

    let mut bad = good.clone();
    bad[40] ^= 1;
    std::fs::write(&key_file, &bad).unwrap();
    let before = files(dir.path());
    let err = DataKey::unlock(dir.path(), DataKey::TEST_PASSPHRASE).unwrap_err();
    assert!(matches!(err, EngineError::KeyFileDamaged(_)), "{err}");
    assert!(err.to_string().contains("is damaged"), "{err}");
    assert!(files(dir.path()) == before);

    // Another folder's key file, whole and opened by the same passphrase, is not this
    // store's key: the store refuses it rather than reading garbage or starting afresh.
    let other = tempfile::tempdir().unwrap();
    let foreign = DataKey::create(other.path(), DataKey::TEST_PASSPHRASE, KdfCost::Fast).unwrap();
    std::fs::write(
        &key_file,
        std::fs::read(other.path().join(northstar_engine::KEY_FILE)).unwrap(),
    )
    .unwrap();
    let before = files(dir.path());
    let err = Store::open(dir.path(), &foreign).err().unwrap();
    assert!(matches!(err, EngineError::KeyDoesNotFit(_)), "{err}");
    assert!(files(dir.path()) == before, "a foreign key changed a file");

    // No key file at all: the folder is not taken for a new one.
    std::fs::remove_file(&key_file).unwrap();
    let err = DataKey::state(dir.path()).unwrap_err();
    assert!(matches!(err, EngineError::KeyFileMissing(_)), "{err}");
    assert!(DataKey::create(dir.path(), "a brand new passphrase", KdfCost::Fast).is_err());
    assert!(!key_file.exists());

    // Put back, everything opens as before.
    std::fs::write(&key_file, &good).unwrap();
    let key = DataKey::unlock(dir.path(), DataKey::TEST_PASSPHRASE).unwrap();
    let mut store = Store::open(dir.path(), &key).unwrap();
    assert_eq!(store.get("r1").unwrap().young_person.given_name, NAME);
}

/// Makes `dir` hold a plain store as an earlier version left it: the database in the clear,
/// the device key in a plain file beside it, and no key file. Returns each review's JSON and
/// the device's public key.
fn plain_store(dir: &Path, reviews: usize) -> (BTreeMap<String, String>, [u8; 32]) {
    let made = tempfile::tempdir().unwrap();
    let key = DataKey::for_tests(made.path());
    let mut expected = BTreeMap::new();
    let device;
    {
        let mut store = Store::open(made.path(), &key).unwrap();
        for i in 0..reviews {
            let id = format!("r{i}");
            store
                .create(&review(&id, NAME, &format!("{FAMILY}{i}")))
                .unwrap();
            store
                .update(&id, "Views", |d| {
                    d.plan.section_a.parent_views = format!("{VIEW} {i}").as_str().into();
                })
                .unwrap();
            store
                .put_blob(
                    &[ATTACHMENT, id.as_bytes()].concat().repeat(200),
                    "image/png",
                )
                .unwrap();
            expected.insert(
                id.clone(),
                serde_json::to_string(&store.get(&id).unwrap()).unwrap(),
            );
        }
        device = store.device().public();
    }
    std::fs::create_dir_all(dir).unwrap();
    let db = dir.join("northstar.db");
    common::decrypt_into(made.path(), &db);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let seed: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'device-key'", [], |r| {
            r.get(0)
        })
        .unwrap();
    conn.execute("DELETE FROM meta WHERE key = 'device-key'", [])
        .unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    drop(conn);
    std::fs::write(dir.join("device-key"), hex::decode(seed).unwrap()).unwrap();
    (expected, device)
}

/// Opens `dir` with the tests' passphrase and checks it holds exactly `expected`, with the
/// same device key, encrypted, and nothing in the clear left behind.
fn check_encrypted(dir: &Path, expected: &BTreeMap<String, String>, device: [u8; 32]) {
    let key = DataKey::unlock(dir, DataKey::TEST_PASSPHRASE).unwrap();
    let mut store = Store::open(dir, &key).unwrap();
    let ids: Vec<String> = store
        .list(&Default::default())
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids.len(), expected.len());
    for (id, json) in expected {
        assert_eq!(
            &serde_json::to_string(&store.get(id).unwrap()).unwrap(),
            json,
            "{id}"
        );
    }
    assert_eq!(store.device().public(), device, "the device key was kept");
    drop(store);
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for gone in [
        "device-key",
        "northstar.db.plain",
        "northstar.db.encrypting",
    ] {
        assert!(!names.iter().any(|n| n == gone), "{gone} left in {names:?}");
    }
    assert_eq!(
        holding(dir, &[FAMILY.as_bytes(), &ATTACHMENT[..24]]),
        Vec::<String>::new()
    );
}

#[test]
fn a_plain_store_from_an_earlier_version_is_encrypted_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let (expected, device) = plain_store(dir.path(), 3);
    assert!(!holding(dir.path(), &[FAMILY.as_bytes()]).is_empty());
    assert_eq!(
        DataKey::state(dir.path()).unwrap(),
        northstar_schema::session::LockState::Unencrypted
    );
    let key = DataKey::create(dir.path(), DataKey::TEST_PASSPHRASE, KdfCost::Fast).unwrap();
    drop(Store::open(dir.path(), &key).unwrap());
    check_encrypted(dir.path(), &expected, device);
}

/// Copies every file of `from` into a new folder `to`.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// Runs `northstar list` on `dir` with the tests' passphrase, as a start would.
fn start(dir: &Path) -> std::process::Command {
    let mut command = bin();
    command
        .arg("--data-dir")
        .arg(dir)
        .arg("list")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[test]
fn encrypting_a_plain_store_survives_being_killed_fifty_times() {
    let template = tempfile::tempdir().unwrap();
    let (expected, device) = plain_store(template.path(), 40);
    // One key file for every round, cheap to stretch so a hundred starts stay quick.
    let keyed = tempfile::tempdir().unwrap();
    DataKey::create(keyed.path(), DataKey::TEST_PASSPHRASE, KdfCost::Fast).unwrap();
    let key_file = std::fs::read(keyed.path().join(northstar_engine::KEY_FILE)).unwrap();

    // How long one whole encryption takes, so the kills land inside it.
    let timing = tempfile::tempdir().unwrap();
    copy_folder(template.path(), timing.path());
    std::fs::write(timing.path().join(northstar_engine::KEY_FILE), &key_file).unwrap();
    let began = Instant::now();
    assert!(start(timing.path()).status().unwrap().success());
    let whole = began.elapsed();
    check_encrypted(timing.path(), &expected, device);

    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let steps = ["copied", "set-aside", "swapped"];
    for round in 0..50u64 {
        let dir = tempfile::tempdir().unwrap();
        copy_folder(template.path(), dir.path());
        // The passphrase was chosen (the key file saved whole, in one rename) before the
        // encryption starts.
        std::fs::write(dir.path().join(northstar_engine::KEY_FILE), &key_file).unwrap();
        if let Some(step) = steps.get(round as usize % 10) {
            // A crash exactly between two steps.
            let status = start(dir.path())
                .env("NORTHSTAR_TEST_STOP_AT", step)
                .status()
                .unwrap();
            assert!(!status.success(), "round {round}: did not stop at {step}");
        } else {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = Duration::from_micros(seed % (whole.as_micros() as u64 + 1));
            let mut child = start(dir.path()).spawn().unwrap();
            std::thread::sleep(at);
            let _ = child.kill();
            let _ = child.wait();
        }
        assert!(
            start(dir.path()).status().unwrap().success(),
            "round {round}: the next start failed"
        );
        check_encrypted(dir.path(), &expected, device);
    }
}
