//! `gongkai import --site MIRROR/ [--dry-run]`: migrates a whole old site from a mirror, with a
//! progress bar on a terminal, then prints the totals, the sections made and where the
//! migration report and redirect maps are. The exit status is 1 when a document could not be
//! written.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Mutex;

use crate::cli::ImportArgs;
use crate::import::mirror::{migrate, MirrorOptions, REPORT_DIR};

/// A progress bar on standard error, only on a terminal (a pipe or a log gets the summary alone),
/// redrawn when the percentage grows. Pages are read on several threads, which may report out of
/// order: a smaller count reported late is not drawn, so the bar never goes back and nothing is
/// drawn after the finished bar's line ends.
fn progress_bar() -> impl Fn(usize, usize) + Sync {
    let shown: Mutex<Option<usize>> = Mutex::new(None);
    let terminal = std::io::stderr().is_terminal();
    move |done: usize, total: usize| {
        if !terminal || total == 0 {
            return;
        }
        let percent = done * 100 / total;
        let Ok(mut last) = shown.lock() else { return };
        if last.is_some_and(|l| l >= percent) {
            return;
        }
        *last = Some(percent);
        let filled = percent * 30 / 100;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r读取镜像 [{}{}] {percent:>3}%  {done}/{total} 页",
            "#".repeat(filled),
            " ".repeat(30 - filled)
        );
        if percent == 100 {
            let _ = writeln!(err);
        }
    }
}

/// Runs the migration.
pub fn import_site(args: &ImportArgs, mirror: &Path) -> anyhow::Result<i32> {
    if !mirror.is_dir() {
        anyhow::bail!(
            "--site 应为旧网站的镜像文件夹（wget --mirror 或 HTTrack 保存的），“{}” 不是文件夹",
            mirror.display()
        );
    }
    if !args.root.join("config.yaml").is_file() {
        anyhow::bail!(
            "{} 中没有 config.yaml：--root 应为 gongkai 站点的根目录（先运行 gongkai init）",
            args.root.display()
        );
    }
    let opts = MirrorOptions {
        mirror: mirror.to_path_buf(),
        root: args.root.clone(),
        dry_run: args.dry_run,
    };
    let m = migrate(&opts, &progress_bar());
    let totals = m.totals();
    let count = |k: &str| totals.get(k).copied().unwrap_or(0);
    let per_section = m.per_section();
    for (dir, title) in &m.sections {
        println!(
            "栏目 content/{dir}（{title}）：{} 篇",
            per_section.get(dir).copied().unwrap_or(0)
        );
    }
    let unsure: usize = m
        .pages
        .iter()
        .filter(|p| p.fields.iter().any(|f| !f.certain))
        .count();
    let missing_files: usize = m.pages.iter().map(|p| p.missing_files.len()).sum();
    let skipped: Vec<String> = totals
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "导入" | "重复"))
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    eprintln!(
        "{}镜像中 {} 个页面：导入 {} 篇，重复 {} 篇（只导入一次），跳过 {}（{}）；{} 篇有需要核对的字段，{} 个附件或图片不在镜像中；{} 个动态网址写入转向表。",
        if args.dry_run { "试运行（未写入任何文件）：" } else { "" },
        m.pages.len(),
        count("导入"),
        count("重复"),
        m.pages.len() - count("导入") - count("重复") - count("写入失败"),
        if skipped.is_empty() { "无".to_string() } else { skipped.join("，") },
        unsure,
        missing_files,
        m.moved.len(),
    );
    for e in &m.errors {
        eprintln!("错误: {e}");
    }
    if !args.dry_run {
        eprintln!(
            "迁移报告：{0}/report.html（JSON：{0}/report.json）；转向表：{0}/nginx-redirects.map、{0}/apache-redirects.txt",
            args.root.join(REPORT_DIR).display()
        );
    }
    Ok(if count("写入失败") > 0 || !m.errors.is_empty() {
        1
    } else {
        0
    })
}
