// The Windows release build must not open a console window behind the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use clap::Parser;
use northstar::{cli, desktop, DataDir};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let result = DataDir::resolve(args.data_dir).and_then(|dir| match args.command {
        Some(command) => cli::run(&dir, command),
        None => desktop::run(dir),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("northstar: {e}");
            ExitCode::FAILURE
        }
    }
}
