//! `gongkai new content/SECTION/NAME.md`: a new document with its front matter filled in.

use anyhow::bail;

use crate::cli::NewArgs;
use crate::cmd::init::write_new;
use crate::config::Config;
use crate::content::date::DocDate;
use crate::content::document::is_url_safe;
use crate::content::index_no::next_index_no;
use crate::content::load::load;
use crate::diagnostics::Diagnostics;

/// Creates the document.
pub fn new(args: &NewArgs) -> anyhow::Result<i32> {
    crate::cmd::site::require(&args.root)?;
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
        yaml_string(
            args.title
                .as_deref()
                .unwrap_or(crate::content::placeholder::NEW_TITLE),
        )
    )];
    if uses_index_no {
        let all: Vec<&str> = loaded
            .documents
            .iter()
            .filter_map(|d| d.meta.index_no.as_deref())
            .collect();
        let section_nos: Vec<&str> = in_section
            .iter()
            .filter_map(|d| d.meta.index_no.as_deref())
            .collect();
        if let Some(no) = next_index_no(&config, &all, &section_nos, now.year()) {
            front.push(format!("index_no: {}", yaml_string(&no)));
        }
    }
    if config.issuer.is_empty() {
        front.push("issuer: \"\"  # 发布机构：请填写（或在 config.yaml 中写 issuer，以后新建的文档自动填好）".into());
    } else {
        front.push(format!("issuer: {}", yaml_string(&config.issuer)));
    }
    front.push(format!("date: {}", now.iso()));
    if !is_url_safe(stem) {
        front.push("slug: new-document  # 网址名：只用小写字母、数字和 -".into());
    }
    front.push(
        "# written_on: 成文日期\n# doc_no: 文号，如 某政办发〔2021〕1号\n# topics: [主题分类]"
            .into(),
    );
    let text = format!(
        "---\n{}\n---\n\n{}\n",
        front.join("\n"),
        crate::content::placeholder::NEW_BODY
    );
    write_new(&target, &text)?;
    eprintln!("已新建 {}", target.display());
    Ok(0)
}

fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
