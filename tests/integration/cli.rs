//! `gongkai init` and `gongkai new`.

use std::ffi::OsStr;
use std::path::Path;

use crate::common::*;

/// Today in China Standard Time, as `YYYY-MM-DD`.
fn today_cst() -> String {
    jiff::tz::Offset::constant(8)
        .to_datetime(jiff::Timestamp::now())
        .date()
        .to_string()
}

fn init(dir: &Path) -> Run {
    gongkai([OsStr::new("init"), dir.as_os_str()])
}

fn new_doc(root: &Path, rel: &str) -> Run {
    gongkai([
        OsStr::new("new"),
        OsStr::new(rel),
        OsStr::new("--root"),
        root.as_os_str(),
    ])
}

/// The front matter of a Markdown file.
fn read_front_matter(path: &Path) -> std::collections::BTreeMap<String, serde_yaml::Value> {
    front_matter(path)
}

#[test]
fn init_creates_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    init(&dir).assert_code(0);
    assert!(dir.join("config.yaml").is_file());
    let run = build(&dir, &[]);
    run.assert_code(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    let public = dir.join("public");
    assert!(public.join("index.html").is_file());
    assert!(public.join("care/index.html").is_file());
    assert!(public.join("xxgk/qiyong-tongzhi/index.html").is_file());

    // A second init into the same (now non-empty) folder is refused.
    let again = init(&dir);
    again.assert_code(1);
    assert!(again.stderr.contains("不为空"), "{}", again.stderr);
}

#[test]
fn init_site_builds_and_asks_only_for_what_to_fill_in() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    init(&dir).assert_code(0);
    let run = build(&dir, &[]);
    run.assert_code(0);
    // The content of a new site is clean; only what the webmaster must fill in (the 示例 values
    // of the footer items of A10 and of the example document's 发布机构, the 党政机关网站标识
    // image) is asked for, each at its line.
    assert!(!run.warnings().is_empty());
    for line in run.warnings() {
        let file = line.split(':').next().unwrap_or_default();
        let line_no = line.split(':').nth(1).unwrap_or_default();
        assert!(
            ["config.yaml", "content/xxgk/qiyong-tongzhi.md"].contains(&file)
                && line_no.parse::<usize>().is_ok_and(|n| n > 0),
            "{line}"
        );
        assert!(
            line.contains("示例值") || line.contains("dzjg.png"),
            "{line}"
        );
    }
    // 网站地图 in the footer is the /sitemap/ page (in both renditions), not the raw XML file.
    for (page, sitemap) in [("/", "/sitemap/"), ("/care/", "/care/sitemap/")] {
        let html = scraper::Html::parse_document(
            &std::fs::read_to_string(url_file(&dir.join("public"), page)).unwrap(),
        );
        let footer: Vec<(String, String)> = select(&html, "a.gk-footer__link")
            .into_iter()
            .map(|a| (text(a), attr(a, "href").unwrap_or_default().to_string()))
            .collect();
        assert!(
            footer.contains(&("网站地图".to_string(), sitemap.to_string())),
            "{page}: {footer:?}"
        );
    }
}

#[test]
fn new_fills_in_date_issuer_and_next_index_no() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    init(&dir).assert_code(0);
    let before = today_cst();
    new_doc(&dir, "content/xxgk/x.md").assert_code(0);
    let after = today_cst();
    let file = dir.join("content/xxgk/x.md");
    let fm = read_front_matter(&file);
    let date = fm_str(&fm, "date").expect("date");
    assert!(
        date.starts_with(&before) || date.starts_with(&after),
        "date {date} is today ({before}) in +08:00"
    );
    assert!(date.ends_with("+08:00"), "{date}");
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例县人民政府办公室")
    );
    let year = &date[..4];
    // init's own document is serial 00001 of this year.
    assert_eq!(
        fm_str(&fm, "index_no"),
        Some(format!("11110000123456788X/{year}-00002"))
    );
    assert!(fm_str(&fm, "title").is_some());
    // The new document builds.
    let run = build(&dir, &[]);
    run.assert_code(0);
    assert!(dir.join("public/xxgk/x/index.html").is_file());
    // It is never overwritten.
    let run = new_doc(&dir, "content/xxgk/x.md");
    run.assert_code(1);
    assert!(run.stderr.contains("已存在"), "{}", run.stderr);
}

#[test]
fn new_takes_the_next_free_serial_of_this_year() {
    let year: u16 = today_cst()[..4].parse().unwrap();
    let site = SiteBuilder::new()
        .section("xxgk", "信息公开", "")
        .file(
            "content/xxgk/a.md",
            doc(
                "甲",
                &format!("{year}-01-02"),
                Some(&index_no(year, 3)),
                "",
                "正文。\n",
            ),
        )
        .file(
            "content/xxgk/b.md",
            doc(
                "乙",
                &format!("{year}-01-03"),
                Some(&index_no(year, 10)),
                "",
                "正文。\n",
            ),
        )
        .file(
            "content/xxgk/c.md",
            doc(
                "丙",
                "2020-01-03",
                Some(&index_no(2020, 99)),
                "",
                "正文。\n",
            ),
        )
        .create();
    new_doc(site.root(), "content/xxgk/d.md").assert_code(0);
    let fm = read_front_matter(&site.root().join("content/xxgk/d.md"));
    assert_eq!(fm_str(&fm, "index_no"), Some(index_no(year, 11)));
    assert_eq!(fm_str(&fm, "issuer").as_deref(), Some("示例市测试局"));
}

#[test]
fn new_outside_content_is_refused() {
    let site = SiteBuilder::new().create();
    let run = new_doc(site.root(), "notes/x.md");
    run.assert_code(1);
    assert!(run.stderr.contains("content/"), "{}", run.stderr);
    assert!(!site.root().join("notes/x.md").exists());
}

#[test]
fn init_lists_the_known_index_no_schemes_with_the_pattern_commented_out() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    init(&dir).assert_code(0);
    let config = std::fs::read_to_string(dir.join("config.yaml")).unwrap();
    assert!(config.contains("\n# index_no_pattern: '"), "{config}");
    assert!(!config.contains("\nindex_no_pattern:"), "{config}");
    for scheme in [
        "11371500004428004U/2021-4385168",
        "000014349/2019-00004",
        "01527918X-2020-153077",
        "20191202-189769",
        "XX00101-1700-2023-00075",
    ] {
        assert!(config.contains(scheme), "{scheme} listed");
    }
}

#[test]
fn new_numbers_after_a_prefix_ending_in_a_separator() {
    let year: u16 = today_cst()[..4].parse().unwrap();
    let config = CONFIG.replace(
        "index_no_prefix: 11110000123456788X",
        "index_no_prefix: XX00101-1700-",
    );
    let site = SiteBuilder::new()
        .config(Some(&config))
        .section("xxgk", "信息公开", "")
        .file(
            "content/xxgk/a.md",
            doc(
                "甲",
                &format!("{year}-01-02"),
                Some(&format!("XX00101-1700-{year}-00075")),
                "",
                "正文。\n",
            ),
        )
        .create();
    new_doc(site.root(), "content/xxgk/b.md").assert_code(0);
    let fm = read_front_matter(&site.root().join("content/xxgk/b.md"));
    assert_eq!(
        fm_str(&fm, "index_no"),
        Some(format!("XX00101-1700-{year}-00076"))
    );
}
