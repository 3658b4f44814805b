//! The 政府信息公开工作年度报告 from data (国办公开办函〔2021〕30号 format): a 年报 document
//! carries its tables as `annual_report:` in front matter, or names a `.yaml` beside it. This
//! module reads that data ([`form`] holds the fixed rows), checks every number (non-negative
//! integers), every row and column sum and the identity of table 三 (一+二 = 三+四), compares
//! table 二's 规范性文件 figures with the site's own documents, warns in the first quarter when
//! last year's report is missing (A6), and renders the tables ([`table`]).
//!
//! ```yaml
//! annual_report:
//!   年度: 2023
//!   主动公开: {规章: [0, 0, 0], 规范性文件: [8, 0, 18], 行政许可: 0, 行政处罚: 0, 行政强制: 0, 行政事业性收费: 0}
//!   收到和处理申请:
//!     本年新收: [26, 0, 0, 0, 0, 0, 26]   # 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
//!     不予公开: {国家秘密: [0, 0, 0, 0, 0, 0, 0]}
//!     总计: [26, 0, 0, 0, 0, 0, 26]
//!   行政复议和诉讼: {行政复议: [0, 0, 0, 1, 1], 未经复议直接起诉: [0, 0, 0, 0, 0], 复议后起诉: [0, 0, 0, 0, 0]}
//! ```

pub mod check;
pub mod form;
pub mod table;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

use super::Lifecycle;
use crate::content::document::SourceDocument;
use crate::content::tree::Site;
use crate::diagnostics::Diagnostic;

/// A number of the report with where it was written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// The value (counts are whole numbers; the 收费 amount may have decimals).
    pub value: f64,
    /// Line and column in the data file (0 when not written: taken as 0).
    pub at: (usize, usize),
}

/// The data of one 年报, as read.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// The file the numbers are in (the document or the `.yaml` beside it).
    pub file: PathBuf,
    /// 年度
    pub year: i16,
    /// Table 二, rows of [`form::ACTIVE`], each with its columns.
    pub active: Vec<Vec<Cell>>,
    /// Table 三, rows of [`form::REQUESTS`], 7 columns each (the last is 总计).
    pub requests: Vec<Vec<Cell>>,
    /// Whether table 三 was written (else it is counted from the 依申请公开 register).
    pub requests_written: bool,
    /// Whether the 总计 row of table 三 was written (else it is the sum of the others).
    pub requests_total_written: bool,
    /// Table 四, groups of [`form::REVIEWS`], 5 columns each (the last is 总计).
    pub reviews: Vec<Vec<Cell>>,
    /// Line of the data's first key.
    pub line: usize,
}

/// The 年报 data of a site, read once by the load stage ([`crate::pipeline`], which also
/// checks table 三 against the 依申请公开 register): each report by its document's source file,
/// and the problems found reading it.
#[derive(Debug, Clone, Default)]
pub struct AnnualReports {
    /// The data of each document that has some, by its source file.
    pub by_file: HashMap<PathBuf, ReportData>,
    /// The problems of each document's data, by its source file.
    pub problems: HashMap<PathBuf, Vec<Diagnostic>>,
}

