//! Turns a finished [`Layout`] into PDF bytes: running header and "Page n of m" footer,
//! optional watermark, subset fonts, document metadata, /Lang and the outline.
//!
//! Key type: [`Meta`]. printpdf writes the pages; lopdf then sets what printpdf has no field
//! for (/Lang, showing the title in the window bar) and writes the outline itself, in the
//! document's order (printpdf sorts bookmarks on one page by name).

use super::fonts::{self, Face, Family, Font};
use super::layout::{Layout, Mark, Rgb, Style, MUTED, PAGE_HEIGHT, PAGE_WIDTH};
use super::shape::{self, Shaped};
use crate::{EngineError, Result};
use printpdf::{
    Color, DictItem, FontId, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt, RawImage, RawImageData, RawImageFormat, Rect, TextItem, TextMatrix,
    XObjectId, XObjectTransform,
};
use std::collections::{BTreeMap, BTreeSet};

/// What every page and the document properties carry.
#[derive(Debug, Clone)]
pub struct Meta {
    /// Document title (pdfinfo "Title", the window bar).
    pub title: String,
    pub author: String,
    pub subject: String,
    /// BCP 47 language of the content, for screen readers.
    pub language: &'static str,
    /// Left of the running header: the child's name, so a loose page is never anonymous.
    pub header_left: String,
    pub header_right: String,
    /// Left of the footer, beside "Page n of m": plan dates, for instance.
    pub footer_left: String,
    /// Drawn large and faint behind every page, such as "DRAFT".
    pub watermark: Option<String>,
}

const SMALL: Style = Style::new(Face::Regular, 8.5, MUTED);
const WATERMARK: Style = Style::new(Face::Bold, 110.0, (0.9, 0.9, 0.92));

/// A document laid out but not yet decorated or written: what both the PDF and the
/// on-screen preview are made from, so the preview shows exactly the pages the PDF will have.
#[derive(Debug, Clone)]
pub struct Composed {
    pub layout: Layout,
    pub meta: Meta,
    /// Whether pages carry the running header (the one-page profile does not).
    pub with_header: bool,
}

impl Composed {
    /// The pages with their running header, footer and watermark added.
    pub fn decorated(self) -> Layout {
        decorate(self.layout, &self.meta, self.with_header)
    }

    /// Writes the PDF.
    /// The scripts this document had to leave out (see `fonts::printable`), each once.
    pub fn not_shown(&self) -> Vec<&'static str> {
        let mut all = String::new();
        for mark in self.layout.pages.iter().flatten() {
            if let Mark::Text { text, .. } = mark {
                all.push_str(text);
                all.push('\n');
            }
        }
        all.push_str(&super::fonts::printable(
            &self.meta.header_left,
            super::fonts::Face::Regular,
        ));
        super::fonts::notes_in(&all)
    }

    pub fn into_pdf(self) -> Result<Vec<u8>> {
        let meta = self.meta.clone();
        render(&self.decorated(), &meta)
    }
}

/// Adds the running header and footer (and watermark) to every page of `layout`.
fn decorate(mut layout: Layout, meta: &Meta, with_header: bool) -> Layout {
    let total = layout.pages.len();
    let m = layout.margins;
    // Large print: the running header and footer are readable too.
    let small = if layout.large_print {
        Style::new(Face::Regular, 12.0, MUTED)
    } else {
        SMALL
    };
    for (i, page) in layout.pages.iter_mut().enumerate() {
        let mut under = Vec::new();
        if let Some(mark) = &meta.watermark {
            under.push(watermark(mark));
        }
        page.splice(0..0, under);
        if with_header {
            let top = m.top - 28.0;
            page.push(text(m.left, top, small, &meta.header_left));
            let right = PAGE_WIDTH - m.right - small.width(&meta.header_right);
            page.push(text(right, top, small, &meta.header_right));
            page.push(Mark::Rule {
                x: m.left,
                y: top + 5.0,
                w: PAGE_WIDTH - m.left - m.right,
                color: (0.8, 0.8, 0.84),
            });
        }
        let bottom = PAGE_HEIGHT - m.bottom + 30.0;
        let number = format!("Page {} of {}", i + 1, total);
        page.push(text(m.left, bottom, small, &meta.footer_left));
        let right = PAGE_WIDTH - m.right - small.width(&number);
        page.push(text(right, bottom, small, &number));
    }
    layout
}

