//! The inverted index of one segment: every token of the documents with the list of documents
//! holding it (its postings), cut into shards by the token's hash.
//!
//! A shard is a text file of lines `TOKEN<TAB>POSTINGS<LF>`, sorted by token. POSTINGS is a run of
//! [`push_varint`] numbers, one per document in ascending id order: `gap * 3 + field`, where
//! `gap` is the id minus the previous id minus one (the first id counts from -1) and `field` is
//! where the token occurs at best (2 title, 1 索引号/文号/发布机构/主题分类, 0 body).
//!
//! Building is parallel twice over: documents are tokenized in parallel (chunk by chunk, so only
//! a chunk's tokens are held at once), and their postings are appended in parallel by groups of
//! hash partitions. Output is the same whatever the number of threads.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::plain_text::{self, Token};

/// Hash partitions: a shard is the union of the partitions equal to it modulo the shard count,
/// which is a power of two no greater than this.
pub(crate) const PARTS: usize = 1024;
/// Partitions appended to by one task.
const GROUP_PARTS: usize = 16;
/// Bits of an entry: partition (10), key (44: see [`Token::key`]), field (2).
const PART_SHIFT: u32 = 46;

/// Where a token occurs at best: the body.
pub(crate) const BODY: u8 = 0;
/// … 索引号, 文号, 发布机构 or 主题分类.
pub(crate) const META: u8 = 1;
/// … the title.
pub(crate) const TITLE: u8 = 2;

/// Digits that end a number (`0`–`9`, `a`–`v`: 0–31).
pub(crate) const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
/// Digits that another digit follows (`A`–`Z`, `w`–`z`, `+`, `/`: 0–31).
pub(crate) const CONT: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz+/";

/// Appends `n` in base 32, most significant digit first, the last digit from [`LAST`] and the
/// others from [`CONT`]: numbers below 32 take one character.
pub(crate) fn push_varint(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 13];
    let mut i = buf.len() - 1;
    buf[i] = LAST[(n & 31) as usize];
    n >>= 5;
    while n > 0 {
        i -= 1;
        buf[i] = CONT[(n & 31) as usize];
        n >>= 5;
    }
    out.extend_from_slice(&buf[i..]);
}

/// A multiply-rotate hasher for the maps of this module (keys are already well spread; the
/// standard SipHash would dominate the build).
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517C_C1B7_2722_0A95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// One document's tokens, each once with its best field.
#[derive(Debug, Default, Clone)]
pub(crate) struct DocTokens {
    /// Character tokens as `partition << 46 | key << 2 | field`, sorted.
    chars: Vec<u64>,
    /// Words as (partition, word, field), sorted.
    words: Vec<(u16, Box<str>, u8)>,
    /// Where each group's entries start in `chars` and in `words` (and the last group's end).
    groups: Vec<(u32, u32)>,
}

impl DocTokens {
    /// Calls `f` with each token: its partition, text and best field.
    pub(crate) fn each(&self, mut f: impl FnMut(u16, &str, u8)) {
        let mut text = String::new();
        for &e in &self.chars {
            text.clear();
            plain_text::key_text(e >> 2, &mut text);
            f((e >> PART_SHIFT) as u16, &text, (e & 3) as u8);
        }
        for (part, word, field) in &self.words {
            f(*part, word, *field);
        }
    }
}

/// Character tokens already seen in the document being tokenized: single characters of the
/// Basic Multilingual Plane in a bit set, the others in an open-addressing table (both kept
/// between documents for their capacity).
#[derive(Default)]
struct Seen {
    bits: Vec<u64>,
    touched: Vec<usize>,
    table: Vec<u64>,
    /// Slots of `table` in use.
    used: Vec<usize>,
}

impl Seen {
    /// Whether `key` (never 0) is new; from now on it is seen.
    #[inline]
    fn insert(&mut self, key: u64) -> bool {
        if key >> 42 == 1 && key & 0x1F_FFFF < 0x1_0000 {
            let (word, bit) = ((key & 0xFFFF) as usize >> 6, 1u64 << (key & 63));
            let old = self.bits[word];
            if old & bit != 0 {
                return false;
            }
            if old == 0 {
                self.touched.push(word);
            }
            self.bits[word] = old | bit;
            return true;
        }
        if 2 * (self.used.len() + 1) > self.table.len() {
            self.grow();
        }
        let mask = self.table.len() - 1;
        let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask;
        loop {
            match self.table[i] {
                0 => {
                    self.table[i] = key;
                    self.used.push(i);
                    return true;
                }
                k if k == key => return false,
                _ => i = (i + 1) & mask,
            }
        }
    }

