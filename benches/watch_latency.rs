//! Benchmark: time from saving one document to its rebuilt page being served by `gongkai serve`,
//! on generated sites of 1,000 and 10,000 documents. Run with `cargo bench --bench watch_latency`
//! (set `GONGKAI_BENCH_SIZES=1000` to pick sizes). Prints the full-build time, then median and
//! p95 of the save-to-served latency over repeated edits.

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

fn bench(size: usize) {
    let dir = tempfile_dir(size);
    generate(&dir, size);
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&dir)
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
    }
    assert!(port > 0, "serve did not start");
    let first_build = started.elapsed();
    std::thread::spawn(move || for _ in lines {});
    let doc = dir.join("content/tzgg/doc-00000.md");
    let original = std::fs::read_to_string(&doc).unwrap();
    let mut latencies = Vec::new();
    for n in 0..EDITS {
        let marker = format!("基准标记{n}号");
        let t0 = Instant::now();
        std::fs::write(
            &doc,
            original.replace("全年主动公开", &format!("{marker}全年主动公开")),
        )
        .unwrap();
        loop {
            if get(port, "/tzgg/doc-00000/").is_some_and(|b| b.contains(&marker)) {
                break;
            }
            assert!(t0.elapsed() < Duration::from_secs(60), "page not updated");
            std::thread::sleep(Duration::from_millis(2));
        }
        latencies.push(t0.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(150));
    }
    let _ = child.kill();
    let _ = child.wait();
    latencies.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{size} documents: first build + serve start {:.2} s; save → served page: median {:.0} ms, p95 {:.0} ms (n={EDITS}; includes the 30 ms debounce)",
        first_build.as_secs_f64(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.95)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempfile_dir(size: usize) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gongkai-bench-{size}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
