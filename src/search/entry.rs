//! The entry file `search/index.json`: what a query needs before any shard — the shard counts
//! and segment hashes (in the URLs of the other files), and one record per document id with the
//! date, 发布机构 and 主题分类 the filters and the date order use.
//!
//! `docs` packs the records id after id as [`push_varint`] numbers: a dead id is `0`; a live
//! one is the issuer code (index in `issuers` plus one), the date `YYYYMMDD` as the zigzag
//! difference from the previous live record's date, the number of topics and each topic's
//! index in `topics`.

use std::collections::{BTreeSet, HashMap};
use std::hash::Hasher;
use std::sync::Arc;

use serde::Serialize;

use super::postings::{push_varint, FastHasher};
use crate::content::tree::Doc;

/// What the entry says of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    /// 发布日期 as `YYYYMMDD`.
    ymd: i64,
    /// 发布机构
    issuer: String,
    /// 主题分类
    topics: Vec<String>,
}

impl Record {
    /// The record of a document.
    pub(crate) fn of(doc: &Doc) -> Record {
        let m = &doc.source.meta;
        let d = m.date.local.date();
        Record {
            ymd: i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day()),
            issuer: m.issuer.clone(),
            topics: m.topics.clone(),
        }
    }
}

/// The 发布机构 and 主题分类 names the records refer to by index.
#[derive(Debug, Default, Clone)]
pub(crate) struct Names {
    /// 发布机构 names.
    pub(crate) issuers: Vec<String>,
    /// 主题分类 names.
    pub(crate) topics: Vec<String>,
}

impl Names {
    /// The names of a site's documents, each list sorted.
    pub(crate) fn of(site: &crate::content::tree::Site) -> Names {
        let mut issuers = BTreeSet::new();
        let mut topics = BTreeSet::new();
        for doc in &site.docs {
            issuers.insert(doc.source.meta.issuer.as_str());
            topics.extend(doc.source.meta.topics.iter().map(String::as_str));
        }
        Names {
            issuers: issuers.into_iter().map(str::to_string).collect(),
            topics: topics.into_iter().map(str::to_string).collect(),
        }
    }

    /// Adds, at the end, the names of `records` not listed yet (codes already given stay).
    pub(crate) fn extend(&mut self, records: &[Option<Record>]) {
        for r in records.iter().flatten() {
            if !self.issuers.contains(&r.issuer) {
                self.issuers.push(r.issuer.clone());
            }
            for t in &r.topics {
                if !self.topics.contains(t) {
                    self.topics.push(t.clone());
                }
            }
        }
    }

    /// The records packed as described in the module documentation.
    pub(crate) fn pack(&self, records: &[Option<Record>]) -> String {
        let issuer: HashMap<&str, u64> = self
            .issuers
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i as u64 + 1))
            .collect();
        let topic: HashMap<&str, u64> = self
            .topics
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i as u64))
            .collect();
        let mut out = Vec::with_capacity(records.len() * 5);
        let mut prev = 0i64;
        for r in records {
            let Some(r) = r else {
                push_varint(&mut out, 0);
                continue;
            };
            push_varint(
                &mut out,
                issuer.get(r.issuer.as_str()).copied().unwrap_or(0),
            );
            let delta = r.ymd - prev;
            push_varint(&mut out, ((delta << 1) ^ (delta >> 63)) as u64);
            prev = r.ymd;
            push_varint(&mut out, r.topics.len() as u64);
            for t in &r.topics {
                push_varint(&mut out, topic.get(t.as_str()).copied().unwrap_or(0));
            }
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

/// The entry file's JSON.
#[derive(Serialize)]
pub(crate) struct IndexEntry<'a> {
    /// Format version.
    pub(crate) v: u32,
    /// Number of document ids (dead ones included).
    pub(crate) n: usize,
    /// Ids below this are in the base segment, the others in the delta.
    pub(crate) base: u32,
    /// Number of base shards (`search/b/N.txt`), a power of two.
    pub(crate) shards: usize,
    /// Hash of the base segment, in the URLs of its shards and fragments (`?v=`).
    pub(crate) gen: String,
    /// Number of delta shards (`search/d/N.txt`), 0 when there is no delta.
    pub(crate) dshards: usize,
    /// Hash of the delta segment.
    pub(crate) dgen: String,
    /// 发布机构 names.
    pub(crate) issuers: &'a [String],
    /// 主题分类 names.
    pub(crate) topics: &'a [String],
    /// The packed records.
    pub(crate) docs: String,
}

impl IndexEntry<'_> {
    /// The file's bytes.
    pub(crate) fn to_bytes(&self) -> Arc<[u8]> {
        serde_json::to_vec(self).unwrap_or_default().into()
    }
}

/// A running hash of numbers.
#[derive(Default)]
pub(crate) struct Hash(FastHasher);

impl Hash {
    /// Adds a number.
    pub(crate) fn add(&mut self, n: u64) {
        self.0.write_u64(n);
    }

    /// The hash.
    pub(crate) fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// A fast 64-bit hash of bytes (not cryptographic: it tells versions of a file apart).
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = Hash::default();
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
    }
    for &b in chunks.remainder() {
        h.add(u64::from(b));
    }
    h.add(bytes.len() as u64);
    h.finish()
}
