//! `gongkai import --site MIRROR/` over a mirror generated here as `wget --mirror` leaves one:
//! two columns with breadcrumbs, a column list that is the only sign of an article's column, an
//! article under two columns, addresses served by a program (`art.jsp?id=123`, a PHP CMS's
//! `index.php?…&id=88` saved with Windows-safe names), an attachment and a picture in the mirror and
//! one missing, a GBK page, an error page, a search page and the home page. The site, the
//! report and the redirect maps are read back; a second run gives the same files; a dry run
//! writes nothing.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;

const HOST: &str = "www.example.gov.cn";

fn article(
    title: &str,
    crumb: Option<(&str, &str)>,
    index_no: &str,
    text: &str,
    extra: &str,
) -> String {
    let crumb = crumb.map_or(String::new(), |(href, name)| {
        format!("<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"{href}\">{name}</a></div>")
    });
    format!(
        "<html><head><meta charset=\"utf-8\"><title>{title}_示例县人民政府</title></head><body>\
         <div class=\"header\"><h1 class=\"logo\">示例县人民政府</h1></div>{crumb}\
         <table class=\"xxgk\"><tr><th>索 引 号</th><td>{index_no}</td><th>发布机构</th><td>示例县人民政府办公室</td></tr>\
         <tr><th>发布日期</th><td>2021-01-19</td></tr></table>\
         <div id=\"zoom\"><p align=\"center\">{title}</p><p>各乡镇人民政府，县直各单位：</p><p>　　{text}</p>{extra}\
         <p align=\"right\">示例县人民政府办公室</p><p align=\"right\">2021年1月15日</p></div></body></html>"
    )
}

/// Writes the mirror; returns its folder.
fn mirror() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join(HOST);
    let put = |rel: &str, bytes: &[u8]| {
        let p = site.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    let winter = article(
        "示例县关于做好冬季安全工作的通知",
        Some(("/xxgk/tzgg/", "通知公告")),
        "000014349/2021-00011",
        "为做好冬季安全工作，现将有关事项通知如下，请各单位认真贯彻落实。",
        "<p><img src=\"../../../images/anquan.png\" alt=\"安全检查流程\"></p>\
         <p>附件：<a href=\"/upload/P020210119.pdf\">冬季安全检查表</a></p>\
         <p>附件：<a href=\"../../../upload/lianxiren.xls\">联系人名单</a></p>",
    );
    put("xxgk/tzgg/202101/t20210119_1.html", winter.as_bytes());
    // The same document published under a second column.
    put(
        "xxgk/zcwj/t20210119_1.html",
        winter
            .replace("/xxgk/tzgg/\">通知公告", "/xxgk/zcwj/\">政策文件")
            .as_bytes(),
    );
    put("upload/P020210119.pdf", b"%PDF-1.4 test");
    put("images/anquan.png", GOV_MARK_PNG);
    put(
        "art.jsp?id=123",
        article(
            "示例县关于开展春季植树活动的通知",
            Some(("/list.jsp?catid=5", "政策解读")),
            "000014349/2021-00012",
            "为改善生态环境，县政府决定开展春季植树活动，现将有关事项通知如下。",
            "",
        )
        .as_bytes(),
    );
    let gbk = article(
        "示例县关于做好防汛工作的通知",
        None,
        "000014349/2021-00013",
        "汛期将至，为确保安全度汛，现就做好防汛工作有关事项通知如下。",
        "",
    )
    .replace("charset=\"utf-8\"", "charset=\"gb2312\"");
    put(
        "index.php@m=content&c=index&a=show&catid=9&id=88.html",
        &encoding_rs::GBK.encode(&gbk).0,
    );
    // A column list: the only sign of the column of the PHP CMS's article.
    let items: String = (80..=88)
        .map(|i| format!("<li><a href=\"index.php?m=content&amp;c=index&amp;a=show&amp;catid=9&amp;id={i}\">示例县关于第{i}项重点工作安排的通知</a><span>2021-01-19</span></li>"))
        .collect();
    put(
        "index.php@m=content&c=index&a=lists&catid=9.html",
        format!("<html><head><title>应急管理_示例县人民政府</title></head><body><h2>应急管理</h2><ul>{items}</ul><div>共 2 页 下一页 尾页</div></body></html>").as_bytes(),
    );
    put(
        "xxgk/gone.html",
        b"<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>",
    );
    put(
        "search.jsp?searchword=abc",
        "<html><body><form><input name=searchword></form><p>搜索结果：共 0 条</p></body></html>"
            .as_bytes(),
    );
    put(
        "index.html",
        "<html><head><title>示例县人民政府</title></head><body><a href=/xxgk/>信息公开</a><a href=/zwdt/>政务动态</a></body></html>".as_bytes(),
    );
    dir
}

fn migrate(site: &Site, mirror: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "import".to_string(),
        "--site".into(),
        mirror.display().to_string(),
        "--root".into(),
        site.root().display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    gongkai(args)
}

