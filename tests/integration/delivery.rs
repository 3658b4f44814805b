//! Delivery (issue 15): precompressed copies beside the text files, a favicon on every page, a
//! meta description on every page, and nothing loaded from another host wherever a picture sits
//! in a document.

use std::io::Read as _;

use crate::common::*;

/// A statistics bulletin as copied from an old CMS page: every picture is a thumbnail linking to
/// the full-size picture on the old host, plus the ways raw HTML can load a picture.
fn bulletin() -> String {
    let mut body = String::from("一、综合\n\n全年全市生产总值比上年增长5.2%。\n\n");
    for i in 1..=11 {
        body.push_str(&format!(
            "[![](https://old.host/tjgb/2023/{i:02}_s.jpg)](https://old.host/tjgb/2023/{i:02}.jpg)\n\n图{i}　2019—2023年主要指标\n\n"
        ));
    }
    body.push_str(
        "<p><img src=\"http://old.host/raw.jpg\" alt=\"原图\" srcset=\"http://old.host/raw@2x.jpg 2x\"></p>\n\n\
         <picture><source srcset=\"//old.host/p.webp\"><img src=\"local.png\" alt=\"本地图片\"></picture>\n\n\
         <svg><image href=\"https://old.host/s.png\"/></svg>\n\n\
         <div style=\"background-image: url(https://old.host/bg.png)\">背景</div>\n",
    );
    doc(
        "2023年示例市国民经济和社会发展统计公报",
        "2024-03-20",
        Some(&index_no(2024, 1)),
        "",
        &body,
    )
}

fn bulletin_site() -> Site {
    SiteBuilder::new()
        .section("tjxx", "统计信息", "")
        .file("content/tjxx/tjgb-2023.md", bulletin())
        .file("content/tjxx/local.png", GOV_MARK_PNG)
        .build(&[])
}

/// Every URL a page would load: `src`, `srcset` candidates, `poster`, `<link href>`, SVG
/// `<image href>`, and `url(…)` in style attributes.
fn loaded_urls(html: &scraper::Html) -> Vec<String> {
    let mut urls = Vec::new();
    for el in select(
        html,
        "[src], [srcset], [poster], link[href], image, [style]",
    ) {
        for name in ["src", "poster", "href", "xlink:href"] {
            if name == "href" && !matches!(el.value().name(), "link" | "image") {
                continue;
            }
            urls.extend(attr(el, name).map(str::to_string));
        }
        if let Some(set) = attr(el, "srcset") {
            urls.extend(
                set.split(',')
                    .filter_map(|c| c.split_whitespace().next().map(str::to_string)),
            );
        }
        if let Some(style) = attr(el, "style") {
            urls.push(format!("style: {style}"));
        }
    }
    urls
}

#[test]
fn a_bulletin_with_linked_thumbnails_loads_nothing_from_the_old_host() {
    let site = bulletin_site();
    site.run.assert_code(0);
    let remote: Vec<&str> = site
        .run
        .warnings()
        .into_iter()
        .filter(|w| w.contains("old.host"))
        .collect();
    // 11 thumbnails, the raw <img> and its srcset, <source>, SVG <image>, the style's url()
    assert_eq!(remote.len(), 16, "{remote:#?}");
    assert!(remote.iter().all(|w| w.contains("tjgb-2023.md:")));
    for url in ["/tjxx/tjgb-2023/", "/care/tjxx/tjgb-2023/"] {
        let page = site.page(url);
        let loads = loaded_urls(&page);
        let foreign: Vec<&String> = loads
            .iter()
            .filter(|u| u.contains("old.host") || u.starts_with("style:"))
            .collect();
        assert!(foreign.is_empty(), "{url}: {foreign:?}");
        assert!(
            loads.iter().any(|u| u.ends_with("/tjxx/local.png")),
            "the local picture stays: {loads:?}"
        );
        // each thumbnail's link to the full picture stays, labelled
        let links: Vec<String> = select(&page, ".gk-body a[href^='https://old.host/tjgb/']")
            .into_iter()
            .map(text)
            .collect();
        assert_eq!(links.len(), 11, "{links:?}");
        assert!(
            links.iter().all(|t| t.starts_with("〔外部图片：")),
            "{links:?}"
        );
    }
}

