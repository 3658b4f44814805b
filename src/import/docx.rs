//! Reads a Word/WPS `.docx` 公文 into blocks: paragraphs with their resolved alignment
//! (direct, else through the style chain, else the document defaults), Word's automatic
//! numbering written out (`一、`, `（一）`, `1.`), tables with merged cells, footnotes, endnotes
//! and embedded pictures. Tracked changes are read as accepted, comments and field instructions
//! are left out (a `HYPERLINK` field's result becomes a link), text boxes become blocks after
//! their paragraph, and content for newer and older Word (`mc:AlternateContent`) is read once.
//! Page headers and footers are page chrome and are not read. The parts that define styles,
//! numbering and footnotes are read by [`super::wordml`].
//!
//! The archive is read entry by entry with a size cap: nothing is extracted to disk, so a
//! zip bomb or an entry named `../../x` cannot write anywhere.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::docx_body::BodyReader;
use super::model::Extracted;
use super::wordml::{footnotes, Numbering, Styles};
use super::xml::{self, Element};

/// Largest XML part read (decompressed).
const MAX_PART: u64 = 64 << 20;
/// Largest embedded picture read (decompressed).
pub(super) const MAX_MEDIA: u64 = 32 << 20;
/// Largest total of all parts and pictures read from one file.
const MAX_TOTAL: u64 = 256 << 20;

/// Reads one `.docx` file's bytes.
pub fn read(bytes: &[u8]) -> Result<Extracted, String> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err("这是旧版 Word 文档（.doc）或加密的文档，不是 .docx：请在 Word 或 WPS 中打开，取消密码后“另存为” .docx".into());
    }
    if !bytes.starts_with(b"PK") {
        return Err("不是 .docx 文件（.docx 是 zip 格式，文件开头应为 “PK”）".into());
    }
    let mut archive = Archive::open(bytes)?;
    let main = archive
        .main_part()
        .unwrap_or_else(|| "word/document.xml".to_string());
    let document = archive
        .xml(&main)?
        .ok_or_else(|| format!("不是 Word 文档：压缩包中没有 {main}"))?;
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let rels_name = format!(
        "{dir}/_rels/{}.rels",
        main.rsplit('/').next().unwrap_or("document.xml")
    );
    let rels = archive
        .xml(&rels_name)?
        .map(|r| relationships(&r))
        .unwrap_or_default();
    let styles = archive
        .xml(&format!("{dir}/styles.xml"))?
        .map(|s| Styles::read(&s))
        .unwrap_or_default();
    let numbering = archive
        .xml(&format!("{dir}/numbering.xml"))?
        .map(|n| Numbering::read(&n))
        .unwrap_or_default();
    let mut footnote_texts = archive
        .xml(&format!("{dir}/footnotes.xml"))?
        .map(|f| footnotes(&f))
        .unwrap_or_default();
    // Endnotes number apart from footnotes: their ids are kept apart with a prefix.
    if let Some(e) = archive.xml(&format!("{dir}/endnotes.xml"))? {
        footnote_texts.extend(footnotes(&e).into_iter().map(|(k, v)| (format!("e{k}"), v)));
    }
    let body = document
        .child("body")
        .ok_or("不是 Word 文档：document.xml 中没有正文（w:body）")?;
    let mut reader = BodyReader::new(&mut archive, dir, rels, styles, numbering, footnote_texts);
    let blocks = reader.blocks(body);
    reader.out.blocks = blocks;
    if let Some(title) = archive_title(reader.archive) {
        reader
            .out
            .state("title", &title, "文档属性（docProps/core.xml）");
    }
    Ok(reader.out)
}

fn archive_title(archive: &mut Archive<'_>) -> Option<String> {
    let core = archive.xml("docProps/core.xml").ok()??;
    let t = core.child("title")?.text();
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The zip archive with size accounting.
pub(super) struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    read_total: u64,
}

