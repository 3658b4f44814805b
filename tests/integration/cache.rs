//! The persistent build cache (`.gongkai/cache/`): random sequences of edits, each built into
//! the previous output with the cache, give byte for byte the output of a clean build of the
//! same site, also after a build that failed (the output is left as it was) or that was killed
//! midway (the next build finishes or redoes its work); a damaged cache is ignored with a
//! warning; an edit re-renders only its pages.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::Config as RunnerConfig;

use crate::common::*;

/// Documents of the generated site (some are deleted or renamed by edits).
const DOCS: usize = 5;

/// `--today` values the edits choose between; document dates fall on both sides of them.
const TODAYS: [&str; 2] = ["2024-06-01", "2024-06-20"];
const DATES: [&str; 4] = ["2024-05-01", "2024-06-10", "2024-06-25", "2023-12-31"];
const RELATIONS: [&str; 3] = ["interprets", "amends", "replaces"];

/// One document as the edits leave it.
#[derive(Debug, Clone)]
struct Doc {
    /// Path below `content/`.
    path: String,
    title: String,
    date: &'static str,
    body: String,
    /// A relation to another document (kind, that document's number).
    relation: Option<(&'static str, usize)>,
    /// Its front matter is broken (the build fails).
    broken: bool,
    /// It lists the attachment `f{number}.txt` beside it.
    attachment: Option<usize>,
    /// Its `slug` (the last part of its address), when it sets one.
    slug: Option<u8>,
    /// Saved as on Windows: a byte-order mark and CRLF line ends.
    crlf: bool,
}

/// The whole site as the edits leave it.
#[derive(Debug, Clone)]
struct State {
    docs: Vec<Option<Doc>>,
    config_title: String,
    /// A comment the site's override of the footer template ends with, if it has one.
    theme: Option<String>,
    today: &'static str,
    /// The title of section `s` (shown on its documents' pages).
    section_title: String,
    /// The number of bytes of each attachment file (its size shows on the pages listing it).
    attachment_sizes: [usize; 2],
    /// The intro paragraph of section `s` (on its first listing page), if it has one.
    intro: Option<u8>,
    /// Documents per listing page of section `s`, when it sets its own (few: several pages).
    page_size: Option<u8>,
}

/// One edit a webmaster makes between two builds.
#[derive(Debug, Clone)]
enum Edit {
    Body(usize, u8),
    Title(usize, u8),
    Date(usize, usize),
    Relation(usize, Option<(usize, usize)>),
    Config(u8),
    Theme(Option<u8>),
    Today(usize),
    /// Renames section `s`.
    Section(u8),
    /// Makes a document list an attachment file (or none).
    Attach(usize, Option<usize>),
    /// Changes an attachment file's size (not any document).
    AttachmentSize(usize, u16),
    /// Sets or drops a document's `slug`: its address changes, its file does not (the first
    /// document links to the fourth, so its body shows the fourth's address).
    Slug(usize, Option<u8>),
    Delete(usize),
    Rename(usize),
    /// Breaks or mends a document's front matter.
    Break(usize),
    /// Sets or drops section `s`'s intro.
    Intro(Option<u8>),
    /// Sets or drops section `s`'s page size.
    PageSize(Option<u8>),
    /// Saves a document with Windows line ends and a byte-order mark, or back.
    LineEnds(usize),
    /// Adds to a body, and the build after it is killed this many milliseconds after it
    /// starts (before the build that is compared).
    Killed(usize, u16),
}

fn edit() -> impl Strategy<Value = Edit> {
    let doc = 0..DOCS;
    prop_oneof![
        (doc.clone(), any::<u8>()).prop_map(|(d, n)| Edit::Body(d, n)),
        (doc.clone(), any::<u8>()).prop_map(|(d, n)| Edit::Title(d, n)),
        (doc.clone(), 0..DATES.len()).prop_map(|(d, k)| Edit::Date(d, k)),
        (
            doc.clone(),
            proptest::option::of((0..RELATIONS.len(), 0..DOCS))
        )
            .prop_map(|(d, r)| Edit::Relation(d, r)),
        any::<u8>().prop_map(Edit::Config),
        proptest::option::of(any::<u8>()).prop_map(Edit::Theme),
        (0..TODAYS.len()).prop_map(Edit::Today),
        any::<u8>().prop_map(Edit::Section),
        (doc.clone(), proptest::option::of(0..2usize)).prop_map(|(d, a)| Edit::Attach(d, a)),
        (0..2usize, 1..3000u16).prop_map(|(a, n)| Edit::AttachmentSize(a, n)),
        (doc.clone(), proptest::option::of(any::<u8>())).prop_map(|(d, n)| Edit::Slug(d, n)),
        doc.clone().prop_map(Edit::Delete),
        doc.clone().prop_map(Edit::Rename),
        doc.clone().prop_map(Edit::Break),
        proptest::option::of(any::<u8>()).prop_map(Edit::Intro),
        proptest::option::of(1..4u8).prop_map(Edit::PageSize),
        doc.clone().prop_map(Edit::LineEnds),
        (doc, 0..600u16).prop_map(|(d, ms)| Edit::Killed(d, ms)),
    ]
}

impl State {
    fn new() -> State {
        let docs = (0..DOCS)
            .map(|i| {
                Some(Doc {
                    path: format!("{}/d{i}.md", if i % 2 == 0 { "s" } else { "t" }),
                    title: format!("关于第{i}项工作的通知"),
                    date: DATES[i % DATES.len()],
                    body: format!("一、总体要求\n\n第{i}项工作的正文。\n"),
                    relation: None,
                    broken: false,
                    attachment: None,
                    slug: None,
                    crlf: false,
                })
            })
            .collect();
        State {
            docs,
            config_title: "示例市测试局".into(),
            theme: None,
            today: TODAYS[0],
            section_title: "通知公告".into(),
            attachment_sizes: [10, 2000],
            intro: None,
            page_size: None,
        }
    }

