//! The editor's preview: a document's unsaved text rendered as its page in both renditions, with
//! the problems the build finds in it, without changing the site kept in memory. The document is
//! put in its place (or added, for a new one) for the time of the rendering and taken out again,
//! under the caller's exclusive borrow, so nothing else ever sees it. Its problems are those the
//! build gathers for its file — reading it, its body's markdown and the checks of stage 4 that
//! can find something there ([`checks::Checker::run_for_document`], the same findings as over
//! the whole site, found in a fraction of the time) — plus the personal-data rule of `check`.

use std::collections::HashSet;

use super::*;
use crate::content::document::SourceDocument;
use crate::content::load::{document_from_bytes, Asset};

/// What the editor shows beside a document's form.
#[derive(Debug, Default)]
pub struct Preview {
    /// The page in the standard rendition and in 关怀版, when the text loads.
    pub pages: Option<[Vec<u8>; 2]>,
    /// The page's URL path (`zcwj/a/`), when the text loads.
    pub path: Option<String>,
    /// Problems of this document: front matter, 索引号 and the other disclosure rules, body,
    /// links and anchors, files, accessibility, 错敏词, 解读 links and personal data, as the
    /// build and `check` word them.
    pub diagnostics: Diagnostics,
}

/// How the previewed document was put in the site.
enum Placed {
    /// It replaced the saved version (kept here with its rendered body).
    Replaced(Box<(SourceDocument, Option<RenderedBody>)>),
    /// It was added.
    Added,
}

impl Build {
    /// Renders the text `bytes` of the document `rel` (relative to `content/`, saved or not)
    /// and finds its problems. The site is left as it was.
    pub fn preview(&mut self, rel: &str, bytes: &[u8]) -> Preview {
        self.preview_with_held(rel, bytes, Vec::new())
    }

    /// [`Build::preview`] with files that will be written with the document when it is saved
    /// (attachments uploaded in the form, pictures of an import): counted as files of the site,
    /// so that naming them is no problem.
    pub fn preview_with_held(&mut self, rel: &str, bytes: &[u8], held: Vec<Asset>) -> Preview {
        let assets = self.site.assets.len();
        self.site.assets.extend(held);
        let preview = self.preview_in_place(rel, bytes);
        self.site.assets.truncate(assets);
        preview
    }

    fn preview_in_place(&mut self, rel: &str, bytes: &[u8]) -> Preview {
        let mut preview = Preview::default();
        let root = self.options.root.clone();
        let file = Path::new("content").join(rel);
        let Some(source) = document_from_bytes(&root, rel, bytes, &mut preview.diagnostics) else {
            return preview;
        };
        let (d, placed) = match self.site.doc_by_source.get(rel).copied() {
            Some(d) => {
                let old = std::mem::replace(&mut self.site.docs[d].source, source);
                self.relink();
                (d, Placed::Replaced(Box::new((old, self.bodies[d].take()))))
            }
            None => match self.site.insert_document(source) {
                Ok(at) => {
                    self.bodies.insert(at, None);
                    self.reindex();
                    (at, Placed::Added)
                }
                Err(e) => {
                    preview.diagnostics.push(e);
                    return preview;
                }
            },
        };
        self.checker.rescan(&self.site, &file);
        self.render_bodies(Some(&HashSet::from([d])));
        let mut found = self.checker.run_for_document(&self.check_input(), d);
        found.extend(self.markdown_problems_of(d));
        let text = String::from_utf8_lossy(bytes);
        found.extend(crate::inspect::personal_findings(
            &self.site, &root, &file, &text,
        ));
        preview.diagnostics.extend(
            found
                .iter()
                .filter(|p| p.file == file)
                .cloned()
                .collect::<Vec<_>>(),
        );
        if let Some(renderer) = &self.renderer {
            let job = PageJob::Document(d);
            let page = |r| renderer.render(self.judged(), &self.bodies, &job, r);
            match (page(Rendition::Standard), page(Rendition::Care)) {
                (Ok(s), Ok(c)) => preview.pages = Some([s, c]),
                (Err(e), _) | (_, Err(e)) => preview.diagnostics.push(e),
            }
            preview.path = Some(self.site.docs[d].path.clone());
        }
        match placed {
            Placed::Replaced(replaced) => {
                let (old, body) = *replaced;
                self.site.docs[d].source = old;
                self.bodies[d] = body;
                self.relink();
            }
            Placed::Added => {
                self.site.remove_document(d);
                self.bodies.remove(d);
                self.reindex();
            }
        }
        self.checker.rescan(&self.site, &file);
        if self.options.strict {
            preview.diagnostics.make_strict();
        }
        preview.diagnostics.sort();
        preview
    }

    /// The documents whose bodies link to document `d`'s page, or that name it as what they
    /// interpret, amend, repeal or replace (indices into the site's documents).
    pub fn linking_documents(&self, d: usize) -> Vec<usize> {
        let Some(target) = self.site.docs.get(d) else {
            return Vec::new();
        };
        let by_relation = (self
            .lifecycle
            .relations
            .incoming
            .get(d)
            .into_iter()
            .flatten())
        .map(|e| e.from)
        .collect::<HashSet<usize>>();
        (0..self.site.docs.len())
            .filter(|&i| i != d)
            .filter(|&i| {
                by_relation.contains(&i)
                    || (self.bodies.get(i).into_iter().flatten())
                        .any(|b| b.links.iter().any(|l| l.path == target.path))
            })
            .collect()
    }
}

#[cfg(test)]
#[path = "preview_tests.rs"]
mod tests;
