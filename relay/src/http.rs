//! The relay's HTTP face: [`router`] maps the paths in [`northstar_schema::sync::api`] onto
//! [`Relay`], and [`serve`] runs it on a listener until told to stop.
//!
//! Every refusal, including ones axum itself would make (an unreadable path, an oversized
//! body), is turned into a [`RelayErrorBody`] so clients only ever parse one error shape.
//!
//! [`RelayErrorBody`]: northstar_schema::sync::api::RelayErrorBody

use crate::error::{RelayError, Result};
use crate::metrics::{HEALTHZ_ROUTE, LOG_ROUTE, METRICS_ROUTE};
use crate::service::{parse_covers, PullQuery, Relay};
use crate::storage::LogStore;
use axum::body::{Body, HttpBody};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use northstar_schema::sync::api::SNAPSHOT_COVERS_HEADER;
use northstar_schema::sync::api::{
    AppendReceipt, BEFORE_HEADER, EXPIRES_HEADER, HEAD_HEADER, MAX_DROP_BYTES, OWNER_TOKEN_HEADER,
    ROOM_HEADER,
};
use northstar_schema::sync::{encode_entries, LogOwner, LOG_OWNER_HEADER};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::net::TcpListener;

/// How far past the message limit an append's body is still read (and thrown away) before
/// answering 413. A client that is still sending when the relay answers and closes sees a
/// broken pipe instead of the refusal, so a modestly oversized message is drained to give it
/// the plain answer; anything much larger is cut off without reading it all.
const DRAIN_BYTES: usize = 16 * 1024 * 1024;

/// The relay's routes over `relay`.
///
/// Append bodies are read by the handler itself, up to [`Limits::max_message_bytes`], rather
/// than through axum's `DefaultBodyLimit` (2 MB unless changed, below the envelope limit),
/// whose refusal drops the connection under a client still sending.
///
/// [`Limits::max_message_bytes`]: crate::Limits::max_message_bytes
///
/// Every request first takes from its client's allowance ([`Limits::requests_per_minute_per_client`],
/// by the connection's address when the server knows it), and at most
/// [`Limits::max_concurrent_requests`] are handled at once; the rest wait their turn.
///
/// [`Limits::requests_per_minute_per_client`]: crate::Limits::requests_per_minute_per_client
/// [`Limits::max_concurrent_requests`]: crate::Limits::max_concurrent_requests
///
/// `/healthz` and `/metrics` (see [`crate::ops`]) are added after those limits, which a
/// router applies only to the routes it already has, so probes and scrapes always get an
/// answer; every request, limited or not, is logged and counted.
pub fn router<S: LogStore>(relay: Arc<Relay<S>>) -> Router {
    let concurrent = relay.limits().max_concurrent_requests.max(1);
    let metrics = Arc::new(crate::metrics::Metrics::new());
    let health = Arc::new(crate::ops::Health::default());
    let scrape = Arc::clone(&metrics);
    let probed = Arc::clone(&relay);
    Router::new()
        .route("/v1/health", get(|| async { "ok" }))
        .route(
            LOG_ROUTE,
            get(pull::<S>).post(append::<S>).delete(delete_log::<S>),
        )
        .route("/v1/logs/{log}/revoked", post(revoke::<S>))
        .route("/v1/drops/{drop}", put(put_drop::<S>))
        .route("/v1/drops/{drop}/take", post(take_drop::<S>))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&relay),
            per_client::<S>,
        ))
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(concurrent))
        .route(
            HEALTHZ_ROUTE,
            get(move || crate::ops::healthz(Arc::clone(&probed), Arc::clone(&health))),
        )
        .route(
            METRICS_ROUTE,
            get(move || crate::ops::metrics(Arc::clone(&scrape))),
        )
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            crate::ops::observe,
        ))
        .with_state(relay)
}

