//! An in-process relay log behind the engine's `Transport` seam, with a network that can lose
//! and duplicate messages, for the sync tests. It keeps the relay's contract: seqs from 1
//! with no gaps, newcomers start at the newest snapshot, and only the right token gets in.

use northstar_engine::sync::{
    credential_signed_by, Before, OwnerProof, Pulled, SyncError, Transport,
};
use northstar_schema::sync::{LogEntry, LogOwner, MemberCredential};
use std::cell::RefCell;
use std::collections::HashMap;
use std::collections::HashSet;
use std::rc::Rc;
use std::time::Duration;

#[derive(Default)]
pub struct Log {
    pub entries: Vec<LogEntry>,
    /// A shared-token log's token.
    pub token: Option<String>,
    /// A per-member log's owner, and the subjects it revoked.
    pub owner: Option<LogOwner>,
    pub revoked: HashSet<[u8; 32]>,
    /// (seq of the newest snapshot, the seq it covers)
    pub snapshot: Option<(u64, u64)>,
}

/// Every log, by log id: one relay.
pub type Logs = Rc<RefCell<HashMap<String, Log>>>;

/// What can go wrong on the way.
#[derive(Clone, Copy, Default)]
pub struct Faults {
    /// Percent of requests that never arrive.
    pub lose_request: u32,
    /// Percent of appends stored whose answer is lost, so the client thinks they failed.
    pub lose_answer: u32,
    /// Percent of pulled entries delivered twice.
    pub duplicate: u32,
}

pub struct MemoryRelay {
    pub logs: Logs,
    pub faults: Faults,
    pub online: bool,
    /// Whether pulls say what the log holds where they start (as the real relay does); off,
    /// it answers as a relay from before that check.
    pub says_before: bool,
    rng: u64,
    pub sent: u64,
    pub received: u64,
}

impl MemoryRelay {
    pub fn new(logs: Logs, seed: u64) -> MemoryRelay {
        MemoryRelay {
            logs,
            faults: Faults::default(),
            online: true,
            says_before: true,
            rng: seed | 1,
            sent: 0,
            received: 0,
        }
    }

    fn chance(&mut self, percent: u32) -> bool {
        // xorshift64: deterministic per seed, so a failing schedule can be replayed.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        (self.rng % 100) < percent as u64
    }

    fn append_from(
        &mut self,
        log_id: &str,
        token: &str,
        owner: Option<&LogOwner>,
        envelope: &[u8],
        covers: Option<u64>,
    ) -> Result<u64, SyncError> {
        if !self.online || self.chance(self.faults.lose_request) {
            return Err(self.down());
        }
        let lose_answer = self.chance(self.faults.lose_answer);
        let mut logs = self.logs.borrow_mut();
        if !logs.contains_key(log_id) {
            // As the real relay: a credential's log is made only by its owner, at its own id.
            let log = match (MemberCredential::parse(token), owner) {
                (None, _) => Log {
                    token: Some(token.to_string()),
                    ..Log::default()
                },
                (Some(c), Some(o))
                    if o.log_id() == log_id
                        && c.subject == o.owner_key
                        && credential_signed_by(&o.owner_key, &o.series, &c) =>
                {
                    let revoked = logs
                        .values()
                        .filter(|l| l.owner.as_ref().is_some_and(|lo| lo.series == o.series))
                        .flat_map(|l| l.revoked.iter().copied())
                        .collect();
                    Log {
                        owner: Some(o.clone()),
                        revoked,
                        ..Log::default()
                    }
                }
                (Some(_), Some(_)) => return Err(refused(403, "not the log's owner")),
                (Some(_), None) => return Err(refused(404, "unknown log")),
            };
            logs.insert(log_id.to_string(), log);
        }
        let Some(log) = logs.get_mut(log_id) else {
            return Err(refused(404, "unknown log"));
        };
        admit(log, token)?;
        // After the newest position, as a real relay does, even if the log has lost some.
        let seq = log.entries.last().map_or(0, |e| e.seq) + 1;
        log.entries.push(LogEntry {
            seq,
            bytes: envelope.to_vec(),
        });
        if let Some(c) = covers {
            log.snapshot = Some((seq, c));
        }
        self.sent += envelope.len() as u64;
        drop(logs);
        if lose_answer {
            return Err(self.down());
        }
        Ok(seq)
    }

    fn down(&self) -> SyncError {
        SyncError::Unreachable {
            relay: "memory".into(),
            detail: "offline".into(),
        }
    }
}

impl Transport for MemoryRelay {
    fn name(&self) -> &str {
        "memory"
    }

    fn append(
        &mut self,
        log_id: &str,
        token: &str,
        envelope: &[u8],
        covers: Option<u64>,
    ) -> Result<u64, SyncError> {
        self.append_from(log_id, token, None, envelope, covers)
    }

