//! The plan, sections A–K, with the golden thread made visible: choose "Show thread" on any
//! aspiration, need, outcome or provision to see everything it is tied to, and items whose
//! thread is broken carry a plain warning.

mod items;
mod sections;

use super::checks::ChecksPanel;
use super::{Ctx, Place};
use northstar_schema::quality::Finding;
use northstar_schema::thread::{Gaps, Link, Thread};
use northstar_schema::{PlanSection, ReviewDocument};
use yew::prelude::*;

pub fn view(ctx: &Ctx, place: Place, go_to: &Callback<Place>, findings: &[Finding]) -> Html {
    let on_section = {
        let go_to = go_to.clone();
        Callback::from(move |s: PlanSection| go_to.emit(Place { plan: s, ..place }))
    };
    let section_findings: Vec<Finding> = findings
        .iter()
        .filter(|f| f.section == Some(place.plan))
        .cloned()
        .collect();
    let counts: Vec<usize> = PlanSection::ALL
        .iter()
        .map(|s| findings.iter().filter(|f| f.section == Some(*s)).count())
        .collect();
    let _ = ctx;
    html! {
        <PlanView section={place.plan} {on_section} findings={section_findings} {counts} />
    }
}

#[derive(Properties, PartialEq)]
struct PlanViewProps {
    section: PlanSection,
    on_section: Callback<PlanSection>,
    findings: Vec<Finding>,
    /// Findings per section, in `PlanSection::ALL` order, for the section list.
    counts: Vec<usize>,
}

/// What the plan's parts share: the thread selected, if any, and the broken links.
#[derive(Clone, PartialEq)]
pub struct ThreadState {
    pub selected: Option<Link>,
    pub thread: Thread,
    pub gaps: Gaps,
    pub select: Callback<Option<Link>>,
}

#[function_component(PlanView)]
fn plan_view(p: &PlanViewProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let selected = use_state(|| None::<Link>);
    let plan = &ctx.review.plan;
    let thread = selected
        .as_ref()
        .map(|l| Thread::from(plan, l))
        .unwrap_or_default();
    let state = ThreadState {
        selected: (*selected).clone(),
        thread,
        gaps: Gaps::of(plan),
        select: {
            let selected = selected.clone();
            Callback::from(move |l: Option<Link>| selected.set(l))
        },
    };
    html! {
        <div class="ws-body">
            <nav class="section-nav" aria-label="Plan sections">
                <ol>
                    { for PlanSection::ALL.iter().zip(&p.counts).map(|(s, n)| {
                        let on_section = p.on_section.clone();
                        let s = *s;
                        html! {
                            <li>
                                <button type="button" class="section-link" id={format!("plan-go-{}", s.as_str().to_lowercase())}
                                    aria-current={(s == p.section).then_some("step")}
                                    onclick={Callback::from(move |_| on_section.emit(s))}>
                                    { s.label() }
                                    if *n > 0 { <span class="count-pill" aria-label={format!("{n} to check")}>{ n }</span> }
                                </button>
                            </li>
                        }
                    }) }
                </ol>
            </nav>
            <section class="ws-main" aria-labelledby="section-title">
                <h2 id="section-title">{ p.section.label() }</h2>
                { sections::section(&ctx, &state, p.section) }
            </section>
            <div class="side">
                { thread_panel(&ctx.review, &state) }
                <ChecksPanel title={format!("Checks for section {}", p.section.as_str())} findings={p.findings.clone()} />
            </div>
        </div>
    }
}

/// Everything on the selected thread, in words, wherever in the plan it sits.
fn thread_panel(review: &ReviewDocument, state: &ThreadState) -> Html {
    let Some(selected) = &state.selected else {
        return html! {
            <aside class="thread" aria-labelledby="thread-title">
                <h2 id="thread-title">{ "Golden thread" }</h2>
                <p class="quiet">{ "Choose \u{201c}Show thread\u{201d} on any aspiration, need, outcome or provision to see what it is tied to." }</p>
            </aside>
        };
    };
    let plan = &review.plan;
    let words = |ids: &[String], text: &dyn Fn(&str) -> Option<String>| -> Html {
        if ids.is_empty() {
            return html! { <p class="gap">{ "None linked" }</p> };
        }
        html! { <ul>{ for ids.iter().map(|id| html! {
            <li class={(id == selected.id()).then_some("selected")}>{ text(id).unwrap_or_default() }</li>
        }) }</ul> }
    };
    let t = &state.thread;
    let clear = state.select.reform(|_: MouseEvent| None);
    html! {
        <aside class="thread" aria-labelledby="thread-title" aria-live="polite">
            <h2 id="thread-title">{ "Golden thread" }</h2>
            <h3>{ "Aspirations (A)" }</h3>
            { words(&t.aspirations, &|id| plan.section_a.aspirations.iter().find(|a| a.id == id).map(|a| a.text.0.clone())) }
            <h3>{ "Needs (B, C, D)" }</h3>
            { words(&t.needs, &|id| plan.needs().find(|(_, n)| n.id == id).map(|(s, n)| format!("{}: {}", s.as_str(), n.description))) }
            <h3>{ "Outcomes (E)" }</h3>
            { words(&t.outcomes, &|id| plan.section_e.outcomes.iter().find(|o| o.id == id).map(|o| o.text.0.clone())) }
            <h3>{ "Provision (F, G, H)" }</h3>
            { words(&t.provisions, &|id| plan.provisions().find(|p| p.provision.id == id)
                .map(|p| format!("{}: {} — {}", p.section.as_str(), p.provision.provider, p.provision.description))) }
            <button type="button" class="button subtle" id="clear-thread" onclick={clear}>{ "Hide thread" }</button>
        </aside>
    }
}
