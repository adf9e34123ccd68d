//! The caseload home: what needs attention, upcoming meetings and phase transfers, then the
//! full list with search and filters. Choosing a child opens their workspace.

use crate::app::Route;
use crate::author::AuthorPanel;
use crate::format;
use crate::ipc::{self, CaseloadQuery};
use northstar_schema::{CaseloadEntry, CaseloadOrder, CaseloadOverview, Phase, ReviewStatus};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What the list shows: loading, the entries, or a plain-words error.
#[derive(Clone, PartialEq)]
pub enum Loaded {
    Loading,
    Ready(Vec<CaseloadEntry>),
    Failed(String),
}

/// Counts for the summary strip at the top of the caseload.
#[derive(Debug, Default, PartialEq)]
pub struct Summary {
    pub overdue: usize,
    pub due_soon: usize,
    pub meetings: usize,
    pub awaiting: usize,
    pub transfers: usize,
}

impl Summary {
    pub fn of(entries: &[CaseloadEntry]) -> Summary {
        let count = |s: ReviewStatus| entries.iter().filter(|e| e.status == s).count();
        Summary {
            overdue: count(ReviewStatus::Overdue),
            due_soon: count(ReviewStatus::DueSoon),
            meetings: count(ReviewStatus::MeetingBooked),
            awaiting: count(ReviewStatus::AwaitingDecision),
            transfers: entries.iter().filter(|e| e.transfer_this_year).count(),
        }
    }
}

const STATUSES: [ReviewStatus; 5] = [
    ReviewStatus::Overdue,
    ReviewStatus::AwaitingDecision,
    ReviewStatus::DueSoon,
    ReviewStatus::MeetingBooked,
    ReviewStatus::UpToDate,
];

#[derive(Properties, PartialEq)]
pub struct CaseloadProps {
    pub on_open: Callback<Route>,
}

