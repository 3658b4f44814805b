//! Recording a decision: `gongkai review approve|reject`, and the editor through the same
//! [`sign`]. The sign-off names the hash of the document's current content; with the reviewer's
//! secret key it is signed, and a site that lists reviewers' public keys refuses it without one.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use super::signoff::{self, Decision};
use crate::config::Config;
use crate::diagnostics::Diagnostics;

/// Environment variable holding a reviewer's secret key text (instead of a key file).
pub const KEY_ENV: &str = "GONGKAI_REVIEWER_KEY";

/// A decision to record.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The site root.
    pub root: &'a Path,
    /// The document: `content/xxgk/a.md` (relative to the root, or a path to the file).
    pub document: &'a Path,
    /// The level signed (one the document needs: the next to sign).
    pub level: &'a str,
    /// Who signs.
    pub reviewer: &'a str,
    /// 通过 or 退回.
    pub decision: Decision,
    /// The comment (required for 退回).
    pub note: &'a str,
    /// The reviewer's secret key file; else [`KEY_ENV`], else `~/.gongkai/reviewer-NAME.key`
    /// when it exists.
    pub key: Option<&'a Path>,
}

/// The default secret key file of reviewer `name`: `~/.gongkai/reviewer-NAME.key`.
pub fn default_key_path(name: &str) -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    Some(
        Path::new(&home)
            .join(".gongkai")
            .join(format!("reviewer-{name}.key")),
    )
}

/// Whether `name` can be a reviewer's name (it names the key file `reviewers/NAME.pub`).
pub fn check_name(name: &str) -> anyhow::Result<()> {
    let bad = name.trim().is_empty()
        || name != name.trim()
        || name.starts_with('.')
        || name
            .chars()
            .any(|c| c.is_control() || "/\\:*?\"<>|".contains(c));
    if bad {
        bail!("审核人名称 “{name}” 不能用作文件名：请不要包含 / \\ : * ? \" < > | 或以 . 开头");
    }
    Ok(())
}

/// Records the decision: writes the sign-off file (and its signature, with a key) under
/// `review/`. Returns the file written, relative to the root. Refused, with nothing written,
/// when the document needs no review or not this level now, when the reviewer may not sign it,
/// or when the site lists reviewers' keys and no matching key is at hand.
pub fn sign(request: &Request) -> anyhow::Result<PathBuf> {
    let root = request.root;
    check_name(request.reviewer)?;
    let document = document_path(root, request.document)?;
    if request.decision == Decision::Reject && request.note.trim().is_empty() {
        bail!("退回须写明意见：--note \"……\"");
    }
    let mut diags = Diagnostics::new();
    let config = Config::load(root, &mut diags);
    let loaded = crate::content::load::load(root, true, &mut diags);
    let Some(doc) = loaded
        .documents
        .iter()
        .find(|d| d.file == Path::new(&document))
    else {
        let problems: Vec<String> = diags.iter().map(ToString::to_string).collect();
        bail!(
            "{document} 无法读取，不能签署：{}",
            if problems.is_empty() {
                "不是文档".into()
            } else {
                problems.join("；")
            }
        );
    };
    let levels = super::levels_for(&config, &loaded.sections, doc);
    if levels.is_empty() {
        bail!("{document} 所在栏目不需要审核（config.yaml 或栏目 _index.md 的 review 未列出审核级别）");
    }
    let Some(level) = levels.get(request.level) else {
        bail!(
            "“{}” 不是 {document} 需要的审核级别：应为 {} 之一",
            request.level,
            levels.names()
        );
    };
    if !level.allows(request.reviewer) {
        bail!(
            "{} 不能签署 {}：这一级由 {} 签署",
            request.reviewer,
            level.name,
            level.by.join("、")
        );
    }
    let state = super::judge(root, &config, &loaded, &mut Diagnostics::new())
        .remove(&document)
        .unwrap_or_default();
    match &state.next {
        None => bail!("{document} 已通过全部审核（{}）", levels.names()),
        Some(next) if next.name != level.name => {
            if state.approved.iter().any(|s| s.level == level.name) {
                bail!(
                    "{document} 的 {} 已签署，现在待{}",
                    level.name,
                    next.label()
                );
            }
            bail!(
                "{document} 须先完成 {}，才能签署 {}",
                next.label(),
                level.name
            );
        }
        Some(_) => {}
    }
    let signer = signer_for(root, request)?;
    let now = jiff::Timestamp::now();
    let local = crate::content::date::china_offset().to_datetime(now);
    let time = local.strftime("%Y-%m-%dT%H:%M:%S+08:00").to_string();
    let stamp = local.strftime("%Y%m%d-%H%M%S%.3f").to_string();
    let text = signoff::text(
        &document,
        &level.name,
        request.reviewer,
        request.decision,
        &time,
        &state.content,
        request.note.trim(),
    );
    let rel = signoff::path_for(&document, &level.name, request.reviewer, &stamp);
    let path = root.join(&rel);
    crate::fs::create_dir_all(path.parent().unwrap_or(root))?;
    let mut signature = None;
    if let Some(signer) = &signer {
        let trusted = format!(
            "gongkai 审核签署 document: {document} level: {} reviewer: {} decision: {} time: {time}",
            level.name,
            request.reviewer,
            request.decision.as_str()
        );
        let untrusted = "gongkai 审核签署的签名，核对：gongkai build 或 gongkai review list";
        signature = Some(signer.sign_as(text.as_bytes(), &trusted, untrusted)?);
    }
    write_new(&path, text.as_bytes())?;
    if let Some(signature) = signature {
        let mut sig_path = path.clone().into_os_string();
        sig_path.push(signoff::SIGNATURE_SUFFIX);
        write_new(Path::new(&sig_path), signature.as_bytes())?;
    }
    Ok(rel)
}

