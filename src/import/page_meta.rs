//! The metadata a saved page shows: label/value pairs (索引号, 发布机构, 成文日期 … in tables,
//! lists or running text, hidden copies ignored), `<meta>` tags, the title (`<title>` and the big
//! headings it repeats) and the page's original address.

use std::sync::LazyLock;

use regex::Regex;

use super::gongwen::squeeze;
use super::html_dom::{
    attr, collapse, element, inside_skipped, is_block, name, names_itself, NodeR,
};
use super::model::Extracted;

/// Front-matter key for each label a CMS shows (longest labels first where one contains another).
const LABELS: &[(&str, &str)] = &[
    ("索引号", "index_no"),
    ("主题分类", "topics"),
    ("主题类别", "topics"),
    ("信息分类", "topics"),
    ("组配分类", "topics"),
    ("分类", "topics"),
    ("发布机构", "issuer"),
    ("发文机关", "issuer"),
    ("发文单位", "issuer"),
    ("发布单位", "issuer"),
    ("发布部门", "issuer"),
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
    ("发文日期", "date"),
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

/// Splits `索引号：000014349/2018-00204` into (label, key, value); `索 引 号：` gives an empty value.
pub(super) fn match_label(text: &str) -> Option<(&'static str, &'static str, String)> {
    // A byline in brackets opens with its first label: `(发布日期：2019年05月31日`.
    let t = text.trim();
    let t = t.strip_prefix(['(', '（']).unwrap_or(t).trim_start();
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
pub(super) fn visible_labels(root: NodeR<'_>, out: &mut Extracted) {
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
                    Some((next, t))
                        if match_label(t).is_none()
                            && !looks_like_label(t)
                            && close_by(*node, *next)
                            && in_value_cell(*node, *next) =>
                    {
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
            // `来源:  | 发布时间: …`: an empty value before the bar that parts the byline.
            let shown = value.trim_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '｜'));
            if shown.chars().count() <= 300 {
                out.state(key, unbracketed(shown), &format!("页面上的 “{label}”"));
            }
            // Continue after this value, in the original text.
            match next.and_then(|_| rest.find(value.as_str()).map(|at| at + value.len())) {
                Some(at) if !value.is_empty() && at < rest.len() => rest = &rest[at..],
                _ => break,
            }
        }
    }
}

/// A value without the closing bracket of a bracketed byline it ends (`(发布日期：… 文号：沪发改规范
/// 〔2019〕7号)` gives `沪发改规范〔2019〕7号`), when the value opens none.
fn unbracketed(value: &str) -> &str {
    let t = value.trim_end();
    match t.strip_suffix([')', '）']) {
        Some(inner) if !inner.contains(['(', '（']) => inner.trim_end(),
        _ => t,
    }
}

/// A short text ending with a colon (`办文部门：`): a label this reader does not know, never a
/// value.
fn looks_like_label(text: &str) -> bool {
    let key = label_key(text);
    key.strip_suffix(['：', ':'])
        .is_some_and(|k| (1..=8).contains(&k.chars().count()) && k.chars().all(|c| c > '\u{2e80}'))
}

