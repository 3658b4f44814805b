//! Markdown passes: CJK line breaks, heading ids, raw HTML, bare URLs, code, links between
//! documents.

use std::sync::OnceLock;

use crate::common::*;

const A: &str = "第一行中文
第二行中文，接着写
第三行。

English line
next line

## 工作要求

正文甲。

## 工作要求

正文乙。

## 附则 {#fuze}

见[乙文](b.md)、[乙文第二部分](b.md#二具体措施)和[本文附则](#fuze)。
";

const B: &str = "一、总体要求

正文一。

二、具体措施

正文二。
";

/// A site with documents written for these tests (section `md`).
fn md_site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = SiteBuilder::new()
            .section("md", "标记测试", "")
            .file(
                "content/md/a.md",
                doc("甲文", "2021-03-01", Some(&index_no(2021, 1)), "", A),
            )
            .file(
                "content/md/b.md",
                doc("乙文", "2021-03-02", Some(&index_no(2021, 2)), "", B),
            )
            .build_shared("markdown", &[]);
        site.run.assert_code(0);
        assert!(site.run.warnings().is_empty(), "{}", site.run.stderr);
        site
    })
}

#[test]
fn cjk_soft_line_break_gives_no_space() {
    let html = md_site().page("/md/a/");
    let paragraphs: Vec<String> = select_in(body(&html), "p").into_iter().map(text).collect();
    assert!(
        paragraphs.contains(&"第一行中文第二行中文，接着写第三行。".to_string()),
        "{paragraphs:#?}"
    );
    // Between Latin words the line break stays a break (rendered as a space).
    let english = paragraphs
        .iter()
        .find(|p| p.starts_with("English"))
        .unwrap();
    assert!(
        english == "English line\nnext line" || english == "English line next line",
        "{english:?}"
    );
}

#[test]
fn heading_ids_are_unique_and_explicit_ids_kept() {
    let html = md_site().page("/md/a/");
    let ids: Vec<String> = body_headings(&html)
        .into_iter()
        .map(|(_, id, _)| id)
        .collect();
    assert_eq!(ids, ["工作要求", "工作要求-2", "fuze"]);
    let b = md_site().page("/md/b/");
    let headings = body_headings(&b);
    assert_eq!(
        headings,
        [
            (2, "一总体要求".to_string(), "一、总体要求".to_string()),
            (2, "二具体措施".to_string(), "二、具体措施".to_string())
        ]
    );
}

#[test]
fn no_page_has_a_duplicate_id() {
    for site in [md_site(), reports_site(), basic_site()] {
        for url in site.html_pages() {
            let html = site.page(&url);
            let mut seen = std::collections::HashSet::new();
            for el in select(&html, "[id]") {
                let id = attr(el, "id").unwrap();
                assert!(seen.insert(id.to_string()), "{url}: duplicate id {id:?}");
            }
        }
    }
}

#[test]
fn run_in_titles_with_the_same_text_get_unique_ids() {
    let text = "## 一、甲项工作\n\n（一）工作要求。这是一个足够长的段落内容，用来让段首的编号短语成为段中标题，再多写一些文字。\n\n## 二、乙项工作\n\n（一）工作要求。这是另一个足够长的段落内容，用来让段首的编号短语成为段中标题，再多写一些文字。\n";
    let site = SiteBuilder::new()
        .section("md", "标记测试", "")
        .file(
            "content/md/a.md",
            doc("甲文", "2021-03-01", Some(&index_no(2021, 1)), "", text),
        )
        .build(&[]);
    site.run.assert_code(0);
    let html = site.page("/md/a/");
    let ids: Vec<&str> = select(&html, "strong.gk-runin")
        .into_iter()
        .map(|e| attr(e, "id").unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1], "run-in ids must be unique");
}

#[test]
fn links_between_documents_resolve_in_both_renditions() {
    let site = md_site();
    for (prefix, url) in [("", "/md/a/"), ("/care", "/care/md/a/")] {
        let html = site.page(url);
        let links: Vec<(String, String)> = select_in(body(&html), "a")
            .into_iter()
            .map(|a| (text(a), attr(a, "href").unwrap().to_string()))
            .collect();
        assert_eq!(
            links,
            [
                ("乙文".to_string(), format!("{prefix}/md/b/")),
                (
                    "乙文第二部分".to_string(),
                    format!("{prefix}/md/b/#%E4%BA%8C%E5%85%B7%E4%BD%93%E6%8E%AA%E6%96%BD")
                ),
                ("本文附则".to_string(), "#fuze".to_string()),
            ],
            "{url}"
        );
    }
    // The anchor exists in the target page.
    let b = site.page("/md/b/");
    assert_eq!(select_in(body(&b), "[id=\"二具体措施\"]").len(), 1);
}

