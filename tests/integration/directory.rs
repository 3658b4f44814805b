//! Listings and directories: newest first, pagination, year/issuer/topic directories, empty
//! sections, site-wide 索引号 uniqueness, `check` for dead links and anchors.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use crate::common::*;

/// (slug, title, date, issuer, topics), newest first.
const DOCS: &[(&str, &str, &str, &str, &str)] = &[
    ("d-a", "甲号文件", "2021-06-01", "甲局", "[民政]"),
    (
        "d-b",
        "乙号文件",
        "2021-02-01T10:00:00+08:00",
        "乙局",
        "[民政, 财政]",
    ),
    ("d-c", "丙号文件", "2020-11-20", "甲局", "[财政]"),
    ("d-d", "丁号文件", "2020-03-05", "乙局", "[民政]"),
    ("d-e", "戊号文件", "2019-12-31", "甲局", "[教育]"),
];

/// Section `gk` (page size 2) with the five documents, and an empty section `kong`.
fn dir_site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let mut b = SiteBuilder::new()
            .section("gk", "公开目录", "page_size: 2\n")
            .section("kong", "空栏目", "");
        // Written in an order different from the date order.
        for (i, (slug, title, date, issuer, topics)) in DOCS.iter().enumerate().rev() {
            let text = format!(
                "---\ntitle: {title}\nindex_no: \"{}\"\nissuer: {issuer}\ndate: {date}\ntopics: {topics}\n---\n\n{title}的正文。\n",
                index_no(date[..4].parse().unwrap(), i as u32 + 1)
            );
            b = b.file(&format!("content/gk/{slug}.md"), text);
        }
        let site = b.build_shared("directory", &[]);
        site.run.assert_code(0);
        assert!(site.run.warnings().is_empty(), "{}", site.run.stderr);
        site
    })
}

/// Titles listed on a listing and all its following pages, with the page URLs visited.
fn follow_listing(site: &Site, first: &str) -> (Vec<String>, Vec<String>) {
    let mut titles = Vec::new();
    let mut pages = Vec::new();
    let mut url = Some(first.to_string());
    while let Some(u) = url {
        assert!(pages.len() < 20, "pagination loops: {pages:?}");
        let html = site.page(&u);
        titles.extend(select(&html, ".gk-list__title").into_iter().map(text));
        url = select(&html, "a[rel=next]")
            .first()
            .and_then(|a| attr(*a, "href"))
            .map(str::to_string);
        pages.push(u);
    }
    (titles, pages)
}

#[test]
fn section_listing_is_newest_first_and_paginated() {
    let site = dir_site();
    let (titles, pages) = follow_listing(site, "/gk/");
    assert_eq!(pages, ["/gk/", "/gk/page/2/", "/gk/page/3/"]);
    let expected: Vec<&str> = DOCS.iter().map(|d| d.1).collect();
    assert_eq!(titles, expected, "every document once, newest first");
    assert!(!site.has_page("/gk/page/4/"));
    assert!(
        !site.has_page("/gk/page/1/"),
        "page 1 is the section URL itself"
    );
    // Page sizes 2, 2, 1.
    for (url, n) in [("/gk/", 2), ("/gk/page/2/", 2), ("/gk/page/3/", 1)] {
        assert_eq!(select(&site.page(url), ".gk-list__item").len(), n, "{url}");
    }
    // The paginator links every page; the last page links back.
    let html = site.page("/gk/page/3/");
    let links = hrefs(&html);
    for u in ["/gk/", "/gk/page/2/"] {
        assert!(links.iter().any(|h| h == u), "{u} in {links:?}");
    }
    let prev = attr(one(&html, "a[rel=prev]"), "href");
    assert_eq!(prev, Some("/gk/page/2/"));
    // The same in the care rendition.
    let (titles, pages) = follow_listing(site, "/care/gk/");
    assert_eq!(pages, ["/care/gk/", "/care/gk/page/2/", "/care/gk/page/3/"]);
    assert_eq!(titles, expected);
}

