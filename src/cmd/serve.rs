//! `gongkai serve` and `gongkai build --watch`: a build kept in memory (the site, not its
//! output), updated on every save.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use anyhow::Context as _;

use crate::cli::{BuildArgs, ServeArgs, SiteArgs};
use crate::cmd::print_diagnostics;
use crate::diagnostics::Category::Accessibility;
use crate::pipeline::{write_files, DirWriter, Mode};
use crate::serve::{ServerState, Status};
use crate::watch::{watch, write_update, Session, Update, Watched};

/// `gongkai build --watch`: build to the output folder, then keep it up to date.
pub fn build_watch(args: &BuildArgs) -> anyhow::Result<i32> {
    let options = crate::cmd::build::options(&args.site, Mode::Watch)?;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.site.root.join("public"));
    let mut session = Session::prepare(options);
    let precompress = !args.no_precompress;
    if !session.build.failed() {
        write_whole(&mut session, &output, precompress)?;
    }
    print_diagnostics(session.build.diagnostics().except(Accessibility));
    eprintln!("{}", session.build.summary());
    let writing = Arc::new(Mutex::new(()));
    stop_on_ctrl_c(writing.clone());
    let root = args.site.root.clone();
    let ready =
        || eprintln!("正在监视 content/、static/、themes/ 和 config.yaml 的改动（按 Ctrl+C 停止）");
    watch(&root, args.poll, ready, move |event| {
        let update = match event {
            Watched::Changed(paths) => session.apply(&paths),
            // The search index, feeds and listings, once the changed pages are out; then the
            // site judged again if a moment it changes at has come.
            Watched::Quiet => match session.catch_up(true).or_else(|| session.tick()) {
                Some(update) => update,
                None => return true,
            },
        };
        if update.summary.is_empty() {
            return true;
        }
        print_diagnostics(update.diagnostics.except(Accessibility));
        if !update.failed {
            let _guard = writing.lock().unwrap_or_else(|e| e.into_inner());
            let result = if output.exists() {
                write_with_copies(&update, &output, precompress)
            } else {
                write_whole(&mut session, &output, precompress)
            };
            if let Err(e) = result {
                eprintln!("错误: 写入 {} 失败：{e:#}", output.display());
            }
        }
        eprintln!("{}", update.summary);
        true
    })?;
    Ok(0)
}

/// Writes a whole build, with its precompressed copies unless `--no-precompress`: every file is
/// made again and written as it is made.
fn write_whole(session: &mut Session, output: &Path, precompress: bool) -> anyhow::Result<()> {
    let writer = DirWriter::create(output, precompress, session.build.outputs(), None)?;
    match session.build.render(&writer) {
        Ok(()) if !session.build.failed() => writer.commit(),
        Ok(()) => {
            writer.abandon();
            Ok(())
        }
        Err(e) => {
            writer.abandon();
            Err(e)
        }
    }
}

/// Applies an update with its `.gz` and `.br` copies: stale copies go first, so that the folder
/// of a removed page is left empty and removed with it.
fn write_with_copies(update: &Update, output: &Path, precompress: bool) -> anyhow::Result<()> {
    if !precompress {
        return write_update(update, output);
    }
    let (copies, stale) = crate::precompress::update(&update.written, &update.removed)?;
    for rel in stale {
        let path = output.join(rel);
        if path.is_file() {
            std::fs::remove_file(&path).with_context(|| format!("无法删除 {}", path.display()))?;
        }
    }
    write_update(update, output)?;
    write_files(&copies, output)
}

/// Exits with status 0 on Ctrl+C once no output is being written.
fn stop_on_ctrl_c(writing: Arc<Mutex<()>>) {
    std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        rt.block_on(async {
            let _ = tokio::signal::ctrl_c().await;
        });
        let _guard = writing.lock().unwrap_or_else(|e| e.into_inner());
        eprintln!("已停止监视。");
        std::process::exit(0);
    });
}

