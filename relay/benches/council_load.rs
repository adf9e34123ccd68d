//! The relay under a large council's traffic: real `northstar-relay` processes over SQLite,
//! over PostgreSQL, and two of them over one PostgreSQL database, driven by simulated members.
//!
//! A bench that prints figures (JSON lines on stdout, a summary on stderr), not a timed test.
//! See BENCHMARKS.md ("The relay at council scale") for the figures and what they imply.
//!
//! # Traffic model
//!
//! - **Council**: `--reviews 3500` reviews, `--members 8` members each (28,000 devices), every
//!   review a per-member log as the app makes it: the owner's device creates it with its first
//!   snapshot (10–20 KB: a review is about 13 KB as a compacted Automerge document), and every
//!   request carries the member's own credential, so the relay checks an ed25519 signature and
//!   the revocation list on each one, as it does for real devices.
//! - **Sync**: every member syncs every `--period 10` seconds, each at its own phase, so the
//!   offered load is members ÷ period = 2,800 syncs/s. A sync is what the app's `sync_review`
//!   does with nothing to backfill: a pull after the member's cursor (`GET …?after=N`, no
//!   wait); if it found entries, another pull after the last one, until one comes back empty;
//!   then, in `--append-share 0.05` of syncs, one append (`POST`) of one envelope. Most syncs
//!   are therefore one pull that finds nothing; with 5 % appending, each append is found by
//!   the review's other seven members, so about a third of syncs find one or two entries.
//!   5 % of 28,000 members syncing every 10 s is 140 appends/s: a busy hour in which one
//!   member in twenty is typing, not an average day.
//! - **Envelope sizes** (sealed bytes; random, so incompressible like ciphertext), from
//!   BENCHMARKS.md: one note with its grant and signature seals to 670 B, a compacted review
//!   to about 13 KB, and 300 changes to about 100 KB. 85 % are 0.7–4 KB (a few edits in ten
//!   seconds), 12 % 4–16 KB (a pasted paragraph, several notes), 2.5 % 16–32 KB (a snapshot),
//!   0.5 % 64–128 KB (a device back from a day offline). Mean about 4 KB. Attachments (voice
//!   notes, drawings) are left out.
//!
//! # Phases, per configuration
//!
//! 1. **Target**: open loop at the offered rate (`--rate 1` × 2,800 syncs/s) for `--seconds 30`
//!    after `--warmup 10` (one period, so every member has synced since appends began). Each member's syncs go over one of `--connections 64` HTTP/1.1
//!    keep-alive connections (member m on connection m mod 64), so a slow answer delays that
//!    connection's later syncs: *lag* is how late syncs started against their schedule, and
//!    a growing lag means the offered rate was not served.
//! 2. **Saturation**: closed loop, the same mix, every connection syncing back to back (64 in
//!    flight), for `--saturation-seconds 20`: the throughput at capacity.
//! 3. **Cost per request**: closed loop, pulls that find nothing only, then appends only, 8 s
//!    each: CPU per empty pull and per append, for the paper estimate.
//! 4. **Memory per connection**: relay RSS (`VmRSS`) with `--idle 1000` connections open and
//!    idle after one request each, against none, divided by the number; then as many
//!    long-polls waiting (`wait=30`) beside them, against the idle ones alone.
//!
//! CPU is user + system time from `/proc/PID/stat` over the measured window: the relay
//! process(es); PostgreSQL's postmaster and every child of it (backends, WAL writer,
//! checkpointer; the postmaster's `cutime` counts children that exited); this process (the
//! load generator); and the rest of the machine (`/proc/stat` busy time minus those), so a run
//! says when something else was using the cores.
//!
//! # Configurations
//!
//! - `sqlite`: one relay over a SQLite file (WAL, `synchronous = FULL`).
//! - `pg1`: one relay over PostgreSQL 15 (a throwaway cluster as the relay's tests start it:
//!   `initdb` in a temporary folder, a free loopback port; default settings, so
//!   `synchronous_commit = on` and `fsync = on`: every append is in the WAL on disk before it
//!   is answered).
//! - `pg2`: two relays over that one database; connection w goes to relay w mod 2, so the
//!   members of every review are split between the two and each append's NOTIFY matters.
//!
//! Pinning (with taskset; `--unpinned` turns it off): the server side, meaning the relay(s) and
//! PostgreSQL, shares core 0, and this process (every simulated member) has core 1, as in the
//! automerge-repo comparison. So `pg2` runs two relays and PostgreSQL on one core: it shows
//! what a second instance costs, not what a second machine would add.
//!
//! Relays run with the per-log append limit and the per-address allowance off (every member
//! here comes from 127.0.0.1, which a real council's members do not), logging every request
//! as text to a file, as a real one logs to journald. Data lives in `--storage DIR` (the system
//! temporary folder by default, ext4 on disk here, so fsyncs are real).
//!
//! Run: `cargo bench -p northstar-relay --bench council_load`
//! Options after `--`: `--configs sqlite,pg1,pg2`, `--reviews 3500`, `--members 8`,
//! `--period 10`, `--rate 1`, `--append-share 0.05`, `--connections 64`, `--seconds 30`,
//! `--warmup 10`, `--saturation-seconds 20`, `--cost-seconds 8`, `--idle 1000`,
//! `--storage DIR`, `--unpinned`. A quick run: `-- --reviews 500 --seconds 5
//! --saturation-seconds 5 --cost-seconds 3`.

