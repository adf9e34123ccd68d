//! `northstar-relay`: runs the sync relay over a SQLite file or a PostgreSQL database.
//!
//! Prints one line, `listening on http://ADDR`, once it accepts connections (scripts and
//! tests read the real port from it when started with port 0), and stops cleanly on Ctrl-C
//! or SIGTERM. Anything that stops it from starting is one plain sentence on stderr and exit
//! code 2.
//!
//! Its settings (flags, `NORTHSTAR_RELAY_*` variables, a TOML file) are read and checked in
//! [`northstar_relay::config`]; its log lines on stderr are set up by
//! [`northstar_relay::logs`]. This file only puts them in order.

use northstar_relay::config::{Database, Settings, Startup};
use northstar_relay::standalone::{Failure, RunOptions, Storage};
use std::process::ExitCode;

fn main() -> ExitCode {
    let settings = match Settings::from_process() {
        Ok(settings) => settings,
        // `exit` prints the usage or help and picks the code: 2 for bad arguments, 0 for --help.
        Err(Startup::Usage(e)) => e.exit(),
        Err(Startup::Failed(failure)) => return plainly(failure),
    };
    let format = settings.log_format;
    // Settings, certificate and key are all checked before the log starts, so whatever is
    // wrong with them is a plain sentence, not a log line.
    let options = match options(settings) {
        Ok(options) => options,
        Err(failure) => return plainly(failure),
    };
    if let Err(message) = northstar_relay::logs::init(format) {
        return plainly(Failure { message, code: 2 });
    }
    match northstar_relay::standalone::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure { message, code }) => {
            // Through the log now it runs, so a JSON log stays all JSON.
            tracing::error!("{message}");
            ExitCode::from(code)
        }
    }
}

fn plainly(Failure { message, code }: Failure) -> ExitCode {
    eprintln!("northstar-relay: {message}");
    ExitCode::from(code)
}

fn options(settings: Settings) -> Result<RunOptions, Failure> {
    let tls = settings.tls_identity()?;
    let storage = match settings.database {
        Database::Sqlite(path) => Storage::sqlite(path),
        Database::Postgres(url) => Storage::Postgres { url },
    };
    Ok(RunOptions {
        listen: settings.listen,
        storage,
        limits: settings.limits,
        tls,
    })
}
