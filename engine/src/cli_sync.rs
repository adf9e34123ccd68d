//! The sync subcommands: `northstar sync …` and `northstar relay` (the meeting-room relay).

use crate::sync::{self, HttpRelay};
use crate::{EngineError, Result, Store};
use clap::Subcommand;
use northstar_schema::sync::Invitation;
use northstar_schema::Role;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Share a review through a relay, with this device as its owner.
    Share {
        id: String,
        /// The relay's address, e.g. http://192.0.2.10:7878 for a meeting-room relay.
        #[arg(long)]
        relay: String,
        #[arg(long, value_parser = parse_role, default_value = "senco")]
        role: Role,
        /// Your name, as the others will see it.
        #[arg(long)]
        name: String,
    },
    /// Make an invitation code for one person, in one role. Prints the code.
    Invite {
        id: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// List the invitations this device made for a review, and where each stands.
    Invitations { id: String },
    /// Cancel an unused invitation, by the number `invitations` shows for it.
    CancelInvitation { id: String, invitation: String },
    /// Remove a member (by the number `status` shows for them) and move the review to a new
    /// key, so their device gets nothing written from now on. Owner only.
    RemoveMember { id: String, member: String },
    /// Join a review with an invitation code. Prints the review's id.
    Join {
        code: String,
        /// Your name, as the others will see it.
        #[arg(long)]
        name: String,
    },
    /// Sync one shared review, or every shared review.
    Now { id: Option<String> },
    /// Show a review's sync status: members, pending changes, refused messages.
    Status {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Write a review's encrypted bundle to a file, for a USB stick or secure email.
    ExportBundle {
        id: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Merge a bundle file into the review it belongs to. Never replaces anything.
    ImportBundle { file: PathBuf },
}

/// Any of the closed lists (roles, decisions…) by its wire name, for clap.
pub(crate) fn parse_wire<T: northstar_schema::Vocabulary>(
    s: &str,
) -> std::result::Result<T, String> {
    T::from_wire(s).ok_or_else(|| {
        let all: Vec<&str> = T::all().iter().map(|v| v.wire()).collect();
        format!("expected one of: {}", all.join(", "))
    })
}

fn parse_role(s: &str) -> std::result::Result<Role, String> {
    parse_wire(s)
}

fn out_err(e: std::io::Error) -> EngineError {
    EngineError::io("could not write the output")(e)
}

pub fn run(store: &mut Store, command: SyncCommand) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match command {
        SyncCommand::Share {
            id,
            relay,
            role,
            name,
        } => {
            sync::share(store, &id, &relay, role, &name)?;
            let report = sync::sync_review(store, &id, &mut HttpRelay::new(&relay), &mut |_| {})?;
            eprintln!(
                "Shared through {relay}; the relay holds the review's first copy (position {}).",
                report.cursor.max(1)
            );
        }
        SyncCommand::Invite { id, role } => {
            let invitation = sync::invite(store, &id, role)?;
            eprintln!(
                "Give this code to the person joining as {} (it lets them read the review). It lets one device in, once, within {} days:",
                role.label(),
                sync::INVITATION_DAYS
            );
            writeln!(stdout, "{}", invitation.to_code()).map_err(out_err)?;
        }
        SyncCommand::Invitations { id } => {
            for i in sync::invitations(store, &id)? {
                writeln!(stdout, "{}  {}", i.id, i.describe()).map_err(out_err)?;
            }
        }
        SyncCommand::CancelInvitation { id, invitation } => {
            sync::cancel_invitation(store, &id, &invitation)?;
            eprintln!("Cancelled: nobody can join with that invitation now.");
        }
        SyncCommand::RemoveMember { id, member } => {
            let name = sync::remove_member(store, &id, &member)?;
            let relay = sync::status(store, &id)?.relay.unwrap_or_default();
            let owner = sync::status(store, &id)?.owner;
            match sync::sync_review(store, &id, &mut HttpRelay::new(&relay), &mut |_| {}) {
                Ok(_) if !owner => eprintln!(
                    "Removed {name}. The review moves to a new key when the computer of whoever \
                     shared it next syncs; until then their device can still read what is written."
                ),
                Ok(_) => eprintln!(
                    "Removed {name}. The review has a new key: their device keeps what it \
                     already had, and gets nothing written from now on. Invitations not yet \
                     used were cancelled."
                ),
                Err(e) => eprintln!(
                    "Removed {name} on this computer. The review moves to a new key at the \
                     next sync that reaches the relay ({e})."
                ),
            }
        }
        SyncCommand::Join { code, name } => {
            let invitation = Invitation::from_code(&code).map_err(sync::SyncError::from)?;
            let mut relay = HttpRelay::trusting(&invitation.relay, invitation.room_cert.as_deref());
            let id = sync::join(store, &invitation, &name, &mut relay)?;
            let child = store.get(&id)?.young_person.display_name();
            eprintln!(
                "Joined the review for {child} as {}. The others take your changes once the owner's copy has let you in (at its next sync).",
                invitation.role.label()
            );
            writeln!(stdout, "{id}").map_err(out_err)?;
        }
        SyncCommand::Now { id } => {
            // Every route: the usual relay, and a meeting room's while it is in date.
            let targets: Vec<sync::SyncTarget> = sync::sync_targets(store)?
                .into_iter()
                .filter(|t| id.as_ref().is_none_or(|id| *id == t.review))
                .collect();
            // Every shared review has its usual relay among the targets.
            if id.is_some() && targets.is_empty() {
                return Err(sync::SyncError::NotShared.into());
            }
            let mut failure = None;
            let mut worked = std::collections::HashSet::new();
            for target in &targets {
                let (id, relay) = (&target.review, &target.relay);
                let result = sync::sync_review(store, id, &mut target.transport(), &mut |p| {
                    eprint!(
                        "\rReceived {} messages (at {} of {})",
                        p.received, p.at, p.head
                    );
                });
                eprintln!();
                let report = match result {
                    Ok(report) => report,
                    Err(e) => {
                        eprintln!("{id}: not synced through {relay}: {e}");
                        failure = Some(e);
                        continue;
                    }
                };
                worked.insert(id.clone());
                if report.removed {
                    if let Some(note) = sync::status(store, id)?.removed_here {
                        eprintln!("{id}: {note}.");
                    }
                    continue;
                }
                if report.history_replaced && !report.waiting_for_replacement {
                    if let Some(note) = sync::status(store, id)?.replaced_here {
                        eprintln!("{id}: {note}.");
                    }
                }
                if report.waiting_for_replacement {
                    eprintln!(
                        "{id}: the review's history was erased by the person who shared it; \
                         this computer takes their new copy once it reaches the relay"
                    );
                }
                if report.new_key {
                    eprintln!(
                        "{id}: the review moved to a new key and a fresh relay log (after a \
                         removal, or because the old log was nearly full). Every current member \
                         follows at their next sync."
                    );
                }
                writeln!(
                    stdout,
                    "{id}: {} changes received, {} sent, {} refused",
                    report.changes_applied,
                    report.changes_sent,
                    report.refused.len()
                )
                .map_err(out_err)?;
                for why in &report.refused {
                    eprintln!("  refused: {why}");
                }
            }
            // A review that synced through no route at all is a failure.
            if let Some(e) = failure {
                if targets.iter().any(|t| !worked.contains(&t.review)) {
                    return Err(e);
                }
            }
        }
        SyncCommand::Status { id, json } => {
            let status = sync::status(store, &id)?;
            if json {
                writeln!(stdout, "{}", serde_json::to_string_pretty(&status)?).map_err(out_err)?;
            } else {
                let line =
                    |s: &mut std::io::StdoutLock, t: String| writeln!(s, "{t}").map_err(out_err);
                line(
                    &mut stdout,
                    format!("Shared: {}", if status.shared { "yes" } else { "no" }),
                )?;
                if let Some(relay) = &status.relay {
                    line(&mut stdout, format!("Relay: {relay}"))?;
                }
                line(
                    &mut stdout,
                    format!(
                        "Last synced: {}",
                        status.last_synced.as_deref().unwrap_or("never")
                    ),
                )?;
                line(
                    &mut stdout,
                    format!("Changes not yet sent: {}", status.pending_changes),
                )?;
                if let Some(when) = &status.relay_went_back {
                    line(
                        &mut stdout,
                        format!("The relay had lost messages ({when}); everything was sent again"),
                    )?;
                }
                if status.short_of_invitation {
                    line(
                        &mut stdout,
                        "Not everything the review held when you were invited has arrived yet"
                            .to_string(),
                    )?;
                }
                for note in &status.repaired {
                    line(&mut stdout, format!("Put right automatically: {note}"))?;
                }
                if let Some(note) = &status.removed_here {
                    line(&mut stdout, format!("{note}."))?;
                }
                for p in &status.people {
                    let mut words = format!("{}  {} ({})", p.id, p.name, p.role.label());
                    if p.owner {
                        words.push_str(", owner");
                    }
                    if p.this_device {
                        words.push_str(", this device");
                    }
                    match &p.removed {
                        None => line(&mut stdout, format!("Member: {words}"))?,
                        Some(when) => line(
                            &mut stdout,
                            format!("Removed: {words}, on {}", when.get(..10).unwrap_or(when)),
                        )?,
                    }
                }
                if !status.let_in {
                    line(
                        &mut stdout,
                        "Waiting for the owner's copy to let this device in".into(),
                    )?;
                }
                for q in &status.quarantined {
                    line(
                        &mut stdout,
                        format!("Refused ({}): {}", q.received_at, q.reason),
                    )?;
                }
            }
        }
        SyncCommand::ExportBundle { id, out } => {
            let bytes = sync::export_bundle(store, &id)?;
            crate::cli::write_atomically(&out, &bytes)?;
            eprintln!(
                "Wrote {}. Only people invited to this review can open it.",
                out.display()
            );
        }
        SyncCommand::ImportBundle { file } => {
            let bytes = std::fs::read(&file).map_err(EngineError::io(format!(
                "could not read {}",
                file.display()
            )))?;
            let (id, report) = sync::import_bundle(store, &bytes)?;
            writeln!(
                stdout,
                "{id}: {} changes merged, {} refused",
                report.changes_applied,
                report.refused.len()
            )
            .map_err(out_err)?;
            for why in &report.refused {
                eprintln!("  refused: {why}");
            }
        }
    }
    Ok(())
}

/// Runs the relay in this process until Ctrl-C: the meeting-room relay on the SENCO's laptop.
pub fn run_relay(listen: SocketAddr, db: PathBuf) -> Result<()> {
    northstar_relay::standalone::run(northstar_relay::standalone::RunOptions {
        listen,
        storage: northstar_relay::standalone::Storage::sqlite(db),
        limits: northstar_relay::Limits::default(),
        tls: None,
    })
    .map_err(|f| EngineError::Refused(f.message))
}
