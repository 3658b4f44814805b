//! Stage 4, markdown: one document body to HTML with pulldown-cmark plus our own passes over the
//! event stream — CJK line breaks, bare URLs, link resolution, Chinese-numbering titles, heading
//! ids and 目录导读, 落款 detection, code highlighting, table regions, raw-HTML sanitising — and
//! the problems a webmaster can fix (accessibility lints, dead relative links, unsafe HTML).

pub mod highlight;
pub mod linkify;
pub mod numbering;
pub mod remote;
pub mod scheme;
pub mod toc;

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::diagnostics::line_col;
use numbering::{classify, resolve_titles, Numbered};
pub use toc::{Heading, TocEntry};

/// Page links inside rendered bodies start with this pseudo-scheme; the renderer replaces it with
/// the URL prefix of the rendition (standard or 关怀版), so one body serves both renditions.
pub const PAGE_LINK: &str = "gkpage:";

/// What the markdown stage needs to know about the document and the site.
pub struct MarkdownContext<'a> {
    /// Chinese-numbering title detection on or off.
    pub numbering: bool,
    /// Folder of the source file relative to `content/` (`xxgk/zcwj`), for relative links.
    pub source_dir: &'a str,
    /// Site root URL path (`/` or `/sub/`), for links to files.
    pub root: &'a str,
    /// Resolves a content path (`xxgk/a.md`) to the document's URL path (`xxgk/a/`).
    pub resolve_doc: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// Whether a content path names an existing file or folder (for links to attachments).
    pub file_exists: &'a (dyn Fn(&str) -> bool + Sync),
    /// The document's title: a first heading repeating it is dropped (the page already has it).
    pub title: &'a str,
}

/// A problem found in a body, at a 1-based position relative to the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyProblem {
    /// Line within the body.
    pub line: usize,
    /// Column within the line.
    pub column: usize,
    /// Whether it is an error (else a warning).
    pub error: bool,
    /// Whether it is an accessibility lint (shown by `serve`).
    pub accessibility: bool,
    /// What is wrong.
    pub message: String,
}

