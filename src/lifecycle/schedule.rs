//! Scheduled publishing: a document whose `date` is still to come is not published — not in
//! listings, feeds, search, sitemap or catalog, and its attachments are not copied — until a
//! build runs on or after that time. `serve` keeps such documents and shows them with a 待发布
//! banner. [`next_change`] tells when the published site will next differ (a document due, a
//! term ending, a 公示 closing), so a cron job knows when to rebuild.

use std::collections::HashSet;
use std::fmt;

use jiff::Timestamp;

use super::{Clock, Lifecycle};
use crate::content::date::{china_offset, DocDate};
use crate::content::document::SourceDocument;
use crate::content::load::LoadedContent;
use crate::content::tree::Site;

/// Removes the documents whose `date` is after the clock from `loaded` (unless `preview`, where
/// they stay and are shown as 待发布), with the files only they list. Returns their dates.
pub fn hold_back(loaded: &mut LoadedContent, clock: Clock, preview: bool) -> Vec<DocDate> {
    if preview {
        return Vec::new();
    }
    let held = hold_where(loaded, |d| !clock.reached(&d.meta.date));
    held.into_iter().map(|d| d.meta.date).collect()
}

/// Removes the documents for which `held` is true from `loaded`, with the files only they list
/// (attachments, 年报 data), and returns them: what scheduled publishing and review
/// ([`crate::review`]) keep out of the site.
pub fn hold_where(
    loaded: &mut LoadedContent,
    held: impl Fn(&SourceDocument) -> bool,
) -> Vec<SourceDocument> {
    let (held, due): (Vec<_>, Vec<_>) = std::mem::take(&mut loaded.documents)
        .into_iter()
        .partition(|d| held(d));
    loaded.documents = due;
    if held.is_empty() {
        return held;
    }
    let files_of = |doc: &SourceDocument| -> Vec<String> {
        let mut files = crate::content::hashed::attachment_files(doc);
        if let Some(serde_yaml::Value::String(name)) = &doc.meta.annual_report {
            let path = format!("{}/{name}", doc.dir);
            files.push(crate::text::normalize(&path));
        }
        files
    };
    let published: HashSet<String> = loaded.documents.iter().flat_map(files_of).collect();
    let unpublished: HashSet<String> = held
        .iter()
        .flat_map(files_of)
        .filter(|f| !published.contains(f))
        .collect();
    loaded.assets.retain(|a| !unpublished.contains(&a.rel));
    held
}

/// The next moment the published site changes, and what happens then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextChange {
    /// When.
    pub at: Timestamp,
    /// Documents published then.
    pub publish: usize,
    /// Documents turning 失效 then.
    pub expire: usize,
    /// 公示 ending then.
    pub close: usize,
}

impl fmt::Display for NextChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = china_offset()
            .to_datetime(self.at)
            .strftime("%Y-%m-%d %H:%M");
        let parts: Vec<String> = [
            (self.publish, "篇待发布"),
            (self.expire, "篇到期失效"),
            (self.close, "项公示截止"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        write!(f, "下一次变化：{at}，{}", parts.join("、"))
    }
}

/// The earliest time after the clock at which a held-back (or, in `serve`, 待发布) document is
/// due, a `validity_date` comes or an `expires` passes; `None` when nothing is pending.
pub fn next_change(site: &Site, lifecycle: &Lifecycle) -> Option<NextChange> {
    let mut events: Vec<(Timestamp, u8)> =
        lifecycle.held.iter().map(|d| (d.timestamp(), 0)).collect();
    for (d, doc) in site.docs.iter().enumerate() {
        let state = lifecycle.states.get(d)?;
        if state.scheduled {
            events.push((doc.source.meta.date.timestamp(), 0));
        }
        if let Some(until) = state.valid_until {
            events.push((until.timestamp(), 1));
        }
        if let Some(until) = state.open_until {
            events.push((until.timestamp(), 2));
        }
    }
    let at = events.iter().map(|(t, _)| *t).min()?;
    let count = |kind: u8| events.iter().filter(|e| **e == (at, kind)).count();
    Some(NextChange {
        at,
        publish: count(0),
        expire: count(1),
        close: count(2),
    })
}
