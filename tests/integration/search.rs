//! Site search (A7, B3i): the sharded index under `search/` read back the way `search.js` reads
//! it (entry, the shard of each token, fragments). Every document has one id and a fragment with
//! its whole text; a word near the end of a long document is found through its shard; the
//! records carry what the filters need; 索引号 and 文号 find their document; the files are
//! byte-identical across builds; the search page exists in both renditions with a real form,
//! filters from the site's terms, an `aria-live` status and the no-JavaScript fallback.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::common::*;

/// The index of a built site, read as the browser reads it.
struct Index {
    files: BTreeMap<String, Vec<u8>>,
    entry: Value,
    /// Per id: None when dead, else (YYYYMMDD, issuer index, topic indices).
    records: Vec<Option<(i64, usize, Vec<usize>)>>,
}

const LAST: &str = "0123456789abcdefghijklmnopqrstuv";
const CONT: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz+/";

fn numbers(s: &str) -> Vec<u64> {
    let (mut out, mut v) = (Vec::new(), 0u64);
    for c in s.chars() {
        if let Some(d) = CONT.find(c) {
            v = v * 32 + d as u64;
        } else {
            out.push(v * 32 + LAST.find(c).expect("digit") as u64);
            v = 0;
        }
    }
    out
}

/// Tokens of a query term: ASCII words, and the bigrams (or the single character) of each run of
/// other letters; punctuation separates (a copy of search.js, so that the format is checked from
/// outside).
fn tokens(term: &str) -> Vec<String> {
    let sep = |c: char| {
        let u = c as u32;
        u <= 0xBF && !c.is_ascii_alphanumeric()
            || (0x2000..=0x2BFF).contains(&u)
            || (0x3000..=0x3004).contains(&u)
            || (0x3008..=0x3020).contains(&u)
            || (0xFF00..=0xFF65).contains(&u)
    };
    let (mut out, mut word, mut run) = (Vec::new(), String::new(), Vec::<char>::new());
    let flush = |out: &mut Vec<String>, word: &mut String, run: &mut Vec<char>| {
        if !word.is_empty() {
            out.push(std::mem::take(word));
        }
        if run.len() == 1 {
            out.push(run[0].to_string());
        }
        for w in run.windows(2) {
            out.push(w.iter().collect());
        }
        run.clear();
    };
    for c in term.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            if !run.is_empty() {
                flush(&mut out, &mut word, &mut run);
            }
            word.push(c);
        } else if sep(c) {
            flush(&mut out, &mut word, &mut run);
        } else {
            if !word.is_empty() {
                flush(&mut out, &mut word, &mut run);
            }
            run.push(c);
        }
    }
    flush(&mut out, &mut word, &mut run);
    out
}

fn hash(token: &str) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for c in token.chars() {
        h = (h ^ c as u32).wrapping_mul(0x0100_0193);
    }
    h = (h ^ (h >> 16)).wrapping_mul(0x85EB_CA6B);
    h = (h ^ (h >> 13)).wrapping_mul(0xC2B2_AE35);
    h ^ (h >> 16)
}

impl Index {
    fn read(site: &Site) -> Index {
        let files: BTreeMap<String, Vec<u8>> = site
            .output()
            .into_iter()
            .filter(|(k, _)| k.starts_with("search/") && !k.ends_with(".html"))
            .filter(|(k, _)| !k.ends_with(".gz") && !k.ends_with(".br"))
            .collect();
        let entry: Value = serde_json::from_slice(&files["search/index.json"]).expect("entry");
        assert_eq!(entry["v"], 3);
        let nums = numbers(entry["docs"].as_str().unwrap());
        let (mut records, mut i, mut prev) = (Vec::new(), 0, 0i64);
        while i < nums.len() {
            if nums[i] == 0 {
                records.push(None);
                i += 1;
                continue;
            }
            let z = nums[i + 1] as i64;
            prev += (z >> 1) ^ -(z & 1);
            let count = nums[i + 2] as usize;
            let topics = nums[i + 3..i + 3 + count]
                .iter()
                .map(|&t| t as usize)
                .collect();
            records.push(Some((prev, nums[i] as usize - 1, topics)));
            i += 3 + count;
        }
        assert_eq!(records.len() as u64, entry["n"].as_u64().unwrap());
        Index {
            files,
            entry,
            records,
        }
    }

