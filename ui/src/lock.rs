//! The lock screen (choosing a passphrase on first start, encrypting an older store, and
//! unlocking), the idle-time setting, and the watcher that locks the window after idle time
//! or on Ctrl+L. While locked, nothing of any child is on the page: the app renders only this
//! screen, and the engine refuses every other command.

use crate::ipc;
use northstar_schema::session::{LockState, LockView};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LockScreenProps {
    pub view: LockView,
    /// Called with the new state once the passphrase has opened the data.
    pub on_open: Callback<LockView>,
}

/// Keeps what is typed into a box in `state`.
pub fn typed_into(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| {
        state.set(e.target_unchecked_into::<HtmlInputElement>().value())
    })
}

/// Asks for the passphrase, or for a new one to be chosen.
#[function_component(LockScreen)]
pub fn lock_screen(p: &LockScreenProps) -> Html {
    let passphrase = use_state(String::new);
    let confirm = use_state(String::new);
    let show = use_state(|| false);
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    let choosing = matches!(p.view.state, LockState::New | LockState::Unencrypted);
    let first = use_node_ref();
    {
        let first = first.clone();
        use_effect_with(p.view.state, move |_| {
            if let Some(input) = first.cast::<HtmlInputElement>() {
                let _ = input.focus();
            }
        });
    }
    let onsubmit = {
        let passphrase = passphrase.clone();
        let confirm = confirm.clone();
        let busy = busy.clone();
        let error = error.clone();
        let on_open = p.on_open.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (pass, again) = ((*passphrase).clone(), (*confirm).clone());
            let busy = busy.clone();
            let error = error.clone();
            let passphrase = passphrase.clone();
            let on_open = on_open.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let again = choosing.then_some(again.as_str());
                match ipc::unlock(&pass, again).await {
                    Ok(view) => {
                        passphrase.set(String::new());
                        on_open.emit(view);
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        })
    };
    let input = typed_into;
    let toggle = {
        let show = show.clone();
        Callback::from(move |_| show.set(!*show))
    };
    let kind = if *show { "text" } else { "password" };
    let (heading, intro, button, working) = match p.view.state {
        LockState::New => (
            "Choose a passphrase",
            "Northstar keeps children's plans encrypted on this computer. Choose a passphrase of at least 10 characters: three unrelated words are easy to remember and hard to guess. You will type it each time Northstar opens or locks. Keep it safe: without it, the plans on this computer cannot be opened.",
            "Set passphrase and open",
            "Setting up…",
        ),
        LockState::Unencrypted => (
            "Protect the plans on this computer",
            "This computer holds plans saved by an earlier version of Northstar without encryption. Choose a passphrase of at least 10 characters and Northstar will encrypt them now. Nothing is lost, even if the computer stops part way.",
            "Set passphrase and encrypt",
            "Encrypting the plans… this can take a minute.",
        ),
        LockState::Locked | LockState::Open => (
            "Northstar is locked",
            "Enter your passphrase to carry on where you left off.",
            "Unlock",
            "Checking…",
        ),
    };
    html! {
        <section class="lock-screen" aria-labelledby="lock-heading">
            <h1 id="lock-heading">{ heading }</h1>
            <p>{ intro }</p>
            <form class="lock-form" {onsubmit}>
                <div class="field">
                    <label for="passphrase">{ if choosing { "New passphrase" } else { "Passphrase" } }</label>
                    <input id="passphrase" ref={first} type={kind} value={(*passphrase).clone()}
                        oninput={input(&passphrase)}
                        autocomplete={if choosing { "new-password" } else { "current-password" }}
                        aria-invalid={error.is_some().to_string()}
                        aria-describedby={error.is_some().then_some("lock-error")} />
                </div>
                if choosing {
                    <div class="field">
                        <label for="passphrase-again">{ "Type it again" }</label>
                        <input id="passphrase-again" type={kind} value={(*confirm).clone()}
                            oninput={input(&confirm)} autocomplete="new-password" />
                    </div>
                }
                <div class="field check">
                    <input id="show-passphrase" type="checkbox" checked={*show} onchange={toggle} />
                    <label for="show-passphrase">{ "Show what I type" }</label>
                </div>
                <button type="submit" class="button primary" id="unlock" disabled={*busy}>{ button }</button>
                <p class="lock-status" role="status" aria-live="polite">{ if *busy { working } else { "" } }</p>
                if let Some(e) = &*error {
                    <p class="error" id="lock-error" role="alert">{ e }</p>
                }
            </form>
        </section>
    }
}

/// The choices offered for the idle time before locking, in minutes.
const LOCK_AFTER_CHOICES: [u32; 6] = [2, 5, 10, 15, 30, 60];

#[derive(Properties, PartialEq)]
pub struct LockSettingsProps {
    pub minutes: u32,
    pub on_change: Callback<u32>,
    pub on_lock: Callback<()>,
}

