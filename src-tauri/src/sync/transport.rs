//! How envelopes reach a relay. [`Transport`] is the seam: [`HttpRelay`] speaks the relay's
//! HTTP interface; tests put a lossy, duplicating network behind the same trait.

use super::SyncError;
use northstar_schema::sync::api::{
    AppendReceipt, RelayErrorBody, EXPIRES_HEADER, HEAD_HEADER, MAX_WAIT_SECONDS,
    SNAPSHOT_COVERS_HEADER,
};
use northstar_schema::sync::{decode_entries, LogEntry, MAX_ENVELOPE_BYTES};
use std::time::Duration;

/// What one pull brought back.
#[derive(Debug, Default)]
pub struct Pulled {
    pub entries: Vec<LogEntry>,
    /// The log's newest seq, for progress.
    pub head: u64,
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

/// A relay over plain HTTP.
pub struct HttpRelay {
    base: String,
    agent: ureq::Agent,
    sent: u64,
    received: u64,
}

impl HttpRelay {
    pub fn new(base: &str) -> HttpRelay {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(MAX_WAIT_SECONDS + 30)))
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
        SyncError::Unreachable {
            relay: self.base.clone(),
            detail: e.to_string(),
        }
    }
}

fn refusal(status: u16, body: &[u8]) -> SyncError {
    let message = serde_json::from_slice::<RelayErrorBody>(body)
        .map(|b| b.error)
        .unwrap_or_else(|_| format!("it answered with HTTP status {status}"));
    SyncError::RelayRefused { status, message }
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
        let mut response = self
            .agent
            .put(format!("{}/v1/drops/{drop_id}", self.base))
            .header("authorization", format!("Bearer {token}"))
            .header(EXPIRES_HEADER, expires_at.to_string())
            .send(bytes)
            .map_err(|e| self.unreachable(e))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 * 1024)
            .read_to_vec()
            .map_err(|e| self.unreachable(e))?;
        match status {
            200 => Ok(()),
            _ => Err(refusal(status, &body)),
        }
    }

    /// Takes drop `drop_id`; `Ok(None)` when there is none (taken, expired, or never left).
    pub fn take_drop(&mut self, drop_id: &str, token: &str) -> Result<Option<Vec<u8>>, SyncError> {
        let mut response = self
            .agent
            .post(format!("{}/v1/drops/{drop_id}/take", self.base))
            .header("authorization", format!("Bearer {token}"))
            .send_empty()
            .map_err(|e| self.unreachable(e))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 * 1024)
            .read_to_vec()
            .map_err(|e| self.unreachable(e))?;
        match status {
            200 => Ok(Some(body)),
            410 => Ok(None),
            _ => Err(refusal(status, &body)),
        }
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
        let mut request = self
            .agent
            .post(format!("{}/v1/logs/{log_id}", self.base))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/octet-stream");
        if let Some(covers) = snapshot_covers {
            request = request.header(SNAPSHOT_COVERS_HEADER, covers.to_string());
        }
        let mut response = request.send(envelope).map_err(|e| self.unreachable(e))?;
        self.sent += envelope.len() as u64;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 * 1024)
            .read_to_vec()
            .map_err(|e| self.unreachable(e))?;
        self.received += body.len() as u64;
        if status != 200 {
            return Err(refusal(status, &body));
        }
        let receipt: AppendReceipt =
            serde_json::from_slice(&body).map_err(|_| SyncError::BadRelayAnswer)?;
        Ok(receipt.seq)
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
        Ok(Pulled { entries, head })
    }

    fn bytes(&self) -> (u64, u64) {
        (self.sent, self.received)
    }
}