    fn shard(&self, token: &str) -> String {
        let shards = self.entry["shards"].as_u64().unwrap() as u32;
        assert!(shards.is_power_of_two());
        format!("search/b/{}.txt", hash(token) & (shards - 1))
    }

    /// (id, field) of a token, from its base shard.
    fn postings(&self, token: &str) -> Vec<(u32, u8)> {
        let shard = std::str::from_utf8(&self.files[&self.shard(token)]).unwrap();
        let Some(line) = shard.lines().find(|l| l.split('\t').next() == Some(token)) else {
            return Vec::new();
        };
        let mut next = 0;
        numbers(line.split('\t').nth(1).unwrap())
            .into_iter()
            .map(|v| {
                let id = next + (v / 3) as u32;
                next = id + 1;
                (id, (v % 3) as u8)
            })
            .collect()
    }

    /// Live ids holding every token of every term, then confirmed in their fragment.
    fn query(&self, q: &str) -> Vec<u32> {
        let terms: Vec<String> = q.split_whitespace().map(str::to_lowercase).collect();
        let mut ids: Option<BTreeSet<u32>> = None;
        for t in terms.iter().flat_map(|t| tokens(t)) {
            let these: BTreeSet<u32> = self.postings(&t).into_iter().map(|p| p.0).collect();
            ids = Some(match ids {
                None => these,
                Some(ids) => ids.intersection(&these).copied().collect(),
            });
        }
        ids.unwrap_or_default()
            .into_iter()
            .filter(|&id| self.records[id as usize].is_some())
            .filter(|&id| {
                let f = self.fragment(id);
                let hay = ["t", "i", "n", "o", "x"]
                    .map(|k| f[k].as_str().unwrap_or_default().to_lowercase())
                    .join(" ");
                terms.iter().all(|t| hay.contains(t.as_str()))
            })
            .collect()
    }

    /// The fragment of `id`, as the browser finds it: base ids are numbered oldest first.
    fn fragment(&self, id: u32) -> Value {
        let base = self.entry["base"].as_u64().expect("base") as u32;
        let number = if id < base { base - 1 - id } else { id };
        serde_json::from_slice(&self.files[&format!("search/f/{number}.json")]).expect("fragment")
    }
}

#[test]
fn every_document_has_one_id_a_record_and_a_fragment_with_its_fields_and_whole_text() {
    let tag = regex::Regex::new(r"</?[a-zA-Z][a-zA-Z0-9]*[\s>/]").unwrap();
    let site = reports_site();
    let index = Index::read(site);
    let n = index.records.len() as u32;
    assert_eq!(n as usize, report_files().len());
    let pages: BTreeSet<String> = site
        .html_pages()
        .into_iter()
        .filter(|p| p.starts_with("/bg/") && p != "/bg/" && !p.contains("/page/"))
        .filter(|p| {
            !["/year/", "/issuer/", "/topic/"]
                .iter()
                .any(|d| p.contains(d))
        })
        .collect();
    let mut listed = BTreeSet::new();
    let issuers = index.entry["issuers"].as_array().unwrap();
    let topics = index.entry["topics"].as_array().unwrap();
    let mut dates = Vec::new();
    for id in 0..n {
        let f = index.fragment(id);
        let url = format!("/{}", f["u"].as_str().unwrap());
        assert!(listed.insert(url.clone()), "{url} twice");
        let html = site.page(&url);
        assert_eq!(f["t"].as_str().unwrap(), text(one(&html, "h1")), "{url}");
        let index_no = meta_row(&html, "索引号").unwrap_or_default();
        assert_eq!(f["i"].as_str().unwrap(), index_no, "{url}");
        assert_eq!(
            f["o"].as_str().unwrap(),
            meta_row(&html, "发布机构").unwrap_or_default()
        );
        let body = f["x"].as_str().unwrap();
        assert!(!body.is_empty() && !tag.is_match(body), "{url}: plain text");
        assert!(f["e"].as_str().unwrap().chars().count() <= 201);
        // The record: date, issuer and topics of the fragment, for the filters.
        let (ymd, issuer, ts) = index.records[id as usize].clone().expect("live");
        let date = f["d"].as_str().unwrap();
        assert_eq!(ymd.to_string(), date.replace('-', ""), "{url}");
        assert_eq!(issuers[issuer], f["o"], "{url}");
        let names: Vec<&Value> = ts.iter().map(|&t| &topics[t]).collect();
        assert_eq!(names, f["c"].as_array().unwrap().iter().collect::<Vec<_>>());
        dates.push(date.to_string());
    }
    assert_eq!(listed, pages, "the index lists exactly the document pages");
    // Ids newest first.
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    // The year filter's options are the records' years.
    let html = site.page("/search/");
    let years: BTreeSet<String> = select(&html, "select[name=year] option")
        .into_iter()
        .filter_map(|o| {
            attr(o, "value")
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        })
        .collect();
    let from_records: BTreeSet<String> = index
        .records
        .iter()
        .flatten()
        .map(|r| (r.0 / 10_000).to_string())
        .collect();
    assert_eq!(years, from_records);
}

