//! The 《政府网站工作年度报表》 in the national layout (国办函〔2018〕12号): a document with
//! `website_report: 2025` in its front matter gets the form as its table, filled from the site
//! itself (name, address, 标识码, 备案号, the documents published that year, those with a 索引号,
//! the 政策解读, the 无障碍 rendition gongkai makes) and from what the office writes in
//! `config.yaml` (visits, services, interaction, security, new media, signatures):
//!
//! ```yaml
//! website_report:
//!   kind: 部门网站                 # 政府门户网站、部门网站、专项网站
//!   unit: 某某县民政局             # 填报单位
//!   years:
//!     2025: {独立用户访问总量: 182345, 网站总访问量: 903211, 单位负责人: 王某, 填报日期: 2026-01-10}
//! ```
//!
//! From 1 January `check` warns when the previous year's form is not published, and errors
//! after 31 January (《政府网站发展指引》: published by 31 January each year).

pub mod form;
pub mod table;

use std::path::PathBuf;

use crate::content::tree::Site;
use crate::diagnostics::Diagnostic;
use form::{Source, ROWS};

pub use crate::config::website_report::WebsiteReportConfig;

/// The 网站类型 the form offers.
pub const KINDS: [&str; 3] = ["政府门户网站", "部门网站", "专项网站"];

/// The year a document's `website_report` names, if it is such a form.
pub fn year_of(meta: &crate::content::document::DocumentMeta) -> Option<i16> {
    let v = meta.website_report.as_ref()?;
    v.as_i64()
        .or_else(|| {
            v.as_str()
                .and_then(|s| s.trim().trim_end_matches('年').parse().ok())
        })
        .and_then(|y| i16::try_from(y).ok())
        .filter(|y| (2000..=9999).contains(y))
}

/// The value of every row of the form for `year`: text, or `None` when the office has not
/// written it.
pub fn values(site: &Site, year: i16) -> Vec<Option<String>> {
    let config = &site.config;
    let written = config.website_report.years.get(&year);
    let in_year: Vec<usize> = (0..site.docs.len())
        .filter(|&i| site.docs[i].source.meta.date.year() == year)
        .collect();
    ROWS.iter()
        .map(|row| match row.source {
            Source::Office => written
                .and_then(|w| w.get(row.key))
                .map(text_of)
                .filter(|t| !t.is_empty()),
            Source::Title => Some(config.identity.title.clone()),
            Source::Address => config.base_url.clone(),
            Source::Organizer => Some(config.identity.organizer.clone()).filter(|o| !o.is_empty()),
            Source::Kind => config.website_report.kind.clone(),
            Source::SiteId => Some(config.identity.site_id_code.clone()).filter(|o| !o.is_empty()),
            Source::Icp => Some(config.identity.icp.clone()).filter(|o| !o.is_empty()),
            Source::PoliceBeian => {
                Some(config.identity.police_beian.clone()).filter(|o| !o.is_empty())
            }
            Source::Published => Some(in_year.len().to_string()),
            Source::Catalogued => Some(
                in_year
                    .iter()
                    .filter(|&&i| site.docs[i].source.meta.index_no.is_some())
                    .count()
                    .to_string(),
            ),
            Source::Interpretations => Some(
                in_year
                    .iter()
                    .filter(|&&i| site.docs[i].source.meta.interprets.is_some())
                    .count()
                    .to_string(),
            ),
            Source::Accessible => Some("是".to_string()),
        })
        .collect()
}

/// Documents published in `year` per section that holds any, in site order: (section, count).
pub fn per_section(site: &Site, year: i16) -> Vec<(usize, usize)> {
    site.sections
        .iter()
        .enumerate()
        .map(|(s, sec)| {
            let n = sec
                .docs
                .iter()
                .filter(|&&i| site.docs[i].source.meta.date.year() == year)
                .count();
            (s, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

fn text_of(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.trim().to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(true) => "是".to_string(),
        serde_yaml::Value::Bool(false) => "否".to_string(),
        _ => String::new(),
    }
}

/// The problems of the forms: unknown item names and a wrong 网站类型 in `config.yaml`, items
/// a published form leaves empty, and last year's form missing from 1 January (the site judged
/// on `today`).
pub fn problems(site: &Site, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let config = &site.config.website_report;
    let shown = PathBuf::from("config.yaml");
    let mut found = Vec::new();
    let field = "website_report（政府网站工作年度报表）";
    for (year, items) in &config.years {
        for key in items.keys() {
            if !ROWS
                .iter()
                .any(|r| r.source == Source::Office && r.key == key)
            {
                found.push(
                    Diagnostic::error(
                        &shown,
                        0,
                        0,
                        format!(
                            "{year}年的政府网站工作年度报表没有 “{key}” 这一项：应为 {}",
                            form::office_keys().join("、")
                        ),
                    )
                    .with_field(field),
                );
            }
        }
    }
    if let Some(kind) = config.kind.as_deref().filter(|k| !KINDS.contains(k)) {
        found.push(
            Diagnostic::error(
                &shown,
                0,
                0,
                format!("网站类型应为 {} 之一，实际为 “{kind}”", KINDS.join("、")),
            )
            .with_field(field),
        );
    }
    let forms: Vec<(usize, i16)> = (0..site.docs.len())
        .filter_map(|i| year_of(&site.docs[i].source.meta).map(|y| (i, y)))
        .collect();
    for &(i, year) in &forms {
        let missing: Vec<&str> = ROWS
            .iter()
            .zip(values(site, year))
            .filter(|(_, v)| v.is_none())
            .map(|(r, _)| r.key)
            .collect();
        if !missing.is_empty() {
            let src = &site.docs[i].source;
            let (l, c) = src
                .meta
                .positions
                .get("website_report")
                .copied()
                .unwrap_or((1, 1));
            found.push(
                Diagnostic::warning(
                    &src.file,
                    l,
                    c,
                    format!(
                        "{year}年政府网站工作年度报表有 {} 项未填写（表中显示为 “未填写”）：{}；请在 config.yaml 的 website_report.years.{year} 中填写",
                        missing.len(),
                        missing.join("、")
                    ),
                )
                .with_field("website_report（网站年度报表）"),
            );
        }
    }
    found.extend(missing_last_year(site, &forms, today));
    found
}

/// From 1 January: a warning while last year's form is not published, an error after 31
/// January. Only for a site that makes these forms (a `website_report` in `config.yaml` or a
/// document).
fn missing_last_year(
    site: &Site,
    forms: &[(usize, i16)],
    today: jiff::civil::Date,
) -> Option<Diagnostic> {
    if site.config.website_report == WebsiteReportConfig::default() && forms.is_empty() {
        return None;
    }
    let last = today.year() - 1;
    if forms.iter().any(|&(_, y)| y == last) {
        return None;
    }
    let message = format!(
        "{last}年度政府网站工作年度报表尚未发布：应在{}年1月31日前通过网站公开（写一篇 front matter 含 “website_report: {last}” 的文档）",
        today.year()
    );
    let shown = PathBuf::from("config.yaml");
    let d = if today.month() == 1 {
        Diagnostic::warning(&shown, 0, 0, message)
    } else {
        Diagnostic::error(&shown, 0, 0, message)
    };
    Some(d.with_field("website_report（政府网站工作年度报表）"))
}
