//! `ReviewEdit`: what each edit does, what it refuses, and that links stay sound.

use northstar_schema::edit::{Column, Poster, ReviewEdit, Topic, ViewsField};
use northstar_schema::thread::{Gaps, Link, Thread};
use northstar_schema::{
    Action, AdviceRequest, Agency, AttendanceStatus, Date, Entry, LaDecision, Need, Outcome,
    OutcomeProgress, Participant, PerspectiveEntry, PlanDecision, PlanSection, Provision,
    ReviewDocument, Role, SchemaError, YoungPerson,
};

fn ids() -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        format!("new-{n}")
    }
}

fn child() -> ReviewDocument {
    let mut doc = ReviewDocument::new(
        "doc",
        YoungPerson {
            given_name: "Ayo".into(),
            family_name: "Bello".into(),
            ..Default::default()
        },
    );
    doc.participants = vec![
        person("p-parent", "Tola Bello", Role::ParentCarer),
        person("p-nurse", "Sam Reed", Role::Health),
        person("p-senco", "Jo Marsh", Role::Senco),
    ];
    doc
}

fn person(id: &str, name: &str, role: Role) -> Participant {
    Participant {
        id: id.into(),
        name: name.into(),
        role,
        organisation: None,
        removed: false,
        email: None,
    }
}

fn apply(doc: &mut ReviewDocument, edit: ReviewEdit) -> Result<(), SchemaError> {
    edit.apply(doc, &mut ids())
}

fn started(meeting: Option<Date>) -> (ReviewDocument, String) {
    let mut doc = child();
    apply(
        &mut doc,
        ReviewEdit::StartReview {
            meeting_date: meeting,
        },
    )
    .unwrap();
    let id = doc.reviews[0].id.clone();
    (doc, id)
}

mod reviews {
    use super::*;

    #[test]
    fn starting_a_review_invites_everyone_and_asks_their_agencies_for_advice() {
        let (doc, _) = started(Date::parse("2027-03-10"));
        let review = &doc.reviews[0];
        assert_eq!(review.attendance.len(), 3);
        assert!(review
            .attendance
            .iter()
            .all(|a| a.status == AttendanceStatus::Invited));
        let agencies: Vec<Agency> = review.advice.iter().map(|a| a.agency).collect();
        assert_eq!(agencies, [Agency::Health, Agency::School]);
        // Two weeks before the meeting (reg 20(4)).
        assert!(review
            .advice
            .iter()
            .all(|a| a.due_on == Date::parse("2027-02-24")));
        assert!(doc.validate().is_ok());
    }

    #[test]
    fn a_second_review_waits_for_the_la_decision_on_the_first() {
        let (mut doc, _) = started(None);
        let refused = apply(&mut doc, ReviewEdit::StartReview { meeting_date: None });
        assert!(matches!(refused, Err(SchemaError::Invalid(m)) if m.contains("still open")));
        doc.reviews[0].la_decision = Some(LaDecision {
            decision: PlanDecision::Maintain,
            ..Default::default()
        });
        apply(&mut doc, ReviewEdit::StartReview { meeting_date: None }).unwrap();
        assert_eq!(doc.reviews.len(), 2);
    }

    #[test]
    fn someone_added_later_is_invited_to_the_open_review() {
        let (mut doc, _) = started(None);
        apply(
            &mut doc,
            ReviewEdit::UpsertParticipant {
                participant: Participant {
                    name: "Lee Hart".into(),
                    role: Role::SocialCare,
                    ..Default::default()
                },
            },
        )
        .unwrap();
        let new = doc.participants.last().unwrap();
        assert!(!new.id.is_empty());
        assert!(doc.reviews[0]
            .attendance
            .iter()
            .any(|a| a.participant_id == new.id));
    }

    #[test]
    fn attendance_is_set_for_people_involved_only() {
        let (mut doc, r) = started(None);
        apply(
            &mut doc,
            ReviewEdit::SetAttendance {
                review_id: r.clone(),
                participant_id: "p-parent".into(),
                status: AttendanceStatus::Attended,
            },
        )
        .unwrap();
        assert_eq!(
            doc.reviews[0].attendance[0].status,
            AttendanceStatus::Attended
        );
        let stranger = apply(
            &mut doc,
            ReviewEdit::SetAttendance {
                review_id: r,
                participant_id: "nobody".into(),
                status: AttendanceStatus::Attended,
            },
        );
        assert!(matches!(stranger, Err(SchemaError::NotFound(_))));
    }
}

mod items {
    use super::*;

