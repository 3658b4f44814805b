//! `.docx` 公文 as offices publish them on the web, generated here after real samples of the
//! corpus: a page saved as Word (its one-column layout tables, its 发布时间 line), joint issuers
//! (a 版头 table of two organs beside `文件`, one 落款 line naming both, title lines naming
//! them line by line), sections that mix run-in and standalone title lines, and a copy typed in
//! with nothing set apart (the 文号 under the title lines closes them).

use super::docx::{cell, docx, p, W};
use super::*;

const CENTER: &str = "<w:jc w:val=\"center\"/>";
const RIGHT: &str = "<w:jc w:val=\"right\"/>";

fn word(body: &str) -> Vec<u8> {
    let document = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>");
    let rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    docx(&[
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ])
}

/// A table of one column, a row per cell content.
fn frame(rows: &[String]) -> String {
    let rows: String = rows
        .iter()
        .map(|c| format!("<w:tr><w:tc><w:tcPr/>{c}</w:tc></w:tr>"))
        .collect();
    format!("<w:tbl>{rows}</w:tbl>")
}

#[test]
fn a_page_saved_as_word_is_read_through_its_layout_tables() {
    let date_line = frame(&[p(
        CENTER,
        "发布时间：2016-08-08    浏览次数：337    【字体调整：大 中 小】",
    )]);
    let body = [
        frame(&[
            p(CENTER, "省政府办公厅关于印发示例行动方案的通知"),
            p(CENTER, ""),
        ]),
        frame(&[format!("{date_line}{}", p(CENTER, ""))]),
        frame(&[[
            p(CENTER, "示政办发〔2016〕76号"),
            p("", "各市、县（市、区）人民政府，省各委办厅局："),
            p(
                "",
                "　　《示例行动方案》已经省人民政府同意，现印发给你们，请认真组织实施。",
            ),
            p(RIGHT, "示例省人民政府办公厅"),
            p(RIGHT, "2016年7月11日"),
        ]
        .concat()]),
    ]
    .concat();
    let site = site();
    import_one(&site, "xingdong.docx", &word(&body)).assert_code(0);
    let (md, fm) = written(&site, "xingdong");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("省政府办公厅关于印发示例行动方案的通知"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "doc_no").as_deref(),
        Some("示政办发〔2016〕76号"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例省人民政府办公厅"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "written_on").as_deref(),
        Some("2016-07-11"),
        "{md}"
    );
    assert!(
        fm_str(&fm, "date").is_some_and(|d| d.starts_with("2016-08-08")),
        "the page's 发布时间: {md}"
    );
    let body = body_of(&md);
    assert!(
        body.trim_start().starts_with("各市、县（市、区）人民政府"),
        "主送 first: {body}"
    );
    assert!(
        !body.contains("浏览次数") && !body.contains("<table"),
        "{body}"
    );
}

#[test]
fn joint_issuers_in_a_head_table_and_on_one_signoff_line() {
    let head = format!(
        "<w:tbl><w:tr>{}<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc></w:tr><w:tr>{}<w:tc><w:tcPr><w:vMerge/></w:tcPr>{}</w:tc></w:tr></w:tbl>",
        cell("", "示例省工业和信息化厅"),
        p("<w:jc w:val=\"distribute\"/>", "文件"),
        cell("", "示例银行南京分行"),
        p("", ""),
    );
    let body = [
        head,
        p(CENTER, "示工信服建〔2020〕40号"),
        p(CENTER, "省工业和信息化厅 示例银行南京分行"),
        p(CENTER, "关于强化金融支持帮助中小企业复工复产的通知"),
        p("", "各设区市工业和信息化局、示例银行南京分行各经营机构："),
        p(
            "",
            "　　为支持中小企业复工复产，现将有关事项通知如下。请认真落实。",
        ),
        p(RIGHT, "示例省工业和信息化厅  示例银行南京分行"),
        p(CENTER, "          2020年2月7日"),
    ]
    .concat();
    let site = site();
    import_one(&site, "fugong.docx", &word(&body)).assert_code(0);
    let (md, fm) = written(&site, "fugong");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("省工业和信息化厅示例银行南京分行关于强化金融支持帮助中小企业复工复产的通知"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "doc_no").as_deref(),
        Some("示工信服建〔2020〕40号"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例省工业和信息化厅、示例银行南京分行"),
        "{md}"
    );
    assert!(
        !body_of(&md).contains("文件"),
        "the 版头 is not body text: {md}"
    );
}

