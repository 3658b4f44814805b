//! Watch mode: file-system events → what changed → the smallest rebuild that keeps the output
//! right.
//!
//! An edited document ([`Change::Document`]) re-renders its page, its old and new neighbours, the
//! listing and directory pages between its old and new position, and the home page. Anything else
//! — a new, deleted or renamed file, a section index, an asset, a template, `config.yaml` — runs
//! the whole pipeline again and writes only the files whose bytes changed. A change that breaks
//! the site is reported and the last good output stays.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{
    new_debouncer, new_debouncer_opt, DebounceEventResult, Debouncer, FileIdCache, FileIdMap,
};

use crate::content::disclosure::validate_documents;
use crate::content::load::{is_ignored, reload_document};
use crate::content::tree::{Dimension, Site};
use crate::diagnostics::Diagnostics;
use crate::pagemap::{page_count, PageJob};
use crate::pipeline::{Build, BuildOptions, OutputFile};

/// What a batch of file events amounts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Existing documents were edited in place (indices into `site.docs`).
    Document(BTreeSet<usize>),
    /// Anything else: rebuild the site.
    Site,
    /// Only files gongkai ignores (editor swap files, …).
    Nothing,
}

/// Classifies changed paths (absolute, under `root`).
pub fn classify(root: &Path, site: &Site, paths: &[PathBuf]) -> Change {
    let mut docs = BTreeSet::new();
    let mut relevant = false;
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if is_ignored(&name) || name.ends_with(".gongkai-new") {
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let watched = rel == "config.yaml"
            || ["content/", "static/", "themes/"]
                .iter()
                .any(|p| rel.starts_with(p));
        if !watched {
            continue;
        }
        let Some(content_rel) = rel.strip_prefix("content/") else {
            return Change::Site;
        };
        let known = site.doc_by_source.contains_key(content_rel)
            || site.assets.iter().any(|a| a.rel == content_rel)
            || site
                .sections
                .iter()
                .any(|s| s.dir == content_rel.trim_end_matches("/_index.md"));
        if !path.exists() && !known {
            // A temporary file that came and went (editors' atomic saves).
            continue;
        }
        relevant = true;
        let is_doc = content_rel.ends_with(".md") && !content_rel.ends_with("_index.md");
        match site.doc_by_source.get(content_rel) {
            Some(&i) if is_doc && path.is_file() => {
                docs.insert(i);
            }
            _ => return Change::Site,
        }
    }
    match (relevant, docs.is_empty()) {
        (false, _) => Change::Nothing,
        (true, true) => Change::Site,
        (true, false) => Change::Document(docs),
    }
}

/// Where a document sits in the listings: used to find the pages an edit touches.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Footprint {
    /// (section, position in its `all_docs`)
    sections: Vec<(usize, usize)>,
    /// (section, dimension, term name, position in the term's documents)
    terms: Vec<(usize, Dimension, String, usize)>,
    /// Neighbours in the section.
    neighbours: Vec<usize>,
}

fn footprint(site: &Site, d: usize) -> Footprint {
    let doc = &site.docs[d];
    let sections: Vec<(usize, usize)> = site
        .ancestry(doc.section)
        .into_iter()
        .skip(1)
        .filter_map(|s| {
            site.sections[s]
                .all_docs
                .iter()
                .position(|&x| x == d)
                .map(|p| (s, p))
        })
        .collect();
    let mut terms = Vec::new();
    for &(s, _) in &sections {
        for dim in Dimension::ALL {
            for t in site.terms.get(&(s, dim)).into_iter().flatten() {
                if let Some(p) = t.docs.iter().position(|&x| x == d) {
                    terms.push((s, dim, t.name.clone(), p));
                }
            }
        }
    }
    Footprint {
        sections,
        terms,
        neighbours: doc.prev.into_iter().chain(doc.next).collect(),
    }
}

