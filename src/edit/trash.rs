//! The 回收站: documents deleted in the editor wait in `.gongkai/trash/<time>/content/…` (one
//! folder a deletion, the document with the attachments only it used, at their paths below
//! `content/`). The editor lists them (title, when deleted, from where) and puts one back:
//! every file moved to where it was, refused as a whole when any of those paths is taken now.

use std::path::{Path, PathBuf};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use super::api::{blocking, reply, update_site};
use super::{refuse, Shared};

/// The trash folder, below the site root.
const TRASH: &str = ".gongkai/trash";

/// The routes.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/_edit/api/trash", get(list))
        .route("/_edit/api/restore", post(restore))
}

/// The files of a deletion folder, relative to its `content/`, `/`-separated, sorted.
fn files_of(folder: &Path) -> Vec<String> {
    let content = folder.join("content");
    let mut files: Vec<String> = walkdir::WalkDir::new(&content)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| crate::text::rel_slash(e.path(), &content))
        .collect();
    files.sort();
    files
}

/// `20261207-043015` (or `…-2`) as `2026-12-07 04:30:15`.
fn when(name: &str) -> String {
    let b = name.as_bytes();
    if b.len() < 15
        || !name[..8]
            .bytes()
            .chain(name[9..15].bytes())
            .all(|c| c.is_ascii_digit())
    {
        return name.to_string();
    }
    format!(
        "{}-{}-{} {}:{}:{}",
        &name[0..4],
        &name[4..6],
        &name[6..8],
        &name[9..11],
        &name[11..13],
        &name[13..15]
    )
}

/// Every deletion, newest first: its folder, time, document (path and title) and other files.
fn entries(root: &Path) -> Vec<Value> {
    let mut folders: Vec<String> = std::fs::read_dir(root.join(TRASH))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort_by(|a, b| b.cmp(a));
    folders
        .into_iter()
        .filter_map(|name| {
            let files = files_of(&root.join(TRASH).join(&name));
            let doc = files.iter().find(|f| f.ends_with(".md"))?.clone();
            let text =
                std::fs::read_to_string(root.join(TRASH).join(&name).join("content").join(&doc))
                    .unwrap_or_default();
            let (fields, _) = super::form::fields_of(&text);
            let others: Vec<&String> = files.iter().filter(|f| **f != doc).collect();
            Some(json!({
                "folder": name, "deleted": when(&name), "path": doc,
                "title": fields["title"].as_str().unwrap_or_default(), "files": others,
            }))
        })
        .collect()
}

async fn list(State(ed): State<Shared>) -> Response {
    let root = ed.root.clone();
    let items = blocking(move || entries(&root)).await;
    reply(StatusCode::OK, &json!({ "items": items }))
}

#[derive(Deserialize)]
struct RestoreRequest {
    folder: String,
}

/// Puts a deletion back: see the module documentation.
async fn restore(State(ed): State<Shared>, body: Bytes) -> Response {
    let Ok(req) = serde_json::from_slice::<RestoreRequest>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "请求无效");
    };
    let name = req.folder;
    if name.is_empty() || !name.bytes().all(|c| c.is_ascii_digit() || c == b'-') {
        return refuse(StatusCode::BAD_REQUEST, "回收站中没有这一项");
    }
    let ed2 = ed.clone();
    blocking(move || {
        let folder = ed2.root.join(TRASH).join(&name);
        let files = files_of(&folder);
        if files.is_empty() {
            return refuse(StatusCode::NOT_FOUND, "回收站中没有这一项（已恢复或被移走）");
        }
        // Every path is checked as the browser's names are, then none may be taken.
        let mut moves: Vec<(PathBuf, PathBuf)> = Vec::new();
        for rel in &files {
            let to = match super::paths::resolve(&ed2.root, rel) {
                Ok(p) => p,
                Err(e) => return refuse(StatusCode::BAD_REQUEST, &e),
            };
            if to.exists() {
                let message = format!(
                    "没有恢复：原来的位置 content/{rel} 现在已有文件（同名的新文档或附件）。请先把它改名或移走，再恢复；回收站中的文件保持原样。"
                );
                return reply(
                    StatusCode::CONFLICT,
                    &json!({ "error": message, "taken": rel }),
                );
            }
            moves.push((folder.join("content").join(rel), to));
        }
        for (from, to) in &moves {
            let moved = to
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::rename(from, to));
            if let Err(e) = moved {
                return refuse(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &format!("无法恢复 {}：{}", to.display(), crate::fs::reason(&e)),
                );
            }
        }
        let _ = std::fs::remove_dir_all(&folder);
        let written: Vec<PathBuf> = moves.into_iter().map(|(_, to)| to).collect();
        update_site(&ed2, &written);
        let doc = files.iter().find(|f| f.ends_with(".md")).cloned();
        reply(StatusCode::OK, &json!({ "restored": files, "path": doc }))
    })
    .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn folder_names_read_as_times() {
        assert_eq!(super::when("20261207-043015"), "2026-12-07 04:30:15");
        assert_eq!(super::when("20261207-043015-2"), "2026-12-07 04:30:15");
        assert_eq!(super::when("x"), "x");
    }
}
