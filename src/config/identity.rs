//! The site identity: who publishes the site and what every page's header and footer show of it
//! (name, 网站标识码, 主办单位, 联系方式, 备案号, 党政机关网站标识, footer links, icon). [`Config`]
//! holds one [`Identity`] and the page views serialise it as it is (as `site`).
//!
//! [`Config`]: crate::config::Config

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;

/// Contact details shown in the footer.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Contact {
    /// 联系电话
    pub phone: String,
    /// 电子邮箱
    pub email: String,
    /// 办公地址
    pub address: String,
}

/// A footer link.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Link text.
    pub title: String,
    /// Target URL (site-relative `/…` or absolute).
    pub url: String,
}

/// The 党政机关网站标识: a local image and its verification link.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GovMark {
    /// Image URL (a file under `static/`).
    pub image: String,
    /// Verification link.
    pub url: String,
}

/// Who the site is, as the pages show it.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Identity {
    /// 网站名称
    pub title: String,
    /// Site description.
    pub description: String,
    /// Site keywords.
    pub keywords: String,
    /// 网站标识码
    pub site_id_code: String,
    /// 主办单位
    pub organizer: String,
    /// 联系方式
    pub contact: Contact,
    /// ICP备案编号
    pub icp: String,
    /// 公安机关备案号
    pub police_beian: String,
    /// Link for the 公安机关备案号.
    pub police_beian_url: String,
    /// 党政机关网站标识
    pub gov_mark: Option<GovMark>,
    /// 网站图标: URL path of a file under `static/` (`/img/emblem.png`), or `None` for the
    /// theme's neutral default. Pages get it resolved, as `assets.favicon`.
    #[serde(skip_serializing)]
    pub favicon: Option<String>,
    /// Footer links (site-relative URLs as written; the views give them in their rendition).
    pub footer_links: Vec<Link>,
}

impl Identity {
    /// What the footer of a government website must show (REQUIREMENTS A10) and this identity
    /// lacks:
    /// one warning each (`build`); `check` and `--strict` make them errors.
    pub fn footer_problems(&self) -> Vec<Diagnostic> {
        let shown = Path::new("config.yaml");
        let mut out = Vec::new();
        let mut missing = |present: bool, field: &str, what: &str| {
            if !present {
                out.push(
                    Diagnostic::warning(
                        shown,
                        0,
                        0,
                        format!(
                            "页脚缺少{what}：政府网站页脚功能区应列明，请在 config.yaml 中填写"
                        ),
                    )
                    .with_field(field),
                );
            }
        };
        missing(
            !self.site_id_code.is_empty(),
            "site_id_code（网站标识码）",
            "网站标识码",
        );
        missing(
            !self.organizer.is_empty(),
            "organizer（主办单位）",
            "主办单位",
        );
        missing(
            !self.contact.phone.is_empty() || !self.contact.email.is_empty(),
            "contact（联系方式）",
            "联系方式",
        );
        missing(!self.icp.is_empty(), "icp（ICP备案编号）", "ICP备案编号");
        missing(
            !self.police_beian.is_empty(),
            "police_beian（公安机关备案号）",
            "公安机关备案号",
        );
        missing(
            self.gov_mark.is_some(),
            "gov_mark（党政机关网站标识）",
            "党政机关网站标识",
        );
        for (title, what) in [
            ("网站地图", "“网站地图”链接"),
            ("联系我们", "“联系我们”链接"),
            ("找错", "“我为政府网站找错”入口"),
        ] {
            missing(
                self.footer_links.iter().any(|l| l.title.contains(title)),
                "footer_links（页脚链接）",
                what,
            );
        }
        out
    }
}
