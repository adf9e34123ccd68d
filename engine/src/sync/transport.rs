//! How envelopes reach a relay. [`Transport`] is the seam: [`HttpRelay`] speaks the relay's
//! HTTP interface; tests put a lossy, duplicating network behind the same trait.

use super::SyncError;
use northstar_schema::sync::api::{
    AppendReceipt, RelayErrorBody, BEFORE_HEADER, EXPIRES_HEADER, HEAD_HEADER, MAX_WAIT_SECONDS,
    OWNER_TOKEN_HEADER, ROOM_HEADER, SNAPSHOT_COVERS_HEADER,
};
use northstar_schema::sync::{
    decode_entries, LogEntry, LogOwner, LOG_OWNER_HEADER, MAX_ENVELOPE_BYTES,
};
use std::time::Duration;

/// What one pull brought back.
#[derive(Debug, Default)]
pub struct Pulled {
    pub entries: Vec<LogEntry>,
    /// The log's newest seq, for progress.
    pub head: u64,
    /// For a pull after seq `n > 0`, what the relay says it holds at `n`.
    pub before: Before,
    /// The bytes members may still append to the log, and its quota, if the relay said.
    pub room: Option<(u64, u64)>,
}

/// What a relay says it holds at the position a pull started after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Before {
    /// It did not say (a relay older than this check, or a pull from the start).
    #[default]
    NotSaid,
    /// No entry there.
    Missing,
    /// An entry with this SHA-256.
    Digest([u8; 32]),
}

impl Before {
    /// Reads the relay's `x-northstar-before` header value.
    pub fn from_header(value: Option<&str>) -> Before {
        match value.map(str::trim) {
            None => Before::NotSaid,
            Some("none") => Before::Missing,
            Some(hex) => hex::decode(hex)
                .ok()
                .and_then(|d| <[u8; 32]>::try_from(d).ok())
                .map_or(Before::NotSaid, Before::Digest),
        }
    }
}

/// A relay, reached somehow.
pub trait Transport {
    /// A short name for people and for the sync tables ("http://192.0.2.10:7878").
    fn name(&self) -> &str;
    /// Appends one sealed envelope; the relay's seq for it once it is durable there.
    fn append(
        &mut self,
        log_id: &str,
        token: &str,
        envelope: &[u8],
        snapshot_covers: Option<u64>,
    ) -> Result<u64, SyncError>;
    /// As [`Transport::append`], from the review's owner, with what proves it
    /// ([`OwnerProof`]): the relay creates a per-member log only for its owner, and lets the
    /// owner use a reserve past a full log's quota, so a member who filled it cannot stop the
    /// owner removing them.
    fn append_as_owner(
        &mut self,
        log_id: &str,
        token: &str,
        owner: &OwnerProof,
        envelope: &[u8],
        snapshot_covers: Option<u64>,
    ) -> Result<u64, SyncError>;
    /// The owner withdraws `subject`'s credential for `log_id` (a removed member's device).
    fn revoke(&mut self, log_id: &str, token: &str, subject: &[u8; 32]) -> Result<(), SyncError>;
    /// Deletes the review's log, and its earlier key generations' logs, for good (the owner's
    /// device only, with its own credential).
    fn delete_log(&mut self, log_id: &str, token: &str) -> Result<(), SyncError>;
    /// Entries after `after`; a newcomer (`from_snapshot`) starts at the newest snapshot.
    fn pull(
        &mut self,
        log_id: &str,
        token: &str,
        after: u64,
        from_snapshot: bool,
        wait: Option<Duration>,
    ) -> Result<Pulled, SyncError>;
    /// Bytes sent and received so far (bodies), for the status line and benchmarks.
    fn bytes(&self) -> (u64, u64) {
        (0, 0)
    }
}

/// How the owner's device shows the relay it is the owner.
#[derive(Debug, Clone)]
pub enum OwnerProof {
    /// A per-member log: what creates it (the owner's credential is the request's token).
    Log(LogOwner),
    /// A shared-token log: the owner's second token (`OWNER_TOKEN_HEADER`).
    Token(String),
}

/// A relay over HTTP, or HTTPS (see [`HttpRelay::new`] and [`HttpRelay::pinned`]).
pub struct HttpRelay {
    base: String,
    agent: ureq::Agent,
    sent: u64,
    received: u64,
}

/// Which certificates an `https://` relay may prove itself with.
enum Trust<'a> {
    /// A public authority's, checked the normal way (Mozilla's roots): a council's relay.
    Usual,
    /// This one only: a meeting room's, pinned by the invitation made there.
    Pinned(&'a [u8]),
    /// Any: only for taking a one-time message whose contents are sealed anyway.
    Any,
}

