//! The migration report: per page of the mirror, what it was taken for and why, where it went,
//! each field with its source and whether it is certain, the files missing from the mirror;
//! totals per column. Written as JSON for scripts and HTML for people, beside the nginx and
//! Apache redirect maps, in `migration/` under the site root. Nothing in it depends on the time
//! of the run, so running the migration again gives the same files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::redirects::{apache_map, nginx_map, writable, Moved};
use super::REPORT_DIR;
use crate::import::fields::is_uncertain;
use crate::import::write::Draft;
use crate::text::escape_text;

/// One field as imported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FieldReport {
    /// Field name (`发布机构`).
    pub field: String,
    /// Value written.
    pub value: String,
    /// Where it came from.
    pub from: String,
    /// Whether the source states it (false: inferred, a clerk should check it).
    pub certain: bool,
}

/// What became of one page of the mirror.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PageReport {
    /// The file, relative to the mirror.
    pub file: String,
    /// Its address on the old site (path and query).
    pub old_path: String,
    /// `导入`, `重复`, or why it was skipped (`栏目列表`, `搜索页面`, `导航页面`, `不是文档`, …).
    pub outcome: String,
    /// Why it was taken for what it is.
    pub why: String,
    /// Section it was imported into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The document written (relative to the site root).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Its address on the new site.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_url: Option<String>,
    /// The mirror file of the same document imported (for a duplicate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// Fields, each with its source.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldReport>,
    /// Fields not found.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// Attachments and pictures linked but not in the mirror.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_files: Vec<String>,
    /// Other things to check.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Files written for it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
}

impl PageReport {
    /// A page not yet decided.
    pub fn new(file: &str, old_path: &str) -> PageReport {
        PageReport {
            file: file.into(),
            old_path: old_path.into(),
            ..PageReport::default()
        }
    }

    /// Skipped, and why.
    pub fn skip(&mut self, outcome: &str, why: &str) {
        self.outcome = outcome.into();
        self.why = why.into();
    }

    /// Imported as `draft`.
    pub fn imported(
        &mut self,
        why: &str,
        section: &str,
        target: &str,
        url: &str,
        draft: &Draft,
        missing_files: Vec<String>,
    ) {
        self.outcome = "导入".into();
        self.why = why.into();
        self.section = Some(section.into());
        self.target = Some(target.into());
        self.new_url = Some(url.into());
        self.fields = draft
            .rows
            .iter()
            .map(|r| FieldReport {
                field: r.field.clone(),
                value: r.value.clone(),
                from: r.from.clone(),
                certain: !is_uncertain(&r.from),
            })
            .collect();
        self.missing = draft.missing.clone();
        self.warnings = draft.warnings.clone();
        self.missing_files = missing_files;
        let root_of = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
        self.files = draft.files.iter().filter_map(|(p, _)| root_of(p)).collect();
    }

    /// Writing failed.
    pub fn failed(&mut self, why: &str) {
        self.outcome = "写入失败".into();
        self.warnings.push(why.into());
    }

    /// The same document as the imported `first`.
    pub fn duplicate(&mut self, first: &str, url: Option<&str>) {
        self.outcome = "重复".into();
        self.why = format!("与 {first} 是同一文档（正文和标题相同），只导入一次，旧网址转到它");
        self.duplicate_of = Some(first.into());
        self.new_url = url.map(str::to_string);
    }
}

/// The whole migration.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Migration {
    /// The host the mirror was made from, when it says.
    pub mirror_host: Option<String>,
    /// Every page, in file order.
    pub pages: Vec<PageReport>,
    /// Sections made: folder → title.
    pub sections: BTreeMap<String, String>,
    /// Old addresses served by a program, and where they move.
    pub moved: Vec<Moved>,
    /// Errors writing the section indexes or the report.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

impl Migration {
    /// Pages per outcome.
    pub fn totals(&self) -> BTreeMap<String, usize> {
        let mut t = BTreeMap::new();
        for p in &self.pages {
            *t.entry(p.outcome.clone()).or_default() += 1;
        }
        t
    }

    /// Documents imported per section.
    pub fn per_section(&self) -> BTreeMap<String, usize> {
        let mut t = BTreeMap::new();
        for p in &self.pages {
            if let (Some(s), "导入") = (&p.section, p.outcome.as_str()) {
                *t.entry(s.clone()).or_default() += 1;
            }
        }
        t
    }
}

/// The new address of a written document: `/section/slug/`.
pub fn url_of(root: &Path, target: &Path) -> String {
    let rel = target
        .strip_prefix(root.join("content"))
        .unwrap_or(target)
        .with_extension("");
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    format!("/{}/", parts.join("/"))
}

fn report_path(root: &Path) -> PathBuf {
    root.join(REPORT_DIR).join("report.json")
}

