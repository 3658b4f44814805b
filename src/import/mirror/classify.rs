//! What kind of page a saved file is, told by its structure rather than one CMS's class names:
//! an article (metadata labels, or running text), a column list (many links with title-like
//! texts, little running text of its own, often pagination), a search page, or a navigation
//! page; and what the page says about where it sits: its breadcrumb (当前位置) and the pages
//! a list links.

use scraper::Html;

use crate::import::html_dom::{attr, element, inside_skipped, name, names_itself, NodeR};

/// The kind of a saved page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// A document: imported.
    Article,
    /// A column's list of documents: read for the column's title and the pages it links.
    List,
    /// A search form or search results: skipped.
    Search,
    /// A home page, site map or other page of links: skipped.
    Navigation,
    /// An error or login page saved instead of a document: skipped.
    Error,
}

/// What a look at a page's structure found.
#[derive(Debug, Clone)]
pub struct Survey {
    /// The kind of page.
    pub kind: PageKind,
    /// Why it was taken for that kind, for the report.
    pub why: String,
    /// The breadcrumb's links (text, href), 首页 first.
    pub crumbs: Vec<(String, String)>,
    /// The page's own heading or `<title>` (first part), for a list page's column title.
    pub heading: String,
    /// Hrefs of the title-like links of a list page, in order.
    pub items: Vec<String>,
}

/// Labels that only a document's metadata block shows.
const DOC_LABELS: &[&str] = &["索引号", "发文字号", "成文日期", "发布机构", "文号："];
/// Words of pagination under a list.
const PAGINATION: &[&str] = &["下一页", "上一页", "尾页", "末页", "首页 上一页", "共"];
/// Words saying where a page sits.
const CRUMB_WORDS: &[&str] = &[
    "当前位置",
    "您的位置",
    "您现在的位置",
    "所在位置",
    "当前的位置",
];

