//! The embedded typefaces: DejaVu Sans regular and bold (Bitstream Vera licence, which
//! permits embedding; see `src-tauri/fonts/DejaVu-LICENSE.txt`).
//!
//! Key types: [`Face`] (regular or bold) and [`Metrics`], glyph advances read with
//! ttf-parser so wrapping measures exactly what the PDF will draw. [`subset`] cuts a face
//! down to the glyphs a document uses, because printpdf only subsets when built with its
//! heavy HTML layout feature, and the whole pair of faces would add about 1.4 MB to every file.

use crate::{EngineError, Result};
use std::collections::BTreeSet;
use std::sync::OnceLock;

const REGULAR_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// Which of the two embedded faces a run of text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
}

impl Face {
    pub const ALL: [Face; 2] = [Face::Regular, Face::Bold];

    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR_TTF,
            Face::Bold => BOLD_TTF,
        }
    }

    pub fn metrics(self) -> &'static Metrics {
        static REGULAR: OnceLock<Metrics> = OnceLock::new();
        static BOLD: OnceLock<Metrics> = OnceLock::new();
        let cell = match self {
            Face::Regular => &REGULAR,
            Face::Bold => &BOLD,
        };
        // The faces are compiled in and known to parse; a test checks both.
        cell.get_or_init(|| Metrics::parse(self.bytes()).expect("embedded font parses"))
    }
}

/// Advance widths of one face, in font units.
pub struct Metrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
}

impl Metrics {
    fn parse(bytes: &'static [u8]) -> Option<Metrics> {
        let face = ttf_parser::Face::parse(bytes, 0).ok()?;
        let units_per_em = f32::from(face.units_per_em());
        Some(Metrics { face, units_per_em })
    }

    /// Whether the face can draw this character (anything else shows as a box).
    pub fn covers(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// The width of `text` at `size` points. Characters the face lacks are measured as
    /// the .notdef box they will be drawn as, so nothing is ever measured narrower than drawn.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                let gid = self.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
                u32::from(self.face.glyph_hor_advance(gid).unwrap_or(0))
            })
            .sum();
        units as f32 * size / self.units_per_em
    }
}

/// Scripts whose letters join, reorder or run right to left. The PDFs do not shape text yet,
/// so these would come out in the wrong order or shape even where the font has the letters:
/// they are left out, named, rather than printed wrongly.
const NEEDS_SHAPING: [(u32, u32, &str); 16] = [
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic-script"),
    (0x0750, 0x077F, "Arabic-script"),
    (0x08A0, 0x08FF, "Arabic-script"),
    (0xFB50, 0xFDFF, "Arabic-script"),
    (0xFE70, 0xFEFF, "Arabic-script"),
    (0x0700, 0x074F, "Syriac"),
    (0x0900, 0x097F, "Devanagari"),
    (0x0980, 0x09FF, "Bengali"),
    (0x0A00, 0x0A7F, "Gurmukhi (Punjabi)"),
    (0x0A80, 0x0AFF, "Gujarati"),
    (0x0B80, 0x0BFF, "Tamil"),
    (0x0C00, 0x0DFF, "South Indian or Sinhala"),
    (0x0E00, 0x0EFF, "Thai or Lao"),
    (0x1200, 0x139F, "Ethiopic"),
    (0x1000, 0x109F, "Myanmar"),
];

/// The script a character the PDFs cannot set belongs to, or `None` if `face` draws it.
pub fn not_shown(c: char, face: Face) -> Option<&'static str> {
    let code = u32::from(c);
    if let Some((.., name)) = NEEDS_SHAPING
        .iter()
        .find(|(from, to, _)| (*from..=*to).contains(&code))
    {
        return Some(name);
    }
    if c.is_whitespace() || c.is_control() || face.metrics().covers(c) {
        return None;
    }
    Some(match code {
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF => "Chinese, Japanese or Korean",
        0x1F000..=0x1FAFF | 0x2600..=0x27BF => "emoji",
        _ => "another",
    })
}

/// The words left in a PDF where text in `script` could not be set.
pub fn not_shown_note(script: &str) -> String {
    format!("[{script} text not shown]")
}

