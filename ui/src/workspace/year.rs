//! After the meeting: the rest of the statutory year, one step after another.
//!
//! 1. The school sends the report (reg 20(7)): the report PDF and a covering email per person.
//! 2. The LA decides: maintain, amend or cease (reg 20(10)), with the decision letter.
//! 3. Amending (reg 22): the notice, the family's representations, the amended plan issued.
//! 4. Ceasing (s45): the day the plan stops, after which it is kept read-only.
//! 5. Every issued version, and what changed between any two, side by side.
//! 6. Next year's review, once the decision is recorded.
//!
//! Every step is one `ReviewEdit`; the rules (dates in order, the 15 days, who may do what)
//! are the engine's and the schema's. This view only asks and shows.

use super::Ctx;
use crate::format;
use crate::ipc;
use crate::widgets::DateField;
use northstar_schema::calendar::{Calendar, Deadline, DeadlineStatus};
use northstar_schema::edit::{compare_plans, ReviewEdit};
use northstar_schema::{AmendmentStatus, AnnualReview, Date, PlanDecision, Representation, Role};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct YearProps {
    pub id: String,
    /// Who changes are recorded as on this computer: LA-only steps are offered only to the LA.
    pub role: Role,
    pub author: String,
}

/// The status of a deadline in words, for the line under each step's heading.
fn deadline_line(d: Option<&Deadline>, id: &str) -> Html {
    match d {
        None => html! {},
        Some(d) => html! {
            <p class={format!("deadline-line deadline-{}", match d.status {
                DeadlineStatus::Met { days_late, .. } if days_late > 0 => "late",
                s => s.as_str(),
            })} id={id.to_string()}>
                <strong>{ format!("Due {}: ", format::date(Some(d.due))) }</strong>
                { d.status.describe() }
                <span class="rule">{ format!(" ({})", d.rule) }</span>
            </p>
        },
    }
}

