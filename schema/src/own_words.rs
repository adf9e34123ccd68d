//! Carrying the young person's own words from their own space into Section A.
//!
//! What a young person writes, picks or records in their own space is a [`Contribution`], kept
//! apart from the plan and attributed to them. Section A is where the plan holds their views
//! and aspirations. The adult places a contribution there *as their own words*: an aspiration
//! keeps a link back to the contribution (and so to its author and date), which is what lets an
//! outcome in Section E point back to it (the golden thread). Views are prose, so a placed
//! contribution is added to them as its own paragraph.
//!
//! Inspections keep finding aspirations that were gathered and then never reached the plan;
//! [`waiting`] lists what has not been placed yet, and the quality check says so too.
//!
//! ```
//! use northstar_schema::own_words::{place, waiting, SectionAPart};
//! use northstar_schema::{edit::ReviewEdit, Contribution, ContributionKind, ReviewDocument};
//! let mut doc = ReviewDocument::default();
//! doc.voice.push(Contribution {
//!     id: "c1".into(),
//!     kind: ContributionKind::Aspiration,
//!     text: "I want to work with animals".into(),
//!     ..Default::default()
//! });
//! assert_eq!(waiting(&doc).len(), 1);
//! let edit = place(&doc, "c1", SectionAPart::Aspirations).unwrap();
//! edit.apply(&mut doc, &mut || "a1".into()).unwrap();
//! assert_eq!(doc.plan.section_a.aspirations[0].contribution_id.as_deref(), Some("c1"));
//! assert!(waiting(&doc).is_empty());
//! ```

use crate::edit::{ReviewEdit, ViewsField};
use crate::{Aspiration, Contribution, ReviewDocument};

/// Where in Section A a contribution goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionAPart {
    /// "The young person's views": added as a paragraph of its own.
    Views,
    /// One more aspiration, linked back to the contribution.
    Aspirations,
}

/// Why a contribution cannot be placed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceError {
    #[error("that contribution is no longer in the review")]
    NotFound,
    #[error("that contribution has no words to place; describe the drawing or recording first")]
    NoWords,
    #[error("that contribution is already in Section A")]
    AlreadyPlaced,
}

/// Whether `c` is already in Section A: an aspiration links to it, or the views hold its words
/// (as a paragraph of their own, or quoted within one when they are long enough not to turn
/// up by chance: "Yes" is in many views, a sentence of theirs is not).
pub fn is_placed(doc: &ReviewDocument, c: &Contribution) -> bool {
    let a = &doc.plan.section_a;
    let words = c.text.as_str().trim();
    let views = a.young_person_views.as_str();
    let in_views = !words.is_empty()
        && (views.split("\n\n").any(|p| p.trim() == words)
            || (words.chars().count() >= 20 && views.contains(words)));
    in_views
        || a.aspirations
            .iter()
            .any(|x| x.contribution_id.as_deref() == Some(c.id.as_str()))
}

/// The contributions with words that are not in Section A yet, in the order they were made.
pub fn waiting(doc: &ReviewDocument) -> Vec<&Contribution> {
    doc.voice
        .iter()
        .filter(|c| !c.text.is_blank() && !is_placed(doc, c))
        .collect()
}

/// What the young person drew, recorded or picked pictures for without writing any words: an
/// adult listens or looks, and writes down what they said or meant ([`write_down`]) before
/// it can be placed. Without this, a voice note would never reach the plan.
pub fn without_words(doc: &ReviewDocument) -> Vec<&Contribution> {
    doc.voice
        .iter()
        .filter(|c| c.text.is_blank() && (!c.attachments.is_empty() || !c.symbols.is_empty()))
        .collect()
}

/// The edit that writes down, for contribution `id`, the words the young person said in a
/// recording or meant by a drawing. Their pictures and recordings stay with it, unchanged.
pub fn write_down(doc: &ReviewDocument, id: &str, words: &str) -> Result<ReviewEdit, PlaceError> {
    let c = doc
        .voice
        .iter()
        .find(|c| c.id == id)
        .ok_or(PlaceError::NotFound)?;
    let mut contribution = c.clone();
    contribution.text = words.trim().into();
    Ok(ReviewEdit::UpsertContribution { contribution })
}

