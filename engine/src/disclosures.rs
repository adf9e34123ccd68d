//! The consent and disclosure record: for each review, who it was shared with or sent to,
//! when, what went, and on what basis. Northstar fills it as things happen (an invitation
//! made, a member admitted, a PDF saved, the review report sent, a subject access export), so
//! nobody has to remember to write it down; a person adds what happened elsewhere (a copy
//! posted, say). It is this device's record, and is erased with the review.

use crate::{EngineError, Result, Store};
pub use northstar_schema::session::Disclosure;
use northstar_schema::Role;
use rusqlite::params;
use std::fmt::Write as _;

/// The basis of sharing for the annual review itself.
const REVIEW: &str = "Taking part in the annual review (SEND Regulations 2014, regs 18 to 20)";

fn now(to_whom: String, what: &str, basis: &str, by: &str) -> Disclosure {
    Disclosure {
        at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        to_whom,
        what: what.into(),
        basis: basis.into(),
        by: by.into(),
    }
}

/// An invitation made for someone in `role` to hold a copy.
pub fn invitation(role: Role, by: &str) -> Disclosure {
    now(
        format!(
            "Whoever uses the invitation made for a {}",
            role.label().to_lowercase()
        ),
        "An invitation to a shared copy of the whole review",
        REVIEW,
        by,
    )
}

/// `name` joined in `role` with an invitation and now holds a copy.
pub fn joined(name: &str, role: Role) -> Disclosure {
    now(
        format!("{name} ({})", role.label()),
        "A shared copy of the whole review, kept in step",
        REVIEW,
        "the owner's device, on their joining",
    )
}

/// A PDF of the review saved on this computer.
pub fn pdf(kind: &str, by: &str) -> Disclosure {
    now(
        "Saved as a file on this computer".into(),
        kind,
        "Exported by a person using Northstar here",
        by,
    )
}

/// The annual review report, sent to `to`.
pub fn report(to: &str, by: &str) -> Disclosure {
    now(
        to.into(),
        "The annual review report (PDF and covering letter)",
        "The report goes to everyone invited to the review (SEND Regulations 2014, reg 20)",
        by,
    )
}

/// Everything held, exported for a subject access request.
pub fn subject_access(by: &str) -> Disclosure {
    now(
        "The child or young person, or someone acting for them".into(),
        "Everything held about the child on this computer",
        "A subject access request (UK GDPR article 15)",
        by,
    )
}
/// Who changes on this device are credited to, for the record.
pub(crate) fn author_of(store: &Store) -> String {
    store
        .meta("author")
        .ok()
        .flatten()
        .and_then(|json| serde_json::from_str::<northstar_schema::session::Author>(&json).ok())
        .map(|a| a.name)
        .unwrap_or_else(|| "a person using this computer".into())
}

/// Adds `d` to review `id`'s record.
pub fn record(store: &Store, id: &str, d: &Disclosure) -> Result<()> {
    record_on(store.conn(), id, d)
}

/// As [`record`], inside a transaction the caller holds.
pub(crate) fn record_on(conn: &rusqlite::Connection, id: &str, d: &Disclosure) -> Result<()> {
    conn.execute(
        "INSERT INTO disclosures (doc_id, at, to_whom, what, basis, by_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, d.at, d.to_whom, d.what, d.basis, d.by],
    )?;
    Ok(())
}

/// A disclosure a person records by hand (a copy posted, a phone call).
pub fn record_by_hand(
    store: &mut Store,
    id: &str,
    to_whom: &str,
    what: &str,
    basis: &str,
    by: &str,
) -> Result<Disclosure> {
    store.get(id)?;
    let blank = |s: &str| s.trim().is_empty();
    if blank(to_whom) || blank(what) || blank(basis) {
        return Err(EngineError::Refused(
            "say who it went to, what went, and on what basis".into(),
        ));
    }
    let d = now(to_whom.trim().into(), what.trim(), basis.trim(), by);
    record(store, id, &d)?;
    Ok(d)
}

/// Review `id`'s record, oldest first.
pub fn list(store: &Store, id: &str) -> Result<Vec<Disclosure>> {
    let mut stmt = store.conn().prepare(
        "SELECT at, to_whom, what, basis, by_name FROM disclosures WHERE doc_id = ?1
         ORDER BY at, id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Disclosure {
            at: r.get(0)?,
            to_whom: r.get(1)?,
            what: r.get(2)?,
            basis: r.get(3)?,
            by: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The record as text a person reads.
pub fn as_text(record: &[Disclosure]) -> String {
    let mut out = String::new();
    if record.is_empty() {
        out.push_str("Nothing has been shared or sent from this computer.\n");
    }
    for d in record {
        let _ = writeln!(
            out,
            "{}\n  To: {}\n  What: {}\n  Basis: {}\n  By: {}\n",
            d.at, d.to_whom, d.what, d.basis, d.by
        );
    }
    out
}
