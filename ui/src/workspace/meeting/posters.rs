//! The posters on the wall: like and admire, important to and for, working and not
//! working, and questions. Each entry saves as it is typed; the box below a poster adds one.

use crate::widgets::{AddText, AutoText, Choice};
use crate::workspace::Ctx;
use northstar_schema::edit::{Column, Poster, ReviewEdit};
use northstar_schema::{AnnualReview, Entry, Perspective, PerspectiveEntry};
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub fn like_and_admire(ctx: &Ctx, review: &AnnualReview) -> Html {
    poster(
        ctx,
        review,
        Poster::LikeAndAdmire,
        "Add something people like and admire",
    )
}

pub fn questions(ctx: &Ctx, review: &AnnualReview) -> Html {
    poster(ctx, review, Poster::Questions, "Add a question or an issue")
}

pub fn important(ctx: &Ctx, review: &AnnualReview) -> Html {
    html! {
        <div class="poster-grid">
            { poster(ctx, review, Poster::ImportantToNow, "Add what is important to them now") }
            { poster(ctx, review, Poster::ImportantToFuture, "Add what is important to them for the future") }
            { poster(ctx, review, Poster::ImportantForNow, "Add what is important for them now") }
            { poster(ctx, review, Poster::ImportantForFuture, "Add what is important for them for the future") }
            { poster(ctx, review, Poster::SupportNeeded, "Add support they need") }
        </div>
    }
}

/// One poster: its entries, each editable and removable, and a box to add another.
fn poster(ctx: &Ctx, review: &AnnualReview, which: Poster, add_label: &'static str) -> Html {
    let entries = which.entries(review);
    let heading = format!("poster-{}", which.as_str());
    let add = {
        let review_id = review.id.clone();
        ctx.sender(move |text: String| ReviewEdit::UpsertEntry {
            review_id: review_id.clone(),
            poster: which,
            entry: Entry {
                text: text.into(),
                ..Default::default()
            },
        })
    };
    html! {
        <section class="poster" aria-labelledby={heading.clone()}>
            <h3 id={heading}>{ which.label() }</h3>
            if entries.is_empty() {
                <p class="quiet">{ "Nothing written here yet." }</p>
            }
            <ul class="entries">
                { for entries.iter().enumerate().map(|(i, e)| entry_row(ctx, review, which, i, e)) }
            </ul>
            <AddText id={format!("add-{}", which.as_str())} label={add_label} on_add={add} />
        </section>
    }
}

fn entry_row(ctx: &Ctx, review: &AnnualReview, which: Poster, i: usize, e: &Entry) -> Html {
    let save = {
        let review_id = review.id.clone();
        let entry = e.clone();
        ctx.sender(move |text: String| ReviewEdit::UpsertEntry {
            review_id: review_id.clone(),
            poster: which,
            entry: Entry {
                text: text.into(),
                ..entry.clone()
            },
        })
    };
    let remove = {
        let review_id = review.id.clone();
        let id = e.id.clone();
        ctx.sender(move |_: MouseEvent| ReviewEdit::RemoveEntry {
            review_id: review_id.clone(),
            poster: which,
            id: id.clone(),
        })
    };
    let label = format!("{}, entry {}", which.label(), i + 1);
    html! {
        <li key={e.id.clone()} class="entry">
            <AutoText id={format!("{}-{}", which.as_str(), e.id)} label={label.clone()} label_hidden=true
                value={e.text.0.clone()} on_save={save} multiline=true />
            <button type="button" class="button subtle" aria-label={format!("Remove {label}")} onclick={remove}>{ "Remove" }</button>
        </li>
    }
}

pub fn working(ctx: &Ctx, review: &AnnualReview) -> Html {
    html! {
        <div class="poster-grid two">
            { column(ctx, review, Column::Working) }
            { column(ctx, review, Column::NotWorking) }
        </div>
    }
}

