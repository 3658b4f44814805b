//! The check report (`--report DIR`, `--format json`) and no false alarm over every fixture
//! document.

use super::*;

// ---------------------------------------------------------------------------------------------
// The report

#[test]
fn the_report_is_self_contained_html_and_the_same_data_as_json() {
    let id = id_number("35010219900101123");
    let site = SiteBuilder::new()
        .section("gzdt", "工作动态", "")
        .section("kong", "空栏目", "")
        .file("wordlist.yaml", WORDLIST)
        .file(
            "content/gzdt/a.md",
            doc(
                "北朝鲜代表团来访",
                "2024-05-01",
                Some(&index_no(2024, 1)),
                "",
                &format!("身份证号{id}。\n"),
            ),
        )
        .create();
    let out = site.root().join("check-report");
    let run = check_with(
        site.root(),
        &[
            "--today",
            "2024-06-01",
            "--format",
            "json",
            "--report",
            out.to_str().unwrap(),
        ],
    );
    run.assert_code(1);
    let json = json_of(&run);
    assert_eq!(
        json,
        serde_json::from_slice::<Value>(&std::fs::read(out.join("report.json")).unwrap()).unwrap()
    );
    assert_eq!(json["today"], "2024-06-01");
    assert_eq!(json["errors"], 3, "{}", run.stderr);
    let rule = |r: &str| {
        json["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["rule"] == r)
            .unwrap()
            .clone()
    };
    assert_eq!(rule("personal_data")["errors"], 1);
    assert_eq!(rule("wording")["errors"], 1);
    assert_eq!(rule("freshness")["errors"], 1);
    assert_eq!(rule("freshness")["warnings"], 2);
    let finding = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "personal_data")
        .unwrap()
        .clone();
    assert_eq!(finding["file"], "content/gzdt/a.md");
    assert_eq!(finding["line"], 8);
    assert_eq!(finding["severity"], "error");
    // The terminal output stays the compiler-style lines.
    assert!(run
        .stderr
        .contains("content/gzdt/a.md:8:5: 错误: 个人信息："));

    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let page = Html::parse_document(&html);
    let sel = |s: &str| Selector::parse(s).unwrap();
    assert!(
        page.select(&sel("script, link, img, iframe"))
            .next()
            .is_none(),
        "self-contained"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no other host"
    );
    assert_eq!(page.select(&sel("h1")).count(), 1);
    let rows: Vec<String> = page
        .select(&sel("table.fresh tbody th"))
        .map(|t| t.text().collect())
        .collect();
    assert_eq!(rows, vec!["工作动态gzdt", "空栏目kong"]);
    assert!(
        page.select(&sel("table.fresh .bar__rule")).next().is_some(),
        "the rule line is drawn"
    );
    // Each finding links to its file, relative to the report, and names the line.
    let links: Vec<_> = page.select(&sel("table.findings a")).collect();
    assert!(!links.is_empty());
    for a in &links {
        let href = a.value().attr("href").unwrap();
        assert!(out.join(href).exists(), "{href}");
    }
    assert!(links
        .iter()
        .any(|a| a.text().collect::<String>() == "content/gzdt/a.md:8:5"));
    let cards: Vec<String> = page
        .select(&sel(".card__n"))
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(cards, vec!["3", json["warnings"].to_string().as_str()]);
}

/// The closing measurement of issue 10: over every fixture document (the reports corpus, the
/// basic fixture site and the example site), with the starter word list, neither 个人信息 nor
/// 错敏词 raises anything.
#[test]
fn no_false_alarms_over_every_fixture_document() {
    let dir = tempfile::tempdir().unwrap();
    let starter = dir.path().join("starter");
    gongkai(["init".as_ref(), starter.as_os_str()]).assert_code(0);
    let list = std::fs::read(starter.join("wordlist.yaml")).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut documents = 0;
    for (name, root) in [
        ("reports", None),
        ("basic", Some(fixtures().join("sites/basic"))),
        ("example", Some(repo.to_path_buf())),
    ] {
        let site = match root {
            Some(root) => {
                let site = SiteBuilder::new().config(None).create();
                copy_dir(&root.join("content"), &site.root().join("content"));
                if root.join("config.yaml").exists() {
                    site.write(
                        "config.yaml",
                        std::fs::read(root.join("config.yaml")).unwrap(),
                    );
                }
                site
            }
            None => {
                let mut b = SiteBuilder::new().section("bg", "政策与报告", "");
                for f in report_files() {
                    let n = f.file_name().unwrap().to_string_lossy().into_owned();
                    b = b.copy(&format!("content/bg/{n}"), &f);
                }
                b.create()
            }
        };
        site.write("wordlist.yaml", &list);
        let run = check_with(site.root(), &["--format", "json"]);
        let json = json_of(&run);
        documents += json["documents"].as_u64().unwrap();
        let alarms: Vec<&Value> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "personal_data" || f["rule"] == "wording")
            .collect();
        assert!(alarms.is_empty(), "{name}: {alarms:#?}");
    }
    assert!(documents >= 30, "{documents} documents read");
}
