//! `gongkai import` of `.docx` files generated here: a full 公文 (Word numbering, style-inherited
//! alignment, merged cells, footnote, picture, two attachments, 版记), one whose text Word wraps
//! in markup (tracked changes, comments, fields, text boxes, content controls …), and bad input
//! that must not write anything (renamed .doc, corrupt and non-Word zips, a zip bomb, traversal
//! names); a dry run and the refusal to overwrite.

use std::io::Write as _;

use super::*;

// ---------------------------------------------------------------------------------------------
// Generated .docx

pub(super) const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"";

/// The package relationships naming `word/document.xml` the main part.
const ROOT_RELS: &str = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

/// A `.docx` from parts (name → content), stored uncompressed.
pub(super) fn docx(parts: &[(&str, &[u8])]) -> Vec<u8> {
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

pub(super) fn p(props: &str, text: &str) -> String {
    format!("<w:p><w:pPr>{props}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

pub(super) fn cell(props: &str, text: &str) -> String {
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
    with_picture(
        &document,
        &[
            ("word/styles.xml", styles.as_bytes()),
            ("word/numbering.xml", numbering.as_bytes()),
            ("word/footnotes.xml", footnotes.as_bytes()),
        ],
    )
}

/// A `.docx` of `document` (the whole `word/document.xml`) and `parts`, whose picture `rIdImg`
/// is the test PNG.
pub(super) fn with_picture(document: &str, parts: &[(&str, &[u8])]) -> Vec<u8> {
    let rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdImg\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/image1.png\"/></Relationships>";
    let mut all: Vec<(&str, &[u8])> = vec![
        (
            "[Content_Types].xml",
            b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
        ),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/media/image1.png", GOV_MARK_PNG),
    ];
    all.extend_from_slice(parts);
    docx(&all)
}

#[test]
fn a_generated_gongwen_keeps_its_structure() {
    let mut site = site();
    let run = import_one(&site, "shizhengban-2024-12.docx", &gongwen_docx());
    run.assert_code(0);
    assert!(run.stdout.contains("文号"), "{}", run.stdout);

    let (md, fm) = written(&site, "shizhengban-2024-12");
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

/// A 公文 whose text Word wraps in markup of its own: tracked changes, a comment, fields (a
/// `HYPERLINK` field, a field nested in another's instruction, a simple field), a hyperlink, a
/// symbol, an optional hyphen, a phonetic guide, a page break, a text box with its picture
/// fallback, content for newer and older Word, an endnote (in a UTF-16 part), table rows and
/// cells in content controls, a deleted row, and the 发文字号 beside the 签发人 in a table.
fn marked_up_docx() -> Vec<u8> {
    let center = "<w:jc w:val=\"center\"/>";
    let right = "<w:jc w:val=\"right\"/>";
    let run = |t: &str| format!("<w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r>");
    let field = |instr: &str, result: &str| {
        format!("<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\">{instr}</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{result}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>")
    };
    let para = |inner: String| format!("<w:p>{inner}</w:p>");
    let text_box = format!(
        "<w:txbxContent>{}<w:tbl><w:tr>{}</w:tr></w:tbl></w:txbxContent>",
        p("", "框中文字"),
        cell("", "框中表格")
    );
    let deleted = "<w:tc><w:p><w:del w:id=\"9\" w:author=\"甲\"><w:r><w:delText>删除行</w:delText></w:r></w:del></w:p></w:tc>";
    let body = [
        p(center, "示例市人民政府办公室文件"),
        format!(
            "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
            cell("", "示政办〔2024〕9号"),
            cell("", "签发人：张三")
        ),
        p(center, "示例市人民政府办公室关于做好示例工作的通知"),
        p("", "各县（市、区）人民政府："),
        para(format!(
            "{}<w:ins w:id=\"1\" w:author=\"甲\">{}</w:ins><w:del w:id=\"2\" w:author=\"甲\"><w:r><w:delText>删除文字</w:delText></w:r></w:del><w:moveFrom w:id=\"3\" w:author=\"甲\">{}</w:moveFrom><w:moveTo w:id=\"4\" w:author=\"甲\">{}</w:moveTo>",
            run("修订："),
            run("插入文字"),
            run("移走文字"),
            run("移来文字")
        )),
        para(format!(
            "<w:commentRangeStart w:id=\"0\"/>{}<w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r>",
            run("批注所在的段落。")
        )),
        para(format!(
            "{}{}{}<w:fldSimple w:instr=\" NUMPAGES \">{}</w:fldSimple>",
            run("域："),
            field(
                " HYPERLINK \"http://www.example.gov.cn/zcwj/\" \\o \"提示\" ",
                &run("政策文件库")
            ),
            field(
                &format!(" IF {} = \"甲\" \"是\" ", field(" MERGEFIELD 类别 ", &run("内层结果"))),
                &run("外层结果")
            ),
            run("共三页")
        )),
        para(format!(
            "{}<w:hyperlink r:id=\"rIdLink\"><w:r><w:t>示例市人民政府网站</w:t></w:r></w:hyperlink>",
            run("链接：")
        )),
        para(format!(
            "{}<w:r><w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/></w:r>{}<w:r><w:softHyphen/></w:r>{}<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>zhòng</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>重</w:t></w:r></w:rubyBase></w:ruby></w:r>{}<w:r><w:br w:type=\"page\"/></w:r>{}",
            run("符号："),
            run("同意"),
            run("通过"),
            run("要事项"),
            run("分页后文字")
        )),
        para(format!(
            "{}<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><wp:docPr id=\"1\" name=\"文本框 1\"/><a:graphic><a:graphicData><wps:wsp><wps:txbx>{text_box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{text_box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>",
            run("文本框：")
        )),
        para(format!(
            "{}<mc:AlternateContent><mc:Choice Requires=\"w14\">{}</mc:Choice><mc:Fallback>{}</mc:Fallback></mc:AlternateContent>",
            run("兼容："),
            run("新版文字"),
            run("旧版文字")
        )),
        para(format!("{}<w:r><w:endnoteReference w:id=\"1\"/></w:r>", run("尾注"))),
        format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:sdt><w:sdtPr/><w:sdtContent><w:tr>{}<w:sdt><w:sdtPr/><w:sdtContent>{}</w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt><w:tr><w:trPr><w:del w:id=\"8\" w:author=\"甲\"/></w:trPr>{deleted}{deleted}</w:tr></w:tbl>",
            cell("", "项目"),
            cell("", "说明"),
            cell("", "控件行"),
            cell("", "控件单元格")
        ),
        p(right, "示例市人民政府办公室"),
        p(right, "2024年3月5日"),
    ]
    .concat();
    let ns = "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" xmlns:v=\"urn:schemas-microsoft-com:vml\"";
    let document = format!("<w:document {W} {ns}><w:body>{body}<w:sectPr/></w:body></w:document>");
    let comments = format!("<w:comments {W}><w:comment w:id=\"0\" w:author=\"乙\"><w:p><w:r><w:t>批注内容</w:t></w:r></w:p></w:comment></w:comments>");
    let endnotes = format!("<?xml version=\"1.0\" encoding=\"UTF-16\"?><w:endnotes {W}><w:endnote w:id=\"1\"><w:p><w:r><w:t>尾注内容。</w:t></w:r></w:p></w:endnote></w:endnotes>");
    let endnotes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(endnotes.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdLink\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"http://www.example.gov.cn/\" TargetMode=\"External\"/></Relationships>";
    docx(&[
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/comments.xml", comments.as_bytes()),
        ("word/endnotes.xml", &endnotes),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
    ])
}

#[test]
fn word_markup_around_the_text_gives_each_text_once() {
    let mut site = site();
    import_one(&site, "marked-up.docx", &marked_up_docx()).assert_code(0);
    let (md, fm) = written(&site, "marked-up");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("示例市人民政府办公室关于做好示例工作的通知"),
        "{md}"
    );
    assert_eq!(fm_str(&fm, "doc_no").as_deref(), Some("示政办〔2024〕9号"));
    let body = body_of(&md);
    for once in [
        "插入文字",
        "移来文字",
        "批注所在的段落。",
        "外层结果",
        "共三页",
        "[政策文件库](<http://www.example.gov.cn/zcwj/>)",
        "[示例市人民政府网站](<http://www.example.gov.cn/>)",
        "符号：✓同意通过重要事项\n",
        "\n分页后文字\n",
        "框中文字",
        "框中表格",
        "兼容：新版文字",
        "| 控件行 | 控件单元格 |",
        "[^1]: 尾注内容。",
    ] {
        assert_eq!(body.matches(once).count(), 1, "{once:?} once:\n{body}");
    }
    for absent in [
        "删除",
        "移走",
        "批注内容",
        "HYPERLINK",
        "提示",
        "MERGEFIELD",
        "内层结果",
        "NUMPAGES",
        "旧版文字",
        "zhòng",
        "签发人",
        "w:",
        "|  |",
    ] {
        assert!(
            !body.contains(absent),
            "{absent:?} not in the body:\n{body}"
        );
    }
    assert!(check(site.root()).errors().is_empty());
    site.build(&[]).assert_code(0);
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
    assert_refused(
        &run,
        &[
            ("a-renamed.docx", ".doc"),
            ("b-corrupt.docx", "zip"),
            ("c-not-word.docx", "document.xml"),
            ("d-empty.html", "找不到正文"),
            ("e-garbage.htm", "编码"),
            ("f-bomb.docx", "上限"),
        ],
    );
    let written = imported_names(&site);
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
