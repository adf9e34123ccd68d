//! The statutory year after the meeting (regs 20(7)–22; s45): the report, the LA's decision,
//! the notice, representations, the amended plan, cessation, the September roll-over, the
//! caseworker's queue and who may do each step.

use chrono::NaiveDate;
use northstar_schema::calendar::{Calendar, DeadlineStatus};
use northstar_schema::casework::{Casework, Measure, TaskKind, Timeliness};
use northstar_schema::edit::{compare_plans, ReviewEdit};
use northstar_schema::sync::{may_write, Area, PathKey};
use northstar_schema::{
    Amendment, AmendmentStatus, ChangeKind, Date, IssueKind, Need, Outcome, Participant,
    PlanDecision, PlanSection, Provision, Representation, ReviewDocument, Role, SchemaError,
    YearGroup, YoungPerson,
};

fn ids() -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        format!("new-{n}")
    }
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn day(s: &str) -> NaiveDate {
    date(s).0
}

fn apply(doc: &mut ReviewDocument, edit: ReviewEdit) -> Result<(), SchemaError> {
    edit.apply(doc, &mut ids())
}

/// Applies an edit that must be refused, and checks it changed nothing.
fn refused(doc: &ReviewDocument, edit: ReviewEdit) -> String {
    let mut copy = doc.clone();
    let err = edit
        .apply(&mut copy, &mut ids())
        .expect_err("the edit should be refused");
    err.to_string()
}

const MEETING: &str = "2027-01-12";

/// A plan with one need, outcome and provision, and a review whose meeting was held.
fn held() -> (ReviewDocument, String) {
    let mut doc = ReviewDocument::new(
        "doc",
        YoungPerson {
            given_name: "Ayo".into(),
            family_name: "Bello".into(),
            year_group: YearGroup::Year5,
            year_group_school_year: Some(2026),
            ..Default::default()
        },
    );
    doc.plan.issued_on = Some(date("2026-01-20"));
    doc.participants = vec![
        Participant {
            id: "p-parent".into(),
            name: "Tola Bello".into(),
            role: Role::ParentCarer,
            ..Default::default()
        },
        Participant {
            id: "p-senco".into(),
            name: "Jo Marsh".into(),
            role: Role::Senco,
            ..Default::default()
        },
    ];
    doc.plan.section_b.needs.push(Need {
        id: "need-1".into(),
        description: "Finds it hard to follow spoken instructions".into(),
        ..Default::default()
    });
    doc.plan.section_e.outcomes.push(Outcome {
        id: "out-1".into(),
        text: "By July 2027 Ayo will follow a two-step instruction".into(),
        need_ids: vec!["need-1".into()],
        ..Default::default()
    });
    doc.plan.section_f.provisions.push(Provision {
        id: "prov-1".into(),
        description: "Speech and language therapy".into(),
        outcome_ids: vec!["out-1".into()],
        frequency: "30 minutes a week".into(),
        ..Default::default()
    });
    apply(
        &mut doc,
        ReviewEdit::StartReview {
            meeting_date: Some(date(MEETING)),
        },
    )
    .unwrap();
    let id = doc.reviews[0].id.clone();
    (doc, id)
}

fn amendment(
    id: &str,
    section: PlanSection,
    change: ChangeKind,
    item: Option<&str>,
    after: &str,
) -> Amendment {
    Amendment {
        id: id.into(),
        section,
        change,
        item_id: item.map(str::to_string),
        after: after.into(),
        proposal: "Agreed at the review".into(),
        evidence: "Speech and language therapy report, December 2026".into(),
        status: AmendmentStatus::Accepted,
        ..Default::default()
    }
}

fn decide(review_id: &str, decision: PlanDecision, on: &str) -> ReviewEdit {
    ReviewEdit::RecordDecision {
        review_id: review_id.into(),
        decision,
        decided_on: date(on),
        reasons: "The review showed good progress and two needs have changed".into(),
        decided_by: Some("Priya Shah".into()),
    }
}

