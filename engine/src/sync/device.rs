//! This device's signing key: created on first run, kept inside the encrypted store. Every
//! envelope this device sends is signed with it, and its public half prefixes the Automerge
//! actor id of every change written here, so each change names its device.

use crate::{EngineError, Result};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use rusqlite::OptionalExtension;
use std::path::Path;

/// Where earlier versions kept the key, in the clear.
const KEY_FILE: &str = "device-key";
/// Where it is kept now: in the store's `meta` table, so it is encrypted with everything else.
const META_KEY: &str = "device-key";

/// The device's ed25519 key pair.
pub struct DeviceKey {
    signing: SigningKey,
}

impl DeviceKey {
    /// Loads the key from the store's `meta` table, creating it there if there is none yet.
    ///
    /// Earlier versions kept the key in a plain file, `device-key`, beside the database; it is
    /// moved into the (encrypted) store and the file wiped, in that order, so a crash between
    /// the two leaves the key in both places and the next open just wipes the file.
    pub fn load_or_create(conn: &rusqlite::Connection, dir: &Path) -> Result<DeviceKey> {
        let file = dir.join(KEY_FILE);
        let stored: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [META_KEY], |r| {
                r.get(0)
            })
            .optional()?;
        let key = match stored {
            Some(hex_seed) => {
                let seed = hex::decode(&hex_seed)
                    .ok()
                    .and_then(|b| <[u8; 32]>::try_from(b).ok())
                    .ok_or_else(|| {
                        EngineError::Refused(
                            "this device's sync key in the store is damaged; \
                             this device will have to be invited again"
                                .to_string(),
                        )
                    })?;
                DeviceKey::from_seed(seed)
            }
            None => {
                let seed = match std::fs::read(&file) {
                    Ok(bytes) => bytes.as_slice().try_into().map_err(|_| {
                        EngineError::Refused(format!(
                            "this device's sync key ({}) is damaged. Move it aside to make a new \
                             one; this device will then have to be invited again",
                            file.display()
                        ))
                    })?,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => random_bytes()?,
                    Err(e) => {
                        return Err(EngineError::io(format!(
                            "could not read this device's sync key {}",
                            file.display()
                        ))(e))
                    }
                };
                let seed = zeroize::Zeroizing::new(seed);
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                    [META_KEY, &hex::encode(*seed)],
                )?;
                DeviceKey::from_seed(*seed)
            }
        };
        if file.exists() {
            crate::store::encrypt::wipe(&file)?;
        }
        Ok(key)
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
