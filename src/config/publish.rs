//! What `config.yaml` must say before the site is published: the footer items of a government
//! website ([`Identity::footer_problems`]) and no 示例 value left from `gongkai init`. Each
//! problem carries the line of its key, or says that the key is missing and what line to add.
//! They are warnings in `build` and `serve`, errors in `check` and with `--strict`.

use std::path::Path;

use super::starter::CONFIG_TEMPLATE;
use super::{key_position, Config, Identity};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The fictional office of the site `gongkai init` writes: a value naming it is a 示例 value.
pub const EXAMPLE_OFFICE: &str = "示例县";

/// The address `gongkai init` writes into `base_url`.
pub const EXAMPLE_BASE_URL: &str = "https://shili.example.gov.cn/";

/// The placeholder 网站标识码 (ten zeros).
pub const EXAMPLE_SITE_ID_CODE: &str = "0000000000";

/// The footer problems and 示例 values of `config`, located in its `text`.
pub fn problems(config: &Config, text: &str) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = config
        .identity
        .footer_problems()
        .into_iter()
        .map(|d| locate_missing(d, text))
        .collect();
    for (field, value) in example_values(&config.identity, config) {
        let shown = Path::new("config.yaml");
        let key = field.split('（').next().unwrap_or_default();
        let at = if key == "footer_links" {
            value_position(text, &value).or_else(|| key_position(text, key))
        } else {
            key_position(text, key)
        };
        let (line, column) = at.unwrap_or((0, 0));
        out.push(
            Diagnostic::warning(
                shown,
                line,
                column,
                format!("仍是 gongkai init 写入的示例值 “{value}”：发布前应改为本站的真实信息"),
            )
            .with_field(&field),
        );
    }
    out
}

/// The warning of a `config.yaml` without a site address: at the line of an empty `base_url`,
/// or at the line after `title` (else the first line) where it is to be added. `None` when an
/// address is written.
pub fn missing_base_url(config: &Config, text: &str) -> Option<Diagnostic> {
    if config.base_url.is_some() || config.base_url_given {
        return None;
    }
    const WHY: &str = "未配置网站地址：页面不含二维码和分享链接，canonical 为站内相对地址";
    const LINE: &str = "base_url: https://www.example.gov.cn/";
    let (line, column, message) = match key_position(text, "base_url") {
        Some((line, column)) => (line, column, format!("{WHY}；请在此行填写，如 “{LINE}”")),
        None => {
            let line = key_position(text, "title").map_or(1, |(l, _)| l + 1);
            (
                line,
                1,
                format!("{WHY}；config.yaml 中没有 base_url 这一项，请在第 {line} 行顶格添加，如 “{LINE}”"),
            )
        }
    };
    Some(
        Diagnostic::warning(Path::new("config.yaml"), line, column, message)
            .with_field("base_url（网站地址）"),
    )
}

/// Whether `value` is one of the 示例 values `gongkai init` writes: equal to one of them (read
/// from [`CONFIG_TEMPLATE`] itself, compared without spaces, quotes, case, full-width letters,
/// the scheme or a trailing `/`), or still naming the 示例 office, address or zero codes after
/// an edit (`示例县发改局`, a 找错 link with `siteCode=0000000000`, an all-zero phone).
pub fn is_example(value: &str) -> bool {
    let n = normalized(value);
    !n.is_empty()
        && (starter_values().contains(&n)
            || n.contains(EXAMPLE_OFFICE)
            || n.contains("shili.example.gov.cn")
            || n == EXAMPLE_SITE_ID_CODE
            || n.contains(&format!("sitecode={EXAMPLE_SITE_ID_CODE}"))
            || (n.len() > 6 && n.chars().all(|c| c == '0' || c == '-')))
}

/// Keys of [`CONFIG_TEMPLATE`] whose values stand for the office (its name, address,
/// registrations and links), as opposed to settings such as `theme` or `page_size`.
const STARTER_KEYS: [&str; 14] = [
    "title",
    "base_url",
    "description",
    "keywords",
    "site_id_code",
    "organizer",
    "contact.phone",
    "contact.email",
    "contact.address",
    "icp",
    "police_beian",
    "gov_mark.url",
    "footer_links",
    "issuer",
];

/// The office's values of [`CONFIG_TEMPLATE`], [`normalized`]; of `footer_links` only the
/// links to other sites (the 找错 entry), not the site's own 网站地图 and 联系我们.
fn starter_values() -> &'static [String] {
    static VALUES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(CONFIG_TEMPLATE).unwrap_or(serde_yaml::Value::Null);
        let mut out = Vec::new();
        for key in STARTER_KEYS {
            let value = key
                .split('.')
                .try_fold(&yaml, |v, k| v.get(k))
                .unwrap_or(&serde_yaml::Value::Null);
            match value {
                serde_yaml::Value::Sequence(items) => out.extend(
                    items
                        .iter()
                        .filter_map(|i| i.get("url")?.as_str())
                        .filter(|u| u.starts_with("http")),
                ),
                v => out.extend(v.as_str()),
            }
        }
        out.into_iter()
            .map(normalized)
            .filter(|v| !v.is_empty())
            .collect()
    });
    &VALUES
}

/// `value` as compared with the 示例 values: without spaces and quotes, full-width letters and
/// digits as ASCII, lower case, without `http://`/`https://` and a trailing `/`.
fn normalized(value: &str) -> String {
    let mut out: String = value
        .chars()
        .filter_map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            c if c.is_whitespace() => None,
            c => Some(c),
        })
        .filter(|c| !matches!(c, '"' | '\'' | '“' | '”'))
        .collect::<String>()
        .to_lowercase();
    for scheme in ["https://", "http://"] {
        if let Some(rest) = out.strip_prefix(scheme) {
            out = rest.to_string();
        }
    }
    out.trim_end_matches('/').to_string()
}

