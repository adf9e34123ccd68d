//! The embedded typefaces: DejaVu Sans regular and bold for Latin, Greek and Cyrillic
//! (Bitstream Vera licence, which permits embedding; see `engine/fonts/DejaVu-LICENSE.txt`),
//! and Noto Naskh Arabic, Noto Sans Bengali and Noto Sans Gurmukhi, regular and bold, for
//! Urdu and Arabic, Bengali and Punjabi (SIL Open Font License; `engine/fonts/Noto-LICENSE.md`).
//!
//! Key types: [`Face`] (regular or bold, what a style asks for), [`Family`] (which typeface a
//! script is set in), [`Font`] (one embedded file: a family in a face) and [`Metrics`], glyph
//! advances read with ttf-parser so wrapping measures exactly what the PDF will draw.
//! [`subset`] cuts a font down to the glyphs a document uses, because printpdf only subsets
//! when built with its heavy HTML layout feature, and the whole set of faces would add about
//! 2.3 MB to every file. Text in the Noto scripts is shaped by `shape.rs`.

use crate::{EngineError, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

const REGULAR_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// Which of the two embedded faces a run of text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// The typeface a script is set in. Latin also covers Greek, Cyrillic and everything else
/// DejaVu Sans draws without shaping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Latin,
    /// Urdu, Arabic, Persian and other languages in Arabic script (Noto Naskh Arabic).
    Arabic,
    Bengali,
    /// Punjabi as written in India (Noto Sans Gurmukhi).
    Gurmukhi,
}

impl Family {
    /// The family whose letters `c` is, or `None` for characters any script uses (spaces,
    /// punctuation, digits, joiners, combining marks), which go with the text around them.
    pub fn of(c: char) -> Option<Family> {
        match u32::from(c) {
            0x0600..=0x06FF
            | 0x0750..=0x077F
            | 0x08A0..=0x08FF
            | 0xFB50..=0xFDFF
            | 0xFE70..=0xFEFF => Some(Family::Arabic),
            0x0980..=0x09FF => Some(Family::Bengali),
            0x0A00..=0x0A7F => Some(Family::Gurmukhi),
            _ if c.is_alphabetic() => Some(Family::Latin),
            _ => None,
        }
    }

    /// The script's name in the words a PDF leaves when it cannot set a character.
    pub fn script_name(self) -> &'static str {
        match self {
            Family::Latin => "another",
            Family::Arabic => "Arabic-script",
            Family::Bengali => "Bengali",
            Family::Gurmukhi => "Gurmukhi (Punjabi)",
        }
    }
}

const NASKH_REGULAR: &[u8] = include_bytes!("../../fonts/NotoNaskhArabic-Regular.ttf");
const NASKH_BOLD: &[u8] = include_bytes!("../../fonts/NotoNaskhArabic-Bold.ttf");
const BENGALI_REGULAR: &[u8] = include_bytes!("../../fonts/NotoSansBengali-Regular.ttf");
const BENGALI_BOLD: &[u8] = include_bytes!("../../fonts/NotoSansBengali-Bold.ttf");
const GURMUKHI_REGULAR: &[u8] = include_bytes!("../../fonts/NotoSansGurmukhi-Regular.ttf");
const GURMUKHI_BOLD: &[u8] = include_bytes!("../../fonts/NotoSansGurmukhi-Bold.ttf");

/// One embedded font file: a family in a face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Font {
    pub family: Family,
    pub face: Face,
}

impl Font {
    pub const fn new(family: Family, face: Face) -> Font {
        Font { family, face }
    }

    pub const ALL: [Font; 8] = [
        Font::new(Family::Latin, Face::Regular),
        Font::new(Family::Latin, Face::Bold),
        Font::new(Family::Arabic, Face::Regular),
        Font::new(Family::Arabic, Face::Bold),
        Font::new(Family::Bengali, Face::Regular),
        Font::new(Family::Bengali, Face::Bold),
        Font::new(Family::Gurmukhi, Face::Regular),
        Font::new(Family::Gurmukhi, Face::Bold),
    ];

    fn index(self) -> usize {
        Font::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    pub fn bytes(self) -> &'static [u8] {
        match (self.family, self.face) {
            (Family::Latin, face) => face.bytes(),
            (Family::Arabic, Face::Regular) => NASKH_REGULAR,
            (Family::Arabic, Face::Bold) => NASKH_BOLD,
            (Family::Bengali, Face::Regular) => BENGALI_REGULAR,
            (Family::Bengali, Face::Bold) => BENGALI_BOLD,
            (Family::Gurmukhi, Face::Regular) => GURMUKHI_REGULAR,
            (Family::Gurmukhi, Face::Bold) => GURMUKHI_BOLD,
        }
    }

