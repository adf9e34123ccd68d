//! Calls into the engine through Tauri's `invoke`. One function per engine command; each
//! returns the engine's plain-words message as the error.

use northstar_schema::edit::ReviewEdit;
pub use northstar_schema::session::{Author, Edited, HistoryEntry};
use northstar_schema::{
    ArchiveReason, Archived, CaseloadEntry, CaseloadOrder, Language, NewChild, Phase,
    ReviewDocument, ReviewStatus, YoungPersonSpace,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn invoke_with_options(
        cmd: &str,
        args: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue>;
}

/// The caseload filters, as the engine's `CaseloadQuery` expects them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CaseloadQuery {
    pub search: Option<String>,
    pub setting: Option<String>,
    pub phase: Option<Phase>,
    pub status: Option<ReviewStatus>,
    pub order: CaseloadOrder,
    /// The archive instead of the working caseload.
    pub archived: bool,
}

/// Turns whatever the engine or the bridge threw into a sentence for the person.
fn plain_error(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| {
        "Northstar could not reach its local store. Please restart the app.".into()
    })
}

async fn call<A: Serialize, T: DeserializeOwned>(cmd: &str, args: &A) -> Result<T, String> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args.serialize(&serializer).map_err(|e| e.to_string())?;
    let value = invoke(cmd, args).await.map_err(plain_error)?;
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| format!("Northstar's engine answered in an unexpected shape ({e})."))
}

/// Commands without arguments still take an object, never `null`.
#[derive(Serialize)]
struct NoArgs {}

#[derive(Serialize)]
struct Id<'a> {
    id: &'a str,
}

pub async fn list_caseload(query: &CaseloadQuery) -> Result<Vec<CaseloadEntry>, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        query: &'a CaseloadQuery,
    }
    call("list_caseload", &Args { query }).await
}

pub async fn get_review(id: &str) -> Result<Edited, String> {
    call("get_review", &Id { id }).await
}

/// Whether the review changed underneath the window since it was loaded, and whose changes.
pub async fn review_changes(
    id: &str,
) -> Result<northstar_schema::session::ChangesElsewhere, String> {
    call("review_changes", &Id { id }).await
}

pub async fn apply_edit(id: &str, edit: &ReviewEdit) -> Result<Edited, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        edit: &'a ReviewEdit,
    }
    call("apply_edit", &Args { id, edit }).await
}

pub async fn undo(id: &str) -> Result<Edited, String> {
    call("undo", &Id { id }).await
}

pub async fn redo(id: &str) -> Result<Edited, String> {
    call("redo", &Id { id }).await
}

pub async fn create_child(child: &NewChild) -> Result<String, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        child: &'a NewChild,
    }
    call("create_child", &Args { child }).await
}

pub async fn history(id: &str) -> Result<Vec<HistoryEntry>, String> {
    call("history", &Id { id }).await
}

pub async fn version_at(id: &str, hash: &str) -> Result<ReviewDocument, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        hash: &'a str,
    }
    call("version_at", &Args { id, hash }).await
}

pub async fn get_author() -> Result<Author, String> {
    call("get_author", &NoArgs {}).await
}

pub async fn set_author(author: &Author) -> Result<Author, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        author: &'a Author,
    }
    call("set_author", &Args { author }).await
}

pub async fn young_person_space(id: &str) -> Result<YoungPersonSpace, String> {
    call("young_person_space", &Id { id }).await
}

pub async fn edit_young_person_space(
    id: &str,
    edit: &ReviewEdit,
) -> Result<YoungPersonSpace, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        edit: &'a ReviewEdit,
    }
    call("edit_young_person_space", &Args { id, edit }).await
}

/// Sends a file's bytes as the raw request body, with what it is in headers.
pub async fn attach(
    review_id: &str,
    contribution_id: &str,
    kind: &str,
    media_type: &str,
    bytes: &js_sys::Uint8Array,
) -> Result<YoungPersonSpace, String> {
    let headers = js_sys::Object::new();
    for (name, value) in [
        ("x-review", review_id),
        ("x-contribution", contribution_id),
        ("x-kind", kind),
        ("x-media-type", media_type),
    ] {
        js_sys::Reflect::set(&headers, &name.into(), &value.into()).map_err(plain_error)?;
    }
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"headers".into(), &headers).map_err(plain_error)?;
    let value = invoke_with_options("attach", bytes.into(), options.into())
        .await
        .map_err(plain_error)?;
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| format!("Northstar's engine answered in an unexpected shape ({e})."))
}

/// The bytes of an attachment (an ArrayBuffer from the engine).
pub async fn blob(sha256: &str) -> Result<js_sys::Uint8Array, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        sha256: &'a str,
    }
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = Args { sha256 }
        .serialize(&serializer)
        .map_err(|e| e.to_string())?;
    let value = invoke("blob", args).await.map_err(plain_error)?;
    Ok(js_sys::Uint8Array::new(&value))
}

