//! Remembering the data key in the operating system's secret store (the Secret Service, such
//! as GNOME Keyring, on Linux; the Keychain on macOS; Credential Manager on Windows), where one
//! is running. The secret store is itself unlocked by the person's login, so Northstar then
//! opens without asking for its passphrase; the passphrase is still what unlocks the window
//! after it locks, and what opens the data on a computer with no secret store.
//!
//! Each data folder has its own entry, named by the folder's path. Nothing here is required:
//! with no secret store running, [`remember`] says so and Northstar asks for the passphrase.

use super::keys::DataKey;
use std::path::Path;

const SERVICE: &str = "Northstar";

fn entry(dir: &Path) -> Option<keyring::Entry> {
    let place = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    keyring::Entry::new(
        SERVICE,
        &format!("data key for {}", place.to_string_lossy()),
    )
    .ok()
}

/// Keeps `key` in the secret store for `dir`; whether one was there to keep it.
pub fn remember(dir: &Path, key: &DataKey) -> bool {
    entry(dir).is_some_and(|e| e.set_secret(&key.bytes()).is_ok())
}

/// The key the secret store holds for `dir`, if it is running and holds one.
pub fn recall(dir: &Path) -> Option<DataKey> {
    let secret = zeroize::Zeroizing::new(entry(dir)?.get_secret().ok()?);
    let bytes: [u8; 32] = secret.as_slice().try_into().ok()?;
    Some(DataKey::from_bytes(bytes))
}

/// Removes `dir`'s key from the secret store (after a passphrase change, or when it no
/// longer opens the data).
pub fn forget(dir: &Path) {
    if let Some(e) = entry(dir) {
        let _ = e.delete_credential();
    }
}
