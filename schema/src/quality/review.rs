//! Voice, preparing for adulthood, and the reviews' own paperwork: advice, amendments.

use super::{At, Finding, Rule, Severity};
use crate::calendar::end_of_compulsory_school_age;
use crate::{
    AmendmentStatus, AnnualReview, ContributionKind, InterpreterAtMeeting, Perspective, PfaDomain,
    PlanDecision, PlanSection, ReviewDocument, Role,
};
use chrono::{Days, Months, NaiveDate};

const VIEWS: &str = "Children and Families Act 2014 s19; SEND Regs 2014 reg 12(1)(a); Code 9.61";
const HEARD: &str = "SEND Regs 2014 reg 20(5)–(6); Code 9.168, 9.176";
const PFA: &str = "Code 8.9, 9.179 (preparing for adulthood from Year 9)";
const ADVICE: &str = "SEND Regs 2014 reg 20(4); Code 9.174";
const INTERPRETER: &str = "Code 9.21, 9.166 (families take part fully, in a form they can follow)";
const AMEND: &str = "SEND Regs 2014 reg 20(10), 22; Code 9.176, 9.194";

pub(super) fn check_voice(doc: &ReviewDocument, today: NaiveDate, out: &mut Vec<Finding>) {
    let a = &doc.plan.section_a;
    let at = At {
        section: Some(PlanSection::A),
        item_id: None,
        review_id: None,
    };
    let name = doc.young_person.given_name.trim();
    if a.young_person_views.is_blank() {
        out.push(at.finding(
            Rule::ViewsMissing,
            Severity::High,
            format!("Section A has no views from {name}."),
            format!("Ask {name} what matters to them and record it in their own words, with pictures, symbols or a recording if that suits them better."),
            VIEWS,
        ));
    } else if !a.in_own_words {
        out.push(at.finding(
            Rule::ViewsNotOwnWords,
            Severity::Low,
            format!("Section A summarises {name}'s views rather than giving them in {name}'s own words."),
            "Use the young person's own words where they are theirs, and say who helped write them down.",
            VIEWS,
        ));
    }
    // Parents' views are expected while the parent holds the decisions: until the end of
    // compulsory school age (or always, if the date of birth is unknown).
    let parents_decide = doc
        .young_person
        .date_of_birth
        .and_then(|dob| end_of_compulsory_school_age(dob.0))
        .is_none_or(|end| today <= end);
    if a.parent_views.is_blank() && parents_decide {
        out.push(at.finding(
            Rule::ParentViewsMissing,
            Severity::Medium,
            "Section A has no views from the parents or carers.".into(),
            "Record the family's views, hopes and concerns, in their words.",
            VIEWS,
        ));
    }
    // Aspirations gathered in their own space and never carried into the plan: what
    // inspections keep finding.
    for c in crate::own_words::waiting(doc)
        .into_iter()
        .filter(|c| c.kind == ContributionKind::Aspiration)
    {
        out.push(at.finding(
            Rule::AspirationNotInPlan,
            Severity::Medium,
            format!(
                "{name} wrote down a hope for the future in their own space ({}), but Section A does not hold it.",
                super::quote(c.text.as_str())
            ),
            format!("In Section A, under \"From {name}'s own space\", add it to the aspirations in {name}'s own words, so outcomes can point back to it."),
            VIEWS,
        ));
    }
    if let Some(review) = held_review(doc, today) {
        if !young_person_contributed(doc, review) {
            out.push(
                At::review(&review.id)
                .finding(
                    Rule::YoungPersonNotHeard,
                    Severity::Medium,
                    format!("Nothing from {name} is recorded for the latest review: no contribution, and nothing said at the meeting."),
                    format!("Before the next meeting, gather {name}'s views in a way that works for them (one-page profile, drawings, a voice note) and record them."),
                    HEARD,
                ),
            );
        }
    }
}

/// The current review if its meeting has been held.
fn held_review(doc: &ReviewDocument, today: NaiveDate) -> Option<&AnnualReview> {
    doc.current_review()
        .filter(|r| r.meeting_date.is_some_and(|m| m.0 <= today))
}

