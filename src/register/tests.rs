//! The register read from YAML and CSV, its deadlines across 春节 and 国庆, and table 三 counted
//! from generated applications against a count made row by row.

use super::*;
use crate::calendar::national;

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

fn applications(text: &str, name: &str) -> (Vec<Application>, Vec<Diagnostic>) {
    let shown = Path::new(FOLDER).join(name);
    let mut found = Vec::new();
    let rows = rows::read(&shown, text).unwrap();
    let apps = rows
        .iter()
        .filter_map(|r| application(&shown, r, &mut found))
        .collect();
    (apps, found)
}

#[test]
fn rows_of_yaml_and_csv_give_the_same_application() {
    let yaml = "- 编号: A-1\n  收到日期: 2025-09-26\n  申请人类型: 商业企业\n  答复日期: 2025-10-20\n  办理结果: 不予公开/国家秘密\n";
    let csv = "编号,收到日期,申请人类型,答复日期,办理结果\nA-1,2025/9/26,商业企业,2025年10月20日,国家秘密\n";
    let (a, found) = applications(yaml, "a.yaml");
    assert!(found.is_empty(), "{found:?}");
    let (b, found) = applications(csv, "b.csv");
    assert!(found.is_empty(), "{found:?}");
    for x in [&a[0], &b[0]] {
        assert_eq!(x.received, day("2025-09-26"));
        assert_eq!(x.applicant, 1);
        assert_eq!(
            x.reply,
            Some((day("2025-10-20"), outcome_row("国家秘密").unwrap()))
        );
    }
    assert_eq!(b[0].at("答复日期"), (2, 20));
}

#[test]
fn wrong_values_are_located_errors() {
    let csv = "编号,收到日期,申请人类型,办理结果,备忘\nA-2,2025-13-01,个人,公开了,x\n";
    let (apps, found) = applications(csv, "r.csv");
    assert!(apps.is_empty());
    let messages: Vec<String> = found.iter().map(ToString::to_string).collect();
    for (at, text) in [
        ("register/r.csv:1:20:", "没有 “备忘” 这一项"),
        ("register/r.csv:2:5:", "收到日期"),
        ("register/r.csv:2:16:", "应为 自然人、商业企业"),
        ("register/r.csv:2:19:", "应为年报表三的办理结果之一"),
    ] {
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with(at) && m.contains(text)),
            "{at} {text}: {messages:#?}"
        );
    }
}

fn one(fields: &str) -> Application {
    let (mut apps, found) = applications(&format!("申请人类型: 自然人\n{fields}"), "x.yaml");
    assert!(found.is_empty(), "{found:?}");
    apps.remove(0)
}

#[test]
fn deadlines_across_the_holidays() {
    let c = national();
    let today = day("2025-10-01");
    // 国庆 2025: 20 working days from 2025-09-26 end on 2025-10-30 (not 10-24).
    let d = deadline::deadline(c, &one("收到日期: 2025-09-26\n"), today);
    assert_eq!((d.first_due, d.due), (day("2025-10-30"), day("2025-10-30")));
    // Extended: 20 more working days → 2025-11-27.
    let d = deadline::deadline(
        c,
        &one("收到日期: 2025-09-26\n延期告知日期: 2025-10-28\n"),
        today,
    );
    assert_eq!(d.due, day("2025-11-27"));
    // 春节 2024: received 2024-02-05, due 2024-03-08; 补正 received 2024-02-19 restarts the term
    // (2/20 … 2/23, 2/26 … → 2024-03-18).
    let d = deadline::deadline(c, &one("收到日期: 2024-02-05\n"), today);
    assert_eq!(d.due, day("2024-03-08"));
    let d = deadline::deadline(
        c,
        &one("收到日期: 2024-02-05\n补正告知日期: 2024-02-07\n补正收到日期: 2024-02-19\n"),
        today,
    );
    assert_eq!(d.due, day("2024-03-18"));
    // 征求意见 from 2025-10-09 to 2025-10-13: 10-10, 10-11 (调休 Saturday), 10-13 not counted.
    let d = deadline::deadline(
        c,
        &one("收到日期: 2025-09-26\n征求意见日期: 2025-10-09\n收到意见日期: 2025-10-13\n"),
        today,
    );
    assert_eq!(d.paused, 3);
    assert_eq!(d.due, day("2025-11-04"));
}

