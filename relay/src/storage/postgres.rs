//! The PostgreSQL backend: one database shared by any number of relay processes, so a council
//! can run several relay instances behind one address and lose any of them without losing a
//! change.
//!
//! # Schema
//!
//! Five tables, each named `relay_…` so the relay can share a database with other things:
//!
//! - `relay_schema`: one row, the schema version. An older relay refuses a database a newer
//!   one has set up rather than misreading it.
//! - `relay_logs`: one row per log: the token hash (or the per-member owner key and series),
//!   the owner's second token hash, `head` (the highest seq handed out, so the next append gets
//!   `head + 1`), `bytes_used` against the quota, and the newest snapshot's seq and coverage.
//! - `relay_entries`: `(log_id, seq)` → the envelope and its SHA-256. Deleting a log's row
//!   deletes its entries with it (`ON DELETE CASCADE`). The envelopes are sealed already, so
//!   the column is stored without compression, which would only cost time.
//! - `relay_revoked`: `(series, subject)` pairs; they outlive the logs of their series.
//! - `relay_drops`: one-time messages with their token hash and expiry.
//!
//! [`PostgresLogStore::connect`] creates whatever is missing (`CREATE TABLE IF NOT EXISTS`)
//! inside one transaction that first takes an advisory lock, so two instances starting at the
//! same moment do not trip over each other's half-made tables.
//!
//! # Gap-free seqs across instances
//!
//! An append is one SQL statement, and so one transaction: it increments the log's `head`
//! (and `bytes_used`, and the snapshot columns) with an `UPDATE … RETURNING`, inserts the entry
//! at the seq that returned, and sends a notification, all or nothing. The `UPDATE` holds the
//! log's row lock until the statement commits, so a second append to the same log, from any
//! process, waits for the first to commit and then increments the head the first left:
//! seqs come out `1, 2, 3…` with no gap and no repeat, and a failed append (over quota, a
//! snapshot of entries that do not exist) changes nothing, because the whole statement rolls
//! back. The quota and snapshot conditions sit in the `UPDATE`'s `WHERE`, which PostgreSQL
//! checks again against the newest row after waiting for the lock. Appends to different logs
//! never wait for each other. Creating a log when the relay has a log limit, and leaving a
//! one-time message, take a transaction-scoped advisory lock, so counting and inserting
//! happen as one step across every instance.
//!
//! An append is acknowledged only once PostgreSQL has committed it, which with
//! `synchronous_commit` on (the default; the relay turns it on for its own sessions if the
//! server has it off) means written to the write-ahead log on disk. If the server runs with
//! `fsync = off`, the relay warns in its log at start: it cannot keep its promise then.
//!
//! If the connection breaks while an append commits, the relay cannot know whether it did. It
//! then looks for the envelope (by its SHA-256) in the log, after taking the log's row lock so
//! a still-running commit finishes first, and answers with its seq if it is there. Only when
//! the database stays out of reach for that check does the client get a 503 for an append that
//! may have been stored; it sends it again and the receivers discard the duplicate.
//!
//! # Waking long-polls in other instances
//!
//! Each append and deletion runs `pg_notify('northstar_relay_changes', log_id)` in its own
//! transaction, so PostgreSQL delivers the notification only once the change is committed and
//! visible. Every relay process keeps one extra connection that has run `LISTEN` on that
//! channel and passes each notification on through [`LogStore::changes`]; [`crate::Relay`]
//! wakes the pulls waiting on that log, which then read the new entries. If that connection
//! drops, it is made again (retrying every two seconds at most), and once it listens again
//! every waiting pull is woken to look, because notifications sent in between are lost.
//!
//! # When the database is away
//!
//! Requests that cannot reach the database answer [`RelayError::StorageUnavailable`] (HTTP
//! 503, with words saying the person's changes are safe on their device). Connections are
//! taken from a small pool and made again as needed, so the relay serves again by itself when
//! the database is back. A broken pooled connection is noticed before use; reads that fail
//! because a connection broke are tried again on a fresh one, writes only when nothing can
//! have been stored (no connection could be made, or PostgreSQL rolled the transaction back).
//!
//! # Security
//!
//! The relay talks to PostgreSQL without TLS (`NoTls`): run the database on the same machine
//! (loopback or a Unix socket) or on a private network only the relays can reach. What it
//! stores is sealed already; the database sees which logs exist, their sizes and timing.
//! Deleted rows disappear at once for every reader, but their bytes stay in PostgreSQL's files
//! until autovacuum reuses the space, unlike SQLite's `secure_delete`.

use super::{same_hash, Access, Change, LogKind, LogStore, PullView, StoreStats, NO_TOKEN};
use crate::error::{RelayError, Result};
use deadpool_postgres::{
    GenericClient, Manager, ManagerConfig, Object, Pool, PoolError, RecyclingMethod,
};
use northstar_schema::sync::LogEntry;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use tokio_postgres::error::SqlState;
use tokio_postgres::{AsyncMessage, Config, NoTls};

