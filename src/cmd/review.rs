//! `gongkai review approve|reject|list`: the office's review workflow on the command line (see
//! [`crate::review`]).

use crate::cli::{ReviewCommand, ReviewListArgs, ReviewSignArgs};
use crate::cmd::print_diagnostics;
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::review::signoff::Decision;
use crate::review::{DocReview, Request};

/// Runs a review subcommand. Returns the exit code.
pub fn review(command: &ReviewCommand) -> anyhow::Result<i32> {
    match command {
        ReviewCommand::Approve(args) => sign(args, Decision::Approve),
        ReviewCommand::Reject(args) => sign(args, Decision::Reject),
        ReviewCommand::List(args) => list(args),
    }
}

fn sign(args: &ReviewSignArgs, decision: Decision) -> anyhow::Result<i32> {
    let request = Request {
        root: &args.root,
        document: &args.document,
        level: &args.level,
        reviewer: &args.by,
        decision,
        note: &args.note,
        key: args.key.as_deref(),
    };
    let written = crate::review::sign(&request)?;
    let signed = {
        let mut sig = args.root.join(&written).into_os_string();
        sig.push(crate::review::signoff::SIGNATURE_SUFFIX);
        std::path::Path::new(&sig).is_file()
    };
    eprintln!(
        "已{}：{} {}（{}），签署写入 {}{}",
        match decision {
            Decision::Approve => "签署通过",
            Decision::Reject => "退回",
        },
        args.document.display(),
        args.level,
        args.by,
        written.display(),
        if signed {
            "，已用私钥签名"
        } else {
            "（未签名）"
        }
    );
    let document = written
        .strip_prefix(crate::review::signoff::DIR)
        .ok()
        .and_then(|p| p.parent())
        .map(|p| format!("content/{}", p.to_string_lossy().replace('\\', "/")));
    if let Some(state) = document
        .as_deref()
        .and_then(|d| crate::review::state_of(&args.root, d).ok().flatten())
    {
        eprintln!("{}", next_step(&state));
    }
    eprintln!("请把 {} 随内容一起提交。", written.display());
    Ok(0)
}

/// What happens next to a document, in one line.
fn next_step(state: &DocReview) -> String {
    match (&state.next, &state.returned) {
        (None, _) => "已通过全部审核：下一次 gongkai build 时发布".into(),
        (Some(_), Some(r)) => format!("已退回（{}）：修改后重新送审", r.note),
        (Some(next), None) => format!("下一步：待{}", next.label()),
    }
}

fn list(args: &ReviewListArgs) -> anyhow::Result<i32> {
    let mut diags = Diagnostics::new();
    let config = Config::load(&args.root, &mut diags);
    let loaded = crate::content::load::load(&args.root, false, &mut diags);
    let reviews = crate::review::judge(&args.root, &config, &loaded, &mut diags);
    print_diagnostics(diags.iter().filter(|d| d.file.starts_with("review")));
    let waiting = reviews.values().filter(|r| !r.complete()).count();
    for state in reviews.values().filter(|r| args.all || !r.complete()) {
        println!("{}《{}》", state.document, state.title);
        println!("  {}", next_step(state));
        for s in &state.signoffs {
            let void = if s.void {
                "（已作废：内容在签署后改动）"
            } else {
                ""
            };
            let note = if s.note.is_empty() {
                String::new()
            } else {
                format!("：{}", s.note)
            };
            println!(
                "  {} {} {} {}{note}{void}",
                s.level, s.decision, s.reviewer, s.time
            );
        }
    }
    eprintln!(
        "{} 篇文档需要审核：{waiting} 篇待审，{} 篇已通过全部审核",
        reviews.len(),
        reviews.len() - waiting
    );
    let sign_off_errors = diags
        .iter()
        .any(|d| d.is_error() && d.file.starts_with("review"));
    Ok(i32::from(sign_off_errors))
}
