//! The annual review report (reg 20(7)–(9); Code 9.176): who was invited and came, advice
//! received, progress towards each outcome, the person-centred record, the views of the
//! young person and parents, proposed amendments by section, disagreements, the
//! recommendation and the actions.

use super::compose::{Composed, Meta};
use super::layout::{Column, Layout, Margins, Style};
use super::{first_name, long_date, or_none, participant_name, BODY, H1, H2, NOTE, TITLE};
use crate::Result;
use northstar_schema::{AnnualReview, Entry, Perspective, PlanSection, ReviewDocument};

pub fn compose(doc: &ReviewDocument, print: super::Print) -> Result<Composed> {
    let name = doc.young_person.display_name();
    let empty = AnnualReview::default();
    let review = doc.current_review().unwrap_or(&empty);
    let mut l = Layout::new(Margins::DOCUMENT).in_large_print(print.large());

    l.paragraph("Annual review report", TITLE);
    l.paragraph(&name, H1);
    l.space(4.0);
    l.paragraph(
        &format!(
            "{} at {}. Review meeting: {}.",
            doc.young_person
                .year_group_on(crate::store::today())
                .label(),
            or_none(&doc.young_person.setting.name, "setting not recorded"),
            long_date(review.meeting_date)
        ),
        BODY,
    );
    if doc.reviews.is_empty() {
        l.paragraph("No annual review has been started for this plan yet.", NOTE);
    }

    section(&mut l, "1. Invited and attended");
    attendance(&mut l, doc, review);
    interpreter(&mut l, doc, review);
    section(&mut l, "2. Advice received");
    advice(&mut l, review);
    section(&mut l, "3. Progress towards each outcome");
    progress(&mut l, doc, review);
    section(&mut l, "4. Person-centred record");
    record(&mut l, doc, review);
    section(&mut l, "5. Views of the young person and parents");
    views(&mut l, doc);
    section(&mut l, "6. Proposed amendments, by section");
    amendments(&mut l, doc, review);
    section(&mut l, "7. Disagreements");
    if review.disagreements.is_empty() {
        l.paragraph("No disagreements were recorded.", BODY);
    }
    for d in &review.disagreements {
        let who = participant_name(doc, d.raised_by_id.as_deref());
        l.labelled(&format!("Raised by {who}"), d.about.as_str(), BODY);
    }
    section(&mut l, "8. Recommendation");
    match &review.recommendation {
        Some(r) => {
            l.labelled(
                r.decision.label(),
                &or_none(r.rationale.as_str(), "No reasons recorded."),
                BODY,
            );
            l.paragraph(&format!("Made on {}.", long_date(r.made_on)), NOTE);
        }
        None => l.paragraph("No recommendation has been made yet.", BODY),
    }
    l.paragraph(
        if review.pfa_discussed {
            "Preparing for adulthood was discussed at the meeting."
        } else {
            "Preparing for adulthood was not recorded as discussed."
        },
        NOTE,
    );
    section(&mut l, "9. Actions");
    actions(&mut l, review);

    let meta = Meta {
        title: format!("Annual review report for {name}"),
        author: or_none(&doc.young_person.setting.name, "Northstar"),
        subject: "EHCP annual review report".into(),
        language: "en-GB",
        header_left: name.clone(),
        header_right: format!("Annual review, {}", long_date(review.meeting_date)),
        footer_left: format!("Report sent {}", long_date(review.report_sent_on)),
        watermark: None,
    };
    Ok(Composed {
        layout: l,
        meta,
        with_header: true,
    })
}

fn section(l: &mut Layout, title: &str) {
    l.space(8.0);
    l.ensure(H1.line_height() + 3.0 * BODY.line_height());
    l.bookmark(title);
    l.heading(title, H1, 2.0 * BODY.line_height());
}

/// For a family who needs an interpreter: what the meeting recorded (Code 9.21).
fn interpreter(l: &mut Layout, doc: &ReviewDocument, review: &AnnualReview) {
    let Some(need) = doc.young_person.communication.interpreter_need() else {
        return;
    };
    let recorded = review
        .interpreter
        .map(|i| format!("{}.", i.label()))
        .unwrap_or_else(|| "Whether an interpreter took part was not recorded.".into());
    l.labelled("Interpreter", &format!("{need}. {recorded}"), BODY);
}

