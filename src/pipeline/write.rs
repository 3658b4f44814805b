//! Stage 8, write: where made files go. [`Build::render`](super::Build::render) hands each file to a [`Sink`] as soon as
//! it is made: [`DirWriter`] writes the output folder of `gongkai build` (with its precompressed
//! copies, stage 7), [`Discard`] keeps nothing (`check`, and `serve`, which renders on request).
//!
//! Only the files whose bytes change are written: into a staging folder beside the output, so
//! that a build that fails leaves the previous output as it was. A file whose bytes did not
//! change is left where it is (with its `.gz`/`.br` copies, which are then not compressed
//! again), so its mtime and the web server's cache validators stay as they were. Whether an old
//! file holds the new bytes is read from the previous manifest for files not modified after it
//! was written (a rebuild with no change reads no old file), else from the file itself. On
//! [`DirWriter::commit`] the staged files are moved in and the files the site no longer has are
//! deleted, following a journal ([`super::journal`]) that the next build finishes if this one is
//! stopped midway. A first build (no output yet) writes everything and renames the folder in.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context as _;
use rayon::prelude::*;

use super::{Origin, OutputFile};
use crate::cache::BuildCache;
use crate::output::FileEntry;
use crate::precompress::{self, Stats, SUFFIXES};

/// Takes the files of a build as they are made.
pub trait Sink: Sync {
    /// Takes one made file, with its size and hash. Called from several threads at once.
    fn put(&self, rel: &str, file: &OutputFile, entry: &FileEntry) -> anyhow::Result<()>;

    /// The build cache pages are looked up in and recorded to, if any.
    fn cache(&self) -> Option<&BuildCache> {
        None
    }

    /// Takes the file `rel`, known to be `entry`, without its bytes: from the previous output,
    /// which must hold it unchanged. `false` when it cannot (the file is then made and put).
    fn reuse(&self, _rel: &str, _entry: &FileEntry) -> anyhow::Result<bool> {
        Ok(false)
    }
}

/// A sink that keeps nothing.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: &OutputFile, _: &FileEntry) -> anyhow::Result<()> {
        Ok(())
    }
}

/// Writes the files of a build that changed, which go into the output folder on [`commit`].
///
/// [`commit`]: DirWriter::commit
pub struct DirWriter {
    /// The output folder.
    output: PathBuf,
    /// Where files are written until the commit.
    staging: PathBuf,
    /// The journal of the commit.
    journal: PathBuf,
    /// The previous output, whose unchanged files are kept instead of written.
    previous: Option<PathBuf>,
    /// The previous output's files, those its manifest lists trusted when not modified since it
    /// was written (so that a rebuild with no change reads no old file).
    previous_files: PreviousFiles,
    /// Whether compressible files get `.gz` and `.br` copies.
    precompress: bool,
    /// Output paths that are `.gz`/`.br` files of the site itself (they are not made again).
    own_copies: HashSet<String>,
    /// Folders already created.
    folders: Mutex<HashSet<PathBuf>>,
    /// Entries of the compressed copies written, for the manifest.
    copies: Mutex<Vec<(String, FileEntry)>>,
    /// What precompression did.
    stats: Mutex<Stats>,
    /// The build cache, when `build` uses one.
    cache: Option<BuildCache>,
    /// Files written into the staging folder (relative paths), when there is a previous output.
    written: Mutex<Vec<String>>,
    /// Every file of the new site, written or kept (the commit deletes the others), when there
    /// is a previous output: listed as they come, put in a set only by the commit.
    site_files: Mutex<Vec<String>>,
}