/// `text` as the PDF can set it: each run of a script it cannot show (with the spaces and
/// punctuation inside the run) becomes one [`not_shown_note`], so nothing is printed as empty
/// boxes or as letters in the wrong order, and the export can say what was left out.
pub fn printable(text: &str, face: Face) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| not_shown(c, face).is_some()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut run: Option<&'static str> = None;
    // Spaces and punctuation after a run, kept until we know whether the run goes on.
    let mut pending = String::new();
    for c in text.chars() {
        match not_shown(c, face) {
            Some(script) if run == Some(script) => pending.clear(),
            Some(script) => {
                out.push_str(&pending);
                pending.clear();
                run = Some(script);
                out.push_str(&not_shown_note(script));
            }
            None if run.is_some() && (c.is_whitespace() || c.is_ascii_punctuation()) => {
                pending.push(c);
            }
            None => {
                run = None;
                out.push_str(&pending);
                pending.clear();
                out.push(c);
            }
        }
    }
    out.push_str(&pending);
    std::borrow::Cow::Owned(out)
}

/// The scripts `text` (as made [`printable`]) had to leave out, each once.
pub fn notes_in(text: &str) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    let all = NEEDS_SHAPING.iter().map(|(.., name)| *name).chain([
        "Chinese, Japanese or Korean",
        "emoji",
        "another",
    ]);
    for name in all {
        if !names.contains(&name) && text.contains(&not_shown_note(name)) {
            names.push(name);
        }
    }
    names
}

/// A face cut down to the characters `used`, still with a Unicode cmap so printpdf can map
/// text to glyphs and write /ToUnicode (copy-paste and pdftotext keep working).
pub fn subset(face: Face, used: &BTreeSet<char>) -> Result<Vec<u8>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};

    let metrics = face.metrics();
    // Glyph 0 (.notdef) must come first; the rest sorted and unique.
    let glyphs: BTreeSet<u16> = used
        .iter()
        .filter_map(|c| metrics.face.glyph_index(*c))
        .map(|g| g.0)
        .filter(|g| *g != 0)
        .collect();
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
    let failed = |e: String| EngineError::PdfFont(format!("could not subset DejaVu Sans: {e}"));
    let file = ReadScope::new(face.bytes())
        .read::<FontData<'_>>()
        .map_err(|e| failed(e.to_string()))?;
    let provider = file.table_provider(0).map_err(|e| failed(e.to_string()))?;
    allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| failed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_parse_and_cover_european_scripts() {
        for face in Face::ALL {
            let m = face.metrics();
            for c in "Zoë Łukasz Ωμέγα Жанна ŞĞ".chars() {
                assert!(m.covers(c), "{face:?} lacks {c:?}");
            }
            assert!(m.width("Wide", 12.0) > m.width("ii", 12.0));
        }
    }

    #[test]
    fn text_the_pdf_cannot_set_is_named_once_per_run_never_boxed() {
        // Latin, Polish and Greek pass through untouched.
        assert!(matches!(
            printable("Zoë Łukasz Ωμέγα", Face::Regular),
            std::borrow::Cow::Borrowed(_)
        ));
        // A Bengali sentence is one note, its spaces inside the run included.
        let out = printable("Aisha said: আমি স্কুলে যাই, thanks", Face::Regular);
        assert_eq!(out, "Aisha said: [Bengali text not shown], thanks");
        // Two scripts side by side are two notes; Urdu is named as Arabic script.
        let out = printable("میں ਪੰਜਾਬੀ", Face::Regular);
        assert_eq!(
            out,
            "[Arabic-script text not shown] [Gurmukhi (Punjabi) text not shown]"
        );
        let found = notes_in(&out);
        assert_eq!(found, ["Arabic-script", "Gurmukhi (Punjabi)"]);
        // Characters no font has are named too, never drawn as boxes.
        let out = printable("Mei 美 ok", Face::Bold);
        assert_eq!(out, "Mei [Chinese, Japanese or Korean text not shown] ok");
        for c in out.chars() {
            assert!(not_shown(c, Face::Bold).is_none(), "{c:?} would be a box");
        }
    }

    #[test]
    fn subsets_are_small_and_keep_a_cmap() {
        let used: BTreeSet<char> = "Łukasz Ωμέγα".chars().collect();
        let bytes = subset(Face::Regular, &used).unwrap();
        assert!(bytes.len() < 40_000, "subset is {} bytes", bytes.len());
        let face = ttf_parser::Face::parse(&bytes, 0).unwrap();
        assert!(face.glyph_index('Ł').is_some());
    }
}
