//! Site search (REQUIREMENTS A7): a sharded full-text index under `search/`, read by the theme's
//! `search.js`, so that a query downloads only what it needs however large the site.
//!
//! - `search/index.json`, the entry: shard counts, the 发布机构 and 主题分类 names, and one packed
//!   record per document id (date, issuer, topics) for the filters and the date order.
//! - `search/b/N.txt`, the base segment's shards: each token (words, single characters and
//!   character bigrams, see [`text`]) with its postings (see [`postings`]), sharded by the
//!   token's hash. A query fetches the shard of each of its tokens.
//! - `search/f/N.json`, one fragment per document: its fields and full text, fetched for the
//!   results shown (to confirm that the query occurs as written and to cut the excerpt).
//! - `search/d/N.txt`, the delta segment: documents edited, added or renamed in watch mode since
//!   the full build, indexed alone so that an update rewrites a few small files. An edited base
//!   document gets a new id in the delta and its base id is marked dead in the entry.
//!
//! A one-shot `gongkai build` does not index every document again: the build cache keeps the
//! base segment ([`KeptIndex`]) and the next build patches it ([`SearchIndex::build_from`], see
//! `patch.rs`) into the very files a build from nothing writes. The delta segment is watch
//! mode's alone.
//!
//! No segmenter: the browser matches bigrams of the query (CRATES.md). `themes/gov/README.md`
//! documents the files for theme authors.

mod entry;
mod patch;
mod plain_text;
mod postings;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::tree::Site;
use crate::markdown::RenderedBody;
pub use patch::KeptIndex;
use postings::{DocTokens, Inverter};

/// Output path of the entry file.
pub const INDEX_PATH: &str = "search/index.json";

/// Characters of the excerpt shown under a result when the query is not in the body.
const EXCERPT_CHARS: usize = 200;
/// Bytes of a base shard the build aims at (a two-character query fetches one shard).
const SHARD_BYTES: usize = 40_000;
/// Documents tokenized at once (bounds the memory the tokens of a build take).
const CHUNK_DOCS: usize = 1024;
/// Live documents in the delta segment above which an update rebuilds the whole index.
const MAX_DELTA: usize = 256;

/// The search index of a site: built once with [`SearchIndex::build`], kept up to date in watch
/// mode with [`SearchIndex::update`]; [`SearchIndex::files`] lists what to write.
pub struct SearchIndex {
    /// Id of each document, by URL path.
    ids: HashMap<String, u32>,
    /// What the entry says of each id (`None`: a dead id).
    records: Vec<Option<entry::Record>>,
    /// Ids below this are in the base segment.
    base: u32,
    /// The base segment's shards.
    base_shards: Vec<Arc<[u8]>>,
    /// The [`patch::search_key`] of each id of the base segment.
    base_keys: Vec<Option<[u8; 16]>>,
    /// Hash of the base segment (shards and fragments), in the URLs of its files.
    base_gen: u64,
    /// Tokens of the live documents of the delta segment.
    delta: BTreeMap<u32, DocTokens>,
    /// The delta segment's shards (empty when the delta is).
    delta_shards: Vec<Arc<[u8]>>,
    /// Hash of the delta segment.
    delta_gen: u64,
    /// Hash of the fragment of each live id. The fragments themselves are made again when
    /// they are written ([`fragment`]): at 100,000 documents they are 600 MB.
    fragments: BTreeMap<u32, u64>,
    /// 发布机构 and 主题分类 names, in the order of their codes in the records.
    names: entry::Names,
    /// The entry file.
    entry: Arc<[u8]>,
}

/// What an update changed: files to write and files to delete (paths relative to the output).
#[derive(Debug, Default)]
pub struct SearchChanges {
    /// New or changed files.
    pub written: Vec<(String, Arc<[u8]>)>,
    /// Files that no longer exist.
    pub removed: Vec<String>,
}

