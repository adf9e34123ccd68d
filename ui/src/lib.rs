//! The Northstar desktop UI (Yew, compiled to wasm and shown in the Tauri window).
//!
//! Views and view state only: every rule lives in `northstar-schema` or the engine, reached
//! through Tauri `invoke` ([`ipc`]). Key pieces: [`app::App`] (the shell and screen routing),
//! [`caseload::CaseloadView`] (the caseload home), [`workspace::WorkspaceView`] (one child's
//! meeting, plan, advice, history and export), [`young_person::YoungPersonSpaceView`] (the
//! young person's own screen), [`parent_views::ParentViewsView`] (the parent's or carer's
//! views, in their language), [`widgets`] (self-saving labelled controls) and [`format`]
//! (dates in plain English).

pub mod about;
pub mod app;
pub mod author;
pub mod caseload;
pub mod contrast;
pub mod drawing;
pub mod format;
pub mod i18n;
pub mod ipc;
pub mod join;
pub mod lock;
pub mod new_child;
pub mod parent_views;
pub mod queue;
pub mod reports;
pub mod symbols;
pub mod voice;
pub mod widgets;
pub mod workspace;
pub mod young_person;

use wasm_bindgen::prelude::*;

/// Entry point called by `index.html` once the wasm module loads.
#[wasm_bindgen(start)]
pub fn start() {
    // The person's theme from the first frame, the lock screen included.
    contrast::apply(contrast::remembered());
    yew::Renderer::<app::App>::new().render();
}
