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
use super::html_convert::Converter;
use super::html_dom::{
    attr, element, extension, is_block, is_clickable, is_hidden, is_layout_table, is_skipped, name,
    names_itself, NodeR, ATTACHMENT_EXTENSIONS,
};
use super::is_web_address;
use super::model::{Align, Block, Extracted, Para};
use super::page_meta::{meta_tags, page_title, self_link, source_url, visible_labels};

/// Where a page sits in a mirror of the old site.
#[derive(Debug, Clone)]
pub struct MirrorPlace {
    /// The mirror's folder standing for the old site's root: `/upload/a.pdf` is looked for there.
    pub site_root: PathBuf,
    /// The page's old address, when the mirror tells it (host and path).
    pub address: Option<String>,
}

/// Reads one saved page. `path` locates files the page links to.
pub fn read(bytes: &[u8], path: &Path) -> Result<Extracted, String> {
    read_in(bytes, path, None)
}

/// Reads one page of a mirror (or, without `mirror`, a page saved on its own).
pub fn read_in(
    bytes: &[u8],
    path: &Path,
    mirror: Option<&MirrorPlace>,
) -> Result<Extracted, String> {
    let decoded = charset::decode(bytes)?;
    let doc = Html::parse_document(&decoded.text);
    read_parsed(&decoded, &doc, path, mirror)
}

/// Reads a page already decoded and parsed (a mirror's pages are parsed once, to tell what
/// they are and to read them).
pub fn read_parsed(
    decoded: &charset::Decoded,
    doc: &Html,
    path: &Path,
    mirror: Option<&MirrorPlace>,
) -> Result<Extracted, String> {
    let mut out = Extracted::default();
    if decoded.encoding != "UTF-8" {
        out.state(
            "_encoding",
            &format!("{}（{}）", decoded.encoding, decoded.how),
            "",
        );
    }
    let root = doc.tree.root();
    out.source_url = source_url(&decoded.text, root).or_else(|| {
        let address = mirror?.address.clone()?;
        Some((address, "镜像中的位置".into()))
    });
    visible_labels(root, &mut out);
    let title_tag = page_title(root, &mut out);
    meta_tags(root, &mut out);
    out.state("title", &title_tag, "页面标题（<title>）");
    let titles: Vec<String> = (out.stated.get("title").map(|(t, _)| t.clone()).into_iter())
        .chain([title_tag.clone()])
        .collect();
    let Some(container) = body_container(root, &titles) else {
        return Err(not_a_document(root, &out, 0)
            .unwrap_or_else(|| "页面中找不到正文：没有成段的文字".into()));
    };
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let site_root = mirror.map(|m| m.site_root.clone());
    let mut conv = Converter::new(base_href(root), &mut out, dir, site_root);
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
        Block::Table(t) => t.rows.iter().flatten().flat_map(|c| c.paras()).collect(),
    };
    paras
        .iter()
        .map(|p| super::gongwen::trim(&p.plain()).chars().count())
        .sum()
}

