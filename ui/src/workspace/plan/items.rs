//! Cards for the items on the golden thread: aspirations, needs, outcomes and provision,
//! plus Section K's advice listings.

use super::ThreadState;
use crate::symbols::SymbolImage;
use crate::widgets::{AutoText, Choice, DateField};
use crate::workspace::Ctx;
use crate::young_person::AttachmentView;
use northstar_schema::edit::ReviewEdit;
use northstar_schema::own_words::{self, SectionAPart};
use northstar_schema::thread::Link;
use northstar_schema::{
    AdviceListing, Aspiration, Contribution, Date, Need, NeedArea, Outcome, PfaDomain, PlanSection,
    Provision, TimeFrame,
};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The card's class: marked when it is on the selected thread.
fn card_class(state: &ThreadState, id: &str) -> Classes {
    classes!(
        "card",
        state.thread.contains(id).then_some("on-thread"),
        state.gaps.has(id).then_some("has-gap")
    )
}

/// "Show thread" for this item (pressed while its thread is shown).
fn thread_button(state: &ThreadState, link: Link, what: &str) -> Html {
    let pressed = state.selected.as_ref() == Some(&link);
    let select = state.select.clone();
    let onclick = Callback::from(move |_| select.emit((!pressed).then(|| link.clone())));
    html! {
        <button type="button" class="button subtle thread-button" aria-pressed={pressed.to_string()}
            aria-label={format!("Show thread for {what}")} {onclick}>{ "Show thread" }</button>
    }
}

/// A plain warning for a broken thread; never colour alone.
fn gap(show: bool, words: &str) -> Html {
    if show {
        html! { <p class="gap"><span aria-hidden="true">{ "⚠ " }</span>{ words }</p> }
    } else {
        html! {}
    }
}

fn remove_button(ctx: &Ctx, what: String, edit: ReviewEdit) -> Html {
    let onclick = ctx.sender(move |_: MouseEvent| edit.clone());
    html! { <button type="button" class="button subtle" aria-label={format!("Remove {what}")} {onclick}>{ "Remove" }</button> }
}

/// A group of checkboxes choosing which items this one is linked to.
fn links(
    legend: String,
    id_prefix: String,
    options: Vec<(String, String)>,
    chosen: &[String],
    on_change: Callback<Vec<String>>,
) -> Html {
    if options.is_empty() {
        return html! {};
    }
    html! {
        <fieldset class="links">
            <legend>{ legend }</legend>
            { for options.into_iter().map(|(id, label)| {
                let checked = chosen.contains(&id);
                let chosen = chosen.to_vec();
                let on_change = on_change.clone();
                let this = id.clone();
                let onchange = Callback::from(move |e: Event| {
                    let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                    let mut next: Vec<String> = chosen.iter().filter(|c| **c != this).cloned().collect();
                    if on { next.push(this.clone()); }
                    on_change.emit(next);
                });
                let input_id = format!("{id_prefix}-{id}");
                html! {
                    <div class="check">
                        <input type="checkbox" id={input_id.clone()} {checked} {onchange} />
                        <label for={input_id}>{ label }</label>
                    </div>
                }
            }) }
        </fieldset>
    }
}

fn short(text: &str) -> String {
    let t: String = text.trim().chars().take(90).collect();
    if t.len() < text.trim().len() {
        format!("{t}…")
    } else if t.is_empty() {
        "(not written yet)".into()
    } else {
        t
    }
}

pub fn aspiration(ctx: &Ctx, state: &ThreadState, i: usize, a: &Aspiration) -> Html {
    let save = {
        let a = a.clone();
        ctx.sender(move |t: String| ReviewEdit::UpsertAspiration {
            aspiration: Aspiration {
                text: t.into(),
                ..a.clone()
            },
        })
    };
    let n = i + 1;
    let unused = !ctx
        .review
        .plan
        .section_e
        .outcomes
        .iter()
        .any(|o| o.aspiration_ids.contains(&a.id));
    html! {
        <li key={a.id.clone()} class={card_class(state, &a.id)}>
            <AutoText id={format!("aspiration-{}", a.id)} label={format!("Aspiration {n}")} value={a.text.0.clone()} on_save={save} />
            if let Some(from) = &a.contribution_id { <p class="own-words">{ own_words_note(ctx, from) }</p> }
            { gap(unused, "No outcome points back to this aspiration yet.") }
            <div class="row">
                { thread_button(state, Link::Aspiration(a.id.clone()), &format!("aspiration {n}")) }
                { remove_button(ctx, format!("aspiration {n}"), ReviewEdit::RemoveAspiration { id: a.id.clone() }) }
            </div>
        </li>
    }
}

