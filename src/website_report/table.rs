//! The form as HTML: header cells scoped for screen readers, wrapped like every body table (a
//! focusable scrolling region), so both renditions and print style it as the rest of the body.
//! Every text is a fixed label, a number, or a value of `config.yaml` (escaped).

use super::form::ROWS;
use crate::content::tree::Site;
use crate::text::escape_text;

fn wrap(id: &str, caption: &str, inner: &str) -> String {
    format!(
        "<div class=\"gk-table-scroll gk-annual\" role=\"region\" aria-label=\"{caption}\" tabindex=\"0\" id=\"{id}\">\n<table class=\"gk-annual__table\">\n<caption>{caption}</caption>\n{inner}</table>\n</div>\n"
    )
}

/// The form of `year` and the documents per section, as HTML.
pub fn html(site: &Site, year: i16) -> String {
    let values = super::values(site, year);
    let config = &site.config;
    let unit = config
        .website_report
        .unit
        .clone()
        .unwrap_or_else(|| config.identity.organizer.clone());
    let mut out = format!(
        "<p class=\"gk-website-report__unit\">填报单位：{}</p>\n",
        escape_text(&unit)
    );
    let mut rows = String::from(
        "<thead>\n<tr><th scope=\"col\" colspan=\"2\">项目</th><th scope=\"col\">单位</th><th scope=\"col\">数据</th></tr>\n</thead>\n<tbody>\n",
    );
    let mut group = "";
    for (row, value) in ROWS.iter().zip(&values) {
        let mut labels = String::new();
        if row.group.is_empty() {
            group = "";
            labels.push_str(&format!(
                "<th scope=\"row\" colspan=\"2\">{}</th>",
                row.label
            ));
        } else {
            if row.group != group {
                group = row.group;
                let span = ROWS.iter().filter(|r| r.group == group).count();
                labels.push_str(&format!(
                    "<th scope=\"rowgroup\" rowspan=\"{span}\">{group}</th>"
                ));
            }
            labels.push_str(&format!("<th scope=\"row\">{}</th>", row.label));
        }
        let value = value
            .as_deref()
            .map_or_else(|| "未填写".to_string(), escape_text);
        rows.push_str(&format!(
            "<tr>{labels}<td>{}</td><td class=\"gk-annual__num\">{value}</td></tr>\n",
            row.unit
        ));
    }
    rows.push_str("</tbody>\n");
    out.push_str(&wrap(
        "gk-website-report",
        &format!("政府网站工作年度报表（{year}年度）"),
        &rows,
    ));
    let sections = super::per_section(site, year);
    if !sections.is_empty() {
        let mut rows = String::from(
            "<thead>\n<tr><th scope=\"col\">栏目</th><th scope=\"col\">发布信息（条）</th></tr>\n</thead>\n<tbody>\n",
        );
        for (s, n) in sections {
            rows.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td class=\"gk-annual__num\">{n}</td></tr>\n",
                escape_text(&site.sections[s].title)
            ));
        }
        rows.push_str("</tbody>\n");
        out.push_str(&wrap(
            "gk-website-report-sections",
            &format!("{year}年各栏目信息发布情况"),
            &rows,
        ));
    }
    out
}
