//! Front matter: splitting a Markdown file into YAML and body, and checking every field.
//!
//! Fields are read one by one from the YAML mapping (not through a derived struct) so that each
//! problem can name the file, the line and column of the field, the key with its Chinese name,
//! what was expected and what was found. English keys and their Chinese aliases (REQUIREMENTS A0)
//! are both accepted.

use std::collections::BTreeMap;
use std::path::Path;

use serde_yaml::Value;

use crate::content::date::DocDate;
use crate::diagnostics::positions::{describe, item_positions, key_positions, yaml_scalar_text};
use crate::diagnostics::yaml::yaml_error;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::text::{edit_distance, truncate};

/// A known front-matter key: English name, Chinese alias.
pub struct FieldName {
    /// The English key.
    pub key: &'static str,
    /// The Chinese alias (also accepted as a key).
    pub zh: &'static str,
}

impl FieldName {
    /// `issuer（发布机构）`, the way messages name a field.
    pub fn label(&self) -> String {
        format!("{}（{}）", self.key, self.zh)
    }
}

macro_rules! fields {
    ($($key:literal => $zh:literal),* $(,)?) => {
        &[$(FieldName { key: $key, zh: $zh }),*]
    };
}

/// Keys of a document's front matter.
pub const DOCUMENT_FIELDS: &[FieldName] = fields![
    "title" => "标题", "index_no" => "索引号", "issuer" => "发布机构", "date" => "发布日期",
    "written_on" => "成文日期", "doc_no" => "文号", "topics" => "主题分类", "validity" => "有效性",
    "validity_date" => "失效日期", "disclosure" => "公开方式", "genre" => "体裁",
    "keywords" => "主题词", "summary" => "内容概述", "note" => "附注", "signature" => "落款",
    "slug" => "网址名", "draft" => "草稿", "aliases" => "旧网址", "attachments" => "附件",
    "source_url" => "信息来源", "numbering" => "编号标题", "toc" => "目录导读",
    "interprets" => "解读对象", "amends" => "修改", "repeals" => "废止", "replaces" => "替代",
    "expires" => "公示截止", "annual_report" => "年报数据",
    "revision_history" => "修订记录",
    "website_report" => "网站年度报表",
];

/// Keys of a section's `_index.md`.
pub const SECTION_FIELDS: &[FieldName] = fields![
    "title" => "标题", "description" => "栏目描述", "weight" => "排序", "sort" => "排序方式",
    "page_size" => "每页条数", "required" => "必填字段", "numbering" => "编号标题",
    "keywords" => "主题词", "type" => "栏目类型", "update_within" => "更新周期",
    "needs_interpretation" => "需要解读", "review" => "审核",
];

/// Looks up a field by English key.
pub fn field(fields: &'static [FieldName], key: &str) -> &'static FieldName {
    fields
        .iter()
        .find(|f| f.key == key)
        .expect("field names used in code are in the table")
}

/// A Markdown file split into its front matter and body.
#[derive(Debug, Clone)]
pub struct SplitFile {
    /// The YAML text between the `---` lines.
    pub yaml: String,
    /// 1-based line of the first YAML line in the file.
    pub yaml_line: usize,
    /// The Markdown body.
    pub body: String,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
}

/// Decodes, normalises (BOM, CRLF) and splits a file. Errors name the file and line.
pub fn split(path: &Path, bytes: &[u8]) -> Result<SplitFile, Diagnostic> {
    // The quick check first; the standard one finds where a file that fails goes wrong.
    let text = match simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes)) {
        Ok(t) => t,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, col) = crate::diagnostics::line_col(valid, valid.len());
            return Err(Diagnostic::error(
                path,
                line,
                col,
                "文件不是 UTF-8 编码（可能是 GBK/GB2312）：应为 UTF-8，请在编辑器中“另存为 UTF-8”",
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Most files have no CR: they are not copied.
    let text: std::borrow::Cow<'_, str> = if text.contains('\r') {
        text.replace("\r\n", "\n").into()
    } else {
        text.into()
    };
    if text.trim().is_empty() {
        return Err(Diagnostic::error(
            path,
            1,
            1,
            "文件为空：应以 “---” 开头的 front matter（至少含 title、issuer、date）",
        ));
    }
    let first_line = text.lines().next().unwrap_or_default();
    if first_line.trim_end() != "---" {
        return Err(Diagnostic::error(
            path,
            1,
            1,
            format!(
                "缺少 front matter：第一行应为 “---”，实际为 “{}”",
                truncate(first_line, 30)
            ),
        ));
    }
    let after_open = first_line.len() + 1;
    let rest = text.get(after_open..).unwrap_or_default();
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            let yaml = rest[..offset].to_string();
            let body = rest[offset + line.len()..].to_string();
            return Ok(SplitFile {
                yaml,
                yaml_line: 2,
                body,
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        path,
        1,
        1,
        "front matter 没有结束：第 1 行的 “---” 之后应有另一行 “---”，但直到文件末尾都没有找到",
    ))
}