#[path = "../tests/common/postgres.rs"]
mod postgres;

use ed25519_dalek::{Signer, SigningKey};
use northstar_schema::sync::api::AppendReceipt;
use northstar_schema::sync::{
    decode_entries, series_of, LogOwner, MemberCredential, LOG_OWNER_HEADER,
};
use serde_json::{json, Value as Json};
use std::cell::{Cell, RefCell};
use std::io::{BufRead, BufReader as StdBufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

struct Options {
    configs: Vec<String>,
    reviews: usize,
    members: usize,
    period: f64,
    rate: f64,
    append_share: f64,
    connections: usize,
    seconds: f64,
    warmup: f64,
    saturation_seconds: f64,
    cost_seconds: f64,
    idle: usize,
    storage: PathBuf,
    pinned: bool,
}

fn options() -> Options {
    let mut o = Options {
        configs: vec!["sqlite".into(), "pg1".into(), "pg2".into()],
        reviews: 3500,
        members: 8,
        period: 10.0,
        rate: 1.0,
        append_share: 0.05,
        connections: 64,
        seconds: 30.0,
        warmup: 10.0,
        saturation_seconds: 20.0,
        cost_seconds: 8.0,
        idle: 1000,
        storage: std::env::temp_dir(),
        pinned: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        let number = |v: String| -> f64 {
            v.parse()
                .unwrap_or_else(|_| panic!("{arg} needs a number, not {v}"))
        };
        match arg.as_str() {
            // What `cargo bench` passes to every bench binary.
            "--bench" => {}
            "--configs" => o.configs = value().split(',').map(str::to_owned).collect(),
            "--reviews" => o.reviews = number(value()) as usize,
            "--members" => o.members = number(value()) as usize,
            "--period" => o.period = number(value()),
            "--rate" => o.rate = number(value()),
            "--append-share" => o.append_share = number(value()),
            "--connections" => o.connections = number(value()) as usize,
            "--seconds" => o.seconds = number(value()),
            "--warmup" => o.warmup = number(value()),
            "--saturation-seconds" => o.saturation_seconds = number(value()),
            "--cost-seconds" => o.cost_seconds = number(value()),
            "--idle" => o.idle = number(value()) as usize,
            "--storage" => o.storage = value().into(),
            "--unpinned" => o.pinned = false,
            other => panic!("unknown argument {other}"),
        }
    }
    for c in &o.configs {
        assert!(
            ["sqlite", "pg1", "pg2"].contains(&c.as_str()),
            "--configs takes sqlite, pg1 and pg2, not {c}"
        );
    }
    assert!(o.reviews > 0 && o.members > 0 && o.connections >= 2 && o.period > 0.0);
    assert!((0.0..=1.0).contains(&o.append_share));
    o
}

// ---------------------------------------------------------------------------------------
// Reading /proc

fn clock_ticks() -> f64 {
    thread_local! {
        static TICKS: f64 = Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(100.0);
    }
    TICKS.with(|t| *t)
}

/// Fields 3 onwards of /proc/PID/stat (so `[0]` is the state), or `None` if it has gone.
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    Some(after_name.split(' ').map(str::to_owned).collect())
}

/// CPU seconds (user + system, every thread) of a process; with `children`, also of its
/// children that have exited and been waited for.
fn cpu_seconds(pid: u32, children: bool) -> f64 {
    let Some(f) = stat_fields(pid) else {
        return 0.0;
    };
    // utime, stime, cutime, cstime are fields 14–17 of stat(5); f[0] is field 3.
    let n = |i: usize| f[i].parse::<f64>().unwrap_or(0.0);
    let mut ticks = n(11) + n(12);
    if children {
        ticks += n(13) + n(14);
    }
    ticks / clock_ticks()
}

/// CPU seconds of PostgreSQL: the postmaster, its exited children, and its live children.
fn postgres_cpu(postmaster: u32) -> f64 {
    let mut total = cpu_seconds(postmaster, true);
    for pid in children_of(postmaster) {
        total += cpu_seconds(pid, false);
    }
    total
}

fn children_of(parent: u32) -> Vec<u32> {
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if let Some(f) = stat_fields(pid) {
            if f[1].parse::<u32>().ok() == Some(parent) {
                pids.push(pid);
            }
        }
    }
    pids
}

/// The postmaster of the cluster listening on `port`: the `postgres` process started with
/// `-p PORT`.
fn find_postmaster(port: u16) -> u32 {
    let port = port.to_string();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
            continue;
        };
        let args: Vec<&[u8]> = cmdline.split(|&b| b == 0).collect();
        let is_postgres = args
            .first()
            .is_some_and(|a| a.ends_with(b"/postgres") || *a == b"postgres");
        let on_port = args
            .windows(2)
            .any(|w| w[0] == b"-p" && w[1] == port.as_bytes());
        if is_postgres && on_port {
            return pid;
        }
    }
    panic!("no postmaster found listening on port {port}");
}

