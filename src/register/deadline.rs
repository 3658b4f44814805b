//! The deadline of each application's answer, in working days of the site's [`Calendar`]
//! (《政府信息公开条例》):
//!
//! - 第三十三条: answer within 20 working days of receiving it; 20 more when the head of the office
//!   agrees to extend and the applicant is told; time spent consulting a third party or other
//!   offices is not counted.
//! - 第三十条: a request for 补正 is made within 7 working days, once; the term runs from the day
//!   the corrected application is received (until then the office waits on the applicant).
//! - 第三十二条: a third party answers within 15 working days; after that the office decides on its
//!   own, so the time not counted ends with the answer or those 15 days.
//!
//! `check` warns when an open application is due within [`WARN_WITHIN`] working days, and errors
//! when its deadline has passed without an answer.

use std::collections::BTreeSet;

use jiff::civil::Date;

use super::{Application, Register};
use crate::calendar::Calendar;
use crate::diagnostics::Diagnostic;

/// Working days to answer (第三十三条).
pub const TERM: i64 = 20;
/// Working days an extension adds (第三十三条).
pub const EXTENSION: i64 = 20;
/// Working days a third party has to give its view (第三十二条).
pub const CONSULTATION: i64 = 15;
/// Working days to ask for 补正 (第三十条).
pub const CORRECTION: i64 = 7;
/// An open application due within this many working days is warned about.
pub const WARN_WITHIN: i64 = 5;

/// The deadline of one application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// The day the term runs from: 收到日期, or 补正收到日期.
    pub start: Date,
    /// Working days not counted (征求意见).
    pub paused: i64,
    /// The last day without extension.
    pub first_due: Date,
    /// The last day to answer (with the extension when there is one).
    pub due: Date,
    /// What the office waits for, when the term is stopped (补正, 第三方意见).
    pub waiting: Option<String>,
    /// Years counted Monday to Friday because the calendar does not know them.
    pub unknown: BTreeSet<i16>,
}

/// The deadline of `a` as of `today`.
pub fn deadline(calendar: &Calendar, a: &Application, today: Date) -> Deadline {
    let mut unknown = BTreeSet::new();
    let mut waiting = None;
    let start = match a.correction {
        Some((_, Some(back))) => back,
        Some((asked, None)) => {
            waiting = Some(format!("等待申请人补正（{asked} 告知）"));
            a.received
        }
        None => a.received,
    };
    let mut paused = 0;
    if let Some((sent, answered)) = a.consultation {
        let limit = calendar.add_working_days(sent, CONSULTATION);
        unknown.extend(limit.unknown);
        let end = match answered {
            Some(day) => day.min(limit.value),
            None if today < limit.value => {
                waiting.get_or_insert(format!(
                    "等待第三方意见（{sent} 发出，最迟 {} 答复）",
                    limit.value
                ));
                today
            }
            None => limit.value,
        };
        let between = calendar.working_days_between(sent, end);
        unknown.extend(between.unknown);
        paused = between.value;
    }
    let first = calendar.add_working_days(start, TERM + paused);
    let extension = if a.extended.is_some() { EXTENSION } else { 0 };
    let due = calendar.add_working_days(start, TERM + extension + paused);
    unknown.extend(first.unknown);
    unknown.extend(due.unknown);
    Deadline {
        start,
        paused,
        first_due: first.value,
        due: due.value,
        waiting,
        unknown,
    }
}

/// How a deadline was counted, for messages: “自 2025-09-26 起 20 个工作日（不计征求意见 5 个工作日）”.
fn basis(a: &Application, d: &Deadline) -> String {
    let from = if d.start == a.received {
        format!("自收到申请的 {} 起 ", d.start)
    } else {
        format!("自收到补正申请的 {} 起 ", d.start)
    };
    let days = if a.extended.is_some() {
        format!("{TERM} 个工作日并延长 {EXTENSION} 个工作日")
    } else {
        format!("{TERM} 个工作日")
    };
    let paused = if d.paused > 0 {
        format!("，不计征求意见的 {} 个工作日", d.paused)
    } else {
        String::new()
    };
    format!("{from}{days}{paused}")
}

/// Every deadline problem of the register on `today`.
pub fn problems(calendar: &Calendar, register: &Register, today: Date) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for a in &register.applications {
        let d = deadline(calendar, a, today);
        let mut unknown = d.unknown.clone();
        if let Some((asked, _)) = a.correction {
            let limit = calendar.add_working_days(a.received, CORRECTION);
            unknown.extend(limit.unknown);
            if asked > limit.value {
                found.push(a.diagnostic(false, "补正告知日期", format!(
                    "补正告知日期 {asked} 晚于收到申请后第 {CORRECTION} 个工作日 {}：应在收到申请之日起 {CORRECTION} 个工作日内一次性告知（条例第三十条）",
                    limit.value
                )));
            }
        }
        if let Some(told) = a.extended.filter(|t| *t > d.first_due) {
            found.push(a.diagnostic(false, "延期告知日期", format!(
                "延期告知日期 {told} 晚于原答复期限 {}：延长答复期限应在原期限内告知申请人（条例第三十三条）",
                d.first_due
            )));
        }
        let basis = basis(a, &d);
        match a.reply {
            Some((replied, _)) if replied > d.due => {
                let late = calendar.working_days_between(d.due, replied).value;
                found.push(a.diagnostic(false, "答复日期", format!(
                    "答复日期 {replied} 晚于答复期限 {}（{basis}），逾期 {late} 个工作日",
                    d.due
                )));
            }
            Some(_) => {}
            None if d.waiting.is_some() => {}
            None if today > d.due => found.push(a.diagnostic(true, "收到日期", format!(
                "答复期限 {} 已过（{basis}），登记中还没有答复日期：应立即答复并登记答复日期和办理结果",
                d.due
            ))),
            None => {
                let left = calendar.working_days_between(today, d.due).value;
                if left <= WARN_WITHIN {
                    found.push(a.diagnostic(false, "收到日期", format!(
                        "答复期限 {}（{basis}）还剩 {left} 个工作日，尚未答复",
                        d.due
                    )));
                }
            }
        }
        if !unknown.is_empty() {
            found.push(a.diagnostic(
                false,
                "收到日期",
                format!(
                    "答复期限按 {} 计算，{}",
                    d.due,
                    calendar.unknown_note(&unknown)
                ),
            ));
        }
    }
    found
}
