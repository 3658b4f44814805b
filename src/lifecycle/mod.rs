//! The life of a document after it is written (REQUIREMENTS A9, A6): when it is published
//! ([`schedule`]: a `date` in the future holds it back), how long it is in force ([`validity`]:
//! `validity_date`, 公示截止), what later documents do to it ([`relations`]: 修改, 废止, 替代, and
//! the 解读 of the compliance rules), and how it is offered to machines ([`jsonld`] on its page,
//! [`feeds`] per section and for the site, the [`catalog`] as open data). [`annual_report`] reads
//! the tables of the 政府信息公开工作年度报告 from data, checks their arithmetic and renders them.
//!
//! Everything is judged at one [`Clock`]: the time of the build, or the day given with `--today`.

pub(crate) mod annual_report;
pub mod catalog;
pub(crate) mod feeds;
pub(crate) mod jsonld;
pub(crate) mod relations;
pub(crate) mod schedule;
pub(crate) mod validity;
pub(crate) mod view;

use jiff::civil::Date;
use jiff::Timestamp;

use crate::content::date::{china_offset, DocDate};
use crate::content::document::Validity;
use crate::content::tree::Site;
use crate::diagnostics::Diagnostic;
use relations::{Edge, Links, Relations};

/// The moment the site is judged at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// Now, or the start of the `--today` day (+08:00).
    pub now: Timestamp,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::system()
    }
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock {
            now: Timestamp::now(),
        }
    }

    /// `--today`: a day (`2026-12-05`, judged at 00:00 +08:00) or a time (`2026-12-05 09:00`);
    /// `None` without it (the system clock, read when the site is judged).
    pub fn given(written: Option<&str>) -> anyhow::Result<Option<Clock>> {
        let Some(text) = written else {
            return Ok(None);
        };
        DocDate::parse(text)
            .map(|d| Some(Clock { now: d.timestamp() }))
            .map_err(|why| {
                anyhow::anyhow!(
                    "--today 应为 YYYY-MM-DD 形式的日期，实际为 “{text}”（{why}；也可写 YYYY-MM-DD HH:MM）"
                )
            })
    }

    /// The calendar day in China (+08:00).
    pub fn today(&self) -> Date {
        china_offset().to_datetime(self.now).date()
    }

    /// Whether `date` has come.
    pub fn reached(&self, date: &DocDate) -> bool {
        date.timestamp() <= self.now
    }
}

/// Where one document stands at the clock.
#[derive(Debug, Clone, Default)]
pub struct DocState {
    /// 有效性 in force now: as written, turned 失效 by a `validity_date` that has passed, or 废止
    /// by a later document.
    pub validity: Option<Validity>,
    /// Since when (the `validity_date`, or the date of the repealing document).
    pub since: Option<DocDate>,
    /// The relation that ended it (废止, 替代), if any.
    pub ended_by: Option<Edge>,
    /// A `validity_date` still to come: in force until then.
    pub valid_until: Option<DocDate>,
    /// Its `date` is still to come (only in `serve`, which shows 待发布 documents).
    pub scheduled: bool,
    /// A 公示 whose `expires` has passed: 已结束 since then.
    pub ended: Option<DocDate>,
    /// A 公示 still open until this day.
    pub open_until: Option<DocDate>,
}

impl DocState {
    /// 失效 or 废止.
    pub fn invalid(&self) -> bool {
        matches!(self.validity, Some(Validity::Expired | Validity::Repealed))
    }
}

/// What the pipeline judges of a site tree at one clock and holds beside it: the relations
/// between documents and the state of every document.
#[derive(Debug, Clone, Default)]
pub struct Lifecycle {
    /// The clock used.
    pub clock: Clock,
    /// One state per document.
    pub states: Vec<DocState>,
    /// Dates of the documents held back because their `date` has not come (not in the site).
    pub held: Vec<DocDate>,
    /// Every relation between documents (解读, 修改, 废止, 替代), both ways.
    pub relations: Relations,
    /// 政策解读 links between documents (`interprets`), both ways.
    pub interpretations: Links,
}

