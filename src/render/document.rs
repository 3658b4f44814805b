//! The document page: metadata panel, body, 落款, attachments, relations, QR code, JSON-LD.

use super::*;

impl PageContext<'_> {
    pub(super) fn document(&self, d: usize, body: Option<&RenderedBody>) -> Context {
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
        // The summary is said once, as the page's `description`: HTML meta names are
        // case-insensitive, so the 政府网站 `Description` tag is this same tag, and Open Graph
        // readers fall back to it.
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
                property: "og:url".into(),
                content: permalink
                    .clone()
                    .unwrap_or_else(|| format!("{}{}", config.root, doc.path)),
            },
            OgTag {
                property: "og:site_name".into(),
                content: config.identity.title.clone(),
            },
        ];
        let mut cx = self.common(&doc.path, &m.title, Some(doc.section), &m.title, extra);
        // The JSON-LD leaves `description` out: the page's meta description says it already.
        let review = self.judged.waiting_review(d);
        let lifecycle =
            crate::lifecycle::view::document(site, self.judged.lifecycle, d, review, "", &|p| {
                self.url(p)
            });
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
        let links = &self.judged.lifecycle.interpretations;
        let neighbour = |n: Option<usize>| {
            n.map(|i| LinkView {
                title: site.docs[i].source.meta.title.clone(),
                url: self.url(&site.docs[i].path),
            })
        };
        let qr = own_url.as_ref().and_then(|url| {
            qr::png_for(url).map(|(src, modules)| QrView {
                src,
                modules,
                url: url.clone(),
            })
        });
        let share = permalink.as_ref().map(|url| {
            let u = query_value(url);
            let t = query_value(&m.title);
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
            content: body.map(|b| self.body_html(&b.html())).unwrap_or_default(),
            has_code: body.is_some_and(|b| b.has_code),
            toc: body
                .map(|b| crate::markdown::toc::build(&b.headings, config.toc_levels))
                .filter(|_| m.toc != Some(false))
                .unwrap_or_default(),
            signature,
            attachments: self.attachments(d),
            prev: neighbour(doc.prev),
            next: neighbour(doc.next),
            original: neighbour(links.original.get(d).copied().flatten()),
            interpretations: links
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
        let revisions = crate::record::view::revisions(site, self.judged.publication, d);
        cx.insert("revisions", &revisions);
        cx.insert(
            "section",
            &SectionRef {
                title: section.title.clone(),
                url: self.url(&section.path),
            },
        );
        cx
    }

    pub(super) fn attachments(&self, d: usize) -> Vec<AttachmentView> {
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
