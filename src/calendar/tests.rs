//! The calendar against the 国务院办公厅 notices: each date below was checked by hand against the
//! notice of its year (《国务院办公厅关于2024年部分节假日安排的通知》, …关于2025年…).

use super::*;

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

fn working(s: &str) -> bool {
    national().is_working_day(day(s))
}

#[test]
fn the_data_file_parses_and_covers_2015_to_2026() {
    let c = parse_national(NATIONAL).unwrap();
    assert_eq!(c.known.first(), Some(&2015));
    assert_eq!(c.known.last(), Some(&2026));
    assert_eq!(c.known.len(), 12);
}

#[test]
fn spring_festival_2024_and_2025() {
    // 2024: 2月10日至17日放假调休，2月4日（星期日）、2月18日（星期日）上班；除夕 2月9日 is a working day.
    assert!(working("2024-02-04") && working("2024-02-18") && working("2024-02-09"));
    for d in ["2024-02-12", "2024-02-15", "2024-02-16"] {
        assert!(!working(d), "{d} is a 春节 weekday off");
    }
    // 2025: 1月28日至2月4日放假调休，1月26日（周日）、2月8日（周六）上班.
    assert!(working("2025-01-26") && working("2025-02-08"));
    assert!(!working("2025-01-28") && !working("2025-02-04"));
    assert!(working("2025-02-05"));
}

#[test]
fn national_day_2024_and_2025() {
    // 2024: 10月1日至7日放假调休，9月29日（周日）、10月12日（周六）上班.
    assert!(working("2024-09-29") && working("2024-10-12"));
    assert!(!working("2024-10-07") && working("2024-10-08"));
    // 2025: 国庆节、中秋节 10月1日至8日放假调休，9月28日（周日）、10月11日（周六）上班.
    assert!(working("2025-09-28") && working("2025-10-11"));
    assert!(!working("2025-10-08") && working("2025-10-09"));
    // An ordinary weekend stays a rest day.
    assert!(!working("2025-10-12") && !working("2024-10-13"));
}

#[test]
fn a_tiaoxiu_saturday_counts_and_a_holiday_weekday_does_not() {
    let c = national();
    // 2025-10-10 (Fri) to 2025-10-13 (Mon): the Saturday 10-11 is a working day → 2.
    assert_eq!(
        c.working_days_between(day("2025-10-10"), day("2025-10-13"))
            .value,
        2
    );
    // 2025-09-30 (Tue) to 2025-10-09 (Thu): 10-01…10-08 off → only 10-09 counts.
    assert_eq!(
        c.working_days_between(day("2025-09-30"), day("2025-10-09"))
            .value,
        1
    );
}

#[test]
fn twenty_working_days_across_the_holidays() {
    let c = national();
    // Received Friday 2025-09-26: 9/28 (调休 Sunday), 9/29, 9/30, then 10/9, 10/10, 10/11
    // (调休 Saturday), 10/13 … 10/30 — the 20th working day is 2025-10-30 (weekdays only: 10-24).
    let due = c.add_working_days(day("2025-09-26"), 20);
    assert_eq!(due.value, day("2025-10-30"));
    assert!(due.unknown.is_empty());
    // Received Monday 2024-02-05: 2/6–2/9, 2/18 (调休 Sunday), 2/19 … → 2024-03-08.
    assert_eq!(
        c.add_working_days(day("2024-02-05"), 20).value,
        day("2024-03-08")
    );
    // Across 2024's 国庆: received 2024-09-27 (Fri) → 9/29 (Sun), 9/30, 10/8 …, 10/12 (Sat) … 10/30.
    assert_eq!(
        c.add_working_days(day("2024-09-27"), 20).value,
        day("2024-10-30")
    );
    assert_eq!(
        c.working_days_between(day("2024-09-27"), day("2024-10-30"))
            .value,
        20
    );
}

#[test]
fn years_beyond_the_calendar_are_weekdays_and_named() {
    let c = national();
    let count = c.working_days_between(day("2026-12-30"), day("2027-01-05"));
    // 12-31 (Thu), 01-01 (Fri: not known, counted), 01-04, 01-05.
    assert_eq!(count.value, 4);
    assert_eq!(
        count.unknown.iter().copied().collect::<Vec<_>>(),
        vec![2027]
    );
    assert!(c.unknown_note(&count.unknown).contains("2027年"));
}

#[test]
fn local_days_and_years_from_config() {
    let mut diags = Diagnostics::new();
    let local = CalendarConfig {
        holidays: vec!["2025-05-20".into(), "2027-01-01~2027-01-03".into()],
        workdays: vec!["2025-05-24".into()],
        years: vec![2027],
    };
    let c = Calendar::resolve(Some(local), Path::new("config.yaml"), &mut diags);
    assert!(diags.is_empty(), "{diags}");
    assert!(!c.is_working_day(day("2025-05-20")) && c.is_working_day(day("2025-05-24")));
    assert!(!c.is_working_day(day("2027-01-01")));
    assert!(c
        .working_days_between(day("2026-12-30"), day("2027-01-05"))
        .unknown
        .is_empty());
    let bad = CalendarConfig {
        holidays: vec!["5月20日".into()],
        ..CalendarConfig::default()
    };
    Calendar::resolve(Some(bad), Path::new("config.yaml"), &mut diags);
    assert_eq!(diags.error_count(), 1);
}

#[test]
fn unknown_years_matter_only_near_the_limit() {
    let c = national();
    let far = c.working_days_between(day("2006-03-01"), day("2018-12-03"));
    assert!(far.value > 3000 && !far.unknown.is_empty());
    assert!(!c.could_differ(&far, 20));
    let near = c.working_days_between(day("2027-01-04"), day("2027-02-01"));
    assert_eq!(near.value, 20);
    assert!(c.could_differ(&near, 20));
    let known = c.working_days_between(day("2025-01-04"), day("2025-02-01"));
    assert!(!c.could_differ(&known, 20));
}

#[test]
fn one_calendar_is_always_written_alike() {
    // Two parses hold their days in sets of different orders; the build cache hashes the
    // settings as written, so the text must not follow that order.
    let (a, b) = (
        parse_national(NATIONAL).unwrap(),
        parse_national(NATIONAL).unwrap(),
    );
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    assert!(format!("{a:?}").find("2015-").unwrap() < format!("{a:?}").find("2026-").unwrap());
}
