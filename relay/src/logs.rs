//! The `northstar-relay` binary's log: events from `tracing`, one line each on stderr, as
//! readable text or as JSON lines for a log collector.
//!
//! Stderr, because stdout carries the one `listening on` line scripts read, and because
//! journald and container runtimes collect both. What the events hold is decided where they
//! are made (`ops.rs` for requests, `standalone.rs` for starting and stopping); nothing
//! about a review is ever logged.
//!
//! A relay embedded in the desktop app installs no subscriber, so its events go nowhere.

use serde::Deserialize;

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Lines for people: time, level, what happened, then its fields as `name=value`.
    #[default]
    Text,
    /// One JSON object per line, fields at the top level.
    Json,
}

impl LogFormat {
    pub fn name(self) -> &'static str {
        match self {
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        }
    }
}

/// Sends this process's events at `INFO` and above to stderr in `format`. Fails only if a
/// logger was installed already.
pub fn init(format: LogFormat) -> Result<(), String> {
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .with_target(true);
    let installed = match format {
        LogFormat::Text => builder.try_init(),
        // Flattened, so a collector finds `status` rather than `fields.status`; no spans,
        // since the relay makes none.
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .try_init(),
    };
    installed.map_err(|e| format!("cannot start logging: {e}"))
}
