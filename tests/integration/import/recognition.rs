//! Field recognition that must not depend on one CMS template, each case from a real page:
//! the issuer named by a title in the 公文 pattern, the date of adoption in a 题注, stray spaces
//! in a title, a grid of label/value cells with empty values, and a page saved from a JavaScript
//! framework (hidden template copies, the site's name in `<title>`, a related-articles list
//! longer than the body, which is a two-column table); a short table under the title beside a
//! longer copyright notice; a title block holding its byline; a page heading that repeats the
//! 文号 in brackets above the 公文's own title lines while its 来源 names a department; a heading
//! holding its byline in brackets above a centred joint 落款; a joint 落款 setting two organs on
//! one line; the old address stated by `<meta name="Url">`; a title in an `<h4>` that `<title>`
//! repeats; a 来源 naming a division; a body that is one attachment link beside a longer byline
//! and footer, posted by a CMS account; a joint 公文 of five organs whose `<meta>` title is
//! garbled; a 发布机构 item naming two organs parted by spaces beside a 文号 in brackets; an
//! article wrapped in a `<form>` with no fields under a title shown only as the first part of
//! `<title>` and an empty 来源; a 来源 that names "this site" beside a byline date labelled 时间;
//! a 落款 pushed right by `&nbsp;` runs whose date writes the year's 〇 as the digit 0; and a
//! 发布机构 cell with the short name of the organ the 落款 names in full above an appended
//! document whose title, on two left-aligned lines, is the one the 附件说明 names.

use super::*;

#[test]
fn the_title_names_the_issuer_and_the_caption_dates_the_adoption() {
    let site = site();
    let page = "<html><head><title>某某市人民代表大会常务委员会关于批准《某某市城市绿化条例》的决议 - 某某人大网</title></head><body>\
        <div class=\"content\"><p align=\"center\"><b>某某市人民代表大会常务委员会关于批准《某某市</b></p>\
        <p align=\"center\"><b>城市绿化条例》的决议</b></p>\
        <p align=\"center\">（2019年3月1日某某市第十六届人民代表大会常务委员会第二十次会议通过）</p>\
        <p>　　某某市第十六届人民代表大会常务委员会第二十次会议审议了某某区人民代表大会常务委员会报请批准的《某某市城市绿化条例》，\
        决定予以批准，由某某区人民代表大会常务委员会公布施行。这是决议正文的文字，足够成段。</p></div></body></html>";
    import_one(&site, "jueyi.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "jueyi");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("某某市人民代表大会常务委员会关于批准《某某市城市绿化条例》的决议")
    );
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("某某市人民代表大会常务委员会"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "written_on").as_deref(),
        Some("2019-03-01"),
        "{md}"
    );
    // The 题注 stays in the body, under the title.
    assert!(
        body_of(&md).trim_start().starts_with("（2019年3月1日"),
        "{md}"
    );
}

#[test]
fn a_stray_full_width_space_leaves_the_title() {
    let site = site();
    let page = "<html><head><title>示例县人民政府关于　印发示例县防汛应急预案的通知</title></head><body>\
        <table><tr><td>标题：</td><td>示例县人民政府关于　印发示例县防汛应急预案的通知</td></tr></table>\
        <div><p>各乡镇人民政府，县直各单位：</p><p>　　现将《示例县防汛应急预案》印发给你们，请认真贯彻执行。预案的文字在这里，足够成为正文。</p></div></body></html>";
    import_one(&site, "yuan.html", page.as_bytes()).assert_code(0);
    let (_, fm) = written(&site, "yuan");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("示例县人民政府关于印发示例县防汛应急预案的通知")
    );
}

