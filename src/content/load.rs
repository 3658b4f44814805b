//! Stage 2, load: walk `content/` (sorted, so builds are deterministic) and read every section
//! index, document and asset. Front matter is checked here, in parallel, one file at a time.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::content::document::{
    is_url_safe, parse_document_with, parse_section, Parsed, SectionMeta, SourceDocument,
};
use crate::content::kept::KeptFronts;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// A section folder with its `_index.md` (if any).
#[derive(Debug, Clone)]
pub struct SourceSection {
    /// Folder relative to `content/` with `/` separators; `""` is the home section.
    pub dir: String,
    /// File shown in messages (`content/xxgk/_index.md` or the folder).
    pub file: PathBuf,
    /// Parsed `_index.md`, defaults when absent.
    pub index: Parsed<SectionMeta>,
}

/// A file in `content/` that is not Markdown: copied to the same relative path in the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`, `/`-separated.
    pub rel: String,
    /// Absolute path on disk.
    pub source: PathBuf,
    /// Size in bytes.
    pub size: u64,
}

/// Everything read from `content/`.
#[derive(Debug, Clone, Default)]
pub struct LoadedContent {
    /// Section folders, sorted by path.
    pub sections: Vec<SourceSection>,
    /// Documents, sorted by path.
    pub documents: Vec<SourceDocument>,
    /// Other files, sorted by path.
    pub assets: Vec<Asset>,
    /// The files of `static/` (their `rel` relative to `static/`), sorted by path: published at
    /// the same path from the site's root.
    pub static_files: Vec<Asset>,
}

/// Editor and system files that are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || name == "Thumbs.db"
}

/// Walks `root/content` and reads everything. `drafts` keeps `draft: true` documents.
pub fn load(root: &Path, drafts: bool, diags: &mut Diagnostics) -> LoadedContent {
    load_with(root, drafts, None, diags)
}

/// [`load`], taking the checked front matter of documents from `kept` when it holds it (and
/// keeping there what it does not).
pub fn load_with(
    root: &Path,
    drafts: bool,
    kept: Option<&dyn KeptFronts>,
    diags: &mut Diagnostics,
) -> LoadedContent {
    let content = root.join("content");
    let mut section_dirs = vec![String::new()];
    let mut md_files = Vec::new();
    let mut assets = Vec::new();
    if !content.is_dir() {
        diags.push(Diagnostic::error(
            Path::new("content"),
            0,
            0,
            "找不到 content/ 文件夹：站点的文档应放在 content/ 下（可用 gongkai init 新建站点）",
        ));
        return LoadedContent::default();
    }
    let walker = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().map(Path::to_path_buf).unwrap_or_default();
                // Links are not followed (see below), so there is no loop: an I/O error.
                let why = e
                    .io_error()
                    .map_or_else(|| e.to_string(), crate::fs::reason);
                diags.push(Diagnostic::error(
                    &display_path(root, &p),
                    0,
                    0,
                    format!("无法读取：{why}"),
                ));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel = rel_path(&content, entry.path());
        if let Some(problem) = name_problem(&entry) {
            diags.push(Diagnostic::error(
                &display_path(root, entry.path()),
                0,
                0,
                problem,
            ));
            continue;
        }
        if entry.path_is_symlink() {
            diags.push(Diagnostic::warning(
                &display_path(root, entry.path()),
                0,
                0,
                "符号链接已忽略：content/ 中只发布真实的文件和文件夹，以免把站点以外的文件发布出去",
            ));
            continue;
        }
        if entry.file_type().is_dir() {
            let name = entry.file_name().to_string_lossy();
            if !is_url_safe(&name) {
                diags.push(Diagnostic::error(
                    &display_path(root, entry.path()),
                    0,
                    0,
                    format!(
                        "栏目文件夹名 “{name}” 会出现在网址中：应只含 ASCII 字母、数字、“-”、“_”"
                    ),
                ));
            }
            section_dirs.push(rel);
        } else if rel.ends_with(".md") {
            md_files.push((rel, entry.into_path()));
        } else if super::register_file::is_register(entry.path()) {
            // The 依申请公开 register holds personal data: never published.
            diags.push(super::register_file::refused(&display_path(
                root,
                entry.path(),
            )));
        } else {
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            assets.push(Asset {
                rel,
                source: entry.into_path(),
                size,
            });
        }
    }

    let results: Vec<(Option<Loaded>, Diagnostics)> = md_files
        .par_iter()
        .map(|(rel, path)| {
            let mut d = Diagnostics::new();
            let loaded = load_markdown(root, rel, path, kept, &mut d);
            (loaded, d)
        })
        .collect();

    let mut sections: Vec<SourceSection> = Vec::new();
    let mut documents = Vec::with_capacity(results.len());
    let mut indexes = std::collections::BTreeMap::new();
    for (loaded, d) in results {
        diags.extend(d);
        match loaded {
            Some(Loaded::Section(section)) => {
                let (dir, file, parsed) = *section;
                indexes.insert(dir, (file, parsed));
            }
            Some(Loaded::Document(doc)) if drafts || !doc.meta.draft => documents.push(*doc),
            _ => {}
        }
    }
    for dir in section_dirs {
        let (file, index) = indexes.remove(&dir).unwrap_or_else(|| {
            (
                Path::new("content").join(&dir),
                Parsed {
                    meta: SectionMeta::default(),
                    front_matter: String::new(),
                    body: String::new(),
                    body_line: 1,
                },
            )
        });
        sections.push(SourceSection { dir, file, index });
    }
    LoadedContent {
        sections,
        documents,
        assets,
        static_files: load_static(root, diags),
    }
}

