//! Recognises the parts of a 公文 (GB/T 9704) in the blocks a reader found: 版头, 发文字号 and
//! the title lines at the top, 主送机关, 附件说明, the 落款 (issuer and date lines, padded or
//! aligned), 附注, a document printed after the 落款 (with or without a 附件 label), and the
//! 版记 (抄送, 印发机关和日期, 主题词) at the end. Page chrome and template leftovers are dropped.

use super::gongwen_lines::{
    clean, head_in_table, is_empty, is_head_mark, is_issuer_line, is_issuer_mark, is_note_line,
    is_title_like, issuer_of_mark, label_block, lines_naming, lines_squeezed, page_date,
    plain_title_lines, signoff_names, strip_item_number, text_of, unbracketed, LabelLine,
    ATTACHMENT_LABEL, BANJI, DECREE_NO, DOC_NO, KEYWORDS_LINE, LIST_ITEM,
};
pub use super::gongwen_lines::{is_date_line, squeeze, trim};
use super::gongwen_title::{
    caption_date, closing_attribution, is_organ_name, issuer_of_title, issuer_then_title,
    organ_names, printed_by, without_note_mark,
};

/// The most organs a joint 落款 names, a line each.
const MAX_JOINT_ISSUERS: usize = 9;
use super::model::{Align, Block, Extracted, Inline};

/// What the recogniser found, with where each part came from.
#[derive(Debug, Clone, Default)]
pub struct Recognised {
    /// Title lines found at the top (joined).
    pub header_title: Option<(String, usize)>,
    /// The same title lines one per line (`\n` between them), for the organs a joint title
    /// names line by line.
    pub header_title_lines: Option<String>,
    /// 发文字号 line at the top.
    pub header_doc_no: Option<String>,
    /// 发布时间 on a page line of a web page saved as Word (dropped as chrome).
    pub page_date: Option<String>,
    /// Metadata lines under the title (`发文字号 : 国函〔2021〕91号`), left out of the body.
    pub labels: Vec<LabelLine>,
    /// 发文机关标志 (版头) line, without `文件`.
    pub header_issuer: Option<String>,
    /// 题注 under the title (`（2019年3月1日……会议通过）`), kept in the body.
    pub caption: Option<String>,
    /// 主送机关.
    pub addressee: Option<String>,
    /// 落款 issuer line(s).
    pub signoff_issuer: Option<String>,
    /// 落款 date line.
    pub signoff_date: Option<String>,
    /// The office named in brackets on the closing line when there is no 落款 (`（某某县统计局）`).
    pub closing_issuer: Option<String>,
    /// 附注 line after the 落款.
    pub note_line: Option<String>,
    /// Items of the 附件说明.
    pub attachment_notes: Vec<String>,
    /// Titles of documents printed after the 落款.
    pub appended_titles: Vec<String>,
    /// 版记 lines (抄送, 印发) left out of the body.
    pub banji: Vec<String>,
    /// 主题词 from the 版记.
    pub keywords: Option<String>,
    /// The body blocks to write.
    pub body: Vec<Block>,
    /// Paragraphs dropped as page chrome or template text.
    pub dropped: usize,
}

