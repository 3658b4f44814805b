//! `gongkai build` and `gongkai check`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::cli::{BuildArgs, SiteArgs};
use crate::cmd::print_diagnostics;
use crate::diagnostics::Diagnostic;
use crate::pipeline::{write_output, Build, BuildOptions, OutputFile};

fn options(args: &SiteArgs, links_are_errors: bool) -> BuildOptions {
    BuildOptions {
        root: args.root.clone(),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
        strict: args.strict,
        links_are_errors,
    }
}

/// Builds the site into the output folder. Returns the exit code.
pub fn build(args: &BuildArgs) -> anyhow::Result<i32> {
    if args.watch {
        return crate::cmd::serve::build_watch(args);
    }
    let mut build = Build::run(options(&args.site, false));
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.site.root.join("public"));
    let mut found = build.site.config.footer_problems();
    if !build.failed() {
        found.extend(vanished_documents(&build.files, &output));
    }
    build.add_diagnostics(found);
    print_diagnostics(&build.diagnostics);
    if build.failed() {
        eprintln!("{}", build.summary());
        eprintln!("{} 未被改动：修正以上错误后重新生成。", output.display());
        return Ok(1);
    }
    let compressed = if args.no_precompress {
        None
    } else {
        Some(crate::precompress::add(&mut build.files)?)
    };
    write_output(&build.files, &output)?;
    let extra = compressed.map(|s| format!("{s}，")).unwrap_or_default();
    eprintln!("{}", build.summary_with(&extra));
    Ok(0)
}

/// Published document URLs (REQUIREMENTS A8) that the new build no longer has: compared with the
/// previous output's `sitemap.xml`, by path. One warning per URL.
pub fn vanished_documents(files: &BTreeMap<String, OutputFile>, output: &Path) -> Vec<Diagnostic> {
    let Ok(old) = std::fs::read_to_string(output.join("sitemap.xml")) else {
        return Vec::new();
    };
    old.lines()
        .filter(|l| l.contains("<lastmod>"))
        .filter_map(|l| l.split("<loc>").nth(1)?.split("</loc>").next())
        .map(|loc| {
            let path = loc.split_once("://").map_or(loc, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
            path.trim_start_matches('/').to_string()
        })
        .filter(|path| !files.contains_key(&format!("{path}index.html")))
        .map(|path| {
            Diagnostic::warning(
                &output.join("sitemap.xml"),
                0,
                0,
                format!("已发布的网址 /{path} 在本次生成中消失：搬移或改名的文档请在 front matter 的 aliases 中写上旧网址，以免外部链接失效"),
            )
        })
        .collect()
}

/// Checks the site without writing anything; dead links are errors; prints accessibility lints.
pub fn check(args: &SiteArgs) -> anyhow::Result<i32> {
    let mut build = Build::run(options(args, true));
    // `check` holds the site to the publishing rules: a missing footer item is an error here.
    let footer = build
        .site
        .config
        .footer_problems()
        .into_iter()
        .map(Diagnostic::into_error)
        .collect();
    build.add_diagnostics(footer);
    print_diagnostics(&build.diagnostics);
    print_diagnostics(&build.accessibility);
    eprintln!(
        "检查完成：{} 个错误，{} 条警告，{} 条无障碍提示",
        build.diagnostics.error_count(),
        build.diagnostics.warning_count(),
        build.accessibility.iter().count()
    );
    Ok(i32::from(build.failed()))
}