/// A held review with three accepted amendments, a decision to amend and a notice.
fn noticed() -> (ReviewDocument, String) {
    let (mut doc, r) = held();
    for a in [
        amendment(
            "am-reword",
            PlanSection::E,
            ChangeKind::Reword,
            Some("out-1"),
            "By July 2027 Ayo will follow a three-step instruction in class",
        ),
        amendment(
            "am-add",
            PlanSection::F,
            ChangeKind::Add,
            None,
            "Weekly social communication group with a trained teaching assistant",
        ),
        amendment(
            "am-remove",
            PlanSection::B,
            ChangeKind::Remove,
            Some("need-1"),
            "",
        ),
    ] {
        apply(
            &mut doc,
            ReviewEdit::UpsertAmendment {
                review_id: r.clone(),
                amendment: a,
            },
        )
        .unwrap();
    }
    apply(&mut doc, decide(&r, PlanDecision::Amend, "2027-02-01")).unwrap();
    apply(
        &mut doc,
        ReviewEdit::IssueAmendmentNotice {
            review_id: r.clone(),
            notice_on: date("2027-02-03"),
        },
    )
    .unwrap();
    (doc, r)
}

mod the_year {
    use super::*;

    #[test]
    fn a_whole_year_from_the_meeting_to_the_amended_plan_and_next_years_review() {
        let (mut doc, r) = noticed();
        // Proposing a reword remembers the words it replaces.
        let reword = doc.reviews[0]
            .amendments
            .iter()
            .find(|a| a.id == "am-reword")
            .unwrap();
        assert_eq!(
            reword.before,
            "By July 2027 Ayo will follow a two-step instruction"
        );

        apply(
            &mut doc,
            ReviewEdit::SendReport {
                review_id: r.clone(),
                sent_on: date("2027-01-20"),
                recipient_ids: vec!["p-parent".into(), "p-senco".into()],
            },
        )
        .unwrap();
        apply(
            &mut doc,
            ReviewEdit::UpsertRepresentation {
                review_id: r.clone(),
                representation: Representation {
                    text: "We agree, and ask for Riverside Academy from September".into(),
                    requested_school: Some("Riverside Academy".into()),
                    received_on: Some(date("2027-02-10")),
                    ..Default::default()
                },
            },
        )
        .unwrap();
        apply(
            &mut doc,
            ReviewEdit::IssueAmendedPlan {
                review_id: r.clone(),
                issued_on: date("2027-02-24"),
            },
        )
        .unwrap();

        // Every change is in the plan.
        assert_eq!(
            doc.plan.section_e.outcomes[0].text.as_str(),
            "By July 2027 Ayo will follow a three-step instruction in class"
        );
        assert!(doc
            .plan
            .section_f
            .provisions
            .iter()
            .any(|p| p.description.as_str().starts_with("Weekly social")));
        assert!(doc.plan.section_b.needs.is_empty());
        // The removed need's links went with it.
        assert!(doc.plan.section_e.outcomes[0].need_ids.is_empty());
        assert!(doc.reviews[0]
            .amendments
            .iter()
            .all(|a| a.status == AmendmentStatus::Applied
                && a.applied_on == Some(date("2027-02-24"))));
        assert_eq!(doc.plan.last_amended_on, Some(date("2027-02-24")));

        // Two issues: the plan as it stood, and the amended one.
        let numbers: Vec<(u32, IssueKind)> =
            doc.issues.iter().map(|i| (i.number, i.kind)).collect();
        assert_eq!(numbers, [(1, IssueKind::Original), (2, IssueKind::Amended)]);
        let diff = compare_plans(&doc.issues[0].plan(), &doc.issues[1].plan());
        let sections: Vec<PlanSection> = diff.iter().map(|d| d.section).collect();
        assert_eq!(sections, [PlanSection::B, PlanSection::E, PlanSection::F]);
        assert!(diff[0].after.is_none() && diff[2].before.is_none());

        // Every deadline of the year is met.
        let cal = Calendar::for_document(&doc, day("2027-03-01"));
        for (name, deadline) in [
            ("report", cal.deadlines.report.as_ref()),
            ("decision", cal.deadlines.la_decision.as_ref()),
            (
                "representations",
                cal.deadlines.representations_end.as_ref(),
            ),
            ("final plan", cal.deadlines.final_plan.as_ref()),
        ] {
            let deadline = deadline.unwrap_or_else(|| panic!("{name} deadline missing"));
            assert!(
                matches!(deadline.status, DeadlineStatus::Met { days_late: 0, .. }),
                "{name}: {:?}",
                deadline.status
            );
        }
        // The decision restarts the 12-month clock.
        assert_eq!(cal.deadlines.next_review.unwrap().due, date("2028-02-01"));

        // Next year's review can start, and last year's progress stays with last year's review.
        apply(
            &mut doc,
            ReviewEdit::StartReview {
                meeting_date: Some(date("2028-01-11")),
            },
        )
        .unwrap();
        assert_eq!(doc.reviews.len(), 2);
        assert!(doc.reviews[1].attendance.len() == 2);
    }

