//! `gongkai deploy` (issue 23) against real servers started here: an S3-compatible server in
//! this process ([`servers::S3Server`]), `moto_server`, `sshd`, and a folder. Sites are the
//! basic fixture, signed with a key made by `gongkai keygen`.

mod folder_sftp;
mod interrupted;
mod s3;
mod servers;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use tempfile::TempDir;

use crate::common::*;

const MANIFEST: &str = "gongkai-manifest.sha256";
const SIGNATURE: &str = "gongkai-manifest.sha256.minisig";
/// The document the edit tests change.
const EDITED: &str = "content/tzgg/daima-yangli.md";

/// The basic fixture, signed with a new key (kept outside the site), built.
fn signed_site() -> (Site, TempDir) {
    let keys = tempfile::tempdir().expect("key dir");
    let site = SiteBuilder::fixture("basic").create();
    let secret = keys.path().join("site.key");
    let root = site.root().to_path_buf();
    command(
        &["keygen", "--root", s(&root), "--secret-key", s(&secret)],
        &[],
    )
    .assert_code(0);
    let config = std::fs::read_to_string(root.join("config.yaml")).expect("config");
    site.write(
        "config.yaml",
        format!("{config}signing_key: {}\n", secret.display()),
    );
    let mut site = site;
    site.build(&[]).assert_code(0);
    (site, keys)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// The `gongkai` command with `args`, without the caller's keys and storage settings.
fn gongkai_command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env("NO_COLOR", "1");
    for var in [
        "GONGKAI_SIGNING_KEY",
        "GONGKAI_SIGNING_PASSWORD",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_SHARED_CREDENTIALS_FILE",
        "SSH_AUTH_SOCK",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

fn command(args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = gongkai_command(args, env).output().expect("run gongkai");
    Run::from(out)
}

/// The environment of a deploy to the test S3 servers.
const S3_ENV: [(&str, &str); 2] = [
    ("AWS_ACCESS_KEY_ID", servers::KEY),
    ("AWS_SECRET_ACCESS_KEY", servers::SECRET),
];

/// `gongkai deploy TARGET --root SITE EXTRA…` with `env`.
fn deploy(site: &Site, target: &str, extra: &[&str], env: &[(&str, &str)]) -> Run {
    command(&deploy_args(site, target, extra), env)
}

fn deploy_args<'a>(site: &'a Site, target: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["deploy", target, "--root", s(site.root())];
    args.extend(extra);
    args
}

/// A deploy started in the background (stdout and stderr piped).
fn spawn_deploy(site: &Site, target: &str, extra: &[&str], env: &[(&str, &str)]) -> Child {
    gongkai_command(&deploy_args(site, target, extra), env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn gongkai deploy")
}

/// Waits for a background deploy.
fn finish(child: Child) -> Run {
    let out = child.wait_with_output().expect("wait for deploy");
    Run::from(out)
}

/// The built manifest: path → hash.
fn manifest(site: &Site) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(site.public().join(MANIFEST)).expect("manifest");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split_once("  "))
        .map(|(hash, path)| (path.to_string(), hash.to_string()))
        .collect()
}

/// Whether a path is the `.gz`/`.br` copy of another listed file.
fn is_copy(path: &str, listed: &BTreeMap<String, String>) -> bool {
    let original = path
        .strip_suffix(".gz")
        .or_else(|| path.strip_suffix(".br"));
    original.is_some_and(|o| listed.contains_key(o))
}

/// What object storage should hold for a build: every listed file but the copies, the
/// manifest and its signature.
fn expected_objects(listed: &BTreeMap<String, String>) -> BTreeSet<String> {
    listed
        .keys()
        .filter(|p| !is_copy(p, listed))
        .cloned()
        .chain([MANIFEST.to_string(), SIGNATURE.to_string()])
        .collect()
}

/// Files whose content differs between two builds (new ones included), copies left out, with
/// the manifest and signature.
fn changed(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    after
        .iter()
        .filter(|(p, h)| before.get(*p) != Some(h) && !is_copy(p, after))
        .map(|(p, _)| p.clone())
        .chain([MANIFEST.to_string(), SIGNATURE.to_string()])
        .collect()
}

/// Corrects one document's title, adds a paragraph, and builds again.
fn edit_document(site: &mut Site) {
    let file = site.root().join(EDITED);
    let text = std::fs::read_to_string(&file).expect("document");
    let text = text.replacen("开放说明\"", "开放说明（修订）\"", 1);
    site.write(
        EDITED,
        format!("{text}\n本说明自发布之日起施行，接口调整另行公告。\n"),
    );
    site.build(&[]).assert_code(0);
}
