//! Stage 7, the manifest (`build` only): once every file is made, the publication record (with
//! this build's entries when the build publishes) and the manifest listing every file with its
//! size and SHA-256, signed when the site has a key ([`crate::manifest`]). The key is read
//! before any page is made, so that a bad key stops the build at once.

use super::Build;
use crate::diagnostics::Diagnostic;
use crate::manifest::Signer;
use crate::output::FileEntry;

/// The files stage 7 adds to the output, and the summary of the manifest for the last line.
pub struct Sealed {
    /// The record, the manifest and its signature.
    pub files: Vec<SealedFile>,
    /// `发布清单列出 N 个文件并已签名，` and the like.
    pub summary: String,
}

/// One file stage 7 adds to the output.
pub struct SealedFile {
    /// Path relative to the output folder.
    pub rel: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its size and SHA-256, when the manifest lists it (else the writer makes them).
    pub entry: Option<FileEntry>,
}

impl Build {
    /// The key that signs the manifest (`None` when the site has none). A key that cannot be
    /// used is a problem of the build, printed as the content's problems are.
    pub fn signer(&mut self) -> anyhow::Result<Option<Signer>> {
        match crate::manifest::signer(&self.site.config, &self.options.root) {
            Ok(found) => Ok(found),
            Err(e) => {
                self.add_diagnostics(vec![e.downcast::<Diagnostic>()?]);
                Ok(None)
            }
        }
    }

    /// Stage 7: the publication record (with this build's entries when `recording`, else as
    /// read) and the manifest of every file made by the last [`Build::render`] and of `copies`
    /// (files the writer wrote as they are), signed by `signer`. Takes the files made.
    pub fn seal(
        &mut self,
        copies: Vec<(String, FileEntry)>,
        signer: Option<&Signer>,
        recording: bool,
    ) -> anyhow::Result<Sealed> {
        let made = self.take_made();
        let record = if recording {
            self.publication.bytes()
        } else {
            self.publication.text.clone().into_bytes()
        };
        // The record is hashed while the entries are put in order.
        let (mut entries, record_entry) = rayon::join(
            || in_order(made, copies),
            || (!record.is_empty()).then(|| FileEntry::of_bytes(&record)),
        );
        let mut files = Vec::new();
        if let Some(entry) = record_entry {
            let rel = crate::record::FILE.to_string();
            match entries.binary_search_by(|(path, _)| path.as_str().cmp(&rel)) {
                Ok(i) => entries[i].1 = entry.clone(),
                Err(i) => entries.insert(i, (rel.clone(), entry.clone())),
            }
            files.push(SealedFile {
                rel,
                bytes: record,
                entry: Some(entry),
            });
        }
        let config = &self.site.config;
        let (manifest_files, summary) =
            crate::manifest::make(&entries, config, signer, &self.options.root)?;
        files.extend(manifest_files.into_iter().map(|(rel, bytes)| SealedFile {
            rel: rel.to_string(),
            bytes,
            entry: None,
        }));
        Ok(Sealed { files, summary })
    }
}

/// The files `made` (paths ascending) and the `copies` beside them in one list, paths
/// ascending; of two entries of one path, the copy's.
fn in_order(
    made: std::collections::BTreeMap<String, FileEntry>,
    copies: Vec<(String, FileEntry)>,
) -> Vec<(String, FileEntry)> {
    let mut entries: Vec<(String, FileEntry)> = made.into_iter().chain(copies).collect();
    // Stable: a copy stays after the made file of its path, and replaces it below.
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.dedup_by(|later, earlier| {
        let same = later.0 == earlier.0;
        if same {
            std::mem::swap(later, earlier);
        }
        same
    });
    entries
}
