//! Issue 11: documents over time — validity with `--today`, 修改/废止/替代 both ways, scheduled
//! publishing, 公示截止, JSON-LD, Atom feeds, `catalog.json` and the 年报 tables from data.

use std::collections::BTreeSet;

use crate::common::*;

/// A site on the clock's move: a 规范性文件 valid until 2025-06-30, a later one amending it, one
/// repealing an older one, a 公示 closing on 2025-03-10 and a document dated 2025-12-05 09:00.
fn timeline() -> SiteBuilder {
    SiteBuilder::new()
        .section("zcwj", "政策文件", "")
        .file(
            "content/zcwj/banfa.md",
            doc(
                "示例市停车管理暂行办法",
                "2023-07-01",
                Some(&index_no(2023, 1)),
                "doc_no: 示政规〔2023〕1号\ngenre: 规范性文件\nvalidity: 有效\nvalidity_date: 2025-06-30\n",
                "正文。\n",
            ),
        )
        .file(
            "content/zcwj/xiugai.md",
            doc(
                "关于修改《示例市停车管理暂行办法》的决定",
                "2024-03-01",
                Some(&index_no(2024, 1)),
                "genre: 规范性文件\n修改: zcwj/banfa.md\n",
                "正文。\n",
            ),
        )
        .file(
            "content/zcwj/jiu.md",
            doc("示例市旧规定", "2020-01-10", Some(&index_no(2020, 1)), "validity: 有效\n", "正文。\n"),
        )
        .file(
            "content/zcwj/xin.md",
            doc(
                "示例市新规定",
                "2024-05-01",
                Some(&index_no(2024, 2)),
                &format!("replaces: \"{}\"\n", index_no(2020, 1)),
                "正文。\n",
            ),
        )
        .file(
            "content/zcwj/gongshi.md",
            doc("拟任职干部公示", "2025-03-01", Some(&index_no(2025, 1)), "公示截止: 2025-03-10\n", "公示内容。\n"),
        )
        .file(
            "content/zcwj/later.md",
            doc("明年的通知", "2025-12-05 09:00", Some(&index_no(2025, 2)), "attachments:\n  - {title: 附件, file: later.pdf}\n", "正文。\n"),
        )
        .file("content/zcwj/later.pdf", b"%PDF-1.4 later")
}

fn notices(site: &Site, url: &str) -> Vec<String> {
    select(&site.page(url), ".gk-notice")
        .into_iter()
        .map(text)
        .collect()
}

#[test]
fn validity_date_turns_a_document_expired_on_its_day() {
    let before = timeline().build(&["--today", "2025-06-29"]);
    before.run.assert_code(0);
    assert_eq!(
        meta_row(&before.page("/zcwj/banfa/"), "有效性").as_deref(),
        Some("有效")
    );
    let after = timeline().build(&["--today", "2025-06-30"]);
    after.run.assert_code(0);
    let html = after.page("/zcwj/banfa/");
    assert_eq!(meta_row(&html, "有效性").as_deref(), Some("失效"));
    assert!(notices(&after, "/zcwj/banfa/")
        .iter()
        .any(|n| n.contains("本文件已失效（2025年6月30日）")));
    let tags: Vec<String> = select(&after.page("/zcwj/"), ".gk-tag--invalid")
        .into_iter()
        .map(text)
        .collect();
    assert!(tags.contains(&"失效".to_string()), "{tags:?}");
}

#[test]
fn relations_show_on_both_pages_and_repeal_changes_validity() {
    let site = timeline().build(&["--today", "2025-01-01"]);
    site.run.assert_code(0);
    // The earlier documents: 已被《…》修改 / 替代 with a link; 替代 makes it 废止.
    let amended = notices(&site, "/zcwj/banfa/");
    assert!(
        amended.iter().any(|n| n.contains(
            "本文件已被《关于修改《示例市停车管理暂行办法》的决定》修改（2024年3月1日）"
        )),
        "{amended:?}"
    );
    let html = site.page("/zcwj/jiu/");
    let link = one(&html, ".gk-notice--replaced a");
    assert_eq!(link.value().attr("href"), Some("/zcwj/xin/"));
    assert_eq!(meta_row(&html, "有效性").as_deref(), Some("废止"));
    assert!(site
        .run
        .warnings()
        .iter()
        .any(|w| w.contains("jiu.md") && w.contains("有效性写为 “有效”")));
    // The later ones say what they change.
    let changes: Vec<String> = select(&site.page("/zcwj/xin/"), ".gk-related--changes")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(changes, vec!["本文件替代：《示例市旧规定》"]);
    // The 关怀版 shows the same notice, linking inside the 关怀版.
    let care = site.page("/care/zcwj/jiu/");
    assert_eq!(
        one(&care, ".gk-notice--replaced a").value().attr("href"),
        Some("/care/zcwj/xin/")
    );
    // 暂行 valid for two years is fine; the 规范性文件 check names the term otherwise.
    assert!(
        !site
            .run
            .warnings()
            .iter()
            .any(|w| w.contains("有效期一般不超过")),
        "{}",
        site.run.stderr
    );
}

