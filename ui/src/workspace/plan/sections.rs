//! Each plan section's editor. Needs, outcomes and provision are cards (see `items`); the
//! rest are text boxes that save themselves.

use super::items;
use super::ThreadState;
use crate::widgets::{AddText, AutoText, Check};
use crate::workspace::Ctx;
use northstar_schema::edit::{ReviewEdit, ViewsField};
use northstar_schema::{
    AdviceListing, Aspiration, Need, Outcome, PlanSection, Provision, SectionI,
};
use yew::prelude::*;

pub fn section(ctx: &Ctx, state: &ThreadState, section: PlanSection) -> Html {
    let plan = &ctx.review.plan;
    match section {
        PlanSection::A => section_a(ctx, state),
        PlanSection::B | PlanSection::C | PlanSection::D => {
            let needs = match section {
                PlanSection::B => &plan.section_b.needs,
                PlanSection::C => &plan.section_c.needs,
                _ => &plan.section_d.needs,
            };
            let add = ctx.sender(move |text: String| ReviewEdit::UpsertNeed {
                section,
                need: Need {
                    description: text.into(),
                    ..Default::default()
                },
            });
            html! {
                <>
                    <p class="hint">{ match section {
                        PlanSection::B => "Every special educational need, each leading to an outcome and provision.",
                        PlanSection::C => "Health needs related to the special educational needs. Each needs provision in section G.",
                        _ => "Social care needs related to the needs or disability. Each needs provision in H1 or H2.",
                    } }</p>
                    if needs.is_empty() { <p class="quiet">{ "No needs in this section." }</p> }
                    <ol class="card-list">{ for needs.iter().enumerate().map(|(i, n)| items::need(ctx, state, section, i, n)) }</ol>
                    <AddText id={format!("add-need-{}", section.as_str().to_lowercase())} label="Add a need" on_add={add} multiline=true />
                </>
            }
        }
        PlanSection::E => {
            let add = ctx.sender(move |text: String| ReviewEdit::UpsertOutcome {
                outcome: Outcome {
                    text: text.into(),
                    ..Default::default()
                },
            });
            html! {
                <>
                    <p class="hint">{ "What will be different for the young person, and by when: specific, measurable and time-bound. \u{201c}By the end of Key Stage 2, Sam will …\u{201d}" }</p>
                    if plan.section_e.outcomes.is_empty() { <p class="quiet">{ "No outcomes yet." }</p> }
                    <ol class="card-list">{ for plan.section_e.outcomes.iter().enumerate().map(|(i, o)| items::outcome(ctx, state, i, o)) }</ol>
                    <AddText id="add-outcome" label="Add an outcome" on_add={add} multiline=true />
                </>
            }
        }
        PlanSection::F | PlanSection::G | PlanSection::H1 | PlanSection::H2 => {
            let list = match section {
                PlanSection::F => &plan.section_f,
                PlanSection::G => &plan.section_g,
                PlanSection::H1 => &plan.section_h1,
                _ => &plan.section_h2,
            };
            let add = ctx.sender(move |text: String| ReviewEdit::UpsertProvision {
                section,
                provision: Provision {
                    description: text.into(),
                    ..Default::default()
                },
            });
            html! {
                <>
                    <p class="hint">{ "Say who provides it, what it is, how often and for how long. \u{201c}As required\u{201d} or \u{201c}access to\u{201d} cannot be enforced." }</p>
                    if list.provisions.is_empty() { <p class="quiet">{ "No provision in this section." }</p> }
                    <ol class="card-list">{ for list.provisions.iter().enumerate().map(|(i, p)| items::provision(ctx, state, section, i, p)) }</ol>
                    <AddText id={format!("add-provision-{}", section.as_str().to_lowercase())} label="Add provision (what is provided)" on_add={add} multiline=true />
                </>
            }
        }
        PlanSection::I => {
            let i = plan.section_i.clone();
            let name = {
                let i = i.clone();
                ctx.sender(move |t: String| ReviewEdit::SetPlacement {
                    placement: SectionI {
                        setting_name: Some(t).filter(|t| !t.trim().is_empty()),
                        ..i.clone()
                    },
                })
            };
            let kind = ctx.sender(move |t: String| ReviewEdit::SetPlacement {
                placement: SectionI {
                    setting_type: Some(t).filter(|t| !t.trim().is_empty()),
                    ..i.clone()
                },
            });
            html! {
                <>
                    <p class="hint">{ "The name and type of the school or setting. Leave it blank in a draft plan." }</p>
                    <AutoText id="placement-name" label="Name of the school or setting"
                        value={plan.section_i.setting_name.clone().unwrap_or_default()} on_save={name} />
                    <AutoText id="placement-type" label="Type of school or setting"
                        value={plan.section_i.setting_type.clone().unwrap_or_default()} on_save={kind} />
                </>
            }
        }
        PlanSection::J => {
            let on_summary = ctx.sender(|text| ReviewEdit::SetBudgetSummary { text });
            html! {
                <>
                    <AutoText id="budget-summary" label="Personal budget: what it covers and how it is paid"
                        value={plan.section_j.summary.0.clone()} on_save={on_summary} multiline=true />
                    if !plan.section_j.items.is_empty() {
                        <table class="plain">
                            <caption>{ "Elements of the budget" }</caption>
                            <thead><tr><th scope="col">{ "What" }</th><th scope="col">{ "A year" }</th><th scope="col">{ "Direct payment" }</th></tr></thead>
                            <tbody>{ for plan.section_j.items.iter().map(|b| html! {
                                <tr key={b.id.clone()}>
                                    <td>{ &b.description }</td>
                                    <td>{ b.annual_amount_pence.map(|p| format!("£{}.{:02}", p / 100, p % 100)).unwrap_or_else(|| "—".into()) }</td>
                                    <td>{ if b.direct_payment { "Yes" } else { "No" } }</td>
                                </tr>
                            }) }</tbody>
                        </table>
                    }
                </>
            }
        }
        PlanSection::K => {
            let add = ctx.sender(|title: String| ReviewEdit::UpsertAdviceListing {
                listing: AdviceListing {
                    title,
                    ..Default::default()
                },
            });
            html! {
                <>
                    <p class="hint">{ "Every piece of advice and information gathered for the plan." }</p>
                    <ol class="card-list">{ for plan.section_k.advice.iter().enumerate().map(|(i, l)| items::listing(ctx, i, l)) }</ol>
                    <AddText id="add-listing" label="Add advice to the list (its title)" on_add={add} />
                </>
            }
        }
    }
}