fn text_of(n: NodeR<'_>) -> String {
    n.descendants()
        .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn in_link(n: NodeR<'_>) -> bool {
    n.ancestors().any(|a| name(a) == "a")
}

fn is_page_href(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("javascript:") || lower.starts_with('#') || lower.starts_with("mailto:") {
        return false;
    }
    let path = lower.split('#').next().unwrap_or("");
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let last = path.rsplit('/').next().unwrap_or("");
    !query.is_empty() || super::address::is_page_name(last)
}

/// Looks at one page's structure. `old_path` is its address on the old site (search pages are
/// often known by it).
pub fn survey(doc: &Html, old_path: &str) -> Survey {
    let root = doc.tree.root();
    let texts: Vec<NodeR<'_>> = root
        .descendants()
        .filter(|n| n.value().as_text().is_some_and(|t| !t.trim().is_empty()))
        .filter(|n| !inside_skipped(*n))
        .collect();
    // Running text: text nodes outside links long enough to be sentences.
    let prose: usize = texts
        .iter()
        .filter(|n| !in_link(**n))
        .map(|n| n.value().as_text().map_or(0, |t| t.trim().chars().count()))
        .filter(|c| *c >= 20)
        .sum();
    let all_text: String = texts
        .iter()
        .filter_map(|n| n.value().as_text().map(|t| t.trim().to_string()))
        .collect::<Vec<_>>()
        .join(" ");
    let squeezed = crate::import::gongwen::squeeze(&all_text);
    let labelled = DOC_LABELS.iter().filter(|l| squeezed.contains(*l)).count() >= 2
        || squeezed.contains("索引号");
    let mut items = Vec::new();
    for n in root.descendants() {
        let Some(el) = element(n) else { continue };
        if el.name() != "a" || inside_skipped(n) {
            continue;
        }
        let Some(href) = attr(el, "href").map(str::trim) else {
            continue;
        };
        let t = text_of(n);
        let title_like =
            t.chars().count() >= 8 || attr(el, "title").is_some_and(|x| x.chars().count() >= 8);
        if title_like && is_page_href(href) && !in_chrome(n) {
            items.push(href.to_string());
        }
    }
    let paginated = PAGINATION.iter().filter(|w| all_text.contains(*w)).count() >= 2;
    let searchy = {
        let lower = old_path.to_ascii_lowercase();
        [
            "search",
            "query",
            "keyword=",
            "searchword=",
            "/so/",
            "sousuo",
            "jiansuo",
        ]
        .iter()
        .any(|w| lower.contains(w))
            || all_text.contains("搜索结果")
            || all_text.contains("检索结果")
    };
    let title = root
        .descendants()
        .find(|n| name(*n) == "title")
        .map(text_of)
        .unwrap_or_default();
    let (kind, why) =
        if prose < 300 && !labelled && crate::import::html::ERROR_PAGE.is_match(&title) {
            (PageKind::Error, format!("错误页面（“{title}”）"))
        } else if searchy && !labelled {
            (
                PageKind::Search,
                "搜索页面（网址或“搜索结果”字样）".to_string(),
            )
        } else if labelled && prose >= 20 {
            (PageKind::Article, "有索引号、文号等文档信息".to_string())
        } else if items.len() >= 5 && prose < 150 || paginated && items.len() >= 3 && prose < 300 {
            (
                PageKind::List,
                format!(
                    "栏目列表（{} 个标题链接，自身文字 {prose} 字{}）",
                    items.len(),
                    if paginated { "，有翻页" } else { "" }
                ),
            )
        } else if prose >= 60 {
            (PageKind::Article, format!("正文 {prose} 字"))
        } else {
            (
                PageKind::Navigation,
                format!(
                    "导航页面（自身文字 {prose} 字，标题链接 {} 个）",
                    items.len()
                ),
            )
        };
    Survey {
        kind,
        why,
        crumbs: crumbs(root),
        heading: heading(root),
        items,
    }
}

/// Whether a link sits in the page's header, menu or footer (its column names, not documents).
fn in_chrome(n: NodeR<'_>) -> bool {
    n.ancestors().filter_map(element).any(|e| {
        matches!(e.name(), "nav" | "header" | "footer")
            || names_itself(
                e,
                &[
                    "nav", "menu", "header", "footer", "crumb", "position", "location",
                ],
                false,
            )
    })
}

/// The breadcrumb: the links of the element that says 当前位置 (or whose class says crumb,
/// position, location).
fn crumbs(root: NodeR<'_>) -> Vec<(String, String)> {
    let holder = root.descendants().find(|n| {
        let Some(el) = element(*n) else { return false };
        if inside_skipped(*n) {
            return false;
        }
        let by_class = names_itself(
            el,
            &["crumb", "position", "location", "dqwz", "weizhi"],
            false,
        );
        let own: String = n
            .children()
            .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
            .collect();
        let says = CRUMB_WORDS.iter().any(|w| own.contains(w));
        (by_class || says)
            && n.descendants().filter(|d| name(*d) == "a").count() >= 1
            && text_of(*n).chars().count() < 200
    });
    let Some(holder) = holder else {
        return Vec::new();
    };
    holder
        .descendants()
        .filter_map(|d| {
            let el = element(d)?;
            if el.name() != "a" {
                return None;
            }
            let t = text_of(d);
            let href = attr(el, "href")?.trim().to_string();
            (!t.is_empty()).then_some((t, href))
        })
        .collect()
}

/// The page's heading: its first `<h1>`–`<h3>` outside the header, else the first part of
/// `<title>`.
fn heading(root: NodeR<'_>) -> String {
    let h = root
        .descendants()
        .filter(|n| matches!(name(*n), "h1" | "h2" | "h3") && !inside_skipped(*n) && !in_chrome(*n))
        .map(text_of)
        .find(|t| (2..=40).contains(&t.chars().count()));
    h.unwrap_or_else(|| {
        let title = root
            .descendants()
            .find(|n| name(*n) == "title")
            .map(text_of)
            .unwrap_or_default();
        title
            .split(['_', '|', '-', '－'])
            .map(str::trim)
            .find(|s| !s.is_empty())
            .unwrap_or("")
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_articles_and_search_pages_by_structure() {
        let items: String = (1..=12)
            .map(|i| format!("<li><a href=\"./202101/t2021011{i}_{i}.html\">示例县关于做好第{i}项重点工作的通知</a><span>2021-01-1{i}</span></li>"))
            .collect();
        let list = format!("<html><head><title>通知公告_示例县人民政府</title></head><body><div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/xxgk/\">信息公开</a> &gt; <a href=\"/xxgk/tzgg/\">通知公告</a></div><ul>{items}</ul><div>共 3 页 <a href=\"index_1.html\">下一页</a> <a href=\"index_2.html\">尾页</a></div></body></html>");
        let s = survey(&Html::parse_document(&list), "/xxgk/tzgg/index.html");
        assert_eq!(s.kind, PageKind::List, "{}", s.why);
        assert_eq!(s.items.len(), 12);
        assert_eq!(
            s.crumbs.last().unwrap(),
            &("通知公告".to_string(), "/xxgk/tzgg/".to_string())
        );
        let article = "<html><body><div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/xxgk/tzgg/\">通知公告</a></div><h1>示例县关于做好冬季安全工作的通知</h1><div><p>各乡镇人民政府，县直各单位：为做好冬季安全工作，确保人民群众生命财产安全，现将有关事项通知如下。</p><p>一、加强组织领导，各单位要高度重视，落实责任到人。</p></div></body></html>";
        let s = survey(&Html::parse_document(article), "/xxgk/tzgg/202101/t1.html");
        assert_eq!(s.kind, PageKind::Article, "{}", s.why);
        let search = "<html><body><form><input type=\"text\" name=\"searchword\"></form><p>搜索结果：共 0 条</p></body></html>";
        let s = survey(&Html::parse_document(search), "/search.jsp?searchword=x");
        assert_eq!(s.kind, PageKind::Search);
        let gone = "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>";
        assert_eq!(
            survey(&Html::parse_document(gone), "/a.html").kind,
            PageKind::Error
        );
        let nav = "<html><body><a href=\"/xxgk/\">信息公开</a><a href=\"/zwdt/\">政务动态</a></body></html>";
        assert_eq!(
            survey(&Html::parse_document(nav), "/index.html").kind,
            PageKind::Navigation
        );
    }
}
