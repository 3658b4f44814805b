//! `gongkai build` and `gongkai check`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::cli::{BuildArgs, CheckArgs, CheckFormat, SiteArgs};
use crate::cmd::print_diagnostics;
use crate::diagnostics::{Category, Diagnostic};
use crate::inspect::report::Report;
use crate::pipeline::{Build, BuildOptions, DirWriter, Kept, Mode, Origin};

/// The options of a build of the site `args` names for `mode`.
pub(crate) fn options(args: &SiteArgs, mode: Mode) -> anyhow::Result<BuildOptions> {
    let mut options = BuildOptions::new(&args.root, mode);
    options.base_url.clone_from(&args.base_url);
    options.drafts = args.drafts;
    options.strict = args.strict;
    options.today = crate::lifecycle::Clock::given(args.today.as_deref())?;
    Ok(options)
}

/// Builds the site into the output folder. Returns the exit code.
pub fn build(args: &BuildArgs) -> anyhow::Result<i32> {
    crate::cmd::site::require(&args.site.root)?;
    if args.watch {
        return crate::cmd::serve::build_watch(args);
    }
    // Previews (`--drafts`, `--today`) leave the publication record as it is; a build that
    // publishes holds its lock from reading it to writing it.
    let recording = !args.site.drafts && args.site.today.is_none();
    let _record_lock = if recording && args.site.root.is_dir() {
        Some(crate::record::lock(&args.site.root)?)
    } else {
        None
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.site.root.join("public"));
    // A build stopped while it changed the output is finished first, even if this one fails.
    DirWriter::finish_interrupted(&output)?;
    let scan = DirWriter::scan(&output);
    let (fronts, warning) = crate::cache::FrontStore::open(&args.site.root);
    if let Some(line) = warning {
        eprintln!("{line}");
    }
    let (bodies, warning) = crate::cache::BodyStore::open(&args.site.root);
    if let Some(line) = warning {
        eprintln!("{line}");
    }
    let (index, warning) = crate::cache::read_index(&args.site.root);
    if let Some(line) = warning {
        eprintln!("{line}");
    }
    let options = options(&args.site, Mode::Build)?;
    let kept = Kept {
        fronts: Some(&fronts),
        bodies: Some(&bodies),
        index,
    };
    let mut build = Build::prepare_with(options, kept);
    for line in [fronts.save(), bodies.save()].into_iter().flatten() {
        eprintln!("{line}");
    }
    let kept = build.take_kept_index();
    if let Some(line) = kept.and_then(|k| crate::cache::write_index(&args.site.root, &k)) {
        eprintln!("{line}");
    }
    let mut signer = None;
    if !build.failed() {
        let vanished = vanished_documents(build.outputs(), &output);
        build.add_diagnostics(vanished);
        // The key is read before any page is made: a bad signing_key stops the build at once.
        signer = build.signer()?;
    }
    let written = if build.failed() {
        None
    } else {
        let mut writer =
            DirWriter::create(&output, !args.no_precompress, build.outputs(), Some(scan))?;
        let (cache, warning) = crate::cache::BuildCache::open(&args.site.root);
        if let Some(line) = warning {
            eprintln!("{line}");
        }
        writer.use_cache(cache);
        match build.render(&writer) {
            Ok(()) if !build.failed() => Some(writer),
            result => {
                writer.abandon();
                result?;
                None
            }
        }
    };
    print_diagnostics(build.diagnostics().except(Category::Accessibility));
    let Some(mut writer) = written else {
        eprintln!("{}", build.summary());
        eprintln!("{} 未被改动：修正以上错误后重新生成。", output.display());
        return Ok(1);
    };
    // What rendering freed is not what the manifest needs.
    crate::memory::release_freed();
    let copies = writer.take_copies();
    let summary = match build.seal(copies, signer.as_ref(), recording) {
        Ok(sealed) => {
            use rayon::prelude::*;
            // Written side by side; of two failures, the first file's is reported.
            let written: Vec<anyhow::Result<()>> = (sealed.files.into_par_iter())
                .map(|file| writer.add(&file.rel, &file.bytes, file.entry))
                .collect();
            written.into_iter().collect::<anyhow::Result<()>>()?;
            sealed.summary
        }
        Err(e) => {
            writer.abandon();
            return Err(e);
        }
    };
    // The files made of the manifest, the record and the list of every file are written.
    crate::memory::release_freed();
    build.lap("manifest");
    let compressed = writer.stats();
    let cache = writer.take_cache();
    let reused = cache.as_ref().map(crate::cache::BuildCache::reused);
    writer.commit()?;
    if let Some(line) = cache.and_then(crate::cache::BuildCache::save) {
        eprintln!("{line}");
    }
    if recording {
        crate::record::save(&args.site.root, build.publication())?;
    }
    build.lap("commit, cache and record saved");
    for line in crate::review::held_lines(build.reviews()) {
        eprintln!("{line}");
    }
    let extra = reused
        .map(|n| format!("{n} 个页面沿用缓存，"))
        .unwrap_or_default()
        + &compressed.map(|s| format!("{s}，")).unwrap_or_default()
        + &summary;
    eprintln!("{}", build.summary_with(&extra));
    if let Some(next) = build.lifecycle().next_change(build.site()) {
        eprintln!("{next}");
    }
    Ok(0)
}