/// The current schema. Bumped when the tables change; each step up gets its own migration in
/// [`set_up`].
const SCHEMA_VERSION: i32 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS relay_logs (
    log_id          text PRIMARY KEY,
    token_hash      bytea NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    head            bigint NOT NULL DEFAULT 0 CHECK (head >= 0),
    bytes_used      bigint NOT NULL DEFAULT 0 CHECK (bytes_used >= 0),
    snapshot_seq    bigint,
    snapshot_covers bigint,
    owner_hash      bytea,
    owner_key       bytea,
    series          bytea
);
CREATE INDEX IF NOT EXISTS relay_logs_series ON relay_logs (series) WHERE series IS NOT NULL;
CREATE TABLE IF NOT EXISTS relay_entries (
    log_id text NOT NULL REFERENCES relay_logs (log_id) ON DELETE CASCADE,
    seq    bigint NOT NULL,
    bytes  bytea NOT NULL,
    digest bytea NOT NULL,
    PRIMARY KEY (log_id, seq)
);
ALTER TABLE relay_entries ALTER COLUMN bytes SET STORAGE EXTERNAL;
CREATE TABLE IF NOT EXISTS relay_revoked (
    series  bytea NOT NULL,
    subject bytea NOT NULL,
    PRIMARY KEY (series, subject)
);
CREATE TABLE IF NOT EXISTS relay_drops (
    drop_id    text PRIMARY KEY,
    token_hash bytea NOT NULL,
    bytes      bytea NOT NULL,
    expires_at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS relay_drops_expiry ON relay_drops (expires_at);
";

/// The channel appends and deletions notify, with the log id as payload.
const CHANNEL: &str = "northstar_relay_changes";

/// Advisory lock keys (`pg_advisory_xact_lock`), the same in every relay process. Any fixed
/// numbers would do; these spell "nsrelay" and a number, so an operator looking at `pg_locks`
/// can tell whose they are.
const SCHEMA_LOCK: i64 = 0x6e73_7265_6c61_7901;
const CREATE_LOCK: i64 = 0x6e73_7265_6c61_7902;
const DROPS_LOCK: i64 = 0x6e73_7265_6c61_7903;

/// Connections in the pool. Long-polls hold none while they wait, so this bounds only the
/// requests touching the database at one moment.
const POOL_SIZE: usize = 16;
/// How long one attempt to reach the server may take, unless the URL says otherwise.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a request waits for a free pooled connection before answering 503.
const POOL_WAIT: Duration = Duration::from_secs(10);
/// Further attempts for a read whose connection broke, or a write that could not get one.
const RETRIES: u32 = 2;
/// How long an append whose commit went unanswered keeps trying to find out what happened.
const IN_DOUBT_PATIENCE: Duration = Duration::from_secs(5);
/// The longest pause between attempts to listen again.
const LISTEN_RETRY_MAX: Duration = Duration::from_secs(2);
/// How often the listening connection is checked, so a silently dead one is replaced.
const LISTEN_PING: Duration = Duration::from_secs(15);
/// Notifications buffered for each relay; one that falls further behind wakes every pull.
const CHANGES_BUFFER: usize = 1024;

/// A [`LogStore`] in a PostgreSQL database that several relay processes may share.
///
/// Cloning is cheap and shares the pool. The listening connection stops when the last clone
/// is dropped.
#[derive(Clone)]
pub struct PostgresLogStore {
    inner: Arc<Inner>,
}

struct Inner {
    pool: Pool,
    changes: broadcast::Sender<Change>,
    listener: tokio::task::JoinHandle<()>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.listener.abort();
    }
}

impl std::fmt::Debug for PostgresLogStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the URL: it may carry a password.
        f.debug_struct("PostgresLogStore").finish_non_exhaustive()
    }
}

