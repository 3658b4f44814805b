//! Input a webmaster may write by mistake, beyond the broken front matter of `errors.rs`: each
//! gives a located Chinese error (or builds correctly), never a panic, a lost page or an I/O
//! error without a file.

use crate::common::*;

/// A site with section `s` and its valid document `content/s/a.md`, plus `files`.
fn site_with(files: &[(&str, &str)]) -> SiteBuilder {
    (files.iter()).fold(one_document(), |b, (rel, text)| b.file(rel, text))
}

/// Asserts that the run failed with exactly these errors, in order: (how the line starts, what
/// it contains), and without an I/O error that names no file.
#[track_caller]
fn assert_errors(run: &Run, expected: &[(&str, &str)]) {
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(errors.len(), expected.len(), "{}", run.stderr);
    for (e, (start, needle)) in errors.iter().zip(expected) {
        assert!(e.starts_with(start) && e.contains(needle), "{e}");
    }
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
}

/// A document with `slug` and no 索引号.
fn doc_with_slug(slug: &str) -> String {
    doc(
        "页面",
        "2021-01-06",
        None,
        &format!("slug: {slug}\n"),
        "正文。\n",
    )
}

#[test]
fn an_output_two_sources_claim_is_an_error_at_the_file_to_rename() {
    let site = site_with(&[
        ("content/search.md", &doc_with_slug("search")),
        ("content/s/year.md", &doc_with_slug("year")),
        ("content/feed.md", &doc_with_slug("atom.xml")),
        ("static/sitemap", "一个没有扩展名的文件"),
        ("static/s/a/index.html", "<p>旧页面</p>"),
    ])
    .build(&[]);
    let slug = "错误: slug（网址名）: ";
    assert_errors(
        &site.run,
        &[
            (
                &format!("content/feed.md:5:7: {slug}"),
                "atom.xml 已是订阅源",
            ),
            (
                &format!("content/s/a.md: {slug}"),
                "已是文件 static/s/a/index.html 的副本",
            ),
            (
                &format!("content/s/year.md:5:7: {slug}"),
                "s/year/index.html，但这个文件已是栏目“栏目”的目录页",
            ),
            (
                &format!("content/search.md:5:7: {slug}"),
                "search/index.html，但这个文件已是检索页",
            ),
            (
                "static/sitemap: 错误: ",
                "网站地图页要写到 sitemap/index.html",
            ),
        ],
    );
    assert!(!site.public().exists());
}

#[test]
fn an_old_address_where_a_file_of_the_site_is_is_an_error() {
    let aliases = "aliases: [/sitemap.xml, /s/atom.xml/old.htm]\n";
    let site = site_with(&[(
        "content/s/b.md",
        &doc("旧网址", "2021-01-06", None, aliases, "正文。\n"),
    )])
    .build(&[]);
    let at = "content/s/b.md:5:10: 错误: aliases（旧网址）: ";
    assert_errors(
        &site.run,
        &[
            (at, "/s/atom.xml/old.htm 与站内现有的 /s/atom.xml 冲突"),
            (at, "/sitemap.xml 是站内现有页面"),
        ],
    );
}

