//! 审核 (三审三校): a document is published only when every review level it needs
//! ([`Levels`]: `review:` in `config.yaml`, per 栏目 in `_index.md`) has signed its current
//! content. Reviewers sign with `gongkai review approve` (or the editor, through [`sign`]), one
//! file per sign-off ([`signoff`]), bound to the hash of the exact content approved
//! ([`content`]): front matter, body and attachment files. Any change voids every sign-off of
//! the document. A document still waiting is held back like a scheduled one (no page, listing,
//! search entry, feed item, sitemap or catalog line, its own attachments not copied); `serve`
//! shows it with a 待审 banner naming who signs next.
//!
//! For the editor: [`state_of`] tells where one document stands, [`sign`] records a decision.

pub mod sign;
pub mod signoff;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

pub use crate::config::review::{Level, Levels};
use crate::config::Config;
use crate::content::document::SourceDocument;
use crate::content::load::{LoadedContent, SourceSection};
use crate::diagnostics::{Diagnostic, Diagnostics};
pub use sign::{sign, Request};
use signoff::{Decision, SignOff};

/// A sign-off as the review state shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SignOffView {
    /// The level.
    pub level: String,
    /// Who signed.
    pub reviewer: String,
    /// 通过 or 退回.
    pub decision: &'static str,
    /// When (`2026-12-07 09:30`, Beijing time).
    pub time: String,
    /// The reviewer's comment.
    pub note: String,
    /// Signed for other content than the current one: 作废.
    pub void: bool,
    /// Its file, relative to the site root.
    pub file: String,
}

/// Where one document stands in review.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocReview {
    /// The document, relative to the site root (`content/xxgk/a.md`).
    pub document: String,
    /// Its title.
    pub title: String,
    /// The levels it needs, in order.
    pub levels: Vec<Level>,
    /// The levels signed (通过) for its current content, in order.
    pub approved: Vec<SignOffView>,
    /// The level that signs next (with who may sign it); `None` when every level has signed.
    pub next: Option<Level>,
    /// The 退回 that holds it at `next`, if any.
    pub returned: Option<SignOffView>,
    /// Every sign-off of the document, oldest first, void ones marked.
    pub signoffs: Vec<SignOffView>,
    /// SHA-256 (hex) of its current content: what a sign-off now must name.
    pub content: String,
    /// Published with this very content before review was required (the publication record
    /// says so): it stays published until it changes.
    pub published_before: bool,
}

impl DocReview {
    /// Every level has signed its current content.
    pub fn complete(&self) -> bool {
        self.next.is_none()
    }

    /// Sign-offs voided by a later change.
    pub fn void_count(&self) -> usize {
        self.signoffs.iter().filter(|s| s.void).count()
    }

    /// Why it is held, in one line: `待复审（王五）`, `复审 退回（王五：…）`.
    pub fn reason(&self) -> String {
        let Some(next) = &self.next else {
            return if self.published_before {
                "要求审核之前已发布，内容未改动".into()
            } else {
                "已通过全部审核".into()
            };
        };
        let mut out = match &self.returned {
            Some(r) => format!("{} 已退回（{}：{}）", r.level, r.reviewer, r.note),
            None => format!("待{}", next.label()),
        };
        if self.void_count() > 0 {
            out += &format!("；{} 份签署因内容改动已作废", self.void_count());
        }
        out
    }

    /// The 待审 banner of `serve` and the editor.
    pub fn banner(&self) -> String {
        let done: Vec<String> = self
            .approved
            .iter()
            .map(|s| format!("{}（{}，{}）", s.level, s.reviewer, s.time))
            .collect();
        let done = if done.is_empty() {
            String::new()
        } else {
            format!("已通过：{}；", done.join("、"))
        };
        let now = match (&self.returned, &self.next) {
            (Some(r), _) => format!(
                "{} 被 {} 退回：{}；修改后重新送审",
                r.level, r.reviewer, r.note
            ),
            (None, Some(next)) => format!("下一步由 {} 签署", next.label()),
            (None, None) => String::new(),
        };
        let void = match self.void_count() {
            0 => String::new(),
            n => format!("；{n} 份签署因内容改动已作废"),
        };
        format!("本文件待审：{done}{now}{void}。正式网站在全部审核通过前不显示本页（此提示只在预览中出现）")
    }
}

