//! Reads a page saved from a government CMS: the metadata it shows as label/value pairs
//! (索引号, 发布机构, 成文日期 …) and in `<meta>` tags, the body as the element holding the most
//! running text (found by structure, not by one site's class names), the page chrome left
//! out (scripts, hidden blocks, 字号/打印/关闭 bars, share widgets), attachment links, and the
//! page's original address.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use ego_tree::NodeRef;
use regex::Regex;
use scraper::{Html, Node};

use super::charset;
use super::model::{
    Align, Asset, AttachmentLink, AttachmentTarget, Block, Cell, Extracted, ImageSource, Inline,
    Para, Table,
};

type NodeR<'a> = NodeRef<'a, Node>;

/// Largest attachment or picture copied from beside a saved page.
const MAX_COPY: u64 = 200 << 20;

/// Front-matter key for each label a CMS shows (longest labels first where one contains another).
const LABELS: &[(&str, &str)] = &[
    ("索引号", "index_no"),
    ("主题分类", "topics"),
    ("主题类别", "topics"),
    ("信息分类", "topics"),
    ("组配分类", "topics"),
    ("发布机构", "issuer"),
    ("发文机关", "issuer"),
    ("发文单位", "issuer"),
    ("发布单位", "issuer"),
    ("公开主体", "issuer"),
    ("信息来源", "issuer"),
    ("来源", "issuer"),
    ("成文日期", "written_on"),
    ("生成日期", "written_on"),
    ("印发日期", "written_on"),
    ("发布日期", "date"),
    ("发布时间", "date"),
    ("公开日期", "date"),
    ("公开时间", "date"),
    ("发文字号", "doc_no"),
    ("文号", "doc_no"),
    ("有效性", "validity"),
    ("效力状态", "validity"),
    ("时效性", "validity"),
    ("标题", "title"),
    ("名称", "title"),
    ("文件名称", "title"),
    ("主题词", "keywords"),
    ("关键词", "keywords"),
    ("失效日期", "validity_date"),
    ("废止日期", "validity_date"),
    ("公开方式", "disclosure"),
    ("体裁", "genre"),
    ("内容概述", "summary"),
    ("摘要", "summary"),
];

/// Labels common enough in running text or table headers that they count only with a colon.
const NEEDS_COLON: &[&str] = &["标题", "名称", "来源", "摘要", "体裁", "关键词", "分类"];

/// Reads one saved page. `path` locates files the page links to.
pub fn read(bytes: &[u8], path: &Path) -> Result<Extracted, String> {
    let decoded = charset::decode(bytes)?;
    let doc = Html::parse_document(&decoded.text);
    let mut out = Extracted::default();
    if decoded.encoding != "UTF-8" {
        out.state(
            "_encoding",
            &format!("{}（{}）", decoded.encoding, decoded.how),
            "",
        );
    }
    let root = doc.tree.root();
    out.source_url = source_url(&decoded.text, root);
    visible_labels(root, &mut out);
    let title_tag = page_title(root, &mut out);
    meta_tags(root, &mut out);
    out.state("title", &title_tag, "页面标题（<title>）");
    let container = body_container(root).ok_or("页面中找不到正文：没有成段的文字")?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut conv = Converter {
        out: &mut out,
        dir,
        blocks: Vec::new(),
        cur: Para::default(),
        bold_chars: 0,
        plain_chars: 0,
    };
    conv.children(container, Align::Start, false);
    conv.flush();
    let blocks = std::mem::take(&mut conv.blocks);
    out.blocks = blocks;
    if out.source_url.is_none() {
        out.source_url = self_link(root);
    }
    if !out.blocks.iter().any(|b| match b {
        Block::Para(p) => !p.plain().trim().is_empty(),
        Block::Table(_) => true,
    }) {
        return Err("页面中找不到正文：正文区域是空的".into());
    }
    Ok(out)
}

fn element(node: NodeR<'_>) -> Option<&scraper::node::Element> {
    node.value().as_element()
}

fn name(node: NodeR<'_>) -> &str {
    element(node).map_or("", |e| e.name())
}

