//! The checks of single values of `config.yaml`: links, images of the site, counts, the
//! positions of keys for messages and the parts of `base_url`.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// Whether a URL of `config.yaml` may be linked from the pages; else a warning, and the caller
/// leaves it out (see [`crate::url`]).
pub(super) fn safe_link(url: &str, field: &str, shown: &Path, diags: &mut Diagnostics) -> bool {
    let safe = crate::url::is_safe_link(url);
    if !safe {
        diags.push(
            Diagnostic::warning(shown, 0, 0, crate::url::unsafe_message(url)).with_field(field),
        );
    }
    safe
}

/// An image `config.yaml` names: a path of this site (`/img/a.png`, a file under `static/`).
/// An image on another host is an error (the site loads nothing from other hosts).
pub(super) fn local_image(
    value: Option<String>,
    field: &str,
    example: &str,
    shown: &Path,
    diags: &mut Diagnostics,
) -> Option<String> {
    let value = value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())?;
    if crate::url::is_remote(&value) || !value.starts_with('/') {
        diags.push(
            Diagnostic::error(
                shown,
                0,
                0,
                format!("应为本站 static/ 下的图片路径，如 “{example}”（网站不从其他网站加载内容），实际为 “{value}”"),
            )
            .with_field(field),
        );
        return None;
    }
    Some(value)
}

/// A count that must be at least 1: `default` when not written; 0 is a warning and gives
/// `default` too.
pub(super) fn positive(
    value: Option<usize>,
    default: usize,
    field: &str,
    shown: &Path,
    diags: &mut Diagnostics,
) -> usize {
    if value == Some(0) {
        diags.push(
            Diagnostic::warning(
                shown,
                0,
                0,
                format!("应为不小于 1 的整数，实际为 0；已按 {default}"),
            )
            .with_field(field),
        );
    }
    value.filter(|n| *n > 0).unwrap_or(default)
}

/// Problems found in the values of `config.yaml` given the line and column of their key (the
/// field named before `（`, `gov_mark.image` below `gov_mark`), where they have none yet.
pub(super) fn at_keys(text: &str, found: Diagnostics) -> impl Iterator<Item = Diagnostic> + '_ {
    found.into_iter().map(move |mut d| {
        if d.line == 0 {
            let key = d.field.as_deref().and_then(|f| f.split('（').next());
            if let Some((line, column)) = key.and_then(|k| key_position(text, k)) {
                (d.line, d.column) = (line, column);
            }
        }
        d
    })
}

/// Line and column (from 1) where `key` is written in YAML `text`: a key at the left margin
/// (`base_url`), or a dotted path (`gov_mark.image`) whose last part is looked for in the block
/// or the `{…}` of the part before it.
pub(super) fn key_position(text: &str, key: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let starts_key = |rest: &str, name: &str| {
        let rest = rest.trim_start_matches("- ");
        let rest = rest
            .strip_prefix(name)
            .or_else(|| rest.strip_prefix(&format!("\"{name}\"")))
            .or_else(|| rest.strip_prefix(&format!("'{name}'")));
        rest.is_some_and(|r| r.trim_start().starts_with(':'))
    };
    let mut parts = key.split('.');
    let top = parts.next()?;
    // The top-level key as front matter finds its keys (lines from 0 here).
    let mut at = crate::diagnostics::positions::key_positions(text, 0)
        .get(top)?
        .0;
    let mut column = 1;
    for part in parts {
        // `parent: {child: …}` on one line
        if let Some(i) = lines[at].find(&format!("{part}:")) {
            column = lines[at][..i].chars().count() + 1;
            continue;
        }
        let below = lines[at + 1..]
            .iter()
            .take_while(|l| l.trim().is_empty() || l.starts_with([' ', '\t']) || l.starts_with('#'))
            .position(|l| starts_key(l.trim_start(), part))?;
        at += 1 + below;
        let line = lines[at];
        column = line.len() - line.trim_start().trim_start_matches("- ").len() + 1;
    }
    Some((at + 1, column))
}

/// Splits `https://host/sub/` into (`host`, `/sub/`), or says what keeps the URL from being
/// the site's address: every link of every page starts with the path, so a `?`, `#` or space in
/// it would break them all.
pub(super) fn split_url(url: &str) -> Result<(String, String), String> {
    let rest = (url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://")))
    .ok_or("应以 http:// 或 https:// 开头")?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (name, port) = host.split_once(':').unwrap_or((host, "0"));
    if name.is_empty() {
        return Err("缺少域名".into());
    }
    if let Some(c) = name
        .chars()
        .find(|c| !c.is_alphanumeric() && !matches!(c, '-' | '.'))
    {
        return Err(format!("域名中不能有 “{c}”"));
    }
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("端口 “{port}” 应为数字"));
    }
    if let Some(c) = path
        .chars()
        .find(|c| c.is_whitespace() || matches!(c, '?' | '#' | '\\'))
    {
        let c = if c.is_whitespace() {
            "空格".to_string()
        } else {
            format!("“{c}”")
        };
        return Err(format!("路径中不能有{c}：base_url 只写站点所在的文件夹"));
    }
    Ok((host.to_string(), path.to_string()))
}
