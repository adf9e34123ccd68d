//! Export: the draft EHC plan, the annual review report and the one-page profile as PDFs,
//! made on this computer with no network. Each button asks where to save, then writes.

use super::Ctx;
use crate::ipc;
use yew::prelude::*;

/// The documents, as the engine names them, with plain words for people.
const KINDS: [(&str, &str, &str); 3] = [
    (
        "ehcp-draft",
        "Draft EHC plan",
        "Sections A to K, marked DRAFT, for the family to comment on.",
    ),
    (
        "review-report",
        "Annual review report",
        "The school's report after the meeting, for everyone invited and the LA.",
    ),
    (
        "one-page-profile",
        "One-page profile",
        "The young person's profile in large type, on one page.",
    ),
];

#[derive(Properties, PartialEq)]
pub struct ExportProps {
    pub id: String,
}

/// Where an export stands.
#[derive(Clone, PartialEq)]
enum Progress {
    Idle,
    Writing(&'static str),
    Done(String),
    Failed(String),
}

#[function_component(ExportView)]
pub fn export_view(p: &ExportProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let progress = use_state(|| Progress::Idle);
    let name = ctx.review.young_person.display_name();
    let button = |(kind, title, what): (&'static str, &'static str, &'static str)| {
        let (progress, id) = (progress.clone(), p.id.clone());
        let suggested = format!("{name} - {title}.pdf");
        let onclick = Callback::from(move |_| {
            let (progress, id, suggested) = (progress.clone(), id.clone(), suggested.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let path = match ipc::choose_save_path(&suggested).await {
                    Ok(Some(path)) => path,
                    Ok(None) => return,
                    Err(e) => return progress.set(Progress::Failed(e)),
                };
                progress.set(Progress::Writing(title));
                progress.set(match ipc::export_pdf(&id, kind, &path).await {
                    Ok(()) => {
                        Progress::Done(format!("Saved the {} as {path}.", title.to_lowercase()))
                    }
                    Err(e) => Progress::Failed(e),
                });
            });
        });
        html! {
            <li class="card">
                <h3>{ title }</h3>
                <p>{ what }</p>
                <button type="button" class="button primary" id={format!("export-{kind}")} {onclick}>{ format!("Save the {} as PDF…", title.to_lowercase()) }</button>
            </li>
        }
    };
    html! {
        <section class="ws-single" aria-labelledby="export-title">
            <h2 id="export-title">{ "Export" }</h2>
            <p class="hint">{ "PDFs are made on this computer; nothing is sent anywhere." }</p>
            <ul class="card-list">{ for KINDS.into_iter().map(button) }</ul>
            { match &*progress {
                Progress::Idle => html! {},
                Progress::Writing(what) => html! { <p role="status">{ format!("Writing the {}…", what.to_lowercase()) }</p> },
                Progress::Done(msg) => html! { <p class="note-ok" role="status">{ msg }</p> },
                Progress::Failed(msg) => html! { <p class="error" role="alert">{ msg }</p> },
            } }
        </section>
    }
}
