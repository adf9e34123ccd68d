//! The statutory calendar: every date the law sets for a plan and its current review.
//!
//! Key types:
//! - [`Calendar`]: all deadlines and flags for one [`ReviewDocument`] as of a given day, built
//!   by [`Calendar::for_document`].
//! - [`Deadlines`]: one field per statutory deadline ([`Deadline`]), `None` when it does not
//!   apply (no meeting date yet, no amendment notice, no phase transfer).
//! - [`DeadlineStatus`]: met, due (days left) or overdue (days late), relative to `today`.
//! - [`Flags`]: preparing for adulthood, the under-5 review interval, and the end of
//!   compulsory school age.
//!
//! The rules themselves are small functions in `rules`, each citing the regulation (SEND
//! Regulations 2014) or Code of Practice paragraph it implements.
//!
//! # Date conventions
//!
//! Everything is a calendar date ([`chrono::NaiveDate`]); no times, no zones, no working days.
//! - "2 weeks" is 14 days, so "2 weeks before" a Tuesday meeting is the Tuesday a fortnight
//!   earlier; "4 weeks" is 28 days and "8 weeks" 56 days.
//! - "15 days" after a notice is the 15th day after it: the notice day itself is not counted.
//! - "12 months" and "5 months" are calendar months with chrono's `checked_add_months`, which
//!   clamps to the end of a shorter month: 12 months from 29 February 2024 is 28 February 2025,
//!   and 12 months from 31 August is 31 August. A deadline falling on a weekend stays there.
//! - A deadline is due on its own day (0 days left) and overdue from the day after.
//!
//! Dates out of chrono's range never panic: a deadline that cannot be computed is `None`.
//!
//! ```
//! use chrono::NaiveDate;
//! use northstar_schema::{calendar::Calendar, Date, ReviewDocument, YoungPerson};
//! let mut doc = ReviewDocument::new("demo-1", YoungPerson { given_name: "Ayo".into(), ..Default::default() });
//! doc.plan.issued_on = Date::parse("2024-02-29");
//! let today = NaiveDate::from_ymd_opt(2024, 11, 25).unwrap();
//! let cal = Calendar::for_document(&doc, today);
//! let next = cal.deadlines.next_review.unwrap();
//! assert_eq!(next.due.to_string(), "2025-02-28");
//! ```

mod rules;
mod school_year;

pub use rules::{next_review_due, transfer_kind};
pub use school_year::{
    age_on, end_of_compulsory_school_age, last_friday_of_june, school_year_start,
    starts_reception_next_september,
};

use crate::{Date, ReviewDocument, TransferKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Every statutory date for one plan and its current review, as of `today`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calendar {
    pub today: Date,
    pub deadlines: Deadlines,
    pub flags: Flags,
}

/// One field per deadline, so the JSON form has a stable key for each; `None` when the
/// deadline does not apply to this plan now.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Deadlines {
    /// The next annual review (Children and Families Act 2014 s44(1); Code 9.166).
    pub next_review: Option<Deadline>,
    /// Latest day to invite everyone to the planned meeting (reg 20(3)).
    pub invitations: Option<Deadline>,
    /// Latest day to circulate all advice before the meeting (reg 20(4)).
    pub advice_circulated: Option<Deadline>,
    /// The written report of the meeting (reg 20(7)–(8)).
    pub report: Option<Deadline>,
    /// The LA's decision to maintain, amend or cease (reg 20(10)).
    pub la_decision: Option<Deadline>,
    /// End of the representation period after a notice of proposed amendments (reg 22(2)(c)).
    pub representations_end: Option<Deadline>,
    /// The final amended plan (reg 22(3)).
    pub final_plan: Option<Deadline>,
    /// Review and amendment before a phase transfer (reg 18).
    pub phase_transfer: Option<Deadline>,
}

impl Deadlines {
    /// The deadlines that apply, in the order of the fields.
    pub fn iter(&self) -> impl Iterator<Item = &Deadline> {
        [
            &self.next_review,
            &self.invitations,
            &self.advice_circulated,
            &self.report,
            &self.la_decision,
            &self.representations_end,
            &self.final_plan,
            &self.phase_transfer,
        ]
        .into_iter()
        .flatten()
    }
}

/// One statutory deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// Plain words: "Send invitations to the review meeting".
    pub label: &'static str,
    pub due: Date,
    #[serde(flatten)]
    pub status: DeadlineStatus,
    /// The regulation or Code paragraph that sets it.
    pub rule: &'static str,
}

