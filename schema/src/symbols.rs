//! The picture symbols a young person can pick to go with what they say: a closed set of
//! 79 pictures in nine topics, each with the word a screen reader says and the PDF prints.
//!
//! The pictures themselves are OpenMoji's (CC BY-SA 4.0), vendored in `assets/symbols/`
//! (`svg/<id>.svg` for the window, `png/<id>.png` for the PDFs) with their licence and
//! attribution in `assets/symbols/LICENSE.md`. This module is only the table: ids, words,
//! topics and the OpenMoji hexcode each picture came from. A contribution stores the ids
//! chosen (`Contribution::symbols`); contributions saved before this set stored one of 16
//! emoji instead, which [`Symbol::from_legacy`] maps to the same picture, so they still show.
//!
//! ```
//! use northstar_schema::symbols::{Symbol, SymbolTopic, SYMBOLS};
//! let football = Symbol::by_id("football").unwrap();
//! assert_eq!((football.word, football.topic), ("football", SymbolTopic::Activities));
//! assert_eq!(SymbolTopic::Activities.label(), "Activities");
//! // An emoji saved before the set existed shows as the same picture.
//! assert_eq!(Symbol::from_legacy("⚽"), Some(football));
//! assert_eq!(Symbol::find("❤️").map(|s| s.id), Some("heart"));
//! assert!(SymbolTopic::Feelings.symbols().any(|s| s.id == "happy"));
//! assert!(SYMBOLS.len() >= 60);
//! assert_eq!(Symbol::by_id("unicorn"), None);
//! // Tapping a picture: chosen ids (and old emoji) go, others are added.
//! let stored = vec!["⚽".to_string()];
//! assert_eq!(northstar_schema::symbols::toggle(&stored, "football"), Vec::<String>::new());
//! assert_eq!(northstar_schema::symbols::toggle(&stored, "bus"), ["⚽", "bus"]);
//! ```

vocabulary! {
    /// The topics the symbol picker groups its pictures under, in the order it shows them.
    pub enum SymbolTopic default People {
        People => "people", "People";
        Places => "places", "Places";
        Feelings => "feelings", "Feelings";
        Activities => "activities", "Activities";
        Work => "work", "Work";
        Home => "home", "Home";
        Health => "health", "Health";
        Food => "food", "Food and drink";
        Travel => "travel", "Travel";
    }
}

impl SymbolTopic {
    /// This topic's symbols, in the order the picker shows them.
    pub fn symbols(self) -> impl Iterator<Item = &'static Symbol> {
        SYMBOLS.iter().filter(move |s| s.topic == self)
    }
}

/// One picture: its stable id (also its file name), the word said and printed for it, its
/// topic, and the OpenMoji hexcode it was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Symbol {
    /// Short kebab-case English, stored in a contribution: `football`, `helping-hand`.
    pub id: &'static str,
    /// The spoken word: what a screen reader says and what is printed under the picture.
    pub word: &'static str,
    pub topic: SymbolTopic,
    /// The OpenMoji hexcode (the picture's name in the OpenMoji set), for attribution.
    pub openmoji: &'static str,
}

impl Symbol {
    /// The symbol with this id.
    pub fn by_id(id: &str) -> Option<&'static Symbol> {
        SYMBOLS.iter().find(|s| s.id == id)
    }

    /// The symbol for one of the 16 emoji the young person's screen offered before this set;
    /// with or without the emoji variation selector (U+FE0F).
    pub fn from_legacy(emoji: &str) -> Option<&'static Symbol> {
        let bare: String = emoji.trim().chars().filter(|c| *c != '\u{FE0F}').collect();
        LEGACY
            .iter()
            .find(|(e, _)| *e == bare)
            .and_then(|(_, id)| Symbol::by_id(id))
    }

    /// What a contribution stored, read either way: a symbol id, or an emoji saved before
    /// the set existed. `None` for anything else (it is then shown as it was stored).
    pub fn find(stored: &str) -> Option<&'static Symbol> {
        Symbol::by_id(stored).or_else(|| Symbol::from_legacy(stored))
    }
}