/// Seconds of CPU the whole machine has spent busy, from /proc/stat.
fn machine_busy_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").expect("/proc/stat is readable");
    let cpu = stat.lines().next().expect("a cpu line");
    let ticks: Vec<f64> = cpu
        .split_whitespace()
        .skip(1)
        .map(|t| t.parse().unwrap_or(0.0))
        .collect();
    // user nice system idle iowait irq softirq steal: all but idle and iowait.
    let busy: f64 = [0, 1, 2, 5, 6, 7]
        .iter()
        .filter_map(|&k| ticks.get(k))
        .sum();
    busy / clock_ticks()
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// CPU used by each party since the last reading.
#[derive(Clone, Copy)]
struct CpuReading {
    relay: f64,
    postgres: f64,
    generator: f64,
    machine: f64,
}

struct Meter {
    relays: Vec<u32>,
    postmaster: Option<u32>,
}

impl Meter {
    fn read(&self) -> CpuReading {
        CpuReading {
            relay: self.relays.iter().map(|&p| cpu_seconds(p, false)).sum(),
            postgres: self.postmaster.map_or(0.0, postgres_cpu),
            generator: cpu_seconds(std::process::id(), false),
            machine: machine_busy_seconds(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Processes

fn pin_self(cores: &str) {
    let ok = Command::new("taskset")
        .args(["-a", "-p", "-c", cores, &std::process::id().to_string()])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "taskset could not pin this process to core(s) {cores}");
}

/// One `northstar-relay` process; killed when dropped.
struct RelayProcess {
    child: Child,
    addr: SocketAddr,
}

impl RelayProcess {
    fn start(storage: &[&str], log: &Path, pinned: bool) -> RelayProcess {
        let binary = env!("CARGO_BIN_EXE_northstar-relay");
        let mut cmd = if pinned {
            let mut c = Command::new("taskset");
            c.args(["-c", "0"]).arg(binary);
            c
        } else {
            Command::new(binary)
        };
        let log = std::fs::File::create(log).expect("a log file for the relay");
        let mut child = cmd
            .args(["--listen", "127.0.0.1:0"])
            .args(["--appends-per-minute", "0"])
            .args(["--requests-per-minute-per-client", "0"])
            .args(storage)
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("the relay starts");
        let mut line = String::new();
        StdBufReader::new(child.stdout.take().expect("its stdout"))
            .read_line(&mut line)
            .expect("the relay says where it listens");
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("the relay said {line:?}"))
            .parse()
            .expect("an address");
        RelayProcess { child, addr }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------
// HTTP/1.1 over one keep-alive connection, by hand: cheap enough that the generator's core
// is not what limits.

struct Conn {
    addr: SocketAddr,
    stream: BufReader<TcpStream>,
    line: String,
    out: Vec<u8>,
}

struct Answer {
    status: u16,
    body: Vec<u8>,
}

impl Conn {
    async fn connect(addr: SocketAddr) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            addr,
            stream: BufReader::with_capacity(64 * 1024, stream),
            line: String::new(),
            out: Vec::with_capacity(4096),
        })
    }

    async fn send(
        &mut self,
        method: &str,
        path: &str,
        token: &str,
        extra: Option<(&str, &str)>,
        body: &[u8],
    ) -> std::io::Result<()> {
        use std::io::Write;
        self.out.clear();
        write!(
            self.out,
            "{method} {path} HTTP/1.1\r\nhost: relay\r\nauthorization: Bearer {token}\r\n"
        )?;
        if let Some((name, value)) = extra {
            write!(self.out, "{name}: {value}\r\n")?;
        }
        if method == "POST" {
            write!(self.out, "content-length: {}\r\n", body.len())?;
        }
        self.out.extend_from_slice(b"\r\n");
        self.out.extend_from_slice(body);
        self.stream.get_mut().write_all(&self.out).await
    }

    async fn receive(&mut self) -> std::io::Result<Answer> {
        let broken = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
        self.line.clear();
        if self.stream.read_line(&mut self.line).await? == 0 {
            return Err(broken("the relay closed the connection"));
        }
        let status = self
            .line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| broken("no status line"))?;
        let mut length = 0usize;
        loop {
            self.line.clear();
            if self.stream.read_line(&mut self.line).await? == 0 {
                return Err(broken("the relay closed the connection"));
            }
            if self.line == "\r\n" {
                break;
            }
            let (name, value) = self.line.split_once(':').unwrap_or((&self.line, ""));
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().map_err(|_| broken("content-length"))?;
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                return Err(broken("a chunked answer"));
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await?;
        Ok(Answer { status, body })
    }

    async fn request(
        &mut self,
        method: &str,
        path: &str,
        token: &str,
        extra: Option<(&str, &str)>,
        body: &[u8],
    ) -> std::io::Result<Answer> {
        self.send(method, path, token, extra, body).await?;
        self.receive().await
    }
}

// ---------------------------------------------------------------------------------------
// The council

/// xorshift64*: fast and good enough for choosing sizes and members.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn between(&mut self, low: usize, high: usize) -> usize {
        low + (self.unit() * (high - low) as f64) as usize
    }
}

