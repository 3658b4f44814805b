//! Disclosure pages: heading structure and 目录导读 of each real document (expectations written
//! from the Markdown sources), run-in titles, the metadata panel, 落款, 废止 notices, `<head>`.

use regex::Regex;

use crate::common::*;

/// Expected body headings (level, start of the title) of each fixture report, read from the
/// Markdown sources:
///
/// - `#` headings are kept as they are.
/// - A standalone numbered paragraph (`一、…`, `（一）…`, a single sentence followed by body
///   text) is a title: `一、` → h2, `（一）` / `(一)` → h3. This includes the long one-sentence
///   `一、` lines of the seed (liaocheng) and of the 国函 批复 (2018-12-03), which have the same
///   shape.
/// - A numbered paragraph whose first sentence is followed by more text
///   (`(一)扎实开展关爱保护专项行动。持续开展…`, `1.城镇小区严格依标配建幼儿园。严格遵循…`) is a
///   run-in title, not a heading.
/// - Parallel numbered clauses of one list (the holiday list of 2018-12-06) are not headings.
const STRUCTURE: &[(&str, &[(u8, &str)])] = &[
    (
        "guowuyuan-2008-03-05",
        &[
            (2, "一、 过去五年工作回顾"),
            (3, "（一）加强和改善宏观调控"),
            (3, "（二）大力推进改革开放"),
            (3, "（三）全面加强社会建设"),
            (2, "二、2008年主要任务"),
            (3, "（一）搞好宏观调控"),
            (3, "（二）加强农业基础建设"),
            (3, "（三）推进经济结构调整"),
            (3, "（四）加大节能减排和环境保护力度"),
            (3, "（五）深化经济体制改革"),
            (3, "（六） 更加注重社会建设"),
            (3, "（七）深化文化体制改革"),
            (3, "（八）加强社会主义民主法制建设"),
            (3, "（九）加快行政管理体制改革"),
        ],
    ),
    (
        "guowuyuan-2018-12-03",
        &[
            (2, "一、深圳湾口岸港方口岸区范围包括港方查验区"),
            (2, "二、深圳湾口岸港方口岸区的土地使用权"),
        ],
    ),
    ("guowuyuan-bangongting-2018-11-26", &[]),
    ("guowuyuan-bangongting-2018-12-06", &[]),
    (
        "guowuyuan-bangongting-2018-12-11",
        &[
            (2, "一、专用号牌的核发范围和管理"),
            (2, "二、专用号牌要素和车辆外观"),
            (2, "三、悬挂专用号牌车辆的道路优先通行权"),
            (2, "四、悬挂专用号牌车辆的政策保障"),
            (2, "一、号牌编码规则"),
            (2, "二、号牌规格尺寸"),
            (3, "（一）汽车号牌。"),
            (3, "（二）摩托车号牌。"),
            (2, "三、前后号牌式样对比"),
            (3, "（一）汽车前后号牌式样对比。"),
            (3, "（二）摩托车号牌。"),
            (2, "四、车辆涂装样图"),
            (3, "（一）小型车辆涂装样图。"),
            (3, "（二）中型车辆涂装样图。"),
            (3, "（三）大型车辆涂装样图。"),
        ],
    ),
    ("guowuyuan-bangongting-2018-12-24", &[]),
    (
        "guowuyuan-bangongting-2019-01-22",
        &[
            (2, "一、总体要求"),
            (2, "二、工作任务"),
            (2, "三、工作措施"),
            (2, "四、组织实施"),
        ],
    ),
    (
        "guowuyuan-bangongting-2019-01-30",
        &[
            (2, "一、总体要求"),
            (3, "（一）指导思想。"),
            (3, "（二）基本原则。"),
            (3, "（三）工作目标。"),
            (2, "二、指标体系"),
            (2, "三、支撑体系"),
            (2, "四、考核程序"),
            (2, "五、组织实施"),
        ],
    ),
    (
        "liaocheng-minzheng-2020",
        &[
            (2, "一、适时提高城乡居民最低生活保障标准"),
            (2, "二、扩大养老服务供给"),
            (2, "三、加快公益性公墓建设"),
            (2, "四、关爱留守儿童和孤困儿童"),
            (2, "五、加强村民委员会规范化建设"),
            (3, "(一)持续加强村务公开工作"),
            (3, "(二)严格落实“四议两公开”制度"),
            (3, "(三)不断完善村级议事协商制度"),
            (3, "(四)监督落实村规民约和居民公约建设专项行动。"),
            (3, "(五)深入推进城市社区工作者职业体系建设"),
            (2, "六、推进社会组织党的建设"),
            (3, "(一)推进社会组织党的建设培育5个党建示范点"),
            (3, "(二)推动完成行业协会商会与行政机关脱钩工作"),
            (3, "(三)开展社会组织公益创投活动和等级评估"),
            (2, "七、完成茌平县改区勘界等评估总结工作"),
        ],
    ),
    (
        "pingtan-dangongwei-guanweihui-2023-12-14",
        &[
            (2, "一、主要成效"),
            (2, "二、存在问题"),
            (2, "三、2023年工作计划"),
            (3, "（一）总体目标"),
            (3, "（二）总体思路"),
            (3, "（三）重点工作"),
        ],
    ),
    (
        "shuyang-fagaiju-2024-01-17",
        &[
            (2, "一、总体情况"),
            (3, "（一）主动公开政府信息情况"),
            (3, "（二）依申请公开政府信息情况"),
            (3, "（三）完善公开制度规范，加强政府信息管理"),
            (3, "（四）加强平台建设，扩展公开渠道"),
            (3, "（五）及时回应关切，自觉接受监督"),
            (2, "二、主动公开政府信息情况"),
            (2, "三、收到和处理政府信息公开申请情况"),
            (2, "四、政府信息公开行政复议、行政诉讼情况"),
            (2, "五、存在的主要问题及整改措施"),
            (2, "六、其他需要报告的事项"),
        ],
    ),
];

