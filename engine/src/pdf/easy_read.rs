//! The one-page profile in easy read: large type (18 pt, nothing under 16 pt but the page
//! footer), short headings each with a picture beside it, and under each heading the young
//! person's own words in quotation marks with the symbols they chose (each with its word) and
//! their drawings and photos; then what others wrote at the meeting.
//!
//! The headings and their pictures are the easy-read space's own
//! (`northstar_schema::easy_read`), so the screen and the PDF say the same thing. Pictures do
//! not shrink to fit, so a full profile runs onto a second page rather than getting smaller;
//! every page carries the child's name, and the footer credits the symbols (their licence
//! asks it). A drawing that is not on this computer, cannot be decoded or is a JPEG (no JPEG
//! decoder is built in) is named in a note instead.

use super::compose::{Composed, Meta};
use super::first_name;
use super::fonts::Face;
use super::layout::{Figure, Layout, Margins, Style, ACCENT, INK, MUTED};
use super::picture::{is_jpeg, is_png, Picture};
use super::symbols::{self, CREDIT};
use super::Attachments;
use crate::Result;
use northstar_schema::easy_read::question;
use northstar_schema::symbols::Symbol;
use northstar_schema::{
    Attachment, AttachmentKind, Contribution, ContributionKind, Entry, ReviewDocument,
};
use std::collections::HashSet;

/// Body text: well above the 14 pt easy-read guides ask for.
pub const BODY_SIZE: f32 = 18.0;
const BODY: Style = Style::new(Face::Regular, BODY_SIZE, INK);
/// Words under pictures and notes: the smallest type in the profile.
pub const SMALL_SIZE: f32 = 16.0;
const CAPTION: Style = Style::new(Face::Regular, SMALL_SIZE, INK);
const NOTE: Style = Style::new(Face::Regular, SMALL_SIZE, MUTED);
const HEADING: Style = Style::new(Face::Bold, 24.0, ACCENT);
const TITLE: Style = Style::new(Face::Bold, 32.0, ACCENT);

/// How big pictures are drawn: heading pictures, chosen symbols, drawings and photos.
const HEADING_PICTURE: f32 = 52.0;
const SYMBOL: f32 = 48.0;
const DRAWING: f32 = 190.0;

const MARGINS: Margins = Margins {
    top: 64.0,
    bottom: 60.0,
    left: 56.0,
    right: 56.0,
};

/// One heading of the profile: its words, its picture, the young person's contributions of
/// these kinds, and what others recorded under it.
struct Part<'a> {
    heading: &'a str,
    symbol: &'a str,
    own: Vec<&'a Contribution>,
    others: Vec<String>,
}

pub fn compose(doc: &ReviewDocument, attachments: Attachments) -> Result<Composed> {
    let first = first_name(doc);
    let mut l = Layout::new(MARGINS);
    if let Some(me) = figure("me", "") {
        l.heading_with_picture(me, &format!("All about {first}"), TITLE, 64.0, 0.0);
    } else {
        l.heading(&format!("All about {first}"), TITLE, 0.0);
    }
    l.paragraph(
        "This is my profile. It says what I like, what matters to me, and how to help me.",
        BODY,
    );
    l.space(BODY_SIZE * 0.5);
    for part in parts(doc) {
        l.bookmark(part.heading);
        let heading = figure(part.symbol, part.heading);
        match heading {
            Some(picture) => l.heading_with_picture(
                picture,
                part.heading,
                HEADING,
                HEADING_PICTURE,
                BODY.line_height() * 2.0,
            ),
            None => l.heading(part.heading, HEADING, BODY.line_height() * 2.0),
        }
        if part.own.is_empty() && part.others.is_empty() {
            l.paragraph("We will fill this in together.", BODY);
        }
        for c in &part.own {
            contribution(&mut l, c, &first, attachments);
        }
        for words in &part.others {
            l.bullet(words, BODY);
        }
        l.space(BODY_SIZE * 0.6);
    }
    let name = doc.young_person.display_name();
    let meta = Meta {
        title: format!("{first}’s one-page profile (easy read)"),
        author: name.clone(),
        subject: "One-page profile in easy read".into(),
        language: "en-GB",
        header_left: name,
        header_right: "My profile".into(),
        footer_left: CREDIT.into(),
        watermark: None,
    };
    Ok(Composed {
        layout: l,
        meta,
        with_header: true,
    })
}

