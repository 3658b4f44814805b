//! What the editor's pages are made from: the form's fields (the parser's own field list, each
//! with the input that suits it), the choices the site offers (栏目, 发布机构, 主题分类 in
//! `config.yaml` and in use), a document as the form shows it, and the documents list.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::content::front_matter::DOCUMENT_FIELDS;
use crate::content::tree::Site;
use crate::diagnostics::{Diagnostic, Severity};
use crate::lifecycle::Lifecycle;

/// The input a field needs, by its English key. Every key of [`DOCUMENT_FIELDS`] has one (a
/// test says so): a field added to the parser does not reach the form silently wrong.
pub fn kind(key: &str) -> Option<&'static str> {
    Some(match key {
        "title" | "doc_no" | "slug" | "source_url" | "signature" => "text",
        "index_no" => "index_no",
        "issuer" | "genre" | "disclosure" => "choice",
        "date" | "written_on" | "validity_date" | "expires" => "date",
        "topics" | "keywords" | "aliases" => "list",
        "validity" => "validity",
        "summary" | "note" => "long",
        "draft" | "numbering" | "toc" | "revision_history" => "switch",
        "attachments" => "attachments",
        "interprets" => "relation",
        "amends" | "repeals" | "replaces" => "relations",
        "annual_report" => "kept",
        "website_report" => "text",
        _ => return None,
    })
}

/// Fields every document must have (the parser reports them missing).
const REQUIRED: &[&str] = &["title", "issuer", "date"];

/// The form's fields and the choices the site offers.
pub fn schema(site: &Site) -> Value {
    let fields: Vec<Value> = DOCUMENT_FIELDS
        .iter()
        .map(|f| {
            json!({
                "key": f.key, "label": f.zh, "kind": kind(f.key).unwrap_or("text"),
                "required": REQUIRED.contains(&f.key),
            })
        })
        .collect();
    let sections: Vec<Value> = (site.sections.iter().skip(1))
        .map(|s| json!({ "dir": s.dir, "title": s.title, "required": s.required }))
        .collect();
    let mut issuers = BTreeSet::new();
    let mut topics = BTreeSet::new();
    let mut genres = BTreeSet::new();
    for s in [&site.config.issuer, &site.config.identity.title] {
        if !s.trim().is_empty() {
            issuers.insert(s.clone());
        }
    }
    for d in &site.docs {
        let m = &d.source.meta;
        issuers.insert(m.issuer.clone());
        topics.extend(m.topics.iter().cloned());
        genres.extend(m.genre.iter().cloned());
    }
    json!({
        "fields": fields,
        "sections": sections,
        "choices": {
            "issuer": issuers, "topics": topics, "genre": genres,
            "disclosure": ["主动公开", "依申请公开", "不予公开"],
        },
        "site": site.config.identity.title,
    })
}

/// A document's state in the list: 草稿, 待发布, 失效/废止 or 已发布.
pub fn state_of(site: &Site, lifecycle: &Lifecycle, d: usize) -> &'static str {
    let state = lifecycle.state(d);
    if site.docs[d].source.meta.draft {
        "草稿"
    } else if state.scheduled {
        "待发布"
    } else if state.invalid() {
        "失效/废止"
    } else {
        "已发布"
    }
}

/// One problem as the form places it: the field it is about, or its line in the file.
pub fn problem(p: &Diagnostic) -> Value {
    let key = p
        .field
        .as_deref()
        .and_then(|f| f.split('（').next())
        .unwrap_or_default();
    json!({
        "key": key,
        "line": p.line,
        "severity": if p.is_advice() { "advice" } else if p.severity == Severity::Error { "error" } else { "warning" },
        "message": p.message,
        "text": p.to_string(),
    })
}

/// The front matter of a text as the form fills it: each known field by its English key
/// (Chinese keys are read as their English one), and the keys the parser does not know.
pub fn fields_of(text: &str) -> (Value, Vec<String>) {
    let stripped = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let yaml = stripped
        .strip_prefix("---\n")
        .and_then(|rest| {
            let end = rest
                .find("\n---")
                .map(|i| i + 1)
                .or_else(|| rest.starts_with("---").then_some(0))?;
            Some(&rest[..end])
        })
        .unwrap_or_default();
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap_or_default();
    let mut fields = serde_json::Map::new();
    let mut unknown = Vec::new();
    if let serde_yaml::Value::Mapping(map) = value {
        for (k, v) in map {
            let key = k.as_str().unwrap_or_default();
            let known = DOCUMENT_FIELDS.iter().find(|f| f.key == key || f.zh == key);
            match known {
                Some(f) => {
                    fields.insert(f.key.into(), serde_json::to_value(v).unwrap_or_default());
                }
                None => unknown.push(key.to_string()),
            }
        }
    }
    (Value::Object(fields), unknown)
}