/// `(field, value)` of every 示例 value the identity and settings still hold.
fn example_values(id: &Identity, config: &Config) -> Vec<(String, String)> {
    let base_url = config.base_url.clone().unwrap_or_default();
    let mark = id.gov_mark.clone().unwrap_or_default();
    let mut fields = vec![
        ("title（网站名称）", id.title.clone()),
        ("base_url（网站地址）", base_url),
        ("description（网站描述）", id.description.clone()),
        ("keywords（关键词）", id.keywords.clone()),
        ("site_id_code（网站标识码）", id.site_id_code.clone()),
        ("organizer（主办单位）", id.organizer.clone()),
        ("contact.phone（联系电话）", id.contact.phone.clone()),
        ("contact.email（电子邮箱）", id.contact.email.clone()),
        ("contact.address（办公地址）", id.contact.address.clone()),
        ("icp（ICP备案编号）", id.icp.clone()),
        ("police_beian（公安机关备案号）", id.police_beian.clone()),
        (
            "police_beian_url（公安备案链接）",
            id.police_beian_url.clone(),
        ),
        ("gov_mark.url（党政机关网站标识链接）", mark.url),
        ("issuer（默认发布机构）", config.issuer.clone()),
    ];
    for link in &id.footer_links {
        fields.push(("footer_links（页脚链接）", link.url.clone()));
    }
    fields
        .into_iter()
        .filter(|(_, v)| !v.is_empty() && is_example(v))
        .map(|(f, v)| (f.to_string(), v))
        .collect()
}

/// Line and column of the first line where `value` is written after a key.
fn value_position(text: &str, value: &str) -> Option<(usize, usize)> {
    let bare = value.trim_end_matches('/');
    text.lines().enumerate().find_map(|(i, line)| {
        let code = line.split(" #").next().unwrap_or(line);
        let at = code.find(bare)?;
        code[..at].contains(':').then(|| {
            let key_at = code.len() - code.trim_start().trim_start_matches("- ").len();
            (i + 1, code[..key_at].chars().count() + 1)
        })
    })
}

/// A missing footer item at the line of its key, or, when the key is not written at all, with
/// the line to add.
fn locate_missing(mut d: Diagnostic, text: &str) -> Diagnostic {
    let key = d
        .field
        .as_deref()
        .and_then(|f| f.split('（').next())
        .unwrap_or_default()
        .to_string();
    let base = d
        .message
        .trim_end_matches("，请在 config.yaml 中填写")
        .to_string();
    match key_position(text, &key) {
        Some((line, column)) => {
            (d.line, d.column) = (line, column);
            if key == "footer_links" {
                if let Some(add) = example_line(&d.message) {
                    d.message = format!("{base}；请在 footer_links 下添加一项，如 “{add}”");
                }
            }
        }
        None => {
            let add = match key.as_str() {
                "footer_links" => format!(
                    "footer_links:\n  {}",
                    example_line(&d.message).unwrap_or_default()
                ),
                _ => example_line(&key).unwrap_or_default(),
            };
            d.message = format!("{base}；config.yaml 中没有 {key} 这一项，请顶格添加，如 “{add}”");
        }
    }
    d
}

/// The line that adds the item named by `key` (or the 找错/地图/联系 link a message names).
fn example_line(key_or_message: &str) -> Option<String> {
    let line = if key_or_message.contains("找错") {
        "- {title: 我为政府网站找错, url: \"https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteId.action?siteCode=本站网站标识码\"}"
    } else if key_or_message.contains("网站地图") {
        "- {title: 网站地图, url: /sitemap/}"
    } else if key_or_message.contains("联系我们") {
        "- {title: 联系我们, url: /xxgk/}"
    } else {
        match key_or_message {
            "site_id_code" => "site_id_code: \"3715000017\"",
            "organizer" => "organizer: 聊城市民政局",
            "contact" => "contact: {phone: 0635-8888888, email: mzj@example.gov.cn}",
            "icp" => "icp: 鲁ICP备05001234号-1",
            "police_beian" => "police_beian: 鲁公网安备37150202000123号",
            "gov_mark" => "gov_mark: {image: /img/dzjg.png, url: https://bszs.conac.cn/…}",
            _ => return None,
        }
    };
    Some(line.to_string())
}

/// Checks that the 网站图标 `config.yaml` names under `static/` exists: a missing one gives the
/// theme's default icon, so no page asks for a file that is not there. (The 党政机关网站标识
/// image is checked with every other file reference, in the pipeline's checks.)
pub fn check_files(config: &mut Config, root: &Path, shown: &Path, diags: &mut Diagnostics) {
    let exists = |url: &str| {
        let rel = url.split(['?', '#']).next().unwrap_or_default();
        root.join("static")
            .join(rel.trim_start_matches('/'))
            .is_file()
    };
    let id = &mut config.identity;
    if let Some(favicon) = id.favicon.clone().filter(|f| !exists(f)) {
        let rel = favicon.split(['?', '#']).next().unwrap_or_default();
        diags.push(
            Diagnostic::warning(
                shown,
                0,
                0,
                format!("网站图标文件 static{rel} 不存在，已改用默认图标：应把图标放在 static/ 下，如 static/img/favicon.png，并写 “favicon: /img/favicon.png”"),
            )
            .with_field("favicon（网站图标）"),
        );
        id.favicon = None;
    }
}
