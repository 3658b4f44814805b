//! The fixed rows of the three 年报 tables (国办公开办函〔2021〕30号) and the reader that takes
//! them from YAML, locating every number in its file for messages.

use std::path::Path;

use serde_yaml::Value;

use super::Cell;
use crate::diagnostics::Diagnostic;

/// A row of table 二: key, label, number of columns, whether it is an amount (万元).
pub struct ActiveRow {
    /// Key in the data.
    pub key: &'static str,
    /// The 条例 item it belongs to (a heading row when it changes).
    pub item: &'static str,
    /// Columns: 3 (制发, 废止, 现行有效) or 1.
    pub columns: usize,
    /// An amount in 万元 (decimals allowed).
    pub amount: bool,
}

/// Table 二 (主动公开政府信息情况).
pub const ACTIVE: [ActiveRow; 6] = [
    ActiveRow {
        key: "规章",
        item: "第二十条第（一）项",
        columns: 3,
        amount: false,
    },
    ActiveRow {
        key: "规范性文件",
        item: "第二十条第（一）项",
        columns: 3,
        amount: false,
    },
    ActiveRow {
        key: "行政许可",
        item: "第二十条第（五）项",
        columns: 1,
        amount: false,
    },
    ActiveRow {
        key: "行政处罚",
        item: "第二十条第（六）项",
        columns: 1,
        amount: false,
    },
    ActiveRow {
        key: "行政强制",
        item: "第二十条第（六）项",
        columns: 1,
        amount: false,
    },
    ActiveRow {
        key: "行政事业性收费",
        item: "第二十条第（八）项",
        columns: 1,
        amount: true,
    },
];

/// A row of table 三: where it sits in the data (group, key) and its labels in the form.
pub struct RequestRow {
    /// Group key in the data (`不予公开`), or `""` for a top-level row.
    pub group: &'static str,
    /// Key in the data.
    pub key: &'static str,
    /// Label in the form.
    pub label: &'static str,
}

const fn row(group: &'static str, key: &'static str, label: &'static str) -> RequestRow {
    RequestRow { group, key, label }
}