    #[test]
    fn an_item_without_an_id_is_added_with_a_fresh_one_and_with_an_id_is_replaced() {
        let (mut doc, r) = started(None);
        let add = |text: &str| ReviewEdit::UpsertEntry {
            review_id: r.clone(),
            poster: Poster::LikeAndAdmire,
            entry: Entry {
                text: text.into(),
                ..Default::default()
            },
        };
        add("Kind").apply(&mut doc, &mut ids()).unwrap();
        let mut later = || "later-id".to_string();
        add("Funny").apply(&mut doc, &mut later).unwrap();
        let entries = &doc.reviews[0].record.like_and_admire;
        assert_eq!(entries.len(), 2);
        assert_ne!(entries[0].id, entries[1].id);
        let changed = Entry {
            text: "Kind to everyone".into(),
            ..entries[0].clone()
        };
        apply(
            &mut doc,
            ReviewEdit::UpsertEntry {
                review_id: r,
                poster: Poster::LikeAndAdmire,
                entry: changed,
            },
        )
        .unwrap();
        let entries = &doc.reviews[0].record.like_and_admire;
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].text.as_str(), "Kind to everyone");
    }

    #[test]
    fn every_poster_and_column_reads_back_what_was_written_to_it() {
        let (mut doc, r) = started(None);
        for poster in Poster::ALL {
            apply(
                &mut doc,
                ReviewEdit::UpsertEntry {
                    review_id: r.clone(),
                    poster: *poster,
                    entry: Entry {
                        text: poster.as_str().into(),
                        ..Default::default()
                    },
                },
            )
            .unwrap();
        }
        for column in Column::ALL {
            apply(
                &mut doc,
                ReviewEdit::UpsertPerspective {
                    review_id: r.clone(),
                    column: *column,
                    entry: PerspectiveEntry {
                        text: column.as_str().into(),
                        ..Default::default()
                    },
                },
            )
            .unwrap();
        }
        let review = &doc.reviews[0];
        for poster in Poster::ALL {
            let texts: Vec<&str> = poster
                .entries(review)
                .iter()
                .map(|e| e.text.as_str())
                .collect();
            assert_eq!(texts, [poster.as_str()], "{poster:?}");
        }
        for column in Column::ALL {
            assert_eq!(column.entries(review)[0].text.as_str(), column.as_str());
        }
    }

    #[test]
    fn removing_what_is_not_there_says_so_and_changes_nothing() {
        let (doc, r) = started(None);
        let before = doc.clone();
        for edit in [
            ReviewEdit::RemoveAction {
                review_id: r.clone(),
                id: "gone".into(),
            },
            ReviewEdit::RemoveNeed { id: "gone".into() },
            ReviewEdit::RemoveProvision { id: "gone".into() },
            ReviewEdit::RemoveContribution { id: "gone".into() },
            ReviewEdit::RemoveEntry {
                review_id: "no-such-review".into(),
                poster: Poster::Questions,
                id: "x".into(),
            },
        ] {
            let mut copy = doc.clone();
            let err = apply(&mut copy, edit).unwrap_err();
            assert!(matches!(err, SchemaError::NotFound(_)));
            assert!(err.to_string().contains("no longer"), "{err}");
            assert_eq!(copy, before);
        }
        // The original was never touched.
        doc.validate().unwrap();
    }

    #[test]
    fn needs_and_provision_only_go_in_their_own_sections() {
        let mut doc = child();
        let need_in_f = apply(
            &mut doc,
            ReviewEdit::UpsertNeed {
                section: PlanSection::F,
                need: Need::default(),
            },
        );
        assert!(matches!(need_in_f, Err(SchemaError::Invalid(m)) if m.contains("B, C or D")));
        let provision_in_b = apply(
            &mut doc,
            ReviewEdit::UpsertProvision {
                section: PlanSection::B,
                provision: Provision::default(),
            },
        );
        assert!(
            matches!(provision_in_b, Err(SchemaError::Invalid(m)) if m.contains("F, G, H1 or H2"))
        );
    }

    #[test]
    fn provision_moved_to_another_section_exists_once() {
        let mut doc = child();
        doc.plan.section_f.provisions.push(Provision {
            id: "pr".into(),
            provider: "School nurse".into(),
            ..Default::default()
        });
        let moved = doc.plan.section_f.provisions[0].clone();
        apply(
            &mut doc,
            ReviewEdit::UpsertProvision {
                section: PlanSection::G,
                provision: moved,
            },
        )
        .unwrap();
        assert!(doc.plan.section_f.provisions.is_empty());
        assert_eq!(doc.plan.section_g.provisions[0].id, "pr");
    }

    #[test]
    fn views_and_actions_are_set_as_written() {
        let (mut doc, r) = started(None);
        apply(
            &mut doc,
            ReviewEdit::SetViews {
                field: ViewsField::YoungPerson,
                text: "I like trains".into(),
            },
        )
        .unwrap();
        apply(
            &mut doc,
            ReviewEdit::UpsertAction {
                review_id: r,
                action: Action {
                    what: "Visit college".into(),
                    owner: "Jo".into(),
                    ..Default::default()
                },
            },
        )
        .unwrap();
        assert_eq!(
            doc.plan.section_a.young_person_views.as_str(),
            "I like trains"
        );
        assert_eq!(doc.reviews[0].actions[0].owner, "Jo");
    }
}

