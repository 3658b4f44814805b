//! Tamper-evident output (issue 14): `gongkai build` lists every published file in a manifest,
//! signed with the key of `gongkai keygen`; `gongkai verify` finds every changed, added and
//! missing file of a deployed copy, on disk and over HTTP, and a bad or missing signature.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use crate::common::*;

const MANIFEST: &str = "gongkai-manifest.sha256";
const SIGNATURE: &str = "gongkai-manifest.sha256.minisig";

/// A signed site: the basic fixture, a key pair made by `gongkai keygen` (the secret key in a
/// folder of its own, outside the site), built.
struct Signed {
    site: Site,
    keys: TempDir,
}

impl Signed {
    fn new() -> Signed {
        let keys = tempfile::tempdir().expect("key dir");
        let site = SiteBuilder::fixture("basic").create();
        let secret = keys.path().join("site.key");
        let root = site.root().to_path_buf();
        run(&["keygen", "--root", s(&root), "--secret-key", s(&secret)]).assert_code(0);
        let config = std::fs::read_to_string(root.join("config.yaml")).expect("config");
        let config = format!("{config}signing_key: {}\n", secret.display());
        site.write("config.yaml", config);
        let mut signed = Signed { site, keys };
        signed.site.build(&[]).assert_code(0);
        signed
    }

    /// A copy of the output, as deployed on a server.
    fn deploy(&self) -> TempDir {
        let dir = tempfile::tempdir().expect("deploy dir");
        copy_dir(&self.site.public(), dir.path());
        dir
    }

    /// `gongkai verify TARGET --root SITE EXTRA…`.
    fn verify(&self, target: &str, extra: &[&str]) -> Run {
        let root = self.site.root();
        let mut args = vec!["verify", target, "--root", s(root)];
        args.extend(extra);
        run(&args)
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Runs the binary without the signing-key environment variables of the caller.
fn run(args: &[&str]) -> Run {
    run_env(args, &[])
}

fn run_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("GONGKAI_SIGNING_KEY")
        .env_remove("GONGKAI_SIGNING_PASSWORD");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run gongkai");
    Run::from(out)
}

/// Lines of the report on stdout, sorted.
fn report(run: &Run) -> Vec<String> {
    let mut lines: Vec<String> = run.stdout.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

#[test]
fn a_signed_build_lists_every_file_and_verifies() {
    let signed = Signed::new();
    let public = signed.site.public();
    let out = signed.site.output();
    let text = String::from_utf8(out[MANIFEST].clone()).expect("UTF-8 manifest");
    let listed: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once("  ").map(|(_, p)| p))
        .collect();
    let published: Vec<&String> = out
        .keys()
        .filter(|k| *k != MANIFEST && *k != SIGNATURE)
        .collect();
    assert_eq!(
        listed.len(),
        published.len(),
        "every published file, no more"
    );
    assert!(listed.contains(&"index.html.br") && listed.contains(&"tzgg/notice.txt"));
    assert!(text.contains("#size "));
    assert!(out.contains_key(SIGNATURE));
    assert!(
        signed.site.run.stderr.contains("发布清单列出")
            && signed.site.run.stderr.contains("已签名"),
        "{}",
        signed.site.run.stderr
    );
    // Not linked from any page.
    for (name, bytes) in &out {
        if name.ends_with(".html") {
            assert!(
                !String::from_utf8_lossy(bytes).contains("gongkai-manifest"),
                "{name}"
            );
        }
    }
    let ok = signed.verify(s(&public), &[]);
    ok.assert_code(0);
    assert!(ok.stdout.is_empty(), "{}", ok.stdout);
    assert!(ok.stderr.contains("签名有效"), "{}", ok.stderr);
    assert!(ok.stderr.contains("核对通过"), "{}", ok.stderr);
    // The same manifest is a `sha256sum -c` file.
    let sums = Command::new("sha256sum")
        .args(["-c", "--quiet", MANIFEST])
        .current_dir(&public)
        .output();
    if let Ok(sums) = sums {
        assert!(
            sums.status.success(),
            "{}",
            String::from_utf8_lossy(&sums.stdout)
        );
    }
    // The secret key is nowhere in the site or its output.
    let secret = std::fs::read_to_string(signed.keys.path().join("site.key")).expect("key");
    let secret_line = secret.lines().nth(1).expect("key line");
    for (name, bytes) in read_tree(signed.site.root()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret_line),
            "secret key in {name}"
        );
    }
}

