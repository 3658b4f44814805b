//! The 依申请公开 register: the office records each application for government information as a
//! row of a YAML or CSV file in `register/` beside `content/` (one application per file, or
//! many). It holds personal data and is never published: `build` reads nothing from
//! `register/`, and a register file put in `content/` or `static/` is not copied ([`refused`]).
//!
//! ```yaml
//! - 编号: 2025-017
//!   收到日期: 2025-09-26
//!   申请人类型: 自然人          # 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他
//!   申请人: 张某               # 不发布
//!   申请内容: 2024年度某某项目的验收报告
//!   补正告知日期: 2025-09-28    # 补正：告知申请人补正之日，和收到补正申请之日
//!   补正收到日期: 2025-10-09
//!   征求意见日期: 2025-10-10    # 征求第三方或其他机关意见：发出之日，和收到意见之日
//!   收到意见日期: 2025-10-20
//!   延期告知日期: 2025-11-03    # 经负责人同意延长答复期限并告知申请人之日
//!   答复日期: 2025-11-20
//!   办理结果: 部分公开          # 年报表三的办理结果，如 予以公开、不予公开/国家秘密、无法提供/不掌握
//! ```
//!
//! [`deadline`] computes each answer's deadline (《政府信息公开条例》第三十条、第三十二条、第三十三条)
//! for `check`; [`annual`] counts the 年报's table 三 from it.

pub mod annual;
pub mod deadline;
pub mod rows;

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diagnostics::Diagnostic;
use crate::lifecycle::annual_report::form::{self, APPLICANTS, REQUESTS};

use crate::content::register_file::is_data_file;
pub use crate::content::register_file::{is_register, refused, FOLDER};

/// The keys a row may have.
pub const KEYS: [&str; 12] = [
    "编号",
    "收到日期",
    "申请人类型",
    "申请人",
    "申请内容",
    "补正告知日期",
    "补正收到日期",
    "征求意见日期",
    "收到意见日期",
    "延期告知日期",
    "答复日期",
    "办理结果",
];

/// One application for government information.
#[derive(Debug, Clone)]
pub struct Application {
    /// The register file.
    pub file: PathBuf,
    /// Line the row starts on.
    pub line: usize,
    /// 编号, or `第N行` when not written.
    pub id: String,
    /// 收到日期 (第三十一条: the day the application was received).
    pub received: Date,
    /// Column of table 三: index in [`APPLICANTS`] (not 总计).
    pub applicant: usize,
    /// 补正告知日期 and 补正收到日期.
    pub correction: Option<(Date, Option<Date>)>,
    /// 征求意见日期 and 收到意见日期.
    pub consultation: Option<(Date, Option<Date>)>,
    /// 延期告知日期.
    pub extended: Option<Date>,
    /// 答复日期 and 办理结果 (a row of [`REQUESTS`]), when answered.
    pub reply: Option<(Date, usize)>,
    /// Line and column of each written key.
    pub positions: Vec<(&'static str, (usize, usize))>,
}

impl Application {
    /// Where `key` is written, else the row's line.
    pub fn at(&self, key: &str) -> (usize, usize) {
        self.positions
            .iter()
            .find(|(k, _)| *k == key)
            .map_or((self.line, 1), |(_, at)| *at)
    }

    /// A problem of this application at `key`.
    pub fn diagnostic(&self, error: bool, key: &str, message: String) -> Diagnostic {
        let (l, c) = self.at(key);
        let message = format!("依申请公开 {}：{message}", self.id);
        let d = if error {
            Diagnostic::error(&self.file, l, c, message)
        } else {
            Diagnostic::warning(&self.file, l, c, message)
        };
        d.with_field(format!("{key}（依申请公开登记）"))
    }
}

/// The register of a site: its applications and the problems of the rows as written.
#[derive(Debug, Clone, Default)]
pub struct Register {
    /// The applications that could be read.
    pub applications: Vec<Application>,
    /// Problems of the files and rows.
    pub problems: Vec<Diagnostic>,
    /// Whether the site has a register folder.
    pub exists: bool,
}

/// Reads every `.yaml`, `.yml` and `.csv` file of `register/` (sorted by name).
pub fn load(root: &Path) -> Register {
    let mut register = Register::default();
    let Ok(entries) = std::fs::read_dir(root.join(FOLDER)) else {
        return register;
    };
    register.exists = true;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && is_data_file(p))
        .collect();
    files.sort();
    for path in files {
        let shown = Path::new(FOLDER).join(path.file_name().unwrap_or_default());
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                register.problems.push(Diagnostic::error(
                    &shown,
                    0,
                    0,
                    format!("无法读取依申请公开登记：{}", crate::fs::reason(&e)),
                ));
                continue;
            }
        };
        match rows::read(&shown, &text) {
            Ok(rows) => {
                for row in rows {
                    if let Some(a) = application(&shown, &row, &mut register.problems) {
                        register.applications.push(a);
                    }
                }
                // An unknown CSV column is told once, at its header.
                register.problems.dedup();
            }
            Err(d) => register.problems.push(d),
        }
    }
    register
}

