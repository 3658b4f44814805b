//! `gongkai build` and `gongkai check`.

use crate::cli::{BuildArgs, SiteArgs};
use crate::cmd::print_diagnostics;
use crate::pipeline::{write_output, Build, BuildOptions};

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
    let build = Build::run(options(&args.site, false));
    print_diagnostics(&build.diagnostics);
    if build.failed() {
        eprintln!("{}", build.summary());
        eprintln!("public/ 未被改动：修正以上错误后重新生成。");
        return Ok(1);
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.site.root.join("public"));
    write_output(&build.files, &output)?;
    if build.site.config.base_url.is_none() {
        eprintln!("config.yaml: 警告: base_url（网站地址）: 未配置网站地址：页面不含二维码和分享链接，canonical 为相对地址");
    }
    eprintln!("{}", build.summary());
    Ok(0)
}

/// Checks the site without writing anything; dead links are errors; prints accessibility lints.
pub fn check(args: &SiteArgs) -> anyhow::Result<i32> {
    let build = Build::run(options(args, true));
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
