//! Watch mode: file-system events → what changed → the smallest rebuild that keeps the output
//! right.
//!
//! An edited document ([`Change::Document`]) re-renders its page, its old and new neighbours, the
//! listing and directory pages between its old and new position, and the home page. A new,
//! deleted or renamed document ([`Change::Documents`]) is added to or taken out of the site tree
//! in place: its page first, then the listings that hold it. Anything else — a section index, an
//! asset, a template, `config.yaml` — runs the whole pipeline again and writes only the files
//! whose bytes changed. A change that breaks the site is reported and the last good output stays.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{
    new_debouncer, new_debouncer_opt, DebounceEventResult, Debouncer, FileIdCache, FileIdMap,
};

use crate::content::load::is_ignored;
use crate::content::tree::Site;
use crate::pipeline::{Build, BuildOptions};
pub use crate::pipeline::{Change, Update};

/// Classifies changed paths (absolute, under `root`).
pub fn classify(root: &Path, site: &Site, paths: &[PathBuf]) -> Change {
    let mut docs = BTreeSet::new();
    let (mut added, mut removed) = (BTreeSet::new(), BTreeSet::new());
    let mut relevant = false;
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if is_ignored(&name) || name.ends_with(".gongkai-new") {
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let watched = rel == "config.yaml"
            || rel == crate::inspect::wordlist::FILE
            || [
                "content/",
                "static/",
                "themes/",
                "review/",
                "reviewers/",
                "register/",
            ]
            .iter()
            .any(|p| rel.starts_with(p));
        if !watched {
            continue;
        }
        let Some(content_rel) = rel.strip_prefix("content/") else {
            return Change::Site;
        };
        let known = site.doc_by_source.contains_key(content_rel)
            || site.assets.iter().any(|a| a.rel == content_rel)
            || site
                .sections
                .iter()
                .any(|s| s.dir == content_rel.trim_end_matches("/_index.md"));
        if !path.exists() && !known {
            // A temporary file that came and went (editors' atomic saves).
            continue;
        }
        relevant = true;
        let is_doc = content_rel.ends_with(".md") && !content_rel.ends_with("_index.md");
        let in_section = || {
            let dir = content_rel.rsplit_once('/').map_or("", |(d, _)| d);
            site.sections.iter().any(|s| s.dir == dir)
        };
        match site.doc_by_source.get(content_rel) {
            Some(&i) if is_doc && path.is_file() => {
                docs.insert(i);
            }
            Some(&i) if is_doc && !path.exists() => {
                removed.insert(i);
            }
            None if is_doc && path.is_file() && in_section() => {
                added.insert(content_rel.to_string());
            }
            _ => return Change::Site,
        }
    }
    if !relevant {
        Change::Nothing
    } else if !added.is_empty() || !removed.is_empty() {
        Change::Documents {
            edited: docs,
            added,
            removed,
        }
    } else if docs.is_empty() {
        Change::Site
    } else {
        Change::Document(docs)
    }
}

/// What the watcher reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Watched {
    /// Files changed (absolute paths).
    Changed(Vec<PathBuf>),
    /// No file changed for [`QUIET`].
    Quiet,
}

/// How long no file must change before the watcher reports [`Watched::Quiet`].
pub const QUIET: Duration = Duration::from_millis(50);

/// A build kept in memory between changes.
pub struct Session {
    /// The current build (its files are the last good output).
    pub build: Build,
    /// The second steps of the updates applied since the watcher was last quiet.
    later: Option<crate::pipeline::Later>,
}

impl Session {
    /// Starts from a full build (every file made once, to find template errors; none kept).
    pub fn new(options: BuildOptions) -> Session {
        let mut session = Session::prepare(options);
        // Discarding cannot fail.
        let _ = session.build.render(&crate::pipeline::Discard);
        session
    }

    /// Starts from a build that has mapped its output but made no file yet
    /// ([`Build::prepare`]): the caller renders it.
    pub fn prepare(mut options: BuildOptions) -> Session {
        // Events carry absolute paths: compare them with an absolute root.
        if let Ok(root) = options.root.canonicalize() {
            options.root = root;
        }
        Session {
            build: Build::prepare(options),
            later: None,
        }
    }

