//! The advice tracker: for the current review, each agency asked, when, when it is due (two
//! weeks before the meeting, reg 20(4)), whether it has arrived, and the advice itself.

use super::Ctx;
use crate::format;
use crate::widgets::{AutoText, Choice, DateField};
use northstar_schema::edit::ReviewEdit;
use northstar_schema::{AdviceRequest, Agency, AnnualReview, Date};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component(AdviceTracker)]
pub fn advice_tracker() -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let Some(review) = ctx.current() else {
        return html! {
            <section class="ws-single" aria-labelledby="advice-title">
                <h2 id="advice-title">{ "Advice and contributions" }</h2>
                <p>{ "Start this year's review (in Review meeting) to ask for advice." }</p>
            </section>
        };
    };
    let arrived = review
        .advice
        .iter()
        .filter(|a| a.received_on.is_some())
        .count();
    html! {
        <section class="ws-single" aria-labelledby="advice-title">
            <h2 id="advice-title">{ "Advice and contributions" }</h2>
            <p class="hint">{ "Advice must be circulated at least two weeks before the meeting." }
                if let Some(m) = review.meeting_date { { format!(" The meeting is on {}.", format::date(Some(m))) } }
            </p>
            <p role="status">{ format!("{arrived} of {} requests have arrived.", review.advice.len()) }</p>
            <ol class="card-list">
                { for review.advice.iter().map(|a| advice_card(&ctx, review, a)) }
            </ol>
            <AddRequest review_id={review.id.clone()} meeting={review.meeting_date} />
        </section>
    }
}

fn advice_card(ctx: &Ctx, review: &AnnualReview, a: &AdviceRequest) -> Html {
    let upsert = {
        let review_id = review.id.clone();
        move |advice: AdviceRequest| ReviewEdit::UpsertAdvice {
            review_id: review_id.clone(),
            advice,
        }
    };
    let date = |f: fn(&mut AdviceRequest, Option<Date>)| {
        let (a, u) = (a.clone(), upsert.clone());
        ctx.sender(move |d: Option<Date>| {
            let mut a = a.clone();
            f(&mut a, d);
            u(a)
        })
    };
    let on_content = {
        let (a, u) = (a.clone(), upsert.clone());
        ctx.sender(move |t: String| {
            u(AdviceRequest {
                content: t.into(),
                ..a.clone()
            })
        })
    };
    let on_contact = {
        let (a, u) = (a.clone(), upsert.clone());
        ctx.sender(move |t: String| {
            u(AdviceRequest {
                contact: Some(t).filter(|t| !t.trim().is_empty()),
                ..a.clone()
            })
        })
    };
    let arrived_today = {
        let (a, u) = (a.clone(), upsert.clone());
        let today = Date(ctx.today);
        ctx.sender(move |_: MouseEvent| {
            u(AdviceRequest {
                received_on: Some(today),
                ..a.clone()
            })
        })
    };
    let remove = {
        let (review_id, id) = (review.id.clone(), a.id.clone());
        ctx.sender(move |_: MouseEvent| ReviewEdit::RemoveAdvice {
            review_id: review_id.clone(),
            id: id.clone(),
        })
    };
    let status = a.status_words(ctx.today);
    let state = match a.status(ctx.today) {
        Some(s) => s.as_str(),
        None => "none",
    };
    let agency = a.agency.label();
    html! {
        <li key={a.id.clone()} class={classes!("card", format!("advice-{state}"))}>
            <div class="card-head">
                <h3>{ agency }</h3>
                <span class={format!("badge deadline-{state}")}>{ status }</span>
            </div>
            <div class="row">
                <AutoText id={format!("advice-contact-{}", a.id)} label="Contact" value={a.contact.clone().unwrap_or_default()} on_save={on_contact} />
                <DateField id={format!("advice-asked-{}", a.id)} label="Asked on" value={a.requested_on} on_change={date(|a, d| a.requested_on = d)} />
                <DateField id={format!("advice-due-{}", a.id)} label="Due by" value={a.due_on} on_change={date(|a, d| a.due_on = d)} />
                <DateField id={format!("advice-received-{}", a.id)} label="Arrived on" value={a.received_on} on_change={date(|a, d| a.received_on = d)} />
            </div>
            if a.received_on.is_none() {
                <button type="button" class="button" onclick={arrived_today}>{ format!("Mark {agency} advice as arrived today") }</button>
            }
            <AutoText id={format!("advice-content-{}", a.id)} label={format!("Advice from {agency}")}
                hint="Paste or type the advice received."
                value={a.content.0.clone()} on_save={on_content} multiline=true />
            <button type="button" class="button subtle" aria-label={format!("Remove request to {agency}")} onclick={remove}>{ "Remove request" }</button>
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct AddRequestProps {
    review_id: String,
    meeting: Option<Date>,
}

/// Asks one more agency for advice, due two weeks before the meeting.
#[function_component(AddRequest)]
fn add_request(p: &AddRequestProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let agency = use_state(|| Agency::Health);
    let contact = use_state(String::new);
    let on_agency = {
        let agency = agency.clone();
        Callback::from(move |a: Option<Agency>| agency.set(a.unwrap_or_default()))
    };
    let oninput = {
        let contact = contact.clone();
        Callback::from(move |e: InputEvent| {
            contact.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onsubmit = {
        let (agency, contact) = (agency.clone(), contact.clone());
        let (edit, review_id, meeting, today) =
            (ctx.edit.clone(), p.review_id.clone(), p.meeting, ctx.today);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            edit.emit(ReviewEdit::UpsertAdvice {
                review_id: review_id.clone(),
                advice: AdviceRequest {
                    agency: *agency,
                    contact: Some(contact.trim().to_string()).filter(|c| !c.is_empty()),
                    requested_on: Some(Date(today)),
                    due_on: meeting.and_then(northstar_schema::advice_due_for),
                    ..Default::default()
                },
            });
            contact.set(String::new());
        })
    };
    html! {
        <form class="add-card" aria-labelledby="add-request-title" {onsubmit}>
            <h3 id="add-request-title">{ "Ask for advice" }</h3>
            <div class="row">
                <Choice<Agency> id="new-request-agency" label="Agency" value={Some(*agency)} on_change={on_agency} />
                <div class="field">
                    <label for="new-request-contact">{ "Contact (optional)" }</label>
                    <input id="new-request-contact" type="text" value={(*contact).clone()} {oninput} autocomplete="off" />
                </div>
                <button type="submit" class="button" id="add-request">{ "Ask today" }</button>
            </div>
        </form>
    }
}