impl<'a> Archive<'a> {
    fn open(bytes: &'a [u8]) -> Result<Self, String> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("不是有效的 .docx 文件（无法作为 zip 读取：{e}）"))?;
        Ok(Archive { zip, read_total: 0 })
    }

    /// An entry's bytes, `None` when absent. Sizes are checked on the decompressed stream, not
    /// only on the header, which a crafted archive can understate.
    pub(super) fn bytes(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, String> {
        let mut entry = match self.zip.by_name(name) {
            Ok(e) => e,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(zip::result::ZipError::UnsupportedArchive(m)) if m.contains("ncrypt") => {
                return Err("文档已加密：请取消密码后再导入".into())
            }
            Err(e) => return Err(format!("无法读取 {name}：{e}")),
        };
        if entry.size() > limit {
            return Err(format!(
                "{name} 解压后 {} 字节，超过上限 {limit} 字节：文件可能已损坏或是恶意构造的",
                entry.size()
            ));
        }
        let mut buf = Vec::new();
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("无法解压 {name}：{e}"))?;
        if buf.len() as u64 > limit {
            return Err(format!(
                "{name} 解压后超过上限 {limit} 字节：文件可能已损坏或是恶意构造的"
            ));
        }
        self.read_total += buf.len() as u64;
        if self.read_total > MAX_TOTAL {
            return Err(format!(
                "解压后的内容超过 {MAX_TOTAL} 字节：文件可能已损坏或是恶意构造的"
            ));
        }
        Ok(Some(buf))
    }

    fn xml(&mut self, name: &str) -> Result<Option<Element>, String> {
        let Some(bytes) = self.bytes(name, MAX_PART)? else {
            return Ok(None);
        };
        // Parts are UTF-8, or UTF-16 with a byte-order mark.
        let text = match encoding_rs::Encoding::for_bom(&bytes) {
            Some((enc, bom)) => enc.decode_without_bom_handling(&bytes[bom..]).0,
            None => String::from_utf8_lossy(&bytes),
        };
        let text = text.trim_start_matches('\u{feff}');
        xml::parse(text)
            .map(Some)
            .map_err(|e| format!("{name}：{e}"))
    }

    /// The main document part named by `_rels/.rels`.
    fn main_part(&mut self) -> Option<String> {
        let rels = self.xml("_rels/.rels").ok()??;
        let target = rels
            .elements()
            .find(|r| {
                r.attr("Type")
                    .is_some_and(|t| t.ends_with("/officeDocument"))
            })
            .and_then(|r| r.attr("Target"))
            .map(|t| t.trim_start_matches('/').to_string());
        target
    }
}

/// A relationship target.
#[derive(Debug, Clone, Default)]
pub(super) struct Rel {
    /// The part or address it points to.
    pub target: String,
    /// An address outside the file.
    pub external: bool,
}

fn relationships(root: &Element) -> HashMap<String, Rel> {
    root.elements()
        .filter_map(|r| {
            Some((
                r.attr("Id")?.to_string(),
                Rel {
                    target: r.attr("Target")?.to_string(),
                    external: r.attr("TargetMode") == Some("External"),
                },
            ))
        })
        .collect()
}

/// `media/image1.png` relative to `word/` → `word/media/image1.png`; `..` resolved.
pub(super) fn resolve_part(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_paths_resolve() {
        assert_eq!(
            resolve_part("word", "media/image1.png"),
            "word/media/image1.png"
        );
        assert_eq!(resolve_part("word", "../media/a.png"), "media/a.png");
        assert_eq!(resolve_part("word", "../../../etc/passwd"), "etc/passwd");
    }

    #[test]
    fn not_a_docx_is_refused() {
        assert!(read(b"hello").unwrap_err().contains("不是 .docx"));
        assert!(read(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0])
            .unwrap_err()
            .contains(".doc"));
        assert!(read(b"PK\x03\x04broken").unwrap_err().contains("zip"));
    }
}
