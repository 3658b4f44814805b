//! The site never loads anything from another host, wherever a picture sits in a body: Markdown
//! images (also inside links, as CMS pages write thumbnails), raw HTML `<img>`, `srcset`,
//! `<picture>`/`<source>`, SVG `<image>`, `poster`, `background`, `url(…)` in styles. This module
//! tells which URLs are remote, finds what raw HTML would load, and turns the remote `<img>` left
//! in sanitised HTML into links (or into their label inside a link). Everything else that could
//! load (those attributes and tags, styles) the sanitiser drops; the Markdown pass warns about
//! each occurrence.

use std::sync::LazyLock;

use regex::Regex;

pub use crate::url::is_remote;

/// A remote resource that raw HTML would load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteLoad {
    /// Byte offset of the tag or style in the HTML.
    pub offset: usize,
    /// The URL.
    pub url: String,
    /// Where it sits (`<img> 的 src`, `<source> 的 srcset`, `样式中的 url()` …), for the message.
    pub place: String,
    /// Whether it is the `src` of an `<img>`, which becomes a link ([`unload_images`]); the
    /// sanitiser drops every other kind.
    pub img_src: bool,
}

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<([A-Za-z][A-Za-z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>"#).expect("tag regex")
});
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([^\s"'=<>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#)
        .expect("attribute regex")
});
static CSS_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:url\(\s*["']?([^"')]+)|@import\s+["']([^"']+))"#).expect("css url regex")
});

/// Attributes that load a resource (any tag), and `href` on the tags where it loads one.
const LOADING_ATTRS: [&str; 7] = [
    "src",
    "srcset",
    "poster",
    "background",
    "data",
    "lowsrc",
    "dynsrc",
];
const HREF_LOADS_ON: [&str; 5] = ["image", "use", "feimage", "link", "script"];

/// Every remote URL that `html` (raw HTML written in a body) would load, in order: attributes of
/// tags, each candidate of a `srcset`, and `url(…)` / `@import` in styles. Links (`<a href>`) are
/// not loads.
pub fn remote_loads(html: &str) -> Vec<RemoteLoad> {
    let mut found = Vec::new();
    for tag in TAG.captures_iter(html) {
        let name = tag[1].to_ascii_lowercase();
        let offset = tag.get(0).map_or(0, |m| m.start());
        for attr in ATTR.captures_iter(&tag[2]) {
            let key = attr[1].to_ascii_lowercase();
            let value = attr
                .get(2)
                .or(attr.get(3))
                .or(attr.get(4))
                .map_or("", |m| m.as_str());
            let value = decode_entities(value);
            let loads = LOADING_ATTRS.contains(&key.as_str())
                || (matches!(key.as_str(), "href" | "xlink:href")
                    && HREF_LOADS_ON.contains(&name.as_str()));
            let urls: Vec<&str> = if key.ends_with("srcset") {
                value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .collect()
            } else if loads {
                vec![value.as_str()]
            } else if key == "style" {
                css_urls(&value)
            } else {
                Vec::new()
            };
            for url in urls.into_iter().filter(|u| is_remote(u)) {
                found.push(RemoteLoad {
                    offset,
                    url: url.to_string(),
                    place: format!("<{name}> 的 {key}"),
                    img_src: name == "img" && key == "src",
                });
            }
        }
    }
    // <style> blocks and anything else that reads as CSS outside tags
    let outside_tags = TAG.replace_all(html, |c: &regex::Captures| " ".repeat(c[0].len()));
    for m in CSS_URL.captures_iter(&outside_tags) {
        let url = m.get(1).or(m.get(2)).map_or("", |u| u.as_str()).trim();
        if is_remote(url) {
            found.push(RemoteLoad {
                offset: m.get(0).map_or(0, |x| x.start()),
                url: url.to_string(),
                place: "样式中的 url()".into(),
                img_src: false,
            });
        }
    }
    found.sort_by_key(|l| l.offset);
    found
}

fn css_urls(css: &str) -> Vec<&str> {
    CSS_URL
        .captures_iter(css)
        .filter_map(|c| c.get(1).or(c.get(2)).map(|m| m.as_str().trim()))
        .collect()
}

/// Enough of HTML's character references for URLs written in attributes.
fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&colon;", ":")
        .replace("&sol;", "/")
        .replace("&#47;", "/")
        .replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&#58;", ":")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

static IMG_OR_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<a\b(?:[^>"]|"[^"]*")*>|</a\s*>|<img\b(?:[^>"]|"[^"]*")*>"#).expect("img regex")
});

/// Rewrites sanitised body HTML (double-quoted attributes, escaped values): each `<img>` whose
/// `src` is remote becomes a link to the picture labelled `〔外部图片：alt〕`, or only that label
/// when the image already sits inside a link (the link stays). A relative `src` (`a.png`, a
/// picture beside the document) is made absolute with `base` (`/xxgk/zcwj/`), as Markdown
/// images are: the page's URL is not the document's folder.
pub fn unload_images(html: &str, base: &str) -> String {
    let mut depth = 0usize;
    IMG_OR_LINK
        .replace_all(html, |c: &regex::Captures| {
            let tag = &c[0];
            if tag.starts_with("</") {
                depth = depth.saturating_sub(1);
                return tag.to_string();
            }
            if !tag.starts_with("<img") {
                depth += 1;
                return tag.to_string();
            }
            let attr = |name: &str| {
                ATTR.captures_iter(&tag[4..])
                    .find(|a| a[1].eq_ignore_ascii_case(name))
                    .and_then(|a| a.get(2).map(|m| m.as_str().to_string()))
            };
            let Some(src) = attr("src") else {
                return tag.to_string();
            };
            if !is_remote(&decode_entities(&src)) {
                let relative = !src.is_empty() && !src.starts_with(['/', '#', '?']);
                let has_scheme = src
                    .split(['/', '?', '#'])
                    .next()
                    .is_some_and(|s| s.contains(':'));
                if relative && !has_scheme {
                    return tag.replacen(
                        &format!("src=\"{src}\""),
                        &format!("src=\"{base}{src}\""),
                        1,
                    );
                }
                return tag.to_string();
            }
            let alt = attr("alt").filter(|a| !a.trim().is_empty());
            let label = format!("〔外部图片：{}〕", alt.as_deref().unwrap_or(&src).trim());
            if depth > 0 {
                label
            } else {
                format!("<a href=\"{src}\">{label}</a>")
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_urls() {
        for u in [
            "http://a.cn/x.jpg",
            "HTTPS://a.cn/x.jpg",
            "//a.cn/x.jpg",
            "/\\a.cn/x.jpg",
            "\\\\a.cn/x.jpg",
            " ftp://a.cn/x",
            "ht\ttp://a.cn/",
        ] {
            assert!(is_remote(u), "{u}");
        }
        for u in [
            "/a/x.jpg",
            "x.jpg",
            "../x.jpg",
            "data:image/png;base64,AAAA",
            "#top",
            "a/b:c.jpg",
            "?x=http://a.cn",
        ] {
            assert!(!is_remote(u), "{u}");
        }
    }

    #[test]
    fn every_way_raw_html_loads_a_picture() {
        let html = r#"<p><img src="http://a.cn/1.jpg" alt="一"><img srcset="x.jpg 1x, https://a.cn/2.jpg 2x"></p>
<picture><source srcset='//a.cn/3.webp'><img src="local.jpg"></picture>
<svg><image href="http://a.cn/4.png"/><image xlink:href="http://a.cn/5.png"/></svg>
<div style="background: url('http://a.cn/6.png')">x</div><table background=http://a.cn/7.gif></table>
<style>@import "https://a.cn/8.css"; p { background: url(http://a.cn/9.png) }</style>
<video poster="http://a.cn/10.jpg"></video><a href="http://a.cn/page.html">不是图片</a>"#;
        let urls: Vec<String> = remote_loads(html).into_iter().map(|l| l.url).collect();
        let want: Vec<String> = (1..=10)
            .map(|i| {
                let ext = [
                    "jpg", "jpg", "webp", "png", "png", "png", "gif", "css", "png", "jpg",
                ];
                let host = if i == 3 {
                    "//a.cn"
                } else if [2, 8].contains(&i) {
                    "https://a.cn"
                } else {
                    "http://a.cn"
                };
                format!("{host}/{i}.{}", ext[i - 1])
            })
            .collect();
        assert_eq!(urls, want);
    }

    #[test]
    fn remote_images_become_links_or_labels_inside_links() {
        let html = r#"<p><img src="http://a.cn/1.jpg" alt="图一"> <a href="http://a.cn/2.jpg"><img src="http://a.cn/2_s.jpg" alt=""></a> <img src="/local.png" alt="本地"> <img src="a.png" alt="旁边"></p>"#;
        assert_eq!(
            unload_images(html, "/xxgk/"),
            r#"<p><a href="http://a.cn/1.jpg">〔外部图片：图一〕</a> <a href="http://a.cn/2.jpg">〔外部图片：http://a.cn/2_s.jpg〕</a> <img src="/local.png" alt="本地"> <img src="/xxgk/a.png" alt="旁边"></p>"#
        );
    }
}