/// Table 三 (收到和处理政府信息公开申请情况), in the form's order.
pub const REQUESTS: [RequestRow; 25] = [
    row("", "本年新收", "一、本年新收政府信息公开申请数量"),
    row("", "上年结转", "二、上年结转政府信息公开申请数量"),
    row("", "予以公开", "（一）予以公开"),
    row(
        "",
        "部分公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    row("不予公开", "国家秘密", "1.属于国家秘密"),
    row("不予公开", "法律行政法规禁止", "2.其他法律行政法规禁止公开"),
    row("不予公开", "三安全一稳定", "3.危及“三安全一稳定”"),
    row("不予公开", "第三方合法权益", "4.保护第三方合法权益"),
    row("不予公开", "内部事务信息", "5.属于三类内部事务信息"),
    row("不予公开", "过程性信息", "6.属于四类过程性信息"),
    row("不予公开", "行政执法案卷", "7.属于行政执法案卷"),
    row("不予公开", "行政查询事项", "8.属于行政查询事项"),
    row("无法提供", "不掌握", "1.本机关不掌握相关政府信息"),
    row("无法提供", "需另行制作", "2.没有现成信息需要另行制作"),
    row("无法提供", "补正后仍不明确", "3.补正后申请内容仍不明确"),
    row("不予处理", "信访举报投诉", "1.信访举报投诉类申请"),
    row("不予处理", "重复申请", "2.重复申请"),
    row("不予处理", "公开出版物", "3.要求提供公开出版物"),
    row("不予处理", "大量反复申请", "4.无正当理由大量反复申请"),
    row(
        "不予处理",
        "确认或重新出具",
        "5.要求行政机关确认或重新出具已获取信息",
    ),
    row(
        "其他处理",
        "逾期不补正",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    row(
        "其他处理",
        "逾期未缴费",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    row("其他处理", "其他", "3.其他"),
    row("", "总计", "（七）总计"),
    row("", "结转下年", "四、结转下年度继续办理"),
];

/// Index of the 本年新收, 上年结转, first 办理结果, 总计 and 结转下年 rows of [`REQUESTS`].
pub const NEW: usize = 0;
/// 上年结转
pub const CARRIED_IN: usize = 1;
/// First row of 三、本年度办理结果.
pub const RESULTS: usize = 2;
/// （七）总计
pub const TOTAL: usize = 23;
/// 四、结转下年度继续办理
pub const CARRIED_OUT: usize = 24;

/// The applicant columns of table 三 (the last is 总计).
pub const APPLICANTS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// The groups of table 四.
pub const REVIEWS: [&str; 3] = ["行政复议", "未经复议直接起诉", "复议后起诉"];

/// The columns of each group of table 四 (the last is 总计).
pub const OUTCOMES: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// The data keys of the three tables.
pub const TABLES: [&str; 3] = ["主动公开", "收到和处理申请", "行政复议和诉讼"];

/// Reads numbers out of the data, reporting problems at their place in `text`.
pub struct Reader<'a> {
    /// File for messages.
    pub file: &'a Path,
    /// Its text, to locate keys.
    pub text: &'a str,
    /// Line where the data starts.
    pub first_line: usize,
    /// Problems found.
    pub found: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    /// Line and column of `key` (the first occurrence from the data's start, after `after`).
    fn locate(&self, key: &str, after: usize) -> (usize, usize) {
        for (i, line) in self.text.lines().enumerate().skip(after.max(1) - 1) {
            let Some(pos) = line.find(key) else {
                continue;
            };
            // A key, not a word in a comment or a longer key: `key:` or `"key":`.
            let rest = line[pos + key.len()..].trim_start_matches(['"', '\'']);
            let before = line[..pos].trim_start_matches([' ', '{', '"', '\'', ',']);
            if rest.trim_start().starts_with(':') && !before.contains('#') {
                return (i + 1, line[..pos].chars().count() + 1);
            }
        }
        (after.max(1), 1)
    }

    fn error(&mut self, at: (usize, usize), message: String) {
        self.found.push(
            Diagnostic::error(self.file, at.0, at.1, message)
                .with_field("annual_report（年报数据）"),
        );
    }

    /// `年度`, when written.
    pub fn year(&mut self, data: &Value) -> Option<i16> {
        let v = data.get("年度").or_else(|| data.get("year"))?;
        match v.as_i64().filter(|y| (1000..=9999).contains(y)) {
            Some(y) => Some(y as i16),
            None => {
                let at = self.locate("年度", self.first_line);
                self.error(at, format!("年度应为四位数的年份，实际为 “{}”", text_of(v)));
                None
            }
        }
    }

    /// One row of `columns` numbers (a single number is a one-column row); missing rows are 0.
    fn row(
        &mut self,
        value: Option<&Value>,
        key: &str,
        after: usize,
        columns: usize,
        amount: bool,
        what: &str,
    ) -> Vec<Cell> {
        let zero = vec![
            Cell {
                value: 0.0,
                at: (0, 0)
            };
            columns
        ];
        let Some(value) = value else {
            return zero;
        };
        let at = self.locate(key, after);
        let items: Vec<&Value> = match value {
            Value::Sequence(items) => items.iter().collect(),
            single if columns == 1 => vec![single],
            other => {
                self.error(
                    at,
                    format!(
                        "{what}应为 {columns} 个数字的列表，实际为 “{}”",
                        text_of(other)
                    ),
                );
                return zero;
            }
        };
        if items.len() != columns {
            self.error(
                at,
                format!(
                    "{what}应有 {columns} 个数字（{}），实际有 {} 个",
                    columns_of(what, columns),
                    items.len()
                ),
            );
            return zero;
        }
        items
            .iter()
            .map(|v| {
                let number = v
                    .as_f64()
                    .filter(|n| *n >= 0.0 && (amount || n.fract() == 0.0));
                match number {
                    Some(value) => Cell { value, at },
                    None => {
                        let expected = if amount {
                            "非负数（万元）"
                        } else {
                            "非负整数"
                        };
                        self.error(at, format!("{what}应为{expected}，实际为 “{}”", text_of(v)));
                        Cell { value: 0.0, at }
                    }
                }
            })
            .collect()
    }

    /// Table 二.
    pub fn active(&mut self, data: &Value) -> Vec<Vec<Cell>> {
        let table = data.get(TABLES[0]);
        let after = self.locate(TABLES[0], self.first_line).0;
        ACTIVE
            .iter()
            .map(|r| {
                let what = format!("表二 “{}” 行", r.key);
                self.row(
                    table.and_then(|t| t.get(r.key)),
                    r.key,
                    after,
                    r.columns,
                    r.amount,
                    &what,
                )
            })
            .collect()
    }

    /// Table 三.
    pub fn requests(&mut self, data: &Value) -> Vec<Vec<Cell>> {
        let table = data.get(TABLES[1]);
        let after = self.locate(TABLES[1], self.first_line).0;
        REQUESTS
            .iter()
            .map(|r| {
                let (value, from) = if r.group.is_empty() {
                    (table.and_then(|t| t.get(r.key)), after)
                } else {
                    let group_at = self.locate(r.group, after).0;
                    (
                        table
                            .and_then(|t| t.get(r.group))
                            .and_then(|g| g.get(r.key)),
                        group_at,
                    )
                };
                let what = format!("表三 “{}” 行", r.label);
                self.row(value, r.key, from, APPLICANTS.len(), false, &what)
            })
            .collect()
    }

    /// Table 四.
    pub fn reviews(&mut self, data: &Value) -> Vec<Vec<Cell>> {
        let table = data.get(TABLES[2]);
        let after = self.locate(TABLES[2], self.first_line).0;
        REVIEWS
            .iter()
            .map(|g| {
                let what = format!("表四 “{g}”");
                self.row(
                    table.and_then(|t| t.get(*g)),
                    g,
                    after,
                    OUTCOMES.len(),
                    false,
                    &what,
                )
            })
            .collect()
    }
}

fn columns_of(what: &str, columns: usize) -> String {
    if what.starts_with("表三") {
        APPLICANTS.join("、")
    } else if what.starts_with("表四") {
        OUTCOMES.join("、")
    } else if columns == 3 {
        "本年制发、本年废止、现行有效".into()
    } else {
        "数量".into()
    }
}

/// A YAML value as the webmaster wrote it.
fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "（空）".into(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}