/// The YAML mapping of a front matter, with the position of each top-level key.
pub struct FieldMap {
    /// (canonical key, value, line, column of the value)
    entries: Vec<(String, Value, usize, usize)>,
    /// Line and column of each item of a list value, by canonical key (only where every item
    /// was found in the text).
    items: BTreeMap<String, Vec<(usize, usize)>>,
    /// Line of the opening `---`.
    pub start_line: usize,
}

impl FieldMap {
    /// Parses YAML and maps Chinese aliases to their English keys. Unknown keys are kept as they
    /// are (the caller warns about them). A YAML syntax error is returned with its file position.
    pub fn parse(
        path: &Path,
        split: &SplitFile,
        fields: &'static [FieldName],
    ) -> Result<FieldMap, Diagnostic> {
        let value: Value = if split.yaml.trim().is_empty() {
            Value::Mapping(Default::default())
        } else {
            serde_yaml::from_str(&split.yaml).map_err(|e| {
                let (line, column, message) = yaml_error(&e, &split.yaml, split.yaml_line);
                let d = Diagnostic::error(
                    path,
                    line,
                    column,
                    format!("front matter 不是有效的 YAML：{message}"),
                );
                // Name the field whose line the problem is on, when there is one.
                let key = key_positions(&split.yaml, split.yaml_line)
                    .into_iter()
                    .find(|(_, (l, _))| *l == line)
                    .map(|(k, _)| k);
                match key.and_then(|k| fields.iter().find(|f| f.key == k || f.zh == k)) {
                    Some(f) => d.with_field(f.label()),
                    None => d,
                }
            })?
        };
        let mapping = match value {
            Value::Mapping(m) => m,
            other => {
                return Err(Diagnostic::error(
                    path,
                    split.yaml_line,
                    1,
                    format!(
                        "front matter 应为 “键: 值” 形式的映射，实际为{}",
                        describe(&other)
                    ),
                ))
            }
        };
        let positions = key_positions(&split.yaml, split.yaml_line);
        let mut entries = Vec::new();
        let mut items = BTreeMap::new();
        for (k, v) in mapping {
            let key = match k {
                Value::String(s) => s,
                other => yaml_scalar_text(&other),
            };
            let (line, column) = positions
                .get(key.as_str())
                .copied()
                .unwrap_or((split.yaml_line, 1));
            let canonical = fields
                .iter()
                .find(|f| f.key == key || f.zh == key)
                .map_or(key.clone(), |f| f.key.to_string());
            if let (Value::Sequence(seq), true) = (&v, positions.contains_key(key.as_str())) {
                let found = item_positions(&split.yaml, split.yaml_line, line, column);
                if found.len() == seq.len() {
                    items.insert(canonical.clone(), found);
                }
            }
            entries.push((canonical, v, line, column));
        }
        Ok(FieldMap {
            entries,
            items,
            start_line: split.yaml_line - 1,
        })
    }

    /// The value of a field with its (line, column), if present and not null.
    pub fn get(&self, key: &str) -> Option<(&Value, usize, usize)> {
        self.entries
            .iter()
            .find(|(k, v, _, _)| k == key && !v.is_null())
            .map(|(_, v, l, c)| (v, *l, *c))
    }

    /// Position of a field, or the opening `---` when absent.
    pub fn position(&self, key: &str) -> (usize, usize) {
        self.entries
            .iter()
            .find(|(k, ..)| k == key)
            .map_or((self.start_line, 1), |(_, _, l, c)| (*l, *c))
    }

    /// Position of item `i` of a list field, or of the field when the item was not found.
    pub fn item_position(&self, key: &str, i: usize) -> (usize, usize) {
        (self.items.get(key).and_then(|items| items.get(i)).copied())
            .unwrap_or_else(|| self.position(key))
    }

