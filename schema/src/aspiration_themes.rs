//! What young people aspire to, by theme: a fixed taxonomy under the four preparing-for-
//! adulthood domains, and a transparent classifier that finds themes in their words.
//!
//! The classifier is word and phrase lists, nothing learnt: anyone can read why an aspiration
//! was counted under a theme, and a council can argue with a list. An aspiration can have
//! several themes ("a job and my own flat"); one that matches none is counted as
//! unclassified, never forced into a theme. Its precision and recall against a labelled corpus
//! of fictional aspirations (`schema/corpus/aspirations.tsv`) are in BENCHMARKS.md.
//!
//! ```
//! use northstar_schema::aspiration_themes::{themes_of, Theme};
//! assert_eq!(themes_of("I want to go to college and learn cooking"), [Theme::College, Theme::DailyLiving]);
//! assert_eq!(themes_of("be a vet"), [Theme::PaidWork]);
//! assert!(themes_of("🙂").is_empty());
//! ```

use crate::PfaDomain;

vocabulary! {
    /// A theme of young people's aspirations, under one preparing-for-adulthood domain.
    pub enum Theme default PaidWork {
        College => "college", "College or sixth form";
        University => "university", "University";
        Apprenticeship => "apprenticeship", "Apprenticeship";
        SupportedInternship => "supported-internship", "Supported internship";
        PaidWork => "paid-work", "A job or career";
        Volunteering => "volunteering", "Volunteering";
        OwnHome => "own-home", "A home of their own";
        TravelIndependently => "travel-independently", "Travelling independently";
        DailyLiving => "daily-living", "Cooking, money and looking after themselves";
        Friends => "friends", "Friends and relationships";
        Sport => "sport", "Sport and being active";
        Hobbies => "hobbies", "Hobbies, clubs and interests";
        Health => "health", "Good health";
        Wellbeing => "wellbeing", "Feeling happy and calm";
    }
}

impl Theme {
    /// The preparing-for-adulthood domain the theme falls under.
    pub fn domain(self) -> PfaDomain {
        use Theme::*;
        match self {
            College | University | Apprenticeship | SupportedInternship | PaidWork
            | Volunteering => PfaDomain::Employment,
            OwnHome | TravelIndependently | DailyLiving => PfaDomain::IndependentLiving,
            Friends | Sport | Hobbies => PfaDomain::Community,
            Health | Wellbeing => PfaDomain::GoodHealth,
        }
    }

