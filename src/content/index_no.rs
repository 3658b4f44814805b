//! 索引号 (REQUIREMENTS A2): the schemes gongkai knows and checks in full, the year inside any
//! scheme, the hint for a scheme it does not know, and the next free 索引号 for new documents
//! (`gongkai new`, `gongkai import`).
//!
//! With no `index_no_pattern` in `config.yaml`, any plausible 索引号 builds: a known scheme is
//! checked (check code, year), an unknown one gives a warning with the pattern line to declare.
//! Once a site declares its pattern, a 索引号 that does not match it is an error.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::config::Config;
use crate::content::date::DocDate;
use crate::diagnostics::Severity;

/// The separators a 索引号 may use between its parts.
const SEPARATORS: [char; 4] = ['/', '-', '_', '.'];

/// Shortest and longest plausible 索引号, in characters.
const LENGTH: (usize, usize) = (4, 60);

/// Serial width used when nothing in use says otherwise.
const DEFAULT_SERIAL_WIDTH: usize = 5;

/// One problem with a 索引号: an error fails the build, a warning does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// How bad it is.
    pub severity: Severity,
    /// What was expected and what was found, in Chinese.
    pub message: String,
}

impl Problem {
    fn error(message: String) -> Self {
        Problem {
            severity: Severity::Error,
            message,
        }
    }

    fn warning(message: String) -> Self {
        Problem {
            severity: Severity::Warning,
            message,
        }
    }
}

/// Checks a 索引号 against the site's declared `index_no_pattern`, or, without one, against the
/// schemes gongkai knows; then its year against the 发布日期 `date` and the 成文日期 `written`
/// (a warning only when it matches neither).
pub fn check_index_no(
    no: &str,
    date: &DocDate,
    written: Option<&DocDate>,
    config: &Config,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let year = match &config.index_no_pattern {
        Some(pattern) => {
            let Some(caps) = pattern.captures(no) else {
                return vec![Problem::error(format!(
                    "索引号格式不对：应符合 config.yaml 中 index_no_pattern 声明的格式 {}，实际为 “{no}”",
                    pattern.as_str()
                ))];
            };
            let declared_year = caps
                .name("year")
                .and_then(|y| y.as_str().get(..4))
                .and_then(|y| y.parse().ok());
            let known = recognise(no).map(|r| {
                out.extend(r.problems);
                r.year
            });
            declared_year.or(known).or_else(|| find_year(no))
        }
        None => {
            if let Some(why) = implausible(no) {
                return vec![Problem::error(format!(
                    "索引号无法识别：应只由半角字母、数字和分隔符 - / _ . 组成，含数字，长 {}–{} 个字符，如 11371500004428004U/2021-4385168，实际为 “{no}”（{why}）",
                    LENGTH.0, LENGTH.1
                ))];
            }
            match recognise(no) {
                Some(r) => {
                    out.extend(r.problems);
                    Some(r.year)
                }
                None => {
                    let year = find_year(no);
                    out.push(Problem::warning(unknown_scheme(no, year.is_some())));
                    year
                }
            }
        }
    };
    if let Some(year) = year {
        if let Some(msg) = year_mismatch(no, year, date, written) {
            out.push(Problem::warning(msg));
        }
    }
    out
}

/// The warning for a plausible 索引号 of a scheme gongkai does not know.
fn unknown_scheme(no: &str, year_checked: bool) -> String {
    let checked = if year_checked {
        "只核对了其中的年份"
    } else {
        "无法核对年份"
    };
    format!(
        "索引号 “{no}” 不是 gongkai 认识的格式（机构代码/年份-流水号、机构代码-年份-流水号、年月日-流水号），{checked}：若这是本站的编号规则，请在 config.yaml 中声明，如 index_no_pattern: '{}'，声明后不符合的索引号会报错",
        suggest_pattern(no)
    )
}