    #[test]
    fn each_deadline_goes_due_overdue_and_met_as_steps_are_recorded() {
        let (mut doc, r) = held();
        let status =
            |doc: &ReviewDocument, today: &str, pick: fn(&Calendar) -> Option<DeadlineStatus>| {
                pick(&Calendar::for_document(doc, day(today))).unwrap()
            };
        let report = |c: &Calendar| c.deadlines.report.as_ref().map(|d| d.status);
        let decision = |c: &Calendar| c.deadlines.la_decision.as_ref().map(|d| d.status);
        let final_plan = |c: &Calendar| c.deadlines.final_plan.as_ref().map(|d| d.status);
        // Report: 2 weeks after 12 January is 26 January.
        assert_eq!(
            status(&doc, "2027-01-20", report),
            DeadlineStatus::Due { days_left: 6 }
        );
        assert_eq!(
            status(&doc, "2027-01-28", report),
            DeadlineStatus::Overdue { days_late: 2 }
        );
        apply(
            &mut doc,
            ReviewEdit::SendReport {
                review_id: r.clone(),
                sent_on: date("2027-01-27"),
                recipient_ids: vec!["p-parent".into()],
            },
        )
        .unwrap();
        assert_eq!(
            status(&doc, "2027-01-28", report),
            DeadlineStatus::Met {
                on: Some(date("2027-01-27")),
                days_late: 1
            }
        );
        // Decision: 4 weeks, 9 February.
        assert_eq!(
            status(&doc, "2027-02-09", decision),
            DeadlineStatus::Due { days_left: 0 }
        );
        assert_eq!(
            status(&doc, "2027-02-12", decision),
            DeadlineStatus::Overdue { days_late: 3 }
        );
        assert!(Calendar::for_document(&doc, day("2027-02-12"))
            .deadlines
            .final_plan
            .is_none());
        apply(
            &mut doc,
            ReviewEdit::UpsertAmendment {
                review_id: r.clone(),
                amendment: amendment(
                    "a1",
                    PlanSection::E,
                    ChangeKind::Reword,
                    Some("out-1"),
                    "By July 2027 Ayo will follow a three-step instruction",
                ),
            },
        )
        .unwrap();
        apply(&mut doc, decide(&r, PlanDecision::Amend, "2027-02-08")).unwrap();
        assert_eq!(
            status(&doc, "2027-02-12", decision),
            DeadlineStatus::Met {
                on: Some(date("2027-02-08")),
                days_late: 0
            }
        );
        // Final plan: 8 weeks after the notice of 10 February is 7 April.
        apply(
            &mut doc,
            ReviewEdit::IssueAmendmentNotice {
                review_id: r.clone(),
                notice_on: date("2027-02-10"),
            },
        )
        .unwrap();
        assert_eq!(
            status(&doc, "2027-04-01", final_plan),
            DeadlineStatus::Due { days_left: 6 }
        );
        assert_eq!(
            status(&doc, "2027-04-08", final_plan),
            DeadlineStatus::Overdue { days_late: 1 }
        );
        apply(
            &mut doc,
            ReviewEdit::IssueAmendedPlan {
                review_id: r.clone(),
                issued_on: date("2027-04-09"),
            },
        )
        .unwrap();
        assert_eq!(
            status(&doc, "2027-04-10", final_plan),
            DeadlineStatus::Met {
                on: Some(date("2027-04-09")),
                days_late: 2
            }
        );
    }

