//! Listing pages: a section's documents page by page, the documents of one term (year,
//! topic, issuer), a section's directory of terms, and the paginator they share.
//!
//! Each is first made as a [`ListPage`]: the arguments of [`PageContext::common`], the page's
//! own view and the documents it lists. What `common` reads besides them (settings, sections,
//! asset version) is in the digests a build-cache key starts from, so a `ListPage` and a digest
//! of each listed document's entry are all a listing page's key needs
//! ([`Renderer::list_page`](super::Renderer::list_page)); it is given a Tera context only when
//! the page is made.

use super::*;

/// A listing or directory page before its context is made.
#[derive(Serialize)]
pub(super) struct ListPage {
    /// Path of the page from the site's root.
    path: String,
    /// Title of the page (`<title>`'s first part).
    title: String,
    /// The section the page belongs to.
    section: usize,
    /// The page's heading.
    heading: String,
    /// Breadcrumbs and head tags of its own.
    extra: HeadExtra,
    /// What the page lists, its documents left out.
    view: ListView,
    /// The documents a listing shows, in order (made into `listing.items` with the context).
    #[serde(skip)]
    docs: Vec<usize>,
}

/// What a [`ListPage`] lists.
#[derive(Serialize)]
enum ListView {
    /// Documents (`listing` in `listing.html`).
    Listing(ListingView),
    /// The terms of a directory (`directory` in `directory.html`).
    Directory(DirectoryView),
}

impl ListPage {
    /// The template the page is rendered with.
    pub(super) fn template(&self) -> &'static str {
        match self.view {
            ListView::Listing(_) => "listing.html",
            ListView::Directory(_) => "directory.html",
        }
    }

    /// The documents the page lists, in order.
    pub(super) fn docs(&self) -> &[usize] {
        &self.docs
    }

    /// The page's Tera context.
    pub(super) fn context(mut self, cx: &PageContext<'_>) -> Context {
        if let ListView::Listing(listing) = &mut self.view {
            listing.items = self.docs.iter().map(|&d| cx.item(d)).collect();
        }
        let mut context = cx.common(
            &self.path,
            &self.title,
            Some(self.section),
            &self.heading,
            self.extra,
        );
        match &self.view {
            ListView::Listing(listing) => context.insert("listing", listing),
            ListView::Directory(directory) => context.insert("directory", directory),
        }
        context
    }
}

impl PageContext<'_> {
    /// The [`ListPage`] of a listing or directory job (`None` for other jobs).
    pub(super) fn list_page(
        &self,
        job: &PageJob,
        bodies: &[Option<RenderedBody>],
    ) -> Option<ListPage> {
        Some(match *job {
            PageJob::Section { section, page } => self.section_listing(section, page, bodies),
            PageJob::Term {
                section,
                dim,
                term,
                page,
            } => self.term_listing(section, dim, term, page),
            PageJob::Directory { section, dim } => self.directory(section, dim),
            _ => return None,
        })
    }

    fn section_listing(
        &self,
        section: usize,
        page: usize,
        bodies: &[Option<RenderedBody>],
    ) -> ListPage {
        let site = self.site;
        let sec = &site.sections[section];
        let total = page_count(sec.all_docs.len(), sec.page_size);
        let path = listing_path(&sec.path, page);
        let title = if page > 1 {
            format!("{}（第{page}页）", sec.title)
        } else {
            sec.title.clone()
        };
        let listing = ListingView {
            title: sec.title.clone(),
            description: if page == 1 {
                self.section_intro(section, bodies)
            } else {
                String::new()
            },
            items: Vec::new(),
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
        ListPage {
            path,
            title,
            section,
            heading: sec.title.clone(),
            extra: HeadExtra::describe(&sec.description),
            view: ListView::Listing(listing),
            docs: page_docs(&sec.all_docs, page, sec.page_size),
        }
    }

    fn term_listing(&self, section: usize, dim: Dimension, term: usize, page: usize) -> ListPage {
        let site = self.site;
        let sec = &site.sections[section];
        let t = &site.terms[&(section, dim)][term];
        let total = page_count(t.docs.len(), sec.page_size);
        let heading = format!("{}：{}", sec.title, t.name);
        // The section itself is already in the breadcrumbs (it is an ancestor of this page).
        let crumbs = vec![LinkView {
            title: dim.title().into(),
            url: self.url(&format!("{}{}/", sec.path, dim.key())),
        }];
        ListPage {
            path: listing_path(&t.path, page),
            title: heading.clone(),
            section,
            heading,
            extra: HeadExtra {
                crumbs,
                ..HeadExtra::default()
            },
            view: ListView::Listing(ListingView {
                title: t.name.clone(),
                description: String::new(),
                items: Vec::new(),
                subsections: vec![],
                directories: vec![],
                paginator: self.paginator(&t.path, page, total),
            }),
            docs: page_docs(&t.docs, page, sec.page_size),
        }
    }

    fn directory(&self, section: usize, dim: Dimension) -> ListPage {
        let site = self.site;
        let sec = &site.sections[section];
        let heading = format!("{}：{}", sec.title, dim.title());
        let terms = site.terms[&(section, dim)]
            .iter()
            .map(|t| TermView {
                name: t.name.clone(),
                url: self.url(&t.path),
                count: t.docs.len(),
            })
            .collect();
        ListPage {
            path: format!("{}{}/", sec.path, dim.key()),
            title: heading.clone(),
            section,
            heading,
            extra: HeadExtra::default(),
            view: ListView::Directory(DirectoryView {
                title: dim.title().into(),
                kind: dim.key(),
                terms,
            }),
            docs: Vec::new(),
        }
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

/// The documents of page `page` (1-based) of a listing of `docs`, `size` to a page.
fn page_docs(docs: &[usize], page: usize, size: usize) -> Vec<usize> {
    docs.iter()
        .skip((page - 1) * size)
        .take(size)
        .copied()
        .collect()
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