/// One envelope's size, from the distribution in the module docs.
fn envelope_size(rng: &mut Rng) -> usize {
    let u = rng.unit();
    if u < 0.85 {
        // Log-uniform between 700 B and 4 KB: more small ones than large.
        (700.0 * (4096.0f64 / 700.0).powf(rng.unit())) as usize
    } else if u < 0.97 {
        rng.between(4096, 16 * 1024)
    } else if u < 0.995 {
        rng.between(16 * 1024, 32 * 1024)
    } else {
        rng.between(64 * 1024, 128 * 1024)
    }
}

struct Review {
    path: String,
    owner: LogOwner,
}

struct Member {
    review: usize,
    token: Rc<str>,
    /// The highest seq this device has read (or written with nothing before it unread).
    cursor: Cell<u64>,
}

fn make_council(reviews: usize, members: usize) -> (Vec<Review>, Vec<Member>) {
    let mut all_reviews = Vec::with_capacity(reviews);
    let mut all_members = Vec::with_capacity(reviews * members);
    for r in 0..reviews {
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&(r as u64 + 1).to_le_bytes());
        seed[31] = 0x5e;
        let owner_signing = SigningKey::from_bytes(&seed);
        let owner_key = owner_signing.verifying_key().to_bytes();
        let series = series_of(&owner_key, &format!("review-{r}"));
        let mut log_seed = seed;
        log_seed[30] = 0x10;
        let owner = LogOwner {
            owner_key,
            series,
            seed: log_seed,
        };
        for k in 0..members {
            // The owner's own credential names its device key; the others an invitation's.
            let subject = if k == 0 {
                owner_key
            } else {
                let mut s = seed;
                s[29] = k as u8;
                s
            };
            let signature = owner_signing
                .sign(&MemberCredential::statement(&series, &subject))
                .to_bytes();
            let token = MemberCredential { subject, signature }.to_token();
            all_members.push(Member {
                review: r,
                token: token.into(),
                cursor: Cell::new(0),
            });
        }
        all_reviews.push(Review {
            path: format!("/v1/logs/{}", owner.log_id()),
            owner,
        });
    }
    (all_reviews, all_members)
}

#[derive(Clone, Copy, PartialEq)]
enum Traffic {
    /// The council's syncs (see the module docs).
    Mixed { append_share: f64 },
    /// Pulls that find nothing (each after the log's head).
    EmptyPulls,
    /// One append per sync, nothing else.
    Appends,
}

/// What the requests completed in the measured window did.
#[derive(Default)]
struct Tally {
    syncs: u64,
    appends: u64,
    pulls: u64,
    pulls_with_news: u64,
    bytes_appended: u64,
    bytes_pulled: u64,
    errors: u64,
    append_us: Vec<u32>,
    pull_us: Vec<u32>,
    lag_us: Vec<u32>,
}

struct World {
    reviews: Vec<Review>,
    members: Vec<Member>,
    /// The order members are visited in (shuffled, so one review's members are not
    /// consecutive), and where the closed loop is in it.
    order: Vec<u32>,
    next: Cell<usize>,
    /// 128 KiB of random bytes that envelopes are cut from.
    noise: Vec<u8>,
    recording: Cell<bool>,
    stop: Cell<bool>,
    tally: RefCell<Tally>,
    /// Envelope bytes appended since the start, measured or not (for the store's size).
    appended_total: Cell<u64>,
}

impl World {
    fn record(&self, append: bool, started: Instant, news: bool, bytes: usize) {
        if !self.recording.get() {
            return;
        }
        let us = started.elapsed().as_micros().min(u32::MAX as u128) as u32;
        let mut t = self.tally.borrow_mut();
        if append {
            t.appends += 1;
            t.bytes_appended += bytes as u64;
            t.append_us.push(us);
        } else {
            t.pulls += 1;
            t.pulls_with_news += u64::from(news);
            t.bytes_pulled += bytes as u64;
            t.pull_us.push(us);
        }
    }

    fn error(&self) {
        if self.recording.get() {
            self.tally.borrow_mut().errors += 1;
        }
    }

    /// One member's sync over `conn`. Errors are counted, and a broken connection made again.
    async fn sync(&self, conn: &mut Conn, m: usize, traffic: Traffic, rng: &mut Rng) {
        let member = &self.members[m];
        let review = &self.reviews[member.review];
        let result = match traffic {
            Traffic::Mixed { append_share } => {
                self.pulls(conn, member, review)
                    .await
                    .and(if rng.unit() < append_share {
                        self.append(conn, member, review, rng).await
                    } else {
                        Ok(())
                    })
            }
            Traffic::EmptyPulls => self.pull_once(conn, member, review, true).await.map(|_| ()),
            Traffic::Appends => self.append(conn, member, review, rng).await,
        };
        if self.recording.get() {
            self.tally.borrow_mut().syncs += 1;
        }
        if let Err(e) = result {
            self.error();
            if e.kind() != std::io::ErrorKind::Other {
                // The connection may be out of step or closed: start a new one.
                if let Ok(fresh) = Conn::connect(conn.addr).await {
                    *conn = fresh;
                }
            }
        }
    }

    /// Pulls until a pull finds nothing, as the app's sync does.
    async fn pulls(
        &self,
        conn: &mut Conn,
        member: &Member,
        review: &Review,
    ) -> std::io::Result<()> {
        for _ in 0..16 {
            if !self.pull_once(conn, member, review, false).await? {
                break;
            }
        }
        Ok(())
    }

