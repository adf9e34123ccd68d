//! "Everything we hold about this child" (UK GDPR art. 15, a subject access request): one
//! folder with the plan and every review as PDF, the history as a readable list, every
//! attachment, the disclosure record, and the review as JSON for anyone who wants the data
//! itself.
//!
//! The folder is written under a temporary name and renamed when complete, so a failure part
//! way leaves no half-made folder looking finished.

use crate::pdf::{self, PdfKind};
use crate::{EngineError, Result, Store};
use northstar_schema::ReviewDocument;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What went into the folder.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SubjectAccessPack {
    pub folder: PathBuf,
    pub files: Vec<String>,
}

/// Writes everything held about review `id` into the new folder `folder`, in `by`'s name.
pub fn export(store: &mut Store, id: &str, folder: &Path, by: &str) -> Result<SubjectAccessPack> {
    if folder.exists() {
        return Err(EngineError::Refused(format!(
            "{} already exists; choose a new folder name, so nothing already there is mixed in",
            folder.display()
        )));
    }
    let doc = store.get(id)?;
    let parent = folder
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = folder
        .file_name()
        .ok_or_else(|| EngineError::Refused("choose a folder name to save into".into()))?;
    let partial = parent.join(format!(".{}.partial", name.to_string_lossy()));
    let _ = std::fs::remove_dir_all(&partial);
    let made = fill(store, &doc, &partial, by);
    let files = match made {
        Ok(files) => files,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(e);
        }
    };
    std::fs::rename(&partial, folder).map_err(EngineError::io(format!(
        "could not name the folder {}",
        folder.display()
    )))?;
    crate::disclosures::record(store, id, &crate::disclosures::subject_access(by))?;
    Ok(SubjectAccessPack {
        folder: folder.to_path_buf(),
        files,
    })
}

fn write(dir: &Path, name: &str, bytes: &[u8], files: &mut Vec<String>) -> Result<()> {
    std::fs::write(dir.join(name), bytes)
        .map_err(EngineError::io(format!("could not write {name}")))?;
    files.push(name.to_string());
    Ok(())
}

fn fill(store: &mut Store, doc: &ReviewDocument, dir: &Path, by: &str) -> Result<Vec<String>> {
    std::fs::create_dir_all(dir.join("attachments")).map_err(EngineError::io(format!(
        "could not make the folder {}",
        dir.display()
    )))?;
    let mut files = Vec::new();
    let mut notes = Vec::new();
    // The plan as last issued in Northstar, or else as it stands (marked draft).
    let plan =
        pdf::render(doc, PdfKind::EhcpFinal).or_else(|_| pdf::render(doc, PdfKind::EhcpDraft))?;
    write(dir, "plan.pdf", &plan, &mut files)?;
    // Each annual review's report, as it reads with that review the latest.
    for i in 0..doc.reviews.len() {
        let mut upto = doc.clone();
        upto.reviews.truncate(i + 1);
        let when = upto.reviews[i]
            .meeting_date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "no-meeting-date".into());
        let name = format!("review-{}-{when}.pdf", i + 1);
        match pdf::render(&upto, PdfKind::ReviewReport) {
            Ok(bytes) => write(dir, &name, &bytes, &mut files)?,
            Err(e) => notes.push(format!(
                "Review {} could not be made into a PDF: {e}.",
                i + 1
            )),
        }
    }
    if let Ok(bytes) = pdf::render(doc, PdfKind::OnePageProfile) {
        write(dir, "one-page-profile.pdf", &bytes, &mut files)?;
    }
    write(
        dir,
        "history.txt",
        history(store, &doc.id)?.as_bytes(),
        &mut files,
    )?;
    write(
        dir,
        "disclosures.txt",
        crate::disclosures::as_text(&crate::disclosures::list(store, &doc.id)?).as_bytes(),
        &mut files,
    )?;
    write(
        dir,
        "review.json",
        doc.to_json_pretty().as_bytes(),
        &mut files,
    )?;
    for (n, hash) in store.attachments_of(&doc.id)?.iter().enumerate() {
        let Some((bytes, media_type)) = store.blob(hash)? else {
            continue;
        };
        let name = format!(
            "attachments/{:02}-{}.{}",
            n + 1,
            &hash[..12],
            extension(&media_type)
        );
        write(dir, &name, &bytes, &mut files)?;
    }
    let mut readme = String::new();
    let _ = writeln!(
        readme,
        "Everything Northstar holds on this computer about {}.\n\nMade on {} by {}.\n",
        doc.young_person.display_name(),
        crate::store::today(),
        by
    );
    let _ = writeln!(
        readme,
        "plan.pdf: the plan, sections A to K.\nreview-N-DATE.pdf: the report of each annual review.\none-page-profile.pdf: the one-page profile.\nhistory.txt: every change, who made it and when.\ndisclosures.txt: who the plan was shared with or sent to, when, and on what basis.\nattachments/: drawings, photos, voice notes and documents, including any taken out of the plan since.\nreview.json: all of it as data.\n"
    );
    for note in notes {
        let _ = writeln!(readme, "{note}");
    }
    write(dir, "README.txt", readme.as_bytes(), &mut files)?;
    Ok(files)
}

/// The history as lines a person reads: when, who (and role), what.
fn history(store: &mut Store, id: &str) -> Result<String> {
    let mut out = String::from("When (UTC)            Who                               What\n");
    for entry in store.history(id)? {
        let when = chrono::DateTime::from_timestamp(entry.at, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| "unknown time".into());
        let who = match (&entry.by, entry.role) {
            (Some(by), Some(role)) => format!("{by} ({})", role.label()),
            (Some(by), None) => by.clone(),
            _ => "not recorded".into(),
        };
        let _ = writeln!(out, "{when:<21} {who:<33} {}", entry.what);
    }
    Ok(out)
}

fn extension(media_type: &str) -> &'static str {
    match media_type {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/webp" => "webp",
        "image/svg+xml" => "svg",
        "audio/mpeg" => "mp3",
        "audio/ogg" => "ogg",
        "audio/webm" => "webm",
        "audio/wav" | "audio/x-wav" => "wav",
        "application/pdf" => "pdf",
        _ => "bin",
    }
}
