//! Window benchmarks (issue 3): cold start to an interactive caseload, and switching sections
//! in the workspace, on the real release app under Xvfb through tauri-driver.
//!
//! Run: `scripts/build-ui.sh --release && cargo build --release -p northstar`, then
//! `xvfb-run -a cargo bench -p northstar-e2e --bench window`. Prints each figure, its target
//! and the ratio; the numbers go in BENCHMARKS.md.

use fantoccini::{Client, Locator};
use northstar_e2e::{click, wait_for, Driver};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const STARTS: usize = 5;
const SWITCH_ROUNDS: usize = 3;

fn release_app() -> PathBuf {
    let bin = std::env::var_os("NORTHSTAR_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/northstar")
        });
    assert!(
        bin.exists(),
        "build the release app first: scripts/build-ui.sh --release && cargo build --release -p northstar"
    );
    bin
}

fn stats(name: &str, mut ms: Vec<f64>, target: f64) {
    ms.sort_by(|a, b| a.total_cmp(b));
    let median = ms[ms.len() / 2];
    let max = ms[ms.len() - 1];
    let p95 = ms[((ms.len() as f64 * 0.95).ceil() as usize).saturating_sub(1)];
    println!(
        "{name:<58} n={:<3} median {median:>8.2} ms  p95 {p95:>8.2} ms  max {max:>8.2} ms  target {target:>6.0} ms  median/target {:.3}",
        ms.len(),
        median / target
    );
}

async fn ready_ms(client: &Client) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let body = client.find(Locator::Css("body")).await.unwrap();
        if let Some(ms) = body.attr("data-ready-ms").await.unwrap() {
            return ms.parse().unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "the caseload never reported ready"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn switch_ms(client: &Client) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let ws = client.find(Locator::Css(".workspace")).await.unwrap();
        if let Some(ms) = ws.attr("data-last-switch-ms").await.unwrap() {
            // Clear it so the next read is the next switch.
            client
                .execute(
                    "document.querySelector('.workspace').removeAttribute('data-last-switch-ms')",
                    vec![],
                )
                .await
                .unwrap();
            return ms.parse().unwrap();
        }
        assert!(Instant::now() < deadline, "no switch time was reported");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    std::env::set_var("NORTHSTAR_APP_BIN", release_app());
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(4460);

    // The first run seeds the demo caseload (46 children) into an empty folder.
    let t0 = Instant::now();
    let client = driver.launch(data.path()).await;
    wait_for(&client, "table.caseload tbody tr").await;
    let first_wall = t0.elapsed().as_secs_f64() * 1000.0;
    let first_app = ready_ms(&client).await;
    client.close().await.unwrap();
    println!("release app: {}", release_app().display());
    stats(
        "first run (seeds 46 demo reviews), process start to caseload",
        vec![first_app],
        1000.0,
    );
    stats(
        "first run, WebDriver session request to rows visible",
        vec![first_wall],
        1000.0,
    );

    let mut app = Vec::new();
    let mut wall = Vec::new();
    for _ in 0..STARTS {
        let t0 = Instant::now();
        let client = driver.launch(data.path()).await;
        wait_for(&client, "table.caseload tbody tr").await;
        wall.push(t0.elapsed().as_secs_f64() * 1000.0);
        app.push(ready_ms(&client).await);
        client.close().await.unwrap();
    }
    stats(
        "cold start, process start to interactive caseload",
        app,
        1000.0,
    );
    stats(
        "cold start, WebDriver session request to rows visible",
        wall,
        1000.0,
    );

    // Section switches in the workspace of the most urgent child on the demo caseload.
    let client = driver.launch(data.path()).await;
    click(&client, "table.caseload tbody tr .open-child").await;
    wait_for(&client, "#child-name").await;
    // Start away from the first section, so every click below is a real switch.
    click(&client, "#go-recommendation").await;
    switch_ms(&client).await;
    let mut meeting = Vec::new();
    let mut round_trip = Vec::new();
    for _ in 0..SWITCH_ROUNDS {
        for topic in [
            "who-is-here",
            "like-and-admire",
            "important",
            "working",
            "questions",
            "progress",
            "actions",
            "disagreements",
            "amendments",
            "recommendation",
        ] {
            let t0 = Instant::now();
            click(&client, &format!("#go-{topic}")).await;
            wait_for(&client, &format!("#section-{topic}")).await;
            round_trip.push(t0.elapsed().as_secs_f64() * 1000.0);
            meeting.push(switch_ms(&client).await);
        }
    }
    click(&client, "#tab-plan").await;
    switch_ms(&client).await;
    click(&client, "#plan-go-k").await;
    switch_ms(&client).await;
    let mut plan = Vec::new();
    for _ in 0..SWITCH_ROUNDS {
        for s in ["a", "b", "c", "d", "e", "f", "g", "h1", "h2", "i", "j", "k"] {
            click(&client, &format!("#plan-go-{s}")).await;
            plan.push(switch_ms(&client).await);
        }
    }
    client.close().await.unwrap();
    stats(
        "meeting section switch, click to rendered (UI mark)",
        meeting,
        50.0,
    );
    stats(
        "plan section switch, click to rendered (UI mark)",
        plan,
        50.0,
    );
    stats(
        "meeting section switch, WebDriver click to element found",
        round_trip,
        50.0,
    );
}
