//! `gongkai import` of saved pages written here: GBK bytes with hidden metadata, template text and
//! attachments; a body that is one table; Word HTML pasted into a UTF-8 page; two sources of one
//! name; relative links and `<base href>`; pages that are not documents (error, login and frame
//! pages), which must be refused with the reason.

use super::*;

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

    let (md, fm) = written(&site, "t20210119_1");
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
    // The page's 发布机构 is the fictional 示例县 of gongkai's samples: check asks for the real one.
    let check_run = check(site.root());
    let errors = check_run.errors();
    assert!(
        errors.len() == 1
            && errors[0].contains("issuer（发布机构）")
            && errors[0].contains("示例值"),
        "{}",
        check_run.stderr
    );
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
    let (md, fm) = written(&site, "ndbg-2023");
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
    let names = imported_names(&site);
    assert_eq!(names, ["tongzhi-2.md", "tongzhi.md"]);
}

/// A page of the old site with the given 索引号 serial, `<head>` additions and body.
fn saved_page(serial: u32, head: &str, body: &str) -> String {
    format!("<html><head><meta charset=\"utf-8\">{head}<title>示例市关于做好示例工作的通知_示例市人民政府</title></head><body>\
        <table><tr><td>索引号：</td><td>000014349/2021-{serial:05}</td><td>成文日期：</td><td>2021年01月15日</td></tr></table>\
        <div class=\"content\"><p>各县（市、区）人民政府，市直各单位：</p>\
        <p>　　为做好示例工作，现将有关事项通知如下，请认真组织实施，确保各项任务落到实处。</p>{body}\
        <p align=\"right\">示例市人民政府办公室</p><p align=\"right\">2021年1月15日</p></div></body></html>")
}

#[test]
fn relative_links_resolve_against_base_href_or_are_not_listed() {
    let mut site = site();
    let links = "<p>附件：<a href=\"附件1.示例表.xls\">1.示例表</a></p>\
        <p>附件：<a href=\"%E9%99%84%E4%BB%B62.pdf\">2.示例说明</a></p><p>详见<a href=\"../zc/t1.html\">相关政策</a>。</p>";
    let based = saved_page(
        1,
        "<base href=\"http://www.example.gov.cn/xxgk/202101/\">",
        links,
    );
    import_one(&site, "based.html", based.as_bytes()).assert_code(0);
    let (md, _) = written(&site, "based");
    for address in [
        "file: \"http://www.example.gov.cn/xxgk/202101/附件1.示例表.xls\"",
        "file: \"http://www.example.gov.cn/xxgk/202101/%E9%99%84%E4%BB%B62.pdf\"",
        "[相关政策](<http://www.example.gov.cn/xxgk/zc/t1.html>)",
    ] {
        assert!(md.contains(address), "{address}:\n{md}");
    }
    // No base and no known address: a relative attachment would name a file the site lacks.
    let run = import_one(&site, "unbased.html", saved_page(2, "", links).as_bytes());
    run.assert_code(0);
    assert!(run.stderr.contains("未列入附件"), "{}", run.stderr);
    let (md, _) = written(&site, "unbased");
    assert!(!md.contains("attachments:"), "{md}");
    assert!(body_of(&md).contains("附件：1.示例表"), "{md}");
    let check_run = check(site.root());
    assert!(check_run.errors().is_empty(), "{}", check_run.stderr);
    site.build(&[]).assert_code(0);
}