/// "Lock now", and how long the window may sit idle before it locks itself.
#[function_component(LockSettings)]
pub fn lock_settings(p: &LockSettingsProps) -> Html {
    let error = use_state(|| None::<String>);
    let onchange = {
        let on_change = p.on_change.clone();
        let error = error.clone();
        Callback::from(move |e: Event| {
            let Ok(minutes) = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value()
                .parse::<u32>()
            else {
                return;
            };
            let on_change = on_change.clone();
            let error = error.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match ipc::set_lock_after(minutes).await {
                    Ok(m) => {
                        error.set(None);
                        on_change.emit(m);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let lock = p.on_lock.reform(|_: MouseEvent| ());
    html! {
        <div class="lock-tools">
            <label for="lock-after">{ "Lock after" }</label>
            <select id="lock-after" {onchange}>
                { for LOCK_AFTER_CHOICES.iter().map(|m| html! {
                    <option value={m.to_string()} selected={*m == p.minutes}>{ format!("{m} minutes idle") }</option>
                }) }
            </select>
            <button type="button" class="button" id="lock-now" onclick={lock} aria-keyshortcuts="Control+L">
                { "Lock" }<span class="hint">{ " (Ctrl+L)" }</span>
            </button>
            if let Some(e) = &*error {
                <p class="error" role="alert">{ e }</p>
            }
        </div>
    }
}

/// Locks on Ctrl+L, and after `minutes` with no key, click, touch or pointer movement, while
/// `open`. Calls `on_lock` once the engine has locked.
#[hook]
pub fn use_lock_watch(open: bool, minutes: u32, on_lock: Callback<()>) {
    let last = use_mut_ref(|| Rc::new(Cell::new(js_sys::Date::now())));
    use_effect_with((open, minutes), move |&(open, minutes)| {
        let mut cleanup: Vec<Box<dyn FnOnce()>> = Vec::new();
        if open {
            let last = last.borrow().clone();
            last.set(js_sys::Date::now());
            let lock_now = {
                let on_lock = on_lock.clone();
                move || {
                    let on_lock = on_lock.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        if ipc::lock().await.is_ok() {
                            on_lock.emit(());
                        }
                    });
                }
            };
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                let activity = {
                    let last = last.clone();
                    Closure::<dyn Fn()>::new(move || last.set(js_sys::Date::now()))
                };
                let keys = {
                    let last = last.clone();
                    let lock_now = lock_now.clone();
                    Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(
                        move |e: web_sys::KeyboardEvent| {
                            last.set(js_sys::Date::now());
                            if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("l") {
                                e.prevent_default();
                                lock_now();
                            }
                        },
                    )
                };
                for name in ["pointerdown", "pointermove", "wheel", "touchstart", "input"] {
                    let _ = document
                        .add_event_listener_with_callback(name, activity.as_ref().unchecked_ref());
                }
                let _ = document
                    .add_event_listener_with_callback("keydown", keys.as_ref().unchecked_ref());
                let doc = document.clone();
                cleanup.push(Box::new(move || {
                    for name in ["pointerdown", "pointermove", "wheel", "touchstart", "input"] {
                        let _ = doc.remove_event_listener_with_callback(
                            name,
                            activity.as_ref().unchecked_ref(),
                        );
                    }
                    let _ = doc.remove_event_listener_with_callback(
                        "keydown",
                        keys.as_ref().unchecked_ref(),
                    );
                }));
            }
            let idle_ms = f64::from(minutes) * 60_000.0;
            let timer = gloo_timers::callback::Interval::new(5_000, move || {
                if js_sys::Date::now() - last.get() >= idle_ms {
                    last.set(js_sys::Date::now());
                    lock_now();
                }
            });
            cleanup.push(Box::new(move || drop(timer)));
        }
        move || cleanup.into_iter().for_each(|f| f())
    });
}

/// "Change the passphrase": the current one, then the new one twice.
#[function_component(PassphrasePanel)]
pub fn passphrase_panel() -> Html {
    let current = use_state(String::new);
    let new = use_state(String::new);
    let again = use_state(String::new);
    let busy = use_state(|| false);
    let message = use_state(|| None::<Result<String, String>>);
    let input = typed_into;
    let onsubmit = {
        let (current, new, again, busy, message) = (
            current.clone(),
            new.clone(),
            again.clone(),
            busy.clone(),
            message.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            busy.set(true);
            let (c, n, a) = ((*current).clone(), (*new).clone(), (*again).clone());
            let (current, new, again, busy, message) = (
                current.clone(),
                new.clone(),
                again.clone(),
                busy.clone(),
                message.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match ipc::change_passphrase(&c, &n, &a).await {
                    Ok(()) => {
                        for s in [&current, &new, &again] {
                            s.set(String::new());
                        }
                        message.set(Some(Ok(
                            "The passphrase is changed. Use the new one from now on.".into(),
                        )));
                    }
                    Err(e) => message.set(Some(Err(e))),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <details class="author" id="passphrase-panel">
            <summary>{ "Change the passphrase" }</summary>
            <form class="inline-form" {onsubmit}>
                <div class="field">
                    <label for="current-passphrase">{ "Current passphrase" }</label>
                    <input id="current-passphrase" type="password" autocomplete="current-password" value={(*current).clone()} oninput={input(&current)} />
                </div>
                <div class="field">
                    <label for="new-passphrase">{ "New passphrase" }</label>
                    <input id="new-passphrase" type="password" autocomplete="new-password" value={(*new).clone()} oninput={input(&new)} />
                </div>
                <div class="field">
                    <label for="new-passphrase-again">{ "Type it again" }</label>
                    <input id="new-passphrase-again" type="password" autocomplete="new-password" value={(*again).clone()} oninput={input(&again)} />
                </div>
                <button type="submit" class="button" id="change-passphrase" disabled={*busy}>{ "Change it" }</button>
            </form>
            { match &*message {
                None => html! {},
                Some(Ok(m)) => html! { <p class="note-ok" role="status" id="passphrase-changed">{ m }</p> },
                Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
            } }
        </details>
    }
}
