//! One function per statutory rule. Each cites where the rule comes from; the date conventions
//! are in the module docs of [`crate::calendar`].

use super::school_year::{
    age_on, end_of_compulsory_school_age, school_year_start, starts_reception_next_september,
};
use super::{Deadline, DeadlineStatus, Flags};
use crate::{
    AmendmentStatus, AnnualReview, AttendanceStatus, Date, PlanDecision, ReviewDocument,
    SettingKind, TransferKind, YearGroup,
};
use chrono::{Days, Months, NaiveDate};

pub(super) const NEXT_REVIEW: &str = "Children and Families Act 2014 s44(1); Code 9.166";
pub(super) const INVITATIONS: &str = "SEND Regs 2014 reg 20(3)";
pub(super) const ADVICE: &str = "SEND Regs 2014 reg 20(4); Code 9.174";
pub(super) const REPORT: &str = "SEND Regs 2014 reg 20(7)";
pub(super) const LA_DECISION: &str = "SEND Regs 2014 reg 20(10); Code 9.176";
pub(super) const REPRESENTATIONS: &str = "SEND Regs 2014 reg 22(2); Code 9.194";
pub(super) const FINAL_PLAN: &str = "SEND Regs 2014 reg 22; Code 9.194";
pub(super) const TRANSFER_SCHOOL: &str = "SEND Regs 2014 reg 18(1)(b) (15 February)";
pub(super) const TRANSFER_POST16: &str = "SEND Regs 2014 reg 18(1)(a) (31 March)";
pub(super) const TRANSFER_BETWEEN_POST16: &str = "SEND Regs 2014 reg 18(2) (5 months before)";

fn days_before(day: NaiveDate, n: u64) -> Option<NaiveDate> {
    day.checked_sub_days(Days::new(n))
}

fn days_after(day: NaiveDate, n: u64) -> Option<NaiveDate> {
    day.checked_add_days(Days::new(n))
}

/// When the next annual review is due: within 12 months of the plan being issued for the
/// first review, then within 12 months of the previous review (Children and Families Act 2014
/// s44(1); Code 9.166). A review concludes on the LA's decision, so the clock restarts from the
/// latest decision date, even when that review was itself late. A decision to cease ends the
/// plan and restarts nothing, so it is ignored.
///
/// `None` when neither an issue date nor a decision date is recorded, or the date is out of
/// range.
pub fn next_review_due(doc: &ReviewDocument) -> Option<Date> {
    let last_decision = doc
        .reviews
        .iter()
        .filter_map(|r| r.la_decision.as_ref())
        .filter(|d| d.decision != PlanDecision::Cease)
        .filter_map(|d| d.decided_on)
        .max();
    let base = last_decision.or(doc.plan.issued_on)?;
    base.0.checked_add_months(Months::new(12)).map(Date)
}

/// The next review as a deadline. It is met once an open review's meeting has been held: the
/// meeting is the review; the decision that follows restarts the clock (Code 9.166).
pub(super) fn next_review(doc: &ReviewDocument, today: NaiveDate) -> Option<Deadline> {
    let due = next_review_due(doc)?;
    let held = doc
        .current_review()
        .filter(|r| r.la_decision.is_none())
        .and_then(|r| r.meeting_date)
        .filter(|m| m.0 <= today);
    Some(Deadline {
        label: "Hold the next annual review",
        due,
        status: DeadlineStatus::of(due.0, held.map(|m| m.0), today),
        rule: NEXT_REVIEW,
    })
}

/// Everyone in reg 20(2) must have at least 2 weeks' notice of the meeting (reg 20(3)), so
/// invitations go out 14 days before it at the latest. The model records no sending date, so
/// the earliest advice request stands for it (advice is requested with the invitation, Code
/// 9.174); a held meeting with attendance recorded shows invitations went out, date unknown.
pub(super) fn invitations(
    review: &AnnualReview,
    meeting: NaiveDate,
    today: NaiveDate,
) -> Option<Deadline> {
    let due = days_before(meeting, 14)?;
    let requested = review.advice.iter().filter_map(|a| a.requested_on).min();
    let status = match requested {
        Some(on) => DeadlineStatus::of(due, Some(on.0), today),
        None if meeting <= today
            && review
                .attendance
                .iter()
                .any(|a| a.status != AttendanceStatus::Invited) =>
        {
            DeadlineStatus::Met {
                on: None,
                days_late: 0,
            }
        }
        None => DeadlineStatus::of(due, None, today),
    };
    Some(Deadline {
        label: "Send invitations to the review meeting",
        due: Date(due),
        status,
        rule: INVITATIONS,
    })
}