/// A link from a body to another page of the site, checked once the whole site is known.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// The rendered body and what was learnt from it.
#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    /// Body HTML; page links use [`PAGE_LINK`].
    pub html: String,
    /// All headings in order.
    pub headings: Vec<Heading>,
    /// Every `id` in the body (headings and run-in titles).
    pub ids: Vec<String>,
    /// Links to pages of the site.
    pub links: Vec<InternalLink>,
    /// Whether the body has a code block (the page then loads the highlight stylesheet).
    pub has_code: bool,
    /// Whether the body contains its own 落款 (issuer line followed by a date line).
    pub has_signature: bool,
    /// First paragraph as plain text (for 内容概述 and descriptions).
    pub first_paragraph: String,
    /// Problems found.
    pub problems: Vec<BodyProblem>,
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
    let mut pass = Pass {
        body,
        cx,
        out: RenderedBody::default(),
        has_raw_html: false,
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
    fn problem(&mut self, offset: usize, error: bool, accessibility: bool, message: String) {
        let (line, column) = line_col(self.body, offset);
        self.out.problems.push(BodyProblem {
            line,
            column,
            error,
            accessibility,
            message,
        });
    }

    /// The page's `<h1>` is the title: a first heading that repeats it is dropped, and when the body
    /// uses `#` headings of its own, every body heading moves one level down.
    fn top_headings(&mut self, mut events: Vec<Ev<'b>>) -> Vec<Ev<'b>> {
        if let Some((Event::Start(Tag::Heading { .. }), _)) = events.first() {
            let end = find_end(&events, 0);
            let text = plain_text(&events[1..end]);
            let title = self.cx.title.trim();
            if !title.is_empty() && text.trim() == title {
                events.drain(0..=end);
            }
        }
        let has_h1 = events.iter().any(|(e, _)| {
            matches!(
                e,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            )
        });
        if has_h1 {
            for (e, _) in &mut events {
                match e {
                    Event::Start(Tag::Heading { level, .. }) => {
                        *level = heading_level(*level as u8 + 1)
                    }
                    Event::End(TagEnd::Heading(level)) => *level = heading_level(*level as u8 + 1),
                    _ => {}
                }
            }
        }
        events
    }

    /// A soft line break between two CJK characters is dropped instead of becoming a space.
    fn cjk_breaks(&mut self, events: Vec<Ev<'b>>) -> Vec<Ev<'b>> {
        let mut out: Vec<Ev<'b>> = Vec::with_capacity(events.len());
        let mut iter = events.into_iter().peekable();
        while let Some((event, range)) = iter.next() {
            if let Event::SoftBreak = event {
                let before = out.last().and_then(|(e, _)| last_char(e));
                let after = iter.peek().and_then(|(e, _)| first_char(e));
                if let (Some(a), Some(b)) = (before, after) {
                    if is_cjk(a) || is_cjk(b) {
                        continue;
                    }
                }
            }
            out.push((event, range));
        }
        out
    }

    /// Resolves link and image targets; records internal links; lints link texts and alt texts.
    fn links(&mut self, mut events: Vec<Ev<'b>>) -> Vec<Ev<'b>> {
        let mut i = 0;
        // Links open around the current event: images inside links are visited too.
        let mut link_depth = 0usize;
        while i < events.len() {
            let range = events[i].1.clone();
            let (is_image, dest) = match &events[i].0 {
                Event::Start(Tag::Link { dest_url, .. }) => (false, dest_url.to_string()),
                Event::Start(Tag::Image { dest_url, .. }) => (true, dest_url.to_string()),
                Event::End(TagEnd::Link) => {
                    link_depth = link_depth.saturating_sub(1);
                    i += 1;
                    continue;
                }
                _ => {
                    i += 1;
                    continue;
                }
            };
            let mut end = find_end(&events, i);
            let text: String = plain_text(&events[i + 1..end]);
            let resolved = self.resolve(&dest, range.start, is_image);
            if is_image && remote::is_remote(&resolved) {
                // The site loads nothing from other hosts: a remote image becomes a link to it,
                // or, inside a link (a thumbnail linking to the full picture), its label.
                let label = if text.trim().is_empty() {
                    dest.clone()
                } else {
                    text.trim().to_string()
                };
                let label = Event::Text(CowStr::from(format!("〔外部图片：{label}〕")));
                self.remote_image_problem(range.start, &dest, link_depth > 0);
                if link_depth > 0 {
                    events.splice(i..=end, [(label, range.clone())]);
                    i += 1;
                    continue;
                }
                events[i].0 = Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::from(resolved),
                    title: CowStr::from(""),
                    id: CowStr::from(""),
                });
                events.splice(i + 1..end, [(label, range.clone())]);
                end = i + 2;
                events[end].0 = Event::End(TagEnd::Link);
                i = end + 1;
                continue;
            }
            match &mut events[i].0 {
                Event::Start(Tag::Link { dest_url, .. })
                | Event::Start(Tag::Image { dest_url, .. }) => {
                    *dest_url = CowStr::from(resolved);
                }
                _ => {}
            }
            if is_image {
                if text.trim().is_empty() {
                    self.problem(
                        range.start,
                        false,
                        true,
                        format!("图片缺少替代文本（alt）：应写成 ![图片内容说明]({dest})"),
                    );
                }
            } else {
                let has_image = events[i + 1..end]
                    .iter()
                    .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })));
                let t = text.trim();
                if t.is_empty() && !has_image {
                    self.problem(
                        range.start,
                        false,
                        true,
                        format!("链接没有文字：读屏用户无法知道 {dest} 是什么"),
                    );
                } else if [
                    "点击这里",
                    "点击此处",
                    "点这里",
                    "这里",
                    "此处",
                    "更多",
                    "详情",
                    "点击",
                    "click here",
                    "here",
                ]
                .contains(&t)
                {
                    self.problem(range.start, false, true, format!("链接文字 “{t}” 看不出去向：应写明链接的内容，如 “2021年政府信息公开年报”"));
                }
                link_depth += 1;
                i += 1;
                continue;
            }
            i = end + 1;
        }
        events
    }

    /// One warning per remote picture: the page shows a link (or, inside a link, a label).
    fn remote_image_problem(&mut self, offset: usize, url: &str, in_link: bool) {
        let done = if in_link {
            "已改为文字说明（外面的链接保留）"
        } else {
            "已改为链接"
        };
        self.problem(
            offset,
            false,
            false,
            format!("外部图片 {url} 不会在页面中显示（网站不从其他网站加载内容），{done}：请把图片文件放在文档旁边并用相对路径引用"),
        );
    }

    /// Raw HTML that would load something from another host: one warning per URL. Remote `<img>`
    /// become links after sanitising ([`remote::unload_images`]); the sanitiser drops the rest.
    fn check_remote_html(&mut self, html: &str, offset: usize) {
        for load in remote::remote_loads(html) {
            let at = offset + load.offset;
            if load.img_src {
                self.remote_image_problem(at, &load.url, false);
            } else {
                self.problem(
                    at,
                    false,
                    false,
                    format!("正文 HTML 中{}引用的外部文件 {} 已移除（网站不从其他网站加载内容）：请把文件放在文档旁边并用相对路径引用", load.place, load.url),
                );
            }
        }
    }

    /// Rewrites one link target: `.md` → page link, relative file → absolute, external as is.
    fn resolve(&mut self, dest: &str, offset: usize, image: bool) -> String {
        let (target, fragment) = match dest.split_once('#') {
            Some((t, f)) => (t, Some(f.to_string())),
            None => (dest, None),
        };
        let lower = target.to_ascii_lowercase();
        let external = lower.contains(':') || target.starts_with("//");
        if external {
            let safe = if image {
                scheme::is_safe_image(target)
            } else {
                scheme::is_safe_link(target)
            };
            if !safe {
                self.problem(
                    offset,
                    false,
                    false,
                    format!("不安全的链接 “{dest}” 已移除"),
                );
                return "#".into();
            }
            return dest.to_string();
        }
        let (line, column) = line_col(self.body, offset);
        let with_fragment = |base: String| match &fragment {
            Some(f) => format!("{base}#{f}"),
            None => base,
        };
        if target.is_empty() {
            self.out.links.push(InternalLink {
                path: String::new(),
                fragment,
                line,
                column,
            });
            return dest.to_string();
        }
        let content_path = if let Some(abs) = target.strip_prefix('/') {
            abs.to_string()
        } else {
            normalize(&format!("{}/{}", self.cx.source_dir, target))
        };
        if target.ends_with(".md") {
            let content_path = content_path.trim_start_matches("content/").to_string();
            return match (self.cx.resolve_doc)(&content_path) {
                Some(path) => {
                    self.out.links.push(InternalLink {
                        path: path.clone(),
                        fragment: fragment.clone(),
                        line,
                        column,
                    });
                    with_fragment(format!("{PAGE_LINK}{path}"))
                }
                None => {
                    self.problem(
                        offset,
                        true,
                        false,
                        format!("链接指向的文档 “{target}” 不存在（content/{content_path}）"),
                    );
                    dest.to_string()
                }
            };
        }
        let is_page = target.ends_with('/') || target.ends_with(".html");
        if target.starts_with('/') && is_page {
            let path = content_path.trim_end_matches("index.html").to_string();
            self.out.links.push(InternalLink {
                path: path.clone(),
                fragment: fragment.clone(),
                line,
                column,
            });
            return with_fragment(format!("{PAGE_LINK}{path}"));
        }
        if !target.starts_with('/') && !(self.cx.file_exists)(&content_path) {
            self.problem(
                offset,
                true,
                false,
                format!("链接的文件 “{target}” 不存在（应在 content/{content_path}）"),
            );
        }
        with_fragment(format!("{}{}", self.cx.root, content_path))
    }

    /// Bare URLs in text become links (not inside links, code or HTML).
    fn linkify(&mut self, events: Vec<Ev<'b>>) -> Vec<Ev<'b>> {
        let mut out = Vec::with_capacity(events.len());
        let mut in_link = 0usize;
        let mut in_code = false;
        for (event, range) in events {
            match &event {
                Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => in_link += 1,
                Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                    in_link = in_link.saturating_sub(1)
                }
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                _ => {}
            }
            let Event::Text(text) = &event else {
                out.push((event, range));
                continue;
            };
            if in_link > 0 || in_code || !(text.contains("http") || text.contains("www.")) {
                out.push((event, range));
                continue;
            }
            for piece in linkify::split_urls(text) {
                match piece {
                    linkify::Piece::Text(t) => {
                        out.push((Event::Text(CowStr::from(t.to_string())), range.clone()))
                    }
                    linkify::Piece::Url(u) => {
                        let href = if u.starts_with("www.") {
                            format!("http://{u}")
                        } else {
                            u.to_string()
                        };
                        out.push((
                            Event::Start(Tag::Link {
                                link_type: LinkType::Autolink,
                                dest_url: CowStr::from(href),
                                title: CowStr::from(""),
                                id: CowStr::from(""),
                            }),
                            range.clone(),
                        ));
                        out.push((Event::Text(CowStr::from(u.to_string())), range.clone()));
                        out.push((Event::End(TagEnd::Link), range.clone()));
                    }
                }
            }
        }
        out
    }

    /// Chinese-numbering titles become headings, run-in titles get marked up, and a 落款
    /// (issuer line + date line) and 附注 are given their classes.
    fn numbering_and_signature(&mut self, events: &mut [Ev<'b>]) {
        let blocks = top_level_blocks(events);
        let texts: Vec<Option<String>> = blocks
            .iter()
            .map(|b| b.paragraph.then(|| plain_text(&events[b.start + 1..b.end])))
            .collect();
        let classes: Vec<Numbered> = texts
            .iter()
            .map(|t| match t {
                Some(t) if self.cx.numbering => classify(t),
                _ => Numbered::None,
            })
            .collect();
        let titles = resolve_titles(&classes);
        for (bi, block) in blocks.iter().enumerate() {
            if titles[bi] {
                let level = match classes[bi].level() {
                    Some(l) => heading_level(l),
                    None => continue,
                };
                events[block.start].0 = Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes: vec![],
                    attrs: vec![],
                });
                events[block.end].0 = Event::End(TagEnd::Heading(level));
            } else if let Numbered::RunIn { title_len, .. } = classes[bi] {
                self.mark_run_in(events, block.start + 1, title_len);
            }
        }
        if self.out.first_paragraph.is_empty() {
            if let Some(t) = texts
                .iter()
                .zip(&titles)
                .find_map(|(t, is_title)| t.as_ref().filter(|t| !is_title && !is_addressee(t)))
            {
                self.out.first_paragraph = t.trim().to_string();
            }
        }
        // 落款: a short issuer line directly followed by a date line.
        for bi in 1..blocks.len() {
            let (Some(issuer), Some(date)) = (&texts[bi - 1], &texts[bi]) else {
                continue;
            };
            if titles[bi - 1] || !is_date_line(date) || !is_issuer_line(issuer) {
                continue;
            }
            self.out.has_signature = true;
            events[blocks[bi - 1].start].0 = Event::Html(CowStr::from(
                "<div class=\"gk-signature\"><p class=\"gk-signature__issuer\">",
            ));
            events[blocks[bi - 1].end].0 = Event::Html(CowStr::from("</p>\n"));
            events[blocks[bi].start].0 =
                Event::Html(CowStr::from("<p class=\"gk-signature__date\">"));
            events[blocks[bi].end].0 = Event::Html(CowStr::from("</p></div>\n"));
            if let Some(Some(note)) = texts.get(bi + 1) {
                if is_note_line(note) {
                    events[blocks[bi + 1].start].0 =
                        Event::Html(CowStr::from("<p class=\"gk-note\">"));
                    events[blocks[bi + 1].end].0 = Event::Html(CowStr::from("</p>\n"));
                }
            }
        }
    }

    fn mark_run_in(&mut self, events: &mut [Ev<'b>], first: usize, title_len: usize) {
        let Some((Event::Text(text), range)) = events.get(first).cloned() else {
            return;
        };
        let leading = text.len() - text.trim_start().len();
        let split = leading + title_len;
        if split > text.len() || !text.is_char_boundary(split) {
            return;
        }
        let title = text[leading..split].to_string();
        let base = toc::slugify(&title);
        let mut id = base.clone();
        let mut n = 2;
        while self.out.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let html = format!(
            "<strong class=\"gk-runin\" id=\"{}\">{}</strong>",
            escape_attr(&id),
            escape_text(&title)
        );
        self.out.ids.push(id);
        let rest = text[split..].to_string();
        events[first] = (
            Event::InlineHtml(CowStr::from(html + &escape_text(&rest))),
            range,
        );
    }

    /// Gives every heading a stable, unique, readable id and collects the heading list.
    fn headings(&mut self, events: &mut [Ev<'b>]) {
        let mut used: HashSet<String> = self.out.ids.iter().cloned().collect();
        let mut i = 0;
        let mut previous_level = 1;
        while i < events.len() {
            let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 else {
                i += 1;
                continue;
            };
            let level = *level as u8;
            let explicit = id.as_ref().map(|s| s.to_string());
            let end = find_end(events, i);
            let title = plain_text(&events[i + 1..end]).trim().to_string();
            let base = explicit.unwrap_or_else(|| toc::slugify(&title));
            let mut unique = base.clone();
            let mut n = 2;
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            let mut dropped = Vec::new();
            if let Event::Start(Tag::Heading { id, attrs, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(unique.clone()));
                // `{#id .class}` only: `onclick=…`, `style=…`, `href=…` would reach the page as
                // they are (the sanitiser runs only over bodies with raw HTML).
                dropped.extend(attrs.drain(..).map(|(k, _)| k.to_string()));
            }
            if !dropped.is_empty() {
                self.problem(
                    events[i].1.start,
                    false,
                    false,
                    format!(
                        "标题属性 {} 已移除：标题后的花括号中只能写锚点和类名，如 {{#lxfs .zhongdian}}",
                        dropped.join("、")
                    ),
                );
            }
            if level > previous_level + 1 {
                self.problem(
                    events[i].1.start,
                    false,
                    true,
                    format!("标题层级跳级：从 {previous_level} 级直接到 {level} 级，应逐级使用"),
                );
            }
            previous_level = level;
            self.out.ids.push(unique.clone());
            self.out.headings.push(Heading {
                level,
                id: unique,
                title,
            });
            i = end + 1;
        }
    }

    /// Code blocks, tables and raw HTML.
    fn blocks(&mut self, events: Vec<Ev<'b>>) -> Vec<Ev<'b>> {
        let mut out = Vec::with_capacity(events.len() + 8);
        let mut code: Option<(String, String)> = None;
        let mut table_start = 0usize;
        let mut tables = 0usize;
        for (event, range) in events {
            if let Some((lang, text)) = &mut code {
                match event {
                    Event::Text(t) => text.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        let html = highlight::highlight(text, lang);
                        out.push((Event::Html(CowStr::from(html)), range));
                        code = None;
                    }
                    _ => {}
                }
                continue;
            }
            match &event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    self.out.has_code = true;
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new()));
                    continue;
                }
                Event::Start(Tag::Table(_)) => {
                    table_start = out.len();
                    tables += 1;
                    let html = format!("<div class=\"gk-table-scroll\" role=\"region\" aria-label=\"表格{tables}\" tabindex=\"0\">\n");
                    out.push((Event::Html(CowStr::from(html)), range.clone()));
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    self.has_raw_html = true;
                    self.check_raw_html(html, range.start);
                    if matches!(event, Event::InlineHtml(_)) {
                        self.check_remote_html(html, range.start);
                    }
                }
                Event::Start(Tag::HtmlBlock) => {
                    // The whole block at once: a tag may span several lines.
                    let block = self.body.get(range.clone()).unwrap_or_default();
                    self.check_remote_html(block, range.start);
                }
                _ => {}
            }
            let end_table = matches!(event, Event::End(TagEnd::Table));
            out.push((event, range.clone()));
            if end_table {
                let head_text = table_head_text(&out[table_start..]);
                if head_text.trim().is_empty() {
                    self.problem(
                        range.start,
                        false,
                        true,
                        "表格没有表头行（第一行为空）：读屏用户无法知道各列的含义".into(),
                    );
                }
                out.push((Event::Html(CowStr::from("</div>\n")), range));
            }
        }
        out
    }

    fn check_raw_html(&mut self, html: &str, offset: usize) {
        let lower = html.to_ascii_lowercase();
        let mut found = Vec::new();
        if lower.contains("<script") {
            found.push("<script>");
        }
        if lower.contains("<iframe") || lower.contains("<object") || lower.contains("<embed") {
            found.push("嵌入外部内容的标签");
        }
        if has_event_attribute(&lower) {
            found.push("on* 事件属性");
        }
        if lower.contains("javascript:") {
            found.push("javascript: 网址");
        }
        if lower.contains("style=") {
            found.push("style 属性");
        }
        if !found.is_empty() {
            self.problem(
                offset,
                false,
                false,
                format!(
                    "正文中的 HTML 含 {}，已被清除：网站不允许执行内嵌脚本和样式",
                    found.join("、")
                ),
            );
        }
    }
}

