use crate::{EngineError, Result};
use std::path::{Path, PathBuf};

/// Where this device keeps its store and device files.
///
/// Resolution order: `--data-dir DIR`, then `NORTHSTAR_DATA_DIR`, then the OS data directory
/// from the `directories` crate (e.g. `~/.local/share/northstar` on Linux).
#[derive(Debug, Clone)]
pub struct DataDir(PathBuf);

impl DataDir {
    /// `flag` is the `--data-dir` value; clap has already folded `NORTHSTAR_DATA_DIR` into it.
    pub fn resolve(flag: Option<PathBuf>) -> Result<DataDir> {
        if let Some(dir) = flag.filter(|d| !d.as_os_str().is_empty()) {
            return Ok(DataDir(dir));
        }
        directories::ProjectDirs::from("org", "Northstar", "northstar")
            .map(|p| DataDir(p.data_dir().to_path_buf()))
            .ok_or(EngineError::NoDataDir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn database(&self) -> PathBuf {
        self.0.join("northstar.db")
    }
}
