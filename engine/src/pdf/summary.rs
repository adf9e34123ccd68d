//! The review summary for the family: one or two pages after the meeting, in the family's
//! language if they wish, saying when the meeting was, who came, what it suggested to the
//! council, what happens next with its dates, and what people agreed to do.
//!
//! The school's report stays the statutory record, in English; this is a reading aid, so
//! it is made in the family's language alone. Its fixed words are in `words.rs`
//! (machine-assisted); what people wrote (the actions) is printed as written.

use super::compose::{Composed, Meta};
use super::layout::{Layout, Margins};
use super::words::{self, SummaryWords};
use super::{first_name, long_date, BODY, H1, NOTE, TITLE};
use crate::{EngineError, Result};
use northstar_schema::{AttendanceStatus, Language, PlanDecision, ReviewDocument};

pub fn compose(doc: &ReviewDocument, print: super::Print, language: Language) -> Result<Composed> {
    let review = doc
        .current_review()
        .filter(|r| r.meeting_date.is_some())
        .ok_or_else(|| {
            EngineError::Refused(
                "there is no review meeting recorded yet, so there is nothing to summarise".into(),
            )
        })?;
    let w: SummaryWords = words::summary(language);
    let first = first_name(doc);
    let meeting = review.meeting_date;
    let fill = |text: &str, date: Option<northstar_schema::Date>| {
        words::fill(text, &first, &long_date(date))
    };
    let after = |days: u64| {
        meeting.and_then(|d| {
            d.naive()
                .checked_add_days(chrono::Days::new(days))
                .map(northstar_schema::Date)
        })
    };

    let mut l = Layout::new(Margins::DOCUMENT).in_large_print(print.large());
    l.right_to_left(language.rtl());
    l.heading(&fill(w.title, None), TITLE, BODY.line_height() * 3.0);
    l.paragraph(&fill(w.intro, None), BODY);
    l.space(4.0);
    l.paragraph(&fill(w.meeting_on, meeting), BODY.bold());

    let came: Vec<String> = review
        .attendance
        .iter()
        .filter(|a| a.status == AttendanceStatus::Attended)
        .filter_map(|a| doc.participants.iter().find(|p| p.id == a.participant_id))
        .map(|p| p.name.clone())
        .collect();
    if !came.is_empty() {
        l.heading(w.who_came, H1, BODY.line_height() * 2.0);
        for name in &came {
            l.bullet(name, BODY);
        }
    }

    l.heading(w.suggested, H1, BODY.line_height() * 2.0);
    let suggested = match review.recommendation.as_ref().map(|r| r.decision) {
        Some(PlanDecision::Maintain) => w.keep,
        Some(PlanDecision::Amend) => w.change,
        Some(PlanDecision::Cease) => w.stop,
        None => w.not_yet,
    };
    l.paragraph(suggested, BODY);

    l.heading(w.next, H1, BODY.line_height() * 2.0);
    // The school's report within 2 weeks of the meeting, the LA's decision within 4
    // (reg 20(8), 20(10)).
    l.bullet(&fill(w.report_by, after(14)), BODY);
    l.bullet(&fill(w.decision_by, after(28)), BODY);

    l.heading(w.actions, H1, BODY.line_height() * 2.0);
    let open: Vec<_> = review
        .actions
        .iter()
        .filter(|a| !a.done && !a.what.is_blank())
        .collect();
    if open.is_empty() {
        l.paragraph(w.no_actions, BODY);
    }
    // People's words keep their own direction inside a right-to-left page (an English
    // action stays one English sentence).
    let own = |s: &str| {
        if language.rtl() {
            format!("\u{2068}{s}\u{2069}")
        } else {
            s.to_string()
        }
    };
    for action in open {
        let mut line = own(action.what.as_str().trim());
        let who = own(action.owner.trim());
        let who = who.as_str();
        let by = action.due.map(|d| fill(w.by, Some(d)));
        let tail: Vec<String> = [
            (!action.owner.trim().is_empty()).then(|| who.to_string()),
            by,
        ]
        .into_iter()
        .flatten()
        .collect();
        if !tail.is_empty() {
            line.push_str(&format!(" ({})", tail.join(", ")));
        }
        l.bullet(&line, BODY);
    }
    l.space(8.0);
    l.paragraph(w.ask, NOTE);

    let name = doc.young_person.display_name();
    let title = fill(w.title, None);
    Ok(Composed {
        layout: l,
        meta: Meta {
            title: title.clone(),
            author: doc.young_person.setting.name.clone(),
            subject: w.subject.into(),
            language: language.code(),
            header_left: name,
            header_right: String::new(),
            footer_left: title,
            watermark: None,
        },
        with_header: true,
    })
}