    #[test]
    fn an_amendment_whose_item_was_removed_meanwhile_is_kept_with_plain_words() {
        let (mut doc, r) = noticed();
        // Someone removes the outcome the reword was written against.
        apply(&mut doc, ReviewEdit::RemoveOutcome { id: "out-1".into() }).unwrap();
        apply(
            &mut doc,
            ReviewEdit::IssueAmendedPlan {
                review_id: r.clone(),
                issued_on: date("2027-02-20"),
            },
        )
        .unwrap();
        let reword = doc.reviews[0]
            .amendments
            .iter()
            .find(|a| a.id == "am-reword")
            .unwrap();
        assert_eq!(reword.status, AmendmentStatus::Accepted, "never lost");
        let why = reword.not_applied.as_deref().unwrap();
        assert!(why.contains("no longer in Section E"), "{why}");
        // The others were made and issued.
        assert_eq!(
            doc.issues.last().unwrap().amendment_ids,
            ["am-add", "am-remove"]
        );
        // A second issue makes it once it is proposed again against the plan as it is.
        let mut again = reword.clone();
        again.change = ChangeKind::Add;
        again.item_id = None;
        apply(
            &mut doc,
            ReviewEdit::UpsertAmendment {
                review_id: r.clone(),
                amendment: again,
            },
        )
        .unwrap();
        assert!(doc.reviews[0]
            .amendments
            .iter()
            .find(|a| a.id == "am-reword")
            .unwrap()
            .not_applied
            .is_none());
        apply(
            &mut doc,
            ReviewEdit::IssueAmendedPlan {
                review_id: r,
                issued_on: date("2027-03-01"),
            },
        )
        .unwrap();
        assert_eq!(doc.issues.last().unwrap().number, 3);
        assert_eq!(doc.plan.section_e.outcomes.len(), 1);
    }

    #[test]
    fn the_cease_path_ends_with_a_read_only_plan_that_is_kept() {
        let (mut doc, r) = held();
        assert!(refused(
            &doc,
            ReviewEdit::CeasePlan {
                review_id: r.clone(),
                ceased_on: date("2027-03-01")
            }
        )
        .contains("follows the LA's decision"));
        apply(&mut doc, decide(&r, PlanDecision::Cease, "2027-02-01")).unwrap();
        let msg = refused(
            &doc,
            ReviewEdit::CeasePlan {
                review_id: r.clone(),
                ceased_on: date("2027-01-30"),
            },
        );
        assert!(msg.contains("before the decision to cease"), "{msg}");
        apply(
            &mut doc,
            ReviewEdit::CeasePlan {
                review_id: r.clone(),
                ceased_on: date("2027-04-02"),
            },
        )
        .unwrap();
        assert_eq!(doc.ceased().map(|(_, on)| on), Some(date("2027-04-02")));
        // Read-only from now on: every edit is refused in plain words, and the plan is all there.
        for edit in [
            ReviewEdit::StartReview { meeting_date: None },
            ReviewEdit::RemoveOutcome { id: "out-1".into() },
            decide(&r, PlanDecision::Maintain, "2027-02-02"),
        ] {
            let msg = refused(&doc, edit);
            assert!(
                msg.contains("ceased on 2 April 2027") && msg.contains("read-only"),
                "{msg}"
            );
        }
        assert_eq!(doc.plan.section_e.outcomes.len(), 1);
        // A ceased plan waits on nobody.
        let work = Casework::of(&doc, day("2027-05-01"));
        assert!(work.tasks.is_empty());
        // No more reviews fall due, and the caseload says it has ceased.
        assert!(Calendar::for_document(&doc, day("2027-05-01"))
            .deadlines
            .next_review
            .is_none());
        let entry = northstar_schema::CaseloadEntry::from_document(&doc, day("2027-05-01"));
        assert_eq!(entry.status, northstar_schema::ReviewStatus::Ceased);
        assert_eq!(entry.next_review_due, None);
        // Before it took effect the decision to cease restarted no clock.
        let mut pending = doc.clone();
        pending.reviews[0].la_decision.as_mut().unwrap().ceased_on = None;
        assert_eq!(
            Calendar::for_document(&pending, day("2027-03-01"))
                .deadlines
                .next_review
                .unwrap()
                .due,
            date("2027-01-20")
        );
    }

