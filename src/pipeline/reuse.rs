//! Stage 6, render, through the build cache ([`crate::cache`]): a page whose key the previous
//! build recorded is taken from the previous output by the sink, with its compressed copies,
//! instead of being rendered, hashed and compressed again.
//!
//! A document page is keyed by what it is made from ([`Renderer::document_key`]: its source and
//! kept body, the site's settings, the views it shows of other documents), so an unchanged one is
//! not even given a context; a document's search fragment likewise, by what it shows
//! ([`crate::search::fragment_key`], the key the kept search index knows it by). A listing or
//! directory page is keyed by its own view, made before its context ([`Renderer::list_page`]);
//! the few other pages (home, search, 404, sitemap) by their template and whole context
//! ([`page_key`]).

use super::*;
use crate::cache::{page_key, Key};

/// What the build cache keys document pages by, read before the markdown stage lets the
/// documents' bodies go.
pub(super) struct DocumentInputs {
    /// [`crate::render::shared_digest`] of the site.
    shared: [u8; 32],
    /// [`crate::render::source_digest`] of each document.
    sources: Vec<[u8; 32]>,
    /// [`Renderer::entry_digests`] in the standard and the 关怀版 rendition (made when the pages
    /// are: the state of each document is judged after the inputs are read).
    entries: [Vec<[u8; 16]>; 2],
}

impl DocumentInputs {
    /// The inputs of every document page of `site`.
    pub(super) fn of(site: &Site) -> DocumentInputs {
        DocumentInputs {
            shared: crate::render::shared_digest(site),
            sources: site
                .docs
                .par_iter()
                .map(crate::render::source_digest)
                .collect(),
            entries: [Vec::new(), Vec::new()],
        }
    }

    /// [`crate::render::source_digest`] of document `d` (`None` past the documents: a section's
    /// intro).
    pub(super) fn source(&self, d: usize) -> Option<&[u8; 32]> {
        self.sources.get(d)
    }
}

/// What [`Build::make_cached`] did with one output file.
pub(super) enum Cached {
    /// The sink took the previous output's file, which is this entry.
    Reused(FileEntry),
    /// The file was made (or failed to be), with the page's key when it has one.
    Made(Result<OutputFile, Diagnostic>, Option<Key>),
}

impl Build {
    /// Digests every document's listing entry in both renditions, once for all listing pages
    /// (which are keyed by the entries they list): before the pages are made through the cache.
    pub(super) fn digest_entries(&mut self) {
        let (Some(renderer), Some(_)) = (&self.renderer, &self.document_inputs) else {
            return;
        };
        let judged = self.judged();
        let entries = [Rendition::Standard, Rendition::Care]
            .map(|rendition| renderer.entry_digests(judged, rendition));
        if let Some(inputs) = &mut self.document_inputs {
            inputs.entries = entries;
        }
    }

    /// Makes the output file `rel`, or has `sink` reuse it when it is a page or search fragment
    /// the sink's cache knows. A reused file's key is recorded again for the next build.
    pub(super) fn make_cached(
        &self,
        rel: &str,
        origin: &Origin,
        sink: &dyn Sink,
    ) -> anyhow::Result<Cached> {
        let (Some(cache), Origin::Page(..) | Origin::SearchFragment(_), Some(renderer)) =
            (sink.cache(), origin, &self.renderer)
        else {
            return Ok(Cached::Made(self.make_from(origin), None));
        };
        let reuse = |key: Key| -> anyhow::Result<Option<FileEntry>> {
            let Some(entry) = cache.get(&key) else {
                return Ok(None);
            };
            if !sink.reuse(rel, entry)? {
                return Ok(None);
            }
            // The summary counts the pages taken from the cache; a fragment is only recorded.
            if matches!(origin, Origin::Page(..)) {
                cache.reuse(key, entry.clone());
            } else {
                cache.keep(key, entry.clone());
            }
            Ok(Some(entry.clone()))
        };
        // A document's page and fragment are keyed by their inputs when its body is in the
        // build cache (whose digest covers the addresses its links resolved to).
        let body = |d: usize| self.bodies.get(d)?.as_ref()?.kept_digest();
        let input_key = match (origin, &self.document_inputs) {
            (Origin::Page(PageJob::Document(d), r), Some(inputs)) => {
                (inputs.sources.get(*d).zip(body(*d))).and_then(|(source, body)| {
                    let inputs = (&inputs.shared, source, &body);
                    renderer.document_key(self.judged(), inputs, *d, *r)
                })
            }
            (Origin::SearchFragment(source), Some(_)) => (self.site.doc_by_source.get(source))
                .and_then(|&d| crate::search::fragment_key(&self.site, &self.bodies, d)),
            _ => None,
        };
        if let Some(entry) = input_key.map(reuse).transpose()?.flatten() {
            return Ok(Cached::Reused(entry));
        }
        // A listing or directory page is keyed by its own view before it is given a context.
        let list_page = match (origin, &self.document_inputs) {
            (Origin::Page(job, r), Some(inputs)) => {
                let entries = &inputs.entries[usize::from(*r == Rendition::Care)];
                let digests = (&inputs.shared, entries.as_slice());
                renderer.list_page(self.judged(), &self.bodies, digests, job, *r)
            }
            _ => None,
        };
        if let Some(page) = list_page {
            let key = page.key;
            if let Some(entry) = reuse(key)? {
                return Ok(Cached::Reused(entry));
            }
            let made = renderer.render_list_page(self.judged(), page);
            return Ok(Cached::Made(
                made.map(|html| OutputFile::Bytes(html.into())),
                Some(key),
            ));
        }
        let Origin::Page(job, rendition) = origin else {
            return Ok(Cached::Made(self.make_from(origin), input_key));
        };
        let (template, mut context) =
            renderer.context(self.judged(), &self.bodies, job, *rendition);
        let key = input_key.or_else(|| page_key(renderer.fingerprint(), template, &mut context));
        if input_key.is_none() {
            if let Some(entry) = key.map(reuse).transpose()?.flatten() {
                return Ok(Cached::Reused(entry));
            }
        }
        let made = renderer
            .render_context(template, &context)
            .map(|html| OutputFile::Bytes(html.into()));
        Ok(Cached::Made(made, key))
    }
}