/// A 主送机关 line (`各区县民政局：`, `市考核办:`): short and ending in a colon. It opens many
/// 公文 but says nothing of their content, so it is not the first paragraph for 内容概述.
fn is_addressee(text: &str) -> bool {
    let t = text.trim();
    (t.ends_with('：') || t.ends_with(':')) && t.chars().count() <= 60
}

fn has_event_attribute(lower: &str) -> bool {
    lower.match_indices(" on").any(|(i, _)| {
        let rest = &lower[i + 3..];
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        name_len > 0 && rest[name_len..].trim_start().starts_with('=')
    })
}

fn table_head_text(events: &[Ev<'_>]) -> String {
    let mut in_head = false;
    let mut text = String::new();
    for (e, _) in events {
        match e {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => break,
            Event::Text(t) | Event::Code(t) if in_head => text.push_str(t),
            _ => {}
        }
    }
    text
}

struct Block {
    start: usize,
    end: usize,
    paragraph: bool,
}

/// Top-level blocks (not inside lists, quotes, tables or footnotes) with their event ranges.
fn top_level_blocks(events: &[Ev<'_>]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(tag) => {
                let end = find_end(events, i);
                blocks.push(Block {
                    start: i,
                    end,
                    paragraph: matches!(tag, Tag::Paragraph),
                });
                i = end + 1;
            }
            _ => {
                i += 1;
            }
        }
    }
    blocks
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

