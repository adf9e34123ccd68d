//! PDF exports checked with poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm), on the
//! fictional demo caseload plus fixtures with very long and with empty fields.
//!
//! Rendered pages of a few documents are kept in `test-output/pdf/` to look at.

mod common;

use common::{northstar_in, tool};
use northstar_engine::pdf::{render, PdfKind};
use northstar_schema::{
    AdviceListing, Contribution, ContributionKind, Entry, Outcome, Provision, ReviewDocument,
};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Kacper: Year 10, Section A in his own words, H1 provision, a full latest review.
const KACPER: &str = "a3df13df";

/// Kacper's plan with advice from fictional professionals with Greek and Cyrillic names.
fn multi_script() -> ReviewDocument {
    let mut doc = common::demo(KACPER);
    doc.plan.section_k.advice.push(AdviceListing {
        id: "k-greek".into(),
        source: "Δρ Ελένη Παπαδοπούλου, educational psychologist".into(),
        title: "Αξιολόγηση: cognition and learning".into(),
        dated: northstar_schema::Date::parse("2025-11-20"),
    });
    doc.plan.section_k.advice.push(AdviceListing {
        id: "k-cyrillic".into(),
        source: "Дарья Смирнова, speech and language therapist".into(),
        title: "Заключение логопеда".into(),
        dated: northstar_schema::Date::parse("2025-11-21"),
    });
    doc
}

struct Pdf {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn write(doc: &ReviewDocument, kind: PdfKind) -> Pdf {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, render(doc, kind).unwrap()).unwrap();
    Pdf { _dir: dir, path }
}

