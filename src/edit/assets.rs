//! The editor's page, script and style, built into the binary (nothing is loaded from
//! elsewhere; no framework).

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::Shared;

const PAGE: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/edit.js");
const STYLE: &str = include_str!("assets/edit.css");

/// `/_edit/`, `/_edit/edit.js`, `/_edit/edit.css`.
pub fn router() -> Router<Shared> {
    let file =
        |mime: &'static str, text: &'static str| get(move || async move { asset(mime, text) });
    Router::new()
        .route("/_edit/", file("text/html; charset=utf-8", PAGE))
        .route(
            "/_edit/edit.js",
            file("application/javascript; charset=utf-8", SCRIPT),
        )
        .route("/_edit/edit.css", file("text/css; charset=utf-8", STYLE))
}

fn asset(mime: &str, text: &'static str) -> Response<Body> {
    let mut res = crate::serve::respond(StatusCode::OK, mime, text.as_bytes().to_vec());
    // The editor's own pages are never framed, and send no address elsewhere.
    res.headers_mut().insert(
        axum::http::header::REFERRER_POLICY,
        axum::http::HeaderValue::from_static("no-referrer"),
    );
    res
}
