//! The editor's JSON interface: the form's schema, the documents list, a document, its preview
//! and problems, saving (refused when the file changed on disk, or with errors unless a draft)
//! and deleting to the trash.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path as UrlPath, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use super::form::{self, Filter};
use super::paths::{resolve_document, to_trash, write_whole};
use super::yaml_text::{self, FieldEdit};
use super::{refuse, Shared};
use crate::content::front_matter::DOCUMENT_FIELDS;
use crate::content::load::Asset;
use crate::diagnostics::Diagnostic;

/// The routes.
pub fn router(editor: Shared) -> Router {
    Router::new()
        .route("/_edit/api/schema", get(schema))
        .route("/_edit/api/list", get(list))
        .route("/_edit/api/doc", get(document))
        .route("/_edit/api/new", post(new_document))
        .route("/_edit/api/preview", post(preview))
        .route("/_edit/api/save", post(save))
        .route("/_edit/api/links", get(links))
        .route("/_edit/api/delete", post(delete))
        .route("/_edit/api/login", post(login))
        .route("/_edit/preview/{rendition}/{*rel}", get(preview_page))
        .merge(super::intake::router())
        .merge(super::trash::router())
        .with_state(editor)
}

/// A JSON answer.
pub(super) fn reply(code: StatusCode, value: &Value) -> Response {
    let mut res = Response::new(Body::from(value.to_string()));
    *res.status_mut() = code;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The query string's parameters, decoded.
pub(super) fn query(uri: &Uri) -> HashMap<String, String> {
    (uri.query().unwrap_or_default().split('&'))
        .filter_map(|kv| kv.split_once('='))
        .filter_map(|(k, v)| {
            let v = crate::text::percent_decode(&v.replace('+', " "))?;
            Some((k.to_string(), v))
        })
        .collect()
}

/// SHA-256 of a text, in hex: the version a save is checked against.
pub(super) fn version(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs blocking work (a build step, files) off the server's threads.
pub(super) async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(f).await {
        Ok(v) => v,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

async fn schema(State(ed): State<Shared>) -> Response {
    let session = ed.session.read().unwrap_or_else(|e| e.into_inner());
    reply(StatusCode::OK, &form::schema(session.build.site()))
}

async fn list(State(ed): State<Shared>, uri: Uri) -> Response {
    let q = query(&uri);
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let filter = Filter {
        q: get("q"),
        section: get("section"),
        year: get("year"),
        issuer: get("issuer"),
        state: get("state"),
        offset: get("offset").parse().unwrap_or(0),
    };
    let session = ed.session.read().unwrap_or_else(|e| e.into_inner());
    let counts = super::counts_by_file(&session);
    reply(
        StatusCode::OK,
        &form::list(session.build.site(), &counts, &filter),
    )
}

/// A document as the form shows it. `sources` names where imported values came from.
pub(super) fn model(ed: &Shared, rel: &str, text: &str, new: bool, sources: Value) -> Value {
    let (fields, unknown) = form::fields_of(text);
    let (body, body_line) = form::body_of(text);
    let file = Path::new("content").join(rel);
    let problems: Vec<Value> = {
        let session = ed.session.read().unwrap_or_else(|e| e.into_inner());
        (session.build.diagnostics().iter())
            .filter(|d| d.file == file)
            .map(form::problem)
            .collect()
    };
    // Sizes of the attachment files beside the document, for the form to show.
    let dir = ed
        .root
        .join("content")
        .join(rel.rsplit_once('/').map_or("", |(d, _)| d));
    let sizes: serde_json::Map<String, Value> =
        (fields["attachments"].as_array().into_iter().flatten())
            .filter_map(|a| a["file"].as_str())
            .filter(|f| !f.contains("://") && !f.starts_with('/') && !f.contains(".."))
            .filter_map(|f| {
                Some((
                    f.to_string(),
                    json!(std::fs::metadata(dir.join(f)).ok()?.len()),
                ))
            })
            .collect();
    json!({
        "path": rel, "isNew": new, "version": version(text.as_bytes()), "text": text, "fileSizes": sizes,
        "fields": fields, "unknown": unknown, "body": body, "bodyLine": body_line,
        "problems": problems, "sources": sources,
        "proposedIndexNo": proposed_index_no(ed, rel, text),
    })
}

/// The next free 索引号 of the document's section and year.
fn proposed_index_no(ed: &Shared, rel: &str, text: &str) -> Option<String> {
    let session = ed.session.read().unwrap_or_else(|e| e.into_inner());
    let site = session.build.site();
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let (fields, _) = form::fields_of(text);
    let year = (fields["date"].as_str())
        .and_then(|d| crate::content::date::DocDate::parse(d).ok())
        .unwrap_or_else(crate::content::date::DocDate::now)
        .year();
    let own = site.doc_by_source.get(rel).copied();
    let numbers = |same_dir: bool| -> Vec<&str> {
        (site.docs.iter().enumerate())
            .filter(|(i, d)| Some(*i) != own && (!same_dir || d.source.dir == dir))
            .filter_map(|(_, d)| d.source.meta.index_no.as_deref())
            .collect()
    };
    crate::content::index_no::next_index_no(&site.config, &numbers(false), &numbers(true), year)
}

async fn document(State(ed): State<Shared>, uri: Uri) -> Response {
    let rel = query(&uri).remove("path").unwrap_or_default();
    let path = match resolve_document(&ed.root, &rel) {
        Ok(p) => p,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, &e),
    };
    // The form starts again from the file: uploads held for an earlier form are dropped.
    (ed.pending_files.lock().unwrap_or_else(|e| e.into_inner())).remove(&rel);
    match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => reply(StatusCode::OK, &model(&ed, &rel, &text, false, json!({}))),
            Err(_) => refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                "文件不是 UTF-8 编码：请先在编辑器中“另存为 UTF-8”",
            ),
        },
        Err(e) => refuse(
            StatusCode::NOT_FOUND,
            &format!("无法读取 {rel}：{}", crate::fs::reason(&e)),
        ),
    }
}

