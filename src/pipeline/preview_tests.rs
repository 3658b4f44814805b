//! The editor's preview finds, for the document it shows, exactly the problems a full build of
//! the same text finds in that file, although it runs only the checks that can find something
//! there ([`super::checks::Checker::run_for_document`]).

use std::path::Path;

use crate::pagemap::tests::{doc, small_site, write};
use crate::pipeline::{Build, BuildOptions, Mode};

/// The editor's build of the site at `root`: drafts shown, on 2026-11-30.
fn editor_options(root: &Path) -> BuildOptions {
    let mut options = BuildOptions::new(root, Mode::Preview);
    options.drafts = true;
    options.today = crate::lifecycle::Clock::given(Some("2026-11-30")).unwrap();
    options
}

/// The problems of `rel` (below `content/`) as printed.
fn of_file(diagnostics: &crate::diagnostics::Diagnostics, rel: &str) -> Vec<String> {
    let file = Path::new("content").join(rel);
    (diagnostics.iter())
        .filter(|d| d.file == file)
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_preview_of_a_document_reports_what_a_full_build_reports_for_it() {
    let (dir, _) = small_site();
    let root = &dir.path().canonicalize().unwrap();
    write(
        root,
        "config.yaml",
        "title: 测试局\nindex_no_prefix: 11371500004428004U\n",
    );
    write(root, "wordlist.yaml", "- {word: 其它, use: 其他}\n");
    let numbered = |date: &str, no: &str| {
        doc(date, "民政").replace(
            "issuer:",
            &format!("index_no: \"11371500004428004U/{no}\"\nissuer:"),
        )
    };
    write(
        root,
        "content/xxgk/a.md",
        &numbered("2021-03-01", "2021-00001"),
    );
    write(
        root,
        "content/xxgk/b.md",
        &numbered("2020-05-01", "2020-00001"),
    );
    let mut kept = Build::run(editor_options(root));
    let a = numbered("2021-03-01", "2021-00001");
    let cases: Vec<(&str, String, &[&str])> = vec![
        // Links, anchors, a missing picture, a 错敏词 and the body `gongkai new` writes.
        (
            "xxgk/a.md",
            a.replace(
                "正文。",
                "其它事项见[无](/xxgk/nope/)、[乙](/xxgk/b/#meiyou)和![图](tu.png)。\n\n正文从这里开始。",
            ),
            &["/xxgk/nope/", "#meiyou", "tu.png", "其它", "正文从这里开始"],
        ),
        // The 索引号 of a document after it in the site (the duplicate is reported there, not
        // here), then before it; a 文号 in the wrong brackets; a 成文日期 long before the
        // 发布日期.
        (
            "xxgk/a.md",
            a.replace("2021-00001", "2020-00001")
                .replace("date:", "doc_no: 测发[2021]1号\nwritten_on: 2020-01-02\ndate:"),
            &["六角括号", "工作日"],
        ),
        (
            "xxgk/b.md",
            numbered("2020-05-01", "2021-00001"),
            &["2021-00001"],
        ),
        // Terms and relations: 暂行 valid for ten years, a 失效日期 gone by, an amended document
        // that does not exist, a repealed one that does.
        (
            "xxgk/c.md",
            doc("2021-06-01", "教育").replace("title: 文件", "title: 暂行办法").replace(
                "topics:",
                "slug: tongzhi\nvalidity: 有效\nvalidity_date: 2031-06-01\namends: [xxgk/meiyou.md]\nrepeals: [xxgk/b.md]\ntopics:",
            ),
            &["暂行", "meiyou.md"],
        ),
        // A new document: the placeholders `gongkai new` writes, a duplicate 索引号, a link to
        // an anchor of another document.
        (
            "xxgk/xin.md",
            numbered("2022-01-05", "2021-00001")
                .replace("title: 文件2022-01-05", "title: 新文档标题")
                .replace("正文。", "见[甲](a.md#meiyou)。"),
            &["新文档标题", "2021-00001", "#meiyou"],
        ),
        // Front matter that does not read.
        (
            "xxgk/a.md",
            a.replace("date: 2021-03-01", "date: 2021-13-45"),
            &["2021-13-45"],
        ),
    ];
    for (rel, text, expected) in cases {
        let preview = kept.preview(rel, text.as_bytes());
        let shown: Vec<String> = preview
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect();
        // The same text saved and built in full.
        let path = root.join("content").join(rel);
        let saved = std::fs::read_to_string(&path).ok();
        write(root, &format!("content/{rel}"), &text);
        let full = of_file(Build::run(editor_options(root)).diagnostics(), rel);
        match &saved {
            Some(saved) => std::fs::write(&path, saved).unwrap(),
            None => std::fs::remove_file(&path).unwrap(),
        }
        assert_eq!(shown, full, "{rel}:\n{text}");
        for part in expected {
            assert!(
                shown.iter().any(|l| l.contains(part)),
                "{part} in {shown:#?}"
            );
        }
    }
    // The site kept is as it was.
    let fresh = Build::run(editor_options(root));
    let all = |b: &Build| {
        b.diagnostics()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(all(&kept), all(&fresh));
}
