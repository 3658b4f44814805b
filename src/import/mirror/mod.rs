//! `gongkai import --site MIRROR/`: a whole old site, saved by `wget --mirror`, HTTrack or a
//! browser, becomes the content of this site. Every page is looked at ([`classify`]); articles
//! are imported as `import` imports one page, into the section of their old column (from the
//! breadcrumb, the list page that links them, or the old path), with the files they link that
//! are in the mirror; a document found under two columns is imported once; every old address is
//! kept (`aliases`, or the redirect maps of [`redirects`] for addresses served by a program);
//! and the migration is reported page by page ([`report`]). A second run over the same mirror
//! replaces what the first wrote and gives the same files.

pub mod address;
pub mod classify;
pub mod redirects;
pub mod report;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::html::{read_parsed, MirrorPlace};
use super::model::{Block, Extracted};
use super::write::ImportTarget;
use super::{ImportOptions, SourceKind};
use crate::config::Config;
use crate::content::load::load;
use classify::{survey, PageKind, Survey};
use redirects::Moved;
use report::{Migration, PageReport};

/// Where the migration report and redirect maps are written, under the site root.
pub const REPORT_DIR: &str = "migration";

/// What to migrate and where.
#[derive(Debug, Clone)]
pub struct MirrorOptions {
    /// The mirror's folder.
    pub mirror: PathBuf,
    /// Site root (holds `config.yaml` and `content/`).
    pub root: PathBuf,
    /// Report only; write nothing.
    pub dry_run: bool,
}

/// One page of the mirror as read.
struct Page {
    /// Path relative to the mirror, for the report.
    file: String,
    /// Its old path (with query).
    old_path: String,
    /// What it is, or why it could not be read.
    survey: Result<Survey, String>,
    /// The document, for an article.
    doc: Option<Result<Extracted, String>>,
}

/// Runs the migration. `progress` is told how many pages have been read, of how many.
pub fn migrate(opts: &MirrorOptions, progress: &(dyn Fn(usize, usize) + Sync)) -> Migration {
    let (site_root, host) = address::site_root(&opts.mirror);
    let files = page_files(&site_root);
    let done = AtomicUsize::new(0);
    let total = files.len();
    let mut pages: Vec<Page> = files
        .par_iter()
        .map(|f| {
            let page = read_page(&opts.mirror, &site_root, host.as_deref(), f);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            page
        })
        .collect();
    let mut diags = crate::diagnostics::Diagnostics::new();
    let config = Config::load(&opts.root, &mut diags);
    let previous = report::previous_outputs(&opts.root);
    let mut loaded = load(&opts.root, true, &mut diags);
    // Documents an earlier run wrote are replaced, not kept beside: their 索引号 are free again.
    loaded
        .documents
        .retain(|d| !previous.contains(&opts.root.join(&d.file)));
    let columns = Columns::new(&pages);
    let mut out = Migration::default();
    let mut site = ImportTarget::new(
        &config,
        &loaded,
        &ImportOptions {
            root: opts.root.clone(),
            section: "wenzhang".into(),
            dry_run: opts.dry_run,
            force: false,
        },
    );
    site.set_replaceable(previous.clone());
    // The same document under two columns: the first (by file) is imported, the others point to it.
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let mut duplicates: Vec<(usize, usize)> = Vec::new();
    let mut articles: BTreeSet<usize> = BTreeSet::new();
    for (i, p) in pages.iter().enumerate() {
        if let Some(Ok(ex)) = &p.doc {
            match seen.get(&fingerprint(ex)) {
                Some(&first) => duplicates.push((i, first)),
                None => {
                    seen.insert(fingerprint(ex), i);
                    articles.insert(i);
                }
            }
        }
    }
    let mut also: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (dup, first) in &duplicates {
        also.entry(*first)
            .or_default()
            .push(pages[*dup].old_path.clone());
    }
    let mut new_url: HashMap<usize, String> = HashMap::new();
    let mut sections: BTreeMap<String, String> = BTreeMap::new();
    // Section indexes the site had before the migration: never replaced.
    let mut kept_indexes: BTreeSet<PathBuf> = BTreeSet::new();
    // Each document is taken out of its page as it is written (the pages keep their addresses).
    for (i, p) in pages.iter_mut().enumerate() {
        let mut r = PageReport::new(&p.file, &p.old_path);
        match (&p.survey, p.doc.take()) {
            (Err(why), _) => r.skip("无法读取", why),
            (Ok(s), None) => r.skip(kind_name(&s.kind), &s.why),
            (Ok(_), Some(Err(why))) => r.skip("不是文档", &why),
            (Ok(_), Some(Ok(_))) if !articles.contains(&i) => {}
            (Ok(s), Some(Ok(mut ex))) => {
                let (section, title) = columns.section_of(p, s);
                if !sections.contains_key(&section) {
                    let index = opts.root.join("content").join(&section).join("_index.md");
                    if index.exists() && !previous.contains(&index) {
                        kept_indexes.insert(index);
                    }
                    sections.insert(section.clone(), title);
                }
                site.set_section(&section, &loaded);
                ex.old_paths = also.get(&i).cloned().unwrap_or_default();
                ex.old_paths.insert(0, p.old_path.clone());
                let missing = std::mem::take(&mut ex.missing_files);
                let source = opts.mirror.join(&p.file);
                match site.draft(&source, SourceKind::Html, ex) {
                    Ok(draft) => {
                        let url = report::url_of(&opts.root, &draft.target);
                        new_url.insert(i, url.clone());
                        r.imported(
                            &s.why,
                            &section,
                            &site.display(&draft.target),
                            &url,
                            &draft,
                            missing,
                        );
                        if !opts.dry_run {
                            if let Err(e) = site.save(&draft) {
                                r.failed(&e);
                            }
                        }
                    }
                    Err(e) => r.skip("未导入", &e),
                }
            }
        }
        out.pages.push(r);
    }
    for (dup, first) in &duplicates {
        let first_page = &pages[*first];
        let r = &mut out.pages[*dup];
        r.duplicate(&first_page.file, new_url.get(first).map(String::as_str));
    }
    // Old addresses served by a program move through the redirect maps.
    let first_of: HashMap<usize, usize> = duplicates.iter().copied().collect();
    for (i, r) in out.pages.iter().enumerate() {
        let target = new_url
            .get(&i)
            .or_else(|| first_of.get(&i).and_then(|f| new_url.get(f)));
        if let Some(to) = target {
            if address::is_dynamic(&r.old_path) {
                out.moved.push(Moved {
                    from: r.old_path.clone(),
                    to: to.clone(),
                });
            }
        }
    }
    out.moved.sort();
    out.sections = sections;
    out.mirror_host = host;
    if !opts.dry_run {
        let written = write_sections(&opts.root, &out.sections, &kept_indexes);
        if let Err(e) = written.and_then(|()| report::write(&opts.root, &out)) {
            out.errors.push(e);
        }
    }
    out
}

