//! Reads a page saved from a government CMS: the metadata it shows as label/value pairs
//! (索引号, 发布机构, 成文日期 …) and in `<meta>` tags, the body as the element holding the most
//! running text (found by structure, not by one site's class names), the page chrome left
//! out (scripts, hidden blocks, 字号/打印/关闭 bars, share widgets), attachment links (relative
//! ones resolved against `<base href>` or the page's address), and the page's original address
//! (the metadata is read by [`super::page_meta`]). Error, login and frame pages saved instead of
//! the document are refused with the reason.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use scraper::Html;

use super::charset;
use super::html_dom::{
    align_of, collapse, element, extension, is_block, is_bold, is_hidden, is_layout_table,
    is_skipped, name, NodeR, ATTACHMENT_EXTENSIONS,
};
use super::is_web_address;
use super::model::{
    Align, Asset, AttachmentLink, AttachmentTarget, Block, Cell, Extracted, ImageSource, Inline,
    Para, Table,
};
use super::page_meta::{meta_tags, page_title, self_link, source_url, visible_labels};

/// Largest attachment or picture copied from beside a saved page.
const MAX_COPY: u64 = 200 << 20;

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
    let Some(container) = body_container(root) else {
        return Err(not_a_document(root, &out, 0)
            .unwrap_or_else(|| "页面中找不到正文：没有成段的文字".into()));
    };
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut conv = Converter {
        base: base_href(root),
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
    let body_chars: usize = out.blocks.iter().map(block_chars).sum();
    if body_chars == 0 && !out.blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return Err("页面中找不到正文：正文区域是空的".into());
    }
    if let Some(why) = not_a_document(root, &out, body_chars) {
        return Err(why);
    }
    Ok(out)
}

/// Characters of text in a block (table cells included).
fn block_chars(b: &Block) -> usize {
    let paras: Vec<&Para> = match b {
        Block::Para(p) => vec![p],
        Block::Table(t) => t.rows.iter().flatten().flat_map(|c| &c.paras).collect(),
    };
    paras
        .iter()
        .map(|p| super::gongwen::trim(&p.plain()).chars().count())
        .sum()
}

/// Titles of pages that are not documents: server errors, missing pages, firewalls, logins.
static ERROR_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^\s*(?:http\s*)?(?:错误\s*)?(?:40\d|50\d)(?:\s*$|\s*[-_:：|—]|\s+[a-z]|\s*(?:页面|错误|禁止|无法))",
        r"|not found|forbidden|access denied|bad gateway|service unavailable|internal server error",
        r"|页面(?:不存在|未找到|找不到|已被?删除|无法访问)|找不到(?:该|您要访问的)?页面",
        r"|访问(?:已被|被)?(?:拦截|拒绝|受限)|(?:安全|防火墙)拦截",
        r"|^\s*(?:出错了|错误页面?|提示信息|系统提示)\s*$",
        r"|^\s*(?:统一身份认证(?:平台|系统)?(?:登录)?|(?:用户|系统)?登录)\s*(?:$|[-_|—])",
    ))
    .expect("error page pattern")
});

