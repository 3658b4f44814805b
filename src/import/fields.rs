//! The front matter of an imported document, decided field by field from what the source
//! states outright and what the 公文 recogniser found, each value with where it came from (for
//! the import report); dates in free text (`2018年11月09日`, `二〇一九年八月十八日`) made ISO.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::gongwen::{squeeze, trim, Recognised};
use super::gongwen_lines::{label_value, unbracketed};
use super::gongwen_title::{
    caption_date, full_names, is_organ_name, issuer_of_title, tidy_title, without_bracketed_doc_no,
};
use super::model::{Block, Extracted};
use super::organs::{is_abbreviation, is_account, is_division, joint_organs};
use super::write::ReportRow;
use super::SourceKind;
use crate::content::date::DocDate;

/// The front-matter comment that lists the fields an import could not be sure of, for whoever
/// opens the file next (`gongkai edit` shows the same beside each field instead).
pub const UNSURE_COMMENT: &str = "# 请核对（导入时不能确定）：";

/// Whether a stated value was read from the page's visible label/value pairs.
pub(super) fn shown_on_page(from: &str) -> bool {
    from.starts_with("页面上")
}

type Valued = Option<(String, String)>;

/// Front-matter values with where each came from.
#[derive(Debug, Clone, Default)]
pub(super) struct Fields {
    pub(super) title: Valued,
    pub(super) index_no: Valued,
    pub(super) issuer: Valued,
    pub(super) date: Valued,
    pub(super) written_on: Valued,
    pub(super) doc_no: Valued,
    pub(super) topics: Vec<String>,
    pub(super) topics_from: String,
    pub(super) keywords: Vec<String>,
    pub(super) keywords_from: String,
    pub(super) validity: Valued,
    pub(super) validity_date: Valued,
    pub(super) disclosure: Valued,
    pub(super) genre: Valued,
    pub(super) summary: Valued,
    pub(super) source_url: Valued,
    pub(super) aliases: Vec<String>,
    pub(super) attachments: Vec<(String, String)>,
    pub(super) date_is_now: bool,
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{2}))?")
        .expect("date pattern")
});

/// A date found in free text, as `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM`); Chinese numerals too.
pub fn normalise_date(text: &str) -> Option<String> {
    let digits: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    if let Some(c) = DATE.captures(&digits) {
        let (y, m, d) = (&c[1], c[2].parse::<u8>().ok()?, c[3].parse::<u8>().ok()?);
        let date = format!("{y}-{m:02}-{d:02}");
        DocDate::parse(&date).ok()?;
        return Some(match (c.get(4), c.get(5)) {
            (Some(h), Some(min)) => format!("{date} {:0>2}:{}", h.as_str(), min.as_str()),
            _ => date,
        });
    }
    // `二〇一九年八月十八日`: the Chinese-numeral form, read by the same parser as front matter.
    let found = CHINESE_DATE.find(text)?;
    DocDate::parse(found.as_str()).ok().map(|d| d.ymd())
}

static CHINESE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9０-９〇○零一二三四五六七八九]{4}\s*年\s*[0-9０-９一二三四五六七八九十]{1,3}\s*月\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[日号]")
        .expect("Chinese date pattern")
});

