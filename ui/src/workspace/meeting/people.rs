//! Who is here: the meeting date, attendance against the invitees, and adding someone.

use crate::widgets::{Choice, DateField};
use crate::workspace::Ctx;
use northstar_schema::edit::ReviewEdit;
use northstar_schema::{
    missing_invitees, AnnualReview, AttendanceStatus, InterpreterAtMeeting, Participant, Role,
};
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub fn who_is_here(ctx: &Ctx, review: &AnnualReview) -> Html {
    let review_id = review.id.clone();
    let on_date = ctx.sender(move |date| ReviewEdit::SetMeetingDate {
        review_id: review_id.clone(),
        date,
    });
    let missing = missing_invitees(&ctx.review);
    html! {
        <>
            <DateField id="meeting-date" label="Meeting date" value={review.meeting_date} on_change={on_date} />
            if !missing.is_empty() {
                <p class="callout warn" id="missing-invitees">
                    { format!("The regulations say to invite {}. Nobody in that role is involved yet.", join(&missing)) }
                </p>
            }
            <table class="attendance">
                <caption>{ "Invited to this review" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Name" }</th>
                        <th scope="col">{ "Role" }</th>
                        <th scope="col">{ "Attendance" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for ctx.review.participants.iter().map(|p| attendance_row(ctx, review, p)) }
                </tbody>
            </table>
            { interpreter(ctx, review) }
            <AddPerson />
        </>
    }
}

/// When the family needs an interpreter: was one booked? Asked here, where the meeting
/// records who came, so it is not forgotten; the review report says what was recorded.
fn interpreter(ctx: &Ctx, review: &AnnualReview) -> Html {
    let Some(need) = ctx.review.young_person.communication.interpreter_need() else {
        return html! {};
    };
    let review_id = review.id.clone();
    let on_change = ctx.sender(move |interpreter| ReviewEdit::SetInterpreter {
        review_id: review_id.clone(),
        interpreter,
    });
    html! {
        <div class="callout interpreter" id="interpreter-callout">
            <p>{ format!("{need}.") }</p>
            <Choice<InterpreterAtMeeting> id="interpreter" label="Was an interpreter at this meeting?"
                value={review.interpreter} none={Some(AttrValue::from("Not recorded yet"))} {on_change} />
        </div>
    }
}

fn attendance_row(ctx: &Ctx, review: &AnnualReview, person: &Participant) -> Html {
    let status = review
        .attendance
        .iter()
        .find(|a| a.participant_id == person.id)
        .map(|a| a.status);
    let review_id = review.id.clone();
    let participant_id = person.id.clone();
    let edit = ctx.edit.clone();
    let on_change = Callback::from(move |s: Option<AttendanceStatus>| {
        if let Some(status) = s {
            edit.emit(ReviewEdit::SetAttendance {
                review_id: review_id.clone(),
                participant_id: participant_id.clone(),
                status,
            })
        }
    });
    let role = match &person.organisation {
        Some(org) if !org.trim().is_empty() => format!("{} · {org}", person.role.label()),
        _ => person.role.label().to_string(),
    };
    html! {
        <tr key={person.id.clone()}>
            <th scope="row">{ &person.name }</th>
            <td>{ role }</td>
            <td>
                <Choice<AttendanceStatus> id={format!("attendance-{}", person.id)}
                    label={format!("Attendance for {}", person.name)} label_hidden=true
                    value={status} none={Some(AttrValue::from("Not invited"))} {on_change} />
            </td>
        </tr>
    }
}

/// "a, b and c".
fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Adds someone to the plan and invites them to this review.
#[function_component(AddPerson)]
fn add_person() -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let name = use_state(String::new);
    let organisation = use_state(String::new);
    let role = use_state(|| Role::ParentCarer);
    let text = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_role = {
        let role = role.clone();
        Callback::from(move |r: Option<Role>| role.set(r.unwrap_or(Role::Other)))
    };
    let onsubmit = {
        let (name, organisation, role) = (name.clone(), organisation.clone(), role.clone());
        let edit = ctx.edit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if name.trim().is_empty() {
                return;
            }
            edit.emit(ReviewEdit::UpsertParticipant {
                participant: Participant {
                    id: String::new(),
                    name: name.trim().to_string(),
                    role: *role,
                    organisation: Some(organisation.trim().to_string()).filter(|o| !o.is_empty()),
                    removed: false,
                    email: None,
                },
            });
            name.set(String::new());
            organisation.set(String::new());
        })
    };
    html! {
        <form class="add-row" aria-label="Add someone to this review" {onsubmit}>
            <div class="field">
                <label for="new-person-name">{ "Name" }</label>
                <input id="new-person-name" type="text" value={(*name).clone()} oninput={text(&name)} autocomplete="off" />
            </div>
            <Choice<Role> id="new-person-role" label="Role" value={Some(*role)} on_change={on_role} />
            <div class="field">
                <label for="new-person-org">{ "Service or organisation (optional)" }</label>
                <input id="new-person-org" type="text" value={(*organisation).clone()} oninput={text(&organisation)} autocomplete="off" />
            </div>
            <button type="submit" class="button" id="add-person">{ "Add and invite" }</button>
        </form>
    }
}
