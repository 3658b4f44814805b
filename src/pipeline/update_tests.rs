//! Unit tests of the pages an edited document touches: listing pages between its old and new
//! place ([`pages_between`]) and the page jobs of an edit ([`affected_jobs`]), or none when the
//! edit changed the directory terms that hold it.

use std::collections::BTreeSet;

use super::{affected_jobs, footprint, pages_between};
use crate::content::tree::{Dimension, Site};
use crate::pagemap::tests::{section, small_site};
use crate::pagemap::PageJob;

/// Index of the term `name` of a dimension of a section.
fn term(site: &Site, section: usize, dim: Dimension, name: &str) -> usize {
    site.terms[&(section, dim)]
        .iter()
        .position(|t| t.name == name)
        .unwrap_or_else(|| panic!("no term {name}"))
}

#[test]
fn listing_pages_between_two_positions_either_way() {
    assert_eq!(pages_between(0, 0, 10), 1..=1);
    assert_eq!(pages_between(9, 10, 10), 1..=2);
    assert_eq!(pages_between(25, 3, 10), 1..=3);
    assert_eq!(pages_between(3, 25, 10), 1..=3);
    assert_eq!(pages_between(20, 29, 10), 3..=3);
}

#[test]
fn an_edit_in_place_re_renders_its_page_neighbours_listings_and_home() {
    let (_dir, site) = small_site();
    let xxgk = section(&site, "xxgk");
    let [a, b, c] = ["a", "b", "c"].map(|n| site.doc_by_source[&format!("xxgk/{n}.md")]);
    let term_page = |dim, name| PageJob::Term {
        section: xxgk,
        dim,
        term: term(&site, xxgk, dim, name),
        page: 1,
    };
    let expected = BTreeSet::from([
        PageJob::Home,
        PageJob::Document(a),
        // 上一篇 c, 下一篇 b
        PageJob::Document(c),
        PageJob::Document(b),
        PageJob::Section {
            section: xxgk,
            page: 1,
        },
        term_page(Dimension::Year, "2021年"),
        term_page(Dimension::Issuer, "测试局"),
        term_page(Dimension::Topic, "民政"),
    ]);
    assert_eq!(
        affected_jobs(&site, a, &footprint(&site, a)),
        Some(expected)
    );
}

#[test]
fn a_document_that_moved_re_renders_the_pages_between_its_places() {
    let (_dir, site) = small_site();
    let xxgk = section(&site, "xxgk");
    let a = site.doc_by_source["xxgk/a.md"];
    // As if a had been third (page 2) of the section and of each term before the edit.
    let mut before = footprint(&site, a);
    before.sections[0].1 = 2;
    for t in &mut before.terms {
        t.3 = 2;
    }
    let jobs = affected_jobs(&site, a, &before).unwrap();
    for page in [1, 2] {
        assert!(jobs.contains(&PageJob::Section {
            section: xxgk,
            page
        }));
    }
    let term_pages = |dim, name| {
        let term = term(&site, xxgk, dim, name);
        jobs.iter()
            .filter(
                |j| matches!(j, PageJob::Term { dim: d, term: t, .. } if *d == dim && *t == term),
            )
            .count()
    };
    // 测试局 has three documents (two pages); 2021年 and 民政 two, so no page 2 to render.
    assert_eq!(term_pages(Dimension::Issuer, "测试局"), 2);
    assert_eq!(term_pages(Dimension::Year, "2021年"), 1);
    assert_eq!(term_pages(Dimension::Topic, "民政"), 1);
}

#[test]
fn an_edit_that_changes_directory_terms_rebuilds_the_site() {
    let (_dir, site) = small_site();
    let a = site.doc_by_source["xxgk/a.md"];
    let mut other_topic = footprint(&site, a);
    for t in &mut other_topic.terms {
        if t.1 == Dimension::Topic {
            t.2 = "教育".into();
        }
    }
    assert_eq!(affected_jobs(&site, a, &other_topic), None);
    let mut other_section = footprint(&site, a);
    other_section.sections.clear();
    assert_eq!(affected_jobs(&site, a, &other_section), None);
}

/// Options of a build of the site at `root` for `mode`, with an address, on 2026-11-30.
pub(crate) fn options_at(root: &std::path::Path) -> crate::pipeline::BuildOptions {
    let mut options = crate::pipeline::BuildOptions::new(root, crate::pipeline::Mode::Watch);
    options.base_url = Some("https://www.example.gov.cn/".into());
    options.today = crate::lifecycle::Clock::given(Some("2026-11-30")).unwrap();
    options
}

/// Applies a change and its second step, as `build --watch` does.
fn apply(build: &mut crate::pipeline::Build, change: &crate::pipeline::Change) {
    let update = build.update(change);
    assert!(!update.failed, "{:?}", update.diagnostics);
    if let Some(later) = &update.later {
        assert!(!build.update_later(later).failed);
    }
}

