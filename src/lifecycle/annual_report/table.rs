//! The three 年报 tables in the fixed layout of 国办公开办函〔2021〕30号, as HTML with header cells
//! scoped for screen readers and wrapped like every body table (a focusable scrolling region), so
//! the standard rendition, the 关怀版 and print style them as the rest of the body. Every text
//! is a fixed label or a number.

use super::check::totals;
use super::form::{self, ACTIVE, APPLICANTS, OUTCOMES, REQUESTS, REVIEWS};
use super::{Cell, ReportData};

fn number(c: &Cell) -> String {
    // Counts are whole; an amount keeps its decimals.
    format!("{}", c.value)
}

fn td(c: &Cell, colspan: usize) -> String {
    let span = if colspan > 1 {
        format!(" colspan=\"{colspan}\"")
    } else {
        String::new()
    };
    format!("<td class=\"gk-annual__num\"{span}>{}</td>", number(c))
}

fn wrap(n: usize, caption: &str, inner: &str) -> String {
    format!(
        "<div class=\"gk-table-scroll gk-annual\" role=\"region\" aria-label=\"{caption}\" tabindex=\"0\" id=\"gk-annual-{n}\">\n<table class=\"gk-annual__table\">\n<caption>{caption}</caption>\n{inner}</table>\n</div>\n"
    )
}

/// Table 二: 主动公开政府信息情况.
pub fn active(report: &ReportData) -> String {
    let mut out = String::from("<tbody>\n");
    let mut item = "";
    for (r, row) in ACTIVE.iter().enumerate() {
        if row.item != item {
            item = row.item;
            out.push_str(&format!(
                "<tr><th colspan=\"4\" scope=\"colgroup\">{item}</th></tr>\n"
            ));
            let heads = match (row.columns, row.amount) {
                (3, _) => "<th scope=\"col\">本年制发件数</th><th scope=\"col\">本年废止件数</th><th scope=\"col\">现行有效件数</th>".to_string(),
                (_, true) => "<th scope=\"col\" colspan=\"3\">本年收费金额（单位：万元）</th>".to_string(),
                _ => "<th scope=\"col\" colspan=\"3\">本年处理决定数量</th>".to_string(),
            };
            out.push_str(&format!(
                "<tr><th scope=\"col\">信息内容</th>{heads}</tr>\n"
            ));
        }
        let cells: String = if row.columns == 3 {
            report.active[r].iter().map(|c| td(c, 1)).collect()
        } else {
            td(&report.active[r][0], 3)
        };
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th>{cells}</tr>\n",
            row.key
        ));
    }
    out.push_str("</tbody>\n");
    wrap(2, "主动公开政府信息情况", &out)
}

