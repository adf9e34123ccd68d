//! Bar charts for the PDF reports, drawn by plotters straight into the layout's [`Mark`]s.
//!
//! plotters lays the chart out (the scale, its ticks, the row labels) and draws through
//! [`MarkBackend`], a plotters drawing backend of our own: rectangles and straight lines
//! become filled rectangles, and text becomes real PDF text in DejaVu Sans, measured with
//! the same glyph advances as the rest of the page. So a chart's labels can be searched,
//! copied and read aloud, and the preview shows the chart exactly as printed.
//!
//! Key items: [`Bar`] and [`bar_chart`]. A protected figure ("fewer than 5", "hidden")
//! carries no number at all ([`Cell`]), so it cannot be drawn to scale: its row shows one
//! small empty box of a fixed size and the words, never a bar.

use super::fonts::Face;
use super::layout::{Layout, Mark, Rgb, Style};
use crate::{EngineError, Result};
use northstar_schema::small_numbers::Cell;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
    FontStyle as BackendFontStyle,
};
use std::convert::Infallible;

/// plotters draws on a grid of whole units; four to the point keeps lines and bars exact.
const SCALE: f32 = 4.0;
/// Where the baseline sits below the top of a line of text, and above its bottom, in ems
/// (DejaVu Sans's capitals stand about 0.73 em; its descenders drop about 0.24 em).
const ASCENT: f32 = 0.76;
const DESCENT: f32 = 0.24;

const LABEL_SIZE: f32 = 8.5;
const TICK_SIZE: f32 = 7.5;
const ROW_HEIGHT: f32 = 17.0;
const BAR_HEIGHT: f32 = 11.0;
const TOP: f32 = 4.0;
const RIGHT: f32 = 12.0;
/// The tick labels and the axis's description under the bars.
const BOTTOM: f32 = 30.0;
/// The box a protected figure shows instead of a bar: one size whatever the figure.
const PROTECTED_BOX: f32 = 9.0;
/// Between a bar's end (or the box) and its figure.
const GAP: f32 = 4.0;

const BAR: RGBColor = RGBColor(46, 94, 153);
const PROTECTED_FILL: RGBColor = RGBColor(235, 236, 240);
const LABEL: RGBColor = RGBColor(26, 26, 31);
const MUTED: RGBColor = RGBColor(89, 89, 102);
const GRID: RGBColor = RGBColor(214, 217, 224);

/// One row of a bar chart: its label and the figure the bar stands for.
#[derive(Debug, Clone, Copy)]
pub struct Bar<'a> {
    pub label: &'a str,
    pub figure: Cell,
}

/// How tall [`bar_chart`] draws `rows` bars, in points.
pub fn height(rows: usize) -> f32 {
    TOP + ROW_HEIGHT * rows as f32 + BOTTOM
}

/// A horizontal bar chart of `bars`, first at the top, across the layout's width under the
/// cursor (on a new page unless it fits on this one), with `axis` under the scale. Each bar
/// is labelled with its figure in words, as the table beside it shows it.
pub fn bar_chart(layout: &mut Layout, bars: &[Bar], axis: &str) -> Result<()> {
    if bars.is_empty() {
        return Ok(());
    }
    let width = layout.width();
    let chart_height = height(bars.len());
    let top = layout.reserve(chart_height);
    let origin = (layout.margins.left, top);
    let mut marks = Vec::new();
    draw(
        MarkBackend {
            origin,
            size: (units(width), units(chart_height)),
            marks: &mut marks,
        },
        bars,
        axis,
        width,
    )
    .map_err(|e| EngineError::PdfWrite(format!("a chart could not be drawn: {e}")))?;
    for mark in marks {
        layout.place(mark);
    }
    Ok(())
}

fn units(points: f32) -> u32 {
    (points * SCALE).round().max(0.0) as u32
}

fn label_style(size: f32) -> Style {
    Style::new(Face::Regular, size, (0.0, 0.0, 0.0))
}

