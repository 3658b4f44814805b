//! Bare URLs in text become links. Chinese text has no spaces, so a URL ends at the first
//! character that is not ASCII (e.g. `（http://www.example.gov.cn/）公布` keeps `）公布` out), and
//! trailing ASCII punctuation is left out too.

/// A piece of text: plain, or a URL to link.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Ordinary text.
    Text(&'a str),
    /// A URL found in the text.
    Url(&'a str),
}

/// Splits `text` into plain text and bare URLs (`http://`, `https://`, `www.`).
pub fn split_urls(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = find_start(rest) {
        let tail = &rest[start..];
        let len = url_len(tail);
        if len == 0 {
            // Not a URL after all: keep the text up to and including the first character.
            let skip = start + tail.chars().next().map_or(1, char::len_utf8);
            out.push(Piece::Text(&rest[..skip]));
            rest = &rest[skip..];
            continue;
        }
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        out.push(Piece::Url(&tail[..len]));
        rest = &tail[len..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

fn find_start(text: &str) -> Option<usize> {
    ["https://", "http://", "www."]
        .iter()
        .filter_map(|p| text.find(p))
        .filter(|&i| {
            i == 0
                || !text[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '/' || c == '.')
        })
        .min()
}

fn url_len(text: &str) -> usize {
    let mut end = text
        .find(|c: char| {
            !c.is_ascii_graphic()
                || matches!(c, '<' | '>' | '"' | '`' | '{' | '}' | '|' | '\\' | '^')
        })
        .unwrap_or(text.len());
    // Trim trailing punctuation, keeping balanced parentheses.
    loop {
        let candidate = &text[..end];
        let Some(last) = candidate.chars().last() else {
            break;
        };
        let trim = match last {
            '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' => true,
            ')' => candidate.matches(')').count() > candidate.matches('(').count(),
            ']' => candidate.matches(']').count() > candidate.matches('[').count(),
            _ => false,
        };
        if !trim {
            break;
        }
        end -= 1;
    }
    let url = &text[..end];
    let scheme_only = matches!(url, "http://" | "https://" | "www.");
    if scheme_only
        || !url
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .contains('.')
    {
        return 0;
    }
    end
}

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::{Ev, Pass};

impl<'b> Pass<'b, '_> {
    /// Bare URLs in text become links (not inside links, code or HTML).
    pub(super) fn linkify(&mut self, events: Vec<Ev<'b>>) -> Vec<Ev<'b>> {
        let mut out = Vec::with_capacity(events.len());
        let mut in_link = 0usize;
        let mut in_code = false;
        for (event, range) in events {
            match &event {
                Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => in_link += 1,
                Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                    in_link = in_link.saturating_sub(1)
                }
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                _ => {}
            }
            let Event::Text(text) = &event else {
                out.push((event, range));
                continue;
            };
            if in_link > 0 || in_code || !(text.contains("http") || text.contains("www.")) {
                out.push((event, range));
                continue;
            }
            for piece in split_urls(text) {
                match piece {
                    Piece::Text(t) => {
                        out.push((Event::Text(CowStr::from(t.to_string())), range.clone()))
                    }
                    Piece::Url(u) => {
                        let href = if u.starts_with("www.") {
                            format!("http://{u}")
                        } else {
                            u.to_string()
                        };
                        out.push((
                            Event::Start(Tag::Link {
                                link_type: LinkType::Autolink,
                                dest_url: CowStr::from(href),
                                title: CowStr::from(""),
                                id: CowStr::from(""),
                            }),
                            range.clone(),
                        ));
                        out.push((Event::Text(CowStr::from(u.to_string())), range.clone()));
                        out.push((Event::End(TagEnd::Link), range.clone()));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Piece::*;

    #[test]
    fn url_stops_at_chinese() {
        assert_eq!(
            split_urls("网站（http://www.shuyang.gov.cn/）公布。如有疑问"),
            vec![
                Text("网站（"),
                Url("http://www.shuyang.gov.cn/"),
                Text("）公布。如有疑问")
            ]
        );
    }

    #[test]
    fn trailing_punctuation_is_not_url() {
        assert_eq!(
            split_urls("see https://a.gov.cn/x. next"),
            vec![Text("see "), Url("https://a.gov.cn/x"), Text(". next")]
        );
        assert_eq!(
            split_urls("(www.a.cn)"),
            vec![Text("("), Url("www.a.cn"), Text(")")]
        );
    }

    #[test]
    fn no_url() {
        let pieces = split_urls("没有网址 http://");
        assert!(pieces.iter().all(|p| matches!(p, Text(_))));
    }
}
