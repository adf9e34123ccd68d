//! Sharing: who holds a copy of this review, whether it is up to date, what was refused, and
//! the buttons to share it, invite someone and sync now. The engine syncs in the background;
//! this view asks it how things stand every few seconds.

use super::differences::Differences;
use crate::ipc;
use crate::widgets::Choice;
use gloo_timers::callback::Interval;
use northstar_schema::sync::{
    ConflictStep, InvitationCodes, InvitationState, IssuedInvitation, MemberView, SyncPanel,
    SyncStatus,
};
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
    {
        // The interval asks again itself: a counter kept in state would be read as it was
        // when the interval started, so the panel would refresh once and then never again.
        let panel = panel.clone();
        use_effect_with(p.id.clone(), move |id| {
            let id = id.clone();
            let ask = move || {
                let (panel, id) = (panel.clone(), id.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    panel.set(Some(ipc::sync_panel(&id).await));
                });
            };
            ask();
            let interval = Interval::new(REFRESH_MS, ask);
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
    if let Some(note) = &s.removed_here {
        // Nothing more to sync or share: say so first, and list who was in the review.
        return html! {
            <>
                <p class="callout warn" id="sync-removed-here" role="status">{ format!("{note}.") }</p>
                <Members id={id.to_string()} people={s.people.clone()} owner={false}
                    can_remove={false}
                    title={"People in the review when this computer was removed"} />
            </>
        };
    }
    html! {
        <>
            if let Some(note) = &s.replaced_here {
                <p class="callout" id="sync-replaced-here" role="status">{ format!("{note}.") }</p>
            }
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
            if !s.let_in {
                <p class="callout" id="sync-waiting-to-join" role="status">{ "Waiting to be let in. The copy of whoever invited you adds this computer to the review the next time it syncs; until then your changes are kept here and the others do not see them yet." }</p>
            }
            if let Some(when) = &s.relay_went_back {
                <p class="callout warn" id="sync-relay-went-back" role="status">{ format!(
                    "On {} the relay had lost messages it held before (it may have been restored from a backup). This computer sent everything it had again, so nothing here was lost; the others' computers do the same when they next sync.",
                    short_time(when)
                ) }</p>
            }
            if s.short_of_invitation {
                <p class="callout" id="sync-short-of-invitation" role="status">{ "This copy does not have everything yet: the review held more when you were invited than has reached this computer so far. It arrives once the person who invited you has synced. If this message stays for more than a day, tell them: the relay may be holding changes back." }</p>
            }
            if !s.repaired.is_empty() {
                <div class="callout" id="sync-repaired" role="status">
                    <p>{ "Put right automatically:" }</p>
                    <ul>{ for s.repaired.iter().map(|note| html! { <li>{ note }</li> }) }</ul>
                </div>
            }
            <Members id={id.to_string()} people={s.people.clone()} owner={s.owner}
                can_remove={s.owner || s.role == Some(Role::LaCaseworker)}
                title={"People with a copy"} />
            if s.owner {
                <MeetingRoomCard room={panel.room.clone()} />
                <InviteForm id={id.to_string()} room={panel.room.clone()} />
                if !panel.invitations.is_empty() {
                    <Invitations id={id.to_string()} invitations={panel.invitations.clone()} />
                }
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
                <p class="hint" id="share-relay-hint">{ "The relay your school or local authority runs. For a meeting with no internet, share the review first, then open a meeting room here." }</p>
            </div>
            <button type="submit" class="button primary" id="share-review">{ "Share this review" }</button>
            { outcome(&message) }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct RoomProps {
    /// The open meeting room's address, if one is open.
    room: Option<String>,
}

/// Opening and closing the meeting room: a relay on this laptop for a meeting with no internet.
#[function_component(MeetingRoomCard)]
fn meeting_room_card(p: &RoomProps) -> Html {
    let message = use_state(|| None::<Result<String, String>>);
    let busy = use_state(|| false);
    let toggle = {
        let (message, busy, open) = (message.clone(), busy.clone(), p.room.is_some());
        Callback::from(move |_: MouseEvent| {
            let (message, busy) = (message.clone(), busy.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let done = match open {
                    false => ipc::open_meeting_room().await.map(|_| {
                        "Opened. Make an invitation code below for each person in the room."
                            .to_string()
                    }),
                    true => ipc::close_meeting_room()
                        .await
                        .map(|_| "The meeting room is closed.".to_string()),
                };
                message.set(Some(done));
                busy.set(false);
            });
        })
    };
    html! {
        <section class="card" aria-labelledby="room-title">
            <h3 id="room-title">{ "Meeting room" }</h3>
            if let Some(address) = &p.room {
                <p id="room-address">{ "Open on this laptop at " }<strong>{ address }</strong></p>
                <p class="hint">{ "People in the room, on the same Wi-Fi, join with an invitation code made below. Everything said in the room goes on to the usual relay when this laptop is back online." }</p>
            } else {
                <p class="hint">{ "For a meeting with no internet: this laptop becomes the relay for everyone in the room on the same Wi-Fi. Nothing is lost when it closes." }</p>
            }
            <button type="button" class="button" id="room-toggle" onclick={toggle} disabled={*busy}>
                { if p.room.is_some() { "Close the meeting room" } else { "Open a meeting room on this laptop" } }
            </button>
            { outcome(&message) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct InviteProps {
    id: String,
    room: Option<String>,
}

#[function_component(InviteForm)]
fn invite_form(p: &InviteProps) -> Html {
    let role = use_state(|| Role::ParentCarer);
    let message = use_state(|| None::<Result<InvitationCodes, String>>);
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
            if let Some(Ok(codes)) = &*message {
                if let Some(short) = &codes.room_code {
                    <div class="room-code-box">
                        <p id="room-code-label">{ "In the room: on their computer, they choose “Join a shared review” and type" }</p>
                        <p class="room-code" id="room-code">{ short }</p>
                        <p class="hint">{ format!("This short code works once, for one person, in the next {}. For someone else, make another. Or give them the full code below.", how_long(codes.room_code_minutes.unwrap_or_default())) }</p>
                    </div>
                }
                <div class="field">
                    <label for="invitation-code">{ "Invitation code: give it to them in person or by a channel you trust. It lets them read the review." }</label>
                    if p.room.is_some() {
                        <p class="hint" id="invitation-room">{ "This code joins through the meeting room now and the usual relay afterwards. Someone who already has the review can use it too." }</p>
                    }
                    <textarea id="invitation-code" readonly=true rows="4" value={codes.code.clone()} />
                </div>
            }
            if let Some(Err(e)) = &*message {
                <p class="error" role="alert">{ e }</p>
            }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct MembersProps {
    id: String,
    people: Vec<MemberView>,
    /// Whether this computer is the owner's, which makes the review's new key.
    owner: bool,
    /// Whether people can be removed from here: the owner's computer or the LA caseworker's.
    can_remove: bool,
    title: AttrValue,
}

/// Who has a copy, and who had one. On the owner's computer (and the LA caseworker's) each
/// other member has a Remove button that asks once more before it acts: a removed computer
/// cannot be let back in, so the consequence is spelt out first.
#[function_component(Members)]
fn members(p: &MembersProps) -> Html {
    let asking = use_state(|| None::<String>);
    let message = use_state(|| None::<Result<String, String>>);
    let current: Vec<&MemberView> = p.people.iter().filter(|m| m.removed.is_none()).collect();
    let former: Vec<&MemberView> = p.people.iter().filter(|m| m.removed.is_some()).collect();
    let row = |m: &MemberView| {
        let mut who = format!("{} ({})", m.name, m.role.label());
        if m.owner {
            who.push_str(", owner");
        }
        if m.this_device {
            who.push_str(", this computer");
        }
        let ask = {
            let (asking, handle) = (asking.clone(), m.id.clone());
            Callback::from(move |_| asking.set(Some(handle.clone())))
        };
        let keep = {
            let asking = asking.clone();
            Callback::from(move |_| asking.set(None))
        };
        let when = if p.owner {
            "as it syncs"
        } else {
            "when the computer of whoever shared it next syncs"
        };
        let remove = {
            let (asking, message, id, handle) =
                (asking.clone(), message.clone(), p.id.clone(), m.id.clone());
            Callback::from(move |_| {
                let (asking, message, id, handle) =
                    (asking.clone(), message.clone(), id.clone(), handle.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let done = ipc::remove_member(&id, &handle).await;
                    asking.set(None);
                    message.set(Some(done.map(|name| format!(
                        "{name} was removed. The review moves to a new key {when}: their computer keeps what it already had, and gets nothing written from then on."
                    ))));
                });
            })
        };
        let removable = p.can_remove && !m.owner && !m.this_device;
        let confirming = asking.as_deref() == Some(m.id.as_str());
        html! {
            <li class="card" key={m.id.clone()}>
                { who }
                if removable && !confirming {
                    { " " }
                    <button type="button" class="button subtle" onclick={ask}
                        aria-label={format!("Remove {} from the review", m.name)}>{ "Remove" }</button>
                }
                if confirming {
                    <div role="group" aria-label={format!("Remove {}?", m.name)} class="confirm">
                        <p>{ format!("Remove {} from this review? Their computer keeps what it already has, but gets nothing written from now on, and what they write stops reaching anyone. That computer cannot be let back into this review afterwards.", m.name) }</p>
                        <button type="button" class="button danger" onclick={remove} id="confirm-remove-member">{ format!("Remove {}", m.name) }</button>
                        { " " }
                        <button type="button" class="button subtle" onclick={keep}>{ "Keep them" }</button>
                    </div>
                }
            </li>
        }
    };
    html! {
        <>
            <h3>{ p.title.clone() }</h3>
            <ul class="card-list" id="sync-members">
                { for current.into_iter().map(row) }
            </ul>
            if !former.is_empty() {
                <h3>{ "No longer in the review" }</h3>
                <ul class="plain-list" id="sync-removed">
                    { for former.into_iter().map(|m| html! {
                        <li key={m.id.clone()}>{ format!(
                            "{} ({}), removed on {}. Their computer keeps what it had then.",
                            m.name, m.role.label(), m.removed.as_deref().and_then(|d| d.get(..10)).unwrap_or("")
                        ) }</li>
                    }) }
                </ul>
            }
            { outcome(&message) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct InvitationsProps {
    id: String,
    invitations: Vec<IssuedInvitation>,
}

/// The invitations made here: each lets one device in, once, before it expires; an unused one
/// can be cancelled (a code sent to the wrong address, say).
#[function_component(Invitations)]
fn invitations(p: &InvitationsProps) -> Html {
    let message = use_state(|| None::<Result<String, String>>);
    html! {
        <section class="card" aria-labelledby="invitations-title">
            <h3 id="invitations-title">{ "Invitations made here" }</h3>
            <p class="hint">{ "Each code lets one computer in, once, before it expires. Cancel one you no longer want used." }</p>
            <ul class="plain-list" id="invitations">
                { for p.invitations.iter().map(|i| {
                    let cancel = {
                        let (message, id, handle) = (message.clone(), p.id.clone(), i.id.clone());
                        Callback::from(move |_| {
                            let (message, id, handle) = (message.clone(), id.clone(), handle.clone());
                            wasm_bindgen_futures::spawn_local(async move {
                                let done = ipc::cancel_invitation(&id, &handle).await;
                                message.set(Some(done.map(|_| "Cancelled: nobody can join with that code now.".to_string())));
                            });
                        })
                    };
                    html! {
                        <li key={i.id.clone()}>
                            { i.describe() }
                            if i.state == InvitationState::Open {
                                { format!(" (works until {})", crate::format::moment(i.expires_at)) }
                                { " " }
                                <button type="button" class="button subtle" onclick={cancel}
                                    aria-label={format!("Cancel the invitation for a {}", i.role.label().to_lowercase())}>{ "Cancel" }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
            { outcome(&message) }
        </section>
    }
}

/// "2 hours", "90 minutes".
fn how_long(minutes: i64) -> String {
    match minutes {
        60 => "hour".into(),
        m if m % 60 == 0 => format!("{} hours", m / 60),
        m => format!("{m} minutes"),
    }
}

fn outcome(message: &UseStateHandle<Option<Result<String, String>>>) -> Html {
    match &**message {
        None => html! {},
        Some(Ok(m)) => html! { <p class="note-ok" role="status">{ m }</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
    }
}
