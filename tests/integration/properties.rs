//! Property tests: random inputs through every parser of user text, a bounded number of cases on
//! every `cargo test` (the fuzz targets in `fuzz/` run the same `gongkai::harness` entry points
//! for longer). Inputs mix arbitrary Unicode with the characters each parser looks for, so that
//! multi-byte characters land next to the places where text is cut.

use gongkai::config::Config;
use gongkai::content::date::DocDate;
use gongkai::diagnostics::Diagnostics;
use gongkai::harness;
use proptest::prelude::*;
use proptest::test_runner::Config as RunnerConfig;

/// Cases per property.
const CASES: u32 = 256;

fn runner() -> RunnerConfig {
    RunnerConfig {
        cases: CASES,
        ..RunnerConfig::default()
    }
}

/// Text of arbitrary characters, or of `alphabet` (the characters a parser reacts to) mixed
/// with multi-byte ones.
fn text(alphabet: &str, max: usize) -> BoxedStrategy<String> {
    let chars: Vec<char> = alphabet
        .chars()
        .chain("中文　０é🎉\u{feff}".chars())
        .collect();
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(chars), 0..max)
            .prop_map(|v| v.into_iter().collect()),
        proptest::string::string_regex(&format!(".{{0,{max}}}")).expect("valid pattern"),
    ]
    .boxed()
}

const DATE_CHARS: &str = "0123456789０１２９〇○零一二三四五六七八九十年月日号-./:+TZ ";
const NUMBERING_CHARS: &str = "一二三四五六七八九十百零〇（）()、.．。：:，第章节条 1234567890\n";
const INDEX_NO_CHARS: &str = "0123456789ABCXx/-_.〔〕[]【】（）第号国办发";
const PATH_CHARS: &str = "/.%2fF5cC0\\aé";
const MARKDOWN_CHARS: &str = "#*-_[]()!<>`|:/.\n一、（）第条\\&;";

/// Front matter in the shape webmasters write, with values from `DATE_CHARS` and arbitrary text.
fn document_text() -> impl Strategy<Value = String> {
    let keys = proptest::sample::select(vec![
        "title",
        "标题",
        "issuer",
        "date",
        "发布日期",
        "written_on",
        "成文日期",
        "index_no",
        "doc_no",
        "topics",
        "validity",
        "validity_date",
        "attachments",
        "numbering",
        "slug",
        "signature",
        "extra",
    ]);
    let value = prop_oneof![
        text(DATE_CHARS, 24),
        text(INDEX_NO_CHARS, 30),
        text("[]{}:-\"' ,", 20)
    ];
    let fields = proptest::collection::vec((keys, value), 0..8);
    (fields, text(MARKDOWN_CHARS, 200)).prop_map(|(fields, body)| {
        let yaml: String = fields.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
        format!("---\n{yaml}---\n{body}")
    })
}

proptest! {
    #![proptest_config(runner())]

    #[test]
    fn dates_never_panic_and_read_back(s in text(DATE_CHARS, 30)) {
        harness::date(&s);
    }

    #[test]
    fn chinese_numeral_dates_are_the_dates_they_say(
        y in 1000i16..=9999, m in 1i8..=12, d in 1i8..=28, full_width in any::<bool>()
    ) {
        let written = format!(
            "{}年{}月{}日",
            digits_in_chinese(y as u32),
            number_in_chinese(m as u32),
            number_in_chinese(d as u32)
        );
        let parsed = DocDate::parse(&written).map(|p| p.ymd());
        prop_assert_eq!(parsed, Ok(format!("{y:04}-{m:02}-{d:02}")), "{}", written);
        let digits = format!("{y}年{m}月{d}日");
        let digits = if full_width { to_full_width(&digits) } else { digits };
        let parsed = DocDate::parse(&digits).map(|p| p.ymd());
        prop_assert_eq!(parsed, Ok(format!("{y:04}-{m:02}-{d:02}")), "{}", digits);
    }

    #[test]
    fn documents_never_panic(s in document_text()) {
        harness::document(s.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_as_a_document_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        harness::document(&bytes);
    }

    #[test]
    fn section_indexes_never_panic(s in document_text()) {
        harness::section_index(s.as_bytes());
    }

    #[test]
    fn index_and_doc_numbers_never_panic(s in text(INDEX_NO_CHARS, 40)) {
        harness::index_no(&s);
    }

    #[test]
    fn numbering_never_panics(s in text(NUMBERING_CHARS, 80)) {
        harness::numbering(&s);
    }

    #[test]
    fn links_never_panic(s in text(PATH_CHARS, 30)) {
        harness::link(&s);
    }

    #[test]
    fn serve_paths_stay_inside_the_output(s in text(PATH_CHARS, 30)) {
        harness::serve_path(&s);
    }

    #[test]
    fn config_files_never_panic(s in config_text()) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("config.yaml"), &s).expect("write config.yaml");
        Config::load(dir.path(), &mut Diagnostics::new());
        harness::config(&s);
    }
}

/// `config.yaml` text: known keys with odd values, or arbitrary text.
fn config_text() -> impl Strategy<Value = String> {
    let keys = proptest::sample::select(vec![
        "title",
        "base_url",
        "site_id_code",
        "index_no_prefix",
        "index_no_pattern",
        "footer_links",
        "contact",
        "gov_mark",
        "numbering",
        "page_size",
        "issuer",
    ]);
    let value = prop_oneof![
        text("https://ex.gov.cn/[]{}:-\"' ,", 30),
        text(INDEX_NO_CHARS, 20),
        Just("\n  - {title: 网站地图, url: /sitemap/}".to_string()),
    ];
    prop_oneof![
        proptest::collection::vec((keys, value), 0..8)
            .prop_map(|f| f.iter().map(|(k, v)| format!("{k}: {v}\n")).collect()),
        text("[]{}:-\n #'\"", 80),
    ]
}

/// `2021` → `二〇二一`.
fn digits_in_chinese(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|c| {
            "〇一二三四五六七八九"
                .chars()
                .nth(c as usize - '0' as usize)
                .unwrap_or('?')
        })
        .collect()
}

/// `25` → `二十五`, `10` → `十`, `9` → `九` (1–99).
fn number_in_chinese(n: u32) -> String {
    let digit = |d: u32| digits_in_chinese(d);
    match (n / 10, n % 10) {
        (0, ones) => digit(ones),
        (tens, ones) => {
            let tens = if tens == 1 {
                String::new()
            } else {
                digit(tens)
            };
            let ones = if ones == 0 {
                String::new()
            } else {
                digit(ones)
            };
            format!("{tens}十{ones}")
        }
    }
}

/// ASCII digits as full-width ones.
fn to_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xfee0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Every input kept in `fuzz/corpus/TARGET/` (the seeds from the fixtures and the inputs that
/// made a fuzzing run fail, once fixed) goes through its target without a panic.
#[test]
fn fuzz_corpus_inputs_pass() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut failures = Vec::new();
    for (name, target) in harness::TARGETS {
        let dir = root.join(name);
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let mut count = 0;
        for entry in entries {
            let path = entry.expect("corpus entry").path();
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            count += 1;
            if std::panic::catch_unwind(|| target(&bytes)).is_err() {
                failures.push(path.display().to_string());
            }
        }
        assert!(count > 0, "{}: no seed inputs", dir.display());
    }
    assert!(failures.is_empty(), "inputs that fail: {failures:#?}");
}
