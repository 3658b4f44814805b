//! The 关怀版 rendition under `/care/`: every page twice, switch links, canonical, links that
//! stay in the rendition.

use crate::common::*;

/// Whether a URL path names a file (an asset or attachment) rather than a page.
fn is_file_link(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    path.starts_with("/static/") || last.contains('.')
}

#[test]
fn every_page_exists_in_both_renditions() {
    for site in [reports_site(), basic_site()] {
        let pages = site.html_pages();
        let (care, standard): (Vec<&String>, Vec<&String>) =
            pages.iter().partition(|p| p.starts_with("/care/"));
        assert!(!standard.is_empty());
        assert_eq!(care.len(), standard.len());
        for p in standard {
            assert!(site.has_page(&format!("/care{p}")), "/care{p} missing");
        }
        for p in care {
            assert!(
                site.has_page(&p["/care".len()..]),
                "{p} has no standard twin"
            );
        }
    }
}

#[test]
fn renditions_link_to_each_other_and_share_the_canonical_url() {
    for site in [reports_site(), basic_site()] {
        let base = if std::ptr::eq(site, basic_site()) {
            "https://example.gov.cn/"
        } else {
            BASE_URL
        };
        for p in site.html_pages() {
            if p.starts_with("/care/") || p.ends_with("404.html") {
                continue;
            }
            let care_url = format!("/care{p}");
            let std_html = site.page(&p);
            let care_html = site.page(&care_url);
            assert!(
                hrefs(&std_html).contains(&care_url),
                "{p} links its 关怀版 {care_url}"
            );
            assert!(
                hrefs(&care_html).contains(&p),
                "{care_url} links the standard {p}"
            );
            let expected = format!("{base}{}", &p[1..]);
            assert_eq!(canonical(&std_html), expected, "{p}");
            assert_eq!(canonical(&care_html), expected, "{care_url} → standard URL");
            assert!(
                one(&care_html, "html")
                    .value()
                    .attr("class")
                    .unwrap_or_default()
                    .contains("gk-care"),
                "{care_url} is marked as the care rendition"
            );
        }
    }
}

#[test]
fn internal_page_links_in_care_pages_stay_under_care() {
    for site in [reports_site(), basic_site()] {
        let pages = site.html_pages();
        let care_pages: Vec<&String> = pages.iter().filter(|p| p.starts_with("/care/")).collect();
        // Without 关怀版 pages there would be nothing to check: they are half the site.
        assert_eq!(
            care_pages.len() * 2,
            pages.len(),
            "{}: as many 关怀版 pages as standard ones",
            site.root().display()
        );
        let mut bad = Vec::new();
        for p in care_pages {
            let standard = &p["/care".len()..];
            let html = site.page(p);
            let mut kept = 0;
            for href in hrefs(&html) {
                if !href.starts_with('/') || href.starts_with("//") {
                    continue;
                }
                let path = href.split(['#', '?']).next().unwrap();
                if path.starts_with("/care/") {
                    kept += 1;
                } else if !is_file_link(path) && path != standard {
                    bad.push(format!("{p} → {href}"));
                }
            }
            // Every page has its navigation: a page with no link in the rendition checks nothing.
            assert!(kept > 0, "{p} has no site link under /care/");
        }
        assert!(
            bad.is_empty(),
            "care pages leaving /care/:\n{}",
            bad.join("\n")
        );
    }
}

#[test]
fn attachments_are_shared_between_renditions() {
    let site = basic_site();
    for url in ["/tzgg/fujian-tongzhi/", "/care/tzgg/fujian-tongzhi/"] {
        let html = site.page(url);
        let links: Vec<&str> = select(&html, "a.gk-attachments__link")
            .into_iter()
            .filter_map(|a| attr(a, "href"))
            .collect();
        assert_eq!(links, ["/tzgg/notice.txt"], "{url}");
    }
    assert!(site.public().join("tzgg/notice.txt").is_file());
}

#[test]
fn footer_links_to_site_pages_point_into_the_care_rendition() {
    let config = CONFIG.replace(
        "- {title: 联系我们, url: /}\n",
        "- {title: 联系我们, url: \"/s/#lxfs\"}\n- {title: 首页, url: /}\n\
         - {title: 网站地图页, url: \"/sitemap/?from=footer\"}\n- {title: 他站, url: //cdn.example.org/a/}\n",
    );
    let site = one_document_site(&config);
    site.run.assert_code(0);
    let footer = |url: &str| -> Vec<String> {
        select(&site.page(url), "a.gk-footer__link")
            .into_iter()
            .filter_map(|a| attr(a, "href").map(str::to_string))
            .collect()
    };
    assert_eq!(
        footer("/care/s/a/"),
        [
            "/sitemap.xml",
            "/care/s/#lxfs",
            "/care/",
            "/care/sitemap/?from=footer",
            "//cdn.example.org/a/",
            "https://example.gov.cn/zhaocuo/",
        ]
    );
    assert_eq!(
        footer("/s/a/"),
        [
            "/sitemap.xml",
            "/s/#lxfs",
            "/",
            "/sitemap/?from=footer",
            "//cdn.example.org/a/",
            "https://example.gov.cn/zhaocuo/",
        ]
    );
}
