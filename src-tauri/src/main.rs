//! `northstar`: the desktop app. With no subcommand it opens the window; with one it runs the
//! same headless command as `northstar-engine`'s command line, so a SENCO's laptop needs one
//! program.
//!
//! This crate is the thin Tauri shell: [`desktop`] wires the window's commands to the
//! engine's `Workspace`, and nothing outside it knows about Tauri or WebKit.

// The Windows release build must not open a console window behind the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod desktop;

use clap::Parser;
use northstar_engine::{cli, DataDir};
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
