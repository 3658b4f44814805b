//! Issue 22, 审核: sign-offs bound to the exact content (front matter, body, attachment files),
//! 退回 with a note, void on any change, signed sign-offs where reviewers' keys are listed, and a
//! document waiting for review held back from every output like a scheduled one.

use std::path::Path;
use std::process::Command;

use crate::common::*;

/// A site whose documents need 初审 then 复审 (复审 only by 王五): `s/a.md` with an attachment,
/// and `free/b.md` in a section that needs no review.
fn reviewed() -> SiteBuilder {
    SiteBuilder::new()
        .config(Some(&format!(
            "{CONFIG}review: [初审, {{level: 复审, by: [王五]}}]\n"
        )))
        .section("s", "通知公告", "")
        .section("free", "工作动态", "review: none\n")
        .file(
            "content/s/a.md",
            doc(
                "关于开展安全检查的通知",
                "2021-01-05",
                Some(&index_no(2021, 1)),
                "attachments:\n  - {title: 检查表, file: a.pdf}\n",
                "第一段。\n\n第二段。\n",
            ),
        )
        .file("content/s/a.pdf", b"%PDF-1.4 checklist")
        .file(
            "content/free/b.md",
            doc(
                "工作动态一则",
                "2021-01-06",
                Some(&index_no(2021, 2)),
                "",
                "正文。\n",
            ),
        )
}

/// Runs `gongkai ARGS --root ROOT` with `HOME` in `home` (where reviewers' keys go).
fn run_in(site: &Site, home: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .arg("--root")
        .arg(site.root())
        .env("HOME", home)
        .env_remove("GONGKAI_REVIEWER_KEY")
        .output()
        .expect("run gongkai");
    Run::from(out)
}

fn sign(site: &Site, home: &Path, verb: &str, level: &str, by: &str, note: &str) -> Run {
    run_in(
        site,
        home,
        &[
            "review",
            verb,
            "content/s/a.md",
            "--level",
            level,
            "--by",
            by,
            "--note",
            note,
        ],
    )
}

#[test]
fn approve_reject_and_every_kind_of_edit_voids() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let mut site = reviewed().create();
    site.build(&[]).assert_code(0);
    assert!(!site.has_page("/s/a/") && site.has_page("/free/b/"));
    assert!(
        site.run.stderr.contains("待审：1 篇文档尚未通过全部审核")
            && site
                .run
                .stderr
                .contains("content/s/a.md《关于开展安全检查的通知》：待初审"),
        "{}",
        site.run.stderr
    );
    // Out of order, and by someone the level does not allow: refused, nothing written.
    let early = sign(&site, home, "approve", "复审", "王五", "");
    assert!(
        early.code == 1 && early.stderr.contains("须先完成 初审"),
        "{}",
        early.stderr
    );
    sign(&site, home, "approve", "初审", "张三", "").assert_code(0);
    let wrong = sign(&site, home, "approve", "复审", "张三", "");
    assert!(
        wrong.code == 1 && wrong.stderr.contains("这一级由 王五 签署"),
        "{}",
        wrong.stderr
    );
    sign(&site, home, "reject", "复审", "王五", "第二段数字有误").assert_code(0);
    site.build(&[]).assert_code(0);
    assert!(!site.has_page("/s/a/"));
    assert!(
        site.run
            .stderr
            .contains("复审 已退回（王五：第二段数字有误）"),
        "{}",
        site.run.stderr
    );
    sign(&site, home, "approve", "复审", "王五", "").assert_code(0);
    site.build(&[]).assert_code(0);
    assert!(site.has_page("/s/a/") && site.public().join("s/a.pdf").is_file());
    assert!(!site.run.stderr.contains("待审"), "{}", site.run.stderr);

    let original_doc = std::fs::read_to_string(site.root().join("content/s/a.md")).unwrap();
    let edits: [(&str, &str, Vec<u8>); 3] = [
        (
            "content/s/a.md",
            "front matter",
            original_doc
                .replace("2021-01-05", "2021-01-04")
                .into_bytes(),
        ),
        (
            "content/s/a.md",
            "body",
            original_doc.replace("第二段。", "第二段！").into_bytes(),
        ),
        (
            "content/s/a.pdf",
            "attachment",
            b"%PDF-1.4 checklisT".to_vec(),
        ),
    ];
    for (file, what, bytes) in edits {
        let before = std::fs::read(site.root().join(file)).unwrap();
        site.write(file, &bytes);
        site.build(&[]).assert_code(0);
        assert!(
            !site.has_page("/s/a/"),
            "{what}: still published after an edit"
        );
        assert!(
            site.run.stderr.contains("3 份签署因内容改动已作废"),
            "{what}: {}",
            site.run.stderr
        );
        let list = run_in(&site, home, &["review", "list"]);
        assert_eq!(
            list.stdout.matches("已作废").count(),
            3,
            "{what}: every sign-off is void\n{}",
            list.stdout
        );
        // The sign-offs name the content they approved: the same bytes again are approved.
        site.write(file, &before);
        site.build(&[]).assert_code(0);
        assert!(
            site.has_page("/s/a/"),
            "{what}: not published once restored"
        );
    }
}