impl HttpRelay {
    /// A relay at `base`; an `https://` one must prove itself with a publicly trusted
    /// certificate.
    pub fn new(base: &str) -> HttpRelay {
        HttpRelay::with_trust(base, Trust::Usual)
    }

    /// A meeting room's relay at `base`, which must prove itself with exactly `cert` (DER).
    pub fn pinned(base: &str, cert: &[u8]) -> HttpRelay {
        HttpRelay::with_trust(base, Trust::Pinned(cert))
    }

    /// As [`HttpRelay::new`], or pinned to `cert` when there is one.
    pub fn trusting(base: &str, cert: Option<&[u8]>) -> HttpRelay {
        match cert {
            Some(cert) => HttpRelay::pinned(base, cert),
            None => HttpRelay::new(base),
        }
    }

    /// For taking a meeting room's one-time message by its short code, which cannot carry a
    /// certificate: the message is sealed under a key only the code derives, so a relay
    /// that is not the room's learns nothing from it, and the invitation inside pins the
    /// room's certificate for everything after.
    pub(crate) fn for_room_code(base: &str) -> HttpRelay {
        HttpRelay::with_trust(base, Trust::Any)
    }

    fn with_trust(base: &str, trust: Trust<'_>) -> HttpRelay {
        let tls = match trust {
            Trust::Usual => ureq::tls::TlsConfig::builder().build(),
            Trust::Pinned(cert) => ureq::tls::TlsConfig::builder()
                .root_certs(ureq::tls::RootCerts::new_with_certs(&[
                    ureq::tls::Certificate::from_der(cert).to_owned(),
                ]))
                .build(),
            Trust::Any => ureq::tls::TlsConfig::builder()
                .disable_verification(true)
                .build(),
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(MAX_WAIT_SECONDS + 30)))
            .tls_config(tls)
            .build()
            .into();
        HttpRelay {
            base: base.trim_end_matches('/').to_string(),
            agent,
            sent: 0,
            received: 0,
        }
    }

    fn unreachable(&self, e: ureq::Error) -> SyncError {
        let bad_certificate = |r: &rustls::Error| matches!(r, rustls::Error::InvalidCertificate(_));
        let refused = match &e {
            ureq::Error::Rustls(r) => bad_certificate(r),
            // ureq passes rustls's verdict on through the connection's I/O error.
            ureq::Error::Io(io) => io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                .is_some_and(bad_certificate),
            _ => false,
        };
        if refused {
            return SyncError::WrongCertificate {
                relay: self.base.clone(),
            };
        }
        SyncError::Unreachable {
            relay: self.base.clone(),
            detail: e.to_string(),
        }
    }
}

fn refusal(status: u16, body: &[u8]) -> SyncError {
    match serde_json::from_slice::<RelayErrorBody>(body) {
        Ok(b) if b.code == "revoked" => SyncError::RemovedAtRelay,
        Ok(b) => SyncError::RelayRefused {
            status,
            message: b.error,
        },
        Err(_) => SyncError::RelayRefused {
            status,
            message: format!("it answered with HTTP status {status}"),
        },
    }
}

/// One-time messages (a meeting room's invitation): left once, taken once, gone after
/// their expiry by the relay's own clock.
impl HttpRelay {
    /// Leaves `bytes` as drop `drop_id` until `expires_at` (seconds since 1970).
    pub fn put_drop(
        &mut self,
        drop_id: &str,
        token: &str,
        bytes: &[u8],
        expires_at: i64,
    ) -> Result<(), SyncError> {
        let response = self
            .agent
            .put(format!("{}/v1/drops/{drop_id}", self.base))
            .header("authorization", format!("Bearer {token}"))
            .header(EXPIRES_HEADER, expires_at.to_string())
            .send(bytes);
        match self.small_answer(response)? {
            (200, _) => Ok(()),
            (status, body) => Err(refusal(status, &body)),
        }
    }

    /// Takes drop `drop_id`; `Ok(None)` when there is none (taken, expired, or never left).
    pub fn take_drop(&mut self, drop_id: &str, token: &str) -> Result<Option<Vec<u8>>, SyncError> {
        let response = self
            .agent
            .post(format!("{}/v1/drops/{drop_id}/take", self.base))
            .header("authorization", format!("Bearer {token}"))
            .send_empty();
        match self.small_answer(response)? {
            (200, body) => Ok(Some(body)),
            (410, _) => Ok(None),
            (status, body) => Err(refusal(status, &body)),
        }
    }