    /// The words and phrases that put an aspiration under this theme, lower case. A phrase
    /// matches whole words; an entry ending in `*` matches any word starting with it.
    pub fn cues(self) -> &'static [&'static str] {
        use Theme::*;
        match self {
            College => &[
                "college",
                "sixth form",
                "6th form",
                "a levels",
                "a-levels",
                "btec",
                "gcse*",
                "further education",
                "exams",
                "qualification*",
                "study",
                "studying",
            ],
            University => &["university", "uni", "degree", "graduate"],
            Apprenticeship => &["apprentice*", "trainee", "traineeship"],
            SupportedInternship => &["supported internship", "internship", "intern", "job coach"],
            PaidWork => &[
                "job",
                "jobs",
                "work",
                "working",
                "career",
                "earn*",
                "wage*",
                "paid",
                "employ*",
                "business",
                "shop",
                "mechanic",
                "vet",
                "hairdresser",
                "chef",
                "builder",
                "nurse",
                "teacher",
                "footballer",
                "youtuber",
                "gamer",
                "designer",
                "farmer",
                "vlogger",
                "police*",
                "firefighter",
                "plumber",
                "electrician",
                "carpenter",
                "baker",
                "artist",
                "engineer",
                "scientist",
                "driver",
                "zoo keeper",
                "zookeeper",
                "actor",
                "singer",
                "musician",
                "lifeguard",
                "gardener",
                "office",
                "cafe",
                "café",
                "warehouse",
                "retail",
                "animator",
                "programmer",
                "coder",
                "game designer",
                "beautician",
                "barber",
                "dog groomer",
                "groomer",
                "care worker",
                "carer",
            ],
            Volunteering => &["volunteer*", "charity", "help out", "helping out"],
            OwnHome => &[
                "own home",
                "own flat",
                "own house",
                "own place",
                "my own room",
                "live on my own",
                "live by myself",
                "live independently",
                "move out",
                "flat",
                "house share",
                "supported living",
                "live with friends",
                "place of my own",
                "home of my own",
            ],
            TravelIndependently => &[
                "bus",
                "buses",
                "train",
                "trains",
                "travel on my own",
                "travel by myself",
                "travel independently",
                "get around",
                "driving",
                "drive",
                "licence",
                "license",
                "on my own to",
                "by myself to",
                "travel training",
                "cycle to",
                "tram",
            ],
            DailyLiving => &[
                "cook*",
                "money",
                "budget*",
                "shopping",
                "wash my",
                "dress myself",
                "get dressed",
                "look after myself",
                "laundry",
                "clean my",
                "tidy",
                "bills",
                "meals",
                "make my own",
                "manage my",
                "independent",
                "independence",
            ],
            Friends => &[
                "friend*",
                "mates",
                "girlfriend",
                "boyfriend",
                "partner",
                "married",
                "marry",
                "family of my own",
                "socialise",
                "socialize",
                "people my age",
                "hang out",
                "get on with",
                "be liked",
                "not be lonely",
                "not lonely",
            ],
            Sport => &[
                "football",
                "swim*",
                "sport*",
                "gym",
                "rugby",
                "cricket",
                "netball",
                "boxing",
                "dance*",
                "dancing",
                "running",
                "cycling",
                "basketball",
                "karate",
                "martial art*",
                "horse riding",
                "riding",
                "tennis",
                "athletics",
                "fit",
                "fitness",
                "paralympic*",
                "boccia",
                "wheelchair basketball",
                "climbing",
                "skateboard*",
                "bmx",
            ],
            Hobbies => &[
                "club",
                "clubs",
                "drama",
                "music",
                "band",
                "guitar",
                "piano",
                "drums",
                "art",
                "drawing",
                "painting",
                "games",
                "gaming",
                "lego",
                "scouts",
                "guides",
                "cadets",
                "youth club",
                "theatre",
                "choir",
                "photograph*",
                "reading",
                "films",
                "anime",
                "crafts",
                "baking club",
                "cinema",
                "concert*",
                "festival*",
                "holiday*",
                "abroad",
                "visit",
                "travel the world",
                "see the world",
            ],
            Health => &[
                "healthy",
                "health",
                "eat well",
                "eat better",
                "lose weight",
                "doctor*",
                "medication",
                "medicine",
                "epilepsy",
                "diabetes",
                "physio*",
                "walk",
                "walking",
                "stand",
                "sleep",
                "teeth",
                "dentist",
                "hospital",
                "well",
            ],
            Wellbeing => &[
                "happy",
                "calm",
                "confident",
                "confidence",
                "less anxious",
                "anxious",
                "anxiety",
                "worry",
                "worries",
                "stressed",
                "stress",
                "feel safe",
                "safe",
                "feel good",
                "proud",
                "be myself",
                "be me",
                "kind to myself",
                "mental health",
                "not scared",
                "brave",
            ],
        }
    }
}

/// Every theme's cues, made ready once: whole words in one map, word starts in a list, and
/// phrases (padded with spaces, so they match whole words only) by their first word, so a
/// phrase is looked for only in a text that has its first word. Each points to its themes as
/// bits (bit `i` for `Theme::ALL[i]`).
struct Cues {
    words: std::collections::HashMap<&'static str, u32>,
    stems: Vec<(&'static str, u32)>,
    phrases: std::collections::HashMap<&'static str, Vec<(String, u32)>>,
}

fn cues() -> &'static Cues {
    static CUES: std::sync::OnceLock<Cues> = std::sync::OnceLock::new();
    CUES.get_or_init(|| {
        let mut cues = Cues {
            words: Default::default(),
            stems: Vec::new(),
            phrases: Default::default(),
        };
        for (i, t) in Theme::ALL.iter().enumerate() {
            let bit = 1u32 << i;
            for cue in t.cues() {
                match cue.strip_suffix('*') {
                    Some(stem) => cues.stems.push((stem, bit)),
                    None if cue.contains(' ') => {
                        let first = cue.split(' ').next().unwrap_or(cue);
                        let padded = format!(" {cue} ");
                        cues.phrases.entry(first).or_default().push((padded, bit));
                    }
                    None => *cues.words.entry(cue).or_default() |= bit,
                }
            }
        }
        cues
    })
}

