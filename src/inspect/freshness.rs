//! 栏目时效: each section's update rule, its newest 发布日期, the days left before it goes stale,
//! and the counts against the 单项否决 lines of 国办秘函〔2019〕19号 (REQUIREMENTS A4, A6, A12):
//! 首页 2 weeks without update; ≥5 stale 动态、要闻 (2 weeks) and 通知公告、政策文件 (6 months)
//! columns; ≥10 other columns that should be updated and are not; ≥5 empty columns.
//!
//! The rule is `update_within` in `_index.md` (`14d`, `2w`, `6mo`, `1y`, `none`, or `14天`,
//! `6个月`, `不限`); without it, the section's title decides (动态/要闻/新闻 14 days; 指南、制度、
//! 年报、机构 none; everything else, the 法定主动公开 columns, 6 months). The clock is a date given
//! by the caller (`--today`), so a webmaster can look ahead.

use std::path::PathBuf;

use jiff::civil::Date;
use jiff::{Span, ToSpan};
use serde::Serialize;

use crate::content::tree::Site;
use crate::diagnostics::Diagnostic;

/// Days within which the home page must show a new document.
pub const HOME_DAYS: i64 = 14;
/// 单项否决: stale 动态、要闻、通知公告、政策文件 columns.
pub const VETO_STALE: usize = 5;
/// 单项否决: other columns that should be updated and are not.
pub const VETO_NOT_UPDATED: usize = 10;
/// 单项否决: empty columns.
pub const VETO_EMPTY: usize = 5;

/// How often a section must get a new document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "unit", content = "count", rename_all = "lowercase")]
pub enum Rule {
    /// Within this many days.
    Days(u32),
    /// Within this many months.
    Months(u32),
    /// No update rule (指南, 制度).
    None,
}

impl Rule {
    /// Parses `14d`, `2w`, `6mo`, `1y`, `none` and the Chinese forms `14天`, `2周`, `6个月`,
    /// `1年`, `不限`.
    pub fn parse(text: &str) -> Result<Rule, String> {
        let t = text.trim();
        if matches!(t, "none" | "不限" | "无" | "不需更新") {
            return Ok(Rule::None);
        }
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        let (number, unit) = t.split_at(digits);
        let n: u32 = number
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("应为 14d、2w、6mo、1y 或 none，实际为 “{t}”"))?;
        match unit.trim() {
            "d" | "天" | "日" => Ok(Rule::Days(n)),
            "w" | "周" | "星期" => Ok(Rule::Days(n * 7)),
            "mo" | "m" | "个月" | "月" => Ok(Rule::Months(n)),
            "y" | "年" => Ok(Rule::Months(n * 12)),
            _ => Err(format!("应为 14d、2w、6mo、1y 或 none，实际为 “{t}”")),
        }
    }

    /// The default rule for a section of this title.
    pub fn for_title(title: &str) -> Rule {
        let has = |words: &[&str]| words.iter().any(|w| title.contains(w));
        if has(&["指南", "制度", "年报", "机构", "职能", "领导"]) {
            Rule::None
        } else if has(&["动态", "要闻", "新闻"]) {
            Rule::Days(14)
        } else {
            Rule::Months(6)
        }
    }

    /// `14 天`, `6 个月`, `不限`.
    pub fn describe(self) -> String {
        match self {
            Rule::Days(n) => format!("{n} 天"),
            Rule::Months(n) => format!("{n} 个月"),
            Rule::None => "不限".into(),
        }
    }

    fn span(self) -> Option<Span> {
        match self {
            Rule::Days(n) => Some(i64::from(n).days()),
            Rule::Months(n) => Some(i64::from(n).months()),
            Rule::None => None,
        }
    }
}

/// Which 否决 line a stale section counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// 动态、要闻 (2 weeks), 通知公告、政策文件 (6 months).
    Timely,
    /// Any other column with an update rule (应更新未更新).
    Other,
    /// No update rule.
    Unruled,
}

/// The state of one section on the given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Updated within its rule, more than 14 days left.
    Fresh,
    /// Updated within its rule, 14 days or fewer left.
    DueSoon,
    /// Past its rule.
    Stale,
    /// No document and no text.
    Empty,
    /// No update rule.
    Unruled,
}