/// Reads the 年报 data of document `doc` of the site at `root`, if it has any. Problems of the
/// data itself (a missing file, a wrong shape, a negative or fractional count) go to `found`.
pub fn read(doc: &SourceDocument, root: &Path, found: &mut Vec<Diagnostic>) -> Option<ReportData> {
    let value = doc.meta.annual_report.as_ref()?;
    let (line, col) = doc
        .meta
        .positions
        .get("annual_report")
        .copied()
        .unwrap_or((1, 1));
    let field = "annual_report（年报数据）";
    let (file, text, data, first_line) = match value {
        Value::String(name) => {
            let rel = if doc.dir.is_empty() {
                name.clone()
            } else {
                format!("{}/{name}", doc.dir)
            };
            let shown = Path::new("content").join(crate::text::normalize(&rel));
            let text = match std::fs::read_to_string(root.join(&shown)) {
                Ok(t) => t,
                Err(e) => {
                    found.push(
                        Diagnostic::error(
                            &doc.file,
                            line,
                            col,
                            format!("年报数据文件无法读取：应为本文档旁的 .yaml 文件，实际为 “{name}”（{e}）"),
                        )
                        .with_field(field),
                    );
                    return None;
                }
            };
            match serde_yaml::from_str::<Value>(&text) {
                Ok(v) => (shown, text, v, 1),
                Err(e) => {
                    let (l, c) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
                    found.push(Diagnostic::error(
                        &shown,
                        l,
                        c,
                        format!("年报数据不是有效的 YAML：{e}"),
                    ));
                    return None;
                }
            }
        }
        Value::Mapping(_) => {
            let text = crate::content::document::source_text(&doc.front_matter, &doc.body);
            (doc.file.clone(), text, value.clone(), line)
        }
        other => {
            found.push(
                Diagnostic::error(
                    &doc.file,
                    line,
                    col,
                    format!(
                        "应为年报表格数据（主动公开、收到和处理申请、行政复议和诉讼）或 .yaml 文件名，实际为{}",
                        crate::diagnostics::positions::describe(other)
                    ),
                )
                .with_field(field),
            );
            return None;
        }
    };
    let mut reader = form::Reader {
        file: &file,
        text: &text,
        first_line,
        found,
    };
    let year = reader.year(&data).unwrap_or_else(|| report_year(&doc.meta));
    let report = ReportData {
        active: reader.active(&data),
        requests_written: data.get("收到和处理申请").is_some(),
        requests_total_written: data
            .get("收到和处理申请")
            .and_then(|t| t.get("总计"))
            .is_some(),
        requests: reader.requests(&data),
        reviews: reader.reviews(&data),
        year,
        line: first_line,
        file,
    };
    Some(report)
}

/// Whether a document is a 政府信息公开工作年度报告 (by its data or its title).
pub fn is_annual_report(meta: &crate::content::document::DocumentMeta) -> bool {
    meta.annual_report.is_some()
        || (meta.title.contains("政府信息公开")
            && (meta.title.contains("年度报告") || meta.title.contains("年报")))
}

/// The year a 年报 reports on: the `YYYY年` in its title, else the year before its date.
pub fn report_year(meta: &crate::content::document::DocumentMeta) -> i16 {
    let chars: Vec<char> = meta.title.chars().collect();
    chars
        .windows(5)
        .find_map(|w| {
            (w[4] == '年' && w[..4].iter().all(char::is_ascii_digit))
                .then(|| w[..4].iter().collect::<String>().parse().ok())
                .flatten()
        })
        .unwrap_or(meta.date.year() - 1)
}

/// Every problem of the site's 年报: their data and arithmetic, the 规范性文件 figures against
/// the site's documents, and a missing report for last year in the first quarter.
pub fn problems(site: &Site, lifecycle: &Lifecycle, reports: &AnnualReports) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (d, doc) in site.docs.iter().enumerate() {
        let file = &doc.source.file;
        found.extend(reports.problems.get(file).into_iter().flatten().cloned());
        if let Some(report) = reports.by_file.get(file) {
            found.extend(check::arithmetic(report));
            found.extend(check::against_site(site, lifecycle, d, report));
        }
    }
    found.extend(check::missing_last_year(site, lifecycle));
    found
}

/// The body of a 年报 with its tables: each after its heading (二、主动公开…, 三、…申请…,
/// 四、…复议…), or at the end when the body has no such heading.
pub fn body_with_tables(reports: &AnnualReports, doc: &SourceDocument, html: &str) -> String {
    match reports.by_file.get(&doc.file) {
        Some(report) => table::insert(html, report),
        None => html.to_string(),
    }
}