/// Lists `root/static`: every file but a register (personal data) and names that are not UTF-8.
fn load_static(root: &Path, diags: &mut Diagnostics) -> Vec<Asset> {
    let site_static = root.join("static");
    let mut files = Vec::new();
    for entry in WalkDir::new(&site_static)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        if entry.file_name().to_str().is_none() {
            diags.push(Diagnostic::error(
                &display_path(root, entry.path()),
                0,
                0,
                NOT_UTF8_NAME,
            ));
        } else if super::register_file::is_register(entry.path()) {
            diags.push(super::register_file::refused(&display_path(
                root,
                entry.path(),
            )));
        } else {
            files.push(Asset {
                rel: rel_path(&site_static, entry.path()),
                size: entry.metadata().map(|m| m.len()).unwrap_or(0),
                source: entry.into_path(),
            });
        }
    }
    // By path as a string (the walk orders `a/x` before `a-b`), for binary searches.
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    files
}

/// The error for a file name that is not UTF-8, in `content/` and `static/`.
pub(crate) const NOT_UTF8_NAME: &str = "文件名不是 UTF-8 编码（常见于 Windows 压缩包里以 GBK 编码的文件名）：网址中的文件名会变成乱码，两个这样的文件还可能变成同一个，请把文件改名";

/// Why a file's name keeps it from being published as it should: not UTF-8 (its URL would be
/// garbled, and two such names could become one), or a Markdown extension not written `.md`
/// (it would be copied as it is, front matter and all).
fn name_problem(entry: &walkdir::DirEntry) -> Option<&'static str> {
    if entry.file_type().is_dir() {
        return None;
    }
    let Some(name) = entry.file_name().to_str() else {
        return Some(NOT_UTF8_NAME);
    };
    let extension = name.rsplit_once('.').map(|(_, e)| e);
    extension
        .filter(|e| e.eq_ignore_ascii_case("md") && *e != "md")
        .map(|_| "文档的扩展名应为小写 .md：否则不会作为文档生成页面，而会连同 front matter 原样发布；请改名")
}

/// Reads one document again (watch mode). `rel` is relative to `content/`. Returns `None` with
/// the problems in `diags` when it does not load, or when the file is a section index.
pub fn reload_document(root: &Path, rel: &str, diags: &mut Diagnostics) -> Option<SourceDocument> {
    match load_markdown(root, rel, &root.join("content").join(rel), None, diags)? {
        Loaded::Document(doc) => Some(*doc),
        Loaded::Section(_) => None,
    }
}

enum Loaded {
    Section(Box<(String, PathBuf, Parsed<SectionMeta>)>),
    Document(Box<SourceDocument>),
}

/// Reads one Markdown file (section index or document) from disk.
/// The largest Markdown file read: a disclosure document is text, its tables, pictures and
/// attachments are files beside it. A larger file is a mistake (an archive saved as `.md`) that
/// would otherwise take the machine's memory.
pub(crate) const MAX_DOCUMENT_BYTES: u64 = 64 << 20;

