//! The young person's space in families' languages: Fluent message files in `ui/locales/`,
//! British English first, each translation marked machine-assisted until a fluent speaker
//! has reviewed it.
//!
//! Key types: [`Lang`] (a language the space is offered in, with its direction) and [`t`] /
//! [`tr`] (a message by key, with arguments). A missing message falls back to English, so a
//! screen is never blank; `tests::every_language_has_every_message` keeps the files complete.
//! The language is chosen per person on this computer and remembered in the webview's local
//! storage ([`remembered`], [`remember`]), never in the synced review: a parent's copy can be
//! in Urdu while the SENCO's is in English. The statutory plan itself stays in English.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// A language the young person's space is offered in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lang {
    #[default]
    English,
    Polish,
    Urdu,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::English, Lang::Polish, Lang::Urdu];

    /// The BCP 47 tag, for `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::English => "en-GB",
            Lang::Polish => "pl",
            Lang::Urdu => "ur",
        }
    }

    /// Its name in itself, as the language list shows it.
    pub fn native(self) -> &'static str {
        match self {
            Lang::English => "English",
            Lang::Polish => "Polski",
            Lang::Urdu => "اردو",
        }
    }

    /// Writing direction, for `dir` attributes: Urdu and Arabic read right to left.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Urdu => "rtl",
            _ => "ltr",
        }
    }

    /// Translated with machine help and not yet reviewed by a fluent speaker.
    pub fn machine_assisted(self) -> bool {
        self != Lang::English
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    fn source(self) -> &'static str {
        match self {
            Lang::English => include_str!("../locales/en-GB/young-person.ftl"),
            Lang::Polish => include_str!("../locales/pl/young-person.ftl"),
            Lang::Urdu => include_str!("../locales/ur/young-person.ftl"),
        }
    }
}

thread_local! {
    static BUNDLES: RefCell<BTreeMap<Lang, FluentBundle<FluentResource>>> =
        const { RefCell::new(BTreeMap::new()) };
}

fn with_bundle<R>(lang: Lang, f: impl FnOnce(&FluentBundle<FluentResource>) -> R) -> R {
    BUNDLES.with(|cell| {
        let mut bundles = cell.borrow_mut();
        let bundle = bundles.entry(lang).or_insert_with(|| {
            let id = lang.code().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new(vec![id]);
            // Bidi isolation marks only help where text runs right to left; elsewhere they
            // would sit invisibly inside every sentence with a name in it.
            bundle.set_use_isolating(lang.dir() == "rtl");
            // The files are compiled in and a test parses each; a faulty line is skipped.
            let resource = match FluentResource::try_new(lang.source().to_string()) {
                Ok(r) => r,
                Err((r, _)) => r,
            };
            let _ = bundle.add_resource(resource);
            bundle
        });
        f(bundle)
    })
}

fn format(lang: Lang, key: &str, args: Option<&FluentArgs>) -> Option<String> {
    with_bundle(lang, |bundle| {
        let pattern = bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        Some(
            bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned(),
        )
    })
}

/// The message `key` in `lang`, or in English if that language lacks it.
pub fn t(lang: Lang, key: &str) -> String {
    tr(lang, key, &[])
}

/// As [`t`], with named arguments (`{ $name }` in the message).
pub fn tr(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, FluentValue::from(value.to_string()));
    }
    let args = (!args.is_empty()).then_some(&fluent_args);
    format(lang, key, args)
        .or_else(|| format(Lang::English, key, args))
        .unwrap_or_else(|| key.to_string())
}

const KEY: &str = "northstar.language.young-person";

/// The language this person chose for the young person's space on this computer.
pub fn remembered() -> Lang {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default()
}

pub fn remember(lang: Lang) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(KEY, lang.code());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;
    use std::collections::BTreeSet;

    /// Each message of a file with the variables it uses.
    fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        let resource = fluent_syntax::parser::parse(lang.source())
            .unwrap_or_else(|(_, errors)| panic!("{lang:?} does not parse: {errors:?}"));
        let mut out = BTreeMap::new();
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(pattern) = &m.value {
                    for element in &pattern.elements {
                        if let ast::PatternElement::Placeable {
                            expression:
                                ast::Expression::Inline(ast::InlineExpression::VariableReference { id }),
                        } = element
                        {
                            vars.insert(id.name.to_string());
                        }
                    }
                }
                out.insert(m.id.name.to_string(), vars);
            }
        }
        out
    }

    #[test]
    fn every_language_has_every_message_with_the_same_placeholders() {
        let english = messages(Lang::English);
        assert!(english.len() > 80, "{} messages", english.len());
        for lang in Lang::ALL {
            let theirs = messages(lang);
            let missing: Vec<&String> = english
                .keys()
                .filter(|k| !theirs.contains_key(*k))
                .collect();
            let extra: Vec<&String> = theirs
                .keys()
                .filter(|k| !english.contains_key(*k))
                .collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
            assert!(extra.is_empty(), "{lang:?} has unknown {extra:?}");
            for (key, vars) in &english {
                assert_eq!(&theirs[key], vars, "{lang:?}: {key} has other placeholders");
            }
        }
    }

    #[test]
    fn translations_say_they_await_review_in_the_file() {
        for lang in Lang::ALL.into_iter().filter(|l| l.machine_assisted()) {
            assert!(
                lang.source()
                    .contains("MACHINE-ASSISTED TRANSLATION, AWAITING REVIEW"),
                "{lang:?}"
            );
            assert!(!t(lang, "translation-note").trim().is_empty(), "{lang:?}");
        }
    }

    #[test]
    fn the_english_questions_match_the_schema_s_easy_read_wording() {
        for q in northstar_schema::easy_read::QUESTIONS {
            let key = format!("q-{}", q.kind.as_str());
            assert_eq!(t(Lang::English, &key), q.heading);
            assert_eq!(t(Lang::English, &format!("{key}-prompt")), q.prompt);
        }
    }

    #[test]
    fn arguments_fill_in_and_a_missing_key_falls_back() {
        assert_eq!(
            tr(
                Lang::English,
                "question-count",
                &[("n", "2"), ("total", "4")]
            ),
            "Question 2 of 4"
        );
        assert_eq!(
            tr(
                Lang::Polish,
                "question-count",
                &[("n", "2"), ("total", "4")]
            ),
            "Pytanie 2 z 4"
        );
        // Right to left: the number is isolated so it keeps its place in the sentence.
        let urdu = tr(Lang::Urdu, "question-count", &[("n", "2"), ("total", "4")]);
        assert!(urdu.contains("سوال") && urdu.contains('2') && urdu.contains('\u{2068}'));
        assert_eq!(t(Lang::Polish, "no-such-message"), "no-such-message");
        assert_eq!(Lang::from_code("ur"), Some(Lang::Urdu));
        assert_eq!(Lang::Urdu.dir(), "rtl");
        assert_eq!(Lang::Polish.dir(), "ltr");
    }
}
