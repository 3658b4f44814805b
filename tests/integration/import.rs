//! `gongkai import`: every real sample of `tests/fixtures/import` against its hand-checked
//! `expect.yaml` (fields, numbered title lines, body text), the imported site built and read
//! back; `.docx` edge cases generated here (Word numbering, style-inherited alignment, merged
//! cells, footnotes, pictures, several attachments, 版记); saved pages with GBK bytes, hidden
//! metadata, template text and local attachments; bad input that must not write anything.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::common::*;

const SECTION: &str = "xxgk/zcwj";

fn import_dir() -> PathBuf {
    fixtures().join("import")
}

/// A test site with the section, ready to import into.
fn site() -> Site {
    SiteBuilder::new().section(SECTION, "政策文件", "").create()
}

fn import(site: &Site, sources: &[&Path], extra: &[&str]) -> Run {
    let mut args: Vec<String> = vec!["import".into()];
    args.extend(sources.iter().map(|p| p.display().to_string()));
    args.extend(
        ["--section", SECTION, "--root"]
            .iter()
            .map(|s| s.to_string()),
    );
    args.push(site.root().display().to_string());
    args.extend(extra.iter().map(|s| s.to_string()));
    gongkai(args)
}

fn imported(site: &Site) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(site.root().join("content").join(SECTION))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "md")
                        && p.file_name().is_some_and(|n| n != "_index.md")
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Text without any whitespace (ASCII, U+3000, no-break) and without Markdown backslash escapes.
fn squeeze(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        if !c.is_whitespace() && c != '\u{3000}' && c != '\u{a0}' {
            out.push(c);
        }
    }
    out
}

fn body_of(md: &str) -> &str {
    md.strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"))
        .map_or(md, |(_, b)| b)
}

/// The source's visible text, whitespace removed: HTML text nodes outside scripts and styles, or
/// the `w:t` runs of a `.docx`.
fn source_text(path: &Path) -> String {
    if path.extension().is_some_and(|e| e == "docx") {
        let f = std::fs::File::open(path).unwrap();
        let mut z = zip::ZipArchive::new(f).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        let runs = regex::Regex::new(r"<w:t(?: [^>]*)?>([^<]*)</w:t>").unwrap();
        let text: String = runs.captures_iter(&xml).map(|c| c[1].to_string()).collect();
        return squeeze(
            &text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        );
    }
    let raw = std::fs::read_to_string(path).unwrap();
    let html = scraper::Html::parse_document(&raw);
    let mut s = String::new();
    for n in html.tree.root().descendants() {
        if let Some(t) = n.value().as_text() {
            let skip = n.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "script" | "style"))
            });
            if !skip {
                s.push_str(t);
            }
        }
    }
    squeeze(&s)
}

/// The lines of a Markdown body with their markup removed (heading marks, link and image
/// syntax, footnote marks, the tags of HTML tables).
fn plain_lines(md: &str) -> Vec<String> {
    let markup = regex::Regex::new(r"^#+ |\[\^\d+\]:? ?|!?\[([^\]]*)\]\(<?[^)>]*>?\)").unwrap();
    let tags = regex::Regex::new(r"<[^>]+>").unwrap();
    md.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let line = markup.replace_all(line, "$1");
            if line.starts_with('<') {
                tags.replace_all(&line, "").into_owned()
            } else {
                line.into_owned()
            }
        })
        .collect()
}

