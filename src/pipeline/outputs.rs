//! Stage 6, render: the output map (every page job in both renditions, and the files beside the
//! pages: theme and site statics, content assets, the search index, feeds, `sitemap.xml`,
//! redirects for old addresses), and the making of each file from it, in parallel, handed to a
//! [`Sink`] as it is made.

use std::sync::{Arc, Mutex};

use super::clash::{claim, taken};
use super::reuse::Cached;
use super::*;

/// How one output file is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A page, rendered from the site when it is needed.
    Page(PageJob, Rendition),
    /// Bytes made with the map (small files: statics, the search index, feeds, redirects).
    Bytes(Arc<[u8]>),
    /// Copied from this path.
    Copy(PathBuf),
    /// The search fragment of the document at this source path (relative to `content/`), made
    /// when it is written rather than held: at 100,000 documents they are 600 MB.
    SearchFragment(String),
}

impl Build {
    /// Maps the output: compiles the templates, lists every page in both renditions and makes
    /// the files beside the pages. When earlier stages found errors only the templates are
    /// compiled, so that a broken template is reported with them.
    pub(super) fn map_outputs(&mut self) {
        self.outputs.clear();
        if self.renderer.is_none() {
            self.renderer = Renderer::new(&self.theme, &mut self.diagnostics);
        }
        if self.renderer.is_none() {
            return;
        }
        // With errors found already, the map is still drawn for the errors only it finds
        // (outputs two sources claim, names in static/), then dropped: nothing is written.
        let failed = self.diagnostics.has_errors();
        let mut clashes = Vec::new();
        self.claim_pages(&mut clashes);
        self.add_static_files(&mut clashes, !failed);
        self.report_clashes(clashes);
        if failed {
            self.outputs.clear();
        }
    }

    /// Claims every page of the site in both renditions (pages come first in the output map:
    /// a file that clashes with one is the later claim).
    pub(super) fn claim_pages(&mut self, clashes: &mut Vec<(String, Origin)>) {
        for job in all_jobs(&self.site) {
            for r in Rendition::ALL {
                let path = job.output_file(&self.site, r);
                claim(
                    &mut self.outputs,
                    clashes,
                    path,
                    Origin::Page(job.clone(), r),
                );
            }
        }
    }

    /// Makes one output file: renders a page, or gives the bytes or source of any other file.
    /// `None` for a path that is not part of the output.
    pub fn make(&self, rel: &str) -> Option<Result<OutputFile, Diagnostic>> {
        Some(self.make_from(self.outputs.get(rel)?))
    }

    pub(super) fn make_from(&self, origin: &Origin) -> Result<OutputFile, Diagnostic> {
        match origin {
            Origin::Page(job, r) => {
                let renderer = self.renderer.as_ref().ok_or_else(|| {
                    Diagnostic::error(Path::new("themes"), 0, 0, "模板未能编译，无法生成页面")
                })?;
                let html = renderer.render(self.judged(), &self.bodies, job, *r)?;
                Ok(OutputFile::Bytes(html.into()))
            }
            Origin::Bytes(b) => Ok(OutputFile::Bytes(b.clone())),
            Origin::SearchFragment(source) => {
                let d = self.site.doc_by_source.get(source).ok_or_else(|| {
                    let file = Path::new("content").join(source);
                    Diagnostic::error(&file, 0, 0, "检索索引中的文档已不在站点中")
                })?;
                Ok(OutputFile::Bytes(crate::search::fragment(
                    &self.site,
                    &self.bodies,
                    *d,
                )))
            }
            Origin::Copy(src) => Ok(OutputFile::Copy(src.clone())),
        }
    }

    /// Stage 6, render: makes every output file in parallel and hands each to `sink`. Template
    /// errors are added to the problems (each once, with the number of pages it broke); an error
    /// of the sink (a file that cannot be written) stops the build and is returned.
    pub fn render(&mut self, sink: &dyn Sink) -> anyhow::Result<()> {
        if self.diagnostics.has_errors() || self.outputs.is_empty() {
            return Ok(());
        }
        if sink.cache().is_some() {
            self.digest_entries();
        }
        let paths: Vec<&String> = self.outputs.keys().collect();
        let made = self.make_files(&paths, sink, |_, _| true)?;
        self.made = made.entries.into_iter().collect();
        self.diagnostics.extend(made.errors);
        if self.options.mode.one_shot() {
            // Nothing is rendered again: what is left to do (the manifest) needs the room.
            self.bodies = Vec::new();
            self.search = None;
        }
        self.timer.lap("render and write");
        self.finish();
        Ok(())
    }

