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
        format!("{self}：{}", reason(&self.source))
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

/// The operating system's reason for a failed file-system call, in Chinese (`没有权限`); a
/// reason without a Chinese wording is given as the system words it.
pub fn reason(e: &io::Error) -> String {
    use io::ErrorKind::*;
    let what = match e.kind() {
        NotFound => "文件或文件夹不存在",
        PermissionDenied => "没有权限",
        IsADirectory => "这是文件夹，不是文件",
        NotADirectory => "路径中有一段是文件，不是文件夹",
        AlreadyExists => "已经存在",
        DirectoryNotEmpty => "文件夹不是空的",
        StorageFull => "磁盘已满",
        QuotaExceeded => "超出了磁盘配额",
        ReadOnlyFilesystem => "文件系统是只读的",
        InvalidFilename => "文件名无效或太长",
        InvalidData => "内容不是 UTF-8 编码的文本",
        _ => return e.to_string(),
    };
    what.to_string()
}

/// Reads a whole file.
pub fn read(path: &Path) -> Result<Vec<u8>, FsError> {
    std::fs::read(path).map_err(FsError::new("无法读取", path))
}

/// Writes a whole file, replacing it.
pub fn write(path: &Path, bytes: impl AsRef<[u8]>) -> Result<(), FsError> {
    std::fs::write(path, bytes).map_err(FsError::new("无法写入", path))
}

/// Writes a file through `fill`, buffered: for contents too large to make in memory first.
pub fn write_streamed(
    path: &Path,
    fill: impl FnOnce(&mut io::BufWriter<std::fs::File>) -> io::Result<()>,
) -> Result<(), FsError> {
    let written = std::fs::File::create(path).and_then(|file| {
        let mut w = io::BufWriter::new(file);
        fill(&mut w)?;
        w.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(())
    });
    written.map_err(FsError::new("无法写入", path))
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
        assert_eq!(e.with_reason(), format!("{e}：文件或文件夹不存在"));
        assert!(std::error::Error::source(&e).is_some());
        let file = dir.path().join("a");
        write(&file, "x").unwrap();
        let e = create_dir_all(&file.join("b")).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("无法创建 {}", file.join("b").display())
        );
        let e = std::fs::read(dir.path()).unwrap_err();
        assert_eq!(reason(&e), "这是文件夹，不是文件");
    }
}
