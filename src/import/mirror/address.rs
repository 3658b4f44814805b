//! Where a file of a mirror was on the old site. `wget --mirror` saves `host/path`, a query
//! kept in the name (`art.jsp?id=123`, or `art.jsp@id=123` with Windows-safe names, with
//! `.html` added by `--adjust-extension`); HTTrack writes the address in a comment
//! (`<!-- Mirrored from host/path by HTTrack -->`); a browser's "save as" writes
//! `<!-- saved from url=… -->` (read by the page reader).

use std::path::{Path, PathBuf};

/// Extensions of addresses served by a program: never a static file on the new site.
const DYNAMIC: &[&str] = &["jsp", "php", "asp", "aspx", "do", "action", "cgi", "jspx"];

/// The folder of the mirror that stands for the site root, and the host it was made from:
/// `wget --mirror http://www.x.gov.cn/` writes everything under `www.x.gov.cn/`.
pub fn site_root(mirror: &Path) -> (PathBuf, Option<String>) {
    let Ok(entries) = std::fs::read_dir(mirror) else {
        return (mirror.to_path_buf(), None);
    };
    let mut hosts = Vec::new();
    let mut pages_at_top = false;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && looks_like_host(&name) {
            hosts.push(name);
        } else if !is_dir && is_page_name(&name) && name != "index.html" {
            pages_at_top = true;
        }
    }
    if hosts.len() == 1 && !pages_at_top {
        let host = hosts.remove(0);
        return (mirror.join(&host), Some(host));
    }
    (mirror.to_path_buf(), None)
}

fn looks_like_host(name: &str) -> bool {
    let (host, port) = name.split_once(':').unwrap_or((name, ""));
    host.contains('.')
        && host
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && port.chars().all(|c| c.is_ascii_digit())
        && !host.ends_with(".html")
        && !host.ends_with(".htm")
}

/// Whether a file name is a saved page by its name (`.html`, `.htm`, `.shtml`, a program's page
/// with its query, `art.jsp?id=1`).
pub fn is_page_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let base = lower.split(['?', '@']).next().unwrap_or(&lower);
    let ext = |s: &str| s.rsplit_once('.').map(|(_, e)| e.to_string());
    let page_ext =
        |e: &str| matches!(e, "html" | "htm" | "shtml" | "xhtml") || DYNAMIC.contains(&e);
    ext(&lower).is_some_and(|e| page_ext(&e)) || ext(base).is_some_and(|e| page_ext(&e))
}

/// The old address path (with its query) of a file under the site root: `xxgk/art.jsp?id=1`
/// → `/xxgk/art.jsp?id=1`; `@` standing for `?` and an added `.html` undone.
pub fn old_path(site_root: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(site_root).ok()?;
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop()?;
    let mut name = last.clone();
    if !name.contains('?') {
        // `art.jsp@id=1`: wget's Windows-safe name for `art.jsp?id=1`.
        if let Some((before, after)) = name.split_once('@') {
            let ext = before.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            if ext.is_some_and(|e| DYNAMIC.contains(&e.as_str()) || e == "htm" || e == "html")
                && after.contains('=')
            {
                name = format!("{before}?{after}");
            }
        }
    }
    if let Some((before, query)) = name.split_once('?') {
        // `--adjust-extension` adds `.html` after the query.
        let query = query.strip_suffix(".html").unwrap_or(query);
        name = format!("{before}?{query}");
    } else if let Some(program) = name.strip_suffix(".html").filter(|p| is_dynamic(p)) {
        // … and after a program's name with no query (`about.asp` saved as `about.asp.html`).
        name = program.to_string();
    }
    parts.push(name);
    Some(format!("/{}", parts.join("/")))
}

/// Whether an old address is served by a program (a query, or a `.jsp`/`.php`… path): it is
/// kept by the redirect map, not by a static alias.
pub fn is_dynamic(path: &str) -> bool {
    if path.contains('?') {
        return true;
    }
    let last = path.rsplit('/').next().unwrap_or(path);
    last.rsplit_once('.')
        .is_some_and(|(_, e)| DYNAMIC.contains(&e.to_ascii_lowercase().as_str()))
}

/// The address HTTrack wrote into a page it saved (`<!-- Mirrored from host/path by HTTrack`).
pub fn httrack_address(text: &str) -> Option<String> {
    let head = text.get(..text.len().min(4096)).unwrap_or(text);
    let at = head.find("Mirrored from ")? + "Mirrored from ".len();
    let rest = &head[at..];
    let end = rest.find(" by HTTrack")?;
    let addr = rest[..end].trim();
    if addr.is_empty() || addr.contains(char::is_whitespace) {
        return None;
    }
    Some(
        if addr.starts_with("http://") || addr.starts_with("https://") {
            addr.to_string()
        } else {
            format!("http://{addr}")
        },
    )
}

/// The path and query of an absolute address (`http://host/a?b` → `/a?b`).
pub fn path_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    Some(path.split('#').next().unwrap_or(path).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_paths_of_saved_files() {
        let root = Path::new("/m/www.x.gov.cn");
        let p = |f: &str| old_path(root, &root.join(f)).unwrap();
        assert_eq!(p("xxgk/art.jsp?id=123"), "/xxgk/art.jsp?id=123");
        assert_eq!(p("xxgk/art.jsp@id=123"), "/xxgk/art.jsp?id=123");
        assert_eq!(
            p("index.php?m=content&c=index&a=show&catid=5&id=88.html"),
            "/index.php?m=content&c=index&a=show&catid=5&id=88"
        );
        assert_eq!(p("xxgk/jgzn.asp.html"), "/xxgk/jgzn.asp");
        assert_eq!(p("xxgk/jgzn.asp"), "/xxgk/jgzn.asp");
        assert_eq!(
            p("xxgk/zcwj/202101/t20210119_1.html"),
            "/xxgk/zcwj/202101/t20210119_1.html"
        );
        assert!(is_dynamic("/xxgk/art.jsp?id=123"));
        assert!(is_dynamic("/show.php"));
        assert!(!is_dynamic("/xxgk/t1.html"));
        assert!(is_page_name("art.jsp?id=1"));
        assert!(is_page_name("t1.htm"));
        assert!(!is_page_name("a.pdf"));
    }

    #[test]
    fn httrack_comments() {
        let t = "<html>\n<!-- Mirrored from www.x.gov.cn/art.jsp?id=9 by HTTrack Website Copier/3.x [XR&CO'2014], Mon, 01 Jan 2024 -->";
        assert_eq!(
            httrack_address(t).as_deref(),
            Some("http://www.x.gov.cn/art.jsp?id=9")
        );
        assert_eq!(
            path_of("http://a.cn/x/y.jsp?id=1#z").as_deref(),
            Some("/x/y.jsp?id=1")
        );
    }
}