/// The year check: `None` when `year` is the year of the 发布日期 or of the 成文日期.
fn year_mismatch(no: &str, year: i16, date: &DocDate, written: Option<&DocDate>) -> Option<String> {
    if year == date.year() || written.is_some_and(|w| w.year() == year) {
        return None;
    }
    Some(match written {
        Some(w) if w.year() == date.year() => format!(
            "索引号 “{no}” 中的年份 {year} 与发布年份和成文年份 {} 不一致：索引号一般按发布年份编号",
            date.year()
        ),
        Some(w) => format!(
            "索引号 “{no}” 中的年份 {year} 与发布年份 {}、成文年份 {} 都不一致：索引号一般按发布年份（或成文年份）编号",
            date.year(),
            w.year()
        ),
        None => format!(
            "索引号 “{no}” 中的年份 {year} 与发布年份 {} 不一致：索引号一般按发布年份编号",
            date.year()
        ),
    })
}

/// Why a 索引号 cannot be one (default config only), or `None` when it is plausible: ASCII
/// letters and digits with `-` `/` `_` `.` between them, some digits, 4–60 characters.
fn implausible(no: &str) -> Option<String> {
    if let Some(c) = no
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && !SEPARATORS.contains(c))
    {
        return Some(match c {
            ' ' | '\u{3000}' | '\t' => "含有空格".to_string(),
            '\u{ff01}'..='\u{ff5e}' => format!(
                "含有全角字符 “{c}”，应为半角 “{}”",
                char::from_u32(c as u32 - 0xfee0).unwrap_or(c)
            ),
            c if is_han(c) => format!("含有汉字 “{c}”"),
            c => format!("含有字符 “{c}”"),
        });
    }
    let len = no.chars().count();
    if !(LENGTH.0..=LENGTH.1).contains(&len) {
        return Some(format!("长 {len} 个字符"));
    }
    if !no.chars().any(|c| c.is_ascii_digit()) {
        return Some("没有数字".to_string());
    }
    if no.starts_with(SEPARATORS) || no.ends_with(SEPARATORS) {
        return Some("应以字母或数字开头和结尾".to_string());
    }
    None
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// A 索引号 of a scheme gongkai knows: its year and what its checks found.
struct Recognised {
    year: i16,
    problems: Vec<Problem>,
}

/// `机构代码/年份-流水号` (A2): 18-character unified social credit code or 9-character
/// organisation code (`XXXXXXXXX` or `XXXXXXXX-X`).
static CODE_SLASH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<code>[0-9A-Z]{18}|[0-9A-Z]{8}-?[0-9A-Z])/(?P<year>\d{4})-\d{3,10}$")
        .expect("pattern compiles")
});

/// `组织机构代码-年份-流水号`, e.g. `01527918X-2020-153077`.
static CODE_DASH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<code>[0-9A-Z]{18}|[0-9A-Z]{9})-(?P<year>\d{4})-\d{3,10}$")
        .expect("pattern compiles")
});

/// `日期-流水号`, e.g. `20191202-189769`.
static DATE_SERIAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<date>(?:19|20)\d{6})-\d{3,12}$").expect("pattern compiles"));

/// Recognises the schemes gongkai knows and runs their checks (check codes, date).
fn recognise(no: &str) -> Option<Recognised> {
    if let Some(caps) = CODE_SLASH_YEAR
        .captures(no)
        .or_else(|| CODE_DASH_YEAR.captures(no))
    {
        let code = caps.name("code").map_or("", |m| m.as_str());
        let year = caps.name("year").and_then(|y| y.as_str().parse().ok())?;
        return Some(Recognised {
            year,
            problems: check_code(code).map(Problem::warning).into_iter().collect(),
        });
    }
    let caps = DATE_SERIAL.captures(no)?;
    let digits = caps.name("date").map_or("", |m| m.as_str());
    let year = digits.get(..4).and_then(|y| y.parse().ok())?;
    let problems = if date_of_digits(digits).is_some() {
        Vec::new()
    } else {
        vec![Problem::warning(format!(
            "索引号 “{no}” 开头的日期 {digits} 无效：应为 年月日 8 位数字，如 20191202"
        ))]
    };
    Some(Recognised { year, problems })
}

