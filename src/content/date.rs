//! Dates of documents (发布日期, 成文日期): parsed from the forms webmasters write, kept in the
//! document's own offset (+08:00 when none is given), and written out the ways pages need them.

use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use jiff::Timestamp;
use serde::Serialize;

/// China Standard Time, the offset used when a date has none.
pub fn china_offset() -> Offset {
    Offset::constant(8)
}

/// A document date, with or without a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct DocDate {
    /// Local date and time (midnight when only a date was given).
    pub local: DateTime,
    /// The offset the date was written in.
    #[serde(with = "offset_seconds")]
    pub offset: Offset,
    /// Whether a time of day was given.
    pub has_time: bool,
    /// The instant, computed once: listings sort by it many times.
    instant: Timestamp,
}

/// An offset written as its seconds east of UTC (what the build cache keeps).
mod offset_seconds {
    use super::Offset;

    /// Writes `offset` as seconds.
    pub fn serialize<S: serde::Serializer>(offset: &Offset, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(offset.seconds())
    }

    /// Reads an offset written by [`serialize`].
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Offset, D::Error> {
        let seconds: i32 = serde::Deserialize::deserialize(d)?;
        Offset::from_seconds(seconds).map_err(serde::de::Error::custom)
    }
}

impl PartialOrd for DocDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DocDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.instant.cmp(&other.instant)
    }
}

impl DocDate {
    /// Parses `2021-01-19`, `2021-01-19 17:11[:57]`, `2021-01-19T17:11:57[+08:00]`, RFC 3339 with
    /// `Z`, `2021-1-9`, `2021.01.19`, `2021/1/19`, and the forms 公文 write 成文日期 in:
    /// `2021年1月19日`, `二〇二一年一月十九日` (〇, ○ or 零), full-width digits, with or without
    /// spaces. Returns a short Chinese reason on failure.
    pub fn parse(text: &str) -> Result<DocDate, String> {
        let text = canonical(text)?;
        let (main, offset) = split_offset(&text)?;
        let main = main.replacen(' ', "T", 1);
        let offset = offset.unwrap_or_else(china_offset);
        let (local, has_time) = if main.len() <= 10 {
            let date: Date = main.parse().map_err(|_| reason(&main))?;
            (date.to_datetime(jiff::civil::Time::midnight()), false)
        } else {
            (main.parse().map_err(|_| reason(&main))?, true)
        };
        if !(1000..=9999).contains(&local.year()) {
            return Err(format!("年份 {} 应为四位数", local.year()));
        }
        Ok(DocDate::new(local, offset, has_time))
    }

    /// A date at midnight, +08:00.
    pub fn from_date(date: Date) -> DocDate {
        DocDate::new(
            date.to_datetime(jiff::civil::Time::midnight()),
            china_offset(),
            false,
        )
    }

    /// Now, in +08:00.
    pub fn now() -> DocDate {
        let local = china_offset().to_datetime(Timestamp::now());
        DocDate::new(
            local.with().subsec_nanosecond(0).build().unwrap_or(local),
            china_offset(),
            true,
        )
    }

    /// The instant this date stands for.
    pub fn timestamp(&self) -> Timestamp {
        self.instant
    }

    fn new(local: DateTime, offset: Offset, has_time: bool) -> DocDate {
        let instant = offset.to_timestamp(local).unwrap_or(Timestamp::UNIX_EPOCH);
        DocDate {
            local,
            offset,
            has_time,
            instant,
        }
    }

    /// Calendar date.
    pub fn date(&self) -> Date {
        self.local.date()
    }

    /// Year.
    pub fn year(&self) -> i16 {
        self.local.year()
    }

    /// `2021-01-19T17:11:57+08:00`
    pub fn iso(&self) -> String {
        self.iso_after(&self.ymd())
    }

    /// [`DocDate::iso`] from the date's [`DocDate::ymd`].
    fn iso_after(&self, ymd: &str) -> String {
        let t = self.local.time();
        format!(
            "{ymd}T{:02}:{:02}:{:02}{}",
            t.hour(),
            t.minute(),
            t.second(),
            format_offset(self.offset)
        )
    }

    /// `2021年1月19日` (GB/T 9704: full year, no leading zeros).
    pub fn display(&self) -> String {
        let d = self.date();
        format!("{}年{}月{}日", d.year(), d.month(), d.day())
    }

    /// `2021-01-19 17:11` for `<meta name="PubDate">` (A4).
    pub fn pub_date(&self) -> String {
        self.pub_date_after(&self.ymd())
    }

    /// [`DocDate::pub_date`] from the date's [`DocDate::ymd`].
    fn pub_date_after(&self, ymd: &str) -> String {
        let t = self.local.time();
        format!("{ymd} {:02}:{:02}", t.hour(), t.minute())
    }

