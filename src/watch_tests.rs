//! Unit tests of watch mode's pure parts: which changed paths are an edit of documents, a change
//! of the site or nothing (editor temporary files, files outside the sources), and which file
//! events are edits.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use notify::event::{
    AccessKind, CreateKind, DataChange, EventKind, MetadataKind, ModifyKind, RemoveKind, RenameMode,
};

use super::{classify, is_content_change, Change};
use crate::pagemap::tests::{small_site, write};

/// `root/rel` for each of `rels`.
fn under(root: &Path, rels: &[&str]) -> Vec<PathBuf> {
    rels.iter().map(|r| root.join(r)).collect()
}

#[test]
fn edited_documents_are_a_document_change() {
    let (dir, site) = small_site();
    let root = dir.path();
    let a = site.doc_by_source["xxgk/a.md"];
    let c = site.doc_by_source["xxgk/c.md"];
    let classify = |rels: &[&str]| classify(root, &site, &under(root, rels));
    assert_eq!(
        classify(&["content/xxgk/a.md"]),
        Change::Document(BTreeSet::from([a]))
    );
    assert_eq!(
        classify(&["content/xxgk/a.md", "content/xxgk/c.md"]),
        Change::Document(BTreeSet::from([a, c]))
    );
    // The swap file an editor writes beside it does not make the edit a site change.
    write(root, "content/xxgk/.a.md.swp", "swap");
    assert_eq!(
        classify(&["content/xxgk/.a.md.swp", "content/xxgk/a.md"]),
        Change::Document(BTreeSet::from([a]))
    );
}

#[test]
fn editor_temporary_files_are_nothing_even_while_they_exist() {
    let (dir, site) = small_site();
    let root = dir.path();
    for name in [
        ".a.md.swp",
        ".a.md.swx",
        "a.md~",
        "~a.md",
        ".#a.md",
        "a.md.tmp",
        "4913",
        "Thumbs.db",
        "a.md.gongkai-new",
    ] {
        let rel = format!("content/xxgk/{name}");
        write(root, &rel, "temporary");
        assert_eq!(
            classify(root, &site, &under(root, &[&rel])),
            Change::Nothing,
            "{rel}"
        );
    }
    // A file of another name that came and went before the batch was read (atomic saves).
    let gone = under(root, &["content/xxgk/a.md.1f3a9c"]);
    assert_eq!(classify(root, &site, &gone), Change::Nothing);
}

#[test]
fn any_other_source_change_rebuilds_the_site() {
    let (dir, site) = small_site();
    let root = dir.path();
    for rel in [
        "content/xxgk/d.md",
        "content/xin/_index.md",
        "content/xin/new.md",
        "static/site.css",
        "themes/gov/templates/page.html",
    ] {
        write(root, rel, "new");
    }
    std::fs::remove_file(root.join("content/xxgk/b.md")).unwrap();
    for rels in [
        &["content/xin/_index.md"][..],
        &["content/xxgk/_index.md"],
        &["content/xxgk/fujian.txt"],
        &["content/xin/new.md"],
        &["static/site.css"],
        &["themes/gov/templates/page.html"],
        &["config.yaml"],
        &["content/xxgk/a.md", "config.yaml"],
    ] {
        assert_eq!(
            classify(root, &site, &under(root, rels)),
            Change::Site,
            "{rels:?}"
        );
    }
}

#[test]
fn new_deleted_and_renamed_documents_are_document_changes() {
    let (dir, site) = small_site();
    let root = dir.path();
    write(root, "content/xxgk/d.md", "new");
    std::fs::remove_file(root.join("content/xxgk/b.md")).unwrap();
    let b = site.doc_by_source["xxgk/b.md"];
    let a = site.doc_by_source["xxgk/a.md"];
    let changes = |edited: &[usize], added: &[&str], removed: &[usize]| Change::Documents {
        edited: edited.iter().copied().collect(),
        added: added.iter().map(|s| s.to_string()).collect(),
        removed: removed.iter().copied().collect(),
    };
    let classify = |rels: &[&str]| classify(root, &site, &under(root, rels));
    assert_eq!(
        classify(&["content/xxgk/d.md"]),
        changes(&[], &["xxgk/d.md"], &[])
    );
    assert_eq!(classify(&["content/xxgk/b.md"]), changes(&[], &[], &[b]));
    // A rename: the old name is gone, the new one is there.
    assert_eq!(
        classify(&[
            "content/xxgk/b.md",
            "content/xxgk/d.md",
            "content/xxgk/a.md"
        ]),
        changes(&[a], &["xxgk/d.md"], &[b])
    );
}

