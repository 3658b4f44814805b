//! Stage 7, manifest (`build` only): tamper-evident output (网页防篡改): `gongkai build` writes
//! [`MANIFEST`], the list of every published file with its size and SHA-256, and, when the site has
//! a signing key, [`SIGNATURE`], its signature in the format of the standard `minisign` tool.
//! `gongkai verify` compares a deployed copy (a folder or a web address) with the list.
//!
//! The list is a file `sha256sum -c` reads as it is: one line `HASH  PATH` per file (in the
//! output folder's order), each after a comment line `#size BYTES`; names holding a backslash or a
//! line break are escaped as `sha256sum` escapes them (the line then starts with `\`). It names
//! neither itself nor the signature, and no page links to it. The secret key is read from the
//! file `signing_key` of `config.yaml` names (outside the site folder) or from the environment
//! variable [`KEY_ENV`]; it is never written anywhere by a build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
pub use crate::output::{Digest, FileEntry};

/// The list of published files, at the root of the output.
pub const MANIFEST: &str = "gongkai-manifest.sha256";
/// Its minisign signature, beside it.
pub const SIGNATURE: &str = "gongkai-manifest.sha256.minisig";
/// The site's public key, at the site root (written by `gongkai keygen`).
pub const PUBLIC_KEY: &str = "site.pub";
/// Environment variable holding the secret key's text (for CI, where it is a secret).
pub const KEY_ENV: &str = "GONGKAI_SIGNING_KEY";
/// Environment variable holding the password of a password-protected secret key.
pub const PASSWORD_ENV: &str = "GONGKAI_SIGNING_PASSWORD";
/// Untrusted comment of signatures (the trusted, signed comment names site and build time).
const SIGNATURE_COMMENT: &str = "gongkai 发布清单签名，核对：gongkai verify 或 minisign -Vm gongkai-manifest.sha256 -p site.pub";

/// Whether a path of the output is the manifest or its signature (not listed in the manifest).
pub fn is_manifest_file(path: &str) -> bool {
    path == MANIFEST || path == SIGNATURE
}

/// The folder of gongkai's deploy state on a target (lock, pending deletions, files being
/// uploaded; [`crate::deploy`]).
pub const DEPLOY_STATE: &str = ".gongkai-deploy";

/// Whether a path of a target is gongkai's deploy state, not part of the site.
pub fn is_deploy_state(path: &str) -> bool {
    path == DEPLOY_STATE || path.starts_with(".gongkai-deploy/")
}

/// Every published file by path relative to the output root (`/`-separated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// The files.
    pub files: BTreeMap<String, FileEntry>,
}

impl Manifest {
    /// Reads a manifest's text. Lines it does not know are errors, with their line number.
    pub fn parse(text: &str) -> anyhow::Result<Manifest> {
        // Listed in order: the map is built in one go rather than a file at a time.
        let files = Manifest::entries(text).collect::<anyhow::Result<_>>()?;
        Ok(Manifest { files })
    }

    /// Each file a manifest's text lists, with its entry, in the order listed (a file listed
    /// twice: the later line counts); an error for a line it does not know.
    pub fn entries(text: &str) -> impl Iterator<Item = anyhow::Result<(String, FileEntry)>> + '_ {
        let mut size = None;
        text.lines().enumerate().filter_map(move |(i, line)| {
            let bad = || anyhow::anyhow!("发布清单第 {} 行无法识别：{line}", i + 1);
            if let Some(n) = line.strip_prefix("#size ") {
                return match n.trim().parse::<u64>() {
                    Ok(n) => {
                        size = Some(n);
                        None
                    }
                    Err(_) => Some(Err(bad())),
                };
            }
            if line.starts_with('#') || line.trim().is_empty() {
                return None;
            }
            let (escaped, line_rest) = match line.strip_prefix('\\') {
                Some(rest) => (true, rest),
                None => (false, line),
            };
            let entry = (|| {
                let (hash, name) = line_rest.split_once("  ").ok_or_else(bad)?;
                let sha256 = Digest::from_hex(hash).ok_or_else(bad)?;
                let path = if escaped {
                    unescape_name(name).ok_or_else(bad)?
                } else {
                    name.to_string()
                };
                let size = size.take().ok_or_else(bad)?;
                Ok((path, FileEntry { size, sha256 }))
            })();
            Some(entry)
        })
    }
}

/// A file name as `sha256sum` writes it: `\` and line breaks escaped (then `true`).
fn escape_name(name: &str) -> (bool, std::borrow::Cow<'_, str>) {
    if !name.contains(['\\', '\n', '\r']) {
        return (false, name.into());
    }
    let escaped = name
        .replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r");
    (true, escaped.into())
}