fn section_a(ctx: &Ctx, state: &ThreadState) -> Html {
    let a = &ctx.review.plan.section_a;
    let views = |field: ViewsField| ctx.sender(move |text| ReviewEdit::SetViews { field, text });
    let own_words = ctx.sender(|in_own_words| ReviewEdit::SetInOwnWords { in_own_words });
    let add = ctx.sender(|text: String| ReviewEdit::UpsertAspiration {
        aspiration: Aspiration {
            text: text.into(),
            ..Default::default()
        },
    });
    html! {
        <>
            <AutoText id="views-young-person" label="The young person's views"
                hint="In their own words where they are theirs. What they put in their own space is listed below, to add here."
                value={a.young_person_views.0.clone()} on_save={views(ViewsField::YoungPerson)} multiline=true />
            <Check id="views-own-words" label="These are the young person's own words" checked={a.in_own_words} on_change={own_words} />
            <AutoText id="views-parent" label="The parents' or carers' views"
                value={a.parent_views.0.clone()} on_save={views(ViewsField::Parent)} multiline=true />
            <AutoText id="views-interests" label="Interests"
                value={a.interests.0.clone()} on_save={views(ViewsField::Interests)} multiline=true />
            <h3>{ "Aspirations" }</h3>
            <p class="hint">{ "Hopes for the future. Aspirations are not outcomes: outcomes in section E point back to them." }</p>
            <ol class="card-list">{ for a.aspirations.iter().enumerate().map(|(i, x)| items::aspiration(ctx, state, i, x)) }</ol>
            <AddText id="add-aspiration" label="Add an aspiration" on_add={add} />
            { items::from_own_space(ctx) }
        </>
    }
}
