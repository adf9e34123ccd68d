//! Small form controls used on every screen. Each one has a real `<label>`, and each text
//! control saves by itself: shortly after typing stops, when it loses focus, and when it
//! leaves the screen, so nothing typed is ever lost and nobody has to press Save.

use gloo_timers::callback::Timeout;
use northstar_schema::{Date, Vocabulary};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// How long after the last keystroke a text box saves.
pub const SAVE_AFTER_MS: u32 = 600;

#[derive(Properties, PartialEq)]
pub struct AutoTextProps {
    /// The element id; the label points at it.
    pub id: AttrValue,
    pub label: AttrValue,
    /// The saved value. Adopted whenever it changes and nothing unsaved is being typed.
    pub value: AttrValue,
    pub on_save: Callback<String>,
    #[prop_or_default]
    pub multiline: bool,
    /// A sentence under the label: what to write here.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Keep the label for screen readers but do not show it (the heading says it already).
    #[prop_or_default]
    pub label_hidden: bool,
    #[prop_or_default]
    pub class: Classes,
}

/// A text box (or area) that saves itself.
#[function_component(AutoText)]
pub fn auto_text(p: &AutoTextProps) -> Html {
    let text = use_state(|| p.value.to_string());
    let dirty = use_mut_ref(|| false);
    let latest = use_mut_ref(|| p.value.to_string());
    let timer = use_mut_ref(|| None::<Timeout>);
    // Always call the newest callback: it closes over the newest copy of the item.
    let on_save = use_mut_ref(|| p.on_save.clone());
    *on_save.borrow_mut() = p.on_save.clone();

    {
        let text = text.clone();
        let dirty = dirty.clone();
        let latest = latest.clone();
        use_effect_with(p.value.clone(), move |value| {
            if !*dirty.borrow() {
                *latest.borrow_mut() = value.to_string();
                text.set(value.to_string());
            }
        });
    }

    let flush = {
        let dirty = dirty.clone();
        let latest = latest.clone();
        let timer = timer.clone();
        let on_save = on_save.clone();
        move || {
            timer.borrow_mut().take();
            if std::mem::replace(&mut *dirty.borrow_mut(), false) {
                on_save.borrow().emit(latest.borrow().clone());
            }
        }
    };

    {
        // Leaving the screen mid-sentence still saves the sentence.
        let flush = flush.clone();
        use_effect_with((), move |_| flush);
    }

    let oninput = {
        let text = text.clone();
        let flush = flush.clone();
        Callback::from(move |e: InputEvent| {
            let value = match e.target_dyn_into::<HtmlTextAreaElement>() {
                Some(area) => area.value(),
                None => e.target_unchecked_into::<HtmlInputElement>().value(),
            };
            *latest.borrow_mut() = value.clone();
            *dirty.borrow_mut() = true;
            text.set(value);
            let flush = flush.clone();
            *timer.borrow_mut() = Some(Timeout::new(SAVE_AFTER_MS, flush));
        })
    };
    let onblur = Callback::from(move |_: FocusEvent| flush());

    let hint_id = format!("{}-hint", p.id);
    let label_class = if p.label_hidden {
        "visually-hidden"
    } else {
        ""
    };
    html! {
        <div class={classes!("field", p.class.clone())}>
            <label for={p.id.clone()} class={label_class}>{ &p.label }</label>
            if let Some(hint) = &p.hint {
                <p class="hint" id={hint_id.clone()}>{ hint }</p>
            }
            if p.multiline {
                <textarea id={p.id.clone()} dir="auto" rows="3" value={(*text).clone()} {oninput} {onblur}
                    aria-describedby={p.hint.as_ref().map(|_| hint_id.clone())} />
            } else {
                <input id={p.id.clone()} type="text" dir="auto" value={(*text).clone()} {oninput} {onblur}
                    aria-describedby={p.hint.as_ref().map(|_| hint_id.clone())} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ChoiceProps<T: Vocabulary> {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: Option<T>,
    pub on_change: Callback<Option<T>>,
    /// The words for "none chosen"; without it a value must be chosen.
    #[prop_or_default]
    pub none: Option<AttrValue>,
    #[prop_or_default]
    pub label_hidden: bool,
}

/// A labelled `<select>` over any closed list.
#[function_component(Choice)]
pub fn choice<T: Vocabulary>(p: &ChoiceProps<T>) -> Html {
    let onchange = {
        let on_change = p.on_change.clone();
        Callback::from(move |e: Event| {
            let wire = e.target_unchecked_into::<HtmlSelectElement>().value();
            on_change.emit(T::from_wire(&wire));
        })
    };
    let selected = p.value.map(|v| v.wire()).unwrap_or("");
    html! {
        <div class="field">
            <label for={p.id.clone()} class={if p.label_hidden { "visually-hidden" } else { "" }}>{ &p.label }</label>
            <select id={p.id.clone()} {onchange}>
                if let Some(none) = &p.none {
                    <option value="" selected={selected.is_empty()}>{ none }</option>
                }
                { for T::all().iter().map(|v| html! {
                    <option value={v.wire()} selected={v.wire() == selected}>{ v.words() }</option>
                }) }
            </select>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct DateFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: Option<Date>,
    pub on_change: Callback<Option<Date>>,
    #[prop_or_default]
    pub label_hidden: bool,
}

/// A labelled date picker; clearing it gives `None`.
#[function_component(DateField)]
pub fn date_field(p: &DateFieldProps) -> Html {
    let onchange = {
        let on_change = p.on_change.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            on_change.emit(Date::parse(&value));
        })
    };
    html! {
        <div class="field">
            <label for={p.id.clone()} class={if p.label_hidden { "visually-hidden" } else { "" }}>{ &p.label }</label>
            <input id={p.id.clone()} type="date" value={p.value.map(|d| d.to_string()).unwrap_or_default()} {onchange} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub checked: bool,
    pub on_change: Callback<bool>,
}

/// A labelled checkbox.
#[function_component(Check)]
pub fn check(p: &CheckProps) -> Html {
    let onchange = {
        let on_change = p.on_change.clone();
        Callback::from(move |e: Event| {
            on_change.emit(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    html! {
        <div class="check">
            <input id={p.id.clone()} type="checkbox" checked={p.checked} {onchange} />
            <label for={p.id.clone()}>{ &p.label }</label>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct AddTextProps {
    pub id: AttrValue,
    /// What the box is for: "Add something we like and admire".
    pub label: AttrValue,
    pub on_add: Callback<String>,
    #[prop_or(AttrValue::Static("Add"))]
    pub button: AttrValue,
    #[prop_or_default]
    pub multiline: bool,
}

/// A box and a button that add one new entry, then clear and keep focus for the next one,
/// so a meeting can fill a poster quickly from the keyboard.
#[function_component(AddText)]
pub fn add_text(p: &AddTextProps) -> Html {
    let text = use_state(String::new);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let value = match e.target_dyn_into::<HtmlTextAreaElement>() {
                Some(area) => area.value(),
                None => e.target_unchecked_into::<HtmlInputElement>().value(),
            };
            text.set(value);
        })
    };
    let onsubmit = {
        let text = text.clone();
        let on_add = p.on_add.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = text.trim().to_string();
            if !value.is_empty() {
                on_add.emit(value);
                text.set(String::new());
            }
        })
    };
    html! {
        <form class="add-row" {onsubmit}>
            <div class="field grow">
                <label for={p.id.clone()}>{ &p.label }</label>
                if p.multiline {
                    <textarea id={p.id.clone()} dir="auto" rows="2" value={(*text).clone()} {oninput} />
                } else {
                    <input id={p.id.clone()} type="text" dir="auto" value={(*text).clone()} {oninput} autocomplete="off" />
                }
            </div>
            <button type="submit" class="button">{ &p.button }</button>
        </form>
    }
}
