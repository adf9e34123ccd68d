//! PDF exports of a review document, made offline with printpdf and embedded DejaVu Sans.
//!
//! Key types: [`PdfKind`] (which document), [`render`] (a review to PDF bytes), [`preview`]
//! (the same pages as SVG, for the window) and
//! [`export`] (render a stored review and write it through a temporary file, so a failure
//! never leaves a partial PDF). Modules: `layout` wraps and paginates; `compose` adds the
//! running header, footer and watermark and writes the file; `fonts` measures and subsets
//! the faces; `ehcp` (draft and final plan), `report`, `profile` and `letters` (the LA's
//! decision letter and notice of proposed amendments) are the document kinds.
//! `summary` is the review summary for the family; `words` holds the fixed words of the
//! documents made in a family's language, and `shape` shapes and orders scripts that need it.
//! `easy_read` is the one-page profile in easy read, with pictures: `picture` decodes PNGs
//! (the young person's drawings, from the store through [`render_with`]; the symbols, built
//! in by `symbols`) into the layout's image marks.
//! [`aspirations_report`] is the anonymised report over every plan (`aspirations`), its bar
//! charts drawn by plotters into the same marks (`chart`).

mod aspirations;
mod chart;
mod compose;
mod easy_read;
mod ehcp;
mod fonts;
mod layout;
mod letters;
mod picture;
mod preview;
mod profile;
mod report;
mod shape;
mod summary;
mod symbols;
mod tags;
mod words;

use crate::{Result, Store};
use layout::{Style, ACCENT, INK, MUTED};
use northstar_schema::{Date, Language, ReviewDocument};
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
    /// The one-page profile in easy read: large type, a picture by each heading, and the
    /// young person's own words, chosen symbols and drawings.
    EasyReadProfile,
    /// A short summary of the review for the family, in their language if they wish: the
    /// meeting, its suggestion, what happens next and the actions agreed.
    FamilySummary,
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
            PdfKind::EasyReadProfile => "The one-page profile in easy read (PDF)",
            PdfKind::FamilySummary => "The review summary for the family (PDF)",
        }
    }
}

/// Standard or large print. Large print sets every document's body text at 18 pt and its
/// headings larger (the easy-read profile is large already and ignores it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Print {
    #[default]
    Standard,
    Large,
}

impl Print {
    pub fn large(self) -> bool {
        self == Print::Large
    }
}

/// Which version of a document: its print size and the family's language.
///
/// The one-page profile and the review summary for the family can be made wholly in the
/// family's language; the LA's decision
/// letter stays in English, as the law expects, with a page in the family's language after
/// it saying what it means. The statutory plan, report and notice are English only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Version {
    pub print: Print,
    pub language: Language,
}

impl Version {
    /// What the window or command line asked for, each part standard if not given.
    pub fn of(print: Option<Print>, language: Option<Language>) -> Version {
        Version {
            print: print.unwrap_or_default(),
            language: language.unwrap_or_default(),
        }
    }
}

impl From<Print> for Version {
    fn from(print: Print) -> Version {
        Version {
            print,
            language: Language::English,
        }
    }
}

impl PdfKind {
    /// Whether this kind can be made for a family in another language.
    pub fn in_family_language(self) -> bool {
        matches!(
            self,
            PdfKind::OnePageProfile | PdfKind::DecisionLetter | PdfKind::FamilySummary
        )
    }
}

/// Reads an attachment's bytes by its SHA-256, for the documents that show the young
/// person's drawings and photos; `None` when it is not here.
pub type Attachments<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

fn composed(doc: &ReviewDocument, kind: PdfKind) -> Result<compose::Composed> {
    composed_with(doc, kind, &|_| None, Version::default())
}

fn composed_with(
    doc: &ReviewDocument,
    kind: PdfKind,
    attachments: Attachments,
    version: Version,
) -> Result<compose::Composed> {
    let Version { print, language } = version;
    if language != Language::English && !kind.in_family_language() {
        return Err(crate::EngineError::Refused(format!(
            "{} is made in English only, as the law expects; the one-page profile, the \
             review summary for the family and the decision letter can be made in {}",
            kind.label().trim_end_matches(" (PDF)"),
            language.english_name()
        )));
    }
    match kind {
        PdfKind::EasyReadProfile => easy_read::compose(doc, attachments),
        PdfKind::EhcpDraft => ehcp::compose(doc, print),
        PdfKind::ReviewReport => report::compose(doc, print),
        PdfKind::OnePageProfile => profile::compose(doc, print, language),
        PdfKind::DecisionLetter => letters::decision_letter(doc, print, language),
        PdfKind::FamilySummary => summary::compose(doc, print, language),
        PdfKind::AmendmentNotice => letters::amendment_notice(doc, print),
        PdfKind::EhcpFinal => ehcp::compose_final(doc, print),
    }
}

