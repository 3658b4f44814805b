//! The 网站地图 page.

use super::*;

impl PageContext<'_> {
    /// 网站地图: the sections as an indented list, each with its directory pages.
    pub(super) fn sitemap(&self) -> Context {
        let site = self.site;
        let mut cx = self.common(
            "sitemap/",
            "网站地图",
            None,
            "网站地图",
            HeadExtra::default(),
        );
        let mut entries = Vec::new();
        let mut stack: Vec<(usize, usize)> = site.sections[0]
            .children
            .iter()
            .rev()
            .map(|&c| (c, 1))
            .collect();
        while let Some((s, depth)) = stack.pop() {
            let sec = &site.sections[s];
            if sec.all_docs.is_empty() {
                continue;
            }
            entries.push(SitemapEntry {
                title: sec.title.clone(),
                url: self.url(&sec.path),
                count: sec.all_docs.len(),
                depth,
                directories: self.directory_links(s),
            });
            stack.extend(sec.children.iter().rev().map(|&c| (c, depth + 1)));
        }
        let pages = vec![
            LinkView {
                title: "首页".into(),
                url: self.url(""),
            },
            LinkView {
                title: "站内检索".into(),
                url: self.url("search/"),
            },
            LinkView {
                title: "关怀版（长辈版）".into(),
                url: self.url_in(Rendition::Care, ""),
            },
        ];
        cx.insert(
            "sitemap",
            &SitemapView {
                pages,
                sections: entries,
            },
        );
        cx
    }
}
