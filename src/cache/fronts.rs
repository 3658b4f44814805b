//! Checked front matter kept between builds (`.gongkai/cache/fronts.bin`), so that the load
//! stage parses the YAML only of the documents whose front matter changed (see
//! [`crate::content::kept`] for why a kept entry is what checking again gives).
//!
//! An entry is keyed by a SHA-256 of the document's file name and its front matter, and holds
//! the [`DocumentMeta`] and the problems checking them gave, as postcard. Only front matter
//! without errors is kept, and only when what is written reads back equal to it.
//!
//! Layout: `GONGKAI-FRONTS 1\n`, the binary's identity (length-prefixed), the entries used by
//! the build that wrote it (`Vec<(key, bytes)>`, postcard), then a SHA-256 of everything
//! before it. A file cut short, changed or written by another binary is ignored with a warning.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};

use sha2::{Digest as _, Sha256};

use super::store::{self, checked, Unusable};
use super::{identity, warning, FOLDER};
use crate::content::document::DocumentMeta;
use crate::content::kept::KeptFronts;
use crate::diagnostics::Diagnostic;

/// The file inside [`FOLDER`].
const FILE: &str = "fronts.bin";
/// First bytes of the file.
const MAGIC: &[u8] = b"GONGKAI-FRONTS 1\n";

/// The key of an entry.
type FrontKey = [u8; 16];

/// The checked front matter of the previous build, and what this one uses and adds.
pub struct FrontStore {
    /// The file.
    path: PathBuf,
    /// Entries of the previous build, as written (let go once the load stage is over).
    previous: RwLock<foldhash::HashMap<FrontKey, Vec<u8>>>,
    /// Entries this build used or made: what the next build may use.
    used: Mutex<Vec<(FrontKey, Vec<u8>)>>,
    /// Entries this build made.
    made: AtomicUsize,
    /// Whether the file was written, and the warning line when writing it failed.
    written: Mutex<Option<Option<String>>>,
}

impl FrontStore {
    /// Opens the store of the site at `root`; a file that cannot be used is named in the
    /// warning line returned (the build then checks every front matter).
    pub fn open(root: &Path) -> (FrontStore, Option<String>) {
        let path = root.join(FOLDER).join(FILE);
        let (previous, warning) = match std::fs::read(&path) {
            Ok(bytes) => match parse(&bytes, &identity()) {
                Ok(found) => (found.into_iter().collect(), None),
                Err(why) => (Default::default(), Some(why)),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Default::default(), None),
            Err(e) => (
                Default::default(),
                Some(Unusable::Unreadable(crate::fs::reason(&e))),
            ),
        };
        let warning = warning.map(|why| warning_line(&path, root, &why));
        let store = FrontStore {
            path,
            previous: RwLock::new(previous),
            used: Mutex::new(Vec::new()),
            made: AtomicUsize::new(0),
            written: Mutex::new(None),
        };
        (store, warning)
    }

    /// Writes the entries this build used (once the load stage is over, [`KeptFronts::loaded`]
    /// has done it); a failure is returned as a warning line (only the next build is slower).
    pub fn save(self) -> Option<String> {
        self.write();
        lock(&self.written).take().flatten()
    }

    /// Writes the entries this build used, when they are not those the file holds already,
    /// and lets go of them; only the first call writes.
    fn write(&self) {
        let mut written = lock(&self.written);
        if written.is_some() {
            return;
        }
        let mut used = std::mem::take(&mut *lock(&self.used));
        let previous =
            std::mem::take(&mut *self.previous.write().unwrap_or_else(|e| e.into_inner()));
        used.sort_unstable_by_key(|e| e.0);
        used.dedup_by(|a, b| a.0 == b.0);
        let unchanged = self.made.load(Ordering::Relaxed) == 0 && used.len() == previous.len();
        drop(previous);
        *written = Some(if unchanged {
            None
        } else {
            let bytes = encode(&identity(), &used);
            drop(used);
            let done = bytes.and_then(|bytes| {
                store::write(&self.path, &bytes).map_err(|e| crate::fs::reason(&e))
            });
            done.err().map(|reason| {
                format!(
                    "{}: 警告: 无法写入构建缓存的 front matter（{reason}）：下次生成可能较慢",
                    self.path.display()
                )
            })
        });
    }

    /// Notes that this build used the entry `key`.
    fn keep(&self, key: FrontKey, bytes: Vec<u8>) {
        lock(&self.used).push((key, bytes));
    }
}

