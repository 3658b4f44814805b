//! `gongkai new content/SECTION/NAME.md`: a new document with its front matter filled in.

use anyhow::bail;

use crate::cli::NewArgs;
use crate::cmd::init::write_new;
use crate::config::Config;
use crate::content::date::DocDate;
use crate::content::document::is_url_safe;
use crate::content::load::load;
use crate::diagnostics::Diagnostics;

/// Creates the document.
pub fn new(args: &NewArgs) -> anyhow::Result<i32> {
    let rel = args.path.strip_prefix(&args.root).unwrap_or(&args.path);
    let rel_str = rel.to_string_lossy().replace('\\', "/");
    let Some(inside) = rel_str.strip_prefix("content/") else {
        bail!("路径应在 content/ 下，如 content/xxgk/2021-gzbg.md，实际为 {rel_str}");
    };
    if !inside.ends_with(".md") {
        bail!("文档文件名应以 .md 结尾，实际为 {inside}");
    }
    let target = args.root.join(rel);
    if target.exists() {
        bail!("{} 已存在：不会覆盖", target.display());
    }
    let stem = inside
        .rsplit('/')
        .next()
        .unwrap_or(inside)
        .trim_end_matches(".md");
    let section_dir = inside.rsplit_once('/').map_or("", |(d, _)| d);
    let mut diags = Diagnostics::new();
    let config = Config::load(&args.root, &mut diags);
    let loaded = load(&args.root, true, &mut diags);
    let now = DocDate::now();
    let issuer = if config.issuer.is_empty() {
        config.title.clone()
    } else {
        config.issuer.clone()
    };
    let in_section: Vec<_> = loaded
        .documents
        .iter()
        .filter(|d| d.dir == section_dir)
        .collect();
    let section_required = loaded
        .sections
        .iter()
        .find(|s| s.dir == section_dir)
        .is_some_and(|s| s.index.meta.required.iter().any(|k| k == "index_no"));
    let uses_index_no = section_required || in_section.iter().any(|d| d.meta.index_no.is_some());
    let mut front = vec![format!(
        "title: {}",
        yaml_string(args.title.as_deref().unwrap_or("新文档标题"))
    )];
    if uses_index_no {
        let all: Vec<&str> = loaded
            .documents
            .iter()
            .filter_map(|d| d.meta.index_no.as_deref())
            .collect();
        let code = if config.index_no_prefix.is_empty() {
            most_common_code(
                &in_section
                    .iter()
                    .filter_map(|d| d.meta.index_no.as_deref())
                    .collect::<Vec<_>>(),
            )
        } else {
            Some(config.index_no_prefix.clone())
        };
        if let Some(code) = code {
            front.push(format!(
                "index_no: {}",
                yaml_string(&next_index_no(&code, now.year(), &all))
            ));
        }
    }
    front.push(format!("issuer: {}", yaml_string(&issuer)));
    front.push(format!("date: {}", now.iso()));
    if !is_url_safe(stem) {
        front.push("slug: new-document  # 网址名：只用小写字母、数字和 -".into());
    }
    front.push(
        "# written_on: 成文日期\n# doc_no: 文号，如 某政办发〔2021〕1号\n# topics: [主题分类]"
            .into(),
    );
    let text = format!("---\n{}\n---\n\n正文从这里开始。\n", front.join("\n"));
    write_new(&target, &text)?;
    eprintln!("已新建 {}", target.display());
    Ok(0)
}

fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn most_common_code(index_nos: &[&str]) -> Option<String> {
    let mut counts = std::collections::BTreeMap::new();
    for no in index_nos {
        if let Some((code, _)) = no.split_once('/') {
            *counts.entry(code.to_string()).or_insert(0) += 1;
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c)
}

/// The next free 索引号 `code/year-serial`, keeping the serial width already in use (5 digits
/// by default).
pub fn next_index_no(code: &str, year: i16, existing: &[&str]) -> String {
    let prefix = format!("{code}/{year}-");
    let serials: Vec<&str> = existing
        .iter()
        .filter_map(|n| n.strip_prefix(prefix.as_str()))
        .collect();
    let width = serials.iter().map(|s| s.len()).max().unwrap_or(5);
    let next = serials
        .iter()
        .filter_map(|s| s.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    format!("{prefix}{next:0width$}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_serial() {
        let existing = [
            "A/2021-00003",
            "A/2021-00010",
            "A/2020-00099",
            "B/2021-00500",
        ];
        assert_eq!(super::next_index_no("A", 2021, &existing), "A/2021-00011");
        assert_eq!(super::next_index_no("A", 2022, &existing), "A/2022-00001");
    }
}
