//! What the relay tells whoever runs it: one log event per request, `/healthz` and
//! `/metrics`.
//!
//! # What a request's log event holds, and why no more
//!
//! Method, route template, status, duration, body bytes in and out, and the refusal's stable
//! code if it was one. Not the path: a log id is derived from one review's key, so a log of
//! ids would say which review was being worked on when, and from where. Not tokens, headers,
//! query strings or bodies, which are credentials or sealed review content. Not the client's
//! address: for a council's relay it is a family's or a school's home connection, which is
//! personal data, and behind the usual TLS front end it is only the proxy's address anyway.
//! The front end already keeps access logs under the council's own retention rules; the
//! relay's log is for "is it working, and how fast", which needs none of it.
//!
//! `/healthz` and `/metrics` answer outside the per-client allowance and the concurrency
//! limit (see [`crate::router`]), so a busy relay, or one whose clients all arrive through
//! the same proxy as the scraper, is not reported down by its own limits. `/healthz` asks the
//! store at most once a second whatever the request rate, so it cannot be used to load it.

use crate::metrics::{Metrics, Observation, Refused, HEALTHZ_ROUTE, METRICS_ROUTE};
use crate::storage::LogStore;
use crate::Relay;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::body::{Frame, SizeHint};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// Logs and counts every request the router answers (installed outermost, so refusals by
/// the per-client allowance are seen too).
pub(crate) async fn observe(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let read = Arc::new(AtomicU64::new(0));
    let request = request.map(|body| {
        Body::new(Counting {
            inner: body,
            read: Arc::clone(&read),
        })
    });
    let response = {
        let _in_flight = metrics.start();
        next.run(request).await
    };
    let elapsed = started.elapsed();
    let hint = response.body().size_hint();
    let seen = Observation {
        route: route.as_deref(),
        method: &method,
        status: response.status().as_u16(),
        elapsed,
        bytes_in: read.load(Ordering::Relaxed),
        // Every body the relay answers with is whole in memory, so its size is known.
        bytes_out: hint.exact().unwrap_or(hint.lower()),
        refused: response.extensions().get::<Refused>().map(|r| r.0),
    };
    metrics.record(&seen);
    log_request(&seen);
    response
}

/// One event per request; see the module docs for what it holds and why.
fn log_request(seen: &Observation<'_>) {
    let route = seen.route.unwrap_or("unmatched");
    let method = seen.method.as_str();
    // Milliseconds with microsecond precision: readable, and enough to see a slow disk.
    let duration_ms = seen.elapsed.as_micros() as f64 / 1000.0;
    let (status, bytes_in, bytes_out) = (seen.status, seen.bytes_in, seen.bytes_out);
    let code = seen.refused.unwrap_or("");
    macro_rules! event {
        ($level:expr) => {
            tracing::event!(
                $level,
                method,
                route,
                status,
                duration_ms,
                bytes_in,
                bytes_out,
                code,
                "request"
            )
        };
    }
    if route == HEALTHZ_ROUTE || route == METRICS_ROUTE {
        // Probed every few seconds: at the usual level they would bury the requests that
        // matter. Their failures show in the prober, and `/healthz` logs a failing store.
        event!(tracing::Level::DEBUG);
    } else if status >= 500 {
        event!(tracing::Level::WARN);
    } else {
        event!(tracing::Level::INFO);
    }
}

/// A request body that counts the bytes the handler reads from it. It passes the size hint
/// through, so a handler can still refuse an announced oversized body before reading it.
struct Counting {
    inner: Body,
    read: Arc<AtomicU64>,
}

