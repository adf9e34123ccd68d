//! Backing up a data folder to one file, and restoring it, on this laptop or a new one.
//!
//! A backup is the store as it stood at one moment, even while the app is open and saving:
//! it is copied inside one read transaction (the store is in WAL mode, so the app's writes
//! carry on and simply are not in it). The copy stays encrypted under the same data key,
//! and the key file travels with it, wrapped under the passphrase as it was when the backup
//! was made. So a backup on a memory stick reveals nothing without that passphrase, and
//! restoring it needs that passphrase.
//!
//! The file is `MAGIC`, a four-byte length, a small JSON [`BackupHeader`], then the key file
//! and the database. The header carries the database's SHA-256, so a truncated or damaged
//! backup is refused before anything in the data folder is touched.
//!
//! Restoring never loses what is already there:
//! - it refuses while Northstar is open on the folder (the app holds a [`Lease`] on it);
//! - it checks the whole backup and that the passphrase opens it before changing anything;
//! - a folder that already holds a store is only replaced when asked (`--replace`), and its
//!   files are kept, still encrypted, in a `before-restore-…` folder beside them.
//!
//! ```
//! use northstar_engine::{backup, DataDir, DataKey, KdfCost, Store};
//! use northstar_schema::{ReviewDocument, YoungPerson};
//! let home = tempfile::tempdir().unwrap();
//! let old = home.path().join("old-laptop");
//! let key = DataKey::create(&old, "three fictional words", KdfCost::Fast).unwrap();
//! let mut store = Store::open(&old, &key).unwrap();
//! let yp = YoungPerson { given_name: "Ayo".into(), family_name: "Bello".into(), ..Default::default() };
//! store.create(&ReviewDocument::new("demo-1", yp)).unwrap();
//!
//! let file = home.path().join("northstar.backup");
//! backup::write(&store, &old, &file).unwrap();
//!
//! let new = DataDir::resolve(Some(home.path().join("new-laptop"))).unwrap();
//! let restored = backup::restore(&new, &file, "three fictional words", false).unwrap();
//! assert_eq!(restored.reviews, 1);
//! ```

use crate::store::keys::KEY_FILE;
use crate::{DataDir, DataKey, EngineError, Result, Store};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The first bytes of every backup file.
const MAGIC: &[u8; 17] = b"NORTHSTAR-BACKUP\n";
/// The one format there is so far.
const FORMAT: u32 = 1;
/// A header is a few hundred bytes; anything much larger is not a Northstar backup.
const MAX_HEADER: u32 = 64 * 1024;
/// The database file's name in the data folder.
const DB: &str = "northstar.db";
/// The lock file the app and the command line hold while they use a data folder.
const LEASE_FILE: &str = "northstar.lock";

/// What a backup file says about itself, before its contents.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BackupHeader {
    pub format: u32,
    /// The Northstar version that made it.
    pub made_by: String,
    /// When, as RFC 3339.
    pub made_at: String,
    /// How many reviews it holds (shown before restoring, so nobody restores an empty one).
    pub reviews: u64,
    pub key_file_bytes: u64,
    pub database_bytes: u64,
    /// SHA-256 of the database bytes, in hex.
    pub database_sha256: String,
}

/// What [`restore`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub reviews: u64,
    /// When the backup was made.
    pub made_at: String,
    /// Where the folder's earlier store was kept, if it had one.
    pub kept_aside: Option<PathBuf>,
}

/// A hold on a data folder: shared by every Northstar process using it, and taken
/// exclusively by [`restore`], which may not swap the store under an open app.
#[derive(Debug)]
pub struct Lease {
    _file: File,
}

impl Lease {
    /// A shared hold on `dir`, made if needed. Refused only while a restore runs.
    pub fn shared(dir: &Path) -> Result<Lease> {
        let file = lease_file(dir)?;
        match file.try_lock_shared() {
            Ok(()) => Ok(Lease { _file: file }),
            Err(_) => Err(EngineError::Refused(format!(
                "a backup is being restored into {}; try again when it has finished",
                dir.display()
            ))),
        }
    }

