//! Our relay against automerge-repo's sync server, with the same workload, in one run.
//!
//! For each shape (documents × clients) this runs our side, then
//! `node bench/automerge-repo/bench.mjs` with the same arguments, and prints both figures
//! and their ratio as JSON lines. See BENCHMARKS.md ("Compared with automerge-repo's sync
//! server") for what each side does and the caveats.
//!
//! Our side: the `northstar-relay` binary as its own process, pinned to core 0 with
//! `taskset -c 0` (so its runtime has one worker thread), over a SQLite file (WAL,
//! `synchronous = FULL`: every append fsynced before it is answered), with the per-log rate
//! limit and the per-address allowance off (every client comes from 127.0.0.1). This process
//! is pinned to core 1 and runs every client on one thread: each client has every document,
//! and one long-poll open per document (`wait=30`), the only way our protocol pushes news;
//! and it makes its changes one after another, each a real Automerge change on its copy of
//! one document (change i of client c goes to document (c + i × clients) % docs, the same
//! rule as the node side), sealed as one envelope of the real layout (the AEAD is left out:
//! the relay cannot tell, and it costs the client, not the relay) and appended; the next
//! change waits for the receipt.
//!
//! Counted: from the first change until every client has pulled every envelope of every
//! document (its own included, as a device's pull does). After the clock stops, every
//! client's log of each document is checked byte for byte against the others, its changes are
//! applied to each client's copy, and the copies must have the same heads and exactly the
//! expected contents; anything else panics.
//!
//! Run (after `npm install` in `bench/automerge-repo/`; npm 11 refuses `npm ci` there):
//! `cargo bench -p northstar-relay --bench vs_automerge_repo`
//! Options after `--`: `--shapes 1x1,10x4,100x8`, `--changes 400` (per client, as in the sync bench),
//! `--edit note|field`, `--rounds 1`, `--storage DIR` (where both servers keep their data;
//! the system temporary folder by default), `--ours-only`, `--timeout 1200` (seconds the node
//! side may take).

use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, Change, ObjType, ReadDoc, Value, ROOT};
use northstar_schema::sync::api::AppendReceipt;
use northstar_schema::sync::{
    decode_change_list, decode_entries, encode_change_list, Grant, LogEntry, Payload, PayloadKind,
    Sealed, NONCE_LEN, TAG_LEN,
};
use northstar_schema::Role;
use serde_json::{json, Value as Json};
use std::io::{BufRead, BufReader as StdBufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    /// Push `{ id, text }` (both Automerge text) onto the `notes` list: one review edit.
    Note,
    /// Overwrite the client's own field with a plain string.
    Field,
}

impl Edit {
    fn name(self) -> &'static str {
        match self {
            Edit::Note => "note",
            Edit::Field => "field",
        }
    }
}

struct Options {
    shapes: Vec<(usize, usize)>,
    changes: usize,
    edit: Edit,
    rounds: usize,
    storage: PathBuf,
    ours_only: bool,
    /// How long the node side may take to converge before it counts as failed.
    timeout_seconds: u64,
}

fn options() -> Options {
    let mut o = Options {
        shapes: vec![(1, 1), (10, 4), (100, 8)],
        changes: 400,
        edit: Edit::Note,
        rounds: 1,
        storage: std::env::temp_dir(),
        ours_only: false,
        timeout_seconds: 1200,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            // What `cargo bench` passes to every bench binary.
            "--bench" => {}
            "--shapes" => {
                o.shapes = value()
                    .split(',')
                    .map(|s| {
                        let (d, c) = s.split_once('x').expect("a shape is DOCSxCLIENTS");
                        (d.parse().expect("documents"), c.parse().expect("clients"))
                    })
                    .collect()
            }
            "--changes" => o.changes = value().parse().expect("--changes is a number"),
            "--rounds" => o.rounds = value().parse().expect("--rounds is a number"),
            "--storage" => o.storage = value().into(),
            "--edit" => {
                o.edit = match value().as_str() {
                    "note" => Edit::Note,
                    "field" => Edit::Field,
                    other => panic!("--edit is note or field, not {other}"),
                }
            }
            "--ours-only" => o.ours_only = true,
            "--timeout" => o.timeout_seconds = value().parse().expect("--timeout is seconds"),
            other => panic!("unknown argument {other}"),
        }
    }
    assert!(o.changes > 0 && o.rounds > 0 && !o.shapes.is_empty());
    for &(docs, clients) in &o.shapes {
        assert!(
            docs > 0 && clients > 0,
            "a shape needs documents and clients"
        );
    }
    o
}

