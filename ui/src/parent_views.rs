//! "Your views": the parent's or carer's own screen, calm and in their language, where they
//! answer five questions before or at the annual review. Their notes are ordinary notes of
//! the review's person-centred record, so the SENCO sees them on the meeting's posters and
//! they reach the report. Which notes show here, whom they are credited to and the edits sent
//! are all `northstar_schema::parent_views`; this file only wires them to the window.
//!
//! The words on the screen are Fluent messages (`ui/locales/<lang>/parent.ftl`); the words a
//! parent types are kept exactly as typed, in whatever language, and never translated.

use crate::i18n::{self, t, tr, Lang};
use crate::ipc::{self, Author};
use crate::widgets::{AddText, AutoText};
use northstar_schema::edit::ReviewEdit;
use northstar_schema::parent_views::{self as pv, Note, ParentViews, Question};
use northstar_schema::ReviewDocument;
use std::rc::Rc;
use yew::prelude::*;

/// Where this computer keeps the parent's choice of language: apart from the young
/// person's, so each chooses their own. Never in the synced review.
const LANGUAGE_KEY: &str = "northstar.language.parent";

#[derive(Properties, PartialEq)]
pub struct ParentViewsProps {
    pub id: String,
    pub on_finish: Callback<()>,
}

#[function_component(ParentViewsView)]
pub fn parent_views_view(p: &ParentViewsProps) -> Html {
    let review = use_state(|| None::<Result<Rc<ReviewDocument>, String>>);
    let author = use_state(|| None::<Author>);
    // The parent picked under "Who is writing?", when the plan names more than one.
    let chosen = use_state(|| None::<String>);
    let lang = use_state(|| crate::i18n::remembered_for(LANGUAGE_KEY));
    let saved = use_state(|| None::<Result<(), String>>);
    // Replies may overtake each other; only a newer reply than the one shown replaces it.
    let sent = use_mut_ref(|| 0u64);
    let shown = use_mut_ref(|| 0u64);
    {
        let (review, author) = (review.clone(), author.clone());
        use_effect_with(p.id.clone(), move |id| {
            let id = id.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // Without an author the screen still works: it credits the plan's parent.
                if let Ok(a) = ipc::get_author().await {
                    author.set(Some(a));
                }
                review.set(Some(ipc::get_review(&id).await.map(|e| Rc::new(e.review))));
            });
        });
    }
    let on_edit = {
        let (review, saved, id) = (review.clone(), saved.clone(), p.id.clone());
        Callback::from(move |edit: ReviewEdit| {
            let (review, saved, id) = (review.clone(), saved.clone(), id.clone());
            *sent.borrow_mut() += 1;
            let n = *sent.borrow();
            let shown = shown.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match ipc::apply_edit(&id, &edit).await {
                    Ok(edited) => {
                        if n >= *shown.borrow() {
                            *shown.borrow_mut() = n;
                            review.set(Some(Ok(Rc::new(edited.review))));
                        }
                        saved.set(Some(Ok(())));
                    }
                    Err(e) => saved.set(Some(Err(e))),
                }
            });
        })
    };
    let on_who = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let id = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            chosen.set(Some(id));
        })
    };
    let finish = p.on_finish.reform(|_: MouseEvent| ());
    let language = i18n::language_select(&lang, "parent-language", LANGUAGE_KEY);
    let lang = *lang;

    let (title, content) = match &*review {
        None => (t(lang, "parent-title-plain"), html! {}),
        Some(Err(e)) => (
            t(lang, "parent-title-plain"),
            html! { <p class="error" role="alert">{ e }</p> },
        ),
        Some(Ok(doc)) => {
            let name = pv::child_name(doc);
            let title = if name.is_empty() {
                t(lang, "parent-title-plain")
            } else {
                tr(lang, "parent-title", &[("name", name)])
            };
            let writer = pv::writer(doc, author.as_ref(), chosen.as_deref());
            let content = match ParentViews::of(doc, writer.as_deref()) {
                None => html! {
                    <p class="yp-intro" id="parent-no-review">{ t(lang, "parent-no-review") }</p>
                },
                Some(views) => {
                    let views = Rc::new(views);
                    let ask = pv::must_ask_who(doc, author.as_ref());
                    html! {
                        <>
                            <p class="yp-intro">{ t(lang, "parent-intro") }</p>
                            <p class="parent-hint" id="parent-interpreter-hint">{ t(lang, "parent-interpreter-hint") }</p>
                            if ask {
                                <div class="field parent-who">
                                    <label for="parent-who">{ t(lang, "parent-who") }</label>
                                    <select id="parent-who" onchange={on_who}>
                                        { for pv::parents(doc).into_iter().map(|person| html! {
                                            <option value={person.id.clone()} dir="auto"
                                                selected={writer.as_deref() == Some(person.id.as_str())}>{ &person.name }</option>
                                        }) }
                                    </select>
                                </div>
                            }
                            if views.writer.is_none() {
                                <p class="parent-hint" id="parent-no-parent">{ t(lang, "parent-no-parent") }</p>
                            }
                            { for views.answers.iter().map(|(q, notes)| question(&views, lang, *q, notes, &on_edit)) }
                        </>
                    }
                }
            };
            (title, content)
        }
    };

    html! {
        <div class="yp-space parent-views" lang={lang.code()} dir={lang.dir()}>
            <a class="skip-link" href="#main">{ t(lang, "parent-skip") }</a>
            <header class="yp-head">
                <h1 id="parent-title">{ title }</h1>
                <div class="yp-tools">
                    { i18n::saved_line(lang, &saved, "parent-saved") }
                    { language }
                    <button type="button" class="button calm" id="finish-parent" onclick={finish}>{ t(lang, "finished") }</button>
                </div>
            </header>
            { i18n::translation_note(lang) }
            <main id="main" tabindex="-1">{ content }</main>
        </div>
    }
}