/// Every file under `dir`, relative path → bytes.
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn a_whole_mirror_becomes_sections_documents_redirects_and_a_report() {
    let m = mirror();
    let mut site = SiteBuilder::new().create();
    let before = files_under(site.root());

    let dry = migrate(&site, m.path(), &["--dry-run"]);
    dry.assert_code(0);
    assert!(dry.stderr.contains("试运行"), "{}", dry.stderr);
    assert_eq!(files_under(site.root()), before, "a dry run writes nothing");

    let run = migrate(&site, m.path(), &[]);
    run.assert_code(0);
    let content = site.root().join("content");
    let doc = |rel: &str| front_matter(&content.join(rel));
    // Columns from the breadcrumb, and from the list page that links the article.
    assert_eq!(
        fm_str(&doc("xxgk/tzgg/_index.md"), "title").as_deref(),
        Some("通知公告")
    );
    assert_eq!(
        fm_str(&doc("list-catid-5/_index.md"), "title").as_deref(),
        Some("政策解读")
    );
    let php_section = "index-m-content-c-index-a-lists-catid-9";
    assert_eq!(
        fm_str(&doc(&format!("{php_section}/_index.md")), "title").as_deref(),
        Some("应急管理")
    );

    let winter = doc("xxgk/tzgg/t20210119_1.md");
    assert_eq!(
        fm_str(&winter, "title").as_deref(),
        Some("示例县关于做好冬季安全工作的通知")
    );
    assert_eq!(
        strings(winter.get("aliases")),
        [
            "/xxgk/tzgg/202101/t20210119_1.html",
            "/xxgk/zcwj/t20210119_1.html"
        ],
        "the copy under the second column is kept as an old address, not imported twice"
    );
    assert!(!content.join("xxgk/zcwj/t20210119_1.md").exists());
    let dir = content.join("xxgk/tzgg");
    assert_eq!(
        std::fs::read(dir.join("t20210119_1-p020210119.pdf")).unwrap(),
        b"%PDF-1.4 test"
    );
    assert_eq!(
        std::fs::read(dir.join("t20210119_1-anquan.png")).unwrap(),
        GOV_MARK_PNG
    );

    let tree = doc("list-catid-5/art-123.md");
    assert_eq!(
        fm_str(&tree, "title").as_deref(),
        Some("示例县关于开展春季植树活动的通知")
    );
    assert_eq!(
        tree.get("aliases"),
        None,
        "an address with a query is not a static alias"
    );
    let flood = doc(&format!("{php_section}/index-88.md"));
    assert_eq!(
        fm_str(&flood, "title").as_deref(),
        Some("示例县关于做好防汛工作的通知"),
        "GBK page"
    );

    let maps = site.root().join("migration");
    let nginx = std::fs::read_to_string(maps.join("nginx-redirects.map")).unwrap();
    assert!(
        nginx.contains("\"/art.jsp?id=123\" \"/list-catid-5/art-123/\";"),
        "{nginx}"
    );
    assert!(
        nginx.contains(&format!(
            "\"/index.php?m=content&c=index&a=show&catid=9&id=88\" \"/{php_section}/index-88/\";"
        )),
        "{nginx}"
    );
    let apache = std::fs::read_to_string(maps.join("apache-redirects.txt")).unwrap();
    assert!(
        apache.contains("/art.jsp?id=123 /list-catid-5/art-123/\n"),
        "{apache}"
    );

    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(maps.join("report.json")).unwrap()).unwrap();
    let outcome = |file: &str| {
        let pages = report["pages"].as_array().unwrap();
        let p = pages
            .iter()
            .find(|p| p["file"] == format!("{HOST}/{file}"))
            .unwrap_or_else(|| panic!("{file} in the report"));
        p.clone()
    };
    assert_eq!(
        outcome("xxgk/tzgg/202101/t20210119_1.html")["outcome"],
        "导入"
    );
    let dup = outcome("xxgk/zcwj/t20210119_1.html");
    assert_eq!(dup["outcome"], "重复");
    assert_eq!(dup["new_url"], "/xxgk/tzgg/t20210119_1/");
    assert_eq!(outcome("xxgk/gone.html")["outcome"], "错误页面");
    assert_eq!(outcome("search.jsp?searchword=abc")["outcome"], "搜索页面");
    assert_eq!(outcome("index.html")["outcome"], "导航页面");
    assert_eq!(
        outcome("index.php@m=content&c=index&a=lists&catid=9.html")["outcome"],
        "栏目列表"
    );
    let missing = outcome("xxgk/tzgg/202101/t20210119_1.html")["missing_files"].clone();
    assert_eq!(
        missing,
        serde_json::json!([format!("http://{HOST}/upload/lianxiren.xls")])
    );
    let fields = outcome("xxgk/tzgg/202101/t20210119_1.html")["fields"].clone();
    let issuer = fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "发布机构")
        .unwrap();
    assert_eq!(issuer["certain"], true);
    let html = std::fs::read_to_string(maps.join("report.html")).unwrap();
    assert!(
        html.contains("lianxiren.xls") && html.contains("重复"),
        "{html}"
    );
    assert!(
        run.stderr.contains("导入 3 篇，重复 1 篇"),
        "{}",
        run.stderr
    );

    // Idempotent: the same mirror again gives the same files.
    let first = files_under(site.root());
    migrate(&site, m.path(), &[]).assert_code(0);
    assert_eq!(
        files_under(site.root()),
        first,
        "a second run changes nothing"
    );

    // The static old addresses are kept by the built site.
    site.build(&[]).assert_code(0);
    let moved = std::fs::read_to_string(site.public().join("xxgk/zcwj/t20210119_1.html")).unwrap();
    assert!(moved.contains("/xxgk/tzgg/t20210119_1/"), "{moved}");
}