impl DirWriter {
    /// Prepares to replace `output` with the files of a build whose output map is `outputs`.
    /// `scan`, when given, is the previous output as [`DirWriter::scan`] read it (else it is read
    /// here).
    pub fn create(
        output: &Path,
        precompress: bool,
        outputs: &BTreeMap<String, Origin>,
        scan: Option<OutputScan>,
    ) -> anyhow::Result<DirWriter> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .with_context(|| format!("无法创建 {}", parent.display()))?;
        DirWriter::finish_interrupted(output)?;
        let staging = sibling(output, "new");
        let journal = sibling(output, "journal");
        // Left by versions that replaced the whole folder.
        let old = sibling(output, "old");
        if old.exists() {
            std::fs::remove_dir_all(&old).with_context(|| format!("无法删除 {}", old.display()))?;
        }
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .with_context(|| format!("无法删除 {}", staging.display()))?;
        }
        std::fs::create_dir(&staging).with_context(|| format!("无法创建 {}", staging.display()))?;
        let own_copies = outputs
            .keys()
            .filter(|p| SUFFIXES.iter().any(|s| p.ends_with(s)))
            .cloned()
            .collect();
        Ok(DirWriter {
            output: output.to_path_buf(),
            previous: output.is_dir().then(|| output.to_path_buf()),
            previous_files: match scan {
                Some(scan) => (scan.0.join())
                    .map_err(|_| anyhow::anyhow!("无法读取 {}", output.display()))??,
                None => PreviousFiles::read(output)?,
            },
            staging: staging.clone(),
            journal,
            precompress,
            own_copies,
            folders: Mutex::new(HashSet::from([staging])),
            copies: Mutex::new(Vec::new()),
            stats: Mutex::new(Stats::default()),
            cache: None,
            written: Mutex::new(Vec::new()),
            site_files: Mutex::new(Vec::new()),
        })
    }

    /// Starts reading what the output folder holds (every file and the manifest) in the
    /// background, while the site is prepared: for [`DirWriter::create`]. Call it after
    /// [`DirWriter::finish_interrupted`].
    pub fn scan(output: &Path) -> OutputScan {
        let output = output.to_path_buf();
        OutputScan(std::thread::spawn(move || PreviousFiles::read(&output)))
    }

    /// Finishes the commit into `output` of a build that was stopped midway, if there is one
    /// (see [`super::journal`]): the output is then that build's site.
    pub fn finish_interrupted(output: &Path) -> anyhow::Result<()> {
        if !output.is_dir() {
            return Ok(());
        }
        let (staging, journal) = (sibling(output, "new"), sibling(output, "journal"));
        super::journal::recover(output, &staging, &journal)
    }

    /// Takes the entries of the compressed copies written so far (for the manifest).
    pub fn take_copies(&self) -> Vec<(String, FileEntry)> {
        std::mem::take(&mut *self.copies.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// What precompression did (`None` with `--no-precompress`).
    pub fn stats(&self) -> Option<Stats> {
        self.precompress
            .then(|| *self.stats.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Writes one more file made after the pages (the record, the manifest, its signature),
    /// without compressed copies.
    /// `entry` is its size and SHA-256 when the caller has them. The bytes are written as they
    /// are (the record and the manifest are 70 and 50 MB at 100,000 documents: no second copy
    /// is made).
    pub fn add(&self, rel: &str, bytes: &[u8], entry: Option<FileEntry>) -> anyhow::Result<()> {
        let entry = entry.unwrap_or_else(|| FileEntry::of_bytes(bytes));
        let write = |dest: &Path| {
            std::fs::write(dest, bytes).with_context(|| format!("无法写入 {}", dest.display()))
        };
        self.write_one(rel, &entry, write).map(|_| ())
    }

    /// Puts the files written into the output folder and deletes those the site no longer
    /// has; a first build renames the whole folder into place.
    pub fn commit(self) -> anyhow::Result<()> {
        if self.previous.is_none() {
            if std::fs::symlink_metadata(&self.output).is_ok() {
                std::fs::remove_file(&self.output)
                    .with_context(|| format!("无法删除 {}", self.output.display()))?;
            }
            return std::fs::rename(&self.staging, &self.output)
                .with_context(|| format!("无法写入 {}", self.output.display()));
        }
        let written = self.written.into_inner().unwrap_or_else(|e| e.into_inner());
        let site_files = (self.site_files.into_inner()).unwrap_or_else(|e| e.into_inner());
        let site_files: foldhash::HashSet<&str> = site_files.iter().map(String::as_str).collect();
        super::journal::commit(
            &self.output,
            &self.staging,
            &self.journal,
            (&written, &site_files),
            self.previous_files.into_paths(),
        )
    }

    /// Drops what was written; the output folder stays as it was.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }

    fn folder_of(&self, dest: &Path) -> anyhow::Result<()> {
        let Some(folder) = dest.parent() else {
            return Ok(());
        };
        if self
            .folders
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(folder)
        {
            return Ok(());
        }
        std::fs::create_dir_all(folder)
            .with_context(|| format!("无法创建 {}", folder.display()))?;
        self.folders
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(folder.to_path_buf());
        Ok(())
    }

    /// Writes `rel` into the staging folder (with `write`, given its path there), unless the
    /// previous output holds the same bytes (`entry`). Returns whether the previous output's file is kept.
    fn write_one(
        &self,
        rel: &str,
        entry: &FileEntry,
        write: impl FnOnce(&Path) -> anyhow::Result<()>,
    ) -> anyhow::Result<bool> {
        self.is_part(rel);
        if let Some(prev) = &self.previous {
            if self.holds(rel, &prev.join(rel), entry) {
                return Ok(true);
            }
        }
        self.stage(rel, write)?;
        Ok(false)
    }

    /// Writes the staged file `rel` with `write` (given its path).
    fn stage(
        &self,
        rel: &str,
        write: impl FnOnce(&Path) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let dest = self.staging.join(rel);
        self.folder_of(&dest)?;
        write(&dest)?;
        // A first build renames the staging folder into place: only a commit into a previous
        // output reads the list (at 100,000 documents, 340,000 paths).
        if self.previous.is_some() {
            (self.written.lock().unwrap_or_else(|e| e.into_inner())).push(rel.to_string());
        }
        Ok(())
    }

    /// Notes that `rel` is a file of the new site (only a commit into a previous output reads
    /// them).
    fn is_part(&self, rel: &str) {
        if self.previous.is_some() {
            (self.site_files.lock().unwrap_or_else(|e| e.into_inner())).push(rel.to_string());
        }
    }

    /// The names of the `.gz` and `.br` copies `rel` gets, if it gets any.
    fn copy_names(&self, rel: &str) -> Option<[String; 2]> {
        if !self.precompress || !precompress::is_compressible(rel) {
            return None;
        }
        let names = SUFFIXES.map(|s| format!("{rel}{s}"));
        (!names.iter().any(|n| self.own_copies.contains(n))).then_some(names)
    }

    /// The `.gz` and `.br` copies of `rel`: the previous output's when the file was kept,
    /// else compressed.
    fn put_copies(
        &self,
        rel: &str,
        file: &OutputFile,
        entry: &FileEntry,
        kept: bool,
    ) -> anyhow::Result<()> {
        let Some(names) = self.copy_names(rel) else {
            return Ok(());
        };
        let reused = match self.previous.as_ref().filter(|_| kept) {
            Some(prev) => self.keep_copies(&names, prev)?,
            None => None,
        };
        let made = match reused {
            Some(made) => made,
            None => {
                let bytes = file.bytes().with_context(|| format!("无法读取 {rel}"))?;
                let Some((gz, br)) = precompress::copies(&bytes) else {
                    return Ok(());
                };
                let mut made = Vec::with_capacity(2);
                for (name, data) in names.iter().zip([gz, br]) {
                    self.is_part(name);
                    self.stage(name, |dest| {
                        std::fs::write(dest, &data)
                            .with_context(|| format!("无法写入 {}", dest.display()))
                    })?;
                    made.push((name.clone(), FileEntry::of_bytes(&data)));
                }
                made
            }
        };
        self.record_copies(entry, made);
        Ok(())
    }

    /// Keeps the copies `names` of the previous output `prev`; `None` when it lacks one. A copy
    /// the previous manifest lists, unmodified since, is not read.
    fn keep_copies(
        &self,
        names: &[String; 2],
        prev: &Path,
    ) -> anyhow::Result<Option<Vec<(String, FileEntry)>>> {
        let mut made = Vec::with_capacity(2);
        for name in names {
            let old = prev.join(name);
            let entry = match self.previous_files.entry(name) {
                Some(entry) => entry.clone(),
                None if std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file()) => {
                    std::fs::File::open(&old)
                        .and_then(FileEntry::of_reader)
                        .with_context(|| format!("无法读取 {}", old.display()))?
                }
                None => return Ok(None),
            };
            made.push((name.clone(), entry));
        }
        for (name, _) in &made {
            self.is_part(name);
        }
        Ok(Some(made))
    }

    /// Counts and lists the copies `made` of the file `original`.
    fn record_copies(&self, original: &FileEntry, made: Vec<(String, FileEntry)>) {
        self.stats.lock().unwrap_or_else(|e| e.into_inner()).count(
            original.size as usize,
            made[0].1.size as usize,
            made[1].1.size as usize,
        );
        self.copies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(made);
    }

    /// Uses the build cache: pages whose key it holds are kept from the previous output.
    pub fn use_cache(&mut self, cache: BuildCache) {
        self.cache = Some(cache);
    }

    /// Takes the build cache back (to save it once the output is committed).
    pub fn take_cache(&mut self) -> Option<BuildCache> {
        self.cache.take()
    }
}

impl Sink for DirWriter {
    fn put(&self, rel: &str, file: &OutputFile, entry: &FileEntry) -> anyhow::Result<()> {
        let kept = self.write_one(rel, entry, |dest| write_file(file, dest))?;
        self.put_copies(rel, file, entry, kept)
    }

    fn cache(&self) -> Option<&BuildCache> {
        self.cache.as_ref()
    }

    fn reuse(&self, rel: &str, entry: &FileEntry) -> anyhow::Result<bool> {
        let Some(prev) = &self.previous else {
            return Ok(false);
        };
        if !self.holds(rel, &prev.join(rel), entry) {
            return Ok(false);
        }
        // A file below the size that gets copies had none to keep.
        let gets_copies = entry.size >= precompress::MIN_SIZE as u64;
        if let Some(names) = self.copy_names(rel).filter(|_| gets_copies) {
            let Some(made) = self.keep_copies(&names, prev)? else {
                return Ok(false);
            };
            self.record_copies(entry, made);
        }
        self.is_part(rel);
        Ok(true)
    }
}

/// `.public.gongkai-new` (or another `what`) beside `public`.
fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.gongkai-{what}"))
}

impl DirWriter {
    /// Whether the previous output's file `rel` (at `path`) holds exactly `entry`: by its
    /// manifest line when the file was not modified after the manifest, else by reading it.
    fn holds(&self, rel: &str, path: &Path, entry: &FileEntry) -> bool {
        if let Some(listed) = self.previous_files.entry(rel) {
            return listed == entry;
        }
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == entry.size)
            && std::fs::File::open(path)
                .and_then(FileEntry::of_reader)
                .is_ok_and(|e| &e == entry)
    }
}