#[test]
fn a_file_name_that_cannot_become_a_url_says_which_character() {
    let text = doc("通知", "2021-01-06", None, "", "正文。\n");
    let site = site_with(&[
        ("content/s/a b.md", &text),
        ("content/s/a#b.md", &text),
        ("content/s/通知.md", &text),
        ("content/s/b.MD", &text),
    ])
    .build(&[]);
    assert_errors(
        &site.run,
        &[
            ("content/s/a b.md:1:1: 错误: slug（网址名）: ", "含空格"),
            ("content/s/a#b.md:1:1: 错误: slug（网址名）: ", "字符 “#”"),
            ("content/s/b.MD: 错误: ", "小写 .md"),
            (
                "content/s/通知.md:1:1: 错误: slug（网址名）: ",
                "非 ASCII 字符 “通”",
            ),
        ],
    );
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_errors_not_garbled_copies() {
    use std::os::unix::ffi::OsStrExt;
    // 附件.pdf and 附表.pdf as a Windows archive names them (GBK): both became ����.pdf.
    for dir in ["content/s", "static"] {
        let mut site = one_document().create();
        for name in [&b"\xb8\xbd\xbc\xfe.pdf"[..], b"\xb8\xbd\xb1\xed.pdf"] {
            let name = std::ffi::OsStr::from_bytes(name);
            write_file(&site.root().join(dir).join(name), b"%PDF-1.4");
        }
        let run = site.build(&[]);
        assert_errors(&run, &[(dir, "不是 UTF-8"), (dir, "不是 UTF-8")]);
    }
}

#[test]
fn a_broken_template_is_reported_with_the_errors_of_the_content() {
    let site = site_with(&[
        (
            "content/s/b.md",
            &doc("日期", "2021-13-01", None, "", "正文。\n"),
        ),
        ("themes/gov/templates/page.html", "{% if %}"),
    ])
    .build(&[]);
    assert_errors(
        &site.run,
        &[
            (
                "content/s/b.md:4:7: 错误: date（发布日期）: ",
                "月份 13 不存在",
            ),
            ("themes/gov/templates/page.html:1:", "模板有语法错误"),
        ],
    );
}

#[test]
fn a_config_that_cannot_be_read_is_one_error_not_a_list_of_missing_items() {
    // A tab before a key: the defaults stand in, but the address and footer items they lack are
    // that one mistake, not nine more.
    let site = one_document()
        .config(Some(
            "title: 示例市民政局\n\tbase_url: https://www.example.gov.cn/\n",
        ))
        .build(&[]);
    assert_errors(&site.run, &[("config.yaml:2:", "配置无效")]);
    assert!(site.run.warnings().is_empty(), "{}", site.run.stderr);
    // Saved in GBK (示例市民政局), or not a file: the same one error.
    let mut site = one_document().create();
    site.write("config.yaml", b"title: \xca\xbe\xc0\xfd\n");
    let run = site.build(&[]);
    assert_errors(&run, &[("config.yaml:1:", "不是 UTF-8")]);
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    std::fs::remove_file(site.root().join("config.yaml")).unwrap();
    std::fs::create_dir(site.root().join("config.yaml")).unwrap();
    let run = site.build(&[]);
    assert_errors(&run, &[("config.yaml", "无法读取：这是文件夹，不是文件")]);
    assert!(run.warnings().is_empty(), "{}", run.stderr);
}

#[test]
fn config_values_are_reported_at_their_key() {
    let config = "title: 示例市民政局\nbase_url: https://www.example.gov.cn/?a=1\ntoc_levels: [3, 1]\ngov_mark:\n  url: https://bszs.conac.cn/\n  image: https://other.example.com/dzjg.png\nfavicon: /img/none.png\npage_size: 0\n";
    let site = one_document().config(Some(config)).build(&[]);
    assert_errors(
        &site.run,
        &[
            (
                "config.yaml:2:1: 错误: base_url（网站地址）: ",
                "路径中不能有“?”",
            ),
            ("config.yaml:3:1: 错误: toc_levels", "[3, 1]"),
            ("config.yaml:6:3: 错误: gov_mark.image", "other.example.com"),
        ],
    );
    let warnings = site.run.warnings();
    for start in [
        "config.yaml:7:1: 警告: favicon",
        "config.yaml:8:1: 警告: page_size",
    ] {
        let found = warnings.iter().any(|w| w.starts_with(start));
        assert!(found, "{start}\n{}", site.run.stderr);
    }
    // The address was written, so it is not also "not configured".
    assert!(
        !site.run.stderr.contains("未配置网站地址"),
        "{}",
        site.run.stderr
    );
}

#[test]
fn a_markdown_file_too_large_to_be_a_document_is_an_error() {
    let mut site = one_document().create();
    let big = std::fs::File::create(site.root().join("content/s/archive.md")).unwrap();
    big.set_len(65 << 20).unwrap();
    let run = site.build(&[]);
    assert_errors(&run, &[("content/s/archive.md: 错误: ", "超过 64 MB")]);
}

#[test]
fn errors_of_the_output_map_come_with_the_errors_of_the_content() {
    // A bad date, a document slugged like the search page and a GBK file name in static/: one
    // run names all three.
    let mut site = site_with(&[
        (
            "content/s/b.md",
            &doc("日期", "2021-13-01", None, "", "正文。\n"),
        ),
        ("content/search.md", &doc_with_slug("search")),
    ])
    .create();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"\xb8\xbd\xbc\xfe.pdf");
        write_file(&site.root().join("static").join(name), b"%PDF-1.4");
    }
    let run = site.build(&[]);
    let mut expected = vec![
        ("content/s/b.md:4:7: 错误: date", "月份 13 不存在"),
        ("content/search.md:5:7: 错误: slug", "已是检索页"),
    ];
    if cfg!(unix) {
        expected.push(("static/", "不是 UTF-8"));
    }
    assert_errors(&run, &expected);
}

#[test]
fn each_attachment_with_a_problem_is_reported_at_its_own_item() {
    let block =
        "附件:\n  - {title: 附件1}\n  - 42\n  - title: 附件3\n    file: c.pdf\n  - [a.pdf]\n";
    let flow = "attachments: [a.pdf, {title: 附件2, file: \"b, c.pdf\"},\n  d.pdf]\n";
    let site = site_with(&[
        (
            "content/s/b.md",
            &doc("附件", "2021-01-06", None, block, "正文。\n"),
        ),
        (
            "content/s/c.md",
            &doc("附件", "2021-01-06", None, flow, "正文。\n"),
        ),
        ("content/s/a.pdf", "%PDF-1.4"),
    ])
    .build(&[]);
    assert_errors(
        &site.run,
        &[
            (
                "content/s/b.md:6:5: 错误: attachments（附件）: ",
                "应有 file（文件名）或 url",
            ),
            (
                "content/s/b.md:7:5: 错误: attachments（附件）: ",
                "实际为数字 42",
            ),
            (
                "content/s/b.md:10:5: 错误: attachments（附件）: ",
                "实际为列表",
            ),
            (
                "content/s/c.md:5:22: 错误: attachments（附件）: ",
                "附件 “附件2” 的文件 b, c.pdf 不存在",
            ),
            (
                "content/s/c.md:6:3: 错误: attachments（附件）: ",
                "附件 “d” 的文件 d.pdf 不存在",
            ),
        ],
    );
}

#[test]
fn a_signing_key_that_cannot_be_read_is_one_chinese_error_at_its_key() {
    for (key, message) in [
        (
            "/nonexistent/key",
            "签名私钥 /nonexistent/key 不存在：请改正路径，或用 gongkai keygen 生成密钥对",
        ),
        (
            "/",
            "签名私钥 / 是文件夹：应写 gongkai keygen 生成的私钥文件",
        ),
    ] {
        let config = format!("title: 示例市民政局\nsigning_key: {key}\n");
        let site = one_document().config(Some(&config)).build(&[]);
        assert_errors(
            &site.run,
            &[("config.yaml:2:1: 错误: signing_key（签名私钥）: ", message)],
        );
        assert!(!site.run.stderr.contains("原因"), "{}", site.run.stderr);
        assert!(!site.public().exists());
    }
}
