//! `website_report:` in `config.yaml`: what the office writes for the 《政府网站工作年度报表》
//! ([`crate::website_report`] fills the form from it and from the site).

use std::collections::BTreeMap;

use serde::Deserialize;

/// `website_report:` in `config.yaml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct WebsiteReportConfig {
    /// 网站类型: 政府门户网站, 部门网站 or 专项网站.
    pub kind: Option<String>,
    /// 填报单位 (the 主办单位 when not written).
    pub unit: Option<String>,
    /// The office's values of each year, by the form's item names.
    pub years: BTreeMap<i16, BTreeMap<String, serde_yaml::Value>>,
}
