//! The command line in Chinese: clap's help and errors are English, so every command (present and
//! future ones alike) gets Chinese help templates, help and version flags, value names and
//! defaults here, and parser errors are written from their kind and context by [`render_error`].

use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::cli::Cli;

/// Parses the process arguments into a [`Cli`]; on a parser error, or for `--help` and
/// `--version`, prints in Chinese and exits (status 2 for errors, as clap does).
pub fn parse() -> Cli {
    let mut cmd = command();
    let result = cmd
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|m| Cli::from_arg_matches(&m));
    match result {
        Ok(cli) => cli,
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                println!("{}", e.render().to_string().trim_end());
                std::process::exit(0);
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                eprint!("{}", e.render());
                std::process::exit(2);
            }
            _ => {
                let args: Vec<String> = std::env::args().skip(1).collect();
                eprintln!("{}", render_error(&e, &cmd, &args));
                std::process::exit(2);
            }
        },
    }
}

/// The whole command tree with Chinese help text.
pub fn command() -> Command {
    localize(Cli::command(), "gongkai", true)
}

/// Chinese help for `cmd` and, recursively, its subcommands; `path` is how it is invoked.
fn localize(cmd: Command, path: &str, root: bool) -> Command {
    let mut cmd = cmd
        .disable_help_flag(true)
        .disable_colored_help(true)
        .mut_args(localize_arg)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助"),
        );
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本号"),
        );
    }
    let usage = usage(&cmd, path);
    let has_positionals = cmd.get_positionals().any(|a| !a.is_hide_set());
    let has_subcommands = cmd.has_subcommands();
    let mut template = String::from("{about}\n\n用法：{usage}\n");
    if has_subcommands {
        template.push_str("\n命令：\n{subcommands}\n");
    }
    if has_positionals {
        template.push_str("\n参数：\n{positionals}\n");
    }
    template.push_str("\n选项：\n{options}");
    if cmd.get_after_help().is_some() {
        template.push_str("{after-help}");
    }
    cmd = cmd.override_usage(usage).help_template(template);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = format!("{path} {name}");
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &sub_path, false));
    }
    cmd
}

/// How `cmd` is called: `gongkai build [选项]`, `gongkai init <目录>`.
fn usage(cmd: &Command, path: &str) -> String {
    let mut out = path.to_string();
    if cmd.get_opts().next().is_some() || cmd.get_arguments().any(|a| !a.is_positional()) {
        out.push_str(" [选项]");
    }
    for arg in cmd.get_positionals().filter(|a| !a.is_hide_set()) {
        let name = arg_value_name(arg);
        let many = matches!(arg.get_action(), ArgAction::Append);
        let dots = if many { "..." } else { "" };
        if arg.is_required_set() {
            let _ = write!(out, " <{name}>{dots}");
        } else {
            let _ = write!(out, " [{name}]{dots}");
        }
    }
    if cmd.has_subcommands() {
        let name = cmd.get_subcommand_value_name().unwrap_or("命令");
        let _ = write!(out, " <{name}>");
    }
    out
}

fn arg_value_name(arg: &Arg) -> String {
    arg.get_value_names()
        .and_then(|n| n.first())
        .map_or_else(|| arg.get_id().as_str().to_string(), |n| n.to_string())
}

