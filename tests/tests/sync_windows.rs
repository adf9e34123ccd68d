//! Two people's copies of one review, in two real app windows. The SENCO shares a review and
//! the parent joins it from their window with the invitation code (a mistyped code first).
//! Then the SENCO and the parent each
//! add to the review meeting while the relay is down, the relay comes back, and both windows
//! end up showing both additions, with a polite line saying whose copy the changes came from.
//! The parent's window picks the SENCO's words up from the background sync alone, while
//! half-written words sit in one of its boxes, and they stay there. Both also put in a
//! meeting date, different ones; the SENCO sees both dates with who put each in, keeps the
//! parent's, and both copies end up showing it.

use fantoccini::{Client, Locator};
use northstar_e2e::{
    assert_accessible, click, click_xpath, free_port, northstar, record_changes_as, saved,
    screenshot, shows, type_into, wait_for, wait_for_text, wait_gone, wait_until,
    window_screenshot, within_two_minutes, DriverPair, RelayProcess,
};
use std::path::Path;
use std::time::{Duration, Instant};

const CHILD: &str = "Oliver Brennan";
const SENCO: &str = "Sandra Fenn";
const PARENT: &str = "Kerry Brennan";
/// The SENCO's addition to "What's working", made with the relay down.
const SENCO_EDIT: &str = "Oliver now takes the lift to lessons on his own";
/// The parent's addition to "What's not working", made with the relay down.
const PARENT_EDIT: &str = "Oliver gets anxious when his taxi driver changes";
/// The meeting date each of them puts in, offline: the same field, two values.
const SENCO_DATE: &str = "2027-01-12";
const PARENT_DATE: &str = "2027-01-19";
/// The same dates as the list of differences writes them.
const SENCO_DATE_WORDS: &str = "12 Jan 2027";
const PARENT_DATE_WORDS: &str = "19 Jan 2027";
/// Typed into the parent's "add" box and not yet added when the SENCO's words arrive.
const HALF_TYPED: &str = "He would like to";

/// The people's data folders and the relay's, all temporary.
struct Folders {
    senco: tempfile::TempDir,
    parent: tempfile::TempDir,
    relay: tempfile::TempDir,
}

