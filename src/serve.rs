//! The preview server: serves the last good build, rendering each page when it is asked for
//! (nothing is written, `public/` is never touched, and memory holds the site, not its
//! output), injects
//! a small live-reload script into HTML responses, pushes "reload" or "errors" over Server-Sent
//! Events after each rebuild, and shows an error overlay while the site is broken.

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Response, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::Router;
use futures_util::stream::Stream;
use serde::Serialize;
use tokio::sync::broadcast;

use crate::pipeline::OutputFile;
use crate::serve_hosts::AllowedHosts;
use crate::watch::Session;

/// Path of the live-reload script.
pub const LIVERELOAD_JS: &str = "/__gongkai/livereload.js";
/// Path of the event stream.
pub const EVENTS: &str = "/__gongkai/events";
/// Path of the current status as JSON.
pub const STATUS: &str = "/__gongkai/status";

const SCRIPT: &str = include_str!("serve_livereload.js");

/// What the browser is told after a rebuild.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Status {
    /// Increases with every successful rebuild.
    pub generation: u64,
    /// Error lines of the last rebuild (it failed: the overlay shows them).
    pub errors: Vec<String>,
    /// Warning lines of the last rebuild (what a full build warns of too).
    pub warnings: Vec<String>,
    /// Content accessibility problems the webmaster can fix.
    pub accessibility: Vec<String>,
}

impl Status {
    /// The status of a build or update that found `found` (lines as the terminal prints them).
    pub fn of(found: &crate::diagnostics::Diagnostics) -> Status {
        use crate::diagnostics::Category::Accessibility;
        let lines = |d: &mut dyn Iterator<Item = &crate::diagnostics::Diagnostic>| -> Vec<String> {
            d.map(ToString::to_string).collect()
        };
        Status {
            generation: 0,
            errors: lines(&mut found.iter().filter(|d| d.is_error())),
            warnings: lines(&mut found.except(Accessibility).filter(|d| !d.is_error())),
            accessibility: lines(&mut found.of(Accessibility)),
        }
    }
}

/// Shared state of the server.
#[derive(Clone)]
pub struct ServerState {
    /// The site being served, kept up to date by the watcher.
    pub session: Arc<RwLock<Session>>,
    /// Status of the last rebuild, sent to browsers.
    pub status: Arc<RwLock<Status>>,
    /// Notifies connected browsers.
    pub events: broadcast::Sender<Status>,
}

impl ServerState {
    /// New state serving `session`'s site.
    pub fn new(session: Arc<RwLock<Session>>, status: Status) -> ServerState {
        let (events, _) = broadcast::channel(16);
        ServerState {
            session,
            status: Arc::new(RwLock::new(status)),
            events,
        }
    }

    /// Publishes a rebuild's status; a rebuild that succeeded (`changed`) makes browsers
    /// reload.
    pub fn publish(&self, changed: bool, mut status: Status) {
        let status = {
            let mut current = self.status.write().unwrap_or_else(|e| e.into_inner());
            status.generation = current.generation + u64::from(changed);
            *current = status.clone();
            status
        };
        let _ = self.events.send(status);
    }
}

/// The router: live-reload endpoints, then the site.
pub fn router(state: ServerState) -> Router {
    Router::new()
        .route(LIVERELOAD_JS, get(livereload_js))
        .route(EVENTS, get(events))
        .route(STATUS, get(status))
        .fallback(get(site_file))
        .with_state(state)
}

