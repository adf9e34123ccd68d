//! The desktop window (Tauri v2). Commands here are wiring only: each one locks the store,
//! calls one engine method and maps the error to its plain-words message.

use crate::pdf::PdfKind;
use crate::{CaseloadQuery, DataDir, EngineError, Result, Store};
use northstar_schema::{CaseloadEntry, ReviewDocument};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// The store shared by the window's commands.
struct AppState {
    store: Mutex<Store>,
}

impl AppState {
    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> std::result::Result<T, String> {
        let mut store = self
            .store
            .lock()
            .map_err(|_| "Northstar hit an internal error; please restart it.".to_string())?;
        f(&mut store).map_err(|e| e.to_string())
    }
}

#[tauri::command]
fn list_caseload(
    state: tauri::State<'_, AppState>,
    query: Option<CaseloadQuery>,
) -> std::result::Result<Vec<CaseloadEntry>, String> {
    state.with_store(|s| s.list(&query.unwrap_or_default()))
}

#[tauri::command]
fn get_review(
    state: tauri::State<'_, AppState>,
    id: String,
) -> std::result::Result<ReviewDocument, String> {
    state.with_store(|s| s.get(&id))
}

/// Writes a review as a PDF to `path` (the UI picks the path with a save dialog).
#[tauri::command]
fn export_pdf(
    state: tauri::State<'_, AppState>,
    id: String,
    kind: PdfKind,
    path: PathBuf,
) -> std::result::Result<(), String> {
    state.with_store(|s| crate::pdf::export(s, &id, kind, &path))
}

/// How often the background compactor looks for documents with many pending changes.
const COMPACT_EVERY: Duration = Duration::from_secs(60);

/// Compacts in the background with its own connection, so typing never waits for it.
fn spawn_compactor(dir: DataDir) {
    std::thread::spawn(move || loop {
        std::thread::sleep(COMPACT_EVERY);
        if let Ok(mut store) = Store::open(dir.path()) {
            // A failed compaction loses nothing: the changes stay until the next attempt.
            let _ = store.compact_due();
        }
    });
}

/// Opens the store, loads the demo caseload on first run, and shows the window.
pub fn run(dir: DataDir) -> Result<()> {
    let mut store = Store::open(dir.path())?;
    crate::demo::seed_first_run(&mut store)?;
    spawn_compactor(dir);
    tauri::Builder::default()
        .manage(AppState {
            store: Mutex::new(store),
        })
        .invoke_handler(tauri::generate_handler![
            list_caseload,
            get_review,
            export_pdf
        ])
        .run(tauri::generate_context!())
        .map_err(|e| EngineError::Desktop(e.to_string()))
}