/// Text in content order; pages separated by form feeds.
fn text(pdf: &Pdf) -> String {
    tool("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf.path)
}

/// The text without the page furniture (watermark letters, running header and footer,
/// repeated table header rows), so a field running across a page break reads as one.
fn body(t: &str) -> String {
    t.lines()
        .map(|l| l.trim_start_matches('\u{c}'))
        .filter(|l| {
            !(matches!(*l, "D" | "R" | "A" | "F" | "T")
                || l.starts_with("First issued")
                || l.ends_with("Draft EHC plan")
                || l.starts_with("Who provides it What is provided"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn info(pdf: &Pdf) -> String {
    let o = Command::new("pdfinfo").arg(&pdf.path).output().unwrap();
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn pages(pdf: &Pdf) -> usize {
    info(pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

/// Whitespace-free form, so wrapped and broken words compare equal to the source.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every word of `field` appears in `haystack`, in order: nothing was cut.
fn assert_all_words(haystack: &str, field: &str) {
    let hay = squash(haystack);
    let mut from = 0;
    for word in field.split_whitespace() {
        match hay[from..].find(word) {
            Some(i) => from += i + word.len(),
            None => panic!("{word:?} (from {field:.60?}…) is missing or out of order"),
        }
    }
}

fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut from = 0;
    for n in needles {
        match haystack[from..].find(n) {
            Some(i) => from += i + n.len(),
            None => panic!("{n:?} is missing or out of order"),
        }
    }
}

/// No word's box leaves the page (pdftotext -bbox reports every word's position).
fn assert_on_page(pdf: &Pdf) {
    let html = tool("pdftotext", &["-bbox"], &pdf.path);
    let num = |s: &str, key: &str| -> f32 {
        let start = s.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        s[start..].split('"').next().unwrap().parse().unwrap()
    };
    let (mut w, mut h) = (0.0, 0.0);
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            (w, h) = (num(line, "width"), num(line, "height"));
        } else if line.starts_with("<word ") {
            for (key, limit) in [("xMin", 0.0), ("yMin", 0.0)] {
                assert!(num(line, key) >= limit - 0.5, "off the page: {line}");
            }
            assert!(num(line, "xMax") <= w + 0.5, "off the right edge: {line}");
            assert!(num(line, "yMax") <= h + 0.5, "off the bottom edge: {line}");
        }
    }
}

/// Renders the first pages to PNG (pdftoppm fails on a page it cannot draw); keeps them in
/// test-output/pdf/ under `name`.
fn render_pages(pdf: &Pdf, name: &str) {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-output/pdf");
    std::fs::create_dir_all(&out).unwrap();
    let o = Command::new("pdftoppm")
        .args(["-r", "60", "-png", "-l", "3"])
        .arg(&pdf.path)
        .arg(out.join(name))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

const SECTIONS: [&str; 12] = [
    "Section A: Views, interests and aspirations",
    "Section B: Special educational needs",
    "Section C: Health needs",
    "Section D: Social care needs",
    "Section E: Outcomes",
    "Section F: Special educational provision",
    "Section G: Health provision",
    "Section H1: Social care provision",
    "Section H2: Other social care provision",
    "Section I: Placement",
    "Section J: Personal budget",
    "Section K: Advice and information",
];

#[test]
fn draft_ehcp_has_every_section_in_order_and_everything_in_it() {
    let doc = multi_script();
    let pdf = write(&doc, PdfKind::EhcpDraft);
    let raw = text(&pdf);
    let t = body(&raw);
    assert_in_order(&t, &SECTIONS);

    let a = &doc.plan.section_a;
    assert!(a.in_own_words);
    assert!(
        t.contains("In Kacper’s own words"),
        "own words are marked as his"
    );
    assert_all_words(&t, a.young_person_views.as_str());
    assert!(
        t.contains("Left blank in a draft plan"),
        "Section I is blank"
    );
    for p in doc.plan.provisions() {
        let p = p.provision;
        for field in [
            &p.provider,
            p.description.as_str(),
            &p.frequency,
            &p.duration,
        ] {
            assert_all_words(&t, field);
        }
    }
    for o in &doc.plan.section_e.outcomes {
        assert_all_words(&t, o.text.as_str());
    }
    for k in [
        "Δρ Ελένη Παπαδοπούλου",
        "Дарья Смирнова",
        "Заключение логопеда",
        "Wiśniewski",
    ] {
        assert!(t.contains(k), "{k} is in the text");
    }
    assert!(squash(&raw).contains("DRAFT"), "the watermark");

    let n = pages(&pdf);
    let page_texts: Vec<&str> = raw
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(page_texts.len(), n);
    for (i, page) in page_texts.iter().enumerate() {
        assert!(
            page.contains("Kacper Wiśniewski"),
            "the name heads page {}",
            i + 1
        );
        assert!(page.contains(&format!("Page {} of {n}", i + 1)));
        assert!(
            page.contains("First issued"),
            "plan dates on page {}",
            i + 1
        );
    }

    let i = info(&pdf);
    let field = |key: &str| {
        i.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    assert_eq!(field("Title:"), "Draft EHC plan for Kacper Wiśniewski");
    assert_eq!(field("Author:"), "Northmoor Council");
    assert_eq!(field("Pages:"), n.to_string());
    assert!(field("PDF subtype:").is_empty(), "no claim of PDF/X: {i}");
    assert_on_page(&pdf);

    let o = Command::new("pdffonts").arg(&pdf.path).output().unwrap();
    let fonts = String::from_utf8_lossy(&o.stdout);
    let embedded: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(embedded.len(), 2, "regular and bold: {fonts}");
    for line in embedded {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "embedded: {line}");
    }
    render_pages(&pdf, "ehcp-draft");
}

#[test]
fn h1_and_h2_are_kept_apart_and_outcomes_are_grouped_with_their_provision() {
    let doc = common::demo(KACPER);
    assert!(!doc.plan.section_h1.provisions.is_empty());
    let t = text(&write(&doc, PdfKind::EhcpDraft));
    let h1 = t.find("Section H1:").unwrap();
    let h2 = t.find("Section H2:").unwrap();
    let between = &t[h1..h2];
    for p in &doc.plan.section_h1.provisions {
        assert_all_words(between, p.description.as_str());
    }
    assert!(t.contains("Provision for this outcome"));
    assert!(
        t.contains("Preparing for adulthood:"),
        "PfA outcomes are grouped"
    );
}

/// Twelve outcomes and thirty provisions, with very long fields and an unbroken 400-letter
/// word: nothing is cut and nothing runs off the page.
pub fn long_fields() -> ReviewDocument {
    let mut doc = multi_script();
    let essay: String = (1..=120)
        .map(|i| format!("Kacper explained point{i} about his week in his own words."))
        .collect::<Vec<_>>()
        .join(" ");
    doc.plan.section_a.young_person_views = format!("{essay}\n\n{}", "Ż".repeat(400)).into();
    doc.plan.section_e.outcomes = (1..=12)
        .map(|i| Outcome {
            id: format!("o{i}"),
            text: format!("Outcome{i} wording that is long enough to wrap over several lines of the page and then some more besides.").into(),
            ..Default::default()
        })
        .collect();
    doc.plan.section_f.provisions = (1..=30)
        .map(|i| Provision {
            id: format!("p{i}"),
            outcome_ids: vec![format!("o{}", i % 12 + 1)],
            provider: format!("Provider{i} specialist teacher"),
            description: (1..=if i == 7 { 700 } else { 40 })
                .map(|w| format!("p{i}w{w}"))
                .collect::<Vec<_>>()
                .join(" ")
                .into(),
            frequency: format!("Freq{i}: 3 × 30 minutes a week"),
            duration: format!("Dur{i}: until July 2028"),
        })
        .collect();
    doc.plan.section_f.provisions[3].provider = "X".repeat(300);
    doc
}

#[test]
fn very_long_fields_are_never_cut_and_never_leave_the_page() {
    let doc = long_fields();
    let pdf = write(&doc, PdfKind::EhcpDraft);
    let raw = text(&pdf);
    // The provision table's header row repeats on the pages it runs onto.
    assert!(
        raw.matches("Who provides it").count() > 12 + 3,
        "header rows repeat"
    );
    let t = body(&raw);
    assert_in_order(&t, &SECTIONS);
    assert_all_words(&t, doc.plan.section_a.young_person_views.as_str());
    for p in &doc.plan.section_f.provisions {
        for field in [
            &p.provider,
            p.description.as_str(),
            &p.frequency,
            &p.duration,
        ] {
            assert_all_words(&t, field);
        }
    }
    assert_on_page(&pdf);
    render_pages(&pdf, "ehcp-long");
}

fn empty_doc() -> ReviewDocument {
    let mut doc = common::demo(KACPER);
    doc.plan = Default::default();
    doc.reviews.clear();
    doc.voice.clear();
    doc
}

#[test]
fn empty_sections_still_show_every_heading_and_say_they_are_empty() {
    let doc = empty_doc();
    let t = text(&write(&doc, PdfKind::EhcpDraft));
    assert_in_order(&t, &SECTIONS);
    assert!(t.contains("None in this section."));
    assert!(t.contains("No advice has been received yet."));

    let t = text(&write(&doc, PdfKind::ReviewReport));
    assert!(t.contains("No annual review has been started"));
    let pdf = write(&doc, PdfKind::OnePageProfile);
    assert_eq!(pages(&pdf), 1);
    assert!(text(&pdf).contains("We will fill this in together."));
}

#[test]
fn review_report_has_its_sections_in_order_and_the_meeting_record() {
    let doc = multi_script();
    let review = doc.current_review().unwrap();
    let pdf = write(&doc, PdfKind::ReviewReport);
    let t = text(&pdf);
    assert_in_order(
        &t,
        &[
            "Annual review report",
            "1. Invited and attended",
            "2. Advice received",
            "3. Progress towards each outcome",
            "4. Person-centred record",
            "5. Views of the young person and parents",
            "6. Proposed amendments, by section",
            "7. Disagreements",
            "8. Recommendation",
            "9. Actions",
        ],
    );
    for a in &review.attendance {
        let p = doc
            .participants
            .iter()
            .find(|p| p.id == a.participant_id)
            .unwrap();
        assert_all_words(&t, &p.name);
    }
    for p in &review.progress {
        assert_all_words(&t, p.summary.as_str());
    }
    for e in review
        .record
        .working
        .iter()
        .chain(&review.record.not_working)
    {
        assert_all_words(&t, e.text.as_str());
    }
    for a in &review.amendments {
        assert_all_words(&t, a.proposal.as_str());
    }
    for a in &review.actions {
        assert_all_words(&t, a.what.as_str());
    }
    assert_all_words(
        &t,
        review.recommendation.as_ref().unwrap().rationale.as_str(),
    );
    assert_all_words(&t, doc.plan.section_a.parent_views.as_str());
    assert!(info(&pdf).contains("Annual review report for Kacper Wiśniewski"));
    assert_on_page(&pdf);
    render_pages(&pdf, "review-report");
}

/// A family who needs an interpreter: the report says so, and what the meeting recorded.
#[test]
fn the_review_report_records_the_familys_interpreter() {
    let mut doc = multi_script();
    let said = |doc: &ReviewDocument| squash(&text(&write(doc, PdfKind::ReviewReport)));
    doc.young_person.communication.interpreter_needed = false;
    assert!(!said(&doc).contains(&squash("needs an interpreter")));
    doc.young_person.communication.interpreter_needed = true;
    doc.young_person.communication.home_language = Some("Polish".into());
    let t = said(&doc);
    assert!(
        t.contains(&squash("The family needs an interpreter (Polish).")),
        "{t}"
    );
    assert!(t.contains(&squash(
        "Whether an interpreter took part was not recorded."
    )));
    let id = doc.current_review().unwrap().id.clone();
    let review = doc.reviews.iter_mut().find(|r| r.id == id).unwrap();
    review.interpreter = Some(northstar_schema::InterpreterAtMeeting::Booked);
    let t = said(&doc);
    assert!(
        t.contains(&squash("An interpreter was booked and took part.")),
        "{t}"
    );
}

#[test]
fn one_page_profile_fits_one_page_and_shrinks_before_spilling() {
    let doc = common::demo(KACPER);
    let pdf = write(&doc, PdfKind::OnePageProfile);
    assert_eq!(pages(&pdf), 1);
    // Headings in large type may wrap, so compare with single spaces.
    let t = text(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    assert_in_order(
        &t,
        &[
            "All about Kacper",
            "What people like and admire about me",
            "What’s important to me",
            "How best to support me",
        ],
    );
    for c in &doc.voice {
        assert_all_words(&t, c.text.as_str());
    }
    render_pages(&pdf, "profile");

    // More to say: the type shrinks and it still fits on one page.
    let mut longer = doc.clone();
    let record = &mut longer.reviews.last_mut().unwrap().record;
    for i in 0..8 {
        record.support_needed.push(Entry {
            id: format!("s{i}"),
            text: format!("Support{i}: give me time to think and check I have understood.").into(),
            author_id: None,
        });
    }
    let pdf = write(&longer, PdfKind::OnePageProfile);
    assert_eq!(pages(&pdf), 1);
    assert_all_words(
        &text(&pdf),
        "Support7: give me time to think and check I have understood.",
    );

    // Far too much for one page even in the smallest type: it continues, and says so.
    let mut huge = doc;
    for i in 0..60 {
        huge.voice.push(Contribution {
            id: format!("v{i}"),
            kind: ContributionKind::ImportantToMe,
            text: format!("Thing{i} that matters to me a great deal, every single day.").into(),
            ..Default::default()
        });
    }
    let pdf = write(&huge, PdfKind::OnePageProfile);
    assert_eq!(pages(&pdf), 2);
    let t = text(&pdf);
    assert!(t.contains("This profile continues on the next page."));
    assert_all_words(
        &t,
        "Thing59 that matters to me a great deal, every single day.",
    );
    render_pages(&pdf, "profile-overflow");
}

/// Large print: every document's text at 18 pt or more, only the running header and footer
/// smaller (at 12 pt), and the same words flowing onto more pages.
#[test]
fn every_kind_has_a_large_print_version_at_18_point() {
    use northstar_engine::pdf::{render_in, Print};
    let doc = common::demo(KACPER);
    let mut made = 0;
    for kind in [
        PdfKind::EhcpDraft,
        PdfKind::ReviewReport,
        PdfKind::OnePageProfile,
        PdfKind::FamilySummary,
        PdfKind::DecisionLetter,
        PdfKind::AmendmentNotice,
        PdfKind::EhcpFinal,
    ] {
        let Ok(standard) = render_in(&doc, kind, Print::Standard) else {
            continue;
        };
        let large = render_in(&doc, kind, Print::Large).unwrap();
        made += 1;
        let (small_pages, large_pages) =
            (common::font_sizes(&standard), common::font_sizes(&large));
        // The one-page profile may still fit its page at 18 pt; the others flow on.
        let more = kind != PdfKind::OnePageProfile;
        assert!(
            large_pages.len() > small_pages.len()
                || !more && large_pages.len() == small_pages.len(),
            "{kind:?}: {} pages in large print, {} in standard",
            large_pages.len(),
            small_pages.len()
        );
        for sizes in &large_pages {
            let below: Vec<f32> = sizes.iter().copied().filter(|s| *s < 18.0).collect();
            // The header (name, document) and footer (title, page number) only.
            assert!(below.len() <= 4, "{kind:?}: sizes {sizes:?}");
            assert!(
                below.iter().all(|s| *s >= 12.0),
                "{kind:?}: sizes {sizes:?}"
            );
        }
        assert!(
            small_pages.iter().flatten().any(|s| *s < 12.0),
            "{kind:?}: the standard version is the usual size"
        );
    }
    assert!(made >= 4, "only {made} kinds rendered for the demo child");
}

/// `northstar pdf ID --kind KIND --out FILE` on the data folder `dir`.
fn pdf_cli(dir: &Path, id: &str, kind: &str, file: &Path) -> std::process::Output {
    northstar_in(
        dir,
        &["pdf", id, "--kind", kind, "--out", file.to_str().unwrap()],
    )
}

#[test]
fn the_cli_writes_each_kind_and_bad_input_leaves_no_file() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    assert!(northstar_in(data.path(), &["demo"]).status.success());
    let id = common::demo(KACPER).id;
    for kind in [
        "ehcp-draft",
        "review-report",
        "one-page-profile",
        "family-summary",
    ] {
        let file = out.path().join(format!("{kind}.pdf"));
        let o = pdf_cli(data.path(), &id, kind, &file);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(std::fs::read(&file).unwrap().starts_with(b"%PDF-"));
    }

    let file = out.path().join("missing.pdf");
    let o = pdf_cli(data.path(), "no-such-review", "ehcp-draft", &file);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no review with id \"no-such-review\""));
    assert!(!file.exists());

    let file = out.path().join("no-such-folder/plan.pdf");
    let o = pdf_cli(data.path(), &id, "ehcp-draft", &file);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("could not write") && err.contains("plan.pdf"),
        "{err}"
    );
    assert!(!out.path().join("no-such-folder").exists());

    // A folder that cannot be written: nothing is left behind, not even the temporary file.
    let locked = out.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    let file = locked.join("plan.pdf");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(locked.join("probe"), b"").is_ok() {
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        // Running as root, permissions do not stop us; use a path that is a folder instead.
        std::fs::remove_file(locked.join("probe")).unwrap();
        std::fs::create_dir(&file).unwrap();
    }
    let o = pdf_cli(data.path(), &id, "ehcp-draft", &file);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("could not write"));
    let left: Vec<_> = std::fs::read_dir(&locked).unwrap().collect();
    assert!(
        left.len() <= 1,
        "only the folder in the way remains: {left:?}"
    );

    let o = pdf_cli(data.path(), &id, "poster", Path::new("x.pdf"));
    assert!(!o.status.success());
}

#[test]
fn the_preview_shows_the_same_pages_as_the_pdf() {
    let mut doc = multi_script();
    doc.young_person.preferred_name = Some("Kacper <\"K\"> & co".into());
    for kind in [
        PdfKind::EhcpDraft,
        PdfKind::ReviewReport,
        PdfKind::OnePageProfile,
    ] {
        let pdf = write(&doc, kind);
        let preview = northstar_engine::pdf::preview(&doc, kind).unwrap();
        assert_eq!(
            preview.len(),
            pages(&pdf),
            "{kind:?}: one picture per PDF page"
        );
        for (i, svg) in preview.iter().enumerate() {
            assert!(
                svg.starts_with("<svg ") && svg.ends_with("</svg>"),
                "{kind:?}"
            );
            let footer = format!("Page {} of {}", i + 1, preview.len());
            assert!(
                kind == PdfKind::OnePageProfile || svg.contains(&footer),
                "{kind:?} page {i} lacks {footer:?}"
            );
        }
        // The name is escaped, never raw markup.
        let all = preview.concat();
        assert!(
            all.contains("Kacper &lt;&quot;K&quot;&gt; &amp; co"),
            "{kind:?}"
        );
        assert!(!all.contains("<\"K\">"), "{kind:?}");
        // The words on the pages are the PDF's words.
        let pdf_text = squash(&text(&pdf));
        for word in ["Δρ", "Смирнова"]
            .iter()
            .filter(|_| kind == PdfKind::EhcpDraft)
        {
            assert!(all.contains(word) && pdf_text.contains(word), "{word}");
        }
    }
    let draft = northstar_engine::pdf::preview(&doc, PdfKind::EhcpDraft).unwrap();
    assert!(
        draft[0].contains(">DRAFT</text>"),
        "the watermark shows in the preview"
    );
}
