//! The review meeting, one section at a time, in the person-centred order (DOMAIN.md):
//! who is here, like and admire, important to and for, working and not working, questions,
//! progress, actions, disagreements, amendments and the recommendation.

mod decisions;
mod people;
mod posters;

use super::checks::ChecksPanel;
use super::{Ctx, Place};
use crate::format;
use crate::widgets::DateField;
use northstar_schema::edit::{ReviewEdit, Topic};
use northstar_schema::quality::Finding;
use northstar_schema::{AnnualReview, Date};
use yew::prelude::*;

/// The meeting tab: section list, the current section, and the checks for the review.
pub fn view(
    ctx: &Ctx,
    place: Place,
    go_to: &Callback<Place>,
    findings: &[Finding],
    meeting_mode: bool,
) -> Html {
    let topics = Topic::MEETING;
    let index = place.meeting.min(topics.len() - 1);
    let topic = topics[index];
    let jump = |i: usize| {
        let go_to = go_to.clone();
        Callback::from(move |_: MouseEvent| {
            go_to.emit(Place {
                meeting: i,
                ..place
            })
        })
    };
    let review_findings: Vec<Finding> = findings
        .iter()
        .filter(|f| f.section.is_none())
        .cloned()
        .collect();
    html! {
        <div class="ws-body">
            <nav class="section-nav" aria-label="Meeting sections">
                <ol>
                    { for topics.iter().enumerate().map(|(i, t)| html! {
                        <li>
                            <button type="button" class="section-link" id={format!("go-{}", t.as_str())}
                                aria-current={(i == index).then_some("step")} onclick={jump(i)}>
                                { t.label() }
                            </button>
                        </li>
                    }) }
                </ol>
            </nav>
            <section class="ws-main" aria-labelledby="section-title" id={format!("section-{}", topic.as_str())}>
                if meeting_mode {
                    <p class="step">{ format!("Section {} of {}", index + 1, topics.len()) }</p>
                }
                <h2 id="section-title">{ topic.label() }</h2>
                { start_or_concluded(ctx) }
                if let Some(review) = ctx.current() {
                    { section(ctx, review, topic) }
                }
                <div class="pager">
                    if index > 0 {
                        <button type="button" class="button" id="previous-section" onclick={jump(index - 1)}>
                            { format!("← {}", topics[index - 1].label()) }
                        </button>
                    }
                    if index + 1 < topics.len() {
                        <button type="button" class="button primary" id="next-section" onclick={jump(index + 1)}>
                            { format!("{} →", topics[index + 1].label()) }
                        </button>
                    }
                </div>
                <p class="hint">{ "Keyboard: Alt+→ and Alt+← move between sections; Page Down and Page Up too when you are not typing." }</p>
            </section>
            <ChecksPanel title="Checks for this review" findings={review_findings} />
        </div>
    }
}

fn section(ctx: &Ctx, review: &AnnualReview, topic: Topic) -> Html {
    match topic {
        Topic::WhoIsHere => people::who_is_here(ctx, review),
        Topic::LikeAndAdmire => posters::like_and_admire(ctx, review),
        Topic::Important => posters::important(ctx, review),
        Topic::Working => posters::working(ctx, review),
        Topic::Questions => posters::questions(ctx, review),
        Topic::Progress => decisions::progress(ctx, review),
        Topic::Actions => decisions::actions(ctx, review),
        Topic::Disagreements => decisions::disagreements(ctx, review),
        Topic::Amendments => decisions::amendments(ctx, review),
        Topic::Recommendation => decisions::recommendation(ctx, review),
        _ => html! {},
    }
}

/// With no review yet, or the last one concluded, offer to start this year's.
fn start_or_concluded(ctx: &Ctx) -> Html {
    let current = ctx.current();
    let decided = current.and_then(|r| r.la_decision.as_ref());
    if current.is_some() && decided.is_none() {
        return html! {};
    }
    html! {
        <div class="callout" id="start-review-panel">
            if let Some(d) = decided {
                <p>{ format!("The last review concluded with the LA's decision on {}: {}. What you see below is that review.",
                    format::date(d.decided_on), d.decision.label().to_lowercase()) }</p>
            } else {
                <p>{ "No annual review has been started for this plan yet." }</p>
            }
            <StartReview />
        </div>
    }
}

#[function_component(StartReview)]
fn start_review() -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let date = use_state(|| None::<Date>);
    let on_date = {
        let date = date.clone();
        Callback::from(move |d: Option<Date>| date.set(d))
    };
    let onclick = {
        let edit = ctx.edit.clone();
        let date = date.clone();
        Callback::from(move |_| {
            edit.emit(ReviewEdit::StartReview {
                meeting_date: *date,
            })
        })
    };
    html! {
        <div class="add-row">
            <DateField id="new-review-date" label="Meeting date (you can set it later)" value={*date} on_change={on_date} />
            <button type="button" class="button primary" id="start-review" {onclick}>{ "Start this year's review" }</button>
        </div>
    }
}