fn unescape_name(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            'n' => '\n',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(out)
}

/// The site's secret key, ready to sign.
pub struct Signer {
    key: minisign::SecretKey,
    /// Where the key came from, for messages.
    pub origin: String,
}

impl Signer {
    /// The key of `config.yaml`'s `signing_key` or of [`KEY_ENV`] (which wins), or `None` when
    /// the site has none. A key file inside the site folder is refused: it would end up in the
    /// repository.
    pub fn load(config: &Config, root: &Path) -> anyhow::Result<Option<Signer>> {
        let (text, origin) = match std::env::var(KEY_ENV) {
            Ok(text) if !text.trim().is_empty() => (text, format!("环境变量 {KEY_ENV}")),
            _ => {
                let Some(path) = config.signing_key.as_deref() else {
                    return Ok(None);
                };
                let path = key_path(path, root);
                refuse_inside_site(&path, root)?;
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| unreadable_key(&path, config, &e))?;
                (text, path.display().to_string())
            }
        };
        let key = secret_key(&text).with_context(|| format!("签名私钥无效（{origin}）"))?;
        Ok(Some(Signer { key, origin }))
    }

    /// A secret key from the text of a key file (a reviewer's key, [`crate::review`]);
    /// `origin` names it in messages.
    pub fn from_text(text: &str, origin: String) -> anyhow::Result<Signer> {
        let key = secret_key(text).with_context(|| format!("私钥无效（{origin}）"))?;
        Ok(Signer { key, origin })
    }

    /// A minisign signature of `data` whose trusted comment is `trusted` (one line).
    pub fn sign(&self, data: &[u8], trusted: &str) -> anyhow::Result<String> {
        self.sign_as(data, trusted, SIGNATURE_COMMENT)
    }

    /// A signature with `untrusted` as its (unsigned) first comment line.
    pub fn sign_as(&self, data: &[u8], trusted: &str, untrusted: &str) -> anyhow::Result<String> {
        let trusted = one_line(trusted);
        let sig = minisign::sign(None, &self.key, data, Some(&trusted), Some(untrusted))
            .context("签名失败")?;
        Ok(sig.into_string())
    }

    /// The public key that goes with this secret key (for comparing with `site.pub`).
    pub fn public_key(&self) -> anyhow::Result<minisign::PublicKey> {
        minisign::PublicKey::from_secret_key(&self.key).context("无法由私钥得到公钥")
    }
}

/// A `signing_key` file that cannot be read, as an error at the key in `config.yaml`: what is
/// wrong, in Chinese, and what to do.
fn unreadable_key(path: &Path, config: &Config, e: &std::io::Error) -> anyhow::Error {
    use std::io::ErrorKind;
    let shown = path.display();
    let message = match e.kind() {
        ErrorKind::NotFound => format!(
            "签名私钥 {shown} 不存在：请改正路径，或用 gongkai keygen 生成密钥对并把它打印的 signing_key 行写在这里"
        ),
        ErrorKind::PermissionDenied => format!(
            "没有读取签名私钥 {shown} 的权限：请以密钥的所有者运行 gongkai build，或改正文件权限（chmod 600）"
        ),
        ErrorKind::IsADirectory => format!(
            "签名私钥 {shown} 是文件夹：应写 gongkai keygen 生成的私钥文件，如 ~/.gongkai/www.example.gov.cn.key"
        ),
        _ => format!(
            "无法读取签名私钥 {shown}（{e}）：请检查这个文件，或用 gongkai keygen 重新生成密钥对"
        ),
    };
    let (line, column) = config.signing_key_position;
    Diagnostic::error(Path::new("config.yaml"), line, column, message)
        .with_field("signing_key（签名私钥）")
        .into()
}

fn secret_key(text: &str) -> anyhow::Result<minisign::SecretKey> {
    let text = text.trim().replace("\r\n", "\n") + "\n";
    let boxed = || minisign::SecretKeyBox::from_string(&text);
    if let Ok(key) = boxed()?.into_unencrypted_secret_key() {
        return Ok(key);
    }
    let Ok(password) = std::env::var(PASSWORD_ENV) else {
        bail!("私钥有密码保护：请在环境变量 {PASSWORD_ENV} 中提供密码");
    };
    boxed()?
        .into_secret_key(Some(password))
        .map_err(|e| anyhow::anyhow!("无法用 {PASSWORD_ENV} 中的密码解开私钥：{e}"))
}

/// The path `signing_key` names: `~/` is the home folder, a relative path is relative to the
/// site root.
pub fn key_path(written: &str, root: &Path) -> PathBuf {
    match (written.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => root.join(written),
    }
}