#[test]
fn a_grid_with_empty_value_cells_does_not_lend_its_neighbours() {
    let site = site();
    let page = "<html><head><title>关于公布2021年度行政许可事项的公告</title></head><body>\
        <table class=\"meta\"><tr><td>索引号：</td><td>11350100/2021-01234</td><td>主题分类：</td><td></td></tr>\
        <tr><td>办文部门：</td><td>市行政审批局</td><td>文号：</td><td></td></tr>\
        <tr><td>发布机构：</td><td>某某市行政审批局</td><td>发布日期：</td><td>2021-03-01</td></tr></table>\
        <div><p>　　根据有关规定，现将2021年度行政许可事项予以公布。公告的正文在这里，文字足够成为正文的一段。</p></div></body></html>";
    import_one(&site, "gonggao.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "gonggao");
    assert_eq!(fm_str(&fm, "doc_no"), None, "{md}");
    assert_eq!(fm.get("topics"), None, "{md}");
    assert_eq!(fm_str(&fm, "issuer").as_deref(), Some("某某市行政审批局"));
    assert_eq!(fm_str(&fm, "date").as_deref(), Some("2021-03-01"));
}

#[test]
fn a_page_saved_from_a_javascript_framework() {
    let site = site();
    let related = [
        "某某市人民政府办公室关于印发某某市城市道路停车管理办法的通知",
        "某某市发展和改革委员会关于征求城市道路临时停车收费标准调整意见的公告",
        "某某市交通运输局关于公共停车场建设运营管理有关事项的通知解读材料全文",
        "某某市人民政府关于进一步加强城市交通综合治理工作的实施意见全文发布",
    ];
    let items: String = related
        .iter()
        .map(|t| {
            format!(
                "<li ng-repeat=\"x in related\" ng-click=\"open(x)\" class=\"ng-scope\">\
                 <span class=\"t ng-binding\" title=\"{t}\">{t}</span><em class=\"tip\">{t}</em><i>2021-05-10</i></li>"
            )
        })
        .collect();
    let rows = [
        (
            "收费区域",
            "一类区域为城市核心商业区，包括中心大街、人民路、解放路沿线及其周边道路，按时段计费。",
        ),
        (
            "收费标准",
            "小型车首小时三元，之后每半小时一元五角；大型车按小型车标准的两倍收取，夜间减半。",
        ),
        (
            "免费时段",
            "每日首次停放不超过十五分钟的免费；法定节假日全天免费停放，不另收费。",
        ),
        (
            "执行时间",
            "本标准自2021年7月1日起执行，原标准同时废止，由市发展改革委负责解释。",
        ),
    ];
    let table: String = rows
        .iter()
        .map(|(a, b)| format!("<tr><td>{a}</td><td>{b}</td></tr>"))
        .collect();
    let page = format!(
        "<!DOCTYPE html><html ng-app=\"portal\"><head><meta charset=\"utf-8\"><title>某某市人民政府门户网站</title>\
        <style>.ng-hide{{display:none!important}}</style></head><body ng-controller=\"DetailCtrl\">\
        <div class=\"header\"><div class=\"logo\"><h1 class=\"site-title\">某某市人民政府门户网站</h1></div>\
        <ul class=\"menu\"><li ng-click=\"go(m)\"><span>首页</span></li><li ng-click=\"go(m)\"><span>政务公开</span></li></ul></div>\
        <div class=\"article ng-hide\" ng-if=\"loading\"><h2 class=\"art-title\">{{{{article.title}}}}</h2>\
        <div>发布机构：{{{{article.org}}}} 发布日期：{{{{article.date}}}}</div><div ng-bind-html=\"article.content\">{{{{article.content}}}}</div></div>\
        <div class=\"article\" ng-if=\"!loading\"><h2 class=\"art-title ng-binding\">某某市人民政府办公室关于调整城市道路临时停车收费标准的通知</h2>\
        <div class=\"art-meta\">发布日期：<span class=\"ng-binding\">2021-06-18</span>　浏览次数：<span>1234</span></div>\
        <div class=\"art-body ng-binding\"><table class=\"two-col\" border=\"1\"><tbody>{table}</tbody></table></div></div>\
        <div class=\"related\"><h3>相关文章</h3><ul>{items}</ul></div>\
        <div class=\"footer\">版权所有：某某市人民政府</div></body></html>"
    );
    import_one(&site, "tingche.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "tingche");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("某某市人民政府办公室关于调整城市道路临时停车收费标准的通知"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("某某市人民政府办公室")
    );
    assert_eq!(fm_str(&fm, "date").as_deref(), Some("2021-06-18"));
    let body = squeeze(body_of(&md));
    for (a, b) in rows {
        assert_eq!(body.matches(&squeeze(b)).count(), 1, "{b} once: {md}");
        assert!(body.contains(a), "{md}");
    }
    for t in related {
        assert!(!body.contains(t), "related article {t} left out: {md}");
    }
    assert!(!md.contains("{{"), "{md}");
}

#[test]
fn a_short_table_under_the_title_is_the_body_not_a_longer_notice_elsewhere() {
    let site = site();
    let notice = "凡本站注明“文章类型：原创”的所有作品，其版权属于本网站所有。其他媒体、网站或个人转载使用时必须注明文章来源。\
        凡本站注明“文章类型：转载”的作品均转载自其他媒体，转载的目的在于传递更多信息，并不代表本站赞同其观点和对其真实性负责。";
    let page = format!(
        "<html><head><title>示例监管局</title><meta name=\"ArticleTitle\" content=\"示例监管局行政处罚信息公开表（示罚决字〔2024〕5号）\"></head><body>\
        <div class=\"menu\"><a href=\"/a\">示例监管局行政处罚信息公开表（示罚决字〔2024〕5号）</a></div>\
        <div class=\"detail\"><div class=\"head\">示例监管局行政处罚信息公开表<br>（示罚决字〔2024〕5号）</div>\
        <div class=\"text\"><table border=\"1\"><tr><td>当事人名称</td><td>某某财产保险股份有限公司示例分公司</td></tr>\
        <tr><td>主要违法违规行为</td><td>编制虚假资料</td></tr><tr><td>行政处罚内容</td><td>罚款10万元</td></tr></table></div></div>\
        <div class=\"box\"><div>版权与免责声明</div><div>{notice}</div></div></body></html>"
    );
    import_one(&site, "chufa.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "chufa");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("示例监管局行政处罚信息公开表（示罚决字〔2024〕5号）")
    );
    let body = squeeze(body_of(&md));
    assert!(body.contains("某某财产保险股份有限公司示例分公司"), "{md}");
    assert!(body.contains("罚款10万元"), "{md}");
    assert!(!body.contains("版权"), "{md}");
}

#[test]
fn a_title_block_with_a_byline_gives_the_title_and_the_date() {
    let site = site();
    let page = "<html><head><title>某某市召开防汛工作会议-某某科普网</title></head><body>\
        <div class=\"title homer-title\"><a href=\"/\">某某科普网</a>&gt;<a href=\"/news/\">时政新闻</a>&gt;</div>\
        <div class=\"news-title\"><div>某某市召开防汛工作会议</div><ul><li>来源：某某日报</li><li>作者：</li><li>2023-06-01 09:30</li></ul></div>\
        <div class=\"news-body\"><p>　　6月1日，某某市召开防汛工作会议，部署今年汛期各项工作。会议要求各地各部门压实责任，做好准备。</p>\
        <p>　　会议指出，要加强监测预警，及时转移危险区域群众，确保人民群众生命财产安全。</p></div></body></html>";
    import_one(&site, "fangxun.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "fangxun");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("某某市召开防汛工作会议"),
        "{md}"
    );
    assert!(
        fm_str(&fm, "date").is_some_and(|d| d.starts_with("2023-06-01")),
        "{md}"
    );
    assert_eq!(fm_str(&fm, "issuer").as_deref(), Some("某某日报"));
}

#[test]
fn a_heading_repeating_the_doc_no_gives_way_to_the_title_lines_and_the_signing_organ() {
    let site = site();
    let page = "<html><head><title>【关于印发《示例办法》的通知(示发改规〔2020〕7号)】-示例市发展和改革委员会</title></head><body>\
        <div class=\"article\"><h2 class=\"article_title\">关于印发《示例办法》的通知(示发改规〔2020〕7号)</h2>\
        <div class=\"info\"><span>发布时间：2020/03/02</span> <span>来源：价格科</span></div>\
        <div class=\"content\"><p align=\"center\"><strong>示例市发展和改革委员会关于印发</strong></p>\
        <p align=\"center\"><strong>《示例办法》的通知</strong></p><p align=\"center\">示发改规〔2020〕7号</p>\
        <p>各区县发展改革局：</p><p>　　为规范有关价格行为，我委制定了《示例办法》，现印发你们，请认真贯彻执行。办法的文字在附件中。</p>\
        <p align=\"right\">示例市发展和改革委员会</p><p align=\"right\">2020年2月28日</p></div></div></body></html>";
    import_one(&site, "banfa.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "banfa");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("示例市发展和改革委员会关于印发《示例办法》的通知"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "doc_no").as_deref(),
        Some("示发改规〔2020〕7号")
    );
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例市发展和改革委员会"),
        "{md}"
    );
    assert_eq!(fm_str(&fm, "written_on").as_deref(), Some("2020-02-28"));
}

