//! Picture symbols: [`SymbolPicker`], where a young person picks pictures to go with what
//! they said, one topic at a time, and [`SymbolImage`], one chosen picture shown with its word
//! as its text alternative.
//!
//! The set, its topics and words are `northstar_schema::symbols`; the pictures are OpenMoji's
//! SVGs, copied into the built UI as `symbols/<id>.svg` by `scripts/build-ui.sh` (licence:
//! `assets/symbols/LICENSE.md`). A contribution stores the ids chosen; older ones stored one
//! of 16 emoji, read here through `Symbol::find` so they show as the same picture. Use
//! `northstar_schema::symbols::toggle` to apply an [`SymbolPickerProps::on_toggle`].

use crate::i18n::{self, Lang};
use northstar_schema::symbols::{Symbol, SymbolTopic};
use std::sync::atomic::{AtomicUsize, Ordering};
use yew::prelude::*;

/// Where a symbol's picture is, relative to the UI's `index.html`.
pub fn picture_url(id: &str) -> String {
    format!("symbols/{id}.svg")
}

#[derive(Properties, PartialEq)]
pub struct SymbolImageProps {
    /// A symbol id, or an emoji saved before the symbol set existed.
    pub id: AttrValue,
    #[prop_or_default]
    pub class: Classes,
}

/// One chosen symbol: its picture, with its word as the text alternative. Something stored
/// that is not a known symbol is shown as it was stored.
#[function_component(SymbolImage)]
pub fn symbol_image(p: &SymbolImageProps) -> Html {
    match Symbol::find(&p.id) {
        Some(s) => html! {
            <img class={classes!("symbol-image", p.class.clone())} src={picture_url(s.id)}
                alt={s.word} title={s.word} width="48" height="48" />
        },
        None => {
            html! { <span class={classes!("symbol-unknown", p.class.clone())}>{ p.id.clone() }</span> }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct SymbolPickerProps {
    /// What is chosen now, as stored: symbol ids (or emoji from before the set).
    pub chosen: Vec<String>,
    /// A symbol was tapped: its id. The owner adds or removes it (`symbols::toggle`).
    pub on_toggle: Callback<String>,
    /// What the pictures go with, for the labels: "what I like", "my hopes".
    pub about: AttrValue,
    /// Bigger tiles and words, for the easy-read space.
    #[prop_or_default]
    pub easy: bool,
}

/// Each picker on a screen gets its own element ids.
static NEXT_PICKER: AtomicUsize = AtomicUsize::new(0);

/// Picks pictures by topic: the topics are tabs (arrow keys move between them, Home and End
/// go to the first and last), and the open topic's pictures are toggle buttons, each with
/// its word under it. The pictures already chosen are listed above, whichever topic is open.
#[function_component(SymbolPicker)]
pub fn symbol_picker(p: &SymbolPickerProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let topic = use_state(|| SymbolTopic::ALL[0]);
    let key = use_state(|| NEXT_PICKER.fetch_add(1, Ordering::Relaxed));
    let base = format!("symbol-picker-{}", *key);
    let tab_id = |t: SymbolTopic| format!("{base}-tab-{}", t.as_str());
    let panel_id = format!("{base}-panel");

    // What is chosen, as symbols: emoji saved before the set count as their picture.
    let chosen: Vec<&'static Symbol> = {
        let mut seen = Vec::new();
        for s in p.chosen.iter().filter_map(|s| Symbol::find(s)) {
            if !seen.contains(&s) {
                seen.push(s);
            }
        }
        seen
    };
    let unknown: Vec<&String> = p
        .chosen
        .iter()
        .filter(|s| Symbol::find(s).is_none())
        .collect();
    let is_chosen = |s: &Symbol| chosen.iter().any(|c| c.id == s.id);

    let onkeydown = {
        let (topic, base) = (topic.clone(), base.clone());
        Callback::from(move |e: KeyboardEvent| {
            let all = SymbolTopic::ALL;
            let at = all.iter().position(|t| *t == *topic).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => (at + 1) % all.len(),
                "ArrowLeft" | "ArrowUp" => (at + all.len() - 1) % all.len(),
                "Home" => 0,
                "End" => all.len() - 1,
                _ => return,
            };
            e.prevent_default();
            topic.set(all[next]);
            // Follow the selection with focus, as a tab list does.
            let id = format!("{base}-tab-{}", all[next].as_str());
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&id))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.focus();
            }
        })
    };

    let tabs = SymbolTopic::ALL.iter().map(|t| {
        let t = *t;
        let selected = t == *topic;
        let count = chosen.iter().filter(|s| s.topic == t).count();
        let onclick = {
            let topic = topic.clone();
            Callback::from(move |_| topic.set(t))
        };
        html! {
            <button type="button" role="tab" id={tab_id(t)} class="symbol-tab"
                aria-selected={selected.to_string()} aria-controls={panel_id.clone()}
                tabindex={if selected { "0" } else { "-1" }} {onclick}>
                { i18n::t(lang, &format!("topic-{}", t.as_str())) }
                if count > 0 {
                    <span class="symbol-count">{ format!(" {count}") }<span class="visually-hidden">{ format!(" {}", i18n::t(lang, "chosen")) }</span></span>
                }
            </button>
        }
    });

    let tiles = topic.symbols().map(|s| {
        let on = is_chosen(s);
        let onclick = {
            let (on_toggle, id) = (p.on_toggle.clone(), s.id.to_string());
            Callback::from(move |_| on_toggle.emit(id.clone()))
        };
        html! {
            <li key={s.id}>
                <button type="button" class="symbol-tile" aria-pressed={on.to_string()}
                    aria-label={s.word} {onclick}>
                    <img src={picture_url(s.id)} alt="" width="64" height="64" />
                    <span class="symbol-word">{ s.word }</span>
                </button>
            </li>
        }
    });

    html! {
        <div class={classes!("symbol-picker", p.easy.then_some("symbol-picker-easy"))}
            role="group" aria-label={i18n::tr(lang, "pictures-for", &[("item", &p.about)])}>
            <div class="symbol-chosen">
                <p class="symbol-chosen-title">{ i18n::t(lang, "pictures-picked") }</p>
                if chosen.is_empty() && unknown.is_empty() {
                    <p class="symbol-none">{ i18n::t(lang, "pictures-none") }</p>
                } else {
                    <ul class="symbol-chosen-list">
                        { for chosen.iter().map(|s| html! {
                            <li key={s.id}><SymbolImage id={s.id} /><span class="symbol-word" aria-hidden="true">{ s.word }</span></li>
                        }) }
                        { for unknown.iter().map(|s| html! { <li><SymbolImage id={(*s).clone()} /></li> }) }
                    </ul>
                }
            </div>
            <div class="symbol-tabs" role="tablist" aria-label={i18n::tr(lang, "picture-kinds", &[("item", &p.about)])}
                {onkeydown}>
                { for tabs }
            </div>
            <div class="symbol-panel" role="tabpanel" id={panel_id.clone()} aria-labelledby={tab_id(*topic)}>
                <ul class="symbol-tiles">{ for tiles }</ul>
            </div>
        </div>
    }
}
