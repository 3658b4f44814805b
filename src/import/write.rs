//! Turns what was read and recognised into a document of the site: the front matter decided
//! field by field (each with where its value came from, for the import report), the body as
//! Markdown, and the files saved beside it. Nothing existing is overwritten without `--force`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::body::markdown;
use super::fields::Fields;
use super::gongwen::{self, squeeze};
use super::model::{AssetContent, AttachmentTarget, Extracted};
use super::{ImportOptions, SourceKind};
use crate::config::Config;
use crate::content::date::DocDate;
use crate::content::document::is_url_safe;
use crate::content::index_no::next_index_no;
use crate::content::load::{slug_from_index_no, LoadedContent};

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
    /// Files to save beside it: (path, content).
    pub files: Vec<(PathBuf, AssetContent)>,
    /// What was recognised, field by field.
    pub rows: Vec<ReportRow>,
    /// What could not be recognised.
    pub missing: Vec<String>,
    /// Things to check by hand.
    pub warnings: Vec<String>,
}

/// The site being imported into: what is taken already (file names, 索引号).
pub struct ImportTarget<'a> {
    config: &'a Config,
    root: PathBuf,
    section: String,
    section_dir: PathBuf,
    index_nos: Vec<String>,
    section_index_nos: Vec<String>,
    uses_index_no: bool,
    taken: BTreeSet<PathBuf>,
    /// 索引号 given in this run, with their section.
    taken_index_nos: Vec<(String, String)>,
    force: bool,
    /// Files an earlier run of the same migration wrote: replaced without `--force`.
    replaceable: BTreeSet<PathBuf>,
}