fn long_document_site() -> Site {
    let filler = "各级行政机关应当依法及时准确地公开政府信息，接受社会监督。".repeat(1200);
    let mut b = SiteBuilder::new().section("tz", "通知公告", "").file(
        "content/tz/long.md",
        doc(
            "长篇报告",
            "2021-03-01",
            Some(&index_no(2021, 1)),
            "doc_no: \"测政发〔2021〕7号\"\n",
            &format!("{filler}\n\n最后一段提到鹦鹉螺和 Nautilus2024 项目。\n"),
        ),
    );
    for i in 2..30 {
        b = b.file(
            &format!("content/tz/d{i}.md"),
            doc(
                &format!("第{i}号通知"),
                &format!("2020-{:02}-01", i % 12 + 1),
                Some(&index_no(2020, i)),
                &format!("topics: [\"主题{}\"]\n", i % 3),
                "关于做好政府信息公开工作的通知正文。\n",
            ),
        );
    }
    b.build(&[])
}

#[test]
fn a_word_near_the_end_of_a_long_document_is_found_through_its_shard() {
    let site = long_document_site();
    site.run.assert_code(0);
    let index = Index::read(&site);
    let long = (0..index.records.len() as u32)
        .find(|&id| index.fragment(id)["u"] == "tz/long/")
        .unwrap();
    let text = index.fragment(long)["x"].as_str().unwrap().to_string();
    assert!(text.chars().count() > 30_000, "the whole body is kept");
    assert!(text.ends_with("最后一段提到鹦鹉螺和 Nautilus2024 项目。"));
    for q in ["鹦鹉螺", "鹦鹉", "nautilus2024", "鹦鹉螺 Nautilus2024"] {
        assert_eq!(index.query(q), [long], "{q}");
    }
    // The bigram is in exactly one shard, the one its hash names.
    let holders: Vec<&String> = index
        .files
        .iter()
        .filter(|(k, v)| k.ends_with(".txt") && String::from_utf8_lossy(v).contains("\n鹦鹉\t"))
        .map(|(k, _)| k)
        .collect();
    let shard = index.shard("鹦鹉");
    let first_line = String::from_utf8_lossy(&index.files[&shard]).starts_with("鹦鹉\t");
    assert!(
        holders == [&shard] || (holders.is_empty() && first_line),
        "{holders:?}"
    );
    // A term in every document; a title match; nothing for an absent word.
    assert_eq!(index.query("政府信息").len(), 29);
    assert_eq!(index.query("长篇"), [long]);
    assert_eq!(index.postings("长篇"), [(long, 2)], "title field");
    assert!(index.query("不存在的词语").is_empty());
}

#[test]
fn index_no_and_doc_no_find_their_document_and_records_carry_the_filters() {
    let site = long_document_site();
    let index = Index::read(&site);
    for id in 0..index.records.len() as u32 {
        let f = index.fragment(id);
        let found = index.query(f["i"].as_str().unwrap());
        assert_eq!(found, [id], "索引号 {}", f["i"]);
    }
    let long = index.query("测政发〔2021〕7号");
    assert_eq!(index.fragment(long[0])["n"], "测政发〔2021〕7号");
    assert_eq!(long.len(), 1);
    // 主题分类 and 年度 as the browser filters them.
    let topics = index.entry["topics"].as_array().unwrap();
    let t1 = topics.iter().position(|t| t == "主题1").unwrap();
    let in_topic: Vec<u32> = (0..index.records.len() as u32)
        .filter(|&id| index.records[id as usize].as_ref().unwrap().2.contains(&t1))
        .collect();
    let expected: Vec<u32> = (0..index.records.len() as u32)
        .filter(|&id| index.fragment(id)["c"] == serde_json::json!(["主题1"]))
        .collect();
    assert_eq!(in_topic, expected);
    assert!(!in_topic.is_empty());
    let in_2021 = index
        .records
        .iter()
        .flatten()
        .filter(|r| r.0 / 10_000 == 2021);
    assert_eq!(in_2021.count(), 1);
}