fn expect(name: &str) -> BTreeMap<String, serde_yaml::Value> {
    let text = std::fs::read_to_string(import_dir().join(format!("{name}.expect.yaml"))).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

fn strings(v: Option<&serde_yaml::Value>) -> Vec<String> {
    match v {
        Some(serde_yaml::Value::Sequence(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        Some(serde_yaml::Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Headings that are numbered title lines (一、 （一） 1. 第一章 …), in page order.
fn numbered_headings(page: &scraper::Html) -> Vec<String> {
    let numbered = regex::Regex::new(
        r"^(第[一二三四五六七八九十百]+[章节]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[0-9]+[.．])",
    )
    .unwrap();
    body_headings(page)
        .into_iter()
        .map(|(_, _, t)| t)
        .filter(|t| numbered.is_match(t))
        .collect()
}

#[test]
fn every_sample_imports_as_checked_by_hand() {
    let samples: Vec<String> = std::fs::read_dir(import_dir())
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_string_lossy()
                .strip_suffix(".expect.yaml")
                .map(str::to_string)
        })
        .collect();
    assert!(samples.len() >= 7, "{samples:?}");
    let mut site = site();
    let sources: Vec<PathBuf> = samples
        .iter()
        .map(|n| {
            let html = import_dir().join(format!("{n}.html"));
            if html.exists() {
                html
            } else {
                import_dir().join(format!("{n}.docx"))
            }
        })
        .collect();
    let refs: Vec<&Path> = sources.iter().map(PathBuf::as_path).collect();
    let run = import(&site, &refs, &[]);
    run.assert_code(0);
    let check_run = check(site.root());
    assert!(check_run.errors().is_empty(), "{}", check_run.stderr);
    site.build(&[]).assert_code(0);

    for (name, source) in samples.iter().zip(&sources) {
        let exp = expect(name);
        let md_path = site
            .root()
            .join("content")
            .join(SECTION)
            .join(format!("{name}.md"));
        let md = std::fs::read_to_string(&md_path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let fm = front_matter(&md_path);
        for key in [
            "title",
            "index_no",
            "issuer",
            "written_on",
            "doc_no",
            "source_url",
            "date",
        ] {
            if let Some(want) = exp.get(key).and_then(|v| v.as_str()) {
                let got = fm_str(&fm, key).unwrap_or_default();
                assert!(
                    got == want || key == "date" && got.starts_with(want),
                    "{name}: {key}: expected {want:?}, imported {got:?}\n{md}"
                );
            }
        }
        if let Some(topics) = exp.get("topics") {
            assert_eq!(
                strings(fm.get("topics")),
                strings(Some(topics)),
                "{name}: topics"
            );
        }

        // The body: starts and ends where the person who checked it says, holds all the source
        // text in between, and says nothing the source does not.
        let body = squeeze(&plain_lines(body_of(&md)).concat());
        let src = source_text(source);
        let starts = squeeze(exp["body_starts"].as_str().unwrap());
        let ends = squeeze(exp["body_ends"].as_str().unwrap());
        let (s, e) = (
            src.find(&starts).unwrap(),
            src.find(&ends).unwrap() + ends.len(),
        );
        assert!(
            body.contains(&src[s..e]),
            "{name}: the body must hold the source text from body_starts to body_ends"
        );
        if let Some(a) = exp.get("addressee").and_then(|v| v.as_str()) {
            assert!(
                body.starts_with(&squeeze(a)),
                "{name}: 主送机关 first\n{md}"
            );
        }
        let signoff = strings(exp.get("signoff"));
        if !signoff.is_empty() {
            // In order, after the start of the text (a decree signs before the regulation it
            // publishes, a notice after its last line).
            let mut at = body.find(&starts).unwrap();
            for line in &signoff {
                let found = body[at..].find(&squeeze(line));
                assert!(found.is_some(), "{name}: 落款 line {line:?}\n{md}");
                at += found.unwrap();
            }
        } else {
            assert!(
                md.contains("signature: false"),
                "{name}: no 落款 in the source"
            );
        }
        for key in ["attachment_starts", "attachment_ends", "subtitle_note"] {
            if let Some(t) = exp.get(key).and_then(|v| v.as_str()) {
                assert!(body.contains(&squeeze(t)), "{name}: {key}");
            }
        }
        for line in plain_lines(body_of(&md)) {
            let plain = squeeze(&line);
            assert!(
                src.contains(&plain),
                "{name}: imported text not in the source: {line}"
            );
        }

        // The page: title, metadata panel, numbered title lines, the attached document's title.
        let slug = name.as_str();
        let page = site.page(&format!("/{SECTION}/{slug}/"));
        assert_eq!(
            text(one(&page, "h1")),
            exp["title"].as_str().unwrap(),
            "{name}"
        );
        if let Some(no) = exp.get("doc_no").and_then(|v| v.as_str()) {
            assert_eq!(meta_row(&page, "文号").as_deref(), Some(no), "{name}");
        }
        assert_eq!(
            numbered_headings(&page),
            strings(exp.get("headings")),
            "{name}: numbered title lines"
        );
        if let Some(t) = exp.get("attachment_title").and_then(|v| v.as_str()) {
            assert!(
                body_headings(&page).iter().any(|(_, _, h)| h == t),
                "{name}: the appended document's title is a heading"
            );
        }
        if let Some(url) = exp.get("source_url").and_then(|v| v.as_str()) {
            let path = url.split_once("://").unwrap().1;
            let path = &path[path.find('/').unwrap()..];
            let redirect = site.public().join(path.trim_start_matches('/'));
            let raw = std::fs::read_to_string(&redirect)
                .unwrap_or_else(|e| panic!("{name}: old address {path} kept: {e}"));
            assert!(
                raw.contains(&format!("/{SECTION}/{slug}/")),
                "{name}: redirect"
            );
        }
    }
    // Nothing of the page chrome reached any page.
    for name in &samples {
        let raw = site.raw(&format!("/{SECTION}/{name}/"));
        for chrome in [
            "责任编辑",
            "扫一扫在手机打开",
            "AddFavorite",
            "[打印]",
            "字号:",
        ] {
            assert!(!raw.contains(chrome), "{name}: {chrome}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Generated .docx

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"";

/// A `.docx` from parts (name → content), stored uncompressed.
fn docx(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn p(props: &str, text: &str) -> String {
    format!("<w:p><w:pPr>{props}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn cell(props: &str, text: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p("", text))
}

/// A full 公文 as Word writes it: 版头, 文号, a title centred by its style, Word's own
/// numbering, a merged-cell table, a footnote, a picture, 附件说明 with two attachments, a 落款
/// padded with spaces, 附注, both attachments printed after the 落款, 主题词 and 版记.
fn gongwen_docx() -> Vec<u8> {
    let center = "<w:jc w:val=\"center\"/>";
    let right = "<w:jc w:val=\"right\"/>";
    let num =
        |level: u8| format!("<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"7\"/></w:numPr>");
    let body = [
        p(center, "示例市人民政府办公室文件"),
        p(center, "示政办〔2024〕12号"),
        p("", ""),
        p("<w:pStyle w:val=\"GwTitle\"/>", "示例市人民政府办公室关于印发"),
        p("<w:pStyle w:val=\"GwTitle\"/>", "示例管理办法的通知"),
        p("", "各县（市、区）人民政府，市直各单位："),
        "<w:p><w:r><w:t>　　《示例管理办法》已经市政府同意，现印发给你们，请认真贯彻执行</w:t></w:r><w:r><w:footnoteReference w:id=\"2\"/></w:r><w:r><w:t>。</w:t></w:r></w:p>"
            .to_string(),
        p(&num(0), "工作目标"),
        p(&num(1), "总体安排"),
        p("", "　　全年完成示例任务，具体分工见下表。"),
        format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
            cell("", "单位"),
            cell("<w:gridSpan w:val=\"2\"/>", "任务"),
            cell("<w:vMerge w:val=\"restart\"/>", "市财政局"),
            cell("", "预算"),
            cell("", "决算"),
            cell("<w:vMerge/>", ""),
            cell("", "审计"),
            cell("", "公开"),
        ),
        p(&num(0), "保障措施"),
        format!(
            "<w:p><w:pPr>{center}</w:pPr><w:r><w:drawing><wp:inline><wp:docPr id=\"1\" name=\"图片 1\" descr=\"示例流程图\"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed=\"rIdImg\"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        ),
        p("", "　　附件：1.示例管理办法"),
        p("", "　　　　　2.示例申请表"),
        p("", ""),
        p(right, "示例市人民政府办公室　　　　"),
        p(right, "  2024年3月5日      "),
        p("", "　　（此件主动公开）"),
        p("", "附件1"),
        p(center, "示例管理办法"),
        p("", "第一条　为了规范示例管理，制定本办法。"),
        p("", "附件2"),
        p(center, "示例申请表"),
        p("", "申请人填写本表后提交。"),
        p("", "主题词：示例　管理　办法"),
        p("", "抄送：市委办公室，市人大常委会办公室。"),
        p("", "示例市人民政府办公室　　　　　　2024年3月5日印发"),
    ]
    .concat();
    let document = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>");
    let styles = format!("<w:styles {W}><w:docDefaults><w:pPrDefault><w:pPr><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:styleId=\"GwBase\"><w:name w:val=\"公文标题基\"/><w:pPr><w:jc w:val=\"center\"/></w:pPr></w:style><w:style w:type=\"paragraph\" w:styleId=\"GwTitle\"><w:name w:val=\"公文标题\"/><w:basedOn w:val=\"GwBase\"/><w:rPr><w:b/></w:rPr></w:style></w:styles>");
    let numbering = format!("<w:numbering {W}><w:abstractNum w:abstractNumId=\"3\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%2）\"/></w:lvl></w:abstractNum><w:num w:numId=\"7\"><w:abstractNumId w:val=\"3\"/></w:num></w:numbering>");
    let footnotes = format!("<w:footnotes {W}><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id=\"2\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> 市政府第5次常务会议审议通过。</w:t></w:r></w:p></w:footnote></w:footnotes>");
    let rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdImg\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/image1.png\"/></Relationships>";
    let root_rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    docx(&[
        (
            "[Content_Types].xml",
            b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
        ),
        ("_rels/.rels", root_rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/footnotes.xml", footnotes.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/media/image1.png", GOV_MARK_PNG),
    ])
}

#[test]
fn a_generated_gongwen_keeps_its_structure() {
    let mut site = site();
    let src = tempfile::tempdir().unwrap();
    let file = src.path().join("shizhengban-2024-12.docx");
    std::fs::write(&file, gongwen_docx()).unwrap();
    let run = import(&site, &[&file], &[]);
    run.assert_code(0);
    assert!(run.stdout.contains("文号"), "{}", run.stdout);

    let md_path = site
        .root()
        .join("content")
        .join(SECTION)
        .join("shizhengban-2024-12.md");
    let md = std::fs::read_to_string(&md_path).unwrap();
    let fm = front_matter(&md_path);
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("示例市人民政府办公室关于印发示例管理办法的通知"),
        "{md}"
    );
    assert_eq!(fm_str(&fm, "doc_no").as_deref(), Some("示政办〔2024〕12号"));
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例市人民政府办公室")
    );
    assert_eq!(fm_str(&fm, "written_on").as_deref(), Some("2024-03-05"));
    assert_eq!(strings(fm.get("keywords")), ["示例", "管理", "办法"]);
    let index_no = fm_str(&fm, "index_no").expect("索引号 from index_no_prefix");
    assert!(index_no.starts_with("11110000123456788X/"), "{index_no}");
    let date = fm_str(&fm, "date").unwrap();
    assert!(date.ends_with("+08:00"), "date is now, +08:00: {date}");
    // 版记 is not in the body; the 落款 and 附注 are.
    let body = body_of(&md);
    assert!(
        !body.contains("抄送") && !body.contains("印发\n") && !body.contains("主题词"),
        "{body}"
    );
    assert!(
        md.contains("# 版记（未收入正文）：抄送：市委办公室"),
        "{md}"
    );
    assert!(body.contains("（此件主动公开）"));
    // The picture is saved beside the document.
    let image = site
        .root()
        .join("content")
        .join(SECTION)
        .join("shizhengban-2024-12-image1.png");
    assert_eq!(std::fs::read(&image).unwrap(), GOV_MARK_PNG);

    site.build(&[]).assert_code(0);
    let page = site.page(&format!("/{SECTION}/shizhengban-2024-12/"));
    let headings: Vec<String> = body_headings(&page)
        .into_iter()
        .map(|(_, _, t)| t)
        .collect();
    assert_eq!(
        headings,
        [
            "一、工作目标",
            "（一）总体安排",
            "二、保障措施",
            "示例管理办法",
            "示例申请表"
        ],
        "Word's numbering is written out; both attached documents get their title"
    );
    let table = one(&page, ".gk-body table");
    let th = select_in(table, "th[colspan='2']");
    assert_eq!(th.len(), 1, "merged header cell");
    assert_eq!(text(th[0]), "任务");
    let merged = select_in(table, "td[rowspan='2']");
    assert_eq!(merged.len(), 1);
    assert_eq!(text(merged[0]), "市财政局");
    let img = one(&page, ".gk-body img");
    assert_eq!(attr(img, "alt"), Some("示例流程图"));
    let footnotes = text(one(
        &page,
        ".gk-body .footnote-definition, .gk-body section.footnotes, .gk-body [id^='fn']",
    ));
    assert!(
        footnotes.contains("市政府第5次常务会议审议通过"),
        "{footnotes}"
    );
    assert!(
        select(&page, ".gk-signature").len() == 1,
        "the 落款 is recognised on the page"
    );
    assert_eq!(text(one(&page, ".gk-signature__date")), "2024年3月5日");
}

// ---------------------------------------------------------------------------------------------
// Saved pages

#[test]
fn a_gbk_page_with_hidden_metadata_template_text_and_local_attachments() {
    let site = site();
    let src = tempfile::tempdir().unwrap();
    let page = "<!-- saved from url=(0052)http://www.example.gov.cn/xxgk/202101/t20210119_1.html -->\n\
        <html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
        <title>示例县关于做好冬季安全工作的通知_示例县人民政府</title>\
        <meta name=\"ArticleTitle\" content=\"旧标题（已改）\"><script>var x='{{t}}';</script></head><body>\
        <div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/xxgk/\">信息公开</a></div>\
        <div style=\"display:none\"><table><tr><td>索引号：</td><td></td></tr><tr><td>发布机构：</td><td></td></tr></table></div>\
        <table class=\"xxgk\"><tr><th>索 引 号</th><td>000014349/2021-00012</td><th>发布机构</th><td>示例县人民政府办公室</td></tr>\
        <tr><th>成文日期</th><td>2021年01月15日</td><th>发布日期</th><td>2021-01-19 09:30</td></tr>\
        <tr><th>文　　号</th><td>示政办〔2021〕2号</td><th>有 效 性</th><td>有效</td></tr></table>\
        <div class=\"fontsize\">【字号：<a>大</a> <a>中</a> <a>小</a>】【打印】【关闭】</div>\
        <div id=\"zoom\"><p align=\"center\"><b>示例县关于做好</b></p><p align=\"center\"><b>冬季安全工作的通知</b></p>\
        <p>各乡镇人民政府，县直各单位：</p><p>　　为做好冬季安全工作，现将有关事项通知如下。{{article.author}}</p>\
        <p>　　一、加强组织领导</p><p>　　各单位要高度重视，落实责任。</p>\
        <p>附件：<a href=\"./P020210119.pdf\">1.冬季安全检查表</a></p>\
        <p>附件：<a href=\"http://www.example.gov.cn/att/remote.xls\">2.联系人名单</a></p>\
        <p align=\"right\">示例县人民政府办公室</p><p align=\"right\">2021年1月15日</p></div>\
        <div class=\"share\">分享到：微信 微博</div><div class=\"footer\">版权所有：示例县人民政府 联系电话：0591-12345678</div>\
        <script>document.write('<p>注入的文字</p>')</script></body></html>";
    let (gbk, _, _) = encoding_rs::GBK.encode(page);
    let file = src.path().join("t20210119_1.html");
    std::fs::write(&file, &gbk).unwrap();
    std::fs::write(src.path().join("P020210119.pdf"), b"%PDF-1.4 test").unwrap();
    let run = import(&site, &[&file], &[]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("remote.xls"),
        "remote attachment warned: {}",
        run.stderr
    );

    let md_path = site
        .root()
        .join("content")
        .join(SECTION)
        .join("t20210119_1.md");
    let md = std::fs::read_to_string(&md_path).unwrap();
    let fm = front_matter(&md_path);
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("示例县关于做好冬季安全工作的通知"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "index_no").as_deref(),
        Some("000014349/2021-00012")
    );
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例县人民政府办公室")
    );
    assert_eq!(fm_str(&fm, "written_on").as_deref(), Some("2021-01-15"));
    assert_eq!(fm_str(&fm, "date").as_deref(), Some("2021-01-19 09:30"));
    assert_eq!(fm_str(&fm, "doc_no").as_deref(), Some("示政办〔2021〕2号"));
    assert_eq!(fm_str(&fm, "validity").as_deref(), Some("有效"));
    assert_eq!(
        fm_str(&fm, "source_url").as_deref(),
        Some("http://www.example.gov.cn/xxgk/202101/t20210119_1.html")
    );
    assert_eq!(
        strings(fm.get("aliases")),
        ["/xxgk/202101/t20210119_1.html"]
    );
    assert!(md.contains("file: \"t20210119_1-p020210119.pdf\""), "{md}");
    assert!(
        md.contains("file: \"http://www.example.gov.cn/att/remote.xls\""),
        "{md}"
    );
    let copied = site
        .root()
        .join("content")
        .join(SECTION)
        .join("t20210119_1-p020210119.pdf");
    assert_eq!(std::fs::read(copied).unwrap(), b"%PDF-1.4 test");
    let body = body_of(&md);
    for absent in [
        "{{",
        "注入的文字",
        "字号",
        "分享到",
        "版权所有",
        "当前位置",
        "冬季安全工作的通知\n",
    ] {
        assert!(
            !body.contains(absent),
            "{absent:?} must not be in the body:\n{body}"
        );
    }
    assert!(
        body.trim_start()
            .starts_with("各乡镇人民政府，县直各单位："),
        "{body}"
    );
    assert!(body.contains("一、加强组织领导"));
    let check_run = check(site.root());
    assert!(check_run.errors().is_empty(), "{}", check_run.stderr);
}

#[test]
fn a_body_that_is_one_table_with_merged_cells_stays_a_table() {
    let site = site();
    let src = tempfile::tempdir().unwrap();
    let page = "<html><head><meta charset=\"utf-8\"><title>2021年示例补助资金公示</title></head><body>\
        <div><span>发布日期：</span><span>2021-06-01</span><span>来源：示例县财政局</span></div>\
        <div class=\"article\"><table border=\"1\"><tr><td>乡镇</td><td>村</td><td>金额（元）</td></tr>\
        <tr><td rowspan=\"2\">城关镇</td><td>东村</td><td>12000</td></tr><tr><td>西村</td><td>8000</td></tr>\
        <tr><td colspan=\"2\">合计</td><td>20000</td></tr></table></div></body></html>";
    let file = src.path().join("gongshi-2021.html");
    std::fs::write(&file, page).unwrap();
    import(&site, &[&file], &[]).assert_code(0);
    let md = std::fs::read_to_string(
        site.root()
            .join("content")
            .join(SECTION)
            .join("gongshi-2021.md"),
    )
    .unwrap();
    assert!(md.contains("<td rowspan=\"2\">城关镇</td>"), "{md}");
    assert!(md.contains("<td colspan=\"2\">合计</td>"), "{md}");
    assert!(md.contains("title: \"2021年示例补助资金公示\""));
    assert!(md.contains("issuer: \"示例县财政局\""), "{md}");
}

// ---------------------------------------------------------------------------------------------
// Safety: dry run, no overwrite, bad input

#[test]
fn dry_run_writes_nothing_and_existing_files_are_kept_without_force() {
    let site = site();
    let sample = import_dir().join("guowuyuan-2019-01-02.html");
    let run = import(&site, &[&sample], &["--dry-run"]);
    run.assert_code(0);
    assert!(
        run.stdout.contains("国函〔2018〕159号"),
        "the report shows the fields"
    );
    assert!(imported(&site).is_empty(), "dry run wrote nothing");

    import(&site, &[&sample], &[]).assert_code(0);
    let target = site
        .root()
        .join("content")
        .join(SECTION)
        .join("guowuyuan-2019-01-02.md");
    std::fs::write(&target, "edited by hand").unwrap();
    let again = import(&site, &[&sample], &[]);
    again.assert_code(1);
    assert!(again.stderr.contains("已存在"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "edited by hand");
    import(&site, &[&sample], &["--force"]).assert_code(0);
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("国函〔2018〕159号"));
}

#[test]
fn bad_files_are_reported_and_the_others_still_imported() {
    let site = site();
    let src = tempfile::tempdir().unwrap();
    let dir = src.path();
    // A .doc renamed to .docx, a corrupt zip, a zip that is not Word, an empty page, garbage.
    std::fs::write(
        dir.join("a-renamed.docx"),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
    )
    .unwrap();
    std::fs::write(dir.join("b-corrupt.docx"), b"PK\x03\x04 this is not a zip").unwrap();
    std::fs::write(dir.join("c-not-word.docx"), docx(&[("hello.txt", b"hi")])).unwrap();
    std::fs::write(
        dir.join("d-empty.html"),
        "<html><body><nav><a href=/>首页</a></nav></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.join("e-garbage.htm"),
        [0x00, 0x01, 0x02, 0x81, 0x82, 0xC0].repeat(200),
    )
    .unwrap();
    // A zip bomb (a part far larger than any real document) and a path-traversal entry name.
    let zeros = vec![0u8; 80 << 20];
    let mut bomb = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut bomb);
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("word/document.xml", deflated).unwrap();
        z.write_all(&zeros).unwrap();
        z.finish().unwrap();
    }
    std::fs::write(dir.join("f-bomb.docx"), bomb.into_inner()).unwrap();
    let evil_doc = format!(
        "<w:document {W}><w:body>{}{}</w:body></w:document>",
        p("<w:jc w:val=\"center\"/>", "路径测试通知"),
        p("", "正文内容，引用一张图片。")
    );
    let evil_rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdImg\" Type=\"image\" Target=\"../../../../evil.png\"/></Relationships>";
    std::fs::write(
        dir.join("g-traversal.docx"),
        docx(&[
            ("word/document.xml", evil_doc.as_bytes()),
            ("word/_rels/document.xml.rels", evil_rels.as_bytes()),
            ("../../../../evil.png", b"x"),
        ]),
    )
    .unwrap();
    std::fs::copy(
        import_dir().join("ningde-shizhengfu-bangongshi-2019-08-18.docx"),
        dir.join("h-good.docx"),
    )
    .unwrap();

    let run = import(&site, &[dir], &[]);
    run.assert_code(1);
    for (file, says) in [
        ("a-renamed.docx", ".doc"),
        ("b-corrupt.docx", "zip"),
        ("c-not-word.docx", "document.xml"),
        ("d-empty.html", "找不到正文"),
        ("e-garbage.htm", "编码"),
        ("f-bomb.docx", "上限"),
    ] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("{file} reported:\n{}", run.stderr));
        assert!(
            line.contains("错误") && line.contains(says),
            "{file}: {line}"
        );
    }
    let written: Vec<String> = imported(&site)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        written,
        ["g-traversal.md", "h-good.md"],
        "only the good files"
    );
    // Nothing was written outside the section folder.
    assert!(!site.root().join("evil.png").exists());
    assert!(!site.root().parent().unwrap().join("evil.png").exists());
    let section: Vec<String> = std::fs::read_dir(site.root().join("content").join(SECTION))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(section.iter().all(|n| n.ends_with(".md")), "{section:?}");
}

#[test]
fn word_html_pasted_into_a_utf8_page() {
    let site = site();
    let src = tempfile::tempdir().unwrap();
    let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>示例局2023年政府信息公开工作年度报告-示例局</title></head><body>\
        <div class=\"article\"><h1>示例局2023年政府信息公开工作年度报告</h1>\
        <div class=\"meta\">发布时间：2024-01-20 来源：示例局办公室</div>\
        <div class=\"content\"><meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">\
        <!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->\
        <style>p.MsoNormal{mso-style-parent:\"\";margin:0cm}</style>\
        <p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt'>示例局2023年政府信息公开工作年度报告<o:p></o:p></span></b></p>\
        <p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:仿宋_GB2312'>本报告由示例局根据《中华人民共和国政府信息公开条例》编制。<o:p></o:p></span></p>\
        <p class=MsoNormal style='text-indent:32.0pt'><span>一、总体情况<o:p></o:p></span></p>\
        <p class=MsoNormal style='text-indent:32.0pt'><span>2023年，示例局认真贯彻落实政务公开工作要求。<o:p>&nbsp;</o:p></span></p>\
        <xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml>\
        </div></div></body></html>";
    let file = src.path().join("ndbg-2023.html");
    std::fs::write(&file, page).unwrap();
    import(&site, &[&file], &[]).assert_code(0);
    let md_path = site
        .root()
        .join("content")
        .join(SECTION)
        .join("ndbg-2023.md");
    let md = std::fs::read_to_string(&md_path).unwrap();
    let fm = front_matter(&md_path);
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("示例局2023年政府信息公开工作年度报告")
    );
    assert_eq!(fm_str(&fm, "date").as_deref(), Some("2024-01-20"));
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例局办公室"),
        "{md}"
    );
    let body = body_of(&md).trim();
    assert!(
        body.starts_with("本报告由示例局"),
        "the repeated title is not in the body:\n{body}"
    );
    for absent in ["mso", "Normal", "AllowPNG", "WordDocument"] {
        assert!(!body.contains(absent), "{absent}: {body}");
    }
    assert!(body.contains("\n一、总体情况\n"), "{body}");
}

#[test]
fn two_sources_of_one_name_get_two_documents() {
    let site = site();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let sample = import_dir().join("guowuyuan-2019-01-02.html");
    std::fs::copy(&sample, a.path().join("tongzhi.html")).unwrap();
    std::fs::copy(
        import_dir().join("guowuyuan-bangongting-2018-12-20.html"),
        b.path().join("tongzhi.html"),
    )
    .unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let run = import(
            &site,
            &[
                &a.path().join("tongzhi.html"),
                &b.path().join("tongzhi.html"),
            ],
            extra,
        );
        run.assert_code(0);
    }
    let names: Vec<String> = imported(&site)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["tongzhi-2.md", "tongzhi.md"]);
}