/// The table cell holding a node, if any (within three levels).
fn cell_of(node: NodeR<'_>) -> Option<NodeR<'_>> {
    node.ancestors()
        .take(3)
        .find(|a| matches!(name(*a), "td" | "th"))
}

/// Whether `value` may be the value of the label in `label`: in a grid of label/value cells the
/// value is in the very next cell of the row (an empty cell means no value, not the cell after).
fn in_value_cell(label: NodeR<'_>, value: NodeR<'_>) -> bool {
    let Some(cell) = cell_of(label) else {
        return true;
    };
    match cell_of(value) {
        Some(v) if v.id() == cell.id() => true,
        Some(v) => cell
            .next_siblings()
            .find(|n| matches!(name(*n), "td" | "th"))
            .is_some_and(|next| next.id() == v.id()),
        None => false,
    }
}

/// Whether two text nodes share an ancestor at most four levels above the first.
fn close_by(a: NodeR<'_>, b: NodeR<'_>) -> bool {
    let ups: Vec<_> = a.ancestors().take(4).map(|n| n.id()).collect();
    b.ancestors().any(|n| ups.contains(&n.id()))
}

pub(super) fn meta_tags(root: NodeR<'_>, out: &mut Extracted) {
    for n in root.descendants() {
        let Some(el) = element(n) else { continue };
        if el.name() != "meta" {
            continue;
        }
        let (Some(key), Some(content)) = (
            attr(el, "name").or(attr(el, "property")),
            attr(el, "content"),
        ) else {
            continue;
        };
        let field = match key.to_ascii_lowercase().as_str() {
            "articletitle" | "og:title" => "title",
            "pubdate" | "firstpublishedtime" => "date",
            "contentsource" => "issuer",
            "sitename" => "_site_name",
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
pub(super) fn page_title(root: NodeR<'_>, out: &mut Extracted) -> String {
    // Visible text only: a heading left open by a broken end tag (`<h5></h>`) may hold a script.
    let text_of = |n: NodeR<'_>| {
        collapse(
            &n.descendants()
                .filter(|d| {
                    d.parent()
                        .is_none_or(|p| !matches!(name(p), "script" | "style"))
                })
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
    // A title block may hold the byline under the title (`<div class=title><div>标题</div>
    // <ul><li>来源：…</li></ul></div>`): unless `<title>` repeats the whole block, its first
    // block is the heading.
    let squeezed_tag = squeeze(&title_tag);
    // A heading may hold its byline in a child (`<h2><span>标题</span><small>(发布日期：…)</small>`):
    // then the child `<title>` repeats is the heading.
    let heading_text = |n: NodeR<'_>| {
        let whole = text_of(n);
        if squeezed_tag.contains(&squeeze(&whole)) {
            return whole;
        }
        let children: Vec<String> = n
            .children()
            .filter(|c| element(*c).is_some())
            .map(text_of)
            .filter(|t| !t.is_empty())
            .collect();
        if let Some(t) = children
            .iter()
            .find(|t| t.chars().count() >= 4 && squeezed_tag.contains(&squeeze(t)))
        {
            return t.clone();
        }
        n.children()
            .filter(|c| element(*c).is_some_and(|e| is_block(e.name())))
            .map(text_of)
            .find(|t| !t.is_empty())
            .unwrap_or(whole)
    };
    let heading_nodes: Vec<NodeR<'_>> = root
        .descendants()
        .filter(|n| {
            let Some(el) = element(*n) else { return false };
            let says_title =
                |a: Option<&str>| a.is_some_and(|v| v.to_ascii_lowercase().contains("title"));
            matches!(el.name(), "h1" | "h2")
                || is_block(el.name())
                    && (says_title(attr(el, "class")) || says_title(attr(el, "id")))
        })
        .filter(|n| !inside_skipped(*n) && !in_site_header(*n))
        .collect();
    // A breadcrumb (`首页 > 时政新闻 >`) is not a title.
    let may_be_title =
        |t: &String| (4..=120).contains(&t.chars().count()) && !t.contains(['>', '›', '»']);
    let headings: Vec<String> = heading_nodes
        .iter()
        .map(|n| heading_text(*n))
        .filter(may_be_title)
        .collect();
    byline_date(&heading_nodes, out);
    // A smaller heading (`<h3>`–`<h6>`) is the title only when `<title>` repeats it.
    let minor: Vec<String> = root
        .descendants()
        .filter(|n| matches!(name(*n), "h3" | "h4" | "h5" | "h6"))
        .filter(|n| !inside_skipped(*n) && !in_site_header(*n))
        .map(heading_text)
        .filter(may_be_title)
        .collect();
    let repeated = headings
        .iter()
        .chain(&minor)
        .filter(|h| squeezed_tag.contains(&squeeze(h)))
        .max_by_key(|h| h.chars().count());
    if let Some(h) = repeated {
        out.state("title", h, "页面上的大标题（与 <title> 一致）");
        site_name_after(&title_tag, h, out);
    } else if let Some(h) = shown_title_part(root, &title_tag) {
        // No heading element: the part of `<title>` before the column or site name
        // (`中华人民共和国监察法-纪检`) that the page shows as a text of its own.
        out.state("title", &h, "页面上的大标题（与 <title> 一致）");
        site_name_after(&title_tag, &h, out);
    } else if let Some(h) = headings.iter().find(|h| {
        // `<title>` names only the site (a page built by script): the page's own big heading
        // that reads as a document title.
        h.chars().count() >= 8 && !squeeze(h).contains(&squeezed_tag)
    }) {
        out.state("title", h, "页面上的大标题");
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

/// Separators between the parts of a `<title>` (title, column, site name).
fn is_title_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '_' | '|' | '－' | '—' | '–' | '｜' | '\u{3000}')
}

/// The part of `<title>` before a separator that the page shows as a whole text of its own
/// (not a link), at least four characters long, and not the name of the column the page
/// declares (`<meta name="ColumnName">`, which such a page shows above its title): the longest
/// such part.
fn shown_title_part(root: NodeR<'_>, title_tag: &str) -> Option<String> {
    let columns: Vec<String> = (root.descendants().filter_map(element))
        .filter(|e| e.name() == "meta")
        .filter(|e| attr(e, "name").is_some_and(|n| n.to_ascii_lowercase().starts_with("column")))
        .filter_map(|e| attr(e, "content").map(squeeze))
        .collect();
    let cuts: Vec<&str> = title_tag
        .char_indices()
        .filter(|(_, c)| is_title_separator(*c))
        .map(|(i, _)| title_tag[..i].trim_end())
        .filter(|p| p.chars().count() >= 4 && !columns.contains(&squeeze(p)))
        .collect();
    if cuts.is_empty() {
        return None;
    }
    let shown: Vec<String> = root
        .descendants()
        .filter_map(|n| {
            let t = n.value().as_text()?;
            let in_title_or_link = n
                .ancestors()
                .filter_map(element)
                .any(|e| matches!(e.name(), "title" | "a" | "script" | "style"));
            (!in_title_or_link && !inside_skipped(n)).then(|| squeeze(t))
        })
        .collect();
    cuts.into_iter()
        .rev()
        .find(|p| shown.iter().any(|t| *t == squeeze(p)))
        .map(str::to_string)
}

/// The site's name: what `<title>` holds after the page's title (`标题 湖南省某某医院`), kept for
/// a 来源 that names only "this site" (`本站原创`).
fn site_name_after(title_tag: &str, title: &str, out: &mut Extracted) {
    let Some(rest) = title_tag.trim().strip_prefix(title.trim()) else {
        return;
    };
    let name = rest.trim_matches(is_title_separator);
    let han = name.chars().filter(|c| *c > '\u{2e80}').count();
    if (2..=40).contains(&name.chars().count()) && han * 2 > name.chars().count() {
        out.state("_site_name", name, "<title> 中标题之后的网站名");
    }
}

/// A date and time standing alone in the byline of a title block (`<li>2023-12-01 14:43</li>`
/// beside `来源：…`), or after a bare `时间：`/`日期：` label there (`时间：2019年10月31日 23:00
/// 浏览：`), when no label gave the date.
fn byline_date(title_blocks: &[NodeR<'_>], out: &mut Extracted) {
    static DATE_TIME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:(?:时间|日期)\s*[：:]\s*)?((?:19|20)[0-9]{2}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?)(?:$|\s+\p{Han}{1,6}\s*[：:])")
            .expect("byline date")
    });
    let found = title_blocks.iter().find_map(|b| {
        b.descendants()
            .filter_map(|d| d.value().as_text())
            .find_map(|t| Some(DATE_TIME.captures(t.trim())?[1].to_string()))
    });
    if let Some(d) = found {
        out.state("date", &d, "标题下的日期");
    }
}

/// Whether a node sits in the site's header (logo, banner, top bar), whose heading is the
/// site's name, not the document's title.
fn in_site_header(node: NodeR<'_>) -> bool {
    node.ancestors().filter_map(element).any(|e| {
        e.name() == "header"
            || names_itself(e, &["header", "logo", "banner", "topbar", "masthead"], true)
    })
}

static SAVED_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:<!DOCTYPE[^>]*>\s*)?<!--\s*(?:saved from url=\(\d+\))?\s*(https?://[^\s<>]+?)\s*-->")
        .expect("saved-from pattern")
});

