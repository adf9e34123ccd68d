//! `northstar-relay`: runs the sync relay over a SQLite file.
//!
//! Prints one line, `listening on http://ADDR`, once it accepts connections (scripts and
//! tests read the real port from it when started with port 0), and stops cleanly on Ctrl-C
//! or SIGTERM. Anything that stops it from starting is one plain sentence on stderr and exit
//! code 2.

use clap::Parser;
use northstar_relay::standalone::{Failure, RunOptions};
use northstar_relay::Limits;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

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
        ..defaults
    };
    northstar_relay::standalone::run(RunOptions {
        listen: cli.listen,
        db: cli.db,
        limits,
        tls: None,
        db_key: None,
    })
}
