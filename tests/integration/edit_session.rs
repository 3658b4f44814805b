//! `gongkai edit` over a working session: the documents list follows changes made outside the
//! editor, and password mode locks out an address that guesses.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::{copy_dir, fixtures};
use crate::edit::{api, request, start, start_with, Server};

/// The list's row of document `rel`.
fn row(server: &Server, rel: &str) -> Option<Value> {
    let (_, list) = api(server, "GET", "/_edit/api/list", &Value::Null);
    (list["rows"].as_array().into_iter().flatten())
        .find(|r| r["path"] == rel)
        .cloned()
}

/// Waits (up to 20 s) until `ready` holds for the list.
fn until(server: &Server, what: &str, ready: impl Fn(&Server) -> bool) {
    let started = Instant::now();
    while !ready(server) {
        assert!(started.elapsed() < Duration::from_secs(20), "{what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A copy of the fixture site `basic` with its editor running.
fn editing() -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("sites/basic"), dir.path());
    let server = start("edit", dir.path());
    (dir, server)
}

/// Document `rel` as the form opens it.
fn opened(server: &Server, rel: &str) -> Value {
    let path = format!("/_edit/api/doc?path={rel}");
    api(server, "GET", &path, &Value::Null).1
}

#[test]
fn the_documents_list_follows_changes_made_outside_the_editor() {
    let (dir, server) = editing();
    let rel = "zcwj/biaoge-shuoming.md";
    let before = row(&server, rel).expect("listed");
    let (_, list) = api(&server, "GET", "/_edit/api/list", &Value::Null);
    let total = list["total"].as_u64().unwrap();
    // A git pull brings a new document, then a colleague's text editor adds a picture that
    // does not exist (an error).
    let new = "---\ntitle: 外面新增的通知\nissuer: 示例市示例局\ndate: 2021-05-06\n---\n\n正文。\n";
    std::fs::write(dir.path().join("content/tzgg/waimian.md"), new).unwrap();
    until(&server, "the new document is listed", |s| {
        row(s, "tzgg/waimian.md").is_some_and(|r| r["title"] == "外面新增的通知")
    });
    let file = dir.path().join("content").join(rel);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n![示意图](meiyou.png)\n")).unwrap();
    until(&server, "the error is counted", |s| {
        row(s, rel).is_some_and(|r| r["errors"].as_u64() > before["errors"].as_u64())
    });
    let (_, list) = api(&server, "GET", "/_edit/api/list", &Value::Null);
    assert_eq!(list["total"].as_u64(), Some(total + 1));
    // The form opened now shows the problem at its line.
    let doc = opened(&server, rel);
    assert!(doc["problems"].to_string().contains("meiyou.png"), "{doc}");
    // Taken out again: the count goes back.
    std::fs::write(&file, text).unwrap();
    until(&server, "the error is gone", |s| {
        row(s, rel).is_some_and(|r| r["errors"] == before["errors"])
    });
}

#[test]
fn password_mode_locks_out_an_address_after_repeated_wrong_passwords() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("sites/basic"), dir.path());
    let server = start_with("edit", dir.path(), &["--password", "zhengque-mima"]);
    let login = |password: &str| {
        api(
            &server,
            "POST",
            "/_edit/api/login",
            &json!({ "password": password }),
        )
    };
    // The right password works, and clears earlier mistakes.
    assert_eq!(login("cuowu").0, 401);
    let (status, ok) = login("zhengque-mima");
    assert_eq!(status, 200);
    assert!(ok["token"].as_str().is_some_and(|t| t.len() == 64));
    for _ in 1..5 {
        let (status, refused) = login("cuowu");
        assert_eq!(status, 401, "{refused}");
        assert!(refused["token"].is_null());
    }
    let (status, refused) = login("cuowu");
    assert_eq!(status, 429, "the fifth wrong password in a row locks");
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("分钟内不能登录"),
        "{refused}"
    );
    // Now even the right password is refused, with the time to wait, and no secret given.
    let (status, refused) = login("zhengque-mima");
    assert_eq!(status, 429);
    assert!(refused["token"].is_null());
    assert!(
        refused["error"].as_str().unwrap().contains("后再试"),
        "{refused}"
    );
    // Nothing but the login page is served meanwhile.
    assert_eq!(request(&server, "GET", "/", &[], b"").0, 401);
}

