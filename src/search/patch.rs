//! Bringing a base segment up to date without tokenizing every document again: the shards of
//! the previous build are read back line by line, the postings of documents that changed or
//! went are dropped, every other document's id is moved to its id in this build, and the
//! tokens of the documents that changed or are new are added. The shards that come out are
//! those [`super::postings::Inverter`] makes from every document (same lines, same order, same
//! shard count), which the tests compare byte for byte.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::plain_text::shard_hash;
use super::postings::{assemble, line, DocTokens, Postings, CONT, LAST, PARTS};
use super::{prepare, Base, Indexed, SHARD_BYTES};
use crate::content::tree::Site;
use crate::markdown::RenderedBody;

/// What the build cache keeps of a build's search index (its base segment), for the next
/// build to bring up to date ([`super::SearchIndex::build_from`]).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct KeptIndex {
    /// Each id's document: its URL path and [`search_key`] (`None`: it is indexed anew).
    pub docs: Vec<(String, Option<[u8; 16]>)>,
    /// Each id's fragment hash.
    pub fragments: Vec<u64>,
    /// The shards.
    pub shards: Vec<Vec<u8>>,
}

/// A digest of everything the index and document `d`'s fragment take from it (its fields,
/// address and body as kept by the build cache), or `None` when its body is not in the build
/// cache: what the kept index and the page cache ([`super::fragment_key`]) know it by.
pub(crate) fn search_key(
    site: &Site,
    bodies: &[Option<RenderedBody>],
    d: usize,
) -> Option<[u8; 16]> {
    let body = bodies.get(d)?.as_ref()?.kept_digest()?;
    let doc = &site.docs[d];
    let m = &doc.source.meta;
    let mut hasher = Sha256::new();
    hasher.update(b"search document 1\0");
    hasher.update(body);
    let fields = [
        m.title.as_str(),
        m.index_no.as_deref().unwrap_or_default(),
        m.doc_no.as_deref().unwrap_or_default(),
        &m.issuer,
        m.summary.as_deref().unwrap_or_default(),
        &doc.path,
        &m.date.ymd(),
    ];
    for field in fields
        .iter()
        .copied()
        .chain(m.topics.iter().map(String::as_str))
    {
        hasher.update((field.len() as u64).to_le_bytes());
        hasher.update(field);
    }
    Some(hasher.finalize()[..16].try_into().unwrap_or_default())
}

/// The base segment of `order` ((id, document), the ids 0, 1, 2, … in order; `keys` the
/// documents' [`search_key`]s by id) made from `kept`: documents kept under the same address and key keep
/// their postings and fragment hash, the others are indexed anew. `None` when most documents
/// changed (indexing all is then as quick) or the kept shards do not read.
pub(crate) fn base_from(
    site: &Site,
    bodies: &[Option<RenderedBody>],
    order: &[(u32, usize)],
    keys: &[Option<[u8; 16]>],
    kept: &KeptIndex,
) -> Option<Base> {
    let old: HashMap<(&str, [u8; 16]), usize> = (kept.docs.iter().enumerate())
        .filter_map(|(id, (path, key))| Some(((path.as_str(), (*key)?), id)))
        .collect();
    let mut moved = vec![None; kept.docs.len()];
    let mut hashes = vec![None; order.len()];
    let mut todo = Vec::new();
    for (&(id, d), key) in order.iter().zip(keys) {
        let found = key.and_then(|k| old.get(&(site.docs[d].path.as_str(), k)));
        match found.and_then(|&o| Some((o, *kept.fragments.get(o)?))) {
            Some((o, hash)) => {
                moved[o] = Some(id);
                hashes[id as usize] = Some(hash);
            }
            None => todo.push((id, d)),
        }
    }
    // Indexing all is as quick when most documents changed, or when the kept index is much
    // larger than this one (its every shard is read).
    if todo.len() * 2 > order.len() || kept.docs.len() > 2 * order.len().max(1) {
        return None;
    }
    // Each fragment's bytes are let go at once: only its hash is kept.
    let indexed_anew: Vec<(u32, DocTokens, u64)> = (todo.par_iter())
        .map(|&(id, d)| {
            let p = prepare(site, bodies, d);
            (id, p.tokens, p.fragment.1)
        })
        .collect();
    let added: Vec<(u32, &DocTokens)> = (indexed_anew.iter())
        .map(|(id, tokens, _)| (*id, tokens))
        .collect();
    let shards = patch(&kept.shards, &moved, &added, SHARD_BYTES)?;
    for &(id, _, hash) in &indexed_anew {
        hashes[id as usize] = Some(hash);
    }
    let indexed = (order.iter().zip(hashes))
        .map(|(&(_, d), hash)| Some((hash?, super::entry::Record::of(&site.docs[d]))))
        .collect::<Option<Vec<Indexed>>>()?;
    Some((shards.into_iter().map(Arc::from).collect(), indexed))
}

