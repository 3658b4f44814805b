//! The text of attachments, for the personal-data rule: PDF (through `pdftotext` of poppler-utils
//! in a child process with a time limit, so a hostile file can neither crash nor hang the check),
//! `.docx` (gongkai's own reader, [`crate::import::docx`]), `.xlsx`/`.xls`/`.ods` (calamine; hidden
//! sheets too, and long numbers stored as numbers are pointed out, because an ID typed as a number
//! has already lost its last digits).
//!
//! Text is cached by the SHA-256 of the file's bytes in `.gongkai-cache/attachments/` under the
//! site root, so a second check reads no PDF again.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Folder of the cache under the site root.
pub const CACHE_DIR: &str = ".gongkai-cache/attachments";
/// Changes whenever extraction changes, so old cache entries are not used.
const CACHE_VERSION: &str = "1";
/// Longest time one PDF may take.
const PDF_TIME_LIMIT: Duration = Duration::from_secs(20);

/// A piece of an attachment's text with where it is (`第 2 页`, `第 3 段`, `工作表 “名单” B4`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    /// Place in the file, in Chinese.
    pub place: String,
    /// The text.
    pub text: String,
}

/// What could be read from an attachment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentText {
    /// Text pieces in reading order.
    pub pieces: Vec<Piece>,
    /// Things to point out that are not text findings (hidden sheets, numbers stored as numbers).
    pub notes: Vec<Piece>,
}

/// Whether gongkai can read text from a file of this name.
pub fn readable(name: &str) -> bool {
    matches!(
        extension(name).as_str(),
        "pdf" | "docx" | "xlsx" | "xls" | "ods"
    )
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Reads the text of the attachment at `path`, from the cache under `root` when its bytes were
/// read before. `Err` says why the file could not be read.
pub fn text_of(root: &Path, path: &Path) -> Result<AttachmentText, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取：{}", crate::fs::reason(&e)))?;
    let digest = Sha256::digest(&bytes);
    let key: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let cache = root
        .join(CACHE_DIR)
        .join(format!("{key}.v{CACHE_VERSION}.json"));
    if let Some(text) = std::fs::read(&cache)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
    {
        return Ok(text);
    }
    let name = path.to_string_lossy();
    let text = match extension(&name).as_str() {
        "pdf" => pdf(path)?,
        "docx" => docx(&bytes)?,
        _ => spreadsheet(&bytes)?,
    };
    if let Some(dir) = cache.parent() {
        // The cache only saves time: a read-only site still gets checked.
        if std::fs::create_dir_all(dir).is_ok() {
            if let Ok(json) = serde_json::to_vec(&text) {
                let _ = std::fs::write(&cache, json);
            }
        }
    }
    Ok(text)
}

/// PDF text page by page (`pdftotext` separates pages with form feeds).
fn pdf(path: &Path) -> Result<AttachmentText, String> {
    let mut child = Command::new("pdftotext")
        .args(["-q", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                "需要 pdftotext 才能读取 PDF 的文字：请安装 poppler-utils（Debian/Ubuntu: apt-get install poppler-utils）".to_string()
            } else {
                format!("无法启动 pdftotext：{e}")
            }
        })?;
    let mut stdout = child.stdout.take().ok_or("无法读取 pdftotext 的输出")?;
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > PDF_TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "读取 PDF 超过 {} 秒，已放弃（文件可能已损坏）",
                    PDF_TIME_LIMIT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Err(format!("pdftotext 出错：{e}")),
        }
    };
    let out = reader.join().unwrap_or_default();
    if !status.success() {
        return Err("不是可读取的 PDF（已损坏或加密）".into());
    }
    let text = String::from_utf8_lossy(&out);
    let pieces = text
        .split('\u{c}')
        .enumerate()
        .filter(|(_, page)| !page.trim().is_empty())
        .map(|(i, page)| Piece {
            place: format!("第 {} 页", i + 1),
            text: page.to_string(),
        })
        .collect();
    Ok(AttachmentText {
        pieces,
        notes: Vec::new(),
    })
}