#[function_component(CaseloadView)]
pub fn caseload_view(p: &CaseloadProps) -> Html {
    let query = use_state(CaseloadQuery::default);
    let loaded = use_state(|| Loaded::Loading);
    // The LA caseworker's queue shows first for a caseworker; anyone can open it.
    let show_queue = use_state(|| false);
    {
        let show_queue = show_queue.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(a) = ipc::get_author().await {
                    show_queue.set(a.role == northstar_schema::Role::LaCaseworker);
                }
            });
        });
    }
    let toggle_queue = {
        let show_queue = show_queue.clone();
        Callback::from(move |_| show_queue.set(!*show_queue))
    };
    // Every setting on the caseload, read once, so the filter offers all of them whatever
    // else is filtered.
    let settings = use_state(Vec::<String>::new);
    {
        let settings = settings.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(all) = ipc::list_caseload(&CaseloadQuery::default()).await {
                    settings.set(northstar_schema::settings_of(&all));
                }
            });
        });
    }

    // The first time the list shows, note how long the app took from process start, for
    // the start-up benchmark (BENCHMARKS.md) to read off the page.
    {
        let ready = matches!(*loaded, Loaded::Ready(_));
        use_effect_with(ready, move |ready| {
            if *ready {
                wasm_bindgen_futures::spawn_local(async {
                    if let (Ok(ms), Some(body)) = (
                        ipc::uptime_ms().await,
                        web_sys::window()
                            .and_then(|w| w.document())
                            .and_then(|d| d.body()),
                    ) {
                        if body.get_attribute("data-ready-ms").is_none() {
                            let _ = body.set_attribute("data-ready-ms", &format!("{ms:.1}"));
                        }
                    }
                });
            }
        });
    }

    {
        let loaded = loaded.clone();
        use_effect_with((*query).clone(), move |q| {
            let q = q.clone();
            wasm_bindgen_futures::spawn_local(async move {
                loaded.set(match ipc::list_caseload(&q).await {
                    Ok(entries) => Loaded::Ready(entries),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }

    let on_search = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            query.set(CaseloadQuery {
                search: Some(value).filter(|v| !v.trim().is_empty()),
                ..(*query).clone()
            });
        })
    };
    let on_phase = {
        let query = query.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let phase = Phase::ALL.iter().copied().find(|p| p.as_str() == value);
            query.set(CaseloadQuery {
                phase,
                ..(*query).clone()
            });
        })
    };
    let on_status = {
        let query = query.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let status = STATUSES.iter().copied().find(|s| status_value(*s) == value);
            query.set(CaseloadQuery {
                status,
                ..(*query).clone()
            });
        })
    };
    let on_setting = {
        let query = query.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            query.set(CaseloadQuery {
                setting: Some(value).filter(|v| !v.is_empty()),
                ..(*query).clone()
            });
        })
    };
    let on_order = {
        let query = query.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let order = if value == "name" {
                CaseloadOrder::Name
            } else {
                CaseloadOrder::Urgency
            };
            query.set(CaseloadQuery {
                order,
                ..(*query).clone()
            });
        })
    };
    let on_which = {
        let query = query.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            query.set(CaseloadQuery {
                archived: value == "archived",
                ..(*query).clone()
            });
        })
    };
    let open = {
        let on_open = p.on_open.clone();
        Callback::from(move |id: String| on_open.emit(Route::Workspace { id }))
    };
    let new_child = {
        let on_open = p.on_open.clone();
        Callback::from(move |_| on_open.emit(Route::NewChild))
    };
    let join = {
        let on_open = p.on_open.clone();
        Callback::from(move |_| on_open.emit(Route::Join))
    };
    let reports = {
        let on_open = p.on_open.clone();
        Callback::from(move |_| on_open.emit(Route::Reports))
    };

    html! {
        <section aria-labelledby="caseload-title">
            <div class="page-head">
                <h1 id="caseload-title">{ "Caseload" }</h1>
                <div class="page-actions">
                    <button type="button" class="button" id="show-queue" aria-pressed={show_queue.to_string()} onclick={toggle_queue}>{ "LA caseworker's queue" }</button>
                    <button type="button" class="button" id="open-reports" onclick={reports}>{ "Reports" }</button>
                    <button type="button" class="button" id="join-review" onclick={join}>{ "Join a shared review" }</button>
                    <button type="button" class="button primary" id="new-child" onclick={new_child}>{ "New child or plan" }</button>
                </div>
            </div>
            <AuthorPanel />
            <crate::lock::PassphrasePanel />
            if let (true, Loaded::Ready(entries)) = (*show_queue, &*loaded) {
                if !query.archived && query.search.is_none() && query.setting.is_none() && query.phase.is_none() && query.status.is_none() {
                    { crate::queue::view(entries, format::today(), &open) }
                }
            }
            if let Loaded::Ready(entries) = &*loaded {
                if !query.archived && query.search.is_none() && query.setting.is_none() && query.phase.is_none() && query.status.is_none() {
                    { overview(entries, &open) }
                }
            }
            <h2 class="list-title">{ if query.archived { "Archived plans" } else { "All children" } }</h2>
            <form class="filters" role="search" aria-label="Find a child" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <div class="field">
                    <label for="which-list">{ "Show" }</label>
                    <select id="which-list" onchange={on_which}>
                        <option value="working" selected={!query.archived}>{ "The working caseload" }</option>
                        <option value="archived" selected={query.archived}>{ "Archived plans" }</option>
                    </select>
                </div>
                <div class="field">
                    <label for="search">{ "Search by name or setting" }</label>
                    <input id="search" type="search" autocomplete="off" oninput={on_search} />
                </div>
                <div class="field">
                    <label for="setting-filter">{ "Setting" }</label>
                    <select id="setting-filter" onchange={on_setting}>
                        <option value="" selected={query.setting.is_none()}>{ "All settings" }</option>
                        { for settings.iter().map(|s| html! { <option value={s.clone()} selected={query.setting.as_deref() == Some(s.as_str())}>{ s }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for="phase">{ "Phase" }</label>
                    <select id="phase" onchange={on_phase}>
                        <option value="">{ "All phases" }</option>
                        { for Phase::ALL.iter().map(|p| html! { <option value={p.as_str()}>{ p.label() }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for="status">{ "Review status" }</label>
                    <select id="status" onchange={on_status}>
                        <option value="">{ "Any status" }</option>
                        { for STATUSES.iter().map(|s| html! { <option value={status_value(*s)}>{ s.label() }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for="order">{ "Order" }</label>
                    <select id="order" onchange={on_order}>
                        <option value="urgency" selected={query.order == CaseloadOrder::Urgency}>{ "Most urgent first" }</option>
                        <option value="name" selected={query.order == CaseloadOrder::Name}>{ "By family name" }</option>
                    </select>
                </div>
            </form>
            { body(&loaded, query.order, &open) }
        </section>
    }
}

fn status_value(s: ReviewStatus) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// How many children each overview panel lists before "and N more".
const PANEL_ROWS: usize = 6;

/// The three panels a SENCO checks first thing.
fn overview(entries: &[CaseloadEntry], open: &Callback<String>) -> Html {
    let o = CaseloadOverview::of(entries);
    let panel = |id: &str,
                 title: &str,
                 empty: &str,
                 list: &[&CaseloadEntry],
                 when: fn(&CaseloadEntry) -> String| {
        html! {
            <section class="panel" aria-labelledby={id.to_string()}>
                <h2 id={id.to_string()}>{ title }<span class="count-pill">{ list.len() }</span></h2>
                if list.is_empty() {
                    <p class="quiet">{ empty }</p>
                } else {
                    <ul class="panel-list">
                        { for list.iter().take(PANEL_ROWS).map(|e| {
                            let id = e.id.clone();
                            let open = open.clone();
                            html! {
                                <li>
                                    <button type="button" class="link" onclick={Callback::from(move |_| open.emit(id.clone()))}>{ &e.name }</button>
                                    <span class="sub">{ when(e) }</span>
                                </li>
                            }
                        }) }
                    </ul>
                    if list.len() > PANEL_ROWS {
                        <p class="quiet">{ format!("and {} more in the list below", list.len() - PANEL_ROWS) }</p>
                    }
                }
            </section>
        }
    };
    html! {
        <div class="overview">
            { panel("due-title", "Reviews due or overdue", "No reviews are due in the next 8 weeks.", &o.due,
                |e| format!("{} · due {}", e.status.label(), format::date(e.next_review_due))) }
            { panel("meetings-title", "Upcoming meetings", "No meetings are booked.", &o.meetings,
                |e| format!("Meeting {}", format::date(e.meeting_date))) }
            { panel("transfers-title", "Phase transfers this year", "No phase transfers this school year.", &o.transfers,
                |e| format!("{} · {}", e.year_group.label(), e.setting)) }
        </div>
    }
}

fn body(loaded: &Loaded, order: CaseloadOrder, open: &Callback<String>) -> Html {
    match loaded {
        // Local reads finish in milliseconds: show nothing rather than flash a spinner.
        Loaded::Loading => html! {},
        Loaded::Failed(message) => html! {
            <p class="error" role="alert">{ message }</p>
        },
        Loaded::Ready(entries) => {
            let s = Summary::of(entries);
            // Review deadlines mean nothing for archived plans.
            let archived = entries.iter().all(|e| e.archived.is_some()) && !entries.is_empty();
            html! {
                <>
                    if !archived { { summary(&s) } }
                    <p class="count" role="status">{ format!("{} shown", format::children(entries.len())) }</p>
                    { table(entries, order, open) }
                </>
            }
        }
    }
}

/// Only the counts that need attention; a strip of zeros is noise.
fn summary(s: &Summary) -> Html {
    let items = [
        (s.overdue, "overdue"),
        (s.due_soon, "due in the next 8 weeks"),
        (s.meetings, "meetings booked"),
        (s.awaiting, "awaiting the LA's decision"),
        (s.transfers, "phase transfers this year"),
    ];
    if items.iter().all(|(n, _)| *n == 0) {
        return html! {};
    }
    html! {
        <ul class="summary" aria-label="Of the children shown">
            { for items.iter().filter(|(n, _)| *n > 0).map(|(n, what)| html! {
                <li><strong>{ n }</strong>{ format!(" {what}") }</li>
            }) }
        </ul>
    }
}

fn table(entries: &[CaseloadEntry], order: CaseloadOrder, open: &Callback<String>) -> Html {
    if entries.is_empty() {
        return html! { <p>{ "No children match these filters." }</p> };
    }
    let caption = match order {
        CaseloadOrder::Urgency => "Children on the caseload, most urgent first",
        CaseloadOrder::Name => "Children on the caseload, by family name",
    };
    html! {
        <table class="caseload">
            <caption class="visually-hidden">{ caption }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Name" }</th>
                    <th scope="col">{ "Year group" }</th>
                    <th scope="col">{ "Setting" }</th>
                    <th scope="col">{ "Primary need" }</th>
                    <th scope="col">{ "Next review due" }</th>
                    <th scope="col">{ "Status" }</th>
                </tr>
            </thead>
            <tbody>
                { for entries.iter().map(|e| row(e, open)) }
            </tbody>
        </table>
    }
}

fn row(e: &CaseloadEntry, open: &Callback<String>) -> Html {
    let need = e
        .primary_need
        .map(|n| format!("{} ({})", n.label(), n.as_str()))
        .unwrap_or_else(|| "—".into());
    let onclick = {
        let open = open.clone();
        let id = e.id.clone();
        Callback::from(move |_| open.emit(id.clone()))
    };
    html! {
        <tr key={e.id.clone()} class={if e.archived.is_some() { "" } else { format::row_class(e.status) }}>
            <th scope="row" class="child-name">
                <button type="button" class="link open-child" {onclick}>{ &e.name }</button>
            </th>
            <td>{ e.year_group.label() }
                if e.transfer_this_year { <span class="tag">{ "Phase transfer" }</span> }
            </td>
            <td>{ &e.setting }</td>
            <td>{ need }</td>
            <td class="date">{ format::date(e.next_review_due) }
                if let Some(m) = e.meeting_date { <div class="sub">{ format!("Meeting {}", format::date(Some(m))) }</div> }
            </td>
            <td>
                if let Some(a) = &e.archived {
                    if a.retention_over(northstar_schema::Date(format::today())) {
                        <span class="tag warn">{ format!("Kept until {}: offer erasure", a.keep_until.long()) }</span>
                    } else {
                        <span class="tag">{ format!("Archived {} · kept until {}", a.on.long(), a.keep_until.long()) }</span>
                    }
                } else {
                    <span class={format::status_class(e.status)}>{ e.status.label() }</span>
                }
            </td>
        </tr>
    }
}