    /// Makes the files at `paths`, hands those `wanted` says to `sink` (given the path and the
    /// new entry) and returns the entries of all and the template errors.
    pub(super) fn make_files(
        &self,
        paths: &[&String],
        sink: &dyn Sink,
        wanted: impl Fn(&str, &FileEntry) -> bool + Sync,
    ) -> anyhow::Result<Made> {
        let entries = Mutex::new(Vec::with_capacity(paths.len()));
        // One template mistake breaks many pages: report it once, with how many pages it broke.
        let errors: Mutex<BTreeMap<Diagnostic, (usize, String)>> = Mutex::new(BTreeMap::new());
        paths.par_iter().try_for_each(|rel| -> anyhow::Result<()> {
            let (made, key) = match self.make_cached(rel, &self.outputs[*rel], sink)? {
                Cached::Reused(entry) => {
                    let mut entries = entries.lock().unwrap_or_else(|e| e.into_inner());
                    entries.push(((*rel).clone(), entry));
                    return Ok(());
                }
                Cached::Made(made, key) => (made, key),
            };
            let file = match made {
                Ok(file) => file,
                Err(e) => {
                    let mut errors = errors.lock().unwrap_or_else(|e| e.into_inner());
                    errors.entry(e).or_insert((0, (*rel).clone())).0 += 1;
                    return Ok(());
                }
            };
            let entry = file.entry()?;
            if let (Some(cache), Some(key)) = (sink.cache(), key) {
                cache.keep(key, entry.clone());
            }
            if wanted(rel, &entry) {
                sink.put(rel, &file, &entry)?;
            }
            entries
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(((*rel).clone(), entry));
            Ok(())
        })?;
        let errors = errors
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .map(|(mut d, (count, first))| {
                d.message = format!("{}（影响 {count} 个页面，如 {first}）", d.message);
                d
            })
            .collect();
        Ok(Made {
            entries: entries.into_inner().unwrap_or_else(|e| e.into_inner()),
            errors,
        })
    }

    /// Claims every output but the pages: the theme's and the site's files, the search index
    /// (`with_search`), feeds, catalog, sitemaps and the redirects of old addresses.
    fn add_static_files(&mut self, clashes: &mut Vec<(String, Origin)>, with_search: bool) {
        let site = &self.site;
        for (rel, file) in self.theme.statics() {
            claim(
                &mut self.outputs,
                clashes,
                format!("static/{rel}"),
                Origin::Bytes(file.bytes.clone().into()),
            );
        }
        if self.bodies.iter().flatten().any(|b| b.has_code) {
            claim(
                &mut self.outputs,
                clashes,
                "static/css/highlight.css".into(),
                Origin::Bytes(markdown::highlight::stylesheet().into_bytes().into()),
            );
        }
        // Files of `content/` and of `static/` are both published at their path.
        for file in site.assets.iter().chain(&site.static_files) {
            claim(
                &mut self.outputs,
                clashes,
                file.rel.clone(),
                Origin::Copy(file.source.clone()),
            );
        }
        // The search index, the feeds and catalogue, and the sitemaps are made side by side;
        // they are claimed in this order.
        let previous = self.previous_index.take();
        let (lifecycle, bodies) = (&self.lifecycle, &self.bodies);
        let (search, (lifecycle_files, sitemap_files)) = rayon::join(
            || {
                with_search.then(|| {
                    crate::search::SearchIndex::build_from(site, bodies, previous.as_ref())
                })
            },
            || {
                rayon::join(
                    || crate::lifecycle::output_files(site, lifecycle, bodies),
                    || sitemaps(site),
                )
            },
        );
        if let Some(search) = search {
            for (path, bytes) in search.files() {
                claim(&mut self.outputs, clashes, path, Origin::Bytes(bytes));
            }
            for (path, d) in search.fragment_files(site) {
                let source = crate::text::content_rel(&site.docs[d].source.file);
                claim(
                    &mut self.outputs,
                    clashes,
                    path,
                    Origin::SearchFragment(source),
                );
            }
            self.search = Some(search);
        }
        let sitemap_files =
            (sitemap_files.into_iter()).map(|(p, text)| (p, text.into_bytes().into()));
        for (path, bytes) in lifecycle_files.into_iter().chain(sitemap_files) {
            claim(&mut self.outputs, clashes, path, Origin::Bytes(bytes));
        }
        for doc in &site.docs {
            for alias in &doc.source.meta.aliases {
                let alias = alias.trim_matches('/');
                let target = format!("{}{}", site.config.root, doc.path);
                let problem = match alias_file(alias) {
                    None => Err(format!("旧网址 “{alias}” 无效：应为本站的路径，如 /xxgk/2019/content_123.htm，不能含 “..”、“\\” 或网址前缀")),
                    Some(file) => match taken(&self.outputs, &file) {
                        Some(other) if other == file || other == alias => Err(format!(
                            "旧网址 /{alias} 是站内现有页面：aliases 只应写已不存在的旧网址"
                        )),
                        Some(other) => Err(format!(
                            "旧网址 /{alias} 与站内现有的 /{other} 冲突（一个要作文件，一个要作文件夹）：aliases 只应写已不存在的旧网址"
                        )),
                        None => Ok(file),
                    },
                };
                let file = match problem {
                    Ok(file) => file,
                    Err(message) => {
                        let (line, col) = doc
                            .source
                            .meta
                            .positions
                            .get("aliases")
                            .copied()
                            .unwrap_or((1, 1));
                        self.diagnostics.push(
                            Diagnostic::error(&doc.source.file, line, col, message)
                                .with_field("aliases（旧网址）"),
                        );
                        continue;
                    }
                };
                for r in Rendition::ALL {
                    let to = format!("{}{}{}", site.config.root, r.dir(), doc.path);
                    claim(
                        &mut self.outputs,
                        clashes,
                        format!("{}{file}", r.dir()),
                        Origin::Bytes(redirect_page(&to, &target).into_bytes().into()),
                    );
                }
            }
        }
    }
}

