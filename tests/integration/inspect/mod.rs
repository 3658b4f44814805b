//! Issue 10: the 政府网站 inspection rules of `gongkai check` — 栏目时效 with `--today`, 个人信息
//! in sources and attachments with `--fix`, 错敏词 from `wordlist.yaml`, 政策解读 links, and the
//! report (`--report DIR`, `--format json`). Each planted problem has a clean twin that must
//! report nothing.

mod interpretation;
mod personal;
mod report;

use std::io::Write as _;
use std::path::Path;

use scraper::{Html, Selector};
use serde_json::Value;

use crate::common::*;

/// `gongkai check --root ROOT EXTRA…`.
pub(super) fn check_with(root: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "check".to_string(),
        "--root".into(),
        root.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    gongkai(args)
}

/// The JSON report of `gongkai check --format json`.
pub(super) fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout))
}

/// Lines of a rule (`栏目时效：`, `个人信息：`, …).
fn lines_of<'a>(run: &'a Run, rule: &str) -> Vec<&'a str> {
    run.stderr.lines().filter(|l| l.contains(rule)).collect()
}

/// A valid 居民身份证号 from its first 17 digits.
pub(super) fn id_number(first17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// The same ID with a wrong check character.
pub(super) fn wrong_check(id: &str) -> String {
    let last = if id.ends_with('1') { '2' } else { '1' };
    format!("{}{last}", &id[..17])
}

/// A card number with its Luhn digit.
pub(super) fn card_number(body: &str) -> String {
    (0..10)
        .map(|d| format!("{body}{d}"))
        .find(|n| {
            let sum: u32 = n
                .chars()
                .rev()
                .enumerate()
                .map(|(i, c)| {
                    let d = c.to_digit(10).unwrap();
                    if i % 2 == 1 {
                        if d * 2 > 9 {
                            d * 2 - 9
                        } else {
                            d * 2
                        }
                    } else {
                        d
                    }
                })
                .sum();
            sum.is_multiple_of(10)
        })
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// 栏目时效

fn freshness_site(with_empty: bool) -> Site {
    let mut b = SiteBuilder::new()
        .section("gzdt", "工作动态", "")
        .section("zcwj", "政策文件", "")
        .section("zn", "政府信息公开指南", "")
        .section("jd", "监督检查", "update_within: 30d\n")
        .file(
            "content/gzdt/a.md",
            doc(
                "动态一",
                "2024-05-01",
                Some(&index_no(2024, 1)),
                "",
                "正文。\n",
            ),
        )
        .file(
            "content/zcwj/b.md",
            doc(
                "文件一",
                "2024-01-10",
                Some(&index_no(2024, 2)),
                "",
                "正文。\n",
            ),
        )
        .file(
            "content/zn/c.md",
            doc(
                "指南",
                "2020-01-10",
                Some(&index_no(2020, 3)),
                "",
                "正文。\n",
            ),
        )
        .file(
            "content/jd/d.md",
            doc(
                "检查一",
                "2024-04-20",
                Some(&index_no(2024, 4)),
                "",
                "正文。\n",
            ),
        );
    if with_empty {
        b = b.section("kong", "空栏目", "");
    }
    b.create()
}

#[test]
fn freshness_on_a_given_day_and_looking_ahead() {
    let site = freshness_site(false);
    // 2024-05-10: every section within its rule; the clean twin has nothing to say.
    let run = check_with(site.root(), &["--today", "2024-05-10", "--format", "json"]);
    run.assert_code(0);
    assert!(lines_of(&run, "栏目时效").is_empty(), "{}", run.stderr);
    let json = json_of(&run);
    let sections = json["freshness"]["sections"].as_array().unwrap();
    let by_dir = |dir: &str| sections.iter().find(|s| s["dir"] == dir).unwrap().clone();
    assert_eq!(by_dir("gzdt")["days_left"], 5);
    assert_eq!(by_dir("gzdt")["status"], "due_soon");
    assert_eq!(by_dir("zcwj")["days_left"], 61);
    assert_eq!(by_dir("zcwj")["status"], "fresh");
    assert_eq!(by_dir("zn")["status"], "unruled");
    assert_eq!(
        by_dir("jd")["rule"],
        serde_json::json!({"unit": "days", "count": 30})
    );
    assert_eq!(by_dir("jd")["rule_written"], true);
    assert_eq!(json["freshness"]["home_days_left"], 5);

    // Looking ahead: on 2024-06-28 政策文件 has 12 days left; 工作动态 and the home page are stale.
    let run = check_with(site.root(), &["--today", "2024-06-28", "--format", "json"]);
    run.assert_code(0);
    let json = json_of(&run);
    let zcwj = json["freshness"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["dir"] == "zcwj")
        .unwrap()
        .clone();
    assert_eq!(zcwj["days_left"], 12);
    assert_eq!(
        lines_of(&run, "栏目时效"),
        vec![
            "content: 警告: 栏目时效：单项否决：首页超过 14 天未更新（首页最新文档的发布日期为 2024-05-01，已 58 天），按国办秘函〔2019〕19号检查指标，网站将被判为不合格",
            "content/gzdt/_index.md: 警告: 栏目时效：栏目 “工作动态” 应每 14 天至少更新一次，最新发布日期为 2024-05-01，已超期 44 天",
            "content/jd/_index.md: 警告: 栏目时效：栏目 “监督检查” 应每 30 天至少更新一次，最新发布日期为 2024-04-20，已超期 39 天",
        ]
    );
    // On 2024-07-22 政策文件 is 12 days overdue.
    let run = check_with(site.root(), &["--today", "2024-07-22"]);
    assert!(
        run.stderr.contains("content/zcwj/_index.md: 警告: 栏目时效：栏目 “政策文件” 应每 6 个月至少更新一次，最新发布日期为 2024-01-10，已超期 12 天"),
        "{}",
        run.stderr
    );
}

#[test]
fn empty_sections_are_errors_and_count_against_the_veto_line() {
    let site = freshness_site(true);
    let run = check_with(site.root(), &["--today", "2024-05-10", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(
        run.errors(),
        vec!["content/kong/_index.md: 错误: 栏目时效：栏目 “空栏目” 是空白栏目（没有文档，_index.md 也没有正文）：应发布内容或删除该栏目（空白栏目 ≥5 个即单项否决）"]
    );
    let vetoes = json_of(&run)["freshness"]["vetoes"].clone();
    assert_eq!(vetoes[3]["label"], "空白栏目");
    assert_eq!(vetoes[3]["count"], 1);
    assert_eq!(vetoes[3]["threshold"], 5);
    // `build` does not judge freshness.
    assert!(lines_of(&build(site.root(), &[]), "栏目时效").is_empty());
}

#[test]
fn a_wrong_update_rule_and_a_wrong_today_are_reported() {
    let site = SiteBuilder::new()
        .section("gzdt", "工作动态", "update_within: soon\n")
        .file(
            "content/gzdt/a.md",
            doc("动态", "2024-05-01", None, "", "正文。\n"),
        )
        .create();
    let run = check_with(site.root(), &["--today", "2024-05-02"]);
    run.assert_code(1);
    assert!(run.errors().contains(&"content/gzdt/_index.md: 错误: update_within（更新周期）: 应为 14d、2w、6mo、1y 或 none，实际为 “soon”"), "{}", run.stderr);
    let run = check_with(site.root(), &["--today", "2024/13/01"]);
    run.assert_code(1);
    assert!(run
        .stderr
        .contains("--today 应为 YYYY-MM-DD 形式的日期，实际为 “2024/13/01”"));
}

// ---------------------------------------------------------------------------------------------
// 错敏词

const WORDLIST: &str = "- {word: 北朝鲜, use: 朝鲜}\n- {word: 残废人, use: 残疾人, note: 新华社禁用词}\n- {word: 两岸三地}\n";

#[test]
fn word_list_errors_in_check_warnings_in_build() {
    let planted = SiteBuilder::new()
        .section("xw", "工作动态", "")
        .file("wordlist.yaml", WORDLIST)
        .file(
            "content/xw/a.md",
            doc(
                "北朝鲜代表团来访",
                "2024-05-01",
                Some(&index_no(2024, 1)),
                "summary: 两岸三地交流\n",
                "关心残废人就业。\n",
            ),
        )
        .create();
    let run = check_with(planted.root(), &["--today", "2024-05-02"]);
    run.assert_code(1);
    assert_eq!(
        lines_of(&run, "错敏词"),
        vec![
            "content/xw/a.md:2:9: 错误: title（标题）: 错敏词：“北朝鲜” 应写作 “朝鲜”",
            "content/xw/a.md:6:10: 错误: summary（内容概述）: 错敏词：不应出现 “两岸三地”",
            "content/xw/a.md:9:3: 错误: 错敏词：“残废人” 应写作 “残疾人”（新华社禁用词）",
        ]
    );
    let run = build(planted.root(), &[]);
    run.assert_code(0);
    assert_eq!(lines_of(&run, "错敏词").len(), 3);
    assert!(run.warnings().iter().any(|w| w.contains("“残废人” 应写作")));

    let clean = SiteBuilder::new()
        .section("xw", "工作动态", "")
        .file("wordlist.yaml", WORDLIST)
        .file(
            "content/xw/a.md",
            doc(
                "朝鲜代表团来访",
                "2024-05-01",
                Some(&index_no(2024, 1)),
                "",
                "关心残疾人就业。\n",
            ),
        )
        .create();
    check_with(clean.root(), &["--today", "2024-05-02"]).assert_code(0);

    clean.write("wordlist.yaml", "- {word: 北朝鲜, usage: 朝鲜}\n");
    let run = check_with(clean.root(), &["--today", "2024-05-02"]);
    run.assert_code(1);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.starts_with("wordlist.yaml:1:") && e.contains("错敏词表无效")),
        "{}",
        run.stderr
    );
}

#[test]
fn init_writes_a_starter_word_list_that_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    gongkai(["init".as_ref(), root.as_os_str()]).assert_code(0);
    let list = std::fs::read_to_string(root.join("wordlist.yaml")).unwrap();
    // Every entry cites its source in a comment or note.
    let entries: Vec<serde_yaml::Value> = serde_yaml::from_str(&list).unwrap();
    assert!(entries.len() >= 10);
    assert!(entries
        .iter()
        .all(|e| e["note"].as_str().is_some_and(|n| !n.is_empty())));
    // (A new site still lacks its footer items, which `check` reports as errors.)
    let run = check(&root);
    for rule in ["错敏词", "个人信息", "栏目时效", "政策解读"] {
        assert!(lines_of(&run, rule).is_empty(), "{}", run.stderr);
    }
    // The list is live: a planted word is found.
    write_file(
        &root.join("content/xxgk/b.md"),
        doc("关于惟一联系渠道的说明", "2024-05-01", None, "", "正文。\n").as_bytes(),
    );
    let run = check(&root);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.contains("“惟一” 应写作 “唯一”")),
        "{}",
        run.stderr
    );
}
