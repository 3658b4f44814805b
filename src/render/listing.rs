//! Listing pages: a section's documents page by page, the documents of one term (year,
//! topic, issuer), a section's directory of terms, and the paginator they share.

use super::*;

impl PageContext<'_> {
    pub(super) fn section_listing(
        &self,
        section: usize,
        page: usize,
        bodies: &[Option<RenderedBody>],
    ) -> Context {
        let site = self.site;
        let sec = &site.sections[section];
        let total = page_count(sec.all_docs.len(), sec.page_size);
        let path = listing_path(&sec.path, page);
        let title = if page > 1 {
            format!("{}（第{page}页）", sec.title)
        } else {
            sec.title.clone()
        };
        let mut cx = self.common(
            &path,
            &title,
            Some(section),
            &sec.title,
            HeadExtra::describe(&sec.description),
        );
        let listing = ListingView {
            title: sec.title.clone(),
            description: if page == 1 {
                self.section_intro(section, bodies)
            } else {
                String::new()
            },
            items: self.page_items(&sec.all_docs, page, sec.page_size),
            subsections: sec
                .children
                .iter()
                .filter(|&&c| !site.sections[c].all_docs.is_empty())
                .map(|&c| SubsectionView {
                    title: site.sections[c].title.clone(),
                    url: self.url(&site.sections[c].path),
                    count: site.sections[c].all_docs.len(),
                })
                .collect(),
            directories: self.directory_links(section),
            paginator: self.paginator(&sec.path, page, total),
        };
        cx.insert("listing", &listing);
        cx
    }

    pub(super) fn term_listing(
        &self,
        section: usize,
        dim: Dimension,
        term: usize,
        page: usize,
    ) -> Context {
        let site = self.site;
        let sec = &site.sections[section];
        let t = &site.terms[&(section, dim)][term];
        let total = page_count(t.docs.len(), sec.page_size);
        let path = listing_path(&t.path, page);
        let heading = format!("{}：{}", sec.title, t.name);
        // The section itself is already in the breadcrumbs (it is an ancestor of this page).
        let crumbs = vec![LinkView {
            title: dim.title().into(),
            url: self.url(&format!("{}{}/", sec.path, dim.key())),
        }];
        let extra = HeadExtra {
            crumbs,
            ..HeadExtra::default()
        };
        let mut cx = self.common(&path, &heading, Some(section), &heading, extra);
        cx.insert(
            "listing",
            &ListingView {
                title: t.name.clone(),
                description: String::new(),
                items: self.page_items(&t.docs, page, sec.page_size),
                subsections: vec![],
                directories: vec![],
                paginator: self.paginator(&t.path, page, total),
            },
        );
        cx
    }

    pub(super) fn directory(&self, section: usize, dim: Dimension) -> Context {
        let site = self.site;
        let sec = &site.sections[section];
        let path = format!("{}{}/", sec.path, dim.key());
        let heading = format!("{}：{}", sec.title, dim.title());
        let extra = HeadExtra::default();
        let mut cx = self.common(&path, &heading, Some(section), &heading, extra);
        let terms = site.terms[&(section, dim)]
            .iter()
            .map(|t| TermView {
                name: t.name.clone(),
                url: self.url(&t.path),
                count: t.docs.len(),
            })
            .collect();
        cx.insert(
            "directory",
            &DirectoryView {
                title: dim.title().into(),
                kind: dim.key(),
                terms,
            },
        );
        cx
    }

    pub(super) fn paginator(&self, base: &str, page: usize, total: usize) -> PaginatorView {
        let url = |n: usize| self.url(&listing_path(base, n));
        PaginatorView {
            current: page,
            total,
            prev: (page > 1).then(|| url(page - 1)),
            next: (page < total).then(|| url(page + 1)),
            pages: page_window(page, total)
                .into_iter()
                .scan(0, |last, n| {
                    let gap_before = n > *last + 1 && *last > 0;
                    *last = n;
                    Some(PageNumber {
                        number: n,
                        url: url(n),
                        current: n == page,
                        gap_before,
                    })
                })
                .collect(),
        }
    }

    pub(super) fn page_items(&self, docs: &[usize], page: usize, size: usize) -> Vec<ItemView> {
        docs.iter()
            .skip((page - 1) * size)
            .take(size)
            .map(|&d| self.item(d))
            .collect()
    }

    /// Links to the directory pages (按年度, 按发布机构, 按主题分类) a section has.
    pub(super) fn directory_links(&self, section: usize) -> Vec<LinkView> {
        let site = self.site;
        let path = &site.sections[section].path;
        Dimension::ALL
            .iter()
            .filter(|d| site.terms.contains_key(&(section, **d)))
            .map(|d| LinkView {
                title: d.title().into(),
                url: self.url(&format!("{path}{}/", d.key())),
            })
            .collect()
    }
}

/// The page numbers a paginator links, ascending: the first and last page and
/// [`PAGE_WINDOW`] pages on each side of `page`.
fn page_window(page: usize, total: usize) -> Vec<usize> {
    let near = page.saturating_sub(PAGE_WINDOW).max(1)..=(page + PAGE_WINDOW).min(total);
    let mut pages: Vec<usize> = std::iter::once(1)
        .chain(near)
        .chain(std::iter::once(total))
        .filter(|&n| n >= 1 && n <= total)
        .collect();
    pages.dedup();
    pages
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn paginator_links_the_ends_and_the_pages_near_the_current_one() {
        assert_eq!(page_window(1, 1), [1]);
        assert_eq!(page_window(1, 3), [1, 2, 3]);
        assert_eq!(page_window(3, 5), [1, 2, 3, 4, 5]);
        assert_eq!(page_window(1, 624), [1, 2, 3, 624]);
        assert_eq!(page_window(300, 624), [1, 298, 299, 300, 301, 302, 624]);
        assert_eq!(page_window(624, 624), [1, 622, 623, 624]);
    }
}
