//! The plan of a deploy: which files of the new build to upload (new and changed ones, by the
//! manifest already on the target), in which order, and which to delete afterwards.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::order::{copy_of, kind, Kind};
use crate::manifest::{Manifest, MANIFEST, SIGNATURE};
use crate::output::FileEntry;

/// One file to upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// Path relative to the site root (`/`-separated).
    pub path: String,
    /// Its kind (which decides its turn).
    pub kind: Kind,
    /// Bytes.
    pub size: u64,
}

/// What a deploy does.
#[derive(Debug, Default)]
pub struct Plan {
    /// Files to upload, in upload order (kind, then path).
    pub uploads: Vec<Upload>,
    /// Files to delete once the new manifest is in place, with their size when known.
    pub deletes: Vec<(String, u64)>,
    /// Files already on the target as built: count and bytes.
    pub unchanged: (usize, u64),
    /// `.gz`/`.br` copies left out (object storage).
    pub copies_left_out: usize,
}

/// What the target holds before the deploy.
pub struct OnTarget<'a> {
    /// Its manifest (empty when there is none).
    pub manifest: &'a Manifest,
    /// Its manifest and signature files' bytes, to see whether they change.
    pub manifest_files: &'a BTreeMap<&'static str, Vec<u8>>,
    /// Deletions an interrupted deploy left to do.
    pub pending: &'a [String],
}

impl Plan {
    /// Compares the new build (`new`, its files in `public`) with what is on the target.
    pub fn make(target: &OnTarget<'_>, new: &Manifest, public: &Path, skip_copies: bool) -> Plan {
        let mut plan = Plan::default();
        let left_out = |path: &str, m: &Manifest| skip_copies && copy_of(path, m).is_some();
        for (path, entry) in &new.files {
            if left_out(path, new) {
                plan.copies_left_out += 1;
                continue;
            }
            if target.manifest.files.get(path) == Some(entry) {
                plan.unchanged.0 += 1;
                plan.unchanged.1 += entry.size;
                continue;
            }
            let kind = match kind(path, new, public) {
                Kind::Document if !target.manifest.files.contains_key(path) => Kind::NewDocument,
                kind => kind,
            };
            plan.uploads.push(Upload {
                path: path.clone(),
                kind,
                size: entry.size,
            });
        }
        for name in [MANIFEST, SIGNATURE] {
            let built = std::fs::read(public.join(name)).ok();
            let there = target.manifest_files.get(name);
            match (built, there) {
                (Some(b), Some(t)) if &b == t => {
                    plan.unchanged.0 += 1;
                    plan.unchanged.1 += b.len() as u64;
                }
                (Some(b), _) => plan.uploads.push(Upload {
                    path: name.into(),
                    kind: Kind::Manifest,
                    size: b.len() as u64,
                }),
                (None, Some(t)) => plan.deletes.push((name.into(), t.len() as u64)),
                (None, None) => {}
            }
        }
        plan.uploads
            .sort_by(|a, b| (a.kind, &a.path).cmp(&(b.kind, &b.path)));
        let mut gone: BTreeSet<(String, u64)> = target
            .manifest
            .files
            .iter()
            .filter(|(p, _)| !new.files.contains_key(*p) && !left_out(p, target.manifest))
            .map(|(p, e): (&String, &FileEntry)| (p.clone(), e.size))
            .collect();
        let listed =
            |p: &String| new.files.contains_key(p) || target.manifest.files.contains_key(p);
        gone.extend(
            target
                .pending
                .iter()
                .filter(|p| !listed(p))
                .map(|p| (p.clone(), 0)),
        );
        plan.deletes.extend(gone);
        plan
    }

    /// Count and bytes of the uploads of one kind.
    pub fn of_kind(&self, kind: Kind) -> (usize, u64) {
        self.uploads
            .iter()
            .filter(|u| u.kind == kind)
            .fold((0, 0), |(n, b), u| (n + 1, b + u.size))
    }

    /// Bytes to upload.
    pub fn upload_bytes(&self) -> u64 {
        self.uploads.iter().map(|u| u.size).sum()
    }

    /// The plan as lines for the user: counts and bytes per kind, deletions, unchanged files.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for kind in Kind::ALL {
            let (n, bytes) = self.of_kind(kind);
            out.push(format!(
                "  上传 {}：{n} 个文件，{}",
                kind.label(),
                size(bytes)
            ));
        }
        let deleted: u64 = self.deletes.iter().map(|d| d.1).sum();
        out.push(format!(
            "  删除（新清单就位之后）：{} 个文件，{}",
            self.deletes.len(),
            size(deleted)
        ));
        out.push(format!(
            "  不变：{} 个文件，{}",
            self.unchanged.0,
            size(self.unchanged.1)
        ));
        if self.copies_left_out > 0 {
            out.push(format!(
                "  不上传：{} 个 .gz/.br 预压缩副本（对象存储不能按浏览器的 Accept-Encoding 选用它们，压缩请交给 CDN）",
                self.copies_left_out
            ));
        }
        out
    }
}

/// Bytes as the plan shows them.
pub fn size(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.2} MB", bytes as f64 / 1_048_576.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(files: &[(&str, &str)]) -> Manifest {
        let mut m = Manifest::default();
        for (p, body) in files {
            m.files
                .insert((*p).into(), FileEntry::of_bytes(body.as_bytes()));
        }
        m
    }

    #[test]
    fn only_changes_are_uploaded_in_kind_order() {
        let old = manifest(&[("index.html", "a"), ("static/a.css", "x"), ("old.pdf", "p")]);
        let new = manifest(&[
            ("index.html", "b"),
            ("static/a.css", "x"),
            ("static/b.css", "y"),
            ("static/b.css.gz", "z"),
        ]);
        let files = BTreeMap::new();
        let pending = vec!["older.pdf".to_string(), "index.html".to_string()];
        let on = OnTarget {
            manifest: &old,
            manifest_files: &files,
            pending: &pending,
        };
        let dir = Path::new("/nonexistent");
        let plan = Plan::make(&on, &new, dir, false);
        let paths: Vec<&str> = plan.uploads.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(paths, ["static/b.css", "static/b.css.gz", "index.html"]);
        assert_eq!(plan.unchanged.0, 1);
        let deletes: Vec<&str> = plan.deletes.iter().map(|d| d.0.as_str()).collect();
        assert_eq!(deletes, ["old.pdf", "older.pdf"]);
        let plan = Plan::make(&on, &new, dir, true);
        assert_eq!(plan.copies_left_out, 1);
        assert_eq!(plan.uploads.len(), 2);
    }
}
