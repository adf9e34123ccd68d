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
    fn subsets_are_small_and_keep_a_cmap() {
        let used: BTreeSet<char> = "Łukasz Ωμέγα".chars().collect();
        let bytes = subset(Face::Regular, &used).unwrap();
        assert!(bytes.len() < 40_000, "subset is {} bytes", bytes.len());
        let face = ttf_parser::Face::parse(&bytes, 0).unwrap();
        assert!(face.glyph_index('Ł').is_some());
    }
}
