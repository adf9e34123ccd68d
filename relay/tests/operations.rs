//! The relay as a council runs it: the real binary with a config file, environment variables
//! and flags; its JSON log, `/metrics` and `/healthz` under real traffic; TLS from PEM files;
//! and every bad setting refused with one sentence and exit code 2.

mod common;

use common::{Client, LOG, TOKEN, WRONG_TOKEN};
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_northstar-relay");

/// Bytes no log line or metric may ever show: they stand for a sealed review change.
const ENVELOPE: &str = "SEALED-ENVELOPE-CONTENT-5f0e";

/// The relay process, with everything it writes on stderr collected line by line.
struct Running {
    child: Child,
    base: String,
    stderr: Arc<Mutex<Vec<String>>>,
    reader: Option<JoinHandle<()>>,
    // Kept open so the relay's stdout never breaks.
    _stdout: BufReader<ChildStdout>,
}

/// The relay binary with none of this process's `NORTHSTAR_RELAY_*` variables.
fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(BIN);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("NORTHSTAR_RELAY_") {
            command.env_remove(name);
        }
    }
    command.args(args).envs(env.iter().copied());
    command
}

fn start(args: &[&str], env: &[(&str, &str)]) -> Running {
    let mut child = command(args, env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the relay binary starts");
    let stderr = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let lines = Arc::clone(&stderr);
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                match line {
                    Ok(line) => lines.lock().unwrap().push(line),
                    Err(_) => break,
                }
            }
        })
    };
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let Some(base) = first.trim_end().strip_prefix("listening on ") else {
        let _ = child.kill();
        let _ = child.wait();
        let _ = reader.join();
        panic!(
            "the relay did not start: {first:?}; stderr: {:?}",
            stderr.lock().unwrap()
        );
    };
    Running {
        base: base.to_owned(),
        child,
        stderr,
        reader: Some(reader),
        _stdout: stdout,
    }
}

