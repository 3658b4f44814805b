//! The build as one line of stages: 1 config → 2 load → 3 site tree → 4 validate → 5 markdown →
//! 6 render → 7 precompress/manifest (`build` only) → 8 write. Each stage has explicit inputs and
//! outputs; [`Build`] keeps them so that watch mode can redo one document's share of the work
//! ([`Build::update`]).
//!
//! Rendered pages are not kept: [`Build::prepare`] ends with the map of every output file and how
//! it is made ([`Origin`]), and [`Build::render`] makes the files in parallel and hands each to a
//! [`Sink`] as it goes (the `build` writer, or nothing for `check`), so memory holds the site's
//! metadata and bodies, not its output. `serve` renders a page when it is asked for.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::load::load_with;
use crate::content::tree::Site;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lifecycle::annual_report::AnnualReports;
use crate::lifecycle::Lifecycle;
use crate::markdown::{self, MarkdownContext, RenderedBody};
use crate::output::FileEntry;
pub use crate::output::OutputFile;
use crate::pagemap::{all_jobs, PageJob, Rendition};
use crate::record::Publication;
use crate::render::{Judged, Renderer};
use crate::review::Reviews;
use crate::theme::Theme;

mod bodies;
mod checks;
mod clash;
mod inputs;
mod journal;
mod outputs;
mod preview;
mod reach;
mod reuse;
mod sealing;
mod structure;
mod timing;
mod update;
mod write;

pub use checks::Mode;
pub use outputs::{is_sitemap_file, Origin};
pub(crate) use timing::StageTimer;
pub use update::{Change, Later, Update};
pub use write::{write_files, DirWriter, Discard, Sink};

/// What the webmaster asked for.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Site root (holds `config.yaml`, `content/`).
    pub root: PathBuf,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Include `draft: true` documents.
    pub drafts: bool,
    /// Warnings fail the build.
    pub strict: bool,
    /// What the build is for (the command).
    pub mode: Mode,
    /// The moment the site is judged at, when given (`--today`): documents dated later are held
    /// back, terms that ended show as 失效 (see [`crate::lifecycle`]). Without it the site is
    /// judged at the time of the build, and of each update.
    pub today: Option<crate::lifecycle::Clock>,
}

impl BuildOptions {
    /// The options of a plain build of the site at `root` for `mode`: no drafts, warnings are
    /// warnings, judged at the time of the build.
    pub fn new(root: &Path, mode: Mode) -> BuildOptions {
        BuildOptions {
            root: root.to_path_buf(),
            base_url: None,
            drafts: false,
            strict: false,
            mode,
            today: None,
        }
    }

    /// The moment to judge the site at now: `--today`, else the system clock.
    pub fn clock(&self) -> crate::lifecycle::Clock {
        self.today.unwrap_or_else(crate::lifecycle::Clock::system)
    }
}

/// Everything one build produced and learnt.
pub struct Build {
    /// The options used.
    options: BuildOptions,
    /// The site tree.
    site: Site,
    /// The 年报 data of the documents, read by the load stage.
    annual_reports: AnnualReports,
    /// Relations and the state of every document at the clock, judged of the tree.
    lifecycle: Lifecycle,
    /// The publication record as read and the entries this build adds.
    publication: Publication,
    /// The review state of the documents that need review.
    reviews: Reviews,
    /// Review levels are configured somewhere (watch mode then rebuilds on every edit).
    review_active: bool,
    /// Rendered bodies: one per document, then one per section intro.
    bodies: Vec<Option<RenderedBody>>,
    /// The theme in use.
    theme: Theme,
    /// Every output file by path relative to the output folder, and how it is made.
    outputs: BTreeMap<String, Origin>,
    /// Size and SHA-256 of each file as last made (what watch mode compares a re-render with,
    /// and what the manifest lists).
    made: BTreeMap<String, FileEntry>,
    /// Problems (errors, warnings and the accessibility lints of the content): those of
    /// `loading`, the markdown of the bodies and the checks, and of the output map.
    diagnostics: Diagnostics,
    /// Problems of stages 1–3: `config.yaml`, the theme, `wordlist.yaml`, each file read and
    /// the site tree (an update replaces those of the files it reads again).
    loading: Diagnostics,
    /// Stage 4, kept between updates.
    checker: checks::Checker,
    /// Compiled templates (kept for watch mode).
    renderer: Option<Renderer>,
    /// When the build started.
    started: Instant,
    /// The search index, kept so that watch mode updates only what an edit touches.
    search: Option<crate::search::SearchIndex>,
    /// Stage timings (printed with `GONGKAI_TIMINGS=1`).
    timer: StageTimer,
    /// Documents edited while the site was broken: re-rendered with the next good update.
    pending: HashSet<usize>,
    /// The site in memory is not the one on disk: a change failed before it was taken in.
    stale: bool,
    /// When the site judged at its clock next differs ([`crate::lifecycle::Lifecycle::due`]).
    due: jiff::Timestamp,
    /// What document pages are keyed by in the build cache (a one-shot build only: watch mode
    /// changes the site after it is made).
    document_inputs: Option<reuse::DocumentInputs>,
    /// The search index the previous build kept (a one-shot build with the build cache), until
    /// the output map brings it up to date.
    previous_index: Option<crate::search::KeptIndex>,
}