/// An error when `path` lies inside the site folder `root`.
pub fn refuse_inside_site(path: &Path, root: &Path) -> anyhow::Result<()> {
    let absolute = |p: &Path| {
        let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        // The file may not exist yet: resolve its folder.
        match (
            p.parent().and_then(|d| d.canonicalize().ok()),
            p.file_name(),
        ) {
            (Some(dir), Some(name)) => dir.join(name),
            _ => p,
        }
    };
    let root = root.canonicalize().unwrap_or_else(|_| absolute(root));
    if absolute(path).starts_with(&root) {
        bail!(
            "签名私钥 {} 在站点目录 {} 中：私钥不能随站点进入代码库或网站，请放在站点目录之外（如 ~/.gongkai/），或用环境变量 {KEY_ENV} 提供",
            path.display(),
            root.display()
        );
    }
    Ok(())
}

fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The site as the manifest, the signature and the keys name it: title and address.
pub fn site_label(config: &Config) -> String {
    let site = match &config.base_url {
        Some(url) => format!("{} {url}", config.identity.title),
        None => config.identity.title.clone(),
    };
    one_line(&site)
}

/// The build time of the trusted comment: now, or `SOURCE_DATE_EPOCH` for reproducible builds.
fn build_time() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    let local = jiff::tz::Offset::constant(8).to_datetime(now);
    format!("{}+08:00", local.strftime("%Y-%m-%dT%H:%M:%S"))
}

/// A file the manifest adds to the output: its name and bytes.
pub type ManifestFile = (&'static str, Vec<u8>);

/// The key that signs the manifest of a build of `root`, read before any page is made: `None`
/// when the site has none. A configured key that cannot be read, or that does not match the
/// site's `site.pub`, is an error, and the build stops with nothing written.
pub fn signer(config: &Config, root: &Path) -> anyhow::Result<Option<Signer>> {
    let signer = Signer::load(config, root)?;
    if let Some(signer) = &signer {
        check_public_key(signer, root)?;
    }
    Ok(signer)
}

/// The manifest (and its signature, with the site's [`signer`]) of a build whose files are
/// `entries` (path and entry, paths ascending): the files to write beside them, and what was
/// done, for the build summary.
pub fn make(
    entries: &[(String, FileEntry)],
    config: &Config,
    signer: Option<&Signer>,
    root: &Path,
) -> anyhow::Result<(Vec<ManifestFile>, String)> {
    let site = site_label(config);
    let (text, count) = text_of(entries, &site);
    let mut files = Vec::new();
    let summary = match signer {
        Some(signer) => {
            let trusted = format!(
                "gongkai 发布清单：网站 {site}，生成于 {}，共 {count} 个文件",
                build_time()
            );
            let signature = signer.sign(text.as_bytes(), &trusted)?;
            files.push((SIGNATURE, signature.into_bytes()));
            format!("发布清单列出 {count} 个文件并已签名，")
        }
        None if root.join(PUBLIC_KEY).is_file() => {
            format!("发布清单列出 {count} 个文件但未签名（站点有 {PUBLIC_KEY}，却没有配置 signing_key 或 {KEY_ENV}），")
        }
        None => format!("发布清单列出 {count} 个文件，"),
    };
    files.push((MANIFEST, text.into_bytes()));
    Ok((files, summary))
}

/// The text of a manifest listing `files` (in the order given, the manifest's own files left
/// out): a header naming the site, then `#size` and `HASH  PATH` per file; and how many files it
/// lists. Written straight from the build's entries, which at 100,000 documents are a million
/// files, a share of them on each core.
fn text_of(files: &[(String, FileEntry)], site: &str) -> (String, usize) {
    use rayon::prelude::*;
    use std::fmt::Write as _;
    fn listed(files: &[(String, FileEntry)]) -> impl Iterator<Item = &(String, FileEntry)> {
        (files.iter()).filter(|(path, _)| !is_manifest_file(path))
    }
    let (count, total) = listed(files).fold((0, 0u64), |(n, t), (_, e)| (n + 1, t + e.size));
    let lines: Vec<String> = (files.par_chunks(4096))
        .map(|chunk| {
            let length = listed(chunk).map(|(p, _)| p.len() + 96).sum();
            let mut out = String::with_capacity(length);
            for (path, e) in listed(chunk) {
                let (escaped, name) = escape_name(path);
                // Writing into a String cannot fail.
                let _ = writeln!(
                    out,
                    "#size {}\n{}{}  {name}",
                    e.size,
                    if escaped { "\\" } else { "" },
                    e.sha256
                );
            }
            out
        })
        .collect();
    let mut out = String::with_capacity(lines.iter().map(String::len).sum::<usize>() + 512);
    let _ = write!(
        out,
        "# gongkai 发布清单：{site}\n# 共 {count} 个文件，{total} 字节。每个文件一行 “SHA-256  路径”，其前一行为 “#size 字节数”。\n# 核对：gongkai verify 网站目录或网址；在网站目录中也可运行 sha256sum -c {MANIFEST}\n"
    );
    for chunk in lines {
        out.push_str(&chunk);
    }
    (out, count)
}

/// The key must match `site.pub` when the site has one: a signature nobody can check is useless.
fn check_public_key(signer: &Signer, root: &Path) -> anyhow::Result<()> {
    let path = root.join(PUBLIC_KEY);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    let site_key = public_key_base64(&text)
        .with_context(|| format!("{} 不是 minisign 公钥", path.display()))?;
    if site_key != signer.public_key()?.to_base64() {
        bail!(
            "签名私钥（{}）与站点公钥 {} 不是一对：请用 gongkai keygen 生成的私钥，或重新生成密钥对",
            signer.origin,
            path.display()
        );
    }
    Ok(())
}

/// The base64 line of a minisign public key file (or the bare base64 key).
pub fn public_key_base64(text: &str) -> anyhow::Result<String> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))
        .context("公钥为空")?;
    minisign_verify::PublicKey::from_base64(line).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(line.to_string())
}

