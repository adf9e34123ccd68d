//! Encrypting a store that an earlier version left in the clear, in place, so that a crash at
//! any moment loses nothing and the next start carries on.
//!
//! The steps, each of which leaves the folder in a state the next start recognises:
//! 1. The plain store is switched out of WAL mode, which folds its write-ahead log into the
//!    one file (SQLite does this atomically).
//! 2. `sqlcipher_export` copies it into `northstar.db.encrypting` under the data key, which
//!    is then flushed to disk. A crash here leaves a partial copy, which the next start
//!    deletes and makes again: the plain store is untouched until the copy is whole.
//! 3. The plain store is renamed `northstar.db.plain` and the copy renamed into its place.
//!    Each rename is atomic and the folder is flushed after it; a crash between the two
//!    leaves a whole copy and a whole original, and the next start finishes the swap.
//! 4. The plain file is overwritten with zeros, flushed and removed, so its pages do not
//!    linger in the folder. (On an SSD the drive may keep old blocks; whole-disk encryption
//!    is what covers that, and councils' laptops have it.)

use super::keys::DataKey;
use crate::{EngineError, Result};
use rusqlite::Connection;
use std::path::Path;

pub(crate) const DB: &str = "northstar.db";
pub(crate) const ENCRYPTING: &str = "northstar.db.encrypting";
pub(crate) const PLAIN_OLD: &str = "northstar.db.plain";

/// Whether `db` is a SQLite file in the clear (its header names the format; an encrypted
/// file's first bytes are random).
pub(crate) fn is_plain(db: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    std::fs::File::open(db)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok_and(|_| &header == b"SQLite format 3\0")
}

/// Brings `dir` to an encrypted store, finishing an interrupted run first. Does nothing for a
/// store that is already encrypted, or a new one.
pub(crate) fn encrypt_in_place(dir: &Path, key: &DataKey) -> Result<()> {
    let db = dir.join(DB);
    let copy = dir.join(ENCRYPTING);
    let old = dir.join(PLAIN_OLD);
    // The store opens by making an empty `northstar.db` when there is none, so an empty one
    // counts as absent here.
    let absent = |db: &Path| std::fs::metadata(db).map_or(true, |m| m.len() == 0);
    if absent(&db) && old.exists() {
        if copy.exists() {
            // Stopped between the two renames of step 3: the copy is whole (it was flushed
            // before the first rename).
            rename(&copy, &db)?;
        } else {
            // Cannot happen by these steps; if it does, the original is put back whole.
            rename(&old, &db)?;
        }
    }
    if old.exists() && !absent(&db) && !is_plain(&db) {
        wipe(&old)?;
    }
    if !is_plain(&db) {
        return Ok(());
    }
    for partial in [copy.clone(), dir.join(format!("{ENCRYPTING}-journal"))] {
        if partial.exists() {
            std::fs::remove_file(&partial).map_err(EngineError::io(format!(
                "could not remove the unfinished copy {}",
                partial.display()
            )))?;
        }
    }
    {
        let conn = Connection::open(&db)?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let literal = key.sql_literal();
        let keyed = super::KEYING.lock().unwrap_or_else(|e| e.into_inner());
        conn.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![copy.to_string_lossy(), literal.as_str()],
        )?;
        drop(keyed);
        conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        conn.pragma_update(Some("encrypted"), "user_version", version)?;
        conn.execute("DETACH DATABASE encrypted", [])?;
    }
    flush(&copy)?;
    stop_here_in_tests("copied");
    rename(&db, &old)?;
    stop_here_in_tests("set-aside");
    rename(&copy, &db)?;
    stop_here_in_tests("swapped");
    wipe(&old)
}

/// Test builds stop dead at the step `NORTHSTAR_TEST_STOP_AT` names, as a crash there would:
/// random kills seldom land in the moments between two renames. Release builds have no hook.
fn stop_here_in_tests(step: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("NORTHSTAR_TEST_STOP_AT").is_ok_and(|s| s == step) {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = step;
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(EngineError::io(format!(
        "could not rename {} to {}",
        from.display(),
        to.display()
    )))?;
    sync_folder(to.parent().unwrap_or(Path::new(".")))
}

fn flush(path: &Path) -> Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(EngineError::io(format!(
            "could not flush {}",
            path.display()
        )))
}

/// Flushes a folder, so the renames in it survive a power cut.
pub(crate) fn sync_folder(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(EngineError::io(format!(
            "could not flush {}",
            dir.display()
        )))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Overwrites a file with zeros, flushes it and removes it.
pub(crate) fn wipe(path: &Path) -> Result<()> {
    use std::io::{Seek, Write};
    let context = format!("could not wipe {}", path.display());
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(EngineError::io(context.clone()))?;
    let len = file
        .metadata()
        .map_err(EngineError::io(context.clone()))?
        .len();
    let zeros = vec![0u8; 1 << 16];
    let mut left = len;
    file.seek(std::io::SeekFrom::Start(0))
        .map_err(EngineError::io(context.clone()))?;
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        file.write_all(&zeros[..n])
            .map_err(EngineError::io(context.clone()))?;
        left -= n as u64;
    }
    file.sync_all().map_err(EngineError::io(context.clone()))?;
    drop(file);
    std::fs::remove_file(path).map_err(EngineError::io(context))?;
    sync_folder(path.parent().unwrap_or(Path::new(".")))
}