/// What the previous build kept (the build cache), for [`Build::prepare_with`].
#[derive(Default)]
pub struct Kept<'a> {
    /// Checked front matter of documents.
    pub fronts: Option<&'a dyn crate::content::kept::KeptFronts>,
    /// Rendered Markdown bodies.
    pub bodies: Option<&'a crate::cache::BodyStore>,
    /// The search index.
    pub index: Option<crate::search::KeptIndex>,
}

impl Build {
    /// Runs every stage, making every file and keeping none (what `check` and the tests need).
    /// The result holds errors when the site is broken.
    pub fn run(options: BuildOptions) -> Build {
        let mut build = Build::prepare(options);
        // Discarding cannot fail.
        let _ = build.render(&Discard);
        build
    }

    /// Runs stages 1–5 and maps the output (stage 6 without rendering): what each output file
    /// is and how it is made. Nothing is rendered yet; see [`Build::render`].
    pub fn prepare(options: BuildOptions) -> Build {
        Build::prepare_with(options, Kept::default())
    }

    /// [`Build::prepare`] with what the previous build `kept`: the load stage takes unchanged
    /// front matter from its store, the markdown stage unchanged bodies (each adding what it
    /// makes), and the search index is made from the kept one ([`Build::take_kept_index`]).
    pub fn prepare_with(options: BuildOptions, kept: Kept<'_>) -> Build {
        let Kept {
            fronts,
            bodies,
            index,
        } = kept;
        let started = Instant::now();
        let mut timer = StageTimer::start();
        let mut diags = Diagnostics::new();
        let mut config = Config::load(&options.root, &mut diags);
        if let Some(url) = &options.base_url {
            config.set_base_url(url, &mut diags);
        }
        let theme = Theme::load(&options.root, &config.theme, &mut diags);
        timer.lap("config + theme");
        let mut loaded = load_with(&options.root, options.drafts, fronts, &mut diags);
        if let Some(fronts) = fronts {
            fronts.loaded();
        }
        let words = crate::inspect::wordlist::WordList::load(&options.root, &mut diags);
        timer.lap("load");
        if options.mode.one_shot() {
            // The buffers the files were read into.
            crate::memory::release_freed();
        }
        let clock = options.clock();
        let held = crate::lifecycle::schedule::hold_back(
            &mut loaded,
            clock,
            options.mode.shows_scheduled(),
        );
        let reviews = crate::review::hold_back(
            &options.root,
            &config,
            &mut loaded,
            options.mode.shows_scheduled(),
            &mut diags,
        );
        let review_active = !config.review.is_empty()
            || loaded
                .sections
                .iter()
                .any(|s| s.index.meta.review.is_some());
        let site = Site::build(config, loaded, &mut diags);
        let annual_reports = inputs::annual_reports(&site, &options.root);
        let lifecycle = Lifecycle::judge(&site, clock, held);
        timer.lap("site tree");
        if options.mode.one_shot() {
            // The lists the documents were moved out of, freed here while the loading threads
            // own their pages: with every body's Markdown held, this is near the build's peak.
            crate::memory::release_freed();
        }
        let recorded_at = crate::record::now();
        let record = crate::record::read(&options.root);
        timer.lap("publication record read");
        let mut checker = checks::Checker::new(words, options.mode);
        checker.scan_sources(&site);
        timer.lap("wording");
        let mut build = Build {
            options,
            site,
            annual_reports,
            lifecycle,
            publication: Publication::default(),
            reviews,
            review_active,
            bodies: Vec::new(),
            theme,
            outputs: BTreeMap::new(),
            made: BTreeMap::new(),
            diagnostics: Diagnostics::new(),
            loading: diags,
            checker,
            renderer: None,
            started,
            search: None,
            timer,
            pending: HashSet::new(),
            stale: false,
            due: jiff::Timestamp::MAX,
            document_inputs: None,
            previous_index: index,
        };
        if build.options.mode.one_shot() {
            build.document_inputs = Some(reuse::DocumentInputs::of(&build.site));
            // What moving the documents into the tree and reading the record took: every
            // body's Markdown is still held, so this is the build's highest point.
            crate::memory::release_freed();
        }
        let root = build.options.root.clone();
        let published = record.published();
        let recording = |doc: &crate::content::document::SourceDocument, body: &str| {
            crate::record::changed(&root, &published, doc, body)
        };
        // A record that cannot be used gets no entries: its documents are not hashed for it.
        let hook = record
            .usable()
            .then_some(&recording as &bodies::RecordHook<'_>);
        let changed = build.render_bodies_with(None, bodies, hook);
        build.timer.lap("markdown");
        drop(published);
        let (publication, found) =
            crate::record::prepare(&build.site, record, changed, recorded_at);
        build.publication = publication;
        build.loading.extend(found);
        build.timer.lap("publication record");
        if build.options.mode.one_shot() {
            // The Markdown of every body, and what making the record's entries took.
            crate::memory::release_freed();
        }
        build.check();
        build.timer.lap("checks");
        if build.options.mode.one_shot() {
            build.drop_link_targets();
            // The ids, links and problems of every body (about 150 MB at 100,000 documents),
            // freed on the main thread in pages the markdown stage's threads own.
            crate::memory::release_freed();
        }
        build.map_outputs();
        build.timer.lap("output map, search index, feeds");
        if build.options.mode.one_shot() {
            // What indexing took.
            crate::memory::release_freed();
        }
        build.finish();
        build
    }

    /// What stage 4 reads: the site and what the earlier stages made of it.
    fn check_input(&self) -> checks::CheckInput<'_> {
        checks::CheckInput {
            site: &self.site,
            lifecycle: &self.lifecycle,
            annual_reports: &self.annual_reports,
            bodies: &self.bodies,
            theme: &self.theme,
            mode: self.options.mode,
        }
    }

