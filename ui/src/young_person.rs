//! The young person's space: a calm, first-person screen for their own words, pictures and
//! voice notes. The engine hands it only a [`YoungPersonSpace`] (their name and their own
//! contributions), so nothing else of the plan is ever loaded into this screen.

use crate::format;
use crate::ipc;
use crate::widgets::{AddText, AutoText};
use northstar_schema::edit::ReviewEdit;
use northstar_schema::{
    Attachment, AttachmentKind, Contribution, ContributionKind, Date, YoungPersonSpace,
};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Pictures a young person can pick to go with what they wrote, with the word a screen reader says.
pub const SYMBOLS: [(&str, &str); 16] = [
    ("⭐", "star"),
    ("❤️", "heart"),
    ("😊", "happy"),
    ("😟", "worried"),
    ("⚽", "football"),
    ("🎨", "art"),
    ("🎵", "music"),
    ("📚", "books"),
    ("🎮", "games"),
    ("🐶", "animals"),
    ("🚌", "travel"),
    ("🍕", "food"),
    ("🌳", "outdoors"),
    ("🤝", "friends"),
    ("🏠", "home"),
    ("💼", "work"),
];

fn heading_picture(kind: ContributionKind) -> &'static str {
    match kind {
        ContributionKind::WhatILike => "😊",
        ContributionKind::ImportantToMe => "❤️",
        ContributionKind::Aspiration => "⭐",
        ContributionKind::HowToHelpMe => "🤝",
    }
}

#[derive(Properties, PartialEq)]
pub struct SpaceProps {
    pub id: String,
    pub on_finish: Callback<()>,
}

#[function_component(YoungPersonSpaceView)]
pub fn young_person_space_view(p: &SpaceProps) -> Html {
    let space = use_state(|| None::<Result<YoungPersonSpace, String>>);
    let bigger = use_state(|| false);
    let saved = use_state(|| None::<Result<(), String>>);
    {
        let space = space.clone();
        use_effect_with(p.id.clone(), move |id| {
            let id = id.clone();
            wasm_bindgen_futures::spawn_local(async move {
                space.set(Some(ipc::young_person_space(&id).await));
            });
        });
    }
    let on_edit = {
        let (space, saved, id) = (space.clone(), saved.clone(), p.id.clone());
        Callback::from(move |edit: ReviewEdit| {
            let (space, saved, id) = (space.clone(), saved.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match ipc::edit_young_person_space(&id, &edit).await {
                    Ok(s) => {
                        space.set(Some(Ok(s)));
                        saved.set(Some(Ok(())));
                    }
                    Err(e) => saved.set(Some(Err(e))),
                }
            });
        })
    };
    let on_space = {
        let (space, saved) = (space.clone(), saved.clone());
        Callback::from(move |r: Result<YoungPersonSpace, String>| match r {
            Ok(s) => {
                space.set(Some(Ok(s)));
                saved.set(Some(Ok(())));
            }
            Err(e) => saved.set(Some(Err(e))),
        })
    };
    let toggle = {
        let bigger = bigger.clone();
        Callback::from(move |_| bigger.set(!*bigger))
    };
    let finish = p.on_finish.reform(|_: MouseEvent| ());
    let content = match &*space {
        None => html! {},
        Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
        Some(Ok(s)) => html! {
            <>
                <p class="yp-intro">{ "This is your space. Write, draw, add a photo or a voice note about the things below. You can change them any time." }</p>
                { for ContributionKind::ALL.iter().map(|k| kind_card(s, *k, &on_edit, &on_space)) }
            </>
        },
    };
    let name = match &*space {
        Some(Ok(s)) if !s.first_name.is_empty() => format!("{}'s space", s.first_name),
        _ => "My space".into(),
    };
    html! {
        <div class={classes!("yp-space", (*bigger).then_some("yp-bigger"))}>
            <a class="skip-link" href="#main">{ "Skip to my space" }</a>
            <header class="yp-head">
                <h1>{ name }</h1>
                <div class="yp-tools">
                    <p class="yp-saved" role="status" aria-live="polite">{ match &*saved {
                        None => "".to_string(),
                        Some(Ok(())) => "Saved".to_string(),
                        Some(Err(e)) => format!("Not saved: {e}"),
                    } }</p>
                    <button type="button" class="button calm" id="bigger-text" aria-pressed={bigger.to_string()} onclick={toggle}>{ "Bigger text" }</button>
                    <button type="button" class="button calm" id="finish-young-person" onclick={finish}>{ "I've finished" }</button>
                </div>
            </header>
            <main id="main" tabindex="-1">{ content }</main>
        </div>
    }
}