fn text(x: f32, y: f32, style: Style, s: &str) -> Mark {
    Mark::Text {
        x,
        y,
        style,
        text: super::fonts::printable(s, style.face).into_owned(),
        // Running header and footer, watermark: the same on every page, not read out.
        tag: super::tags::Tag::ARTIFACT,
    }
}

/// A marker for the watermark (its position is NaN): drawn centred and rotated by
/// [`page_ops`] and by the preview.
fn watermark(s: &str) -> Mark {
    text(f32::NAN, f32::NAN, WATERMARK, s)
}

fn render(layout: &Layout, meta: &Meta) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&meta.title);
    let info = &mut doc.metadata.info;
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.creator = "Northstar".into();
    info.producer = "Northstar (printpdf)".into();
    let now = printpdf::OffsetDateTime::now_utc();
    info.creation_date = now;
    info.modification_date = now;
    info.metadata_date = now;

    // Lines in the shaped scripts or right to left, shaped once; the rest are drawn
    // character by character in DejaVu.
    let shaped: Vec<Vec<Option<Shaped>>> = layout
        .pages
        .iter()
        .map(|marks| {
            marks
                .iter()
                .map(|mark| match mark {
                    Mark::Text { style, text, .. } if shape::needs_shaping(text) => {
                        Some(shape::shape(text, style.face, style.size))
                    }
                    _ => None,
                })
                .collect()
        })
        .collect();

    // Subset each font to the glyphs this document draws with it.
    let mut used: BTreeMap<Font, BTreeSet<u16>> = BTreeMap::new();
    for (mark, shaped) in layout.pages.iter().flatten().zip(shaped.iter().flatten()) {
        match (mark, shaped) {
            (_, Some(line)) => {
                for run in &line.runs {
                    let glyphs = used.entry(run.font).or_default();
                    glyphs.extend(run.glyphs.iter().map(|g| g.gid));
                }
            }
            (Mark::Text { style, text, .. }, None) => {
                let latin = Font::new(Family::Latin, style.face);
                let metrics = latin.metrics();
                let glyphs = used.entry(latin).or_default();
                glyphs.extend(text.chars().filter_map(|c| metrics.glyph(c)));
            }
            _ => {}
        }
    }
    let mut fonts: Fonts = BTreeMap::new();
    for (font, glyphs) in &used {
        let subset = fonts::subset(*font, glyphs)?;
        let parsed =
            ParsedFont::from_bytes(&subset.bytes, 0, &mut Vec::new()).ok_or_else(|| {
                EngineError::PdfFont(format!(
                    "the subset of {} could not be read back",
                    font.name()
                ))
            })?;
        fonts.insert(*font, (doc.add_font(&parsed), subset.glyphs));
    }

    // Each picture once, however many times it is drawn.
    let mut images: BTreeMap<String, XObjectId> = BTreeMap::new();
    for mark in layout.pages.iter().flatten() {
        if let Mark::Image { image, .. } = mark {
            if !images.contains_key(&image.key) {
                let raw = RawImage {
                    pixels: RawImageData::U8(image.rgb.clone()),
                    width: image.width as usize,
                    height: image.height as usize,
                    data_format: RawImageFormat::RGB8,
                    tag: Vec::new(),
                };
                images.insert(image.key.clone(), doc.add_image(&raw));
            }
        }
    }

    let pages: Vec<PdfPage> = layout
        .pages
        .iter()
        .zip(&shaped)
        .map(|(marks, shaped)| {
            let mut ops = page_ops(marks, shaped, &fonts, meta.language);
            ops.extend(image_ops(marks, &images));
            PdfPage::new(Pt(PAGE_WIDTH).into(), Pt(PAGE_HEIGHT).into(), ops)
        })
        .collect();
    doc.with_pages(pages);

    let opts = PdfSaveOptions {
        subset_fonts: false,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    let names: BTreeMap<String, &str> = fonts
        .iter()
        .map(|(font, (id, _))| (id.0.clone(), font.postscript_name()))
        .collect();
    tag_subsets(&mut lo, &names);
    finish_catalog(&mut lo, meta, layout)?;
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    super::tags::write(&mut lo, layout, &page_ids)?;
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| EngineError::PdfWrite(e.to_string()))?;
    Ok(out)
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb::new(c.0, c.1, c.2, None))
}

