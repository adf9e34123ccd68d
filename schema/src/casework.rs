//! The LA caseworker's queue: what each plan waits on the LA for, and how timely the LA has
//! been, worked out from the documents by the statutory calendar.
//!
//! Key types: [`Casework`] (kept on each [`crate::CaseloadEntry`]), [`Task`] (one thing the
//! LA must do, with its date), [`TimelyFact`] (one step done in time or not) and
//! [`Timeliness`] (the share done in time over the last 12 months, across a caseload).
//!
//! Tasks keep the day they are counted from and their due date rather than a status, so a
//! summary stored yesterday still reads right today: [`Task::is_open_on`] and
//! [`Task::day_of`] work it out for the day the list is shown.
//!
//! ```
//! use northstar_schema::casework::{Casework, TaskKind};
//! use northstar_schema::edit::ReviewEdit;
//! use northstar_schema::{Date, ReviewDocument, YoungPerson};
//! let mut doc = ReviewDocument::new("d1", YoungPerson { given_name: "Ayo".into(), ..Default::default() });
//! let mut ids = (1..).map(|n| format!("id-{n}"));
//! ReviewEdit::StartReview { meeting_date: Date::parse("2027-01-12") }
//!     .apply(&mut doc, &mut || ids.next().unwrap()).unwrap();
//! let today = chrono::NaiveDate::from_ymd_opt(2027, 1, 22).unwrap();
//! let work = Casework::of(&doc, today);
//! let decision = &work.tasks[0];
//! assert_eq!(decision.kind, TaskKind::Decision);
//! assert_eq!(decision.day_of(today), Some((10, 28))); // day 10 of the 28
//! ```

use crate::calendar::{next_review_due, Calendar, DeadlineStatus};
use crate::{Date, PlanDecision, ReviewDocument};
use chrono::{Days, Months, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

vocabulary! {
    /// One kind of thing the LA must do for a plan.
    pub enum TaskKind default Decision {
        Decision => "decision", "Decide: maintain, amend or cease";
        Representations => "representations", "Family commenting on the notice";
        FinalPlan => "final-plan", "Issue the amended plan";
        Transfer => "transfer", "Amend for the phase transfer";
    }
}

vocabulary! {
    /// The three timeliness measures the caseworker's home shows.
    pub enum Measure default Decision {
        Decision => "decision", "LA decisions within 4 weeks of the meeting";
        Review => "review", "Reviews held within 12 months";
        FinalPlan => "final-plan", "Amended plans issued within 8 weeks of the notice";
    }
}

/// One thing the LA must do, counted from `from` and due on `due`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Task {
    pub kind: TaskKind,
    /// The day the period starts: the meeting, or the notice.
    pub from: Date,
    pub due: Date,
    /// The regulation that sets it.
    pub rule: String,
}

impl Task {
    /// Whether the task is on the queue on `today`: a decision once the meeting has been held,
    /// representations while their window is open, the others until done.
    pub fn is_open_on(&self, today: NaiveDate) -> bool {
        match self.kind {
            TaskKind::Decision => self.from.0 <= today,
            TaskKind::Representations => self.from.0 <= today && today <= self.due.0,
            TaskKind::FinalPlan | TaskKind::Transfer => true,
        }
    }

    /// "Day N of M": the day of the period `today` is, counting `from` as day 0, and the
    /// period's length. `None` before the period starts.
    pub fn day_of(&self, today: NaiveDate) -> Option<(i64, i64)> {
        let day = (today - self.from.0).num_days();
        (day >= 0).then(|| (day, (self.due.0 - self.from.0).num_days()))
    }

    /// Where the task stands on `today`.
    pub fn status(&self, today: NaiveDate) -> DeadlineStatus {
        DeadlineStatus::of(self.due.0, None, today)
    }
}

/// One statutory step with its due date and, once done, the day it was done. Whether it was
/// in time is worked out for the day the figures are shown ([`TimelyFact::on`]), so a summary
/// stored before the due date still counts a step that has since gone late.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TimelyFact {
    pub measure: Measure,
    pub due: Date,
    pub done: Option<Date>,
}