/// The review state of every document that needs review, by document path
/// (`content/xxgk/a.md`).
pub type Reviews = BTreeMap<String, DocReview>;

/// The review document `doc` still waits for, if any (shown by `serve` only: a build holds
/// such documents back).
pub fn waiting<'a>(reviews: &'a Reviews, doc: &SourceDocument) -> Option<&'a DocReview> {
    let file = doc.file.to_string_lossy().replace('\\', "/");
    reviews.get(&file).filter(|r| !r.complete())
}

/// The levels document `doc` needs: those of the nearest 栏目 whose `_index.md` says `review`,
/// else those of `config.yaml`.
pub fn levels_for(config: &Config, sections: &[SourceSection], doc: &SourceDocument) -> Levels {
    let mut dir = doc.dir.as_str();
    loop {
        let own = sections.iter().find(|s| s.dir == dir);
        if let Some(levels) = own.and_then(|s| s.index.meta.review.as_ref()) {
            return levels.clone();
        }
        if dir.is_empty() {
            return config.review.clone();
        }
        dir = dir.rsplit_once('/').map_or("", |(parent, _)| parent);
    }
}

/// Judges every document of `loaded` against the sign-off files of `root`: the state of each
/// document that needs review (one the publication record shows published with its current
/// content before review was required stays published), and the problems of the sign-off files (malformed, forged,
/// naming no document, signed by someone not allowed to).
pub fn judge(
    root: &Path,
    config: &Config,
    loaded: &LoadedContent,
    diags: &mut Diagnostics,
) -> Reviews {
    let review_dir = root.join(signoff::DIR);
    let any_levels = !config.review.is_empty()
        || loaded
            .sections
            .iter()
            .any(|s| s.index.meta.review.is_some());
    if !any_levels && !review_dir.is_dir() {
        return Reviews::new();
    }
    let published = crate::record::published_hashes(root);
    let (signoffs, problems) = signoff::read_all(root);
    diags.extend(problems);
    let keys = signoff::reviewer_keys(root);
    let mut by_doc: BTreeMap<String, Vec<SignOff>> = BTreeMap::new();
    for s in signoffs {
        let on_disk = crate::text::normalize(&s.document) == s.document
            && s.document.starts_with("content/")
            && root.join(&s.document).is_file();
        if !on_disk {
            diags.push(s.error_at(
                "document",
                format!(
                    "审核签署所指的文档 {} 不存在：文档改名或删除后，请删除这份签署",
                    s.document
                ),
            ));
            continue;
        }
        match signoff::check_signature(root, &s, &keys) {
            Ok(()) => by_doc.entry(s.document.clone()).or_default().push(s),
            Err(d) => diags.push(d),
        }
    }
    let needing: Vec<(&SourceDocument, Levels)> = loaded
        .documents
        .iter()
        .map(|d| (d, levels_for(config, &loaded.sections, d)))
        .filter(|(_, levels)| !levels.is_empty())
        .collect();
    let states: Vec<(DocReview, Vec<Diagnostic>)> = needing
        .par_iter()
        .map(|(doc, levels)| {
            let key = doc.file.to_string_lossy().replace('\\', "/");
            let hash = crate::content::hashed::hash(root, doc).hash.to_string();
            let signed = by_doc.get(&key).map(Vec::as_slice).unwrap_or_default();
            let before = published.get(&key) == Some(&hash);
            let (mut state, found) = state(doc, levels, signed, hash);
            if before && !state.complete() {
                (state.next, state.returned, state.published_before) = (None, None, true);
            }
            (state, found)
        })
        .collect();
    let mut reviews = Reviews::new();
    for (state, found) in states {
        diags.extend(found);
        reviews.insert(state.document.clone(), state);
    }
    reviews
}

