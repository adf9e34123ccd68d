//! Archiving a plan: out of the working caseload, read-only, kept for the council's retention
//! period. At the top of an archived child's workspace it says so (and, once the period has
//! passed, that erasure is due); under "Child and people" it archives or brings back.

use crate::ipc;
use northstar_schema::{ArchiveReason, Archived, Date};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ArchiveProps {
    pub id: String,
    /// Only the notice, and only for an archived plan (the top of the workspace).
    #[prop_or_default]
    pub notice_only: bool,
}

#[function_component(ArchivePanel)]
pub fn archive_panel(p: &ArchiveProps) -> Html {
    let state = use_state(|| None::<Option<Archived>>);
    let reason = use_state(|| ArchiveReason::Ceased);
    let error = use_state(|| None::<String>);
    {
        let state = state.clone();
        use_effect_with(p.id.clone(), move |id| {
            let id = id.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(a) = ipc::archive_state(&id).await {
                    state.set(Some(a));
                }
            });
        });
    }
    let Some(archived) = (*state).clone() else {
        return html! {};
    };
    let unarchive = {
        let (state, error, id) = (state.clone(), error.clone(), p.id.clone());
        Callback::from(move |_: MouseEvent| {
            let (state, error, id) = (state.clone(), error.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match ipc::unarchive_child(&id).await {
                    Ok(()) => state.set(Some(None)),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let error_line = html! {
        if let Some(e) = &*error { <p class="error" role="alert">{ e }</p> }
    };
    match (archived, p.notice_only) {
        (None, true) => html! {},
        (Some(a), notice_only) => {
            let today = Date(crate::format::today());
            html! {
                <div class="callout warn" id={if notice_only { "archived-banner" } else { "archived-panel" }} role="status">
                    <p>{ format!("Archived on {} by {} ({}). It is kept read-only until {}.",
                        a.on.long(), a.by, a.reason.label().to_lowercase(), a.keep_until.long()) }</p>
                    if a.retention_over(today) {
                        <p><strong>{ "The council's retention period has ended: erase this child's records under \"Child and people\"." }</strong></p>
                    }
                    if !notice_only {
                        <button type="button" class="button" id="unarchive" onclick={unarchive}>{ "Return it to the working caseload" }</button>
                    }
                    { error_line }
                </div>
            }
        }
        (None, false) => {
            let on_reason = {
                let reason = reason.clone();
                Callback::from(move |e: Event| {
                    let v = e
                        .target_unchecked_into::<web_sys::HtmlSelectElement>()
                        .value();
                    if let Some(r) = ArchiveReason::parse(&v) {
                        reason.set(r);
                    }
                })
            };
            let archive = {
                let (state, error, id, reason) =
                    (state.clone(), error.clone(), p.id.clone(), reason.clone());
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let (state, error, id, reason) =
                        (state.clone(), error.clone(), id.clone(), *reason);
                    wasm_bindgen_futures::spawn_local(async move {
                        match ipc::archive_child(&id, reason).await {
                            Ok(a) => state.set(Some(Some(a))),
                            Err(e) => error.set(Some(e)),
                        }
                    });
                })
            };
            html! {
                <section class="archive" aria-labelledby="archive-title">
                    <h2 id="archive-title">{ "Archive this plan" }</h2>
                    <p>{ "An archived plan leaves the working caseload and cannot be changed. It is kept for the council's retention period, then Northstar offers to erase it. You can bring it back at any time." }</p>
                    <form class="inline-form" onsubmit={archive}>
                        <div class="field">
                            <label for="archive-reason">{ "Why" }</label>
                            <select id="archive-reason" onchange={on_reason}>
                                { for ArchiveReason::ALL.iter().map(|r| html! {
                                    <option value={r.as_str()} selected={*r == *reason}>{ r.label() }</option>
                                }) }
                            </select>
                        </div>
                        <button type="submit" class="button" id="archive-now">{ "Archive this plan" }</button>
                    </form>
                    { error_line }
                </section>
            }
        }
    }
}
