//! What `gongkai verify DIR|URL` and `gongkai deploy` check: a deployed copy of the site against
//! its manifest of published files ([`crate::manifest`]) and the manifest with its signature, the check a 网页防篡改
//! product does. Every changed, added and missing file is reported, one per line on stdout; any
//! of them, a missing or bad signature (when a public key is at hand) or a file that cannot be
//! read gives exit status 1. Over HTTP(S) each listed file is fetched as it is (no compression
//! asked for); files the list does not name cannot be found there, since servers do not list
//! folders.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{bail, Context as _};

use crate::cli::VerifyArgs;
use crate::manifest::{
    check_signature, is_deploy_state, is_manifest_file, Manifest, MANIFEST, PUBLIC_KEY,
};
use crate::output::FileEntry;

/// Where the deployed files are read from (also the targets of `gongkai deploy`).
pub trait Source: Sync {
    /// A whole (small) file, or `None` when it does not exist.
    fn read(&self, path: &str) -> anyhow::Result<Option<Vec<u8>>>;
    /// Size and hash of a file, or `None` when it does not exist.
    fn entry(&self, path: &str) -> anyhow::Result<Option<FileEntry>>;
    /// Files present but not listed, when the source can list its files.
    fn unlisted(&self, manifest: &Manifest) -> Option<Vec<String>>;
}

/// A deployed copy on disk.
pub struct Folder(pub PathBuf);

impl Source for Folder {
    fn read(&self, path: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let file = self.0.join(path);
        match std::fs::read(&file) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("无法读取 {}", file.display())),
        }
    }

    fn entry(&self, path: &str) -> anyhow::Result<Option<FileEntry>> {
        let file = self.0.join(path);
        match std::fs::File::open(&file).and_then(FileEntry::of_reader) {
            Ok(e) => Ok(Some(e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("无法读取 {}", file.display())),
        }
    }

    fn unlisted(&self, manifest: &Manifest) -> Option<Vec<String>> {
        let found = walkdir::WalkDir::new(&self.0)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| !e.file_type().is_dir())
            .filter_map(|e| {
                let rel = e.path().strip_prefix(&self.0).ok()?;
                Some(rel.to_string_lossy().replace('\\', "/"))
            })
            .filter(|rel| !is_manifest_file(rel) && !is_deploy_state(rel))
            .filter(|rel| !manifest.files.contains_key(rel))
            .collect();
        Some(found)
    }
}

/// A deployed site on a web server.
struct Web {
    base: String,
    agent: ureq::Agent,
}

