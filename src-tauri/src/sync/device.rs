//! This device's signing key: created on first run, kept in the data folder, readable by the
//! owner only. Every envelope this device sends is signed with it, and its public half prefixes
//! the Automerge actor id of every change written here, so each change names its device.

use crate::{EngineError, Result};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use std::path::Path;

const KEY_FILE: &str = "device-key";

/// The device's ed25519 key pair.
pub struct DeviceKey {
    signing: SigningKey,
}

impl DeviceKey {
    /// Loads the key from `dir`, creating it (owner read/write only) if there is none yet.
    pub fn load_or_create(dir: &Path) -> Result<DeviceKey> {
        let path = dir.join(KEY_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let seed: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
                    EngineError::Refused(format!(
                        "this device's sync key ({}) is damaged. Move it aside to make a new one; \
                         this device will then have to be invited again",
                        path.display()
                    ))
                })?;
                Ok(DeviceKey::from_seed(seed))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = DeviceKey::from_seed(random_bytes()?);
                write_private(&path, &key.signing.to_bytes())?;
                Ok(key)
            }
            Err(e) => Err(EngineError::io(format!(
                "could not read this device's sync key {}",
                path.display()
            ))(e)),
        }
    }

    pub fn from_seed(seed: [u8; 32]) -> DeviceKey {
        DeviceKey {
            signing: SigningKey::from_bytes(&seed),
        }
    }

    pub fn public(&self) -> [u8; 32] {
        self.signing.verifying_key().to_bytes()
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    /// A secret only this device and `peer` can work out (X25519 on the two ed25519 keys, as
    /// libsodium's key conversion does), so the owner can hand each member a new review key
    /// without a second key pair per device. `None` for a key that is not a curve point or
    /// gives a weak (all-zero) result.
    pub fn agree(&self, peer: &[u8; 32]) -> Option<[u8; 32]> {
        let peer = VerifyingKey::from_bytes(peer).ok()?;
        let shared = peer
            .to_montgomery()
            .mul_clamped(self.signing.to_scalar_bytes())
            .to_bytes();
        (shared != [0; 32]).then_some(shared)
    }

    /// A fresh Automerge actor id for one process: this device's key and 8 random bytes, so
    /// two processes on one device never write under the same actor.
    pub fn actor(&self) -> Result<automerge::ActorId> {
        let suffix: [u8; 8] = random_bytes()?;
        let mut bytes = self.public().to_vec();
        bytes.extend_from_slice(&suffix);
        Ok(automerge::ActorId::from(bytes))
    }
}

/// The device key a change's actor id names, if it was written by a Northstar device.
pub fn device_of_actor(actor: &automerge::ActorId) -> Option<[u8; 32]> {
    let bytes = actor.to_bytes();
    if bytes.len() != 40 {
        return None;
    }
    bytes[..32].try_into().ok()
}

/// Checks an ed25519 signature by `key` over `message`.
pub fn verify(key: &[u8; 32], message: &[u8], signature: &[u8; 64]) -> bool {
    let Ok(key) = VerifyingKey::from_bytes(key) else {
        return false;
    };
    key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(signature))
        .is_ok()
}

pub fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::getrandom(&mut b).map_err(|e| {
        EngineError::Refused(format!(
            "this computer could not supply random numbers for a key ({e})"
        ))
    })?;
    Ok(b)
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let context = format!("could not save this device's sync key {}", path.display());
    let mut file = options
        .open(path)
        .map_err(EngineError::io(context.clone()))?;
    file.write_all(bytes)
        .and_then(|_| file.sync_all())
        .map_err(EngineError::io(context))
}