#[function_component(AfterMeeting)]
pub fn after_meeting(p: &YearProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let doc = &ctx.review;
    let calendar = Calendar::for_document(doc, ctx.today);
    let la = p.role == Role::LaCaseworker;
    // The review the year is about: the latest with a decision still being carried out, or
    // the current one.
    let Some(review) = doc.current_review() else {
        return html! {
            <section class="ws-single" aria-labelledby="year-title">
                <h2 id="year-title">{ "After the meeting" }</h2>
                <p class="quiet">{ "No annual review has been started yet. Start one in Review meeting." }</p>
            </section>
        };
    };
    let ceased = doc.ceased();
    html! {
        <section class="ws-single year" aria-labelledby="year-title">
            <h2 id="year-title">{ "After the meeting" }</h2>
            if let Some((_, on)) = ceased {
                <p class="callout warn" id="plan-ceased" role="status">
                    { format!("This plan ceased on {}. It is kept as it was, read-only: nothing in it can be changed.", on.long()) }
                </p>
            }
            if !la {
                <p class="hint">{ format!("Changes here are recorded as {} ({}). Only the LA caseworker records the decision, sends the notice and issues the plan; you can see each step as it happens.", p.author, p.role.label()) }</p>
            }
            <ol class="year-steps">
                <li class="card step" aria-labelledby="step-report">
                    <h3 id="step-report">{ "1. Send the report" }</h3>
                    { deadline_line(calendar.deadlines.report.as_ref(), "report-deadline") }
                    <ReportStep key={review.id.clone()} id={p.id.clone()} review={review.clone()} author={p.author.clone()} />
                </li>
                <li class="card step" aria-labelledby="step-decision">
                    <h3 id="step-decision">{ "2. The LA's decision" }</h3>
                    { deadline_line(calendar.deadlines.la_decision.as_ref(), "decision-deadline") }
                    <DecisionStep key={review.id.clone()} id={p.id.clone()} review={review.clone()} la={la} author={p.author.clone()} />
                </li>
                { amending(&ctx, p, &calendar) }
                if doc.reviews.iter().any(|r| r.la_decision.as_ref().is_some_and(|d| d.decision == PlanDecision::Cease)) {
                    <li class="card step" aria-labelledby="step-cease">
                        <h3 id="step-cease">{ "3. Ceasing the plan" }</h3>
                        <CeaseStep la={la} />
                    </li>
                }
                <li class="card step" aria-labelledby="step-issues">
                    <h3 id="step-issues">{ "Issued plans" }</h3>
                    <Issues id={p.id.clone()} />
                </li>
                if ceased.is_none() {
                    <li class="card step" aria-labelledby="step-next">
                        <h3 id="step-next">{ "Next year's review" }</h3>
                        { deadline_line(calendar.deadlines.next_review.as_ref(), "next-review-deadline") }
                        <NextYear key={review.id.clone()} review={review.clone()} />
                    </li>
                }
            </ol>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StepProps {
    id: String,
    review: AnnualReview,
    #[prop_or_default]
    la: bool,
    #[prop_or_default]
    author: String,
}

/// Where a save or a step stands, in words.
#[derive(Clone, PartialEq)]
enum Said {
    Nothing,
    Working(String),
    Done(String),
    Failed(String),
}

fn said(s: &Said, id: &str) -> Html {
    match s {
        Said::Nothing => html! {},
        Said::Working(m) => html! { <p role="status" id={id.to_string()}>{ m }</p> },
        Said::Done(m) => html! { <p class="note-ok" role="status" id={id.to_string()}>{ m }</p> },
        Said::Failed(m) => html! { <p class="error" role="alert" id={id.to_string()}>{ m }</p> },
    }
}

/// A date field's on-change that keeps the date chosen (a cleared field keeps the last one).
fn set_date(state: &UseStateHandle<Date>) -> Callback<Option<Date>> {
    let state = state.clone();
    Callback::from(move |d: Option<Date>| {
        if let Some(d) = d {
            state.set(d)
        }
    })
}

fn text_of(e: InputEvent) -> String {
    match e.target_dyn_into::<HtmlTextAreaElement>() {
        Some(area) => area.value(),
        None => e.target_unchecked_into::<HtmlInputElement>().value(),
    }
}

/// What to save as PDF: the engine's kind, plain words for it, the suggested file name and
/// the family's language for a version made in it.
struct PdfSave {
    kind: &'static str,
    what: &'static str,
    file: String,
    language: Option<northstar_schema::Language>,
}

/// A button's on-click that asks where to save the PDF, writes it and says what happened.
fn save_pdf(id: &str, save: PdfSave, out: &UseStateHandle<Said>) -> Callback<MouseEvent> {
    let (id, out) = (id.to_string(), out.clone());
    let save = std::rc::Rc::new(save);
    Callback::from(move |_: MouseEvent| {
        let (id, out, save) = (id.clone(), out.clone(), save.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let path = match ipc::choose_save_path(&save.file).await {
                Ok(Some(path)) => path,
                Ok(None) => return,
                Err(e) => return out.set(Said::Failed(e)),
            };
            out.set(Said::Working(format!("Writing the {}…", save.what)));
            out.set(
                match ipc::export_pdf(&id, save.kind, "standard", save.language, &path).await {
                    Ok(warning) => Said::Done(format!(
                        "Saved the {} as {path}.{}",
                        save.what,
                        warning.map(|w| format!(" {w}")).unwrap_or_default()
                    )),
                    Err(e) => Said::Failed(e),
                },
            );
        })
    })
}

#[function_component(ReportStep)]
fn report_step(p: &StepProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let review = &p.review;
    let invited: Vec<String> = review
        .attendance
        .iter()
        .map(|a| a.participant_id.clone())
        .collect();
    let chosen = use_state(|| {
        if review.report_sent_to.is_empty() {
            invited.clone()
        } else {
            review.report_sent_to.clone()
        }
    });
    let sent_on = use_state(|| review.report_sent_on.unwrap_or(Date(ctx.today)));
    let out = use_state(|| Said::Nothing);
    let letters = use_state(Vec::<northstar_schema::letters::Letter>::new);
    let people: Vec<_> = ctx
        .review
        .participants
        .iter()
        .filter(|p| invited.contains(&p.id) || chosen.contains(&p.id))
        .cloned()
        .collect();
    let toggle = |pid: String| {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut now = (*chosen).clone();
            now.retain(|x| *x != pid);
            if on {
                now.push(pid.clone());
            }
            chosen.set(now);
        })
    };
    let on_date = set_date(&sent_on);
    let send = {
        let (id, review_id, out, letters) = (
            p.id.clone(),
            review.id.clone(),
            out.clone(),
            letters.clone(),
        );
        let (chosen, sent_on, edit) = (chosen.clone(), sent_on.clone(), ctx.edit.clone());
        let suggested = format!(
            "{} - Annual review report.pdf",
            ctx.review.young_person.display_name()
        );
        Callback::from(move |_: MouseEvent| {
            if chosen.is_empty() {
                out.set(Said::Failed(
                    "Choose who the report goes to: everyone invited to the meeting (reg 20(7))."
                        .into(),
                ));
                return;
            }
            let (id, review_id, out, letters) =
                (id.clone(), review_id.clone(), out.clone(), letters.clone());
            let (recipients, sent_on, edit, suggested) =
                ((*chosen).clone(), *sent_on, edit.clone(), suggested.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let path = match ipc::choose_save_path(&suggested).await {
                    Ok(Some(path)) => path,
                    Ok(None) => return,
                    Err(e) => return out.set(Said::Failed(e)),
                };
                out.set(Said::Working(
                    "Writing the report and a covering email for each person…".into(),
                ));
                match ipc::report_pack(&id, &review_id, &path).await {
                    Ok(pack) => {
                        edit.emit(ReviewEdit::SendReport {
                            review_id,
                            sent_on,
                            recipient_ids: recipients,
                        });
                        out.set(Said::Done(format!(
                            "Saved the report as {} and {} email {} beside it, ready to send. The report is recorded as sent on {}.",
                            pack.pdf, pack.drafts.len(), if pack.drafts.len() == 1 { "draft" } else { "drafts" }, sent_on.long()
                        )));
                        letters.set(pack.letters);
                    }
                    Err(e) => out.set(Said::Failed(e)),
                }
            });
        })
    };
    html! {
        <>
            if let Some(on) = review.report_sent_on {
                <p class="callout" id="report-sent">{ format!("Sent on {} to {}.", on.long(), names(&ctx, &review.report_sent_to)) }</p>
            }
            <fieldset class="choices">
                <legend>{ "Who the report goes to (everyone invited)" }</legend>
                { for people.iter().map(|person| html! {
                    <div class="check">
                        <input type="checkbox" id={format!("report-to-{}", person.id)} checked={chosen.contains(&person.id)}
                            onchange={toggle(person.id.clone())} />
                        <label for={format!("report-to-{}", person.id)}>{ format!("{} ({})", person.name, person.role.label()) }</label>
                    </div>
                }) }
            </fieldset>
            <div class="row">
                <DateField id="report-sent-on" label="Date sent" value={Some(*sent_on)} on_change={on_date} />
                <button type="button" class="button primary" id="send-report" onclick={send}>{ "Send the report…" }</button>
            </div>
            { said(&out, "report-said") }
            if !letters.is_empty() {
                <details class="letters" open=true>
                    <summary>{ "Covering letters, to copy into an email if you prefer" }</summary>
                    { for letters.iter().map(|l| html! {
                        <div class="field">
                            <label for={format!("letter-{}", l.participant_id)}>{ format!("To {}", l.to_name) }</label>
                            <textarea id={format!("letter-{}", l.participant_id)} rows="8" readonly=true value={l.body.clone()} />
                        </div>
                    }) }
                </details>
            }
        </>
    }
}

