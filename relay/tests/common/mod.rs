//! Shared by the integration tests: a relay on a real socket, and a blocking client for it.
#![allow(dead_code)]

pub mod postgres;

use northstar_relay::{serve, Limits, Relay, SqliteLogStore};
use northstar_schema::sync::api::{
    AppendReceipt, RelayErrorBody, HEAD_HEADER, SNAPSHOT_COVERS_HEADER,
};
use northstar_schema::sync::{decode_entries, LogEntry, MAX_ENVELOPE_BYTES};
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

pub const LOG: &str = "0123456789abcdef0123456789abcdef";
pub const OTHER_LOG: &str = "fedcba9876543210fedcba9876543210";
pub const TOKEN: &str = "00112233445566778899aabbccddeeff";
pub const WRONG_TOKEN: &str = "ffeeddccbbaa99887766554433221100";

/// A relay serving on 127.0.0.1 from its own runtime thread; stops when dropped.
pub struct TestServer {
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl TestServer {
    pub fn start(limits: Limits) -> TestServer {
        let store = SqliteLogStore::open_in_memory().expect("in-memory store");
        TestServer::start_with(Relay::new(store, limits))
    }

    pub fn start_with(relay: Relay<SqliteLogStore>) -> TestServer {
        TestServer::start_on(relay, "127.0.0.1")
    }

    /// As [`TestServer::start_with`], listening on `ip` (every address: `0.0.0.0`).
    pub fn start_on(relay: Relay<SqliteLogStore>, ip: &'static str) -> TestServer {
        let relay = Arc::new(relay);
        let (addr_tx, addr_rx) = std::sync::mpsc::channel::<SocketAddr>();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind((ip, 0)).await.expect("bind");
                addr_tx
                    .send(listener.local_addr().expect("addr"))
                    .expect("send addr");
                serve(listener, relay, async {
                    let _ = stop_rx.await;
                })
                .await
                .expect("serve");
            });
        });
        let addr = addr_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the relay started");
        TestServer {
            base: format!("http://{addr}"),
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// Asks the server to stop and waits for it; returns how long that took.
    pub fn stop(mut self) -> Duration {
        let started = std::time::Instant::now();
        self.shutdown();
        started.elapsed()
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            thread.join().expect("the server thread ended cleanly");
        }
    }

    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// What came back from one request.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn error(&self) -> RelayErrorBody {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "status {} body is not a RelayErrorBody ({e}): {:?}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn receipt(&self) -> AppendReceipt {
        assert_eq!(
            self.status,
            200,
            "append refused: {:?}",
            String::from_utf8_lossy(&self.body)
        );
        serde_json::from_slice(&self.body).expect("an AppendReceipt")
    }

    pub fn entries(&self) -> Vec<LogEntry> {
        assert_eq!(
            self.status,
            200,
            "pull refused: {:?}",
            String::from_utf8_lossy(&self.body)
        );
        decode_entries(&self.body, MAX_ENVELOPE_BYTES).expect("a framed pull response")
    }

    pub fn head(&self) -> u64 {
        self.headers
            .get(HEAD_HEADER)
            .expect("a head header")
            .to_str()
            .expect("ascii")
            .parse()
            .expect("a number")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A blocking client that reports every status instead of turning 4xx into errors.
#[derive(Clone)]
pub struct Client {
    base: String,
    agent: ureq::Agent,
}

impl Client {
    pub fn new(base: &str) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Client {
            base: base.to_owned(),
            agent,
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn try_post(
        &self,
        log: &str,
        auth: Option<&str>,
        covers: Option<&str>,
        body: &[u8],
    ) -> Result<Reply, ureq::Error> {
        let mut request = self.agent.post(format!("{}/v1/logs/{log}", self.base));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        if let Some(covers) = covers {
            request = request.header(SNAPSHOT_COVERS_HEADER, covers);
        }
        reply(request.send(body)?)
    }

    /// POST as the log's owner: with its second token too.
    pub fn append_as_owner(&self, log: &str, token: &str, owner: &str, body: &[u8]) -> Reply {
        let request = self
            .agent
            .post(format!("{}/v1/logs/{log}", self.base))
            .header("authorization", &format!("Bearer {token}"))
            .header("x-northstar-owner-token", owner);
        reply(request.send(body).expect("the relay answered")).expect("a reply")
    }

    /// POST with extra headers.
    pub fn append_with(
        &self,
        log: &str,
        token: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Reply {
        let mut request = self
            .agent
            .post(format!("{}/v1/logs/{log}", self.base))
            .header("authorization", &format!("Bearer {token}"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        reply(request.send(body).expect("the relay answered")).expect("a reply")
    }

    /// DELETE a log.
    pub fn delete(&self, log: &str, token: &str) -> Reply {
        let request = self
            .agent
            .delete(format!("{}/v1/logs/{log}", self.base))
            .header("authorization", &format!("Bearer {token}"));
        reply(request.call().expect("the relay answered")).expect("a reply")
    }

    /// The owner withdraws `subject` (hex) from `log`.
    pub fn revoke(&self, log: &str, token: &str, subject: &str) -> Reply {
        let request = self
            .agent
            .post(format!("{}/v1/logs/{log}/revoked", self.base))
            .header("authorization", &format!("Bearer {token}"));
        reply(
            request
                .send(subject.as_bytes())
                .expect("the relay answered"),
        )
        .expect("a reply")
    }

    /// POST with `Authorization: Bearer token`.
    pub fn append(&self, log: &str, token: &str, body: &[u8]) -> Reply {
        self.try_post(log, Some(&format!("Bearer {token}")), None, body)
            .expect("the relay answered")
    }

    pub fn snapshot(&self, log: &str, token: &str, covers: u64, body: &[u8]) -> Reply {
        self.try_post(
            log,
            Some(&format!("Bearer {token}")),
            Some(&covers.to_string()),
            body,
        )
        .expect("the relay answered")
    }

    /// GET `/v1/logs/{log}?{query}` with an optional raw `Authorization` value.
    pub fn get_raw(&self, log: &str, auth: Option<&str>, query: &str) -> Reply {
        let mut url = format!("{}/v1/logs/{log}", self.base);
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        let mut request = self.agent.get(url);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        reply(request.call().expect("the relay answered")).expect("a readable reply")
    }

    pub fn pull(&self, log: &str, token: &str, query: &str) -> Reply {
        self.get_raw(log, Some(&format!("Bearer {token}")), query)
    }

    /// PUT a one-time message, expiring at `expires_at` (seconds since 1970).
    pub fn put_drop(&self, drop: &str, token: &str, expires_at: i64, body: &[u8]) -> Reply {
        let request = self
            .agent
            .put(format!("{}/v1/drops/{drop}", self.base))
            .header("authorization", &format!("Bearer {token}"))
            .header(
                northstar_schema::sync::api::EXPIRES_HEADER,
                &expires_at.to_string(),
            );
        reply(request.send(body).expect("the relay answered")).expect("a readable reply")
    }

    /// Takes a one-time message.
    pub fn take_drop(&self, drop: &str, token: &str) -> Reply {
        let request = self
            .agent
            .post(format!("{}/v1/drops/{drop}/take", self.base))
            .header("authorization", &format!("Bearer {token}"));
        reply(request.send_empty().expect("the relay answered")).expect("a readable reply")
    }

    pub fn health(&self) -> Reply {
        let response = self
            .agent
            .get(format!("{}/v1/health", self.base))
            .call()
            .expect("the relay answered");
        reply(response).expect("a readable reply")
    }
}

fn reply(response: ureq::http::Response<ureq::Body>) -> Result<Reply, ureq::Error> {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()?;
    Ok(Reply {
        status,
        headers,
        body,
    })
}
