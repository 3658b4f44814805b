//! The inspection report: one self-contained HTML page (no scripts, no other hosts, works from
//! disk) with counts by severity, the 单项否决 lines, a per-section freshness chart against the
//! update rules, the 政策解读 ratio and every finding linked to its file, plus the same data as
//! JSON (`report.json` beside it, and `gongkai check --format json` on the terminal).

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use super::freshness::{Freshness, Status};
use super::interpret::Coverage;
use super::{Finding, Inspection, Rule};
use crate::diagnostics::Severity;

/// Counts of one rule.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RuleCount {
    /// The rule.
    pub rule: Rule,
    /// Its Chinese name.
    pub name: &'static str,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
}

/// One finding as the report shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FindingView {
    /// The rule.
    pub rule: Rule,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// File relative to the site root.
    pub file: String,
    /// 1-based line, 0 for the whole file.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// Front-matter field, when there is one.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// Everything in the report, serialisable as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// 网站名称
    pub site: String,
    /// The day the site was judged on.
    pub today: String,
    /// Documents and section pages read.
    pub documents: usize,
    /// Attachments whose text was read.
    pub attachments: usize,
    /// Numbers masked by `--fix`.
    pub fixed: usize,
    /// All errors.
    pub errors: usize,
    /// All warnings.
    pub warnings: usize,
    /// Counts per rule.
    pub rules: Vec<RuleCount>,
    /// 栏目时效
    pub freshness: Freshness,
    /// 政策解读 coverage, with its percentage.
    pub interpretation: InterpretationView,
    /// Every finding, sorted by file and line.
    pub findings: Vec<FindingView>,
}

/// 政策解读 coverage with the ratio worked out.
#[derive(Debug, Clone, Serialize)]
pub struct InterpretationView {
    /// The counts.
    #[serde(flatten)]
    pub coverage: Coverage,
    /// Share of 文件 with a 解读, 0–100.
    pub percent: u32,
}

