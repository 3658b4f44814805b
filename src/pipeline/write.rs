//! Stage 8, write: where made files go. [`Build::render`](super::Build::render) hands each file to a [`Sink`] as soon as
//! it is made: [`DirWriter`] writes the output folder of `gongkai build` (with its precompressed
//! copies, stage 7), [`Discard`] keeps nothing (`check`, and `serve`, which renders on request).
//!
//! The output folder is replaced atomically: files go into a fresh sibling folder, which replaces
//! the output only when everything was written, so the previous output survives any failure. A
//! file whose bytes did not change is not written again: the new folder gets a hard link to the
//! previous file (and its `.gz`/`.br` copies, which are then not compressed again), so its mtime
//! and the web server's cache validators stay as they were. Whether an old file holds the new
//! bytes is read from the previous manifest for files not modified after it was written (a
//! rebuild with no change reads no old file), else from the file itself.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context as _;
use rayon::prelude::*;

use super::{Origin, OutputFile};
use crate::output::FileEntry;
use crate::precompress::{self, Stats, SUFFIXES};

/// Takes the files of a build as they are made.
pub trait Sink: Sync {
    /// Takes one made file, with its size and hash. Called from several threads at once.
    fn put(&self, rel: &str, file: &OutputFile, entry: &FileEntry) -> anyhow::Result<()>;
}

/// A sink that keeps nothing.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: &OutputFile, _: &FileEntry) -> anyhow::Result<()> {
        Ok(())
    }
}

/// Writes a whole build into a new output folder that replaces the old one on [`commit`].
///
/// [`commit`]: DirWriter::commit
pub struct DirWriter {
    /// The output folder (replaced on commit).
    output: PathBuf,
    /// Where files are written until the commit.
    staging: PathBuf,
    /// The previous output, whose unchanged files are linked instead of written.
    previous: Option<PathBuf>,
    /// The previous output's manifest, trusted for the files not modified since it was written
    /// (so that a rebuild with no change reads no old file).
    listed: Listed,
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
}

