//! The relay's rules, independent of HTTP: who may append and read, how much, how fast, and
//! how a pull waits for news.
//!
//! Keeping this apart from [`crate::http`] lets the desktop app's tests (and ours) drive the
//! relay without sockets, and keeps every parse of untrusted input in one place where the
//! property tests can reach it.

use crate::error::{RelayError, Result};
use crate::limits::{Limits, RateLimiter};
use crate::storage::{Change, LogKind, LogStore, PullView};
use northstar_schema::sync::api::{is_log_id, AppendReceipt, MAX_PULL_ENTRIES, MAX_WAIT_SECONDS};
use northstar_schema::sync::api::{MAX_DROP_BYTES, MAX_DROP_SECONDS};
use northstar_schema::sync::{LogEntry, LogOwner, MemberCredential};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;
use tokio::sync::{broadcast, Notify};

/// Shortest and longest accepted tokens, in hex digits (16 to 64 bytes).
const MIN_TOKEN_HEX: usize = 32;
const MAX_TOKEN_HEX: usize = 128;

/// What a pull asks for; see [`northstar_schema::sync::api`] for the query parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PullQuery {
    /// Return entries with seq greater than this.
    pub after: u64,
    /// At most this many entries (1 to [`MAX_PULL_ENTRIES`]).
    pub limit: usize,
    /// Hold the request open up to this many seconds if there is nothing new (capped at
    /// [`MAX_WAIT_SECONDS`]).
    pub wait_seconds: u64,
    /// With `after == 0`: start at the newest snapshot instead of entry 1.
    pub from_snapshot: bool,
}

impl Default for PullQuery {
    fn default() -> PullQuery {
        PullQuery {
            after: 0,
            limit: MAX_PULL_ENTRIES,
            wait_seconds: 0,
            from_snapshot: false,
        }
    }
}

impl PullQuery {
    /// Reads a URL query string (`after=3&limit=10&wait=20&from_snapshot=true`).
    ///
    /// Unknown parameters are ignored so newer clients can talk to older relays. A `limit`
    /// or `wait` above the maximum is lowered to it rather than refused, since asking for
    /// "as much as you allow" is a reasonable thing for a client to do.
    pub fn parse(raw: Option<&str>) -> Result<PullQuery> {
        let mut query = PullQuery::default();
        for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "after" => query.after = number("after", value)?,
                "limit" => {
                    let limit = number("limit", value)?;
                    if limit == 0 {
                        return Err(RelayError::bad_request(
                            "`limit` must be at least 1: a pull of no entries says nothing",
                        ));
                    }
                    query.limit = usize::try_from(limit)
                        .unwrap_or(MAX_PULL_ENTRIES)
                        .min(MAX_PULL_ENTRIES);
                }
                "wait" => query.wait_seconds = number("wait", value)?.min(MAX_WAIT_SECONDS),
                "from_snapshot" => {
                    query.from_snapshot = match value {
                        "" | "true" | "1" => true,
                        "false" | "0" => false,
                        other => {
                            return Err(RelayError::bad_request(format!(
                                "`from_snapshot` must be true or false, not {}",
                                quoted(other)
                            )))
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(query)
    }
}

/// Reads the [`SNAPSHOT_COVERS_HEADER`] value: absent for an ordinary append, else the
/// highest seq the snapshot includes.
///
/// [`SNAPSHOT_COVERS_HEADER`]: northstar_schema::sync::api::SNAPSHOT_COVERS_HEADER
pub fn parse_covers(value: Option<&[u8]>) -> Result<Option<u64>> {
    let Some(value) = value else {
        return Ok(None);
    };
    let text = std::str::from_utf8(value).unwrap_or("\u{fffd}").trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RelayError::bad_request(format!(
            "the snapshot covers header must be a whole number of entries, not {}",
            quoted(text)
        )));
    }
    text.parse().map(Some).map_err(|_| {
        RelayError::bad_request("the snapshot covers header is a number too large to be a seq")
    })
}

/// What a request's `Authorization` carries.
enum Credential {
    /// A shared token, by its hash.
    Shared([u8; 32]),
    /// One member's own credential.
    Member(MemberCredential),
}

impl Credential {
    fn parse(token: &str) -> Result<Credential> {
        if token.contains('.') {
            MemberCredential::parse(token)
                .map(Credential::Member)
                .ok_or(RelayError::MalformedToken)
        } else {
            hash_token(token).map(Credential::Shared)
        }
    }
}

/// Whether the owner `owner_key` signed `credential` for the review `series`.
fn signed_by(owner_key: &[u8; 32], series: &[u8; 32], credential: &MemberCredential) -> bool {
    let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(owner_key) else {
        return false;
    };
    let signature = ed25519_dalek::Signature::from_bytes(&credential.signature);
    key.verify_strict(
        &MemberCredential::statement(series, &credential.subject),
        &signature,
    )
    .is_ok()
}

/// SHA-256 of a well-formed token: what the store keeps and compares.
///
/// The token is hex; its decoded bytes are hashed, so upper- and lower-case spellings of one
/// token are the same token.
pub fn hash_token(token: &str) -> Result<[u8; 32]> {
    if !(MIN_TOKEN_HEX..=MAX_TOKEN_HEX).contains(&token.len()) {
        return Err(RelayError::MalformedToken);
    }
    let bytes = hex::decode(token).map_err(|_| RelayError::MalformedToken)?;
    Ok(Sha256::digest(bytes).into())
}

fn number(name: &str, value: &str) -> Result<u64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RelayError::bad_request(format!(
            "`{name}` must be a whole number, not {}",
            quoted(value)
        )));
    }
    value
        .parse()
        .map_err(|_| RelayError::bad_request(format!("`{name}` is too large")))
}

