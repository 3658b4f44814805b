//! Stage 7, precompress (`build` only): precompressed copies of the output, `page.html.gz` and
//! `page.html.br` beside every HTML, CSS, JS, JSON, XML and SVG file of at least [`MIN_SIZE`]
//! bytes, so that a web server sends them as they are (nginx `gzip_static` / `brotli_static`,
//! Apache `mod_rewrite` rules) and spends no CPU on compression. The copies are byte-identical
//! across builds: gzip with no timestamp or file name in its header, brotli with fixed parameters,
//! both single-threaded per file. The encoders are public for `benches/precompress.rs`, which
//! measures their speed on a built site.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::Context as _;
use rayon::prelude::*;

use crate::output::OutputFile;

/// Files smaller than this are sent as they are: a compressed response would save less than a
/// network packet.
pub const MIN_SIZE: usize = 1024;

/// Extensions of the files that get compressed copies (text formats; images and PDFs are
/// compressed already).
const EXTENSIONS: [&str; 7] = ["html", "css", "js", "json", "xml", "svg", "txt"];

/// Brotli quality. Measured on 400 pages of a generated 1,000-document site (10.7 MB, release
/// build, one core, the pure-Rust `brotli` crate): quality 5 gives 1.88 MB in 0.38 s, 7 gives
/// 1.84 MB in 0.58 s, gzip at its best level 2.13 MB in 0.23 s. On the example site's pages, CSS
/// and JS (2.1 MB) quality 9 takes ten times as long as 7 for the same size (its hash tables cost
/// more to set up than the pages to compress) and 11 saves another 10 % in forty times the time.
/// Precompression is part of every full build, so the fast end wins. Below 5 brotli is no smaller
/// than gzip here.
pub const BROTLI_QUALITY: u8 = 5;
/// Brotli window (log2 bytes): 512 KiB. On 3,000 pages of a 10,000-document site (48 MB) the C
/// library compresses as fast, to the same size, with the 4 MiB default (22), and at half the
/// speed with 64 KiB (16); the Rust crate was 25 % slower with 22, its ring buffer set up for
/// every file.
pub const BROTLI_WINDOW: u8 = 19;
/// gzip level, libdeflate's scale (1–12). On the same files level 6 compressed 248 MB/s to within
/// 0.5 % of zlib's best level (which ran at 116 MB/s); 9 gave zlib's size at 179 MB/s, 12 is 1.5 %
/// smaller and 35 times slower. Browsers that take `.gz` rather than `.br` are few.
pub const GZIP_LEVEL: i32 = 6;

/// The two encodings written beside each file, by file name suffix.
pub const SUFFIXES: [&str; 2] = [".gz", ".br"];

/// What precompression did, for the build summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Files that got compressed copies.
    pub files: usize,
    /// Their size as they are.
    pub original: u64,
    /// Their size gzip-compressed.
    pub gzip: u64,
    /// Their size brotli-compressed.
    pub brotli: u64,
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mb = |n: u64| n as f64 / 1_048_576.0;
        write!(
            f,
            "{} 个文件预压缩为 .gz 和 .br（原 {:.2} MB，gzip 后 {:.2} MB，brotli 后 {:.2} MB）",
            self.files,
            mb(self.original),
            mb(self.gzip),
            mb(self.brotli)
        )
    }
}

/// Whether `path` (relative to the output folder) is a text file that gets compressed copies
/// when it is large enough.
pub fn is_compressible(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

thread_local! {
    /// One gzip compressor per thread: libdeflate keeps its tables between files.
    static GZIP: std::cell::RefCell<libdeflater::Compressor> = std::cell::RefCell::new(
        libdeflater::Compressor::new(
            libdeflater::CompressionLvl::new(GZIP_LEVEL).unwrap_or_default(),
        ),
    );
}

/// gzip (libdeflate at [`GZIP_LEVEL`]), with a header that holds no time and no file name.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    GZIP.with_borrow_mut(|gz| {
        let mut out = vec![0; gz.gzip_compress_bound(bytes.len())];
        // The bound is always enough, so compression cannot fail.
        let len = gz.gzip_compress(bytes, &mut out).unwrap_or(0);
        out.truncate(len);
        out
    })
}