#[test]
fn verify_finds_changed_added_and_missing_files() {
    let signed = Signed::new();
    let copy = signed.deploy();
    let dir = copy.path();
    let mut page = std::fs::read(dir.join("index.html")).expect("page");
    page[100] ^= 1;
    std::fs::write(dir.join("index.html"), page).expect("change a byte");
    std::fs::write(dir.join("tzgg/evil.html"), "<script>x</script>").expect("add");
    std::fs::remove_file(dir.join("static/css/gongkai.css")).expect("delete");
    let found = signed.verify(s(dir), &[]);
    found.assert_code(1);
    let lines = report(&found);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(lines[0].starts_with("多出：tzgg/evil.html"), "{lines:#?}");
    assert!(lines[1].starts_with("已改动：index.html（"), "{lines:#?}");
    assert_eq!(lines[2], "缺少：static/css/gongkai.css");
    assert!(
        found.stderr.contains("1 个已改动，1 个缺少，1 个多出"),
        "{}",
        found.stderr
    );
}

#[test]
fn verify_needs_a_good_signature_when_there_is_a_key() {
    let signed = Signed::new();
    let copy = signed.deploy();
    let dir = copy.path();

    // A changed file whose line in the manifest was changed too: only the signature tells.
    let page = dir.join("tzgg/index.html");
    std::fs::write(&page, "改过的页面").expect("change");
    let manifest = std::fs::read_to_string(dir.join(MANIFEST)).expect("manifest");
    let mut lines: Vec<String> = manifest.lines().map(str::to_string).collect();
    let at = lines
        .iter()
        .position(|l| l.ends_with("  tzgg/index.html"))
        .expect("listed");
    lines[at] = hash_line(&page, "tzgg/index.html");
    lines[at - 1] = format!("#size {}", std::fs::metadata(&page).expect("size").len());
    let forged = lines.join("\n") + "\n";
    std::fs::write(dir.join(MANIFEST), &forged).expect("forge");
    let bad = signed.verify(s(dir), &[]);
    bad.assert_code(1);
    assert!(bad.stdout.contains("签名无效"), "{}", bad.stdout);

    // Without the signature file.
    std::fs::copy(signed.site.public().join(MANIFEST), dir.join(MANIFEST)).expect("restore");
    std::fs::write(
        &page,
        std::fs::read(signed.site.public().join("tzgg/index.html")).unwrap(),
    )
    .expect("restore page");
    signed.verify(s(dir), &[]).assert_code(0);
    std::fs::remove_file(dir.join(SIGNATURE)).expect("delete signature");
    let missing = signed.verify(s(dir), &[]);
    missing.assert_code(1);
    assert!(missing.stdout.contains("签名缺失"), "{}", missing.stdout);

    // Another site's key.
    std::fs::copy(signed.site.public().join(SIGNATURE), dir.join(SIGNATURE)).expect("restore");
    let other = tempfile::tempdir().expect("other site");
    std::fs::write(other.path().join("config.yaml"), "").expect("other config");
    let other_secret = signed.keys.path().join("other.key");
    run(&[
        "keygen",
        "--root",
        s(other.path()),
        "--secret-key",
        s(&other_secret),
    ])
    .assert_code(0);
    let wrong = signed.verify(s(dir), &["--key", s(&other.path().join("site.pub"))]);
    wrong.assert_code(1);
    assert!(wrong.stdout.contains("签名无效"), "{}", wrong.stdout);
}

/// `sha256sum`'s line for a file.
fn hash_line(file: &Path, name: &str) -> String {
    use sha2::Digest as _;
    let bytes = std::fs::read(file).expect("read");
    let hex: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{hex}  {name}")
}

#[test]
fn the_standard_minisign_tool_accepts_the_signature() {
    let signed = Signed::new();
    let public = signed.site.public();
    let key = signed.site.root().join("site.pub");
    let minisign = |manifest: &Path| {
        Command::new("minisign")
            .args(["-Vm", s(manifest), "-p", s(&key)])
            .output()
    };
    let Ok(out) = minisign(&public.join(MANIFEST)) else {
        eprintln!("minisign is not installed (apt-get install minisign): the check with the standard tool is skipped");
        return;
    };
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("网站 示例市示例局 https://example.gov.cn/，生成于 "),
        "{said}"
    );
    let copy = signed.deploy();
    let manifest = copy.path().join(MANIFEST);
    let mut text = std::fs::read(&manifest).expect("manifest");
    text.push(b'\n');
    std::fs::write(&manifest, text).expect("change");
    assert!(!minisign(&manifest).expect("minisign").status.success());
}

/// Serves `dir` over HTTP on 127.0.0.1 until the test ends (one thread per connection, each
/// closed after one response). Returns the base URL.
fn serve(dir: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}/", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request = String::new();
                let _ = reader.read_line(&mut request);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request.split(' ').nth(1).unwrap_or("/");
                let file = percent_decode(path.trim_start_matches('/'))
                    .filter(|p| !p.split('/').any(|s| s == ".."))
                    .map(|p| dir.join(p));
                let mut stream = &stream;
                match file.and_then(|f| std::fs::read(f).ok()) {
                    Some(body) => {
                        let head = format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        );
                        let _ = stream.write_all(head.as_bytes());
                        let _ = stream.write_all(&body);
                    }
                    None => {
                        let _ = stream.write_all(
                            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        );
                    }
                }
            });
        }
    });
    base
}