fn load_markdown(
    root: &Path,
    rel: &str,
    path: &Path,
    kept: Option<&dyn KeptFronts>,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    use std::io::Read as _;
    let file = display_path(root, path);
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| {
        // Sized once from the file's length: grown by doubling, the buffer was copied at each
        // step and the old one left to the allocator.
        let size = f
            .metadata()
            .map_or(0, |m| m.len())
            .min(MAX_DOCUMENT_BYTES + 1);
        bytes.reserve_exact(size as usize);
        f.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes)
    });
    if let Err(e) = read {
        diags.push(Diagnostic::error(
            &file,
            0,
            0,
            format!("无法读取：{}", crate::fs::reason(&e)),
        ));
        return None;
    }
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        diags.push(Diagnostic::error(
            &file,
            0,
            0,
            format!(
                "文件超过 {} MB，不像一篇文档：表格、图片和附件应作为文件放在文档旁边，在正文或 attachments 中链接",
                MAX_DOCUMENT_BYTES >> 20
            ),
        ));
        return None;
    }
    parse_markdown(root, rel, path, &bytes, kept, diags)
}

/// Reads a document from bytes that are not on disk yet (the editor's unsaved text). `rel` is
/// relative to `content/`. `None` with the problems in `diags` when it does not load.
pub fn document_from_bytes(
    root: &Path,
    rel: &str,
    bytes: &[u8],
    diags: &mut Diagnostics,
) -> Option<SourceDocument> {
    let path = root.join("content").join(rel);
    match parse_markdown(root, rel, &path, bytes, None, diags)? {
        Loaded::Document(doc) => Some(*doc),
        Loaded::Section(_) => None,
    }
}

/// Parses one Markdown file (section index or document) read from `path`.
fn parse_markdown(
    root: &Path,
    rel: &str,
    path: &Path,
    bytes: &[u8],
    kept: Option<&dyn KeptFronts>,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    let file = display_path(root, path);
    let (dir, name) = match rel.rsplit_once('/') {
        Some((d, n)) => (d.to_string(), n),
        None => (String::new(), rel),
    };
    if name == "_index.md" {
        let parsed = parse_section(&file, bytes, diags);
        return Some(Loaded::Section(Box::new((dir, file, parsed))));
    }
    let parsed = parse_document_with(&file, bytes, kept, diags)?;
    let text_digest = crate::content::hashed::TextDigest::of(bytes);
    load_document(file, dir, name, parsed, text_digest, diags)
        .map(|d| Loaded::Document(Box::new(d)))
}

/// Decides the document's slug: front matter, else file name, else derived from the 索引号.
fn load_document(
    file: PathBuf,
    dir: String,
    name: &str,
    parsed: Parsed<crate::content::document::DocumentMeta>,
    text_digest: crate::content::hashed::TextDigest,
    diags: &mut Diagnostics,
) -> Option<SourceDocument> {
    let stem = name.trim_end_matches(".md");
    let slug = parsed
        .meta
        .slug
        .clone()
        .or_else(|| is_url_safe(stem).then(|| stem.to_lowercase()))
        .or_else(|| parsed.meta.index_no.as_deref().and_then(slug_from_index_no));
    let Some(slug) = slug else {
        let why = match stem
            .chars()
            .find(|c| !c.is_ascii_alphanumeric() && !matches!(c, '-' | '_' | '.'))
        {
            Some(' ') => "含空格".to_string(),
            Some(c) if c.is_ascii() => format!("含网址中不能用的字符 “{c}”"),
            Some(c) => format!("含非 ASCII 字符 “{c}”"),
            None => "不能用作网址".to_string(),
        };
        diags.push(Diagnostic::error(
            &file,
            1,
            1,
            format!(
                "无法生成网址：文件名 “{stem}” {why}，且没有索引号；请在 front matter 中写 slug，如 “slug: gzbg-2021”，或把文件改名为字母、数字和 “-”"
            ),
        ).with_field("slug（网址名）"));
        return None;
    };
    Some(SourceDocument {
        file,
        dir,
        slug,
        meta: Box::new(parsed.meta),
        front_matter: parsed.front_matter,
        body: parsed.body,
        body_line: parsed.body_line,
        text_digest,
    })
}

/// `11371500004428004U/2021-4385168` → `11371500004428004u-2021-4385168`.
pub fn slug_from_index_no(index_no: &str) -> Option<String> {
    let slug: String = index_no
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-').to_string();
    (index_no.is_ascii() && !slug.is_empty()).then_some(slug)
}

/// `content/a/b.md` relative to the site root, for messages.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn rel_path(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_from_index_no_is_ascii() {
        assert_eq!(
            slug_from_index_no("11371500004428004U/2021-4385168").as_deref(),
            Some("11371500004428004u-2021-4385168")
        );
        assert_eq!(slug_from_index_no("索引"), None);
    }
}
