//! The theme: the embedded default `gov` theme, with any single file overridden by the site's own
//! copy under `themes/<name>/`. Templates go to Tera, static files to `public/static/`.
//!
//! A theme is made of components, one folder each (`components/toc/`: `toc.html` with its Tera
//! components, `toc.css`, `toc.js`). After the site's overrides apply, the loader joins every
//! component's stylesheet into `static/css/gongkai.css` and every script into `static/js/gongkai.js`,
//! in the order of `components.txt`, so a page loads one stylesheet and one script whatever the
//! number of components. A site's own `static/css/gongkai.css` or `static/js/gongkai.js` replaces
//! the joined file as a whole.
//!
//! Markup that only scripts use (the 无障碍 toolbar, the document tools, the QR dialog, the
//! overlays) is not written into every page: each `components/NAME/NAME.js.html` is rendered once
//! here (with the theme's Tera components, without page variables) and appended to
//! `static/js/prefs.js`, which puts it into the page's empty `data-module="gk-NAME"` element as the
//! parser inserts it. Pages keep only that element.
//!
//! The page parts that were `templates/partials/NAME.html` are components now; a site that still
//! overrides an old partial path gets its file used as that component ([`LEGACY_PARTIALS`]).

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
            let rel = crate::text::rel_slash(entry.path(), &dir);
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
                    format!("无法读取：{}", crate::fs::reason(&e)),
                )),
            }
        }
        adopt_legacy_partials(&mut files);
        join_components(&mut files);
        join_script_markup(&mut files, diags);
        Theme { files }
    }

    /// Templates: (name relative to `templates/`, source text), then the components' templates
    /// under their own path (`components/toc/toc.html`); not the script markup (`NAME.js.html`).
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files.iter().filter_map(|(k, v)| {
            let component = is_component_template(k);
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

/// A Tera component file: `components/…/*.html`, but not script markup (`*.js.html`).
fn is_component_template(rel: &str) -> bool {
    rel.starts_with("components/") && rel.ends_with(".html") && !rel.ends_with(".js.html")
}

/// The partials that became components: (old path, component file, its opening tag). A site's
/// file at the old path becomes the body of that component, whose implicit (`@`) arguments are
/// the variables the partial used, so an override written for the old layout keeps working.
pub const LEGACY_PARTIALS: &[(&str, &str, &str)] = &[
    (
        "templates/partials/header.html",
        "components/header/header.html",
        "header(@site, @rendition)",
    ),
    (
        "templates/partials/footer.html",
        "components/footer/footer.html",
        "footer(@site)",
    ),
    (
        "templates/partials/breadcrumb.html",
        "components/breadcrumb/breadcrumb.html",
        "breadcrumb(@breadcrumbs, @heading)",
    ),
    (
        "templates/partials/item.html",
        "components/listing/item.html",
        "list_item(@item)",
    ),
    (
        "templates/partials/paginator.html",
        "components/listing/paginator.html",
        "paginator(@listing)",
    ),
    (
        "templates/partials/toolbar.html",
        "components/toolbar/toolbar.html",
        "toolbar()",
    ),
    (
        "templates/partials/overlays.html",
        "components/overlays/overlays.html",
        "overlays()",
    ),
];

/// A site's old partial (when the site does not also give the component file) replaces the
/// component: `{% component NAME(ARGS) %}…partial…{% endcomponent NAME %}`; the old path keeps
/// the theme's one-line shim that calls the component, so old templates that include it still
/// work. A toolbar or overlays partial keeps its markup in the page: script markup only fills
/// empty elements.
fn adopt_legacy_partials(files: &mut BTreeMap<String, ThemeFile>) {
    for (old, new, opening) in LEGACY_PARTIALS {
        let from_site = |f: Option<&ThemeFile>| f.is_some_and(|f| !f.origin.starts_with('<'));
        if !from_site(files.get(*old)) || from_site(files.get(*new)) {
            continue;
        }
        let Some((_, shim)) = EMBEDDED_THEME.iter().find(|(rel, _)| rel == old) else {
            continue;
        };
        let shim = ThemeFile {
            bytes: shim.to_vec(),
            origin: format!("<内置主题 gov>/{old}"),
        };
        let Some(partial) = files.insert(old.to_string(), shim) else {
            continue;
        };
        let name = opening.split('(').next().unwrap_or_default();
        let mut bytes = format!("{{% component {opening} %}}").into_bytes();
        bytes.extend_from_slice(&partial.bytes);
        bytes.extend_from_slice(format!("{{% endcomponent {name} %}}").as_bytes());
        let origin = partial.origin;
        files.insert(new.to_string(), ThemeFile { bytes, origin });
    }
}

/// Renders every `components/NAME/NAME.js.html` once (Tera, with the theme's components, no
/// variables) and appends the results to `static/js/prefs.js` as
/// `gkPrefs.fill({"gk-NAME": "…"})`. A template error is reported at its file; a syntax error
/// elsewhere in the components is left to the page renderer, which reports it.
fn join_script_markup(files: &mut BTreeMap<String, ThemeFile>, diags: &mut Diagnostics) {
    let markup: Vec<(String, &String)> = files
        .keys()
        .filter_map(|rel| {
            let (dir, file) = rel.strip_prefix("components/")?.split_once('/')?;
            (file == format!("{dir}.js.html")).then(|| (format!("gk-{dir}"), rel))
        })
        .collect();
    if markup.is_empty() || !files.contains_key(PREFS_JS) {
        return;
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    let sources: Vec<(&str, String)> = files
        .iter()
        .filter(|(rel, _)| is_component_template(rel) || rel.ends_with(".js.html"))
        .map(|(rel, f)| (rel.as_str(), String::from_utf8_lossy(&f.bytes).into_owned()))
        .collect();
    if tera
        .add_raw_templates(sources.iter().map(|(n, t)| (*n, t.as_str())))
        .is_err()
    {
        return;
    }
    let origins: BTreeMap<String, String> = files
        .iter()
        .map(|(rel, f)| (rel.clone(), f.origin.clone()))
        .collect();
    let mut rendered = BTreeMap::new();
    for (module, name) in &markup {
        match tera.render(name, &tera::Context::new()) {
            Ok(html) => {
                rendered.insert(module.clone(), html.trim().to_string());
            }
            Err(e) => diags.push(crate::diagnostics::tera::template_error(
                &origins,
                name,
                &e,
                "渲染脚本用标记出错",
            )),
        }
    }
    let json = serde_json::to_string(&rendered).unwrap_or_default();
    if let Some(prefs) = files.get_mut(PREFS_JS) {
        prefs.bytes.extend_from_slice(
            format!(
                "/* Markup only scripts use: components/NAME/NAME.js.html, joined by the theme loader. */\nwindow.gkPrefs && window.gkPrefs.fill && window.gkPrefs.fill({json});\n"
            )
            .as_bytes(),
        );
    }
}

/// The script loaded synchronously in `<head>`; it carries the script markup.
const PREFS_JS: &str = "static/js/prefs.js";

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

    #[test]
    fn script_markup_goes_into_prefs_js_not_into_pages() {
        let theme = load_with(&[(
            "components/doc-tools/doc-tools.js.html",
            "<b>{{<fs_group block=\"x\" label_id=\"y\"/>}}</b>",
        )]);
        let prefs = text(&theme, "static/js/prefs.js");
        let tail = prefs
            .rsplit("window.gkPrefs.fill(")
            .next()
            .expect("fill call");
        let markup: BTreeMap<String, String> =
            serde_json::from_str(tail.trim_end().trim_end_matches(");")).expect("JSON");
        assert!(markup["gk-toolbar"].contains("data-gk-action=\"help\""));
        assert!(markup["gk-overlays"].contains("data-module=\"gk-caption\""));
        assert!(markup["gk-doc-tools"].starts_with("<b><div class=\"x__group\""));
        assert!(!theme
            .templates()
            .any(|(name, _)| name.ends_with(".js.html")));
    }

    #[test]
    fn an_old_partial_override_becomes_its_component() {
        let theme = load_with(&[(
            "templates/partials/footer.html",
            "<footer>{{ site.title }}</footer>\n",
        )]);
        assert_eq!(
            text(&theme, "components/footer/footer.html"),
            "{% component footer(@site) %}<footer>{{ site.title }}</footer>\n{% endcomponent footer %}"
        );
        assert_eq!(
            text(&theme, "templates/partials/footer.html"),
            "{{<footer/>}}\n"
        );
        let theme = load_with(&[
            ("templates/partials/footer.html", "<footer>old</footer>"),
            (
                "components/footer/footer.html",
                "{% component footer(@site) %}new{% endcomponent footer %}",
            ),
        ]);
        assert!(
            text(&theme, "components/footer/footer.html").contains("new"),
            "the component file wins"
        );
    }
}