#[test]
fn a_long_listing_links_its_ends_and_the_pages_near_the_current_one() {
    // 20 documents at one per page: 20 pages.
    let mut b = SiteBuilder::new().section("gk", "公开目录", "page_size: 1\n");
    for i in 1..=20u32 {
        b = b.file(
            &format!("content/gk/d-{i}.md"),
            format!(
                "---\ntitle: 第{i}号文件\nindex_no: \"{}\"\nissuer: 甲局\ndate: 2021-01-{i:02}\n---\n\n正文。\n",
                index_no(2021, i)
            ),
        );
    }
    let site = b.build(&[]);
    site.run.assert_code(0);
    // Page 10 of 20: 1 … 8 9 10 11 12 … 20, with 上一页 and 下一页.
    let html = site.page("/gk/page/10/");
    let numbered: Vec<String> = select(
        &html,
        ".gk-pagination__item:not(.gk-pagination__item--prev):not(.gk-pagination__item--next) a",
    )
    .into_iter()
    .map(|a| attr(a, "href").unwrap().to_string())
    .collect();
    let expected: Vec<String> = [1, 8, 9, 10, 11, 12, 20]
        .iter()
        .map(|n| {
            if *n == 1 {
                "/gk/".to_string()
            } else {
                format!("/gk/page/{n}/")
            }
        })
        .collect();
    assert_eq!(numbered, expected);
    assert_eq!(select(&html, ".gk-pagination__item--gap").len(), 2);
    assert_eq!(
        attr(one(&html, ".gk-pagination [aria-current=page]"), "href"),
        Some("/gk/page/10/")
    );
    assert!(text(one(&html, ".gk-pagination__status")).contains("共 20 页"));
    // The first page has no gap before page 2 and one before the last.
    let first = site.page("/gk/");
    assert_eq!(select(&first, ".gk-pagination__item--gap").len(), 1);
}

#[test]
fn directory_pages_exist_and_are_linked_from_the_section() {
    let site = dir_site();
    let section = hrefs(&site.page("/gk/"));
    for dir in ["/gk/year/", "/gk/issuer/", "/gk/topic/"] {
        assert!(site.has_page(dir), "{dir}");
        assert!(
            section.iter().any(|h| h == dir),
            "{dir} linked from /gk/: {section:?}"
        );
    }
    // Year terms, newest first.
    let html = site.page("/gk/year/");
    let terms: Vec<String> = select_in(one(&html, "main"), "a")
        .into_iter()
        .filter(|a| {
            attr(*a, "href").is_some_and(|h| h.starts_with("/gk/year/") && h != "/gk/year/")
        })
        .map(text)
        .collect();
    let years: Vec<String> = terms.iter().map(|t| t.chars().take(5).collect()).collect();
    assert_eq!(years, ["2021年", "2020年", "2019年"], "{terms:?}");
}

/// The terms of a directory page as (name, URL).
fn terms(site: &Site, dir: &str) -> Vec<(String, String)> {
    let html = site.page(dir);
    select_in(one(&html, "main"), "a")
        .into_iter()
        .filter_map(|a| {
            let h = attr(a, "href")?;
            (h.starts_with(dir) && h != dir).then(|| (text(a), h.to_string()))
        })
        .collect()
}

#[test]
fn each_document_is_filed_under_its_year_issuer_and_topics() {
    let site = dir_site();
    for (dim, key) in [("year", 2), ("issuer", 3), ("topic", 4)] {
        let dir = format!("/gk/{dim}/");
        let terms = terms(site, &dir);
        assert!(!terms.is_empty(), "{dir}");
        for (name, url) in &terms {
            let (titles, _) = follow_listing(site, url);
            let unique: BTreeSet<&String> = titles.iter().collect();
            assert_eq!(unique.len(), titles.len(), "{url}: listed once");
            let expected: Vec<&str> = DOCS
                .iter()
                .filter(|d| {
                    let field = match key {
                        2 => format!("{}年", &d.2[..4]),
                        3 => d.3.to_string(),
                        _ => d.4.to_string(),
                    };
                    if key == 4 {
                        field
                            .trim_matches(['[', ']'])
                            .split(", ")
                            .any(|t| name.starts_with(t))
                    } else {
                        name.starts_with(&field)
                    }
                })
                .map(|d| d.1)
                .collect();
            assert_eq!(titles, expected, "{dir} {name}: documents newest first");
        }
        // Every document is under at least one term.
        let all: BTreeSet<String> = terms
            .iter()
            .flat_map(|(_, u)| follow_listing(site, u).0)
            .collect();
        assert_eq!(all.len(), DOCS.len(), "{dir}");
    }
    // Term URLs of years are readable.
    assert!(site.has_page("/gk/year/2020/"));
}