#[test]
fn files_outside_the_sources_are_nothing() {
    let (dir, site) = small_site();
    let root = dir.path();
    for rel in [
        "public/index.html",
        "README.md",
        "config.yaml.bak",
        "contents/a.md",
    ] {
        write(root, rel, "other");
        assert_eq!(
            classify(root, &site, &under(root, &[rel])),
            Change::Nothing,
            "{rel}"
        );
    }
    let elsewhere = [PathBuf::from("/elsewhere/content/xxgk/a.md")];
    assert_eq!(classify(root, &site, &elsewhere), Change::Nothing);
}

#[test]
fn only_writes_creations_and_removals_are_edits() {
    let edits = [
        EventKind::Create(CreateKind::File),
        EventKind::Remove(RemoveKind::File),
        EventKind::Modify(ModifyKind::Data(DataChange::Content)),
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
        EventKind::Modify(ModifyKind::Any),
    ];
    for kind in edits {
        assert!(is_content_change(&kind), "{kind:?}");
    }
    let not_edits = [
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)),
        EventKind::Access(AccessKind::Read),
        EventKind::Any,
        EventKind::Other,
    ];
    for kind in not_edits {
        assert!(!is_content_change(&kind), "{kind:?}");
    }
}

/// Options of a build of the site at `root` for `mode`, with an address, on 2026-11-30.
fn options_at(root: &Path, mode: crate::pipeline::Mode) -> crate::pipeline::BuildOptions {
    let mut options = crate::pipeline::BuildOptions::new(root, mode);
    options.base_url = Some("https://www.example.gov.cn/".into());
    options.today = crate::lifecycle::Clock::given(Some("2026-11-30")).unwrap();
    options
}

/// The problems of a build as the terminal prints them.
fn printed(diagnostics: &crate::diagnostics::Diagnostics) -> Vec<String> {
    diagnostics.iter().map(ToString::to_string).collect()
}

/// Saves `rel` (below the site root) with `text`, or deletes it, as a webmaster does while
/// `build --watch` runs, applies what the watcher makes of it, and asserts that the printed
/// problems (of the update and of the build kept) are those of a full `build` of the same tree.
/// Returns them.
fn save(
    build: &mut crate::pipeline::Build,
    root: &std::path::Path,
    rel: &str,
    text: Option<&str>,
) -> Vec<String> {
    match text {
        Some(text) => crate::pagemap::tests::write(root, rel, text),
        None => std::fs::remove_file(root.join(rel)).unwrap(),
    }
    let change = crate::watch::classify(root, build.site(), &[root.join(rel)]);
    let update = build.update(&change);
    if let Some(later) = &update.later {
        assert!(!build.update_later(later).failed);
    }
    let options = options_at(root, crate::pipeline::Mode::Build);
    let full = printed(crate::pipeline::Build::run(options).diagnostics());
    assert_eq!(printed(&update.diagnostics), full, "{rel}: {change:?}");
    assert_eq!(printed(build.diagnostics()), full, "{rel}: {change:?}");
    full
}

/// Whether one of `lines` contains every one of `parts`.
fn has(lines: &[String], parts: &[&str]) -> bool {
    lines.iter().any(|l| parts.iter().all(|p| l.contains(p)))
}

