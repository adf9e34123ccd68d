//! The LA's letters after a review: the decision letter (reg 20(10); Code 9.176), with the
//! right to appeal and to mediation, and the notice of proposed amendments (reg 22(1)), which
//! lists each change with its evidence and the 15 days the family has to comment.
//!
//! Both are about the latest review with an LA decision: the one the caseworker is working on.

use super::compose::{Composed, Meta};
use super::layout::{Column, Layout, Margins};
use super::{long_date, or_none, participant_name, BODY, H1, H2, NOTE, TITLE};
use crate::{EngineError, Result};
use northstar_schema::{AnnualReview, LaDecision, Language, PlanDecision, ReviewDocument, Role};

/// The latest review with a decision, or a plain refusal.
fn decided(doc: &ReviewDocument) -> Result<(&AnnualReview, &LaDecision)> {
    doc.reviews
        .iter()
        .rev()
        .find_map(|r| r.la_decision.as_ref().map(|d| (r, d)))
        .ok_or_else(|| {
            EngineError::Refused(
                "no LA decision has been recorded for this plan yet: record it first".into(),
            )
        })
}

/// Who the letter is addressed to: the young person past compulsory school age decides for
/// themselves (Code 8.13); otherwise the parents.
fn addressee(doc: &ReviewDocument) -> String {
    let yp_decides = northstar_schema::calendar::Calendar::for_document(doc, crate::store::today())
        .flags
        .young_person_decides;
    let wanted = if yp_decides {
        Role::YoungPerson
    } else {
        Role::ParentCarer
    };
    let names: Vec<&str> = doc
        .participants
        .iter()
        .filter(|p| p.role == wanted && !p.removed)
        .map(|p| p.name.trim())
        .collect();
    if names.is_empty() {
        if yp_decides {
            doc.young_person.display_name()
        } else {
            "Parent or carer".into()
        }
    } else {
        names.join(" and ")
    }
}

fn la_name(doc: &ReviewDocument) -> String {
    doc.young_person
        .setting
        .local_authority
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "The local authority".into())
}

fn letter_head(l: &mut Layout, doc: &ReviewDocument, title: &str, dated: &str) {
    l.paragraph(&la_name(doc), NOTE);
    l.paragraph(title, TITLE);
    l.paragraph(&doc.young_person.display_name(), H1);
    l.space(4.0);
    l.labelled("To", &addressee(doc), BODY);
    l.labelled("Date", dated, BODY);
    l.labelled(
        "Date of birth",
        &long_date(doc.young_person.date_of_birth),
        BODY,
    );
    l.space(6.0);
}

fn appeal_rights(l: &mut Layout) {
    l.heading("If you disagree", H2, BODY.line_height() * 3.0);
    l.paragraph(
        "You have the right to appeal to the First-tier Tribunal (Special Educational Needs \
         and Disability). You must appeal within 2 months of the date of this letter, or within \
         1 month of the date of a mediation certificate, whichever is later.",
        BODY,
    );
    l.paragraph(
        "Before you appeal you must contact a mediation adviser about whether you want to try \
         mediation (unless your appeal is only about the school or placement named). You can \
         ask for mediation, and the local authority must arrange it within 30 days. Free, \
         impartial information, advice and support is available from your local SEND \
         information, advice and support service (SENDIASS).",
        BODY,
    );
}

/// "Yours sincerely", the caseworker who decided (or the team) and the local authority.
fn sign_off(l: &mut Layout, doc: &ReviewDocument, decision: &LaDecision) {
    l.space(10.0);
    l.paragraph("Yours sincerely,", BODY);
    l.space(4.0);
    l.paragraph(
        decision
            .decided_by
            .as_deref()
            .unwrap_or("SEN casework team"),
        BODY,
    );
    l.paragraph(&la_name(doc), NOTE);
}

fn meta(doc: &ReviewDocument, title: &str, subject: &str) -> Meta {
    let name = doc.young_person.display_name();
    Meta {
        title: format!("{title} for {name}"),
        author: la_name(doc),
        subject: subject.into(),
        language: "en-GB",
        header_left: name,
        header_right: title.into(),
        footer_left: la_name(doc),
        watermark: None,
    }
}

/// The decision letter: maintain, amend or cease, with reasons and appeal rights.
pub fn decision_letter(
    doc: &ReviewDocument,
    print: super::Print,
    language: Language,
) -> Result<Composed> {
    let (review, decision) = decided(doc)?;
    let mut l = Layout::new(Margins::DOCUMENT).in_large_print(print.large());
    letter_head(
        &mut l,
        doc,
        "Decision after the annual review",
        &long_date(decision.decided_on),
    );
    let first = super::first_name(doc);
    l.paragraph(
        &format!(
            "We have considered the report of {first}’s annual review meeting held on {} and \
             the advice and information gathered for it.",
            long_date(review.meeting_date)
        ),
        BODY,
    );
    l.heading("Our decision", H2, BODY.line_height() * 2.0);
    let what = match decision.decision {
        PlanDecision::Maintain => format!(
            "We will keep {first}’s Education, Health and Care plan as it is, without changes."
        ),
        PlanDecision::Amend => format!(
            "We propose to amend {first}’s Education, Health and Care plan. A notice of the \
             proposed amendments, with the evidence for them, comes with this letter or will \
             follow it. You will have at least 15 days to comment and to ask for a particular \
             school or college to be named. We will issue the amended plan within 8 weeks of \
             that notice."
        ),
        PlanDecision::Cease => format!(
            "We propose to stop maintaining {first}’s Education, Health and Care plan. We will \
             keep maintaining it while any appeal is decided."
        ),
    };
    l.paragraph(&what, BODY);
    l.heading("Our reasons", H2, BODY.line_height() * 2.0);
    l.paragraph(
        &or_none(decision.reasons.as_str(), "No reasons were recorded."),
        BODY,
    );
    appeal_rights(&mut l);
    sign_off(&mut l, doc, decision);
    if language != Language::English {
        in_family_language(&mut l, doc, decision, language);
    }
    Ok(Composed {
        layout: l,
        meta: meta(
            doc,
            "Decision letter",
            "LA decision after an EHCP annual review",
        ),
        with_header: true,
    })
}

