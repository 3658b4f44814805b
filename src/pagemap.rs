//! The page map: every page of the site as a job ([`PageJob`]) with its URL path and its output
//! file in each [`Rendition`]. Below `render` (it needs no templates), so watch mode can work out
//! which pages an edit touches.

use crate::content::tree::{Dimension, Site};

/// The two renditions of every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rendition {
    /// 标准版
    Standard,
    /// 关怀版, under `/care/`.
    Care,
}

impl Rendition {
    /// Both renditions.
    pub const ALL: [Rendition; 2] = [Rendition::Standard, Rendition::Care];

    /// Its name on pages: 标准版 or 关怀版.
    pub fn name(self) -> &'static str {
        match self {
            Rendition::Standard => "标准版",
            Rendition::Care => "关怀版",
        }
    }

    /// The other rendition: each page links to its counterpart.
    pub fn counterpart(self) -> Rendition {
        match self {
            Rendition::Standard => Rendition::Care,
            Rendition::Care => Rendition::Standard,
        }
    }

    /// Output path prefix (`""` or `care/`).
    pub fn dir(self) -> &'static str {
        match self {
            Rendition::Standard => "",
            Rendition::Care => "care/",
        }
    }
}

/// One page of output (in both renditions).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageJob {
    /// `/`
    Home,
    /// A document.
    Document(usize),
    /// Page `page` (1-based) of a section listing.
    Section {
        /// Section index.
        section: usize,
        /// Page number.
        page: usize,
    },
    /// Page `page` of the documents filed under one directory term.
    Term {
        /// Section index.
        section: usize,
        /// Dimension.
        dim: Dimension,
        /// Index of the term in `site.terms[(section, dim)]`.
        term: usize,
        /// Page number.
        page: usize,
    },
    /// The list of terms of one dimension of a section.
    Directory {
        /// Section index.
        section: usize,
        /// Dimension.
        dim: Dimension,
    },
    /// `404.html`
    NotFound,
    /// `search/`: the search page (A7).
    Search,
    /// `/sitemap/`: 网站地图, every section with its directory pages.
    Sitemap,
}

/// Number of listing pages for `count` documents.
pub fn page_count(count: usize, size: usize) -> usize {
    count.div_ceil(size.max(1)).max(1)
}

/// URL path of page `page` of a listing at `base`.
pub fn listing_path(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{page}/")
    }
}

/// Every page job of the site, in a stable order.
pub fn all_jobs(site: &Site) -> Vec<PageJob> {
    let mut jobs = vec![
        PageJob::Home,
        PageJob::NotFound,
        PageJob::Search,
        PageJob::Sitemap,
    ];
    jobs.extend((0..site.docs.len()).map(PageJob::Document));
    for (i, s) in site.sections.iter().enumerate().skip(1) {
        if s.all_docs.is_empty() {
            continue;
        }
        for page in 1..=page_count(s.all_docs.len(), s.page_size) {
            jobs.push(PageJob::Section { section: i, page });
        }
    }
    for ((section, dim), terms) in &site.terms {
        jobs.push(PageJob::Directory {
            section: *section,
            dim: *dim,
        });
        let size = site.sections[*section].page_size;
        for (t, term) in terms.iter().enumerate() {
            for page in 1..=page_count(term.docs.len(), size) {
                jobs.push(PageJob::Term {
                    section: *section,
                    dim: *dim,
                    term: t,
                    page,
                });
            }
        }
    }
    jobs
}

impl PageJob {
    /// URL path of the page without root (`xxgk/a/`); `404.html` for the not-found page.
    pub fn path(&self, site: &Site) -> String {
        match self {
            PageJob::Home => String::new(),
            PageJob::NotFound => "404.html".into(),
            PageJob::Search => "search/".into(),
            PageJob::Sitemap => "sitemap/".into(),
            PageJob::Document(d) => site.docs[*d].path.clone(),
            PageJob::Section { section, page } => {
                listing_path(&site.sections[*section].path, *page)
            }
            PageJob::Term {
                section,
                dim,
                term,
                page,
            } => listing_path(&site.terms[&(*section, *dim)][*term].path, *page),
            PageJob::Directory { section, dim } => {
                format!("{}{}/", site.sections[*section].path, dim.key())
            }
        }
    }

    /// Output file of the page in a rendition, relative to the output folder.
    pub fn output_file(&self, site: &Site, rendition: Rendition) -> String {
        let path = self.path(site);
        if path.ends_with(".html") {
            format!("{}{path}", rendition.dir())
        } else {
            format!("{}{path}index.html", rendition.dir())
        }
    }
}
