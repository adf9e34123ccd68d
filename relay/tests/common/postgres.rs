//! Throwaway PostgreSQL clusters for the tests: `initdb` in a temporary folder, a server on a
//! free loopback port, a fresh database per test, and everything stopped and removed when the
//! test process ends.
//!
//! The tests need PostgreSQL's own programs (Debian: `apt-get install postgresql`, which
//! `scripts/setup.sh` does). They are looked for in `NORTHSTAR_PG_BIN`, then
//! `/usr/lib/postgresql/<newest>/bin`, then `PATH`; if they are missing the tests fail and say
//! so, rather than passing without having run. PostgreSQL refuses to run as root, so as root
//! the server runs as the `postgres` user (through `runuser`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

/// The user the tests connect as (trusted on loopback; made by `initdb -U`).
pub const USER: &str = "northstar";

/// One PostgreSQL server in a temporary folder.
pub struct Cluster {
    bin: PathBuf,
    /// Holds `data/` and the server's log and socket.
    dir: PathBuf,
    pub port: u16,
    /// Whether the server's programs must run as the `postgres` user (we are root).
    as_postgres: bool,
    /// Stops the server and removes the folder if this process dies without doing it.
    watchdog: Option<Child>,
}

static SHARED: OnceLock<Cluster> = OnceLock::new();

extern "C" {
    fn atexit(callback: extern "C" fn()) -> std::os::raw::c_int;
}

extern "C" fn stop_shared() {
    if let Some(cluster) = SHARED.get() {
        cluster.remove();
    }
}

