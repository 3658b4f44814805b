//! 索引号 schemes as a new user meets them: a regional scheme builds with the default config and a
//! pattern to declare, the year of publication gives no warning, an implausible value fails the
//! build saying what was expected.

use crate::common::*;

/// The 索引号 warnings and errors of a run.
fn index_no_lines(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.contains("index_no（索引号）"))
        .collect()
}

#[test]
fn regional_index_no_builds_with_the_default_config_and_a_pattern_to_declare() {
    let regional = doc(
        "平潭式索引号",
        "2023-03-01",
        Some("XX00101-1700-2023-00075"),
        "",
        "正文。\n",
    );
    let mut site = SiteBuilder::new()
        .section("xxgk", "信息公开", "")
        .file("content/xxgk/a.md", &regional)
        .build(&[]);
    site.run.assert_code(0);
    let suggested = r"^[A-Z]{2}\d{5}-\d{4}-\d{4}-\d{5}$";
    let lines = index_no_lines(&site.run);
    assert_eq!(lines.len(), 1, "{}", site.run.stderr);
    assert!(
        lines[0].starts_with("content/xxgk/a.md:3:11: 警告: index_no（索引号）: "),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("“XX00101-1700-2023-00075”")
            && lines[0].contains(&format!("index_no_pattern: '{suggested}'")),
        "{}",
        lines[0]
    );
    assert!(site.has_page("/xxgk/a/"));

    // Declared as suggested, the warning is gone; a 索引号 of another scheme is now an error.
    let config = format!("{CONFIG}index_no_pattern: '{suggested}'\n");
    site.write("config.yaml", &config);
    site.build(&[]).assert_code(0);
    assert!(index_no_lines(&site.run).is_empty(), "{}", site.run.stderr);
    site.write(
        "content/xxgk/b.md",
        doc(
            "国办式索引号",
            "2019-01-30",
            Some("000014349/2019-00004"),
            "",
            "正文。\n",
        ),
    );
    let run = site.build(&[]);
    run.assert_code(1);
    let lines = index_no_lines(&run);
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with("content/xxgk/b.md:3:11: 错误: index_no（索引号）: ")
            && lines[0].contains(suggested)
            && lines[0].contains("实际为 “000014349/2019-00004”"),
        "{}",
        lines[0]
    );
}

#[test]
fn index_no_in_the_year_of_publication_gives_no_warning() {
    // The seed: 成文日期 2020-12-25, 发布日期 2021-01-19, 索引号 …/2021-4385168.
    let seed = fixtures().join("reports/liaocheng-minzheng-2020.md");
    let site = SiteBuilder::new()
        .section("xxgk", "信息公开", "")
        .copy("content/xxgk/seed.md", &seed)
        .file(
            "content/xxgk/b.md",
            doc(
                "成文年份编号",
                "2021-01-19",
                Some("01527918X-2020-153077"),
                "written_on: 2020-12-30\n",
                "正文。\n",
            ),
        )
        .file(
            "content/xxgk/c.md",
            doc(
                "年份都不一致",
                "2021-01-19",
                Some("20191202-189769"),
                "written_on: 2020-12-30\n",
                "正文。\n",
            ),
        )
        .build(&[]);
    site.run.assert_code(0);
    let lines = index_no_lines(&site.run);
    assert_eq!(lines.len(), 1, "{}", site.run.stderr);
    assert!(
        lines[0].starts_with("content/xxgk/c.md:3:11: 警告: index_no（索引号）: ")
            && lines[0].contains("年份 2019 与发布年份 2021、成文年份 2020 都不一致"),
        "{}",
        lines[0]
    );
}

#[test]
fn implausible_index_no_fails_the_build_saying_what_was_expected() {
    let run = SiteBuilder::new()
        .section("xxgk", "信息公开", "")
        .file(
            "content/xxgk/a.md",
            doc("甲", "2021-03-01", Some("索引号 2021-1"), "", "正文。\n"),
        )
        .build(&[])
        .run;
    run.assert_code(1);
    let lines = index_no_lines(&run);
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with("content/xxgk/a.md:3:11: 错误: index_no（索引号）: ")
            && lines[0].contains("应只由半角字母、数字和分隔符")
            && lines[0].contains("实际为 “索引号 2021-1”"),
        "{}",
        lines[0]
    );
}