/// brotli with fixed parameters (Google's C library: on these pages 85 MB/s at quality 5,
/// against 60 MB/s for the pure-Rust `brotli` crate, to the same bytes in size).
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let (Ok(quality), Ok(window)) = (
        brotlic::Quality::new(BROTLI_QUALITY),
        brotlic::WindowSize::new(BROTLI_WINDOW),
    ) else {
        return Vec::new();
    };
    let bound = brotlic::compress_bound(bytes.len(), quality).unwrap_or(bytes.len() + 1024);
    let mut out = vec![0; bound];
    let mode = brotlic::CompressionMode::Generic;
    match brotlic::compress(bytes, &mut out, quality, window, mode) {
        Ok(len) => {
            out.truncate(len);
            out
        }
        // The bound is always enough; an empty copy is never written (see `copies`).
        Err(_) => Vec::new(),
    }
}

/// The gzip and brotli copies of a file's bytes, or `None` when the file is smaller than
/// [`MIN_SIZE`] or a copy would not be smaller than the file. (Whether the file's type gets
/// copies at all is [`is_compressible`].)
pub fn copies(bytes: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    if bytes.len() < MIN_SIZE {
        return None;
    }
    let (gz, br) = rayon::join(|| gzip(bytes), || brotli(bytes));
    let smaller = |copy: &[u8]| !copy.is_empty() && copy.len() < bytes.len();
    (smaller(&gz) && smaller(&br)).then_some((gz, br))
}

impl Stats {
    /// Counts one file and its copies.
    pub(crate) fn count(&mut self, original: usize, gzip: usize, brotli: usize) {
        self.files += 1;
        self.original += original as u64;
        self.gzip += gzip as u64;
        self.brotli += brotli as u64;
    }
}

/// Adds `.gz` and `.br` copies of every compressible file of `files` (generated or copied from
/// the site's `static/` and `content/`). A file that already has a copy of its own in the site
/// (`static/app.js.gz`) keeps it. A copy that would not be smaller than the file is not written.
pub(crate) fn add(files: &mut BTreeMap<String, OutputFile>) -> anyhow::Result<Stats> {
    let compressed = compress_all(files)?;
    let mut stats = Stats::default();
    for (path, original, gz, br) in compressed {
        stats.count(original, gz.len(), br.len());
        for (suffix, bytes) in SUFFIXES.into_iter().zip([gz, br]) {
            files
                .entry(format!("{path}{suffix}"))
                .or_insert_with(|| OutputFile::Bytes(Arc::from(bytes)));
        }
    }
    Ok(stats)
}

/// For an incremental update (`build --watch`): the compressed copies to write for `written`,
/// and the stale copies to delete, of files that were removed or fell below [`MIN_SIZE`].
pub(crate) fn update(
    written: &BTreeMap<String, OutputFile>,
    removed: &[String],
) -> anyhow::Result<(BTreeMap<String, OutputFile>, Vec<String>)> {
    let mut copies = written.clone();
    add(&mut copies)?;
    copies.retain(|path, _| !written.contains_key(path));
    let stale = written
        .keys()
        .chain(removed)
        .flat_map(|path| SUFFIXES.map(|s| format!("{path}{s}")))
        .filter(|copy| !copies.contains_key(copy) && !written.contains_key(copy))
        .collect();
    Ok((copies, stale))
}

type Compressed = (String, usize, Vec<u8>, Vec<u8>);

