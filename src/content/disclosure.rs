//! Stage 4, validate: the disclosure rules that need the whole site or the standards
//! (REQUIREMENTS A2–A4): 索引号 uniqueness and the checks of [`crate::content::index_no`], 文号
//! brackets, date order and timeliness, fields a section requires.

use std::borrow::Cow;
use std::collections::BTreeSet;

use foldhash::HashMap;

use crate::content::front_matter::{field, DOCUMENT_FIELDS};
use crate::content::index_no::check_index_no;
use crate::content::tree::Site;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};

/// What the disclosure rules find in one document alone: everything but the repeat of its
/// 索引号 by another document. It depends only on the document, its section's required fields,
/// the site's files and the configuration, so a caller may keep it until the document changes.
#[derive(Debug, Clone, Default)]
pub struct DocumentFindings {
    /// The problems found.
    pub problems: Vec<Diagnostic>,
    /// The years the calendar does not know that the working days between the document's
    /// 成文日期 and 发布日期 go through (`None` when the count is certain).
    pub unknown_years: Option<BTreeSet<i16>>,
}

/// Runs every site-wide check and reports into `diags`, with each document's own findings given
/// by `findings` (kept from an earlier run, or [`check_document`]): adds the repeated 索引号 and
/// the one warning for the documents whose working days the calendar does not know.
pub fn validate_with<'a>(
    site: &'a Site,
    findings: impl Fn(usize) -> Cow<'a, DocumentFindings>,
    diags: &mut Diagnostics,
) {
    let mut seen: HashMap<&str, usize> = HashMap::default();
    let mut unknown = Unknown::default();
    for (i, doc) in site.docs.iter().enumerate() {
        let own = findings(i);
        diags.extend(own.problems.iter().cloned());
        if let Some(years) = &own.unknown_years {
            unknown.docs.push(i);
            unknown.years.extend(years.iter().copied());
        }
        let Some(no) = doc.source.meta.index_no.as_deref() else {
            continue;
        };
        match seen.get(no) {
            Some(&other) => diags.push(duplicate_problem(site, i, other)),
            None => {
                seen.insert(no, i);
            }
        }
    }
    unknown.report(site, diags);
}

/// The checks of document `d` alone, reported as [`validate_with`] reports them for it (the editor's
/// preview). Another document with the same 索引号 is the first one of the site, as in
/// [`validate_with`]; the one warning for all documents whose working days the calendar does not
/// know is found over the whole site only when `d` is one of them (it is at the first).
pub fn validate_document(site: &Site, d: usize, diags: &mut Diagnostics) {
    let no = site.docs[d].source.meta.index_no.as_deref();
    let duplicate_of = no
        .and_then(|no| (0..d).find(|&j| site.docs[j].source.meta.index_no.as_deref() == Some(no)));
    let own = check_document(site, d);
    diags.extend(own.problems);
    if let Some(other) = duplicate_of {
        diags.push(duplicate_problem(site, d, other));
    }
    if own.unknown_years.is_some() {
        let mut all = Unknown::default();
        for i in 0..site.docs.len() {
            if let Some(years) = check_document(site, i).unknown_years {
                all.docs.push(i);
                all.years.extend(years);
            }
        }
        all.report(site, diags);
    }
}

/// The error of document `i`, whose 索引号 document `other` (earlier in the site) already uses.
fn duplicate_problem(site: &Site, i: usize, other: usize) -> Diagnostic {
    let src = &site.docs[i].source;
    let (l, c) = src
        .meta
        .positions
        .get("index_no")
        .copied()
        .unwrap_or((1, 1));
    let no = src.meta.index_no.as_deref().unwrap_or_default();
    Diagnostic::error(
        &src.file,
        l,
        c,
        format!(
            "索引号 “{no}” 重复：{} 也使用了这个索引号，全站索引号必须唯一",
            site.docs[other].source.file.display()
        ),
    )
    .with_field(field(DOCUMENT_FIELDS, "index_no").label())
}

/// The documents whose working days went through years the calendar does not know, and those
/// years: one warning for all of them, at the first.
#[derive(Default)]
struct Unknown {
    docs: Vec<usize>,
    years: BTreeSet<i16>,
}

impl Unknown {
    fn report(self, site: &Site, diags: &mut Diagnostics) {
        let Some(&first) = self.docs.first() else {
            return;
        };
        let src = &site.docs[first].source;
        let (l, c) = src.meta.positions.get("date").copied().unwrap_or((1, 1));
        let n = self.docs.len();
        let note = site.config.calendar.unknown_note(&self.years);
        diags.push(
            Diagnostic::warning(
                &src.file,
                l,
                c,
                format!("{n} 篇文档的成文日期到发布日期之间的工作日：{note}"),
            )
            .with_field(field(DOCUMENT_FIELDS, "date").label()),
        );
    }
}

