//! Shared harness for Northstar's end-to-end tests: the real desktop binary, in a real
//! WebKitGTK window under Xvfb, driven through `tauri-driver` (WebDriver).
//!
//! Key types: [`Driver`] (a running tauri-driver; [`DriverPair`] for two windows at once) and
//! [`RelayProcess`] (a `northstar relay` for sync between two data folders).
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

type Turn = std::sync::MutexGuard<'static, ()>;

fn take_turn() -> Turn {
    // A failed test poisons the lock; the next one may still run.
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A running `tauri-driver`, stopped with SIGTERM on drop (SIGKILL would orphan WebKitWebDriver).
pub struct Driver {
    child: Child,
    pub port: u16,
    /// The program the driver opens: the built app, or an installed one.
    application: PathBuf,
    /// `None` for the drivers of a [`DriverPair`], which holds the turn for both.
    _turn: Option<Turn>,
}

impl Driver {
    pub fn start(port: u16) -> Driver {
        let turn = take_turn();
        let mut driver = Driver::spawn(port, true);
        driver._turn = Some(turn);
        driver
    }

    /// As [`Driver::start`], driving `application` (an installed copy of the app, or a script
    /// that starts one) instead of the one built in target/.
    pub fn start_for(port: u16, application: &Path) -> Driver {
        let turn = take_turn();
        let mut driver = Driver::spawn(port, true);
        driver.application = application.to_path_buf();
        driver._turn = Some(turn);
        driver
    }

    /// As [`Driver::start`], but the app is not given the passphrase: it starts on its lock
    /// screen, as it does for a person.
    pub fn start_locked(port: u16) -> Driver {
        let turn = take_turn();
        let mut driver = Driver::spawn(port, false);
        driver._turn = Some(turn);
        driver
    }

    /// Starts tauri-driver on `port` (and its WebKitWebDriver on `port + 1`), without a turn.
    fn spawn(port: u16, passphrase: bool) -> Driver {
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
        // The app inherits the passphrase through the driver, and opens unlocked.
        let mut command = Command::new("tauri-driver");
        match passphrase {
            true => command.env(
                northstar_engine::PASSPHRASE_VAR,
                northstar_engine::DataKey::TEST_PASSPHRASE,
            ),
            false => command.env_remove(northstar_engine::PASSPHRASE_VAR),
        };
        // No sound card under Xvfb: WebKit's test microphone (a steady tone) stands in.
        command.env("NORTHSTAR_MOCK_MICROPHONE", "1");
        let child = command
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
            application: bin,
            _turn: None,
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

    /// Opens the app with its data in `data_dir`, unlocked with the tests' passphrase.
    pub async fn launch(&self, data_dir: &Path) -> Client {
        northstar_engine::DataKey::for_tests(data_dir);
        self.launch_as_it_is(data_dir).await
    }

    /// Opens the app on `data_dir` without preparing anything in it.
    pub async fn launch_as_it_is(&self, data_dir: &Path) -> Client {
        let caps = serde_json::json!({
            "browserName": "wry",
            "tauri:options": {
                "application": self.application.to_string_lossy(),
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

/// Two tauri-drivers at once, for two app windows on the one display (two people's copies of
/// a review). It takes the one turn for both, so it never waits on itself; both drivers stop
/// before the turn is given back.
pub struct DriverPair {
    pub a: Driver,
    pub b: Driver,
    _turn: Turn,
}

impl DriverPair {
    /// Starts both, on free ports.
    pub fn start() -> DriverPair {
        let turn = take_turn();
        let a = Driver::spawn(free_port_pair(), true);
        // The first driver's WebKitWebDriver binds `a.port + 1` only once a window opens.
        let b_port = (0..100)
            .map(|_| free_port_pair())
            .find(|p| p.abs_diff(a.port) > 1)
            .expect("no free ports for a second tauri-driver");
        let b = Driver::spawn(b_port, true);
        DriverPair { a, b, _turn: turn }
    }
}

fn port_is_free(port: u16) -> bool {
    std::net::TcpListener::bind(("127.0.0.1", port)).is_ok()
}

/// A port that nothing on this machine listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free port on 127.0.0.1")
}

/// A free port whose next port is free too (tauri-driver uses both).
pub fn free_port_pair() -> u16 {
    for _ in 0..100 {
        let port = free_port();
        if port < u16::MAX && port_is_free(port + 1) {
            return port;
        }
    }
    panic!("no two free ports in a row on 127.0.0.1");
}

/// Runs the app's command line on the data folder `data_dir` and returns what it printed,
/// failing the test (with its error output) if it fails.
pub fn northstar(data_dir: &Path, args: &[&str]) -> String {
    northstar_engine::DataKey::for_tests(data_dir);
    let out = Command::new(app_binary())
        .env("NORTHSTAR_DATA_DIR", data_dir)
        .env(
            northstar_engine::PASSPHRASE_VAR,
            northstar_engine::DataKey::TEST_PASSPHRASE,
        )
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("could not run the northstar binary");
    assert!(
        out.status.success(),
        "northstar {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A running `northstar relay` on 127.0.0.1, stopped on drop (also when a test panics).
pub struct RelayProcess {
    child: Child,
    pub port: u16,
}

impl RelayProcess {
    /// Starts a relay on `port` keeping its log in `db` (`data_dir` is its data folder, so
    /// nothing touches the real one), and waits until it accepts connections.
    pub fn start(port: u16, db: &Path, data_dir: &Path) -> RelayProcess {
        let child = Command::new(app_binary())
            .env("NORTHSTAR_DATA_DIR", data_dir)
            .env(
                northstar_engine::PASSPHRASE_VAR,
                northstar_engine::DataKey::TEST_PASSPHRASE,
            )
            .arg("relay")
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--db")
            .arg(db)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("could not start `northstar relay`");
        let mut relay = RelayProcess { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = relay.child.try_wait() {
                panic!("the relay stopped at once ({status}); is port {port} taken?");
            }
            assert!(
                Instant::now() < deadline,
                "the relay did not start listening on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        relay
    }

    /// The address to share reviews through.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Stops the relay (SIGTERM, then SIGKILL if it has not gone within five seconds).
    pub fn stop(self) {}
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Saves what one window shows (its web view, through WebDriver), as `name.png`.
pub async fn window_screenshot(client: &Client, name: &str) -> PathBuf {
    let path = output_dir().join(format!("{name}.png"));
    let png = client
        .screenshot()
        .await
        .unwrap_or_else(|e| panic!("could not screenshot the window for {name}: {e}"));
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("could not write {name}.png: {e}"));
    path
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

/// Clicks `css` until `then` appears, for a click that can land while the view under it is
/// still being swapped (just after the window unlocks, say) and so do nothing.
pub async fn click_until(client: &Client, css: &str, then: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(el) = client.find(Locator::Css(css)).await {
            // A click on an element being replaced can fail; the next round tries again.
            let _ = el.click().await;
        }
        for _ in 0..10 {
            if !client
                .find_all(Locator::Css(then))
                .await
                .unwrap_or_default()
                .is_empty()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if Instant::now() >= deadline {
            let shot = screenshot("failed-click");
            panic!(
                "clicking {css} never showed {then} within 20 s (screenshot {})",
                shot.display()
            );
        }
    }
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
        if Instant::now() >= deadline {
            // What the window showed instead, for whoever reads the failure.
            let shot = screenshot("failed-wait");
            let body = client
                .find(Locator::Css("body"))
                .await
                .ok()
                .map(|b| async move { b.text().await.unwrap_or_default() });
            let body = match body {
                Some(f) => f.await,
                None => String::new(),
            };
            panic!(
                "no {css} showed {text:?} within 20 s (screenshot {}); the window said: {}",
                shot.display(),
                body.chars().take(600).collect::<String>()
            );
        }
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

/// Sets "Changes are recorded as" on the caseload screen.
pub async fn record_changes_as(client: &Client, name: &str, role: &str) {
    wait_for(client, "table.caseload tbody tr").await;
    click(client, "details.author summary").await;
    let field = wait_for(client, "#author-name").await;
    field.clear().await.unwrap();
    field.send_keys(name).await.unwrap();
    click(client, &format!("#author-role option[value='{role}']")).await;
    click(client, "details.author button[type=submit]").await;
    wait_for_text(client, "details.author summary", name).await;
}

/// Waits for the save indicator to say the last change is on disk.
pub async fn saved(client: &Client) {
    wait_for_text(client, "#save-state", "Saved").await;
}

/// Whether some element matching `css` shows `text` (in its text or its value) now.
pub async fn shows(client: &Client, css: &str, text: &str) -> bool {
    for el in client.find_all(Locator::Css(css)).await.unwrap_or_default() {
        let shown = el.text().await.unwrap_or_default();
        let value = el.prop("value").await.ok().flatten().unwrap_or_default();
        if shown.contains(text) || value.contains(text) {
            return true;
        }
    }
    false
}

/// As `wait_for_text`, with a longer wait (a background sync runs every 10 s).
pub async fn wait_until(client: &Client, css: &str, text: &str, within: Duration) {
    let deadline = Instant::now() + within;
    while !shows(client, css, text).await {
        assert!(
            Instant::now() < deadline,
            "no {css} showed {text:?} within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until the window has painted what it shows (two animation frames and a moment for
/// the compositor), so a screenshot of the X screen is not taken of a blank window.
pub async fn painted(client: &Client) {
    let _ = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));",
            vec![],
        )
        .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
}

/// Opens a child's workspace from the caseload by their name.
pub async fn open_child(client: &Client, name: &str) {
    click_xpath(client, &format!("//button[normalize-space()='{name}']")).await;
    wait_for_text(client, "#child-name", name).await;
}

/// Presses "Sync now" on the Sharing tab, gives the sync a moment, then goes to `tab` and
/// waits for `ready` there.
pub async fn sync_now_then(client: &Client, tab: &str, ready: &str) {
    click(client, "#tab-sharing").await;
    click(client, "#sync-now").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    click(client, tab).await;
    wait_for(client, ready).await;
}
