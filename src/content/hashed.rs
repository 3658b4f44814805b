//! What a sign-off approves and the publication record follows: a document's exact content,
//! hashed — its Markdown file (front matter and body; a byte-order mark and CRLF line ends do
//! not count, so a checkout on Windows is the same content) and every attachment file it lists.

use std::path::Path;

use sha2::{Digest as _, Sha256};

use super::document::SourceDocument;
use crate::output::{Digest, FileEntry};

/// The document's text as read from disk (normalised), and the hash of its whole content.
#[derive(Debug, Clone)]
pub struct HashedContent {
    /// The Markdown file's text (`\n` line ends, no byte-order mark); empty when unreadable.
    pub text: String,
    /// SHA-256 of the text and the attachments.
    pub hash: Digest,
    /// SHA-256 of the attachment files alone (their names and bytes).
    pub attachments: Digest,
}

/// Reads and hashes document `doc` of the site at `root`.
pub fn read(root: &Path, doc: &SourceDocument) -> HashedContent {
    let bytes = std::fs::read(root.join(&doc.file)).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let text = text
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let mut files = Sha256::new();
    for rel in attachment_files(doc) {
        let entry = std::fs::File::open(root.join("content").join(&rel))
            .and_then(FileEntry::of_reader)
            .map(|e| e.sha256.to_string())
            .unwrap_or_else(|_| "missing".into());
        files.update(format!("{rel}\n{entry}\n"));
    }
    let attachments = Digest(files.finalize().into());
    let mut all = Sha256::new();
    all.update(b"gongkai-content-1\n");
    all.update(text.as_bytes());
    all.update(b"\n");
    all.update(attachments.0);
    HashedContent {
        text,
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
