//! Working days with the holiday calendar, the 依申请公开 register (deadlines, never published,
//! table 三 of the 年报 from it) and the 政府网站工作年度报表 page.

use std::ffi::OsStr;

use crate::common::*;

fn check_on(site: &Site, today: &str) -> Run {
    gongkai([
        OsStr::new("check"),
        OsStr::new("--root"),
        site.root().as_os_str(),
        OsStr::new("--today"),
        OsStr::new(today),
        OsStr::new("--no-attachments"),
    ])
}

/// 成文日期 2025-09-26: 20 working days later is 2025-10-30 (国庆 10-01…10-08 off, 9-28 and
/// 10-11 调休 working days); counting weekdays only it would be 10-24.
#[test]
fn the_twenty_working_day_rule_counts_with_the_holidays() {
    let written = |date: &str| {
        doc(
            "通知",
            date,
            Some("11110000123456788X/2025-00001"),
            "written_on: 2025-09-26\n",
            "正文。",
        )
    };
    for (date, warned) in [
        ("2025-10-28", false),
        ("2025-10-30", false),
        ("2025-10-31", true),
    ] {
        let site = SiteBuilder::new()
            .section("s", "通知公告", "")
            .file("content/s/a.md", written(date))
            .build(&["--today", "2025-12-01"]);
        site.run.assert_code(0);
        let warning = site
            .run
            .warnings()
            .into_iter()
            .find(|w| w.contains("个工作日：主动公开信息应在形成后 20 个工作日内公开"));
        assert_eq!(warning.is_some(), warned, "{date}: {}", site.run.stderr);
        if warned {
            assert!(warning.unwrap().contains("相隔 21 个工作日"));
        }
    }
    // A year the calendar does not know: counted Monday to Friday, and said so.
    let site = SiteBuilder::new()
        .section("s", "通知公告", "")
        .file(
            "content/s/a.md",
            doc(
                "通知",
                "2027-02-01",
                None,
                "written_on: 2027-01-04\n",
                "正文。",
            ),
        )
        .build(&["--today", "2027-03-01"]);
    assert!(
        site.run
            .warnings()
            .iter()
            .any(|w| w.starts_with("content/s/a.md:")
                && w.contains("1 篇文档的成文日期到发布日期之间的工作日")
                && w.contains("未收录2027年的放假和调休安排")),
        "{}",
        site.run.stderr
    );
}

#[test]
fn local_days_of_config_yaml_count() {
    // 2025-10-10 to 2025-11-07 is 21 working days (10-11 is a 调休 Saturday); a local holiday
    // on 10-20 makes it 20.
    let site = |config: &str| {
        SiteBuilder::new()
            .config(Some(&format!("{CONFIG}{config}")))
            .section("s", "通知公告", "")
            .file(
                "content/s/a.md",
                doc(
                    "通知",
                    "2025-11-07",
                    None,
                    "written_on: 2025-10-10\n",
                    "正文。",
                ),
            )
            .build(&["--today", "2025-12-01"])
    };
    let plain = site("");
    assert!(
        plain.run.stderr.contains("相隔 21 个工作日"),
        "{}",
        plain.run.stderr
    );
    let local = site("calendar: {holidays: [2025-10-20]}\n");
    assert!(
        !local.run.stderr.contains("个工作日：主动公开"),
        "{}",
        local.run.stderr
    );
    let bad = site("calendar: {holidays: [10月20日]}\n");
    assert!(
        bad.run.errors().iter().any(|e| e.starts_with("config.yaml:")
            && e.contains("calendar.holidays（地方放假日）")),
        "{}",
        bad.run.stderr
    );
}

const REGISTER: &str = "编号,收到日期,申请人类型,申请人,申请内容,答复日期,办理结果
R1,2024-12-20,自然人,张某,某项目批复,2025-01-10,予以公开
R2,2024-11-01,商业企业,某公司,某许可,2024-11-20,予以公开
R3,2025-03-02,自然人,李某,某会议纪要,2025-03-20,部分公开
R4,2025-05-06,法律服务机构,某律所,某合同,2025-05-30,不予公开/第三方合法权益
R5,2025-06-10,自然人,王某,某统计数据,2025-06-20,无法提供/不掌握
R6,2025-12-22,商业企业,某公司,某规划,,
R7,2025-12-15,自然人,赵某,某名单,2026-01-08,予以公开
";

