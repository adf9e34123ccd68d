//! `northstar-relay`: runs the sync relay over a SQLite file.
//!
//! Prints one line, `listening on http://ADDR`, once it accepts connections (scripts and
//! tests read the real port from it when started with port 0), and stops cleanly on Ctrl-C
//! or SIGTERM. Anything that stops it from starting is one plain sentence on stderr and exit
//! code 2.

use clap::Parser;
use northstar_relay::{serve, Limits, Relay, RelayError, SqliteLogStore};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// The Northstar sync relay: stores encrypted review changes it cannot read.
#[derive(Debug, Parser)]
#[command(name = "northstar-relay", version)]
struct Cli {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:7878")]
    listen: SocketAddr,
    /// The SQLite database holding the logs; created if missing.
    #[arg(long, default_value = "northstar-relay.db")]
    db: PathBuf,
    /// The largest message accepted, in bytes.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=(u32::MAX as u64)))]
    max_message_bytes: Option<u64>,
    /// The most bytes one review's log may hold.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    quota_bytes: Option<u64>,
    /// Appends per minute allowed to one review's log (0 for no limit).
    #[arg(long)]
    appends_per_minute: Option<u32>,
}

fn main() -> ExitCode {
    // `exit` prints the usage or help and picks the code: 2 for bad arguments, 0 for --help.
    let cli = Cli::try_parse().unwrap_or_else(|e| e.exit());
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure { message, code }) => {
            eprintln!("northstar-relay: {message}");
            ExitCode::from(code)
        }
    }
}

struct Failure {
    message: String,
    code: u8,
}

fn cannot_start(message: impl Into<String>) -> Failure {
    Failure {
        message: message.into(),
        code: 2,
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let defaults = Limits::default();
    let limits = Limits {
        max_message_bytes: cli
            .max_message_bytes
            .map_or(defaults.max_message_bytes, |n| {
                usize::try_from(n).unwrap_or(usize::MAX)
            }),
        quota_bytes_per_log: cli.quota_bytes.unwrap_or(defaults.quota_bytes_per_log),
        appends_per_minute_per_log: cli
            .appends_per_minute
            .unwrap_or(defaults.appends_per_minute_per_log),
        max_logs: defaults.max_logs,
    };
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
