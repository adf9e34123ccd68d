//! The key that encrypts the store, and the key file that keeps it under a passphrase.
//!
//! The store is encrypted with SQLCipher under a random 256-bit [`DataKey`]. That key is never
//! written anywhere in the clear. The data folder holds it only *wrapped* in `northstar.key`:
//! encrypted (ChaCha20-Poly1305) under a key stretched from the user's passphrase with Argon2id,
//! so someone holding the folder (a lost laptop, a copied backup) has to guess the passphrase,
//! and each guess costs the stretch. Changing the passphrase re-wraps the same data key; the
//! database is never re-encrypted for it.
//!
//! The key file ends with a SHA-256 checksum of everything before it. That is how a damaged
//! file (a bad sector, a truncated copy) is told apart from a wrong passphrase: a file whose
//! checksum holds but whose seal does not open was opened with the wrong passphrase.
//!
//! ```
//! use northstar_engine::{DataKey, KdfCost};
//! let dir = tempfile::tempdir().unwrap();
//! let made = DataKey::create(dir.path(), "correct horse battery", KdfCost::Fast).unwrap();
//! let again = DataKey::unlock(dir.path(), "correct horse battery").unwrap();
//! assert!(made == again);
//! assert!(DataKey::unlock(dir.path(), "Correct horse battery").is_err());
//! ```

use crate::{EngineError, Result};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::ChaCha20Poly1305;
use northstar_schema::session::LockState;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The key file's name in the data folder.
pub const KEY_FILE: &str = "northstar.key";
/// The variable scripts, servers and tests give the passphrase in.
pub const PASSPHRASE_VAR: &str = "NORTHSTAR_PASSPHRASE";
/// The shortest passphrase accepted when one is chosen.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

const MAGIC: &[u8; 6] = b"NSKEY\x01";
const SALT: usize = 16;
const NONCE: usize = 12;
const WRAPPED: usize = 32 + 16;
const HEADER: usize = MAGIC.len() + 12 + SALT + NONCE;
const FILE_LEN: usize = HEADER + WRAPPED + 32;
/// A key file asking for more memory than this is refused rather than obeyed: a planted file
/// must not make unlocking exhaust the laptop.
const MAX_KIB: u32 = 1024 * 1024;
const MAX_PASSES: u32 = 16;

/// How hard the passphrase is stretched when a key file is made. The cost is written in the
/// file, so unlocking always uses the cost the file was made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KdfCost {
    /// Argon2id, 64 MiB, 3 passes: about 70 ms on this project's machines (a release build),
    /// and as much memory and time for every guess at a stolen laptop's passphrase.
    Standard,
    /// The smallest Argon2id allowed. Only for tests, which make hundreds of stores.
    Fast,
}

impl KdfCost {
    fn params(self) -> (u32, u32, u32) {
        match self {
            KdfCost::Standard => (64 * 1024, 3, 1),
            KdfCost::Fast => (8, 1, 1),
        }
    }
}

/// The 256-bit key SQLCipher encrypts the store with. Wiped from memory when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct DataKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

impl DataKey {
    /// What `dir` holds before anything is unlocked: never [`LockState::Open`]. An encrypted
    /// store without its key file is an error: choosing a new passphrase could not open it.
    pub fn state(dir: &Path) -> Result<LockState> {
        let key_file = dir.join(KEY_FILE);
        if key_file.exists() {
            // A key file beside a plain store is an encryption that was interrupted: the
            // passphrase is known already, and opening finishes it.
            return Ok(LockState::Locked);
        }
        let db = dir.join(super::encrypt::DB);
        if super::encrypt::is_plain(&db) {
            return Ok(LockState::Unencrypted);
        }
        match std::fs::metadata(&db) {
            Ok(meta) if meta.len() > 0 => Err(EngineError::KeyFileMissing(key_file)),
            _ => Ok(LockState::New),
        }
    }

    /// Makes a new data key under `passphrase` and saves the key file. Refuses if `dir`
    /// already has one: that would orphan the data it opens.
    pub fn create(dir: &Path, passphrase: &str, cost: KdfCost) -> Result<DataKey> {
        check_new_passphrase(passphrase)?;
        let path = dir.join(KEY_FILE);
        DataKey::state(dir)?;
        if path.exists() {
            return Err(EngineError::Refused(format!(
                "this data folder already has a passphrase ({} exists)",
                path.display()
            )));
        }
        std::fs::create_dir_all(dir).map_err(EngineError::io(format!(
            "could not create the data folder {}",
            dir.display()
        )))?;
        let key = DataKey::random()?;
        write_atomically(&path, &key.wrap(passphrase, cost)?)?;
        Ok(key)
    }