/// Each embedded font's id in the document, and where its glyphs went in its subset.
type Fonts = BTreeMap<Font, (FontId, BTreeMap<u16, u16>)>;

/// The /Span that gives a shaped line's words in reading order (/ActualText). It sits
/// inside the line's tagged content: readers (poppler among them) take /ActualText from a
/// /Span, and it belongs to no structure element of its own.
fn actual_text(text: &str) -> Op {
    let data = utf16(text);
    Op::BeginMarkedContentWithProperties {
        tag: "Span".into(),
        properties: DictItem::Dict {
            map: BTreeMap::from([(
                "ActualText".to_string(),
                DictItem::String {
                    data,
                    literal: false,
                },
            )]),
        },
    }
}

/// Opens the marked content a mark is drawn in: tagged (with its MCID, for the structure
/// tree) or an artifact a screen reader skips; `lang` where a shaped line's script is not
/// the document's.
fn open_marked(tag: &super::tags::Tag, mcid: Option<i64>, lang: Option<&'static str>) -> Op {
    let mut map = BTreeMap::new();
    if let Some(lang) = lang {
        map.insert(
            "Lang".to_string(),
            DictItem::String {
                data: lang.as_bytes().to_vec(),
                literal: true,
            },
        );
    }
    match mcid {
        Some(mcid) => {
            map.insert("MCID".to_string(), DictItem::Int(mcid));
            Op::BeginMarkedContentWithProperties {
                tag: tag.role.content_name().into(),
                properties: DictItem::Dict { map },
            }
        }
        None if map.is_empty() => Op::BeginMarkedContent {
            tag: "Artifact".into(),
        },
        None => Op::BeginMarkedContentWithProperties {
            tag: "Artifact".into(),
            properties: DictItem::Dict { map },
        },
    }
}

/// The language of a shaped line whose script is not the document's, by its letters:
/// Urdu's own letters (ٹ ڈ ڑ ں ھ ہ ی ے) mark Urdu, other Arabic script is Arabic unless the
/// document is in Urdu.
fn span_language(text: &str, document: &str) -> Option<&'static str> {
    let family = text
        .chars()
        .find_map(|c| Family::of(c).filter(|f| *f != Family::Latin))?;
    let lang = match family {
        Family::Bengali => "bn",
        Family::Gurmukhi => "pa",
        Family::Arabic if document == "ur" => "ur",
        Family::Arabic
            if text.chars().any(|c| {
                matches!(
                    c,
                    '\u{0679}'
                        | '\u{0688}'
                        | '\u{0691}'
                        | '\u{06BA}'
                        | '\u{06BE}'
                        | '\u{06C1}'
                        | '\u{06CC}'
                        | '\u{06D2}'
                )
            }) =>
        {
            "ur"
        }
        Family::Arabic => "ar",
        Family::Latin => return None,
    };
    (lang != document).then_some(lang)
}

/// Draws a shaped line: each run in its font, each glyph at its shaped place (printpdf
/// merges the glyphs of one baseline into a single TJ).
fn shaped_ops(line: &Shaped, x: f32, baseline: f32, size: f32, fonts: &Fonts, ops: &mut Vec<Op>) {
    for run in &line.runs {
        let Some((id, subset)) = fonts.get(&run.font) else {
            continue;
        };
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: Pt(size),
        });
        for glyph in &run.glyphs {
            let Some(gid) = subset.get(&glyph.gid) else {
                continue;
            };
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x + glyph.x), Pt(baseline + glyph.y)),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(vec![printpdf::Codepoint {
                    gid: *gid,
                    offset: 0.0,
                    cid: glyph.text.clone(),
                }])],
            });
        }
    }
}

