//! 政策解读: `interprets` links both ways in both renditions; a link to nothing is an error.

use super::*;

// ---------------------------------------------------------------------------------------------
// 政策解读

fn interpretation_site(dangling: bool) -> Site {
    let a = index_no(2024, 1);
    let mut b = SiteBuilder::new()
        .section("zcwj", "政策文件", "needs_interpretation: true\n")
        .section("zcjd", "政策解读", "")
        .file(
            "content/zcwj/a.md",
            doc("文件甲", "2024-05-01", Some(&a), "", "正文。\n"),
        )
        .file(
            "content/zcwj/b.md",
            doc(
                "文件乙",
                "2024-05-02",
                Some(&index_no(2024, 2)),
                "",
                "正文。\n",
            ),
        )
        .file(
            "content/zcwj/c.md",
            doc(
                "文件丙",
                "2024-05-03",
                Some(&index_no(2024, 3)),
                "",
                "正文。\n",
            ),
        )
        .file(
            "content/zcjd/ja.md",
            doc(
                "《文件甲》解读",
                "2024-05-04",
                Some(&index_no(2024, 4)),
                &format!("interprets: \"{a}\"\n"),
                "解读正文。\n",
            ),
        )
        .file(
            "content/zcjd/jc.md",
            doc(
                "《文件丙》图解",
                "2024-05-05",
                Some(&index_no(2024, 5)),
                "解读对象: zcwj/c.md\n",
                "图解正文。\n",
            ),
        );
    if dangling {
        b = b.file(
            "content/zcjd/jx.md",
            doc(
                "无对象的解读",
                "2024-05-06",
                Some(&index_no(2024, 6)),
                "interprets: zcwj/nowhere.md\n",
                "正文。\n",
            ),
        );
    }
    b.create()
}

/// The (text, href) of the 原文 and 相关解读 links of a page.
fn related(page: &Html) -> Vec<(String, String)> {
    let link = Selector::parse(".gk-related__link").unwrap();
    page.select(&link)
        .map(|l| {
            let href = l.value().attr("href").unwrap_or_default();
            (l.text().collect(), href.to_string())
        })
        .collect()
}

#[test]
fn interpretations_link_both_ways_in_both_renditions() {
    let mut site = interpretation_site(false);
    site.build(&[]).assert_code(0);
    for prefix in ["", "/care"] {
        let links = related(&site.page(&format!("{prefix}/zcwj/a/")));
        assert_eq!(
            links,
            vec![("《文件甲》解读".to_string(), format!("{prefix}/zcjd/ja/"))]
        );
        // 相关解读 comes after the body.
        let raw = site.raw(&format!("{prefix}/zcwj/a/"));
        assert!(raw.find("gk-body").unwrap() < raw.find("相关解读").unwrap());
        let links = related(&site.page(&format!("{prefix}/zcjd/ja/")));
        assert_eq!(
            links,
            vec![("文件甲".to_string(), format!("{prefix}/zcwj/a/"))]
        );
        assert!(site.raw(&format!("{prefix}/zcjd/ja/")).contains("原文："));
        // A 文件 without 解读 shows no such section.
        assert!(!site.raw(&format!("{prefix}/zcwj/b/")).contains("相关解读"));
    }
    let run = check_with(site.root(), &["--today", "2024-05-07", "--format", "json"]);
    run.assert_code(0);
    assert_eq!(
        lines_of(&run, "政策解读"),
        vec!["content/zcwj/b.md: 警告: 政策解读：栏目 “政策文件” 要求配发解读（needs_interpretation: true），本文件还没有解读：应在解读文档的 front matter 中写 “interprets: 11110000123456788X/2024-00002”"]
    );
    let json = json_of(&run);
    assert_eq!(json["interpretation"]["documents"], 3);
    assert_eq!(json["interpretation"]["interpreted"], 2);
    assert_eq!(json["interpretation"]["percent"], 66);
    assert_eq!(json["interpretation"]["links"], 2);
}

#[test]
fn an_interpretation_of_nothing_is_an_error_in_build_and_check() {
    let site = interpretation_site(true);
    let expected = "content/zcjd/jx.md:6:13: 错误: interprets（解读对象）: 找不到被解读的文件：应为本站文档的索引号或 content/ 下的路径（如 xxgk/zcwj/a.md），实际为 “zcwj/nowhere.md”";
    let run = check_with(site.root(), &["--today", "2024-05-07"]);
    run.assert_code(1);
    assert_eq!(run.errors(), vec![expected]);
    let run = build(site.root(), &[]);
    run.assert_code(1);
    assert_eq!(run.errors(), vec![expected]);
}
