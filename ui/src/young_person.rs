//! The young person's space: a calm, first-person screen for their own words, pictures and
//! voice notes. The engine hands it only a [`YoungPersonSpace`] (their name and their own
//! contributions), so nothing else of the plan is ever loaded into this screen.

use crate::format;
use crate::i18n::{self, t, tr, Lang};
use crate::ipc;
use crate::widgets::{AddText, AutoText};
use northstar_schema::edit::ReviewEdit;
use northstar_schema::{
    easy_read, Attachment, AttachmentKind, Contribution, ContributionKind, Date, YoungPersonSpace,
};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The picture beside each heading: the same as easy read's, so the two modes look alike.
fn heading_picture(kind: ContributionKind) -> Html {
    // Beside a heading that says the same in words, so hidden from screen readers.
    let id = easy_read::question(kind).symbol;
    html! { <img class="heading-symbol" src={crate::symbols::picture_url(id)} alt="" width="48" height="48" /> }
}

/// Whether the webview can read text aloud; the button is hidden where it cannot.
fn can_speak() -> bool {
    web_sys::window()
        .map(|w| js_sys::Reflect::has(&w, &"speechSynthesis".into()).unwrap_or(false))
        .unwrap_or(false)
}

/// Reads `text` aloud in British English, a little slower than usual, stopping anything
/// already being read so two presses never talk over each other.
fn speak(text: &str, lang: Lang) {
    let Some(speech) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) else {
        return;
    };
    speech.cancel();
    if let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) {
        utterance.set_lang(lang.code());
        utterance.set_rate(0.9);
        speech.speak(&utterance);
    }
}

#[derive(Properties, PartialEq)]
struct ReadAloudProps {
    text: String,
    /// The button's words (already in the reader's language).
    label: AttrValue,
    #[prop_or_default]
    id: Option<AttrValue>,
}

/// A button that reads some words aloud, shown only where the webview has a voice.
#[function_component(ReadAloud)]
fn read_aloud(p: &ReadAloudProps) -> Html {
    if !can_speak() {
        return html! {};
    }
    let lang = use_context::<Lang>().unwrap_or_default();
    let onclick = {
        let text = p.text.clone();
        Callback::from(move |_: MouseEvent| speak(&text, lang))
    };
    html! {
        <button type="button" class="button calm read-aloud" id={p.id.clone()} {onclick}>
            <span aria-hidden="true">{ "🔊 " }</span>{ p.label.clone() }
        </button>
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
    // `None` follows their communication needs; a press of the button decides from then on.
    let easy_choice = use_state(|| None::<bool>);
    let step = use_state(|| 0usize);
    let lang = use_state(crate::i18n::remembered);
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
    let easy = (*easy_choice).unwrap_or(matches!(&*space, Some(Ok(s)) if s.easy_read));
    let toggle = {
        let bigger = bigger.clone();
        Callback::from(move |_| bigger.set(!*bigger))
    };
    let toggle_easy = {
        let easy_choice = easy_choice.clone();
        Callback::from(move |_| easy_choice.set(Some(!easy)))
    };
    let go = {
        let step = step.clone();
        Callback::from(move |to: usize| {
            step.set(to);
            // Move focus to the new question, so a keyboard or screen reader user starts there.
            gloo_timers::callback::Timeout::new(0, || {
                if let Some(h) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("yp-question"))
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = h.focus();
                }
            })
            .forget();
        })
    };
    let finish = p.on_finish.reform(|_: MouseEvent| ());
    let language = i18n::language_select(&lang, "yp-language", i18n::KEY);
    let lang = *lang;
    let content = match &*space {
        None => html! {},
        Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
        Some(Ok(s)) if easy => easy_question(s, lang, (*step).min(3), &go, &on_edit, &on_space),
        Some(Ok(s)) => html! {
            <>
                <p class="yp-intro">{ t(lang, "intro") }</p>
                { for ContributionKind::ALL.iter().map(|k| kind_card(s, lang, *k, false, &on_edit, &on_space)) }
            </>
        },
    };
    let name = match &*space {
        Some(Ok(s)) if !s.first_name.is_empty() => {
            tr(lang, "space-title", &[("name", &s.first_name)])
        }
        _ => t(lang, "space-title-plain"),
    };
    html! {
        <ContextProvider<Lang> context={lang}>
        <div class={classes!("yp-space", (*bigger).then_some("yp-bigger"), easy.then_some("yp-easy-read"))}
            lang={lang.code()} dir={lang.dir()}>
            <a class="skip-link" href="#main">{ t(lang, "skip-to-space") }</a>
            <header class="yp-head">
                <h1>{ name }</h1>
                <div class="yp-tools">
                    { i18n::saved_line(lang, &saved, "yp-saved") }
                    { language }
                    <button type="button" class="button calm" id="easy-read" aria-pressed={easy.to_string()} onclick={toggle_easy}>{ t(lang, "easy-read") }</button>
                    <button type="button" class="button calm" id="bigger-text" aria-pressed={bigger.to_string()} onclick={toggle}>{ t(lang, "bigger-text") }</button>
                    <button type="button" class="button calm" id="finish-young-person" onclick={finish}>{ t(lang, "finished") }</button>
                </div>
            </header>
            { i18n::translation_note(lang) }
            <main id="main" tabindex="-1">{ content }</main>
        </div>
        </ContextProvider<Lang>>
    }
}