impl PostgresLogStore {
    /// Connects to the database at `url` (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`,
    /// or PostgreSQL's `key=value` form), creates the relay's tables if they are missing, and
    /// starts listening for other instances' appends. Must run inside a tokio runtime, which
    /// then also runs the store's connections.
    ///
    /// A URL that cannot be read, a server that cannot be reached or refuses the relay, and a
    /// database set up by a newer relay are each an error whose detail is one plain sentence
    /// (without the password), for the operator.
    pub async fn connect(url: &str) -> Result<PostgresLogStore> {
        let mut config: Config = url.parse().map_err(|e: tokio_postgres::Error| {
            RelayError::internal(format!(
                "the database URL is not one PostgreSQL understands ({}); it should look like \
                 postgres://USER@HOST:PORT/DATABASE",
                describe(&e)
            ))
        })?;
        with_defaults(&mut config);
        let place = place(&config);
        let refused = |e: tokio_postgres::Error| connect_error(&place, &e);

        let (mut setup, connection) = config.connect(NoTls).await.map_err(refused)?;
        let driver = tokio::spawn(async move {
            // Ends when `setup` is dropped; its errors surface on the queries instead.
            let _ = connection.await;
        });
        let durable = set_up(&mut setup).await.map_err(|e| match e {
            SetUp::Db(e) => connect_error(&place, &e),
            SetUp::Refused(detail) => RelayError::internal(detail),
        })?;
        drop(setup);
        let _ = driver.await;
        if !durable.synchronous_commit {
            // Off for the whole server or this database: an acknowledged append could vanish
            // in a crash. The relay's own sessions turn it back on.
            let options = match config.get_options() {
                Some(existing) => format!("{existing} -c synchronous_commit=on"),
                None => "-c synchronous_commit=on".to_owned(),
            };
            config.options(options);
        }
        if !durable.fsync {
            tracing::warn!(
                "the PostgreSQL server at {place} runs with fsync off: appends it acknowledges \
                 may be lost if that machine crashes"
            );
        }

        let manager = Manager::from_config(
            config.clone(),
            NoTls,
            ManagerConfig {
                // A pooled connection is checked for having closed, without a round trip.
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(POOL_WAIT))
            .create_timeout(Some(CONNECT_TIMEOUT))
            .recycle_timeout(Some(CONNECT_TIMEOUT))
            .build()
            .map_err(RelayError::internal)?;

        let (changes, _) = broadcast::channel(CHANGES_BUFFER);
        // Listening before the relay serves its first request, so no append is missed.
        let listening = listen(&config, &changes).await.map_err(refused)?;
        let listener = tokio::spawn(keep_listening(config, changes.clone(), listening));
        Ok(PostgresLogStore {
            inner: Arc::new(Inner {
                pool,
                changes,
                listener,
            }),
        })
    }

    /// A pooled connection, trying again (briefly) if none can be made: a connection refused
    /// is certain to have sent nothing, so any operation may try again.
    async fn client(&self) -> Result<Object> {
        let mut attempt = 0;
        loop {
            match self.inner.pool.get().await {
                Ok(client) => return Ok(client),
                Err(e) if attempt < RETRIES && pool_retryable(&e) => {
                    attempt += 1;
                    tokio::time::sleep(backoff(attempt)).await;
                }
                Err(e) => return Err(pool_error(e)),
            }
        }
    }

    /// Runs a read-only `op`, again on a fresh connection if its connection broke: reading
    /// twice does no harm.
    async fn read<T, F, Fut>(&self, op: F) -> Result<T>
    where
        F: FnMut(Object) -> Fut + Send,
        Fut: Future<Output = Result<Result<T>, tokio_postgres::Error>> + Send,
        T: Send,
    {
        self.retrying(op, |e| unavailable(e) || rolled_back(e))
            .await
    }

    /// Runs `op`, which writes, again only if PostgreSQL said it rolled it back (a deadlock or
    /// serialization failure). A connection that broke mid-way may or may not have committed,
    /// so that is an error for the client to retry; every write here but the append (which
    /// has its own check, [`PostgresLogStore::append`]) gives the same answer the second time.
    async fn write<T, F, Fut>(&self, op: F) -> Result<T>
    where
        F: FnMut(Object) -> Fut + Send,
        Fut: Future<Output = Result<Result<T>, tokio_postgres::Error>> + Send,
        T: Send,
    {
        self.retrying(op, rolled_back).await
    }

    /// Runs `op` on a pooled connection, up to `RETRIES` more times while its error is one
    /// `retry_if` accepts, backing off between tries.
    async fn retrying<T, F, Fut>(
        &self,
        mut op: F,
        retry_if: fn(&tokio_postgres::Error) -> bool,
    ) -> Result<T>
    where
        F: FnMut(Object) -> Fut + Send,
        Fut: Future<Output = Result<Result<T>, tokio_postgres::Error>> + Send,
        T: Send,
    {
        let mut attempt = 0;
        loop {
            let client = self.client().await?;
            match op(client).await {
                Ok(answer) => return answer,
                Err(e) if attempt < RETRIES && retry_if(&e) => {
                    attempt += 1;
                    tokio::time::sleep(backoff(attempt)).await;
                }
                Err(e) => return Err(db_error(e)),
            }
        }
    }

    /// After an append's commit went unanswered: the seq the envelope with `digest` has in the
    /// log, if it is there. Waits for the log's row lock first, so an append still committing
    /// on the lost connection has finished one way or the other.
    async fn find_stored(&self, log_id: &str, digest: &[u8]) -> Result<Option<u64>> {
        let deadline = Instant::now() + IN_DOUBT_PATIENCE;
        loop {
            let found = self
                .read(|mut client| async move {
                    let tx = client.transaction().await?;
                    tx.batch_execute("SET LOCAL lock_timeout = '5s'").await?;
                    tx.query_opt(
                        "SELECT 1 FROM relay_logs WHERE log_id = $1 FOR SHARE",
                        &[&log_id],
                    )
                    .await?;
                    let seq: Option<i64> = tx
                        .query_one(
                            "SELECT max(seq) FROM relay_entries WHERE log_id = $1 AND digest = $2",
                            &[&log_id, &digest],
                        )
                        .await?
                        .try_get(0)?;
                    tx.commit().await?;
                    Ok(Ok(seq.map(to_u64)))
                })
                .await;
            match found {
                Ok(seq) => return Ok(seq),
                Err(e) if Instant::now() < deadline => {
                    tracing::debug!("checking an unanswered append: {e:?}");
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

/// What [`set_up`] found about durability.
struct Durability {
    synchronous_commit: bool,
    fsync: bool,
}

enum SetUp {
    Db(tokio_postgres::Error),
    Refused(String),
}

impl From<tokio_postgres::Error> for SetUp {
    fn from(e: tokio_postgres::Error) -> SetUp {
        SetUp::Db(e)
    }
}

/// Creates or checks the relay's tables, under an advisory lock so that instances starting
/// together take turns, and reads the settings an append's durability depends on.
async fn set_up(client: &mut tokio_postgres::Client) -> std::result::Result<Durability, SetUp> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS relay_schema (
             only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
             version  integer NOT NULL
         )",
    )
    .await?;
    let version: Option<i32> = match tx
        .query_opt("SELECT version FROM relay_schema", &[])
        .await?
    {
        Some(row) => Some(row.try_get(0)?),
        None => None,
    };
    match version {
        Some(v) if v > SCHEMA_VERSION => {
            return Err(SetUp::Refused(format!(
                "the database was set up by a newer relay (schema {v}; this relay knows \
                 {SCHEMA_VERSION}): run the newer relay, or give this one another database"
            )));
        }
        Some(SCHEMA_VERSION) => {}
        // A new database, or tables a setup cut short before it wrote the version: every
        // statement in the schema is safe to run again. (Version 1 is the first; a later one
        // adds its migration as a further arm above.)
        _ => {
            tx.batch_execute(SCHEMA).await?;
            tx.execute(
                "INSERT INTO relay_schema (version) VALUES ($1)
                 ON CONFLICT (only_row) DO UPDATE SET version = EXCLUDED.version",
                &[&SCHEMA_VERSION],
            )
            .await?;
        }
    }
    tx.commit().await?;
    let setting = |row: Option<tokio_postgres::SimpleQueryMessage>| match row {
        Some(tokio_postgres::SimpleQueryMessage::Row(row)) => row.get(0).map(str::to_owned),
        _ => None,
    };
    let synchronous_commit = setting(
        client
            .simple_query("SHOW synchronous_commit")
            .await?
            .into_iter()
            .next(),
    );
    let fsync = setting(client.simple_query("SHOW fsync").await?.into_iter().next());
    Ok(Durability {
        synchronous_commit: synchronous_commit.as_deref() != Some("off"),
        fsync: fsync.as_deref() != Some("off"),
    })
}

/// Settings the relay needs that a URL seldom gives: a bound on connecting, a name the
/// operator sees in `pg_stat_activity`, and TCP keepalives, so a connection to a machine that
/// vanished is noticed in under a minute rather than two hours.
fn with_defaults(config: &mut Config) {
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("northstar-relay");
    }
    if config.get_keepalives_idle() == Duration::from_secs(2 * 60 * 60) {
        config.keepalives_idle(Duration::from_secs(20));
    }
    if config.get_keepalives_interval().is_none() {
        config.keepalives_interval(Duration::from_secs(5));
    }
    if config.get_keepalives_retries().is_none() {
        config.keepalives_retries(4);
    }
    if config.get_tcp_user_timeout().is_none() {
        config.tcp_user_timeout(Duration::from_secs(30));
    }
}

/// Where the database is, for messages: host, port and database, never the password.
fn place(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(tokio_postgres::config::Host::Tcp(host)) => host.clone(),
        #[cfg(unix)]
        Some(tokio_postgres::config::Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    match config.get_dbname() {
        Some(db) => format!("{host}:{port} (database {db:?})"),
        None => format!("{host}:{port}"),
    }
}

/// A connection that was refused or failed, as one sentence for the operator.
fn connect_error(place: &str, e: &tokio_postgres::Error) -> RelayError {
    if let Some(db) = e.as_db_error() {
        let detail = format!(
            "the PostgreSQL server at {place} refused the relay: {}",
            db.message()
        );
        return if unavailable(e) {
            RelayError::unavailable(detail)
        } else {
            RelayError::internal(detail)
        };
    }
    RelayError::unavailable(format!(
        "cannot reach the PostgreSQL server at {place}: {}",
        describe(e)
    ))
}

/// An error with its causes, since tokio-postgres keeps the useful part in `source`.
fn describe(e: &tokio_postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_owned();
    }
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// Whether `e` means the database could not be reached (rather than that the relay asked it
/// something wrong): a lost or refused connection, a server shutting down or starting up, or
/// one out of connections.
fn unavailable(e: &tokio_postgres::Error) -> bool {
    match e.code() {
        Some(code) => {
            let code = code.code();
            // 08: connection exception; 57P0x: shutting down, crashed, starting up;
            // 53: out of connections, memory or disk; 28: the relay's login was refused;
            // 3D000: its database is gone; 25006: a read-only standby after a failover.
            code.starts_with("08")
                || code.starts_with("57P")
                || code.starts_with("53")
                || code.starts_with("28")
                || code == "3D000"
                || code == "25006"
        }
        None => {
            // tokio-postgres does not expose its error kinds; these are the ones that come
            // from the network rather than from a mistake in the relay's own queries.
            e.is_closed()
                || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>())
                || matches!(
                    e.to_string().as_str(),
                    "timeout waiting for server"
                        | "error connecting to server"
                        | "error communicating with the server"
                        | "authentication error"
                )
        }
    }
}

/// Whether PostgreSQL rolled the transaction back for a conflict with another one, so
/// running it again is safe and likely to succeed.
fn rolled_back(e: &tokio_postgres::Error) -> bool {
    matches!(
        e.code(),
        Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED
    )
}

/// Whether an append that failed with `e` may nonetheless have committed: the answer was
/// lost with the connection, or the server was stopped while it waited to commit.
fn in_doubt(e: &tokio_postgres::Error) -> bool {
    match e.code() {
        None => true,
        Some(code) => {
            let code = code.code();
            code.starts_with("08") || code.starts_with("57") || code.starts_with("58")
        }
    }
}

fn db_error(e: tokio_postgres::Error) -> RelayError {
    if unavailable(&e) {
        RelayError::unavailable(describe(&e))
    } else {
        RelayError::internal(describe(&e))
    }
}

fn pool_retryable(e: &PoolError) -> bool {
    match e {
        PoolError::Backend(e) => unavailable(e),
        PoolError::Timeout(deadpool_postgres::TimeoutType::Create) => true,
        _ => false,
    }
}

fn pool_error(e: PoolError) -> RelayError {
    match e {
        PoolError::Backend(e) => db_error(e),
        PoolError::Timeout(kind) => RelayError::unavailable(format!(
            "timed out ({kind:?}) waiting for a database connection"
        )),
        PoolError::Closed => RelayError::unavailable("the connection pool was closed"),
        other => RelayError::internal(other),
    }
}

/// 50 ms, 200 ms, 450 ms…: short, because a request is waiting.
fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(50 * u64::from(attempt * attempt))
}

/// A listening connection: the client that ran `LISTEN`, and the task that drives its
/// connection, passing notifications on.
struct Listening {
    client: tokio_postgres::Client,
    driver: tokio::task::JoinHandle<()>,
}

impl Drop for Listening {
    fn drop(&mut self) {
        self.driver.abort();
    }
}

/// Opens a connection, starts passing its notifications to `changes` and runs `LISTEN`.
async fn listen(
    config: &Config,
    changes: &broadcast::Sender<Change>,
) -> std::result::Result<Listening, tokio_postgres::Error> {
    let (client, mut connection) = config.connect(NoTls).await?;
    let changes = changes.clone();
    let driver = tokio::spawn(async move {
        // Polling the connection is also what carries the client's own queries; it ends when
        // the connection does.
        while let Some(message) = std::future::poll_fn(|cx| connection.poll_message(cx)).await {
            match message {
                Ok(AsyncMessage::Notification(n)) => {
                    // No relay listening (none waiting yet) is fine: nothing to wake.
                    let _ = changes.send(Change::Log(n.payload().to_owned()));
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!("the relay's listening connection to the database broke: {e}");
                    break;
                }
            }
        }
    });
    let listening = Listening { client, driver };
    listening
        .client
        .batch_execute(&format!("LISTEN {CHANNEL}"))
        .await?;
    Ok(listening)
}

/// Keeps a listening connection open for as long as the store lives: when it breaks (or
/// stops answering), makes another and wakes every waiting pull, since whatever was notified
/// in between was lost.
async fn keep_listening(
    config: Config,
    changes: broadcast::Sender<Change>,
    mut listening: Listening,
) {
    loop {
        // Until the connection ends or stops answering.
        loop {
            tokio::select! {
                _ = &mut listening.driver => break,
                _ = tokio::time::sleep(LISTEN_PING) => {
                    let ping = listening.client.simple_query("");
                    if !matches!(tokio::time::timeout(CONNECT_TIMEOUT, ping).await, Ok(Ok(_))) {
                        break;
                    }
                }
            }
        }
        drop(listening);
        let mut pause = Duration::from_millis(100);
        listening = loop {
            tokio::time::sleep(pause).await;
            match listen(&config, &changes).await {
                Ok(again) => break again,
                Err(e) => {
                    tracing::debug!("cannot listen for other instances' appends yet: {e}");
                    pause = (pause * 2).min(LISTEN_RETRY_MAX);
                }
            }
        };
        tracing::info!("listening for other relay instances' appends again");
        let _ = changes.send(Change::Everything);
    }
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Our integers never go below zero; a negative one means the table was edited by hand, which
/// reads as zero rather than wrapping to a huge number.
fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    <sha2::Sha256 as sha2::Digest>::digest(bytes).into()
}

/// One statement, so one transaction: take the next seq (holding the log's row lock until
/// commit), store the entry there, notify. `$4` is the snapshot's coverage or NULL; the
/// `WHERE` refuses an append over quota or a snapshot of entries that do not exist yet, and
/// then nothing is changed and no row returns.
const APPEND: &str = "
WITH bumped AS (
    UPDATE relay_logs
    SET head = head + 1,
        bytes_used = bytes_used + $3,
        snapshot_seq = CASE WHEN $4::bigint IS NULL THEN snapshot_seq ELSE head + 1 END,
        snapshot_covers = COALESCE($4::bigint, snapshot_covers)
    WHERE log_id = $1
      AND bytes_used + $3 <= $5
      AND ($4::bigint IS NULL OR $4::bigint <= head)
    RETURNING head
), stored AS (
    INSERT INTO relay_entries (log_id, seq, bytes, digest)
    SELECT $1, head, $2, $6 FROM bumped
    RETURNING seq
)
SELECT seq, pg_notify('northstar_relay_changes', $1)::text FROM stored";

/// Deletes the log and every other log of its series (the review's earlier key generations),
/// their entries with them, and notifies each so pulls waiting on them in other instances
/// hear of it. Answers a row per log deleted.
const DELETE_SERIES: &str = "
WITH gone AS (
    DELETE FROM relay_logs
    WHERE log_id = $1 OR series = (
        SELECT series FROM relay_logs WHERE log_id = $1 AND series IS NOT NULL)
    RETURNING log_id
)
SELECT pg_notify('northstar_relay_changes', log_id)::text FROM gone";

/// The log's shared token hash; a per-member log answers an empty one, which matches nothing.
const TOKEN_HASH_OF: &str = "SELECT CASE WHEN owner_key IS NULL THEN token_hash ELSE ''::bytea END
     FROM relay_logs WHERE log_id = $1";

/// A log's owner key and series (both `NULL` for a shared-token log); `None` for no log.
type OwnerRow = (Option<Vec<u8>>, Option<Vec<u8>>);

async fn owner_of(
    tx: &impl GenericClient,
    log_id: &str,
) -> std::result::Result<Option<OwnerRow>, tokio_postgres::Error> {
    match tx
        .query_opt(
            "SELECT owner_key, series FROM relay_logs WHERE log_id = $1",
            &[&log_id],
        )
        .await?
    {
        Some(row) => Ok(Some((row.try_get(0)?, row.try_get(1)?))),
        None => Ok(None),
    }
}

/// Whether the store already holds `max_logs` logs. The caller holds [`CREATE_LOCK`], so no
/// other instance adds one before this transaction commits.
async fn full(
    tx: &impl GenericClient,
    max_logs: Option<u64>,
) -> std::result::Result<bool, tokio_postgres::Error> {
    let Some(max) = max_logs else {
        return Ok(false);
    };
    let count: i64 = tx
        .query_one("SELECT count(*) FROM relay_logs", &[])
        .await?
        .try_get(0)?;
    Ok(to_u64(count) >= max)
}

/// Serialises log creation across instances while a log limit applies, so counting and
/// inserting are one step. Without a limit, the primary key alone settles races.
async fn lock_creation(
    tx: &impl GenericClient,
    max_logs: Option<u64>,
) -> std::result::Result<(), tokio_postgres::Error> {
    if max_logs.is_some() {
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CREATE_LOCK])
            .await?;
    }
    Ok(())
}