/// Echoes a bit of the offending input, enough to recognise it but not a whole request.
fn quoted(value: &str) -> String {
    let short: String = value.chars().take(40).collect();
    if short.len() < value.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn check_log_id(log_id: &str) -> Result<()> {
    if is_log_id(log_id) {
        Ok(())
    } else {
        Err(RelayError::bad_request(format!(
            "{} is not a log id: a log id is 32 lowercase hex digits",
            quoted(log_id)
        )))
    }
}

/// What a pull returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pull {
    /// In rising seq order, no duplicates.
    pub entries: Vec<LogEntry>,
    /// The log's newest seq when the pull was answered.
    pub head: u64,
    /// For a pull after seq `n > 0`: whether the log holds an entry at `n`, and its SHA-256.
    /// `None` for a pull from the start.
    pub before: Option<Option<[u8; 32]>>,
    /// Bytes members may still append before the log's quota, and the quota.
    pub room: (u64, u64),
}

type WaiterMap = Mutex<HashMap<String, Arc<Notify>>>;

/// The relay: a [`LogStore`] plus the rules around it.
///
/// Share it as `Arc<Relay<S>>`; every method takes `&self`.
pub struct Relay<S: LogStore> {
    store: S,
    limits: Limits,
    rate: RateLimiter,
    /// Requests per network address, so one client cannot crowd out the rest.
    clients: RateLimiter,
    /// One [`Notify`] per log that has a pull waiting on it, removed when the last waiter
    /// leaves, so the map is only as large as the number of open long-polls.
    waiters: Arc<WaiterMap>,
    /// Appends made by other relay processes over the same store ([`LogStore::changes`]),
    /// until the first pull waits and starts passing them on to `waiters`.
    changes: Mutex<Option<broadcast::Receiver<Change>>>,
    /// The task passing them on, stopped with the relay.
    forwarder: Mutex<Option<tokio::task::JoinHandle<()>>>,
    closing: AtomicBool,
    closed: Notify,
}

impl<S: LogStore> Drop for Relay<S> {
    fn drop(&mut self) {
        let forwarder = self.forwarder.get_mut().unwrap_or_else(|p| p.into_inner());
        if let Some(task) = forwarder.take() {
            task.abort();
        }
    }
}