/// Writes a PDF of the review to `path`; `Ok(Some(warning))` when some words could not be
/// printed in it. `print` is "standard" or "large"; `language` the family's language for
/// the documents made in it (`None`: English).
pub async fn export_pdf(
    id: &str,
    kind: &str,
    print: &str,
    language: Option<Language>,
    path: &str,
) -> Result<Option<String>, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        kind: &'a str,
        print: &'a str,
        language: Option<Language>,
        path: &'a str,
    }
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = Args {
        id,
        kind,
        print,
        language,
        path,
    }
    .serialize(&serializer)
    .map_err(|e| e.to_string())?;
    let value = invoke("export_pdf", args).await.map_err(plain_error)?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// What the engine wrote for "Send the report": the PDF, an email draft per person, and the
/// covering letters as text.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct ReportPack {
    pub pdf: String,
    pub drafts: Vec<String>,
    pub letters: Vec<northstar_schema::letters::Letter>,
}

/// Writes the review report to `path` and an email draft for each recipient beside it.
pub async fn report_pack(id: &str, review_id: &str, path: &str) -> Result<ReportPack, String> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Args<'a> {
        id: &'a str,
        review_id: &'a str,
        path: &'a str,
    }
    call(
        "report_pack",
        &Args {
            id,
            review_id,
            path,
        },
    )
    .await
}

/// Asks where to save a file with the system's save dialog; `None` if the person cancels.
/// Where the app was started with a folder for saves (`NORTHSTAR_SAVE_DIR`, for unattended
/// runs), the file goes there without asking.
pub async fn choose_save_path(suggested_name: &str) -> Result<Option<String>, String> {
    save_dialog(suggested_name, Some(("PDF document", "pdf"))).await
}

/// The save dialog (or the preset folder for saves), offering `filter`'s kind of file if
/// given.
async fn save_dialog(
    suggested_name: &str,
    filter: Option<(&str, &str)>,
) -> Result<Option<String>, String> {
    #[derive(Serialize)]
    struct Name<'a> {
        name: &'a str,
    }
    if let Some(path) = call::<_, Option<String>>(
        "preset_save_path",
        &Name {
            name: suggested_name,
        },
    )
    .await?
    {
        return Ok(Some(path));
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Filter<'a> {
        name: &'a str,
        extensions: [&'a str; 1],
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Options<'a> {
        default_path: &'a str,
        filters: Vec<Filter<'a>>,
    }
    #[derive(Serialize)]
    struct Args<'a> {
        options: Options<'a>,
    }
    let args = Args {
        options: Options {
            default_path: suggested_name,
            filters: filter
                .map(|(name, ext)| Filter {
                    name,
                    extensions: [ext],
                })
                .into_iter()
                .collect(),
        },
    };
    call("plugin:dialog|save", &args).await
}

/// Milliseconds since the app's process started.
pub async fn uptime_ms() -> Result<f64, String> {
    call("uptime_ms", &NoArgs {}).await
}

/// The pages a PDF export would have, each as an SVG document.
pub async fn preview_pdf(
    id: &str,
    kind: &str,
    print: &str,
    language: Option<Language>,
) -> Result<Vec<String>, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        kind: &'a str,
        print: &'a str,
        language: Option<Language>,
    }
    call(
        "preview_pdf",
        &Args {
            id,
            kind,
            print,
            language,
        },
    )
    .await
}

/// A review's sync state: shared or not, members, unsent changes, refusals, a sync under way.
pub async fn sync_panel(id: &str) -> Result<northstar_schema::sync::SyncPanel, String> {
    call("sync_panel", &Id { id }).await
}

/// Keeps the value `shown` of the field at `path` that two people changed at the same time.
pub async fn settle_conflict(
    id: &str,
    path: &[northstar_schema::sync::ConflictStep],
    shown: &str,
) -> Result<Edited, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        path: &'a [northstar_schema::sync::ConflictStep],
        shown: &'a str,
    }
    call("settle_conflict", &Args { id, path, shown }).await
}

/// Joins the shared review an invitation code is for, as `name`; returns its id.
pub async fn join_review(code: &str, name: &str) -> Result<String, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        code: &'a str,
        name: &'a str,
    }
    call("join_review", &Args { code, name }).await
}

/// Asks the background sync to run now.
pub async fn sync_now() -> Result<(), String> {
    call("sync_now", &NoArgs {}).await
}

/// Shares a review through the relay at `relay`, with this device as its owner.
pub async fn share_review(id: &str, relay: &str) -> Result<(), String> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        relay: &'a str,
    }
    call("share_review", &Args { id, relay }).await
}

/// A new invitation code for one person in `role`.
pub async fn invite(
    id: &str,
    role: northstar_schema::Role,
) -> Result<northstar_schema::sync::InvitationCodes, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        role: northstar_schema::Role,
    }
    call("invite", &Args { id, role }).await
}

/// Cancels the unused invitation `invitation` (its handle in the panel) to review `id`.
pub async fn cancel_invitation(id: &str, invitation: &str) -> Result<(), String> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        invitation: &'a str,
    }
    call("cancel_invitation", &Args { id, invitation }).await
}

