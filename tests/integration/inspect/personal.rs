//! 个人信息: ID, mobile and card numbers in sources (with `--fix`) and in attachments (PDF by page,
//! `.docx` by paragraph, `.xlsx` by cell, hidden sheets), each with a clean twin.

use super::*;

// ---------------------------------------------------------------------------------------------
// 个人信息

/// A minimal `.docx` whose paragraphs are `paras`.
fn docx(paras: &[&str]) -> Vec<u8> {
    let body: String = paras
        .iter()
        .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
        .collect();
    zip_of(&[
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string()),
        ("word/document.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>")),
    ])
}

/// A minimal `.xlsx`: a visible sheet 名单 and a hidden sheet 底稿, text cells in A1, A2, …
fn xlsx(visible: &[&str], hidden: &[&str]) -> Vec<u8> {
    let sheet = |cells: &[&str]| {
        let rows: String = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                format!(
                    "<row r=\"{n}\"><c r=\"A{n}\" t=\"inlineStr\"><is><t>{c}</t></is></c></row>",
                    n = i + 1
                )
            })
            .collect();
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}</sheetData></worksheet>")
    };
    zip_of(&[
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/worksheets/sheet2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>".to_string()),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_string()),
        ("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"名单\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"底稿\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/></sheets></workbook>".to_string()),
        ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet2.xml\"/></Relationships>".to_string()),
        ("xl/worksheets/sheet1.xml", sheet(visible)),
        ("xl/worksheets/sheet2.xml", sheet(hidden)),
    ])
}