impl<S: LogStore> std::fmt::Debug for Relay<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relay")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl<S: LogStore> Relay<S> {
    pub fn new(store: S, limits: Limits) -> Relay<S> {
        // Subscribed now, so nothing another instance appends from here on is missed, even
        // before the task that passes it on starts (which needs a runtime; see `pull`).
        let changes = Mutex::new(store.changes());
        Relay {
            store,
            rate: RateLimiter::new(limits.appends_per_minute_per_log),
            clients: RateLimiter::new(limits.requests_per_minute_per_client),
            limits,
            waiters: Arc::new(Mutex::new(HashMap::new())),
            changes,
            forwarder: Mutex::new(None),
            closing: AtomicBool::new(false),
            closed: Notify::new(),
        }
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Whether the client at `client` (`None`: this machine) may create logs and one-time
    /// messages here.
    fn may_create(&self, client: Option<std::net::IpAddr>) -> bool {
        !self.limits.host_only_creates || client.is_none_or(|ip| ip.is_loopback())
    }

    /// Takes one request's worth from the allowance of the client at `addr`.
    pub fn check_client(&self, addr: std::net::IpAddr) -> Result<()> {
        self.clients
            .check(&addr.to_string())
            .map_err(|retry_after| RelayError::Rate { retry_after })
    }

    /// Appends one sealed envelope to `log_id` with the client's hex `token`.
    ///
    /// The first append to a log creates it and makes `token` its key. `snapshot_covers`
    /// marks the envelope as a snapshot including entries up to that seq.
    pub async fn append(
        &self,
        log_id: &str,
        token: &str,
        bytes: Vec<u8>,
        snapshot_covers: Option<u64>,
    ) -> Result<AppendReceipt> {
        let from = Appender::default();
        self.append_from(from, log_id, token, bytes, snapshot_covers)
            .await
    }

    /// As [`Relay::append`], from the client at `from.client` (`None`: this machine), which
    /// under [`Limits::host_only_creates`] may append to a log only if it exists already, and
    /// with the owner's second token if it sent one (see [`OWNER_TOKEN_HEADER`]).
    ///
    /// [`OWNER_TOKEN_HEADER`]: northstar_schema::sync::api::OWNER_TOKEN_HEADER
    pub async fn append_from(
        &self,
        from: Appender<'_>,
        log_id: &str,
        token: &str,
        bytes: Vec<u8>,
        snapshot_covers: Option<u64>,
    ) -> Result<AppendReceipt> {
        let client = from.client;
        check_log_id(log_id)?;
        let credential = Credential::parse(token)?;
        if bytes.is_empty() {
            return Err(RelayError::bad_request(
                "an empty message cannot be appended: there is nothing to store",
            ));
        }
        if bytes.len() > self.limits.max_message_bytes {
            return Err(RelayError::TooLarge {
                limit: self.limits.max_message_bytes,
            });
        }
        let host_only = !self.may_create(client);
        let max_logs = if host_only {
            Some(0)
        } else {
            self.limits.max_logs
        };
        let by_owner = match credential {
            Credential::Member(credential) => {
                self.admit_member(log_id, &credential, from.log_owner, max_logs)
                    .await
            }
            Credential::Shared(token_hash) => {
                match self
                    .store
                    .register_or_check(log_id, token_hash, max_logs)
                    .await
                {
                    Err(e) => Err(e),
                    // The owner's second token: a wrong one is no owner's, not a refusal, so
                    // nobody can shut the owner out by claiming the log first.
                    Ok(_) => match from.owner_token {
                        Some(owner) => self.store.is_owner(log_id, hash_token(owner)?).await,
                        None => Ok(false),
                    },
                }
            }
        }
        .map_err(|e| match e {
            RelayError::RelayFull if host_only => RelayError::HostOnly,
            e => e,
        })?;
        // Only after the token is checked: otherwise anyone who learnt a log id could use up
        // its owner's allowance with wrong tokens.
        self.rate
            .check(log_id)
            .map_err(|retry_after| RelayError::Rate { retry_after })?;
        // The owner's appends may go past the quota, into a reserve: a member who filled the
        // log cannot stop the owner removing them.
        let quota = if by_owner {
            self.limits
                .quota_bytes_per_log
                .saturating_add(northstar_schema::sync::api::OWNER_RESERVE_BYTES)
        } else {
            self.limits.quota_bytes_per_log
        };
        let seq = self
            .store
            .append(log_id, bytes, snapshot_covers, quota)
            .await?;
        if let Some(notify) = lock(&self.waiters).get(log_id) {
            notify.notify_waiters();
        }
        Ok(AppendReceipt { seq })
    }

    /// Leaves a one-time message (a meeting room's invitation) as drop `drop_id` under the
    /// client's `token`, until `expires_at` (seconds since 1970, at most
    /// [`MAX_DROP_SECONDS`] ahead). The relay deletes it when it is taken, and refuses to hand
    /// it out once expired, whatever the client that left it believes about the time.
    pub async fn put_drop(
        &self,
        drop_id: &str,
        token: &str,
        bytes: Vec<u8>,
        expires_at: i64,
    ) -> Result<()> {
        self.put_drop_from(None, drop_id, token, bytes, expires_at)
            .await
    }

    /// As [`Relay::put_drop`], from the client at `client` (`None`: this machine), refused
    /// under [`Limits::host_only_creates`] unless it is this machine.
    pub async fn put_drop_from(
        &self,
        client: Option<std::net::IpAddr>,
        drop_id: &str,
        token: &str,
        bytes: Vec<u8>,
        expires_at: i64,
    ) -> Result<()> {
        if !self.may_create(client) {
            return Err(RelayError::HostOnly);
        }
        check_log_id(drop_id)?;
        let token_hash = hash_token(token)?;
        if bytes.is_empty() || bytes.len() > MAX_DROP_BYTES {
            return Err(RelayError::TooLarge {
                limit: MAX_DROP_BYTES,
            });
        }
        let now = unix_now();
        if expires_at <= now || expires_at > now + MAX_DROP_SECONDS {
            return Err(RelayError::bad_request(format!(
                "a one-time message must expire within {} hours from now",
                MAX_DROP_SECONDS / 3600
            )));
        }
        self.rate
            .check(drop_id)
            .map_err(|retry_after| RelayError::Rate { retry_after })?;
        self.store
            .put_drop(
                drop_id,
                token_hash,
                bytes,
                expires_at,
                now,
                self.limits.max_drops,
            )
            .await
    }

    /// Answers drop `drop_id` and deletes it: it can be taken once.
    pub async fn take_drop(&self, drop_id: &str, token: &str) -> Result<Vec<u8>> {
        check_log_id(drop_id)?;
        let token_hash = hash_token(token)?;
        // Guesses cost the guesser: the same allowance as appends to one log.
        self.rate
            .check(drop_id)
            .map_err(|retry_after| RelayError::Rate { retry_after })?;
        self.store.take_drop(drop_id, token_hash, unix_now()).await
    }

    /// Checks that `token` opens `log_id`, which must exist.
    async fn admit(&self, log_id: &str, token: &str) -> Result<()> {
        match Credential::parse(token)? {
            Credential::Shared(hash) => self.store.check(log_id, hash).await,
            Credential::Member(credential) => self
                .admit_member(log_id, &credential, None, Some(0))
                .await
                .map(|_| ()),
        }
    }

    /// Checks a member's credential against the log's owner, creating the log when its
    /// owner's device brings `log_owner`; answers whether the credential is the owner's own.
    async fn admit_member(
        &self,
        log_id: &str,
        credential: &MemberCredential,
        log_owner: Option<&LogOwner>,
        max_logs: Option<u64>,
    ) -> Result<bool> {
        let (owner_key, series) = match self.store.log_kind(log_id).await? {
            LogKind::PerMember { owner_key, series } => (owner_key, series),
            // A member's credential says nothing to a log opened by a shared token.
            LogKind::SharedToken => return Err(RelayError::Forbidden),
            LogKind::Unknown => {
                let Some(owner) = log_owner else {
                    return Err(RelayError::UnknownLog);
                };
                // Only the owner's device can make the log: the id is bound to its key, and
                // the credential must be the owner's own, signed by that key.
                if owner.log_id() != log_id
                    || credential.subject != owner.owner_key
                    || !signed_by(&owner.owner_key, &owner.series, credential)
                {
                    return Err(RelayError::Forbidden);
                }
                self.store
                    .create_per_member(log_id, owner.owner_key, owner.series, max_logs)
                    .await?;
                (owner.owner_key, owner.series)
            }
        };
        if !signed_by(&owner_key, &series, credential) {
            return Err(RelayError::Forbidden);
        }
        if self.store.is_revoked(log_id, credential.subject).await? {
            return Err(RelayError::Revoked);
        }
        Ok(credential.subject == owner_key)
    }

    /// The owner withdraws `subject`'s credential for `log_id` (a removed member's device):
    /// from then on the relay refuses it every read and write of the log.
    pub async fn revoke(&self, log_id: &str, token: &str, subject: &str) -> Result<()> {
        check_log_id(log_id)?;
        let Credential::Member(credential) = Credential::parse(token)? else {
            return Err(RelayError::Forbidden);
        };
        let subject: [u8; 32] = hex::decode(subject.trim())
            .ok()
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| {
                RelayError::bad_request("the device to remove must be given as 64 hex digits")
            })?;
        if !self
            .admit_member(log_id, &credential, None, Some(0))
            .await?
        {
            return Err(RelayError::Forbidden);
        }
        if subject == credential.subject {
            return Err(RelayError::bad_request(
                "the review's owner cannot remove its own device",
            ));
        }
        self.store.revoke(log_id, subject).await
    }

    /// The owner deletes `log_id` and everything in it (a review erased at the owner's end).
    /// Only a per-member log's owner can: a shared token is every member's.
    pub async fn delete_log(&self, log_id: &str, token: &str) -> Result<()> {
        check_log_id(log_id)?;
        let Credential::Member(credential) = Credential::parse(token)? else {
            return Err(RelayError::Forbidden);
        };
        if !self
            .admit_member(log_id, &credential, None, Some(0))
            .await?
        {
            return Err(RelayError::Forbidden);
        }
        self.store.delete_log(log_id).await?;
        if let Some(notify) = lock(&self.waiters).get(log_id) {
            notify.notify_waiters();
        }
        Ok(())
    }

    /// Reads entries from `log_id`, waiting for news if asked to and there is none.
    pub async fn pull(&self, log_id: &str, token: &str, query: PullQuery) -> Result<Pull> {
        check_log_id(log_id)?;
        self.admit(log_id, token).await?;
        let wait = Duration::from_secs(query.wait_seconds.min(MAX_WAIT_SECONDS));
        let query = PullQuery {
            limit: query.limit.clamp(1, MAX_PULL_ENTRIES),
            ..query
        };
        if wait.is_zero() {
            return Ok(self.answer(self.read(log_id, &query).await?));
        }

        self.hear_other_instances();
        let deadline = tokio::time::Instant::now() + wait;
        let waiter = Waiter::join(&self.waiters, log_id);
        let closed = self.closed.notified();
        tokio::pin!(closed);
        closed.as_mut().enable();
        let view = loop {
            // Register interest before reading, so an append landing between the read and
            // the wait still wakes us.
            let appended = waiter.notify().notified();
            tokio::pin!(appended);
            appended.as_mut().enable();

            let view = self.read(log_id, &query).await?;
            if !view.entries.is_empty() || self.closing.load(Ordering::SeqCst) {
                break view;
            }
            tokio::select! {
                _ = &mut appended => {}
                _ = &mut closed => break self.read(log_id, &query).await?,
                _ = tokio::time::sleep_until(deadline) => break self.read(log_id, &query).await?,
            }
            // Woken with nothing new: another instance's news about an append this pull has
            // already read, or a wake-everyone after the store lost touch. Wait on for the
            // rest of the time, unless the log itself was deleted.
            if self.store.log_kind(log_id).await? == LogKind::Unknown {
                break self.read(log_id, &query).await?;
            }
        };
        Ok(self.answer(view))
    }

    /// Starts passing on other relay instances' appends (from [`LogStore::changes`]) to the
    /// pulls waiting here, once: called from a pull, which runs inside the runtime the task
    /// needs.
    fn hear_other_instances(&self) {
        let Some(changes) = self
            .changes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        else {
            return;
        };
        let task = tokio::spawn(forward_changes(changes, Arc::downgrade(&self.waiters)));
        *self.forwarder.lock().unwrap_or_else(|p| p.into_inner()) = Some(task);
    }

    /// Wakes every waiting pull and stops new ones from waiting, so a shutdown does not sit
    /// out open long-polls. The relay keeps answering requests, but pulls never wait again:
    /// to serve again after [`crate::serve`] has stopped, make a new `Relay` over the store.
    pub fn stop_waiting(&self) {
        self.closing.store(true, Ordering::SeqCst);
        self.closed.notify_waiters();
    }

    /// Reads what a pull answers, in one call to the store.
    async fn read(&self, log_id: &str, query: &PullQuery) -> Result<PullView> {
        let mut after = query.after;
        if query.from_snapshot && query.after == 0 {
            // The snapshot's own seq is above what it covers, so reading after `covers`
            // yields the snapshot plus everything it does not include, in seq order.
            if let Some((_snapshot_seq, covers)) = self.store.snapshot_start(log_id).await? {
                after = covers;
            }
        }
        self.store
            .pull_view(log_id, after, query.limit, query.after)
            .await
    }

    fn answer(&self, view: PullView) -> Pull {
        let quota = self.limits.quota_bytes_per_log;
        Pull {
            entries: view.entries,
            head: view.head,
            before: view.before,
            room: (quota.saturating_sub(view.usage), quota),
        }
    }
}

