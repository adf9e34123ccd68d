//! The languages families' documents can be made in, besides English: the commonest home
//! languages of families in English schools.
//!
//! Key type: [`Language`]. A child's recorded home language is free text ("Urdu", "urdu",
//! "اردو"); [`Language::from_home_language`] finds the language it names, so the Export tab
//! can offer the family's version first. Translations are machine-assisted and await review
//! by a fluent speaker ([`Language::machine_assisted`]); the statutory plan stays in English.
//!
//! ```
//! use northstar_schema::Language;
//! assert_eq!(Language::from_home_language(" urdu "), Some(Language::Urdu));
//! assert_eq!(Language::from_home_language("ਪੰਜਾਬੀ"), Some(Language::Punjabi));
//! assert!(Language::Arabic.rtl());
//! assert_eq!(Language::from_code("bn"), Some(Language::Bengali));
//! ```

use serde::{Deserialize, Serialize};

/// A language a family's documents can be in.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Language {
    #[default]
    English,
    Polish,
    Urdu,
    Bengali,
    Punjabi,
    Arabic,
    Romanian,
    Somali,
}

impl Language {
    pub const ALL: [Language; 8] = [
        Language::English,
        Language::Polish,
        Language::Urdu,
        Language::Bengali,
        Language::Punjabi,
        Language::Arabic,
        Language::Romanian,
        Language::Somali,
    ];

    /// The BCP 47 tag (`lang` attributes, a PDF's /Lang).
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en-GB",
            Language::Polish => "pl",
            Language::Urdu => "ur",
            Language::Bengali => "bn",
            Language::Punjabi => "pa",
            Language::Arabic => "ar",
            Language::Romanian => "ro",
            Language::Somali => "so",
        }
    }

    /// Its name in itself.
    pub fn native(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Polish => "Polski",
            Language::Urdu => "اردو",
            Language::Bengali => "বাংলা",
            Language::Punjabi => "ਪੰਜਾਬੀ",
            Language::Arabic => "العربية",
            Language::Romanian => "Română",
            Language::Somali => "Soomaali",
        }
    }

    /// Its name in English.
    pub fn english_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Polish => "Polish",
            Language::Urdu => "Urdu",
            Language::Bengali => "Bengali",
            Language::Punjabi => "Punjabi (Gurmukhi)",
            Language::Arabic => "Arabic",
            Language::Romanian => "Romanian",
            Language::Somali => "Somali",
        }
    }

    /// Urdu and Arabic read right to left.
    pub fn rtl(self) -> bool {
        matches!(self, Language::Urdu | Language::Arabic)
    }

    /// The writing direction, for `dir` attributes.
    pub fn dir(self) -> &'static str {
        if self.rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// Translated with machine help and not yet reviewed by a fluent speaker.
    pub fn machine_assisted(self) -> bool {
        self != Language::English
    }

    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language a recorded home language names: its English name, its own name or its
    /// code, in any case and spacing ("Punjabi" is taken as Gurmukhi Punjabi).
    pub fn from_home_language(text: &str) -> Option<Language> {
        let text = text.trim().to_lowercase();
        let simple = |s: &str| s.to_lowercase();
        Language::ALL.into_iter().find(|l| {
            text == simple(l.english_name())
                || text == simple(l.native())
                || text == l.code().to_lowercase()
                || (*l == Language::Punjabi && text == "punjabi")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_is_found_by_each_of_its_names() {
        for l in Language::ALL {
            assert_eq!(Language::from_home_language(l.english_name()), Some(l));
            assert_eq!(Language::from_home_language(l.native()), Some(l));
            assert_eq!(Language::from_code(l.code()), Some(l));
        }
        assert_eq!(
            Language::from_home_language("ROMANIAN "),
            Some(Language::Romanian)
        );
        assert_eq!(Language::from_home_language("Tigrinya"), None);
        assert_eq!(Language::from_home_language(""), None);
        assert!(!Language::English.machine_assisted() && Language::Somali.machine_assisted());
    }
}