const REPORT: &str = "---
title: 示例市测试局2025年政府信息公开工作年度报告
issuer: 示例市测试局
date: 2026-01-20
annual_report:
  年度: 2025
  主动公开: {规章: [0, 0, 0], 规范性文件: [0, 0, 0], 行政许可: 0, 行政处罚: 0, 行政强制: 0, 行政事业性收费: 0}
REQUESTS  行政复议和诉讼: {行政复议: [0, 0, 0, 0, 0], 未经复议直接起诉: [0, 0, 0, 0, 0], 复议后起诉: [0, 0, 0, 0, 0]}
---

## 三、收到和处理政府信息公开申请情况
";

fn register_site(requests: &str) -> SiteBuilder {
    SiteBuilder::new()
        .section("nb", "政府信息公开年报", "")
        .file("content/nb/2025.md", REPORT.replace("REQUESTS", requests))
        .file("register/2025.csv", REGISTER)
}

/// Table 三 of the 2025 年报, left out of its data, is counted from the register; the numbers
/// below were counted by hand from [`REGISTER`].
#[test]
fn table_three_is_filled_from_the_register_as_counted_by_hand() {
    let site = register_site("").build(&["--today", "2026-02-01"]);
    site.run.assert_code(0);
    let html = site.page("/nb/2025/");
    let rows: Vec<Vec<String>> = select(&html, "#gk-annual-3 tbody tr")
        .into_iter()
        .map(|r| select_in(r, "td").into_iter().map(text).collect())
        .collect();
    let n = |v: [u32; 7]| v.iter().map(u32::to_string).collect::<Vec<_>>();
    assert_eq!(rows[0], n([3, 1, 0, 0, 1, 0, 5]), "本年新收");
    assert_eq!(rows[1], n([1, 0, 0, 0, 0, 0, 1]), "上年结转");
    assert_eq!(rows[2], n([1, 0, 0, 0, 0, 0, 1]), "予以公开");
    assert_eq!(rows[3], n([1, 0, 0, 0, 0, 0, 1]), "部分公开");
    assert_eq!(rows[7], n([0, 0, 0, 0, 1, 0, 1]), "第三方合法权益");
    assert_eq!(rows[12], n([1, 0, 0, 0, 0, 0, 1]), "不掌握");
    assert_eq!(rows[23], n([3, 0, 0, 0, 1, 0, 4]), "总计");
    assert_eq!(rows[24], n([1, 1, 0, 0, 0, 0, 2]), "结转下年");
    // Nothing of the register is published.
    let all: String = site.html_pages().iter().map(|u| site.raw(u)).collect();
    assert!(!all.contains("张某") && !all.contains("某律所"));
    assert!(!site
        .output()
        .keys()
        .any(|k| k.contains("register") || k.ends_with(".csv")));
}

#[test]
fn a_written_table_three_that_differs_from_the_register_is_a_located_error() {
    let written = "  收到和处理申请:\n    本年新收: [3, 1, 0, 0, 1, 0, 5]\n    上年结转: [1, 0, 0, 0, 0, 0, 1]\n    予以公开: [2, 0, 0, 0, 0, 0, 2]\n    部分公开: [1, 0, 0, 0, 0, 0, 1]\n    不予公开: {第三方合法权益: [0, 0, 0, 0, 1, 0, 1]}\n    无法提供: {不掌握: [0, 0, 0, 0, 0, 0, 0]}\n    结转下年: [1, 1, 0, 0, 0, 0, 2]\n";
    let site = register_site(written).build(&["--today", "2026-02-01"]);
    site.run.assert_code(1);
    let errors = site.run.errors();
    for (at, text) in [
        ("content/nb/2025.md:11:5:", "表三 “（一）予以公开” 行 “自然人” 列：依申请公开登记（register/）中2025年的数字为 1，年报填写 2"),
        ("content/nb/2025.md:14:12:", "“1.本机关不掌握相关政府信息” 行 “自然人” 列：依申请公开登记（register/）中2025年的数字为 1，年报填写 0"),
    ] {
        assert!(
            errors.iter().any(|e| e.starts_with(at) && e.contains(text)),
            "{at} {text}: {errors:#?}"
        );
    }
}

