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

use super::model::{Asset, Block, Cell, Extracted, ImageSource, Inline, Para, Table};
use super::wordml::{align_of, footnotes, num_pr, on, symbol, Numbering, Styles};
use super::xml::{self, Element};

/// Largest XML part read (decompressed).
const MAX_PART: u64 = 64 << 20;
/// Largest embedded picture read (decompressed).
const MAX_MEDIA: u64 = 32 << 20;
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
    let mut reader = BodyReader {
        archive: &mut archive,
        dir,
        rels,
        styles,
        numbering,
        footnote_texts,
        out: Extracted::default(),
        footnote_index: HashMap::new(),
        media_index: HashMap::new(),
        fields: Vec::new(),
        floating: Vec::new(),
    };
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
struct Archive<'a> {
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
    fn bytes(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, String> {
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
struct Rel {
    target: String,
    external: bool,
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

/// Walks the document body.
struct BodyReader<'r, 'a> {
    archive: &'r mut Archive<'a>,
    dir: String,
    rels: HashMap<String, Rel>,
    styles: Styles,
    numbering: Numbering,
    footnote_texts: HashMap<String, String>,
    out: Extracted,
    footnote_index: HashMap<String, usize>,
    media_index: HashMap<String, usize>,
    /// Complex fields open in the paragraph being read, innermost last.
    fields: Vec<Field>,
    /// Blocks of the text boxes met in the paragraph being read, written after it.
    floating: Vec<Block>,
}

/// A complex field (`w:fldChar` begin … separate … end): only its result is document text.
#[derive(Debug, Default)]
struct Field {
    /// The instruction (`PAGE`, `HYPERLINK "http://…"`).
    instr: String,
    /// Where a hyperlink's result starts among the runs collected, once `separate` is met.
    link_at: Option<usize>,
    /// `separate` was met: what follows is the result.
    in_result: bool,
}

impl BodyReader<'_, '_> {
    fn blocks(&mut self, container: &Element) -> Vec<Block> {
        let mut blocks = Vec::new();
        for el in container.elements() {
            match el.name.as_str() {
                "p" => {
                    let para = self.paragraph(el);
                    blocks.push(Block::Para(para));
                    blocks.append(&mut self.floating);
                }
                "tbl" => blocks.push(Block::Table(self.table(el))),
                n if WRAPPERS.contains(&n) => blocks.extend(self.blocks(el)),
                "AlternateContent" => {
                    if let Some(branch) = alternative(el) {
                        blocks.extend(self.blocks(branch));
                    }
                }
                _ => {}
            }
        }
        blocks
    }

    fn paragraph(&mut self, p: &Element) -> Para {
        let ppr = p.child("pPr");
        let style = ppr.and_then(|x| x.child_val("pStyle"));
        let align = ppr
            .and_then(|x| x.child_val("jc"))
            .and_then(align_of)
            .or_else(|| self.styles.resolve(style, |d| d.align))
            .or(self.styles.default_align)
            .unwrap_or_default();
        let heading = ppr
            .and_then(|x| x.child_val("outlineLvl"))
            .and_then(|l| l.parse::<u8>().ok())
            .filter(|l| *l < 9)
            .map(|l| l + 1)
            .or_else(|| self.styles.resolve(style, |d| d.heading));
        let style_bold = self.styles.resolve(style, |d| d.bold).unwrap_or(false);
        let mut para = Para {
            align,
            heading,
            ..Para::default()
        };
        let num = ppr
            .and_then(num_pr)
            .or_else(|| self.styles.resolve(style, |d| d.num.clone()));
        if let Some((id, level)) = num.filter(|(id, _)| id != "0") {
            if let Some((text, bullet)) = self.numbering.next(&id, level) {
                para.list_item = bullet;
                if !text.is_empty() {
                    para.inlines.push(Inline::Text(text));
                }
            }
        }
        let mut bold = Vec::new();
        // A field left open at the end of a paragraph does not hide the next ones.
        let outer_fields = std::mem::take(&mut self.fields);
        self.runs(p, &mut para.inlines, &mut bold, style_bold);
        self.fields = outer_fields;
        para.bold = !bold.is_empty() && bold.iter().all(|b| *b);
        para
    }

    /// Collects the runs of a paragraph (or of a hyperlink, insertion, field … inside it).
    fn runs(
        &mut self,
        el: &Element,
        out: &mut Vec<Inline>,
        bold: &mut Vec<bool>,
        style_bold: bool,
    ) {
        for child in el.elements() {
            match child.name.as_str() {
                "r" => self.run(child, out, bold, style_bold),
                "hyperlink" => {
                    let mut inner = Vec::new();
                    self.runs(child, &mut inner, bold, style_bold);
                    let url = child
                        .attr("id")
                        .and_then(|id| self.rels.get(id))
                        .filter(|r| r.external)
                        .map(|r| r.target.clone());
                    push_link(out, inner, url);
                }
                "fldSimple" => {
                    let mut inner = Vec::new();
                    self.runs(child, &mut inner, bold, style_bold);
                    push_link(out, inner, child.attr("instr").and_then(hyperlink_target));
                }
                // The same content for newer and older Word: one of them.
                "AlternateContent" => {
                    if let Some(branch) = alternative(child) {
                        self.runs(branch, out, bold, style_bold);
                    }
                }
                "del" | "moveFrom" | "pPr" | "bookmarkStart" | "bookmarkEnd" | "proofErr" => {}
                _ => self.runs(child, out, bold, style_bold),
            }
        }
    }

    fn run(&mut self, r: &Element, out: &mut Vec<Inline>, bold: &mut Vec<bool>, style_bold: bool) {
        let rpr = r.child("rPr");
        let is_bold = on(rpr.and_then(|x| x.child("b"))).unwrap_or(style_bold);
        for c in r.elements() {
            match c.name.as_str() {
                "fldChar" => {
                    self.field_char(c.attr("fldCharType"), out);
                    continue;
                }
                "instrText" => {
                    if let Some(f) = self.fields.last_mut().filter(|f| !f.in_result) {
                        f.instr.push_str(&c.text());
                    }
                    continue;
                }
                _ if self.fields.iter().any(|f| !f.in_result) => continue,
                _ => {}
            }
            match c.name.as_str() {
                "t" => {
                    let t = c.text();
                    if !t.trim().is_empty() {
                        bold.push(is_bold);
                    }
                    push_text(out, &t);
                }
                "tab" | "ptab" => push_text(out, " "),
                "br" | "cr" => out.push(Inline::Break),
                // An optional hyphen shows only where Word breaks the line.
                "noBreakHyphen" => push_text(out, "-"),
                "sym" => {
                    let (font, code) = (c.attr("font").unwrap_or(""), c.attr("char").unwrap_or(""));
                    match symbol(font, code) {
                        Some(s) => push_text(out, s.encode_utf8(&mut [0; 4])),
                        None => self
                            .out
                            .warnings
                            .push(format!("符号（{font} 字体 {code}）无法转为文字，已略过")),
                    }
                }
                "ruby" => {
                    // The base text; the phonetic guide above it is left out.
                    if let Some(base) = c.child("rubyBase") {
                        self.runs(base, out, bold, style_bold);
                    }
                }
                "footnoteReference" | "endnoteReference" => {
                    if let Some(id) = c.attr("id") {
                        let key = if c.name == "endnoteReference" {
                            format!("e{id}")
                        } else {
                            id.to_string()
                        };
                        let n = self.footnote(&key);
                        out.push(Inline::FootnoteRef(n));
                    }
                }
                "drawing" | "pict" | "object" => self.drawing(c, out),
                "AlternateContent" => {
                    // The same picture or text box for newer and older Word: the first branch
                    // that has one (a chart's picture is only in the fallback).
                    let branch = [c.child("Choice"), c.child("Fallback")]
                        .into_iter()
                        .flatten()
                        .find(|b| {
                            ["txbxContent", "blip", "imagedata"]
                                .iter()
                                .any(|n| b.find(n).is_some())
                        });
                    if let Some(b) = branch {
                        self.drawing(b, out);
                    }
                }
                _ => {}
            }
        }
    }

    /// A `w:fldChar`: opens a field, starts its result or closes it (a `HYPERLINK` field's
    /// result becomes a link).
    fn field_char(&mut self, kind: Option<&str>, out: &mut Vec<Inline>) {
        match kind {
            Some("begin") => self.fields.push(Field::default()),
            Some("separate") => {
                if let Some(f) = self.fields.last_mut() {
                    f.in_result = true;
                    if hyperlink_target(&f.instr).is_some() {
                        // A text of its own, so that the result is not joined to the text before.
                        out.push(Inline::Text(String::new()));
                        f.link_at = Some(out.len() - 1);
                    }
                }
            }
            Some("end") => {
                let Some(f) = self.fields.pop() else { return };
                if let Some(at) = f.link_at.filter(|at| *at <= out.len()) {
                    let result = out.split_off(at);
                    push_link(out, result, hyperlink_target(&f.instr));
                }
            }
            _ => {}
        }
    }

    /// A picture or shape in a run: the picture, or the text of its text boxes, which is read
    /// as blocks after the paragraph (a text box holds paragraphs and tables of its own).
    fn drawing(&mut self, el: &Element, out: &mut Vec<Inline>) {
        let boxes = el.find_all("txbxContent");
        if boxes.is_empty() {
            if let Some(image) = self.image(el) {
                out.push(image);
            }
            return;
        }
        for b in boxes {
            let outer = std::mem::take(&mut self.floating);
            let inner = self.blocks(b);
            self.floating = outer;
            self.floating.extend(inner);
        }
    }

    fn footnote(&mut self, id: &str) -> usize {
        if let Some(n) = self.footnote_index.get(id) {
            return *n;
        }
        let text = self.footnote_texts.get(id).cloned().unwrap_or_default();
        self.out.footnotes.push(text);
        let n = self.out.footnotes.len() - 1;
        self.footnote_index.insert(id.to_string(), n);
        n
    }

    fn image(&mut self, el: &Element) -> Option<Inline> {
        let rid = el
            .find("blip")
            .and_then(|b| b.attr("embed").or_else(|| b.attr("link")))
            .or_else(|| el.find("imagedata").and_then(|i| i.attr("id")))?
            .to_string();
        let alt = el
            .find("docPr")
            .and_then(|d| d.attr("descr").or_else(|| d.attr("title")))
            .unwrap_or("")
            .trim()
            .to_string();
        let rel = self.rels.get(&rid)?.clone();
        if rel.external {
            return Some(Inline::Image {
                source: ImageSource::Remote(rel.target),
                alt,
            });
        }
        let path = resolve_part(&self.dir, &rel.target);
        if let Some(i) = self.media_index.get(&path) {
            return Some(Inline::Image {
                source: ImageSource::Asset(*i),
                alt,
            });
        }
        match self.archive.bytes(&path, MAX_MEDIA) {
            Ok(Some(bytes)) => {
                let name = path.rsplit('/').next().unwrap_or("image").to_string();
                self.out.assets.push(Asset { name, bytes });
                let i = self.out.assets.len() - 1;
                self.media_index.insert(path, i);
                Some(Inline::Image {
                    source: ImageSource::Asset(i),
                    alt,
                })
            }
            Ok(None) => {
                self.out
                    .warnings
                    .push(format!("图片 {path} 不在文档中，已略过"));
                None
            }
            Err(e) => {
                self.out.warnings.push(format!("图片 {path} 未导入：{e}"));
                None
            }
        }
    }

    fn table(&mut self, tbl: &Element) -> Table {
        let mut table = Table::default();
        // Grid column where each emitted cell of the previous rows starts: (row, index, col).
        let mut open: Vec<(usize, usize, usize, usize)> = Vec::new();
        for tr in wrapped(tbl, "tr") {
            // A row deleted with tracked changes on.
            if tr.child("trPr").is_some_and(|p| p.child("del").is_some()) {
                continue;
            }
            let row_index = table.rows.len();
            let is_header = tr
                .child("trPr")
                .is_some_and(|p| on(p.child("tblHeader")) == Some(true));
            if is_header && table.header_rows == row_index {
                table.header_rows += 1;
            }
            let mut row = Vec::new();
            let mut col = 0;
            for tc in wrapped(tr, "tc") {
                let pr = tc.child("tcPr");
                let span: usize = pr
                    .and_then(|p| p.child_val("gridSpan"))
                    .and_then(|s| s.parse().ok())
                    .filter(|s: &usize| (1..=64).contains(s))
                    .unwrap_or(1);
                let vmerge = pr.and_then(|p| p.child("vMerge"));
                let continues =
                    vmerge.is_some_and(|v| v.attr("val").is_none_or(|x| x == "continue"));
                if continues {
                    if let Some(&(r, i, _, _)) = open
                        .iter()
                        .rev()
                        .find(|(_, _, c, s)| *c == col && *s == span)
                    {
                        if let Some(cell) = table
                            .rows
                            .get_mut(r)
                            .and_then(|row: &mut Vec<Cell>| row.get_mut(i))
                        {
                            cell.rowspan += 1;
                        }
                    }
                    col += span;
                    continue;
                }
                let paras = self
                    .blocks(tc)
                    .into_iter()
                    .flat_map(|b| match b {
                        Block::Para(p) => vec![p],
                        Block::Table(t) => flatten_table(t),
                    })
                    .collect();
                open.retain(|(_, _, c, _)| *c != col);
                open.push((row_index, row.len(), col, span));
                row.push(Cell {
                    paras,
                    colspan: span,
                    rowspan: 1,
                });
                col += span;
            }
            table.rows.push(row);
        }
        table
    }
}

/// A nested table's text as paragraphs (Markdown and the site's tables do not nest).
fn flatten_table(t: Table) -> Vec<Para> {
    t.rows
        .into_iter()
        .flat_map(|r| r.into_iter().flat_map(|c| c.paras))
        .collect()
}

/// Elements that wrap paragraphs, tables, rows and cells without changing them: content
/// controls (`w:sdt`, whose `w:sdtPr` holds no content), custom XML, smart tags and tracked
/// insertions and moves.
const WRAPPERS: &[&str] = &[
    "sdt",
    "sdtContent",
    "customXml",
    "smartTag",
    "ins",
    "moveTo",
];

/// The children named `name`, also those in [`WRAPPERS`] (rows and cells are wrapped as
/// paragraphs are).
fn wrapped<'e>(el: &'e Element, name: &str) -> Vec<&'e Element> {
    let mut found = Vec::new();
    for c in el.elements() {
        if c.name == name {
            found.push(c);
        } else if WRAPPERS.contains(&c.name.as_str()) {
            found.extend(wrapped(c, name));
        }
    }
    found
}

/// The branch of `mc:AlternateContent` to read: the choice, else the fallback (never both:
/// they hold the same content).
fn alternative(el: &Element) -> Option<&Element> {
    el.child("Choice").or_else(|| el.child("Fallback"))
}

/// A hyperlink's content: a link when it is only text and the target is a web address, else
/// the content as it is.
fn push_link(out: &mut Vec<Inline>, inner: Vec<Inline>, url: Option<String>) {
    let text: Option<String> = inner
        .iter()
        .map(|i| match i {
            Inline::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    match (url.filter(|u| is_web_url(u)), text) {
        (Some(url), Some(text)) if !text.trim().is_empty() => {
            out.push(Inline::Link { text, url });
        }
        _ => {
            for i in inner {
                match i {
                    Inline::Text(t) => push_text(out, &t),
                    other => out.push(other),
                }
            }
        }
    }
}

/// The address of a `HYPERLINK "http://…" \o "tip"` field instruction (`\l` bookmarks have
/// none).
fn hyperlink_target(instr: &str) -> Option<String> {
    let rest = instr.trim_start();
    if !rest.get(..9)?.eq_ignore_ascii_case("HYPERLINK") {
        return None;
    }
    let mut rest = &rest[9..];
    let mut takes_argument = false;
    loop {
        rest = rest.trim_start();
        let (token, quoted, after) = if let Some(q) = rest.strip_prefix('"') {
            let end = q.find('"').unwrap_or(q.len());
            (&q[..end], true, q.get(end + 1..).unwrap_or(""))
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (&rest[..end], false, &rest[end..])
        };
        if token.is_empty() && !quoted {
            return None;
        }
        rest = after;
        if takes_argument {
            takes_argument = false;
        } else if !quoted && token.starts_with('\\') {
            takes_argument = matches!(token, "\\l" | "\\o" | "\\t");
        } else {
            return Some(token.to_string());
        }
    }
}

fn push_text(out: &mut Vec<Inline>, t: &str) {
    if let Some(Inline::Text(last)) = out.last_mut() {
        last.push_str(t);
    } else {
        out.push(Inline::Text(t.to_string()));
    }
}

fn is_web_url(url: &str) -> bool {
    let l = url.to_ascii_lowercase();
    super::is_web_address(&l) || l.starts_with("mailto:")
}

/// `media/image1.png` relative to `word/` → `word/media/image1.png`; `..` resolved.
fn resolve_part(dir: &str, target: &str) -> String {
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
    fn hyperlink_field_targets() {
        let t = |i: &str| hyperlink_target(i);
        assert_eq!(
            t(" HYPERLINK \"http://www.example.gov.cn/\" \\o \"提示\" ").as_deref(),
            Some("http://www.example.gov.cn/")
        );
        assert_eq!(
            t("HYPERLINK \\o \"提示\" http://a.cn/x").as_deref(),
            Some("http://a.cn/x")
        );
        assert_eq!(t(" HYPERLINK \\l \"_Toc1\" "), None);
        assert_eq!(t(" PAGE "), None);
        assert_eq!(t("HYPER"), None);
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
