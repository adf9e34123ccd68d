//! The one-page profile: what people like and admire about me, what is important to me, and
//! how best to support me. Friendly and in large type, on one page.
//!
//! Long content shrinks the type, down to [`MIN_SIZE`], rather than spilling onto a second
//! page. Text is never cut: if it still does not fit at the smallest size, it continues on
//! page 2 and page 1 says so at the bottom.

use super::compose::{Composed, Meta};
use super::first_name;
use super::fonts::Face;
use super::layout::{Layout, Margins, Mark, Style, ACCENT, INK, MUTED, PAGE_HEIGHT};
use super::words::ProfileWords;
use crate::Result;
use northstar_schema::{ContributionKind, Language, ReviewDocument};

/// Body sizes tried, largest first. 12 pt is the smallest that still reads as large print
/// for most readers; below it the profile stops being friendly, so it flows on instead.
const MAX_SIZE: f32 = 18.0;
pub const MIN_SIZE: f32 = 12.0;

const MARGINS: Margins = Margins {
    top: 48.0,
    bottom: 56.0,
    left: 52.0,
    right: 52.0,
};

struct Panel {
    title: &'static str,
    items: Vec<String>,
}

/// The profile in `language`: its headings and fixed words translated (machine-assisted,
/// see `words.rs`), what people said printed as they said it.
pub fn compose(doc: &ReviewDocument, print: super::Print, language: Language) -> Result<Composed> {
    let first = first_name(doc);
    let words = super::words::profile(language);
    let panels = panels(doc, &words);
    // Large print never shrinks below 18 pt: it flows onto a second page instead.
    let (max, min) = match print {
        super::Print::Standard => (MAX_SIZE, MIN_SIZE),
        super::Print::Large => (22.0, super::layout::LARGE_BODY),
    };
    let mut size = max;
    let layout = loop {
        let l = lay_out(doc, &first, &panels, &words, language.rtl(), size, min);
        if l.pages.len() == 1 || size <= min {
            break l;
        }
        size = (size - 0.5).max(min);
    };
    let mut layout = layout;
    // The profile sets its own sizes; the flag only enlarges the running footer to match.
    layout.large_print = print.large();
    if layout.pages.len() > 1 {
        let note = Style::new(Face::Bold, if print.large() { min } else { 10.0 }, MUTED);
        let tag = layout.tag(super::layout::Role::P);
        layout.pages[0].push(Mark::Text {
            x: MARGINS.left,
            y: PAGE_HEIGHT - MARGINS.bottom + 14.0,
            style: note,
            text: words.continues.into(),
            tag,
        });
    }
    let name = doc.young_person.display_name();
    let title = super::words::fill(words.title, &first, "");
    let meta = Meta {
        title: title.clone(),
        author: name.clone(),
        subject: words.subject.into(),
        language: language.code(),
        header_left: name,
        header_right: String::new(),
        footer_left: title,
        watermark: None,
    };
    Ok(Composed {
        layout,
        meta,
        with_header: false,
    })
}

/// The three headings, filled from the latest review's record and the young person's own
/// contributions (shown in quotation marks, as theirs).
fn panels(doc: &ReviewDocument, words: &ProfileWords) -> [Panel; 3] {
    let record = doc
        .current_review()
        .map(|r| r.record.clone())
        .unwrap_or_default();
    // The meeting often copies the young person's words onto the posters; show them once,
    // as theirs.
    let theirs: std::collections::HashSet<&str> =
        doc.voice.iter().map(|c| c.text.as_str().trim()).collect();
    let texts = |list: &[northstar_schema::Entry]| -> Vec<String> {
        list.iter()
            .map(|e| e.text.as_str().trim())
            .filter(|t| !t.is_empty() && !theirs.contains(t))
            .map(str::to_string)
            .collect()
    };
    let own = |kinds: &[ContributionKind]| -> Vec<String> {
        doc.voice
            .iter()
            .filter(|c| kinds.contains(&c.kind) && !c.text.is_blank())
            .map(|c| format!("“{}”", c.text.as_str().trim()))
            .collect()
    };
    let mut important = own(&[ContributionKind::WhatILike, ContributionKind::ImportantToMe]);
    important.extend(texts(&record.important_to_now));
    important.extend(own(&[ContributionKind::Aspiration]));
    important.extend(texts(&record.important_to_future));
    let mut support = own(&[ContributionKind::HowToHelpMe]);
    support.extend(texts(&record.support_needed));
    [
        Panel {
            title: words.like_and_admire,
            items: texts(&record.like_and_admire),
        },
        Panel {
            title: words.important,
            items: important,
        },
        Panel {
            title: words.support,
            items: support,
        },
    ]
}

/// `floor` is the smallest any text may be (the subtitle is otherwise a little smaller).
fn lay_out(
    doc: &ReviewDocument,
    first: &str,
    panels: &[Panel],
    words: &ProfileWords,
    rtl: bool,
    size: f32,
    floor: f32,
) -> Layout {
    let body = Style::new(Face::Regular, size, INK);
    // 1.1 em keeps the longest heading on one line at the largest size.
    let heading = Style::new(Face::Bold, size * 1.1, ACCENT);
    let mut l = Layout::new(MARGINS);
    l.right_to_left(rtl);
    l.paragraph(
        &super::words::fill(words.heading, first, ""),
        Style::new(Face::Bold, size * 1.8, ACCENT),
    );
    l.paragraph(
        &format!(
            "{} · {}",
            doc.young_person.display_name(),
            doc.young_person
                .year_group_on(crate::store::today())
                .label()
        ),
        Style::new(Face::Regular, (size * 0.8).max(floor.min(size)), MUTED),
    );
    l.space(size * 0.5);
    for panel in panels {
        l.bookmark(panel.title);
        l.heading(panel.title, heading, body.line_height() * 2.0);
        if panel.items.is_empty() {
            l.paragraph(words.empty, body);
        }
        for item in &panel.items {
            l.bullet(item, body);
        }
        l.space(size * 0.4);
    }
    l
}