fn draw(
    backend: MarkBackend<'_>,
    bars: &[Bar],
    axis: &str,
    width: f32,
) -> std::result::Result<(), DrawingAreaErrorKind<Infallible>> {
    let n = bars.len();
    let label_area = bars
        .iter()
        .map(|b| label_style(LABEL_SIZE).width(b.label))
        .fold(0.0, f32::max)
        + 12.0;
    let plot_width = (width - label_area - RIGHT).max(ROW_HEIGHT);
    // Room after the longest bar for its figure, so no figure runs off the chart (the same
    // whichever words a protected figure has, so the scale says nothing about them).
    let room = bars
        .iter()
        .map(|b| b.figure)
        .chain([Cell::FewerThanFive, Cell::Hidden])
        .map(|figure| label_style(LABEL_SIZE).width(&figure.words()))
        .fold(0.0, f32::max)
        + GAP
        + 2.0;
    let most = bars
        .iter()
        .filter_map(|b| match b.figure {
            Cell::Shown(n) => Some(n),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let x_max = if most == 0 {
        10
    } else {
        let stretch = plot_width / (plot_width - room).max(1.0);
        ((most as f32 * stretch).ceil() as u64).max(most + 1)
    };

    let root = backend.into_drawing_area();
    let text = |size: f32, color: &RGBColor| {
        ("sans-serif", f64::from(size * SCALE))
            .into_font()
            .color(color)
    };
    // Row 0 at the top: plotters counts upwards, so the first bar takes the last slot.
    let slot = |i: usize| (n - 1 - i) as i32;
    let mut chart = ChartBuilder::on(&root)
        .margin_top(units(TOP))
        .margin_right(units(RIGHT))
        .y_label_area_size(units(label_area))
        .x_label_area_size(units(BOTTOM))
        .build_cartesian_2d(0u64..x_max, (0..slot(0)).into_segmented())?;
    let row_label = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(k) | SegmentValue::Exact(k) => usize::try_from(*k)
            .ok()
            .and_then(|k| bars.get(n - 1 - k.min(n - 1)))
            .map(|b| b.label.to_string())
            .unwrap_or_default(),
        SegmentValue::Last => String::new(),
    };
    let count = |v: &u64| v.to_string();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&row_label)
        .x_labels(6)
        .x_label_formatter(&count)
        .x_desc(axis)
        .label_style(text(LABEL_SIZE, &LABEL))
        .x_label_style(text(TICK_SIZE, &MUTED))
        .axis_desc_style(text(LABEL_SIZE, &MUTED))
        .set_all_tick_mark_size(units(3.0))
        .axis_style(Color::stroke_width(&MUTED, 2))
        .bold_line_style(Color::stroke_width(&GRID, 2))
        .light_line_style(TRANSPARENT)
        .draw()?;

    let inset = units((ROW_HEIGHT - BAR_HEIGHT) / 2.0);
    let figure_style = text(LABEL_SIZE, &LABEL).pos(Pos::new(HPos::Left, VPos::Center));
    let area = chart.plotting_area();
    for (i, bar) in bars.iter().enumerate() {
        let y = slot(i);
        let words = bar.figure.words();
        match bar.figure {
            Cell::Shown(count) => {
                if count > 0 {
                    let mut rect = Rectangle::new(
                        [
                            (0, SegmentValue::Exact(y)),
                            (count, SegmentValue::Exact(y + 1)),
                        ],
                        BAR.filled(),
                    );
                    rect.set_margin(inset, inset, 0, 0);
                    area.draw(&rect)?;
                }
                area.draw(
                    &(EmptyElement::at((count, SegmentValue::CenterOf(y)))
                        + Text::new(words, (units(GAP) as i32, 0), figure_style.clone())),
                )?;
            }
            Cell::FewerThanFive | Cell::Hidden => {
                let (w, h) = (units(PROTECTED_BOX) as i32, units(BAR_HEIGHT / 2.0) as i32);
                area.draw(
                    &(EmptyElement::at((0, SegmentValue::CenterOf(y)))
                        + Rectangle::new([(0, -h), (w, h)], PROTECTED_FILL.filled())
                        + Rectangle::new([(0, -h), (w, h)], Color::stroke_width(&MUTED, 2))
                        + Text::new(words, (w + units(GAP) as i32, 0), figure_style.clone())),
                )?;
            }
        }
    }
    root.present()?;
    Ok(())
}

/// A plotters drawing backend that turns what plotters draws into the layout's marks, placed
/// at `origin` (points from the page's top left). plotters' units are `1 / SCALE` points.
struct MarkBackend<'m> {
    origin: (f32, f32),
    size: (u32, u32),
    marks: &'m mut Vec<Mark>,
}