#[test]
fn dangling_relations_and_cycles_are_located_errors_and_keep_public() {
    let site = SiteBuilder::new()
        .section("zcwj", "政策文件", "")
        .file(
            "content/zcwj/a.md",
            doc(
                "甲",
                "2024-01-01",
                Some(&index_no(2024, 1)),
                "amends: zcwj/b.md\n",
                "正文。\n",
            ),
        )
        .file(
            "content/zcwj/b.md",
            doc(
                "乙",
                "2024-02-01",
                Some(&index_no(2024, 2)),
                "repeals: zcwj/a.md\n",
                "正文。\n",
            ),
        )
        .file(
            "content/zcwj/c.md",
            doc(
                "丙",
                "2024-03-01",
                Some(&index_no(2024, 3)),
                "废止: 不存在的文件\n",
                "正文。\n",
            ),
        )
        .create();
    std::fs::create_dir_all(site.public()).unwrap();
    std::fs::write(site.public().join("keep.txt"), "old").unwrap();
    let run = build(site.root(), &[]);
    run.assert_code(1);
    let errors = run.errors();
    assert!(
        errors.iter().any(|e| e
            .starts_with("content/zcwj/c.md:6:5: 错误: repeals（废止）: 找不到被废止的文件")
            && e.contains("“不存在的文件”")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("成环") && e.contains("《甲》 → 《乙》 → 《甲》")),
        "{errors:?}"
    );
    assert_eq!(
        std::fs::read_to_string(site.public().join("keep.txt")).unwrap(),
        "old"
    );
}

#[test]
fn a_later_date_is_held_back_everywhere_until_its_time() {
    let site = timeline().build(&["--today", "2025-12-05"]);
    site.run.assert_code(0);
    assert!(!site.has_page("/zcwj/later/"));
    assert!(
        !site.public().join("zcwj/later.pdf").exists(),
        "attachment published early"
    );
    for file in [
        "sitemap.xml",
        "search/index.json",
        "atom.xml",
        "zcwj/atom.xml",
        "catalog.json",
    ] {
        let text = std::fs::read_to_string(site.public().join(file)).unwrap();
        assert!(
            !text.contains("明年的通知") && !text.contains("/zcwj/later/"),
            "{file}"
        );
    }
    assert!(
        site.run
            .stderr
            .contains("下一次变化：2025-12-05 09:00，1 篇待发布"),
        "{}",
        site.run.stderr
    );
    let due = timeline().build(&["--today", "2025-12-05 09:00"]);
    assert!(due.has_page("/zcwj/later/"));
    assert!(due.public().join("zcwj/later.pdf").exists());
    assert!(!due.run.stderr.contains("下一次变化"), "{}", due.run.stderr);
}

#[test]
fn a_notice_ends_on_its_expiry_day() {
    let open = timeline().build(&["--today", "2025-03-09"]);
    assert!(notices(&open, "/zcwj/gongshi/")
        .iter()
        .any(|n| n.contains("公示截止日期：2025年3月10日")));
    let closed = timeline().build(&["--today", "2025-03-10"]);
    assert!(notices(&closed, "/zcwj/gongshi/")
        .iter()
        .any(|n| n.contains("本公示已于 2025年3月10日 结束")));
    let tags: Vec<String> = select(&closed.page("/zcwj/"), ".gk-tag--state")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(tags, vec!["已结束"]);
}

#[test]
fn check_lists_what_falls_due_within_six_months() {
    let site = timeline().create();
    let run = gongkai([
        "check",
        "--root",
        site.root().to_str().unwrap(),
        "--today",
        "2025-01-15",
    ]);
    assert!(
        run.warnings()
            .iter()
            .any(|w| w.starts_with("content/zcwj/banfa.md:")
                && w.contains("清理：本文件将于 2025-06-30 失效（166 天后）")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("清理清单：6 个月内到期失效的文件 1 篇"));
    let early = gongkai([
        "check",
        "--root",
        site.root().to_str().unwrap(),
        "--today",
        "2024-12-01",
    ]);
    assert!(!early.stderr.contains("清理清单"), "{}", early.stderr);
    let bad = gongkai([
        "build",
        "--root",
        site.root().to_str().unwrap(),
        "--today",
        "2025-13-01",
    ]);
    bad.assert_code(1);
    assert!(
        bad.stderr.contains("--today 应为 YYYY-MM-DD"),
        "{}",
        bad.stderr
    );
}

/// The schema.org properties each type may use here (from schema.org/Legislation, /Article,
/// /GovernmentService and their parents CreativeWork, Service, Thing).
fn schema_properties(kind: &str) -> BTreeSet<&'static str> {
    let common = [
        "@context",
        "@type",
        "url",
        "inLanguage",
        "datePublished",
        "identifier",
        "description",
        "keywords",
        "about",
        "expires",
    ];
    let own: &[&str] = match kind {
        "Legislation" => &[
            "name",
            "legislationType",
            "legislationPassedBy",
            "legislationDate",
            "legislationLegalForce",
            "legislationIdentifier",
            "legislationChanges",
        ],
        "Article" => &["headline", "author", "publisher"],
        "GovernmentService" => &["name", "provider", "serviceType"],
        other => panic!("unexpected type {other}"),
    };
    common.iter().chain(own).copied().collect()
}