fn have_taskset() -> bool {
    Command::new("taskset")
        .args(["-c", "0", "true"])
        .status()
        .is_ok_and(|s| s.success())
}

/// Seconds of CPU (user + system, every thread) a process has used, from /proc.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc is readable");
    let after_name = &stat[stat.rfind(')').expect("a stat line") + 2..];
    let fields: Vec<&str> = after_name.split(' ').collect();
    // utime and stime are fields 14 and 15 of stat(5); fields[0] here is field 3.
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / clock_ticks()
}

/// Seconds of CPU the whole machine has spent busy (every core, every process), from
/// /proc/stat, so a run can say how much of the machine others were using.
fn machine_busy_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").expect("/proc/stat is readable");
    let cpu = stat.lines().next().expect("a cpu line");
    let ticks: Vec<f64> = cpu
        .split_whitespace()
        .skip(1)
        .map(|t| t.parse().unwrap())
        .collect();
    // user nice system idle iowait irq softirq steal: all but idle and iowait.
    let busy: f64 = [0, 1, 2, 5, 6, 7]
        .iter()
        .filter_map(|&k| ticks.get(k))
        .sum();
    busy / clock_ticks()
}

fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// Which document client `c`'s change `i` goes to (the node side uses the same rule).
fn doc_of(c: usize, i: usize, clients: usize, docs: usize) -> usize {
    (c + i * clients) % docs
}

fn sentence(c: usize, i: usize) -> String {
    format!("Client {c} note {i}: they listened well")
}

fn log_id(doc: usize) -> String {
    format!("{:032x}", doc + 1)
}

fn token(doc: usize) -> String {
    format!("{:064x}", doc + 1)
}

/// The relay as its own process, pinned to core 0 when taskset exists.
struct RelayProcess {
    child: Child,
    addr: SocketAddr,
}

impl RelayProcess {
    fn start(db: &Path, pinned: bool) -> RelayProcess {
        let binary = env!("CARGO_BIN_EXE_northstar-relay");
        let mut cmd = if pinned {
            let mut c = Command::new("taskset");
            c.args(["-c", "0"]).arg(binary);
            c
        } else {
            Command::new(binary)
        };
        let mut child = cmd
            .args([
                "--listen",
                "127.0.0.1:0",
                "--appends-per-minute",
                "0",
                // Every client here comes from 127.0.0.1: the per-address allowance would
                // refuse them as one.
                "--requests-per-minute-per-client",
                "0",
                "--db",
            ])
            .arg(db)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the relay starts");
        let mut line = String::new();
        StdBufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("the relay said {line:?}"))
            .parse()
            .unwrap();
        RelayProcess { child, addr }
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A keep-alive HTTP/1.1 connection, just enough for the relay's two requests.
struct Http {
    stream: BufReader<TcpStream>,
    /// Bytes sent and received, headers included.
    up: u64,
    down: u64,
}

impl Http {
    async fn connect(addr: SocketAddr) -> Http {
        let stream = TcpStream::connect(addr)
            .await
            .expect("connect to the relay");
        stream.set_nodelay(true).unwrap();
        Http {
            stream: BufReader::new(stream),
            up: 0,
            down: 0,
        }
    }

    async fn request(&mut self, method: &str, path: &str, token: &str, body: &[u8]) -> Vec<u8> {
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer {token}\r\n"
        );
        if !body.is_empty() {
            request.push_str(&format!("content-length: {}\r\n", body.len()));
        }
        request.push_str("\r\n");
        let mut bytes = request.into_bytes();
        bytes.extend_from_slice(body);
        self.up += bytes.len() as u64;
        self.stream.get_mut().write_all(&bytes).await.unwrap();

