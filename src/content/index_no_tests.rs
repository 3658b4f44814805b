//! Unit tests of the 索引号 schemes, their checks and the next free serial.

use std::path::Path;

use super::*;
use crate::diagnostics::Diagnostics;

fn config(yaml: &str) -> Config {
    let mut diags = Diagnostics::new();
    let c = Config::parse(yaml, Path::new("config.yaml"), &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    c
}

fn date(text: &str) -> DocDate {
    DocDate::parse(text).unwrap()
}

/// The problems of `no` published on `published` and written on `written`, default config.
fn check(no: &str, published: &str, written: Option<&str>) -> Vec<Problem> {
    check_with(&Config::default(), no, published, written)
}

fn check_with(c: &Config, no: &str, published: &str, written: Option<&str>) -> Vec<Problem> {
    let written = written.map(date);
    check_index_no(no, &date(published), written.as_ref(), c)
}

/// The single problem of a check, which must have `severity`.
#[track_caller]
fn only(problems: Vec<Problem>, severity: Severity) -> String {
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].severity, severity, "{problems:?}");
    problems[0].message.clone()
}

#[test]
fn credit_code_scheme() {
    // The seed: written 2020-12-25, published 2021-01-19, numbered in the year of publication.
    assert_eq!(
        check(
            "11371500004428004U/2021-4385168",
            "2021-01-19",
            Some("2020-12-25")
        ),
        []
    );
    let msg = only(
        check("11371500004428004A/2021-4385168", "2021-01-19", None),
        Severity::Warning,
    );
    assert!(
        msg.contains("GB 32100") && msg.contains("末位应为 “U”，实际为 “A”"),
        "{msg}"
    );
    let msg = only(
        check("11371500004428004I/2021-00001", "2021-01-19", None),
        Severity::Warning,
    );
    assert!(
        msg.contains("不使用字母 I、O、S、V、Z") && msg.contains("“I”"),
        "{msg}"
    );
}

#[test]
fn organisation_code_scheme() {
    for no in ["000014349/2019-00004", "00001434-9/2019-00004"] {
        assert_eq!(check(no, "2019-01-30", None), [], "{no}");
    }
    let msg = only(
        check("000014348/2019-00004", "2019-01-30", None),
        Severity::Warning,
    );
    assert!(
        msg.contains("GB 11714") && msg.contains("末位应为 “9”，实际为 “8”"),
        "{msg}"
    );
    // Check character X (remainder 10).
    assert_eq!(check("01527918X-2020-153077", "2020-06-01", None), []);
    let msg = only(
        check("015279180-2020-153077", "2020-06-01", None),
        Severity::Warning,
    );
    assert!(msg.contains("末位应为 “X”"), "{msg}");
}

#[test]
fn check_characters() {
    assert!(uscc_check_ok("11371500004428004U"));
    assert!(uscc_check_ok("11110000123456788X"));
    assert!(!uscc_check_ok("11371500004428004A"));
    assert!(!uscc_check_ok("1137150000442800"));
    assert!(org_code_check_ok("000014349"));
    assert!(org_code_check_ok("00001434-9"));
    assert!(org_code_check_ok("01527918X"));
    assert!(org_code_check_ok("014314799"));
    assert!(!org_code_check_ok("000014348"));
    assert!(!org_code_check_ok("0000-14349"));
    assert!(!org_code_check_ok("00001434"));
}

#[test]
fn date_serial_scheme() {
    assert_eq!(check("20191202-189769", "2019-12-05", None), []);
    let msg = only(
        check("20191302-189769", "2019-12-05", None),
        Severity::Warning,
    );
    assert!(msg.contains("日期 20191302 无效"), "{msg}");
}