/// A colour as painted over white paper (PDF marks here have no transparency).
fn paint(c: BackendColor) -> Option<Rgb> {
    if c.alpha <= 0.0 {
        return None;
    }
    let a = c.alpha.min(1.0) as f32;
    let over_white = |v: u8| f32::from(v) / 255.0 * a + (1.0 - a);
    Some((
        over_white(c.rgb.0),
        over_white(c.rgb.1),
        over_white(c.rgb.2),
    ))
}

impl MarkBackend<'_> {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (self.origin.0 + x / SCALE, self.origin.1 + y / SCALE)
    }

    /// Fills the rectangle between two corners given in units (any order).
    fn fill(&mut self, (x0, y0): (f32, f32), (x1, y1): (f32, f32), color: Rgb) {
        let (left, top) = self.at(x0.min(x1), y0.min(y1));
        let (w, h) = ((x1 - x0).abs() / SCALE, (y1 - y0).abs() / SCALE);
        if w > 0.0 && h > 0.0 {
            self.marks.push(Mark::Fill {
                x: left,
                y: top,
                w,
                h,
                color,
            });
        }
    }
}

impl DrawingBackend for MarkBackend<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> std::result::Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn present(&mut self) -> std::result::Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    /// Only reached for shapes a bar chart does not use (slanted lines, circles): one unit.
    fn draw_pixel(
        &mut self,
        (x, y): BackendCoord,
        color: BackendColor,
    ) -> std::result::Result<(), DrawingErrorKind<Infallible>> {
        if let Some(color) = paint(color) {
            let (x, y) = (x as f32, y as f32);
            self.fill((x, y), (x + 1.0, y + 1.0), color);
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> std::result::Result<(), DrawingErrorKind<Infallible>> {
        let Some(color) = paint(style.color()) else {
            return Ok(());
        };
        if from.0 != to.0 && from.1 != to.1 {
            return plotters_backend::rasterizer::draw_line(self, from, to, style);
        }
        // A straight line is a thin rectangle, as thick as its stroke, centred on it.
        let half = style.stroke_width().max(1) as f32 / 2.0;
        let (x0, x1) = (from.0.min(to.0) as f32, from.0.max(to.0) as f32);
        let (y0, y1) = (from.1.min(to.1) as f32, from.1.max(to.1) as f32);
        self.fill((x0 - half, y0 - half), (x1 + half, y1 + half), color);
        Ok(())
    }

    /// Each straight piece of a path as a line (plotters draws axes and tick marks as paths).
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> std::result::Result<(), DrawingErrorKind<Infallible>> {
        let mut from: Option<BackendCoord> = None;
        for to in path {
            if let Some(from) = from {
                self.draw_line(from, to, style)?;
            }
            from = Some(to);
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> std::result::Result<(), DrawingErrorKind<Infallible>> {
        let Some(color) = paint(style.color()) else {
            return Ok(());
        };
        if fill {
            let (x0, y0) = (upper_left.0 as f32, upper_left.1 as f32);
            let (x1, y1) = (bottom_right.0 as f32, bottom_right.1 as f32);
            self.fill((x0, y0), (x1, y1), color);
            return Ok(());
        }
        let (l, t, r, b) = (upper_left.0, upper_left.1, bottom_right.0, bottom_right.1);
        for (from, to) in [
            ((l, t), (r, t)),
            ((r, t), (r, b)),
            ((r, b), (l, b)),
            ((l, b), (l, t)),
        ] {
            self.draw_line(from, to, style)?;
        }
        Ok(())
    }

    /// Text as a text mark in DejaVu Sans (bold where plotters asks for bold), placed by its
    /// anchor with the face's real advances. Charts here use no rotated text; any asked for
    /// is set level rather than dropped.
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> std::result::Result<(), DrawingErrorKind<Infallible>> {
        let Some(color) = paint(style.color()) else {
            return Ok(());
        };
        if text.is_empty() {
            return Ok(());
        }
        let face = match style.style() {
            BackendFontStyle::Bold => Face::Bold,
            _ => Face::Regular,
        };
        let size = style.size() as f32 / SCALE;
        let style_here = Style::new(face, size, color);
        let width = style_here.width(text);
        let (x, y) = self.at(pos.0 as f32, pos.1 as f32);
        let anchor = style.anchor();
        let x = match anchor.h_pos {
            HPos::Left => x,
            HPos::Center => x - width / 2.0,
            HPos::Right => x - width,
        };
        let baseline = match anchor.v_pos {
            VPos::Top => y + ASCENT * size,
            VPos::Center => y + (ASCENT - DESCENT) / 2.0 * size,
            VPos::Bottom => y - DESCENT * size,
        };
        self.marks.push(Mark::Text {
            x,
            y: baseline,
            style: style_here,
            text: text.to_string(),
            // The chart repeats its table's figures: the table is what is read out.
            tag: super::tags::Tag::ARTIFACT,
        });
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Infallible>> {
        let face = match style.style() {
            BackendFontStyle::Bold => Face::Bold,
            _ => Face::Regular,
        };
        let size = style.size() as f32 / SCALE;
        let width = Style::new(face, size, (0.0, 0.0, 0.0)).width(text);
        Ok((units(width), units((ASCENT + DESCENT) * size)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::{Margins, PAGE_WIDTH};

    fn chart(bars: &[Bar]) -> Vec<Mark> {
        let mut layout = Layout::new(Margins::DOCUMENT);
        bar_chart(&mut layout, bars, "Young people").unwrap();
        assert_eq!(layout.pages.len(), 1);
        layout.pages.remove(0)
    }

    fn texts(marks: &[Mark]) -> Vec<(f32, f32, String)> {
        marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { x, y, text, .. } => Some((*x, *y, text.clone())),
                _ => None,
            })
            .collect()
    }

    fn bars_in(marks: &[Mark]) -> Vec<(f32, f32, f32)> {
        let bar = paint(BAR.to_backend_color()).unwrap();
        marks
            .iter()
            .filter_map(|m| match m {
                Mark::Fill { y, w, h, color, .. } if *color == bar => Some((*y, *w, *h)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn each_shown_figure_is_a_bar_to_scale_with_its_label_and_figure_as_text() {
        let marks = chart(&[
            Bar {
                label: "College or sixth form",
                figure: Cell::Shown(40),
            },
            Bar {
                label: "A job or career",
                figure: Cell::Shown(10),
            },
            Bar {
                label: "Volunteering",
                figure: Cell::Shown(0),
            },
        ]);
        let words = texts(&marks);
        for expected in [
            "College or sixth form",
            "A job or career",
            "Volunteering",
            "40",
            "10",
            "0",
            "Young people",
        ] {
            assert!(
                words.iter().any(|(_, _, t)| t == expected),
                "{expected:?} missing from {words:?}"
            );
        }
        // Two bars (0 has none), the first above the second, four times as long.
        let bars = bars_in(&marks);
        assert_eq!(bars.len(), 2, "{bars:?}");
        assert!(bars[0].0 < bars[1].0);
        assert!((bars[0].1 / bars[1].1 - 4.0).abs() < 0.05, "{bars:?}");
        // A row's label and its figure share a baseline, and everything stays on the page.
        // (The figure is drawn after the scale, whose ticks may read the same.)
        let baseline = |s: &str| words.iter().rfind(|(_, _, t)| t == s).unwrap().1;
        assert!(
            (baseline("College or sixth form") - baseline("40")).abs() < 0.01,
            "{words:?}"
        );
        for (x, _, t) in &words {
            assert!(
                *x >= Margins::DOCUMENT.left - 0.5,
                "{t} starts off the margin"
            );
            let right = *x + label_style(LABEL_SIZE).width(t);
            assert!(
                right <= PAGE_WIDTH - Margins::DOCUMENT.right + 0.5,
                "{t} runs off"
            );
        }
    }

    #[test]
    fn a_protected_figure_gets_no_bar_only_a_fixed_box_and_words() {
        let with = |figure| {
            chart(&[
                Bar {
                    label: "Supported internship",
                    figure,
                },
                Bar {
                    label: "University",
                    figure: Cell::Shown(7),
                },
            ])
        };
        for figure in [Cell::FewerThanFive, Cell::Hidden] {
            let marks = with(figure);
            assert_eq!(bars_in(&marks).len(), 1, "only the shown figure has a bar");
            let words: Vec<String> = texts(&marks).into_iter().map(|t| t.2).collect();
            assert!(words.contains(&figure.words()), "{words:?}");
        }
        // Both kinds draw the very same shapes: nothing but the words differs.
        let shapes = |marks: Vec<Mark>| -> Vec<Mark> {
            marks
                .into_iter()
                .filter(|m| !matches!(m, Mark::Text { .. }))
                .collect()
        };
        assert_eq!(
            shapes(with(Cell::FewerThanFive)),
            shapes(with(Cell::Hidden))
        );
    }
}
