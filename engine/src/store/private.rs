//! The data folder is this user's alone: the folder is made owner-only (0700), and Northstar's
//! files in it too (0600), every time the store opens, whatever the umask was, so another
//! account on a shared school laptop cannot read a child's plan. The database file is made before SQLite
//! opens it, and SQLite gives its `-wal` and `-shm` files the database's own mode.
//!
//! On other systems the folder's default protection (the user's profile) is left as it is.

use crate::{EngineError, Result};
use std::path::Path;

/// Creates `dir` if needed and makes it and Northstar's files in it owner-only; creates the
/// empty database file `db` (inside it) owner-only if it does not exist yet.
pub(crate) fn make_private(dir: &Path, db: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(EngineError::io(format!(
        "could not create the data folder {}",
        dir.display()
    )))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        if !db.exists() {
            std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(db)
                .map_err(EngineError::io(format!(
                    "could not create the database {}",
                    db.display()
                )))?;
        }
        owner_only(dir)?;
    }
    #[cfg(not(unix))]
    let _ = db;
    Ok(())
}

/// Northstar's own files in the data folder. Anything else there is left as it is: the
/// folder's own 0700 already keeps other accounts out of all of it, and a folder someone
/// chose for the data may hold files of theirs whose modes matter (scripts, say).
#[cfg(unix)]
const OWN_FILES: &[&str] = &[
    "northstar.db",
    "northstar.db-wal",
    "northstar.db-shm",
    "northstar.db-journal",
    "northstar.key",
    "northstar.db.encrypting",
    "northstar.db.plain",
    "device-key",
];

#[cfg(unix)]
fn owner_only(dir: &Path) -> Result<()> {
    set_mode(dir, 0o700)?;
    for name in OWN_FILES {
        let path = dir.join(name);
        if path.exists() {
            set_mode(&path, 0o600)?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::symlink_metadata(path).map_err(EngineError::io(format!(
        "could not read {}",
        path.display()
    )))?;
    // A link's target may be anywhere: it is not the data folder's to change.
    if meta.file_type().is_symlink() || meta.permissions().mode() & 0o777 == mode {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(EngineError::io(
        format!(
            "could not make {} readable by this user only",
            path.display()
        ),
    ))
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &std::path::Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn the_folder_and_every_file_in_it_are_the_users_alone() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("data");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        // A key an earlier version left readable by everyone, and someone else's script.
        std::fs::write(dir.join("device-key"), [7u8; 32]).unwrap();
        for (name, mode) in [("device-key", 0o644), ("backup.sh", 0o755)] {
            let path = dir.join(name);
            if !path.exists() {
                std::fs::write(&path, b"x").unwrap();
            }
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        }

        let mut store = crate::Store::open(&dir, &crate::DataKey::for_tests(&dir)).unwrap();
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
        assert_eq!(mode(&dir), 0o700);
        for name in [
            "northstar.db",
            "northstar.db-wal",
            "northstar.db-shm",
            "northstar.key",
        ] {
            assert_eq!(mode(&dir.join(name)), 0o600, "{name}");
        }
        // The device key an earlier version kept beside the data now lives inside it.
        assert!(!dir.join("device-key").exists());
        assert_eq!(mode(&dir.join("backup.sh")), 0o755, "not Northstar's");
    }
}
