//! Sign-off files: one plain file per decision of one reviewer on one level of one document,
//! under `review/` in the site folder (committed with the content; two reviewers never edit the
//! same file). A file is a few `key: value` lines:
//!
//! ```yaml
//! # gongkai 审核签署：由 gongkai review 写入，请勿手工修改
//! document: "content/xxgk/a.md"
//! level: "复审"
//! reviewer: "张三"
//! decision: "通过"          # or 退回
//! time: "2026-12-07T09:30:00+08:00"
//! content: "3f1c…"         # SHA-256 of what was approved (see [`super::content`])
//! note: ""
//! ```
//!
//! With the reviewer's key the file has a minisign signature beside it (`….yaml.minisig`); a site
//! that lists reviewers' public keys in `reviewers/` accepts only sign-offs signed by the key of
//! the reviewer they name.

use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::diagnostics::Diagnostic;

/// The folder of sign-off files, in the site folder.
pub const DIR: &str = "review";
/// The folder of reviewers' public keys (`NAME.pub`), in the site folder.
pub const KEYS_DIR: &str = "reviewers";
/// The suffix of a sign-off's signature file.
pub const SIGNATURE_SUFFIX: &str = ".minisig";

/// What the reviewer decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// 通过: the level is signed.
    Approve,
    /// 退回: sent back with a note.
    Reject,
}

impl Decision {
    /// 通过 or 退回.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "通过",
            Decision::Reject => "退回",
        }
    }
}

/// One sign-off as read from its file.
#[derive(Debug, Clone)]
pub struct SignOff {
    /// The file, relative to the site root (`review/xxgk/a.md/…yaml`).
    pub file: PathBuf,
    /// The document, relative to the site root (`content/xxgk/a.md`).
    pub document: String,
    /// The level signed.
    pub level: String,
    /// Who signed.
    pub reviewer: String,
    /// 通过 or 退回.
    pub decision: Decision,
    /// When, as written (RFC 3339).
    pub time: String,
    /// The same, for ordering.
    pub at: jiff::Timestamp,
    /// SHA-256 (hex) of the content signed.
    pub content: String,
    /// The reviewer's comment.
    pub note: String,
    /// The text signed (the file's bytes).
    pub text: String,
    /// Line and column of each key, for messages.
    pub positions: std::collections::BTreeMap<String, (usize, usize)>,
}

impl SignOff {
    /// A located error at `key` of this file.
    pub fn error_at(&self, key: &str, message: String) -> Diagnostic {
        let (line, column) = self.positions.get(key).copied().unwrap_or((1, 1));
        Diagnostic::error(&self.file, line, column, message)
    }
}

/// The text of a new sign-off file.
pub fn text(
    document: &str,
    level: &str,
    reviewer: &str,
    decision: Decision,
    time: &str,
    content: &str,
    note: &str,
) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    format!(
        "# gongkai 审核签署：由 gongkai review 写入，请勿手工修改（内容改动后签署作废）\ndocument: {}\nlevel: {}\nreviewer: {}\ndecision: {}\ntime: {}\ncontent: {}\nnote: {}\n",
        q(document),
        q(level),
        q(reviewer),
        q(decision.as_str()),
        q(time),
        q(content),
        q(note)
    )
}

/// Where a new sign-off goes: `review/<document below content/>/<time>-<level>-<reviewer>.yaml`.
pub fn path_for(document: &str, level: &str, reviewer: &str, stamp: &str) -> PathBuf {
    let below = document.strip_prefix("content/").unwrap_or(document);
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_control() || "/\\:*?\"<>|".contains(c) {
                    '_'
                } else {
                    c
                }
            })
            .collect()
    };
    Path::new(DIR)
        .join(below)
        .join(format!("{stamp}-{}-{}.yaml", safe(level), safe(reviewer)))
}

/// Reads one sign-off file (`shown` is its path relative to the site root). Problems are
/// located errors.
pub fn parse(shown: &Path, bytes: &[u8]) -> Result<SignOff, Diagnostic> {
    let at = |line, column, message: String| Diagnostic::error(shown, line, column, message);
    let text = std::str::from_utf8(bytes)
        .map_err(|_| at(1, 1, "审核签署文件不是 UTF-8 编码".into()))?
        .to_string();
    let value: Value = serde_yaml::from_str(&text).map_err(|e| {
        let (line, column, message) = crate::diagnostics::yaml::yaml_error(&e, &text, 1);
        at(line, column, format!("审核签署文件无法识别：{message}"))
    })?;
    let Value::Mapping(map) = value else {
        return Err(at(
            1,
            1,
            "审核签署文件应为 “键: 值” 各行（document、level、reviewer、decision、time、content）"
                .into(),
        ));
    };
    let positions = crate::diagnostics::positions::key_positions(&text, 1);
    let get = |key: &str, what: &str| -> Result<String, Diagnostic> {
        match map.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            Some(_) => {
                let (line, column) = positions.get(key).copied().unwrap_or((1, 1));
                Err(at(line, column, format!("{key}（{what}）应为文字")))
            }
            None => Err(at(1, 1, format!("审核签署缺少 {key}（{what}）"))),
        }
    };
    let decision = match get("decision", "结论")?.as_str() {
        "通过" | "approve" => Decision::Approve,
        "退回" | "reject" => Decision::Reject,
        other => {
            let (line, column) = positions.get("decision").copied().unwrap_or((1, 1));
            return Err(at(
                line,
                column,
                format!("decision（结论）应为 通过 或 退回，实际为 “{other}”"),
            ));
        }
    };
    let time = get("time", "签署时间")?;
    let stamp = jiff::Timestamp::strptime("%Y-%m-%dT%H:%M:%S%:z", &time).map_err(|_| {
        let (line, column) = positions.get("time").copied().unwrap_or((1, 1));
        at(
            line,
            column,
            format!("time（签署时间）应为 2026-12-07T09:30:00+08:00 的形式，实际为 “{time}”"),
        )
    })?;
    let content = get("content", "内容哈希")?;
    if crate::output::Digest::from_hex(&content).is_none() {
        let (line, column) = positions.get("content").copied().unwrap_or((1, 1));
        return Err(at(
            line,
            column,
            format!("content（内容哈希）应为 64 位十六进制的 SHA-256，实际为 “{content}”"),
        ));
    }
    let note = match map.get("note") {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    Ok(SignOff {
        file: shown.to_path_buf(),
        document: get("document", "文档")?,
        level: get("level", "审核级别")?,
        reviewer: get("reviewer", "审核人")?,
        decision,
        time,
        at: stamp,
        content,
        note,
        text,
        positions,
    })
}