fn pages_between(a: usize, b: usize, size: usize) -> std::ops::RangeInclusive<usize> {
    let (lo, hi) = (a.min(b), a.max(b));
    (lo / size + 1)..=(hi / size + 1)
}

/// The page jobs to re-render after document `d` changed from `before` to its current place.
/// `None` when the edit changed which directory terms exist or hold it: rebuild everything.
fn affected_jobs(site: &Site, d: usize, before: &Footprint) -> Option<BTreeSet<PageJob>> {
    let after = footprint(site, d);
    let names = |f: &Footprint| {
        f.terms
            .iter()
            .map(|(s, dim, n, _)| (*s, *dim, n.clone()))
            .collect::<Vec<_>>()
    };
    if names(before) != names(&after) || before.sections.len() != after.sections.len() {
        return None;
    }
    let mut jobs = BTreeSet::from([PageJob::Home, PageJob::Document(d)]);
    jobs.extend(
        before
            .neighbours
            .iter()
            .chain(&after.neighbours)
            .map(|&n| PageJob::Document(n)),
    );
    for (&(s, old), &(_, new)) in before.sections.iter().zip(&after.sections) {
        for page in pages_between(old, new, site.sections[s].page_size) {
            jobs.insert(PageJob::Section { section: s, page });
        }
    }
    for ((s, dim, name, old), (_, _, _, new)) in before.terms.iter().zip(&after.terms) {
        let terms = &site.terms[&(*s, *dim)];
        let t = terms.iter().position(|t| &t.name == name)?;
        let size = site.sections[*s].page_size;
        for page in pages_between(*old, *new, size) {
            if page <= page_count(terms[t].docs.len(), size) {
                jobs.insert(PageJob::Term {
                    section: *s,
                    dim: *dim,
                    term: t,
                    page,
                });
            }
        }
    }
    Some(jobs)
}

/// The result of applying one batch of changes.
#[derive(Debug, Default)]
pub struct Update {
    /// Files to write (new or changed bytes).
    pub written: BTreeMap<String, OutputFile>,
    /// Files to delete.
    pub removed: Vec<String>,
    /// Problems of this rebuild (errors block the update).
    pub diagnostics: Diagnostics,
    /// Accessibility lints of the content.
    pub accessibility: Diagnostics,
    /// One line for the terminal: what was rebuilt and how long it took.
    pub summary: String,
    /// Whether the rebuild failed (output kept as it was).
    pub failed: bool,
}

/// A build kept in memory between changes.
pub struct Session {
    /// The current build (its `files` are the last good output).
    pub build: Build,
    /// Documents edited while the site was broken: re-rendered with the next good update.
    pending: HashSet<usize>,
}

impl Session {
    /// Starts from a full build.
    pub fn new(mut options: BuildOptions) -> Session {
        // Events carry absolute paths: compare them with an absolute root.
        if let Ok(root) = options.root.canonicalize() {
            options.root = root;
        }
        Session {
            build: Build::run(options),
            pending: HashSet::new(),
        }
    }