#[test]
fn empty_section_has_no_listing_page() {
    let site = dir_site();
    assert!(!site.has_page("/kong/"));
    assert!(!site.has_page("/care/kong/"));
    assert!(!site.has_page("/kong/year/"));
}

#[test]
fn empty_section_is_not_linked() {
    let site = dir_site();
    for url in site.html_pages() {
        let links = hrefs(&site.page(&url));
        assert!(
            !links.iter().any(|h| h == "/kong/" || h == "/care/kong/"),
            "{url} links the empty section"
        );
    }
}

/// Internal links (`/…`) of every page point at generated files.
fn assert_no_dead_internal_links(site: &Site) {
    let public = site.public();
    let mut dead = Vec::new();
    for url in site.html_pages() {
        let html = site.page(&url);
        let mut targets = hrefs(&html);
        targets.extend(
            select(&html, "link[href], script[src], img[src]")
                .into_iter()
                .filter_map(|e| {
                    attr(e, "href")
                        .or_else(|| attr(e, "src"))
                        .map(str::to_string)
                }),
        );
        for href in targets {
            if !href.starts_with('/') || href.starts_with("//") {
                continue;
            }
            let path = href.split(['#', '?']).next().unwrap();
            if !url_file(&public, path).is_file() {
                dead.push(format!("{url} → {href}"));
            }
        }
    }
    dead.sort();
    dead.dedup();
    assert!(dead.is_empty(), "dead internal links:\n{}", dead.join("\n"));
}

#[test]
fn no_dead_internal_links_in_the_reports_site() {
    assert_no_dead_internal_links(reports_site());
}

#[test]
fn no_dead_internal_links_in_a_site_without_empty_sections() {
    let site = SiteBuilder::new()
        .section("gk", "公开目录", "page_size: 2\n")
        .file(
            "content/gk/a.md",
            doc(
                "甲",
                "2021-03-01",
                Some(&index_no(2021, 1)),
                "topics: [民政]\n",
                "正文。\n",
            ),
        )
        .file(
            "content/gk/b.md",
            doc(
                "乙",
                "2021-03-02",
                Some(&index_no(2021, 2)),
                "topics: [民政]\n",
                "见[甲](a.md)。\n",
            ),
        )
        .file(
            "content/gk/c.md",
            doc(
                "丙",
                "2020-03-02",
                Some(&index_no(2020, 3)),
                "topics: [财政]\n",
                "正文。\n",
            ),
        )
        .build(&[]);
    site.run.assert_code(0);
    assert_no_dead_internal_links(&site);
}

#[test]
fn duplicate_index_no_across_sections_fails_naming_both_files() {
    let no = index_no(2021, 7);
    let site = SiteBuilder::new()
        .section("aa", "甲栏目", "")
        .section("bb", "乙栏目", "")
        .file(
            "content/aa/x.md",
            doc("甲", "2021-03-01", Some(&no), "", "正文。\n"),
        )
        .file(
            "content/bb/y.md",
            doc("乙", "2021-03-02", Some(&no), "", "正文。\n"),
        )
        .build(&[]);
    site.run.assert_code(1);
    let errors = site.run.errors();
    assert_eq!(errors.len(), 1, "{}", site.run.stderr);
    let e = errors[0];
    assert!(
        e.contains("content/aa/x.md") && e.contains("content/bb/y.md"),
        "{e}"
    );
    assert!(e.contains("index_no（索引号）"), "{e}");
    assert!(!site.public().exists());
}

