//! The packages as people get them: each `.deb` that `scripts/package.sh` made is installed
//! with `apt-get install ./…deb` into a clean Debian 12 root that the test makes (mmdebstrap),
//! so apt has to find every dependency the package declares and nothing from this build
//! machine can stand in. Then the installed program runs inside that root:
//! - the desktop app opens on an empty data folder, under Xvfb, and WebDriver sees the demo
//!   caseload;
//! - the headless `northstar-cli` has no GTK or WebKit anywhere in its root, and its
//!   `northstar` and `northstar-relay` do a council server's work.
//!
//! Needs root (chroot, mounts) and the Debian mirror, as CI has.

use northstar_e2e::{free_port_pair, painted, screenshot, wait_for, within_two_minutes, Driver};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn package(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/packages");
    let found = std::fs::read_dir(&dir)
        .ok()
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{name}_")) && n.ends_with(".deb"))
        });
    found.unwrap_or_else(|| {
        panic!(
            "no {name} package in {}: run scripts/package.sh first",
            dir.display()
        )
    })
}

fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A clean Debian 12 root with `deb` installed by apt inside it. `/proc` and a fresh `/dev/shm`
/// are mounted while it lives (nothing of this machine's is bound in), and unmounted before
/// its folder is removed.
struct CleanRoot {
    _dir: tempfile::TempDir,
    path: PathBuf,
    mounted: Vec<PathBuf>,
}

impl CleanRoot {
    fn with(deb: &Path) -> CleanRoot {
        assert!(
            Command::new("id").arg("-u").output().unwrap().stdout == b"0\n",
            "installing packages into a clean root needs root (as CI runs)"
        );
        let dir = tempfile::Builder::new()
            .prefix("northstar-install-")
            .tempdir_in("/var/tmp")
            .unwrap();
        let path = dir.path().join("root");
        let name = deb.file_name().unwrap().to_string_lossy().into_owned();
        let out = Command::new("mmdebstrap")
            .args(["--variant=apt", "--quiet"])
            .arg(format!("--customize-hook=copy-in {} /tmp", deb.display()))
            .arg(format!(
                "--customize-hook=chroot \"$1\" apt-get install -y -q --no-install-recommends ./tmp/{name}"
            ))
            .arg("bookworm")
            .arg(&path)
            .output()
            .expect("mmdebstrap is not installed (scripts/setup.sh installs it)");
        ok(out, &format!("making a clean root and installing {name}"));
        CleanRoot {
            _dir: dir,
            path,
            mounted: Vec::new(),
        }
    }

    fn mount(&mut self, kind: &str, at: &str, options: &str) {
        let target = self.path.join(at);
        let mut command = Command::new("mount");
        command.args(["-t", kind]);
        if !options.is_empty() {
            command.args(["-o", options]);
        }
        ok(command.arg(kind).arg(&target).output().unwrap(), "mount");
        self.mounted.push(target);
    }

    /// Runs `args` inside the root.
    fn run(&self, args: &[&str]) -> Output {
        Command::new("chroot")
            .arg(&self.path)
            .args(args)
            .env("NORTHSTAR_PASSPHRASE", "three fictional words")
            .output()
            .unwrap()
    }

    fn installed(&self, package: &str) -> bool {
        let out = self.run(&["dpkg-query", "-W", "-f=${Status}", package]);
        String::from_utf8_lossy(&out.stdout) == "install ok installed"
    }
}

