//! Tagged PDF for screen readers, checked structurally on every kind of document (veraPDF,
//! the usual PDF/UA validator, is a Java program this machine cannot install from a package
//! registry). What is checked, per document:
//!
//! 1. the catalog says the file is tagged (`/MarkInfo /Marked true`), has a structure tree,
//!    a document language, and asks viewers to show the title;
//! 2. every page points into the parent tree (`/StructParents`) and tabs in structure order;
//! 3. every piece of text, picture and filled shape drawn is inside marked content: tagged
//!    with an MCID, or an `/Artifact` (header, footer, rules, charts, bullets);
//! 4. every MCID is used once on its page, and the parent tree sends it to a structure
//!    element whose kids hold exactly that page and MCID;
//! 5. the tree is well formed: each element names its type and parent; lists are L → LI →
//!    LBody, tables Table → TR → TH/TD with a header row first; every figure has `/Alt`;
//!    and each document has at least one heading.

mod common;

use lopdf::{Dictionary, Document, Object, ObjectId};
use northstar_engine::pdf::{render, render_in, PdfKind, Print};
use std::collections::{BTreeMap, BTreeSet};

const KACPER: &str = "a3df13df";

/// What the structure tree holds, by element type, for assertions beyond well-formedness.
#[derive(Debug, Default)]
struct Structure {
    types: BTreeMap<String, usize>,
    tagged_pieces: usize,
    artifact_pieces: usize,
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    match o {
        Object::Reference(id) => doc.get_dictionary(*id).expect("a dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("expected a dictionary, found {other:?}"),
    }
}

fn name(d: &Dictionary, key: &[u8]) -> String {
    String::from_utf8_lossy(d.get(key).and_then(Object::as_name).expect("a name")).into_owned()
}

/// Checks `pdf` and returns what its structure holds; panics, naming the rule, if not tagged.
fn check(pdf: &[u8], what: &str) -> Structure {
    let doc = Document::load_mem(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    // 1. The catalog.
    let marked = dict(&doc, catalog.get(b"MarkInfo").expect("/MarkInfo"))
        .get(b"Marked")
        .and_then(Object::as_bool)
        .unwrap();
    assert!(marked, "{what}: /Marked true");
    assert!(catalog.get(b"Lang").is_ok(), "{what}: /Lang");
    let prefs = dict(&doc, catalog.get(b"ViewerPreferences").unwrap());
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    let root = dict(
        &doc,
        catalog.get(b"StructTreeRoot").expect("/StructTreeRoot"),
    );
    assert_eq!(name(root, b"Type"), "StructTreeRoot");
    let nums = dict(&doc, root.get(b"ParentTree").unwrap())
        .get(b"Nums")
        .and_then(Object::as_array)
        .unwrap();
    let parent_tree: BTreeMap<i64, &Vec<Object>> = nums
        .chunks(2)
        .map(|pair| {
            let array = match &pair[1] {
                Object::Reference(id) => doc.get_object(*id).unwrap().as_array().unwrap(),
                other => other.as_array().unwrap(),
            };
            (pair[0].as_i64().unwrap(), array)
        })
        .collect();

    let mut out = Structure::default();
    for (page_no, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).unwrap();
        // 2. The page.
        let key = page
            .get(b"StructParents")
            .and_then(Object::as_i64)
            .unwrap_or_else(|_| panic!("{what}: page {page_no} has /StructParents"));
        assert_eq!(name(page, b"Tabs"), "S", "{what}: page {page_no} /Tabs");
        // 3. Every drawing operator inside marked content.
        let content = lopdf::content::Content::decode(&doc.get_page_content(page_id)).unwrap();
        let mut stack: Vec<Option<i64>> = Vec::new();
        let mut mcids = BTreeSet::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" => {
                    let mcid = match &op.operands[1] {
                        Object::Dictionary(d) => d.get(b"MCID").ok().and_then(|m| m.as_i64().ok()),
                        _ => None,
                    };
                    if let Some(m) = mcid {
                        assert!(mcids.insert(m), "{what}: MCID {m} twice on page {page_no}");
                        out.tagged_pieces += 1;
                    }
                    stack.push(mcid);
                }
                "BMC" => {
                    let tag = op.operands[0].as_name().unwrap();
                    assert_eq!(tag, b"Artifact", "{what}: untagged BMC");
                    out.artifact_pieces += 1;
                    stack.push(None);
                }
                "EMC" => {
                    assert!(stack.pop().is_some(), "{what}: EMC without BDC/BMC");
                }
                "Tj" | "TJ" | "'" | "\"" | "Do" | "f" | "F" | "f*" | "S" | "B" => {
                    assert!(
                        !stack.is_empty(),
                        "{what}: page {page_no} draws `{}` outside marked content",
                        op.operator
                    );
                }
                _ => {}
            }
        }
        assert!(stack.is_empty(), "{what}: marked content left open");
        // 4. The parent tree sends each MCID to the element holding it.
        let parents = parent_tree
            .get(&key)
            .unwrap_or_else(|| panic!("{what}: no parent tree entry {key}"));
        assert_eq!(parents.len(), mcids.len(), "{what}: page {page_no}");
        for mcid in &mcids {
            let elem_ref = parents[*mcid as usize].as_reference().unwrap();
            let elem = doc.get_dictionary(elem_ref).unwrap();
            let kids = elem.get(b"K").and_then(Object::as_array).unwrap();
            let holds = kids.iter().any(|k| match k {
                Object::Dictionary(mcr) => {
                    mcr.get(b"MCID").and_then(Object::as_i64).ok() == Some(*mcid)
                        && mcr.get(b"Pg").and_then(Object::as_reference).ok() == Some(page_id)
                }
                _ => false,
            });
            assert!(
                holds,
                "{what}: MCID {mcid} of page {page_no} is not in its element"
            );
        }
    }

    // 5. The tree.
    let top = root.get(b"K").and_then(Object::as_reference).unwrap();
    walk(&doc, top, None, what, &mut out);
    assert!(
        out.types.contains_key("H1") || out.types.contains_key("H2"),
        "{what}: at least one heading: {:?}",
        out.types
    );
    out
}