    /// One pull after the member's cursor (or far past the head, for a pull that must find
    /// nothing); answers whether it found entries.
    async fn pull_once(
        &self,
        conn: &mut Conn,
        member: &Member,
        review: &Review,
        empty: bool,
    ) -> std::io::Result<bool> {
        let after = if empty { 1 << 40 } else { member.cursor.get() };
        let path = format!("{}?after={after}", review.path);
        let started = Instant::now();
        let answer = conn.request("GET", &path, &member.token, None, &[]).await?;
        if answer.status != 200 {
            return Err(std::io::Error::other(format!("pull: {}", answer.status)));
        }
        let entries = decode_entries(&answer.body, usize::MAX)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))?;
        self.record(false, started, !entries.is_empty(), answer.body.len());
        if let Some(last) = entries.last() {
            member.cursor.set(member.cursor.get().max(last.seq));
        }
        Ok(!entries.is_empty())
    }

    async fn append(
        &self,
        conn: &mut Conn,
        member: &Member,
        review: &Review,
        rng: &mut Rng,
    ) -> std::io::Result<()> {
        let size = envelope_size(rng);
        let at = rng.between(0, self.noise.len() - size);
        let body = &self.noise[at..at + size];
        let started = Instant::now();
        let answer = conn
            .request("POST", &review.path, &member.token, None, body)
            .await?;
        if answer.status != 200 {
            return Err(std::io::Error::other(format!(
                "append: {} {}",
                answer.status,
                String::from_utf8_lossy(&answer.body)
            )));
        }
        self.record(true, started, false, size);
        self.appended_total
            .set(self.appended_total.get() + size as u64);
        let receipt: AppendReceipt = serde_json::from_slice(&answer.body)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        // Nothing unread before it: the device need not read its own envelope back.
        if receipt.seq == member.cursor.get() + 1 {
            member.cursor.set(receipt.seq);
        }
        Ok(())
    }
}

/// How a phase offers its syncs.
#[derive(Clone, Copy)]
enum Loop {
    /// Each member at its own phase, `syncs_per_second` in all.
    Open { syncs_per_second: f64 },
    /// Every connection syncing back to back.
    Closed,
}