/// Elements whose content is never document text.
fn is_skipped(node: NodeR<'_>) -> bool {
    let Some(el) = element(node) else {
        return false;
    };
    let n = el.name();
    if matches!(
        n,
        "script"
            | "style"
            | "noscript"
            | "iframe"
            | "object"
            | "embed"
            | "form"
            | "input"
            | "button"
            | "select"
            | "textarea"
            | "nav"
            | "svg"
            | "canvas"
            | "template"
            | "head"
            | "xml"
            | "video"
            | "audio"
            | "map"
    ) || n.starts_with("w:")
        || n.starts_with("m:")
        || n.starts_with("v:")
    {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    el.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let s = s.to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

fn inside_skipped(node: NodeR<'_>) -> bool {
    node.ancestors().any(is_skipped)
}

fn is_block(n: &str) -> bool {
    matches!(
        n,
        "p" | "div"
            | "td"
            | "th"
            | "tr"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "blockquote"
            | "center"
            | "pre"
            | "dl"
            | "dt"
            | "dd"
            | "header"
            | "footer"
            | "aside"
            | "main"
            | "figure"
            | "figcaption"
            | "body"
            | "html"
            | "hr"
            | "address"
            | "caption"
    )
}

/// Text with HTML whitespace collapsed; U+3000 and no-break spaces kept (trimmed later).
fn collapse(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            space = true;
        } else {
            if space && !s.is_empty() {
                s.push(' ');
            }
            space = false;
            s.push(c);
        }
    }
    if space && !s.is_empty() {
        s.push(' ');
    }
    s
}

/// A label with spaces and decorations removed: `索 引 号：` → `索引号`.
fn label_key(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '\u{3000}' | '\u{a0}' | '【' | '】' | '[' | ']' | '〖' | '〗'
                )
        })
        .collect()
}

/// Splits `索引号：000014349/2018-00204` into (key, value); `索 引 号：` gives an empty value.
fn match_label(text: &str) -> Option<(&'static str, &'static str, String)> {
    let t = text.trim();
    if t.chars().count() > 120 {
        return None;
    }
    let squeezed = label_key(t);
    for (label, key) in LABELS {
        let Some(rest) = squeezed.strip_prefix(label) else {
            continue;
        };
        let after_colon = rest.strip_prefix(['：', ':']);
        if after_colon.is_none() && (!rest.is_empty() || NEEDS_COLON.contains(label)) {
            continue;
        }
        // The value keeps its own spaces: take it from the original text after the colon.
        let value = match t.split_once(['：', ':']) {
            Some((_, v)) if after_colon.is_some() => v
                .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}')
                .to_string(),
            _ => String::new(),
        };
        return Some((label, key, value));
    }
    None
}

/// Label/value pairs shown on the page, in table cells, definition lists or inline text.
fn visible_labels(root: NodeR<'_>, out: &mut Extracted) {
    let chunks: Vec<(NodeR<'_>, String)> = root
        .descendants()
        .filter_map(|n| {
            let t = n.value().as_text()?;
            let t = t.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}');
            (!t.is_empty() && !inside_skipped(n)).then(|| (n, t.to_string()))
        })
        .collect();
    // `当代商报 时间：2019-09-23 作者：` : a value ends where the next label begins.
    static NEXT_LABEL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s+\p{Han}{1,6}\s*[：:]").expect("next label"));
    for (i, (node, text)) in chunks.iter().enumerate() {
        // One text may hold several pairs: `发布时间：2024-01-20 来源：示例局办公室`.
        let mut rest = text.as_str();
        let mut first = true;
        while let Some((label, key, value)) = match_label(rest) {
            let value = if !value.is_empty() || !first {
                value
            } else {
                // The value is the next text, if it sits close by (same row, same line).
                match chunks.get(i + 1) {
                    Some((next, t)) if match_label(t).is_none() && close_by(*node, *next) => {
                        t.clone()
                    }
                    _ => String::new(),
                }
            };
            first = false;
            let (value, next) = match NEXT_LABEL.find(&value) {
                Some(m) => (value[..m.start()].to_string(), Some(m.start())),
                None => (value, None),
            };
            if value.chars().count() <= 300 {
                out.state(key, &value, &format!("页面上的 “{label}”"));
            }
            // Continue after this value, in the original text.
            match next.and_then(|_| rest.find(value.as_str()).map(|at| at + value.len())) {
                Some(at) if !value.is_empty() && at < rest.len() => rest = &rest[at..],
                _ => break,
            }
        }
    }
}

/// Whether two text nodes share an ancestor at most four levels above the first.
fn close_by(a: NodeR<'_>, b: NodeR<'_>) -> bool {
    let ups: Vec<_> = a.ancestors().take(4).map(|n| n.id()).collect();
    b.ancestors().any(|n| ups.contains(&n.id()))
}