    #[test]
    fn maintain_concludes_the_review_without_a_notice() {
        let (mut doc, r) = held();
        apply(&mut doc, decide(&r, PlanDecision::Maintain, "2027-01-30")).unwrap();
        let msg = refused(
            &doc,
            ReviewEdit::IssueAmendmentNotice {
                review_id: r.clone(),
                notice_on: date("2027-02-01"),
            },
        );
        assert!(msg.contains("accept at least one amendment"), "{msg}");
        let cal = Calendar::for_document(&doc, day("2027-02-01"));
        assert!(cal.deadlines.final_plan.is_none());
        assert_eq!(cal.deadlines.next_review.unwrap().due, date("2028-01-30"));
    }
}

mod bad_input {
    use super::*;

    #[test]
    fn a_decision_dated_before_the_meeting_is_refused() {
        let (doc, r) = held();
        let msg = refused(&doc, decide(&r, PlanDecision::Maintain, "2027-01-11"));
        assert!(
            msg.contains("before the meeting on 12 January 2027"),
            "{msg}"
        );
    }

    #[test]
    fn a_decision_needs_a_meeting_and_reasons() {
        let (mut doc, r) = held();
        let mut no_reasons = decide(&r, PlanDecision::Maintain, "2027-01-20");
        if let ReviewEdit::RecordDecision { reasons, .. } = &mut no_reasons {
            reasons.clear();
        }
        assert!(refused(&doc, no_reasons).contains("reasons"));
        doc.reviews[0].meeting_date = None;
        assert!(
            refused(&doc, decide(&r, PlanDecision::Maintain, "2027-01-20"))
                .contains("no meeting date")
        );
    }

    #[test]
    fn a_notice_before_the_decision_or_without_one_is_refused() {
        let (mut doc, r) = held();
        apply(
            &mut doc,
            ReviewEdit::UpsertAmendment {
                review_id: r.clone(),
                amendment: amendment("a1", PlanSection::F, ChangeKind::Add, None, "Weekly group"),
            },
        )
        .unwrap();
        let msg = refused(
            &doc,
            ReviewEdit::IssueAmendmentNotice {
                review_id: r.clone(),
                notice_on: date("2027-02-01"),
            },
        );
        assert!(msg.contains("none is recorded"), "{msg}");
        apply(&mut doc, decide(&r, PlanDecision::Amend, "2027-02-01")).unwrap();
        let msg = refused(
            &doc,
            ReviewEdit::IssueAmendmentNotice {
                review_id: r.clone(),
                notice_on: date("2027-01-31"),
            },
        );
        assert!(
            msg.contains("before the decision on 1 February 2027"),
            "{msg}"
        );
    }

