//! The order a deploy puts files in, so that the published site is never broken: what pages
//! link to comes before the pages, document pages before the listings, feeds, search index and
//! sitemap that lead to them, and the manifest last. Deletions come after the new manifest.

use std::io::Read as _;
use std::path::Path;

use crate::manifest::{is_manifest_file, Manifest};

/// The kinds of published files, in the order they are uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Styles, scripts, images, attachments: what pages link to.
    Asset,
    /// Pages of documents new to the target (standard and 关怀版): sent before the changed ones,
    /// whose 上一篇/下一篇 links may point at them.
    NewDocument,
    /// A document's pages (standard and 关怀版).
    Document,
    /// Home page, section listings, directory pages, feeds, search index, catalog, sitemap.
    Listing,
    /// The manifest and its signature.
    Manifest,
}

impl Kind {
    /// Every kind, in upload order.
    pub const ALL: [Kind; 5] = [
        Kind::Asset,
        Kind::NewDocument,
        Kind::Document,
        Kind::Listing,
        Kind::Manifest,
    ];

    /// The kind's name in the plan and progress lines.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Asset => "样式、脚本、图片和附件",
            Kind::NewDocument => "新文档的页面",
            Kind::Document => "文档页面",
            Kind::Listing => "栏目页、订阅、搜索索引和站点地图",
            Kind::Manifest => "发布清单和签名",
        }
    }
}

/// The file a `.gz` or `.br` copy was made from, when `path` is such a copy of a listed file.
pub fn copy_of<'a>(path: &'a str, manifest: &Manifest) -> Option<&'a str> {
    let original = path
        .strip_suffix(".gz")
        .or_else(|| path.strip_suffix(".br"))?;
    (crate::precompress::is_compressible(original) && manifest.files.contains_key(original))
        .then_some(original)
}

/// The kind of a published file; `public` holds it (an HTML page is a document page when it
/// carries the `ArticleTitle` tag that 政府网站 article pages must have). A `.gz`/`.br` copy has
/// its original's kind.
pub fn kind(path: &str, manifest: &Manifest, public: &Path) -> Kind {
    if is_manifest_file(path) {
        return Kind::Manifest;
    }
    let path = copy_of(path, manifest).unwrap_or(path);
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" if is_article(&public.join(path)) => Kind::Document,
        "html" | "htm" | "xml" => Kind::Listing,
        _ if path.starts_with("search/") || path == "catalog.json" => Kind::Listing,
        _ => Kind::Asset,
    }
}

/// Whether the page's head has `<meta name="ArticleTitle"`.
fn is_article(file: &Path) -> bool {
    let mut head = Vec::with_capacity(16 * 1024);
    let read = std::fs::File::open(file).and_then(|f| f.take(16 * 1024).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    let head = head.split("</head>").next().unwrap_or("");
    head.contains("<meta name=\"ArticleTitle\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::FileEntry;

    #[test]
    fn kinds_follow_links() {
        let dir = std::env::temp_dir().join(format!("gongkai-order-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(
            dir.join("a/index.html"),
            "<html><head><meta name=\"ArticleTitle\" content=\"x\"></head></html>",
        )
        .unwrap();
        std::fs::write(dir.join("index.html"), "<html><head></head></html>").unwrap();
        let mut m = Manifest::default();
        for p in [
            "a/index.html",
            "index.html",
            "static/x.css",
            "search/f/0.json",
        ] {
            m.files.insert(p.into(), FileEntry::of_bytes(b""));
        }
        assert_eq!(kind("a/index.html", &m, &dir), Kind::Document);
        assert_eq!(kind("a/index.html.br", &m, &dir), Kind::Document);
        assert_eq!(kind("index.html", &m, &dir), Kind::Listing);
        assert_eq!(kind("static/x.css.gz", &m, &dir), Kind::Asset);
        assert_eq!(kind("search/f/0.json", &m, &dir), Kind::Listing);
        assert_eq!(kind("atom.xml", &m, &dir), Kind::Listing);
        assert_eq!(kind("files/a.pdf", &m, &dir), Kind::Asset);
        assert_eq!(kind("gongkai-manifest.sha256", &m, &dir), Kind::Manifest);
        assert_eq!(copy_of("files/a.pdf.gz", &m), None);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