    fn grow(&mut self) {
        let size = (self.table.len() * 2).max(4096);
        let old = std::mem::replace(&mut self.table, vec![0; size]);
        self.used.clear();
        for k in old.into_iter().filter(|&k| k != 0) {
            self.insert(k);
        }
    }

    fn clear(&mut self) {
        if self.bits.is_empty() {
            self.bits = vec![0; 1024];
        }
        for w in self.touched.drain(..) {
            self.bits[w] = 0;
        }
        for i in self.used.drain(..) {
            self.table[i] = 0;
        }
    }
}

thread_local! {
    static SEEN: std::cell::RefCell<Seen> = Default::default();
}

/// The tokens of a document from its parts, best field first (title, then metadata, then body
/// texts): a token keeps the field of its first occurrence.
pub(crate) fn doc_tokens(parts: &[(&str, u8)]) -> DocTokens {
    let chars_hint: usize = parts.iter().map(|p| p.0.len()).sum::<usize>() / 8;
    let mut chars = Vec::with_capacity(chars_hint);
    // Words: (partition, range in `text`, field).
    let mut text = String::new();
    let mut words: Vec<(u16, u32, u32, u8)> = Vec::new();
    SEEN.with_borrow_mut(|seen| {
        seen.clear();
        for &(part_text, field) in parts {
            plain_text::tokens(part_text, |t| match t {
                Token::Word(w) => {
                    let start = text.len() as u32;
                    text.push_str(w);
                    let part = (t.hash() as usize & (PARTS - 1)) as u16;
                    words.push((part, start, text.len() as u32, field));
                }
                _ => {
                    let key = t.key();
                    if seen.insert(key) {
                        let part = t.hash() as u64 & (PARTS as u64 - 1);
                        chars.push((part << PART_SHIFT) | (key << 2) | u64::from(field));
                    }
                }
            });
        }
    });
    chars.sort_unstable();
    // Words: sorted by partition and word, the best field (the first occurrence) kept.
    let word = |w: &(u16, u32, u32, u8)| &text[w.1 as usize..w.2 as usize];
    words.sort_by(|a, b| (a.0, word(a)).cmp(&(b.0, word(b))).then(b.3.cmp(&a.3)));
    words.dedup_by(|later, kept| later.0 == kept.0 && word(later) == word(kept));
    let words: Vec<(u16, Box<str>, u8)> =
        words.iter().map(|w| (w.0, word(w).into(), w.3)).collect();
    let (mut c, mut w) = (0, 0);
    let groups = (0..=PARTS / GROUP_PARTS)
        .map(|g| {
            let lo = (g * GROUP_PARTS) as u64;
            while c < chars.len() && chars[c] >> PART_SHIFT < lo {
                c += 1;
            }
            while w < words.len() && u64::from(words[w].0) < lo {
                w += 1;
            }
            (c as u32, w as u32)
        })
        .collect();
    DocTokens {
        chars,
        words,
        groups,
    }
}

/// The postings of one token while they are appended.
#[derive(Default)]
pub(crate) struct Postings {
    /// The previous id plus one.
    next: u32,
    /// Encoded so far.
    pub(crate) bytes: Vec<u8>,
}

impl Postings {
    /// Appends document `id` (above those before it), the token at best in `field`.
    pub(crate) fn push(&mut self, id: u32, field: u8) {
        let gap = u64::from(id - self.next);
        push_varint(&mut self.bytes, gap * 3 + u64::from(field));
        self.next = id + 1;
    }
}

/// The partitions `GROUP_PARTS * g ..` of the index being built.
#[derive(Default)]
struct Group {
    chars: FastMap<u64, Postings>,
    words: FastMap<Box<str>, (u16, Postings)>,
}

/// An inverted index being built: documents are added in ascending id order.
pub(crate) struct Inverter {
    groups: Vec<Group>,
}

impl Inverter {
    /// An empty index.
    pub(crate) fn new() -> Inverter {
        Inverter {
            groups: (0..PARTS / GROUP_PARTS).map(|_| Group::default()).collect(),
        }
    }