fn zip_of(parts: &[(&str, String)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        for (name, text) in parts {
            z.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(text.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

/// A PDF of one page per entry of `pages` (ASCII text in Helvetica), with a correct xref table.
pub fn pdf(pages: &[&str]) -> Vec<u8> {
    let n = pages.len();
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
    ];
    for (i, text) in pages.iter().enumerate() {
        let stream = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>", 5 + 2 * i));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ));
    }
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

fn has_pdftotext() -> bool {
    std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok()
}

#[test]
fn personal_data_in_sources_is_found_and_fixed() {
    let id = id_number("35010219900101123");
    let masked_id = format!("350***********{}", &id[14..]);
    let card = card_number("622202020011223344");
    let masked_card = format!("6222***********{}", &card[15..]);
    let body = format!(
        "申请人张某，身份证号{id}，手机 13812345678。\n\n\
         补助发放至工资卡 {card}。\n\n\
         以下都不是个人信息：身份证号{wrong}（校验位不对），联系电话 0635-8888888，\
         索引号 11110000123456788X/2024-00001，聊政发〔2024〕13号，2024年5月1日，\
         合计 13912345678 元，已遮盖的 139****5678。\n",
        wrong = wrong_check(&id)
    );
    let text = doc(
        "关于补助发放的公示",
        "2024-05-01",
        Some(&index_no(2024, 1)),
        "summary: 联系人手机 13987654321\n",
        &body,
    );
    let site = SiteBuilder::new()
        .section("gs", "公示公告", "")
        .file("content/gs/a.md", &text)
        .create();
    let run = check_with(site.root(), &["--today", "2024-05-02"]);
    run.assert_code(1);
    let hint =
        "（gongkai check --fix 可自动遮盖；确需公开的号码写入 config.yaml 的 inspection.allow）";
    assert_eq!(
        lines_of(&run, "个人信息"),
        vec![
            format!("content/gs/a.md:6:16: 错误: summary（内容概述）: 个人信息：未遮盖的手机号码：应写为 “139****4321”{hint}"),
            format!("content/gs/a.md:9:11: 错误: 个人信息：未遮盖的居民身份证号：应写为 “{masked_id}”{hint}"),
            format!("content/gs/a.md:9:33: 错误: 个人信息：未遮盖的手机号码：应写为 “138****5678”{hint}"),
            format!("content/gs/a.md:11:10: 错误: 个人信息：未遮盖的银行卡号：应写为 “{masked_card}”{hint}"),
        ]
    );

    // The allow-list keeps an office's public mobile.
    let allowed = format!("{CONFIG}inspection:\n  allow: [\"139 8765 4321\"]\n");
    site.write("config.yaml", &allowed);
    let run = check_with(site.root(), &["--today", "2024-05-02"]);
    assert_eq!(lines_of(&run, "个人信息").len(), 3, "{}", run.stderr);

    // --fix masks the Markdown and says so; the next check is clean.
    let run = check_with(site.root(), &["--today", "2024-05-02", "--fix"]);
    run.assert_code(0);
    assert_eq!(lines_of(&run, "已改为").len(), 3, "{}", run.stderr);
    let fixed = std::fs::read_to_string(site.root().join("content/gs/a.md")).unwrap();
    assert!(
        fixed.contains(&format!("身份证号{masked_id}，手机 138****5678")),
        "{fixed}"
    );
    assert!(fixed.contains(&format!("工资卡 {masked_card}")));
    assert!(fixed.contains("13987654321"), "allowed number kept");
    assert!(fixed.contains(&wrong_check(&id)), "not an ID: kept");
    let run = check_with(site.root(), &["--today", "2024-05-02"]);
    run.assert_code(0);
    assert!(lines_of(&run, "个人信息").is_empty(), "{}", run.stderr);
}

/// A site whose one document lists mingdan.xlsx, tongzhi.docx and saomiao.pdf (not yet written).
fn attachment_site() -> SiteBuilder {
    let attachments = "attachments:\n  - {title: 名单, file: mingdan.xlsx}\n  - {title: 通知, file: tongzhi.docx}\n  - {title: 扫描件, file: saomiao.pdf}\n";
    let text = doc(
        "名单公示",
        "2024-05-01",
        Some(&index_no(2024, 1)),
        attachments,
        "见附件。\n",
    );
    SiteBuilder::new()
        .section("gs", "公示公告", "")
        .file("content/gs/a.md", text)
}

#[test]
fn personal_data_in_attachments_is_reported_by_page_paragraph_and_cell() {
    let id = id_number("11010519491231002");
    let masked_id = format!("110***********{}", &id[14..]);
    let planted = attachment_site()
        .file(
            "content/gs/mingdan.xlsx",
            xlsx(&["姓名", "张某"], &["底稿", &id]),
        )
        .file(
            "content/gs/tongzhi.docx",
            docx(&["联系人：李某", "手机：13812345678"]),
        )
        .file(
            "content/gs/saomiao.pdf",
            pdf(&["Page one", &format!("ID {id}")]),
        )
        .create();
    let run = check_with(planted.root(), &["--today", "2024-05-02"]);
    run.assert_code(1);
    let tail = "（附件由 content/gs/a.md 列出；--fix 不改附件，请在原文件中遮盖后重新导出）";
    let mut expected = vec![
        format!("content/gs/mingdan.xlsx: 错误: 个人信息：工作表 “底稿”（隐藏） A2有未遮盖的居民身份证号：应遮盖为 “{masked_id}”{tail}"),
        "content/gs/mingdan.xlsx: 警告: 个人信息：工作表 “底稿”（隐藏）：隐藏的工作表也随附件公开：请确认其中没有不应公开的内容".to_string(),
        format!("content/gs/tongzhi.docx: 错误: 个人信息：第 2 段有未遮盖的手机号码：应遮盖为 “138****5678”{tail}"),
    ];
    if has_pdftotext() {
        expected.insert(0, format!("content/gs/saomiao.pdf: 错误: 个人信息：第 2 页有未遮盖的居民身份证号：应遮盖为 “{masked_id}”{tail}"));
    } else {
        expected.insert(0, "content/gs/saomiao.pdf: 警告: 个人信息：未能检查附件的文字（需要 pdftotext 才能读取 PDF 的文字：请安装 poppler-utils（Debian/Ubuntu: apt-get install poppler-utils））：请人工核对是否含未遮盖的个人信息".to_string());
    }
    expected.sort();
    assert_eq!(lines_of(&run, "个人信息"), expected);
    // Text is cached by content hash; --fix never touches attachments.
    assert!(planted.root().join(".gongkai-cache/attachments").is_dir());
    let before = std::fs::read(planted.root().join("content/gs/tongzhi.docx")).unwrap();
    let run = check_with(planted.root(), &["--today", "2024-05-02", "--fix"]);
    run.assert_code(1);
    assert_eq!(
        before,
        std::fs::read(planted.root().join("content/gs/tongzhi.docx")).unwrap()
    );
    // --no-attachments reads none of them.
    let run = check_with(
        planted.root(),
        &["--today", "2024-05-02", "--no-attachments"],
    );
    assert!(lines_of(&run, "个人信息").is_empty(), "{}", run.stderr);

    // The clean twin: masked numbers, no hidden sheet.
    let clean = attachment_site()
        .file("content/gs/mingdan.xlsx", xlsx(&["姓名", &masked_id], &[]))
        .file(
            "content/gs/tongzhi.docx",
            docx(&["联系人：李某", "手机：138****5678", "电话：0635-8888888"]),
        )
        .file(
            "content/gs/saomiao.pdf",
            pdf(&["Page one", &format!("ID {masked_id}")]),
        )
        .create();
    let run = check_with(clean.root(), &["--today", "2024-05-02"]);
    run.assert_code(0);
    assert!(lines_of(&run, "个人信息").is_empty(), "{}", run.stderr);
}
