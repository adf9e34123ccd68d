//! The headless subcommands of the `northstar` binary.
//!
//! Output contract: data goes to stdout, messages to stderr. `import` prints the review id as
//! its last line. Any failure prints `northstar: <plain message>` and exits non-zero.

use crate::pdf::PdfKind;
use crate::{CaseloadQuery, DataDir, EngineError, ImportOutcome, Result, Store};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use northstar_schema::calendar::Calendar;
use northstar_schema::quality::QualityReport;
use northstar_schema::{Phase, ReviewDocument, ReviewStatus};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "northstar",
    version,
    about = "EHCP annual reviews, offline. With no subcommand, opens the desktop app."
)]
pub struct Cli {
    /// Where Northstar keeps its data (default: the system's app data folder).
    #[arg(long, global = true, env = "NORTHSTAR_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import a review (published JSON, or an Automerge export to merge). Prints its id last.
    Import { file: PathBuf },
    /// Export a review as JSON or as an Automerge document (with its history).
    Export {
        id: String,
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Export a review as a PDF: the draft EHC plan, the annual review report or the
    /// one-page profile (also in easy read, with the young person's pictures and drawings).
    /// Written through a temporary file, so a failure leaves no partial PDF.
    Pdf {
        id: String,
        #[arg(long, value_enum)]
        kind: PdfKind,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Large print: body text at 18 pt, headings larger.
        #[arg(long)]
        large_print: bool,
        /// The family's language, as a code (pl, ur, bn, pa, ar, ro, so): the one-page
        /// profile in it, or the decision letter with a page in it after the English.
        #[arg(long, value_name = "CODE", value_parser = parse_language)]
        language: Option<northstar_schema::Language>,
    },
    /// Print the caseload.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Only children whose name or setting contains this text.
        #[arg(long)]
        search: Option<String>,
        #[arg(long, value_parser = parse_phase)]
        phase: Option<Phase>,
        #[arg(long, value_parser = parse_status)]
        status: Option<ReviewStatus>,
        /// The archive (ceased plans, children who moved away) instead of the caseload.
        #[arg(long)]
        archived: bool,
    },
    /// Rebuild the caseload list from the stored reviews.
    Rebuild,
    /// Fold stored edits into compact snapshots.
    Compact,
    /// Move a child's plan out of the working caseload, read-only, for the council's retention
    /// period (`list --archived` shows the archive).
    Archive {
        id: String,
        /// Why: ceased, left-the-area or other.
        #[arg(long, value_parser = parse_archive_reason, default_value = "ceased")]
        reason: northstar_schema::ArchiveReason,
    },
    /// Put an archived plan back in the working caseload.
    Unarchive { id: String },
    /// Print, or set, how many years archived plans are kept before erasure is offered.
    Retention {
        #[arg(long)]
        years: Option<u32>,
    },
    /// Everything held about a child, for a subject access request: a new folder with the
    /// plan and every review as PDF, the history, attachments, the disclosure record and JSON.
    SubjectAccess {
        id: String,
        /// The folder to make (it must not exist yet).
        #[arg(long)]
        out: PathBuf,
    },
    /// Print a child's disclosure record: who it was shared with or sent to, when, and why.
    Disclosures { id: String },
    /// Erase a review's history, keeping the review as it reads now: to remove a wrongly
    /// recorded item for good, delete it as usual, then erase the history.
    EraseHistory {
        id: String,
        /// The child's name as the caseload shows it, to confirm.
        #[arg(long)]
        confirm: String,
    },
    /// Erase a child from this device: their review, its history, attachments only they
    /// referred to, and sync state. For a review this device shares as its owner, the relay's
    /// copy is deleted first (or nothing is erased), unless --this-device-only.
    Erase {
        id: String,
        /// The child's name as the caseload shows it, to confirm.
        #[arg(long)]
        confirm: String,
        /// Erase here even if the relay cannot be reached (its copy stays there, sealed).
        #[arg(long)]
        this_device_only: bool,
    },
    /// Load the fictional demo caseload.
    Demo,
    /// Print every statutory date for a review: each deadline's date, status and rule.
    Calendar {
        id: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Work statuses out as of this day (YYYY-MM-DD) instead of today.
        #[arg(long, value_parser = parse_day, value_name = "DATE")]
        today: Option<NaiveDate>,
    },
    /// Check a plan's quality: a stored review by id, or a review JSON file.
    Check {
        /// A review id, or the path of a review JSON file.
        target: String,
        /// Print JSON instead of a list.
        #[arg(long)]
        json: bool,
        /// Check as of this day (YYYY-MM-DD) instead of today.
        #[arg(long, value_parser = parse_day, value_name = "DATE")]
        today: Option<NaiveDate>,
    },
    /// The steps after the meeting: report sent, LA decision, notice, amended plan, cease.
    #[command(subcommand)]
    Year(crate::cli_year::YearCommand),
    /// Apply one edit given as JSON (any `ReviewEdit`, as the window sends it).
    Edit {
        id: String,
        /// The edit as JSON, or @FILE to read it from a file.
        edit: String,
        #[command(flatten)]
        who: crate::cli_year::AsWho,
    },
    /// The LA caseworker's queue: decisions, notices, amended plans and transfers due, with
    /// counts per setting and timeliness over the last 12 months.
    Queue {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// As of this day (YYYY-MM-DD) instead of today.
        #[arg(long, value_parser = parse_day, value_name = "DATE")]
        today: Option<NaiveDate>,
    },
    /// Write the annual-review items of the DfE SEN2 return (census in January of YEAR) for
    /// every plan held; prints what could not be reported.
    Sen2 {
        #[arg(long, value_name = "YYYY")]
        year: i32,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Make it as of this day (YYYY-MM-DD) instead of today: nothing after it is reported.
        #[arg(long, value_parser = parse_day, value_name = "DATE")]
        today: Option<NaiveDate>,
    },
    /// An anonymised report over every plan held, for commissioning: `aspirations` writes what
    /// young people aspire to, by theme, and where plans do not yet serve it (counts of 1 to 4
    /// shown as "fewer than 5", no free text): as a PDF with a bar chart for each table when
    /// FILE ends in .pdf, otherwise as CSV.
    Report {
        kind: ReportKind,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// As of this day (YYYY-MM-DD) instead of today.
        #[arg(long, value_parser = parse_day, value_name = "DATE")]
        today: Option<NaiveDate>,
    },
    /// Share reviews and sync them with other participants through a relay.
    #[command(subcommand)]
    Sync(crate::cli_sync::SyncCommand),
    /// Run a sync relay here, e.g. on the SENCO's laptop for a meeting room with no internet.
    Relay {
        /// Address to listen on: 0.0.0.0:7878 to let others in the room connect.
        #[arg(long, default_value = "127.0.0.1:7878")]
        listen: std::net::SocketAddr,
        /// The relay's database (it holds only encrypted messages).
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
    },
    /// Back up this device's Northstar data to one file, safe to run while the app is open.
    /// The backup stays encrypted: restoring it needs the passphrase the data has now.
    Backup {
        /// The backup file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Restore a backup into the data folder (on a new laptop, say), with the passphrase the
    /// data had when the backup was made in NORTHSTAR_PASSPHRASE. Close the app first.
    Restore {
        /// The backup file made by `northstar backup`.
        file: PathBuf,
        /// Put the backup in place of data already in the folder (which is kept aside).
        #[arg(long)]
        replace: bool,
    },
    /// Test support: append COUNT actions to a review, printing "ack N" after each is durable.
    #[command(hide = true)]
    AppendActions { id: String, count: u32 },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportKind {
    Aspirations,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Json,
    Automerge,
}

fn parse_phase(s: &str) -> std::result::Result<Phase, String> {
    Phase::ALL
        .iter()
        .copied()
        .find(|p| p.as_str() == s)
        .ok_or_else(|| {
            format!(
                "expected one of: {}",
                Phase::ALL
                    .iter()
                    .map(|p| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

fn parse_archive_reason(s: &str) -> std::result::Result<northstar_schema::ArchiveReason, String> {
    northstar_schema::ArchiveReason::parse(s)
        .ok_or_else(|| "expected one of: ceased, left-the-area, other".into())
}

fn parse_day(s: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| "expected a date as YYYY-MM-DD".into())
}

fn parse_status(s: &str) -> std::result::Result<ReviewStatus, String> {
    serde_json::from_value(serde_json::Value::String(s.into())).map_err(|_| {
        "expected one of: overdue, awaiting-decision, due-soon, meeting-booked, up-to-date, unknown, ceased".into()
    })
}

/// Runs a headless subcommand.
pub fn run(data_dir: &DataDir, command: Command) -> Result<()> {
    // Checking a file needs no store, so it works without a data folder.
    if let Command::Check {
        target,
        json,
        today,
    } = &command
    {
        if Path::new(target).is_file() {
            let text = std::fs::read_to_string(target)
                .map_err(EngineError::io(format!("could not read {target}")))?;
            let doc = ReviewDocument::from_json_str(&text)?;
            return print_check(&doc, *json, today.unwrap_or_else(crate::store::today));
        }
    }
    if let Command::Relay { listen, db } = &command {
        let db = db
            .clone()
            .unwrap_or_else(|| data_dir.path().join("relay.db"));
        std::fs::create_dir_all(data_dir.path())
            .map_err(EngineError::io("could not create the data folder"))?;
        return crate::cli_sync::run_relay(*listen, db);
    }
    if let Command::Restore { file, replace } = &command {
        return restore(data_dir, file, *replace);
    }
    let key =
        crate::DataKey::from_environment(data_dir.path()).unwrap_or(Err(EngineError::Locked))?;
    // Held while the store is in use, so a restore cannot swap it underneath (taken once the
    // passphrase has opened the key, so a wrong one leaves the folder exactly as it was).
    let _lease = crate::backup::Lease::shared(data_dir.path())?;
    let mut store = Store::open(data_dir.path(), &key)?;
    if let Command::Backup { out } = &command {
        let header = crate::backup::write(&store, data_dir.path(), out)?;
        println!(
            "Backed up {} reviews to {} ({} KB). Keep it somewhere safe: it opens with this \
             data's passphrase.",
            header.reviews,
            out.display(),
            (header.database_bytes + header.key_file_bytes).div_ceil(1024)
        );
        return Ok(());
    }
    let command = match command {
        Command::Year(step) => return crate::cli_year::run_year(store, step),
        Command::Edit { id, edit, who } => {
            let json = match edit.strip_prefix('@') {
                Some(path) => std::fs::read_to_string(path)
                    .map_err(EngineError::io(format!("could not read {path}")))?,
                None => edit,
            };
            let edit = crate::cli_year::parse_edit(&json)?;
            return crate::cli_year::run_edit(store, &id, &who, &edit);
        }
        Command::Sen2 { year, out, today } => {
            return crate::cli_year::write_sen2(
                &store,
                year,
                &out,
                today.unwrap_or_else(crate::store::today),
            )
        }
        Command::Report {
            kind: ReportKind::Aspirations,
            out,
            today,
        } => {
            return crate::cli_year::write_aspirations_report(
                &mut store,
                &out,
                today.unwrap_or_else(crate::store::today),
            )
        }
        Command::Queue { json, today } => {
            return crate::cli_year::print_queue(
                &store,
                json,
                today.unwrap_or_else(crate::store::today),
            )
        }
        other => other,
    };
    let mut stdout = std::io::stdout().lock();
    match command {
        Command::Import { file } => {
            let bytes = std::fs::read(&file).map_err(EngineError::io(format!(
                "could not read {}",
                file.display()
            )))?;
            let outcome = store.import(&bytes)?;
            let verb = match outcome {
                ImportOutcome::Created(_) => "Imported",
                ImportOutcome::Merged(_) => "Merged into the stored copy of",
            };
            let name = store.get(outcome.id())?.young_person.display_name();
            eprintln!("{verb} the review for {name}.");
            writeln!(stdout, "{}", outcome.id()).map_err(out_err)?;
        }
        Command::Export { id, format, out } => {
            let bytes = match format {
                ExportFormat::Json => store.export_json(&id)?.into_bytes(),
                ExportFormat::Automerge => store.export_automerge(&id)?,
            };
            match out {
                Some(path) => write_atomically(&path, &bytes)?,
                None => stdout.write_all(&bytes).map_err(out_err)?,
            }
        }
        Command::Pdf {
            id,
            kind,
            out,
            large_print,
            language,
        } => {
            let print = large_print.then_some(crate::pdf::Print::Large);
            let version = crate::pdf::Version::of(print, language);
            let exported = crate::pdf::export(&mut store, &id, kind, version, &out)?;
            eprintln!("Wrote {}.", out.display());
            if let Some(warning) = exported.warning() {
                eprintln!("{warning}");
            }
        }
        Command::List {
            json,
            search,
            phase,
            status,
            archived,
        } => {
            // Alphabetical, so scripts that read the list get a stable order.
            let entries = store.list(&CaseloadQuery {
                search,
                setting: None,
                phase,
                status,
                order: northstar_schema::CaseloadOrder::Name,
                archived,
            })?;
            if json {
                let text = serde_json::to_string_pretty(&entries)?;
                writeln!(stdout, "{text}").map_err(out_err)?;
            } else {
                for e in &entries {
                    let due = e
                        .next_review_due
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "-".into());
                    writeln!(
                        stdout,
                        "{:<36}  {:<28}  {:<12}  {:<10}  {:<20}  {}",
                        e.id,
                        e.name,
                        e.year_group.label(),
                        due,
                        e.status.label(),
                        e.setting
                    )
                    .map_err(out_err)?;
                }
            }
        }
        Command::Rebuild => {
            let n = store.rebuild_projection()?;
            eprintln!("Rebuilt the caseload list from {n} reviews.");
        }
        Command::Compact => {
            let n = store.compact_due()?;
            eprintln!("Compacted {n} reviews.");
        }
        Command::SubjectAccess { id, out } => {
            let by = crate::disclosures::author_of(&store);
            let pack = crate::subject_access::export(&mut store, &id, &out, &by)?;
            eprintln!(
                "Wrote {} files into {}.",
                pack.files.len(),
                pack.folder.display()
            );
        }
        Command::Disclosures { id } => {
            store.get(&id)?;
            let text = crate::disclosures::as_text(&crate::disclosures::list(&store, &id)?);
            write!(stdout, "{text}").map_err(out_err)?;
        }
        Command::EraseHistory { id, confirm } => {
            let mut workspace = crate::Workspace::new(store)?;
            workspace.erase_history(&id, &confirm)?;
            eprintln!("Erased the history of {id}; the review is kept as it reads now.");
            return Ok(());
        }
        Command::Archive { id, reason } => {
            let mut workspace = crate::Workspace::new(store)?;
            let a = workspace.archive(&id, reason)?;
            eprintln!(
                "Archived {id}: read-only, kept until {}.",
                a.keep_until.long()
            );
            return Ok(());
        }
        Command::Unarchive { id } => {
            store.unarchive(&id)?;
            eprintln!("{id} is back in the working caseload.");
        }
        Command::Retention { years } => {
            let years = match years {
                Some(y) => store.set_retention_years(y)?,
                None => store.retention_years()?,
            };
            writeln!(stdout, "{years}").map_err(out_err)?;
        }
        Command::Erase {
            id,
            confirm,
            this_device_only,
        } => {
            let mut workspace = crate::Workspace::new(store)?;
            let erased = workspace.erase_child(&id, &confirm, this_device_only)?;
            eprintln!(
                "Erased {} from this device, with {} attachment(s) no other review refers to.",
                erased.id, erased.attachments
            );
            return Ok(());
        }
        Command::Demo => {
            let n = crate::demo::load_demo(&mut store)?;
            eprintln!("Added {n} fictional demo reviews.");
        }
        Command::Calendar { id, json, today } => {
            let doc = store.get(&id)?;
            let calendar = Calendar::for_document(&doc, today.unwrap_or_else(crate::store::today));
            if json {
                let mut value = serde_json::to_value(&calendar)?;
                if let Some(map) = value.as_object_mut() {
                    map.insert("id".into(), doc.id.clone().into());
                    map.insert("name".into(), doc.young_person.display_name().into());
                }
                let text = serde_json::to_string_pretty(&value)?;
                writeln!(stdout, "{text}").map_err(out_err)?;
            } else {
                write_calendar(&mut stdout, &doc, &calendar).map_err(out_err)?;
            }
        }
        Command::Check {
            target,
            json,
            today,
        } => {
            let doc = store.get(&target)?;
            print_check(&doc, json, today.unwrap_or_else(crate::store::today))?;
        }
        Command::Sync(sync) => crate::cli_sync::run(&mut store, sync)?,
        // Served above.
        Command::Year(_)
        | Command::Edit { .. }
        | Command::Queue { .. }
        | Command::Sen2 { .. }
        | Command::Report { .. }
        | Command::Backup { .. } => {}
        // Served above, without opening the store.
        Command::Relay { .. } | Command::Restore { .. } => {}
        Command::AppendActions { id, count } => {
            for i in 1..=count {
                store.update(&id, "Added an action", |doc| {
                    if doc.reviews.is_empty() {
                        doc.reviews.push(northstar_schema::AnnualReview {
                            id: "review-kill".into(),
                            ..Default::default()
                        });
                    }
                    let review = doc.reviews.last_mut().expect("just ensured");
                    review.actions.push(northstar_schema::Action {
                        id: format!("append-{i}"),
                        what: format!("Appended action {i}").into(),
                        owner: "Test".into(),
                        ..Default::default()
                    });
                })?;
                writeln!(stdout, "ack {i}")
                    .and_then(|_| stdout.flush())
                    .map_err(out_err)?;
                // Compact often, so a kill can land in the middle of one.
                if i % 8 == 0 {
                    store.compact(&id)?;
                }
            }
        }
    }
    Ok(())
}

fn write_calendar(
    out: &mut impl Write,
    doc: &ReviewDocument,
    cal: &Calendar,
) -> std::io::Result<()> {
    let name = doc.young_person.display_name();
    writeln!(
        out,
        "Statutory calendar for {name} ({}), as of {}",
        doc.id, cal.today
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<46}  {:<10}  {:<22}  rule",
        "deadline", "due", "status"
    )?;
    for d in cal.deadlines.iter() {
        writeln!(
            out,
            "{:<46}  {:<10}  {:<22}  {}",
            d.label,
            d.due,
            d.status.describe(),
            d.rule
        )?;
    }
    if cal.deadlines.iter().next().is_none() {
        writeln!(
            out,
            "(no deadlines: the plan has no issue date and no review dates)"
        )?;
    }
    let f = &cal.flags;
    let mut notes = Vec::new();
    if f.pfa_focus {
        notes.push("Year 9 or above: the review must cover preparing for adulthood.".to_string());
    }
    if f.under_five {
        let by = f
            .suggested_review_by
            .map(|d| format!(" (by {d})"))
            .unwrap_or_default();
        notes.push(format!(
            "Under 5: consider reviewing every 3 to 6 months{by}."
        ));
    }
    if let Some(t) = f.transfer {
        let how = if f.transfer_recorded {
            "recorded in the plan"
        } else {
            "from the year group"
        };
        notes.push(format!("Phase transfer: {} ({how}).", t.label()));
    }
    if let Some(end) = f.end_of_compulsory_school_age {
        if f.young_person_decides {
            notes.push(format!(
                "Past the end of compulsory school age ({end}): {name} makes the decisions."
            ));
        } else {
            notes.push(format!(
                "End of compulsory school age: {end}; decisions then pass to the young person."
            ));
        }
    }
    if !notes.is_empty() {
        writeln!(out)?;
        for n in notes {
            writeln!(out, "- {n}")?;
        }
    }
    Ok(())
}

fn print_check(doc: &ReviewDocument, json: bool, today: NaiveDate) -> Result<()> {
    let report = QualityReport::for_document(doc, today);
    let mut out = std::io::stdout().lock();
    if json {
        let text = serde_json::to_string_pretty(&report)?;
        writeln!(out, "{text}").map_err(out_err)?;
        return Ok(());
    }
    let c = report.counts;
    writeln!(
        out,
        "Plan check for {} ({}), as of {}: {} high, {} medium, {} low",
        doc.young_person.display_name(),
        doc.id,
        report.checked_on,
        c.high,
        c.medium,
        c.low
    )
    .map_err(out_err)?;
    for f in &report.findings {
        let place = match (&f.section, &f.review_id) {
            (Some(s), _) => format!("Section {}", s.as_str()),
            (None, Some(r)) => format!("review {r}"),
            (None, None) => "plan".into(),
        };
        writeln!(
            out,
            "\n[{}] {} ({place}{})\n  {}\n  What to do: {}\n  Rule: {}",
            f.severity.label(),
            f.rule.label(),
            f.item_id
                .as_deref()
                .map(|i| format!(", {i}"))
                .unwrap_or_default(),
            f.message,
            f.suggestion,
            f.citation
        )
        .map_err(out_err)?;
    }
    Ok(())
}

pub(crate) fn out_err(e: std::io::Error) -> EngineError {
    EngineError::Io {
        context: "could not write the output".into(),
        source: e,
    }
}

/// Writes via a temporary file and a rename, so a failure never leaves a partial file behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.northstar-tmp"));
    let context = format!("could not write {}", path.display());
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(EngineError::io(context))
}

fn restore(data_dir: &DataDir, file: &Path, replace: bool) -> Result<()> {
    let passphrase = std::env::var(crate::PASSPHRASE_VAR).map_err(|_| {
        EngineError::Refused(format!(
            "set {} to the passphrase the data had when the backup was made, then restore \
             again. Nothing was changed",
            crate::PASSPHRASE_VAR
        ))
    })?;
    let passphrase = zeroize::Zeroizing::new(passphrase);
    let restored = crate::backup::restore(data_dir, file, &passphrase, replace)?;
    println!(
        "Restored {} reviews from the backup made {} into {}.",
        restored.reviews,
        restored.made_at,
        data_dir.path().display()
    );
    if let Some(aside) = restored.kept_aside {
        println!(
            "The data that was there before is kept, still encrypted, in {}.",
            aside.display()
        );
    }
    Ok(())
}

/// A language code for `pdf --language`, refused in plain words with the codes there are.
fn parse_language(code: &str) -> std::result::Result<northstar_schema::Language, String> {
    northstar_schema::Language::from_code(code.trim()).ok_or_else(|| {
        let codes: Vec<String> = northstar_schema::Language::ALL
            .iter()
            .map(|l| format!("{} ({})", l.code(), l.english_name()))
            .collect();
        format!(
            "there is no language {code:?} here; use one of {}",
            codes.join(", ")
        )
    })
}
