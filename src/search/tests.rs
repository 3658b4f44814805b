//! Unit tests of the index: files of a build, postings read back, determinism, and updates that
//! edit, add and delete documents while touching only the delta, the entry and fragments.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::postings::{CONT, LAST};
use super::*;
use crate::pagemap::tests::{doc, site_from};

fn bodies(site: &Site, text: &dyn Fn(&str) -> String) -> Vec<Option<RenderedBody>> {
    site.docs
        .iter()
        .map(|d| {
            Some(RenderedBody {
                html: format!("<p>{}</p>", text(&d.path)),
                first_paragraph: "第一段".into(),
                ..Default::default()
            })
        })
        .collect()
}

/// Every file of `index`, fragments made from `site` and `bodies`.
fn files(
    index: &SearchIndex,
    site: &Site,
    bodies: &[Option<RenderedBody>],
) -> BTreeMap<String, Arc<[u8]>> {
    index.all_files(site, bodies).into_iter().collect()
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("JSON")
}

/// Decodes the postings of `token` from every shard of `files`: (id, field).
fn lookup(files: &BTreeMap<String, Arc<[u8]>>, token: &str) -> Vec<(u32, u8)> {
    let mut out = Vec::new();
    for (path, bytes) in files {
        if !path.ends_with(".txt") {
            continue;
        }
        for line in std::str::from_utf8(bytes).unwrap().lines() {
            let (t, postings) = line.split_once('\t').unwrap();
            if t != token {
                continue;
            }
            let (mut next, mut v) = (0u32, 0u64);
            for b in postings.bytes() {
                if let Some(d) = CONT.iter().position(|&c| c == b) {
                    v = v * 32 + d as u64;
                } else {
                    let d = LAST.iter().position(|&c| c == b).unwrap();
                    v = v * 32 + d as u64;
                    let id = next + (v / 3) as u32;
                    out.push((id, (v % 3) as u8));
                    next = id + 1;
                    v = 0;
                }
            }
        }
    }
    out
}

fn three() -> Vec<(&'static str, String)> {
    vec![
        ("config.yaml", "title: 测试局\n".to_string()),
        (
            "content/xxgk/_index.md",
            "---\ntitle: 信息公开\n---\n".to_string(),
        ),
        ("content/xxgk/a.md", doc("2021-03-01", "民政")),
        ("content/xxgk/b.md", doc("2020-05-01", "民政")),
        ("content/xxgk/c.md", doc("2021-06-01", "教育")),
    ]
}

fn load(files: &[(&'static str, String)]) -> (tempfile::TempDir, Site) {
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    site_from(&refs)
}

fn long_body(path: &str) -> String {
    let mut text = "信息公开工作。".repeat(2000);
    if path == "xxgk/a/" {
        text.push_str("末尾才出现的蝴蝶 Zebra42。");
    }
    text
}

#[test]
fn a_build_writes_the_entry_shards_and_one_fragment_per_document() {
    let (_dir, site) = load(&three());
    let index = SearchIndex::build(&site, &bodies(&site, &long_body));
    let files = files(&index, &site, &bodies(&site, &long_body));
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "search/b/0.txt",
            "search/f/0.json",
            "search/f/1.json",
            "search/f/2.json",
            "search/index.json"
        ]
    );
    let entry = json(&files["search/index.json"]);
    assert_eq!(entry["v"], 3);
    assert_eq!(entry["n"], 3);
    assert_eq!(entry["shards"], 1);
    assert_eq!(entry["dshards"], 0);
    assert_eq!(entry["issuers"], serde_json::json!(["测试局"]));
    assert_eq!(entry["topics"], serde_json::json!(["教育", "民政"]));
    // Newest first: c (2021-06-01), a, b; each: issuer 1, date delta, 1 topic, topic index.
    let mut packed = Vec::new();
    let mut prev = 0i64;
    for (ymd, topic) in [(20210601i64, 0u64), (20210301, 1), (20200501, 1)] {
        postings::push_varint(&mut packed, 1);
        let d = ymd - prev;
        postings::push_varint(&mut packed, ((d << 1) ^ (d >> 63)) as u64);
        postings::push_varint(&mut packed, 1);
        postings::push_varint(&mut packed, topic);
        prev = ymd;
    }
    assert_eq!(entry["docs"], String::from_utf8(packed).unwrap());
    // Fragments are numbered oldest first: the newest document (id 0) is the last.
    let first = json(&files["search/f/2.json"]);
    assert_eq!(first["u"], "xxgk/c/");
    assert_eq!(first["t"], "文件2021-06-01");
    assert_eq!(first["e"], "第一段");
    // The whole body, not a share of it.
    let a = json(&files["search/f/1.json"]);
    assert!(a["x"]
        .as_str()
        .unwrap()
        .ends_with("末尾才出现的蝴蝶 Zebra42。"));
    // Words at the very end of a 14,000-character body are indexed; the title field wins.
    assert_eq!(lookup(&files, "蝴蝶"), [(1, postings::BODY)]);
    assert_eq!(lookup(&files, "zebra42"), [(1, postings::BODY)]);
    assert_eq!(lookup(&files, "测试"), [(0, 1), (1, 1), (2, 1)]);
    assert_eq!(lookup(&files, "文件"), [(0, 2), (1, 2), (2, 2)]);
    assert_eq!(lookup(&files, "蝶"), [(1, 0)]);
    // Same input, same bytes.
    let again = SearchIndex::build(&site, &bodies(&site, &long_body));
    let made = |i: &SearchIndex| i.all_files(&site, &bodies(&site, &long_body));
    assert!(made(&again) == made(&index));
}