impl Report {
    /// Gathers the report of an inspection; `findings` are all problems of the check (the build's
    /// own, tagged [`Rule::Content`] and [`Rule::Accessibility`], and the inspection's).
    pub fn new(site: &str, inspection: &Inspection, findings: &[Finding]) -> Report {
        let views: Vec<FindingView> = findings
            .iter()
            .map(|f| {
                let d = &f.diagnostic;
                FindingView {
                    rule: f.rule,
                    severity: match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    },
                    file: d.file.to_string_lossy().replace('\\', "/"),
                    line: d.line,
                    column: d.column,
                    field: d.field.clone(),
                    message: d.message.clone(),
                }
            })
            .collect();
        let count = |rule: Option<Rule>, sev: &str| {
            views
                .iter()
                .filter(|v| rule.is_none_or(|r| v.rule == r) && v.severity == sev)
                .count()
        };
        Report {
            site: site.to_string(),
            today: inspection.freshness.today.clone(),
            documents: inspection.documents,
            attachments: inspection.attachments,
            fixed: inspection.fixed,
            errors: count(None, "error"),
            warnings: count(None, "warning"),
            rules: Rule::ALL
                .iter()
                .map(|&r| RuleCount {
                    rule: r,
                    name: r.name(),
                    errors: count(Some(r), "error"),
                    warnings: count(Some(r), "warning"),
                })
                .collect(),
            freshness: inspection.freshness.clone(),
            interpretation: InterpretationView {
                percent: inspection.interpretation.percent(),
                coverage: inspection.interpretation.clone(),
            },
            findings: views,
        }
    }

    /// The report as pretty-printed JSON.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into())
    }

    /// Writes `index.html` and `report.json` into `dir`; links to files are relative to `root`.
    pub fn write(&self, dir: &Path, root: &Path) -> anyhow::Result<PathBuf> {
        crate::fs::create_dir_all(dir)?;
        let to_root = relative(dir, root);
        let html = dir.join("index.html");
        crate::fs::write(&html, self.html(&to_root))?;
        let json = dir.join("report.json");
        crate::fs::write(&json, self.json())?;
        Ok(html)
    }

    /// The HTML page; `to_root` is the relative path from the report's folder to the site root.
    pub fn html(&self, to_root: &str) -> String {
        let mut h = String::new();
        let title = format!("网站检查报告：{}（{}）", self.site, self.today);
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header class=\"top\">\n<h1>{}</h1>\n<p>检查日期 {}，共检查 {} 个文档和栏目页、{} 个附件{}。数据另见 <a href=\"report.json\">report.json</a>。</p>\n</header>\n<main>\n",
            esc(&title),
            esc(&title),
            esc(&self.today),
            self.documents,
            self.attachments,
            if self.fixed > 0 {
                format!("，已遮盖 {} 处个人信息", self.fixed)
            } else {
                String::new()
            }
        );
        self.summary(&mut h);
        self.vetoes(&mut h);
        self.chart(&mut h);
        let i = &self.interpretation;
        let _ = write!(
            h,
            "<section aria-labelledby=\"jd\">\n<h2 id=\"jd\">政策解读</h2>\n<p>要求配发解读的栏目中，{} 件文件有解读，共 {} 件，占 <strong>{}%</strong>；全站共有 {} 条解读关联。</p>\n</section>\n",
            i.coverage.interpreted, i.coverage.documents, i.percent, i.coverage.links
        );
        self.findings(&mut h, to_root);
        h.push_str("</main>\n<footer class=\"bottom\"><p>由 gongkai check 生成。检查指标依据国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》。</p></footer>\n</body>\n</html>\n");
        h
    }

    fn summary(&self, h: &mut String) {
        let _ = write!(
            h,
            "<section aria-labelledby=\"zs\">\n<h2 id=\"zs\">总体情况</h2>\n<ul class=\"cards\">\n<li class=\"card card--error\"><span class=\"card__n\">{}</span> 个错误</li>\n<li class=\"card card--warning\"><span class=\"card__n\">{}</span> 条警告</li>\n</ul>\n<table>\n<caption>各项检查的问题数</caption>\n<thead><tr><th scope=\"col\">检查项</th><th scope=\"col\">错误</th><th scope=\"col\">警告</th></tr></thead>\n<tbody>\n",
            self.errors, self.warnings
        );
        for r in &self.rules {
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\"><a href=\"#rule-{}\">{}</a></th><td>{}</td><td>{}</td></tr>",
                rule_key(r.rule),
                r.name,
                r.errors,
                r.warnings
            );
        }
        h.push_str("</tbody>\n</table>\n</section>\n");
    }

    fn vetoes(&self, h: &mut String) {
        h.push_str("<section aria-labelledby=\"fj\">\n<h2 id=\"fj\">单项否决指标</h2>\n<table>\n<caption>达到否决线的任何一项都会使网站被判为不合格</caption>\n<thead><tr><th scope=\"col\">指标</th><th scope=\"col\">现有</th><th scope=\"col\">否决线</th><th scope=\"col\">结论</th></tr></thead>\n<tbody>\n");
        for v in &self.freshness.vetoes {
            let (class, verdict) = if v.reached() {
                ("bad", "已达否决线")
            } else {
                ("ok", "未达到")
            };
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>≥{}</td><td class=\"{class}\">{verdict}</td></tr>",
                esc(&v.label),
                v.count,
                v.threshold
            );
        }
        let home = match (&self.freshness.home_newest, self.freshness.home_days_left) {
            (Some(n), Some(left)) if left >= 0 => {
                format!("首页最新文档发布于 {n}，还有 {left} 天须再次更新。")
            }
            (Some(n), Some(left)) => format!("首页最新文档发布于 {n}，已超期 {} 天。", -left),
            _ => "站点还没有已发布的文档。".into(),
        };
        let _ = write!(h, "</tbody>\n</table>\n<p>{}</p>\n</section>\n", esc(&home));
    }

    fn chart(&self, h: &mut String) {
        let rows: Vec<_> = self.freshness.sections.iter().collect();
        let scale = rows
            .iter()
            .flat_map(|s| [s.days_since, s.rule_days])
            .flatten()
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        h.push_str("<section aria-labelledby=\"sx\">\n<h2 id=\"sx\">栏目时效</h2>\n<p>横条为距最新发布日期的天数，竖线为该栏目的更新周期：横条越过竖线即超期。</p>\n<table class=\"fresh\">\n<caption>各栏目的更新情况</caption>\n<thead><tr><th scope=\"col\">栏目</th><th scope=\"col\">更新周期</th><th scope=\"col\">最新发布</th><th scope=\"col\">状态</th><th scope=\"col\">距今天数与周期</th></tr></thead>\n<tbody>\n");
        for s in rows {
            let (class, state) = match (s.status, s.days_left) {
                (Status::Fresh, Some(left)) => ("ok", format!("还剩 {left} 天")),
                (Status::DueSoon, Some(left)) => ("soon", format!("还剩 {left} 天，即将超期")),
                (Status::Stale, Some(left)) => ("bad", format!("已超期 {} 天", -left)),
                (Status::Stale, None) => ("bad", "没有已发布的文档".into()),
                (Status::Empty, _) => ("bad", "空白栏目".into()),
                _ => ("none", "不限更新周期".into()),
            };
            let bar = s
                .days_since
                .map_or(0.0, |d| d.max(0) as f64 / scale * 100.0);
            let line = s
                .rule_days
                .map(|d| {
                    format!(
                        "<span class=\"bar__rule\" style=\"left:{:.1}%\"></span>",
                        d as f64 / scale * 100.0
                    )
                })
                .unwrap_or_default();
            let days = s
                .days_since
                .map(|d| format!("{d} 天"))
                .unwrap_or_else(|| "—".into());
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{}<span class=\"dir\">{}</span></th><td>{}{}</td><td>{}</td><td class=\"{class}\">{}</td><td><span class=\"bar\" aria-hidden=\"true\"><span class=\"bar__fill bar__fill--{class}\" style=\"width:{bar:.1}%\"></span>{line}</span> {days}</td></tr>",
                esc(&s.title),
                esc(&s.dir),
                esc(&s.rule.describe()),
                if s.rule_written { "" } else { "（默认）" },
                s.newest.as_deref().unwrap_or("—"),
                esc(&state),
            );
        }
        h.push_str("</tbody>\n</table>\n</section>\n");
    }

    fn findings(&self, h: &mut String, to_root: &str) {
        for rule in Rule::ALL {
            let items: Vec<&FindingView> =
                self.findings.iter().filter(|f| f.rule == rule).collect();
            let key = rule_key(rule);
            let _ = write!(
                h,
                "<section aria-labelledby=\"rule-{key}\">\n<h2 id=\"rule-{key}\">{}（{} 条）</h2>\n",
                rule.name(),
                items.len()
            );
            if items.is_empty() {
                h.push_str("<p>没有发现问题。</p>\n</section>\n");
                continue;
            }
            h.push_str("<table class=\"findings\">\n<thead><tr><th scope=\"col\">级别</th><th scope=\"col\">位置</th><th scope=\"col\">问题</th></tr></thead>\n<tbody>\n");
            for f in items {
                let mut place = f.file.clone();
                if f.line > 0 {
                    let _ = write!(place, ":{}", f.line);
                    if f.column > 0 {
                        let _ = write!(place, ":{}", f.column);
                    }
                }
                let (class, label) = if f.severity == "error" {
                    ("bad", "错误")
                } else {
                    ("soon", "警告")
                };
                let field = f
                    .field
                    .as_deref()
                    .map(|x| format!("<span class=\"field\">{}</span> ", esc(x)))
                    .unwrap_or_default();
                let _ = writeln!(
                    h,
                    "<tr><td class=\"{class}\">{label}</td><td><a href=\"{}\">{}</a></td><td>{field}{}</td></tr>",
                    esc(&format!("{to_root}{}", f.file)),
                    esc(&place),
                    esc(&f.message)
                );
            }
            h.push_str("</tbody>\n</table>\n</section>\n");
        }
    }
}

