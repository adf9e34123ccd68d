//! The real app window shows the demo caseload on first run.

use fantoccini::Locator;
use northstar_e2e::{
    assert_accessible, click, open_child, painted, saved, screenshot, type_into, wait_for,
    wait_for_text, wait_until, within_two_minutes, Driver,
};

#[tokio::test(flavor = "multi_thread")]
async fn first_run_window_lists_the_demo_caseload() {
    let data = tempfile::tempdir().unwrap();
    let saves = tempfile::tempdir().unwrap();
    // The window saves here instead of asking with the system's dialog.
    std::env::set_var("NORTHSTAR_SAVE_DIR", saves.path());
    let driver = Driver::start(4444);
    within_two_minutes(first_run_scenario(&driver, data.path())).await;
    // "Save as PDF" on the Reports screen wrote the report, charts and tables as text.
    let pdf = std::fs::read_dir(saves.path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("the report was saved as a PDF");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("What young people aspire to, by phase"),
        "{text}"
    );
    assert!(text.contains("fewer than 5"));
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
    // Every plan is read for the report: allow for a slow machine (a debug build under load).
    wait_until(
        &client,
        "table.report tbody tr",
        "",
        std::time::Duration::from_secs(90),
    )
    .await;
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
    click(&client, "#reports-save-pdf").await;
    wait_for_text(&client, ".note-ok", "Saved the report as").await;
    click(&client, "#reports-back").await;
    wait_for(&client, "table.caseload tbody tr").await;

    // Megan's communication needs say easy read and symbols: her space opens in easy read,
    // and the pictures she picked before the symbol set still show as picked.
    let search = client.find(Locator::Id("search")).await.unwrap();
    search.clear().await.unwrap();
    search.send_keys("Megan").await.unwrap();
    open_child(&client, "Megan Lloyd").await;
    click(&client, "#open-young-person").await;
    wait_for(&client, "#easy-read[aria-pressed='true']").await;
    wait_for_text(&client, ".yp-step", "Question 1 of 4").await;
    wait_for(&client, ".yp-card-head img[src$='.svg']").await;
    wait_for(&client, ".yp-item .symbol-chosen img[alt='animals']").await;
    painted(&client).await;
    screenshot("young-person-easy-read");
    assert_accessible(&client, "a young person's space opened in easy read").await;

    // In the family's languages: Urdu reads right to left, Polish left to right; each says
    // its translation awaits review. The choice is remembered, so English is put back.
    click(&client, "#yp-language option[value='ur']").await;
    wait_for(&client, ".yp-space[lang='ur'][dir='rtl']").await;
    wait_for_text(&client, ".yp-step", "سوال").await;
    wait_for_text(&client, "#translation-note", "مشین").await;
    painted(&client).await;
    screenshot("young-person-urdu");
    assert_accessible(&client, "the young person's space in Urdu").await;
    click(&client, "#yp-language option[value='pl']").await;
    wait_for(&client, ".yp-space[lang='pl'][dir='ltr']").await;
    wait_for_text(&client, ".yp-step", "Pytanie 1 z 4").await;
    wait_for_text(&client, "#easy-read", "Łatwy tekst").await;
    painted(&client).await;
    screenshot("young-person-polish");
    assert_accessible(&client, "the young person's space in Polish").await;
    // The other five: each sets its language and direction on the space, says its
    // translation awaits review, and passes axe.
    for (code, dir) in [
        ("bn", "ltr"),
        ("pa", "ltr"),
        ("ar", "rtl"),
        ("ro", "ltr"),
        ("so", "ltr"),
    ] {
        click(&client, &format!("#yp-language option[value='{code}']")).await;
        wait_for(&client, &format!(".yp-space[lang='{code}'][dir='{dir}']")).await;
        let note = wait_for(&client, "#translation-note")
            .await
            .text()
            .await
            .unwrap();
        assert!(!note.trim().is_empty(), "{code}: no translation note");
        let step = wait_for(&client, ".yp-step").await.text().await.unwrap();
        assert!(!step.contains("Question"), "{code}: {step} is English");
        if code == "bn" || code == "ar" {
            painted(&client).await;
            screenshot(&format!("young-person-{code}"));
        }
        assert_accessible(&client, &format!("the young person's space in {code}")).await;
    }
    click(&client, "#yp-language option[value='en-GB']").await;
    wait_for_text(&client, ".yp-step", "Question 1 of 4").await;

    // Zoë's family speak Polish at home and need an interpreter: the meeting asks whether one
    // came, and the Export tab says the documents are in English.
    click(&client, "#finish-young-person").await;
    type_into(
        &client,
        "#passphrase",
        northstar_engine::DataKey::TEST_PASSPHRASE,
    )
    .await;
    click(&client, "#unlock").await;
    click(&client, "#back-to-caseload").await;
    let search = wait_for(&client, "#search").await;
    search.clear().await.unwrap();
    search.send_keys("Zoë").await.unwrap();
    open_child(&client, "Zoë Kowalczyk").await;
    click(&client, "#tab-meeting").await;
    click(&client, "#go-who-is-here").await;
    wait_for_text(
        &client,
        "#interpreter-callout",
        "The family needs an interpreter (Polish).",
    )
    .await;
    click(&client, "#interpreter option[value='booked']").await;
    saved(&client).await;
    // High contrast, switched on from the banner, stays on across screens.
    click(&client, "#high-contrast").await;
    wait_for(
        &client,
        "html.high-contrast #high-contrast[aria-pressed='true']",
    )
    .await;
    painted(&client).await;
    screenshot("interpreter-high-contrast");
    assert_accessible(
        &client,
        "who is here, in high contrast, with the interpreter question",
    )
    .await;
    click(&client, "#tab-export").await;
    wait_for_text(&client, "#home-language-note", "home language is Polish").await;
    // Large print: the same draft plan, at 18 point, runs to more pages.
    let pages = |client: &fantoccini::Client| {
        let client = client.clone();
        async move {
            let title = wait_for(&client, "#preview-title")
                .await
                .text()
                .await
                .unwrap();
            let n: String = title
                .rsplit('(')
                .next()
                .unwrap_or_default()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            n.parse::<usize>().unwrap_or(0)
        }
    };
    click(&client, "#preview-ehcp-draft").await;
    let standard = pages(&client).await;
    click(&client, "#large-print").await;
    click(&client, "#preview-ehcp-draft").await;
    let mut large = standard;
    for _ in 0..50 {
        large = pages(&client).await;
        if large != standard {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        standard > 0 && large > standard,
        "{standard} pages, {large} in large print"
    );
    wait_for(&client, "html.high-contrast").await;
    click(&client, "#high-contrast").await;
    wait_for(&client, "#high-contrast[aria-pressed='false']").await;

    // About Northstar: the version, the licences, and every translation marked as
    // machine-assisted; Escape closes it.
    click(&client, "#about-northstar").await;
    wait_for_text(&client, "[role='dialog']", "machine help").await;
    wait_for(&client, "[role='dialog'] span[lang='so']").await;
    assert_accessible(&client, "the About box").await;
    client
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{E00C}")
        .await
        .unwrap();
    for _ in 0..50 {
        if client.find(Locator::Css("[role='dialog']")).await.is_err() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        client.find(Locator::Css("[role='dialog']")).await.is_err(),
        "Escape closes the About box"
    );

    // Polish is a language Northstar has: the profile in Polish is offered first, and its
    // preview is in Polish.
    click(&client, "#large-print").await;
    wait_for_text(&client, "#home-language-note", "can be made in Polish").await;
    click(&client, "#preview-one-page-profile-pl").await;
    wait_for_text(&client, "#preview-title", "One-page profile").await;
    wait_for(&client, "#export-one-page-profile-pl").await;
    assert_accessible(&client, "the Export tab with the profile in Polish").await;

    client.close().await.unwrap();
}