/// Writes each section's `_index.md` with the old column's title (unless the site had one
/// before the migration).
fn write_sections(
    root: &Path,
    sections: &BTreeMap<String, String>,
    kept: &BTreeSet<PathBuf>,
) -> Result<(), String> {
    for (dir, title) in sections {
        let path = root.join("content").join(dir).join("_index.md");
        if kept.contains(&path) {
            continue;
        }
        crate::fs::create_dir_all(path.parent().unwrap_or(root)).map_err(|e| e.with_reason())?;
        let text = format!(
            "---\ntitle: {}\n---\n",
            serde_json::to_string(title).unwrap_or_default()
        );
        std::fs::write(&path, text).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    }
    Ok(())
}

fn kind_name(kind: &PageKind) -> &'static str {
    match kind {
        PageKind::Article => "文章",
        PageKind::List => "栏目列表",
        PageKind::Search => "搜索页面",
        PageKind::Navigation => "导航页面",
        PageKind::Error => "错误页面",
    }
}

/// The saved pages under the site root, sorted (tool folders such as HTTrack's `hts-cache`
/// left out).
fn page_files(site_root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(site_root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let n = e.file_name().to_string_lossy();
            e.depth() == 0 || !(n.starts_with('.') || n == "hts-cache")
        })
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| address::is_page_name(&e.file_name().to_string_lossy()))
        .map(|e| e.into_path())
        .collect()
}

