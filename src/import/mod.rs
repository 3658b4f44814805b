//! `gongkai import`: Word/WPS `.docx` 公文 and pages saved from an old CMS become documents of a
//! section. Each source goes through three steps:
//!
//! 1. a reader ([`docx`] or [`html`]) turns the file into [`model::Extracted`] blocks and the
//!    metadata the file states outright;
//! 2. [`gongwen`] recognises the parts of the 公文 (版头, 文号, title, 主送, 落款, 附注, 附件,
//!    版记);
//! 3. [`write`] decides the front matter field by field (saying where each value came from),
//!    writes the body as Markdown and saves pictures and attachments beside it.

pub mod body;
pub mod charset;
pub mod docx;
pub mod docx_body;
pub mod docx_links;
pub mod fields;
pub mod gongwen;
pub mod gongwen_lines;
pub mod gongwen_title;
pub mod html;
pub mod html_convert;
pub mod html_dom;
pub mod mirror;
pub mod model;
pub mod organs;
pub mod page_meta;
pub mod wordml;
pub mod write;
pub mod xml;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::load::load;
use crate::diagnostics::Diagnostics;
use write::{Draft, ImportTarget};

/// An `http://` or `https://` address.
fn is_web_address(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// What to import and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Site root (holds `config.yaml` and `content/`).
    pub root: PathBuf,
    /// Section folder under `content/`, such as `xxgk/zcwj`.
    pub section: String,
    /// Report only; write nothing.
    pub dry_run: bool,
    /// Overwrite existing files.
    pub force: bool,
}

/// The kind of a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A Word/WPS `.docx`.
    Docx,
    /// A saved HTML page.
    Html,
}

/// The outcome of one source file.
#[derive(Debug)]
pub struct Outcome {
    /// The source file.
    pub source: PathBuf,
    /// The document written (or that would be written), or why not.
    pub result: Result<Draft, String>,
}

/// Source files under the given paths: folders are walked (sorted) for `.docx` and HTML pages;
/// files named explicitly are taken whatever their extension.
pub fn sources(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    if e.depth() == 0 {
                        return true;
                    }
                    // Folders a browser saves beside a page hold its resources, not documents.
                    let name = e.file_name().to_string_lossy();
                    !(e.file_type().is_dir()
                        && (name.ends_with("_files")
                            || name.ends_with(".files")
                            || name.starts_with('.')))
                })
                .flatten()
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| kind_by_name(p).is_some())
                .collect();
            out.append(&mut found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn kind_by_name(path: &Path) -> Option<SourceKind> {
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    match ext.as_str() {
        "docx" | "docm" => Some(SourceKind::Docx),
        "html" | "htm" | "shtml" | "xhtml" | "mht" => Some(SourceKind::Html),
        _ => None,
    }
}

/// Decides how to read a file: by its first bytes, the extension only breaking ties.
fn sniff(path: &Path, bytes: &[u8]) -> Result<SourceKind, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Ok(SourceKind::Docx);
    }
    if ext == "doc" || ext == "wps" {
        return Err(format!(
            "不支持 .{ext} 格式：请在 Word 或 WPS 中打开，“另存为” .docx 后再导入"
        ));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    if kind_by_name(path) == Some(SourceKind::Html)
        || [
            "<html",
            "<!doctype",
            "<div",
            "<p",
            "<table",
            "<meta",
            "<body",
            "<!--",
        ]
        .iter()
        .any(|t| head.contains(t))
    {
        return Ok(SourceKind::Html);
    }
    Err("不是 .docx 文件，也不是 HTML 页面：无法导入".into())
}

/// Reads one source into what the recogniser needs.
pub fn extract(path: &Path) -> Result<(SourceKind, model::Extracted), String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("无法读取：{}", crate::fs::reason(&e)))?;
    if meta.len() > 512 << 20 {
        return Err(format!("文件有 {} 字节，超过 512 MB 的上限", meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取：{}", crate::fs::reason(&e)))?;
    extract_bytes(path, &bytes)
}

/// Reads a source given as bytes (`path` names it: its extension breaks ties, and a saved
/// page's resources are looked for beside it).
pub fn extract_bytes(path: &Path, bytes: &[u8]) -> Result<(SourceKind, model::Extracted), String> {
    let kind = sniff(path, bytes)?;
    let ex = match kind {
        SourceKind::Docx => docx::read(bytes)?,
        SourceKind::Html => html::read(bytes, path)?,
    };
    Ok((kind, ex))
}

/// A source as read: its kind and content, or why it could not be read.
type Read = Result<(SourceKind, model::Extracted), String>;

/// Imports the sources into the section: reads them in parallel, then numbers and writes them
/// in order (索引号 serials and file names depend on the files before).
pub fn import(paths: &[PathBuf], opts: &ImportOptions) -> (Vec<Outcome>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let config = Config::load(&opts.root, &mut diags);
    let loaded = load(&opts.root, true, &mut diags);
    let mut site = ImportTarget::new(&config, &loaded, opts);
    let files = sources(paths);
    let extracted: Vec<(PathBuf, Read)> =
        files.par_iter().map(|p| (p.clone(), extract(p))).collect();
    let outcomes = extracted
        .into_iter()
        .map(|(source, ex)| {
            let result = ex.and_then(|(kind, ex)| {
                let draft = site.draft(&source, kind, ex)?;
                if !opts.dry_run {
                    site.save(&draft)?;
                }
                Ok(draft)
            });
            Outcome { source, result }
        })
        .collect();
    (outcomes, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// No bytes make the readers panic; they either read or say why not.
        #[test]
        fn readers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = html::read(&bytes, Path::new("page.html"));
            let _ = docx::read(&bytes);
            let mut zipped = b"PK\x03\x04".to_vec();
            zipped.extend_from_slice(&bytes);
            let _ = docx::read(&zipped);
        }

        /// Any page text gets through reading, recognising and writing without a panic.
        #[test]
        fn html_text_never_panics(text in "\\PC{0,400}", tags in proptest::collection::vec(
            prop_oneof![Just("<p>"), Just("</p>"), Just("<br>"), Just("<td>"), Just("<table><tr>"),
                Just("<p align=center>"), Just("索引号："), Just("发布日期："), Just("附件："),
                Just("2021年1月1日"), Just("某某局"), Just("（此件公开发布）"), Just("抄送：")], 0..20)) {
            let page = tags.iter().fold(text, |acc, t| format!("{acc}{t}"));
            if let Ok(ex) = html::read(page.as_bytes(), Path::new("a.html")) {
                let rec = gongwen::recognise(&ex, &[]);
                let _ = body::markdown(&rec.body, &ex.footnotes, &[]);
            }
        }
    }
}
