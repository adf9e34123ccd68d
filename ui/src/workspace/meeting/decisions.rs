//! What the meeting decides: progress on outcomes, actions, disagreements, proposed
//! amendments and the recommendation to the LA.

use crate::widgets::{AutoText, Check, Choice, DateField};
use crate::workspace::Ctx;
use northstar_schema::edit::ReviewEdit;
use northstar_schema::{
    Action, Amendment, AmendmentStatus, AnnualReview, ChangeKind, Date, Disagreement,
    OutcomeProgress, PlanDecision, PlanSection, Recommendation, SECTION_FIELD,
};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

pub fn progress(ctx: &Ctx, review: &AnnualReview) -> Html {
    let outcomes = &ctx.review.plan.section_e.outcomes;
    let pfa = ctx
        .review
        .young_person
        .year_group_on(ctx.today)
        .is_pfa_focus();
    let on_pfa = {
        let review_id = review.id.clone();
        ctx.sender(move |discussed| ReviewEdit::SetPfaDiscussed {
            review_id: review_id.clone(),
            discussed,
        })
    };
    html! {
        <>
            if pfa {
                <Check id="pfa-discussed" label="We discussed preparing for adulthood (required from Year 9)"
                    checked={review.pfa_discussed} on_change={on_pfa} />
            }
            if outcomes.is_empty() {
                <p class="quiet">{ "The plan has no outcomes in section E yet. Add them under Plan A–K." }</p>
            }
            <ol class="progress-list">
                { for outcomes.iter().map(|o| {
                    let progress = review.progress.iter().find(|p| p.outcome_id == o.id).cloned()
                        .unwrap_or(OutcomeProgress { outcome_id: o.id.clone(), still_appropriate: true, ..Default::default() });
                    let upsert = {
                        let review_id = review.id.clone();
                        move |progress: OutcomeProgress| ReviewEdit::UpsertProgress { review_id: review_id.clone(), progress }
                    };
                    let on_summary = {
                        let (p, upsert) = (progress.clone(), upsert.clone());
                        ctx.sender(move |t: String| upsert(OutcomeProgress { summary: t.into(), ..p.clone() }))
                    };
                    let on_still = {
                        let p = progress.clone();
                        ctx.sender(move |b: bool| upsert(OutcomeProgress { still_appropriate: b, ..p.clone() }))
                    };
                    // Last year's word on the same outcome, so progress reads across years.
                    let last_year = ctx.review.reviews.iter().rev()
                        .skip_while(|r| r.id != review.id).nth(1)
                        .and_then(|r| r.progress.iter().find(|p| p.outcome_id == o.id).map(|p| (r.meeting_date, p.summary.0.clone())))
                        .filter(|(_, s)| !s.trim().is_empty());
                    html! {
                        <li key={o.id.clone()} class="card">
                            <p class="outcome-text">{ &o.text.0 }</p>
                            if let Some((when, summary)) = last_year {
                                <p class="last-year" id={format!("last-year-{}", o.id)}>
                                    <strong>{ format!("Last year ({}): ", crate::format::date(when)) }</strong>{ summary }
                                </p>
                            }
                            <AutoText id={format!("progress-{}", o.id)} label="Progress towards this outcome"
                                value={progress.summary.0.clone()} on_save={on_summary} multiline=true />
                            <Check id={format!("still-{}", o.id)} label="This outcome is still right"
                                checked={progress.still_appropriate} on_change={on_still} />
                        </li>
                    }
                }) }
            </ol>
        </>
    }
}

pub fn actions(ctx: &Ctx, review: &AnnualReview) -> Html {
    html! {
        <>
            if review.actions.is_empty() {
                <p class="quiet">{ "No actions yet." }</p>
            }
            <ol class="card-list">
                { for review.actions.iter().enumerate().map(|(i, a)| action_card(ctx, review, i, a)) }
            </ol>
            <AddAction review_id={review.id.clone()} />
        </>
    }
}

