//! Nothing of a `.docx` table is dropped: a picture in a cell of a merged-cell table and a table
//! nested in a cell reach the built page, each in its cell.

use super::docx::{cell, p, with_picture, W};
use super::*;

fn tables_docx() -> Vec<u8> {
    let picture = "<w:p><w:r><w:drawing><wp:inline><wp:docPr id=\"1\" name=\"图片 1\" descr=\"现场照片\"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed=\"rIdImg\"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>";
    let nested = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        cell("", "子项"),
        cell("", "金额"),
        cell("", "设备购置"),
        cell("", "12万元"),
    );
    let body = [
        p("<w:jc w:val=\"center\"/>", "示例县农业农村局关于项目验收情况的通报"),
        p("", "　　现将项目验收情况通报如下，验收结果见下表。"),
        format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}<w:tc><w:tcPr/>{}{picture}</w:tc></w:tr><w:tr>{}<w:tc><w:tcPr/>{}{nested}{}</w:tc></w:tr></w:tbl>",
            cell("", "项目"),
            cell("<w:gridSpan w:val=\"2\"/>", "验收情况"),
            cell("<w:gridSpan w:val=\"2\"/>", "高标准农田"),
            p("", "已完工，照片如下："),
            cell("<w:gridSpan w:val=\"2\"/>", "农机购置补贴"),
            p("", "资金明细："),
            p("", "已全部兑付。"),
        ),
        p("", "　　特此通报。"),
    ]
    .concat();
    let document = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>");
    with_picture(&document, &[])
}

#[test]
fn a_picture_in_a_cell_and_a_nested_table_are_kept() {
    let mut site = site();
    import_one(&site, "yanshou.docx", &tables_docx()).assert_code(0);
    let image = site
        .root()
        .join("content")
        .join(SECTION)
        .join("yanshou-image1.png");
    assert_eq!(std::fs::read(&image).unwrap(), GOV_MARK_PNG);
    site.build(&[]).assert_code(0);
    let page = site.page(&format!("/{SECTION}/yanshou/"));
    let outer = one(&page, ".gk-body > table, .gk-body table:not(table table)");
    let picture_cell = select_in(outer, "td")
        .into_iter()
        .find(|td| text(*td).contains("已完工"))
        .expect("the cell with the picture");
    let img = select_in(picture_cell, "img");
    assert_eq!(img.len(), 1, "the picture stays in its cell");
    assert_eq!(attr(img[0], "alt"), Some("现场照片"));
    let src = attr(img[0], "src").unwrap();
    assert!(src.ends_with("yanshou-image1.png"), "{src}");
    let inner = select_in(outer, "td table");
    assert_eq!(inner.len(), 1, "the nested table stays a table");
    let cells: Vec<String> = select_in(inner[0], "td, th")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(cells, ["子项", "金额", "设备购置", "12万元"]);
    let holder = select_in(outer, "td")
        .into_iter()
        .find(|td| text(*td).contains("资金明细"))
        .unwrap();
    let t = text(holder);
    assert!(
        t.find("资金明细").unwrap() < t.find("设备购置").unwrap()
            && t.find("设备购置").unwrap() < t.find("已全部兑付").unwrap(),
        "reading order kept: {t}"
    );
}