    fn apply(&mut self, edit: &Edit) {
        match *edit {
            Edit::Body(d, n) => self.doc(d, |doc| doc.body.push_str(&format!("\n补充第{n}段。\n"))),
            Edit::Killed(d, ms) => self.doc(d, |doc| doc.body.push_str(&format!("\n第{ms}段。\n"))),
            Edit::Break(d) => self.doc(d, |doc| doc.broken = !doc.broken),
            Edit::Title(d, n) => self.doc(d, |doc| doc.title = format!("关于第{n}项调整的通知")),
            Edit::Date(d, k) => self.doc(d, |doc| doc.date = DATES[k]),
            Edit::Relation(d, r) => self.doc(d, |doc| {
                doc.relation = r.filter(|&(_, t)| t != d).map(|(k, t)| (RELATIONS[k], t));
            }),
            Edit::Config(n) => self.config_title = format!("示例市测试局{n}"),
            Edit::Theme(t) => self.theme = t.map(|n| format!("<!-- 第{n}版 -->")),
            Edit::Today(k) => self.today = TODAYS[k],
            Edit::Section(n) => self.section_title = format!("通知公告{n}"),
            Edit::Attach(d, a) => self.doc(d, |doc| doc.attachment = a),
            Edit::AttachmentSize(a, n) => self.attachment_sizes[a] = n.into(),
            Edit::Slug(d, n) => self.doc(d, |doc| doc.slug = n),
            Edit::Intro(n) => self.intro = n,
            Edit::PageSize(n) => self.page_size = n,
            Edit::LineEnds(d) => self.doc(d, |doc| doc.crlf = !doc.crlf),
            Edit::Delete(d) => {
                self.docs[d] = None;
                for doc in self.docs.iter_mut().flatten() {
                    doc.relation = doc.relation.filter(|&(_, t)| t != d);
                }
            }
            Edit::Rename(d) => {
                let renamed = self.docs[d]
                    .as_ref()
                    .map(|doc| doc.path.replace(".md", "-x.md"));
                self.doc(d, |doc| doc.path = renamed.clone().unwrap_or_default());
            }
        }
    }

