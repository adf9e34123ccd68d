//! Anonymised reports over every plan held, for the LA: the CLI's `report` and the window's
//! Reports screen both come here. The figures and their protection are worked out in
//! `northstar_schema::aspirations_report`; this reads every plan from the store.

use crate::{Result, Store};
use northstar_schema::aspirations_report::AspirationsReport;

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
