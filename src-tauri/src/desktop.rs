//! The desktop window (Tauri v2). Commands here are wiring only: each one locks the
//! [`Workspace`], calls one method and maps the error to its plain-words message.

mod lock;
mod microphone;
mod sync_worker;
mod window_size;

use northstar_engine::pdf::PdfKind;
use northstar_engine::workspace::NewAttachment;
use northstar_engine::{
    Author, CaseloadQuery, DataDir, Edited, EngineError, HistoryEntry, Result, Store, Workspace,
};
use northstar_schema::edit::ReviewEdit;
use northstar_schema::{AttachmentKind, CaseloadEntry, NewChild, ReviewDocument, YoungPersonSpace};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;
use tauri::ipc::{InvokeBody, Request, Response};
use tauri::Manager;

type Answer<T> = std::result::Result<T, String>;

/// The workspace shared by the window's commands.
struct AppState {
    /// `None` until the passphrase has opened the store.
    workspace: Mutex<Option<Workspace>>,
    /// Set while the window is locked: every command but unlocking refuses.
    lock: lock::Lock,
    /// The data key, once the passphrase has given it (kept for the background threads).
    key: Mutex<Option<northstar_engine::DataKey>>,
    /// Started once the store is open.
    sync: std::sync::OnceLock<std::sync::Arc<sync_worker::SyncMonitor>>,
    room: northstar_engine::meeting_room::MeetingRoom,
    dir: DataDir,
}

impl AppState {
    fn with<T>(&self, f: impl FnOnce(&mut Workspace) -> Result<T>) -> Answer<T> {
        if self.lock.is_locked() {
            return Err(sentence(&EngineError::Locked.to_string()));
        }
        let mut workspace = self
            .workspace
            .lock()
            .map_err(|_| "Northstar hit an internal error; please restart it.".to_string())?;
        let workspace = workspace
            .as_mut()
            .ok_or_else(|| sentence(&EngineError::Locked.to_string()))?;
        f(workspace).map_err(|e| sentence(&e.to_string()))
    }

    /// The background sync, once the store is open.
    fn sync(&self) -> Option<&sync_worker::SyncMonitor> {
        self.sync.get().map(|s| &**s)
    }

    fn sync_now(&self) {
        if let Some(sync) = self.sync() {
            sync.sync_now();
        }
    }

    fn set_room(&self, relay: Option<String>) {
        if let Some(sync) = self.sync() {
            sync.set_room(relay);
        }
    }
}

/// Engine messages are lower-case clauses (they also follow "northstar: " on the command
/// line); on screen they stand alone, so they start with a capital and end with a full stop.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return "Something went wrong.".into(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

type State<'a> = tauri::State<'a, AppState>;

#[tauri::command]
fn list_caseload(state: State<'_>, query: Option<CaseloadQuery>) -> Answer<Vec<CaseloadEntry>> {
    state.with(|w| w.store().list(&query.unwrap_or_default()))
}

#[tauri::command]
fn sync_panel(state: State<'_>, id: String) -> Answer<northstar_schema::sync::SyncPanel> {
    let (syncing, last_error) = state.sync().map(|s| s.state(&id)).unwrap_or_default();
    let status = state.with(|w| northstar_engine::sync::status(w.store(), &id))?;
    let invitations = match status.owner {
        true => state.with(|w| northstar_engine::sync::invitations(w.store(), &id))?,
        false => Vec::new(),
    };
    Ok(northstar_schema::sync::SyncPanel {
        status,
        syncing,
        last_error: last_error.map(|e| sentence(&e)),
        room: state.room.address(),
        invitations,
    })
}

/// Cancels an unused invitation the owner made (by the handle the panel lists).
#[tauri::command]
fn cancel_invitation(state: State<'_>, id: String, invitation: String) -> Answer<()> {
    state.with(|w| northstar_engine::sync::cancel_invitation(w.store(), &id, &invitation))
}

