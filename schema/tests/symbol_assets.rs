//! The symbol table and the vendored pictures in `assets/symbols/` agree: every symbol has its
//! SVG (for the window) and its PNG (for the PDFs), no picture lies there without a table
//! entry, and the licence file names every picture with the OpenMoji hexcode it came from.

use northstar_schema::symbols::{Symbol, SYMBOLS};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn assets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/symbols")
}

/// The file stems in `dir` with extension `ext`, and any file that has another extension.
fn stems(dir: &Path, ext: &str) -> (BTreeSet<String>, Vec<String>) {
    let mut found = BTreeSet::new();
    let mut strays = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        match (path.extension().and_then(|e| e.to_str()), path.file_stem()) {
            (Some(e), Some(stem)) if e == ext => {
                found.insert(stem.to_string_lossy().into_owned());
            }
            _ => strays.push(path.display().to_string()),
        }
    }
    (found, strays)
}

#[test]
fn every_symbol_has_its_svg_and_png_and_no_picture_lacks_an_entry() {
    let ids: BTreeSet<String> = SYMBOLS.iter().map(|s| s.id.to_string()).collect();
    for (folder, ext) in [("svg", "svg"), ("png", "png")] {
        let (found, strays) = stems(&assets().join(folder), ext);
        assert!(strays.is_empty(), "not {ext} files: {strays:?}");
        let missing: Vec<_> = ids.difference(&found).collect();
        assert!(missing.is_empty(), "symbols without a {ext}: {missing:?}");
        let unlisted: Vec<_> = found.difference(&ids).collect();
        assert!(
            unlisted.is_empty(),
            "{ext} files with no symbol: {unlisted:?}"
        );
    }
}

#[test]
fn the_pictures_are_what_they_claim_to_be() {
    for s in SYMBOLS {
        let svg = std::fs::read_to_string(assets().join(format!("svg/{}.svg", s.id))).unwrap();
        assert!(
            svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"),
            "{}",
            s.id
        );
        assert!(svg.len() < 20_000, "{} is {} bytes", s.id, svg.len());
        // No script or outside reference can ride along in a picture the window shows.
        for banned in ["<script", "href=\"http", "javascript:", "<foreignObject"] {
            assert!(!svg.contains(banned), "{} contains {banned}", s.id);
        }

        let png = std::fs::read(assets().join(format!("png/{}.png", s.id))).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{}", s.id);
        // IHDR: width and height (big-endian), bit depth 8, colour type 6 (RGBA).
        let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        assert_eq!(&png[12..16], b"IHDR", "{}", s.id);
        assert_eq!((be(16), be(20)), (96, 96), "{}", s.id);
        assert_eq!((png[24], png[25]), (8, 6), "{}", s.id);
    }
}

#[test]
fn the_licence_names_every_picture_and_where_it_came_from() {
    let licence = std::fs::read_to_string(assets().join("LICENSE.md")).unwrap();
    assert!(licence.contains("OpenMoji"));
    assert!(licence.contains("CC BY-SA 4.0"));
    assert!(licence.contains("https://creativecommons.org/licenses/by-sa/4.0/"));
    for s in SYMBOLS {
        let row = format!("| `{}` | {} |", s.id, s.openmoji);
        assert!(licence.contains(&row), "LICENSE.md lacks {row}");
    }
    let rows = licence.lines().filter(|l| l.starts_with("| `")).count();
    assert_eq!(rows, SYMBOLS.len(), "a row for each picture, and no others");
    assert!(Symbol::by_id("football").is_some());
}
