//! The incremental entry point: [`Build::update`] applies one [`Change`] through the same stage
//! functions as a full build. An edited document re-renders its page, its old and new
//! neighbours, the listing and directory pages between its old and new position, the home page,
//! the search index and the feeds; anything else runs the whole pipeline again and keeps only the
//! files whose bytes changed. A change that breaks the site is reported and the last good output
//! stays.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::outputs::Made;
use super::reach::Reach;
use super::*;
use crate::content::load::reload_document;
use crate::content::tree::Dimension;
use crate::pagemap::page_count;

/// What a batch of file events amounts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Existing documents were edited in place (indices into `site.docs`).
    Document(BTreeSet<usize>),
    /// Documents were created (paths relative to `content/`), deleted or renamed (a deletion
    /// and a creation), and maybe others edited.
    Documents {
        /// Edited documents (indices into `site.docs`).
        edited: BTreeSet<usize>,
        /// New files, relative to `content/` (`xxgk/a.md`).
        added: BTreeSet<String>,
        /// Deleted documents (indices into `site.docs`).
        removed: BTreeSet<usize>,
    },
    /// Anything else: rebuild the site.
    Site,
    /// Only files gongkai ignores (editor swap files, …).
    Nothing,
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

/// A sink that keeps the files it is given (the changed files of an update).
#[derive(Default)]
struct Collect(std::sync::Mutex<BTreeMap<String, OutputFile>>);

impl Collect {
    fn into_files(self) -> BTreeMap<String, OutputFile> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, rel: &str, file: &OutputFile, _: &FileEntry) -> anyhow::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), file.clone());
        Ok(())
    }
}

/// The result of applying one batch of changes.
#[derive(Debug, Default)]
pub struct Update {
    /// Files to write (new or changed bytes).
    pub written: BTreeMap<String, OutputFile>,
    /// Files to delete.
    pub removed: Vec<String>,
    /// Problems of this rebuild (errors block the update), the accessibility lints of the
    /// content last.
    pub diagnostics: Diagnostics,
    /// One line for the terminal: what was rebuilt and how long it took.
    pub summary: String,
    /// Whether the rebuild failed (output kept as it was).
    pub failed: bool,
    /// What to make once `written` is out, with [`Build::update_later`]: the files beside the
    /// pages that follow the documents, and the listings a new or deleted document shifts.
    pub later: Option<Later>,
}

/// The second step of an update: work that the changed pages need not wait for. Watch mode runs
/// it once no file has changed for a moment, so that the steps of changes in quick succession
/// (a rename seen as a deletion, then a creation) are done once.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Later {
    /// Documents edited or added (paths relative to `content/`), for the search index, feeds,
    /// catalog and `sitemap.xml`.
    pub docs: BTreeSet<String>,
    /// Pages to make again.
    pub pages: BTreeSet<String>,
}

impl Later {
    /// Adds the work of a later update.
    pub fn merge(&mut self, other: Later) {
        self.docs.extend(other.docs);
        self.pages.extend(other.pages);
    }

    /// The work of an update of the documents `docs` of `site` and the pages `pages`.
    pub(super) fn of(site: &Site, docs: &[usize], pages: Vec<String>) -> Later {
        Later {
            docs: docs
                .iter()
                .filter_map(|&d| site.docs.get(d))
                .map(|d| crate::text::content_rel(&d.source.file))
                .collect(),
            pages: pages.into_iter().collect(),
        }
    }
}

impl Build {
    /// Applies a change and returns the files to write and delete.
    pub fn update(&mut self, change: &Change) -> Update {
        let change = if *change != Change::Nothing && self.needs_full_rebuild() {
            &Change::Site
        } else {
            change
        };
        match change {
            Change::Nothing => Update::default(),
            Change::Document(docs) => self
                .update_documents(docs)
                .unwrap_or_else(|| self.rebuild()),
            Change::Documents {
                edited,
                added,
                removed,
            } => self
                .update_structure(edited, added, removed)
                .unwrap_or_else(|| self.rebuild()),
            Change::Site => self.rebuild(),
        }
    }