impl Running {
    /// Stops the relay as systemd and container runtimes do (SIGTERM) and returns how it
    /// exited and what it wrote on stderr.
    fn stop(mut self) -> (ExitStatus, Vec<String>) {
        let pid = self.child.id().to_string();
        let signalled = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(signalled.success());
        let status = wait_at_most(&mut self.child, Duration::from_secs(20));
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        let lines = self.stderr.lock().unwrap().clone();
        (status, lines)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.reader.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn wait_at_most(child: &mut Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the relay did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs the relay with settings it must refuse: its exit code and stderr.
fn refused(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let mut child = command(args, env)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the relay binary starts");
    let status = wait_at_most(&mut child, Duration::from_secs(20));
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    (status.code().expect("exited, not killed"), stderr)
}

/// A plain GET: status and body.
fn get(url: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let response = agent.get(url).call().expect("the relay answered");
    let status = response.status().as_u16();
    let body = response.into_body().read_to_string().unwrap();
    (status, body)
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn json_logs_say_what_happened_and_nothing_about_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("relay.toml");
    let db = dir.path().join("relay.db");
    write(
        &config,
        &format!(
            "log_format = \"json\"\ndb = \"{}\"\nappends_per_minute = 0\n",
            db.display()
        ),
    );
    let relay = start(
        &[
            "--config",
            config.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ],
        &[],
    );
    let client = Client::new(&relay.base);
    for i in 0..3 {
        let body = format!("{ENVELOPE}-{i}");
        assert_eq!(
            client.append(LOG, TOKEN, body.as_bytes()).receipt().seq,
            i + 1
        );
    }
    assert_eq!(client.pull(LOG, TOKEN, "after=0").entries().len(), 3);
    assert_eq!(client.pull(LOG, TOKEN, "after=2").entries().len(), 1);
    assert_eq!(client.pull(LOG, WRONG_TOKEN, "").status, 403);
    assert_eq!(get(&format!("{}/healthz", relay.base)).0, 200);
    let (status, lines) = relay.stop();
    assert!(status.success(), "a SIGTERM is a clean stop: {status:?}");

    let everything = lines.join("\n");
    for secret in [LOG, TOKEN, WRONG_TOKEN, ENVELOPE] {
        assert!(
            !everything.contains(secret),
            "the log shows {secret}:\n{everything}"
        );
    }
    let events: Vec<Value> = lines
        .iter()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"))
        })
        .collect();
    let message = |e: &Value| e["message"].as_str().unwrap_or_default().to_owned();
    let started = events
        .iter()
        .find(|e| message(e) == "relay started")
        .expect("a start event");
    assert!(started["address"]
        .as_str()
        .unwrap()
        .starts_with("127.0.0.1:"));
    assert_eq!(started["tls"], false);
    assert_eq!(started["storage"], "sqlite");
    assert!(events
        .iter()
        .any(|e| message(e).starts_with("relay stopping")));
    assert_eq!(
        events.last().map(message).as_deref(),
        Some("relay stopped"),
        "the last line says it stopped"
    );

    let requests: Vec<&Value> = events.iter().filter(|e| message(e) == "request").collect();
    // The probe is logged below the usual level: three appends and three pulls.
    assert_eq!(requests.len(), 6, "{everything}");
    for event in &requests {
        let mut keys: Vec<&str> = event
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "bytes_in",
                "bytes_out",
                "code",
                "duration_ms",
                "level",
                "message",
                "method",
                "route",
                "status",
                "target",
                "timestamp"
            ],
            "exactly these fields, no client address: {event}"
        );
        assert_eq!(event["route"], "/v1/logs/{log}");
        assert!(event["duration_ms"].as_f64().unwrap() >= 0.0);
    }
    let appends: Vec<&&Value> = requests.iter().filter(|e| e["method"] == "POST").collect();
    assert_eq!(appends.len(), 3);
    for append in appends {
        assert_eq!(append["status"], 200);
        assert_eq!(append["code"], "");
        assert_eq!(append["bytes_in"], ENVELOPE.len() as u64 + 2);
        assert!(append["bytes_out"].as_u64().unwrap() > 0, "the receipt");
    }
    let refused = requests
        .iter()
        .find(|e| e["status"] == 403)
        .expect("the wrong token's pull");
    assert_eq!(refused["method"], "GET");
    assert_eq!(refused["code"], "unauthorised");
    let first_pull = requests
        .iter()
        .find(|e| e["method"] == "GET" && e["status"] == 200)
        .unwrap();
    assert!(first_pull["bytes_out"].as_u64().unwrap() >= 3 * ENVELOPE.len() as u64);
}

/// `/metrics` as a map from each sample's name and labels (as written) to its value, after
/// checking every line follows the text format.
fn parse_metrics(text: &str) -> HashMap<String, f64> {
    let mut samples = HashMap::new();
    let mut typed: HashMap<String, String> = HashMap::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# ") {
            let mut words = rest.splitn(3, ' ');
            let (keyword, name) = (words.next().unwrap(), words.next().unwrap());
            let detail = words.next().expect("HELP and TYPE have text");
            match keyword {
                "HELP" => assert!(!detail.is_empty()),
                "TYPE" => {
                    assert!(
                        ["counter", "gauge", "histogram"].contains(&detail),
                        "{line}"
                    );
                    typed.insert(name.to_owned(), detail.to_owned());
                }
                _ => panic!("unknown comment {line}"),
            }
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("{line}"));
        let name = series.split('{').next().unwrap();
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
            "{line}"
        );
        if series.contains('{') {
            assert!(series.ends_with('}'), "{line}");
        }
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| {
                name.strip_suffix(s)
                    .filter(|base| typed.get(*base).is_some_and(|t| t == "histogram"))
            })
            .unwrap_or(name);
        assert!(typed.contains_key(family), "no # TYPE before {line}");
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("{line}"));
        assert!(
            samples.insert(series.to_owned(), value).is_none(),
            "{series} twice"
        );
    }
    // Histograms: buckets never fall, and +Inf is the count.
    for (name, kind) in &typed {
        if kind != "histogram" {
            continue;
        }
        let mut buckets: Vec<(f64, f64)> = samples
            .iter()
            .filter_map(|(series, value)| {
                let le = series
                    .strip_prefix(&format!("{name}_bucket{{le=\""))?
                    .strip_suffix("\"}")?;
                let bound = if le == "+Inf" {
                    f64::INFINITY
                } else {
                    le.parse().unwrap()
                };
                Some((bound, *value))
            })
            .collect();
        buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!(buckets.windows(2).all(|w| w[0].1 <= w[1].1), "{name}");
        assert_eq!(buckets.last().unwrap().0, f64::INFINITY);
        assert_eq!(buckets.last().unwrap().1, samples[&format!("{name}_count")]);
        assert!(samples.contains_key(&format!("{name}_sum")));
    }
    samples
}

