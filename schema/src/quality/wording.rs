//! Reading one outcome or one provision on its own: is it SMART, is it quantified, is it vague?
//!
//! These are plain-text heuristics over a small, fixed vocabulary, deliberately conservative:
//! a good statement must never be flagged (the labelled corpus in
//! `schema/tests/quality_corpus.rs` measures precision and recall per rule). They allocate only
//! one lower-cased copy of the text.

use super::Rule;
use crate::{Outcome, Provision};

/// Words and phrases that make an outcome time-bound when they follow "by".
const BY_WHEN: &[&str] = &[
    "the end",
    "end of",
    "the time",
    "the start",
    "the summer",
    "the spring",
    "the autumn",
    "summer",
    "spring",
    "autumn",
    "christmas",
    "easter",
    "half-term",
    "half term",
    "january",
    "february",
    "march",
    "april",
    "may ",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "year ",
    "age ",
    "key stage",
    "20",
];

/// Other time-bound phrases.
const TIME_PHRASES: &[&str] = &[
    "within ",
    "end of key stage",
    "end of year",
    "end of the year",
    "end of the term",
    "end of term",
    "before he ",
    "before she ",
    "before they ",
    "before starting",
    "before moving",
    "when he leaves",
    "when she leaves",
    "when they leave",
    "over the next",
    "in the next",
    "this school year",
    "this academic year",
];

/// Evidence that an outcome can be measured: counts, proportions, criteria for success.
const MEASURES: &[&str] = &[
    "out of",
    "%",
    "per cent",
    "percent",
    " every ",
    " each ",
    " all ",
    "independently",
    "without ",
    "no more than",
    "at least",
    "fewer than",
    "more than",
    " times",
    "twice",
    " once",
    " one ",
    " two ",
    " three ",
    " four ",
    " five ",
    " six ",
    " seven ",
    " eight ",
    " nine ",
    " ten ",
    " twenty ",
    " first ",
    "full term",
    " whole ",
    "unaided",
    "by himself",
    "by herself",
    "by themselves",
    "on his own",
    "on her own",
    "on their own",
    "on my own",
    "by myself",
];

/// Outcomes written as what services will do rather than what will change for the person.
const AS_PROVISION: &[&str] = &[
    "will receive",
    "will continue to receive",
    "will have access to",
    "will be supported",
    "will be given",
    "will be provided",
    "will be offered",
    "will be taught",
    "will get support",
    "will get help",
    "will have support",
    "will have a teaching assistant",
    "will have 1:1",
    "to receive ",
    "to have access to",
    "to be supported",
];

/// Boilerplate that could be written about anyone.
const BOILERPLATE: &[&str] = &[
    "make progress",
    "make good progress",
    "make expected progress",
    "continue to progress",
    "reach his potential",
    "reach her potential",
    "reach their potential",
    "reach his full potential",
    "reach her full potential",
    "reach their full potential",
    "achieve his potential",
    "achieve her potential",
    "achieve their potential",
    "access the curriculum",
    "access a broad and balanced curriculum",
    "improve his behaviour",
    "improve her behaviour",
    "improve their behaviour",
    "be happy and safe",
    "fulfil his potential",
    "fulfil her potential",
    "fulfil their potential",
];

/// Words that stand in for the person and mark a statement as written about nobody in particular.
const IMPERSONAL: &[&str] = &[
    "the pupil",
    "the child",
    "the student",
    "the learner",
    "the young person",
    "pupils ",
    "students ",
    "he/she",
    "s/he",
    "[name]",
    "xxx",
];

/// Cadence or quantity in a frequency.
const CADENCE: &[&str] = &[
    "daily",
    "weekly",
    "fortnight",
    "termly",
    "monthly",
    "half-term",
    "half term",
    "annually",
    "a day",
    "a week",
    "a term",
    "a month",
    "a year",
    " per ",
    " each ",
    " every ",
    " times",
    "twice",
    " once",
    "hour",
    "minute",
    "session",
    "full time",
    "full-time",
    "throughout the day",
    "across the day",
];