    /// Keys that are not in `fields`, with their value and position.
    pub fn unknown<'a>(
        &'a self,
        fields: &'static [FieldName],
    ) -> impl Iterator<Item = (&'a str, &'a Value, usize, usize)> + 'a {
        self.entries
            .iter()
            .filter(move |(k, ..)| !fields.iter().any(|f| f.key == k))
            .map(|(k, v, l, c)| (k.as_str(), v, *l, *c))
    }
}

/// Typed access to fields, pushing a precise diagnostic for each problem.
pub struct FieldReader<'a> {
    /// The parsed front matter.
    pub map: &'a FieldMap,
    /// File shown in messages.
    pub path: &'a Path,
    /// Field table for labels.
    pub fields: &'static [FieldName],
    /// Where problems go.
    pub diags: &'a mut Diagnostics,
}

impl FieldReader<'_> {
    fn error(&mut self, key: &str, line: usize, col: usize, msg: String) {
        let label = field(self.fields, key).label();
        self.diags
            .push(Diagnostic::error(self.path, line, col, msg).with_field(label));
    }

    /// Reports a problem with a field's value as an error.
    pub fn report(&mut self, key: &str, msg: String) {
        let (l, c) = self.map.position(key);
        self.error(key, l, c, msg);
    }

    /// Reports a problem with item `i` of a list field as an error, at the item.
    pub fn report_item(&mut self, key: &str, i: usize, msg: String) {
        let (l, c) = self.map.item_position(key, i);
        self.error(key, l, c, msg);
    }

    /// Reports a problem with a field as a warning at `(line, column)` (its value, or an item of
    /// a list).
    pub fn warn_at(&mut self, key: &str, (l, c): (usize, usize), msg: String) {
        let label = field(self.fields, key).label();
        self.diags
            .push(Diagnostic::warning(self.path, l, c, msg).with_field(label));
    }

    /// A text field; numbers are accepted as their text (e.g. `doc_no: 2021`).
    pub fn string(&mut self, key: &str) -> Option<String> {
        let (v, l, c) = self.map.get(key)?;
        match v {
            Value::String(s) => {
                let s = s.trim().to_string();
                (!s.is_empty()).then_some(s)
            }
            Value::Number(n) => Some(n.to_string()),
            other => {
                let msg = format!("应为文本，实际为{}", describe(other));
                self.error(key, l, c, msg);
                None
            }
        }
    }

    /// A required text field: missing is an error.
    pub fn required_string(&mut self, key: &str) -> Option<String> {
        let present = self.map.get(key).is_some();
        let value = self.string(key);
        if !present {
            let (l, c) = (self.map.start_line, 1);
            let zh = field(self.fields, key).zh;
            self.error(
                key,
                l,
                c,
                format!("缺少必填字段：应写明{zh}，例如 “{key}: …”"),
            );
        }
        value
    }

    /// A list of strings; a single string is accepted as a one-item list.
    pub fn string_list(&mut self, key: &str) -> Vec<String> {
        let Some((v, l, c)) = self.map.get(key) else {
            return Vec::new();
        };
        match v {
            Value::String(s) => s
                .split(['、', ',', '，', ';', '；'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            Value::Sequence(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        Value::Number(n) => out.push(n.to_string()),
                        other => {
                            let msg = format!("列表中的每一项应为文本，实际有{}", describe(other));
                            let (l, c) = self.map.item_position(key, i);
                            self.error(key, l, c, msg);
                        }
                    }
                }
                out
            }
            other => {
                let msg = format!("应为文本或文本列表，实际为{}", describe(other));
                self.error(key, l, c, msg);
                Vec::new()
            }
        }
    }

    /// A yes/no field.
    pub fn bool(&mut self, key: &str) -> Option<bool> {
        let (v, l, c) = self.map.get(key)?;
        match v {
            Value::Bool(b) => Some(*b),
            other => {
                let msg = format!("应为 true 或 false，实际为{}", describe(other));
                self.error(key, l, c, msg);
                None
            }
        }
    }

    /// A positive integer field.
    pub fn integer(&mut self, key: &str) -> Option<i64> {
        let (v, l, c) = self.map.get(key)?;
        match v.as_i64() {
            Some(n) => Some(n),
            None => {
                let msg = format!("应为整数，实际为{}", describe(v));
                self.error(key, l, c, msg);
                None
            }
        }
    }

    /// A date field (`2021-01-19`, `2021-01-19 17:11`, RFC 3339, `2021年1月19日`, `二〇二一年一月十九日`;
    /// every form [`DocDate::parse`] reads).
    pub fn date(&mut self, key: &str) -> Option<DocDate> {
        let (v, l, c) = self.map.get(key)?;
        let text = match v {
            Value::String(s) => s.trim().to_string(),
            other => {
                let msg = format!(
                    "应为日期，如 2021-01-19 或 2021-01-19T17:11:57+08:00，实际为{}",
                    describe(other)
                );
                self.error(key, l, c, msg);
                return None;
            }
        };
        match DocDate::parse(&text) {
            Ok(d) => Some(d),
            Err(why) => {
                let msg = format!(
                    "日期无效：应为 YYYY-MM-DD（可带时间 HH:MM[:SS] 与时区）或 2021年1月19日、二〇二一年一月十九日，实际为 “{text}”（{why}）"
                );
                self.error(key, l, c, msg);
                None
            }
        }
    }

    /// Warns about keys that are not known, suggesting the closest known key.
    pub fn warn_unknown(&mut self) {
        let unknown: Vec<(String, usize, usize)> = self
            .map
            .unknown(self.fields)
            .map(|(k, _, l, c)| (k.to_string(), l, c))
            .collect();
        for (key, line, _) in unknown {
            let hint = did_you_mean(&key, self.fields)
                .map(|f| format!("是否想写 {}？", f.label()))
                .unwrap_or_else(|| "该字段会原样交给模板（page.extra）".to_string());
            self.diags.push(Diagnostic::warning(
                self.path,
                line,
                1,
                format!("未知字段 “{key}”：{hint}"),
            ));
        }
    }

    /// Unknown keys as JSON values for `page.extra`.
    pub fn extra(&self) -> BTreeMap<String, serde_json::Value> {
        self.map
            .unknown(self.fields)
            .map(|(k, v, ..)| {
                (
                    k.to_string(),
                    serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
                )
            })
            .collect()
    }
}

