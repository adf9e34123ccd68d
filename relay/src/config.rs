//! The `northstar-relay` binary's settings: command-line flags, `NORTHSTAR_RELAY_*`
//! environment variables and a TOML file, each overriding the next, over the defaults.
//!
//! Every setting has one name in all three places: `max_logs` in the file is `--max-logs` on
//! the command line and `NORTHSTAR_RELAY_MAX_LOGS` in the environment. The limits are named
//! after the [`Limits`] fields, except the three flags that predate the file (`quota_bytes`,
//! `appends_per_minute`, `max_message_bytes`). `relay/deploy/northstar-relay.toml` documents
//! each one.
//!
//! Anything wrong stops the relay before it listens, with one sentence naming the file,
//! variable or setting: an unknown key in the file, an unknown `NORTHSTAR_RELAY_*` variable
//! (a typo in a systemd `EnvironmentFile` would otherwise be silently ignored), a value out
//! of range, a certificate without its key, a certificate or key that cannot be read, or a
//! key that is not the certificate's.

use crate::logs::LogFormat;
use crate::standalone::Failure;
use crate::{Limits, TlsIdentity};
use clap::{CommandFactory, Parser};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The prefix of every environment variable the relay reads.
pub const ENV_PREFIX: &str = "NORTHSTAR_RELAY_";

/// Where the relay listens when nothing says otherwise: this machine only, so a relay
/// started by hand is not reachable from the network by surprise.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:7878";

/// The SQLite file used when neither `db` nor `database_url` is set.
pub const DEFAULT_DB: &str = "northstar-relay.db";

/// The most bytes of config file read: settings fit in a few kilobytes.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The Northstar sync relay: stores encrypted review changes it cannot read.
///
/// Settings come from these flags, then NORTHSTAR_RELAY_* environment variables, then the
/// --config file, then the defaults.
#[derive(Debug, Default, Parser)]
#[command(name = "northstar-relay", version)]
pub struct Args {
    /// A TOML file of settings (see relay/deploy/northstar-relay.toml).
    #[arg(long, env = "NORTHSTAR_RELAY_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Address to listen on (port 0 picks a free port) [default: 127.0.0.1:7878].
    #[arg(long, env = "NORTHSTAR_RELAY_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// The SQLite database holding the logs; created if missing [default: northstar-relay.db].
    #[arg(long, env = "NORTHSTAR_RELAY_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// A PostgreSQL database instead of SQLite, for several relays sharing one store
    /// (`postgres://user:password@host/dbname`).
    #[arg(
        long,
        env = "NORTHSTAR_RELAY_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Serve HTTPS with this PEM certificate chain (needs --tls-key).
    #[arg(long, env = "NORTHSTAR_RELAY_TLS_CERT", value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long, env = "NORTHSTAR_RELAY_TLS_KEY", value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
    /// How log lines on stderr are written [default: text].
    #[arg(long, env = "NORTHSTAR_RELAY_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
    /// The largest message accepted, in bytes.
    #[arg(long, env = "NORTHSTAR_RELAY_MAX_MESSAGE_BYTES",
          value_parser = clap::value_parser!(u64).range(1..=(u32::MAX as u64)))]
    pub max_message_bytes: Option<u64>,
    /// The most bytes one review's log may hold.
    #[arg(long, env = "NORTHSTAR_RELAY_QUOTA_BYTES",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub quota_bytes: Option<u64>,
    /// Appends per minute allowed to one review's log (0 for no limit).
    #[arg(long, env = "NORTHSTAR_RELAY_APPENDS_PER_MINUTE")]
    pub appends_per_minute: Option<u32>,
    /// Requests per minute allowed from one network address (0 for no limit).
    #[arg(long, env = "NORTHSTAR_RELAY_REQUESTS_PER_MINUTE_PER_CLIENT")]
    pub requests_per_minute_per_client: Option<u32>,
    /// The most logs (reviews) this relay will create; unset for no limit, 0 for no new ones.
    #[arg(long, env = "NORTHSTAR_RELAY_MAX_LOGS")]
    pub max_logs: Option<u64>,
    /// The most one-time messages (meeting-room invitations) waiting at once.
    #[arg(long, env = "NORTHSTAR_RELAY_MAX_DROPS")]
    pub max_drops: Option<u64>,
    /// The most requests handled at once; more wait their turn.
    #[arg(long, env = "NORTHSTAR_RELAY_MAX_CONCURRENT_REQUESTS",
          value_parser = clap::value_parser!(u64).range(1..=(u32::MAX as u64)))]
    pub max_concurrent_requests: Option<u64>,
    /// Seconds a client may take to send a request's body.
    #[arg(long, env = "NORTHSTAR_RELAY_BODY_SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub body_seconds: Option<u64>,
    /// Whether only this machine may create logs and invitations (a meeting room's rule).
    #[arg(
        long,
        env = "NORTHSTAR_RELAY_HOST_ONLY_CREATES",
        value_name = "true|false"
    )]
    pub host_only_creates: Option<bool>,
}