/// URLs one sitemap file may list (sitemaps.org protocol; the files stay far below its 50 MB).
pub const SITEMAP_URLS: usize = 50_000;

/// The sitemap: `sitemap.xml` listing every page, documents with their date. A site of more
/// than [`SITEMAP_URLS`] pages gets `sitemap-1.xml`, `sitemap-2.xml` … and `sitemap.xml` becomes
/// their index. (path relative to the output folder, text).
pub(super) fn sitemaps(site: &Site) -> Vec<(String, String)> {
    sitemaps_of(site, SITEMAP_URLS)
}

/// [`sitemaps`] with at most `per_file` URLs in a file.
fn sitemaps_of(site: &Site, per_file: usize) -> Vec<(String, String)> {
    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    const XMLNS: &str = "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"";
    let base = site
        .config
        .base_url
        .clone()
        .unwrap_or_else(|| site.config.root.clone());
    let urls: Vec<String> = all_jobs(site)
        .into_iter()
        .filter(|job| *job != PageJob::NotFound)
        .map(|job| {
            let loc = crate::text::escape_attr(&format!("{base}{}", job.path(site)));
            match job {
                PageJob::Document(d) => format!(
                    "  <url><loc>{loc}</loc><lastmod>{}</lastmod></url>\n",
                    site.docs[d].source.meta.date.ymd()
                ),
                _ => format!("  <url><loc>{loc}</loc></url>\n"),
            }
        })
        .collect();
    let urlset = |urls: &[String]| format!("{HEAD}<urlset {XMLNS}>\n{}</urlset>\n", urls.concat());
    if urls.len() <= per_file {
        return vec![("sitemap.xml".into(), urlset(&urls))];
    }
    let parts: Vec<(String, String)> = urls
        .chunks(per_file.max(1))
        .enumerate()
        .map(|(n, chunk)| (format!("sitemap-{}.xml", n + 1), urlset(chunk)))
        .collect();
    let index: String = parts
        .iter()
        .map(|(name, _)| {
            let loc = crate::text::escape_attr(&format!("{base}{name}"));
            format!("  <sitemap><loc>{loc}</loc></sitemap>\n")
        })
        .collect();
    let index = format!("{HEAD}<sitemapindex {XMLNS}>\n{index}</sitemapindex>\n");
    std::iter::once(("sitemap.xml".into(), index))
        .chain(parts)
        .collect()
}

