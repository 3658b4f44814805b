//! Documents and section indexes read from `content/`: front matter checked field by field into
//! [`DocumentMeta`] / [`SectionMeta`], body kept as Markdown for the markdown stage.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_yaml::Value;

use crate::content::date::DocDate;
use crate::content::front_matter::{
    split, FieldMap, FieldReader, SplitFile, DOCUMENT_FIELDS, SECTION_FIELDS,
};
use crate::content::kept::KeptFronts;
use crate::diagnostics::positions::describe;
use crate::diagnostics::Diagnostics;

/// 有效性 of a normative document (A9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Validity {
    /// 有效
    Valid,
    /// 失效
    Expired,
    /// 废止
    Repealed,
}

impl Validity {
    /// The Chinese word.
    pub fn as_str(self) -> &'static str {
        match self {
            Validity::Valid => "有效",
            Validity::Expired => "失效",
            Validity::Repealed => "废止",
        }
    }
}

/// How the 落款 is produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Signature {
    /// Generated from issuer and 成文日期 (or 发布日期) unless the body ends with one.
    Auto,
    /// `signature: false`: no 落款.
    Off,
    /// `signature: 某某局`: this issuer name, with the generated date.
    Issuer(String),
}

/// An attachment listed in front matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRef {
    /// 附件名称
    pub title: String,
    /// File path relative to the document's folder, or a URL.
    pub file: String,
    /// Line and column of its item of the `attachments` list, for messages.
    pub position: (usize, usize),
}

/// A document's checked front matter (kept by the build cache: [`crate::content::kept`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// 标题
    pub title: String,
    /// 索引号
    pub index_no: Option<String>,
    /// 发布机构
    pub issuer: String,
    /// 发布日期
    pub date: DocDate,
    /// 成文日期
    pub written_on: Option<DocDate>,
    /// 文号
    pub doc_no: Option<String>,
    /// 主题分类
    pub topics: Vec<String>,
    /// 有效性
    pub validity: Option<Validity>,
    /// 失效/废止日期
    pub validity_date: Option<DocDate>,
    /// 公开方式
    pub disclosure: String,
    /// 体裁
    pub genre: Option<String>,
    /// 主题词
    pub keywords: Vec<String>,
    /// 内容概述
    pub summary: Option<String>,
    /// 附注
    pub note: Option<String>,
    /// 落款
    pub signature: Signature,
    /// Explicit URL name.
    pub slug: Option<String>,
    /// Not published unless `--drafts`.
    pub draft: bool,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
    /// 附件
    pub attachments: Vec<AttachmentRef>,
    /// 信息来源
    pub source_url: Option<String>,
    /// Per-document switch for Chinese-numbering titles.
    pub numbering: Option<bool>,
    /// Per-document switch for 目录导读.
    pub toc: Option<bool>,
    /// 解读对象: the 索引号 or content path of the document this one interprets (政策解读).
    pub interprets: Option<String>,
    /// 修改: 索引号 or content paths of the documents this one amends (see [`crate::lifecycle`]).
    pub amends: Vec<String>,
    /// 废止: the documents this one repeals.
    pub repeals: Vec<String>,
    /// 替代: the documents this one replaces.
    pub replaces: Vec<String>,
    /// 公示截止: when a 公示 ends (it then shows as 已结束).
    pub expires: Option<DocDate>,
    /// 年报数据: the tables of a 政府信息公开工作年度报告, inline or the name of a `.yaml` beside
    /// the document (read by [`crate::lifecycle::annual_report`]).
    #[serde(with = "crate::content::kept::yaml_text")]
    pub annual_report: Option<Value>,
    /// Show the 修订记录 on this page (overrides `revision_history` of `config.yaml`).
    pub revision_history: Option<bool>,
    /// 网站年度报表: the year of the 政府网站工作年度报表 this document is (its table is made by
    /// [`crate::website_report`]).
    #[serde(with = "crate::content::kept::yaml_text")]
    pub website_report: Option<Value>,
    /// Unknown keys, for templates.
    #[serde(with = "crate::content::kept::json_text")]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Line and column of each field present, for later checks.
    #[serde(with = "crate::content::kept::field_positions")]
    pub positions: BTreeMap<&'static str, (usize, usize)>,
}

