//! Files the editor may touch: every name the browser sends is checked to stay inside
//! `content/` (no `..`, no absolute path, no backslash or NUL, no hidden name, no symbolic link
//! leading out), files are written whole and renamed into place, and deleted documents are
//! moved to `.gongkai/trash/` where they can be put back.

use std::path::{Component, Path, PathBuf};

/// Attachment types a disclosure site publishes (by extension, lower case).
pub const ATTACHMENT_TYPES: &[&str] = &[
    "pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "csv", "txt", "zip", "rar", "7z",
    "jpg", "jpeg", "png", "gif", "webp", "mp4", "mp3",
];

/// The largest attachment accepted (100 MB).
pub const MAX_UPLOAD_BYTES: usize = 100 << 20;

/// Checks a path relative to `content/` as sent by the browser and returns the file it names.
/// Refused: empty, absolute, `..`, `.`, backslashes, NUL, names starting with `.` or `~`, and
/// any path whose folder is (through a symbolic link) outside `content/`, or that is itself a
/// symbolic link.
pub fn resolve(root: &Path, rel: &str) -> Result<PathBuf, String> {
    let bad = || format!("文件名 “{rel}” 无效：只能是 content/ 之内的文件");
    if rel.is_empty() || rel.contains(['\\', '\0', ':']) || rel.starts_with('/') {
        return Err(bad());
    }
    let rel_path = Path::new(rel);
    for c in rel_path.components() {
        match c {
            Component::Normal(name) => {
                let name = name.to_string_lossy();
                if name.starts_with(['.', '~']) || name.trim().is_empty() {
                    return Err(bad());
                }
            }
            _ => return Err(bad()),
        }
    }
    let content = root.join("content");
    let content_real = content
        .canonicalize()
        .map_err(|_| "找不到 content/ 文件夹".to_string())?;
    let path = content.join(rel_path);
    // The deepest folder that exists must be inside content/ once links are followed.
    let mut dir = path.parent().map(Path::to_path_buf);
    while let Some(d) = dir {
        if let Ok(real) = d.canonicalize() {
            if !real.starts_with(&content_real) {
                return Err(bad());
            }
            break;
        }
        dir = d.parent().map(Path::to_path_buf);
    }
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(bad());
    }
    Ok(path)
}

/// A document's path: as [`resolve`], and a Markdown file that is not a section index.
pub fn resolve_document(root: &Path, rel: &str) -> Result<PathBuf, String> {
    if !rel.ends_with(".md") || rel.ends_with("_index.md") {
        return Err(format!("“{rel}” 不是文档：文档是栏目文件夹中的 .md 文件"));
    }
    resolve(root, rel)
}

/// Checks an attachment's file name: one name (no folder), an allowed type, no character that
/// breaks an address or a file system.
pub fn check_attachment_name(name: &str) -> Result<(), String> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if name.is_empty()
        || name.chars().count() > 120
        || name.starts_with(['.', '~', '-'])
        || name
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || "/\\:*?\"<>|#%&{}$!'`@+=;,".contains(c))
    {
        return Err(format!(
            "附件文件名 “{name}” 无效：不能含空格、斜杠和 #%&?* 等符号，不能以 . 或 - 开头"
        ));
    }
    if !ATTACHMENT_TYPES.contains(&ext.as_str()) {
        return Err(format!(
            "不接受 .{ext} 文件：附件应为 {}",
            ATTACHMENT_TYPES.join("、")
        ));
    }
    Ok(())
}

/// Writes a file whole: a hidden file beside it (which the watcher ignores), then renamed over
/// it. `create_new` refuses to replace an existing file.
pub fn write_whole(path: &Path, bytes: &[u8], create_new: bool) -> Result<(), String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if create_new && path.exists() {
        return Err(format!("{name} 已存在：不会覆盖"));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("无法创建文件夹：{}", crate::fs::reason(&e)))?;
    }
    let tmp = path.with_file_name(format!(".{name}.gongkai-new"));
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("无法写入 {name}：{}", crate::fs::reason(&e))
        })
}

/// Moves `files` (inside `content/`) to a new folder of `.gongkai/trash/`, keeping their paths
/// below `content/` so that moving them back restores them. Returns the folder, relative to
/// the site root.
pub fn to_trash(root: &Path, files: &[PathBuf]) -> Result<String, String> {
    let stamp = crate::content::date::DocDate::now()
        .local
        .strftime("%Y%m%d-%H%M%S")
        .to_string();
    let mut name = stamp.clone();
    let mut n = 2;
    while root.join(".gongkai/trash").join(&name).exists() {
        name = format!("{stamp}-{n}");
        n += 1;
    }
    let folder = format!(".gongkai/trash/{name}");
    let content = root.join("content");
    for file in files {
        let rel = file
            .strip_prefix(&content)
            .map_err(|_| "文件不在 content/ 中".to_string())?;
        let to = root.join(&folder).join("content").join(rel);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("无法创建 {folder}：{}", crate::fs::reason(&e)))?;
        }
        std::fs::rename(file, &to)
            .map_err(|e| format!("无法移动 {}：{}", rel.display(), crate::fs::reason(&e)))?;
    }
    Ok(folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_outside_content_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/a")).unwrap();
        for bad in [
            "../config.yaml",
            "/etc/passwd",
            "a/../../x.md",
            "a\\..\\x.md",
            "a/.hidden.md",
            "",
            "a/\0.md",
            "C:/x.md",
            "./a/x.md",
        ] {
            assert!(resolve(dir.path(), bad).is_err(), "{bad:?}");
        }
        assert!(resolve(dir.path(), "a/b.md").is_ok());
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(outside.path(), dir.path().join("content/out")).unwrap();
            assert!(resolve(dir.path(), "out/x.md").is_err());
            std::os::unix::fs::symlink("/etc/hostname", dir.path().join("content/a/l.md")).unwrap();
            assert!(resolve(dir.path(), "a/l.md").is_err());
        }
        assert!(resolve_document(dir.path(), "a/_index.md").is_err());
    }

    #[test]
    fn attachment_names_and_types() {
        assert!(check_attachment_name("附件1-预算表.xlsx").is_ok());
        for bad in [
            "a.exe", "a b.pdf", "../a.pdf", ".a.pdf", "a.html", "a#b.pdf", "noext",
        ] {
            assert!(check_attachment_name(bad).is_err(), "{bad}");
        }
    }
}
