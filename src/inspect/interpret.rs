//! 政策解读: a document says `interprets: <索引号 or content path>` (解读对象) and both pages link to
//! each other — 原文 on the 解读, 相关解读 after the body of the 文件 (REQUIREMENTS A13). The
//! links are resolved with the other relations ([`Links`], [`crate::lifecycle::relations`]); this
//! module reports the ones that point nowhere and checks the sections that ask `needs_interpretation: true` for 文件 without a 解读.

use serde::Serialize;

use crate::content::tree::Site;
use crate::diagnostics::Diagnostic;
use crate::lifecycle::relations::Links;
use crate::lifecycle::Lifecycle;

impl Links {
    /// Errors for `interprets` values that name no document of the site.
    pub fn problems(&self, site: &Site) -> Vec<Diagnostic> {
        self.dangling
            .iter()
            .map(|(i, target)| {
                let doc = &site.docs[*i].source;
                let (line, col) = doc
                    .meta
                    .positions
                    .get("interprets")
                    .copied()
                    .unwrap_or((1, 1));
                Diagnostic::error(
                    &doc.file,
                    line,
                    col,
                    format!("找不到被解读的文件：应为本站文档的索引号或 content/ 下的路径（如 xxgk/zcwj/a.md），实际为 “{target}”"),
                )
                .with_field("interprets（解读对象）")
            })
            .collect()
    }
}

/// How many 文件 of the sections that need 解读 have one.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Coverage {
    /// 文件 in sections with `needs_interpretation: true`.
    pub documents: usize,
    /// Of those, the ones with at least one 解读.
    pub interpreted: usize,
    /// All `interprets` links of the site.
    pub links: usize,
}

impl Coverage {
    /// The share of 文件 with a 解读, 0–100 (100 when no section asks for 解读).
    pub fn percent(&self) -> u32 {
        (self.interpreted * 100)
            .checked_div(self.documents)
            .map_or(100, |p| p as u32)
    }
}

/// Warnings for 文件 without 解读 in sections that ask for one, and the coverage figures.
pub fn check(site: &Site, lifecycle: &Lifecycle) -> (Vec<Diagnostic>, Coverage) {
    let links = &lifecycle.interpretations;
    let mut found = Vec::new();
    let mut coverage = Coverage {
        links: links.original.iter().flatten().count(),
        ..Coverage::default()
    };
    for (i, doc) in site.docs.iter().enumerate() {
        let section = &site.sections[doc.section];
        // A 解读 filed in the 政策文件 section is not itself a 文件 needing one.
        if !section.needs_interpretation || links.original[i].is_some() {
            continue;
        }
        coverage.documents += 1;
        if links.interpretations[i].is_empty() {
            found.push(Diagnostic::warning(
                &doc.source.file,
                0,
                0,
                format!(
                    "政策解读：栏目 “{}” 要求配发解读（needs_interpretation: true），本文件还没有解读：应在解读文档的 front matter 中写 “interprets: {}”",
                    section.title,
                    doc.source
                        .meta
                        .index_no
                        .clone()
                        .unwrap_or_else(|| crate::text::content_rel(&doc.source.file))
                ),
            ));
        } else {
            coverage.interpreted += 1;
        }
    }
    (found, coverage)
}