/// Whether the young person's voice reached this review: a contribution recorded in the six
/// months before the meeting (or up to two weeks after), a note on the wall written by them,
/// or a "working / not working" entry from their perspective.
fn young_person_contributed(doc: &ReviewDocument, review: &AnnualReview) -> bool {
    let yp_ids: Vec<&str> = doc
        .participants
        .iter()
        .filter(|p| p.role == Role::YoungPerson)
        .map(|p| p.id.as_str())
        .collect();
    let by_yp = |author: &Option<String>| author.as_deref().is_some_and(|a| yp_ids.contains(&a));
    let r = &review.record;
    let on_the_wall = [
        &r.like_and_admire,
        &r.important_to_now,
        &r.important_to_future,
        &r.important_for_now,
        &r.important_for_future,
        &r.support_needed,
        &r.questions,
    ]
    .iter()
    .any(|entries| entries.iter().any(|e| by_yp(&e.author_id)))
        || r.working
            .iter()
            .chain(&r.not_working)
            .any(|e| e.perspective == Perspective::YoungPerson || by_yp(&e.author_id));
    if on_the_wall {
        return true;
    }
    let Some(meeting) = review.meeting_date else {
        return false;
    };
    let from = meeting.0.checked_sub_months(Months::new(6));
    let to = meeting.0.checked_add_days(Days::new(14));
    doc.voice.iter().any(|c| {
        c.recorded_on
            .is_some_and(|d| from.is_none_or(|from| d.0 >= from) && to.is_none_or(|to| d.0 <= to))
    })
}

pub(super) fn check_pfa(doc: &ReviewDocument, today: NaiveDate, out: &mut Vec<Finding>) {
    let year_group = doc.young_person.year_group_on(today);
    if !year_group.is_pfa_focus() {
        return;
    }
    let name = doc.young_person.given_name.trim();
    let covered: Vec<PfaDomain> = doc
        .plan
        .section_e
        .outcomes
        .iter()
        .filter_map(|o| o.pfa_domain)
        .collect();
    let at = At {
        section: Some(PlanSection::E),
        item_id: None,
        review_id: None,
    };
    if covered.is_empty() {
        out.push(at.finding(
            Rule::PfaOutcomeMissing,
            Severity::High,
            format!("{name} is in {} but Section E has no preparing-for-adulthood outcome.", year_group.label()),
            "Add outcomes for adult life: employment or higher education, independent living, friends and community, and good health.",
            PFA,
        ));
    } else {
        let missing: Vec<&str> = PfaDomain::ALL
            .iter()
            .filter(|d| !covered.contains(d))
            .map(|d| d.label())
            .collect();
        if !missing.is_empty() {
            out.push(at.finding(
                Rule::PfaAreasMissing,
                Severity::Low,
                format!("Preparing-for-adulthood outcomes do not cover: {}.", missing.join("; ")),
                "Talk through each area with the young person and add outcomes where they have hopes or needs.",
                PFA,
            ));
        }
    }
    if let Some(review) = held_review(doc, today) {
        if !review.pfa_discussed {
            out.push(
                At::review(&review.id)
                .finding(
                    Rule::PfaNotDiscussed,
                    Severity::Medium,
                    "The latest review does not record a discussion of preparing for adulthood.".into(),
                    "From Year 9 every review must consider the provision needed for adult life; record the discussion.",
                    PFA,
                ),
            );
        }
    }
}

/// A family whose communication needs say they need an interpreter: the meeting that has
/// happened should record that one was there. Inspections find families who could not
/// follow their own child's review.
pub(super) fn check_interpreter(doc: &ReviewDocument, today: NaiveDate, out: &mut Vec<Finding>) {
    let Some(need) = doc.young_person.communication.interpreter_need() else {
        return;
    };
    let Some(review) = held_review(doc, today) else {
        return;
    };
    let message = match review.interpreter {
        Some(InterpreterAtMeeting::Booked | InterpreterAtMeeting::FamilyDeclined) => return,
        Some(InterpreterAtMeeting::NotBooked) => {
            format!("{need}, but none was booked for the review meeting.")
        }
        None => format!("{need}; the review does not record whether one was at the meeting."),
    };
    out.push(
        At::review(&review.id)
        .finding(
            Rule::InterpreterNotRecorded,
            Severity::High,
            message,
            "Under \u{201c}Who is here\u{201d}, record whether an interpreter took part; if none did, offer the family a meeting with one so they can give their views.",
            INTERPRETER,
        ),
    );
}