fn walk(doc: &Document, id: ObjectId, parent: Option<&str>, what: &str, out: &mut Structure) {
    let elem = doc.get_dictionary(id).unwrap();
    assert_eq!(name(elem, b"Type"), "StructElem");
    let kind = name(elem, b"S");
    assert!(elem.get(b"P").is_ok(), "{what}: {kind} has a parent");
    let allowed: &[&str] = match parent {
        None => &["StructTreeRoot"],
        Some("Document") => &["H1", "H2", "P", "L", "Table", "Figure", "Caption"],
        Some("L") => &["LI"],
        Some("LI") => &["LBody"],
        Some("Table") => &["TR"],
        Some("TR") => &["TH", "TD"],
        Some(other) => panic!("{what}: {other} should hold only content, but holds {kind}"),
    };
    if parent.is_some() {
        assert!(
            allowed.contains(&kind.as_str()),
            "{what}: {kind} inside {parent:?}"
        );
    } else {
        assert_eq!(kind, "Document");
    }
    if kind == "Figure" {
        assert!(elem.get(b"Alt").is_ok(), "{what}: a figure without /Alt");
    }
    *out.types.entry(kind.clone()).or_default() += 1;
    let kids = elem.get(b"K").and_then(Object::as_array).unwrap();
    let child_elems: Vec<ObjectId> = kids.iter().filter_map(|k| k.as_reference().ok()).collect();
    if kind == "Table" {
        // The header row comes first.
        let first = doc.get_dictionary(child_elems[0]).unwrap();
        let cells = first.get(b"K").and_then(Object::as_array).unwrap();
        let cell = doc
            .get_dictionary(cells[0].as_reference().unwrap())
            .unwrap();
        assert_eq!(
            name(cell, b"S"),
            "TH",
            "{what}: a table starts with its header row"
        );
    }
    for child in child_elems {
        walk(doc, child, Some(&kind), what, out);
    }
}

