//! The "Saved" indicator: always visible, announced politely to screen readers.

use yew::prelude::*;

/// Where the last change stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    /// Nothing changed since the plan opened.
    Idle,
    Saving,
    /// Saved, at this time of day.
    Saved(String),
    /// Not saved, and why, in plain words.
    Failed(String),
}

#[derive(Properties, PartialEq)]
pub struct SaveProps {
    pub state: SaveState,
}

#[function_component(SaveIndicator)]
pub fn save_indicator(p: &SaveProps) -> Html {
    let (class, text) = match &p.state {
        SaveState::Idle => (
            "save save-ok",
            "All changes saved on this computer".to_string(),
        ),
        SaveState::Saving => ("save save-busy", "Saving…".to_string()),
        SaveState::Saved(at) => ("save save-ok", format!("Saved at {at}")),
        SaveState::Failed(why) => ("save save-failed", format!("Not saved: {why}")),
    };
    let role = if matches!(p.state, SaveState::Failed(_)) {
        "alert"
    } else {
        "status"
    };
    html! { <p id="save-state" class={class} role={role} aria-live="polite">{ text }</p> }
}
