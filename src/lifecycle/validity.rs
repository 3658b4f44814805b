//! 有效性 over time (REQUIREMENTS A9): a `validity_date` that has passed turns a document 失效 on
//! that day without an edit, a later document's 废止/替代 turns it 废止, `expires` ends a 公示.
//! Also the checks of terms (暂行/试行 at most 2 years, 规范性文件 usually 5) and the 清理 list of
//! documents falling due within six months, which `gongkai check` shows.

use jiff::ToSpan;

use super::relations::Relations;
use super::{Clock, DocState, Lifecycle};
use crate::content::date::DocDate;
use crate::content::document::{DocumentMeta, Validity};
use crate::content::tree::Site;
use crate::diagnostics::Diagnostic;

/// How far ahead `check` looks for documents falling due.
pub const LOOKAHEAD_MONTHS: i32 = 6;

/// The state of document `d` at `clock`.
pub fn state(site: &Site, relations: &Relations, d: usize, clock: Clock) -> DocState {
    let meta = &site.docs[d].source.meta;
    let mut state = DocState {
        validity: meta.validity,
        scheduled: !clock.reached(&meta.date),
        ..DocState::default()
    };
    if let Some(until) = meta.validity_date {
        if clock.reached(&until) {
            state.since = Some(until);
            if !state.invalid() {
                state.validity = Some(Validity::Expired);
            }
        } else {
            // Written 失效/废止 with a date to come: in force until then.
            state.validity = Some(Validity::Valid);
            state.valid_until = Some(until);
        }
    }
    // 废止 or 替代 by a published later document wins, from its date.
    let ended = relations
        .incoming
        .get(d)
        .into_iter()
        .flatten()
        .filter(|e| e.kind.ends_target())
        .filter(|e| clock.reached(&site.docs[e.from].source.meta.date))
        .min_by_key(|e| site.docs[e.from].source.meta.date);
    if let Some(edge) = ended {
        state.validity = Some(Validity::Repealed);
        state.since = Some(site.docs[edge.from].source.meta.date);
        state.valid_until = None;
        state.ended_by = Some(*edge);
    }
    if let Some(expires) = meta.expires {
        if clock.reached(&expires) {
            state.ended = Some(expires);
        } else {
            state.open_until = Some(expires);
        }
    }
    state
}

/// Whether a document is a 规范性文件 (by 体裁, or because it carries a validity).
pub fn is_normative(meta: &DocumentMeta) -> bool {
    meta.genre
        .as_deref()
        .is_some_and(|g| g.contains("规范性文件"))
        || meta.validity.is_some()
        || meta.validity_date.is_some()
}

/// Warnings about terms: 暂行/试行 valid for more than 2 years, 规范性文件 for more than 5, a
/// 有效 written on a document another one repeals.
pub fn problems(site: &Site, lifecycle: &Lifecycle) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (d, doc) in site.docs.iter().enumerate() {
        let meta = &doc.source.meta;
        if let Some(until) = meta.validity_date {
            let start = meta.written_on.unwrap_or(meta.date);
            let provisional = ["暂行", "试行"].iter().find(|w| meta.title.contains(*w));
            let limit = match provisional {
                Some(_) => 2,
                None if meta
                    .genre
                    .as_deref()
                    .is_some_and(|g| g.contains("规范性文件")) =>
                {
                    5
                }
                None => 0,
            };
            let last = start
                .date()
                .checked_add(limit.years())
                .unwrap_or(start.date());
            if limit > 0 && until.date() > last {
                let what = provisional.map_or("规范性文件".to_string(), |w| {
                    format!("标题含 “{w}” 的文件")
                });
                found.push(warn_at(
                    doc,
                    "validity_date",
                    format!(
                        "{what}有效期一般不超过 {limit} 年：应不晚于 {}，实际为 {}（自 {} 起）",
                        last.strftime("%Y-%m-%d"),
                        until.ymd(),
                        start.ymd()
                    ),
                ));
            }
        }
        let state = lifecycle.state(d);
        if let (Some(Validity::Valid), Some(edge)) = (meta.validity, state.ended_by) {
            let by = &site.docs[edge.from].source;
            found.push(warn_at(
                doc,
                "validity",
                format!(
                    "有效性写为 “有效”，但本文件已被《{}》（{}）{}：页面按 “废止” 显示，应改为 “validity: 废止”",
                    by.meta.title,
                    by.file.display(),
                    edge.kind.verb()
                ),
            ));
        }
    }
    found
}

/// A warning at a front-matter field of a document.
fn warn_at(doc: &crate::content::tree::Doc, key: &'static str, message: String) -> Diagnostic {
    let (line, col) = doc
        .source
        .meta
        .positions
        .get(key)
        .copied()
        .unwrap_or((1, 1));
    let field =
        crate::content::front_matter::field(crate::content::front_matter::DOCUMENT_FIELDS, key);
    Diagnostic::warning(&doc.source.file, line, col, message).with_field(field.label())
}

/// A document whose term ends within [`LOOKAHEAD_MONTHS`]: a line of the 清理 list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The document.
    pub doc: usize,
    /// When it turns 失效.
    pub on: DocDate,
    /// Days from the clock's day.
    pub days: i32,
}

/// The 清理 list: documents in force whose `validity_date` comes within six months, soonest
/// first, and one warning for each.
pub fn cleanup(site: &Site, lifecycle: &Lifecycle) -> (Vec<Due>, Vec<Diagnostic>) {
    let clock = lifecycle.clock;
    let today = clock.today();
    let horizon = today
        .checked_add(LOOKAHEAD_MONTHS.months())
        .unwrap_or(today);
    let mut due: Vec<Due> = site
        .docs
        .iter()
        .enumerate()
        .filter_map(|(d, _)| {
            let until = lifecycle.states.get(d)?.valid_until?;
            (until.date() <= horizon).then(|| Due {
                doc: d,
                on: until,
                days: (until.date() - today).get_days(),
            })
        })
        .collect();
    due.sort_by(|a, b| a.on.cmp(&b.on).then(a.doc.cmp(&b.doc)));
    let warnings = due
        .iter()
        .map(|due| {
            warn_at(
                &site.docs[due.doc],
                "validity_date",
                format!(
                    "清理：本文件将于 {} 失效（{} 天后）：应在到期前评估，继续施行的重新制发并写 replaces，不再施行的到期自动显示为失效",
                    due.on.ymd(),
                    due.days
                ),
            )
        })
        .collect();
    (due, warnings)
}

/// The 清理 list as lines for the terminal.
pub fn cleanup_lines(site: &Site, due: &[Due]) -> Vec<String> {
    if due.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!(
        "清理清单：{} 个月内到期失效的文件 {} 篇",
        LOOKAHEAD_MONTHS,
        due.len()
    )];
    lines.extend(due.iter().map(|d| {
        let doc = &site.docs[d.doc].source;
        format!(
            "  {}  《{}》  {}",
            d.on.ymd(),
            doc.meta.title,
            doc.file.display()
        )
    }));
    lines
}
