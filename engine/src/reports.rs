//! Anonymised reports over every plan held, for the LA: the CLI's `report` and the window's
//! Reports screen both come here. The figures and their protection are worked out in
//! `northstar_schema::aspirations_report`; this reads every plan from the store and writes
//! the report as CSV or as a PDF with charts (`crate::pdf::aspirations_report`).

use crate::{Result, Store};
use northstar_schema::aspirations_report::AspirationsReport;
use std::path::Path;

/// How the aspirations report is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Every figure, one a line (`table,row,column,figure`).
    Csv,
    /// The tables with a bar chart each, to print or send.
    Pdf,
}

impl Format {
    /// PDF for a file name ending in `.pdf` (any case), CSV for anything else.
    pub fn for_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("pdf") => Format::Pdf,
            _ => Format::Csv,
        }
    }
}

/// Writes the aspirations report over every plan held, as of `today`, to `path` in `format`,
/// through a temporary file (a failure never leaves part of a report). Answers the report.
pub fn write_aspirations(
    store: &mut Store,
    today: chrono::NaiveDate,
    path: &Path,
    format: Format,
) -> Result<AspirationsReport> {
    let report = aspirations(store, today)?;
    let bytes = match format {
        Format::Csv => report.to_csv().into_bytes(),
        Format::Pdf => crate::pdf::aspirations_report(&report)?,
    };
    crate::cli::write_atomically(path, &bytes)?;
    Ok(report)
}

/// The aspirations report over every plan held, archived ones included (they are still this
/// area's young people), as of `today`.
pub fn aspirations(store: &mut Store, today: chrono::NaiveDate) -> Result<AspirationsReport> {
    let ids = store.all_ids()?;
    let mut docs = Vec::with_capacity(ids.len());
    for id in &ids {
        docs.push(store.get(id)?);
    }
    Ok(AspirationsReport::of(&docs, today))
}