#[test]
fn a_heading_with_its_byline_in_brackets_and_a_centred_joint_signoff() {
    let site = site();
    let page = "<html><head><meta name=\"ContentSource\" content=\"示例市发改委信息公开\">\
        <title>关于印发《示例交易办法》的通知_能源</title></head><body>\
        <h2 class=\"Article-title\"><span>关于印发《示例交易办法》的通知</span>\
        <small><span>(发布日期：2019年05月31日</span> <span>文号：示发改规范〔2019〕7号)</span></small></h2>\
        <div class=\"Article_content\"><p>某某电力公司、某某交易中心：</p>\
        <p>　　为促进清洁能源消纳，我们研究制订了《示例交易办法》，现印发给你们，请按照执行。办法的文字在附件中。</p>\
        <p style=\"text-align: center;\">示例市发展和改革委员会</p><p style=\"text-align: center;\">示例市经济和信息化委员会</p>\
        <p style=\"text-align: center;\"><br/></p><p style=\"text-align: center;\">国家能源局示例监管局</p>\
        <p style=\"text-align: center;\">2019年5月30日</p></div></body></html>";
    import_one(&site, "jiaoyi.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "jiaoyi");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("关于印发《示例交易办法》的通知"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "doc_no").as_deref(),
        Some("示发改规范〔2019〕7号")
    );
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例市发展和改革委员会、示例市经济和信息化委员会、国家能源局示例监管局"),
        "{md}"
    );
    assert_eq!(fm_str(&fm, "written_on").as_deref(), Some("2019-05-30"));
    assert_eq!(fm_str(&fm, "date").as_deref(), Some("2019-05-31"));
    assert!(
        body_of(&md).contains("请按照执行"),
        "the body, not the heading: {md}"
    );
}

