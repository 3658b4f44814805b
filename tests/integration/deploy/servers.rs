//! Servers the deploy tests publish to, all on 127.0.0.1 and started by the tests: an
//! S3-compatible server in this process (`s3s-fs`, every request logged, with a hook and a
//! delay), `moto_server` as a second, independent one, and OpenSSH's `sshd` with its own
//! configuration, host key and authorized key.

use std::collections::BTreeSet;
use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusty_s3::{Bucket, Credentials, S3Action as _, UrlStyle};
use tempfile::TempDir;

/// Access key of the test servers.
pub const KEY: &str = "gongkai-test";
/// Its secret.
pub const SECRET: &str = "gongkai-test-secret";
/// The bucket.
pub const BUCKET: &str = "gongkai-site";
/// The prefix the site is published under.
pub const PREFIX: &str = "www";

/// Called with the request's number (from 1), method and path.
pub type Hook = Box<dyn Fn(usize, &str, &str) + Send + Sync>;

/// One logged request: method (`POST` with `?delete` is `DELETE-MANY`) and decoded key.
pub type Logged = (String, String);

#[derive(Clone)]
struct Service {
    inner: s3s::service::S3Service,
    log: Arc<Mutex<Vec<Logged>>>,
    delay_ms: Arc<AtomicU64>,
    hook: Arc<Mutex<Option<Hook>>>,
}

type Response = Result<s3s::HttpResponse, s3s::HttpError>;

impl hyper::service::Service<hyper::Request<hyper::body::Incoming>> for Service {
    type Response = s3s::HttpResponse;
    type Error = s3s::HttpError;
    type Future = Pin<Box<dyn Future<Output = Response> + Send>>;

    fn call(&self, req: hyper::Request<hyper::body::Incoming>) -> Self::Future {
        let mut method = req.method().to_string();
        if method == "POST" && req.uri().query().is_some_and(|q| q.contains("delete")) {
            method = "DELETE-MANY".into();
        }
        let prefix = format!("/{BUCKET}/{PREFIX}/");
        let path = decode(req.uri().path());
        let key = path.strip_prefix(&prefix).unwrap_or(&path).to_string();
        let n = {
            let mut log = self.log.lock().unwrap();
            log.push((method.clone(), key.clone()));
            log.len()
        };
        if let Some(hook) = &*self.hook.lock().unwrap() {
            hook(n, &method, &key);
        }
        let delay = self.delay_ms.load(Ordering::Relaxed);
        let answer = hyper::service::Service::call(&self.inner, req);
        Box::pin(async move {
            if delay > 0 {
                tokio::time::sleep(Duration::from_millis(delay)).await;
            }
            answer.await
        })
    }
}

fn decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The S3-compatible server in this process.
pub struct S3Server {
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    dir: TempDir,
    log: Arc<Mutex<Vec<Logged>>>,
    delay_ms: Arc<AtomicU64>,
    hook: Arc<Mutex<Option<Hook>>>,
    _runtime: tokio::runtime::Runtime,
}

impl S3Server {
    /// Starts the server with an empty bucket [`BUCKET`].
    pub fn start() -> S3Server {
        let dir = tempfile::tempdir().expect("s3 dir");
        std::fs::create_dir(dir.path().join(BUCKET)).expect("bucket");
        let fs = s3s_fs::FileSystem::new(dir.path()).expect("s3s-fs");
        let mut builder = s3s::service::S3ServiceBuilder::new(fs);
        builder.set_auth(s3s::auth::SimpleAuth::from_single(KEY, SECRET));
        let service = Service {
            inner: builder.build(),
            log: Arc::default(),
            delay_ms: Arc::default(),
            hook: Arc::default(),
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
        listener.set_nonblocking(true).expect("nonblocking");
        let serving = service.clone();
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            while let Ok((socket, _)) = listener.accept().await {
                let service = serving.clone();
                tokio::spawn(async move {
                    // Headers and body go out as two writes: without this, Nagle's algorithm holds
                    // the body until the client's delayed ACK (40 ms on every GET).
                    let _ = socket.set_nodelay(true);
                    let io = hyper_util::rt::TokioIo::new(socket);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await;
                });
            }
        });
        S3Server {
            endpoint,
            dir,
            log: service.log,
            delay_ms: service.delay_ms,
            hook: service.hook,
            _runtime: runtime,
        }
    }

    /// The deploy target.
    pub fn target(&self) -> String {
        format!("s3://{BUCKET}/{PREFIX}")
    }

    /// The folder holding the published objects.
    pub fn site_dir(&self) -> PathBuf {
        self.dir.path().join(BUCKET).join(PREFIX)
    }

    /// Every object under the prefix (deploy state included).
    pub fn objects(&self) -> BTreeSet<String> {
        files_under(&self.site_dir())
    }

    /// The requests so far.
    pub fn log(&self) -> Vec<Logged> {
        self.log.lock().unwrap().clone()
    }

    /// Forgets the requests so far.
    pub fn clear_log(&self) {
        self.log.lock().unwrap().clear();
    }

    /// Sets the hook called at each request.
    pub fn on_request(&self, hook: Option<Hook>) {
        *self.hook.lock().unwrap() = hook;
    }

    /// Answers every request `ms` milliseconds late.
    pub fn delay(&self, ms: u64) {
        self.delay_ms.store(ms, Ordering::Relaxed);
    }
}

