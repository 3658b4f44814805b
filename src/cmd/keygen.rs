//! `gongkai keygen`: a key pair for signing the manifest of published files
//! ([`crate::manifest`]). The public key goes into the site folder as `site.pub` (kept with the
//! site, handed to whoever checks it); the secret key goes outside it, readable by its owner only.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::cli::KeygenArgs;
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::manifest::{generate, refuse_inside_site, site_label, KEY_ENV, PUBLIC_KEY};

/// Writes `site.pub` and the secret key. Returns the exit code.
pub fn keygen(args: &KeygenArgs) -> anyhow::Result<i32> {
    if let Some(name) = &args.reviewer {
        return reviewer(args, name);
    }
    let config = Config::load(&args.root, &mut Diagnostics::new());
    let name = if config.domain.is_empty() {
        dir_name(&args.root)
    } else {
        config.domain.clone()
    };
    let secret_path = match &args.secret_key {
        Some(p) => p.clone(),
        None => default_secret_path(&name)?,
    };
    refuse_inside_site(&secret_path, &args.root)?;
    let public_path = args.root.join(PUBLIC_KEY);
    for path in [&public_path, &secret_path] {
        if path.exists() && !args.force {
            bail!(
                "{} 已存在：换用新密钥会让已发布的签名无法再用旧公钥核对；确需重新生成请加 --force",
                path.display()
            );
        }
    }
    let (public, secret) = generate(&site_label(&config))?;
    if let Some(dir) = secret_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::fs::create_dir_all(dir)?;
    }
    write_private(&secret_path, secret.as_bytes())
        .with_context(|| format!("无法写入私钥 {}", secret_path.display()))?;
    std::fs::write(&public_path, public)
        .with_context(|| format!("无法写入公钥 {}", public_path.display()))?;
    let shown = shown_path(&secret_path);
    eprintln!(
        "公钥已写入 {}：随站点保存，并交给核对网站的人（gongkai verify 默认使用它）",
        public_path.display()
    );
    eprintln!(
        "私钥已写入 {}：只有本机用户可读；不要放进站点目录或代码库，并另行备份",
        secret_path.display()
    );
    eprintln!("在 config.yaml 中加入一行即可在每次 gongkai build 时签名发布清单：");
    eprintln!("  signing_key: {shown}");
    eprintln!("在 CI 中，可把私钥文件的内容存为密钥，放入环境变量 {KEY_ENV}。");
    Ok(0)
}

/// `keygen --reviewer NAME`: a reviewer's key pair for signing sign-offs ([`crate::review`]):
/// `reviewers/NAME.pub` in the site folder (once any is there, only signed sign-offs count) and
/// the secret key outside it, by default `~/.gongkai/reviewer-NAME.key`.
fn reviewer(args: &KeygenArgs, name: &str) -> anyhow::Result<i32> {
    use crate::review::signoff::KEYS_DIR;
    crate::review::sign::check_name(name)?;
    let secret_path = match &args.secret_key {
        Some(p) => p.clone(),
        None => crate::review::sign::default_key_path(name)
            .context("找不到用户主目录（HOME）：请用 --secret-key 指定私钥文件的位置")?,
    };
    refuse_inside_site(&secret_path, &args.root)?;
    let public_path = args.root.join(KEYS_DIR).join(format!("{name}.pub"));
    for path in [&public_path, &secret_path] {
        if path.exists() && !args.force {
            bail!(
                "{} 已存在：换用新密钥后，旧私钥签的签署仍可用旧公钥核对，请先确认；确需重新生成请加 --force",
                path.display()
            );
        }
    }
    let (public, secret) = crate::manifest::generate_labelled(
        &format!("gongkai 审核人公钥 {name}"),
        &format!("gongkai 审核人私钥 {name}：只由本人保管，不要放进站点目录或代码库"),
    )?;
    for path in [&public_path, &secret_path] {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::fs::create_dir_all(dir)?;
        }
    }
    write_private(&secret_path, secret.as_bytes())
        .with_context(|| format!("无法写入私钥 {}", secret_path.display()))?;
    std::fs::write(&public_path, public)
        .with_context(|| format!("无法写入公钥 {}", public_path.display()))?;
    eprintln!(
        "审核人公钥已写入 {}：随站点提交；站点登记了审核人公钥后，只接受登记的审核人用私钥签名的签署",
        public_path.display()
    );
    eprintln!(
        "私钥已写入 {}：只有本机用户可读，由 {name} 本人保管；gongkai review 签署时默认使用它",
        secret_path.display()
    );
    Ok(0)
}

/// `~/.gongkai/NAME.key`.
fn default_secret_path(name: &str) -> anyhow::Result<PathBuf> {
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .context("找不到用户主目录（HOME）：请用 --secret-key 指定私钥文件的位置")?;
    Ok(Path::new(&home)
        .join(".gongkai")
        .join(format!("{name}.key")))
}

/// The site folder's name, for naming its key when the site has no address.
fn dir_name(root: &Path) -> String {
    root.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "site".into())
}

/// The path as `config.yaml` should name it: `~/…` below the home folder, else absolute.
fn shown_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        if let Ok(rest) = absolute.strip_prefix(&home) {
            return format!("~/{}", rest.display());
        }
    }
    absolute.display().to_string()
}

/// Writes a file only its owner can read (mode 0600 on Unix).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)
}