fn meta_tags(root: NodeR<'_>, out: &mut Extracted) {
    for n in root.descendants() {
        let Some(el) = element(n) else { continue };
        if el.name() != "meta" {
            continue;
        }
        let (Some(key), Some(content)) =
            (el.attr("name").or(el.attr("property")), el.attr("content"))
        else {
            continue;
        };
        let field = match key.to_ascii_lowercase().as_str() {
            "articletitle" | "og:title" => "title",
            "pubdate" | "firstpublishedtime" => "date",
            "contentsource" => "issuer",
            "keywords" => "keywords",
            "description" => "summary",
            _ => continue,
        };
        out.state(field, content, &format!("<meta name=\"{key}\">"));
    }
}

/// Texts that may be the title, for the recogniser and as a last resort: `<title>` and the
/// page's big headings (`<h1>`, `<h2>`, elements whose class or id says title). The heading
/// that `<title>` repeats is the title; without one, the first part of `<title>` (before the
/// column and site names that follow `_`, `--`, ` - ` or `|`) is returned.
fn page_title(root: NodeR<'_>, out: &mut Extracted) -> String {
    let text_of = |n: NodeR<'_>| {
        collapse(
            &n.descendants()
                .filter_map(|d| d.value().as_text().map(|x| x.to_string()))
                .collect::<String>(),
        )
        .trim()
        .to_string()
    };
    let title_tag = root
        .descendants()
        .find(|n| name(*n) == "title")
        .map(text_of)
        .unwrap_or_default();
    let headings: Vec<String> = root
        .descendants()
        .filter(|n| {
            let Some(el) = element(*n) else { return false };
            let says_title =
                |a: Option<&str>| a.is_some_and(|v| v.to_ascii_lowercase().contains("title"));
            matches!(el.name(), "h1" | "h2")
                || is_block(el.name())
                    && (says_title(el.attr("class")) || says_title(el.attr("id")))
        })
        .filter(|n| !inside_skipped(*n))
        .map(text_of)
        .filter(|t| (4..=120).contains(&t.chars().count()))
        .collect();
    let squeezed_tag = super::gongwen::squeeze(&title_tag);
    let repeated = headings
        .iter()
        .filter(|h| squeezed_tag.contains(&super::gongwen::squeeze(h)))
        .max_by_key(|h| h.chars().count());
    if let Some(h) = repeated {
        out.state("title", h, "页面上的大标题（与 <title> 一致）");
    }
    let parts = title_tag
        .split(" - ")
        .flat_map(|p| p.split("--"))
        .flat_map(|p| p.split(['_', '|', '－']))
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("")
        .to_string();
    out.title_candidates.extend(headings);
    if !title_tag.is_empty() {
        out.title_candidates.push(title_tag);
    }
    parts
}

static SAVED_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:<!DOCTYPE[^>]*>\s*)?<!--\s*(?:saved from url=\(\d+\))?\s*(https?://[^\s<>]+?)\s*-->")
        .expect("saved-from pattern")
});

/// The page's original address: the comment a browser or crawler writes on the first line,
/// `<link rel="canonical">`, `og:url`.
fn source_url(text: &str, root: NodeR<'_>) -> Option<(String, String)> {
    if let Some(c) = SAVED_FROM.captures(text) {
        return Some((c[1].to_string(), "页面开头的注释".into()));
    }
    for n in root.descendants() {
        let Some(el) = element(n) else { continue };
        if el.name() == "link"
            && el
                .attr("rel")
                .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
        {
            if let Some(h) = el.attr("href").filter(|h| h.starts_with("http")) {
                return Some((h.to_string(), "<link rel=\"canonical\">".into()));
            }
        }
        if el.name() == "meta" && el.attr("property") == Some("og:url") {
            if let Some(h) = el.attr("content").filter(|h| h.starts_with("http")) {
                return Some((h.to_string(), "<meta property=\"og:url\">".into()));
            }
        }
    }
    None
}

