//! Sites on disk: [`SiteBuilder`] writes a configuration, documents and files (or a copy of a
//! fixture site) into a temporary folder and builds it; [`Site`] reads the output back. Also the
//! shared sites that many tests only read ([`reports_site`], [`basic_site`]), the test
//! configuration and documents ([`CONFIG`], [`doc`], [`index_no`]) and readers of the fixtures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use scraper::Html;
use tempfile::TempDir;

use super::run::{build, Run};

/// The base URL every generated test site uses.
pub const BASE_URL: &str = "https://www.example.gov.cn/";

/// A configuration with a base URL and the government identification fields set.
pub const CONFIG: &str = "title: 示例市测试局\n\
base_url: https://www.example.gov.cn/\n\
site_id_code: \"1234567890\"\n\
organizer: 示例市测试局\n\
issuer: 示例市测试局\n\
index_no_prefix: 11110000123456788X\n\
contact: {phone: 010-12345678}\n\
icp: 京ICP备00000000号-1\n\
police_beian: 京公网安备11000000000001号\n\
gov_mark: {image: /gov-mark.png, url: https://bszs.conac.cn/}\n\
footer_links:\n\
  - {title: 网站地图, url: /sitemap.xml}\n\
  - {title: 联系我们, url: /}\n\
  - {title: 我为政府网站找错, url: https://example.gov.cn/zhaocuo/}\n";

/// A 1×1 PNG standing in for the 党政机关网站标识 image of test sites.
pub const GOV_MARK_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0x0f, 0x04, 0x00,
    0x09, 0xfb, 0x03, 0xfd, 0xfb, 0x5e, 0x6b, 0x2b, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Paths of the real documents in `tests/fixtures/reports`, sorted.
pub fn report_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures().join("reports"))
        .expect("reports fixtures")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// Where a site lives: a temporary folder removed on drop, or a fixed folder under cargo's
/// target tmpdir for sites shared by many tests.
enum SiteDir {
    Temp(TempDir),
    Fixed(PathBuf),
}

/// A site on disk, possibly built.
pub struct Site {
    dir: SiteDir,
    /// The last build's output (or a dummy one before any build).
    pub run: Run,
}

impl Site {
    /// The site root (holds `config.yaml`, `content/`, `public/`).
    pub fn root(&self) -> &Path {
        match &self.dir {
            SiteDir::Temp(t) => t.path(),
            SiteDir::Fixed(p) => p,
        }
    }

    /// `ROOT/public`.
    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Builds again with `extra` arguments and returns that run (also kept in `self.run`).
    pub fn build(&mut self, extra: &[&str]) -> Run {
        self.run = build(self.root(), extra);
        self.run.clone()
    }

    /// Writes (or overwrites) a file below the root.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        write_file(&self.root().join(rel), bytes.as_ref());
    }

    /// The output file for a URL path (`/bg/x/` → `public/bg/x/index.html`).
    pub fn output_file(&self, url: &str) -> PathBuf {
        url_file(&self.public(), url)
    }

    /// Whether the page at a URL path was generated.
    pub fn has_page(&self, url: &str) -> bool {
        self.output_file(url).is_file()
    }

    /// Raw HTML of the page at a URL path.
    #[track_caller]
    pub fn raw(&self, url: &str) -> String {
        let f = self.output_file(url);
        std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("read {}: {e}", f.display()))
    }

    /// Parsed HTML of the page at a URL path.
    #[track_caller]
    pub fn page(&self, url: &str) -> Html {
        Html::parse_document(&self.raw(url))
    }

    /// Every output file, by path relative to `public/` (`/`-separated), with its bytes.
    pub fn output(&self) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.public())
    }

    /// URL paths (`/a/b/`, `/404.html`) of every generated HTML page.
    pub fn html_pages(&self) -> Vec<String> {
        self.output()
            .keys()
            .filter(|k| k.ends_with(".html"))
            .map(|k| match k.strip_suffix("index.html") {
                Some(dir) => format!("/{dir}"),
                None => format!("/{k}"),
            })
            .collect()
    }
}

/// `public/` + URL path → file.
pub fn url_file(public: &Path, url: &str) -> PathBuf {
    let rel = url.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        public.join(rel).join("index.html")
    } else {
        public.join(rel)
    }
}

/// Writes a file, creating its folder.
pub fn write_file(path: &Path, bytes: &[u8]) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("create dir");
    }
    std::fs::write(path, bytes).expect("write file");
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Every file below `dir`, by `/`-separated relative path, with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).expect("read"));
        }
    }
    out
}

/// A site to be written to disk: `config.yaml` and files below the root.
#[derive(Clone)]
pub struct SiteBuilder {
    config: Option<String>,
    files: Vec<(String, Vec<u8>)>,
    fixture: Option<PathBuf>,
}

impl Default for SiteBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl SiteBuilder {
    /// An empty site with [`CONFIG`].
    pub fn new() -> Self {
        SiteBuilder {
            config: Some(CONFIG.to_string()),
            // The 党政机关网站标识 that CONFIG points to.
            files: vec![("static/gov-mark.png".to_string(), GOV_MARK_PNG.to_vec())],
            fixture: None,
        }
    }

    /// A copy of `tests/fixtures/sites/NAME`.
    pub fn fixture(name: &str) -> Self {
        SiteBuilder {
            config: None,
            files: Vec::new(),
            fixture: Some(fixtures().join("sites").join(name)),
        }
    }

