//! `gongkai edit` through its HTTP interface, as the editor page uses it: opening and saving
//! every fixture document without a change leaves its bytes as they were; a changed field
//! rewrites its line only; `serve` answers only the host names it prints.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::common::{copy_dir, fixtures, BIN};

/// A running `gongkai edit` (or `serve`), stopped when dropped.
pub(crate) struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    /// The session secret (empty for `serve`, and before logging in with a password).
    pub token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `gongkai COMMAND --port 0 --root ROOT` and reads the address it prints.
pub(crate) fn start(command: &str, root: &Path) -> Server {
    start_with(command, root, &[])
}

/// [`start`] with more arguments.
pub(crate) fn start_with(command: &str, root: &Path, more: &[&str]) -> Server {
    let mut child = Command::new(BIN)
        .args([command, "--port", "0", "--root"])
        .arg(root)
        .args(more)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start gongkai");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let marker = if command == "edit" {
        "编辑：http://"
    } else {
        "监听 "
    };
    let line = loop {
        let line = lines
            .next()
            .expect("the server prints its address")
            .expect("read");
        if line.contains(marker) {
            break line;
        }
    };
    // Keep reading so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let after = &line[line.find(marker).unwrap() + marker.len()..];
    let addr: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
        .collect();
    let token = after.split("#k=").nth(1).unwrap_or_default().to_string();
    Server { child, addr, token }
}

/// One HTTP/1.1 request; returns the status and the body.
pub(crate) fn request(
    s: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(&s.addr).expect("connect");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {}\r\n", s.addr));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head[9..12].parse().unwrap();
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = unchunk(&body);
    }
    (status, body)
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 4 + size..];
    }
}

/// A call of the editor's JSON interface from its own page (secret and `Origin`).
pub(crate) fn api(
    s: &Server,
    method: &str,
    path: &str,
    body: &serde_json::Value,
) -> (u16, serde_json::Value) {
    let origin = format!("http://{}", s.addr);
    let headers = [
        ("X-Gongkai-Token", s.token.as_str()),
        ("Origin", origin.as_str()),
        ("Content-Type", "application/json"),
    ];
    let body = if body.is_null() {
        Vec::new()
    } else {
        body.to_string().into_bytes()
    };
    let (status, bytes) = request(s, method, path, &headers, &body);
    (status, serde_json::from_slice(&bytes).unwrap_or_default())
}

/// Every document of a site, relative to `content/`.
fn documents(root: &Path) -> Vec<String> {
    let content = root.join("content");
    walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&content)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p.ends_with(".md") && !p.ends_with("_index.md"))
        .collect()
}

#[test]
fn open_and_save_without_a_change_leaves_every_fixture_document_byte_identical() {
    let mut checked = 0;
    for site in ["basic", "lifecycle", "injection"] {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join("sites").join(site), dir.path());
        // A document in CRLF with a byte-order mark, Chinese keys and comments, as Windows
        // editors write them.
        let section = documents(dir.path())[0]
            .rsplit_once('/')
            .map(|(d, _)| d.to_string())
            .unwrap();
        let odd = "\u{feff}---\r\n# 说明\r\n标题: \"带注释的文档\"  # 标题\r\n发布机构: 示例市示例局\r\ndate: 2021-03-04\r\nmy_key: [1, 2]\r\n---\r\n\r\n正文。\r\n";
        std::fs::write(
            dir.path()
                .join("content")
                .join(&section)
                .join("crlf-doc.md"),
            odd,
        )
        .unwrap();
        let server = start("edit", dir.path());
        for rel in documents(dir.path()) {
            let file = dir.path().join("content").join(&rel);
            let before = std::fs::read(&file).unwrap();
            let (status, doc) = api(
                &server,
                "GET",
                &format!("/_edit/api/doc?path={rel}"),
                &serde_json::Value::Null,
            );
            assert_eq!(status, 200, "{site}/{rel}: {doc}");
            let save = serde_json::json!({ "path": rel, "baseText": doc["text"], "edits": {} });
            let (status, saved) = api(&server, "POST", "/_edit/api/save", &save);
            assert!(
                status == 200 || status == 422,
                "{site}/{rel}: {status} {saved}"
            );
            assert_eq!(
                std::fs::read(&file).unwrap(),
                before,
                "{site}/{rel} changed"
            );
            checked += 1;
        }
        // One field changed: its line only, the comment and the CRLF kept.
        let rel = format!("{section}/crlf-doc.md");
        let (_, doc) = api(
            &server,
            "GET",
            &format!("/_edit/api/doc?path={rel}"),
            &serde_json::Value::Null,
        );
        let save = serde_json::json!({ "path": rel, "baseText": doc["text"], "edits": { "title": "新标题" } });
        let (status, saved) = api(&server, "POST", "/_edit/api/save", &save);
        assert_eq!(status, 200, "{saved}");
        let after = std::fs::read_to_string(dir.path().join("content").join(&rel)).unwrap();
        assert_eq!(
            after,
            odd.replace("标题: \"带注释的文档\"  # 标题", "标题: \"新标题\"  # 标题")
        );
    }
    assert!(checked >= 20, "only {checked} documents");
}

