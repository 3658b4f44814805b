//! Deploying to S3-compatible object storage (`s3://bucket/prefix`: Aliyun OSS, Tencent COS,
//! Huawei OBS, MinIO, AWS): requests signed by `rusty-s3` (AWS Signature V4, presigned), sent
//! with `ureq`, eight at a time. Each object gets its `Content-Type` (with `charset=utf-8` for
//! text) and `Cache-Control`; the `.gz`/`.br` copies are left out (see [`Target::skips_copies`]).
//! The lock is an object per deploy under [`STATE`]`/lock/`: written, then the folder is listed
//! again, and a deploy that finds another's lock there withdraws (two at once both withdraw).

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{bail, Context as _};
use rusty_s3::actions::{ListObjectsV2, ObjectIdentifier};
use rusty_s3::{Bucket, Credentials, S3Action as _, UrlStyle};

use super::plan::Upload;
use super::target::{may_break, Done, Holder, Target, STATE};
use crate::cli::DeployArgs;
use crate::manifest::Manifest;
use crate::output::FileEntry;
use crate::verify::Source;

/// How long a signed request stays valid.
const SIGNED_FOR: Duration = Duration::from_secs(3600);

/// An S3-compatible bucket and a prefix in it.
pub struct S3 {
    bucket: Bucket,
    credentials: Credentials,
    prefix: String,
    endpoint: String,
    shown: String,
    agent: ureq::Agent,
    requests: AtomicU64,
    token: std::sync::Mutex<Option<String>>,
}