/// The same settings as read from the TOML file; every key optional, no others allowed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    listen: Option<SocketAddr>,
    db: Option<PathBuf>,
    database_url: Option<String>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    log_format: Option<LogFormat>,
    max_message_bytes: Option<u64>,
    quota_bytes: Option<u64>,
    appends_per_minute: Option<u32>,
    requests_per_minute_per_client: Option<u32>,
    max_logs: Option<u64>,
    max_drops: Option<u64>,
    max_concurrent_requests: Option<u64>,
    body_seconds: Option<u64>,
    host_only_creates: Option<bool>,
}

/// Where the logs are kept.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file on this machine.
    Sqlite(PathBuf),
    /// A PostgreSQL server, by its connection URL.
    Postgres(String),
}

// The URL may hold a password: never print it.
impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Database::Sqlite(path) => f.debug_tuple("Sqlite").field(path).finish(),
            Database::Postgres(_) => f.write_str("Postgres(..)"),
        }
    }
}

/// The certificate and key files to serve TLS with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Everything the relay runs with, once merged and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub listen: SocketAddr,
    pub database: Database,
    pub tls: Option<TlsFiles>,
    pub log_format: LogFormat,
    pub limits: Limits,
}

impl Settings {
    /// Reads this process's arguments, environment and config file. `Err` is either clap's
    /// own answer (usage, `--help`, `--version`; print it with `exit`) or a [`Failure`].
    pub fn from_process() -> Result<Settings, Startup> {
        let args = Args::try_parse().map_err(|e| {
            let given: Vec<String> = std::env::args_os()
                .skip(1)
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            match bad_variable(&e, &given) {
                Some(failure) => Startup::Failed(failure),
                None => Startup::Usage(e),
            }
        })?;
        check_environment(std::env::vars_os()).map_err(Startup::Failed)?;
        Settings::resolve(args).map_err(Startup::Failed)
    }

    /// Merges `args` (flags and environment, as clap read them) over the config file they
    /// name, over the defaults, and checks the result.
    pub fn resolve(args: Args) -> Result<Settings, Failure> {
        let file = match &args.config {
            Some(path) => read_file(path)?,
            None => FileSettings::default(),
        };
        merge(args, file)
    }

    /// The certificate and key, read and checked, if TLS is set.
    pub fn tls_identity(&self) -> Result<Option<TlsIdentity>, Failure> {
        self.tls
            .as_ref()
            .map(|files| TlsIdentity::from_pem_files(&files.cert, &files.key).map_err(refuse))
            .transpose()
    }
}

/// Why the relay did not start.
pub enum Startup {
    /// Bad flags, or `--help`/`--version`: clap prints and exits.
    Usage(clap::Error),
    Failed(Failure),
}

fn refuse(message: impl Into<String>) -> Failure {
    Failure {
        message: message.into(),
        code: 2,
    }
}