/// A section's `_index.md`.
#[derive(Debug, Clone, Default)]
pub struct SectionMeta {
    /// 栏目名称
    pub title: Option<String>,
    /// One-line description.
    pub description: Option<String>,
    /// Order in navigation (lower first).
    pub weight: i64,
    /// Documents per page.
    pub page_size: Option<usize>,
    /// Fields every document of the section must have.
    pub required: Vec<String>,
    /// Chinese-numbering switch for documents of the section.
    pub numbering: Option<bool>,
    /// Keywords (ColumnKeywords).
    pub keywords: Option<String>,
    /// Column type (ColumnType).
    pub column_type: Option<String>,
    /// 更新周期 as written (`14d`, `6mo`, `none`), checked by the freshness rule.
    pub update_within: Option<String>,
    /// Whether every document of the section needs a 政策解读.
    pub needs_interpretation: bool,
    /// Review levels of the section's documents, overriding `config.yaml` (see
    /// [`crate::review`]).
    pub review: Option<crate::config::review::Levels>,
}

/// A Markdown file after its front matter was read.
#[derive(Debug, Clone)]
pub struct Parsed<M> {
    /// Checked front matter.
    pub meta: M,
    /// The YAML between the `---` lines, as written (the inspection rules read its words).
    pub front_matter: String,
    /// Markdown body.
    pub body: String,
    /// Line of the body's first line in the file.
    pub body_line: usize,
}

/// Reads a document. Returns `None` when the front matter has errors (they are in `diags`).
pub fn parse_document(
    path: &Path,
    bytes: &[u8],
    diags: &mut Diagnostics,
) -> Option<Parsed<DocumentMeta>> {
    parse_document_with(path, bytes, None, diags)
}

/// [`parse_document`], taking the fields and problems from `kept` when it holds what checking
/// the same file name and front matter gave, and keeping them there when it does not.
pub fn parse_document_with(
    path: &Path,
    bytes: &[u8],
    kept: Option<&dyn KeptFronts>,
    diags: &mut Diagnostics,
) -> Option<Parsed<DocumentMeta>> {
    let split = split(path, bytes).map_err(|d| diags.push(d)).ok()?;
    let meta = match kept {
        None => check_document(path, &split, diags)?,
        Some(kept) => match kept.get(path, &split.yaml) {
            Some((meta, found)) => {
                diags.extend(found);
                meta
            }
            None => {
                let mut found = Diagnostics::new();
                let meta = check_document(path, &split, &mut found);
                if let Some(meta) = &meta {
                    let found: Vec<_> = found.iter().cloned().collect();
                    kept.put(path, &split.yaml, meta, &found);
                }
                diags.extend(found);
                meta?
            }
        },
    };
    Some(Parsed {
        meta,
        front_matter: split.yaml,
        body: split.body,
        body_line: split.body_line,
    })
}

/// Checks the front matter of `split`, read from `path`, field by field. `None` when it has
/// errors (they are in `diags`).
fn check_document(path: &Path, split: &SplitFile, diags: &mut Diagnostics) -> Option<DocumentMeta> {
    let map = FieldMap::parse(path, split, DOCUMENT_FIELDS)
        .map_err(|d| diags.push(d))
        .ok()?;
    let errors_before = diags.error_count();
    let mut r = FieldReader {
        map: &map,
        path,
        fields: DOCUMENT_FIELDS,
        diags,
    };
    let title = r.required_string("title");
    let issuer = r.required_string("issuer");
    let date_present = r.map.get("date").is_some();
    let date = r.date("date");
    if !date_present {
        r.report(
            "date",
            "缺少必填字段：应写明发布日期，例如 “date: 2021-01-19”".into(),
        );
    }
    let validity = r.string("validity").and_then(|v| match v.as_str() {
        "有效" | "valid" => Some(Validity::Valid),
        "失效" | "expired" => Some(Validity::Expired),
        "废止" | "repealed" => Some(Validity::Repealed),
        other => {
            r.report(
                "validity",
                format!("应为 有效、失效 或 废止，实际为 “{other}”"),
            );
            None
        }
    });
    let signature = match r.map.get("signature") {
        None => Signature::Auto,
        Some((Value::Bool(false), ..)) => Signature::Off,
        Some((Value::Bool(true), ..)) => Signature::Auto,
        Some(_) => r
            .string("signature")
            .map_or(Signature::Auto, Signature::Issuer),
    };
    let slug = r.string("slug");
    if let Some(s) = &slug {
        if !is_url_safe(s) {
            r.report(
                "slug",
                format!("应只含小写字母、数字、“-” 和 “_”，实际为 “{s}”"),
            );
        }
    }
    let attachments = read_attachments(&mut r);
    let at = r.map.position("source_url");
    let source_url = r
        .string("source_url")
        .filter(|u| safe_url(&mut r, "source_url", at, u));
    let meta = DocumentMeta {
        index_no: r.string("index_no"),
        written_on: r.date("written_on"),
        doc_no: r.string("doc_no"),
        topics: r.string_list("topics"),
        validity,
        validity_date: r.date("validity_date"),
        disclosure: r.string("disclosure").unwrap_or_else(|| "主动公开".into()),
        genre: r.string("genre"),
        keywords: r.string_list("keywords"),
        summary: r.string("summary"),
        note: r.string("note"),
        signature,
        slug,
        draft: r.bool("draft").unwrap_or(false),
        aliases: r.string_list("aliases"),
        attachments,
        source_url,
        numbering: r.bool("numbering"),
        toc: r.bool("toc"),
        interprets: r.string("interprets"),
        amends: r.string_list("amends"),
        repeals: r.string_list("repeals"),
        replaces: r.string_list("replaces"),
        expires: r.date("expires"),
        annual_report: r.map.get("annual_report").map(|(v, ..)| v.clone()),
        revision_history: r.bool("revision_history"),
        website_report: r.map.get("website_report").map(|(v, ..)| v.clone()),
        extra: r.extra(),
        positions: DOCUMENT_FIELDS
            .iter()
            .filter(|f| map.get(f.key).is_some())
            .map(|f| (f.key, map.position(f.key)))
            .collect(),
        title: title.unwrap_or_default(),
        issuer: issuer.unwrap_or_default(),
        date: date.unwrap_or_else(DocDate::now),
    };
    r.warn_unknown();
    (diags.error_count() == errors_before).then_some(meta)
}