#[test]
fn index_is_byte_identical_across_builds() {
    let b = SiteBuilder::new()
        .section("tz", "通知公告", "")
        .file(
            "content/tz/a.md",
            doc(
                "甲通知",
                "2021-03-01",
                Some(&index_no(2021, 1)),
                "",
                "正文甲。\n",
            ),
        )
        .file(
            "content/tz/b.md",
            doc(
                "乙通知",
                "2021-03-01",
                Some(&index_no(2021, 2)),
                "",
                "正文乙。\n",
            ),
        );
    let one_site = b.build(&[]);
    one_site.run.assert_code(0);
    let two_site = b.build(&[]);
    let (a, b) = (Index::read(&one_site), Index::read(&two_site));
    assert!(a.files == b.files, "search/ differs between builds");
    assert_eq!(a.files.len(), 4, "{:?}", a.files.keys());
    // Same date: ordered by URL.
    assert_eq!(a.fragment(0)["u"], "tz/a/");
    assert_eq!(a.fragment(1)["u"], "tz/b/");
    assert_eq!(a.fragment(0)["x"], "正文甲。");
}

#[test]
fn search_page_in_both_renditions() {
    let site = reports_site();
    for (url, prefix) in [("/search/", "/"), ("/care/search/", "/care/")] {
        let html = site.page(url);
        let form = one(&html, "form.gk-search__form[role=search]");
        assert_eq!(attr(form, "action"), Some(url));
        assert_eq!(attr(form, "method"), Some("get"));
        let input = one(&html, "#gk-search-q");
        assert_eq!(attr(input, "type"), Some("search"));
        assert_eq!(attr(input, "name"), Some("q"));
        assert_eq!(select(&html, "label[for=gk-search-q]").len(), 1);
        for name in ["year", "topic", "issuer"] {
            let options = select(&html, &format!("select[name={name}] option"));
            assert!(options.len() >= 2, "{url}: {name} options");
        }
        assert_eq!(
            attr(one(&html, "[data-gk-search-status]"), "aria-live"),
            Some("polite")
        );
        let box_ = one(&html, "[data-module=gk-search]");
        assert_eq!(attr(box_, "data-gk-prefix"), Some(prefix));
        assert_eq!(attr(box_, "data-gk-index"), Some("/search/index.json"));
        assert_eq!(attr(box_, "data-gk-care-home"), Some("/care/"));
        let more = one(&html, "button[data-gk-search-more]");
        assert!(
            attr(more, "hidden").is_some(),
            "{url}: no dead button without JS"
        );
        let fallback: Vec<String> = select(&html, "[data-gk-search-fallback] a")
            .into_iter()
            .filter_map(|a| attr(a, "href").map(str::to_string))
            .collect();
        for dim in ["year", "issuer", "topic"] {
            let link = format!("{prefix}bg/{dim}/");
            assert!(fallback.contains(&link), "{url}: {link} in {fallback:?}");
        }
        assert!(select(&html, "script[src*='search.js']").len() == 1);
    }
    // The header search box on every page submits to the search page of its rendition, and
    // search.js is loaded on the search page only.
    for url in ["/", "/bg/", "/care/bg/", "/404.html"] {
        let html = site.page(url);
        let form = one(&html, ".gk-header__search");
        let want = if url.starts_with("/care/") {
            "/care/search/"
        } else {
            "/search/"
        };
        assert_eq!(attr(form, "action"), Some(want), "{url}");
        assert_eq!(select(&html, "label[for=gk-header-q]").len(), 1);
        assert!(
            select(&html, "script[src*='search.js']").is_empty(),
            "{url}"
        );
    }
}

#[test]
fn a_section_named_search_is_refused() {
    let site = SiteBuilder::new()
        .section("search", "检索", "")
        .file(
            "content/search/a.md",
            doc("甲", "2021-03-01", Some(&index_no(2021, 1)), "", "正文。\n"),
        )
        .build(&[]);
    assert_ne!(site.run.code, 0);
    assert!(site.run.stderr.contains("search"), "{}", site.run.stderr);
}
