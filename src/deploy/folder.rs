//! Deploying to a folder (`/var/www/site`, a mounted share): each file is copied beside the
//! site under [`STATE`] and renamed into place, so the web server sends the old or the new file,
//! never a part. The lock is a file created only if it does not exist.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{bail, Context as _};

use super::plan::Upload;
use super::target::{may_break, Done, Holder, Target, STATE};
use crate::verify::Source;

/// A folder target.
pub struct Folder {
    root: PathBuf,
    shown: String,
    next_temp: AtomicUsize,
}

impl Folder {
    /// The folder `root`, which must exist.
    pub fn open(root: &Path) -> anyhow::Result<Folder> {
        if !root.is_dir() {
            bail!(
                "部署目标 {} 不是已有的文件夹：请先建好网站目录（或检查共享盘是否已挂载）",
                root.display()
            );
        }
        Ok(Folder {
            root: root.to_path_buf(),
            shown: root.display().to_string(),
            next_temp: AtomicUsize::new(0),
        })
    }

    fn lock_file(&self) -> PathBuf {
        self.root.join(STATE).join("lock")
    }

    /// Writes `bytes` to `path` through a temporary file and a rename.
    fn place(
        &self,
        path: &str,
        write: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        let temp_dir = self.root.join(STATE).join("tmp");
        let n = self.next_temp.fetch_add(1, Ordering::Relaxed);
        let temp = temp_dir.join(format!("{}-{n}", std::process::id()));
        let dest = self.root.join(path);
        let result = std::fs::create_dir_all(&temp_dir)
            .and_then(|()| write(&temp))
            .and_then(|()| match dest.parent() {
                Some(dir) => std::fs::create_dir_all(dir),
                None => Ok(()),
            })
            .and_then(|()| std::fs::rename(&temp, &dest));
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        result.with_context(|| format!("无法写入 {}", dest.display()))
    }
}

impl Target for Folder {
    fn shown(&self) -> &str {
        &self.shown
    }

    fn read(&self, path: &str) -> anyhow::Result<Option<Vec<u8>>> {
        Source::read(&crate::verify::Folder(self.root.clone()), path)
    }

    fn lock(&self, holder: &Holder, force: bool) -> anyhow::Result<()> {
        let lock = self.lock_file();
        let dir = self.root.join(STATE);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("无法在 {} 中建立部署锁", self.shown))?;
        for _ in 0..2 {
            let created = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&lock);
            match created {
                Ok(mut f) => {
                    f.write_all(holder.text().as_bytes())?;
                    return Ok(());
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let found = std::fs::read_to_string(&lock).unwrap_or_default();
                    if may_break(&found, &self.shown, &lock.display().to_string(), force)? {
                        let _ = std::fs::remove_file(&lock);
                    }
                }
                Err(e) => {
                    return Err(e).with_context(|| format!("无法建立部署锁 {}", lock.display()))
                }
            }
        }
        bail!("无法建立部署锁 {}", lock.display())
    }

    fn unlock(&self) -> anyhow::Result<()> {
        let _ = std::fs::remove_dir_all(self.root.join(STATE).join("tmp"));
        std::fs::remove_file(self.lock_file()).context("无法解除部署锁")?;
        let _ = std::fs::remove_dir(self.root.join(STATE));
        Ok(())
    }

    fn put(&self, public: &Path, files: &[Upload], done: Done<'_>) -> anyhow::Result<()> {
        super::by_kind(files, 4, |u| {
            self.place(&u.path, |temp| {
                std::fs::copy(public.join(&u.path), temp).map(|_| ())
            })?;
            done(&u.path, u.size);
            Ok(())
        })
    }

    fn write(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        self.place(path, |temp| std::fs::write(temp, bytes))
    }

    fn delete(&self, paths: &[String], done: Done<'_>) -> anyhow::Result<()> {
        for path in paths {
            let file = self.root.join(path);
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).with_context(|| format!("无法删除 {}", file.display())),
            }
            // Folders left empty go too (stopping at the first that is not empty).
            let mut dir = file.parent();
            while let Some(d) = dir.filter(|d| *d != self.root) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
            done(path, 0);
        }
        Ok(())
    }

    fn source(&self) -> anyhow::Result<Box<dyn Source + '_>> {
        Ok(Box::new(crate::verify::Folder(self.root.clone())))
    }
}
