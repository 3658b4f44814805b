use super::*;

fn md(body: &str) -> RenderedBody {
    let resolve = |p: &str| (p == "a/other.md").then(|| "a/other/".to_string());
    let cx = MarkdownContext {
        numbering: true,
        source_dir: "a",
        root: "/",
        resolve_doc: &resolve,
        title: "测试标题",
    };
    render(body, &cx)
}

#[test]
fn cjk_soft_break_is_dropped() {
    assert!(md("第一行\n第二行").html.contains("第一行第二行"));
    assert!(md("first\nsecond").html.contains("first\nsecond"));
}

#[test]
fn numbering_titles_become_headings() {
    let r = md("一、总体情况\n\n正文。\n\n（一）主动公开\n\n正文。\n\n（二）依申请公开。本年度共收到政府信息公开申请26件，均已按期答复申请人，无逾期答复情况。\n");
    assert!(
        r.html.contains("<h2 id=\"一总体情况\">一、总体情况</h2>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h3 id=\"一主动公开\">"), "{}", r.html);
    assert!(r.html.contains("<strong class=\"gk-runin\""), "{}", r.html);
    assert_eq!(r.headings.len(), 2);
}

#[test]
fn no_numbering_inside_lists_and_quotes() {
    let r = md("- 一、列表项\n\n  正文\n\n> 一、引用\n>\n> 正文\n");
    assert!(r.headings.is_empty(), "{}", r.html);
}

#[test]
fn links_resolve() {
    let r = md("[另一篇](other.md#二) [文件](file.pdf) [缺](missing.md) <https://x.gov.cn>");
    assert!(
        r.html.contains("href=\"gkpage:a/other/#%E4%BA%8C\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"/a/file.pdf\""));
    assert_eq!(r.problems.iter().filter(|p| p.is_error()).count(), 1);
    assert_eq!(r.links[0].fragment.as_deref(), Some("二"));
}

#[test]
fn bare_url_in_chinese() {
    let r = md("通过网站（http://www.shuyang.gov.cn/）公布。");
    assert!(
        r.html.contains(
            "<a class=\"gk-url\" href=\"http://www.shuyang.gov.cn/\">http://www.shuyang.gov.cn/</a>）公布。"
        ),
        "{}",
        r.html
    );
}

#[test]
fn raw_html_is_sanitised_with_warning() {
    let r =
        md("<div onclick=\"x()\">a</div>\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))");
    assert!(!r.html.contains("script"), "{}", r.html);
    assert!(!r.html.contains("onclick"));
    assert!(!r.html.contains("javascript"));
    assert!(r.problems.iter().any(|p| p.message.contains("<script>")));
    assert!(r.problems.iter().all(|p| p.line >= 1));
}

#[test]
fn signature_is_detected() {
    let r = md("正文。\n\n聊城市民政局\n\n2020年12月25日\n\n（此件公开发布）\n");
    assert!(r.has_signature);
    assert!(r.html.contains("gk-signature__date"));
    assert!(r.html.contains("<p class=\"gk-note\">"));
    assert!(md("正文。\n\n国务院办公厅\n\n二〇〇六年九月七日\n").has_signature);
    assert!(md("正文。\n\n示例市民政局\n\n二○一九年八月十八日\n").has_signature);
}

#[test]
fn tables_scroll_in_a_region_and_code_is_highlighted() {
    let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n```rust\nfn x() {}\n```\n");
    assert!(r
        .html
        .contains("<div class=\"gk-table-scroll\" role=\"region\""));
    assert!(r.has_code);
}

#[test]
fn remote_images_become_links() {
    let r = md("图示：![车牌](http://www.gov.cn/a.jpg)，见上。");
    assert!(!r.html.contains("<img"), "{}", r.html);
    assert!(
        r.html
            .contains("<a href=\"http://www.gov.cn/a.jpg\">〔外部图片：车牌〕</a>，见上。"),
        "{}",
        r.html
    );
    assert!(r.problems.iter().any(|p| p.message.contains("外部图片")));
    let local = md("![图](a.png)");
    assert!(
        local.html.contains("<img src=\"/a/a.png\""),
        "{}",
        local.html
    );
}

#[test]
fn the_first_paragraph_is_not_the_addressee_line() {
    let r = md("各区县民政局：\n\n现将有关事项通知如下。\n");
    assert_eq!(r.first_paragraph, "现将有关事项通知如下。");
}

#[test]
fn linked_thumbnails_and_raw_html_pictures_load_nothing_remote() {
    let body = "[![](https://old.host/a_s.jpg)](https://old.host/a.jpg) [![图二](//old.host/b_s.jpg)](b.html)\n\n<p><img src=\"http://old.host/c.jpg\" alt=\"图三\" srcset=\"http://old.host/c2.jpg 2x\"></p>\n\n<picture><source srcset=\"https://old.host/d.webp\"><img src=\"d.jpg\" alt=\"图四\"></picture>\n";
    let r = md(body);
    assert!(
        r.html.contains(
            "<a href=\"https://old.host/a.jpg\">〔外部图片：https://old.host/a_s.jpg〕</a>"
        ),
        "{}",
        r.html
    );
    assert!(r.html.contains(">〔外部图片：图二〕</a>"), "{}", r.html);
    assert!(
        r.html
            .contains("<a href=\"http://old.host/c.jpg\">〔外部图片：图三〕</a>"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("<img src=\"http"), "{}", r.html);
    assert!(!r.html.contains("srcset"), "{}", r.html);
    assert!(!r.html.contains("<source"), "{}", r.html);
    let remote: Vec<_> = r
        .problems
        .iter()
        .filter(|p| p.message.contains("old.host"))
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(remote.len(), 5, "{remote:#?}");
    assert!(remote
        .iter()
        .all(|(_, m)| !m.contains("已改为链接") || m.contains("外部图片")));
}

#[test]
fn body_headings_sit_below_the_page_title() {
    let r = md("# 测试标题\n\n正文。\n\n# 第一部分\n\n## 细节\n");
    assert!(!r.html.contains("测试标题"), "{}", r.html);
    assert!(
        r.html.contains("<h2 id=\"第一部分\">第一部分</h2>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h3 id=\"细节\">"), "{}", r.html);
    assert!(!r.html.contains("<h1"));
}

#[test]
fn accessibility_lints() {
    let r = md("![](a.png)\n\n[点击这里](https://x.cn)\n\n## 一\n\n#### 二\n");
    let a11y: Vec<_> = r.problems.iter().filter(|p| p.is_advice()).collect();
    assert_eq!(a11y.len(), 3, "{a11y:?}");
}
