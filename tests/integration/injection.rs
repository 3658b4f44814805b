//! No script through content (issue 14): the site `tests/fixtures/sites/injection` puts an
//! injection attempt into the body of a document and into every front-matter field and
//! `config.yaml` value that reaches a page. It must build, and no output file of either rendition
//! may hold a script, an event handler, a script URL or an embedding element that came from
//! content. Every file is parsed: HTML with scraper, the search index as JSON, the sitemap as XML,
//! the precompressed copies decompressed. `tests/browser/injection.test.mjs` opens the same site
//! in Chromium under the README's Content-Security-Policy.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::sync::OnceLock;

use scraper::{ElementRef, Html};

use crate::common::*;

/// The injection site, built once.
fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = SiteBuilder::fixture("injection").build_shared("injection", &[]);
        site.run.assert_code(0);
        site
    })
}

/// Attributes that hold a URL the browser may follow or load.
const URL_ATTRIBUTES: [&str; 20] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "poster",
    "background",
    "data",
    "codebase",
    "cite",
    "longdesc",
    "ping",
    "manifest",
    "lowsrc",
    "dynsrc",
    "to",
    "from",
    "values",
    "by",
];

/// Elements that embed another document or change how the page is read.
const FORBIDDEN_ELEMENTS: [&str; 9] = [
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "style",
];

/// A URL as the browser reads it: spaces and control characters dropped, lowercase.
fn browser_form(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_ascii_control() && *c != ' ')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Why a URL may run script, if it may.
fn script_url(url: &str, image: bool) -> Option<&'static str> {
    let u = browser_form(url);
    if u.starts_with("javascript:") || u.starts_with("vbscript:") || u.starts_with("livescript:") {
        return Some("script URL");
    }
    if let Some(data) = u.strip_prefix("data:") {
        let raster = ["image/png", "image/gif", "image/jpeg", "image/webp"];
        if !(image && raster.iter().any(|t| data.starts_with(t))) {
            return Some("data: URL");
        }
    }
    None
}

/// Problems of one element of an output page.
fn element_problems(el: ElementRef<'_>, file: &str, out: &mut Vec<String>) {
    let name = el.value().name();
    let at = |what: String| format!("{file}: <{name}> {what}");
    if FORBIDDEN_ELEMENTS.contains(&name) {
        out.push(at("element from content".into()));
    }
    if name == "script" {
        let own = el
            .value()
            .attr("src")
            .is_some_and(|s| s.starts_with("/static/js/") && s.contains("?v="));
        // The JSON-LD data block of document pages: JSON only, with no `<` that could end it.
        let data = el.value().attr("type") == Some("application/ld+json") && {
            let json: String = el.text().collect();
            !json.contains('<') && serde_json::from_str::<serde_json::Value>(&json).is_ok()
        };
        if data {
            out.extend(json_problems(file, &el.text().collect::<String>()));
        } else if !own || !el.text().collect::<String>().trim().is_empty() {
            out.push(at(format!("script that is not the theme's: {}", el.html())));
        }
    }
    if name == "meta"
        && el
            .value()
            .attr("http-equiv")
            .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
    {
        // Only the redirect pages of `aliases` refresh, to a page of this site.
        let content = el.value().attr("content").unwrap_or_default();
        let target = content.split_once("url=").map(|(_, u)| u).unwrap_or("");
        if !target.starts_with('/') || target.starts_with("//") {
            out.push(at(format!("refresh to {content:?}")));
        }
    }
    for (attr, value) in el.value().attrs() {
        let attr = attr.to_ascii_lowercase();
        if attr.len() > 2 && attr.starts_with("on") {
            out.push(at(format!("event handler {attr}={value:?}")));
        }
        if attr == "srcdoc" {
            out.push(at(format!("srcdoc={value:?}")));
        }
        if attr == "style" {
            let s = browser_form(value);
            if [
                "expression(",
                "javascript:",
                "vbscript:",
                "behavior:",
                "-moz-binding",
                "url(",
            ]
            .iter()
            .any(|bad| s.contains(bad))
            {
                out.push(at(format!("style={value:?}")));
            }
        }
        if URL_ATTRIBUTES.contains(&attr.as_str()) {
            let image = matches!(name, "img" | "source" | "image") && attr.starts_with("src");
            let urls: Vec<&str> = if attr == "srcset" {
                value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .collect()
            } else {
                vec![value]
            };
            for url in urls {
                if let Some(why) = script_url(url, image) {
                    out.push(at(format!("{why} in {attr}={url:?}")));
                }
            }
        }
    }
}

