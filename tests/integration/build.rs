//! `gongkai build`: one page per document, tables kept, atomic output, determinism, `--strict`,
//! `--drafts`, the summary line.

use crate::common::*;

#[test]
fn every_report_gets_one_page_with_title_issuer_date_and_index_no() {
    let site = reports_site();
    let files = report_files();
    assert_eq!(files.len(), 11, "fixture set changed");
    for f in &files {
        let fm = front_matter(f);
        let slug = fm_str(&fm, "slug")
            .unwrap_or_else(|| f.file_stem().unwrap().to_string_lossy().into_owned());
        let url = format!("/bg/{slug}/");
        let html = site.page(&url);
        let title = fm_str(&fm, "title").unwrap();
        let issuer = fm_str(&fm, "issuer").unwrap();
        let date = fm_str(&fm, "date").unwrap();
        assert_eq!(text(one(&html, "h1")), title, "{url}: <h1>");
        assert_eq!(
            meta_row(&html, "发布机构").as_deref(),
            Some(issuer.as_str()),
            "{url}"
        );
        assert_eq!(
            meta_row(&html, "发布日期"),
            Some(chinese_date(&date)),
            "{url}: 发布日期 in the metadata panel"
        );
        assert_eq!(
            meta_row(&html, "索引号"),
            fm_str(&fm, "index_no"),
            "{url}: 索引号 row exactly when the document has one"
        );
        if let Some(written) = fm_str(&fm, "written_on") {
            assert_eq!(
                meta_row(&html, "成文日期"),
                Some(chinese_date(&written)),
                "{url}"
            );
        }
        if let Some(doc_no) = fm_str(&fm, "doc_no") {
            assert_eq!(meta_row(&html, "文号"), Some(doc_no), "{url}");
        }
    }
    // One page per document and no more: the document folders of the section.
    let docs: Vec<String> = site
        .html_pages()
        .into_iter()
        .filter(|p| p.starts_with("/bg/") && p.matches('/').count() == 3)
        .filter(|p| !["/bg/year/", "/bg/issuer/", "/bg/topic/", "/bg/page/"].contains(&p.as_str()))
        .collect();
    assert_eq!(docs.len(), files.len(), "{docs:#?}");
}

#[test]
fn every_pipe_table_of_the_source_becomes_a_table() {
    let site = reports_site();
    let mut total = 0;
    for f in report_files() {
        let fm = front_matter(&f);
        let slug = fm_str(&fm, "slug")
            .unwrap_or_else(|| f.file_stem().unwrap().to_string_lossy().into_owned());
        let source = std::fs::read_to_string(&f).unwrap();
        let expected = count_pipe_tables(&source);
        let html = site.page(&format!("/bg/{slug}/"));
        let tables = select_in(body(&html), "table").len();
        assert_eq!(
            tables,
            expected,
            "{}: tables in source vs page",
            f.display()
        );
        total += expected;
    }
    assert_eq!(total, 11, "the fixtures hold 11 pipe tables (7 + 1 + 3)");
}

#[test]
fn failed_build_leaves_previous_output_byte_for_byte() {
    let mut site = SiteBuilder::fixture("basic").build(&[]);
    site.run.assert_code(0);
    let before = site.output();
    assert!(before.len() > 50);
    // A broken document: the next build must fail and change nothing.
    site.write(
        "content/tzgg/broken.md",
        "---\ntitle: 坏文档\nissuer: 示例市示例局\ndate: 2021-02-30\n---\n\n正文。\n",
    );
    let run = site.build(&[]);
    run.assert_code(1);
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    assert!(run.errors()[0].starts_with("content/tzgg/broken.md:4:7: 错误: date（发布日期）: "));
    let after = site.output();
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "same file list"
    );
    for (path, bytes) in &before {
        assert!(after[path] == *bytes, "{path} changed");
    }
    // No staging folders left behind next to public/.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("gongkai-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Every output file with its inode and modification time.
fn file_identities(
    dir: &std::path::Path,
) -> std::collections::BTreeMap<String, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt as _;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, (m.ino(), m.modified().unwrap()))
        })
        .collect()
}

#[test]
fn a_build_with_no_change_keeps_every_file_and_an_edit_rewrites_only_its_pages() {
    let mut site = SiteBuilder::fixture("basic").build(&[]);
    site.run.assert_code(0);
    let first = file_identities(&site.public());
    assert!(first.len() > 50);
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build(&[]).assert_code(0);
    let second = file_identities(&site.public());
    assert_eq!(
        first, second,
        "no file was written again: same inodes and mtimes"
    );

    // Edit one document's body: its page (both renditions) and what lists its text change;
    // pages of other documents are kept as they were.
    let doc = std::fs::read_dir(site.root().join("content/tzgg"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .unwrap();
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(
        &doc,
        format!(
            "{text}

新增的一段正文。
"
        ),
    )
    .unwrap();
    site.build(&[]).assert_code(0);
    let third = file_identities(&site.public());
    let changed: Vec<&String> = third
        .iter()
        .filter(|(path, id)| second.get(*path) != Some(id))
        .map(|(path, _)| path)
        .collect();
    assert!(!changed.is_empty(), "the edited page is written");
    assert!(
        changed.len() * 4 < third.len(),
        "only a small part of the site is rewritten: {changed:?}"
    );
    let slug = doc.file_stem().unwrap().to_string_lossy().into_owned();
    assert!(
        changed.iter().any(|p| p.contains(&slug)),
        "the edited document's page is among them: {changed:?}"
    );

    // A published file changed by hand (same size) is not trusted to the manifest's line: the
    // next build writes it again.
    let home = site.public().join("index.html");
    let original = std::fs::read(&home).unwrap();
    let mut tampered = original.clone();
    let at = tampered.len() / 2;
    tampered[at] = if tampered[at] == b' ' { b'\t' } else { b' ' };
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&home, &tampered).unwrap();
    site.build(&[]).assert_code(0);
    assert_eq!(
        std::fs::read(&home).unwrap(),
        original,
        "the hand edit is undone"
    );
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let site = reports_site();
    let out = tempfile::tempdir().unwrap();
    let a = out.path().join("a");
    let b = out.path().join("b");
    build(site.root(), &["--output", a.to_str().unwrap()]).assert_code(0);
    build(site.root(), &["--output", b.to_str().unwrap()]).assert_code(0);
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert!(ta.len() > 80, "{} files", ta.len());
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(tb[path] == *bytes, "{path} differs between two builds");
    }
    // And the same as the shared site's own public/.
    assert_eq!(
        ta,
        site.output(),
        "--output gives the same files as public/"
    );
}

