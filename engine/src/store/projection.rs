//! The caseload projection: a cache of one summary row per document.
//!
//! It is never the only copy of anything. [`Store::rebuild_projection`] recreates it from the
//! documents, and every write path updates it in the same transaction as the change.

use super::{read_from, today, Store};
use crate::Result;
use northstar_schema::{CaseloadEntry, CaseloadOrder, Phase, ReviewDocument, ReviewStatus};
use rusqlite::{params, Connection};

/// Filters for the caseload list. Empty fields match everything.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CaseloadQuery {
    /// Matches name or setting, case-insensitively.
    pub search: Option<String>,
    pub setting: Option<String>,
    pub phase: Option<Phase>,
    pub status: Option<ReviewStatus>,
    pub order: CaseloadOrder,
    /// The archive instead of the working caseload.
    pub archived: bool,
}

pub(super) fn upsert(conn: &Connection, doc: &ReviewDocument) -> Result<()> {
    write_entry(conn, &CaseloadEntry::from_document(doc, today()))?;
    super::erase::refer(conn, &doc.id, doc.attachment_hashes())
}

fn write_entry(conn: &Connection, entry: &CaseloadEntry) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO caseload (doc_id, name, sort_key, setting, year_group, phase, next_review_due,
                               status, search_text, entry_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (doc_id) DO UPDATE SET name = ?2, sort_key = ?3, setting = ?4, year_group = ?5,
             phase = ?6, next_review_due = ?7, status = ?8, search_text = ?9, entry_json = ?10",
    )?
    .execute(params![
        entry.id,
        entry.name,
        entry.sort_key,
        entry.setting,
        entry.year_group.as_str(),
        entry.phase.as_str(),
        entry.next_review_due.map(|d| d.to_string()),
        serde_json::to_value(entry.status)?
            .as_str()
            .unwrap_or_default(),
        entry.search_text(),
        serde_json::to_string(entry)?,
    ])?;
    Ok(())
}

/// Escapes `%`, `_` and `\` so a search for "50%" means the characters, not a pattern.
fn like_pattern(needle: &str) -> String {
    let mut out = String::from("%");
    for c in needle.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

impl Store {
    /// The caseload in the query's order, with statuses recomputed for today.
    pub fn list(&self, query: &CaseloadQuery) -> Result<Vec<CaseloadEntry>> {
        self.list_on(query, today())
    }

    /// The caseload with statuses as they stand on `today`.
    pub fn list_on(
        &self,
        query: &CaseloadQuery,
        today: chrono::NaiveDate,
    ) -> Result<Vec<CaseloadEntry>> {
        let search = query
            .search
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(like_pattern);
        let years = self.retention_years()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.entry_json, a.archived_on, a.reason, a.by_name FROM caseload c
             LEFT JOIN archive a ON a.doc_id = c.doc_id
             WHERE (?1 IS NULL OR c.search_text LIKE ?1 ESCAPE '\\')
               AND (?2 IS NULL OR c.setting = ?2)
               AND (?3 IS NULL OR c.phase = ?3)
               AND (a.doc_id IS NOT NULL) = ?4
             ORDER BY c.sort_key",
        )?;
        let rows = stmt.query_map(
            params![
                search,
                query.setting,
                query.phase.map(|p| p.as_str()),
                query.archived
            ],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (json, on, reason, by) = row?;
            let mut entry: CaseloadEntry = serde_json::from_str(&json)?;
            if entry.is_from_another_school_year(today) {
                entry = self.rolled_over(&entry.id, today)?;
            }
            if let (Some(on), Some(reason), Some(by)) = (on, reason, by) {
                entry.archived = super::archive::archived_from(&on, &reason, by, years);
            }
            entry.refresh_status(today);
            if query.status.is_none_or(|s| s == entry.status) {
                out.push(entry);
            }
        }
        northstar_schema::sort_caseload(&mut out, query.order);
        Ok(out)
    }

    /// The summary of review `id` worked out again from its document for `today`: a new school
    /// year moves every year group on (and with it phase, transfers and preparing for
    /// adulthood). Kept in the projection when `today` is this computer's today.
    fn rolled_over(&self, id: &str, today: chrono::NaiveDate) -> Result<CaseloadEntry> {
        let (doc, _) = read_from(self.conn(), id, &self.actor)?;
        let model: ReviewDocument = northstar_schema::read_document(&doc)?;
        let entry = CaseloadEntry::from_document(&model, today);
        if today == super::today() {
            write_entry(self.conn(), &entry)?;
        }
        Ok(entry)
    }

    /// Throws the projection away and rebuilds it from the documents. Returns the row count.
    pub fn rebuild_projection(&mut self) -> Result<usize> {
        let actor = self.actor.clone();
        let tx = self.conn_mut().transaction()?;
        tx.execute("DELETE FROM caseload", [])?;
        let ids: Vec<String> = {
            let mut stmt = tx.prepare("SELECT id FROM documents ORDER BY id")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for id in &ids {
            let (doc, _) = read_from(&tx, id, &actor)?;
            let model: ReviewDocument = northstar_schema::read_document(&doc)?;
            upsert(&tx, &model)?;
        }
        tx.commit()?;
        Ok(ids.len())
    }
}
