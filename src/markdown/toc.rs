//! Heading ids and the nested 目录导读 (table of contents).

use serde::{Deserialize, Serialize};

/// A heading of a document body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Plain text.
    pub title: String,
}

/// One entry of 目录导读 with its sub-entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// Anchor id.
    pub id: String,
    /// Plain text.
    pub title: String,
    /// Heading level.
    pub level: u8,
    /// Nested entries.
    pub children: Vec<TocEntry>,
}

/// A readable, stable id from heading text: letters, digits and CJK characters kept, spaces
/// become `-`, punctuation dropped, at most 40 characters. Never empty.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '.' {
            dash = true;
        }
        if out.chars().count() >= 40 {
            break;
        }
    }
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// Builds the nested 目录导读 from headings within `levels`; empty with fewer than two entries.
pub fn build(headings: &[Heading], levels: (u8, u8)) -> Vec<TocEntry> {
    let picked: Vec<&Heading> = headings
        .iter()
        .filter(|h| (levels.0..=levels.1).contains(&h.level))
        .collect();
    if picked.len() < 2 {
        return Vec::new();
    }
    let mut roots: Vec<TocEntry> = Vec::new();
    for h in picked {
        let entry = TocEntry {
            id: h.id.clone(),
            title: toc_title(&h.title),
            level: h.level,
            children: Vec::new(),
        };
        insert(&mut roots, entry);
    }
    roots
}

/// The title as 目录导读 lists it: without the 。 (or ；：) that ends a run-in title
/// (`（一）指导思想。` is listed as `（一）指导思想`).
fn toc_title(title: &str) -> String {
    let trimmed = title.trim_end_matches(['。', '；', '：', ';', ':', '.']);
    if trimmed.is_empty() { title } else { trimmed }.to_string()
}

fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => list.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_drop_the_full_stop_of_a_run_in_title() {
        let toc = build(
            &[h(2, "（一）指导思想。"), h(2, "（二）工作目标：")],
            (2, 3),
        );
        let titles: Vec<&str> = toc.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["（一）指导思想", "（二）工作目标"]);
        assert_eq!(toc_title("。"), "。");
    }

    fn h(level: u8, t: &str) -> Heading {
        Heading {
            level,
            id: slugify(t),
            title: t.into(),
        }
    }

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slugify("一、总体情况"), "一总体情况");
        assert_eq!(slugify("Part 2: Notes"), "part-2-notes");
        assert_eq!(slugify("！！"), "section");
    }

    #[test]
    fn nests_by_level() {
        let toc = build(
            &[
                h(2, "一、甲"),
                h(3, "（一）乙"),
                h(3, "（二）丙"),
                h(2, "二、丁"),
                h(4, "1.戊"),
            ],
            (2, 3),
        );
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children.len(), 2);
        assert!(build(&[h(2, "一、甲")], (2, 3)).is_empty());
    }
}