    #[test]
    fn the_plan_waits_for_the_fifteen_days_unless_the_family_has_answered() {
        let (doc, r) = noticed();
        let msg = refused(
            &doc,
            ReviewEdit::IssueAmendedPlan {
                review_id: r.clone(),
                issued_on: date("2027-02-10"),
            },
        );
        assert!(msg.contains("until 18 February 2027"), "{msg}");
        let msg = refused(
            &doc,
            ReviewEdit::IssueAmendedPlan {
                review_id: r,
                issued_on: date("2027-02-01"),
            },
        );
        assert!(msg.contains("before the notice"), "{msg}");
    }

    #[test]
    fn an_amendment_to_an_item_that_is_not_in_its_section_is_refused() {
        let (doc, r) = held();
        // out-1 is an outcome, not provision.
        let msg = refused(
            &doc,
            ReviewEdit::UpsertAmendment {
                review_id: r.clone(),
                amendment: amendment(
                    "a1",
                    PlanSection::F,
                    ChangeKind::Reword,
                    Some("out-1"),
                    "More",
                ),
            },
        );
        assert!(msg.contains("Section F"), "{msg}");
        let msg = refused(
            &doc,
            ReviewEdit::UpsertAmendment {
                review_id: r.clone(),
                amendment: amendment("a2", PlanSection::I, ChangeKind::Add, None, "Riverside"),
            },
        );
        assert!(msg.contains("no list to add to"), "{msg}");
        // Marking an amendment applied by hand would claim a change nobody made.
        let mut applied = amendment("a3", PlanSection::F, ChangeKind::Add, None, "Weekly group");
        applied.status = AmendmentStatus::Applied;
        assert!(refused(
            &doc,
            ReviewEdit::UpsertAmendment {
                review_id: r.clone(),
                amendment: applied
            }
        )
        .contains("issuing the amended plan"));
        // An unknown section never gets this far: it does not parse.
        let json = r#"{"edit":"upsert-amendment","review_id":"r","amendment":{"section":"Z"}}"#;
        assert!(serde_json::from_str::<ReviewEdit>(json).is_err());
    }

    #[test]
    fn representations_answer_a_notice() {
        let (doc, r) = held();
        let msg = refused(
            &doc,
            ReviewEdit::UpsertRepresentation {
                review_id: r,
                representation: Representation {
                    text: "We agree".into(),
                    ..Default::default()
                },
            },
        );
        assert!(msg.contains("none has been sent"), "{msg}");
    }
}

mod phase_transfer {
    use super::*;

    #[test]
    fn the_transfer_is_met_by_issuing_the_plan_that_names_the_new_school() {
        let (mut doc, r) = held();
        // Ayo is in Year 6 from September 2027 and moves to secondary in September 2028.
        let status = |doc: &ReviewDocument, today: &str| {
            Calendar::for_document(doc, day(today))
                .deadlines
                .phase_transfer
                .map(|d| (d.due, d.status))
        };
        assert_eq!(
            status(&doc, "2027-03-01"),
            None,
            "Year 5 is not a transfer year"
        );
        apply(
            &mut doc,
            ReviewEdit::UpsertAmendment {
                review_id: r.clone(),
                amendment: amendment(
                    "a-school",
                    PlanSection::I,
                    ChangeKind::Reword,
                    None,
                    "Riverside Academy",
                ),
            },
        )
        .unwrap();
        apply(&mut doc, decide(&r, PlanDecision::Amend, "2027-09-20")).unwrap();
        apply(
            &mut doc,
            ReviewEdit::IssueAmendmentNotice {
                review_id: r.clone(),
                notice_on: date("2027-09-21"),
            },
        )
        .unwrap();
        let (due, before) = status(&doc, "2027-10-01").unwrap();
        assert_eq!(due, date("2028-02-15"));
        assert!(matches!(before, DeadlineStatus::Due { .. }));
        apply(
            &mut doc,
            ReviewEdit::IssueAmendedPlan {
                review_id: r,
                issued_on: date("2027-10-20"),
            },
        )
        .unwrap();
        assert_eq!(
            doc.plan.section_i.setting_name.as_deref(),
            Some("Riverside Academy")
        );
        assert_eq!(
            status(&doc, "2027-10-21").unwrap().1,
            DeadlineStatus::Met {
                on: Some(date("2027-10-20")),
                days_late: 0
            }
        );
    }
}

