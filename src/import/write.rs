//! Turns what was read and recognised into a document of the site: the front matter decided
//! field by field (each with where its value came from, for the import report), the body as
//! Markdown, and the files saved beside it. Nothing existing is overwritten without `--force`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::gongwen::{self, squeeze, trim, Recognised};
use super::model::{AttachmentTarget, Block, Extracted, ImageSource, Inline, Para, Table};
use super::{ImportOptions, SourceKind};
use crate::config::Config;
use crate::content::date::DocDate;
use crate::content::document::is_url_safe;
use crate::content::index_no::next_index_no;
use crate::content::load::{slug_from_index_no, LoadedContent};
use crate::markdown::escape_text;

/// One line of the import report: a field, its value, and where the value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    /// Field name for people (`标题（title）`).
    pub field: String,
    /// Value as written.
    pub value: String,
    /// Where it was found.
    pub from: String,
}

/// A document ready to be written.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The Markdown file to write.
    pub target: PathBuf,
    /// Its whole text (front matter and body).
    pub text: String,
    /// Files to save beside it: (path, bytes).
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// What was recognised, field by field.
    pub rows: Vec<ReportRow>,
    /// What could not be recognised.
    pub missing: Vec<String>,
    /// Things to check by hand.
    pub warnings: Vec<String>,
}

/// The site being imported into: what is taken already (file names, 索引号).
pub struct Site<'a> {
    config: &'a Config,
    root: PathBuf,
    section: String,
    section_dir: PathBuf,
    index_nos: Vec<String>,
    section_index_nos: Vec<String>,
    uses_index_no: bool,
    taken: BTreeSet<PathBuf>,
    force: bool,
}