fn rule_key(rule: Rule) -> &'static str {
    match rule {
        Rule::Content => "content",
        Rule::Accessibility => "accessibility",
        Rule::Freshness => "freshness",
        Rule::PersonalData => "personal-data",
        Rule::Wording => "wording",
        Rule::Interpretation => "interpretation",
    }
}

/// Escapes text for HTML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The relative path (with a trailing `/`, or empty) from folder `from` to folder `to`.
fn relative(from: &Path, to: &Path) -> String {
    let abs = |p: &Path| {
        std::fs::canonicalize(p)
            .unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(p))
    };
    let (from, to) = (abs(from), abs(to));
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = String::new();
    for _ in common..a.len() {
        out.push_str("../");
    }
    for c in &b[common..] {
        out.push_str(&c.as_os_str().to_string_lossy());
        out.push('/');
    }
    out
}

const STYLE: &str = "
:root{--ink:#1a1a1a;--muted:#4a4a4a;--line:#c8c8c8;--ok:#1d6b2f;--soon:#8a4b00;--bad:#b3261e;--bg:#fff;--panel:#f4f6f8}
*{box-sizing:border-box}
body{margin:0;font-family:\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;color:var(--ink);background:var(--bg);line-height:1.7}
.top,main,.bottom{max-width:72rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.6rem;margin:1.5rem 0 .5rem}
h2{font-size:1.25rem;margin:2rem 0 .75rem;border-bottom:2px solid var(--line);padding-bottom:.25rem}
a{color:#0b4f9c}
a:focus{outline:3px solid #0b4f9c;outline-offset:2px}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
caption{text-align:left;color:var(--muted);padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--panel)}
.cards{list-style:none;display:flex;gap:1rem;padding:0;margin:0 0 1rem}
.card{border:2px solid var(--line);border-radius:.5rem;padding:.5rem 1rem;background:var(--panel)}
.card__n{font-size:1.8rem;font-weight:bold;margin-right:.25rem}
.card--error{border-color:var(--bad)}
.card--warning{border-color:var(--soon)}
.ok{color:var(--ok);font-weight:bold}
.soon{color:var(--soon);font-weight:bold}
.bad{color:var(--bad);font-weight:bold}
.none{color:var(--muted)}
.dir{display:block;font-weight:normal;color:var(--muted);font-size:.85em}
.field{color:var(--muted)}
.bar{position:relative;display:inline-block;vertical-align:middle;width:12rem;height:.9rem;background:var(--panel);border:1px solid var(--line)}
.bar__fill{position:absolute;left:0;top:0;bottom:0;max-width:100%}
.bar__fill--ok{background:var(--ok)}
.bar__fill--soon{background:var(--soon)}
.bar__fill--bad{background:var(--bad)}
.bar__fill--none{background:var(--muted)}
.bar__rule{position:absolute;top:-.2rem;bottom:-.2rem;width:3px;margin-left:-1px;background:var(--ink)}
.findings td:nth-child(2){white-space:nowrap}
.bottom{color:var(--muted);border-top:1px solid var(--line);margin-top:2rem}
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_between_folders() {
        let base = std::env::temp_dir();
        assert_eq!(relative(&base.join("a/report"), &base.join("a")), "../");
        assert_eq!(relative(&base.join("a"), &base.join("a")), "");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("<a href=\"x\">&"), "&lt;a href=&quot;x&quot;&gt;&amp;");
    }
}