/// A new key pair: the public key file's text and the secret key file's text.
pub fn generate(site: &str) -> anyhow::Result<(String, String)> {
    generate_labelled(
        &format!("gongkai 站点公钥 {}", one_line(site)),
        &format!(
            "gongkai 站点私钥 {}：只放在生成网站的机器或 CI 密钥中，不要放进站点目录或代码库",
            one_line(site)
        ),
    )
}

/// A new key pair whose files carry the comments `public` and `secret` (one line each).
pub fn generate_labelled(public: &str, secret: &str) -> anyhow::Result<(String, String)> {
    let pair = minisign::KeyPair::generate_unencrypted_keypair().context("无法生成密钥对")?;
    let public = format!(
        "untrusted comment: {}\n{}\n",
        one_line(public),
        pair.pk.to_base64()
    );
    let secret = pair
        .sk
        .to_box(Some(&one_line(secret)))
        .context("无法写出私钥")?
        .into_string();
    Ok((public, secret))
}

/// Checks a signature of `data` against a public key file's text. Returns the trusted comment.
pub fn check_signature(data: &[u8], signature: &str, public_key: &str) -> anyhow::Result<String> {
    let key = minisign_verify::PublicKey::from_base64(&public_key_base64(public_key)?)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let sig = minisign_verify::Signature::decode(signature)
        .map_err(|e| anyhow::anyhow!("签名文件无法识别：{e}"))?;
    key.verify(data, &sig, false).map_err(|e| match e {
        minisign_verify::Error::UnexpectedKeyId => {
            anyhow::anyhow!("签名不是用这个公钥对应的私钥做的")
        }
        minisign_verify::Error::InvalidSignature => {
            anyhow::anyhow!("签名与清单内容不符：清单或签名在签名后被改动过")
        }
        other => anyhow::anyhow!("签名无法核对：{other}"),
    })?;
    Ok(sig.trusted_comment().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_with_escaped_names() {
        let mut m = Manifest::default();
        for name in ["index.html", "a b/附件.pdf", "x\\y\nz.txt"] {
            m.files
                .insert(name.into(), FileEntry::of_bytes(name.as_bytes()));
        }
        let files: Vec<(String, FileEntry)> = m.files.clone().into_iter().collect();
        let (text, count) = text_of(&files, "示例局 https://www.example.gov.cn/");
        assert_eq!(count, 3);
        assert!(text.contains("\n\\"), "{text}");
        assert_eq!(Manifest::parse(&text).unwrap(), m);
    }

    #[test]
    fn signatures_verify_and_fail() {
        let (public, secret) = generate("示例局").unwrap();
        let key = secret_key(&secret).unwrap();
        let signer = Signer {
            key,
            origin: "test".into(),
        };
        let sig = signer.sign(b"data", "网站 x，生成于 y").unwrap();
        assert_eq!(
            check_signature(b"data", &sig, &public).unwrap(),
            "网站 x，生成于 y"
        );
        assert!(check_signature(b"datb", &sig, &public).is_err());
        let (other, _) = generate("另一个").unwrap();
        let e = check_signature(b"data", &sig, &other).unwrap_err();
        assert!(e.to_string().contains("公钥"), "{e}");
    }

    #[test]
    fn bad_lines_are_errors() {
        assert!(Manifest::parse("#size 1\nnot a line\n").is_err());
        assert!(Manifest::parse(&format!("{}  a\n", "0".repeat(64))).is_err());
    }
}