        let mut line = String::new();
        self.stream.read_line(&mut line).await.unwrap();
        self.down += line.len() as u64;
        let status = line.split(' ').nth(1).unwrap_or("").to_owned();
        let mut length = 0usize;
        loop {
            line.clear();
            self.stream.read_line(&mut line).await.unwrap();
            self.down += line.len() as u64;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap_or((&line, ""));
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap();
            }
            assert!(
                !name.eq_ignore_ascii_case("transfer-encoding"),
                "the relay answered with a chunked body"
            );
        }
        let mut response = vec![0; length];
        self.stream.read_exact(&mut response).await.unwrap();
        self.down += length as u64;
        assert_eq!(
            status,
            "200",
            "{method} {path}: {}",
            String::from_utf8_lossy(&response)
        );
        response
    }
}

/// Seals one client's change as an envelope of the real layout: a payload with the sender,
/// counter, grant and signature, inside a nonce and an AEAD tag (left as zeros).
struct Sealer {
    sender: [u8; 32],
    grant: Vec<u8>,
    counter: u64,
}

impl Sealer {
    fn new(c: usize) -> Sealer {
        let device_key = [c as u8 + 1; 32];
        let grant = Grant {
            doc_id: "4b0c6f5e-7d1a-4c8e-9a51-3f2e8d6b7a90".into(),
            role: Role::Teacher,
            invite_key: [7; 32],
            owner_signature: [8; 64],
            device_key,
            name: format!("Client {c}"),
            invite_signature: [9; 64],
        }
        .encode();
        Sealer {
            sender: device_key,
            grant,
            counter: 0,
        }
    }

    fn seal(&mut self, change: &[u8]) -> Vec<u8> {
        self.counter += 1;
        let payload = Payload {
            sender: self.sender,
            counter: self.counter,
            kind: PayloadKind::Changes,
            grant: self.grant.clone(),
            covers: 0,
            changes: encode_change_list([change]),
            signature: [3; 64],
        };
        let mut ciphertext = payload.encode();
        ciphertext.extend_from_slice(&[0; TAG_LEN]);
        let mut nonce = [0; NONCE_LEN];
        nonce[..8].copy_from_slice(&self.counter.to_le_bytes());
        nonce[8] = self.sender[0];
        Sealed { nonce, ciphertext }.encode()
    }
}

fn open(envelope: &[u8]) -> Vec<Change> {
    let sealed = Sealed::decode(envelope).expect("an envelope");
    let plain = &sealed.ciphertext[..sealed.ciphertext.len() - TAG_LEN];
    let payload = Payload::decode(plain).expect("a payload");
    decode_change_list(&payload.changes)
        .expect("a change list")
        .into_iter()
        .map(|bytes| Change::from_bytes(bytes.to_vec()).expect("an Automerge change"))
        .collect()
}

/// The document every copy starts from (the shared starting heads of an invitation).
fn base_document() -> Vec<u8> {
    let mut doc = AutoCommit::new().with_actor(ActorId::from(b"base-document".as_slice()));
    doc.put_object(ROOT, "notes", ObjType::List).unwrap();
    doc.save()
}

fn make_change(doc: &mut AutoCommit, edit: Edit, c: usize, i: usize) -> Vec<u8> {
    match edit {
        Edit::Note => {
            let notes = match doc.get(ROOT, "notes").unwrap() {
                Some((Value::Object(ObjType::List), id)) => id,
                other => panic!("no notes list: {other:?}"),
            };
            let at = doc.length(&notes);
            let note = doc.insert_object(&notes, at, ObjType::Map).unwrap();
            let id = doc.put_object(&note, "id", ObjType::Text).unwrap();
            doc.splice_text(&id, 0, 0, &format!("c{c}-{i}")).unwrap();
            let text = doc.put_object(&note, "text", ObjType::Text).unwrap();
            doc.splice_text(&text, 0, 0, &sentence(c, i)).unwrap();
        }
        Edit::Field => {
            doc.put(ROOT, format!("c{c}"), sentence(c, i)).unwrap();
        }
    }
    doc.get_last_local_change()
        .expect("a change was made")
        .raw_bytes()
        .to_vec()
}

