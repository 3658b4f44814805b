//! The first hour of a new webmaster: a site from `init` that passes `check` once its 示例 values
//! are replaced, placeholders caught, commands refused outside a site, the command line in
//! Chinese, and the README's command table in step with `--help`.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::Path;

use crate::common::*;

fn init_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    gongkai([OsStr::new("init"), dir.as_os_str()]).assert_code(0);
    (tmp, dir)
}

/// Replaces in the files of `dir` what `init` wrote as 示例 values by a real office's.
fn fill_in(dir: &Path) {
    let replace = |rel: &str| {
        let path = dir.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text
            .replace("示例县ICP备00000000号-1", "苏ICP备05001234号-1")
            .replace(
                "示例县公网安备00000000000000号",
                "苏公网安备32132202000123号",
            )
            .replace("示例县", "沭阳县")
            .replace("shili.example.gov.cn", "www.shuyang.gov.cn")
            .replace("0000000000", "3213220001")
            .replace("0000-0000000", "0527-83588888");
        std::fs::write(&path, text).unwrap();
    };
    replace("config.yaml");
    replace("content/xxgk/qiyong-tongzhi.md");
    write_file(&dir.join("static/img/dzjg.png"), GOV_MARK_PNG);
}

#[test]
fn init_names_every_required_item_and_passes_check_once_filled_in() {
    let (_tmp, dir) = init_site();
    let config = std::fs::read_to_string(dir.join("config.yaml")).unwrap();
    // Every footer item of a government site is present, explained, with the 找错 link.
    for key in [
        "\ntitle:",
        "\nbase_url:",
        "\nsite_id_code:",
        "\norganizer:",
        "\ncontact:",
        "\nicp:",
        "\npolice_beian:",
        "\ngov_mark:",
        "\nfooter_links:",
        "我为政府网站找错",
        "zfwzzc.www.gov.cn",
        "【必填】",
    ] {
        assert!(config.contains(key), "{key}\n{config}");
    }
    // A fresh site fails check: each 示例 value is an error at its line.
    let run = check(&dir);
    run.assert_code(1);
    let errors = run.errors();
    for field in [
        "site_id_code",
        "icp",
        "police_beian",
        "footer_links",
        "base_url",
        "title",
    ] {
        let line = errors
            .iter()
            .find(|l| l.contains(&format!(": 错误: {field}（")))
            .unwrap_or_else(|| panic!("{field}\n{}", run.stderr));
        assert!(line.starts_with("config.yaml:"), "{line}");
        let n: usize = line.split(':').nth(1).unwrap().parse().expect(line);
        let at = config.lines().nth(n - 1).unwrap();
        assert!(
            at.trim_start().starts_with(field) || field == "footer_links",
            "{line}: {at}"
        );
        assert!(line.contains("示例值"), "{line}");
    }
    // build: the same problems are warnings.
    let run = build(&dir, &[]);
    run.assert_code(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    assert!(run.warnings().len() >= 10, "{}", run.stderr);

    fill_in(&dir);
    // The build above published the 示例 document: its corrected 发布机构 is a revision the
    // publication record does not hold yet, and that is all `check` still says.
    let run = check(&dir);
    run.assert_code(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].starts_with("content/xxgk/qiyong-tongzhi.md:")
            && warnings[0].contains("修订尚未记入发布记录"),
        "{}",
        run.stderr
    );
    let run = build(&dir, &[]);
    run.assert_code(0);
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    assert!(run.stderr.contains("0 条警告"), "{}", run.stderr);
    let run = check(&dir);
    run.assert_code(0);
    assert!(
        run.errors().is_empty() && run.warnings().is_empty(),
        "{}",
        run.stderr
    );
}