mod links {
    use super::*;

    /// Need n1 → outcome o1 → provision p1, aspiration a1 → o1; o2 linked to nothing.
    fn threaded() -> ReviewDocument {
        let mut doc = child();
        let plan = &mut doc.plan;
        plan.section_a
            .aspirations
            .push(northstar_schema::Aspiration {
                id: "a1".into(),
                ..Default::default()
            });
        plan.section_b.needs.push(Need {
            id: "n1".into(),
            ..Default::default()
        });
        plan.section_c.needs.push(Need {
            id: "n2".into(),
            ..Default::default()
        });
        plan.section_e.outcomes = vec![
            Outcome {
                id: "o1".into(),
                need_ids: vec!["n1".into(), "ghost".into()],
                aspiration_ids: vec!["a1".into()],
                ..Default::default()
            },
            Outcome {
                id: "o2".into(),
                ..Default::default()
            },
        ];
        plan.section_f.provisions.push(Provision {
            id: "p1".into(),
            outcome_ids: vec!["o1".into()],
            ..Default::default()
        });
        plan.section_g.provisions.push(Provision {
            id: "p2".into(),
            ..Default::default()
        });
        doc
    }

    #[test]
    fn the_thread_runs_both_ways_and_never_names_missing_items() {
        let plan = threaded().plan;
        let from_need = Thread::from(&plan, &Link::Need("n1".into()));
        assert_eq!(from_need.outcomes, ["o1"]);
        assert_eq!(from_need.provisions, ["p1"]);
        assert_eq!(from_need.aspirations, ["a1"]);
        let from_provision = Thread::from(&plan, &Link::Provision("p1".into()));
        assert_eq!(
            from_provision.needs,
            ["n1"],
            "the ghost need id is not shown"
        );
        let from_lonely = Thread::from(&plan, &Link::Need("n2".into()));
        assert_eq!(from_lonely.needs, ["n2"]);
        assert!(from_lonely.outcomes.is_empty() && from_lonely.provisions.is_empty());
        assert!(from_need.contains("p1") && !from_need.contains("p2"));
    }

    #[test]
    fn gaps_name_each_broken_link() {
        let gaps = Gaps::of(&threaded().plan);
        assert_eq!(gaps.needs_without_outcome, ["n2"]);
        assert_eq!(gaps.outcomes_without_source, ["o2"]);
        assert_eq!(gaps.outcomes_without_provision, ["o2"]);
        assert_eq!(gaps.provisions_without_outcome, ["p2"]);
        assert!(gaps.has("p2") && !gaps.has("p1"));
    }

    #[test]
    fn removing_an_item_removes_the_links_to_it() {
        let mut doc = threaded();
        let review_id = {
            apply(&mut doc, ReviewEdit::StartReview { meeting_date: None }).unwrap();
            doc.reviews[0].id.clone()
        };
        apply(
            &mut doc,
            ReviewEdit::UpsertProgress {
                review_id,
                progress: OutcomeProgress {
                    outcome_id: "o1".into(),
                    summary: "Good progress".into(),
                    still_appropriate: true,
                },
            },
        )
        .unwrap();
        apply(&mut doc, ReviewEdit::RemoveNeed { id: "n1".into() }).unwrap();
        assert_eq!(doc.plan.section_e.outcomes[0].need_ids, ["ghost"]);
        apply(&mut doc, ReviewEdit::RemoveAspiration { id: "a1".into() }).unwrap();
        assert!(doc.plan.section_e.outcomes[0].aspiration_ids.is_empty());
        apply(&mut doc, ReviewEdit::RemoveOutcome { id: "o1".into() }).unwrap();
        assert!(doc.plan.section_f.provisions[0].outcome_ids.is_empty());
        assert!(doc.reviews[0].progress.is_empty());
        doc.validate().unwrap();
    }

    #[test]
    fn progress_is_recorded_only_against_an_outcome_that_exists() {
        let (mut doc, r) = started(None);
        let err = apply(
            &mut doc,
            ReviewEdit::UpsertProgress {
                review_id: r,
                progress: OutcomeProgress {
                    outcome_id: "none".into(),
                    ..Default::default()
                },
            },
        );
        assert!(matches!(err, Err(SchemaError::NotFound(_))));
    }
}