/// `.docx` text paragraph by paragraph (table cells and footnotes included).
fn docx(bytes: &[u8]) -> Result<AttachmentText, String> {
    use crate::import::model::Block;
    let doc = crate::import::docx::read(bytes)?;
    let mut pieces = Vec::new();
    let mut paragraph = 0;
    for block in &doc.blocks {
        match block {
            Block::Para(p) => {
                paragraph += 1;
                pieces.push(Piece {
                    place: format!("第 {paragraph} 段"),
                    text: p.plain(),
                });
            }
            Block::Table(t) => {
                for (r, row) in t.rows.iter().enumerate() {
                    let text: Vec<String> = row
                        .iter()
                        .flat_map(|c| c.paras().into_iter().map(|p| p.plain()))
                        .collect();
                    pieces.push(Piece {
                        place: format!("第 {paragraph} 段后的表格第 {} 行", r + 1),
                        text: text.join(" | "),
                    });
                }
            }
        }
    }
    for (i, note) in doc.footnotes.iter().enumerate() {
        pieces.push(Piece {
            place: format!("脚注 {}", i + 1),
            text: note.clone(),
        });
    }
    Ok(AttachmentText {
        pieces,
        notes: Vec::new(),
    })
}

/// Spreadsheet text cell by cell, hidden sheets included and marked.
fn spreadsheet(bytes: &[u8]) -> Result<AttachmentText, String> {
    use calamine::{Data, Reader, SheetVisible};
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| format!("不是可读取的表格文件：{e}"))?;
    let mut out = AttachmentText::default();
    for sheet in book.sheets_metadata().to_vec() {
        let hidden = sheet.visible != SheetVisible::Visible;
        let name = if hidden {
            format!("工作表 “{}”（隐藏）", sheet.name)
        } else {
            format!("工作表 “{}”", sheet.name)
        };
        let Ok(range) = book.worksheet_range(&sheet.name) else {
            continue;
        };
        if hidden && !range.is_empty() {
            out.notes.push(Piece {
                place: name.clone(),
                text: "隐藏的工作表也随附件公开：请确认其中没有不应公开的内容".into(),
            });
        }
        let (row0, col0) = range.start().unwrap_or((0, 0));
        for (r, c, cell) in range.cells() {
            let place = format!("{name} {}", cell_name(row0 as usize + r, col0 as usize + c));
            let text = match cell {
                Data::String(s) => s.clone(),
                Data::Int(i) => i.to_string(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() >= 1e14 => {
                    out.notes.push(Piece {
                        place: place.clone(),
                        text: format!("{} 位的数字以数值形式保存（{f:e}）：身份证号、银行卡号按数值保存会丢失末位且无法遮盖，应改为文本并遮盖", f.abs().log10().floor() as i64 + 1),
                    });
                    format!("{f:.0}")
                }
                Data::Float(f) => f.to_string(),
                _ => continue,
            };
            out.pieces.push(Piece { place, text });
        }
    }
    Ok(out)
}

/// `A1`-style name of a 0-based cell.
fn cell_name(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        c -= 1;
        letters.push((b'A' + (c % 26) as u8) as char);
        c /= 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

/// The files a document lists as attachments that exist on disk: (path shown, path on disk).
pub fn files_of(root: &Path, dir: &str, files: &[String]) -> Vec<(PathBuf, PathBuf)> {
    files
        .iter()
        .filter(|f| !f.contains("://") && readable(f))
        .map(|f| {
            let rel = crate::text::normalize(&if dir.is_empty() {
                f.clone()
            } else {
                format!("{dir}/{f}")
            });
            let shown = Path::new("content").join(&rel);
            (shown.clone(), root.join(shown))
        })
        .filter(|(_, disk)| disk.is_file())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(3, 25), "Z4");
        assert_eq!(cell_name(9, 26), "AA10");
    }
}