/// Easy read: one question at a time, with its picture, short words and read-aloud.
fn easy_question(
    space: &YoungPersonSpace,
    lang: Lang,
    step: usize,
    go: &Callback<usize>,
    on_edit: &Callback<ReviewEdit>,
    on_space: &Callback<Result<YoungPersonSpace, String>>,
) -> Html {
    let q = easy_read::QUESTIONS[step];
    let last = easy_read::QUESTIONS.len() - 1;
    let back = go.reform(move |_: MouseEvent| step.saturating_sub(1));
    let next = go.reform(move |_: MouseEvent| (step + 1).min(last));
    html! {
        <>
            <p class="yp-step">{ tr(lang, "question-count", &[("n", &(step + 1).to_string()), ("total", &(last + 1).to_string())]) }</p>
            { kind_card(space, lang, q.kind, true, on_edit, on_space) }
            <nav class="row yp-steps" aria-label="Questions">
                if step > 0 {
                    <button type="button" class="button calm" id="easy-back" onclick={back}>
                        <span aria-hidden="true">{ if lang.dir() == "rtl" { "→ " } else { "← " } }</span>{ t(lang, "back") }
                    </button>
                }
                if step < last {
                    <button type="button" class="button primary" id="easy-next" onclick={next}>
                        { t(lang, "next-question") }<span aria-hidden="true">{ if lang.dir() == "rtl" { " ←" } else { " →" } }</span>
                    </button>
                } else {
                    <p class="yp-done">{ t(lang, "last-question") }</p>
                }
            </nav>
        </>
    }
}

/// A heading's words in `lang`: the easy-read question, or the plain heading.
fn heading_words(lang: Lang, kind: ContributionKind, easy: bool) -> String {
    if easy {
        t(lang, &format!("q-{}", kind.as_str()))
    } else {
        t(lang, &format!("kind-{}", kind.as_str()))
    }
}

fn kind_card(
    space: &YoungPersonSpace,
    lang: Lang,
    kind: ContributionKind,
    easy: bool,
    on_edit: &Callback<ReviewEdit>,
    on_space: &Callback<Result<YoungPersonSpace, String>>,
) -> Html {
    let mine: Vec<&Contribution> = space
        .contributions
        .iter()
        .filter(|c| c.kind == kind)
        .collect();
    let heading = if easy {
        "yp-question".to_string()
    } else {
        format!("yp-{}", kind.as_str())
    };
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
    let title = heading_words(lang, kind, easy);
    let prompt = t(lang, &format!("q-{}-prompt", kind.as_str()));
    let spoken = format!("{title}. {prompt}");
    let label = if easy {
        t(lang, "write-answer")
    } else {
        tr(lang, "write-for", &[("heading", &title)])
    };
    html! {
        <section class={classes!("yp-card", easy.then_some("yp-question"))} aria-labelledby={heading.clone()}>
            <div class="yp-card-head">
                { heading_picture(kind) }
                <h2 id={heading} tabindex={easy.then_some("-1")}>{ title }</h2>
            </div>
            if easy {
                <p class="yp-prompt">{ prompt }</p>
                <ReadAloud text={spoken} label={t(lang, "read-to-me")} id={Some(AttrValue::Static("read-question"))} />
            }
            { for mine.iter().enumerate().map(|(i, c)| contribution(space, lang, kind, easy, i, c, on_edit, on_space)) }
            <AddText id={format!("add-{}", kind.as_str())} {label}
                on_add={add.clone()} button={t(lang, "add")} multiline=true />
            // Not everyone writes: start with a picture, a drawing or their voice instead.
            <button type="button" class="button calm" id={format!("no-words-{}", kind.as_str())}
                onclick={add.reform(|_: MouseEvent| String::new())}>{ t(lang, "start-without-words") }</button>
        </section>
    }
}