#[test]
fn metrics_count_the_traffic_and_name_no_review() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("relay.db");
    let relay = start(
        &[
            "--listen",
            "127.0.0.1:0",
            "--db",
            db.to_str().unwrap(),
            "--appends-per-minute",
            "0",
            "--max-message-bytes",
            "1000",
        ],
        &[],
    );
    let client = Client::new(&relay.base);
    let (status, before) = get(&format!("{}/metrics", relay.base));
    assert_eq!(status, 200);
    let before = parse_metrics(&before);
    assert_eq!(before["northstar_relay_appends_total"], 0.0);

    // Client-side totals of the sync routes' body bytes, each way.
    let (mut sent, mut received) = (0usize, 0usize);
    for i in 0..5 {
        let body = format!("{ENVELOPE}-{i}");
        let reply = client.append(LOG, TOKEN, body.as_bytes());
        assert_eq!(reply.status, 200);
        sent += body.len();
        received += reply.body.len();
    }
    let big = vec![b'x'; 2000];
    let reply = client.append(LOG, TOKEN, &big);
    assert_eq!(reply.status, 413);
    sent += big.len();
    received += reply.body.len();
    for query in ["after=0", "after=3", "after=5"] {
        let reply = client.pull(LOG, TOKEN, query);
        assert_eq!(reply.status, 200);
        received += reply.body.len();
    }
    for _ in 0..2 {
        let reply = client.pull(LOG, WRONG_TOKEN, "");
        assert_eq!(reply.status, 403);
        received += reply.body.len();
    }
    let (status, body) = get(&format!("{}/no/such/route", relay.base));
    assert_eq!(status, 404);
    received += body.len();
    let health = client.health();
    assert_eq!(health.body, b"ok", "the old health route still answers");
    received += health.body.len();
    let (status, body) = get(&format!("{}/healthz", relay.base));
    assert_eq!((status, body.as_str()), (200, "ok\n"));

    let (status, text) = get(&format!("{}/metrics", relay.base));
    assert_eq!(status, 200);
    for secret in [LOG, TOKEN, WRONG_TOKEN, ENVELOPE] {
        assert!(!text.contains(secret), "/metrics shows {secret}");
    }
    let m = parse_metrics(&text);
    assert_eq!(m["northstar_relay_appends_total"], 5.0);
    assert_eq!(m["northstar_relay_pulls_total"], 3.0);
    assert_eq!(m["northstar_relay_received_bytes_total"], sent as f64);
    assert_eq!(m["northstar_relay_sent_bytes_total"], received as f64);
    assert_eq!(
        m["northstar_relay_refusals_total{code=\"unauthorised\"}"],
        2.0
    );
    assert_eq!(m["northstar_relay_refusals_total{code=\"too-large\"}"], 1.0);
    assert_eq!(m["northstar_relay_refusals_total{code=\"quota\"}"], 0.0);
    assert_eq!(m["northstar_relay_append_duration_seconds_count"], 6.0);
    assert_eq!(m["northstar_relay_pull_duration_seconds_count"], 5.0);
    assert!(m["northstar_relay_append_duration_seconds_sum"] > 0.0);
    let requests = |route: &str, method: &str, status: u16| {
        let key = format!(
            "northstar_relay_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}}"
        );
        m.get(&key).copied().unwrap_or(0.0)
    };
    assert_eq!(requests("/v1/logs/{log}", "POST", 200), 5.0);
    assert_eq!(requests("/v1/logs/{log}", "POST", 413), 1.0);
    assert_eq!(requests("/v1/logs/{log}", "GET", 403), 2.0);
    assert_eq!(requests("unmatched", "GET", 404), 1.0);
    assert_eq!(requests("/healthz", "GET", 200), 1.0);
    assert_eq!(requests("/metrics", "GET", 200), 1.0, "the earlier scrape");
    // This scrape itself is the one request in flight.
    assert_eq!(m["northstar_relay_requests_in_flight"], 1.0);
    let (status, _) = relay.stop();
    assert!(status.success());
}

