//! With no secret store running (a server, a test machine, a desktop without one), nothing is
//! kept and nothing recalled: the passphrase is what opens the data.

use northstar_engine::{os_keyring, DataKey, KdfCost};

#[test]
fn with_no_secret_store_nothing_is_kept_and_the_passphrase_opens_the_data() {
    // Set before anything in this process talks to D-Bus, which reads it once.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/northstar-bus",
    );
    let dir = tempfile::tempdir().unwrap();
    let key = DataKey::create(dir.path(), "three fictional words", KdfCost::Fast).unwrap();
    assert!(!os_keyring::remember(dir.path(), &key));
    assert!(os_keyring::recall(dir.path()).is_none());
    assert!(DataKey::unlock(dir.path(), "three fictional words").unwrap() == key);
}
