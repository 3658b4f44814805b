//! Deploying over SSH (`sftp://user@host[:port]/path`) with the system's OpenSSH `sftp` in batch
//! mode: key-based login only (the user's agent, `--identity` or the SSH config), the host key
//! checked against `known_hosts` and never accepted blindly. Each file is put beside the site
//! under [`STATE`] and renamed into place (OpenSSH's atomic `posix-rename`). The lock is a folder
//! made with `mkdir`, which fails when it exists.

use std::io::{BufRead as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{bail, Context as _};

use super::plan::Upload;
use super::target::{may_break, Done, Holder, Target, TempDir, STATE};
use crate::cli::DeployArgs;
use crate::verify::Source;

/// An SSH server's folder.
pub struct Sftp {
    login: String,
    host: String,
    port: u16,
    base: String,
    options: Vec<String>,
    shown: String,
    next_temp: AtomicUsize,
}

impl Sftp {
    /// `user@host[:port]/path` (what follows `sftp://`) with the SSH options of `args`.
    pub fn open(rest: &str, args: &DeployArgs) -> anyhow::Result<Sftp> {
        let usage = "应写作 sftp://用户@主机[:端口]/网站目录";
        let (authority, path) = rest
            .split_once('/')
            .with_context(|| format!("sftp://{rest} 没有网站目录：{usage}"))?;
        let (user, host_port) = authority
            .split_once('@')
            .with_context(|| format!("sftp://{rest} 没有用户名：{usage}"))?;
        let (host, port) = match host_port.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (
                h,
                p.parse()
                    .map_err(|_| anyhow::anyhow!("sftp://{rest} 的端口 {p} 不是数字：{usage}"))?,
            ),
            _ => (host_port, 22),
        };
        let base = format!("/{}", path.trim_end_matches('/'));
        if user.is_empty() || host.is_empty() || base == "/" {
            bail!("sftp://{rest} 不完整：{usage}");
        }
        let mut options = vec![
            "-o".into(),
            "BatchMode=yes".into(),
            "-o".into(),
            "StrictHostKeyChecking=yes".into(),
            "-o".into(),
            "ConnectTimeout=10".into(),
        ];
        if let Some(config) = &args.ssh_config {
            options.extend(["-F".into(), config.display().to_string()]);
        }
        if let Some(identity) = &args.identity {
            options.extend(["-i".into(), identity.display().to_string()]);
        }
        Ok(Sftp {
            login: format!(
                "{user}@{}",
                host.trim_start_matches('[').trim_end_matches(']')
            ),
            host: host.to_string(),
            port,
            base,
            options,
            shown: format!("sftp://{rest}"),
            next_temp: AtomicUsize::new(0),
        })
    }

    fn remote(&self, path: &str) -> String {
        quote(&format!("{}/{path}", self.base))
    }

    /// Runs `commands` in one `sftp -b` session. `echoed(n)` is called as the n-th command
    /// starts (so command n-1 has finished). Errors are the connection's or a command's.
    fn batch(&self, commands: &[String], echoed: &mut dyn FnMut(usize)) -> anyhow::Result<()> {
        let mut child = Command::new("sftp")
            .args(["-b", "-", "-P", &self.port.to_string()])
            .args(&self.options)
            .arg(&self.login)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => anyhow::anyhow!(
                    "找不到 sftp 命令：请安装 OpenSSH 客户端（Debian：apt-get install openssh-client）"
                ),
                _ => anyhow::anyhow!("无法运行 sftp：{}", crate::fs::reason(&e)),
            })?;
        let script: String = commands.iter().map(|c| format!("{c}\n")).collect();
        let mut stdin = child.stdin.take().context("sftp 没有标准输入")?;
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(script.as_bytes());
        });
        let stderr = child.stderr.take().context("sftp 没有错误输出")?;
        let errors = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut std::io::BufReader::new(stderr), &mut text);
            text
        });
        let stdout = child.stdout.take().context("sftp 没有输出")?;
        let mut n = 0;
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if line.starts_with("sftp> ") {
                echoed(n);
                n += 1;
            }
        }
        let _ = writer.join();
        let status = child.wait().context("sftp 未正常结束")?;
        let errors = errors.join().unwrap_or_default();
        if status.success() {
            return Ok(());
        }
        Err(self.failure(&errors, n))
    }

    /// What went wrong, from `sftp`'s and `ssh`'s messages, in the user's words.
    fn failure(&self, stderr: &str, commands_started: usize) -> anyhow::Error {
        let (host, port) = (&self.host, self.port);
        let has = |s: &str| stderr.contains(s);
        let message = if has("Permission denied (") {
            format!("SSH 服务器 {host} 拒绝了登录（公钥未被接受）：请确认所用的密钥（ssh-agent、--identity 或 SSH 配置）已加入服务器上 {} 的 authorized_keys", self.login)
        } else if has("Host key verification failed") || has("host key for") {
            format!("SSH 服务器 {host} 的主机密钥不在 known_hosts 中，或与记录的不符：gongkai 不会自动接受主机密钥。请先向服务器管理员核对指纹，再用 ssh-keyscan -p {port} {host} >> ~/.ssh/known_hosts 加入")
        } else if has("Could not resolve hostname") {
            format!("找不到主机 {host}（域名无法解析）：请检查部署目标和网络")
        } else if has("Connection refused") {
            format!("无法连接 SSH 服务器 {host}:{port}（连接被拒绝）：请检查主机、端口和服务器上的 sshd")
        } else if has("timed out") {
            format!("连接 SSH 服务器 {host}:{port} 超时：请检查主机、端口、网络和防火墙")
        } else if has("No route to host") || has("Network is unreachable") {
            format!("SSH 服务器 {host} 不可达：请检查网络")
        } else if has("Connection closed") && commands_started == 0 {
            format!("SSH 服务器 {host}:{port} 断开了连接：请检查端口是否为 SSH 服务，以及登录用户是否可以使用 SFTP")
        } else if has("Permission denied") {
            format!("SSH 服务器 {host} 上没有写入 {} 的权限", self.base)
        } else {
            let last = stderr
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            format!("sftp 在 {host} 上执行失败：{last}")
        };
        anyhow::anyhow!(message)
    }

    /// `put` and `rename` commands placing `local` at `path` (after its folders exist).
    fn placing(&self, local: &Path, path: &str) -> [String; 2] {
        let n = self.next_temp.fetch_add(1, Ordering::Relaxed);
        let temp = self.remote(&format!("{STATE}/tmp/{}-{n}", std::process::id()));
        [
            format!("put {} {temp}", quote(&local.display().to_string())),
            format!("rename {temp} {}", self.remote(path)),
        ]
    }

    /// `-mkdir` commands for the base folder, the state folders and the folders of `paths`.
    fn folders<'a>(&self, paths: impl Iterator<Item = &'a str>) -> Vec<String> {
        let mut dirs = std::collections::BTreeSet::new();
        let mut base = String::new();
        for part in self.base.split('/').filter(|p| !p.is_empty()) {
            base = format!("{base}/{part}");
            dirs.insert(quote(&base));
        }
        let temp = format!("{STATE}/tmp/x");
        for path in paths.map(str::to_string).chain([temp]) {
            let mut dir = String::new();
            for part in path
                .split('/')
                .rev()
                .skip(1)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
            {
                dir = if dir.is_empty() {
                    part.to_string()
                } else {
                    format!("{dir}/{part}")
                };
                dirs.insert(self.remote(&dir));
            }
        }
        // Sorted quoted paths keep each parent before its children.
        dirs.into_iter().map(|d| format!("-mkdir {d}")).collect()
    }
}