#[test]
fn joint_issuers_named_line_by_line_in_the_title() {
    let body = [
        p(CENTER, "示例省发展和改革委员会"),
        p(CENTER, "示\u{2002}\u{2002}例\u{2002}\u{2002}省\u{2002}\u{2002}能\u{2002}\u{2002}源\u{2002}\u{2002}局"),
        p(CENTER, "关于印发示例实施方案的通知"),
        p(CENTER, "示发改价调〔2025〕663号"),
        p("", "各市州发展改革委："),
        p("", "　　《示例实施方案》已经省人民政府同意，现印发给你们，请认真贯彻执行。"),
    ]
    .concat();
    let site = site();
    import_one(&site, "fangan.docx", &word(&body)).assert_code(0);
    let (md, fm) = written(&site, "fangan");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("示例省发展和改革委员会示例省能源局关于印发示例实施方案的通知"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例省发展和改革委员会、示例省能源局"),
        "no 落款: the organs the title lines name: {md}"
    );
}

#[test]
fn a_title_line_after_a_run_in_section_heads_its_items() {
    let body = [
        p(CENTER, "示例省发展和改革委员会关于竞价工作有关事项的通知"),
        p("", "各有关发电企业："),
        p("", "一、竞价参数"),
        p("", "（六）边际项目最小出清比例。如边际项目入选机制电量小于其竞价电量的一定比例，该项目不予入选，由下一项目依次递补，直至满足规模要求为止。"),
        p("", "（七）单个项目竞价电量"),
        p("", "1.2025年6月1日以前投产的项目"),
        p("", "按核准装机容量和发电利用小时数计算竞价电量，报价单位为元/千瓦时。"),
        p("", "2.2025年6月1日起投产的项目"),
        p("", "按备案装机容量（交流侧）和发电利用小时数计算竞价电量。"),
        p(RIGHT, "示例省发展和改革委员会"),
        p(RIGHT, "2025年11月4日"),
    ]
    .concat();
    let mut site = site();
    import_one(&site, "jingjia.docx", &word(&body)).assert_code(0);
    site.build(&[]).assert_code(0);
    let page = site.page(&format!("/{SECTION}/jingjia/"));
    assert_eq!(
        numbered_headings(&page),
        [
            "一、竞价参数",
            "（七）单个项目竞价电量",
            "1.2025年6月1日以前投产的项目",
            "2.2025年6月1日起投产的项目"
        ]
    );
}

#[test]
fn a_gongwen_converted_from_pdf_keeps_its_organs_and_drops_its_page_numbers() {
    let body = [
        p(
            CENTER,
            "示例能源监管办公室示例省发展和改革委员会文件示  例  省  能  源  局",
        ),
        p(CENTER, "示监能市场〔2023〕21号"),
        p(
            CENTER,
            "示例能源监管办公室示例省发展和改革委员会示例省能源局关于印发《示例交易规则》的通知",
        ),
        p("", "各市场运营机构，有关电力企业："),
        p("", "为规范电力辅助服务市场交易，我们对原规则进"),
        p(RIGHT, "-1 -"),
        p(
            "",
            "行了修订，现将修订后《示例交易规则》印发给你们，请遵照执行。",
        ),
        p("", "\t\t示例能源监管办\t省发展和改革委\t省能源局"),
        p(RIGHT, "2023年4月11日"),
        p("", "- 2 -"),
    ]
    .concat();
    let site = site();
    import_one(&site, "guize.docx", &word(&body)).assert_code(0);
    let (md, fm) = written(&site, "guize");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("示例能源监管办公室示例省发展和改革委员会示例省能源局关于印发《示例交易规则》的通知"),
        "the 版头 run into one line is not the title: {md}"
    );
    assert_eq!(
        fm_str(&fm, "doc_no").as_deref(),
        Some("示监能市场〔2023〕21号"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例能源监管办公室、示例省发展和改革委员会、示例省能源局"),
        "the organs signing by short names, named in full: {md}"
    );
    let body = body_of(&md);
    assert!(!body.contains("-1 -") && !body.contains("- 2 -"), "{body}");
}