fn action_card(ctx: &Ctx, review: &AnnualReview, i: usize, a: &Action) -> Html {
    let upsert = {
        let review_id = review.id.clone();
        move |action: Action| ReviewEdit::UpsertAction {
            review_id: review_id.clone(),
            action,
        }
    };
    let field = |f: fn(&mut Action, String)| {
        let (a, upsert) = (a.clone(), upsert.clone());
        ctx.sender(move |t: String| {
            let mut a = a.clone();
            f(&mut a, t);
            upsert(a)
        })
    };
    let on_due = {
        let (a, upsert) = (a.clone(), upsert.clone());
        ctx.sender(move |due: Option<Date>| upsert(Action { due, ..a.clone() }))
    };
    let on_done = {
        let (a, upsert) = (a.clone(), upsert.clone());
        ctx.sender(move |done: bool| upsert(Action { done, ..a.clone() }))
    };
    let remove = {
        let (review_id, id) = (review.id.clone(), a.id.clone());
        ctx.sender(move |_: MouseEvent| ReviewEdit::RemoveAction {
            review_id: review_id.clone(),
            id: id.clone(),
        })
    };
    let n = i + 1;
    html! {
        <li key={a.id.clone()} class="card action">
            <AutoText id={format!("action-what-{}", a.id)} label={format!("Action {n}: what")}
                value={a.what.0.clone()} on_save={field(|a, t| a.what = t.into())} multiline=true />
            <div class="row">
                <AutoText id={format!("action-owner-{}", a.id)} label="Who" value={a.owner.clone()}
                    on_save={field(|a, t| a.owner = t)} />
                <DateField id={format!("action-due-{}", a.id)} label="By when" value={a.due} on_change={on_due} />
                <Check id={format!("action-done-{}", a.id)} label="Done" checked={a.done} on_change={on_done} />
                <button type="button" class="button subtle" aria-label={format!("Remove action {n}")} onclick={remove}>{ "Remove" }</button>
            </div>
        </li>
    }
}

fn input_value(e: InputEvent) -> String {
    match e.target_dyn_into::<HtmlTextAreaElement>() {
        Some(area) => area.value(),
        None => e.target_unchecked_into::<HtmlInputElement>().value(),
    }
}

fn bind(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(input_value(e)))
}

#[derive(Properties, PartialEq)]
struct ReviewIdProps {
    review_id: String,
}

#[function_component(AddAction)]
fn add_action(p: &ReviewIdProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let what = use_state(String::new);
    let owner = use_state(String::new);
    let due = use_state(|| None::<Date>);
    let on_due = {
        let due = due.clone();
        Callback::from(move |d| due.set(d))
    };
    let onsubmit = {
        let (what, owner, due) = (what.clone(), owner.clone(), due.clone());
        let (edit, review_id) = (ctx.edit.clone(), p.review_id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if what.trim().is_empty() {
                return;
            }
            edit.emit(ReviewEdit::UpsertAction {
                review_id: review_id.clone(),
                action: Action {
                    what: what.trim().into(),
                    owner: owner.trim().to_string(),
                    due: *due,
                    ..Default::default()
                },
            });
            what.set(String::new());
            owner.set(String::new());
            due.set(None);
        })
    };
    html! {
        <form class="add-card" aria-labelledby="add-action-title" {onsubmit}>
            <h3 id="add-action-title">{ "Add an action" }</h3>
            <div class="field">
                <label for="new-action-what">{ "What will be done" }</label>
                <input id="new-action-what" type="text" value={(*what).clone()} oninput={bind(&what)} autocomplete="off" />
            </div>
            <div class="row">
                <div class="field">
                    <label for="new-action-owner">{ "Who will do it" }</label>
                    <input id="new-action-owner" type="text" value={(*owner).clone()} oninput={bind(&owner)} autocomplete="off" />
                </div>
                <DateField id="new-action-due" label="By when" value={*due} on_change={on_due} />
                <button type="submit" class="button" id="add-action">{ "Add action" }</button>
            </div>
        </form>
    }
}

