//! The high-contrast theme: black on white, every line and border solid, a thick focus ring.
//!
//! It follows the system's "more contrast" setting on its own (`prefers-contrast: more` in
//! `styles.css`); this switch turns it on for someone whose system cannot say so. The choice
//! is kept in the webview's local storage, so it stays for this person on this computer and
//! is never synced into anyone's review.

use yew::prelude::*;

/// The class on `<html>` that switches the theme on.
pub const CLASS: &str = "high-contrast";
const KEY: &str = "northstar.high-contrast";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Whether the person switched the theme on (read once at start).
pub fn remembered() -> bool {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .is_some_and(|v| v == "on")
}

/// Applies the theme to the whole page and remembers the choice.
pub fn apply(on: bool) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let classes = root.class_list();
        let _ = if on {
            classes.add_1(CLASS)
        } else {
            classes.remove_1(CLASS)
        };
    }
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, if on { "on" } else { "off" });
    }
}

/// "High contrast": a toggle button for the banner.
#[function_component(ContrastSwitch)]
pub fn contrast_switch() -> Html {
    let on = use_state(remembered);
    {
        let on = *on;
        use_effect_with(on, move |on| apply(*on));
    }
    let onclick = {
        let on = on.clone();
        Callback::from(move |_| on.set(!*on))
    };
    html! {
        <button type="button" class="button contrast-switch" id="high-contrast" aria-pressed={on.to_string()} {onclick}>
            { "High contrast" }
        </button>
    }
}
