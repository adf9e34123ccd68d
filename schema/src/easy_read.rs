//! Easy read for the young person's space and their one-page profile: short sentences, one
//! question at a time, a picture beside each heading.
//!
//! The wording lives here, not in the window, so the screen, the easy-read profile PDF and
//! read-aloud all say the same thing. [`preferred`] decides whether a young person's space
//! opens in easy read: it does when their communication needs ask for easy read or symbols
//! (an adult can still switch it off, and anyone can switch it on).
//!
//! ```
//! use northstar_schema::easy_read::{preferred, question};
//! use northstar_schema::{ContributionKind, InformationFormat, ReviewDocument};
//! let mut doc = ReviewDocument::default();
//! assert!(!preferred(&doc));
//! doc.young_person.communication.formats.push(InformationFormat::Symbols);
//! assert!(preferred(&doc));
//! let q = question(ContributionKind::Aspiration);
//! assert_eq!(q.heading, "When I am older");
//! assert!(q.spoken().starts_with("When I am older."));
//! ```

use crate::{ContributionKind, InformationFormat, ReviewDocument};

/// One question of the easy-read space, in the young person's own voice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    pub kind: ContributionKind,
    /// A heading of a few words.
    pub heading: &'static str,
    /// The question itself: short sentences, everyday words.
    pub prompt: &'static str,
    /// The symbol shown beside the heading (an id of [`crate::symbols::SYMBOLS`]).
    pub symbol: &'static str,
}

impl Question {
    /// What the read-aloud button says: the heading, then the question.
    pub fn spoken(&self) -> String {
        format!("{}. {}", self.heading, self.prompt)
    }
}

/// The easy-read questions, in the order the space asks them.
pub const QUESTIONS: [Question; 4] = [
    Question {
        kind: ContributionKind::WhatILike,
        heading: "Things I like",
        prompt: "What do you like doing? Who do you like being with?",
        symbol: "happy",
    },
    Question {
        kind: ContributionKind::ImportantToMe,
        heading: "Important to me",
        prompt: "What matters to you? Tell us about the people, places and things you care about.",
        symbol: "heart",
    },
    Question {
        kind: ContributionKind::Aspiration,
        heading: "When I am older",
        prompt: "What would you like to do when you are older? Where would you like to live? What job would you like?",
        symbol: "star",
    },
    Question {
        kind: ContributionKind::HowToHelpMe,
        heading: "How to help me",
        prompt: "What helps you? What does not help?",
        symbol: "helping-hand",
    },
];

/// The easy-read question for one heading of the space.
pub fn question(kind: ContributionKind) -> Question {
    QUESTIONS
        .into_iter()
        .find(|q| q.kind == kind)
        .unwrap_or(QUESTIONS[0])
}

/// Whether the young person's communication needs ask for easy read or symbols.
pub fn preferred(doc: &ReviewDocument) -> bool {
    doc.young_person
        .communication
        .formats
        .iter()
        .any(|f| matches!(f, InformationFormat::EasyRead | InformationFormat::Symbols))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_heading_of_the_space_has_one_question() {
        for kind in ContributionKind::ALL {
            assert_eq!(question(*kind).kind, *kind);
            assert_eq!(QUESTIONS.iter().filter(|q| q.kind == *kind).count(), 1);
        }
    }

    /// Easy-read guidance: short sentences (about 15 words at most) and short headings.
    #[test]
    fn the_sentences_are_short() {
        for q in QUESTIONS {
            assert!(q.heading.split_whitespace().count() <= 4, "{}", q.heading);
            for sentence in q.prompt.split(['.', '?']).filter(|s| !s.trim().is_empty()) {
                let words = sentence.split_whitespace().count();
                assert!(words <= 15, "{words} words: {sentence}");
            }
        }
    }

    #[test]
    fn only_easy_read_or_symbols_make_it_the_default() {
        let mut doc = ReviewDocument::default();
        for format in [InformationFormat::LargePrint, InformationFormat::Braille] {
            doc.young_person.communication.formats = vec![format];
            assert!(!preferred(&doc), "{format:?}");
        }
        doc.young_person.communication.formats =
            vec![InformationFormat::LargePrint, InformationFormat::EasyRead];
        assert!(preferred(&doc));
    }
}
