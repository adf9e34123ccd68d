//! Every way the relay refuses a request, in words a person can act on.
//!
//! Each variant carries its HTTP status and a stable `code` so clients can branch on the code
//! and show the message. The message is the only text that leaves the relay: storage details
//! stay in the relay's own log, because they would tell an outsider nothing useful and might
//! tell an attacker something.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use northstar_schema::sync::api::RelayErrorBody;

/// Why the relay refused a request.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    /// No `Authorization` header at all.
    #[error("this request has no access token: it must carry `Authorization: Bearer <token>`")]
    MissingToken,
    /// An `Authorization` header that is not `Bearer` followed by a hex token.
    #[error(
        "the access token is not in the expected form (`Bearer` and 32 to 128 hex digits, or a \
         member's credential)"
    )]
    MalformedToken,
    /// A well-formed token that is not the one the log was created with.
    #[error("this log belongs to another review's key: the access token does not match")]
    Forbidden,
    /// A device whose credential the review's owner has withdrawn: a removed member.
    #[error(
        "this device has been removed from this review: the relay no longer lets it read or \
         send anything for it"
    )]
    Revoked,
    /// A read, or an append through a store, of a log nobody has created.
    #[error("there is no log with this id on this relay: nothing has been sent to it yet")]
    UnknownLog,
    /// A one-time message that was taken already, expired, or never left.
    #[error(
        "there is no message here: it was already collected, it expired, or the code is wrong"
    )]
    Gone,
    /// An envelope over the relay's message limit.
    #[error("this message is larger than the relay's {limit}-byte limit")]
    TooLarge { limit: usize },
    /// The log has used its storage allowance; nothing was stored.
    #[error(
        "this review has used its {quota}-byte storage allowance on this relay. Nothing is \
         lost: the review's owner's device moves it to a fresh log at its next sync, and this \
         device's changes go there then. If someone filled it on purpose, the owner can remove \
         them; if the review itself is that big, ask whoever runs the relay for more room"
    )]
    Quota { quota: u64 },
    /// A meeting room's relay starts logs and one-time messages only for the laptop it runs on.
    #[error(
        "only the computer running this meeting room can start a review or leave an \
         invitation on it: ask whoever runs the meeting to share the review first"
    )]
    HostOnly,
    /// The relay already holds as many logs as its operator allows.
    #[error("this relay is full: it already holds as many reviews as its operator allows")]
    RelayFull,
    /// Too many appends to one log too quickly.
    #[error("too many messages were sent to this review too quickly: try again in {retry_after} seconds")]
    Rate { retry_after: u64 },
    /// A request body that did not arrive in time (a client sending very slowly).
    #[error("the message took too long to arrive: check the connection and try again")]
    SlowBody,
    /// Something in the request could not be understood; the message says what.
    #[error("{0}")]
    BadRequest(String),
    /// Storage failed. The detail is for the operator's log only, never for the response.
    #[error("the relay could not read or write its storage just now: please try again later")]
    Internal { detail: String },
    /// The relay's database cannot be reached (a shared PostgreSQL server that is down, out
    /// of connections or restarting). Nothing was stored, and the relay recovers by itself
    /// when the database is back. The detail is for the operator's log only.
    #[error(
        "the relay's database cannot be reached just now. Your changes are safe on your \
         device: try again shortly"
    )]
    StorageUnavailable { detail: String },
}

impl RelayError {
    /// A storage failure, keeping the detail for the operator.
    pub fn internal(detail: impl std::fmt::Display) -> RelayError {
        RelayError::Internal {
            detail: detail.to_string(),
        }
    }

    /// The database is out of reach, keeping the detail for the operator.
    pub fn unavailable(detail: impl std::fmt::Display) -> RelayError {
        RelayError::StorageUnavailable {
            detail: detail.to_string(),
        }
    }

    /// A request the relay could not understand.
    pub fn bad_request(message: impl Into<String>) -> RelayError {
        RelayError::BadRequest(message.into())
    }

    /// The HTTP status this refusal answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            RelayError::MissingToken | RelayError::MalformedToken => StatusCode::UNAUTHORIZED,
            RelayError::Forbidden | RelayError::HostOnly | RelayError::Revoked => {
                StatusCode::FORBIDDEN
            }
            RelayError::UnknownLog => StatusCode::NOT_FOUND,
            RelayError::Gone => StatusCode::GONE,
            RelayError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            RelayError::Quota { .. } | RelayError::RelayFull => StatusCode::INSUFFICIENT_STORAGE,
            RelayError::Rate { .. } => StatusCode::TOO_MANY_REQUESTS,
            RelayError::SlowBody => StatusCode::REQUEST_TIMEOUT,
            RelayError::BadRequest(_) => StatusCode::BAD_REQUEST,
            RelayError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            RelayError::StorageUnavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The stable name clients branch on (see [`RelayErrorBody::code`]).
    pub fn code(&self) -> &'static str {
        match self {
            RelayError::MissingToken | RelayError::MalformedToken | RelayError::Forbidden => {
                "unauthorised"
            }
            RelayError::HostOnly => "host-only",
            RelayError::Revoked => "revoked",
            RelayError::UnknownLog => "unknown-log",
            RelayError::Gone => "gone",
            RelayError::TooLarge { .. } => "too-large",
            RelayError::Quota { .. } | RelayError::RelayFull => "quota",
            RelayError::Rate { .. } => "rate",
            RelayError::SlowBody => "timeout",
            RelayError::BadRequest(_) => "bad-request",
            RelayError::Internal { .. } => "internal",
            RelayError::StorageUnavailable { .. } => "unavailable",
        }
    }

    /// The JSON body sent to the client.
    pub fn body(&self) -> RelayErrorBody {
        RelayErrorBody {
            code: self.code().to_string(),
            error: self.to_string(),
        }
    }
}

