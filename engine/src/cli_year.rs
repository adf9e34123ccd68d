//! `northstar year …`, `northstar edit` and `northstar queue`: the statutory year after the
//! meeting from the command line, as the person this computer records changes as.
//!
//! Every step is the same `ReviewEdit` the window sends, through the same [`Workspace`], so
//! the same checks apply (LA-only steps, dates in order) and it shows in history.

use crate::{EngineError, Result, Store, Workspace};
use chrono::NaiveDate;
use clap::Subcommand;
use northstar_schema::casework::Queue;
use northstar_schema::edit::ReviewEdit;
use northstar_schema::session::Author;
use northstar_schema::{Date, PlanDecision, ReviewDocument, Role};
use std::io::Write;
use std::path::PathBuf;

/// Who the change is recorded as: this computer's author, or the one given.
#[derive(Debug, Clone, clap::Args)]
pub struct AsWho {
    /// Record the change as this person (default: who this computer records changes as).
    #[arg(long = "as", value_name = "NAME")]
    pub name: Option<String>,
    /// Their role, for example la-caseworker or senco.
    #[arg(long, value_parser = parse_role)]
    pub role: Option<Role>,
}

#[derive(Debug, Subcommand)]
pub enum YearCommand {
    /// Record that the school's report went out (reg 20(7)); by default to everyone invited.
    ReportSent {
        id: String,
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        on: Date,
        /// Participant ids it went to (repeat); default everyone invited to the meeting.
        #[arg(long = "to", value_name = "PARTICIPANT")]
        to: Vec<String>,
        /// The review (default: the latest).
        #[arg(long)]
        review: Option<String>,
        #[command(flatten)]
        who: AsWho,
    },
    /// Write the report PDF and an email draft (.eml) per recipient beside it.
    ReportPack {
        id: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long)]
        review: Option<String>,
        #[command(flatten)]
        who: AsWho,
    },
    /// Record the LA's decision: maintain, amend or cease (LA caseworker only).
    Decide {
        id: String,
        #[arg(long, value_parser = parse_decision)]
        decision: PlanDecision,
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        on: Date,
        #[arg(long)]
        reasons: String,
        #[arg(long)]
        review: Option<String>,
        #[command(flatten)]
        who: AsWho,
    },
    /// Record that the notice of proposed amendments went out (reg 22(1)).
    Notice(AfterDecision),
    /// Make every accepted amendment and issue the amended plan (reg 22(3)).
    IssuePlan(AfterDecision),
    /// The plan stops being maintained from this day, after a decision to cease (s45).
    Cease(AfterDecision),
}

/// A step that follows the LA's decision: on which day, for which review (default: the
/// latest with a decision, since next year's review may already have started).
#[derive(Debug, Clone, clap::Args)]
pub struct AfterDecision {
    id: String,
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    on: Date,
    #[arg(long)]
    review: Option<String>,
    #[command(flatten)]
    who: AsWho,
}

impl AfterDecision {
    /// The edit `make` builds from the review id and the day, with who it is recorded as.
    fn edit(
        self,
        store: &Store,
        make: impl FnOnce(String, Date) -> ReviewEdit,
    ) -> Result<(String, AsWho, ReviewEdit)> {
        let doc = store.load_cold(&self.id)?;
        let review_id = latest_decided(&doc, self.review)?;
        Ok((self.id, self.who, make(review_id, self.on)))
    }
}

fn parse_date(s: &str) -> std::result::Result<Date, String> {
    Date::parse(s).ok_or_else(|| "expected a date as YYYY-MM-DD".into())
}

fn parse_role(s: &str) -> std::result::Result<Role, String> {
    crate::cli_sync::parse_wire(s)
}

fn parse_decision(s: &str) -> std::result::Result<PlanDecision, String> {
    crate::cli_sync::parse_wire(s)
}

fn workspace(store: Store, who: &AsWho) -> Result<Workspace> {
    let mut ws = Workspace::new(store)?;
    if who.name.is_some() || who.role.is_some() {
        let current = ws.author().clone();
        let author = Author {
            name: who.name.clone().unwrap_or(current.name),
            role: who.role.unwrap_or(current.role),
        };
        ws.set_author_for_session(author)?;
    }
    Ok(ws)
}

fn review_id(doc: &ReviewDocument, given: Option<String>) -> Result<String> {
    match given {
        Some(id) if doc.reviews.iter().any(|r| r.id == id) => Ok(id),
        Some(id) => Err(EngineError::Refused(format!(
            "this plan has no annual review with the id {id}"
        ))),
        None => doc.current_review().map(|r| r.id.clone()).ok_or_else(|| {
            EngineError::Refused("this plan has no annual review yet: start one first".into())
        }),
    }
}