fn names(ctx: &Ctx, ids: &[String]) -> String {
    let names: Vec<String> = ids.iter().map(|id| ctx.person(Some(id))).collect();
    match names.len() {
        0 => "nobody recorded".into(),
        1..=3 => names.join(", "),
        n => format!("{}, and {} others", names[..2].join(", "), n - 2),
    }
}

#[function_component(DecisionStep)]
fn decision_step(p: &StepProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let review = &p.review;
    let current = review.la_decision.clone();
    let choice = use_state(|| {
        current
            .as_ref()
            .map(|d| d.decision)
            .or(review.recommendation.as_ref().map(|r| r.decision))
    });
    let on = use_state(|| {
        current
            .as_ref()
            .and_then(|d| d.decided_on)
            .unwrap_or(Date(ctx.today))
    });
    let reasons = use_state(|| {
        current
            .as_ref()
            .map(|d| d.reasons.0.clone())
            .unwrap_or_default()
    });
    let out = use_state(|| Said::Nothing);
    let on_date = set_date(&on);
    let record = {
        let (choice, on, reasons, out) = (choice.clone(), on.clone(), reasons.clone(), out.clone());
        let (edit, review_id, by) = (ctx.edit.clone(), review.id.clone(), p.author.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(decision) = *choice else {
                out.set(Said::Failed("Choose maintain, amend or cease.".into()));
                return;
            };
            out.set(Said::Nothing);
            edit.emit(ReviewEdit::RecordDecision {
                review_id: review_id.clone(),
                decision,
                decided_on: *on,
                reasons: (*reasons).clone(),
                decided_by: Some(by.clone()),
            });
        })
    };
    let letter = save_pdf(
        &p.id,
        PdfSave {
            kind: "decision-letter",
            what: "decision letter",
            file: format!(
                "{} - Decision letter.pdf",
                ctx.review.young_person.display_name()
            ),
            language: None,
        },
        &out,
    );
    // The letter stays in English (it is statutory); for a family whose home language
    // Northstar has, a version with a page in that language after it.
    let family_language = super::export::family_language(&ctx.review);
    let family_letter = family_language.map(|language| {
        save_pdf(
            &p.id,
            PdfSave {
                kind: "decision-letter",
                what: "decision letter",
                file: format!(
                    "{} - Decision letter (with {}).pdf",
                    ctx.review.young_person.display_name(),
                    language.english_name()
                ),
                language: Some(language),
            },
            &out,
        )
    });
    let recommended = review.recommendation.as_ref().map(|r| r.decision);
    html! {
        <>
            if let Some(r) = recommended {
                <p class="hint">{ format!("The meeting recommended: {}.", r.label().to_lowercase()) }</p>
            }
            if let Some(d) = &current {
                <p class="callout" id="decision-recorded">
                    <strong>{ d.decision.label() }</strong>
                    { format!(", decided on {}{}. ", format::date(d.decided_on), d.decided_by.as_ref().map(|b| format!(" by {b}")).unwrap_or_default()) }
                    { "This concludes the review and starts the next 12 months." }
                </p>
            }
            if p.la && ctx.review.ceased().is_none() && current.as_ref().is_none_or(|d| d.amendment_notice_on.is_none()) {
                <form class="decision" onsubmit={record} aria-labelledby="step-decision">
                    <fieldset class="choices">
                        <legend>{ "Decision" }</legend>
                        { for PlanDecision::ALL.iter().map(|d| {
                            let choice = choice.clone();
                            let d = *d;
                            html! {
                                <div class="check">
                                    <input type="radio" name="la-decision" id={format!("decide-{}", d.as_str())}
                                        checked={*choice == Some(d)} onchange={Callback::from(move |_| choice.set(Some(d)))} />
                                    <label for={format!("decide-{}", d.as_str())}>{ d.label() }</label>
                                </div>
                            }
                        }) }
                    </fieldset>
                    <DateField id="decided-on" label="Date of the decision letter" value={Some(*on)} on_change={on_date} />
                    <div class="field">
                        <label for="decision-reasons">{ "Reasons (stated in the letter)" }</label>
                        <textarea id="decision-reasons" rows="3" value={(*reasons).clone()}
                            oninput={{ let reasons = reasons.clone(); Callback::from(move |e: InputEvent| reasons.set(text_of(e))) }} />
                    </div>
                    <button type="submit" class="button primary" id="record-decision">
                        { if current.is_some() { "Correct the decision" } else { "Record the decision" } }
                    </button>
                </form>
            } else if current.is_none() {
                <p class="quiet" id="decision-waiting">{ "Waiting for the LA's decision." }</p>
            }
            if current.is_some() {
                <button type="button" class="button" id="save-decision-letter" onclick={letter}>{ "Save the decision letter as PDF…" }</button>
                if let (Some(language), Some(onclick)) = (family_language, family_letter) {
                    <button type="button" class="button" id="save-decision-letter-family" {onclick}>
                        { format!("Save it with a page in {} for the family…", language.english_name()) }
                    </button>
                }
            }
            { said(&out, "decision-said") }
        </>
    }
}