#[test]
fn a_joint_signoff_with_two_organs_on_one_line() {
    let site = site();
    let page = "<html><head><title>关于示例市场转入正式运行的通知_国家能源局示例监管办公室</title></head><body>\
        <div class=\"wrapper_deatil_title\">关于示例市场转入正式运行的通知</div>\
        <div class=\"wrapper_deatil_date\"><span>2024-06-17 18:30</span> <span>来源：国家能源局示例监管办公室</span></div>\
        <div class=\"wrapper_detail_text\"><p style=\"text-align: center;\">示监能市场〔2024〕35号</p>\
        <p>各市发展改革委，示例电力交易中心：</p>\
        <p>　　经综合评估并报有关部门备案，决定自即日起，示例电力现货市场转入正式运行。通知的文字在这里，足够成段。</p>\
        <p>　　特此通知。</p>\
        <p style=\"text-align: right;\">国家能源局示例监管办公室 示例省发展和改革委员会</p>\
        <p style=\"text-align: right;\">示例省能源局</p><p style=\"text-align: right;\">2024年6月17日</p></div></body></html>";
    import_one(&site, "zhengshi.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "zhengshi");
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("国家能源局示例监管办公室、示例省发展和改革委员会、示例省能源局"),
        "{md}"
    );
    assert_eq!(fm_str(&fm, "written_on").as_deref(), Some("2024-06-17"));
}