/// The application of one row, or `None` (with errors) when its 收到日期 or 申请人类型 is
/// missing or wrong; other wrong values are reported and left out.
fn application(file: &Path, row: &rows::Row, found: &mut Vec<Diagnostic>) -> Option<Application> {
    let mut positions = Vec::new();
    let mut values: Vec<(&'static str, &str)> = Vec::new();
    for f in &row.fields {
        match KEYS.iter().find(|k| **k == f.key) {
            Some(k) => {
                positions.push((*k, f.at));
                if !f.value.is_empty() {
                    values.push((k, f.value.as_str()));
                }
            }
            None => found.push(
                Diagnostic::error(
                    file,
                    f.key_at.0,
                    f.key_at.1,
                    format!("没有 “{}” 这一项：应为 {}", f.key, KEYS.join("、")),
                )
                .with_field("依申请公开登记"),
            ),
        }
    }
    let value = |key: &str| values.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let id = value("编号").map_or_else(|| format!("第{}行", row.line), str::to_string);
    let mut a = Application {
        file: file.to_path_buf(),
        line: row.line,
        id,
        received: Date::MIN,
        applicant: 0,
        correction: None,
        consultation: None,
        extended: None,
        reply: None,
        positions,
    };
    let mut ok = true;
    let mut problem = |a: &Application, key: &str, message: String| {
        found.push(a.diagnostic(true, key, message));
    };
    let mut date = |a: &Application, key: &str| -> Option<Date> {
        let v = value(key)?;
        match crate::content::date::DocDate::parse(v) {
            Ok(d) => Some(d.date()),
            Err(_) => {
                problem(a, key, format!("应为日期，如 “2025-09-26”，实际为 “{v}”"));
                None
            }
        }
    };
    match date(&a, "收到日期") {
        Some(d) => a.received = d,
        None => ok = false,
    }
    let correction = (date(&a, "补正告知日期"), date(&a, "补正收到日期"));
    let consultation = (date(&a, "征求意见日期"), date(&a, "收到意见日期"));
    a.extended = date(&a, "延期告知日期");
    let replied = date(&a, "答复日期");
    let mut problem = |a: &Application, key: &str, message: String| {
        found.push(a.diagnostic(true, key, message));
    };
    if value("收到日期").is_none() {
        problem(
            &a,
            "收到日期",
            "缺少收到日期（收到申请之日，条例第三十一条）".into(),
        );
    }
    match value("申请人类型").map(|t| (t, APPLICANTS[..6].iter().position(|n| *n == t))) {
        Some((_, Some(i))) => a.applicant = i,
        Some((t, None)) => {
            let names = APPLICANTS[..6].join("、");
            problem(&a, "申请人类型", format!("应为 {names} 之一，实际为 “{t}”"));
            ok = false;
        }
        None => {
            problem(
                &a,
                "申请人类型",
                "缺少申请人类型（年报表三按申请人类型统计）".into(),
            );
            ok = false;
        }
    }
    for (pair, first, second, slot) in [
        (correction, "补正告知日期", "补正收到日期", 0),
        (consultation, "征求意见日期", "收到意见日期", 1),
    ] {
        let value = match pair {
            (Some(from), to) => {
                if to.is_some_and(|t| t < from) {
                    problem(&a, second, format!("{second}早于{first}"));
                }
                Some((from, to))
            }
            (None, Some(_)) => {
                problem(&a, first, format!("写了{second}，缺少{first}"));
                None
            }
            (None, None) => None,
        };
        if slot == 0 {
            a.correction = value;
        } else {
            a.consultation = value;
        }
    }
    let outcome = value("办理结果").map(|o| (o, outcome_row(o)));
    match (replied, outcome) {
        (Some(day), Some((_, Some(row)))) => a.reply = Some((day, row)),
        (_, Some((o, None))) => problem(
            &a,
            "办理结果",
            format!("应为年报表三的办理结果之一，如 予以公开、部分公开、不予公开/国家秘密、无法提供/不掌握、不予处理/重复申请、其他处理/其他，实际为 “{o}”"),
        ),
        (Some(_), None) => problem(&a, "办理结果", "写了答复日期，缺少办理结果".into()),
        (None, Some(_)) if value("答复日期").is_none() => {
            problem(&a, "答复日期", "写了办理结果，缺少答复日期".into())
        }
        _ => {}
    }
    if let Some((day, _)) = a.reply {
        if day < a.received {
            problem(&a, "答复日期", "答复日期早于收到日期".into());
        }
    }
    ok.then_some(a)
}

/// The row of table 三 an outcome names: its key (`国家秘密`), `组/项` (`不予公开/国家秘密`,
/// also with `：`), or its label in the form.
pub fn outcome_row(outcome: &str) -> Option<usize> {
    let outcome = outcome.trim();
    let (group, key) = outcome
        .split_once(['/', '：', ':'])
        .map_or(("", outcome), |(g, k)| (g.trim(), k.trim()));
    (form::RESULTS..form::TOTAL).find(|&r| {
        let row = &REQUESTS[r];
        (row.key == key && (group.is_empty() || group == row.group)) || row.label == outcome
    })
}

/// What `check` reports of the register: the problems of its rows and of every deadline on the
/// site's clock (`today`), in working days of the site's calendar.
pub fn check(site: &crate::content::tree::Site, root: &Path, today: Date) -> Vec<Diagnostic> {
    let register = load(root);
    let mut found = register.problems.clone();
    found.extend(deadline::problems(&site.config.calendar, &register, today));
    found
}

/// The register files in `content/` and `static/` (the personal-data rule of `check` reports
/// them; `build` leaves them out, [`crate::content::load`], [`crate::pipeline`]).
pub fn in_content(root: &Path) -> Vec<Diagnostic> {
    ["content", "static"]
        .into_iter()
        .flat_map(|dir| walkdir::WalkDir::new(root.join(dir)))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && is_register(e.path()))
        .map(|e| refused(&crate::content::load::display_path(root, e.path())))
        .collect()
}

#[cfg(test)]
mod tests;
