//! Tera errors (template syntax and rendering) as diagnostics at the template's file and line.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Category, Diagnostic};

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        let text = inner.to_string();
        if !s.contains(&text) {
            s.push('：');
            s.push_str(&text);
        }
        src = inner.source();
    }
    s.replace('\n', " ")
}

/// Where a Tera error points (`--> page.html:3:19`) and its first line of explanation.
fn tera_location(e: &::tera::Error) -> (Option<String>, usize, usize, String) {
    let text = error_chain(e);
    let mut name = None;
    let (mut line, mut col) = (0, 0);
    if let Some(loc) = text.split("--> ").nth(1) {
        let loc = loc.split_whitespace().next().unwrap_or_default();
        let mut parts = loc.rsplitn(3, ':');
        col = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
        name = parts.next().map(str::to_string);
    }
    let message = text
        .split("-->")
        .next()
        .unwrap_or_default()
        .trim()
        .trim_start_matches("error:")
        .trim()
        .to_string();
    (name, line, col, message)
}

/// A Tera error as a located [`Category::Template`] error: the file is the site's override or
/// the built-in theme's template the error names, else `fallback`'s.
pub(crate) fn template_error(
    origins: &BTreeMap<String, String>,
    fallback: &str,
    e: &::tera::Error,
    what: &str,
) -> Diagnostic {
    let (name, line, col, message) = tera_location(e);
    let origin = name
        .as_deref()
        .and_then(|n| origins.get(n))
        .or_else(|| origins.get(fallback))
        .cloned()
        .unwrap_or_else(|| format!("templates/{fallback}"));
    Diagnostic::error(Path::new(&origin), line, col, format!("{what}：{message}"))
        .with_category(Category::Template)
}