    /// `2021-01-19`
    pub fn ymd(&self) -> String {
        // Written by hand: `strftime` reads its format string for every date of every listing.
        let d = self.date();
        match d.year() {
            year @ 0..=9999 => format!("{year:04}-{:02}-{:02}", d.month(), d.day()),
            _ => d.strftime("%Y-%m-%d").to_string(),
        }
    }

    /// The view templates receive.
    pub fn view(&self) -> DateView {
        let ymd = self.ymd();
        DateView {
            iso: self.iso_after(&ymd),
            display: self.display(),
            pub_date: self.pub_date_after(&ymd),
            ymd,
        }
    }
}

/// A date as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// RFC 3339.
    pub iso: String,
    /// `2021年1月19日`
    pub display: String,
    /// `2021-01-19 17:11`
    #[serde(rename = "pub")]
    pub pub_date: String,
    /// `2021-01-19`
    pub ymd: String,
}

fn format_offset(o: Offset) -> String {
    let secs = o.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

fn reason(text: &str) -> String {
    let (date, time) = text.split_once('T').unwrap_or((text, ""));
    let [y, m, d] = date.split('-').collect::<Vec<_>>()[..] else {
        return "格式不对".into();
    };
    if y.len() != 4 && !y.is_empty() && y.bytes().all(|b| b.is_ascii_digit()) {
        return format!("年份 {y} 应为四位数");
    }
    let number = |s: &str| s.parse::<i8>().ok().filter(|_| s.len() <= 2);
    let (Ok(year), Some(month), Some(day)) = (y.parse::<i16>(), number(m), number(d)) else {
        return "格式不对".into();
    };
    if !(1..=12).contains(&month) {
        return format!("月份 {m} 不存在");
    }
    if !(1..=31).contains(&day) {
        return format!("日 {d} 不存在");
    }
    match Date::new(year, month, 1) {
        Ok(first) if day > first.days_in_month() => format!(
            "{year}年{month}月{day}日不存在：{year}年{month}月只有 {} 天",
            first.days_in_month()
        ),
        _ if !time.is_empty() => format!("时间 “{time}” 无效：应为 HH:MM 或 HH:MM:SS"),
        _ => "格式不对".into(),
    }
}

/// The largest offsets in use (UTC−12:00, UTC+14:00); anything beyond is a typing error.
const OFFSET_RANGE: std::ops::RangeInclusive<i32> = -12 * 3600..=14 * 3600;

/// Splits a trailing `Z` / `+08:00` / `+0800` offset from a date-time.
fn split_offset(text: &str) -> Result<(String, Option<Offset>), String> {
    if let Some(main) = text.strip_suffix('Z') {
        return Ok((main.to_string(), Some(Offset::UTC)));
    }
    // An offset follows a time of day: `99999999-01-01` has none.
    let has_time = text.get(10..).is_some_and(|t| t.starts_with(['T', ' ']));
    if let Some(tail) = text.get(10..).filter(|_| has_time) {
        if let Some(pos) = tail.rfind(['+', '-']).map(|p| p + 10) {
            let off = &text[pos..];
            let digits: String = off[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()) {
                let h: i32 = digits[..2].parse().unwrap_or(0);
                let m: i32 = digits[2..].parse().unwrap_or(0);
                let secs = (h * 3600 + m * 60) * if off.starts_with('-') { -1 } else { 1 };
                let offset = Some(secs)
                    .filter(|s| m < 60 && OFFSET_RANGE.contains(s))
                    .and_then(|s| Offset::from_seconds(s).ok())
                    .ok_or_else(|| {
                        format!("时区 “{off}” 无效：应在 -12:00 到 +14:00 之间，如 +08:00")
                    })?;
                return Ok((text[..pos].to_string(), Some(offset)));
            }
            return Err(format!("时区 “{off}” 无效"));
        }
    }
    Ok((text.to_string(), None))
}

/// The text with its date part rewritten as `YYYY-MM-DD` and the rest (time, offset) kept, for
/// the ISO parser. Full-width digits and punctuation become ASCII. Anything left that is not ASCII
/// is an error: dates are digits and separators.
fn canonical(text: &str) -> Result<String, String> {
    let text: String = text.trim().chars().map(half_width).collect();
    let text = text.trim();
    let text = match text.split_once('年') {
        Some((year, rest)) => chinese_date(year, rest)?,
        None => pad_date(text),
    };
    match text.chars().find(|c| !c.is_ascii()) {
        Some(c) => Err(format!("无法识别的字符 “{c}”")),
        None => Ok(text),
    }
}

/// Full-width ASCII forms (`２０２１`, `－`, `：`) and the ideographic space as ASCII.
fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

/// `2021年1月19日[ 17:11]` and `二〇二一年一月十九日` as `2021-01-19[ 17:11]`. Month and day are
/// written out as they are, so that `十三月` is reported as month 13 by the ISO parser.
fn chinese_date(year: &str, rest: &str) -> Result<String, String> {
    let expected = "应为 2021年1月19日 或 二〇二一年一月十九日 的形式";
    let (month, rest) = rest
        .split_once('月')
        .ok_or_else(|| format!("缺少 “月”：{expected}"))?;
    let (day, time) = rest
        .split_once(['日', '号'])
        .ok_or_else(|| format!("缺少 “日”：{expected}"))?;
    let year = year.trim();
    let y = (year.chars().count() == 4)
        .then(|| positional_number(year))
        .flatten()
        .ok_or_else(|| format!("年份 “{year}” 无法识别：{expected}"))?;
    let [m, d] = [("月份", month.trim()), ("日", day.trim())].map(|(what, part)| {
        chinese_number(part).ok_or_else(|| format!("{what} “{part}” 无法识别：{expected}"))
    });
    let (m, d) = (m?, d?);
    let time = time.trim();
    Ok(if time.is_empty() {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02} {time}")
    })
}