/// A `<select>` of the people involved, with "not recorded" for none.
fn person_select(
    ctx: &Ctx,
    id: String,
    label: String,
    value: Option<String>,
    on_change: Callback<Option<String>>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        on_change.emit(Some(v).filter(|v| !v.is_empty()))
    });
    let value = value.unwrap_or_default();
    html! {
        <div class="field">
            <label for={id.clone()}>{ label }</label>
            <select {id} {onchange}>
                <option value="" selected={value.is_empty()}>{ "Not recorded" }</option>
                { for ctx.review.participants.iter().map(|p| html! {
                    <option value={p.id.clone()} selected={p.id == value}>{ format!("{} ({})", p.name, p.role.label()) }</option>
                }) }
            </select>
        </div>
    }
}

pub fn disagreements(ctx: &Ctx, review: &AnnualReview) -> Html {
    html! {
        <>
            <p class="hint">{ "The report must record any disagreement, and who raised it." }</p>
            if review.disagreements.is_empty() {
                <p class="quiet">{ "No disagreements recorded." }</p>
            }
            <ol class="card-list">
                { for review.disagreements.iter().enumerate().map(|(i, d)| {
                    let upsert = {
                        let review_id = review.id.clone();
                        move |disagreement: Disagreement| ReviewEdit::UpsertDisagreement { review_id: review_id.clone(), disagreement }
                    };
                    let on_about = { let (d, u) = (d.clone(), upsert.clone()); ctx.sender(move |t: String| u(Disagreement { about: t.into(), ..d.clone() })) };
                    let on_by = { let (d, u) = (d.clone(), upsert.clone()); ctx.sender(move |by: Option<String>| u(Disagreement { raised_by_id: by, ..d.clone() })) };
                    let remove = { let (r, id) = (review.id.clone(), d.id.clone()); ctx.sender(move |_: MouseEvent| ReviewEdit::RemoveDisagreement { review_id: r.clone(), id: id.clone() }) };
                    html! {
                        <li key={d.id.clone()} class="card">
                            { person_select(ctx, format!("disagreement-by-{}", d.id), "Raised by".into(), d.raised_by_id.clone(), on_by) }
                            <AutoText id={format!("disagreement-{}", d.id)} label={format!("Disagreement {}: what about", i + 1)}
                                value={d.about.0.clone()} on_save={on_about} multiline=true />
                            <button type="button" class="button subtle" aria-label={format!("Remove disagreement {}", i + 1)} onclick={remove}>{ "Remove" }</button>
                        </li>
                    }
                }) }
            </ol>
            <AddDisagreement review_id={review.id.clone()} />
        </>
    }
}

#[function_component(AddDisagreement)]
fn add_disagreement(p: &ReviewIdProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let about = use_state(String::new);
    let by = use_state(|| None::<String>);
    let on_by = {
        let by = by.clone();
        Callback::from(move |v| by.set(v))
    };
    let onsubmit = {
        let (about, by) = (about.clone(), by.clone());
        let (edit, review_id) = (ctx.edit.clone(), p.review_id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if about.trim().is_empty() {
                return;
            }
            edit.emit(ReviewEdit::UpsertDisagreement {
                review_id: review_id.clone(),
                disagreement: Disagreement {
                    about: about.trim().into(),
                    raised_by_id: (*by).clone(),
                    ..Default::default()
                },
            });
            about.set(String::new());
        })
    };
    html! {
        <form class="add-card" aria-labelledby="add-disagreement-title" {onsubmit}>
            <h3 id="add-disagreement-title">{ "Record a disagreement" }</h3>
            { person_select(&ctx, "new-disagreement-by".into(), "Raised by".into(), (*by).clone(), on_by) }
            <div class="field">
                <label for="new-disagreement">{ "What about" }</label>
                <input id="new-disagreement" type="text" value={(*about).clone()} oninput={bind(&about)} autocomplete="off" />
            </div>
            <button type="submit" class="button">{ "Record disagreement" }</button>
        </form>
    }
}