/// The words of `text`, lower case, with punctuation as spaces.
fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    let mut space = true;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '\'' || c == '-' {
            out.push(c.to_ascii_lowercase());
            space = false;
        } else if !c.is_ascii() && c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if !space {
        out.push(' ');
    }
    out
}

/// The themes in `text`, in taxonomy order; empty when none fits.
pub fn themes_of(text: &str) -> Vec<Theme> {
    let padded = words(text);
    let cues = cues();
    let mut found = 0u32;
    for word in padded.split_whitespace() {
        found |= cues.words.get(word).copied().unwrap_or(0);
        for (stem, bit) in &cues.stems {
            if found & bit == 0 && word.starts_with(stem) {
                found |= bit;
            }
        }
        for (phrase, bit) in cues.phrases.get(word).into_iter().flatten() {
            if found & bit == 0 && padded.contains(phrase.as_str()) {
                found |= bit;
            }
        }
    }
    Theme::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| found & (1 << i) != 0)
        .map(|(_, t)| *t)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One labelled aspiration of the corpus: its words and the themes a reader gave it.
    fn corpus() -> Vec<(String, Vec<Theme>)> {
        include_str!("../corpus/aspirations.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                let (text, labels) = l.split_once('\t').expect("text<TAB>themes");
                let themes = labels
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty() && *t != "none")
                    .map(|t| {
                        *Theme::ALL
                            .iter()
                            .find(|x| x.as_str() == t)
                            .unwrap_or_else(|| panic!("unknown theme {t}"))
                    })
                    .collect();
                (text.to_string(), themes)
            })
            .collect()
    }

    /// Precision and recall over every (aspiration, theme) pair, printed for BENCHMARKS.md,
    /// with a floor so that a worse word list fails.
    #[test]
    fn the_classifier_is_measured_against_the_corpus() {
        let corpus = corpus();
        assert!(corpus.len() >= 150, "the corpus has {}", corpus.len());
        let (mut hit, mut found, mut labelled) = (0usize, 0usize, 0usize);
        let (mut none_right, mut none_labelled) = (0usize, 0usize);
        for (text, truth) in &corpus {
            let got = themes_of(text);
            found += got.len();
            labelled += truth.len();
            hit += got.iter().filter(|t| truth.contains(t)).count();
            if truth.is_empty() {
                none_labelled += 1;
                none_right += usize::from(got.is_empty());
            }
        }
        let precision = hit as f64 / found.max(1) as f64;
        let recall = hit as f64 / labelled.max(1) as f64;
        println!(
            "aspiration themes: {} aspirations, precision {:.3}, recall {:.3}, unclassified kept unclassified {}/{}",
            corpus.len(),
            precision,
            recall,
            none_right,
            none_labelled
        );
        assert!(precision >= 0.85, "precision {precision:.3}");
        assert!(recall >= 0.80, "recall {recall:.3}");
        assert!(none_right * 10 >= none_labelled * 8);
    }

    #[test]
    fn every_theme_has_a_domain_and_cues() {
        for t in Theme::ALL {
            assert!(!t.cues().is_empty(), "{t:?}");
            let _ = t.domain();
        }
        assert_eq!(Theme::SupportedInternship.domain(), PfaDomain::Employment);
        assert_eq!(
            Theme::TravelIndependently.domain(),
            PfaDomain::IndependentLiving
        );
    }

    #[test]
    fn cues_match_whole_words_only() {
        assert!(themes_of("I like art").contains(&Theme::Hobbies));
        assert!(!themes_of("my heart").contains(&Theme::Hobbies));
        assert!(!themes_of("a busy day").contains(&Theme::TravelIndependently));
    }
}