    /// Runs the whole pipeline again and keeps the files whose bytes changed.
    fn rebuild(&mut self) -> Update {
        let mut next = Build::prepare(self.options.clone());
        let mut update = Update::default();
        let mut changed = BTreeMap::new();
        if !next.failed() {
            let paths: Vec<&String> = next.outputs.keys().collect();
            match next.make_changed(&paths, &self.made) {
                Ok((made, files)) => {
                    next.made = made.entries.into_iter().collect();
                    next.diagnostics.extend(made.errors);
                    changed = files;
                }
                Err(d) => next.diagnostics.push(d),
            }
            next.finish();
        }
        update.diagnostics = next.diagnostics.clone();
        if next.failed() {
            update.failed = true;
            // Keep the last good output; remember the new state only if there was none. The
            // problems are the new ones, and the next change rebuilds the site again.
            if self.outputs.is_empty() {
                *self = next;
            } else {
                self.diagnostics = next.diagnostics;
                self.stale = true;
            }
            return update;
        }
        update.written = changed;
        update.removed = self
            .made
            .keys()
            .filter(|k| !next.made.contains_key(*k))
            .cloned()
            .collect();
        *self = next;
        update
    }

    /// Whether the next change must rebuild the whole site: the site in memory is not the one on
    /// disk (a change failed before it was taken in), there is no output to update, or the
    /// clock has reached a moment the site changes at.
    pub fn needs_full_rebuild(&self) -> bool {
        self.stale || self.renderer.is_none() || self.outputs.is_empty() || self.clock_due()
    }

    /// Whether the real time has reached the moment the site next changes at (never with
    /// `--today`): a scheduled document is due, a term ends or a new day begins.
    pub fn clock_due(&self) -> bool {
        self.due().is_some_and(|due| jiff::Timestamp::now() >= due)
    }

    /// When the site, judged at the real time, next changes (`None` with `--today`).
    pub fn due(&self) -> Option<jiff::Timestamp> {
        self.options.today.is_none().then_some(self.due)
    }

    /// Takes `path` out of the output: the update deletes it.
    fn drop_output(&mut self, path: String, update: &mut Update) {
        self.outputs.remove(&path);
        self.made.remove(&path);
        update.removed.push(path);
    }

    /// The files beside the pages that follow the documents (the search index, feeds and
    /// catalog, `sitemap.xml`) after the documents `changed` were edited, added or renamed (and
    /// others maybe removed): made again and put in the output map. Returns their paths; files
    /// that no longer exist go to `update.removed`.
    pub(super) fn side_files(&mut self, changed: &[usize], update: &mut Update) -> Vec<String> {
        let mut paths = Vec::new();
        let search = self
            .search
            .get_or_insert_with(|| crate::search::SearchIndex::build(&self.site, &self.bodies));
        let search = search.update(&self.site, &self.bodies, changed);
        for path in search.removed {
            self.drop_output(path, update);
        }
        for (path, bytes) in search.written {
            self.outputs.insert(path.clone(), Origin::Bytes(bytes));
            paths.push(path);
        }
        self.timer.lap("update: search index");
        let lifecycle = crate::lifecycle::output_files(&self.site, &self.lifecycle, &self.bodies);
        self.timer.lap("update: feeds and catalog");
        let sitemaps = outputs::sitemaps(&self.site);
        let stale: Vec<String> = (self.outputs.keys())
            .filter(|p| outputs::is_sitemap_file(p) && !sitemaps.iter().any(|s| &s.0 == *p))
            .cloned()
            .collect();
        for path in stale {
            self.drop_output(path, update);
        }
        let sitemaps = sitemaps
            .into_iter()
            .map(|(p, text)| (p, text.into_bytes().into()));
        for (path, bytes) in lifecycle.into_iter().chain(sitemaps) {
            self.outputs.insert(path.clone(), Origin::Bytes(bytes));
            paths.push(path);
        }
        paths
    }