#[test]
fn check_warns_before_the_deadline_and_errors_after_it() {
    let c = national();
    let yaml = "- {编号: 将到期, 收到日期: 2025-09-26, 申请人类型: 自然人}\n- {编号: 已逾期, 收到日期: 2025-09-01, 申请人类型: 其他}\n- {编号: 已答复, 收到日期: 2025-09-01, 申请人类型: 其他, 答复日期: 2025-09-20, 办理结果: 予以公开}\n- {编号: 等补正, 收到日期: 2025-09-01, 申请人类型: 其他, 补正告知日期: 2025-09-03}\n";
    let (applications, found) = applications(yaml, "r.yaml");
    assert!(found.is_empty());
    let register = Register {
        applications,
        problems: Vec::new(),
        exists: true,
    };
    let found = deadline::problems(c, &register, day("2025-10-27"));
    let messages: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 2, "{messages:#?}");
    assert!(found[0].severity == crate::diagnostics::Severity::Warning);
    assert!(
        messages[0].contains("将到期：答复期限 2025-10-30")
            && messages[0].contains("还剩 3 个工作日")
    );
    assert!(found[1].is_error() && messages[1].contains("已逾期：答复期限 2025-09-28 已过"));
    assert!(
        messages[1].starts_with("register/r.yaml:2:13:"),
        "{}",
        messages[1]
    );
}

/// A small deterministic generator (no randomness in tests).
fn generated(n: usize) -> String {
    let mut seed: u64 = 7;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    let outcomes = [
        "予以公开",
        "部分公开",
        "国家秘密",
        "不掌握",
        "重复申请",
        "逾期不补正",
        "其他",
    ];
    let mut csv = String::from("编号,收到日期,申请人类型,答复日期,办理结果\n");
    for i in 0..n {
        let received = day("2024-10-01")
            .checked_add(jiff::Span::new().days(next(540) as i64))
            .unwrap();
        let kind = APPLICANTS[next(6) as usize];
        let (reply, outcome) = if next(5) == 0 {
            (String::new(), String::new())
        } else {
            let r = received
                .checked_add(jiff::Span::new().days(next(60) as i64))
                .unwrap();
            (r.to_string(), outcomes[next(7) as usize].to_string())
        };
        csv.push_str(&format!("G-{i},{received},{kind},{reply},{outcome}\n"));
    }
    csv
}

#[test]
fn table_three_of_a_generated_register_equals_a_count_row_by_row() {
    let (apps, found) = applications(&generated(400), "g.csv");
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(apps.len(), 400);
    let year = 2025;
    let table = annual::table(&apps, year);
    // The count, written out plainly from the rows' meaning.
    let mut expected = vec![vec![0u64; 7]; REQUESTS.len()];
    for a in &apps {
        let col = a.applicant;
        let mut count = |row: usize| {
            expected[row][col] += 1;
            expected[row][6] += 1;
        };
        let received_this_year = a.received >= day("2025-01-01") && a.received <= day("2025-12-31");
        let received_before = a.received < day("2025-01-01");
        let answered_before = a.reply.is_some_and(|(d, _)| d < day("2025-01-01"));
        let answered_this_year = a.reply.is_some_and(|(d, _)| d.year() == 2025);
        if received_this_year {
            count(form::NEW);
        }
        if received_before && !answered_before {
            count(form::CARRIED_IN);
        }
        if answered_this_year {
            count(a.reply.unwrap().1);
            count(form::TOTAL);
        }
        if (received_this_year || received_before) && !answered_before && !answered_this_year {
            count(form::CARRIED_OUT);
        }
    }
    assert_eq!(table, expected);
    // 一 + 二 = 三（七）+ 四, column by column.
    let column = |row: usize| table[row].iter().copied();
    for ((new, carried_in), (total, carried_out)) in column(form::NEW)
        .zip(column(form::CARRIED_IN))
        .zip(column(form::TOTAL).zip(column(form::CARRIED_OUT)))
    {
        assert_eq!(new + carried_in, total + carried_out);
    }
    assert!(
        table[form::NEW][6] > 100
            && table[form::CARRIED_IN][6] > 0
            && table[form::CARRIED_OUT][6] > 0
    );
}
