//! Export: the draft EHC plan, the annual review report, the review summary for the family
//! and the one-page profile (also in easy read, with the young person's pictures and
//! drawings) as PDFs; the summary and the profile also in the family's language,
//! made on this computer with no network. Each button asks where to save, then writes.

use super::Ctx;
use crate::ipc;
use northstar_schema::Language;
use yew::prelude::*;

/// The documents, as the engine names them, with plain words for people: title, what it is,
/// and the words on its save button.
const KINDS: [(&str, &str, &str, &str); 5] = [
    (
        "ehcp-draft",
        "Draft EHC plan",
        "Sections A to K, marked DRAFT, for the family to comment on.",
        "Save the draft plan as PDF…",
    ),
    (
        "review-report",
        "Annual review report",
        "The school's report after the meeting, for everyone invited and the LA.",
        "Save the report as PDF…",
    ),
    (
        "one-page-profile",
        "One-page profile",
        "The young person's profile in large type, on one page.",
        "Save the profile as PDF…",
    ),
    (
        "family-summary",
        "Review summary for the family",
        "A short summary after the meeting: who came, what it suggested, what happens next and what people agreed to do.",
        "Save the summary as PDF…",
    ),
    (
        "easy-read-profile",
        "Easy-read profile",
        "The one-page profile in easy read: big words, short headings with pictures, and the young person's own pictures and drawings.",
        "Save the easy-read profile as PDF…",
    ),
];

/// The family's home language where Northstar can make documents in it (not English).
pub fn family_language(doc: &northstar_schema::ReviewDocument) -> Option<Language> {
    doc.young_person
        .communication
        .home_language
        .as_deref()
        .and_then(Language::from_home_language)
        .filter(|l| *l != Language::English)
}

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

/// A preview being shown: which document, and its pages as SVG.
#[derive(Clone, PartialEq)]
struct Preview {
    title: &'static str,
    pages: Result<Vec<String>, String>,
}