fn read_attachments(r: &mut FieldReader<'_>) -> Vec<AttachmentRef> {
    let Some((value, ..)) = r.map.get("attachments") else {
        return Vec::new();
    };
    let Value::Sequence(items) = value else {
        let msg = format!(
            "应为列表，每项写 “- {{title: 附件名, file: 文件名}}”，实际为{}",
            describe(value)
        );
        r.report("attachments", msg);
        return Vec::new();
    };
    let mut out: Vec<AttachmentRef> = Vec::new();
    for (i, item) in items.clone().into_iter().enumerate() {
        let position = r.map.item_position("attachments", i);
        match item {
            Value::String(file) => out.push(AttachmentRef {
                title: file_title(&file),
                file,
                position,
            }),
            Value::Mapping(m) => {
                let get = |k: &str, zh: &str| {
                    m.get(k)
                        .or_else(|| m.get(zh))
                        .and_then(Value::as_str)
                        .map(str::to_string)
                };
                match get("file", "文件").or_else(|| get("url", "网址")) {
                    Some(file) => out.push(AttachmentRef {
                        title: get("title", "标题").unwrap_or_else(|| file_title(&file)),
                        file,
                        position,
                    }),
                    None => r.report_item(
                        "attachments",
                        i,
                        "每个附件应有 file（文件名）或 url，实际缺少".into(),
                    ),
                }
            }
            other => r.report_item(
                "attachments",
                i,
                format!(
                    "每个附件应为文件名或 {{title, file}}，实际为{}",
                    describe(&other)
                ),
            ),
        }
    }
    out.retain(|a| safe_url(r, "attachments", a.position, &a.file));
    out
}

/// Whether a URL of the front matter may be linked: else a warning, and the caller leaves it out
/// (see [`crate::url`]).
fn safe_url(r: &mut FieldReader<'_>, key: &str, at: (usize, usize), url: &str) -> bool {
    let safe = crate::url::is_safe_link(url);
    if !safe {
        r.warn_at(key, at, crate::url::unsafe_message(url));
    }
    safe
}

fn file_title(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_string()
}

/// Reads a section's `_index.md`.
pub fn parse_section(path: &Path, bytes: &[u8], diags: &mut Diagnostics) -> Parsed<SectionMeta> {
    let fallback = || Parsed {
        meta: SectionMeta::default(),
        front_matter: String::new(),
        body: String::new(),
        body_line: 1,
    };
    let Some(split) = split(path, bytes).map_err(|d| diags.push(d)).ok() else {
        return fallback();
    };
    let Some(map) = FieldMap::parse(path, &split, SECTION_FIELDS)
        .map_err(|d| diags.push(d))
        .ok()
    else {
        return fallback();
    };
    let mut r = FieldReader {
        map: &map,
        path,
        fields: SECTION_FIELDS,
        diags,
    };
    let required = r.string_list("required");
    let mut required_keys = Vec::new();
    for key in required {
        match DOCUMENT_FIELDS.iter().find(|f| f.key == key || f.zh == key) {
            Some(f) => required_keys.push(f.key.to_string()),
            None => r.report(
                "required",
                format!("“{key}” 不是文档字段：应为 index_no、doc_no 等 front matter 键"),
            ),
        }
    }
    let page_size = r.integer("page_size").and_then(|n| {
        if n > 0 {
            Some(n as usize)
        } else {
            r.report("page_size", format!("应为正整数，实际为 {n}"));
            None
        }
    });
    let review = r.map.get("review").map(|(v, ..)| v.clone());
    let review = review.and_then(|v| match crate::config::review::Levels::from_value(&v) {
        Ok(levels) => Some(levels),
        Err(why) => {
            r.report("review", why);
            None
        }
    });
    let meta = SectionMeta {
        review,
        title: r.string("title"),
        description: r.string("description"),
        weight: r.integer("weight").unwrap_or(0),
        page_size,
        required: required_keys,
        numbering: r.bool("numbering"),
        keywords: r.string("keywords"),
        column_type: r.string("type"),
        update_within: r.string("update_within"),
        needs_interpretation: r.bool("needs_interpretation").unwrap_or(false),
    };
    let _ = r.string("sort");
    r.warn_unknown();
    Parsed {
        meta,
        front_matter: split.yaml,
        body: split.body,
        body_line: split.body_line,
    }
}