    /// Applies changed paths and returns what to write.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Update {
        let started = Instant::now();
        let change = if self.build.needs_full_rebuild() {
            Change::Site
        } else {
            classify(&self.build.options().root, self.build.site(), paths)
        };
        if change == Change::Nothing {
            return Update::default();
        }
        let mut update = self.build.update(&change);
        if update.failed {
            update.later = None;
        }
        if let Some(later) = update.later.take() {
            self.later.get_or_insert_with(Default::default).merge(later);
        }
        let names: Vec<String> = paths
            .iter()
            .filter_map(|p| p.strip_prefix(&self.build.options().root).ok())
            .map(|p| p.display().to_string())
            .take(3)
            .collect();
        summarize(&mut update, &names.join("、"), started);
        update
    }
    /// Judges the site again when the real time has reached a moment it changes at (a
    /// scheduled document is due, a term ends, a new day begins): `None` until then. Watch mode
    /// calls it whenever no file has changed for a moment.
    pub fn tick(&mut self) -> Option<Update> {
        if !self.build.clock_due() {
            return None;
        }
        let started = Instant::now();
        let mut update = self.build.update(&Change::Site);
        let why = "到了定时发布、失效或公示截止的时间，或新的一天";
        summarize(&mut update, why, started);
        Some(update)
    }

    /// Runs the second steps of the updates applied since the watcher was last quiet
    /// ([`Update::later`]): the search index, feeds and catalog, and, when `pages`, the listings
    /// new or deleted documents shifted (the preview server renders pages on request and needs
    /// not). `None` when there was nothing to do.
    pub fn catch_up(&mut self, pages: bool) -> Option<Update> {
        let mut later = self.later.take()?;
        if !pages {
            later.pages.clear();
        }
        let started = Instant::now();
        let mut update = self.build.update_later(&later);
        update.summary = format!(
            "已更新检索索引、订阅和列表页 {} 个文件，删除 {} 个，用时 {} 毫秒",
            update.written.len(),
            update.removed.len(),
            started.elapsed().as_millis()
        );
        Some(update)
    }
}

/// The line printed after an update: what was done, why (the files changed), what was found
/// and how long it took.
fn summarize(update: &mut Update, why: &str, started: Instant) {
    let what = if update.failed {
        "重新生成失败，已保留上次的输出".to_string()
    } else {
        format!(
            "已更新 {} 个文件，删除 {} 个",
            update.written.len(),
            update.removed.len()
        )
    };
    update.summary = format!(
        "{what}（{why}）：{} 个错误，{} 条警告，用时 {} 毫秒",
        update.diagnostics.error_count(),
        update.diagnostics.warning_count(),
        started.elapsed().as_millis()
    );
}

/// Applies an update to an output folder on disk (`build --watch`).
pub fn write_update(update: &Update, output: &Path) -> anyhow::Result<()> {
    crate::pipeline::write_files(&update.written, output)?;
    for rel in &update.removed {
        let path = output.join(rel);
        if path.is_file() {
            std::fs::remove_file(&path)?;
        }
        // Remove folders left empty.
        let mut dir = path.parent();
        while let Some(d) = dir {
            if d == output || std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(())
}

/// Quiet time after the last event of a burst before a rebuild starts: long enough to join an
/// editor's write-to-temporary-file-and-rename, short enough to feel instant.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// How often the debouncer looks for bursts that have gone quiet.
const TICK: Duration = Duration::from_millis(10);

/// Reads (which the build itself causes) and metadata-only changes are not edits.
fn is_content_change(kind: &notify::EventKind) -> bool {
    use notify::event::{EventKind, ModifyKind};
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Any | EventKind::Other | EventKind::Access(_) => false,
    }
}

fn add_watches<T: notify::Watcher, C: FileIdCache>(
    d: &mut Debouncer<T, C>,
    root: &Path,
) -> anyhow::Result<()> {
    for dir in ["content", "static", "themes", "review", "reviewers"] {
        let p = root.join(dir);
        if p.is_dir() {
            d.watch(&p, RecursiveMode::Recursive)?;
        }
    }
    // The root folder (not the file) for config.yaml: editors replace files on save.
    d.watch(root, RecursiveMode::NonRecursive)?;
    Ok(())
}

/// Watches the site's sources and calls `on_event` with each debounced batch of changed paths,
/// and with [`Watched::Quiet`] whenever nothing changed for [`QUIET`]. `ready` is called once
/// every folder is watched. Returns when `on_event` returns `false` or the watcher fails.
pub fn watch(
    root: &Path,
    poll: bool,
    ready: impl FnOnce(),
    mut on_event: impl FnMut(Watched) -> bool,
) -> anyhow::Result<()> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let root = root.canonicalize()?;
    let timeout = DEBOUNCE;
    // Keeps the watcher alive for as long as events are read.
    let _watcher: Box<dyn std::any::Any> = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(300));
        let mut d = new_debouncer_opt::<_, notify::PollWatcher, _>(
            timeout,
            Some(TICK),
            tx,
            FileIdMap::new(),
            config,
        )?;
        add_watches(&mut d, &root)?;
        Box::new(d)
    } else {
        let mut d = new_debouncer(timeout, Some(TICK), tx)?;
        add_watches(&mut d, &root)?;
        Box::new(d)
    };
    ready();
    loop {
        let result = match rx.recv_timeout(QUIET) {
            Ok(result) => result,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if !on_event(Watched::Quiet) {
                    break;
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!("监视文件时出错：{e}");
                }
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| is_content_change(&e.event.kind))
            .flat_map(|e| e.event.paths)
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() && !on_event(Watched::Changed(paths)) {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "watch_tests.rs"]
mod tests;