#[test]
fn plain_lines_closed_by_the_doc_no_under_them_are_the_title() {
    // A 公文 typed into Word with nothing set apart: the title lines are neither centred nor
    // bold, and only the 文号 under them tells where the title ends.
    let body = [
        p("", "示例省人民政府关于调整示例产品"),
        p("", "许可目录的决定"),
        p("", "示政发〔2024〕11号"),
        p("", ""),
        p("", "各市、县人民政府，省政府各部门："),
        p("", "　　省政府决定，调整示例产品许可目录。"),
        p("", "示例省人民政府"),
        p("", "2024年5月3日"),
    ]
    .concat();
    let site = site();
    import_one(&site, "jueding.docx", &word(&body)).assert_code(0);
    let (md, fm) = written(&site, "jueding");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("示例省人民政府关于调整示例产品许可目录的决定"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "doc_no").as_deref(),
        Some("示政发〔2024〕11号"),
        "{md}"
    );
    assert!(
        !md.contains("许可目录的决定\n"),
        "title lines leave the body: {md}"
    );
}

#[test]
fn a_law_database_export_gives_its_metadata_lines_and_prints_the_title_again() {
    // A law database's export: the title, a block of `标签 : 值` lines, then the text printed
    // with its own title, the 文号 in brackets under it and the 主送, each after a line break.
    let body = [
        p(CENTER, "示例省人民政府关于示例规划的批复"),
        p("", "发布部门 : 示例省政府"),
        p("", "发文字号 : 示政函〔2021〕91号"),
        p("", "发布日期 : 2021-09-10"),
        p("", "时效性 : 现行有效"),
        p("", "效力级别 : 地方规范性文件"),
        "<w:p><w:r><w:br/><w:t>示例省人民政府关于示例规划的批复</w:t><w:br/><w:t>（示政函〔2021〕91号）</w:t><w:br/><w:br/><w:t>示例市人民政府：</w:t><w:br/><w:t>你市关于示例规划的请示收悉。现批复如下：</w:t></w:r></w:p>".to_string(),
        p("", "一、原则同意《示例规划》。"),
        p("", "示例省人民政府"),
        p("", "2021年9月8日"),
    ]
    .concat();
    let site = site();
    import_one(&site, "pifu.docx", &word(&body)).assert_code(0);
    let (md, fm) = written(&site, "pifu");
    for (key, want) in [
        ("title", "示例省人民政府关于示例规划的批复"),
        ("doc_no", "示政函〔2021〕91号"),
        // The label's short name gives way to the organ the title names in full.
        ("issuer", "示例省人民政府"),
        ("written_on", "2021-09-08"),
    ] {
        assert_eq!(fm_str(&fm, key).as_deref(), Some(want), "{key}: {md}");
    }
    assert!(
        fm_str(&fm, "date").is_some_and(|d| d.starts_with("2021-09-10")),
        "{md}"
    );
    let body = body_of(&md);
    assert!(
        body.trim_start().starts_with("示例市人民政府："),
        "主送 first, the labels and the repeated title left out: {body}"
    );
    assert!(
        !body.contains("效力级别") && !body.contains("批复\n"),
        "{body}"
    );
}

#[test]
fn the_document_a_notice_prints_is_titled_however_it_is_set() {
    // `关于印发某办法的通知` with no 附件说明: the 办法 printed after the 落款 opens with its title
    // on two plain lines; the notice's own title names it.
    let body = [
        p(CENTER, "示例省农业厅关于印发示例渔船终端管理办法的通知"),
        p("", "各市农业局："),
        p(
            "",
            "《示例渔船终端管理办法》已经厅务会审议通过，现印发给你们，请认真贯彻执行。",
        ),
        p("", "示例省农业厅"),
        p("", "2021年1月19日"),
        p("", "示例渔船终端"),
        p("", "管理办法"),
        p(CENTER, "第一章 总则"),
        p("", "第一条　为加强渔船终端管理，制定本办法。"),
    ]
    .concat();
    let site = site();
    import_one(&site, "banfa.docx", &word(&body)).assert_code(0);
    let (md, _) = written(&site, "banfa");
    assert!(md.contains("# 示例渔船终端管理办法\n"), "{md}");
    assert!(!md.contains("\n管理办法\n"), "{md}");
}
