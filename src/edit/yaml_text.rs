//! Changes a document's text field by field, the way a careful person edits YAML by hand: only
//! the lines of the changed keys are rewritten (the key keeps its spelling, English or Chinese,
//! and a comment at the end of its line is kept), new keys are added at the end of the front
//! matter, and everything else — unknown keys, their order, comments, blank lines, the body,
//! a byte-order mark, CRLF line ends — stays byte for byte. With no change the text is returned
//! as it was.

use serde_json::Value;

use crate::content::front_matter::DOCUMENT_FIELDS;

/// One change to the front matter: the English key and its new value (`None` removes it).
pub type FieldEdit = (String, Option<Value>);

/// Applies `edits` and, when given, a new `body` to the document text `original`.
pub fn apply(original: &str, edits: &[FieldEdit], body: Option<&str>) -> String {
    if edits.is_empty() && body.is_none() {
        return original.to_string();
    }
    let (bom, text) = match original.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", original),
    };
    let crlf = text.contains("\r\n");
    let text = text.replace("\r\n", "\n");
    let (mut yaml, old_body) = split(&text);
    for (key, value) in edits {
        set_key(&mut yaml, key, value.as_ref());
    }
    let body = body.unwrap_or(old_body);
    let mut out = String::from("---\n");
    for line in &yaml {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("---\n");
    out.push_str(body);
    let out = if crlf { out.replace('\n', "\r\n") } else { out };
    format!("{bom}{out}")
}

/// The front-matter lines and the body of an LF text (a text without front matter is all
/// body).
fn split(text: &str) -> (Vec<String>, &str) {
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return (Vec::new(), text);
    }
    let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut yaml = Vec::new();
    for line in lines {
        offset += line.len();
        if matches!(line.trim_end(), "---" | "...") {
            return (yaml, &text[offset..]);
        }
        yaml.push(line.trim_end_matches('\n').to_string());
    }
    (yaml, "")
}

/// The top-level key a line starts, as written (`title`, `"标题"`), when it starts one.
fn key_of(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '-', '#']) || line.is_empty() {
        return None;
    }
    let colon = line.find(':')?;
    Some(line[..colon].trim().trim_matches(['"', '\'']))
}

/// Whether a line below a key belongs to its value.
fn continues(line: &str) -> bool {
    line.starts_with([' ', '\t']) || line == "-" || line.starts_with("- ")
}

/// The comment at the end of a one-line value (`  # 说明`), outside quotes.
fn trailing_comment(line: &str) -> Option<&str> {
    let colon = line.find(':')?;
    let (mut single, mut double) = (false, false);
    let mut prev = ' ';
    for (i, c) in line[colon + 1..].char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && prev.is_whitespace() => {
                let at = colon + 1 + i;
                let start = line[..at].trim_end().len();
                return Some(&line[start..]);
            }
            _ => {}
        }
        prev = c;
    }
    None
}

fn set_key(yaml: &mut Vec<String>, key: &str, value: Option<&Value>) {
    let zh = DOCUMENT_FIELDS.iter().find(|f| f.key == key).map(|f| f.zh);
    let found = yaml
        .iter()
        .position(|l| key_of(l).is_some_and(|k| k == key || Some(k) == zh));
    let Some(start) = found else {
        if let Some(v) = value {
            yaml.extend(render(key, v));
        }
        return;
    };
    let mut end = start + 1;
    let mut last = start + 1;
    while end < yaml.len() && (continues(&yaml[end]) || yaml[end].trim().is_empty()) {
        end += 1;
        if continues(&yaml[end - 1]) {
            last = end;
        }
    }
    // Blank lines after the value stay where they are.
    let end = last;
    let Some(value) = value else {
        yaml.drain(start..end);
        return;
    };
    let written = key_of(&yaml[start]).unwrap_or(key).to_string();
    let written = if yaml[start].starts_with('"') || yaml[start].starts_with('\'') {
        yaml[start][..yaml[start].find(':').unwrap_or(0)].to_string()
    } else {
        written
    };
    let comment = (end == start + 1)
        .then(|| trailing_comment(&yaml[start]).map(str::to_string))
        .flatten();
    let mut lines = render(&written, value);
    if let (Some(c), 1) = (comment, lines.len()) {
        lines[0].push_str(&c);
    }
    yaml.splice(start..end, lines);
}