/// One document's fragment (`search/f/N.json`). Short keys; `themes/gov/README.md` lists them.
#[derive(Serialize)]
struct Fragment<'a> {
    /// 标题
    t: &'a str,
    /// URL path without the site root (`xxgk/zcwj/a/`)
    u: &'a str,
    /// 索引号
    i: &'a str,
    /// 文号
    n: &'a str,
    /// 发布机构
    o: &'a str,
    /// 发布日期 `2021-01-19`
    d: String,
    /// 主题分类
    c: &'a [String],
    /// excerpt: 内容概述, else the first paragraph
    e: String,
    /// the whole body text
    x: &'a str,
}

/// A document ready to index: its tokens, fragment and record.
struct Prepared {
    tokens: DocTokens,
    fragment: (Arc<[u8]>, u64),
    record: entry::Record,
}

/// The plain text of document `d`'s rendered body.
fn body_text(bodies: &[Option<RenderedBody>], d: usize) -> String {
    let body = bodies.get(d).and_then(|b| b.as_ref());
    body.map(|b| plain_text::plain_text(&b.html()))
        .unwrap_or_default()
}

/// The build cache's key of document `d`'s fragment (`search/f/N.json`), made of all the
/// fragment shows ([`patch::search_key`]); `None` when its body is not in the build cache.
pub fn fragment_key(
    site: &Site,
    bodies: &[Option<RenderedBody>],
    d: usize,
) -> Option<crate::output::Key> {
    patch::search_key(site, bodies, d).map(crate::output::Key)
}

/// The fragment of document `d` (`search/f/N.json`): its fields and whole text.
pub fn fragment(site: &Site, bodies: &[Option<RenderedBody>], d: usize) -> Arc<[u8]> {
    fragment_of(site, bodies, d, &body_text(bodies, d)).into()
}

fn fragment_of(site: &Site, bodies: &[Option<RenderedBody>], d: usize, text: &str) -> Vec<u8> {
    let doc = &site.docs[d];
    let m = &doc.source.meta;
    let summary = m.summary.as_deref().map(str::trim).unwrap_or_default();
    let excerpt = Some(summary)
        .filter(|s| !s.is_empty())
        .or_else(|| {
            bodies
                .get(d)
                .and_then(|b| b.as_ref())
                .map(|b| b.first_paragraph.trim())
                .filter(|s| !s.is_empty())
        })
        .unwrap_or(text);
    let fragment = Fragment {
        t: &m.title,
        u: &doc.path,
        i: m.index_no.as_deref().unwrap_or_default(),
        n: m.doc_no.as_deref().unwrap_or_default(),
        o: &m.issuer,
        d: m.date.ymd(),
        c: &m.topics,
        e: plain_text::truncate(excerpt, EXCERPT_CHARS),
        x: text,
    };
    serde_json::to_vec(&fragment).unwrap_or_else(|_| b"{}".to_vec())
}

fn prepare(site: &Site, bodies: &[Option<RenderedBody>], d: usize) -> Prepared {
    let doc = &site.docs[d];
    let m = &doc.source.meta;
    let text = body_text(bodies, d);
    let summary = m.summary.as_deref().map(str::trim).unwrap_or_default();
    let index_no = m.index_no.as_deref().unwrap_or_default();
    let doc_no = m.doc_no.as_deref().unwrap_or_default();
    let mut meta = format!("{index_no} {doc_no} {}", m.issuer);
    for t in &m.topics {
        meta.push(' ');
        meta.push_str(t);
    }
    let tokens = postings::doc_tokens(&[
        (&m.title, postings::TITLE),
        (&meta, postings::META),
        (summary, postings::BODY),
        (&text, postings::BODY),
    ]);
    let bytes = fragment_of(site, bodies, d, &text);
    let hash = entry::hash_bytes(&bytes);
    Prepared {
        tokens,
        fragment: (bytes.into(), hash),
        record: entry::Record::of(doc),
    }
}

/// Documents newest first (ties by URL): the order of ids in a full build.
fn newest_first(site: &Site) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.docs.len()).collect();
    order.sort_by(|&a, &b| {
        let (da, db) = (&site.docs[a], &site.docs[b]);
        db.source
            .meta
            .date
            .cmp(&da.source.meta.date)
            .then_with(|| da.path.cmp(&db.path))
    });
    order
}

/// What the index keeps of a document of the base segment: its fragment's hash and its record.
type Indexed = (u64, entry::Record);