#[function_component(ExportView)]
pub fn export_view(p: &ExportProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let progress = use_state(|| Progress::Idle);
    let preview = use_state(|| None::<Preview>);
    let name = ctx.review.young_person.display_name();
    // A new preview takes focus, so keyboard and screen-reader users land on it and it
    // scrolls into view.
    {
        let shown = preview.as_ref().map(|p| p.title);
        use_effect_with(shown, move |shown| {
            if shown.is_some() {
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("preview-title"))
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
                {
                    let _ = el.focus();
                    el.scroll_into_view();
                }
            }
        });
    }
    // The versions this family's communication needs call for come first, saying why.
    let comms = &ctx.review.young_person.communication;
    let suited = comms.suited_documents();
    let suited_for = |kind: &str| suited.iter().find(|(k, _)| *k == kind).map(|(_, f)| *f);
    let mut kinds = KINDS.to_vec();
    kinds.sort_by_key(|(kind, ..)| {
        suited
            .iter()
            .position(|(k, _)| k == kind)
            .unwrap_or(usize::MAX)
    });
    // Large print is a choice for every document; on from the start when their formats
    // include it.
    let large = {
        let wanted = comms
            .formats
            .contains(&northstar_schema::InformationFormat::LargePrint);
        use_state(move || wanted)
    };
    let print = if *large { "large" } else { "standard" };
    let home_language = comms
        .home_language
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.eq_ignore_ascii_case("english"));
    let family = family_language(&ctx.review);
    // (kind, title, what it is, save words, in the family's language?)
    let button = |(kind, title, what, save, language): (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Option<Language>,
    )| {
        let why = suited_for(kind);
        let (progress, id) = (progress.clone(), p.id.clone());
        let in_language = language
            .map(|l| format!(" in {}", l.english_name()))
            .unwrap_or_default();
        let suggested = if print == "large" && kind != "easy-read-profile" {
            format!("{name} - {title}{in_language} (large print).pdf")
        } else {
            format!("{name} - {title}{in_language}.pdf")
        };
        let onclick = Callback::from(move |_| {
            let (progress, id, suggested) = (progress.clone(), id.clone(), suggested.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let path = match ipc::choose_save_path(&suggested).await {
                    Ok(Some(path)) => path,
                    Ok(None) => return,
                    Err(e) => return progress.set(Progress::Failed(e)),
                };
                progress.set(Progress::Writing(title));
                progress.set(
                    match ipc::export_pdf(&id, kind, print, language, &path).await {
                        Ok(warning) => Progress::Done(format!(
                            "Saved the {} as {path}.{}",
                            title.to_lowercase(),
                            warning.map(|w| format!(" {w}")).unwrap_or_default()
                        )),
                        Err(e) => Progress::Failed(e),
                    },
                );
            });
        });
        let show = {
            let (preview, id) = (preview.clone(), p.id.clone());
            Callback::from(move |_| {
                let (preview, id) = (preview.clone(), id.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let pages = ipc::preview_pdf(&id, kind, print, language).await;
                    preview.set(Some(Preview { title, pages }));
                });
            })
        };
        let key = match language {
            Some(l) => format!("{kind}-{}", l.code()),
            None => kind.to_string(),
        };
        html! {
            <li class={classes!("card", (why.is_some() || language.is_some()).then_some("suited"))}>
                <h3>{ title }
                    if let Some(l) = language {
                        { ": " }<span lang={l.code()} dir={if l.rtl() { "rtl" } else { "ltr" }}>{ l.native() }</span>
                        { format!(" ({})", l.english_name()) }
                    }
                </h3>
                if let Some(l) = language {
                    <p class="suited-note"><strong>{ "Suggested for this family: " }</strong>
                        { format!("their home language is {}. The headings are translated with machine help, not yet checked by a fluent speaker; what people said is printed as they said it.", l.english_name()) }</p>
                }
                if let Some(format) = why.filter(|_| language.is_none()) {
                    <p class="suited-note"><strong>{ "Suggested for this family: " }</strong>
                        { format!("their communication needs include \u{201c}{}\u{201d}.", format.label().to_lowercase()) }</p>
                }
                <p>{ what }</p>
                <div class="row">
                    <button type="button" class="button" id={format!("preview-{key}")} onclick={show}>{ "Preview" }</button>
                    <button type="button" class="button primary" id={format!("export-{key}")} {onclick}>{ save }</button>
                </div>
            </li>
        }
    };
    html! {
        <section class="ws-single" aria-labelledby="export-title">
            <h2 id="export-title">{ "Export" }</h2>
            <p class="hint">{ "PDFs are made on this computer; nothing is sent anywhere." }</p>
            if let Some(language) = family {
                <p class="callout" id="home-language-note">{ format!("The family's home language is {}. The review summary for the family and the one-page profile can be made in {0}, and the LA's decision letter has a page in {0} after the English. The plan and the report stay in English, as the law expects: go through them with the family and an interpreter.", language.english_name()) }</p>
            } else if let Some(language) = home_language {
                <p class="callout" id="home-language-note">{ format!("The family's home language is {language}. These documents are in English: go through them with the family and an interpreter, or arrange a translation.") }</p>
            }
            <p class="check">
                <input type="checkbox" id="large-print" checked={*large}
                    onchange={let large = large.clone(); Callback::from(move |_| large.set(!*large))} />
                <label for="large-print">{ "Large print: body text at 18 point, for every document" }</label>
            </p>
            <ul class="card-list">
                if let Some(language) = family {
                    { button(("family-summary", "Review summary for the family", "A short summary after the meeting, in the family's language: who came, what it suggested, what happens next and what people agreed to do.", "Save the summary in the family's language as PDF…", Some(language))) }
                    { button(("one-page-profile", "One-page profile", "The young person's profile on one page, in the family's language.", "Save the profile in the family's language as PDF…", Some(language))) }
                }
                { for kinds.into_iter().map(|(kind, title, what, save)| button((kind, title, what, save, None))) }
            </ul>
            { match &*progress {
                Progress::Idle => html! {},
                Progress::Writing(what) => html! { <p role="status">{ format!("Writing the {}…", what.to_lowercase()) }</p> },
                Progress::Done(msg) => html! { <p class="note-ok" role="status">{ msg }</p> },
                Progress::Failed(msg) => html! { <p class="error" role="alert">{ msg }</p> },
            } }
            if let Some(pv) = &*preview {
                { preview_pages(pv) }
            }
        </section>
    }
}

/// The pages, as pictures of the PDF to come, each named for screen readers.
fn preview_pages(pv: &Preview) -> Html {
    match &pv.pages {
        Err(e) => html! { <p class="error" role="alert">{ e }</p> },
        Ok(pages) => {
            let total = pages.len();
            html! {
                <section class="preview" aria-labelledby="preview-title">
                    <h3 id="preview-title" tabindex="-1">{ format!("Preview: {} ({} {})", pv.title, total, if total == 1 { "page" } else { "pages" }) }</h3>
                    <ol class="preview-pages">
                        { for pages.iter().enumerate().map(|(i, svg)| {
                            let src = format!("data:image/svg+xml;charset=utf-8,{}", js_sys::encode_uri_component(svg));
                            html! {
                                <li><img class="preview-page" {src} alt={format!("{}, page {} of {}", pv.title, i + 1, total)} /></li>
                            }
                        }) }
                    </ol>
                </section>
            }
        }
    }
}