/// Where an aspiration in the young person's own words came from: who wrote it, and when.
fn own_words_note(ctx: &Ctx, contribution_id: &str) -> String {
    match ctx.review.voice.iter().find(|c| c.id == contribution_id) {
        Some(c) => {
            let when = c
                .recorded_on
                .map(|d| format!(" on {}", d.long()))
                .unwrap_or_default();
            let by = c
                .author_id
                .as_deref()
                .map(|id| format!(", by {}", ctx.person(Some(id))));
            format!(
                "In the young person's own words: from their own space{}{when}",
                by.unwrap_or_default()
            )
        }
        None => "In the young person's own words".into(),
    }
}

/// What the young person put in their own space that Section A does not hold yet, each with
/// buttons that place it there in their own words (`own_words::place`).
pub fn from_own_space(ctx: &Ctx) -> Html {
    let waiting = own_words::waiting(&ctx.review);
    let unwritten = own_words::without_words(&ctx.review);
    if waiting.is_empty() && unwritten.is_empty() {
        return html! {};
    }
    let name = ctx.review.young_person.given_name.clone();
    let button = |c: &Contribution, part: SectionAPart, label: &str, describe: String| {
        let Ok(edit) = own_words::place(&ctx.review, &c.id, part) else {
            return html! {};
        };
        let onclick = ctx.sender(move |_: MouseEvent| edit.clone());
        html! {
            <button type="button" class="button" aria-label={describe} {onclick}>{ label.to_string() }</button>
        }
    };
    let heading = |c: &Contribution| {
        let by = c
            .author_id
            .as_deref()
            .map(|id| format!(", by {}", ctx.person(Some(id))))
            .unwrap_or_default();
        let when = c
            .recorded_on
            .map(|d| format!(", {}", d.long()))
            .unwrap_or_default();
        format!("{}{by}{when}", c.kind.label())
    };
    // Their pictures, drawings and recordings, so the adult sees and hears what they meant.
    let theirs = |c: &Contribution, about: String| {
        html! {
            <>
                if !c.symbols.is_empty() {
                    <ul class="symbol-chosen-list" aria-label={format!("Pictures {name} picked")}>
                        { for c.symbols.iter().map(|s| html! { <li><SymbolImage id={AttrValue::from(s.clone())} /></li> }) }
                    </ul>
                }
                if !c.attachments.is_empty() {
                    <ul class="attachments">
                        { for c.attachments.iter().map(|a| html! {
                            <li key={a.sha256.clone()}><AttachmentView attachment={a.clone()} about={about.clone()} /></li>
                        }) }
                    </ul>
                }
            </>
        }
    };
    html! {
        <section class="from-own-space" aria-labelledby="from-own-space-title">
            <h3 id="from-own-space-title">{ format!("From {name}'s own space") }</h3>
            <p class="hint">{ format!("Not in the plan yet. Add each to Section A as {name}'s own words; an aspiration added here keeps a link back to what {name} wrote, so outcomes can point to it.") }</p>
            <ul class="card-list">
                { for waiting.iter().enumerate().map(|(i, c)| {
                    let n = i + 1;
                    html! {
                        <li key={c.id.clone()} class="card" id={format!("own-space-{}", c.id)}>
                            <p class="sub">{ heading(c) }</p>
                            <blockquote class="own-words">{ c.text.as_str().to_string() }</blockquote>
                            { theirs(c, format!("{name}'s item {n}")) }
                            <div class="row">
                                { button(c, SectionAPart::Aspirations, "Add to aspirations", format!("Add to aspirations, in {name}'s own words: item {n}")) }
                                { button(c, SectionAPart::Views, "Add to their views", format!("Add to their views, in {name}'s own words: item {n}")) }
                            </div>
                        </li>
                    }
                }) }
                { for unwritten.iter().enumerate().map(|(i, c)| {
                    let n = i + 1;
                    let (review, id) = (ctx.review.clone(), c.id.clone());
                    let edit = ctx.edit.clone();
                    let on_save = Callback::from(move |words: String| {
                        if words.trim().is_empty() {
                            return;
                        }
                        if let Ok(e) = own_words::write_down(&review, &id, &words) {
                            edit.emit(e);
                        }
                    });
                    html! {
                        <li key={c.id.clone()} class="card" id={format!("own-space-{}", c.id)}>
                            <p class="sub">{ format!("{} (no words yet)", heading(c)) }</p>
                            { theirs(c, format!("{name}'s recording or picture {n}")) }
                            <AutoText id={format!("write-down-{}", c.id)}
                                label={format!("What {name} said or meant, written down in {name}'s words")}
                                value={String::new()} {on_save} multiline=true />
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

pub fn need(ctx: &Ctx, state: &ThreadState, section: PlanSection, i: usize, need: &Need) -> Html {
    let upsert = move |need: Need| ReviewEdit::UpsertNeed { section, need };
    let save = {
        let n = need.clone();
        ctx.sender(move |t: String| {
            upsert(Need {
                description: t.into(),
                ..n.clone()
            })
        })
    };
    let on_area = {
        let n = need.clone();
        ctx.sender(move |area: Option<NeedArea>| upsert(Need { area, ..n.clone() }))
    };
    let n = i + 1;
    let what = format!("need {}{n}", section.as_str());
    html! {
        <li key={need.id.clone()} class={card_class(state, &need.id)}>
            <AutoText id={format!("need-{}", need.id)} label={format!("Need {}{n}", section.as_str())}
                value={need.description.0.clone()} on_save={save} multiline=true />
            <Choice<NeedArea> id={format!("need-area-{}", need.id)} label="Broad area of need" value={need.area}
                none={Some(AttrValue::from("Not set"))} on_change={on_area} />
            { gap(state.gaps.needs_without_outcome.contains(&need.id), "No outcome in section E serves this need yet.") }
            <div class="row">
                { thread_button(state, Link::Need(need.id.clone()), &what) }
                { remove_button(ctx, what.clone(), ReviewEdit::RemoveNeed { id: need.id.clone() }) }
            </div>
        </li>
    }
}

pub fn outcome(ctx: &Ctx, state: &ThreadState, i: usize, o: &Outcome) -> Html {
    let plan = &ctx.review.plan;
    let upsert = |o: Outcome| ReviewEdit::UpsertOutcome { outcome: o };
    let with = |f: fn(&mut Outcome, String)| {
        let o = o.clone();
        ctx.sender(move |t: String| {
            let mut o = o.clone();
            f(&mut o, t);
            upsert(o)
        })
    };
    let on_by = {
        let o = o.clone();
        ctx.sender(move |by: Option<Date>| {
            upsert(Outcome {
                time_frame: TimeFrame {
                    by,
                    ..o.time_frame.clone()
                },
                ..o.clone()
            })
        })
    };
    let on_pfa = {
        let o = o.clone();
        ctx.sender(move |pfa_domain: Option<PfaDomain>| {
            upsert(Outcome {
                pfa_domain,
                ..o.clone()
            })
        })
    };
    let on_needs = {
        let o = o.clone();
        ctx.sender(move |need_ids: Vec<String>| {
            upsert(Outcome {
                need_ids,
                ..o.clone()
            })
        })
    };
    let on_aspirations = {
        let o = o.clone();
        ctx.sender(move |aspiration_ids: Vec<String>| {
            upsert(Outcome {
                aspiration_ids,
                ..o.clone()
            })
        })
    };
    let n = i + 1;
    let need_options = plan
        .needs()
        .map(|(s, x)| {
            (
                x.id.clone(),
                format!("{}: {}", s.as_str(), short(&x.description.0)),
            )
        })
        .collect();
    let aspiration_options = plan
        .section_a
        .aspirations
        .iter()
        .map(|a| (a.id.clone(), short(&a.text.0)))
        .collect();
    html! {
        <li key={o.id.clone()} class={card_class(state, &o.id)}>
            <AutoText id={format!("outcome-{}", o.id)} label={format!("Outcome {n}")} value={o.text.0.clone()}
                on_save={with(|o, t| o.text = t.into())} multiline=true />
            <div class="row">
                <AutoText id={format!("outcome-when-{}", o.id)} label="By when (in words)" value={o.time_frame.label.clone()}
                    on_save={with(|o, t| o.time_frame.label = t)} />
                <DateField id={format!("outcome-by-{}", o.id)} label="By date" value={o.time_frame.by} on_change={on_by} />
                <Choice<PfaDomain> id={format!("outcome-pfa-{}", o.id)} label="Preparing for adulthood" value={o.pfa_domain}
                    none={Some(AttrValue::from("Not a preparing-for-adulthood outcome"))} on_change={on_pfa} />
            </div>
            { links(format!("Outcome {n} serves these needs"), format!("outcome-need-{}", o.id), need_options, &o.need_ids, on_needs) }
            { links(format!("Outcome {n} serves these aspirations"), format!("outcome-aspiration-{}", o.id), aspiration_options, &o.aspiration_ids, on_aspirations) }
            { gap(state.gaps.outcomes_without_source.contains(&o.id), "Not linked to any need or aspiration.") }
            { gap(state.gaps.outcomes_without_provision.contains(&o.id), "No provision serves this outcome yet.") }
            <div class="row">
                { thread_button(state, Link::Outcome(o.id.clone()), &format!("outcome {n}")) }
                { remove_button(ctx, format!("outcome {n}"), ReviewEdit::RemoveOutcome { id: o.id.clone() }) }
            </div>
        </li>
    }
}

pub fn provision(
    ctx: &Ctx,
    state: &ThreadState,
    section: PlanSection,
    i: usize,
    p: &Provision,
) -> Html {
    let upsert = move |provision: Provision| ReviewEdit::UpsertProvision { section, provision };
    let with = |f: fn(&mut Provision, String)| {
        let p = p.clone();
        ctx.sender(move |t: String| {
            let mut p = p.clone();
            f(&mut p, t);
            upsert(p)
        })
    };
    let on_outcomes = {
        let p = p.clone();
        ctx.sender(move |outcome_ids: Vec<String>| {
            upsert(Provision {
                outcome_ids,
                ..p.clone()
            })
        })
    };
    let n = i + 1;
    let what = format!("provision {}{n}", section.as_str());
    let options = ctx
        .review
        .plan
        .section_e
        .outcomes
        .iter()
        .map(|o| (o.id.clone(), short(&o.text.0)))
        .collect();
    html! {
        <li key={p.id.clone()} class={card_class(state, &p.id)}>
            <AutoText id={format!("provision-{}", p.id)} label={format!("Provision {}{n}: what is provided", section.as_str())}
                value={p.description.0.clone()} on_save={with(|p, t| p.description = t.into())} multiline=true />
            <div class="row">
                <AutoText id={format!("provision-who-{}", p.id)} label="Who provides it" value={p.provider.clone()}
                    on_save={with(|p, t| p.provider = t)} />
                <AutoText id={format!("provision-often-{}", p.id)} label="How often" value={p.frequency.clone()}
                    on_save={with(|p, t| p.frequency = t)} />
                <AutoText id={format!("provision-long-{}", p.id)} label="For how long" value={p.duration.clone()}
                    on_save={with(|p, t| p.duration = t)} />
            </div>
            { links(format!("Provision {}{n} serves these outcomes", section.as_str()), format!("provision-outcome-{}", p.id), options, &p.outcome_ids, on_outcomes) }
            { gap(state.gaps.provisions_without_outcome.contains(&p.id), "Not linked to any outcome.") }
            <div class="row">
                { thread_button(state, Link::Provision(p.id.clone()), &what) }
                { remove_button(ctx, what.clone(), ReviewEdit::RemoveProvision { id: p.id.clone() }) }
            </div>
        </li>
    }
}

pub fn listing(ctx: &Ctx, i: usize, l: &AdviceListing) -> Html {
    let upsert = |listing: AdviceListing| ReviewEdit::UpsertAdviceListing { listing };
    let with = |f: fn(&mut AdviceListing, String)| {
        let l = l.clone();
        ctx.sender(move |t: String| {
            let mut l = l.clone();
            f(&mut l, t);
            upsert(l)
        })
    };
    let on_date = {
        let l = l.clone();
        ctx.sender(move |dated: Option<Date>| upsert(AdviceListing { dated, ..l.clone() }))
    };
    let n = i + 1;
    html! {
        <li key={l.id.clone()} class="card">
            <div class="row">
                <AutoText id={format!("listing-title-{}", l.id)} label={format!("Advice {n}: title")} value={l.title.clone()} on_save={with(|l, t| l.title = t)} />
                <AutoText id={format!("listing-source-{}", l.id)} label="From" value={l.source.clone()} on_save={with(|l, t| l.source = t)} />
                <DateField id={format!("listing-date-{}", l.id)} label="Dated" value={l.dated} on_change={on_date} />
                { remove_button(ctx, format!("advice {n}"), ReviewEdit::RemoveAdviceListing { id: l.id.clone() }) }
            </div>
        </li>
    }
}