    fn doc(&mut self, d: usize, change: impl FnOnce(&mut Doc)) {
        if let Some(doc) = &mut self.docs[d] {
            change(doc);
        }
    }

    /// Every input file of the site, by path below the root.
    fn files(&self) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        files.insert(
            "config.yaml".into(),
            CONFIG.replacen("示例市测试局", &self.config_title, 1),
        );
        for (dir, title) in [("s", self.section_title.as_str()), ("t", "政策文件")] {
            let (size, intro) = match dir {
                "s" => (
                    (self.page_size).map(|n| format!("page_size: {n}\n")),
                    (self.intro).map(|n| format!("\n本栏目发布第{n}类通知。\n")),
                ),
                _ => (None, None),
            };
            files.insert(
                format!("content/{dir}/_index.md"),
                format!(
                    "---\ntitle: {title}\n{}---\n{}",
                    size.unwrap_or_default(),
                    intro.unwrap_or_default()
                ),
            );
        }
        for (i, doc) in self.docs.iter().enumerate() {
            let Some(doc) = doc else { continue };
            let relation = doc
                .relation
                .and_then(|(kind, t)| Some((kind, self.docs[t].as_ref()?)))
                .map(|(kind, t)| format!("{kind}: {}\n", t.path))
                .unwrap_or_default()
                + &doc
                    .attachment
                    .map(|a| format!("attachments:\n  - {{title: 附件, file: f{a}.txt}}\n"))
                    .unwrap_or_default()
                + &doc
                    .slug
                    .map(|n| format!("slug: w{n}\n"))
                    .unwrap_or_default();
            let link = match (i, self.docs.get(3)) {
                (0, Some(Some(fourth))) => format!("\n见[第3项](../{})。\n", fourth.path),
                _ => String::new(),
            };
            let body = doc.body.clone() + &link;
            let no = index_no(2024, i as u32 + 1);
            let text = super::common::doc(&doc.title, doc.date, Some(&no), &relation, &body);
            let text = if doc.broken {
                text.replacen("title:", "title: [", 1)
            } else {
                text
            };
            let text = if doc.crlf {
                format!("\u{feff}{}", text.replace('\n', "\r\n"))
            } else {
                text
            };
            files.insert(format!("content/{}", doc.path), text);
        }
        for dir in ["s", "t"] {
            for (a, size) in self.attachment_sizes.iter().enumerate() {
                files.insert(
                    format!("content/{dir}/f{a}.txt"),
                    "附".repeat(*size / 3 + 1),
                );
            }
        }
        if let Some(comment) = &self.theme {
            let footer = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes/gov/templates/partials/footer.html");
            let text = std::fs::read_to_string(footer).expect("theme footer");
            files.insert(
                "themes/gov/templates/partials/footer.html".into(),
                text + comment,
            );
        }
        files
    }
}

/// Makes the files below `root` those of `files`: writes what differs, deletes what is gone.
fn sync(root: &Path, before: &BTreeMap<String, String>, files: &BTreeMap<String, String>) {
    for rel in before.keys().filter(|rel| !files.contains_key(*rel)) {
        std::fs::remove_file(root.join(rel)).expect("delete");
    }
    for (rel, text) in files {
        if before.get(rel) != Some(text) {
            write_file(&root.join(rel), text.as_bytes());
        }
    }
}

/// Builds the state from scratch in a new folder: its exit code and output (none when it failed).
fn clean_build(state: &State) -> (i32, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().expect("tempdir");
    sync(dir.path(), &BTreeMap::new(), &state.files());
    let run = build(dir.path(), &["--today", state.today]);
    let public = dir.path().join("public");
    (
        run.code,
        if public.exists() {
            read_tree(&public)
        } else {
            BTreeMap::new()
        },
    )
}