fn percent_decode(s: &str) -> Option<String> {
    let mut out = Vec::new();
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex = [bytes.next()?, bytes.next()?];
            out.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).ok()
}

#[test]
fn verify_over_http_fetches_every_file() {
    let signed = Signed::new();
    let copy = signed.deploy();
    let base = serve(copy.path().to_path_buf());
    let ok = signed.verify(&base, &[]);
    ok.assert_code(0);
    assert!(ok.stderr.contains("签名有效"), "{}", ok.stderr);
    assert!(ok.stderr.contains("无法通过网址发现"), "{}", ok.stderr);

    std::fs::write(copy.path().join("zcwj/index.html"), "改过").expect("change");
    std::fs::remove_file(copy.path().join("care/index.html.gz")).expect("delete");
    let found = signed.verify(&base, &[]);
    found.assert_code(1);
    assert_eq!(
        report(&found)
            .iter()
            .map(|l| l.split('（').next().unwrap())
            .collect::<Vec<_>>(),
        ["已改动：zcwj/index.html", "缺少：care/index.html.gz"]
    );

    // The manifest kept at home is the reference, whatever the server says.
    std::fs::write(copy.path().join(MANIFEST), "").expect("empty the served manifest");
    let kept = signed.site.public().join(MANIFEST);
    let with_own = signed.verify(&base, &["--manifest", s(&kept)]);
    with_own.assert_code(1);
    assert!(
        with_own.stdout.contains("已改动：zcwj/index.html"),
        "{}",
        with_own.stdout
    );
}

#[test]
fn keys_stay_out_of_the_site() {
    let site = SiteBuilder::fixture("basic").create();
    let root = site.root();
    let inside = root.join("keys/site.key");
    let refused = run(&["keygen", "--root", s(root), "--secret-key", s(&inside)]);
    refused.assert_code(1);
    assert!(refused.stderr.contains("站点目录"), "{}", refused.stderr);
    assert!(!inside.exists() && !root.join("site.pub").exists());

    // A signing_key inside the site fails the build and leaves no output.
    site.write("keys/site.key", "untrusted comment: x\nRWQ\n");
    let config = std::fs::read_to_string(root.join("config.yaml")).expect("config");
    site.write(
        "config.yaml",
        format!("{config}signing_key: keys/site.key\n"),
    );
    let failed = build(root, &[]);
    failed.assert_code(1);
    assert!(failed.stderr.contains("站点目录"), "{}", failed.stderr);
    assert!(!site.public().exists());
}

#[test]
fn the_key_can_come_from_the_environment_and_must_match_site_pub() {
    let keys = tempfile::tempdir().expect("keys");
    let site = SiteBuilder::fixture("basic").create();
    let root = site.root();
    let secret = keys.path().join("a.key");
    run(&["keygen", "--root", s(root), "--secret-key", s(&secret)]).assert_code(0);
    let again = run(&["keygen", "--root", s(root), "--secret-key", s(&secret)]);
    again.assert_code(1);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    let text = std::fs::read_to_string(&secret).expect("key");
    let built = run_env(
        &["build", "--root", s(root)],
        &[("GONGKAI_SIGNING_KEY", &text)],
    );
    built.assert_code(0);
    assert!(site.public().join(SIGNATURE).is_file());
    run(&["verify", s(&site.public()), "--root", s(root)]).assert_code(0);

    // A key that is not the pair of site.pub.
    let other = tempfile::tempdir().expect("other");
    std::fs::write(other.path().join("config.yaml"), "").expect("other config");
    let other_secret = keys.path().join("b.key");
    run(&[
        "keygen",
        "--root",
        s(other.path()),
        "--secret-key",
        s(&other_secret),
    ])
    .assert_code(0);
    let text = std::fs::read_to_string(&other_secret).expect("key");
    let wrong = run_env(
        &["build", "--root", s(root)],
        &[("GONGKAI_SIGNING_KEY", &text)],
    );
    wrong.assert_code(1);
    assert!(wrong.stderr.contains("不是一对"), "{}", wrong.stderr);

    // Without any key: the manifest is written unsigned, and verify says what it could not check.
    let unsigned = run(&["build", "--root", s(root)]);
    unsigned.assert_code(0);
    assert!(unsigned.stderr.contains("未签名"), "{}", unsigned.stderr);
    assert!(!site.public().join(SIGNATURE).exists());
    let checked = run(&[
        "verify",
        s(&site.public()),
        "--root",
        s(other.path()),
        "--key",
        "/nonexistent",
    ]);
    checked.assert_code(1);
    std::fs::remove_file(root.join("site.pub")).expect("remove site.pub");
    let no_key = run(&["verify", s(&site.public()), "--root", s(root)]);
    no_key.assert_code(0);
    assert!(no_key.stderr.contains("未核对签名"), "{}", no_key.stderr);
}
