//! `gongkai deploy`: publishes `public/` to a folder ([`folder`]), an SSH server ([`sftp`]) or
//! S3-compatible object storage ([`s3`]) by the signed manifest of the build
//! ([`crate::manifest`]): the target's own manifest says what it holds, so only new and changed
//! files are sent ([`plan`]), in an order that never shows a broken site ([`order`]); files that
//! are gone are deleted after the new manifest is in place. A lock on the target keeps two
//! deploys apart; an interrupted deploy is finished by running it again ([`progress::Journal`],
//! [`target::PENDING_DELETES`]). Then `verify` reads every listed file back from the target.

pub mod folder;
pub mod order;
pub mod plan;
pub mod progress;
pub mod s3;
pub mod sftp;
pub mod target;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{bail, Context as _};

use self::order::Kind;
use self::plan::{size, OnTarget, Plan, Upload};
use self::progress::{Journal, Progress};
use self::target::{Holder, Target, PENDING_DELETES};
use crate::cli::{DeployArgs, VerifyArgs};
use crate::config::DeploySettings;
use crate::manifest::{Manifest, MANIFEST, SIGNATURE};

pub use crate::manifest::is_deploy_state;

/// The default `--max-deletes`: 5 % of the files on the target, at least 10.
pub fn default_max_deletes(files_on_target: usize) -> usize {
    (files_on_target * 5).div_ceil(100).max(10)
}

/// Runs `f` on every item with `threads` threads; stops at the first error and returns it.
pub(crate) fn each_parallel<T: Sync>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<()> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let first_error = std::sync::Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..threads.min(items.len()) {
            scope.spawn(|| {
                while !failed.load(Ordering::Relaxed) {
                    let Some(item) = items.get(next.fetch_add(1, Ordering::Relaxed)) else {
                        break;
                    };
                    if let Err(e) = f(item) {
                        failed.store(true, Ordering::Relaxed);
                        first_error
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .get_or_insert(e);
                    }
                }
            });
        }
    });
    match first_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Runs `f` on the files kind by kind, in upload order: the files of one kind with `threads`