#[derive(Deserialize)]
struct NewRequest {
    section: String,
}

/// A blank document of a section: today's date, the site's 发布机构, the next 索引号; written
/// only when saved.
async fn new_document(State(ed): State<Shared>, body: Bytes) -> Response {
    let Ok(req) = serde_json::from_slice::<NewRequest>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "请求无效");
    };
    let (issuer, known) = {
        let session = ed.session.read().unwrap_or_else(|e| e.into_inner());
        let site = session.build.site();
        let known = site.sections.iter().skip(1).any(|s| s.dir == req.section);
        (site.config.issuer.clone(), known)
    };
    if !known {
        return refuse(StatusCode::BAD_REQUEST, "没有这个栏目");
    }
    let today = crate::content::date::DocDate::now().ymd();
    let base = format!("{}/{}", req.section, today);
    let mut rel = format!("{base}.md");
    let mut n = 2;
    while ed.root.join("content").join(&rel).exists() {
        rel = format!("{base}-{n}.md");
        n += 1;
    }
    let mut text = format!(
        "---\ntitle: \"\"\nissuer: {}\ndate: {today}\n",
        yaml_text::quote(&issuer)
    );
    text.push_str("---\n\n");
    let mut m = model(&ed, &rel, &text, true, json!({}));
    if let Some(no) = m["proposedIndexNo"].as_str().map(str::to_string) {
        text = yaml_text::apply(&text, &[("index_no".into(), Some(json!(no)))], None);
        m = model(&ed, &rel, &text, true, json!({}));
    }
    reply(StatusCode::OK, &m)
}

/// What the form sends: the text it was opened with, the fields the clerk changed (`null`
/// removes one) and the body when changed.
#[derive(Deserialize)]
struct Edit {
    path: String,
    #[serde(default, rename = "isNew")]
    is_new: bool,
    #[serde(rename = "baseText")]
    base_text: String,
    #[serde(default)]
    edits: serde_json::Map<String, Value>,
    body: Option<String>,
}

