//! Table 三 of the 年报 (收到和处理政府信息公开申请情况) counted from the register: for the
//! report's year, 本年新收 are the applications received in it, 上年结转 those received before it
//! and not answered before it, the 办理结果 rows those answered in it, 结转下年 those received by
//! its end and not answered in it — so 一+二 = 三+四 holds by construction.

use super::{Application, Register};
use crate::diagnostics::Diagnostic;
use crate::lifecycle::annual_report::form::{self, APPLICANTS, REQUESTS};
use crate::lifecycle::annual_report::{Cell, ReportData};

/// Table 三 for `year`: one row per [`REQUESTS`] row, [`APPLICANTS`] columns (the last 总计).
pub fn table(applications: &[Application], year: i16) -> Vec<Vec<u64>> {
    let mut rows = vec![vec![0u64; APPLICANTS.len()]; REQUESTS.len()];
    let total = APPLICANTS.len() - 1;
    let mut add = |row: usize, column: usize| {
        rows[row][column] += 1;
        rows[row][total] += 1;
    };
    for a in applications {
        let received = a.received.year();
        let answered = a.reply.map(|(day, row)| (day.year(), row));
        if received == year {
            add(form::NEW, a.applicant);
        }
        if received < year && answered.is_none_or(|(y, _)| y >= year) {
            add(form::CARRIED_IN, a.applicant);
        }
        if received <= year {
            match answered {
                Some((y, row)) if y == year => {
                    add(row, a.applicant);
                    add(form::TOTAL, a.applicant);
                }
                Some((y, _)) if y < year => {}
                _ => add(form::CARRIED_OUT, a.applicant),
            }
        }
    }
    rows
}

/// Compares the 年报's table 三 with the register (an error at each number that differs), or
/// fills it from the register when the 年报 leaves it out. Nothing happens when the site keeps
/// no register.
pub fn reconcile(register: &Register, report: &mut ReportData) -> Vec<Diagnostic> {
    if !register.exists {
        return Vec::new();
    }
    let counted = table(&register.applications, report.year);
    if !report.requests_written {
        report.requests = counted
            .iter()
            .map(|row| {
                row.iter()
                    .map(|&n| Cell {
                        value: n as f64,
                        at: (0, 0),
                    })
                    .collect()
            })
            .collect();
        report.requests_total_written = false;
        return Vec::new();
    }
    let mut found = Vec::new();
    for (r, row) in counted.iter().enumerate() {
        if r == form::TOTAL && !report.requests_total_written {
            continue;
        }
        for (c, &n) in row.iter().enumerate() {
            let cell = report.requests[r][c];
            if cell.value != n as f64 {
                let at = if cell.at.0 == 0 {
                    (report.line, 1)
                } else {
                    cell.at
                };
                found.push(
                    Diagnostic::error(
                        &report.file,
                        at.0,
                        at.1,
                        format!(
                            "表三 “{}” 行 “{}” 列：依申请公开登记（{}/）中{}年的数字为 {n}，年报填写 {}：请核对登记或年报",
                            REQUESTS[r].label,
                            APPLICANTS[c],
                            super::FOLDER,
                            report.year,
                            cell.value
                        ),
                    )
                    .with_field("annual_report（年报数据）"),
                );
            }
        }
    }
    found
}
