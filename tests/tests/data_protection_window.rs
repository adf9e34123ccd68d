//! Data protection in the real app: a first start chooses a passphrase; locking (the button,
//! Ctrl+L, or a young person finishing) leaves nothing of any child on the page, and only the
//! right passphrase opens it again; erasing a child takes them off the computer.

use fantoccini::{Client, Locator};
use northstar_e2e::{
    assert_accessible, click, free_port_pair, open_child, painted, screenshot, type_into, wait_for,
    wait_for_text, within_two_minutes, Driver,
};
use std::time::Duration;

/// Everything the page holds as text and markup, so a name hidden in an attribute or an
/// off-screen element counts too.
async fn page(client: &Client) -> String {
    let text = client
        .execute("return document.body.innerText", vec![])
        .await
        .unwrap();
    format!(
        "{}\n{}",
        text.as_str().unwrap_or_default(),
        client.source().await.unwrap()
    )
}

/// The children's names on the caseload.
async fn names(client: &Client) -> Vec<String> {
    wait_for(client, "table.caseload tbody tr").await;
    let mut out = Vec::new();
    for cell in client
        .find_all(Locator::Css("th.child-name"))
        .await
        .unwrap()
    {
        out.push(cell.text().await.unwrap());
    }
    out
}

/// Checks that the lock screen is showing and that nothing of any of `names` is on the page,
/// and that a command sent from the page itself is refused.
async fn nothing_shows(client: &Client, names: &[String]) {
    wait_for_text(client, "#lock-heading", "Northstar is locked").await;
    let page = page(client).await;
    for name in names {
        for part in name.split_whitespace() {
            assert!(
                !page.contains(part),
                "the locked window still shows {part:?} (of {name:?})"
            );
        }
    }
    let answer = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI__.core.invoke('list_caseload', {})
               .then(r => done('answered ' + JSON.stringify(r)))
               .catch(e => done('refused: ' + e));",
            vec![],
        )
        .await
        .unwrap();
    let answer = answer.as_str().unwrap_or_default().to_string();
    assert!(
        answer.starts_with("refused: Northstar is locked"),
        "{answer}"
    );
}