impl TimelyFact {
    /// As of `today`: the day it counts on (done, or due if it never was) and whether it was
    /// in time; `None` while it is neither done nor late.
    pub fn on(&self, today: NaiveDate) -> Option<(Date, bool)> {
        // A date still to come (a meeting booked ahead) is not done yet.
        match self.done.filter(|d| d.0 <= today) {
            Some(done) => Some((done, done <= self.due)),
            None if self.due.0 < today => Some((self.due, false)),
            None => None,
        }
    }
}

/// What one plan waits on the LA for, and its timeliness record.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Casework {
    pub tasks: Vec<Task>,
    pub facts: Vec<TimelyFact>,
}

fn add_days(day: Date, n: u64) -> Option<Date> {
    day.0.checked_add_days(Days::new(n)).map(Date)
}

impl Casework {
    /// The queue and timeliness record of `doc` as of `today`. A ceased plan has no tasks.
    pub fn of(doc: &ReviewDocument, today: NaiveDate) -> Casework {
        let mut work = Casework {
            tasks: Vec::new(),
            facts: facts(doc),
        };
        if doc.ceased().is_some() {
            return work;
        }
        let cal = Calendar::for_document(doc, today);
        let d = &cal.deadlines;
        let open = |s: &DeadlineStatus| !matches!(s, DeadlineStatus::Met { .. });
        if let (Some(deadline), Some(meeting)) = (
            d.la_decision.as_ref(),
            doc.current_review().and_then(|r| r.meeting_date),
        ) {
            if open(&deadline.status) {
                work.tasks.push(Task {
                    kind: TaskKind::Decision,
                    from: meeting,
                    due: deadline.due,
                    rule: deadline.rule.into(),
                });
            }
        }
        if let (Some(reps), Some(final_plan)) =
            (d.representations_end.as_ref(), d.final_plan.as_ref())
        {
            if open(&final_plan.status) {
                let notice = reps.due.0.checked_sub_days(Days::new(15)).map(Date);
                if let Some(notice) = notice {
                    work.tasks.push(Task {
                        kind: TaskKind::Representations,
                        from: notice,
                        due: reps.due,
                        rule: reps.rule.into(),
                    });
                    work.tasks.push(Task {
                        kind: TaskKind::FinalPlan,
                        from: notice,
                        due: final_plan.due,
                        rule: final_plan.rule.into(),
                    });
                }
            }
        }
        if let Some(t) = d.phase_transfer.as_ref().filter(|t| open(&t.status)) {
            let year_began = crate::calendar::school_year_start(t.due.0);
            if let Some(from) = Date::from_ymd(year_began, 9, 1) {
                work.tasks.push(Task {
                    kind: TaskKind::Transfer,
                    from,
                    due: t.due,
                    rule: t.rule.into(),
                });
            }
        }
        work
    }
}

/// Every statutory step of `doc`'s reviews with a due date that has come, done in time or not.
fn facts(doc: &ReviewDocument) -> Vec<TimelyFact> {
    let mut out = Vec::new();
    let fact = |measure, due: Date, done: Option<Date>| Some(TimelyFact { measure, due, done });
    // Each review is due 12 months after the previous decision (or the plan's issue).
    let mut base = doc.plan.issued_on;
    for review in &doc.reviews {
        let decision = review.la_decision.as_ref();
        let decided = decision.and_then(|d| d.decided_on);
        if let Some(due) = base.and_then(|b| b.0.checked_add_months(Months::new(12)).map(Date)) {
            out.extend(fact(Measure::Review, due, review.meeting_date));
        }
        if let Some(meeting) = review.meeting_date {
            if let Some(due) = add_days(meeting, 28) {
                out.extend(fact(Measure::Decision, due, decided));
            }
        }
        if let Some(notice) = decision
            .filter(|d| d.decision == PlanDecision::Amend)
            .and_then(|d| d.amendment_notice_on)
        {
            let issued = doc
                .issues
                .iter()
                .filter(|i| i.review_id.as_deref() == Some(review.id.as_str()))
                .filter_map(|i| i.issued_on)
                .min();
            if let Some(due) = add_days(notice, 56) {
                out.extend(fact(Measure::FinalPlan, due, issued));
            }
        }
        if decided.is_some() && decision.is_some_and(|d| d.decision != PlanDecision::Cease) {
            base = decided;
        }
    }
    // A plan whose next review has passed with no review started counts as a late review.
    if doc
        .current_review()
        .is_none_or(|r| r.la_decision.is_some() && r.meeting_date.is_some())
        && doc.ceased().is_none()
    {
        if let Some(due) = next_review_due(doc) {
            out.push(TimelyFact {
                measure: Measure::Review,
                due,
                done: None,
            });
        }
    }
    out
}

