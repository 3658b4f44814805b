//! Stage 4, check: every check of the site has its one owner here, run the same way by `build`,
//! `check`, `build --watch`, `serve` and the editor, on the whole site after every build and every
//! update, so that live preview reports what publishing will say. The [`Mode`] decides only how
//! strict a finding is (`check` makes dead links and missing footer items errors and brings the
//! inspection rules with errors of their own instead of the 错敏词 warnings).
//!
//! What it checks: the disclosure rules of [`crate::content::disclosure`] (索引号, 文号, dates,
//! required fields), relations, validity terms and 年报 data ([`crate::lifecycle::problems`]),
//! the site's address, links to pages and `#anchors`, references to files of the site in bodies
//! and `config.yaml`, the footer items, 解读 links that point nowhere and the 错敏词 of
//! `wordlist.yaml`. What a document's own file holds is checked once and kept between updates
//! ([`Checker`]: its disclosure rules, placeholders and 错敏词): an update checks again only the
//! files it re-read, and the checks that relate documents (repeated 索引号, links and anchors,
//! relations) run over the whole site every time, from what is kept.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use foldhash::HashMap;
use rayon::prelude::*;

use crate::content::disclosure::DocumentFindings;
use crate::content::tree::Site;
use crate::diagnostics::{Category, Diagnostic, Diagnostics};
use crate::inspect::wordlist::WordList;
use crate::inspect::SourceFindings;
use crate::lifecycle::annual_report::AnnualReports;
use crate::lifecycle::Lifecycle;
use crate::markdown::RenderedBody;
use crate::pagemap::{all_jobs, PageJob};
use crate::theme::Theme;

/// What a build is for: what it checks how strictly, whether it is kept for updates, and which
/// documents it shows. One value per command, in place of a flag per difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `gongkai build`: made once and written.
    Build,
    /// `gongkai check`: made once, nothing written; dead links and missing footer items are
    /// errors, and the inspection rules report with their own severities.
    Check,
    /// `gongkai build --watch`: kept in memory and updated on every save, written.
    Watch,
    /// `gongkai serve` and the editor: kept and updated, pages made when asked for, documents
    /// whose `date` is still to come shown as 待发布.
    Preview,
}

impl Mode {
    /// Dead internal links, anchors and missing footer items are errors (`check`).
    pub fn links_are_errors(self) -> bool {
        self == Mode::Check
    }

    /// Documents dated after the clock stay, marked 待发布 (`serve`).
    pub fn shows_scheduled(self) -> bool {
        self == Mode::Preview
    }

    /// Made once and never updated: each document's Markdown is let go once its body is
    /// rendered, and the bodies once the pages are (at 100,000 documents, 600 MB less to hold).
    pub fn one_shot(self) -> bool {
        matches!(self, Mode::Build | Mode::Check)
    }
}

/// What the checks keep between updates: the 错敏词 list (read once, by the load stage), what
/// each document's own file was found to hold, and the site's pages.
pub(crate) struct Checker {
    /// The site's `wordlist.yaml`, if it has a valid one.
    words: Option<WordList>,
    /// 错敏词 warnings by source file (`content/xxgk/a.md`).
    wording: HashMap<PathBuf, Vec<Diagnostic>>,
    /// Placeholders left in each document ([`crate::content::placeholder`]), by source file,
    /// found with the 错敏词 before the Markdown is let go.
    placeholders: HashMap<PathBuf, Vec<Diagnostic>>,
    /// What the disclosure rules found in each document alone, by source file (kept only by
    /// builds that are updated).
    validated: HashMap<PathBuf, DocumentFindings>,
    /// The site's pages, made when first needed after the site tree last changed.
    pages: OnceLock<Pages>,
    /// Source files re-read, added or removed since the last scan: what the next scan checks
    /// (`None` until the first scan, which checks every file).
    unscanned: Option<Vec<PathBuf>>,
    /// What the build is for: `check` runs the inspection rules that read source files instead
    /// of the 错敏词 warnings.
    mode: Mode,
    /// `check`: what those rules found in each source file, by file.
    inspected: BTreeMap<PathBuf, SourceFindings>,
}

