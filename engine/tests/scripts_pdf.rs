//! Every family's script in the PDFs: Urdu and Arabic shaped and set right to left, Bengali
//! and Punjabi (Gurmukhi) shaped, checked by what poppler's pdftotext reads back (the words in
//! logical order, as typed), by the fonts pdffonts lists (embedded and subset), and by the
//! documents made in a family's language. Pages are kept in `test-output/pdf/` to look at.

mod common;

use common::{northstar_in, tool};
use northstar_engine::pdf::{render_in, PdfKind, Print, Version};
use northstar_schema::{Contribution, ContributionKind, Entry, Language, ReviewDocument};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Kacper: a full latest review with an LA decision.
const KACPER: &str = "a3df13df";

/// What the family and the young person said, in their language (fictional, everyday).
fn sayings(language: Language) -> [&'static str; 4] {
    match language {
        Language::Urdu => [
            "وہ ہمیشہ دوسروں کی مدد کرتا ہے",
            "مجھے فٹبال کھیلنا پسند ہے",
            "میں بڑا ہو کر باورچی بننا چاہتا ہوں",
            "مجھے کام چھوٹے حصوں میں سمجھائیں",
        ],
        Language::Bengali => [
            "সে সবসময় অন্যদের সাহায্য করে",
            "আমি ফুটবল খেলতে ভালোবাসি",
            "আমি বড় হয়ে রাঁধুনি হতে চাই",
            "আমাকে কাজ ছোট ছোট ভাগে বুঝিয়ে দিন",
        ],
        Language::Punjabi => [
            "ਉਹ ਹਮੇਸ਼ਾ ਦੂਜਿਆਂ ਦੀ ਮਦਦ ਕਰਦਾ ਹੈ",
            "ਮੈਨੂੰ ਫੁੱਟਬਾਲ ਖੇਡਣਾ ਪਸੰਦ ਹੈ",
            "ਮੈਂ ਵੱਡਾ ਹੋ ਕੇ ਰਸੋਈਆ ਬਣਨਾ ਚਾਹੁੰਦਾ ਹਾਂ",
            "ਮੈਨੂੰ ਕੰਮ ਛੋਟੇ ਹਿੱਸਿਆਂ ਵਿੱਚ ਸਮਝਾਓ",
        ],
        Language::Arabic => [
            "هو يساعد الآخرين دائما",
            "أحب لعب كرة القدم",
            "أريد أن أصبح طاهيا عندما أكبر",
            "اشرحوا لي العمل على أجزاء صغيرة",
        ],
        _ => [
            "He always helps others",
            "I like playing football",
            "I want to be a chef",
            "Explain my work in small steps",
        ],
    }
}

/// Kacper's review with only these sayings on the profile's three panels.
fn profile_doc(language: Language) -> ReviewDocument {
    let [admire, like, future, support] = sayings(language);
    let mut doc = common::demo(KACPER);
    let entry = |id: &str, text: &str| Entry {
        id: id.into(),
        text: text.into(),
        author_id: None,
    };
    let review = doc.reviews.last_mut().unwrap();
    let record = &mut review.record;
    *record = Default::default();
    record.like_and_admire.push(entry("e1", admire));
    record.important_to_future.push(entry("e2", future));
    record.support_needed.push(entry("e3", support));
    doc.voice = vec![Contribution {
        id: "c1".into(),
        kind: ContributionKind::WhatILike,
        text: like.into(),
        ..Default::default()
    }];
    doc
}

struct Pdf {
    _dir: tempfile::TempDir,
    path: PathBuf,
    bytes: Vec<u8>,
}

fn write(bytes: Vec<u8>) -> Pdf {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, &bytes).unwrap();
    Pdf {
        _dir: dir,
        path,
        bytes,
    }
}

