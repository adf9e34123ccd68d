//! One child's workspace: the review meeting, the plan, advice, history and export.
//!
//! The workspace holds the saved review and hands every part a [`Ctx`]: the review and a
//! callback that sends one [`ReviewEdit`] to the engine. The engine answers with the review as
//! saved, which replaces the copy here; nothing is worked out on this side.

mod advice;
mod archive;
pub mod checks;
mod details;
pub mod differences;
mod erase;
mod export;
mod history;
mod meeting;
mod plan;
mod records;
mod saving;
mod sharing;
pub mod updates;
mod year;

use crate::app::Route;
use crate::format;
use crate::ipc::{self, Edited};
use gloo_timers::callback::Interval;
use northstar_schema::calendar::Calendar;
use northstar_schema::edit::{ReviewEdit, Topic};
use northstar_schema::quality::Finding;
use northstar_schema::sync::ConflictStep;
use northstar_schema::{AnnualReview, PlanSection, ReviewDocument};
use saving::{SaveIndicator, SaveState};
use std::rc::Rc;
use web_sys::HtmlElement;
use yew::prelude::*;

/// What every part of the workspace is given.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub review: Rc<ReviewDocument>,
    pub edit: Callback<ReviewEdit>,
    pub today: chrono::NaiveDate,
}

impl Ctx {
    /// The review still open (no LA decision yet), or the latest one.
    pub fn current(&self) -> Option<&AnnualReview> {
        self.review.current_review()
    }

    /// Sends `edit` built by `make` from an event's value: the common shape of an on-change.
    pub fn sender<T: 'static>(&self, make: impl Fn(T) -> ReviewEdit + 'static) -> Callback<T> {
        let edit = self.edit.clone();
        Callback::from(move |v: T| edit.emit(make(v)))
    }

    pub fn person(&self, id: Option<&str>) -> String {
        id.and_then(|id| self.review.participants.iter().find(|p| p.id == id))
            .map(|p| p.name.clone())
            .unwrap_or_else(|| "Not recorded".into())
    }
}

/// A saved version of the review as the workspace shows it, with what follows from it
/// worked out once when it arrives rather than on every render.
#[derive(Clone, PartialEq)]
pub struct Shown {
    pub review: Rc<ReviewDocument>,
    pub undo: Option<String>,
    pub redo: Option<String>,
    pub findings: Rc<Vec<Finding>>,
    /// Counts up with each version shown, so views can tell a new version cheaply.
    pub version: u64,
}

impl Shown {
    fn from(edited: Edited, version: u64) -> Shown {
        let findings = northstar_schema::quality::check(&edited.review, format::today());
        Shown {
            review: Rc::new(edited.review),
            undo: edited.undo,
            redo: edited.redo,
            findings: Rc::new(findings),
            version,
        }
    }
}

/// The workspace's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Meeting,
    Plan,
    Advice,
    Year,
    Details,
    History,
    Export,
    Sharing,
}

impl Tab {
    const ALL: [Tab; 8] = [
        Tab::Meeting,
        Tab::Plan,
        Tab::Advice,
        Tab::Year,
        Tab::Details,
        Tab::History,
        Tab::Export,
        Tab::Sharing,
    ];

    fn label(self) -> &'static str {
        match self {
            Tab::Meeting => "Review meeting",
            Tab::Plan => "Plan A–K",
            Tab::Advice => "Advice",
            Tab::Year => "After the meeting",
            Tab::Details => "Child and people",
            Tab::History => "History",
            Tab::Export => "Export",
            Tab::Sharing => "Sharing",
        }
    }

    fn id(self) -> &'static str {
        match self {
            Tab::Meeting => "tab-meeting",
            Tab::Plan => "tab-plan",
            Tab::Advice => "tab-advice",
            Tab::Year => "tab-year",
            Tab::Details => "tab-details",
            Tab::History => "tab-history",
            Tab::Export => "tab-export",
            Tab::Sharing => "tab-sharing",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct WorkspaceProps {
    pub id: String,
    pub on_go: Callback<Route>,
}

/// Which part of the workspace shows.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Place {
    tab: Tab,
    meeting: usize,
    plan: PlanSection,
}