/// Removes a member (by the handle the members list shows); the sync started here moves the
/// review to a new key.
#[tauri::command]
fn remove_member(state: State<'_>, id: String, member: String) -> Answer<String> {
    let name = state.with(|w| northstar_engine::sync::remove_member(w.store(), &id, &member))?;
    state.sync_now();
    Ok(name)
}

#[tauri::command]
fn sync_now(state: State<'_>) {
    state.sync_now();
}

#[tauri::command]
fn share_review(state: State<'_>, id: String, relay: String) -> Answer<()> {
    state.with(|w| {
        let author = w.author().clone();
        northstar_engine::sync::share(w.store(), &id, relay.trim(), author.role, &author.name)
    })?;
    state.sync_now();
    Ok(())
}

#[tauri::command]
fn settle_conflict(
    state: State<'_>,
    id: String,
    path: Vec<northstar_schema::sync::ConflictStep>,
    shown: String,
) -> Answer<Edited> {
    let edited = state.with(|w| w.settle_conflict(&id, &path, &shown))?;
    // The choice should reach the others' copies without waiting for the next tick.
    state.sync_now();
    Ok(edited)
}

/// While a meeting room is open, invitations join through it (and the usual relay after).
#[tauri::command]
fn invite(
    state: State<'_>,
    id: String,
    role: northstar_schema::Role,
) -> Answer<northstar_schema::sync::InvitationCodes> {
    state.with(|w| state.room.invite(w.store(), &id, role))
}

/// Opens the meeting room on this laptop; answers the address others in the room use.
#[tauri::command]
fn open_meeting_room(state: State<'_>) -> Answer<String> {
    let opened = state.with(|w| state.room.open(state.dir.path(), w.store()))?;
    state.set_room(Some(opened.loopback));
    state.sync_now();
    Ok(opened.address)
}

#[tauri::command]
fn close_meeting_room(state: State<'_>) -> Answer<()> {
    let relay = state.with(|w| state.room.close(w.store()))?;
    state.set_room(None);
    if let Some(relay) = relay {
        relay.stop();
    }
    Ok(())
}

#[tauri::command]
fn get_review(state: State<'_>, id: String) -> Answer<Edited> {
    state.with(|w| w.review(&id))
}

/// Whether the review changed underneath the window (a sync brought in others' edits).
#[tauri::command]
fn review_changes(
    state: State<'_>,
    id: String,
) -> Answer<northstar_schema::session::ChangesElsewhere> {
    state.with(|w| w.changes_elsewhere(&id))
}

#[tauri::command]
fn apply_edit(state: State<'_>, id: String, edit: ReviewEdit) -> Answer<Edited> {
    state.with(|w| w.edit(&id, &edit))
}

#[tauri::command]
fn undo(state: State<'_>, id: String) -> Answer<Edited> {
    state.with(|w| w.undo(&id))
}

#[tauri::command]
fn redo(state: State<'_>, id: String) -> Answer<Edited> {
    state.with(|w| w.redo(&id))
}

#[tauri::command]
fn join_review(state: State<'_>, code: String, name: String) -> Answer<String> {
    let id = state.with(|w| northstar_engine::sync::join_by_code(w.store(), &code, &name))?;
    state.sync_now();
    Ok(id)
}

#[tauri::command]
fn create_child(state: State<'_>, child: NewChild) -> Answer<String> {
    state.with(|w| w.create_child(child))
}

#[tauri::command]
fn history(state: State<'_>, id: String) -> Answer<Vec<HistoryEntry>> {
    state.with(|w| w.store().history(&id))
}

#[tauri::command]
fn version_at(state: State<'_>, id: String, hash: String) -> Answer<ReviewDocument> {
    state.with(|w| w.store().version_at(&id, &hash))
}

#[tauri::command]
fn get_author(state: State<'_>) -> Answer<Author> {
    state.with(|w| Ok(w.author().clone()))
}

#[tauri::command]
fn set_author(state: State<'_>, author: Author) -> Answer<Author> {
    state.with(|w| w.set_author(author))
}