/// The PDF's text as pdftotext reads it, spaces and line breaks squashed to single spaces,
/// without the invisible embedding marks pdftotext puts around each right-to-left line
/// (U+202A–U+202C: its own formatting, not the document's words).
fn text(pdf: &Pdf) -> String {
    tool("pdftotext", &["-enc", "UTF-8"], &pdf.path)
        .replace(['\u{202A}', '\u{202B}', '\u{202C}'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// pdffonts' rows: (name, embedded, subset).
fn fonts(pdf: &Pdf) -> Vec<(String, bool, bool)> {
    let o = Command::new("pdffonts").arg(&pdf.path).output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .skip(2)
        .map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let n = cols.len();
            (
                cols[0].to_string(),
                cols[n - 5] == "yes",
                cols[n - 4] == "yes",
            )
        })
        .collect()
}

fn keep_pages(pdf: &Pdf, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-output/pdf");
    std::fs::create_dir_all(&dir).unwrap();
    let o = Command::new("pdftoppm")
        .args(["-png", "-r", "60"])
        .arg(&pdf.path)
        .arg(dir.join(name))
        .output()
        .unwrap();
    assert!(o.status.success());
}

fn in_language(language: Language) -> Version {
    Version {
        print: Print::Standard,
        language,
    }
}

#[test]
fn urdu_bengali_and_punjabi_profiles_read_back_as_typed_with_fonts_embedded_and_subset() {
    for (language, font) in [
        (Language::Urdu, "NotoNaskhArabic"),
        (Language::Bengali, "NotoSansBengali"),
        (Language::Punjabi, "NotoSansGurmukhi"),
        (Language::Arabic, "NotoNaskhArabic"),
    ] {
        let doc = profile_doc(language);
        let pdf = write(render_in(&doc, PdfKind::OnePageProfile, in_language(language)).unwrap());
        let t = text(&pdf);
        // Every saying comes back exactly, in logical order (as typed), never reversed.
        for saying in sayings(language) {
            assert!(t.contains(saying), "{language:?}: {saying:?} not in {t:?}");
        }
        // The profile's own words are in the family's language.
        let heading = match language {
            Language::Urdu => "میرے لیے کیا اہم ہے",
            Language::Bengali => "আমার কাছে কী গুরুত্বপূর্ণ",
            Language::Punjabi => "ਮੇਰੇ ਲਈ ਕੀ ਮਹੱਤਵਪੂਰਨ ਹੈ",
            _ => "ما هو مهم بالنسبة لي",
        };
        assert!(t.contains(heading), "{language:?}: heading not in {t:?}");
        assert!(!t.contains("What’s important to me"), "{language:?}");
        assert!(
            !t.contains('\u{FFFD}') && !t.contains("text not shown"),
            "{t}"
        );
        // The script's Noto fonts are embedded, and only the glyphs used (subset, tagged
        // as such); the English name in the heading is in DejaVu.
        let list = fonts(&pdf);
        assert!(
            list.iter().any(|(name, ..)| name.contains(font)),
            "{language:?}: {list:?}"
        );
        for (name, embedded, subset) in &list {
            assert!(*embedded && *subset, "{language:?}: {name} {list:?}");
        }
        assert!(
            pdf.bytes.len() < 150_000,
            "{language:?}: {} bytes",
            pdf.bytes.len()
        );
        // The document says which language it is in.
        let info = lopdf::Document::load_mem(&pdf.bytes).unwrap();
        let lang = info.catalog().unwrap().get(b"Lang").unwrap().clone();
        let lang = match lang {
            lopdf::Object::String(bytes, _) => {
                let units: Vec<u16> = bytes[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16(&units).unwrap()
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(lang, language.code());
        keep_pages(&pdf, &format!("profile-{}", language.code()));
    }
}

#[test]
fn right_to_left_lines_are_aligned_right_and_english_names_keep_their_order() {
    // An English name inside an Urdu sentence: the name reads left to right, the sentence
    // right to left, and the line sits against the right margin.
    let mut doc = profile_doc(Language::Urdu);
    doc.reviews.last_mut().unwrap().record.like_and_admire[0].text =
        "Kacper ہمیشہ دوسروں کی مدد کرتا ہے".into();
    let pdf = write(render_in(&doc, PdfKind::OnePageProfile, in_language(Language::Urdu)).unwrap());
    let t = text(&pdf);
    // In reading order: the name first, then the Urdu. (pdftotext drops the space where
    // a left-to-right word meets right-to-left text, though the page shows it; so the
    // comparison ignores spaces.)
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    assert!(
        squash(&t).contains(&squash("Kacper ہمیشہ دوسروں کی مدد کرتا ہے")),
        "{t}"
    );
    // pdftotext -bbox: the line sits against the right margin (595 pt page, 52 pt margin).
    // (-bbox lists each word's letters in drawing order, so right-to-left words reversed.)
    let bbox = tool("pdftotext", &["-bbox", "-enc", "UTF-8"], &pdf.path);
    let drawn = |w: &str| w.chars().rev().collect::<String>();
    let right_edge = bbox
        .lines()
        .filter(|l| l.contains(&drawn("ہمیشہ")) || l.contains(&drawn("دوسروں")))
        .filter_map(|l| {
            let at = l.find("xMax=\"")? + 6;
            l[at..].split('"').next()?.parse::<f32>().ok()
        })
        .fold(0.0f32, f32::max);
    // Set left-aligned, these words would end near x = 250; right-aligned, with the name
    // to their right, they end past 400.
    assert!(
        right_edge > 400.0,
        "the Urdu line is not against the right margin: {right_edge}"
    );
}

#[test]
fn the_decision_letter_stays_english_with_a_page_in_the_family_s_language() {
    let doc = common::demo(KACPER);
    for (language, words) in [
        (Language::Bengali, "এই চিঠির অর্থ কী"),
        (Language::Urdu, "اس خط کا کیا مطلب ہے"),
        (Language::Polish, "Co oznacza ten list"),
        (Language::Somali, "Waxa warqaddan ka dhigan tahay"),
    ] {
        let english = write(render_in(&doc, PdfKind::DecisionLetter, Print::Standard).unwrap());
        let pdf = write(render_in(&doc, PdfKind::DecisionLetter, in_language(language)).unwrap());
        let t = text(&pdf);
        // The statutory letter comes first, in English, word for word as without the page.
        let first = text(&english);
        let first = first.split(" Page ").next().unwrap();
        assert!(t.starts_with(first), "{language:?}");
        assert!(t.contains("If you disagree"), "{language:?}");
        assert!(t.contains(words), "{language:?}: {t}");
        // The last day to appeal is filled in (two months from the letter).
        assert!(!t.contains("{date}") && !t.contains("{first}"), "{t}");
        // Its structure says the page is in that language.
        let lo = lopdf::Document::load_mem(&pdf.bytes).unwrap();
        let tagged = lo.objects.values().any(|o| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"StructElem")
                    && d.get(b"Lang").is_ok_and(|l| match l {
                        lopdf::Object::String(b, _) => {
                            let units: Vec<u16> = b[2..]
                                .chunks(2)
                                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                                .collect();
                            String::from_utf16_lossy(&units) == language.code()
                        }
                        _ => false,
                    })
            })
        });
        assert!(
            tagged,
            "{language:?}: no element has /Lang {}",
            language.code()
        );
        if language == Language::Bengali {
            keep_pages(&pdf, "decision-letter-bn");
        }
    }
}

