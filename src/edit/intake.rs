//! What comes into the editor as files: a `.docx` 公文 or a saved HTML page dropped on the list
//! (the import of `gongkai import`, run in memory: the form opens filled in and nothing is
//! written until the clerk saves), and attachments uploaded beside a document (held until the
//! document is saved, too).

use std::path::Path;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};

use super::api::{blocking, model, query, reply};
use super::paths::resolve_document;
use super::paths::{check_attachment_name, resolve, MAX_UPLOAD_BYTES};
use super::{refuse, Shared};
use crate::content::front_matter::DOCUMENT_FIELDS;
use crate::import::write::ReportRow;
use crate::import::{extract_bytes, ImportOptions};

/// The routes (with a body limit of their own).
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/_edit/api/import", post(import))
        .route("/_edit/api/upload", post(upload))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
}

/// `{"title": "正文第一行（居中）", …}`: where each field's value was found, by English key.
fn sources(rows: &[ReportRow]) -> Value {
    let mut out = serde_json::Map::new();
    for row in rows {
        let name = row.field.split('（').next().unwrap_or_default();
        let key = match DOCUMENT_FIELDS
            .iter()
            .find(|f| f.zh == name || f.key == name)
        {
            Some(f) => f.key,
            None if name == "正文" => "body",
            None => continue,
        };
        out.insert(key.to_string(), json!(row.from));
    }
    Value::Object(out)
}

async fn import(State(ed): State<Shared>, uri: Uri, body: Bytes) -> Response {
    let q = query(&uri);
    let section = q.get("section").cloned().unwrap_or_default();
    let name = q.get("name").cloned().unwrap_or_default();
    let known = {
        let session = ed.session.read().unwrap_or_else(|e| e.into_inner());
        let site = session.build.site();
        site.sections.iter().skip(1).any(|s| s.dir == section)
    };
    if !known {
        return refuse(StatusCode::BAD_REQUEST, "请先选择要导入到哪个栏目");
    }
    let file_name = Path::new(&name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document.docx".into());
    let ed2 = ed.clone();
    blocking(move || {
        let (kind, ex) = match extract_bytes(Path::new(&file_name), &body) {
            Ok(x) => x,
            Err(e) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, &format!("{file_name}：{e}")),
        };
        let opts = ImportOptions {
            root: ed2.root.clone(),
            section,
            dry_run: true,
            force: false,
        };
        let mut diags = crate::diagnostics::Diagnostics::new();
        let config = crate::config::Config::load(&opts.root, &mut diags);
        let loaded = crate::content::load::load(&opts.root, true, &mut diags);
        let mut site = crate::import::write::ImportTarget::new(&config, &loaded, &opts);
        let draft = match site.draft(Path::new(&file_name), kind, ex) {
            Ok(d) => d,
            Err(e) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, &format!("{file_name}：{e}")),
        };
        let rel = crate::text::rel_slash(&draft.target, &ed2.root.join("content"));
        // Held in memory until the document is saved: a file the page linked is read now.
        let mut held = Vec::new();
        for (path, content) in &draft.files {
            match content.bytes() {
                Ok(bytes) => held.push((path.clone(), bytes)),
                Err(e) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, &format!("{file_name}：{e}")),
            }
        }
        (ed2.pending_files.lock().unwrap_or_else(|e| e.into_inner())).insert(rel.clone(), held);
        // The form shows each field's source and doubt beside it: the import's comment listing
        // the doubtful fields would stay in the file after the clerk has checked them.
        let text: String = (draft.text.split_inclusive('\n'))
            .filter(|l| !l.starts_with(crate::import::fields::UNSURE_COMMENT))
            .collect();
        let mut m = model(&ed2, &rel, &text, true, sources(&draft.rows));
        m["missing"] = json!(draft.missing);
        m["warnings"] = json!(draft.warnings);
        m["pendingFiles"] = json!(draft
            .files
            .iter()
            .map(|(p, b)| json!({ "file": crate::text::rel_slash(p, &ed2.root.join("content")), "size": b.size() }))
            .collect::<Vec<_>>());
        reply(StatusCode::OK, &m)
    })
    .await
}

/// An attachment uploaded beside a document: held in memory and written when the document is
/// saved with it listed, like the files of an import, never over an existing file. A clerk who
/// leaves the form without saving leaves nothing behind (opening the document again forgets
/// what was held).
async fn upload(State(ed): State<Shared>, uri: Uri, body: Bytes) -> Response {
    let q = query(&uri);
    let doc = q.get("path").cloned().unwrap_or_default();
    let name = q.get("name").cloned().unwrap_or_default();
    if let Err(e) = check_attachment_name(&name) {
        return refuse(StatusCode::BAD_REQUEST, &e);
    }
    if let Err(e) = resolve_document(&ed.root, &doc) {
        return refuse(StatusCode::BAD_REQUEST, &e);
    }
    let dir = doc.rsplit_once('/').map_or("", |(d, _)| d);
    let rel = if dir.is_empty() {
        name.clone()
    } else {
        format!("{dir}/{name}")
    };
    let path = match resolve(&ed.root, &rel) {
        Ok(p) => p,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, &e),
    };
    let mut held = ed.pending_files.lock().unwrap_or_else(|e| e.into_inner());
    let files = held.entry(doc).or_default();
    if path.exists() || files.iter().any(|(p, _)| *p == path) {
        return refuse(
            StatusCode::CONFLICT,
            &format!("{name} 已存在：不会覆盖，请把文件改名后再上传"),
        );
    }
    let size = body.len();
    files.push((path, body.to_vec()));
    reply(
        StatusCode::OK,
        &json!({ "file": name, "size": size, "held": true }),
    )
}
