//! `gongkai import FILE|DIR… --section SECTION`: prints, per file, what was recognised field by
//! field and what was not, then writes the documents (not with `--dry-run`). A file that cannot
//! be imported is reported and skipped; the exit status is 1 when any was.

use crate::cli::ImportArgs;
use crate::import::{import as run_import, ImportOptions};

/// Display width of a string in a terminal (CJK characters take two columns).
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

fn pad(s: &str, to: usize) -> String {
    format!("{s}{}", " ".repeat(to.saturating_sub(width(s))))
}

/// Runs the import.
pub fn import(args: &ImportArgs) -> anyhow::Result<i32> {
    crate::cmd::site::require(&args.root)?;
    if let Some(mirror) = &args.site {
        return super::import_site::import_site(args, mirror);
    }
    let section = args.section.as_deref().unwrap_or("").trim_matches('/');
    if section.is_empty()
        || section
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..")
    {
        anyhow::bail!(
            "--section 应为 content/ 下的栏目文件夹，如 xxgk/zcwj，实际为 “{}”",
            args.section.as_deref().unwrap_or("")
        );
    }
    let opts = ImportOptions {
        root: args.root.clone(),
        section: section.to_string(),
        dry_run: args.dry_run,
        force: args.force,
    };
    let section_index = args.root.join("content").join(section).join("_index.md");
    let new_section = !section_index.exists();
    let (outcomes, _) = run_import(&args.paths, &opts);
    if new_section && !args.dry_run && section_index.exists() {
        eprintln!(
            "注意：新建了栏目 content/{section}/_index.md，标题暂为 “{}”：请改为栏目名称",
            section.rsplit('/').next().unwrap_or(section)
        );
    }
    if outcomes.is_empty() {
        anyhow::bail!("没有找到可导入的文件（.docx、.html、.htm）");
    }
    let mut failed = 0;
    let mut warned = 0;
    for o in &outcomes {
        let shown = o.source.display();
        match &o.result {
            Err(e) => {
                failed += 1;
                eprintln!("{shown}: 错误: {e}（未写入任何文件）");
            }
            Ok(d) => {
                let target = d.target.strip_prefix(&opts.root).unwrap_or(&d.target);
                let verb = if args.dry_run {
                    "将导入为（试运行，未写入）"
                } else {
                    "已导入为"
                };
                println!("{shown}\n  {verb} {}", target.display());
                let w = d.rows.iter().map(|r| width(&r.field)).max().unwrap_or(4);
                for r in &d.rows {
                    let value: String = if r.value.chars().count() > 60 {
                        r.value.chars().take(58).chain("……".chars()).collect()
                    } else {
                        r.value.clone()
                    };
                    println!("  {}  {}  ← {}", pad(&r.field, w), value, r.from);
                }
                if !d.missing.is_empty() {
                    println!("  未识别：{}", d.missing.join("、"));
                }
                for f in &d.files {
                    let p = f.0.strip_prefix(&opts.root).unwrap_or(&f.0);
                    println!("  文件：{}（{} 字节）", p.display(), f.1.size());
                }
                for wmsg in &d.warnings {
                    warned += 1;
                    eprintln!("{shown}: 警告: {wmsg}");
                }
                println!();
            }
        }
    }
    let ok = outcomes.len() - failed;
    eprintln!(
        "{}导入 {ok} 个文件，失败 {failed} 个，警告 {warned} 条。{}",
        if args.dry_run { "试运行：可" } else { "" },
        if args.dry_run || ok == 0 {
            ""
        } else {
            "运行 gongkai check 检查导入的文档。"
        }
    );
    Ok(if failed > 0 { 1 } else { 0 })
}