#[test]
fn a_new_newest_document_renames_no_fragment() {
    let (_dir, site) = load(&three());
    let before = files(
        &SearchIndex::build(&site, &bodies(&site, &long_body)),
        &site,
        &bodies(&site, &long_body),
    );
    let mut more = three();
    more.push(("content/xxgk/d.md", doc("2022-01-01", "民政")));
    let (_dir2, site2) = load(&more);
    let after = files(
        &SearchIndex::build(&site2, &bodies(&site2, &long_body)),
        &site2,
        &bodies(&site2, &long_body),
    );
    let fragments = |files: &BTreeMap<String, Arc<[u8]>>| -> Vec<(String, Vec<u8>)> {
        (files.iter())
            .filter(|(path, _)| path.starts_with("search/f/"))
            .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
            .collect()
    };
    let (old, new) = (fragments(&before), fragments(&after));
    assert_eq!(new.len(), old.len() + 1);
    // Every fragment of the three is where it was, byte for byte; the new one comes last.
    assert!(old.iter().all(|f| new.contains(f)), "{old:?}");
    assert_eq!(json(&after["search/f/3.json"])["u"], "xxgk/d/");
}

#[test]
fn an_edit_moves_the_document_to_the_delta_and_rewrites_only_its_files() {
    let (_dir, site) = load(&three());
    let mut index = SearchIndex::build(&site, &bodies(&site, &long_body));
    let a = site.docs.iter().position(|d| d.path == "xxgk/a/").unwrap();
    let edited = |path: &str| {
        if path == "xxgk/a/" {
            "改写后的正文出现了熊猫。".to_string()
        } else {
            long_body(path)
        }
    };
    let changes = index.update(&site, &bodies(&site, &edited), &[a]);
    let written: Vec<&str> = changes.written.iter().map(|w| w.0.as_str()).collect();
    assert_eq!(written, ["search/f/3.json", "search/d/0.txt", INDEX_PATH]);
    assert_eq!(changes.removed, ["search/f/1.json"]);
    let files = files(&index, &site, &bodies(&site, &edited));
    let entry = json(&files[INDEX_PATH]);
    assert_eq!(
        (entry["n"].as_u64(), entry["base"].as_u64()),
        (Some(4), Some(3))
    );
    assert_eq!(entry["dshards"], 1);
    // Id 1 is dead (`0`), id 3 lives in the delta.
    assert!(entry["docs"].as_str().unwrap().contains('0'));
    assert_eq!(lookup(&files, "熊猫"), [(3, 0)]);
    // The base still lists id 1 for 蝴蝶: the entry marks it dead, so the browser drops it.
    assert_eq!(lookup(&files, "蝴蝶"), [(1, 0)]);
    // A second edit of the same document stays at id 3.
    let changes = index.update(&site, &bodies(&site, &long_body), &[a]);
    assert!(changes.removed.is_empty(), "{:?}", changes.removed);
    assert!(changes.written.iter().any(|w| w.0 == "search/f/3.json"));
    let now = self::files(&index, &site, &bodies(&site, &long_body));
    assert_eq!(lookup(&now, "熊猫"), []);
    // No change, nothing written.
    let changes = index.update(&site, &bodies(&site, &long_body), &[]);
    assert!(changes.written.is_empty() && changes.removed.is_empty());
}

#[test]
fn added_and_deleted_documents_are_found_by_their_url() {
    let (_dir, site) = load(&three());
    let mut index = SearchIndex::build(&site, &bodies(&site, &long_body));
    let mut files = three();
    files.retain(|f| f.0 != "content/xxgk/b.md");
    files.push(("content/xxgk/d.md", doc("2022-01-01", "新主题")));
    let (_dir2, site2) = load(&files);
    let changes = index.update(&site2, &bodies(&site2, &long_body), &[]);
    assert_eq!(changes.removed, ["search/f/0.json"]);
    let written: Vec<&str> = changes.written.iter().map(|w| w.0.as_str()).collect();
    assert_eq!(written, ["search/f/3.json", "search/d/0.txt", INDEX_PATH]);
    let all = self::files(&index, &site2, &bodies(&site2, &long_body));
    assert_eq!(json(&all["search/f/3.json"])["u"], "xxgk/d/");
    let entry = json(&all[INDEX_PATH]);
    assert_eq!(
        entry["topics"],
        serde_json::json!(["教育", "民政", "新主题"])
    );
    assert_eq!(lookup(&all, "2022"), [(3, 2)]);
    // Deleting the added document empties the delta: its shard goes too.
    let mut files = three();
    files.retain(|f| f.0 != "content/xxgk/b.md");
    let (_dir3, site3) = load(&files);
    let changes = index.update(&site3, &bodies(&site3, &long_body), &[]);
    assert!(changes.removed.contains(&"search/d/0.txt".to_string()));
    assert!(changes.removed.contains(&"search/f/3.json".to_string()));
}

