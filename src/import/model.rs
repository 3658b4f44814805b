//! What a reader (`.docx` or saved HTML page) hands to the 公文 recogniser: the document's
//! blocks in reading order, the metadata the source states outright, and the files to save.

use std::collections::BTreeMap;

/// Horizontal alignment of a paragraph, as the source sets it (inherited values resolved).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Left, justified or not set.
    #[default]
    Start,
    /// Centred: titles, 文号 lines, attachment titles.
    Center,
    /// Right-aligned: the 落款.
    End,
}

/// Where an image comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageSource {
    /// A file of [`Extracted::assets`], by index.
    Asset(usize),
    /// An address on another host (never loaded by the site: written as a link).
    Remote(String),
}

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// A hyperlink with its visible text.
    Link {
        /// Visible text.
        text: String,
        /// Target address (absolute URL, or a file among the assets by name).
        url: String,
    },
    /// A picture.
    Image {
        /// The file or address.
        source: ImageSource,
        /// Alternative text as the source gives it (may be empty).
        alt: String,
    },
    /// A footnote mark, by the footnote's index in [`Extracted::footnotes`].
    FootnoteRef(usize),
    /// A line break inside the paragraph.
    Break,
}

/// One paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Para {
    /// Its content.
    pub inlines: Vec<Inline>,
    /// Alignment.
    pub align: Align,
    /// Every run of text is bold.
    pub bold: bool,
    /// Heading level the source marks (Word outline level or heading style, HTML `<hN>`), 1-based.
    pub heading: Option<u8>,
    /// A list item (Word bullet numbering, HTML `<li>`).
    pub list_item: bool,
}

impl Para {
    /// The text without markup, links reduced to their text.
    pub fn plain(&self) -> String {
        let mut s = String::new();
        for i in &self.inlines {
            match i {
                Inline::Text(t) => s.push_str(t),
                Inline::Link { text, .. } => s.push_str(text),
                Inline::Break => s.push('\n'),
                Inline::Image { .. } | Inline::FootnoteRef(_) => {}
            }
        }
        s
    }

    /// Whether the paragraph has a picture.
    pub fn has_image(&self) -> bool {
        self.inlines
            .iter()
            .any(|i| matches!(i, Inline::Image { .. }))
    }

    /// A paragraph holding only the given text.
    #[cfg(test)]
    pub fn text(text: impl Into<String>) -> Para {
        Para {
            inlines: vec![Inline::Text(text.into())],
            ..Para::default()
        }
    }
}

/// A table cell. Cells covered by another cell's span are not listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// Paragraphs and nested tables of the cell.
    pub blocks: Vec<Block>,
    /// Columns spanned (1 when not merged).
    pub colspan: usize,
    /// Rows spanned (1 when not merged).
    pub rowspan: usize,
}

impl Cell {
    /// A cell of paragraphs.
    #[cfg(test)]
    pub fn of_paras(paras: Vec<Para>, colspan: usize, rowspan: usize) -> Cell {
        Cell {
            blocks: paras.into_iter().map(Block::Para).collect(),
            colspan,
            rowspan,
        }
    }

    /// The paragraphs of the cell, those of nested tables included, in reading order.
    pub fn paras(&self) -> Vec<&Para> {
        let mut out = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Para(p) => out.push(p),
                Block::Table(t) => out.extend(t.rows.iter().flatten().flat_map(Cell::paras)),
            }
        }
        out
    }
}

/// A table, row by row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
    /// Number of leading header rows the source marks (at least the first row is used).
    pub header_rows: usize,
}

/// A block of the document body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph.
    Para(Para),
    /// A table.
    Table(Table),
}

/// A file to save beside the document (an embedded picture, a copied attachment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// File name as the source has it (only the last path component, made safe later).
    pub name: String,
    /// Content.
    pub content: AssetContent,
}

/// What a file to save holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetContent {
    /// Bytes taken out of the source (a picture inside a `.docx`).
    Bytes(Vec<u8>),
    /// A file saved beside the page or in the mirror, copied when the document is saved: a
    /// migration reads every page before it writes any, and never holds all their attachments.
    File {
        /// Where it is.
        path: std::path::PathBuf,
        /// Its size in bytes when the page was read.
        len: u64,
    },
}

impl AssetContent {
    /// Size in bytes.
    pub fn size(&self) -> u64 {
        match self {
            AssetContent::Bytes(b) => b.len() as u64,
            AssetContent::File { len, .. } => *len,
        }
    }

    /// Its bytes (a file is read now).
    pub fn bytes(&self) -> Result<Vec<u8>, String> {
        match self {
            AssetContent::Bytes(b) => Ok(b.clone()),
            AssetContent::File { path, .. } => std::fs::read(path)
                .map_err(|e| format!("无法读取 {}：{}", path.display(), crate::fs::reason(&e))),
        }
    }
}

/// An attachment link the source page lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentLink {
    /// Visible title.
    pub title: String,
    /// A file among the assets, or a remote address.
    pub target: AttachmentTarget,
}

/// Where an attachment is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentTarget {
    /// Copied: index into [`Extracted::assets`].
    Asset(usize),
    /// Left on the old site.
    Remote(String),
}

/// Everything a reader found in one source file.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// Body blocks in reading order.
    pub blocks: Vec<Block>,
    /// Footnote texts, in the order of their marks.
    pub footnotes: Vec<String>,
    /// Files to save beside the document.
    pub assets: Vec<Asset>,
    /// Metadata the source states outright (front-matter key → value), with where it was found.
    pub stated: BTreeMap<&'static str, (String, String)>,
    /// Other texts the source offers as its title (`<title>`, big headings), for recognising
    /// the title lines at the top of the body.
    pub title_candidates: Vec<String>,
    /// Attachment links (HTML pages).
    pub attachments: Vec<AttachmentLink>,
    /// The page's original address, with where it was found.
    pub source_url: Option<(String, String)>,
    /// Things the reader could not carry over.
    pub warnings: Vec<String>,
    /// Paths the document had on the old site beside [`Extracted::source_url`] (a mirror's
    /// copies of it under other columns), kept as aliases when they are plain paths.
    pub old_paths: Vec<String>,
    /// Attachments and pictures the page links that are not in the mirror (old addresses).
    pub missing_files: Vec<String>,
}

impl Extracted {
    /// Records a stated field unless an earlier (more trusted) place already gave one.
    pub fn state(&mut self, key: &'static str, value: &str, from: &str) {
        let value = value.trim();
        // `{{article.org}}`: an unrendered template of a JavaScript-built page, not a value.
        if value.is_empty() || value.contains("{{") && value.contains("}}") {
            return;
        }
        self.stated
            .entry(key)
            .or_insert_with(|| (value.to_string(), from.to_string()));
    }
}