    /// Opens the key file in `dir` with `passphrase`.
    pub fn unlock(dir: &Path, passphrase: &str) -> Result<DataKey> {
        let path = dir.join(KEY_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(EngineError::KeyFileMissing(path))
            }
            Err(e) => {
                return Err(EngineError::io(format!(
                    "could not read {}",
                    path.display()
                ))(e))
            }
        };
        DataKey::unwrap_file(&bytes, passphrase).map_err(|e| match e {
            Unwrap::Damaged => EngineError::KeyFileDamaged(path),
            Unwrap::WrongPassphrase => EngineError::WrongPassphrase,
        })
    }

    pub(crate) fn from_bytes(bytes: [u8; 32]) -> DataKey {
        DataKey(Zeroizing::new(bytes))
    }

    /// A fresh random key, kept nowhere.
    pub(crate) fn random() -> Result<DataKey> {
        Ok(DataKey(Zeroizing::new(crate::sync::random_bytes()?)))
    }

    /// Re-wraps this key under a new passphrase. The old key file is replaced in one step.
    pub fn change_passphrase(&self, dir: &Path, passphrase: &str, cost: KdfCost) -> Result<()> {
        check_new_passphrase(passphrase)?;
        write_atomically(&dir.join(KEY_FILE), &self.wrap(passphrase, cost)?)
    }

    /// Unlocks (or on first use creates) `dir` with the passphrase in `NORTHSTAR_PASSPHRASE`,
    /// for the command line and servers. `None` when the variable is not set.
    pub fn from_environment(dir: &Path) -> Option<Result<DataKey>> {
        let passphrase = Zeroizing::new(std::env::var(PASSPHRASE_VAR).ok()?);
        Some(match DataKey::state(dir) {
            Err(e) => Err(e),
            Ok(LockState::Locked) => DataKey::unlock(dir, &passphrase),
            Ok(_) => DataKey::create(dir, &passphrase, KdfCost::Standard),
        })
    }

    /// A key for tests: the passphrase [`DataKey::TEST_PASSPHRASE`] at [`KdfCost::Fast`],
    /// made on first use.
    #[doc(hidden)]
    pub fn for_tests(dir: &Path) -> DataKey {
        match DataKey::state(dir) {
            Ok(LockState::Locked) => DataKey::unlock(dir, DataKey::TEST_PASSPHRASE),
            _ => DataKey::create(dir, DataKey::TEST_PASSPHRASE, KdfCost::Fast),
        }
        .expect("a test key")
    }

    #[doc(hidden)]
    pub const TEST_PASSPHRASE: &'static str = "fictional test passphrase";

    /// The key as SQLCipher takes it, for tests that read the file with SQLCipher directly.
    #[doc(hidden)]
    pub fn sql_key_for_tests(&self) -> String {
        self.sql_literal().to_string()
    }

    /// The key as SQLCipher's raw-key literal: the key itself, so SQLCipher adds no stretch
    /// of its own on every connection (Argon2 has already done that once).
    pub(crate) fn sql_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(*self.0)))
    }

    /// A key for something else kept under this one (`purpose` names it), so no two uses
    /// share a key.
    pub(crate) fn derive(&self, purpose: &str) -> DataKey {
        let mut out = Zeroizing::new([0u8; 32]);
        hkdf::Hkdf::<Sha256>::new(None, &*self.0)
            .expand(purpose.as_bytes(), &mut *out)
            .expect("32 bytes is a valid HKDF length");
        DataKey(out)
    }

    /// The raw key, for a database that takes one directly.
    pub(crate) fn bytes(&self) -> [u8; 32] {
        *self.0
    }

    fn wrap(&self, passphrase: &str, cost: KdfCost) -> Result<Vec<u8>> {
        let (kib, passes, lanes) = cost.params();
        let salt: [u8; SALT] = crate::sync::random_bytes()?;
        let nonce: [u8; NONCE] = crate::sync::random_bytes()?;
        let mut file = Vec::with_capacity(FILE_LEN);
        file.extend_from_slice(MAGIC);
        for n in [kib, passes, lanes] {
            file.extend_from_slice(&n.to_le_bytes());
        }
        file.extend_from_slice(&salt);
        file.extend_from_slice(&nonce);
        let wrapping = stretch(passphrase, &salt, kib, passes, lanes)
            .ok_or_else(|| EngineError::Refused("could not stretch the passphrase".to_string()))?;
        let sealed = ChaCha20Poly1305::new((&*wrapping).into())
            .encrypt(
                (&nonce).into(),
                Payload {
                    msg: &*self.0,
                    aad: &file[..HEADER],
                },
            )
            .map_err(|_| EngineError::Refused("could not seal the data key".to_string()))?;
        file.extend_from_slice(&sealed);
        let sum = Sha256::digest(&file);
        file.extend_from_slice(&sum);
        Ok(file)
    }

    fn unwrap_file(bytes: &[u8], passphrase: &str) -> std::result::Result<DataKey, Unwrap> {
        if bytes.len() != FILE_LEN || &bytes[..MAGIC.len()] != MAGIC {
            return Err(Unwrap::Damaged);
        }
        let (body, sum) = bytes.split_at(FILE_LEN - 32);
        if Sha256::digest(body).as_slice() != sum {
            return Err(Unwrap::Damaged);
        }
        let n = |i: usize| {
            let at = MAGIC.len() + 4 * i;
            u32::from_le_bytes(body[at..at + 4].try_into().expect("4 bytes"))
        };
        let (kib, passes, lanes) = (n(0), n(1), n(2));
        if kib > MAX_KIB || passes > MAX_PASSES || lanes != 1 {
            return Err(Unwrap::Damaged);
        }
        let salt = &body[MAGIC.len() + 12..MAGIC.len() + 12 + SALT];
        let nonce = &body[HEADER - NONCE..HEADER];
        let wrapping = stretch(passphrase, salt, kib, passes, lanes).ok_or(Unwrap::Damaged)?;
        let opened = ChaCha20Poly1305::new((&*wrapping).into())
            .decrypt(
                nonce.into(),
                Payload {
                    msg: &body[HEADER..],
                    aad: &body[..HEADER],
                },
            )
            .map_err(|_| Unwrap::WrongPassphrase)?;
        let opened = Zeroizing::new(opened);
        let key: [u8; 32] = opened.as_slice().try_into().map_err(|_| Unwrap::Damaged)?;
        Ok(DataKey(Zeroizing::new(key)))
    }
}

