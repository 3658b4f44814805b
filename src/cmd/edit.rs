//! `gongkai edit`: the preview server with the editing interface (see [`crate::edit`]).

use std::sync::Arc;

use crate::cli::EditArgs;
use crate::cmd::serve::{open_browser, prepare, Prepared};
use crate::edit::Editor;
use crate::serve_hosts::AllowedHosts;

/// Starts the editor and serves until Ctrl+C.
pub fn edit(args: &EditArgs) -> anyhow::Result<i32> {
    let password = args
        .password
        .clone()
        .or_else(|| std::env::var("GONGKAI_EDIT_PASSWORD").ok())
        .filter(|p| !p.is_empty());
    if !args.bind.is_loopback() && password.is_none() {
        anyhow::bail!(
            "--bind {} 会让其他电脑也能打开编辑页面：请同时用 --password 设置密码（或设置环境变量 GONGKAI_EDIT_PASSWORD）",
            args.bind
        );
    }
    let mut site = args.site.clone();
    // Clerks edit drafts: the site in memory holds them.
    site.drafts = true;
    let Prepared {
        runtime,
        addr,
        base,
        state,
    } = prepare(&site, args.bind, args.port, args.poll)?;
    let root = site.root.canonicalize()?;
    let hosts = AllowedHosts::for_address(addr);
    let with_password = password.is_some();
    let editor = Arc::new(Editor::new(root, state.clone(), password, hosts.clone()));
    let page = if with_password {
        format!("{base}_edit/")
    } else {
        format!("{base}_edit/#k={}", editor.secret)
    };
    let app = crate::edit::app(editor, crate::serve::router(state));
    let open = args.open;
    runtime.block_on(crate::serve::run(addr, hosts, app, move |bound| {
        eprintln!("编辑：{page}");
        eprintln!(
            "（请用上面的地址打开：其中含本次的会话密钥，不要发给别人。预览 {base}；监听 {bound}；按 Ctrl+C 停止）"
        );
        if open {
            open_browser(&page);
        }
    }))?;
    eprintln!("已停止编辑。");
    Ok(0)
}
