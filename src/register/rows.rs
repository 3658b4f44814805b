//! The rows of a register file, each a list of (key, value, line, column): a YAML file holds one
//! application (a mapping) or several (a list of mappings); a CSV file has a header row of keys
//! and one application per row.

use std::path::Path;

use serde_yaml::Value;

use crate::diagnostics::Diagnostic;

/// One written value of a row.
#[derive(Debug, Clone)]
pub struct Field {
    /// The key (header cell) as written.
    pub key: String,
    /// The value as text (empty when blank).
    pub value: String,
    /// Line and column (from 1) of the key in YAML, of the cell in CSV.
    pub at: (usize, usize),
    /// Where the key is written: as `at` in YAML, the header cell in CSV.
    pub key_at: (usize, usize),
}

/// One application as written: its fields and the line it starts on.
#[derive(Debug, Clone)]
pub struct Row {
    /// Line of its first field.
    pub line: usize,
    /// Its fields, in order.
    pub fields: Vec<Field>,
}

/// Reads the rows of `text`; `shown` names the file in messages.
pub fn read(shown: &Path, text: &str) -> Result<Vec<Row>, Diagnostic> {
    let text = text.trim_start_matches('\u{feff}');
    let csv = shown.extension().is_some_and(|e| e == "csv");
    if csv {
        Ok(read_csv(text))
    } else {
        read_yaml(shown, text)
    }
}

fn read_yaml(shown: &Path, text: &str) -> Result<Vec<Row>, Diagnostic> {
    let data: Value = serde_yaml::from_str(text).map_err(|e| {
        let (line, column, message) = crate::diagnostics::yaml::yaml_error(&e, text, 1);
        Diagnostic::error(
            shown,
            line,
            column,
            format!("登记不是有效的 YAML：{message}"),
        )
    })?;
    let items: Vec<&Value> = match &data {
        Value::Sequence(items) => items.iter().collect(),
        Value::Mapping(_) => vec![&data],
        Value::Null => Vec::new(),
        _ => {
            return Err(Diagnostic::error(
                shown,
                1,
                1,
                "应为一件申请（“收到日期: …” 等字段）或多件申请的列表（每件以 “- ” 开头）",
            ))
        }
    };
    let starts = item_lines(text, matches!(data, Value::Sequence(_)));
    let mut rows = Vec::new();
    for (n, item) in items.into_iter().enumerate() {
        let (from, to) = (
            starts.get(n).copied().unwrap_or(1),
            starts.get(n + 1).copied().unwrap_or(usize::MAX),
        );
        let Some(map) = item.as_mapping() else {
            return Err(Diagnostic::error(
                shown,
                from,
                1,
                "列表的每一项应为一件申请（“收到日期: …” 等字段）",
            ));
        };
        let fields = map
            .iter()
            .map(|(k, v)| {
                let key = scalar(k);
                let at = key_at(text, &key, from, to);
                Field {
                    at,
                    key_at: at,
                    key,
                    value: scalar(v),
                }
            })
            .collect();
        rows.push(Row { line: from, fields });
    }
    Ok(rows)
}

/// Text of a scalar (numbers and dates as written, `~` and blank as empty).
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// First line of each item: lines starting with `-` at the margin in a list, else line 1.
fn item_lines(text: &str, list: bool) -> Vec<usize> {
    if !list {
        return vec![1];
    }
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with('-'))
        .map(|(i, _)| i + 1)
        .collect()
}

/// Where `key:` is written between lines `from` and `to` (exclusive).
fn key_at(text: &str, key: &str, from: usize, to: usize) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if number < from || number >= to {
            continue;
        }
        for (pos, _) in line.match_indices(key) {
            let before = line[..pos].trim_end_matches(['"', '\'']);
            let after = line[pos + key.len()..].trim_start_matches(['"', '\'']);
            let starts = before.trim_end().is_empty() || before.ends_with([' ', '{', ',', '-']);
            if starts && after.trim_start().starts_with(':') && !before.contains('#') {
                return (number, line[..pos].chars().count() + 1);
            }
        }
    }
    (from, 1)
}

fn read_csv(text: &str) -> Vec<Row> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((h, header)) = lines.next() else {
        return Vec::new();
    };
    let keys: Vec<((usize, usize), String)> = cells(header)
        .into_iter()
        .map(|(column, v)| ((h + 1, column), v))
        .collect();
    lines
        .map(|(i, line)| Row {
            line: i + 1,
            fields: cells(line)
                .into_iter()
                .zip(&keys)
                .map(|((column, value), (key_at, key))| Field {
                    key: key.clone(),
                    value,
                    at: (i + 1, column),
                    key_at: *key_at,
                })
                .collect(),
        })
        .collect()
}

/// The cells of one CSV line with the column (from 1) each starts at; `"…"` quotes a cell, `""`
/// inside it is a quote.
fn cells(line: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut cell = String::new();
    let (mut start, mut quoted, mut i) = (1, false, 0);
    while i < chars.len() {
        match chars[i] {
            '"' if quoted && chars.get(i + 1) == Some(&'"') => {
                cell.push('"');
                i += 1;
            }
            '"' if quoted => quoted = false,
            '"' if cell.trim().is_empty() => {
                quoted = true;
                cell.clear();
            }
            ',' if !quoted => {
                out.push((start, cell.trim().to_string()));
                cell.clear();
                start = i + 2;
            }
            c => cell.push(c),
        }
        i += 1;
    }
    out.push((start, cell.trim().to_string()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_with_quotes_and_columns() {
        let c = cells("A-1,\"a, \"\"b\"\"\",2024-01-02,");
        let values: Vec<&str> = c.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, ["A-1", "a, \"b\"", "2024-01-02", ""]);
        assert_eq!(c[2].0, 16);
    }

    #[test]
    fn yaml_list_items_are_located() {
        let text = "- 编号: A\n  收到日期: 2024-01-02\n- {编号: B, 收到日期: 2024-01-03}\n";
        let rows = read(Path::new("r.yaml"), text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].fields[1].at, (2, 3));
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].fields[1].at, (3, 11));
    }
}
