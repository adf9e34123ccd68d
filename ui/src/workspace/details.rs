//! The child's details and the people involved: name, preferred name, date of birth,
//! setting, year group (which moves on each 1 September by itself), communication needs, and
//! each person's details, with a way to remove someone no longer involved.

use super::Ctx;
use crate::widgets::{AutoText, Check, Choice, DateField};
use northstar_schema::edit::ReviewEdit;
use northstar_schema::{
    Participant, PhaseTransfer, Role, SettingKind, TransferKind, YearGroup, YoungPerson,
};
use yew::prelude::*;

pub fn view(ctx: &Ctx) -> Html {
    let yp = ctx.review.young_person.clone();
    let today = ctx.today;
    // Every change sends the whole of the child's details, with the year group as it is this
    // school year, so the September roll-over counts on from today.
    let set = {
        let yp = yp.clone();
        move |f: Box<dyn Fn(&mut YoungPerson)>| {
            let mut next = yp.clone();
            next.year_group = yp.year_group_on(today);
            next.year_group_school_year =
                Some(northstar_schema::calendar::school_year_start(today));
            f(&mut next);
            ReviewEdit::SetYoungPerson { young_person: next }
        }
    };
    let text = |f: fn(&mut YoungPerson, String)| {
        let set = set.clone();
        ctx.sender(move |t: String| set(Box::new(move |y| f(y, t.trim().to_string()))))
    };
    let on_dob = {
        let set = set.clone();
        ctx.sender(move |d| set(Box::new(move |y| y.date_of_birth = d)))
    };
    let on_year = {
        let set = set.clone();
        ctx.sender(move |g: Option<YearGroup>| {
            set(Box::new(move |y| y.year_group = g.unwrap_or(y.year_group)))
        })
    };
    let on_kind = {
        let set = set.clone();
        ctx.sender(move |k: Option<SettingKind>| {
            set(Box::new(move |y| {
                y.setting.kind = k.unwrap_or(y.setting.kind)
            }))
        })
    };
    let on_out = {
        let set = set.clone();
        ctx.sender(move |b: bool| set(Box::new(move |y| y.out_of_year_group = b)))
    };
    let on_interpreter = {
        let set = set.clone();
        ctx.sender(move |b: bool| set(Box::new(move |y| y.communication.interpreter_needed = b)))
    };
    let on_notes = {
        let set = set.clone();
        ctx.sender(move |t: String| {
            set(Box::new(move |y| y.communication.notes = t.clone().into()))
        })
    };
    let year_now = yp.year_group_on(today);
    html! {
        <section class="ws-single details" aria-labelledby="details-title">
            <h2 id="details-title">{ "The child and the people involved" }</h2>
            <form class="card" aria-labelledby="child-details-title" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <h3 id="child-details-title">{ "Child's details" }</h3>
                <div class="row">
                    <AutoText id="detail-given" label="First name" value={yp.given_name.clone()} on_save={text(|y, t| y.given_name = t)} />
                    <AutoText id="detail-family" label="Family name" value={yp.family_name.clone()} on_save={text(|y, t| y.family_name = t)} />
                    <AutoText id="detail-preferred" label="Likes to be called" value={yp.preferred_name.clone().unwrap_or_default()}
                        on_save={text(|y, t| y.preferred_name = Some(t).filter(|t| !t.is_empty()))} />
                    <DateField id="detail-dob" label="Date of birth" value={yp.date_of_birth} on_change={on_dob} />
                </div>
                <div class="row">
                    <AutoText id="detail-setting" label="School, college or setting" value={yp.setting.name.clone()} on_save={text(|y, t| y.setting.name = t)} />
                    <Choice<SettingKind> id="detail-setting-kind" label="Kind of setting" value={Some(yp.setting.kind)} on_change={on_kind} />
                    <AutoText id="detail-la" label="Local authority" value={yp.setting.local_authority.clone().unwrap_or_default()}
                        on_save={text(|y, t| y.setting.local_authority = Some(t).filter(|t| !t.is_empty()))} />
                </div>
                <div class="row">
                    <Choice<YearGroup> id="detail-year" label="Year group this school year" value={Some(year_now)} on_change={on_year} />
                    <Check id="detail-out-of-year" label="Educated out of their year group" checked={yp.out_of_year_group} on_change={on_out} />
                </div>
                <p class="hint" id="year-group-hint">{ "The year group moves up by itself each 1 September. For a child kept back or moved up a year, set the year group they are in now; it carries on from there." }</p>
                <h4>{ "Communication" }</h4>
                <div class="row">
                    <AutoText id="detail-language" label="Family's preferred language" value={yp.communication.home_language.clone().unwrap_or_default()}
                        on_save={text(|y, t| y.communication.home_language = Some(t).filter(|t| !t.is_empty()))} />
                    <Check id="detail-interpreter" label="An interpreter is needed" checked={yp.communication.interpreter_needed} on_change={on_interpreter} />
                </div>
                <AutoText id="detail-communication-notes" label="How best to communicate" value={yp.communication.notes.0.clone()}
                    on_save={on_notes} multiline=true />
            </form>
            { transfer(ctx) }
            <section class="card" aria-labelledby="people-title">
                <h3 id="people-title">{ "People involved" }</h3>
                <ul class="card-list people">
                    { for ctx.review.participants.iter().filter(|p| !p.removed).map(|p| person(ctx, p)) }
                </ul>
                { removed_people(ctx) }
            </section>
        </section>
    }
}