/// One timeliness measure across a caseload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeliness {
    pub measure: Measure,
    pub in_time: u32,
    pub total: u32,
}

impl Timeliness {
    /// The three measures over the 12 months up to `today`, from every plan's facts.
    pub fn over_last_year<'a>(
        works: impl IntoIterator<Item = &'a Casework>,
        today: NaiveDate,
    ) -> Vec<Timeliness> {
        let from = today.checked_sub_months(Months::new(12)).unwrap_or(today);
        let mut out: Vec<Timeliness> = Measure::ALL
            .iter()
            .map(|m| Timeliness {
                measure: *m,
                in_time: 0,
                total: 0,
            })
            .collect();
        for fact in works.into_iter().flat_map(|w| &w.facts) {
            let Some((on, in_time)) = fact.on(today) else {
                continue;
            };
            if on.0 <= from || on.0 > today {
                continue;
            }
            if let Some(t) = out.iter_mut().find(|t| t.measure == fact.measure) {
                t.total += 1;
                t.in_time += u32::from(in_time);
            }
        }
        out
    }

    /// Whole percent done in time, or `None` when nothing fell due.
    pub fn percent(&self) -> Option<u32> {
        (self.total > 0).then(|| (self.in_time * 100 + self.total / 2) / self.total)
    }

    /// Plain words: "7 of 9 in time (78%)", or "None fell due".
    pub fn words(&self) -> String {
        match self.percent() {
            Some(p) => format!("{} of {} in time ({p}%)", self.in_time, self.total),
            None => "None fell due".into(),
        }
    }
}

/// One line of the caseworker's queue: a child and the task waiting.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueRow<'a> {
    pub entry: &'a crate::CaseloadEntry,
    pub task: &'a Task,
}

/// The caseworker's home: every open task by kind, soonest due first, how many each setting
/// has, and the timeliness over the last 12 months.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Queue<'a> {
    pub decisions: Vec<QueueRow<'a>>,
    pub representations: Vec<QueueRow<'a>>,
    pub final_plans: Vec<QueueRow<'a>>,
    pub transfers: Vec<QueueRow<'a>>,
    /// Open tasks per setting, most first.
    pub per_setting: Vec<(String, usize)>,
    pub timeliness: Vec<Timeliness>,
}

impl<'a> Queue<'a> {
    pub fn of(entries: &'a [crate::CaseloadEntry], today: NaiveDate) -> Queue<'a> {
        let mut q = Queue {
            timeliness: Timeliness::over_last_year(entries.iter().map(|e| &e.casework), today),
            ..Queue::default()
        };
        for entry in entries {
            for task in entry.casework.tasks.iter().filter(|t| t.is_open_on(today)) {
                let row = QueueRow { entry, task };
                match task.kind {
                    TaskKind::Decision => q.decisions.push(row),
                    TaskKind::Representations => q.representations.push(row),
                    TaskKind::FinalPlan => q.final_plans.push(row),
                    TaskKind::Transfer => q.transfers.push(row),
                }
                let setting = if entry.setting.trim().is_empty() {
                    "Setting not recorded".to_string()
                } else {
                    entry.setting.clone()
                };
                match q.per_setting.iter_mut().find(|(s, _)| *s == setting) {
                    Some((_, n)) => *n += 1,
                    None => q.per_setting.push((setting, 1)),
                }
            }
        }
        for list in [
            &mut q.decisions,
            &mut q.representations,
            &mut q.final_plans,
            &mut q.transfers,
        ] {
            list.sort_by(|a, b| {
                (a.task.due, &a.entry.sort_key).cmp(&(b.task.due, &b.entry.sort_key))
            });
        }
        q.per_setting.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
        });
        q
    }

    /// How many tasks are open in all.
    pub fn len(&self) -> usize {
        self.decisions.len()
            + self.representations.len()
            + self.final_plans.len()
            + self.transfers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