fn kind_card(
    space: &YoungPersonSpace,
    kind: ContributionKind,
    on_edit: &Callback<ReviewEdit>,
    on_space: &Callback<Result<YoungPersonSpace, String>>,
) -> Html {
    let mine: Vec<&Contribution> = space
        .contributions
        .iter()
        .filter(|c| c.kind == kind)
        .collect();
    let heading = format!("yp-{}", kind.as_str());
    let add = {
        let (on_edit, author_id) = (on_edit.clone(), space.author_id.clone());
        Callback::from(move |text: String| {
            on_edit.emit(ReviewEdit::UpsertContribution {
                contribution: Contribution {
                    kind,
                    text: text.into(),
                    author_id: author_id.clone(),
                    recorded_on: Some(Date(format::today())),
                    ..Default::default()
                },
            })
        })
    };
    html! {
        <section class="yp-card" aria-labelledby={heading.clone()}>
            <h2 id={heading}><span aria-hidden="true">{ heading_picture(kind) }{ " " }</span>{ kind.label() }</h2>
            { for mine.iter().enumerate().map(|(i, c)| contribution(space, kind, i, c, on_edit, on_space)) }
            <AddText id={format!("add-{}", kind.as_str())} label={format!("Write something for \u{201c}{}\u{201d}", kind.label())}
                on_add={add} button="Add" multiline=true />
        </section>
    }
}

fn contribution(
    space: &YoungPersonSpace,
    kind: ContributionKind,
    i: usize,
    c: &Contribution,
    on_edit: &Callback<ReviewEdit>,
    on_space: &Callback<Result<YoungPersonSpace, String>>,
) -> Html {
    let upsert = |c: Contribution| ReviewEdit::UpsertContribution { contribution: c };
    let save = {
        let (c, on_edit) = (c.clone(), on_edit.clone());
        Callback::from(move |t: String| {
            on_edit.emit(upsert(Contribution {
                text: t.into(),
                ..c.clone()
            }))
        })
    };
    let remove = {
        let (id, on_edit) = (c.id.clone(), on_edit.clone());
        Callback::from(move |_| on_edit.emit(ReviewEdit::RemoveContribution { id: id.clone() }))
    };
    let label = format!("{} {}", kind.label(), i + 1);
    html! {
        <div class="yp-item" key={c.id.clone()}>
            <AutoText id={format!("yp-text-{}", c.id)} label={label.clone()} label_hidden=true value={c.text.0.clone()} on_save={save} multiline=true />
            <fieldset class="symbols">
                <legend>{ "Pictures that go with this" }</legend>
                { for SYMBOLS.iter().map(|(symbol, word)| {
                    let on = c.symbols.iter().any(|s| s == symbol);
                    let (c, on_edit) = (c.clone(), on_edit.clone());
                    let shown = symbol.to_string();
                    let symbol = symbol.to_string();
                    let onclick = Callback::from(move |_| {
                        let mut symbols: Vec<String> = c.symbols.iter().filter(|s| **s != symbol).cloned().collect();
                        if !on { symbols.push(symbol.clone()); }
                        on_edit.emit(upsert(Contribution { symbols, ..c.clone() }));
                    });
                    html! {
                        <button type="button" class="symbol" aria-pressed={on.to_string()} aria-label={*word} title={*word} {onclick}>{ shown }</button>
                    }
                }) }
            </fieldset>
            if !c.attachments.is_empty() {
                <ul class="attachments">
                    { for c.attachments.iter().map(|a| html! { <li key={a.sha256.clone()}><AttachmentView attachment={a.clone()} about={label.clone()} /></li> }) }
                </ul>
            }
            <div class="row">
                <crate::drawing::Draw review_id={space.review_id.clone()} contribution_id={c.id.clone()}
                    about={label.clone()} on_space={on_space.clone()} />
                { upload(space, c, "image/*", "Add a photo", on_space) }
                { upload(space, c, "audio/*", "Add a voice note", on_space) }
                <button type="button" class="button subtle" aria-label={format!("Remove {label}")} onclick={remove}>{ "Remove" }</button>
            </div>
        </div>
    }
}

