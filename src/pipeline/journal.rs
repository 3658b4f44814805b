//! Stage 8, the commit of a build into an existing output folder: only the files whose bytes
//! changed were written (into the staging folder beside the output); the commit moves them in and
//! deletes the files the new site no longer has, following a journal so that a build stopped
//! midway is finished by the next one.
//!
//! The journal (`.public.gongkai-journal` beside `public`) lists every move and deletion and is
//! written whole (a temporary file renamed into place) before the output is touched. A build
//! killed before that leaves the previous site as it was (the staging folder is dropped by the
//! next build); killed after, the next build first carries out the rest of the journal, which
//! gives the new site. Files new to the site go in first, changed files next, then the
//! deletions, and the manifest and its signature last, so that a page never links one that is
//! not there yet and the manifest never lists a file that is not yet written.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// One step of a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// Move the staged file at this path (relative to both folders) into the output.
    Move(String),
    /// Delete this file of the output.
    Delete(String),
}

/// The line that ends a complete journal.
const END: &str = "END";

/// The commit of `staging` into `output`: `written` are the staged files (relative paths, the
/// manifest files among them), `keep` every file of the new site, `found` every file the output
/// held when the build started ([`list_files`]). Writes the journal, then carries it out.
pub(super) fn commit(
    output: &Path,
    staging: &Path,
    journal: &Path,
    (written, keep): (&[String], &foldhash::HashSet<&str>),
    found: impl Iterator<Item = String>,
) -> anyhow::Result<()> {
    let last = [crate::manifest::MANIFEST, crate::manifest::SIGNATURE];
    let (mut new, mut changed, mut late) = (Vec::new(), Vec::new(), Vec::new());
    for rel in written {
        if last.contains(&rel.as_str()) {
            late.push(rel.clone());
        } else if std::fs::symlink_metadata(output.join(rel)).is_ok() {
            changed.push(rel.clone());
        } else {
            new.push(rel.clone());
        }
    }
    new.sort();
    changed.sort();
    late.sort();
    let mut stale: Vec<String> = found.filter(|rel| !keep.contains(rel.as_str())).collect();
    stale.sort();
    let steps: Vec<Step> = (new.into_iter().chain(changed).map(Step::Move))
        .chain(stale.into_iter().map(Step::Delete))
        .chain(late.into_iter().map(Step::Move))
        .collect();
    write_journal(journal, &steps)?;
    carry_out(output, staging, journal, &steps)
}

/// Finishes the commit a previous build left unfinished, if its journal is there; drops a
/// journal cut short (the output was not touched then).
pub(super) fn recover(output: &Path, staging: &Path, journal: &Path) -> anyhow::Result<()> {
    let temp = temp_of(journal);
    if temp.exists() {
        std::fs::remove_file(&temp).with_context(|| format!("无法删除 {}", temp.display()))?;
    }
    let Ok(text) = std::fs::read_to_string(journal) else {
        return Ok(());
    };
    match parse(&text) {
        Some(steps) => carry_out(output, staging, journal, &steps),
        None => {
            std::fs::remove_file(journal).with_context(|| format!("无法删除 {}", journal.display()))
        }
    }
}

/// Carries out `steps`, then removes the staging folder and the journal.
fn carry_out(output: &Path, staging: &Path, journal: &Path, steps: &[Step]) -> anyhow::Result<()> {
    apply(output, staging, steps)?;
    if staging.exists() {
        std::fs::remove_dir_all(staging)
            .with_context(|| format!("无法删除 {}", staging.display()))?;
    }
    std::fs::remove_file(journal).with_context(|| format!("无法删除 {}", journal.display()))
}

/// Carries out `steps`; each can be done again (a move whose staged file is gone was done).
fn apply(output: &Path, staging: &Path, steps: &[Step]) -> anyhow::Result<()> {
    for step in steps {
        match step {
            Step::Move(rel) => {
                let from = staging.join(rel);
                if std::fs::symlink_metadata(&from).is_err() {
                    continue;
                }
                let to = output.join(rel);
                clear_way(output, rel)?;
                std::fs::rename(&from, &to)
                    .with_context(|| format!("无法写入 {}", to.display()))?;
            }
            Step::Delete(rel) => {
                let path = output.join(rel);
                match std::fs::remove_file(&path) {
                    Ok(()) => prune(output, rel),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        return Err(e).with_context(|| format!("无法删除 {}", path.display()))
                    }
                }
            }
        }
    }
    Ok(())
}

/// Makes room for the file `rel` in `output`: its folders exist (a file of the old site in the
/// way of one is deleted), and a folder of the old site at its own path is deleted.
fn clear_way(output: &Path, rel: &str) -> anyhow::Result<()> {
    let mut at = output.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for part in &parts[..parts.len() - 1] {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.is_dir() => continue,
            Ok(_) => {
                std::fs::remove_file(&at).with_context(|| format!("无法删除 {}", at.display()))?
            }
            Err(_) => {}
        }
        std::fs::create_dir(&at).with_context(|| format!("无法创建 {}", at.display()))?;
    }
    let dest = output.join(rel);
    if std::fs::symlink_metadata(&dest).is_ok_and(|m| m.is_dir()) {
        std::fs::remove_dir_all(&dest).with_context(|| format!("无法删除 {}", dest.display()))?;
    }
    Ok(())
}

/// Removes the folders of `rel` that its deletion left empty (a clean build has none).
fn prune(output: &Path, rel: &str) {
    let mut folder = Path::new(rel).parent();
    while let Some(f) = folder.filter(|f| !f.as_os_str().is_empty()) {
        if std::fs::remove_dir(output.join(f)).is_err() {
            break;
        }
        folder = f.parent();
    }
}

