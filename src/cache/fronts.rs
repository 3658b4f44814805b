//! Checked front matter kept between builds (`.gongkai/cache/fronts.bin`), so that the load
//! stage parses the YAML only of the documents whose front matter changed (see
//! [`crate::content::kept`] for why a kept entry is what checking again gives).
//!
//! An entry is keyed by a SHA-256 of the document's file name and its front matter, and holds
//! the [`DocumentMeta`] and the problems checking them gave, as postcard. Only front matter
//! without errors is kept, and only when what is written reads back equal to it.
//!
//! Layout: `GONGKAI-FRONTS 2\n`, the binary's identity (length-prefixed), the entries used by
//! the build that wrote it (each its key, its length as a little-endian u32 and its bytes),
//! then a SHA-256 of everything before it. A build writes the entries it makes to a temporary
//! file as it makes them (at 100,000 documents they are 30 MB, held otherwise at the load
//! stage's peak); once the load stage is over it adds those it took from the previous file and
//! renames it into place, unless it used exactly the previous file's entries. A file cut short,
//! changed or written by another binary is ignored with a warning.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

use sha2::{Digest as _, Sha256};

use super::store::{self, checked, lock, Unusable};
use super::{identity, warning, FOLDER};
use crate::content::document::DocumentMeta;
use crate::content::kept::KeptFronts;
use crate::diagnostics::Diagnostic;

/// The file inside [`FOLDER`].
const FILE: &str = "fronts.bin";
/// First bytes of the file.
const MAGIC: &[u8] = b"GONGKAI-FRONTS 2\n";

/// The key of an entry.
type FrontKey = [u8; 16];

/// The checked front matter of the previous build, and what this one uses and adds.
pub struct FrontStore {
    /// The file.
    path: PathBuf,
    /// The temporary file the new entries are written to (named after the process, so that
    /// two builds of one site do not write into one file).
    temp: PathBuf,
    /// Entries of the previous build, as written (let go once the load stage is over).
    previous: RwLock<foldhash::HashMap<FrontKey, Vec<u8>>>,
    /// Keys of the previous build's entries this build used.
    reused: Mutex<Vec<FrontKey>>,
    /// Entries this build made, as they are written to `temp`.
    made: Mutex<Entries>,
    /// Set once the file is written: the warning line when writing it failed.
    written: std::sync::OnceLock<Option<String>>,
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
            temp: path.with_extension(format!("{}.tmp", std::process::id())),
            path,
            previous: RwLock::new(previous),
            reused: Mutex::new(Vec::new()),
            made: Mutex::new(Entries::default()),
            written: std::sync::OnceLock::new(),
        };
        (store, warning)
    }

    /// Writes the entries this build used (once the load stage is over, [`KeptFronts::loaded`]
    /// has done it); a failure is returned as a warning line (only the next build is slower).
    pub fn save(self) -> Option<String> {
        self.write().clone()
    }

    /// Puts the entries this build used in place of the file, when they are not those it holds
    /// already (only the first call does), and lets go of them.
    fn write(&self) -> &Option<String> {
        self.written.get_or_init(|| {
            let made = std::mem::take(&mut *lock(&self.made));
            let reused = std::mem::take(&mut *lock(&self.reused));
            let previous =
                std::mem::take(&mut *self.previous.write().unwrap_or_else(|e| e.into_inner()));
            if made.count == 0 && reused.len() == previous.len() {
                return None;
            }
            // The entries this build took from the previous one follow those it made.
            let mut entries = made;
            for key in reused {
                if let Some(bytes) = previous.get(&key) {
                    entries.add(&self.temp, key, bytes);
                }
            }
            drop(previous);
            let done =
                (entries.finish(&self.temp)).and_then(|()| std::fs::rename(&self.temp, &self.path));
            let reason = crate::fs::reason(&done.err()?);
            let _ = std::fs::remove_file(&self.temp);
            Some(format!(
                "{}: 警告: 无法写入构建缓存的 front matter（{reason}）：下次生成可能较慢",
                self.path.display()
            ))
        })
    }
}

/// The entries a build used, written to a temporary file as they come.
#[derive(Default)]
struct Entries {
    /// The file, once the first entry came (`None` after a failure).
    file: Option<std::io::BufWriter<std::fs::File>>,
    /// SHA-256 of what was written.
    sum: Sha256,
    /// How many entries were written.
    count: usize,
    /// Why writing failed, if it did.
    failed: Option<std::io::Error>,
}

