//! An on-screen preview of a PDF export: each page drawn as SVG from the same laid-out marks
//! the PDF is written from, so the preview has the same line breaks, page breaks, header,
//! footer and watermark as the file. It needs no PDF renderer, which the window lacks.

use super::compose::Composed;
use super::fonts::Face;
use super::layout::{Mark, Rgb, PAGE_HEIGHT, PAGE_WIDTH};
use std::fmt::Write;

/// One SVG document per page, in points, A4.
pub fn pages(composed: Composed) -> Vec<String> {
    let layout = composed.decorated();
    layout.pages.iter().map(|marks| page(marks)).collect()
}

fn page(marks: &[Mark]) -> String {
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {PAGE_WIDTH} {PAGE_HEIGHT}" width="{PAGE_WIDTH}" height="{PAGE_HEIGHT}"><rect width="100%" height="100%" fill="#fff"/>"##
    );
    for mark in marks {
        // Writing into a String cannot fail.
        let _ = match mark {
            Mark::Text {
                x, y, style, text, ..
            } if !text.is_empty() => {
                let weight = if style.face == Face::Bold {
                    "bold"
                } else {
                    "normal"
                };
                let common = format!(
                    r##"font-family="DejaVu Sans, Noto Naskh Arabic, Noto Sans Bengali, Noto Sans Gurmukhi, sans-serif" font-weight="{weight}" font-size="{}" fill="{}" xml:space="preserve""##,
                    style.size,
                    rgb(style.color)
                );
                if x.is_nan() {
                    let (cx, cy) = (PAGE_WIDTH / 2.0, PAGE_HEIGHT / 2.0);
                    write!(
                        svg,
                        r##"<text x="{cx}" y="{cy}" text-anchor="middle" dominant-baseline="middle" transform="rotate(-45 {cx} {cy})" {common}>{}</text>"##,
                        escape(text)
                    )
                } else if super::shape::is_rtl(text) {
                    // Right to left: the line's left end is at `x`, as in the PDF.
                    write!(
                        svg,
                        r##"<text x="{x}" y="{y}" direction="rtl" text-anchor="end" {common}>{}</text>"##,
                        escape(text)
                    )
                } else {
                    write!(
                        svg,
                        r##"<text x="{x}" y="{y}" {common}>{}</text>"##,
                        escape(text)
                    )
                }
            }
            Mark::Text { .. } => Ok(()),
            Mark::Fill { x, y, w, h, color } => write!(
                svg,
                r##"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{}"/>"##,
                rgb(*color)
            ),
            Mark::Rule { x, y, w, color } => write!(
                svg,
                r##"<rect x="{x}" y="{}" width="{w}" height="0.5" fill="{}"/>"##,
                y - 0.5,
                rgb(*color)
            ),
            Mark::Image {
                x,
                y,
                w,
                h,
                image,
                alt,
                ..
            } => write!(
                svg,
                r##"<image x="{x}" y="{y}" width="{w}" height="{h}" preserveAspectRatio="none" href="data:image/png;base64,{}"><title>{}</title></image>"##,
                data_encoding::BASE64.encode(&image.to_png()),
                escape(alt)
            ),
        };
    }
    svg.push_str("</svg>");
    svg
}

fn rgb((r, g, b): Rgb) -> String {
    let c = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{:02x}{:02x}{:02x}", c(r), c(g), c(b))
}

/// Text from the review is the family's and professionals' words: escape it so it is only
/// ever text in the SVG.
fn escape(text: &str) -> String {
    northstar_schema::xml_escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_text_cannot_break_out_of_the_svg() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"Zoë\"\u{7}"),
            "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;Zoë&quot;"
        );
        assert_eq!(rgb((0.0, 0.5, 1.0)), "#0080ff");
    }
}
