//! The home page (with its section intros) and the 404 page.

use super::*;

impl PageContext<'_> {
    pub(super) fn home(&self, bodies: &[Option<RenderedBody>]) -> Context {
        let site = self.site;
        let mut cx = self.common(
            "",
            &site.config.identity.title,
            Some(0),
            &site.config.identity.title,
            HeadExtra::describe(&site.config.identity.description),
        );
        let intro = self.section_intro(0, bodies);
        let mut sections = Vec::new();
        let mut queue: Vec<usize> = site.sections[0].children.clone();
        while let Some(s) = queue.first().copied() {
            queue.remove(0);
            let sec = &site.sections[s];
            // A section with only subsections is shown through its children.
            if sec.docs.is_empty() && !sec.children.is_empty() {
                for (k, c) in sec.children.iter().enumerate() {
                    queue.insert(k, *c);
                }
                continue;
            }
            if sec.all_docs.is_empty() {
                continue;
            }
            sections.push(HomeSection {
                title: sec.title.clone(),
                url: self.url(&sec.path),
                items: sec
                    .all_docs
                    .iter()
                    .take(site.config.home_items)
                    .map(|&d| self.item(d))
                    .collect(),
            });
        }
        cx.insert("home", &HomeView { intro, sections });
        cx
    }

    pub(super) fn section_intro(&self, section: usize, bodies: &[Option<RenderedBody>]) -> String {
        // Section intros are rendered with the documents (see `build::render_bodies`): their
        // bodies sit after the documents' bodies in `bodies`.
        let idx = self.site.docs.len() + section;
        bodies
            .get(idx)
            .and_then(|b| b.as_ref())
            .map(|b| self.body_html(&b.html()))
            .unwrap_or_default()
    }

    pub(super) fn not_found(&self) -> Context {
        self.common(
            "404.html",
            "页面未找到",
            None,
            "页面未找到",
            HeadExtra::default(),
        )
    }
}
