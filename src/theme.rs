//! The theme: the embedded default `gov` theme, with any single file overridden by the site's own
//! copy under `themes/<name>/`. Templates go to Tera, static files to `public/static/`.
//!
//! A theme is made of components, one folder each (`components/toc/`: `toc.html` with its Tera
//! components, `toc.css`, `toc.js`). After the site's overrides apply, the loader joins every
//! component's stylesheet into `static/css/gongkai.css` and every script into `static/js/gongkai.js`,
//! in the order of `components.txt`, so a page loads one stylesheet and one script whatever the
//! number of components. A site's own `static/css/gongkai.css` or `static/js/gongkai.js` replaces
//! the joined file as a whole.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};

include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// A theme file with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeFile {
    /// Contents.
    pub bytes: Vec<u8>,
    /// Path shown in messages (`themes/gov/templates/page.html` or `<内置主题>/templates/page.html`).
    pub origin: String,
}

/// All files of the theme in use, keyed by path relative to the theme folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Theme {
    /// `templates/…` and `static/…` files.
    pub files: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// The embedded theme, overridden file by file from `root/themes/<name>/`.
    pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Theme {
        let mut files = BTreeMap::new();
        if name == "gov" {
            for (rel, bytes) in EMBEDDED_THEME {
                files.insert(
                    rel.to_string(),
                    ThemeFile {
                        bytes: bytes.to_vec(),
                        origin: format!("<内置主题 gov>/{rel}"),
                    },
                );
            }
        }
        let dir = root.join("themes").join(name);
        if !dir.is_dir() && name != "gov" {
            diags.push(
                Diagnostic::error(
                    Path::new("config.yaml"),
                    0,
                    0,
                    format!(
                        "找不到主题 themes/{name}/：应为内置主题 gov 或站点 themes/ 下的文件夹"
                    ),
                )
                .with_field("theme（主题）"),
            );
        }
        for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let file_name = entry.file_name().to_string_lossy();
            if crate::content::load::is_ignored(&file_name) || rel == "README.md" {
                continue;
            }
            match std::fs::read(entry.path()) {
                Ok(bytes) => {
                    files.insert(
                        rel.clone(),
                        ThemeFile {
                            bytes,
                            origin: format!("themes/{name}/{rel}"),
                        },
                    );
                }
                Err(e) => diags.push(Diagnostic::error(
                    &Path::new("themes").join(name).join(&rel),
                    0,
                    0,
                    format!("无法读取：{e}"),
                )),
            }
        }
        join_components(&mut files);
        Theme { files }
    }

    /// Templates: (name relative to `templates/`, source text), then the components' templates
    /// under their own path (`components/toc/toc.html`).
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files.iter().filter_map(|(k, v)| {
            let component = k.starts_with("components/") && k.ends_with(".html");
            k.strip_prefix("templates/")
                .or(component.then_some(k.as_str()))
                .map(|name| (name, v))
        })
    }

    /// Static files: (path relative to `static/`, file).
    pub fn statics(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("static/").map(|name| (name, v)))
    }
}

/// The theme's components in cascade order: the names listed in `components.txt` (one a line,
/// `#` starts a comment line), then every other folder under `components/` in name order.
fn component_order(files: &BTreeMap<String, ThemeFile>) -> Vec<String> {
    let listed = files
        .get("components.txt")
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .unwrap_or_default();
    let mut order: Vec<String> = listed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    for rel in files.keys() {
        let Some((name, _)) = rel
            .strip_prefix("components/")
            .and_then(|r| r.split_once('/'))
        else {
            continue;
        };
        if !order.iter().any(|n| n == name) {
            order.push(name.to_string());
        }
    }
    order
}

/// Joins `components/NAME/NAME.css` into `static/css/gongkai.css` and `components/NAME/NAME.js`
/// into `static/js/gongkai.js`, in component order, unless the site gives that file itself.
fn join_components(files: &mut BTreeMap<String, ThemeFile>) {
    let order = component_order(files);
    for (ext, out) in [
        ("css", "static/css/gongkai.css"),
        ("js", "static/js/gongkai.js"),
    ] {
        if files.contains_key(out) {
            continue;
        }
        let mut bytes = Vec::new();
        for name in &order {
            if let Some(f) = files.get(&format!("components/{name}/{name}.{ext}")) {
                bytes.extend_from_slice(&f.bytes);
            }
        }
        if !bytes.is_empty() {
            let origin = format!("components/*/*.{ext}");
            files.insert(out.to_string(), ThemeFile { bytes, origin });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded theme loaded with the given site files under `themes/gov/`.
    fn load_with(files: &[(&str, &str)]) -> Theme {
        let dir = tempfile::tempdir().expect("tempdir");
        for (rel, text) in files {
            let path = dir.path().join("themes/gov").join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        let mut diags = Diagnostics::default();
        let theme = Theme::load(dir.path(), "gov", &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        theme
    }

    fn text<'a>(theme: &'a Theme, rel: &str) -> &'a str {
        std::str::from_utf8(&theme.files[rel].bytes).expect("utf-8")
    }

    #[test]
    fn components_are_joined_in_cascade_order() {
        let theme = load_with(&[]);
        let css = text(&theme, "static/css/gongkai.css");
        let tokens = css.find("Design tokens").expect("base part");
        let toc = css.find("/* 目录导读 */").expect("toc part");
        let print = css.find("PRINT — GB/T 9704").expect("print part");
        assert!(tokens < toc && toc < print);
        let js = text(&theme, "static/js/gongkai.js");
        assert!(
            js.find("var gk = w.gk").expect("base") < js.find("gk.module(\"gk-toc\"").expect("toc")
        );
        assert!(
            js.trim_end().ends_with("window.gk.start();"),
            "the start-up loop runs last"
        );
        assert!(theme
            .templates()
            .any(|(name, _)| name == "components/toc/toc.html"));
    }

    #[test]
    fn a_site_overrides_one_component_part_or_the_whole_joined_file() {
        let theme = load_with(&[("components/toc/toc.css", ".gk-toc { color: red; }\n")]);
        let css = text(&theme, "static/css/gongkai.css");
        assert!(
            css.contains(".gk-toc { color: red; }\n/* 正文 */"),
            "in the toc's place"
        );
        assert!(!css.contains("/* 目录导读 */") && css.contains("PRINT — GB/T 9704"));

        let theme = load_with(&[
            ("static/css/gongkai.css", "body {}\n"),
            ("components/extra/extra.js", "gk.module(\"gk-extra\", f);\n"),
        ]);
        assert_eq!(text(&theme, "static/css/gongkai.css"), "body {}\n");
        let js = text(&theme, "static/js/gongkai.js");
        assert!(
            js.ends_with("window.gk.start();\ngk.module(\"gk-extra\", f);\n"),
            "an unlisted component follows"
        );
    }
}