/// A symbol's picture with its word as alt text and (unless `heading` says it already) as
/// its caption.
fn figure(id: &str, heading: &str) -> Option<Figure> {
    let s = Symbol::by_id(id)?;
    Some(Figure {
        picture: symbols::picture(s.id)?,
        alt: s.word.to_string(),
        caption: heading.is_empty().then(|| s.word.to_string()),
        framed: false,
    })
}

/// The headings in order, filled from the young person's contributions and the latest
/// review's record. Words the meeting copied from the young person are shown once, as theirs.
fn parts(doc: &ReviewDocument) -> Vec<Part<'_>> {
    let record = doc.current_review().map(|r| &r.record);
    let theirs: HashSet<&str> = doc.voice.iter().map(|c| c.text.as_str().trim()).collect();
    let others = |pick: fn(&northstar_schema::PersonCentredRecord) -> &Vec<Entry>| -> Vec<String> {
        record
            .map(|r| {
                pick(r)
                    .iter()
                    .map(|e| e.text.as_str().trim())
                    .filter(|t| !t.is_empty() && !theirs.contains(t))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let own = |kind: ContributionKind| -> Vec<&Contribution> {
        doc.voice
            .iter()
            .filter(|c| {
                c.kind == kind
                    && (!c.text.is_blank() || !c.symbols.is_empty() || !c.attachments.is_empty())
            })
            .collect()
    };
    let mine = |kind: ContributionKind, others: Vec<String>| {
        let q = question(kind);
        Part {
            heading: q.heading,
            symbol: q.symbol,
            own: own(kind),
            others,
        }
    };
    vec![
        mine(ContributionKind::WhatILike, Vec::new()),
        Part {
            heading: "What people like about me",
            symbol: "like",
            own: Vec::new(),
            others: others(|r| &r.like_and_admire),
        },
        mine(
            ContributionKind::ImportantToMe,
            others(|r| &r.important_to_now),
        ),
        mine(
            ContributionKind::Aspiration,
            others(|r| &r.important_to_future),
        ),
        mine(ContributionKind::HowToHelpMe, others(|r| &r.support_needed)),
    ]
}

/// One of the young person's contributions: their words in quotation marks, the symbols they
/// chose (each with its word), then their drawings and photos, or a note for each that cannot
/// be shown.
fn contribution(l: &mut Layout, c: &Contribution, first: &str, attachments: Attachments) {
    let indent = BODY_SIZE * 1.2;
    let text = c.text.as_str().trim();
    if !text.is_empty() {
        l.bullet(&format!("“{text}”"), BODY);
    } else {
        l.bullet(&format!("{first} chose these pictures."), BODY);
    }
    let mut seen = HashSet::new();
    let chosen: Vec<Figure> = c
        .symbols
        .iter()
        .filter_map(|s| Symbol::find(s))
        .filter(|s| seen.insert(s.id))
        .filter_map(|s| figure(s.id, ""))
        .collect();
    if !chosen.is_empty() {
        l.space(4.0);
        l.figures(&chosen, SYMBOL, CAPTION, indent);
    }
    let mut shown = Vec::new();
    for a in &c.attachments {
        match picture_of(a, attachments) {
            Ok(Some(f)) => shown.push(f),
            Ok(None) => {}
            Err(note) => l.indented(&note, NOTE, indent),
        }
    }
    if !shown.is_empty() {
        l.space(4.0);
        l.figures(&shown, DRAWING, CAPTION, indent);
    }
    l.space(BODY_SIZE * 0.3);
}

/// A drawing or photo as a figure; `Ok(None)` for attachments that are not pictures (documents),
/// and a note in words for any picture that cannot be shown.
fn picture_of(
    a: &Attachment,
    attachments: Attachments,
) -> std::result::Result<Option<Figure>, String> {
    let what = match a.kind {
        AttachmentKind::Drawing => "drawing",
        AttachmentKind::Photo => "photo",
        AttachmentKind::VoiceNote => {
            return Err("(A voice note. Listen to it in Northstar.)".into());
        }
        AttachmentKind::Document => return Ok(None),
    };
    let given = a
        .caption
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let Some(bytes) = attachments(&a.sha256) else {
        return Err(format!("(A {what} that is not on this computer yet.)"));
    };
    if is_jpeg(&bytes) || !is_png(&bytes) && a.media_type != "image/png" {
        return Err(match given {
            Some(c) => format!("(A {what}, “{c}”. It cannot be shown in this PDF.)"),
            None => format!("(A {what}. It cannot be shown in this PDF.)"),
        });
    }
    let caption = given.map_or_else(|| format!("My {what}"), str::to_string);
    match Picture::from_png(format!("attachment:{}", a.sha256), &bytes) {
        Ok(picture) => Ok(Some(Figure {
            picture,
            alt: caption.clone(),
            caption: Some(caption),
            framed: true,
        })),
        Err(_) => Err(format!(
            "(A {what} could not be shown here: the file is damaged.)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::{Mark, PAGE_HEIGHT};

    fn doc_with(contributions: Vec<Contribution>) -> ReviewDocument {
        let mut doc = crate::demo::demo_documents().unwrap().remove(0);
        doc.voice = contributions;
        doc
    }

    fn images(c: &Composed) -> Vec<(String, f32, f32)> {
        c.layout
            .pages
            .iter()
            .flatten()
            .filter_map(|m| match m {
                Mark::Image { image, y, h, .. } => Some((image.key.clone(), *y, *h)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn headings_have_pictures_and_chosen_symbols_show_with_their_words() {
        let doc = doc_with(vec![Contribution {
            id: "c1".into(),
            kind: ContributionKind::WhatILike,
            text: "Football with my brother".into(),
            // An emoji saved before the symbol set, and ids; the old and new form of one
            // picture show it once.
            symbols: vec![
                "⚽".into(),
                "football".into(),
                "brother".into(),
                "🦄".into(),
            ],
            ..Default::default()
        }]);
        let c = compose(&doc, &|_| None).unwrap();
        let keys: Vec<String> = images(&c).into_iter().map(|(k, ..)| k).collect();
        for heading in [
            "symbol:me",
            "symbol:happy",
            "symbol:like",
            "symbol:heart",
            "symbol:star",
            "symbol:helping-hand",
        ] {
            assert!(keys.contains(&heading.to_string()), "{heading}: {keys:?}");
        }
        assert_eq!(keys.iter().filter(|k| *k == "symbol:football").count(), 1);
        assert!(keys.contains(&"symbol:brother".to_string()));
        let words: Vec<&str> = c
            .layout
            .pages
            .iter()
            .flatten()
            .filter_map(|m| match m {
                Mark::Text { text, style, .. } => {
                    assert!(style.size >= SMALL_SIZE, "{text:?} at {} pt", style.size);
                    Some(text.as_str())
                }
                _ => None,
            })
            .collect();
        assert!(words.contains(&"“Football with my brother”"), "{words:?}");
        assert!(words.contains(&"football") && words.contains(&"brother"));
    }

    #[test]
    fn many_drawings_run_onto_more_pages_and_never_off_the_page() {
        let png = {
            let mut out = Vec::new();
            let mut e = png::Encoder::new(&mut out, 640, 400);
            e.set_color(png::ColorType::Rgba);
            e.set_depth(png::BitDepth::Eight);
            e.write_header()
                .unwrap()
                .write_image_data(&vec![128; 640 * 400 * 4])
                .unwrap();
            out
        };
        let attachments: Vec<Attachment> = (0..12)
            .map(|i| Attachment {
                sha256: format!("{i:064x}"),
                kind: AttachmentKind::Drawing,
                media_type: "image/png".into(),
                byte_len: png.len() as u64,
                caption: None,
            })
            .collect();
        let doc = doc_with(vec![Contribution {
            id: "c1".into(),
            kind: ContributionKind::Aspiration,
            text: "I want to be an artist".into(),
            attachments,
            ..Default::default()
        }]);
        let c = compose(&doc, &|_| Some(png.clone())).unwrap();
        let drawn = images(&c);
        assert_eq!(
            drawn
                .iter()
                .filter(|(k, ..)| k.starts_with("attachment:"))
                .count(),
            12
        );
        assert!(c.layout.pages.len() > 2);
        for (key, y, h) in drawn {
            assert!(y >= MARGINS.top - 0.5, "{key} above the top margin");
            assert!(
                y + h <= PAGE_HEIGHT - MARGINS.bottom + 0.5,
                "{key} below the bottom margin"
            );
        }
    }
}