/// Everything the checks read.
pub(crate) struct CheckInput<'a> {
    /// The site tree.
    pub site: &'a Site,
    /// Relations and the state of every document at the clock.
    pub lifecycle: &'a Lifecycle,
    /// The 年报 data of the documents, as the load stage read it.
    pub annual_reports: &'a AnnualReports,
    /// Rendered bodies: one per document, then one per section intro.
    pub bodies: &'a [Option<RenderedBody>],
    /// The theme (its static files are published).
    pub theme: &'a Theme,
    /// What the build is for.
    pub mode: Mode,
}

impl Checker {
    /// A checker with the 错敏词 list the load stage read.
    pub fn new(words: Option<WordList>, mode: Mode) -> Checker {
        Checker {
            words,
            wording: HashMap::default(),
            placeholders: HashMap::default(),
            validated: HashMap::default(),
            pages: OnceLock::new(),
            unscanned: None,
            mode,
            inspected: BTreeMap::new(),
        }
    }

    /// The 错敏词 list the load stage read.
    pub fn words(&self) -> Option<&WordList> {
        self.words.as_ref()
    }

    /// `check`: what the inspection rules that read source files found in each one.
    pub fn inspected(&self) -> &BTreeMap<PathBuf, SourceFindings> {
        &self.inspected
    }

    /// The site tree changed (documents placed, added or removed): its pages are made again
    /// when next needed.
    pub fn site_changed(&mut self) {
        self.pages = OnceLock::new();
    }

    /// Checks every source file not checked yet (documents and `_index.md`): placeholders and
    /// 错敏词, and a kept build's disclosure rules of each document. Runs before stage 5, which
    /// lets a one-shot build's Markdown go.
    pub fn scan_sources(&mut self, site: &Site) {
        let first = self.unscanned.is_none();
        let todo: Vec<usize> = match self.unscanned.replace(Vec::new()) {
            None => (0..site.docs.len()).collect(),
            Some(files) => {
                let mut todo: Vec<usize> = (files.iter())
                    .filter_map(|f| site.doc_by_source.get(&crate::text::content_rel(f)))
                    .copied()
                    .collect();
                todo.sort_unstable();
                todo.dedup();
                todo
            }
        };
        let found: Vec<(PathBuf, Vec<Diagnostic>, Option<DocumentFindings>)> = todo
            .par_iter()
            .map(|&i| {
                let source = &site.docs[i].source;
                let placeholders = crate::content::placeholder::document_problems(source);
                let validated = (!self.mode.one_shot())
                    .then(|| crate::content::disclosure::check_document(site, i));
                (source.file.clone(), placeholders, validated)
            })
            .collect();
        for (file, placeholders, validated) in found {
            if let Some(validated) = validated {
                self.validated.insert(file.clone(), validated);
            }
            self.placeholders.insert(file, placeholders);
        }
        if self.mode == Mode::Check {
            self.inspect_sources(site);
            return;
        }
        let Some(words) = &self.words else {
            return;
        };
        // Sections change only with a new build: they are scanned by the first.
        let docs = (todo.iter().map(|&i| &site.docs[i].source))
            .map(|d| (&d.file, &d.front_matter, &d.body));
        let sections = (site.sections.iter())
            .filter(|s| first && s.file.extension().is_some_and(|e| e == "md"))
            .map(|s| (&s.file, &s.front_matter, &s.intro));
        let sources: Vec<(&PathBuf, &String, &String)> = docs.chain(sections).collect();
        let found: Vec<(PathBuf, Vec<Diagnostic>)> = sources
            .par_iter()
            .map(|(file, front, body)| {
                let text = crate::content::document::source_text(front, body);
                let found = crate::inspect::wording_warnings(file, &text, words);
                ((*file).clone(), found)
            })
            .collect();
        self.wording.extend(found);
    }