pub fn amendments(ctx: &Ctx, review: &AnnualReview) -> Html {
    html! {
        <>
            <p class="hint">{ "Propose a change to any section of the plan: say which item changes and the new words, so the LA can make it exactly when it issues the amended plan." }</p>
            if review.amendments.is_empty() {
                <p class="quiet">{ "No amendments proposed." }</p>
            }
            <ol class="card-list">
                { for review.amendments.iter().enumerate().map(|(i, a)| amendment_card(ctx, review, i, a)) }
            </ol>
            <AddAmendment review_id={review.id.clone()} />
        </>
    }
}

fn amendment_card(ctx: &Ctx, review: &AnnualReview, i: usize, a: &Amendment) -> Html {
    let upsert = {
        let review_id = review.id.clone();
        move |amendment: Amendment| ReviewEdit::UpsertAmendment {
            review_id: review_id.clone(),
            amendment,
        }
    };
    let with = |f: fn(&mut Amendment, String)| {
        let (a, u) = (a.clone(), upsert.clone());
        ctx.sender(move |t: String| {
            let mut a = a.clone();
            f(&mut a, t);
            u(a)
        })
    };
    let on_section = {
        let (a, u) = (a.clone(), upsert.clone());
        ctx.sender(move |s: Option<PlanSection>| {
            u(Amendment {
                section: s.unwrap_or_default(),
                ..a.clone()
            })
        })
    };
    let on_status = {
        let (a, u) = (a.clone(), upsert.clone());
        let today = northstar_schema::Date(ctx.today);
        ctx.sender(move |s: Option<AmendmentStatus>| {
            let status = s.unwrap_or_default();
            let mut a = Amendment {
                status,
                ..a.clone()
            };
            match status {
                AmendmentStatus::Accepted | AmendmentStatus::Rejected => {
                    a.decided_on = a.decided_on.or(Some(today))
                }
                // Applied only by issuing the amended plan; the engine refuses it here.
                AmendmentStatus::Applied | AmendmentStatus::Proposed => {}
            }
            u(a)
        })
    };
    let on_author = {
        let (a, u) = (a.clone(), upsert.clone());
        ctx.sender(move |by: Option<String>| {
            u(Amendment {
                author_id: by,
                ..a.clone()
            })
        })
    };
    let remove = {
        let (r, id) = (review.id.clone(), a.id.clone());
        ctx.sender(move |_: MouseEvent| ReviewEdit::RemoveAmendment {
            review_id: r.clone(),
            id: id.clone(),
        })
    };
    let n = i + 1;
    let applied = a.status == AmendmentStatus::Applied;
    html! {
        <li key={a.id.clone()} class={classes!("card", format!("amendment-{}", a.status.as_str()))}>
            <div class="row">
                <Choice<PlanSection> id={format!("amendment-section-{}", a.id)} label={format!("Amendment {n}: section")}
                    value={Some(a.section)} on_change={on_section} />
                if applied {
                    <p class="callout">{ format!("Made in the plan issued on {}.", crate::format::date(a.applied_on)) }</p>
                } else {
                    { status_select(format!("amendment-status-{}", a.id), a.status, on_status) }
                }
                { person_select(ctx, format!("amendment-by-{}", a.id), "Proposed by".into(), a.author_id.clone(), on_author) }
            </div>
            if let Some(why) = &a.not_applied {
                <p class="error" role="alert" id={format!("amendment-not-applied-{}", a.id)}>
                    { format!("Not yet made: {why}") }
                </p>
            }
            { change_fields(ctx, a, upsert.clone()) }
            <AutoText id={format!("amendment-proposal-{}", a.id)} label="The change proposed, in words" value={a.proposal.0.clone()}
                on_save={with(|a, t| a.proposal = t.into())} multiline=true />
            <AutoText id={format!("amendment-reason-{}", a.id)} label="Why" value={a.reason.0.clone()}
                on_save={with(|a, t| a.reason = t.into())} multiline=true />
            <AutoText id={format!("amendment-evidence-{}", a.id)} label="Evidence (listed in the LA's notice)" value={a.evidence.0.clone()}
                on_save={with(|a, t| a.evidence = t.into())} multiline=true />
            <button type="button" class="button subtle" aria-label={format!("Remove amendment {n}")} onclick={remove}>{ "Remove" }</button>
        </li>
    }
}

