//! The About box: Northstar's version and licence, what it bundles under which licence, and
//! the languages it is translated into (each machine-assisted, awaiting a fluent speaker).
//!
//! Key items: [`AboutButton`] (the banner's "About" button and the modal dialog it opens) and
//! [`translated_languages`]. The dialog is drawn through a portal into its own element at the
//! end of `<body>`, so it sits outside the banner landmark. While it is open, focus stays in
//! it (Tab moves between its heading and its Close button), Escape closes it, and focus goes
//! back to the button.

use crate::i18n::Lang;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// Northstar's version: the ui crate's, which the whole workspace shares.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The licence in the workspace manifest, as an SPDX expression. The plain-words sentence in
/// the dialog is written for this one; a test fails if the manifest changes.
pub const LICENCE: &str = env!("CARGO_PKG_LICENSE");

/// Every language offered besides English (the source), in the language list's order.
pub fn translated_languages() -> Vec<Lang> {
    Lang::ALL
        .into_iter()
        .filter(|l| *l != Lang::English)
        .collect()
}

const HEADING_ID: &str = "about-heading";
const CLOSE_ID: &str = "about-close";

/// A fresh element at the end of `<body>` for the dialog, outside the app's landmarks.
fn dialog_host() -> Option<Element> {
    let document = web_sys::window()?.document()?;
    let host = document.create_element("div").ok()?;
    host.set_id("about-dialog-host");
    document.body()?.append_child(&host).ok()?;
    Some(host)
}

fn focus(node: &NodeRef) {
    if let Some(el) = node.cast::<HtmlElement>() {
        let _ = el.focus();
    }
}

/// "About": a banner button opening the About box as a modal dialog.
#[function_component(AboutButton)]
pub fn about_button() -> Html {
    let open = use_state(|| false);
    let button = use_node_ref();
    let heading = use_node_ref();
    let close_button = use_node_ref();
    let host = use_memo((), |_| dialog_host());
    {
        // The host goes when the banner does (the window locking, say).
        let host = host.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(h) = &*host {
                    h.remove();
                }
            }
        });
    }
    {
        let heading = heading.clone();
        use_effect_with(*open, move |open| {
            if *open {
                focus(&heading);
            }
        });
    }
    let onclick = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(true))
    };
    let close = {
        let open = open.clone();
        let button = button.clone();
        Callback::from(move |()| {
            open.set(false);
            focus(&button);
        })
    };
    let onkeydown = {
        let close = close.clone();
        let heading = heading.clone();
        let close_button = close_button.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                e.stop_propagation();
                close.emit(());
            }
            "Tab" => {
                // Two stops, the heading and Close: Tab and Shift+Tab each go to the other.
                e.prevent_default();
                let on_close = e
                    .target_dyn_into::<HtmlElement>()
                    .is_some_and(|t| t.id() == CLOSE_ID);
                focus(if on_close { &heading } else { &close_button });
            }
            _ => {}
        })
    };
    // A click on the dimmed page behind must not take focus out of the dialog.
    let keep_focus = Callback::from(|e: MouseEvent| {
        let on_backdrop = e
            .target_dyn_into::<HtmlElement>()
            .is_some_and(|t| t.class_name() == "modal-backdrop");
        if on_backdrop {
            e.prevent_default();
        }
    });
    let dialog = match (*open, (*host).clone()) {
        (true, Some(host)) => yew::create_portal(
            html! {
                <div class="modal-backdrop" onmousedown={keep_focus}>
                    <div class="modal" role="dialog" aria-modal="true" aria-labelledby={HEADING_ID}
                        tabindex="-1" {onkeydown}>
                        <h2 id={HEADING_ID} tabindex="-1" ref={heading}>{ "About Northstar" }</h2>
                        <p>{ format!("Northstar, version {VERSION}: EHCP annual reviews, working offline.") }</p>
                        { contents() }
                        <div class="modal-actions">
                            <button type="button" class="button primary" id={CLOSE_ID} ref={close_button}
                                onclick={close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
                        </div>
                    </div>
                </div>
            },
            host,
        ),
        _ => html! {},
    };
    html! {
        <>
            <button type="button" class="button about-button" id="about-northstar" ref={button}
                aria-haspopup="dialog" {onclick}>
                { "About" }<span class="visually-hidden">{ " Northstar" }</span>
            </button>
            { dialog }
        </>
    }
}

/// The licence, what comes with Northstar, and the translations.
fn contents() -> Html {
    html! {
        <>
            <h3>{ "Licence" }</h3>
            <p>
                { "Northstar is free software under the GNU Affero General Public License, version 3 \
                   or (if you choose) any later version " }
                <span class="sub">{ format!("({LICENCE})") }</span>
                { ". You may use it, study it, share it and change it. If you pass it on, or let \
                   people use a changed copy over a network, you must offer them its source code \
                   under the same licence. It comes with no warranty." }
            </p>
            <h3>{ "What comes with it" }</h3>
            <ul class="about-list">
                <li>
                    <strong>{ "DejaVu Sans" }</strong>
                    { ", regular and bold, the typeface of the PDFs Northstar makes for Latin, \
                       Greek and Cyrillic: the Bitstream Vera font licence (the DejaVu changes are \
                       in the public domain)." }
                </li>
                <li>
                    <strong>{ "Noto Naskh Arabic, Noto Sans Bengali and Noto Sans Gurmukhi" }</strong>
                    { ", regular and bold, from Google's Noto project, so Urdu, Arabic, Bengali \
                       and Punjabi letters show on any computer and in the PDFs: the SIL Open Font \
                       License 1.1." }
                </li>
                <li>
                    <strong>{ "The picture symbols" }</strong>
                    { " in the young person's space, from OpenMoji (openmoji.org, by HfG \
                       Schwäbisch Gmünd and its contributors): Creative Commons \
                       Attribution-ShareAlike 4.0 (CC BY-SA 4.0). They keep that licence whatever \
                       Northstar's own is. The designer of each picture is named in the list that \
                       comes with them (symbols/LICENSE.md)." }
                </li>
            </ul>
            <p>{ "The full licence texts are kept next to the fonts and the pictures." }</p>
            <h3>{ "Translations" }</h3>
            <p>
                { "English is the source. The young person's space, the parent's or carer's \
                   views and the one-page profile (with a page after the LA's decision letter) \
                   are also offered in the languages below. Each was translated with machine \
                   help and is waiting to be checked by a fluent speaker." }
            </p>
            <ul class="about-list">
                { for translated_languages().into_iter().map(|l| html! {
                    <li>
                        { l.english_name() }{ ": " }
                        <span lang={l.code()} dir={l.dir()}>{ l.native() }</span>
                    </li>
                }) }
            </ul>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_translations_listed_are_every_language_but_english() {
        let langs = translated_languages();
        assert!(!langs.is_empty());
        assert!(!langs.contains(&Lang::English));
        assert_eq!(langs.len(), Lang::ALL.len() - 1);
    }

    #[test]
    fn each_listed_translation_is_machine_assisted_as_the_box_says() {
        // The box says every translation awaits review; once one is reviewed, say so there.
        for l in translated_languages() {
            assert!(l.machine_assisted(), "{l:?}");
            assert!(
                !l.native().is_empty() && !l.english_name().is_empty(),
                "{l:?}"
            );
        }
    }

    #[test]
    fn the_licence_in_plain_words_is_the_manifest_s() {
        // The dialog explains the AGPL in plain words: a new licence needs new words.
        assert_eq!(LICENCE, "AGPL-3.0-or-later");
        assert!(!VERSION.is_empty());
    }
}