/// threads, the manifest and its signature one after the other.
pub(crate) fn by_kind(
    files: &[Upload],
    threads: usize,
    f: impl Fn(&Upload) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<()> {
    for kind in Kind::ALL {
        let group: Vec<&Upload> = files.iter().filter(|u| u.kind == kind).collect();
        let threads = if kind == Kind::Manifest { 1 } else { threads };
        each_parallel(&group, threads, |u| f(u))?;
    }
    Ok(())
}

/// The command line completed with `deploy:` of `config.yaml`.
fn with_settings(args: &DeployArgs) -> anyhow::Result<DeployArgs> {
    let file = args.root.join("config.yaml");
    let settings = match std::fs::read_to_string(&file) {
        Ok(text) => serde_yaml::from_str::<crate::config::RawConfig>(&text)
            .ok()
            .and_then(|c| c.deploy)
            .unwrap_or_default(),
        Err(_) => DeploySettings::default(),
    };
    let mut out = args.clone();
    out.target = args.target.clone().or(settings.target);
    out.endpoint = args.endpoint.clone().or(settings.endpoint);
    out.region = args.region.clone().or(settings.region);
    out.addressing = args.addressing.or(settings.addressing);
    out.max_deletes = args.max_deletes.or(settings.max_deletes);
    out.identity = args.identity.clone().or(settings.identity);
    out.ssh_config = args.ssh_config.clone().or(settings.ssh_config);
    if out.target.is_none() {
        bail!("没有部署目标：请写在命令中（gongkai deploy /var/www/site、sftp://用户@主机/目录 或 s3://存储桶/前缀），或写在 config.yaml 的 deploy: target: 中");
    }
    Ok(out)
}

/// The new build: its manifest's bytes and the manifest.
fn new_build(public: &Path) -> anyhow::Result<(Vec<u8>, Manifest)> {
    let file = public.join(MANIFEST);
    let text = std::fs::read(&file).map_err(|_| {
        anyhow::anyhow!(
            "{} 中没有发布清单 {MANIFEST}：请先运行 gongkai build（build --watch 不写清单）",
            public.display()
        )
    })?;
    let manifest = Manifest::parse(&String::from_utf8_lossy(&text))
        .with_context(|| format!("{} 无法识别", file.display()))?;
    Ok((text, manifest))
}

/// Publishes the site. Returns the exit code (1 when `verify` finds a difference).
pub fn deploy(args: &DeployArgs) -> anyhow::Result<i32> {
    let args = with_settings(args)?;
    let public = args.root.join("public");
    let (new_text, new) = new_build(&public)?;
    let target = target::open(&args)?;
    let changed = AtomicBool::new(false);
    let outcome = if args.dry_run {
        plan_of(target.as_ref(), &args, &new, &public).map(|(plan, limit)| {
            show_plan(target.as_ref(), &plan, &args, limit);
            println!("（演习：没有改动目标上的任何文件）");
            0
        })
    } else {
        let holder = Holder::me();
        target.lock(&holder, args.break_lock).and_then(|()| {
            let run = run(target.as_ref(), &args, &public, (&new_text, &new), &changed);
            let unlocked = target.unlock();
            run.and_then(|code| unlocked.map(|()| code))
        })
    };
    outcome.map_err(|e| {
        if changed.load(Ordering::Relaxed) {
            e.context(format!("部署未完成：{} 上仍是可用的旧网站加上已传的新文件，旧清单仍在；再次运行同一命令即可从中断处继续", target.shown()))
        } else {
            e.context(format!("部署失败，{} 上没有任何改动", target.shown()))
        }
    })
}

/// Reads what the target holds and makes the plan; the target's manifest is returned too.
fn plan_of(
    target: &dyn Target,
    args: &DeployArgs,
    new: &Manifest,
    public: &Path,
) -> anyhow::Result<(Plan, usize)> {
    let mut read = target
        .read_all(&[MANIFEST, SIGNATURE, PENDING_DELETES])?
        .into_iter();
    let mut files = std::collections::BTreeMap::new();
    for name in [MANIFEST, SIGNATURE] {
        if let Some(bytes) = read.next().flatten() {
            files.insert(name, bytes);
        }
    }
    let old = match files.get(MANIFEST) {
        Some(text) => Manifest::parse(&String::from_utf8_lossy(text)).with_context(|| {
            format!(
                "{} 上的发布清单无法识别：如确认目标是本站，可删除它后重新部署",
                target.shown()
            )
        })?,
        None => Manifest::default(),
    };
    let pending: Vec<String> = read
        .next()
        .flatten()
        .map(|b| {
            String::from_utf8_lossy(&b)
                .lines()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let on = OnTarget {
        manifest: &old,
        manifest_files: &files,
        pending: &pending,
    };
    let mut plan = Plan::make(&on, new, public, target.skips_copies());
    if let Some((bad, _)) = plan
        .deletes
        .iter()
        .find(|(p, _)| !crate::verify::is_plain_path(p) || is_deploy_state(p))
    {
        bail!(
            "{} 上的发布清单列出了站外路径 “{bad}”：清单已被篡改，不会据此删除文件",
            target.shown()
        );
    }
    let limit = args
        .max_deletes
        .unwrap_or_else(|| default_max_deletes(old.files.len()));
    plan.deletes.sort();
    if plan.deletes.len() > limit && !args.dry_run {
        for (path, _) in &plan.deletes {
            println!("将删除：{path}");
        }
        bail!(
            "这次部署要删除 {} 个文件，超过上限 {limit} 个（--max-deletes）：已在改动任何文件之前停止。请核对上面列出的文件，确认无误后加 --max-deletes {} 重新运行",
            plan.deletes.len(),
            plan.deletes.len()
        );
    }
    Ok((plan, limit))
}

/// Prints the plan: counts and bytes per kind; on a dry run also every file to delete.
fn show_plan(target: &dyn Target, plan: &Plan, args: &DeployArgs, limit: usize) {
    println!(
        "部署计划：{} → {}",
        args.root.join("public").display(),
        target.shown()
    );
    for line in plan.lines() {
        println!("{line}");
    }
    if args.dry_run {
        for (path, _) in &plan.deletes {
            println!("将删除：{path}");
        }
        if plan.deletes.len() > limit {
            println!("注意：要删除的文件超过上限 {limit} 个，实际部署时会在改动前停止，除非加 --max-deletes {}", plan.deletes.len());
        }
    }
}

/// The deploy proper, under the lock.
fn run(
    target: &dyn Target,
    args: &DeployArgs,
    public: &Path,
    (new_text, new): (&[u8], &Manifest),
    changed: &AtomicBool,
) -> anyhow::Result<i32> {
    let start = Instant::now();
    let (plan, limit) = plan_of(target, args, new, public)?;
    show_plan(target, &plan, args, limit);
    let journal = Journal::open(&args.root, target.shown(), new_text);
    let (todo, resumed): (Vec<&Upload>, Vec<&Upload>) =
        plan.uploads.iter().partition(|u| !journal.has(&u.path));
    if !resumed.is_empty() {
        eprintln!(
            "续传：上次中断的部署已放好其中 {} 个文件，不再重传",
            resumed.len()
        );
    }
    let progress = Progress::new(todo.len(), todo.iter().map(|u| u.size).sum());
    let done = |path: &str, bytes: u64| {
        changed.store(true, Ordering::Relaxed);
        journal.record(path);
        progress.add(bytes);
    };
    progress.show_while(|| -> anyhow::Result<()> {
        let (site, manifest): (Vec<Upload>, Vec<Upload>) = todo
            .iter()
            .map(|u| (*u).clone())
            .partition(|u| u.kind != Kind::Manifest);
        target.put(public, &site, &done)?;
        if !plan.deletes.is_empty() {
            let list: String = plan.deletes.iter().map(|(p, _)| format!("{p}\n")).collect();
            target.write(PENDING_DELETES, list.as_bytes())?;
            changed.store(true, Ordering::Relaxed);
        }
        // The manifest, then its signature, one after the other.
        target.put(public, &manifest, &done)?;
        if !plan.deletes.is_empty() {
            let paths: Vec<String> = plan.deletes.iter().map(|(p, _)| p.clone()).collect();
            target.delete(&paths, &|_, _| {})?;
            target.delete(&[PENDING_DELETES.to_string()], &|_, _| {})?;
        }
        Ok(())
    })?;
    journal.finish();
    let requests = target
        .requests()
        .map(|n| format!("，对象存储请求 {n} 次"))
        .unwrap_or_default();
    eprintln!(
        "部署完成：上传 {} 个文件（{}），删除 {} 个，{} 个不变，用时 {:.1} 秒{requests}",
        plan.uploads.len(),
        size(plan.upload_bytes()),
        plan.deletes.len(),
        plan.unchanged.0,
        start.elapsed().as_secs_f64()
    );
    eprintln!("核对 {} 上的文件……", target.shown());
    let source = target.source()?;
    let verify = VerifyArgs {
        target: target.shown().to_string(),
        key: None,
        root: args.root.clone(),
        manifest: None,
    };
    let skips = target.skips_copies();
    crate::verify::report(&verify, source.as_ref(), &|p| {
        !(skips && order::copy_of(p, new).is_some())
    })
}