/// Bodies as a build with the build cache has them: the HTML read back from the store, with the
/// digest of what was kept.
fn kept_bodies(site: &Site, text: &dyn Fn(&str) -> String) -> Vec<Option<RenderedBody>> {
    use sha2::{Digest as _, Sha256};
    let kept = |mut body: RenderedBody| {
        let html = std::mem::take(&mut body.html);
        let digest = Sha256::digest(format!("{html}\0{}", body.first_paragraph));
        body.html_elsewhere = Some(crate::markdown::HtmlElsewhere {
            read: Arc::new(move || html.clone()),
            digest: digest[..16].try_into().unwrap(),
        });
        body
    };
    bodies(site, text)
        .into_iter()
        .map(|b| b.map(kept))
        .collect()
}

/// Eight documents with every field the index reads; document `edited` (if any) has `field`
/// set to `value` (`body` replaces its text).
fn eight(edited: Option<(usize, &str, &str)>) -> Vec<(&'static str, String)> {
    const NAMES: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let mut files = vec![
        ("config.yaml", "title: 测试局\n".to_string()),
        (
            "content/xxgk/_index.md",
            "---\ntitle: 信息公开\n---\n".to_string(),
        ),
    ];
    for (i, name) in NAMES.iter().enumerate() {
        let mut fields = [
            ("title", format!("关于第{i}项工作的通知")),
            ("issuer", "测试局".to_string()),
            ("date", format!("2021-0{}-1{i}", i % 9 + 1)),
            ("doc_no", format!("测发〔2021〕{i}号")),
            ("summary", format!("概述第{i}项")),
            ("topics", "[民政]".to_string()),
        ];
        let mut body = format!("第{i}项工作的正文。");
        if let Some((_, field, value)) = edited.filter(|e| e.0 == i) {
            match fields.iter_mut().find(|f| f.0 == field) {
                Some(f) => f.1 = value.to_string(),
                None => body = value.to_string(),
            }
        }
        let yaml: String = fields.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
        let path: &'static str = Box::leak(format!("content/xxgk/{name}.md").into_boxed_str());
        files.push((path, format!("---\n{yaml}---\n\n{body}\n")));
    }
    files
}

#[test]
fn an_index_made_from_a_kept_one_is_the_index_made_anew() {
    let text = |site: &Site| {
        let bodies_of: Vec<(String, String)> = (site.docs.iter())
            .map(|d| (d.path.clone(), d.source.body.trim().to_string()))
            .collect();
        move |path: &str| {
            let found = bodies_of.iter().find(|(p, _)| p == path);
            found.map(|(_, b)| b.clone()).unwrap_or_default()
        }
    };
    let (_dir, site) = load(&eight(None));
    let kept = SearchIndex::build(&site, &kept_bodies(&site, &text(&site))).kept();
    assert_eq!(kept.shards.len(), 1);
    // A body of many distinct characters: the index outgrows one shard.
    let wide: String = (0x4E00..0x4E00 + 6000).filter_map(char::from_u32).collect();
    let edits = [
        ("title", "关于另一项工作的通知"),
        ("issuer", "另一局"),
        ("date", "2021-03-13"),
        ("date", "2022-01-01"),
        ("doc_no", "测发〔2021〕99号"),
        ("summary", "另一段概述"),
        ("topics", "[教育, 民政]"),
        ("body", "另一段正文。"),
        // Words other documents hold and this one did not: their lines gain an entry.
        ("body", "第5项工作的正文。"),
        ("body", wide.as_str()),
    ];
    for (field, value) in edits {
        let (_dir, edited) = load(&eight(Some((3, field, value))));
        let bodies = kept_bodies(&edited, &text(&edited));
        let patched = SearchIndex::build_from(&edited, &bodies, Some(&kept));
        let anew = SearchIndex::build(&edited, &bodies);
        if value == wide {
            assert!(
                anew.base_shards.len() > 1,
                "the wide body makes more shards"
            );
        }
        assert_eq!(
            files(&patched, &edited, &bodies),
            files(&anew, &edited, &bodies),
            "{field}: {value}"
        );
    }
}
