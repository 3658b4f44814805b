//! Site search (A7, B3i): `search/index.json` lists every document once with its URL and fields,
//! is byte-identical across builds, and the search page exists in both renditions with a real
//! form, filters from the site's terms, an `aria-live` status and the no-JavaScript fallback.

use std::collections::BTreeSet;

use crate::common::*;

fn index(site: &Site) -> (Vec<u8>, serde_json::Value) {
    let bytes = std::fs::read(site.public().join("search/index.json")).expect("search/index.json");
    let json = serde_json::from_slice(&bytes).expect("index is JSON");
    (bytes, json)
}

#[test]
fn index_lists_every_document_once_with_its_url_and_fields() {
    let tag = regex::Regex::new(r"</?[a-zA-Z][a-zA-Z0-9]*[\s>/]").unwrap();
    let site = reports_site();
    let (_, json) = index(site);
    let docs = json["docs"].as_array().expect("docs array");
    let urls: Vec<String> = docs
        .iter()
        .map(|d| d["u"].as_str().unwrap().to_string())
        .collect();
    let unique: BTreeSet<&String> = urls.iter().collect();
    assert_eq!(unique.len(), urls.len(), "each document once: {urls:?}");
    let pages: BTreeSet<String> = site
        .html_pages()
        .into_iter()
        .filter(|p| p.starts_with("/bg/") && p != "/bg/" && !p.contains("/page/"))
        .filter(|p| {
            !["/year/", "/issuer/", "/topic/"]
                .iter()
                .any(|d| p.contains(d))
        })
        .collect();
    let listed: BTreeSet<String> = urls.iter().map(|u| format!("/{u}")).collect();
    assert_eq!(listed, pages, "the index lists exactly the document pages");
    assert_eq!(docs.len(), report_files().len());
    for d in docs {
        let url = format!("/{}", d["u"].as_str().unwrap());
        let html = site.page(&url);
        assert_eq!(d["t"].as_str().unwrap(), text(one(&html, "h1")), "{url}");
        let date = d["d"].as_str().unwrap();
        assert!(date.len() == 10 && date[4..5] == *"-", "{url}: date {date}");
        assert_eq!(d["y"].as_i64().unwrap(), date[..4].parse::<i64>().unwrap());
        assert_eq!(
            d["i"].as_str().unwrap(),
            meta_row(&html, "索引号").unwrap_or_default(),
            "{url}"
        );
        assert_eq!(
            d["o"].as_str().unwrap(),
            meta_row(&html, "发布机构").unwrap_or_default()
        );
        assert!(d["c"].is_array());
        let body = d["x"].as_str().unwrap();
        assert!(!body.is_empty() && !tag.is_match(body), "{url}: plain text");
        assert!(body.chars().count() <= 10_001);
        assert!(d["e"].as_str().unwrap().chars().count() <= 201);
    }
    // Newest first.
    let dates: Vec<&str> = docs.iter().map(|d| d["d"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

#[test]
fn index_is_byte_identical_across_builds() {
    let b = SiteBuilder::new()
        .section("tz", "通知公告", "")
        .file(
            "content/tz/a.md",
            doc(
                "甲通知",
                "2021-03-01",
                Some(&index_no(2021, 1)),
                "",
                "正文甲。\n",
            ),
        )
        .file(
            "content/tz/b.md",
            doc(
                "乙通知",
                "2021-03-01",
                Some(&index_no(2021, 2)),
                "",
                "正文乙。\n",
            ),
        );
    let one_site = b.build(&[]);
    one_site.run.assert_code(0);
    let two_site = b.build(&[]);
    let (a, json) = index(&one_site);
    let (b, _) = index(&two_site);
    assert!(a == b, "search/index.json differs between builds");
    let docs = json["docs"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    // Same date: ordered by URL.
    assert_eq!(docs[0]["u"], "tz/a/");
    assert_eq!(docs[1]["u"], "tz/b/");
    assert_eq!(docs[0]["x"], "正文甲。");
}

#[test]
fn search_page_in_both_renditions() {
    let site = reports_site();
    for (url, prefix) in [("/search/", "/"), ("/care/search/", "/care/")] {
        let html = site.page(url);
        let form = one(&html, "form.gk-search__form[role=search]");
        assert_eq!(attr(form, "action"), Some(url));
        assert_eq!(attr(form, "method"), Some("get"));
        let input = one(&html, "#gk-search-q");
        assert_eq!(attr(input, "type"), Some("search"));
        assert_eq!(attr(input, "name"), Some("q"));
        assert_eq!(select(&html, "label[for=gk-search-q]").len(), 1);
        for name in ["year", "topic", "issuer"] {
            let options = select(&html, &format!("select[name={name}] option"));
            assert!(options.len() >= 2, "{url}: {name} options");
        }
        assert_eq!(
            attr(one(&html, "[data-gk-search-status]"), "aria-live"),
            Some("polite")
        );
        let box_ = one(&html, "[data-module=gk-search]");
        assert_eq!(attr(box_, "data-gk-prefix"), Some(prefix));
        assert_eq!(attr(box_, "data-gk-index"), Some("/search/index.json"));
        assert_eq!(attr(box_, "data-gk-care-home"), Some("/care/"));
        let fallback: Vec<String> = select(&html, "[data-gk-search-fallback] a")
            .into_iter()
            .filter_map(|a| attr(a, "href").map(str::to_string))
            .collect();
        for dim in ["year", "issuer", "topic"] {
            let link = format!("{prefix}bg/{dim}/");
            assert!(fallback.contains(&link), "{url}: {link} in {fallback:?}");
        }
        assert!(select(&html, "script[src*='search.js']").len() == 1);
    }
    // The header search box on every page submits to the search page of its rendition, and
    // search.js is loaded on the search page only.
    for url in ["/", "/bg/", "/care/bg/", "/404.html"] {
        let html = site.page(url);
        let form = one(&html, ".gk-header__search");
        let want = if url.starts_with("/care/") {
            "/care/search/"
        } else {
            "/search/"
        };
        assert_eq!(attr(form, "action"), Some(want), "{url}");
        assert_eq!(select(&html, "label[for=gk-header-q]").len(), 1);
        assert!(
            select(&html, "script[src*='search.js']").is_empty(),
            "{url}"
        );
    }
}

#[test]
fn a_section_named_search_is_refused() {
    let site = SiteBuilder::new()
        .section("search", "检索", "")
        .file(
            "content/search/a.md",
            doc("甲", "2021-03-01", Some(&index_no(2021, 1)), "", "正文。\n"),
        )
        .build(&[]);
    assert_ne!(site.run.code, 0);
    assert!(site.run.stderr.contains("search"), "{}", site.run.stderr);
}
