//! The lines of a 公文 told apart: 文号, 版头 marks (发文机关标志, 份号, 密级, 签发人), 落款
//! issuer and date lines, 附注, 版记, attachment labels, page chrome and template leftovers
//! (used by [`super::gongwen`]).

use std::sync::LazyLock;

use regex::Regex;

use super::gongwen_title::is_organ_name;
use super::model::{Block, Inline, Para, Table};

pub(super) static DOC_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Han}A-Za-z]{1,20}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*[0-9０-９]{1,5}\s*号$|^[\p{Han}]{1,10}第\s*[0-9０-９]{1,5}\s*号$")
        .expect("文号 pattern")
});
pub(super) static DECREE_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^第\s*[0-9０-９一二三四五六七八九十百零〇]{1,6}\s*号$").expect("令号 pattern")
});
pub(super) static CHROME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:【|\[)?\s*(?:字号|字体)\s*[：:]?\s*(?:[【\[]?\s*[大中小]\s*[】\]]?\s*)+",
        r"|(?:【|\[|\s|^)(?:打印(?:本页|正文|此页)?|关闭(?:窗口|本页)?|收藏|返回顶部|保存)(?:】|\]|\s|$)",
        r"|^分享到|^扫一扫|在手机打开|^当前位置|^您(?:现在)?的位置|^上一篇|^下一篇|^相关(?:链接|文章|阅读)",
        r"|^(?:浏览|阅读|访问)(?:次数|量)|^（?责任编辑|^【?纠错】?$|^\s*(?:TOP|top)\s*$",
        r"|(?:浏览|阅读|访问)(?:次数|量)\s*[：:]\s*[0-9]+",
        // The page number of a page converted from PDF (`- 7 -`, `—7—`).
        r"|^[-－—–]\s*[0-9]{1,4}\s*[-－—–]$",
    ))
    .expect("chrome pattern")
});
pub(super) static TEMPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{[^{}]{0,200}\}\}|\$\{[^{}]{0,200}\}|<\$\[[^\]]{0,100}\]>|<!--.*?-->")
        .expect("template pattern")
});
pub(super) static BANJI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:抄\s*送|抄\s*报|分\s*送)\s*[：:]|印\s*发\s*$|^（?共印\s*[0-9一二三四五六七八九十]+\s*份）?$")
        .expect("版记 pattern")
});
pub(super) static KEYWORDS_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^主\s*题\s*词\s*[：:]\s*(.*)$").expect("主题词 pattern"));
pub(super) static ATTACHMENT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[：:]?\s*(.*)$")
        .expect("附件 pattern")
});
pub(super) static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9０-９]{1,2}\s*[.．、]\s*(.+)$").expect("附件 item pattern"));

/// Trims indentation and padding: spaces, U+3000, no-break spaces.
pub fn trim(text: &str) -> &str {
    text.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{3000}' | '\u{a0}' | '\u{feff}' | '\u{200b}')
    })
}

/// The text with every kind of space removed (for comparing titles split over lines).
pub fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{3000}' | '\u{a0}' | '\u{200b}'))
        .collect()
}

pub(super) fn text_of(block: &Block) -> Option<String> {
    match block {
        Block::Para(p) => Some(trim(&p.plain()).to_string()),
        Block::Table(_) => None,
    }
}

pub(super) fn is_empty(block: &Block) -> bool {
    matches!(block, Block::Para(p) if trim(&p.plain()).is_empty() && !p.has_image())
}

/// A line that may be a 落款 issuer: short, no sentence punctuation, not numbered.
pub(super) fn is_issuer_line(text: &str) -> bool {
    let n = text.chars().count();
    (2..=40).contains(&n)
        && !text.contains(['。', '，', ',', '：', ':', '；', '！', '？', '《', '、'])
        && crate::markdown::numbering::marker(text).is_none()
        && !is_date_line(text)
}

