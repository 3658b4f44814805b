//! Deploy benchmark: a full deploy and a one-document deploy of a site of N documents (default
//! 10,000, the corpus of `benches/scale/corpus.py`) to an S3-compatible server (`s3s-fs`) in
//! this process on 127.0.0.1, with the objects on tmpfs when there is one. Prints, for each,
//! the wall time of the whole command (transfer and the `verify` that follows), the transfer
//! time `deploy` reports, and the requests the server received by method.
//!
//!     cargo bench --bench deploy [-- N]      (GONGKAI_BENCH_RUNS one-document rounds, default 3)

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_gongkai");
const KEY: &str = "bench";
const SECRET: &str = "bench-secret";

type Log = Arc<Mutex<Vec<String>>>;

#[derive(Clone)]
struct Counted {
    inner: s3s::service::S3Service,
    log: Log,
}

type Answer = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<s3s::HttpResponse, s3s::HttpError>> + Send>,
>;

impl hyper::service::Service<hyper::Request<hyper::body::Incoming>> for Counted {
    type Response = s3s::HttpResponse;
    type Error = s3s::HttpError;
    type Future = Answer;

    fn call(&self, req: hyper::Request<hyper::body::Incoming>) -> Answer {
        let mut method = req.method().to_string();
        if req.uri().query().is_some_and(|q| q.contains("list-type")) {
            method = "LIST".into();
        } else if req.uri().query().is_some_and(|q| q.contains("delete")) {
            method = "DELETE-MANY".into();
        }
        self.log.lock().unwrap().push(method);
        hyper::service::Service::call(&self.inner, req)
    }
}

/// Starts the server on a bucket folder under `dir`; returns its endpoint and request log.
fn serve(dir: &Path, runtime: &tokio::runtime::Runtime) -> (String, Log) {
    std::fs::create_dir_all(dir.join("site")).unwrap();
    let mut builder =
        s3s::service::S3ServiceBuilder::new(s3s_fs::FileSystem::new(dir).expect("s3s-fs"));
    builder.set_auth(s3s::auth::SimpleAuth::from_single(KEY, SECRET));
    let service = Counted {
        inner: builder.build(),
        log: Log::default(),
    };
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    let log = service.log.clone();
    runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener).unwrap();
        while let Ok((socket, _)) = listener.accept().await {
            let service = service.clone();
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
    (endpoint, log)
}

fn run(args: &[&str], env: &[(&str, &str)]) -> (f64, String) {
    let start = Instant::now();
    let mut cmd = Command::new(BIN);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run gongkai");
    let secs = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "gongkai {args:?} failed:\n{stderr}");
    (secs, stderr)
}

fn counts(log: &Log) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for method in log.lock().unwrap().drain(..) {
        *counts.entry(method).or_insert(0) += 1;
    }
    counts
}

fn report(label: &str, secs: f64, stderr: &str, log: &Log) {
    let done = stderr
        .lines()
        .find(|l| l.starts_with("部署完成"))
        .unwrap_or("");
    let counts = counts(log);
    let total: usize = counts.values().sum();
    println!("{label}: {secs:.2} s in all (transfer, then verify)\n  {done}\n  requests received: {total} {counts:?}");
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let tmp = base.join(format!("gongkai-deploy-bench-{}", std::process::id()));
    let corpus = tmp.join("corpus");
    let status = Command::new("python3")
        .args(["benches/scale/corpus.py", &n.to_string()])
        .arg(&corpus)
        .status()
        .expect("python3");
    assert!(status.success());
    let site: PathBuf = corpus.join("gongkai");
    let root = site.to_str().unwrap();
    let (secs, _) = run(&["build", "--root", root], &[]);
    println!("{n} documents built in {secs:.1} s");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (endpoint, log) = serve(&tmp.join("s3"), &runtime);
    let env = [
        ("AWS_ACCESS_KEY_ID", KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
    ];
    let args = [
        "deploy",
        "s3://site/www",
        "--root",
        root,
        "--endpoint",
        &endpoint,
    ];

    let (secs, stderr) = run(&args, &env);
    report("full deploy", secs, &stderr, &log);

    // One document edited (the newest of its section: its listings change too).
    let doc = std::fs::read_dir(site.join("content/tzgg"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|f| f != "_index.md"))
        .max()
        .unwrap();
    let rounds: usize = std::env::var("GONGKAI_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    for round in 1..=rounds {
        let text = std::fs::read_to_string(&doc).unwrap();
        std::fs::write(&doc, format!("{text}\n补充说明第 {round} 条。\n")).unwrap();
        run(&["build", "--root", root], &[]);
        counts(&log);
        let (secs, stderr) = run(&args, &env);
        report(
            &format!("one-document deploy #{round}"),
            secs,
            &stderr,
            &log,
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
