//! Old addresses served by a program (`/art.jsp?id=123`, `/index.php?m=content&…&id=88`) cannot
//! be kept as static files: they are kept by a redirect map, written for nginx (a `map` of
//! `$request_uri`) and for Apache (a `RewriteMap` text file). Static old paths are kept by the
//! documents' `aliases` instead.

/// One old address and the new path it moves to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Moved {
    /// Old path with its query, as requested (`/art.jsp?id=123`).
    pub from: String,
    /// New path on this site (`/xxgk/zcwj/art-123/`).
    pub to: String,
}

/// Whether an address can be written into both maps as it is: no spaces, quotes, backslashes,
/// braces, semicolons or control characters (which would end or break an entry).
pub fn writable(addr: &str) -> bool {
    !addr.is_empty()
        && addr.starts_with('/')
        && !addr.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '"' | '\'' | '\\' | '{' | '}' | ';' | '$')
        })
}

/// The nginx map entries (for `map $request_uri $gongkai_moved { include …; }`), one a line,
/// sorted; entries that cannot be written are left to the caller to report.
pub fn nginx_map(moved: &[Moved]) -> String {
    let mut out = String::from(
        "# gongkai import --site：旧网址（含查询参数）→ 新网址。用法见 README “迁移旧网站”。\n",
    );
    for m in moved
        .iter()
        .filter(|m| writable(&m.from) && writable(&m.to))
    {
        out.push_str(&format!("\"{}\" \"{}\";\n", m.from, m.to));
    }
    out
}

/// The Apache `RewriteMap` text file (`txt:` map): `old new` one a line.
pub fn apache_map(moved: &[Moved]) -> String {
    let mut out = String::from(
        "# gongkai import --site：旧网址（含查询参数）→ 新网址。用法见 README “迁移旧网站”。\n",
    );
    for m in moved
        .iter()
        .filter(|m| writable(&m.from) && writable(&m.to))
    {
        out.push_str(&format!("{} {}\n", m.from, m.to));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_quote_and_leave_out_what_they_cannot_hold() {
        let moved = vec![
            Moved {
                from: "/art.jsp?id=123".into(),
                to: "/xxgk/zcwj/art-123/".into(),
            },
            Moved {
                from: "/index.php?m=content&c=index&a=show&catid=5&id=88".into(),
                to: "/xxgk/a/".into(),
            },
            Moved {
                from: "/bad.jsp?q=a b".into(),
                to: "/x/".into(),
            },
            Moved {
                from: "/bad.jsp?q=\";return 200;".into(),
                to: "/x/".into(),
            },
        ];
        let n = nginx_map(&moved);
        assert!(
            n.contains("\"/art.jsp?id=123\" \"/xxgk/zcwj/art-123/\";\n"),
            "{n}"
        );
        assert!(n.contains("catid=5&id=88\" \"/xxgk/a/\";"), "{n}");
        assert!(!n.contains("bad.jsp"), "{n}");
        let a = apache_map(&moved);
        assert!(a.contains("/art.jsp?id=123 /xxgk/zcwj/art-123/\n"), "{a}");
        assert!(!a.contains("bad.jsp"), "{a}");
    }
}