impl<'a> Site<'a> {
    /// The site as loaded before the import.
    pub fn new(config: &'a Config, loaded: &LoadedContent, opts: &ImportOptions) -> Site<'a> {
        let section = opts.section.trim_matches('/').to_string();
        let index_nos: Vec<String> = loaded
            .documents
            .iter()
            .filter_map(|d| d.meta.index_no.clone())
            .collect();
        let section_index_nos: Vec<String> = loaded
            .documents
            .iter()
            .filter(|d| d.dir == section)
            .filter_map(|d| d.meta.index_no.clone())
            .collect();
        let required = loaded
            .sections
            .iter()
            .find(|s| s.dir == section)
            .is_some_and(|s| s.index.meta.required.iter().any(|k| k == "index_no"));
        Site {
            config,
            root: opts.root.clone(),
            section_dir: opts.root.join("content").join(&section),
            uses_index_no: required
                || !section_index_nos.is_empty()
                || !config.index_no_prefix.trim().is_empty(),
            section,
            index_nos,
            section_index_nos,
            taken: BTreeSet::new(),
            force: opts.force,
        }
    }

    /// Decides the document for one source.
    pub fn draft(
        &mut self,
        source: &Path,
        kind: SourceKind,
        ex: Extracted,
    ) -> Result<Draft, String> {
        // Titles the source states elsewhere: the title lines at the top of the body must spell
        // one of them to be taken as the title (a .docx states none that can be trusted).
        let known_titles: Vec<String> = ex
            .stated
            .get("title")
            .filter(|(_, from)| !from.starts_with("文档属性"))
            .map(|(t, _)| t.clone())
            .into_iter()
            .chain(ex.title_candidates.iter().cloned())
            .collect();
        let rec = gongwen::recognise(&ex, &known_titles);
        let mut f = Fields::default();
        f.decide(&ex, &rec, kind, source);
        if f.issuer.is_none() {
            let own = [&self.config.issuer, &self.config.title]
                .into_iter()
                .find(|s| !s.trim().is_empty());
            f.issuer = own.map(|i| (i.clone(), "config.yaml（原文中找不到发布机构）".into()));
        }
        if f.title.is_none() {
            return Err("找不到标题：页面没有 “标题” 一栏，正文开头也没有居中的标题行".into());
        }
        // 索引号: stated, else the next free serial of the site's prefix.
        if f.index_no.is_none() && self.uses_index_no {
            let year = f
                .date
                .as_ref()
                .and_then(|(d, _)| DocDate::parse(d).ok())
                .map_or_else(|| DocDate::now().year(), |d| d.year());
            let all: Vec<&str> = self.index_nos.iter().map(String::as_str).collect();
            let section: Vec<&str> = self.section_index_nos.iter().map(String::as_str).collect();
            if let Some(no) = next_index_no(self.config, &all, &section, year) {
                f.index_no = Some((no, "下一个空闲的流水号（index_no_prefix）".into()));
            }
        }
        if let Some((no, _)) = &f.index_no {
            self.index_nos.push(no.clone());
            self.section_index_nos.push(no.clone());
        }
        let slug = self.slug(source, &f);
        let target = self.section_dir.join(format!("{slug}.md"));
        let mut files = Vec::new();
        let mut asset_names = Vec::new();
        for a in &ex.assets {
            let name = self.asset_name(&slug, &a.name);
            files.push((self.section_dir.join(&name), a.bytes.clone()));
            asset_names.push(name);
        }
        for link in &ex.attachments {
            let file = match &link.target {
                AttachmentTarget::Asset(i) => asset_names.get(*i).cloned().unwrap_or_default(),
                AttachmentTarget::Remote(url) => url.clone(),
            };
            f.attachments.push((link.title.clone(), file));
        }
        let body = markdown(&rec.body, &ex.footnotes, &asset_names);
        let rows = f.rows(&rec, &ex, body.chars().count());
        let missing = f.missing(&rec, kind);
        let mut warnings = ex.warnings.clone();
        if rec.dropped > 0 {
            warnings.push(format!(
                "去掉了 {} 段页面附属文字（字号、打印、分享等）",
                rec.dropped
            ));
        }
        for note in &rec.attachment_notes {
            if !f.attachments.iter().any(|(t, _)| t == note)
                && !rec
                    .appended_titles
                    .iter()
                    .any(|t| squeeze(t) == squeeze(note))
            {
                warnings.push(format!(
                    "附件说明中的 “{note}” 没有找到对应的文件或正文：请把文件放到 {} 并写入 attachments",
                    self.section_dir.display()
                ));
            }
        }
        let text = format!("---\n{}---\n\n{body}", f.front_matter(&rec));
        let draft = Draft {
            target,
            text,
            files,
            rows,
            missing,
            warnings,
        };
        self.check_free(&draft)?;
        self.taken.insert(draft.target.clone());
        for (p, _) in &draft.files {
            self.taken.insert(p.clone());
        }
        Ok(draft)
    }

    /// Refuses to overwrite an existing file without `--force`.
    fn check_free(&self, draft: &Draft) -> Result<(), String> {
        if self.force {
            return Ok(());
        }
        for p in std::iter::once(&draft.target).chain(draft.files.iter().map(|(p, _)| p)) {
            if p.exists() || self.taken.contains(p) {
                return Err(format!(
                    "{} 已存在：不会覆盖（确认要覆盖时加 --force）",
                    self.display(p)
                ));
            }
        }
        Ok(())
    }

    /// Writes the document and its files (each written whole, then renamed into place).
    pub fn save(&self, draft: &Draft) -> Result<(), String> {
        std::fs::create_dir_all(&self.section_dir)
            .map_err(|e| format!("无法创建 {}：{e}", self.section_dir.display()))?;
        let section_index = self.section_dir.join("_index.md");
        if !section_index.exists() {
            let title = self.section.rsplit('/').next().unwrap_or(&self.section);
            write_whole(
                &section_index,
                format!("---\ntitle: \"{title}\"\n---\n").as_bytes(),
            )?;
        }
        for (p, bytes) in &draft.files {
            write_whole(p, bytes)?;
        }
        write_whole(&draft.target, draft.text.as_bytes())
    }

    /// A path relative to the site root, for messages.
    pub fn display(&self, p: &Path) -> String {
        p.strip_prefix(&self.root)
            .unwrap_or(p)
            .display()
            .to_string()
    }

    /// The file name: the source's own name when it is a URL name, else the old page's, else
    /// from the 索引号, else from the date; made unique in the section.
    fn slug(&self, source: &Path, f: &Fields) -> String {
        let stem = source
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let from_url = f
            .source_url
            .as_ref()
            .and_then(|(u, _)| {
                u.split(['?', '#'])
                    .next()?
                    .rsplit('/')
                    .next()
                    .map(str::to_string)
            })
            .map(|last| last.split('.').next().unwrap_or("").to_string());
        let base = [Some(stem), from_url]
            .into_iter()
            .flatten()
            .find(|s| is_url_safe(s) && s.len() <= 80)
            .map(|s| s.to_lowercase())
            .or_else(|| f.index_no.as_ref().and_then(|(n, _)| slug_from_index_no(n)))
            .or_else(|| {
                f.written_on
                    .as_ref()
                    .or(f.date.as_ref())
                    .map(|(d, _)| d.chars().take(10).collect::<String>())
                    .filter(|d| is_url_safe(d))
            })
            .unwrap_or_else(|| "document".into());
        let mut slug = base.clone();
        let mut n = 2;
        // Never two documents of one run on the same name; an existing file of that name is
        // reported (or replaced with --force) rather than silently imported beside it.
        while {
            let p = self.section_dir.join(format!("{slug}.md"));
            self.taken.contains(&p) || !self.force && slug != base && p.exists()
        } {
            slug = format!("{base}-{n}");
            n += 1;
        }
        slug
    }

    /// `<slug>-<original name>` with anything unsafe in the name replaced.
    fn asset_name(&self, slug: &str, name: &str) -> String {
        let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let clean: String = stem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c.to_ascii_lowercase()
                } else if c.is_alphanumeric() {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let ext: String = ext
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let clean = clean.trim_matches('-');
        let mut out = format!("{slug}-{clean}");
        if !ext.is_empty() {
            out = format!("{out}.{ext}");
        }
        out
    }
}

fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension(format!(
        "{}.gongkai-tmp",
        path.extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    std::fs::write(&tmp, bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("无法写入 {}：{e}", path.display())
    })
}

/// Whether a stated value was read from the page's visible label/value pairs.
fn shown_on_page(from: &str) -> bool {
    from.starts_with("页面上")
}

type Valued = Option<(String, String)>;

/// Front-matter values with where each came from.
#[derive(Debug, Clone, Default)]
struct Fields {
    title: Valued,
    index_no: Valued,
    issuer: Valued,
    date: Valued,
    written_on: Valued,
    doc_no: Valued,
    topics: Vec<String>,
    topics_from: String,
    keywords: Vec<String>,
    keywords_from: String,
    validity: Valued,
    validity_date: Valued,
    disclosure: Valued,
    genre: Valued,
    summary: Valued,
    source_url: Valued,
    alias: Option<String>,
    attachments: Vec<(String, String)>,
    date_is_now: bool,
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{2}))?")
        .expect("date pattern")
});

