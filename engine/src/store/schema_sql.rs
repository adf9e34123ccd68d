//! Applies `northstar_schema::sql::MIGRATIONS` in order, tracking progress in `user_version`.

use crate::Result;
use northstar_schema::sql::MIGRATIONS;
use rusqlite::Connection;

pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let applied: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for m in MIGRATIONS.iter().filter(|m| m.version > applied) {
        // Each migration and its version bump commit together, so a crash cannot half-apply one.
        let tx = conn.transaction()?;
        tx.execute_batch(m.sql)?;
        tx.pragma_update(None, "user_version", m.version)?;
        tx.commit()?;
    }
    Ok(())
}
