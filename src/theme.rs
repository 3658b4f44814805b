//! The theme: the embedded default `gov` theme, with any single file overridden by the site's own
//! copy under `themes/<name>/`. Templates go to Tera, static files to `public/static/`.

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
        Theme { files }
    }

    /// Templates: (name relative to `templates/`, source text).
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("templates/").map(|name| (name, v)))
    }

    /// Static files: (path relative to `static/`, file).
    pub fn statics(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("static/").map(|name| (name, v)))
    }
}
