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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocDate {
    /// Local date and time (midnight when only a date was given).
    pub local: DateTime,
    /// The offset the date was written in.
    pub offset: Offset,
    /// Whether a time of day was given.
    pub has_time: bool,
    /// The instant, computed once: listings sort by it many times.
    instant: Timestamp,
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
    /// `Z`, and `2021年1月19日`. Returns a short Chinese reason on failure.
    pub fn parse(text: &str) -> Result<DocDate, String> {
        let text = text.trim();
        if let Some(d) = parse_chinese(text) {
            return Ok(DocDate::from_date(d?));
        }
        let (main, offset) = split_offset(text)?;
        let main = main.replacen(' ', "T", 1);
        if main.len() <= 10 {
            let date: Date = main.parse().map_err(|_| reason(&main))?;
            return Ok(DocDate::new(
                date.to_datetime(jiff::civil::Time::midnight()),
                offset.unwrap_or_else(china_offset),
                false,
            ));
        }
        let local: DateTime = main.parse().map_err(|_| reason(&main))?;
        Ok(DocDate::new(
            local,
            offset.unwrap_or_else(china_offset),
            true,
        ))
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
        format!(
            "{}{}",
            self.local.strftime("%Y-%m-%dT%H:%M:%S"),
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
        self.local.strftime("%Y-%m-%d %H:%M").to_string()
    }

    /// `2021-01-19`
    pub fn ymd(&self) -> String {
        self.date().strftime("%Y-%m-%d").to_string()
    }

    /// The view templates receive.
    pub fn view(&self) -> DateView {
        DateView {
            iso: self.iso(),
            display: self.display(),
            pub_date: self.pub_date(),
            ymd: self.ymd(),
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
    let parts: Vec<&str> = text.split(['-', 'T']).collect();
    if let (Some(m), Some(d)) = (parts.get(1), parts.get(2)) {
        if m.parse::<u8>().is_ok_and(|m| !(1..=12).contains(&m)) {
            return format!("月份 {m} 不存在");
        }
        if d.get(..2)
            .and_then(|d| d.parse::<u8>().ok())
            .is_some_and(|d| !(1..=31).contains(&d))
        {
            return format!("日 {} 不存在", &d[..2]);
        }
        return "该日期不存在或格式不对".into();
    }
    "格式不对".into()
}

/// Splits a trailing `Z` / `+08:00` / `+0800` offset from a date-time.
fn split_offset(text: &str) -> Result<(String, Option<Offset>), String> {
    if let Some(main) = text.strip_suffix('Z') {
        return Ok((main.to_string(), Some(Offset::UTC)));
    }
    if text.len() > 10 {
        if let Some(pos) = text[10..].rfind(['+', '-']).map(|p| p + 10) {
            let off = &text[pos..];
            let digits: String = off[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()) {
                let h: i32 = digits[..2].parse().unwrap_or(0);
                let m: i32 = digits[2..].parse().unwrap_or(0);
                let secs = (h * 3600 + m * 60) * if off.starts_with('-') { -1 } else { 1 };
                let offset = Offset::from_seconds(secs).map_err(|_| "时区无效".to_string())?;
                return Ok((text[..pos].to_string(), Some(offset)));
            }
            return Err(format!("时区 “{off}” 无效"));
        }
    }
    Ok((text.to_string(), None))
}

/// `2021年1月19日` → Some(Ok(date)); not in that form → None.
fn parse_chinese(text: &str) -> Option<Result<Date, String>> {
    let rest = text.strip_suffix('日')?;
    let (y, rest) = rest.split_once('年')?;
    let (m, d) = rest.split_once('月')?;
    let nums: Option<Vec<i16>> = [y, m, d].iter().map(|s| s.trim().parse().ok()).collect();
    let nums = nums?;
    Some(Date::new(nums[0], nums[1] as i8, nums[2] as i8).map_err(|_| "该日期不存在".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        let d = DocDate::parse("2021-01-19").unwrap();
        assert_eq!(d.iso(), "2021-01-19T00:00:00+08:00");
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
}
