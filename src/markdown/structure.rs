//! Pass: the structure of a 公文 — Chinese-numbering title lines (`一、` `（一）` `1.` `（1）`,
//! `第一章`) become headings or marked run-in titles; the 落款 (issuer line, date line) and 附注
//! get their classes.

use super::*;

impl<'b> Pass<'b, '_> {
    /// Chinese-numbering titles become headings, run-in titles get marked up, and a 落款
    /// (issuer line + date line) and 附注 are given their classes.
    pub(super) fn numbering_and_signature(&mut self, events: &mut [Ev<'b>]) {
        let blocks = top_level_blocks(events);
        let texts: Vec<Option<String>> = blocks
            .iter()
            .map(|b| b.paragraph.then(|| plain_text(&events[b.start + 1..b.end])))
            .collect();
        let classes: Vec<Numbered> = texts
            .iter()
            .map(|t| match t {
                Some(t) if self.cx.numbering => classify(t),
                _ => Numbered::None,
            })
            .collect();
        let titles = resolve_titles(&classes);
        for (bi, block) in blocks.iter().enumerate() {
            if titles[bi] {
                let level = match classes[bi].level() {
                    Some(l) => heading_level(l),
                    None => continue,
                };
                events[block.start].0 = Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes: vec![],
                    attrs: vec![],
                });
                events[block.end].0 = Event::End(TagEnd::Heading(level));
            } else if let Numbered::RunIn { title_len, .. } = classes[bi] {
                self.mark_run_in(events, block.start + 1, title_len);
            }
        }
        if self.out.first_paragraph.is_empty() {
            if let Some(t) = texts
                .iter()
                .zip(&titles)
                .find_map(|(t, is_title)| t.as_ref().filter(|t| !is_title && !is_addressee(t)))
            {
                self.out.first_paragraph = t.trim().to_string();
            }
        }
        // 落款: a short issuer line directly followed by a date line.
        for bi in 1..blocks.len() {
            let (Some(issuer), Some(date)) = (&texts[bi - 1], &texts[bi]) else {
                continue;
            };
            if titles[bi - 1] || !is_date_line(date) || !is_issuer_line(issuer) {
                continue;
            }
            self.out.has_signature = true;
            events[blocks[bi - 1].start].0 = Event::Html(CowStr::from(
                "<div class=\"gk-signature\"><p class=\"gk-signature__issuer\">",
            ));
            events[blocks[bi - 1].end].0 = Event::Html(CowStr::from("</p>\n"));
            events[blocks[bi].start].0 =
                Event::Html(CowStr::from("<p class=\"gk-signature__date\">"));
            events[blocks[bi].end].0 = Event::Html(CowStr::from("</p></div>\n"));
            if let Some(Some(note)) = texts.get(bi + 1) {
                if is_note_line(note) {
                    events[blocks[bi + 1].start].0 =
                        Event::Html(CowStr::from("<p class=\"gk-note\">"));
                    events[blocks[bi + 1].end].0 = Event::Html(CowStr::from("</p>\n"));
                }
            }
        }
    }

    pub(super) fn mark_run_in(&mut self, events: &mut [Ev<'b>], first: usize, title_len: usize) {
        let Some((Event::Text(text), range)) = events.get(first).cloned() else {
            return;
        };
        let leading = text.len() - text.trim_start().len();
        let split = leading + title_len;
        if split > text.len() || !text.is_char_boundary(split) {
            return;
        }
        let title = text[leading..split].to_string();
        let base = toc::slugify(&title);
        let mut id = base.clone();
        let mut n = 2;
        while self.out.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let html = format!(
            "<strong class=\"gk-runin\" id=\"{}\">{}</strong>",
            escape_attr(&id),
            escape_text(&title)
        );
        self.out.ids.push(id);
        let rest = text[split..].to_string();
        events[first] = (
            Event::InlineHtml(CowStr::from(html + &escape_text(&rest))),
            range,
        );
    }
}

/// A 主送机关 line (`各区县民政局：`, `市考核办:`): short and ending in a colon. It opens many
/// 公文 but says nothing of their content, so it is not the first paragraph for 内容概述.
pub(super) fn is_addressee(text: &str) -> bool {
    let t = text.trim();
    (t.ends_with('：') || t.ends_with(':')) && t.chars().count() <= 60
}

pub(super) struct Block {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) paragraph: bool,
}

/// Top-level blocks (not inside lists, quotes, tables or footnotes) with their event ranges.
pub(super) fn top_level_blocks(events: &[Ev<'_>]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(tag) => {
                let end = find_end(events, i);
                blocks.push(Block {
                    start: i,
                    end,
                    paragraph: matches!(tag, Tag::Paragraph),
                });
                i = end + 1;
            }
            _ => {
                i += 1;
            }
        }
    }
    blocks
}

/// `2020年12月25日`, `二〇〇六年九月七日`, `二○一九年八月十八日`, `二0一二年二月二十九日`.
pub fn is_date_line(text: &str) -> bool {
    let t = text.trim();
    let Some(rest) = t.strip_suffix('日') else {
        return false;
    };
    let Some((y, rest)) = rest.split_once('年') else {
        return false;
    };
    let Some((m, d)) = rest.split_once('月') else {
        return false;
    };
    let cn = |s: &str, max: usize| {
        !s.is_empty()
            && s.chars().count() <= max
            && s.chars().all(|c| "〇○零一二三四五六七八九十".contains(c))
    };
    let num = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.chars().all(|c| c.is_ascii_digit())
    };
    // A year in Chinese numerals may be typed with the digit zero or a letter O for 〇
    // (`二0一二年`).
    let cn_year = |s: &str| {
        s.chars().count() == 4
            && s.chars()
                .all(|c| "〇○零一二三四五六七八九0Oo０".contains(c))
    };
    (num(y, 4) && y.len() == 4 || cn_year(y)) && (num(m, 2) || cn(m, 3)) && (num(d, 2) || cn(d, 3))
}

pub(super) fn is_issuer_line(text: &str) -> bool {
    let t = text.trim();
    let n = t.chars().count();
    (2..=40).contains(&n)
        && !t.contains(['。', '，', ',', '：', ':', '；', '！', '？'])
        && numbering::marker(t).is_none()
}

pub(super) fn is_note_line(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with('（') && t.ends_with('）') || t.starts_with('(') && t.ends_with(')'))
        && t.chars().count() <= 60
}
