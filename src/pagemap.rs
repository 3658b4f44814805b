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

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::diagnostics::Diagnostics;

    /// Writes `root/rel`, creating its folder.
    pub(crate) fn write(root: &std::path::Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// Writes `files` (path below the site root, text) into a temporary folder and loads the site
    /// tree from it as a build does, without rendering. The folder lives as long as the guard.
    pub(crate) fn site_from(files: &[(&str, &str)]) -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().expect("tempdir");
        for (rel, text) in files {
            write(dir.path(), rel, text);
        }
        let mut diags = Diagnostics::new();
        let config = crate::config::Config::load(dir.path(), &mut diags);
        let loaded = crate::content::load::load(dir.path(), false, &mut diags);
        let site = Site::build(config, loaded, &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        (dir, site)
    }

    /// A document of 测试局 dated `date` (its title tells the date) with one topic.
    pub(crate) fn doc(date: &str, topic: &str) -> String {
        format!("---\ntitle: 文件{date}\nissuer: 测试局\ndate: {date}\ntopics: [{topic}]\n---\n\n正文。\n")
    }

    /// Section `xxgk` (two documents a page) with three documents of two years (the newest
    /// `c.md`, with a `slug`, then `a.md`, then `b.md`) and an attachment, and an empty section
    /// `kong`.
    pub(crate) fn small_site() -> (tempfile::TempDir, Site) {
        site_from(&[
            ("config.yaml", "title: 测试局\n"),
            (
                "content/xxgk/_index.md",
                "---\ntitle: 信息公开\npage_size: 2\n---\n",
            ),
            ("content/xxgk/a.md", &doc("2021-03-01", "民政")),
            ("content/xxgk/b.md", &doc("2020-05-01", "民政")),
            (
                "content/xxgk/c.md",
                &doc("2021-06-01", "教育").replace("topics:", "slug: tongzhi\ntopics:"),
            ),
            ("content/xxgk/fujian.txt", "附件"),
            ("content/kong/_index.md", "---\ntitle: 空栏目\n---\n"),
        ])
    }

    /// Index of the section whose folder is `dir`.
    pub(crate) fn section(site: &Site, dir: &str) -> usize {
        site.sections
            .iter()
            .position(|s| s.dir == dir)
            .unwrap_or_else(|| panic!("no section {dir}"))
    }

    #[test]
    fn a_listing_has_at_least_one_page_and_pages_of_size_documents() {
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(1, 10), 1);
        assert_eq!(page_count(10, 10), 1);
        assert_eq!(page_count(11, 10), 2);
        assert_eq!(page_count(3, 1), 3);
        // A page size of 0 would divide by zero: one document a page.
        assert_eq!(page_count(3, 0), 3);
    }

    #[test]
    fn the_first_listing_page_is_the_listing_itself() {
        assert_eq!(listing_path("xxgk/", 0), "xxgk/");
        assert_eq!(listing_path("xxgk/", 1), "xxgk/");
        assert_eq!(listing_path("xxgk/", 2), "xxgk/page/2/");
        assert_eq!(
            listing_path("xxgk/year/2021/", 12),
            "xxgk/year/2021/page/12/"
        );
        assert_eq!(listing_path("", 3), "page/3/");
    }

    #[test]
    fn renditions_name_their_folder_and_each_other() {
        assert_eq!(Rendition::Standard.dir(), "");
        assert_eq!(Rendition::Care.dir(), "care/");
        assert_eq!(Rendition::Standard.name(), "标准版");
        assert_eq!(Rendition::Care.name(), "关怀版");
        for r in Rendition::ALL {
            assert_ne!(r.counterpart(), r);
            assert_eq!(r.counterpart().counterpart(), r);
        }
    }

    #[test]
    fn every_kind_of_page_has_its_path_and_output_file() {
        let (_dir, site) = small_site();
        let xxgk = section(&site, "xxgk");
        let doc = |rel: &str| PageJob::Document(site.doc_by_source[rel]);
        let year_terms = &site.terms[&(xxgk, Dimension::Year)];
        let y2021 = year_terms.iter().position(|t| t.name == "2021年").unwrap();
        let cases = [
            (PageJob::Home, "", "index.html"),
            (PageJob::NotFound, "404.html", "404.html"),
            (PageJob::Search, "search/", "search/index.html"),
            (PageJob::Sitemap, "sitemap/", "sitemap/index.html"),
            (doc("xxgk/a.md"), "xxgk/a/", "xxgk/a/index.html"),
            (doc("xxgk/c.md"), "xxgk/tongzhi/", "xxgk/tongzhi/index.html"),
            (
                PageJob::Section {
                    section: xxgk,
                    page: 1,
                },
                "xxgk/",
                "xxgk/index.html",
            ),
            (
                PageJob::Section {
                    section: xxgk,
                    page: 2,
                },
                "xxgk/page/2/",
                "xxgk/page/2/index.html",
            ),
            (
                PageJob::Directory {
                    section: xxgk,
                    dim: Dimension::Topic,
                },
                "xxgk/topic/",
                "xxgk/topic/index.html",
            ),
            (
                PageJob::Term {
                    section: xxgk,
                    dim: Dimension::Year,
                    term: y2021,
                    page: 1,
                },
                "xxgk/year/2021/",
                "xxgk/year/2021/index.html",
            ),
        ];
        for (job, path, file) in cases {
            assert_eq!(job.path(&site), path, "{job:?}");
            assert_eq!(job.output_file(&site, Rendition::Standard), file, "{job:?}");
            assert_eq!(
                job.output_file(&site, Rendition::Care),
                format!("care/{file}"),
                "{job:?}"
            );
        }
    }

    #[test]
    fn all_jobs_cover_every_page_once_and_skip_empty_sections() {
        let (_dir, site) = small_site();
        let jobs = all_jobs(&site);
        let xxgk = section(&site, "xxgk");
        let kong = section(&site, "kong");
        for d in 0..site.docs.len() {
            assert!(jobs.contains(&PageJob::Document(d)), "document {d}");
        }
        let listing_pages = |s: usize| {
            jobs.iter()
                .filter(|j| matches!(j, PageJob::Section { section, .. } if *section == s))
                .count()
        };
        // Three documents, two a page.
        assert_eq!(listing_pages(xxgk), 2);
        assert_eq!(listing_pages(kong), 0);
        for dim in Dimension::ALL {
            assert!(jobs.contains(&PageJob::Directory { section: xxgk, dim }));
            assert!(!jobs.contains(&PageJob::Directory { section: kong, dim }));
        }
        // 2020年 and 2021年, 民政 and 教育: one page each; the issuer's three documents: two.
        let terms = jobs
            .iter()
            .filter(|j| matches!(j, PageJob::Term { .. }))
            .count();
        assert_eq!(terms, 6);

        let mut files = BTreeSet::new();
        for job in &jobs {
            for r in Rendition::ALL {
                let file = job.output_file(&site, r);
                assert_eq!(file.starts_with("care/"), r == Rendition::Care, "{file}");
                assert!(files.insert(file.clone()), "{file} written twice");
            }
        }
    }
}
