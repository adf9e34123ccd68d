//! `northstar-cli`: the headless `northstar` command line, for a council server with no
//! desktop (packaged as `northstar` in the `northstar-cli` .deb). It is the desktop app's
//! command line without the window.

use clap::Parser;
use northstar_engine::{cli, DataDir};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let result = DataDir::resolve(args.data_dir).and_then(|dir| match args.command {
        Some(command) => cli::run(&dir, command),
        None => Err(northstar_engine::EngineError::NoWindow),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("northstar: {e}");
            ExitCode::FAILURE
        }
    }
}
