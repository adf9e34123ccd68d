//! Page layout: wrapping by font metrics, pagination, and tables whose header row repeats
//! on every page they run onto.
//!
//! Key types: [`Layout`] (a cursor moving down A4 pages, collecting [`Mark`]s), [`Style`],
//! [`Column`]. Coordinates here run from the top of the page down, in points; `compose`
//! turns them into PDF coordinates. Nothing is ever clipped: a word wider than the column is
//! broken between characters, and a table row taller than a page continues on the next.

use super::fonts::Face;
use super::picture::Picture;
pub use super::tags::{Role, Tag};
use std::sync::Arc;

/// A4, in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;

pub type Rgb = (f32, f32, f32);
pub const INK: Rgb = (0.1, 0.1, 0.12);
pub const MUTED: Rgb = (0.35, 0.35, 0.4);
pub const ACCENT: Rgb = (0.05, 0.25, 0.5);
const RULE: Rgb = (0.7, 0.72, 0.76);
const HEADER_FILL: Rgb = (0.88, 0.91, 0.95);

/// How a run of text is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub face: Face,
    pub size: f32,
    pub color: Rgb,
}

impl Style {
    pub const fn new(face: Face, size: f32, color: Rgb) -> Style {
        Style { face, size, color }
    }

    /// Baseline-to-baseline distance; 1.3 em reads comfortably at every size used here.
    pub fn line_height(self) -> f32 {
        self.size * 1.3
    }

    /// The width `text` takes: shaped where its script needs it (see `shape.rs`).
    pub fn width(self, text: &str) -> f32 {
        super::shape::width(text, self.face, self.size)
    }

    /// The size this style takes in large print: body text and notes 18 pt, larger styles
    /// kept proportionally larger so headings still stand out (RNIB: 16–18 pt or more).
    pub fn large_print(self) -> Style {
        let size = if self.size <= 10.0 {
            LARGE_BODY
        } else {
            LARGE_BODY + (self.size - 10.0) * 1.5
        };
        Style { size, ..self }
    }

    pub fn bold(self) -> Style {
        Style {
            face: Face::Bold,
            ..self
        }
    }
}

/// Something drawn on a page. `y` is the distance from the top edge (for text, to the baseline).
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Text {
        x: f32,
        y: f32,
        style: Style,
        text: String,
        /// What it is for a screen reader (see `tags.rs`).
        tag: Tag,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Rule {
        x: f32,
        y: f32,
        w: f32,
        color: Rgb,
    },
    /// A picture drawn into the box `w` × `h` whose top-left corner is (`x`, `y`).
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: Arc<Picture>,
        /// What it shows, in words (the preview's title for it, the PDF's /Alt).
        alt: String,
        tag: Tag,
    },
}

/// A picture to place with [`Layout::figures`], with the words printed under it (a symbol's
/// word, a drawing's caption), if any.
#[derive(Debug, Clone)]
pub struct Figure {
    pub picture: Arc<Picture>,
    pub alt: String,
    pub caption: Option<String>,
    /// A thin frame around it (a drawing's canvas edge).
    pub framed: bool,
}

/// One entry in the PDF outline (the bookmarks panel).
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    pub title: String,
    /// Zero-based page index.
    pub page: usize,
    /// Distance from the top of the page.
    pub y: f32,
}

/// A table column: its heading and its share of the table's width.
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub title: &'a str,
    pub weight: f32,
}

/// Page margins, in points.
#[derive(Debug, Clone, Copy)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

impl Margins {
    /// Room above and below for the running header and the "Page n of m" footer.
    pub const DOCUMENT: Margins = Margins {
        top: 72.0,
        bottom: 64.0,
        left: 56.0,
        right: 56.0,
    };
}

/// A cursor moving down the pages, collecting what to draw.
#[derive(Debug, Clone)]
pub struct Layout {
    pub pages: Vec<Vec<Mark>>,
    pub bookmarks: Vec<Bookmark>,
    pub margins: Margins,
    /// Every style and gap the document asks for is set in large print ([`Style::large_print`]).
    pub large_print: bool,
    /// The last structure element handed out (see [`Tag`]).
    elems: u32,
    /// The list that bullets join until something else is laid out.
    list: Option<u32>,
    /// Distance of the cursor from the top of the current page.
    y: f32,
    /// The language of what is laid out next, where it differs from the document's.
    language: Option<&'static str>,
    /// Whether what is laid out next is in a right-to-left language, so every paragraph
    /// reads right to left, even one that starts with a name in English ("Kacper ہمیشہ …").
    rtl: bool,
}