/// A date found in free text, as `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM`); Chinese numerals too.
pub fn normalise_date(text: &str) -> Option<String> {
    let digits: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    if let Some(c) = DATE.captures(&digits) {
        let (y, m, d) = (&c[1], c[2].parse::<u8>().ok()?, c[3].parse::<u8>().ok()?);
        let date = format!("{y}-{m:02}-{d:02}");
        DocDate::parse(&date).ok()?;
        return Some(match (c.get(4), c.get(5)) {
            (Some(h), Some(min)) => format!("{date} {:0>2}:{}", h.as_str(), min.as_str()),
            _ => date,
        });
    }
    let squeezed = squeeze(text);
    let (y, rest) = squeezed.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.split('日').next()?;
    let year: String = y
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(cn_digit)
        .collect::<Option<String>>()?;
    let date = format!("{year}-{:02}-{:02}", cn_number(m)?, cn_number(d)?);
    DocDate::parse(&date).ok().map(|_| date)
}

fn cn_digit(c: char) -> Option<char> {
    let v = "〇一二三四五六七八九"
        .chars()
        .position(|x| x == c)
        .or_else(|| match c {
            '○' | '零' | 'О' | 'O' | '0' => Some(0),
            _ => c.to_digit(10).map(|d| d as usize),
        })?;
    char::from_digit(v as u32, 10)
}

