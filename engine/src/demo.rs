//! The fictional demo caseload from `fixtures/`, embedded so a fresh install shows real-looking work.

use crate::{EngineError, Result, Store};
use northstar_schema::ReviewDocument;

/// Every child in `fixtures/demo-caseload.json`. All of them are fictional.
pub const DEMO_CASELOAD: &str = include_str!("../../fixtures/demo-caseload.json");

const DEMO_FLAG: &str = "demo_loaded";

/// Parses the embedded caseload.
pub fn demo_documents() -> Result<Vec<ReviewDocument>> {
    let values: Vec<serde_json::Value> =
        serde_json::from_str(DEMO_CASELOAD).map_err(northstar_schema::SchemaError::from)?;
    values
        .into_iter()
        .map(|v| ReviewDocument::from_json_value(v).map_err(EngineError::from))
        .collect()
}

/// Loads the demo caseload, skipping children already stored. Returns how many were added.
pub fn load_demo(store: &mut Store) -> Result<usize> {
    let mut added = 0;
    for doc in demo_documents()? {
        if !store.exists(&doc.id)? {
            store.create(&doc)?;
            added += 1;
        }
    }
    store.set_flag(DEMO_FLAG)?;
    Ok(added)
}

/// Whether review `id` is a demo child exactly as it was seeded, never edited on this
/// computer: a copy that can give way to a shared one with nothing lost, since the demo is
/// built in.
pub fn is_untouched(store: &mut Store, id: &str) -> Result<bool> {
    if !demo_documents()?.iter().any(|d| d.id == id) {
        return Ok(false);
    }
    store.with_doc(id, |doc| doc.get_changes(&[]).len() == 1)
}

/// On the very first run into an empty data folder, loads the demo caseload.
/// Never again afterwards, so someone who deletes the demo children is not given them back.
pub fn seed_first_run(store: &mut Store) -> Result<usize> {
    if store.flag(DEMO_FLAG)? || store.count()? > 0 {
        return Ok(0);
    }
    load_demo(store)
}