#[test]
fn the_preview_shows_the_lifecycle_state_of_the_unsaved_text() {
    let (dir, server) = editing();
    let rel = "zcwj/luokuan-tongzhi.md";
    let doc = opened(&server, rel);
    let page = |edits: Value| {
        let edit = json!({ "path": rel, "baseText": doc["text"], "edits": edits });
        let (status, preview) = api(&server, "POST", "/_edit/api/preview", &edit);
        assert_eq!(status, 200, "{preview}");
        let token = server.token.as_str();
        let (status, html) = request(
            &server,
            "GET",
            &format!("/_edit/preview/standard/{rel}"),
            &[("X-Gongkai-Token", token)],
            b"",
        );
        assert_eq!(status, 200);
        String::from_utf8(html).unwrap()
    };
    // As saved: 有效, no notice.
    assert!(!page(json!({})).contains("本文件已失效"));
    // A 失效日期 typed in the past: 已失效 from that day, before anything is saved.
    let expired = page(json!({ "validity_date": "2022-01-20" }));
    assert!(
        expired.contains("本文件已失效（2022年1月20日）"),
        "{expired}"
    );
    // One still to come: in force, the page says until when.
    let coming = page(json!({ "validity_date": "2099-01-20" }));
    assert!(!coming.contains("本文件已失效"));
    // Nothing was written, and the saved page is unchanged.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("content").join(rel)).unwrap(),
        doc["text"].as_str().unwrap()
    );
    let (_, site_page) = request(&server, "GET", "/zcwj/luokuan-tongzhi/", &[], b"");
    assert!(!String::from_utf8_lossy(&site_page).contains("本文件已失效"));
}

/// Uploads `bytes` as attachment `name` of document `rel`.
fn upload(server: &Server, rel: &str, name: &str, bytes: &[u8]) -> (u16, Value) {
    let origin = format!("http://{}", server.addr);
    let headers = [
        ("X-Gongkai-Token", server.token.as_str()),
        ("Origin", origin.as_str()),
    ];
    let path = format!("/_edit/api/upload?path={rel}&name={name}");
    let (status, body) = request(server, "POST", &path, &headers, bytes);
    (status, serde_json::from_slice(&body).unwrap_or_default())
}

#[test]
fn an_uploaded_attachment_is_written_only_when_the_document_is_saved_with_it() {
    let (dir, server) = editing();
    let rel = "zcwj/luokuan-tongzhi.md";
    let attachment = dir.path().join("content/zcwj/fujian1.pdf");
    let open = || opened(&server, rel);
    let listed = json!({ "attachments": [{ "title": "附件1", "file": "fujian1.pdf" }] });
    // Uploaded, listed, previewed: held, not on disk, and not reported missing.
    let doc = open();
    assert_eq!(upload(&server, rel, "fujian1.pdf", b"%PDF-1.4 a").0, 200);
    assert!(!attachment.exists());
    let edit = json!({ "path": rel, "baseText": doc["text"], "edits": listed });
    let (_, preview) = api(&server, "POST", "/_edit/api/preview", &edit);
    assert!(
        !preview["problems"].to_string().contains("fujian1.pdf"),
        "{preview}"
    );
    // The form left without saving: opening the document again drops it; nothing was written.
    let doc = open();
    assert!(!attachment.exists());
    let edit = json!({ "path": rel, "baseText": doc["text"], "edits": listed });
    let (_, preview) = api(&server, "POST", "/_edit/api/preview", &edit);
    assert!(
        preview["problems"].to_string().contains("fujian1.pdf"),
        "{preview}"
    );
    // Uploaded, then removed from the list before saving: not written either.
    assert_eq!(upload(&server, rel, "fujian1.pdf", b"%PDF-1.4 b").0, 200);
    let title = json!({ "path": rel, "baseText": doc["text"], "edits": { "summary": "摘要" } });
    let (status, saved) = api(&server, "POST", "/_edit/api/save", &title);
    assert_eq!(status, 200, "{saved}");
    assert!(!attachment.exists());
    // Uploaded and saved with the document: written, with it.
    let doc = open();
    assert_eq!(upload(&server, rel, "fujian1.pdf", b"%PDF-1.4 c").0, 200);
    let (status, twice) = upload(&server, rel, "fujian1.pdf", b"%PDF-1.4 d");
    assert_eq!(status, 409, "{twice}");
    let edit = json!({ "path": rel, "baseText": doc["text"], "edits": listed });
    let (status, saved) = api(&server, "POST", "/_edit/api/save", &edit);
    assert_eq!(status, 200, "{saved}");
    assert_eq!(std::fs::read(&attachment).unwrap(), b"%PDF-1.4 c");
    let text = std::fs::read_to_string(dir.path().join("content").join(rel)).unwrap();
    assert!(text.contains("fujian1.pdf"), "{text}");
    // A file now on disk is never replaced by an upload.
    assert_eq!(upload(&server, rel, "fujian1.pdf", b"%PDF-1.4 e").0, 409);
}
