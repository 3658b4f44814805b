//! QR codes generated at build time as inline SVG (REQUIREMENTS E1): error correction M, quiet
//! zone of 4 modules, sized by CSS.
//!
//! The modules come from the `qrcode` crate. Its usual entry point tries all eight mask patterns
//! and scores each, which made QR codes most of the build time of a large site; any mask is a
//! valid QR code, so one fixed pattern is used. The SVG is one path of horizontal runs.

use std::fmt::Write;

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::types::Color;
use qrcode::EcLevel;

/// Quiet zone in modules (ISO/IEC 18004 asks for at least 4).
const QUIET: usize = 4;

/// An inline `<svg>` QR code for `url`, labelled for screen readers, or `None` if the URL is too
/// long for a QR code.
pub fn svg_for(url: &str) -> Option<String> {
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
    let label = crate::text::escape_attr(&format!("本页二维码：{url}"));
    let mut svg = format!(
        "<svg class=\"gk-qr__code\" role=\"img\" aria-label=\"{label}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{px}\" height=\"{px}\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
        px = size * 4
    );
    for (y, row) in modules.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                let _ = write!(
                    svg,
                    "M{} {}h{}v1h-{}z",
                    start + QUIET,
                    y + QUIET,
                    x - start,
                    x - start
                );
            } else {
                x += 1;
            }
        }
    }
    svg.push_str("\"/></svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    #[test]
    fn svg_is_labelled_and_has_a_quiet_zone() {
        let s = super::svg_for("https://example.gov.cn/a/").unwrap();
        assert!(s.starts_with("<svg class=\"gk-qr__code\""), "{s}");
        assert!(s.contains("aria-label=\"本页二维码：https://example.gov.cn/a/\""));
        // Version 2 (25 modules) plus 4 on each side.
        assert!(s.contains("viewBox=\"0 0 33 33\""), "{s}");
        assert!(
            !s.contains("M0 ") && !s.contains("M1 ") && !s.contains("M2 ") && !s.contains("M3 ")
        );
    }
}