/// Clap's refusal of a bad value, reworded to name the environment variable when the value
/// came from one (clap names only the flag, which the operator never typed). `given` is the
/// command line, without the program's name. `None`: clap's own words fit.
fn bad_variable(error: &clap::Error, given: &[String]) -> Option<Failure> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if !matches!(
        error.kind(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
    ) {
        return None;
    }
    let Some(ContextValue::String(arg)) = error.get(ContextKind::InvalidArg) else {
        return None;
    };
    let flag = arg.split_whitespace().next()?;
    if given
        .iter()
        .any(|a| a == flag || a.starts_with(&format!("{flag}=")))
    {
        return None;
    }
    let command = Args::command();
    let setting = command
        .get_arguments()
        .find(|a| a.get_long().is_some_and(|long| flag == format!("--{long}")))?;
    let variable = setting.get_env()?.to_string_lossy().into_owned();
    let key = flag.trim_start_matches('-').replace('-', "_");
    // The value itself is left out: it may be a database password.
    let why = match error.get(ContextKind::ValidValue) {
        Some(ContextValue::Strings(valid)) => format!("it must be one of {}", valid.join(", ")),
        _ => std::error::Error::source(error)
            .map_or_else(|| "it cannot be read".to_string(), |e| e.to_string()),
    };
    Some(refuse(format!(
        "the environment variable {variable} is not a usable `{key}`: {why}"
    )))
}

/// Refuses a `NORTHSTAR_RELAY_*` variable that is no setting, naming it.
fn check_environment<I, K, V>(vars: I) -> Result<(), Failure>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<std::ffi::OsStr>,
{
    let command = Args::command();
    let known: Vec<String> = command
        .get_arguments()
        .filter_map(|a| a.get_env())
        .map(|e| e.to_string_lossy().into_owned())
        .collect();
    for (name, _) in vars {
        let name = name.as_ref().to_string_lossy();
        if name.starts_with(ENV_PREFIX) && !known.iter().any(|k| *k == name) {
            return Err(refuse(format!(
                "the environment variable {name} is not a northstar-relay setting (the \
                 settings are {})",
                known.join(", ")
            )));
        }
    }
    Ok(())
}

/// Reads and parses the TOML file at `path`.
fn read_file(path: &Path) -> Result<FileSettings, Failure> {
    let name = path.display();
    let file = std::fs::File::open(path)
        .map_err(|e| refuse(format!("cannot read the config file {name}: {e}")))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_CONFIG_BYTES + 1),
        &mut bytes,
    )
    .map_err(|e| refuse(format!("cannot read the config file {name}: {e}")))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(refuse(format!(
            "the config file {name} is larger than a settings file should be (1 MiB or more)"
        )));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| refuse(format!("the config file {name} is not UTF-8 text")))?;
    parse_file(&text).map_err(|why| refuse(format!("the config file {name}, {why}")))
}

/// Parses the file's text; an error says where (`line N: …`).
fn parse_file(text: &str) -> Result<FileSettings, String> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|span| {
                let before = text.as_bytes().get(..span.start).unwrap_or(text.as_bytes());
                before.iter().filter(|b| **b == b'\n').count() + 1
            })
            .map_or_else(String::new, |n| format!("line {n}: "));
        // toml's message for a bad value can run over several lines; one sentence is wanted.
        let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
        format!("{line}{message}")
    })
}

/// The storage one layer chooses, if it chooses one. `db` and `database_url` are one choice,
/// so a higher layer's choice replaces a lower one's whole: a PostgreSQL URL in the
/// environment beats the example file's SQLite path. Both in one layer is a mistake.
fn storage(
    db: Option<PathBuf>,
    url: Option<String>,
    layer: &str,
) -> Result<Option<Database>, Failure> {
    match (db, url) {
        (Some(_), Some(_)) => Err(refuse(format!(
            "both `db` (a SQLite file) and `database_url` (PostgreSQL) are set{}: set one",
            if layer.is_empty() {
                " on the command line or in NORTHSTAR_RELAY_* variables"
            } else {
                layer
            }
        ))),
        (None, Some(url)) if url.trim().is_empty() => Err(refuse(format!(
            "the setting `database_url`{layer} is empty"
        ))),
        (Some(path), None) if path.as_os_str().is_empty() => {
            Err(refuse(format!("the setting `db`{layer} is empty")))
        }
        (None, Some(url)) => Ok(Some(Database::Postgres(url))),
        (Some(path), None) => Ok(Some(Database::Sqlite(path))),
        (None, None) => Ok(None),
    }
}