mod september {
    use super::*;

    #[test]
    fn the_year_group_moves_on_each_first_of_september() {
        let mut yp = YoungPerson {
            year_group: YearGroup::Year8,
            year_group_school_year: Some(2026),
            ..Default::default()
        };
        assert_eq!(yp.year_group_on(day("2027-08-31")), YearGroup::Year8);
        assert_eq!(yp.year_group_on(day("2027-09-01")), YearGroup::Year9);
        assert_eq!(yp.year_group_on(day("2030-09-01")), YearGroup::Year12);
        assert_eq!(
            yp.year_group_on(day("2050-09-01")),
            YearGroup::Post19,
            "never past post-19"
        );
        // Recorded before this was kept: taken as it is.
        yp.year_group_school_year = None;
        assert_eq!(yp.year_group_on(day("2030-09-01")), YearGroup::Year8);
    }

    #[test]
    fn early_years_moves_to_reception_by_date_of_birth() {
        let yp = YoungPerson {
            year_group: YearGroup::EarlyYears,
            year_group_school_year: Some(2026),
            date_of_birth: Some(date("2023-01-15")),
            ..Default::default()
        };
        // Born in the 2022/23 school year: Reception from September 2027.
        assert_eq!(yp.year_group_on(day("2027-08-31")), YearGroup::EarlyYears);
        assert_eq!(yp.year_group_on(day("2027-09-01")), YearGroup::Reception);
        assert_eq!(yp.year_group_on(day("2028-09-01")), YearGroup::Year1);
        let no_dob = YoungPerson {
            date_of_birth: None,
            ..yp
        };
        assert_eq!(
            no_dob.year_group_on(day("2029-09-01")),
            YearGroup::EarlyYears
        );
    }

    #[test]
    fn the_roll_over_brings_preparing_for_adulthood_and_transfers_on_time() {
        let (mut doc, _) = held();
        doc.young_person.year_group = YearGroup::Year8;
        let flags =
            |doc: &ReviewDocument, today: &str| Calendar::for_document(doc, day(today)).flags;
        assert!(!flags(&doc, "2027-08-31").pfa_focus);
        assert!(
            flags(&doc, "2027-09-01").pfa_focus,
            "Year 9 from 1 September"
        );
        doc.young_person.year_group = YearGroup::Year5;
        assert_eq!(flags(&doc, "2027-08-31").transfer, None);
        assert!(
            flags(&doc, "2027-09-01").transfer.is_some(),
            "Year 6 transfers to secondary"
        );
        // The caseload sees the same year.
        let entry = northstar_schema::CaseloadEntry::from_document(&doc, day("2027-09-01"));
        assert_eq!(entry.year_group, YearGroup::Year6);
        assert!(entry.transfer_this_year);
    }
}

mod people {
    use super::*;

    #[test]
    fn someone_who_took_part_is_kept_for_the_record_but_not_invited_again() {
        let (mut doc, r) = held();
        apply(
            &mut doc,
            ReviewEdit::SetAttendance {
                review_id: r.clone(),
                participant_id: "p-parent".into(),
                status: northstar_schema::AttendanceStatus::Attended,
            },
        )
        .unwrap();
        apply(&mut doc, decide(&r, PlanDecision::Maintain, "2027-01-20")).unwrap();
        apply(
            &mut doc,
            ReviewEdit::RemoveParticipant {
                id: "p-parent".into(),
            },
        )
        .unwrap();
        let parent = doc
            .participants
            .iter()
            .find(|p| p.id == "p-parent")
            .unwrap();
        assert!(parent.removed);
        apply(&mut doc, ReviewEdit::StartReview { meeting_date: None }).unwrap();
        assert!(!doc.reviews[1]
            .attendance
            .iter()
            .any(|a| a.participant_id == "p-parent"));
        assert!(northstar_schema::missing_invitees(&doc).contains(&"the parent or young person"));
        // Someone who never took part simply goes.
        apply(
            &mut doc,
            ReviewEdit::RemoveParticipant {
                id: "p-senco".into(),
            },
        )
        .unwrap();
        assert!(!doc.participants.iter().any(|p| p.id == "p-senco"));
        assert!(!doc.reviews[1]
            .attendance
            .iter()
            .any(|a| a.participant_id == "p-senco"));
    }
}

