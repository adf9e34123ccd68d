//! The one-page profile in easy read, exported from a store as the app and the CLI do: the
//! young person's drawing (a PNG attachment in the blob store) and the symbols they chose are
//! embedded as images, their words are in the text, the type is large, and a damaged drawing
//! or a JPEG photo becomes a note rather than a failure. Checked with lopdf and poppler-utils.
//!
//! Rendered pages are kept in `test-output/pdf/easy-read-*.png` to look at.

mod common;

use common::northstar_in;
use northstar_engine::pdf::{self, PdfKind};
use northstar_engine::workspace::NewAttachment;
use northstar_engine::{Author, DataKey, Store, Workspace};
use northstar_schema::edit::ReviewEdit;
use northstar_schema::{AttachmentKind, Contribution, ContributionKind, Role};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Amara: early years, communicates with symbols; her contributions chose `train` and `happy`.
const AMARA: &str = "718eaa3a";
const WORDS: &str = "I like drawing trains with my grandad at the park";

/// A PNG drawing `w` × `h`: a transparent canvas with a diagonal stroke, as the drawing pad
/// makes them.
fn drawing(w: u32, h: u32) -> Vec<u8> {
    let mut pixels = vec![0u8; (w * h * 4) as usize];
    for x in 0..w {
        let y = x * h / w;
        let at = ((y * w + x) * 4) as usize;
        pixels[at..at + 4].copy_from_slice(&[200, 30, 30, 255]);
    }
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, w, h);
    e.set_color(png::ColorType::Rgba);
    e.set_depth(png::BitDepth::Eight);
    e.write_header().unwrap().write_image_data(&pixels).unwrap();
    out
}

/// A workspace in `dir` holding Amara's review with one more contribution of hers: words,
/// symbols (one an emoji saved before the symbol set) and the given attachments, each stored
/// through `Workspace::attach` as the young person's screen does.
fn amara_with(dir: &Path, attachments: &[(AttachmentKind, &str, Vec<u8>)]) -> (Workspace, String) {
    let mut store = Store::open(dir, &DataKey::for_tests(dir)).unwrap();
    let doc = common::demo(AMARA);
    let id = doc.id.clone();
    store.create(&doc).unwrap();
    let mut w = Workspace::new(store).unwrap();
    w.set_author(Author {
        name: "Ngozi Nwosu".into(),
        role: Role::ParentCarer,
    })
    .unwrap();
    let space = w
        .edit_young_person_space(
            &id,
            &ReviewEdit::UpsertContribution {
                contribution: Contribution {
                    kind: ContributionKind::WhatILike,
                    text: WORDS.into(),
                    symbols: vec!["grandparent".into(), "park".into(), "🎨".into()],
                    ..Default::default()
                },
            },
        )
        .unwrap();
    let contribution = space
        .contributions
        .iter()
        .find(|c| c.text.as_str() == WORDS)
        .unwrap()
        .id
        .clone();
    for (kind, media_type, bytes) in attachments {
        w.attach(
            &id,
            NewAttachment {
                contribution_id: contribution.clone(),
                kind: *kind,
                media_type: media_type.to_string(),
                caption: None,
            },
            bytes,
        )
        .unwrap();
    }
    (w, id)
}

fn export(w: &mut Workspace, id: &str, out: &Path) -> lopdf::Document {
    pdf::export(
        w.store(),
        id,
        PdfKind::EasyReadProfile,
        pdf::Print::Standard,
        out,
    )
    .unwrap();
    lopdf::Document::load(out).unwrap()
}

/// The width × height of every image XObject in the file (soft masks excluded), each once.
fn images(doc: &lopdf::Document) -> Vec<(i64, i64)> {
    let masks: BTreeSet<lopdf::ObjectId> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter_map(|s| s.dict.get(b"SMask").and_then(|m| m.as_reference()).ok())
        .collect();
    doc.objects
        .iter()
        .filter(|(id, _)| !masks.contains(id))
        .filter_map(|(_, o)| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|t| t.as_name())
                .is_ok_and(|t| t == b"Image")
        })
        .map(|s| {
            let n = |k: &[u8]| s.dict.get(k).and_then(|v| v.as_i64()).unwrap();
            (n(b"Width"), n(b"Height"))
        })
        .collect()
}

/// How many times images are drawn (`Do`) on all pages, and every font size set (`Tf`).
fn drawn_and_sizes(doc: &lopdf::Document) -> (usize, Vec<f32>) {
    let (mut drawn, mut sizes) = (0, Vec::new());
    for page in doc.get_pages().values() {
        let content = lopdf::content::Content::decode(&doc.get_page_content(*page)).unwrap();
        for op in content.operations {
            match op.operator.as_str() {
                "Do" => drawn += 1,
                "Tf" => sizes.push(op.operands[1].as_float().unwrap()),
                _ => {}
            }
        }
    }
    (drawn, sizes)
}