impl<'a> ImportTarget<'a> {
    /// The site as loaded before the import.
    pub fn new(
        config: &'a Config,
        loaded: &LoadedContent,
        opts: &ImportOptions,
    ) -> ImportTarget<'a> {
        let index_nos: Vec<String> = loaded
            .documents
            .iter()
            .filter_map(|d| d.meta.index_no.clone())
            .collect();
        let mut site = ImportTarget {
            config,
            root: opts.root.clone(),
            section_dir: PathBuf::new(),
            uses_index_no: false,
            section: String::new(),
            index_nos,
            section_index_nos: Vec::new(),
            taken: BTreeSet::new(),
            taken_index_nos: Vec::new(),
            force: opts.force,
            replaceable: BTreeSet::new(),
        };
        site.set_section(&opts.section, loaded);
        site
    }

    /// Imports into another section from now on (a mirror fills several).
    pub fn set_section(&mut self, section: &str, loaded: &LoadedContent) {
        let section = section.trim_matches('/').to_string();
        self.section_index_nos = loaded
            .documents
            .iter()
            .filter(|d| d.dir == section)
            .filter_map(|d| d.meta.index_no.clone())
            .chain(
                // Numbers given in this run to documents of the section.
                self.taken_index_nos
                    .iter()
                    .filter(|(s, _)| *s == section)
                    .map(|(_, n)| n.clone()),
            )
            .collect();
        let required = loaded
            .sections
            .iter()
            .find(|s| s.dir == section)
            .is_some_and(|s| s.index.meta.required.iter().any(|k| k == "index_no"));
        self.uses_index_no = required
            || !self.section_index_nos.is_empty()
            || !self.config.index_no_prefix.trim().is_empty();
        self.section_dir = self.root.join("content").join(&section);
        self.section = section;
    }

    /// Files that may be replaced without `--force` (written by an earlier run of a migration).
    pub fn set_replaceable(&mut self, files: BTreeSet<PathBuf>) {
        self.replaceable = files;
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
            let own = [&self.config.issuer, &self.config.identity.title]
                .into_iter()
                .find(|s| !s.trim().is_empty());
            f.issuer = own.map(|i| (i.clone(), "config.yaml（原文中找不到发布机构）".into()));
        }
        if f.title.is_none() {
            return Err("找不到标题：页面没有 “标题” 一栏，正文开头也没有居中的标题行".into());
        }
        if rec.body.is_empty() {
            return Err(format!(
                "正文是空的：除了标题（{}）等信息以外没有其他文字",
                f.title.as_ref().map_or("", |(t, _)| t.as_str())
            ));
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
            self.taken_index_nos
                .push((self.section.clone(), no.clone()));
        }
        let slug = self.slug(source, &f);
        let target = self.section_dir.join(format!("{slug}.md"));
        let mut files = Vec::new();
        let mut asset_names = Vec::new();
        for a in &ex.assets {
            let name = self.asset_name(&slug, &a.name);
            files.push((self.section_dir.join(&name), a.content.clone()));
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
            if p.exists() && !self.replaceable.contains(p) || self.taken.contains(p) {
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
        crate::fs::create_dir_all(&self.section_dir).map_err(|e| e.with_reason())?;
        let section_index = self.section_dir.join("_index.md");
        if !section_index.exists() {
            let title = self.section.rsplit('/').next().unwrap_or(&self.section);
            write_whole(
                &section_index,
                format!("---\ntitle: \"{title}\"\n---\n").as_bytes(),
            )?;
        }
        for (p, content) in &draft.files {
            match content {
                AssetContent::Bytes(bytes) => write_whole(p, bytes)?,
                AssetContent::File { path, .. } => copy_whole(path, p)?,
            }
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
        let mut stem = source
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // `about.asp.html` (a program's page saved with `.html` added) is named `about`.
        if crate::import::mirror::address::is_dynamic(&stem) && !stem.contains('?') {
            stem = stem
                .rsplit_once('.')
                .map_or(stem.clone(), |(s, _)| s.to_string());
        }
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
            .map(|last| {
                let stem = last.split('.').next().unwrap_or("").to_string();
                // `art.jsp?id=123`: the document's number names it.
                match f.source_url.as_ref().and_then(|(u, _)| query_id(u)) {
                    Some(id) => format!("{stem}-{id}"),
                    None => stem,
                }
            });
        // A program's page (`art.jsp?id=123`) is named by its address with the number.
        let numbered = f
            .source_url
            .as_ref()
            .is_some_and(|(u, _)| query_id(u).is_some());
        let candidates = if numbered {
            [from_url, Some(stem)]
        } else {
            [Some(stem), from_url]
        };
        let base = candidates
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
            self.taken.contains(&p)
                || !self.force && slug != base && p.exists() && !self.replaceable.contains(&p)
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

/// The number a program's address gives its document (`?id=123`, `&articleid=88`, else the
/// last value of the query), when it is a plain name.
fn query_id(url: &str) -> Option<String> {
    let query = url.split('#').next()?.split_once('?')?.1;
    let pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .filter(|(_, v)| {
            !v.is_empty()
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .collect();
    let named = pairs.iter().find(|(k, _)| {
        let k = k.to_ascii_lowercase();
        matches!(
            k.as_str(),
            "id" | "aid" | "articleid" | "docid" | "contentid" | "infoid" | "newsid"
        )
    });
    named
        .or(pairs.last())
        .map(|(_, v)| v.to_ascii_lowercase())
        .filter(|v| v.len() <= 40)
}

fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = tmp_beside(path);
    std::fs::write(&tmp, bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    put_in_place(&tmp, path)
}

/// Copies `from` to `path` whole, then renames it into place.
fn copy_whole(from: &Path, path: &Path) -> Result<(), String> {
    let tmp = tmp_beside(path);
    std::fs::copy(from, &tmp).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("无法把 {} 复制到 {}：{e}", from.display(), path.display())
    })?;
    put_in_place(&tmp, path)
}

fn tmp_beside(path: &Path) -> PathBuf {
    path.with_extension(format!(
        "{}.gongkai-tmp",
        path.extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default()
    ))
}

fn put_in_place(tmp: &Path, path: &Path) -> Result<(), String> {
    std::fs::rename(tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(tmp);
        format!("无法写入 {}：{e}", path.display())
    })
}