/// Whether `path` (relative to the output folder) is one of the files [`sitemaps`] makes.
pub fn is_sitemap_file(path: &str) -> bool {
    path == "sitemap.xml"
        || path
            .strip_prefix("sitemap-")
            .and_then(|p| p.strip_suffix(".xml"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The output file of an old address kept as a redirect: the page file itself when the old
/// address names one (`content_5338761.htm`, as CMSs publish), else `index.html` in its folder.
/// `None` for anything that is not a plain path on this site.
fn alias_file(alias: &str) -> Option<String> {
    let bad = alias.is_empty()
        || alias.contains(['\\', '?', '#', ':'])
        || alias
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..");
    if bad {
        return None;
    }
    let last = alias.rsplit('/').next().unwrap_or(alias);
    let is_page = last.rsplit_once('.').is_some_and(|(_, ext)| {
        matches!(
            ext.to_ascii_lowercase().as_str(),
            "htm" | "html" | "shtml" | "xhtml" | "jsp" | "asp" | "aspx" | "php"
        )
    });
    Some(if is_page {
        alias.to_string()
    } else {
        format!("{alias}/index.html")
    })
}

fn redirect_page(to: &str, canonical: &str) -> String {
    let to = crate::text::escape_attr(to);
    let canonical = crate::text::escape_attr(canonical);
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>页面已移动</title><link rel=\"canonical\" href=\"{canonical}\"><meta http-equiv=\"refresh\" content=\"0; url={to}\"></head><body><p>本页已移动到 <a href=\"{to}\">{to}</a>。</p></body></html>\n"
    )
}

/// What [`Build::make_files`] made.
pub(super) struct Made {
    /// Path and entry of every file made.
    pub entries: Vec<(String, FileEntry)>,
    /// Template errors, each once.
    pub errors: Vec<Diagnostic>,
}

impl OutputFile {
    /// Size and SHA-256 of the file (a copied file is read).
    pub fn entry(&self) -> anyhow::Result<FileEntry> {
        use anyhow::Context as _;
        match self {
            OutputFile::Bytes(b) => Ok(FileEntry::of_bytes(b)),
            OutputFile::Copy(src) => std::fs::File::open(src)
                .and_then(FileEntry::of_reader)
                .with_context(|| format!("无法读取 {}", src.display())),
        }
    }

    /// The bytes of the file (a copied file is read).
    pub fn bytes(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            OutputFile::Bytes(b) => Ok(std::borrow::Cow::Borrowed(b)),
            OutputFile::Copy(src) => std::fs::read(src).map(std::borrow::Cow::Owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pagemap::tests::{doc, site_from};

    #[test]
    fn a_large_sitemap_is_split_and_indexed() {
        let (_dir, site) = site_from(&[
            (
                "config.yaml",
                "title: 测试局\nbase_url: https://www.example.gov.cn/\n",
            ),
            ("content/xxgk/_index.md", "---\ntitle: 信息公开\n---\n"),
            ("content/xxgk/a.md", &doc("2021-03-01", "民政")),
            ("content/xxgk/b.md", &doc("2020-05-01", "民政")),
        ]);
        let whole = sitemaps_of(&site, 1000);
        assert_eq!(whole.len(), 1);
        let urls = whole[0].1.matches("<url>").count();
        assert!(urls > 4, "{}", whole[0].1);
        let split = sitemaps_of(&site, 2);
        let names: Vec<&str> = split.iter().map(|f| f.0.as_str()).collect();
        let parts = urls.div_ceil(2);
        assert_eq!(names.len(), parts + 1);
        assert_eq!(names[0], "sitemap.xml");
        assert!(names[1..].iter().all(|n| is_sitemap_file(n)), "{names:?}");
        let index = &split[0].1;
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://www.example.gov.cn/sitemap-1.xml</loc>"));
        assert_eq!(index.matches("<sitemap>").count(), parts);
        // Every URL once, in the same order as the single file.
        let listed: String = split[1..]
            .iter()
            .flat_map(|f| f.1.lines().filter(|l| l.contains("<url>")))
            .collect();
        let single: String = whole[0].1.lines().filter(|l| l.contains("<url>")).collect();
        assert_eq!(listed, single);
        assert!(!is_sitemap_file("sitemap-.xml") && !is_sitemap_file("sitemap-a.xml"));
    }
}
