//! Stage 1, config. Site configuration: `config.yaml` as the webmaster wrote it ([`RawConfig`]) and
//! the checked, ready-to-use values the build works with ([`Config`]).

use std::path::Path;

use regex::Regex;
use serde::Deserialize;

use crate::diagnostics::yaml::yaml_error;
use crate::diagnostics::{Diagnostic, Diagnostics};

mod deploy;
mod identity;
pub mod publish;
pub mod review;
pub mod starter;
mod values;
pub mod website_report;

pub use deploy::{Addressing, DeploySettings};
pub use identity::{Contact, GovMark, Identity, Link};
use values::{at_keys, key_position, local_image, positive, safe_link, split_url};

/// The national 索引号 pattern of REQUIREMENTS A2: 18-character unified social credit code or
/// 9-character organisation code, `/`, year, `-`, serial number. Without an `index_no_pattern` in
/// `config.yaml` gongkai recognises this and other schemes ([`crate::content::index_no`]); a site
/// that uses only this one can declare it.
pub const DEFAULT_INDEX_NO_PATTERN: &str =
    r"^([0-9A-HJ-NPQRTUWXY]{18}|[0-9A-Z]{8}[0-9X])/\d{4}-\d{3,10}$";

/// `config.yaml` exactly as written; every key is optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RawConfig {
    /// 网站名称
    pub title: Option<String>,
    /// Absolute URL the site is published at.
    pub base_url: Option<String>,
    /// Site description.
    pub description: Option<String>,
    /// Site keywords.
    pub keywords: Option<String>,
    /// Theme folder name under `themes/`.
    pub theme: Option<String>,
    /// 网站标识码
    pub site_id_code: Option<String>,
    /// 主办单位
    pub organizer: Option<String>,
    /// 联系方式
    pub contact: Option<Contact>,
    /// ICP备案编号
    pub icp: Option<String>,
    /// 公安机关备案号
    pub police_beian: Option<String>,
    /// Link for the 公安机关备案号.
    pub police_beian_url: Option<String>,
    /// 党政机关网站标识
    pub gov_mark: Option<GovMark>,
    /// 网站图标: URL path of a file under `static/` (the department's emblem or logo).
    pub favicon: Option<String>,
    /// Footer links.
    pub footer_links: Option<Vec<Link>>,
    /// Default 发布机构 for `gongkai new`.
    pub issuer: Option<String>,
    /// What new 索引号 start with (`gongkai new`, `gongkai import`): an organisation code, or a
    /// prefix ending in a separator; see [`crate::content::index_no::prefix_of_config`].
    pub index_no_prefix: Option<String>,
    /// Regex every 索引号 of the site must match; without it the known schemes are recognised.
    pub index_no_pattern: Option<String>,
    /// Turn Chinese-numbering title detection on or off for the whole site.
    pub numbering: Option<bool>,
    /// Heading levels listed in 目录导读, e.g. `[2, 3]`.
    pub toc_levels: Option<Vec<u8>>,
    /// Documents per listing page.
    pub page_size: Option<usize>,
    /// Newest documents per section on the home page.
    pub home_items: Option<usize>,
    /// Settings of the inspection rules of `gongkai check` (个人信息 allow-list).
    pub inspection: Option<InspectionConfig>,
    /// Secret key file signing the manifest of published files (`gongkai keygen`), outside the
    /// site folder; see [`crate::manifest`].
    pub signing_key: Option<String>,
    /// Review levels every document needs (`[初审, 复审, 终审]`; see [`crate::review`]).
    pub review: Option<serde_yaml::Value>,
    /// Document pages show their 修订记录 from the publication record ([`crate::record`]).
    pub revision_history: Option<bool>,
    /// Local 放假 and 调休上班 days ([`crate::calendar`]).
    pub calendar: Option<crate::calendar::CalendarConfig>,
    /// Values of the 政府网站工作年度报表 the site cannot count ([`crate::website_report`]).
    pub website_report: Option<website_report::WebsiteReportConfig>,
    /// Where `gongkai deploy` publishes to, without secrets.
    pub deploy: Option<DeploySettings>,
}