    /// `check`: runs the inspection rules that read source files over every document and
    /// `_index.md` as loaded (a one-shot build lets the Markdown go after stage 5).
    fn inspect_sources(&mut self, site: &Site) {
        let allow = crate::inspect::allowed_numbers(site);
        let docs =
            (site.docs.iter()).map(|d| (&d.source.file, &d.source.front_matter, &d.source.body));
        let sections = (site.sections.iter())
            .filter(|s| s.file.extension().is_some_and(|e| e == "md"))
            .map(|s| (&s.file, &s.front_matter, &s.intro));
        let all: Vec<(&PathBuf, &String, &String)> = docs.chain(sections).collect();
        let words = self.words.as_ref();
        self.inspected = all
            .par_iter()
            .map(|(file, front, body)| {
                let text = crate::content::document::source_text(front, body);
                let found = crate::inspect::source_findings(file, &text, words, &allow);
                ((*file).clone(), found)
            })
            .collect();
    }

    /// Forgets what was found in `file` (re-read or removed by an update).
    pub fn forget(&mut self, file: &Path) {
        self.wording.remove(file);
        self.placeholders.remove(file);
        self.validated.remove(file);
        if let Some(unscanned) = &mut self.unscanned {
            unscanned.push(file.to_path_buf());
        }
    }

    /// Finds the 错敏词 of the source file `file` again (the editor's preview put an unsaved
    /// text in its place, or took it out), leaving the other files' as they were.
    pub fn rescan(&mut self, site: &Site, file: &Path) {
        self.wording.remove(file);
        let Some(words) = &self.words else {
            return;
        };
        if let Some(doc) = site.docs.iter().find(|d| d.source.file == file) {
            let text =
                crate::content::document::source_text(&doc.source.front_matter, &doc.source.body);
            let found = crate::inspect::wording_warnings(file, &text, words);
            self.wording.insert(file.to_path_buf(), found);
        }
    }

    /// Runs every check over the site.
    pub fn run(&self, input: &CheckInput<'_>) -> Diagnostics {
        self.run_in(input, Scope::Site)
    }

    /// The problems of document `d`'s file, exactly those [`Checker::run`] reports for it,
    /// found by running only the checks whose findings can be at that file for that document:
    /// its own disclosure rules and the duplicates of its 索引号, its links and anchors, its
    /// files, its placeholders and 错敏词, and the relations and terms of the site (which the
    /// site keeps resolved). The editor's preview runs it on every pause in typing.
    pub fn run_for_document(&self, input: &CheckInput<'_>, d: usize) -> Diagnostics {
        let file = input.site.docs[d].source.file.clone();
        let mut found = self.run_in(input, Scope::Document(d));
        found.retain(|p| p.file == file);
        found
    }

    /// [`Checker::run`] over the site or for one document.
    fn run_in(&self, input: &CheckInput<'_>, scope: Scope) -> Diagnostics {
        let mut found = Diagnostics::new();
        let site = input.site;
        match scope {
            Scope::Site => {
                let kept = |i: usize| match self.validated.get(&site.docs[i].source.file) {
                    Some(own) => Cow::Borrowed(own),
                    None => Cow::Owned(crate::content::disclosure::check_document(site, i)),
                };
                crate::content::disclosure::validate_with(site, kept, &mut found);
            }
            Scope::Document(d) => {
                crate::content::disclosure::validate_document(site, d, &mut found);
            }
        }
        found.extend(crate::lifecycle::problems(
            site,
            input.lifecycle,
            input.annual_reports,
        ));
        if scope == Scope::Site {
            found.extend(base_url(site));
        }
        let pages = self.pages.get_or_init(|| pages(site));
        found.extend(file_links(input, pages, scope));
        let mut links = page_links(input, pages, scope);
        if scope == Scope::Site {
            links.extend(footer_links(input, pages));
            links.extend(gov_mark(input, pages));
        }
        let errors = input.mode.links_are_errors();
        found.extend((links.into_iter()).map(|d| if errors { d.into_error() } else { d }));
        // Footer items of a config.yaml that could not be read would all be "missing".
        // Placeholders are errors in `check` like the footer items.
        let mut unfinished = match scope {
            Scope::Site => self.placeholders_of_site(site),
            Scope::Document(d) => {
                crate::content::placeholder::document_problems(&site.docs[d].source)
            }
        };
        if !site.config.unread {
            unfinished.extend(site.config.publish_problems.iter().cloned());
        }
        found.extend((unfinished.into_iter()).map(|d| if errors { d.into_error() } else { d }));
        // `check` runs every inspection rule, with errors of their own.
        if input.mode != Mode::Check {
            found.extend(input.lifecycle.interpretations.problems(site));
            if self.words.is_some() {
                for file in source_files(site, scope) {
                    found.extend(self.wording.get(file).into_iter().flatten().cloned());
                }
            }
        }
        found
    }
}

