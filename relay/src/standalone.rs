//! Running a relay until Ctrl-C or SIGTERM: shared by the `northstar-relay` binary and the
//! desktop app's meeting-room relay (`northstar relay`), so both behave the same.

use crate::{serve, Limits, LogStore, PostgresLogStore, Relay, RelayError, SqliteLogStore};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// Where and how to run.
pub struct RunOptions {
    pub listen: SocketAddr,
    /// Where the logs are kept.
    pub storage: Storage,
    pub limits: Limits,
    /// Serve TLS with this certificate (a meeting room's); plain HTTP without.
    pub tls: Option<crate::TlsIdentity>,
}

/// Where a relay keeps its logs.
pub enum Storage {
    /// One SQLite file, created if missing: for one relay process (a meeting room's, or a
    /// small area's).
    Sqlite {
        path: PathBuf,
        /// Encrypt the database with SQLCipher under this raw key (a meeting room's, derived
        /// from the laptop's data key): what it holds is sealed already, but who synced which
        /// log, and when, is still the laptop's to keep.
        key: Option<[u8; 32]>,
    },
    /// A PostgreSQL database that several relay processes may share
    /// (`postgres://USER@HOST:PORT/DATABASE`), reached without TLS: on the same machine or a
    /// private network (see [`PostgresLogStore`]).
    Postgres { url: String },
}

impl Storage {
    /// An unencrypted SQLite file.
    pub fn sqlite(path: impl Into<PathBuf>) -> Storage {
        Storage::Sqlite {
            path: path.into(),
            key: None,
        }
    }

    /// Opens the store. A PostgreSQL store's connections live in `runtime`, which must be the
    /// one that serves.
    fn open(&self, runtime: &tokio::runtime::Runtime) -> Result<Opened, Failure> {
        match self {
            Storage::Sqlite { path, key } => open_store(path, key.as_ref()).map(Opened::Sqlite),
            Storage::Postgres { url } => runtime
                .block_on(PostgresLogStore::connect(url))
                .map(Opened::Postgres)
                .map_err(|e| match e {
                    // Already one sentence, saying where and what went wrong.
                    RelayError::Internal { detail } | RelayError::StorageUnavailable { detail } => {
                        cannot_start(detail)
                    }
                    other => cannot_start(other.to_string()),
                }),
        }
    }
}

/// A store opened from a [`Storage`].
enum Opened {
    Sqlite(SqliteLogStore),
    Postgres(PostgresLogStore),
}

/// Why the relay could not start or stopped; `code` is the process exit code to use.
pub struct Failure {
    pub message: String,
    pub code: u8,
}

fn cannot_start(message: impl Into<String>) -> Failure {
    Failure {
        message: message.into(),
        code: 2,
    }
}

fn open_store(db: &std::path::Path, key: Option<&[u8; 32]>) -> Result<SqliteLogStore, Failure> {
    SqliteLogStore::open_with_key(db, key).map_err(|e| match e {
        RelayError::Internal { detail } => {
            cannot_start(format!("cannot use the database: {detail}"))
        }
        other => cannot_start(other.to_string()),
    })
}

/// Serves until Ctrl-C or SIGTERM, after printing `listening on http://ADDR` (or https) to
/// stdout.
pub fn run(cli: RunOptions) -> Result<(), Failure> {
    let limits = cli.limits;
    let tls = match &cli.tls {
        Some(identity) => Some(crate::tls::server_config(identity).map_err(cannot_start)?),
        None => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| cannot_start(format!("cannot start: {e}")))?;
    let store = cli.storage.open(&runtime)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(cli.listen)
            .await
            .map_err(|e| cannot_start(format!("cannot listen on {}: {e}", cli.listen)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| cannot_start(format!("cannot listen on {}: {e}", cli.listen)))?;
        {
            let mut out = std::io::stdout().lock();
            // A closed stdout must not stop the relay; the line is a courtesy to scripts.
            let _ = writeln!(out, "listening on {scheme}://{addr}");
            let _ = out.flush();
        }
        // What an operator checks first: the address, TLS, the storage (by kind: a database
        // URL may hold a password) and the limits actually in force.
        let storage = match &store {
            Opened::Sqlite(_) => "sqlite",
            Opened::Postgres(_) => "postgres",
        };
        tracing::info!(
            version = env!("CARGO_PKG_VERSION"),
            address = %addr,
            tls = scheme == "https",
            storage,
            max_message_bytes = limits.max_message_bytes,
            quota_bytes = limits.quota_bytes_per_log,
            appends_per_minute = limits.appends_per_minute_per_log,
            requests_per_minute_per_client = limits.requests_per_minute_per_client,
            max_concurrent_requests = limits.max_concurrent_requests,
            "relay started"
        );
        match store {
            Opened::Sqlite(store) => until_signal(listener, Relay::new(store, limits), tls).await,
            Opened::Postgres(store) => until_signal(listener, Relay::new(store, limits), tls).await,
        }
    })
}