/// All advice must be circulated at least 2 weeks before the meeting (reg 20(4); Code 9.174).
/// It counts as met when every request has been answered, on the day the last answer came.
pub(super) fn advice_circulated(
    review: &AnnualReview,
    meeting: NaiveDate,
    today: NaiveDate,
) -> Option<Deadline> {
    let due = days_before(meeting, 14)?;
    let all_in = !review.advice.is_empty() && review.advice.iter().all(|a| a.received_on.is_some());
    let last = review.advice.iter().filter_map(|a| a.received_on).max();
    let done = if all_in { last.map(|d| d.0) } else { None };
    Some(Deadline {
        label: "Circulate all advice before the meeting",
        due: Date(due),
        status: DeadlineStatus::of(due, done, today),
        rule: ADVICE,
    })
}

/// The written report goes to everyone invited within 2 weeks of the meeting (reg 20(7)).
pub(super) fn report(
    review: &AnnualReview,
    meeting: NaiveDate,
    today: NaiveDate,
) -> Option<Deadline> {
    let due = days_after(meeting, 14)?;
    Some(Deadline {
        label: "Send the review report",
        due: Date(due),
        status: DeadlineStatus::of(due, review.report_sent_on.map(|d| d.0), today),
        rule: REPORT,
    })
}

/// The LA decides to maintain, amend or cease within 4 weeks of the meeting (reg 20(10);
/// Code 9.176).
pub(super) fn la_decision(
    review: &AnnualReview,
    meeting: NaiveDate,
    today: NaiveDate,
) -> Option<Deadline> {
    let due = days_after(meeting, 28)?;
    let decided = review
        .la_decision
        .as_ref()
        .and_then(|d| d.decided_on)
        .map(|d| d.0);
    Some(Deadline {
        label: "LA decision: maintain, amend or cease",
        due: Date(due),
        status: DeadlineStatus::of(due, decided, today),
        rule: LA_DECISION,
    })
}

/// The notice of proposed amendments, when the current review's decision is to amend.
pub(super) fn amendment_notice(review: &AnnualReview) -> Option<NaiveDate> {
    review
        .la_decision
        .as_ref()
        .filter(|d| d.decision == PlanDecision::Amend)
        .and_then(|d| d.amendment_notice_on)
        .map(|d| d.0)
}

/// The family has at least 15 days from the notice to make representations and ask for a
/// school to be named (reg 22(2); Code 9.194). This is a period, not a task: it is met once
/// it has run, on its last day.
pub(super) fn representations_end(notice: NaiveDate, today: NaiveDate) -> Option<Deadline> {
    let end = days_after(notice, 15)?;
    let status = if today > end {
        DeadlineStatus::Met {
            on: Some(Date(end)),
            days_late: 0,
        }
    } else {
        DeadlineStatus::of(end, None, today)
    };
    Some(Deadline {
        label: "End of the 15 days for the family's comments",
        due: Date(end),
        status,
        rule: REPRESENTATIONS,
    })
}

/// The final amended plan is due within 8 weeks of the notice of proposed amendments
/// (reg 22; Code 9.194). It is met when an amended plan was issued for this review (on its
/// issue date), or, for plans amended before Northstar kept issues, when the plan was
/// reissued on or after the notice or every accepted amendment has been applied.
pub(super) fn final_plan(
    doc: &ReviewDocument,
    review: &AnnualReview,
    notice: NaiveDate,
    today: NaiveDate,
) -> Option<Deadline> {
    let due = days_after(notice, 56)?;
    let issued = doc
        .issues
        .iter()
        .filter(|i| i.review_id.as_deref() == Some(review.id.as_str()))
        .filter_map(|i| i.issued_on)
        .min()
        .map(|d| d.0);
    let reissued = doc
        .plan
        .last_amended_on
        .map(|d| d.0)
        .filter(|d| *d >= notice);
    let outstanding = review
        .amendments
        .iter()
        .any(|a| a.status == AmendmentStatus::Accepted);
    let applied = review
        .amendments
        .iter()
        .filter(|a| a.status == AmendmentStatus::Applied)
        .filter_map(|a| a.applied_on)
        .max()
        .map(|d| d.0)
        .filter(|_| !outstanding);
    Some(Deadline {
        label: "Issue the final amended plan",
        due: Date(due),
        status: DeadlineStatus::of(due, issued.or(reissued).or(applied), today),
        rule: FINAL_PLAN,
    })
}