/// `十二` → 12, `三十一` → 31, `9` → 9.
fn cn_number(s: &str) -> Option<u8> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let value = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|x| x == c)
            .map(|v| v as u8)
    };
    match s.split_once('十') {
        Some((tens, ones)) => {
            let t = if tens.is_empty() {
                1
            } else {
                value(tens.chars().next()?)?
            };
            let o = if ones.is_empty() {
                0
            } else {
                value(ones.chars().next()?)?
            };
            Some(t * 10 + o)
        }
        None if s.chars().count() == 1 => value(s.chars().next()?),
        None => None,
    }
}

fn split_list(text: &str, extra: &[char]) -> Vec<String> {
    text.split(|c: char| matches!(c, '；' | ';' | '，' | ',' | '|') || extra.contains(&c))
        .map(|s| trim(s).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

impl Fields {
    fn decide(&mut self, ex: &Extracted, rec: &Recognised, kind: SourceKind, source: &Path) {
        let stated = |k: &str| ex.stated.get(k).cloned();
        // Visible text outranks attributes: the 标题 row of the page, then the title lines at
        // the top of the body, then `<meta>` tags and `<title>` (often stale or generic).
        let labelled_title = stated("title").filter(|(_, f)| shown_on_page(f));
        self.title = labelled_title
            .or_else(|| {
                rec.header_title
                    .as_ref()
                    .map(|(t, n)| (t.clone(), format!("正文开头居中的标题行（{n} 行）")))
            })
            .or_else(|| stated("title"))
            .or_else(|| {
                source
                    .file_stem()
                    .map(|s| (s.to_string_lossy().into_owned(), "文件名".into()))
            });
        self.doc_no = stated("doc_no").or_else(|| {
            rec.header_doc_no
                .clone()
                .map(|d| (squeeze(&d), "标题附近的发文字号行".into()))
        });
        self.issuer = stated("issuer")
            .or_else(|| rec.signoff_issuer.clone().map(|i| (i, "落款".into())))
            .or_else(|| {
                rec.header_issuer
                    .clone()
                    .map(|i| (i, "版头（发文机关标志）".into()))
            });
        self.written_on = stated("written_on")
            .and_then(|(v, from)| normalise_date(&v).map(|d| (d, from)))
            .or_else(|| {
                rec.signoff_date
                    .as_deref()
                    .and_then(normalise_date)
                    .map(|d| (d, "落款日期".into()))
            });
        self.date = stated("date").and_then(|(v, from)| normalise_date(&v).map(|d| (d, from)));
        if self.date.is_none() {
            self.date_is_now = true;
            let why = match kind {
                SourceKind::Docx => "导入时间（公文中没有发布日期）",
                SourceKind::Html => "导入时间（页面上找不到发布日期）",
            };
            self.date = Some((DocDate::now().iso(), why.into()));
        }
        self.index_no = stated("index_no");
        if let Some((t, from)) = stated("topics") {
            self.topics = split_list(&t, &[]);
            self.topics_from = from;
        }
        let keywords = stated("keywords")
            .or_else(|| rec.keywords.clone().map(|k| (k, "版记中的主题词".into())));
        if let Some((k, from)) = keywords {
            self.keywords = split_list(&k, &[' ', '\u{3000}', '、']);
            self.keywords_from = from;
        }
        self.validity = stated("validity").and_then(|(v, from)| {
            let v = if v.contains("废止") {
                "废止"
            } else if v.contains("失效") {
                "失效"
            } else if v.contains("有效") {
                "有效"
            } else {
                return None;
            };
            Some((v.to_string(), from))
        });
        self.validity_date =
            stated("validity_date").and_then(|(v, from)| normalise_date(&v).map(|d| (d, from)));
        self.disclosure = stated("disclosure");
        self.genre = stated("genre");
        self.summary = stated("summary").filter(|(_, from)| shown_on_page(from));
        self.source_url = ex
            .source_url
            .clone()
            .filter(|(u, _)| u.starts_with("http://") || u.starts_with("https://"));
        self.alias = self.source_url.as_ref().and_then(|(u, _)| alias_of(u));
    }

    fn front_matter(&self, rec: &Recognised) -> String {
        let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
        let list = |v: &[String]| {
            format!(
                "[{}]",
                v.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
            )
        };
        let mut out = String::new();
        let mut line = |k: &str, v: &Valued| {
            if let Some((v, _)) = v {
                out.push_str(&format!("{k}: {}\n", q(v)));
            }
        };
        line("title", &self.title);
        line("index_no", &self.index_no);
        line("issuer", &self.issuer);
        line("date", &self.date);
        line("written_on", &self.written_on);
        line("doc_no", &self.doc_no);
        line("validity", &self.validity);
        line("validity_date", &self.validity_date);
        line("disclosure", &self.disclosure);
        line("genre", &self.genre);
        line("summary", &self.summary);
        line("source_url", &self.source_url);
        if !self.topics.is_empty() {
            out.push_str(&format!("topics: {}\n", list(&self.topics)));
        }
        if !self.keywords.is_empty() {
            out.push_str(&format!("keywords: {}\n", list(&self.keywords)));
        }
        if let Some(a) = &self.alias {
            out.push_str(&format!("aliases: [{}]\n", q(a)));
        }
        if !self.attachments.is_empty() {
            out.push_str("attachments:\n");
            for (title, file) in &self.attachments {
                out.push_str(&format!("  - {{title: {}, file: {}}}\n", q(title), q(file)));
            }
        }
        if rec.signoff_issuer.is_none() {
            out.push_str("signature: false  # 原文没有落款\n");
        }
        for b in &rec.banji {
            out.push_str(&format!("# 版记（未收入正文）：{}\n", b.replace('\n', " ")));
        }
        out
    }

    fn rows(&self, rec: &Recognised, ex: &Extracted, body_chars: usize) -> Vec<ReportRow> {
        let mut rows = Vec::new();
        let add = |rows: &mut Vec<ReportRow>, field: &str, v: &Valued| {
            if let Some((value, from)) = v {
                rows.push(ReportRow {
                    field: field.into(),
                    value: value.clone(),
                    from: from.clone(),
                });
            }
        };
        add(&mut rows, "标题", &self.title);
        add(&mut rows, "索引号", &self.index_no);
        add(&mut rows, "发布机构", &self.issuer);
        add(&mut rows, "发布日期", &self.date);
        add(&mut rows, "成文日期", &self.written_on);
        add(&mut rows, "文号", &self.doc_no);
        add(&mut rows, "有效性", &self.validity);
        add(&mut rows, "失效日期", &self.validity_date);
        add(&mut rows, "信息来源", &self.source_url);
        add(
            &mut rows,
            "主送机关",
            &rec.addressee
                .clone()
                .map(|a| (a, "标题后以冒号结尾的一行".into())),
        );
        if let (Some(i), Some(d)) = (&rec.signoff_issuer, &rec.signoff_date) {
            rows.push(ReportRow {
                field: "落款".into(),
                value: format!("{i} {d}"),
                from: "发文机关署名和成文日期两行（保留在正文）".into(),
            });
        }
        add(
            &mut rows,
            "附注",
            &rec.note_line
                .clone()
                .map(|n| (n, "落款下的括注（保留在正文）".into())),
        );
        if !self.topics.is_empty() {
            rows.push(ReportRow {
                field: "主题分类".into(),
                value: self.topics.join("；"),
                from: self.topics_from.clone(),
            });
        }
        if !self.keywords.is_empty() {
            rows.push(ReportRow {
                field: "主题词".into(),
                value: self.keywords.join(" "),
                from: self.keywords_from.clone(),
            });
        }
        if let Some(a) = &self.alias {
            rows.push(ReportRow {
                field: "旧网址".into(),
                value: a.clone(),
                from: "信息来源的路径".into(),
            });
        }
        if !rec.attachment_notes.is_empty() {
            rows.push(ReportRow {
                field: "附件说明".into(),
                value: rec.attachment_notes.join("；"),
                from: "落款前的 “附件：” 说明".into(),
            });
        }
        for t in &rec.appended_titles {
            rows.push(ReportRow {
                field: "附后文件".into(),
                value: t.clone(),
                from: "落款后的居中标题（成为正文中的标题）".into(),
            });
        }
        for (title, file) in &self.attachments {
            rows.push(ReportRow {
                field: "附件".into(),
                value: format!("{title} → {file}"),
                from: "页面上的附件链接".into(),
            });
        }
        if !rec.banji.is_empty() {
            rows.push(ReportRow {
                field: "版记".into(),
                value: rec.banji.join(" / "),
                from: "文末的抄送、印发行（未收入正文）".into(),
            });
        }
        if let Some((enc, _)) = ex.stated.get("_encoding") {
            rows.push(ReportRow {
                field: "编码".into(),
                value: enc.clone(),
                from: "页面".into(),
            });
        }
        let tables = rec
            .body
            .iter()
            .filter(|b| matches!(b, Block::Table(_)))
            .count();
        let images = ex.assets.len();
        rows.push(ReportRow {
            field: "正文".into(),
            value: format!(
                "{} 段，{body_chars} 字；表格 {tables} 个，文件 {images} 个，脚注 {} 条",
                rec.body.len(),
                ex.footnotes.len()
            ),
            from: "正文".into(),
        });
        rows
    }

    fn missing(&self, rec: &Recognised, kind: SourceKind) -> Vec<String> {
        let mut m = Vec::new();
        if self.index_no.is_none() {
            m.push("索引号（原文没有，本栏目也不用索引号编号）".to_string());
        }
        if self.doc_no.is_none() {
            m.push("文号".into());
        }
        if self.written_on.is_none() {
            m.push("成文日期".into());
        }
        if self
            .issuer
            .as_ref()
            .is_none_or(|(_, from)| from.starts_with("config"))
        {
            m.push("发布机构（用了 config.yaml 中的 issuer）".into());
        }
        if self.topics.is_empty() && kind == SourceKind::Html {
            m.push("主题分类".into());
        }
        if rec.signoff_issuer.is_none() {
            m.push("落款（已写 signature: false）".into());
        }
        if self.date_is_now {
            m.push("发布日期（用了导入时间）".into());
        }
        m
    }
}

/// The path of the old address, when it can be kept on this site as a redirect.
fn alias_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let path = rest.find('/').map(|i| &rest[i..])?;
    let path = path.split(['?', '#']).next()?;
    let ok = path.len() > 1
        && path.len() <= 200
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
        && !path.contains("..")
        && !path.contains("//");
    ok.then(|| path.to_string())
}

/// The body as Markdown.
pub fn markdown(blocks: &[Block], footnotes: &[String], assets: &[String]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for b in blocks {
        match b {
            Block::Para(p) => {
                let text = inline_markdown(p, assets);
                if text.is_empty() {
                    continue;
                }
                let text = match (p.heading, p.list_item) {
                    (Some(level), _) if (1..=6).contains(&level) => {
                        format!("{} {}", "#".repeat(level as usize), text)
                    }
                    (_, true) => format!("- {text}"),
                    _ => text,
                };
                parts.push(text);
            }
            Block::Table(t) => parts.push(table_markdown(t, assets)),
        }
    }
    for (i, f) in footnotes.iter().enumerate() {
        parts.push(format!("[^{}]: {}", i + 1, escape_markdown(trim(f))));
    }
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}

fn inline_markdown(p: &Para, assets: &[String]) -> String {
    let mut s = String::new();
    for i in &p.inlines {
        match i {
            Inline::Text(t) => s.push_str(&escape_markdown(t)),
            Inline::Link { text, url } => {
                s.push_str(&format!(
                    "[{}](<{}>)",
                    escape_markdown(trim(text)),
                    url.replace(['<', '>', '\n'], "")
                ));
            }
            Inline::Image { source, alt } => match source {
                ImageSource::Asset(k) => {
                    if let Some(name) = assets.get(*k) {
                        s.push_str(&format!("![{}](<{name}>)", escape_markdown(alt)));
                    }
                }
                ImageSource::Remote(url) => {
                    let label = if alt.is_empty() {
                        "图片".to_string()
                    } else {
                        format!("图片：{alt}")
                    };
                    s.push_str(&format!(
                        "[{}](<{}>)",
                        escape_markdown(&label),
                        url.replace(['<', '>', '\n'], "")
                    ));
                }
            },
            Inline::FootnoteRef(n) => s.push_str(&format!("[^{}]", n + 1)),
            Inline::Break => s.push_str("\\\n"),
        }
    }
    let t = trim(&s).to_string();
    // Keep a line from being read as a Markdown list, heading or quote.
    static BLOCK_START: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[0-9]{1,9}[.)](?:\s|$)|[-+=>#]|\*)").expect("block start")
    });
    if let Some(m) = BLOCK_START.find(&t) {
        let at = m
            .as_str()
            .find(['.', ')', '-', '+', '=', '>', '#', '*'])
            .unwrap_or(0);
        return format!("{}\\{}", &t[..at], &t[at..]);
    }
    t
}