impl HttpBody for Counting {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(Some(Ok(frame))) = &polled {
            if let Some(data) = frame.data_ref() {
                let n = u64::try_from(data.len()).unwrap_or(u64::MAX);
                self.read.fetch_add(n, Ordering::Relaxed);
            }
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// How long `/healthz` waits for the store before calling it down: under a container
/// runtime's usual probe timeout, so the probe gets the plain answer rather than none.
const PING_DEADLINE: Duration = Duration::from_secs(2);

/// How long one store check answers for, however many probes arrive meanwhile.
const PING_REUSE: Duration = Duration::from_secs(1);

/// `/healthz`'s memory of its last check of the store.
#[derive(Debug, Default)]
pub(crate) struct Health {
    last: tokio::sync::Mutex<Option<(Instant, Result<(), &'static str>)>>,
}

impl Health {
    /// Whether the store answers, checked at most once per [`PING_REUSE`]. Callers arriving
    /// while a check runs wait for it and share its answer.
    async fn check<S: LogStore>(&self, relay: &Relay<S>) -> Result<(), &'static str> {
        let mut last = self.last.lock().await;
        if let Some((at, answer)) = *last {
            if at.elapsed() < PING_REUSE {
                return answer;
            }
        }
        let answer = match tokio::time::timeout(PING_DEADLINE, relay.store().ping()).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => {
                let detail = match &e {
                    crate::RelayError::Internal { detail }
                    | crate::RelayError::StorageUnavailable { detail } => detail.as_str(),
                    _ => e.code(),
                };
                tracing::warn!(detail, "health check: the store refused a read");
                Err("not ready: the relay cannot read its storage\n")
            }
            Err(_) => {
                tracing::warn!(
                    seconds = PING_DEADLINE.as_secs(),
                    "health check: the store did not answer in time"
                );
                Err("not ready: the relay's storage did not answer within 2 seconds\n")
            }
        };
        *last = Some((Instant::now(), answer));
        answer
    }
}

/// `GET /healthz`: 200 `ok` when the store answers a cheap read, else 503 in plain words
/// (which never include the store's own error text: that goes to the log).
pub(crate) async fn healthz<S: LogStore>(relay: Arc<Relay<S>>, health: Arc<Health>) -> Response {
    let (status, text) = match health.check(&relay).await {
        Ok(()) => (StatusCode::OK, "ok\n"),
        Err(why) => (StatusCode::SERVICE_UNAVAILABLE, why),
    };
    let mut response = (status, text).into_response();
    // A cached "down" or "up" must not outlive the moment it describes.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /metrics`: the counters in Prometheus text format 0.0.4.
pub(crate) async fn metrics(metrics: Arc<Metrics>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        metrics.render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Result;
    use crate::storage::{Access, LogKind, StoreStats};
    use crate::{Limits, RelayError, SqliteLogStore};
    use northstar_schema::sync::LogEntry;

    /// A store whose every read fails, as a database that has gone away does. It counts the
    /// lookups the default [`LogStore::ping`] makes.
    #[derive(Default)]
    struct Broken {
        heads: AtomicU64,
    }

    fn down<T>() -> Result<T> {
        Err(RelayError::internal(
            "the database server closed the connection",
        ))
    }

    impl LogStore for Broken {
        async fn register_or_check(&self, _: &str, _: [u8; 32], _: Option<u64>) -> Result<Access> {
            down()
        }
        async fn is_owner(&self, _: &str, _: [u8; 32]) -> Result<bool> {
            down()
        }
        async fn check(&self, _: &str, _: [u8; 32]) -> Result<()> {
            down()
        }
        async fn log_kind(&self, _: &str) -> Result<LogKind> {
            down()
        }
        async fn create_per_member(
            &self,
            _: &str,
            _: [u8; 32],
            _: [u8; 32],
            _: Option<u64>,
        ) -> Result<Access> {
            down()
        }
        async fn revoke(&self, _: &str, _: [u8; 32]) -> Result<()> {
            down()
        }
        async fn delete_log(&self, _: &str) -> Result<bool> {
            down()
        }
        async fn is_revoked(&self, _: &str, _: [u8; 32]) -> Result<bool> {
            down()
        }
        async fn append(&self, _: &str, _: Vec<u8>, _: Option<u64>, _: u64) -> Result<u64> {
            down()
        }
        async fn read_after(&self, _: &str, _: u64, _: usize) -> Result<Vec<LogEntry>> {
            down()
        }
        async fn snapshot_start(&self, _: &str) -> Result<Option<(u64, u64)>> {
            down()
        }
        async fn digest_at(&self, _: &str, _: u64) -> Result<Option<[u8; 32]>> {
            down()
        }
        async fn head(&self, _: &str) -> Result<u64> {
            self.heads.fetch_add(1, Ordering::Relaxed);
            down()
        }
        async fn usage(&self, _: &str) -> Result<u64> {
            down()
        }
        async fn stats(&self) -> Result<StoreStats> {
            down()
        }
        async fn put_drop(
            &self,
            _: &str,
            _: [u8; 32],
            _: Vec<u8>,
            _: i64,
            _: i64,
            _: u64,
        ) -> Result<()> {
            down()
        }
        async fn take_drop(&self, _: &str, _: [u8; 32], _: i64) -> Result<Vec<u8>> {
            down()
        }
    }

    async fn body_text(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn healthz_is_ok_while_the_store_answers() {
        let relay = Arc::new(Relay::new(
            SqliteLogStore::open_in_memory().unwrap(),
            Limits::default(),
        ));
        let response = healthz(relay, Arc::default()).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(body_text(response).await, "ok\n");
    }

    #[tokio::test]
    async fn healthz_is_503_in_plain_words_when_the_store_is_down() {
        let relay = Arc::new(Relay::new(Broken::default(), Limits::default()));
        let response = healthz(relay, Arc::default()).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let text = body_text(response).await;
        assert!(text.contains("cannot read its storage"), "{text}");
        assert!(
            !text.contains("closed the connection"),
            "the store's own words stay in the log: {text}"
        );
    }

    #[tokio::test]
    async fn healthz_asks_the_store_at_most_once_a_second() {
        let relay = Arc::new(Relay::new(Broken::default(), Limits::default()));
        let health = Arc::new(Health::default());
        let started = Instant::now();
        for _ in 0..100 {
            let response = healthz(Arc::clone(&relay), Arc::clone(&health)).await;
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        }
        if started.elapsed() < PING_REUSE {
            assert_eq!(relay.store().heads.load(Ordering::Relaxed), 1);
        }
        // Once the answer is old, the next probe asks again.
        if let Some(old) = started.checked_sub(PING_REUSE) {
            *health.last.lock().await = Some((old, Ok(())));
            let response = healthz(Arc::clone(&relay), Arc::clone(&health)).await;
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert!(relay.store().heads.load(Ordering::Relaxed) >= 2);
        }
    }
}