/// Refuses a request from a client over its allowance before anything else is done with it.
async fn per_client<S: LogStore>(
    State(relay): State<Arc<Relay<S>>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    if let Some(ip) = peer {
        if let Err(e) = relay.check_client(ip) {
            return e.into_response();
        }
    }
    next.run(request).await
}

/// Serves `relay` on `listener` until `shutdown` completes, then stops accepting, releases
/// waiting pulls and returns once open requests have been answered.
///
/// For an embedding app: pass `async { let _ = stop_rx.await; }` for a
/// `tokio::sync::oneshot`, or [`std::future::pending`] to serve forever.
pub async fn serve<S, F>(
    listener: TcpListener,
    relay: Arc<Relay<S>>,
    shutdown: F,
) -> std::io::Result<()>
where
    S: LogStore,
    F: Future<Output = ()> + Send + 'static,
{
    let app = router(Arc::clone(&relay));
    let signal = async move {
        shutdown.await;
        relay.stop_waiting();
    };
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(signal)
    .await
}

/// The token from an `Authorization` header value: `Bearer <token>`.
pub fn parse_bearer(value: &[u8]) -> Result<&str> {
    let text = std::str::from_utf8(value).map_err(|_| RelayError::MalformedToken)?;
    let (scheme, token) = text
        .trim()
        .split_once(' ')
        .ok_or(RelayError::MalformedToken)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(RelayError::MalformedToken);
    }
    let token = token.trim();
    if token.is_empty() {
        return Err(RelayError::MalformedToken);
    }
    Ok(token)
}

fn token(headers: &HeaderMap) -> Result<&str> {
    match headers.get(header::AUTHORIZATION) {
        None => Err(RelayError::MissingToken),
        Some(value) => parse_bearer(value.as_bytes()),
    }
}

fn log_path(path: std::result::Result<Path<String>, PathRejection>) -> Result<String> {
    path.map(|Path(log)| log)
        .map_err(|_| RelayError::bad_request("the log id in this address cannot be read"))
}

/// The address of the client making a request, where the server recorded it.
type Client = Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>;

fn client_ip(client: Client) -> Option<std::net::IpAddr> {
    client.map(|axum::Extension(c)| c.0.ip())
}