/// A page after the English letter, in the family's language: what the decision means, the
/// last day to appeal, mediation, and how to get help reading the letter. The English letter
/// stays the official one and this page says so.
fn in_family_language(
    l: &mut Layout,
    doc: &ReviewDocument,
    decision: &LaDecision,
    language: Language,
) {
    let words = super::words::decision(language);
    let first = super::first_name(doc);
    // Two months from the letter (reg 43; the mediation route can extend it).
    let last_day = decision
        .decided_on
        .and_then(|d| d.naive().checked_add_months(chrono::Months::new(2)))
        .map(|d| d.format("%-d %B %Y").to_string())
        .unwrap_or_else(|| "two months after the date of this letter".into());
    let fill = |text: &str| super::words::fill(text, &first, &last_day);
    l.new_page();
    l.in_language(Some(language.code()));
    l.heading(words.heading, H1, BODY.line_height() * 3.0);
    l.paragraph(&fill(words.about), BODY);
    l.space(4.0);
    let what = match decision.decision {
        PlanDecision::Maintain => words.maintain,
        PlanDecision::Amend => words.amend,
        PlanDecision::Cease => words.cease,
    };
    l.paragraph(what, BODY.bold());
    l.space(4.0);
    for text in [
        words.appeal,
        words.mediation,
        words.help,
        words.english_is_official,
    ] {
        l.paragraph(&fill(text), BODY);
        l.space(4.0);
    }
    l.in_language(None);
}

/// The notice of proposed amendments: each change with its evidence, and the 15 days.
pub fn amendment_notice(doc: &ReviewDocument, print: super::Print) -> Result<Composed> {
    let (review, decision) = decided(doc)?;
    let notice = decision.amendment_notice_on.ok_or_else(|| {
        EngineError::Refused(
            "no notice of proposed amendments has been recorded for this review yet".into(),
        )
    })?;
    let end = notice
        .0
        .checked_add_days(chrono::Days::new(15))
        .map(northstar_schema::Date);
    let final_by = notice
        .0
        .checked_add_days(chrono::Days::new(56))
        .map(northstar_schema::Date);
    let mut l = Layout::new(Margins::DOCUMENT).in_large_print(print.large());
    letter_head(
        &mut l,
        doc,
        "Notice of proposed amendments",
        &long_date(Some(notice)),
    );
    let first = super::first_name(doc);
    l.paragraph(
        &format!(
            "Following {first}’s annual review on {} we propose to amend the Education, Health \
             and Care plan as set out below. A copy of the current plan comes with this notice.",
            long_date(review.meeting_date)
        ),
        BODY,
    );
    l.heading("Your right to comment", H2, BODY.line_height() * 3.0);
    l.paragraph(
        &format!(
            "You have until {} (15 days from this notice) to tell us what you think of these \
             changes, and to ask for a particular school, college or other institution to be \
             named in the plan. You can also ask to meet us. We will issue the amended plan by \
             {} at the latest.",
            long_date(end),
            long_date(final_by)
        ),
        BODY,
    );
    l.heading("The proposed amendments", H2, BODY.line_height() * 3.0);
    let proposed: Vec<_> = review.agreed_amendments().collect();
    if proposed.is_empty() {
        l.paragraph("No amendments are listed.", BODY);
    }
    let columns = [
        Column {
            title: "Section",
            weight: 0.8,
        },
        Column {
            title: "The plan says now",
            weight: 2.0,
        },
        Column {
            title: "We propose",
            weight: 2.0,
        },
        Column {
            title: "Evidence",
            weight: 1.6,
        },
    ];
    let rows: Vec<Vec<String>> = proposed
        .iter()
        .map(|a| {
            let (now, then) = a.wording();
            vec![
                a.section.label().to_string(),
                or_none(&now, "-"),
                or_none(&then, "-"),
                or_none(
                    a.evidence.as_str(),
                    &or_none(a.reason.as_str(), "See the review report"),
                ),
            ]
        })
        .collect();
    if !rows.is_empty() {
        l.table(&columns, &rows, BODY);
    }
    l.space(6.0);
    let proposer_note = proposed
        .iter()
        .filter_map(|a| a.author_id.as_deref())
        .map(|id| participant_name(doc, Some(id)))
        .collect::<Vec<_>>();
    if !proposer_note.is_empty() {
        l.paragraph(
            &format!(
                "Proposed at the review by: {}.",
                dedup(proposer_note).join(", ")
            ),
            NOTE,
        );
    }
    sign_off(&mut l, doc, decision);
    Ok(Composed {
        layout: l,
        meta: meta(
            doc,
            "Notice of proposed amendments",
            "Notice of proposed amendments to an EHC plan (SEND Regulations 2014 reg 22)",
        ),
        with_header: true,
    })
}

fn dedup(mut names: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    names.retain(|n| {
        let fresh = !seen.contains(n);
        seen.push(n.clone());
        fresh
    });
    names
}
