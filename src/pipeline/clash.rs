//! Output files that two sources claim: a document whose slug is that of a page gongkai makes
//! (`search`, `year`, `404.html`), a file of `static/` or `content/` at the path of a page, a
//! file where another source needs a folder (`static/sitemap` and `/sitemap/`). Each is an error
//! at the webmaster's file, naming the other source; nothing is silently replaced.

use std::collections::hash_map::Entry as HashEntry;
use std::collections::{BTreeMap, HashMap};

use super::*;
use crate::pipeline::outputs::is_sitemap_file;

/// Adds an output file unless its path is taken; a later claim is kept in `clashes`.
pub(super) fn claim(
    outputs: &mut BTreeMap<String, Origin>,
    clashes: &mut Vec<(String, Origin)>,
    path: String,
    origin: Origin,
) {
    match outputs.entry(path) {
        std::collections::btree_map::Entry::Vacant(v) => {
            v.insert(origin);
        }
        std::collections::btree_map::Entry::Occupied(o) => clashes.push((o.key().clone(), origin)),
    }
}

/// The output path that keeps `file` from being written: `file` itself, a folder above it that
/// is a file, or a file below it (then `file` would have to be a folder).
pub(super) fn taken(outputs: &BTreeMap<String, Origin>, file: &str) -> Option<String> {
    if outputs.contains_key(file) {
        return Some(file.to_string());
    }
    let mut above = file;
    while let Some((parent, _)) = above.rsplit_once('/') {
        if outputs.contains_key(parent) {
            return Some(parent.to_string());
        }
        above = parent;
    }
    let folder = format!("{file}/");
    (outputs.range(folder.clone()..).next())
        .filter(|(k, _)| k.starts_with(&folder))
        .map(|(k, _)| k.clone())
}

/// Which of two clashing outputs the webmaster would rename: a document's slug before a file,
/// a file before a section folder, any of them before what gongkai makes itself.
fn rank(origin: &Origin) -> u8 {
    match origin {
        Origin::Page(PageJob::Document(_), _) => 3,
        Origin::Copy(_) => 2,
        Origin::Page(
            PageJob::Section { .. } | PageJob::Term { .. } | PageJob::Directory { .. },
            _,
        ) => 1,
        _ => 0,
    }
}

impl Build {
    /// Reports the paths claimed twice while the output was mapped, and every output file that
    /// another output needs as a folder.
    pub(super) fn report_clashes(&mut self, clashes: Vec<(String, Origin)>) {
        let mut found: Vec<(String, Origin, Origin, Option<String>)> = clashes
            .into_iter()
            .map(|(path, later)| {
                let first = self.outputs[&path].clone();
                (path, first, later, None)
            })
            .collect();
        // Each folder once, with one file below it; then any folder that is also a file.
        let mut folders: HashMap<&str, &str> = HashMap::new();
        for key in self.outputs.keys() {
            let mut below = key.as_str();
            while let Some((parent, _)) = below.rsplit_once('/') {
                match folders.entry(parent) {
                    HashEntry::Occupied(_) => break,
                    HashEntry::Vacant(v) => {
                        v.insert(key);
                    }
                }
                below = parent;
            }
        }
        for (file, origin) in &self.outputs {
            if let Some(&child) = folders.get(file.as_str()) {
                let inner = self.outputs[child].clone();
                found.push((file.clone(), origin.clone(), inner, Some(child.to_string())));
            }
        }
        for name in [crate::manifest::MANIFEST, crate::manifest::SIGNATURE] {
            if let Some(origin) = self.outputs.get(name) {
                let message = format!(
                    "{}要写到 {name}，但这个文件名留给 gongkai 的发布清单：请改名",
                    self.describe(origin, name)
                );
                let d = match self.source(origin) {
                    Some((file, line, column, _)) => {
                        Diagnostic::error(&file, line, column, message)
                    }
                    None => Diagnostic::error(Path::new(name), 0, 0, message),
                };
                self.diagnostics.push(d);
            }
        }
        // The 关怀版 twin of a clash between two pages is the same mistake: reported once.
        let mut pairs = std::collections::HashSet::new();
        for (path, first, later, child) in found {
            if let (Origin::Page(a, _), Origin::Page(b, _)) = (&first, &later) {
                if !pairs.insert((a.clone(), b.clone())) {
                    continue;
                }
            }
            let d = self.clash(&path, &first, &later, child.as_deref());
            self.diagnostics.push(d);
        }
    }