/// Steps 3–4 for a decision to amend: the notice, representations and the amended plan.
fn amending(ctx: &Ctx, p: &YearProps, calendar: &Calendar) -> Html {
    let Some(review) = ctx.review.reviews.iter().rev().find(|r| {
        r.la_decision
            .as_ref()
            .is_some_and(|d| d.decision == PlanDecision::Amend)
    }) else {
        return html! {};
    };
    let la = p.role == Role::LaCaseworker;
    html! {
        <>
            <li class="card step" aria-labelledby="step-notice">
                <h3 id="step-notice">{ "3. Notice of proposed amendments" }</h3>
                <NoticeStep key={review.id.clone()} id={p.id.clone()} review={review.clone()} la={la} />
                { deadline_line(calendar.deadlines.representations_end.as_ref(), "representations-deadline") }
                <Representations key={review.id.clone()} review={review.clone()} role={p.role} />
            </li>
            <li class="card step" aria-labelledby="step-issue">
                <h3 id="step-issue">{ "4. Issue the amended plan" }</h3>
                { deadline_line(calendar.deadlines.final_plan.as_ref(), "final-plan-deadline") }
                <IssueStep key={review.id.clone()} id={p.id.clone()} review={review.clone()} la={la} />
            </li>
        </>
    }
}