/// Titles of pages that are not documents: server errors, missing pages, firewalls, logins.
pub(super) static ERROR_PAGE: LazyLock<Regex> = LazyLock::new(|| {
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
        .filter(|e| {
            !is_hidden(e) && attr(e, "width") != Some("0") && attr(e, "height") != Some("0")
        })
        .filter_map(|e| {
            if attr(e, "srcdoc").is_some() {
                return Some("框架内嵌的 srcdoc 页面".to_string());
            }
            let src = attr(e, "src")?.trim();
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
        e.name() == "input" && attr(e, "type").is_some_and(|t| t.eq_ignore_ascii_case("password"))
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
        .find(|e| e.name() == "base" && attr(e, "href").is_some())
        .and_then(|e| attr(e, "href"))
        .map(str::trim)
        .filter(|h| is_web_address(h))
        .map(str::to_string)
}

/// The element holding the body: the one holding the most running text (each element scores
/// the text it holds directly plus the text its block children hold directly; link text does
/// not count), unless the page shows its title: then the text nearest the title (the block
/// the title heads, or the best one below it) is the body, when it holds a third of that most
/// at least (a short table under the title of a page
/// whose copyright notice or side column holds more words).
fn body_container<'a>(root: NodeR<'a>, titles: &[String]) -> Option<NodeR<'a>> {
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
            // The page's footer (主办单位, 版权所有, addresses) is never the body.
            if is_skipped(a) || is_footer(a) {
                holder = None;
                break;
            }
            // A named anchor (`<a name="OLE_LINK3">` of a Word page) is not a link, and the
            // name of an attached file is the document's text (a page whose body is the file).
            let href = element(a)
                .and_then(|e| e.attr("href"))
                .filter(|_| name(a) == "a");
            let link = href.is_some_and(|h| {
                !extension(h).is_some_and(|e| ATTACHMENT_EXTENSIONS.contains(&e.as_str()))
            });
            if link || element(a).is_some_and(is_clickable) {
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
    let mut scores: HashMap<ego_tree::NodeId, usize> = HashMap::new();
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
        if score > 0 {
            scores.insert(n.id(), score);
        }
        if score > 0 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, n));
        }
    }
    let (most, densest) = best?;
    let Some(title) = title_element(root, titles) else {
        return Some(densest);
    };

    let order: HashMap<ego_tree::NodeId, usize> = root
        .descendants()
        .enumerate()
        .map(|(i, n)| (n.id(), i))
        .collect();
    let below_title = |n: &NodeR<'_>| {
        order[&n.id()] > order[&title.id()] && !title.ancestors().any(|a| a.id() == n.id())
    };
    for holder in title.ancestors() {
        // The holder itself when the title heads its text (not the heading holding the title
        // and its byline, nor a metadata table with the title in a cell), else the best block
        // below the title.
        let in_cell = std::iter::once(title)
            .chain(title.ancestors().take_while(|a| a.id() != holder.id()))
            .any(|a| matches!(name(a), "td" | "th"));
        let heading = matches!(name(holder), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        let near = std::iter::once(holder)
            .filter(|h| !in_cell && !heading && h.id() != title.id())
            .chain(holder.descendants().filter(below_title))
            .filter_map(|n| scores.get(&n.id()).map(|s| (*s, n)))
            // Only scored nodes are read whole to be told from a byline.
            .filter(|(_, n)| !is_byline(*n))
            .fold(None, |b: Option<(usize, NodeR<'_>)>, (s, n)| {
                if b.is_none_or(|(bs, _)| s > bs) {
                    Some((s, n))
                } else {
                    b
                }
            });
        if let Some((score, n)) = near {
            if score * 3 >= most {
                return Some(n);
            }
        }
    }
    Some(densest)
}

/// A page footer: `<footer>`, or an element whose class or id names it (`wrapper-footer`).
fn is_footer(node: NodeR<'_>) -> bool {
    element(node)
        .is_some_and(|e| e.name() == "footer" || names_itself(e, &["footer", "foot"], true))
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"来源[：:]|发布(?:时间|日期)[：:]|[0-9]{4}-[0-9]{2}-[0-9]{2}\s*[0-9]{1,2}:[0-9]{2}")
        .expect("byline pattern")
});

/// The byline under a title (`2025-12-16 11:56 来源：…`, 字体 buttons): short, with a 来源 or
/// 发布时间 label or a time stamp. Beside a body that is only an attachment link, it may hold
/// more words than the body.
fn is_byline(node: NodeR<'_>) -> bool {
    let text: String = node
        .descendants()
        .filter(|d| {
            d.parent()
                .is_none_or(|p| !matches!(name(p), "script" | "style"))
        })
        .filter_map(|d| d.value().as_text().map(|t| t.trim().to_string()))
        .collect();
    text.chars().count() < 100 && BYLINE.is_match(&text)
}

/// The visible element showing one of `titles` (or the first half of one at least) as its
/// whole text, spaces and line breaks aside: the first on the page that is not a link.
fn title_element<'a>(root: NodeR<'a>, titles: &[String]) -> Option<NodeR<'a>> {
    let squeeze = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
            .collect()
    };
    let wanted: Vec<String> = titles
        .iter()
        .map(|t| squeeze(t))
        .filter(|t| t.chars().count() >= 4)
        .collect();
    let longest = wanted.iter().map(String::len).max()?;
    for n in root.descendants() {
        let Some(t) = n.value().as_text() else {
            continue;
        };
        let t = squeeze(t);
        // A link to the document in a menu or a list is not its title.
        let linked = n.ancestors().any(|x| {
            element(x)
                .is_some_and(|e| e.name() == "a" && e.attr("href").is_some() || is_clickable(e))
        });
        if t.is_empty() || linked || !wanted.iter().any(|w| w.starts_with(&t)) {
            continue;
        }
        for a in n.ancestors().take(4) {
            if element(a).is_none() || name(a) == "title" || name(a) == "head" {
                break;
            }
            let text: String = a
                .descendants()
                .filter_map(|d| d.value().as_text())
                .map(|t| squeeze(t))
                .collect();
            if text.len() > longest {
                break;
            }
            // The whole title, or its first half at least (`…信息公开表` above a title that
            // goes on `(金罚决字〔2024〕36号)`).
            let shows = wanted.iter().any(|w| {
                *w == text
                    || w.starts_with(&text)
                        && text.chars().count() >= 8
                        && text.chars().count() * 2 >= w.chars().count()
            });
            if shows && !is_skipped(a) && !super::html_dom::inside_skipped(a) {
                return Some(a);
            }
        }
    }
    None
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
}