#[test]
fn probes_and_scrapes_are_never_rate_limited() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("relay.db");
    let relay = start(
        &["--listen", "127.0.0.1:0", "--db", db.to_str().unwrap()],
        // Everything from this machine shares one small allowance, as clients behind one
        // proxy do.
        &[("NORTHSTAR_RELAY_REQUESTS_PER_MINUTE_PER_CLIENT", "3")],
    );
    let client = Client::new(&relay.base);
    for _ in 0..3 {
        assert_eq!(client.health().status, 200);
    }
    let over = client.pull(LOG, TOKEN, "");
    assert_eq!(over.status, 429, "the allowance is used up");
    assert_eq!(over.error().code, "rate");
    for _ in 0..20 {
        assert_eq!(get(&format!("{}/healthz", relay.base)).0, 200);
        assert_eq!(get(&format!("{}/metrics", relay.base)).0, 200);
    }
    let m = parse_metrics(&get(&format!("{}/metrics", relay.base)).1);
    assert_eq!(m["northstar_relay_refusals_total{code=\"rate\"}"], 1.0);
    let (status, _) = relay.stop();
    assert!(status.success());
}

#[test]
fn flags_beat_variables_beat_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let config = dir.path().join("relay.toml");
    write(
        &config,
        &format!("log_format = \"json\"\ndb = \"{}\"\n", path("file.db")),
    );
    let config = config.to_str().unwrap();
    let env_db = path("env.db");
    let env = [
        ("NORTHSTAR_RELAY_CONFIG", config),
        ("NORTHSTAR_RELAY_LOG_FORMAT", "text"),
        ("NORTHSTAR_RELAY_DB", env_db.as_str()),
    ];

    // The variables beat the file: text lines, and the variable's database.
    let relay = start(&["--listen", "127.0.0.1:0"], &env);
    assert_eq!(
        Client::new(&relay.base).append(LOG, TOKEN, b"one").status,
        200
    );
    let (_, lines) = relay.stop();
    assert!(Path::new(&env_db).exists());
    assert!(!Path::new(&path("file.db")).exists());
    let started = lines
        .iter()
        .find(|l| l.contains("relay started"))
        .expect("a start line");
    assert!(!started.starts_with('{'), "text, not JSON: {started}");
    assert!(started.contains("INFO"), "{started}");

    // The flags beat the variables.
    let flag_db = path("flag.db");
    let relay = start(
        &[
            "--listen",
            "127.0.0.1:0",
            "--log-format",
            "json",
            "--db",
            &flag_db,
        ],
        &env,
    );
    assert_eq!(
        Client::new(&relay.base).append(LOG, TOKEN, b"one").status,
        200
    );
    let (_, lines) = relay.stop();
    assert!(Path::new(&flag_db).exists());
    assert!(lines
        .iter()
        .all(|l| serde_json::from_str::<Value>(l).is_ok()));
}