/// Backslash-escapes the characters Markdown would read as markup.
pub fn escape_markdown(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '$'
        ) {
            s.push('\\');
        }
        s.push(if c == '\n' { ' ' } else { c });
    }
    s
}

/// A table: a pipe table when it is a plain grid, HTML when cells are merged (Markdown tables
/// cannot merge cells; the site's sanitiser keeps `colspan`/`rowspan`).
fn table_markdown(t: &Table, assets: &[String]) -> String {
    let merged = t
        .rows
        .iter()
        .flatten()
        .any(|c| c.colspan > 1 || c.rowspan > 1);
    let width = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.colspan).sum::<usize>())
        .max()
        .unwrap_or(0);
    let ragged = t
        .rows
        .iter()
        .any(|r| r.iter().map(|c| c.colspan).sum::<usize>() != width);
    let header_rows = t.header_rows.max(1);
    if merged || ragged || width == 0 {
        let mut s = String::from("<table>\n");
        for (i, row) in t.rows.iter().enumerate() {
            if i == 0 {
                s.push_str("<thead>\n");
            }
            if i == header_rows {
                s.push_str("<tbody>\n");
            }
            s.push_str("<tr>");
            for c in row {
                let tag = if i < header_rows { "th" } else { "td" };
                let mut attrs = String::new();
                if c.colspan > 1 {
                    attrs.push_str(&format!(" colspan=\"{}\"", c.colspan));
                }
                if c.rowspan > 1 {
                    attrs.push_str(&format!(" rowspan=\"{}\"", c.rowspan));
                }
                if tag == "th" {
                    attrs.push_str(if c.colspan > 1 {
                        " scope=\"colgroup\""
                    } else {
                        " scope=\"col\""
                    });
                }
                let text: Vec<String> = c
                    .paras
                    .iter()
                    .map(|p| escape_text(trim(&p.plain())))
                    .filter(|t| !t.is_empty())
                    .collect();
                s.push_str(&format!("<{tag}{attrs}>{}</{tag}>", text.join("<br>")));
            }
            s.push_str("</tr>\n");
            if i + 1 == header_rows.min(t.rows.len()) {
                s.push_str("</thead>\n");
            }
        }
        if t.rows.len() > header_rows {
            s.push_str("</tbody>\n");
        }
        s.push_str("</table>");
        return s;
    }
    let cell = |c: &super::model::Cell| {
        c.paras
            .iter()
            .map(|p| inline_markdown(p, assets).replace('\n', " "))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("<br>")
    };
    let mut lines = Vec::new();
    for (i, row) in t.rows.iter().enumerate() {
        let cells: Vec<String> = row.iter().map(cell).collect();
        lines.push(format!("| {} |", cells.join(" | ")));
        if i == 0 {
            lines.push(format!("|{}", " --- |".repeat(width)));
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::Cell;

    #[test]
    fn dates_in_free_text() {
        assert_eq!(
            normalise_date("2018年11月09日").as_deref(),
            Some("2018-11-09")
        );
        assert_eq!(
            normalise_date("发布日期: 2012-06-24").as_deref(),
            Some("2012-06-24")
        );
        assert_eq!(
            normalise_date("2021-01-19 17:11:57").as_deref(),
            Some("2021-01-19 17:11")
        );
        assert_eq!(
            normalise_date("二〇一九年八月十八日").as_deref(),
            Some("2019-08-18")
        );
        assert_eq!(
            normalise_date("二○二○年十二月三十一日").as_deref(),
            Some("2020-12-31")
        );
        assert_eq!(
            normalise_date("２０２０年４月８日").as_deref(),
            Some("2020-04-08")
        );
        assert_eq!(normalise_date("2021年13月1日"), None);
        assert_eq!(normalise_date("今天"), None);
    }

    #[test]
    fn markdown_escapes_and_numbers() {
        let p = Para::text("1. 这一行不是列表*也不是强调*");
        let md = markdown(&[Block::Para(p)], &[], &[]);
        assert_eq!(md, "1\\. 这一行不是列表\\*也不是强调\\*\n");
        let p = Para::text("　　一、总体要求\u{a0}");
        assert_eq!(markdown(&[Block::Para(p)], &[], &[]), "一、总体要求\n");
    }

    #[test]
    fn merged_cells_become_an_html_table() {
        let c = |t: &str, colspan, rowspan| Cell {
            paras: vec![Para::text(t)],
            colspan,
            rowspan,
        };
        let t = Table {
            rows: vec![
                vec![c("项目", 1, 1), c("金额", 2, 1)],
                vec![c("甲", 1, 2), c("1", 1, 1), c("2", 1, 1)],
                vec![c("3", 1, 1), c("4", 1, 1)],
            ],
            header_rows: 1,
        };
        let md = table_markdown(&t, &[]);
        assert!(
            md.contains("<th colspan=\"2\" scope=\"colgroup\">金额</th>"),
            "{md}"
        );
        assert!(md.contains("<td rowspan=\"2\">甲</td>"), "{md}");
        let plain = Table {
            rows: vec![
                vec![c("a", 1, 1), c("b", 1, 1)],
                vec![c("x|y", 1, 1), c("z", 1, 1)],
            ],
            header_rows: 0,
        };
        assert_eq!(
            table_markdown(&plain, &[]),
            "| a | b |\n| --- | --- |\n| x\\|y | z |"
        );
    }

    #[test]
    fn aliases_keep_plain_paths_only() {
        assert_eq!(
            alias_of("http://www.gov.cn/zhengce/content/2018-11/09/content_5338761.htm").as_deref(),
            Some("/zhengce/content/2018-11/09/content_5338761.htm")
        );
        assert_eq!(alias_of("http://x.gov.cn/"), None);
        assert_eq!(alias_of("http://x.gov.cn/a/../b"), None);
    }
}