/// What a contribution's `symbols` become when the young person taps the symbol `id`: every
/// stored form of it (its id, or the emoji it was saved as before) taken out if it was
/// chosen, or the id added at the end if it was not. Everything else stays as it was.
pub fn toggle(stored: &[String], id: &str) -> Vec<String> {
    let is_it = |s: &String| s == id || Symbol::find(s).is_some_and(|found| found.id == id);
    if stored.iter().any(is_it) {
        stored.iter().filter(|s| !is_it(s)).cloned().collect()
    } else {
        let mut out = stored.to_vec();
        out.push(id.to_string());
        out
    }
}

/// The emoji the young person's screen offered before this set (without U+FE0F), and the
/// symbol each now shows as.
const LEGACY: [(&str, &str); 16] = [
    ("⭐", "star"),
    ("❤", "heart"),
    ("😊", "happy"),
    ("😟", "worried"),
    ("⚽", "football"),
    ("🎨", "art"),
    ("🎵", "music"),
    ("📚", "books"),
    ("🎮", "games"),
    ("🐶", "animals"),
    ("🚌", "bus"),
    ("🍕", "pizza"),
    ("🌳", "outdoors"),
    ("🤝", "friends"),
    ("🏠", "home"),
    ("💼", "work"),
];

const fn sym(
    id: &'static str,
    word: &'static str,
    topic: SymbolTopic,
    openmoji: &'static str,
) -> Symbol {
    Symbol {
        id,
        word,
        topic,
        openmoji,
    }
}

