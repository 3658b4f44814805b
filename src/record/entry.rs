//! One entry of the publication record, and the chain that ties the entries together: each line
//! of the file is one entry as JSON, carrying the SHA-256 of the line before it (`prev`) and its
//! number (`seq`), so that an entry changed, removed or inserted by hand breaks the chain at the
//! next one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// What happened to a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Event {
    /// The record began (first line; no document).
    Start,
    /// Already published when the record began: its starting point, not a publication date.
    Baseline,
    /// Appeared on the site.
    Published,
    /// Changed while published.
    Revised,
    /// Taken off the site (deleted, renamed, drafted, held back).
    Removed,
}

/// How much of the body a revision changed, counted in paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyChange {
    /// Paragraphs after the revision.
    pub paragraphs: usize,
    /// Paragraphs that are new.
    pub added: usize,
    /// Paragraphs that are gone.
    pub removed: usize,
}

/// One line of the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Its number, from 1.
    pub seq: u64,
    /// SHA-256 (hex) of the previous line; empty for the first.
    pub prev: String,
    /// When the build that published it ran (`2026-12-07T09:30:00+08:00`).
    pub time: String,
    /// What happened.
    pub event: Event,
    /// The document's file, relative to the site root (`content/xxgk/a.md`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc: String,
    /// Its page (`xxgk/a/`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// Its title.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Its 发布日期 as written in the front matter then.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    /// SHA-256 (hex) of its content (see [`crate::review::content`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hash: String,
    /// Fingerprint of each front-matter field (and `attachment_files`), to tell which changed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// Fingerprints of the body's paragraphs, space-separated, to tell how much changed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub paras: String,
    /// Fields changed by this revision.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<String>,
    /// How much of the body this revision changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyChange>,
}

impl Entry {
    /// The time as a timestamp (the build time; the epoch when unreadable).
    pub fn at(&self) -> jiff::Timestamp {
        self.time.parse().unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }

    /// The document is on the site after this entry.
    pub fn live(&self) -> bool {
        matches!(
            self.event,
            Event::Baseline | Event::Published | Event::Revised
        )
    }
}

/// SHA-256 (hex) of a line of the record.
pub fn line_hash(line: &str) -> String {
    crate::output::Digest(Sha256::digest(line.as_bytes()).into()).to_string()
}

/// A break in the chain: the entry (line) where it shows and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// Line of the file (= entry number when the file is whole).
    pub line: usize,
    /// What is wrong, naming the entry to look at.
    pub message: String,
}

/// Reads the record's text and checks its chain. The first break is returned, naming the entry
/// that was changed.
pub fn parse_chain(text: &str) -> Result<Vec<Entry>, Break> {
    use rayon::prelude::*;
    // The lines of a stretch are read and hashed on any core; the chain is then checked in
    // order, so the first break is the one reported. A stretch at a time: at 100,000
    // documents the whole record read at once would hold 40 MB more.
    let lines: Vec<&str> = text.lines().collect();
    let mut entries = Vec::with_capacity(lines.len());
    let mut prev_hash: Option<String> = None;
    let read = (lines.chunks(4096)).flat_map(|stretch| {
        let read: Vec<(serde_json::Result<Entry>, String)> = (stretch.par_iter())
            .map(|line| (serde_json::from_str(line), line_hash(line)))
            .collect();
        read
    });
    for (i, (entry, hash)) in read.enumerate() {
        let n = i + 1;
        let entry: Entry = entry.map_err(|e| Break {
            line: n,
            message: format!(
                "发布记录第 {n} 条无法识别（{e}）：记录只能由 gongkai build 追加，不能手工修改"
            ),
        })?;
        if entry.seq != n as u64 {
            return Err(Break {
                line: n,
                message: format!(
                    "发布记录第 {n} 条的序号为 {}：其前有记录被删除或插入",
                    entry.seq
                ),
            });
        }
        let expected = prev_hash.take().unwrap_or_default();
        if entry.prev != expected {
            let message = if n == 1 {
                "发布记录第 1 条不是记录的开头：其前的记录被删除".to_string()
            } else {
                format!(
                    "发布记录第 {} 条在写入后被改动（第 {n} 条所记的前一条哈希与它不符）：记录只能由 gongkai build 追加；请从版本库恢复原记录",
                    n - 1
                )
            };
            return Err(Break {
                line: n - usize::from(n > 1),
                message,
            });
        }
        entries.push(entry);
        prev_hash = Some(hash);
    }
    if !text.is_empty() && !text.ends_with('\n') {
        let n = entries.len();
        return Err(Break {
            line: n,
            message: format!(
                "发布记录第 {n} 条不完整（缺少行尾）：上次写入被中断，或记录被手工修改"
            ),
        });
    }
    Ok(entries)
}

/// Sets `seq` and `prev` of `entries` to follow `last_line` (the record's last line, if any)
/// and returns their lines.
pub fn chain(last_line: Option<&str>, seq: u64, entries: &mut [Entry]) -> Vec<String> {
    let mut prev = last_line.map(line_hash).unwrap_or_default();
    let mut lines = Vec::with_capacity(entries.len());
    let mut json = Vec::new();
    for (i, entry) in entries.iter_mut().enumerate() {
        entry.seq = seq + 1 + i as u64;
        entry.prev = prev;
        // An Entry is plain strings, numbers and maps: serialising it cannot fail. Each line is
        // made once in `json` and copied at its length: serialised alone, it would hold up to
        // twice that (a clean build at 100,000 documents holds 70 MB of lines to the end).
        json.clear();
        let _ = serde_json::to_writer(&mut json, entry);
        let line = String::from_utf8_lossy(&json).into_owned();
        prev = line_hash(&line);
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(event: Event, doc: &str) -> Entry {
        Entry {
            doc: doc.into(),
            ..crate::record::blank(event, "2026-12-07T09:30:00+08:00")
        }
    }

    #[test]
    fn a_chain_reads_back_and_an_edit_names_the_entry() {
        let mut first = vec![
            entry(Event::Start, ""),
            entry(Event::Baseline, "content/a.md"),
        ];
        let mut lines = chain(None, 0, &mut first);
        let mut more = vec![entry(Event::Revised, "content/a.md")];
        lines.extend(chain(lines.last().map(String::as_str), 2, &mut more));
        let text = lines.join("\n") + "\n";
        let read = parse_chain(&text).unwrap();
        assert_eq!(read.len(), 3);
        assert_eq!(read[2].seq, 3);
        let forged = text.replacen("content/a.md", "content/b.md", 1);
        let e = parse_chain(&forged).unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
        assert!(e.message.contains("第 2 条在写入后被改动"), "{e:?}");
        let cut: Vec<&str> = text.lines().skip(1).collect();
        assert!(parse_chain(&(cut.join("\n") + "\n")).is_err());
    }
}
