//! The persistent build cache (`.gongkai/cache/` in the site folder, safe to delete): what each
//! page of the last successful `gongkai build` was made from and what it came to, so that the
//! next build (a new process, as a cron job or CI runs it) renders, hashes and compresses again
//! only the pages whose inputs changed.
//!
//! A page is the pure result of the theme's templates and its context (every value its template
//! can read: the document, its body, navigation, listings, lifecycle state, the site's identity).
//! A document page — most of a site's pages — is keyed by what its context is made from
//! ([`crate::render::Renderer::document_key`]: the templates, the document's source, the site's
//! settings and sections, and the small views it shows of other documents), so that an unchanged
//! one is not even given a context; its search fragment likewise. Every other page is keyed by a
//! SHA-256 of the templates, the template's name and the whole context ([`page_key`]). A key
//! recorded by the previous build, whose file the previous output still holds unmodified with
//! the same size and hash, is linked from there with its `.gz`/`.br` copies instead of being
//! made again ([`crate::pipeline::Sink::reuse`]). Anything else — a key never seen, an output
//! folder deleted or edited by hand — is made as in a clean build, so the cache can only skip
//! work, never change a byte of the result.
//!
//! Beside the page keys it keeps the rendered Markdown bodies ([`BodyStore`]), the search index
//! ([`read_index`]) and the checked front matter of every document ([`FrontStore`]), so that the
//! stages before rendering also redo only what changed.
//!
//! The file names the binary that wrote it (version, size and modification time of the
//! executable) and ends with a checksum: a cache cut short, changed, or written by another
//! gongkai is ignored with a warning and replaced after the build.

mod bodies;
mod fronts;
mod search;
mod store;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use sha2::{Digest as _, Sha256};

use crate::output::FileEntry;
pub use crate::output::Key;
pub use bodies::BodyStore;
pub use fronts::FrontStore;
pub use search::{read_index, write_index};
pub use store::Unusable;

/// The cache folder, relative to the site root.
pub const FOLDER: &str = ".gongkai/cache";

/// The file of page keys inside [`FOLDER`].
const PAGES: &str = "pages.bin";

/// The cache of one build: the keys the previous build recorded, and those this one uses.
pub struct BuildCache {
    /// The cache file.
    path: PathBuf,
    /// The binary reading and writing it.
    identity: String,
    /// Keys recorded by the previous build, with the size and hash of what they made.
    previous: HashMap<Key, FileEntry>,
    /// Keys of this build's pages, made or reused: what the next build may reuse.
    used: Mutex<Vec<(Key, FileEntry)>>,
    /// Pages this build took from the previous output instead of making them.
    reused: AtomicUsize,
}

impl BuildCache {
    /// Opens the cache of the site at `root`. A cache that cannot be used (corrupt, unreadable,
    /// written by another gongkai) is left for this build to replace, and the reason is
    /// returned as a warning line to show.
    pub fn open(root: &Path) -> (BuildCache, Option<String>) {
        let path = root.join(FOLDER).join(PAGES);
        let identity = identity();
        let (previous, warning) = match store::read(&path, &identity) {
            Ok(found) => (found.unwrap_or_default(), None),
            Err(why) => (
                HashMap::new(),
                Some(warning(&path, root, &why, "本次重新制作每个页面")),
            ),
        };
        let cache = BuildCache {
            path,
            identity,
            previous,
            used: Mutex::new(Vec::new()),
            reused: AtomicUsize::new(0),
        };
        (cache, warning)
    }

    /// What the previous build made from `key`, if it made anything from it.
    pub fn get(&self, key: &Key) -> Option<&FileEntry> {
        self.previous.get(key)
    }

    /// Records that this build took the page of `key`, `entry`, from the previous output.
    pub fn reuse(&self, key: Key, entry: FileEntry) {
        self.reused.fetch_add(1, Ordering::Relaxed);
        self.keep(key, entry);
    }

    /// How many pages this build took from the previous output.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Records that this build made `entry` from `key` (called from several threads at once).
    pub fn keep(&self, key: Key, entry: FileEntry) {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((key, entry));
    }

