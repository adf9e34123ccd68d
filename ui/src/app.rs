//! The application shell: banner, landmarks and the current screen.

use crate::caseload::CaseloadView;
use crate::join::JoinForm;
use crate::new_child::NewChildForm;
use crate::workspace::WorkspaceView;
use crate::young_person::YoungPersonSpaceView;
use yew::prelude::*;

/// Which screen is showing. A desktop app needs no URLs: the screen is view state.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Caseload,
    NewChild,
    /// Join a review someone shared, with the invitation code they gave.
    Join,
    Workspace {
        id: String,
    },
    /// The young person's own screen: nothing else of the plan is loaded into it.
    YoungPerson {
        id: String,
    },
}

#[function_component(App)]
pub fn app() -> Html {
    let route = use_state(|| Route::Caseload);
    let go = {
        let route = route.clone();
        Callback::from(move |r: Route| route.set(r))
    };
    // The young person's screen is calm and has none of the app's chrome.
    if let Route::YoungPerson { id } = &*route {
        let back = {
            let go = go.clone();
            let id = id.clone();
            Callback::from(move |_| go.emit(Route::Workspace { id: id.clone() }))
        };
        return html! { <YoungPersonSpaceView id={id.clone()} on_finish={back} /> };
    }
    let screen = match &*route {
        Route::Caseload => html! { <CaseloadView on_open={go.clone()} /> },
        Route::NewChild => html! { <NewChildForm on_done={go.clone()} /> },
        Route::Join => html! { <JoinForm on_done={go.clone()} /> },
        Route::Workspace { id } => html! { <WorkspaceView id={id.clone()} on_go={go.clone()} /> },
        Route::YoungPerson { .. } => html! {},
    };
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to main content" }</a>
            <header class="banner">
                <span class="brand" aria-hidden="true">{ "★" }</span>
                <span class="brand-name">{ "Northstar" }</span>
                <span class="brand-tag">{ "Annual reviews, offline" }</span>
            </header>
            <main id="main" tabindex="-1">
                { screen }
            </main>
        </>
    }
}
