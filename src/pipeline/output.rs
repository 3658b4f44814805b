//! Stage 8, write: the files beside the pages (theme and site statics, content assets, the search
//! index, feeds, `sitemap.xml`, redirects for old addresses) and the output folder itself,
//! replaced atomically.

use super::*;

impl Build {
    pub(super) fn add_static_files(&mut self) {
        let site = &self.site;
        for (rel, file) in self.theme.statics() {
            self.files.insert(
                format!("static/{rel}"),
                OutputFile::Bytes(file.bytes.clone().into()),
            );
        }
        if self.bodies.iter().flatten().any(|b| b.has_code) {
            self.files.insert(
                "static/css/highlight.css".into(),
                OutputFile::Bytes(markdown::highlight::stylesheet().into_bytes().into()),
            );
        }
        for asset in &site.assets {
            self.files
                .insert(asset.rel.clone(), OutputFile::Copy(asset.source.clone()));
        }
        let site_static = self.options.root.join("static");
        for entry in walkdir::WalkDir::new(&site_static)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&site_static)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                self.files
                    .insert(rel, OutputFile::Copy(entry.path().to_path_buf()));
            }
        }
        self.files.insert(
            crate::search::INDEX_PATH.into(),
            OutputFile::Bytes(
                crate::search::index_json(site, &self.bodies)
                    .into_bytes()
                    .into(),
            ),
        );
        for (path, text) in crate::lifecycle::output_files(site, &self.bodies) {
            self.files
                .insert(path, OutputFile::Bytes(text.into_bytes().into()));
        }
        self.files.insert(
            "sitemap.xml".into(),
            OutputFile::Bytes(sitemap(site).into_bytes().into()),
        );
        for doc in &site.docs {
            for alias in &doc.source.meta.aliases {
                let alias = alias.trim_matches('/');
                let target = format!("{}{}", site.config.root, doc.path);
                let problem = match alias_file(alias) {
                    None => Err(format!("旧网址 “{alias}” 无效：应为本站的路径，如 /xxgk/2019/content_123.htm，不能含 “..”、“\\” 或网址前缀")),
                    Some(file) if self.files.contains_key(&file) => Err(format!(
                        "旧网址 /{alias} 是站内现有页面：aliases 只应写已不存在的旧网址"
                    )),
                    Some(file) => Ok(file),
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
                    self.files.insert(
                        format!("{}{file}", r.dir()),
                        OutputFile::Bytes(redirect_page(&to, &target).into_bytes().into()),
                    );
                }
            }
        }
    }
}

fn sitemap(site: &Site) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let base = site
        .config
        .base_url
        .clone()
        .unwrap_or_else(|| site.config.root.clone());
    for job in all_jobs(site) {
        if job == PageJob::NotFound {
            continue;
        }
        let loc = crate::text::escape_attr(&format!("{base}{}", job.path(site)));
        match job {
            PageJob::Document(d) => out.push_str(&format!(
                "  <url><loc>{loc}</loc><lastmod>{}</lastmod></url>\n",
                site.docs[d].source.meta.date.ymd()
            )),
            _ => out.push_str(&format!("  <url><loc>{loc}</loc></url>\n")),
        }
    }
    out.push_str("</urlset>\n");
    out
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

/// Writes all files into `output` atomically: into a fresh sibling folder first, which replaces
/// `output` only when everything was written. The previous output survives any failure. A file
/// whose bytes did not change is not written again: the new folder gets a hard link to the
/// previous file, so its mtime (and the web server's cache validators) stay as they were.
pub fn write_output(files: &BTreeMap<String, OutputFile>, output: &Path) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).with_context(|| format!("无法创建 {}", parent.display()))?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.gongkai-new"));
    let old = parent.join(format!(".{name}.gongkai-old"));
    for stale in [&staging, &old] {
        if stale.exists() {
            std::fs::remove_dir_all(stale)
                .with_context(|| format!("无法删除 {}", stale.display()))?;
        }
    }
    let result = (|| -> anyhow::Result<()> {
        let previous = output.is_dir().then_some(output);
        write_files_reusing(files, &staging, previous)?;
        if output.exists() {
            std::fs::rename(output, &old)
                .with_context(|| format!("无法移动 {}", output.display()))?;
        }
        if let Err(e) = std::fs::rename(&staging, output) {
            if old.exists() {
                let _ = std::fs::rename(&old, output);
            }
            return Err(e).with_context(|| format!("无法写入 {}", output.display()));
        }
        Ok(())
    })();
    if result.is_err() && staging.exists() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result?;
    if old.exists() {
        std::fs::remove_dir_all(&old).with_context(|| format!("无法删除 {}", old.display()))?;
    }
    Ok(())
}

/// Writes files under `dir` (which may exist); used by the atomic writer and by watch mode.
pub fn write_files(files: &BTreeMap<String, OutputFile>, dir: &Path) -> anyhow::Result<()> {
    write_files_reusing(files, dir, None)
}

/// Whether `old` is a regular file holding exactly the bytes of `file`.
fn unchanged(old: &Path, file: &OutputFile) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(old) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    match file {
        OutputFile::Bytes(b) => {
            meta.len() == b.len() as u64 && std::fs::read(old).is_ok_and(|o| o[..] == b[..])
        }
        OutputFile::Copy(src) => {
            std::fs::metadata(src).is_ok_and(|m| m.len() == meta.len())
                && match (std::fs::read(src), std::fs::read(old)) {
                    (Ok(a), Ok(b)) => a == b,
                    _ => false,
                }
        }
    }
}

/// [`write_files`], taking files whose bytes are unchanged from `previous` (an earlier output
/// folder on the same file system) as hard links instead of writing them.
fn write_files_reusing(
    files: &BTreeMap<String, OutputFile>,
    dir: &Path,
    previous: Option<&Path>,
) -> anyhow::Result<()> {
    use anyhow::Context as _;
    // Folders first, each once (sorted paths list parents before children), then the files.
    let folders: std::collections::BTreeSet<PathBuf> = files
        .keys()
        .filter_map(|rel| dir.join(rel).parent().map(Path::to_path_buf))
        .collect();
    for folder in &folders {
        if !folder.is_dir() {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("无法创建 {}", folder.display()))?;
        }
    }
    files
        .par_iter()
        .try_for_each(|(rel, file)| -> anyhow::Result<()> {
            let dest = dir.join(rel);
            if let Some(prev) = previous {
                let old = prev.join(rel);
                if unchanged(&old, file) && std::fs::hard_link(&old, &dest).is_ok() {
                    return Ok(());
                }
            }
            match file {
                OutputFile::Bytes(b) => std::fs::write(&dest, b)
                    .with_context(|| format!("无法写入 {}", dest.display()))?,
                OutputFile::Copy(src) => {
                    std::fs::copy(src, &dest).with_context(|| {
                        format!("无法复制 {} 到 {}", src.display(), dest.display())
                    })?;
                }
            }
            Ok(())
        })
}
