//! Under Export: "Everything we hold about this child" (a subject access request, in one
//! folder), and the disclosure record of who the plan was shared with or sent to, with a way
//! to add what happened outside Northstar (a copy posted, say).

use crate::ipc;
use northstar_schema::session::Disclosure;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RecordsProps {
    pub id: String,
    pub name: String,
}

#[function_component(Records)]
pub fn records(p: &RecordsProps) -> Html {
    let record = use_state(|| None::<Result<Vec<Disclosure>, String>>);
    let status = use_state(|| None::<Result<String, String>>);
    let reload = {
        let (record, id) = (record.clone(), p.id.clone());
        Callback::from(move |()| {
            let (record, id) = (record.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                record.set(Some(ipc::disclosures(&id).await));
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with(p.id.clone(), move |_| reload.emit(()));
    }
    let export_all = {
        let (status, id, reload) = (status.clone(), p.id.clone(), reload.clone());
        let suggested = format!("{} - everything held", p.name);
        Callback::from(move |_| {
            let (status, id, reload, suggested) = (
                status.clone(),
                id.clone(),
                reload.clone(),
                suggested.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let path = match ipc::choose_folder_path(&suggested).await {
                    Ok(Some(path)) => path,
                    Ok(None) => return,
                    Err(e) => return status.set(Some(Err(e))),
                };
                status.set(Some(Ok("Writing the folder…".into())));
                status.set(Some(match ipc::subject_access(&id, &path).await {
                    Ok(n) => Ok(format!("Saved {n} files in the folder {path}.")),
                    Err(e) => Err(e),
                }));
                reload.emit(());
            });
        })
    };
    html! {
        <section class="records" aria-labelledby="records-title">
            <h2 id="records-title">{ "Everything we hold, and who it went to" }</h2>
            <div class="card">
                <h3>{ "Everything we hold about this child" }</h3>
                <p>{ "For a subject access request: one folder with the plan and every review as PDF, the history of changes as a list, every attachment, the disclosure record and the data itself (JSON)." }</p>
                <button type="button" class="button primary" id="subject-access" onclick={export_all}>{ "Save everything in a folder…" }</button>
                { match &*status {
                    None => html! {},
                    Some(Ok(m)) => html! { <p class="note-ok" role="status" id="subject-access-status">{ m }</p> },
                    Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
                } }
            </div>
            <h3 id="disclosures-title">{ "Disclosure record" }</h3>
            <p class="hint">{ "Filled in as it happens: invitations, people joining, PDFs saved, reports sent. Add anything sent another way." }</p>
            { match &*record {
                None => html! { <p role="status">{ "Loading…" }</p> },
                Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
                Some(Ok(list)) if list.is_empty() => html! { <p id="no-disclosures">{ "Nothing has been shared or sent from this computer yet." }</p> },
                Some(Ok(list)) => html! {
                    <table class="disclosures" aria-labelledby="disclosures-title">
                        <thead><tr>
                            <th scope="col">{ "When" }</th><th scope="col">{ "To" }</th>
                            <th scope="col">{ "What" }</th><th scope="col">{ "Basis" }</th><th scope="col">{ "By" }</th>
                        </tr></thead>
                        <tbody>{ for list.iter().rev().map(|d| html! {
                            <tr>
                                <td class="date">{ d.at.replace('T', " ").trim_end_matches('Z').to_string() }</td>
                                <td>{ &d.to_whom }</td><td>{ &d.what }</td><td>{ &d.basis }</td><td>{ &d.by }</td>
                            </tr>
                        }) }</tbody>
                    </table>
                },
            } }
            <ByHand id={p.id.clone()} on_added={reload} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ByHandProps {
    id: String,
    on_added: Callback<()>,
}

/// Recording a disclosure made outside Northstar.
#[function_component(ByHand)]
fn by_hand(p: &ByHandProps) -> Html {
    let to = use_state(String::new);
    let what = use_state(String::new);
    let basis = use_state(String::new);
    let error = use_state(|| None::<String>);
    let input = crate::lock::typed_into;
    let onsubmit = {
        let (to, what, basis, error, id, on_added) = (
            to.clone(),
            what.clone(),
            basis.clone(),
            error.clone(),
            p.id.clone(),
            p.on_added.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (to, what, basis, error, id, on_added) = (
                to.clone(),
                what.clone(),
                basis.clone(),
                error.clone(),
                id.clone(),
                on_added.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match ipc::record_disclosure(&id, &to, &what, &basis).await {
                    Ok(()) => {
                        to.set(String::new());
                        what.set(String::new());
                        basis.set(String::new());
                        error.set(None);
                        on_added.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    html! {
        <details class="author">
            <summary>{ "Record something sent another way" }</summary>
            <form class="inline-form" {onsubmit}>
                <div class="field">
                    <label for="disclosure-to">{ "To whom" }</label>
                    <input id="disclosure-to" type="text" value={(*to).clone()} oninput={input(&to)} />
                </div>
                <div class="field">
                    <label for="disclosure-what">{ "What went" }</label>
                    <input id="disclosure-what" type="text" value={(*what).clone()} oninput={input(&what)} />
                </div>
                <div class="field">
                    <label for="disclosure-basis">{ "On what basis" }</label>
                    <input id="disclosure-basis" type="text" value={(*basis).clone()} oninput={input(&basis)} />
                </div>
                <button type="submit" class="button" id="record-disclosure">{ "Add to the record" }</button>
            </form>
            if let Some(e) = &*error { <p class="error" role="alert">{ e }</p> }
        </details>
    }
}