/// Serves `app` until Ctrl+C, answering only requests for the names of `hosts`.
pub async fn run(
    addr: SocketAddr,
    hosts: AllowedHosts,
    app: Router,
    ready: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    let app = app.layer(axum::middleware::from_fn_with_state(
        hosts,
        crate::serve_hosts::check_host,
    ));
    // Headers and body leave as separate writes: without TCP_NODELAY, Nagle's algorithm holds the
    // body until the browser's delayed ACK, up to 40 ms on every response.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    // The client's address reaches the handlers (the editor's password lockout).
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

async fn livereload_js() -> Response<Body> {
    respond(
        StatusCode::OK,
        "application/javascript; charset=utf-8",
        SCRIPT.as_bytes().to_vec(),
    )
}

async fn status(State(state): State<ServerState>) -> Response<Body> {
    let status = state
        .status
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let json = serde_json::to_vec(&status).unwrap_or_default();
    respond(StatusCode::OK, "application/json; charset=utf-8", json)
}

async fn events(
    State(state): State<ServerState>,
) -> Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>> {
    let rx = state.events.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(status) => {
                    let kind = if status.errors.is_empty() {
                        "reload"
                    } else {
                        "errors"
                    };
                    let data = serde_json::to_string(&status).unwrap_or_default();
                    return Some((Ok(Event::default().event(kind).data(data)), rx));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Maps a request path to an output file path; `None` for anything that could leave the output
/// (`..`, encoded separators, NUL, backslashes).
pub fn resolve_path(raw: &str) -> Option<String> {
    let decoded = crate::text::percent_decode(raw)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let trimmed = decoded.trim_start_matches('/');
    let mut parts = Vec::new();
    for seg in trimmed.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s if s.starts_with("..") && s.trim_start_matches('.').is_empty() => return None,
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

async fn site_file(State(state): State<ServerState>, uri: Uri) -> Response<Body> {
    let raw = uri.path();
    let Some(path) = resolve_path(raw) else {
        return respond(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            "请求的路径无效".as_bytes().to_vec(),
        );
    };
    let not_found_page = if raw.starts_with("/care/") {
        "care/404.html"
    } else {
        "404.html"
    };
    let (found, redirect_dir, not_found) = {
        let session = state.session.read().unwrap_or_else(|e| e.into_inner());
        let build = &session.build;
        let make = |p: &str| build.make(p).and_then(Result::ok);
        let found = make(&path);
        let redirect_dir = found.is_none()
            && !raw.ends_with('/')
            && build.outputs().contains_key(&format!("{path}/index.html"));
        let not_found = if found.is_none() {
            make(not_found_page)
        } else {
            None
        };
        (found, redirect_dir, not_found)
    };
    if redirect_dir {
        let mut res = respond(
            StatusCode::MOVED_PERMANENTLY,
            "text/plain; charset=utf-8",
            Vec::new(),
        );
        if let Ok(v) = HeaderValue::from_str(&format!("{raw}/")) {
            res.headers_mut().insert(header::LOCATION, v);
        }
        return res;
    }
    let (code, path, file) = match (found, not_found) {
        (Some(f), _) => (StatusCode::OK, path, f),
        (None, Some(f)) => (StatusCode::NOT_FOUND, not_found_page.to_string(), f),
        (None, None) => {
            return respond(
                StatusCode::NOT_FOUND,
                "text/plain; charset=utf-8",
                "404 页面未找到".as_bytes().to_vec(),
            )
        }
    };
    let bytes = match file {
        OutputFile::Bytes(b) => b.to_vec(),
        OutputFile::Copy(src) => match tokio::fs::read(&src).await {
            Ok(b) => b,
            Err(_) => {
                return respond(
                    StatusCode::NOT_FOUND,
                    "text/plain; charset=utf-8",
                    Vec::new(),
                )
            }
        },
    };
    let mime = content_type(&path);
    let bytes = if mime.starts_with("text/html") {
        inject(bytes)
    } else {
        bytes
    };
    respond(code, mime, bytes)
}

/// Adds the live-reload script before `</body>`.
pub fn inject(html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVERELOAD_JS}\" defer></script>");
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

pub(crate) fn respond(code: StatusCode, mime: &str, bytes: Vec<u8>) -> Response<Body> {
    let mut res = Response::new(Body::from(bytes));
    *res.status_mut() = code;
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"),
    );
    res
}

/// Content type by file extension (text types in UTF-8).
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "application/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ofd" => "application/ofd",
        "zip" => "application/zip",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::resolve_path;

    #[test]
    fn paths_map_to_files() {
        assert_eq!(resolve_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            resolve_path("/xxgk/a/").as_deref(),
            Some("xxgk/a/index.html")
        );
        assert_eq!(
            resolve_path("/static/css/gongkai.css").as_deref(),
            Some("static/css/gongkai.css")
        );
    }

    #[test]
    fn traversal_is_refused() {
        for p in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/a%5c..%5cb",
            "/a%00b",
            "/%zz",
        ] {
            assert_eq!(resolve_path(p), None, "{p}");
        }
    }
}
