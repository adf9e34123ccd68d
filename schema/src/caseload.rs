//! The caseload summary: one line per child, as the caseload list and `northstar list` show it.
//!
//! The dates come from the statutory calendar ([`crate::calendar`]), so the caseload and the
//! calendar can never disagree about when a review is due or whether a child transfers.

use crate::calendar;
use crate::{Date, Phase, ReviewDocument, Sen2Code, YearGroup};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How many days ahead a review counts as "due soon".
pub const DUE_SOON_DAYS: i64 = 56;

/// Where a child's annual review stands today.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    /// The next review date has passed with no meeting booked.
    Overdue,
    /// The meeting has been held; the LA has not yet decided.
    AwaitingDecision,
    /// Due within [`DUE_SOON_DAYS`] and no meeting booked.
    DueSoon,
    /// A meeting date is set in the future.
    MeetingBooked,
    /// Nothing due soon.
    UpToDate,
    /// No plan date recorded, so nothing can be worked out.
    Unknown,
    /// The plan has ceased; it is kept, read-only, and nothing more is due.
    Ceased,
}

impl ReviewStatus {
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Overdue => "Overdue",
            ReviewStatus::AwaitingDecision => "Awaiting LA decision",
            ReviewStatus::DueSoon => "Due soon",
            ReviewStatus::MeetingBooked => "Meeting booked",
            ReviewStatus::UpToDate => "Up to date",
            ReviewStatus::Unknown => "No plan date",
            ReviewStatus::Ceased => "Plan ceased",
        }
    }
}

/// Why a plan was moved out of the working caseload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ArchiveReason {
    /// The plan ceased (the LA decided it is no longer needed, or the young person left
    /// education or turned 25).
    Ceased,
    /// The child moved to another local authority, which now maintains the plan.
    LeftTheArea,
    /// Anything else; the person says why in the history.
    Other,
}

impl ArchiveReason {
    pub const ALL: [ArchiveReason; 3] = [
        ArchiveReason::Ceased,
        ArchiveReason::LeftTheArea,
        ArchiveReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ArchiveReason::Ceased => "ceased",
            ArchiveReason::LeftTheArea => "left-the-area",
            ArchiveReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ArchiveReason> {
        ArchiveReason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ArchiveReason::Ceased => "The plan ceased",
            ArchiveReason::LeftTheArea => "The child moved to another area",
            ArchiveReason::Other => "Another reason",
        }
    }
}

/// An archived plan: when and why it left the working caseload, and until when it is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Archived {
    pub on: Date,
    pub reason: ArchiveReason,
    pub by: String,
    /// The end of the council's retention period; after it, the app offers erasure.
    pub keep_until: Date,
}

impl Archived {
    /// Whether the retention period has ended by `today`.
    pub fn retention_over(&self, today: Date) -> bool {
        today >= self.keep_until
    }
}

/// One child on the caseload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CaseloadEntry {
    pub id: String,
    pub name: String,
    /// Family name then given name, lower case, for a stable alphabetical order.
    pub sort_key: String,
    pub setting: String,
    pub year_group: YearGroup,
    pub phase: Phase,
    pub primary_need: Option<Sen2Code>,
    pub next_review_due: Option<Date>,
    /// The current review's meeting date, if one is set and not yet decided.
    pub meeting_date: Option<Date>,
    pub awaiting_decision: bool,
    /// Moves phase at the end of this school year (amendment deadline applies).
    pub transfer_this_year: bool,
    pub pfa_focus: bool,
    /// The plan has ceased (it is kept read-only).
    #[serde(default)]
    pub ceased: bool,
    /// Moved out of the working caseload on this device, and until when it is kept.
    #[serde(default)]
    pub archived: Option<Archived>,
    /// The day this summary was worked out: the caseload works it out again once a new school
    /// year has begun, since year groups and transfers move on each 1 September.
    #[serde(default)]
    pub as_of: Option<Date>,
    pub status: ReviewStatus,
    /// What the plan waits on the LA for, and how timely each step was.
    #[serde(default)]
    pub casework: crate::casework::Casework,
    /// What the SEN2 return reports of this plan's reviews.
    #[serde(default)]
    pub sen2: crate::sen2::Sen2Person,
}

impl CaseloadEntry {
    /// Summarises a document as of `today`.
    pub fn from_document(doc: &ReviewDocument, today: NaiveDate) -> Self {
        let yp = &doc.young_person;
        let next_review_due = calendar::next_review_due(doc).filter(|_| doc.ceased().is_none());
        let open = doc.current_review().filter(|r| r.la_decision.is_none());
        let meeting_date = open.and_then(|r| r.meeting_date);
        let mut entry = CaseloadEntry {
            id: doc.id.clone(),
            name: yp.display_name(),
            sort_key: format!("{} {}", yp.family_name, yp.given_name).to_lowercase(),
            setting: yp.setting.name.clone(),
            year_group: yp.year_group_on(today),
            phase: yp.year_group_on(today).phase(),
            primary_need: yp.primary_need(),
            next_review_due,
            meeting_date,
            awaiting_decision: meeting_date.is_some_and(|m| m.0 <= today),
            transfer_this_year: calendar::transfer_kind(doc, today).is_some(),
            pfa_focus: yp.year_group_on(today).is_pfa_focus(),
            ceased: doc.ceased().is_some(),
            archived: None,
            as_of: Some(Date(today)),
            status: ReviewStatus::Unknown,
            casework: crate::casework::Casework::of(doc, today),
            sen2: crate::sen2::Sen2Person::of(doc),
        };
        entry.refresh_status(today);
        entry
    }