impl Checker {
    /// The placeholders of every document (as scanned) and section.
    fn placeholders_of_site(&self, site: &Site) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for doc in &site.docs {
            match self.placeholders.get(&doc.source.file) {
                Some(kept) => found.extend(kept.iter().cloned()),
                None => found.extend(crate::content::placeholder::document_problems(&doc.source)),
            }
        }
        found.extend(crate::content::placeholder::section_problems(site));
        found
    }
}

/// Which problems a run finds: the whole site's, or those of one document (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Site,
    Document(usize),
}

impl Scope {
    /// The documents and section intros (indices into the bodies) it covers, of `count`.
    fn bodies(self, count: usize) -> std::ops::Range<usize> {
        match self {
            Scope::Site => 0..count,
            Scope::Document(d) => d..(d + 1).min(count),
        }
    }
}

/// Every source file the 错敏词 are looked for in, in site order (in `scope`).
fn source_files(site: &Site, scope: Scope) -> Vec<&PathBuf> {
    match scope {
        Scope::Site => (site.docs.iter().map(|d| &d.source.file))
            .chain(site.sections.iter().map(|s| &s.file))
            .collect(),
        Scope::Document(d) => vec![&site.docs[d].source.file],
    }
}

/// The warning of a site without an address (located by [`crate::config::publish`]). A
/// `config.yaml` that could not be read, or a `base_url` given but invalid (reported), is not
/// "not configured".
fn base_url(site: &Site) -> Option<Diagnostic> {
    let config = &site.config;
    let unset = config.base_url.is_none() && !config.base_url_given && !config.unread;
    unset.then(|| config.base_url_missing.clone()).flatten()
}

/// Every page of the site by path, with its document when it is one.
type Pages = HashMap<String, Option<usize>>;

/// The pages of the site (their paths made in parallel, taken in site order).
fn pages(site: &Site) -> Pages {
    let paths: Vec<(String, Option<usize>)> = all_jobs(site)
        .into_par_iter()
        .map(|job| {
            let doc = match job {
                PageJob::Document(d) => Some(d),
                _ => None,
            };
            (job.path(site), doc)
        })
        .collect();
    let mut pages = HashMap::with_capacity_and_hasher(paths.len(), Default::default());
    pages.extend(paths);
    pages
}

/// Internal links and `#anchors` of the bodies must point at pages and ids that exist.
fn page_links(input: &CheckInput<'_>, pages: &Pages, scope: Scope) -> Vec<Diagnostic> {
    let site = input.site;
    let mut found = Vec::new();
    for i in scope.bodies(site.docs.len()) {
        let doc = &site.docs[i];
        let Some(body) = input.bodies.get(i).and_then(Option::as_ref) else {
            continue;
        };
        for link in &body.links {
            let target = if link.path.is_empty() {
                Some(Some(i))
            } else {
                pages.get(&link.path).copied()
            };
            let line = link.line + doc.source.body_line - 1;
            let problem = match (target, &link.fragment) {
                (None, _) => Some(format!("站内链接指向不存在的页面：/{}", link.path)),
                (Some(Some(t)), Some(f)) if !f.is_empty() => {
                    let ids = input.bodies.get(t).and_then(Option::as_ref).map(|b| &b.ids);
                    let decoded = crate::text::percent_decode(f).unwrap_or_else(|| f.clone());
                    (!ids.is_some_and(|ids| ids.contains(&decoded)))
                        .then(|| format!("锚点 #{decoded} 在 /{} 中不存在", site.docs[t].path))
                }
                _ => None,
            };
            if let Some(msg) = problem {
                let d = Diagnostic::warning(&doc.source.file, line, link.column, msg);
                found.push(d.with_category(Category::Link));
            }
        }
    }
    found
}