/// The resolved configuration the build uses.
#[derive(Debug, Clone)]
pub struct Config {
    /// Who the site is: name, 网站标识码, 主办单位, 备案号, footer (what the pages show of it).
    pub identity: Identity,
    /// Absolute base URL ending in `/`, or `None` when not configured.
    pub base_url: Option<String>,
    /// URL path the site lives under, starting and ending with `/` (from `base_url`, else `/`).
    pub root: String,
    /// Host name from `base_url`, or empty.
    pub domain: String,
    /// Theme name.
    pub theme: String,
    /// Default issuer for new documents.
    pub issuer: String,
    /// What new 索引号 start with, as written (empty: the section's most used prefix). A bare
    /// code `11371500004428004U` gives `11371500004428004U/2021-00001`; a prefix ending in a
    /// separator, such as `XX00101-1700-`, is followed directly by year and serial:
    /// `XX00101-1700-2021-00001` ([`crate::content::index_no::prefix_of_config`]).
    pub index_no_prefix: String,
    /// The site's declared 索引号 pattern (a mismatch is an error), or `None`: the known schemes
    /// are recognised and any other plausible 索引号 gives a warning.
    pub index_no_pattern: Option<Regex>,
    /// Chinese-numbering title detection.
    pub numbering: bool,
    /// Lowest and highest heading level in 目录导读.
    pub toc_levels: (u8, u8),
    /// Documents per listing page.
    pub page_size: usize,
    /// Newest documents per section on the home page.
    pub home_items: usize,
    /// Settings of the inspection rules of `gongkai check`.
    pub inspection: InspectionConfig,
    /// Secret key file signing the manifest of published files, as written (`~/…` allowed).
    pub signing_key: Option<String>,
    /// Line and column of the `signing_key` key in `config.yaml`, for the errors of a key file
    /// read after the config (`build` reads it before making pages); (0, 0) when not found.
    pub signing_key_position: (usize, usize),
    /// Line and column of `gov_mark.image` in `config.yaml` (else of `gov_mark`), for the check
    /// that the image is published; (0, 0) when not found.
    pub gov_mark_position: (usize, usize),
    /// `config.yaml` could not be parsed and the defaults stand in: what they lack (an address,
    /// the footer items) is that error's consequence and not reported again.
    pub unread: bool,
    /// A `base_url` was given (in `config.yaml` or with `--base-url`), valid or not: when it is
    /// missing from [`Config::base_url`], its error has been reported.
    pub base_url_given: bool,
    /// Review levels documents need unless their 栏目 says otherwise (none: published as built).
    pub review: crate::config::review::Levels,
    /// Document pages show their 修订记录 (a document's `revision_history` overrides it).
    pub revision_history: bool,
    /// Working days: the national calendar with the site's local days.
    pub calendar: std::sync::Arc<crate::calendar::Calendar>,
    /// Values of the 政府网站工作年度报表 written in `config.yaml`.
    pub website_report: website_report::WebsiteReportConfig,
    /// What must be filled in before publishing (footer items, 示例 values), located in
    /// `config.yaml`: warnings, errors in `check` ([`publish::problems`]).
    pub publish_problems: Vec<Diagnostic>,
    /// The warning of a site without an address, at the line of `base_url` or where to add it
    /// ([`publish::missing_base_url`]); reported unless `--base-url` gives one.
    pub base_url_missing: Option<Diagnostic>,
}

impl Default for Config {
    fn default() -> Self {
        let mut config = Config::resolve(
            RawConfig::default(),
            Path::new("config.yaml"),
            &mut Diagnostics::new(),
        );
        config.publish_problems = publish::problems(&config, "");
        config.base_url_missing = publish::missing_base_url(&config, "");
        config
    }
}