#[test]
fn pages_that_are_not_documents_are_refused_with_the_reason() {
    let site = site();
    let src = tempfile::tempdir().unwrap();
    let head =
        |title: &str| format!("<html><head><meta charset=\"utf-8\"><title>{title}</title></head>");
    let pages = [
        ("nginx-404.html", format!("{}<body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>", head("404 Not Found"))),
        ("cms-404.html", format!("{}<body><div class=\"err\"><p>抱歉，您访问的页面不存在或已被删除！</p><p>页面将在5秒后自动跳转到首页。</p></div><div class=\"footer\">版权所有 示例市人民政府</div></body></html>", head("页面不存在"))),
        ("firewall.html", format!("{}<body><p>您的访问请求可能对网站造成安全威胁，已被拦截。事件编号：1234567890</p></body></html>", head("访问被拦截"))),
        ("login.html", format!("{}<body><div><h2>欢迎使用</h2><form>用户名：<input name=u> 密码：<input type=password name=p></form><p>请使用统一账号登录本系统，如忘记密码请联系系统管理员。</p></div></body></html>", head("示例市政府网站群"))),
        ("frameset.html", format!("{}<frameset rows=\"80,*\"><frame src=\"top.html\"><frame src=\"main.html\"></frameset></html>", head("示例通知"))),
        ("iframe.html", format!("{}<body><iframe src=\"/xxgk/content_123.html\"></iframe><div class=\"footer\">版权所有 示例市人民政府 主办</div></body></html>", head("示例通知"))),
        ("title-only.html", format!("{}<body><div class=\"content\"><h1>示例市关于做好示例工作的通知</h1></div></body></html>", head("示例市关于做好示例工作的通知"))),
    ];
    // Not refused: a short notice whose text is its attachment, shown in a PDF preview frame.
    let preview = format!("{}<body><div class=\"content\"><h1>示例市2021年预算公开</h1><p>详见附件。</p><p><a href=\"http://www.example.gov.cn/att/ys2021.pdf\">2021年预算</a></p><iframe src=\"/pdfjs/web/viewer.html?file=/att/ys2021.pdf\"></iframe></div></body></html>", head("示例市2021年预算公开"));
    std::fs::write(src.path().join("pdf-preview.html"), preview).unwrap();
    // Not refused: a short notice about 统一身份认证 on a page with a login box in its header,
    // which shows the document's metadata.
    let sso = format!("{}<body><div class=\"top\"><form>用户名：<input name=u> 密码：<input type=password name=p></form></div>\
        <table><tr><td>索引号：</td><td>000014349/2021-00003</td><td>发布机构：</td><td>示例市人民政府办公室</td></tr></table>\
        <div class=\"content\"><h1>统一身份认证平台</h1><p>各单位：</p><p>　　统一身份认证平台已上线，请于本月底前完成账号注册。</p>\
        <p align=\"right\">示例市人民政府办公室</p><p align=\"right\">2021年1月15日</p></div></body></html>", head("统一身份认证平台"));
    std::fs::write(src.path().join("sso-notice.html"), sso).unwrap();
    // Not refused: a short 任免 notice with a hidden visit counter in a frame.
    let counted = format!("{}<body><div class=\"content\"><h1>关于张三同志任职的通知</h1><p>经研究，决定任命张三同志为示例市示例局副局长。</p>\
        <p align=\"right\">示例市人民政府</p><p align=\"right\">2021年1月15日</p></div>\
        <iframe src=\"/count/visit.jsp?id=123\" width=\"0\" height=\"0\"></iframe><iframe src=\"/stat.html\" style=\"display: none\"></iframe></body></html>", head("关于张三同志任职的通知"));
    std::fs::write(src.path().join("counted.html"), counted).unwrap();
    for (name, page) in &pages {
        std::fs::write(src.path().join(name), page).unwrap();
    }
    let run = import(&site, &[src.path()], &[]);
    assert_refused(
        &run,
        &[
            ("nginx-404.html", "错误页面"),
            ("cms-404.html", "错误页面"),
            ("firewall.html", "错误页面"),
            ("login.html", "登录页面"),
            ("frameset.html", "main.html"),
            ("iframe.html", "/xxgk/content_123.html"),
            ("title-only.html", "正文是空的"),
        ],
    );
    let written = imported_names(&site);
    assert_eq!(written, ["counted.md", "pdf-preview.md", "sso-notice.md"]);
}
