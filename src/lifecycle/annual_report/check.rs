//! The checks of a 年报's numbers: every 总计 against its parts (rows and columns of table 三,
//! each group of table 四), the identity table 三 states (一+二 = 三（七）+四, per column), table
//! 二's 规范性文件 figures against the site's own documents, and last year's report in the first
//! quarter (A6: 部门 by 1月31日, 县级以上地方政府 by 3月31日).

use super::form::{self, APPLICANTS, OUTCOMES, REQUESTS, REVIEWS};
use super::{is_annual_report, report_year, Cell, ReportData};
use crate::content::tree::Site;
use crate::diagnostics::Diagnostic;
use crate::lifecycle::Lifecycle;

fn sum(cells: &[Cell]) -> f64 {
    cells.iter().map(|c| c.value).sum()
}

fn error(report: &ReportData, at: (usize, usize), message: String) -> Diagnostic {
    let at = if at.0 == 0 { (report.line, 1) } else { at };
    Diagnostic::error(&report.file, at.0, at.1, message).with_field("annual_report（年报数据）")
}

/// Sum errors of tables 三 and 四, each at the number that does not add up.
pub fn arithmetic(report: &ReportData) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let last = APPLICANTS.len() - 1;
    for (r, row) in report.requests.iter().enumerate() {
        if r == form::TOTAL && !report.requests_total_written {
            continue;
        }
        let parts = sum(&row[..last]);
        if parts != row[last].value {
            found.push(error(
                report,
                row[last].at,
                format!(
                    "表三 “{}” 行：总计应为各类申请人之和 {}，实际为 {}",
                    REQUESTS[r].label, parts, row[last].value
                ),
            ));
        }
    }
    let total = if report.requests_total_written {
        report.requests[form::TOTAL].clone()
    } else {
        totals(report)
    };
    for (c, name) in APPLICANTS.iter().enumerate() {
        let results: f64 = report.requests[form::RESULTS..form::TOTAL]
            .iter()
            .map(|row| row[c].value)
            .sum();
        if report.requests_total_written && results != total[c].value {
            found.push(error(
                report,
                total[c].at,
                format!(
                    "表三 “（七）总计” 行 “{name}” 列：应为（一）至（六）之和 {results}，实际为 {}",
                    total[c].value
                ),
            ));
        }
        let incoming =
            report.requests[form::NEW][c].value + report.requests[form::CARRIED_IN][c].value;
        let outgoing = total[c].value + report.requests[form::CARRIED_OUT][c].value;
        if incoming != outgoing {
            found.push(error(
                report,
                report.requests[form::CARRIED_OUT][c].at,
                format!(
                    "表三 “{name}” 列：第一项加第二项（{incoming}）应等于第三项加第四项（{outgoing}）"
                ),
            ));
        }
    }
    let last = OUTCOMES.len() - 1;
    for (g, group) in report.reviews.iter().enumerate() {
        let parts = sum(&group[..last]);
        if parts != group[last].value {
            found.push(error(
                report,
                group[last].at,
                format!(
                    "表四 “{}”：总计应为结果维持、结果纠正、其他结果、尚未审结之和 {parts}，实际为 {}",
                    REVIEWS[g], group[last].value
                ),
            ));
        }
    }
    found
}

/// The （七）总计 row computed from （一）…（六）, when it is not written.
pub fn totals(report: &ReportData) -> Vec<Cell> {
    (0..APPLICANTS.len())
        .map(|c| Cell {
            value: report.requests[form::RESULTS..form::TOTAL]
                .iter()
                .map(|row| row[c].value)
                .sum(),
            at: (0, 0),
        })
        .collect()
}

/// Table 二's 规范性文件 本年制发 and 现行有效 against the 规范性文件 of the same issuer on this
/// site: a warning where the typed number differs.
pub fn against_site(
    site: &Site,
    lifecycle: &Lifecycle,
    d: usize,
    report: &ReportData,
) -> Vec<Diagnostic> {
    let issuer = &site.docs[d].source.meta.issuer;
    let year = report.year;
    let end = jiff::civil::date(year, 12, 31);
    let normative: Vec<usize> = (0..site.docs.len())
        .filter(|&i| {
            let m = &site.docs[i].source.meta;
            &m.issuer == issuer && m.genre.as_deref().is_some_and(|g| g.contains("规范性文件"))
        })
        .collect();
    let made = normative
        .iter()
        .filter(|&&i| {
            let m = &site.docs[i].source.meta;
            m.written_on.unwrap_or(m.date).year() == year
        })
        .count();
    let in_force = normative
        .iter()
        .filter(|&&i| {
            let m = &site.docs[i].source.meta;
            let state = lifecycle.state(i);
            m.date.date() <= end
                && m.validity_date.is_none_or(|v| v.date() > end)
                && state.since.is_none_or(|s| s.date() > end)
        })
        .count();
    let row = &report.active[1];
    let mut found = Vec::new();
    // 现行有效 counts the documents of every year still in force at the end of the report's year.
    let in_force_scope = format!("截至{year}年底由{issuer}发布、现行有效");
    let made_scope = format!("{year}年由{issuer}发布");
    for (label, scope, typed, counted) in [
        ("本年制发件数", &made_scope, row[0], made),
        ("现行有效件数", &in_force_scope, row[2], in_force),
    ] {
        if typed.value != counted as f64 {
            let at = if typed.at.0 == 0 {
                (report.line, 1)
            } else {
                typed.at
            };
            found.push(
                Diagnostic::warning(
                    &report.file,
                    at.0,
                    at.1,
                    format!(
                        "表二 “规范性文件” 的{label}：本站{scope}、体裁为规范性文件的文档有 {counted} 篇，实际填写 {}（请核对数字，或为漏发的文件补上 genre: 规范性文件）",
                        typed.value
                    ),
                )
                .with_field("annual_report（年报数据）"),
            );
        }
    }
    found
}

/// In January to March, a warning when the site publishes 年报 but last year's is missing.
pub fn missing_last_year(site: &Site, lifecycle: &Lifecycle) -> Vec<Diagnostic> {
    let today = lifecycle.clock.today();
    let section = site
        .sections
        .iter()
        .find(|s| s.title.contains("年报") || s.title.contains("年度报告"));
    let reports: Vec<i16> = site
        .docs
        .iter()
        .filter(|d| is_annual_report(&d.source.meta))
        .map(|d| report_year(&d.source.meta))
        .collect();
    if today.month() > 3 || (section.is_none() && reports.is_empty()) {
        return Vec::new();
    }
    let last = today.year() - 1;
    if reports.contains(&last) {
        return Vec::new();
    }
    let file = section.map_or(std::path::PathBuf::from("content"), |s| s.file.clone());
    let overdue = if today.month() > 1 {
        "部门的期限（1月31日）已过，"
    } else {
        ""
    };
    vec![Diagnostic::warning(
        &file,
        0,
        0,
        format!(
            "年报：{last}年度政府信息公开工作年度报告尚未发布：{overdue}部门应在1月31日前、县级以上地方人民政府应在3月31日前公布（条例第四十九条）"
        ),
    )]
}
