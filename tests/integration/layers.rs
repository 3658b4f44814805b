//! The layers of `src/`: a module may use only the modules of the layers below its own, so that
//! the model (diagnostics, config, content, output types) stands on its own, the features
//! (markdown, lifecycle, inspection, search, rendering, import, …) stand on the model, and the
//! drivers (pipeline, watch, serve, the commands) on both. Every `crate::` path in the code (not
//! in comments) of every source file is checked; an upward one fails the test with its place.
//!
//! `cargo test --test integration layers -- --nocapture` prints the arrows between modules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers, lowest first: each entry is a layer's name and the top-level modules in it.
/// Modules of one layer do not use each other.
const LAYERS: &[(&str, &[&str])] = &[
    ("base", &["text", "fs", "url", "memory"]),
    ("model: diagnostics", &["diagnostics"]),
    ("model: calendar", &["calendar"]),
    ("model: config", &["config"]),
    ("model: output", &["output"]),
    ("model: content", &["content"]),
    ("feature: manifest and signatures", &["manifest"]),
    ("feature: markdown", &["markdown"]),
    ("feature: theme, import", &["theme", "import"]),
    ("feature: page map", &["pagemap"]),
    ("feature: publication record", &["record"]),
    ("feature: lifecycle", &["lifecycle"]),
    (
        "feature: register, review, website report",
        &["register", "review", "website_report"],
    ),
    ("feature: inspect", &["inspect"]),
    ("feature: search", &["search"]),
    ("feature: render", &["render"]),
    (
        "feature: precompress, build cache",
        &["precompress", "cache"],
    ),
    ("driver: pipeline", &["pipeline"]),
    ("driver: watch", &["watch"]),
    ("driver: serve hosts", &["serve_hosts"]),
    ("driver: serve", &["serve"]),
    ("driver: command line", &["cli"]),
    ("driver: command line in Chinese", &["cli_zh"]),
    ("driver: editor", &["edit"]),
    ("driver: verify", &["verify"]),
    ("driver: deploy", &["deploy"]),
    ("driver: commands", &["cmd", "harness"]),
];

/// Upward arrows that are known and still to be removed: none. An arrow listed here would be
/// allowed until it is gone (the test fails on one that no longer exists, so the list only
/// shrinks).
const KNOWN: &[(&str, &str)] = &[];

/// The layer of a top-level module.
fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&module))
}

/// The top-level module a source file belongs to (`src/content/tree.rs` → `content`,
/// `src/watch_tests.rs` → `watch`); `None` for the crate root.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").trim_end_matches("_tests");
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// The top-level modules a line of code names through `crate::` (`crate::a::b`, `crate::{a, b}`).
fn named_modules(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or_default();
            for part in group.split(',') {
                let name: String = (part.trim().chars())
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                found.push(name);
            }
        } else {
            let name: String = (rest.chars())
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push(name);
        }
    }
    found.retain(|n| !n.is_empty() && n != "self");
    found
}

/// Every use of a module of the same or a higher layer: (file:line, from, to).
fn upward_uses(src: &Path) -> Vec<(String, String, String)> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let Some(from) = module_of(src, &file) else {
            continue;
        };
        let from_layer = layer(&from).unwrap_or_else(|| panic!("module {from} has no layer"));
        let text = std::fs::read_to_string(&file).expect("read source");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for to in named_modules(code) {
                if to == from {
                    continue;
                }
                let to_layer = layer(&to).unwrap_or_else(|| panic!("module {to} has no layer"));
                if to_layer >= from_layer {
                    let place = format!("{}:{}", file.display(), n + 1);
                    found.push((place, from.clone(), to));
                }
            }
        }
    }
    found
}

#[test]
fn no_module_uses_one_of_its_own_or_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = upward_uses(&src);
    let mut arrows: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (_, from, to) in &found {
        *arrows.entry((from.clone(), to.clone())).or_default() += 1;
    }
    for ((from, to), uses) in &arrows {
        eprintln!("{from} → {to} ({uses} uses)");
    }
    let known = |from: &str, to: &str| KNOWN.contains(&(from, to));
    let places: Vec<String> = (found.iter())
        .filter(|(_, from, to)| !known(from, to))
        .map(|(place, from, to)| format!("{place}: {from} uses {to}"))
        .collect();
    let gone: Vec<&(&str, &str)> = (KNOWN.iter())
        .filter(|(from, to)| !arrows.contains_key(&(from.to_string(), to.to_string())))
        .collect();
    assert!(
        gone.is_empty(),
        "no longer used, take them out of KNOWN: {gone:?}"
    );
    assert!(
        places.is_empty(),
        "{} upward arrows ({} known); each module may use only lower layers ({}):\n{}",
        arrows.len(),
        KNOWN.len(),
        LAYERS
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(" < "),
        places.join("\n")
    );
}

#[test]
fn crate_paths_are_read_as_the_compiler_reads_them() {
    assert_eq!(
        named_modules("use crate::content::tree::Site;"),
        ["content"]
    );
    assert_eq!(
        named_modules("use crate::{config::Config, text};"),
        ["config", "text"]
    );
    assert_eq!(named_modules("x(crate::a::b(), crate::c::d)"), ["a", "c"]);
}