    /// Appends documents (id, tokens), ids ascending and above those added before.
    pub(crate) fn add(&mut self, docs: &[(u32, &DocTokens)]) {
        self.groups
            .par_iter_mut()
            .enumerate()
            .for_each(|(g, group)| {
                for &(id, doc) in docs {
                    let ((c0, w0), (c1, w1)) = (doc.groups[g], doc.groups[g + 1]);
                    for &e in &doc.chars[c0 as usize..c1 as usize] {
                        group
                            .chars
                            .entry(e >> 2)
                            .or_default()
                            .push(id, (e & 3) as u8);
                    }
                    for (part, word, field) in &doc.words[w0 as usize..w1 as usize] {
                        match group.words.get_mut(&**word) {
                            Some((_, p)) => p.push(id, *field),
                            None => {
                                let mut p = Postings::default();
                                p.push(id, *field);
                                group.words.insert(word.clone(), (*part, p));
                            }
                        }
                    }
                }
            });
    }

    /// The shard files: `shards` of them (a power of two), or as many as keep each near
    /// `target` bytes when `None`. Lines are sorted by token, so the output does not depend on
    /// the order of hashing or on threads.
    pub(crate) fn finish(self, shards: Option<usize>, target: usize) -> Vec<Vec<u8>> {
        let lines: Vec<Vec<(u16, Vec<u8>)>> = self
            .groups
            .into_par_iter()
            .map(|group| {
                let mut out = Vec::with_capacity(group.chars.len() + group.words.len());
                for (key, p) in group.chars {
                    let mut token = String::new();
                    plain_text::key_text(key, &mut token);
                    out.push(((key >> (PART_SHIFT - 2)) as u16, line(&token, &p.bytes)));
                }
                for (word, (part, p)) in group.words {
                    out.push((part, line(&word, &p.bytes)));
                }
                out
            })
            .collect();
        assemble(lines.into_iter().flatten(), shards, target)
    }
}

/// The shard files made of `lines` (each a token's line with its partition): `shards` of
/// them, or as many as keep each near `target` bytes. A shard is the lines of the partitions
/// equal to it modulo the shard count, sorted.
pub(crate) fn assemble(
    lines: impl Iterator<Item = (u16, Vec<u8>)>,
    shards: Option<usize>,
    target: usize,
) -> Vec<Vec<u8>> {
    let mut parts: Vec<Vec<Vec<u8>>> = (0..PARTS).map(|_| Vec::new()).collect();
    let mut total = 0;
    for (part, l) in lines {
        total += l.len();
        parts[part as usize].push(l);
    }
    let count = shards
        .unwrap_or_else(|| total.div_ceil(target.max(1)).next_power_of_two())
        .clamp(1, PARTS);
    let parts = &parts;
    (0..count)
        .into_par_iter()
        .map(|s| {
            let mut mine: Vec<&Vec<u8>> =
                (s..PARTS).step_by(count).flat_map(|p| &parts[p]).collect();
            mine.sort_unstable();
            let mut out = Vec::with_capacity(mine.iter().map(|l| l.len()).sum());
            for l in mine {
                out.extend_from_slice(l);
            }
            out
        })
        .collect()
}

/// The line of `token` in a shard.
pub(crate) fn line(token: &str, postings: &[u8]) -> Vec<u8> {
    let mut l = Vec::with_capacity(token.len() + postings.len() + 2);
    l.extend_from_slice(token.as_bytes());
    l.push(b'\t');
    l.extend_from_slice(postings);
    l.push(b'\n');
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint(n: u64) -> String {
        let mut v = Vec::new();
        push_varint(&mut v, n);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn varints() {
        assert_eq!(varint(0), "0");
        assert_eq!(varint(31), "v");
        assert_eq!(varint(32), "B0");
        assert_eq!(varint(32 * 32 + 5), "BA5");
    }

    #[test]
    fn postings_of_two_segments_of_documents() {
        let a = doc_tokens(&[("公开", TITLE), ("公开公开 2021年", BODY)]);
        let b = doc_tokens(&[("信息公开", BODY)]);
        let mut inv = Inverter::new();
        inv.add(&[(0, &a), (3, &b)]);
        let shards = inv.finish(Some(1), 0);
        let text = String::from_utf8(shards[0].clone()).unwrap();
        // 公开: doc 0 in the title (0*3+2), doc 3 in the body (gap 2: 2*3+0).
        assert!(text.contains("公开\t26\n"), "{text}");
        assert!(text.contains("2021\t0\n"), "{text}");
        assert!(text.contains("信息\t9\n"), "{text}"); // id 3: gap 3 → 9
        let mut sorted: Vec<&str> = text.lines().collect();
        sorted.sort();
        assert_eq!(sorted, text.lines().collect::<Vec<_>>());
    }
}