const CELL_PAD: f32 = 4.0;
/// Body text in large print.
pub const LARGE_BODY: f32 = 18.0;
/// How much further apart things are in large print (18 pt over the usual 10 pt body).
const LARGE_SPACING: f32 = LARGE_BODY / 10.0;

impl Layout {
    pub fn new(margins: Margins) -> Layout {
        Layout {
            pages: vec![Vec::new()],
            bookmarks: Vec::new(),
            margins,
            large_print: false,
            elems: 0,
            list: None,
            y: margins.top,
            language: None,
            rtl: false,
        }
    }

    /// What is laid out from here on is in `language` (a BCP 47 tag), or in the document's
    /// own language again with `None`; its structure elements carry /Lang.
    pub fn in_language(&mut self, language: Option<&'static str>) {
        self.language = language;
        self.rtl = language.is_some_and(|l| matches!(l, "ur" | "ar"));
    }

    /// The document as a whole is in a right-to-left language (its /Lang is set elsewhere).
    pub fn right_to_left(&mut self, on: bool) {
        self.rtl = on;
    }

    /// Whether `text` is set as a right-to-left paragraph here: in a right-to-left
    /// document every paragraph is (a list of English names still lines up on the right).
    fn para_rtl(&self, text: &str) -> bool {
        self.rtl || super::shape::is_rtl(text)
    }

