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