    /// Writes the keys this build used, replacing the previous cache. A failure is returned as
    /// a warning line: the site was built, only the next build will be slower.
    pub fn save(self) -> Option<String> {
        let mut used = self.used.into_inner().unwrap_or_else(|e| e.into_inner());
        used.sort_unstable_by_key(|(k, _)| *k);
        used.dedup_by_key(|(k, _)| *k);
        let bytes = store::encode(&self.identity, &used);
        store::write(&self.path, &bytes).err().map(|e| {
            format!(
                "{}: 警告: 无法写入构建缓存（{}）：下次生成将重新制作每个页面",
                self.path.display(),
                crate::fs::reason(&e)
            )
        })
    }
}

/// The binary that reads and writes caches: its version and the size and modification time of
/// the executable, so that a rebuilt gongkai of the same version does not trust an older one's
/// cache.
fn identity() -> String {
    let stamp = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            format!("{} {}", m.len(), modified.map_or(0, |d| d.as_nanos()))
        })
        .unwrap_or_default();
    format!("gongkai {} {stamp}", env!("CARGO_PKG_VERSION"))
}

/// The warning shown for a cache file that is not used; `redone` says what the build does
/// instead.
fn warning(path: &Path, root: &Path, why: &Unusable, redone: &str) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path);
    let reason = match why {
        Unusable::Unreadable(reason) => format!("无法读取（{reason}）"),
        Unusable::Corrupt => "已损坏或不完整".to_string(),
        Unusable::Foreign(by) => format!("由另一版本的程序写入（{by}）"),
    };
    format!(
        "{}: 警告: 构建缓存{reason}，已忽略：{redone}，生成后重写缓存",
        shown.display()
    )
}

/// Top-level names a page context may hold (the renderer's views). A context with any other
/// name gets no key: its page is always made.
const CONTEXT_NAMES: &[&str] = &[
    "site",
    "rendition",
    "assets",
    "head",
    "breadcrumbs",
    "heading",
    "feeds",
    "page",
    "lifecycle",
    "revisions",
    "section",
    "search",
    "home",
    "listing",
    "directory",
    "sitemap",
];

/// The key of a page made by the templates with `fingerprint` ([`crate::render::Renderer::fingerprint`])
/// from `template` and `context`: a SHA-256 of all three, every value written by [`hash_value`]
/// (so no two contexts write the same bytes and one context always writes the same). `None` when
/// the context holds a name
/// [`CONTEXT_NAMES`] does not list. The context is given back as it came (each known value is
/// taken out while it is hashed, so that what is left shows any other name without a copy).
pub fn page_key(
    fingerprint: &[u8; 32],
    template: &str,
    context: &mut tera::Context,
) -> Option<Key> {
    let mut hasher = Sha256::new();
    hasher.update(fingerprint);
    hasher.update(template.as_bytes());
    let mut taken = Vec::with_capacity(CONTEXT_NAMES.len());
    for &name in CONTEXT_NAMES {
        let Some(value) = context.remove(name) else {
            continue;
        };
        hasher.update([0]);
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hash_value(&mut hasher, &value);
        taken.push((name, value));
    }
    let others = *context != tera::Context::new();
    for (name, value) in taken {
        context.insert_value(name, value);
    }
    if others {
        return None;
    }
    let digest = hasher.finalize();
    Some(Key(digest[..16].try_into().unwrap_or_default()))
}

/// Writes `value` into `hasher`: each value with its kind and each string, key and list with its
/// length, so that different values write different bytes; a map's entries in key order, since
/// Tera holds maps in hash maps whose order changes from one process to the next.
fn hash_value(hasher: &mut Sha256, value: &tera::Value) {
    use tera::value::ValueKind;
    match value.kind() {
        ValueKind::Map => {
            let map = value.as_map().map(|m| m.iter()).into_iter().flatten();
            let mut entries: Vec<(String, &tera::Value)> = map
                .map(|(k, v)| (format!("{}{k}", u8::from(k.as_str().is_some())), v))
                .collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            hash_part(hasher, b'm', &(entries.len() as u64).to_le_bytes());
            for (key, v) in entries {
                hash_part(hasher, b'k', key.as_bytes());
                hash_value(hasher, v);
            }
        }
        ValueKind::Array => {
            let items = value.as_array().unwrap_or_default();
            hash_part(hasher, b'a', &(items.len() as u64).to_le_bytes());
            for item in items {
                hash_value(hasher, item);
            }
        }
        ValueKind::String => {
            let kind = if value.is_safe() { b'S' } else { b's' };
            hash_part(hasher, kind, value.as_str().unwrap_or_default().as_bytes());
        }
        ValueKind::Bytes => hash_part(hasher, b'b', value.as_bytes().unwrap_or_default()),
        ValueKind::Bool => hash_part(hasher, b'B', &[u8::from(value.as_bool() == Some(true))]),
        ValueKind::None => hash_part(hasher, b'n', &[]),
        ValueKind::Undefined => hash_part(hasher, b'u', &[]),
        kind => {
            let number = value.as_number().map(|n| n.to_string()).unwrap_or_default();
            hash_part(hasher, b'#', format!("{kind:?} {number}").as_bytes());
        }
    }
}