impl IntoResponse for RelayError {
    fn into_response(self) -> Response {
        if let RelayError::Internal { detail } = &self {
            // The operator needs the cause; the client only gets the sentence above. Through
            // the relay's log when it keeps one (so JSON logs stay all JSON), else on stderr.
            if tracing::dispatcher::has_been_set() {
                tracing::error!(detail = detail.as_str(), "storage error");
            } else {
                eprintln!("northstar-relay: storage error: {detail}");
            }
        }
        if let RelayError::StorageUnavailable { detail } = &self {
            if tracing::dispatcher::has_been_set() {
                tracing::warn!(detail = detail.as_str(), "database unavailable");
            } else {
                eprintln!("northstar-relay: database unavailable: {detail}");
            }
        }
        let mut response = (self.status(), Json(self.body())).into_response();
        // For the metrics' count of refusals by code (`metrics.rs`).
        response
            .extensions_mut()
            .insert(crate::metrics::Refused(self.code()));
        if let RelayError::Rate { retry_after } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        if let RelayError::StorageUnavailable { .. } = self {
            // A database restart takes seconds; a client that waits that long usually
            // finds it back.
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(UNAVAILABLE_RETRY_SECONDS),
            );
        }
        response
    }
}

/// How long a client is asked to wait after a 503 for an unreachable database.
const UNAVAILABLE_RETRY_SECONDS: u64 = 5;

/// Shorthand for the relay's results.
pub type Result<T, E = RelayError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_has_its_status_and_code() {
        let cases = [
            (RelayError::MissingToken, 401, "unauthorised"),
            (RelayError::MalformedToken, 401, "unauthorised"),
            (RelayError::Forbidden, 403, "unauthorised"),
            (RelayError::HostOnly, 403, "host-only"),
            (RelayError::UnknownLog, 404, "unknown-log"),
            (RelayError::Gone, 410, "gone"),
            (RelayError::TooLarge { limit: 10 }, 413, "too-large"),
            (RelayError::Quota { quota: 10 }, 507, "quota"),
            (RelayError::RelayFull, 507, "quota"),
            (RelayError::Rate { retry_after: 3 }, 429, "rate"),
            (RelayError::SlowBody, 408, "timeout"),
            (RelayError::bad_request("no"), 400, "bad-request"),
            (RelayError::internal("disk I/O error"), 500, "internal"),
            (
                RelayError::unavailable("connection refused"),
                503,
                "unavailable",
            ),
        ];
        for (error, status, code) in cases {
            assert_eq!(error.status().as_u16(), status, "{error:?}");
            assert_eq!(error.code(), code, "{error:?}");
            assert_eq!(error.body().code, code);
            let response = error.into_response();
            assert_eq!(response.status().as_u16(), status);
            assert_eq!(
                response.headers()[header::CONTENT_TYPE],
                "application/json",
                "every refusal is a RelayErrorBody"
            );
        }
    }

    #[test]
    fn storage_details_stay_out_of_the_message() {
        let error = RelayError::internal("SQLITE_CORRUPT at /var/lib/relay/secret-path.db");
        assert!(!error.to_string().contains("secret-path"));
        assert!(!error.body().error.contains("SQLITE"));
    }

    #[test]
    fn an_unreachable_database_says_so_plainly_and_keeps_its_detail() {
        let error = RelayError::unavailable("cannot reach 10.0.0.7:5432: connection refused");
        let message = error.to_string();
        assert!(message.contains("database cannot be reached"), "{message}");
        assert!(message.contains("safe on your device"), "{message}");
        assert!(
            !message.contains("10.0.0.7"),
            "the detail stays with the operator"
        );
        let response = error.into_response();
        assert_eq!(response.status().as_u16(), 503);
        assert_eq!(response.headers()[header::RETRY_AFTER], "5");
    }

    #[test]
    fn a_rate_refusal_says_when_to_retry() {
        let response = RelayError::Rate { retry_after: 7 }.into_response();
        assert_eq!(response.headers()[header::RETRY_AFTER], "7");
    }
}
