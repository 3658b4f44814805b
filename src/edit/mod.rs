//! `gongkai edit`: the preview server of `serve` plus an editing interface under `/_edit/`, for
//! the clerks who write disclosure documents. The form is made from the front-matter field list
//! the parser and `check` use ([`DOCUMENT_FIELDS`](crate::content::front_matter::DOCUMENT_FIELDS)),
//! the preview and the problems come from the build kept in memory
//! ([`Build::preview`](crate::pipeline::Build::preview)), saving edits the YAML text key by key
//! ([`yaml_text`]), and the `.docx`/HTML import runs in memory ([`intake`]).
//!
//! Every request passes [`guard`]: the session secret (sent by the page in a header; a cookie
//! alone only reads) and, for writes, the `Origin` of this server. With `--bind` to another
//! address a password is asked first and nothing, not even the preview, is served without it.

mod api;
mod assets;
mod form;
mod intake;
mod lockout;
pub mod paths;
mod trash;
pub mod yaml_text;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;

use crate::serve::ServerState;
use crate::serve_hosts::AllowedHosts;
use crate::watch::Session;

/// Header that carries the session secret.
pub const TOKEN_HEADER: &str = "x-gongkai-token";
/// Cookie that carries it for page loads (the preview frame); never enough to write.
const COOKIE: &str = "gongkai_edit";

/// The editor's shared state.
pub struct Editor {
    /// Site root (absolute).
    pub root: PathBuf,
    /// The site kept in memory, shared with the preview server.
    pub session: Arc<RwLock<Session>>,
    /// The preview server's state (to tell open pages to reload after a save).
    pub serve: ServerState,
    /// The session secret.
    pub secret: String,
    /// The password asked before anything is served (`--bind` elsewhere than this machine).
    pub password: Option<String>,
    /// The names the server answers (checked against `Origin`).
    pub hosts: AllowedHosts,
    /// The last previews, by document: standard and 关怀版 page.
    pub previews: Mutex<HashMap<String, [Vec<u8>; 2]>>,
    /// Wrong passwords by client address (password mode).
    pub lockout: lockout::Lockout,
    /// Files an import would write beside a document not saved yet (pictures, attachments).
    pub pending_files: Mutex<HashMap<String, Files>>,
}

/// Files to write: (path, bytes).
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// The editor as handlers receive it.
pub type Shared = Arc<Editor>;

impl Editor {
    /// A new editor over `session`, with a fresh secret.
    pub fn new(
        root: PathBuf,
        serve: ServerState,
        password: Option<String>,
        hosts: AllowedHosts,
    ) -> Editor {
        let session = serve.session.clone();
        Editor {
            root,
            session,
            serve,
            secret: new_secret(),
            password,
            hosts,
            previews: Mutex::new(HashMap::new()),
            pending_files: Mutex::new(HashMap::new()),
            lockout: Default::default(),
        }
    }
}

/// The numbers of errors and warnings of each document (path relative to `content/`) as the
/// site kept in memory has them now: those of the full build, brought up to date by every save
/// of the editor and every change the watcher saw (another editor, a `git pull`).
pub(crate) fn counts_by_file(session: &Session) -> HashMap<String, (usize, usize)> {
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    for d in session
        .build
        .diagnostics()
        .iter()
        .filter(|d| !d.is_advice())
    {
        if let Ok(rel) = d.file.strip_prefix("content") {
            let rel = rel.to_string_lossy().replace('\\', "/");
            let (errors, warnings) = counts.entry(rel).or_default();
            *if d.is_error() { errors } else { warnings } += 1;
        }
    }
    counts
}

/// 32 random bytes from the system, as hex.
fn new_secret() -> String {
    use std::io::Read as _;
    let mut bytes = [0u8; 32];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if read.is_err() {
        // No /dev/urandom (Windows): the process's random hash keys, mixed with the time.
        use sha2::Digest as _;
        use std::hash::{BuildHasher as _, Hasher as _};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.write_u32(std::process::id());
        bytes = sha2::Sha256::digest(h.finish().to_le_bytes()).into();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The editor's routes over the preview server's `site`, every request passing [`guard`].
pub fn app(editor: Shared, site: Router) -> Router {
    let edit: Router = assets::router().with_state(editor.clone());
    site.merge(edit)
        .merge(api::router(editor.clone()))
        .layer(axum::middleware::from_fn_with_state(editor, guard))
}

/// Paths anyone who reached the server may load: the page shell (which asks for the password
/// or reads the secret from the address) and its script and style.
fn is_public(path: &str) -> bool {
    matches!(
        path,
        "/_edit/" | "/_edit/edit.js" | "/_edit/edit.css" | "/_edit/api/login"
    )
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
    cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v)
}

/// Whether a writing request comes from a page of this server: `Origin` names one of its hosts
/// and the browser does not call it cross-site.
fn same_origin(headers: &HeaderMap, hosts: &AllowedHosts) -> bool {
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    let fetch_site = headers.get("sec-fetch-site").and_then(|o| o.to_str().ok());
    let origin_ok = origin
        .and_then(|o| o.strip_prefix("http://"))
        .is_some_and(|h| hosts.allows(h));
    origin_ok && fetch_site.is_none_or(|s| s == "same-origin")
}

/// Middleware over every route of `edit`: see the module documentation.
pub async fn guard(State(editor): State<Shared>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let headers = request.headers();
    let header_token = headers.get(TOKEN_HEADER).and_then(|v| v.to_str().ok());
    let by_header = header_token.is_some_and(|t| same(t, &editor.secret));
    let by_cookie = cookie_token(headers).is_some_and(|t| same(t, &editor.secret));
    let editing = path.starts_with("/_edit/");
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD);
    if !is_public(&path) {
        let needs_secret = editing || editor.password.is_some();
        if needs_secret && !(by_header || by_cookie && !writes) {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "需要会话密钥：请用 gongkai edit 显示的地址打开编辑页面",
            );
        }
    }
    if writes && !same_origin(request.headers(), &editor.hosts) {
        return refuse(StatusCode::FORBIDDEN, "拒绝来自其他网站的修改请求");
    }
    let set_cookie = by_header && !by_cookie;
    let mut res = next.run(request).await;
    if set_cookie {
        let value = format!(
            "{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict",
            editor.secret
        );
        if let Ok(v) = HeaderValue::from_str(&value) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// A refusal in Chinese, as JSON `{"error": …}`.
pub(crate) fn refuse(code: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "error": message }).to_string();
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = code;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    res
}