/// Who an append comes from, as far as the relay can tell.
#[derive(Debug, Clone, Copy, Default)]
pub struct Appender<'a> {
    /// The client's network address (`None`: this machine, or not known).
    pub client: Option<std::net::IpAddr>,
    /// The owner's second token, if the client sent one (a shared-token log).
    pub owner_token: Option<&'a str>,
    /// What the owner's device sends so the relay can create a per-member log.
    pub log_owner: Option<&'a LogOwner>,
}

/// Wakes the pulls waiting on each log another instance changed, until the relay is dropped
/// or the store stops sending.
async fn forward_changes(mut changes: broadcast::Receiver<Change>, waiters: Weak<WaiterMap>) {
    loop {
        let change = changes.recv().await;
        let Some(map) = waiters.upgrade() else {
            return;
        };
        let waiting = lock(&map);
        match change {
            Ok(Change::Log(log_id)) => {
                if let Some(notify) = waiting.get(&log_id) {
                    notify.notify_waiters();
                }
            }
            // Missed news: every waiting pull looks again.
            Ok(Change::Everything) | Err(broadcast::error::RecvError::Lagged(_)) => {
                for notify in waiting.values() {
                    notify.notify_waiters();
                }
            }
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

/// A poisoned map is still a usable map: its values are only wake-up handles.
fn lock(map: &WaiterMap) -> MutexGuard<'_, HashMap<String, Arc<Notify>>> {
    map.lock().unwrap_or_else(|p| p.into_inner())
}

/// One waiting pull's share of its log's [`Notify`].
struct Waiter<'a> {
    map: &'a WaiterMap,
    log_id: String,
    /// Only `None` while being dropped.
    notify: Option<Arc<Notify>>,
}

impl<'a> Waiter<'a> {
    fn join(map: &'a WaiterMap, log_id: &str) -> Waiter<'a> {
        let notify = Arc::clone(lock(map).entry(log_id.to_owned()).or_default());
        Waiter {
            map,
            log_id: log_id.to_owned(),
            notify: Some(notify),
        }
    }

    fn notify(&self) -> &Notify {
        self.notify.as_deref().expect("present until drop")
    }
}

impl Drop for Waiter<'_> {
    fn drop(&mut self) {
        let mut map = lock(self.map);
        // Every clone and drop of these Arcs happens under the lock, so a count of two (the
        // map's and ours) really means we are the last waiter.
        if let Some(notify) = self.notify.take() {
            if Arc::strong_count(&notify) == 2 {
                map.remove(&self.log_id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::SqliteLogStore;

    const LOG: &str = "0123456789abcdef0123456789abcdef";
    const TOKEN: &str = "00112233445566778899aabbccddeeff";

    #[tokio::test]
    async fn waiters_leave_no_trace() {
        let relay = Arc::new(Relay::new(
            SqliteLogStore::open_in_memory().unwrap(),
            Limits::default(),
        ));
        relay
            .append(LOG, TOKEN, b"one".to_vec(), None)
            .await
            .unwrap();
        let query = PullQuery {
            after: 1,
            wait_seconds: 5,
            ..PullQuery::default()
        };
        let mut pulls = Vec::new();
        for _ in 0..3 {
            let relay = Arc::clone(&relay);
            pulls.push(tokio::spawn(
                async move { relay.pull(LOG, TOKEN, query).await },
            ));
        }
        while lock(&relay.waiters).get(LOG).map_or(0, Arc::strong_count) < 4 {
            tokio::task::yield_now().await;
        }
        let appended = std::time::Instant::now();
        relay
            .append(LOG, TOKEN, b"two".to_vec(), None)
            .await
            .unwrap();
        for pull in pulls {
            let pull = pull.await.unwrap().unwrap();
            assert_eq!(pull.entries.len(), 1);
            assert_eq!(pull.entries[0].bytes, b"two");
        }
        assert!(
            appended.elapsed() < Duration::from_secs(3),
            "the append woke the pulls before their 5-second wait ran out"
        );
        assert!(lock(&relay.waiters).is_empty());
    }

    #[tokio::test]
    async fn stop_waiting_releases_long_polls_at_once() {
        let relay = Arc::new(Relay::new(
            SqliteLogStore::open_in_memory().unwrap(),
            Limits::default(),
        ));
        relay
            .append(LOG, TOKEN, b"one".to_vec(), None)
            .await
            .unwrap();
        let query = PullQuery {
            after: 1,
            wait_seconds: 30,
            ..PullQuery::default()
        };
        let waiting = {
            let relay = Arc::clone(&relay);
            tokio::spawn(async move { relay.pull(LOG, TOKEN, query).await })
        };
        while lock(&relay.waiters).is_empty() {
            tokio::task::yield_now().await;
        }
        let started = std::time::Instant::now();
        relay.stop_waiting();
        let pull = waiting.await.unwrap().unwrap();
        assert!(pull.entries.is_empty());
        assert_eq!(pull.head, 1);
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