#[allow(clippy::too_many_arguments)]
fn contribution(
    space: &YoungPersonSpace,
    lang: Lang,
    kind: ContributionKind,
    easy: bool,
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
    let on_toggle = {
        let (c, on_edit) = (c.clone(), on_edit.clone());
        Callback::from(move |id: String| {
            let symbols = northstar_schema::symbols::toggle(&c.symbols, &id);
            on_edit.emit(upsert(Contribution {
                symbols,
                ..c.clone()
            }));
        })
    };
    let name = heading_words(lang, kind, easy);
    let label = format!("{name} {}", i + 1);
    html! {
        <div class="yp-item" key={c.id.clone()}>
            <AutoText id={format!("yp-text-{}", c.id)} label={label.clone()} label_hidden=true value={c.text.0.clone()} on_save={save} multiline=true />
            if easy && !c.text.is_blank() {
                <ReadAloud text={c.text.0.clone()} label={t(lang, "read-my-words")} />
            }
            <crate::symbols::SymbolPicker chosen={c.symbols.clone()} {on_toggle} about={AttrValue::from(label.clone())} {easy} />
            if !c.attachments.is_empty() {
                <ul class="attachments">
                    { for c.attachments.iter().map(|a| html! { <li key={a.sha256.clone()}><AttachmentView attachment={a.clone()} about={label.clone()} /></li> }) }
                </ul>
            }
            <div class="row">
                <crate::drawing::Draw review_id={space.review_id.clone()} contribution_id={c.id.clone()}
                    about={label.clone()} on_space={on_space.clone()} />
                <crate::voice::RecordVoice review_id={space.review_id.clone()} contribution_id={c.id.clone()}
                    about={label.clone()} on_space={on_space.clone()} />
                { upload(space, lang, c, "image/*", t(lang, "add-photo"), on_space) }
                { upload(space, lang, c, "audio/*", t(lang, "add-sound"), on_space) }
                <button type="button" class="button subtle" aria-label={tr(lang, "remove-item", &[("item", &label)])} onclick={remove}>{ t(lang, "remove") }</button>
            </div>
        </div>
    }
}

/// A file picker styled as a button; the chosen file is attached straight away.
fn upload(
    space: &YoungPersonSpace,
    lang: Lang,
    c: &Contribution,
    accept: &'static str,
    label: String,
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
                    Err(_) => Err(t(lang, "file-unreadable")),
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
pub struct AttachmentProps {
    pub attachment: Attachment,
    /// What the attachment belongs to, for its accessible name.
    pub about: String,
}

/// Shows a picture or plays a recording, fetched from the local store.
#[function_component(AttachmentView)]
pub fn attachment_view(p: &AttachmentProps) -> Html {
    // English outside the young person's space (Section A's list).
    let lang = use_context::<Lang>().unwrap_or_default();
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
            <audio controls=true src={src} aria-label={tr(lang, "voice-note-for", &[("item", &p.about)])} />
        },
        AttachmentKind::Drawing => html! {
            <img src={src} class="yp-picture" alt={p.attachment.caption.clone().unwrap_or_else(|| tr(lang, "drawing-for", &[("item", &p.about)]))} />
        },
        AttachmentKind::Photo => html! {
            <img src={src} class="yp-picture" alt={p.attachment.caption.clone().unwrap_or_else(|| tr(lang, "picture-for", &[("item", &p.about)]))} />
        },
        AttachmentKind::Document => {
            html! { <a href={src} download="attachment">{ tr(lang, "file-for", &[("item", &p.about)]) }</a> }
        }
    }
}
