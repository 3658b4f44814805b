//! `build --watch` and `serve`: a real process on a temporary site; files are edited, saved
//! atomically, renamed, deleted, broken and repaired, and the output is checked within a bounded
//! wait each time. HTTP is spoken over a raw TCP socket so paths reach the server unnormalised.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use crate::common::{doc, index_no, SiteBuilder, BIN};

const WAIT: Duration = Duration::from_secs(20);

/// A running `gongkai` process whose stderr lines are collected in the background.
pub(crate) struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Running {
    pub(crate) fn start(root: &Path, args: &[&str]) -> Running {
        let mut child = Command::new(BIN)
            .args(args)
            .arg("--root")
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("gongkai starts");
        let stderr: ChildStderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a stderr line containing `needle` (after the ones already seen).
    #[track_caller]
    pub(crate) fn wait_line(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(100)) {
                self.seen.push(line.clone());
                if line.contains(needle) {
                    return line;
                }
            }
        }
        panic!(
            "no line containing {needle:?}; saw:\n{}",
            self.seen.join("\n")
        );
    }

    pub(crate) fn port(&mut self) -> u16 {
        let line = self.wait_line("监听 ");
        let addr = line.split("监听 ").nth(1).unwrap();
        addr.split('；')
            .next()
            .unwrap()
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[track_caller]
pub(crate) fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting until {what}");
}

fn site() -> crate::common::Site {
    let mut b = SiteBuilder::new().section("tz", "通知公告", "");
    for i in 1..=4 {
        let body = format!("正文第{i}篇。\n\n一、总体情况\n\n内容。\n\n二、下一步\n\n内容。\n");
        b = b.file(
            &format!("content/tz/doc{i}.md"),
            doc(
                &format!("通知{i}"),
                &format!("2021-0{i}-10"),
                Some(&index_no(2021, i)),
                "",
                &body,
            ),
        );
    }
    b.create()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path).and_then(|m| m.modified()).unwrap()
}

/// Writes through a temporary file and a rename, as many editors save.
fn atomic_save(path: &Path, text: &str) {
    let tmp: PathBuf = path.with_file_name(".doc.md.swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn build_watch_follows_edits_renames_deletes_and_recovers_from_errors() {
    let site = site();
    let root = site.root().to_path_buf();
    let public = root.join("public");
    let mut run = Running::start(&root, &["build", "--watch"]);
    run.wait_line("正在监视");
    let page1 = public.join("tz/doc1/index.html");
    let page4 = public.join("tz/doc4/index.html");
    assert!(read(&page1).contains("通知1"));
    let untouched = public.join("static/css/gongkai.css");
    let untouched_time = mtime(&untouched);
    let doc1 = root.join("content/tz/doc1.md");
    let original = read(&doc1);
    std::thread::sleep(Duration::from_millis(1100)); // coarse file-system timestamps

    // Plain edit.
    std::fs::write(&doc1, original.replace("正文第1篇。", "正文第1篇已修改。")).unwrap();
    wait_until("the edit is published", || {
        read(&page1).contains("正文第1篇已修改")
    });
    assert!(read(&public.join("care/tz/doc1/index.html")).contains("正文第1篇已修改"));
    wait_until("the search index follows the edit", || {
        walkdir::WalkDir::new(public.join("search"))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file() && !e.path().to_string_lossy().ends_with(".br"))
            .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("正文第1篇已修改")))
    });
    let line = run.wait_line("已更新");
    assert!(line.contains("毫秒"), "{line}");
    // the precompressed copy follows the page
    let mut unzipped = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(
            std::fs::File::open(public.join("tz/doc1/index.html.gz")).unwrap(),
        ),
        &mut unzipped,
    )
    .unwrap();
    assert_eq!(unzipped, read(&page1), "index.html.gz is the edited page");
    assert_eq!(
        mtime(&untouched),
        untouched_time,
        "unrelated files are not rewritten"
    );
    let page4_time = mtime(&page4);

    // Atomic save (temporary file + rename).
    atomic_save(
        &doc1,
        &original.replace("正文第1篇。", "正文第1篇原子保存。"),
    );
    wait_until("the atomic save is published", || {
        read(&page1).contains("正文第1篇原子保存")
    });
    assert_eq!(
        mtime(&page4),
        page4_time,
        "a page the edit does not affect keeps its mtime"
    );

    // Broken front matter: errors printed, last good output kept.
    std::fs::write(&doc1, "---\ntitle: \"未闭合\nissuer: x\n---\n").unwrap();
    run.wait_line("错误");
    run.wait_line("已保留上次的输出");
    assert!(
        read(&page1).contains("正文第1篇原子保存"),
        "output kept after a failed rebuild"
    );

    // Repair.
    std::fs::write(&doc1, original.replace("正文第1篇。", "正文第1篇修好了。")).unwrap();
    wait_until("the repaired page is published", || {
        read(&page1).contains("正文第1篇修好了")
    });

    // Rename: the old output disappears, the new one appears.
    std::fs::rename(
        root.join("content/tz/doc2.md"),
        root.join("content/tz/renamed.md"),
    )
    .unwrap();
    wait_until("the renamed page exists", || {
        public.join("tz/renamed/index.html").is_file()
    });
    wait_until("the old page is gone", || {
        !public.join("tz/doc2/index.html").exists()
    });
    assert!(!public.join("care/tz/doc2/index.html").exists());
    assert!(
        !public.join("tz/doc2").exists(),
        "the folder goes with the page and its .gz and .br copies"
    );

    // Delete.
    std::fs::remove_file(root.join("content/tz/doc3.md")).unwrap();
    wait_until("the deleted page is gone", || {
        !public.join("tz/doc3/index.html").exists()
    });
    wait_until("the listing follows the deletion", || {
        !read(&public.join("tz/index.html")).contains("通知3")
    });
    let line = run.wait_line("已更新检索索引、订阅和列表页");
    assert!(line.contains("毫秒"), "{line}");

    // A whole folder copied in at once: a new section with its documents.
    let staging = tempfile::tempdir().unwrap();
    let folder = staging.path().join("gg");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("_index.md"), "---\ntitle: 公告\n---\n").unwrap();
    for i in 1..=3 {
        let text = doc(
            &format!("公告{i}"),
            "2021-05-01",
            Some(&index_no(2021, 20 + i)),
            "",
            "公告正文。\n",
        );
        std::fs::write(folder.join(format!("g{i}.md")), text).unwrap();
    }
    crate::common::copy_dir(&folder, &root.join("content/gg"));
    // Files of one update are written in parallel: wait for the home page too, not only for the
    // new section's pages.
    wait_until(
        "the copied section is published and listed on the home page",
        || {
            (1..=3).all(|i| public.join(format!("gg/g{i}/index.html")).is_file())
                && public.join("gg/index.html").is_file()
                && std::fs::read_to_string(public.join("index.html"))
                    .is_ok_and(|home| home.contains("公告1"))
        },
    );
}

