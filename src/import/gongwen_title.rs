//! What the title of a 公文 says beyond itself: the 发文机关 of a title in the pattern
//! 发文机关＋关于＋事由＋文种 (`某某市人民代表大会常务委员会关于批准……的决议`), and the date of
//! adoption in the 题注 under it (`（2019年3月1日……会议通过）`); stray spaces that a CMS or a
//! line break left inside a title are removed.

use std::sync::LazyLock;

use regex::Regex;

/// The 文种 of GB/T 9704 (and the 条例/办法/规定 that a 决定 or 令 publishes), as they end a title.
const GENRES: &[&str] = &[
    "决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复",
    "议案", "函", "复函", "纪要", "令",
];

/// How the name of an organ ends: the 发文机关 before `关于` must end so.
static ORGAN_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:委员会|常务委员会|人民代表大会|人民政府|政府|办公厅|办公室|党委|党组|纪委|监委",
        r"|人民法院|人民检察院|法院|检察院|部|厅|局|委|署|院|会|办|中心|处|所|站|队|馆|集团",
        r"|公司|协会|联合会|总工会|团委|妇联|科协|社|支队|大队|分局)$"
    ))
    .expect("organ ending")
});

/// The 发文机关 a title names before `关于` when it ends with a 文种 (`某某市人民政府关于……的通知`
/// → `某某市人民政府`; joint titles `甲局 乙局关于…` → `甲局、乙局`). `None` when the part before
/// `关于` is not the name of an organ (`关于……的通知`, `转发……关于……的通知`).
pub fn issuer_of_title(title: &str) -> Option<String> {
    // Spaces may part joint issuers, or be strays inside one name.
    issuers_before_about(title.trim()).or_else(|| issuers_before_about(&tidy_title(title)))
}

fn issuers_before_about(t: &str) -> Option<String> {
    let (before, after) = t.split_once("关于")?;
    let after = after.trim_end_matches(['。', ' ']);
    if !GENRES.iter().any(|g| after.ends_with(g)) {
        return None;
    }
    let names: Vec<String> = before
        .split(['、', '，', '\n'])
        .flat_map(organ_names)
        .collect();
    let organ = |n: &String| is_organ_name(n);
    (!names.is_empty() && names.iter().all(organ)).then(|| names.join("、"))
}

/// The full names of organs that sign by short names (`湖南能源监管办`、`省能源局`): the
/// title, which names them in full before `关于`, is cut into as many organs' names, each
/// holding every character of its short name, in order. Of several cuts the one whose names
/// end in the longest organ words (`办公室` rather than `办`) is taken; `None` on a tie, or
/// when the names signed are the title's own.
pub fn full_names(short: &[&str], title: &str) -> Option<Vec<String>> {
    let tidy = tidy_title(title);
    let (before, _) = tidy.split_once("关于")?;
    // Names the title parts with 、 are whole already when they are the short ones.
    let before: String = before.chars().filter(|c| *c != '、').collect();
    let before = before.as_str();
    if short.len() < 2 || short.concat() == before {
        return None;
    }
    let chars: Vec<char> = before.chars().collect();
    let mut found = Vec::new();
    cut(&chars, short, &mut Vec::new(), &mut found);
    let ending = |names: &Vec<String>| -> usize {
        names
            .iter()
            .filter_map(|n| ORGAN_END.find(n).map(|m| m.as_str().chars().count()))
            .sum()
    };
    let best = found.iter().map(ending).max()?;
    let mut top = found.into_iter().filter(|f| ending(f) == best);
    let first = top.next()?;
    top.next().is_none().then_some(first)
}

fn cut(rest: &[char], short: &[&str], done: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
    let Some((first, others)) = short.split_first() else {
        if rest.is_empty() {
            found.push(done.clone());
        }
        return;
    };
    for end in 2..=rest.len() {
        let part: String = rest[..end].iter().collect();
        if is_organ_name(&part) && first.chars().all(|c| part.contains(c)) {
            done.push(part);
            cut(&rest[end..], others, done, found);
            done.pop();
        }
    }
}