/// The document as a path relative to the root with `/` (`content/xxgk/a.md`).
fn document_path(root: &Path, given: &Path) -> anyhow::Result<String> {
    let rel = if given.is_absolute() {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let file = given.canonicalize().unwrap_or_else(|_| given.to_path_buf());
        file.strip_prefix(&root)
            .map(Path::to_path_buf)
            .unwrap_or(file)
    } else if root.join(given).is_file() {
        given.to_path_buf()
    } else {
        Path::new("content").join(given)
    };
    let rel = crate::text::normalize(&rel.to_string_lossy().replace('\\', "/"));
    if !rel.starts_with("content/") || !rel.ends_with(".md") || !root.join(&rel).is_file() {
        bail!(
            "{} 不是站点 content/ 中的文档：应写如 content/xxgk/a.md",
            given.display()
        );
    }
    Ok(rel)
}

/// The reviewer's signing key, when one is at hand; an error when the site lists reviewers'
/// keys and there is none, or it is not the listed key of this reviewer.
fn signer_for(root: &Path, request: &Request) -> anyhow::Result<Option<crate::manifest::Signer>> {
    let name = request.reviewer;
    let text = match (request.key, std::env::var(KEY_ENV)) {
        (Some(path), _) => Some((read_text(path)?, path.display().to_string())),
        (None, Ok(text)) if !text.trim().is_empty() => Some((text, format!("环境变量 {KEY_ENV}"))),
        _ => default_key_path(name)
            .filter(|p| p.is_file())
            .map(|p| -> anyhow::Result<_> { Ok((read_text(&p)?, p.display().to_string())) })
            .transpose()?,
    };
    let keys = signoff::reviewer_keys(root);
    let listed = keys.get(name);
    let Some((text, origin)) = text else {
        if !keys.is_empty() {
            bail!(
                "站点登记了审核人公钥（{}/），签署须用 {name} 的私钥：请用 --key 指定，或先运行 gongkai keygen --reviewer {name}",
                signoff::KEYS_DIR
            );
        }
        return Ok(None);
    };
    let signer = crate::manifest::Signer::from_text(&text, origin)?;
    if let Some(listed) = listed {
        let own = signer.public_key()?.to_base64();
        if crate::manifest::public_key_base64(listed).ok().as_deref() != Some(own.as_str()) {
            bail!(
                "私钥（{}）与 {}/{name}.pub 不是一对：请用 {name} 自己的私钥",
                signer.origin,
                signoff::KEYS_DIR
            );
        }
    } else if !keys.is_empty() {
        bail!(
            "{name} 没有登记公钥（{}/{name}.pub）：请先运行 gongkai keygen --reviewer {name} 并提交公钥",
            signoff::KEYS_DIR
        );
    }
    Ok(Some(signer))
}

/// Writes a new file; never replaces one.
fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("无法写入 {}", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("无法写入 {}", path.display()))
}

/// A key file's text.
fn read_text(path: &Path) -> anyhow::Result<String> {
    let bytes = crate::fs::read(path)?;
    String::from_utf8(bytes).with_context(|| format!("{} 不是私钥文件", path.display()))
}
