//! What a document page or a listing page is made from, found without making its context: the
//! key the build cache ([`crate::cache`]) knows an unchanged page by, so that a page whose inputs
//! did not change is neither given a context nor rendered nor hashed again.
//!
//! A listing or directory page is keyed by its own view and the entries it lists
//! ([`Renderer::list_page`]); what the frame of every page reads is in [`shared_digest`].
//!
//! The key covers every input [`PageContext::document`] reads, either as the input itself (the
//! document's source, the site's settings and sections) or as the small view the page shows of
//! other documents and records (neighbours, relations, lifecycle state, 修订记录, review). A
//! field added to the document page must be added here too; the cache's property test
//! (`tests/integration/cache.rs`) compares cached builds with clean ones after random edits.

use std::fmt::Write as _;

use sha2::{Digest as _, Sha256};

use super::*;
use crate::output::{HashWriter, Key};

/// What every document and listing page reads besides its own view, hashed once per build:
/// the settings, the sections (navigation, breadcrumbs, column metadata, feed links) and the
/// size of every content file (attachment sizes). The addresses body links resolve to are in
/// the body's digest ([`crate::markdown::RenderedBody::kept_digest`]), so a new or renamed
/// document changes the key of no page but those that show it.
pub fn shared_digest(site: &Site) -> [u8; 32] {
    let mut h = HashWriter(Sha256::new());
    let _ = write!(h, "gongkai document pages 1\0{:?}\0", site.config);
    for (s, sec) in site.sections.iter().enumerate() {
        let _ = write!(
            h,
            "{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{}{:?}\0",
            sec.dir,
            sec.path,
            sec.file,
            sec.title,
            sec.description,
            sec.keywords,
            sec.column_type,
            sec.numbering,
            sec.parent,
            sec.children,
            sec.weight,
            sec.all_docs.is_empty(),
            crate::lifecycle::feeds::links(site, Some(s)),
        );
    }
    for asset in &site.assets {
        let _ = write!(h, "{:?}{}\0", asset.rel, asset.size);
    }
    h.0.finalize().into()
}

