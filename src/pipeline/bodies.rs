//! Stage 5, markdown: every document's body and section intro rendered to HTML (one-shot
//! builds let each document's Markdown go as soon as its body is made), and what the
//! publication record takes of each body on the way.

use super::*;

/// What the markdown stage gives each document and its Markdown for the publication record.
pub(super) type RecordHook<'a> = dyn Fn(&crate::content::document::SourceDocument, &str) -> Option<crate::record::Changed>
    + Sync
    + 'a;

impl Build {
    /// Stage 5, markdown: renders bodies of all documents (or only `only`) and section intros.
    pub(crate) fn render_bodies(&mut self, only: Option<&HashSet<usize>>) {
        self.render_bodies_with(only, None, None);
    }

    /// [`Build::render_bodies`], taking unchanged bodies from `store` and adding those it
    /// renders (a one-shot `build`). When every body is rendered, `record` is given each
    /// document and its Markdown before the body is let go, and what it returns for each
    /// document is returned (the publication record's share of the bodies).
    pub(super) fn render_bodies_with(
        &mut self,
        only: Option<&HashSet<usize>>,
        store: Option<&crate::cache::BodyStore>,
        record: Option<&RecordHook<'_>>,
    ) -> Vec<Option<crate::record::Changed>> {
        // A one-shot build takes each document's Markdown out of the tree, and lets it go as
        // soon as its body is rendered: sources and bodies are never all held at once.
        let taken: Vec<std::sync::Mutex<String>> = if self.options.mode.one_shot() {
            (self.site.docs.iter_mut())
                .map(|d| std::sync::Mutex::new(std::mem::take(&mut d.source.body)))
                .collect()
        } else {
            Vec::new()
        };
        let site = &self.site;
        let annual_reports = &self.annual_reports;
        let doc_count = site.docs.len();
        let total = doc_count + site.sections.len();
        let resolve = |p: &str| {
            site.doc_by_source
                .get(p)
                .map(|&i| site.docs[i].path.clone())
        };
        let document_inputs = self.document_inputs.as_ref();
        let render = |i: usize| {
            let source = taken.get(i).map(|m| {
                std::mem::take(&mut *m.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
            });
            let (body, dir, numbering, title) = if i < doc_count {
                let d = &site.docs[i];
                let numbering = d
                    .source
                    .meta
                    .numbering
                    .or(site.sections[d.section].numbering)
                    .unwrap_or(site.config.numbering);
                (
                    source.as_deref().unwrap_or(&d.source.body),
                    d.source.dir.as_str(),
                    numbering,
                    d.source.meta.title.as_str(),
                )
            } else {
                let s = &site.sections[i - doc_count];
                (s.intro.as_str(), s.dir.as_str(), false, s.title.as_str())
            };
            let changed = (i < doc_count)
                .then(|| record.and_then(|f| f(&site.docs[i].source, body)))
                .flatten();
            let cx = MarkdownContext {
                numbering,
                source_dir: dir,
                root: &site.config.root,
                resolve_doc: &resolve,
                title,
            };
            let mut rendered = match store {
                Some(store) => {
                    let source = document_inputs.and_then(|d| d.source(i));
                    store.render(body, &cx, source)
                }
                None => markdown::render(body, &cx),
            };
            let annual_report = i < doc_count && site.docs[i].source.meta.annual_report.is_some();
            let website_report = (i < doc_count)
                .then(|| crate::website_report::year_of(&site.docs[i].source.meta))
                .flatten();
            if annual_report || website_report.is_some() {
                // Tables of other documents' data: the body is kept whole in memory.
                rendered.html = rendered.html().into_owned();
                rendered.html_elsewhere = None;
            }
            if annual_report {
                rendered.html = crate::lifecycle::annual_report::body_with_tables(
                    annual_reports,
                    &site.docs[i].source,
                    &rendered.html,
                );
            }
            if let Some(year) = website_report {
                rendered
                    .html
                    .push_str(&crate::website_report::table::html(site, year));
            }
            (rendered, changed)
        };
        let Some(only) = only else {
            // Every body, made in order straight into the list (no second list of 100,000).
            let made = (0..total).into_par_iter().map(|i| {
                let (body, changed) = render(i);
                (Some(body), changed)
            });
            let mut changed: Vec<Option<crate::record::Changed>>;
            (self.bodies, changed) = made.unzip();
            changed.truncate(doc_count);
            return changed;
        };
        let results: Vec<(usize, RenderedBody)> = (0..total)
            .into_par_iter()
            .filter(|i| only.contains(i))
            .map(|i| (i, render(i).0))
            .collect();
        if self.bodies.len() != total {
            self.bodies = vec![None; total];
        }
        for (i, body) in results {
            self.bodies[i] = Some(body);
        }
        Vec::new()
    }

    /// A one-shot build, once links are checked: the bodies' ids, links and problems (reported
    /// already) are not needed again. At 100,000 documents they are about 150 MB.
    pub(super) fn drop_link_targets(&mut self) {
        for body in self.bodies.iter_mut().flatten() {
            body.ids = Vec::new();
            body.links = Vec::new();
            body.files = Vec::new();
            body.problems = Vec::new();
        }
    }
}