/// The organs one 落款 line names: a joint 落款 may set two organs on one line parted by spaces
/// (`甲局 乙委员会`). The line is parted only when every part is a name of three characters or
/// more, so a name spaced out letter by letter (`国　务　院`) stays one.
pub(super) fn signoff_names(line: &str) -> Vec<String> {
    let parts: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || matches!(c, '\u{3000}' | '\u{a0}'))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1
        && parts
            .iter()
            .all(|p| p.chars().count() >= 3 && is_issuer_line(p))
    {
        parts.iter().map(|p| p.to_string()).collect()
    } else {
        vec![trim(line).to_string()]
    }
}

/// `2019年8月18日`, `二〇一九年八月十八日`, with or without spaces inside.
pub fn is_date_line(text: &str) -> bool {
    crate::markdown::is_date_line(&squeeze(text))
}

/// `（此件主动公开）`-style 附注.
pub(super) fn is_note_line(text: &str) -> bool {
    (text.starts_with('（') && text.ends_with('）') || text.starts_with('(') && text.ends_with(')'))
        && text.chars().count() <= 60
        && (text.contains("此件") || text.contains("联系人") || text.contains("公开"))
}

/// A heading-like line: short, no sentence end, not a date.
pub(super) fn is_title_like(text: &str) -> bool {
    let n = text.chars().count();
    (1..=80).contains(&n)
        && !text.ends_with(['。', '：', ':', '；', ';', '，'])
        && !is_date_line(text)
}

/// The title of a copy that sets nothing apart (no centring, no bold): up to three title-like
/// lines from `from` that the 文号 line right under them closes. `None` when no 文号 closes them.
pub(super) fn plain_title_lines(texts: &[Option<String>], from: usize) -> Option<Vec<usize>> {
    let mut lines = Vec::new();
    for (k, text) in texts.iter().enumerate().skip(from) {
        let t = text.as_deref()?;
        if t.is_empty() {
            continue;
        }
        if DOC_NO.is_match(&squeeze(t)) {
            return (!lines.is_empty()).then_some(lines);
        }
        if lines.len() == 3 || !is_title_like(t) {
            return None;
        }
        lines.push(k);
    }
    None
}

/// Splits paragraphs at line breaks, drops template leftovers and page chrome.
pub(super) fn clean(blocks: Vec<Block>, dropped: &mut usize) -> Vec<Block> {
    let mut out = Vec::new();
    for b in blocks {
        let p = match b {
            Block::Para(p) => p,
            // A table of one column is the layout of a page saved as Word, not data: its
            // cells are read in place.
            Block::Table(t) if is_layout(&t) => {
                let inner = t
                    .rows
                    .into_iter()
                    .flatten()
                    .flat_map(|c| c.blocks)
                    .collect();
                out.extend(clean(inner, dropped));
                continue;
            }
            other => {
                out.push(other);
                continue;
            }
        };
        for mut part in split_at_breaks(p) {
            for i in part.inlines.iter_mut() {
                if let Inline::Text(t) = i {
                    if TEMPLATE.is_match(t) {
                        *t = TEMPLATE.replace_all(t, "").into_owned();
                    }
                }
            }
            let text = trim(&part.plain()).to_string();
            if !part.has_image() && (text.is_empty() || CHROME.is_match(&text)) {
                if !text.is_empty() {
                    *dropped += 1;
                }
                continue;
            }
            out.push(Block::Para(part));
        }
    }
    out
}

/// A table whose every row is one cell: a frame around text (a page saved as Word puts its
/// title, its date line and the whole document each in such a cell).
fn is_layout(t: &Table) -> bool {
    !t.rows.is_empty() && t.rows.iter().all(|r| r.len() == 1)
}

/// The 发布时间 that a page line of chrome states (`发布时间：2016-08-08  浏览次数：337`) in the
/// blocks or in the cells of their one-column tables, as written.
pub(super) fn page_date(blocks: &[Block]) -> Option<String> {
    blocks.iter().find_map(|b| match b {
        Block::Para(p) => {
            let text = p.plain();
            let c = PAGE_DATE.captures(&text)?;
            CHROME.is_match(&text).then(|| c[1].to_string())
        }
        Block::Table(t) if is_layout(t) => {
            t.rows.iter().flatten().find_map(|c| page_date(&c.blocks))
        }
        Block::Table(_) => None,
    })
}