#[test]
fn every_kind_of_document_is_tagged_in_standard_and_large_print() {
    let doc = common::demo(KACPER);
    let mut checked = 0;
    for kind in [
        PdfKind::EhcpDraft,
        PdfKind::ReviewReport,
        PdfKind::OnePageProfile,
        PdfKind::EasyReadProfile,
        PdfKind::FamilySummary,
        PdfKind::DecisionLetter,
        PdfKind::AmendmentNotice,
        PdfKind::EhcpFinal,
    ] {
        let Ok(pdf) = render(&doc, kind) else {
            continue;
        };
        let s = check(&pdf, &format!("{kind:?}"));
        assert!(s.tagged_pieces > 10, "{kind:?}: {s:?}");
        assert!(
            s.artifact_pieces > 0,
            "{kind:?}: the header and footer are artifacts"
        );
        let large = render_in(&doc, kind, Print::Large).unwrap();
        check(&large, &format!("{kind:?} in large print"));
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} kinds rendered");
}

#[test]
fn tables_lists_and_pictures_have_their_structure() {
    let doc = common::demo(KACPER);
    let report = check(&render(&doc, PdfKind::ReviewReport).unwrap(), "report");
    for kind in [
        "Table", "TR", "TH", "TD", "L", "LI", "LBody", "H1", "H2", "P",
    ] {
        assert!(
            report.types.contains_key(kind),
            "the report has {kind}: {report:?}"
        );
    }
    // The easy-read profile's symbols (Amara picked a train and a happy face) are figures
    // with their words as /Alt, and their words under them captions.
    let amara = common::demo("718eaa3a");
    let easy = check(
        &render(&amara, PdfKind::EasyReadProfile).unwrap(),
        "easy read",
    );
    assert!(easy.types.contains_key("Caption"), "{easy:?}");
    assert!(
        easy.types.get("Figure").copied().unwrap_or(0) > 0,
        "{easy:?}"
    );
}

#[test]
fn the_aspirations_report_reads_its_tables_and_skips_its_charts() {
    use northstar_schema::aspirations_report::AspirationsReport;
    let docs = northstar_engine::demo::demo_documents().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let report = AspirationsReport::of(&docs, today);
    let pdf = northstar_engine::pdf::aspirations_report(&report).unwrap();
    let s = check(&pdf, "aspirations report");
    assert!(s.types.get("Table").copied().unwrap_or(0) >= 6, "{s:?}");
    // Bars, axes and chart labels repeat the tables: all artifacts.
    assert!(s.artifact_pieces > 100, "{s:?}");
}

/// A right-to-left document (the one-page profile in Urdu) and a letter with a page in
/// Bengali pass the same checks: the shaped lines' /Span with /ActualText sits inside their
/// tagged content, and the document's or the page's language is declared.
#[test]
fn right_to_left_and_shaped_documents_are_tagged_too() {
    use northstar_engine::pdf::Version;
    use northstar_schema::Language;
    let doc = common::demo(KACPER);
    let urdu = render_in(
        &doc,
        PdfKind::OnePageProfile,
        Version {
            print: Print::Standard,
            language: Language::Urdu,
        },
    )
    .unwrap();
    let s = check(&urdu, "profile in Urdu");
    assert!(s.tagged_pieces > 5, "{s:?}");
    let lo = Document::load_mem(&urdu).unwrap();
    let lang = lo
        .catalog()
        .unwrap()
        .get(b"Lang")
        .unwrap()
        .as_str()
        .unwrap();
    assert_eq!(&lang[2..], "\0u\0r".as_bytes(), "/Lang (ur) in UTF-16");
    for print in [Print::Standard, Print::Large] {
        let letter = render_in(
            &doc,
            PdfKind::DecisionLetter,
            Version {
                print,
                language: Language::Bengali,
            },
        )
        .unwrap();
        check(&letter, &format!("decision letter with Bengali, {print:?}"));
    }
}
