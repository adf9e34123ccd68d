//! Shaping and bidirectional ordering: one line of text as positioned glyphs, so Urdu and
//! Arabic join and run right to left, and Bengali and Punjabi vowel signs and conjuncts sit
//! where a reader expects them.
//!
//! Key types: [`Shaped`] (a line's glyph runs in visual order, left to right, with its
//! width) and [`Run`]. The line is split into bidirectional runs with `unicode-bidi` (rules
//! of UAX #9), each run into stretches of one [`Family`] (`itemize`), and each stretch is
//! shaped with rustybuzz in its direction. Text wholly in the Latin family and left to right
//! never comes here: DejaVu draws it character by character, as before ([`needs_shaping`]).
//!
//! ```ignore
//! let line = shape("میں سکول جاتا ہوں", Face::Regular, 12.0);
//! assert!(line.rtl && line.width > 0.0);
//! ```

use super::fonts::{Face, Family, Font};
use std::ops::Range;
use unicode_bidi::{bidi_class, BidiClass, BidiInfo};

/// One glyph, placed relative to the line's start on its baseline (points; `y` up).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The glyph id in the original font file.
    pub gid: u16,
    pub x: f32,
    pub y: f32,
    /// The characters this glyph stands for (its cluster), on the cluster's first glyph
    /// only: what /ToUnicode maps the glyph to.
    pub text: Option<String>,
}

/// Glyphs of one font, in visual order.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub font: Font,
    pub glyphs: Vec<Glyph>,
}

/// A shaped line.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    pub runs: Vec<Run>,
    /// The advance of the whole line, in points.
    pub width: f32,
    /// Whether the line's base direction is right to left (it is then aligned right).
    pub rtl: bool,
}

/// Whether `text` needs shaping: any letter of a shaped script, or anything right to left.
pub fn needs_shaping(text: &str) -> bool {
    // Most lines are plain English: no need to look each character up.
    if text.is_ascii() {
        return false;
    }
    text.chars().any(|c| {
        matches!(
            Family::of(c),
            Some(Family::Arabic | Family::Bengali | Family::Gurmukhi)
        ) || matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
    })
}

/// Whether `text` has any right-to-left letters.
pub fn has_rtl(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(bidi_class(c), BidiClass::R | BidiClass::AL))
}

/// Whether a paragraph reads right to left: its first strong letter does (UAX #9, P2–P3).
pub fn is_rtl(text: &str) -> bool {
    if text.is_ascii() {
        return false;
    }
    text.chars()
        .find_map(|c| match bidi_class(c) {
            BidiClass::L => Some(false),
            BidiClass::R | BidiClass::AL => Some(true),
            _ => None,
        })
        .unwrap_or(false)
}

