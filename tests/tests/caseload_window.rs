//! The real app window shows the demo caseload on first run.

use fantoccini::Locator;
use northstar_e2e::{
    assert_accessible, click, painted, screenshot, wait_for, wait_for_text, within_two_minutes,
    Driver,
};

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

    // The Reports screen: what young people across the caseload aspire to, in figures only.
    click(&client, "#open-reports").await;
    wait_for(&client, "table.report tbody tr").await;
    wait_for_text(
        &client,
        ".report-table h2",
        "What young people aspire to, by phase",
    )
    .await;
    let figures = client
        .find_all(Locator::Css("table.report td"))
        .await
        .unwrap();
    assert!(figures.len() > 50);
    let mut protected = 0;
    for cell in figures {
        let text = cell.text().await.unwrap();
        match text.trim().parse::<u64>() {
            Ok(n) => assert!(n == 0 || n >= 5, "a figure of {n} is shown"),
            Err(_) => {
                assert!(text == "fewer than 5" || text == "hidden", "{text:?}");
                protected += 1;
            }
        }
    }
    assert!(protected > 0, "the demo's small cohorts are protected");
    let charts = client
        .find_all(Locator::Css("svg.report-chart rect"))
        .await
        .unwrap();
    assert!(!charts.is_empty(), "each table has its chart");
    screenshot("reports");
    assert_accessible(&client, "the reports screen").await;
    click(&client, "#reports-back").await;
    wait_for(&client, "table.caseload tbody tr").await;

    client.close().await.unwrap();
}