mod words {
    use super::*;

    #[test]
    fn history_lines_name_the_person_and_quote_what_was_written() {
        let (doc, r) = started(None);
        let attended = ReviewEdit::SetAttendance {
            review_id: r.clone(),
            participant_id: "p-nurse".into(),
            status: AttendanceStatus::SentApologies,
        };
        assert_eq!(attended.describe(&doc), "Marked Sam Reed as sent apologies");
        assert_eq!(attended.topic(), Topic::WhoIsHere);
        let long = "x".repeat(200);
        let add = ReviewEdit::UpsertAdvice {
            review_id: r.clone(),
            advice: AdviceRequest {
                agency: Agency::Camhs,
                ..Default::default()
            },
        };
        assert_eq!(add.describe(&doc), "Added advice from CAMHS");
        let question = ReviewEdit::UpsertEntry {
            review_id: r,
            poster: Poster::Questions,
            entry: Entry {
                id: "e1".into(),
                text: long.as_str().into(),
                author_id: None,
            },
        };
        let line = question.describe(&doc);
        assert!(line.starts_with("Changed in"), "{line}");
        assert!(line.chars().count() < 120, "long text is shortened: {line}");
        assert_eq!(question.topic(), Topic::Questions);
    }

    #[test]
    fn saves_of_one_item_share_an_undo_key_and_new_items_never_do() {
        let edit = |id: &str| ReviewEdit::UpsertAction {
            review_id: "r".into(),
            action: Action {
                id: id.into(),
                ..Default::default()
            },
        };
        assert_eq!(edit("a1").undo_key(), edit("a1").undo_key());
        assert_ne!(edit("a1").undo_key(), edit("a2").undo_key());
        assert_eq!(edit("").undo_key(), None);
        assert_eq!(
            ReviewEdit::RemoveAction {
                review_id: "r".into(),
                id: "a1".into()
            }
            .undo_key(),
            None
        );
    }

    #[test]
    fn edits_travel_as_tagged_json() {
        let edit = ReviewEdit::SetMeetingDate {
            review_id: "r".into(),
            date: Date::parse("2027-01-05"),
        };
        let json = serde_json::to_value(&edit).unwrap();
        assert_eq!(json["edit"], "set-meeting-date");
        assert_eq!(json["date"], "2027-01-05");
        let back: ReviewEdit = serde_json::from_value(json).unwrap();
        assert_eq!(back, edit);
        assert!(serde_json::from_str::<ReviewEdit>(r#"{"edit":"launch-rockets"}"#).is_err());
    }
}

mod caseload {
    use chrono::NaiveDate;
    use northstar_schema::{
        settings_of, sort_caseload, CaseloadEntry, CaseloadOrder, CaseloadOverview, ReviewStatus,
    };

    fn entry(name: &str, setting: &str, status: ReviewStatus, due: &str) -> CaseloadEntry {
        let mut doc = northstar_schema::ReviewDocument::new(
            name,
            northstar_schema::YoungPerson {
                given_name: name.into(),
                family_name: "Test".into(),
                ..Default::default()
            },
        );
        doc.young_person.setting.name = setting.into();
        let mut e =
            CaseloadEntry::from_document(&doc, NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
        e.status = status;
        e.next_review_due = northstar_schema::Date::parse(due);
        e.sort_key = name.to_lowercase();
        e
    }

    #[test]
    fn urgency_puts_the_most_overdue_first_and_settings_are_listed_once() {
        let mut list = vec![
            entry("Amy", "Oak School", ReviewStatus::UpToDate, "2027-06-01"),
            entry("Ben", "Ash School", ReviewStatus::Overdue, "2026-10-01"),
            entry("Cal", "Oak School", ReviewStatus::DueSoon, "2026-12-20"),
            entry("Dee", "Ash School", ReviewStatus::Overdue, "2026-03-01"),
        ];
        sort_caseload(&mut list, CaseloadOrder::Urgency);
        let names: Vec<&str> = list.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(names, ["Dee", "Ben", "Cal", "Amy"]);
        sort_caseload(&mut list, CaseloadOrder::Name);
        assert_eq!(list[0].id, "Amy");
        assert_eq!(settings_of(&list), ["Ash School", "Oak School"]);
        let overview = CaseloadOverview::of(&list);
        let due: Vec<&str> = overview.due.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(due, ["Dee", "Ben", "Cal"]);
        assert!(overview.meetings.is_empty());
    }
}
