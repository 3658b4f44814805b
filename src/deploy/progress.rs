//! Progress of a deploy on stderr (files and bytes done, rate, time left), and the journal that
//! lets a rerun of an interrupted deploy skip the files it already put in place.

use std::collections::HashSet;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest as _, Sha256};

use super::plan::size;

/// Counters of a transfer, shown every second (on a terminal) or every ten seconds (in a log).
pub struct Progress {
    total_files: u64,
    total_bytes: u64,
    files: AtomicU64,
    bytes: AtomicU64,
    start: Instant,
    finished: AtomicBool,
}

impl Progress {
    /// A transfer of `files` files and `bytes` bytes.
    pub fn new(files: usize, bytes: u64) -> Progress {
        Progress {
            total_files: files as u64,
            total_bytes: bytes,
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            start: Instant::now(),
            finished: AtomicBool::new(false),
        }
    }

    /// One more file of `bytes` done.
    pub fn add(&self, bytes: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// The progress line.
    pub fn line(&self) -> String {
        let files = self.files.load(Ordering::Relaxed);
        let bytes = self.bytes.load(Ordering::Relaxed);
        let secs = self.start.elapsed().as_secs_f64().max(0.001);
        let rate = bytes as f64 / secs;
        let left = if files == 0 {
            "—".to_string()
        } else {
            let remaining = secs * (self.total_files.saturating_sub(files)) as f64 / files as f64;
            format!("{} 秒", remaining.round() as u64)
        };
        format!(
            "已传 {files}/{} 个文件，{}/{}，{}/秒，剩余约 {left}",
            self.total_files,
            size(bytes),
            size(self.total_bytes),
            size(rate as u64)
        )
    }

    /// Shows the line while `work` runs (from a second thread), then once more.
    pub fn show_while<T>(&self, work: impl FnOnce() -> T) -> T {
        let terminal = std::io::stderr().is_terminal();
        let every = if terminal { 1 } else { 10 };
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let mut ticks = 0u64;
                while !self.finished.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100));
                    ticks += 1;
                    if ticks.is_multiple_of(every * 10) && !self.finished.load(Ordering::Relaxed) {
                        if terminal {
                            eprint!("\r{}\x1b[K", self.line());
                        } else {
                            eprintln!("{}", self.line());
                        }
                    }
                }
            });
            let out = work();
            self.finished.store(true, Ordering::Relaxed);
            if terminal {
                eprint!("\r\x1b[K");
            }
            out
        })
    }
}

/// The files a deploy of one build to one target has put in place so far, kept in
/// `.gongkai-cache/deploy/` of the site folder: a rerun of the same deploy skips them.
pub struct Journal {
    path: PathBuf,
    file: Mutex<Option<std::fs::File>>,
    done: HashSet<String>,
}

impl Journal {
    /// The journal of deploying the build whose manifest is `manifest` to `target`: the files
    /// an interrupted run already put in place, or none.
    pub fn open(root: &Path, target: &str, manifest: &[u8]) -> Journal {
        let name = hex(&Sha256::digest(target.as_bytes())[..8]);
        let path = root
            .join(".gongkai-cache/deploy")
            .join(format!("{name}.txt"));
        let build = format!("build {}", hex(&Sha256::digest(manifest)));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut lines = text.lines();
        let done = if lines.next() == Some(build.as_str()) {
            lines.map(str::to_string).collect()
        } else {
            HashSet::new()
        };
        let file = std::fs::create_dir_all(path.parent().unwrap_or(root))
            .and_then(|()| {
                let mut f = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)?;
                if done.is_empty() {
                    f.set_len(0)?;
                    writeln!(f, "{build}")?;
                }
                Ok(f)
            })
            .ok();
        Journal {
            path,
            file: Mutex::new(file),
            done,
        }
    }

    /// Whether an earlier run put `path` in place.
    pub fn has(&self, path: &str) -> bool {
        self.done.contains(path)
    }

    /// How many files earlier runs put in place.
    pub fn len(&self) -> usize {
        self.done.len()
    }

    /// Whether no earlier run left files.
    pub fn is_empty(&self) -> bool {
        self.done.is_empty()
    }

    /// Notes that `path` is in place.
    pub fn record(&self, path: &str) {
        if path.contains(['\n', '\r']) {
            return;
        }
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = file.as_mut() {
            let _ = writeln!(f, "{path}");
        }
    }

    /// Removes the journal (the deploy is complete).
    pub fn finish(self) {
        drop(self.file);
        let _ = std::fs::remove_file(&self.path);
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
