//! Differences to settle: fields two people changed at the same time on their own copies.
//! Each shows every value with who wrote it; the person picks one and it becomes the value on
//! every copy. Until then the review shows one of them, and this list says so.

use northstar_schema::sync::{Conflict, ConflictStep};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DifferencesProps {
    pub conflicts: Vec<Conflict>,
    /// The field's path and the value chosen, as shown.
    pub on_settle: Callback<(Vec<ConflictStep>, String)>,
}

#[function_component(Differences)]
pub fn differences(p: &DifferencesProps) -> Html {
    if p.conflicts.is_empty() {
        return html! {};
    }
    html! {
        <section class="card" aria-labelledby="differences-title" id="sync-differences">
            <h3 id="differences-title">{ format!("Differences to settle ({})", p.conflicts.len()) }</h3>
            <p class="hint">{ "Two people changed these at the same time on their own copies. The review shows the first value for now. Choose the one to keep; everyone's copy will then show it." }</p>
            { for p.conflicts.iter().enumerate().map(|(n, c)| html! {
                <Difference key={c.place.clone()} conflict={c.clone()} n={n} on_settle={p.on_settle.clone()} />
            }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DifferenceProps {
    conflict: Conflict,
    n: usize,
    on_settle: Callback<(Vec<ConflictStep>, String)>,
}

#[function_component(Difference)]
fn difference(p: &DifferenceProps) -> Html {
    let chosen = use_state(|| 0usize);
    let onsubmit = {
        let (chosen, conflict, on_settle) =
            (chosen.clone(), p.conflict.clone(), p.on_settle.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(value) = conflict.values.get(*chosen) {
                on_settle.emit((conflict.path.clone(), value.shown.clone()));
            }
        })
    };
    let group = format!("difference-{}", p.n);
    html! {
        <form class="difference" {onsubmit}>
            <fieldset>
                <legend>{ &p.conflict.place }</legend>
                { for p.conflict.values.iter().enumerate().map(|(i, v)| {
                    let input_id = format!("{group}-{i}");
                    let onchange = {
                        let chosen = chosen.clone();
                        Callback::from(move |_| chosen.set(i))
                    };
                    let who = match v.role {
                        Some(role) => format!("{} ({})", v.by, role.label()),
                        None => v.by.clone(),
                    };
                    html! {
                        <div class="choice-row">
                            <input type="radio" id={input_id.clone()} name={group.clone()} checked={*chosen == i} {onchange} />
                            <label for={input_id}>
                                <strong>{ format!("\u{201c}{}\u{201d}", readable(&v.shown)) }</strong>
                                { format!(" from {who}") }
                                if i == 0 { { " (showing now)" } }
                            </label>
                        </div>
                    }
                }) }
            </fieldset>
            <button type="submit" class="button primary">{ "Keep the chosen value" }</button>
        </form>
    }
}

/// A date as people write it ("19 Jan 2027"); anything else as it is.
fn readable(shown: &str) -> String {
    match northstar_schema::Date::parse(shown) {
        Some(d) => crate::format::date(Some(d)),
        None => shown.to_string(),
    }
}