impl Config {
    /// Reads `config.yaml` from the site root; a missing file gives the defaults.
    /// Problems are reported into `diags` with file, line and column.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Config {
        let path = root.join("config.yaml");
        let shown = Path::new("config.yaml");
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    diags.push(Diagnostic::error(
                        shown,
                        1,
                        1,
                        "文件不是 UTF-8 编码，请另存为 UTF-8",
                    ));
                    return Config::unread();
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Config::default(),
            Err(e) => {
                diags.push(Diagnostic::error(
                    shown,
                    0,
                    0,
                    format!("无法读取：{}", crate::fs::reason(&e)),
                ));
                return Config::unread();
            }
        };
        let mut config = Config::parse(&text, shown, diags);
        let mut found = Diagnostics::new();
        publish::check_files(&mut config, root, shown, &mut found);
        diags.extend(at_keys(&text, found));
        config
    }

    /// The defaults, standing in for a `config.yaml` that could not be read (see
    /// [`Config::unread`]).
    fn unread() -> Config {
        Config {
            unread: true,
            ..Config::default()
        }
    }

    /// Parses the text of a `config.yaml`.
    pub fn parse(text: &str, shown: &Path, diags: &mut Diagnostics) -> Config {
        let text = text.trim_start_matches('\u{feff}');
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig::default()
        } else {
            match serde_yaml::from_str(text) {
                Ok(raw) => raw,
                Err(e) => {
                    let (line, column, message) = yaml_error(&e, text, 1);
                    diags.push(Diagnostic::error(
                        shown,
                        line,
                        column,
                        format!("配置无效：{message}"),
                    ));
                    return Config::unread();
                }
            }
        };
        let mut found = Diagnostics::new();
        let mut config = Config::resolve(raw, shown, &mut found);
        if config.signing_key.is_some() {
            config.signing_key_position = key_position(text, "signing_key").unwrap_or((0, 0));
        }
        if config.identity.gov_mark.is_some() {
            config.gov_mark_position = nested_key_position(text, "gov_mark", "image");
        }
        config.publish_problems = publish::problems(&config, text);
        config.base_url_missing = publish::missing_base_url(&config, text);
        diags.extend(at_keys(text, found));
        config
    }

    fn resolve(raw: RawConfig, shown: &Path, diags: &mut Diagnostics) -> Config {
        let written = raw.base_url.as_deref().map(str::trim).unwrap_or_default();
        let written = written.to_string();
        let base_url = raw
            .base_url
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty())
            .map(|u| if u.ends_with('/') { u } else { format!("{u}/") });
        let (domain, root) = match &base_url {
            Some(url) => match split_url(url) {
                Ok(parts) => parts,
                Err(why) => {
                    diags.push(
                        Diagnostic::error(
                            shown,
                            0,
                            0,
                            format!("应为网站的地址，如 https://www.example.gov.cn/ 或 https://www.example.gov.cn/mzj/，实际为 “{written}”（{why}）"),
                        )
                        .with_field("base_url（网站地址）"),
                    );
                    (String::new(), "/".to_string())
                }
            },
            None => (String::new(), "/".to_string()),
        };
        let index_no_pattern = raw
            .index_no_pattern
            .filter(|p| !p.trim().is_empty())
            .and_then(|p| match Regex::new(&p) {
                Ok(re) => Some(re),
                Err(e) => {
                    diags.push(
                        Diagnostic::error(
                            shown,
                            0,
                            0,
                            format!("应为正则表达式，如 '^[A-Z]{{2}}\\d{{5}}-\\d{{4}}-\\d{{5}}$'，实际 “{p}” 无效：{e}"),
                        )
                        .with_field("index_no_pattern（索引号格式）"),
                    );
                    None
                }
            });
        let toc_levels = match raw.toc_levels.as_deref() {
            None => (2, 3),
            Some([lo, hi]) if (1..=6).contains(lo) && (lo..=&6).contains(&hi) => (*lo, *hi),
            Some(other) => {
                diags.push(
                    Diagnostic::error(
                        shown,
                        0,
                        0,
                        format!("应为两个 1 到 6 之间的级别，如 [2, 3]，实际为 {other:?}"),
                    )
                    .with_field("toc_levels（目录导读级别）"),
                );
                (2, 3)
            }
        };
        let identity = Identity {
            title: raw.title.unwrap_or_else(|| "政府信息公开".to_string()),
            description: raw.description.unwrap_or_default(),
            keywords: raw.keywords.unwrap_or_default(),
            site_id_code: raw.site_id_code.unwrap_or_default(),
            organizer: raw.organizer.clone().unwrap_or_default(),
            contact: raw.contact.unwrap_or_default(),
            icp: raw.icp.unwrap_or_default(),
            police_beian: raw.police_beian.unwrap_or_default(),
            police_beian_url: raw
                .police_beian_url
                .filter(|u| safe_link(u, "police_beian_url（公安备案链接）", shown, diags))
                .unwrap_or_default(),
            gov_mark: raw
                .gov_mark
                .filter(|m| {
                    let field = "gov_mark.image（党政机关网站标识图片）";
                    local_image(Some(m.image.clone()), field, "/img/dzjg.png", shown, diags)
                        .is_some()
                })
                .map(|mut m| {
                    if !safe_link(&m.url, "gov_mark.url（党政机关网站标识链接）", shown, diags)
                    {
                        m.url.clear();
                    }
                    m
                }),
            favicon: local_image(
                raw.favicon,
                "favicon（网站图标）",
                "/img/favicon.png",
                shown,
                diags,
            ),
            footer_links: raw
                .footer_links
                .unwrap_or_default()
                .into_iter()
                .filter(|l| safe_link(&l.url, "footer_links（页脚链接）", shown, diags))
                .collect(),
        };
        Config {
            issuer: raw
                .issuer
                .unwrap_or_else(|| raw.organizer.clone().unwrap_or_default()),
            identity,
            base_url,
            root,
            domain,
            theme: raw.theme.unwrap_or_else(|| "gov".to_string()),
            index_no_prefix: raw.index_no_prefix.unwrap_or_default(),
            index_no_pattern,
            numbering: raw.numbering.unwrap_or(true),
            toc_levels,
            page_size: positive(raw.page_size, 20, "page_size（每页条数）", shown, diags),
            home_items: positive(raw.home_items, 5, "home_items（首页条数）", shown, diags),
            inspection: raw.inspection.unwrap_or_default(),
            signing_key: raw.signing_key.filter(|k| !k.trim().is_empty()),
            signing_key_position: (0, 0),
            gov_mark_position: (0, 0),
            unread: false,
            base_url_given: !written.is_empty(),
            review: review_levels(raw.review.as_ref(), shown, diags),
            revision_history: raw.revision_history.unwrap_or(false),
            calendar: crate::calendar::Calendar::resolve(raw.calendar, shown, diags),
            website_report: raw.website_report.unwrap_or_default(),
            publish_problems: Vec::new(),
            base_url_missing: None,
        }
    }

    /// Replaces the base URL (the `--base-url` option).
    pub fn set_base_url(&mut self, url: &str, diags: &mut Diagnostics) {
        let raw = RawConfig {
            base_url: Some(url.to_string()),
            ..RawConfig::default()
        };
        let resolved = Config::resolve(raw, Path::new("--base-url"), diags);
        self.base_url = resolved.base_url;
        self.root = resolved.root;
        self.domain = resolved.domain;
        self.base_url_given = true;
    }

    /// The absolute URL of a site path (`xxgk/a/`), when `base_url` is known.
    pub fn permalink(&self, path: &str) -> Option<String> {
        self.base_url.as_ref().map(|b| format!("{b}{path}"))
    }
}

