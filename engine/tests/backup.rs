//! `northstar backup` and `northstar restore`: a consistent copy while another process keeps
//! saving, a move to a new folder (a new laptop), and every way a restore could lose data
//! refused in plain words with nothing changed.

mod common;

use common::{bin, review};
use northstar_engine::backup::{self, Lease};
use northstar_engine::{DataDir, DataKey, Store};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Output, Stdio};

fn run(data: &Path, args: &[&str]) -> Output {
    bin()
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A folder with `n` reviews, opened with the tests' passphrase.
fn folder_with(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &DataKey::for_tests(dir.path())).unwrap();
    for i in 0..n {
        store
            .create(&review(
                &format!("child-{i}"),
                "Ravi",
                &format!("Sharma{i}"),
            ))
            .unwrap();
    }
    dir
}

/// A backup (made by the command line) of a folder with `n` reviews, and the folder.
fn backed_up(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let source = folder_with(n);
    let file = source.path().join("b.backup");
    let out = run(source.path(), &["backup", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "backup failed: {}", stderr(&out));
    (source, file)
}

/// Every file in `dir` (but the empty lock file) with a digest of its bytes, to show nothing
/// was touched.
fn snapshot(dir: &Path) -> Vec<(String, u64)> {
    use std::hash::{Hash, Hasher};
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file() && e.file_name() != "northstar.lock")
        .map(|e| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            std::fs::read(e.path()).unwrap().hash(&mut hasher);
            (
                e.file_name().to_string_lossy().into_owned(),
                hasher.finish(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_backup_taken_while_another_process_saves_is_whole_and_restores_on_a_new_laptop() {
    let old = folder_with(3);
    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("northstar.backup");
    // Another process keeps saving to one review, acknowledging each edit once durable.
    let mut writer = bin()
        .arg("--data-dir")
        .arg(old.path())
        .args(["append-actions", "child-1", "100000"])
        .stdout(Stdio::piped())
        // Not the runner's stderr: a writer outliving a failed test must not hold it open.
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut acks = BufReader::new(writer.stdout.take().unwrap()).lines();
    let mut acknowledged = 0u32;
    for line in acks.by_ref() {
        acknowledged = line.unwrap()["ack ".len()..].parse().unwrap();
        if acknowledged == 20 {
            break;
        }
    }
    let out = run(old.path(), &["backup", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "backup failed: {}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Backed up 3 reviews"));
    // It kept saving throughout.
    let after: u32 = acks.next().unwrap().unwrap()["ack ".len()..]
        .parse()
        .unwrap();
    assert!(after > acknowledged);
    writer.kill().unwrap();
    writer.wait().unwrap();

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a backup is the user's alone");
    }
    // The backup holds no review text in the clear.
    let bytes = std::fs::read(&file).unwrap();
    assert!(!bytes.windows(6).any(|w| w == b"Sharma"));

    let new_laptop = tempfile::tempdir().unwrap();
    let new = new_laptop.path().join("northstar");
    let out = run(&new, &["restore", file.to_str().unwrap()]);
    assert!(out.status.success(), "restore failed: {}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Restored 3 reviews"));

    let mut store = Store::open(
        &new,
        &DataKey::unlock(&new, DataKey::TEST_PASSPHRASE).unwrap(),
    )
    .unwrap();
    assert_eq!(store.count().unwrap(), 3);
    let actions = &store.get("child-1").unwrap().reviews[0].actions;
    // Everything acknowledged before the backup began is in it, as one consistent moment: the
    // actions are exactly append-1 … append-k, with no gap.
    assert!(actions.len() as u32 >= acknowledged);
    for (i, action) in actions.iter().enumerate() {
        assert_eq!(action.id, format!("append-{}", i + 1));
    }
    // The caseload came across too.
    let listed = run(&new, &["list"]);
    assert_eq!(String::from_utf8_lossy(&listed.stdout).lines().count(), 3);
}

#[test]
fn a_restore_refuses_while_northstar_is_open_on_the_folder() {
    let (_source, file) = backed_up(1);
    let target = folder_with(2);

    // In this process, as the desktop app holds it.
    let open = Lease::shared(target.path()).unwrap();
    let dir = DataDir::resolve(Some(target.path().to_path_buf())).unwrap();
    let refused = backup::restore(&dir, &file, DataKey::TEST_PASSPHRASE, true).unwrap_err();
    assert!(
        refused.to_string().contains("Northstar is open on"),
        "{refused}"
    );
    drop(open);

    // And from another process that is saving to it.
    let mut writer = bin()
        .arg("--data-dir")
        .arg(target.path())
        .args(["append-actions", "child-0", "100000"])
        .stdout(Stdio::piped())
        // Not the runner's stderr: a writer outliving a failed test must not hold it open.
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut acks = BufReader::new(writer.stdout.take().unwrap()).lines();
    acks.next().unwrap().unwrap();
    let out = run(
        target.path(),
        &["restore", "--replace", file.to_str().unwrap()],
    );
    writer.kill().unwrap();
    writer.wait().unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("close the app"), "{}", stderr(&out));
    // Its reviews are all still there and nothing was set aside.
    let store = Store::open(target.path(), &DataKey::for_tests(target.path())).unwrap();
    assert_eq!(store.count().unwrap(), 2);
    assert!(!std::fs::read_dir(target.path()).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with("before-restore")));
}

