//! Short table cells: a header such as `一级指标`, `法人或其他组织` or `总计` reads as one word, and a
//! table laid out by the browser would rather wrap it after two characters (`一级/指标`) than give
//! its column the room. Such cells get the class `gk-short`, so that the theme keeps them on
//! one line on screen and the table takes the width it needs (or scrolls in its region); cells of
//! longer text (a row label such as `一、本年新收政府信息公开申请数量`) get `gk-long`, so that the
//! theme keeps a few characters on each of their lines.

/// Most characters (a Latin letter or digit counts half) a line of a short cell holds.
const SHORT: usize = 8;

/// Adds `gk-short` to every `<td>`/`<th>` whose text, line by line (`<br>` ends a line), is
/// at most [`SHORT`] characters wide, and wider than two, with a character a line may break after
/// (Chinese: a number or a Latin word does not break anyway, two characters fit a cell's least
/// width, and a class on every such cell would only weigh the page), and `gk-long` to every cell
/// with a longer line.
pub(super) fn mark_short_cells(html: &str) -> String {
    if !html.contains("<td") && !html.contains("<th") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = next_cell(rest) {
        let Some(tag_len) = rest[at..].find('>') else {
            break;
        };
        let open = &rest[at..at + tag_len + 1];
        let name = &open[1..3];
        let after = &rest[at + open.len()..];
        let close = format!("</{name}>");
        let class = after
            .find(&close)
            .map(|end| &after[..end])
            .filter(|inner| !inner.contains("<table"))
            .and_then(class_of);
        out.push_str(&rest[..at]);
        match class {
            Some(class) => out.push_str(&with_class(open, class)),
            None => out.push_str(open),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Byte offset of the next `<td` or `<th` start tag (not `<thead>`).
fn next_cell(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find("<t") {
        let at = from + i;
        let tail = s.as_bytes().get(at + 2..at + 4).unwrap_or_default();
        if matches!(tail.first(), Some(b'd' | b'h')) && matches!(tail.get(1), Some(b'>' | b' ')) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// The cell's start tag with `class` added to its classes.
fn with_class(open: &str, class: &str) -> String {
    match open.find(" class=\"") {
        Some(i) => {
            let at = i + " class=\"".len();
            format!("{}{class} {}", &open[..at], &open[at..])
        }
        None => format!("{} class=\"{class}\">", &open[..open.len() - 1]),
    }
}

/// `gk-long` when a line of a cell's inner HTML is longer than [`SHORT`]; `gk-short` when one is
/// longer than two characters and has Chinese text; else none.
fn class_of(inner: &str) -> Option<&'static str> {
    let mut widest = 0;
    let mut breakable = false;
    for line in inner.split("<br") {
        // drop the rest of a `<br>`/`<br />` tag, then every other tag
        let line = if inner.starts_with(line) {
            line
        } else {
            line.split_once('>').map_or("", |(_, t)| t)
        };
        let mut width = 0usize;
        let mut in_tag = false;
        let mut in_entity = false;
        for c in line.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if in_tag => {}
                '&' => {
                    in_entity = true;
                    width += 1;
                }
                ';' if in_entity => in_entity = false,
                _ if in_entity => {}
                c if c.is_whitespace() => {}
                c if c.is_ascii() => width += 1,
                _ => width += 2,
            }
        }
        if width > 2 * SHORT {
            return Some("gk-long");
        }
        widest = widest.max(width);
        breakable |= !line.is_ascii();
    }
    (breakable && widest > 4).then_some("gk-short")
}

#[cfg(test)]
mod tests {
    use super::mark_short_cells;

    #[test]
    fn short_chinese_cells_are_marked_numbers_pairs_and_long_text_are_not() {
        let html = "<table><thead><tr><th>一级指标</th><th style=\"text-align: right\">（本列数据的勾稽关系为：第一项加第二项之和）</th></tr></thead>\n<tbody><tr><td>商业<br />企业</td><td>15172.500</td><td></td><td class=\"x\">社会公益组织</td><td>总计</td></tr></tbody></table>";
        let out = mark_short_cells(html);
        assert!(
            out.contains("<th class=\"gk-short\">一级指标</th>"),
            "{out}"
        );
        assert!(
            out.contains("<th style=\"text-align: right\" class=\"gk-long\">（本列"),
            "{out}"
        );
        assert!(
            out.contains("<td>商业<br />企业</td>"),
            "lines of two characters fit anyway: {out}"
        );
        assert!(
            out.contains("<td>15172.500</td>"),
            "a number breaks nowhere: {out}"
        );
        assert!(
            out.contains("<td></td>"),
            "an empty cell stays as it is: {out}"
        );
        assert!(
            out.contains("<td class=\"gk-short x\">社会公益组织</td>"),
            "{out}"
        );
        assert!(
            out.contains("<td>总计</td>"),
            "two characters fit anyway: {out}"
        );
        assert!(out.contains("<thead><tr>"), "{out}");
    }

    #[test]
    fn a_line_of_nine_characters_is_long() {
        let out = mark_short_cells("<td>一二三四五六七八九</td><td>1.属于国家秘密</td>");
        assert_eq!(
            out,
            "<td class=\"gk-long\">一二三四五六七八九</td><td class=\"gk-short\">1.属于国家秘密</td>"
        );
    }
}