fn json_ld(html: &scraper::Html) -> serde_json::Value {
    let script = one(html, "script[type=\"application/ld+json\"]");
    serde_json::from_str(&script.inner_html()).expect("JSON-LD parses")
}

#[test]
fn document_pages_carry_json_ld_that_cannot_break_out() {
    let site = timeline()
        .file(
            "content/zcwj/x.md",
            doc(
                "标题</script><script>alert(1)</script>",
                "2024-01-02",
                Some(&index_no(2024, 9)),
                "",
                "正文。\n",
            ),
        )
        .build(&["--today", "2025-01-01"]);
    site.run.assert_code(0);
    let html = site.page("/zcwj/jiu/");
    let v = json_ld(&html);
    assert_eq!(v["@type"], "Legislation");
    assert_eq!(v["legislationLegalForce"], "https://schema.org/NotInForce");
    let banfa = json_ld(&site.page("/zcwj/banfa/"));
    assert_eq!(banfa["legislationIdentifier"], "示政规〔2023〕1号");
    assert_eq!(banfa["legislationPassedBy"]["name"], "示例市测试局");
    assert_eq!(banfa["legislationDate"], "2023-07-01");
    assert_eq!(banfa["legislationLegalForce"], "https://schema.org/InForce");
    let xin = json_ld(&site.page("/zcwj/xin/"));
    assert_eq!(xin["@type"], "Article");
    for v in [&v, &banfa, &xin] {
        let kind = v["@type"].as_str().unwrap();
        let allowed = schema_properties(kind);
        for key in v.as_object().unwrap().keys() {
            assert!(
                allowed.contains(key.as_str()),
                "{kind} has no property {key}"
            );
        }
    }
    let raw = site.raw("/zcwj/x/");
    assert_eq!(
        raw.matches("</script>").count(),
        raw.matches("<script").count()
    );
    let x = json_ld(&site.page("/zcwj/x/"));
    assert_eq!(x["headline"], "标题</script><script>alert(1)</script>");
}

#[test]
fn atom_feeds_are_valid_xml_with_the_right_entries_and_linked() {
    let site = timeline().build(&["--today", "2025-06-30"]);
    for (file, expected) in [("atom.xml", 5), ("zcwj/atom.xml", 5)] {
        let xml = std::fs::read_to_string(site.public().join(file)).unwrap();
        let mut reader = quick_xml::Reader::from_str(&xml);
        let (mut titles, mut depth, mut in_title, mut entries) = (Vec::new(), 0, false, 0);
        loop {
            match reader.read_event().expect("well-formed Atom") {
                quick_xml::events::Event::Start(e) => {
                    depth += 1;
                    if e.name().as_ref() == "entry" {
                        entries += 1;
                    }
                    in_title = e.name().as_ref() == "title" && depth == 3;
                }
                quick_xml::events::Event::Text(t) if in_title => titles.push(
                    t.xml_content(quick_xml::XmlVersion::Implicit1_0)
                        .into_owned(),
                ),
                quick_xml::events::Event::End(_) => {
                    depth -= 1;
                    in_title = false;
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(entries, expected, "{file}");
        assert_eq!(
            titles.first().map(String::as_str),
            Some("拟任职干部公示"),
            "{file}: newest first"
        );
        assert!(
            xml.contains("<dcterms:valid>失效</dcterms:valid>"),
            "{file}"
        );
    }
    let links: Vec<String> = select(
        &site.page("/zcwj/banfa/"),
        "link[rel=alternate][type=\"application/atom+xml\"]",
    )
    .into_iter()
    .map(|l| l.value().attr("href").unwrap().to_string())
    .collect();
    assert_eq!(links, vec!["/atom.xml", "/zcwj/atom.xml"]);
}

#[test]
fn catalog_json_round_trips_with_one_record_per_document() {
    let site = timeline().build(&["--today", "2025-06-30"]);
    let text = std::fs::read_to_string(site.public().join("catalog.json")).unwrap();
    let catalog: gongkai::lifecycle::catalog::Catalog = serde_json::from_str(&text).unwrap();
    assert_eq!(catalog.count, 5);
    assert_eq!(serde_json::to_string_pretty(&catalog).unwrap() + "\n", text);
    let banfa = catalog
        .records
        .iter()
        .find(|r| r.title == "示例市停车管理暂行办法")
        .unwrap();
    assert_eq!(banfa.index_no.as_deref(), Some(index_no(2023, 1).as_str()));
    assert_eq!(banfa.doc_no.as_deref(), Some("示政规〔2023〕1号"));
    assert_eq!(banfa.validity.as_deref(), Some("失效"));
    assert_eq!(banfa.validity_date.as_deref(), Some("2025-06-30"));
    assert!(banfa.url.ends_with("/zcwj/banfa/"), "{}", banfa.url);
}
