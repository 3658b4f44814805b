//! The body store keeps a body until what it links to moves, and refuses a changed record or a
//! foreign index.

use super::*;

const BODY: &str = "# 标题\n\n见[另一篇](b.md)。\n";

fn render(store: &BodyStore, b_is_at: Option<&str>) -> RenderedBody {
    let resolve = |p: &str| {
        (p == "xxgk/b.md")
            .then(|| b_is_at.map(str::to_string))
            .flatten()
    };
    let cx = MarkdownContext {
        numbering: true,
        source_dir: "xxgk",
        root: "/",
        resolve_doc: &resolve,
        title: "甲",
    };
    store.render(BODY, &cx, None)
}

#[test]
fn a_body_is_kept_until_what_it_links_to_moves() {
    let site = tempfile::tempdir().unwrap();
    let (store, warning) = BodyStore::open(site.path());
    assert_eq!(warning, None);
    let first = render(&store, Some("xxgk/b/"));
    assert_eq!(store.hits(), 0);
    assert_eq!(store.save(), None);

    let (store, warning) = BodyStore::open(site.path());
    assert_eq!(warning, None);
    let again = render(&store, Some("xxgk/b/"));
    assert_eq!(store.hits(), 1);
    assert_eq!(again.html(), first.html());
    assert!(
        again.html.is_empty(),
        "the HTML is read back when asked for"
    );
    assert!(again.html().contains("xxgk/b/"), "{}", again.html());
    // The linked document was renamed: the body is rendered again, with the new address.
    let moved = render(&store, Some("xxgk/c/"));
    assert_eq!(store.hits(), 1);
    assert!(moved.html().contains("xxgk/c/"), "{}", moved.html());
    assert_eq!(store.save(), None);

    let (store, _) = BodyStore::open(site.path());
    assert!(render(&store, Some("xxgk/c/")).html().contains("xxgk/c/"));
    assert_eq!(store.hits(), 1);
}

#[test]
fn a_changed_record_or_a_foreign_index_is_not_used() {
    let site = tempfile::tempdir().unwrap();
    let (store, _) = BodyStore::open(site.path());
    let first = render(&store, None);
    assert_eq!(store.save(), None);
    let data = site.path().join(FOLDER).join("bodies.bin");
    let mut bytes = std::fs::read(&data).unwrap();
    let last = bytes.len() - 3;
    bytes[last] ^= 0x55;
    std::fs::write(&data, &bytes).unwrap();

    let (store, warning) = BodyStore::open(site.path());
    assert_eq!(
        warning, None,
        "the index is whole: the record is checked when read"
    );
    assert_eq!(render(&store, None).html(), first.html());
    assert_eq!(store.hits(), 0);
    assert_eq!(store.save(), None);
    let (store, _) = BodyStore::open(site.path());
    render(&store, None);
    assert_eq!(store.hits(), 1, "the damaged record was replaced");
    drop(store);

    let index = site.path().join(FOLDER).join("bodies.idx");
    let mut bytes = std::fs::read(&index).unwrap();
    bytes[INDEX_MAGIC.len() + 9] ^= 1;
    std::fs::write(&index, &bytes).unwrap();
    let (store, warning) = BodyStore::open(site.path());
    assert!(warning.unwrap().contains("构建缓存已损坏或不完整"));
    render(&store, None);
    assert_eq!(store.hits(), 0);
    let foreign = encode_index("gongkai 0.0.1 other", 1, &[]);
    std::fs::write(&index, foreign).unwrap();
    let (_, warning) = BodyStore::open(site.path());
    assert!(warning
        .unwrap()
        .contains("由另一版本的程序写入（gongkai 0.0.1 other）"));
}