static PAGE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:发布(?:时间|日期)|发文日期)\s*[：:]\s*([0-9]{4}\s*[-年./]\s*[0-9]{1,2}\s*[-月./]\s*[0-9]{1,2}日?)")
        .expect("page date pattern")
});

pub(super) fn split_at_breaks(p: Para) -> Vec<Para> {
    if !p.inlines.iter().any(|i| matches!(i, Inline::Break)) {
        return vec![p];
    }
    let empty = Para {
        inlines: vec![],
        ..p.clone()
    };
    let mut parts = vec![empty.clone()];
    for i in p.inlines {
        if matches!(i, Inline::Break) {
            parts.push(empty.clone());
        } else if let Some(last) = parts.last_mut() {
            last.inlines.push(i);
        }
    }
    parts
}

/// The 发文机关标志 line (`某某市人民政府办公室文件`, a decree's `某某市人民政府令`), spaces removed.
pub(super) fn is_issuer_mark(squeezed: &str, centred: bool) -> bool {
    let n = squeezed.chars().count();
    n <= 30
        && (squeezed.ends_with("文件") && n > 4 || squeezed.ends_with('令') && centred)
        && !squeezed.contains("关于")
        || centred && n <= 60 && stacked_mark(squeezed).is_some()
}

/// A joint 发文机关标志 whose stacked names a conversion ran into one line with `文件` among
/// them (`甲局乙委员会文件丙局`): the names before and after `文件`, when both end as an
/// organ's name does.
fn stacked_mark(squeezed: &str) -> Option<String> {
    if squeezed.contains("关于") {
        return None;
    }
    let (before, after) = squeezed.rsplit_once("文件")?;
    (is_organ_name(before) && is_organ_name(after)).then(|| format!("{before}{after}"))
}

/// The issuer a 发文机关标志 line names.
pub(super) fn issuer_of_mark(squeezed: &str) -> String {
    stacked_mark(squeezed).unwrap_or_else(|| {
        squeezed
            .trim_end_matches("文件")
            .trim_end_matches('令')
            .to_string()
    })
}

/// 份号, 密级, 紧急程度 or 签发人 of the 版头, spaces removed.
pub(super) fn is_head_mark(squeezed: &str) -> bool {
    squeezed.chars().all(|c| c.is_ascii_digit()) && squeezed.len() == 6
        || matches!(
            squeezed,
            "特急" | "加急" | "平急" | "秘密" | "机密" | "绝密"
        )
        || squeezed.starts_with("签发人")
}

/// The 发文机关 and 发文字号 of a small table that holds only 版头 lines (templates set the
/// 发文字号 beside the 签发人, or the whole 版头, in a borderless table); `None` when it holds
/// anything else.
pub(super) fn head_in_table(t: &Table) -> Option<(Option<String>, Option<String>)> {
    if t.rows.len() > 3 {
        return None;
    }
    let (mut issuer, mut doc_no) = (None, None);
    // A joint 发文机关标志 set as a table: the organs' names in cells, `文件` in a cell beside them.
    let (mut names, mut file_cell) = (Vec::new(), false);
    for row in &t.rows {
        let mut signer = false;
        for c in row {
            let text: String = c
                .paras()
                .into_iter()
                .map(|p| trim(&p.plain()).to_string())
                .collect();
            let sq = squeeze(&text);
            // The 签发人 label, and the names in the cells after it.
            signer |= sq.starts_with("签发人");
            if sq.is_empty() || signer || is_head_mark(&sq) {
                continue;
            }
            if DOC_NO.is_match(&sq) && doc_no.is_none() {
                doc_no = Some(text);
            } else if is_issuer_mark(&sq, true) && issuer.is_none() {
                issuer = Some(issuer_of_mark(&sq));
            } else if sq == "文件" {
                file_cell = true;
            } else if is_issuer_line(&sq) && sq.chars().count() <= 30 {
                names.push(sq);
            } else {
                return None;
            }
        }
    }
    if !names.is_empty() {
        if !file_cell || issuer.is_some() {
            return None;
        }
        issuer = Some(names.join("、"));
    }
    (issuer.is_some() || doc_no.is_some()).then_some((issuer, doc_no))
}