/// A path as one argument of an `sftp` batch command.
fn quote(path: &str) -> String {
    format!("\"{}\"", path.replace('\\', "\\\\").replace('"', "\\\""))
}

impl Target for Sftp {
    fn shown(&self) -> &str {
        &self.shown
    }

    fn read(&self, path: &str) -> anyhow::Result<Option<Vec<u8>>> {
        Ok(self.read_all(&[path])?.pop().flatten())
    }

    fn read_all(&self, paths: &[&str]) -> anyhow::Result<Vec<Option<Vec<u8>>>> {
        let temp = TempDir::new("sftp-read")?;
        let local = |i: usize| temp.0.join(i.to_string());
        let gets: Vec<String> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| {
                format!(
                    "-get {} {}",
                    self.remote(p),
                    quote(&local(i).display().to_string())
                )
            })
            .collect();
        self.batch(&gets, &mut |_| {})?;
        Ok((0..paths.len())
            .map(|i| std::fs::read(local(i)).ok())
            .collect())
    }

    fn lock(&self, holder: &Holder, force: bool) -> anyhow::Result<()> {
        let temp = TempDir::new("sftp-lock")?;
        let owner = temp.0.join("owner");
        std::fs::write(&owner, holder.text())?;
        let lock = format!("{STATE}/lock");
        let shown = format!("{}/{lock}", self.shown.trim_end_matches('/'));
        for _ in 0..2 {
            let mut commands = self.folders(std::iter::empty());
            commands.push(format!("mkdir {}", self.remote(&lock)));
            let mkdir_at = commands.len() - 1;
            commands.push(format!(
                "put {} {}",
                quote(&owner.display().to_string()),
                self.remote(&format!("{lock}/owner"))
            ));
            let mut reached = 0;
            match self.batch(&commands, &mut |n| reached = n) {
                Ok(()) => return Ok(()),
                Err(e) if reached != mkdir_at => return Err(e),
                Err(e) => {
                    let found = self.read(&format!("{lock}/owner"))?;
                    if found.is_none() && !force {
                        return Err(e.context(format!("无法建立部署锁 {shown}")));
                    }
                    let found = found.unwrap_or_default();
                    if may_break(&String::from_utf8_lossy(&found), &self.shown, &shown, force)? {
                        let clear = [
                            format!("-rm {}", self.remote(&format!("{lock}/owner"))),
                            format!("-rmdir {}", self.remote(&lock)),
                        ];
                        self.batch(&clear, &mut |_| {})?;
                    }
                }
            }
        }
        bail!("无法在 {} 上建立部署锁", self.shown)
    }

    fn unlock(&self) -> anyhow::Result<()> {
        let commands = [
            format!("-rmdir {}", self.remote(&format!("{STATE}/tmp"))),
            format!("-rm {}", self.remote(&format!("{STATE}/lock/owner"))),
            format!("-rmdir {}", self.remote(&format!("{STATE}/lock"))),
            format!("-rmdir {}", self.remote(STATE)),
        ];
        self.batch(&commands, &mut |_| {})
    }

    fn put(&self, public: &Path, files: &[Upload], done: Done<'_>) -> anyhow::Result<()> {
        let mut commands = self.folders(files.iter().map(|u| u.path.as_str()));
        let first = commands.len();
        for u in files {
            commands.extend(self.placing(&public.join(&u.path), &u.path));
        }
        // File k is in place once command first + 2k + 2 has started (or the batch ended).
        let mut finished = 0;
        let mut echoed = |n: usize| {
            while n >= first + 2 * finished + 2 && finished < files.len() {
                done(&files[finished].path, files[finished].size);
                finished += 1;
            }
        };
        self.batch(&commands, &mut echoed)?;
        for u in &files[finished.min(files.len())..] {
            done(&u.path, u.size);
        }
        Ok(())
    }

    fn write(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let temp = TempDir::new("sftp-write")?;
        let local = temp.0.join("file");
        std::fs::write(&local, bytes)?;
        let mut commands = self.folders([path].into_iter());
        commands.extend(self.placing(&local, path));
        self.batch(&commands, &mut |_| {})
    }

    fn delete(&self, paths: &[String], done: Done<'_>) -> anyhow::Result<()> {
        let commands: Vec<String> = paths
            .iter()
            .map(|p| format!("-rm {}", self.remote(p)))
            .collect();
        self.batch(&commands, &mut |_| {})?;
        paths.iter().for_each(|p| done(p, 0));
        Ok(())
    }

    /// The site copied down (`get -R`) and read as a folder.
    fn source(&self) -> anyhow::Result<Box<dyn Source + '_>> {
        let temp = TempDir::new("sftp-verify")?;
        let local = temp.0.join("site");
        let get = format!(
            "get -R {} {}",
            quote(&self.base),
            quote(&local.display().to_string())
        );
        self.batch(&[get], &mut |_| {})?;
        Ok(Box::new(Mirror {
            folder: crate::verify::Folder(local),
            _temp: temp,
        }))
    }
}

/// A downloaded copy of the site, removed when dropped.
struct Mirror {
    folder: crate::verify::Folder,
    _temp: TempDir,
}

impl Source for Mirror {
    fn read(&self, path: &str) -> anyhow::Result<Option<Vec<u8>>> {
        self.folder.read(path)
    }

    fn entry(&self, path: &str) -> anyhow::Result<Option<crate::output::FileEntry>> {
        self.folder.entry(path)
    }

    fn unlisted(&self, manifest: &crate::manifest::Manifest) -> Option<Vec<String>> {
        self.folder.unlisted(manifest)
    }
}