/// A base segment: its shards, and what it keeps of each id's document.
type Base = (Vec<Arc<[u8]>>, Vec<Indexed>);

/// Indexes `docs` ((id, document index), ids ascending) into the base segment: its shards, and
/// each document's fragment hash and record (its tokens and fragment are dropped once used).
fn index_base(site: &Site, bodies: &[Option<RenderedBody>], docs: &[(u32, usize)]) -> Base {
    let mut inverter = Inverter::new();
    let mut prepared = Vec::with_capacity(docs.len());
    for chunk in docs.chunks(CHUNK_DOCS) {
        let batch: Vec<Prepared> = chunk
            .par_iter()
            .map(|&(_, d)| prepare(site, bodies, d))
            .collect();
        let pairs: Vec<(u32, &DocTokens)> = chunk
            .iter()
            .zip(&batch)
            .map(|(&(id, _), p)| (id, &p.tokens))
            .collect();
        inverter.add(&pairs);
        prepared.extend(batch.into_iter().map(|p| (p.fragment.1, p.record)));
    }
    let files = inverter
        .finish(None, SHARD_BYTES)
        .into_iter()
        .map(Arc::from)
        .collect();
    (files, prepared)
}

fn base_path(s: usize) -> String {
    format!("search/b/{s}.txt")
}

fn delta_path(s: usize) -> String {
    format!("search/d/{s}.txt")
}

/// The fragment file of `id` in an index whose base segment holds the ids below `base`. Base
/// ids count from the newest document, so their files are numbered from the other end, oldest
/// first (`base - 1 - id`): publishing a new document as the newest (which moves every id by one)
/// then renames no fragment, and an unchanged fragment is left as it is; a document placed among
/// older ones (back-dated, deleted, date changed) renames only the fragments of the newer ones.
/// Delta ids (watch mode) are `base` and above, and keep their number.
fn fragment_path(id: u32, base: u32) -> String {
    let number = if id < base { base - 1 - id } else { id };
    format!("search/f/{number}.json")
}

impl SearchIndex {
    /// Indexes every document of `site` (`bodies` indexed like `site.docs`): ids newest first.
    pub fn build(site: &Site, bodies: &[Option<RenderedBody>]) -> SearchIndex {
        SearchIndex::build_from(site, bodies, None)
    }

    /// [`SearchIndex::build`], taking what did not change from the index a previous build
    /// kept ([`SearchIndex::kept`]): only the documents edited, added or moved since are
    /// tokenized. The files are those a build from nothing makes.
    pub fn build_from(
        site: &Site,
        bodies: &[Option<RenderedBody>],
        previous: Option<&KeptIndex>,
    ) -> SearchIndex {
        let order: Vec<(u32, usize)> = newest_first(site)
            .into_iter()
            .enumerate()
            .map(|(id, d)| (id as u32, d))
            .collect();
        let base_keys: Vec<Option<[u8; 16]>> = (order.par_iter())
            .map(|&(_, d)| patch::search_key(site, bodies, d))
            .collect();
        let patched = previous.and_then(|p| patch::base_from(site, bodies, &order, &base_keys, p));
        let (base_shards, prepared) = patched.unwrap_or_else(|| index_base(site, bodies, &order));
        let names = entry::Names::of(site);
        let mut index = SearchIndex {
            ids: order
                .iter()
                .map(|&(id, d)| (site.docs[d].path.clone(), id))
                .collect(),
            records: Vec::with_capacity(order.len()),
            base: order.len() as u32,
            base_shards,
            base_keys,
            base_gen: 0,
            delta: BTreeMap::new(),
            delta_shards: Vec::new(),
            delta_gen: 0,
            fragments: BTreeMap::new(),
            names,
            entry: Arc::from(&b""[..]),
        };
        for (id, (hash, record)) in prepared.into_iter().enumerate() {
            index.records.push(Some(record));
            index.fragments.insert(id as u32, hash);
        }
        index.base_gen = index.segment_hash(&index.base_shards, ..index.base);
        index.entry = index.entry_file();
        index
    }