fn attendance(l: &mut Layout, doc: &ReviewDocument, review: &AnnualReview) {
    if review.attendance.is_empty() {
        l.paragraph("Nobody has been invited yet.", BODY);
        return;
    }
    let rows: Vec<Vec<String>> = review
        .attendance
        .iter()
        .map(|a| {
            let p = doc.participants.iter().find(|p| p.id == a.participant_id);
            vec![
                p.map(|p| p.name.clone())
                    .unwrap_or_else(|| "Not recorded".into()),
                p.map(|p| p.role.label().to_string()).unwrap_or_default(),
                p.and_then(|p| p.organisation.clone()).unwrap_or_default(),
                a.status.label().to_string(),
            ]
        })
        .collect();
    l.table(
        &[
            Column {
                title: "Name",
                weight: 1.3,
            },
            Column {
                title: "Role",
                weight: 1.2,
            },
            Column {
                title: "Organisation",
                weight: 1.3,
            },
            Column {
                title: "Invited / attended",
                weight: 1.1,
            },
        ],
        &rows,
        BODY,
    );
}

fn advice(l: &mut Layout, review: &AnnualReview) {
    if review.advice.is_empty() {
        l.paragraph("No advice was requested.", BODY);
        return;
    }
    let rows: Vec<Vec<String>> = review
        .advice
        .iter()
        .map(|a| {
            vec![
                a.agency.label().to_string(),
                a.contact.clone().unwrap_or_default(),
                long_date(a.due_on),
                a.received_on
                    .map(|d| long_date(Some(d)))
                    .unwrap_or_else(|| "Not received".into()),
            ]
        })
        .collect();
    l.table(
        &[
            Column {
                title: "From",
                weight: 1.4,
            },
            Column {
                title: "Contact",
                weight: 1.2,
            },
            Column {
                title: "Due",
                weight: 1.0,
            },
            Column {
                title: "Received",
                weight: 1.0,
            },
        ],
        &rows,
        BODY,
    );
    for a in review.advice.iter().filter(|a| !a.content.is_blank()) {
        l.labelled(
            &format!("Advice from {}", a.agency.label()),
            a.content.as_str(),
            BODY,
        );
    }
}

fn progress(l: &mut Layout, doc: &ReviewDocument, review: &AnnualReview) {
    let outcomes = &doc.plan.section_e.outcomes;
    if outcomes.is_empty() {
        l.paragraph("The plan has no outcomes in Section E yet.", BODY);
        return;
    }
    for (i, o) in outcomes.iter().enumerate() {
        l.heading(
            &format!(
                "Outcome {}: {}",
                i + 1,
                or_none(o.text.as_str(), "(no wording yet)")
            ),
            H2,
            2.0 * BODY.line_height(),
        );
        match review.progress.iter().find(|p| p.outcome_id == o.id) {
            Some(p) => {
                l.paragraph(
                    &or_none(p.summary.as_str(), "No progress summary recorded."),
                    BODY,
                );
                l.paragraph(
                    if p.still_appropriate {
                        "Still appropriate."
                    } else {
                        "No longer appropriate; see proposed amendments."
                    },
                    NOTE,
                );
            }
            None => l.paragraph("Progress was not discussed.", BODY),
        }
    }
}

fn entries(l: &mut Layout, title: &str, list: &[Entry], style: Style) {
    l.heading(title, H2, 2.0 * style.line_height());
    let texts: Vec<&str> = list
        .iter()
        .map(|e| e.text.as_str())
        .filter(|t| !t.trim().is_empty())
        .collect();
    if texts.is_empty() {
        l.paragraph("Nothing recorded.", NOTE);
    }
    for t in texts {
        l.bullet(t, style);
    }
}