/// Finds the parts of the 公文. `known_titles` are titles the source states elsewhere (a
/// metadata table, `<title>`): when there are any, lines at the top are taken as the title
/// only when one of them contains those lines.
pub fn recognise(ex: &Extracted, known_titles: &[String]) -> Recognised {
    let known: Vec<String> = known_titles.iter().map(|k| squeeze(k)).collect();
    let mut r = Recognised {
        page_date: page_date(&ex.blocks),
        ..Recognised::default()
    };
    let mut blocks = clean(ex.blocks.clone(), &mut r.dropped);
    let texts: Vec<Option<String>> = blocks.iter().map(text_of).collect();

    // 1. The top: 版头, 份号/密级/紧急程度, 发文字号, title lines.
    let mut remove = vec![false; blocks.len()];
    let mut title_lines: Vec<usize> = Vec::new();
    let mut doc_no_after_title = false;
    let mut i = 0;
    while i < blocks.len() {
        let p = match &blocks[i] {
            Block::Para(p) => p,
            Block::Table(t) if title_lines.is_empty() && r.header_doc_no.is_none() => {
                let Some((issuer, no)) = head_in_table(t) else {
                    break;
                };
                if let Some(issuer) = issuer {
                    r.header_issuer.get_or_insert(issuer);
                }
                r.header_doc_no = no;
                remove[i] = true;
                i += 1;
                continue;
            }
            Block::Table(_) => break,
        };
        let t = texts[i].clone().unwrap_or_default();
        let squeezed = squeeze(&t);
        let unmarked = without_note_mark(&squeezed);
        if t.is_empty() && !p.has_image() {
            i += 1;
            continue;
        }
        if p.has_image() && t.is_empty() {
            break;
        }
        let centred = p.align == Align::Center || p.bold || p.heading.is_some();
        let part_of_title = known.iter().any(|k| k.contains(unmarked));
        if is_issuer_mark(&squeezed, centred) && !part_of_title && title_lines.is_empty() {
            r.header_issuer
                .get_or_insert_with(|| issuer_of_mark(&squeezed));
            remove[i] = true;
        } else if DOC_NO.is_match(unbracketed(&squeezed))
            || DECREE_NO.is_match(&squeezed) && r.header_issuer.is_some()
        {
            // A web copy may set the 文号 in brackets under the title: `（国函〔2021〕91号）`.
            r.header_doc_no
                .get_or_insert(unbracketed(&squeezed).to_string());
            // 文号 under the title (web copies) closes the title; above it (GB/T 9704) opens it.
            doc_no_after_title = !title_lines.is_empty();
            remove[i] = true;
        } else if is_head_mark(&squeezed) {
            remove[i] = true;
        } else if title_lines.is_empty()
            && squeezed.chars().count() <= 8
            && ATTACHMENT_LABEL
                .captures(&squeezed)
                .is_some_and(|c| c[1].is_empty())
        {
            // An attachment published on its own opens with its 附件N label: it stays, and the
            // title follows it.
        } else if centred && is_title_like(&t) && !doc_no_after_title && caption_date(&t).is_none()
        {
            title_lines.push(i);
        } else if let Some(lines) = (title_lines.is_empty() && r.header_doc_no.is_none())
            .then(|| plain_title_lines(&texts, i))
            .flatten()
        {
            i = lines[lines.len() - 1] + 1;
            title_lines = lines;
            continue;
        } else if let Some((lines, labels)) = label_block(&texts, i) {
            for &k in &lines {
                remove[k] = true;
            }
            r.labels = labels;
            i = lines[lines.len() - 1] + 1;
            continue;
        } else if !title_lines.is_empty() && squeezed == lines_squeezed(&texts, &title_lines) {
            // The title printed again above the text (an export that sets its own title first).
            remove[i] = true;
        } else {
            break;
        }
        i += 1;
    }
    // Centred lines after the title (a byline naming the authors) are not part of it: the title
    // is the longest run of those lines that the title stated elsewhere contains.
    // A joint 公文 names its organs a line each above `关于…`: they are joined with `、`.
    let joined_of = |lines: &[usize]| -> String {
        let parts: Vec<String> = lines.iter().filter_map(|&k| texts[k].clone()).collect();
        let mut joined = String::new();
        for (n, part) in parts.iter().enumerate() {
            if n > 0 && is_organ_name(&parts[n - 1]) && is_organ_name(part) {
                joined.push('、');
            }
            joined.push_str(part);
        }
        joined
    };
    // The title stated elsewhere may be garbled (a `<meta>` missing a word): title lines that
    // read as 发文机关 + 关于 + 事由 + 文种 are the title all the same.
    let matches_known = |joined: &str| {
        let joined_squeezed = squeeze(joined);
        let unmarked = without_note_mark(&joined_squeezed);
        known.is_empty()
            || known
                .iter()
                .any(|k| k.contains(unmarked) || issuer_then_title(unmarked, k))
            || issuer_of_title(joined).is_some_and(|i| i.contains('、'))
    };
    while title_lines.len() > 1 && !matches_known(&joined_of(&title_lines)) {
        title_lines.pop();
    }
    if !title_lines.is_empty() {
        let joined = joined_of(&title_lines);
        if matches_known(&joined) {
            for &k in &title_lines {
                remove[k] = true;
            }
            r.header_title = Some((
                without_note_mark(joined.trim_end()).to_string(),
                title_lines.len(),
            ));
            let lines: Vec<String> = title_lines
                .iter()
                .filter_map(|&k| texts[k].clone())
                .collect();
            r.header_title_lines = Some(without_note_mark(lines.join("\n").trim_end()).to_string());
        }
    }
    let mut body_start = (0..blocks.len())
        .find(|&k| !remove[k] && !is_empty(&blocks[k]))
        .unwrap_or(blocks.len());
    // A 题注 under the title (or under a byline naming the authors) stays in the body and
    // dates the adoption.
    let next_text = |k: usize| (k + 1..blocks.len()).find(|&j| !is_empty(&blocks[j]));
    let byline = texts
        .get(body_start)
        .cloned()
        .flatten()
        .filter(|t| is_issuer_line(t))
        .and_then(|_| next_text(body_start));
    for at in [Some(body_start), byline].into_iter().flatten() {
        if let Some(t) = texts.get(at).cloned().flatten() {
            if caption_date(&t).is_some() {
                r.caption = Some(trim(&t).to_string());
                body_start = next_text(at).unwrap_or(blocks.len());
                break;
            }
        }
    }

    // 2. 主送机关: the first line, ending with a colon.
    if let Some(Some(t)) = texts.get(body_start) {
        if (t.ends_with('：') || t.ends_with(':'))
            && t.chars().count() <= 150
            && crate::markdown::numbering::marker(t).is_none()
            && !ATTACHMENT_LABEL.is_match(t)
        {
            r.addressee = Some(t.clone());
        }
    }

    // 3. 落款: issuer line(s) followed by a date line.
    let nonempty: Vec<usize> = (body_start..blocks.len())
        .filter(|&k| !is_empty(&blocks[k]))
        .collect();
    let mut signoff: Option<(usize, usize)> = None;
    for w in 1..nonempty.len() {
        let (a, d) = (nonempty[w - 1], nonempty[w]);
        let (Some(ta), Some(td)) = (&texts[a], &texts[d]) else {
            continue;
        };
        // A 落款 closes text: a byline and date under the title (a bulletin's) is not one.
        let after_text = nonempty[..w - 1].iter().any(|&k| {
            texts[k]
                .as_ref()
                .is_some_and(|t| t.ends_with('。') || t.chars().count() > 40)
        });
        if w >= 2 && after_text && is_issuer_line(ta) && is_date_line(td) {
            let mut first = a;
            // Joint documents: an issuer line each, set right or (web copies) centred.
            let mut k = w - 1;
            while k >= 2 && k + MAX_JOINT_ISSUERS > w {
                let prev = nonempty[k - 1];
                match &texts[prev] {
                    Some(tp)
                        if is_issuer_line(tp)
                            && matches!(&blocks[prev], Block::Para(p) if matches!(p.align, Align::End | Align::Center)) =>
                    {
                        first = prev;
                        k -= 1;
                    }
                    _ => break,
                }
            }
            signoff = Some((first, d));
            break;
        }
    }
    if signoff.is_none() {
        // No 落款: a bulletin or report may close with the office in brackets.
        if let Some(name) = nonempty
            .last()
            .and_then(|&k| texts[k].as_deref())
            .and_then(closing_attribution)
        {
            r.closing_issuer = Some(name);
        }
    }
    let mut appended_start = blocks.len();
    if let Some((first, date)) = signoff {
        // A line may hold two signers parted by spaces (`甲厅  乙银行某分行`, one joint 落款
        // line): names of four characters or more, one of them an organ's.
        let names: Vec<String> = (first..date)
            .filter_map(|k| texts[k].clone())
            .filter(|t| !t.is_empty())
            // A letter-spaced name (`湖 南 省 …`) is one organ; names parted by spaces are several.
            .flat_map(|t| signoff_names(&organ_names(&t).join(" ")))
            .collect();
        r.signoff_issuer = Some(names.join("、"));
        r.signoff_date = texts[date].clone().map(|t| squeeze(&t));
        appended_start = date + 1;
        if let Some(&next) = nonempty.iter().find(|&&k| k > date) {
            if let Some(t) = texts[next].as_ref().filter(|t| is_note_line(t)) {
                r.note_line = Some(t.clone());
                appended_start = next + 1;
            }
        }
        // 附件说明 between the body and the 落款.
        let mut k = first;
        while k > body_start {
            k -= 1;
            let Some(t) = &texts[k] else { break };
            if t.is_empty() {
                continue;
            }
            if let Some(c) = ATTACHMENT_LABEL.captures(t).filter(|_| t.starts_with('附')) {
                let mut items = vec![strip_item_number(&c[1])];
                // The item lines join the 附件说明 paragraph, one per line, so that `2.乙表`
                // is not read as a numbered title of its own.
                let mut merged = vec![Inline::Text(t.clone())];
                for j in k + 1..first {
                    let Some(item) = texts[j].clone().filter(|x| LIST_ITEM.is_match(x)) else {
                        continue;
                    };
                    items.push(strip_item_number(&item));
                    merged.push(Inline::Break);
                    merged.push(Inline::Text(item));
                    remove[j] = true;
                }
                if let Block::Para(p) = &mut blocks[k] {
                    p.inlines = merged;
                }
                r.attachment_notes = items.into_iter().filter(|s| !s.is_empty()).collect();
                break;
            }
            if !LIST_ITEM.is_match(t) {
                break;
            }
        }
    }

    // 4. 版记 at the end, and 主题词.
    let mut end = blocks.len();
    while end > appended_start.min(blocks.len()).max(body_start) {
        let k = end - 1;
        let Some(t) = &texts[k] else { break };
        if t.is_empty() {
            end -= 1;
            continue;
        }
        let sq = squeeze(t);
        if let Some(c) = KEYWORDS_LINE.captures(t) {
            r.keywords = Some(trim(&c[1]).to_string());
        } else if BANJI.is_match(&sq) || BANJI.is_match(t) {
            r.banji.insert(0, t.clone());
        } else {
            break;
        }
        remove[k] = true;
        end -= 1;
    }

    // 5. Documents printed after the 落款: a 附件 label line, then a centred title.
    if signoff.is_some() {
        // The titles the 附件说明 names, and the document a notice prints (`关于印发某办法的通知`).
        let named: Vec<String> = (r.attachment_notes.iter().cloned())
            .chain((r.header_title.as_ref()).and_then(|(t, _)| printed_by(t)))
            .map(|n| squeeze(&n))
            .collect();
        let mut k = appended_start;
        while k < end {
            let Some(t) = texts[k].clone() else {
                k += 1;
                continue;
            };
            let label = ATTACHMENT_LABEL
                .captures(&t)
                .filter(|c| c[1].trim().is_empty() && t.chars().count() <= 8);
            if label.is_some() {
                // The label stays a paragraph of its own: with several documents it carries their
                // number (附件1, 附件2), which the 附件说明 refers to.
                k += 1;
                continue;
            }
            // A title named so (`附件：某某任务`) is the title however it is aligned, also when it
            // runs over two or three lines.
            if let Some(n) = lines_naming(&texts[k..end], &named) {
                let joined: String = texts[k..k + n].iter().flatten().cloned().collect();
                if let Block::Para(p) = &mut blocks[k] {
                    r.appended_titles.push(joined.clone());
                    p.heading = Some(1);
                    p.inlines = vec![Inline::Text(joined)];
                    remove[k + 1..k + n].fill(true);
                    break;
                }
            }
            if let Block::Para(p) = &mut blocks[k] {
                let next_is_text =
                    (k + 1..end).any(|j| texts[j].as_ref().is_none_or(|t| !t.is_empty()));
                if !t.is_empty()
                    && (p.align == Align::Center || p.bold)
                    && is_title_like(&t)
                    && next_is_text
                    && p.heading.is_none()
                {
                    r.appended_titles.push(t.clone());
                    p.heading = Some(1);
                    p.inlines = vec![Inline::Text(t)];
                    // A 题注 under the title stays a paragraph; the rest is the document.
                    break;
                }
            }
            if !t.is_empty() {
                break;
            }
            k += 1;
        }
        // Further appended documents, each introduced by its own 附件N label.
        let mut j = k + 1;
        while j + 1 < end {
            if let Some(t) = &texts[j] {
                if ATTACHMENT_LABEL.is_match(t) && t.chars().count() <= 8 && t.starts_with('附') {
                    let next = (j + 1..end).find(|&x| !is_empty(&blocks[x]));
                    if let Some(n) = next {
                        if let (Block::Para(p), Some(nt)) = (&mut blocks[n], texts[n].clone()) {
                            if p.align == Align::Center && is_title_like(&nt) {
                                r.appended_titles.push(nt.clone());
                                p.heading = Some(1);
                                p.inlines = vec![Inline::Text(nt)];
                            }
                        }
                    }
                }
            }
            j += 1;
        }
    }
    r.body = blocks
        .into_iter()
        .zip(remove)
        .filter(|(b, rm)| !rm && !is_empty(b))
        .map(|(b, _)| b)
        .collect();
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::{Para, Table};

    fn para(text: &str, align: Align) -> Block {
        Block::Para(Para {
            align,
            ..Para::text(text)
        })
    }

    fn doc(blocks: Vec<Block>) -> Extracted {
        Extracted {
            blocks,
            ..Extracted::default()
        }
    }

    #[test]
    fn an_attachment_on_its_own_keeps_its_label_before_the_title() {
        let ex = doc(vec![
            para("附件2", Align::Start),
            para("2022年通过某项认证的专业名单", Align::Center),
            para("第三级认证", Align::Start),
        ]);
        let r = recognise(&ex, &[]);
        assert_eq!(
            r.header_title.as_ref().map(|t| t.0.as_str()),
            Some("2022年通过某项认证的专业名单")
        );
        let texts: Vec<String> = r.body.iter().filter_map(text_of).collect();
        assert_eq!(texts, ["附件2", "第三级认证"]);
    }

    #[test]
    fn notice_with_appended_document() {
        let ex = doc(vec![
            para("某某市人民政府办公室文件", Align::Center),
            para("某政办〔2021〕5号", Align::Center),
            para("某某市人民政府办公室关于印发", Align::Center),
            para("某某办法的通知", Align::Center),
            para("各县（市、区）人民政府：", Align::Start),
            para(
                "　　《某某办法》已经市政府同意，现印发给你们，请认真贯彻执行。",
                Align::Start,
            ),
            para("附件：某某办法", Align::Start),
            para("某某市人民政府办公室", Align::End),
            para("　　2021年3月5日　", Align::End),
            para("（此件主动公开）", Align::Start),
            para("附件", Align::Start),
            para("某某办法", Align::Center),
            para("一、总则", Align::Start),
            para("为了规范管理，制定本办法。", Align::Start),
            para("抄送：市委办公室。", Align::Start),
            para("某某市人民政府办公室　　2021年3月5日印发", Align::Start),
        ]);
        let r = recognise(&ex, &[]);
        assert_eq!(r.header_issuer.as_deref(), Some("某某市人民政府办公室"));
        assert_eq!(r.header_doc_no.as_deref(), Some("某政办〔2021〕5号"));
        assert_eq!(
            r.header_title.as_ref().unwrap().0,
            "某某市人民政府办公室关于印发某某办法的通知"
        );
        assert_eq!(r.addressee.as_deref(), Some("各县（市、区）人民政府："));
        assert_eq!(r.signoff_issuer.as_deref(), Some("某某市人民政府办公室"));
        assert_eq!(r.signoff_date.as_deref(), Some("2021年3月5日"));
        assert_eq!(r.note_line.as_deref(), Some("（此件主动公开）"));
        assert_eq!(r.attachment_notes, vec!["某某办法"]);
        assert_eq!(r.appended_titles, vec!["某某办法"]);
        assert_eq!(r.banji.len(), 2);
        let texts: Vec<String> = r.body.iter().filter_map(text_of).collect();
        assert_eq!(
            texts.first().map(String::as_str),
            Some("各县（市、区）人民政府：")
        );
        assert!(!texts.iter().any(|t| t.contains("抄送")));
        let label = texts.iter().position(|t| t == "附件");
        assert_eq!(
            label.map(|i| texts[i + 1].as_str()),
            Some("某某办法"),
            "the 附件 label is kept, before the appended document's title"
        );
        assert!(texts.iter().any(|t| t == "一、总则"));
    }

    #[test]
    fn chrome_and_template_text_are_dropped() {
        let ex = doc(vec![
            para("【字号：大 中 小】【打印】【关闭】", Align::Start),
            para("正文{{article.content}}第一段。", Align::Start),
            para("分享到：微信 微博", Align::Start),
        ]);
        let r = recognise(&ex, &[]);
        let texts: Vec<String> = r.body.iter().filter_map(text_of).collect();
        assert_eq!(texts, vec!["正文第一段。"]);
        assert_eq!(r.dropped, 2);
    }

    #[test]
    fn head_lines_in_a_table() {
        let cell = |t: &str| crate::import::model::Cell::of_paras(vec![Para::text(t)], 1, 1);
        let mark = || para("示例市人民政府办公室文件", Align::Center);
        // The 发文字号 beside the 签发人 under the 版头; the whole 版头 in one column.
        let beside = vec![vec![
            cell("示政办〔2024〕12号"),
            cell("签发人："),
            cell("张三"),
        ]];
        let column = vec![
            vec![cell("示例市人民政府办公室文件")],
            vec![cell("示政办〔2024〕12号")],
        ];
        for (head, rows) in [(Some(mark()), beside), (None, column)] {
            let table = Block::Table(Table {
                rows,
                header_rows: 0,
            });
            let ex = doc(head
                .into_iter()
                .chain([
                    table,
                    para("示例市人民政府办公室关于做好示例工作的通知", Align::Center),
                    para("各县（市、区）人民政府：", Align::Start),
                    para("正文。", Align::Start),
                ])
                .collect());
            let r = recognise(&ex, &[]);
            assert_eq!(r.header_issuer.as_deref(), Some("示例市人民政府办公室"));
            assert_eq!(r.header_doc_no.as_deref(), Some("示政办〔2024〕12号"));
            assert_eq!(
                r.header_title.map(|t| t.0).as_deref(),
                Some("示例市人民政府办公室关于做好示例工作的通知")
            );
            assert!(r.body.iter().all(|b| matches!(b, Block::Para(_))));
        }
    }

    #[test]
    fn chinese_numeral_signoff_date() {
        let ex = doc(vec![
            para("正文。", Align::Start),
            para("国务院办公厅", Align::End),
            para("二〇〇六年九月七日", Align::End),
        ]);
        let r = recognise(&ex, &[]);
        assert_eq!(r.signoff_date.as_deref(), Some("二〇〇六年九月七日"));
    }
}
