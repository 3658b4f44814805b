//! Site search (REQUIREMENTS A7): the index `search/index.json` written at build time and read by
//! the theme's `search.js`. No segmenter: the browser matches character bigrams of the query
//! against the text stored here (CRATES.md).

use serde::Serialize;

use crate::content::tree::Site;
use crate::markdown::RenderedBody;

/// Output path of the index.
pub const INDEX_PATH: &str = "search/index.json";

/// Characters of the excerpt shown under a result.
const EXCERPT_CHARS: usize = 200;
/// Characters of body text searched per document, at most…
const TEXT_CHARS: usize = 10_000;
/// …and at least, whatever the size of the site.
const MIN_TEXT_CHARS: usize = 500;
/// Body characters of the whole index, so that a large site's index stays a reasonable download
/// (each document gets an equal share, between the two limits above).
const INDEX_TEXT_BUDGET: usize = 6_000_000;

/// How much of each body is searchable on a site of `docs` documents.
fn text_chars(docs: usize) -> usize {
    (INDEX_TEXT_BUDGET / docs.max(1)).clamp(MIN_TEXT_CHARS, TEXT_CHARS)
}

/// One document in the index. Short keys keep the file small; `themes/gov/README.md` lists them.
#[derive(Serialize)]
struct Entry<'a> {
    /// 标题
    t: &'a str,
    /// URL path without the site root (`xxgk/zcwj/a/`)
    u: &'a str,
    /// 索引号
    i: &'a str,
    /// 文号
    n: &'a str,
    /// 发布机构
    o: &'a str,
    /// 发布日期 `2021-01-19`
    d: String,
    /// year
    y: i16,
    /// 主题分类
    c: &'a [String],
    /// excerpt
    e: String,
    /// body text
    x: String,
}

/// The index as JSON: documents newest first (ties by URL), deterministic.
pub fn index_json(site: &Site, bodies: &[Option<RenderedBody>]) -> String {
    let entries: Vec<String> = (0..site.docs.len())
        .map(|d| entry_json(site, bodies, d))
        .collect();
    assemble(site, &entries)
}

/// The index from the JSON of each document ([`entry_json`], indexed like `site.docs`), so that
/// watch mode re-serialises only the documents that changed.
pub fn assemble(site: &Site, entries: &[String]) -> String {
    let mut order: Vec<usize> = (0..site.docs.len().min(entries.len())).collect();
    order.sort_by(|&a, &b| {
        let (da, db) = (&site.docs[a], &site.docs[b]);
        db.source
            .meta
            .date
            .cmp(&da.source.meta.date)
            .then_with(|| da.path.cmp(&db.path))
    });
    let mut out = String::with_capacity(entries.iter().map(|e| e.len() + 1).sum::<usize>() + 16);
    out.push_str("{\"v\":1,\"docs\":[");
    for (k, &d) in order.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(&entries[d]);
    }
    out.push_str("]}");
    out
}

/// One document of the index as a JSON object.
pub fn entry_json(site: &Site, bodies: &[Option<RenderedBody>], d: usize) -> String {
    let doc = &site.docs[d];
    let m = &doc.source.meta;
    let body = bodies.get(d).and_then(|b| b.as_ref());
    let text = body.map(|b| plain_text(&b.html)).unwrap_or_default();
    let excerpt = m
        .summary
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            body.map(|b| b.first_paragraph.clone())
                .filter(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| text.clone());
    let entry = Entry {
        t: &m.title,
        u: &doc.path,
        i: m.index_no.as_deref().unwrap_or_default(),
        n: m.doc_no.as_deref().unwrap_or_default(),
        o: &m.issuer,
        d: m.date.ymd(),
        y: m.date.year(),
        c: &m.topics,
        e: truncate(excerpt.trim(), EXCERPT_CHARS),
        x: truncate(&text, text_chars(site.docs.len())),
    };
    serde_json::to_string(&entry).unwrap_or_else(|_| "{}".into())
}

fn truncate(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Body HTML as one line of plain text: tags dropped, entities decoded, whitespace collapsed.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    let mut skip_until: Option<&str> = None;
    while !rest.is_empty() {
        if let Some(end) = skip_until {
            match rest.find(end) {
                Some(p) => {
                    rest = &rest[p + end.len()..];
                    skip_until = None;
                    continue;
                }
                None => break,
            }
        }
        match rest.find(['<', '&']) {
            None => {
                out.push_str(rest);
                break;
            }
            Some(p) => {
                out.push_str(&rest[..p]);
                rest = &rest[p..];
                if rest.starts_with('<') {
                    let Some(close) = rest.find('>') else { break };
                    let tag = &rest[1..close];
                    let name: String = tag
                        .trim_start_matches('/')
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    if !tag.starts_with('/') && (name == "script" || name == "style") {
                        skip_until = Some(if name == "script" {
                            "</script>"
                        } else {
                            "</style>"
                        });
                    }
                    // Block boundaries become spaces so that words of two cells do not join.
                    if matches!(
                        name.as_str(),
                        "p" | "br"
                            | "li"
                            | "td"
                            | "th"
                            | "tr"
                            | "div"
                            | "h1"
                            | "h2"
                            | "h3"
                            | "h4"
                            | "h5"
                            | "h6"
                            | "pre"
                            | "blockquote"
                            | "dt"
                            | "dd"
                    ) {
                        out.push(' ');
                    }
                    rest = &rest[close + 1..];
                } else {
                    let end = rest
                        .char_indices()
                        .take(10)
                        .find(|(_, c)| *c == ';')
                        .map(|(i, _)| i);
                    let (decoded, len) = match end.map(|e| &rest[1..e]) {
                        Some("amp") => ("&", 5),
                        Some("lt") => ("<", 4),
                        Some("gt") => (">", 4),
                        Some("quot") => ("\"", 6),
                        Some("#39") => ("'", 5),
                        Some("nbsp") => (" ", 6),
                        _ => ("&", 1),
                    };
                    out.push_str(decoded);
                    rest = &rest[len..];
                }
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_and_decodes() {
        assert_eq!(
            plain_text("<h2 id=\"a\">一、总则</h2>\n<p>甲&amp;乙 &lt;丙&gt;</p><p>丁</p>"),
            "一、总则 甲&乙 <丙> 丁"
        );
        assert_eq!(plain_text("a<style>x{}</style>b"), "ab");
        assert_eq!(plain_text("&lt;关于做好"), "<关于做好");
        assert_eq!(plain_text("甲&乙"), "甲&乙");
    }

    #[test]
    fn large_sites_get_a_shorter_text_share() {
        assert_eq!(text_chars(13), TEXT_CHARS);
        assert_eq!(text_chars(10_000), 600);
        assert_eq!(text_chars(1_000_000), MIN_TEXT_CHARS);
    }

    #[test]
    fn truncate_counts_chars() {
        assert_eq!(truncate("一二三", 2), "一二…");
        assert_eq!(truncate("一二", 2), "一二");
    }
}
