//! Joining a review someone shared: paste the invitation code they gave, say your name, and
//! the review opens once its first copy has arrived from the relay the code names.

use crate::app::Route;
use crate::ipc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct JoinProps {
    pub on_done: Callback<Route>,
}

#[function_component(JoinForm)]
pub fn join_form(p: &JoinProps) -> Html {
    let code = use_state(String::new);
    let name = use_state(String::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    {
        // Start from the name this computer records changes under.
        let name = name.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(author) = ipc::get_author().await {
                    name.set(author.name);
                }
            });
        });
    }
    let on_code = {
        let code = code.clone();
        Callback::from(move |e: InputEvent| {
            code.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            name.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onsubmit = {
        let (code, name, error, busy, on_done) = (
            code.clone(),
            name.clone(),
            error.clone(),
            busy.clone(),
            p.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (code, name) = ((*code).clone(), (*name).clone());
            let (error, busy, on_done) = (error.clone(), busy.clone(), on_done.clone());
            busy.set(true);
            error.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                match ipc::join_review(&code, &name).await {
                    Ok(id) => on_done.emit(Route::Workspace { id }),
                    Err(e) => {
                        error.set(Some(e));
                        busy.set(false);
                    }
                }
            });
        })
    };
    let cancel = p.on_done.reform(|_: MouseEvent| Route::Caseload);
    html! {
        <section aria-labelledby="join-title" class="narrow">
            <h1 id="join-title">{ "Join a shared review" }</h1>
            <p class="hint">{ "Someone who holds the review gave you an invitation code. It lets this computer keep its own copy and send your changes to theirs." }</p>
            if let Some(e) = &*error {
                <p class="error" role="alert" id="join-error">{ e }</p>
            }
            <form {onsubmit}>
                <div class="field">
                    <label for="join-code">{ "Invitation code or meeting-room code" }</label>
                    <textarea id="join-code" rows="5" required=true value={(*code).clone()} oninput={on_code} aria-describedby="join-code-hint" spellcheck="false" autocapitalize="characters" />
                    <p class="hint" id="join-code-hint">{ "Paste all of an invitation code (it starts with NS1-), or type the short code shown on the screen in the meeting room, like 7KQM-2XD9-TPA4-91ZR-MW3C." }</p>
                </div>
                <div class="field">
                    <label for="join-name">{ "Your name, as the others will see it" }</label>
                    <input id="join-name" type="text" required=true value={(*name).clone()} oninput={on_name} autocomplete="name" />
                </div>
                <div class="row">
                    <button type="submit" class="button primary" id="join-submit" disabled={*busy}>
                        { if *busy { "Joining…" } else { "Join and open the review" } }
                    </button>
                    <button type="button" class="button" onclick={cancel}>{ "Cancel" }</button>
                </div>
                if *busy {
                    <p role="status">{ "Fetching the review from the relay…" }</p>
                }
            </form>
        </section>
    }
}