    /// Applies changed paths and returns what to write.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Update {
        let started = Instant::now();
        let change = if self.build.failed() || self.build.renderer.is_none() {
            Change::Site
        } else {
            classify(&self.build.options.root, &self.build.site, paths)
        };
        let mut update = match change {
            Change::Nothing => return Update::default(),
            Change::Document(docs) => self
                .update_documents(&docs)
                .unwrap_or_else(|| self.rebuild()),
            Change::Site => self.rebuild(),
        };
        let what = if update.failed {
            "重新生成失败，已保留上次的输出".to_string()
        } else {
            format!(
                "已更新 {} 个文件，删除 {} 个",
                update.written.len(),
                update.removed.len()
            )
        };
        let names: Vec<String> = paths
            .iter()
            .filter_map(|p| p.strip_prefix(&self.build.options.root).ok())
            .map(|p| p.display().to_string())
            .take(3)
            .collect();
        update.summary = format!(
            "{}（{}）：{} 个错误，{} 条警告，用时 {} 毫秒",
            what,
            names.join("、"),
            update.diagnostics.error_count(),
            update.diagnostics.warning_count(),
            started.elapsed().as_millis()
        );
        update
    }

    /// Runs the whole pipeline again and diffs the output against the last good one.
    fn rebuild(&mut self) -> Update {
        let next = Build::run(self.build.options.clone());
        let mut update = Update {
            diagnostics: next.diagnostics.clone(),
            accessibility: next.accessibility.clone(),
            ..Update::default()
        };
        if next.failed() {
            update.failed = true;
            // Keep the last good output; remember the new state only if there was none.
            if self.build.files.is_empty() {
                self.build = next;
            }
            return update;
        }
        for (path, file) in &next.files {
            if self.build.files.get(path) != Some(file) {
                update.written.insert(path.clone(), file.clone());
            }
        }
        update.removed = self
            .build
            .files
            .keys()
            .filter(|k| !next.files.contains_key(*k))
            .cloned()
            .collect();
        self.build = next;
        self.pending.clear();
        update
    }

    /// Re-reads and re-renders edited documents. `None` means the edit needs a full rebuild.
    fn update_documents(&mut self, docs: &BTreeSet<usize>) -> Option<Update> {
        let build = &mut self.build;
        let root = build.options.root.clone();
        let mut update = Update::default();
        let mut jobs = BTreeSet::new();
        for &d in docs {
            let before = footprint(&build.site, d);
            let rel = build.site.docs[d]
                .source
                .file
                .strip_prefix("content")
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            let Some(source) = reload_document(&root, &rel, &mut update.diagnostics) else {
                self.pending.insert(d);
                continue;
            };
            if source.slug != build.site.docs[d].source.slug
                || (source.meta.draft && !build.options.drafts)
                || crate::lifecycle::needs_rebuild(&build.site, d, &source.meta)
            {
                return None;
            }
            let old = &build.site.docs[d].source.meta;
            let (m, o) = (&source.meta, old);
            // Listings, neighbours and directory terms depend only on these fields.
            let moved = m.date != o.date
                || m.title != o.title
                || m.issuer != o.issuer
                || m.topics != o.topics;
            build.site.docs[d].source = source;
            if moved {
                build.site.relink();
            }
            jobs.extend(affected_jobs(&build.site, d, &before)?);
        }
        let mut site_diags = Diagnostics::new();
        let edited: Vec<usize> = docs.iter().copied().collect();
        validate_documents(&build.site, &edited, &mut site_diags);
        update.diagnostics.extend(site_diags);
        let mut changed: HashSet<usize> = docs.iter().copied().collect();
        changed.extend(self.pending.iter().copied());
        build.diagnostics = Diagnostics::new();
        build.accessibility = Diagnostics::new();
        build.render_bodies(Some(&changed));
        update.diagnostics.extend(build.diagnostics.clone());
        update.accessibility = build.accessibility.clone();
        if build.options.strict {
            update.diagnostics.make_strict();
        }
        update.diagnostics.sort();
        if update.diagnostics.has_errors() {
            self.pending.extend(docs.iter().copied());
            update.failed = true;
            return Some(update);
        }
        for &p in &self.pending {
            jobs.insert(PageJob::Document(p));
        }
        if !self.pending.is_empty() {
            // Pending edits may have moved documents anywhere: re-render all listings.
            jobs.extend(crate::pagemap::all_jobs(&build.site));
        }
        let renderer = build.renderer.as_ref()?;
        let jobs: Vec<PageJob> = jobs.into_iter().collect();
        let (files, errors) = build.render_jobs(renderer, &jobs);
        if !errors.is_empty() {
            update.diagnostics.extend(errors);
            update.failed = true;
            return Some(update);
        }
        // The search index: re-serialise the edited documents, reassemble the rest (O(n) copies).
        if build.search_entries.len() == build.site.docs.len() {
            for &d in &changed {
                if d < build.search_entries.len() {
                    build.search_entries[d] =
                        crate::search::entry_json(&build.site, &build.bodies, d);
                }
            }
        } else {
            build.search_entries = (0..build.site.docs.len())
                .map(|d| crate::search::entry_json(&build.site, &build.bodies, d))
                .collect();
        }
        let index = OutputFile::Bytes(
            crate::search::assemble(&build.site, &build.search_entries)
                .into_bytes()
                .into(),
        );
        // Feeds and the catalog show titles, summaries and validity: rewritten with the index.
        let lifecycle = crate::lifecycle::output_files(&build.site, &build.bodies)
            .into_iter()
            .map(|(path, text)| (path, OutputFile::Bytes(text.into_bytes().into())));
        let files = files
            .into_iter()
            .chain([(crate::search::INDEX_PATH.to_string(), index)])
            .chain(lifecycle);
        for (path, file) in files {
            if build.files.get(&path) != Some(&file) {
                build.files.insert(path.clone(), file.clone());
                update.written.insert(path, file);
            }
        }
        self.pending.clear();
        Some(update)
    }
}

