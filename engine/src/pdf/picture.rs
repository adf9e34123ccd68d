//! Pictures in the PDFs: a PNG decoded once into 8-bit RGB pixels, shared by every mark that
//! draws it. Transparency is composited onto white, the page's colour, so the PDF needs no
//! soft mask. Nothing here panics on bad bytes: a PNG that is damaged, truncated, not a PNG,
//! or too large to decode safely is refused with a reason, and the caller prints a note
//! instead of the picture.

use std::fmt;
use std::sync::Arc;

/// The longest side kept, in pixels. A larger picture is scaled down by averaging, which
/// keeps the PDF small and is still about 240 dpi across the whole width of an A4 page.
pub const MAX_SIDE: u32 = 1600;
/// The most pixels decoded at all (a 5000 × 5000 photo); anything larger is refused before
/// its pixels are read, so a small file cannot ask for gigabytes.
const MAX_PIXELS: u64 = 25_000_000;
/// What the PNG decoder may allocate in all.
const DECODE_LIMIT_BYTES: usize = 128 * 1024 * 1024;

/// Decoded pixels, ready to embed.
#[derive(PartialEq)]
pub struct Picture {
    /// Names the picture within one document, so the PDF embeds it once however often it is
    /// drawn: a symbol's id, or an attachment's SHA-256.
    pub key: String,
    pub width: u32,
    pub height: u32,
    /// 8-bit RGB, row by row, top row first.
    pub rgb: Vec<u8>,
}

impl fmt::Debug for Picture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Picture")
            .field("key", &self.key)
            .field("width", &self.width)
            .field("height", &self.height)
            .finish_non_exhaustive()
    }
}

/// Whether `bytes` start like a PNG.
pub fn is_png(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
}

/// Whether `bytes` start like a JPEG.
pub fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8, 0xFF])
}

impl Picture {
    /// Decodes a PNG (any bit depth and colour type; the first frame of an animated one).
    pub fn from_png(key: impl Into<String>, bytes: &[u8]) -> Result<Arc<Picture>, String> {
        let mut decoder = png::Decoder::new_with_limits(
            std::io::Cursor::new(bytes),
            png::Limits {
                bytes: DECODE_LIMIT_BYTES,
            },
        );
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
        let (width, height) = reader.info().size();
        if width == 0 || height == 0 {
            return Err("the picture has no pixels".into());
        }
        if u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(format!(
                "the picture is too large ({width} × {height} pixels)"
            ));
        }
        let size = reader
            .output_buffer_size()
            .ok_or("the picture is too large")?;
        let mut buf = vec![0; size];
        let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
        let channels = match (info.color_type, info.bit_depth) {
            (png::ColorType::Grayscale, png::BitDepth::Eight) => 1,
            (png::ColorType::GrayscaleAlpha, png::BitDepth::Eight) => 2,
            (png::ColorType::Rgb, png::BitDepth::Eight) => 3,
            (png::ColorType::Rgba, png::BitDepth::Eight) => 4,
            (c, d) => return Err(format!("unexpected pixel format {c:?} {d:?}")),
        };
        let (w, h) = (info.width as usize, info.height as usize);
        let row_bytes = w * channels;
        if info.line_size < row_bytes || buf.len() < info.line_size * h {
            return Err("the picture's rows are shorter than its width".into());
        }
        let mut rgb = Vec::with_capacity(w * h * 3);
        for row in buf.chunks_exact(info.line_size).take(h) {
            for px in row[..row_bytes].chunks_exact(channels) {
                let (r, g, b, a) = match *px {
                    [v] => (v, v, v, 255),
                    [v, a] => (v, v, v, a),
                    [r, g, b] => (r, g, b, 255),
                    [r, g, b, a] => (r, g, b, a),
                    _ => unreachable!("chunks of 1 to 4 bytes"),
                };
                rgb.extend([over_white(r, a), over_white(g, a), over_white(b, a)]);
            }
        }
        Ok(Arc::new(shrink(Picture {
            key: key.into(),
            width: info.width,
            height: info.height,
            rgb,
        })))
    }

    /// The pixels as a PNG (RGB), for the preview's `<image>`.
    pub fn to_png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let written = encoder
            .write_header()
            .and_then(|mut w| w.write_image_data(&self.rgb));
        if written.is_err() {
            out.clear();
        }
        out
    }
}

