//! The cache file on disk: a header naming the format and the binary that wrote it, fixed-size
//! records, and a SHA-256 of everything before it, so that a file cut short, changed by hand or
//! written by another version of gongkai is recognised and ignored.
//!
//! Layout: `GONGKAI-CACHE 1\n`, the binary's identity as a length-prefixed UTF-8 string, the
//! record count (u64, little-endian), the records (key, size, SHA-256 of the output file), then
//! the checksum.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest as _, Sha256};

use super::Key;
use crate::output::{Digest, FileEntry};

/// First bytes of every cache file.
const MAGIC: &[u8] = b"GONGKAI-CACHE 1\n";

/// Bytes of one record: key, size, SHA-256.
const RECORD: usize = 16 + 8 + 32;

/// Why a cache file was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// It could not be read (other than by not existing).
    Unreadable(String),
    /// Its bytes are not a whole cache file of this format (cut short or changed).
    Corrupt,
    /// It was written by another build of gongkai (named).
    Foreign(String),
}

/// Reads the records of the cache file at `path` written by the binary `identity`. `Ok(None)`
/// when there is no cache file.
pub fn read(path: &Path, identity: &str) -> Result<Option<HashMap<Key, FileEntry>>, Unusable> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Unusable::Unreadable(crate::fs::reason(&e))),
    };
    parse(&bytes, identity).map(Some)
}

/// The records of a cache file's bytes.
fn parse(bytes: &[u8], identity: &str) -> Result<HashMap<Key, FileEntry>, Unusable> {
    let mut rest = checked(bytes, MAGIC, identity)?;
    let count = u64_at(rest.take(8)?) as usize;
    let records = rest.take(count.checked_mul(RECORD).ok_or(Unusable::Corrupt)?)?;
    if !rest.0.is_empty() {
        return Err(Unusable::Corrupt);
    }
    Ok(records
        .chunks_exact(RECORD)
        .map(|r| {
            let key = Key(r[..16].try_into().unwrap_or_default());
            let sha: [u8; 32] = r[24..].try_into().unwrap_or_default();
            let entry = FileEntry {
                size: u64_at(&r[16..24]),
                sha256: Digest(sha),
            };
            (key, entry)
        })
        .collect())
}

/// What follows the header of a cache file's `bytes` (starting with `magic`, then the binary
/// that wrote it, length-prefixed, and ending with a SHA-256 of the rest), up to the checksum:
/// `Corrupt` when the file is not whole, `Foreign` when `identity` did not write it.
pub(super) fn checked<'a>(
    bytes: &'a [u8],
    magic: &[u8],
    identity: &str,
) -> Result<Cursor<'a>, Unusable> {
    let body_len = bytes.len().checked_sub(32).ok_or(Unusable::Corrupt)?;
    let (body, sum) = bytes.split_at(body_len);
    if !body.starts_with(magic) || Sha256::digest(body).as_slice() != sum {
        return Err(Unusable::Corrupt);
    }
    let mut rest = Cursor(&body[magic.len()..]);
    let id_len = u64_at(rest.take(8)?) as usize;
    let written_by = std::str::from_utf8(rest.take(id_len)?).map_err(|_| Unusable::Corrupt)?;
    if written_by != identity {
        return Err(Unusable::Foreign(written_by.to_string()));
    }
    Ok(rest)
}

/// The unread rest of a cache file.
pub(super) struct Cursor<'a>(pub(super) &'a [u8]);

impl<'a> Cursor<'a> {
    /// The next `n` bytes.
    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], Unusable> {
        let (head, tail) = self.0.split_at_checked(n).ok_or(Unusable::Corrupt)?;
        self.0 = tail;
        Ok(head)
    }
}

/// `m`, locked (a panic on another thread leaves what it guards whole enough to go on).
pub(super) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The little-endian number in `bytes` (8 of them).
pub(super) fn u64_at(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().unwrap_or_default())
}

/// The first bytes of a cache file: `magic`, then the binary `identity` writing it,
/// length-prefixed (what [`checked`] reads back).
pub(super) fn header(magic: &[u8], identity: &str) -> Vec<u8> {
    let mut out = magic.to_vec();
    out.extend_from_slice(&(identity.len() as u64).to_le_bytes());
    out.extend_from_slice(identity.as_bytes());
    out
}

/// `out` with the SHA-256 of its bytes appended (what [`checked`] checks).
pub(super) fn sealed(mut out: Vec<u8>) -> Vec<u8> {
    let sum = Sha256::digest(&out);
    out.extend_from_slice(&sum);
    out
}

/// The bytes of a cache file holding `records`, written by the binary `identity`.
pub fn encode(identity: &str, records: &[(Key, FileEntry)]) -> Vec<u8> {
    let mut out = header(MAGIC, identity);
    out.reserve(8 + records.len() * RECORD + 32);
    out.extend_from_slice(&(records.len() as u64).to_le_bytes());
    for (key, entry) in records {
        out.extend_from_slice(&key.0);
        out.extend_from_slice(&entry.size.to_le_bytes());
        out.extend_from_slice(&entry.sha256.0);
    }
    sealed(out)
}

/// Writes `bytes` to `path` through a temporary name renamed over it: a build stopped half-way
/// leaves the old cache or the new one, never half of one.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let temp = path.with_extension("tmp");
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records() -> Vec<(Key, FileEntry)> {
        vec![
            (Key([1; 16]), FileEntry::of_bytes(b"<html>a</html>")),
            (Key([2; 16]), FileEntry::of_bytes(b"<html>b</html>")),
        ]
    }

    #[test]
    fn a_cache_file_reads_back_what_was_written() {
        let bytes = encode("gongkai 1", &records());
        let read = parse(&bytes, "gongkai 1").unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[&Key([2; 16])], records()[1].1);
    }

    #[test]
    fn a_changed_cut_or_foreign_cache_file_is_refused() {
        let bytes = encode("gongkai 1", &records());
        let mut changed = bytes.clone();
        changed[MAGIC.len() + 30] ^= 1;
        assert_eq!(parse(&changed, "gongkai 1"), Err(Unusable::Corrupt));
        assert_eq!(parse(&bytes[..40], "gongkai 1"), Err(Unusable::Corrupt));
        assert_eq!(parse(b"", "gongkai 1"), Err(Unusable::Corrupt));
        assert_eq!(
            parse(&bytes, "gongkai 2"),
            Err(Unusable::Foreign("gongkai 1".into()))
        );
    }
}