impl Drop for CleanRoot {
    fn drop(&mut self) {
        for target in self.mounted.iter().rev() {
            let _ = Command::new("umount").arg("-l").arg(target).status();
        }
        // Never remove a folder with something still mounted inside it.
        let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
        if mounts.contains(&*self.path.to_string_lossy()) {
            eprintln!("leaving {} in place: still mounted", self.path.display());
            std::mem::forget(std::mem::replace(
                &mut self._dir,
                tempfile::tempdir().unwrap(),
            ));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_desktop_package_installs_into_a_clean_root_and_opens_on_the_demo_caseload() {
    let deb = package("northstar");
    let info = ok(
        Command::new("dpkg-deb")
            .arg("--field")
            .arg(&deb)
            .output()
            .unwrap(),
        "dpkg-deb --field",
    );
    assert!(info.contains("libwebkit2gtk-4.1-0"), "{info}");
    assert!(info.contains("Section: education"), "{info}");
    let mut root = CleanRoot::with(&deb);
    assert!(root.installed("northstar"));
    // apt brought in the webview it depends on, and every library the binary needs is found.
    assert!(root.installed("libwebkit2gtk-4.1-0"));
    let libraries = ok(root.run(&["ldd", "/usr/bin/northstar"]), "ldd");
    assert!(!libraries.contains("not found"), "{libraries}");
    let version = ok(root.run(&["/usr/bin/northstar", "--version"]), "--version");
    assert_eq!(
        version.trim(),
        format!("northstar {}", env!("CARGO_PKG_VERSION"))
    );
    // The desktop entry, and its icon at every size from 32 to 512 px.
    let entry = std::fs::read_to_string(root.path.join("usr/share/applications/Northstar.desktop"))
        .expect("a desktop entry");
    for line in [
        "Name=Northstar",
        "Exec=northstar",
        "Icon=northstar",
        "Categories=Education;",
    ] {
        assert!(entry.contains(line), "{line} missing from {entry}");
    }
    for size in [32, 64, 128, 256, 512] {
        let icon = root.path.join(format!(
            "usr/share/icons/hicolor/{size}x{size}/apps/northstar.png"
        ));
        let bytes = std::fs::read(&icon).unwrap_or_else(|_| panic!("no {size} px icon"));
        // PNG width and height, big-endian, in the IHDR chunk.
        assert_eq!(
            &bytes[16..24],
            [
                &(size as u32).to_be_bytes()[..],
                &(size as u32).to_be_bytes()[..]
            ]
            .concat()
        );
    }
    assert!(root.path.join("usr/share/doc/northstar/copyright").exists());

    // The installed app, run inside the clean root, on an empty data folder there.
    root.mount("proc", "proc", "");
    root.mount("tmpfs", "dev/shm", "size=256m");
    let launcher = root.path.join("../open-installed-app");
    std::fs::write(
        &launcher,
        format!(
            "#!/bin/sh\n\
             # The X server's socket is reached by its abstract name, so nothing is bound in;\n\
             # its cookie is copied.\n\
             [ -n \"$XAUTHORITY\" ] && cp \"$XAUTHORITY\" {root}/tmp/xauthority && export XAUTHORITY=/tmp/xauthority\n\
             exec chroot {root} /usr/bin/northstar \"$@\"\n",
            root = root.path.display()
        ),
    )
    .unwrap();
    Command::new("chmod")
        .arg("755")
        .arg(&launcher)
        .status()
        .unwrap();
    let driver = Driver::start_for(free_port_pair(), &launcher);
    within_two_minutes(async {
        let client = driver.launch_as_it_is(Path::new("/tmp/first-run")).await;
        wait_for(&client, "table.caseload tbody tr").await;
        let rows = client
            .find_all(fantoccini::Locator::Css("th.child-name"))
            .await
            .unwrap();
        assert!(
            rows.len() >= 40,
            "the demo caseload, saw {} children",
            rows.len()
        );
        painted(&client).await;
        screenshot("installed-app-caseload");
        client.close().await.unwrap();
    })
    .await;
    drop(driver);
    // It made its data where it was told, inside the clean root.
    assert!(root.path.join("tmp/first-run/northstar.db").exists());
}

#[test]
fn the_headless_package_needs_no_desktop_and_does_a_council_server_s_work() {
    let deb = package("northstar-cli");
    let info = ok(
        Command::new("dpkg-deb")
            .arg("--field")
            .arg(&deb)
            .output()
            .unwrap(),
        "dpkg-deb --field",
    );
    let depends = info
        .lines()
        .find(|l| l.starts_with("Depends:"))
        .unwrap_or_default()
        .to_string();
    assert!(depends.contains("libc6"), "{info}");
    for gui in ["webkit", "gtk", "gdk", "soup", "gstreamer"] {
        assert!(!depends.contains(gui), "{gui} in {depends}");
    }
    let root = CleanRoot::with(&deb);
    assert!(root.installed("northstar-cli"));
    // Nothing graphical came in with it.
    let all = ok(
        root.run(&["dpkg-query", "-W", "-f=${Package}\n"]),
        "dpkg-query",
    );
    for gui in ["webkit", "libgtk", "libx11"] {
        assert!(!all.contains(gui), "{gui} is installed: {all}");
    }
    let data = "/var/lib/northstar";
    ok(root.run(&["northstar", "--data-dir", data, "demo"]), "demo");
    let listed = ok(root.run(&["northstar", "--data-dir", data, "list"]), "list");
    assert!(listed.lines().count() >= 40, "{listed}");
    ok(
        root.run(&[
            "northstar",
            "--data-dir",
            data,
            "sen2",
            "--year",
            "2026",
            "--out",
            "/tmp/sen2.xml",
        ]),
        "sen2",
    );
    let sen2 = std::fs::read_to_string(root.path.join("tmp/sen2.xml")).unwrap();
    assert!(sen2.contains("<"), "a SEN2 return");
    ok(
        root.run(&[
            "northstar",
            "--data-dir",
            data,
            "backup",
            "--out",
            "/tmp/b.backup",
        ]),
        "backup",
    );
    // The relay and its systemd unit.
    let help = ok(
        root.run(&["northstar-relay", "--help"]),
        "northstar-relay --help",
    );
    assert!(help.contains("--listen"), "{help}");
    let unit =
        std::fs::read_to_string(root.path.join("lib/systemd/system/northstar-relay.service"))
            .expect("the relay's systemd unit");
    assert!(
        unit.contains("ExecStart=/usr/bin/northstar-relay"),
        "{unit}"
    );
    // The relay starts from the configuration the package installed (as the unit runs it,
    // on a free port here) and says it is healthy.
    std::fs::create_dir_all(root.path.join("var/lib/northstar-relay")).unwrap();
    let port = free_port_pair();
    let mut relay = Command::new("chroot")
        .arg(&root.path)
        .args([
            "northstar-relay",
            "--config",
            "/etc/northstar-relay/northstar-relay.toml",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let answer = healthz(port);
    let _ = relay.kill();
    let _ = relay.wait();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(root.path.join("var/lib/northstar-relay/relay.db").exists());
    // And a window is refused in plain words, not a crash.
    let out = root.run(&["northstar", "--data-dir", data]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no window"));
}

/// `GET /healthz` on a relay on `port`, once it listens (up to 20 s): the raw answer.
fn healthz(port: u16) -> String {
    use std::io::{Read, Write};
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            stream
                .write_all(b"GET /healthz HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut answer = String::new();
            let _ = stream.read_to_string(&mut answer);
            return answer;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the installed relay did not listen within 20 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