/// The review summary for the family, in English and in Urdu: the meeting's date, the dates
/// of what happens next (2 and 4 weeks on), and the actions agreed, printed as written.
#[test]
fn the_review_summary_for_the_family_says_what_happens_next_in_their_language() {
    let mut doc = common::demo(KACPER);
    doc.reviews
        .last_mut()
        .unwrap()
        .actions
        .push(northstar_schema::Action {
            id: "a-visit".into(),
            what: "Book a visit to the college motorsport course".into(),
            owner: "Class tutor".into(),
            due: northstar_schema::Date::parse("2026-02-06"),
            done: false,
        });
    let review = doc.current_review().unwrap();
    let action = review.actions.last().unwrap();
    let meeting = review.meeting_date.unwrap().naive();
    let long = |d: chrono::NaiveDate| d.format("%-d %B %Y").to_string();
    let report_by = long(meeting + chrono::Days::new(14));
    let decision_by = long(meeting + chrono::Days::new(28));

    let english = write(render_in(&doc, PdfKind::FamilySummary, Print::Standard).unwrap());
    let t = text(&english);
    assert!(
        t.contains(&format!("The meeting was on {}.", long(meeting))),
        "{t}"
    );
    assert!(
        t.contains(&format!(
            "The school sends its report to everyone by {report_by}."
        )),
        "{t}"
    );
    assert!(t.contains(&decision_by), "{t}");
    let what: String = action.what.as_str().to_string();
    assert!(t.contains(&what), "the action as written: {t}");
    assert!(t.contains("Class tutor, by 6 February 2026"), "{t}");

    let urdu = write(render_in(&doc, PdfKind::FamilySummary, in_language(Language::Urdu)).unwrap());
    let t = text(&urdu);
    assert!(t.contains("اسکول") || t.contains("کونسل"), "{t}");
    assert!(t.contains(&report_by) && t.contains(&decision_by), "{t}");
    assert!(t.contains(&what), "the action stays as written: {t}");
    assert!(!t.contains("What happens next"), "{t}");
    keep_pages(&urdu, "family-summary-ur");

    // No meeting yet: refused in plain words.
    let mut early = doc.clone();
    early.reviews.last_mut().unwrap().meeting_date = None;
    let err = render_in(&early, PdfKind::FamilySummary, Print::Standard)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no review meeting recorded yet"), "{err}");
}