/// Checks one copy of document `j` against what was written to it.
fn verify(doc: &AutoCommit, edit: Edit, j: usize, docs: usize, clients: usize, changes: usize) {
    match edit {
        Edit::Note => {
            let notes = match doc.get(ROOT, "notes").unwrap() {
                Some((Value::Object(ObjType::List), id)) => id,
                other => panic!("no notes list: {other:?}"),
            };
            let mut got: Vec<String> = (0..doc.length(&notes))
                .map(|k| {
                    let (_, note) = doc.get(&notes, k).unwrap().unwrap();
                    let (_, id) = doc.get(&note, "id").unwrap().unwrap();
                    doc.text(&id).unwrap()
                })
                .collect();
            let mut want: Vec<String> = (0..clients)
                .flat_map(|c| (0..changes).map(move |i| (c, i)))
                .filter(|&(c, i)| doc_of(c, i, clients, docs) == j)
                .map(|(c, i)| format!("c{c}-{i}"))
                .collect();
            got.sort();
            want.sort();
            assert_eq!(got, want, "document {j} has other notes than were written");
        }
        Edit::Field => {
            for c in 0..clients {
                let last = (0..changes)
                    .rev()
                    .find(|&i| doc_of(c, i, clients, docs) == j);
                let got = doc
                    .get(ROOT, format!("c{c}"))
                    .unwrap()
                    .map(|(v, _)| v.as_str().map(str::to_owned));
                let want = last.map(|i| Some(sentence(c, i)));
                assert_eq!(got, want, "document {j} field c{c}");
            }
        }
    }
}

/// What the timed part of one run of ours gives back.
struct Run {
    copies: Vec<Vec<AutoCommit>>,
    pulled: Vec<Pulled>,
    seconds: f64,
    server_cpu: f64,
    client_cpu: f64,
    /// CPU the rest of the machine used meanwhile.
    others_cpu: f64,
    change_bytes: usize,
    envelope_bytes: usize,
    up: u64,
    down: u64,
}

struct Pulled {
    client: usize,
    doc: usize,
    entries: Vec<LogEntry>,
    pulls: u64,
    up: u64,
    down: u64,
}

