//! Stage 5, render: every output page as a job ([`PageJob`]), rendered with Tera in both
//! renditions (standard at `/PATH`, 关怀版 at `/care/PATH`). Jobs are independent, so the build
//! runs them in parallel and watch mode re-runs only the jobs a change affects.

pub mod qr;
pub mod views;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use tera::{Context, Tera};

use crate::content::date::DocDate;
use crate::content::tree::{Dimension, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{RenderedBody, PAGE_LINK};
use crate::theme::Theme;
use views::*;

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

/// Compiled templates and the fixed asset URLs of one build.
pub struct Renderer {
    tera: Tera,
    /// Template name → file shown in messages (the site's override or the built-in theme).
    origins: BTreeMap<String, String>,
    asset_version: String,
}

impl Renderer {
    /// Compiles the theme's templates; a broken template is reported with its file and line.
    pub fn new(theme: &Theme, diags: &mut Diagnostics) -> Option<Renderer> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        let templates: Vec<(String, String)> = theme
            .templates()
            .filter_map(|(name, file)| {
                String::from_utf8(file.bytes.clone())
                    .map_err(|_| {
                        diags.push(Diagnostic::error(
                            Path::new(&file.origin),
                            0,
                            0,
                            "模板不是 UTF-8 编码",
                        ))
                    })
                    .ok()
                    .map(|text| (name.to_string(), text))
            })
            .collect();
        let origins: BTreeMap<String, String> = theme
            .templates()
            .map(|(name, f)| (name.to_string(), f.origin.clone()))
            .collect();
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            diags.push(template_error(&origins, "base.html", &e, "模板有语法错误"));
            return None;
        }
        for required in [
            "page.html",
            "listing.html",
            "directory.html",
            "index.html",
            "404.html",
        ] {
            if !tera.contains_template(required) {
                diags.push(Diagnostic::error(
                    Path::new("themes"),
                    0,
                    0,
                    format!("主题缺少模板 templates/{required}"),
                ));
            }
        }
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for (_, f) in theme.statics() {
            hasher.update(&f.bytes);
        }
        let asset_version = hasher.finalize()[..4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Some(Renderer {
            origins,
            tera,
            asset_version,
        })
    }

    /// Renders one page in one rendition.
    pub fn render(
        &self,
        site: &Site,
        bodies: &[Option<RenderedBody>],
        job: &PageJob,
        rendition: Rendition,
    ) -> Result<String, Diagnostic> {
        let cx = PageContext {
            site,
            rendition,
            version: &self.asset_version,
        };
        let (template, context) = match job {
            PageJob::Home => ("index.html", cx.home(bodies)),
            PageJob::NotFound => ("404.html", cx.not_found()),
            PageJob::Search => ("search.html", cx.search()),
            PageJob::Sitemap => ("sitemap.html", cx.sitemap()),
            PageJob::Document(d) => ("page.html", cx.document(*d, bodies[*d].as_ref())),
            PageJob::Section { section, page } => {
                ("listing.html", cx.section_listing(*section, *page, bodies))
            }
            PageJob::Term {
                section,
                dim,
                term,
                page,
            } => (
                "listing.html",
                cx.term_listing(*section, *dim, *term, *page),
            ),
            PageJob::Directory { section, dim } => ("directory.html", cx.directory(*section, *dim)),
        };
        self.tera
            .render(template, &context)
            .map_err(|e| template_error(&self.origins, template, &e, "渲染模板出错"))
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        let text = inner.to_string();
        if !s.contains(&text) {
            s.push('：');
            s.push_str(&text);
        }
        src = inner.source();
    }
    s.replace('\n', " ")
}

/// Where a Tera error points (`--> page.html:3:19`) and its first line of explanation.
fn tera_location(e: &tera::Error) -> (Option<String>, usize, usize, String) {
    let text = error_chain(e);
    let mut name = None;
    let (mut line, mut col) = (0, 0);
    if let Some(loc) = text.split("--> ").nth(1) {
        let loc = loc.split_whitespace().next().unwrap_or_default();
        let mut parts = loc.rsplitn(3, ':');
        col = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
        name = parts.next().map(str::to_string);
    }
    let message = text
        .split("-->")
        .next()
        .unwrap_or_default()
        .trim()
        .trim_start_matches("error:")
        .trim()
        .to_string();
    (name, line, col, message)
}

