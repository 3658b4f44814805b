//! Shared helpers: building sites from fixtures or from given documents, running the `gongkai`
//! binary, reading and parsing its output.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The binary under test (built once by cargo for the whole test binary).
pub const BIN: &str = env!("CARGO_BIN_EXE_gongkai");

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

/// The result of one run of the binary.
#[derive(Debug, Clone)]
pub struct Run {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Everything printed on stderr.
    pub stderr: String,
    /// Everything printed on stdout.
    pub stdout: String,
}

impl Run {
    /// Lines that are errors (`…: 错误: …`).
    pub fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": 错误: "))
            .collect()
    }

    /// Lines that are warnings (`…: 警告: …`).
    pub fn warnings(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": 警告: "))
            .collect()
    }

    /// Panics with the whole output unless the exit code is `code`.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}, got {}\n--- stderr ---\n{}\n--- stdout ---\n{}",
            self.code, self.stderr, self.stdout
        );
        self
    }
}

/// Runs the binary with `args`.
pub fn gongkai<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = Command::new(BIN)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gongkai");
    Run {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

/// `gongkai build --root ROOT EXTRA…`.
pub fn build(root: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec![OsStr::new("build"), OsStr::new("--root"), root.as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    gongkai(args)
}

/// `gongkai check --root ROOT`.
pub fn check(root: &Path) -> Run {
    gongkai([OsStr::new("check"), OsStr::new("--root"), root.as_os_str()])
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

// ---------------------------------------------------------------------------------------------
// HTML helpers

/// A CSS selector (panics on a typo).
pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s}: {e:?}"))
}

/// All elements matching `s`.
pub fn select<'a>(html: &'a Html, s: &str) -> Vec<ElementRef<'a>> {
    html.select(&sel(s)).collect()
}

/// All elements matching `s` below `el`.
pub fn select_in<'a>(el: ElementRef<'a>, s: &str) -> Vec<ElementRef<'a>> {
    el.select(&sel(s)).collect()
}

/// The one element matching `s`.
#[track_caller]
pub fn one<'a>(html: &'a Html, s: &str) -> ElementRef<'a> {
    let all = select(html, s);
    assert_eq!(
        all.len(),
        1,
        "expected exactly one `{s}`, found {}",
        all.len()
    );
    all[0]
}

/// Text content, whitespace-trimmed.
pub fn text(el: ElementRef<'_>) -> String {
    el.text().collect::<String>().trim().to_string()
}

/// An attribute.
pub fn attr<'a>(el: ElementRef<'a>, name: &str) -> Option<&'a str> {
    el.value().attr(name)
}

/// `<meta name=NAME content>`.
pub fn meta_name(html: &Html, name: &str) -> Option<String> {
    select(html, &format!("meta[name=\"{name}\"]"))
        .first()
        .and_then(|m| attr(*m, "content"))
        .map(str::to_string)
}

/// `<meta property=NAME content>`.
pub fn meta_property(html: &Html, name: &str) -> Option<String> {
    select(html, &format!("meta[property=\"{name}\"]"))
        .first()
        .and_then(|m| attr(*m, "content"))
        .map(str::to_string)
}

/// `<link rel=canonical href>`.
pub fn canonical(html: &Html) -> String {
    attr(one(html, "link[rel=canonical]"), "href")
        .expect("canonical href")
        .to_string()
}

/// The body of a document page (`.gk-body`).
#[track_caller]
pub fn body(html: &Html) -> ElementRef<'_> {
    one(html, ".gk-body")
}

/// The metadata panel as (label, value) pairs, in page order.
pub fn meta_rows(html: &Html) -> Vec<(String, String)> {
    select(html, ".gk-meta__row")
        .into_iter()
        .map(|row| {
            let dt = select_in(row, "dt")
                .first()
                .map(|e| text(*e))
                .unwrap_or_default();
            let dd = select_in(row, "dd")
                .first()
                .map(|e| text(*e))
                .unwrap_or_default();
            (dt, dd)
        })
        .collect()
}

/// The value of one metadata row.
pub fn meta_row(html: &Html, label: &str) -> Option<String> {
    meta_rows(html)
        .into_iter()
        .find(|(l, _)| l == label)
        .map(|(_, v)| v)
}

/// Body headings h2–h6 as (level, id, text).
pub fn body_headings(html: &Html) -> Vec<(u8, String, String)> {
    select_in(body(html), "h2, h3, h4, h5, h6")
        .into_iter()
        .map(|h| {
            let level = h.value().name()[1..].parse().expect("level");
            (
                level,
                attr(h, "id").unwrap_or_default().to_string(),
                text(h),
            )
        })
        .collect()
}

/// Every `href` of `<a>` elements in a page.
pub fn hrefs(html: &Html) -> Vec<String> {
    select(html, "a[href]")
        .into_iter()
        .filter_map(|a| attr(a, "href").map(str::to_string))
        .collect()
}

/// The raw `<main>…</main>` of a page.
pub fn raw_main(raw: &str) -> &str {
    let start = raw.find("<main").expect("<main>");
    let end = raw.find("</main>").expect("</main>") + "</main>".len();
    &raw[start..end]
}

/// The raw inline QR `<svg class="gk-qr__code" …>…</svg>` of a page, if any.
pub fn raw_qr_svg(raw: &str) -> Option<&str> {
    let start = raw.find("<svg class=\"gk-qr__code\"")?;
    let end = raw[start..].find("</svg>")? + start + "</svg>".len();
    Some(&raw[start..end])
}

/// Counts GitHub-flavoured pipe tables in Markdown source: delimiter rows (`| --- | :-: |`)
/// directly under a row containing a pipe, outside fenced code.
pub fn count_pipe_tables(markdown: &str) -> usize {
    let mut count = 0;
    let mut prev = "";
    let mut in_fence = false;
    for line in markdown.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let is_delimiter = t.contains('|')
            && t.contains('-')
            && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
        if !in_fence && is_delimiter && prev.contains('|') {
            count += 1;
        }
        prev = t;
    }
    count
}