/// The body of a text (after the closing `---`), LF line ends, and its first line's number.
pub fn body_of(text: &str) -> (String, usize) {
    let stripped = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let mut offset = 0;
    for (i, line) in stripped.split_inclusive('\n').enumerate() {
        offset += line.len();
        if i > 0 && matches!(line.trim_end(), "---" | "...") {
            return (stripped[offset..].to_string(), i + 2);
        }
    }
    (stripped, 1)
}

/// The filters of the documents list, as the page sends them.
#[derive(Debug, Default)]
pub struct Filter {
    /// Words of the title, 索引号 or 文号.
    pub q: String,
    /// 栏目 folder (and its sub-sections).
    pub section: String,
    /// Year of 发布日期.
    pub year: String,
    /// 发布机构.
    pub issuer: String,
    /// 草稿, 待发布, 已发布 or 失效/废止.
    pub state: String,
    /// First row to show.
    pub offset: usize,
}

/// Rows of the list shown at once.
pub const PAGE_ROWS: usize = 100;

/// The documents list, newest first, filtered, with each row's numbers of errors and warnings
/// (`counts`, by path; advice not counted, as the build counts); with the years and issuers to
/// filter by.
pub fn list(
    site: &Site,
    counts: &std::collections::HashMap<String, (usize, usize)>,
    f: &Filter,
) -> Value {
    let lifecycle = &site.lifecycle;
    let mut order: Vec<usize> = (0..site.docs.len()).collect();
    order.sort_by(|&a, &b| {
        site.docs[b]
            .source
            .meta
            .date
            .cmp(&site.docs[a].source.meta.date)
    });
    let q = f.q.trim().to_lowercase();
    let mut years = BTreeSet::new();
    let mut issuers = BTreeSet::new();
    let mut rows = Vec::new();
    let mut total = 0;
    for d in order {
        let doc = &site.docs[d];
        let m = &doc.source.meta;
        let year = m.date.year().to_string();
        years.insert(year.clone());
        issuers.insert(m.issuer.clone());
        let state = state_of(site, lifecycle, d);
        let hit = (f.section.is_empty()
            || doc.source.dir == f.section
            || doc.source.dir.starts_with(&format!("{}/", f.section)))
            && (f.year.is_empty() || f.year == year)
            && (f.issuer.is_empty() || f.issuer == m.issuer)
            && (f.state.is_empty() || f.state == state)
            && (q.is_empty()
                || m.title.to_lowercase().contains(&q)
                || m.index_no
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase().contains(&q))
                || m.doc_no
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase().contains(&q)));
        if !hit {
            continue;
        }
        total += 1;
        if total <= f.offset || rows.len() >= PAGE_ROWS {
            continue;
        }
        let rel = crate::text::content_rel(&doc.source.file);
        let (errors, warnings) = counts.get(&rel).copied().unwrap_or_default();
        rows.push(json!({
            "path": rel, "title": m.title, "date": m.date.ymd(), "issuer": m.issuer,
            "index_no": m.index_no, "doc_no": m.doc_no, "state": state,
            "section": site.sections[doc.section].title,
            "errors": errors, "warnings": warnings,
        }));
    }
    json!({
        "rows": rows, "total": total, "offset": f.offset,
        "years": years.into_iter().rev().collect::<Vec<_>>(), "issuers": issuers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parser_field_has_an_input() {
        for f in DOCUMENT_FIELDS {
            assert!(
                kind(f.key).is_some(),
                "{} has no input in the editor",
                f.key
            );
        }
    }

    #[test]
    fn fields_are_read_by_their_english_key() {
        let (fields, unknown) = fields_of("---\n标题: 甲\ndate: 2021-01-02\nmine: 1\n---\n正文\n");
        assert_eq!(fields["title"], "甲");
        assert_eq!(fields["date"], "2021-01-02");
        assert_eq!(unknown, ["mine"]);
        assert_eq!(body_of("---\na: 1\n---\n正文\n"), ("正文\n".to_string(), 4));
    }
}