impl LogStore for PostgresLogStore {
    async fn register_or_check(
        &self,
        log_id: &str,
        token_hash: [u8; 32],
        max_logs: Option<u64>,
    ) -> Result<Access> {
        let hash = &token_hash[..];
        self.write(|mut client| async move {
            let tx = client.transaction().await?;
            lock_creation(&tx, max_logs).await?;
            let compare = |stored: Vec<u8>| {
                if same_hash(&token_hash, &stored) {
                    Ok(Access::Existing)
                } else {
                    Err(RelayError::Forbidden)
                }
            };
            if let Some(row) = tx.query_opt(TOKEN_HASH_OF, &[&log_id]).await? {
                return Ok(compare(row.try_get(0)?));
            }
            if full(&tx, max_logs).await? {
                return Ok(Err(RelayError::RelayFull));
            }
            let inserted = tx
                .execute(
                    "INSERT INTO relay_logs (log_id, token_hash) VALUES ($1, $2)
                     ON CONFLICT (log_id) DO NOTHING",
                    &[&log_id, &hash],
                )
                .await?;
            if inserted == 0 {
                // Another instance created it since we looked (the insert waited for it to
                // commit), so this is a check after all.
                let row = tx.query_one(TOKEN_HASH_OF, &[&log_id]).await?;
                return Ok(compare(row.try_get(0)?));
            }
            tx.commit().await?;
            Ok(Ok(Access::Created))
        })
        .await
    }

