//! The body of a `.docx` (`word/document.xml`) walked into blocks: paragraphs with resolved
//! alignment, outline level and numbering, runs with fields, symbols, footnote marks, pictures
//! and text boxes, and tables with merged cells (the archive is opened by [`super::docx`]).

use std::collections::HashMap;

use super::docx::{resolve_part, Archive, Rel, MAX_MEDIA};
use super::docx_links::{hyperlink_target, push_link, push_text};
use super::model::{Asset, AssetContent, Block, Cell, Extracted, ImageSource, Inline, Para, Table};
use super::wordml::{align_of, num_pr, on, symbol, Numbering, Styles};
use super::xml::Element;

/// Walks the document body.
pub(super) struct BodyReader<'r, 'a> {
    /// The archive (pictures are read from it).
    pub(super) archive: &'r mut Archive<'a>,
    dir: String,
    rels: HashMap<String, Rel>,
    styles: Styles,
    numbering: Numbering,
    footnote_texts: HashMap<String, String>,
    /// What has been read so far.
    pub(super) out: Extracted,
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

impl<'r, 'a> BodyReader<'r, 'a> {
    /// A reader of the body of the document in `archive` whose main part is in `dir`.
    pub(super) fn new(
        archive: &'r mut Archive<'a>,
        dir: String,
        rels: HashMap<String, Rel>,
        styles: Styles,
        numbering: Numbering,
        footnote_texts: HashMap<String, String>,
    ) -> Self {
        BodyReader {
            archive,
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
        }
    }

    /// The blocks of a container (the body, a cell, a text box).
    pub(super) fn blocks(&mut self, container: &Element) -> Vec<Block> {
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
                self.out.assets.push(Asset {
                    name,
                    content: AssetContent::Bytes(bytes),
                });
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
                // A nested table stays a table inside the cell.
                let blocks = self.blocks(tc);
                open.retain(|(_, _, c, _)| *c != col);
                open.push((row_index, row.len(), col, span));
                row.push(Cell {
                    blocks,
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
