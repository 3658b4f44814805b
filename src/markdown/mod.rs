//! Stage 5, markdown: one document body to HTML with pulldown-cmark plus our own passes over the
//! event stream — CJK line breaks, bare URLs, link resolution, Chinese-numbering titles, heading
//! ids and 目录导读, 落款 detection, code highlighting, table regions, raw-HTML sanitising — and
//! the problems a webmaster can fix (accessibility lints, dead relative links, unsafe HTML).

mod blocks;
mod cells;
mod cjk;
mod headings;
pub mod highlight;
pub mod linkify;
mod links;
mod marks;
pub mod numbering;
pub mod remote;
mod structure;
pub mod toc;

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::diagnostics::{line_col, Category, Diagnostic, Severity};
use crate::text::{escape_attr, escape_text, normalize};
use crate::url as scheme;
use blocks::sanitize;
use headings::heading_level;
use numbering::{classify, resolve_titles, Numbered};
use serde::{Deserialize, Serialize};
pub use structure::is_date_line;
pub use toc::{Heading, TocEntry};

pub use crate::url::PAGE_LINK;

/// What the markdown stage needs to know about the document and the site.
#[derive(Clone, Copy)]
pub struct MarkdownContext<'a> {
    /// Chinese-numbering title detection on or off.
    pub numbering: bool,
    /// Folder of the source file relative to `content/` (`xxgk/zcwj`), for relative links.
    pub source_dir: &'a str,
    /// Site root URL path (`/` or `/sub/`), for links to files.
    pub root: &'a str,
    /// Resolves a content path (`xxgk/a.md`) to the document's URL path (`xxgk/a/`).
    pub resolve_doc: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// The document's title: a first heading repeating it is dropped (the page already has it).
    pub title: &'a str,
}

/// A link from a body to another page of the site, checked once the whole site is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternalLink {
    /// Target URL path without root (`xxgk/a/`), or `""` for the same page.
    pub path: String,
    /// Fragment without `#`, if any.
    pub fragment: Option<String>,
    /// Position in the body.
    pub line: usize,
    /// Column.
    pub column: usize,
}

/// A link or picture from a body to a file of the site (an attachment, an image), checked once
/// the whole site is known, the same way whether it was written relative or site-absolute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLink {
    /// Path of the file in the output, without root (`xxgk/tu.png`).
    pub path: String,
    /// The target as written (`tu.png`, `/xxgk/tu.png`).
    pub written: String,
    /// Position in the body.
    pub line: usize,
    /// Column.
    pub column: usize,
}

/// The rendered body and what was learnt from it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RenderedBody {
    /// Body HTML; page links use [`PAGE_LINK`]. Left out when the body is serialised (the
    /// build cache keeps it apart, to read it back alone).
    #[serde(skip)]
    pub html: String,
    /// All headings in order.
    pub headings: Vec<Heading>,
    /// Every `id` in the body (headings and run-in titles).
    pub ids: Vec<String>,
    /// Links to pages of the site.
    pub links: Vec<InternalLink>,
    /// Links and pictures to files of the site.
    pub files: Vec<FileLink>,
    /// Whether the body has a code block (the page then loads the highlight stylesheet).
    pub has_code: bool,
    /// Whether the body contains its own 落款 (issuer line followed by a date line).
    pub has_signature: bool,
    /// First paragraph as plain text (for 内容概述 and descriptions).
    pub first_paragraph: String,
    /// Problems found, with no file and at 1-based positions relative to the body: the caller
    /// places them in the source file.
    pub problems: Vec<Diagnostic>,
    /// Where the HTML is when `html` was let go to save memory (a `build` keeps every body in
    /// the build cache and reads it back for the few pages it makes): see [`RenderedBody::html`].
    #[serde(skip)]
    pub html_elsewhere: Option<HtmlElsewhere>,
}

/// Reads back the HTML of a body that was let go.
#[derive(Clone)]
pub struct HtmlElsewhere {
    /// Reads the HTML.
    pub read: std::sync::Arc<dyn Fn() -> String + Send + Sync>,
    /// A digest of the body's record as the build cache keeps it (its HTML and everything
    /// else), given out with the body.
    pub digest: [u8; 16],
}

impl std::fmt::Debug for HtmlElsewhere {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HtmlElsewhere")
    }
}

impl RenderedBody {
    /// The body's HTML, read back when it was let go.
    pub fn html(&self) -> std::borrow::Cow<'_, str> {
        match &self.html_elsewhere {
            Some(elsewhere) => std::borrow::Cow::Owned((elsewhere.read)()),
            None => std::borrow::Cow::Borrowed(&self.html),
        }
    }

    /// A digest of the body as the build cache kept it, when it was let go there (`None` for a
    /// body held in memory): the search index keys a document's text by it. Code that changes a
    /// body's HTML or first paragraph after the store gave it out must set `html_elsewhere` to
    /// `None` (as the markdown stage does for the bodies of 年报 that it fills in).
    pub fn kept_digest(&self) -> Option<[u8; 16]> {
        self.html_elsewhere.as_ref().map(|e| e.digest)
    }
}

/// Renders one Markdown body.
pub fn render(body: &str, cx: &MarkdownContext<'_>) -> RenderedBody {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let events: Vec<(Event, Range<usize>)> =
        Parser::new_ext(body, options).into_offset_iter().collect();
    let has_raw_html = events.iter().any(|(e, _)| {
        matches!(
            e,
            Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock)
        )
    });
    let mut pass = Pass {
        body,
        cx,
        out: RenderedBody::default(),
        has_raw_html,
    };
    let events = pass.top_headings(events);
    let events = pass.cjk_breaks(events);
    let events = pass.links(events);
    let mut events = pass.linkify(events);
    pass.numbering_and_signature(&mut events);
    pass.headings(&mut events);
    let events = pass.blocks(events);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    if pass.has_raw_html {
        let base = format!("{}{}/", cx.root, cx.source_dir).replace("//", "/");
        html = remote::unload_images(&sanitize(&html), &base);
    }
    html = marks::mark_link_lines(&marks::mark_address_links(&html));
    html = cells::mark_short_cells(&html);
    // Bodies live as long as the build: keep no spare capacity (a quarter of their size).
    html.shrink_to_fit();
    pass.out.html = html;
    pass.out
}

struct Pass<'b, 'c> {
    body: &'b str,
    cx: &'c MarkdownContext<'c>,
    out: RenderedBody,
    has_raw_html: bool,
}

type Ev<'a> = (Event<'a>, Range<usize>);

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3134F)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

impl<'b> Pass<'b, '_> {
    fn problem(&mut self, offset: usize, severity: Severity, category: Category, message: String) {
        let (line, column) = line_col(self.body, offset);
        self.out.problems.push(
            Diagnostic::new(severity, Path::new(""), line, column, message).with_category(category),
        );
    }
}

/// Index of the `End` matching the `Start` at `start`.
fn find_end(events: &[Ev<'_>], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

fn plain_text(events: &[Ev<'_>]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::InlineHtml(h) => s.push_str(&strip_tags(h)),
            Event::HardBreak => s.push(' '),
            Event::SoftBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn last_char(e: &Event<'_>) -> Option<char> {
    match e {
        Event::Text(t) | Event::Code(t) => t.chars().last(),
        _ => None,
    }
}

fn first_char(e: &Event<'_>) -> Option<char> {
    match e {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