fn read_page(mirror: &Path, site_root: &Path, host: Option<&str>, file: &Path) -> Page {
    let rel = file
        .strip_prefix(mirror)
        .unwrap_or(file)
        .to_string_lossy()
        .into_owned();
    let mut old_path = address::old_path(site_root, file).unwrap_or_else(|| format!("/{rel}"));
    let fail = |old_path: String, why: String| Page {
        file: rel.clone(),
        old_path,
        survey: Err(why),
        doc: None,
    };
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return fail(old_path, format!("无法读取：{}", crate::fs::reason(&e))),
    };
    let decoded = match super::charset::decode(&bytes) {
        Ok(d) => d,
        Err(e) => return fail(old_path, e),
    };
    let httrack = address::httrack_address(&decoded.text);
    if let Some(p) = httrack.as_deref().and_then(address::path_of) {
        old_path = p;
    }
    let parsed = scraper::Html::parse_document(&decoded.text);
    let s = survey(&parsed, &old_path);
    let doc = (s.kind == PageKind::Article).then(|| {
        let place = MirrorPlace {
            site_root: site_root.to_path_buf(),
            address: httrack.or_else(|| host.map(|h| format!("http://{h}{old_path}"))),
        };
        read_parsed(&decoded, &parsed, file, Some(&place)).map(|mut ex| {
            if let Some(day) = file_day(file) {
                ex.state("date", &day, "镜像文件的修改时间（页面上没有发布日期）");
            }
            ex
        })
    });
    Page {
        file: rel,
        old_path,
        survey: Ok(s),
        doc,
    }
}

/// The day a mirror file was last changed (wget keeps the server's Last-Modified), +08:00.
fn file_day(file: &Path) -> Option<String> {
    let modified = std::fs::metadata(file).ok()?.modified().ok()?;
    let ts = jiff::Timestamp::try_from(modified).ok()?;
    let offset = jiff::tz::Offset::constant(8);
    Some(offset.to_datetime(ts).date().to_string())
}

/// What makes two pages the same document: their body text (spaces removed) and title.
fn fingerprint(ex: &Extracted) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ex.stated
        .get("title")
        .map(|(t, _)| super::gongwen::squeeze(t))
        .hash(&mut h);
    for b in &ex.blocks {
        let text = match b {
            Block::Para(p) => p.plain(),
            Block::Table(t) => t
                .rows
                .iter()
                .flatten()
                .flat_map(|c| c.paras().into_iter().map(|p| p.plain()))
                .collect(),
        };
        super::gongwen::squeeze(&text).hash(&mut h);
    }
    h.finish()
}

/// The old site's columns: list pages by their old path, and which list links each page.
struct Columns {
    /// Old path of a page → (column path, column title) of the first list page linking it.
    listed_in: HashMap<String, (String, String)>,
}

impl Columns {
    fn new(pages: &[Page]) -> Columns {
        let mut listed_in = HashMap::new();
        for p in pages {
            let Ok(s) = &p.survey else { continue };
            if s.kind != PageKind::List {
                continue;
            }
            let title = s
                .crumbs
                .last()
                .filter(|(t, _)| t != "首页")
                .map(|(t, _)| t.clone())
                .unwrap_or_else(|| s.heading.clone());
            let column = folder_of(&p.old_path);
            for href in &s.items {
                if let Some(target) = resolve(&p.old_path, href) {
                    listed_in
                        .entry(target)
                        .or_insert_with(|| (column.clone(), title.clone()));
                }
            }
        }
        Columns { listed_in }
    }

    /// The section (folder under `content/`) and its title for an article: from its
    /// breadcrumb, else the list page that links it, else its old folder.
    fn section_of(&self, p: &Page, s: &Survey) -> (String, String) {
        let crumb = s.crumbs.iter().rev().find(|(t, h)| {
            t != "首页"
                && !h.is_empty()
                && !h.starts_with('#')
                && !h.to_ascii_lowercase().starts_with("javascript")
                && resolve(&p.old_path, h).is_some_and(|r| r != p.old_path)
        });
        let (path, title) = match crumb {
            Some((t, h)) => (
                resolve(&p.old_path, h)
                    .map(|r| folder_of(&r))
                    .unwrap_or_default(),
                t.clone(),
            ),
            None => match self.listed_in.get(&p.old_path) {
                Some((c, t)) => (c.clone(), t.clone()),
                None => {
                    let f = folder_of(&p.old_path);
                    let t = f
                        .rsplit('/')
                        .find(|x| !x.is_empty())
                        .unwrap_or("")
                        .to_string();
                    (f, t)
                }
            },
        };
        let dir = section_dir(&path);
        let title = if title.trim().is_empty() {
            dir.rsplit('/').next().unwrap_or(&dir).to_string()
        } else {
            title
        };
        (dir, title)
    }
}