/// Where a deadline stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum DeadlineStatus {
    /// Done. `on` is when, if the document records it; `days_late` is 0 when done in time.
    Met { on: Option<Date>, days_late: i64 },
    /// Not done yet and not passed; 0 days left means due today.
    Due { days_left: i64 },
    /// Not done and passed.
    Overdue { days_late: i64 },
}

impl DeadlineStatus {
    /// Status of a deadline `due`, done on `done` (if it has been), as of `today`.
    pub fn of(due: NaiveDate, done: Option<NaiveDate>, today: NaiveDate) -> Self {
        match done {
            Some(on) => DeadlineStatus::Met {
                on: Some(Date(on)),
                days_late: (on - due).num_days().max(0),
            },
            None if today > due => DeadlineStatus::Overdue {
                days_late: (today - due).num_days(),
            },
            None => DeadlineStatus::Due {
                days_left: (due - today).num_days(),
            },
        }
    }

    /// The wire name: `met`, `due` or `overdue`.
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineStatus::Met { .. } => "met",
            DeadlineStatus::Due { .. } => "due",
            DeadlineStatus::Overdue { .. } => "overdue",
        }
    }

    /// Plain words: "met", "met 3 days late", "due in 5 days", "12 days overdue".
    pub fn describe(self) -> String {
        match self {
            DeadlineStatus::Met { days_late: 0, .. } => "met".into(),
            DeadlineStatus::Met { days_late, .. } => format!("met {days_late} days late"),
            DeadlineStatus::Due { days_left: 0 } => "due today".into(),
            DeadlineStatus::Due { days_left: 1 } => "due tomorrow".into(),
            DeadlineStatus::Due { days_left } => format!("due in {days_left} days"),
            DeadlineStatus::Overdue { days_late: 1 } => "1 day overdue".into(),
            DeadlineStatus::Overdue { days_late } => format!("{days_late} days overdue"),
        }
    }
}

/// Facts that change what the review must cover, rather than deadlines.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Flags {
    /// From Year 9 the review must consider preparing for adulthood (Code 8.9, 9.179).
    pub pfa_focus: bool,
    /// For a child under 5, the Code suggests reviewing every 3–6 months (Code 9.178).
    pub under_five: bool,
    /// For an under-5: the latest day for a review 6 months after the last one (Code 9.178).
    pub suggested_review_by: Option<Date>,
    /// The last Friday of June of the school year in which the young person turns 16.
    pub end_of_compulsory_school_age: Option<Date>,
    /// Past the end of compulsory school age: the young person makes the decisions (Code 8.13).
    pub young_person_decides: bool,
    /// The phase transfer that applies, recorded in the plan or detected from year group.
    pub transfer: Option<TransferKind>,
    /// Whether `transfer` was recorded in the plan (`true`) or detected (`false`).
    pub transfer_recorded: bool,
}

impl Calendar {
    /// Computes every statutory date for `doc` and its current review, as of `today`.
    pub fn for_document(doc: &ReviewDocument, today: NaiveDate) -> Calendar {
        let mut deadlines = Deadlines {
            next_review: rules::next_review(doc, today),
            phase_transfer: rules::phase_transfer(doc, today),
            ..Deadlines::default()
        };
        if let Some(review) = doc.current_review() {
            if let Some(meeting) = review.meeting_date {
                deadlines.invitations = rules::invitations(review, meeting.0, today);
                deadlines.advice_circulated = rules::advice_circulated(review, meeting.0, today);
                deadlines.report = rules::report(review, meeting.0, today);
                deadlines.la_decision = rules::la_decision(review, meeting.0, today);
            }
        }
        // Amending carries on after the decision concluded the review, even once next year's
        // review has started, so these come from the latest review with a notice.
        if let Some((review, notice)) = doc
            .reviews
            .iter()
            .rev()
            .find_map(|r| rules::amendment_notice(r).map(|n| (r, n)))
        {
            deadlines.representations_end = rules::representations_end(notice, today);
            deadlines.final_plan = rules::final_plan(doc, review, notice, today);
        }
        if doc.ceased().is_some() {
            // A ceased plan is kept, read-only: no more reviews or transfers fall due.
            deadlines.next_review = None;
            deadlines.phase_transfer = None;
        }
        Calendar {
            today: Date(today),
            deadlines,
            flags: rules::flags(doc, today),
        }
    }
}
