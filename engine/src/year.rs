//! The steps after the meeting that make files: the report pack the school sends (the review
//! report PDF and a covering email draft for each person invited, reg 20(7)).
//!
//! The steps themselves (report sent, decision, notice, representations, issuing the amended
//! plan, ceasing) are `ReviewEdit`s in `northstar_schema::edit`, so they sync and undo like any
//! other edit; this module only writes what goes with them.

use crate::pdf::PdfKind;
use crate::{EngineError, Result, Store};
use northstar_schema::letters::{report_letters, Letter};
use std::path::{Path, PathBuf};

/// What [`write_report_pack`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReportPack {
    pub pdf: PathBuf,
    /// One email draft (`.eml`, report attached) per recipient.
    pub drafts: Vec<PathBuf>,
    /// The covering letters, for the window to show as text to copy.
    pub letters: Vec<Letter>,
}

/// Characters that are safe in a file name on every system we ship to.
fn file_safe(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    cleaned.trim().trim_matches('.').to_string()
}

/// Writes the review report to `pdf_path` and, beside it, one email draft per recipient of
/// review `review_id`, each signed by `from` with the report attached. Every file is written
/// through a temporary file, so a failure leaves no partial file.
pub fn write_report_pack(
    store: &mut Store,
    id: &str,
    review_id: &str,
    pdf_path: &Path,
    from: &str,
) -> Result<ReportPack> {
    let doc = store.get(id)?;
    if !doc.reviews.iter().any(|r| r.id == review_id) {
        return Err(EngineError::Refused(
            "that annual review is no longer in this plan".into(),
        ));
    }
    let bytes = crate::pdf::render(&doc, PdfKind::ReviewReport)?;
    crate::cli::write_atomically(pdf_path, &bytes)?;
    let letters = report_letters(&doc, review_id, from);
    let folder = pdf_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let attachment = pdf_path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "review-report.pdf".into());
    let mut drafts = Vec::new();
    for letter in &letters {
        let path = folder.join(format!(
            "{} - report to {}.eml",
            file_safe(&doc.young_person.display_name()),
            file_safe(&letter.to_name)
        ));
        crate::cli::write_atomically(&path, eml(letter, &attachment, &bytes).as_bytes())?;
        drafts.push(path);
        crate::disclosures::record(
            store,
            id,
            &crate::disclosures::report(&letter.to_name, from),
        )?;
    }
    Ok(ReportPack {
        pdf: pdf_path.to_path_buf(),
        drafts,
        letters,
    })
}

/// A header value with anything outside printable ASCII encoded (RFC 2047), so names in any
/// script arrive intact.
fn header_words(text: &str) -> String {
    if text.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) {
        text.to_string()
    } else {
        format!(
            "=?UTF-8?B?{}?=",
            data_encoding::BASE64.encode(text.as_bytes())
        )
    }
}

/// An unsent email (RFC 5322 with a MIME attachment) that mail programs open as a draft.
pub fn eml(letter: &Letter, attachment_name: &str, attachment: &[u8]) -> String {
    let boundary = "northstar-report-boundary";
    let to = match &letter.to_email {
        Some(email) => format!("{} <{}>", header_words(&letter.to_name), email.trim()),
        None => format!("{} <>", header_words(&letter.to_name)),
    };
    let body = data_encoding::BASE64.encode(letter.body.replace('\n', "\r\n").as_bytes());
    let file = data_encoding::BASE64.encode(attachment);
    let mut out = String::new();
    out.push_str("X-Unsent: 1\r\n");
    out.push_str(&format!("To: {to}\r\n"));
    out.push_str(&format!("Subject: {}\r\n", header_words(&letter.subject)));
    out.push_str("MIME-Version: 1.0\r\n");
    out.push_str(&format!(
        "Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n"
    ));
    out.push_str(&format!("--{boundary}\r\n"));
    out.push_str("Content-Type: text/plain; charset=utf-8\r\n");
    out.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
    for line in body.as_bytes().chunks(76) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push_str("\r\n");
    }
    out.push_str(&format!("--{boundary}\r\n"));
    out.push_str(&format!(
        "Content-Type: application/pdf; name=\"{}\"\r\n",
        header_words(attachment_name)
    ));
    out.push_str(&format!(
        "Content-Disposition: attachment; filename=\"{}\"\r\n",
        header_words(attachment_name)
    ));
    out.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
    for line in file.as_bytes().chunks(76) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push_str("\r\n");
    }
    out.push_str(&format!("--{boundary}--\r\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_draft_carries_the_letter_and_the_report() {
        let letter = Letter {
            participant_id: "p1".into(),
            to_name: "Zofia Nowak".into(),
            to_email: Some("zofia@example.org".into()),
            subject: "Annual review report for Łucja Nowak".into(),
            body: "Dear Zofia Nowak,\n\nPlease find attached…\n".into(),
        };
        let text = eml(&letter, "report.pdf", b"%PDF-1.7 fake");
        assert!(text.starts_with("X-Unsent: 1\r\n"));
        assert!(text.contains("To: Zofia Nowak <zofia@example.org>\r\n"));
        // A name outside ASCII is encoded, not mangled.
        assert!(text.contains("Subject: =?UTF-8?B?"));
        let encoded_pdf = data_encoding::BASE64.encode(b"%PDF-1.7 fake");
        assert!(text.contains(&encoded_pdf));
        let encoded_body = data_encoding::BASE64
            .encode("Dear Zofia Nowak,\r\n\r\nPlease find attached…\r\n".as_bytes());
        assert!(text.replace("\r\n", "").contains(&encoded_body));
        assert!(file_safe("A/B: C?") == "A_B_ C_");
    }
}
