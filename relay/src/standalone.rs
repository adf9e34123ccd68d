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

/// Serves until Ctrl-C or SIGTERM, after printing `listening on http://ADDR` to stdout.
pub fn run(cli: RunOptions) -> Result<(), Failure> {
    let limits = cli.limits;
    let store = SqliteLogStore::open(&cli.db).map_err(|e| match e {
        RelayError::Internal { detail } => {
            cannot_start(format!("cannot use the database: {detail}"))
        }
        other => cannot_start(other.to_string()),
    })?;
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
            let _ = writeln!(out, "listening on http://{addr}");
            let _ = out.flush();
        }
        let relay = Arc::new(Relay::new(store, limits));
        serve(listener, relay, shutdown_signal())
            .await
            .map_err(|e| Failure {
                message: format!("the server stopped: {e}"),
                code: 1,
            })
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