impl Folders {
    fn relay_db(&self) -> std::path::PathBuf {
        self.relay.path().join("relay.db")
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_offline_copies_show_each_others_edits_once_the_relay_is_back() {
    let started = Instant::now();
    let folders = Folders {
        senco: tempfile::tempdir().unwrap(),
        parent: tempfile::tempdir().unwrap(),
        relay: tempfile::tempdir().unwrap(),
    };
    let port = free_port();
    let drivers = DriverPair::start();
    within_two_minutes(scenario(&drivers, &folders, port)).await;
    eprintln!(
        "sync_windows: two windows converged in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// With the command line: the SENCO imports a demo review, shares it through the relay and
/// makes an invitation for a parent. The relay keeps running for the parent to join.
fn share_and_invite(folders: &Folders, relay: &RelayProcess) -> (String, String) {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/caseload/02-oliver-brennan.json");
    let senco = folders.senco.path();
    let id = northstar(senco, &["import", &fixture.to_string_lossy()]);
    let url = relay.url();
    northstar(
        senco,
        &[
            "sync", "share", &id, "--relay", &url, "--name", SENCO, "--role", "senco",
        ],
    );
    let code = northstar(senco, &["sync", "invite", &id, "--role", "parent-carer"]);
    assert!(code.starts_with("NS1-"), "an invitation code: {code:?}");
    (id, code)
}

/// The parent joins from their window: "Join a shared review", the code pasted, their name
/// already filled in from "Changes are recorded as"; the review opens. The parent's app has
/// the demo caseload, Oliver included, made on their own computer: that untouched copy gives
/// way to the shared one (were it merged, nothing the SENCO sent would be accepted).
async fn join_in_window(client: &Client, code: &str) {
    click(client, "#join-review").await;
    wait_for_text(client, "#join-title", "Join a shared review").await;
    let name = wait_for(client, "#join-name")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(
        name, PARENT,
        "the name starts as the one changes are recorded under"
    );
    // A mistyped code gets plain words and joins nothing.
    type_into(client, "#join-code", &code[..code.len() - 12]).await;
    click(client, "#join-submit").await;
    wait_for_text(client, "#join-error", "copy it again").await;
    assert_accessible(client, "joining a shared review").await;
    window_screenshot(client, "sync-join").await;
    let field = wait_for(client, "#join-code").await;
    field.clear().await.unwrap();
    field.send_keys(code).await.unwrap();
    click(client, "#join-submit").await;
    wait_for_text(client, "#child-name", CHILD).await;
}

async fn scenario(drivers: &DriverPair, folders: &Folders, port: u16) {
    let relay = RelayProcess::start(port, &folders.relay_db(), folders.relay.path());
    let (id, code) = share_and_invite(folders, &relay);
    let id = id.as_str();
    let a = drivers.a.launch(folders.senco.path()).await;
    let b = drivers.b.launch(folders.parent.path()).await;
    // Side by side on the one screen, as two laptops on one table.
    a.set_window_rect(0, 0, 640, 800).await.unwrap();
    b.set_window_rect(640, 0, 640, 800).await.unwrap();

    // Each person says who they are, and opens the review.
    record_changes_as(&a, SENCO, "senco").await;
    record_changes_as(&b, PARENT, "parent-carer").await;
    join_in_window(&b, &code).await;
    // The SENCO's copy hears that the parent joined; then the relay goes down.
    northstar(folders.senco.path(), &["sync", "now", id]);
    relay.stop();
    open_review(&a).await;

    // Offline, each adds something of their own (both roles may write the meeting record).
    click(&a, "#go-working").await;
    click(&a, "#add-working-from option[value='school']").await;
    type_into(&a, "#add-working", SENCO_EDIT).await;
    click(&a, ".poster-working button[type=submit]").await;
    wait_for_text(&a, ".poster-working textarea", SENCO_EDIT).await;
    saved(&a).await;

    click(&b, "#go-working").await;
    click(&b, "#add-not-working-from option[value='family']").await;
    type_into(&b, "#add-not-working", PARENT_EDIT).await;
    click(&b, ".poster-not-working button[type=submit]").await;
    wait_for_text(&b, ".poster-not-working textarea", PARENT_EDIT).await;
    saved(&b).await;

    // Both also put in a meeting date, different ones: a difference someone must settle.
    set_meeting_date(&a, SENCO_DATE).await;
    set_meeting_date(&b, PARENT_DATE).await;

    // The relay is down: syncing says so, and neither copy has the other's words.
    click(&a, "#tab-sharing").await;
    click(&a, "#sync-now").await;
    wait_for_text(&a, ".error", "reach the relay").await;
    click(&a, "#tab-meeting").await;
    assert!(!shows(&a, "textarea", PARENT_EDIT).await);
    assert!(!shows(&b, "textarea", SENCO_EDIT).await);

    // The relay comes back, on the same address with the same log.
    let _relay = RelayProcess::start(port, &folders.relay_db(), folders.relay.path());

    // The parent starts a sentence and leaves it in the box, not yet added.
    type_into(&b, "#add-working", HALF_TYPED).await;

    // The SENCO presses "Sync now": their addition goes up, the parent's is not there yet.
    sync_now(&a).await;
    wait_for_cli_sync(folders, id).await;
    // The parent's window syncs by itself (every 10 s) and picks the SENCO's words up,
    // without touching the half-typed sentence.
    wait_until(
        &b,
        ".poster-working textarea",
        SENCO_EDIT,
        Duration::from_secs(40),
    )
    .await;
    wait_for_text(&b, "#sync-update", &format!("{SENCO}'s copy")).await;
    let box_value = b
        .find(Locator::Css("#add-working"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(
        box_value, HALF_TYPED,
        "the half-typed sentence is untouched"
    );

    // The SENCO syncs again and gets the parent's words.
    let deadline = Instant::now() + Duration::from_secs(40);
    while !shows(&a, ".poster-not-working textarea", PARENT_EDIT).await {
        assert!(
            Instant::now() < deadline,
            "the SENCO's window never showed the parent's {PARENT_EDIT:?}"
        );
        sync_now(&a).await;
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    wait_for_text(&a, "#sync-update", &format!("{PARENT}'s copy")).await;

    // Both windows show both edits, and their own is still there.
    for (who, client) in [("the SENCO's", &a), ("the parent's", &b)] {
        for (css, text) in [
            (".poster-working textarea", SENCO_EDIT),
            (".poster-not-working textarea", PARENT_EDIT),
        ] {
            assert!(
                shows(client, css, text).await,
                "{who} window does not show {text:?}"
            );
        }
    }
    assert_accessible(&a, "the SENCO's workspace after a sync").await;
    assert_accessible(&b, "the parent's workspace after a sync").await;
    settle_the_meeting_date(&a, &b).await;

    // For people to look at: both windows at the top, with the line saying what happened...
    for client in [&a, &b] {
        client
            .execute("window.scrollTo(0, 0)", vec![])
            .await
            .unwrap();
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    screenshot("sync-both");
    // ...then each window on its own, full width, at the two posters.
    for (client, name) in [(&a, "sync-a"), (&b, "sync-b")] {
        client.set_window_rect(0, 0, 1280, 800).await.unwrap();
        client
            .execute(
                "document.querySelector('.poster-working').scrollIntoView({block: 'start'})",
                vec![],
            )
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        window_screenshot(client, name).await;
    }
    open_and_close_the_meeting_room(&a, &b, port).await;
    remove_the_parent(&a, &b).await;

    a.close().await.unwrap();
    b.close().await.unwrap();
}

/// The SENCO opens a meeting room from the Sharing tab: a relay starts on the laptop, its
/// address is shown, invitations made while it is open join through it (and name the usual
/// relay for afterwards), with a short code; the parent types that code in their window
/// (already holding the review, they gain the room as a way in); closing the room says so.
async fn open_and_close_the_meeting_room(client: &Client, parent: &Client, usual_port: u16) {
    click(client, "#tab-sharing").await;
    click(client, "#room-toggle").await;
    // The room's relay speaks TLS, with a certificate each invitation made there pins.
    wait_for_text(client, "#room-address", "https://").await;
    click(client, "#make-invitation").await;
    wait_for_text(client, "#invitation-room", "meeting room").await;
    let code = wait_for(client, "#invitation-code")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    let invitation = northstar_schema::sync::Invitation::from_code(&code).unwrap();
    let usual = format!("http://127.0.0.1:{usual_port}");
    assert_eq!(invitation.home_relay.as_deref(), Some(usual.as_str()));
    assert_ne!(invitation.relay, usual, "the code joins through the room");
    assert!(
        invitation.room_cert.is_some(),
        "the code pins the room's certificate"
    );
    let short = wait_for(client, "#room-code").await.text().await.unwrap();
    assert_eq!(short.trim().len(), 24, "a short code: {short:?}");
    click(parent, "#back-to-caseload").await;
    click(parent, "#join-review").await;
    type_into(parent, "#join-code", &short.trim().to_lowercase()).await;
    click(parent, "#join-submit").await;
    wait_for_text(parent, "#child-name", CHILD).await;
    let room = listens(&invitation.relay);
    assert!(
        room,
        "the meeting room's relay answers at {}",
        invitation.relay
    );
    assert_accessible(client, "the Sharing tab with a meeting room open").await;
    client
        .execute(
            "document.querySelector('#room-title').scrollIntoView({block: 'start'})",
            vec![],
        )
        .await
        .unwrap();
    window_screenshot(client, "sync-meeting-room").await;
    // The invitations made here: the parent's first, used; the room's, open until cancelled
    // (the parent already had the review, so it was not needed).
    wait_for_text(client, "#invitations", "used by").await;
    wait_for_text(client, "#invitations", "not used yet").await;
    client
        .execute(
            "document.querySelector('#invitations-title').scrollIntoView({block: 'start'})",
            vec![],
        )
        .await
        .unwrap();
    window_screenshot(client, "sync-invitations").await;
    click(client, "#invitations button").await;
    wait_for_text(client, "#invitations", "cancelled").await;
    assert_accessible(client, "the Sharing tab's list of invitations").await;
    click(client, "#room-toggle").await;
    wait_for_text(client, "#room-toggle", "Open a meeting room").await;
}

/// The SENCO removes the parent (who, say, has moved away): the button asks once more and
/// says what it means; the review moves to a new key, and the parent's window, at its next
/// sync, says this computer was removed and keeps what it had.
async fn remove_the_parent(senco: &Client, parent: &Client) {
    click(senco, "#tab-sharing").await;
    let remove = format!("#sync-members button[aria-label='Remove {PARENT} from the review']");
    click(senco, &remove).await;
    wait_for_text(
        senco,
        "#sync-members .confirm",
        "gets nothing written from now on",
    )
    .await;
    senco
        .execute(
            "document.querySelector('#sync-members').scrollIntoView({block: 'start'})",
            vec![],
        )
        .await
        .unwrap();
    window_screenshot(senco, "sync-remove-member").await;
    click(senco, "#confirm-remove-member").await;
    wait_for_text(senco, "#sync-removed", PARENT).await;
    wait_for_text(senco, ".note-ok", "was removed").await;
    assert_accessible(senco, "the Sharing tab after removing a member").await;

    click(parent, "#tab-sharing").await;
    wait_until(
        parent,
        "#sync-removed-here",
        "removed from the review",
        Duration::from_secs(60),
    )
    .await;
    assert_accessible(parent, "the Sharing tab on a removed computer").await;
    parent
        .execute(
            "document.querySelector('#tab-sharing').scrollIntoView({block: 'start'})",
            vec![],
        )
        .await
        .unwrap();
    window_screenshot(parent, "sync-removed-here").await;
}

/// Whether something answers HTTP at `base` (a plain TCP connect is enough: the relay
/// listens only while the room is open).
fn listens(base: &str) -> bool {
    let host = base
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    std::net::TcpStream::connect(host).is_ok()
}

/// Puts a date in "Meeting date" (a date input, so set as a person's date picker would).
async fn set_meeting_date(client: &Client, date: &str) {
    click(client, "#go-who-is-here").await;
    let field = wait_for(client, "#meeting-date").await;
    client
        .execute(
            "arguments[0].value = arguments[1]; \
             arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
            vec![
                serde_json::to_value(&field).unwrap(),
                serde_json::Value::from(date),
            ],
        )
        .await
        .unwrap();
    saved(client).await;
    click(client, "#go-working").await;
}

/// The two dates are shown to the SENCO side by side with who put each in; the SENCO keeps
/// the parent's, and both copies then show it with nothing left to settle.
async fn settle_the_meeting_date(a: &Client, b: &Client) {
    // The Sharing tab's label says there is something to settle, from any tab.
    wait_for_text(a, "#tab-sharing #to-settle", "1 to settle").await;
    a.execute(
        "document.querySelector('.tabs').scrollIntoView({block: 'center'})",
        vec![],
    )
    .await
    .unwrap();
    window_screenshot(a, "sync-to-settle").await;
    click(a, "#tab-sharing").await;
    wait_for_text(a, "#sync-differences legend", "meeting date").await;
    let listed = a
        .find(Locator::Css("#sync-differences"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for words in [
        SENCO_DATE_WORDS,
        PARENT_DATE_WORDS,
        PARENT,
        "you, on this computer",
    ] {
        assert!(listed.contains(words), "{words:?} is not in {listed:?}");
    }
    assert_accessible(a, "differences to settle").await;
    a.execute(
        "document.querySelector('#sync-differences').scrollIntoView({block: 'start'})",
        vec![],
    )
    .await
    .unwrap();
    window_screenshot(a, "sync-differences").await;
    click_xpath(
        a,
        &format!("//*[@id='sync-differences']//label[contains(., '{PARENT_DATE_WORDS}')]"),
    )
    .await;
    click(a, "#sync-differences button[type=submit]").await;
    wait_gone(a, "#sync-differences").await;
    wait_gone(a, "#to-settle").await;
    click(a, "#tab-meeting").await;
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let date_a = meeting_date(a).await;
        let date_b = meeting_date(b).await;
        click(b, "#tab-sharing").await;
        let open_b = !b
            .find_all(Locator::Css("#sync-differences"))
            .await
            .unwrap()
            .is_empty();
        click(b, "#tab-meeting").await;
        if date_a == PARENT_DATE && date_b == PARENT_DATE && !open_b {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the chosen date did not reach both copies: SENCO {date_a:?}, parent {date_b:?}, parent still to settle: {open_b}"
        );
        sync_now(a).await;
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

async fn meeting_date(client: &Client) -> String {
    click(client, "#go-who-is-here").await;
    let value = wait_for(client, "#meeting-date")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    click(client, "#go-working").await;
    value
}

async fn open_review(client: &Client) {
    northstar_e2e::open_child(client, CHILD).await;
}

/// Presses "Sync now" on the Sharing tab, then goes back to the meeting.
async fn sync_now(client: &Client) {
    northstar_e2e::sync_now_then(client, "#tab-meeting", ".poster-working").await;
}

/// Waits until the relay holds the SENCO's change: `sync status` on the SENCO's folder says
/// nothing is waiting to be sent.
async fn wait_for_cli_sync(folders: &Folders, id: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let status = northstar(folders.senco.path(), &["sync", "status", id, "--json"]);
        let status: serde_json::Value = serde_json::from_str(&status).unwrap();
        if status["pending_changes"] == 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the SENCO's change never reached the relay: {status}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}
