//! The national 政府网站 inspection rules (国办秘函〔2019〕19号 and the local 检查表 that quote it),
//! applied by `gongkai check` before anything is published: one module per rule —
//! [`freshness`] (栏目时效), [`personal`] (个人信息, also in [`attachments`]), [`wordlist`] (错敏词),
//! [`interpret`] (政策解读) — and [`report`], the HTML and JSON report of all findings.
//!
//! [`inspect`] runs every rule over a built site; [`wording_warnings`] is the share that `build`
//! reports too (错敏词 as warnings), through the checks of the pipeline.

pub mod attachments;
pub mod freshness;
pub mod interpret;
pub mod personal;
pub mod report;
pub mod source_text;
pub mod wordlist;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use crate::content::tree::Site;
use crate::diagnostics::{Category, Diagnostic, Diagnostics, Severity};
use crate::lifecycle::Lifecycle;
use source_text::SourceText;
use wordlist::WordList;

/// Which rule a finding belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Everything the build itself checks (front matter, 索引号, links, footer).
    Content,
    /// 无障碍 lints of the content.
    Accessibility,
    /// 栏目时效
    Freshness,
    /// 个人信息
    PersonalData,
    /// 错敏词
    Wording,
    /// 政策解读
    Interpretation,
}

impl Rule {
    /// All rules, in report order.
    pub const ALL: [Rule; 6] = [
        Rule::Freshness,
        Rule::PersonalData,
        Rule::Wording,
        Rule::Interpretation,
        Rule::Content,
        Rule::Accessibility,
    ];

    /// The Chinese name.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Content => "内容与格式",
            Rule::Accessibility => "无障碍",
            Rule::Freshness => "栏目时效",
            Rule::PersonalData => "个人信息",
            Rule::Wording => "错敏词",
            Rule::Interpretation => "政策解读",
        }
    }
}

/// One problem with the rule that found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// The problem.
    pub diagnostic: Diagnostic,
}

/// What the webmaster asked the inspection for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The day the site is judged on (`--today`).
    pub today: Date,
    /// Read the text of attachments (PDF, `.docx`, `.xlsx`).
    pub attachments: bool,
    /// Mask personal data in the Markdown sources (`--fix`).
    pub fix: bool,
}

/// Everything the inspection found.
#[derive(Debug, Clone)]
pub struct Inspection {
    /// Problems, by rule.
    pub findings: Vec<Finding>,
    /// 栏目时效 of every section.
    pub freshness: freshness::Freshness,
    /// 政策解读 coverage.
    pub interpretation: interpret::Coverage,
    /// Documents and section pages read.
    pub documents: usize,
    /// Attachments whose text was read.
    pub attachments: usize,
    /// Numbers masked by `--fix`.
    pub fixed: usize,
}

/// The 错敏词 `build`, `build --watch` and `serve` show in one source file's `text`: warnings
/// (`gongkai check` makes them errors of its own rule).
pub fn wording_warnings(shown: &Path, text: &str, words: &WordList) -> Vec<Diagnostic> {
    let source = SourceText {
        shown: shown.to_path_buf(),
        path: shown.to_path_buf(),
        text: text.to_string(),
    };
    let mut found = wording(&source, words);
    for d in &mut found {
        d.severity = Severity::Warning;
    }
    found
}

/// What the rules that read a source file's text found in one file: 错敏词 and unmasked
/// personal data, as `check` reports them (errors).
#[derive(Debug, Clone, Default)]
pub struct SourceFindings {
    /// 错敏词.
    pub wording: Vec<Diagnostic>,
    /// Unmasked personal data.
    pub personal: Vec<Diagnostic>,
}

/// The rules that read a source file, over its text as the load stage read it (`shown`, its
/// path from the site root, names it in messages); `allow` from [`allowed_numbers`].
pub fn source_findings(
    shown: &Path,
    text: &str,
    words: Option<&WordList>,
    allow: &HashSet<String>,
) -> SourceFindings {
    let source = SourceText {
        shown: shown.to_path_buf(),
        path: shown.to_path_buf(),
        text: text.to_string(),
    };
    SourceFindings {
        wording: words.map(|w| wording(&source, w)).unwrap_or_default(),
        personal: personal_data(&source, allow, false).0,
    }
}

/// What the load stage of a `check` build read for the rules.
pub struct LoadedInputs<'a> {
    /// The 错敏词 list (`wordlist.yaml`), if the site has a valid one.
    pub words: Option<&'a WordList>,
    /// The problems of `wordlist.yaml` (findings of the 错敏词 rule).
    pub word_problems: Vec<Diagnostic>,
    /// What the rules that read source files found in each one, in the text as loaded.
    pub scanned: &'a BTreeMap<PathBuf, SourceFindings>,
}