fn compress_all(files: &BTreeMap<String, OutputFile>) -> anyhow::Result<Vec<Compressed>> {
    let jobs: Vec<(&String, &OutputFile)> = files
        .iter()
        .filter(|(path, _)| is_compressible(path))
        .collect();
    let results: Vec<anyhow::Result<Option<Compressed>>> = jobs
        .par_iter()
        .map(|(path, file)| {
            let owned;
            let bytes: &[u8] = match file {
                OutputFile::Bytes(b) => b,
                OutputFile::Copy(src) => {
                    owned = std::fs::read(src)
                        .with_context(|| format!("无法读取 {}", src.display()))?;
                    &owned
                }
            };
            Ok(copies(bytes).map(|(gz, br)| ((*path).clone(), bytes.len(), gz, br)))
        })
        .collect();
    results.into_iter().filter_map(Result::transpose).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn page(n: usize) -> OutputFile {
        OutputFile::Bytes(Arc::from("<p>政府信息公开</p>\n".repeat(n).into_bytes()))
    }

    #[test]
    fn large_text_files_get_both_copies_that_decompress_to_the_original() {
        let mut files = BTreeMap::new();
        files.insert("a/index.html".to_string(), page(200));
        files.insert("small.html".to_string(), page(2));
        files.insert("static/img/a.png".to_string(), page(200));
        let stats = add(&mut files).unwrap();
        assert_eq!(stats.files, 1);
        let keys: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "a/index.html",
                "a/index.html.br",
                "a/index.html.gz",
                "small.html",
                "static/img/a.png"
            ]
        );
        let OutputFile::Bytes(original) = &files["a/index.html"] else {
            panic!()
        };
        let OutputFile::Bytes(gz) = &files["a/index.html.gz"] else {
            panic!()
        };
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut text)
            .unwrap();
        assert_eq!(&text[..], &original[..]);
        let OutputFile::Bytes(br) = &files["a/index.html.br"] else {
            panic!()
        };
        let mut text = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut text)
            .unwrap();
        assert_eq!(&text[..], &original[..]);
        assert!(stats.gzip < stats.original / 4 && stats.brotli < stats.original / 4);
    }

    #[test]
    fn output_is_the_same_every_time() {
        let text = "<p>政府信息公开</p>\n".repeat(100);
        assert_eq!(gzip(text.as_bytes()), gzip(text.as_bytes()));
        assert_eq!(brotli(text.as_bytes()), brotli(text.as_bytes()));
        // no timestamp in the gzip header (bytes 4–7)
        assert_eq!(&gzip(text.as_bytes())[4..8], &[0, 0, 0, 0]);
    }

    #[test]
    fn a_site_s_own_compressed_copy_is_kept() {
        let mut files = BTreeMap::new();
        files.insert("app.js".to_string(), page(200));
        files.insert("app.js.gz".to_string(), page(1));
        add(&mut files).unwrap();
        assert_eq!(files["app.js.gz"], page(1));
        assert!(files.contains_key("app.js.br"));
    }

    #[test]
    fn an_update_replaces_or_removes_stale_copies() {
        let mut written = BTreeMap::new();
        written.insert("big.html".to_string(), page(200));
        written.insert("shrunk.html".to_string(), page(1));
        let (copies, stale) = update(&written, &["gone.css".to_string()]).unwrap();
        let copies: Vec<&str> = copies.keys().map(String::as_str).collect();
        assert_eq!(copies, ["big.html.br", "big.html.gz"]);
        assert_eq!(
            stale,
            [
                "shrunk.html.gz",
                "shrunk.html.br",
                "gone.css.gz",
                "gone.css.br"
            ]
        );
    }

    #[test]
    fn compressible_types() {
        for p in [
            "index.html",
            "static/css/a.css",
            "search.JSON",
            "sitemap.xml",
            "a.svg",
        ] {
            assert!(is_compressible(p), "{p}");
        }
        for p in ["a.png", "a.pdf", "a.html.gz", "html", "static/js"] {
            assert!(!is_compressible(p), "{p}");
        }
    }
}