#[test]
fn a_held_document_is_in_no_output() {
    let site = reviewed().build(&[]);
    site.run.assert_code(0);
    for page in ["/s/a/", "/care/s/a/"] {
        assert!(!site.has_page(page), "{page}");
    }
    assert!(
        !site.public().join("s/a.pdf").exists(),
        "attachment published"
    );
    let output = site.output();
    let title = "关于开展安全检查的通知";
    for (file, bytes) in &output {
        let text = String::from_utf8_lossy(bytes);
        let is_record = file == "publication-record.jsonl";
        assert!(
            is_record || (!text.contains(title) && !text.contains("/s/a/")),
            "{file} names the held document"
        );
    }
    for file in [
        "sitemap.xml",
        "search/index.json",
        "atom.xml",
        "catalog.json",
        "index.html",
    ] {
        assert!(output.contains_key(file), "{file} missing");
    }
    assert!(site.has_page("/free/b/"));
}

#[test]
fn where_reviewers_keys_are_listed_only_signed_sign_offs_count() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let mut site = reviewed().create();
    // Written before any key was listed: unsigned.
    sign(&site, home, "approve", "初审", "张三", "").assert_code(0);
    run_in(&site, home, &["keygen", "--reviewer", "张三"]).assert_code(0);
    assert!(site.root().join("reviewers/张三.pub").is_file());
    assert!(home.join(".gongkai/reviewer-张三.key").is_file());
    let forged = site.build(&[]);
    assert_eq!(forged.code, 1, "{}", forged.stderr);
    let error = forged.errors().join("\n");
    assert!(
        error.starts_with("review/s/a.md/") && error.contains("审核签署没有签名"),
        "{error}"
    );
    // Someone without a listed key cannot sign at all.
    let stranger = sign(&site, home, "approve", "初审", "李四", "");
    assert!(
        stranger.code == 1 && stranger.stderr.contains("签署须用 李四 的私钥"),
        "{}",
        stranger.stderr
    );
    // 张三 signs with the key keygen made.
    for e in walkdir::WalkDir::new(site.root().join("review")) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            std::fs::remove_file(e.path()).unwrap();
        }
    }
    let signed = sign(&site, home, "approve", "初审", "张三", "");
    signed.assert_code(0);
    assert!(signed.stderr.contains("已用私钥签名"), "{}", signed.stderr);
    site.build(&[]).assert_code(0);
    assert!(
        site.run.stderr.contains("待复审（王五）"),
        "{}",
        site.run.stderr
    );
    // A signed sign-off edited by hand no longer checks out.
    let file = walkdir::WalkDir::new(site.root().join("review"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| p.extension().is_some_and(|x| x == "yaml"))
        .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("note: \"\""), "{text}");
    std::fs::write(&file, text.replace("note: \"\"", "note: \"同意\"")).unwrap();
    let tampered = site.build(&[]);
    assert_eq!(tampered.code, 1);
    assert!(tampered.stderr.contains("签名无效"), "{}", tampered.stderr);
}

#[test]
fn bad_sign_off_files_are_located_errors() {
    let site = reviewed()
        .file(
            "review/s/a.md/1.yaml",
            "document: content/s/a.md\nlevel: 初审\nreviewer: 张三\ndecision: 同意\ntime: 2026-12-07T09:30:00+08:00\ncontent: x\n",
        )
        .file(
            "review/s/gone.md/2.yaml",
            format!("document: content/s/gone.md\nlevel: 初审\nreviewer: 张三\ndecision: 通过\ntime: 2026-12-07T09:30:00+08:00\ncontent: {}\n", "0".repeat(64)),
        )
        .file("review/s/a.md/3.yaml", "document: [content/s/a.md\n")
        .build(&[]);
    site.run.assert_code(1);
    let errors = site.run.errors();
    assert!(
        errors
            .iter()
            .any(|e| e
                .starts_with("review/s/a.md/1.yaml:4:11: 错误: decision（结论）应为 通过 或 退回")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.starts_with(
            "review/s/gone.md/2.yaml:1:11: 错误: 审核签署所指的文档 content/s/gone.md 不存在"
        )),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("review/s/a.md/3.yaml:") && e.contains("无法识别")),
        "{errors:?}"
    );
}

#[test]
fn serve_shows_a_waiting_document_with_who_signs_next() {
    use crate::watch::{get, wait_until, Running};
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let site = reviewed().create();
    sign(&site, home, "approve", "初审", "张三", "").assert_code(0);
    let mut serve = Running::start(site.root(), &["serve", "--port", "0"]);
    let port = serve.port();
    let (status, _, body) = get(port, "/s/a/");
    assert_eq!(status, 200);
    let page = scraper::Html::parse_document(&body);
    let banner = text(one(&page, ".gk-notice--review"));
    assert!(
        banner.contains("待审")
            && banner.contains("已通过：初审（张三")
            && banner.contains("下一步由 复审（王五） 签署"),
        "{banner}"
    );
    let (_, _, listing) = get(port, "/s/");
    assert!(listing.contains("待审"), "the listing tags it");
    // A sign-off saved while serving: the banner goes.
    sign(&site, home, "approve", "复审", "王五", "").assert_code(0);
    wait_until("the banner goes once every level signed", || {
        let (_, _, body) = get(port, "/s/a/");
        body.contains("gk-doc__title") && !body.contains("gk-notice--review")
    });
}