fn ours(o: &Options, docs: usize, clients: usize, pinned: bool) -> Json {
    let changes = o.changes;
    let edit = o.edit;
    std::fs::create_dir_all(&o.storage).unwrap();
    let dir = tempfile::Builder::new()
        .prefix("northstar-relay-bench-")
        .tempdir_in(&o.storage)
        .unwrap();
    let relay = RelayProcess::start(&dir.path().join("relay.db"), pinned);
    let addr = relay.addr;
    let relay_pid = relay.child.id();
    let base = base_document();
    let mut heads = vec![1u64; docs];
    for c in 0..clients {
        for i in 0..changes {
            heads[doc_of(c, i, clients, docs)] += 1;
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let local = tokio::task::LocalSet::new();
    let heads = Rc::new(heads);
    let run = local.block_on(&runtime, async {
        // Untimed: each log starts with the shared document, as a shared review does.
        let mut setup = Http::connect(addr).await;
        for j in 0..docs {
            let envelope = Sealer::new(usize::from(u8::MAX - 1)).seal(&base);
            setup
                .request(
                    "POST",
                    &format!("/v1/logs/{}", log_id(j)),
                    &token(j),
                    &envelope,
                )
                .await;
        }
        let mut copies: Vec<Vec<AutoCommit>> = (0..clients)
            .map(|c| {
                (0..docs)
                    .map(|_| {
                        let actor = format!("client-{c:04}-actor");
                        AutoCommit::load(&base)
                            .unwrap()
                            .with_actor(ActorId::from(actor.as_bytes()))
                    })
                    .collect()
            })
            .collect();
        let mut appenders = Vec::new();
        for _ in 0..clients {
            appenders.push(Http::connect(addr).await);
        }
        let mut pollers = Vec::new();
        for c in 0..clients {
            for j in 0..docs {
                pollers.push((c, j, Http::connect(addr).await));
            }
        }

        let server_cpu0 = cpu_seconds(relay_pid);
        let client_cpu0 = cpu_seconds(std::process::id());
        let busy0 = machine_busy_seconds();
        let started = Instant::now();
        let polls: Vec<_> = pollers
            .into_iter()
            .map(|(c, j, mut http)| {
                let heads = Rc::clone(&heads);
                tokio::task::spawn_local(async move {
                    let mut entries = Vec::new();
                    let mut cursor = 1;
                    let mut pulls = 0;
                    while cursor < heads[j] {
                        let body = http
                            .request(
                                "GET",
                                &format!("/v1/logs/{}?after={cursor}&wait=30", log_id(j)),
                                &token(j),
                                &[],
                            )
                            .await;
                        pulls += 1;
                        let got = decode_entries(&body, usize::MAX).expect("a pull");
                        if let Some(last) = got.last() {
                            cursor = last.seq;
                        }
                        entries.extend(got);
                    }
                    Pulled {
                        client: c,
                        doc: j,
                        entries,
                        pulls,
                        up: http.up,
                        down: http.down,
                    }
                })
            })
            .collect();
        let streams: Vec<_> = copies
            .drain(..)
            .zip(appenders)
            .enumerate()
            .map(|(c, (mut own, mut http))| {
                tokio::task::spawn_local(async move {
                    let mut sealer = Sealer::new(c);
                    let (mut change_bytes, mut envelope_bytes) = (0, 0);
                    for i in 0..changes {
                        let j = doc_of(c, i, clients, docs);
                        let change = make_change(&mut own[j], edit, c, i);
                        let envelope = sealer.seal(&change);
                        change_bytes += change.len();
                        envelope_bytes += envelope.len();
                        let receipt = http
                            .request(
                                "POST",
                                &format!("/v1/logs/{}", log_id(j)),
                                &token(j),
                                &envelope,
                            )
                            .await;
                        let _: AppendReceipt = serde_json::from_slice(&receipt).unwrap();
                    }
                    (own, change_bytes, envelope_bytes, http.up, http.down)
                })
            })
            .collect();
        let mut copies = Vec::new();
        let (mut change_bytes, mut envelope_bytes, mut up, mut down) = (0, 0, 0, 0);
        for s in streams {
            let (own, cb, eb, u, d) = s.await.unwrap();
            copies.push(own);
            change_bytes += cb;
            envelope_bytes += eb;
            up += u;
            down += d;
        }
        let mut pulled = Vec::new();
        for p in polls {
            pulled.push(p.await.unwrap());
        }
        let seconds = started.elapsed().as_secs_f64();
        let server_cpu = cpu_seconds(relay_pid) - server_cpu0;
        let client_cpu = cpu_seconds(std::process::id()) - client_cpu0;
        let others_cpu = machine_busy_seconds() - busy0 - server_cpu - client_cpu;
        Run {
            copies,
            pulled,
            seconds,
            server_cpu,
            client_cpu,
            others_cpu,
            change_bytes,
            envelope_bytes,
            up,
            down,
        }
    });
    let Run {
        copies,
        pulled,
        seconds,
        server_cpu,
        client_cpu,
        others_cpu,
        change_bytes,
        envelope_bytes,
        up: up_appends,
        down: down_appends,
    } = run;
    let appends = clients * changes;
    drop(relay);

    // Convergence, after the clock: every client's log of a document is the same, byte for
    // byte, and applying it leaves every copy with the same heads and the expected contents.
    let mut copies = copies;
    let mut logs: Vec<Option<Vec<LogEntry>>> = vec![None; docs];
    for p in &pulled {
        assert_eq!(
            p.entries.len() as u64 + 1,
            heads[p.doc],
            "client {} missed entries of document {}",
            p.client,
            p.doc
        );
        match &logs[p.doc] {
            None => logs[p.doc] = Some(p.entries.clone()),
            Some(first) => assert!(
                first == &p.entries,
                "clients saw different logs of document {}",
                p.doc
            ),
        }
    }
    for (j, log) in logs.iter().enumerate() {
        let changes_in_log: Vec<Change> = log
            .as_ref()
            .expect("every document was pulled")
            .iter()
            .flat_map(|e| open(&e.bytes))
            .collect();
        let mut first_heads = None;
        for own in copies.iter_mut() {
            let copy = &mut own[j];
            copy.apply_changes(changes_in_log.clone()).unwrap();
            let mut h = copy.get_heads();
            h.sort();
            match &first_heads {
                None => first_heads = Some(h),
                Some(f) => assert_eq!(f, &h, "copies of document {j} have different heads"),
            }
            verify(copy, edit, j, docs, clients, changes);
        }
    }

    let pulls: u64 = pulled.iter().map(|p| p.pulls).sum();
    let up = up_appends + pulled.iter().map(|p| p.up).sum::<u64>();
    let down = down_appends + pulled.iter().map(|p| p.down).sum::<u64>();
    let total = appends as f64;
    let deliveries = appends * (clients - 1);
    json!({
        "side": "northstar-relay",
        "edit": edit.name(),
        "docs": docs,
        "clients": clients,
        "changes_per_client": changes,
        "changes": appends,
        "seconds": round(seconds, 4),
        "changes_per_second": (total / seconds).round(),
        "deliveries": deliveries,
        "deliveries_per_second": (deliveries as f64 / seconds).round(),
        "server_cpu_seconds": round(server_cpu, 3),
        "server_cpu_share": round(server_cpu / seconds, 3),
        "server_cpu_us_per_change": round(server_cpu / total * 1e6, 1),
        "changes_per_server_cpu_second": (total / server_cpu).round(),
        "client_cpu_share": round(client_cpu / seconds, 3),
        "others_cpu_share": round(others_cpu.max(0.0) / seconds, 3),
        "requests_in": appends as u64 + pulls,
        "appends": appends,
        "pulls": pulls,
        "bytes_in": up,
        "bytes_out": down,
        "change_bytes_mean": round(change_bytes as f64 / total, 1),
        "envelope_bytes_mean": round(envelope_bytes as f64 / total, 1),
        "pinned": pinned,
        "converged": true,
    })
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

fn theirs(o: &Options, docs: usize, clients: usize) -> Json {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/automerge-repo");
    assert!(
        dir.join("node_modules/@automerge/automerge-repo").is_dir(),
        "run `npm install` in bench/automerge-repo first (or pass --ours-only)"
    );
    let out = Command::new("node")
        .arg(dir.join("bench.mjs"))
        .args([
            "--docs",
            &docs.to_string(),
            "--clients",
            &clients.to_string(),
        ])
        .args(["--changes", &o.changes.to_string(), "--edit", o.edit.name()])
        .args(["--timeout", &o.timeout_seconds.to_string()])
        .arg("--storage")
        .arg(&o.storage)
        .stderr(Stdio::inherit())
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let figures: Json = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Json>(l).ok())
        .find(|v| v["side"] == "automerge-repo")
        .unwrap_or_else(|| panic!("the node bench printed no figures:\n{text}"));
    assert!(
        out.status.success() && figures["converged"] == true,
        "the node bench failed: {text}"
    );
    figures
}

fn main() {
    let o = options();
    let pinned = have_taskset();
    if pinned {
        // The clients get core 1 (the relay and the node server are pinned to core 0);
        // every thread started from here on inherits it.
        let ok = Command::new("taskset")
            .args(["-a", "-p", "-c", "1", &std::process::id().to_string()])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "taskset could not pin the clients to core 1");
    } else {
        eprintln!("taskset is missing: nothing is pinned, so the figures are not one core's");
    }
    let mut summary = Vec::new();
    for &(docs, clients) in &o.shapes {
        for _ in 0..o.rounds {
            let a = ours(&o, docs, clients, pinned);
            println!("{a}");
            if o.ours_only {
                continue;
            }
            // Let the relay's files go and the machine settle between the two sides.
            std::thread::sleep(Duration::from_millis(500));
            let b = theirs(&o, docs, clients);
            println!("{b}");
            let ratio = |key: &str| round(a[key].as_f64().unwrap() / b[key].as_f64().unwrap(), 2);
            let line = json!({
                "compare": format!("{docs} docs x {clients} clients, {} changes each ({})", o.changes, o.edit.name()),
                "ours_changes_per_second": a["changes_per_second"],
                "theirs_changes_per_second": b["changes_per_second"],
                "ratio_changes_per_second": ratio("changes_per_second"),
                "ours_changes_per_server_cpu_second": a["changes_per_server_cpu_second"],
                "theirs_changes_per_server_cpu_second": b["changes_per_server_cpu_second"],
                "ratio_per_server_cpu_second": ratio("changes_per_server_cpu_second"),
            });
            println!("{line}");
            summary.push(line);
        }
    }
    if !summary.is_empty() {
        eprintln!(
            "\nours / automerge-repo (changes accepted and relayed to convergence per second):"
        );
        for s in &summary {
            eprintln!(
                "  {}: {} / {} = {}x wall clock; {} / {} = {}x per server CPU second",
                s["compare"].as_str().unwrap(),
                s["ours_changes_per_second"],
                s["theirs_changes_per_second"],
                s["ratio_changes_per_second"],
                s["ours_changes_per_server_cpu_second"],
                s["theirs_changes_per_server_cpu_second"],
                s["ratio_per_server_cpu_second"],
            );
        }
    }
}
