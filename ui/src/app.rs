//! The application shell: banner, landmarks and the current view.

use crate::caseload::CaseloadView;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to main content" }</a>
            <header class="banner" role="banner">
                <span class="brand" aria-hidden="true">{ "★" }</span>
                <span class="brand-name">{ "Northstar" }</span>
                <span class="brand-tag">{ "Annual reviews, offline" }</span>
            </header>
            <main id="main" tabindex="-1">
                <CaseloadView />
            </main>
        </>
    }
}