enum Unwrap {
    Damaged,
    WrongPassphrase,
}

fn check_new_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.trim().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(EngineError::Refused(format!(
            "choose a passphrase of at least {MIN_PASSPHRASE_CHARS} characters; \
             three unrelated words are easy to remember and hard to guess"
        )));
    }
    Ok(())
}

fn stretch(
    passphrase: &str,
    salt: &[u8],
    kib: u32,
    passes: u32,
    lanes: u32,
) -> Option<Zeroizing<[u8; 32]>> {
    let params = argon2::Params::new(kib, passes, lanes, Some(32)).ok()?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, &mut *out)
        .ok()?;
    Some(out)
}

/// Writes `bytes` to `path` so that a crash leaves either the old file or the new one whole.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let tmp: PathBuf = path.with_extension("key-new");
    let context = format!("could not save {}", path.display());
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&tmp)
        .map_err(EngineError::io(context.clone()))?;
    file.write_all(bytes)
        .and_then(|_| file.sync_all())
        .map_err(EngineError::io(context.clone()))?;
    std::fs::rename(&tmp, path).map_err(EngineError::io(context.clone()))?;
    super::encrypt::sync_folder(path.parent().unwrap_or(Path::new(".")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_passphrase_and_a_damaged_file_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        DataKey::create(dir.path(), "a long enough passphrase", KdfCost::Fast).unwrap();
        let err = DataKey::unlock(dir.path(), "a long enough passphrasE").unwrap_err();
        assert!(matches!(err, EngineError::WrongPassphrase), "{err}");
        let path = dir.path().join(KEY_FILE);
        let good = std::fs::read(&path).unwrap();
        // Every single flipped byte is seen as damage, never as a wrong passphrase, and
        // never opens.
        for at in 0..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0x40;
            std::fs::write(&path, &bad).unwrap();
            let err = DataKey::unlock(dir.path(), "a long enough passphrase").unwrap_err();
            assert!(
                matches!(err, EngineError::KeyFileDamaged(_)),
                "byte {at}: {err}"
            );
        }
        std::fs::write(&path, &good[..good.len() - 1]).unwrap();
        assert!(matches!(
            DataKey::unlock(dir.path(), "a long enough passphrase"),
            Err(EngineError::KeyFileDamaged(_))
        ));
        std::fs::write(&path, &good).unwrap();
        DataKey::unlock(dir.path(), "a long enough passphrase").unwrap();
    }

    #[test]
    fn a_planted_cost_is_refused_not_obeyed() {
        let dir = tempfile::tempdir().unwrap();
        let key = DataKey::create(dir.path(), "a long enough passphrase", KdfCost::Fast).unwrap();
        let path = dir.path().join(KEY_FILE);
        let mut file = std::fs::read(&path).unwrap();
        // 4 GiB of memory, with the checksum made to match.
        file[MAGIC.len()..MAGIC.len() + 4].copy_from_slice(&(4u32 << 20).to_le_bytes());
        let sum = Sha256::digest(&file[..FILE_LEN - 32]);
        file[FILE_LEN - 32..].copy_from_slice(&sum);
        std::fs::write(&path, &file).unwrap();
        assert!(matches!(
            DataKey::unlock(dir.path(), "a long enough passphrase"),
            Err(EngineError::KeyFileDamaged(_))
        ));
        // A new passphrase re-wraps the same key.
        key.change_passphrase(dir.path(), "another long passphrase", KdfCost::Fast)
            .unwrap();
        assert!(DataKey::unlock(dir.path(), "another long passphrase").unwrap() == key);
    }

    #[test]
    fn a_short_passphrase_or_a_second_key_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(DataKey::create(dir.path(), "short", KdfCost::Fast).is_err());
        assert!(!dir.path().join(KEY_FILE).exists());
        DataKey::create(dir.path(), "a long enough passphrase", KdfCost::Fast).unwrap();
        let before = std::fs::read(dir.path().join(KEY_FILE)).unwrap();
        assert!(DataKey::create(dir.path(), "a different passphrase", KdfCost::Fast).is_err());
        assert_eq!(std::fs::read(dir.path().join(KEY_FILE)).unwrap(), before);
    }
}