fn page_ops(marks: &[Mark], shaped: &[Option<Shaped>], fonts: &Fonts, language: &str) -> Vec<Op> {
    let mut ops = Vec::with_capacity(marks.len() * 8);
    let mcids = super::tags::mcids(marks);
    for ((mark, mcid), shaped) in marks.iter().zip(mcids).zip(shaped) {
        match mark {
            Mark::Text {
                x,
                y,
                style,
                text,
                tag,
            } => {
                if text.is_empty() {
                    continue;
                }
                if let Some(line) = shaped {
                    let lang = span_language(text, language);
                    // Left to right, the glyphs of reordered scripts (Bengali's vowel sign
                    // i drawn before its consonant) do not spell the words, so the words
                    // ride along in reading order. A line with right-to-left text is left
                    // to readers, who turn drawing order back into reading order
                    // themselves (and would turn reading order around wrongly).
                    let spelled = !shape::has_rtl(text);
                    ops.push(open_marked(tag, mcid, lang));
                    if spelled {
                        ops.push(actual_text(&shape::visible(text)));
                    }
                    ops.extend([
                        Op::StartTextSection,
                        Op::SetFillColor {
                            col: color(style.color),
                        },
                    ]);
                    shaped_ops(line, *x, PAGE_HEIGHT - y, style.size, fonts, &mut ops);
                    ops.extend([Op::EndTextSection, Op::EndMarkedContent]);
                    if spelled {
                        ops.push(Op::EndMarkedContent);
                    }
                    continue;
                }
                let Some((font, _)) = fonts.get(&Font::new(Family::Latin, style.face)) else {
                    continue;
                };
                let matrix = if x.is_nan() {
                    // The watermark: centred on the page, rising at 45°.
                    let (s, c) = std::f32::consts::FRAC_PI_4.sin_cos();
                    let w = style.width(text);
                    let (cx, cy) = (PAGE_WIDTH / 2.0, PAGE_HEIGHT / 2.0);
                    let (ox, oy) = (-w / 2.0, -style.size * 0.35);
                    TextMatrix::Raw([c, s, -s, c, cx + ox * c - oy * s, cy + ox * s + oy * c])
                } else {
                    TextMatrix::Translate(Pt(*x), Pt(PAGE_HEIGHT - y))
                };
                ops.extend([
                    open_marked(tag, mcid, None),
                    Op::StartTextSection,
                    Op::SetFont {
                        font: PdfFontHandle::External(font.clone()),
                        size: Pt(style.size),
                    },
                    Op::SetFillColor {
                        col: color(style.color),
                    },
                    Op::SetTextMatrix { matrix },
                    Op::ShowText {
                        items: vec![TextItem::Text(text.clone())],
                    },
                    Op::EndTextSection,
                    Op::EndMarkedContent,
                ]);
            }
            Mark::Fill {
                x,
                y,
                w,
                h,
                color: c,
            } => ops.extend([
                open_marked(&super::tags::Tag::ARTIFACT, None, None),
                Op::SetFillColor { col: color(*c) },
                Op::DrawRectangle {
                    rectangle: Rect {
                        mode: Some(PaintMode::Fill),
                        ..Rect::from_xywh(Pt(*x), Pt(PAGE_HEIGHT - y - h), Pt(*w), Pt(*h))
                    },
                },
                Op::EndMarkedContent,
            ]),
            Mark::Rule { x, y, w, color: c } => ops.extend([
                open_marked(&super::tags::Tag::ARTIFACT, None, None),
                Op::SetFillColor { col: color(*c) },
                Op::DrawRectangle {
                    rectangle: Rect {
                        mode: Some(PaintMode::Fill),
                        ..Rect::from_xywh(Pt(*x), Pt(PAGE_HEIGHT - y - 0.5), Pt(*w), Pt(0.5))
                    },
                },
                Op::EndMarkedContent,
            ]),
            // Drawn by `image_ops`.
            Mark::Image { .. } => {}
        }
    }
    ops
}

/// Draws the page's pictures, each scaled from the unit square into its box.
fn image_ops(marks: &[Mark], images: &BTreeMap<String, XObjectId>) -> Vec<Op> {
    let mut ops = Vec::new();
    for (mark, mcid) in marks.iter().zip(super::tags::mcids(marks)) {
        let Mark::Image {
            x,
            y,
            w,
            h,
            image,
            tag,
            ..
        } = mark
        else {
            continue;
        };
        let Some(id) = images.get(&image.key) else {
            continue;
        };
        ops.extend([
            open_marked(tag, mcid, None),
            Op::UseXobject {
                id: id.clone(),
                transform: XObjectTransform {
                    translate_x: Some(Pt(*x)),
                    translate_y: Some(Pt(PAGE_HEIGHT - y - h)),
                    scale_x: Some(*w),
                    scale_y: Some(*h),
                    no_auto_scale: true,
                    ..Default::default()
                },
            },
            Op::EndMarkedContent,
        ]);
    }
    ops
}

