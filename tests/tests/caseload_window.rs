//! The real app window shows the demo caseload on first run.

use fantoccini::Locator;
use northstar_e2e::{painted, screenshot, wait_for, within_two_minutes, Driver};

#[tokio::test(flavor = "multi_thread")]
async fn first_run_window_lists_the_demo_caseload() {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(4444);
    within_two_minutes(first_run_scenario(&driver, data.path())).await;
    // The first run seeded the store in the data folder we passed.
    assert!(data.path().join("northstar.db").exists());
}

async fn first_run_scenario(driver: &Driver, data: &std::path::Path) {
    let client = driver.launch(data).await;

    wait_for(&client, "table.caseload tbody tr").await;
    let names: Vec<String> = {
        let cells = client
            .find_all(Locator::Css("th.child-name"))
            .await
            .unwrap();
        let mut out = Vec::new();
        for c in cells {
            out.push(c.text().await.unwrap());
        }
        out
    };
    assert!(
        names.len() >= 40,
        "expected the demo caseload of 40+ children, saw {}",
        names.len()
    );
    let title = client
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(title, "Caseload");
    painted(&client).await;
    screenshot("caseload");

    // Searching narrows the list through the engine.
    let first = names[0].clone();
    let search = client.find(Locator::Id("search")).await.unwrap();
    search.send_keys(&first).await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let rows = client
            .find_all(Locator::Css("th.child-name"))
            .await
            .unwrap();
        if !rows.is_empty() && rows.len() < names.len() {
            assert_eq!(rows[0].text().await.unwrap(), first);
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "search for {first:?} did not narrow the list"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    screenshot("caseload-search");

    client.close().await.unwrap();
}