/// Whether `path` (relative to the output folder) is a page or a published file.
fn published(input: &CheckInput<'_>, pages: &Pages, path: &str) -> bool {
    pages.contains_key(path)
        || path == "sitemap.xml"
        || input.site.assets.iter().any(|a| a.rel == path)
        || (input.site.static_files)
            .binary_search_by(|f| f.rel.as_str().cmp(path))
            .is_ok()
        || path
            .strip_prefix("static/")
            .is_some_and(|p| input.theme.files.contains_key(&format!("static/{p}")))
}

/// Footer links to this site (`/…`) must reach a page or a published file.
fn footer_links(input: &CheckInput<'_>, pages: &Pages) -> Vec<Diagnostic> {
    let site = input.site;
    let mut found = Vec::new();
    for link in &site.config.identity.footer_links {
        let Some(path) = link.url.strip_prefix('/') else {
            continue;
        };
        let path = path.split(['#', '?']).next().unwrap_or_default();
        if !published(input, pages, path) {
            let msg = format!(
                "页脚链接 “{}” 指向站内不存在的页面 {}",
                link.title, link.url
            );
            let d = Diagnostic::warning(Path::new("config.yaml"), 0, 0, msg)
                .with_field("footer_links（页脚链接）");
            found.push(d.with_category(Category::Link));
        }
    }
    found
}

/// Links and pictures of the bodies to files of the site, relative (`tu.png`) or site-absolute
/// (`/xxgk/tu.png`), must name a published file (or a page, for a folder): errors, since the
/// page would show a broken picture or link.
fn file_links(input: &CheckInput<'_>, pages: &Pages, scope: Scope) -> Vec<Diagnostic> {
    let site = input.site;
    let doc_count = site.docs.len();
    let mut found = Vec::new();
    for i in scope.bodies(input.bodies.len()) {
        let Some(body) = &input.bodies[i] else {
            continue;
        };
        let (file, first_line) = match site.docs.get(i) {
            Some(doc) => (&doc.source.file, doc.source.body_line),
            None => match site.sections.get(i - doc_count) {
                Some(s) => (&s.file, 1),
                None => continue,
            },
        };
        for link in &body.files {
            let path = link.path.as_str();
            if published(input, pages, path) || pages.contains_key(&format!("{path}/")) {
                continue;
            }
            let written = &link.written;
            let message = if written.starts_with('/') {
                format!("链接的文件 “{written}” 不存在：本站没有 /{path}，应放在 content/{path} 或 static/{path}")
            } else {
                format!("链接的文件 “{written}” 不存在（应在 content/{path}）")
            };
            let line = link.line + first_line - 1;
            let d = Diagnostic::error(file, line, link.column, message);
            found.push(d.with_category(Category::Link));
        }
    }
    found
}

/// The 党政机关网站标识 image `config.yaml` names must be a published file: every footer shows it.
fn gov_mark(input: &CheckInput<'_>, pages: &Pages) -> Option<Diagnostic> {
    let mark = input.site.config.identity.gov_mark.as_ref()?;
    let path = mark.image.split(['?', '#']).next().unwrap_or_default();
    let path = path
        .strip_prefix(input.site.config.root.as_str())
        .unwrap_or(path);
    let path = path.trim_start_matches('/');
    if published(input, pages, path) {
        return None;
    }
    let message = format!(
        "党政机关网站标识图片 {} 不存在，每个页面页脚的标识都会显示为破损的图片：应把图片放在 static/ 下，如 static/img/dzjg.png，并写 “image: /img/dzjg.png”",
        mark.image
    );
    let (line, column) = input.site.config.gov_mark_position;
    let d = Diagnostic::warning(Path::new("config.yaml"), line, column, message)
        .with_field("gov_mark.image（党政机关网站标识图片）");
    Some(d.with_category(Category::Link))
}
