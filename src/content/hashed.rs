//! What a sign-off approves and the publication record follows: a document's exact content,
//! hashed — its Markdown file (front matter and body; a byte-order mark and CRLF line ends do
//! not count, so a checkout on Windows is the same content) and every attachment file it lists.

use std::path::Path;

use sha2::{Digest as _, Sha256};

use super::document::SourceDocument;
use crate::output::{Digest, FileEntry};

/// The start of a document's content hash: the hasher after its Markdown file's text (front
/// matter and body; no byte-order mark, `\n` line ends). The load stage makes it from the bytes it
/// read, so the file is not read again to be hashed.
#[derive(Clone)]
pub struct TextDigest(Sha256);

impl std::fmt::Debug for TextDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TextDigest")
    }
}

impl TextDigest {
    /// The digest of a Markdown file's bytes as read. The bytes are hashed as they are, without
    /// a byte-order mark and with `\n` line ends: for a file the load stage accepts (UTF-8) that
    /// is its text, and nothing needs to be decoded again.
    pub fn of(bytes: &[u8]) -> TextDigest {
        const BOM: &[u8] = "\u{feff}".as_bytes();
        let mut text = bytes;
        while let Some(rest) = text.strip_prefix(BOM) {
            text = rest;
        }
        let mut all = Sha256::new();
        all.update(b"gongkai-content-1\n");
        // A CR byte is never part of a longer UTF-8 sequence, so line ends are found bytewise.
        if text.contains(&b'\r') {
            let mut rest = text;
            while let Some(at) = rest.iter().position(|&b| b == b'\r') {
                all.update(&rest[..at]);
                all.update(b"\n");
                let skip = if rest.get(at + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                rest = &rest[at + skip..];
            }
            all.update(rest);
        } else {
            all.update(text);
        }
        all.update(b"\n");
        TextDigest(all)
    }

    /// SHA-256 of the text alone (what [`crate::render::source_digest`] starts from).
    pub fn finish(&self) -> [u8; 32] {
        self.0.clone().finalize().into()
    }
}

/// The hash of a document's whole content.
#[derive(Debug, Clone, Copy)]
pub struct ContentHash {
    /// SHA-256 of the text and the attachments.
    pub hash: Digest,
    /// SHA-256 of the attachment files alone (their names and bytes).
    pub attachments: Digest,
}

/// Hashes document `doc` of the site at `root`: its text as loaded and the attachment files it
/// lists (read here: they are not read by the load stage).
pub fn hash(root: &Path, doc: &SourceDocument) -> ContentHash {
    let mut files = Sha256::new();
    for rel in attachment_files(doc) {
        let entry = std::fs::File::open(root.join("content").join(&rel))
            .and_then(FileEntry::of_reader)
            .map(|e| e.sha256.to_string())
            .unwrap_or_else(|_| "missing".into());
        files.update(format!("{rel}\n{entry}\n"));
    }
    let attachments = Digest(files.finalize().into());
    let mut all = doc.text_digest.0.clone();
    all.update(attachments.0);
    ContentHash {
        hash: Digest(all.finalize().into()),
        attachments,
    }
}

/// The local attachment files `doc` lists, relative to `content/` (web addresses left out).
pub fn attachment_files(doc: &SourceDocument) -> Vec<String> {
    doc.meta
        .attachments
        .iter()
        .map(|a| a.file.as_str())
        .filter(|f| crate::url::scheme(f).is_none())
        .map(|f| {
            let path = if doc.dir.is_empty() {
                f.to_string()
            } else {
                format!("{}/{f}", doc.dir)
            };
            crate::text::normalize(&path)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_and_windows_or_old_mac_line_ends_hash_like_plain_lf() {
        let plain = TextDigest::of("---\ntitle: 甲\n---\n正文\n".as_bytes()).finish();
        let crlf = "\u{feff}---\r\ntitle: 甲\r\n---\r\n正文\r\n";
        assert_eq!(TextDigest::of(crlf.as_bytes()).finish(), plain);
        let cr = "---\rtitle: 甲\r---\r正文\r";
        assert_eq!(TextDigest::of(cr.as_bytes()).finish(), plain);
        let mixed = "---\r\ntitle: 甲\r\r\n---\n正文\r";
        let blank_line = "---\ntitle: 甲\n\n---\n正文\n";
        assert_eq!(
            TextDigest::of(mixed.as_bytes()).finish(),
            TextDigest::of(blank_line.as_bytes()).finish()
        );
        let other = "---\ntitle: 乙\n---\n正文\n";
        assert_ne!(TextDigest::of(other.as_bytes()).finish(), plain);
    }

    #[test]
    fn the_digest_is_the_text_between_the_version_line_and_a_newline() {
        let text = "---\ntitle: 甲\n---\n正文\n";
        let mut expected = Sha256::new();
        expected.update(format!("gongkai-content-1\n{text}\n").as_bytes());
        let expected: [u8; 32] = expected.finalize().into();
        assert_eq!(TextDigest::of(text.as_bytes()).finish(), expected);
    }
}