fn record(l: &mut Layout, doc: &ReviewDocument, review: &AnnualReview) {
    let r = &review.record;
    let first = first_name(doc);
    entries(
        l,
        &format!("What we like and admire about {first}"),
        &r.like_and_admire,
        BODY,
    );
    entries(
        l,
        &format!("What is important to {first} now"),
        &r.important_to_now,
        BODY,
    );
    entries(
        l,
        &format!("What is important to {first} for the future"),
        &r.important_to_future,
        BODY,
    );
    entries(
        l,
        &format!("What is important for {first} now"),
        &r.important_for_now,
        BODY,
    );
    entries(
        l,
        &format!("What is important for {first} in the future"),
        &r.important_for_future,
        BODY,
    );
    entries(
        l,
        "Support needed to stay healthy and safe and to do well",
        &r.support_needed,
        BODY,
    );

    l.heading(
        "What is working and not working, from each perspective",
        H2,
        3.0 * BODY.line_height(),
    );
    let rows: Vec<Vec<String>> = Perspective::ALL
        .iter()
        .filter_map(|p| {
            let pick = |list: &[northstar_schema::PerspectiveEntry]| {
                list.iter()
                    .filter(|e| e.perspective == *p && !e.text.is_blank())
                    .map(|e| format!("• {}", e.text.as_str().trim()))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let (working, not) = (pick(&r.working), pick(&r.not_working));
            (!working.is_empty() || !not.is_empty())
                .then(|| vec![p.label().to_string(), working, not])
        })
        .collect();
    if rows.is_empty() {
        l.paragraph("Nothing recorded.", NOTE);
    } else {
        l.table(
            &[
                Column {
                    title: "Perspective",
                    weight: 0.8,
                },
                Column {
                    title: "Working",
                    weight: 2.0,
                },
                Column {
                    title: "Not working",
                    weight: 2.0,
                },
            ],
            &rows,
            BODY,
        );
    }
    entries(
        l,
        "Questions to answer and issues we are struggling with",
        &r.questions,
        BODY,
    );
}

fn views(l: &mut Layout, doc: &ReviewDocument) {
    let a = &doc.plan.section_a;
    let first = first_name(doc);
    l.heading(&format!("{first}’s views"), H2, 2.0 * BODY.line_height());
    if a.in_own_words && !a.young_person_views.is_blank() {
        l.paragraph(&format!("In {first}’s own words:"), NOTE);
        l.indented(
            &format!("“{}”", a.young_person_views.as_str().trim()),
            BODY,
            14.0,
        );
    } else {
        l.paragraph(
            &or_none(a.young_person_views.as_str(), "None recorded."),
            BODY,
        );
    }
    let own: Vec<_> = doc.voice.iter().filter(|c| !c.text.is_blank()).collect();
    if !own.is_empty() {
        l.paragraph(
            &format!("What {first} contributed, in their own words:"),
            NOTE,
        );
        for c in own {
            l.bullet(
                &format!("{}: “{}”", c.kind.label(), c.text.as_str().trim()),
                BODY,
            );
        }
    }
    l.heading("Parents’ or carers’ views", H2, 2.0 * BODY.line_height());
    l.paragraph(&or_none(a.parent_views.as_str(), "None recorded."), BODY);
}

fn amendments(l: &mut Layout, doc: &ReviewDocument, review: &AnnualReview) {
    if review.amendments.is_empty() {
        l.paragraph("No amendments were proposed.", BODY);
        return;
    }
    for section in PlanSection::ALL {
        let rows: Vec<Vec<String>> = review
            .amendments
            .iter()
            .filter(|a| a.section == *section)
            .map(|a| {
                vec![
                    or_none(a.proposal.as_str(), "Not stated"),
                    or_none(a.reason.as_str(), "Not stated"),
                    participant_name(doc, a.author_id.as_deref()),
                    a.status.label().to_string(),
                ]
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        l.heading(
            &format!("Section {}", section.label()),
            H2,
            3.0 * BODY.line_height(),
        );
        l.table(
            &[
                Column {
                    title: "Proposed change",
                    weight: 2.2,
                },
                Column {
                    title: "Why",
                    weight: 2.0,
                },
                Column {
                    title: "Proposed by",
                    weight: 1.1,
                },
                Column {
                    title: "Status",
                    weight: 0.9,
                },
            ],
            &rows,
            BODY,
        );
    }
}

fn actions(l: &mut Layout, review: &AnnualReview) {
    if review.actions.is_empty() {
        l.paragraph("No actions were agreed.", BODY);
        return;
    }
    let rows: Vec<Vec<String>> = review
        .actions
        .iter()
        .map(|a| {
            vec![
                or_none(a.what.as_str(), "Not stated"),
                or_none(&a.owner, "Not stated"),
                long_date(a.due),
                if a.done { "Done" } else { "Open" }.into(),
            ]
        })
        .collect();
    l.table(
        &[
            Column {
                title: "What",
                weight: 2.6,
            },
            Column {
                title: "Who",
                weight: 1.2,
            },
            Column {
                title: "By when",
                weight: 1.1,
            },
            Column {
                title: "Status",
                weight: 0.6,
            },
        ],
        &rows,
        BODY,
    );
}
