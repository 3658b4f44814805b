//! Atom feeds (RFC 4287): one for the site (`/atom.xml`) and one per section with documents
//! (`/xxgk/zcwj/atom.xml`), each with its newest 50 documents and their full metadata (索引号,
//! 发布机构, 文号, 成文日期, 有效性, 主题分类). Written by hand, as the sitemap is; pages link to
//! them with `<link rel="alternate" type="application/atom+xml">`.

use serde::Serialize;

use super::jsonld::absolute;
use super::Lifecycle;
use crate::content::tree::Site;
use crate::markdown::RenderedBody;
use crate::text::escape_attr as esc;

/// Entries per feed.
pub const ENTRIES: usize = 50;

/// The feed file of a section path (`xxgk/` → `xxgk/atom.xml`; `""` → the site's).
pub fn path_of(section_path: &str) -> String {
    format!("{section_path}atom.xml")
}

/// A feed a page links to.
#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    /// `<link title>`
    pub title: String,
    /// Its URL.
    pub url: String,
}

/// The feeds a page of `section` links to: the site's, then the section's own.
pub fn links(site: &Site, section: Option<usize>) -> Vec<FeedLink> {
    let mut out = Vec::new();
    if site.sections[0].all_docs.is_empty() {
        return out;
    }
    out.push(FeedLink {
        title: format!("{}：最新信息", site.config.identity.title),
        url: format!("{}{}", site.config.root, path_of("")),
    });
    if let Some(s) = section.filter(|&s| s != 0) {
        let sec = &site.sections[s];
        if !sec.all_docs.is_empty() {
            out.push(FeedLink {
                title: format!("{}：{}", site.config.identity.title, sec.title),
                url: format!("{}{}", site.config.root, path_of(&sec.path)),
            });
        }
    }
    out
}

/// Every feed of the site: (output path, XML).
pub fn all(
    site: &Site,
    lifecycle: &Lifecycle,
    bodies: &[Option<RenderedBody>],
) -> Vec<(String, String)> {
    site.sections
        .iter()
        .filter(|s| !s.all_docs.is_empty())
        .map(|s| {
            let title = if s.path.is_empty() {
                site.config.identity.title.clone()
            } else {
                format!("{}：{}", site.config.identity.title, s.title)
            };
            (
                path_of(&s.path),
                feed(site, lifecycle, bodies, &title, &s.path, &s.all_docs),
            )
        })
        .collect()
}

fn feed(
    site: &Site,
    lifecycle: &Lifecycle,
    bodies: &[Option<RenderedBody>],
    title: &str,
    section_path: &str,
    docs: &[usize],
) -> String {
    let docs = &docs[..docs.len().min(ENTRIES)];
    let updated = docs
        .iter()
        .map(|&d| site.docs[d].source.meta.date)
        .max()
        .map(|d| d.iso())
        .unwrap_or_default();
    let self_url = absolute(site, &path_of(section_path));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xml:lang=\"zh-CN\">\n");
    out.push_str(&format!("  <title>{}</title>\n", esc(title)));
    out.push_str(&format!(
        "  <id>{}</id>\n",
        esc(&id(site, &path_of(section_path)))
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        esc(&self_url)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        esc(&absolute(site, section_path))
    ));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        esc(if site.config.identity.organizer.is_empty() {
            &site.config.identity.title
        } else {
            &site.config.identity.organizer
        })
    ));
    out.push_str("  <generator>gongkai</generator>\n");
    for &d in docs {
        out.push_str(&entry(site, lifecycle, bodies, d));
    }
    out.push_str("</feed>\n");
    out
}

fn id(site: &Site, path: &str) -> String {
    site.config
        .permalink(path)
        .unwrap_or_else(|| format!("urn:gongkai:{}{path}", site.config.root))
}

fn entry(site: &Site, lifecycle: &Lifecycle, bodies: &[Option<RenderedBody>], d: usize) -> String {
    let doc = &site.docs[d];
    let m = &doc.source.meta;
    let state = lifecycle.state(d);
    let summary = m.summary.clone().unwrap_or_else(|| {
        bodies
            .get(d)
            .and_then(Option::as_ref)
            .map(|b| b.first_paragraph.chars().take(100).collect())
            .unwrap_or_default()
    });
    let mut rows: Vec<(&str, String)> = vec![
        ("索引号", m.index_no.clone().unwrap_or_default()),
        ("发布机构", m.issuer.clone()),
        ("文号", m.doc_no.clone().unwrap_or_default()),
        (
            "成文日期",
            m.written_on.map(|w| w.display()).unwrap_or_default(),
        ),
        ("发布日期", m.date.display()),
        (
            "有效性",
            state
                .validity
                .map(|v| v.as_str().to_string())
                .unwrap_or_default(),
        ),
        ("主题分类", m.topics.join("；")),
    ];
    rows.retain(|(_, v)| !v.is_empty());
    let table: String = rows
        .iter()
        .map(|(k, v)| format!("<dt>{k}</dt><dd>{}</dd>", esc(v)))
        .collect();
    let content = format!("<dl>{table}</dl><p>{}</p>", esc(&summary));
    let mut out = String::from("  <entry>\n");
    out.push_str(&format!("    <title>{}</title>\n", esc(&m.title)));
    out.push_str(&format!("    <id>{}</id>\n", esc(&id(site, &doc.path))));
    out.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        esc(&absolute(site, &doc.path))
    ));
    out.push_str(&format!("    <published>{}</published>\n", m.date.iso()));
    out.push_str(&format!("    <updated>{}</updated>\n", m.date.iso()));
    out.push_str(&format!(
        "    <author><name>{}</name></author>\n",
        esc(&m.issuer)
    ));
    for t in &m.topics {
        out.push_str(&format!("    <category term=\"{}\"/>\n", esc(t)));
    }
    if let Some(no) = &m.index_no {
        out.push_str(&format!(
            "    <dcterms:identifier>{}</dcterms:identifier>\n",
            esc(no)
        ));
    }
    if let Some(v) = state.validity {
        out.push_str(&format!(
            "    <dcterms:valid>{}</dcterms:valid>\n",
            v.as_str()
        ));
    }
    if !summary.is_empty() {
        out.push_str(&format!("    <summary>{}</summary>\n", esc(&summary)));
    }
    out.push_str(&format!(
        "    <content type=\"html\">{}</content>\n",
        esc(&content)
    ));
    out.push_str("  </entry>\n");
    out
}
