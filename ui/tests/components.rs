//! Component tests for the controls every screen is built from, run in headless Chromium
//! (`wasm-bindgen-test`). They render the real component into a page and drive it with real
//! DOM events, the way a person's typing and clicking reaches it.
#![cfg(target_arch = "wasm32")]

use northstar_schema::quality::{Finding, Rule, Severity};
use northstar_schema::{AttendanceStatus, PlanSection};
use northstar_ui::widgets::{
    AddText, AddTextProps, AutoText, AutoTextProps, Choice, ChoiceProps, SAVE_AFTER_MS,
};
use northstar_ui::workspace::checks::{ChecksPanel, ChecksProps};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the page to render into.
fn root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

async fn settle(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

fn fire(target: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

fn recorder<T: 'static>() -> (Rc<RefCell<Vec<T>>>, Callback<T>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    (seen, Callback::from(move |v: T| sink.borrow_mut().push(v)))
}

mod auto_text {
    use super::*;

    fn note_area(root: &Element) -> HtmlTextAreaElement {
        root.query_selector("#note")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap()
    }

    fn render(value: &str, on_save: Callback<String>) -> Element {
        let root = root();
        yew::Renderer::<AutoText>::with_root_and_props(
            root.clone(),
            AutoTextProps {
                id: "note".into(),
                label: "What we like".into(),
                value: value.to_string().into(),
                on_save,
                multiline: true,
                hint: Some("Say it in their words".into()),
                label_hidden: false,
                class: Classes::new(),
            },
        )
        .render();
        root
    }

    #[wasm_bindgen_test]
    async fn it_is_labelled_and_shows_the_saved_value() {
        let (_, on_save) = recorder();
        let root = render("Kind to others", on_save);
        settle(10).await;
        let label = root.query_selector("label[for=note]").unwrap().unwrap();
        assert_eq!(label.text_content().unwrap(), "What we like");
        let area = note_area(&root);
        assert_eq!(area.value(), "Kind to others");
        assert_eq!(
            area.get_attribute("aria-describedby").as_deref(),
            Some("note-hint")
        );
    }

    #[wasm_bindgen_test]
    async fn it_saves_once_typing_pauses_and_not_before() {
        let (saved, on_save) = recorder();
        let root = render("", on_save);
        settle(10).await;
        let area = note_area(&root);
        area.set_value("Fun");
        fire(&area, "input");
        area.set_value("Funny");
        fire(&area, "input");
        settle(50).await;
        assert!(
            saved.borrow().is_empty(),
            "saving waits for a pause in typing"
        );
        settle(SAVE_AFTER_MS as u64 + 200).await;
        assert_eq!(*saved.borrow(), ["Funny"]);
    }

    #[wasm_bindgen_test]
    async fn leaving_the_box_saves_at_once_and_only_once() {
        let (saved, on_save) = recorder();
        let root = render("", on_save);
        settle(10).await;
        let area = note_area(&root);
        area.set_value("Brave");
        fire(&area, "input");
        fire(&area, "blur");
        settle(10).await;
        assert_eq!(*saved.borrow(), ["Brave"]);
        settle(SAVE_AFTER_MS as u64 + 200).await;
        assert_eq!(saved.borrow().len(), 1, "the pending timer was cancelled");
        fire(&area, "blur");
        settle(10).await;
        assert_eq!(saved.borrow().len(), 1, "nothing new typed, nothing saved");
    }

    /// The workspace reloads the review when changes arrive from someone else's copy; a box
    /// with words not yet saved keeps them, and one with nothing unsaved shows the new value.
    #[wasm_bindgen_test]
    async fn a_newer_saved_value_never_replaces_words_still_being_typed() {
        let props = |value: &str, on_save: &Callback<String>| AutoTextProps {
            id: "note".into(),
            label: "What we like".into(),
            value: value.to_string().into(),
            on_save: on_save.clone(),
            multiline: true,
            hint: None,
            label_hidden: false,
            class: Classes::new(),
        };
        let (saved, on_save) = recorder();
        let root = root();
        let mut app =
            yew::Renderer::<AutoText>::with_root_and_props(root.clone(), props("Kind", &on_save))
                .render();
        settle(10).await;
        let area = note_area(&root);

        app.update(props("Kind to others", &on_save));
        settle(10).await;
        assert_eq!(area.value(), "Kind to others", "nothing unsaved: adopts it");

        area.set_value("Kind to others and");
        fire(&area, "input");
        app.update(props("Kind to others, and funny", &on_save));
        settle(10).await;
        assert_eq!(area.value(), "Kind to others and", "typing is kept");
        settle(SAVE_AFTER_MS as u64 + 200).await;
        assert_eq!(*saved.borrow(), ["Kind to others and"]);
    }
}

mod add_text {
    use super::*;

    #[wasm_bindgen_test]
    async fn adding_sends_the_trimmed_text_and_clears_the_box() {
        let (added, on_add) = recorder();
        let root = root();
        yew::Renderer::<AddText>::with_root_and_props(
            root.clone(),
            AddTextProps {
                id: "add".into(),
                label: "Add a question".into(),
                on_add,
                button: "Add".into(),
                multiline: false,
            },
        )
        .render();
        settle(10).await;
        let input: HtmlInputElement = root
            .query_selector("#add")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        let form = root.query_selector("form").unwrap().unwrap();
        fire(&form, "submit");
        settle(10).await;
        assert!(added.borrow().is_empty(), "an empty box adds nothing");
        input.set_value("  Who will take Robin to college?  ");
        fire(&input, "input");
        settle(10).await;
        fire(&form, "submit");
        settle(20).await;
        assert_eq!(*added.borrow(), ["Who will take Robin to college?"]);
        assert_eq!(input.value(), "");
    }
}

mod choice {
    use super::*;

    #[wasm_bindgen_test]
    async fn it_offers_every_value_in_words_and_reports_the_choice() {
        let (chosen, on_change) = recorder();
        let root = root();
        yew::Renderer::<Choice<AttendanceStatus>>::with_root_and_props(
            root.clone(),
            ChoiceProps {
                id: "att".into(),
                label: "Attendance for Dana".into(),
                value: None,
                on_change,
                none: Some("Not invited".into()),
                label_hidden: true,
            },
        )
        .render();
        settle(10).await;
        let select: HtmlSelectElement = root
            .query_selector("#att")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        assert_eq!(select.length() as usize, AttendanceStatus::ALL.len() + 1);
        assert_eq!(select.value(), "", "nothing chosen shows the none option");
        let label = root.query_selector("label[for=att]").unwrap().unwrap();
        assert_eq!(label.class_name(), "visually-hidden");
        select.set_value("sent-apologies");
        fire(&select, "change");
        settle(10).await;
        assert_eq!(*chosen.borrow(), [Some(AttendanceStatus::SentApologies)]);
    }
}

mod checks_panel {
    use super::*;

    fn finding(severity: Severity) -> Finding {
        Finding {
            rule: Rule::ProvisionVague,
            severity,
            section: Some(PlanSection::F),
            item_id: None,
            review_id: None,
            message: "Speech therapy \u{201c}as required\u{201d} cannot be enforced.".into(),
            suggestion: "Say how often and for how long.".into(),
            citation: "Code 9.69",
        }
    }

    #[wasm_bindgen_test]
    async fn findings_say_how_much_they_matter_in_words() {
        let root = root();
        yew::Renderer::<ChecksPanel>::with_root_and_props(
            root.clone(),
            ChecksProps {
                title: "Checks for section F".into(),
                findings: vec![finding(Severity::High), finding(Severity::Low)],
            },
        )
        .render();
        settle(10).await;
        let text = root.text_content().unwrap();
        assert!(text.contains("2 things to check."), "{text}");
        assert!(
            text.contains("Must fix") && text.contains("Worth a look"),
            "{text}"
        );
        assert!(text.contains("What to do: Say how often"), "{text}");
        assert_eq!(
            root.query_selector_all(".finding-high").unwrap().length(),
            1
        );
    }
}

/// Differences to settle: every value shown, labelled with who wrote it, one chosen.
mod differences {
    use super::*;
    use northstar_schema::sync::{Conflict, ConflictStep, ConflictValue};
    use northstar_schema::Role;
    use northstar_ui::workspace::differences::{Differences, DifferencesProps};

    fn meeting_date() -> Conflict {
        Conflict {
            path: vec![
                ConflictStep::Key("reviews".into()),
                ConflictStep::Index(0),
                ConflictStep::Key("meeting_date".into()),
            ],
            place: "The review meeting record, meeting date".into(),
            values: vec![
                ConflictValue {
                    shown: "2027-01-19".into(),
                    by: "Dana Bello".into(),
                    role: Some(Role::ParentCarer),
                },
                ConflictValue {
                    shown: "2027-01-12".into(),
                    by: "you, on this computer".into(),
                    role: None,
                },
            ],
        }
    }

    fn render(
        conflicts: Vec<Conflict>,
        on_settle: Callback<(Vec<ConflictStep>, String)>,
    ) -> Element {
        let root = root();
        yew::Renderer::<Differences>::with_root_and_props(
            root.clone(),
            DifferencesProps {
                conflicts,
                on_settle,
            },
        )
        .render();
        root
    }

    #[wasm_bindgen_test]
    async fn each_value_is_a_labelled_choice_naming_who_wrote_it() {
        let (settled, on_settle) = recorder();
        let root = render(vec![meeting_date()], on_settle);
        settle(20).await;
        let legend = root.query_selector("legend").unwrap().unwrap();
        assert_eq!(
            legend.text_content().unwrap(),
            "The review meeting record, meeting date"
        );
        let radios = root.query_selector_all("input[type=radio]").unwrap();
        assert_eq!(radios.length(), 2);
        for i in 0..radios.length() {
            let radio: HtmlInputElement = radios.item(i).unwrap().dyn_into().unwrap();
            let label = root
                .query_selector(&format!("label[for='{}']", radio.id()))
                .unwrap()
                .expect("every choice has its own label");
            let words = label.text_content().unwrap();
            assert!(words.contains("from "), "{words}");
            assert_eq!(
                radio.checked(),
                i == 0,
                "the value showing now starts chosen"
            );
        }
        let first = root.query_selector("label").unwrap().unwrap();
        assert!(first
            .text_content()
            .unwrap()
            .contains("\u{201c}19 Jan 2027\u{201d} from Dana Bello (Parent or carer)"));
        let second: HtmlInputElement = radios.item(1).unwrap().dyn_into().unwrap();
        second.click();
        settle(20).await;
        assert!(second.checked());
        assert!(root
            .text_content()
            .unwrap()
            .contains("Differences to settle (1)"));
        let keep: web_sys::HtmlElement = root
            .query_selector("button[type=submit]")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        keep.click();
        settle(20).await;
        assert_eq!(
            *settled.borrow(),
            [(meeting_date().path, "2027-01-12".to_string())],
            "the chosen value is the one kept"
        );
    }

    #[wasm_bindgen_test]
    async fn nothing_shows_when_there_is_nothing_to_settle() {
        let (_, on_settle) = recorder();
        let root = render(Vec::new(), on_settle);
        settle(20).await;
        assert!(root.query_selector("#sync-differences").unwrap().is_none());
    }
}