#[test]
fn check_warns_before_a_deadline_and_errors_once_it_has_passed() {
    let register = "- 编号: 2025-031\n  收到日期: 2025-09-26\n  申请人类型: 自然人\n  申请人: 陈某\n  手机: 13812345678\n- 编号: 2025-020\n  收到日期: 2025-09-01\n  申请人类型: 商业企业\n- 编号: 2025-021\n  收到日期: 2025-09-01\n  申请人类型: 商业企业\n  延期告知日期: 2025-09-20\n";
    let site = SiteBuilder::new()
        .section("s", "通知公告", "")
        .file("register/2025.yaml", register)
        .create();
    let run = check_on(&site, "2025-10-27");
    let errors = run.errors();
    let warnings = run.warnings();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("register/2025.yaml:5:3:") && e.contains("没有 “手机” 这一项")),
        "{}",
        run.stderr
    );
    // 2025-09-01 + 20 working days = 2025-09-28 (a 调休 Sunday), long passed.
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("register/2025.yaml:7:3:")
                && e.contains("依申请公开 2025-020：答复期限 2025-09-28 已过")),
        "{}",
        run.stderr
    );
    // 2025-09-26 + 20 working days = 2025-10-30: three working days left on 10-27.
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("register/2025.yaml:2:3:")
                && w.contains(
                    "答复期限 2025-10-30（自收到申请的 2025-09-26 起 20 个工作日）还剩 3 个工作日"
                )),
        "{}",
        run.stderr
    );
    // Extended: 2025-09-28 + 20 more working days → 2025-10-31.
    assert!(
        warnings.iter().any(|w| w.starts_with("register/2025.yaml:10:3:")
            && w.contains("2025-021：答复期限 2025-10-31（自收到申请的 2025-09-01 起 20 个工作日并延长 20 个工作日）还剩 4 个工作日")),
        "{}",
        run.stderr
    );
    // The register's personal data is not a finding of the personal-data rule: it is private.
    assert!(!run.stderr.contains("未遮盖的手机号码"), "{}", run.stderr);
}

#[test]
fn a_register_put_in_content_or_static_never_reaches_public() {
    let site = SiteBuilder::new()
        .section("s", "通知公告", "")
        .file(
            "content/s/a.md",
            doc("通知", "2025-01-02", None, "", "正文。"),
        )
        .file("content/s/登记.csv", REGISTER)
        .file(
            "content/s/ysq.yaml",
            "- {收到日期: 2025-01-02, 申请人类型: 自然人, 申请人: 张某}\n",
        )
        .file("content/s/data.csv", "年份,数量\n2025,3\n")
        .file("static/files/ysq-2025.csv", REGISTER)
        .build(&["--today", "2025-12-01"]);
    site.run.assert_code(0);
    let files: Vec<String> = site.output().into_keys().collect();
    assert!(files.iter().any(|f| f == "s/data.csv"), "{files:?}");
    assert!(
        !files
            .iter()
            .any(|f| f.contains("登记") || f.contains("ysq")),
        "{files:?}"
    );
    for name in ["登记.csv", "ysq.yaml"] {
        assert!(
            site.run
                .warnings()
                .iter()
                .any(|w| w.starts_with(&format!("content/s/{name}"))
                    && w.contains("这是依申请公开登记")),
            "{}",
            site.run.stderr
        );
    }
    let run = check_on(&site, "2025-12-01");
    assert!(
        run.stderr.contains("content/s/登记.csv: 警告"),
        "{}",
        run.stderr
    );
}