/// Renders one review document as a PDF of the given kind, with no attachments (drawings
/// and photos are then named in a note; see [`render_with`]).
pub fn render(doc: &ReviewDocument, kind: PdfKind) -> Result<Vec<u8>> {
    composed(doc, kind)?.into_pdf()
}

/// As [`render`], in standard or large print, or in the family's language.
pub fn render_in(
    doc: &ReviewDocument,
    kind: PdfKind,
    version: impl Into<Version>,
) -> Result<Vec<u8>> {
    composed_with(doc, kind, &|_| None, version.into())?.into_pdf()
}

/// As [`render`], reading the young person's drawings and photos through `attachments`.
pub fn render_with(
    doc: &ReviewDocument,
    kind: PdfKind,
    attachments: Attachments,
) -> Result<Vec<u8>> {
    composed_with(doc, kind, attachments, Version::default())?.into_pdf()
}

/// The pages the PDF of this kind would have, each as an SVG document, for the preview.
pub fn preview(doc: &ReviewDocument, kind: PdfKind) -> Result<Vec<String>> {
    Ok(preview::pages(composed(doc, kind)?))
}

/// As [`preview`], reading the young person's drawings and photos through `attachments`.
pub fn preview_with(
    doc: &ReviewDocument,
    kind: PdfKind,
    attachments: Attachments,
) -> Result<Vec<String>> {
    Ok(preview::pages(composed_with(
        doc,
        kind,
        attachments,
        Version::default(),
    )?))
}

/// The preview of a stored review, with its attachments from the store, in `version`.
pub fn preview_stored(
    store: &mut Store,
    id: &str,
    kind: PdfKind,
    version: impl Into<Version>,
) -> Result<Vec<String>> {
    let doc = store.get(id)?;
    Ok(preview::pages(composed_with(
        &doc,
        kind,
        &blobs_of(store),
        version.into(),
    )?))
}

/// Reads attachments from the store's blobs; one that cannot be read counts as not here.
fn blobs_of(store: &Store) -> impl Fn(&str) -> Option<Vec<u8>> + '_ {
    move |sha256| store.blob(sha256).ok().flatten().map(|(bytes, _)| bytes)
}

/// Renders a stored review and writes it to `path` through a temporary file in the same
/// folder, renamed into place only once complete.
pub fn export(
    store: &mut Store,
    id: &str,
    kind: PdfKind,
    version: impl Into<Version>,
    path: &Path,
) -> Result<Exported> {
    let doc = store.get(id)?;
    let composed = composed_with(&doc, kind, &blobs_of(store), version.into())?;
    let exported = Exported {
        not_shown: composed.not_shown(),
    };
    let bytes = composed.into_pdf()?;
    crate::cli::write_atomically(path, &bytes)?;
    let by = crate::disclosures::author_of(store);
    crate::disclosures::record(store, id, &crate::disclosures::pdf(kind.label(), &by))?;
    Ok(exported)
}

/// What a written PDF could not show: the scripts whose words were left out (marked in the
/// PDF as "[Bengali text not shown]"), so the person exporting is told, not surprised later.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Exported {
    pub not_shown: Vec<&'static str>,
}

impl Exported {
    /// The plain-words warning for the person exporting, if anything was left out.
    pub fn warning(&self) -> Option<String> {
        let (last, rest) = self.not_shown.split_last()?;
        let scripts = if rest.is_empty() {
            last.to_string()
        } else {
            format!("{} and {last}", rest.join(", "))
        };
        Some(format!(
            "Some words are in {scripts} text, which Northstar has no font for in its PDFs. They are marked \u{201c}[\u{2026} text not shown]\u{201d} in it: add them by hand or send them separately."
        ))
    }
}

/// The anonymised aspirations report as a PDF: each table as a bar chart of its row totals
/// and then its figures, in the same words as the CSV.
pub fn aspirations_report(
    report: &northstar_schema::aspirations_report::AspirationsReport,
) -> Result<Vec<u8>> {
    aspirations::compose(report)?.into_pdf()
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
    doc.young_person.first_name().to_string()
}