async fn append<S: LogStore>(
    State(relay): State<Arc<Relay<S>>>,
    client: Client,
    path: std::result::Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<AppendReceipt>> {
    let limit = relay.limits().max_message_bytes;
    let body = read_body_in_time(body, limit, relay.limits().body_seconds).await;
    let log = log_path(path)?;
    let token = token(&headers)?;
    let covers = parse_covers(
        headers
            .get(SNAPSHOT_COVERS_HEADER)
            .map(HeaderValue::as_bytes),
    )?;
    let owner_token = headers
        .get(OWNER_TOKEN_HEADER)
        .map(|v| v.to_str().map_err(|_| RelayError::MalformedToken))
        .transpose()?;
    let log_owner =
        match headers.get(LOG_OWNER_HEADER) {
            None => None,
            Some(value) => Some(value.to_str().ok().and_then(LogOwner::parse).ok_or_else(
                || {
                    RelayError::bad_request(format!(
                        "the `{LOG_OWNER_HEADER}` header must be three 64-digit hex values \
                         joined by dots"
                    ))
                },
            )?),
        };
    let from = crate::service::Appender {
        client: client_ip(client),
        owner_token,
        log_owner: log_owner.as_ref(),
    };
    let receipt = relay.append_from(from, &log, token, body?, covers).await?;
    Ok(Json(receipt))
}

/// The owner deletes a log and everything in it.
async fn delete_log<S: LogStore>(
    State(relay): State<Arc<Relay<S>>>,
    path: std::result::Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Json<()>> {
    let log = log_path(path)?;
    let token = token(&headers)?;
    relay.delete_log(&log, token).await?;
    Ok(Json(()))
}

/// The owner withdraws one device's credential: the body is its subject key in hex.
async fn revoke<S: LogStore>(
    State(relay): State<Arc<Relay<S>>>,
    path: std::result::Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<()>> {
    let body = read_body_in_time(body, 256, relay.limits().body_seconds).await?;
    let log = log_path(path)?;
    let token = token(&headers)?;
    let subject = std::str::from_utf8(&body)
        .map_err(|_| RelayError::bad_request("the device to remove must be given as hex"))?;
    relay.revoke(&log, token, subject).await?;
    Ok(Json(()))
}

async fn put_drop<S: LogStore>(
    State(relay): State<Arc<Relay<S>>>,
    client: Client,
    path: std::result::Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<()>> {
    let body = read_body_in_time(body, MAX_DROP_BYTES, relay.limits().body_seconds).await;
    let drop = log_path(path)?;
    let token = token(&headers)?;
    let expires_at = headers
        .get(EXPIRES_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .ok_or_else(|| {
            RelayError::bad_request(format!(
                "a one-time message needs an `{EXPIRES_HEADER}` header: seconds since 1970"
            ))
        })?;
    relay
        .put_drop_from(client_ip(client), &drop, token, body?, expires_at)
        .await?;
    Ok(Json(()))
}

async fn take_drop<S: LogStore>(
    State(relay): State<Arc<Relay<S>>>,
    path: std::result::Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response> {
    let drop = log_path(path)?;
    let token = token(&headers)?;
    let bytes = relay.take_drop(&drop, token).await?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        )],
        bytes,
    )
        .into_response())
}

/// As [`read_body`], within `seconds`: a client trickling its body in a byte at a time must
/// not hold a connection (and a place among the concurrent requests) for ever.
async fn read_body_in_time(body: Body, limit: usize, seconds: u64) -> Result<Vec<u8>> {
    tokio::time::timeout(
        std::time::Duration::from_secs(seconds.max(1)),
        read_body(body, limit),
    )
    .await
    .unwrap_or(Err(RelayError::SlowBody))
}

/// Reads a body of at most `limit` bytes. A longer one is drained (up to [`DRAIN_BYTES`]
/// more) and refused, so the client has finished sending when it gets the 413.
async fn read_body(mut body: Body, limit: usize) -> Result<Vec<u8>> {
    let too_large = RelayError::TooLarge { limit };
    let drain_limit = limit.saturating_add(DRAIN_BYTES);
    let announced = body
        .size_hint()
        .exact()
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    if announced.is_some_and(|n| n > drain_limit) {
        return Err(too_large);
    }
    let mut bytes = Vec::with_capacity(announced.unwrap_or(0).min(limit));
    let mut seen = 0usize;
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|_| {
            RelayError::bad_request("the message body could not be read completely")
        })?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen = seen.saturating_add(data.len());
        if seen <= limit {
            bytes.extend_from_slice(&data);
        } else if seen > drain_limit {
            return Err(too_large);
        }
    }
    if seen > limit {
        return Err(too_large);
    }
    Ok(bytes)
}

async fn pull<S: LogStore>(
    State(relay): State<Arc<Relay<S>>>,
    path: std::result::Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response> {
    let log = log_path(path)?;
    let token = token(&headers)?;
    let query = PullQuery::parse(query.as_deref())?;
    let pull = relay.pull(&log, token, query).await?;
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (
                header::HeaderName::from_static(HEAD_HEADER),
                HeaderValue::from(pull.head),
            ),
        ],
        encode_entries(&pull.entries),
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&format!("{} {}", pull.room.0, pull.room.1)) {
        response
            .headers_mut()
            .insert(header::HeaderName::from_static(ROOM_HEADER), value);
    }
    if let Some(before) = pull.before {
        let value = before.map_or_else(|| "none".to_string(), hex::encode);
        if let Ok(value) = HeaderValue::from_str(&value) {
            response
                .headers_mut()
                .insert(header::HeaderName::from_static(BEFORE_HEADER), value);
        }
    }
    Ok(response)
}