/// The value of one digit: `0`–`9`, `〇` `○` `零` (and the letter O some documents type for it),
/// `一`–`九`.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '〇' | '○' | '零' | 'O' | 'o' => Some(0),
        _ => "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|i| i as u32 + 1),
    }
}

/// Digits written one after another (`2021`, `二〇二一`, `二0二一`), at most four.
fn positional_number(s: &str) -> Option<u32> {
    if s.is_empty() || s.chars().count() > 4 {
        return None;
    }
    s.chars().try_fold(0, |n, c| Some(n * 10 + digit(c)?))
}

/// A month or day: digits (`19`, `〇九`) or a number with 十 (`十`, `十二`, `二十`, `三十一`).
fn chinese_number(s: &str) -> Option<u32> {
    let Some((tens, ones)) = s.split_once('十') else {
        return positional_number(s).filter(|_| s.chars().count() <= 2);
    };
    let tens = match tens {
        "" => 1,
        t if t.chars().count() == 1 => digit(t.chars().next()?)?,
        _ => return None,
    };
    let ones = match ones {
        "" => 0,
        o if o.chars().count() == 1 => digit(o.chars().next()?)?,
        _ => return None,
    };
    Some(tens * 10 + ones)
}

/// `2021-1-9`, `2021.1.19`, `2021/01/19` (date part, before a space or `T`) as `2021-01-19`;
/// other text is returned as it is.
fn pad_date(text: &str) -> String {
    let end = text.find([' ', 'T']).unwrap_or(text.len());
    let (date, rest) = (&text[..end], &text[end..]);
    let Some(sep) = date.chars().find(|c| matches!(c, '-' | '.' | '/')) else {
        return text.to_string();
    };
    let parts: Vec<&str> = date.split(sep).collect();
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    match parts[..] {
        [y, m, d] if digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2) => {
            format!("{y}-{m:0>2}-{d:0>2}{rest}")
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        let d = DocDate::parse("2021-01-19").unwrap();
        assert_eq!(d.iso(), "2021-01-19T00:00:00+08:00");
        // The hand-written forms are strftime's, for any year a document can have.
        for (y, m, day, h, min, sec) in [
            (1, 1, 1, 0, 0, 0),
            (999, 12, 31, 23, 59, 59),
            (2021, 2, 3, 4, 5, 6),
            (9999, 7, 8, 9, 10, 11),
        ] {
            let local = jiff::civil::date(y, m, day).at(h, min, sec, 0);
            let d = DocDate::new(local, china_offset(), true);
            assert_eq!(
                d.iso(),
                format!("{}+08:00", local.strftime("%Y-%m-%dT%H:%M:%S"))
            );
            assert_eq!(d.pub_date(), local.strftime("%Y-%m-%d %H:%M").to_string());
            assert_eq!(d.ymd(), local.strftime("%Y-%m-%d").to_string());
        }
        assert!(!d.has_time);
        let d = DocDate::parse("2021-01-19 17:11:57").unwrap();
        assert_eq!(d.pub_date(), "2021-01-19 17:11");
        let d = DocDate::parse("2023-12-14T17:20:00+08:00").unwrap();
        assert_eq!(d.display(), "2023年12月14日");
        let d = DocDate::parse("2021-01-19T09:00:00Z").unwrap();
        assert_eq!(d.iso(), "2021-01-19T09:00:00+00:00");
        assert_eq!(DocDate::parse("2021年4月3日").unwrap().ymd(), "2021-04-03");
    }

    #[test]
    fn rejects_impossible_dates() {
        let e = DocDate::parse("2021-13-45").unwrap_err();
        assert!(e.contains("月份 13"), "{e}");
        assert!(DocDate::parse("2021-02-30").is_err());
        assert!(DocDate::parse("yesterday").is_err());
    }

    fn ymd(text: &str) -> String {
        match DocDate::parse(text) {
            Ok(d) => d.ymd(),
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[test]
    fn parses_chinese_numeral_dates() {
        assert_eq!(ymd("二〇二一年一月十九日"), "2021-01-19");
        assert_eq!(ymd("二○一九年八月十八日"), "2019-08-18");
        assert_eq!(ymd("二零一九年八月十八日"), "2019-08-18");
        assert_eq!(ymd("二〇二〇年十二月二十五日"), "2020-12-25");
        assert_eq!(ymd("二〇〇六年十二月三十日"), "2006-12-30");
        assert_eq!(ymd("二〇二一年十月三十一日"), "2021-10-31");
        assert_eq!(ymd("二〇二一年十一月十日"), "2021-11-10");
        assert_eq!(ymd("二〇二一年二月二十日"), "2021-02-20");
        assert_eq!(ymd("二O二一年一月十九日"), "2021-01-19");
        assert_eq!(ymd(" 二〇二一 年 一 月 十九 日 "), "2021-01-19");
        assert!(!DocDate::parse("二〇二一年一月十九日").unwrap().has_time);
    }

    #[test]
    fn parses_digit_and_full_width_forms() {
        assert_eq!(ymd("2019年8月18日"), "2019-08-18");
        assert_eq!(ymd("2019 年 8 月 18 日"), "2019-08-18");
        assert_eq!(ymd("2019年08月08日"), "2019-08-08");
        assert_eq!(ymd("２０２１年１月１９日"), "2021-01-19");
        assert_eq!(ymd("２０２１－０１－１９"), "2021-01-19");
        assert_eq!(ymd("2021.01.19"), "2021-01-19");
        assert_eq!(ymd("2021/1/19"), "2021-01-19");
        assert_eq!(ymd("2021-1-9"), "2021-01-09");
        let d = DocDate::parse("2021/1/9 17:11").unwrap();
        assert_eq!(d.pub_date(), "2021-01-09 17:11");
        let d = DocDate::parse("2021年1月19日 17:11").unwrap();
        assert_eq!(d.pub_date(), "2021-01-19 17:11");
    }

    #[test]
    fn rejects_impossible_chinese_dates_with_reason() {
        let e = DocDate::parse("二〇二一年十三月一日").unwrap_err();
        assert!(e.contains("月份 13"), "{e}");
        let e = DocDate::parse("二〇二一年二月三十日").unwrap_err();
        assert!(e.contains("不存在"), "{e}");
        let e = DocDate::parse("二〇二一年一月").unwrap_err();
        assert!(e.contains("缺少 “日”"), "{e}");
        let e = DocDate::parse("二一年一月十九日").unwrap_err();
        assert!(e.contains("年份"), "{e}");
        let e = DocDate::parse("二〇二一年一月四十四日").unwrap_err();
        assert!(e.contains("日 44"), "{e}");
        let e = DocDate::parse("二〇二一年一月十九十日").unwrap_err();
        assert!(e.contains("日 “十九十”"), "{e}");
        let e = DocDate::parse("2021-01-19 下午").unwrap_err();
        assert!(e.contains("无法识别的字符 “下”"), "{e}");
        assert!(DocDate::parse("2021.13.1").is_err());
        assert!(DocDate::parse("2021/1").is_err());
        let e = DocDate::parse("0021-01-19").unwrap_err();
        assert!(e.contains("年份 21 应为四位数"), "{e}");
    }

    #[test]
    fn says_why_a_date_or_offset_is_impossible() {
        let cases = [
            ("2021-02-29", "2021年2月29日不存在：2021年2月只有 28 天"),
            (
                "二〇二一年四月三十一日",
                "2021年4月31日不存在：2021年4月只有 30 天",
            ),
            ("2021-01-01 25:61", "时间 “25:61” 无效"),
            ("2021-01-01T10:00:00+25:00", "时区 “+25:00” 无效"),
            ("2021-01-01T10:00:00+08:61", "时区 “+08:61” 无效"),
            ("2021-01-01T10:00:00-13:00", "时区 “-13:00” 无效"),
            ("99999999-01-01", "年份 99999999 应为四位数"),
        ];
        for (text, expected) in cases {
            let e = DocDate::parse(text).unwrap_err();
            assert!(e.contains(expected), "{text}: {e}");
        }
        for text in [
            "2021-01-01T10:00:00+14:00",
            "2021-01-01T10:00:00-12:00",
            "2020-02-29",
        ] {
            assert!(DocDate::parse(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn non_ascii_text_after_ten_bytes_is_an_error_not_a_panic() {
        for text in [
            "2021-01-19日+08:00",
            "一二三四五六七八九十",
            "2021年",
            "ab年月日",
            "🎉🎉🎉",
        ] {
            assert!(DocDate::parse(text).is_err(), "{text}");
        }
    }
}