impl Web {
    fn new(url: &str) -> Web {
        let base = if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .user_agent(concat!("gongkai-verify/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Web { base, agent }
    }

    /// The response body for a path of the site, or `None` for 404/410.
    fn get(&self, path: &str) -> anyhow::Result<Option<ureq::Body>> {
        let encoded: Vec<String> = path.split('/').map(crate::render::percent_encode).collect();
        let url = format!("{}{}", self.base, encoded.join("/"));
        let response = self
            .agent
            .get(&url)
            .call()
            .with_context(|| format!("无法访问 {url}"))?;
        let status = response.status().as_u16();
        match status {
            200..=299 => Ok(Some(response.into_body())),
            404 | 410 => Ok(None),
            _ => bail!("{url} 返回 HTTP {status}"),
        }
    }
}

impl Source for Web {
    fn read(&self, path: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let Some(mut body) = self.get(path)? else {
            return Ok(None);
        };
        let bytes = body
            .with_config()
            .limit(1 << 28)
            .read_to_vec()
            .with_context(|| format!("无法读取 {path}"))?;
        Ok(Some(bytes))
    }

    fn entry(&self, path: &str) -> anyhow::Result<Option<FileEntry>> {
        let Some(body) = self.get(path)? else {
            return Ok(None);
        };
        let entry =
            FileEntry::of_reader(body.into_reader()).with_context(|| format!("无法读取 {path}"))?;
        Ok(Some(entry))
    }

    fn unlisted(&self, _: &Manifest) -> Option<Vec<String>> {
        None
    }
}

/// What the check of one listed file found.
enum Finding {
    Changed(FileEntry),
    Missing,
    Unreadable(String),
}

/// The deployed copy at `target`: a web address (`http://`, `https://`) or a folder.
pub fn open(target: &str) -> anyhow::Result<Box<dyn Source>> {
    if target.starts_with("http://") || target.starts_with("https://") {
        return Ok(Box::new(Web::new(target)));
    }
    let dir = Path::new(target);
    if !dir.is_dir() {
        bail!("{target} 不是目录，也不是以 http:// 或 https:// 开头的网址");
    }
    Ok(Box::new(Folder(dir.to_path_buf())))
}

/// Checks the files of `source` that `wanted` accepts against its manifest (or `--manifest`)
/// and prints what differs. Returns the exit code.
pub fn report(
    args: &VerifyArgs,
    source: &dyn Source,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> anyhow::Result<i32> {
    let (text, signature) = read_manifest(args, source)?;
    let mut failed = !check_signature_of(args, &text, signature.as_deref())?;
    let manifest = Manifest::parse(&String::from_utf8_lossy(&text))?;
    if let Some(bad) = manifest.files.keys().find(|p| !is_plain_path(p)) {
        bail!("发布清单中的路径 “{bad}” 不是网站内的路径：清单已被篡改");
    }
    let findings = check_files(source, &manifest, wanted);
    let (mut changed, mut missing, mut unreadable) = (0, 0, 0);
    for (path, finding) in &findings {
        let expected = &manifest.files[path];
        match finding {
            Finding::Changed(actual) => {
                changed += 1;
                println!(
                    "已改动：{path}（清单中 {} 字节，SHA-256 {}；实际 {} 字节，SHA-256 {}）",
                    expected.size, expected.sha256, actual.size, actual.sha256
                );
            }
            Finding::Missing => {
                missing += 1;
                println!("缺少：{path}");
            }
            Finding::Unreadable(e) => {
                unreadable += 1;
                println!("无法读取：{path}：{e}");
            }
        }
    }
    let added = source.unlisted(&manifest);
    for path in added.iter().flatten() {
        println!("多出：{path}（不在发布清单中）");
    }
    let added_count = added.as_ref().map_or(0, Vec::len);
    let record = record_problems(source, &manifest)?;
    for problem in &record {
        println!("发布记录：{problem}");
    }
    failed |= changed + missing + unreadable + added_count + record.len() > 0;
    let added_text = match &added {
        Some(_) => format!("{added_count} 个多出"),
        None => "多出的文件无法通过网址发现（服务器不列出目录）".into(),
    };
    eprintln!(
        "核对{}：发布清单列出 {} 个文件，{changed} 个已改动，{missing} 个缺少，{added_text}{}",
        if failed { "未通过" } else { "通过" },
        manifest.files.len(),
        if unreadable > 0 {
            format!("，{unreadable} 个无法读取")
        } else {
            String::new()
        }
    );
    Ok(i32::from(failed))
}

/// The manifest (`--manifest`, else the target's own) and its signature, if any.
fn read_manifest(
    args: &VerifyArgs,
    source: &dyn Source,
) -> anyhow::Result<(Vec<u8>, Option<String>)> {
    let signature_name = format!("{MANIFEST}.minisig");
    if let Some(path) = &args.manifest {
        let text = crate::fs::read(path)?;
        let mut sig_path = path.clone().into_os_string();
        sig_path.push(".minisig");
        let signature = std::fs::read_to_string(&sig_path).ok();
        return Ok((text, signature));
    }
    let Some(text) = source.read(MANIFEST)? else {
        bail!(
            "{} 中没有发布清单 {MANIFEST}：请用 gongkai build 生成网站并完整部署，或用 --manifest 指定清单",
            args.target
        );
    };
    let signature = source
        .read(&signature_name)?
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    Ok((text, signature))
}

/// Checks the signature when a public key is at hand. Returns whether all is well.
fn check_signature_of(
    args: &VerifyArgs,
    text: &[u8],
    signature: Option<&str>,
) -> anyhow::Result<bool> {
    let key_path = args
        .key
        .clone()
        .or_else(|| Some(args.root.join(PUBLIC_KEY)).filter(|p| p.is_file()));
    let Some(key_path) = key_path else {
        eprintln!(
            "注意：没有公钥（--key 或站点目录中的 {PUBLIC_KEY}），未核对签名：清单本身可能已被一并改动"
        );
        return Ok(true);
    };
    let key = std::fs::read_to_string(&key_path)
        .with_context(|| format!("无法读取公钥 {}", key_path.display()))?;
    let Some(signature) = signature else {
        println!("签名缺失：发布清单没有签名（{MANIFEST}.minisig），无法证明它出自持有私钥的人");
        return Ok(false);
    };
    match check_signature(text, signature, &key) {
        Ok(trusted) => {
            eprintln!("签名有效（公钥 {}）：{trusted}", key_path.display());
            Ok(true)
        }
        Err(e) => {
            println!("签名无效：{e}");
            Ok(false)
        }
    }
}

/// The problems of the publication record the manifest lists (see [`crate::record`]): its chain,
/// and the pages of the documents it says are published.
fn record_problems(source: &dyn Source, manifest: &Manifest) -> anyhow::Result<Vec<String>> {
    if !manifest.files.contains_key(crate::record::FILE) {
        return Ok(Vec::new());
    }
    let Some(bytes) = source.read(crate::record::FILE)? else {
        return Ok(Vec::new());
    };
    let text = String::from_utf8_lossy(&bytes);
    let has_page = |path: &str| manifest.files.contains_key(path);
    Ok(crate::record::check_deployed(&text, &has_page))
}

/// Whether a listed path stays inside the site (no `..`, not absolute).
pub fn is_plain_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

/// Checks every listed file, several at a time (HTTP round trips overlap). Sorted by path.
fn check_files(
    source: &dyn Source,
    manifest: &Manifest,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<(String, Finding)> {
    let paths: Vec<&String> = manifest.files.keys().filter(|p| wanted(p)).collect();
    let next = AtomicUsize::new(0);
    let found = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..8.min(paths.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = paths.get(i) else {
                    break;
                };
                let finding = match source.entry(path) {
                    Ok(Some(actual)) if actual == manifest.files[*path] => None,
                    Ok(Some(actual)) => Some(Finding::Changed(actual)),
                    Ok(None) => Some(Finding::Missing),
                    Err(e) => Some(Finding::Unreadable(format!("{e:#}"))),
                };
                if let Some(f) = finding {
                    found
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(((*path).clone(), f));
                }
            });
        }
    });
    let mut found = found.into_inner().unwrap_or_else(|e| e.into_inner());
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}
