//! History: who changed what and when, read from the document's own change records, with a
//! read-only view of any earlier version.

use crate::format;
use crate::ipc::{self, HistoryEntry};
use northstar_schema::edit::{Poster, Topic};
use northstar_schema::{ReviewDocument, Vocabulary};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    pub id: String,
    /// Which saved version the workspace shows: history reloads whenever it changes.
    pub version: u64,
}

#[function_component(HistoryView)]
pub fn history_view(p: &HistoryProps) -> Html {
    let entries = use_state(|| None::<Result<Vec<HistoryEntry>, String>>);
    let topic = use_state(|| None::<Topic>);
    let version = use_state(|| None::<(HistoryEntry, Result<ReviewDocument, String>)>);
    {
        let entries = entries.clone();
        use_effect_with((p.id.clone(), p.version), move |(id, _)| {
            let id = id.clone();
            wasm_bindgen_futures::spawn_local(async move {
                entries.set(Some(ipc::history(&id).await));
            });
        });
    }
    if let Some((entry, doc)) = &*version {
        let back = {
            let version = version.clone();
            Callback::from(move |_| version.set(None))
        };
        return html! {
            <section class="ws-single" aria-labelledby="version-title">
                <h2 id="version-title">{ format!("As it was at {}", format::moment(entry.at)) }</h2>
                <p class="callout">{ format!("Read-only: the plan just after \u{201c}{}\u{201d}, by {}.", entry.what, entry.who()) }</p>
                <button type="button" class="button" id="back-to-history" onclick={back}>{ "← Back to history" }</button>
                { match doc {
                    Ok(doc) => version_view(doc),
                    Err(e) => html! { <p class="error" role="alert">{ e }</p> },
                } }
            </section>
        };
    }
    let on_topic = {
        let topic = topic.clone();
        Callback::from(move |e: Event| {
            let wire = e.target_unchecked_into::<HtmlSelectElement>().value();
            topic.set(Topic::from_wire(&wire));
        })
    };
    let list = match &*entries {
        None => html! {},
        Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
        Some(Ok(all)) => {
            let shown: Vec<&HistoryEntry> = all
                .iter()
                .filter(|e| topic.is_none() || e.topic == *topic)
                .collect();
            html! {
                <>
                    <p role="status">{ format!("{} changes shown.", shown.len()) }</p>
                    <ol class="history">
                        { for shown.into_iter().map(|e| {
                            let see = {
                                let (version, id, entry) = (version.clone(), p.id.clone(), e.clone());
                                Callback::from(move |_| {
                                    let (version, id, entry) = (version.clone(), id.clone(), entry.clone());
                                    wasm_bindgen_futures::spawn_local(async move {
                                        let doc = ipc::version_at(&id, &entry.hash).await;
                                        version.set(Some((entry, doc)));
                                    });
                                })
                            };
                            html! {
                                <li key={e.hash.clone()} class="history-entry">
                                    <p class="what">{ &e.what }</p>
                                    <p class="sub">
                                        { format::moment(e.at) }
                                        { " · " }
                                        { e.who() }
                                        if let Some(t) = e.topic { { format!(" · {}", t.label()) } }
                                    </p>
                                    <button type="button" class="button subtle" onclick={see}
                                        aria-label={format!("See this version, after: {}", e.what)}>{ "See this version" }</button>
                                </li>
                            }
                        }) }
                    </ol>
                </>
            }
        }
    };
    html! {
        <section class="ws-single" aria-labelledby="history-title">
            <h2 id="history-title">{ "History" }</h2>
            <div class="field">
                <label for="history-topic">{ "Show changes to" }</label>
                <select id="history-topic" onchange={on_topic}>
                    <option value="">{ "Every part of the plan" }</option>
                    { for Topic::ALL.iter().map(|t| html! { <option value={t.as_str()} selected={*topic == Some(*t)}>{ t.label() }</option> }) }
                </select>
            </div>
            { list }
        </section>
    }
}

/// The main text of an earlier version, read-only.
fn version_view(doc: &ReviewDocument) -> Html {
    let a = &doc.plan.section_a;
    let texts = |title: &str, items: Vec<String>| -> Html {
        html! {
            <section class="version-part">
                <h3>{ title }</h3>
                if items.iter().all(|t| t.trim().is_empty()) {
                    <p class="quiet">{ "Nothing recorded." }</p>
                } else {
                    <ul>{ for items.iter().filter(|t| !t.trim().is_empty()).map(|t| html! { <li>{ t }</li> }) }</ul>
                }
            </section>
        }
    };
    let review = doc.current_review();
    html! {
        <div class="version">
            { texts("Young person's views", vec![a.young_person_views.0.clone()]) }
            { texts("Parents' views", vec![a.parent_views.0.clone()]) }
            { texts("Aspirations", a.aspirations.iter().map(|x| x.text.0.clone()).collect()) }
            { texts("Outcomes", doc.plan.section_e.outcomes.iter().map(|o| o.text.0.clone()).collect()) }
            { texts("Provision", doc.plan.provisions().map(|p| format!("{}: {} — {}", p.section.as_str(), p.provision.provider, p.provision.description)).collect()) }
            if let Some(r) = review {
                { for Poster::ALL.iter().map(|poster| texts(poster.label(), poster.entries(r).iter().map(|e| e.text.0.clone()).collect())) }
                { texts("Working", r.record.working.iter().map(|e| format!("{}: {}", e.perspective.label(), e.text)).collect()) }
                { texts("Not working", r.record.not_working.iter().map(|e| format!("{}: {}", e.perspective.label(), e.text)).collect()) }
                { texts("Actions", r.actions.iter().map(|x| format!("{} — {}", x.what, x.owner)).collect()) }
                { texts("Proposed amendments", r.amendments.iter().map(|x| format!("Section {}: {}", x.section.as_str(), x.proposal)).collect()) }
            }
            { texts("Young person's own words", doc.voice.iter().map(|c| format!("{}: {}", c.kind.label(), c.text)).collect()) }
        </div>
    }
}