const WEBSITE_CONFIG: &str = "website_report:
  kind: 部门网站
  years:
    2025: {独立用户访问总量: 182345, 网站总访问量: 903211, 单位负责人: 王某}
";

#[test]
fn the_website_report_page_is_made_from_the_site_and_config() {
    let site = SiteBuilder::new()
        .config(Some(&format!("{CONFIG}{WEBSITE_CONFIG}")))
        .section("s", "通知公告", "")
        .section("jd", "政策解读", "")
        .file(
            "content/s/a.md",
            doc(
                "通知一",
                "2025-03-02",
                Some("11110000123456788X/2025-00001"),
                "",
                "正文。",
            ),
        )
        .file(
            "content/s/b.md",
            doc("通知二", "2025-04-02", None, "", "正文。"),
        )
        .file(
            "content/s/c.md",
            doc("旧通知", "2024-04-02", None, "", "正文。"),
        )
        .file(
            "content/jd/a.md",
            doc("解读", "2025-03-03", None, "interprets: s/a.md\n", "正文。"),
        )
        .section("bb", "网站年度报表", "")
        .file(
            "content/bb/2025.md",
            doc(
                "示例市测试局网站2025年度工作报表",
                "2026-01-15",
                None,
                "website_report: 2025\n",
                "",
            ),
        )
        .build(&["--today", "2026-01-20"]);
    site.run.assert_code(0);
    let html = site.page("/bb/2025/");
    let value = |label: &str| -> String {
        select(&html, "#gk-website-report tbody tr")
            .into_iter()
            .find(|r| {
                select_in(*r, "th[scope=row]")
                    .into_iter()
                    .any(|th| text(th) == label)
            })
            .map(|r| text(select_in(r, "td")[1]))
            .unwrap_or_else(|| panic!("{label}"))
    };
    assert_eq!(value("网站名称"), "示例市测试局");
    assert_eq!(value("政府网站标识码"), "1234567890");
    assert_eq!(value("网站类型"), "部门网站");
    assert_eq!(value("独立用户访问总量"), "182345");
    // 2025: 通知一, 通知二, 解读 (the 报表 itself is dated 2026); one with a 索引号; one 解读.
    assert_eq!(select(&html, "#gk-website-report tbody tr").len(), 56);
    let totals: Vec<String> = select(&html, "#gk-website-report tbody tr")
        .into_iter()
        .filter(|r| select_in(*r, "th").into_iter().any(|th| text(th) == "总数"))
        .map(|r| text(select_in(r, "td")[1]))
        .collect();
    assert_eq!(totals, ["3", "1"]);
    assert_eq!(value("信息公开目录信息更新量"), "1");
    assert_eq!(value("无障碍浏览"), "是");
    assert_eq!(value("审核人"), "未填写");
    assert!(site
        .run
        .warnings()
        .iter()
        .all(|w| !w.contains("政府网站工作年度报表尚未发布")));
    let care = site.page("/care/bb/2025/");
    assert_eq!(select(&care, "#gk-website-report tbody tr").len(), 56);
    let run = check_on(&site, "2026-01-20");
    assert!(run.stderr.contains("项未填写"), "{}", run.stderr);
    assert!(!run.stderr.contains("尚未发布"), "{}", run.stderr);
}

#[test]
fn last_years_website_report_is_warned_about_in_january_and_an_error_after() {
    let site = SiteBuilder::new()
        .config(Some(&format!("{CONFIG}{WEBSITE_CONFIG}")))
        .section("s", "通知公告", "")
        .file(
            "content/s/a.md",
            doc("通知", "2025-03-02", None, "", "正文。"),
        )
        .create();
    let message = "2025年度政府网站工作年度报表尚未发布：应在2026年1月31日前通过网站公开";
    let january = check_on(&site, "2026-01-20");
    assert!(
        january.warnings().iter().any(|w| w.contains(message)),
        "{}",
        january.stderr
    );
    let february = check_on(&site, "2026-02-01");
    assert!(
        february.errors().iter().any(|e| e.contains(message)),
        "{}",
        february.stderr
    );
    february.assert_code(1);
}
