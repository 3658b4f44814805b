//! Issue 22, the publication record: first appearances, revisions and removals in an
//! append-only chain kept in the site folder and published with the site; back-dated 发布日期
//! warned; a chain edited by hand caught by `build` and `verify`, naming the entry; 修订记录 on
//! pages from the record, the same in a shallow clone; one build at a time.

use std::path::Path;
use std::process::Command;

use crate::common::*;

const RECORD: &str = "publication-record.jsonl";

/// One section with one document, 修订记录 shown on pages, and a `.gitignore` for the output
/// and the record's lock.
fn recorded() -> SiteBuilder {
    one_document()
        .config(Some(&format!("{CONFIG}revision_history: true\n")))
        .file(".gitignore", "public/\n.publication-record.lock\n")
}

fn record_lines(root: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(root.join(RECORD))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn events(root: &Path) -> Vec<String> {
    record_lines(root)
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["event"].as_str().unwrap(),
                e["doc"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn revisions(site: &Site, url: &str) -> Vec<String> {
    select(&site.page(url), ".gk-revisions__item")
        .into_iter()
        .map(text)
        .collect()
}

#[test]
fn builds_record_first_appearance_revisions_and_removal() {
    let mut site = recorded().build(&[]);
    site.run.assert_code(0);
    assert_eq!(events(site.root()), ["start ", "baseline content/s/a.md"]);
    // Published with the site, byte for byte, and listed in the manifest.
    let published = std::fs::read(site.public().join(RECORD)).unwrap();
    assert_eq!(published, std::fs::read(site.root().join(RECORD)).unwrap());
    let manifest = std::fs::read_to_string(site.public().join("gongkai-manifest.sha256")).unwrap();
    assert!(manifest.contains(&format!("  {RECORD}\n")), "{manifest}");
    // Nothing changed: nothing added.
    site.build(&[]).assert_code(0);
    assert_eq!(record_lines(site.root()).len(), 2);

    let a = std::fs::read_to_string(site.root().join("content/s/a.md")).unwrap();
    site.write(
        "content/s/a.md",
        a.replace("title: \"通知\"", "title: \"通知（修订）\"")
            .replace("正文。", "正文。\n\n补充一段。"),
    );
    site.write(
        "content/s/b.md",
        doc(
            "新通知",
            "2026-12-01",
            Some(&index_no(2026, 2)),
            "",
            "正文。\n",
        ),
    );
    site.build(&[]).assert_code(0);
    let lines = record_lines(site.root());
    assert_eq!(
        events(site.root())[2..],
        ["revised content/s/a.md", "published content/s/b.md"]
    );
    assert_eq!(lines[2]["changed"], serde_json::json!(["title"]));
    assert_eq!(
        lines[2]["body"],
        serde_json::json!({"paragraphs": 2, "added": 1, "removed": 0})
    );
    let history = revisions(&site, "/s/a/");
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(
        history[0].ends_with("已发布（发布记录自此开始）"),
        "{history:?}"
    );
    assert!(
        history[1].ends_with("修订：标题、正文（新增 1 段，共 2 段）"),
        "{history:?}"
    );
    assert!(revisions(&site, "/care/s/a/").len() == 2);

    std::fs::remove_file(site.root().join("content/s/b.md")).unwrap();
    site.build(&[]).assert_code(0);
    assert_eq!(
        events(site.root()).last().unwrap(),
        "removed content/s/b.md"
    );
    // The chain: each entry names the hash of the line before it.
    let text = std::fs::read_to_string(site.root().join(RECORD)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for (i, pair) in lines.windows(2).enumerate() {
        let next: serde_json::Value = serde_json::from_str(pair[1]).unwrap();
        let hash = format!("{:x}", sha2::Sha256::digest(pair[0].as_bytes()));
        assert_eq!(next["prev"], hash.as_str(), "entry {}", i + 2);
    }
}

use sha2::Digest as _;

#[test]
fn a_back_dated_date_is_warned_but_not_the_starting_point() {
    let mut site = one_document().build(&[]);
    site.run.assert_code(0);
    assert!(!site.run.stderr.contains("倒签"), "{}", site.run.stderr);
    site.write(
        "content/s/old.md",
        doc(
            "补发的通知",
            "2020-03-01",
            Some(&index_no(2020, 9)),
            "",
            "正文。\n",
        ),
    );
    let checked = check(site.root());
    let warned = |run: &Run| {
        run.warnings().iter().any(|w| {
            w.starts_with("content/s/old.md:5:7: 警告: date（发布日期）: 发布日期 2020年3月1日 早于本文档首次发布")
                && w.contains("伪造发稿日期")
        })
    };
    assert!(warned(&checked), "{}", checked.stderr);
    site.build(&[]).assert_code(0);
    assert!(warned(&site.run), "{}", site.run.stderr);
    // An unrecorded revision of a published document: check says so.
    site.write(
        "content/s/a.md",
        doc(
            "通知",
            "2021-01-05",
            Some(&index_no(2021, 1)),
            "",
            "改过的正文。\n",
        ),
    );
    let checked = check(site.root());
    assert!(
        checked
            .warnings()
            .iter()
            .any(|w| w.starts_with("content/s/a.md: 警告: 已发布的文档有改动（正文")),
        "{}",
        checked.stderr
    );
}

#[test]
fn a_record_edited_by_hand_fails_build_and_verify_naming_the_entry() {
    let mut site = one_document().build(&[]);
    site.write(
        "content/s/b.md",
        doc(
            "新通知",
            "2026-12-01",
            Some(&index_no(2026, 2)),
            "",
            "正文。\n",
        ),
    );
    site.build(&[]).assert_code(0);
    assert_eq!(record_lines(site.root()).len(), 3);
    let forge = |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap();
        let forged = text.replacen("\"title\":\"通知\"", "\"title\":\"另一个通知\"", 1);
        assert_ne!(text, forged);
        std::fs::write(path, forged).unwrap();
    };
    forge(&site.public().join(RECORD));
    let verify = gongkai(["verify".as_ref(), site.public().as_os_str()]);
    verify.assert_code(1);
    assert!(
        verify
            .stdout
            .contains("发布记录：发布记录第 2 条在写入后被改动"),
        "{}",
        verify.stdout
    );
    forge(&site.root().join(RECORD));
    site.build(&[]).assert_code(1);
    assert!(
        site.run
            .errors()
            .iter()
            .any(|e| e
                .starts_with("publication-record.jsonl:2:1: 错误: 发布记录第 2 条在写入后被改动")),
        "{}",
        site.run.stderr
    );
}

#[test]
fn verify_finds_a_page_the_record_says_is_published_missing() {
    let site = recorded().build(&[]);
    site.run.assert_code(0);
    // The page and its manifest line go together (as if the manifest were regenerated).
    std::fs::remove_file(site.public().join("s/a/index.html")).unwrap();
    let manifest = site.public().join("gongkai-manifest.sha256");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let kept: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in kept.iter().enumerate() {
        let next_is_page = kept
            .get(i + 1)
            .is_some_and(|l| l.ends_with("  s/a/index.html"));
        if !line.ends_with("  s/a/index.html") && !next_is_page {
            out.push(*line);
        }
    }
    std::fs::write(&manifest, out.join("\n") + "\n").unwrap();
    let verify = gongkai(["verify".as_ref(), site.public().as_os_str()]);
    verify.assert_code(1);
    assert!(
        verify
            .stdout
            .contains("称《通知》发布在 /s/a/，网站中却没有这个页面"),
        "{}",
        verify.stdout
    );
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=科室",
            "-c",
            "user.email=ks@example.gov.cn",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_shallow_clone_builds_the_same_revision_history() {
    let mut site = recorded().build(&[]);
    site.run.assert_code(0);
    let a = std::fs::read_to_string(site.root().join("content/s/a.md")).unwrap();
    site.write("content/s/a.md", a.replace("正文。", "正文已更正。"));
    site.build(&[]).assert_code(0);
    let original = revisions(&site, "/s/a/");
    assert_eq!(original.len(), 2, "{original:?}");
    git(site.root(), &["init", "-q"]);
    git(site.root(), &["add", "-A"]);
    git(site.root(), &["commit", "-qm", "内容"]);
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", site.root().display());
    git(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "clone"],
    );
    let clone = clones.path().join("clone");
    build(&clone, &[]).assert_code(0);
    let page = scraper::Html::parse_document(
        &std::fs::read_to_string(clone.join("public/s/a/index.html")).unwrap(),
    );
    let cloned: Vec<String> = select(&page, ".gk-revisions__item")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(cloned, original);
    assert_eq!(
        std::fs::read(clone.join(RECORD)).unwrap(),
        std::fs::read(site.root().join(RECORD)).unwrap(),
        "the clone's build added to the record"
    );
}

#[test]
fn a_build_waits_while_another_holds_the_record() {
    let site = one_document().build(&[]);
    site.run.assert_code(0);
    site.write(
        "content/s/b.md",
        doc(
            "新通知",
            "2026-12-01",
            Some(&index_no(2026, 2)),
            "",
            "正文。\n",
        ),
    );
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(site.root().join(".publication-record.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = Command::new(BIN)
        .args(["build", "--root"])
        .arg(site.root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The build says it waits, and does not touch the record while the lock is held.
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !String::from_utf8_lossy(&seen).contains("等它完成") {
        use std::io::Read as _;
        assert_eq!(
            stderr.read(&mut byte).unwrap(),
            1,
            "{}",
            String::from_utf8_lossy(&seen)
        );
        seen.push(byte[0]);
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the build did not wait"
    );
    assert_eq!(record_lines(site.root()).len(), 2);
    lock.unlock().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(
        events(site.root()).last().unwrap(),
        "published content/s/b.md"
    );
    // Two builds at once: the second records nothing twice.
    site.write(
        "content/s/c.md",
        doc(
            "第三个通知",
            "2026-12-02",
            Some(&index_no(2026, 3)),
            "",
            "正文。\n",
        ),
    );
    let out = tempfile::tempdir().unwrap();
    let builds: Vec<std::process::Child> = (0..2)
        .map(|i| {
            Command::new(BIN)
                .args(["build", "--root"])
                .arg(site.root())
                .arg("--output")
                .arg(out.path().join(i.to_string()))
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut b in builds {
        assert!(b.wait().unwrap().success());
    }
    let all = events(site.root());
    assert_eq!(
        all.iter()
            .filter(|e| *e == "published content/s/c.md")
            .count(),
        1,
        "{all:?}"
    );
}
