//! What the index and `search.js` agree on: the plain text of a body, its normal form (full-width
//! ASCII folded, lower case) and its tokens — runs of ASCII letters and digits as whole words,
//! every other letter (汉字, kana, …) as single characters and character bigrams — and the hash
//! that puts a token in its shard. `search.js` repeats [`fold`], [`class`] and [`shard_hash`]
//! character for character; change them together.

/// What a character of normalised text is to the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// ASCII letter or digit: part of a word.
    Word,
    /// Any other letter (汉字, kana, …): indexed as characters and bigrams.
    Cjk,
    /// White space, punctuation, symbols: separates tokens.
    Sep,
}

/// The class of a normalised character.
pub(crate) fn class(c: char) -> Class {
    match c as u32 {
        0x30..=0x39 | 0x61..=0x7A => Class::Word,
        0..=0xBF
        | 0xD7
        | 0xF7
        | 0x2000..=0x2BFF
        | 0x3000..=0x3004
        | 0x3008..=0x3020
        | 0x3030
        | 0x303D..=0x303F
        | 0xE000..=0xF8FF
        | 0xFE10..=0xFE6F
        | 0xFEFF
        | 0xFF00..=0xFF65
        | 0xFFE0..=0xFFFF
        | 0x1F000..=0x1FAFF => Class::Sep,
        _ => Class::Cjk,
    }
}

/// Full-width ASCII (`２０２１`, `Ａ`) as ASCII and the ideographic space as a space.
pub(crate) fn fold(c: char) -> char {
    let u = c as u32;
    if (0xFF01..=0xFF5E).contains(&u) {
        char::from_u32(u - 0xFEE0).unwrap_or(c)
    } else if u == 0x3000 {
        ' '
    } else {
        c
    }
}

/// The normal form searched: [`fold`]ed, then lower case (what [`tokens`] reads).
#[cfg(test)]
pub(crate) fn normalize(s: &str) -> String {
    s.chars().map(fold).flat_map(char::to_lowercase).collect()
}

/// A token of text, as the index stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// One character (a run of one, or each character of a longer run).
    Char(char),
    /// Two adjacent characters of a run.
    Bigram(char, char),
    /// A run of ASCII letters and digits.
    Word(&'a str),
}

/// Calls `f` with every token of `text` in its normal form: each word, and for each run of
/// other letters every character and every bigram (so that a query of one character finds it
/// too). Normalises as it goes ([`fold`], lower case), without copying the text.
pub(crate) fn tokens(text: &str, mut f: impl FnMut(Token<'_>)) {
    let mut t = Tokenizer::default();
    for c in text.chars() {
        let c = fold(c);
        let u = c as u32;
        if c.is_ascii() {
            t.push(c.to_ascii_lowercase(), &mut f);
        } else if (0x2E80..0xA640).contains(&u) || (0xAC00..0xD7A4).contains(&u) {
            t.push(c, &mut f);
        } else {
            for l in c.to_lowercase() {
                t.push(l, &mut f);
            }
        }
    }
    t.push(' ', &mut f);
}

/// The state of [`tokens`]: the word being read, the previous letter of a run.
#[derive(Default)]
struct Tokenizer {
    word: String,
    prev: Option<char>,
}

impl Tokenizer {
    #[inline]
    fn push(&mut self, c: char, f: &mut impl FnMut(Token<'_>)) {
        let class = class(c);
        if class == Class::Word {
            self.word.push(c);
            self.prev = None;
            return;
        }
        if !self.word.is_empty() {
            f(Token::Word(&self.word));
            self.word.clear();
        }
        if class == Class::Cjk {
            f(Token::Char(c));
            if let Some(p) = self.prev {
                f(Token::Bigram(p, c));
            }
            self.prev = Some(c);
        } else {
            self.prev = None;
        }
    }
}

impl Token<'_> {
    /// A number below 2^44 that identifies a character token (kind in bits 42–43, code points
    /// below); all words share one key and are told apart by their text.
    pub(crate) fn key(&self) -> u64 {
        match *self {
            Token::Char(c) => (1 << 42) | c as u64,
            Token::Bigram(a, b) => (2 << 42) | ((a as u64) << 21) | b as u64,
            Token::Word(_) => 3 << 42,
        }
    }

    /// The shard hash of the token (see [`shard_hash`]).
    pub(crate) fn hash(&self) -> u32 {
        match *self {
            Token::Char(c) => shard_hash([c as u32]),
            Token::Bigram(a, b) => shard_hash([a as u32, b as u32]),
            Token::Word(w) => shard_hash(w.bytes().map(u32::from)),
        }
    }
}

/// The text of a character token key (`Char` or `Bigram`), as written in a shard.
pub(crate) fn key_text(key: u64, out: &mut String) {
    let cp = |v: u64| char::from_u32((v & 0x1F_FFFF) as u32).unwrap_or('\u{FFFD}');
    if (key >> 42) & 3 == 2 {
        out.push(cp(key >> 21));
    }
    out.push(cp(key));
}

/// FNV-1a over the code points of a token, then the 32-bit finaliser of MurmurHash3 so that the
/// low bits (the shard number) depend on every bit of every character.
pub(crate) fn shard_hash(code_points: impl IntoIterator<Item = u32>) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for c in code_points {
        h ^= c;
        h = h.wrapping_mul(0x0100_0193);
    }
    h ^= h >> 16;
    h = h.wrapping_mul(0x85EB_CA6B);
    h ^= h >> 13;
    h = h.wrapping_mul(0xC2B2_AE35);
    h ^ (h >> 16)
}

