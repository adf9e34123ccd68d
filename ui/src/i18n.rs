//! The young person's space and the parent's views in families' languages: Fluent message files in `ui/locales/`,
//! British English first, each translation marked machine-assisted until a fluent speaker
//! has reviewed it.
//!
//! Key types: [`Lang`] (a language the space is offered in, with its direction) and [`t`] /
//! [`tr`] (a message by key, with arguments). A missing message falls back to English, so a
//! screen is never blank; `tests::every_language_has_every_message` keeps the files complete.
//! The language is chosen per person on this computer and remembered in the webview's local
//! storage ([`remembered_for`], [`remember_for`]), never in the synced review: a parent's copy can be
//! in Urdu while the SENCO's is in English. The statutory plan itself stays in English.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// A language the young person's space and the parent's views are offered in: British
/// English, and the commonest home languages of families in English schools. The same list
/// the PDFs are made in (`northstar_schema::Language`: codes, names, direction).
pub use northstar_schema::Language as Lang;

/// One language's message files, in the order they are added to its bundle.
macro_rules! sources {
    ($code:literal) => {
        [
            include_str!(concat!("../locales/", $code, "/young-person.ftl")),
            include_str!(concat!("../locales/", $code, "/parent.ftl")),
        ]
    };
}

/// The message files of `lang`: the young person's space, then the parent's views.
fn sources(lang: Lang) -> [&'static str; 2] {
    match lang {
        Lang::English => sources!("en-GB"),
        Lang::Polish => sources!("pl"),
        Lang::Urdu => sources!("ur"),
        Lang::Bengali => sources!("bn"),
        Lang::Punjabi => sources!("pa"),
        Lang::Arabic => sources!("ar"),
        Lang::Romanian => sources!("ro"),
        Lang::Somali => sources!("so"),
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
            for source in sources(lang) {
                let resource = match FluentResource::try_new(source.to_string()) {
                    Ok(r) => r,
                    Err((r, _)) => r,
                };
                let _ = bundle.add_resource(resource);
            }
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

/// The header pieces the young person's space and the parent's views share: whether the
/// last change saved (announced politely), the language list (each name in its own
/// language) with its label, and the machine-assisted note under the header.
pub fn saved_line(lang: Lang, saved: &Option<Result<(), String>>, id: &'static str) -> yew::Html {
    let words = match saved {
        None => String::new(),
        Some(Ok(())) => t(lang, "saved"),
        Some(Err(e)) => tr(lang, "not-saved", &[("reason", e)]),
    };
    yew::html! { <p class="yp-saved" {id} role="status" aria-live="polite">{ words }</p> }
}

/// The language list: choosing sets `chosen` and remembers it on this computer under
/// `key` (each screen keeps its own choice).
pub fn language_select(
    chosen: &yew::UseStateHandle<Lang>,
    id: &'static str,
    key: &'static str,
) -> yew::Html {
    use wasm_bindgen::JsCast;
    let lang = **chosen;
    let on_change = {
        let chosen = chosen.clone();
        yew::Callback::from(move |e: yew::Event| {
            let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            else {
                return;
            };
            let picked = Lang::from_code(&select.value()).unwrap_or_default();
            remember_for(key, picked);
            chosen.set(picked);
        })
    };
    yew::html! {
        <div class="yp-language">
            <label for={id}>{ t(lang, "language") }</label>
            <select {id} onchange={on_change}>
                { for Lang::ALL.iter().map(|l| yew::html! {
                    <option value={l.code()} lang={l.code()} selected={*l == lang}>{ l.native() }</option>
                }) }
            </select>
        </div>
    }
}

pub fn translation_note(lang: Lang) -> yew::Html {
    if !lang.machine_assisted() {
        return yew::Html::default();
    }
    yew::html! { <p class="translation-note" id="translation-note">{ t(lang, "translation-note") }</p> }
}

/// Where the young person's space keeps its language choice.
pub const KEY: &str = "northstar.language.young-person";

/// The language this person chose for the young person's space on this computer.
pub fn remembered() -> Lang {
    remembered_for(KEY)
}

/// As [`remembered`], for the screen whose choice is kept under `key`: each screen's person
/// (the young person, their parent) chooses their own language.
pub fn remembered_for(key: &str) -> Lang {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(key).ok().flatten())
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default()
}

pub fn remember_for(key: &str, lang: Lang) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(key, lang.code());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;
    use std::collections::BTreeSet;

    /// Each message of a language's files with the variables it uses; a key defined in two
    /// files would shadow one of them, so that fails too.
    fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        let mut out = BTreeMap::new();
        for source in sources(lang) {
            for (key, vars) in file_messages(lang, source) {
                assert!(
                    out.insert(key.clone(), vars).is_none(),
                    "{lang:?}: {key} twice"
                );
            }
        }
        out
    }

    fn file_messages(lang: Lang, source: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = fluent_syntax::parser::parse(source)
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
            for source in sources(lang) {
                assert!(
                    source.contains("MACHINE-ASSISTED TRANSLATION, AWAITING REVIEW"),
                    "{lang:?}"
                );
            }
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
