//! What a browser makes of a URL written in a document or in `config.yaml`: its scheme, read the
//! way the WHATWG URL parser reads it (spaces and control characters around it dropped, tabs and
//! line breaks inside ignored, backslashes taken for slashes, case ignored), and whether it may
//! stand in a link or an image of the site. Links may use only the schemes of [`LINK_SCHEMES`]:
//! `javascript:`, `vbscript:`, `data:` and every other scheme that could run script never reach a
//! page, however they are disguised.

/// Page links inside rendered bodies start with this pseudo-scheme; the renderer replaces it with
/// the URL prefix of the rendition (standard or 关怀版), so one body serves both renditions.
pub const PAGE_LINK: &str = "gkpage:";

/// Schemes a link of the site may use; anything else (and a relative URL is always fine) is
/// removed with a warning.
pub const LINK_SCHEMES: [&str; 7] = ["http", "https", "mailto", "tel", "sms", "ftp", "ftps"];

/// `data:` pictures a page may show inline (the strict CSP allows `img-src data:`).
const DATA_IMAGES: [&str; 4] = ["image/png", "image/gif", "image/jpeg", "image/webp"];

/// The URL as a browser reads it: leading and trailing spaces and control characters removed,
/// tabs and line breaks inside removed, backslashes as slashes.
pub fn browser_form(url: &str) -> String {
    url.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control())
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect()
}

/// The scheme of a URL in lowercase (`javascript` for ` JaVa\tScript:x`), or `None` for a
/// relative URL (`a.pdf`, `/xxgk/`, `#top`, `?q=1`, `//host/`).
pub fn scheme(url: &str) -> Option<String> {
    let cleaned = browser_form(url);
    let end = cleaned.find([':', '/', '?', '#'])?;
    let name = &cleaned[..end];
    let valid = cleaned[end..].starts_with(':')
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| name.to_ascii_lowercase())
}

/// Whether a URL may be the target of a link: relative, or with one of [`LINK_SCHEMES`] (or the
/// internal page-link scheme of rendered bodies).
pub fn is_safe_link(url: &str) -> bool {
    match scheme(url) {
        None => true,
        Some(s) => LINK_SCHEMES.contains(&s.as_str()) || s == PAGE_LINK.trim_end_matches(':'),
    }
}

/// Whether a URL may be the source of a picture: a safe link, or an inline `data:` PNG, GIF,
/// JPEG or WebP.
pub fn is_safe_image(url: &str) -> bool {
    if scheme(url).as_deref() == Some("data") {
        let rest = browser_form(url)[5..].to_ascii_lowercase();
        return DATA_IMAGES.iter().any(|t| rest.starts_with(t));
    }
    is_safe_link(url)
}

/// The warning for a URL of the front matter or `config.yaml` that is left out of the pages.
pub fn unsafe_message(url: &str) -> String {
    format!(
        "不安全的网址 “{url}” 已移除：链接只能是本站路径或 http://、https://、mailto:、tel: 网址"
    )
}

/// Whether a URL, as a browser reads it, points at another host: `http:`, `https:`, any other
/// scheme but `data:`, or protocol-relative (`//host`, also written with backslashes, which
/// browsers read as slashes). Tabs and line breaks inside are ignored, as browsers do.
pub fn is_remote(url: &str) -> bool {
    let cleaned = browser_form(url);
    if cleaned.starts_with("//") {
        return true;
    }
    let scheme_end = cleaned.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if cleaned[i..].starts_with(':') && i > 0 => {
            let scheme = cleaned[..i].to_ascii_lowercase();
            scheme != "data"
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disguised_script_urls_are_unsafe() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \u{1}\u{b}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{c}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "javascript://%0aalert(1)",
            "livescript:x",
        ] {
            assert!(!is_safe_link(url), "{url:?}");
            assert!(!is_safe_image(url), "{url:?}");
        }
    }

    #[test]
    fn ordinary_urls_are_safe() {
        for url in [
            "https://www.gov.cn/",
            "HTTP://x.gov.cn",
            "mailto:a@b.cn",
            "tel:01012345678",
            "/xxgk/",
            "a.pdf",
            "#top",
            "?q=1",
            "//host/x",
            "&#106;avascript:x",
            "\u{a0}javascript:x",
            "附件/说明.pdf",
            "gkpage:xxgk/a/",
        ] {
            assert!(is_safe_link(url), "{url:?}");
        }
        assert!(is_safe_image("data:image/png;base64,AA"));
        assert!(!is_safe_link("data:image/png;base64,AA"));
    }
}