#[function_component(WorkspaceView)]
pub fn workspace_view(p: &WorkspaceProps) -> Html {
    let loaded = use_state(|| None::<Result<Shown, String>>);
    let save = use_state(|| SaveState::Idle);
    let place = use_state(|| Place {
        tab: Tab::Meeting,
        meeting: 0,
        plan: PlanSection::A,
    });
    let meeting_mode = use_state(|| false);
    // Replies may overtake each other; only a newer reply than the one shown replaces it.
    let sent = use_mut_ref(|| 0u64);
    let shown = use_mut_ref(|| 0u64);
    let root = use_node_ref();
    let switch_started = use_mut_ref(|| None::<f64>);
    // Edits sent and not yet answered: a reload for changes from elsewhere waits for them.
    let unanswered = use_mut_ref(|| 0usize);
    let news = use_state(String::new);
    // Who changes are recorded as: the LA-only steps are offered to the LA caseworker only.
    let author = use_state(ipc::Author::default);
    {
        let author = author.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(a) = ipc::get_author().await {
                    author.set(a);
                }
            });
        });
    }

    let accept = {
        let loaded = loaded.clone();
        let save = save.clone();
        let shown = shown.clone();
        Rc::new(move |n: u64, result: Result<Edited, String>| match result {
            Ok(edited) => {
                if n >= *shown.borrow() {
                    *shown.borrow_mut() = n;
                    loaded.set(Some(Ok(Shown::from(edited, n))));
                }
                save.set(SaveState::Saved(format::time_now()));
            }
            Err(e) => save.set(SaveState::Failed(e)),
        })
    };

    {
        let id = p.id.clone();
        let loaded = loaded.clone();
        use_effect_with(id, move |id| {
            let id = id.clone();
            wasm_bindgen_futures::spawn_local(async move {
                loaded.set(Some(ipc::get_review(&id).await.map(|e| Shown::from(e, 0))));
            });
        });
    }

    // Changes from other people's copies (brought in by the background sync) show up here.
    {
        let (loaded, news, sent, shown) =
            (loaded.clone(), news.clone(), sent.clone(), shown.clone());
        let unanswered = unanswered.clone();
        use_effect_with(p.id.clone(), move |id| {
            let id = id.clone();
            let asking = Rc::new(std::cell::Cell::new(false));
            let interval = Interval::new(updates::CHECK_EVERY_MS, move || {
                if asking.replace(true) {
                    return;
                }
                let (id, asking, loaded, news) =
                    (id.clone(), asking.clone(), loaded.clone(), news.clone());
                let (sent, shown, unanswered) = (sent.clone(), shown.clone(), unanswered.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(found) = ipc::review_changes(&id).await {
                        if updates::step(&found, *unanswered.borrow()) == updates::Step::Reload {
                            *sent.borrow_mut() += 1;
                            let n = *sent.borrow();
                            if let Ok(edited) = ipc::get_review(&id).await {
                                if n >= *shown.borrow() {
                                    *shown.borrow_mut() = n;
                                    loaded.set(Some(Ok(Shown::from(edited, n))));
                                    news.set(updates::announcement(&found.by, &format::time_now()));
                                }
                            }
                        }
                    }
                    asking.set(false);
                });
            });
            move || drop(interval)
        });
    }

    // Meeting and section switches are timed from the click to the rendered section, and the
    // figure left on the page for the benchmark to read (BENCHMARKS.md).
    {
        let root = root.clone();
        let switch_started = switch_started.clone();
        use_effect_with(*place, move |_| {
            if let (Some(start), Some(el)) = (
                switch_started.borrow_mut().take(),
                root.cast::<HtmlElement>(),
            ) {
                let ms = now_ms() - start;
                let _ = el.set_attribute("data-last-switch-ms", &format!("{ms:.2}"));
            }
        });
    }

    let call = {
        let id = p.id.clone();
        let save = save.clone();
        let sent = sent.clone();
        let accept = accept.clone();
        let unanswered = unanswered.clone();
        Rc::new(move |what: Call| {
            save.set(SaveState::Saving);
            *sent.borrow_mut() += 1;
            *unanswered.borrow_mut() += 1;
            let n = *sent.borrow();
            let id = id.clone();
            let accept = accept.clone();
            let unanswered = unanswered.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = match what {
                    Call::Edit(edit) => ipc::apply_edit(&id, &edit).await,
                    Call::Undo => ipc::undo(&id).await,
                    Call::Redo => ipc::redo(&id).await,
                    Call::Settle(path, shown) => ipc::settle_conflict(&id, &path, &shown).await,
                };
                *unanswered.borrow_mut() -= 1;
                accept(n, result);
            });
        })
    };
    let on_edit = {
        let call = call.clone();
        Callback::from(move |edit: ReviewEdit| call(Call::Edit(Box::new(edit))))
    };
    let on_undo = {
        let call = call.clone();
        Callback::from(move |_| call(Call::Undo))
    };
    let on_redo = {
        let call = call.clone();
        Callback::from(move |_| call(Call::Redo))
    };
    let on_settle = {
        let call = call.clone();
        Callback::from(move |(path, shown): (Vec<ConflictStep>, String)| {
            call(Call::Settle(path, shown))
        })
    };
    let go_to = {
        let place = place.clone();
        let switch_started = switch_started.clone();
        Callback::from(move |next: Place| {
            *switch_started.borrow_mut() = Some(now_ms());
            place.set(next);
        })
    };

    // Differences to settle are shown on the Sharing tab's label wherever one is, asked for
    // again with each version of the review shown (a merge is what makes them).
    let to_settle = use_state(|| 0usize);
    {
        let to_settle = to_settle.clone();
        let version = match &*loaded {
            Some(Ok(shown)) => Some(shown.version),
            _ => None,
        };
        use_effect_with((p.id.clone(), version), move |(id, version)| {
            if version.is_some() {
                let id = id.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(panel) = ipc::sync_panel(&id).await {
                        to_settle.set(panel.status.conflicts.len());
                    }
                });
            }
        });
    }

    let edited = match &*loaded {
        None => return html! {},
        Some(Err(message)) => {
            let back = back_button(&p.on_go);
            return html! {
                <section aria-labelledby="ws-error">
                    { back }
                    <h1 id="ws-error">{ "This plan could not be opened" }</h1>
                    <p class="error" role="alert">{ message }</p>
                </section>
            };
        }
        Some(Ok(edited)) => edited,
    };
    let review = edited.review.clone();
    let ctx = Ctx {
        review: review.clone(),
        edit: on_edit,
        today: format::today(),
    };
    let findings = edited.findings.clone();

    let onkeydown = {
        let place = *place;
        let go_to = go_to.clone();
        let on_undo = on_undo.clone();
        let on_redo = on_redo.clone();
        let can_undo = edited.undo.is_some();
        let can_redo = edited.redo.is_some();
        Callback::from(move |e: KeyboardEvent| {
            match keys::command(&e) {
                Some(keys::Command::Undo) if can_undo => on_undo.emit(()),
                Some(keys::Command::Redo) if can_redo => on_redo.emit(()),
                Some(keys::Command::NextSection) if place.tab == Tab::Meeting => {
                    go_to.emit(Place {
                        meeting: (place.meeting + 1).min(Topic::MEETING.len() - 1),
                        ..place
                    })
                }
                Some(keys::Command::PreviousSection) if place.tab == Tab::Meeting => {
                    go_to.emit(Place {
                        meeting: place.meeting.saturating_sub(1),
                        ..place
                    })
                }
                _ => return,
            }
            e.prevent_default();
        })
    };

    let yp = &review.young_person;
    let young_person = {
        let on_go = p.on_go.clone();
        let id = p.id.clone();
        Callback::from(move |_| on_go.emit(Route::YoungPerson { id: id.clone() }))
    };
    let parent_views = {
        let on_go = p.on_go.clone();
        let id = p.id.clone();
        Callback::from(move |_| on_go.emit(Route::ParentViews { id: id.clone() }))
    };
    let toggle_mode = {
        let meeting_mode = meeting_mode.clone();
        let go_to = go_to.clone();
        let place = *place;
        Callback::from(move |_| {
            meeting_mode.set(!*meeting_mode);
            go_to.emit(Place {
                tab: Tab::Meeting,
                ..place
            });
        })
    };
    let class = classes!("workspace", (*meeting_mode).then_some("meeting-mode"));
    html! {
        <div class={class} ref={root} {onkeydown}>
            <div class="ws-head">
                { back_button(&p.on_go) }
                <div class="ws-title">
                    <h1 id="child-name">{ yp.display_name() }</h1>
                    <p class="sub">{ format!("{} · {}", yp.year_group_on(ctx.today).label(), yp.setting.name) }</p>
                    <p id="sync-update" class="sync-update" role="status" aria-live="polite">{ (*news).clone() }</p>
                </div>
                <div class="ws-tools" role="toolbar" aria-label="Workspace tools">
                    <SaveIndicator state={(*save).clone()} />
                    <button type="button" class="button" id="undo" onclick={on_undo.reform(|_: MouseEvent| ())}
                        disabled={edited.undo.is_none()}
                        title={edited.undo.as_ref().map(|u| format!("Undo: {u} (Ctrl+Z)"))}>{ "Undo" }</button>
                    <button type="button" class="button" id="redo" onclick={on_redo.reform(|_: MouseEvent| ())}
                        disabled={edited.redo.is_none()}
                        title={edited.redo.as_ref().map(|r| format!("Redo: {r} (Ctrl+Y)"))}>{ "Redo" }</button>
                    <button type="button" class="button" id="meeting-mode" aria-pressed={meeting_mode.to_string()} onclick={toggle_mode}>
                        { if *meeting_mode { "Leave meeting mode" } else { "Meeting mode" } }
                    </button>
                    <button type="button" class="button calm" id="open-young-person" onclick={young_person}>{ "Young person's space" }</button>
                    <button type="button" class="button calm" id="open-parent-views" onclick={parent_views}>{ "Parent or carer's views" }</button>
                </div>
            </div>
            if let Some((_, on)) = review.ceased() {
                <p class="callout warn" id="ceased-banner" role="status">
                    { format!("This plan ceased on {}. It is kept as it was, read-only.", on.long()) }
                </p>
            }
            if place.tab != Tab::Details {
                <archive::ArchivePanel id={p.id.clone()} notice_only=true />
            }
            { deadlines(&review, ctx.today) }
            <nav class="tabs" aria-label="Parts of this plan">
                { for Tab::ALL.iter().map(|t| {
                    let go_to = go_to.clone();
                    let current = place.tab == *t;
                    let target = Place { tab: *t, ..*place };
                    html! {
                        <button type="button" id={t.id()} class="tab" aria-current={current.then_some("page")}
                            onclick={Callback::from(move |_| go_to.emit(target))}>
                            { t.label() }
                            if *t == Tab::Sharing && *to_settle > 0 {
                                <span class="tab-badge" id="to-settle">{ format!(" {} to settle", *to_settle) }</span>
                            }
                        </button>
                    }
                }) }
            </nav>
            <ContextProvider<Ctx> context={ctx.clone()}>
                { match place.tab {
                    Tab::Meeting => meeting::view(&ctx, *place, &go_to, &findings, *meeting_mode),
                    Tab::Plan => plan::view(&ctx, *place, &go_to, &findings),
                    Tab::Advice => html! { <advice::AdviceTracker /> },
                    Tab::Year => html! { <year::AfterMeeting id={p.id.clone()} role={author.role} author={author.name.clone()} /> },
                    Tab::Details => html! {
                        <>
                            <archive::ArchivePanel id={p.id.clone()} />
                            { details::view(&ctx) }
                            <erase::EraseChild id={p.id.clone()} name={edited.review.young_person.display_name()}
                                on_erased={p.on_go.reform(|_| Route::Caseload)} />
                        </>
                    },
                    Tab::History => html! { <erase::HistoryTab id={p.id.clone()} name={edited.review.young_person.display_name()} version={edited.version} /> },
                    Tab::Export => html! {
                        <>
                            <export::ExportView id={p.id.clone()} />
                            <records::Records id={p.id.clone()} name={edited.review.young_person.display_name()} />
                        </>
                    },
                    Tab::Sharing => html! { <sharing::SharingView id={p.id.clone()} {on_settle} /> },
                } }
            </ContextProvider<Ctx>>
        </div>
    }
}

