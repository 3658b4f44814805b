//! The body of an imported document as Markdown: paragraphs with their indentation removed
//! and Markdown syntax escaped, headings, list items, links, pictures, footnotes, and tables (a
//! pipe table for a plain grid, HTML when cells are merged).

use std::sync::LazyLock;

use regex::Regex;

use super::gongwen::trim;
use super::model::{Block, Cell, ImageSource, Inline, Para, Table};
use crate::text::escape_text;

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

/// A table: a pipe table when it is a plain grid, HTML when cells are merged or a cell holds a
/// table of its own (Markdown tables cannot merge cells or nest; the site's sanitiser keeps
/// `colspan`/`rowspan`).
fn table_markdown(t: &Table, assets: &[String]) -> String {
    let merged = t
        .rows
        .iter()
        .flatten()
        .any(|c| c.colspan > 1 || c.rowspan > 1);
    let nested = t
        .rows
        .iter()
        .flatten()
        .any(|c| c.blocks.iter().any(|b| matches!(b, Block::Table(_))));
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
    if merged || nested || ragged || width == 0 {
        return table_html(t, assets);
    }
    let cell = |c: &Cell| {
        c.paras()
            .into_iter()
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

/// A table as HTML. A cell of text is written inline; a cell holding a picture or a table is
/// written as Markdown between blank lines inside its tags, so that its pictures are resolved
/// like any other and its table is written by [`table_markdown`] in turn.
fn table_html(t: &Table, assets: &[String]) -> String {
    let header_rows = t.header_rows.max(1);
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
            let rich = c.blocks.iter().any(|b| match b {
                Block::Para(p) => p.has_image(),
                Block::Table(_) => true,
            });
            if rich {
                let inner = markdown(&c.blocks, &[], assets);
                s.push_str(&format!(
                    "<{tag}{attrs}>\n\n{}\n\n</{tag}>",
                    inner.trim_end()
                ));
                continue;
            }
            let text: Vec<String> = c
                .paras()
                .into_iter()
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
    s
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let c = |t: &str, colspan, rowspan| Cell::of_paras(vec![Para::text(t)], colspan, rowspan);
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
}