/// Names each embedded font by its own name, as the subset it is
/// ("NSAAAC+NotoSansBengali-Regular"): printpdf names fonts by their resource id, and tags
/// subsets only when it subsets them itself; here `fonts::subset` has done it. Readers and
/// checkers (and PDF/UA) expect a subset to carry the six-letter tag. `names` maps each
/// resource id to the font's PostScript name.
fn tag_subsets(doc: &mut lopdf::Document, names: &BTreeMap<String, &str>) {
    use lopdf::Object;
    let mut seen: Vec<Vec<u8>> = Vec::new();
    for object in doc.objects.values_mut() {
        let Object::Dictionary(d) = object else {
            continue;
        };
        let key: &[u8] = match d.get(b"Type").and_then(Object::as_name) {
            Ok(b"Font") => b"BaseFont",
            Ok(b"FontDescriptor") => b"FontName",
            _ => continue,
        };
        let Ok(name) = d.get(key).and_then(Object::as_name).map(<[u8]>::to_vec) else {
            continue;
        };
        if name.get(6) == Some(&b'+') {
            continue;
        }
        let index = seen.iter().position(|n| *n == name).unwrap_or_else(|| {
            seen.push(name.clone());
            seen.len() - 1
        });
        let own = String::from_utf8_lossy(&name);
        let name = names
            .get(own.as_ref())
            .map_or(name.clone(), |n| n.as_bytes().to_vec());
        // The same font's dictionaries share a tag; each font gets its own.
        let mut tag = *b"NSAAAA+";
        let mut n = index;
        for slot in tag[2..6].iter_mut().rev() {
            *slot = b'A' + (n % 26) as u8;
            n /= 26;
        }
        d.set(key, Object::Name([&tag[..], &name].concat()));
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, so any script survives.
pub(super) fn pdf_text(s: &str) -> lopdf::Object {
    lopdf::Object::String(utf16(s), lopdf::StringFormat::Hexadecimal)
}

/// The bytes of a PDF text string (see [`pdf_text`]).
fn utf16(s: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    bytes
}

/// Sets /Lang, shows the title in the viewer's window bar, writes the outline and tidies
/// the document information.
fn finish_catalog(doc: &mut lopdf::Document, meta: &Meta, layout: &Layout) -> Result<()> {
    use lopdf::{Dictionary, Object};
    let broken = |e: lopdf::Error| EngineError::PdfWrite(e.to_string());
    let pages = doc.get_pages();
    let page_ids: Vec<lopdf::ObjectId> = pages.values().copied().collect();

    let mut outline_id = None;
    if !layout.bookmarks.is_empty() {
        let root = doc.new_object_id();
        let item_ids: Vec<lopdf::ObjectId> = layout
            .bookmarks
            .iter()
            .map(|_| doc.new_object_id())
            .collect();
        for (i, b) in layout.bookmarks.iter().enumerate() {
            let page = page_ids.get(b.page).copied().unwrap_or(page_ids[0]);
            let mut item = Dictionary::new();
            item.set("Title", pdf_text(&b.title));
            item.set("Parent", Object::Reference(root));
            item.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(PAGE_HEIGHT - b.y),
                    Object::Null,
                ]),
            );
            if i > 0 {
                item.set("Prev", Object::Reference(item_ids[i - 1]));
            }
            if let Some(next) = item_ids.get(i + 1) {
                item.set("Next", Object::Reference(*next));
            }
            doc.objects.insert(item_ids[i], Object::Dictionary(item));
        }
        let mut outlines = Dictionary::new();
        outlines.set("Type", Object::Name(b"Outlines".to_vec()));
        outlines.set("First", Object::Reference(item_ids[0]));
        outlines.set("Last", Object::Reference(item_ids[item_ids.len() - 1]));
        outlines.set("Count", Object::Integer(item_ids.len() as i64));
        doc.objects.insert(root, Object::Dictionary(outlines));
        outline_id = Some(root);
    }

    // printpdf always writes an empty PDF/X version, which readers take as a claim of PDF/X
    // conformance this file does not make.
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(broken)?;
    if let Ok(Object::Dictionary(info)) = doc.get_object_mut(info) {
        for key in [
            &b"GTS_PDFXVersion"[..],
            b"Identifier",
            b"Keywords",
            b"Trapped",
        ] {
            info.remove(key);
        }
    }

    let catalog = doc.catalog_mut().map_err(broken)?;
    catalog.set("Lang", pdf_text(meta.language));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    match outline_id {
        Some(root) => {
            catalog.set("Outlines", Object::Reference(root));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }
    Ok(())
}
