//! Broken documents (`tests/fixtures/invalid`): exit code, the exact `file:line:col: 错误: field:`
//! prefix of each error, warnings, and all errors reported together.

use crate::common::*;

/// A site with one invalid fixture beside a valid document, in section `s`.
fn site_with(files: &[&str]) -> SiteBuilder {
    let mut b = SiteBuilder::new().section("s", "测试栏目", "").file(
        "content/s/valid.md",
        doc(
            "有效文档",
            "2021-01-05",
            Some(&index_no(2021, 1)),
            "",
            "正文。\n",
        ),
    );
    for f in files {
        b = b.copy(
            &format!("content/s/{f}"),
            &fixtures().join("invalid").join(f),
        );
    }
    b
}

/// (file, expected start of the error line, text the message must contain).
///
/// Positions are those of `tests/fixtures/invalid/README.md`; for `invalid-yaml.md` gongkai
/// reports where the unclosed quote opens (4:9) and names the field.
const CASES: &[(&str, &str, &str)] = &[
    (
        "no-front-matter.md",
        "content/s/no-front-matter.md:1:1: 错误: ",
        "front matter",
    ),
    (
        "unclosed-front-matter.md",
        "content/s/unclosed-front-matter.md:1:1: 错误: ",
        "没有结束",
    ),
    (
        "invalid-yaml.md",
        "content/s/invalid-yaml.md:4:9: 错误: issuer（发布机构）: ",
        "引号没有闭合",
    ),
    (
        "missing-title.md",
        "content/s/missing-title.md:1:1: 错误: title（标题）: ",
        "缺少必填字段",
    ),
    (
        "missing-issuer.md",
        "content/s/missing-issuer.md:1:1: 错误: issuer（发布机构）: ",
        "缺少必填字段",
    ),
    (
        "missing-date.md",
        "content/s/missing-date.md:1:1: 错误: date（发布日期）: ",
        "缺少必填字段",
    ),
    (
        "bad-date.md",
        "content/s/bad-date.md:4:7: 错误: date（发布日期）: ",
        "2021-13-45",
    ),
    (
        "list-for-string.md",
        "content/s/list-for-string.md:3:9: 错误: issuer（发布机构）: ",
        "列表",
    ),
    ("gbk.md", "content/s/gbk.md:2:9: 错误: ", "GBK"),
    ("empty.md", "content/s/empty.md:1:1: 错误: ", "空"),
];