/// Published document URLs (REQUIREMENTS A8) that the new build no longer has: compared with the
/// previous output's `sitemap.xml` (and the files it lists when it is an index), by path. One
/// warning per URL.
pub fn vanished_documents(files: &BTreeMap<String, Origin>, output: &Path) -> Vec<Diagnostic> {
    let Ok(mut old) = std::fs::read_to_string(output.join("sitemap.xml")) else {
        return Vec::new();
    };
    if old.contains("<sitemapindex") {
        let parts: Vec<String> = (old.split("<loc>").skip(1))
            .filter_map(|l| l.split("</loc>").next()?.rsplit('/').next())
            .filter(|name| crate::pipeline::is_sitemap_file(name))
            .filter_map(|name| std::fs::read_to_string(output.join(name)).ok())
            .collect();
        old = parts.concat();
    }
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

/// Checks the site without writing anything: every build check (dead links and missing footer
/// items are errors here), the accessibility lints and the inspection rules of
/// [`crate::inspect`]; `--report` writes the HTML report, `--format json` prints it as JSON.
pub fn check(args: &CheckArgs) -> anyhow::Result<i32> {
    crate::cmd::site::require(&args.site.root)?;
    let mut build = Build::run(options(&args.site, Mode::Check)?);
    let today = build.lifecycle().clock.today();
    let (due, cleanup) = crate::lifecycle::validity::cleanup(build.site(), build.lifecycle());
    let mut found: Vec<Diagnostic> = Vec::new();
    let options = crate::inspect::Options {
        today,
        attachments: !args.no_attachments,
        fix: args.fix,
    };
    let inspection = crate::inspect::inspect(
        build.site(),
        build.lifecycle(),
        &args.site.root,
        &options,
        crate::inspect::LoadedInputs {
            words: build.words(),
            word_problems: (build.diagnostics().iter())
                .filter(|d| d.file == Path::new(crate::inspect::wordlist::FILE))
                .cloned()
                .collect(),
            scanned: build.inspected_sources(),
        },
    );
    found.extend(inspection.findings.iter().map(|f| f.diagnostic.clone()));
    found.extend(cleanup);
    found.extend(crate::record::unrecorded(build.publication()));
    found.extend(crate::register::check(build.site(), &args.site.root, today));
    found.extend(crate::website_report::problems(build.site(), today));
    build.add_diagnostics(found);
    print_diagnostics(build.diagnostics());
    for line in crate::lifecycle::validity::cleanup_lines(build.site(), &due) {
        eprintln!("{line}");
    }
    if let Some(next) = build.lifecycle().next_change(build.site()) {
        eprintln!("{next}");
    }
    let json = args.format == CheckFormat::Json;
    if args.report.is_some() || json {
        let findings = crate::inspect::classify(build.diagnostics(), &inspection);
        let report = Report::new(&build.site().config.identity.title, &inspection, &findings);
        if let Some(dir) = &args.report {
            let page = report.write(dir, &args.site.root)?;
            eprintln!("检查报告已写入 {}", page.display());
        }
        if json {
            println!("{}", report.json());
        }
    }
    eprintln!(
        "检查完成：{} 个错误，{} 条警告，{} 条无障碍提示",
        build.diagnostics().error_count(),
        build.diagnostics().warning_count(),
        build.diagnostics().of(Category::Accessibility).count()
    );
    Ok(i32::from(build.failed()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vanished_documents_are_found_through_a_sitemap_index() {
        let out = tempfile::tempdir().unwrap();
        let index = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <sitemap><loc>https://www.example.gov.cn/sitemap-1.xml</loc></sitemap>\n  <sitemap><loc>https://www.example.gov.cn/sitemap-2.xml</loc></sitemap>\n</sitemapindex>\n";
        let part = |path: &str| {
            format!("<urlset>\n  <url><loc>https://www.example.gov.cn/{path}</loc><lastmod>2021-01-01</lastmod></url>\n</urlset>\n")
        };
        std::fs::write(out.path().join("sitemap.xml"), index).unwrap();
        std::fs::write(out.path().join("sitemap-1.xml"), part("xxgk/a/")).unwrap();
        std::fs::write(out.path().join("sitemap-2.xml"), part("xxgk/b/")).unwrap();
        let mut files = BTreeMap::new();
        files.insert(
            "xxgk/a/index.html".to_string(),
            Origin::Bytes(b"a"[..].into()),
        );
        let found = vanished_documents(&files, out.path());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("/xxgk/b/"),
            "{}",
            found[0].message
        );
    }
}