#[test]
fn year_matches_either_date() {
    let no = |y: u16| format!("11371500004428004U/{y}-4385168");
    assert_eq!(check(&no(2021), "2021-01-19", Some("2020-12-25")), []);
    assert_eq!(check(&no(2020), "2021-01-19", Some("2020-12-25")), []);
    let msg = only(
        check(&no(2019), "2021-01-19", Some("2020-12-25")),
        Severity::Warning,
    );
    assert!(
        msg.contains("年份 2019 与发布年份 2021、成文年份 2020 都不一致"),
        "{msg}"
    );
    let msg = only(check(&no(2020), "2021-01-19", None), Severity::Warning);
    assert!(msg.contains("年份 2020 与发布年份 2021 不一致"), "{msg}");
    let msg = only(
        check(&no(2020), "2021-01-19", Some("2021-01-04")),
        Severity::Warning,
    );
    assert!(
        msg.contains("年份 2020 与发布年份和成文年份 2021 不一致"),
        "{msg}"
    );
    // The year of other schemes is found too.
    assert_eq!(
        check("20201231-189770", "2021-01-04", Some("2020-12-31")),
        []
    );
    let msg = only(
        check("01527918X-2018-153077", "2020-06-01", None),
        Severity::Warning,
    );
    assert!(msg.contains("年份 2018"), "{msg}");
}

#[test]
fn unknown_scheme_warns_with_a_pattern_to_declare() {
    let msg = only(
        check("XX00101-1700-2023-00075", "2023-03-01", None),
        Severity::Warning,
    );
    assert!(msg.contains("“XX00101-1700-2023-00075”"), "{msg}");
    assert!(msg.contains("只核对了其中的年份"), "{msg}");
    assert!(
        msg.contains(r"index_no_pattern: '^[A-Z]{2}\d{5}-\d{4}-\d{4}-\d{5}$'"),
        "{msg}"
    );
    // Its year is still checked.
    let problems = check("XX00101-1700-2023-00075", "2024-03-01", None);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().all(|p| p.severity == Severity::Warning));
    assert!(problems[1].message.contains("年份 2023 与发布年份 2024"));
    let msg = only(check("ABC-12345", "2023-03-01", None), Severity::Warning);
    assert!(msg.contains("无法核对年份"), "{msg}");
    assert!(msg.contains(r"'^[A-Z]{3}-\d{5}$'"), "{msg}");
}

#[test]
fn implausible_index_no_is_an_error_saying_what_was_expected() {
    for (no, why) in [
        ("索引号2021-00001", "含有汉字 “索”"),
        ("11371500004428004U/2021 4385168", "含有空格"),
        (
            "11371500004428004U／2021-4385168",
            "含有全角字符 “／”，应为半角 “/”",
        ),
        ("ABC-DEF", "没有数字"),
        ("A1", "长 2 个字符"),
        ("-2021-0001", "应以字母或数字开头和结尾"),
        ("2021#0001", "含有字符 “#”"),
    ] {
        let msg = only(check(no, "2021-01-19", None), Severity::Error);
        assert!(msg.contains(why), "{no}: {msg}");
        assert!(msg.contains(&format!("实际为 “{no}”")), "{no}: {msg}");
        assert!(msg.contains("应只由半角字母、数字和分隔符"), "{msg}");
    }
}

#[test]
fn declared_pattern_mismatch_is_an_error() {
    let c = config("index_no_pattern: '^[A-Z]{2}\\d{5}-\\d{4}-\\d{4}-\\d{5}$'\n");
    assert_eq!(
        check_with(&c, "XX00101-1700-2023-00075", "2023-03-01", None),
        []
    );
    // The year is still checked.
    let msg = only(
        check_with(&c, "XX00101-1700-2023-00075", "2025-03-01", None),
        Severity::Warning,
    );
    assert!(msg.contains("年份 2023"), "{msg}");
    // A known scheme the site did not declare is an error now.
    let msg = only(
        check_with(&c, "000014349/2019-00004", "2019-01-30", None),
        Severity::Error,
    );
    assert!(
        msg.contains(r"index_no_pattern 声明的格式 ^[A-Z]{2}\d{5}-\d{4}-\d{4}-\d{5}$")
            && msg.contains("实际为 “000014349/2019-00004”"),
        "{msg}"
    );
}

#[test]
fn declared_pattern_year_group_and_known_checks() {
    let c = config("index_no_pattern: '^(?P<year>\\d{4})-[A-Z]{2}-\\d{4}-\\d{3}$'\n");
    let msg = only(
        check_with(&c, "2019-AB-2020-001", "2020-03-01", None),
        Severity::Warning,
    );
    assert!(msg.contains("年份 2019"), "{msg}");
    // Declaring the national pattern keeps the check-code check.
    let c = config(&format!(
        "index_no_pattern: '{}'\n",
        crate::config::DEFAULT_INDEX_NO_PATTERN
    ));
    let msg = only(
        check_with(&c, "11371500004428004A/2021-4385168", "2021-01-19", None),
        Severity::Warning,
    );
    assert!(msg.contains("GB 32100"), "{msg}");
}