/// Runs every rule over the site on `options.today`, with what the load stage read (`inputs`).
/// With `--fix` the source files are read here: they are rewritten as written.
pub fn inspect(
    site: &Site,
    lifecycle: &Lifecycle,
    root: &Path,
    options: &Options,
    inputs: LoadedInputs<'_>,
) -> Inspection {
    let mut findings = Vec::new();
    let mut add = |rule: Rule, found: Vec<Diagnostic>| {
        findings.extend(
            found
                .into_iter()
                .map(|diagnostic| Finding { rule, diagnostic }),
        );
    };
    let (freshness, stale) = freshness::check(site, options.today);
    add(Rule::Freshness, stale);
    let (missing, interpretation) = interpret::check(site, lifecycle);
    add(
        Rule::Interpretation,
        lifecycle.interpretations.problems(site),
    );
    add(Rule::Interpretation, missing);

    add(Rule::Wording, inputs.word_problems);
    let allow = allowed_numbers(site);
    let per_file: Vec<(Vec<Diagnostic>, Vec<Diagnostic>, usize)> = if options.fix {
        read_sources(site, root)
            .par_iter()
            .map(|s| {
                let words = inputs.words.map(|w| wording(s, w)).unwrap_or_default();
                let (personal, fixed) = personal_data(s, &allow, true);
                (words, personal, fixed)
            })
            .collect()
    } else {
        (inputs.scanned.values())
            .map(|f| (f.wording.clone(), f.personal.clone(), 0))
            .collect()
    };
    let documents = per_file.len();
    let mut fixed = 0;
    for (words, personal, n) in per_file {
        add(Rule::Wording, words);
        add(Rule::PersonalData, personal);
        fixed += n;
    }
    add(Rule::PersonalData, crate::register::in_content(root));
    let mut attachments = 0;
    if options.attachments {
        let (found, read) = attachment_data(site, root, &allow);
        attachments = read;
        add(Rule::PersonalData, found);
    }
    findings.sort_by(|a, b| a.diagnostic.cmp(&b.diagnostic));
    findings.dedup();
    Inspection {
        findings,
        freshness,
        interpretation,
        documents,
        attachments,
        fixed,
    }
}

/// The numbers `config.yaml` allows to be published unmasked (`inspection.allow`).
pub fn allowed_numbers(site: &Site) -> HashSet<String> {
    (site.config.inspection.allow.iter())
        .map(|a| personal::allow_key(a))
        .collect()
}

/// Unmasked personal data in the text of one document, saved or not (the editor shows it as
/// the clerk types): errors, as `check` reports them.
pub fn personal_findings(site: &Site, root: &Path, shown: &Path, text: &str) -> Vec<Diagnostic> {
    let source = SourceText {
        shown: shown.to_path_buf(),
        path: root.join(shown),
        text: text.strip_prefix('\u{feff}').unwrap_or(text).to_string(),
    };
    personal_data(&source, &allowed_numbers(site), false).0
}

/// The sources of every document and section page (`_index.md`).
fn read_sources(site: &Site, root: &Path) -> Vec<SourceText> {
    let files: Vec<&Path> = site
        .docs
        .iter()
        .map(|d| d.source.file.as_path())
        .chain(
            site.sections
                .iter()
                .map(|s| s.file.as_path())
                .filter(|f| f.extension().is_some_and(|e| e == "md")),
        )
        .collect();
    files
        .par_iter()
        .filter_map(|f| SourceText::read(root, f))
        .collect()
}

/// Where a match in a line is, as a diagnostic at its line and column, naming the field.
fn located(
    source: &SourceText,
    line: &source_text::Line<'_>,
    start: usize,
    message: String,
) -> Diagnostic {
    let column = line.text[..start].chars().count() + 1;
    let d = Diagnostic::error(&source.shown, line.number, column, message);
    match line.key.and_then(source_text::field_label) {
        Some(field) => d.with_field(field),
        None => d,
    }
}

/// 错敏词 in one file, as errors.
fn wording(source: &SourceText, words: &WordList) -> Vec<Diagnostic> {
    source
        .lines()
        .iter()
        .flat_map(|line| {
            words
                .find(line.text)
                .into_iter()
                .map(move |m| located(source, line, m.start, WordList::message(&m)))
        })
        .collect()
}

