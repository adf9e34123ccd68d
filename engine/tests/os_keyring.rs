//! The operating system's secret store, for real: a private D-Bus session with GNOME
//! Keyring's Secret Service (installed by `scripts/setup.sh`), unlocked as a login would.
//! Northstar keeps the data key there per data folder and opens with it; with no secret
//! store it says so, and the passphrase is what opens the data.

use northstar_engine::{os_keyring, DataKey, KdfCost, Store};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

/// A private session bus with an unlocked keyring on it, stopped on drop.
struct SecretService {
    bus: Child,
    keyring: Child,
    _home: tempfile::TempDir,
}

impl SecretService {
    fn start() -> SecretService {
        let home = tempfile::tempdir().unwrap();
        // A session bus that starts no service on demand. The standard one would start a
        // second keyring daemon (D-Bus activation) if the first request came before ours had
        // claimed its name, and that one, never given a login password, can never store
        // anything: the test then failed at random on a busy machine.
        let config = home.path().join("bus.conf");
        std::fs::write(
            &config,
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
        )
        .unwrap();
        let mut bus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon is not installed");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_string();
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_RUNTIME_DIR", home.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon is not installed: run scripts/setup.sh");
        // The login password it unlocks the keyring with, as a login manager gives it.
        let mut stdin = keyring.stdin.take().unwrap();
        stdin.write_all(b"fictional login password").unwrap();
        drop(stdin);
        // This process now talks to that bus (the only test in this file, so no other
        // thread reads the variable meanwhile).
        std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address);
        // Wait until the service answers.
        let probe = tempfile::tempdir().unwrap();
        let key = DataKey::create(probe.path(), "probe passphrase", KdfCost::Fast).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !os_keyring::remember(probe.path(), &key) {
            assert!(
                std::time::Instant::now() < deadline,
                "the secret service did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        os_keyring::forget(probe.path());
        SecretService {
            bus,
            keyring,
            _home: home,
        }
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

#[test]
fn the_secret_store_remembers_each_folders_key() {
    // (The bus address is read once per process, so this file's one test starts the
    // service first; `os_keyring_absent.rs` has none.)
    let _service = SecretService::start();
    let dir = tempfile::tempdir().unwrap();
    let key = DataKey::create(dir.path(), "three fictional words", KdfCost::Fast).unwrap();
    assert!(os_keyring::recall(dir.path()).is_none(), "nothing kept yet");
    assert!(os_keyring::remember(dir.path(), &key));
    let recalled = os_keyring::recall(dir.path()).expect("the key was kept");
    assert!(recalled == key);
    // It opens the store with no passphrase.
    let mut store = Store::open(dir.path(), &recalled).unwrap();
    store
        .create(&northstar_schema::ReviewDocument::new(
            "r1",
            northstar_schema::YoungPerson {
                given_name: "Ayo".into(),
                family_name: "Bello".into(),
                ..Default::default()
            },
        ))
        .unwrap();
    drop(store);

    // Another data folder has its own entry, or none.
    let other = tempfile::tempdir().unwrap();
    assert!(os_keyring::recall(other.path()).is_none());
    let other_key = DataKey::create(other.path(), "other fictional words", KdfCost::Fast).unwrap();
    assert!(os_keyring::remember(other.path(), &other_key));
    assert!(os_keyring::recall(dir.path()).unwrap() == key);
    assert!(os_keyring::recall(other.path()).unwrap() == other_key);

    // The key is not written into the data folder: only the sealed key file is there.
    let hex_key = key.sql_key_for_tests();
    let raw = &hex_key[2..66];
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let hex_bytes = raw.as_bytes();
        assert!(!bytes.windows(hex_bytes.len()).any(|w| w == hex_bytes));
        let plain = (0..32)
            .map(|i| u8::from_str_radix(&raw[2 * i..2 * i + 2], 16).unwrap())
            .collect::<Vec<u8>>();
        assert!(!bytes.windows(32).any(|w| w == plain.as_slice()));
    }

    os_keyring::forget(dir.path());
    assert!(os_keyring::recall(dir.path()).is_none());
    assert!(os_keyring::recall(other.path()).is_some());
}