/// The check-code problem of an 18-character credit code or a 9-character organisation code
/// (A2: a wrong check code is a warning).
fn check_code(code: &str) -> Option<String> {
    if code.len() == 18 {
        if let Some(bad) = code.chars().find(|c| !USCC_CHARS.contains(*c)) {
            return Some(format!(
                "机构代码 “{code}” 不是有效的统一社会信用代码（GB 32100）：不使用字母 I、O、S、V、Z，实际含有 “{bad}”"
            ));
        }
        let expected = uscc_check_char(code)?;
        let actual = code.chars().last()?;
        return (expected != actual).then(|| {
            format!(
                "机构代码 “{code}” 的校验码不符（GB 32100）：末位应为 “{expected}”，实际为 “{actual}”，请核对统一社会信用代码"
            )
        });
    }
    let plain: String = code.chars().filter(|c| *c != '-').collect();
    let expected = org_code_check_char(&plain)?;
    let actual = plain.chars().last()?;
    (expected != actual).then(|| {
        format!(
            "组织机构代码 “{code}” 的校验码不符（GB 11714）：末位应为 “{expected}”，实际为 “{actual}”，请核对"
        )
    })
}

/// The character set of unified social credit codes (GB 32100-2015): digits and capital
/// letters without I, O, S, V, Z.
const USCC_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The check character an 18-character unified social credit code should end with (GB 32100),
/// or `None` when its first 17 characters are not of the code's character set.
fn uscc_check_char(code: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let values: Vec<u32> = code
        .chars()
        .map(|c| USCC_CHARS.find(c).map(|v| v as u32))
        .collect::<Option<_>>()?;
    if values.len() != 18 {
        return None;
    }
    let sum: u32 = values[..17].iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    USCC_CHARS.chars().nth(((31 - sum % 31) % 31) as usize)
}

/// Whether an 18-character unified social credit code has the right check character (GB 32100-2015).
#[cfg(test)]
pub fn uscc_check_ok(code: &str) -> bool {
    uscc_check_char(code).is_some_and(|c| code.ends_with(c))
}

/// The check character a 9-character organisation code (GB 11714-1997, written `XXXXXXXXX`
/// without the `-`) should end with, or `None` when it is not 9 digits and capital letters.
fn org_code_check_char(code: &str) -> Option<char> {
    const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let values: Vec<u32> = code
        .chars()
        .map(|c| match c {
            '0'..='9' | 'A'..='Z' => c.to_digit(36),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if values.len() != 9 {
        return None;
    }
    let sum: u32 = values[..8].iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        n => char::from_digit(n, 10)?,
    })
}

/// Whether a 9-character organisation code (GB 11714-1997), `XXXXXXXXX` or `XXXXXXXX-X`, has
/// the right check character.
#[cfg(test)]
pub fn org_code_check_ok(code: &str) -> bool {
    let plain: String = code.chars().filter(|c| *c != '-').collect();
    let dashes_ok = !code.contains('-') || (code.find('-') == Some(8) && code.len() == 10);
    dashes_ok && org_code_check_char(&plain).is_some_and(|c| plain.ends_with(c))
}

/// The year inside a 索引号 of any scheme: the one part (between `-` `/` `_` `.`) that is a
/// year 19xx/20xx, or a date `YYYYMMDD`; `None` when there is none or several disagree.
pub fn find_year(no: &str) -> Option<i16> {
    let mut years = no.split(SEPARATORS).filter_map(|part| match part.len() {
        4 => plausible_year(part),
        8 => date_of_digits(part).map(|d| d.year()),
        _ => None,
    });
    let first = years.next()?;
    years.all(|y| y == first).then_some(first)
}

/// `2021` → 2021 when the text is a year 19xx or 20xx.
fn plausible_year(text: &str) -> Option<i16> {
    let ok = text.len() == 4
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text.starts_with("19") || text.starts_with("20"));
    ok.then(|| text.parse().ok()).flatten()
}

/// `20191202` → that date, when the 8 digits are a real date of 19xx or 20xx.
fn date_of_digits(text: &str) -> Option<jiff::civil::Date> {
    plausible_year(text.get(..4)?)?;
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<i8>().ok());
    jiff::civil::Date::new(text.get(..4)?.parse().ok()?, num(4..6)?, num(6..8)?).ok()
}