/// The checks of document `i` alone (see [`DocumentFindings`]).
pub fn check_document(site: &Site, i: usize) -> DocumentFindings {
    let mut own = DocumentFindings::default();
    let diags = &mut own.problems;
    {
        let doc = &site.docs[i];
        let src = &doc.source;
        let m = &src.meta;
        let at = |key: &str| m.positions.get(key).copied().unwrap_or((1, 1));
        let label = |key: &str| field(DOCUMENT_FIELDS, key).label();
        let required = &site.sections[doc.section].required;
        let warn = |key: &str, msg: String| {
            let (l, c) = at(key);
            Diagnostic::warning(&src.file, l, c, msg).with_field(label(key))
        };
        let err = |key: &str, msg: String| {
            let (l, c) = at(key);
            Diagnostic::error(&src.file, l, c, msg).with_field(label(key))
        };
        match &m.index_no {
            None if required.iter().any(|k| k == "index_no") => diags.push(err(
                "index_no",
                "本栏目要求填写索引号（见栏目 _index.md 的 required），实际缺少".into(),
            )),
            None => diags.push(warn(
                "index_no",
                "未填写索引号：信息公开文档一般应有索引号，如 “index_no: 11371500004428004U/2021-00001”".into(),
            )),
            Some(no) => {
                for problem in check_index_no(no, &m.date, m.written_on.as_ref(), &site.config) {
                    diags.push(match problem.severity {
                        Severity::Error => err("index_no", problem.message),
                        Severity::Warning => warn("index_no", problem.message),
                    });
                }
            }
        }
        for key in required {
            let missing = match key.as_str() {
                "index_no" => false,
                "doc_no" => m.doc_no.is_none(),
                "written_on" => m.written_on.is_none(),
                "topics" => m.topics.is_empty(),
                "keywords" => m.keywords.is_empty(),
                "validity" => m.validity.is_none(),
                "summary" => m.summary.is_none(),
                "genre" => m.genre.is_none(),
                "note" => m.note.is_none(),
                "attachments" => m.attachments.is_empty(),
                "source_url" => m.source_url.is_none(),
                _ => false,
            };
            if missing {
                diags.push(err(
                    key,
                    format!(
                        "本栏目要求填写{}（见栏目 _index.md 的 required），实际缺少",
                        field(DOCUMENT_FIELDS, key).zh
                    ),
                ));
            }
        }
        for attachment in &m.attachments {
            if attachment.file.contains("://") {
                continue;
            }
            let rel = crate::text::normalize(&format!("{}/{}", src.dir, attachment.file));
            if !site.assets.iter().any(|a| a.rel == rel) {
                let (l, c) = attachment.position;
                let msg = format!(
                    "附件 “{}” 的文件 {} 不存在：应放在 content/{rel}",
                    attachment.title, attachment.file
                );
                diags
                    .push(Diagnostic::error(&src.file, l, c, msg).with_field(label("attachments")));
            }
        }
        if let Some(no) = &m.doc_no {
            if let Some(msg) = check_doc_no(no) {
                diags.push(warn("doc_no", msg));
            }
        }
        if let Some(w) = &m.written_on {
            if w.date() > m.date.date() {
                diags.push(warn(
                    "written_on",
                    format!(
                        "成文日期 {} 晚于发布日期 {}：应先成文后发布",
                        w.display(),
                        m.date.display()
                    ),
                ));
            } else {
                let count = site
                    .config
                    .calendar
                    .working_days_between(w.date(), m.date.date());
                let days = count.value;
                if site.config.calendar.could_differ(&count, 20) {
                    own.unknown_years = Some(count.unknown.clone());
                }
                if days > 20 {
                    diags.push(warn(
                        "date",
                        format!(
                            "发布日期与成文日期相隔 {days} 个工作日：主动公开信息应在形成后 20 个工作日内公开"
                        ),
                    ));
                }
            }
        }
    }
    own
}

/// Lints a 文号 against GB/T 9704 7.2.5: year in 〔〕, no 第, no leading zero (令 keep their
/// own `…令第N号`).
pub fn check_doc_no(no: &str) -> Option<String> {
    let wrong_brackets = ['[', ']', '【', '】', '(', ')', '（', '）', '〈', '〉'];
    if let Some(b) = no.chars().find(|c| wrong_brackets.contains(c)) {
        return Some(format!(
            "文号年份应用六角括号〔〕括入，实际用了 “{b}”：“{no}”"
        ));
    }
    // 令 are numbered on their own: 国令第706号, 某某省人民政府令第12号.
    let is_decree = no.split_once("令第").is_some_and(|(_, n)| {
        n.strip_suffix('号')
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
    });
    if !no.contains('〔') && no.contains('号') && !is_decree {
        return Some(format!(
            "文号应写作 “机关代字〔年份〕序号号”，实际为 “{no}”"
        ));
    }
    if let Some(after) = no.split('〕').nth(1) {
        if after.starts_with('第') {
            return Some(format!("文号序号前不加 “第”：“{no}”"));
        }
        if after.starts_with('0') {
            return Some(format!("文号序号不编虚位（不补零）：“{no}”"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_no_lint() {
        assert!(check_doc_no("国办发〔2019〕3号").is_none());
        assert!(check_doc_no("国办发[2019]3号").is_some());
        assert!(check_doc_no("国办发【2019】3号").is_some());
        assert!(check_doc_no("国办发〔2019〕03号").is_some());
        assert!(check_doc_no("国办发〔2019〕第3号").is_some());
        assert!(check_doc_no("国令第706号").is_none());
        assert!(check_doc_no("某某省人民政府令第12号").is_none());
        assert!(check_doc_no("国令第七号").is_some());
    }
}