#[test]
fn text_files_get_gzip_and_brotli_copies_that_decompress_to_them() {
    let site = basic_site();
    assert!(
        site.run.stderr.contains("预压缩为 .gz 和 .br"),
        "{}",
        site.run.stderr
    );
    let out = site.output();
    let mut checked = 0;
    for (path, bytes) in &out {
        let ext = path.rsplit('.').next().unwrap_or_default();
        let compressible = ["html", "css", "js", "json", "xml", "svg", "txt"].contains(&ext);
        let (gz, br) = (format!("{path}.gz"), format!("{path}.br"));
        if !compressible || bytes.len() < 1024 {
            assert!(!out.contains_key(&gz) && !out.contains_key(&br), "{path}");
            continue;
        }
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&out[&gz][..])
            .read_to_end(&mut text)
            .unwrap();
        assert!(text == *bytes, "{gz} does not decompress to {path}");
        let mut text = Vec::new();
        brotli::Decompressor::new(&out[&br][..], 4096)
            .read_to_end(&mut text)
            .unwrap();
        assert!(text == *bytes, "{br} does not decompress to {path}");
        checked += 1;
    }
    for must in [
        "index.html",
        "static/css/gongkai.css",
        "static/js/gongkai.js",
    ] {
        assert!(out.contains_key(&format!("{must}.br")), "{must}");
    }
    assert!(checked > 20, "only {checked} files compressed");
}

#[test]
fn no_precompress_writes_no_copies_and_rebuilds_are_identical() {
    let mut site = SiteBuilder::fixture("basic").create();
    site.build(&[]).assert_code(0);
    let first = site.output();
    site.build(&[]).assert_code(0);
    assert!(first == site.output(), "two builds differ");
    site.build(&["--no-precompress"]).assert_code(0);
    let plain = site.output();
    assert!(!plain
        .keys()
        .any(|k| k.ends_with(".gz") || k.ends_with(".br")));
    assert!(!site.run.stderr.contains("预压缩"), "{}", site.run.stderr);
    let is_copy = |k: &String| k.ends_with(".gz") || k.ends_with(".br");
    let without_copies: std::collections::BTreeMap<String, Vec<u8>> =
        first.into_iter().filter(|(k, _)| !is_copy(k)).collect();
    let differing: Vec<&String> = without_copies
        .keys()
        .chain(plain.keys())
        .filter(|k| without_copies.get(*k) != plain.get(*k))
        // the manifest lists every file written, copies included
        .filter(|k| !k.starts_with("gongkai-manifest"))
        .collect();
    assert!(
        differing.is_empty(),
        "the same files apart from the copies: {differing:?}"
    );
}

#[test]
fn every_page_has_a_favicon_that_exists_and_a_description() {
    let site = basic_site();
    let out = site.output();
    for url in site.html_pages() {
        let page = site.page(&url);
        let icons = select(&page, "link[rel=icon]");
        assert_eq!(icons.len(), 1, "{url}");
        let href = attr(icons[0], "href").unwrap();
        let file = href.trim_start_matches('/').split('?').next().unwrap();
        assert!(
            out.contains_key(file),
            "{url}: icon {href} is not in the output"
        );
        if select(&page, "meta[http-equiv=refresh]").is_empty() {
            let description = meta_name(&page, "description").unwrap_or_default();
            assert!(!description.trim().is_empty(), "{url}: no meta description");
        }
    }
}

#[test]
fn the_site_s_own_favicon_is_used_and_a_missing_or_remote_one_is_reported() {
    let own = SiteBuilder::new()
        .config(Some(&format!("{CONFIG}favicon: /img/emblem.png\n")))
        .file("static/img/emblem.png", GOV_MARK_PNG)
        .file(
            "content/a.md",
            doc("通知", "2024-01-02", None, "", "正文。"),
        )
        .build(&[]);
    own.run.assert_code(0);
    let page = own.page("/care/a/");
    let icon = one(&page, "link[rel=icon]");
    assert_eq!(attr(icon, "href"), Some("/img/emblem.png"));
    assert_eq!(attr(icon, "type"), Some("image/png"));

    let missing = SiteBuilder::new()
        .config(Some(&format!("{CONFIG}favicon: /img/none.png\n")))
        .file(
            "content/a.md",
            doc("通知", "2024-01-02", None, "", "正文。"),
        )
        .build(&[]);
    missing.run.assert_code(0);
    assert!(
        missing
            .run
            .warnings()
            .iter()
            .any(|w| w.contains("favicon（网站图标）") && w.contains("static/img/none.png")),
        "{}",
        missing.run.stderr
    );
    let page = missing.page("/a/");
    let icon = one(&page, "link[rel=icon]");
    assert!(attr(icon, "href")
        .unwrap()
        .starts_with("/static/img/favicon.svg?v="));

    let remote = SiteBuilder::new()
        .config(Some(&format!(
            "{CONFIG}favicon: https://old.host/favicon.ico\n"
        )))
        .file(
            "content/a.md",
            doc("通知", "2024-01-02", None, "", "正文。"),
        )
        .build(&[]);
    remote.run.assert_code(1);
    assert!(
        remote
            .run
            .errors()
            .iter()
            .any(|e| e.contains("favicon（网站图标）") && e.contains("网站不从其他网站加载内容")),
        "{}",
        remote.run.stderr
    );
}