mod permissions {
    use super::*;
    use PathKey::{Index, Key};

    #[test]
    fn only_the_la_records_decisions_and_issues_plans() {
        let decision =
            Area::of_path(&[Key("reviews"), Index, Key("la_decision"), Key("ceased_on")]);
        let issues = Area::of_path(&[Key("issues"), Index, Key("plan_json")]);
        assert_eq!(issues, Area::PlanIssues);
        for area in [decision, issues] {
            assert!(may_write(Role::LaCaseworker, area));
            for role in [
                Role::Senco,
                Role::ParentCarer,
                Role::YoungPerson,
                Role::Health,
            ] {
                assert!(!may_write(role, area), "{role:?} may not write {area:?}");
            }
        }
    }

    #[test]
    fn the_family_records_its_representations_and_the_school_its_report() {
        let reps = Area::of_path(&[Key("reviews"), Index, Key("representations")]);
        assert_eq!(reps, Area::Representations);
        assert!(may_write(Role::ParentCarer, reps) && may_write(Role::YoungPerson, reps));
        assert!(!may_write(Role::Senco, reps));
        let sent_to = Area::of_path(&[Key("reviews"), Index, Key("report_sent_to")]);
        assert!(may_write(Role::Senco, sent_to) && !may_write(Role::ParentCarer, sent_to));
    }
}

mod queue {
    use super::*;

    #[test]
    fn the_caseworker_sees_each_step_and_how_timely_it_was() {
        let (mut doc, r) = held();
        let work = Casework::of(&doc, day("2027-01-22"));
        let decision = work
            .tasks
            .iter()
            .find(|t| t.kind == TaskKind::Decision)
            .unwrap();
        assert_eq!(decision.day_of(day("2027-01-22")), Some((10, 28)));
        assert!(decision.is_open_on(day("2027-01-22")));
        assert!(
            !decision.is_open_on(day("2027-01-11")),
            "not before the meeting"
        );

        let (noticed, _) = noticed();
        let work = Casework::of(&noticed, day("2027-02-10"));
        let kinds: Vec<TaskKind> = work.tasks.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, [TaskKind::Representations, TaskKind::FinalPlan]);
        let reps = &work.tasks[0];
        assert!(reps.is_open_on(day("2027-02-18")) && !reps.is_open_on(day("2027-02-19")));

        // Timeliness: a decision 6 weeks after the meeting is late.
        apply(&mut doc, decide(&r, PlanDecision::Maintain, "2027-02-23")).unwrap();
        let work = Casework::of(&doc, day("2027-03-01"));
        let t = Timeliness::over_last_year([&work], day("2027-03-01"));
        let decisions = t.iter().find(|t| t.measure == Measure::Decision).unwrap();
        assert_eq!((decisions.in_time, decisions.total), (0, 1));
        assert_eq!(decisions.words(), "0 of 1 in time (0%)");
        let reviews = t.iter().find(|t| t.measure == Measure::Review).unwrap();
        assert_eq!(
            (reviews.in_time, reviews.total),
            (1, 1),
            "held within 12 months of the issue"
        );
        assert_eq!(
            t.iter()
                .find(|t| t.measure == Measure::FinalPlan)
                .unwrap()
                .words(),
            "None fell due"
        );
    }
}