/// Unmasked personal data in one file: errors, or with `fix` warnings saying what was masked
/// (the file is rewritten). Returns the problems and how many numbers were masked.
fn personal_data(
    source: &SourceText,
    allow: &HashSet<String>,
    fix: bool,
) -> (Vec<Diagnostic>, usize) {
    let mut found = Vec::new();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for line in source.lines() {
        for hit in personal::find(line.text, allow) {
            let message = if fix {
                format!(
                    "个人信息：未遮盖的{}已改为 “{}”（--fix）",
                    hit.kind.name(),
                    hit.masked
                )
            } else {
                format!(
                    "个人信息：未遮盖的{}：应写为 “{}”（gongkai check --fix 可自动遮盖；确需公开的号码写入 config.yaml 的 inspection.allow）",
                    hit.kind.name(),
                    hit.masked
                )
            };
            let mut d = located(source, &line, hit.start, message);
            if fix {
                d.severity = Severity::Warning;
            }
            found.push(d);
            edits.push((line.offset + hit.start, line.offset + hit.end, hit.masked));
        }
    }
    let count = edits.len();
    if fix && count > 0 {
        let mut text = source.text.clone();
        for (start, end, masked) in edits.into_iter().rev() {
            text.replace_range(start..end, &masked);
        }
        if let Err(e) = std::fs::write(&source.path, text) {
            found.push(Diagnostic::error(
                &source.shown,
                0,
                0,
                format!("个人信息：无法写回遮盖后的文件：{e}"),
            ));
            return (found, 0);
        }
    }
    (found, if fix { count } else { 0 })
}

/// Unmasked personal data in the attachments of every document (never changed, only reported),
/// and how many attachments were read.
fn attachment_data(site: &Site, root: &Path, allow: &HashSet<String>) -> (Vec<Diagnostic>, usize) {
    let mut files: Vec<(PathBuf, PathBuf, PathBuf)> = Vec::new();
    let mut seen = HashSet::new();
    for doc in &site.docs {
        let listed: Vec<String> = doc
            .source
            .meta
            .attachments
            .iter()
            .map(|a| a.file.clone())
            .collect();
        for (shown, disk) in attachments::files_of(root, &doc.source.dir, &listed) {
            if seen.insert(shown.clone()) {
                files.push((shown, disk, doc.source.file.clone()));
            }
        }
    }
    let results: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .map(|(shown, disk, listed_by)| {
            let text = match attachments::text_of(root, disk) {
                Ok(text) => text,
                Err(reason) => {
                    return vec![Diagnostic::warning(
                        shown,
                        0,
                        0,
                        format!("个人信息：未能检查附件的文字（{reason}）：请人工核对是否含未遮盖的个人信息"),
                    )]
                }
            };
            let listed = &listed_by.display().to_string();
            let mut found: Vec<Diagnostic> = text
                .pieces
                .iter()
                .flat_map(|piece| {
                    personal::find(&piece.text, allow).into_iter().map(move |hit| {
                        Diagnostic::error(
                            shown,
                            0,
                            0,
                            format!(
                                "个人信息：{}有未遮盖的{}：应遮盖为 “{}”（附件由 {listed} 列出；--fix 不改附件，请在原文件中遮盖后重新导出）",
                                piece.place,
                                hit.kind.name(),
                                hit.masked
                            ),
                        )
                    })
                })
                .collect();
            found.extend(text.notes.iter().map(|n| {
                Diagnostic::warning(shown, 0, 0, format!("个人信息：{}：{}", n.place, n.text))
            }));
            found
        })
        .collect();
    (results.into_iter().flatten().collect(), files.len())
}

/// Tags every problem of a check with its rule: the inspection's by what found them, the build's
/// own as [`Rule::Content`], the lints ([`Category::Accessibility`]) as [`Rule::Accessibility`].
/// Severities are the final ones (after `--strict`).
pub fn classify(all: &Diagnostics, inspection: &Inspection) -> Vec<Finding> {
    let key = |d: &Diagnostic| (d.file.clone(), d.line, d.column, d.message.clone());
    let rules: std::collections::HashMap<_, Rule> = inspection
        .findings
        .iter()
        .map(|f| (key(&f.diagnostic), f.rule))
        .collect();
    let rule = |d: &Diagnostic| match d.category {
        Category::Accessibility => Rule::Accessibility,
        _ => rules.get(&key(d)).copied().unwrap_or(Rule::Content),
    };
    all.iter()
        .map(|d| Finding {
            rule: rule(d),
            diagnostic: d.clone(),
        })
        .collect()
}