fn template_error(
    origins: &BTreeMap<String, String>,
    fallback: &str,
    e: &tera::Error,
    what: &str,
) -> Diagnostic {
    let (name, line, col, message) = tera_location(e);
    let origin = name
        .as_deref()
        .and_then(|n| origins.get(n))
        .or_else(|| origins.get(fallback))
        .cloned()
        .unwrap_or_else(|| format!("templates/{fallback}"));
    Diagnostic::error(Path::new(&origin), line, col, format!("{what}：{message}"))
}

/// Builds the context of one page in one rendition.
struct PageContext<'a> {
    site: &'a Site,
    rendition: Rendition,
    version: &'a str,
}

#[derive(Serialize)]
struct Common<'a> {
    site: SiteView,
    rendition: RenditionView,
    assets: AssetsView,
    head: HeadView,
    breadcrumbs: Vec<LinkView>,
    heading: &'a str,
}

impl PageContext<'_> {
    fn prefix(&self, rendition: Rendition) -> String {
        format!("{}{}", self.site.config.root, rendition.dir())
    }

    /// URL of a site path in this rendition.
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.prefix(self.rendition))
    }

    /// A footer link in this rendition: a page of the site (`/xxgk/zn/`, `/xxgk/zn/#lxfs`, `/`)
    /// points to its counterpart (`/care/xxgk/zn/#lxfs` in the 关怀版); files (`/sitemap.xml`)
    /// and other sites (`https://…`, `//host/…`) stay as written.
    fn footer_url(&self, url: &str) -> String {
        let Some(rest) = url.strip_prefix('/').filter(|r| !r.starts_with('/')) else {
            return url.to_string();
        };
        let end = rest.find(['#', '?']).unwrap_or(rest.len());
        let (path, suffix) = (&rest[..end], &rest[end..]);
        if path.is_empty() || path.ends_with('/') {
            format!("{}{suffix}", self.url(path))
        } else {
            url.to_string()
        }
    }

    fn asset(&self, rel: &str) -> String {
        format!("{}static/{rel}?v={}", self.site.config.root, self.version)
    }

    /// Rewrites page links of a body into this rendition.
    fn body_html(&self, html: &str) -> String {
        mark_link_lines(&html.replace(
            &format!("\"{PAGE_LINK}"),
            &format!("\"{}", self.prefix(self.rendition)),
        ))
    }

    fn common(
        &self,
        path: &str,
        title: &str,
        section: Option<usize>,
        heading: &str,
        head_extra: HeadExtra,
    ) -> Context {
        let site = self.site;
        let config = &site.config;
        let other = match self.rendition {
            Rendition::Standard => Rendition::Care,
            Rendition::Care => Rendition::Standard,
        };
        let top = section.and_then(|s| site.top_level(s));
        let nav = site.sections[0]
            .children
            .iter()
            .filter(|&&c| !site.sections[c].all_docs.is_empty())
            .map(|&c| NavItem {
                title: site.sections[c].title.clone(),
                url: self.url(&site.sections[c].path),
                current: top == Some(c),
            })
            .collect();
        let footer_links = config
            .footer_links
            .iter()
            .map(|l| crate::config::Link {
                title: l.title.clone(),
                url: self.footer_url(&l.url),
            })
            .collect();
        let canonical = config
            .permalink(path)
            .unwrap_or_else(|| format!("{}{path}", config.root));
        let mut meta = vec![
            MetaTag {
                name: "SiteName".into(),
                content: config.title.clone(),
            },
            MetaTag {
                name: "SiteDomain".into(),
                content: config.domain.clone(),
            },
            MetaTag {
                name: "SiteIDCode".into(),
                content: config.site_id_code.clone(),
            },
        ];
        if let Some(s) = section.filter(|s| *s != 0) {
            let s = &site.sections[s];
            meta.push(MetaTag {
                name: "ColumnName".into(),
                content: s.title.clone(),
            });
            meta.push(MetaTag {
                name: "ColumnDescription".into(),
                content: s.description.clone(),
            });
            meta.push(MetaTag {
                name: "ColumnKeywords".into(),
                content: s.keywords.clone(),
            });
            meta.push(MetaTag {
                name: "ColumnType".into(),
                content: s.column_type.clone(),
            });
        }
        meta.extend(head_extra.meta);
        meta.retain(|m| !m.content.is_empty());
        let mut full_title = vec![title.to_string()];
        if let Some(s) = section.filter(|s| *s != 0) {
            if site.sections[s].title != title {
                full_title.push(site.sections[s].title.clone());
            }
        }
        if title != config.title {
            full_title.push(config.title.clone());
        }
        let mut breadcrumbs = vec![LinkView {
            title: "首页".into(),
            url: self.url(""),
        }];
        if let Some(s) = section {
            for a in site.ancestry(s).into_iter().skip(1) {
                let sec = &site.sections[a];
                if sec.path != path {
                    breadcrumbs.push(LinkView {
                        title: sec.title.clone(),
                        url: self.url(&sec.path),
                    });
                }
            }
        }
        breadcrumbs.extend(head_extra.crumbs);
        if path.is_empty() {
            breadcrumbs.clear();
        }
        let common = Common {
            site: SiteView {
                title: config.title.clone(),
                base_url: config.base_url.clone().unwrap_or_default(),
                lang: "zh-CN",
                description: config.description.clone(),
                keywords: config.keywords.clone(),
                site_id_code: config.site_id_code.clone(),
                domain: config.domain.clone(),
                organizer: config.organizer.clone(),
                contact: config.contact.clone(),
                icp: config.icp.clone(),
                police_beian: config.police_beian.clone(),
                police_beian_url: config.police_beian_url.clone(),
                gov_mark: config.gov_mark.clone(),
                footer_links,
                nav,
            },
            rendition: RenditionView {
                care: self.rendition == Rendition::Care,
                name: if self.rendition == Rendition::Care {
                    "关怀版"
                } else {
                    "标准版"
                },
                home: self.url(""),
                search: self.url("search/"),
                other_url: format!("{}{path}", self.prefix(other)),
                other_name: if other == Rendition::Care {
                    "关怀版"
                } else {
                    "标准版"
                },
            },
            assets: AssetsView {
                css: self.asset("css/gongkai.css"),
                highlight_css: self.asset("css/highlight.css"),
                prefs_js: self.asset("js/prefs.js"),
                main_js: self.asset("js/gongkai.js"),
                cursor: self.asset("img/cursor-large.svg"),
                favicon: config
                    .favicon
                    .clone()
                    .unwrap_or_else(|| self.asset("img/favicon.svg")),
                favicon_type: image_type(config.favicon.as_deref().unwrap_or("favicon.svg")),
            },
            head: HeadView {
                // Every page has a description (search engines show it; Lighthouse asks for it).
                description: if head_extra.description.trim().is_empty() {
                    fallback_description(&full_title, &config.description)
                } else {
                    head_extra.description
                },
                title: full_title.join("_"),
                canonical,
                meta,
                og: head_extra.og,
            },
            breadcrumbs,
            heading,
        };
        let mut cx = Context::from_serialize(&common).unwrap_or_default();
        cx.insert("feeds", &crate::lifecycle::feeds::links(site, section));
        cx
    }

    fn item(&self, d: usize) -> ItemView {
        let doc = &self.site.docs[d];
        let m = &doc.source.meta;
        let state = self.site.lifecycle.state(d);
        ItemView {
            title: m.title.clone(),
            url: self.url(&doc.path),
            date: m.date.view(),
            index_no: m.index_no.clone().unwrap_or_default(),
            doc_no: m.doc_no.clone().unwrap_or_default(),
            issuer: m.issuer.clone(),
            validity: state
                .validity
                .map(|v| v.as_str().to_string())
                .unwrap_or_default(),
            invalid: state.invalid(),
            tag: crate::lifecycle::view::tag(self.site, d),
        }
    }

    fn home(&self, bodies: &[Option<RenderedBody>]) -> Context {
        let site = self.site;
        let mut cx = self.common(
            "",
            &site.config.title,
            Some(0),
            &site.config.title,
            HeadExtra::describe(&site.config.description),
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

    fn section_intro(&self, section: usize, bodies: &[Option<RenderedBody>]) -> String {
        // Section intros are rendered with the documents (see `build::render_bodies`): their
        // bodies sit after the documents' bodies in `bodies`.
        let idx = self.site.docs.len() + section;
        bodies
            .get(idx)
            .and_then(|b| b.as_ref())
            .map(|b| self.body_html(&b.html))
            .unwrap_or_default()
    }

    fn not_found(&self) -> Context {
        self.common(
            "404.html",
            "页面未找到",
            None,
            "页面未找到",
            HeadExtra::default(),
        )
    }

    fn search(&self) -> Context {
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

    /// 网站地图: the sections as an indented list, each with its directory pages.
    fn sitemap(&self) -> Context {
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

    /// Links to the directory pages (按年度, 按发布机构, 按主题分类) a section has.
    fn directory_links(&self, section: usize) -> Vec<LinkView> {
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

    /// URL of a site path in a given rendition.
    fn url_in(&self, rendition: Rendition, path: &str) -> String {
        format!("{}{path}", self.prefix(rendition))
    }

    fn paginator(&self, base: &str, page: usize, total: usize) -> PaginatorView {
        let url = |n: usize| self.url(&listing_path(base, n));
        PaginatorView {
            current: page,
            total,
            prev: (page > 1).then(|| url(page - 1)),
            next: (page < total).then(|| url(page + 1)),
            pages: (1..=total)
                .map(|n| PageNumber {
                    number: n,
                    url: url(n),
                    current: n == page,
                })
                .collect(),
        }
    }

    fn page_items(&self, docs: &[usize], page: usize, size: usize) -> Vec<ItemView> {
        docs.iter()
            .skip((page - 1) * size)
            .take(size)
            .map(|&d| self.item(d))
            .collect()
    }

    fn section_listing(
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

    fn term_listing(&self, section: usize, dim: Dimension, term: usize, page: usize) -> Context {
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

    fn directory(&self, section: usize, dim: Dimension) -> Context {
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

    fn document(&self, d: usize, body: Option<&RenderedBody>) -> Context {
        let site = self.site;
        let config = &site.config;
        let doc = &site.docs[d];
        let m = &doc.source.meta;
        let section = &site.sections[doc.section];
        let permalink = config.permalink(&doc.path);
        let own_url = match self.rendition {
            Rendition::Standard => permalink.clone(),
            Rendition::Care => config.permalink(&format!("care/{}", doc.path)),
        };
        let summary = m.summary.clone().unwrap_or_else(|| {
            body.map(|b| b.first_paragraph.chars().take(100).collect())
                .unwrap_or_default()
        });
        let mut extra = HeadExtra::describe(&summary);
        extra.meta = vec![
            MetaTag {
                name: "ArticleTitle".into(),
                content: m.title.clone(),
            },
            MetaTag {
                name: "PubDate".into(),
                content: m.date.pub_date(),
            },
            MetaTag {
                name: "ContentSource".into(),
                content: m.issuer.clone(),
            },
            MetaTag {
                name: "Keywords".into(),
                content: m.keywords.join(","),
            },
            MetaTag {
                name: "Author".into(),
                content: m.issuer.clone(),
            },
            MetaTag {
                name: "Description".into(),
                content: summary.clone(),
            },
            MetaTag {
                name: "Url".into(),
                content: permalink.clone().unwrap_or_default(),
            },
        ];
        extra.og = vec![
            OgTag {
                property: "og:type".into(),
                content: "article".into(),
            },
            OgTag {
                property: "og:title".into(),
                content: m.title.clone(),
            },
            OgTag {
                property: "og:description".into(),
                content: summary.clone(),
            },
            OgTag {
                property: "og:url".into(),
                content: permalink
                    .clone()
                    .unwrap_or_else(|| format!("{}{}", config.root, doc.path)),
            },
            OgTag {
                property: "og:site_name".into(),
                content: config.title.clone(),
            },
        ];
        let mut cx = self.common(&doc.path, &m.title, Some(doc.section), &m.title, extra);
        let lifecycle = crate::lifecycle::view::document(site, d, &summary, &|p| self.url(p));
        let invalid = lifecycle.invalid;
        let validity_notice = lifecycle
            .notices
            .iter()
            .find(|n| matches!(n.kind, "repealed" | "replaced" | "expired"))
            .map(|n| n.text())
            .unwrap_or_default();
        let signature = match (&m.signature, body.is_some_and(|b| b.has_signature)) {
            (crate::content::document::Signature::Off, _) | (_, true) => None,
            (sig, false) => Some(SignatureView {
                issuer: match sig {
                    crate::content::document::Signature::Issuer(name) => name.clone(),
                    _ => m.issuer.clone(),
                },
                date: m.written_on.as_ref().unwrap_or(&m.date).display(),
            }),
        };
        let neighbour = |n: Option<usize>| {
            n.map(|i| LinkView {
                title: site.docs[i].source.meta.title.clone(),
                url: self.url(&site.docs[i].path),
            })
        };
        let qr = own_url.as_ref().and_then(|url| {
            qr::svg_for(url).map(|svg| QrView {
                svg,
                url: url.clone(),
            })
        });
        let share = permalink.as_ref().map(|url| {
            let u = percent_encode(url);
            let t = percent_encode(&m.title);
            ShareView {
                weibo: format!("https://service.weibo.com/share/share.php?url={u}&title={t}"),
                qq: format!("https://connect.qq.com/widget/shareqq/index.html?url={u}&title={t}"),
                qzone: format!(
                    "https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?url={u}&title={t}"
                ),
            }
        });
        let page = PageView {
            title: m.title.clone(),
            url: self.url(&doc.path),
            permalink,
            meta_rows: meta_rows(m, &lifecycle.validity),
            index_no: m.index_no.clone().unwrap_or_default(),
            issuer: m.issuer.clone(),
            doc_no: m.doc_no.clone().unwrap_or_default(),
            genre: m.genre.clone().unwrap_or_default(),
            summary,
            note: m.note.clone().unwrap_or_default(),
            topics: m.topics.clone(),
            keywords: m.keywords.clone(),
            date: m.date.view(),
            written_on: m.written_on.as_ref().map(DocDate::view),
            validity: lifecycle.validity.clone(),
            invalid,
            validity_notice,
            content: body.map(|b| self.body_html(&b.html)).unwrap_or_default(),
            has_code: body.is_some_and(|b| b.has_code),
            toc: body
                .map(|b| crate::markdown::toc::build(&b.headings, config.toc_levels))
                .filter(|_| m.toc != Some(false))
                .unwrap_or_default(),
            signature,
            attachments: self.attachments(d),
            prev: neighbour(doc.prev),
            next: neighbour(doc.next),
            original: neighbour(site.interpretations.original.get(d).copied().flatten()),
            interpretations: site
                .interpretations
                .interpretations
                .get(d)
                .into_iter()
                .flatten()
                .filter_map(|&i| neighbour(Some(i)))
                .collect(),
            qr,
            share,
            extra: m.extra.clone(),
        };
        cx.insert("page", &page);
        cx.insert("lifecycle", &lifecycle);
        cx.insert(
            "section",
            &SectionRef {
                title: section.title.clone(),
                url: self.url(&section.path),
            },
        );
        cx
    }

    fn attachments(&self, d: usize) -> Vec<AttachmentView> {
        let site = self.site;
        let doc = &site.docs[d];
        doc.source
            .meta
            .attachments
            .iter()
            .map(|a| {
                let external = a.file.contains("://");
                let rel = if external {
                    String::new()
                } else {
                    crate::text::normalize(&format!("{}/{}", doc.source.dir, a.file))
                };
                let size = site
                    .assets
                    .iter()
                    .find(|x| x.rel == rel)
                    .map(|x| human_size(x.size))
                    .unwrap_or_default();
                let ext = a
                    .file
                    .rsplit_once('.')
                    .map(|(_, e)| e.to_ascii_uppercase())
                    .filter(|e| e.len() <= 5)
                    .unwrap_or_default();
                AttachmentView {
                    title: a.title.clone(),
                    url: if external {
                        a.file.clone()
                    } else {
                        format!("{}{rel}", site.config.root)
                    },
                    ext,
                    size,
                }
            })
            .collect()
    }
}

/// What a kind of page adds to the common context.
/// A body paragraph that is one link and nothing else (`[图1　……（原图）](…)`, a download on its
/// own line) gets the class `gk-linkline`, so that the theme gives it a full-size target: it is a
/// control of its own, not a link inside a sentence (WCAG 2.5.8; 关怀版 ≥ 44×44, B3d).
fn mark_link_lines(html: &str) -> String {
    static LINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?m)^<p>(<a [^>]*>.*</a>)</p>$").expect("link line regex")
    });
    if !html.contains("<p><a ") {
        return html.to_string();
    }
    LINE.replace_all(html, |c: &regex::Captures| {
        let link = &c[1];
        if link.matches("<a ").count() == 1
            && link.ends_with("</a>")
            && link.matches("</a>").count() == 1
        {
            format!("<p class=\"gk-linkline\">{link}</p>")
        } else {
            c[0].to_string()
        }
    })
    .into_owned()
}

/// The description of a page that has none of its own: its title, then the site's description
/// (`法定主动公开内容：2021年。聊城市民政局政府信息公开网站，……`), or all title parts when the
/// site has no description.
fn fallback_description(title_parts: &[String], site_description: &str) -> String {
    match title_parts.first() {
        Some(title) if !site_description.trim().is_empty() => {
            format!("{title}。{}", site_description.trim())
        }
        _ => title_parts.join("，"),
    }
}

/// MIME type of an icon by its file name, for `<link rel="icon" type>`.
fn image_type(path: &str) -> &'static str {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("gif") => "image/gif",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        _ => "",
    }
}

#[derive(Default)]
struct HeadExtra {
    description: String,
    meta: Vec<MetaTag>,
    og: Vec<OgTag>,
    /// Breadcrumbs after the section's own ones (directory pages).
    crumbs: Vec<LinkView>,
}

impl HeadExtra {
    fn describe(text: &str) -> HeadExtra {
        HeadExtra {
            description: text.to_string(),
            ..Default::default()
        }
    }
}

/// The metadata panel in the fixed order of REQUIREMENTS A1; empty fields are left out.
fn meta_rows(m: &crate::content::document::DocumentMeta, validity: &str) -> Vec<MetaRow> {
    let rows: [(&'static str, &'static str, String); 12] = [
        ("index_no", "索引号", m.index_no.clone().unwrap_or_default()),
        ("topics", "主题分类", m.topics.join("；")),
        ("issuer", "发布机构", m.issuer.clone()),
        (
            "written_on",
            "成文日期",
            m.written_on
                .as_ref()
                .map(DocDate::display)
                .unwrap_or_default(),
        ),
        ("date", "发布日期", m.date.display()),
        ("title", "标题", m.title.clone()),
        ("doc_no", "文号", m.doc_no.clone().unwrap_or_default()),
        ("validity", "有效性", validity.to_string()),
        ("disclosure", "公开方式", m.disclosure.clone()),
        ("keywords", "主题词", m.keywords.join("；")),
        ("genre", "体裁分类", m.genre.clone().unwrap_or_default()),
        (
            "source_url",
            "信息来源",
            m.source_url.clone().unwrap_or_default(),
        ),
    ];
    rows.into_iter()
        .filter(|(_, _, v)| !v.is_empty())
        .map(|(key, label, value)| MetaRow { key, label, value })
        .collect()
}

fn human_size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

/// Percent-encodes a URL query value.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_that_is_one_link_is_marked() {
        let html = "<p><a href=\"https://x.cn/1.jpg\">图1　原图</a></p>\n<p>见<a href=\"a.pdf\">附件</a>。</p>\n<p><a href=\"1\">一</a> <a href=\"2\">二</a></p>\n";
        let marked = mark_link_lines(html);
        assert!(
            marked.starts_with(
                "<p class=\"gk-linkline\"><a href=\"https://x.cn/1.jpg\">图1　原图</a></p>\n"
            ),
            "{marked}"
        );
        assert_eq!(marked.matches("gk-linkline").count(), 1, "{marked}");
    }
}