impl S3 {
    /// `bucket/prefix` (what follows `s3://`) with the endpoint, region and addressing of `args`.
    pub fn open(rest: &str, args: &DeployArgs) -> anyhow::Result<S3> {
        let (name, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if name.is_empty() {
            bail!("s3:// 后应写存储桶名，如 s3://www-example-gov-cn/ 或 s3://存储桶/前缀");
        }
        let prefix = prefix.trim_matches('/');
        let prefix = if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}/")
        };
        let region = args
            .region
            .clone()
            .or_else(|| env("AWS_REGION"))
            .or_else(|| env("AWS_DEFAULT_REGION"))
            .unwrap_or_else(|| "us-east-1".into());
        let endpoint = args
            .endpoint
            .clone()
            .or_else(|| env("AWS_ENDPOINT_URL"))
            .unwrap_or_else(|| format!("https://s3.{region}.amazonaws.com"));
        let url: url::Url = endpoint
            .parse()
            .map_err(|e| anyhow::anyhow!("--endpoint {endpoint} 不是网址：{e}"))?;
        let host = url.host_str().unwrap_or_default();
        let style = match args.addressing {
            Some(crate::cli::Addressing::Path) => UrlStyle::Path,
            Some(crate::cli::Addressing::VirtualHost) => UrlStyle::VirtualHost,
            None if host == "localhost" || host.parse::<std::net::IpAddr>().is_ok() => {
                UrlStyle::Path
            }
            None if host.starts_with('[') => UrlStyle::Path,
            None => UrlStyle::VirtualHost,
        };
        let bucket = Bucket::new(url, style, name.to_string(), region)
            .map_err(|e| anyhow::anyhow!("无法用存储桶 {name} 和 {endpoint} 组成请求地址：{e}"))?;
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(600)))
            .user_agent(concat!("gongkai-deploy/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(S3 {
            bucket,
            credentials: credentials()?,
            prefix,
            endpoint,
            shown: format!("s3://{rest}"),
            agent,
            requests: AtomicU64::new(0),
            token: std::sync::Mutex::new(None),
        })
    }

    fn key(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    /// Sends one request; returns status and body. Server errors (5xx) are tried twice more.
    fn send(
        &self,
        what: &str,
        request: impl Fn() -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> anyhow::Result<(u16, Vec<u8>)> {
        for attempt in 0..3 {
            self.requests.fetch_add(1, Ordering::Relaxed);
            let mut response = request().map_err(|e| self.transport(e))?;
            let status = response.status().as_u16();
            let body = response
                .body_mut()
                .with_config()
                .limit(1 << 30)
                .read_to_vec()
                .map_err(|e| self.transport(e))?;
            if status >= 500 && attempt < 2 {
                std::thread::sleep(Duration::from_millis(300 << (attempt * 2)));
                continue;
            }
            if status >= 300 && status != 404 {
                return Err(self.refused(status, &body, what));
            }
            return Ok((status, body));
        }
        unreachable!("the last attempt returns")
    }

    /// A failed connection, in the user's words.
    fn transport(&self, e: ureq::Error) -> anyhow::Error {
        let endpoint = &self.endpoint;
        match e {
            ureq::Error::HostNotFound => {
                anyhow::anyhow!(
                    "找不到对象存储 {endpoint} 的主机（域名无法解析）：请检查 --endpoint 和网络"
                )
            }
            ureq::Error::ConnectionFailed => unreachable(endpoint),
            ureq::Error::Io(io)
                if matches!(
                    io.kind(),
                    std::io::ErrorKind::ConnectionRefused
                        | std::io::ErrorKind::HostUnreachable
                        | std::io::ErrorKind::NetworkUnreachable
                ) =>
            {
                unreachable(endpoint)
            }
            ureq::Error::Timeout(_) => {
                anyhow::anyhow!("连接对象存储 {endpoint} 超时：请检查 --endpoint 和网络")
            }
            ureq::Error::Io(io) => anyhow::anyhow!(
                "与对象存储 {endpoint} 的连接中断：{}",
                crate::fs::reason(&io)
            ),
            other => anyhow::anyhow!("访问对象存储 {endpoint} 失败：{other}"),
        }
    }

    /// A refusal by the storage, in the user's words.
    fn refused(&self, status: u16, body: &[u8], what: &str) -> anyhow::Error {
        let body = String::from_utf8_lossy(body);
        let code = body
            .split_once("<Code>")
            .and_then(|(_, r)| r.split_once("</Code>"))
            .map(|(c, _)| c.to_string())
            .unwrap_or_default();
        let key = self.credentials.key();
        let bucket = self.bucket.name();
        let message = match code.as_str() {
            "InvalidAccessKeyId" | "NotSignedUp" => format!(
                "对象存储不认识访问密钥 {key}（{code}）：请检查 AWS_ACCESS_KEY_ID 或凭据文件"
            ),
            "SignatureDoesNotMatch" => format!(
                "对象存储拒绝了请求签名（SignatureDoesNotMatch）：访问密钥 {key} 的私有密钥不对，请检查 AWS_SECRET_ACCESS_KEY 或凭据文件"
            ),
            "AccessDenied" | "AllAccessDisabled" => format!(
                "对象存储拒绝访问（{code}）：访问密钥 {key} 没有{what}的权限，请在存储的权限设置中授予"
            ),
            "NoSuchBucket" => format!("存储桶 {bucket} 不存在（NoSuchBucket）：请检查部署目标和 --endpoint"),
            "" => format!("对象存储{what}时返回 HTTP {status}"),
            _ => format!("对象存储{what}时返回 HTTP {status}（{code}）"),
        };
        anyhow::anyhow!(message)
    }

    fn get(&self, path: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let key = self.key(path);
        let url = self
            .bucket
            .get_object(Some(&self.credentials), &key)
            .sign(SIGNED_FOR);
        let (status, body) = self.send(&format!("读取 {key} "), || {
            self.agent.get(url.as_str()).call()
        })?;
        Ok((status != 404).then_some(body))
    }

    fn put_bytes(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let key = self.key(path);
        let content_type = crate::serve::content_type(path);
        let cache = cache_control(path);
        let mut action = self.bucket.put_object(Some(&self.credentials), &key);
        action.headers_mut().insert("content-type", content_type);
        action.headers_mut().insert("cache-control", cache);
        let url = action.sign(SIGNED_FOR);
        let (status, _) = self.send(&format!("写入 {key} "), || {
            self.agent
                .put(url.as_str())
                .header("content-type", content_type)
                .header("cache-control", cache)
                .send(bytes)
        })?;
        if status == 404 {
            return Err(self.refused(404, b"<Code>NoSuchBucket</Code>", "写入"));
        }
        Ok(())
    }

    /// Keys under `folder` (relative to the prefix), all pages of the listing.
    fn list(&self, folder: &str) -> anyhow::Result<Vec<String>> {
        let mut keys = Vec::new();
        let mut token: Option<String> = None;
        let full = self.key(folder);
        loop {
            let mut action = ListObjectsV2::new(&self.bucket, Some(&self.credentials));
            action.with_prefix(full.as_str());
            if let Some(t) = &token {
                action.with_continuation_token(t.as_str());
            }
            let url = action.sign(SIGNED_FOR);
            let (status, body) =
                self.send("列出文件", || self.agent.get(url.as_str()).call())?;
            if status == 404 {
                return Err(self.refused(404, &body, "列出文件"));
            }
            let parsed = ListObjectsV2::parse_response(&String::from_utf8_lossy(&body))
                .map_err(|e| anyhow::anyhow!("对象存储的文件列表无法识别：{e}"))?;
            keys.extend(
                parsed
                    .contents
                    .into_iter()
                    .filter_map(|c| c.key.strip_prefix(&self.prefix).map(str::to_string)),
            );
            match parsed.next_continuation_token {
                Some(t) => token = Some(t),
                None => return Ok(keys),
            }
        }
    }

    fn delete_keys(&self, paths: &[String]) -> anyhow::Result<()> {
        let objects: Vec<ObjectIdentifier> = paths
            .iter()
            .map(|p| ObjectIdentifier::new(self.key(p)))
            .collect();
        let action = self
            .bucket
            .delete_objects(Some(&self.credentials), objects.iter());
        let url = action.sign(SIGNED_FOR);
        let (body, md5) = action.body_with_md5();
        let (_, response) = self.send("删除文件", || {
            self.agent
                .post(url.as_str())
                .header("content-md5", &md5)
                .send(body.as_bytes())
        })?;
        let text = String::from_utf8_lossy(&response);
        if let Some((_, rest)) = text.split_once("<Error>") {
            bail!(
                "对象存储未能删除文件：{}",
                rest.split("</Error>").next().unwrap_or("")
            );
        }
        Ok(())
    }
}

/// `Cache-Control` of an object: theme files under `static/` are linked with `?v=HASH` and may
/// be kept a year; everything else is revalidated on each visit, so that a corrected page or
/// attachment (a leaked 身份证号 removed) is not served from caches.
pub fn cache_control(path: &str) -> &'static str {
    if path.starts_with("static/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

fn unreachable(endpoint: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "无法连接对象存储 {endpoint}（连接被拒绝或主机不可达）：请检查 --endpoint、网络和防火墙"
    )
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Access keys from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`), else
/// from the credentials file (`AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`, profile
/// `AWS_PROFILE` or `default`). Never from `config.yaml`.
fn credentials() -> anyhow::Result<Credentials> {
    if let (Some(key), Some(secret)) = (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
        return Ok(match env("AWS_SESSION_TOKEN") {
            Some(token) => Credentials::new_with_token(key, secret, token),
            None => Credentials::new(key, secret),
        });
    }
    let file = env("AWS_SHARED_CREDENTIALS_FILE")
        .map(std::path::PathBuf::from)
        .or_else(|| env("HOME").map(|h| Path::new(&h).join(".aws/credentials")));
    let profile = env("AWS_PROFILE").unwrap_or_else(|| "default".into());
    let text = file
        .as_ref()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .unwrap_or_default();
    let found = profile_keys(&text, &profile);
    match found {
        (Some(key), Some(secret), token) => Ok(match token {
            Some(token) => Credentials::new_with_token(key, secret, token),
            None => Credentials::new(key, secret),
        }),
        _ => bail!(
            "没有对象存储的访问密钥：请设置环境变量 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY，或写在凭据文件 {} 的 [{profile}] 中（密钥不能写在 config.yaml 里）",
            file.map_or("~/.aws/credentials".into(), |f| f.display().to_string())
        ),
    }
}

/// Key, secret and token of `[profile]` in a credentials file's text.
fn profile_keys(text: &str, profile: &str) -> (Option<String>, Option<String>, Option<String>) {
    let (mut key, mut secret, mut token) = (None, None, None);
    let mut inside = false;
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = name.trim() == profile;
            continue;
        }
        let Some((k, v)) = line.split_once('=').filter(|_| inside) else {
            continue;
        };
        let v = Some(v.trim().to_string());
        match k.trim() {
            "aws_access_key_id" => key = v,
            "aws_secret_access_key" => secret = v,
            "aws_session_token" => token = v,
            _ => {}
        }
    }
    (key, secret, token)
}

impl Target for S3 {
    fn shown(&self) -> &str {
        &self.shown
    }

    fn read(&self, path: &str) -> anyhow::Result<Option<Vec<u8>>> {
        self.get(path)
    }

    fn lock(&self, holder: &Holder, force: bool) -> anyhow::Result<()> {
        let folder = format!("{STATE}/lock/");
        let mine = format!("{folder}{}", holder.token);
        for other in self.list(&folder)? {
            let found = self.get(&other)?.unwrap_or_default();
            let shown = format!("{}/{other}", self.shown.trim_end_matches('/'));
            if may_break(&String::from_utf8_lossy(&found), &self.shown, &shown, force)? {
                self.delete_keys(std::slice::from_ref(&other))?;
            }
        }
        self.put_bytes(&mine, holder.text().as_bytes())?;
        *self.token.lock().unwrap_or_else(|e| e.into_inner()) = Some(mine.clone());
        if let Some(other) = self.list(&folder)?.into_iter().find(|k| *k != mine) {
            let found = self.get(&other)?.unwrap_or_default();
            self.unlock()?;
            let holder = Holder::parse(&String::from_utf8_lossy(&found));
            let shown = format!("{}/{other}", self.shown.trim_end_matches('/'));
            return Err(match holder {
                Some(h) => h.refusal(&self.shown, &shown),
                None => anyhow::anyhow!("{} 正由另一次部署使用（{shown}）", self.shown),
            });
        }
        Ok(())
    }

    fn unlock(&self) -> anyhow::Result<()> {
        let mine = self.token.lock().unwrap_or_else(|e| e.into_inner()).take();
        match mine {
            Some(key) => self.delete_keys(&[key]),
            None => Ok(()),
        }
    }

    fn put(&self, public: &Path, files: &[Upload], done: Done<'_>) -> anyhow::Result<()> {
        super::by_kind(files, 8, |u| {
            let file = public.join(&u.path);
            let bytes =
                std::fs::read(&file).with_context(|| format!("无法读取 {}", file.display()))?;
            self.put_bytes(&u.path, &bytes)?;
            done(&u.path, u.size);
            Ok(())
        })
    }

    fn write(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        self.put_bytes(path, bytes)
    }

    fn delete(&self, paths: &[String], done: Done<'_>) -> anyhow::Result<()> {
        for chunk in paths.chunks(1000) {
            self.delete_keys(chunk)?;
            chunk.iter().for_each(|p| done(p, 0));
        }
        Ok(())
    }

    fn source(&self) -> anyhow::Result<Box<dyn Source + '_>> {
        Ok(Box::new(Objects(self)))
    }

    /// Object storage sends an object as it is: it cannot pick `page.html.br` for a browser that
    /// accepts brotli, so the copies would only cost requests and storage. Compression is the
    /// CDN's job in front of the bucket (all 政务云 CDNs compress text on the fly).
    fn skips_copies(&self) -> bool {
        true
    }

    fn requests(&self) -> Option<u64> {
        Some(self.requests.load(Ordering::Relaxed))
    }
}

/// The bucket as `verify` reads it.
struct Objects<'a>(&'a S3);

impl Source for Objects<'_> {
    fn read(&self, path: &str) -> anyhow::Result<Option<Vec<u8>>> {
        self.0.get(path)
    }

    fn entry(&self, path: &str) -> anyhow::Result<Option<FileEntry>> {
        Ok(self.0.get(path)?.map(|b| FileEntry::of_bytes(&b)))
    }

    fn unlisted(&self, manifest: &Manifest) -> Option<Vec<String>> {
        let keys = self.0.list("").ok()?;
        Some(
            keys.into_iter()
                .filter(|k| !crate::manifest::is_manifest_file(k))
                .filter(|k| !super::is_deploy_state(k) && !manifest.files.contains_key(k))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_file_profiles() {
        let text = "[default]\naws_access_key_id = A\naws_secret_access_key=B\n[ci]\naws_access_key_id=C\naws_secret_access_key=D\naws_session_token=T\n";
        assert_eq!(
            profile_keys(text, "default"),
            (Some("A".into()), Some("B".into()), None)
        );
        assert_eq!(
            profile_keys(text, "ci"),
            (Some("C".into()), Some("D".into()), Some("T".into()))
        );
        assert_eq!(profile_keys(text, "x"), (None, None, None));
    }
}