    async fn is_owner(&self, log_id: &str, owner_hash: [u8; 32]) -> Result<bool> {
        let hash = &owner_hash[..];
        self.write(|client| async move {
            // The first hash offered is kept: setting it only while it is NULL, under the
            // row's lock, lets exactly one of two racing offers win.
            let claimed = client
                .execute(
                    "UPDATE relay_logs SET owner_hash = $2
                     WHERE log_id = $1 AND owner_hash IS NULL",
                    &[&log_id, &hash],
                )
                .await?;
            if claimed == 1 {
                return Ok(Ok(true));
            }
            let row = client
                .query_opt(
                    "SELECT owner_hash FROM relay_logs WHERE log_id = $1",
                    &[&log_id],
                )
                .await?;
            let stored: Option<Vec<u8>> = match row {
                Some(row) => row.try_get(0)?,
                None => None,
            };
            Ok(Ok(stored.is_some_and(|s| same_hash(&owner_hash, &s))))
        })
        .await
    }

    async fn check(&self, log_id: &str, token_hash: [u8; 32]) -> Result<()> {
        self.read(|client| async move {
            Ok(match client.query_opt(TOKEN_HASH_OF, &[&log_id]).await? {
                None => Err(RelayError::UnknownLog),
                Some(row) => {
                    let stored: Vec<u8> = row.try_get(0)?;
                    if same_hash(&token_hash, &stored) {
                        Ok(())
                    } else {
                        Err(RelayError::Forbidden)
                    }
                }
            })
        })
        .await
    }