impl Lifecycle {
    /// Judges `site` at `clock`: resolves the relations and computes every document's state.
    /// `held` are the dates of the documents held back (not in the site).
    pub fn judge(site: &Site, clock: Clock, held: Vec<DocDate>) -> Lifecycle {
        let relations = Relations::resolve(site);
        let interpretations = Links::from_relations(&relations);
        let states = (0..site.docs.len())
            .map(|d| validity::state(site, &relations, d, clock))
            .collect();
        Lifecycle {
            clock,
            states,
            held,
            relations,
            interpretations,
        }
    }

    /// Judges the site again at the same clock after its documents or their front matter
    /// changed (watch mode; keeps the documents held back).
    pub fn refresh(&mut self, site: &Site) {
        let held = std::mem::take(&mut self.held);
        *self = Lifecycle::judge(site, self.clock, held);
    }

    /// The state of document `d`.
    pub fn state(&self, d: usize) -> DocState {
        self.states.get(d).cloned().unwrap_or_default()
    }

    /// When the site judged at this clock next differs: a scheduled document or term is due, or
    /// a new day begins (the checks of some rules go by the day). `build --watch` and `serve`
    /// judge the site again then.
    pub fn due(&self, site: &Site) -> Timestamp {
        let midnight = (self.clock.today().tomorrow().ok())
            .and_then(|day| {
                china_offset()
                    .to_timestamp(day.to_datetime(jiff::civil::Time::midnight()))
                    .ok()
            })
            .unwrap_or(Timestamp::MAX);
        let next = schedule::next_change(site, self).map_or(Timestamp::MAX, |n| n.at);
        next.min(midnight)
    }

    /// "下一次变化：…" for the build summary, when anything is due.
    pub fn next_change(&self, site: &Site) -> Option<String> {
        schedule::next_change(site, self).map(|n| n.to_string())
    }
}

/// The problems of relations (dangling, cycles), validity terms and 年报 data.
pub fn problems(
    site: &Site,
    lifecycle: &Lifecycle,
    reports: &annual_report::AnnualReports,
) -> Vec<Diagnostic> {
    let mut found = lifecycle.relations.problems(site);
    found.extend(validity::problems(site, lifecycle));
    found.extend(annual_report::problems(site, lifecycle, reports));
    found
}

/// Whether an edit of document `d` that gives it the date `new_date` and, when `moved`, a new
/// place (title, date, issuer or topics) changes other documents' pages or whether it is
/// published, so watch mode must rebuild the site: its date crossed the clock, or it moved and
/// is related to others (their pages name it), or review levels are configured
/// (`review_active`: the review state of every document may change).
pub fn edit_reaches_others(
    site: &Site,
    lifecycle: &Lifecycle,
    review_active: bool,
    d: usize,
    new_date: &DocDate,
    moved: bool,
) -> bool {
    let old = &site.docs[d].source.meta;
    let clock = lifecycle.clock;
    let relations = &lifecycle.relations;
    let related = !relations.incoming[d].is_empty() || !relations.outgoing[d].is_empty();
    clock.reached(&old.date) != clock.reached(new_date) || review_active || (related && moved)
}

/// The files this module adds to the output: Atom feeds and `catalog.json`.
pub fn output_files(
    site: &Site,
    lifecycle: &Lifecycle,
    bodies: &[Option<crate::markdown::RenderedBody>],
) -> Vec<(String, std::sync::Arc<[u8]>)> {
    let feeds = feeds::all(site, lifecycle, bodies).into_iter();
    let mut files: Vec<_> = feeds
        .map(|(path, text)| (path, text.into_bytes().into()))
        .collect();
    files.push((catalog::PATH.to_string(), catalog::json(site, lifecycle)));
    files
}