/// A move to a new phase (reg 18): what kind, when, and where to. The amended plan that names
/// the new setting in Section I is what meets its deadline.
fn transfer(ctx: &Ctx) -> Html {
    let current = ctx.review.plan.transfer.clone();
    let detected = northstar_schema::calendar::Calendar::for_document(&ctx.review, ctx.today)
        .flags
        .transfer;
    let base = current.clone().unwrap_or(PhaseTransfer {
        kind: detected.unwrap_or_default(),
        ..Default::default()
    });
    let on_kind = {
        let base = base.clone();
        ctx.sender(move |k: Option<TransferKind>| ReviewEdit::SetTransfer {
            transfer: k.map(|kind| PhaseTransfer {
                kind,
                ..base.clone()
            }),
        })
    };
    let on_moving = {
        let base = base.clone();
        ctx.sender(move |d| ReviewEdit::SetTransfer {
            transfer: Some(PhaseTransfer {
                moving_on: d,
                ..base.clone()
            }),
        })
    };
    let on_destination = {
        let base = base.clone();
        ctx.sender(move |t: String| ReviewEdit::SetTransfer {
            transfer: Some(PhaseTransfer {
                destination: Some(t.trim().to_string()).filter(|t| !t.is_empty()),
                ..base.clone()
            }),
        })
    };
    html! {
        <section class="card" aria-labelledby="transfer-title">
            <h3 id="transfer-title">{ "Moving to a new phase" }</h3>
            <p class="hint">{ "A move between phases needs the plan amended, naming the new school or college in Section I, by 15 February (schools) or 31 March (secondary to post-16) of the year of the move. Record it here; the LA names the setting when it issues the amended plan." }</p>
            if current.is_none() {
                if let Some(k) = detected {
                    <p class="callout" id="transfer-detected">{ format!("From the year group: {}. Record it to give the date and the new setting.", k.label().to_lowercase()) }</p>
                }
            }
            <div class="row">
                <Choice<TransferKind> id="transfer-kind" label="Kind of move" value={current.as_ref().map(|t| t.kind)}
                    none={AttrValue::from("No move recorded")} on_change={on_kind} />
                if current.is_some() {
                    <DateField id="transfer-moving-on" label="Starts at the new setting on" value={base.moving_on} on_change={on_moving} />
                    <AutoText id="transfer-destination" label="New school or college (if known)" value={base.destination.clone().unwrap_or_default()}
                        on_save={on_destination} />
                }
            </div>
        </section>
    }
}

fn person(ctx: &Ctx, p: &Participant) -> Html {
    let upsert = |f: fn(&mut Participant, String)| {
        let p = p.clone();
        ctx.sender(move |t: String| {
            let mut next = p.clone();
            f(&mut next, t.trim().to_string());
            ReviewEdit::UpsertParticipant { participant: next }
        })
    };
    let on_role = {
        let p = p.clone();
        ctx.sender(move |r: Option<Role>| ReviewEdit::UpsertParticipant {
            participant: Participant {
                role: r.unwrap_or(p.role),
                ..p.clone()
            },
        })
    };
    let remove = {
        let id = p.id.clone();
        ctx.sender(move |_: MouseEvent| ReviewEdit::RemoveParticipant { id: id.clone() })
    };
    html! {
        <li key={p.id.clone()} class="card person">
            <div class="row">
                <AutoText id={format!("person-name-{}", p.id)} label="Name" value={p.name.clone()} on_save={upsert(|p, t| p.name = t)} />
                <Choice<Role> id={format!("person-role-{}", p.id)} label="Role" value={Some(p.role)} on_change={on_role} />
                <AutoText id={format!("person-org-{}", p.id)} label="Service or organisation" value={p.organisation.clone().unwrap_or_default()}
                    on_save={upsert(|p, t| p.organisation = Some(t).filter(|t| !t.is_empty()))} />
                <AutoText id={format!("person-email-{}", p.id)} label="Email (for the report)" value={p.email.clone().unwrap_or_default()}
                    on_save={upsert(|p, t| p.email = Some(t).filter(|t| !t.is_empty()))} />
            </div>
            <button type="button" class="button subtle" id={format!("remove-person-{}", p.id)}
                aria-label={format!("{}: no longer involved", p.name)} onclick={remove}>{ "No longer involved" }</button>
        </li>
    }
}

fn removed_people(ctx: &Ctx) -> Html {
    let gone: Vec<&Participant> = ctx
        .review
        .participants
        .iter()
        .filter(|p| p.removed)
        .collect();
    if gone.is_empty() {
        return html! {};
    }
    html! {
        <p class="sub" id="removed-people">
            { format!("No longer involved, kept for the record of past reviews: {}.",
                gone.iter().map(|p| format!("{} ({})", p.name, p.role.label())).collect::<Vec<_>>().join(", ")) }
        </p>
    }
}