impl DirWriter {
    /// Prepares to replace `output` with the files of a build whose output map is `outputs`.
    pub fn create(
        output: &Path,
        precompress: bool,
        outputs: &BTreeMap<String, Origin>,
    ) -> anyhow::Result<DirWriter> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .with_context(|| format!("无法创建 {}", parent.display()))?;
        let staging = sibling(output, "new");
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
            listed: Listed::read(output),
            staging: staging.clone(),
            precompress,
            own_copies,
            folders: Mutex::new(HashSet::from([staging])),
            copies: Mutex::new(Vec::new()),
            stats: Mutex::new(Stats::default()),
        })
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

    /// Writes one more file made after the pages (the manifest), without compressed copies.
    pub fn add(&self, rel: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        let file = OutputFile::Bytes(bytes.into());
        let entry = file.entry()?;
        self.write_one(rel, &file, &entry).map(|_| ())
    }

    /// Replaces the output folder with the files written.
    pub fn commit(self) -> anyhow::Result<()> {
        let old = sibling(&self.output, "old");
        if old.exists() {
            std::fs::remove_dir_all(&old).with_context(|| format!("无法删除 {}", old.display()))?;
        }
        if self.output.exists() {
            std::fs::rename(&self.output, &old)
                .with_context(|| format!("无法移动 {}", self.output.display()))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.output) {
            if old.exists() {
                let _ = std::fs::rename(&old, &self.output);
            }
            let _ = std::fs::remove_dir_all(&self.staging);
            return Err(e).with_context(|| format!("无法写入 {}", self.output.display()));
        }
        if old.exists() {
            std::fs::remove_dir_all(&old).with_context(|| format!("无法删除 {}", old.display()))?;
        }
        Ok(())
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

    /// Writes `rel`, or links the previous output's copy when its bytes are the same. Returns
    /// whether it was linked.
    fn write_one(&self, rel: &str, file: &OutputFile, entry: &FileEntry) -> anyhow::Result<bool> {
        let dest = self.staging.join(rel);
        self.folder_of(&dest)?;
        if let Some(prev) = &self.previous {
            let old = prev.join(rel);
            if self.holds(rel, &old, entry) && std::fs::hard_link(&old, &dest).is_ok() {
                return Ok(true);
            }
        }
        write_file(file, &dest)?;
        Ok(false)
    }

    /// The `.gz` and `.br` copies of `rel`: linked from the previous output when the file was,
    /// else compressed.
    fn put_copies(&self, rel: &str, file: &OutputFile, linked: bool) -> anyhow::Result<()> {
        let names = SUFFIXES.map(|s| format!("{rel}{s}"));
        if names.iter().any(|n| self.own_copies.contains(n)) {
            return Ok(());
        }
        let mut made = Vec::with_capacity(2);
        let previous = self.previous.as_ref().filter(|_| linked);
        if let Some(prev) = previous.filter(|p| names.iter().all(|n| p.join(n).is_file())) {
            for name in &names {
                let (old, dest) = (prev.join(name), self.staging.join(name));
                let entry = match self.listed.entry(name, &old) {
                    Some(entry) => entry.clone(),
                    None => std::fs::File::open(&old)
                        .and_then(FileEntry::of_reader)
                        .with_context(|| format!("无法读取 {}", old.display()))?,
                };
                if std::fs::hard_link(&old, &dest).is_err() {
                    std::fs::copy(&old, &dest)
                        .with_context(|| format!("无法写入 {}", dest.display()))?;
                }
                made.push((name.clone(), entry));
            }
        } else {
            let bytes = file.bytes().with_context(|| format!("无法读取 {rel}"))?;
            let Some((gz, br)) = precompress::copies(&bytes) else {
                return Ok(());
            };
            for (name, data) in names.iter().zip([gz, br]) {
                let dest = self.staging.join(name);
                std::fs::write(&dest, &data)
                    .with_context(|| format!("无法写入 {}", dest.display()))?;
                made.push((name.clone(), FileEntry::of_bytes(&data)));
            }
        }
        let original = std::fs::metadata(self.staging.join(rel)).map_or(0, |m| m.len());
        self.stats.lock().unwrap_or_else(|e| e.into_inner()).count(
            original as usize,
            made[0].1.size as usize,
            made[1].1.size as usize,
        );
        self.copies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(made);
        Ok(())
    }
}

impl Sink for DirWriter {
    fn put(&self, rel: &str, file: &OutputFile, entry: &FileEntry) -> anyhow::Result<()> {
        let linked = self.write_one(rel, file, entry)?;
        if self.precompress && precompress::is_compressible(rel) {
            self.put_copies(rel, file, linked)?;
        }
        Ok(())
    }
}

/// `.public.gongkai-new` beside `public`.
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
        if let Some(listed) = self.listed.entry(rel, path) {
            return listed == entry;
        }
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == entry.size)
            && std::fs::File::open(path)
                .and_then(FileEntry::of_reader)
                .is_ok_and(|e| &e == entry)
    }
}

/// The manifest of the previous output and when it was written.
#[derive(Default)]
struct Listed {
    /// Entries by path.
    files: BTreeMap<String, FileEntry>,
    /// Modification time of the manifest.
    written: Option<std::time::SystemTime>,
}

impl Listed {
    /// The manifest of the output folder `dir`, if it has a readable one.
    fn read(dir: &Path) -> Listed {
        let path = dir.join(crate::manifest::MANIFEST);
        let written = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        let manifest = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| crate::manifest::Manifest::parse(&text).ok());
        match (manifest, written) {
            (Some(m), Some(_)) => Listed {
                files: m.files,
                written,
            },
            _ => Listed::default(),
        }
    }

    /// The listed entry of `rel` when the file at `path` is a regular file of the listed size
    /// that was not modified after the manifest was written (a file changed by hand is read).
    fn entry(&self, rel: &str, path: &Path) -> Option<&FileEntry> {
        let listed = self.files.get(rel)?;
        let meta = std::fs::symlink_metadata(path).ok()?;
        let unmodified = meta.modified().ok()? <= self.written?;
        (meta.is_file() && meta.len() == listed.size && unmodified).then_some(listed)
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