/// The names a line holds when spaces part them (`甲局  乙行` → `甲局`, `乙行`); a name set out
/// with a space between every character (`湖　南　省　能　源　局`) is one name.
pub fn organ_names(line: &str) -> Vec<String> {
    let space = |c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}';
    let parts: Vec<&str> = line.split(space).filter(|s| !s.is_empty()).collect();
    if parts.len() > 1 && parts.iter().all(|p| p.chars().count() == 1) {
        vec![parts.concat()]
    } else {
        parts.into_iter().map(str::to_string).collect()
    }
}

/// A 文号 in brackets ending a page's heading (`…的通知(发改价格规〔2020〕100号)`).
static BRACKETED_DOC_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（]\s*[^()（）]{1,20}[〔\[［(（]\s*(?:19|20)[0-9]{2}\s*[〕\]］)）][^()（）]{0,8}号\s*[)）]\s*$")
        .expect("bracketed 文号")
});

/// The title without the 文号 a page's heading repeats in brackets at its end; `None` when it
/// ends otherwise.
pub fn without_bracketed_doc_no(title: &str) -> Option<String> {
    let m = BRACKETED_DOC_NO.find(title)?;
    let bare = title[..m.start()].trim_end();
    (bare.chars().count() >= 4).then(|| bare.to_string())
}

/// Whether `lines` (the 公文's title lines, squeezed) are the `known` title (squeezed) with the
/// 发文机关 before it: a page heads `关于……的通知`, the document `某某委关于……的通知`.
pub fn issuer_then_title(lines: &str, known: &str) -> bool {
    let known = without_bracketed_doc_no(known).unwrap_or_else(|| known.to_string());
    lines
        .strip_suffix(known.as_str())
        .is_some_and(is_organ_name)
}

/// The name of one organ: Chinese, 2 to 40 characters, ending as organs' names end
/// (`某某县统计局`), and not a verb phrase (`转发…`).
pub fn is_organ_name(n: &str) -> bool {
    let count = n.chars().count();
    (2..=40).contains(&count)
        && ORGAN_END.is_match(n)
        && n.chars().all(|c| is_cjk(c) || c.is_ascii_alphanumeric())
        && !["转发", "印发", "批转"].iter().any(|v| n.contains(v))
}

/// The organ a closing line in brackets names (`（某某县统计局）` at the end of a bulletin or a
/// report, the office signing for it); `None` for any other line.
pub fn closing_attribution(line: &str) -> Option<String> {
    let t = line.trim();
    let inner = t
        .strip_prefix(['（', '('])?
        .strip_suffix(['）', ')'])?
        .trim();
    let names: Vec<&str> = inner
        .split([' ', '\u{3000}', '、'])
        .filter(|s| !s.is_empty())
        .collect();
    (!names.is_empty() && names.iter().all(|n| is_organ_name(n))).then(|| names.join("、"))
}

/// A 题注 line: a bracketed note under the title that dates the adoption
/// (`（2019年3月1日某某市第十六届人民代表大会常务委员会第二十次会议通过）`), or that is the date
/// alone (`（2023年4月12日）` under a bulletin or a speech).
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]\s*((?:19|20)[0-9]{2}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)(?:[^（）()]{0,120}(?:通过|批准|审议|公布|发布|施行|修正|修订|印发)[^（）()]{0,60})?[）)]$")
        .expect("题注 pattern")
});

/// Note marks a title line may end with (`……统计公报[1]`, `［1］`, `①`).
static NOTE_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\[[0-9]{1,2}\]|［[0-9０-９]{1,2}］|[①-⑳])+$").expect("note mark")
});

/// A title line without the note marks it ends with, for comparing it with the title.
pub fn without_note_mark(line: &str) -> &str {
    NOTE_MARK.find(line).map_or(line, |m| &line[..m.start()])
}

/// The document a notice prints, by its title (`关于印发《某某办法》的通知` → `某某办法`).
static PRINTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:印发|转发|发布)《?(.+?)》?的(?:通知|决定)$").expect("印发 pattern")
});

/// The title of the document a 印发/转发 notice prints, from the notice's title.
pub fn printed_by(title: &str) -> Option<String> {
    let c = PRINTS.captures(title.trim())?;
    (c[1].chars().count() >= 4).then(|| c[1].to_string())
}

/// A date standing alone on the line under the title or its byline (`2023年3月28日`).
static DATE_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$")
        .expect("date line pattern")
});

