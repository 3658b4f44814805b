//! Unit tests of watch mode's pure parts: which changed paths are an edit of documents, a change
//! of the site or nothing (editor temporary files, files outside the sources), which file events
//! are edits, and which pages an edited document touches.

use notify::event::{
    AccessKind, CreateKind, DataChange, EventKind, MetadataKind, ModifyKind, RemoveKind, RenameMode,
};

use super::*;
use crate::pagemap::tests::{section, small_site, write};

/// `root/rel` for each of `rels`.
fn under(root: &Path, rels: &[&str]) -> Vec<PathBuf> {
    rels.iter().map(|r| root.join(r)).collect()
}

/// Index of the term `name` of a dimension of a section.
fn term(site: &Site, section: usize, dim: Dimension, name: &str) -> usize {
    site.terms[&(section, dim)]
        .iter()
        .position(|t| t.name == name)
        .unwrap_or_else(|| panic!("no term {name}"))
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
        "static/site.css",
        "themes/gov/templates/page.html",
    ] {
        write(root, rel, "new");
    }
    std::fs::remove_file(root.join("content/xxgk/b.md")).unwrap();
    for rels in [
        &["content/xxgk/d.md"][..],
        &["content/xin/_index.md"],
        &["content/xxgk/_index.md"],
        &["content/xxgk/fujian.txt"],
        &["content/xxgk/b.md"],
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