    async fn log_kind(&self, log_id: &str) -> Result<LogKind> {
        self.read(|client| async move {
            Ok(match owner_of(&client, log_id).await? {
                None => Ok(LogKind::Unknown),
                Some((Some(owner), Some(series))) => match (owner.try_into(), series.try_into()) {
                    (Ok(owner_key), Ok(series)) => Ok(LogKind::PerMember { owner_key, series }),
                    _ => Err(RelayError::internal("a log's owner key is damaged")),
                },
                Some(_) => Ok(LogKind::SharedToken),
            })
        })
        .await
    }

    async fn create_per_member(
        &self,
        log_id: &str,
        owner_key: [u8; 32],
        series: [u8; 32],
        max_logs: Option<u64>,
    ) -> Result<Access> {
        let (key, series_bytes) = (&owner_key[..], &series[..]);
        let none = &NO_TOKEN[..];
        self.write(|mut client| async move {
            let tx = client.transaction().await?;
            lock_creation(&tx, max_logs).await?;
            let compare = |(owner, stored_series): OwnerRow| {
                let same = owner.is_some_and(|o| same_hash(&owner_key, &o))
                    && stored_series.is_some_and(|s| same_hash(&series, &s));
                if same {
                    Ok(Access::Existing)
                } else {
                    Err(RelayError::Forbidden)
                }
            };
            if let Some(row) = owner_of(&tx, log_id).await? {
                return Ok(compare(row));
            }
            if full(&tx, max_logs).await? {
                return Ok(Err(RelayError::RelayFull));
            }
            let inserted = tx
                .execute(
                    "INSERT INTO relay_logs (log_id, token_hash, owner_key, series)
                     VALUES ($1, $2, $3, $4) ON CONFLICT (log_id) DO NOTHING",
                    &[&log_id, &none, &key, &series_bytes],
                )
                .await?;
            if inserted == 0 {
                // Made by another instance since we looked.
                return Ok(match owner_of(&tx, log_id).await? {
                    Some(row) => compare(row),
                    None => Err(RelayError::Forbidden),
                });
            }
            tx.commit().await?;
            Ok(Ok(Access::Created))
        })
        .await
    }

    async fn revoke(&self, log_id: &str, subject: [u8; 32]) -> Result<()> {
        let subject = &subject[..];
        self.write(|client| async move {
            let series: Option<Vec<u8>> = match client
                .query_opt(
                    "SELECT series FROM relay_logs WHERE log_id = $1",
                    &[&log_id],
                )
                .await?
            {
                None => return Ok(Err(RelayError::UnknownLog)),
                Some(row) => row.try_get(0)?,
            };
            let Some(series) = series else {
                return Ok(Err(RelayError::Forbidden));
            };
            client
                .execute(
                    "INSERT INTO relay_revoked (series, subject) VALUES ($1, $2)
                     ON CONFLICT DO NOTHING",
                    &[&series, &subject],
                )
                .await?;
            Ok(Ok(()))
        })
        .await
    }

    async fn delete_log(&self, log_id: &str) -> Result<bool> {
        self.write(|client| async move {
            let gone = client.query(DELETE_SERIES, &[&log_id]).await?;
            Ok(Ok(!gone.is_empty()))
        })
        .await
    }

    async fn is_revoked(&self, log_id: &str, subject: [u8; 32]) -> Result<bool> {
        let subject = &subject[..];
        self.read(|client| async move {
            let found = client
                .query_opt(
                    "SELECT 1 FROM relay_revoked JOIN relay_logs
                         ON relay_logs.series = relay_revoked.series
                     WHERE relay_logs.log_id = $1 AND relay_revoked.subject = $2",
                    &[&log_id, &subject],
                )
                .await?;
            Ok(Ok(found.is_some()))
        })
        .await
    }

