//! Working days (工作日): Monday to Friday, except the 放假 days of the 国务院办公厅's yearly
//! notice, plus the weekend days it makes 调休 working days. The national calendar is
//! `data/holidays.yaml` (embedded; its header names the source), a site adds local days in
//! `config.yaml`:
//!
//! ```yaml
//! calendar:
//!   holidays: [2025-05-20, 2025-09-01~2025-09-03]   # 地方性假日
//!   workdays: [2025-09-06]                          # 调休上班的周末
//!   years: [2027]      # 这些年份的全国放假安排已写在上面（日历尚未收录时）
//! ```
//!
//! Dates in a year the calendar does not know are counted Monday to Friday, and every count
//! names those years ([`Count::unknown`]) so the caller can warn that the calendar needs updating.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use jiff::civil::{Date, Weekday};
use serde::Deserialize;
use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The national calendar as shipped: 放假 and 调休上班 days of each year's notice.
const NATIONAL: &str = include_str!("../../data/holidays.yaml");

/// `calendar:` in `config.yaml`: the site's local days.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct CalendarConfig {
    /// Local 放假 days: `YYYY-MM-DD` or a range `YYYY-MM-DD~YYYY-MM-DD`.
    pub holidays: Vec<String>,
    /// Weekend days that are working days (调休上班), same forms.
    pub workdays: Vec<String>,
    /// Years whose whole national arrangement the site has written in `holidays`/`workdays`
    /// (for a year published after this version of gongkai).
    pub years: Vec<i16>,
}

/// Which days are working days.
#[derive(Clone)]
pub struct Calendar {
    rest: HashSet<Date>,
    work: HashSet<Date>,
    known: BTreeSet<i16>,
}

impl std::fmt::Debug for Calendar {
    /// The days in order, so that one calendar is always written alike (the build cache hashes
    /// the settings that hold it).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sorted = |days: &HashSet<Date>| days.iter().copied().collect::<BTreeSet<Date>>();
        f.debug_struct("Calendar")
            .field("rest", &sorted(&self.rest))
            .field("work", &sorted(&self.work))
            .field("known", &self.known)
            .finish()
    }
}

/// A number of working days, with the years counted Monday to Friday because the calendar does
/// not know them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count<T> {
    /// The result.
    pub value: T,
    /// Years the count went through that the calendar does not know.
    pub unknown: BTreeSet<i16>,
}

impl Default for Calendar {
    fn default() -> Calendar {
        national().clone()
    }
}

/// The national calendar, parsed once.
pub fn national() -> &'static Calendar {
    static CALENDAR: OnceLock<Calendar> = OnceLock::new();
    CALENDAR.get_or_init(|| {
        parse_national(NATIONAL).expect("data/holidays.yaml is checked by the tests")
    })
}

/// Parses the national data file: `year: {festival: {放假: [MM-DD…], 上班: [MM-DD…]}}`.
fn parse_national(text: &str) -> Result<Calendar, String> {
    let data: Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    let mut calendar = Calendar {
        rest: HashSet::new(),
        work: HashSet::new(),
        known: BTreeSet::new(),
    };
    for (year, festivals) in data.as_mapping().ok_or("年份表")? {
        let year = year
            .as_i64()
            .and_then(|y| i16::try_from(y).ok())
            .ok_or("年份")?;
        calendar.known.insert(year);
        for (name, days) in festivals.as_mapping().ok_or("节日表")? {
            for (kind, list) in days.as_mapping().ok_or("放假/上班")? {
                let set = match kind.as_str() {
                    Some("放假") => &mut calendar.rest,
                    Some("上班") => &mut calendar.work,
                    _ => return Err(format!("{year} {name:?}: 应为 放假 或 上班")),
                };
                for item in list.as_sequence().ok_or("日期列表")? {
                    let item = item.as_str().ok_or("日期")?;
                    set.extend(days_of(&format!("{year}-{item}"), year)?);
                }
            }
        }
    }
    Ok(calendar)
}

/// The days of `YYYY-MM-DD` or `YYYY-MM-DD~YYYY-MM-DD` (or `…~MM-DD` within `year`).
fn days_of(spec: &str, year: i16) -> Result<Vec<Date>, String> {
    let (first, last) = spec.split_once('~').unwrap_or((spec, spec));
    let first: Date = first.trim().parse().map_err(|_| spec.to_string())?;
    let last = last.trim();
    let last: Date = if last.len() == 5 {
        format!("{year}-{last}").parse()
    } else {
        last.parse()
    }
    .map_err(|_| spec.to_string())?;
    if last < first || (last - first).get_days() > 366 {
        return Err(spec.to_string());
    }
    let mut days = vec![first];
    let mut d = first;
    while d < last {
        d = d.tomorrow().map_err(|_| spec.to_string())?;
        days.push(d);
    }
    Ok(days)
}

