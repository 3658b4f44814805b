//! Classes the theme needs on whole links of a rendered body, set once per body: a paragraph
//! that is one link (`gk-linkline`) and a link whose text shows its address (`gk-url`).

/// A body paragraph that is one link and nothing else (`[图1　……（原图）](…)`, a download on its
/// own line) gets the class `gk-linkline`, so that the theme gives it a full-size target: it is a
/// control of its own, not a link inside a sentence (WCAG 2.5.8; 关怀版 ≥ 44×44, B3d).
pub(super) fn mark_link_lines(html: &str) -> String {
    static LINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?m)^<p>(<a [^>]*>.*</a>)</p>$").expect("link line regex")
    });
    if !html.contains("<p><a ") {
        return html.to_string();
    }
    LINE.replace_all(html, |c: &regex::Captures| {
        let link = &c[1];
        if link.matches("<a ").count() == 1
            && link.ends_with("</a>")
            && link.matches("</a>").count() == 1
        {
            format!("<p class=\"gk-linkline\">{link}</p>")
        } else {
            c[0].to_string()
        }
    })
    .into_owned()
}

/// A body link whose text already shows its address (`（http://www.shuyang.gov.cn/）`, an
/// external picture's `〔外部图片：http://…〕`) gets the class `gk-url`, so that print does not
/// repeat the address after it.
pub(super) fn mark_address_links(html: &str) -> String {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"<a href="(https?://[^"]+)">([^<]*)</a>"#).expect("address link regex")
    });
    if !html.contains("<a href=\"http") {
        return html.to_string();
    }
    LINK.replace_all(html, |c: &regex::Captures| {
        let (href, text) = (&c[1], &c[2]);
        if text.contains(href) || text.contains(href.trim_end_matches('/')) {
            format!("<a class=\"gk-url\" href=\"{href}\">{text}</a>")
        } else {
            c[0].to_string()
        }
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_that_is_one_link_is_marked() {
        let html = "<p><a href=\"https://x.cn/1.jpg\">图1　原图</a></p>\n<p>见<a href=\"a.pdf\">附件</a>。</p>\n<p><a href=\"1\">一</a> <a href=\"2\">二</a></p>\n";
        let marked = mark_link_lines(html);
        assert!(
            marked.starts_with(
                "<p class=\"gk-linkline\"><a href=\"https://x.cn/1.jpg\">图1　原图</a></p>\n"
            ),
            "{marked}"
        );
        assert_eq!(marked.matches("gk-linkline").count(), 1, "{marked}");
    }

    #[test]
    fn a_link_that_shows_its_address_is_marked() {
        let html = "<p>网站（<a href=\"http://www.shuyang.gov.cn/\">http://www.shuyang.gov.cn/</a>）、<a href=\"https://a.cn/x\">a.cn/x</a>、<a href=\"https://b.cn/\">https://b.cn</a>、<a href=\"https://c.cn/\">c 网站</a></p>";
        let marked = mark_address_links(html);
        assert_eq!(marked.matches("class=\"gk-url\"").count(), 2, "{marked}");
        assert!(
            marked.contains("<a href=\"https://c.cn/\">c 网站</a>"),
            "{marked}"
        );
        assert!(
            marked.contains("<a href=\"https://a.cn/x\">a.cn/x</a>"),
            "{marked}"
        );
    }
}