/// Whether `s` can be used as-is in a URL path segment (ASCII letters, digits, `-`, `_`, `.`).
pub fn is_url_safe(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A document as loaded from disk, before the site tree is built.
#[derive(Debug, Clone)]
pub struct SourceDocument {
    /// Path relative to the site root, for messages (`content/xxgk/a.md`).
    pub file: PathBuf,
    /// Folder of the file relative to `content/` (`xxgk`), `""` for the top.
    pub dir: String,
    /// URL name of the document.
    pub slug: String,
    /// Checked front matter, boxed: the build moves documents from list to list (held back,
    /// placed in the tree), and each move of 100,000 documents held two lists of them at once.
    pub meta: Box<DocumentMeta>,
    /// The YAML between the `---` lines, as written.
    pub front_matter: String,
    /// Markdown body.
    pub body: String,
    /// Line of the body's first line.
    pub body_line: usize,
    /// The start of the content hash, made from the bytes read ([`crate::content::hashed`]).
    pub text_digest: crate::content::hashed::TextDigest,
}

impl SourceDocument {
    /// The file's text as read (BOM removed, line ends as `\n`): what the inspection rules scan.
    pub fn text(&self) -> String {
        source_text(&self.front_matter, &self.body)
    }
}

/// A Markdown file's text from its front matter and body, on the lines it was read from.
pub fn source_text(front_matter: &str, body: &str) -> String {
    format!("---\n{front_matter}---\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Parsed<DocumentMeta>>, Diagnostics) {
        let mut d = Diagnostics::new();
        let p = parse_document(Path::new("a.md"), text.as_bytes(), &mut d);
        (p, d)
    }

    #[test]
    fn chinese_aliases_are_accepted() {
        let (p, d) = parse("---\n标题: 通知\n发布机构: 市民政局\n发布日期: 2021-01-19\n主题分类: 民政\n---\n正文\n");
        let p = p.expect("parses");
        assert!(d.is_empty(), "{d}");
        assert_eq!(p.meta.issuer, "市民政局");
        assert_eq!(p.meta.topics, vec!["民政"]);
    }

    #[test]
    fn list_where_string_belongs() {
        let (p, d) = parse("---\ntitle: t\nissuer: [a, b]\ndate: 2021-01-01\n---\n");
        assert!(p.is_none());
        let e = d.iter().next().unwrap();
        assert_eq!((e.line, e.column), (3, 9));
        assert_eq!(e.field.as_deref(), Some("issuer（发布机构）"));
        assert!(e.message.contains("列表"));
    }

    #[test]
    fn an_unsafe_attachment_link_is_left_out_with_a_warning_at_its_item() {
        let (p, d) = parse("---\ntitle: t\nissuer: i\ndate: 2021-01-01\nattachments:\n  - a.pdf\n  - javascript:alert(1)\n---\n");
        assert_eq!(p.expect("parses").meta.attachments.len(), 1);
        let w = d.iter().next().expect("a warning");
        assert_eq!((w.line, w.column, w.is_error()), (7, 5, false), "{d}");
    }

    #[test]
    fn missing_fields_are_all_reported() {
        let (p, d) = parse("---\nsummary: x\n---\n");
        assert!(p.is_none());
        assert_eq!(d.error_count(), 3, "{d}");
    }

    #[test]
    fn unknown_key_warns_and_reaches_extra() {
        let (p, d) = parse("---\ntitle: t\nissuer: i\nisuer: j\ndate: 2021-01-01\n---\n");
        let p = p.unwrap();
        assert_eq!(d.warning_count(), 1);
        assert!(d.to_string().contains("是否想写 issuer（发布机构）"), "{d}");
        assert_eq!(p.meta.extra["isuer"], "j");
    }
}