/// Removes the member `member` (its handle in the members list) from review `id`; answers
/// their name.
pub async fn remove_member(id: &str, member: &str) -> Result<String, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        member: &'a str,
    }
    call("remove_member", &Args { id, member }).await
}

/// Opens the meeting room on this laptop; answers the address others in the room use.
pub async fn open_meeting_room() -> Result<String, String> {
    call("open_meeting_room", &NoArgs {}).await
}

/// Closes the meeting room on this laptop.
pub async fn close_meeting_room() -> Result<(), String> {
    call("close_meeting_room", &NoArgs {}).await
}

/// Whether the data is open, and what the lock screen should ask for if not.
pub async fn lock_state() -> Result<northstar_schema::session::LockView, String> {
    call("lock_state", &NoArgs {}).await
}

/// Locks the window now.
pub async fn lock() -> Result<(), String> {
    call("lock", &NoArgs {}).await
}

/// Opens the data (or the locked window) with `passphrase`; `confirm` when one is chosen.
pub async fn unlock(
    passphrase: &str,
    confirm: Option<&str>,
) -> Result<northstar_schema::session::LockView, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        passphrase: &'a str,
        confirm: Option<&'a str>,
    }
    call(
        "unlock",
        &Args {
            passphrase,
            confirm,
        },
    )
    .await
}

/// Chooses how many idle minutes before the window locks.
pub async fn set_lock_after(minutes: u32) -> Result<u32, String> {
    #[derive(Serialize)]
    struct Args {
        minutes: u32,
    }
    call("set_lock_after", &Args { minutes }).await
}

/// Erases a child from this computer (and the relay, for the owner); `confirm` is their name.
pub async fn erase_child(id: &str, confirm: &str, this_device_only: bool) -> Result<(), String> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Args<'a> {
        id: &'a str,
        confirm: &'a str,
        this_device_only: bool,
    }
    let _: serde_json::Value = call(
        "erase_child",
        &Args {
            id,
            confirm,
            this_device_only,
        },
    )
    .await?;
    Ok(())
}

/// Moves a child's plan out of the working caseload, read-only.
pub async fn archive_child(id: &str, reason: ArchiveReason) -> Result<Archived, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        reason: ArchiveReason,
    }
    call("archive_child", &Args { id, reason }).await
}

/// Puts an archived plan back in the working caseload.
pub async fn unarchive_child(id: &str) -> Result<(), String> {
    call("unarchive_child", &Id { id }).await
}

/// Whether a child's plan is archived, and until when it is kept.
pub async fn archive_state(id: &str) -> Result<Option<Archived>, String> {
    call("archive_state", &Id { id }).await
}

/// Asks for a new folder's name and place with the save dialog; `None` if cancelled.
pub async fn choose_folder_path(suggested_name: &str) -> Result<Option<String>, String> {
    save_dialog(suggested_name, None).await
}

/// Saves everything held about a child into the new folder `path`; how many files.
pub async fn subject_access(id: &str, path: &str) -> Result<usize, String> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        path: &'a str,
    }
    call("subject_access", &Args { id, path }).await
}

/// A child's disclosure record, oldest first.
pub async fn disclosures(id: &str) -> Result<Vec<northstar_schema::session::Disclosure>, String> {
    call("disclosures", &Id { id }).await
}

/// Adds something sent another way to a child's disclosure record.
pub async fn record_disclosure(id: &str, to: &str, what: &str, basis: &str) -> Result<(), String> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        to: &'a str,
        what: &'a str,
        basis: &'a str,
    }
    let _: serde_json::Value = call(
        "record_disclosure",
        &Args {
            id,
            to,
            what,
            basis,
        },
    )
    .await?;
    Ok(())
}

/// Erases a review's history, keeping it as it reads now; `confirm` is the child's name.
pub async fn erase_history(id: &str, confirm: &str) -> Result<(), String> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        confirm: &'a str,
    }
    let _: serde_json::Value = call("erase_history", &Args { id, confirm }).await?;
    Ok(())
}

/// Changes the passphrase that opens the data on this computer.
pub async fn change_passphrase(current: &str, new: &str, confirm: &str) -> Result<(), String> {
    #[derive(Serialize)]
    struct Args<'a> {
        current: &'a str,
        new: &'a str,
        confirm: &'a str,
    }
    let _: serde_json::Value = call(
        "change_passphrase",
        &Args {
            current,
            new,
            confirm,
        },
    )
    .await?;
    Ok(())
}

/// The anonymised aspirations report over every plan held.
pub async fn aspirations_report(
) -> Result<northstar_schema::aspirations_report::AspirationsReport, String> {
    call("aspirations_report", &NoArgs {}).await
}

/// Writes the aspirations report, with its charts, as a PDF to `path`.
pub async fn save_aspirations_report_pdf(path: &str) -> Result<(), String> {
    #[derive(Serialize)]
    struct Args<'a> {
        path: &'a str,
    }
    call("save_aspirations_report_pdf", &Args { path }).await
}