    /// Stage 4: runs every check over the site and gathers the problems of the site as it is
    /// now: those of loading, of each body's markdown and of the checks.
    pub(crate) fn check(&mut self) {
        let checked = self.checker.run(&self.check_input());
        self.due = self.lifecycle.due(&self.site);
        let mut all = self.loading.clone();
        all.extend(self.markdown_problems());
        all.extend(checked);
        self.diagnostics = all;
    }

    /// The problems of every rendered body, placed in its source file.
    fn markdown_problems(&self) -> Vec<Diagnostic> {
        (0..self.bodies.len())
            .flat_map(|i| self.markdown_problems_of(i))
            .collect()
    }

    /// The Markdown problems of body `i` (a document, then the section intros), at their
    /// lines in its file.
    fn markdown_problems_of(&self, i: usize) -> Vec<Diagnostic> {
        let doc_count = self.site.docs.len();
        let Some(Some(body)) = self.bodies.get(i) else {
            return Vec::new();
        };
        let (file, first_line) = match self.site.docs.get(i) {
            Some(doc) => (&doc.source.file, doc.source.body_line),
            None => match self.site.sections.get(i - doc_count) {
                Some(s) => (&s.file, 1),
                None => return Vec::new(),
            },
        };
        (body.problems.iter())
            .map(|p| {
                let mut d = p.clone();
                d.file.clone_from(file);
                d.line += first_line - 1;
                d
            })
            .collect()
    }

    /// Ends a stage of what `build` does after rendering (timed with `GONGKAI_TIMINGS=1`).
    pub fn lap(&mut self, stage: &str) {
        self.timer.lap(stage);
    }