    /// The only hold on `dir`: refused while Northstar is open on it.
    fn exclusive(dir: &Path) -> Result<Lease> {
        let file = lease_file(dir)?;
        match file.try_lock() {
            Ok(()) => Ok(Lease { _file: file }),
            Err(_) => Err(EngineError::Refused(format!(
                "Northstar is open on {}: close the app (and any other northstar command using \
                 that folder) first, then restore. Nothing was changed",
                dir.display()
            ))),
        }
    }
}

fn lease_file(dir: &Path) -> Result<File> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    // Owner-only, as the store makes its folder (`store/private.rs`).
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(EngineError::io(format!(
        "could not create the data folder {}",
        dir.display()
    )))?;
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LEASE_FILE))
        .map_err(EngineError::io(format!(
            "could not open {}",
            dir.join(LEASE_FILE).display()
        )))
}

/// Writes a backup of `store` (which lives in `dir`) to `out`, through a temporary file so a
/// failure leaves no partial backup. Returns its header.
pub fn write(store: &Store, dir: &Path, out: &Path) -> Result<BackupHeader> {
    let key_file = std::fs::read(dir.join(KEY_FILE)).map_err(EngineError::io(format!(
        "could not read the key file in {}",
        dir.display()
    )))?;
    // The copy is made beside the output, so it never lands in a shared temp folder.
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let staging = tempfile::Builder::new()
        .prefix(".northstar-backup-")
        .tempdir_in(parent)
        .map_err(EngineError::io(format!(
            "could not write in {}",
            parent.display()
        )))?;
    let copy = staging.path().join(DB);
    let reviews = store.copy_consistently(&copy)?;
    let database = std::fs::read(&copy).map_err(EngineError::io("could not read the copy"))?;
    let header = BackupHeader {
        format: FORMAT,
        made_by: format!("Northstar {}", env!("CARGO_PKG_VERSION")),
        made_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        reviews,
        key_file_bytes: key_file.len() as u64,
        database_bytes: database.len() as u64,
        database_sha256: hex::encode(Sha256::digest(&database)),
    };
    let header_json = serde_json::to_vec(&header)?;
    let mut bytes = Vec::with_capacity(MAGIC.len() + 4 + header_json.len() + database.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&(header_json.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&header_json);
    bytes.extend_from_slice(&key_file);
    bytes.extend_from_slice(&database);
    // Made beside the output and renamed into place, so a failure leaves no partial backup.
    let tmp = staging.path().join("backup");
    write_synced(&tmp, &bytes)?;
    rename(&tmp, out)?;
    Ok(header)
}

/// A backup file, read whole and checked.
struct Backup {
    header: BackupHeader,
    key_file: Vec<u8>,
    database: Vec<u8>,
}

fn not_a_backup(file: &Path, why: &str) -> EngineError {
    EngineError::Refused(format!(
        "{} is not a Northstar backup that can be restored ({why}); nothing was changed",
        file.display()
    ))
}

fn read_backup(file: &Path) -> Result<Backup> {
    let mut reader = File::open(file).map_err(EngineError::io(format!(
        "could not open {}",
        file.display()
    )))?;
    let mut magic = [0u8; 17];
    if reader.read_exact(&mut magic).is_err() || &magic != MAGIC {
        return Err(not_a_backup(file, "it does not start as one"));
    }
    let mut len = [0u8; 4];
    reader
        .read_exact(&mut len)
        .map_err(|_| not_a_backup(file, "it is cut short"))?;
    let len = u32::from_le_bytes(len);
    if len > MAX_HEADER {
        return Err(not_a_backup(file, "its header is damaged"));
    }
    let mut header = vec![0u8; len as usize];
    reader
        .read_exact(&mut header)
        .map_err(|_| not_a_backup(file, "it is cut short"))?;
    let header: BackupHeader =
        serde_json::from_slice(&header).map_err(|_| not_a_backup(file, "its header is damaged"))?;
    if header.format != FORMAT {
        return Err(not_a_backup(
            file,
            "it was made by a newer Northstar; update this one first",
        ));
    }
    let mut rest = Vec::new();
    reader
        .read_to_end(&mut rest)
        .map_err(EngineError::io(format!(
            "could not read {}",
            file.display()
        )))?;
    let expected = header
        .key_file_bytes
        .checked_add(header.database_bytes)
        .ok_or_else(|| not_a_backup(file, "its header is damaged"))?;
    if rest.len() as u64 != expected {
        return Err(not_a_backup(file, "it is cut short or has been changed"));
    }
    let database = rest.split_off(header.key_file_bytes as usize);
    if hex::encode(Sha256::digest(&database)) != header.database_sha256 {
        return Err(not_a_backup(
            file,
            "it is damaged: its contents do not match",
        ));
    }
    Ok(Backup {
        header,
        key_file: rest,
        database,
    })
}

/// Only reads a backup's header, to say what it holds.
pub fn inspect(file: &Path) -> Result<BackupHeader> {
    read_backup(file).map(|b| b.header)
}

/// Restores `file` into `data_dir`, checking it opens with `passphrase` first. A folder that
/// already holds a store is refused unless `replace`, and then its store is kept aside.
pub fn restore(
    data_dir: &DataDir,
    file: &Path,
    passphrase: &str,
    replace: bool,
) -> Result<Restored> {
    let backup = read_backup(file)?;
    let dir = data_dir.path();
    let _only_us = Lease::exclusive(dir)?;
    let has_store = [DB, KEY_FILE].iter().any(|name| dir.join(name).exists());
    if has_store && !replace {
        return Err(EngineError::Refused(format!(
            "{} already holds Northstar data. To put the backup in its place, run restore again \
             with --replace: the data there now is kept, still encrypted, in a \
             before-restore folder beside it. Nothing was changed",
            dir.display()
        )));
    }
    // Unpacked and opened in a folder of its own first: a wrong passphrase or a backup that
    // will not open changes nothing.
    let staging = tempfile::Builder::new()
        .prefix(".restoring-")
        .tempdir_in(dir)
        .map_err(EngineError::io(format!(
            "could not write in {}",
            dir.display()
        )))?;
    write_synced(&staging.path().join(KEY_FILE), &backup.key_file)?;
    write_synced(&staging.path().join(DB), &backup.database)?;
    let key = DataKey::unlock(staging.path(), passphrase).map_err(|e| match e {
        EngineError::WrongPassphrase => EngineError::Refused(
            "that passphrase does not open this backup: it needs the passphrase the data had \
             when the backup was made. Nothing was changed"
                .into(),
        ),
        EngineError::KeyFileDamaged(_) => not_a_backup(file, "its key is damaged"),
        other => other,
    })?;
    let reviews = {
        let store = Store::open(staging.path(), &key)?;
        store.count()? as u64
    };
    // The staged store was opened, so it may have WAL files: fold and remove them.
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(staging.path().join(format!("{DB}{suffix}")));
    }
    let kept_aside = if has_store {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let aside = dir.join(format!("before-restore-{stamp}"));
        std::fs::create_dir(&aside).map_err(EngineError::io(format!(
            "could not make {}",
            aside.display()
        )))?;
        for name in [
            DB.to_string(),
            format!("{DB}-wal"),
            format!("{DB}-shm"),
            KEY_FILE.to_string(),
        ] {
            let from = dir.join(&name);
            if from.exists() {
                rename(&from, &aside.join(&name))?;
            }
        }
        Some(aside)
    } else {
        None
    };
    // The key file last: until it is in place, a crash leaves a database with no key file,
    // which the next start names plainly, and the earlier store is whole in its folder.
    rename(&staging.path().join(DB), &dir.join(DB))?;
    rename(&staging.path().join(KEY_FILE), &dir.join(KEY_FILE))?;
    sync_dir(dir);
    Ok(Restored {
        reviews,
        made_at: backup.header.made_at,
        kept_aside,
    })
}

/// Writes a new file readable by this user only (a backup, or a store being restored) and
/// flushes it to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let context = format!("could not write {}", path.display());
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(EngineError::io(context.clone()))?;
    file.write_all(bytes)
        .and_then(|_| file.sync_all())
        .map_err(EngineError::io(context))
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(EngineError::io(format!(
        "could not move {} to {}",
        from.display(),
        to.display()
    )))
}

/// Flushes the folder's entries, so the renames survive a power cut (best effort: not every
/// system lets a folder be opened for this).
fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}
