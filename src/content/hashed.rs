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
    /// The digest of a Markdown file's bytes as read.
    pub fn of(bytes: &[u8]) -> TextDigest {
        // Checked the quick way first: the lossy reading is only needed for a file that is
        // not UTF-8 (which the load stage refuses anyway).
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        let text = text.trim_start_matches('\u{feff}');
        let mut all = Sha256::new();
        all.update(b"gongkai-content-1\n");
        if text.contains('\r') {
            all.update(text.replace("\r\n", "\n").replace('\r', "\n").as_bytes());
        } else {
            all.update(text.as_bytes());
        }
        all.update(b"\n");
        TextDigest(all)
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

    fn finish(d: TextDigest) -> [u8; 32] {
        d.0.finalize().into()
    }

    #[test]
    fn a_byte_order_mark_and_windows_or_old_mac_line_ends_hash_like_plain_lf() {
        let plain = finish(TextDigest::of("---\ntitle: 甲\n---\n正文\n".as_bytes()));
        let crlf = "\u{feff}---\r\ntitle: 甲\r\n---\r\n正文\r\n";
        assert_eq!(finish(TextDigest::of(crlf.as_bytes())), plain);
        let cr = "---\rtitle: 甲\r---\r正文\r";
        assert_eq!(finish(TextDigest::of(cr.as_bytes())), plain);
        let other = "---\ntitle: 乙\n---\n正文\n";
        assert_ne!(finish(TextDigest::of(other.as_bytes())), plain);
    }

    #[test]
    fn the_digest_is_the_text_between_the_version_line_and_a_newline() {
        let text = "---\ntitle: 甲\n---\n正文\n";
        let mut expected = Sha256::new();
        expected.update(format!("gongkai-content-1\n{text}\n").as_bytes());
        let expected: [u8; 32] = expected.finalize().into();
        assert_eq!(finish(TextDigest::of(text.as_bytes())), expected);
    }
}
