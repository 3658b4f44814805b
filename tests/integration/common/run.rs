//! Running the `gongkai` binary: [`gongkai`] with any arguments, the [`build`] and [`check`]
//! shorthands, and the [`Run`] they return (exit code, output, error and warning lines).

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

/// The binary under test (built once by cargo for the whole test binary).
pub const BIN: &str = env!("CARGO_BIN_EXE_gongkai");

/// The result of one run of the binary.
#[derive(Debug, Clone)]
pub struct Run {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Everything printed on stderr.
    pub stderr: String,
    /// Everything printed on stdout.
    pub stdout: String,
}

impl From<std::process::Output> for Run {
    /// The exit code and the printed text of a finished run.
    fn from(out: std::process::Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        }
    }
}

impl Run {
    /// Lines that are errors (`…: 错误: …`).
    pub fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": 错误: "))
            .collect()
    }

    /// Lines that are warnings (`…: 警告: …`).
    pub fn warnings(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": 警告: "))
            .collect()
    }

    /// Panics with the whole output unless the exit code is `code`.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}, got {}\n--- stderr ---\n{}\n--- stdout ---\n{}",
            self.code, self.stderr, self.stdout
        );
        self
    }
}

/// Runs the binary with `args`.
pub fn gongkai<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = Command::new(BIN)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gongkai");
    Run::from(out)
}

/// `gongkai build --root ROOT EXTRA…`.
pub fn build(root: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec![OsStr::new("build"), OsStr::new("--root"), root.as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    gongkai(args)
}

/// `gongkai check --root ROOT`.
pub fn check(root: &Path) -> Run {
    gongkai([OsStr::new("check"), OsStr::new("--root"), root.as_os_str()])
}
