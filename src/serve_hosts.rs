//! Which `Host` names the preview and editing servers answer. A web page elsewhere can point a
//! name of its own at 127.0.0.1 (DNS rebinding) and then read, through the visitor's browser,
//! the drafts and unreviewed documents a local server shows; such requests carry that name in
//! `Host`. The servers answer only the names they print: `127.0.0.1`, `localhost` and `[::1]`
//! with their port, and, when bound to another address, that address (any IP address of the
//! machine when bound to all of them: an address typed as digits cannot be rebound).

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// The `Host` values a server answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHosts {
    /// The port clients must name.
    port: u16,
    /// The address the server is bound to.
    bound: IpAddr,
}

impl AllowedHosts {
    /// The names of a server listening at `addr`.
    pub fn for_address(addr: SocketAddr) -> AllowedHosts {
        AllowedHosts {
            port: addr.port(),
            bound: addr.ip(),
        }
    }

    /// Whether a request with this `Host` header value is answered.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        // `name:port`, or a name alone (clients other than browsers leave the port out).
        let (name, port) = match host.rsplit_once(':') {
            Some((name, port)) if !name.ends_with(':') && !host.ends_with(']') => {
                (name, Some(port))
            }
            _ => (host.as_str(), None),
        };
        if port.is_some_and(|p| p.parse::<u16>().ok() != Some(self.port)) {
            return false;
        }
        if name == "localhost" {
            return true;
        }
        let literal = name.trim_start_matches('[').trim_end_matches(']');
        let Ok(ip) = literal.parse::<IpAddr>() else {
            return false;
        };
        ip.is_loopback() || self.bound.is_unspecified() || ip == self.bound
    }

    /// The address printed for people to open (`http://127.0.0.1:1111/`).
    pub fn address(&self) -> String {
        let ip = if self.bound.is_unspecified() || self.bound.is_loopback() {
            "127.0.0.1".to_string()
        } else {
            self.bound.to_string()
        };
        if ip.contains(':') {
            format!("http://[{ip}]:{}/", self.port)
        } else {
            format!("http://{ip}:{}/", self.port)
        }
    }
}

/// Middleware: refuses a request whose `Host` is not one of `hosts` with 421 (nothing is read
/// or written).
pub async fn check_host(
    State(hosts): State<AllowedHosts>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    if hosts.allows(host) {
        return next.run(request).await;
    }
    let mut res = Response::new(Body::from(format!(
        "主机名 “{host}” 不是本服务器的地址：请用 {} 访问",
        hosts.address()
    )));
    *res.status_mut() = StatusCode::MISDIRECTED_REQUEST;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::AllowedHosts;

    #[test]
    fn loopback_server_answers_its_own_names_only() {
        let h = AllowedHosts::for_address("127.0.0.1:1111".parse().unwrap());
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "[::1]:1111",
            "LOCALHOST:1111",
        ] {
            assert!(h.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1:2222",
            "evil.example.",
            "192.168.1.5:1111",
            "",
            "localhost.evil.example:1111",
        ] {
            assert!(!h.allows(bad), "{bad}");
        }
        assert_eq!(h.address(), "http://127.0.0.1:1111/");
    }

    #[test]
    fn a_server_on_every_address_answers_any_address_but_no_name() {
        let h = AllowedHosts::for_address("0.0.0.0:8080".parse().unwrap());
        assert!(h.allows("192.168.1.5:8080"));
        assert!(!h.allows("intranet.example:8080"));
    }
}