#[tauri::command]
fn young_person_space(state: State<'_>, id: String) -> Answer<YoungPersonSpace> {
    state.with(|w| w.young_person_space(&id))
}

#[tauri::command]
fn edit_young_person_space(
    state: State<'_>,
    id: String,
    edit: ReviewEdit,
) -> Answer<YoungPersonSpace> {
    state.with(|w| w.edit_young_person_space(&id, &edit))
}

/// Attaches a file sent as the raw request body; what it is travels in headers, so a photo
/// is not inflated into a JSON array of numbers.
#[tauri::command]
fn attach(state: State<'_>, request: Request<'_>) -> Answer<YoungPersonSpace> {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .ok_or_else(|| format!("The attachment arrived without its {name}."))
    };
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err("The attachment arrived without its file.".into());
    };
    let kind = match header("x-kind")?.as_str() {
        "photo" => AttachmentKind::Photo,
        "voice-note" => AttachmentKind::VoiceNote,
        "document" => AttachmentKind::Document,
        _ => AttachmentKind::Drawing,
    };
    let attachment = NewAttachment {
        contribution_id: header("x-contribution")?,
        kind,
        media_type: header("x-media-type")?,
        caption: None,
    };
    let id = header("x-review")?;
    state.with(|w| w.attach(&id, attachment, bytes))
}

/// The bytes of an attachment, as an ArrayBuffer on the other side.
#[tauri::command]
fn blob(state: State<'_>, sha256: String) -> Answer<Response> {
    state.with(|w| {
        let (bytes, _) = w.store().blob(&sha256)?.ok_or_else(|| {
            EngineError::Refused("that attachment is not on this computer".into())
        })?;
        Ok(Response::new(bytes))
    })
}

/// Writes a review as a PDF to `path`.
#[tauri::command]
fn export_pdf(
    state: State<'_>,
    id: String,
    kind: PdfKind,
    print: Option<northstar_engine::pdf::Print>,
    language: Option<northstar_schema::Language>,
    path: PathBuf,
) -> Answer<Option<String>> {
    let version = northstar_engine::pdf::Version::of(print, language);
    state.with(|w| {
        northstar_engine::pdf::export(w.store(), &id, kind, version, &path).map(|e| e.warning())
    })
}

/// Writes the review report and an email draft for each person it goes to.
#[tauri::command]
fn report_pack(
    state: State<'_>,
    id: String,
    review_id: String,
    path: PathBuf,
) -> Answer<northstar_engine::year::ReportPack> {
    state.with(|w| {
        let from = w.author().name.clone();
        northstar_engine::year::write_report_pack(w.store(), &id, &review_id, &path, &from)
    })
}

/// Where a file called `name` is saved without asking, when the app was started with a
/// folder for saves (`NORTHSTAR_SAVE_DIR`); `None` means ask with the save dialog.
#[tauri::command]
fn preset_save_path(name: String) -> Option<String> {
    let dir = std::env::var_os("NORTHSTAR_SAVE_DIR")?;
    // Only the file name: a suggested name never chooses the folder.
    let file = std::path::Path::new(&name).file_name()?;
    Some(PathBuf::from(dir).join(file).to_string_lossy().into_owned())
}

/// Erases a child from this device (and the relay, for the review's owner); `confirm` is the
/// child's name as typed by the person.
#[tauri::command]
fn erase_child(
    state: State<'_>,
    id: String,
    confirm: String,
    this_device_only: bool,
) -> Answer<northstar_engine::Erased> {
    state.with(|w| w.erase_child(&id, &confirm, this_device_only))
}

/// Moves a child's plan out of the working caseload, read-only.
#[tauri::command]
fn archive_child(
    state: State<'_>,
    id: String,
    reason: northstar_schema::ArchiveReason,
) -> Answer<northstar_schema::Archived> {
    state.with(|w| w.archive(&id, reason))
}

/// Puts an archived plan back in the working caseload.
#[tauri::command]
fn unarchive_child(state: State<'_>, id: String) -> Answer<()> {
    state.with(|w| w.unarchive(&id))
}