/// Proposed, accepted or rejected: "applied" is what issuing the plan does, never a choice.
fn status_select(
    id: String,
    value: AmendmentStatus,
    on_change: Callback<Option<AmendmentStatus>>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let wire = e.target_unchecked_into::<HtmlSelectElement>().value();
        on_change.emit(
            AmendmentStatus::ALL
                .iter()
                .copied()
                .find(|s| s.as_str() == wire),
        );
    });
    html! {
        <div class="field">
            <label for={id.clone()}>{ "Status" }</label>
            <select {id} {onchange}>
                { for [AmendmentStatus::Proposed, AmendmentStatus::Accepted, AmendmentStatus::Rejected].into_iter().map(|s| html! {
                    <option value={s.as_str()} selected={s == value}>{ s.label() }</option>
                }) }
            </select>
        </div>
    }
}

/// Which item of the section changes, and how: what the LA's notice lists and what issuing
/// the amended plan makes.
fn change_fields(
    ctx: &Ctx,
    a: &Amendment,
    upsert: impl Fn(Amendment) -> ReviewEdit + Clone + 'static,
) -> Html {
    let items = ctx.review.plan.items(a.section);
    let section_level = matches!(a.section, PlanSection::I | PlanSection::J);
    let on_kind = {
        let (a, u) = (a.clone(), upsert.clone());
        ctx.sender(move |k: Option<ChangeKind>| {
            let change = k.unwrap_or_default();
            let item_id = match change {
                ChangeKind::Add => None,
                _ => a.item_id.clone(),
            };
            u(Amendment {
                change,
                item_id,
                before: String::new(),
                ..a.clone()
            })
        })
    };
    let on_item = {
        let (a, u) = (a.clone(), upsert.clone());
        let edit = ctx.edit.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            edit.emit(u(Amendment {
                item_id: Some(v).filter(|v| !v.is_empty()),
                before: String::new(),
                ..a.clone()
            }))
        })
    };
    let on_after = {
        let (a, u) = (a.clone(), upsert);
        ctx.sender(move |t: String| {
            u(Amendment {
                after: t,
                ..a.clone()
            })
        })
    };
    let item_id = format!("amendment-item-{}", a.id);
    let chosen = a.item_id.clone().unwrap_or_default();
    html! {
        <div class="change">
            <div class="row">
                <Choice<ChangeKind> id={format!("amendment-change-{}", a.id)} label="What changes" value={Some(a.change)} on_change={on_kind} />
                if matches!(a.change, ChangeKind::Reword | ChangeKind::Remove) && !section_level {
                    <div class="field">
                        <label for={item_id.clone()}>{ format!("Which item of Section {}", a.section.as_str()) }</label>
                        <select id={item_id} onchange={on_item}>
                            <option value="" selected={chosen.is_empty()}>{ "Choose an item" }</option>
                            { for items.iter().filter(|i| i.id != SECTION_FIELD).map(|i| html! {
                                <option value={i.id.clone()} selected={i.id == chosen}>{ format!("{}: {}", i.what, short(&i.text)) }</option>
                            }) }
                        </select>
                    </div>
                }
            </div>
            if matches!(a.change, ChangeKind::Reword | ChangeKind::Remove) && !a.before.trim().is_empty() {
                <p class="before"><span class="label">{ "The plan says now: " }</span>{ &a.before }</p>
            }
            if matches!(a.change, ChangeKind::Reword | ChangeKind::Add) {
                <AutoText id={format!("amendment-after-{}", a.id)}
                    label={if a.change == ChangeKind::Add { "The words of the new item" } else { "The new words for the plan" }}
                    value={a.after.clone()} on_save={on_after} multiline=true />
            }
        </div>
    }
}

/// The first words of an item, for a list to choose from.
fn short(text: &str) -> String {
    let text = text.trim();
    let mut s: String = text.chars().take(70).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    if s.is_empty() {
        "(no words yet)".into()
    } else {
        s
    }
}