#[test]
fn patterns_suggested_from_the_shape() {
    assert_eq!(
        suggest_pattern("XX00101-1700-2023-00075"),
        r"^[A-Z]{2}\d{5}-\d{4}-\d{4}-\d{5}$"
    );
    assert_eq!(suggest_pattern("a1.B2_c"), r"^[a-z]\d\.[A-Z]\d_[a-z]$");
    for no in ["XX00101-1700-2023-00075", "a1.B2_c", "ab/2021-001"] {
        assert!(
            Regex::new(&suggest_pattern(no)).unwrap().is_match(no),
            "{no}"
        );
    }
}

#[test]
fn year_found_in_any_scheme() {
    assert_eq!(find_year("XX00101-1700-2023-00075"), Some(2023));
    assert_eq!(find_year("20191202-189769"), Some(2019));
    assert_eq!(find_year("ab.2021_7"), Some(2021));
    assert_eq!(find_year("ABC-12345"), None);
    // Two different candidates: not known which is the year.
    assert_eq!(find_year("1999-2021-0001"), None);
}

#[test]
fn next_serial() {
    // As `gongkai new` always did for `code/year-serial`.
    let existing = [
        "A/2021-00003",
        "A/2021-00010",
        "A/2020-00099",
        "B/2021-00500",
    ];
    let c = config("index_no_prefix: A\n");
    let next = |year| next_index_no(&c, &existing, &[], year);
    assert_eq!(next(2021).as_deref(), Some("A/2021-00011"));
    assert_eq!(next(2022).as_deref(), Some("A/2022-00001"));
    assert_eq!(next_with_prefix("A/", 2021, &existing), "A/2021-00011");
}

#[test]
fn next_index_no_of_other_schemes() {
    let existing = ["XX00101-1700-2023-00075", "XX00101-1700-2022-00310"];
    let c = config("index_no_prefix: XX00101-1700-\n");
    assert_eq!(
        next_index_no(&c, &existing, &[], 2023).as_deref(),
        Some("XX00101-1700-2023-00076")
    );
    let c = config("index_no_prefix: 01527918X-\n");
    assert_eq!(
        next_index_no(&c, &["01527918X-2020-153077"], &[], 2020).as_deref(),
        Some("01527918X-2020-153078")
    );
    let c = config("index_no_prefix: 000014349/\n");
    assert_eq!(
        next_index_no(&c, &[], &[], 2019).as_deref(),
        Some("000014349/2019-00001")
    );
}

#[test]
fn next_index_no_without_prefix_follows_the_section() {
    let c = Config::default();
    let section = [
        "XX00101-1700-2023-00075",
        "XX00101-1700-2023-00074",
        "Y/2023-001",
    ];
    let all = [&section[..], &["XX00101-1700-2023-00100"]].concat();
    assert_eq!(
        next_index_no(&c, &all, &section, 2023).as_deref(),
        Some("XX00101-1700-2023-00101")
    );
    // A new year keeps the zero-padded width of the prefix; a counter without padding
    // (the seed's 4385168) does not set the width.
    assert_eq!(
        next_index_no(&c, &all, &section, 2024).as_deref(),
        Some("XX00101-1700-2024-00001")
    );
    let seed = ["11371500004428004U/2021-4385168"];
    assert_eq!(
        next_index_no(&c, &seed, &seed, 2021).as_deref(),
        Some("11371500004428004U/2021-4385169")
    );
    assert_eq!(
        next_index_no(&c, &seed, &seed, 2022).as_deref(),
        Some("11371500004428004U/2022-00001")
    );
    let c7 = ["K/2021-0000007"];
    assert_eq!(
        next_index_no(&c, &c7, &c7, 2022).as_deref(),
        Some("K/2022-0000001")
    );
    // Nothing to number after.
    assert_eq!(next_index_no(&c, &seed, &[], 2021), None);
    assert_eq!(next_index_no(&c, &[], &["20191202-189769"], 2021), None);
}
