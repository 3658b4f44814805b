//! The search page.

use super::*;

impl PageContext<'_> {
    pub(super) fn search(&self) -> Context {
        let site = self.site;
        let mut cx = self.common(
            "search/",
            "站内检索",
            None,
            "站内检索",
            HeadExtra::default(),
        );
        let mut years: BTreeMap<i16, usize> = BTreeMap::new();
        let mut issuers: BTreeMap<&str, usize> = BTreeMap::new();
        let mut topics: BTreeMap<&str, usize> = BTreeMap::new();
        for doc in &site.docs {
            let m = &doc.source.meta;
            *years.entry(m.date.year()).or_default() += 1;
            if !m.issuer.is_empty() {
                *issuers.entry(&m.issuer).or_default() += 1;
            }
            for t in &m.topics {
                *topics.entry(t).or_default() += 1;
            }
        }
        let by_count = |map: BTreeMap<&str, usize>| {
            let mut v: Vec<(&str, usize)> = map.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            v.into_iter()
                .map(|(name, count)| SearchOption {
                    value: name.to_string(),
                    label: name.to_string(),
                    count,
                })
                .collect::<Vec<_>>()
        };
        let directories = site.sections[0]
            .children
            .iter()
            .filter(|&&c| !site.sections[c].all_docs.is_empty())
            .filter_map(|&c| {
                let sec = &site.sections[c];
                let links: Vec<LinkView> = self.directory_links(c);
                (!links.is_empty()).then(|| SearchDirectory {
                    title: sec.title.clone(),
                    url: self.url(&sec.path),
                    links,
                })
            })
            .collect();
        cx.insert(
            "search",
            &SearchView {
                action: self.url("search/"),
                index_url: format!("{}{}", site.config.root, crate::search::INDEX_PATH),
                script: self.asset("js/search.js"),
                prefix: self.prefix(self.rendition),
                care_home: self.url_in(Rendition::Care, ""),
                years: years
                    .into_iter()
                    .rev()
                    .map(|(y, count)| SearchOption {
                        value: y.to_string(),
                        label: format!("{y}年"),
                        count,
                    })
                    .collect(),
                issuers: by_count(issuers),
                topics: by_count(topics),
                directories,
            },
        );
        cx
    }
}