fn split_list(text: &str, extra: &[char]) -> Vec<String> {
    text.split(|c: char| matches!(c, '；' | ';' | '，' | ',' | '|') || extra.contains(&c))
        .map(|s| trim(s).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

impl Fields {
    pub(super) fn decide(
        &mut self,
        ex: &Extracted,
        rec: &Recognised,
        kind: SourceKind,
        source: &Path,
    ) {
        // Else the metadata lines under a .docx's title (`发文字号 : 国函〔2021〕91号`).
        let stated = |k: &str| (ex.stated.get(k).cloned()).or_else(|| label_value(&rec.labels, k));
        // Visible text outranks attributes: the 标题 row of the page, then the title lines at
        // the top of the body, then `<meta>` tags and `<title>` (often stale or generic).
        let labelled_title = stated("title").filter(|(_, f)| shown_on_page(f));
        self.title = labelled_title
            .or_else(|| {
                rec.header_title
                    .as_ref()
                    .map(|(t, n)| (t.clone(), format!("正文开头居中的标题行（{n} 行）")))
            })
            .or_else(|| stated("title"))
            .or_else(|| {
                source
                    .file_stem()
                    .map(|s| (s.to_string_lossy().into_owned(), "文件名".into()))
            })
            .map(|(t, from)| (tidy_title(&t), from));
        // A 文号 cell may wrap the number in brackets (`(川发改价格〔2025〕480号)`).
        self.doc_no = (stated("doc_no").map(|(d, from)| (unbracketed(&d).to_string(), from)))
            .or_else(|| {
                rec.header_doc_no
                    .clone()
                    .map(|d| (squeeze(&d), "标题附近的发文字号行".into()))
            });
        // A page heading that repeats the 文号 in brackets (`…的通知(发改价格规〔2020〕100号)`)
        // names the document by the 公文's own title lines when they end the same way.
        if let (Some((t, _)), Some(_)) = (&self.title, &self.doc_no) {
            if let Some(bare) = without_bracketed_doc_no(t) {
                let full = rec
                    .header_title
                    .as_ref()
                    .map(|(h, _)| tidy_title(h))
                    .filter(|h| h.ends_with(&bare) && h.len() > bare.len());
                self.title = Some(match full {
                    Some(h) => (
                        h,
                        "正文开头居中的标题行（页面标题去掉括号中的发文字号）".into(),
                    ),
                    None => (bare, "页面上的标题（去掉括号中的发文字号）".into()),
                });
            }
        }
        // A 来源 is where the text came from (a department of the organ, a short name, a
        // column such as `某某委信息公开`): a document that signs was issued by the organ that
        // signs it.
        let from_source_line =
            |(_, f): &(String, String)| f.contains("来源") || f.contains("ContentSource");
        // Without a 落款, a 来源 naming one of the organ's divisions (`省能源局节能处`) gives way to
        // the organ the title names in the 公文 pattern.
        let title_organ = (self.title.as_ref()).and_then(|(t, _)| issuer_of_title(t));
        // `来源：本站原创` names this site, not an organ: the site's name stands for it.
        let issuer = stated("issuer").and_then(|(i, from)| {
            if i.starts_with("本站") || i.starts_with("本网") {
                stated("_site_name").map(|(name, _)| (name, format!("{from}（{i}：本网站）")))
            } else {
                Some((i, from))
            }
        });
        // A short name in a 发布机构 cell (`市政府`) stands for the organ the 落款 names in full
        // (`丽水市人民政府`): its characters, in order, are the full name's.
        let abbreviates_signoff = |(i, _): &(String, String)| {
            rec.signoff_issuer
                .as_deref()
                .is_some_and(|full| is_abbreviation(i, full))
        };
        self.issuer = (issuer.map(|(i, from)| (joint_organs(&i), from)))
            .filter(|(i, _)| !is_account(i))
            .filter(|i| !(from_source_line(i) && rec.signoff_issuer.is_some()))
            .filter(|i| !(from_source_line(i) && is_division(&i.0) && title_organ.is_some()))
            .filter(|i| !abbreviates_signoff(i))
            // Nor does a short name of the organ the title names (`全国人大常委会`).
            .filter(|(i, _)| {
                !title_organ
                    .as_deref()
                    .is_some_and(|t| is_abbreviation(i, t))
            })
            .or_else(|| {
                let signed = rec.signoff_issuer.clone()?;
                // Joint organs may sign by short names: their full names are in the title.
                let short: Vec<&str> = signed.split('、').collect();
                let full = self.title.as_ref().and_then(|(t, _)| full_names(&short, t));
                Some(match full {
                    Some(names) => (names.join("、"), "落款的简称，全称取自标题".into()),
                    None => (signed, "落款".into()),
                })
            })
            .or_else(|| {
                rec.header_issuer
                    .clone()
                    .map(|i| (i, "版头（发文机关标志）".into()))
            })
            .or_else(|| {
                rec.closing_issuer
                    .clone()
                    .map(|i| (i, "结尾括号中的机构名（不是落款）".into()))
            })
            .or_else(|| {
                let (_, from) = self.title.as_ref()?;
                // The title lines as set, where a line break or a space parts joint issuers.
                let lines = rec
                    .header_title_lines
                    .as_ref()
                    .filter(|_| from.starts_with("正文开头居中的标题行"));
                lines
                    .and_then(|l| issuer_of_title(l))
                    .or_else(|| title_organ.clone())
                    .map(|i| (i, "标题（发文机关＋关于＋事由＋文种）".into()))
            })
            .or_else(|| {
                // Last, the organ whose site the page is on (`<meta name="SiteName">`).
                stated("_site_name").filter(|(s, _)| is_organ_name(s))
            });
        self.written_on = stated("written_on")
            .and_then(|(v, from)| normalise_date(&v).map(|d| (d, from)))
            .or_else(|| {
                rec.signoff_date
                    .as_deref()
                    .and_then(normalise_date)
                    .map(|d| (d, "落款日期".into()))
            })
            .or_else(|| {
                let caption = rec.caption.as_deref()?;
                let d = normalise_date(&caption_date(caption)?)?;
                Some((d, format!("标题下的题注“{caption}”")))
            });
        self.date = stated("date")
            .and_then(|(v, from)| normalise_date(&v).map(|d| (d, from)))
            .or_else(|| {
                let d = normalise_date(rec.page_date.as_deref()?)?;
                Some((d, "页面的发布时间行（另存为 Word 的网页）".into()))
            });
        if self.date.is_none() {
            self.date_is_now = true;
            let why = match kind {
                SourceKind::Docx => "导入时间（公文中没有发布日期）",
                SourceKind::Html => "导入时间（页面上找不到发布日期）",
            };
            self.date = Some((DocDate::now().iso(), why.into()));
        }
        self.index_no = stated("index_no");
        if let Some((t, from)) = stated("topics") {
            self.topics = split_list(&t, &[]);
            self.topics_from = from;
        }
        let keywords = stated("keywords")
            .or_else(|| rec.keywords.clone().map(|k| (k, "版记中的主题词".into())));
        if let Some((k, from)) = keywords {
            self.keywords = split_list(&k, &[' ', '\u{3000}', '、']);
            self.keywords_from = from;
        }
        self.validity = stated("validity").and_then(|(v, from)| {
            let v = if v.contains("废止") {
                "废止"
            } else if v.contains("失效") {
                "失效"
            } else if v.contains("有效") {
                "有效"
            } else {
                return None;
            };
            Some((v.to_string(), from))
        });
        self.validity_date =
            stated("validity_date").and_then(|(v, from)| normalise_date(&v).map(|d| (d, from)));
        self.disclosure = stated("disclosure");
        self.genre = stated("genre");
        self.summary = stated("summary").filter(|(_, from)| shown_on_page(from));
        self.source_url = ex
            .source_url
            .clone()
            .filter(|(u, _)| super::is_web_address(u));
        let own = self.source_url.as_ref().and_then(|(u, _)| alias_of(u));
        for a in own.into_iter().chain(
            ex.old_paths
                .iter()
                .filter_map(|p| alias_of(&format!("http://old{p}"))),
        ) {
            if !self.aliases.contains(&a) {
                self.aliases.push(a);
            }
        }
    }

    pub(super) fn front_matter(&self, rec: &Recognised) -> String {
        let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
        let list = |v: &[String]| {
            format!(
                "[{}]",
                v.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
            )
        };
        let mut out = String::new();
        let mut line = |k: &str, v: &Valued| {
            if let Some((v, _)) = v {
                out.push_str(&format!("{k}: {}\n", q(v)));
            }
        };
        line("title", &self.title);
        line("index_no", &self.index_no);
        line("issuer", &self.issuer);
        line("date", &self.date);
        line("written_on", &self.written_on);
        line("doc_no", &self.doc_no);
        line("validity", &self.validity);
        line("validity_date", &self.validity_date);
        line("disclosure", &self.disclosure);
        line("genre", &self.genre);
        line("summary", &self.summary);
        line("source_url", &self.source_url);
        if !self.topics.is_empty() {
            out.push_str(&format!("topics: {}\n", list(&self.topics)));
        }
        if !self.keywords.is_empty() {
            out.push_str(&format!("keywords: {}\n", list(&self.keywords)));
        }
        if !self.aliases.is_empty() {
            out.push_str(&format!("aliases: {}\n", list(&self.aliases)));
        }
        if !self.attachments.is_empty() {
            out.push_str("attachments:\n");
            for (title, file) in &self.attachments {
                out.push_str(&format!("  - {{title: {}, file: {}}}\n", q(title), q(file)));
            }
        }
        if rec.signoff_issuer.is_none() {
            out.push_str("signature: false  # 原文没有落款\n");
        }
        let unsure: Vec<String> = [
            ("标题", &self.title),
            ("发布机构", &self.issuer),
            ("发布日期", &self.date),
            ("成文日期", &self.written_on),
            ("信息来源", &self.source_url),
        ]
        .iter()
        .filter_map(|(name, v)| {
            let (_, from) = v.as_ref()?;
            is_uncertain(from).then(|| format!("{name}（{from}）"))
        })
        .collect();
        if !unsure.is_empty() {
            out.push_str(&format!("{UNSURE_COMMENT}{}\n", unsure.join("；")));
        }
        for b in &rec.banji {
            out.push_str(&format!("# 版记（未收入正文）：{}\n", b.replace('\n', " ")));
        }
        out
    }

    pub(super) fn rows(
        &self,
        rec: &Recognised,
        ex: &Extracted,
        body_chars: usize,
    ) -> Vec<ReportRow> {
        let mut rows = Vec::new();
        let add = |rows: &mut Vec<ReportRow>, field: &str, v: &Valued| {
            if let Some((value, from)) = v {
                rows.push(ReportRow {
                    field: field.into(),
                    value: value.clone(),
                    from: from.clone(),
                });
            }
        };
        add(&mut rows, "标题", &self.title);
        add(&mut rows, "索引号", &self.index_no);
        add(&mut rows, "发布机构", &self.issuer);
        add(&mut rows, "发布日期", &self.date);
        add(&mut rows, "成文日期", &self.written_on);
        add(&mut rows, "文号", &self.doc_no);
        add(&mut rows, "有效性", &self.validity);
        add(&mut rows, "失效日期", &self.validity_date);
        add(&mut rows, "信息来源", &self.source_url);
        add(
            &mut rows,
            "主送机关",
            &rec.addressee
                .clone()
                .map(|a| (a, "标题后以冒号结尾的一行".into())),
        );
        if let (Some(i), Some(d)) = (&rec.signoff_issuer, &rec.signoff_date) {
            rows.push(ReportRow {
                field: "落款".into(),
                value: format!("{i} {d}"),
                from: "发文机关署名和成文日期两行（保留在正文）".into(),
            });
        }
        add(
            &mut rows,
            "附注",
            &rec.note_line
                .clone()
                .map(|n| (n, "落款下的括注（保留在正文）".into())),
        );
        if !self.topics.is_empty() {
            rows.push(ReportRow {
                field: "主题分类".into(),
                value: self.topics.join("；"),
                from: self.topics_from.clone(),
            });
        }
        if !self.keywords.is_empty() {
            rows.push(ReportRow {
                field: "主题词".into(),
                value: self.keywords.join(" "),
                from: self.keywords_from.clone(),
            });
        }
        for a in &self.aliases {
            rows.push(ReportRow {
                field: "旧网址".into(),
                value: a.clone(),
                from: "信息来源的路径".into(),
            });
        }
        if !rec.attachment_notes.is_empty() {
            rows.push(ReportRow {
                field: "附件说明".into(),
                value: rec.attachment_notes.join("；"),
                from: "落款前的 “附件：” 说明".into(),
            });
        }
        for t in &rec.appended_titles {
            rows.push(ReportRow {
                field: "附后文件".into(),
                value: t.clone(),
                from: "落款后的居中标题（成为正文中的标题）".into(),
            });
        }
        for (title, file) in &self.attachments {
            rows.push(ReportRow {
                field: "附件".into(),
                value: format!("{title} → {file}"),
                from: "页面上的附件链接".into(),
            });
        }
        if !rec.banji.is_empty() {
            rows.push(ReportRow {
                field: "版记".into(),
                value: rec.banji.join(" / "),
                from: "文末的抄送、印发行（未收入正文）".into(),
            });
        }
        if let Some((enc, _)) = ex.stated.get("_encoding") {
            rows.push(ReportRow {
                field: "编码".into(),
                value: enc.clone(),
                from: "页面".into(),
            });
        }
        let tables = rec
            .body
            .iter()
            .filter(|b| matches!(b, Block::Table(_)))
            .count();
        let images = ex.assets.len();
        rows.push(ReportRow {
            field: "正文".into(),
            value: format!(
                "{} 段，{body_chars} 字；表格 {tables} 个，文件 {images} 个，脚注 {} 条",
                rec.body.len(),
                ex.footnotes.len()
            ),
            from: "正文".into(),
        });
        rows
    }

    pub(super) fn missing(&self, rec: &Recognised, kind: SourceKind) -> Vec<String> {
        let mut m = Vec::new();
        if self
            .title
            .as_ref()
            .is_some_and(|(_, from)| from == "文件名")
        {
            m.push("标题（用了文件名）".to_string());
        }
        if self.index_no.is_none() {
            m.push("索引号（原文没有，本栏目也不用索引号编号）".to_string());
        }
        if self.doc_no.is_none() {
            m.push("文号".into());
        }
        if self.written_on.is_none() {
            m.push("成文日期".into());
        }
        if self
            .issuer
            .as_ref()
            .is_none_or(|(_, from)| from.starts_with("config"))
        {
            m.push("发布机构（用了 config.yaml 中的 issuer）".into());
        }
        if self.topics.is_empty() && kind == SourceKind::Html {
            m.push("主题分类".into());
        }
        if rec.signoff_issuer.is_none() {
            m.push("落款（已写 signature: false）".into());
        }
        if self.date_is_now {
            m.push("发布日期（用了导入时间）".into());
        }
        m
    }
}

/// Whether a value's source makes it a guess a clerk should check: inferred from the title or
/// a closing line in brackets, taken from `config.yaml`, the import time, the mirror file's time, the file name, or a
/// heading that `<title>` does not confirm.
pub fn is_uncertain(from: &str) -> bool {
    [
        "标题（发文机关",
        "结尾括号中的机构名",
        "config.yaml",
        "导入时间",
        "镜像文件",
        "文件名",
        "页面上指向本页",
    ]
    .iter()
    .any(|p| from.starts_with(p))
        || from == "页面上的大标题"
}

/// The path of the old address, when it can be kept on this site as a redirect (not one with a
/// query: that is kept by a redirect map).
fn alias_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let path = rest.find('/').map(|i| &rest[i..])?;
    let path = path.split('#').next()?;
    // An address served by a program (a query, or a `.jsp`/`.php`… page) is no static file: the
    // migration's redirect maps keep it.
    if crate::import::mirror::address::is_dynamic(path) {
        return None;
    }
    let ok = path.len() > 1
        && path.len() <= 200
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
        && !path.contains("..")
        && !path.contains("//");
    ok.then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_free_text() {
        assert_eq!(
            normalise_date("2018年11月09日").as_deref(),
            Some("2018-11-09")
        );
        assert_eq!(
            normalise_date("发布日期: 2012-06-24").as_deref(),
            Some("2012-06-24")
        );
        assert_eq!(
            normalise_date("2021-01-19 17:11:57").as_deref(),
            Some("2021-01-19 17:11")
        );
        assert_eq!(
            normalise_date("二〇一九年八月十八日").as_deref(),
            Some("2019-08-18")
        );
        assert_eq!(
            normalise_date("二○二○年十二月三十一日").as_deref(),
            Some("2020-12-31")
        );
        assert_eq!(
            normalise_date("２０２０年４月８日").as_deref(),
            Some("2020-04-08")
        );
        assert_eq!(normalise_date("2021年13月1日"), None);
        assert_eq!(normalise_date("今天"), None);
    }

    #[test]
    fn aliases_keep_plain_paths_only() {
        assert_eq!(
            alias_of("http://www.gov.cn/zhengce/content/2018-11/09/content_5338761.htm").as_deref(),
            Some("/zhengce/content/2018-11/09/content_5338761.htm")
        );
        assert_eq!(alias_of("http://x.gov.cn/"), None);
        assert_eq!(alias_of("http://x.gov.cn/a/../b"), None);
        assert_eq!(alias_of("http://x.gov.cn/art.jsp?id=1"), None);
        assert_eq!(alias_of("http://x.gov.cn/xxgk/jgzn.asp"), None);
    }
}