/// Whether a plan is archived, and until when it is kept.
#[tauri::command]
fn archive_state(state: State<'_>, id: String) -> Answer<Option<northstar_schema::Archived>> {
    state.with(|w| w.store().archived(&id))
}

/// Saves everything held about a child into the new folder `path`; answers how many files.
#[tauri::command]
fn subject_access(state: State<'_>, id: String, path: String) -> Answer<usize> {
    state.with(|w| {
        let by = w.author().name.clone();
        northstar_engine::subject_access::export(w.store(), &id, std::path::Path::new(&path), &by)
            .map(|pack| pack.files.len())
    })
}

/// A child's disclosure record.
#[tauri::command]
fn disclosures(
    state: State<'_>,
    id: String,
) -> Answer<Vec<northstar_engine::disclosures::Disclosure>> {
    state.with(|w| northstar_engine::disclosures::list(w.store(), &id))
}

/// Adds something sent outside Northstar to a child's disclosure record.
#[tauri::command]
fn record_disclosure(
    state: State<'_>,
    id: String,
    to: String,
    what: String,
    basis: String,
) -> Answer<northstar_engine::disclosures::Disclosure> {
    state.with(|w| {
        let by = w.author().name.clone();
        northstar_engine::disclosures::record_by_hand(w.store(), &id, &to, &what, &basis, &by)
    })
}

/// The anonymised aspirations report over every plan held, as of today.
#[tauri::command]
fn aspirations_report(
    state: State<'_>,
) -> Answer<northstar_schema::aspirations_report::AspirationsReport> {
    state.with(|w| northstar_engine::reports::aspirations(w.store(), northstar_engine::today()))
}

/// Writes the aspirations report, with its charts, as a PDF to `path`.
#[tauri::command]
fn save_aspirations_report_pdf(state: State<'_>, path: PathBuf) -> Answer<()> {
    state.with(|w| {
        let format = northstar_engine::reports::Format::Pdf;
        northstar_engine::reports::write_aspirations(
            w.store(),
            northstar_engine::today(),
            &path,
            format,
        )
        .map(drop)
    })
}

/// Erases a review's history, keeping it as it reads now; `confirm` is the child's name.
#[tauri::command]
fn erase_history(state: State<'_>, id: String, confirm: String) -> Answer<Edited> {
    state.with(|w| w.erase_history(&id, &confirm))
}

/// When this process started, for the start-up figure the caseload reports.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Milliseconds since the process started (the benchmark's cold-start figure).
#[tauri::command]
fn uptime_ms() -> f64 {
    STARTED
        .get()
        .map(|t| t.elapsed().as_secs_f64() * 1000.0)
        .unwrap_or_default()
}

/// The pages a PDF export would have, as SVG, for the preview before saving.
#[tauri::command]
fn preview_pdf(
    state: State<'_>,
    id: String,
    kind: PdfKind,
    print: Option<northstar_engine::pdf::Print>,
    language: Option<northstar_schema::Language>,
) -> Answer<Vec<String>> {
    let version = northstar_engine::pdf::Version::of(print, language);
    state.with(|w| northstar_engine::pdf::preview_stored(w.store(), &id, kind, version))
}

/// How often the background compactor looks for documents with many pending changes.
const COMPACT_EVERY: Duration = Duration::from_secs(60);

/// Compacts in the background with its own connection, so typing never waits for it.
fn spawn_compactor(dir: DataDir, key: northstar_engine::DataKey) {
    std::thread::spawn(move || loop {
        std::thread::sleep(COMPACT_EVERY);
        if let Ok(mut store) = Store::open(dir.path(), &key) {
            // A failed compaction loses nothing: the changes stay until the next attempt.
            let _ = store.compact_due();
        }
    });
}