#[test]
fn writes_need_the_secret_and_this_origin_and_names_stay_in_content() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("sites/basic"), dir.path());
    let server = start("edit", dir.path());
    let rel = "zcwj/biaoge-shuoming.md";
    let file = dir.path().join("content").join(rel);
    let before = std::fs::read(&file).unwrap();
    let (_, doc) = api(
        &server,
        "GET",
        &format!("/_edit/api/doc?path={rel}"),
        &serde_json::Value::Null,
    );
    let body =
        serde_json::json!({ "path": rel, "baseText": doc["text"], "edits": { "title": "x" } })
            .to_string();
    let own = format!("http://{}", server.addr);
    let cases: [(&[(&str, &str)], u16); 4] = [
        (&[("Origin", own.as_str())], 401),
        (
            &[("X-Gongkai-Token", "0000"), ("Origin", own.as_str())],
            401,
        ),
        (
            &[
                ("X-Gongkai-Token", server.token.as_str()),
                ("Origin", "http://evil.example"),
            ],
            403,
        ),
        (&[("X-Gongkai-Token", server.token.as_str())], 403),
    ];
    for (headers, expected) in cases {
        let (status, _) = request(&server, "POST", "/_edit/api/save", headers, body.as_bytes());
        assert_eq!(status, expected, "{headers:?}");
    }
    let rebound = [
        ("Host", "evil.example:80"),
        ("X-Gongkai-Token", server.token.as_str()),
        ("Origin", "http://evil.example:80"),
    ];
    assert_eq!(
        request(
            &server,
            "POST",
            "/_edit/api/save",
            &rebound,
            body.as_bytes()
        )
        .0,
        421
    );
    for path in [
        "../config.yaml",
        "/etc/passwd",
        "zcwj/../../config.yaml",
        "zcwj/_index.md",
    ] {
        let save = serde_json::json!({ "path": path, "baseText": "", "edits": { "title": "x" } });
        assert_eq!(
            api(&server, "POST", "/_edit/api/save", &save).0,
            400,
            "{path}"
        );
    }
    assert_eq!(std::fs::read(&file).unwrap(), before);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("config.yaml")).unwrap(),
        std::fs::read_to_string(fixtures().join("sites/basic/config.yaml")).unwrap()
    );
}

#[test]
fn serve_answers_only_the_host_names_it_prints() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("sites/basic"), dir.path());
    let server = start("serve", dir.path());
    assert_eq!(request(&server, "GET", "/", &[], b"").0, 200);
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    assert_eq!(
        request(
            &server,
            "GET",
            "/",
            &[("Host", &format!("localhost:{port}"))],
            b""
        )
        .0,
        200
    );
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "127.0.0.1:1",
    ] {
        let (status, body) = request(
            &server,
            "GET",
            "/zcwj/biaoge-shuoming/",
            &[("Host", host)],
            b"",
        );
        assert_eq!(status, 421, "{host}");
        assert!(
            !String::from_utf8_lossy(&body).contains("财政预算"),
            "{host}"
        );
    }
}

#[test]
fn the_preview_reports_what_check_reports_about_the_document_in_the_same_words() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("sites/basic"), dir.path());
    let server = start("edit", dir.path());
    let rel = "zcwj/biaoge-shuoming.md";
    let (_, doc) = api(
        &server,
        "GET",
        &format!("/_edit/api/doc?path={rel}"),
        &serde_json::Value::Null,
    );
    let body = "\n联系人身份证号 11010519491231002X。\n\n见[不存在的页面](/nope/)和[本文](#meiyou)。\n\n![](tu.png)\n";
    let edit = serde_json::json!({ "path": rel, "baseText": doc["text"], "body": body, "edits": { "draft": true, "doc_no": "示政发2021第3号" } });
    let (status, preview) = api(&server, "POST", "/_edit/api/preview", &edit);
    assert_eq!(status, 200);
    let shown: Vec<String> = preview["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect();
    // Saved as a draft (it has errors), then checked as a whole site.
    let (status, saved) = api(&server, "POST", "/_edit/api/save", &edit);
    assert_eq!(status, 200, "{saved}");
    let check =
        crate::common::gongkai(["check", "--drafts", "--root", dir.path().to_str().unwrap()]);
    let file = format!("content/{rel}:");
    let words = |line: &str| line.replace(": 错误: ", ": ").replace(": 警告: ", ": ");
    let checked: Vec<String> = check
        .stderr
        .lines()
        .filter(|l| l.starts_with(&file))
        .map(words)
        .collect();
    assert!(checked.len() >= 4, "{}", check.stderr);
    let shown: Vec<String> = shown.iter().map(|l| words(l)).collect();
    for line in &checked {
        assert!(
            shown.contains(line),
            "check says\n  {line}\nthe editor shows\n  {}",
            shown.join("\n  ")
        );
    }
}
