//! The search index a build kept (`.gongkai/cache/search.bin`): its shards and, for each
//! document, the address, the digest of what was indexed and the fragment's hash, so that the
//! next build tokenizes only the documents that changed
//! ([`crate::search::SearchIndex::build_from`]).
//!
//! Layout: `GONGKAI-SEARCH 1\n`, the binary's identity (length-prefixed), the
//! [`KeptIndex`] as postcard, then a SHA-256 of everything before it.

use std::path::Path;

use super::store::{self, checked, Unusable};
use super::{identity, warning, FOLDER};
use crate::search::KeptIndex;

/// The file inside [`FOLDER`].
const FILE: &str = "search.bin";
/// First bytes of the file.
const MAGIC: &[u8] = b"GONGKAI-SEARCH 1\n";

/// The index the previous build of the site at `root` kept, if there is a usable one; a file
/// that cannot be used is named in the warning line returned.
pub fn read_index(root: &Path) -> (Option<KeptIndex>, Option<String>) {
    let path = root.join(FOLDER).join(FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (None, None),
        Err(e) => {
            let why = Unusable::Unreadable(crate::fs::reason(&e));
            return (
                None,
                Some(warning(&path, root, &why, "本次重新制作全文检索索引")),
            );
        }
    };
    match parse(&bytes, &identity()) {
        Ok(kept) => (Some(kept), None),
        Err(why) => (
            None,
            Some(warning(&path, root, &why, "本次重新制作全文检索索引")),
        ),
    }
}

/// Writes `kept` for the next build of the site at `root`; a failure is returned as a warning
/// line (only the next build is slower).
pub fn write_index(root: &Path, kept: &KeptIndex) -> Option<String> {
    let path = root.join(FOLDER).join(FILE);
    let written = encode(&identity(), kept)
        .and_then(|bytes| store::write(&path, &bytes).map_err(|e| crate::fs::reason(&e)));
    written.err().map(|reason| {
        format!(
            "{}: 警告: 无法写入构建缓存的检索索引（{reason}）：下次生成可能较慢",
            path.display()
        )
    })
}

/// The file's bytes for `kept`, written by `identity`.
fn encode(identity: &str, kept: &KeptIndex) -> Result<Vec<u8>, String> {
    let out = postcard::to_extend(kept, store::header(MAGIC, identity));
    out.map(store::sealed).map_err(|e| e.to_string())
}

/// The index in a file's `bytes`, if `identity` wrote them whole.
fn parse(bytes: &[u8], identity: &str) -> Result<KeptIndex, Unusable> {
    let rest = checked(bytes, MAGIC, identity)?;
    postcard::from_bytes(rest.0).map_err(|_| Unusable::Corrupt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept() -> KeptIndex {
        KeptIndex {
            docs: vec![("xxgk/a/".into(), Some([7; 16])), ("xxgk/b/".into(), None)],
            fragments: vec![1, 2],
            shards: vec![b"\xe5\x85\xac\t0\n".to_vec()],
        }
    }

    #[test]
    fn a_kept_index_reads_back_and_a_changed_or_foreign_one_is_refused() {
        let site = tempfile::tempdir().unwrap();
        assert_eq!(write_index(site.path(), &kept()), None);
        let (read, warning) = read_index(site.path());
        assert_eq!(warning, None);
        let read = read.unwrap();
        assert_eq!(read.docs, kept().docs);
        assert_eq!(read.shards, kept().shards);
        let bytes = encode("gongkai 1", &kept()).unwrap();
        let mut changed = bytes.clone();
        changed[MAGIC.len() + 20] ^= 1;
        assert_eq!(parse(&changed, "gongkai 1").err(), Some(Unusable::Corrupt));
        assert_eq!(
            parse(&bytes, "gongkai 2").err(),
            Some(Unusable::Foreign("gongkai 1".into()))
        );
        let file = site.path().join(FOLDER).join(FILE);
        std::fs::write(&file, &bytes[..bytes.len() - 1]).unwrap();
        let (read, warning) = read_index(site.path());
        assert!(read.is_none());
        assert!(warning.unwrap().contains("构建缓存已损坏"));
    }
}
