//! What every deploy target can do ([`Target`]), which target a `TARGET` argument names
//! ([`open`]), and the lock holder written on the target ([`Holder`]).

use std::path::{Path, PathBuf};

use anyhow::bail;

use super::plan::Upload;
use crate::cli::DeployArgs;
use crate::verify::Source;

/// Files and folders gongkai keeps on a target beside the site, all under this name: the
/// lock, the list of deletions still to do, files being uploaded. `verify` ignores them.
pub const STATE: &str = crate::manifest::DEPLOY_STATE;
/// The deletions an interrupted deploy still has to make, one path a line.
pub const PENDING_DELETES: &str = ".gongkai-deploy/pending-deletes";

/// Called after each file is in place (or deleted), with its path and size.
pub type Done<'a> = &'a (dyn Fn(&str, u64) + Sync);

/// A place a site is published to.
pub trait Target: Sync {
    /// The target as the user wrote it (no secrets), for messages.
    fn shown(&self) -> &str;
    /// A small file of the target (the manifest, its signature, the lock), or `None`.
    fn read(&self, path: &str) -> anyhow::Result<Option<Vec<u8>>>;
    /// Several small files at once (one connection where that matters).
    fn read_all(&self, paths: &[&str]) -> anyhow::Result<Vec<Option<Vec<u8>>>> {
        paths.iter().map(|p| self.read(p)).collect()
    }
    /// Takes the target's lock for `holder`, or fails naming who holds it. A lock left by a
    /// deploy on this machine whose process is gone is taken over; `force` takes any lock.
    fn lock(&self, holder: &Holder, force: bool) -> anyhow::Result<()>;
    /// Gives the lock back.
    fn unlock(&self) -> anyhow::Result<()>;
    /// Puts each file of `files` (read from `public`, in upload order) in place, each replacing
    /// the old one at once (a visitor gets the old or the new file, never a part), a file only
    /// once every file of an earlier kind is in place; `done` after each.
    fn put(&self, public: &Path, files: &[Upload], done: Done<'_>) -> anyhow::Result<()>;
    /// Writes a small state file.
    fn write(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()>;
    /// Deletes files (a file already gone is no error); `done` after each.
    fn delete(&self, paths: &[String], done: Done<'_>) -> anyhow::Result<()>;
    /// The target as `verify` reads it.
    fn source(&self) -> anyhow::Result<Box<dyn Source + '_>>;
    /// Whether the `.gz`/`.br` copies are left out (object storage cannot choose them by the
    /// browser's `Accept-Encoding`).
    fn skips_copies(&self) -> bool {
        false
    }
    /// Requests made so far (object storage), for the summary.
    fn requests(&self) -> Option<u64> {
        None
    }
}

/// Opens the target `args.target` names: a folder, `sftp://…` or `s3://…`.
pub fn open(args: &DeployArgs) -> anyhow::Result<Box<dyn Target>> {
    let target = args.target.as_deref().unwrap_or_default();
    if let Some(rest) = target.strip_prefix("s3://") {
        return Ok(Box::new(super::s3::S3::open(rest, args)?));
    }
    if let Some(rest) = target.strip_prefix("sftp://") {
        return Ok(Box::new(super::sftp::Sftp::open(rest, args)?));
    }
    if target.contains("://") {
        bail!("无法识别部署目标 {target}：应为文件夹、sftp://用户@主机[:端口]/路径 或 s3://存储桶/前缀");
    }
    Ok(Box::new(super::folder::Folder::open(Path::new(target))?))
}

/// Who holds a lock: written into it, read back to tell the user and to find stale locks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Host name.
    pub host: String,
    /// Process id.
    pub pid: u32,
    /// When the lock was taken (Beijing time).
    pub since: String,
    /// A token unique to this deploy.
    pub token: String,
}

impl Holder {
    /// This process.
    pub fn me() -> Holder {
        let since = jiff::tz::Offset::constant(8)
            .to_datetime(jiff::Timestamp::now())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string();
        let pid = std::process::id();
        let nanos = jiff::Timestamp::now().as_nanosecond();
        Holder {
            host: host_name(),
            pid,
            since,
            token: format!("{pid:x}-{:x}", nanos as u64),
        }
    }

    /// The lock file's text.
    pub fn text(&self) -> String {
        format!(
            "host={}\npid={}\nsince={}\ntoken={}\n",
            self.host, self.pid, self.since, self.token
        )
    }

    /// Reads a lock file's text.
    pub fn parse(text: &str) -> Option<Holder> {
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
                .map(str::to_string)
        };
        Some(Holder {
            host: field("host")?,
            pid: field("pid")?.parse().ok()?,
            since: field("since")?,
            token: field("token")?,
        })
    }

    /// Whether the holder was a deploy on this machine that no longer runs.
    pub fn is_stale(&self) -> bool {
        self.host == host_name() && !Path::new(&format!("/proc/{}", self.pid)).exists()
    }

    /// The refusal when someone else holds the lock.
    pub fn refusal(&self, target: &str, lock: &str) -> anyhow::Error {
        anyhow::anyhow!(
            "{target} 正由另一次部署使用（{} 上的进程 {}，{} 开始）：两次部署不能同时进行，请等它结束后再试；如确认它已中断，可加 --break-lock 解除锁（{lock}）",
            self.host,
            self.pid,
            self.since
        )
    }
}

/// This machine's name.
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

/// Decides what to do about a lock found on a target: `Ok(true)` when it may be removed
/// (stale or forced, said on stderr), else the refusal.
pub fn may_break(found: &str, target: &str, lock: &str, force: bool) -> anyhow::Result<bool> {
    let Some(holder) = Holder::parse(found) else {
        if force {
            return Ok(true);
        }
        bail!("{target} 上有无法识别的部署锁 {lock}：如确认没有部署在进行，可加 --break-lock 解除");
    };
    if force || holder.is_stale() {
        eprintln!(
            "解除部署锁：{} 上的进程 {}（{} 开始）{}",
            holder.host,
            holder.pid,
            holder.since,
            if force {
                "，按 --break-lock"
            } else {
                "已不在运行，上次部署被中断，现在继续"
            }
        );
        return Ok(true);
    }
    Err(holder.refusal(target, lock))
}

/// A local temporary folder removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new empty folder under the system's temporary folder.
    pub fn new(label: &str) -> anyhow::Result<TempDir> {
        let dir = std::env::temp_dir().join(format!(
            "gongkai-{label}-{}-{:x}",
            std::process::id(),
            jiff::Timestamp::now().as_nanosecond() as u64
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
