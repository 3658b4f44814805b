//! Issue 10: the 政府网站 inspection rules of `gongkai check` — 栏目时效 with `--today`, 个人信息
//! in sources and attachments with `--fix`, 错敏词 from `wordlist.yaml`, 政策解读 links, and the
//! report (`--report DIR`, `--format json`). Each planted problem has a clean twin that must
//! report nothing.

use std::io::Write as _;
use std::path::Path;

use scraper::{Html, Selector};
use serde_json::Value;

use crate::common::*;

/// `gongkai check --root ROOT EXTRA…`.
fn check_with(root: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "check".to_string(),
        "--root".into(),
        root.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    gongkai(args)
}

/// The JSON report of `gongkai check --format json`.
fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout))
}

/// Lines of a rule (`栏目时效：`, `个人信息：`, …).
fn lines_of<'a>(run: &'a Run, rule: &str) -> Vec<&'a str> {
    run.stderr.lines().filter(|l| l.contains(rule)).collect()
}

/// A valid 居民身份证号 from its first 17 digits.
fn id_number(first17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// The same ID with a wrong check character.
fn wrong_check(id: &str) -> String {
    let last = if id.ends_with('1') { '2' } else { '1' };
    format!("{}{last}", &id[..17])
}

/// A card number with its Luhn digit.
fn card_number(body: &str) -> String {
    (0..10)
        .map(|d| format!("{body}{d}"))
        .find(|n| {
            let sum: u32 = n
                .chars()
                .rev()
                .enumerate()
                .map(|(i, c)| {
                    let d = c.to_digit(10).unwrap();
                    if i % 2 == 1 {
                        if d * 2 > 9 {
                            d * 2 - 9
                        } else {
                            d * 2
                        }
                    } else {
                        d
                    }
                })
                .sum();
            sum.is_multiple_of(10)
        })
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// 栏目时效

fn freshness_site(with_empty: bool) -> Site {
    let mut b = SiteBuilder::new()
        .section("gzdt", "工作动态", "")
        .section("zcwj", "政策文件", "")
        .section("zn", "政府信息公开指南", "")
        .section("jd", "监督检查", "update_within: 30d\n")
        .file(
            "content/gzdt/a.md",
            doc(
                "动态一",
                "2024-05-01",
                Some(&index_no(2024, 1)),
                "",
                "正文。\n",
            ),
        )
        .file(
            "content/zcwj/b.md",
            doc(
                "文件一",
                "2024-01-10",
                Some(&index_no(2024, 2)),
                "",
                "正文。\n",
            ),
        )
        .file(
            "content/zn/c.md",
            doc(
                "指南",
                "2020-01-10",
                Some(&index_no(2020, 3)),
                "",
                "正文。\n",
            ),
        )
        .file(
            "content/jd/d.md",
            doc(
                "检查一",
                "2024-04-20",
                Some(&index_no(2024, 4)),
                "",
                "正文。\n",
            ),
        );
    if with_empty {
        b = b.section("kong", "空栏目", "");
    }
    b.create()
}

#[test]
fn freshness_on_a_given_day_and_looking_ahead() {
    let site = freshness_site(false);
    // 2024-05-10: every section within its rule; the clean twin has nothing to say.
    let run = check_with(site.root(), &["--today", "2024-05-10", "--format", "json"]);
    run.assert_code(0);
    assert!(lines_of(&run, "栏目时效").is_empty(), "{}", run.stderr);
    let json = json_of(&run);
    let sections = json["freshness"]["sections"].as_array().unwrap();
    let by_dir = |dir: &str| sections.iter().find(|s| s["dir"] == dir).unwrap().clone();
    assert_eq!(by_dir("gzdt")["days_left"], 5);
    assert_eq!(by_dir("gzdt")["status"], "due_soon");
    assert_eq!(by_dir("zcwj")["days_left"], 61);
    assert_eq!(by_dir("zcwj")["status"], "fresh");
    assert_eq!(by_dir("zn")["status"], "unruled");
    assert_eq!(
        by_dir("jd")["rule"],
        serde_json::json!({"unit": "days", "count": 30})
    );
    assert_eq!(by_dir("jd")["rule_written"], true);
    assert_eq!(json["freshness"]["home_days_left"], 5);

    // Looking ahead: on 2024-06-28 政策文件 has 12 days left; 工作动态 and the home page are stale.
    let run = check_with(site.root(), &["--today", "2024-06-28", "--format", "json"]);
    run.assert_code(0);
    let json = json_of(&run);
    let zcwj = json["freshness"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["dir"] == "zcwj")
        .unwrap()
        .clone();
    assert_eq!(zcwj["days_left"], 12);
    assert_eq!(
        lines_of(&run, "栏目时效"),
        vec![
            "content: 警告: 栏目时效：单项否决：首页超过 14 天未更新（首页最新文档的发布日期为 2024-05-01，已 58 天），按国办秘函〔2019〕19号检查指标，网站将被判为不合格",
            "content/gzdt/_index.md: 警告: 栏目时效：栏目 “工作动态” 应每 14 天至少更新一次，最新发布日期为 2024-05-01，已超期 44 天",
            "content/jd/_index.md: 警告: 栏目时效：栏目 “监督检查” 应每 30 天至少更新一次，最新发布日期为 2024-04-20，已超期 39 天",
        ]
    );
    // On 2024-07-22 政策文件 is 12 days overdue.
    let run = check_with(site.root(), &["--today", "2024-07-22"]);
    assert!(
        run.stderr.contains("content/zcwj/_index.md: 警告: 栏目时效：栏目 “政策文件” 应每 6 个月至少更新一次，最新发布日期为 2024-01-10，已超期 12 天"),
        "{}",
        run.stderr
    );
}

#[test]
fn empty_sections_are_errors_and_count_against_the_veto_line() {
    let site = freshness_site(true);
    let run = check_with(site.root(), &["--today", "2024-05-10", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(
        run.errors(),
        vec!["content/kong/_index.md: 错误: 栏目时效：栏目 “空栏目” 是空白栏目（没有文档，_index.md 也没有正文）：应发布内容或删除该栏目（空白栏目 ≥5 个即单项否决）"]
    );
    let vetoes = json_of(&run)["freshness"]["vetoes"].clone();
    assert_eq!(vetoes[3]["label"], "空白栏目");
    assert_eq!(vetoes[3]["count"], 1);
    assert_eq!(vetoes[3]["threshold"], 5);
    // `build` does not judge freshness.
    assert!(lines_of(&build(site.root(), &[]), "栏目时效").is_empty());
}

#[test]
fn a_wrong_update_rule_and_a_wrong_today_are_reported() {
    let site = SiteBuilder::new()
        .section("gzdt", "工作动态", "update_within: soon\n")
        .file(
            "content/gzdt/a.md",
            doc("动态", "2024-05-01", None, "", "正文。\n"),
        )
        .create();
    let run = check_with(site.root(), &["--today", "2024-05-02"]);
    run.assert_code(1);
    assert!(run.errors().contains(&"content/gzdt/_index.md: 错误: update_within（更新周期）: 应为 14d、2w、6mo、1y 或 none，实际为 “soon”"), "{}", run.stderr);
    let run = check_with(site.root(), &["--today", "2024/13/01"]);
    run.assert_code(1);
    assert!(run
        .stderr
        .contains("--today 应为 YYYY-MM-DD 形式的日期，实际为 “2024/13/01”"));
}

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

// ---------------------------------------------------------------------------------------------
// 错敏词

const WORDLIST: &str = "- {word: 北朝鲜, use: 朝鲜}\n- {word: 残废人, use: 残疾人, note: 新华社禁用词}\n- {word: 两岸三地}\n";

#[test]
fn word_list_errors_in_check_warnings_in_build() {
    let planted = SiteBuilder::new()
        .section("xw", "工作动态", "")
        .file("wordlist.yaml", WORDLIST)
        .file(
            "content/xw/a.md",
            doc(
                "北朝鲜代表团来访",
                "2024-05-01",
                Some(&index_no(2024, 1)),
                "summary: 两岸三地交流\n",
                "关心残废人就业。\n",
            ),
        )
        .create();
    let run = check_with(planted.root(), &["--today", "2024-05-02"]);
    run.assert_code(1);
    assert_eq!(
        lines_of(&run, "错敏词"),
        vec![
            "content/xw/a.md:2:9: 错误: title（标题）: 错敏词：“北朝鲜” 应写作 “朝鲜”",
            "content/xw/a.md:6:10: 错误: summary（内容概述）: 错敏词：不应出现 “两岸三地”",
            "content/xw/a.md:9:3: 错误: 错敏词：“残废人” 应写作 “残疾人”（新华社禁用词）",
        ]
    );
    let run = build(planted.root(), &[]);
    run.assert_code(0);
    assert_eq!(lines_of(&run, "错敏词").len(), 3);
    assert!(run.warnings().iter().any(|w| w.contains("“残废人” 应写作")));

    let clean = SiteBuilder::new()
        .section("xw", "工作动态", "")
        .file("wordlist.yaml", WORDLIST)
        .file(
            "content/xw/a.md",
            doc(
                "朝鲜代表团来访",
                "2024-05-01",
                Some(&index_no(2024, 1)),
                "",
                "关心残疾人就业。\n",
            ),
        )
        .create();
    check_with(clean.root(), &["--today", "2024-05-02"]).assert_code(0);

    clean.write("wordlist.yaml", "- {word: 北朝鲜, usage: 朝鲜}\n");
    let run = check_with(clean.root(), &["--today", "2024-05-02"]);
    run.assert_code(1);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.starts_with("wordlist.yaml:1:") && e.contains("错敏词表无效")),
        "{}",
        run.stderr
    );
}

#[test]
fn init_writes_a_starter_word_list_that_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    gongkai(["init".as_ref(), root.as_os_str()]).assert_code(0);
    let list = std::fs::read_to_string(root.join("wordlist.yaml")).unwrap();
    // Every entry cites its source in a comment or note.
    let entries: Vec<serde_yaml::Value> = serde_yaml::from_str(&list).unwrap();
    assert!(entries.len() >= 10);
    assert!(entries
        .iter()
        .all(|e| e["note"].as_str().is_some_and(|n| !n.is_empty())));
    // (A new site still lacks its footer items, which `check` reports as errors.)
    let run = check(&root);
    for rule in ["错敏词", "个人信息", "栏目时效", "政策解读"] {
        assert!(lines_of(&run, rule).is_empty(), "{}", run.stderr);
    }
    // The list is live: a planted word is found.
    write_file(
        &root.join("content/xxgk/b.md"),
        doc("关于惟一联系渠道的说明", "2024-05-01", None, "", "正文。\n").as_bytes(),
    );
    let run = check(&root);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.contains("“惟一” 应写作 “唯一”")),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// 政策解读

fn interpretation_site(dangling: bool) -> Site {
    let a = index_no(2024, 1);
    let mut b = SiteBuilder::new()
        .section("zcwj", "政策文件", "needs_interpretation: true\n")
        .section("zcjd", "政策解读", "")
        .file(
            "content/zcwj/a.md",
            doc("文件甲", "2024-05-01", Some(&a), "", "正文。\n"),
        )
        .file(
            "content/zcwj/b.md",
            doc(
                "文件乙",
                "2024-05-02",
                Some(&index_no(2024, 2)),
                "",
                "正文。\n",
            ),
        )
        .file(
            "content/zcwj/c.md",
            doc(
                "文件丙",
                "2024-05-03",
                Some(&index_no(2024, 3)),
                "",
                "正文。\n",
            ),
        )
        .file(
            "content/zcjd/ja.md",
            doc(
                "《文件甲》解读",
                "2024-05-04",
                Some(&index_no(2024, 4)),
                &format!("interprets: \"{a}\"\n"),
                "解读正文。\n",
            ),
        )
        .file(
            "content/zcjd/jc.md",
            doc(
                "《文件丙》图解",
                "2024-05-05",
                Some(&index_no(2024, 5)),
                "解读对象: zcwj/c.md\n",
                "图解正文。\n",
            ),
        );
    if dangling {
        b = b.file(
            "content/zcjd/jx.md",
            doc(
                "无对象的解读",
                "2024-05-06",
                Some(&index_no(2024, 6)),
                "interprets: zcwj/nowhere.md\n",
                "正文。\n",
            ),
        );
    }
    b.create()
}

/// The (text, href) of the 原文 and 相关解读 links of a page.
fn related(page: &Html) -> Vec<(String, String)> {
    let link = Selector::parse(".gk-related__link").unwrap();
    page.select(&link)
        .map(|l| {
            let href = l.value().attr("href").unwrap_or_default();
            (l.text().collect(), href.to_string())
        })
        .collect()
}

#[test]
fn interpretations_link_both_ways_in_both_renditions() {
    let mut site = interpretation_site(false);
    site.build(&[]).assert_code(0);
    for prefix in ["", "/care"] {
        let links = related(&site.page(&format!("{prefix}/zcwj/a/")));
        assert_eq!(
            links,
            vec![("《文件甲》解读".to_string(), format!("{prefix}/zcjd/ja/"))]
        );
        // 相关解读 comes after the body.
        let raw = site.raw(&format!("{prefix}/zcwj/a/"));
        assert!(raw.find("gk-body").unwrap() < raw.find("相关解读").unwrap());
        let links = related(&site.page(&format!("{prefix}/zcjd/ja/")));
        assert_eq!(
            links,
            vec![("文件甲".to_string(), format!("{prefix}/zcwj/a/"))]
        );
        assert!(site.raw(&format!("{prefix}/zcjd/ja/")).contains("原文："));
        // A 文件 without 解读 shows no such section.
        assert!(!site.raw(&format!("{prefix}/zcwj/b/")).contains("相关解读"));
    }
    let run = check_with(site.root(), &["--today", "2024-05-07", "--format", "json"]);
    run.assert_code(0);
    assert_eq!(
        lines_of(&run, "政策解读"),
        vec!["content/zcwj/b.md: 警告: 政策解读：栏目 “政策文件” 要求配发解读（needs_interpretation: true），本文件还没有解读：应在解读文档的 front matter 中写 “interprets: 11110000123456788X/2024-00002”"]
    );
    let json = json_of(&run);
    assert_eq!(json["interpretation"]["documents"], 3);
    assert_eq!(json["interpretation"]["interpreted"], 2);
    assert_eq!(json["interpretation"]["percent"], 66);
    assert_eq!(json["interpretation"]["links"], 2);
}

#[test]
fn an_interpretation_of_nothing_is_an_error_in_build_and_check() {
    let site = interpretation_site(true);
    let expected = "content/zcjd/jx.md:6:13: 错误: interprets（解读对象）: 找不到被解读的文件：应为本站文档的索引号或 content/ 下的路径（如 xxgk/zcwj/a.md），实际为 “zcwj/nowhere.md”";
    let run = check_with(site.root(), &["--today", "2024-05-07"]);
    run.assert_code(1);
    assert_eq!(run.errors(), vec![expected]);
    let run = build(site.root(), &[]);
    run.assert_code(1);
    assert_eq!(run.errors(), vec![expected]);
}

// ---------------------------------------------------------------------------------------------
// The report

#[test]
fn the_report_is_self_contained_html_and_the_same_data_as_json() {
    let id = id_number("35010219900101123");
    let site = SiteBuilder::new()
        .section("gzdt", "工作动态", "")
        .section("kong", "空栏目", "")
        .file("wordlist.yaml", WORDLIST)
        .file(
            "content/gzdt/a.md",
            doc(
                "北朝鲜代表团来访",
                "2024-05-01",
                Some(&index_no(2024, 1)),
                "",
                &format!("身份证号{id}。\n"),
            ),
        )
        .create();
    let out = site.root().join("check-report");
    let run = check_with(
        site.root(),
        &[
            "--today",
            "2024-06-01",
            "--format",
            "json",
            "--report",
            out.to_str().unwrap(),
        ],
    );
    run.assert_code(1);
    let json = json_of(&run);
    assert_eq!(
        json,
        serde_json::from_slice::<Value>(&std::fs::read(out.join("report.json")).unwrap()).unwrap()
    );
    assert_eq!(json["today"], "2024-06-01");
    assert_eq!(json["errors"], 3, "{}", run.stderr);
    let rule = |r: &str| {
        json["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["rule"] == r)
            .unwrap()
            .clone()
    };
    assert_eq!(rule("personal_data")["errors"], 1);
    assert_eq!(rule("wording")["errors"], 1);
    assert_eq!(rule("freshness")["errors"], 1);
    assert_eq!(rule("freshness")["warnings"], 2);
    let finding = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "personal_data")
        .unwrap()
        .clone();
    assert_eq!(finding["file"], "content/gzdt/a.md");
    assert_eq!(finding["line"], 8);
    assert_eq!(finding["severity"], "error");
    // The terminal output stays the compiler-style lines.
    assert!(run
        .stderr
        .contains("content/gzdt/a.md:8:5: 错误: 个人信息："));

    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let page = Html::parse_document(&html);
    let sel = |s: &str| Selector::parse(s).unwrap();
    assert!(
        page.select(&sel("script, link, img, iframe"))
            .next()
            .is_none(),
        "self-contained"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no other host"
    );
    assert_eq!(page.select(&sel("h1")).count(), 1);
    let rows: Vec<String> = page
        .select(&sel("table.fresh tbody th"))
        .map(|t| t.text().collect())
        .collect();
    assert_eq!(rows, vec!["工作动态gzdt", "空栏目kong"]);
    assert!(
        page.select(&sel("table.fresh .bar__rule")).next().is_some(),
        "the rule line is drawn"
    );
    // Each finding links to its file, relative to the report, and names the line.
    let links: Vec<_> = page.select(&sel("table.findings a")).collect();
    assert!(!links.is_empty());
    for a in &links {
        let href = a.value().attr("href").unwrap();
        assert!(out.join(href).exists(), "{href}");
    }
    assert!(links
        .iter()
        .any(|a| a.text().collect::<String>() == "content/gzdt/a.md:8:5"));
    let cards: Vec<String> = page
        .select(&sel(".card__n"))
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(cards, vec!["3", json["warnings"].to_string().as_str()]);
}

/// The closing measurement of issue 10: over every fixture document (the reports corpus, the
/// basic fixture site and the example site), with the starter word list, neither 个人信息 nor
/// 错敏词 raises anything.
#[test]
fn no_false_alarms_over_every_fixture_document() {
    let dir = tempfile::tempdir().unwrap();
    let starter = dir.path().join("starter");
    gongkai(["init".as_ref(), starter.as_os_str()]).assert_code(0);
    let list = std::fs::read(starter.join("wordlist.yaml")).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut documents = 0;
    for (name, root) in [
        ("reports", None),
        ("basic", Some(fixtures().join("sites/basic"))),
        ("example", Some(repo.to_path_buf())),
    ] {
        let site = match root {
            Some(root) => {
                let site = SiteBuilder::new().config(None).create();
                copy_dir(&root.join("content"), &site.root().join("content"));
                if root.join("config.yaml").exists() {
                    site.write(
                        "config.yaml",
                        std::fs::read(root.join("config.yaml")).unwrap(),
                    );
                }
                site
            }
            None => {
                let mut b = SiteBuilder::new().section("bg", "政策与报告", "");
                for f in report_files() {
                    let n = f.file_name().unwrap().to_string_lossy().into_owned();
                    b = b.copy(&format!("content/bg/{n}"), &f);
                }
                b.create()
            }
        };
        site.write("wordlist.yaml", &list);
        let run = check_with(site.root(), &["--format", "json"]);
        let json = json_of(&run);
        documents += json["documents"].as_u64().unwrap();
        let alarms: Vec<&Value> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "personal_data" || f["rule"] == "wording")
            .collect();
        assert!(alarms.is_empty(), "{name}: {alarms:#?}");
    }
    assert!(documents >= 30, "{documents} documents read");
}