#[test]
fn the_page_metadata_states_the_old_address() {
    let site = site();
    let page = "<html><head><meta name=\"ArticleTitle\" content=\"示例局关于征求意见的公告\">\
        <meta name=\"Url\" content=\"https://nyj.example.gov.cn/tz/202603/t20260306_123.html\">\
        <title>通知公告_示例局</title></head><body><div class=\"tit\"><span>示例局关于征求意见的公告</span></div>\
        <div class=\"con\"><p>　　为做好有关工作，现向社会公开征求意见，欢迎有关单位和个人提出宝贵意见建议。公告的文字在这里。</p></div></body></html>";
    import_one(&site, "gonggao.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "gonggao");
    assert_eq!(
        fm_str(&fm, "source_url").as_deref(),
        Some("https://nyj.example.gov.cn/tz/202603/t20260306_123.html"),
        "{md}"
    );
}

#[test]
fn a_title_in_an_h4_that_the_page_title_repeats() {
    let site = site();
    let page = "<html><head><title>示例省发展和改革委员会 - 示例省能源局关于示例项目节能报告的审查意见</title></head><body>\
        <div class=\"content\"><h4>示例省能源局关于示例项目节能报告的审查意见</h4><h5 class=\"subtitle\"></h>\
        <script>$(function(){ if($('.subtitle').text()==0){ $('.subtitle').hide(); } })</script><h3></h3>\
        <div class=\"jbxx\"><span>信息来源：示例省能源局</span> <span>时间：2026-03-04 17:52:20</span></div>\
        <div id=\"content1\"><p>示例市发展和改革局：</p><p>　　《示例项目节能报告》收悉。经审查，原则同意该项目节能报告，请按规定组织实施并报告落实情况。</p></div></div>\
        <div class=\"footer\"><div class=\"cusTitle\">委管局/直属单位</div></div></body></html>";
    import_one(&site, "shencha.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "shencha");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some("示例省能源局关于示例项目节能报告的审查意见"),
        "{md}"
    );
}

#[test]
fn a_division_as_the_source_gives_way_to_the_organ_the_title_names() {
    let site = site();
    let page = "<html><head><title>示例省能源局关于示例项目节能报告的审查意见</title></head><body>\
        <h1>示例省能源局关于示例项目节能报告的审查意见</h1>\
        <div class=\"jbxx\"><span>信息来源：省能源局节能处</span> <span>时间：2026-03-04 17:52:20</span></div>\
        <div id=\"content1\"><p>示例市发展和改革局：</p><p>　　《示例项目节能报告》收悉。经审查，原则同意该项目节能报告，请按规定组织实施并报告落实情况。</p></div></body></html>";
    import_one(&site, "jieneng.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "jieneng");
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例省能源局"),
        "{md}"
    );
}

#[test]
fn a_body_that_is_one_attachment_link_beside_a_longer_byline_and_footer() {
    let site = site();
    let page = "<html><head><meta name=\"SiteName\" content=\"国家能源局示例监管局\">\
        <title>关于加强合同履约监管的通知</title></head><body>\
        <div class=\"menu\"><a href=\"/\">首页</a> <a href=\"/xxgk/\">信息公开</a></div>\
        <div class=\"wrapper_deatil\"><div class=\"wrapper_deatil_title\">关于加强合同履约监管的通知</div>\
        <div class=\"wrapper_menu\"><div class=\"date\"><span>2025-12-16 11:56</span> <span>来源：示例局管理员</span></div>\
        <div class=\"font\"><p>Aa</p><span>字体：</span><a href=\"#\">小</a>|<a href=\"#\">中</a>|<a href=\"#\">大</a></div></div>\
        <div class=\"wrapper_detail_text\"><p> </p><p><img src=\"/icons/icon_pdf.gif\"/><a href=\"./P020251216430560511685.pdf\">关于加强合同履约监管的通知.pdf</a></p></div></div>\
        <div class=\"wrapper-footer\"><p>办公地址：示例市海珠区琶洲大道190号 邮编：510308 值班电话：020-85125196 传真：020-83510221</p>\
        <p>主办单位：国家能源局示例监管局 网站标识码：bm62000014号 京ICP备11044902号 国家能源局示例监管局版权所有，如需转载，请注明来源</p></div></body></html>";
    import_one(&site, "lvyue.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "lvyue");
    let body = body_of(&md);
    assert!(body.contains("关于加强合同履约监管的通知.pdf"), "{md}");
    assert!(!body.contains("琶洲大道") && !body.contains("字体"), "{md}");
    // '来源：示例局管理员' is the account that posted it: the site's organ issued it.
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("国家能源局示例监管局"),
        "{md}"
    );
}

#[test]
fn a_joint_notice_of_five_organs_with_a_garbled_meta_title() {
    let site = site();
    let organs = [
        "示例市经济和信息化委员会",
        "示例市财政局",
        "中共示例市委金融委员会办公室",
        "国家金融监督管理总局示例监管局",
        "示例市商务委员会",
    ];
    let centred: String = organs
        .iter()
        .map(|o| format!("<p style=\"text-align:center\">{o}</p>"))
        .collect();
    let signed: String = organs
        .iter()
        .map(|o| format!("<div style=\"text-align:right\">{o}&nbsp;&nbsp;</div>"))
        .collect();
    let page = format!(
        "<html><head><title>示例市经济和信息化委员会</title>\
        <meta name=\"ArticleTitle\" content=\"示例市经济和信息化委员会 示例市财政局关于印发示例产业政策措施的通知\"></head><body>\
        <div class=\"xlcon\">{centred}<p style=\"text-align:center\">关于印发《示例产业</p>\
        <p style=\"text-align:center\">发展政策措施》的通知</p><p style=\"text-align:center\">示经信规范〔2025〕13号</p>\
        <p>各有关单位：</p><p>　　现将《示例产业发展政策措施》印发给你们，请认真贯彻执行。措施的文字在后面，足够成段。</p>\
        {signed}<div style=\"text-align:right\">2025年12月30日</div></div></body></html>"
    );
    import_one(&site, "cuoshi.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "cuoshi");
    assert_eq!(
        fm_str(&fm, "title").as_deref(),
        Some(
            format!(
                "{}关于印发《示例产业发展政策措施》的通知",
                organs.join("、")
            )
            .as_str()
        ),
        "{md}"
    );
    assert_eq!(fm_str(&fm, "issuer"), Some(organs.join("、")), "{md}");
}

#[test]
fn a_metadata_list_naming_two_organs_and_a_bracketed_doc_no() {
    let site = site();
    let page = "<html><head><title>示例省发展和改革委员会</title></head><body>\
        <div class=\"topbox\"><ul><li><strong>发布机构：</strong><span>示例省发展和改革委员会  示例省能源局</span></li>\
        <li><strong>发布日期：</strong><span>2025-09-30</span></li>\
        <li><strong>文  号：</strong><span class=\"n_wh\">(示发改价格〔2025〕480号)</span></li></ul></div>\
        <div class=\"contText\"><p style=\"text-align:center\">关于印发《示例实施方案》的通知(示发改价格〔2025〕480号)</p>\
        <p>各市（州）发展改革委：</p><p>　　为深化有关改革，我们研究制定了《示例实施方案》，现印发你们，请抓好贯彻执行。方案的文字在附件中。</p></div></body></html>";
    import_one(&site, "fangan.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "fangan");
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例省发展和改革委员会、示例省能源局"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "doc_no").as_deref(),
        Some("示发改价格〔2025〕480号"),
        "{md}"
    );
}

#[test]
fn an_article_in_a_form_without_fields_under_a_title_cell_and_an_empty_source() {
    let site = site();
    let page = "<html><head><title>示例条例-纪检</title></head><body>\
        <table><tr><td><a href=\"/\">首页</a> <a href=\"/jg\">机构职能</a> <a href=\"/zd\">校内制度</a></td></tr>\
        <tr><td align=\"center\"><span class=\"STYLE8\">示例条例</span></td></tr>\
        <tr><td align=\"center\">来源:\n     | 发布时间: 2018-05-17 | 浏览次数: 2168</td></tr>\
        <tr><td><form name=\"_newscontent_fromname\"><div id=\"vsb_content\">\
        <p>第一条　为了规范示例工作，根据有关法律，制定本条例。这是条文的文字，足够成段。</p>\
        <p>第二条　示例机构依照本条例对所辖单位开展监督，有关单位应当配合，如实提供情况和材料，不得拒绝或者拖延。</p>\
        <p>第三条　本条例自公布之日起施行。</p></div></form></td></tr>\
        <tr><td>主办单位：示例大学纪检监察室 版权所有 地址：示例市示例路56号 邮编：030001 电话：0351-0000000 \
        </td></tr></table></body></html>";
    import_one(&site, "tiaoli.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "tiaoli");
    assert_eq!(fm_str(&fm, "title").as_deref(), Some("示例条例"), "{md}");
    assert_eq!(fm_str(&fm, "date").as_deref(), Some("2018-05-17"));
    assert_ne!(fm_str(&fm, "issuer").as_deref(), Some("|"), "{md}");
    let body = body_of(&md);
    assert!(
        body.trim_start().starts_with("第一条") && !body.contains("主办单位"),
        "the article in the form is the body: {md}"
    );
}

#[test]
fn a_source_naming_this_site_and_a_byline_date_labelled_time() {
    let site = site();
    let page = "<html><head><title>我院举办示例技能大赛 示例省某某医院</title></head><body>\
        <div class=\"nav\">位置：<a href=\"/\">首页</a> &gt; <a href=\"/xw\">新闻动态</a></div>\
        <div id=\"ArticleContentBlockTitle_1\"><div class=\"title\">我院举办示例技能大赛</div>\
        <div class=\"title_blow\">来源：本站原创&nbsp;&nbsp;作者：示例党支部<br>时间：2019年10月31日 23:00&nbsp;&nbsp;浏览：\
        <span>33</span></div></div>\
        <div class=\"article_content_mix\"><p>本站讯 10月30日，我院举办了示例技能大赛，全体专业人员参赛。这是新闻的文字，足够成段。</p>\
        <p>示例党支部供稿</p></div></body></html>";
    import_one(&site, "dasai.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "dasai");
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例省某某医院"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "date").as_deref(),
        Some("2019-10-31 23:00"),
        "{md}"
    );
}

#[test]
fn the_address_in_the_url_meta_of_a_government_page() {
    let site = site();
    let page = "<html><head><meta name=\"SiteIDCode\" content=\"3590000001\"/>\
        <meta name=\"Url\" content=\"https://www.example.gov.cn/zwgk/zxwj/201212/t20121220_943.htm\"/>\
        <title>部门文件_示例网站</title></head><body>\
        <div class=\"article_title\">示例县人民政府办公室关于示例工作的通知</div>\
        <div class=\"article_content\"><p>各乡镇人民政府：</p><p>　　现将有关事项通知如下，请认真贯彻执行。通知的文字在这里，足够成段。</p>\
        <p>示例县人民政府办公室</p><p>2012年12月17日</p></div></body></html>";
    import_one(&site, "tongzhi.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "tongzhi");
    assert_eq!(
        fm_str(&fm, "source_url").as_deref(),
        Some("https://www.example.gov.cn/zwgk/zxwj/201212/t20121220_943.htm"),
        "{md}"
    );
}

#[test]
fn a_signoff_dated_with_a_digit_zero_in_the_chinese_year() {
    let site = site();
    let nbsp = "&nbsp;".repeat(50);
    let page = format!(
        "<html><head><title>公示公告_示例网站</title></head><body>\
        <div class=\"article_title\">示例县人民政府关于示例街道改造的通告</div>\
        <div class=\"article_content\"><P><FONT size=4>　　实施示例街道改造是一项民生工程，现将有关事项通告如下：改造从3月初开始，请沿街住户配合。</FONT></P>\
        <P><FONT size=4>　{nbsp} 　特此通告</FONT></P>\
        <P><FONT size=4>　　{nbsp} 示例县人民政府</FONT></P>\
        <P><FONT size=4>　　{nbsp} 二0一二年二月二十九日</FONT></P></div></body></html>"
    );
    import_one(&site, "tonggao.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "tonggao");
    assert_eq!(
        fm_str(&fm, "written_on").as_deref(),
        Some("2012-02-29"),
        "{md}"
    );
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例县人民政府"),
        "{md}"
    );
}

#[test]
fn a_short_issuer_name_gives_way_to_the_signing_organ_and_the_appended_title_is_named() {
    let site = site();
    let page = "<html><head><title>示例市人民政府关于下达示例任务的通知</title></head><body>\
        <table class=\"xxgk_article\"><tr><td>索引号</td><td>113300000000000000/2023-00001</td><td>文号</td><td>示政发〔2023〕30号</td></tr>\
        <tr><td>发布机构</td><td>市政府</td><td>成文日期</td><td>2023-10-16</td></tr></table>\
        <div class=\"xl_title\">示例市人民政府关于下达示例任务的通知</div>\
        <div class=\"zoom\"><p>各区人民政府，市直各单位：</p><p>　　经研究，决定下达示例任务。现将任务下达给你们，请按规定做好各项工作。</p>\
        <p>附件：2023年市区示例单位安置任务</p>\
        <p style=\"text-align: right;\">示例市人民政府</p><p style=\"text-align: right;\">2023年10月16日</p>\
        <p>附件</p><p>2023年市区示例单位</p><p>安置任务</p>\
        <table><tr><td>序号</td><td>安置单位名称</td><td>安置任务</td></tr><tr><td>1</td><td>示例粮食储备库</td><td>1</td></tr>\
        <tr><td>2</td><td>示例林场</td><td>1</td></tr></table></div></body></html>";
    import_one(&site, "renwu.html", page.as_bytes()).assert_code(0);
    let (md, fm) = written(&site, "renwu");
    assert_eq!(
        fm_str(&fm, "issuer").as_deref(),
        Some("示例市人民政府"),
        "{md}"
    );
}