fn heading_level(level: u8) -> HeadingLevel {
    match level {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// `2020年12月25日`, `二〇〇六年九月七日`, `二○一九年八月十八日`.
pub fn is_date_line(text: &str) -> bool {
    let t = text.trim();
    let Some(rest) = t.strip_suffix('日') else {
        return false;
    };
    let Some((y, rest)) = rest.split_once('年') else {
        return false;
    };
    let Some((m, d)) = rest.split_once('月') else {
        return false;
    };
    let cn = |s: &str, max: usize| {
        !s.is_empty()
            && s.chars().count() <= max
            && s.chars().all(|c| "〇○零一二三四五六七八九十".contains(c))
    };
    let num = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.chars().all(|c| c.is_ascii_digit())
    };
    (num(y, 4) && y.len() == 4 || cn(y, 4) && y.chars().count() == 4)
        && (num(m, 2) || cn(m, 3))
        && (num(d, 2) || cn(d, 3))
}

fn is_issuer_line(text: &str) -> bool {
    let t = text.trim();
    let n = t.chars().count();
    (2..=40).contains(&n)
        && !t.contains(['。', '，', ',', '：', ':', '；', '！', '？'])
        && numbering::marker(t).is_none()
}

fn is_note_line(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with('（') && t.ends_with('）') || t.starts_with('(') && t.ends_with(')'))
        && t.chars().count() <= 60
}