impl Entries {
    /// Writes the entry `key` (`bytes`) to `temp`, creating it with its header first.
    fn add(&mut self, temp: &Path, key: FrontKey, bytes: &[u8]) {
        if self.failed.is_some() {
            return;
        }
        let Ok(len) = u32::try_from(bytes.len()) else {
            return;
        };
        let mut record = key.to_vec();
        record.extend_from_slice(&len.to_le_bytes());
        record.extend_from_slice(bytes);
        let written = self.start(temp).and_then(|()| self.put(&record));
        match written {
            Ok(()) => self.count += 1,
            Err(e) => self.failed = Some(e),
        }
    }

    /// Creates `temp` with the file's header, unless it was.
    fn start(&mut self, temp: &Path) -> std::io::Result<()> {
        if self.file.is_some() {
            return Ok(());
        }
        if let Some(folder) = temp.parent() {
            std::fs::create_dir_all(folder)?;
        }
        self.file = Some(std::io::BufWriter::new(std::fs::File::create(temp)?));
        self.put(&store::header(MAGIC, &identity()))
    }

    /// Writes `bytes` and adds them to the checksum.
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write as _;
        let file = self.file.as_mut().ok_or(std::io::ErrorKind::NotFound)?;
        file.write_all(bytes)?;
        self.sum.update(bytes);
        Ok(())
    }

    /// Ends the file at `temp` with its checksum (a build that used no entry writes only the
    /// header).
    fn finish(mut self, temp: &Path) -> std::io::Result<()> {
        use std::io::Write as _;
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        self.start(temp)?;
        let sum = std::mem::take(&mut self.sum).finalize();
        let mut file = self.file.take().ok_or(std::io::ErrorKind::NotFound)?;
        file.write_all(&sum)?;
        file.into_inner().map(drop).map_err(|e| e.into_error())
    }
}

impl KeptFronts for FrontStore {
    fn get(&self, file: &Path, yaml: &str) -> Option<(DocumentMeta, Vec<Diagnostic>)> {
        let key = key(file, yaml);
        let previous = self.previous.read().unwrap_or_else(|e| e.into_inner());
        let bytes = previous.get(&key)?;
        let entry = postcard::from_bytes(bytes).ok()?;
        lock(&self.reused).push(key);
        Some(entry)
    }

    fn loaded(&self) {
        self.write();
    }

    fn put(&self, file: &Path, yaml: &str, meta: &DocumentMeta, found: &[Diagnostic]) {
        // Without a date the check dates the document now: not what checking again gives.
        // (Such front matter has an error and is not kept; this says why it must not be.)
        if !meta.positions.contains_key("date") {
            return;
        }
        let Ok(bytes) = postcard::to_stdvec(&(meta, found)) else {
            return;
        };
        // Kept only when it reads back as it was (a value the format cannot hold is checked
        // again by every build instead).
        let back: Option<(DocumentMeta, Vec<Diagnostic>)> = postcard::from_bytes(&bytes).ok();
        if back.is_some_and(|(m, f)| m == *meta && f == found) {
            lock(&self.made).add(&self.temp, key(file, yaml), &bytes);
        }
    }
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

/// The entries in a file's `bytes`, if `identity` wrote them whole.
fn parse(bytes: &[u8], identity: &str) -> Result<Vec<(FrontKey, Vec<u8>)>, Unusable> {
    let mut rest = checked(bytes, MAGIC, identity)?;
    let mut entries = Vec::new();
    while !rest.0.is_empty() {
        let key = rest.take(16)?.try_into().map_err(|_| Unusable::Corrupt)?;
        let len = u32::from_le_bytes(rest.take(4)?.try_into().map_err(|_| Unusable::Corrupt)?);
        entries.push((key, rest.take(len as usize)?.to_vec()));
    }
    Ok(entries)
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
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join("fronts.tmp");
        let mut entries = Entries::default();
        entries.add(&temp, [1; 16], b"abc");
        entries.add(&temp, [2; 16], b"");
        entries.finish(&temp).unwrap();
        let bytes = std::fs::read(&temp).unwrap();
        let found = vec![([1; 16], b"abc".to_vec()), ([2; 16], Vec::new())];
        assert_eq!(parse(&bytes, &identity()).unwrap(), found);
        let mut changed = bytes.clone();
        changed[MAGIC.len() + 20] ^= 1;
        assert_eq!(parse(&changed, &identity()).err(), Some(Unusable::Corrupt));
        assert_eq!(
            parse(&bytes, "gongkai 2").err(),
            Some(Unusable::Foreign(identity()))
        );
    }
}