/// `1.宁德市……措施` → `宁德市……措施`; quotes and the trailing full stop dropped.
pub(super) fn strip_item_number(text: &str) -> String {
    let t = trim(text);
    let t = LIST_ITEM
        .captures(t)
        .map_or(t.to_string(), |c| c[1].to_string());
    t.trim_end_matches(['。', '；', ';'])
        .trim_matches(['《', '》'])
        .trim()
        .to_string()
}

/// A line of a metadata block: a short label, a colon and a value (`效力级别 : 地方规范性文件`).
static LABEL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Han}{2,6}\s*[：:]\s*\S").expect("label line pattern"));

/// A metadata line read: front-matter key, the label as written, the value.
pub(super) type LabelLine = (&'static str, &'static str, String);

/// The metadata block that a law database's export sets under the title (`发布部门 : 国务院`,
/// `发文字号 : 国函〔2021〕91号`, `时效性 : 现行有效`): two or more lines in a row from `from`, each a
/// label, a colon and a value, at least two of them labels gongkai knows. Gives the lines and the
/// known labels' values; a value that is only a dash (`发文字号 : -`) states nothing.
pub(super) fn label_block(
    texts: &[Option<String>],
    from: usize,
) -> Option<(Vec<usize>, Vec<LabelLine>)> {
    let (mut lines, mut known) = (Vec::new(), Vec::new());
    for (k, text) in texts.iter().enumerate().skip(from) {
        let Some(t) = text.as_deref().filter(|t| !t.is_empty()) else {
            if text.is_none() {
                break;
            }
            continue;
        };
        if t.chars().count() > 80 || !LABEL_LINE.is_match(t) {
            break;
        }
        lines.push(k);
        if let Some((label, key, value)) = super::page_meta::match_label(t) {
            if value.chars().any(|c| c.is_alphanumeric()) {
                known.push((key, label, value));
            } else if !value.is_empty() {
                known.push((key, label, String::new()));
            }
        }
    }
    (lines.len() >= 2 && known.len() >= 2).then(|| {
        known.retain(|(_, _, v)| !v.is_empty());
        (lines, known)
    })
}

/// The value without one pair of brackets around it all (`（国函〔2021〕91号）`).
pub(super) fn unbracketed(value: &str) -> &str {
    let v = value.trim();
    [('(', ')'), ('（', '）')]
        .iter()
        .find_map(|(open, close)| v.strip_prefix(*open)?.strip_suffix(*close))
        .map_or(v, str::trim)
}

/// The texts of some lines run together without spaces.
pub(super) fn lines_squeezed(texts: &[Option<String>], lines: &[usize]) -> String {
    lines
        .iter()
        .filter_map(|&k| texts[k].as_deref())
        .map(squeeze)
        .collect()
}

/// The value of a metadata line for a front-matter key, with where it came from.
pub(super) fn label_value(labels: &[LabelLine], key: &str) -> Option<(String, String)> {
    let (_, label, value) = labels.iter().find(|(k, _, _)| *k == key)?;
    Some((value.clone(), format!("文档开头的“{label}”行")))
}

/// How many of the first lines (one to three, none empty) together read as one of the titles the
/// 附件说明 names (`notes`, each already squeezed).
pub(super) fn lines_naming(texts: &[Option<String>], notes: &[String]) -> Option<usize> {
    let mut joined = String::new();
    for (n, t) in texts.iter().take(3).enumerate() {
        let t = t.as_deref().filter(|t| !t.is_empty())?;
        joined.push_str(&squeeze(t));
        if notes.contains(&joined) {
            return Some(n + 1);
        }
    }
    None
}