/// One argument: a Chinese value name, and its default and possible values said in its help
/// instead of clap's `[default: …]` and `[possible values: …]`.
fn localize_arg(arg: Arg) -> Arg {
    let takes_value = !matches!(
        arg.get_action(),
        ArgAction::SetTrue
            | ArgAction::SetFalse
            | ArgAction::Count
            | ArgAction::Help
            | ArgAction::HelpShort
            | ArgAction::HelpLong
            | ArgAction::Version
    );
    if !takes_value {
        return arg;
    }
    let written = arg_value_name(&arg);
    let name = chinese_value_name(&written);
    let mut notes = Vec::new();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() {
        notes.push(format!("可选：{}", values.join("、")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() {
        let shown = defaults.join("、");
        if shown == "." {
            notes.push("默认为当前目录".to_string());
        } else {
            notes.push(format!("默认为 {shown}"));
        }
    }
    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    let help = if notes.is_empty() {
        help
    } else {
        format!("{help}（{}）", notes.join("；"))
    };
    let arg = match name {
        Some(name) => arg.value_name(name),
        None => arg,
    };
    arg.hide_default_value(true)
        .hide_possible_values(true)
        .help(help)
}

/// The Chinese name of a value shown in help and usage (`<目录>`): clap derives `ROOT`, `PATH`
/// … from the field names. Names that are formats (`YYYY-MM-DD`) or already Chinese stay;
/// an unknown English name becomes `值`. `None`: keep the name.
pub fn chinese_value_name(name: &str) -> Option<&'static str> {
    let english = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().any(|c| c.is_ascii_alphabetic());
    if !english {
        return None;
    }
    let zh = match name.to_ascii_uppercase().as_str() {
        "ROOT" | "DIR" | "OUTPUT" | "REPORT" | "FOLDER" => "目录",
        "PATH" | "PATHS" => "路径",
        "FILE" | "KEY" | "SECRET_KEY" | "MANIFEST" => "文件",
        "TARGET" => "目录或网址",
        "PORT" => "端口",
        "BIND" | "ADDR" | "ADDRESS" => "地址",
        "SECTION" => "栏目",
        "TITLE" => "标题",
        "FORMAT" => "格式",
        "BASE_URL" | "URL" => "网址",
        "COMMAND" => "命令",
        "NAME" => "名称",
        _ => "值",
    };
    Some(zh)
}

/// A parser error in Chinese, from its kind and context, with the usage of the command it
/// concerns and where to read more. `args` are the arguments as given (without the program).
pub fn render_error(e: &clap::Error, root: &Command, args: &[String]) -> String {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let list = |kind| match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let sub = args
        .iter()
        .find_map(|a| root.find_subcommand(a))
        .filter(|_| e.kind() != ErrorKind::InvalidSubcommand);
    let cmd = sub.unwrap_or(root);
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut out = String::from("错误：");
    let mut tips = Vec::new();
    match e.kind() {
        ErrorKind::InvalidSubcommand => {
            let what = text(ContextKind::InvalidSubcommand).unwrap_or_default();
            let _ = write!(out, "没有 “{what}” 这个命令");
            for s in list(ContextKind::SuggestedSubcommand) {
                tips.push(format!("是否要用 “{s}”？"));
            }
            let names: Vec<&str> = root.get_subcommands().map(|s| s.get_name()).collect();
            tips.push(format!("可用的命令：{}", names.join("、")));
        }
        ErrorKind::UnknownArgument => {
            let _ = write!(out, "没有 “{arg}” 这个选项或参数");
            for s in list(ContextKind::SuggestedArg) {
                tips.push(format!("是否要用 “{s}”？"));
            }
            if let Some(s) = text(ContextKind::SuggestedSubcommand) {
                tips.push(format!("“{s}” 是一个命令，应写在选项之前"));
            }
            if arg.starts_with('-') {
                tips.push(format!(
                    "如果 “{arg}” 是一个值（如以 - 开头的文件名），请写在 -- 之后：-- {arg}"
                ));
            }
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            let _ = write!(out, "选项 “{arg}” 需要一个值");
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let _ = write!(out, "选项 “{arg}” 的值 “{value}” 无效");
            let valid = list(ContextKind::ValidValue);
            if !valid.is_empty() {
                tips.push(format!("可选的值：{}", valid.join("、")));
            }
            for s in list(ContextKind::SuggestedValue) {
                tips.push(format!("是否要用 “{s}”？"));
            }
            if let Some(help) = arg_help(cmd, &arg) {
                tips.push(format!("应为：{help}"));
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let _ = write!(
                out,
                "缺少必须提供的参数：{}",
                list(ContextKind::InvalidArg).join("、")
            );
        }
        ErrorKind::MissingSubcommand => out.push_str("缺少命令"),
        ErrorKind::ArgumentConflict => {
            let prior = list(ContextKind::PriorArg);
            if prior.is_empty() || prior.contains(&arg) {
                let _ = write!(out, "选项 “{arg}” 只能用一次");
            } else {
                let _ = write!(out, "选项 “{arg}” 不能与 “{}” 同时使用", prior.join("”“"));
            }
        }
        ErrorKind::TooManyValues => {
            let _ = write!(out, "多出了值 “{value}”：选项 “{arg}” 只接受一个值");
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let _ = write!(out, "选项 “{arg}” 的值的个数不对");
        }
        ErrorKind::NoEquals => {
            let _ = write!(out, "选项 “{arg}” 的值要用 = 连接，如 {arg}=值");
        }
        ErrorKind::InvalidUtf8 => out.push_str("参数中有无法识别的字符（不是 UTF-8 文字）"),
        _ => out.push_str("命令行参数有误"),
    }
    out.push('\n');
    for tip in tips {
        let _ = writeln!(out, "  提示：{tip}");
    }
    let path = match sub {
        Some(s) => format!("gongkai {}", s.get_name()),
        None => "gongkai".to_string(),
    };
    let usage = usage(cmd, &path);
    let _ = write!(out, "\n用法：{usage}\n\n查看全部选项：{path} --help");
    out
}

/// The help of the option `shown` (`--port <端口>`) of `cmd`.
fn arg_help(cmd: &Command, shown: &str) -> Option<String> {
    let long = shown
        .split([' ', '='])
        .next()?
        .trim_start_matches('-')
        .to_string();
    cmd.get_arguments()
        .find(|a| a.get_long() == Some(long.as_str()) || a.get_id().as_str() == long)
        .and_then(|a| a.get_help())
        .map(ToString::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every help page of every command, as the user sees it.
    fn all_help(cmd: &mut Command, out: &mut Vec<(String, String)>) {
        out.push((
            cmd.get_name().to_string(),
            cmd.render_long_help().to_string(),
        ));
        for sub in cmd.get_subcommands_mut() {
            all_help(sub, out);
        }
    }

    #[test]
    fn help_of_every_command_is_chinese() {
        let mut cmd = command();
        cmd.build();
        let mut pages = Vec::new();
        all_help(&mut cmd, &mut pages);
        assert!(pages.len() > 5);
        for (name, page) in pages {
            for word in [
                "Usage",
                "Options",
                "Arguments",
                "Commands",
                "Print help",
                "Print version",
                "default",
                "possible values",
                "[OPTIONS]",
            ] {
                assert!(!page.contains(word), "{name}: {word}\n{page}");
            }
            assert!(page.contains("用法：gongkai"), "{name}\n{page}");
            assert!(page.contains("-h, --help"), "{name}\n{page}");
        }
    }

    #[test]
    fn value_names_are_chinese_or_formats() {
        assert_eq!(chinese_value_name("ROOT"), Some("目录"));
        assert_eq!(chinese_value_name("YYYY-MM-DD"), None);
        assert_eq!(chinese_value_name("WHATEVER"), Some("值"));
        assert_eq!(chinese_value_name("目录"), None);
    }
}