/// Resolves `.` and `..` in a `/`-separated path.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    out
}

/// Decodes `%XX` escapes of a URL path or fragment; `None` when malformed or not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Escapes text for HTML.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html_body_text(&mut out, text).ok();
    out
}

/// Escapes text for an HTML attribute value.
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

/// Removes scripts, event handlers, `javascript:` URLs and inline styles from body HTML.
fn sanitize(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes([
            "class",
            "id",
            "role",
            "aria-label",
            "tabindex",
            "title",
            "lang",
            "dir",
        ])
        .add_tags([
            "input",
            "figure",
            "figcaption",
            "section",
            "abbr",
            "mark",
            "sup",
            "sub",
        ])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("td", ["colspan", "rowspan", "align"])
        .add_tag_attributes("th", ["colspan", "rowspan", "scope", "align"])
        .add_tag_attributes("ol", ["start"])
        .add_url_schemes(["gkpage"])
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None);
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(body: &str) -> RenderedBody {
        let resolve = |p: &str| (p == "a/other.md").then(|| "a/other/".to_string());
        let exists = |p: &str| p == "a/file.pdf";
        let cx = MarkdownContext {
            numbering: true,
            source_dir: "a",
            root: "/",
            resolve_doc: &resolve,
            file_exists: &exists,
            title: "测试标题",
        };
        render(body, &cx)
    }

    #[test]
    fn cjk_soft_break_is_dropped() {
        assert!(md("第一行\n第二行").html.contains("第一行第二行"));
        assert!(md("first\nsecond").html.contains("first\nsecond"));
    }

    #[test]
    fn numbering_titles_become_headings() {
        let r = md("一、总体情况\n\n正文。\n\n（一）主动公开\n\n正文。\n\n（二）依申请公开。本年度共收到政府信息公开申请26件，均已按期答复申请人，无逾期答复情况。\n");
        assert!(
            r.html.contains("<h2 id=\"一总体情况\">一、总体情况</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h3 id=\"一主动公开\">"), "{}", r.html);
        assert!(r.html.contains("<strong class=\"gk-runin\""), "{}", r.html);
        assert_eq!(r.headings.len(), 2);
    }

    #[test]
    fn no_numbering_inside_lists_and_quotes() {
        let r = md("- 一、列表项\n\n  正文\n\n> 一、引用\n>\n> 正文\n");
        assert!(r.headings.is_empty(), "{}", r.html);
    }

    #[test]
    fn links_resolve() {
        let r = md("[另一篇](other.md#二) [文件](file.pdf) [缺](missing.md) <https://x.gov.cn>");
        assert!(
            r.html.contains("href=\"gkpage:a/other/#%E4%BA%8C\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"/a/file.pdf\""));
        assert_eq!(r.problems.iter().filter(|p| p.error).count(), 1);
        assert_eq!(r.links[0].fragment.as_deref(), Some("二"));
    }

    #[test]
    fn bare_url_in_chinese() {
        let r = md("通过网站（http://www.shuyang.gov.cn/）公布。");
        assert!(
            r.html.contains(
                "<a href=\"http://www.shuyang.gov.cn/\">http://www.shuyang.gov.cn/</a>）公布。"
            ),
            "{}",
            r.html
        );
    }

    #[test]
    fn raw_html_is_sanitised_with_warning() {
        let r = md(
            "<div onclick=\"x()\">a</div>\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))",
        );
        assert!(!r.html.contains("script"), "{}", r.html);
        assert!(!r.html.contains("onclick"));
        assert!(!r.html.contains("javascript"));
        assert!(r.problems.iter().any(|p| p.message.contains("<script>")));
        assert!(r.problems.iter().all(|p| p.line >= 1));
    }

    #[test]
    fn signature_is_detected() {
        let r = md("正文。\n\n聊城市民政局\n\n2020年12月25日\n\n（此件公开发布）\n");
        assert!(r.has_signature);
        assert!(r.html.contains("gk-signature__date"));
        assert!(r.html.contains("<p class=\"gk-note\">"));
        assert!(md("正文。\n\n国务院办公厅\n\n二〇〇六年九月七日\n").has_signature);
        assert!(md("正文。\n\n示例市民政局\n\n二○一九年八月十八日\n").has_signature);
    }

    #[test]
    fn tables_scroll_in_a_region_and_code_is_highlighted() {
        let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n```rust\nfn x() {}\n```\n");
        assert!(r
            .html
            .contains("<div class=\"gk-table-scroll\" role=\"region\""));
        assert!(r.has_code);
    }

    #[test]
    fn remote_images_become_links() {
        let r = md("图示：![车牌](http://www.gov.cn/a.jpg)，见上。");
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(
            r.html
                .contains("<a href=\"http://www.gov.cn/a.jpg\">〔外部图片：车牌〕</a>，见上。"),
            "{}",
            r.html
        );
        assert!(r.problems.iter().any(|p| p.message.contains("外部图片")));
        let local = md("![图](a.png)");
        assert!(
            local.html.contains("<img src=\"/a/a.png\""),
            "{}",
            local.html
        );
    }

    #[test]
    fn the_first_paragraph_is_not_the_addressee_line() {
        let r = md("各区县民政局：\n\n现将有关事项通知如下。\n");
        assert_eq!(r.first_paragraph, "现将有关事项通知如下。");
    }

    #[test]
    fn linked_thumbnails_and_raw_html_pictures_load_nothing_remote() {
        let body = "[![](https://old.host/a_s.jpg)](https://old.host/a.jpg) [![图二](//old.host/b_s.jpg)](b.html)\n\n<p><img src=\"http://old.host/c.jpg\" alt=\"图三\" srcset=\"http://old.host/c2.jpg 2x\"></p>\n\n<picture><source srcset=\"https://old.host/d.webp\"><img src=\"d.jpg\" alt=\"图四\"></picture>\n";
        let r = md(body);
        assert!(
            r.html.contains(
                "<a href=\"https://old.host/a.jpg\">〔外部图片：https://old.host/a_s.jpg〕</a>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains(">〔外部图片：图二〕</a>"), "{}", r.html);
        assert!(
            r.html
                .contains("<a href=\"http://old.host/c.jpg\">〔外部图片：图三〕</a>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<img src=\"http"), "{}", r.html);
        assert!(!r.html.contains("srcset"), "{}", r.html);
        assert!(!r.html.contains("<source"), "{}", r.html);
        let remote: Vec<_> = r
            .problems
            .iter()
            .filter(|p| p.message.contains("old.host"))
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(remote.len(), 5, "{remote:#?}");
        assert!(remote
            .iter()
            .all(|(_, m)| !m.contains("已改为链接") || m.contains("外部图片")));
    }

    #[test]
    fn body_headings_sit_below_the_page_title() {
        let r = md("# 测试标题\n\n正文。\n\n# 第一部分\n\n## 细节\n");
        assert!(!r.html.contains("测试标题"), "{}", r.html);
        assert!(
            r.html.contains("<h2 id=\"第一部分\">第一部分</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h3 id=\"细节\">"), "{}", r.html);
        assert!(!r.html.contains("<h1"));
    }

    #[test]
    fn accessibility_lints() {
        let r = md("![](a.png)\n\n[点击这里](https://x.cn)\n\n## 一\n\n#### 二\n");
        let a11y: Vec<_> = r.problems.iter().filter(|p| p.accessibility).collect();
        assert_eq!(a11y.len(), 3, "{a11y:?}");
    }
}