    /// Its PostScript name, as the PDF names it.
    pub fn postscript_name(self) -> &'static str {
        match (self.family, self.face) {
            (Family::Latin, Face::Regular) => "DejaVuSans",
            (Family::Latin, Face::Bold) => "DejaVuSans-Bold",
            (Family::Arabic, Face::Regular) => "NotoNaskhArabic-Regular",
            (Family::Arabic, Face::Bold) => "NotoNaskhArabic-Bold",
            (Family::Bengali, Face::Regular) => "NotoSansBengali-Regular",
            (Family::Bengali, Face::Bold) => "NotoSansBengali-Bold",
            (Family::Gurmukhi, Face::Regular) => "NotoSansGurmukhi-Regular",
            (Family::Gurmukhi, Face::Bold) => "NotoSansGurmukhi-Bold",
        }
    }

    /// Its name, for error messages.
    pub fn name(self) -> &'static str {
        match self.family {
            Family::Latin => "DejaVu Sans",
            Family::Arabic => "Noto Naskh Arabic",
            Family::Bengali => "Noto Sans Bengali",
            Family::Gurmukhi => "Noto Sans Gurmukhi",
        }
    }

    pub fn metrics(self) -> &'static Metrics {
        if self.family == Family::Latin {
            return self.face.metrics();
        }
        static CELLS: [OnceLock<Metrics>; 8] = [const { OnceLock::new() }; 8];
        // The fonts are compiled in and known to parse; a test checks every one.
        CELLS[self.index()]
            .get_or_init(|| Metrics::parse(self.bytes()).expect("embedded font parses"))
    }

    /// The face as the shaper reads it (its GSUB and GPOS tables).
    pub fn shaper(self) -> &'static rustybuzz::Face<'static> {
        static CELLS: [OnceLock<rustybuzz::Face<'static>>; 8] = [const { OnceLock::new() }; 8];
        CELLS[self.index()].get_or_init(|| {
            rustybuzz::Face::from_slice(self.bytes(), 0).expect("embedded font parses")
        })
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

    /// The glyph `c` maps to without shaping, if the face has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.face.glyph_index(c).map(|g| g.0)
    }

    pub fn units_per_em(&self) -> f32 {
        self.units_per_em
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

/// Scripts whose letters join, reorder or run right to left and for which no font is
/// embedded: DejaVu has some of their letters but cannot set them correctly without a
/// shaping font, so they are left out, named, rather than printed wrongly. (Arabic script,
/// Bengali and Gurmukhi have Noto fonts and are shaped; see [`Family`].)
const NEEDS_SHAPING: [(u32, u32, &str); 9] = [
    (0x0590, 0x05FF, "Hebrew"),
    (0x0700, 0x074F, "Syriac"),
    (0x0900, 0x097F, "Devanagari"),
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
    // Bidi marks and isolates steer the order and are never drawn.
    if super::shape::is_control(c) {
        return None;
    }
    if let Some(family @ (Family::Arabic | Family::Bengali | Family::Gurmukhi)) = Family::of(c) {
        let font = Font::new(family, face);
        return (!font.metrics().covers(c)).then_some(family.script_name());
    }
    // The danda and double danda end sentences in Bengali and Punjabi too; their fonts
    // draw them.
    if matches!(code, 0x0964 | 0x0965)
        && [Family::Bengali, Family::Gurmukhi]
            .iter()
            .any(|f| Font::new(*f, face).metrics().covers(c))
    {
        return None;
    }
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
        // Letters of the shaped scripts their Noto font lacks (rare extensions).
        Family::Arabic.script_name(),
        Family::Bengali.script_name(),
        Family::Gurmukhi.script_name(),
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

/// A font cut down to the glyphs a document uses.
pub struct Subset {
    /// The font file, still with a Unicode cmap for the characters that map to its glyphs
    /// directly, so printpdf can map unshaped text to glyphs and write /ToUnicode.
    pub bytes: Vec<u8>,
    /// Each original glyph id to its id in the subset (shaped text is drawn by glyph id).
    pub glyphs: BTreeMap<u16, u16>,
}

/// `font` cut down to the glyphs `used` (original glyph ids, from shaping or the cmap).
pub fn subset(font: Font, used: &BTreeSet<u16>) -> Result<Subset> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};

    // Glyph 0 (.notdef) must come first; the rest sorted and unique. allsorts numbers the
    // subset's glyphs by their place in this list.
    let ids: Vec<u16> = std::iter::once(0)
        .chain(used.iter().copied().filter(|g| *g != 0))
        .collect();
    let failed = |e: String| EngineError::PdfFont(format!("could not subset {}: {e}", font.name()));
    let file = ReadScope::new(font.bytes())
        .read::<FontData<'_>>()
        .map_err(|e| failed(e.to_string()))?;
    let provider = file.table_provider(0).map_err(|e| failed(e.to_string()))?;
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| failed(e.to_string()))?;
    let glyphs = ids
        .iter()
        .enumerate()
        .filter_map(|(new, old)| Some((*old, u16::try_from(new).ok()?)))
        .collect();
    Ok(Subset { bytes, glyphs })
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
        // Urdu, Bengali and Punjabi have fonts now, and pass through to be shaped.
        for text in ["Aisha said: আমি স্কুলে যাই।", "میں ਪੰਜਾਬੀ"]
        {
            assert_eq!(printable(text, Face::Regular), text);
        }
        // A Hindi sentence (Devanagari, no font) is one note, its spaces inside the run included.
        let out = printable("Aisha said: मैं स्कूल जाती हूँ, thanks", Face::Regular);
        assert_eq!(out, "Aisha said: [Devanagari text not shown], thanks");
        // Two scripts side by side are two notes.
        let out = printable("שלום ગુજરાતી", Face::Regular);
        assert_eq!(out, "[Hebrew text not shown] [Gujarati text not shown]");
        let found = notes_in(&out);
        assert_eq!(found, ["Hebrew", "Gujarati"]);
        // Characters no font has are named too, never drawn as boxes.
        let out = printable("Mei 美 ok", Face::Bold);
        assert_eq!(out, "Mei [Chinese, Japanese or Korean text not shown] ok");
        for c in out.chars() {
            assert!(not_shown(c, Face::Bold).is_none(), "{c:?} would be a box");
        }
    }

    #[test]
    fn subsets_are_small_and_keep_a_cmap() {
        let font = Font::new(Family::Latin, Face::Regular);
        let used: BTreeSet<u16> = "Łukasz Ωμέγα"
            .chars()
            .filter_map(|c| font.metrics().glyph(c))
            .collect();
        let sub = subset(font, &used).unwrap();
        assert!(
            sub.bytes.len() < 40_000,
            "subset is {} bytes",
            sub.bytes.len()
        );
        let face = ttf_parser::Face::parse(&sub.bytes, 0).unwrap();
        let l = face.glyph_index('Ł').unwrap();
        // The map says where each glyph went, and agrees with the subset's own cmap.
        assert_eq!(sub.glyphs[&font.metrics().glyph('Ł').unwrap()], l.0);
        assert_eq!(sub.glyphs[&0], 0);
    }

    #[test]
    fn every_embedded_font_parses_and_draws_its_script() {
        let samples = [
            (Family::Latin, "Zoë Жанна"),
            (Family::Arabic, "میں سکول جاتا ہوں مرحبا"),
            (Family::Bengali, "আমি স্কুলে যাই"),
            (Family::Gurmukhi, "ਮੈਂ ਸਕੂਲ ਜਾਂਦਾ ਹਾਂ"),
        ];
        for font in Font::ALL {
            let (_, sample) = samples.iter().find(|(f, _)| *f == font.family).unwrap();
            for c in sample.chars().filter(|c| !c.is_whitespace()) {
                assert!(
                    font.metrics().covers(c),
                    "{} {:?} lacks {c:?}",
                    font.name(),
                    font.face
                );
                assert_eq!(Family::of(c), Some(font.family), "{c:?}");
            }
            assert!(font.shaper().units_per_em() > 0);
        }
        // A subset of a Bengali font keeps only what was used: far under the 200 KB file.
        let font = Font::new(Family::Bengali, Face::Regular);
        let used: BTreeSet<u16> = "আমি"
            .chars()
            .filter_map(|c| font.metrics().glyph(c))
            .collect();
        assert!(subset(font, &used).unwrap().bytes.len() < 20_000);
    }
}