/// Applies an update to an output folder on disk (`build --watch`).
pub fn write_update(update: &Update, output: &Path) -> anyhow::Result<()> {
    crate::pipeline::write_files(&update.written, output)?;
    for rel in &update.removed {
        let path = output.join(rel);
        if path.is_file() {
            std::fs::remove_file(&path)?;
        }
        // Remove folders left empty.
        let mut dir = path.parent();
        while let Some(d) = dir {
            if d == output || std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(())
}

/// Quiet time after the last event of a burst before a rebuild starts: long enough to join an
/// editor's write-to-temporary-file-and-rename, short enough to feel instant.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// How often the debouncer looks for bursts that have gone quiet.
const TICK: Duration = Duration::from_millis(10);

/// Reads (which the build itself causes) and metadata-only changes are not edits.
fn is_content_change(kind: &notify::EventKind) -> bool {
    use notify::event::{EventKind, ModifyKind};
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Any | EventKind::Other | EventKind::Access(_) => false,
    }
}

fn add_watches<T: notify::Watcher, C: FileIdCache>(
    d: &mut Debouncer<T, C>,
    root: &Path,
) -> anyhow::Result<()> {
    for dir in ["content", "static", "themes"] {
        let p = root.join(dir);
        if p.is_dir() {
            d.watch(&p, RecursiveMode::Recursive)?;
        }
    }
    // The root folder (not the file) for config.yaml: editors replace files on save.
    d.watch(root, RecursiveMode::NonRecursive)?;
    Ok(())
}

/// Watches the site's sources and calls `on_change` with each debounced batch of changed paths.
/// `ready` is called once every folder is watched. Returns when `on_change` returns `false` or
/// the watcher fails.
pub fn watch(
    root: &Path,
    poll: bool,
    ready: impl FnOnce(),
    mut on_change: impl FnMut(Vec<PathBuf>) -> bool,
) -> anyhow::Result<()> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let root = root.canonicalize()?;
    let timeout = DEBOUNCE;
    // Keeps the watcher alive for as long as events are read.
    let _watcher: Box<dyn std::any::Any> = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(300));
        let mut d = new_debouncer_opt::<_, notify::PollWatcher, _>(
            timeout,
            Some(TICK),
            tx,
            FileIdMap::new(),
            config,
        )?;
        add_watches(&mut d, &root)?;
        Box::new(d)
    } else {
        let mut d = new_debouncer(timeout, Some(TICK), tx)?;
        add_watches(&mut d, &root)?;
        Box::new(d)
    };
    ready();
    for result in rx {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!("监视文件时出错：{e}");
                }
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| is_content_change(&e.event.kind))
            .flat_map(|e| e.event.paths)
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() && !on_change(paths) {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "watch_tests.rs"]
mod tests;