/// The edit that places contribution `id` in `part` of Section A, in the young person's own
/// words (trimmed, never reworded).
pub fn place(doc: &ReviewDocument, id: &str, part: SectionAPart) -> Result<ReviewEdit, PlaceError> {
    let c = doc
        .voice
        .iter()
        .find(|c| c.id == id)
        .ok_or(PlaceError::NotFound)?;
    let words = c.text.as_str().trim();
    if words.is_empty() {
        return Err(PlaceError::NoWords);
    }
    if is_placed(doc, c) {
        return Err(PlaceError::AlreadyPlaced);
    }
    Ok(match part {
        SectionAPart::Aspirations => ReviewEdit::UpsertAspiration {
            aspiration: Aspiration {
                id: String::new(),
                text: words.into(),
                contribution_id: Some(c.id.clone()),
            },
        },
        SectionAPart::Views => {
            let before = doc.plan.section_a.young_person_views.as_str().trim_end();
            let text = match before.is_empty() {
                true => words.to_string(),
                false => format!("{before}\n\n{words}"),
            };
            ReviewEdit::SetViews {
                field: ViewsField::YoungPerson,
                text,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContributionKind;

    #[test]
    fn a_voice_note_without_words_waits_to_be_written_down_then_to_be_placed() {
        let mut doc = ReviewDocument::default();
        doc.voice.push(Contribution {
            id: "v1".into(),
            kind: ContributionKind::Aspiration,
            attachments: vec![crate::Attachment {
                sha256: "ab".into(),
                kind: crate::AttachmentKind::VoiceNote,
                media_type: "audio/wav".into(),
                byte_len: 10,
                caption: None,
            }],
            ..Default::default()
        });
        doc.voice.push(Contribution {
            id: "empty".into(),
            ..Default::default()
        });
        assert_eq!(
            without_words(&doc)
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>(),
            ["v1"],
            "an empty contribution is nothing to write down"
        );
        assert!(waiting(&doc).is_empty());
        let edit = write_down(&doc, "v1", "  I want to be a vet  ").unwrap();
        edit.apply(&mut doc, &mut || "x".into()).unwrap();
        assert!(without_words(&doc).is_empty());
        assert_eq!(doc.voice[0].text.as_str(), "I want to be a vet");
        assert_eq!(
            doc.voice[0].attachments.len(),
            1,
            "the recording stays with it"
        );
        assert_eq!(waiting(&doc).len(), 1);
        assert_eq!(write_down(&doc, "gone", "x"), Err(PlaceError::NotFound));
    }

    fn doc_with(text: &str) -> ReviewDocument {
        let mut doc = ReviewDocument::default();
        doc.voice.push(Contribution {
            id: "c1".into(),
            kind: ContributionKind::ImportantToMe,
            text: text.into(),
            ..Default::default()
        });
        doc
    }

    #[test]
    fn views_gain_a_paragraph_in_the_young_persons_words() {
        let mut doc = doc_with("  My dog Biscuit matters most  ");
        doc.plan.section_a.young_person_views = "I like maths.".into();
        place(&doc, "c1", SectionAPart::Views)
            .unwrap()
            .apply(&mut doc, &mut || "a1".into())
            .unwrap();
        assert_eq!(
            doc.plan.section_a.young_person_views.as_str(),
            "I like maths.\n\nMy dog Biscuit matters most"
        );
        assert!(waiting(&doc).is_empty());
        assert_eq!(
            place(&doc, "c1", SectionAPart::Aspirations),
            Err(PlaceError::AlreadyPlaced)
        );
    }

    #[test]
    fn the_quality_check_notices_an_aspiration_left_out_of_section_a() {
        let mut doc = doc_with("I want to be a vet");
        doc.voice[0].kind = ContributionKind::Aspiration;
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let rule = crate::quality::Rule::AspirationNotInPlan;
        let found: Vec<_> = crate::quality::check(&doc, today)
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect();
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("I want to be a vet"));
        place(&doc, "c1", SectionAPart::Aspirations)
            .unwrap()
            .apply(&mut doc, &mut || "a1".into())
            .unwrap();
        assert!(crate::quality::check(&doc, today)
            .iter()
            .all(|f| f.rule != rule));
    }

    #[test]
    fn a_short_word_in_the_views_by_chance_does_not_count_as_placed() {
        let mut doc = doc_with("Yes");
        doc.plan.section_a.young_person_views = "Yesterday I said Yes to the trip.".into();
        assert_eq!(waiting(&doc).len(), 1);
        doc.plan.section_a.young_person_views = "I like maths.\n\nYes".into();
        assert!(waiting(&doc).is_empty());
    }

    #[test]
    fn a_contribution_without_words_or_gone_is_refused_in_plain_words() {
        let doc = doc_with("   ");
        assert!(waiting(&doc).is_empty());
        assert_eq!(
            place(&doc, "c1", SectionAPart::Views),
            Err(PlaceError::NoWords)
        );
        assert_eq!(
            place(&doc, "gone", SectionAPart::Views),
            Err(PlaceError::NotFound)
        );
    }
}
