//! Where things are in YAML text, for messages: the line and column of each top-level key's
//! value and of the items of a list, and how a value is described (“列表”, “数字 3”).

use std::collections::BTreeMap;

use serde_yaml::Value;

/// Finds the line and column of each top-level key's value in the YAML text.
pub fn key_positions(yaml: &str, first_line: usize) -> BTreeMap<String, (usize, usize)> {
    let mut out = BTreeMap::new();
    for (i, line) in yaml.lines().enumerate() {
        if line.starts_with([' ', '\t', '-', '#']) || line.is_empty() {
            continue;
        }
        let Some(colon) = line.find(':') else {
            continue;
        };
        let key = line[..colon].trim().trim_matches(['"', '\'']);
        let after = &line[colon + 1..];
        let value_col =
            line[..colon + 1].chars().count() + 1 + (after.len() - after.trim_start().len());
        out.entry(key.to_string())
            .or_insert((first_line + i, value_col));
    }
    out
}

/// Line and column of each item of the list that is the value of the top-level key on file line
/// `line` (value at `column`): the `- ` items below the key, or the items of a `[…]` flow list
/// (over one line or more). Lines count from `first_line`, the file line of the YAML's first.
pub(crate) fn item_positions(
    yaml: &str,
    first_line: usize,
    line: usize,
    column: usize,
) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let Some(at) = line.checked_sub(first_line).filter(|&i| i < lines.len()) else {
        return Vec::new();
    };
    let value: String = lines[at].chars().skip(column - 1).collect();
    if value.starts_with('[') {
        return flow_items(&lines[at..], column).map_or_else(Vec::new, |found| {
            (found.into_iter()).map(|(l, c)| (line + l, c)).collect()
        });
    }
    if !(value.is_empty() || value.starts_with('#')) {
        return Vec::new();
    }
    // A block list: `- ` lines at one indentation below the key (a top-level key's list may
    // start at the left margin); deeper lines belong to an item.
    let mut out = Vec::new();
    let mut indent = None;
    for (i, text) in lines.iter().enumerate().skip(at + 1) {
        let rest = text.trim_start_matches(' ');
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        let depth = text.len() - rest.len();
        let is_item = rest == "-" || rest.starts_with("- ");
        match indent {
            None if is_item => indent = Some(depth),
            None => break,
            Some(d) if depth < d || (depth == d && !is_item) => break,
            Some(_) => {}
        }
        if indent == Some(depth) && is_item {
            let after = &rest[1..];
            let gap = after.len() - after.trim_start_matches(' ').len();
            let column = depth + if after.trim().is_empty() { 1 } else { 2 + gap };
            out.push((first_line + i, column));
        }
    }
    out
}

/// The items of a flow list that starts at `column` (from 1, in characters) of `lines[0]`:
/// (line offset, column) of each, or `None` when the list does not close.
fn flow_items(lines: &[&str], column: usize) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut expecting = false;
    for (l, text) in lines.iter().enumerate() {
        let skip = if l == 0 { column - 1 } else { 0 };
        let mut chars = text.chars().enumerate().skip(skip).peekable();
        let mut after_space = true;
        while let Some((c, ch)) = chars.next() {
            if let Some(q) = quote {
                if ch == '\\' && q == '"' {
                    chars.next();
                } else if ch == q {
                    quote = None;
                }
                continue;
            }
            if ch == '#' && after_space {
                break;
            }
            after_space = ch == ' ' || ch == '\t';
            if after_space {
                continue;
            }
            if expecting && depth == 1 && ch != ']' && ch != ',' {
                out.push((l, c + 1));
            }
            expecting = false;
            match ch {
                '"' | '\'' => quote = Some(ch),
                '[' | '{' => {
                    depth += 1;
                    expecting = depth == 1;
                }
                ']' | '}' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(out);
                    }
                }
                ',' => expecting = depth == 1,
                _ => {}
            }
        }
    }
    None
}

/// "a list", "a number", … for messages.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Null => "空值".into(),
        Value::Bool(b) => format!("布尔值 {b}"),
        Value::Number(n) => format!("数字 {n}"),
        Value::String(s) => format!("文本 “{}”", crate::text::truncate(s, 40)),
        Value::Sequence(_) => "列表".into(),
        Value::Mapping(_) => "映射（键: 值）".into(),
        Value::Tagged(_) => "带标签的值".into(),
    }
}

/// The text of a scalar YAML value (empty for others).
pub(crate) fn yaml_scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}
