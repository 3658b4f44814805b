//! What templates receive about a document's life (`lifecycle` on document pages, documented in
//! `themes/gov/README.md`): the notices at the top (已被《…》修改/废止/替代, 已失效, 公示已结束,
//! 待发布), what this document changes, and its JSON-LD.

use serde::Serialize;

use super::relations::Kind;
use super::Lifecycle;
use crate::content::document::Validity;
use crate::content::tree::Site;

/// A notice at the top of a document page; with a link when it names another document.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeView {
    /// `repealed`, `replaced`, `amended`, `expired`, `ended`, `open`, `scheduled` or `review`
    /// (CSS modifier).
    pub kind: &'static str,
    /// Text before the link (or the whole text).
    pub before: String,
    /// Title of the document linked (without 《》), empty when none.
    pub title: String,
    /// Its URL in this rendition.
    pub url: String,
    /// Text after the link.
    pub after: String,
}

impl NoticeView {
    fn plain(kind: &'static str, text: String) -> NoticeView {
        NoticeView {
            kind,
            before: text,
            title: String::new(),
            url: String::new(),
            after: String::new(),
        }
    }

    /// The notice as plain text.
    pub fn text(&self) -> String {
        if self.title.is_empty() {
            format!("{}{}", self.before, self.after)
        } else {
            format!("{}《{}》{}", self.before, self.title, self.after)
        }
    }
}

/// A document this one changes (修改, 废止, 替代) or interprets.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// `修改`, `废止`, `替代`
    pub verb: &'static str,
    /// Its title.
    pub title: String,
    /// Its URL in this rendition.
    pub url: String,
}

/// `lifecycle` on document pages.
#[derive(Debug, Clone, Serialize)]
pub struct LifecycleView {
    /// 有效性 in force (empty when the document has none).
    pub validity: String,
    /// 失效 or 废止.
    pub invalid: bool,
    /// Notices for the top of the page, most important first.
    pub notices: Vec<NoticeView>,
    /// The documents this one amends, repeals or replaces.
    pub changes: Vec<ChangeView>,
    /// A 待发布 document (shown by `serve` only).
    pub scheduled: bool,
    /// JSON-LD, escaped for inlining.
    pub jsonld: String,
}

/// The view of document `d`; `url` maps a site path to a URL of the rendition being rendered.
/// `review` is the notice of a review the document still waits for (shown by `serve` only: a
/// build holds such documents back).
pub fn document(
    site: &Site,
    lifecycle: &Lifecycle,
    d: usize,
    review: Option<String>,
    summary: &str,
    url: &dyn Fn(&str) -> String,
) -> LifecycleView {
    LifecycleView {
        jsonld: super::jsonld::document(site, lifecycle, d, summary),
        ..without_jsonld(site, lifecycle, d, review, url)
    }
}

/// [`document`] with its JSON-LD left empty: what a page key reads. The JSON-LD is made from
/// the document's fields and address, the settings, the documents it changes (in `changes`)
/// and its [`super::DocState`], which a key covers besides.
pub fn without_jsonld(
    site: &Site,
    lifecycle: &Lifecycle,
    d: usize,
    review: Option<String>,
    url: &dyn Fn(&str) -> String,
) -> LifecycleView {
    let doc = &site.docs[d];
    let m = &doc.source.meta;
    let state = lifecycle.state(d);
    let clock = lifecycle.clock;
    let mut notices = Vec::new();
    if state.scheduled {
        notices.push(NoticeView::plain(
            "scheduled",
            format!(
                "本文件定于 {} 发布，正式网站在此之前不显示本页（此提示只在预览中出现）",
                when_published(&m.date)
            ),
        ));
    }
    if let Some(review) = review {
        notices.push(NoticeView::plain("review", review));
    }
    let link = |e: &super::relations::Edge, kind: &'static str, after: String| {
        let by = &site.docs[e.from];
        NoticeView {
            kind,
            before: "本文件已被".into(),
            title: by.source.meta.title.clone(),
            url: url(&by.path),
            after,
        }
    };
    if let Some(edge) = state.ended_by {
        let kind = if edge.kind == Kind::Replaces {
            "replaced"
        } else {
            "repealed"
        };
        let date = site.docs[edge.from].source.meta.date.display();
        notices.push(link(&edge, kind, format!("{}（{date}）", edge.kind.verb())));
    } else if state.invalid() {
        let word = state.validity.map(Validity::as_str).unwrap_or_default();
        notices.push(NoticeView::plain(
            "expired",
            match state.since {
                Some(date) => format!("本文件已{word}（{}）", date.display()),
                None => format!("本文件已{word}"),
            },
        ));
    }
    for edge in lifecycle.relations.incoming_of(d, Kind::Amends) {
        let by = &site.docs[edge.from].source.meta;
        if clock.reached(&by.date) {
            notices.push(link(
                edge,
                "amended",
                format!("修改（{}）", by.date.display()),
            ));
        }
    }
    if let Some(ended) = state.ended {
        notices.push(NoticeView::plain(
            "ended",
            format!("本公示已于 {} 结束", ended.display()),
        ));
    } else if let Some(until) = state.open_until {
        notices.push(NoticeView::plain(
            "open",
            format!("公示截止日期：{}", until.display()),
        ));
    }
    let changes = lifecycle
        .relations
        .outgoing
        .get(d)
        .into_iter()
        .flatten()
        .filter(|e| e.kind != Kind::Interprets)
        .map(|e| ChangeView {
            verb: e.kind.verb(),
            title: site.docs[e.to].source.meta.title.clone(),
            url: url(&site.docs[e.to].path),
        })
        .collect();
    LifecycleView {
        validity: state
            .validity
            .map(|v| v.as_str().to_string())
            .unwrap_or_default(),
        invalid: state.invalid(),
        notices,
        changes,
        scheduled: state.scheduled,
        jsonld: String::new(),
    }
}

/// The tag a listing shows beside a document's title: its 有效性 when 失效/废止, 已结束 for an
/// ended 公示, 待发布 in preview, 待审 when it waits for a review (`waits_for_review`); empty
/// otherwise.
pub fn tag(lifecycle: &Lifecycle, d: usize, waits_for_review: bool) -> String {
    let state = lifecycle.state(d);
    if state.scheduled {
        "待发布".into()
    } else if waits_for_review {
        "待审".into()
    } else if state.invalid() {
        state
            .validity
            .map(|v| v.as_str().to_string())
            .unwrap_or_default()
    } else if state.ended.is_some() {
        "已结束".into()
    } else {
        String::new()
    }
}

/// `2025年12月5日 09:00` (the time only when the date has one), as the other notices write dates.
fn when_published(date: &crate::content::date::DocDate) -> String {
    match date.pub_date().split_once(' ') {
        Some((_, time)) if date.has_time => format!("{} {time}", date.display()),
        _ => date.display(),
    }
}