/// Serves `relay` until Ctrl-C or SIGTERM.
async fn until_signal<S: LogStore>(
    listener: tokio::net::TcpListener,
    relay: Relay<S>,
    tls: Option<rustls::ServerConfig>,
) -> Result<(), Failure> {
    let relay = Arc::new(relay);
    if let Some(config) = tls {
        crate::serve_tls(listener, relay, config, shutdown_signal()).await;
        tracing::info!("relay stopped");
        return Ok(());
    }
    let served = serve(listener, relay, shutdown_signal())
        .await
        .map_err(|e| Failure {
            message: format!("the server stopped: {e}"),
            code: 1,
        });
    if served.is_ok() {
        tracing::info!("relay stopped");
    }
    served
}

/// A relay serving on its own thread, as the desktop app's meeting room runs it: started
/// and stopped from a button rather than by signals. Dropping it stops it.
pub struct RunningRelay {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningRelay {
    /// Where it listens (the port is known even when `0` was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving and waits until the port and the database are let go.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for RunningRelay {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// How long a stopping relay lets open requests finish.
const STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// Starts a relay on a background thread. Binding happens before this returns, so a port
/// already in use is reported here, in words.
pub fn spawn(options: RunOptions) -> Result<RunningRelay, Failure> {
    let listener = std::net::TcpListener::bind(options.listen)
        .and_then(|l| l.set_nonblocking(true).map(|_| l))
        .map_err(|e| cannot_start(format!("cannot listen on {}: {e}", options.listen)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| cannot_start(format!("cannot listen on {}: {e}", options.listen)))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| cannot_start(format!("cannot start: {e}")))?;
    let tls = match &options.tls {
        Some(identity) => Some(crate::tls::server_config(identity).map_err(cannot_start)?),
        None => None,
    };
    let store = options.storage.open(&runtime)?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let limits = options.limits;
    let thread = std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                return;
            };
            match store {
                Opened::Sqlite(store) => {
                    until_stopped(listener, Relay::new(store, limits), tls, stopped).await
                }
                Opened::Postgres(store) => {
                    until_stopped(listener, Relay::new(store, limits), tls, stopped).await
                }
            }
        });
        runtime.shutdown_timeout(STOP_GRACE);
    });
    Ok(RunningRelay {
        addr,
        stop: Some(stop),
        thread: Some(thread),
    })
}

/// Serves `relay` until `stopped` fires, then lets open requests finish for a moment.
async fn until_stopped<S: LogStore>(
    listener: tokio::net::TcpListener,
    relay: Relay<S>,
    tls: Option<rustls::ServerConfig>,
    stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let relay = Arc::new(relay);
    if let Some(config) = tls {
        crate::serve_tls(listener, relay, config, async {
            let _ = stopped.await;
        })
        .await;
        return;
    }
    let (graceful, graceful_rx) = tokio::sync::oneshot::channel::<()>();
    let server = serve(listener, relay, async {
        let _ = graceful_rx.await;
    });
    tokio::pin!(server);
    tokio::select! {
        _ = &mut server => return,
        _ = stopped => {}
    }
    let _ = graceful.send(());
    // A client that keeps its connection open must not keep the room from closing.
    let _ = tokio::time::timeout(STOP_GRACE, server).await;
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    let signal = tokio::select! {
        _ = ctrl_c => "interrupt",
        _ = terminate => "terminate",
    };
    tracing::info!(
        signal,
        "relay stopping: open requests may finish, long polls are released"
    );
}