/// One section's freshness.
#[derive(Debug, Clone, Serialize)]
pub struct SectionFreshness {
    /// Folder under `content/`.
    pub dir: String,
    /// `_index.md` (or the folder) for messages.
    pub file: PathBuf,
    /// 栏目名称
    pub title: String,
    /// The update rule.
    pub rule: Rule,
    /// Whether the rule was written in `_index.md` (else the default for the title).
    pub rule_written: bool,
    /// The 否决 line it counts against.
    pub class: Class,
    /// Newest 发布日期 on or before today (`YYYY-MM-DD`).
    pub newest: Option<String>,
    /// Days since the newest document.
    pub days_since: Option<i64>,
    /// Days left before the section goes stale (negative: days overdue).
    pub days_left: Option<i64>,
    /// The rule's length in days counted from the newest document (for the chart).
    pub rule_days: Option<i64>,
    /// State on the day.
    pub status: Status,
}

/// A count against a 单项否决 line.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Veto {
    /// What is counted.
    pub label: String,
    /// How many there are.
    pub count: usize,
    /// The line (reaching it makes the site 不合格).
    pub threshold: usize,
}

impl Veto {
    /// Whether the line is reached.
    pub fn reached(&self) -> bool {
        self.count >= self.threshold
    }
}

/// The freshness of the whole site on one day.
#[derive(Debug, Clone, Serialize)]
pub struct Freshness {
    /// The day (`YYYY-MM-DD`).
    pub today: String,
    /// Newest 发布日期 of the site (what the home page lists first).
    pub home_newest: Option<String>,
    /// Days since the home page's newest document.
    pub home_days_since: Option<i64>,
    /// Days the home page has left (negative: overdue).
    pub home_days_left: Option<i64>,
    /// Every section except the home section, in site order.
    pub sections: Vec<SectionFreshness>,
    /// The four 否决 counts: 首页, 超期栏目, 应更新未更新, 空白栏目.
    pub vetoes: Vec<Veto>,
}