#[test]
fn strict_turns_warnings_into_errors() {
    // The basic fixture builds with warnings (missing 索引号, raw HTML removed).
    let mut site = SiteBuilder::fixture("basic").create();
    let run = site.build(&[]);
    run.assert_code(0);
    let warnings = run.warnings().len();
    assert!(warnings >= 1, "{}", run.stderr);
    assert!(run.errors().is_empty());
    let before = site.output();

    let run = site.build(&["--strict"]);
    run.assert_code(1);
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    assert_eq!(run.errors().len(), warnings, "{}", run.stderr);
    assert_eq!(
        site.output(),
        before,
        "a strict failure leaves public/ alone"
    );

    // A site without warnings passes --strict.
    let clean = SiteBuilder::new()
        .section("xxgk", "信息公开", "")
        .file(
            "content/xxgk/a.md",
            doc("甲", "2021-03-01", Some(&index_no(2021, 1)), "", "正文。\n"),
        )
        .build(&["--strict"]);
    clean.run.assert_code(0);
    assert!(clean.run.warnings().is_empty(), "{}", clean.run.stderr);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let builder = SiteBuilder::new()
        .section("xxgk", "信息公开", "")
        .file(
            "content/xxgk/final.md",
            doc(
                "定稿",
                "2021-03-01",
                Some(&index_no(2021, 1)),
                "",
                "正文。\n",
            ),
        )
        .file(
            "content/xxgk/wip.md",
            doc(
                "草稿文件",
                "2021-03-02",
                Some(&index_no(2021, 2)),
                "draft: true\n",
                "正文。\n",
            ),
        );
    let site = builder.build(&[]);
    site.run.assert_code(0);
    assert!(site.has_page("/xxgk/final/"));
    assert!(!site.has_page("/xxgk/wip/"));
    assert!(!site.has_page("/care/xxgk/wip/"));
    assert!(!site.raw("/xxgk/").contains("草稿文件"));
    assert!(site.run.stderr.contains("1 篇文档"), "{}", site.run.stderr);

    let site = builder.build(&["--drafts"]);
    site.run.assert_code(0);
    assert!(site.has_page("/xxgk/wip/"));
    assert!(site.has_page("/care/xxgk/wip/"));
    assert!(site.raw("/xxgk/").contains("草稿文件"));
    assert!(site.run.stderr.contains("2 篇文档"), "{}", site.run.stderr);
}

#[test]
fn summary_line_is_printed_on_success_and_failure() {
    let run = &reports_site().run;
    let last = run.stderr.lines().last().unwrap_or_default();
    assert!(last.contains("11 篇文档"), "{last}");
    assert!(last.contains("构建完成"), "{last}");

    let failed = SiteBuilder::new()
        .file("content/a.md", "---\ntitle: 无日期\nissuer: 局\n---\n")
        .build(&[]);
    failed.run.assert_code(1);
    assert!(
        failed
            .run
            .stderr
            .lines()
            .any(|l| l.contains("篇文档") && l.contains("构建失败")),
        "{}",
        failed.run.stderr
    );
    assert!(
        !failed.public().exists(),
        "a failed first build writes nothing"
    );
}

#[test]
fn diagnostics_go_to_stderr_not_stdout() {
    let run = &basic_site().run;
    assert!(run.stdout.trim().is_empty(), "stdout: {}", run.stdout);
    // `content/a/b.md:LINE:COL: 警告: …`
    let re = regex::Regex::new(r"^content/[^:]+\.md:\d+:\d+: 警告: ").unwrap();
    assert!(!run.warnings().is_empty());
    for line in run.warnings() {
        assert!(re.is_match(line), "{line}");
    }
}

/// A symlink in `content/` could publish a file from outside the site: it is skipped with a warning.
#[cfg(unix)]
#[test]
fn symlinks_in_content_are_not_published() {
    let site = SiteBuilder::fixture("basic").create();
    let secret = site.root().join("secret.txt");
    std::fs::write(&secret, "不应发布").unwrap();
    std::os::unix::fs::symlink(&secret, site.root().join("content/tzgg/link.txt")).unwrap();
    let run = build(site.root(), &[]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("link.txt") && run.stderr.contains("符号链接已忽略"),
        "{}",
        run.stderr
    );
    assert!(!site.public().join("tzgg/link.txt").exists());
}