/// One question: its notes so far, each saving itself and removable, and a box to add one.
fn question(
    views: &Rc<ParentViews>,
    lang: Lang,
    q: Question,
    notes: &[Note],
    on_edit: &Callback<ReviewEdit>,
) -> Html {
    let key = q.as_str();
    let heading = format!("parent-q-{key}");
    let words = t(lang, &heading);
    let add = {
        let (views, on_edit) = (views.clone(), on_edit.clone());
        Callback::from(move |text: String| {
            if let Some(edit) = views.add(q, &text) {
                on_edit.emit(edit);
            }
        })
    };
    html! {
        <section class="yp-card parent-question" id={format!("parent-{key}")} aria-labelledby={heading.clone()}>
            <h2 id={heading}>{ &words }</h2>
            <p class="parent-hint">{ t(lang, &format!("parent-hint-{key}")) }</p>
            if notes.is_empty() {
                <p class="quiet">{ t(lang, "parent-nothing-yet") }</p>
            }
            { for notes.iter().enumerate().map(|(i, note)| note_row(views, lang, &words, i, note, on_edit)) }
            <AddText id={format!("parent-add-{key}")} label={t(lang, &format!("parent-add-{key}"))}
                on_add={add} button={t(lang, "add")} multiline=true />
        </section>
    }
}

fn note_row(
    views: &Rc<ParentViews>,
    lang: Lang,
    question: &str,
    i: usize,
    note: &Note,
    on_edit: &Callback<ReviewEdit>,
) -> Html {
    let save = {
        let (views, note, on_edit) = (views.clone(), note.clone(), on_edit.clone());
        Callback::from(move |text: String| on_edit.emit(views.save(&note, &text)))
    };
    let remove = {
        let (views, note, on_edit) = (views.clone(), note.clone(), on_edit.clone());
        Callback::from(move |_: MouseEvent| on_edit.emit(views.remove(&note)))
    };
    let label = tr(
        lang,
        "parent-note",
        &[("question", question), ("n", &(i + 1).to_string())],
    );
    html! {
        <div class="yp-item parent-note" key={note.id().to_string()}>
            <AutoText id={format!("parent-note-{}", note.id())} label={label.clone()} label_hidden=true
                value={note.text().to_string()} on_save={save} multiline=true />
            <button type="button" class="button subtle" aria-label={tr(lang, "remove-item", &[("item", &label)])}
                onclick={remove}>{ t(lang, "remove") }</button>
        </div>
    }
}
