//! QR codes generated at build time (REQUIREMENTS E1): error correction M, quiet zone of 4
//! modules, as a PNG data URL of one pixel per module that the page scales up without smoothing
//! (`image-rendering: pixelated`). A version 4 code is about 330 bytes of base64, where an inline
//! SVG of its runs was over 4 KB.
//!
//! The modules come from the `qrcode` crate. Its usual entry point tries all eight mask patterns
//! and scores each, which made QR codes most of the build time of a large site; any mask is a
//! valid QR code, so one fixed pattern is used.

use std::cell::RefCell;

use base64::Engine;
use libdeflater::{CompressionLvl, Compressor};
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::types::Color;
use qrcode::EcLevel;

/// Quiet zone in modules (ISO/IEC 18004 asks for at least 4).
const QUIET: usize = 4;

/// The QR code of `url` as a `data:image/png;base64,…` URL and its width in modules (quiet zone
/// included), or `None` if the URL is too long for a QR code.
pub fn png_for(url: &str) -> Option<(String, usize)> {
    let bits = qrcode::bits::encode_auto(url.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let data = bits.into_bytes();
    let (encoded, ec) = qrcode::ec::construct_codewords(&data, version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec);
    canvas.apply_mask(MaskPattern::Checkerboard);
    let modules = canvas.into_colors();
    let width = version.width() as usize;
    let size = width + 2 * QUIET;
    // 1-bit greyscale rows, each led by filter type 0; a set bit is a light module.
    let row_bytes = size.div_ceil(8);
    let mut raw = Vec::with_capacity(size * (row_bytes + 1));
    for y in 0..size {
        raw.push(0);
        let mut row = vec![0u8; row_bytes];
        for x in 0..size {
            let dark = (QUIET..QUIET + width).contains(&x)
                && (QUIET..QUIET + width).contains(&y)
                && modules[(y - QUIET) * width + x - QUIET] == Color::Dark;
            if !dark {
                row[x / 8] |= 0x80 >> (x % 8);
            }
        }
        raw.extend_from_slice(&row);
    }
    let idat = zlib(&raw)?;
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let side = (size as u32).to_be_bytes();
    let ihdr = [&side[..], &side[..], &[1, 0, 0, 0, 0]].concat();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &idat);
    chunk(&mut png, b"IEND", &[]);
    let b64 = base64::engine::general_purpose::STANDARD.encode(png);
    Some((format!("data:image/png;base64,{b64}"), size))
}

thread_local! {
    /// One zlib compressor per thread. libdeflate, since for the few hundred bytes of a code the
    /// fixed cost of a compression is what counts: 15 µs against zlib-rs's 25 µs at its best
    /// level, for the same size.
    static COMPRESSOR: RefCell<Compressor> = RefCell::new(Compressor::new(
        CompressionLvl::new(9).unwrap_or_default(),
    ));
}

/// `raw` as a zlib stream (PNG's IDAT data).
fn zlib(raw: &[u8]) -> Option<Vec<u8>> {
    COMPRESSOR.with_borrow_mut(|z| {
        let mut out = vec![0; z.zlib_compress_bound(raw.len())];
        let len = z.zlib_compress(raw, &mut out).ok()?;
        out.truncate(len);
        Some(out)
    })
}

/// Appends one PNG chunk: length, type, data, CRC-32 of type and data.
fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    png.extend_from_slice(&crc.sum().to_be_bytes());
}

#[cfg(test)]
mod tests {
    #[test]
    fn png_has_a_quiet_zone_and_stays_small() {
        let (src, size) = super::png_for("https://example.gov.cn/a/").unwrap();
        assert!(
            src.starts_with("data:image/png;base64,iVBORw0KGgo"),
            "{src}"
        );
        // Version 2 (25 modules) plus 4 on each side.
        assert_eq!(size, 33);
        let (long, size) =
            super::png_for("https://bench.example.gov.cn/care/zcwj/doc-000033/").unwrap();
        assert_eq!(size, 41);
        assert!(long.len() < 600, "{} bytes", long.len());
    }

    /// The image rows of a PNG made by `png_for`: its IDAT chunk inflated.
    fn rows(src: &str) -> Vec<u8> {
        use base64::Engine;
        use std::io::Read;
        let b64 = src.strip_prefix("data:image/png;base64,").unwrap();
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        let at = png.windows(4).position(|w| w == b"IDAT").unwrap();
        let len = u32::from_be_bytes(png[at - 4..at].try_into().unwrap()) as usize;
        let mut raw = Vec::new();
        flate2::read::ZlibDecoder::new(&png[at + 4..at + 4 + len])
            .read_to_end(&mut raw)
            .unwrap();
        raw
    }

    #[test]
    fn image_data_is_a_complete_zlib_stream_whatever_came_before() {
        let first = super::png_for("https://example.gov.cn/a/").unwrap().0;
        let other = super::png_for("https://example.gov.cn/zcwj/doc-1/")
            .unwrap()
            .0;
        // The compressor is reused: the same URL gives the same image after another one.
        assert_eq!(
            super::png_for("https://example.gov.cn/a/").unwrap().0,
            first
        );
        for (src, size) in [(&first, 33), (&other, 37)] {
            let raw = rows(src);
            let row = 1 + usize::div_ceil(size, 8);
            assert_eq!(raw.len(), size * row);
            // Every row starts with filter type 0; the quiet zone's first row is all light.
            assert!(raw.chunks(row).all(|r| r[0] == 0));
            assert_eq!(raw[1], 0xff);
        }
    }
}