impl Calendar {
    /// The national calendar with the local days of `config.yaml` (problems go to `diags`,
    /// located at the `calendar` key).
    pub fn resolve(
        local: Option<CalendarConfig>,
        shown: &Path,
        diags: &mut Diagnostics,
    ) -> Arc<Calendar> {
        let mut calendar = national().clone();
        let Some(local) = local else {
            return Arc::new(calendar);
        };
        for (list, work) in [(&local.holidays, false), (&local.workdays, true)] {
            for spec in list {
                let year = spec.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
                match days_of(spec, year) {
                    Ok(days) => {
                        for d in days {
                            calendar.rest.remove(&d);
                            calendar.work.remove(&d);
                            if work {
                                calendar.work.insert(d);
                            } else {
                                calendar.rest.insert(d);
                            }
                        }
                    }
                    Err(_) => diags.push(
                        Diagnostic::error(
                            shown,
                            0,
                            0,
                            format!("应为日期 “2025-05-20” 或日期范围 “2025-09-01~2025-09-03”，实际为 “{spec}”"),
                        )
                        .with_field(if work { "calendar.workdays（调休上班日）" } else { "calendar.holidays（地方放假日）" }),
                    ),
                }
            }
        }
        calendar.known.extend(local.years);
        Arc::new(calendar)
    }

    /// Whether `d` is a working day.
    pub fn is_working_day(&self, d: Date) -> bool {
        if self.work.contains(&d) {
            return true;
        }
        !self.rest.contains(&d) && !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
    }

    /// Whether the calendar knows the 放假 and 调休 days of `year`.
    pub fn knows(&self, year: i16) -> bool {
        self.known.contains(&year)
    }

    /// The first and last year of the national calendar.
    pub fn years(&self) -> (i16, i16) {
        let (first, last) = (national().known.first(), national().known.last());
        (first.copied().unwrap_or(0), last.copied().unwrap_or(0))
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not after `from`).
    pub fn working_days_between(&self, from: Date, to: Date) -> Count<i64> {
        let mut count = Count {
            value: 0,
            unknown: BTreeSet::new(),
        };
        let mut d = from;
        while d < to {
            let Ok(next) = d.tomorrow() else { break };
            d = next;
            self.note(d, &mut count.unknown);
            if self.is_working_day(d) {
                count.value += 1;
            }
        }
        count
    }

    /// The `n`th working day after `from` (`from` itself when `n` is 0): the last day of a
    /// term of `n` working days that starts the day after `from`.
    pub fn add_working_days(&self, from: Date, n: i64) -> Count<Date> {
        let mut count = Count {
            value: from,
            unknown: BTreeSet::new(),
        };
        let mut left = n;
        while left > 0 {
            let Ok(next) = count.value.tomorrow() else {
                break;
            };
            count.value = next;
            self.note(next, &mut count.unknown);
            if self.is_working_day(next) {
                left -= 1;
            }
        }
        count
    }

    /// Whether a count of `limit` or fewer working days could be judged otherwise if the calendar
    /// knew the years it went through: each unknown year can hold at most as many weekday
    /// holidays and 调休 working days as the most of any known year.
    pub fn could_differ(&self, count: &Count<i64>, limit: i64) -> bool {
        let years = count.unknown.len() as i64;
        if years == 0 {
            return false;
        }
        let national = national();
        let per_year = |set: &HashSet<Date>, weekend: bool| {
            let mut by_year: std::collections::HashMap<i16, i64> = Default::default();
            for d in set {
                let is_weekend = matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
                if is_weekend == weekend {
                    *by_year.entry(d.year()).or_default() += 1;
                }
            }
            by_year.into_values().max().unwrap_or(0)
        };
        let fewer = per_year(&national.rest, false) * years;
        let more = per_year(&national.work, true) * years;
        (count.value > limit) != (count.value - fewer > limit)
            || (count.value > limit) != (count.value + more > limit)
    }

    fn note(&self, d: Date, unknown: &mut BTreeSet<i16>) {
        if !self.knows(d.year()) {
            unknown.insert(d.year());
        }
    }

    /// “2027年” / “2013年、2014年”: the years of `unknown` as a message names them, with what
    /// was done about them.
    pub fn unknown_note(&self, unknown: &BTreeSet<i16>) -> String {
        let years: Vec<String> = unknown.iter().map(|y| format!("{y}年")).collect();
        let (first, last) = self.years();
        format!(
            "工作日日历未收录{}的放假和调休安排（收录 {first}—{last} 年），这些日子按周一至周五计算：新的年份请更新 gongkai，或在 config.yaml 的 calendar 中写上当年的放假（holidays）、调休上班（workdays）和年份（years）",
            years.join("、")
        )
    }
}

#[cfg(test)]
mod tests;
