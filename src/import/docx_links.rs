//! Links and text runs of a `.docx` paragraph: a hyperlink (relationship or `HYPERLINK` field)
//! becomes a link when it holds only text and points to a web address.

use super::model::Inline;

/// A hyperlink's content: a link when it is only text and the target is a web address, else
/// the content as it is.
pub(super) fn push_link(out: &mut Vec<Inline>, inner: Vec<Inline>, url: Option<String>) {
    let text: Option<String> = inner
        .iter()
        .map(|i| match i {
            Inline::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    match (url.filter(|u| is_web_url(u)), text) {
        (Some(url), Some(text)) if !text.trim().is_empty() => {
            out.push(Inline::Link { text, url });
        }
        _ => {
            for i in inner {
                match i {
                    Inline::Text(t) => push_text(out, &t),
                    other => out.push(other),
                }
            }
        }
    }
}

/// The address of a `HYPERLINK "http://…" \o "tip"` field instruction (`\l` bookmarks have
/// none).
pub(super) fn hyperlink_target(instr: &str) -> Option<String> {
    let rest = instr.trim_start();
    if !rest.get(..9)?.eq_ignore_ascii_case("HYPERLINK") {
        return None;
    }
    let mut rest = &rest[9..];
    let mut takes_argument = false;
    loop {
        rest = rest.trim_start();
        let (token, quoted, after) = if let Some(q) = rest.strip_prefix('"') {
            let end = q.find('"').unwrap_or(q.len());
            (&q[..end], true, q.get(end + 1..).unwrap_or(""))
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (&rest[..end], false, &rest[end..])
        };
        if token.is_empty() && !quoted {
            return None;
        }
        rest = after;
        if takes_argument {
            takes_argument = false;
        } else if !quoted && token.starts_with('\\') {
            takes_argument = matches!(token, "\\l" | "\\o" | "\\t");
        } else {
            return Some(token.to_string());
        }
    }
}

pub(super) fn push_text(out: &mut Vec<Inline>, t: &str) {
    if let Some(Inline::Text(last)) = out.last_mut() {
        last.push_str(t);
    } else {
        out.push(Inline::Text(t.to_string()));
    }
}

fn is_web_url(url: &str) -> bool {
    let l = url.to_ascii_lowercase();
    super::is_web_address(&l) || l.starts_with("mailto:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperlink_field_targets() {
        let t = |i: &str| hyperlink_target(i);
        assert_eq!(
            t(" HYPERLINK \"http://www.example.gov.cn/\" \\o \"提示\" ").as_deref(),
            Some("http://www.example.gov.cn/")
        );
        assert_eq!(
            t("HYPERLINK \\o \"提示\" http://a.cn/x").as_deref(),
            Some("http://a.cn/x")
        );
        assert_eq!(t(" HYPERLINK \\l \"_Toc1\" "), None);
        assert_eq!(t(" PAGE "), None);
        assert_eq!(t("HYPER"), None);
    }
}
