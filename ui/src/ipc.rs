//! Calls into the engine through Tauri's `invoke`.

use northstar_schema::{CaseloadEntry, Phase, ReviewStatus};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

/// The caseload filters, as the engine's `CaseloadQuery` expects them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CaseloadQuery {
    pub search: Option<String>,
    pub phase: Option<Phase>,
    pub status: Option<ReviewStatus>,
}

#[derive(Serialize)]
struct ListArgs<'a> {
    query: &'a CaseloadQuery,
}

/// Turns whatever the engine or the bridge threw into a sentence for the person.
fn plain_error(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| {
        "Northstar could not reach its local store. Please restart the app.".into()
    })
}

pub async fn list_caseload(query: &CaseloadQuery) -> Result<Vec<CaseloadEntry>, String> {
    let args = serde_wasm_bindgen::to_value(&ListArgs { query }).map_err(|e| e.to_string())?;
    let value = invoke("list_caseload", args).await.map_err(plain_error)?;
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| format!("The caseload came back in an unexpected shape: {e}"))
}
