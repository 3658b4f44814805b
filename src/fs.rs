//! File-system calls whose errors name the path: `无法读取 PATH`, `无法写入 PATH`,
//! `无法创建 PATH`, with the operating system's error as the source.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A failed file-system call: what was being done, to which path, and why.
#[derive(Debug)]
pub struct FsError {
    action: &'static str,
    path: PathBuf,
    source: io::Error,
}

impl FsError {
    fn new<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(io::Error) -> FsError + 'p {
        move |source| FsError {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// The message with the operating system's reason: `无法写入 PATH：REASON`.
    pub fn with_reason(&self) -> String {
        format!("{self}：{}", self.source)
    }
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.action, self.path.display())
    }
}

impl std::error::Error for FsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Reads a whole file.
pub fn read(path: &Path) -> Result<Vec<u8>, FsError> {
    std::fs::read(path).map_err(FsError::new("无法读取", path))
}

/// Writes a whole file, replacing it.
pub fn write(path: &Path, bytes: impl AsRef<[u8]>) -> Result<(), FsError> {
    std::fs::write(path, bytes).map_err(FsError::new("无法写入", path))
}

/// Creates a folder and its parents.
pub fn create_dir_all(path: &Path) -> Result<(), FsError> {
    std::fs::create_dir_all(path).map_err(FsError::new("无法创建", path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_path_and_keep_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("无此文件.md");
        let e = read(&missing).unwrap_err();
        assert_eq!(e.to_string(), format!("无法读取 {}", missing.display()));
        assert!(e.with_reason().starts_with(&format!("{e}：")));
        assert!(std::error::Error::source(&e).is_some());
        let file = dir.path().join("a");
        write(&file, "x").unwrap();
        let e = create_dir_all(&file.join("b")).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("无法创建 {}", file.join("b").display())
        );
    }
}
