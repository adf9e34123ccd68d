//! "Changes are recorded as …": who this computer credits each change to.

use crate::ipc::{self, Author};
use crate::widgets::Choice;
use northstar_schema::Role;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A folded panel showing, and letting people change, the name on their changes.
#[function_component(AuthorPanel)]
pub fn author_panel() -> Html {
    let author = use_state(|| None::<Author>);
    let name = use_state(String::new);
    let role = use_state(|| Role::Senco);
    let message = use_state(|| None::<(bool, String)>);
    {
        let author = author.clone();
        let name = name.clone();
        let role = role.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(a) = ipc::get_author().await {
                    name.set(a.name.clone());
                    role.set(a.role);
                    author.set(Some(a));
                }
            });
        });
    }
    let oninput = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            name.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_role = {
        let role = role.clone();
        Callback::from(move |r: Option<Role>| role.set(r.unwrap_or(Role::Other)))
    };
    let onsubmit = {
        let author = author.clone();
        let name = name.clone();
        let role = role.clone();
        let message = message.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let wanted = Author {
                name: (*name).clone(),
                role: *role,
            };
            let author = author.clone();
            let message = message.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match ipc::set_author(&wanted).await {
                    Ok(a) => {
                        message.set(Some((
                            true,
                            format!("Changes will be recorded as {}.", a.name),
                        )));
                        author.set(Some(a));
                    }
                    Err(e) => message.set(Some((false, e))),
                }
            });
        })
    };
    let summary = match &*author {
        Some(a) => format!("Changes are recorded as {} ({})", a.name, a.role.label()),
        None => "Changes are recorded as you".into(),
    };
    html! {
        <details class="author">
            <summary>{ summary }</summary>
            <form class="inline-form" {onsubmit}>
                <div class="field">
                    <label for="author-name">{ "Your name" }</label>
                    <input id="author-name" type="text" value={(*name).clone()} {oninput} autocomplete="name" />
                </div>
                <Choice<Role> id="author-role" label="Your role" value={Some(*role)} on_change={on_role} />
                <button type="submit" class="button">{ "Save my details" }</button>
            </form>
            if let Some((ok, text)) = &*message {
                <p class={if *ok { "note-ok" } else { "error" }} role="status">{ text }</p>
            }
        </details>
    }
}