/// Table 三: 收到和处理政府信息公开申请情况.
pub fn requests(report: &ReportData) -> String {
    let mut out = String::from("<thead>\n");
    out.push_str("<tr><th colspan=\"3\" rowspan=\"3\" scope=\"col\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th><th colspan=\"7\" scope=\"colgroup\">申请人情况</th></tr>\n");
    out.push_str("<tr><th rowspan=\"2\" scope=\"col\">自然人</th><th colspan=\"5\" scope=\"colgroup\">法人或其他组织</th><th rowspan=\"2\" scope=\"col\">总计</th></tr>\n<tr>");
    for name in &APPLICANTS[1..6] {
        out.push_str(&format!("<th scope=\"col\">{name}</th>"));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    let computed = totals(report);
    let results = form::TOTAL + 1 - form::RESULTS;
    let mut group = "";
    for (r, row) in REQUESTS.iter().enumerate() {
        let cells = if r == form::TOTAL && !report.requests_total_written {
            &computed
        } else {
            &report.requests[r]
        };
        let mut labels = String::new();
        if r == form::RESULTS {
            labels.push_str(&format!(
                "<th rowspan=\"{results}\" scope=\"rowgroup\">三、本年度办理结果</th>"
            ));
        }
        let in_results = (form::RESULTS..=form::TOTAL).contains(&r);
        if row.group.is_empty() {
            group = "";
            let span = if in_results { 2 } else { 3 };
            labels.push_str(&format!(
                "<th colspan=\"{span}\" scope=\"row\">{}</th>",
                row.label
            ));
        } else {
            if row.group != group {
                group = row.group;
                let rows = REQUESTS.iter().filter(|x| x.group == group).count();
                let title = match group {
                    "不予公开" => "（三）不予公开",
                    "无法提供" => "（四）无法提供",
                    "不予处理" => "（五）不予处理",
                    _ => "（六）其他处理",
                };
                labels.push_str(&format!(
                    "<th rowspan=\"{rows}\" scope=\"rowgroup\">{title}</th>"
                ));
            }
            labels.push_str(&format!("<th scope=\"row\">{}</th>", row.label));
        }
        let cells: String = cells.iter().map(|c| td(c, 1)).collect();
        out.push_str(&format!("<tr>{labels}{cells}</tr>\n"));
    }
    out.push_str("</tbody>\n");
    wrap(3, "收到和处理政府信息公开申请情况", &out)
}

/// Table 四: 政府信息公开行政复议、行政诉讼情况.
pub fn reviews(report: &ReportData) -> String {
    let mut out = String::from("<thead>\n<tr><th colspan=\"5\" scope=\"colgroup\">行政复议</th><th colspan=\"10\" scope=\"colgroup\">行政诉讼</th></tr>\n<tr>");
    for o in OUTCOMES {
        out.push_str(&format!("<th rowspan=\"2\" scope=\"col\">{o}</th>"));
    }
    for g in &REVIEWS[1..] {
        out.push_str(&format!("<th colspan=\"5\" scope=\"colgroup\">{g}</th>"));
    }
    out.push_str("</tr>\n<tr>");
    for _ in &REVIEWS[1..] {
        for o in OUTCOMES {
            out.push_str(&format!("<th scope=\"col\">{o}</th>"));
        }
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n<tr>");
    for group in &report.reviews {
        for c in group {
            out.push_str(&td(c, 1));
        }
    }
    out.push_str("</tr>\n</tbody>\n");
    wrap(4, "政府信息公开行政复议、行政诉讼情况", &out)
}

/// Inserts each table after its heading in the body (`<h2>` whose text starts with 二、/三、/四、
/// and names the table's subject), or appends it when there is none.
pub fn insert(html: &str, report: &ReportData) -> String {
    let tables = [
        ("二", "主动公开", active(report)),
        ("三", "申请", requests(report)),
        ("四", "复议", reviews(report)),
    ];
    let mut out = html.to_string();
    let mut rest = String::new();
    for (number, subject, table) in tables {
        match heading_end(&out, number, subject) {
            Some(pos) => out.insert_str(pos, &format!("\n{table}")),
            None => rest.push_str(&table),
        }
    }
    out.push_str(&rest);
    out
}

/// Byte offset just after the end tag of the heading (`<h2>`–`<h4>`) `number、…subject…`.
fn heading_end(html: &str, number: &str, subject: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(start) = html[from..].find("<h").map(|p| p + from) {
        let level = html[start + 2..]
            .chars()
            .next()
            .filter(|c| ('2'..='4').contains(c));
        let Some(level) = level else {
            from = start + 2;
            continue;
        };
        let close = format!("</h{level}>");
        let end = html[start..].find(&close).map(|p| p + start)?;
        let open_end = html[start..end].find('>').map_or(end, |p| p + start + 1);
        // The heading's inner HTML: its text, perhaps with an anchor element around it.
        let inner = &html[open_end..end];
        if inner.contains(&format!("{number}、")) && inner.contains(subject) {
            return Some(end + close.len());
        }
        from = end + 1;
    }
    None
}
