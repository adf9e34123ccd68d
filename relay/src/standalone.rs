//! Running a relay until Ctrl-C or SIGTERM: shared by the `northstar-relay` binary and the
//! desktop app's meeting-room relay (`northstar relay`), so both behave the same.

use crate::{serve, Limits, Relay, RelayError, SqliteLogStore};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// Where and how to run.
pub struct RunOptions {
    pub listen: SocketAddr,
    pub db: PathBuf,
    pub limits: Limits,
    /// Serve TLS with this certificate (a meeting room's); plain HTTP without.
    pub tls: Option<crate::TlsIdentity>,
    /// Encrypt the database with SQLCipher under this raw key (a meeting room's, derived
    /// from the laptop's data key): what it holds is sealed already, but who synced which
    /// log, and when, is still the laptop's to keep.
    pub db_key: Option<[u8; 32]>,
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
    let store = open_store(&cli.db, cli.db_key.as_ref())?;
    let tls = match &cli.tls {
        Some(identity) => Some(crate::tls::server_config(identity).map_err(cannot_start)?),
        None => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| cannot_start(format!("cannot start: {e}")))?;
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
        let relay = Arc::new(Relay::new(store, limits));
        if let Some(config) = tls {
            crate::serve_tls(listener, relay, config, shutdown_signal()).await;
            return Ok(());
        }
        serve(listener, relay, shutdown_signal())
            .await
            .map_err(|e| Failure {
                message: format!("the server stopped: {e}"),
                code: 1,
            })
    })
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
    let store = open_store(&options.db, options.db_key.as_ref())?;
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
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let relay = Arc::new(Relay::new(store, options.limits));
    let thread = std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                return;
            };
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
        });
        runtime.shutdown_timeout(STOP_GRACE);
    });
    Ok(RunningRelay {
        addr,
        stop: Some(stop),
        thread: Some(thread),
    })
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
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
}