#[test]
fn statutory_documents_are_refused_in_another_language_in_plain_words() {
    let doc = common::demo(KACPER);
    for kind in [
        PdfKind::EhcpDraft,
        PdfKind::ReviewReport,
        PdfKind::EhcpFinal,
    ] {
        let err = render_in(&doc, kind, in_language(Language::Urdu))
            .unwrap_err()
            .to_string();
        assert!(err.contains("in English only"), "{kind:?}: {err}");
    }
}

/// Words in a script with no embedded font (Hindi in Devanagari, Hebrew): the PDF is still
/// made, the words are named where they were, never boxes, and whoever exports is told.
#[test]
fn a_script_with_no_font_is_named_and_reported_and_the_pdf_still_made() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut doc = common::demo(KACPER);
    doc.voice[0].text = "I like football. मुझे फुटबॉल पसंद है. میں خوش ہوں".into();
    let json = out.path().join("kacper.json");
    std::fs::write(&json, doc.to_json_pretty()).unwrap();
    let o = northstar_in(data.path(), &["import", json.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // `northstar pdf` on that data folder, in a language or not.
    let pdf_cli = |kind: &str, language: Option<&str>, file: &Path| {
        let mut args = vec![
            "pdf",
            &doc.id,
            "--kind",
            kind,
            "--out",
            file.to_str().unwrap(),
        ];
        if let Some(code) = language {
            args.extend(["--language", code]);
        }
        northstar_in(data.path(), &args)
    };
    let file = out.path().join("profile.pdf");
    let o = pdf_cli("one-page-profile", None, &file);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("Some words are in Devanagari text"), "{said}");
    let pdf = Pdf {
        bytes: std::fs::read(&file).unwrap(),
        path: file,
        _dir: tempfile::tempdir().unwrap(),
    };
    let t = text(&pdf);
    assert!(t.contains("I like football."), "{t}");
    assert!(t.contains("[Devanagari text not shown]"), "{t}");
    // The Urdu beside it is set, not left out. (Word by word: at the edge of a right-to-left
    // run inside an English line, pdftotext places the closing quotation mark by its own
    // guess, so the run is not read back as one string.)
    for word in ["میں", "خوش", "ہوں"] {
        assert!(t.contains(word), "{word} in {t}");
    }
    assert!(!t.contains('\u{FFFD}'), "no replacement characters");

    // A wrong language code, and a statutory document asked for in Urdu, are refused in
    // plain words and write nothing.
    let bad = out.path().join("bad.pdf");
    for (kind, code, words) in [
        ("one-page-profile", "xx", "there is no language \"xx\""),
        ("ehcp-draft", "ur", "in English only"),
    ] {
        let o = pdf_cli(kind, Some(code), &bad);
        assert!(!o.status.success());
        let said = String::from_utf8_lossy(&o.stderr);
        assert!(said.contains(words), "{said}");
        assert!(!bad.exists());
    }
    // The family's language from the command line.
    let urdu = out.path().join("urdu.pdf");
    let o = pdf_cli("one-page-profile", Some("ur"), &urdu);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let t = tool("pdftotext", &["-enc", "UTF-8"], &urdu);
    assert!(t.contains("میرے لیے کیا اہم ہے"), "{t}");
}