/// `key: value` lines: text in double quotes, dates and numbers plain, lists of text in
/// brackets, lists of mappings as `- ` items.
pub fn render(key: &str, value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) if items.iter().any(|v| v.is_object()) => {
            let mut out = vec![format!("{key}:")];
            for item in items {
                let mut first = true;
                for line in block(item) {
                    out.push(format!("  {} {line}", if first { "-" } else { " " }));
                    first = false;
                }
            }
            out
        }
        Value::Object(_) => {
            let mut out = vec![format!("{key}:")];
            out.extend(block(value).into_iter().map(|l| format!("  {l}")));
            out
        }
        other => vec![format!("{key}: {}", scalar(other))],
    }
}

fn block(value: &Value) -> Vec<String> {
    match value {
        Value::Object(map) => {
            // An attachment's title first, as people write it.
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by_key(|(k, _)| *k != "title");
            entries
                .into_iter()
                .flat_map(|(k, v)| render(k, v))
                .collect()
        }
        other => vec![scalar(other)],
    }
}

/// A value on one line.
fn scalar(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if is_date(s) => s.clone(),
        Value::String(s) => quote(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(scalar).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(_) => "{}".into(),
    }
}

/// `2021-02-05`, `2021-02-05 10:00`, `2021-02-05T10:00:00+08:00`: written without quotes, as
/// people write dates.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    if !(s.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10))
    {
        return false;
    }
    s[10..]
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | 'T' | ':' | '+' | '-'))
}

/// A YAML double-quoted string.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DOC: &str = "---\n# 说明：示例\ntitle: \"旧标题\"  # 标题\n发布机构: 某局\ntopics:\n  - 财政\n  - 预算\n\ncustom_key: 保留\ndate: 2021-02-05\n---\n\n正文第一段。\n";

    fn edit(key: &str, v: Option<Value>) -> Vec<FieldEdit> {
        vec![(key.to_string(), v)]
    }

    #[test]
    fn nothing_changed_is_the_same_text() {
        assert_eq!(apply(DOC, &[], None), DOC);
        let crlf = format!("\u{feff}{}", DOC.replace('\n', "\r\n"));
        assert_eq!(apply(&crlf, &[], None), crlf);
        assert_eq!(apply(&crlf, &[], Some("\n正文第一段。\n")), crlf);
    }

    #[test]
    fn one_field_changes_one_line() {
        let out = apply(DOC, &edit("title", Some(json!("新标题 \"引号\""))), None);
        assert_eq!(
            out,
            DOC.replace("\"旧标题\"  # 标题", "\"新标题 \\\"引号\\\"\"  # 标题")
        );
        let out = apply(DOC, &edit("issuer", Some(json!("另一局"))), None);
        assert_eq!(out, DOC.replace("发布机构: 某局", "发布机构: \"另一局\""));
    }

    #[test]
    fn lists_are_replaced_whole_and_blank_lines_stay() {
        let out = apply(DOC, &edit("topics", Some(json!(["教育"]))), None);
        assert_eq!(
            out,
            DOC.replace("topics:\n  - 财政\n  - 预算\n", "topics: [\"教育\"]\n")
        );
    }

    #[test]
    fn removed_and_added_keys() {
        let out = apply(DOC, &edit("topics", None), None);
        assert_eq!(out, DOC.replace("topics:\n  - 财政\n  - 预算\n", ""));
        let out = apply(DOC, &edit("draft", Some(json!(true))), None);
        assert_eq!(
            out,
            DOC.replace("date: 2021-02-05\n", "date: 2021-02-05\ndraft: true\n")
        );
        let att = json!([{"title": "附件1", "file": "a.pdf"}]);
        let out = apply(DOC, &edit("attachments", Some(att)), None);
        assert!(out.contains("attachments:\n  - title: \"附件1\"\n    file: \"a.pdf\"\n---"));
    }

    #[test]
    fn dates_stay_plain_and_the_body_is_replaced() {
        let out = apply(
            DOC,
            &edit("date", Some(json!("2022-03-01T09:30:00+08:00"))),
            Some("\n新正文。\n"),
        );
        assert!(out.contains("date: 2022-03-01T09:30:00+08:00\n---\n\n新正文。\n"));
    }

    #[test]
    fn a_text_without_front_matter_gets_one() {
        let out = apply("", &edit("title", Some(json!("标题"))), Some("正文\n"));
        assert_eq!(out, "---\ntitle: \"标题\"\n---\n正文\n");
    }
}