#[test]
fn relative_md_link_from_another_folder() {
    let site = basic_site();
    let html = site.page("/zcwj/biaoge-shuoming/");
    let a = select_in(body(&html), "a");
    assert_eq!(a.len(), 1);
    assert_eq!(attr(a[0], "href"), Some("/tzgg/fujian-tongzhi/"));
    let care = site.page("/care/zcwj/biaoge-shuoming/");
    let a = select_in(body(&care), "a");
    assert_eq!(attr(a[0], "href"), Some("/care/tzgg/fujian-tongzhi/"));
    // A link to a document in the same folder (raw-html.md → fujian-tongzhi.md).
    let html = site.page("/care/tzgg/raw-html/");
    let a = select_in(body(&html), "a");
    assert_eq!(attr(a[0], "href"), Some("/care/tzgg/fujian-tongzhi/"));
    assert_eq!(text(a[0]), "上一则公告");
}

#[test]
fn raw_script_and_event_handlers_are_removed_with_warnings() {
    let site = basic_site();
    let warnings = site.run.warnings();
    let at = |prefix: &str, needle: &str| {
        warnings
            .iter()
            .any(|w| w.starts_with(prefix) && w.contains(needle))
    };
    assert!(
        at("content/tzgg/raw-html.md:12:1: 警告: ", "on* 事件属性"),
        "{}",
        site.run.stderr
    );
    assert!(
        at("content/tzgg/raw-html.md:14:1: 警告: ", "<script>"),
        "{}",
        site.run.stderr
    );
    for url in ["/tzgg/raw-html/", "/care/tzgg/raw-html/"] {
        let raw = site.raw(url);
        assert!(
            !raw.contains("alert("),
            "{url}: script text left in the page"
        );
        assert!(
            !raw.contains("onclick"),
            "{url}: event handler left in the page"
        );
        let html = site.page(url);
        let b = body(&html);
        assert!(select_in(b, "script").is_empty(), "{url}");
        for el in select_in(b, "*") {
            for (name, _) in el.value().attrs() {
                assert!(!name.starts_with("on"), "{url}: {name}");
                assert_ne!(name, "style", "{url}");
            }
        }
        // The harmless text stays.
        assert!(text(b).contains("点击查看维护详情"), "{url}");
    }
}

#[test]
fn bare_url_in_chinese_text_links_exactly_the_url() {
    let html = basic_site().page("/tzgg/fujian-tongzhi/");
    let b = body(&html);
    let links = select_in(b, "a");
    assert_eq!(links.len(), 1, "{}", b.html());
    assert_eq!(attr(links[0], "href"), Some("http://www.example.gov.cn/"));
    assert_eq!(text(links[0]), "http://www.example.gov.cn/");
    assert!(
        text(b).contains("详见（http://www.example.gov.cn/）公布。"),
        "the brackets and 公布 stay text around the link"
    );
    // The text shows the address: print does not add it a second time (both renditions).
    for url in ["/tzgg/fujian-tongzhi/", "/care/tzgg/fujian-tongzhi/"] {
        let html = basic_site().page(url);
        let link = select_in(body(&html), "a")[0];
        assert_eq!(attr(link, "class"), Some("gk-url"), "{url}");
    }
}

#[test]
fn code_blocks_are_highlighted_with_classes_only() {
    let site = basic_site();
    let html = site.page("/tzgg/daima-yangli/");
    let b = body(&html);
    let code = select_in(b, "pre code");
    assert_eq!(code.len(), 1);
    let spans = select_in(code[0], "span");
    assert!(
        spans
            .iter()
            .any(|s| attr(*s, "class").is_some_and(|c| c.starts_with("hl-"))),
        "{}",
        code[0].html()
    );
    for el in select_in(b, "*") {
        assert!(attr(el, "style").is_none(), "inline style: {}", el.html());
    }
    // The code keeps its text, escaped.
    assert!(
        text(code[0]).contains("\"title\": \"<示例>\""),
        "{}",
        text(code[0])
    );
    let css = site.public().join("static/css/highlight.css");
    let css = std::fs::read_to_string(css).expect("highlight.css written");
    assert!(css.contains(".hl-"));
}

#[test]
fn pages_with_code_load_the_highlight_stylesheet() {
    let html = basic_site().page("/tzgg/daima-yangli/");
    let links: Vec<&str> = select(&html, "link[rel=stylesheet]")
        .into_iter()
        .filter_map(|l| attr(l, "href"))
        .collect();
    assert!(
        links
            .iter()
            .any(|h| h.starts_with("/static/css/highlight.css")),
        "{links:?}"
    );
}