impl Edit {
    /// The new text: the changed fields in the parser's order, unknown keys refused.
    fn text(&self) -> Result<String, String> {
        if let Some(k) = (self.edits.keys()).find(|k| !DOCUMENT_FIELDS.iter().any(|f| f.key == *k))
        {
            return Err(format!("不认识的字段 “{k}”"));
        }
        let edits: Vec<FieldEdit> = (DOCUMENT_FIELDS.iter())
            .filter_map(|f| {
                let v = self.edits.get(f.key)?;
                Some((f.key.to_string(), (!v.is_null()).then(|| v.clone())))
            })
            .collect();
        Ok(yaml_text::apply(
            &self.base_text,
            &edits,
            self.body.as_deref(),
        ))
    }
}

/// The edit a request sends, its file and its new text; why not (a bad request) as an error.
fn parse_edit(body: &[u8], root: &Path) -> Result<(Edit, PathBuf, String), String> {
    let edit: Edit = serde_json::from_slice(body).map_err(|_| "请求无效".to_string())?;
    let path = resolve_document(root, &edit.path)?;
    let text = edit.text()?;
    Ok((edit, path, text))
}

/// Renders the unsaved text: problems and page, kept for the preview frame.
fn run_preview(ed: &Shared, rel: &str, text: &str) -> (Vec<Diagnostic>, Option<String>) {
    let content = ed.root.join("content");
    let held: Vec<Asset> = (ed.pending_files.lock().unwrap_or_else(|e| e.into_inner()))
        .get(rel)
        .into_iter()
        .flatten()
        .map(|(path, bytes)| Asset {
            rel: crate::text::rel_slash(path, &content),
            source: path.clone(),
            size: bytes.len() as u64,
        })
        .collect();
    let p = {
        let mut session = ed.session.write().unwrap_or_else(|e| e.into_inner());
        session.build.preview_with_held(rel, text.as_bytes(), held)
    };
    let mut previews = ed.previews.lock().unwrap_or_else(|e| e.into_inner());
    match p.pages {
        Some(pages) => {
            previews.insert(rel.to_string(), pages);
        }
        None => {
            previews.remove(rel);
        }
    }
    (p.diagnostics.iter().cloned().collect(), p.path)
}

fn problems_json(problems: &[Diagnostic]) -> Vec<Value> {
    problems.iter().map(form::problem).collect()
}

async fn preview(State(ed): State<Shared>, body: Bytes) -> Response {
    let (edit, _, text) = match parse_edit(&body, &ed.root) {
        Ok(x) => x,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, &e),
    };
    let ed2 = ed.clone();
    let rel = edit.path.clone();
    let (problems, url, proposed) = blocking(move || {
        let (problems, url) = run_preview(&ed2, &rel, &text);
        (problems, url, proposed_index_no(&ed2, &rel, &text))
    })
    .await;
    reply(
        StatusCode::OK,
        &json!({
            "problems": problems_json(&problems), "url": url, "hasPage": url.is_some(),
            "proposedIndexNo": proposed,
        }),
    )
}

async fn preview_page(
    State(ed): State<Shared>,
    UrlPath((rendition, rel)): UrlPath<(String, String)>,
) -> Response {
    let i = usize::from(rendition == "care");
    let previews = ed.previews.lock().unwrap_or_else(|e| e.into_inner());
    match previews.get(&rel) {
        Some(pages) => {
            crate::serve::respond(StatusCode::OK, "text/html; charset=utf-8", pages[i].clone())
        }
        None => crate::serve::respond(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "还没有预览：请先修改或保存文档".as_bytes().to_vec(),
        ),
    }
}