/// A preview server ready to run: the site built, the watcher started, the address chosen.
pub struct Prepared {
    /// The runtime to serve on.
    pub runtime: tokio::runtime::Runtime,
    /// The address to bind.
    pub addr: SocketAddr,
    /// The address printed for people (`http://127.0.0.1:1111/`).
    pub base: String,
    /// The server's state (the site kept up to date by the watcher).
    pub state: ServerState,
}

/// Builds the site (drafts too when `site.drafts`), starts watching it and picks the address:
/// what `serve` and `edit` share.
pub fn prepare(
    site: &SiteArgs,
    bind: std::net::IpAddr,
    port: u16,
    poll: bool,
) -> anyhow::Result<Prepared> {
    crate::cmd::site::require(&site.root)?;
    let runtime = tokio::runtime::Runtime::new()?;
    // Bind first so the base URL (used in QR codes and canonical links) has the real port.
    let listener = runtime.block_on(tokio::net::TcpListener::bind(SocketAddr::new(bind, port)))?;
    let addr = listener.local_addr()?;
    drop(listener);
    let base = crate::serve_hosts::AllowedHosts::for_address(addr).address();
    let mut options = crate::cmd::build::options(site, Mode::Preview)?;
    options.base_url = Some(site.base_url.clone().unwrap_or_else(|| base.clone()));
    let session = Session::new(options);
    print_diagnostics(session.build.diagnostics());
    eprintln!("{}", session.build.summary());
    let status = Status::of(session.build.diagnostics());
    let session = Arc::new(RwLock::new(session));
    let state = ServerState::new(session.clone(), status);
    let watch_state = state.clone();
    let root = site.root.clone();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let ready = move || {
            let _ = ready_tx.send(());
        };
        let result = watch(&root, poll, ready, move |event| {
            let mut session = session.write().unwrap_or_else(|e| e.into_inner());
            let update = match event {
                Watched::Changed(paths) => session.apply(&paths),
                Watched::Quiet => {
                    // The search index and feeds: pages are rendered on request, so only the
                    // files beside them need making. Then the site is judged again if a
                    // moment it changes at has come.
                    session.catch_up(false);
                    match session.tick() {
                        Some(update) => update,
                        None => return true,
                    }
                }
            };
            drop(session);
            if update.summary.is_empty() {
                return true;
            }
            print_diagnostics(&update.diagnostics);
            eprintln!("{}", update.summary);
            watch_state.publish(!update.failed, Status::of(&update.diagnostics));
            true
        });
        if let Err(e) = result {
            eprintln!("错误: 无法监视文件：{e:#}");
        }
    });
    // Announce the server only once every change will be seen.
    let _ = ready_rx.recv();
    Ok(Prepared {
        runtime,
        addr,
        base,
        state,
    })
}

/// `gongkai serve`.
pub fn serve(args: &ServeArgs) -> anyhow::Result<i32> {
    let Prepared {
        runtime,
        addr,
        base,
        state,
    } = prepare(&args.site, args.bind, args.port, args.poll)?;
    let page = if args.care {
        format!("{base}care/")
    } else {
        base.clone()
    };
    let open = args.open;
    let hosts = crate::serve_hosts::AllowedHosts::for_address(addr);
    let app = crate::serve::router(state);
    runtime.block_on(crate::serve::run(addr, hosts, app, move |bound| {
        eprintln!(
            "预览：{page}（标准版 {base}，关怀版 {base}care/；监听 {bound}；按 Ctrl+C 停止）"
        );
        if open {
            open_browser(&page);
        }
    }))?;
    eprintln!("已停止预览。");
    Ok(0)
}

/// Opens `url` in the system's browser.
pub fn open_browser(url: &str) {
    let candidates: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["explorer"]
    } else {
        &["xdg-open", "sensible-browser"]
    };
    for program in candidates {
        if std::process::Command::new(program).arg(url).spawn().is_ok() {
            return;
        }
    }
    eprintln!("无法自动打开浏览器，请手动访问 {url}");
}
