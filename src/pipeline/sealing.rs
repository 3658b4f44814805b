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
    /// Path relative to the output folder, and bytes: the record, the manifest, its signature.
    pub files: Vec<(String, Vec<u8>)>,
    /// `发布清单列出 N 个文件并已签名，` and the like.
    pub summary: String,
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
        copies: impl IntoIterator<Item = (String, FileEntry)>,
        signer: Option<&Signer>,
        recording: bool,
    ) -> anyhow::Result<Sealed> {
        let mut entries = self.take_made();
        entries.extend(copies);
        let mut files = Vec::new();
        let record = if recording {
            self.publication.bytes()
        } else {
            self.publication.text.clone().into_bytes()
        };
        if !record.is_empty() {
            let file = crate::record::FILE.to_string();
            entries.insert(file.clone(), FileEntry::of_bytes(&record));
            files.push((file, record));
        }
        let config = &self.site.config;
        let (made, summary) = crate::manifest::make(&entries, config, signer, &self.options.root)?;
        files.extend(
            made.into_iter()
                .map(|(rel, bytes)| (rel.to_string(), bytes)),
        );
        Ok(Sealed { files, summary })
    }
}
