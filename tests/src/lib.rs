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
