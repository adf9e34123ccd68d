//! The Northstar desktop UI (Yew, compiled to wasm and shown in the Tauri window).
//!
//! Views and view state only: every rule lives in `northstar-schema` or the engine, reached
//! through Tauri `invoke` ([`ipc`]). Key pieces: [`app::App`] (the shell),
//! [`caseload::CaseloadView`] (the caseload list), [`format`] (dates in plain English).

pub mod app;
pub mod caseload;
pub mod format;
pub mod ipc;

use wasm_bindgen::prelude::*;

/// Entry point called by `index.html` once the wasm module loads.
#[wasm_bindgen(start)]
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