    /// What the build cache keeps of the base segment, for [`SearchIndex::build_from`].
    pub fn kept(&self) -> KeptIndex {
        let mut docs = vec![(String::new(), None); self.base as usize];
        for (path, &id) in &self.ids {
            let live = self.records.get(id as usize).is_some_and(Option::is_some);
            if let (Some(doc), true) = (docs.get_mut(id as usize), live) {
                *doc = (
                    path.clone(),
                    self.base_keys.get(id as usize).copied().flatten(),
                );
            }
        }
        KeptIndex {
            docs,
            fragments: (0..self.base)
                .map(|id| self.fragments.get(&id).copied().unwrap_or_default())
                .collect(),
            shards: self.base_shards.iter().map(|s| s.to_vec()).collect(),
        }
    }

    /// The files of the index but the fragments: (path relative to the output folder, bytes).
    /// The fragments are [`SearchIndex::fragment_files`].
    pub fn files(&self) -> Vec<(String, Arc<[u8]>)> {
        let mut out = vec![(INDEX_PATH.to_string(), self.entry.clone())];
        out.extend(
            self.base_shards
                .iter()
                .enumerate()
                .map(|(s, b)| (base_path(s), b.clone())),
        );
        out.extend(
            self.delta_shards
                .iter()
                .enumerate()
                .map(|(s, b)| (delta_path(s), b.clone())),
        );
        out
    }

    /// The fragment file of each document of `site` that the index holds: (path relative to
    /// the output folder, document index). [`fragment`] makes its bytes.
    pub fn fragment_files(&self, site: &Site) -> Vec<(String, usize)> {
        site.docs
            .iter()
            .enumerate()
            .filter_map(|(d, doc)| Some((fragment_path(*self.ids.get(&doc.path)?, self.base), d)))
            .collect()
    }

    /// Every file of the index, fragments made: (path relative to the output folder, bytes).
    pub fn all_files(
        &self,
        site: &Site,
        bodies: &[Option<RenderedBody>],
    ) -> Vec<(String, Arc<[u8]>)> {
        let mut files = self.files();
        let fragments: Vec<(String, Arc<[u8]>)> = self
            .fragment_files(site)
            .into_par_iter()
            .map(|(path, d)| (path, fragment(site, bodies, d)))
            .collect();
        files.extend(fragments);
        files
    }