impl Cluster {
    /// The cluster every test in this test binary shares (each in its own database), started
    /// on first use and stopped when the process exits.
    pub fn shared() -> &'static Cluster {
        SHARED.get_or_init(|| {
            let cluster = Cluster::start();
            // Statics are never dropped; the C library's exit handlers still run when the
            // test harness exits, pass or fail.
            // SAFETY: registering a plain function with no arguments, as atexit expects.
            unsafe { atexit(stop_shared) };
            cluster
        })
    }

    /// A cluster of its own, for a test that stops and starts the server. Stopped and removed
    /// when dropped.
    pub fn start() -> Cluster {
        let bin = find_bin();
        let as_postgres = is_root();
        let dir = std::env::temp_dir().join(format!(
            "northstar-pg-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).expect("a temporary folder for PostgreSQL");
        let mut cluster = Cluster {
            bin,
            dir,
            port: 0,
            as_postgres,
            watchdog: None,
        };
        if as_postgres {
            let status = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(&cluster.dir)
                .status()
                .expect("chown runs");
            assert!(
                status.success(),
                "cannot give {} to the postgres user: PostgreSQL refuses to run as root, and \
                 the tests run it as `postgres` instead (is there a postgres user?)",
                cluster.dir.display()
            );
        }
        cluster.watchdog = Some(cluster.watch());
        let initdb = cluster.run(
            "initdb",
            &[
                "-D",
                &cluster.data().display().to_string(),
                "-A",
                "trust",
                "-U",
                USER,
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
        );
        assert!(
            initdb.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&initdb.stderr)
        );
        // A port free a moment ago may be taken by the time the server binds it.
        for attempt in 0.. {
            cluster.port = free_port();
            if cluster.try_start() {
                break;
            }
            assert!(
                attempt < 3,
                "PostgreSQL did not start; its log says:\n{}",
                cluster.log()
            );
        }
        cluster
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
    }

    /// Runs one of PostgreSQL's programs, as `postgres` when we are root.
    fn run(&self, program: &str, args: &[&str]) -> Output {
        let path = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        command
            .args(args)
            // The `postgres` user may not be able to enter the test's own folder.
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", path.display()))
    }

    fn try_start(&self) -> bool {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=300",
            self.port,
            self.dir.display()
        );
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data().display().to_string(),
                "-l",
                &self.dir.join("log").display().to_string(),
                "-o",
                &options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        )
        .status
        .success()
    }

    /// Stops the server as an operator would (`pg_ctl stop`, fast: open connections are cut,
    /// committed work is kept).
    pub fn stop(&self) {
        let output = self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data().display().to_string(),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
        );
        assert!(
            output.status.success(),
            "pg_ctl stop failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Starts the server again on the same port.
    pub fn restart(&self) {
        assert!(
            self.try_start(),
            "PostgreSQL did not start again; its log says:\n{}",
            self.log()
        );
    }

    /// A connection URL for `database`.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/{database}", self.port)
    }

    /// A new, empty database of its own, by its URL.
    pub fn fresh_database(&self) -> String {
        let name = format!(
            "t{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        self.psql("postgres", &format!("CREATE DATABASE {name}"));
        self.url(&name)
    }

    fn psql_command(&self, database: &str, sql: &str) -> Command {
        let mut command = Command::new(self.bin.join("psql"));
        command
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", USER])
            .args([
                "-d",
                database,
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
            ])
            .args(["-c", sql])
            .stdin(Stdio::null());
        command
    }

    /// Starts `sql` in `database` with psql in the background: another session, for a test
    /// that needs one holding a lock while something else happens.
    pub fn psql_in_background(&self, database: &str, sql: &str) -> Child {
        self.psql_command(database, sql)
            .stdout(Stdio::null())
            .spawn()
            .expect("psql runs")
    }

    /// Runs `sql` in `database` with psql, answering its output (unaligned, no headers).
    pub fn psql(&self, database: &str, sql: &str) -> String {
        let output = self
            .psql_command(database, sql)
            .output()
            .expect("psql runs");
        assert!(
            output.status.success(),
            "psql {sql:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// A shell that waits for this process to end, then stops the server and removes its
    /// folder: the cleanup for a test process that is killed rather than exiting.
    fn watch(&self) -> Child {
        let pg_ctl = self.bin.join("pg_ctl");
        let stop = if self.as_postgres {
            format!(
                "runuser -u postgres -- {} -D \"$2/data\" -m immediate stop",
                pg_ctl.display()
            )
        } else {
            format!("{} -D \"$2/data\" -m immediate stop", pg_ctl.display())
        };
        let script = format!(
            "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; \
             {stop} >/dev/null 2>&1; rm -rf \"$2\""
        );
        // In a session of its own, so a Ctrl-C meant for the tests leaves it to clean up.
        let mut command = if Path::new("/usr/bin/setsid").exists() {
            let mut c = Command::new("/usr/bin/setsid");
            c.arg("sh");
            c
        } else {
            Command::new("sh")
        };
        command
            .args(["-c", &script, "sh"])
            .arg(std::process::id().to_string())
            .arg(&self.dir)
            .current_dir("/")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the cleanup watchdog starts")
    }

    /// Stops the server at once and removes its folder.
    fn remove(&self) {
        let _ = self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data().display().to_string(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.remove();
        if let Some(mut watchdog) = self.watchdog.take() {
            let _ = watchdog.kill();
            let _ = watchdog.wait();
        }
    }
}

static NEXT: AtomicU32 = AtomicU32::new(0);

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    // The owner of /proc/self is this process's effective user.
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("its address").port()
}

/// The folder holding `initdb`, `pg_ctl` and `psql`.
fn find_bin() -> PathBuf {
    let has_all = |dir: &Path| {
        ["initdb", "pg_ctl", "psql"]
            .iter()
            .all(|p| dir.join(p).is_file())
    };
    if let Some(dir) = std::env::var_os("NORTHSTAR_PG_BIN") {
        let dir = PathBuf::from(dir);
        assert!(
            has_all(&dir),
            "NORTHSTAR_PG_BIN is {}, which does not hold initdb, pg_ctl and psql",
            dir.display()
        );
        return dir;
    }
    // Debian keeps each major version's programs apart; the newest will do.
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            Some((version, e.path().join("bin")))
        })
        .filter(|(_, bin)| has_all(bin))
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return bin;
    }
    if let Some(path) = std::env::var_os("PATH") {
        if let Some(dir) = std::env::split_paths(&path).find(|d| has_all(d)) {
            return dir;
        }
    }
    panic!(
        "PostgreSQL is not installed, and the relay's PostgreSQL tests need it: install it \
         (Debian: apt-get install postgresql, which scripts/setup.sh does) or set \
         NORTHSTAR_PG_BIN to the folder holding initdb, pg_ctl and psql"
    );
}

/// Waits up to `limit` for `check` to hold, trying every 100 ms.
pub fn eventually(limit: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + limit;
    loop {
        if check() {
            return true;
        }
        if std::time::Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