    /// Makes the files at `paths` and keeps those whose entry differs from `old` (the last
    /// good output's): what was made, and the changed files' bytes.
    fn make_changed(
        &self,
        paths: &[&String],
        old: &BTreeMap<String, FileEntry>,
    ) -> Result<(Made, BTreeMap<String, OutputFile>), Diagnostic> {
        let changed = Collect::default();
        let made = self
            .make_files(paths, &changed, |rel, e| old.get(rel) != Some(e))
            .map_err(|e| Diagnostic::error(Path::new("."), 0, 0, format!("{e:#}")))?;
        Ok((made, changed.into_files()))
    }

    /// Re-makes the files at `paths` (pages of the output map, or files whose origin changed)
    /// and adds those whose bytes changed to `update`.
    pub(super) fn remake(&mut self, paths: &[String], update: &mut Update) -> bool {
        let paths: Vec<&String> = paths
            .iter()
            .filter(|p| self.outputs.contains_key(*p))
            .collect();
        let (made, changed) = match self.make_changed(&paths, &self.made) {
            Ok(made) => made,
            Err(d) => {
                update.diagnostics.push(d);
                return false;
            }
        };
        if !made.errors.is_empty() {
            update.diagnostics.extend(made.errors);
            return false;
        }
        self.made.extend(made.entries);
        update.written.extend(changed);
        true
    }

    /// Re-reads and re-renders edited documents. `None` means the edit needs a full rebuild.
    fn update_documents(&mut self, docs: &BTreeSet<usize>) -> Option<Update> {
        self.timer = super::StageTimer::start();
        let root = self.options.root.clone();
        // Every document is read before the site changes: one that cannot be read (its front
        // matter has errors) is left out by a full build, and so is the update a full build.
        let mut read = Vec::new();
        for &d in docs {
            let rel = crate::text::content_rel(&self.site.docs[d].source.file);
            let mut found = Diagnostics::new();
            let source = reload_document(&root, &rel, &mut found)?;
            let reach = super::reach::reach(&self.site.docs[d].source.meta, &source.meta);
            let moved = reach == Reach::Place;
            if source.slug != self.site.docs[d].source.slug
                || reach == Reach::Site
                || crate::lifecycle::edit_reaches_others(
                    &self.site,
                    &self.lifecycle,
                    self.review_active,
                    d,
                    &source.meta.date,
                    moved,
                )
            {
                return None;
            }
            read.push((d, source, found, moved));
        }
        let mut update = Update::default();
        let mut jobs = BTreeSet::new();
        for (d, source, found, moved) in read {
            let before = footprint(&self.site, d);
            self.replace_loading(&source.file, found);
            self.site.docs[d].source = source;
            super::inputs::reread_report(
                &mut self.annual_reports,
                &self.site.docs[d].source,
                &self.options.root,
            );
            if moved {
                self.relink();
            }
            jobs.extend(affected_jobs(&self.site, d, &before)?);
        }
        self.timer.lap("update: read");
        let mut changed: HashSet<usize> = docs.iter().copied().collect();
        changed.extend(self.pending.iter().copied());
        self.checker.scan_sources(&self.site);
        self.timer.lap("update: wording");
        self.render_bodies(Some(&changed));
        self.timer.lap("update: markdown");
        self.check();
        self.timer.lap("update: checks");
        self.finish();
        self.timer.lap("update: finish");
        update.diagnostics = self.diagnostics.clone();
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
            jobs.extend(crate::pagemap::all_jobs(&self.site));
        }
        self.renderer.as_ref()?;
        let paths: Vec<String> = jobs
            .iter()
            .flat_map(|job| Rendition::ALL.map(|r| job.output_file(&self.site, r)))
            .collect();
        if !self.remake(&paths, &mut update) {
            update.failed = true;
            return Some(update);
        }
        self.timer.lap("update: remake");
        self.pending.clear();
        let changed: Vec<usize> = changed.into_iter().collect();
        update.later = Some(Later::of(&self.site, &changed, Vec::new()));
        Some(update)
    }

    /// Puts the problems found reading `file` again in place of those found reading it before,
    /// and forgets the 错敏词 found in it.
    pub(super) fn replace_loading(&mut self, file: &Path, found: Diagnostics) {
        self.loading.retain(|d| d.file != file);
        self.loading.extend(found);
        self.checker.forget(file);
    }
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
