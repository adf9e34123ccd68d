//! The LA caseworker's queue on the caseload home: decisions due (day N of 28), notices in
//! their 15 days for comments, amended plans due within 8 weeks, phase transfers to amend,
//! open tasks per setting, and timeliness over the last 12 months. Everything comes from
//! `northstar_schema::casework`, worked out from the documents.

use crate::format;
use northstar_schema::casework::{Queue, QueueRow, TaskKind};
use northstar_schema::CaseloadEntry;
use yew::prelude::*;

/// How many rows each list shows before "and N more".
const ROWS: usize = 12;

pub fn view(entries: &[CaseloadEntry], today: chrono::NaiveDate, open: &Callback<String>) -> Html {
    let q = Queue::of(entries, today);
    let list = |id: &str, title: &str, empty: &str, rows: &[QueueRow<'_>]| {
        html! {
            <section class="panel queue-panel" aria-labelledby={id.to_string()}>
                <h3 id={id.to_string()}>{ title }<span class="count-pill">{ rows.len() }</span></h3>
                if rows.is_empty() {
                    <p class="quiet">{ empty }</p>
                } else {
                    <table class="queue">
                        <thead><tr>
                            <th scope="col">{ "Child" }</th>
                            <th scope="col">{ "Setting" }</th>
                            <th scope="col">{ "Due" }</th>
                            <th scope="col">{ "Where it stands" }</th>
                        </tr></thead>
                        <tbody>
                            { for rows.iter().take(ROWS).map(|r| row(r, today, open)) }
                        </tbody>
                    </table>
                    if rows.len() > ROWS {
                        <p class="quiet">{ format!("and {} more", rows.len() - ROWS) }</p>
                    }
                }
            </section>
        }
    };
    html! {
        <section class="caseworker" aria-labelledby="queue-title" id="caseworker-queue">
            <h2 id="queue-title">{ "LA caseworker's queue" }</h2>
            <div class="overview">
                { list("queue-decisions", "Decisions due", "No meetings are waiting for a decision.", &q.decisions) }
                { list("queue-representations", "Notices: family commenting", "No notice is in its 15 days for comments.", &q.representations) }
                { list("queue-final-plans", "Amended plans to issue", "No amended plan is due.", &q.final_plans) }
                { list("queue-transfers", "Phase transfers to amend", "No phase transfer is waiting for its amended plan.", &q.transfers) }
            </div>
            <div class="row queue-facts">
                <section class="panel" aria-labelledby="queue-settings">
                    <h3 id="queue-settings">{ "Open tasks per setting" }</h3>
                    if q.per_setting.is_empty() {
                        <p class="quiet">{ "Nothing open." }</p>
                    } else {
                        <table class="queue">
                            <thead><tr><th scope="col">{ "Setting" }</th><th scope="col">{ "Open" }</th></tr></thead>
                            <tbody>
                                { for q.per_setting.iter().map(|(s, n)| html! { <tr><td>{ s }</td><td>{ n }</td></tr> }) }
                            </tbody>
                        </table>
                    }
                </section>
                <section class="panel" aria-labelledby="queue-timeliness">
                    <h3 id="queue-timeliness">{ "On time over the last 12 months" }</h3>
                    <ul class="timeliness" id="timeliness">
                        { for q.timeliness.iter().map(|t| html! {
                            <li><strong>{ t.percent().map(|p| format!("{p}%")).unwrap_or_else(|| "—".into()) }</strong>
                                { format!(" {}: {}", t.measure.label(), t.words()) }</li>
                        }) }
                    </ul>
                </section>
            </div>
        </section>
    }
}

fn row(r: &QueueRow<'_>, today: chrono::NaiveDate, open: &Callback<String>) -> Html {
    let id = r.entry.id.clone();
    let open = open.clone();
    let stands = match (r.task.kind, r.task.day_of(today)) {
        (TaskKind::Decision, Some((day, of))) => format!("Day {day} of {of}"),
        (TaskKind::Representations, _) => {
            let left = (r.task.due.0 - today).num_days();
            match left {
                0 => "Last day for comments".into(),
                1 => "1 day left for comments".into(),
                n => format!("{n} days left for comments"),
            }
        }
        _ => r.task.status(today).describe(),
    };
    let late = matches!(
        r.task.status(today),
        northstar_schema::calendar::DeadlineStatus::Overdue { .. }
    );
    html! {
        <tr class={late.then_some("row-overdue")}>
            <td><button type="button" class="link" onclick={Callback::from(move |_| open.emit(id.clone()))}>{ &r.entry.name }</button></td>
            <td>{ &r.entry.setting }</td>
            <td class="date">{ format::date(Some(r.task.due)) }</td>
            <td>{ stands }{ if late { html! { <span class="badge badge-overdue">{ " Overdue" }</span> } } else { html! {} } }</td>
        </tr>
    }
}
