//! Stage 6, render: every output page as a job ([`PageJob`]), rendered with Tera in both
//! renditions (standard at `/PATH`, 关怀版 at `/care/PATH`). Jobs are independent, so the build
//! runs them in parallel and watch mode re-runs only the jobs a change affects.

mod depends;
mod document;
mod home;
mod listing;
pub mod qr;
mod search;
mod sitemap;
mod templates;
pub mod views;

use crate::pagemap::{listing_path, page_count, PageJob, Rendition};
pub use depends::{shared_digest, source_digest};
pub use templates::Renderer;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use tera::{Context, Tera};

use crate::content::date::DocDate;
use crate::content::tree::{Dimension, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lifecycle::Lifecycle;
use crate::markdown::{RenderedBody, PAGE_LINK};
use crate::record::Publication;
use crate::review::Reviews;
use crate::theme::Theme;
use views::*;

/// What pages are made from besides their bodies: the site tree and what the pipeline judged
/// of it (held beside the tree, [`crate::pipeline`]).
#[derive(Clone, Copy)]
pub struct Judged<'a> {
    /// The site tree.
    pub site: &'a Site,
    /// Relations and the state of every document at the build's clock.
    pub lifecycle: &'a Lifecycle,
    /// The publication record (修订记录 on document pages).
    pub publication: &'a Publication,
    /// The review state of documents that need review (待审 in `serve`).
    pub reviews: &'a Reviews,
}

impl Judged<'_> {
    /// The notice of the review document `d` still waits for, if any.
    fn waiting_review(&self, d: usize) -> Option<String> {
        crate::review::waiting(self.reviews, &self.site.docs[d].source).map(|r| r.banner())
    }
}

/// Builds the context of one page in one rendition.
struct PageContext<'a> {
    site: &'a Site,
    judged: Judged<'a>,
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
        html.replace(
            &format!("\"{PAGE_LINK}"),
            &format!("\"{}", self.prefix(self.rendition)),
        )
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
        let other = self.rendition.counterpart();
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
        let identity = &config.identity;
        let footer_links = identity
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
                content: identity.title.clone(),
            },
            MetaTag {
                name: "SiteDomain".into(),
                content: config.domain.clone(),
            },
            MetaTag {
                name: "SiteIDCode".into(),
                content: identity.site_id_code.clone(),
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
        if title != identity.title {
            full_title.push(identity.title.clone());
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
                identity: crate::config::Identity {
                    footer_links,
                    ..identity.clone()
                },
                base_url: config.base_url.clone().unwrap_or_default(),
                lang: "zh-CN",
                domain: config.domain.clone(),
                nav,
            },
            rendition: RenditionView {
                care: self.rendition == Rendition::Care,
                name: self.rendition.name(),
                home: self.url(""),
                search: self.url("search/"),
                other_url: format!("{}{path}", self.prefix(other)),
                other_name: other.name(),
            },
            assets: AssetsView {
                css: self.asset("css/gongkai.css"),
                highlight_css: self.asset("css/highlight.css"),
                prefs_js: self.asset("js/prefs.js"),
                main_js: self.asset("js/gongkai.js"),
                cursor: self.asset("img/cursor-large.svg"),
                favicon: identity
                    .favicon
                    .clone()
                    .unwrap_or_else(|| self.asset("img/favicon.svg")),
                favicon_type: image_type(identity.favicon.as_deref().unwrap_or("favicon.svg")),
            },
            head: HeadView {
                // Every page has a description (search engines show it; Lighthouse asks for it).
                description: if head_extra.description.trim().is_empty() {
                    fallback_description(&full_title, &identity.description)
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
        let state = self.judged.lifecycle.state(d);
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
            tag: crate::lifecycle::view::tag(
                self.judged.lifecycle,
                d,
                self.judged.waiting_review(d).is_some(),
            ),
        }
    }

    /// URL of a site path in a given rendition.
    fn url_in(&self, rendition: Rendition, path: &str) -> String {
        format!("{}{path}", self.prefix(rendition))
    }
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

#[derive(Default, Serialize)]
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

/// A URL query value written as an IRI: only what would end or change the value (`%`, `&`, `#`,
/// `+`, `=`, `?`), spaces, quotes, angle brackets and control characters are percent-encoded;
/// other characters, Chinese included, stay as they are (the browser sends them UTF-8 encoded,
/// the same bytes). A share link is a third of the size of its fully encoded form.
pub fn query_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || c.is_whitespace() || "%&#+=?\"'<>`\\^{|}[]".contains(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
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
    fn query_values_keep_chinese_and_encode_what_would_break_the_query() {
        assert_eq!(
            query_value("https://a.gov.cn/x/?q=1&r=2#h"),
            "https://a.gov.cn/x/%3Fq%3D1%26r%3D2%23h"
        );
        assert_eq!(query_value("关于 A+B 的“通知”"), "关于%20A%2BB%20的“通知”");
    }
}