/// Files below `dir`, `/`-separated, relative to it.
pub fn files_under(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

/// The test bucket at `endpoint` and the test keys.
fn test_bucket(endpoint: &str) -> (Bucket, Credentials) {
    let url = endpoint.parse().unwrap();
    let bucket = Bucket::new(url, UrlStyle::Path, BUCKET, "us-east-1").unwrap();
    (bucket, Credentials::new(KEY, SECRET))
}

/// A signed address for an object of the test bucket under [`PREFIX`].
fn signed(endpoint: &str, key: &str, head: bool) -> String {
    let (bucket, credentials) = test_bucket(endpoint);
    let key = format!("{PREFIX}/{key}");
    let time = Duration::from_secs(600);
    let url = if head {
        bucket.head_object(Some(&credentials), &key).sign(time)
    } else {
        bucket.get_object(Some(&credentials), &key).sign(time)
    };
    url.to_string()
}

/// A header of a response, or "".
fn header(response: &ureq::http::Response<ureq::Body>, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// `Content-Type` and `Cache-Control` of an object, by a signed `HEAD` as a CDN would fetch it.
pub fn head(endpoint: &str, key: &str) -> (String, String) {
    let response = ureq::head(&signed(endpoint, key, true))
        .call()
        .expect("HEAD");
    (
        header(&response, "content-type"),
        header(&response, "cache-control"),
    )
}

/// What a visitor's browser downloads of an object through a signed GET that accepts brotli and
/// gzip: the `Content-Encoding` of the answer and its size in bytes.
pub fn download(endpoint: &str, key: &str) -> (String, usize) {
    let mut response = ureq::get(&signed(endpoint, key, false))
        .header("accept-encoding", "br, gzip")
        .call()
        .expect("GET");
    let body = response.body_mut().read_to_vec().expect("body");
    (header(&response, "content-encoding"), body.len())
}

/// A free port on 127.0.0.1 (nothing listens there once this returns).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16, child: &mut Child, what: &str) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited at start ({status})");
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what} did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A child process killed when dropped.
pub struct Server {
    child: Child,
    /// Its port.
    pub port: u16,
    /// Its files (keys, configuration).
    pub dir: TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `moto_server` (PyPI `moto[server]`, installed by `.ci/run`) with an empty bucket [`BUCKET`].
pub fn moto() -> Server {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new("moto_server")
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto_server is not installed: pip install 'moto[server]' (.ci/run installs it)");
    wait_for_port(port, &mut child, "moto_server");
    let endpoint = format!("http://127.0.0.1:{port}");
    let (bucket, credentials) = test_bucket(&endpoint);
    let url = bucket
        .create_bucket(&credentials)
        .sign(Duration::from_secs(600));
    ureq::put(url.as_str()).send_empty().expect("create bucket");
    Server { child, port, dir }
}

/// `sshd` on a free port, as the current user, with a host key and an authorized client key
/// made for it. `dir` holds `client` (the key), `known_hosts` and `ssh_config`.
pub fn sshd() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (name, comment) in [
        ("host", "host"),
        ("client", "client"),
        ("stranger", "stranger"),
    ] {
        let status = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
            .arg(d.join(name))
            .status()
            .expect("ssh-keygen (openssh-client)");
        assert!(status.success());
    }
    std::fs::copy(d.join("client.pub"), d.join("authorized_keys")).unwrap();
    let port = free_port();
    let config = format!(
        "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nAuthorizedKeysFile {keys}\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\nPermitRootLogin prohibit-password\nStrictModes no\nUsePAM no\nPidFile none\nSubsystem sftp internal-sftp\nLogLevel ERROR\n",
        host = d.join("host").display(),
        keys = d.join("authorized_keys").display()
    );
    std::fs::write(d.join("sshd_config"), config).unwrap();
    let host_key = std::fs::read_to_string(d.join("host.pub")).unwrap();
    let host_key: Vec<&str> = host_key.split_whitespace().take(2).collect();
    std::fs::write(
        d.join("known_hosts"),
        format!("[127.0.0.1]:{port} {}\n", host_key.join(" ")),
    )
    .unwrap();
    for (name, identity, known) in [
        ("ssh_config", "client", "known_hosts"),
        ("stranger_config", "stranger", "known_hosts"),
        ("unknown_host_config", "client", "empty_known_hosts"),
    ] {
        let text = format!(
            "Host *\n  IdentityFile {}\n  IdentitiesOnly yes\n  IdentityAgent none\n  UserKnownHostsFile {}\n  GlobalKnownHostsFile /dev/null\n",
            d.join(identity).display(),
            d.join(known).display()
        );
        std::fs::write(d.join(name), text).unwrap();
    }
    std::fs::write(d.join("empty_known_hosts"), "").unwrap();
    // sshd run as root wants its privilege-separation folder.
    let _ = std::fs::create_dir_all("/run/sshd");
    let mut child = Command::new("/usr/sbin/sshd")
        .args(["-D", "-e", "-f"])
        .arg(d.join("sshd_config"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect(
            "/usr/sbin/sshd is not installed: apt-get install openssh-server (.ci/run installs it)",
        );
    wait_for_port(port, &mut child, "sshd");
    Server { child, port, dir }
}

/// The name of the user running the tests (the SSH login).
pub fn user() -> String {
    let out = Command::new("id").arg("-un").output().expect("id -un");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
