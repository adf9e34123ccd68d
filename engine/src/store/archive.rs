//! The archive: plans moved out of the working caseload on this device (ceased, or the child
//! moved to another area). An archived plan stays readable and read-only, for the council's
//! retention period; once that has passed, the caseload offers to erase it.
//!
//! This is the device's own filing, not part of the plan: archiving here changes nothing on
//! anyone else's copy.

use super::Store;
use crate::{EngineError, Result};
use chrono::{Datelike, NaiveDate};
use northstar_schema::{ArchiveReason, Archived, Date};
use rusqlite::{params, OptionalExtension};

/// How many years an archived plan is kept, unless the council sets otherwise.
pub const DEFAULT_RETENTION_YEARS: u32 = 6;
const RETENTION: &str = "retention-years";

impl Store {
    /// Moves review `id` out of the working caseload, read-only, on `on`.
    pub fn archive(
        &mut self,
        id: &str,
        reason: ArchiveReason,
        by: &str,
        on: Date,
    ) -> Result<Archived> {
        self.get(id)?;
        self.conn().execute(
            "INSERT INTO archive (doc_id, archived_on, reason, by_name) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (doc_id) DO UPDATE SET archived_on = ?2, reason = ?3, by_name = ?4",
            params![id, on.to_string(), reason.as_str(), by],
        )?;
        self.archived(id)?
            .ok_or_else(|| EngineError::UnknownReview(id.into()))
    }

    /// Puts an archived review back in the working caseload.
    pub fn unarchive(&mut self, id: &str) -> Result<()> {
        self.conn()
            .execute("DELETE FROM archive WHERE doc_id = ?1", [id])?;
        Ok(())
    }

    /// Whether (and since when, and until when) review `id` is archived.
    pub fn archived(&self, id: &str) -> Result<Option<Archived>> {
        let years = self.retention_years()?;
        let row: Option<(String, String, String)> = self
            .conn()
            .query_row(
                "SELECT archived_on, reason, by_name FROM archive WHERE doc_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        Ok(row.and_then(|(on, reason, by)| archived_from(&on, &reason, by, years)))
    }

    /// Refuses a change a person makes to an archived review.
    pub(crate) fn check_not_archived(&self, id: &str) -> Result<()> {
        match self.archived(id)? {
            None => Ok(()),
            Some(a) => Err(EngineError::Refused(format!(
                "this plan was archived on {}: it is kept read-only. Return it to the caseload \
                 to change it",
                a.on.long()
            ))),
        }
    }

    /// How many years archived plans are kept, as this council set it.
    pub fn retention_years(&self) -> Result<u32> {
        Ok(self
            .meta(RETENTION)?
            .and_then(|y| y.parse().ok())
            .unwrap_or(DEFAULT_RETENTION_YEARS))
    }

    /// Sets the council's retention period for archived plans, 1 to 100 years.
    pub fn set_retention_years(&self, years: u32) -> Result<u32> {
        if !(1..=100).contains(&years) {
            return Err(EngineError::Refused(
                "choose a retention period of 1 to 100 years".into(),
            ));
        }
        self.set_meta(RETENTION, &years.to_string())?;
        Ok(years)
    }
}

/// An archive row as the caseload shows it.
pub(super) fn archived_from(on: &str, reason: &str, by: String, years: u32) -> Option<Archived> {
    let on = Date::parse(on)?;
    Some(Archived {
        on,
        reason: ArchiveReason::parse(reason).unwrap_or(ArchiveReason::Other),
        by,
        keep_until: Date(years_after(on.0, years)),
    })
}

/// The same day `years` later (28 February for 29 February in a year that has none).
fn years_after(day: NaiveDate, years: u32) -> NaiveDate {
    let year = day.year() + years as i32;
    NaiveDate::from_ymd_opt(year, day.month(), day.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, day.month(), 28))
        .unwrap_or(day)
}