/// The page's own address from its 收藏/打印/关闭 links (`href="/path/page.htm#"` with a script
/// action), with the host taken from absolute links under the same top folder.
fn self_link(root: NodeR<'_>) -> Option<(String, String)> {
    let mut path = None;
    for n in root.descendants() {
        let Some(el) = element(n) else { continue };
        if el.name() != "a" || el.attr("onclick").is_none() {
            continue;
        }
        if let Some(p) = el.attr("href").and_then(|h| h.strip_suffix('#')) {
            if p.starts_with('/') && p.len() > 1 {
                path = Some(p.to_string());
                break;
            }
        }
    }
    let path = path?;
    let top = path.split('/').nth(1)?;
    let host = root.descendants().find_map(|n| {
        let el = element(n)?;
        let url = el.attr("src").or(el.attr("href"))?;
        let rest = url
            .strip_prefix("http://")
            .or(url.strip_prefix("https://"))?;
        let (host, p) = rest.split_once('/')?;
        (p.split('/').next() == Some(top)).then(|| url[..url.len() - rest.len()].to_string() + host)
    })?;
    Some((
        format!("{host}{path}"),
        "页面上指向本页的打印/收藏链接（推断）".into(),
    ))
}

/// The element holding the most running text: each element scores the text it holds directly
/// plus the text its block children hold directly (link text does not count).
fn body_container(root: NodeR<'_>) -> Option<NodeR<'_>> {
    use std::collections::HashMap;
    let mut own: HashMap<ego_tree::NodeId, usize> = HashMap::new();
    for n in root.descendants() {
        let Some(t) = n.value().as_text() else {
            continue;
        };
        let len = t.trim().chars().count();
        if len == 0 {
            continue;
        }
        let mut in_link = false;
        let mut holder = None;
        for a in n.ancestors() {
            if is_skipped(a) {
                holder = None;
                break;
            }
            if name(a) == "a" {
                in_link = true;
            }
            if holder.is_none() && is_block(name(a)) {
                holder = Some(a.id());
            }
        }
        if let (Some(h), false) = (holder, in_link) {
            *own.entry(h).or_default() += len;
        }
    }
    let mut best: Option<(usize, NodeR<'_>)> = None;
    for n in root.descendants() {
        let Some(el) = element(n) else { continue };
        if matches!(el.name(), "html" | "body" | "tr" | "tbody" | "table") {
            continue;
        }
        let mut score = own.get(&n.id()).copied().unwrap_or(0);
        for c in n.children() {
            if name(c) == "table" && !is_layout_table(c) {
                // A data table's text belongs to the element holding the table.
                score += c
                    .descendants()
                    .filter_map(|d| own.get(&d.id()))
                    .sum::<usize>();
            } else if is_block(name(c)) {
                score += own.get(&c.id()).copied().unwrap_or(0);
            }
        }
        if score > 0 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, n));
        }
    }
    best.map(|(_, n)| n)
}

fn align_of(el: &scraper::node::Element) -> Option<Align> {
    let from_style = el.attr("style").and_then(|s| {
        let s = s.to_ascii_lowercase();
        let i = s.find("text-align")?;
        let v = s[i + "text-align".len()..].trim_start_matches([' ', ':']);
        Some(v.split([';', ' ', '!']).next().unwrap_or("").to_string())
    });
    let v = from_style.or_else(|| el.attr("align").map(|a| a.to_ascii_lowercase()))?;
    match v.as_str() {
        "center" => Some(Align::Center),
        "right" | "end" => Some(Align::End),
        "left" | "justify" | "start" => Some(Align::Start),
        _ => None,
    }
}

fn is_bold(el: &scraper::node::Element) -> bool {
    matches!(el.name(), "b" | "strong")
        || el.attr("style").is_some_and(|s| {
            let s = s.to_ascii_lowercase().replace(' ', "");
            s.contains("font-weight:bold") || s.contains("font-weight:700")
        })
}

const ATTACHMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ppt", "pptx", "ofd", "zip", "rar", "7z",
    "txt", "csv",
];

/// The extension of a link target, lower case, ignoring query and fragment.
fn extension(href: &str) -> Option<String> {
    let path = href.split(['?', '#']).next()?;
    let last = path.rsplit('/').next()?;
    let (_, ext) = last.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

/// Turns the body container into blocks.
struct Converter<'o> {
    out: &'o mut Extracted,
    dir: PathBuf,
    blocks: Vec<Block>,
    cur: Para,
    bold_chars: usize,
    plain_chars: usize,
}