    /// [`wrap`], in this layout's direction.
    fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        wrap_in(text, style, width, self.rtl)
    }

    /// The same layout, set in large print when `on`: the document's composer asks for its
    /// usual styles and gaps, and the layout enlarges them all, so every kind gets a
    /// large-print version without a second set of styles.
    pub fn in_large_print(mut self, on: bool) -> Layout {
        self.large_print = on;
        self
    }

    /// A new structure element for the next piece of the document.
    pub fn tag(&mut self, role: Role) -> Tag {
        self.elems += 1;
        if role != Role::ListItem {
            self.list = None;
        }
        Tag {
            role,
            elem: self.elems,
            group: 0,
            row: 0,
            lang: self.language,
        }
    }

    /// `style` as this layout sets it.
    fn fit(&self, style: Style) -> Style {
        if self.large_print {
            style.large_print()
        } else {
            style
        }
    }

    /// A gap the composer asked for, as this layout sets it.
    fn gap(&self, height: f32) -> f32 {
        if self.large_print {
            height * LARGE_SPACING
        } else {
            height
        }
    }

    pub fn width(&self) -> f32 {
        PAGE_WIDTH - self.margins.left - self.margins.right
    }

    fn bottom(&self) -> f32 {
        PAGE_HEIGHT - self.margins.bottom
    }

    pub fn room_left(&self) -> f32 {
        self.bottom() - self.y
    }

    pub fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.margins.top;
    }

    /// Starts a new page unless `height` more (in the composer's usual sizes) fits on this one.
    pub fn ensure(&mut self, height: f32) {
        self.ensure_set(self.gap(height));
    }

    /// As [`Layout::ensure`], for a height already in this layout's sizes.
    fn ensure_set(&mut self, height: f32) {
        if self.y + height > self.bottom() && self.y > self.margins.top {
            self.new_page();
        }
    }

    /// A gap (in the composer's usual sizes).
    pub fn space(&mut self, height: f32) {
        self.space_set(self.gap(height));
    }

    fn space_set(&mut self, height: f32) {
        self.y = (self.y + height).min(self.bottom());
    }

    /// Reserves a block `height` points tall under the cursor, on a new page unless it fits
    /// on this one, and returns its top edge; the caller draws into it with [`Layout::place`]
    /// (charts, which lay themselves out).
    pub fn reserve(&mut self, height: f32) -> f32 {
        self.ensure_set(height);
        let top = self.y;
        self.space_set(height);
        top
    }

    /// Adds a mark to the current page exactly where it says.
    pub fn place(&mut self, mark: Mark) {
        self.push(mark);
    }

    /// A heading with a picture `size` points square before it and the words beside it,
    /// centred on each other, kept on the same page as at least `keep` points of what follows.
    pub fn heading_with_picture(
        &mut self,
        picture: Figure,
        text: &str,
        style: Style,
        size: f32,
        keep: f32,
    ) {
        let indent = size + style.size * 0.6;
        let lines = self.wrap(text, style, self.width() - indent);
        let text_h = style.line_height() * lines.len() as f32;
        let block = text_h.max(size);
        self.ensure_set(block + keep + style.size * 0.65);
        self.space_set(style.size * 0.4);
        let top = self.y;
        // The picture only repeats the heading's words: decorative, not read out.
        self.push(Mark::Image {
            x: self.margins.left,
            y: top + (block - size) / 2.0,
            w: size,
            h: size,
            image: picture.picture,
            alt: picture.alt,
            tag: Tag::ARTIFACT,
        });
        self.y = top + (block - text_h) / 2.0;
        let tag = self.tag(heading_role(style));
        self.lines(&lines, style, self.margins.left + indent, tag);
        self.y = top + block;
        self.space_set(style.size * 0.25);
    }

    /// Pictures in rows from `indent` to the right margin, each `height` points tall (smaller
    /// if it would be wider than the column or taller than a page), with its caption centred
    /// under it in `caption`. A row that does not fit on this page starts the next.
    pub fn figures(&mut self, figures: &[Figure], height: f32, caption: Style, indent: f32) {
        const GAP: f32 = 12.0;
        let avail = (self.width() - indent).max(caption.size);
        let lh = caption.line_height();
        // Each figure's picture size, cell width and caption lines.
        let cells: Vec<(f32, f32, f32, Vec<String>)> = figures
            .iter()
            .map(|f| {
                let (pw, ph) = (
                    f.picture.width.max(1) as f32,
                    f.picture.height.max(1) as f32,
                );
                let words = f.caption.as_deref().unwrap_or("");
                let natural = words
                    .split_whitespace()
                    .map(|w| caption.width(w))
                    .fold(0.0, f32::max);
                let mut h = height;
                let mut w = pw * h / ph;
                if w > avail {
                    (w, h) = (avail, ph * avail / pw);
                }
                let cell = w.max(natural.min(avail));
                let lines = self.wrap(words, caption, cell);
                let page_room = self.bottom() - self.margins.top - lh * lines.len() as f32 - 4.0;
                if h > page_room && page_room > 0.0 {
                    (w, h) = (w * page_room / h, page_room);
                }
                (w, h, cell, lines)
            })
            .collect();
        let mut start = 0;
        while start < cells.len() {
            // As many as fit side by side (always at least one).
            let mut end = start;
            let mut used = 0.0;
            while end < cells.len() {
                let add = cells[end].2 + if end > start { GAP } else { 0.0 };
                if end > start && used + add > avail {
                    break;
                }
                used += add;
                end += 1;
            }
            let row_h = cells[start..end]
                .iter()
                .map(|(_, h, _, lines)| {
                    h + if lines.is_empty() {
                        0.0
                    } else {
                        4.0 + lh * lines.len() as f32
                    }
                })
                .fold(0.0, f32::max);
            self.ensure_set(row_h);
            let top = self.y;
            let mut x = self.margins.left + indent;
            for (f, (w, h, cell, lines)) in figures[start..end].iter().zip(&cells[start..end]) {
                if f.framed {
                    let (fx, fw) = (x + (cell - w) / 2.0 - 1.0, w + 2.0);
                    for (bx, by, bw, bh) in [
                        (fx, top - 1.0, fw, 1.0),
                        (fx, top + h, fw, 1.0),
                        (fx, top, 1.0, *h),
                        (fx + fw - 1.0, top, 1.0, *h),
                    ] {
                        self.push(Mark::Fill {
                            x: bx,
                            y: by,
                            w: bw,
                            h: bh,
                            color: RULE,
                        });
                    }
                }
                let figure = self.tag(Role::Figure);
                self.push(Mark::Image {
                    x: x + (cell - w) / 2.0,
                    y: top,
                    w: *w,
                    h: *h,
                    image: f.picture.clone(),
                    alt: f.alt.clone(),
                    tag: figure,
                });
                let words = self.tag(Role::Caption);
                for (i, line) in lines.iter().enumerate() {
                    self.push(Mark::Text {
                        x: x + (cell - caption.width(line)) / 2.0,
                        y: top + h + 4.0 + caption.size + i as f32 * lh,
                        style: caption,
                        text: line.clone(),
                        tag: words,
                    });
                }
                x += cell + GAP;
            }
            self.y = top + row_h;
            self.space_set(GAP * 0.5);
            start = end;
        }
    }

    fn push(&mut self, mark: Mark) {
        let page = self.pages.len() - 1;
        self.pages[page].push(mark);
    }

    /// Adds an outline entry pointing at the cursor.
    pub fn bookmark(&mut self, title: impl Into<String>) {
        self.bookmarks.push(Bookmark {
            title: title.into(),
            page: self.page_index(),
            y: (self.y - 12.0).max(0.0),
        });
    }

    /// A heading, kept on the same page as at least `keep` points of what follows.
    pub fn heading(&mut self, text: &str, style: Style, keep: f32) {
        let tag = self.tag(heading_role(style));
        let (style, keep) = (self.fit(style), self.gap(keep));
        let lines = self.wrap(text, style, self.width());
        self.ensure_set(style.line_height() * lines.len() as f32 + keep);
        self.space_set(style.size * 0.4);
        self.lines(&lines, style, self.margins.left, tag);
        self.space_set(style.size * 0.25);
    }

    /// A paragraph wrapped to the full width, continuing onto new pages as needed.
    pub fn paragraph(&mut self, text: &str, style: Style) {
        let tag = self.tag(Role::P);
        let style = self.fit(style);
        let lines = self.wrap(text, style, self.width());
        self.lines(&lines, style, self.margins.left, tag);
    }

    /// As [`Layout::paragraph`], indented from the left margin.
    pub fn indented(&mut self, text: &str, style: Style, indent: f32) {
        let tag = self.tag(Role::P);
        let (style, indent) = (self.fit(style), self.gap(indent));
        let lines = self.wrap(text, style, self.width() - indent);
        self.lines(&lines, style, self.margins.left + indent, tag);
    }

    /// A bold label followed by wrapped text, kept together where it fits.
    pub fn labelled(&mut self, label: &str, text: &str, style: Style) {
        let set = self.fit(style);
        self.ensure_set(set.line_height() * 2.0);
        self.paragraph(label, style.bold());
        self.paragraph(text, style);
        self.space_set(set.size * 0.4);
    }

    /// A bulleted list item.
    pub fn bullet(&mut self, text: &str, style: Style) {
        let list = match self.list {
            Some(list) => list,
            None => {
                self.elems += 1;
                self.elems
            }
        };
        let item = Tag {
            group: list,
            ..self.tag(Role::ListItem)
        };
        self.list = Some(list);
        let style = self.fit(style);
        let indent = style.size * 1.2;
        let lines = self.wrap(text, style, self.width() - indent);
        self.ensure_set(style.line_height());
        let (mut x, y) = (self.margins.left, self.y + style.size);
        if self.para_rtl(text) {
            x = PAGE_WIDTH - self.margins.right - style.width("•");
        }
        // The bullet is the list's look, not its words.
        self.push(Mark::Text {
            x,
            y,
            style,
            text: "•".into(),
            tag: Tag::ARTIFACT,
        });
        self.lines(&lines, style, self.margins.left + indent, item);
    }

    /// Sets wrapped lines from `x`. A right-to-left line (Urdu, Arabic) is aligned to the
    /// right margin instead, its indent mirrored.
    fn lines(&mut self, lines: &[String], style: Style, x: f32, tag: Tag) {
        let lh = style.line_height();
        let indent = x - self.margins.left;
        let right = PAGE_WIDTH - self.margins.right - indent;
        for line in lines {
            self.ensure_set(lh);
            let y = self.y + style.size;
            let x = if super::shape::is_rtl(line) {
                right - style.width(line)
            } else {
                x
            };
            self.push(Mark::Text {
                x,
                y,
                style,
                text: line.clone(),
                tag,
            });
            self.y += lh;
        }
    }

    /// A table. The header row repeats at the top of every page the table runs onto; a row
    /// too tall for what is left of a page moves to the next, and a row taller than a whole
    /// page is split between lines.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>], style: Style) {
        let style = self.fit(style);
        // Structure: the table, its header row of TH cells (the repeats on later pages are
        // only for the eye), then a row of TD cells per row.
        let table = self.tag(Role::P).elem;
        let cell_tags = |layout: &mut Layout, role: Role, row: u32| -> Vec<Tag> {
            columns
                .iter()
                .map(|_| Tag {
                    group: table,
                    row,
                    ..layout.tag(role)
                })
                .collect()
        };
        let head_tags = cell_tags(self, Role::TableHead, 0);
        let repeat_tags = vec![Tag::ARTIFACT; columns.len()];
        let total: f32 = columns
            .iter()
            .map(|c| c.weight)
            .sum::<f32>()
            .max(f32::EPSILON);
        let widths: Vec<f32> = columns
            .iter()
            .map(|c| self.width() * c.weight / total)
            .collect();
        let inner = |w: f32| (w - 2.0 * CELL_PAD).max(style.size);
        let head_style = style.bold();
        let head_lines: Vec<Vec<String>> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| self.wrap(c.title, head_style, inner(*w)))
            .collect();
        let head_height = row_height(&head_lines, head_style);
        let lh = style.line_height();

        // Keep the header with at least one line of the first row.
        self.ensure_set(head_height + lh + 2.0 * CELL_PAD);
        self.table_row(
            &widths,
            &head_lines,
            head_style,
            Some(HEADER_FILL),
            &head_tags,
        );
        for (n, row) in rows.iter().enumerate() {
            let tags = cell_tags(self, Role::TableCell, n as u32 + 1);
            let mut cells: Vec<Vec<String>> = widths
                .iter()
                .enumerate()
                .map(|(i, w)| self.wrap(row.get(i).map_or("", |s| s.as_str()), style, inner(*w)))
                .collect();
            let full_page = self.bottom() - self.margins.top - head_height;
            if row_height(&cells, style) > self.room_left()
                && row_height(&cells, style) <= full_page
            {
                self.new_page();
                self.table_row(
                    &widths,
                    &head_lines,
                    head_style,
                    Some(HEADER_FILL),
                    &repeat_tags,
                );
            }
            loop {
                let fit = ((self.room_left() - 2.0 * CELL_PAD) / lh).floor().max(0.0) as usize;
                let needed = cells.iter().map(Vec::len).max().unwrap_or(0);
                if needed <= fit {
                    self.table_row(&widths, &cells, style, None, &tags);
                    break;
                }
                if fit > 0 {
                    let rest: Vec<Vec<String>> = cells
                        .iter_mut()
                        .map(|c| c.split_off(fit.min(c.len())))
                        .collect();
                    self.table_row(&widths, &cells, style, None, &tags);
                    cells = rest;
                }
                self.new_page();
                self.table_row(
                    &widths,
                    &head_lines,
                    head_style,
                    Some(HEADER_FILL),
                    &repeat_tags,
                );
            }
        }
        self.space_set(style.size * 0.6);
    }

    fn table_row(
        &mut self,
        widths: &[f32],
        cells: &[Vec<String>],
        style: Style,
        fill: Option<Rgb>,
        tags: &[Tag],
    ) {
        let height = row_height(cells, style);
        let width: f32 = widths.iter().sum();
        let (left, top) = (self.margins.left, self.y);
        if let Some(color) = fill {
            self.push(Mark::Fill {
                x: left,
                y: top,
                w: width,
                h: height,
                color,
            });
        }
        let mut x = left;
        for ((lines, w), tag) in cells.iter().zip(widths).zip(tags) {
            for (i, line) in lines.iter().enumerate() {
                let at = if super::shape::is_rtl(line) {
                    x + w - CELL_PAD - style.width(line)
                } else {
                    x + CELL_PAD
                };
                self.push(Mark::Text {
                    x: at,
                    y: top + CELL_PAD + style.size + i as f32 * style.line_height(),
                    style,
                    text: line.clone(),
                    tag: *tag,
                });
            }
            x += w;
        }
        self.push(Mark::Rule {
            x: left,
            y: top + height,
            w: width,
            color: RULE,
        });
        self.y += height;
    }
}