    /// Adds problems found after the build (applies `--strict`, keeps the order).
    pub fn add_diagnostics(&mut self, found: Vec<Diagnostic>) {
        self.diagnostics.extend(found);
        self.finish();
    }

    /// Sorts problems and applies `--strict`.
    pub(crate) fn finish(&mut self) {
        if self.options.strict {
            self.diagnostics.make_strict();
        }
        self.diagnostics.sort();
    }

    /// The options used.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// What the build cache keeps of this build's search index for the next build. A one-shot
    /// build lets the index go (its files are in the output map, and rendering reads the
    /// fragments' documents, not the index); watch mode keeps it to update it.
    pub fn take_kept_index(&mut self) -> Option<crate::search::KeptIndex> {
        let kept = self.search.as_ref().map(crate::search::SearchIndex::kept);
        if self.options.mode.one_shot() {
            self.search = None;
        }
        kept
    }

    /// The site tree.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Relations and the state of every document at the clock.
    pub fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }

    /// The publication record as read and the entries this build adds.
    pub fn publication(&self) -> &Publication {
        &self.publication
    }

    /// The review state of the documents that need review.
    pub fn reviews(&self) -> &Reviews {
        &self.reviews
    }

    /// The 错敏词 list (`wordlist.yaml`) the load stage read, if the site has a valid one.
    pub fn words(&self) -> Option<&crate::inspect::wordlist::WordList> {
        self.checker.words()
    }

    /// `check`: what the inspection rules that read source files found in each one, in the
    /// text the load stage read.
    pub fn inspected_sources(&self) -> &BTreeMap<PathBuf, crate::inspect::SourceFindings> {
        self.checker.inspected()
    }

    /// The site tree with what was judged of it: what pages are made from.
    pub(crate) fn judged(&self) -> Judged<'_> {
        Judged {
            site: &self.site,
            lifecycle: &self.lifecycle,
            publication: &self.publication,
            reviews: &self.reviews,
        }
    }

    /// Recomputes what derives from the documents' front matter after an edit: the tree's
    /// listings, neighbours and terms, then the relations and states judged of it.
    fn relink(&mut self) {
        self.site.relink();
        self.checker.site_changed();
        self.lifecycle.refresh(&self.site);
    }

    /// The same after documents were inserted or removed (and the index by source file).
    fn reindex(&mut self) {
        self.site.reindex();
        self.checker.site_changed();
        self.lifecycle.refresh(&self.site);
    }

    /// Every output file by path relative to the output folder, and how it is made.
    pub fn outputs(&self) -> &BTreeMap<String, Origin> {
        &self.outputs
    }

    /// Size and SHA-256 of every file made by the last [`Build::render`] or update.
    #[cfg(test)]
    pub fn made(&self) -> &BTreeMap<String, FileEntry> {
        &self.made
    }

    /// Takes the size and SHA-256 of every file made, leaving none: what the manifest of a
    /// one-shot build lists, without a copy of a million entries at 100,000 documents.
    pub fn take_made(&mut self) -> BTreeMap<String, FileEntry> {
        std::mem::take(&mut self.made)
    }

    /// Problems: errors, warnings and, last, the accessibility lints of the content
    /// ([`Category::Accessibility`](crate::diagnostics::Category), shown by `check` and `serve`).
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }

    /// Whether the build failed.
    pub fn failed(&self) -> bool {
        self.diagnostics.has_errors()
    }

    /// The one-line summary printed at the end.
    pub fn summary(&self) -> String {
        self.summary_with("")
    }

    /// The summary with `extra` (what `build` did after rendering, such as precompression)
    /// before the time taken.
    pub fn summary_with(&self, extra: &str) -> String {
        let pages = self
            .outputs
            .values()
            .filter(|o| matches!(o, Origin::Page(..)))
            .count();
        let sections = self
            .site
            .sections
            .iter()
            .skip(1)
            .filter(|s| !s.all_docs.is_empty())
            .count();
        format!(
            "{}：{} 篇文档，{} 个栏目，{} 个页面（含关怀版），{} 个错误，{} 条警告，{extra}用时 {:.2} 秒",
            if self.failed() {
                "构建失败"
            } else {
                "构建完成"
            },
            self.site.docs.len(),
            sections,
            pages,
            self.diagnostics.error_count(),
            self.diagnostics.warning_count(),
            self.started.elapsed().as_secs_f64()
        )
    }
}