/// Bidi and other format controls: they steer ordering and joining but draw nothing.
pub fn is_control(c: char) -> bool {
    matches!(
        c,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// `text` without bidi controls: what a reader copying it gets.
pub fn visible(text: &str) -> String {
    text.chars().filter(|c| !is_control(*c)).collect()
}

/// The width of `text` at `size`: shaped when it needs it, else DejaVu's advances.
pub fn width(text: &str, face: Face, size: f32) -> f32 {
    if needs_shaping(text) {
        shape(text, face, size).width
    } else {
        face.metrics().width(text, size)
    }
}

/// Splits `text` (one direction, logical order) into stretches of one font. Characters
/// every script uses go with the letters before them (or, at the start, after them) when
/// that font draws them, else with DejaVu.
fn itemize(text: &str, face: Face) -> Vec<(Range<usize>, Font)> {
    let strong = |c: char| {
        Family::of(c).filter(|f| *f == Family::Latin || Font::new(*f, face).metrics().covers(c))
    };
    let first = text.chars().find_map(strong).unwrap_or(Family::Latin);
    let mut out: Vec<(Range<usize>, Font)> = Vec::new();
    let mut current = first;
    for (i, c) in text.char_indices() {
        let family = match strong(c) {
            Some(f) => f,
            None if Font::new(current, face).metrics().covers(c) || is_control(c) => current,
            None => Family::Latin,
        };
        if Family::of(c).is_some() {
            current = family;
        }
        let end = i + c.len_utf8();
        match out.last_mut() {
            Some((range, font)) if font.family == family => range.end = end,
            _ => out.push((i..end, Font::new(family, face))),
        }
    }
    out
}

/// Shapes one line (no line breaks) at `size` points.
pub fn shape(text: &str, face: Face, size: f32) -> Shaped {
    let bidi = BidiInfo::new(text, None);
    let mut runs = Vec::new();
    let mut pen = 0.0;
    let rtl = is_rtl(text);
    for para in &bidi.paragraphs {
        let (levels, visual) = bidi.visual_runs(para, para.range.clone());
        for range in visual {
            let Some(level) = levels.get(range.start) else {
                continue;
            };
            let mut pieces = itemize(&text[range.clone()], face);
            if level.is_rtl() {
                pieces.reverse();
            }
            for (piece, font) in pieces {
                let piece = range.start + piece.start..range.start + piece.end;
                runs.push(shape_piece(
                    text,
                    piece,
                    font,
                    level.is_rtl(),
                    size,
                    &mut pen,
                ));
            }
        }
    }
    runs.retain(|r: &Run| !r.glyphs.is_empty());
    Shaped {
        runs,
        width: pen,
        rtl,
    }
}

/// Shapes `text[range]` in one font and direction, advancing `pen`.
fn shape_piece(
    text: &str,
    range: Range<usize>,
    font: Font,
    rtl: bool,
    size: f32,
    pen: &mut f32,
) -> Run {
    let piece = &text[range];
    let shaper = font.shaper();
    let scale = size / shaper.units_per_em() as f32;
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(piece);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    let shaped = rustybuzz::shape(shaper, &[], buffer);
    // Cluster starts in logical order, so each cluster's characters can be found.
    let mut starts: Vec<usize> = shaped
        .glyph_infos()
        .iter()
        .map(|g| g.cluster as usize)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let cluster_text = |start: usize| {
        let end = starts
            .iter()
            .find(|s| **s > start)
            .copied()
            .unwrap_or(piece.len());
        piece.get(start..end).unwrap_or_default()
    };
    let metrics = font.metrics();
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    // A cluster's glyphs sit together in the shaped buffer: each glyph's cluster is the
    // stretch `start..end` around it, and its base glyph (the first that advances; marks do
    // not) carries what no glyph of the cluster draws on its own.
    let mut stretch = vec![(0, 0); infos.len()];
    let mut start = 0;
    while start < infos.len() {
        let end = (start..infos.len())
            .find(|j| infos[*j].cluster != infos[start].cluster)
            .unwrap_or(infos.len());
        for slot in &mut stretch[start..end] {
            *slot = (start, end);
        }
        start = end;
    }
    let mut glyphs = Vec::with_capacity(shaped.len());
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let cluster = info.cluster as usize;
        let chars = cluster_text(cluster);
        let advance = pos.x_advance as f32 * scale;
        // Controls take no room; their glyph (if any) is not drawn.
        if !chars.is_empty() && chars.chars().all(is_control) {
            *pen += advance;
            continue;
        }
        let gid = u16::try_from(info.glyph_id).unwrap_or(0);
        let (from, to) = stretch[i];
        let mates: Vec<u16> = infos[from..to]
            .iter()
            .filter_map(|g| u16::try_from(g.glyph_id).ok())
            .collect();
        let base = (from..to)
            .find(|j| positions[*j].x_advance != 0)
            .unwrap_or(from);
        let first = base == i;
        glyphs.push(Glyph {
            gid,
            x: *pen + pos.x_offset as f32 * scale,
            y: pos.y_offset as f32 * scale,
            text: glyph_text(chars, gid, first, &mates, metrics, rtl),
        });
        *pen += advance;
    }
    Run { font, glyphs }
}

/// The characters one glyph stands for, for /ToUnicode: a character the font maps straight
/// to this glyph (a mark drawn as its own glyph) goes with it; the rest of the cluster goes
/// with its first glyph. Right to left, a glyph of several characters (the lam-alef
/// ligature) lists them in drawing order, as readers turn a right-to-left line's drawing
/// order back into reading order character by character.
fn glyph_text(
    cluster: &str,
    gid: u16,
    first: bool,
    mates: &[u16],
    metrics: &super::fonts::Metrics,
    rtl: bool,
) -> Option<String> {
    let visible = visible(cluster);
    let own = |c: char| metrics.glyph(c).filter(|g| mates.contains(g));
    let mut text: String = visible
        .chars()
        .filter(|c| match own(*c) {
            Some(g) => g == gid && !(first && visible.chars().count() == 1),
            None => first,
        })
        .collect();
    if first && visible.chars().count() == 1 {
        text = visible.clone();
        // Right to left, "(" is drawn with the glyph of ")": the glyph stands for the
        // character it shows everywhere in the document, so English beside it still
        // copies as "(".
        if let Some(c) = visible.chars().next() {
            let m = mirror(c);
            if m != c && metrics.glyph(c) != Some(gid) && metrics.glyph(m) == Some(gid) {
                text = m.to_string();
            }
        }
    }
    if text.is_empty() {
        return None;
    }
    if rtl {
        text = text.chars().rev().collect();
    }
    Some(text)
}

/// The mirrored form of a bracket-like character (Unicode's Bidi_Mirroring_Glyph, for the
/// pairs people type).
fn mirror(c: char) -> char {
    const PAIRS: [(char, char); 7] = [
        ('(', ')'),
        ('[', ']'),
        ('{', '}'),
        ('<', '>'),
        ('«', '»'),
        ('‹', '›'),
        ('⟨', '⟩'),
    ];
    PAIRS
        .iter()
        .find_map(|(a, b)| {
            if c == *a {
                Some(*b)
            } else if c == *b {
                Some(*a)
            } else {
                None
            }
        })
        .unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn families(line: &Shaped) -> Vec<Family> {
        line.runs.iter().map(|r| r.font.family).collect()
    }

    #[test]
    fn only_shaped_scripts_and_right_to_left_text_need_shaping() {
        assert!(!needs_shaping("Zoë Łukasz, Жанна (7)"));
        assert!(needs_shaping("Aisha: میں"));
        assert!(needs_shaping("আমি"));
        assert!(needs_shaping("ਮੈਂ"));
        assert!(is_rtl("  (میں) school"));
        assert!(!is_rtl("school میں"));
    }

    #[test]
    fn urdu_runs_right_to_left_and_joins() {
        let text = "میں سکول جاتا ہوں";
        let line = shape(text, Face::Regular, 12.0);
        assert!(line.rtl);
        assert_eq!(families(&line), [Family::Arabic]);
        let glyphs = &line.runs[0].glyphs;
        // Visual order: the first letter in logical order (م) is drawn rightmost.
        let first = glyphs
            .iter()
            .find(|g| g.text.as_deref() == Some("م"))
            .unwrap();
        assert!(
            glyphs.iter().all(|g| g.x <= first.x + 0.01),
            "م is not rightmost"
        );
        // Joining: the initial form of م is not the glyph the cmap gives for it alone.
        let naskh = Font::new(Family::Arabic, Face::Regular).metrics();
        assert_ne!(Some(first.gid), naskh.glyph('م'));
        // Glyphs advance left to right and every character is accounted for once.
        assert!(glyphs.windows(2).all(|w| w[0].x <= w[1].x + 0.01));
        let mut chars: Vec<char> = glyphs
            .iter()
            .flat_map(|g| g.text.clone())
            .flat_map(|t| t.chars().collect::<Vec<_>>())
            .collect();
        let mut want: Vec<char> = text.chars().collect();
        chars.sort_unstable();
        want.sort_unstable();
        assert_eq!(chars, want);
        assert!((line.width - width(text, Face::Regular, 12.0)).abs() < 0.01);
    }

    #[test]
    fn mixed_lines_keep_english_left_to_right_inside_urdu() {
        // An Urdu sentence with an English name and a number in it.
        let line = shape("میرا نام Aisha ہے 12", Face::Regular, 12.0);
        assert!(line.rtl);
        // Visual order, left to right: the number, the end of the Urdu, the name, the start.
        assert_eq!(
            families(&line),
            [Family::Latin, Family::Arabic, Family::Latin, Family::Arabic]
        );
        let latin = line
            .runs
            .iter()
            .find(|r| {
                r.font.family == Family::Latin
                    && r.glyphs.iter().any(|g| g.text.as_deref() == Some("A"))
            })
            .unwrap();
        let name: String = latin.glyphs.iter().flat_map(|g| g.text.clone()).collect();
        assert_eq!(name.trim(), "Aisha");
        // The name reads left to right: A before i on the page.
        let x = |s: &str| {
            latin
                .glyphs
                .iter()
                .find(|g| g.text.as_deref() == Some(s))
                .unwrap()
                .x
        };
        assert!(x("A") < x("i"));
        // The Urdu that comes first logically (میرا) is right of the name.
        let arabic_right = line
            .runs
            .iter()
            .filter(|r| r.font.family == Family::Arabic)
            .flat_map(|r| r.glyphs.iter())
            .find(|g| g.text.as_deref() == Some("م"))
            .unwrap();
        assert!(arabic_right.x > x("A"));
    }

    #[test]
    fn bengali_vowel_sign_i_is_drawn_before_its_consonant() {
        // কি: KA then VOWEL SIGN I, which is written to the left of the consonant.
        let line = shape("কি", Face::Regular, 12.0);
        assert!(!line.rtl);
        assert_eq!(families(&line), [Family::Bengali]);
        let glyphs = &line.runs[0].glyphs;
        let bengali = Font::new(Family::Bengali, Face::Regular).metrics();
        let sign = bengali.glyph('\u{09BF}').unwrap();
        let ka = bengali.glyph('ক').unwrap();
        let pos = |gid| glyphs.iter().position(|g| g.gid == gid).unwrap();
        assert!(pos(sign) < pos(ka), "{glyphs:?}");
        // Each glyph stands for the character it draws (for /ToUnicode); the line's words in
        // reading order go in /ActualText, set by `compose`.
        assert_eq!(glyphs[pos(sign)].text.as_deref(), Some("\u{09BF}"));
        assert_eq!(glyphs[pos(ka)].text.as_deref(), Some("ক"));
    }

    #[test]
    fn punjabi_and_danda_stay_in_gurmukhi() {
        let line = shape("ਮੈਂ ਸਕੂਲ ਜਾਂਦਾ ਹਾਂ।", Face::Bold, 12.0);
        assert_eq!(families(&line), [Family::Gurmukhi]);
        assert!(
            line.runs[0].glyphs.iter().all(|g| g.gid != 0),
            "a box was drawn"
        );
    }

    #[test]
    fn controls_draw_nothing_and_are_not_copied() {
        let with = shape("\u{200F}Aisha میں", Face::Regular, 12.0);
        let without = shape("Aisha میں", Face::Regular, 12.0);
        assert!(with.rtl && !without.rtl);
        let text: String = with
            .runs
            .iter()
            .flat_map(|r| r.glyphs.iter().flat_map(|g| g.text.clone()))
            .collect();
        assert!(!text.contains('\u{200F}'));
        assert_eq!(visible("\u{200F}ab\u{2067}c\u{2069}"), "abc");
    }
}