    async fn append(
        &self,
        log_id: &str,
        bytes: Vec<u8>,
        snapshot_covers: Option<u64>,
        quota_bytes: u64,
    ) -> Result<u64> {
        let digest = sha256(&bytes);
        let size = to_i64(bytes.len() as u64);
        let covers = snapshot_covers.map(to_i64);
        let quota = to_i64(quota_bytes);
        let (bytes, digest) = (&bytes[..], &digest[..]);
        // Round again only when nothing can have been stored: a connection that broke while
        // preparing, a transaction PostgreSQL rolled back, or a refusal whose reason had gone
        // by the time it was asked for.
        for attempt in 1..=3 {
            let client = self.client().await?;
            let stmt = match client.prepare_cached(APPEND).await {
                Ok(stmt) => stmt,
                // Preparing stores nothing, so a connection that broke meanwhile is simply
                // replaced.
                Err(e) if attempt < 3 && unavailable(&e) => {
                    tokio::time::sleep(backoff(attempt)).await;
                    continue;
                }
                Err(e) => return Err(db_error(e)),
            };
            match client
                .query_opt(&stmt, &[&log_id, &bytes, &size, &covers, &quota, &digest])
                .await
            {
                Ok(Some(row)) => {
                    let seq: i64 = row.try_get(0).map_err(db_error)?;
                    return Ok(to_u64(seq));
                }
                Ok(None) => {}
                Err(e) if rolled_back(&e) => continue,
                Err(e) if in_doubt(&e) => {
                    drop(client);
                    tracing::warn!(
                        "an append's commit went unanswered ({}); checking whether it was stored",
                        describe(&e)
                    );
                    return match self.find_stored(log_id, digest).await {
                        Ok(Some(seq)) => Ok(seq),
                        // Not there, and the row lock says nothing is still committing it.
                        Ok(None) => Err(db_error(e)),
                        Err(check) => {
                            tracing::warn!(
                                "could not find out whether an append to log {log_id} was \
                                 stored: the client will send it again"
                            );
                            Err(check)
                        }
                    };
                }
                Err(e) => return Err(db_error(e)),
            }
            // Nothing was stored; say why.
            let row = client
                .query_opt(
                    "SELECT head, bytes_used FROM relay_logs WHERE log_id = $1",
                    &[&log_id],
                )
                .await
                .map_err(db_error)?;
            let Some(row) = row else {
                return Err(RelayError::UnknownLog);
            };
            let head = to_u64(row.try_get(0).map_err(db_error)?);
            let used = to_u64(row.try_get(1).map_err(db_error)?);
            if let Some(covers) = snapshot_covers {
                if covers > head {
                    return Err(RelayError::bad_request(format!(
                        "this snapshot says it includes entries up to {covers}, \
                         but the log only has {head} entries"
                    )));
                }
            }
            if used.saturating_add(bytes.len() as u64) > quota_bytes {
                return Err(RelayError::Quota { quota: quota_bytes });
            }
        }
        Err(RelayError::internal(
            "an append was not stored after three tries, each refused or rolled back",
        ))
    }

    async fn read_after(&self, log_id: &str, after: u64, limit: usize) -> Result<Vec<LogEntry>> {
        let after = to_i64(after);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.read(|client| async move {
            let stmt = client
                .prepare_cached(
                    "SELECT seq, bytes FROM relay_entries WHERE log_id = $1 AND seq > $2
                     ORDER BY seq LIMIT $3",
                )
                .await?;
            let rows = client.query(&stmt, &[&log_id, &after, &limit]).await?;
            let mut entries = Vec::with_capacity(rows.len());
            for row in rows {
                entries.push(LogEntry {
                    seq: to_u64(row.try_get(0)?),
                    bytes: row.try_get(1)?,
                });
            }
            Ok(Ok(entries))
        })
        .await
    }

    async fn snapshot_start(&self, log_id: &str) -> Result<Option<(u64, u64)>> {
        self.read(|client| async move {
            let row = client
                .query_opt(
                    "SELECT snapshot_seq, snapshot_covers FROM relay_logs WHERE log_id = $1",
                    &[&log_id],
                )
                .await?;
            let Some(row) = row else {
                return Ok(Ok(None));
            };
            let seq: Option<i64> = row.try_get(0)?;
            let covers: Option<i64> = row.try_get(1)?;
            Ok(Ok(seq.zip(covers).map(|(s, c)| (to_u64(s), to_u64(c)))))
        })
        .await
    }

    async fn digest_at(&self, log_id: &str, seq: u64) -> Result<Option<[u8; 32]>> {
        let seq = to_i64(seq);
        self.read(|client| async move {
            let row = client
                .query_opt(
                    "SELECT digest FROM relay_entries WHERE log_id = $1 AND seq = $2",
                    &[&log_id, &seq],
                )
                .await?;
            let digest: Option<Vec<u8>> = match row {
                Some(row) => Some(row.try_get(0)?),
                None => None,
            };
            Ok(Ok(digest.and_then(|d| d.try_into().ok())))
        })
        .await
    }

    async fn head(&self, log_id: &str) -> Result<u64> {
        self.read(|client| async move {
            let stmt = client
                .prepare_cached("SELECT head FROM relay_logs WHERE log_id = $1")
                .await?;
            Ok(Ok(match client.query_opt(&stmt, &[&log_id]).await? {
                Some(row) => to_u64(row.try_get(0)?),
                None => 0,
            }))
        })
        .await
    }

    async fn usage(&self, log_id: &str) -> Result<u64> {
        self.read(|client| async move {
            let stmt = client
                .prepare_cached("SELECT bytes_used FROM relay_logs WHERE log_id = $1")
                .await?;
            Ok(Ok(match client.query_opt(&stmt, &[&log_id]).await? {
                Some(row) => to_u64(row.try_get(0)?),
                None => 0,
            }))
        })
        .await
    }