struct PhaseResult {
    seconds: f64,
    tally: Tally,
    cpu: CpuReading,
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

async fn run_phase(
    world: &Rc<World>,
    conns: &mut Vec<Conn>,
    traffic: Traffic,
    mode: Loop,
    warmup: f64,
    seconds: f64,
    meter: &Meter,
) -> PhaseResult {
    *world.tally.borrow_mut() = Tally::default();
    world.recording.set(false);
    world.stop.set(false);
    let n = conns.len();
    let mut workers = Vec::new();
    let mut senders = Vec::new();
    for (w, mut conn) in conns.drain(..).enumerate() {
        let world = Rc::clone(world);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, Instant)>();
        senders.push(tx);
        workers.push(tokio::task::spawn_local(async move {
            let mut rng =
                Rng(0x9e37_79b9_7f4a_7c15 ^ (w as u64 + 1).wrapping_mul(0x1234_5678_9abc));
            match mode {
                Loop::Open { .. } => {
                    while let Some((m, due)) = rx.recv().await {
                        if world.stop.get() {
                            // Past the end: what is still queued is dropped, not drained.
                            continue;
                        }
                        if world.recording.get() {
                            let lag = due.elapsed().as_micros().min(u32::MAX as u128) as u32;
                            world.tally.borrow_mut().lag_us.push(lag);
                        }
                        world.sync(&mut conn, m, traffic, &mut rng).await;
                    }
                }
                Loop::Closed => {
                    while !world.stop.get() {
                        let i = world.next.get();
                        world.next.set((i + 1) % world.order.len());
                        let m = world.order[i] as usize;
                        world.sync(&mut conn, m, traffic, &mut rng).await;
                    }
                }
            }
            conn
        }));
    }
    let dispatcher = match mode {
        Loop::Closed => {
            drop(senders);
            None
        }
        Loop::Open { syncs_per_second } => {
            let world = Rc::clone(world);
            Some(tokio::task::spawn_local(async move {
                let start = tokio::time::Instant::now();
                let count = world.order.len();
                let mut k: u64 = 0;
                while !world.stop.get() {
                    let due = start + Duration::from_secs_f64(k as f64 / syncs_per_second);
                    if due > tokio::time::Instant::now() {
                        tokio::time::sleep_until(due).await;
                    }
                    let m = world.order[(k % count as u64) as usize] as usize;
                    let _ = senders[m % n].send((m, due.into_std()));
                    k += 1;
                }
            }))
        }
    };
    tokio::time::sleep(Duration::from_secs_f64(warmup)).await;
    let before = meter.read();
    world.recording.set(true);
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    world.recording.set(false);
    let elapsed = started.elapsed().as_secs_f64();
    let after = meter.read();
    world.stop.set(true);
    if let Some(d) = dispatcher {
        d.await.expect("the dispatcher");
    }
    for w in workers {
        conns.push(w.await.expect("a worker"));
    }
    let mut tally = std::mem::take(&mut *world.tally.borrow_mut());
    tally.append_us.sort_unstable();
    tally.pull_us.sort_unstable();
    tally.lag_us.sort_unstable();
    PhaseResult {
        seconds: elapsed,
        tally,
        cpu: CpuReading {
            relay: after.relay - before.relay,
            postgres: after.postgres - before.postgres,
            generator: after.generator - before.generator,
            machine: after.machine - before.machine,
        },
    }
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

fn phase_json(config: &str, phase: &str, offered: Option<f64>, r: &PhaseResult) -> Json {
    let t = &r.tally;
    let s = r.seconds;
    let per = |cpu: f64, n: u64| {
        if n == 0 {
            Json::Null
        } else {
            json!(round(cpu / n as f64 * 1e6, 1))
        }
    };
    let requests = t.appends + t.pulls;
    let others = (r.cpu.machine - r.cpu.relay - r.cpu.postgres - r.cpu.generator).max(0.0);
    json!({
        "config": config,
        "phase": phase,
        "seconds": round(s, 2),
        "offered_syncs_per_second": offered.map(|o| o.round()),
        "syncs_per_second": (t.syncs as f64 / s).round(),
        "appends_per_second": round(t.appends as f64 / s, 1),
        "pulls_per_second": (t.pulls as f64 / s).round(),
        "requests_per_second": (requests as f64 / s).round(),
        "pulls_with_news_share": round(t.pulls_with_news as f64 / t.pulls.max(1) as f64, 3),
        "append_bytes_mean": (t.bytes_appended as f64 / t.appends.max(1) as f64).round(),
        "pull_bytes_mean": (t.bytes_pulled as f64 / t.pulls.max(1) as f64).round(),
        "errors": t.errors,
        "append_ms_p50": round(percentile(&t.append_us, 0.5), 2),
        "append_ms_p99": round(percentile(&t.append_us, 0.99), 2),
        "pull_ms_p50": round(percentile(&t.pull_us, 0.5), 2),
        "pull_ms_p99": round(percentile(&t.pull_us, 0.99), 2),
        "lag_ms_p50": round(percentile(&t.lag_us, 0.5), 2),
        "lag_ms_p99": round(percentile(&t.lag_us, 0.99), 2),
        "relay_cpu_share": round(r.cpu.relay / s, 3),
        "postgres_cpu_share": round(r.cpu.postgres / s, 3),
        "generator_cpu_share": round(r.cpu.generator / s, 3),
        "others_cpu_share": round(others / s, 3),
        "relay_cpu_us_per_append": per(r.cpu.relay, t.appends),
        "postgres_cpu_us_per_append": per(r.cpu.postgres, t.appends),
        "relay_cpu_us_per_request": per(r.cpu.relay, requests),
        "postgres_cpu_us_per_request": per(r.cpu.postgres, requests),
    })
}

/// Relay RSS with `n` connections idle after one request each, then with `n` long-polls
/// waiting, each against none, in KiB.
async fn memory(world: &World, addr: SocketAddr, pid: u32, n: usize) -> Json {
    let settle = || tokio::time::sleep(Duration::from_millis(1500));
    settle().await;
    let base = rss_kib(pid);
    // Freed memory stays with the allocator, so the long-polls are opened beside the idle
    // connections (not after closing them) and measured against them.
    let mut idle = Vec::with_capacity(n);
    for i in 0..n {
        let member = &world.members[i % world.members.len()];
        let mut conn = Conn::connect(addr).await.expect("an idle connection");
        let answer = conn
            .request("GET", "/v1/health", &member.token, None, &[])
            .await
            .expect("a health answer");
        assert_eq!(answer.status, 200);
        idle.push(conn);
    }
    settle().await;
    let with_idle = rss_kib(pid);
    let mut waiting = Vec::with_capacity(n);
    for i in 0..n {
        // Spread over the logs, one member of each in turn; far past the head, so they wait.
        let m = (i % world.reviews.len()) * (world.members.len() / world.reviews.len());
        let member = &world.members[m];
        let review = &world.reviews[member.review];
        let mut conn = Conn::connect(addr).await.expect("a long-poll connection");
        conn.send(
            "GET",
            &format!("{}?after={}&wait=30", review.path, 1u64 << 40),
            &member.token,
            None,
            &[],
        )
        .await
        .expect("a long-poll sent");
        waiting.push(conn);
    }
    settle().await;
    let with_polls = rss_kib(pid);
    drop(waiting);
    drop(idle);
    json!({
        "connections": n,
        "rss_kib_none": base,
        "rss_kib_idle": with_idle,
        "rss_kib_idle_and_long_polls": with_polls,
        "kib_per_idle_connection": round((with_idle as f64 - base as f64) / n as f64, 2),
        "kib_per_long_poll": round((with_polls as f64 - with_idle as f64) / n as f64, 2),
    })
}

/// One configuration, start to finish; its lines are printed as they come.
fn run_config(o: &Options, config: &str) -> Vec<Json> {
    std::fs::create_dir_all(&o.storage).expect("the storage folder");
    let dir = tempfile::Builder::new()
        .prefix("northstar-council-")
        .tempdir_in(&o.storage)
        .expect("a temporary folder");
    // PostgreSQL first (if any), pinned to the server core: its processes inherit this
    // process's affinity, which is then moved to the generator's core.
    let cluster = if config == "sqlite" {
        None
    } else {
        if o.pinned {
            pin_self("0");
        }
        let cluster = postgres::Cluster::start();
        if o.pinned {
            pin_self("1");
        }
        Some(cluster)
    };
    let mut relays = Vec::new();
    let mut database = None;
    match &cluster {
        None => {
            let db = dir.path().join("relay.db");
            relays.push(RelayProcess::start(
                &["--db", db.to_str().expect("a UTF-8 path")],
                &dir.path().join("relay-0.log"),
                o.pinned,
            ));
        }
        Some(cluster) => {
            let url = cluster.fresh_database();
            database = Some(url.rsplit('/').next().expect("a database name").to_owned());
            let instances = if config == "pg2" { 2 } else { 1 };
            for i in 0..instances {
                relays.push(RelayProcess::start(
                    &["--database-url", &url],
                    &dir.path().join(format!("relay-{i}.log")),
                    o.pinned,
                ));
            }
        }
    }
    let meter = Meter {
        relays: relays.iter().map(RelayProcess::pid).collect(),
        postmaster: cluster.as_ref().map(|c| find_postmaster(c.port)),
    };
    let addrs: Vec<SocketAddr> = relays.iter().map(|r| r.addr).collect();

    let (reviews, members) = make_council(o.reviews, o.members);
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    let mut order: Vec<u32> = (0..members.len() as u32).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.between(0, i + 1));
    }
    let noise: Vec<u8> = (0..128 * 1024 / 8)
        .flat_map(|_| rng.next().to_le_bytes())
        .collect();
    let world = Rc::new(World {
        reviews,
        members,
        order,
        next: Cell::new(0),
        noise,
        recording: Cell::new(false),
        stop: Cell::new(false),
        tally: RefCell::new(Tally::default()),
        appended_total: Cell::new(0),
    });

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let local = tokio::task::LocalSet::new();
    let mut lines = Vec::new();
    let mut emit = |line: Json| {
        println!("{line}");
        lines.push(line);
    };
    local.block_on(&runtime, async {
        let mut conns = Vec::new();
        for w in 0..o.connections {
            conns.push(
                Conn::connect(addrs[w % addrs.len()])
                    .await
                    .expect("connect to the relay"),
            );
        }
        // Each log starts with its owner's first snapshot, which creates it.
        let seeded = Instant::now();
        let next = Rc::new(Cell::new(0usize));
        let mut seeders = Vec::new();
        for mut conn in conns.drain(..) {
            let world = Rc::clone(&world);
            let next = Rc::clone(&next);
            let members_per_review = o.members;
            seeders.push(tokio::task::spawn_local(async move {
                let mut rng =
                    Rng(0xfeed_f00d ^ conn.stream.get_ref().local_addr().unwrap().port() as u64);
                loop {
                    let r = next.get();
                    if r >= world.reviews.len() {
                        break;
                    }
                    next.set(r + 1);
                    let review = &world.reviews[r];
                    let owner = &world.members[r * members_per_review];
                    let size = rng.between(10 * 1024, 20 * 1024);
                    let at = rng.between(0, world.noise.len() - size);
                    let header = review.owner.to_header();
                    let answer = conn
                        .request(
                            "POST",
                            &review.path,
                            &owner.token,
                            Some((LOG_OWNER_HEADER, &header)),
                            &world.noise[at..at + size],
                        )
                        .await
                        .expect("the snapshot is sent");
                    assert_eq!(
                        answer.status,
                        200,
                        "creating a log: {}",
                        String::from_utf8_lossy(&answer.body)
                    );
                    world
                        .appended_total
                        .set(world.appended_total.get() + size as u64);
                }
                conn
            }));
        }
        for s in seeders {
            conns.push(s.await.expect("a seeder"));
        }
        for m in &world.members {
            m.cursor.set(1);
        }
        // Awaited in order, so connection w still goes to relay w mod (number of relays).
        eprintln!(
            "{config}: {} logs created in {:.1} s; {} members",
            world.reviews.len(),
            seeded.elapsed().as_secs_f64(),
            world.members.len()
        );

        let offered = world.members.len() as f64 / o.period * o.rate;
        let mixed = Traffic::Mixed {
            append_share: o.append_share,
        };
        let target = run_phase(
            &world,
            &mut conns,
            mixed,
            Loop::Open {
                syncs_per_second: offered,
            },
            o.warmup,
            o.seconds,
            &meter,
        )
        .await;
        emit(phase_json(config, "target", Some(offered), &target));
        let saturation = run_phase(
            &world,
            &mut conns,
            mixed,
            Loop::Closed,
            3.0,
            o.saturation_seconds,
            &meter,
        )
        .await;
        emit(phase_json(config, "saturation", None, &saturation));
        let pulls = run_phase(
            &world,
            &mut conns,
            Traffic::EmptyPulls,
            Loop::Closed,
            2.0,
            o.cost_seconds,
            &meter,
        )
        .await;
        emit(phase_json(config, "empty_pulls", None, &pulls));
        let appends = run_phase(
            &world,
            &mut conns,
            Traffic::Appends,
            Loop::Closed,
            2.0,
            o.cost_seconds,
            &meter,
        )
        .await;
        emit(phase_json(config, "appends_only", None, &appends));
        drop(conns);
        let mut mem = memory(&world, addrs[0], meter.relays[0], o.idle).await;
        mem["config"] = json!(config);
        mem["phase"] = json!("memory");
        emit(mem);
    });
    // What the store holds now, against the envelope bytes it was given.
    let stored = match (&cluster, &database) {
        (Some(cluster), Some(db)) => cluster
            .psql(db, "SELECT pg_database_size(current_database())")
            .parse::<u64>()
            .ok(),
        _ => std::fs::read_dir(dir.path()).ok().map(|d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("relay.db"))
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        }),
    };
    let given = world.appended_total.get();
    emit(json!({
        "config": config,
        "phase": "storage",
        "envelope_bytes": given,
        "store_bytes": stored,
        "store_bytes_per_envelope_byte": stored.map(|b| round(b as f64 / given.max(1) as f64, 2)),
    }));
    drop(relays);
    drop(cluster);
    lines
}