/// Phrases that let provision shrink to nothing (Code 9.69: detailed, specific, quantified).
const VAGUE: &[&str] = &[
    "as required",
    "as appropriate",
    "as and when",
    "where possible",
    "where appropriate",
    "when necessary",
    "if necessary",
    "opportunities for",
    "opportunities to",
    "up to ",
    "regular ",
    "regularly",
    "may be ",
    "subject to",
];

/// Providers that name nobody: who will do it is part of quantifying provision.
const GENERIC_PROVIDERS: &[&str] = &[
    "school",
    "the school",
    "setting",
    "the setting",
    "staff",
    "outside agencies",
    "professionals",
    "various",
    "tbc",
    "to be confirmed",
    "as appropriate",
    "n/a",
];

/// Durations that set no end or review point.
const EMPTY_DURATIONS: &[&str] = &["ongoing", "tbc", "to be confirmed", "n/a", "as required"];

pub(super) fn contains_any(haystack: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| haystack.contains(n))
}

/// Whether `text` (lower case) uses `name` as a word.
fn names(text: &str, name: &str) -> bool {
    let name = name.trim().to_lowercase();
    if name.is_empty() {
        return false;
    }
    text.match_indices(&name).any(|(i, m)| {
        let before = text[..i].chars().next_back();
        let after = text[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Whether the text has a number that counts something: not a year group, key stage or
/// calendar year, which only say when ("By the end of Key Stage 2" measures nothing).
fn has_count(text: &str) -> bool {
    let mut previous = "";
    for word in text.split_whitespace() {
        let token = word.trim_matches(|c: char| !c.is_alphanumeric());
        if token.chars().any(|c| c.is_ascii_digit()) {
            let when = matches!(previous, "stage" | "year" | "ks" | "age")
                || (token.len() == 4 && (token.starts_with("19") || token.starts_with("20")));
            if !when {
                return true;
            }
        }
        previous = token;
    }
    false
}

fn first_person(text: &str) -> bool {
    text.starts_with("i ")
        || text.contains(" i ")
        || text.starts_with("my ")
        || text.contains(" my ")
}

/// The wording rules an outcome statement breaks, judged on its text and time frame alone.
/// `names` are the names the young person is known by.
///
/// ```
/// use northstar_schema::quality::{outcome_wording, Rule};
/// use northstar_schema::Outcome;
/// let good = Outcome {
///     text: "By the end of Key Stage 2, Sam will be able to ask an adult for help using his \
///            communication book in 4 out of 5 lessons.".into(),
///     ..Default::default()
/// };
/// assert!(outcome_wording(&good, &["Sam"]).is_empty());
/// let poor = Outcome { text: "Sam will receive support with reading.".into(), ..Default::default() };
/// assert!(outcome_wording(&poor, &["Sam"]).contains(&Rule::OutcomeAsProvision));
/// ```
pub fn outcome_wording(outcome: &Outcome, names_of_person: &[&str]) -> Vec<Rule> {
    let text = format!(" {} ", outcome.text.as_str().trim().to_lowercase());
    let mut broken = Vec::new();
    if outcome.text.is_blank() {
        return broken;
    }
    let label = outcome.time_frame.label.trim().to_lowercase();
    let framed = outcome.time_frame.by.is_some()
        || (!label.is_empty() && !contains_any(&label, &["ongoing", "tbc", "n/a", "none"]));
    let in_text = BY_WHEN.iter().any(|w| text.contains(&format!("by {w}")))
        || contains_any(&text, TIME_PHRASES);
    if !framed && !in_text {
        broken.push(Rule::OutcomeNotTimeBound);
    }
    let measurable = has_count(&text) || contains_any(&text, MEASURES);
    if !measurable {
        broken.push(Rule::OutcomeNotMeasurable);
    }
    if contains_any(&text, AS_PROVISION) {
        broken.push(Rule::OutcomeAsProvision);
    }
    let personal = names_of_person.iter().any(|n| names(&text, n)) || first_person(&text);
    if !personal || contains_any(&text, IMPERSONAL) || contains_any(&text, BOILERPLATE) {
        broken.push(Rule::OutcomeImpersonal);
    }
    broken
}

/// What a provision lacks to be quantified: who, how often, for how long.
pub fn provision_missing(provision: &Provision) -> Vec<&'static str> {
    let mut missing = Vec::new();
    let provider = provision.provider.trim().to_lowercase();
    if provider.is_empty() || GENERIC_PROVIDERS.contains(&provider.as_str()) {
        missing.push("who provides it");
    }
    let frequency = format!(" {} ", provision.frequency.trim().to_lowercase());
    let description = format!(" {} ", provision.description.as_str().to_lowercase());
    let has_cadence = |s: &str| s.chars().any(|c| c.is_ascii_digit()) || contains_any(s, CADENCE);
    if !(has_cadence(&frequency) || frequency.trim().is_empty() && has_cadence(&description)) {
        missing.push("how often");
    }
    let duration = provision.duration.trim().to_lowercase();
    if duration.is_empty() || EMPTY_DURATIONS.contains(&duration.as_str()) {
        missing.push("for how long");
    }
    missing
}

/// The vague phrases a provision uses, in the order of [`VAGUE`]; "access to" counts only
/// as the whole offer ("Access to a TA"), not as a purpose ("…for access to practical learning").
pub fn provision_vague_phrases(provision: &Provision) -> Vec<&'static str> {
    let text = format!(
        " {} | {} | {} ",
        provision.description.as_str().trim().to_lowercase(),
        provision.frequency.trim().to_lowercase(),
        provision.duration.trim().to_lowercase()
    );
    let mut found: Vec<&'static str> = VAGUE.iter().copied().filter(|p| text.contains(p)).collect();
    let description = provision.description.as_str().trim().to_lowercase();
    if description.starts_with("access to")
        || description.contains("have access to")
        || description.contains("access to support")
    {
        found.insert(0, "access to");
    }
    found
}

/// The wording rules a provision breaks, judged on its own fields.
///
/// ```
/// use northstar_schema::quality::{provision_wording, Rule};
/// use northstar_schema::Provision;
/// let vague = Provision {
///     provider: "School".into(),
///     description: "Access to a TA as required.".into(),
///     frequency: "As required".into(),
///     duration: "Ongoing".into(),
///     ..Default::default()
/// };
/// assert_eq!(provision_wording(&vague), [Rule::ProvisionNotQuantified, Rule::ProvisionVague]);
/// ```
pub fn provision_wording(provision: &Provision) -> Vec<Rule> {
    let mut broken = Vec::new();
    if !provision_missing(provision).is_empty() {
        broken.push(Rule::ProvisionNotQuantified);
    }
    if !provision_vague_phrases(provision).is_empty() {
        broken.push(Rule::ProvisionVague);
    }
    broken
}

/// Providers whose provision is health care, which belongs in Section G (Code 9.69). Speech and
/// language and occupational therapy are left out: they usually educate or train, and then
/// belong in F (Code 9.73–9.74).
const HEALTH_PROVIDERS: &[&str] = &[
    "nurse",
    "nhs",
    "camhs",
    "paediatrician",
    "physiotherap",
    "audiolog",
    "dietitian",
    "dietician",
    "orthotic",
    "consultant",
    "gp",
    "hospital",
    "infirmary",
    "clinic",
    "psychiatrist",
    "continence",
];

/// Providers whose provision is social care, which belongs in Section H1 or H2.
const SOCIAL_CARE_PROVIDERS: &[&str] = &[
    "social worker",
    "social care",
    "children's disability team",
    "disability team",
    "short breaks",
    "short-break",
    "respite",
    "care agency",
    "personal assistant",
    "family support worker",
    "adult social care",
];

fn provider_is(provision: &Provision, words: &[&str]) -> bool {
    let provider = format!(" {} ", provision.provider.to_lowercase());
    words.iter().any(|w| {
        if *w == "gp" || *w == "nhs" {
            provider.contains(&format!(" {w} ")) || provider.contains(&format!(" {w},"))
        } else {
            provider.contains(w)
        }
    })
}

/// Whether the provider is a health service.
pub fn is_health_provider(provision: &Provision) -> bool {
    provider_is(provision, HEALTH_PROVIDERS)
}

/// Whether the provider is a social care service.
pub fn is_social_care_provider(provision: &Provision) -> bool {
    provider_is(provision, SOCIAL_CARE_PROVIDERS)
}