/// A file picker styled as a button; the chosen file is attached straight away.
fn upload(
    space: &YoungPersonSpace,
    c: &Contribution,
    accept: &'static str,
    label: &'static str,
    on_space: &Callback<Result<YoungPersonSpace, String>>,
) -> Html {
    let id = format!("upload-{}-{}", accept.trim_end_matches("/*"), c.id);
    let onchange = {
        let (review_id, contribution_id, on_space) =
            (space.review_id.clone(), c.id.clone(), on_space.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let (review_id, contribution_id, on_space) =
                (review_id.clone(), contribution_id.clone(), on_space.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let media_type = file.type_();
                let kind = if media_type.starts_with("audio/") {
                    "voice-note"
                } else if media_type.starts_with("image/") {
                    "photo"
                } else {
                    "document"
                };
                let result = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => {
                        let bytes = js_sys::Uint8Array::new(&buffer);
                        ipc::attach(&review_id, &contribution_id, kind, &media_type, &bytes).await
                    }
                    Err(_) => Err("That file could not be read. Please try another.".into()),
                };
                on_space.emit(result);
            });
        })
    };
    html! {
        <div class="upload">
            <label for={id.clone()} class="button calm">{ label }</label>
            <input type="file" class="visually-hidden" id={id} {accept} {onchange} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AttachmentProps {
    attachment: Attachment,
    /// What the attachment belongs to, for its accessible name.
    about: String,
}

/// Shows a picture or plays a recording, fetched from the local store.
#[function_component(AttachmentView)]
fn attachment_view(p: &AttachmentProps) -> Html {
    let url = use_state(|| None::<String>);
    {
        let url = url.clone();
        let (sha, media_type) = (p.attachment.sha256.clone(), p.attachment.media_type.clone());
        use_effect_with(sha.clone(), move |_| {
            let handle = url.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(bytes) = ipc::blob(&sha).await {
                    let parts = js_sys::Array::of1(&bytes);
                    let options = web_sys::BlobPropertyBag::new();
                    options.set_type(&media_type);
                    if let Ok(blob) =
                        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
                    {
                        if let Ok(u) = web_sys::Url::create_object_url_with_blob(&blob) {
                            handle.set(Some(u));
                        }
                    }
                }
            });
            move || {
                if let Some(u) = &*url {
                    let _ = web_sys::Url::revoke_object_url(u);
                }
            }
        });
    }
    let Some(src) = (*url).clone() else {
        return html! {};
    };
    match p.attachment.kind {
        AttachmentKind::VoiceNote => html! {
            <audio controls=true src={src} aria-label={format!("Voice note for {}", p.about)} />
        },
        AttachmentKind::Drawing => html! {
            <img src={src} class="yp-picture" alt={p.attachment.caption.clone().unwrap_or_else(|| format!("Drawing for {}", p.about))} />
        },
        AttachmentKind::Photo => html! {
            <img src={src} class="yp-picture" alt={p.attachment.caption.clone().unwrap_or_else(|| format!("Picture added to {}", p.about))} />
        },
        AttachmentKind::Document => {
            html! { <a href={src} download="attachment">{ format!("File added to {}", p.about) }</a> }
        }
    }
}