/// Opens the store with `key` (encrypting an old plain one first), loads the demo caseload
/// on first run, and starts the background sync and compaction.
fn open_data(state: &AppState, key: northstar_engine::DataKey) -> Result<()> {
    let mut workspace = state
        .workspace
        .lock()
        .map_err(|_| EngineError::Desktop("the workspace lock was poisoned".into()))?;
    if workspace.is_some() {
        return Ok(());
    }
    let mut store = Store::open(state.dir.path(), &key)?;
    northstar_engine::demo::seed_first_run(&mut store)?;
    // A meeting room left open when the app last stopped is closed now.
    northstar_engine::sync::close_rooms_here(&store)?;
    *workspace = Some(Workspace::new(store)?);
    let _ = state
        .sync
        .set(sync_worker::spawn(state.dir.clone(), key.clone()));
    spawn_compactor(state.dir.clone(), key.clone());
    if let Ok(mut held) = state.key.lock() {
        *held = Some(key);
    }
    Ok(())
}

/// The key the secret store remembers for `dir`, when `dir` holds an encrypted store.
fn remembered_key(dir: &DataDir) -> Option<northstar_engine::DataKey> {
    match northstar_engine::DataKey::state(dir.path()) {
        Ok(northstar_schema::session::LockState::Locked) => {
            northstar_engine::os_keyring::recall(dir.path())
        }
        _ => None,
    }
}

/// Shows the window. The data opens at once when `NORTHSTAR_PASSPHRASE` is set (scripts and
/// tests); otherwise the window's lock screen asks for the passphrase first.
pub fn run(dir: DataDir) -> Result<()> {
    STARTED.get_or_init(std::time::Instant::now);
    // Held for as long as the window is open, so `northstar restore` refuses to swap the
    // store underneath it.
    let _lease = northstar_engine::backup::Lease::shared(dir.path())?;
    let state = AppState {
        workspace: Mutex::new(None),
        lock: Default::default(),
        key: Mutex::new(None),
        sync: Default::default(),
        room: Default::default(),
        dir: dir.clone(),
    };
    if let Some(key) = northstar_engine::DataKey::from_environment(dir.path()) {
        open_data(&state, key?)?;
    } else if let Some(key) = remembered_key(&dir) {
        // The operating system's secret store had it: no passphrase to type at start.
        if let Err(e) = open_data(&state, key) {
            if matches!(e, EngineError::KeyDoesNotFit(_)) {
                northstar_engine::os_keyring::forget(dir.path());
            }
        }
    }
    let sizes = window_size::SizeFile::new(dir.path());
    let restore = sizes.clone();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(move |app| {
            if let Some(window) = app.get_webview_window("main") {
                restore.restore(&window);
                microphone::allow(&window);
            }
            Ok(())
        })
        .on_window_event(move |window, event| sizes.track(window, event))
        .invoke_handler(tauri::generate_handler![
            list_caseload,
            get_review,
            review_changes,
            apply_edit,
            undo,
            redo,
            create_child,
            history,
            version_at,
            get_author,
            set_author,
            young_person_space,
            edit_young_person_space,
            attach,
            blob,
            export_pdf,
            preview_pdf,
            report_pack,
            preset_save_path,
            uptime_ms,
            sync_panel,
            sync_now,
            share_review,
            settle_conflict,
            join_review,
            invite,
            cancel_invitation,
            remove_member,
            open_meeting_room,
            close_meeting_room,
            erase_child,
            erase_history,
            aspirations_report,
            save_aspirations_report_pdf,
            subject_access,
            disclosures,
            record_disclosure,
            archive_child,
            unarchive_child,
            archive_state,
            lock::lock_state,
            lock::lock,
            lock::unlock,
            lock::set_lock_after,
            lock::change_passphrase
        ])
        .run(tauri::generate_context!())
        .map_err(|e| EngineError::Desktop(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::sentence;

    #[test]
    fn engine_messages_read_as_sentences() {
        assert_eq!(
            sentence("there is nothing to undo"),
            "There is nothing to undo."
        );
        assert_eq!(sentence("Already fine."), "Already fine.");
        assert_eq!(sentence(""), "Something went wrong.");
    }
}