/// The postings of one token: (document id, field), ids ascending.
type Entries = Vec<(u32, u8)>;

/// The shards of the previous build (`old`, each line's partition equal to its shard modulo
/// their count), brought up to date: `moved[old id]` is the document's id in this build, or
/// `None` when it changed or went; `added` are the tokens of the documents indexed anew, by
/// their id in this build. `target` is the shard size a full build aims at. `None` when a shard
/// does not read as one (the caller then builds the index anew).
pub(crate) fn patch(
    old: &[Vec<u8>],
    moved: &[Option<u32>],
    added: &[(u32, &DocTokens)],
    target: usize,
) -> Option<Vec<Vec<u8>>> {
    // A build writes at least one shard, and a power of two of them.
    let count = old.len();
    if !count.is_power_of_two() || count > PARTS {
        return None;
    }
    // The tokens of the added documents, by the old shard that holds (or would hold) them.
    let mut fresh: Vec<BTreeMap<String, (u16, Entries)>> = vec![BTreeMap::new(); count];
    for &(id, tokens) in added {
        tokens.each(|part, token, field| {
            let shard = part as usize % count;
            let entry = fresh[shard]
                .entry(token.to_string())
                .or_insert((part, Vec::new()));
            entry.1.push((id, field));
        });
    }
    let lines: Vec<Vec<(u16, Vec<u8>)>> = (old.par_iter().enumerate())
        .zip(fresh)
        .map(|((s, shard), mut fresh)| {
            let mut out = Vec::new();
            for l in shard.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                let tab = l.iter().position(|&b| b == b'\t')?;
                let token = std::str::from_utf8(&l[..tab]).ok()?;
                // A line in a shard that does not hold its token: not an index gongkai wrote.
                if partition(token) as usize % count != s {
                    return None;
                }
                let kept = decode(&l[tab + 1..])?;
                let part = partition(token);
                let same_id = |id: u32| moved.get(id as usize).copied().flatten() == Some(id);
                if !fresh.contains_key(token) && kept.iter().all(|&(id, _)| same_id(id)) {
                    // No document of this line moved or went, and none is added to it: the
                    // line as the indexer wrote it.
                    out.push((part, line(token, &l[tab + 1..])));
                    continue;
                }
                let entries: Entries = (kept.into_iter())
                    .filter_map(|(id, field)| Some((*moved.get(id as usize)?.as_ref()?, field)))
                    .collect();
                let entries = match fresh.remove(token) {
                    Some((_, new)) => merged(entries, new),
                    None => entries,
                };
                out.extend(encoded(token, part, entries));
            }
            for (token, (part, entries)) in fresh {
                out.extend(encoded(&token, part, entries));
            }
            Some(out)
        })
        .collect::<Option<_>>()?;
    Some(assemble(lines.into_iter().flatten(), None, target))
}

/// The partition of a token from its text (characters and bigrams are hashed by code point,
/// and words, being ASCII, have one byte per code point).
fn partition(token: &str) -> u16 {
    (shard_hash(token.chars().map(u32::from)) as usize & (PARTS - 1)) as u16
}

/// `kept` and `added` in one list, ids ascending when both are (documents keep their order
/// when they move, and are added in the order of their ids), without sorting them again.
fn merged(kept: Entries, added: Entries) -> Entries {
    let mut out = Vec::with_capacity(kept.len() + added.len());
    let (mut kept, mut added) = (kept.into_iter().peekable(), added.into_iter().peekable());
    while let (Some(k), Some(a)) = (kept.peek(), added.peek()) {
        let next = if a.0 < k.0 { added.next() } else { kept.next() };
        out.extend(next);
    }
    out.extend(kept);
    out.extend(added);
    out
}

/// The shard line of `token` holding `entries`, with its partition; `None` when no document
/// holds it any more.
fn encoded(token: &str, part: u16, mut entries: Entries) -> Option<(u16, Vec<u8>)> {
    if entries.is_empty() {
        return None;
    }
    if !entries.is_sorted_by_key(|e| e.0) {
        entries.sort_unstable_by_key(|e| e.0);
    }
    let mut postings = Postings::default();
    for (id, field) in entries {
        postings.push(id, field);
    }
    Some((part, line(token, &postings.bytes)))
}

