//! Benchmark of `gongkai edit` on a generated site of 10,000 documents (`GONGKAI_BENCH_DOCS` to
//! change): time to open the documents list (its first page, newest first, with counts),
//! keystroke-to-preview (the changed text sent, the rendered page fetched back) and
//! save-to-preview (the document saved, then the served page showing the change). Run with
//! `cargo bench --bench edit`; `GONGKAI_BIN` runs another binary. Prints median and p95.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROUNDS: usize = 30;

fn main() {
    let docs: usize = std::env::var("GONGKAI_BENCH_DOCS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let bin = std::env::var("GONGKAI_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_gongkai").into());
    let dir = tempfile::tempdir().unwrap();
    make_site(dir.path(), docs);
    let started = Instant::now();
    let mut child = Command::new(&bin)
        .args(["edit", "--port", "0", "--root"])
        .arg(dir.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let line = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.contains("编辑：http://"))
        .expect("edit prints its address");
    std::thread::spawn(move || for _ in lines {});
    println!(
        "{docs} 篇文档：启动 {:.2} 秒",
        started.elapsed().as_secs_f64()
    );
    let after = line.split("http://").nth(1).unwrap();
    let addr = after.split('/').next().unwrap().to_string();
    let token = after.split("#k=").nth(1).unwrap().to_string();
    let c = Client { addr, token };

    report(
        "打开文档列表",
        (0..ROUNDS).map(|_| {
            let t = Instant::now();
            let list = c.call("GET", "/_edit/api/list", "");
            assert!(list.contains("\"total\""));
            t.elapsed()
        }),
    );
    // Document 40 is in the first section (documents go to the sections in turn).
    let rel = "bmxx/doc-00040.md";
    let doc: serde_json::Value =
        serde_json::from_str(&c.call("GET", &format!("/_edit/api/doc?path={rel}"), "")).unwrap();
    let base = doc["text"].as_str().unwrap().to_string();
    let body = doc["body"].as_str().unwrap().to_string();
    report("按键到预览", (0..ROUNDS).map(|i| {
        let edit = serde_json::json!({ "path": rel, "baseText": base, "body": format!("{body}\n第{i}次修改。\n") });
        let t = Instant::now();
        c.call("POST", "/_edit/api/preview", &edit.to_string());
        let page = c.call("GET", &format!("/_edit/preview/standard/{rel}"), "");
        assert!(page.contains(&format!("第{i}次修改")));
        t.elapsed()
    }));
    let mut text = base;
    report(
        "保存到预览",
        (0..ROUNDS).map(|i| {
            let title = format!("保存测试第{i}次");
            let edit =
                serde_json::json!({ "path": rel, "baseText": text, "edits": { "title": title } });
            let t = Instant::now();
            let saved: serde_json::Value =
                serde_json::from_str(&c.call("POST", "/_edit/api/save", &edit.to_string()))
                    .unwrap();
            let page = c.call("GET", "/bmxx/doc-00040/", "");
            assert!(page.contains(&title), "{saved}");
            text = saved["text"].as_str().unwrap().to_string();
            t.elapsed()
        }),
    );
    let _ = child.kill();
    let _ = child.wait();
}

struct Client {
    addr: String,
    token: String,
}

impl Client {
    fn call(&self, method: &str, path: &str, body: &str) -> String {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {0}\r\nOrigin: http://{0}\r\nX-Gongkai-Token: {1}\r\nContent-Type: application/json\r\nContent-Length: {2}\r\nConnection: close\r\n\r\n",
            self.addr, self.token, body.len()
        );
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(body.as_bytes()).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        // The body, after the headers.
        out.split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or(out)
    }
}

fn report(what: &str, times: impl Iterator<Item = Duration>) {
    let mut ms: Vec<f64> = times.map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let p95 = ms[(ms.len() * 95 / 100).min(ms.len() - 1)];
    println!(
        "{what}：中位数 {:.1} 毫秒，p95 {p95:.1} 毫秒（{} 次）",
        ms[ms.len() / 2],
        ms.len()
    );
}

/// Four sections of short notices with 索引号, dates over ten years and a few issuers.
fn make_site(root: &Path, docs: usize) {
    let content = root.join("content");
    std::fs::write(
        root.join("config.yaml"),
        "title: 编辑基准站\nissuer: 基准局\nindex_no_prefix: 11371500004428004U\n",
    )
    .unwrap();
    let sections = ["bmxx", "tzgg", "zcjd", "rsxx"];
    for s in sections {
        std::fs::create_dir_all(content.join(s)).unwrap();
        std::fs::write(
            content.join(s).join("_index.md"),
            format!("---\ntitle: 栏目 {s}\n---\n"),
        )
        .unwrap();
    }
    for i in 0..docs {
        let year = 2016 + i % 10;
        let text = format!(
            "---\ntitle: \"关于第{i}项工作的通知\"\nindex_no: \"11371500004428004U/{year}-{i:05}\"\nissuer: \"基准局{}\"\ndate: {year}-{:02}-{:02}\n---\n\n各科室：\n\n现就第{i}项工作通知如下。\n\n一、工作要求\n\n按时完成。\n",
            i % 5,
            1 + i % 12,
            1 + i % 28
        );
        let s = sections[i % sections.len()];
        std::fs::write(content.join(s).join(format!("doc-{i:05}.md")), text).unwrap();
    }
}