/// Saves a document: see the module documentation.
async fn save(State(ed): State<Shared>, body: Bytes) -> Response {
    let (edit, path, text) = match parse_edit(&body, &ed.root) {
        Ok(x) => x,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, &e),
    };
    let ed2 = ed.clone();
    blocking(move || save_blocking(&ed2, &edit, &path, &text)).await
}

fn save_blocking(ed: &Shared, edit: &Edit, path: &Path, text: &str) -> Response {
    let disk = std::fs::read(path).ok();
    match (&disk, edit.is_new) {
        (Some(_), true) => {
            return refuse(
                StatusCode::CONFLICT,
                &format!("{} 已存在：不会覆盖，请换一个文件名", edit.path),
            );
        }
        (Some(d), false) if d != edit.base_text.as_bytes() => {
            return reply(
                StatusCode::CONFLICT,
                &json!({
                    "error": "文件在打开之后被改动过（同事、文本编辑器或 git）：没有保存。两个版本都在下面，请对照后重新打开再改。",
                    "conflict": true, "disk": String::from_utf8_lossy(d), "mine": text,
                }),
            );
        }
        (None, false) => {
            return refuse(StatusCode::CONFLICT, "文件已被删除或改名：没有保存");
        }
        _ => {}
    }
    let (problems, url) = run_preview(ed, &edit.path, text);
    let has_errors = problems.iter().any(Diagnostic::is_error);
    let draft = form::fields_of(text).0["draft"] == json!(true);
    if has_errors && !draft {
        return reply(
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!({
                "error": "文档有错误，只能存为草稿（draft: true），改正后才能发布",
                "needDraft": true, "problems": problems_json(&problems),
            }),
        );
    }
    let mut written = vec![path.to_path_buf()];
    if disk.as_deref() != Some(text.as_bytes()) {
        let pending = (ed.pending_files.lock().unwrap_or_else(|e| e.into_inner()))
            .remove(&edit.path)
            .unwrap_or_default();
        // Only the held files the saved text still names (an attachment removed from the list
        // before saving is not written).
        let named = |file: &Path| {
            file.file_name()
                .is_some_and(|n| text.contains(n.to_string_lossy().as_ref()))
        };
        for (file, bytes) in pending.iter().filter(|(f, _)| named(f)) {
            if let Err(e) = write_whole(file, bytes, true) {
                return refuse(StatusCode::CONFLICT, &e);
            }
            written.push(file.clone());
        }
        if let Err(e) = write_whole(path, text.as_bytes(), edit.is_new) {
            return refuse(StatusCode::INTERNAL_SERVER_ERROR, &e);
        }
        update_site(ed, &written);
    }
    reply(
        StatusCode::OK,
        &json!({
            "version": version(text.as_bytes()), "text": text, "url": url,
            "problems": problems_json(&problems),
        }),
    )
}

/// Brings the site in memory up to date with files just written or moved, and tells open
/// preview pages.
pub(super) fn update_site(ed: &Shared, paths: &[PathBuf]) {
    let update = {
        let mut session = ed.session.write().unwrap_or_else(|e| e.into_inner());
        session.apply(paths)
    };
    if !update.summary.is_empty() {
        eprintln!("{}", update.summary);
        ed.serve.publish(
            !update.failed,
            crate::serve::Status::of(&update.diagnostics),
        );
    }
}

/// The documents that link to a document or name it in a relation.
fn linking(ed: &Shared, rel: &str) -> Vec<Value> {
    let session = ed.session.read().unwrap_or_else(|e| e.into_inner());
    let site = session.build.site();
    let Some(&d) = site.doc_by_source.get(rel) else {
        return Vec::new();
    };
    (session.build.linking_documents(d).into_iter())
        .map(|i| {
            let doc = &site.docs[i];
            json!({ "path": crate::text::content_rel(&doc.source.file), "title": doc.source.meta.title })
        })
        .collect()
}

async fn links(State(ed): State<Shared>, uri: Uri) -> Response {
    let rel = query(&uri).remove("path").unwrap_or_default();
    reply(StatusCode::OK, &json!({ "documents": linking(&ed, &rel) }))
}