/// The date written at the start of a 题注 line (or a date line standing alone under the title),
/// as the line gives it; `None` when the line is neither.
pub fn caption_date(line: &str) -> Option<String> {
    let squeezed: String = line
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    CAPTION
        .captures(&squeezed)
        .or_else(|| DATE_ALONE.captures(&squeezed))
        .map(|c| c[1].to_string())
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
        || "〇（）《》〈〉“”‘’、，：；—〔〕".contains(c)
}

/// The title with stray spaces removed: any space (ASCII, full-width, no-break) between two
/// Chinese characters or marks goes; spaces between Latin words stay (single).
pub fn tidy_title(title: &str) -> String {
    let chars: Vec<char> = title
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
        .chars()
        .collect();
    let space = |c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}';
    let mut out = String::with_capacity(title.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !space(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && space(chars[j]) {
            j += 1;
        }
        let before = out.chars().last();
        let after = chars.get(j).copied();
        let keep = !(before.is_some_and(is_cjk) || after.is_some_and(is_cjk));
        if keep {
            out.push(' ');
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_named_by_the_title() {
        let t = |s: &str| issuer_of_title(s);
        assert_eq!(
            t("某某市人民代表大会常务委员会关于批准《某某市城市规划条例》的决议").as_deref(),
            Some("某某市人民代表大会常务委员会")
        );
        assert_eq!(
            t("国务院办公厅关于印发全国深化“放管服”改革优化营商环境电视电话会议重点任务分工方案的通知")
                .as_deref(),
            Some("国务院办公厅")
        );
        assert_eq!(
            t("财政部 税务总局关于明确增值税有关政策的公告").as_deref(),
            Some("财政部、税务总局")
        );
        assert_eq!(t("关于做好冬季安全工作的通知"), None);
        assert_eq!(t("转发省政府关于加强安全生产的通知"), None);
        assert_eq!(t("某某市人民政府关于城市总体规划"), None);
        assert_eq!(t("市长在全市大会上关于营商环境的讲话"), None);
    }

    #[test]
    fn caption_lines_date_the_adoption() {
        assert_eq!(
            caption_date("（2019年3月1日某某市第十六届人民代表大会常务委员会第二十次会议通过）")
                .as_deref(),
            Some("2019年3月1日")
        );
        assert_eq!(
            caption_date("(2020年 12月 30日市政府第 5 次常务会议审议通过)").as_deref(),
            Some("2020年12月30日")
        );
        assert_eq!(caption_date("（此件公开发布）"), None);
        assert_eq!(
            caption_date("（2023年4月12日）").as_deref(),
            Some("2023年4月12日")
        );
        assert_eq!(caption_date("（2023年5月）"), None);
        assert_eq!(
            caption_date("2023年3月28日").as_deref(),
            Some("2023年3月28日")
        );
        assert_eq!(caption_date("2023年3月28日印发"), None);
        assert_eq!(caption_date("（2019年3月1日下午）"), None);
    }

    #[test]
    fn note_marks_leave_title_lines() {
        assert_eq!(without_note_mark("某省统计公报[1]"), "某省统计公报");
        assert_eq!(without_note_mark("某省统计公报［1］"), "某省统计公报");
        assert_eq!(without_note_mark("某省统计公报①"), "某省统计公报");
        assert_eq!(without_note_mark("第[1]号"), "第[1]号");
    }

    #[test]
    fn a_closing_line_in_brackets_names_the_office() {
        assert_eq!(
            closing_attribution("（万载县统计局）").as_deref(),
            Some("万载县统计局")
        );
        assert_eq!(
            closing_attribution("（甲县统计局　国家统计局甲县调查队）").as_deref(),
            Some("甲县统计局、国家统计局甲县调查队")
        );
        assert_eq!(closing_attribution("（此件公开发布）"), None);
        assert_eq!(closing_attribution("（本文有删减）"), None);
        assert_eq!(closing_attribution("万载县统计局"), None);
    }

    #[test]
    fn stray_spaces_leave_titles() {
        assert_eq!(
            tidy_title("某某县人民政府关于　印发 工作方案的通知 "),
            "某某县人民政府关于印发工作方案的通知"
        );
        assert_eq!(
            tidy_title("关于开展 ISO 9001  认证的通知"),
            "关于开展ISO 9001认证的通知"
        );
    }
}
