//! The body container of a saved page turned into blocks: paragraphs with their alignment and
//! boldness, headings, list items, tables (layout tables unwrapped), links, pictures and
//! attachment links, files beside the page copied as assets (the container is chosen by
//! [`super::html`]).

use std::path::PathBuf;

use super::html_dom::{
    align_of, attr, collapse, element, extension, is_block, is_bold, is_layout_table, is_skipped,
    name, NodeR, ATTACHMENT_EXTENSIONS,
};
use super::is_web_address;
use super::model::{
    Align, Asset, AssetContent, AttachmentLink, AttachmentTarget, Block, Cell, Extracted,
    ImageSource, Inline, Para, Table,
};

/// Largest attachment or picture copied from beside a saved page.
const MAX_COPY: u64 = 200 << 20;

/// Turns the body container into blocks.
pub(super) struct Converter<'o> {
    /// The page's `<base href>`, which relative links resolve against before its own address.
    base: Option<String>,
    out: &'o mut Extracted,
    dir: PathBuf,
    /// The mirror's folder for the old site's root (importing a whole mirror).
    site_root: Option<PathBuf>,
    /// The blocks converted so far.
    pub(super) blocks: Vec<Block>,
    cur: Para,
    bold_chars: usize,
    plain_chars: usize,
}

impl<'o> Converter<'o> {
    /// A converter writing into `out`; `dir` is the saved page's folder.
    pub(super) fn new(
        base: Option<String>,
        out: &'o mut Extracted,
        dir: PathBuf,
        site_root: Option<PathBuf>,
    ) -> Self {
        Converter {
            base,
            out,
            dir,
            site_root,
            blocks: Vec::new(),
            cur: Para::default(),
            bold_chars: 0,
            plain_chars: 0,
        }
    }

    /// Ends the paragraph being collected.
    pub(super) fn flush(&mut self) {
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

    /// Converts the children of `node`.
    pub(super) fn children(&mut self, node: NodeR<'_>, align: Align, bold: bool) {
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
        let href = attr(el, "href").unwrap_or("").trim();
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
                    if self.site_root.is_some() {
                        self.out.missing_files.push(url.clone());
                    }
                    if !is_web_address(&url) {
                        // Listed, it would name a file the site does not have.
                        let why = if in_browser_folder(href) {
                            "浏览器另存网页时放在 _files 文件夹中的副本，原网址无法得知"
                        } else {
                            "页面没有 saved from url 注释、canonical 或 <base>"
                        };
                        self.out.warnings.push(format!(
                            "附件 “{title}”（{href}）不在保存的页面旁，也不知道原网址（{why}）：未列入附件，请把文件放在页面旁后重新导入"
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

    /// An address on the old site made absolute against the page's original address. A file in
    /// the folder a browser writes beside a page it saves (`页面_files/`) was renamed by the
    /// browser and has no address on the old site: it stays as written.
    fn absolute(&self, href: &str) -> String {
        if href.contains("://") || href.starts_with("mailto:") || in_browser_folder(href) {
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

    /// Where a linked file is in the mirror: relative to the page, from the site root, or an
    /// address on the old host; never outside the mirror.
    fn mirror_file(&self, decoded: &str) -> Option<PathBuf> {
        let root = self.site_root.as_ref()?;
        let on_host = |url: &str| {
            let page = self.out.source_url.as_ref()?.0.split_once("://")?.1;
            let host = page.split('/').next()?;
            let rest = url.split_once("://")?.1;
            let (h, p) = rest.split_once('/')?;
            (h.eq_ignore_ascii_case(host)).then(|| p.to_string())
        };
        let rel = if decoded.contains("://") {
            on_host(decoded)?
        } else if let Some(abs) = decoded.strip_prefix('/') {
            abs.to_string()
        } else {
            let dir = self.dir.strip_prefix(root).ok()?;
            format!("{}/{decoded}", dir.to_string_lossy())
        };
        let norm = crate::text::normalize(&rel);
        let norm = norm.trim_start_matches('/');
        if norm.is_empty() || norm.starts_with("..") {
            return None;
        }
        Some(root.join(norm))
    }

    /// A file the page links to that was saved beside it, copied into the assets.
    fn local_file(&mut self, href: &str) -> Option<usize> {
        let path = href.split(['?', '#']).next()?;
        let decoded = crate::text::percent_decode(path).unwrap_or_else(|| path.to_string());
        let mut candidates = self.mirror_file(&decoded).into_iter().collect::<Vec<_>>();
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
            // Copied when the document is saved; a file that cannot be opened is no candidate.
            if std::fs::File::open(&c).is_err() {
                continue;
            }
            let name = c.file_name()?.to_string_lossy().into_owned();
            self.out.assets.push(Asset {
                name,
                content: AssetContent::File {
                    len: meta.len(),
                    path: c,
                },
            });
            return Some(self.out.assets.len() - 1);
        }
        None
    }

    fn image(&mut self, el: &scraper::node::Element) -> Option<Inline> {
        let src = attr(el, "src").map(str::trim).filter(|s| !s.is_empty())?;
        let alt = attr(el, "alt").unwrap_or("").trim().to_string();
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
        if self.site_root.is_some() {
            self.out.missing_files.push(url.clone());
        }
        if !is_web_address(&url) {
            self.out.warnings.push(format!(
                "图片 {src} 不在保存的页面旁，也不知道原网址：已略过，请把图片放在页面旁后重新导入"
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
                    attr(el, a)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .filter(|v| (1..=64).contains(v))
                        .unwrap_or(1)
                };
                let mut sub = Converter::new(
                    self.base.clone(),
                    self.out,
                    self.dir.clone(),
                    self.site_root.clone(),
                );
                sub.children(c, Align::Start, false);
                sub.flush();
                row.push(Cell {
                    blocks: sub.blocks,
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

/// Whether a relative address points into the folder a browser writes beside a page it saves
/// ("Save as… complete": `页面_files/`, older browsers `页面.files/`).
fn in_browser_folder(href: &str) -> bool {
    !href.contains("://")
        && !href.starts_with('/')
        && href
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .split('/')
            .rev()
            .skip(1)
            .any(|seg| {
                let seg = seg.to_ascii_lowercase();
                seg.len() > "_files".len() && (seg.ends_with("_files") || seg.ends_with(".files"))
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_addresses_resolve_against_the_source() {
        let mut ex = Extracted {
            source_url: Some((
                "http://www.example.gov.cn/xxgk/202001/t1.html".into(),
                String::new(),
            )),
            ..Extracted::default()
        };
        let conv = Converter::new(None, &mut ex, PathBuf::new(), None);
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
        // A browser's copy beside the saved page has no address on the old site.
        assert_eq!(
            conv.absolute("./某某公报 _ 某某市_files/图片8.png"),
            "./某某公报 _ 某某市_files/图片8.png"
        );
        assert_eq!(conv.absolute("t1.files/a.gif"), "t1.files/a.gif");
        assert_eq!(
            conv.absolute("files/a.gif"),
            "http://www.example.gov.cn/xxgk/202001/files/a.gif"
        );
    }
}