#[derive(Deserialize)]
struct DeleteRequest {
    path: String,
    version: String,
}

/// Moves a document, and the attachments no other document lists, to `.gongkai/trash/`.
async fn delete(State(ed): State<Shared>, body: Bytes) -> Response {
    let Ok(req) = serde_json::from_slice::<DeleteRequest>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "请求无效");
    };
    let path = match resolve_document(&ed.root, &req.path) {
        Ok(p) => p,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, &e),
    };
    let ed2 = ed.clone();
    blocking(move || {
        match std::fs::read(&path) {
            Ok(bytes) if version(&bytes) == req.version => {}
            _ => {
                return refuse(
                    StatusCode::CONFLICT,
                    "文件在打开之后被改动或删除过：没有删除",
                )
            }
        }
        let mut files = vec![path.clone()];
        files.extend(own_attachments(&ed2, &req.path));
        match to_trash(&ed2.root, &files) {
            Ok(folder) => {
                update_site(&ed2, &files);
                let moved: Vec<String> = files
                    .iter()
                    .map(|f| crate::text::rel_slash(f, &ed2.root.join("content")))
                    .collect();
                reply(StatusCode::OK, &json!({ "trash": folder, "moved": moved }))
            }
            Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, &e),
        }
    })
    .await
}

/// The attachment files of document `rel` that no other document lists.
fn own_attachments(ed: &Shared, rel: &str) -> Vec<PathBuf> {
    let session = ed.session.read().unwrap_or_else(|e| e.into_inner());
    let site = session.build.site();
    let content = ed.root.join("content");
    let files_of = |d: &crate::content::tree::Doc| -> Vec<PathBuf> {
        (d.source.meta.attachments.iter())
            .filter(|a| !a.file.contains("://") && !a.file.starts_with('/'))
            .map(|a| content.join(&d.source.dir).join(&a.file))
            .collect()
    };
    let Some(&d) = site.doc_by_source.get(rel) else {
        return Vec::new();
    };
    let others: Vec<PathBuf> = (site.docs.iter().enumerate())
        .filter(|(i, _)| *i != d)
        .flat_map(|(_, doc)| files_of(doc))
        .collect();
    files_of(&site.docs[d])
        .into_iter()
        .filter(|f| f.is_file() && !others.contains(f) && f.starts_with(&content))
        .collect()
}

#[derive(Deserialize)]
struct Login {
    password: String,
}

/// With a password (`--bind` elsewhere): the right one gets the session secret. An address
/// that gave too many wrong ones is refused for a while ([`super::lockout`]).
async fn login(
    State(ed): State<Shared>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    use super::lockout::minutes;
    let Some(password) = &ed.password else {
        return refuse(StatusCode::NOT_FOUND, "本机编辑不需要密码");
    };
    let ip = client.ip();
    let now = std::time::Instant::now();
    if let Some(left) = ed.lockout.locked(ip, now) {
        let message = format!(
            "密码错误次数过多，这台电脑暂时不能登录：请 {}后再试",
            minutes(left)
        );
        return refuse(StatusCode::TOO_MANY_REQUESTS, &message);
    }
    let given = serde_json::from_slice::<Login>(&body)
        .map(|l| l.password)
        .unwrap_or_default();
    if super::same(password, &given) {
        ed.lockout.succeeded(ip);
        return reply(StatusCode::OK, &json!({ "token": ed.secret }));
    }
    // Slow down guessing.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    match ed.lockout.failed(ip, now) {
        Some(lock) => refuse(
            StatusCode::TOO_MANY_REQUESTS,
            &format!(
                "密码不对，且已连续错误 {} 次：这台电脑 {}内不能登录",
                super::lockout::MAX_FAILURES,
                minutes(lock)
            ),
        ),
        None => refuse(StatusCode::UNAUTHORIZED, "密码不对"),
    }
}