fn column(ctx: &Ctx, review: &AnnualReview, which: Column) -> Html {
    let heading = format!("column-{}", which.as_str());
    let entries = which.entries(review);
    html! {
        <section class={classes!("poster", format!("poster-{}", which.as_str()))} aria-labelledby={heading.clone()}>
            <h3 id={heading}>{ which.label() }</h3>
            if entries.is_empty() {
                <p class="quiet">{ "Nothing written here yet." }</p>
            }
            <ul class="entries">
                { for entries.iter().enumerate().map(|(i, e)| perspective_row(ctx, review, which, i, e)) }
            </ul>
            <AddPerspective review_id={review.id.clone()} column={which} />
        </section>
    }
}

fn perspective_row(
    ctx: &Ctx,
    review: &AnnualReview,
    which: Column,
    i: usize,
    e: &PerspectiveEntry,
) -> Html {
    let review_id = review.id.clone();
    let upsert = move |entry: PerspectiveEntry| ReviewEdit::UpsertPerspective {
        review_id: review_id.clone(),
        column: which,
        entry,
    };
    let save = {
        let entry = e.clone();
        let upsert = upsert.clone();
        ctx.sender(move |text: String| {
            upsert(PerspectiveEntry {
                text: text.into(),
                ..entry.clone()
            })
        })
    };
    let on_perspective = {
        let entry = e.clone();
        ctx.sender(move |p: Option<Perspective>| {
            upsert(PerspectiveEntry {
                perspective: p.unwrap_or_default(),
                ..entry.clone()
            })
        })
    };
    let remove = {
        let review_id = review.id.clone();
        let id = e.id.clone();
        ctx.sender(move |_: MouseEvent| ReviewEdit::RemovePerspective {
            review_id: review_id.clone(),
            column: which,
            id: id.clone(),
        })
    };
    let label = format!("{}, entry {}", which.label(), i + 1);
    html! {
        <li key={e.id.clone()} class="entry">
            <Choice<Perspective> id={format!("{}-from-{}", which.as_str(), e.id)}
                label={format!("{label}: whose view")} label_hidden=true value={Some(e.perspective)}
                on_change={on_perspective} />
            <AutoText id={format!("{}-{}", which.as_str(), e.id)} label={label.clone()} label_hidden=true
                value={e.text.0.clone()} on_save={save} multiline=true />
            <button type="button" class="button subtle" aria-label={format!("Remove {label}")} onclick={remove}>{ "Remove" }</button>
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct AddPerspectiveProps {
    review_id: String,
    column: Column,
}

/// Adds one "working" or "not working" entry, from one perspective.
#[function_component(AddPerspective)]
fn add_perspective(p: &AddPerspectiveProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let perspective = use_state(|| Perspective::YoungPerson);
    let text = use_state(String::new);
    let on_perspective = {
        let perspective = perspective.clone();
        Callback::from(move |v: Option<Perspective>| perspective.set(v.unwrap_or_default()))
    };
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onsubmit = {
        let (perspective, text) = (perspective.clone(), text.clone());
        let edit = ctx.edit.clone();
        let (review_id, column) = (p.review_id.clone(), p.column);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if text.trim().is_empty() {
                return;
            }
            edit.emit(ReviewEdit::UpsertPerspective {
                review_id: review_id.clone(),
                column,
                entry: PerspectiveEntry {
                    perspective: *perspective,
                    text: text.trim().into(),
                    ..Default::default()
                },
            });
            text.set(String::new());
        })
    };
    let id = p.column.as_str();
    html! {
        <form class="add-row" {onsubmit}>
            <Choice<Perspective> id={format!("add-{id}-from")} label="Whose view" value={Some(*perspective)} on_change={on_perspective} />
            <div class="field grow">
                <label for={format!("add-{id}")}>{ format!("Add to \u{2018}{}\u{2019}", p.column.label()) }</label>
                <input id={format!("add-{id}")} type="text" value={(*text).clone()} {oninput} autocomplete="off" />
            </div>
            <button type="submit" class="button">{ "Add" }</button>
        </form>
    }
}
