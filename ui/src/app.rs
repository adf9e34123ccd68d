//! The application shell: banner, landmarks and the current screen.

use crate::caseload::CaseloadView;
use crate::join::JoinForm;
use crate::lock::{use_lock_watch, LockScreen, LockSettings};
use crate::new_child::NewChildForm;
use crate::parent_views::ParentViewsView;
use crate::workspace::WorkspaceView;
use crate::young_person::YoungPersonSpaceView;
use northstar_schema::session::{LockState, LockView};
use yew::prelude::*;

/// Which screen is showing. A desktop app needs no URLs: the screen is view state.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Caseload,
    NewChild,
    /// Join a review someone shared, with the invitation code they gave.
    Join,
    /// The anonymised aspirations report over every plan held.
    Reports,
    Workspace {
        id: String,
    },
    /// The young person's own screen: nothing else of the plan is loaded into it.
    YoungPerson {
        id: String,
    },
    /// The parent's or carer's views, in their language: the same calm screen as the young
    /// person's, and the same hand-back.
    ParentViews {
        id: String,
    },
}

#[function_component(App)]
pub fn app() -> Html {
    let route = use_state(|| Route::Caseload);
    // `None` until the engine has said whether the data is open.
    let lock = use_state(|| None::<LockView>);
    let load_error = use_state(|| None::<String>);
    {
        let lock = lock.clone();
        let load_error = load_error.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match crate::ipc::lock_state().await {
                    Ok(view) => lock.set(Some(view)),
                    Err(e) => load_error.set(Some(e)),
                }
            });
        });
    }
    let open = matches!(&*lock, Some(v) if v.state == LockState::Open);
    let minutes = lock.as_ref().map_or(10, |v| v.lock_after_minutes);
    let on_locked = {
        let lock = lock.clone();
        Callback::from(move |()| {
            if let Some(view) = &*lock {
                lock.set(Some(LockView {
                    state: LockState::Locked,
                    ..*view
                }));
            }
        })
    };
    use_lock_watch(open, minutes, on_locked.clone());
    let on_open = {
        let lock = lock.clone();
        Callback::from(move |view: LockView| lock.set(Some(view)))
    };
    let lock_now = {
        let on_locked = on_locked.clone();
        Callback::from(move |()| {
            let on_locked = on_locked.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if crate::ipc::lock().await.is_ok() {
                    on_locked.emit(());
                }
            });
        })
    };
    let on_minutes = {
        let lock = lock.clone();
        Callback::from(move |m: u32| {
            if let Some(view) = &*lock {
                lock.set(Some(LockView {
                    lock_after_minutes: m,
                    ..*view
                }));
            }
        })
    };
    let go = {
        let route = route.clone();
        Callback::from(move |r: Route| route.set(r))
    };
    let banner = |tools: Html| {
        html! {
            <header class="banner">
                <span class="brand" aria-hidden="true">{ "★" }</span>
                <span class="brand-name">{ "Northstar" }</span>
                <span class="brand-tag">{ "Annual reviews, offline" }</span>
                { tools }
            </header>
        }
    };
    // Locked, or not yet open: nothing but the lock screen is on the page.
    if !open {
        let body = match (&*lock, &*load_error) {
            (_, Some(e)) => html! { <p class="error" role="alert">{ e }</p> },
            (None, None) => html! { <p role="status">{ "Opening Northstar…" }</p> },
            (Some(view), None) => html! { <LockScreen view={*view} on_open={on_open} /> },
        };
        return html! {
            <>
                { banner(html! {}) }
                <main id="main" tabindex="-1">{ body }</main>
            </>
        };
    }
    // The young person's screen is calm and has none of the app's chrome. When they have
    // finished, the window locks, so they hand back without seeing anything else.
    // The parent's or carer's views hand back the same way.
    if let Route::YoungPerson { id } | Route::ParentViews { id } = &*route {
        let back = {
            let go = go.clone();
            let id = id.clone();
            let lock_now = lock_now.clone();
            Callback::from(move |_| {
                go.emit(Route::Workspace { id: id.clone() });
                lock_now.emit(());
            })
        };
        return match &*route {
            Route::YoungPerson { .. } => {
                html! { <YoungPersonSpaceView id={id.clone()} on_finish={back} /> }
            }
            _ => html! { <ParentViewsView id={id.clone()} on_finish={back} /> },
        };
    }
    let screen = match &*route {
        Route::Caseload => html! { <CaseloadView on_open={go.clone()} /> },
        Route::NewChild => html! { <NewChildForm on_done={go.clone()} /> },
        Route::Join => html! { <JoinForm on_done={go.clone()} /> },
        Route::Reports => html! { <crate::reports::ReportsView on_done={go.clone()} /> },
        Route::Workspace { id } => html! { <WorkspaceView id={id.clone()} on_go={go.clone()} /> },
        Route::YoungPerson { .. } | Route::ParentViews { .. } => html! {},
    };
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to main content" }</a>
            { banner(html! {
                <>
                    <crate::contrast::ContrastSwitch />
                    <LockSettings minutes={minutes} on_change={on_minutes} on_lock={lock_now} />
                    <crate::about::AboutButton />
                </>
            }) }
            <main id="main" tabindex="-1">
                { screen }
            </main>
        </>
    }
}