/// A link of a page made an old path (`./a.html` on `/x/y/z.html` → `/x/y/a.html`); `None` for
/// other hosts and non-page schemes.
fn resolve(base: &str, href: &str) -> Option<String> {
    let href = href.split('#').next()?.trim();
    if href.is_empty() {
        return None;
    }
    let href = if let Some(rest) = href.split_once("://").map(|(_, r)| r) {
        rest.find('/')
            .map_or("/".to_string(), |i| rest[i..].to_string())
    } else if href.contains(':') && !href.contains('?') {
        return None;
    } else {
        href.to_string()
    };
    let (path, query) = href
        .split_once('?')
        .map_or((href.as_str(), None), |(p, q)| (p, Some(q)));
    let base_path = base.split('?').next().unwrap_or(base);
    let joined = if path.starts_with('/') {
        path.to_string()
    } else if path.is_empty() {
        base_path.to_string()
    } else {
        let dir = base_path.rsplit_once('/').map_or("", |(d, _)| d);
        format!("{dir}/{path}")
    };
    let mut norm = format!("/{}", crate::text::normalize(&joined));
    if joined.ends_with('/') && !norm.ends_with('/') {
        norm.push('/');
    }
    if norm.ends_with('/') {
        norm.push_str("index.html");
    }
    Some(match query {
        Some(q) => format!("{norm}?{q}"),
        None => norm,
    })
}

/// The column folder of an old path: its folder, without dated folders (`202101`, `2021-01`)
/// a CMS files documents in; a list served by a program keeps its query
/// (`/list.jsp?catid=5` → `/list.jsp?catid=5`).
fn folder_of(old_path: &str) -> String {
    if let Some((p, q)) = old_path.split_once('?') {
        let name = p.rsplit('/').next().unwrap_or(p);
        let stem = name.split('.').next().unwrap_or(name);
        if matches!(stem, "list" | "index" | "column" | "lm" | "channel") || q.contains("cat") {
            return format!("{p}?{q}");
        }
        return p
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_string());
    }
    let dir = old_path.rsplit_once('/').map_or("", |(d, _)| d);
    let parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let mut keep = parts.len();
    while keep > 0 && is_dated(parts[keep - 1]) {
        keep -= 1;
    }
    format!("/{}", parts[..keep].join("/"))
}

fn is_dated(seg: &str) -> bool {
    let digits: String = seg.chars().filter(|c| c.is_ascii_digit()).collect();
    digits.len() >= 4
        && seg
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '_')
}

/// A section folder from a column path: lower-case ASCII letters, digits, `-` and `_` only;
/// the query of a program's list (`/list.jsp?catid=5`) becomes `list-catid-5`.
fn section_dir(path: &str) -> String {
    let clean = |s: &str| -> String {
        let mut out = String::new();
        for c in s.chars() {
            if c.is_ascii_alphanumeric() || c == '_' {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        out.trim_matches('-').to_string()
    };
    let (p, q) = path.split_once('?').unwrap_or((path, ""));
    let mut segs: Vec<String> = p
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.split_once('.').map_or(s, |(stem, _)| stem))
        .map(clean)
        .filter(|s| !s.is_empty())
        .collect();
    if !q.is_empty() {
        let last = segs.pop().unwrap_or_default();
        segs.push(clean(&format!("{last}-{q}")));
    }
    if segs.is_empty() {
        return "wenzhang".into();
    }
    segs.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_columns() {
        assert_eq!(
            resolve("/xxgk/tzgg/index.html", "./202101/t1.html").as_deref(),
            Some("/xxgk/tzgg/202101/t1.html")
        );
        assert_eq!(
            resolve("/xxgk/tzgg/index.html", "../zcwj/").as_deref(),
            Some("/xxgk/zcwj/index.html")
        );
        assert_eq!(
            resolve("/list.jsp?catid=5", "art.jsp?id=1").as_deref(),
            Some("/art.jsp?id=1")
        );
        assert_eq!(
            resolve("/a.html", "http://www.x.gov.cn/b/c.html").as_deref(),
            Some("/b/c.html")
        );
        assert_eq!(resolve("/a.html", "mailto:x@y.cn"), None);
        assert_eq!(
            folder_of("/xxgk/zcwj/202101/t20210119_1.html"),
            "/xxgk/zcwj"
        );
        assert_eq!(folder_of("/list.jsp?catid=5"), "/list.jsp?catid=5");
        assert_eq!(section_dir("/xxgk/zcwj"), "xxgk/zcwj");
        assert_eq!(section_dir("/list.jsp?catid=5"), "list-catid-5");
        assert_eq!(section_dir("/"), "wenzhang");
    }
}