#[test]
fn data_already_there_is_replaced_only_when_asked_and_then_kept_aside() {
    let (_source, file) = backed_up(1);
    let target = folder_with(4);
    let before = snapshot(target.path());

    let out = run(target.path(), &["restore", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--replace"), "{}", stderr(&out));
    assert_eq!(snapshot(target.path()), before, "nothing was changed");

    let out = run(
        target.path(),
        &["restore", "--replace", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open(target.path(), &DataKey::for_tests(target.path())).unwrap();
    assert_eq!(store.count().unwrap(), 1);
    // The four reviews that were there still open, in the folder they were kept in.
    let aside = std::fs::read_dir(target.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("before-restore-"))
        })
        .expect("the earlier data is kept aside");
    let kept = Store::open(
        &aside,
        &DataKey::unlock(&aside, DataKey::TEST_PASSPHRASE).unwrap(),
    )
    .unwrap();
    assert_eq!(kept.count().unwrap(), 4);
}

#[test]
fn a_damaged_or_foreign_backup_or_a_wrong_passphrase_changes_nothing() {
    let (_source, file) = backed_up(2);
    let good = std::fs::read(&file).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let target = scratch.path().join("data");

    let mut flipped = good.clone();
    let last = flipped.len() - 100;
    flipped[last] ^= 0x55;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("flipped", flipped, "damaged"),
        ("cut", good[..good.len() / 2].to_vec(), "cut short"),
        ("empty", Vec::new(), "does not start as one"),
        ("pdf", b"%PDF-1.7\n".to_vec(), "does not start as one"),
        (
            "huge-header",
            [&good[..17], &u32::MAX.to_le_bytes()[..], &good[21..]].concat(),
            "header is damaged",
        ),
    ];
    for (name, bytes, why) in cases {
        let path = scratch.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = run(&target, &["restore", path.to_str().unwrap()]);
        assert!(!out.status.success(), "{name} was restored");
        let said = stderr(&out);
        assert!(
            said.contains(why) && said.contains("nothing was changed"),
            "{name}: {said}"
        );
        assert!(!target.join("northstar.db").exists(), "{name} left a store");
    }

    let out = bin()
        .env(
            northstar_engine::PASSPHRASE_VAR,
            "not the passphrase at all",
        )
        .arg("--data-dir")
        .arg(&target)
        .args(["restore", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("passphrase does not open this backup"));
    assert!(!target.join("northstar.db").exists());
    assert!(!target.join("northstar.key").exists());
    // No staging folder is left behind either.
    assert!(std::fs::read_dir(&target).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with(".restoring")));
}
