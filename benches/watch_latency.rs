//! Benchmark: time from saving a document to the page being served, on generated sites of 1,000
//! and 10,000 documents, for an edit, a new document, a deletion and a rename, by `gongkai serve`
//! (over HTTP) and by `gongkai build --watch` (the file in the output folder). Run with
//! `cargo bench --bench watch_latency` (set `GONGKAI_BENCH_SIZES=1000` to pick sizes). Prints the
//! start-up time, the server's memory, then median and p95 of each latency. `GONGKAI_BIN=PATH` runs
//! another gongkai binary (to compare two builds in the same run).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const EDITS: usize = 30;

fn main() {
    let sizes: Vec<usize> = std::env::var("GONGKAI_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1000, 10000]);
    for size in sizes {
        bench(size);
    }
}

fn generate(root: &Path, docs: usize) {
    std::fs::write(
        root.join("config.yaml"),
        "title: 基准测试站\nbase_url: https://bench.example.gov.cn/\n",
    )
    .unwrap();
    let sections = ["tzgg", "zcwj", "gzzj", "ghjh", "rsxx"];
    std::fs::create_dir_all(root.join("content")).unwrap();
    for s in sections {
        let dir = root.join("content").join(s);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("_index.md"), format!("---\ntitle: 栏目{s}\n---\n")).unwrap();
    }
    for i in 0..docs {
        let s = sections[i % sections.len()];
        let year = 2015 + (i % 10);
        let body = "一、总体情况\n\n本年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》，不断完善公开制度，拓展公开渠道。\n\n（一）主动公开情况\n\n全年主动公开政府信息若干条，其中规范性文件若干件。\n\n（二）依申请公开情况\n\n全年共收到政府信息公开申请若干件，均已按期答复。\n\n二、存在的问题\n\n| 项目 | 数量 |\n|---|---|\n| 主动公开 | 120 |\n| 依申请公开 | 26 |\n";
        let text = format!(
            "---\ntitle: 第{i}号文件关于政府信息公开工作的通知\nindex_no: 11371500004428004U/{year}-{i:06}\nissuer: 示例局{}\ndate: {year}-{:02}-{:02}\ntopics: [主题{}]\n---\n\n{body}",
            i % 7,
            1 + i % 12,
            1 + i % 28,
            i % 9
        );
        std::fs::write(
            root.join("content").join(s).join(format!("doc-{i:05}.md")),
            text,
        )
        .unwrap();
    }
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    stream.read_to_string(&mut out).ok()?;
    Some(out)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

/// Where the pages are looked for.
enum Target {
    /// `gongkai serve` on this port.
    Serve(u16),
    /// `gongkai build --watch` into this folder.
    Output(std::path::PathBuf),
}

impl Target {
    /// The page at a URL path (`/tzgg/a/`), `None` when it does not exist.
    fn page(&self, path: &str) -> Option<String> {
        match self {
            Target::Serve(port) => get(*port, path).filter(|r| r.starts_with("HTTP/1.1 200")),
            Target::Output(dir) => {
                std::fs::read_to_string(dir.join(path.trim_start_matches('/')).join("index.html"))
                    .ok()
            }
        }
    }
}

/// Milliseconds from `act` until `done` holds.
fn latency(act: impl FnOnce(), done: impl Fn() -> bool) -> f64 {
    let t0 = Instant::now();
    act();
    while !done() {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "change not published"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    t0.elapsed().as_secs_f64() * 1000.0
}

fn new_doc(title: &str, n: usize) -> String {
    format!("---\ntitle: {title}\nindex_no: 11371500004428004U/2026-{:06}\nissuer: 示例局1\ndate: 2026-11-30\ntopics: [主题1]\n---\n\n新文档正文。\n", 900_000 + n)
}

fn report(size: usize, mode: &str, what: &str, mut ms: Vec<f64>) {
    ms.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{size} documents, {mode}, {what}: median {:.0} ms, p95 {:.0} ms (n={})",
        percentile(&ms, 0.5),
        percentile(&ms, 0.95),
        ms.len()
    );
}

/// Peak and current resident memory of a process, in MiB.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0)
            / 1024
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn bench(size: usize) {
    let dir = tempfile_dir(size);
    generate(&dir, size);
    for mode in ["serve", "build --watch"] {
        let out = dir.join("public");
        let binary =
            std::env::var_os("GONGKAI_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_gongkai").into());
        let mut command = Command::new(binary);
        if mode == "serve" {
            command.args(["serve", "--port", "0", "--root"]).arg(&dir);
        } else {
            command
                .args(["build", "--watch", "--root"])
                .arg(&dir)
                .arg("--output")
                .arg(&out);
        }
        let started = Instant::now();
        let mut child = command
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("gongkai runs");
        let stderr = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        let mut port = 0u16;
        for line in lines.by_ref() {
            let line = line.unwrap();
            if let Some(rest) = line.split("监听 ").nth(1) {
                port = rest
                    .split(['；', ':'])
                    .nth(1)
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(0);
                break;
            }
            if line.contains("正在监视") {
                break;
            }
        }
        let target = if mode == "serve" {
            assert!(port > 0, "serve did not start");
            Target::Serve(port)
        } else {
            Target::Output(out.clone())
        };
        println!(
            "{size} documents, {mode}: start-up {:.2} s",
            started.elapsed().as_secs_f64()
        );
        std::thread::spawn(move || for _ in lines {});
        let doc = dir.join("content/tzgg/doc-00000.md");
        let original = std::fs::read_to_string(&doc).unwrap();
        let (mut edits, mut adds, mut deletes, mut renames) = (vec![], vec![], vec![], vec![]);
        for n in 0..EDITS {
            let marker = format!("基准标记{n}号");
            let text = original.replace("全年主动公开", &format!("{marker}全年主动公开"));
            edits.push(latency(
                || std::fs::write(&doc, &text).unwrap(),
                || {
                    target
                        .page("/tzgg/doc-00000/")
                        .is_some_and(|b| b.contains(&marker))
                },
            ));
            std::thread::sleep(Duration::from_millis(150));
            if n % 3 != 0 {
                continue;
            }
            let (name, renamed) = (format!("new-{n}"), format!("renamed-{n}"));
            let file = dir.join(format!("content/tzgg/{name}.md"));
            let moved = dir.join(format!("content/tzgg/{renamed}.md"));
            let title = format!("新增文档{n}");
            adds.push(latency(
                || std::fs::write(&file, new_doc(&title, n)).unwrap(),
                || {
                    target
                        .page(&format!("/tzgg/{name}/"))
                        .is_some_and(|b| b.contains(&title))
                },
            ));
            std::thread::sleep(Duration::from_millis(400));
            renames.push(latency(
                || std::fs::rename(&file, &moved).unwrap(),
                || target.page(&format!("/tzgg/{renamed}/")).is_some(),
            ));
            std::thread::sleep(Duration::from_millis(400));
            deletes.push(latency(
                || std::fs::remove_file(&moved).unwrap(),
                || target.page(&format!("/tzgg/{renamed}/")).is_none(),
            ));
            std::thread::sleep(Duration::from_millis(400));
        }
        if mode == "serve" {
            let (peak, now) = memory(child.id());
            println!("{size} documents, serve: memory {now} MiB now, {peak} MiB at its peak");
        }
        let _ = child.kill();
        let _ = child.wait();
        report(size, mode, "edit", edits);
        report(size, mode, "new document", adds);
        report(size, mode, "rename", renames);
        report(size, mode, "deletion", deletes);
        std::fs::write(&doc, &original).unwrap();
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempfile_dir(size: usize) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gongkai-bench-{size}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