    /// Appends one entry, with the owner's second token when there is one.
    fn post_entry(
        &mut self,
        log_id: &str,
        token: &str,
        owner: Option<&OwnerProof>,
        envelope: &[u8],
        snapshot_covers: Option<u64>,
    ) -> Result<u64, SyncError> {
        let mut request = self
            .agent
            .post(format!("{}/v1/logs/{log_id}", self.base))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/octet-stream");
        if let Some(covers) = snapshot_covers {
            request = request.header(SNAPSHOT_COVERS_HEADER, covers.to_string());
        }
        match owner {
            Some(OwnerProof::Token(owner)) => request = request.header(OWNER_TOKEN_HEADER, owner),
            Some(OwnerProof::Log(owner)) => {
                request = request.header(LOG_OWNER_HEADER, owner.to_header())
            }
            None => {}
        }
        let response = request.send(envelope);
        if response.is_ok() {
            self.sent += envelope.len() as u64;
        }
        let (status, body) = self.small_answer(response)?;
        if status != 200 {
            return Err(refusal(status, &body));
        }
        let receipt: AppendReceipt =
            serde_json::from_slice(&body).map_err(|_| SyncError::BadRelayAnswer)?;
        Ok(receipt.seq)
    }

    /// The status and body (at most 64 KiB) of an answer expected to be small.
    fn small_answer(
        &mut self,
        response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<(u16, Vec<u8>), SyncError> {
        let mut response = response.map_err(|e| self.unreachable(e))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 * 1024)
            .read_to_vec()
            .map_err(|e| self.unreachable(e))?;
        self.received += body.len() as u64;
        Ok((status, body))
    }
}

impl Transport for HttpRelay {
    fn name(&self) -> &str {
        &self.base
    }

    fn append(
        &mut self,
        log_id: &str,
        token: &str,
        envelope: &[u8],
        snapshot_covers: Option<u64>,
    ) -> Result<u64, SyncError> {
        self.post_entry(log_id, token, None, envelope, snapshot_covers)
    }

    fn append_as_owner(
        &mut self,
        log_id: &str,
        token: &str,
        owner: &OwnerProof,
        envelope: &[u8],
        snapshot_covers: Option<u64>,
    ) -> Result<u64, SyncError> {
        self.post_entry(log_id, token, Some(owner), envelope, snapshot_covers)
    }

    fn revoke(&mut self, log_id: &str, token: &str, subject: &[u8; 32]) -> Result<(), SyncError> {
        let response = self
            .agent
            .post(format!("{}/v1/logs/{log_id}/revoked", self.base))
            .header("authorization", format!("Bearer {token}"))
            .send(hex::encode(subject).as_bytes());
        match self.small_answer(response)? {
            (200, _) => Ok(()),
            (status, body) => Err(refusal(status, &body)),
        }
    }

    fn delete_log(&mut self, log_id: &str, token: &str) -> Result<(), SyncError> {
        let response = self
            .agent
            .delete(format!("{}/v1/logs/{log_id}", self.base))
            .header("authorization", format!("Bearer {token}"))
            .call();
        match self.small_answer(response)? {
            (200, _) => Ok(()),
            (status, body) => Err(refusal(status, &body)),
        }
    }

    fn pull(
        &mut self,
        log_id: &str,
        token: &str,
        after: u64,
        from_snapshot: bool,
        wait: Option<Duration>,
    ) -> Result<Pulled, SyncError> {
        let mut url = format!("{}/v1/logs/{log_id}?after={after}", self.base);
        if from_snapshot {
            url.push_str("&from_snapshot=true");
        }
        if let Some(wait) = wait {
            url.push_str(&format!("&wait={}", wait.as_secs().min(MAX_WAIT_SECONDS)));
        }
        let mut response = self
            .agent
            .get(url)
            .header("authorization", format!("Bearer {token}"))
            .call()
            .map_err(|e| self.unreachable(e))?;
        let status = response.status().as_u16();
        let before = Before::from_header(
            response
                .headers()
                .get(BEFORE_HEADER)
                .and_then(|v| v.to_str().ok()),
        );
        let room = response
            .headers()
            .get(ROOM_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .and_then(|(room, quota)| Some((room.parse().ok()?, quota.parse().ok()?)));
        let head = response
            .headers()
            .get(HEAD_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let body = response
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_vec()
            .map_err(|e| self.unreachable(e))?;
        self.received += body.len() as u64;
        if status != 200 {
            return Err(refusal(status, &body));
        }
        let entries = decode_entries(&body, MAX_ENVELOPE_BYTES)?;
        Ok(Pulled {
            entries,
            head,
            before,
            room,
        })
    }

    fn bytes(&self) -> (u64, u64) {
        (self.sent, self.received)
    }
}