    /// Brings the index up to date with `site` after the documents `changed` (indices into
    /// `site.docs`) were edited; documents that appeared (new or renamed) or disappeared are
    /// found by their URL. Only the delta segment, the entry and the fragments of those
    /// documents are rewritten; when the delta holds more than [`MAX_DELTA`] documents, the
    /// whole index is rebuilt instead.
    pub fn update(
        &mut self,
        site: &Site,
        bodies: &[Option<RenderedBody>],
        changed: &[usize],
    ) -> SearchChanges {
        let mut changes = SearchChanges::default();
        let now: HashMap<&str, usize> = site
            .docs
            .iter()
            .enumerate()
            .map(|(d, doc)| (doc.path.as_str(), d))
            .collect();
        let gone: Vec<String> = self
            .ids
            .keys()
            .filter(|path| !now.contains_key(path.as_str()))
            .cloned()
            .collect();
        for path in gone {
            if let Some(id) = self.ids.remove(&path) {
                self.kill(id, &mut changes);
            }
        }
        // Documents to (re)index: the edited ones and those without an id.
        let mut todo: Vec<usize> = changed
            .iter()
            .copied()
            .filter(|&d| d < site.docs.len())
            .collect();
        todo.extend((0..site.docs.len()).filter(|&d| !self.ids.contains_key(&site.docs[d].path)));
        todo.sort_unstable();
        todo.dedup();
        let mut placed: Vec<(u32, usize)> = Vec::with_capacity(todo.len());
        for d in todo {
            let path = &site.docs[d].path;
            let id = match self.ids.get(path) {
                Some(&id) if id >= self.base => id,
                old => {
                    if let Some(&old) = old {
                        self.kill(old, &mut changes);
                    }
                    self.records.push(None);
                    (self.records.len() - 1) as u32
                }
            };
            self.ids.insert(path.clone(), id);
            placed.push((id, d));
        }
        let fresh: Vec<(u32, Prepared)> = placed
            .par_iter()
            .map(|&(id, d)| (id, prepare(site, bodies, d)))
            .collect();
        for (id, p) in fresh {
            self.records[id as usize] = Some(p.record);
            if self.fragments.get(&id) != Some(&p.fragment.1) {
                changes
                    .written
                    .push((fragment_path(id, self.base), p.fragment.0));
            }
            self.fragments.insert(id, p.fragment.1);
            self.delta.insert(id, p.tokens);
        }
        if self.delta.len() > MAX_DELTA {
            let old: Vec<String> = self
                .files()
                .into_iter()
                .map(|(p, _)| p)
                .chain(
                    self.fragments
                        .keys()
                        .map(|&id| fragment_path(id, self.base)),
                )
                .collect();
            *self = SearchIndex::build(site, bodies);
            let files = self.all_files(site, bodies);
            let new: std::collections::HashSet<&str> = files.iter().map(|f| f.0.as_str()).collect();
            changes.removed = old
                .into_iter()
                .filter(|p| !new.contains(p.as_str()))
                .collect();
            changes.written = files;
            return changes;
        }
        let old_delta = std::mem::take(&mut self.delta_shards);
        self.names.extend(&self.records);
        self.reindex_delta();
        for (s, bytes) in self.delta_shards.iter().enumerate() {
            if old_delta.get(s) != Some(bytes) {
                changes.written.push((delta_path(s), bytes.clone()));
            }
        }
        changes
            .removed
            .extend((self.delta_shards.len()..old_delta.len()).map(delta_path));
        let entry = self.entry_file();
        if entry != self.entry {
            self.entry = entry;
            changes
                .written
                .push((INDEX_PATH.to_string(), self.entry.clone()));
        }
        changes
            .removed
            .retain(|p| !changes.written.iter().any(|w| &w.0 == p));
        changes
    }

    /// Marks `id` dead: its fragment goes, and its postings are ignored from now on.
    fn kill(&mut self, id: u32, changes: &mut SearchChanges) {
        if let Some(slot) = self.records.get_mut(id as usize) {
            *slot = None;
        }
        if self.fragments.remove(&id).is_some() {
            changes.removed.push(fragment_path(id, self.base));
        }
        self.delta.remove(&id);
    }

    /// Re-encodes the delta segment from the tokens it holds.
    fn reindex_delta(&mut self) {
        if self.delta.is_empty() {
            self.delta_shards.clear();
            self.delta_gen = 0;
            return;
        }
        let count = (self.base_shards.len() / 8).max(1);
        let mut inverter = Inverter::new();
        let docs: Vec<(u32, &DocTokens)> = self.delta.iter().map(|(&id, t)| (id, t)).collect();
        inverter.add(&docs);
        self.delta_shards = inverter
            .finish(Some(count), SHARD_BYTES)
            .into_iter()
            .map(Arc::from)
            .collect();
        self.delta_gen = self.segment_hash(&self.delta_shards, self.base..);
    }

    /// A hash of a segment's shards and of the fragments of the ids in `ids`.
    fn segment_hash(&self, shards: &[Arc<[u8]>], ids: impl std::ops::RangeBounds<u32>) -> u64 {
        let shard_hashes: Vec<u64> = shards.par_iter().map(|s| entry::hash_bytes(s)).collect();
        let mut h = entry::Hash::default();
        for s in shard_hashes {
            h.add(s);
        }
        for (&id, fh) in self.fragments.range(ids) {
            h.add(u64::from(id));
            h.add(*fh);
        }
        h.finish()
    }

    /// The entry file for the current state.
    fn entry_file(&self) -> Arc<[u8]> {
        entry::IndexEntry {
            v: 3,
            n: self.records.len(),
            base: self.base,
            shards: self.base_shards.len(),
            gen: format!("{:016x}", self.base_gen),
            dshards: self.delta_shards.len(),
            dgen: format!("{:016x}", self.delta_gen),
            issuers: &self.names.issuers,
            topics: &self.names.topics,
            docs: self.names.pack(&self.records),
        }
        .to_bytes()
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