/// The files an earlier run wrote (documents, their files, section indexes), from its report.
pub fn previous_outputs(root: &Path) -> BTreeSet<PathBuf> {
    let Ok(text) = std::fs::read_to_string(report_path(root)) else {
        return BTreeSet::new();
    };
    let Ok(old) = serde_json::from_str::<Migration>(&text) else {
        return BTreeSet::new();
    };
    let mut out = BTreeSet::new();
    for p in &old.pages {
        if let Some(t) = &p.target {
            let doc = root.join(t);
            let dir = doc.parent().map(Path::to_path_buf).unwrap_or_default();
            out.extend(p.files.iter().map(|f| dir.join(f)));
            out.insert(doc);
        }
    }
    for dir in old.sections.keys() {
        out.insert(root.join("content").join(dir).join("_index.md"));
    }
    out
}

/// Writes `report.json`, `report.html`, `nginx-redirects.map` and `apache-redirects.txt`.
pub fn write(root: &Path, m: &Migration) -> Result<(), String> {
    let dir = root.join(REPORT_DIR);
    crate::fs::create_dir_all(&dir).map_err(|e| e.with_reason())?;
    let put = |name: &str, text: String| {
        let p = dir.join(name);
        std::fs::write(&p, text).map_err(|e| format!("无法写入 {}：{e}", p.display()))
    };
    let json = serde_json::to_string_pretty(m).map_err(|e| e.to_string())?;
    put("report.json", json + "\n")?;
    put("report.html", html(m))?;
    put("nginx-redirects.map", nginx_map(&m.moved))?;
    put("apache-redirects.txt", apache_map(&m.moved))
}

/// The report for people: totals, sections, redirects, then every page.
pub fn html(m: &Migration) -> String {
    let e = |s: &str| escape_text(s);
    let mut s = String::from(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>旧网站迁移报告</title>\
         <style>body{font-family:sans-serif;max-width:70em;margin:1em auto;padding:0 1em}table{border-collapse:collapse}\
         td,th{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top}.unsure{background:#fff3cd}</style>\
         </head><body><main><h1>旧网站迁移报告</h1>\n",
    );
    if let Some(h) = &m.mirror_host {
        s.push_str(&format!("<p>镜像来自：{}</p>\n", e(h)));
    }
    s.push_str("<h2>总计</h2><table><thead><tr><th scope=\"col\">结果</th><th scope=\"col\">页面数</th></tr></thead><tbody>\n");
    for (k, v) in m.totals() {
        s.push_str(&format!("<tr><td>{}</td><td>{v}</td></tr>\n", e(&k)));
    }
    s.push_str("</tbody></table>\n<h2>栏目</h2><table><thead><tr><th scope=\"col\">栏目文件夹</th><th scope=\"col\">标题</th><th scope=\"col\">导入文档</th></tr></thead><tbody>\n");
    let counts = m.per_section();
    for (dir, title) in &m.sections {
        let n = counts.get(dir).copied().unwrap_or(0);
        s.push_str(&format!(
            "<tr><td>content/{}</td><td>{}</td><td>{n}</td></tr>\n",
            e(dir),
            e(title)
        ));
    }
    s.push_str("</tbody></table>\n");
    let unwritable = m.moved.iter().filter(|x| !writable(&x.from)).count();
    s.push_str(&format!(
        "<h2>动态网址转向</h2><p>{} 个旧网址写入 nginx-redirects.map 和 apache-redirects.txt{}。</p>\n",
        m.moved.len() - unwritable,
        if unwritable > 0 {
            format!("；{unwritable} 个含空格或引号等字符，无法写入，请手工处理")
        } else {
            String::new()
        }
    ));
    s.push_str("<h2>逐页结果</h2>\n");
    for p in &m.pages {
        s.push_str(&format!(
            "<section><h3>{}</h3><p>旧网址：{}；结果：<strong>{}</strong>（{}）",
            e(&p.file),
            e(&p.old_path),
            e(&p.outcome),
            e(&p.why)
        ));
        if let (Some(t), Some(u)) = (&p.target, &p.new_url) {
            s.push_str(&format!("；写入 {}，新网址 {}", e(t), e(u)));
        }
        s.push_str("</p>\n");
        if !p.fields.is_empty() {
            s.push_str("<table><thead><tr><th scope=\"col\">字段</th><th scope=\"col\">值</th><th scope=\"col\">来源</th><th scope=\"col\">确定</th></tr></thead><tbody>\n");
            for f in &p.fields {
                s.push_str(&format!(
                    "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    if f.certain { "" } else { " class=\"unsure\"" },
                    e(&f.field),
                    e(&f.value),
                    e(&f.from),
                    if f.certain { "是" } else { "请核对" }
                ));
            }
            s.push_str("</tbody></table>\n");
        }
        for (label, list) in [
            ("未识别", &p.missing),
            ("镜像中缺少的文件", &p.missing_files),
            ("提示", &p.warnings),
        ] {
            if !list.is_empty() {
                let items: Vec<String> =
                    list.iter().map(|x| format!("<li>{}</li>", e(x))).collect();
                s.push_str(&format!("<p>{label}：</p><ul>{}</ul>\n", items.concat()));
            }
        }
        s.push_str("</section>\n");
    }
    s.push_str("</main></body></html>\n");
    s
}