#[function_component(AddAmendment)]
fn add_amendment(p: &ReviewIdProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let section = use_state(|| PlanSection::F);
    let proposal = use_state(String::new);
    let reason = use_state(String::new);
    let by = use_state(|| None::<String>);
    let on_section = {
        let section = section.clone();
        Callback::from(move |s: Option<PlanSection>| section.set(s.unwrap_or_default()))
    };
    let on_by = {
        let by = by.clone();
        Callback::from(move |v| by.set(v))
    };
    let onsubmit = {
        let (section, proposal, reason, by) = (
            section.clone(),
            proposal.clone(),
            reason.clone(),
            by.clone(),
        );
        let (edit, review_id) = (ctx.edit.clone(), p.review_id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if proposal.trim().is_empty() {
                return;
            }
            edit.emit(ReviewEdit::UpsertAmendment {
                review_id: review_id.clone(),
                amendment: Amendment {
                    section: *section,
                    proposal: proposal.trim().into(),
                    reason: reason.trim().into(),
                    author_id: (*by).clone(),
                    ..Default::default()
                },
            });
            proposal.set(String::new());
            reason.set(String::new());
        })
    };
    html! {
        <form class="add-card" aria-labelledby="add-amendment-title" {onsubmit}>
            <h3 id="add-amendment-title">{ "Propose an amendment" }</h3>
            <div class="row">
                <Choice<PlanSection> id="new-amendment-section" label="Section of the plan" value={Some(*section)} on_change={on_section} />
                { person_select(&ctx, "new-amendment-by".into(), "Proposed by".into(), (*by).clone(), on_by) }
            </div>
            <div class="field">
                <label for="new-amendment-proposal">{ "The change proposed" }</label>
                <textarea id="new-amendment-proposal" rows="2" value={(*proposal).clone()} oninput={bind(&proposal)} />
            </div>
            <div class="field">
                <label for="new-amendment-reason">{ "Why" }</label>
                <textarea id="new-amendment-reason" rows="2" value={(*reason).clone()} oninput={bind(&reason)} />
            </div>
            <button type="submit" class="button" id="add-amendment">{ "Propose amendment" }</button>
        </form>
    }
}

pub fn recommendation(ctx: &Ctx, review: &AnnualReview) -> Html {
    let current = review.recommendation.clone();
    let set = {
        let review_id = review.id.clone();
        move |recommendation: Option<Recommendation>| ReviewEdit::SetRecommendation {
            review_id: review_id.clone(),
            recommendation,
        }
    };
    let choose = |decision: PlanDecision| {
        let (current, set) = (current.clone(), set.clone());
        let today = Date(ctx.today);
        ctx.sender(move |_: Event| {
            let base = current.clone().unwrap_or(Recommendation {
                made_on: Some(today),
                ..Default::default()
            });
            set(Some(Recommendation { decision, ..base }))
        })
    };
    let on_rationale = {
        let (current, set) = (current.clone(), set.clone());
        ctx.sender(move |t: String| {
            let base = current.clone().unwrap_or_default();
            set(Some(Recommendation {
                rationale: t.into(),
                ..base
            }))
        })
    };
    let chosen = current.as_ref().map(|r| r.decision);
    html! {
        <>
            <fieldset class="choices">
                <legend>{ "What does the meeting recommend to the LA?" }</legend>
                { for PlanDecision::ALL.iter().map(|d| html! {
                    <div class="check">
                        <input type="radio" name="recommendation" id={format!("recommend-{}", d.as_str())}
                            checked={chosen == Some(*d)} onchange={choose(*d)} />
                        <label for={format!("recommend-{}", d.as_str())}>{ d.label() }</label>
                    </div>
                }) }
            </fieldset>
            <AutoText id="recommendation-rationale" label="Why the meeting recommends this"
                value={current.as_ref().map(|r| r.rationale.0.clone()).unwrap_or_default()}
                on_save={on_rationale} multiline=true />
            if let Some(d) = &review.la_decision {
                <p class="callout">{ format!("LA decision: {} ({}).", d.decision.label(), crate::format::date(d.decided_on)) }</p>
            }
        </>
    }
}