/// Runs one `northstar year …` step and says what it did.
pub fn run_year(store: Store, command: YearCommand) -> Result<()> {
    let (id, who, edit) = match command {
        YearCommand::ReportPack {
            id,
            out,
            review,
            who,
        } => {
            let mut ws = workspace(store, &who)?;
            let doc = ws.store().get(&id)?;
            let review = review_id(&doc, review)?;
            let from = ws.author().name.clone();
            let pack = crate::year::write_report_pack(ws.store(), &id, &review, &out, &from)?;
            eprintln!(
                "Wrote {} and {} email drafts beside it.",
                pack.pdf.display(),
                pack.drafts.len()
            );
            let mut stdout = std::io::stdout().lock();
            for path in std::iter::once(&pack.pdf).chain(&pack.drafts) {
                writeln!(stdout, "{}", path.display()).map_err(crate::cli::out_err)?;
            }
            return Ok(());
        }
        YearCommand::ReportSent {
            id,
            on,
            to,
            review,
            who,
        } => {
            let doc = store.load_cold(&id)?;
            let review_id = review_id(&doc, review)?;
            let recipient_ids = if to.is_empty() {
                northstar_schema::letters::report_recipients(&doc, &review_id)
                    .into_iter()
                    .map(|p| p.id.clone())
                    .collect()
            } else {
                to
            };
            let edit = ReviewEdit::SendReport {
                review_id,
                sent_on: on,
                recipient_ids,
            };
            (id, who, edit)
        }
        YearCommand::Decide {
            id,
            decision,
            on,
            reasons,
            review,
            who,
        } => {
            let doc = store.load_cold(&id)?;
            let edit = ReviewEdit::RecordDecision {
                review_id: review_id(&doc, review)?,
                decision,
                decided_on: on,
                reasons,
                decided_by: who.name.clone(),
            };
            (id, who, edit)
        }
        YearCommand::Notice(step) => {
            step.edit(&store, |review_id, on| ReviewEdit::IssueAmendmentNotice {
                review_id,
                notice_on: on,
            })?
        }
        YearCommand::IssuePlan(step) => {
            step.edit(&store, |review_id, on| ReviewEdit::IssueAmendedPlan {
                review_id,
                issued_on: on,
            })?
        }
        YearCommand::Cease(step) => step.edit(&store, |review_id, on| ReviewEdit::CeasePlan {
            review_id,
            ceased_on: on,
        })?,
    };
    run_edit(store, &id, &who, &edit)
}

/// The review whose decision the notice, plan or cessation follows: the latest with a
/// decision, since next year's review may already have started.
fn latest_decided(doc: &ReviewDocument, given: Option<String>) -> Result<String> {
    if given.is_some() {
        return review_id(doc, given);
    }
    doc.reviews
        .iter()
        .rev()
        .find(|r| r.la_decision.is_some())
        .map(|r| r.id.clone())
        .ok_or_else(|| {
            EngineError::Refused(
                "no LA decision has been recorded for this plan yet: record it first".into(),
            )
        })
}

/// Applies one edit as the given person and reports it the way history will show it.
pub fn run_edit(store: Store, id: &str, who: &AsWho, edit: &ReviewEdit) -> Result<()> {
    let mut ws = workspace(store, who)?;
    let before = ws.store().get(id)?;
    let words = edit.describe(&before);
    let edited = ws.edit(id, edit)?;
    eprintln!("{words}.");
    // Issuing can keep an amendment back; say so rather than let it pass unseen.
    if let ReviewEdit::IssueAmendedPlan { review_id, .. } = edit {
        let review = edited.review.reviews.iter().find(|r| &r.id == review_id);
        for a in review.into_iter().flat_map(|r| &r.amendments) {
            if let Some(why) = &a.not_applied {
                eprintln!(
                    "Not made: the amendment to Section {}: {why}",
                    a.section.as_str()
                );
            }
        }
        if edited.review.issues.len() == before.issues.len() {
            return Err(EngineError::Refused(
                "nothing was issued: none of the accepted amendments could be made".into(),
            ));
        }
    }
    Ok(())
}

/// Parses an edit given as JSON text, with a plain message when it does not fit.
pub fn parse_edit(json: &str) -> Result<ReviewEdit> {
    serde_json::from_str(json).map_err(|e| {
        EngineError::Refused(format!(
            "that edit is not one Northstar understands ({e}); see `ReviewEdit` in the schema docs"
        ))
    })
}