#[test]
fn every_kind_of_change_reports_the_problems_of_a_full_build() {
    use crate::pagemap::tests::doc;
    let (dir, _) = small_site();
    let root = &dir.path().canonicalize().unwrap();
    crate::pagemap::tests::write(root, "wordlist.yaml", "- {word: 其它, use: 其他}\n");
    let mut build = crate::pipeline::Build::run(options_at(root, crate::pipeline::Mode::Watch));
    assert!(!build.failed(), "{:?}", build.diagnostics());
    // A body: a dead link, a dead anchor and a word of wordlist.yaml; the page d.md does not
    // exist yet.
    let a = doc("2021-03-01", "民政").replace(
        "正文。",
        "其它事项见[无](/xxgk/nope/)、[乙](/xxgk/b/#meiyou)和[丁](/xxgk/d/)。",
    );
    let found = save(&mut build, root, "content/xxgk/a.md", Some(&a));
    assert!(has(
        &found,
        &["a.md:8:", "站内链接指向不存在的页面：/xxgk/nope/"]
    ));
    assert!(has(
        &found,
        &["a.md:8:", "锚点 #meiyou 在 /xxgk/b/ 中不存在"]
    ));
    assert!(has(&found, &["a.md:8:", "/xxgk/d/"]));
    assert!(has(&found, &["a.md:8:1: 警告", "其它"]));
    // Front matter: a word in the title.
    let b = doc("2020-05-01", "民政").replace("title: 文件", "title: 其它文件");
    let found = save(&mut build, root, "content/xxgk/b.md", Some(&b));
    assert!(has(&found, &["b.md:2:", "其它"]));
    // A new document: the link to it comes alive; its own anchor link is dead.
    let d = doc("2022-01-05", "卫生").replace("正文。", "见[丙](c.md#meiyou)。");
    let found = save(&mut build, root, "content/xxgk/d.md", Some(&d));
    assert!(!has(&found, &["/xxgk/d/"]));
    assert!(has(
        &found,
        &["d.md:8:", "锚点 #meiyou 在 /xxgk/tongzhi/ 中不存在"]
    ));
    // A rename, seen as the deletion, then the new file: the link to the old page dies again.
    let found = save(&mut build, root, "content/xxgk/d.md", None);
    assert!(has(
        &found,
        &["a.md:8:", "站内链接指向不存在的页面：/xxgk/d/"]
    ));
    let found = save(&mut build, root, "content/xxgk/e.md", Some(&d));
    assert!(has(&found, &["e.md:8:", "锚点 #meiyou"]));
    // A deletion: the anchor link to b becomes a link to a page that does not exist.
    let found = save(&mut build, root, "content/xxgk/b.md", None);
    assert!(has(
        &found,
        &["a.md:8:", "站内链接指向不存在的页面：/xxgk/b/"]
    ));
    // A section's _index.md with a word of the list.
    let index = "---\ntitle: 信息公开\npage_size: 2\n---\n\n其它栏目说明。\n";
    let found = save(&mut build, root, "content/xxgk/_index.md", Some(index));
    assert!(has(&found, &["content/xxgk/_index.md", "其它"]));
    // wordlist.yaml: a second word.
    let words = "- {word: 其它, use: 其他}\n- {word: 事项, use: 事宜}\n";
    let found = save(&mut build, root, "wordlist.yaml", Some(words));
    assert!(has(&found, &["a.md:8:", "事项"]));
    // config.yaml: a 党政机关网站标识 whose image is not there, then a theme file that is it.
    let config =
        "title: 测试局\ngov_mark:\n  image: /static/img/dzjg.png\n  url: https://bszs.conac.cn/\n";
    let found = save(&mut build, root, "config.yaml", Some(config));
    assert!(has(
        &found,
        &["config.yaml", "gov_mark.image", "/static/img/dzjg.png"]
    ));
    let found = save(
        &mut build,
        root,
        "themes/gov/static/img/dzjg.png",
        Some("png"),
    );
    assert!(!has(&found, &["gov_mark.image"]));
    // A site-absolute picture of a missing file (an error, as the relative form is), then the
    // static file that is it.
    let a = a.replace("其它事项", "![示意图](/xxgk/tu.png)其它事项");
    let found = save(&mut build, root, "content/xxgk/a.md", Some(&a));
    assert!(has(&found, &["a.md:8:1: 错误", "“/xxgk/tu.png” 不存在"]));
    let found = save(&mut build, root, "static/xxgk/tu.png", Some("png"));
    assert!(!has(&found, &["tu.png"]));
    // A 年报 without its data file, then with one that is not YAML.
    let report =
        doc("2022-01-10", "年报").replace("topics:", "annual_report: nianbao.yaml\ntopics:");
    let found = save(&mut build, root, "content/xxgk/nianbao.md", Some(&report));
    assert!(has(
        &found,
        &["nianbao.md:5:16: 错误", "年报数据文件无法读取"]
    ));
    let found = save(
        &mut build,
        root,
        "content/xxgk/nianbao.yaml",
        Some("active: [\n"),
    );
    assert!(has(
        &found,
        &["nianbao.yaml:2:1: 错误", "年报数据不是有效的 YAML"]
    ));
    // Valid data with table 三 written, then a 依申请公开 register that counts otherwise.
    let data = "年度: 2021\n收到和处理申请:\n  本年新收: [1, 0, 0, 0, 0, 0, 1]\n  予以公开: [1, 0, 0, 0, 0, 0, 1]\n";
    let found = save(&mut build, root, "content/xxgk/nianbao.yaml", Some(data));
    assert!(!has(&found, &["依申请公开登记"]));
    let register = "- 编号: 1\n  收到日期: 2021-03-01\n  申请人类型: 商业企业\n  答复日期: 2021-03-10\n  办理结果: 予以公开\n";
    let found = save(&mut build, root, "register/2021.yaml", Some(register));
    assert!(has(
        &found,
        &[
            "nianbao.yaml:3:",
            "“自然人” 列：依申请公开登记（register/）中2021年的数字为 0，年报填写 1"
        ]
    ));
    // The 年报 with its tables in its front matter (table 三 as the register counts it, one
    // 规范性文件 the site does not have: a warning at its number), then a line above them: an
    // edit in place, after which the number is found on its new line.
    let inline = doc("2022-01-10", "年报").replace(
        "topics:",
        "annual_report:\n  年度: 2021\n  主动公开: {规范性文件: [1, 0, 0]}\n  收到和处理申请: {本年新收: [0, 1, 0, 0, 0, 0, 1], 予以公开: [0, 1, 0, 0, 0, 0, 1]}\ntopics:",
    );
    let found = save(&mut build, root, "content/xxgk/nianbao.md", Some(&inline));
    assert!(!build.failed(), "{found:#?}");
    assert!(has(&found, &["nianbao.md:7:", "本年制发件数"]));
    let moved = inline.replace("annual_report:", "summary: 年报摘要。\nannual_report:");
    let found = save(&mut build, root, "content/xxgk/nianbao.md", Some(&moved));
    assert!(has(&found, &["nianbao.md:8:", "本年制发件数"]));
}

#[test]
fn without_today_a_kept_build_knows_when_to_judge_the_site_again() {
    use crate::pipeline::{Build, BuildOptions, Mode};
    let (dir, _) = small_site();
    let root = dir.path();
    let later = crate::pagemap::tests::doc("2099-01-01", "民政");
    crate::pagemap::tests::write(root, "content/xxgk/later.md", &later);
    // `serve` shows the document as 待发布; the site changes when it is due or, sooner, when a
    // new day begins in China.
    let build = Build::run(BuildOptions::new(root, Mode::Preview));
    let now = jiff::Timestamp::now();
    let due = build.due().expect("judged at the real time");
    assert!(
        due > now && due <= now + jiff::SignedDuration::from_hours(24),
        "{due}"
    );
    assert!(!build.clock_due());
    // A day given with --today is the day the site is judged at, whatever the time.
    let mut options = BuildOptions::new(root, Mode::Preview);
    options.today = crate::lifecycle::Clock::given(Some("2026-11-30")).unwrap();
    let fixed = Build::run(options);
    assert_eq!(fixed.due(), None);
    assert!(!fixed.clock_due());
}
