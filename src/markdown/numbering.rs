//! Chinese numbering: section titles written as plain paragraphs (`一、…`, `（一）…`, `1.…`,
//! `（1）…`) become headings of level 2–5; run-in titles (`（一）标题。正文……`) stay paragraphs
//! with the title part marked up. GB/T 9704 7.3.3 defines the four levels.

/// What a numbered paragraph is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Numbered {
    /// Not numbered.
    None,
    /// A numbered paragraph of `level` that is a title line on its own.
    Title {
        /// Heading level, 2–5.
        level: u8,
        /// The line ends with a full stop (`（一）标题。`).
        closed: bool,
    },
    /// A numbered paragraph whose first `title_len` bytes are a run-in title.
    RunIn {
        /// Heading level the number stands for.
        level: u8,
        /// Length in bytes of the title part (number included).
        title_len: usize,
    },
    /// Numbered, but a sentence of body text.
    Sentence {
        /// Level of the number.
        level: u8,
    },
}

impl Numbered {
    /// The numbering level, if numbered.
    pub fn level(&self) -> Option<u8> {
        match self {
            Numbered::None => None,
            Numbered::Title { level, .. }
            | Numbered::RunIn { level, .. }
            | Numbered::Sentence { level } => Some(*level),
        }
    }
}

const CN_DIGITS: &str = "一二三四五六七八九十百零〇";
/// Longest title line, in characters.
const MAX_TITLE_CHARS: usize = 120;
/// Longest run-in title, in characters.
const MAX_RUN_IN_CHARS: usize = 40;

/// Splits the numbering marker off the start of a paragraph: (level, byte length of marker).
pub fn marker(text: &str) -> Option<(u8, usize)> {
    let mut chars = text.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    if CN_DIGITS.contains(first) {
        let end = text.find(|c: char| !CN_DIGITS.contains(c))?;
        return text[end..]
            .starts_with('、')
            .then_some((2, end + '、'.len_utf8()));
    }
    if first == '（' || first == '(' {
        let inner_start = first.len_utf8();
        let rest = &text[inner_start..];
        let end = rest.find(|c: char| !(CN_DIGITS.contains(c) || c.is_ascii_digit()))?;
        if end == 0 {
            return None;
        }
        let inner = &rest[..end];
        let close = rest[end..].chars().next()?;
        if close != '）' && close != ')' {
            return None;
        }
        let len = inner_start + end + close.len_utf8();
        if inner.chars().all(|c| CN_DIGITS.contains(c)) {
            return Some((3, len));
        }
        if inner.chars().all(|c| c.is_ascii_digit()) && inner.len() <= 2 {
            return Some((5, len));
        }
        return None;
    }
    if first.is_ascii_digit() {
        let end = text.find(|c: char| !c.is_ascii_digit())?;
        if end > 2 {
            return None;
        }
        let sep = text[end..].chars().next()?;
        if !matches!(sep, '.' | '．' | '、') {
            return None;
        }
        let after = &text[end + sep.len_utf8()..];
        // `1.5亿元` is a number, not a marker; `1.2025年6月起……` is item 1 opening with a year.
        let opens_with_year = after.len() > 4
            && after.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && after[4..].starts_with('年');
        if after.starts_with(|c: char| c.is_ascii_digit()) && !opens_with_year {
            return None;
        }
        return Some((4, end + sep.len_utf8()));
    }
    None
}

/// Regulations are divided into 章 (h2) and 节 (h3) with 条 as articles: `第一章 总则` standing
/// alone is a title, `第一条 为了……` an article whose number is marked up and anchored.
fn chapter_marker(text: &str) -> Option<(char, usize)> {
    let rest = text.strip_prefix('第')?;
    let end = rest.find(|c: char| !(CN_DIGITS.contains(c) || c.is_ascii_digit()))?;
    if end == 0 {
        return None;
    }
    let unit = rest[end..].chars().next()?;
    matches!(unit, '章' | '节' | '条').then(|| (unit, '第'.len_utf8() + end + unit.len_utf8()))
}

/// Classifies a paragraph's plain text on its own (neighbours are considered by the caller).
pub fn classify(text: &str) -> Numbered {
    let text = text.trim();
    if let Some((unit, len)) = chapter_marker(text) {
        let rest = text[len..].trim_start();
        let short_title = !rest.is_empty()
            && rest.chars().count() <= 30
            && !rest.contains(['。', '，', '；', '：', ',', ';', ':']);
        return match unit {
            '章' if short_title => Numbered::Title {
                level: 2,
                closed: false,
            },
            '节' if short_title => Numbered::Title {
                level: 3,
                closed: false,
            },
            '条' if !rest.is_empty() => Numbered::RunIn {
                level: 4,
                title_len: len,
            },
            _ => Numbered::Sentence {
                level: if unit == '节' { 3 } else { 2 },
            },
        };
    }
    let Some((level, mlen)) = marker(text) else {
        return Numbered::None;
    };
    let rest = text[mlen..].trim_start();
    if rest.is_empty() {
        return Numbered::Sentence { level };
    }
    let body: Vec<char> = rest.chars().collect();
    let last = *body.last().unwrap_or(&' ');
    let inner = &body[..body.len() - 1];
    let has_inner_stop = inner
        .iter()
        .any(|c| matches!(c, '。' | '！' | '？' | '!' | '?'));
    let has_colon = body.iter().any(|c| matches!(c, '：' | ':'));
    if !has_inner_stop
        && !has_colon
        && body.len() <= MAX_TITLE_CHARS
        && !matches!(last, '：' | ':' | '，' | ',')
    {
        return Numbered::Title {
            level,
            closed: last == '。',
        };
    }
    // Run-in: the first punctuation mark closes the title part.
    let first_stop = rest.char_indices().find(|(_, c)| {
        matches!(
            c,
            '。' | '：' | ':' | '，' | ',' | '；' | ';' | '！' | '？' | '!' | '?' | '、'
        )
    });
    if let Some((pos, c)) = first_stop {
        let chars = rest[..pos].chars().count();
        let rest_chars = rest[pos + c.len_utf8()..].chars().count();
        // A run-in title leads a substantial paragraph; a short clause followed by one more
        // sentence (`七、本规定自印发之日起实施。由某局负责解释。`) is body text.
        let leads_paragraph = rest_chars >= (2 * chars).max(30);
        if matches!(c, '。' | '：' | ':' | '！' | '？')
            && (2..=MAX_RUN_IN_CHARS).contains(&chars)
            && leads_paragraph
        {
            let offset = text.len() - rest.len();
            return Numbered::RunIn {
                level,
                title_len: offset + pos + c.len_utf8(),
            };
        }
    }
    Numbered::Sentence { level }
}