/// Writes one part of a value into `hasher`: its kind, its length, its bytes.
fn hash_part(hasher: &mut Sha256, kind: u8, bytes: &[u8]) {
    hasher.update([kind]);
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_keys_follow_every_value_and_refuse_unknown_names() {
        let fp = [7; 32];
        let mut cx = tera::Context::new();
        cx.insert("heading", "关于印发《实施方案》的通知");
        cx.insert("breadcrumbs", &vec!["甲", "乙"]);
        let key = page_key(&fp, "page.html", &mut cx).unwrap();
        let before = cx.clone();
        assert_eq!(page_key(&fp, "page.html", &mut cx), Some(key));
        assert_eq!(cx, before, "the context is given back whole");
        assert_ne!(page_key(&fp, "listing.html", &mut cx), Some(key));
        assert_ne!(page_key(&[8; 32], "page.html", &mut cx), Some(key));
        let mut joined = cx.clone();
        joined.insert("breadcrumbs", &vec!["甲\", \"乙"]);
        assert_ne!(page_key(&fp, "page.html", &mut joined), Some(key));
        // The same values in maps made separately (whose iteration order differs) give one key.
        let fields = |cx: &mut tera::Context| {
            let map: std::collections::BTreeMap<String, usize> =
                (0..64).map(|i| (format!("字段{i}"), i)).collect();
            cx.insert("page", &map);
        };
        let (mut a, mut b) = (cx.clone(), cx.clone());
        fields(&mut a);
        fields(&mut b);
        assert_eq!(
            page_key(&fp, "page.html", &mut a),
            page_key(&fp, "page.html", &mut b)
        );
        // Values of different kinds, or strings cut differently, are told apart.
        let key_of = |value: serde_json::Value| {
            let mut cx = tera::Context::new();
            cx.insert("page", &value);
            page_key(&fp, "page.html", &mut cx)
        };
        assert_ne!(key_of(serde_json::json!("1")), key_of(serde_json::json!(1)));
        assert_ne!(
            key_of(serde_json::json!(["a", "b"])),
            key_of(serde_json::json!(["ab"]))
        );
        assert_ne!(
            key_of(serde_json::json!({"a": "b", "c": "d"})),
            key_of(serde_json::json!({"a": "bc", "": "d"}))
        );
        assert_ne!(
            key_of(serde_json::json!(null)),
            key_of(serde_json::json!(false))
        );
        let mut other = cx.clone();
        other.insert("unlisted", &1);
        let unlisted = other.clone();
        assert_eq!(page_key(&fp, "page.html", &mut other), None);
        assert_eq!(
            other, unlisted,
            "a context with another name is given back whole too"
        );
    }

    #[test]
    fn a_saved_cache_is_read_back_and_a_damaged_one_is_ignored_with_a_warning() {
        let site = tempfile::tempdir().unwrap();
        let (cache, warning) = BuildCache::open(site.path());
        assert_eq!(warning, None);
        let entry = FileEntry::of_bytes(b"<html></html>");
        cache.keep(Key([3; 16]), entry.clone());
        assert_eq!(cache.save(), None);
        let (cache, warning) = BuildCache::open(site.path());
        assert_eq!(warning, None);
        assert_eq!(cache.get(&Key([3; 16])), Some(&entry));
        let file = site.path().join(FOLDER).join(PAGES);
        let mut bytes = std::fs::read(&file).unwrap();
        bytes.truncate(bytes.len() - 1);
        std::fs::write(&file, bytes).unwrap();
        let (cache, warning) = BuildCache::open(site.path());
        assert!(warning.unwrap().contains("构建缓存已损坏"));
        assert_eq!(cache.get(&Key([3; 16])), None);
    }
}
