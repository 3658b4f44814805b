//! Incremental update for new, deleted and renamed documents ([`Change::Documents`]): the
//! documents are added to or taken out of the site tree in place (no other file is read again, no
//! other body rendered again), the output map follows, and the pages are made in two steps: the
//! new documents' pages and the home page at once, then ([`Update::later`]) the search index,
//! feeds and the listings, which shift as a whole when a document comes or goes.

use std::collections::{BTreeSet, HashSet};

use super::clash::claim;
use super::update::Later;
use super::*;
use crate::content::document::DocumentMeta;
use crate::content::load::reload_document;
use crate::content::tree::{Dimension, Doc};

/// Listings by section and, for a directory term's listing, dimension and term name.
type Listings = BTreeSet<(usize, Option<(Dimension, String)>)>;

/// The listings a document appears in: its sections (with their ancestors) and directory terms
/// by name (term indices change when terms come and go).
fn listings_of(site: &Site, d: usize, into: &mut Listings) {
    for s in site.ancestry(site.docs[d].section).into_iter().skip(1) {
        into.insert((s, None));
        for dim in Dimension::ALL {
            for t in site.terms.get(&(s, dim)).into_iter().flatten() {
                if t.docs.contains(&d) {
                    into.insert((s, Some((dim, t.name.clone()))));
                }
            }
        }
    }
}

impl Build {
    /// Adds the documents `added` and removes `removed` in place. `None` when the change needs
    /// a full rebuild (edits in the same batch, documents tied to others, held-back dates).
    pub(super) fn update_structure(
        &mut self,
        edited: &BTreeSet<usize>,
        added: &BTreeSet<String>,
        removed: &BTreeSet<usize>,
    ) -> Option<Update> {
        if !edited.is_empty() || !self.pending.is_empty() || self.renderer.is_none() {
            return None;
        }
        let mut update = Update::default();
        self.timer = StageTimer::start();
        let mut sources = Vec::new();
        let mut read = Diagnostics::new();
        for rel in added {
            // A document that cannot be read is left out by a full build: so is this update.
            let source = reload_document(&self.options.root, rel, &mut read)?;
            if !source.meta.draft || self.options.drafts {
                sources.push(source);
            }
        }
        let clock = self.lifecycle.clock;
        let scheduled =
            |m: &DocumentMeta| !clock.reached(&m.date) && !self.options.mode.shows_scheduled();
        let tied = |d: usize| {
            !self.lifecycle.relations.incoming[d].is_empty()
                || !self.lifecycle.relations.outgoing[d].is_empty()
                || super::reach::is_tied(&self.site.docs[d].source.meta)
        };
        if self.review_active
            || sources
                .iter()
                .any(|s| super::reach::is_tied(&s.meta) || scheduled(&s.meta))
            || removed.iter().any(|&d| tied(d))
        {
            return None;
        }
        // What the removed documents leave: their listings and neighbours (by path: indices
        // shift), and their pages.
        let mut listings = BTreeSet::new();
        let mut neighbours: BTreeSet<String> = BTreeSet::new();
        let mut gone: Vec<(Doc, Option<RenderedBody>)> = Vec::new();
        for &d in removed {
            self.note_place(d, &mut listings, &mut neighbours);
        }
        for &d in removed.iter().rev() {
            let body = self.bodies.remove(d);
            gone.push((self.site.remove_document(d), body));
        }
        let loading = self.loading.clone();
        for (doc, _) in &gone {
            self.replace_loading(&doc.source.file, Diagnostics::new());
        }
        let mut inserted = Vec::new();
        let mut refused = false;
        for source in sources {
            let rel = crate::text::content_rel(&source.file);
            self.replace_loading(&source.file, Diagnostics::new());
            match self.site.insert_document(source) {
                Ok(at) => {
                    self.bodies.insert(at, None);
                    inserted.push(rel);
                }
                Err(_) => refused = true,
            }
        }
        self.loading.extend(read);
        self.timer.lap("update: site tree");
        self.reindex();
        let new: Vec<usize> = inserted
            .iter()
            .filter_map(|rel| self.site.doc_by_source.get(rel).copied())
            .collect();
        self.timer.lap("update: reindex");
        self.checker.scan_sources(&self.site);
        self.render_bodies(Some(&new.iter().copied().collect::<HashSet<usize>>()));
        self.timer.lap("update: markdown");
        self.check();
        self.finish();
        self.timer.lap("update: checks");
        // With errors, the full build reports them (and those only it finds).
        if refused || self.diagnostics.has_errors() {
            self.loading = loading;
            self.undo(&inserted, gone);
            return None;
        }
        for &d in &new {
            self.note_place(d, &mut listings, &mut neighbours);
        }
        // The output map: pages that came and went, the files beside them.
        let pages_before: BTreeSet<String> = self
            .outputs
            .iter()
            .filter(|(_, o)| matches!(o, Origin::Page(..)))
            .map(|(p, _)| p.clone())
            .collect();
        // Mapped as a full build maps it: a new document's page that another output holds (its
        // slug is `search`, a directory page's, a file's of static/) is the error a full build
        // gives, and the site and its output stay as they were.
        let before = std::mem::take(&mut self.outputs);
        let mut clashes = Vec::new();
        self.claim_pages(&mut clashes);
        for (path, origin) in &before {
            if !matches!(origin, Origin::Page(..)) {
                claim(
                    &mut self.outputs,
                    &mut clashes,
                    path.clone(),
                    origin.clone(),
                );
            }
        }
        self.report_clashes(clashes);
        if self.diagnostics.has_errors() {
            self.outputs = before;
            self.loading = loading;
            self.undo(&inserted, gone);
            return None;
        }
        update.diagnostics = self.diagnostics.clone();
        for page in pages_before {
            if !self.outputs.contains_key(&page) {
                self.made.remove(&page);
                update.removed.push(page);
            }
        }
        self.timer.lap("update: page map");
        // First the new pages and the home page, then everything that lists documents.
        let first: Vec<PageJob> = new
            .iter()
            .map(|&d| PageJob::Document(d))
            .chain([PageJob::Home])
            .collect();
        let paths: Vec<String> = jobs_files(&self.site, &first);
        if !self.remake(&paths, &mut update) {
            update.failed = true;
            return Some(update);
        }
        self.timer.lap("update: first pages");
        let mut later: Vec<PageJob> = vec![PageJob::Search, PageJob::Sitemap];
        later.extend(
            neighbours
                .iter()
                .filter_map(|p| self.site.docs.iter().position(|d| &d.path == p))
                .map(PageJob::Document),
        );
        later.extend(listing_jobs(&self.site, &listings));
        update.later = Some(Later::of(&self.site, &new, jobs_files(&self.site, &later)));
        Some(update)
    }