#[test]
fn check_reports_dead_links_and_missing_anchors_as_errors() {
    let body =
        "第一段。\n\n见[x](/nowhere/)。\n\n又见[y](other.md#不存在)和[z](other.md#二具体措施)。\n";
    let mut site = SiteBuilder::new()
        .section("gk", "公开目录", "")
        .file(
            "content/gk/other.md",
            doc(
                "乙",
                "2021-03-01",
                Some(&index_no(2021, 1)),
                "",
                "一、总体要求\n\n正文。\n\n二、具体措施\n\n正文。\n",
            ),
        )
        .file(
            "content/gk/links.md",
            doc("甲", "2021-03-02", Some(&index_no(2021, 2)), "", body),
        )
        .create();
    // Front matter is 6 lines + blank line: the body starts on line 8.
    let run = check(site.root());
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    assert!(
        errors[0].starts_with("content/gk/links.md:10:2: 错误: ")
            && errors[0].contains("/nowhere/"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("content/gk/links.md:12:3: 错误: ") && errors[1].contains("不存在"),
        "{}",
        errors[1]
    );
    assert!(!site.public().exists(), "check writes nothing");

    // `build` reports the same problems as warnings and succeeds.
    let run = site.build(&[]);
    run.assert_code(0);
    assert_eq!(run.warnings().len(), 2, "{}", run.stderr);
    assert!(run.errors().is_empty());

    // Fixed links: check passes.
    site.write(
        "content/gk/links.md",
        doc(
            "甲",
            "2021-03-02",
            Some(&index_no(2021, 2)),
            "",
            "见[z](other.md#二具体措施)和[y](/gk/other/)。\n",
        ),
    );
    check(site.root()).assert_code(0);
}

/// Regression: directory pages listed their section twice in the breadcrumbs.
#[test]
fn directory_breadcrumbs_name_each_level_once() {
    let site = dir_site();
    for (page, expected_last) in [("/gk/year/", "公开目录"), ("/gk/year/2021/", "按年度")] {
        let html = site.page(page);
        let crumbs: Vec<String> = select(&html, "nav.gk-breadcrumb a")
            .into_iter()
            .map(text)
            .collect();
        let unique: BTreeSet<&String> = crumbs.iter().collect();
        assert_eq!(unique.len(), crumbs.len(), "{page}: {crumbs:?}");
        assert_eq!(
            crumbs.last().map(String::as_str),
            Some(expected_last),
            "{page}: {crumbs:?}"
        );
    }
}

#[test]
fn sitemap_page_lists_every_section_with_documents() {
    let site = dir_site();
    let html = site.page("/sitemap/");
    let links: Vec<String> = select(&html, "main a")
        .into_iter()
        .filter_map(|a| attr(a, "href").map(str::to_string))
        .collect();
    assert!(links.contains(&"/gk/".to_string()), "{links:?}");
    assert!(links.contains(&"/gk/year/".to_string()), "{links:?}");
    assert!(
        !links.contains(&"/kong/".to_string()),
        "empty sections are left out: {links:?}"
    );
    let care = site.page("/care/sitemap/");
    assert!(select(&care, "main a")
        .into_iter()
        .filter_map(|a| attr(a, "href"))
        .any(|h| h == "/care/gk/"));
}

#[test]
fn dead_footer_link_is_reported() {
    let config = CONFIG.replace("url: /sitemap.xml", "url: /no-such-page/");
    let site = one_document_site(&config);
    site.run.assert_code(0);
    assert!(
        site.run.warnings().iter().any(|w| w
            .starts_with("config.yaml: 警告: footer_links（页脚链接）: ")
            && w.contains("/no-such-page/")),
        "{}",
        site.run.stderr
    );
    let run = check(site.root());
    run.assert_code(1);
    assert!(
        run.errors().iter().any(|e| e.contains("/no-such-page/")),
        "{}",
        run.stderr
    );
}
