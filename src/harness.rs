//! One untrusted input at a time through the parsers, the way the build runs them: the entry
//! points of the property tests (`cargo test`, `tests/integration/properties.rs`) and of the fuzz
//! targets (`fuzz/`). Each function returns normally for every input; a panic is a bug, and so is
//! a failed `assert!` here, which states what the rest of gongkai relies on.

use std::path::Path;

use crate::config::Config;
use crate::content::date::DocDate;
use crate::content::disclosure::check_doc_no;
use crate::content::document::{parse_document, parse_section};
use crate::content::index_no::{check_index_no, find_year, suggest_pattern};
use crate::content::load::slug_from_index_no;
use crate::diagnostics::Diagnostics;
use crate::markdown::numbering::{classify, marker, resolve_titles, Numbered};
use crate::markdown::{self, MarkdownContext, RenderedBody};
use crate::serve::resolve_path;

/// An entry point on raw bytes (what a fuzzer gives).
pub type Target = fn(&[u8]);

/// The fuzz targets: name (also the folder of its seed corpus, `fuzz/corpus/NAME/`) and entry
/// point. Text targets read their input as UTF-8 and ignore other bytes (gongkai reports
/// non-UTF-8 files before any of these parsers sees them).
pub const TARGETS: &[(&str, Target)] = &[
    ("document", document),
    ("section_index", section_index),
    ("date", |b| utf8(b, date)),
    ("index_no", |b| utf8(b, index_no)),
    ("numbering", |b| utf8(b, numbering)),
    ("link", |b| utf8(b, link)),
    ("config", |b| utf8(b, config)),
    ("serve_path", |b| utf8(b, serve_path)),
];

/// The target called `name`.
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

fn utf8(bytes: &[u8], f: fn(&str)) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        f(text);
    }
}

/// Renders a body as a document in folder `xxgk` of a site where every `.md` link names a
/// document.
fn render_body(body: &str, numbering: bool) -> RenderedBody {
    let resolve = |p: &str| p.strip_suffix(".md").map(|stem| format!("{stem}/"));
    let cx = MarkdownContext {
        numbering,
        source_dir: "xxgk",
        root: "/",
        resolve_doc: &resolve,
        title: "关于做好安全工作的通知",
    };
    markdown::render(body, &cx)
}

/// A document file (front matter and body), as the loader reads and the pipeline renders it.
pub fn document(bytes: &[u8]) {
    let path = Path::new("content/xxgk/a.md");
    let mut diags = Diagnostics::new();
    if let Some(parsed) = parse_document(path, bytes, &mut diags) {
        let meta = &parsed.meta;
        if let Some(no) = &meta.index_no {
            index_no_with(no, &meta.date, meta.written_on.as_ref());
        }
        if let Some(no) = &meta.doc_no {
            check_doc_no(no);
        }
        render_body(&parsed.body, meta.numbering.unwrap_or(true));
    }
    diags.iter().for_each(|d| drop(d.to_string()));
}

/// A section's `_index.md`: its front matter and the introduction below it.
pub fn section_index(bytes: &[u8]) {
    let path = Path::new("content/xxgk/_index.md");
    let mut diags = Diagnostics::new();
    let parsed = parse_section(path, bytes, &mut diags);
    render_body(&parsed.body, parsed.meta.numbering.unwrap_or(true));
}

/// A date as written in front matter or taken from a document's 成文日期. A date that parses
/// can be written out and read back as the same day.
pub fn date(text: &str) {
    let Ok(d) = DocDate::parse(text) else {
        return;
    };
    let view = d.view();
    for written in [view.display, view.ymd, view.iso] {
        let again = DocDate::parse(&written).map(|a| a.date());
        assert_eq!(again, Ok(d.date()), "{text:?} written as {written:?}");
    }
}

/// A 索引号 (checked against the site's schemes) and a 文号 (GB/T 9704 lint).
pub fn index_no(text: &str) {
    let date = DocDate::parse("2021-01-19").expect("a valid date");
    index_no_with(text, &date, Some(&date));
    check_doc_no(text);
}

fn index_no_with(no: &str, date: &DocDate, written: Option<&DocDate>) {
    check_index_no(no, date, written, &Config::default());
    find_year(no);
    suggest_pattern(no);
    if let Some(slug) = slug_from_index_no(no) {
        assert!(crate::content::document::is_url_safe(&slug), "{slug:?}");
    }
}

/// The Chinese-numbering pass: one paragraph classified on its own (markers and run-in titles
/// end on character boundaries), then the text rendered as a body, one paragraph per line.
pub fn numbering(text: &str) {
    if let Some((_, len)) = marker(text) {
        assert!(text.is_char_boundary(len), "{text:?}: marker length {len}");
    }
    let blocks: Vec<Numbered> = text.split("\n\n").map(classify).collect();
    for (block, numbered) in text.split("\n\n").zip(&blocks) {
        if let Numbered::RunIn { title_len, .. } = numbered {
            assert!(
                block.trim().is_char_boundary(*title_len),
                "{block:?}: run-in title length {title_len}"
            );
        }
    }
    resolve_titles(&blocks);
    render_body(text, true);
}

/// A link target in a body: as a link, an image and an autolink, resolved against the document's
/// folder.
pub fn link(dest: &str) {
    let body =
        format!("[链接]({dest})\n\n![图片]({dest})\n\n<{dest}>\n\n[引用][r]\n\n[r]: {dest}\n");
    let rendered = render_body(&body, false);
    for l in &rendered.links {
        assert!(!l.path.starts_with('/'), "{dest:?} → {:?}", l.path);
    }
    crate::text::normalize(dest);
    crate::text::percent_decode(dest);
}

/// The text of `config.yaml`, with the footer checks that `build` and `check` run on it.
pub fn config(text: &str) {
    let mut diags = Diagnostics::new();
    let config = Config::parse(text, Path::new("config.yaml"), &mut diags);
    config.identity.footer_problems();
    config.permalink("xxgk/a/");
}

/// A request path of `gongkai serve`: the file it names stays inside the output folder.
pub fn serve_path(raw: &str) {
    let Some(path) = resolve_path(raw) else {
        return;
    };
    assert!(!path.starts_with('/'), "{raw:?} → {path:?}");
    assert!(
        !path.contains(['\\', '\0']) && !path.split('/').any(|s| s == ".." || s == "."),
        "{raw:?} → {path:?}"
    );
}