#[test]
fn init_says_what_to_fill_in_before_publishing() {
    let tmp = tempfile::tempdir().unwrap();
    let run = gongkai([OsStr::new("init"), tmp.path().join("s").as_os_str()]);
    run.assert_code(0);
    for what in [
        "发布前必须",
        "site_id_code",
        "icp",
        "police_beian",
        "gov_mark",
        "找错",
    ] {
        assert!(run.stderr.contains(what), "{what}\n{}", run.stderr);
    }
}

#[test]
fn a_missing_config_key_says_where_to_add_it() {
    let (_tmp, dir) = init_site();
    fill_in(&dir);
    let path = dir.join("config.yaml");
    let config = std::fs::read_to_string(&path).unwrap();
    let without: String = config
        .lines()
        .filter(|l| !l.starts_with("icp:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, without).unwrap();
    let run = check(&dir);
    run.assert_code(1);
    let line = run
        .errors()
        .into_iter()
        .find(|l| l.contains("icp（"))
        .unwrap_or_else(|| panic!("{}", run.stderr))
        .to_string();
    assert!(
        line.contains("没有 icp 这一项") && line.contains("顶格添加") && line.contains("icp: "),
        "{line}"
    );
    // An empty value is shown at its line.
    let emptied = config.replace(
        "police_beian: 苏公网安备32132202000123号",
        "police_beian: \"\"",
    );
    std::fs::write(&path, &emptied).unwrap();
    let run = check(&dir);
    let line = run
        .errors()
        .into_iter()
        .find(|l| l.contains("police_beian（"))
        .unwrap_or_else(|| panic!("{}", run.stderr))
        .to_string();
    let n: usize = line.split(':').nth(1).unwrap().parse().expect(&line);
    assert!(
        emptied
            .lines()
            .nth(n - 1)
            .unwrap()
            .starts_with("police_beian:"),
        "{line}"
    );
}

#[test]
fn placeholders_are_errors_in_check_and_warnings_in_build() {
    let site = SiteBuilder::new()
        .section("xxgk", "信息公开", "")
        .file("content/zcwj/_index.md", "---\ntitle: zcwj\n---\n")
        .file(
            "content/zcwj/a.md",
            doc("关于某事的通知", "2024-01-02", None, "", "正文。\n"),
        )
        .create();
    gongkai([
        OsStr::new("new"),
        OsStr::new("content/xxgk/x.md"),
        OsStr::new("--root"),
        site.root().as_os_str(),
    ])
    .assert_code(0);
    let run = check(site.root());
    run.assert_code(1);
    let errors = run.errors();
    let find = |what: &str| {
        errors
            .iter()
            .find(|l| l.contains(what))
            .unwrap_or_else(|| panic!("{what}\n{}", run.stderr))
            .to_string()
    };
    assert!(find("新文档标题").starts_with("content/xxgk/x.md:2:"));
    assert!(find("正文从这里开始。").starts_with("content/xxgk/x.md:"));
    assert!(find("“zcwj” 是文件夹名").starts_with("content/zcwj/_index.md:2:"));
    let run = build(site.root(), &[]);
    run.assert_code(0);
    let warnings = run.warnings().join("\n");
    for what in ["新文档标题", "正文从这里开始。", "“zcwj” 是文件夹名"] {
        assert!(warnings.contains(what), "{what}\n{}", run.stderr);
    }
}

#[test]
fn site_id_code_of_zeros_is_caught() {
    let site = SiteBuilder::new()
        .config(Some(&CONFIG.replace("\"1234567890\"", "\"0000000000\"")))
        .create();
    let run = check(site.root());
    run.assert_code(1);
    assert!(
        run.errors()
            .iter()
            .any(|l| l.starts_with("config.yaml:3:1: 错误: site_id_code")),
        "{}",
        run.stderr
    );
}

#[test]
fn commands_outside_a_site_are_refused_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(root.join("a.docx"), b"not a docx").unwrap();
    let r = root.display().to_string();
    let docx = root.join("a.docx").display().to_string();
    let key = root.join("k/site.key").display().to_string();
    let runs: Vec<Vec<&str>> = vec![
        vec!["new", "content/xxgk/a.md", "--root", &r],
        vec!["build", "--root", &r],
        vec!["check", "--root", &r],
        vec!["serve", "--port", "0", "--root", &r],
        vec!["build", "--watch", "--root", &r],
        vec!["import", &docx, "--section", "xxgk", "--root", &r],
        vec!["keygen", "--root", &r, "--secret-key", &key],
    ];
    for args in runs {
        let run = gongkai(&args);
        run.assert_code(1);
        assert!(
            run.stderr.contains("不是 gongkai 站点") && run.stderr.contains("没有 config.yaml"),
            "{args:?}\n{}",
            run.stderr
        );
        let names: Vec<String> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.docx"], "{args:?} wrote files");
    }
}

/// The subcommands, as `gongkai --help` lists them.
fn subcommands() -> Vec<String> {
    let run = gongkai(["--help"]);
    run.assert_code(0);
    let listing = run.stdout.split("命令：\n").nth(1).expect("命令 heading");
    listing
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

/// The long options of `gongkai COMMAND --help` (without `--help`); for a command with
/// subcommands (`review approve|reject|list`), those of all its subcommands.
fn options_of(command: &str) -> BTreeSet<String> {
    let mut args: Vec<&str> = command.split_whitespace().collect();
    args.push("--help");
    let run = gongkai(args);
    run.assert_code(0);
    let mut found: BTreeSet<String> = BTreeSet::new();
    if let Some(listing) = run.stdout.split("命令：\n").nth(1) {
        let subcommands = listing
            .lines()
            .take_while(|l| !l.trim().is_empty())
            .filter_map(|l| l.split_whitespace().next())
            .filter(|name| *name != "help");
        for sub in subcommands {
            found.extend(options_of(&format!("{command} {sub}")));
        }
    }
    let Some(options) = run.stdout.split("选项：\n").nth(1) else {
        return found;
    };
    found.extend(
        options
            .lines()
            .filter_map(|l| {
                l.split_whitespace()
                    .find(|w| w.starts_with("--"))
                    .map(|w| w.trim_end_matches(',').to_string())
            })
            .filter(|o| o != "--help"),
    );
    found
}

#[test]
fn help_and_parser_errors_of_every_command_are_chinese() {
    const ENGLISH: [&str; 12] = [
        "Usage",
        "Options",
        "Arguments",
        "Commands",
        "error:",
        "tip:",
        "Print help",
        "default",
        "For more information",
        "possible values",
        "[OPTIONS]",
        "unexpected argument",
    ];
    let check_words = |what: &str, run: &Run| {
        let all = format!("{}{}", run.stdout, run.stderr);
        for word in ENGLISH {
            assert!(!all.contains(word), "{what}: {word}\n{all}");
        }
    };
    let commands = subcommands();
    assert!(commands.len() >= 8, "{commands:?}");
    check_words("--help", &gongkai(["--help"]));
    check_words("(none)", &gongkai::<[&str; 0], &str>([]));
    let typo = gongkai(["buidl"]);
    typo.assert_code(2);
    check_words("buidl", &typo);
    assert!(
        typo.stderr.contains("错误：") && typo.stderr.contains("build"),
        "{}",
        typo.stderr
    );
    for command in &commands {
        let help = gongkai([command.as_str(), "--help"]);
        help.assert_code(0);
        check_words(command, &help);
        assert!(help.stdout.contains("用法："), "{}", help.stdout);
        let unknown = gongkai([command.as_str(), "--no-such-option"]);
        unknown.assert_code(2);
        check_words(command, &unknown);
        assert!(
            unknown.stderr.contains("--no-such-option"),
            "{}",
            unknown.stderr
        );
        // Every option given without its value, where it takes one.
        for option in options_of(command) {
            let run = gongkai([command.as_str(), option.as_str(), "--help"]);
            check_words(&format!("{command} {option}"), &run);
        }
    }
    let bad_value = gongkai(["serve", "--port", "abc"]);
    bad_value.assert_code(2);
    check_words("serve --port abc", &bad_value);
    let missing = gongkai(["init"]);
    missing.assert_code(2);
    check_words("init", &missing);
    assert!(missing.stderr.contains("缺少"), "{}", missing.stderr);
}

#[test]
fn readme_command_table_lists_every_option_of_every_command() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("## Commands")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("## Commands");
    for command in subcommands() {
        let prefix = format!("| `gongkai {command}");
        let documented: BTreeSet<String> = section
            .lines()
            .filter(|l| l.starts_with(&prefix) && l[prefix.len()..].starts_with([' ', '`']))
            .flat_map(|l| {
                let cell = l.split(" | ").next().unwrap_or_default();
                cell.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .filter(|w| w.starts_with("--") && w.len() > 2)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        let actual = options_of(&command);
        assert!(
            section.lines().any(|l| l.starts_with(&prefix)),
            "README has no row for gongkai {command}"
        );
        assert_eq!(
            documented, actual,
            "README's row(s) for gongkai {command} and `gongkai {command} --help` differ"
        );
    }
}

#[test]
fn init_values_written_differently_are_still_caught() {
    let (_tmp, dir) = init_site();
    fill_in(&dir);
    let path = dir.join("config.yaml");
    let filled = std::fs::read_to_string(&path).unwrap();
    // init's values again, with full-width digits, spaces, another case, no scheme or slash
    let text = filled
        .replace("\"3213220001\"", "\"０００００００００００\"")
        .replace("https://www.shuyang.gov.cn/", "HTTP://Shili.Example.gov.cn")
        .replace(
            "organizer: 沭阳县人民政府办公室",
            "organizer: 示 例 县人民政府办公室",
        );
    std::fs::write(&path, &text).unwrap();
    let run = check(&dir);
    run.assert_code(1);
    for key in ["site_id_code", "base_url", "organizer"] {
        let line = run
            .errors()
            .into_iter()
            .find(|l| l.contains(&format!(" {key}（")) && l.contains("示例值"))
            .unwrap_or_else(|| panic!("{key}\n{}", run.stderr))
            .to_string();
        let n: usize = line.split(':').nth(1).unwrap().parse().expect(&line);
        assert!(text.lines().nth(n - 1).unwrap().starts_with(key), "{line}");
    }
    // Without base_url: a warning at the line after title, saying what to add there.
    let without: String = (filled.lines())
        .filter(|l| !l.starts_with("base_url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, &without).unwrap();
    let run = build(&dir, &[]);
    let line = (run.warnings().into_iter())
        .find(|l| l.contains("base_url（"))
        .unwrap_or_else(|| panic!("{}", run.stderr))
        .to_string();
    let title = without
        .lines()
        .position(|l| l.starts_with("title:"))
        .unwrap()
        + 1;
    assert!(
        line.starts_with(&format!("config.yaml:{}:1: ", title + 1))
            && line.contains(&format!("请在第 {} 行顶格添加", title + 1)),
        "{line}"
    );
}

#[test]
fn placeholders_edited_in_part_are_still_caught() {
    let site = SiteBuilder::new()
        .section("xxgk", "信息公开", "")
        .file("content/zcwj/_index.md", "---\ntitle: \"ZCWJ\"\n---\n")
        .file(
            "content/xxgk/a.md",
            doc(
                "新文档标题（修改中）",
                "2024-01-02",
                None,
                "",
                "正文从这里开始，关于某事。\n",
            ),
        )
        .create();
    let run = check(site.root());
    run.assert_code(1);
    let errors = run.errors().join("\n");
    for what in ["新文档标题", "正文从这里开始", "“zcwj” 是文件夹名"] {
        assert!(errors.contains(what), "{what}\n{}", run.stderr);
    }
}