/// What the workspace asks of the engine.
enum Call {
    Edit(Box<ReviewEdit>),
    Undo,
    Redo,
    /// Keep one value of a field two people changed at once.
    Settle(Vec<ConflictStep>, String),
}

fn back_button(on_go: &Callback<Route>) -> Html {
    let on_go = on_go.clone();
    html! {
        <button type="button" class="button back" id="back-to-caseload"
            onclick={Callback::from(move |_| on_go.emit(Route::Caseload))}>{ "← Caseload" }</button>
    }
}

/// The statutory dates still to meet for this plan, from the shared calendar.
fn deadlines(review: &ReviewDocument, today: chrono::NaiveDate) -> Html {
    use northstar_schema::calendar::DeadlineStatus;
    let calendar = Calendar::for_document(review, today);
    let open: Vec<_> = calendar
        .deadlines
        .iter()
        .filter(|d| !matches!(d.status, DeadlineStatus::Met { .. }))
        .collect();
    if open.is_empty() {
        return html! {};
    }
    html! {
        <ul class="deadlines" aria-label="Statutory deadlines still to meet">
            { for open.iter().map(|d| html! {
                <li class={format!("deadline deadline-{}", d.status.as_str())}>
                    <strong>{ d.label }</strong>
                    { format!(" by {} — {}", format::date(Some(d.due)), d.status.describe()) }
                </li>
            }) }
        </ul>
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// Keyboard commands for the workspace, kept apart from the view so they can be tested.
pub mod keys {
    use web_sys::KeyboardEvent;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Command {
        Undo,
        Redo,
        NextSection,
        PreviousSection,
    }

    /// What a key press asks for. Inside a text box, Ctrl+Z is the box's own undo and
    /// Page Up/Down scroll it, so only Alt+arrows move between sections there.
    pub fn command(e: &KeyboardEvent) -> Option<Command> {
        let typing = e
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
            .unwrap_or(false);
        decide(
            &e.key(),
            e.ctrl_key() || e.meta_key(),
            e.shift_key(),
            e.alt_key(),
            typing,
        )
    }

    pub fn decide(key: &str, ctrl: bool, shift: bool, alt: bool, typing: bool) -> Option<Command> {
        match key {
            "z" | "Z" if ctrl && !typing && !shift => Some(Command::Undo),
            "z" | "Z" if ctrl && !typing && shift => Some(Command::Redo),
            "y" | "Y" if ctrl && !typing => Some(Command::Redo),
            "ArrowRight" if alt => Some(Command::NextSection),
            "ArrowLeft" if alt => Some(Command::PreviousSection),
            "PageDown" if !typing => Some(Command::NextSection),
            "PageUp" if !typing => Some(Command::PreviousSection),
            _ => None,
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn typing_keeps_its_own_undo_and_page_keys() {
            assert_eq!(decide("z", true, false, false, false), Some(Command::Undo));
            assert_eq!(decide("z", true, false, false, true), None);
            assert_eq!(decide("Z", true, true, false, false), Some(Command::Redo));
            assert_eq!(decide("PageDown", false, false, false, true), None);
            assert_eq!(
                decide("PageDown", false, false, false, false),
                Some(Command::NextSection)
            );
            assert_eq!(
                decide("ArrowLeft", false, false, true, true),
                Some(Command::PreviousSection)
            );
            assert_eq!(decide("ArrowLeft", false, false, false, false), None);
        }
    }
}