/// Flags and environment over the file over the defaults; then the checks clap could not
/// make on the file's values, and the ones that need both layers.
fn merge(args: Args, file: FileSettings) -> Result<Settings, Failure> {
    let in_file = |setting: &str, rule: &str| {
        let path = args.config.as_deref().map_or_else(String::new, |p| {
            format!(" in the config file {}", p.display())
        });
        refuse(format!("the setting `{setting}`{path} {rule}"))
    };
    let defaults = Limits::default();
    let listen = match args.listen.or(file.listen) {
        Some(addr) => addr,
        None => DEFAULT_LISTEN
            .parse()
            .map_err(|_| refuse("the default listen address is not an address"))?,
    };

    let max_message_bytes = match (args.max_message_bytes, file.max_message_bytes) {
        (Some(n), _) => n,
        (None, Some(n)) if (1..=u64::from(u32::MAX)).contains(&n) => n,
        (None, Some(_)) => {
            return Err(in_file(
                "max_message_bytes",
                &format!("must be from 1 to {}", u32::MAX),
            ))
        }
        (None, None) => u64::try_from(defaults.max_message_bytes).unwrap_or(u64::MAX),
    };
    let quota_bytes_per_log = match args.quota_bytes.or(file.quota_bytes) {
        Some(0) => return Err(in_file("quota_bytes", "must be at least 1")),
        Some(n) => n,
        None => defaults.quota_bytes_per_log,
    };
    let max_concurrent_requests = match (args.max_concurrent_requests, file.max_concurrent_requests)
    {
        (Some(n), _) => n,
        (None, Some(n)) if (1..=u64::from(u32::MAX)).contains(&n) => n,
        (None, Some(_)) => {
            return Err(in_file(
                "max_concurrent_requests",
                &format!("must be from 1 to {}", u32::MAX),
            ))
        }
        (None, None) => u64::try_from(defaults.max_concurrent_requests).unwrap_or(u64::MAX),
    };
    let body_seconds = match args.body_seconds.or(file.body_seconds) {
        Some(n) if (1..=86_400).contains(&n) => n,
        Some(_) => return Err(in_file("body_seconds", "must be from 1 to 86400 (a day)")),
        None => defaults.body_seconds,
    };
    let limits = Limits {
        max_message_bytes: usize::try_from(max_message_bytes).unwrap_or(usize::MAX),
        quota_bytes_per_log,
        appends_per_minute_per_log: args
            .appends_per_minute
            .or(file.appends_per_minute)
            .unwrap_or(defaults.appends_per_minute_per_log),
        max_logs: args.max_logs.or(file.max_logs).or(defaults.max_logs),
        max_drops: args
            .max_drops
            .or(file.max_drops)
            .unwrap_or(defaults.max_drops),
        requests_per_minute_per_client: args
            .requests_per_minute_per_client
            .or(file.requests_per_minute_per_client)
            .unwrap_or(defaults.requests_per_minute_per_client),
        max_concurrent_requests: usize::try_from(max_concurrent_requests).unwrap_or(usize::MAX),
        body_seconds,
        host_only_creates: args
            .host_only_creates
            .or(file.host_only_creates)
            .unwrap_or(defaults.host_only_creates),
    };

    let database = match storage(args.db, args.database_url, "")? {
        Some(database) => database,
        None => match storage(file.db, file.database_url, " in the config file")? {
            Some(database) => database,
            None => Database::Sqlite(PathBuf::from(DEFAULT_DB)),
        },
    };

    let tls = match (
        args.tls_cert.or(file.tls_cert),
        args.tls_key.or(file.tls_key),
    ) {
        (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
        (None, None) => None,
        (Some(cert), None) => {
            return Err(refuse(format!(
                "a TLS certificate ({}) is set but not its key: set `tls_key` too, or neither \
                 to serve plain HTTP behind a TLS front end",
                cert.display()
            )))
        }
        (None, Some(key)) => {
            return Err(refuse(format!(
                "a TLS key ({}) is set but not its certificate: set `tls_cert` too, or neither \
                 to serve plain HTTP behind a TLS front end",
                key.display()
            )))
        }
    };

    Ok(Settings {
        listen,
        database,
        tls,
        log_format: args.log_format.or(file.log_format).unwrap_or_default(),
        limits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> FileSettings {
        parse_file(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn failure(result: Result<Settings, Failure>) -> String {
        match result {
            Ok(settings) => panic!("accepted: {settings:?}"),
            Err(f) => {
                assert_eq!(f.code, 2);
                assert!(!f.message.contains('\n'), "one line: {}", f.message);
                f.message
            }
        }
    }

    fn merged(args: Args, text: &str) -> Settings {
        match merge(args, file(text)) {
            Ok(settings) => settings,
            Err(f) => panic!("refused: {}", f.message),
        }
    }

    #[test]
    fn nothing_set_gives_the_defaults() {
        let settings = merged(Args::default(), "");
        assert_eq!(settings.listen, DEFAULT_LISTEN.parse().unwrap());
        assert_eq!(settings.database, Database::Sqlite(DEFAULT_DB.into()));
        assert_eq!(settings.tls, None);
        assert_eq!(settings.log_format, LogFormat::Text);
        assert_eq!(settings.limits, Limits::default());
    }

    #[test]
    fn every_setting_is_read_from_the_file() {
        let settings = merged(
            Args::default(),
            r#"
            listen = "0.0.0.0:8443"
            db = "/var/lib/northstar-relay/relay.db"
            tls_cert = "/etc/northstar-relay/cert.pem"
            tls_key = "/etc/northstar-relay/key.pem"
            log_format = "json"
            max_message_bytes = 1000
            quota_bytes = 2000
            appends_per_minute = 30
            requests_per_minute_per_client = 40
            max_logs = 50
            max_drops = 60
            max_concurrent_requests = 70
            body_seconds = 80
            host_only_creates = true
            "#,
        );
        assert_eq!(settings.listen, "0.0.0.0:8443".parse().unwrap());
        assert_eq!(
            settings.database,
            Database::Sqlite("/var/lib/northstar-relay/relay.db".into())
        );
        assert_eq!(
            settings.tls,
            Some(TlsFiles {
                cert: "/etc/northstar-relay/cert.pem".into(),
                key: "/etc/northstar-relay/key.pem".into(),
            })
        );
        assert_eq!(settings.log_format, LogFormat::Json);
        assert_eq!(
            settings.limits,
            Limits {
                max_message_bytes: 1000,
                quota_bytes_per_log: 2000,
                appends_per_minute_per_log: 30,
                max_logs: Some(50),
                max_drops: 60,
                requests_per_minute_per_client: 40,
                max_concurrent_requests: 70,
                body_seconds: 80,
                host_only_creates: true,
            }
        );
    }

    #[test]
    fn flags_and_environment_override_the_file() {
        let args = Args {
            listen: Some("127.0.0.1:9000".parse().unwrap()),
            quota_bytes: Some(5),
            log_format: Some(LogFormat::Text),
            ..Args::default()
        };
        let settings = merged(
            args,
            r#"
            listen = "0.0.0.0:8443"
            quota_bytes = 2000
            appends_per_minute = 30
            log_format = "json"
            "#,
        );
        assert_eq!(settings.listen, "127.0.0.1:9000".parse().unwrap());
        assert_eq!(settings.limits.quota_bytes_per_log, 5);
        // Not overridden: the file's value stands.
        assert_eq!(settings.limits.appends_per_minute_per_log, 30);
        assert_eq!(settings.log_format, LogFormat::Text);
    }

    #[test]
    fn a_database_url_chooses_postgres_and_never_prints() {
        let secret = "postgres://relay:hunter2@db.example/relay";
        let settings = merged(Args::default(), &format!("database_url = \"{secret}\""));
        assert_eq!(settings.database, Database::Postgres(secret.into()));
        assert!(!format!("{settings:?}").contains("hunter2"));
        // The two are one choice: a higher layer's replaces the file's whole.
        let args = Args {
            database_url: Some(secret.into()),
            ..Args::default()
        };
        let settings = merged(args, "db = \"/var/lib/northstar-relay/relay.db\"");
        assert_eq!(settings.database, Database::Postgres(secret.into()));
        let args = Args {
            db: Some("relay.db".into()),
            ..Args::default()
        };
        let settings = merged(args, &format!("database_url = \"{secret}\""));
        assert_eq!(settings.database, Database::Sqlite("relay.db".into()));
        // Both in one layer: which one was meant is unclear.
        let both = format!("db = \"relay.db\"\ndatabase_url = \"{secret}\"");
        let message = failure(merge(Args::default(), file(&both)));
        assert!(
            message.contains("`db`") && message.contains("`database_url`"),
            "{message}"
        );
        assert!(!message.contains("hunter2"));
        let args = Args {
            db: Some("relay.db".into()),
            database_url: Some(secret.into()),
            ..Args::default()
        };
        let message = failure(merge(args, file("")));
        assert!(message.contains("NORTHSTAR_RELAY_"), "{message}");
    }

    #[test]
    fn an_unknown_key_is_named_with_its_line() {
        let error = parse_file("listen = \"127.0.0.1:1\"\nlisten_adress = \"x\"\n")
            .err()
            .unwrap();
        assert!(error.starts_with("line 2: "), "{error}");
        assert!(error.contains("listen_adress"), "{error}");
    }

    #[test]
    fn bad_values_are_named() {
        for (text, words) in [
            ("listen = \"nowhere\"", "line 1"),
            ("log_format = \"xml\"", "xml"),
            ("quota_bytes = -1", "line 1"),
            ("max_logs = \"many\"", "line 1"),
            ("host_only_creates = \"yes\"", "line 1"),
            ("[limits]\nquota_bytes = 1", "limits"),
            ("listen = ", "line 1"),
        ] {
            let error = parse_file(text).err().unwrap_or_else(|| panic!("{text}"));
            assert!(error.contains(words), "{text}: {error}");
            assert!(!error.contains('\n'), "{error}");
        }
        for (text, setting) in [
            ("max_message_bytes = 0", "max_message_bytes"),
            ("max_message_bytes = 5000000000", "max_message_bytes"),
            ("quota_bytes = 0", "quota_bytes"),
            ("max_concurrent_requests = 0", "max_concurrent_requests"),
            ("body_seconds = 0", "body_seconds"),
            ("database_url = \"  \"", "database_url"),
        ] {
            let args = Args {
                config: Some("/etc/relay.toml".into()),
                ..Args::default()
            };
            let message = failure(merge(args, file(text)));
            assert!(message.contains(setting), "{text}: {message}");
        }
    }

    #[test]
    fn a_certificate_needs_its_key() {
        let message = failure(merge(
            Args::default(),
            file("tls_cert = \"/etc/relay/cert.pem\""),
        ));
        assert!(message.contains("/etc/relay/cert.pem"), "{message}");
        assert!(message.contains("tls_key"), "{message}");
        let message = failure(merge(
            Args {
                tls_key: Some("/k.pem".into()),
                ..Args::default()
            },
            file(""),
        ));
        assert!(message.contains("tls_cert"), "{message}");
    }

    #[test]
    fn the_config_file_must_be_readable() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("absent.toml");
        let message = match read_file(&missing) {
            Err(f) => f.message,
            Ok(_) => panic!("read a missing file"),
        };
        assert!(message.contains("absent.toml"), "{message}");
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "max_drops = 1\nmystery = 2\n").unwrap();
        let message = match read_file(&bad) {
            Err(f) => f.message,
            Ok(_) => panic!("read a bad file"),
        };
        assert!(
            message.contains("bad.toml")
                && message.contains("line 2")
                && message.contains("mystery"),
            "{message}"
        );
        std::fs::write(&bad, [0xff, 0xfe, 0x00]).unwrap();
        assert!(read_file(&bad).is_err());
    }

    #[test]
    fn a_bad_value_from_the_environment_names_the_variable() {
        // Parsed as clap would parse a variable's value, without touching this process's
        // environment (which other tests share).
        let error = Args::try_parse_from(["northstar-relay", "--listen", "nowhere"]).unwrap_err();
        let message = bad_variable(&error, &[]).unwrap().message;
        assert!(message.contains("NORTHSTAR_RELAY_LISTEN"), "{message}");
        assert!(message.contains("`listen`"), "{message}");
        assert!(message.contains("socket address"), "{message}");
        assert!(!message.contains("nowhere"), "{message}");
        // Typed on the command line: clap's own words, which name the flag, stand.
        let typed = ["--listen".to_string(), "nowhere".to_string()];
        assert!(bad_variable(&error, &typed).is_none());
        let typed = ["--listen=nowhere".to_string()];
        assert!(bad_variable(&error, &typed).is_none());

        let error =
            Args::try_parse_from(["northstar-relay", "--host-only-creates", "yes"]).unwrap_err();
        let message = bad_variable(&error, &[]).unwrap().message;
        assert!(
            message.contains("NORTHSTAR_RELAY_HOST_ONLY_CREATES"),
            "{message}"
        );
        assert!(message.contains("true, false"), "{message}");

        let error =
            Args::try_parse_from(["northstar-relay", "--max-message-bytes", "0"]).unwrap_err();
        let message = bad_variable(&error, &[]).unwrap().message;
        assert!(
            message.contains("NORTHSTAR_RELAY_MAX_MESSAGE_BYTES"),
            "{message}"
        );

        // Not a bad value: nothing to reword.
        let error = Args::try_parse_from(["northstar-relay", "--no-such-flag"]).unwrap_err();
        assert!(bad_variable(&error, &[]).is_none());
    }

    #[test]
    fn unknown_relay_variables_are_refused_and_others_ignored() {
        let ok = [
            ("NORTHSTAR_RELAY_LISTEN", "127.0.0.1:1"),
            ("NORTHSTAR_RELAY_DATABASE_URL", "postgres://x"),
            ("PATH", "/usr/bin"),
            ("NORTHSTAR_PASSPHRASE", "not the relay's"),
        ];
        assert!(check_environment(ok).is_ok());
        let message = match check_environment([("NORTHSTAR_RELAY_LISTN", "127.0.0.1:1")]) {
            Err(f) => f.message,
            Ok(()) => panic!("a typo was accepted"),
        };
        assert!(message.contains("NORTHSTAR_RELAY_LISTN"), "{message}");
        assert!(message.contains("NORTHSTAR_RELAY_LISTEN"), "{message}");
    }

    #[test]
    fn the_example_file_is_valid_and_documents_every_setting() {
        let example = include_str!("../deploy/northstar-relay.toml");
        let settings = merged(
            Args {
                config: Some("northstar-relay.toml".into()),
                ..Args::default()
            },
            example,
        );
        assert_eq!(
            settings.database,
            Database::Sqlite("/var/lib/northstar-relay/relay.db".into())
        );
        // Its commented-out values are the defaults, so uncommenting one changes nothing.
        let uncommented: String = example
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest) if rest.contains(" = ") && !rest.starts_with(char::is_uppercase) => rest,
                _ => line,
            })
            .filter(|line| !line.starts_with("tls_") && !line.starts_with("database_url"))
            .map(|line| format!("{line}\n"))
            .collect();
        let defaults = merged(Args::default(), &uncommented);
        let expected_limits = Limits {
            max_logs: Some(100_000),
            ..Limits::default()
        };
        assert_eq!(
            defaults.limits, expected_limits,
            "a commented value is not the default"
        );
        assert_eq!(defaults.log_format, LogFormat::Text);
        for arg in Args::command().get_arguments() {
            let Some(long) = arg.get_long() else { continue };
            if ["help", "version", "config"].contains(&long) {
                continue;
            }
            let key = long.replace('-', "_");
            assert!(
                example
                    .lines()
                    .any(|l| l.trim_start_matches("# ").starts_with(&format!("{key} = "))),
                "the example does not show `{key}`"
            );
        }
    }

    #[test]
    fn every_flag_has_its_variable_and_its_file_key() {
        // Each flag's variable is the prefix and its name, and the file knows the same name,
        // so the three spellings cannot drift apart.
        let command = Args::command();
        for arg in command.get_arguments() {
            let Some(long) = arg.get_long() else { continue };
            if ["help", "version"].contains(&long) {
                continue;
            }
            let key = long.replace('-', "_");
            let env = arg.get_env().map(|e| e.to_string_lossy().into_owned());
            assert_eq!(
                env,
                Some(format!("{ENV_PREFIX}{}", key.to_uppercase())),
                "--{long}"
            );
            if long == "config" {
                continue;
            }
            let text = format!("{key} = []");
            let error = parse_file(&text).err().unwrap();
            assert!(
                !error.contains("unknown field"),
                "the file has no `{key}`: {error}"
            );
        }
    }
}