/// A raw HTTP/1.1 GET: (status, headers lower-cased, body).
pub(crate) fn get(port: u16, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_string())
}

#[test]
fn serve_answers_http_reloads_and_never_touches_public() {
    let site = site();
    let root = site.root().to_path_buf();
    let mut run = Running::start(&root, &["serve", "--port", "0"]);
    let port = run.port();

    let (status, head, body) = get(port, "/tz/doc1/");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("cache-control: no-cache"));
    assert!(body.contains("通知1"));
    assert!(
        body.contains("/__gongkai/livereload.js"),
        "serve injects the live-reload script"
    );
    let (status, head, _) = get(port, "/care/tz/doc1/");
    assert_eq!(status, 200);
    assert!(head.contains("text/html"));
    let (_, head, _) = get(port, "/static/css/gongkai.css");
    assert!(
        head.contains("content-type: text/css; charset=utf-8"),
        "{head}"
    );
    let (_, head, _) = get(port, "/static/js/gongkai.js");
    assert!(
        head.contains("content-type: application/javascript; charset=utf-8"),
        "{head}"
    );
    let (status, _, body) = get(port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("页面未找到"), "the site's 404 page is served");
    let (status, head, _) = get(port, "/tz/doc1");
    assert_eq!(status, 301);
    assert!(head.contains("location: /tz/doc1/"));
    for attack in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2fconfig.yaml",
        "/..%5cconfig.yaml",
        "/config.yaml",
        "/content/tz/doc1.md",
    ] {
        let (status, _, body) = get(port, attack);
        assert!(status == 400 || status == 404, "{attack}: {status}");
        assert!(
            !body.contains("root:") && !body.contains("base_url"),
            "{attack} leaked a file"
        );
    }

    // Live reload: the event stream announces the rebuild after a save.
    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        events,
        "GET /__gongkai/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let doc1 = root.join("content/tz/doc1.md");
    let original = read(&doc1);
    std::fs::write(
        &doc1,
        original.replace("正文第1篇。", "正文第1篇预览修改。"),
    )
    .unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + WAIT;
    while !seen.contains("event: reload") && Instant::now() < deadline {
        match events.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            Err(_) => break,
        }
    }
    assert!(seen.contains("text/event-stream"), "{seen}");
    assert!(seen.contains("event: reload"), "{seen}");
    assert!(get(port, "/tz/doc1/").2.contains("正文第1篇预览修改"));

    // A broken save: the status carries the errors for the overlay; the last good page stays.
    std::fs::write(&doc1, "---\ntitle: [x\n---\n").unwrap();
    wait_until("the status reports the error", || {
        get(port, "/__gongkai/status").2.contains("错误")
    });
    assert!(get(port, "/tz/doc1/").2.contains("正文第1篇预览修改"));
    std::fs::write(&doc1, &original).unwrap();
    wait_until("the status is clean again", || {
        get(port, "/__gongkai/status").2.contains("\"errors\":[]")
    });

    assert!(
        !root.join("public").exists(),
        "serve must not write public/"
    );
}

#[test]
fn built_output_has_no_live_reload_script() {
    let site = SiteBuilder::fixture("basic").build(&[]);
    for (path, bytes) in site.output() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__gongkai"),
            "{path} contains the live-reload hook"
        );
    }
}