fn row_height(cells: &[Vec<String>], style: Style) -> f32 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    lines as f32 * style.line_height() + 2.0 * CELL_PAD
}

/// A heading's level, from how large the composer set it: the big ones are H1.
fn heading_role(style: Style) -> Role {
    if style.size >= 13.5 {
        Role::H1
    } else {
        Role::H2
    }
}

/// Breaks `text` into lines no wider than `width`. Explicit line breaks are kept, blank
/// lines survive as empty lines, and a word too wide for a line is broken between characters
/// (between grapheme-like clusters: a combining sign stays with its letter).
/// A line of a right-to-left paragraph that starts with a left-to-right word begins with
/// an invisible right-to-left mark, so it is still ordered and aligned as part of its
/// paragraph.
#[cfg(test)]
pub fn wrap(text: &str, style: Style, width: f32) -> Vec<String> {
    wrap_in(text, style, width, false)
}

/// As [`wrap`]; in a right-to-left document (`rtl`), every paragraph is a right-to-left one.
fn wrap_in(text: &str, style: Style, width: f32, rtl: bool) -> Vec<String> {
    let in_rtl_document = rtl;
    let measure = |s: &str| style.width(s);
    let space = measure(" ");
    let mut lines = Vec::new();
    let text = super::fonts::printable(text, style.face);
    for para in text.lines() {
        let first = lines.len();
        let rtl = in_rtl_document || super::shape::is_rtl(para);
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in para.split_whitespace() {
            let word: String = word.chars().filter(|c| !c.is_control()).collect();
            let word_w = measure(&word);
            let gap = if line.is_empty() { 0.0 } else { space };
            if line_w + gap + word_w <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(&word);
                line_w += gap + word_w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            if word_w <= width {
                line = word;
                line_w = word_w;
                continue;
            }
            // Too wide for any line: break it between characters, keeping marks and
            // joiners with the letter before them.
            for piece in clusters(&word) {
                let cw = measure(piece);
                if line_w + cw > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                line.push_str(piece);
                line_w += cw;
            }
        }
        lines.push(line);
        if rtl {
            for line in &mut lines[first..] {
                if !line.is_empty() && !super::shape::is_rtl(line) {
                    line.insert(0, '\u{200F}');
                }
            }
        }
    }
    // A blank field still takes no lines; trailing empty lines carry nothing.
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// `word` cut where a line may break inside it: before each character that is not a
/// combining sign, a virama-joined consonant or a joiner.
fn clusters(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in word.char_indices() {
        let joins = c.is_alphabetic() && !is_mark(c) || c.is_numeric() || c.is_ascii_punctuation();
        let after_joiner = prev.is_some_and(|p| is_virama(p) || p == '\u{200D}' || p == '\u{200C}');
        if i > start && joins && !after_joiner {
            out.push(&word[start..i]);
            start = i;
        }
        prev = Some(c);
    }
    if start < word.len() {
        out.push(&word[start..]);
    }
    out
}

/// Vowel signs and other combining marks of the scripts the PDFs shape, and general
/// combining diacritics: they belong to the letter before them.
fn is_mark(c: char) -> bool {
    matches!(u32::from(c),
        0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED
        | 0x0981..=0x0983 | 0x09BC | 0x09BE..=0x09D7 | 0x09E2..=0x09E3
        | 0x0A01..=0x0A03 | 0x0A3C..=0x0A51 | 0x0A70..=0x0A71 | 0x0A75)
}

fn is_virama(c: char) -> bool {
    matches!(c, '\u{09CD}' | '\u{0A4D}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: Style = Style::new(Face::Regular, 10.0, INK);

    #[test]
    fn wrapping_never_exceeds_the_width_and_keeps_every_character() {
        let text = format!(
            "Zofia Wiśniewska likes Ελληνικά and Кириллица. {} end.\n\nSecond paragraph.",
            "Ж".repeat(300)
        );
        let lines = wrap(&text, BODY, 120.0);
        for l in &lines {
            assert!(BODY.width(l) <= 120.0 + 0.01, "{l:?} is too wide");
        }
        let joined: String = lines.concat().split_whitespace().collect();
        let expected: String = text.split_whitespace().collect();
        assert_eq!(joined, expected);
        assert!(lines.iter().any(String::is_empty), "the blank line is kept");
    }

    #[test]
    fn a_long_table_repeats_its_header_on_each_page() {
        let mut layout = Layout::new(Margins::DOCUMENT);
        let cols = [
            Column {
                title: "Who",
                weight: 1.0,
            },
            Column {
                title: "What",
                weight: 2.0,
            },
        ];
        let rows: Vec<Vec<String>> = (0..80)
            .map(|i| vec![format!("Provider {i}"), "Weekly session ".repeat(8)])
            .collect();
        layout.table(&cols, &rows, BODY);
        assert!(layout.pages.len() > 2);
        for page in &layout.pages {
            let headers = page
                .iter()
                .filter(|m| matches!(m, Mark::Text { text, .. } if text == "Who"))
                .count();
            assert_eq!(headers, 1);
            for m in page {
                if let Mark::Text { y, .. } = m {
                    assert!(*y < PAGE_HEIGHT - Margins::DOCUMENT.bottom + 1.0);
                }
            }
        }
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_not_clipped() {
        let mut layout = Layout::new(Margins::DOCUMENT);
        let cols = [Column {
            title: "What",
            weight: 1.0,
        }];
        let long = "word ".repeat(3000);
        layout.table(&cols, &[vec![long.clone()]], BODY);
        let words: usize = layout
            .pages
            .iter()
            .flatten()
            .map(|m| match m {
                Mark::Text { text, .. } => text.matches("word").count(),
                _ => 0,
            })
            .sum();
        assert_eq!(words, 3000);
        assert!(layout.pages.len() > 1);
    }
}