/// `der` as a PEM block.
fn pem(label: &str, der: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::new();
    for chunk in der.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                text.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                text.push('=');
            }
        }
    }
    let lines: Vec<&str> = text
        .as_bytes()
        .chunks(64)
        .map(|l| std::str::from_utf8(l).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// A certificate for 127.0.0.1: its DER, and PEM files of it and its key.
fn certificate(dir: &Path, name: &str) -> (Vec<u8>, String, String) {
    let key = rcgen::KeyPair::generate().unwrap();
    let params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
    let cert = params.self_signed(&key).unwrap();
    let cert_path = dir.join(format!("{name}.crt"));
    let key_path = dir.join(format!("{name}.key"));
    write(&cert_path, &pem("CERTIFICATE", cert.der()));
    write(&key_path, &pem("PRIVATE KEY", &key.serialize_der()));
    (
        cert.der().to_vec(),
        cert_path.to_str().unwrap().to_owned(),
        key_path.to_str().unwrap().to_owned(),
    )
}

#[test]
fn tls_is_served_from_pem_files() {
    let dir = tempfile::tempdir().unwrap();
    let (der, cert, key) = certificate(dir.path(), "relay");
    let db = dir.path().join("relay.db");
    let relay = start(
        &["--listen", "127.0.0.1:0", "--db", db.to_str().unwrap()],
        &[
            ("NORTHSTAR_RELAY_TLS_CERT", cert.as_str()),
            ("NORTHSTAR_RELAY_TLS_KEY", key.as_str()),
        ],
    );
    assert!(
        relay.base.starts_with("https://127.0.0.1:"),
        "{}",
        relay.base
    );
    // Only a client trusting exactly this certificate is used, so the relay served it.
    let tls = ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::new_with_certs(&[
            ureq::tls::Certificate::from_der(&der).to_owned(),
        ]))
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(tls)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let body = agent
        .get(format!("{}/healthz", relay.base))
        .call()
        .expect("an https answer")
        .into_body()
        .read_to_string()
        .unwrap();
    assert_eq!(body, "ok\n");
    let (status, lines) = relay.stop();
    assert!(status.success());
    assert!(lines
        .iter()
        .any(|l| l.contains("relay started") && l.contains("tls=true")));
}

/// Arguments, environment variables, and words the refusal must contain.
type Case<'a> = (Vec<String>, Vec<(&'a str, &'a str)>, Vec<&'a str>);

#[test]
fn bad_settings_stop_the_relay_with_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let (_, cert, key) = certificate(dir.path(), "relay");
    let (_, _, other_key) = certificate(dir.path(), "other");
    let db = dir.path().join("relay.db").to_str().unwrap().to_owned();
    let config = dir.path().join("relay.toml");
    // Its own database path, so a relay that wrongly started would leave it in the temporary
    // folder, where the last check finds it.
    write(
        &config,
        &format!("listen = \"127.0.0.1:0\"\ndb = \"{db}\"\nqouta_bytes = 5\n"),
    );
    let config = config.to_str().unwrap().to_owned();
    let missing = dir.path().join("absent.pem").to_str().unwrap().to_owned();
    let absent_config = dir.path().join("absent.toml").to_str().unwrap().to_owned();
    let base = ["--listen", "127.0.0.1:0", "--db", db.as_str()];
    let with = |extra: &[&str]| -> Vec<String> {
        base.iter()
            .chain(extra)
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    let cases: Vec<Case<'_>> = vec![
        (
            vec!["--config".into(), config.clone()],
            vec![],
            vec![config.as_str(), "line 3", "qouta_bytes"],
        ),
        (
            with(&["--config", &absent_config]),
            vec![],
            vec!["absent.toml"],
        ),
        (
            with(&[]),
            vec![("NORTHSTAR_RELAY_LISTN", "127.0.0.1:0")],
            vec!["NORTHSTAR_RELAY_LISTN"],
        ),
        (
            // Not --listen, which would win over the variable.
            vec!["--db".into(), db.clone()],
            vec![("NORTHSTAR_RELAY_LISTEN", "everywhere")],
            vec!["NORTHSTAR_RELAY_LISTEN", "`listen`"],
        ),
        (
            with(&["--tls-cert", &missing, "--tls-key", &key]),
            vec![],
            vec!["certificate", "absent.pem"],
        ),
        (
            with(&["--tls-cert", &cert, "--tls-key", &missing]),
            vec![],
            vec!["key", "absent.pem"],
        ),
        (
            with(&["--tls-cert", &cert, "--tls-key", &other_key]),
            vec![],
            vec!["does not match", "relay.crt", "other.key"],
        ),
        (with(&["--tls-cert", &cert]), vec![], vec!["tls_key"]),
    ];
    for (args, env, words) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stderr) = refused(&args, &env);
        assert_eq!(code, 2, "{args:?} {env:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        assert!(stderr.starts_with("northstar-relay: "), "{stderr}");
        for word in words {
            assert!(
                stderr.contains(word),
                "{args:?} {env:?}: {stderr:?} lacks {word}"
            );
        }
    }
    assert!(
        !Path::new(&db).exists(),
        "nothing was created by a refused start"
    );
}