/// Every sign-off file of the site at `root` (sorted by path), read; unreadable or malformed
/// files are errors in the second list.
pub fn read_all(root: &Path) -> (Vec<SignOff>, Vec<Diagnostic>) {
    let dir = root.join(DIR);
    let (mut found, mut problems) = (Vec::new(), Vec::new());
    if !dir.is_dir() {
        return (found, problems);
    }
    let walker = walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter();
    for entry in walker.flatten() {
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || !name.ends_with(".yaml") || name.starts_with('.') {
            continue;
        }
        let shown = entry.path().strip_prefix(root).unwrap_or(entry.path());
        match std::fs::read(entry.path()) {
            Ok(bytes) => match parse(shown, &bytes) {
                Ok(s) => found.push(s),
                Err(d) => problems.push(d),
            },
            Err(e) => problems.push(Diagnostic::error(
                shown,
                0,
                0,
                format!("无法读取：{}", crate::fs::reason(&e)),
            )),
        }
    }
    (found, problems)
}

/// The reviewers' public keys listed in `reviewers/` (`NAME.pub` → key text), sorted by name.
pub fn reviewer_keys(root: &Path) -> std::collections::BTreeMap<String, String> {
    let Ok(dir) = std::fs::read_dir(root.join(KEYS_DIR)) else {
        return Default::default();
    };
    dir.flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let reviewer = name.strip_suffix(".pub")?.to_string();
            Some((reviewer, std::fs::read_to_string(e.path()).ok()?))
        })
        .collect()
}

/// Checks the signature of `signoff` against the listed reviewers' keys: an error when the site
/// lists keys and the sign-off is unsigned, names a reviewer without a key, or its signature does
/// not check out. Without listed keys every sign-off is accepted.
pub fn check_signature(
    root: &Path,
    signoff: &SignOff,
    keys: &std::collections::BTreeMap<String, String>,
) -> Result<(), Diagnostic> {
    if keys.is_empty() {
        return Ok(());
    }
    let Some(key) = keys.get(&signoff.reviewer) else {
        return Err(signoff.error_at(
            "reviewer",
            format!(
                "审核人 “{}” 没有登记公钥（{KEYS_DIR}/{}.pub）：站点登记了审核人公钥，只接受登记的审核人用自己的私钥签署",
                signoff.reviewer, signoff.reviewer
            ),
        ));
    };
    let mut sig_path = root.join(&signoff.file).into_os_string();
    sig_path.push(SIGNATURE_SUFFIX);
    let Ok(signature) = std::fs::read_to_string(&sig_path) else {
        return Err(signoff.error_at(
            "reviewer",
            format!(
                "审核签署没有签名（缺少 {}{SIGNATURE_SUFFIX}）：站点登记了审核人公钥，签署须用 gongkai review 和审核人的私钥写入，手工写的签署不被接受",
                signoff.file.display()
            ),
        ));
    };
    crate::manifest::check_signature(signoff.text.as_bytes(), &signature, key)
        .map(|_| ())
        .map_err(|e| {
            signoff.error_at(
                "reviewer",
                format!(
                    "审核签署的签名无效（{e}）：签署在签名后被改动过，或不是用 {} 的私钥签的",
                    signoff.reviewer
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_files_read_back() {
        let t = text(
            "content/a.md",
            "复审",
            "张三: 科长",
            Decision::Reject,
            "2026-12-07T09:30:00+08:00",
            &"ab".repeat(32),
            "第二段 “数字” 有误\n请改",
        );
        let s = parse(Path::new("review/a.yaml"), t.as_bytes()).unwrap();
        assert_eq!(s.reviewer, "张三: 科长");
        assert_eq!(s.decision, Decision::Reject);
        assert_eq!(s.note, "第二段 “数字” 有误\n请改");
        assert_eq!(s.positions["level"].0, 3);
    }

    #[test]
    fn malformed_files_are_located_errors() {
        let bad = "document: content/a.md\nlevel: 初审\nreviewer: 张三\ndecision: 同意\ntime: 2026-12-07T09:30:00+08:00\ncontent: x\n";
        let e = parse(Path::new("review/a.yaml"), bad.as_bytes()).unwrap_err();
        assert_eq!((e.line, e.column), (4, 11), "{e}");
        assert!(e.message.contains("通过 或 退回"), "{e}");
        let e = parse(Path::new("review/a.yaml"), b"document: [\n").unwrap_err();
        assert!(e.message.contains("无法识别"), "{e}");
    }
}