/// The previous output being read in the background ([`DirWriter::scan`]).
pub struct OutputScan(std::thread::JoinHandle<anyhow::Result<PreviousFiles>>);

/// The previous output as it is, read once, folder by folder: the files its manifest lists and
/// it still holds as listed, and every other file it holds.
#[derive(Default)]
struct PreviousFiles {
    /// The manifest's entries of the files the output holds as regular files of the listed size,
    /// not modified after the manifest was written: trusted without being read. Hashed: each
    /// file a build keeps is looked up here.
    files: foldhash::HashMap<String, FileEntry>,
    /// The output's other files (not listed, or changed since): read when they are compared.
    others: Vec<String>,
}

impl PreviousFiles {
    /// The files of the output folder `dir`, trusted by its manifest when it has a readable one.
    fn read(dir: &Path) -> anyhow::Result<PreviousFiles> {
        if !dir.is_dir() {
            return Ok(PreviousFiles::default());
        }
        let found = super::journal::list_files(dir, "")?;
        let path = dir.join(crate::manifest::MANIFEST);
        let written = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        // Looked up once per file found: hashed.
        let listed: anyhow::Result<foldhash::HashMap<String, FileEntry>> =
            crate::manifest::Manifest::entries(&text).collect();
        let mut manifest = listed.unwrap_or_default();
        let mut found_files = PreviousFiles::default();
        for (rel, found) in found {
            let trusted = (manifest.remove(&rel)).filter(|entry| {
                let unmodified = found.modified.zip(written).is_some_and(|(m, w)| m <= w);
                found.is_file && found.len == entry.size && unmodified
            });
            match trusted {
                Some(entry) => {
                    found_files.files.insert(rel, entry);
                }
                None => found_files.others.push(rel),
            }
        }
        Ok(found_files)
    }

