//! The 年报 from data: the tables in the fixed layout of 国办公开办函〔2021〕30号, sums and counts
//! checked with located errors, a missing report for last year warned about in January.

use crate::common::*;

/// The 沭阳 2023 年报 of the fixtures, its Markdown tables replaced by the data of
/// `tests/fixtures/annual_report/shuyang-2023.yaml` (with `edit` applied to the data).
fn annual_report_site(edit: &dyn Fn(String) -> String) -> SiteBuilder {
    let md =
        std::fs::read_to_string(fixtures().join("reports/shuyang-fagaiju-2024-01-17.md")).unwrap();
    let md: String = md
        .lines()
        .filter(|l| !l.starts_with('|'))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .replacen("---\n", "---\nannual_report: shuyang-2023.yaml\n", 1);
    let data = std::fs::read_to_string(fixtures().join("annual_report/shuyang-2023.yaml")).unwrap();
    SiteBuilder::new()
        .section("nb", "政府信息公开年报", "")
        .file("content/nb/shuyang.md", md)
        .file("content/nb/shuyang-2023.yaml", edit(data))
}

#[test]
fn the_annual_report_tables_render_in_the_fixed_layout() {
    let site = annual_report_site(&|d| d).build(&["--today", "2024-06-01"]);
    site.run.assert_code(0);
    for url in ["/nb/shuyang/", "/care/nb/shuyang/"] {
        let html = site.page(url);
        let captions: Vec<String> = select(&html, ".gk-annual caption")
            .into_iter()
            .map(text)
            .collect();
        assert_eq!(
            captions,
            vec![
                "主动公开政府信息情况",
                "收到和处理政府信息公开申请情况",
                "政府信息公开行政复议、行政诉讼情况"
            ]
        );
        let rows = select(&html, "#gk-annual-3 tbody tr");
        assert_eq!(rows.len(), 25);
        let new = select_in(rows[0], "td")
            .into_iter()
            .map(text)
            .collect::<Vec<_>>();
        assert_eq!(new, vec!["26", "0", "0", "0", "0", "0", "26"]);
        let reviews = select(&html, "#gk-annual-4 tbody td")
            .into_iter()
            .map(text)
            .collect::<Vec<_>>();
        assert_eq!(reviews.len(), 15);
        assert_eq!(reviews[3..5], ["1".to_string(), "1".to_string()]);
        // Table 二 stands right after its heading.
        let h = select(
            &html,
            ".gk-body h2, .gk-body h3, .gk-body .gk-annual caption",
        )
        .into_iter()
        .map(text)
        .collect::<Vec<_>>();
        let at = h
            .iter()
            .position(|t| t.contains("二、主动公开政府信息情况"))
            .unwrap();
        assert_eq!(h[at + 1], "主动公开政府信息情况");
    }
    // The site has none of the 8 规范性文件 the report counts: a warning at the number. 现行有效
    // counts the documents of every year still in force at the end of 2023, and says so.
    for (label, scope, typed) in [
        ("本年制发件数", "本站2023年由沭阳县发展和改革局发布、", 8),
        (
            "现行有效件数",
            "本站截至2023年底由沭阳县发展和改革局发布、现行有效、",
            18,
        ),
    ] {
        assert!(
            site.run.warnings().iter().any(|w| w
                .starts_with("content/nb/shuyang-2023.yaml:6:3: 警告")
                && w.contains(&format!(
                    "的{label}：{scope}体裁为规范性文件的文档有 0 篇，实际填写 {typed}"
                ))),
            "{label}: {}",
            site.run.stderr
        );
    }
}

#[test]
fn sums_that_do_not_add_up_and_bad_counts_are_located_errors() {
    let planted = annual_report_site(&|d| {
        d.replace(
            "予以公开: [26, 0, 0, 0, 0, 0, 26]",
            "予以公开: [25, 0, 0, 0, 0, 0, 26]",
        )
        .replace("行政复议: [0, 0, 0, 1, 1]", "行政复议: [0, 0, 0, 1, 2]")
        .replace("行政许可: 0", "行政许可: -1")
        .replace("行政处罚: 0", "行政处罚: 1.5")
    })
    .build(&["--today", "2024-06-01"]);
    planted.run.assert_code(1);
    let errors = planted.run.errors();
    let has = |prefix: &str, text: &str| {
        errors
            .iter()
            .any(|e| e.starts_with(prefix) && e.contains(text))
    };
    assert!(
        has(
            "content/nb/shuyang-2023.yaml:15:3: 错误",
            "（一）予以公开” 行：总计应为各类申请人之和 25，实际为 26"
        ),
        "{errors:?}"
    );
    assert!(
        has(
            "content/nb/shuyang-2023.yaml:",
            "“（七）总计” 行 “自然人” 列：应为（一）至（六）之和 25，实际为 26"
        ),
        "{errors:?}"
    );
    assert!(
        has(
            "content/nb/shuyang-2023.yaml:24:3: 错误",
            "表四 “行政复议”：总计应为结果维持、结果纠正、其他结果、尚未审结之和 1，实际为 2"
        ),
        "{errors:?}"
    );
    assert!(
        has(
            "content/nb/shuyang-2023.yaml:7:3: 错误",
            "应为非负整数，实际为 “-1”"
        ),
        "{errors:?}"
    );
    assert!(
        has(
            "content/nb/shuyang-2023.yaml:8:3: 错误",
            "应为非负整数，实际为 “1.5”"
        ),
        "{errors:?}"
    );
    let identity = annual_report_site(&|d| {
        d.replace(
            "结转下年: [0, 0, 0, 0, 0, 0, 0]",
            "结转下年: [1, 0, 0, 0, 0, 0, 1]",
        )
    })
    .build(&["--today", "2024-06-01"]);
    assert!(
        identity
            .run
            .errors()
            .iter()
            .any(|e| e.contains("第一项加第二项（26）应等于第三项加第四项（27）")),
        "{}",
        identity.run.stderr
    );
}

#[test]
fn a_missing_report_for_last_year_is_a_warning_in_january() {
    let site = annual_report_site(&|d| d).create();
    let january = build(site.root(), &["--today", "2025-01-20"]);
    assert!(
        january
            .warnings()
            .iter()
            .any(|w| w.contains("2024年度政府信息公开工作年度报告尚未发布")),
        "{}",
        january.stderr
    );
    let covered = build(site.root(), &["--today", "2024-01-20"]);
    assert!(
        !covered.stderr.contains("年度报告尚未发布"),
        "{}",
        covered.stderr
    );
    let summer = build(site.root(), &["--today", "2025-06-01"]);
    assert!(!summer.stderr.contains("年度报告尚未发布"));
}