impl Converter<'_> {
    fn flush(&mut self) {
        let mut para = std::mem::take(&mut self.cur);
        para.bold = self.bold_chars > 0 && self.plain_chars == 0;
        self.bold_chars = 0;
        self.plain_chars = 0;
        if para.plain().trim().is_empty() && !para.has_image() {
            return;
        }
        self.blocks.push(Block::Para(para));
    }

    fn push_text(&mut self, text: &str, bold: bool) {
        let n = text.trim().chars().count();
        if bold {
            self.bold_chars += n;
        } else {
            self.plain_chars += n;
        }
        if let Some(Inline::Text(last)) = self.cur.inlines.last_mut() {
            if last.ends_with(' ') && text.starts_with(' ') {
                last.push_str(text.trim_start_matches(' '));
            } else {
                last.push_str(text);
            }
        } else {
            self.cur.inlines.push(Inline::Text(text.to_string()));
        }
    }

    fn children(&mut self, node: NodeR<'_>, align: Align, bold: bool) {
        for c in node.children() {
            self.node(c, align, bold);
        }
    }

    fn node(&mut self, node: NodeR<'_>, align: Align, bold: bool) {
        if let Some(t) = node.value().as_text() {
            let text = collapse(t);
            if !text.is_empty() {
                if self.cur.inlines.is_empty() {
                    self.cur.align = align;
                }
                self.push_text(&text, bold);
            }
            return;
        }
        let Some(el) = element(node) else { return };
        if is_skipped(node) {
            return;
        }
        let n = el.name();
        let align = align_of(el).unwrap_or(align);
        let bold = bold || is_bold(el);
        match n {
            "br" => self.flush(),
            "hr" => self.flush(),
            "img" => {
                if self.cur.inlines.is_empty() {
                    self.cur.align = align;
                }
                if let Some(image) = self.image(el) {
                    self.cur.inlines.push(image);
                }
            }
            "a" => self.link(node, el, align, bold),
            "table" => {
                self.flush();
                if is_layout_table(node) {
                    self.children(node, align, bold);
                    self.flush();
                } else {
                    let t = self.table(node);
                    self.blocks.push(Block::Table(t));
                }
            }
            _ if is_block(n) => {
                self.flush();
                self.cur.align = align;
                self.children(node, align, bold);
                if let Some(level) = n.strip_prefix('h').and_then(|l| l.parse::<u8>().ok()) {
                    self.cur.heading = Some(level);
                }
                if n == "li" {
                    self.cur.list_item = true;
                }
                self.flush();
            }
            _ => self.children(node, align, bold),
        }
    }

    fn link(&mut self, node: NodeR<'_>, el: &scraper::node::Element, align: Align, bold: bool) {
        let text: String = collapse(
            &node
                .descendants()
                .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
                .collect::<String>(),
        );
        let text = text.trim().to_string();
        let href = el.attr("href").unwrap_or("").trim();
        let lower = href.to_ascii_lowercase();
        if href.is_empty()
            || href.starts_with('#')
            || lower.starts_with("javascript:")
            || lower.starts_with("data:")
            || lower.starts_with("vbscript:")
        {
            self.children(node, align, bold);
            return;
        }
        if self.cur.inlines.is_empty() {
            self.cur.align = align;
        }
        if extension(href).is_some_and(|e| ATTACHMENT_EXTENSIONS.contains(&e.as_str())) {
            let title = if text.is_empty() {
                href.rsplit('/').next().unwrap_or(href).to_string()
            } else {
                text.clone()
            };
            let target = match self.local_file(href) {
                Some(i) => AttachmentTarget::Asset(i),
                None => {
                    let url = self.absolute(href);
                    self.out.warnings.push(format!(
                        "附件 “{title}” 不在保存的页面旁，保留为原网站的链接：{url}"
                    ));
                    AttachmentTarget::Remote(url)
                }
            };
            self.out.attachments.push(AttachmentLink { title, target });
            self.push_text(&text, bold);
            return;
        }
        if text.is_empty() {
            self.children(node, align, bold);
            return;
        }
        let url = self.absolute(href);
        if url.starts_with("http://") || url.starts_with("https://") || url.starts_with("mailto:") {
            self.plain_chars += text.chars().count();
            self.cur.inlines.push(Inline::Link { text, url });
        } else {
            self.push_text(&text, bold);
        }
    }

    /// An address on the old site made absolute against the page's original address.
    fn absolute(&self, href: &str) -> String {
        if href.contains("://") || href.starts_with("mailto:") {
            return href.to_string();
        }
        let Some((base, _)) = &self.out.source_url else {
            return href.to_string();
        };
        let Some(scheme_end) = base.find("://") else {
            return href.to_string();
        };
        let host_end = base[scheme_end + 3..]
            .find('/')
            .map_or(base.len(), |i| i + scheme_end + 3);
        if let Some(rest) = href.strip_prefix("//") {
            return format!("{}//{rest}", &base[..scheme_end + 1]);
        }
        if href.starts_with('/') {
            return format!("{}{href}", &base[..host_end]);
        }
        let dir_end = base
            .rfind('/')
            .filter(|i| *i >= host_end)
            .map_or(base.len(), |i| i + 1);
        let mut dir = base[..dir_end].to_string();
        if !dir.ends_with('/') {
            dir.push('/');
        }
        let joined = format!("{}{}", &dir[host_end..], href);
        format!(
            "{}/{}",
            &base[..host_end],
            crate::markdown::normalize(&joined).trim_start_matches('/')
        )
    }

    /// A file the page links to that was saved beside it, copied into the assets.
    fn local_file(&mut self, href: &str) -> Option<usize> {
        let path = href.split(['?', '#']).next()?;
        let decoded = crate::markdown::percent_decode(path).unwrap_or_else(|| path.to_string());
        let mut candidates = Vec::new();
        if !decoded.contains("://") && !decoded.starts_with('/') {
            let rel = crate::markdown::normalize(&decoded);
            if !rel.starts_with("..") && !rel.is_empty() {
                candidates.push(self.dir.join(rel.trim_start_matches('/')));
            }
        }
        if let Some(last) = decoded
            .rsplit('/')
            .next()
            .filter(|l| !l.is_empty() && *l != "..")
        {
            candidates.push(self.dir.join(last));
        }
        for c in candidates {
            let Ok(meta) = std::fs::metadata(&c) else {
                continue;
            };
            if !meta.is_file() {
                continue;
            }
            if meta.len() > MAX_COPY {
                self.out
                    .warnings
                    .push(format!("{} 超过 {MAX_COPY} 字节，未复制", c.display()));
                return None;
            }
            let Ok(bytes) = std::fs::read(&c) else {
                continue;
            };
            let name = c.file_name()?.to_string_lossy().into_owned();
            self.out.assets.push(Asset { name, bytes });
            return Some(self.out.assets.len() - 1);
        }
        None
    }

    fn image(&mut self, el: &scraper::node::Element) -> Option<Inline> {
        let src = el.attr("src").map(str::trim).filter(|s| !s.is_empty())?;
        let alt = el.attr("alt").unwrap_or("").trim().to_string();
        if src.to_ascii_lowercase().starts_with("data:") {
            self.out
                .warnings
                .push("页面中内嵌（data:）的图片未导入".into());
            return None;
        }
        if let Some(i) = self.local_file(src) {
            return Some(Inline::Image {
                source: ImageSource::Asset(i),
                alt,
            });
        }
        let url = self.absolute(src);
        if !url.starts_with("http") {
            self.out.warnings.push(format!(
                "图片 {src} 不在保存的页面旁，也不知道原网址：已略过"
            ));
            return None;
        }
        self.out.warnings.push(format!(
            "图片 {url} 不在保存的页面旁：改为指向原网站的链接（网站不从其他网站加载图片）"
        ));
        Some(Inline::Image {
            source: ImageSource::Remote(url),
            alt,
        })
    }

    fn table(&mut self, node: NodeR<'_>) -> Table {
        let mut table = Table::default();
        let rows: Vec<NodeR<'_>> = node
            .descendants()
            .filter(|n| {
                name(*n) == "tr"
                    && n.ancestors().find(|a| name(*a) == "table").map(|a| a.id())
                        == Some(node.id())
            })
            .collect();
        for tr in rows {
            let in_head = tr.ancestors().any(|a| name(a) == "thead");
            let mut row = Vec::new();
            let mut all_th = true;
            for c in tr.children() {
                let Some(el) = element(c) else { continue };
                if !matches!(el.name(), "td" | "th") || is_skipped(c) {
                    continue;
                }
                all_th &= el.name() == "th";
                let span = |a: &str| {
                    el.attr(a)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .filter(|v| (1..=64).contains(v))
                        .unwrap_or(1)
                };
                let mut sub = Converter {
                    out: self.out,
                    dir: self.dir.clone(),
                    blocks: Vec::new(),
                    cur: Para::default(),
                    bold_chars: 0,
                    plain_chars: 0,
                };
                sub.children(c, Align::Start, false);
                sub.flush();
                let paras = sub
                    .blocks
                    .into_iter()
                    .flat_map(|b| match b {
                        Block::Para(p) => vec![p],
                        Block::Table(t) => {
                            t.rows.into_iter().flatten().flat_map(|c| c.paras).collect()
                        }
                    })
                    .collect();
                row.push(Cell {
                    paras,
                    colspan: span("colspan"),
                    rowspan: span("rowspan"),
                });
            }
            if row.is_empty() {
                continue;
            }
            if (in_head || all_th) && table.header_rows == table.rows.len() {
                table.header_rows += 1;
            }
            table.rows.push(row);
        }
        table
    }
}