/// The state of one document from its sign-offs (sorted by time), with the problems of those
/// that cannot count (a level it does not need, a reviewer the level does not allow).
fn state(
    doc: &SourceDocument,
    levels: &Levels,
    signed: &[SignOff],
    hash: String,
) -> (DocReview, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut signed: Vec<&SignOff> = signed.iter().collect();
    signed.sort_by_key(|s| s.at);
    let view = |s: &SignOff| SignOffView {
        level: s.level.clone(),
        reviewer: s.reviewer.clone(),
        decision: s.decision.as_str(),
        time: crate::content::date::china_offset()
            .to_datetime(s.at)
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        note: s.note.clone(),
        void: !s.content.eq_ignore_ascii_case(&hash),
        file: s.file.to_string_lossy().replace('\\', "/"),
    };
    let mut counted: Vec<&SignOff> = Vec::new();
    for s in &signed {
        match levels.get(&s.level) {
            None => {
                let message = format!(
                    "“{}” 不是 {} 需要的审核级别（{}），这份签署不计",
                    s.level,
                    s.document,
                    levels.names()
                );
                let mut d = s.error_at("level", message);
                d.severity = crate::diagnostics::Severity::Warning;
                problems.push(d);
            }
            Some(level) if !level.allows(&s.reviewer) => problems.push(s.error_at(
                "reviewer",
                format!(
                    "{} 不能签署 {}：这一级由 {} 签署",
                    s.reviewer,
                    s.level,
                    level.by.join("、")
                ),
            )),
            Some(_) => counted.push(s),
        }
    }
    let mut review = DocReview {
        document: doc.file.to_string_lossy().replace('\\', "/"),
        title: doc.meta.title.clone(),
        levels: levels.0.clone(),
        signoffs: signed.iter().map(|s| view(s)).collect(),
        content: hash.clone(),
        ..DocReview::default()
    };
    for level in &levels.0 {
        let latest = counted
            .iter()
            .rfind(|s| s.level == level.name && s.content.eq_ignore_ascii_case(&hash));
        match latest {
            Some(s) if s.decision == Decision::Approve => review.approved.push(view(s)),
            other => {
                review.returned = other.map(|s| view(s));
                review.next = Some(level.clone());
                break;
            }
        }
    }
    (review, problems)
}

/// Judges the documents of `loaded` and, unless `preview` (`serve`, which shows them with a
/// 待审 banner), takes those not fully signed out of it like scheduled ones
/// ([`crate::lifecycle::schedule::hold_where`]). Returns every state.
pub fn hold_back(
    root: &Path,
    config: &Config,
    loaded: &mut LoadedContent,
    preview: bool,
    diags: &mut Diagnostics,
) -> Reviews {
    let reviews = judge(root, config, loaded, diags);
    if !preview && reviews.values().any(|r| !r.complete()) {
        crate::lifecycle::schedule::hold_where(loaded, |d| {
            let key = d.file.to_string_lossy().replace('\\', "/");
            reviews.get(&key).is_some_and(|r| !r.complete())
        });
    }
    reviews
}

/// The lines `build` prints about documents held for review: how many, and each with why.
pub fn held_lines(reviews: &Reviews) -> Vec<String> {
    let held: Vec<&DocReview> = reviews.values().filter(|r| !r.complete()).collect();
    if held.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!(
        "待审：{} 篇文档尚未通过全部审核，本次未发布（gongkai review list 列出详情）：",
        held.len()
    )];
    lines.extend(
        held.iter()
            .map(|r| format!("  {}《{}》：{}", r.document, r.title, r.reason())),
    );
    lines
}

/// The review state of one document (`content/xxgk/a.md`) of the site at `root`, for the
/// editor: `None` when it needs no review. Reads the whole site's content and sign-offs.
pub fn state_of(root: &Path, document: &str) -> anyhow::Result<Option<DocReview>> {
    let mut diags = Diagnostics::new();
    let config = Config::load(root, &mut diags);
    let loaded = crate::content::load::load(root, true, &mut diags);
    if !loaded
        .documents
        .iter()
        .any(|d| d.file == Path::new(document))
    {
        anyhow::bail!("{document} 不是站点中的文档（或有错误无法读取）");
    }
    Ok(judge(root, &config, &loaded, &mut diags).remove(document))
}