fn pdftotext(path: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Whitespace-free, so words wrapped across lines compare equal.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Renders the first two pages to PNG in test-output/pdf/ (pdftoppm fails on a page it cannot
/// draw).
fn render_pages(pdf: &Path, name: &str) {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-output/pdf");
    std::fs::create_dir_all(&out).unwrap();
    let o = Command::new("pdftoppm")
        .args(["-r", "60", "-png", "-l", "2"])
        .arg(pdf)
        .arg(out.join(name))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_drawing_and_the_chosen_symbols_are_embedded_with_their_words_in_large_type() {
    let dir = tempfile::tempdir().unwrap();
    let (mut w, id) = amara_with(
        dir.path(),
        &[(AttachmentKind::Drawing, "image/png", drawing(320, 200))],
    );
    let out = dir.path().join("easy.pdf");
    let doc = export(&mut w, &id, &out);

    // The drawing, at its own size, and the symbol pictures (96 × 96): the five headings'
    // and the title's, plus what she chose (grandparent, park, art from an old emoji, and
    // train from the demo) — each embedded once.
    let images = images(&doc);
    assert!(images.contains(&(320, 200)), "the drawing: {images:?}");
    let symbols = images.iter().filter(|s| **s == (96, 96)).count();
    assert!(symbols >= 10, "{symbols} symbol pictures: {images:?}");
    let (drawn, sizes) = drawn_and_sizes(&doc);
    assert!(drawn >= images.len(), "every picture is drawn: {drawn}");

    // Her words, in quotation marks, and every contribution of hers; the symbols' words.
    let text = pdftotext(&out);
    let flat = squash(&text);
    assert!(flat.contains(&squash(&format!("“{WORDS}”"))), "{text}");
    for c in &common::demo(AMARA).voice {
        assert!(
            flat.contains(&squash(c.text.as_str())),
            "{:?} missing",
            c.text.as_str()
        );
    }
    for word in [
        "All about Amara",
        "Things I like",
        "How to help me",
        "grandparent",
        "park",
        "art",
        "train",
        "My drawing",
    ] {
        assert!(flat.contains(&squash(word)), "{word:?} missing:\n{text}");
    }
    assert!(
        text.contains("OpenMoji"),
        "the symbols' licence asks for credit"
    );

    // Large type: the body is 18 pt; nothing but the page header and footer is under 16 pt.
    assert!(sizes.contains(&18.0), "{sizes:?}");
    for size in &sizes {
        assert!(*size >= 16.0 || *size <= 9.0, "text at {size} pt");
    }
    // The header's two sides, the footer's credit and "Page n of m": four a page.
    let small = sizes.iter().filter(|s| **s < 16.0).count();
    assert!(
        small <= 4 * doc.get_pages().len(),
        "only the header and footer are small: {sizes:?}"
    );
    render_pages(&out, "easy-read-profile");

    // The preview shows the same pages, with the pictures in them.
    let preview = pdf::preview_stored(
        w.store(),
        &id,
        PdfKind::EasyReadProfile,
        pdf::Print::Standard,
    )
    .unwrap();
    assert_eq!(preview.len(), doc.get_pages().len());
    let all = preview.concat();
    assert!(
        all.matches("<image ").count() >= drawn,
        "{} pictures in the preview",
        all.matches("<image ").count()
    );
    assert!(all.contains("href=\"data:image/png;base64,"));
}

#[test]
fn a_damaged_drawing_or_a_jpeg_photo_becomes_a_note_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let mut damaged = drawing(64, 64);
    let half = damaged.len() / 2;
    damaged.truncate(half);
    damaged.extend(b"this is not the rest of a PNG".repeat(4));
    let jpeg = [&[0xFF, 0xD8, 0xFF, 0xE0][..], b"fictional photo bytes"].concat();
    let (mut w, id) = amara_with(
        dir.path(),
        &[
            (AttachmentKind::Drawing, "image/png", damaged),
            (AttachmentKind::Photo, "image/jpeg", jpeg),
            (
                AttachmentKind::Drawing,
                "image/png",
                b"\x89PNG\r\n\x1a\nnothing else".to_vec(),
            ),
        ],
    );
    let out = dir.path().join("easy.pdf");
    let doc = export(&mut w, &id, &out);
    let text = squash(&pdftotext(&out));
    assert_eq!(
        text.matches(&squash(
            "(A drawing could not be shown here: the file is damaged.)"
        ))
        .count(),
        2,
        "{text}"
    );
    assert!(
        text.contains(&squash("It cannot be shown in this PDF.")),
        "{text}"
    );
    assert!(text.contains(&squash(WORDS)));
    // Only the symbol pictures are embedded.
    assert!(
        images(&doc).iter().all(|s| *s == (96, 96)),
        "{:?}",
        images(&doc)
    );
    render_pages(&out, "easy-read-profile-damaged");

    // Rendered without the store (as `render` does), the drawings are named, not shown.
    let bytes = pdf::render(&w.store().get(&id).unwrap(), PdfKind::EasyReadProfile).unwrap();
    let plain = dir.path().join("plain.pdf");
    std::fs::write(&plain, bytes).unwrap();
    assert!(squash(&pdftotext(&plain))
        .contains(&squash("(A drawing that is not on this computer yet.)")));
}

#[test]
fn the_cli_writes_the_easy_read_profile() {
    let data = tempfile::tempdir().unwrap();
    assert!(northstar_in(data.path(), &["demo"]).status.success());
    let id = common::demo(AMARA).id;
    let file = data.path().join("easy-read.pdf");
    let o = northstar_in(
        data.path(),
        &[
            "pdf",
            &id,
            "--kind",
            "easy-read-profile",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let doc = lopdf::Document::load(&file).unwrap();
    // Amara chose `train` and `happy` in the demo: with the headings' pictures, at least six.
    assert!(images(&doc).len() >= 6, "{:?}", images(&doc));
    assert!(squash(&pdftotext(&file)).contains("AllaboutAmara"));
}
