//! Shared harness for Northstar's end-to-end tests: the real desktop binary, in a real
//! WebKitGTK window under Xvfb, driven through `tauri-driver` (WebDriver).
//!
//! Key types: [`Driver`] (a running tauri-driver) and [`App`] (a WebDriver session on the app).
//! The tests need `DISPLAY` (run them under `xvfb-run`), `tauri-driver` on `PATH`, and the app
//! built at `target/debug/northstar` (or `NORTHSTAR_APP_BIN`).

use fantoccini::{Client, ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The desktop binary under test.
pub fn app_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("NORTHSTAR_APP_BIN") {
        return PathBuf::from(bin);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/northstar")
}

/// Where screenshots go, for people to look at after a run.
pub fn output_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-output/e2e");
    std::fs::create_dir_all(&dir).expect("create test-output/e2e");
    dir
}

/// One window at a time: the tests share one X display and one tauri-driver port, and cargo
/// runs a test binary's tests on parallel threads.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A running `tauri-driver`, stopped with SIGTERM on drop (SIGKILL would orphan WebKitWebDriver).
pub struct Driver {
    child: Child,
    pub port: u16,
    _turn: std::sync::MutexGuard<'static, ()>,
}

impl Driver {
    pub fn start(port: u16) -> Driver {
        // A failed test poisons the lock; the next one may still run.
        let turn = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "no DISPLAY: run the end-to-end tests under xvfb-run (see README)"
        );
        let bin = app_binary();
        assert!(
            bin.exists(),
            "the app is not built at {}: run `cargo build -p northstar` first",
            bin.display()
        );
        let child = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &(port + 1).to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver is not installed: cargo install tauri-driver --locked");
        let driver = Driver {
            child,
            port,
            _turn: turn,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not start listening on {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    /// Opens the app with its data in `data_dir`.
    pub async fn launch(&self, data_dir: &Path) -> Client {
        let caps = serde_json::json!({
            "browserName": "wry",
            "tauri:options": {
                "application": app_binary().to_string_lossy(),
                "args": ["--data-dir", data_dir.to_string_lossy()],
            }
        });
        let caps = caps
            .as_object()
            .expect("object")
            .clone()
            .into_iter()
            .collect();
        let url = format!("http://127.0.0.1:{}", self.port);
        let mut builder = ClientBuilder::native();
        builder.capabilities(caps);
        let connect = builder.connect(&url);
        tokio::time::timeout(Duration::from_secs(60), connect)
            .await
            .expect("the app window did not open within 60 s")
            .expect("could not open a WebDriver session on the app")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SAFETY-free: plain kill(2) with SIGTERM through the `kill` command.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// Runs one end-to-end scenario, failing it (not hanging CI) if it takes over two minutes.
pub async fn within_two_minutes<F: std::future::Future<Output = ()>>(scenario: F) {
    if tokio::time::timeout(Duration::from_secs(120), scenario)
        .await
        .is_err()
    {
        panic!("the end-to-end scenario did not finish within two minutes");
    }
}

/// Waits up to 20 s for an element matching `css`.
pub async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
}

/// Saves what a person would see: the whole X screen via ImageMagick's `import`.
pub fn screenshot(name: &str) -> PathBuf {
    let path = output_dir().join(format!("{name}.png"));
    let status = Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "could not take a screenshot with `import`"
    );
    path
}

/// Clicks the element matching `css`, waiting for it first.
pub async fn click(client: &Client, css: &str) {
    wait_for(client, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("could not click {css}: {e}"));
}

/// Clicks the element matching an XPath, waiting for it first.
pub async fn click_xpath(client: &Client, xpath: &str) {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("{xpath} never appeared: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("could not click {xpath}: {e}"));
}

/// Types `text` into the field matching `css` (after what is there).
pub async fn type_into(client: &Client, css: &str, text: &str) {
    wait_for(client, css)
        .await
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("could not type into {css}: {e}"));
}

/// Waits up to 20 s until some element matching `css` has `text` in its text or value.
pub async fn wait_for_text(client: &Client, css: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(found) = client.find_all(Locator::Css(css)).await {
            for el in found {
                let shown = el.text().await.unwrap_or_default();
                let value = el.prop("value").await.ok().flatten().unwrap_or_default();
                if shown.contains(text) || value.contains(text) {
                    return;
                }
            }
        }
        assert!(
            Instant::now() < deadline,
            "no {css} showed {text:?} within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits up to 20 s until nothing matches `css`.
pub async fn wait_gone(client: &Client, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !client
        .find_all(Locator::Css(css))
        .await
        .unwrap_or_default()
        .is_empty()
    {
        assert!(
            Instant::now() < deadline,
            "{css} did not go away within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Where the end-to-end tests find axe-core (installed by `scripts/setup.sh`).
pub fn axe_source() -> String {
    let path = std::env::var_os("NORTHSTAR_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../target/axe/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is not installed at {} ({e}): run scripts/setup.sh",
            path.display()
        )
    })
}

/// Runs axe-core's WCAG 2.0–2.2 A and AA rules on the screen as it is, and fails with each
/// violation's rule, help text and the first elements concerned.
pub async fn assert_accessible(client: &Client, screen: &str) {
    client
        .execute(&axe_source(), vec![])
        .await
        .unwrap_or_else(|e| panic!("could not load axe-core into {screen}: {e}"));
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
          .then(r => done(JSON.stringify(r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + n.failureSummary) })))))
          .catch(e => done('axe failed: ' + e));
    "#;
    let result = client
        .execute_async(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("axe-core did not run on {screen}: {e}"));
    let text = result.as_str().unwrap_or_default().to_string();
    assert!(!text.starts_with("axe failed"), "{screen}: {text}");
    let violations: Vec<serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{screen}: axe gave {text:?} ({e})"));
    assert!(
        violations.is_empty(),
        "{screen} has {} accessibility violation(s):\n{}",
        violations.len(),
        serde_json::to_string_pretty(&violations).unwrap_or_default()
    );
}
