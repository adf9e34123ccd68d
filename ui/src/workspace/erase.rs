//! "Erase this child": removes the child's review, its history and attachments from this
//! computer (and, for the review's owner, from the relay). Folded away, and it asks for the
//! child's name to be typed, so nobody erases a child by a slip of the mouse.

use crate::ipc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EraseProps {
    pub id: String,
    /// The child's name as the caseload shows it.
    pub name: String,
    /// Called once the child has been erased.
    pub on_erased: Callback<()>,
}

#[function_component(EraseChild)]
pub fn erase_child(p: &EraseProps) -> Html {
    let typed = use_state(String::new);
    let here_only = use_state(|| false);
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            typed.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let toggle = {
        let here_only = here_only.clone();
        Callback::from(move |_| here_only.set(!*here_only))
    };
    let onsubmit = {
        let (typed, here_only, busy, error) = (
            typed.clone(),
            here_only.clone(),
            busy.clone(),
            error.clone(),
        );
        let id = p.id.clone();
        let on_erased = p.on_erased.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            busy.set(true);
            let (id, confirm, only) = (id.clone(), (*typed).clone(), *here_only);
            let (busy, error, on_erased) = (busy.clone(), error.clone(), on_erased.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match ipc::erase_child(&id, &confirm, only).await {
                    Ok(()) => on_erased.emit(()),
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <details class="danger-zone" id="erase-child">
            <summary>{ "Erase this child from this computer" }</summary>
            <p>{ format!("This removes {}'s plan, every review, its history, attachments no other child's plan uses, and its sharing from this computer, for good. If you shared this review, its copy on the relay is deleted too, and the people you shared it with can no longer sync it. It cannot be undone.", p.name) }</p>
            <p>{ "Use it when the law says the record must go (for example, a request to erase it that the council has agreed, or a child recorded here by mistake). To keep a ceased plan for the council's retention period, archive it instead." }</p>
            <form class="lock-form" {onsubmit}>
                <div class="field">
                    <label for="erase-confirm">{ format!("To confirm, type the child's name: {}", p.name) }</label>
                    <input id="erase-confirm" type="text" autocomplete="off" value={(*typed).clone()} {oninput}
                        aria-describedby={error.is_some().then_some("erase-error")} />
                </div>
                <div class="field check">
                    <input id="erase-here-only" type="checkbox" checked={*here_only} onchange={toggle} />
                    <label for="erase-here-only">{ "Erase from this computer even if the relay cannot be reached now" }</label>
                </div>
                <button type="submit" class="button danger" id="erase-now" disabled={*busy}>{ "Erase for good" }</button>
                if let Some(e) = &*error {
                    <p class="error" id="erase-error" role="alert">{ e }</p>
                }
            </form>
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct HistoryTabProps {
    pub id: String,
    pub name: String,
    pub version: u64,
}

/// The History tab: the history, and at its foot erasing it (a wrongly recorded item,
/// deleted as usual, then gone from every earlier version too).
#[function_component(HistoryTab)]
pub fn history_tab(p: &HistoryTabProps) -> Html {
    let erased = use_state(|| 0u32);
    let typed = use_state(String::new);
    let message = use_state(|| None::<Result<String, String>>);
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            typed.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onsubmit = {
        let (typed, message, erased, id) =
            (typed.clone(), message.clone(), erased.clone(), p.id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (typed, message, erased, id) =
                (typed.clone(), message.clone(), erased.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match ipc::erase_history(&id, &typed).await {
                    Ok(()) => {
                        typed.set(String::new());
                        erased.set(*erased + 1);
                        message.set(Some(Ok("The history was erased. The plan is as it was; no earlier version is kept. If the review is shared, everyone else's copy is replaced when this computer next syncs.".into())));
                    }
                    Err(e) => message.set(Some(Err(e))),
                }
            });
        })
    };
    html! {
        <>
            <super::history::HistoryView key={format!("history-{}", *erased)} id={p.id.clone()} version={p.version} />
            <details class="danger-zone" id="erase-history">
                <summary>{ "Erase this review's history" }</summary>
                <p>{ "To remove something recorded by mistake (a note about the wrong child, a wrong diagnosis) for good: first delete it in the plan as usual, then erase the history here. The plan stays exactly as it is now; every earlier version, and anything only they held, is removed from this computer. The history then starts again with one line saying it was erased, when and by whom." }</p>
                <p>{ "If this review is shared, only the computer that first shared it can do this, and everyone's copy is replaced the next time it syncs. Sync first, so that everyone's latest work is kept." }</p>
                <form class="lock-form" {onsubmit}>
                    <div class="field">
                        <label for="erase-history-confirm">{ format!("To confirm, type the child's name: {}", p.name) }</label>
                        <input id="erase-history-confirm" type="text" autocomplete="off" value={(*typed).clone()} {oninput} />
                    </div>
                    <button type="submit" class="button danger" id="erase-history-now">{ "Erase the history" }</button>
                </form>
                { match &*message {
                    None => html! {},
                    Some(Ok(m)) => html! { <p class="note-ok" role="status" id="erase-history-done">{ m }</p> },
                    Some(Err(e)) => html! { <p class="error" role="alert" id="erase-history-error">{ e }</p> },
                } }
            </details>
        </>
    }
}