async fn unlock_with(client: &Client, passphrase: &str) {
    let field = wait_for(client, "#passphrase").await;
    field.clear().await.unwrap();
    field.send_keys(passphrase).await.unwrap();
    click(client, "#unlock").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_locked_window_shows_nothing_of_any_child() {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(free_port_pair());
    within_two_minutes(async {
        let client = driver.launch(data.path()).await;
        let names = names(&client).await;
        assert!(names.len() >= 40);
        let child = names[0].clone();
        painted(&client).await;
        screenshot("caseload-with-lock");
        open_child(&client, &child).await;

        // The Lock button.
        click(&client, "#lock-now").await;
        nothing_shows(&client, &names).await;
        painted(&client).await;
        screenshot("lock-screen");
        assert_accessible(&client, "lock screen").await;

        // A wrong passphrase is refused in plain words, and the page still shows nothing.
        unlock_with(&client, "not the passphrase at all").await;
        wait_for_text(&client, "#lock-error", "does not open this data").await;
        nothing_shows(&client, &names).await;

        // The right one goes back to where the person was.
        unlock_with(&client, northstar_engine::DataKey::TEST_PASSPHRASE).await;
        wait_for_text(&client, "#child-name", &child).await;

        // Ctrl+L, from anywhere.
        let body = client.find(Locator::Css("body")).await.unwrap();
        body.send_keys("\u{E009}l\u{E009}").await.unwrap();
        nothing_shows(&client, &names).await;
        unlock_with(&client, northstar_engine::DataKey::TEST_PASSPHRASE).await;
        wait_for_text(&client, "#child-name", &child).await;

        // The passphrase changed: the old one no longer opens the window, the new one does.
        click(&client, "#back-to-caseload").await;
        click(&client, "#passphrase-panel summary").await;
        type_into(&client, "#current-passphrase", "not the passphrase at all").await;
        type_into(&client, "#new-passphrase", "harbour lantern tide").await;
        type_into(&client, "#new-passphrase-again", "harbour lantern tide").await;
        click(&client, "#change-passphrase").await;
        wait_for_text(&client, "#passphrase-panel .error", "does not open").await;
        let current = wait_for(&client, "#current-passphrase").await;
        current.clear().await.unwrap();
        current
            .send_keys(northstar_engine::DataKey::TEST_PASSPHRASE)
            .await
            .unwrap();
        click(&client, "#change-passphrase").await;
        wait_for_text(&client, "#passphrase-changed", "changed").await;
        click(&client, "#lock-now").await;
        nothing_shows(&client, &names).await;
        unlock_with(&client, northstar_engine::DataKey::TEST_PASSPHRASE).await;
        wait_for_text(&client, "#lock-error", "does not open this data").await;
        unlock_with(&client, "harbour lantern tide").await;
        wait_for(&client, "table.caseload tbody tr").await;
        open_child(&client, &child).await;

        // A young person who has finished hands back a locked window.
        click(&client, "#open-young-person").await;
        wait_for(&client, "#finish-young-person").await;
        click(&client, "#finish-young-person").await;
        nothing_shows(&client, &names).await;
        unlock_with(&client, "harbour lantern tide").await;
        wait_for_text(&client, "#child-name", &child).await;

        client.close().await.unwrap();
    })
    .await;
    assert!(northstar_engine::DataKey::unlock(data.path(), "harbour lantern tide").is_ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_first_start_chooses_a_passphrase_and_keeps_the_data_under_it() {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start_locked(free_port_pair());
    within_two_minutes(async {
        let client = driver.launch_as_it_is(data.path()).await;
        wait_for_text(&client, "#lock-heading", "Choose a passphrase").await;
        painted(&client).await;
        screenshot("choose-passphrase");
        assert_accessible(&client, "choosing a passphrase").await;

        // Too short, then two that differ: each is explained, and nothing is made.
        type_into(&client, "#passphrase", "short").await;
        type_into(&client, "#passphrase-again", "short").await;
        click(&client, "#unlock").await;
        wait_for_text(&client, "#lock-error", "at least 10 characters").await;
        assert!(!data.path().join(northstar_engine::KEY_FILE).exists());
        let chosen = "lantern orchard pebble";
        let field = wait_for(&client, "#passphrase").await;
        field.clear().await.unwrap();
        field.send_keys(chosen).await.unwrap();
        let again = wait_for(&client, "#passphrase-again").await;
        again.clear().await.unwrap();
        again.send_keys("lantern orchard pebbles").await.unwrap();
        click(&client, "#unlock").await;
        wait_for_text(&client, "#lock-error", "not the same").await;
        assert!(!data.path().join(northstar_engine::KEY_FILE).exists());

        let again = wait_for(&client, "#passphrase-again").await;
        again.clear().await.unwrap();
        again.send_keys(chosen).await.unwrap();
        click(&client, "#unlock").await;
        let seen = names(&client).await;
        assert!(seen.len() >= 40, "the demo caseload opened");
        client.close().await.unwrap();

        // The data is under that passphrase, and no other.
        assert!(northstar_engine::DataKey::unlock(data.path(), chosen).is_ok());
        assert!(northstar_engine::DataKey::unlock(data.path(), "lantern orchard").is_err());

        // The next start asks for it.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let client = driver.launch_as_it_is(data.path()).await;
        wait_for_text(&client, "#lock-heading", "Northstar is locked").await;
        unlock_with(&client, chosen).await;
        assert_eq!(names(&client).await, seen);
        client.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn erasing_a_child_in_the_window_takes_them_off_this_computer() {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(free_port_pair());
    within_two_minutes(async {
        let client = driver.launch(data.path()).await;
        let before = names(&client).await;
        let child = before[1].clone();
        open_child(&client, &child).await;
        click(&client, "#tab-details").await;
        click(&client, "#erase-child summary").await;
        client
            .execute(
                "document.getElementById('erase-child').scrollIntoView()",
                vec![],
            )
            .await
            .unwrap();
        painted(&client).await;
        screenshot("erase-child");
        assert_accessible(&client, "erase a child").await;

        // The wrong name erases nothing, and says why.
        type_into(&client, "#erase-confirm", "someone else").await;
        click(&client, "#erase-now").await;
        wait_for_text(&client, "#erase-error", "nothing was erased").await;

        let field = wait_for(&client, "#erase-confirm").await;
        field.clear().await.unwrap();
        field.send_keys(&child).await.unwrap();
        click(&client, "#erase-now").await;
        let after = names(&client).await;
        assert_eq!(after.len(), before.len() - 1);
        assert!(!after.contains(&child), "{child} is still on the caseload");
        client.close().await.unwrap();
        // Not in the store either, as the command line reads it.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let listed = northstar_e2e::northstar(data.path(), &["list", "--json"]);
        assert!(listed.contains(&before[0]), "{listed}");
        assert!(!listed.contains(&child), "{child} is still stored");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn everything_held_the_disclosure_record_history_erasure_and_the_archive() {
    let data = tempfile::tempdir().unwrap();
    let saves = tempfile::tempdir().unwrap();
    // The window saves here instead of asking with the system's dialog.
    std::env::set_var("NORTHSTAR_SAVE_DIR", saves.path());
    let driver = Driver::start(free_port_pair());
    within_two_minutes(async {
        let client = driver.launch(data.path()).await;
        let before = names(&client).await;
        // (An apostrophe would need escaping in the XPath that finds the name.)
        let child = before[3..]
            .iter()
            .find(|n| !n.contains('\''))
            .unwrap()
            .clone();
        open_child(&client, &child).await;

        // Everything held, in one folder, and the export is on the disclosure record.
        click(&client, "#tab-export").await;
        click(&client, "#subject-access").await;
        wait_for_text(&client, "#subject-access-status", "Saved").await;
        let folder = saves.path().join(format!("{child} - everything held"));
        assert!(std::fs::read(folder.join("plan.pdf"))
            .unwrap()
            .starts_with(b"%PDF"));
        assert!(folder.join("history.txt").exists() && folder.join("review.json").exists());
        wait_for_text(&client, "table.disclosures", "article 15").await;
        client
            .execute(
                "document.getElementById('records-title').scrollIntoView()",
                vec![],
            )
            .await
            .unwrap();
        painted(&client).await;
        screenshot("disclosure-record");
        assert_accessible(&client, "export and disclosure record").await;

        // The history, erased: one line says so.
        click(&client, "#tab-history").await;
        click(&client, "#erase-history summary").await;
        type_into(&client, "#erase-history-confirm", &child).await;
        click(&client, "#erase-history-now").await;
        wait_for_text(&client, "#erase-history-done", "history was erased").await;
        wait_for_text(&client, "ol.history", "Erased the history on").await;
        let lines = client
            .find_all(Locator::Css("li.history-entry"))
            .await
            .unwrap();
        assert_eq!(lines.len(), 1, "earlier versions are still listed");

        // Archived: out of the working caseload, into the archive, read-only.
        click(&client, "#tab-details").await;
        click(&client, "#archive-now").await;
        wait_for_text(&client, "#archived-panel", "kept read-only until").await;
        click(&client, "#tab-meeting").await;
        wait_for_text(&client, "#archived-banner", "Archived on").await;
        click(&client, "#back-to-caseload").await;
        let working = names(&client).await;
        assert!(
            !working.contains(&child),
            "{child} is still in the working caseload"
        );
        click(&client, "#which-list option[value='archived']").await;
        wait_for_text(&client, "th.child-name", &child).await;
        painted(&client).await;
        screenshot("archive");
        assert_accessible(&client, "the archive").await;
        client.close().await.unwrap();
    })
    .await;
}