pub(super) fn check_reviews(doc: &ReviewDocument, today: NaiveDate, out: &mut Vec<Finding>) {
    if let Some(review) = doc.current_review() {
        check_advice(review, today, out);
    }
    for review in &doc.reviews {
        check_amendments(review, today, out);
    }
}

fn check_advice(review: &AnnualReview, today: NaiveDate, out: &mut Vec<Finding>) {
    let meeting = review.meeting_date.map(|m| m.0);
    for advice in &review.advice {
        let due = advice
            .due_on
            .map(|d| d.0)
            .or_else(|| meeting.and_then(|m| m.checked_sub_days(Days::new(14))));
        let at = At {
            section: None,
            item_id: Some(&advice.id),
            review_id: Some(&review.id),
        };
        let who = advice
            .contact
            .as_deref()
            .map(|c| format!("{} ({c})", advice.agency.label()))
            .unwrap_or_else(|| advice.agency.label().to_string());
        match (advice.received_on, due) {
            (None, Some(due)) if today > due => out.push(at.finding(
                Rule::AdviceMissing,
                Severity::Medium,
                format!("Advice from {who} was due on {due} and has not arrived."),
                "Chase it now, so it can be circulated before the meeting and the family need not chase it themselves.",
                ADVICE,
            )),
            (Some(received), Some(due)) if received.0 > due => out.push(at.finding(
                Rule::AdviceLate,
                Severity::Low,
                format!("Advice from {who} arrived on {received}, {} days after it was due.", (received.0 - due).num_days()),
                "Ask for advice earlier next time; everyone should have it 2 weeks before the meeting.",
                ADVICE,
            )),
            _ => {}
        }
    }
}

fn check_amendments(review: &AnnualReview, today: NaiveDate, out: &mut Vec<Finding>) {
    let decision = review.la_decision.as_ref();
    let concluded = decision.is_some_and(|d| d.decided_on.is_some());
    let decision_overdue = review
        .meeting_date
        .and_then(|m| m.0.checked_add_days(Days::new(28)))
        .is_some_and(|due| today > due);
    // The final plan is due 8 weeks after the notice; without a notice date, 8 weeks after
    // the decision is the most generous reading.
    let notice = decision
        .filter(|d| d.decision == PlanDecision::Amend)
        .and_then(|d| d.amendment_notice_on.or(d.decided_on));
    for amendment in &review.amendments {
        let at = At {
            section: None,
            item_id: Some(&amendment.id),
            review_id: Some(&review.id),
        };
        let what = super::quote(amendment.proposal.as_str());
        match amendment.status {
            AmendmentStatus::Proposed if concluded || decision_overdue => out.push(at.finding(
                Rule::AmendmentUndecided,
                Severity::Medium,
                format!(
                    "The proposed amendment to Section {} {what} was never accepted or rejected.",
                    amendment.section.as_str()
                ),
                "Record the LA's decision on it, with reasons, and tell the family.",
                AMEND,
            )),
            AmendmentStatus::Accepted if amendment.applied_on.is_none() => {
                let due = notice
                    .or(amendment.decided_on)
                    .and_then(|n| n.0.checked_add_days(Days::new(56)));
                if due.is_some_and(|due| today > due) {
                    out.push(at.finding(
                        Rule::AmendmentNotApplied,
                        Severity::High,
                        format!("The amendment to Section {} {what} was accepted but has never been made to the plan.", amendment.section.as_str()),
                        "Apply it and issue the amended plan now: the final plan was due within 8 weeks of the notice.",
                        AMEND,
                    ));
                }
            }
            _ => {}
        }
    }
}