#[test]
fn each_invalid_fixture_fails_with_its_exact_position() {
    let mut failures = Vec::new();
    for (file, prefix, needle) in CASES {
        let site = site_with(&[file]).build(&[]);
        let run = &site.run;
        let errors = run.errors();
        let ok = run.code == 1
            && errors.len() == 1
            && errors[0].starts_with(prefix)
            && errors[0].contains(needle)
            && !site.public().exists();
        if !ok {
            failures.push(format!(
                "{file}: exit {}, expected one error starting `{prefix}` containing `{needle}`\n{}",
                run.code, run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn gbk_error_says_the_file_is_not_utf8() {
    let site = site_with(&["gbk.md"]).build(&[]);
    let e = site.run.errors()[0].to_string();
    assert!(e.contains("UTF-8") && e.contains("GBK"), "{e}");
}

#[test]
fn bom_and_crlf_build_exactly_like_lf_without_bom() {
    let original = std::fs::read(fixtures().join("invalid/bom-crlf.md")).unwrap();
    assert!(
        original.starts_with(b"\xEF\xBB\xBF---\r\n"),
        "fixture starts with BOM + CRLF"
    );
    let site = site_with(&["bom-crlf.md"]).build(&[]);
    site.run.assert_code(0);
    assert!(site.run.errors().is_empty());
    let html = site.page("/s/bom-crlf/");
    assert_eq!(text(one(&html, "h1")), "示例市示例局关于做好安全工作的通知");

    let lf = String::from_utf8(original[3..].to_vec())
        .unwrap()
        .replace("\r\n", "\n");
    let plain = site_with(&[]).file("content/s/bom-crlf.md", lf).build(&[]);
    plain.run.assert_code(0);
    // The publication records of the two sites differ only in the time each was built.
    let without_record = |s: &Site| {
        let mut files = s.output();
        files.remove("publication-record.jsonl");
        files.remove("gongkai-manifest.sha256");
        files
    };
    assert_eq!(
        without_record(&site),
        without_record(&plain),
        "same output as the LF, no-BOM file"
    );
    assert_eq!(
        site.run.warnings(),
        plain.run.warnings(),
        "same warnings, same positions"
    );
}

#[test]
fn unknown_key_builds_with_a_did_you_mean_warning() {
    let site = site_with(&["unknown-key.md"]).build(&[]);
    site.run.assert_code(0);
    assert!(site.run.errors().is_empty(), "{}", site.run.stderr);
    let w: Vec<&str> = site
        .run
        .warnings()
        .into_iter()
        .filter(|l| l.contains("isuer"))
        .collect();
    assert_eq!(w.len(), 1, "{}", site.run.stderr);
    assert!(
        w[0].starts_with("content/s/unknown-key.md:4:1: 警告: "),
        "{}",
        w[0]
    );
    assert!(w[0].contains("是否想写 issuer（发布机构）"), "{}", w[0]);
    assert!(site.has_page("/s/unknown-key/"));
}

#[test]
fn duplicate_index_no_fails_naming_both_files() {
    let site = site_with(&["duplicate-index-a.md", "duplicate-index-b.md"]).build(&[]);
    site.run.assert_code(1);
    let errors = site.run.errors();
    assert_eq!(errors.len(), 1, "{}", site.run.stderr);
    let e = errors[0];
    assert!(
        e.starts_with("content/s/duplicate-index-b.md:3:11: 错误: index_no（索引号）: "),
        "{e}"
    );
    assert!(
        e.contains("content/s/duplicate-index-a.md"),
        "names the other file: {e}"
    );
    assert!(e.contains("11110000123456788X/2021-00099"), "{e}");

    // Each file on its own is valid.
    for f in ["duplicate-index-a.md", "duplicate-index-b.md"] {
        let site = site_with(&[f]).build(&[]);
        site.run.assert_code(0);
        assert!(site.run.warnings().is_empty(), "{f}: {}", site.run.stderr);
    }
}

#[test]
fn all_errors_of_a_site_are_reported_together() {
    let site = site_with(&["bad-date.md", "list-for-string.md", "missing-title.md"]).build(&[]);
    site.run.assert_code(1);
    let errors = site.run.errors();
    assert_eq!(errors.len(), 3, "{}", site.run.stderr);
    for (e, file) in errors
        .iter()
        .zip(["bad-date.md", "list-for-string.md", "missing-title.md"])
    {
        assert!(e.starts_with(&format!("content/s/{file}:")), "{e}");
    }
    assert!(site.run.stderr.contains("3 个错误"), "{}", site.run.stderr);
}

#[test]
fn missing_fields_are_reported_one_per_field() {
    let site = SiteBuilder::new()
        .file("content/a.md", "---\nsummary: 只有概述\n---\n\n正文。\n")
        .build(&[]);
    site.run.assert_code(1);
    let errors = site.run.errors();
    assert_eq!(errors.len(), 3, "{}", site.run.stderr);
    for key in ["title（标题）", "issuer（发布机构）", "date（发布日期）"] {
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("content/a.md:1:1: 错误: ") && e.contains(key)),
            "{key}: {}",
            site.run.stderr
        );
    }
}

/// Builds the basic fixture with `page.html` replaced; returns its single error line.
fn only_error_with_page_template(template: &str) -> (String, Site) {
    let site = SiteBuilder::fixture("basic")
        .file("themes/gov/templates/page.html", template)
        .build(&[]);
    site.run.assert_code(1);
    let errors = site.run.errors();
    assert_eq!(
        errors.len(),
        1,
        "one error for all pages: {}",
        site.run.stderr
    );
    (errors[0].to_string(), site)
}

#[test]
fn broken_template_is_reported_once_with_its_file_and_line() {
    let (syntax, _) = only_error_with_page_template(
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n",
    );
    assert!(
        syntax.starts_with("themes/gov/templates/page.html:3:19: 错误: "),
        "{syntax}"
    );

    let (undefined, site) = only_error_with_page_template(
        "{% extends \"base.html\" %}\n{% block main %}\n\n<h1>{{ page.nosuch.x }}</h1>\n{% endblock main %}\n",
    );
    assert!(
        undefined.starts_with("themes/gov/templates/page.html:4:13: 错误: "),
        "{undefined}"
    );
    assert!(
        undefined.contains("nosuch") && undefined.contains("影响 12 个页面"),
        "{undefined}"
    );
    assert!(!site.public().exists());
}

#[test]
fn missing_attachment_file_is_an_error_at_its_item() {
    let text = doc(
        "附件缺失的通知",
        "2021-03-01",
        Some(&index_no(2021, 7)),
        "attachments:\n  - {title: 附件1, file: missing.pdf}\n",
        "正文。\n",
    );
    let site = SiteBuilder::new()
        .section("s", "栏目", "")
        .file("content/s/a.md", text)
        .build(&[]);
    site.run.assert_code(1);
    let errors = site.run.errors();
    assert_eq!(errors.len(), 1, "{}", site.run.stderr);
    assert!(
        errors[0].starts_with("content/s/a.md:7:5: 错误: attachments（附件）: "),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("missing.pdf"), "{}", errors[0]);
}

#[test]
fn chinese_numeral_dates_build_and_an_impossible_one_is_located() {
    let text = doc(
        "中文日期的通知",
        "二〇二一年一月十九日",
        Some(&index_no(2021, 3)),
        "written_on: 二○二一年一月十八日\n",
        "正文。\n",
    );
    let site = site_with(&[]).file("content/s/cn.md", text).build(&[]);
    site.run.assert_code(0);
    assert!(site.run.warnings().is_empty(), "{}", site.run.stderr);
    let html = site.raw("/s/cn/");
    assert!(html.contains("2021-01-19"), "发布日期 shown");
    assert!(html.contains("2021年1月18日"), "成文日期 shown");

    let bad = doc("日期无效", "二〇二一年十三月一日", None, "", "正文。\n");
    let site = site_with(&[]).file("content/s/bad.md", bad).build(&[]);
    site.run.assert_code(1);
    let errors = site.run.errors();
    assert_eq!(errors.len(), 1, "{}", site.run.stderr);
    assert!(
        errors[0].starts_with("content/s/bad.md:4:7: 错误: date（发布日期）: "),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("月份 13 不存在"), "{}", errors[0]);
}