/// The digest of a document's own source: its file name, its text as the load stage hashed it
/// ([`crate::content::hashed::TextDigest`]) and the lengths of its front matter and body (with
/// their text when they hold a CR, which the text digest reads as a line end). The document's
/// fields are parsed from these alone and never changed after, so they are covered too.
pub fn source_digest(doc: &crate::content::tree::Doc) -> [u8; 32] {
    let mut h = Sha256::new();
    let file = doc.source.file.to_string_lossy();
    h.update((file.len() as u64).to_le_bytes());
    h.update(file.as_bytes());
    h.update(doc.source.text_digest.finish());
    // The text digest reads a lone CR as a line end, where the front matter and body keep it
    // (and a closing `---` line may end in more than one): their lengths and, with a CR, their text.
    let (front, body) = (&doc.source.front_matter, &doc.source.body);
    h.update((front.len() as u64).to_le_bytes());
    h.update((body.len() as u64).to_le_bytes());
    if front.contains('\r') || body.contains('\r') {
        for part in [front, body] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    h.finalize().into()
}

impl Renderer {
    /// The key of document `d`'s page in `rendition`, from the templates, `shared`
    /// ([`shared_digest`]), `source` ([`source_digest`] of the document), `body` (the digest of
    /// its rendered body as the build cache kept it: links resolved) and the views the page
    /// shows of other documents. `None` for a page that shows more of the site than that (the
    /// tables of an annual report or a website report): such a page is keyed by its context.
    pub fn document_key(
        &self,
        judged: Judged<'_>,
        (shared, source, body): (&[u8; 32], &[u8; 32], &[u8; 16]),
        d: usize,
        rendition: Rendition,
    ) -> Option<Key> {
        let site = judged.site;
        let doc = &site.docs[d];
        let m = &doc.source.meta;
        if m.annual_report.is_some() || crate::website_report::year_of(m).is_some() {
            return None;
        }
        let cx = self.page_context(judged, rendition);
        let mut h = HashWriter(Sha256::new());
        h.0.update(b"document page\0");
        h.0.update(self.fingerprint());
        h.0.update(shared);
        h.0.update(source);
        h.0.update(body);
        let review = judged.waiting_review(d);
        // The JSON-LD is left out of the view: what it is made of besides the document's own
        // source, address and the settings is in the view's `changes` and the state hashed
        // here (what `jsonld::document` reads of it).
        let lifecycle = crate::lifecycle::view::without_jsonld(
            site,
            judged.lifecycle,
            d,
            review.clone(),
            &|p| cx.url(p),
        );
        let state = judged.lifecycle.state(d);
        let _ = write!(
            h,
            "{:?}\0",
            (state.invalid(), state.valid_until, state.since)
        );
        let links = &judged.lifecycle.interpretations;
        let linked =
            |n: Option<usize>| n.map(|i| (&site.docs[i].source.meta.title, &site.docs[i].path));
        let interpretations: Vec<_> = (links.interpretations.get(d).into_iter().flatten())
            .map(|&i| linked(Some(i)))
            .collect();
        h.0.update(rendition.dir());
        h.0.update([0]);
        h.0.update(doc.path.as_bytes());
        h.0.update([0]);
        h.0.update((doc.section as u64).to_le_bytes());
        // The views as JSON: one value is always written alike, no two alike, and much faster
        // than `Debug`, which looks up every Chinese character in Unicode tables.
        let views = (
            (linked(doc.prev), linked(doc.next)),
            (
                linked(links.original.get(d).copied().flatten()),
                interpretations,
            ),
            (review, lifecycle),
            crate::record::view::revisions(site, judged.publication, d),
            cx.attachments(d),
        );
        serde_json::to_writer(&mut h, &views).ok()?;
        let digest = h.0.finalize();
        Some(Key(digest[..16].try_into().unwrap_or_default()))
    }
}

/// A listing or directory page keyed by what it is made from, before it is given a context:
/// made by [`Renderer::list_page`], rendered by [`Renderer::render_list_page`] when the build
/// cache does not hold its key.
pub struct KeyedListPage {
    /// The key the build cache knows the page by.
    pub key: Key,
    /// The page.
    page: listing::ListPage,
    /// Its rendition.
    rendition: Rendition,
}

impl Renderer {
    /// A digest of what a listing shows of each document in `rendition` (its entry: title,
    /// address, date, 索引号, 文号, 发布机构, validity and state), by document: what
    /// [`Renderer::list_page`] keys a listing's entries by, made once for all listings.
    pub fn entry_digests(&self, judged: Judged<'_>, rendition: Rendition) -> Vec<[u8; 16]> {
        use rayon::prelude::*;
        let cx = self.page_context(judged, rendition);
        (0..judged.site.docs.len())
            .into_par_iter()
            .map(|d| {
                let mut h = HashWriter(Sha256::new());
                let _ = serde_json::to_writer(&mut h, &cx.item(d));
                h.0.finalize()[..16].try_into().unwrap_or_default()
            })
            .collect()
    }

    /// Listing or directory page `job` in `rendition` with its key (`None` for any other job):
    /// a digest of the templates, `shared` ([`shared_digest`]: what every page's frame reads),
    /// the page's own view and the entries it lists (`entries`: [`Renderer::entry_digests`]).
    pub fn list_page(
        &self,
        judged: Judged<'_>,
        bodies: &[Option<RenderedBody>],
        (shared, entries): (&[u8; 32], &[[u8; 16]]),
        job: &PageJob,
        rendition: Rendition,
    ) -> Option<KeyedListPage> {
        let cx = self.page_context(judged, rendition);
        let page = cx.list_page(job, bodies)?;
        let mut h = HashWriter(Sha256::new());
        h.0.update(b"list page\0");
        h.0.update(self.fingerprint());
        h.0.update(shared);
        h.0.update(rendition.dir());
        h.0.update([0]);
        h.0.update(page.template());
        h.0.update([0]);
        serde_json::to_writer(&mut h, &page).ok()?;
        for &d in page.docs() {
            h.0.update(entries.get(d)?);
        }
        let digest = h.0.finalize();
        Some(KeyedListPage {
            key: Key(digest[..16].try_into().unwrap_or_default()),
            page,
            rendition,
        })
    }

    /// Renders a page made by [`Renderer::list_page`].
    pub fn render_list_page(
        &self,
        judged: Judged<'_>,
        keyed: KeyedListPage,
    ) -> Result<Vec<u8>, Diagnostic> {
        let cx = self.page_context(judged, keyed.rendition);
        let template = keyed.page.template();
        self.render_context(template, &keyed.page.context(&cx))
    }
}