/// The (id, field) pairs of a token's encoded postings (see [`super::postings`]).
fn decode(bytes: &[u8]) -> Option<Entries> {
    let digits = digit_values();
    let mut out = Vec::new();
    let (mut n, mut next, mut open) = (0u64, 0u64, false);
    for &b in bytes {
        let (value, last) = digits[usize::from(b)]?;
        n = n.checked_mul(32)? + u64::from(value);
        open = !last;
        if last {
            let id = next + n / 3;
            out.push((u32::try_from(id).ok()?, (n % 3) as u8));
            (n, next) = (0, id + 1);
        }
    }
    (!open).then_some(out)
}

/// Each byte's value as a digit of the postings' numbers and whether it ends a number (`None`:
/// not a digit).
fn digit_values() -> &'static [Option<(u8, bool)>; 256] {
    static DIGITS: std::sync::OnceLock<[Option<(u8, bool)>; 256]> = std::sync::OnceLock::new();
    DIGITS.get_or_init(|| {
        let mut table = [None; 256];
        for (value, &b) in LAST.iter().enumerate() {
            table[usize::from(b)] = Some((value as u8, true));
        }
        for (value, &b) in CONT.iter().enumerate() {
            table[usize::from(b)] = Some((value as u8, false));
        }
        table
    })
}

#[cfg(test)]
mod tests {
    use super::super::postings::{doc_tokens, Inverter, BODY, META, TITLE};
    use super::*;

    fn shards(docs: &[(u32, &DocTokens)], count: Option<usize>, target: usize) -> Vec<Vec<u8>> {
        let mut inverter = Inverter::new();
        inverter.add(docs);
        inverter.finish(count, target)
    }

    #[test]
    fn merged_postings_keep_ids_ascending() {
        let kept = vec![(1, 0), (4, 2), (9, 1)];
        let added = vec![(0, 1), (5, 0), (12, 2)];
        let mut sorted = [kept.clone(), added.clone()].concat();
        sorted.sort_unstable_by_key(|e| e.0);
        assert_eq!(merged(kept.clone(), added), sorted);
        assert_eq!(merged(kept.clone(), Vec::new()), kept);
    }

    #[test]
    fn postings_read_back_as_written() {
        let mut p = Postings::default();
        for (id, field) in [(0, 2), (1, 0), (40, 1), (100_000, 0)] {
            p.push(id, field);
        }
        assert_eq!(
            decode(&p.bytes),
            Some(vec![(0, 2), (1, 0), (40, 1), (100_000, 0)])
        );
        assert_eq!(decode(b"A"), None, "a number cut short");
        assert_eq!(decode(b"0\t"), None, "a byte that is no digit");
    }

    #[test]
    fn a_patched_index_is_the_index_built_anew() {
        let texts: Vec<String> = (0..40)
            .map(|i| format!("关于第{i}号文件的通知 民政 养老服务 2021 test{}", i % 7))
            .collect();
        let tokens: Vec<DocTokens> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| doc_tokens(&[(&format!("标题{i}"), TITLE), ("民政局", META), (t, BODY)]))
            .collect();
        let all: Vec<(u32, &DocTokens)> = (0..40).map(|i| (i as u32, &tokens[i])).collect();
        let target = 300;
        let old = shards(&all, None, target);
        assert!(old.len() > 1, "the test needs several shards");
        // Document 5 goes, document 12 is edited, a new document comes first: every other id
        // moves one place (new id 0), the edited one keeps its place among them.
        let edited = doc_tokens(&[
            ("标题12", TITLE),
            ("民政局", META),
            ("全新的正文 殡葬", BODY),
        ]);
        let new = doc_tokens(&[("新文件", TITLE), ("财政局", META), ("预算 公开", BODY)]);
        let mut now: Vec<(u32, &DocTokens)> = vec![(0, &new)];
        let mut moved = vec![None; 40];
        for old_id in (0..40u32).filter(|&i| i != 5) {
            let id = now.len() as u32;
            if old_id == 12 {
                now.push((id, &edited));
            } else {
                now.push((id, &tokens[old_id as usize]));
                moved[old_id as usize] = Some(id);
            }
        }
        let added: Vec<(u32, &DocTokens)> = vec![(0, &new), (12, &edited)];
        let patched = patch(&old, &moved, &added, target).unwrap();
        assert_eq!(patched, shards(&now, None, target));
        // Shards no build writes are refused: none at all, three, a line in the wrong shard.
        assert_eq!(patch(&[], &moved, &added, target), None);
        assert_eq!(
            patch(&vec![old[0].clone(); 3], &moved, &added, target),
            None
        );
        let mut swapped = old.clone();
        swapped.swap(0, 1);
        assert_eq!(patch(&swapped, &moved, &added, target), None);
        // Nothing changed: the same shards.
        let same: Vec<Option<u32>> = (0..40).map(Some).collect();
        let kept = patch(&old, &same, &[], target).unwrap();
        assert_eq!(kept, old);
    }
}