    fn append_as_owner(
        &mut self,
        log_id: &str,
        token: &str,
        owner: &OwnerProof,
        envelope: &[u8],
        covers: Option<u64>,
    ) -> Result<u64, SyncError> {
        let owner = match owner {
            OwnerProof::Log(owner) => Some(owner),
            OwnerProof::Token(_) => None,
        };
        self.append_from(log_id, token, owner, envelope, covers)
    }

    fn revoke(&mut self, log_id: &str, token: &str, subject: &[u8; 32]) -> Result<(), SyncError> {
        if !self.online || self.chance(self.faults.lose_request) {
            return Err(self.down());
        }
        let mut logs = self.logs.borrow_mut();
        let Some(log) = logs.get_mut(log_id) else {
            return Err(refused(404, "unknown log"));
        };
        if !admit(log, token)? {
            return Err(refused(403, "only the owner may revoke"));
        }
        // As the real relay: for every log of the review's series, the next ones too.
        let series = log.owner.as_ref().map(|o| o.series);
        for other in logs.values_mut() {
            if other.owner.as_ref().map(|o| o.series) == series {
                other.revoked.insert(*subject);
            }
        }
        Ok(())
    }

    fn delete_log(&mut self, log_id: &str, token: &str) -> Result<(), SyncError> {
        if !self.online || self.chance(self.faults.lose_request) {
            return Err(self.down());
        }
        let mut logs = self.logs.borrow_mut();
        let Some(log) = logs.get_mut(log_id) else {
            return Err(refused(404, "unknown log"));
        };
        // As the real relay: only the owner's own credential, and the whole series goes.
        let Some(series) = log.owner.as_ref().map(|o| o.series) else {
            return Err(refused(403, "only a per-member log's owner may delete it"));
        };
        if !admit(log, token)? {
            return Err(refused(403, "only the owner may delete the log"));
        }
        logs.retain(|_, l| l.owner.as_ref().map(|o| o.series) != Some(series));
        Ok(())
    }

    fn pull(
        &mut self,
        log_id: &str,
        token: &str,
        after: u64,
        from_snapshot: bool,
        _wait: Option<Duration>,
    ) -> Result<Pulled, SyncError> {
        if !self.online || self.chance(self.faults.lose_request) {
            return Err(self.down());
        }
        let logs = self.logs.borrow();
        let Some(log) = logs.get(log_id) else {
            return Err(SyncError::RelayRefused {
                status: 404,
                message: "unknown log".into(),
            });
        };
        admit(log, token)?;
        let head = log.entries.last().map_or(0, |e| e.seq);
        let before = match (self.says_before, after) {
            (false, _) | (_, 0) => Before::NotSaid,
            (true, n) => match log.entries.iter().find(|e| e.seq == n) {
                None => Before::Missing,
                Some(e) => Before::Digest(<sha2::Sha256 as sha2::Digest>::digest(&e.bytes).into()),
            },
        };
        let mut entries: Vec<LogEntry> = match (from_snapshot && after == 0, log.snapshot) {
            (true, Some((snap, covers))) => log
                .entries
                .iter()
                .filter(|e| e.seq == snap || e.seq > covers)
                .cloned()
                .collect(),
            _ => log
                .entries
                .iter()
                .filter(|e| e.seq > after)
                .cloned()
                .collect(),
        };
        entries.sort_by_key(|e| e.seq);
        entries.dedup_by_key(|e| e.seq);
        drop(logs);
        let mut out = Vec::new();
        for e in entries {
            self.received += e.bytes.len() as u64;
            if self.chance(self.faults.duplicate) {
                out.push(e.clone());
            }
            out.push(e);
        }
        Ok(Pulled {
            entries: out,
            head,
            before,
            room: None,
        })
    }

    fn bytes(&self) -> (u64, u64) {
        (self.sent, self.received)
    }
}

fn refused(status: u16, message: &str) -> SyncError {
    SyncError::RelayRefused {
        status,
        message: message.into(),
    }
}

/// Whether `token` opens `log`, as the real relay judges it; answers whether it is the
/// owner's own credential.
fn admit(log: &Log, token: &str) -> Result<bool, SyncError> {
    match (&log.owner, MemberCredential::parse(token)) {
        (Some(owner), Some(c)) => {
            if !credential_signed_by(&owner.owner_key, &owner.series, &c) {
                Err(refused(403, "wrong credential"))
            } else if log.revoked.contains(&c.subject) {
                Err(SyncError::RemovedAtRelay)
            } else {
                Ok(c.subject == owner.owner_key)
            }
        }
        (None, None) if log.token.as_deref() == Some(token) => Ok(false),
        _ => Err(refused(403, "wrong token")),
    }
}