/// What the walk of an output folder found of one file ([`list_files`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    /// A regular file (not a symbolic link or anything else).
    pub is_file: bool,
    /// Its size in bytes.
    pub len: u64,
    /// When it was last modified.
    pub modified: Option<std::time::SystemTime>,
}

/// Every file below `dir` (relative to it, `/`-separated, after `prefix`), in no particular
/// order, with what its directory entry says of it (symbolic links are files here: they are not
/// followed). Folders are read in parallel; each file is looked up from its folder, not from
/// the root, which at 100,000 files is most of the cost.
pub(super) fn list_files(dir: &Path, prefix: &str) -> anyhow::Result<Vec<(String, Found)>> {
    use rayon::prelude::*;
    let entries = std::fs::read_dir(dir).with_context(|| format!("无法读取 {}", dir.display()))?;
    let (mut files, mut folders) = (Vec::new(), Vec::new());
    for entry in entries {
        let entry = entry.with_context(|| format!("无法读取 {}", dir.display()))?;
        let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            folders.push((entry.path(), rel + "/"));
        } else {
            // `DirEntry::metadata` does not follow a symbolic link.
            let meta = entry.metadata().ok();
            let found = Found {
                is_file: meta.as_ref().is_some_and(std::fs::Metadata::is_file),
                len: meta.as_ref().map_or(0, std::fs::Metadata::len),
                modified: meta.and_then(|m| m.modified().ok()),
            };
            files.push((rel, found));
        }
    }
    let below: Vec<Vec<(String, Found)>> = (folders.par_iter())
        .map(|(path, rel)| list_files(path, rel))
        .collect::<anyhow::Result<_>>()?;
    files.extend(below.into_iter().flatten());
    Ok(files)
}

/// Writes the journal whole: into a temporary file, flushed to disk, renamed into place.
fn write_journal(journal: &Path, steps: &[Step]) -> anyhow::Result<()> {
    let mut text = String::new();
    for step in steps {
        let (kind, rel) = match step {
            Step::Move(rel) => ('M', rel),
            Step::Delete(rel) => ('D', rel),
        };
        text.push(kind);
        text.push_str(&serde_json::to_string(rel)?);
        text.push('\n');
    }
    text.push_str(END);
    text.push('\n');
    let temp = temp_of(journal);
    let mut file =
        std::fs::File::create(&temp).with_context(|| format!("无法写入 {}", temp.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("无法写入 {}", temp.display()))?;
    std::fs::rename(&temp, journal).with_context(|| format!("无法写入 {}", journal.display()))
}

/// Where the journal is written before it is renamed into place.
fn temp_of(journal: &Path) -> PathBuf {
    let mut name = journal.as_os_str().to_owned();
    name.push(".tmp");
    PathBuf::from(name)
}

/// The steps of a complete journal; `None` when it is cut short or not one.
fn parse(text: &str) -> Option<Vec<Step>> {
    let body = text.strip_suffix(&format!("{END}\n"))?;
    body.lines()
        .map(|line| {
            let rel: String = serde_json::from_str(line.get(1..)?).ok()?;
            if rel
                .split('/')
                .any(|p| p.is_empty() || p == "." || p == "..")
            {
                return None;
            }
            match line.as_bytes()[0] {
                b'M' => Some(Step::Move(rel)),
                b'D' => Some(Step::Delete(rel)),
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(dir: &Path, files: &[(&str, &str)]) {
        for (rel, text) in files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    fn files(dir: &Path) -> Vec<(String, String)> {
        let mut found = list_files(dir, "").unwrap();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        (found.into_iter())
            .map(|(rel, _)| {
                let text = std::fs::read_to_string(dir.join(&rel)).unwrap();
                (rel, text)
            })
            .collect()
    }

    #[test]
    fn a_commit_stopped_midway_is_finished_by_recovery() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, staging, journal) = (
            tmp.path().join("public"),
            tmp.path().join("staging"),
            tmp.path().join("journal"),
        );
        site(
            &out,
            &[
                ("a/index.html", "旧"),
                ("gone/index.html", "删"),
                ("b", "文件"),
            ],
        );
        site(
            &staging,
            &[
                ("a/index.html", "新"),
                ("b/index.html", "目录"),
                ("c.html", "增"),
            ],
        );
        let steps = vec![
            Step::Move("c.html".into()),
            Step::Move("b/index.html".into()),
            Step::Move("a/index.html".into()),
            Step::Delete("gone/index.html".into()),
        ];
        write_journal(&journal, &steps).unwrap();
        assert_eq!(
            parse(&std::fs::read_to_string(&journal).unwrap()),
            Some(steps.clone())
        );
        // Stopped after the first two moves: the rest is done by the next build.
        apply(&out, &staging, &steps[..2]).unwrap();
        recover(&out, &staging, &journal).unwrap();
        let expected: Vec<(String, String)> = [
            ("a/index.html", "新"),
            ("b/index.html", "目录"),
            ("c.html", "增"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(files(&out), expected);
        assert!(!staging.exists() && !journal.exists());
        assert!(!out.join("gone").exists(), "an emptied folder is removed");
    }

    #[test]
    fn a_journal_cut_short_is_dropped_and_the_output_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, journal) = (tmp.path().join("public"), tmp.path().join("journal"));
        site(&out, &[("a.html", "旧")]);
        std::fs::write(&journal, "M\"a.html\"\n").unwrap();
        std::fs::write(temp_of(&journal), "M\"a").unwrap();
        recover(&out, &tmp.path().join("staging"), &journal).unwrap();
        assert_eq!(files(&out), vec![("a.html".to_string(), "旧".to_string())]);
        assert!(!journal.exists() && !temp_of(&journal).exists());
        assert_eq!(parse("M\"../x\"\nEND\n"), None, "no path leaves the output");
    }
}