fn main() {
    let o = options();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let taskset = Command::new("taskset")
        .args(["-c", "0", "true"])
        .status()
        .is_ok_and(|s| s.success());
    let pinned = o.pinned && taskset;
    if o.pinned && !taskset {
        eprintln!("taskset is missing: nothing is pinned");
    }
    let o = Options { pinned, ..o };
    if o.pinned {
        // The generator has core 1; the relays and PostgreSQL core 0.
        pin_self("1");
    }
    println!(
        "{}",
        json!({
            "bench": "council_load",
            "reviews": o.reviews,
            "members_per_review": o.members,
            "period_seconds": o.period,
            "offered_syncs_per_second": o.reviews as f64 * o.members as f64 / o.period * o.rate,
            "append_share": o.append_share,
            "connections": o.connections,
            "pinned": o.pinned,
            "cores": cores,
        })
    );
    // What one credential check costs on this core, to read the relay's CPU per request by.
    let key = SigningKey::from_bytes(&[7; 32]);
    let statement = MemberCredential::statement(&[1; 32], &[2; 32]);
    let signature = key.sign(&statement);
    let verifying = key.verifying_key();
    let checks = 2000;
    let started = Instant::now();
    for _ in 0..checks {
        assert!(verifying
            .verify_strict(std::hint::black_box(&statement), &signature)
            .is_ok());
    }
    let verify_us = started.elapsed().as_secs_f64() / checks as f64 * 1e6;
    println!(
        "{}",
        json!({"ed25519_verify_strict_us": round(verify_us, 1)})
    );
    let mut results: Vec<(String, Vec<Json>)> = Vec::new();
    for config in &o.configs {
        let lines = run_config(&o, config);
        results.push((config.clone(), lines));
        // Let the disk and the page cache settle between configurations.
        std::thread::sleep(Duration::from_secs(2));
    }

    let find = |config: &str, phase: &str| -> Option<&Json> {
        results
            .iter()
            .find(|(c, _)| c == config)
            .and_then(|(_, lines)| lines.iter().find(|l| l["phase"] == phase))
    };
    eprintln!("\nconfig | phase | syncs/s | appends/s | pulls/s | append p50/p99 ms | pull p50/p99 ms | lag p99 ms | relay, pg, generator, others (cores) | relay + pg µs/append | errors");
    for (config, lines) in &results {
        for l in lines.iter().filter(|l| l.get("syncs_per_second").is_some()) {
            eprintln!(
                "{config} | {} | {} | {} | {} | {}/{} | {}/{} | {} | {}, {}, {}, {} | {} + {} | {}",
                l["phase"].as_str().unwrap_or(""),
                l["syncs_per_second"],
                l["appends_per_second"],
                l["pulls_per_second"],
                l["append_ms_p50"],
                l["append_ms_p99"],
                l["pull_ms_p50"],
                l["pull_ms_p99"],
                l["lag_ms_p99"],
                l["relay_cpu_share"],
                l["postgres_cpu_share"],
                l["generator_cpu_share"],
                l["others_cpu_share"],
                l["relay_cpu_us_per_append"],
                l["postgres_cpu_us_per_append"],
                l["errors"],
            );
        }
        if let Some(m) = lines.iter().find(|l| l["phase"] == "memory") {
            eprintln!(
                "{config} | memory | {} KiB per idle connection, {} KiB per waiting long-poll ({} each)",
                m["kib_per_idle_connection"], m["kib_per_long_poll"], m["connections"]
            );
        }
    }
    let ratio = |a: &str, b: &str| -> Option<f64> {
        let x = find(a, "saturation")?["syncs_per_second"].as_f64()?;
        let y = find(b, "saturation")?["syncs_per_second"].as_f64()?;
        Some(round(x / y, 2))
    };
    let ratios = json!({
        "ratios": "saturation syncs per second (same mix, so appends and pulls alike)",
        "pg1_over_sqlite": ratio("pg1", "sqlite"),
        "pg2_over_pg1": ratio("pg2", "pg1"),
    });
    println!("{ratios}");
    eprintln!("{ratios}");
}
