//! Remembers the window's size between runs, in `window.json` in the data folder.
//!
//! Kept beside the data rather than in the system's config folder, so a `--data-dir` (or a
//! test's temporary folder) carries its own window and leaves the person's own untouched.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tauri::{LogicalSize, Runtime, WebviewWindow, Window, WindowEvent};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Saved {
    width: f64,
    height: f64,
    maximized: bool,
}

impl Saved {
    /// A size a window can sensibly open at; a damaged file must not open a 1-pixel window.
    fn is_sane(&self) -> bool {
        (640.0..=16384.0).contains(&self.width) && (480.0..=16384.0).contains(&self.height)
    }
}

/// Where the window's size is kept.
#[derive(Debug, Clone)]
pub struct SizeFile {
    path: PathBuf,
}

impl SizeFile {
    pub fn new(data_dir: &Path) -> SizeFile {
        SizeFile {
            path: data_dir.join("window.json"),
        }
    }

    fn load(&self) -> Option<Saved> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        serde_json::from_str::<Saved>(&text)
            .ok()
            .filter(Saved::is_sane)
    }

    /// Sizes the window as it was last time, if that is known.
    pub fn restore<R: Runtime>(&self, window: &WebviewWindow<R>) {
        let Some(saved) = self.load() else { return };
        let _ = window.set_size(LogicalSize::new(saved.width, saved.height));
        if saved.maximized {
            let _ = window.maximize();
        }
    }

    /// Saves the size whenever it changes, and once more as the window closes.
    pub fn track<R: Runtime>(&self, window: &Window<R>, event: &WindowEvent) {
        if matches!(
            event,
            WindowEvent::Resized(_) | WindowEvent::CloseRequested { .. }
        ) {
            self.save(window);
        }
    }

    fn save<R: Runtime>(&self, window: &Window<R>) {
        let (Ok(size), Ok(scale)) = (window.inner_size(), window.scale_factor()) else {
            return;
        };
        let maximized = window.is_maximized().unwrap_or(false);
        let logical = size.to_logical::<f64>(scale);
        // While maximised, keep the normal size to come back to.
        let saved = match (maximized, self.load()) {
            (true, Some(previous)) => Saved {
                maximized,
                ..previous
            },
            _ => Saved {
                width: logical.width,
                height: logical.height,
                maximized,
            },
        };
        if !saved.is_sane() {
            return;
        }
        if let Ok(json) = serde_json::to_vec(&saved) {
            // Losing a window size is harmless; never let it disturb the app.
            let _ = northstar_engine::cli::write_atomically(&self.path, &json);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_or_absurd_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let file = SizeFile::new(dir.path());
        assert_eq!(file.load(), None);
        std::fs::write(dir.path().join("window.json"), b"{not json").unwrap();
        assert_eq!(file.load(), None);
        std::fs::write(
            dir.path().join("window.json"),
            br#"{"width":1,"height":1,"maximized":false}"#,
        )
        .unwrap();
        assert_eq!(file.load(), None);
        std::fs::write(
            dir.path().join("window.json"),
            br#"{"width":1000,"height":700,"maximized":true}"#,
        )
        .unwrap();
        assert_eq!(
            file.load(),
            Some(Saved {
                width: 1000.0,
                height: 700.0,
                maximized: true
            })
        );
    }
}
