//! QR codes generated at build time as inline SVG (REQUIREMENTS E1): error correction M, quiet
//! zone of 4 modules, sized by CSS.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An inline `<svg>` QR code for `url`, labelled for screen readers, or `None` if the URL is too
/// long for a QR code.
pub fn svg_for(url: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build();
    let body = image
        .split_once("?>")
        .map_or(image.as_str(), |(_, rest)| rest);
    let label = crate::markdown::escape_attr(&format!("本页二维码：{url}"));
    Some(
        body.replacen(
            "<svg ",
            &format!("<svg class=\"gk-qr__code\" role=\"img\" aria-label=\"{label}\" "),
            1,
        )
        .replacen(" version=\"1.1\"", "", 1),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn svg_has_no_xml_declaration() {
        let s = super::svg_for("https://example.gov.cn/a/").unwrap();
        assert!(s.starts_with("<svg class=\"gk-qr__code\""), "{s}");
        assert!(s.contains("aria-label=\"本页二维码：https://example.gov.cn/a/\""));
    }
}