/// Why a page with little text is not a document: the document is in a frame (only the outer
/// page was saved), or the page is an error or login page saved by mistake.
fn not_a_document(root: NodeR<'_>, out: &Extracted, body_chars: usize) -> Option<String> {
    let frames: Vec<String> = root
        .descendants()
        .filter_map(element)
        .filter(|e| matches!(e.name(), "frame" | "iframe"))
        // Counters and trackers hidden or of no size are not where the text is.
        .filter(|e| !is_hidden(e) && e.attr("width") != Some("0") && e.attr("height") != Some("0"))
        .filter_map(|e| {
            if e.attr("srcdoc").is_some() {
                return Some("框架内嵌的 srcdoc 页面".to_string());
            }
            let src = e.attr("src")?.trim();
            let lower = src.to_ascii_lowercase();
            // Players and previews beside the text, not the document itself.
            let player = [
                "video", "player", ".mp4", "map", "about:", "pdf", "ofd", "viewer", "preview",
            ]
            .iter()
            .any(|v| lower.contains(v));
            (!src.is_empty() && !player).then(|| src.to_string())
        })
        .collect();
    // Pictures, tables or attachments make a short page a document (a 图解, a 公示 table, a
    // notice whose text is its attachment).
    let has_more = !out.attachments.is_empty()
        || out.blocks.iter().any(|b| match b {
            Block::Para(p) => p.has_image(),
            Block::Table(_) => true,
        });
    if !frames.is_empty() && body_chars < 100 && !has_more {
        return Some(format!(
            "页面的正文在框架（frame/iframe）中，保存的只是外层页面：请在浏览器中打开框架的页面（{}）另存后再导入",
            frames[..frames.len().min(3)].join("、")
        ));
    }
    // A page that shows the document's metadata (索引号, 发布机构, 成文日期 …) is the document,
    // however short: a notice about 统一身份认证, a page with a login box in its header.
    let shows_metadata = ["index_no", "doc_no", "issuer", "written_on", "date"]
        .iter()
        .any(|k| out.stated.contains_key(k));
    if body_chars >= 300 || shows_metadata {
        return None;
    }
    let password = root.descendants().filter_map(element).any(|e| {
        e.name() == "input"
            && e.attr("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("password"))
    });
    if password {
        return Some(
            "这是登录页面（有密码输入框），不是文档：请登录后打开原文页面另存再导入".into(),
        );
    }
    let title = out
        .title_candidates
        .iter()
        .find(|t| ERROR_PAGE.is_match(t))?;
    Some(format!(
        "这是错误页面（“{title}”），不是文档：原文页面可能已删除、需要登录或被拦截，请重新保存原文页面后再导入"
    ))
}

/// The page's `<base href>`, when it is an absolute address: relative links resolve against it.
fn base_href(root: NodeR<'_>) -> Option<String> {
    root.descendants()
        .filter_map(element)
        .find(|e| e.name() == "base" && e.attr("href").is_some())
        .and_then(|e| e.attr("href"))
        .map(str::trim)
        .filter(|h| is_web_address(h))
        .map(str::to_string)
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

/// Turns the body container into blocks.
struct Converter<'o> {
    /// The page's `<base href>`, which relative links resolve against before its own address.
    base: Option<String>,
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
                    if !is_web_address(&url) {
                        // Listed, it would name a file the site does not have.
                        self.out.warnings.push(format!(
                            "附件 “{title}”（{href}）不在保存的页面旁，也不知道原网址（页面没有 saved from url 注释、canonical 或 <base>）：未列入附件，请把文件放在页面旁后重新导入"
                        ));
                        self.push_text(&text, bold);
                        return;
                    }
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
        if is_web_address(&url) || url.starts_with("mailto:") {
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
        let source = self.out.source_url.as_ref().map(|(u, _)| u);
        let Some(base) = self.base.as_ref().or(source) else {
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
            crate::text::normalize(&joined).trim_start_matches('/')
        )
    }

    /// A file the page links to that was saved beside it, copied into the assets.
    fn local_file(&mut self, href: &str) -> Option<usize> {
        let path = href.split(['?', '#']).next()?;
        let decoded = crate::text::percent_decode(path).unwrap_or_else(|| path.to_string());
        let mut candidates = Vec::new();
        if !decoded.contains("://") && !decoded.starts_with('/') {
            let rel = crate::text::normalize(&decoded);
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
        if !is_web_address(&url) {
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
                    base: self.base.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn error_page_titles() {
        for t in [
            "404 Not Found",
            "404",
            "错误 500 - 服务器错误",
            "页面不存在",
            "访问被拦截",
            "用户登录 - 网站群",
            "统一身份认证平台",
            "统一身份认证 - 示例省政务服务网",
        ] {
            assert!(ERROR_PAGE.is_match(t), "{t}");
        }
        for t in [
            "500强企业名单公示",
            "关于第404号建议的答复",
            "关于政府网站登录方式调整的通知",
            "关于启用统一身份认证平台的通知",
        ] {
            assert!(!ERROR_PAGE.is_match(t), "{t}");
        }
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
            base: None,
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
