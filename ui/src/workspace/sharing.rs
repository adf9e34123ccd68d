//! Sharing: who holds a copy of this review, whether it is up to date, what was refused, and
//! the buttons to share it, invite someone and sync now. The engine syncs in the background;
//! this view asks it how things stand every few seconds.

use super::differences::Differences;
use crate::ipc;
use crate::widgets::Choice;
use gloo_timers::callback::Interval;
use northstar_schema::sync::{ConflictStep, SyncPanel, SyncStatus};
use northstar_schema::Role;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SharingProps {
    pub id: String,
    /// Keeps one value of a field two people changed at once (path, value as shown).
    pub on_settle: Callback<(Vec<ConflictStep>, String)>,
}

/// How often the panel asks the engine for the sync state.
const REFRESH_MS: u32 = 2_000;

#[function_component(SharingView)]
pub fn sharing_view(p: &SharingProps) -> Html {
    let panel = use_state(|| None::<Result<SyncPanel, String>>);
    let tick = use_state(|| 0u32);
    {
        let (panel, id) = (panel.clone(), p.id.clone());
        use_effect_with((id.clone(), *tick), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                panel.set(Some(ipc::sync_panel(&id).await));
            });
        });
    }
    {
        let tick = tick.clone();
        use_effect_with((), move |_| {
            let interval = Interval::new(REFRESH_MS, move || tick.set(*tick + 1));
            move || drop(interval)
        });
    }
    let conflicts = match &*panel {
        Some(Ok(panel)) => panel.status.conflicts.clone(),
        _ => Vec::new(),
    };
    let body = match &*panel {
        None => html! { <p role="status">{ "Checking how this review is shared…" }</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
        Some(Ok(panel)) if panel.status.shared => shared(&p.id, panel),
        Some(Ok(_)) => html! { <ShareForm id={p.id.clone()} /> },
    };
    html! {
        <section class="ws-single" aria-labelledby="sharing-title">
            <h2 id="sharing-title">{ "Sharing" }</h2>
            <p class="hint">{ "Everyone's copy is encrypted on their own device. The relay in the middle passes messages on but cannot read them." }</p>
            <Differences conflicts={conflicts} on_settle={p.on_settle.clone()} />
            { body }
        </section>
    }
}

fn shared(id: &str, panel: &SyncPanel) -> Html {
    let s: &SyncStatus = &panel.status;
    let last = s
        .last_synced
        .as_deref()
        .map(short_time)
        .unwrap_or_else(|| "not yet".into());
    let pending = match s.pending_changes {
        0 => "All your changes have been sent.".to_string(),
        1 => "1 change made here is waiting to be sent.".to_string(),
        n => format!("{n} changes made here are waiting to be sent."),
    };
    let sync_now = Callback::from(|_| {
        wasm_bindgen_futures::spawn_local(async {
            let _ = ipc::sync_now().await;
        })
    });
    html! {
        <>
            <div class="card" role="status" aria-live="polite">
                <p>{ format!("Last synced: {last}.") }</p>
                <p>{ pending }</p>
                if let Some(progress) = &panel.syncing {
                    <label for="sync-progress">{ format!("Receiving changes: {} of {}", progress.at, progress.head.max(progress.at)) }</label>
                    <progress id="sync-progress" max={progress.head.max(progress.at).max(1).to_string()} value={progress.at.to_string()}></progress>
                }
                if let Some(e) = &panel.last_error {
                    <p class="error">{ e }</p>
                }
                <button type="button" class="button primary" id="sync-now" onclick={sync_now}>{ "Sync now" }</button>
            </div>
            <h3>{ "People with a copy" }</h3>
            <ul class="card-list" id="sync-members">
                { for s.members.iter().map(|(name, role)| html! { <li class="card">{ format!("{name} ({})", role.label()) }</li> }) }
            </ul>
            if s.owner {
                <InviteForm id={id.to_string()} />
            }
            if !s.quarantined.is_empty() {
                <h3>{ "Changes that were refused" }</h3>
                <p class="hint">{ "These arrived but broke the rules for who may change what, or were damaged. None of them is in the review." }</p>
                <ul class="card-list" id="sync-refused">
                    { for s.quarantined.iter().map(|q| html! {
                        <li class="card">
                            <p>{ format!("{} from {}", short_time(&q.received_at), q.sender.as_deref().unwrap_or("an unknown device")) }</p>
                            <p>{ &q.reason }</p>
                        </li>
                    }) }
                </ul>
            }
        </>
    }
}

/// "2026-12-01T14:05:09.123Z" as "1 Dec 14:05 (UTC)": enough to tell when, without a clock library.
fn short_time(iso: &str) -> String {
    let date = iso.get(..10).unwrap_or(iso);
    let time = iso.get(11..16).unwrap_or("");
    format!("{date} {time} UTC")
}

#[derive(Properties, PartialEq)]
struct FormProps {
    id: String,
}

#[function_component(ShareForm)]
fn share_form(p: &FormProps) -> Html {
    let relay = use_state(String::new);
    let message = use_state(|| None::<Result<String, String>>);
    let oninput = {
        let relay = relay.clone();
        Callback::from(move |e: InputEvent| {
            relay.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let onsubmit = {
        let (relay, message, id) = (relay.clone(), message.clone(), p.id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (relay, message, id) = ((*relay).clone(), message.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                message.set(Some(
                    ipc::share_review(&id, &relay)
                        .await
                        .map(|_| "Shared. Now invite the others.".into()),
                ));
            });
        })
    };
    html! {
        <form class="card" {onsubmit}>
            <p>{ "This review is only on this computer. Share it to let others keep their own copy and send their changes." }</p>
            <div class="field">
                <label for="share-relay">{ "Relay address" }</label>
                <input id="share-relay" type="url" value={(*relay).clone()} {oninput} placeholder="http://192.0.2.10:7878" aria-describedby="share-relay-hint" />
                <p class="hint" id="share-relay-hint">{ "In a meeting room with no internet, run the relay on this laptop (northstar relay) and use its address." }</p>
            </div>
            <button type="submit" class="button primary" id="share-review">{ "Share this review" }</button>
            { outcome(&message) }
        </form>
    }
}

#[function_component(InviteForm)]
fn invite_form(p: &FormProps) -> Html {
    let role = use_state(|| Role::ParentCarer);
    let message = use_state(|| None::<Result<String, String>>);
    let on_role = {
        let role = role.clone();
        Callback::from(move |r: Option<Role>| role.set(r.unwrap_or(Role::Other)))
    };
    let onsubmit = {
        let (role, message, id) = (role.clone(), message.clone(), p.id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (role, message, id) = (*role, message.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                message.set(Some(ipc::invite(&id, role).await));
            });
        })
    };
    html! {
        <form class="card" {onsubmit}>
            <h3>{ "Invite someone" }</h3>
            <Choice<Role> id="invite-role" label="They will take part as" value={Some(*role)} on_change={on_role} />
            <button type="submit" class="button" id="make-invitation">{ "Make an invitation code" }</button>
            if let Some(Ok(code)) = &*message {
                <div class="field">
                    <label for="invitation-code">{ "Invitation code: give it to them in person or by a channel you trust. It lets them read the review." }</label>
                    <textarea id="invitation-code" readonly=true rows="4" value={code.clone()} />
                </div>
            }
            if let Some(Err(e)) = &*message {
                <p class="error" role="alert">{ e }</p>
            }
        </form>
    }
}

fn outcome(message: &UseStateHandle<Option<Result<String, String>>>) -> Html {
    match &**message {
        None => html! {},
        Some(Ok(m)) => html! { <p class="note-ok" role="status">{ m }</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
    }
}
