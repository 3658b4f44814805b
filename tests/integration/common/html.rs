//! Queries on output: CSS selection ([`sel`], [`select`], [`one`]), text and attributes, the
//! parts of a gongkai page tests look at (metadata panel, body headings, links, canonical URL,
//! `<meta>` tags, the inline QR code) and a count of the pipe tables of Markdown source.

use scraper::{ElementRef, Html, Selector};

/// A CSS selector (panics on a typo).
pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s}: {e:?}"))
}

/// All elements matching `s`.
pub fn select<'a>(html: &'a Html, s: &str) -> Vec<ElementRef<'a>> {
    html.select(&sel(s)).collect()
}

/// All elements matching `s` below `el`.
pub fn select_in<'a>(el: ElementRef<'a>, s: &str) -> Vec<ElementRef<'a>> {
    el.select(&sel(s)).collect()
}

/// The one element matching `s`.
#[track_caller]
pub fn one<'a>(html: &'a Html, s: &str) -> ElementRef<'a> {
    let all = select(html, s);
    assert_eq!(
        all.len(),
        1,
        "expected exactly one `{s}`, found {}",
        all.len()
    );
    all[0]
}

/// Text content, whitespace-trimmed.
pub fn text(el: ElementRef<'_>) -> String {
    el.text().collect::<String>().trim().to_string()
}

/// An attribute.
pub fn attr<'a>(el: ElementRef<'a>, name: &str) -> Option<&'a str> {
    el.value().attr(name)
}

/// `<meta name=NAME content>`.
pub fn meta_name(html: &Html, name: &str) -> Option<String> {
    select(html, &format!("meta[name=\"{name}\"]"))
        .first()
        .and_then(|m| attr(*m, "content"))
        .map(str::to_string)
}

/// `<meta property=NAME content>`.
pub fn meta_property(html: &Html, name: &str) -> Option<String> {
    select(html, &format!("meta[property=\"{name}\"]"))
        .first()
        .and_then(|m| attr(*m, "content"))
        .map(str::to_string)
}

/// `<link rel=canonical href>`.
pub fn canonical(html: &Html) -> String {
    attr(one(html, "link[rel=canonical]"), "href")
        .expect("canonical href")
        .to_string()
}

/// The body of a document page (`.gk-body`).
#[track_caller]
pub fn body(html: &Html) -> ElementRef<'_> {
    one(html, ".gk-body")
}

/// The metadata panel as (label, value) pairs, in page order.
pub fn meta_rows(html: &Html) -> Vec<(String, String)> {
    select(html, ".gk-meta__row")
        .into_iter()
        .map(|row| {
            let dt = select_in(row, "dt")
                .first()
                .map(|e| text(*e))
                .unwrap_or_default();
            let dd = select_in(row, "dd")
                .first()
                .map(|e| text(*e))
                .unwrap_or_default();
            (dt, dd)
        })
        .collect()
}

/// The value of one metadata row.
pub fn meta_row(html: &Html, label: &str) -> Option<String> {
    meta_rows(html)
        .into_iter()
        .find(|(l, _)| l == label)
        .map(|(_, v)| v)
}

/// Body headings h2–h6 as (level, id, text).
pub fn body_headings(html: &Html) -> Vec<(u8, String, String)> {
    select_in(body(html), "h2, h3, h4, h5, h6")
        .into_iter()
        .map(|h| {
            let level = h.value().name()[1..].parse().expect("level");
            (
                level,
                attr(h, "id").unwrap_or_default().to_string(),
                text(h),
            )
        })
        .collect()
}

/// Every `href` of `<a>` elements in a page.
pub fn hrefs(html: &Html) -> Vec<String> {
    select(html, "a[href]")
        .into_iter()
        .filter_map(|a| attr(a, "href").map(str::to_string))
        .collect()
}

/// The raw `<main>…</main>` of a page.
pub fn raw_main(raw: &str) -> &str {
    let start = raw.find("<main").expect("<main>");
    let end = raw.find("</main>").expect("</main>") + "</main>".len();
    &raw[start..end]
}

/// The page's QR code `<img class="gk-qr__code" src="data:image/png;base64,…" …>` tag, raw.
pub fn raw_qr_img(raw: &str) -> Option<&str> {
    let start = raw.find("<img class=\"gk-qr__code\"")?;
    let end = raw[start..].find('>')? + start + 1;
    Some(&raw[start..end])
}

/// Counts GitHub-flavoured pipe tables in Markdown source: delimiter rows (`| --- | :-: |`)
/// directly under a row containing a pipe, outside fenced code.
pub fn count_pipe_tables(markdown: &str) -> usize {
    let mut count = 0;
    let mut prev = "";
    let mut in_fence = false;
    for line in markdown.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let is_delimiter = t.contains('|')
            && t.contains('-')
            && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
        if !in_fence && is_delimiter && prev.contains('|') {
            count += 1;
        }
        prev = t;
    }
    count
}
