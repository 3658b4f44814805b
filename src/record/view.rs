//! The 修订记录 of a document page (`revisions` in templates, documented in
//! `themes/gov/README.md`): from the publication record, never from git dates. Shown when
//! `revision_history: true` in `config.yaml` or in the document's front matter.

use serde::Serialize;

use super::{field_name, Entry, Event};
use crate::content::tree::Site;

/// One line of a page's 修订记录.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    /// When (`2026年12月7日 09:30`).
    pub date: String,
    /// The same as RFC 3339, for `<time datetime>`.
    pub iso: String,
    /// What happened: 发布, 修订：标题、正文（…）, 撤下, 收录.
    pub what: String,
}

/// `2026年12月7日 09:30`, Beijing time.
pub fn when(e: &Entry) -> String {
    let local = crate::content::date::china_offset().to_datetime(e.at());
    local.strftime("%Y年%-m月%-d日 %H:%M").to_string()
}

/// What a revision changed: `标题、发布日期、正文（新增 1 段、删去 2 段，共 9 段）`, or
/// `格式调整` when no field or paragraph did.
pub fn changed_text(e: &Entry) -> String {
    let mut parts: Vec<String> = e.changed.iter().map(|k| field_name(k)).collect();
    if let Some(b) = e.body {
        let mut counts = Vec::new();
        if b.added > 0 {
            counts.push(format!("新增 {} 段", b.added));
        }
        if b.removed > 0 {
            counts.push(format!("删去 {} 段", b.removed));
        }
        parts.push(format!(
            "正文（{}，共 {} 段）",
            counts.join("、"),
            b.paragraphs
        ));
    }
    if parts.is_empty() {
        "格式调整".into()
    } else {
        parts.join("、")
    }
}

/// The 修订记录 of document `d`, oldest first; empty when the page does not show one.
pub fn revisions(site: &Site, publication: &super::Publication, d: usize) -> Vec<RevisionView> {
    let doc = &site.docs[d];
    let shown = doc
        .source
        .meta
        .revision_history
        .unwrap_or(site.config.revision_history);
    if !shown {
        return Vec::new();
    }
    let file = doc.source.file.to_string_lossy().replace('\\', "/");
    let mut first = true;
    publication
        .history(&file)
        .map(|e| {
            let what = match e.event {
                Event::Baseline => "已发布（发布记录自此开始）".to_string(),
                Event::Published if first => "发布".to_string(),
                Event::Published => "重新发布".to_string(),
                Event::Revised => format!("修订：{}", changed_text(e)),
                Event::Removed => "撤下".to_string(),
                Event::Start => String::new(),
            };
            first = false;
            RevisionView {
                date: when(e),
                iso: e.time.clone(),
                what,
            }
        })
        .collect()
}