    /// Notes the listings document `d` appears in and its neighbours (by path: indices shift).
    fn note_place(&self, d: usize, listings: &mut Listings, neighbours: &mut BTreeSet<String>) {
        listings_of(&self.site, d, listings);
        let doc = &self.site.docs[d];
        neighbours.extend(
            doc.prev
                .into_iter()
                .chain(doc.next)
                .map(|n| self.site.docs[n].path.clone()),
        );
    }

    /// Puts the site back as it was before a failed structural update.
    fn undo(&mut self, inserted: &[String], gone: Vec<(Doc, Option<RenderedBody>)>) {
        for rel in inserted {
            if let Some(&d) = self.site.doc_by_source.get(rel) {
                self.site.remove_document(d);
                self.bodies.remove(d);
                self.reindex();
            }
        }
        for (doc, body) in gone.into_iter().rev() {
            if let Ok(at) = self.site.insert_document(doc.source) {
                self.bodies.insert(at, body);
            }
        }
        self.reindex();
        self.check();
        self.finish();
    }

    /// The second step of an update ([`Update::later`]): the search index, feeds, catalog and
    /// `sitemap.xml`, then the pages left for later. Returns what changed.
    pub fn update_later(&mut self, later: &Later) -> Update {
        let mut update = Update::default();
        self.timer = StageTimer::start();
        let docs: Vec<usize> = later
            .docs
            .iter()
            .filter_map(|rel| self.site.doc_by_source.get(rel).copied())
            .collect();
        let mut paths = self.side_files(&docs, &mut update);
        paths.extend(later.pages.iter().cloned());
        update.failed = !self.remake(&paths, &mut update);
        self.timer.lap("update: search, feeds, sitemap, listings");
        update
    }
}

/// The output files of page jobs in both renditions.
fn jobs_files(site: &Site, jobs: &[PageJob]) -> Vec<String> {
    jobs.iter()
        .flat_map(|job| Rendition::ALL.map(|r| job.output_file(site, r)))
        .collect()
}

/// Every page of the listings named: section listings, their directory pages, and the pages of
/// the terms that still exist.
fn listing_jobs(site: &Site, listings: &Listings) -> Vec<PageJob> {
    let mut jobs = Vec::new();
    for (s, term) in listings {
        let section = &site.sections[*s];
        match term {
            None => {
                let pages = crate::pagemap::page_count(section.all_docs.len(), section.page_size);
                jobs.extend((1..=pages).map(|page| PageJob::Section { section: *s, page }));
            }
            Some((dim, name)) => {
                jobs.push(PageJob::Directory {
                    section: *s,
                    dim: *dim,
                });
                let terms = site.terms.get(&(*s, *dim));
                let Some((t, term)) = terms
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .find(|(_, t)| &t.name == name)
                else {
                    continue;
                };
                let pages = crate::pagemap::page_count(term.docs.len(), section.page_size);
                jobs.extend((1..=pages).map(|page| PageJob::Term {
                    section: *s,
                    dim: *dim,
                    term: t,
                    page,
                }));
            }
        }
    }
    jobs
}