/// The known field closest to `key` (edit distance ≤ 2, or ≤ 1 for short keys).
pub fn did_you_mean(key: &str, fields: &'static [FieldName]) -> Option<&'static FieldName> {
    let limit = if key.chars().count() <= 4 { 1 } else { 2 };
    fields
        .iter()
        .flat_map(|f| {
            [
                (f, edit_distance(key, f.key)),
                (f, edit_distance(key, f.zh)),
            ]
        })
        .filter(|(_, d)| *d <= limit)
        .min_by_key(|(_, d)| *d)
        .map(|(f, _)| f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_handles_bom_and_crlf() {
        let s = split(
            Path::new("a.md"),
            "\u{feff}---\r\ntitle: x\r\n---\r\nbody\r\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn list_items_have_their_own_positions() {
        let yaml = "title: x\nfiles:\n- a.pdf  # 注释\n\n-   {title: \"[b]\", file: b.pdf}\nurls: ['a, b', {x: [1, 2]},\n   c]  # ]\nnote: [a, b\n";
        let at = |line, column| item_positions(yaml, 2, line, column);
        assert_eq!(at(3, 7), [(4, 3), (6, 5)]);
        assert_eq!(at(7, 7), [(7, 8), (7, 16), (8, 4)]);
        // A list that does not close, and a value that is no list, have no items.
        assert_eq!(at(9, 7), []);
        assert_eq!(at(2, 8), []);
    }

    #[test]
    fn unclosed_front_matter() {
        let e = split(Path::new("a.md"), b"---\ntitle: x\n").unwrap_err();
        assert!(e.message.contains("没有结束"));
    }

    #[test]
    fn suggests_close_key() {
        assert_eq!(
            did_you_mean("isuer", DOCUMENT_FIELDS).unwrap().key,
            "issuer"
        );
        assert_eq!(
            did_you_mean("发布机关", DOCUMENT_FIELDS).unwrap().key,
            "issuer"
        );
        assert!(did_you_mean("colour", DOCUMENT_FIELDS).is_none());
    }

    #[test]
    fn yaml_error_position_is_file_relative() {
        let path = Path::new("a.md");
        let s = split(path, b"---\ntitle: x\nissuer: \"abc\n---\n").unwrap();
        let e = FieldMap::parse(path, &s, DOCUMENT_FIELDS).err().unwrap();
        assert!(e.line >= 3, "{e}");
    }
}