/// Body HTML as one line of plain text: tags dropped, entities decoded, white space collapsed.
pub(crate) fn plain_text(html: &str) -> String {
    /// Elements whose end or start is a block boundary: a space, so that words of two cells do
    /// not join.
    const BLOCKS: [&str; 17] = [
        "p",
        "br",
        "li",
        "td",
        "th",
        "tr",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "blockquote",
        "dt",
        "dd",
    ];
    let mut out = Collapsed::with_capacity(html.len());
    let mut rest = html;
    // Where the next `<` is, counted from the end, so that a run of entities does not search
    // the rest of the body again after each one (a body of a million `&lt;` took minutes).
    let mut lt_from_end = None;
    while !rest.is_empty() {
        // `find(char)` is a fast memchr; entities are rare.
        let lt = match lt_from_end {
            Some(n) if n <= rest.len() => rest.len() - n,
            _ => {
                let lt = rest.find('<').unwrap_or(rest.len());
                lt_from_end = Some(rest.len() - lt);
                lt
            }
        };
        let p = rest[..lt].find('&').unwrap_or(lt);
        if p == rest.len() {
            out.push(rest);
            break;
        }
        out.push(&rest[..p]);
        rest = &rest[p..];
        if rest.starts_with('<') {
            let Some(close) = rest.find('>') else { break };
            let tag = &rest[1..close];
            let opening = !tag.starts_with('/');
            let name = tag.trim_start_matches('/');
            let len = name
                .bytes()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(name.len());
            let name = &name[..len];
            rest = &rest[close + 1..];
            if opening
                && (name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style"))
            {
                let end = if name.eq_ignore_ascii_case("script") {
                    "</script>"
                } else {
                    "</style>"
                };
                match rest.find(end) {
                    Some(e) => rest = &rest[e + end.len()..],
                    None => break,
                }
                continue;
            }
            if BLOCKS.iter().any(|b| name.eq_ignore_ascii_case(b)) {
                out.push(" ");
            }
        } else {
            let end = rest.bytes().take(10).position(|b| b == b';');
            let (decoded, len) = match end.map(|e| &rest[1..e]) {
                Some("amp") => ("&", 5),
                Some("lt") => ("<", 4),
                Some("gt") => (">", 4),
                Some("quot") => ("\"", 6),
                Some("#39") => ("'", 5),
                Some("nbsp") => (" ", 6),
                _ => ("&", 1),
            };
            out.push(decoded);
            rest = &rest[len..];
        }
    }
    out.text
}

/// Text with each run of white space (as `char::is_whitespace` has it) made one space and none
/// at either end, built piece by piece.
struct Collapsed {
    text: String,
    /// White space was seen after the last character kept.
    space: bool,
}

impl Collapsed {
    fn with_capacity(n: usize) -> Collapsed {
        Collapsed {
            text: String::with_capacity(n),
            space: false,
        }
    }

    /// Appends `s`; bytes that cannot start a white-space character are copied in runs.
    fn push(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let (mut i, mut run) = (0, 0);
        while i < bytes.len() {
            let (len, white) = match bytes[i] {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => (1, true),
                0..=0x7F => (1, false),
                0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                    let c = s[i..].chars().next().unwrap_or(' ');
                    (c.len_utf8(), c.is_whitespace())
                }
                0xC0..=0xDF => (2, false),
                0xE0..=0xEF => (3, false),
                _ => (4, false),
            };
            if white {
                self.text.push_str(&s[run..i]);
                self.space = true;
                run = i + len;
            } else if self.space {
                self.text.push_str(&s[run..i]);
                if !self.text.is_empty() {
                    self.text.push(' ');
                }
                self.space = false;
                run = i;
            }
            i += len;
        }
        self.text.push_str(&s[run..]);
    }
}

/// The first `n` characters of `s`, with `…` when cut.
pub(crate) fn truncate(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
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
        assert_eq!(plain_text(" <p>\u{3000}甲 \u{a0}\n乙  </p> "), "甲 乙");
        assert_eq!(plain_text("ｘ　ｙ"), "ｘ ｙ");
        assert_eq!(normalize("ＡＢ　Ｃ"), "ab c");
    }

    #[test]
    fn plain_text_of_many_entities() {
        // Each entity once searched the whole rest of the body for the next tag: a million
        // `<` typed in a document kept the build busy for minutes. At this size the quadratic
        // search would hold the test suite for minutes; the linear one takes milliseconds.
        let n = 400_000;
        let text = plain_text(&format!(
            "<p>{}</p>{}",
            "&lt;".repeat(n),
            "&amp;#".repeat(n)
        ));
        assert!(text == format!("{} {}", "<".repeat(n), "&#".repeat(n)));
    }

    #[test]
    fn truncate_counts_chars() {
        assert_eq!(truncate("一二三", 2), "一二…");
        assert_eq!(truncate("一二", 2), "一二");
    }

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokens(text, |t| {
            out.push(match t {
                Token::Word(w) => format!("w:{w}"),
                other => {
                    let mut s = String::new();
                    key_text(other.key(), &mut s);
                    s
                }
            })
        });
        out
    }

    #[test]
    fn words_characters_and_bigrams() {
        assert_eq!(
            all("国发〔２０19〕3号 ABC-x"),
            ["国", "发", "国发", "w:2019", "w:3", "号", "w:abc", "w:x"]
        );
        // 〇 is a letter (二〇二一年), 、 and 《》 separate.
        assert_eq!(all("二〇、《年》"), ["二", "〇", "二〇", "年"]);
    }

    #[test]
    fn hash_spreads_and_is_stable() {
        // search.js computes the same numbers (tests/browser/search.test.mjs checks a shard).
        assert_eq!(
            Token::Bigram('公', '开').hash(),
            shard_hash([0x516C, 0x5F00])
        );
        assert_ne!(shard_hash([0x30]) & 0xFF, shard_hash([0x31]) & 0xFF);
    }
}