#[test]
fn structure_table_covers_every_fixture() {
    let mut names: Vec<String> = report_files()
        .iter()
        .map(|f| f.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut listed: Vec<String> = STRUCTURE.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(names, listed);
}

#[test]
fn heading_structure_of_each_report() {
    let site = reports_site();
    let mut failures = Vec::new();
    for (name, expected) in STRUCTURE {
        let html = site.page(&format!("/bg/{name}/"));
        let got = body_headings(&html);
        let matches = got.len() == expected.len()
            && got
                .iter()
                .zip(expected.iter())
                .all(|((l, _, t), (el, et))| l == el && t.starts_with(et));
        if !matches {
            let got: Vec<String> = got.iter().map(|(l, _, t)| format!("h{l} {t}")).collect();
            failures.push(format!("{name}:\n  expected {expected:?}\n  got {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn toc_lists_the_h2_h3_headings_nested() {
    let site = reports_site();
    for (name, expected) in STRUCTURE {
        let url = format!("/bg/{name}/");
        let html = site.page(&url);
        let headings: Vec<(u8, String, String)> = body_headings(&html)
            .into_iter()
            .filter(|(l, _, _)| *l <= 3)
            .collect();
        let toc = select(&html, "nav.gk-toc__nav");
        if expected.len() < 2 {
            assert!(
                toc.is_empty(),
                "{url}: no 目录导读 with fewer than two headings"
            );
            continue;
        }
        assert_eq!(toc.len(), 1, "{url}: one 目录导读");
        let links: Vec<(String, String)> = select_in(toc[0], "a")
            .into_iter()
            .map(|a| (attr(a, "href").unwrap().to_string(), text(a)))
            .collect();
        // An entry is its heading without the 。 (；：) that ends a run-in title.
        let want: Vec<(String, String)> = headings
            .iter()
            .map(|(_, id, t)| {
                let entry = t.trim_end_matches(['。', '；', '：', ';', ':', '.']);
                (format!("#{id}"), entry.to_string())
            })
            .collect();
        assert_eq!(links, want, "{url}: TOC entries in document order");
        // Top-level entries are the h2s; the h3s are nested under their h2.
        let top_list = select_in(toc[0], "ol")[0];
        let top: Vec<_> = top_list
            .children()
            .filter_map(scraper::ElementRef::wrap)
            .filter(|e| e.value().name() == "li")
            .collect();
        let h2 = expected.iter().filter(|(l, _)| *l == 2).count();
        assert_eq!(top.len(), h2, "{url}: top-level TOC entries");
        for li in top {
            let nested = select_in(li, "li").len();
            let link = select_in(li, "a")[0];
            let own = text(link);
            let href = attr(link, "href").unwrap_or_default();
            let idx = (headings.iter())
                .position(|(_, id, _)| format!("#{id}") == href)
                .unwrap();
            let children = headings[idx + 1..]
                .iter()
                .take_while(|(l, _, _)| *l == 3)
                .count();
            assert_eq!(nested, children, "{url}: entries under {own}");
        }
    }
}

#[test]
fn seed_run_in_titles_stay_paragraphs() {
    let html = reports_site().page("/bg/liaocheng-minzheng-2020/");
    let b = body(&html);
    let runins: Vec<(String, String)> = select_in(b, "p > strong.gk-runin")
        .into_iter()
        .map(|s| (text(s), attr(s, "id").unwrap_or_default().to_string()))
        .collect();
    let titles: Vec<&str> = runins.iter().map(|(t, _)| t.as_str()).collect();
    for expected in [
        "(一)扎实开展关爱保护专项行动。",
        "(二)推动孤儿助医助学项目开展。",
        "(三)不断提升儿童工作队伍素质。",
        "1.社会组织党建工作格局初步形成。",
        "5.沟通协调强化担当。",
    ] {
        assert!(titles.contains(&expected), "{expected} in {titles:#?}");
    }
    for (t, id) in &runins {
        assert!(!id.is_empty(), "run-in {t} has an id");
    }
    // The paragraph goes on after the run-in title.
    let p = select_in(b, "p")
        .into_iter()
        .find(|p| text(*p).starts_with("(一)扎实开展关爱保护专项行动。"))
        .expect("paragraph");
    assert!(text(p).contains("持续开展“合力监护、相伴成长”专项行动"));
    // No heading contains run-in text.
    for (_, _, t) in body_headings(&html) {
        assert!(!t.contains("扎实开展"), "{t}");
    }
}

/// The fixed order of the metadata panel (then the optional extra rows).
const META_ORDER: &[&str] = &[
    "索引号",
    "主题分类",
    "发布机构",
    "成文日期",
    "发布日期",
    "标题",
    "文号",
    "有效性",
    "公开方式",
    "主题词",
    "体裁分类",
    "信息来源",
];

#[test]
fn metadata_panel_order_without_empty_rows() {
    for site in [reports_site(), basic_site()] {
        for url in site.html_pages() {
            let html = site.page(&url);
            if select(&html, "article.gk-doc").is_empty() {
                continue;
            }
            let rows = meta_rows(&html);
            let positions: Vec<usize> = rows
                .iter()
                .map(|(l, _)| {
                    META_ORDER
                        .iter()
                        .position(|o| o == l)
                        .unwrap_or_else(|| panic!("{url}: unknown row {l}"))
                })
                .collect();
            assert!(
                positions.windows(2).all(|w| w[0] < w[1]),
                "{url}: rows out of order: {rows:?}"
            );
            for (l, v) in &rows {
                assert!(!v.is_empty(), "{url}: empty row {l}");
            }
            for required in ["发布机构", "发布日期", "标题", "公开方式"] {
                assert!(rows.iter().any(|(l, _)| l == required), "{url}: {required}");
            }
        }
    }
    // A document with every field has all nine rows in the fixed order.
    let html = basic_site().page("/zcwj/luokuan-tongzhi/");
    let rows = meta_rows(&html);
    assert_eq!(
        rows,
        [
            ("索引号", "11110000123456788X/2021-00002"),
            ("主题分类", "安全生产"),
            ("发布机构", "示例市示例局"),
            ("成文日期", "2021年1月18日"),
            ("发布日期", "2021年1月20日"),
            ("标题", "示例市示例局关于做好2021年春节期间安全工作的通知"),
            ("文号", "示例发〔2021〕2号"),
            ("有效性", "有效"),
            ("公开方式", "主动公开"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

/// 落款 blocks of a page: (inside the body?, issuer, date).
fn signatures(html: &scraper::Html) -> Vec<(bool, String, String)> {
    let b = body(html);
    let inside: Vec<_> = select_in(b, ".gk-signature")
        .into_iter()
        .map(|e| e.id())
        .collect();
    select(html, ".gk-signature")
        .into_iter()
        .map(|s| {
            let issuer = select_in(s, ".gk-signature__issuer")
                .first()
                .map(|e| text(*e));
            let date = select_in(s, ".gk-signature__date")
                .first()
                .map(|e| text(*e));
            (
                inside.contains(&s.id()),
                issuer.unwrap_or_default(),
                date.unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn signature_is_not_duplicated_when_the_body_has_one() {
    let html = reports_site().page("/bg/liaocheng-minzheng-2020/");
    assert_eq!(
        signatures(&html),
        [(
            true,
            "聊城市民政局".to_string(),
            "2020年12月25日".to_string()
        )]
    );
    let html = basic_site().page("/zcwj/luokuan-tongzhi/");
    assert_eq!(
        signatures(&html),
        [(
            true,
            "示例市示例局".to_string(),
            "2021年1月18日".to_string()
        )]
    );
    // Every report ends with (or contains) its own 落款: never a second one.
    for f in report_files() {
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        let html = reports_site().page(&format!("/bg/{name}/"));
        assert_eq!(
            signatures(&html).len(),
            1,
            "{name}: {:?}",
            signatures(&html)
        );
    }
}

#[test]
fn signature_is_generated_when_absent() {
    let site = basic_site();
    // No 成文日期: the 发布日期 is used.
    let html = site.page("/tzgg/daima-yangli/");
    assert_eq!(
        signatures(&html),
        [(
            false,
            "示例市示例局".to_string(),
            "2021年4月13日".to_string()
        )]
    );
    // With a 成文日期, the 落款 carries it.
    let html = site.page("/tzgg/fujian-tongzhi/");
    assert_eq!(
        signatures(&html),
        [(
            false,
            "示例市示例局".to_string(),
            "2021年3月1日".to_string()
        )]
    );
    // `signature: false` turns it off.
    let off = SiteBuilder::new()
        .section("xxgk", "信息公开", "")
        .file(
            "content/xxgk/a.md",
            doc(
                "甲",
                "2021-03-01",
                Some(&index_no(2021, 1)),
                "signature: false\n",
                "正文。\n",
            ),
        )
        .build(&[]);
    off.run.assert_code(0);
    assert!(signatures(&off.page("/xxgk/a/")).is_empty());
}

#[test]
fn repealed_document_shows_a_notice_and_a_tag_in_listings() {
    let site = basic_site();
    let html = site.page("/zcwj/feizhi-banfa/");
    let notice = one(&html, ".gk-notice--invalid");
    assert!(text(notice).contains("本文件已废止"), "{}", text(notice));
    assert!(meta_row(&html, "有效性").unwrap().starts_with("废止"));
    // A valid document has no notice.
    assert!(select(&site.page("/zcwj/luokuan-tongzhi/"), ".gk-notice").is_empty());

    for url in ["/zcwj/", "/care/zcwj/", "/zcwj/year/2019/", "/"] {
        let html = site.page(url);
        let items = select(&html, ".gk-list__item");
        assert!(!items.is_empty(), "{url}");
        let mut found = false;
        for item in items {
            let title = text(select_in(item, ".gk-list__title")[0]);
            let tags: Vec<String> = select_in(item, ".gk-tag--invalid")
                .into_iter()
                .map(text)
                .collect();
            if title.contains("示例管理暂行办法") {
                found = true;
                assert_eq!(tags, ["废止"], "{url}: tag of the repealed document");
            } else {
                assert!(tags.is_empty(), "{url}: {title} is not repealed");
            }
        }
        assert!(found, "{url} lists the repealed document");
    }
}

#[test]
fn head_has_government_meta_tags_and_open_graph() {
    let site = reports_site();
    let pub_date = Regex::new(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$").unwrap();
    for f in report_files() {
        let fm = front_matter(&f);
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        let url = format!("/bg/{name}/");
        let html = site.page(&url);
        let title = fm_str(&fm, "title").unwrap();
        let issuer = fm_str(&fm, "issuer").unwrap();
        let date = fm_str(&fm, "date").unwrap();
        assert_eq!(
            meta_name(&html, "SiteName").as_deref(),
            Some("示例市测试局"),
            "{url}"
        );
        assert_eq!(
            meta_name(&html, "SiteIDCode").as_deref(),
            Some("1234567890"),
            "{url}"
        );
        assert_eq!(
            meta_name(&html, "ColumnName").as_deref(),
            Some("政策与报告"),
            "{url}"
        );
        assert_eq!(
            meta_name(&html, "ArticleTitle"),
            Some(title.clone()),
            "{url}"
        );
        assert_eq!(meta_name(&html, "ContentSource"), Some(issuer), "{url}");
        let pd = meta_name(&html, "PubDate").expect("PubDate");
        assert!(pub_date.is_match(&pd), "{url}: PubDate {pd}");
        assert_eq!(&pd[..10], &date[..10], "{url}");
        assert_eq!(meta_property(&html, "og:title"), Some(title), "{url}");
        let permalink = format!("{BASE_URL}bg/{name}/");
        assert_eq!(
            meta_property(&html, "og:url"),
            Some(permalink.clone()),
            "{url}"
        );
        assert_eq!(canonical(&html), permalink, "{url}");
    }
    // The time of day is kept.
    let html = site.page("/bg/liaocheng-minzheng-2020/");
    assert_eq!(
        meta_name(&html, "PubDate").as_deref(),
        Some("2021-01-19 17:11")
    );
    let html = site.page("/bg/shuyang-fagaiju-2024-01-17/");
    assert_eq!(
        meta_name(&html, "PubDate").as_deref(),
        Some("2024-01-17 00:00")
    );
}

/// The 主题分类 of a report fixture as its front matter lists them (a text is one topic).
fn fixture_topics(path: &std::path::Path) -> Vec<String> {
    match front_matter(path).get("topics") {
        Some(serde_yaml::Value::Sequence(list)) => list
            .iter()
            .map(|t| t.as_str().expect("topic text").to_string())
            .collect(),
        Some(serde_yaml::Value::String(t)) => vec![t.clone()],
        _ => Vec::new(),
    }
}

/// Reads a 主题分类 panel value back into topics the way a reader does: the text between the
/// first two topics is the separator, which must not be empty nor 、 nor any character of a
/// topic (topics such as 科技、教育 hold 、 themselves). The separator of a one-topic value is
/// never looked for.
fn read_topics(value: &str, topics: &[String]) -> Result<Vec<String>, String> {
    let [first, second, ..] = topics else {
        return Ok(vec![value.to_string()]);
    };
    let rest = value
        .strip_prefix(first.as_str())
        .ok_or_else(|| format!("does not start with the first topic “{first}”"))?;
    let at = rest
        .find(second.as_str())
        .ok_or_else(|| format!("the second topic “{second}” is missing"))?;
    let separator = &rest[..at];
    let ambiguous = separator.is_empty()
        || separator.contains('、')
        || separator
            .chars()
            .any(|c| topics.iter().any(|t| t.contains(c)));
    if ambiguous {
        return Err(format!(
            "separator “{separator}” between topics can be read as part of a topic"
        ));
    }
    Ok(value.split(separator).map(str::to_string).collect())
}

#[test]
fn topics_stay_distinguishable_in_the_metadata_panel() {
    let site = reports_site();
    let mut topics_with_enumeration_comma = 0;
    for f in report_files() {
        let topics = fixture_topics(&f);
        if topics.is_empty() {
            continue;
        }
        topics_with_enumeration_comma += topics.iter().filter(|t| t.contains('、')).count();
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        for url in [format!("/bg/{name}/"), format!("/care/bg/{name}/")] {
            let value = meta_row(&site.page(&url), "主题分类")
                .unwrap_or_else(|| panic!("{url}: no 主题分类 row"));
            assert_eq!(
                read_topics(&value, &topics).as_ref(),
                Ok(&topics),
                "{url}: 主题分类 “{value}” must read as the topics of the front matter, no more"
            );
        }
    }
    // The fixtures keep the case that made topics run together (科技、教育 + 教育).
    assert!(topics_with_enumeration_comma >= 2);
}
