//! PDF exports of a review document, made offline with printpdf and embedded DejaVu Sans.
//!
//! Key types: [`PdfKind`] (which document), [`render`] (a review to PDF bytes), [`preview`]
//! (the same pages as SVG, for the window) and
//! [`export`] (render a stored review and write it through a temporary file, so a failure
//! never leaves a partial PDF). Modules: `layout` wraps and paginates; `compose` adds the
//! running header, footer and watermark and writes the file; `fonts` measures and subsets
//! the faces; `ehcp` (draft and final plan), `report`, `profile` and `letters` (the LA's
//! decision letter and notice of proposed amendments) are the document kinds.

mod compose;
mod ehcp;
mod fonts;
mod layout;
mod letters;
mod preview;
mod profile;
mod report;

use crate::{Result, Store};
use layout::{Style, ACCENT, INK, MUTED};
use northstar_schema::{Date, ReviewDocument};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub use fonts::Face;

/// The documents Northstar can export as PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum PdfKind {
    /// The draft EHC plan, sections A–K, watermarked DRAFT.
    EhcpDraft,
    /// The school's annual review report to the LA and everyone invited.
    ReviewReport,
    /// The young person's one-page profile, on a single page in large type.
    OnePageProfile,
    /// The LA's decision letter after the review, with appeal and mediation rights.
    DecisionLetter,
    /// The notice of proposed amendments, each change with its evidence (reg 22(1)).
    AmendmentNotice,
    /// The plan as last issued: the final amended plan, with no DRAFT mark.
    EhcpFinal,
}

impl PdfKind {
    /// What the document is, in words (the disclosure record names it).
    pub fn label(self) -> &'static str {
        match self {
            PdfKind::EhcpDraft => "The draft EHC plan (PDF)",
            PdfKind::ReviewReport => "The annual review report (PDF)",
            PdfKind::OnePageProfile => "The one-page profile (PDF)",
            PdfKind::DecisionLetter => "The LA's decision letter (PDF)",
            PdfKind::AmendmentNotice => "The notice of proposed amendments (PDF)",
            PdfKind::EhcpFinal => "The issued EHC plan (PDF)",
        }
    }
}

fn composed(doc: &ReviewDocument, kind: PdfKind) -> Result<compose::Composed> {
    match kind {
        PdfKind::EhcpDraft => ehcp::compose(doc),
        PdfKind::ReviewReport => report::compose(doc),
        PdfKind::OnePageProfile => profile::compose(doc),
        PdfKind::DecisionLetter => letters::decision_letter(doc),
        PdfKind::AmendmentNotice => letters::amendment_notice(doc),
        PdfKind::EhcpFinal => ehcp::compose_final(doc),
    }
}

/// Renders one review document as a PDF of the given kind.
pub fn render(doc: &ReviewDocument, kind: PdfKind) -> Result<Vec<u8>> {
    composed(doc, kind)?.into_pdf()
}

/// The pages the PDF of this kind would have, each as an SVG document, for the preview.
pub fn preview(doc: &ReviewDocument, kind: PdfKind) -> Result<Vec<String>> {
    Ok(preview::pages(composed(doc, kind)?))
}

/// Renders a stored review and writes it to `path` through a temporary file in the same
/// folder, renamed into place only once complete.
pub fn export(store: &mut Store, id: &str, kind: PdfKind, path: &Path) -> Result<()> {
    let doc = store.get(id)?;
    let bytes = render(&doc, kind)?;
    crate::cli::write_atomically(path, &bytes)?;
    let by = crate::disclosures::author_of(store);
    crate::disclosures::record(store, id, &crate::disclosures::pdf(kind.label(), &by))
}

// The type scale shared by the document kinds.
const TITLE: Style = Style::new(Face::Bold, 20.0, ACCENT);
const H1: Style = Style::new(Face::Bold, 14.0, ACCENT);
const H2: Style = Style::new(Face::Bold, 11.5, INK);
const BODY: Style = Style::new(Face::Regular, 10.0, INK);
const NOTE: Style = Style::new(Face::Regular, 9.0, MUTED);

/// "25 November 2026": unambiguous for families, unlike 25/11/2026 vs 11/25/2026.
fn long_date(d: Option<Date>) -> String {
    d.map(|d| d.naive().format("%-d %B %Y").to_string())
        .unwrap_or_else(|| "not recorded".into())
}

/// The text of a free-text field, or a plain statement that it is empty, so a blank section
/// reads as blank on purpose rather than as a printing fault.
fn or_none(text: &str, none: &str) -> String {
    if text.trim().is_empty() {
        none.to_string()
    } else {
        text.to_string()
    }
}

/// The name of a participant by id, or "Someone" if the id is unknown.
fn participant_name(doc: &ReviewDocument, id: Option<&str>) -> String {
    id.and_then(|id| doc.participants.iter().find(|p| p.id == id))
        .map(|p| p.name.clone())
        .unwrap_or_else(|| "Not recorded".into())
}

/// The name the young person likes to be called, for friendly headings.
fn first_name(doc: &ReviewDocument) -> String {
    let yp = &doc.young_person;
    yp.preferred_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(&yp.given_name)
        .trim()
        .to_string()
}