/// Every symbol, grouped by topic in [`SymbolTopic::ALL`]'s order.
pub const SYMBOLS: &[Symbol] = &[
    // People
    sym("me", "me", SymbolTopic::People, "1F64B"),
    sym(
        "family",
        "family",
        SymbolTopic::People,
        "1F468-200D-1F469-200D-1F467-200D-1F466",
    ),
    sym(
        "friends",
        "friends",
        SymbolTopic::People,
        "1F9D1-200D-1F91D-200D-1F9D1",
    ),
    sym("mum", "mum", SymbolTopic::People, "1F469"),
    sym("dad", "dad", SymbolTopic::People, "1F468"),
    sym("brother", "brother", SymbolTopic::People, "1F466"),
    sym("sister", "sister", SymbolTopic::People, "1F467"),
    sym("grandparent", "grandparent", SymbolTopic::People, "1F9D3"),
    sym(
        "teacher",
        "teacher",
        SymbolTopic::People,
        "1F9D1-200D-1F3EB",
    ),
    sym("helping-hand", "help", SymbolTopic::People, "E083"),
    // Places
    sym("school", "school", SymbolTopic::Places, "1F3EB"),
    sym("college", "college", SymbolTopic::Places, "1F393"),
    sym("park", "park", SymbolTopic::Places, "1F6DD"),
    sym("outdoors", "outdoors", SymbolTopic::Places, "1F333"),
    sym("shops", "shops", SymbolTopic::Places, "1F3EA"),
    sym("hospital", "hospital", SymbolTopic::Places, "1F3E5"),
    sym("beach", "beach", SymbolTopic::Places, "1F3D6"),
    // Feelings
    sym("happy", "happy", SymbolTopic::Feelings, "1F60A"),
    sym("sad", "sad", SymbolTopic::Feelings, "1F622"),
    sym("worried", "worried", SymbolTopic::Feelings, "1F61F"),
    sym("angry", "angry", SymbolTopic::Feelings, "1F620"),
    sym("scared", "scared", SymbolTopic::Feelings, "1F628"),
    sym("tired", "tired", SymbolTopic::Feelings, "1F971"),
    sym("calm", "calm", SymbolTopic::Feelings, "1F60C"),
    sym("excited", "excited", SymbolTopic::Feelings, "1F929"),
    sym("confused", "confused", SymbolTopic::Feelings, "1F615"),
    sym("heart", "love", SymbolTopic::Feelings, "2764"),
    sym("star", "star", SymbolTopic::Feelings, "2B50"),
    sym("like", "like", SymbolTopic::Feelings, "1F44D"),
    sym("dislike", "don't like", SymbolTopic::Feelings, "1F44E"),
    // Activities
    sym("football", "football", SymbolTopic::Activities, "26BD"),
    sym("art", "art", SymbolTopic::Activities, "1F3A8"),
    sym("music", "music", SymbolTopic::Activities, "1F3B5"),
    sym("books", "books", SymbolTopic::Activities, "1F4DA"),
    sym("games", "games", SymbolTopic::Activities, "1F3AE"),
    sym("swimming", "swimming", SymbolTopic::Activities, "1F3CA"),
    sym("cycling", "cycling", SymbolTopic::Activities, "1F6B4"),
    sym("dancing", "dancing", SymbolTopic::Activities, "1F483"),
    sym("tv", "TV", SymbolTopic::Activities, "1F4FA"),
    sym("computer", "computer", SymbolTopic::Activities, "1F5A5"),
    sym("animals", "animals", SymbolTopic::Activities, "1F436"),
    sym("walking", "walking", SymbolTopic::Activities, "1F6B6"),
    // Work
    sym("work", "work", SymbolTopic::Work, "1F4BC"),
    sym("office", "office", SymbolTopic::Work, "1F9D1-200D-1F4BC"),
    sym("builder", "builder", SymbolTopic::Work, "1F477"),
    sym("chef", "chef", SymbolTopic::Work, "1F9D1-200D-1F373"),
    sym("farmer", "farmer", SymbolTopic::Work, "1F9D1-200D-1F33E"),
    sym(
        "mechanic",
        "mechanic",
        SymbolTopic::Work,
        "1F9D1-200D-1F527",
    ),
    sym("money", "money", SymbolTopic::Work, "1F4B7"),
    sym("tools", "tools", SymbolTopic::Work, "1F6E0"),
    // Home
    sym("home", "home", SymbolTopic::Home, "1F3E0"),
    sym("bed", "bed", SymbolTopic::Home, "1F6CF"),
    sym("bath", "bath", SymbolTopic::Home, "1F6C1"),
    sym("toilet", "toilet", SymbolTopic::Home, "1F6BD"),
    sym("toothbrush", "brushing teeth", SymbolTopic::Home, "1FAA5"),
    sym("cleaning", "cleaning", SymbolTopic::Home, "1F9F9"),
    sym("clothes", "clothes", SymbolTopic::Home, "1F455"),
    sym("phone", "phone", SymbolTopic::Home, "1F4F1"),
    sym("washing", "washing clothes", SymbolTopic::Home, "E1CF"),
    // Health
    sym(
        "doctor",
        "doctor",
        SymbolTopic::Health,
        "1F9D1-200D-2695-FE0F",
    ),
    sym("medicine", "medicine", SymbolTopic::Health, "1F48A"),
    sym("poorly", "poorly", SymbolTopic::Health, "1F912"),
    sym("hurt", "hurt", SymbolTopic::Health, "1F915"),
    sym("dentist", "dentist", SymbolTopic::Health, "1F9B7"),
    sym("glasses", "glasses", SymbolTopic::Health, "1F453"),
    sym("hearing-aid", "hearing aid", SymbolTopic::Health, "1F9BB"),
    sym(
        "wheelchair",
        "wheelchair",
        SymbolTopic::Health,
        "1F9D1-200D-1F9BD",
    ),
    sym("exercise", "exercise", SymbolTopic::Health, "1F3C3"),
    // Food
    sym("pizza", "pizza", SymbolTopic::Food, "1F355"),
    sym("fruit", "fruit", SymbolTopic::Food, "1F34E"),
    sym("sandwich", "sandwich", SymbolTopic::Food, "1F96A"),
    sym("drink", "drink", SymbolTopic::Food, "1F964"),
    sym("breakfast", "breakfast", SymbolTopic::Food, "1F963"),
    sym("dinner", "dinner", SymbolTopic::Food, "1F37D"),
    sym("cake", "cake", SymbolTopic::Food, "1F370"),
    // Travel
    sym("bus", "bus", SymbolTopic::Travel, "1F68C"),
    sym("train", "train", SymbolTopic::Travel, "1F686"),
    sym("car", "car", SymbolTopic::Travel, "1F697"),
    sym("plane", "plane", SymbolTopic::Travel, "2708"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Vocabulary;
    use std::collections::HashSet;

    #[test]
    fn there_are_at_least_sixty_pictures_and_every_topic_has_some() {
        assert!(SYMBOLS.len() >= 60, "{} symbols", SYMBOLS.len());
        for topic in SymbolTopic::ALL {
            assert!(
                topic.symbols().count() >= 4,
                "{topic:?} has too few symbols to be worth a tab"
            );
        }
        // The topics the issue asks for, by their plain words.
        let labels: Vec<&str> = SymbolTopic::ALL.iter().map(|t| t.label()).collect();
        for wanted in [
            "People",
            "Places",
            "Feelings",
            "Activities",
            "Work",
            "Home",
            "Health",
        ] {
            assert!(labels.contains(&wanted), "no topic {wanted:?}");
        }
    }

    #[test]
    fn ids_are_unique_kebab_case_and_words_are_there() {
        let mut seen = HashSet::new();
        for s in SYMBOLS {
            assert!(seen.insert(s.id), "{} twice", s.id);
            assert!(!s.id.is_empty() && !s.id.starts_with('-') && !s.id.ends_with('-'));
            assert!(!s.id.contains("--"), "{}", s.id);
            assert!(
                s.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                s.id
            );
            assert!(!s.word.trim().is_empty(), "{} has no word", s.id);
            assert_eq!(s.word, s.word.trim());
            assert!(
                s.openmoji
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase() || c == '-'),
                "{}: {}",
                s.id,
                s.openmoji
            );
        }
        let pictures: HashSet<&str> = SYMBOLS.iter().map(|s| s.openmoji).collect();
        assert_eq!(pictures.len(), SYMBOLS.len(), "a picture is used twice");
    }

    #[test]
    fn symbols_are_grouped_in_topic_order() {
        let order: Vec<SymbolTopic> = SYMBOLS.iter().map(|s| s.topic).collect();
        let mut sorted = order.clone();
        sorted.sort_by_key(|t| SymbolTopic::ALL.iter().position(|a| a == t));
        assert_eq!(order, sorted);
    }

    #[test]
    fn every_old_emoji_still_shows_as_a_picture() {
        // The 16 the young person's screen offered, as it stored them.
        let old = [
            "⭐", "❤️", "😊", "😟", "⚽", "🎨", "🎵", "📚", "🎮", "🐶", "🚌", "🍕", "🌳", "🤝",
            "🏠", "💼",
        ];
        let mut ids = HashSet::new();
        for e in old {
            let s = Symbol::from_legacy(e).unwrap_or_else(|| panic!("{e} has no symbol"));
            assert!(ids.insert(s.id), "{e} shares {} with another emoji", s.id);
            assert_eq!(Symbol::find(e), Some(s));
        }
        assert_eq!(Symbol::from_legacy("❤").map(|s| s.id), Some("heart"));
        assert_eq!(Symbol::from_legacy("🦄"), None);
        assert_eq!(Symbol::from_legacy(""), None);
        // Ids are not emoji, and stored ids resolve directly.
        assert_eq!(Symbol::from_legacy("football"), None);
        assert_eq!(Symbol::find("helping-hand").map(|s| s.word), Some("help"));
        assert_eq!(Symbol::find("not-a-symbol"), None);
    }

    #[test]
    fn toggling_adds_an_id_and_removes_every_stored_form_of_it() {
        let stored: Vec<String> = ["❤️", "🤷", "football"].map(String::from).to_vec();
        assert_eq!(toggle(&stored, "heart"), ["🤷", "football"]);
        assert_eq!(toggle(&stored, "football"), ["❤️", "🤷"]);
        assert_eq!(toggle(&stored, "bus"), ["❤️", "🤷", "football", "bus"]);
        assert_eq!(toggle(&toggle(&stored, "bus"), "bus"), stored);
        // Both forms of one picture (an old save and a new one) both go.
        let both: Vec<String> = ["⭐", "star"].map(String::from).to_vec();
        assert!(toggle(&both, "star").is_empty());
    }

    #[test]
    fn topics_have_stable_wire_names() {
        assert_eq!(
            SymbolTopic::from_wire("feelings"),
            Some(SymbolTopic::Feelings)
        );
        assert_eq!(SymbolTopic::Food.label(), "Food and drink");
    }
}