impl KeptFronts for FrontStore {
    fn get(&self, file: &Path, yaml: &str) -> Option<(DocumentMeta, Vec<Diagnostic>)> {
        let key = key(file, yaml);
        let previous = self.previous.read().unwrap_or_else(|e| e.into_inner());
        let bytes = previous.get(&key)?;
        let entry = postcard::from_bytes(bytes).ok()?;
        self.keep(key, bytes.clone());
        Some(entry)
    }

    fn loaded(&self) {
        self.write();
    }

    fn put(&self, file: &Path, yaml: &str, meta: &DocumentMeta, found: &[Diagnostic]) {
        let Ok(bytes) = postcard::to_stdvec(&(meta, found)) else {
            return;
        };
        // Kept only when it reads back as it was (a value the format cannot hold is checked
        // again by every build instead).
        let back: Option<(DocumentMeta, Vec<Diagnostic>)> = postcard::from_bytes(&bytes).ok();
        if back.is_some_and(|(m, f)| m == *meta && f == found) {
            self.keep(key(file, yaml), bytes);
            self.made.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// `m`, locked (a panic elsewhere leaves the entries whole).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The key of the front matter `yaml` of `file`.
fn key(file: &Path, yaml: &str) -> FrontKey {
    let mut h = Sha256::new();
    let file = file.to_string_lossy();
    h.update((file.len() as u64).to_le_bytes());
    h.update(file.as_bytes());
    h.update(yaml.as_bytes());
    h.finalize()[..16].try_into().unwrap_or_default()
}

/// The warning for a store file that is not used.
fn warning_line(path: &Path, root: &Path, why: &Unusable) -> String {
    warning(path, root, why, "本次重新检查每篇文档的 front matter")
}

/// The file's bytes for `entries`, written by `identity`.
fn encode(identity: &str, entries: &[(FrontKey, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let out = postcard::to_extend(entries, store::header(MAGIC, identity));
    out.map(store::sealed).map_err(|e| e.to_string())
}

/// The entries in a file's `bytes`, if `identity` wrote them whole.
fn parse(bytes: &[u8], identity: &str) -> Result<Vec<(FrontKey, Vec<u8>)>, Unusable> {
    let rest = checked(bytes, MAGIC, identity)?;
    postcard::from_bytes(rest.0).map_err(|_| Unusable::Corrupt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    const TEXT: &str = "---\ntitle: 通知\nissuer: 示例局\ndate: 2021-01-05 09:30\ncolour: 红\nannual_report: {year: 2021, 一: [1, 2.5]}\nattachments:\n  - {title: 表, file: a.xlsx}\n---\n\n正文。\n";

    fn parse_with(store: &FrontStore) -> (DocumentMeta, Vec<Diagnostic>) {
        let mut diags = Diagnostics::new();
        let parsed = crate::content::document::parse_document_with(
            Path::new("content/s/a.md"),
            TEXT.as_bytes(),
            Some(store),
            &mut diags,
        );
        (parsed.unwrap().meta, diags.into_iter().collect())
    }

    #[test]
    fn kept_front_matter_reads_back_as_checked() {
        let site = tempfile::tempdir().unwrap();
        let (store, warning) = FrontStore::open(site.path());
        assert_eq!(warning, None);
        let made = parse_with(&store);
        assert!(!made.1.is_empty(), "the unknown field is reported");
        assert_eq!(store.save(), None);
        let (store, warning) = FrontStore::open(site.path());
        assert_eq!(warning, None);
        assert_eq!(store.previous.read().unwrap().len(), 1);
        assert_eq!(parse_with(&store), made);
        assert!(store
            .get(Path::new("content/s/b.md"), "title: 通知\n")
            .is_none());
    }

    #[test]
    fn a_changed_or_foreign_file_is_refused() {
        let entries = vec![([1; 16], b"abc".to_vec())];
        let bytes = encode("gongkai 1", &entries).unwrap();
        assert_eq!(parse(&bytes, "gongkai 1").unwrap(), entries);
        let mut changed = bytes.clone();
        changed[MAGIC.len() + 20] ^= 1;
        assert_eq!(parse(&changed, "gongkai 1").err(), Some(Unusable::Corrupt));
        assert_eq!(
            parse(&bytes, "gongkai 2").err(),
            Some(Unusable::Foreign("gongkai 1".into()))
        );
    }
}