/// Every file of a build but the search index (whose incremental form is a delta segment) with
/// its hash, against a full build of the same sources.
fn assert_same_as_full_build(build: &crate::pipeline::Build, root: &std::path::Path) {
    let fresh = crate::pipeline::Build::run(options_at(root));
    let files = |b: &crate::pipeline::Build| {
        b.made()
            .iter()
            .filter(|(p, _)| !p.starts_with("search/"))
            .map(|(p, e)| (p.clone(), e.sha256))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let (now, full) = (files(build), files(&fresh));
    let differ: Vec<&String> = full
        .keys()
        .chain(now.keys())
        .filter(|p| now.get(*p) != full.get(*p))
        .collect();
    assert!(
        differ.is_empty(),
        "files that differ from a full build: {differ:?}"
    );
}

#[test]
fn new_renamed_edited_and_deleted_documents_give_the_output_of_a_full_build() {
    use crate::pagemap::tests::{doc, write};
    use crate::pipeline::Change;
    let (dir, _) = small_site();
    let root = dir.path();
    let mut build = crate::pipeline::Build::run(options_at(root));
    assert!(!build.failed(), "{:?}", build.diagnostics());
    let documents =
        |added: &[&str], removed: &[&str], build: &crate::pipeline::Build| Change::Documents {
            edited: BTreeSet::new(),
            added: added.iter().map(|s| s.to_string()).collect(),
            removed: removed
                .iter()
                .map(|r| build.site().doc_by_source[*r])
                .collect(),
        };
    // A new document, the newest: every listing page shifts.
    write(root, "content/xxgk/d.md", &doc("2022-01-05", "卫生"));
    let change = documents(&["xxgk/d.md"], &[], &build);
    apply(&mut build, &change);
    assert!(build.outputs().contains_key("xxgk/d/index.html"));
    assert_same_as_full_build(&build, root);
    // A rename.
    std::fs::rename(
        root.join("content/xxgk/d.md"),
        root.join("content/xxgk/e.md"),
    )
    .unwrap();
    let change = documents(&["xxgk/e.md"], &["xxgk/d.md"], &build);
    apply(&mut build, &change);
    assert!(!build.outputs().contains_key("xxgk/d/index.html"));
    assert_same_as_full_build(&build, root);
    // An edit that moves a document to the end of the listings and into another year.
    write(root, "content/xxgk/a.md", &doc("2019-01-01", "民政"));
    let change = Change::Document(BTreeSet::from([build.site().doc_by_source["xxgk/a.md"]]));
    apply(&mut build, &change);
    assert_same_as_full_build(&build, root);
    // A deletion that empties a directory term (教育) and a listing page.
    std::fs::remove_file(root.join("content/xxgk/c.md")).unwrap();
    let change = documents(&[], &["xxgk/c.md"], &build);
    apply(&mut build, &change);
    assert_same_as_full_build(&build, root);
}

#[test]
fn a_new_document_whose_page_another_output_holds_is_the_error_of_a_full_build() {
    use crate::pagemap::tests::{doc, write};
    use crate::pipeline::{Build, Change, Origin};
    let (dir, _) = small_site();
    let root = dir.path();
    write(root, "static/xxgk/jiu/index.html", "<p>旧页面</p>");
    let mut build = Build::run(options_at(root));
    assert!(!build.failed(), "{:?}", build.diagnostics());
    let before = build.outputs().clone();
    // `year` is the slug of the section's 年份 directory page, `tongzhi` that of c.md, `jiu` that
    // of a file of static/.
    for (name, slug, expected) in [
        (
            "d",
            "year",
            "content/xxgk/d.md:5:7: 错误: slug（网址名）: 文档 content/xxgk/d.md 的页面要写到 xxgk/year/index.html，但这个文件已是栏目“信息公开”的目录页：两者不能同在一个网址，请为文档写不同的 slug",
        ),
        (
            "f",
            "tongzhi",
            "content/xxgk/f.md:5:7: 错误: slug（网址名）: 网址 /xxgk/tongzhi/ 与 content/xxgk/c.md 重复：请为其中一个文档写不同的 slug",
        ),
        (
            "e",
            "jiu",
            "content/xxgk/e.md:5:7: 错误: slug（网址名）: 文档 content/xxgk/e.md 的页面要写到 xxgk/jiu/index.html，但这个文件已是文件 static/xxgk/jiu/index.html 的副本：两者不能同在一个网址，请为文档写不同的 slug",
        ),
    ] {
        let rel = format!("xxgk/{name}.md");
        let text = doc("2022-01-05", "卫生").replace("topics:", &format!("slug: {slug}\ntopics:"));
        write(root, &format!("content/{rel}"), &text);
        let update = build.update(&Change::Documents {
            edited: BTreeSet::new(),
            added: BTreeSet::from([rel.clone()]),
            removed: BTreeSet::new(),
        });
        assert!(update.failed);
        let errors = |d: &crate::diagnostics::Diagnostics| -> Vec<String> {
            (d.iter().filter(|d| d.is_error()))
                .map(|d| d.to_string())
                .collect()
        };
        assert_eq!(errors(&update.diagnostics), [expected]);
        assert!(update.written.is_empty() && update.removed.is_empty());
        // The other output is kept, and the site is as it was.
        assert_eq!(build.outputs(), &before);
        assert!(!build.site().doc_by_source.contains_key(&rel));
        // A full build reports the same line.
        assert_eq!(errors(Build::run(options_at(root)).diagnostics()), [expected]);
        std::fs::remove_file(root.join("content").join(&rel)).unwrap();
    }
    assert!(matches!(
        build.outputs()["xxgk/year/index.html"],
        Origin::Page(crate::pagemap::PageJob::Directory { .. }, _)
    ));
}
