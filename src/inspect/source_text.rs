//! The text of a document's source file that the inspection rules read: every line of the body
//! and the front-matter lines that hold words a visitor sees (标题, 内容概述, 附注, …). Lines of
//! technical keys (索引号, 文号, dates, slug, aliases, addresses) are left out, so their digits are
//! never taken for phone or ID numbers and their codes never for wording.

use std::path::{Path, PathBuf};

use crate::content::front_matter::DOCUMENT_FIELDS;

/// Front-matter keys whose values are codes, dates or addresses rather than visible wording.
const TECHNICAL_KEYS: &[&str] = &[
    "index_no",
    "doc_no",
    "date",
    "written_on",
    "validity_date",
    "slug",
    "draft",
    "aliases",
    "source_url",
    "numbering",
    "toc",
    "interprets",
    "amends",
    "repeals",
    "replaces",
    "expires",
    "annual_report",
    "website_report",
];

/// One scannable line of a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the file.
    pub number: usize,
    /// Byte offset of the line's start in the file's text.
    pub offset: usize,
    /// The line without its newline.
    pub text: &'a str,
    /// The front-matter key the line belongs to (English form), `None` in the body.
    pub key: Option<&'static str>,
}

/// A document's source as read from disk.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Path shown in messages (`content/xxgk/a.md`).
    pub shown: PathBuf,
    /// Path on disk.
    pub path: PathBuf,
    /// Whole text (BOM removed, line ends kept as written).
    pub text: String,
}

impl SourceText {
    /// Reads a document's file; `None` when it cannot be read as UTF-8 (the build reports that).
    pub fn read(root: &Path, shown: &Path) -> Option<SourceText> {
        let path = root.join(shown);
        let bytes = std::fs::read(&path).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text);
        Some(SourceText {
            shown: shown.to_path_buf(),
            path,
            text,
        })
    }

    /// The lines the rules read, in order.
    pub fn lines(&self) -> Vec<Line<'_>> {
        scannable_lines(&self.text)
    }
}

/// Splits a Markdown file with front matter into the lines the rules read.
pub fn scannable_lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    // 0: before the opening `---`, 1: in front matter, 2: body.
    let mut state = 0;
    let mut key: Option<&'static str> = None;
    let mut skip = false;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let start = offset;
        offset += raw.len();
        match state {
            0 if line.trim_end() == "---" => {
                state = 1;
                continue;
            }
            0 => state = 2,
            1 if line.trim_end() == "---" => {
                state = 2;
                continue;
            }
            1 => {
                if let Some(k) = top_level_key(line) {
                    key = field_key(k);
                    skip = key.is_some_and(|k| TECHNICAL_KEYS.contains(&k));
                }
                if skip || line.trim_start().starts_with('#') {
                    continue;
                }
                out.push(Line {
                    number: i + 1,
                    offset: start,
                    text: line,
                    key,
                });
                continue;
            }
            _ => {}
        }
        out.push(Line {
            number: i + 1,
            offset: start,
            text: line,
            key: None,
        });
    }
    out
}

/// The key of a top-level `key: value` line of YAML.
fn top_level_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '-', '#']) || line.trim().is_empty() {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    Some(key.trim().trim_matches(['"', '\'']))
}

/// The English key of a document field written in English or Chinese.
fn field_key(key: &str) -> Option<&'static str> {
    DOCUMENT_FIELDS
        .iter()
        .find(|f| f.key == key || f.zh == key)
        .map(|f| f.key)
}

/// The front-matter field as shown in messages (`summary（内容概述）`).
pub fn field_label(key: &str) -> Option<String> {
    DOCUMENT_FIELDS
        .iter()
        .find(|f| f.key == key)
        .map(|f| format!("{}（{}）", f.key, f.zh))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technical_keys_and_fences_are_skipped() {
        let text = "---\ntitle: 通知\nindex_no: 11371500004428004U/2021-00001\n发布日期: 2021-01-19\naliases:\n  - /old/13812345678.html\nsummary: 内容\n---\n正文\n";
        let lines = scannable_lines(text);
        let got: Vec<(usize, &str, Option<&str>)> =
            lines.iter().map(|l| (l.number, l.text, l.key)).collect();
        assert_eq!(
            got,
            vec![
                (2, "title: 通知", Some("title")),
                (7, "summary: 内容", Some("summary")),
                (9, "正文", None),
            ]
        );
        assert_eq!(&text[lines[2].offset..lines[2].offset + 6], "正文");
    }
}
