//! The desktop binary carries the whole command line too, so a SENCO's laptop needs one
//! program: a subcommand runs headless and never opens a window. (Building this test is also
//! what makes `cargo test` build `target/debug/northstar` for the end-to-end tests.)

use std::process::Command;

fn northstar(data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_northstar"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("NORTHSTAR_PASSPHRASE", "three fictional words")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the desktop binary runs")
}

#[test]
fn a_subcommand_runs_without_a_display() {
    let dir = tempfile::tempdir().unwrap();
    let out = northstar(dir.path(), &["demo"]);
    assert!(
        out.status.success(),
        "demo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = northstar(dir.path(), &["list"]);
    assert!(out.status.success());
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        listed.lines().count() >= 10,
        "the demo caseload is listed: {listed}"
    );
}

#[test]
fn the_version_is_the_workspace_s() {
    let out = Command::new(env!("CARGO_BIN_EXE_northstar"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("northstar {}", env!("CARGO_PKG_VERSION"))
    );
}