/// One line per accepted amendment: what it does to which section.
fn amendment_summary(review: &AnnualReview) -> Html {
    let shown: Vec<_> = review.agreed_amendments().collect();
    if shown.is_empty() {
        return html! { <p class="quiet">{ "No amendments have been accepted. Accept them under Review meeting → Proposed amendments." }</p> };
    }
    html! {
        <table class="changes" id="amendment-summary">
            <caption>{ "The accepted amendments" }</caption>
            <thead><tr>
                <th scope="col">{ "Section" }</th>
                <th scope="col">{ "The plan says now" }</th>
                <th scope="col">{ "Proposed" }</th>
                <th scope="col">{ "Where it stands" }</th>
            </tr></thead>
            <tbody>
                { for shown.iter().map(|a| {
                    let (now, then) = a.wording();
                    let stands = match (&a.status, &a.not_applied) {
                        (AmendmentStatus::Applied, _) => format!("Made on {}", format::date(a.applied_on)),
                        (_, Some(why)) => format!("Not made: {why}"),
                        _ => "Waiting to be made".into(),
                    };
                    html! {
                        <tr key={a.id.clone()} class={a.not_applied.as_ref().map(|_| "not-applied")}>
                            <th scope="row">{ a.section.as_str() }</th>
                            <td>{ now }</td>
                            <td>{ then }</td>
                            <td>{ stands }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

#[function_component(NoticeStep)]
fn notice_step(p: &StepProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let review = &p.review;
    let notice = review
        .la_decision
        .as_ref()
        .and_then(|d| d.amendment_notice_on);
    let on = use_state(|| notice.unwrap_or(Date(ctx.today)));
    let out = use_state(|| Said::Nothing);
    let on_date = set_date(&on);
    let send = {
        let (on, edit, review_id) = (on.clone(), ctx.edit.clone(), review.id.clone());
        Callback::from(move |_: MouseEvent| {
            edit.emit(ReviewEdit::IssueAmendmentNotice {
                review_id: review_id.clone(),
                notice_on: *on,
            })
        })
    };
    let save = save_pdf(
        &p.id,
        PdfSave {
            kind: "amendment-notice",
            what: "notice",
            file: format!(
                "{} - Notice of proposed amendments.pdf",
                ctx.review.young_person.display_name()
            ),
            language: None,
        },
        &out,
    );
    html! {
        <>
            { amendment_summary(review) }
            { match notice {
                Some(n) => html! {
                    <p class="callout" id="notice-sent">{ format!("Notice sent on {}. The family has 15 days to comment and may ask for a school or college to be named.", n.long()) }</p>
                },
                None if p.la => html! {
                    <div class="row">
                        <DateField id="notice-on" label="Date of the notice" value={Some(*on)} on_change={on_date} />
                        <button type="button" class="button primary" id="send-notice" onclick={send}>{ "Record the notice as sent" }</button>
                    </div>
                },
                None => html! { <p class="quiet">{ "The LA has not sent the notice yet." }</p> },
            } }
            if notice.is_some() {
                <button type="button" class="button" id="save-notice" onclick={save}>{ "Save the notice as PDF…" }</button>
            }
            { said(&out, "notice-said") }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RepresentationsProps {
    review: AnnualReview,
    role: Role,
}

#[function_component(Representations)]
fn representations(p: &RepresentationsProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let review = &p.review;
    let noticed = review
        .la_decision
        .as_ref()
        .and_then(|d| d.amendment_notice_on)
        .is_some();
    let text = use_state(String::new);
    let school = use_state(String::new);
    let received = use_state(|| Date(ctx.today));
    let may = matches!(
        p.role,
        Role::ParentCarer | Role::YoungPerson | Role::LaCaseworker
    );
    let onsubmit = {
        let (text, school, received) = (text.clone(), school.clone(), received.clone());
        let (edit, review_id) = (ctx.edit.clone(), review.id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if text.trim().is_empty() && school.trim().is_empty() {
                return;
            }
            edit.emit(ReviewEdit::UpsertRepresentation {
                review_id: review_id.clone(),
                representation: Representation {
                    text: text.trim().into(),
                    requested_school: Some(school.trim().to_string()).filter(|s| !s.is_empty()),
                    received_on: Some(*received),
                    ..Default::default()
                },
            });
            text.set(String::new());
            school.set(String::new());
        })
    };
    if !noticed {
        return html! {};
    }
    html! {
        <div class="representations">
            <h4 id="representations-title">{ "The family's comments" }</h4>
            if review.representations.is_empty() {
                <p class="quiet">{ "No comments recorded yet." }</p>
            }
            <ul class="card-list" aria-labelledby="representations-title">
                { for review.representations.iter().map(|r| html! {
                    <li key={r.id.clone()} class="representation">
                        <p>{ &r.text.0 }</p>
                        if let Some(s) = &r.requested_school {
                            <p><strong>{ "Asked for: " }</strong>{ s }</p>
                        }
                        <p class="sub">{ format!("Received {}", format::date(r.received_on)) }</p>
                    </li>
                }) }
            </ul>
            if may {
                <form class="add-card" aria-labelledby="add-representation-title" {onsubmit}>
                    <h4 id="add-representation-title">{ "Record the family's comments" }</h4>
                    <div class="field">
                        <label for="representation-text">{ "What they said" }</label>
                        <textarea id="representation-text" rows="3" value={(*text).clone()}
                            oninput={{ let t = text.clone(); Callback::from(move |e: InputEvent| t.set(text_of(e))) }} />
                    </div>
                    <div class="row">
                        <div class="field grow">
                            <label for="representation-school">{ "School or college they ask to be named (if any)" }</label>
                            <input id="representation-school" type="text" value={(*school).clone()} autocomplete="off"
                                oninput={{ let s = school.clone(); Callback::from(move |e: InputEvent| s.set(text_of(e))) }} />
                        </div>
                        <DateField id="representation-received" label="Received on" value={Some(*received)}
                            on_change={set_date(&received)} />
                        <button type="submit" class="button" id="add-representation">{ "Record comments" }</button>
                    </div>
                </form>
            }
        </div>
    }
}

#[function_component(IssueStep)]
fn issue_step(p: &StepProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let review = &p.review;
    let issued = ctx
        .review
        .issues
        .iter()
        .filter(|i| i.review_id.as_deref() == Some(review.id.as_str()))
        .max_by_key(|i| i.number)
        .cloned();
    let waiting = review
        .amendments
        .iter()
        .any(|a| a.status == AmendmentStatus::Accepted);
    let noticed = review
        .la_decision
        .as_ref()
        .and_then(|d| d.amendment_notice_on)
        .is_some();
    let on = use_state(|| Date(ctx.today));
    let out = use_state(|| Said::Nothing);
    let on_date = set_date(&on);
    let issue = {
        let (on, edit, review_id) = (on.clone(), ctx.edit.clone(), review.id.clone());
        Callback::from(move |_: MouseEvent| {
            edit.emit(ReviewEdit::IssueAmendedPlan {
                review_id: review_id.clone(),
                issued_on: *on,
            })
        })
    };
    let save = save_pdf(
        &p.id,
        PdfSave {
            kind: "ehcp-final",
            what: "final plan",
            file: format!(
                "{} - EHC plan issue {}.pdf",
                ctx.review.young_person.display_name(),
                issued.as_ref().map(|i| i.number).unwrap_or_default()
            ),
            language: None,
        },
        &out,
    );
    html! {
        <>
            if let Some(i) = &issued {
                <p class="callout" id="plan-issued">
                    { format!("Issue {} of the plan was issued on {}, making {} {}.", i.number, format::date(i.issued_on), i.amendment_ids.len(),
                        if i.amendment_ids.len() == 1 { "amendment" } else { "amendments" }) }
                </p>
                <button type="button" class="button" id="save-final-plan" onclick={save}>{ "Save the final plan as PDF…" }</button>
            }
            if p.la && noticed && waiting {
                <p class="hint">{ "Issuing makes every accepted amendment in the plan, each as a change in history, and keeps the plan as it was as an earlier issue." }</p>
                <div class="row">
                    <DateField id="issue-on" label="Date of the amended plan" value={Some(*on)} on_change={on_date} />
                    <button type="button" class="button primary" id="issue-plan" onclick={issue}>{ "Issue the amended plan" }</button>
                </div>
            } else if !noticed {
                <p class="quiet">{ "The amended plan is issued after the notice and the family's 15 days." }</p>
            }
            { said(&out, "issue-said") }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CeaseProps {
    la: bool,
}

#[function_component(CeaseStep)]
fn cease_step(p: &CeaseProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let on = use_state(|| Date(ctx.today));
    let review = ctx
        .review
        .reviews
        .iter()
        .rev()
        .find(|r| {
            r.la_decision
                .as_ref()
                .is_some_and(|d| d.decision == PlanDecision::Cease)
        })
        .cloned();
    let Some(review) = review else {
        return html! {};
    };
    let ceased = review.la_decision.as_ref().and_then(|d| d.ceased_on);
    let on_date = set_date(&on);
    let cease = {
        let (on, edit, review_id) = (on.clone(), ctx.edit.clone(), review.id.clone());
        Callback::from(move |_: MouseEvent| {
            edit.emit(ReviewEdit::CeasePlan {
                review_id: review_id.clone(),
                ceased_on: *on,
            })
        })
    };
    html! {
        <>
            <p class="hint">{ "The family can appeal within 2 months of the decision letter; while an appeal is decided the plan is kept up. Record the day the plan stops only when that is settled." }</p>
            { match ceased {
                Some(day) => html! { <p class="callout" id="ceased-on">{ format!("The plan stopped being maintained on {}.", day.long()) }</p> },
                None if p.la => html! {
                    <div class="row">
                        <DateField id="cease-on" label="The plan stops on" value={Some(*on)} on_change={on_date} />
                        <button type="button" class="button primary" id="cease-plan" onclick={cease}>{ "Cease the plan" }</button>
                    </div>
                },
                None => html! { <p class="quiet">{ "Waiting for the LA." }</p> },
            } }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct IssuesProps {
    id: String,
}

/// Every issued version of the plan, and what changed between any two, side by side.
#[function_component(Issues)]
fn issues(_p: &IssuesProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let issues = &ctx.review.issues;
    let newest = issues.iter().map(|i| i.number).max().unwrap_or(0);
    // `None` until someone picks: the two newest issues, whatever has been issued since.
    let from_pick = use_state(|| None::<u32>);
    let to_pick = use_state(|| None::<u32>);
    if issues.is_empty() {
        return html! { <p class="quiet" id="no-issues">{ "No plan has been issued in Northstar yet. Each amended plan issued here is kept, with the plan as it stood before it." }</p> };
    }
    let pick = |state: &UseStateHandle<Option<u32>>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Ok(n) = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
            {
                state.set(Some(n))
            }
        })
    };
    let find = |n: u32| issues.iter().find(|i| i.number == n);
    let from = from_pick
        .filter(|n| find(*n).is_some())
        .unwrap_or(newest.saturating_sub(1).max(1));
    let to = to_pick.filter(|n| find(*n).is_some()).unwrap_or(newest);
    let options = |chosen: u32| {
        issues.iter().map(move |i| html! {
            <option value={i.number.to_string()} selected={i.number == chosen}>
                { format!("Issue {} ({}, {})", i.number, i.kind.label(), format::date(i.issued_on)) }
            </option>
        }).collect::<Html>()
    };
    let diff = match (find(from), find(to)) {
        (Some(a), Some(b)) => compare_plans(&a.plan(), &b.plan()),
        _ => Vec::new(),
    };
    html! {
        <>
            <ol class="issues" id="issue-list">
                { for issues.iter().map(|i| html! {
                    <li key={i.id.clone()}>{ format!("Issue {}: {}, dated {}", i.number, i.kind.label(), format::date(i.issued_on)) }</li>
                }) }
            </ol>
            <div class="row">
                <div class="field">
                    <label for="compare-from">{ "Compare" }</label>
                    <select id="compare-from" onchange={pick(&from_pick)}>{ options(from) }</select>
                </div>
                <div class="field">
                    <label for="compare-to">{ "with" }</label>
                    <select id="compare-to" onchange={pick(&to_pick)}>{ options(to) }</select>
                </div>
            </div>
            if diff.is_empty() {
                <p class="quiet" id="no-differences">{ "These two issues say the same." }</p>
            } else {
                <table class="changes side-by-side" id="issue-differences">
                    <caption>{ format!("What changed from issue {from} to issue {to}") }</caption>
                    <thead><tr>
                        <th scope="col">{ "Section" }</th>
                        <th scope="col">{ format!("Issue {from}") }</th>
                        <th scope="col">{ format!("Issue {to}") }</th>
                    </tr></thead>
                    <tbody>
                        { for diff.iter().map(|d| html! {
                            <tr>
                                <th scope="row">{ format!("{} ({})", d.section.as_str(), d.what) }</th>
                                <td class="was">{ d.before.clone().unwrap_or_else(|| "(not there)".into()) }</td>
                                <td class="now">{ d.after.clone().unwrap_or_else(|| "(removed)".into()) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct NextYearProps {
    review: AnnualReview,
}

#[function_component(NextYear)]
fn next_year(p: &NextYearProps) -> Html {
    let ctx = use_context::<Ctx>().expect("workspace context");
    let meeting = use_state(|| None::<Date>);
    let decided = p.review.la_decision.is_some();
    let start = {
        let (meeting, edit) = (meeting.clone(), ctx.edit.clone());
        Callback::from(move |_: MouseEvent| {
            edit.emit(ReviewEdit::StartReview {
                meeting_date: *meeting,
            })
        })
    };
    let on_meeting = {
        let meeting = meeting.clone();
        Callback::from(move |d: Option<Date>| meeting.set(d))
    };
    if !decided {
        return html! { <p class="quiet">{ "Next year's review can start once the LA's decision on this one is recorded." }</p> };
    }
    html! {
        <>
            <p class="hint">{ "Everyone involved is invited, and advice is asked for again. Last year's progress on each outcome shows beside this year's." }</p>
            <div class="row">
                <DateField id="next-meeting" label="Meeting date (if known)" value={*meeting} on_change={on_meeting} />
                <button type="button" class="button primary" id="start-next-review" onclick={start}>{ "Start next year's review" }</button>
            </div>
        </>
    }
}