/// The phase transfer that applies, and whether the plan recorded it (`true`) or it was
/// detected (`false`).
///
/// A transfer recorded in the plan always wins. Otherwise the last year of a phase decides
/// (reg 2(1), "transfer between phases of education"): Year 6 moves to secondary, Year 11 to
/// post-16, and an early-years child moves to school only if they start Reception next
/// September. Infant-to-junior and moves between post-16 institutions depend on the setting,
/// so they are only ever recorded, never guessed. A child educated at home is not transferring.
pub fn transfer_kind(doc: &ReviewDocument, today: NaiveDate) -> Option<(TransferKind, bool)> {
    if let Some(t) = &doc.plan.transfer {
        return Some((t.kind, true));
    }
    let yp = &doc.young_person;
    if yp.setting.kind == SettingKind::Home {
        return None;
    }
    let detected = match yp.year_group_on(today) {
        YearGroup::EarlyYears => yp
            .date_of_birth
            .filter(|dob| starts_reception_next_september(dob.0, today))
            .map(|_| TransferKind::EarlyYearsToSchool),
        YearGroup::Year6 => Some(TransferKind::PrimaryToSecondary),
        YearGroup::Year11 => Some(TransferKind::SecondaryToPost16),
        _ => None,
    };
    detected.map(|k| (k, false))
}

/// The last `month`/`day` on or before `move_on`.
fn last_on_or_before(move_on: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    use chrono::Datelike;
    let this_year = NaiveDate::from_ymd_opt(move_on.year(), month, day)?;
    if this_year <= move_on {
        Some(this_year)
    } else {
        NaiveDate::from_ymd_opt(move_on.year().checked_sub(1)?, month, day)
    }
}

/// The deadline for reviewing and amending the plan before a phase transfer (reg 18):
/// 15 February of the transfer year for moves between schools (early years to school, infant
/// to junior, primary to secondary); 31 March for secondary to post-16; at least 5 months
/// before a move between post-16 institutions. Without a recorded moving date, the move is
/// taken to be the start of the next school year (1 September).
///
/// It is met when the plan has been amended (reissued) since the start of the school year
/// in which the deadline falls, naming the setting in Section I: the amended plan that names
/// the new school or college is what the deadline asks for.
pub(super) fn phase_transfer(doc: &ReviewDocument, today: NaiveDate) -> Option<Deadline> {
    let (kind, _) = transfer_kind(doc, today)?;
    let recorded_move = doc
        .plan
        .transfer
        .as_ref()
        .and_then(|t| t.moving_on)
        .map(|d| d.0);
    let move_on = match recorded_move {
        Some(d) => d,
        None => NaiveDate::from_ymd_opt(school_year_start(today).checked_add(1)?, 9, 1)?,
    };
    let (due, rule) = match kind {
        TransferKind::EarlyYearsToSchool
        | TransferKind::InfantToJunior
        | TransferKind::PrimaryToSecondary => (last_on_or_before(move_on, 2, 15)?, TRANSFER_SCHOOL),
        TransferKind::SecondaryToPost16 => (last_on_or_before(move_on, 3, 31)?, TRANSFER_POST16),
        TransferKind::Post16ToPost16 => (
            move_on.checked_sub_months(Months::new(5))?,
            TRANSFER_BETWEEN_POST16,
        ),
    };
    let year_began = NaiveDate::from_ymd_opt(school_year_start(due), 9, 1)?;
    let names_setting = doc
        .plan
        .section_i
        .setting_name
        .as_deref()
        .is_some_and(|n| !n.trim().is_empty());
    let amended = doc
        .plan
        .last_amended_on
        .map(|d| d.0)
        .filter(|d| *d >= year_began && names_setting);
    Some(Deadline {
        label: "Amend the plan for the phase transfer",
        due: Date(due),
        status: DeadlineStatus::of(due, amended, today),
        rule,
    })
}

/// Preparing for adulthood from Year 9 (Code 8.9, 9.179); reviews every 3–6 months for
/// under-5s (Code 9.178); the end of compulsory school age, after which the young person
/// makes decisions (Children and Families Act 2014 s83(2); Code 8.13).
pub(super) fn flags(doc: &ReviewDocument, today: NaiveDate) -> Flags {
    let yp = &doc.young_person;
    let dob = yp.date_of_birth.map(|d| d.0);
    let under_five = dob
        .and_then(|dob| age_on(dob, today))
        .is_some_and(|age| age < 5);
    let suggested_review_by = if under_five {
        let last = doc
            .reviews
            .iter()
            .filter_map(|r| r.la_decision.as_ref().and_then(|d| d.decided_on))
            .max();
        last.or(doc.plan.issued_on)
            .and_then(|d| d.0.checked_add_months(Months::new(6)))
            .map(Date)
    } else {
        None
    };
    let end_csa = dob.and_then(end_of_compulsory_school_age);
    let transfer = transfer_kind(doc, today);
    Flags {
        pfa_focus: yp.year_group_on(today).is_pfa_focus(),
        under_five,
        suggested_review_by,
        end_of_compulsory_school_age: end_csa.map(Date),
        young_person_decides: end_csa.is_some_and(|end| today > end),
        transfer: transfer.map(|(k, _)| k),
        transfer_recorded: transfer.is_some_and(|(_, recorded)| recorded),
    }
}