    /// Replaces `config.yaml` (`None`: no config file at all).
    pub fn config(mut self, config: Option<&str>) -> Self {
        self.config = config.map(str::to_string);
        self
    }

    /// Adds a file (path relative to the site root).
    pub fn file(mut self, rel: &str, bytes: impl AsRef<[u8]>) -> Self {
        self.files.push((rel.to_string(), bytes.as_ref().to_vec()));
        self
    }

    /// Adds a copy of an existing file.
    pub fn copy(self, rel: &str, from: &Path) -> Self {
        let bytes = std::fs::read(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
        self.file(rel, bytes)
    }

    /// A section folder with its `_index.md`.
    pub fn section(self, dir: &str, title: &str, extra_front_matter: &str) -> Self {
        let text = format!("---\ntitle: {title}\n{extra_front_matter}---\n");
        self.file(&format!("content/{dir}/_index.md"), text)
    }

    fn write_to(&self, root: &Path) {
        if let Some(fixture) = &self.fixture {
            copy_dir(fixture, root);
        }
        if let Some(config) = &self.config {
            write_file(&root.join("config.yaml"), config.as_bytes());
        }
        for (rel, bytes) in &self.files {
            write_file(&root.join(rel), bytes);
        }
    }

    /// Writes the site into a fresh temporary folder, without building.
    pub fn create(&self) -> Site {
        let dir = tempfile::Builder::new()
            .prefix("gongkai-it-")
            .tempdir()
            .expect("tempdir");
        self.write_to(dir.path());
        Site {
            dir: SiteDir::Temp(dir),
            run: Run {
                code: -1,
                stderr: String::new(),
                stdout: String::new(),
            },
        }
    }

    /// Writes the site into a temporary folder and builds it.
    pub fn build(&self, extra: &[&str]) -> Site {
        let mut site = self.create();
        site.build(extra);
        site
    }

    /// Writes the site into `CARGO_TARGET_TMPDIR/gongkai-it/NAME` (emptied first) and builds it;
    /// for sites shared between tests through a `OnceLock`.
    pub fn build_shared(&self, name: &str, extra: &[&str]) -> Site {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("gongkai-it")
            .join(name);
        if root.exists() {
            std::fs::remove_dir_all(&root).expect("clean shared site");
        }
        std::fs::create_dir_all(&root).expect("create shared site");
        self.write_to(&root);
        let run = build(&root, extra);
        Site {
            dir: SiteDir::Fixed(root),
            run,
        }
    }
}

/// A document with the usual front matter; `extra` is more front-matter lines (each ending in
/// `\n`).
pub fn doc(title: &str, date: &str, index_no: Option<&str>, extra: &str, body: &str) -> String {
    let index = index_no
        .map(|n| format!("index_no: \"{n}\"\n"))
        .unwrap_or_default();
    format!("---\ntitle: \"{title}\"\n{index}issuer: \"示例市测试局\"\ndate: {date}\n{extra}---\n\n{body}")
}

/// A site with `config` and one section `s` holding one document, `content/s/a.md`, built.
pub fn one_document_site(config: &str) -> Site {
    one_document().config(Some(config)).build(&[])
}

/// A site with one section `s` (titled 栏目) holding one valid document, `content/s/a.md`.
pub fn one_document() -> SiteBuilder {
    SiteBuilder::new().section("s", "栏目", "").file(
        "content/s/a.md",
        doc(
            "通知",
            "2021-01-05",
            Some(&index_no(2021, 1)),
            "",
            "正文。\n",
        ),
    )
}

/// A valid 索引号 with the test organisation code (correct GB 32100 check character).
pub fn index_no(year: u16, serial: u32) -> String {
    format!("11110000123456788X/{year}-{serial:05}")
}

// ---------------------------------------------------------------------------------------------
// Shared sites

/// All documents of `tests/fixtures/reports` in one section `bg` (built once).
pub fn reports_site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let mut b = SiteBuilder::new().section("bg", "政策与报告", "");
        for f in report_files() {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            b = b.copy(&format!("content/bg/{name}"), &f);
        }
        let site = b.build_shared("reports", &[]);
        site.run.assert_code(0);
        site
    })
}

/// The fixture site `tests/fixtures/sites/basic` (built once).
pub fn basic_site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = SiteBuilder::fixture("basic").build_shared("basic", &[]);
        site.run.assert_code(0);
        site
    })
}

/// The front matter of a report fixture as (key → scalar text).
pub fn front_matter(path: &Path) -> BTreeMap<String, serde_yaml::Value> {
    let text = std::fs::read_to_string(path).expect("read fixture");
    let yaml = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"))
        .map(|(y, _)| y)
        .expect("front matter");
    serde_yaml::from_str(yaml).expect("valid yaml")
}

/// A front-matter value as text.
pub fn fm_str(fm: &BTreeMap<String, serde_yaml::Value>, key: &str) -> Option<String> {
    fm.get(key).and_then(|v| match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// `2021-01-19…` → `2021年1月19日`.
pub fn chinese_date(iso: &str) -> String {
    let y: u32 = iso[0..4].parse().expect("year");
    let m: u32 = iso[5..7].parse().expect("month");
    let d: u32 = iso[8..10].parse().expect("day");
    format!("{y}年{m}月{d}日")
}