    /// The listed entry of `rel` when the output holds it as listed (a file changed by hand, or
    /// one the manifest does not list, is read).
    fn entry(&self, rel: &str) -> Option<&FileEntry> {
        self.files.get(rel)
    }

    /// Every file the output holds.
    fn into_paths(self) -> impl Iterator<Item = String> {
        self.files.into_keys().chain(self.others)
    }
}

fn write_file(file: &OutputFile, dest: &Path) -> anyhow::Result<()> {
    match file {
        OutputFile::Bytes(b) => {
            std::fs::write(dest, b).with_context(|| format!("无法写入 {}", dest.display()))
        }
        OutputFile::Copy(src) => std::fs::copy(src, dest)
            .map(|_| ())
            .with_context(|| format!("无法复制 {} 到 {}", src.display(), dest.display())),
    }
}

/// Writes files under `dir` in place (watch mode's updates): each through a temporary name
/// renamed over the old file, so that a reader never sees half a file.
pub fn write_files(files: &BTreeMap<String, OutputFile>, dir: &Path) -> anyhow::Result<()> {
    files
        .par_iter()
        .try_for_each(|(rel, file)| -> anyhow::Result<()> {
            let dest = dir.join(rel);
            if let Some(folder) = dest.parent() {
                std::fs::create_dir_all(folder)
                    .with_context(|| format!("无法创建 {}", folder.display()))?;
            }
            let name = dest
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let temp = dest.with_file_name(format!(".{name}.gongkai-new"));
            write_file(file, &temp)?;
            std::fs::rename(&temp, &dest).with_context(|| format!("无法写入 {}", dest.display()))
        })
}