    async fn pull_view(
        &self,
        log_id: &str,
        after: u64,
        limit: usize,
        digest_of: u64,
    ) -> Result<PullView> {
        let after = to_i64(after);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let digest_seq = to_i64(digest_of);
        // One pooled connection for the whole answer; the entries first, so the head read
        // after them is never below the last one.
        self.read(|client| async move {
            let entries_stmt = client
                .prepare_cached(
                    "SELECT seq, bytes FROM relay_entries WHERE log_id = $1 AND seq > $2
                     ORDER BY seq LIMIT $3",
                )
                .await?;
            let rows = client
                .query(&entries_stmt, &[&log_id, &after, &limit])
                .await?;
            let mut entries = Vec::with_capacity(rows.len());
            for row in rows {
                entries.push(LogEntry {
                    seq: to_u64(row.try_get(0)?),
                    bytes: row.try_get(1)?,
                });
            }
            let log_stmt = client
                .prepare_cached(
                    "SELECT head, bytes_used,
                            (SELECT digest FROM relay_entries WHERE log_id = $1 AND seq = $2)
                     FROM relay_logs WHERE log_id = $1",
                )
                .await?;
            let (head, usage, digest) =
                match client.query_opt(&log_stmt, &[&log_id, &digest_seq]).await? {
                    Some(row) => (
                        to_u64(row.try_get(0)?),
                        to_u64(row.try_get(1)?),
                        row.try_get::<_, Option<Vec<u8>>>(2)?,
                    ),
                    None => (0, 0, None),
                };
            let before = match digest_seq {
                0 => None,
                _ => Some(digest.and_then(|d| d.try_into().ok())),
            };
            Ok(Ok(PullView {
                entries,
                head,
                usage,
                before,
            }))
        })
        .await
    }

    async fn stats(&self) -> Result<StoreStats> {
        self.read(|client| async move {
            // Seqs are contiguous from 1, so a log's head is its entry count.
            let row = client
                .query_one(
                    "SELECT count(*), COALESCE(sum(head), 0)::bigint,
                            COALESCE(sum(bytes_used), 0)::bigint
                     FROM relay_logs",
                    &[],
                )
                .await?;
            Ok(Ok(StoreStats {
                logs: to_u64(row.try_get(0)?),
                entries: to_u64(row.try_get(1)?),
                bytes: to_u64(row.try_get(2)?),
            }))
        })
        .await
    }

    async fn put_drop(
        &self,
        drop_id: &str,
        token_hash: [u8; 32],
        bytes: Vec<u8>,
        expires_at: i64,
        now: i64,
        max_drops: u64,
    ) -> Result<()> {
        let (hash, bytes) = (&token_hash[..], &bytes[..]);
        self.write(|mut client| async move {
            let tx = client.transaction().await?;
            // One instance at a time, so the count and the insert are one step.
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&DROPS_LOCK])
                .await?;
            tx.execute("DELETE FROM relay_drops WHERE expires_at <= $1", &[&now])
                .await?;
            let taken = tx
                .query_opt("SELECT 1 FROM relay_drops WHERE drop_id = $1", &[&drop_id])
                .await?;
            if taken.is_some() {
                return Ok(Err(RelayError::Forbidden));
            }
            let live: i64 = tx
                .query_one("SELECT count(*) FROM relay_drops", &[])
                .await?
                .try_get(0)?;
            if to_u64(live) >= max_drops {
                return Ok(Err(RelayError::RelayFull));
            }
            tx.execute(
                "INSERT INTO relay_drops (drop_id, token_hash, bytes, expires_at)
                 VALUES ($1, $2, $3, $4)",
                &[&drop_id, &hash, &bytes, &expires_at],
            )
            .await?;
            tx.commit().await?;
            Ok(Ok(()))
        })
        .await
    }

    async fn take_drop(&self, drop_id: &str, token_hash: [u8; 32], now: i64) -> Result<Vec<u8>> {
        self.write(|mut client| async move {
            let tx = client.transaction().await?;
            // The row lock makes a second, racing take wait, and then find nothing.
            let row = tx
                .query_opt(
                    "SELECT token_hash, bytes, expires_at FROM relay_drops
                     WHERE drop_id = $1 FOR UPDATE",
                    &[&drop_id],
                )
                .await?;
            let Some(row) = row else {
                return Ok(Err(RelayError::Gone));
            };
            let stored: Vec<u8> = row.try_get(0)?;
            let bytes: Vec<u8> = row.try_get(1)?;
            let expires_at: i64 = row.try_get(2)?;
            if !same_hash(&token_hash, &stored) {
                return Ok(Err(RelayError::Forbidden));
            }
            tx.execute("DELETE FROM relay_drops WHERE drop_id = $1", &[&drop_id])
                .await?;
            tx.commit().await?;
            Ok(if expires_at <= now {
                Err(RelayError::Gone)
            } else {
                Ok(bytes)
            })
        })
        .await
    }

    async fn ping(&self) -> Result<()> {
        self.read(|client| async move {
            client.simple_query("SELECT 1").await?;
            Ok(Ok(()))
        })
        .await
    }

    fn changes(&self) -> Option<broadcast::Receiver<Change>> {
        Some(self.inner.changes.subscribe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_and_deletions_notify_the_channel_the_instances_listen_on() {
        for sql in [APPEND, DELETE_SERIES] {
            assert!(sql.contains(&format!("pg_notify('{CHANNEL}', ")), "{sql}");
        }
    }

    #[test]
    fn the_backoff_stays_short_for_a_waiting_request() {
        let total: Duration = (1..=RETRIES).map(backoff).sum();
        assert!(total < Duration::from_secs(1), "{total:?}");
    }
}
