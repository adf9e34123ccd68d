//! The statutory calendar, rule by rule: table-driven cases for month ends, leap years, the
//! 15 February and 31 March edges, late reviews and mid-year plans, and a property test that
//! no date makes it panic.

use chrono::NaiveDate;
use northstar_schema::calendar::{Calendar, DeadlineStatus};
use northstar_schema::{
    AdviceRequest, Agency, Amendment, AmendmentStatus, AnnualReview, Date, LaDecision,
    PhaseTransfer, PlanDecision, ReviewDocument, Setting, SettingKind, TransferKind, YearGroup,
    YoungPerson,
};
use proptest::prelude::*;

fn day(iso: &str) -> NaiveDate {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap()
}

fn date(iso: &str) -> Option<Date> {
    Some(Date(day(iso)))
}

fn doc(year: YearGroup, kind: SettingKind, dob: &str) -> ReviewDocument {
    ReviewDocument::new(
        "cal-1",
        YoungPerson {
            given_name: "Sam".into(),
            family_name: "Okafor".into(),
            date_of_birth: date(dob),
            year_group: year,
            setting: Setting {
                name: "Hollin Brook Primary".into(),
                kind,
                local_authority: None,
            },
            ..Default::default()
        },
    )
}

fn decided(id: &str, meeting: &str, on: &str, decision: PlanDecision) -> AnnualReview {
    AnnualReview {
        id: id.into(),
        meeting_date: date(meeting),
        la_decision: Some(LaDecision {
            decision,
            decided_on: date(on),
            amendment_notice_on: None,
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[test]
fn next_review_due_from_issue_or_last_decision() {
    use PlanDecision::*;
    // (case, issued_on, reviews as (meeting, decided_on, decision), expected due)
    // (meeting, decided_on, decision) for each concluded review.
    type Reviews = &'static [(&'static str, &'static str, PlanDecision)];
    let cases: &[(&str, &str, Reviews, &str)] = &[
        (
            "first review, mid-year issue",
            "2025-11-03",
            &[],
            "2026-11-03",
        ),
        ("issued at a month end", "2025-08-31", &[], "2026-08-31"),
        (
            "issued on 29 Feb: clamps to 28 Feb",
            "2024-02-29",
            &[],
            "2025-02-28",
        ),
        (
            "issued 28 Feb before a leap year",
            "2027-02-28",
            &[],
            "2028-02-28",
        ),
        ("issued 31 Jan", "2026-01-31", &[], "2027-01-31"),
        (
            "later review: from the decision, not the meeting",
            "2024-01-10",
            &[("2024-12-02", "2024-12-20", Maintain)],
            "2025-12-20",
        ),
        (
            "review concluded late restarts from the late decision",
            "2024-01-10",
            &[("2025-02-14", "2025-04-30", Amend)],
            "2026-04-30",
        ),
        (
            "latest of several decisions",
            "2021-06-01",
            &[
                ("2022-05-10", "2022-06-01", Amend),
                ("2023-05-09", "2023-05-31", Maintain),
            ],
            "2024-05-31",
        ),
        (
            "a decision to cease restarts nothing",
            "2023-03-01",
            &[
                ("2024-02-01", "2024-02-20", Maintain),
                ("2025-02-01", "2025-02-21", Cease),
            ],
            "2025-02-20",
        ),
        (
            "decision on 29 Feb 2028",
            "2027-03-01",
            &[("2028-02-01", "2028-02-29", Maintain)],
            "2029-02-28",
        ),
    ];
    for (case, issued, reviews, expected) in cases {
        let mut d = doc(
            YearGroup::Year4,
            SettingKind::MainstreamPrimary,
            "2017-05-01",
        );
        d.plan.issued_on = date(issued);
        for (i, (m, on, dec)) in reviews.iter().enumerate() {
            d.reviews.push(decided(&format!("r{i}"), m, on, *dec));
        }
        let cal = Calendar::for_document(&d, day("2026-01-01"));
        assert_eq!(
            cal.deadlines.next_review.map(|n| n.due),
            date(expected),
            "{case}"
        );
        assert_eq!(
            northstar_schema::calendar::next_review_due(&d),
            date(expected),
            "{case}"
        );
    }
}

#[test]
fn next_review_status_relative_to_today() {
    let mut d = doc(
        YearGroup::Year4,
        SettingKind::MainstreamPrimary,
        "2017-05-01",
    );
    d.plan.issued_on = date("2025-03-10");
    let status = |d: &ReviewDocument, today: &str| {
        Calendar::for_document(d, day(today))
            .deadlines
            .next_review
            .unwrap()
            .status
    };
    assert_eq!(
        status(&d, "2026-03-01"),
        DeadlineStatus::Due { days_left: 9 }
    );
    assert_eq!(
        status(&d, "2026-03-10"),
        DeadlineStatus::Due { days_left: 0 }
    );
    assert_eq!(
        status(&d, "2026-03-11"),
        DeadlineStatus::Overdue { days_late: 1 }
    );
    // A meeting held (decision pending) meets it; held late, it says how late.
    d.reviews.push(AnnualReview {
        id: "r1".into(),
        meeting_date: date("2026-03-17"),
        ..Default::default()
    });
    assert_eq!(
        status(&d, "2026-03-20"),
        DeadlineStatus::Met {
            on: date("2026-03-17"),
            days_late: 7
        }
    );
    // Booked but not yet held: still only due.
    assert_eq!(
        status(&d, "2026-03-01"),
        DeadlineStatus::Due { days_left: 9 }
    );
}

#[test]
fn meeting_deadlines_count_whole_weeks() {
    // (meeting, invitations, advice, report, decision): 14 days before, 14 and 28 after,
    // the same weekday every time, across month, year and leap-day boundaries.
    let cases = [
        (
            "2026-11-24",
            "2026-11-10",
            "2026-11-10",
            "2026-12-08",
            "2026-12-22",
        ),
        (
            "2027-01-05",
            "2026-12-22",
            "2026-12-22",
            "2027-01-19",
            "2027-02-02",
        ),
        (
            "2028-02-15",
            "2028-02-01",
            "2028-02-01",
            "2028-02-29",
            "2028-03-14",
        ),
        (
            "2027-02-15",
            "2027-02-01",
            "2027-02-01",
            "2027-03-01",
            "2027-03-15",
        ),
        (
            "2026-03-12",
            "2026-02-26",
            "2026-02-26",
            "2026-03-26",
            "2026-04-09",
        ),
    ];
    for (meeting, inv, adv, rep, dec) in cases {
        let mut d = doc(
            YearGroup::Year4,
            SettingKind::MainstreamPrimary,
            "2017-05-01",
        );
        d.reviews.push(AnnualReview {
            id: "r1".into(),
            meeting_date: date(meeting),
            ..Default::default()
        });
        let cal = Calendar::for_document(&d, day("2020-01-01"));
        let dl = &cal.deadlines;
        assert_eq!(
            dl.invitations.as_ref().map(|x| x.due),
            date(inv),
            "{meeting}"
        );
        assert_eq!(
            dl.advice_circulated.as_ref().map(|x| x.due),
            date(adv),
            "{meeting}"
        );
        assert_eq!(dl.report.as_ref().map(|x| x.due), date(rep), "{meeting}");
        assert_eq!(
            dl.la_decision.as_ref().map(|x| x.due),
            date(dec),
            "{meeting}"
        );
        for deadline in dl
            .iter()
            .filter(|x| x.label != "Hold the next annual review")
        {
            assert_eq!(
                deadline.due.0.weekday_from_monday(),
                day(meeting).weekday_from_monday(),
                "{meeting}: {}",
                deadline.label
            );
        }
    }
}

trait Weekday {
    fn weekday_from_monday(&self) -> u32;
}
impl Weekday for NaiveDate {
    fn weekday_from_monday(&self) -> u32 {
        use chrono::Datelike;
        self.weekday().num_days_from_monday()
    }
}

#[test]
fn meeting_deadline_statuses_from_what_is_recorded() {
    let mut d = doc(
        YearGroup::Year4,
        SettingKind::MainstreamPrimary,
        "2017-05-01",
    );
    let advice = |id: &str, requested: &str, received: Option<&str>| AdviceRequest {
        id: id.into(),
        agency: Agency::Health,
        requested_on: date(requested),
        received_on: received.and_then(date),
        ..Default::default()
    };
    d.reviews.push(AnnualReview {
        id: "r1".into(),
        meeting_date: date("2026-11-24"),
        advice: vec![
            advice("a1", "2026-10-01", Some("2026-11-05")),
            advice("a2", "2026-10-01", Some("2026-11-13")),
        ],
        report_sent_on: date("2026-12-04"),
        ..Default::default()
    });
    let cal = Calendar::for_document(&d, day("2026-12-10"));
    let dl = &cal.deadlines;
    assert_eq!(
        dl.invitations.as_ref().unwrap().status,
        DeadlineStatus::Met {
            on: date("2026-10-01"),
            days_late: 0
        }
    );
    // The last piece of advice came 3 days after the circulation deadline.
    assert_eq!(
        dl.advice_circulated.as_ref().unwrap().status,
        DeadlineStatus::Met {
            on: date("2026-11-13"),
            days_late: 3
        }
    );
    assert_eq!(
        dl.report.as_ref().unwrap().status,
        DeadlineStatus::Met {
            on: date("2026-12-04"),
            days_late: 0
        }
    );
    assert_eq!(
        dl.la_decision.as_ref().unwrap().status,
        DeadlineStatus::Due { days_left: 12 }
    );
    // Advice still missing after the deadline is overdue.
    d.reviews[0].advice[1].received_on = None;
    let cal = Calendar::for_document(&d, day("2026-12-10"));
    assert_eq!(
        cal.deadlines.advice_circulated.unwrap().status,
        DeadlineStatus::Overdue { days_late: 30 }
    );
}

#[test]
fn amendment_deadlines_from_the_notice() {
    // (notice, representations end, final plan due)
    let cases = [
        ("2026-01-20", "2026-02-04", "2026-03-17"),
        ("2028-02-14", "2028-02-29", "2028-04-10"),
        ("2027-02-14", "2027-03-01", "2027-04-11"),
        ("2026-12-22", "2027-01-06", "2027-02-16"),
    ];
    for (notice, reps, final_due) in cases {
        let mut d = doc(
            YearGroup::Year8,
            SettingKind::MainstreamSecondary,
            "2013-05-01",
        );
        let mut r = decided("r1", "2025-12-01", "2025-12-20", PlanDecision::Amend);
        r.la_decision.as_mut().unwrap().amendment_notice_on = date(notice);
        d.reviews.push(r);
        let cal = Calendar::for_document(&d, day("2025-12-31"));
        assert_eq!(
            cal.deadlines.representations_end.map(|x| x.due),
            date(reps),
            "{notice}"
        );
        assert_eq!(
            cal.deadlines.final_plan.map(|x| x.due),
            date(final_due),
            "{notice}"
        );
    }
}

#[test]
fn final_plan_met_only_when_the_plan_is_reissued() {
    let mut d = doc(
        YearGroup::Year8,
        SettingKind::MainstreamSecondary,
        "2013-05-01",
    );
    d.plan.last_amended_on = date("2025-03-01");
    let mut r = decided("r1", "2025-11-03", "2025-11-20", PlanDecision::Amend);
    r.la_decision.as_mut().unwrap().amendment_notice_on = date("2025-11-25");
    r.amendments.push(Amendment {
        id: "am1".into(),
        status: AmendmentStatus::Accepted,
        decided_on: date("2025-11-20"),
        ..Default::default()
    });
    d.reviews.push(r);
    let today = day("2026-02-01");
    let cal = Calendar::for_document(&d, today);
    // Due 20 January 2026; the plan was last reissued before the notice: overdue.
    assert_eq!(
        cal.deadlines.final_plan.as_ref().unwrap().status,
        DeadlineStatus::Overdue { days_late: 12 }
    );
    assert_eq!(
        cal.deadlines.representations_end.as_ref().unwrap().status,
        DeadlineStatus::Met {
            on: date("2025-12-10"),
            days_late: 0
        }
    );
    d.plan.last_amended_on = date("2026-01-12");
    let cal = Calendar::for_document(&d, today);
    assert_eq!(
        cal.deadlines.final_plan.unwrap().status,
        DeadlineStatus::Met {
            on: date("2026-01-12"),
            days_late: 0
        }
    );
    // A maintain decision has no amendment deadlines.
    d.reviews[0].la_decision.as_mut().unwrap().decision = PlanDecision::Maintain;
    let cal = Calendar::for_document(&d, today);
    assert!(cal.deadlines.final_plan.is_none());
    assert!(cal.deadlines.representations_end.is_none());
}

#[test]
fn phase_transfer_deadlines() {
    use SettingKind::*;
    use TransferKind::*;
    use YearGroup::*;
    // (case, year, setting, dob, recorded (kind, moving_on), today, expected kind, due)
    type Case = (
        &'static str,
        YearGroup,
        SettingKind,
        &'static str,
        Option<(TransferKind, Option<&'static str>)>,
        &'static str,
        Option<TransferKind>,
        Option<&'static str>,
    );
    let cases: &[Case] = &[
        (
            "Year 6, autumn",
            Year6,
            MainstreamPrimary,
            "2015-10-01",
            None,
            "2026-11-25",
            Some(PrimaryToSecondary),
            Some("2027-02-15"),
        ),
        (
            "Year 6, on 15 Feb itself",
            Year6,
            MainstreamPrimary,
            "2015-10-01",
            None,
            "2027-02-15",
            Some(PrimaryToSecondary),
            Some("2027-02-15"),
        ),
        (
            "Year 6, summer term: same school year",
            Year6,
            MainstreamPrimary,
            "2015-10-01",
            None,
            "2027-07-01",
            Some(PrimaryToSecondary),
            Some("2027-02-15"),
        ),
        (
            "Year 11 to post-16: 31 March",
            Year11,
            MainstreamSecondary,
            "2011-01-05",
            None,
            "2026-11-25",
            Some(SecondaryToPost16),
            Some("2027-03-31"),
        ),
        (
            "Year 11 in a special school",
            Year11,
            Special,
            "2011-01-05",
            None,
            "2027-03-31",
            Some(SecondaryToPost16),
            Some("2027-03-31"),
        ),
        (
            "Year 11 educated at home: no transfer",
            Year11,
            Home,
            "2011-01-05",
            None,
            "2026-11-25",
            None,
            None,
        ),
        (
            "Early years, starts Reception next September",
            YearGroup::EarlyYears,
            SettingKind::EarlyYears,
            "2022-09-01",
            None,
            "2026-11-25",
            Some(EarlyYearsToSchool),
            Some("2027-02-15"),
        ),
        (
            "Early years, a year too young",
            YearGroup::EarlyYears,
            SettingKind::EarlyYears,
            "2023-09-01",
            None,
            "2026-11-25",
            None,
            None,
        ),
        (
            "Year 5: no transfer",
            Year5,
            MainstreamPrimary,
            "2016-10-01",
            None,
            "2026-11-25",
            None,
            None,
        ),
        (
            "Year 2 infant to junior, recorded",
            Year2,
            MainstreamPrimary,
            "2019-10-01",
            Some((InfantToJunior, Some("2027-09-02"))),
            "2026-11-25",
            Some(InfantToJunior),
            Some("2027-02-15"),
        ),
        (
            "recorded move in January: the 15 Feb before it",
            Year6,
            MainstreamPrimary,
            "2015-10-01",
            Some((PrimaryToSecondary, Some("2027-01-10"))),
            "2026-11-25",
            Some(PrimaryToSecondary),
            Some("2026-02-15"),
        ),
        (
            "post-16 to post-16: 5 months before",
            Year13,
            SixthForm,
            "2008-11-11",
            Some((Post16ToPost16, Some("2027-09-06"))),
            "2026-11-25",
            Some(Post16ToPost16),
            Some("2027-04-06"),
        ),
        (
            "post-16 move on 31 July: clamps to 28 Feb",
            Year13,
            FurtherEducation,
            "2008-11-11",
            Some((Post16ToPost16, Some("2027-07-31"))),
            "2026-11-25",
            Some(Post16ToPost16),
            Some("2027-02-28"),
        ),
        (
            "post-16 move on 31 July 2028: leap year, 29 Feb",
            Year13,
            FurtherEducation,
            "2008-11-11",
            Some((Post16ToPost16, Some("2028-07-31"))),
            "2026-11-25",
            Some(Post16ToPost16),
            Some("2028-02-29"),
        ),
        (
            "post-16 to post-16 without a date: from 1 September",
            Year14,
            FurtherEducation,
            "2007-10-19",
            Some((Post16ToPost16, None)),
            "2026-11-25",
            Some(Post16ToPost16),
            Some("2027-04-01"),
        ),
        (
            "override: Year 6 staying in an all-through school, recorded as Year 11 style",
            Year6,
            Special,
            "2015-10-01",
            Some((SecondaryToPost16, None)),
            "2026-11-25",
            Some(SecondaryToPost16),
            Some("2027-03-31"),
        ),
    ];
    for (case, year, setting, dob, recorded, today, kind, due) in cases {
        let mut d = doc(*year, *setting, dob);
        d.plan.transfer = recorded.map(|(kind, moving)| PhaseTransfer {
            kind,
            moving_on: moving.and_then(date),
            destination: None,
        });
        let cal = Calendar::for_document(&d, day(today));
        assert_eq!(cal.flags.transfer, *kind, "{case}");
        assert_eq!(cal.flags.transfer_recorded, recorded.is_some(), "{case}");
        assert_eq!(
            cal.deadlines.phase_transfer.as_ref().map(|x| x.due),
            due.and_then(date),
            "{case}"
        );
    }
}

#[test]
fn phase_transfer_status_edges() {
    let mut d = doc(
        YearGroup::Year6,
        SettingKind::MainstreamPrimary,
        "2015-10-01",
    );
    let status = |d: &ReviewDocument, today: &str| {
        Calendar::for_document(d, day(today))
            .deadlines
            .phase_transfer
            .unwrap()
            .status
    };
    assert_eq!(
        status(&d, "2027-02-14"),
        DeadlineStatus::Due { days_left: 1 }
    );
    assert_eq!(
        status(&d, "2027-02-15"),
        DeadlineStatus::Due { days_left: 0 }
    );
    assert_eq!(
        status(&d, "2027-02-16"),
        DeadlineStatus::Overdue { days_late: 1 }
    );
    // Amended last school year does not count; amended this school year does.
    d.plan.last_amended_on = date("2026-07-10");
    assert_eq!(
        status(&d, "2027-02-16"),
        DeadlineStatus::Overdue { days_late: 1 }
    );
    d.plan.last_amended_on = date("2027-02-10");
    // An amended plan that does not name the new setting does not meet it (reg 18).
    assert_eq!(
        status(&d, "2027-02-16"),
        DeadlineStatus::Overdue { days_late: 1 }
    );
    d.plan.section_i.setting_name = Some("Riverside Academy".into());
    assert_eq!(
        status(&d, "2027-02-16"),
        DeadlineStatus::Met {
            on: date("2027-02-10"),
            days_late: 0
        }
    );
}

#[test]
fn flags_for_age_and_year() {
    // (case, year, dob, today, pfa, under five, end of compulsory school age, young person decides)
    let cases = [
        (
            "Year 8",
            YearGroup::Year8,
            "2013-05-01",
            "2026-11-25",
            false,
            false,
            "2029-06-29",
            false,
        ),
        (
            "Year 9",
            YearGroup::Year9,
            "2012-12-14",
            "2026-11-25",
            true,
            false,
            "2029-06-29",
            false,
        ),
        (
            "four-year-old",
            YearGroup::EarlyYears,
            "2022-09-01",
            "2026-11-25",
            false,
            true,
            "2039-06-24",
            false,
        ),
        (
            "just five",
            YearGroup::Reception,
            "2021-11-25",
            "2026-11-25",
            false,
            false,
            "2038-06-25",
            false,
        ),
        (
            "Year 11 on the last Friday of June",
            YearGroup::Year11,
            "2011-01-05",
            "2027-06-25",
            true,
            false,
            "2027-06-25",
            false,
        ),
        (
            "the day after",
            YearGroup::Year11,
            "2011-01-05",
            "2027-06-26",
            true,
            false,
            "2027-06-25",
            true,
        ),
        (
            "summer-born, still 15",
            YearGroup::Year11,
            "2011-08-31",
            "2027-07-01",
            true,
            false,
            "2027-06-25",
            true,
        ),
    ];
    for (case, year, dob, today, pfa, under5, end, decides) in cases {
        let mut d = doc(year, SettingKind::MainstreamSecondary, dob);
        d.plan.issued_on = date("2026-06-01");
        let f = Calendar::for_document(&d, day(today)).flags;
        assert_eq!(f.pfa_focus, pfa, "{case}");
        assert_eq!(f.under_five, under5, "{case}");
        assert_eq!(f.end_of_compulsory_school_age, date(end), "{case}");
        assert_eq!(f.young_person_decides, decides, "{case}");
        assert_eq!(
            f.suggested_review_by,
            if under5 { date("2026-12-01") } else { None },
            "{case}"
        );
    }
}

#[test]
fn no_dates_no_deadlines() {
    let d = doc(
        YearGroup::Year4,
        SettingKind::MainstreamPrimary,
        "2017-05-01",
    );
    let mut d2 = d.clone();
    d2.young_person.date_of_birth = None;
    for d in [d, d2] {
        let cal = Calendar::for_document(&d, day("2026-11-25"));
        assert_eq!(cal.deadlines.iter().count(), 0);
    }
}

#[test]
fn json_shape_is_stable() {
    let mut d = doc(
        YearGroup::Year6,
        SettingKind::MainstreamPrimary,
        "2015-10-01",
    );
    d.plan.issued_on = date("2025-12-01");
    let cal = Calendar::for_document(&d, day("2026-11-25"));
    let v = serde_json::to_value(&cal).unwrap();
    let mut keys: Vec<_> = v["deadlines"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    keys.sort();
    let mut expected = [
        "next_review",
        "invitations",
        "advice_circulated",
        "report",
        "la_decision",
        "representations_end",
        "final_plan",
        "phase_transfer",
    ];
    expected.sort();
    assert_eq!(keys, expected);
    assert_eq!(v["deadlines"]["next_review"]["due"], "2026-12-01");
    assert_eq!(v["deadlines"]["next_review"]["status"], "due");
    assert_eq!(v["deadlines"]["next_review"]["days_left"], 6);
    assert!(v["deadlines"]["invitations"].is_null());
    assert_eq!(v["flags"]["transfer"], "primary-to-secondary");
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // The whole of chrono's range, so the edges are exercised too.
    let min = NaiveDate::MIN.num_days_from_ce();
    let max = NaiveDate::MAX.num_days_from_ce();
    prop_oneof![
        (min..=max).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap()),
        (-20_000i32..20_000).prop_map(|n| {
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(n.into())
        }),
    ]
}

use chrono::Datelike;

proptest! {
    #[test]
    fn calendar_never_panics(
        issued in proptest::option::of(any_date()),
        dob in proptest::option::of(any_date()),
        meeting in proptest::option::of(any_date()),
        decision in proptest::option::of(any_date()),
        notice in proptest::option::of(any_date()),
        moving in proptest::option::of(any_date()),
        amended in proptest::option::of(any_date()),
        today in any_date(),
        year in 0usize..YearGroup::ALL.len(),
        kind in proptest::option::of(0usize..TransferKind::ALL.len()),
    ) {
        let mut d = doc(YearGroup::ALL[year], SettingKind::MainstreamPrimary, "2017-05-01");
        d.young_person.date_of_birth = dob.map(Date);
        d.plan.issued_on = issued.map(Date);
        d.plan.last_amended_on = amended.map(Date);
        d.plan.transfer = kind.map(|k| PhaseTransfer {
            kind: TransferKind::ALL[k],
            moving_on: moving.map(Date),
            destination: None,
        });
        d.reviews.push(AnnualReview {
            id: "r1".into(),
            meeting_date: meeting.map(Date),
            la_decision: decision.map(|on| LaDecision {
                decision: PlanDecision::Amend,
                decided_on: Some(Date(on)),
                amendment_notice_on: notice.map(Date),
                ..Default::default()
            }),
            ..Default::default()
        });
        let cal = Calendar::for_document(&d, today);
        for deadline in cal.deadlines.iter() {
            let _ = deadline.status.describe();
        }
        let _ = serde_json::to_string(&cal).unwrap();
        let _ = today.year();
    }
}