/// The `review` levels of `config.yaml`; an error and none when they cannot be read.
fn review_levels(
    value: Option<&serde_yaml::Value>,
    shown: &Path,
    diags: &mut Diagnostics,
) -> crate::config::review::Levels {
    let levels = value
        .map(crate::config::review::Levels::from_value)
        .transpose();
    levels
        .unwrap_or_else(|why| {
            let d = Diagnostic::error(shown, 0, 0, why).with_field("review（审核）");
            diags.push(d);
            None
        })
        .unwrap_or_default()
}

/// `inspection:` in `config.yaml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct InspectionConfig {
    /// Numbers that may stand unmasked (an office's public mobile, a 对公账户), any spacing.
    pub allow: Vec<String>,
}

/// Line and column of `child` in the block of the top-level key `parent` (`gov_mark:` then an
/// indented `image:`), else of `parent` itself; (0, 0) when `parent` is not written.
fn nested_key_position(text: &str, parent: &str, child: &str) -> (usize, usize) {
    let Some((line, column)) = key_position(text, parent) else {
        return (0, 0);
    };
    let inner = text.lines().enumerate().skip(line);
    for (i, l) in inner.take_while(|(_, l)| l.is_empty() || l.starts_with([' ', '\t', '#'])) {
        let trimmed = l.trim_start();
        if let Some(rest) = trimmed.strip_prefix(child) {
            if rest.trim_start().starts_with(':') {
                return (i + 1, l.chars().count() - trimmed.chars().count() + 1);
            }
        }
    }
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gives_root_and_domain() {
        let mut d = Diagnostics::new();
        let c = Config::parse(
            "base_url: https://a.gov.cn/mzj\n",
            Path::new("config.yaml"),
            &mut d,
        );
        assert!(d.is_empty());
        assert_eq!(c.base_url.as_deref(), Some("https://a.gov.cn/mzj/"));
        assert_eq!(c.root, "/mzj/");
        assert_eq!(c.domain, "a.gov.cn");
    }

    #[test]
    fn base_url_that_would_break_every_link_is_an_error() {
        for (url, why) in [
            ("https://x.gov.cn/?a=1#f", "路径中不能有“?”"),
            ("https://x.gov.cn/mzj#top", "路径中不能有“#”"),
            ("https://exa mple.gov.cn/", "域名中不能有 “ ”"),
            ("https://x.gov.cn:80a/", "端口 “80a” 应为数字"),
            ("https://", "缺少域名"),
            ("javascript:alert(1)", "应以 http:// 或 https:// 开头"),
        ] {
            let mut d = Diagnostics::new();
            let c = Config::parse(
                &format!("base_url: '{url}'\n"),
                Path::new("config.yaml"),
                &mut d,
            );
            let e = d.iter().next().map(ToString::to_string).unwrap_or_default();
            assert!(e.contains(why), "{url}: {e}");
            assert_eq!(c.root, "/", "{url}");
        }
        for url in ["https://www.gov.cn:8443/mzj/", "http://中国政府网.政务/"] {
            let mut d = Diagnostics::new();
            Config::parse(
                &format!("base_url: '{url}'\n"),
                Path::new("config.yaml"),
                &mut d,
            );
            assert!(d.is_empty(), "{url}: {d}");
        }
    }

    #[test]
    fn footer_problems_name_each_missing_item() {
        let c = Config::default();
        let problems = c.identity.footer_problems();
        assert_eq!(problems.len(), 9);
        assert!(problems
            .iter()
            .any(|d| d.to_string().contains("icp（ICP备案编号）")));
    }

    #[test]
    fn keys_are_found_in_block_flow_and_quoted_forms() {
        let text = "title: x\n\"base_url\": y\ngov_mark: {url: a, image: b}\nfooter:\n  # note\n  image: c\n";
        assert_eq!(key_position(text, "title"), Some((1, 1)));
        assert_eq!(key_position(text, "base_url"), Some((2, 1)));
        assert_eq!(key_position(text, "gov_mark.image"), Some((3, 20)));
        assert_eq!(key_position(text, "footer.image"), Some((6, 3)));
        assert_eq!(key_position(text, "image"), None);
        assert_eq!(key_position(text, "favicon"), None);
    }

    #[test]
    fn unknown_key_is_error_with_line() {
        let mut d = Diagnostics::new();
        Config::parse("title: x\ntitel: y\n", Path::new("config.yaml"), &mut d);
        let e = d.iter().next().unwrap();
        assert_eq!(e.line, 2, "{e}");
    }
}