/// Applies `edits` one by one, building after each into the previous output with the cache,
/// and compares each result with a clean build of the same site.
fn check_edits(edits: &[Edit]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut state = State::new();
    let mut files = state.files();
    sync(dir.path(), &BTreeMap::new(), &files);
    build(dir.path(), &["--today", state.today]).assert_code(0);
    for edit in edits {
        state.apply(edit);
        let next = state.files();
        sync(dir.path(), &files, &next);
        files = next;
        if let Edit::Killed(_, ms) = edit {
            killed_build(dir.path(), state.today, *ms);
        }
        let before = read_tree(&dir.path().join("public"));
        let run = build(dir.path(), &["--today", state.today]);
        let (code, clean) = clean_build(&state);
        prop_assert_eq!(run.code, code, "{}", run.stderr);
        let cached = read_tree(&dir.path().join("public"));
        if code != 0 {
            prop_assert!(
                cached == before,
                "a failed build changed the output after {:?}",
                edit
            );
        }
        if code == 0 {
            let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
            prop_assert_eq!(names(&cached), names(&clean));
            for (rel, bytes) in &clean {
                prop_assert!(cached[rel] == *bytes, "{} differs after {:?}", rel, edit);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(RunnerConfig { cases: 8, ..RunnerConfig::default() })]

    #[test]
    fn builds_through_the_cache_equal_clean_builds(edits in proptest::collection::vec(edit(), 1..5)) {
        check_edits(&edits)?;
    }
}

/// Edits that change a document page through another document or a file beside it, never
/// through its own source (what random sequences reach only now and then): each is a case of
/// the property above, run every time.
#[test]
fn edits_seen_only_on_other_pages_are_rebuilt() {
    let cases = [
        // d3 amends d4: d4's page says it was amended.
        vec![Edit::Relation(3, Some((1, 4)))],
        // d0 lists f1.txt, whose size then changes.
        vec![Edit::Attach(0, Some(1)), Edit::AttachmentSize(1, 2500)],
        // The section's title shows on its documents' pages.
        vec![Edit::Section(7)],
        // A date crossing --today holds d1 back, then publishes it again.
        vec![Edit::Date(1, 2), Edit::Today(1)],
        // d3's address changes, not its file: d0's body links to it.
        vec![Edit::Slug(3, Some(5)), Edit::Slug(3, None)],
    ];
    for edits in cases {
        if let Err(e) = check_edits(&edits) {
            panic!("{e}");
        }
    }
}

/// Starts `gongkai build` of the site at `root` and kills it `ms` milliseconds later (or lets it
/// end, when it is done before).
fn killed_build(root: &Path, today: &str, ms: u16) {
    let mut child = std::process::Command::new(BIN)
        .args(["build", "--today", today, "--root"])
        .arg(root)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run gongkai");
    std::thread::sleep(std::time::Duration::from_millis(ms.into()));
    let _ = child.kill();
    child.wait().expect("wait for gongkai");
}

#[test]
fn a_damaged_or_foreign_cache_is_ignored_with_a_warning_and_replaced() {
    let mut site = one_document().build(&[]);
    site.run.assert_code(0);
    let output = site.output();
    // Page keys, the index of kept bodies, the kept search index, checked front matter.
    for name in ["pages.bin", "bodies.idx", "search.bin", "fronts.bin"] {
        let cache = site.root().join(".gongkai/cache").join(name);
        let good = std::fs::read(&cache).expect("the build wrote its cache");
        let mut damaged = good.clone();
        let middle = damaged.len() / 2;
        damaged[middle] ^= 0xff;
        for (bytes, reason) in [(damaged, "已损坏"), (foreign(&good), "另一版本")] {
            std::fs::write(&cache, &bytes).expect("write cache");
            site.write(
                "content/s/a.md",
                doc(
                    "通知（修订）",
                    "2021-01-05",
                    Some(&index_no(2021, 1)),
                    "",
                    "正文。\n",
                ),
            );
            let run = site.build(&[]);
            run.assert_code(0);
            assert!(
                run.warnings()
                    .iter()
                    .any(|w| w.contains(name) && w.contains("构建缓存") && w.contains(reason)),
                "{name}: {}",
                run.stderr
            );
            assert!(
                std::fs::read(&cache).unwrap() != bytes,
                "{name} is written again"
            );
            let run = site.build(&[]);
            assert!(!run.stderr.contains("构建缓存"), "{name}: {}", run.stderr);
        }
    }
    assert_ne!(site.output(), output, "the edit is published");
}

#[test]
fn front_matter_taken_from_the_cache_has_the_same_problems() {
    let mut site = one_document().build(&[]);
    let extra = "colour: 红\nsumary: 拼错的字段名\n";
    let text = doc(
        "第二篇",
        "2021-01-06",
        Some(&index_no(2021, 2)),
        extra,
        "正文。\n",
    );
    site.write("content/s/b.md", text);
    let first = site.build(&[]);
    first.assert_code(0);
    let store = site.root().join(".gongkai/cache/fronts.bin");
    let written = || {
        std::fs::metadata(&store)
            .and_then(|m| m.modified())
            .unwrap()
    };
    let before = written();
    let second = site.build(&[]);
    second.assert_code(0);
    assert_eq!(
        written(),
        before,
        "every entry was taken from the store, which is not written again"
    );
    let of = |run: &Run| -> Vec<String> {
        let lines = run.warnings().into_iter().filter(|w| w.contains("b.md"));
        lines.map(str::to_string).collect()
    };
    assert!(of(&first).len() >= 2, "{}", first.stderr);
    assert_eq!(of(&first), of(&second));
    assert_eq!(first.code, second.code);
    assert!(
        !second.stderr.contains("构建缓存"),
        "the cache was used: {}",
        second.stderr
    );
}

#[test]
fn an_edit_renders_only_the_pages_it_changes() {
    let mut site = SiteBuilder::fixture("basic").build(&[]);
    site.run.assert_code(0);
    let run = site.build(&[]);
    let pages = count_before(&run.stderr, " 个页面（含关怀版）");
    let reused = count_before(&run.stderr, " 个页面沿用缓存");
    assert_eq!(
        reused, pages,
        "a build with no change renders no page: {}",
        run.stderr
    );
    let doc = std::fs::read_dir(site.root().join("content/tzgg"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .unwrap();
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, format!("{text}\n新增的一段正文。\n")).unwrap();
    let run = site.build(&[]);
    run.assert_code(0);
    let reused = count_before(&run.stderr, " 个页面沿用缓存");
    assert!(
        reused < pages && reused * 10 > pages * 8,
        "{reused} of {pages} pages reused: {}",
        run.stderr
    );
}

/// The number in the build summary just before `words`.
fn count_before(stderr: &str, words: &str) -> usize {
    let end = stderr
        .find(words)
        .unwrap_or_else(|| panic!("no “{words}” in {stderr}"));
    let digits: String = stderr[..end]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .collect();
    digits
        .chars()
        .rev()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("a count")
}

/// The cache file `good` as another build of gongkai would have written it: another name in
/// its header, a checksum that matches.
fn foreign(good: &[u8]) -> Vec<u8> {
    use sha2::Digest as _;
    let mut body = good[..good.len() - 32].to_vec();
    // After the first line (the format) comes the writer's name, length-prefixed.
    let name = good
        .iter()
        .position(|&b| b == b'\n')
        .expect("a format line")
        + 1
        + 8;
    assert_eq!(&body[name..name + 7], b"gongkai");
    body[name] = b'G';
    let sum = sha2::Sha256::digest(&body);
    body.extend_from_slice(&sum);
    body
}