    /// One clash as an error at the source the webmaster would rename ([`rank`]; the later claim
    /// when both rank alike), naming the other.
    fn clash(&self, path: &str, first: &Origin, later: &Origin, child: Option<&str>) -> Diagnostic {
        let later_is_culprit = rank(later) >= rank(first);
        let (culprit, other) = if later_is_culprit {
            (later, first)
        } else {
            (first, later)
        };
        let what = match child {
            None => format!(
                "要写到 {path}，但这个文件已是{}",
                self.describe(other, path)
            ),
            Some(child) if later_is_culprit => format!(
                "要写到 {child}（把 {path} 当作文件夹），但 {path} 已是{}",
                self.describe(other, path)
            ),
            Some(child) => format!(
                "要写到文件 {path}，但{}要写到 {child}，需要 {path} 是文件夹",
                self.describe(other, child)
            ),
        };
        let rename = match culprit {
            Origin::Page(PageJob::Document(_), _) => "请为文档写不同的 slug",
            Origin::Page(..) => "请给栏目文件夹改名",
            _ => "请给文件改名",
        };
        let message = format!(
            "{}{what}：两者不能同在一个网址，{rename}",
            self.describe(culprit, path)
        );
        match self.source(culprit) {
            Some((file, line, column, field)) => {
                let d = Diagnostic::error(&file, line, column, message);
                match field {
                    Some(field) => d.with_field(field),
                    None => d,
                }
            }
            None => Diagnostic::error(Path::new(path), 0, 0, message),
        }
    }

    /// The file an output comes from, where it can be renamed: (file, line, column, field).
    fn source(&self, origin: &Origin) -> Option<(PathBuf, usize, usize, Option<&'static str>)> {
        let site = &self.site;
        match origin {
            Origin::Page(PageJob::Document(d), _) => {
                let source = &site.docs[*d].source;
                let (line, column) = source.meta.positions.get("slug").copied().unwrap_or((0, 0));
                Some((source.file.clone(), line, column, Some("slug（网址名）")))
            }
            Origin::Page(
                PageJob::Section { section, .. }
                | PageJob::Term { section, .. }
                | PageJob::Directory { section, .. },
                _,
            ) => Some((site.sections[*section].file.clone(), 0, 0, None)),
            Origin::Copy(from) => {
                let shown = from.strip_prefix(&self.options.root).unwrap_or(from);
                Some((shown.to_path_buf(), 0, 0, None))
            }
            _ => None,
        }
    }

    /// What the output at `path` is, for messages: `文档 content/a.md 的页面`, `检索页`,
    /// `static/a 的副本`, `订阅源`.
    fn describe(&self, origin: &Origin, path: &str) -> String {
        let site = &self.site;
        let section = |s: &usize| &site.sections[*s].title;
        match origin {
            Origin::Page(job @ (PageJob::Home | PageJob::NotFound | PageJob::Search), r)
                if *r == Rendition::Care =>
            {
                let standard = Origin::Page(job.clone(), Rendition::Standard);
                format!("关怀版的{}", self.describe(&standard, path))
            }
            Origin::Page(job, _) => match job {
                PageJob::Document(d) => {
                    format!("文档 {} 的页面", site.docs[*d].source.file.display())
                }
                PageJob::Section { section: s, .. } => format!("栏目“{}”的列表页", section(s)),
                PageJob::Term { section: s, .. } | PageJob::Directory { section: s, .. } => {
                    format!("栏目“{}”的目录页", section(s))
                }
                PageJob::Home => "首页".into(),
                PageJob::NotFound => "404 页".into(),
                PageJob::Search => "检索页".into(),
                PageJob::Sitemap => "网站地图页".into(),
            },
            Origin::Copy(_) => match self.source(origin) {
                Some((file, ..)) => format!("文件 {} 的副本", file.display()),
                None => "复制的文件".into(),
            },
            Origin::Bytes(_) => {
                let path = path.strip_prefix(Rendition::Care.dir()).unwrap_or(path);
                let what = if path.ends_with("atom.xml") {
                    "订阅源"
                } else if is_sitemap_file(path) {
                    "网站地图文件"
                } else if path.starts_with("search/") {
                    "检索索引的文件"
                } else if path.starts_with("static/") {
                    "主题的文件"
                } else if path == "catalog.json" {
                    "信息公开目录数据"
                } else {
                    "站点生成的文件"
                };
                what.into()
            }
            Origin::SearchFragment(_) => "检索索引的文件".into(),
        }
    }
}