/// A colour channel with alpha `a`, laid over white.
fn over_white(c: u8, a: u8) -> u8 {
    let (c, a) = (u32::from(c), u32::from(a));
    ((c * a + 255 * (255 - a) + 127) / 255) as u8
}

/// Scales a picture down by a whole factor, averaging each block of pixels, until its longest
/// side is at most [`MAX_SIDE`].
fn shrink(p: Picture) -> Picture {
    let factor = p.width.max(p.height).div_ceil(MAX_SIDE);
    if factor <= 1 {
        return p;
    }
    let (w, h, k) = (p.width as usize, p.height as usize, factor as usize);
    let (nw, nh) = (w.div_ceil(k), h.div_ceil(k));
    let mut rgb = Vec::with_capacity(nw * nh * 3);
    for by in 0..nh {
        for bx in 0..nw {
            let mut sum = [0u64; 3];
            let mut n = 0u64;
            for y in by * k..((by + 1) * k).min(h) {
                for x in bx * k..((bx + 1) * k).min(w) {
                    let at = (y * w + x) * 3;
                    for (s, v) in sum.iter_mut().zip(&p.rgb[at..at + 3]) {
                        *s += u64::from(*v);
                    }
                    n += 1;
                }
            }
            rgb.extend(sum.map(|s| ((s + n / 2) / n.max(1)) as u8));
        }
    }
    Picture {
        key: p.key,
        width: nw as u32,
        height: nh as u32,
        rgb,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, color: png::ColorType, pixels: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, width, height);
        e.set_color(color);
        e.set_depth(png::BitDepth::Eight);
        e.write_header().unwrap().write_image_data(pixels).unwrap();
        out
    }

    #[test]
    fn transparency_is_laid_over_white() {
        // Opaque red, transparent black, half-transparent black.
        let bytes = png(
            3,
            1,
            png::ColorType::Rgba,
            &[255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 128],
        );
        let p = Picture::from_png("t", &bytes).unwrap();
        assert_eq!((p.width, p.height), (3, 1));
        assert_eq!(p.rgb, [255, 0, 0, 255, 255, 255, 127, 127, 127]);
        // And back to a PNG for the preview, which decodes to the same pixels.
        let again = Picture::from_png("t", &p.to_png()).unwrap();
        assert_eq!(again.rgb, p.rgb);
    }

    #[test]
    fn grey_pictures_become_rgb() {
        let p = Picture::from_png("g", &png(2, 1, png::ColorType::Grayscale, &[0, 200])).unwrap();
        assert_eq!(p.rgb, [0, 0, 0, 200, 200, 200]);
    }

    #[test]
    fn bad_bytes_are_refused_not_panicked_on() {
        let good = png(4, 4, png::ColorType::Rgb, &[9; 48]);
        for bad in [
            Vec::new(),
            b"not a picture".to_vec(),
            good[..good.len() / 2].to_vec(),
            good[..8].to_vec(),
        ] {
            assert!(Picture::from_png("x", &bad).is_err(), "{bad:?}");
        }
        // Every single-byte corruption of a real PNG is decoded or refused, never a panic.
        for i in 0..good.len() {
            let mut b = good.clone();
            b[i] ^= 0x5A;
            let _ = Picture::from_png("x", &b);
        }
    }

    #[test]
    fn a_huge_picture_is_refused_before_its_pixels_are_read() {
        // A valid header claiming 20000 × 20000 pixels, with almost no data.
        let mut bytes = png(1, 1, png::ColorType::Rgb, &[0, 0, 0]);
        bytes[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        // Fix the header's checksum so the decoder reads as far as the size.
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        let err = Picture::from_png("x", &bytes).unwrap_err();
        assert!(err.contains("too large"), "{err}");
    }

    #[test]
    fn a_large_picture_is_scaled_down() {
        let (w, h) = (MAX_SIDE * 2 + 1, 10);
        let pixels = vec![100u8; (w * h * 3) as usize];
        let p = Picture::from_png("big", &png(w, h, png::ColorType::Rgb, &pixels)).unwrap();
        assert!(p.width <= MAX_SIDE && p.width > MAX_SIDE / 2, "{}", p.width);
        assert_eq!(p.height, 4);
        assert_eq!(p.rgb.len(), (p.width * p.height * 3) as usize);
        assert!(p.rgb.iter().all(|v| *v == 100));
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for b in data {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