/// Decides, for a run of top-level blocks, which numbered paragraphs are title lines.
///
/// `blocks[i]` is the classification of top-level block `i` (`None` for non-paragraphs is
/// `Numbered::None`), `is_paragraph[i]` whether it is a paragraph. A title candidate stays a
/// title only when there is content after it and neither neighbour is a numbered paragraph of the
/// same level (that would be an enumeration of clauses, not a section structure) — unless
/// numbered items of a deeper level follow it: then it heads them, whatever the section before
/// it looks like (`（六）标题。正文……` run in, `（七）标题` standing over its `1.` `2.`), when it
/// is not itself a sentence closed by a full stop.
pub fn resolve_titles(blocks: &[Numbered]) -> Vec<bool> {
    (0..blocks.len())
        .map(|i| {
            let Numbered::Title { level, closed } = blocks[i] else {
                return false;
            };
            if i + 1 >= blocks.len() {
                return false;
            }
            let same_level = |j: usize| blocks[j].level() == Some(level);
            let next_sibling = same_level(i + 1);
            let prev_sibling = i > 0 && same_level(i - 1);
            let heads_items = !closed && blocks[i + 1].level().is_some_and(|l| l > level);
            !next_sibling && (!prev_sibling || heads_items)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(marker("一、总体情况"), Some((2, 6)));
        assert_eq!(marker("十二、其他"), Some((2, 9)));
        assert_eq!(marker("（一）主动公开"), Some((3, 9)));
        assert_eq!(marker("(二)严格落实"), Some((3, 5)));
        assert_eq!(marker("1.建立机制"), Some((4, 2)));
        assert_eq!(marker("2．精心部署"), Some((4, 4)));
        assert_eq!(marker("（1）具体"), Some((5, 7)));
        assert_eq!(marker("1.5亿元投入"), None);
        assert_eq!(marker("2020年12月"), None);
        assert_eq!(marker("一是加强"), None);
    }

    #[test]
    fn titles_runins_sentences() {
        assert_eq!(
            classify("(一)持续加强村务公开工作"),
            Numbered::Title {
                level: 3,
                closed: false
            }
        );
        assert_eq!(
            classify("一、适时提高城乡居民最低生活保障标准和特困人员供养标准,确保提标后的农村低保标准不低于年度动态调整后的省定贫困线。"),
            Numbered::Title {
                level: 2,
                closed: true
            }
        );
        assert!(matches!(
            classify("(一)扎实开展关爱保护专项行动。持续开展“合力监护、相伴成长”专项行动,加强部门协同配合,将农村留守儿童全部纳入有效监护范围。"),
            Numbered::RunIn { level: 3, .. }
        ));
        assert_eq!(
            classify("七、本暂行规定自印发之日起实施。由区资源生态局负责解释。"),
            Numbered::Sentence { level: 2 }
        );
        assert!(matches!(
            classify("一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。"),
            Numbered::RunIn { .. }
        ));
    }

    #[test]
    fn chapters_sections_and_articles() {
        assert_eq!(
            classify("第一章 总则"),
            Numbered::Title {
                level: 2,
                closed: false
            }
        );
        assert_eq!(
            classify("第二节　申请的处理"),
            Numbered::Title {
                level: 3,
                closed: false
            }
        );
        assert_eq!(
            classify("第一条 为了规范政府信息公开工作，制定本办法。"),
            Numbered::RunIn {
                level: 4,
                title_len: "第一条".len()
            }
        );
        assert_eq!(classify("第一，要坚持稳中求进。"), Numbered::None);
    }

    #[test]
    fn enumerations_are_not_titles() {
        let t = |l| Numbered::Title {
            level: l,
            closed: false,
        };
        let blocks = vec![Numbered::None, t(3), t(3), t(3), Numbered::None];
        assert_eq!(resolve_titles(&blocks), vec![false; 5]);
        let blocks = vec![t(2), Numbered::None, t(3), Numbered::None, t(2)];
        assert_eq!(
            resolve_titles(&blocks),
            vec![true, false, true, false, false]
        );
    }
}