/// The page's original address: the comment a browser or crawler writes on the first line,
/// `<link rel="canonical">`, `og:url`, an absolute `<meta name="Url">`.
pub(super) fn source_url(text: &str, root: NodeR<'_>) -> Option<(String, String)> {
    if let Some(c) = SAVED_FROM.captures(text) {
        return Some((c[1].to_string(), "页面开头的注释".into()));
    }
    for n in root.descendants() {
        let Some(el) = element(n) else { continue };
        if el.name() == "link"
            && attr(el, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
        {
            if let Some(h) = attr(el, "href").filter(|h| h.starts_with("http")) {
                return Some((h.to_string(), "<link rel=\"canonical\">".into()));
            }
        }
        if el.name() == "meta" && attr(el, "property") == Some("og:url") {
            if let Some(h) = attr(el, "content").filter(|h| h.starts_with("http")) {
                return Some((h.to_string(), "<meta property=\"og:url\">".into()));
            }
        }
        // The page's address among the metadata a government site's pages carry (`<meta
        // name="Url" content="https://…/t20121220_943.htm">`), when it is absolute.
        if el.name() == "meta" && attr(el, "name").is_some_and(|n| n.eq_ignore_ascii_case("url")) {
            if let Some(h) = attr(el, "content").filter(|h| h.starts_with("http")) {
                return Some((h.to_string(), "<meta name=\"Url\">".into()));
            }
        }
    }
    None
}

/// The page's own address from its 收藏/打印/关闭 links (`href="/path/page.htm#"` with a script
/// action), with the host taken from absolute links under the same top folder.
pub(super) fn self_link(root: NodeR<'_>) -> Option<(String, String)> {
    let mut path = None;
    for n in root.descendants() {
        let Some(el) = element(n) else { continue };
        if el.name() != "a" || attr(el, "onclick").is_none() {
            continue;
        }
        if let Some(p) = attr(el, "href").and_then(|h| h.strip_suffix('#')) {
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
        let url = attr(el, "src").or(attr(el, "href"))?;
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

    fn labels_of(page: &str) -> Vec<(&'static str, String)> {
        let doc = scraper::Html::parse_document(page);
        let mut ex = Extracted::default();
        visible_labels(doc.tree.root(), &mut ex);
        ex.stated.into_iter().map(|(k, (v, _))| (k, v)).collect()
    }

    #[test]
    fn a_grid_of_label_and_value_cells_gives_each_label_its_own_cell() {
        let page = "<table><tr><td>索引号：</td><td>11350100/2021-01234</td>\
            <td>主题分类：</td><td></td><td>办文部门：</td><td>市财政局</td></tr>\
            <tr><td>文号：</td><td></td><td>发布机构：</td><td>某某市人民政府</td></tr>\
            <tr><td>发文日期：</td><td>2021-03-01</td></tr></table>";
        let got = labels_of(page);
        assert_eq!(
            got,
            [
                ("date", "2021-03-01".to_string()),
                ("index_no", "11350100/2021-01234".to_string()),
                ("issuer", "某某市人民政府".to_string()),
            ]
        );
    }
}