/// A table used for page layout rather than data: it holds another table, a single cell, or
/// cells of running text.
fn is_layout_table(node: NodeR<'_>) -> bool {
    let cells: Vec<NodeR<'_>> = node
        .descendants()
        .filter(|n| matches!(name(*n), "td" | "th"))
        .collect();
    if node.descendants().skip(1).any(|n| name(n) == "table") || cells.len() <= 1 {
        return true;
    }
    cells.iter().any(|c| {
        let paragraphs = c.descendants().filter(|n| name(*n) == "p").count();
        let text: usize = c
            .descendants()
            .filter_map(|n| n.value().as_text().map(|t| t.trim().chars().count()))
            .sum();
        paragraphs >= 3 || text > 600
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_matched_with_spaces() {
        let (l, k, v) = match_label("索 引 号：").unwrap();
        assert_eq!((l, k, v.as_str()), ("索引号", "index_no", ""));
        let (_, k, v) = match_label("发布日期: 2012-06-24").unwrap();
        assert_eq!((k, v.as_str()), ("date", "2012-06-24"));
        assert!(match_label("标题党的说法不对").is_none());
    }

    #[test]
    fn body_is_the_densest_block() {
        let page = "<html><body><div class=nav><a href=/>首页</a><a href=/x>信息公开</a></div>\
            <table><tr><td>索引号：</td><td>A/2021-00001</td></tr></table>\
            <div class=main><p>一、总体要求</p><p>这是正文的第一段，文字较长，说明工作的总体要求和目标。</p>\
            <p>这是正文的第二段。</p><p class=tools>【打印】【关闭】</p></div>\
            <div class=footer>版权所有 某某市人民政府</div></body></html>";
        let ex = read(page.as_bytes(), Path::new("/nonexistent/a.html")).unwrap();
        let texts: Vec<String> = ex
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.plain()),
                Block::Table(_) => None,
            })
            .collect();
        assert_eq!(texts[0], "一、总体要求");
        assert!(!texts
            .iter()
            .any(|t| t.contains("版权所有") || t.contains("首页")));
        assert_eq!(ex.stated["index_no"].0, "A/2021-00001");
    }

    #[test]
    fn hidden_blocks_and_scripts_are_not_read() {
        let page = "<div style='display: none'><span>索引号：</span><span></span></div>\
            <div><span>索引号：</span><span>B/2020-00002</span></div>\
            <div><p>正文第一段，足够长的文字，用来成为正文区域。</p><script>document.write('x')</script></div>";
        let ex = read(page.as_bytes(), Path::new("a.html")).unwrap();
        assert_eq!(ex.stated["index_no"].0, "B/2020-00002");
        assert!(ex.blocks.iter().all(|b| match b {
            Block::Para(p) => !p.plain().contains("document.write"),
            Block::Table(_) => true,
        }));
    }

    #[test]
    fn relative_addresses_resolve_against_the_source() {
        let mut ex = Extracted {
            source_url: Some((
                "http://www.example.gov.cn/xxgk/202001/t1.html".into(),
                String::new(),
            )),
            ..Extracted::default()
        };
        let conv = Converter {
            out: &mut ex,
            dir: PathBuf::new(),
            blocks: vec![],
            cur: Para::default(),
            bold_chars: 0,
            plain_chars: 0,
        };
        assert_eq!(
            conv.absolute("./W1.jpg"),
            "http://www.example.gov.cn/xxgk/202001/W1.jpg"
        );
        assert_eq!(
            conv.absolute("/a/b.pdf"),
            "http://www.example.gov.cn/a/b.pdf"
        );
        assert_eq!(
            conv.absolute("../x.doc"),
            "http://www.example.gov.cn/xxgk/x.doc"
        );
    }
}