/// A regular expression for 索引号 of the same shape as `no`, to declare as `index_no_pattern`:
/// runs of capital letters become `[A-Z]{n}`, of small letters `[a-z]{n}`, of digits `\d{n}`;
/// separators are kept (`.` escaped).
/// `XX00101-1700-2023-00075` → `^[A-Z]{2}\d{5}-\d{4}-\d{4}-\d{5}$`.
pub fn suggest_pattern(no: &str) -> String {
    let class = |c: char| match c {
        'A'..='Z' => Some("[A-Z]"),
        'a'..='z' => Some("[a-z]"),
        '0'..='9' => Some(r"\d"),
        _ => None,
    };
    let mut out = String::from("^");
    let mut chars = no.chars().peekable();
    while let Some(c) = chars.next() {
        match class(c) {
            Some(cls) => {
                let mut n = 1;
                while chars.peek().is_some_and(|&d| class(d) == Some(cls)) {
                    chars.next();
                    n += 1;
                }
                out.push_str(cls);
                if n > 1 {
                    out.push_str(&format!("{{{n}}}"));
                }
            }
            None if matches!(c, '-' | '/' | '_') => out.push(c),
            None => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out.push('$');
    out
}

/// The next free 索引号 of `year` for a new document (`gongkai new`, `gongkai import`).
///
/// The prefix is `config.index_no_prefix` (read as [`prefix_of_config`] says), or, when that is
/// empty, the prefix most used by the section's 索引号 `in_section` (the part before the
/// `年份-流水号` ending); `None` when there is neither (nothing to number after). The serial is
/// one more than the highest of that prefix and year among `all_existing` (the whole site, so
/// the result is free site-wide), in the width in use.
pub fn next_index_no(
    config: &Config,
    all_existing: &[&str],
    in_section: &[&str],
    year: i16,
) -> Option<String> {
    let prefix = if config.index_no_prefix.trim().is_empty() {
        most_common_prefix(in_section)?
    } else {
        prefix_of_config(&config.index_no_prefix)
    };
    Some(next_with_prefix(&prefix, year, all_existing))
}

/// How `index_no_prefix` is read: a prefix ending in a separator (`XX00101-1700-`,
/// `11371500004428004U/`) is followed directly by `年份-流水号`; a bare code
/// (`11371500004428004U`, `000014349`) is followed by `/年份-流水号` (A2).
pub fn prefix_of_config(prefix: &str) -> String {
    let prefix = prefix.trim();
    if prefix.ends_with(SEPARATORS) {
        prefix.to_string()
    } else {
        format!("{prefix}/")
    }
}

/// `{prefix}{year}-{serial}` with the serial one more than the highest in use for that prefix
/// and year among `existing`. Width: that of the serials of this year, else of zero-padded
/// serials of the same prefix in other years, else 5.
pub fn next_with_prefix(prefix: &str, year: i16, existing: &[&str]) -> String {
    let same_prefix: Vec<(i16, &str)> = existing
        .iter()
        .filter_map(|no| year_serial_tail(no))
        .filter(|(p, _, _)| *p == prefix)
        .map(|(_, y, serial)| (y, serial))
        .collect();
    let this_year = || same_prefix.iter().filter(|(y, _)| *y == year);
    let width = this_year()
        .map(|(_, s)| s.len())
        .max()
        .or_else(|| {
            same_prefix
                .iter()
                .filter(|(_, s)| s.starts_with('0'))
                .map(|(_, s)| s.len())
                .max()
        })
        .unwrap_or(DEFAULT_SERIAL_WIDTH);
    let next = this_year()
        .filter_map(|(_, s)| s.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    format!("{prefix}{year}-{next:0width$}")
}

/// The prefix most used among `index_nos` (ties: the greatest), from those ending in
/// `年份-流水号`.
fn most_common_prefix(index_nos: &[&str]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (prefix, _, _) in index_nos.iter().filter_map(|no| year_serial_tail(no)) {
        *counts.entry(prefix).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(p, _)| p.to_string())
}

/// Splits a 索引号 ending in `年份-流水号` after a separator: `XX00101-1700-2023-00075` →
/// (`XX00101-1700-`, 2023, `00075`), `000014349/2019-00004` → (`000014349/`, 2019, `00004`).
fn year_serial_tail(no: &str) -> Option<(&str, i16, &str)> {
    let (head, serial) = no.rsplit_once('-')?;
    if serial.is_empty() || !serial.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let split = head.len().checked_sub(4)?;
    let year = plausible_year(head.get(split..)?)?;
    let prefix = head.get(..split)?;
    (prefix.len() > 1 && prefix.ends_with(SEPARATORS)).then_some((prefix, year, serial))
}

#[cfg(test)]
#[path = "index_no_tests.rs"]
mod tests;