/// Prints the caseworker's queue and the timeliness figures.
pub fn print_queue(store: &Store, json: bool, today: NaiveDate) -> Result<()> {
    let entries = store.list_on(&Default::default(), today)?;
    let queue = Queue::of(&entries, today);
    let mut out = std::io::stdout().lock();
    let w = |out: &mut std::io::StdoutLock<'_>, line: String| {
        writeln!(out, "{line}").map_err(crate::cli::out_err)
    };
    if json {
        let rows = |rows: &[northstar_schema::casework::QueueRow<'_>]| -> Vec<serde_json::Value> {
            rows.iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.entry.id, "name": r.entry.name, "setting": r.entry.setting,
                        "kind": r.task.kind.as_str(), "from": r.task.from, "due": r.task.due,
                        "status": r.task.status(today).as_str(),
                        "day": r.task.day_of(today).map(|(d, _)| d),
                        "of_days": r.task.day_of(today).map(|(_, n)| n),
                        "rule": r.task.rule,
                    })
                })
                .collect()
        };
        let value = serde_json::json!({
            "today": Date(today),
            "decisions": rows(&queue.decisions),
            "representations": rows(&queue.representations),
            "final_plans": rows(&queue.final_plans),
            "transfers": rows(&queue.transfers),
            "per_setting": queue.per_setting.iter().map(|(s, n)| serde_json::json!({"setting": s, "open": n})).collect::<Vec<_>>(),
            "timeliness": queue.timeliness.iter().map(|t| serde_json::json!({
                "measure": t.measure.as_str(), "in_time": t.in_time, "total": t.total, "percent": t.percent()
            })).collect::<Vec<_>>(),
        });
        return w(&mut out, serde_json::to_string_pretty(&value)?);
    }
    w(
        &mut out,
        format!("Caseworker's queue as of {}", Date(today).long()),
    )?;
    for (title, rows) in [
        ("Decisions due", &queue.decisions),
        (
            "Notices in their 15 days for comments",
            &queue.representations,
        ),
        (
            "Amended plans due within 8 weeks of the notice",
            &queue.final_plans,
        ),
        ("Phase transfers to amend", &queue.transfers),
    ] {
        w(&mut out, format!("\n{title} ({})", rows.len()))?;
        for r in rows.iter() {
            // "Day N of 28" is how decisions are counted; the others go by their due date.
            let day = match (r.task.kind, r.task.day_of(today)) {
                (northstar_schema::casework::TaskKind::Decision, Some((d, n))) => {
                    format!("day {d} of {n}")
                }
                _ => String::new(),
            };
            w(
                &mut out,
                format!(
                    "  {:<28}  {:<28}  due {}  {:<16}  {}",
                    r.entry.name,
                    r.entry.setting,
                    r.task.due,
                    r.task.status(today).describe(),
                    day
                ),
            )?;
        }
    }
    w(&mut out, "\nOpen tasks per setting".into())?;
    for (setting, n) in &queue.per_setting {
        w(&mut out, format!("  {n:>4}  {setting}"))?;
    }
    w(&mut out, "\nTimeliness over the last 12 months".into())?;
    for t in &queue.timeliness {
        w(&mut out, format!("  {}: {}", t.measure.label(), t.words()))?;
    }
    Ok(())
}

/// Writes the SEN2 annual-review items for `year` to `out`, and says what could not be
/// reported. Made from the caseload summaries, which the store keeps from the documents.
pub fn write_sen2(store: &Store, year: i32, out: &std::path::Path, today: NaiveDate) -> Result<()> {
    if !(2000..=2100).contains(&year) {
        return Err(EngineError::Refused(format!(
            "{year} is not a SEN2 collection year Northstar can write; give a year such as 2027"
        )));
    }
    let entries = store.list_on(&Default::default(), today)?;
    let sen2 = northstar_schema::sen2::Sen2Return::of(&entries, year, today)
        .ok_or_else(|| EngineError::Refused(format!("January {year} has no census date")))?;
    let made_at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string();
    let xml = sen2.to_xml(&made_at, env!("CARGO_PKG_VERSION"));
    crate::cli::write_atomically(out, xml.as_bytes())?;
    for line in sen2.summary() {
        eprintln!("{line}");
    }
    eprintln!("Wrote {}.", out.display());
    Ok(())
}

/// `northstar report aspirations`: the anonymised aspirations report over every plan held,
/// archived ones included (they are still this area's young people): a PDF with a bar chart
/// for each table when `out` ends in `.pdf`, otherwise CSV.
pub fn write_aspirations_report(
    store: &mut Store,
    out: &std::path::Path,
    today: NaiveDate,
) -> Result<()> {
    let format = crate::reports::Format::for_path(out);
    let report = crate::reports::write_aspirations(store, today, out, format)?;
    eprintln!(
        "Wrote the aspirations report over {} plans to {}: {} tables{}, counts of 1 to 4 shown as \"fewer than 5\", no free text.",
        store.count()?,
        out.display(),
        report.tables.len(),
        if format == crate::reports::Format::Pdf { " with a chart each" } else { "" }
    );
    Ok(())
}