/// Problems of one HTML file.
fn html_problems(file: &str, text: &str) -> Vec<String> {
    let html = Html::parse_document(text);
    let mut out = Vec::new();
    for node in html.tree.nodes() {
        if let Some(el) = ElementRef::wrap(node) {
            element_problems(el, file, &mut out);
        }
    }
    out
}

/// Problems of a JSON file: every value under a URL key must be a plain URL.
fn json_problems(file: &str, text: &str) -> Vec<String> {
    fn walk(v: &serde_json::Value, key: &str, file: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if matches!(key, "u" | "url" | "href" | "src") => {
                if let Some(why) = script_url(s, false) {
                    out.push(format!("{file}: {why} under {key:?}: {s:?}"));
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, key, file, out)),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| walk(x, k, file, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => walk(&v, "", file, &mut out),
        Err(e) => out.push(format!("{file}: not JSON: {e}")),
    }
    out
}

/// Elements of the sitemap.
const SITEMAP: [&str; 4] = ["urlset", "url", "loc", "lastmod"];
/// Elements of the Atom feeds.
const ATOM: [&str; 15] = [
    "feed",
    "title",
    "id",
    "link",
    "updated",
    "author",
    "name",
    "generator",
    "entry",
    "published",
    "category",
    "summary",
    "content",
    "dcterms:identifier",
    "dcterms:valid",
];

/// Problems of an XML file (the sitemap, the Atom feeds), read tag by tag: only the XML declaration and the
/// sitemap elements, no comments, DOCTYPE or CDATA, every `<loc>` a URL of the site.
fn xml_problems(file: &str, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut in_loc = false;
    while let Some(open) = rest.find('<') {
        let between = &rest[..open];
        if in_loc && !between.starts_with("https://www.example.gov.cn/") {
            out.push(format!("{file}: <loc>{between}</loc>"));
        }
        let Some(close) = rest[open..].find('>') else {
            out.push(format!("{file}: unclosed tag"));
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or_default();
        let declaration = tag.starts_with("?xml ") && tag.ends_with('?');
        let known = SITEMAP.contains(&name) || (file.contains("atom.xml") && ATOM.contains(&name));
        if !declaration && !known {
            out.push(format!("{file}: <{tag}>"));
        }
        // Atom links (feeds of gongkai::lifecycle) point at pages of the site only.
        if let Some(href) = (name == "link")
            .then(|| tag.split("href=\"").nth(1))
            .flatten()
        {
            if !href.starts_with("https://www.example.gov.cn/") {
                out.push(format!("{file}: <{tag}>"));
            }
        }
        in_loc = name == "loc" && !tag.starts_with('/');
        rest = &rest[open + close + 1..];
    }
    out
}

/// The text of a precompressed copy.
fn decompress(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if name.ends_with(".gz") {
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("gunzip");
    } else {
        brotli::Decompressor::new(bytes, 4096)
            .read_to_end(&mut out)
            .expect("brotli");
    }
    out
}

/// Every problem of every output file.
fn output_problems(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    for (name, bytes) in files {
        let (plain, bytes) = match name
            .strip_suffix(".gz")
            .or_else(|| name.strip_suffix(".br"))
        {
            Some(plain) => (plain, decompress(name, bytes)),
            None => (name.as_str(), bytes.clone()),
        };
        let text = String::from_utf8_lossy(&bytes);
        if plain.ends_with(".html") {
            out.extend(html_problems(name, &text));
        } else if plain.ends_with(".json") {
            out.extend(json_problems(name, &text));
        } else if plain.ends_with(".xml") {
            out.extend(xml_problems(name, &text));
        }
    }
    out
}

#[test]
fn no_output_file_holds_script_from_content() {
    let files = site().output();
    assert!(
        files.contains_key("care/gk/body/index.html"),
        "both renditions"
    );
    let problems = output_problems(&files);
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_checker_sees_what_it_looks_for() {
    let page = "<html><head><base href=/><script>x</script><script src=/static/js/a.js?v=1></script>\
        <script type=application/ld+json>{\"url\":\"javascript:x\"}</script><script type=application/ld+json>{}</script></head>\
        <body><a href=\" java\tscript:x\">a</a><img src=x onerror=x><svg><a xlink:href=javascript:x>s</a></svg>\
        <iframe></iframe><div style=\"width:expression(x)\"></div><img srcset=\"a.png 1x, javascript:x 2x\">\
        <a href=\"data:text/html,x\">d</a><img src=\"data:image/png;base64,AA\" alt=\"\">\
        <meta http-equiv=Refresh content=\"0;url=javascript:x\"></body></html>";
    let found = html_problems("t.html", page);
    for expected in [
        "<base> element",
        "<script> script",
        "script URL in href=\" java\\tscript:x\"",
        "event handler onerror",
        "script URL in href=\"javascript:x\"",
        "<iframe> element",
        "style=",
        "srcset=\"javascript:x\"",
        "data: URL in href",
        "refresh to",
        "script URL under \"url\"",
    ] {
        assert!(
            found.iter().any(|f| f.contains(expected)),
            "{expected}: {found:#?}"
        );
    }
    assert_eq!(found.len(), 11, "{found:#?}");
    assert_eq!(
        json_problems(
            "i.json",
            r#"{"docs":[{"u":"javascript:x","t":"javascript:x"}]}"#
        )
        .len(),
        1
    );
    assert_eq!(
        xml_problems(
            "s.xml",
            "<urlset><url><loc>javascript:x</loc></url><x/></urlset>"
        )
        .len(),
        2
    );
}

#[test]
fn injected_text_is_shown_as_text() {
    let site = site();
    for prefix in ["", "/care"] {
        let page = site.page(&format!("{prefix}/gk/front-matter/"));
        let title = text(one(&page, "h1"));
        assert_eq!(
            title,
            "标题<script>alert('title')</script><img src=x onerror=alert('title-img')>"
        );
        let rows = meta_rows(&page);
        assert!(
            rows.iter()
                .any(|(_, v)| v.contains("<script>alert('doc_no')</script>")),
            "{rows:?}"
        );
        let header = text(one(&page, ".gk-header__title"));
        assert_eq!(header, "示例局<script>alert('site-title')</script>");
    }
}

#[test]
fn unsafe_urls_of_config_and_front_matter_are_reported_and_left_out() {
    let run = &site().run;
    for what in [
        "police_beian_url",
        "gov_mark",
        "javascript:alert('footer')",
        "vbscript:msgbox('footer')",
        "data:text/html,<script>alert('footer-data')</script>",
        "javascript://%0aalert('attachment-url')",
        "javascript:alert('source_url')",
    ] {
        assert!(
            run.warnings().iter().any(|w| w.contains(what)),
            "no warning naming {what}:\n{}",
            run.stderr
        );
    }
    let page = site().page("/gk/front-matter/");
    let links: Vec<&str> = select(&page, ".gk-attachments__link")
        .into_iter()
        .filter_map(|a| attr(a, "href"))
        .collect();
    assert_eq!(links.len(), 1, "only the local attachment stays: {links:?}");
    let footer: Vec<&str> = select(&page, ".gk-footer__link")
        .into_iter()
        .filter_map(|a| attr(a, "href"))
        .collect();
    assert!(footer.contains(&"https://www.gov.cn/"), "{footer:?}");
}

#[test]
fn script_in_checked_fields_fails_the_build() {
    for (field, value) in [
        ("index_no", "\"<script>alert(1)</script>\""),
        ("aliases", "[\"javascript:alert(1)\"]"),
        ("slug", "\"x onclick=alert(1)\""),
    ] {
        let site = SiteBuilder::new()
            .section("gk", "公开", "")
            .file(
                "content/gk/a.md",
                doc(
                    "标题",
                    "2024-03-01",
                    None,
                    &format!("{field}: {value}\n"),
                    "正文。",
                ),
            )
            .build(&[]);
        site.run.assert_code(1);
        assert!(
            site.run.errors().iter().any(|e| e.contains(field)),
            "{field}: {}",
            site.run.stderr
        );
        assert!(!site.public().exists());
    }
}