    /// Whether this summary was worked out in another school year than `today`'s, so its year
    /// group, phase and transfer need working out again from the document.
    pub fn is_from_another_school_year(&self, today: NaiveDate) -> bool {
        self.as_of
            .is_none_or(|d| calendar::school_year_start(d.0) != calendar::school_year_start(today))
    }

    /// Recomputes [`CaseloadEntry::status`] for `today`; stored entries go stale overnight.
    pub fn refresh_status(&mut self, today: NaiveDate) {
        self.awaiting_decision = self.meeting_date.is_some_and(|m| m.0 <= today);
        if self.ceased {
            self.awaiting_decision = false;
            self.status = ReviewStatus::Ceased;
            return;
        }
        self.status = match (self.meeting_date, self.next_review_due) {
            (Some(m), _) if m.0 <= today => ReviewStatus::AwaitingDecision,
            (Some(_), _) => ReviewStatus::MeetingBooked,
            (None, None) => ReviewStatus::Unknown,
            (None, Some(due)) if due.0 < today => ReviewStatus::Overdue,
            (None, Some(due)) if (due.0 - today).num_days() <= DUE_SOON_DAYS => {
                ReviewStatus::DueSoon
            }
            (None, Some(_)) => ReviewStatus::UpToDate,
        };
    }

    /// Lower-case text a caseload search matches against: names and setting.
    pub fn search_text(&self) -> String {
        format!("{} {} {}", self.name, self.sort_key, self.setting).to_lowercase()
    }
}

/// How the caseload list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CaseloadOrder {
    /// What needs doing first: overdue, then awaiting a decision, due soon, booked, up to date.
    #[default]
    Urgency,
    /// Family name, then given name.
    Name,
}

impl CaseloadEntry {
    /// Sort key for [`CaseloadOrder::Urgency`]: the status's rank, then the date that matters
    /// for it (most overdue or soonest first), then the name.
    fn urgency_key(&self) -> (u8, Option<Date>, &str) {
        let rank = match self.status {
            ReviewStatus::Overdue => 0,
            ReviewStatus::AwaitingDecision => 1,
            ReviewStatus::DueSoon => 2,
            ReviewStatus::MeetingBooked => 3,
            ReviewStatus::UpToDate => 4,
            ReviewStatus::Unknown => 5,
            ReviewStatus::Ceased => 6,
        };
        let date = match self.status {
            ReviewStatus::AwaitingDecision | ReviewStatus::MeetingBooked => self.meeting_date,
            _ => self.next_review_due,
        };
        (rank, date, &self.sort_key)
    }
}

/// Orders `entries` in place.
pub fn sort_caseload(entries: &mut [CaseloadEntry], order: CaseloadOrder) {
    match order {
        CaseloadOrder::Name => entries.sort_by(|a, b| a.sort_key.cmp(&b.sort_key)),
        CaseloadOrder::Urgency => entries.sort_by(|a, b| a.urgency_key().cmp(&b.urgency_key())),
    }
}

/// The three lists at the top of the caseload home.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseloadOverview<'a> {
    /// Reviews overdue or due within [`DUE_SOON_DAYS`], most urgent first.
    pub due: Vec<&'a CaseloadEntry>,
    /// Meetings booked from today on, soonest first.
    pub meetings: Vec<&'a CaseloadEntry>,
    /// Children moving phase this school year, by name.
    pub transfers: Vec<&'a CaseloadEntry>,
}

impl<'a> CaseloadOverview<'a> {
    pub fn of(entries: &'a [CaseloadEntry]) -> CaseloadOverview<'a> {
        let mut due: Vec<&CaseloadEntry> = entries
            .iter()
            .filter(|e| matches!(e.status, ReviewStatus::Overdue | ReviewStatus::DueSoon))
            .collect();
        due.sort_by(|a, b| a.urgency_key().cmp(&b.urgency_key()));
        let mut meetings: Vec<&CaseloadEntry> = entries
            .iter()
            .filter(|e| e.status == ReviewStatus::MeetingBooked)
            .collect();
        meetings.sort_by(|a, b| (a.meeting_date, &a.sort_key).cmp(&(b.meeting_date, &b.sort_key)));
        let mut transfers: Vec<&CaseloadEntry> =
            entries.iter().filter(|e| e.transfer_this_year).collect();
        transfers.sort_by(|a, b| a.sort_key.cmp(&b.sort_key));
        CaseloadOverview {
            due,
            meetings,
            transfers,
        }
    }
}

/// The settings children on `entries` attend, each once, alphabetically (for the filter).
pub fn settings_of(entries: &[CaseloadEntry]) -> Vec<String> {
    let mut settings: Vec<String> = entries
        .iter()
        // Exactly as stored: the engine's setting filter matches the whole name.
        .map(|e| e.setting.clone())
        .filter(|s| !s.trim().is_empty())
        .collect();
    settings.sort_by_key(|s| s.to_lowercase());
    settings.dedup();
    settings
}