/// Works out every section's freshness on `today` and the problems: empty sections are errors,
/// stale sections and reached 否决 lines warnings, unreadable `update_within` errors.
pub fn check(site: &Site, today: Date) -> (Freshness, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let published = |d: usize| {
        let date = site.docs[d].source.meta.date.date();
        (date <= today).then_some(date)
    };
    let mut sections = Vec::new();
    for s in site.sections.iter().skip(1) {
        let (rule, rule_written) = match s.update_within.as_deref().map(Rule::parse) {
            Some(Ok(rule)) => (rule, true),
            Some(Err(message)) => {
                found.push(
                    Diagnostic::error(&s.file, 0, 0, message)
                        .with_field("update_within（更新周期）"),
                );
                (Rule::for_title(&s.title), false)
            }
            None => (Rule::for_title(&s.title), false),
        };
        // A section holding only sub-sections is judged through them, unless it has its own rule.
        let container = !s.children.is_empty() && s.docs.is_empty();
        let rule = if container && !rule_written {
            Rule::None
        } else {
            rule
        };
        let timely = ["动态", "要闻", "新闻", "通知", "公告", "政策文件"]
            .iter()
            .any(|w| s.title.contains(w));
        let class = match rule {
            Rule::None => Class::Unruled,
            _ if timely => Class::Timely,
            _ => Class::Other,
        };
        let newest = s.all_docs.iter().filter_map(|&d| published(d)).max();
        let empty = s.all_docs.is_empty() && s.intro.trim().is_empty() && s.children.is_empty();
        let deadline = newest
            .zip(rule.span())
            .and_then(|(n, span)| n.checked_add(span).ok());
        let days_left = deadline.map(|d| days_between(today, d));
        let status = if empty {
            Status::Empty
        } else if rule == Rule::None {
            Status::Unruled
        } else {
            match days_left {
                Some(left) if left < 0 => Status::Stale,
                Some(left) if left <= 14 => Status::DueSoon,
                Some(_) => Status::Fresh,
                // Has text but no dated document yet, and should be updated.
                None => Status::Stale,
            }
        };
        sections.push(SectionFreshness {
            dir: s.dir.clone(),
            file: s.file.clone(),
            title: s.title.clone(),
            rule,
            rule_written,
            class,
            newest: newest.map(|d| d.to_string()),
            days_since: newest.map(|n| days_between(n, today)),
            days_left,
            rule_days: newest.zip(deadline).map(|(n, d)| days_between(n, d)),
            status,
        });
    }
    for s in &sections {
        let rule = s.rule.describe();
        match (s.status, &s.newest, s.days_left) {
            (Status::Empty, ..) => found.push(Diagnostic::error(
                &s.file,
                0,
                0,
                format!("栏目时效：栏目 “{}” 是空白栏目（没有文档，_index.md 也没有正文）：应发布内容或删除该栏目（空白栏目 ≥{VETO_EMPTY} 个即单项否决）", s.title),
            )),
            (Status::Stale, Some(newest), Some(left)) => found.push(Diagnostic::warning(
                &s.file,
                0,
                0,
                format!("栏目时效：栏目 “{}” 应每 {rule}至少更新一次，最新发布日期为 {newest}，已超期 {} 天", s.title, -left),
            )),
            (Status::Stale, ..) => found.push(Diagnostic::warning(
                &s.file,
                0,
                0,
                format!("栏目时效：栏目 “{}” 应每 {rule}至少更新一次，至今没有已发布的文档", s.title),
            )),
            _ => {}
        }
    }
    let home_newest = site
        .docs
        .iter()
        .enumerate()
        .filter_map(|(d, _)| published(d))
        .max();
    let home_days_since = home_newest.map(|n| days_between(n, today));
    let count = |f: &dyn Fn(&SectionFreshness) -> bool| sections.iter().filter(|s| f(s)).count();
    let vetoes = vec![
        Veto {
            label: format!("首页超过 {HOME_DAYS} 天未更新"),
            count: usize::from(home_days_since.is_none_or(|d| d > HOME_DAYS)),
            threshold: 1,
        },
        Veto {
            label: "动态、要闻类 2 周、通知公告和政策文件类 6 个月未更新的栏目".into(),
            count: count(&|s| s.status == Status::Stale && s.class == Class::Timely),
            threshold: VETO_STALE,
        },
        Veto {
            label: "其他应更新而未更新的栏目".into(),
            count: count(&|s| s.status == Status::Stale && s.class == Class::Other),
            threshold: VETO_NOT_UPDATED,
        },
        Veto {
            label: "空白栏目".into(),
            count: count(&|s| s.status == Status::Empty),
            threshold: VETO_EMPTY,
        },
    ];
    for v in vetoes.iter().filter(|v| v.reached()) {
        let detail = if v.threshold == 1 {
            match &home_newest {
                Some(n) => format!(
                    "首页最新文档的发布日期为 {n}，已 {} 天",
                    home_days_since.unwrap_or_default()
                ),
                None => "站点还没有已发布的文档".into(),
            }
        } else {
            format!("共 {} 个，达到 {} 个", v.count, v.threshold)
        };
        found.push(Diagnostic::warning(
            std::path::Path::new("content"),
            0,
            0,
            format!("栏目时效：单项否决：{}（{detail}），按国办秘函〔2019〕19号检查指标，网站将被判为不合格", v.label),
        ));
    }
    let freshness = Freshness {
        today: today.to_string(),
        home_newest: home_newest.map(|d| d.to_string()),
        home_days_since,
        home_days_left: home_days_since.map(|d| HOME_DAYS - d),
        sections,
        vetoes,
    };
    (freshness, found)
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map_or(0, |span| i64::from(span.get_days()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_in_both_languages() {
        assert_eq!(Rule::parse("14d"), Ok(Rule::Days(14)));
        assert_eq!(Rule::parse("2w"), Ok(Rule::Days(14)));
        assert_eq!(Rule::parse("6mo"), Ok(Rule::Months(6)));
        assert_eq!(Rule::parse("6个月"), Ok(Rule::Months(6)));
        assert_eq!(Rule::parse("1y"), Ok(Rule::Months(12)));
        assert_eq!(Rule::parse("none"), Ok(Rule::None));
        assert!(Rule::parse("soon").is_err());
        assert!(Rule::parse("0d").is_err());
    }

    #[test]
    fn defaults_follow_the_title() {
        assert_eq!(Rule::for_title("工作动态"), Rule::Days(14));
        assert_eq!(Rule::for_title("政策文件"), Rule::Months(6));
        assert_eq!(Rule::for_title("政府信息公开指南"), Rule::None);
        assert_eq!(Rule::for_title("政府信息公开制度"), Rule::None);
    }

    #[test]
    fn days_between_counts_calendar_days() {
        let a = jiff::civil::date(2024, 1, 1);
        assert_eq!(days_between(a, jiff::civil::date(2024, 3, 1)), 60);
        assert_eq!(days_between(jiff::civil::date(2024, 3, 1), a), -60);
    }
}
