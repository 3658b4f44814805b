//! Deploys to object storage: the S3-compatible server in this process (whose request log shows
//! exactly what was sent, and in which order) and `moto_server` as a cross-check.

use super::servers::{self, head, S3Server};
use super::*;

/// Position in the log of the PUT of `key`.
fn put_at(log: &[servers::Logged], key: &str) -> usize {
    log.iter()
        .position(|(m, k)| m == "PUT" && k == key)
        .unwrap_or_else(|| panic!("no PUT of {key}: {log:?}"))
}

/// Keys the log shows PUT, deploy state left out.
fn puts(log: &[servers::Logged]) -> BTreeSet<String> {
    log.iter()
        .filter(|(m, k)| m == "PUT" && !k.starts_with(".gongkai-deploy"))
        .map(|(_, k)| k.clone())
        .collect()
}

#[test]
fn first_deploy_then_one_edited_document_sends_exactly_what_changed() {
    let server = S3Server::start();
    let (mut site, _keys) = signed_site();
    let endpoint = ["--endpoint", server.endpoint.as_str()];
    let run = deploy(&site, &server.target(), &endpoint, &S3_ENV);
    run.assert_code(0);
    assert!(run.stderr.contains("签名有效"), "{}", run.stderr);
    assert!(run.stderr.contains("核对通过"), "{}", run.stderr);
    let before = manifest(&site);
    assert_eq!(server.objects(), expected_objects(&before));
    assert!(
        run.stdout.contains("不上传：154 个 .gz/.br 预压缩副本"),
        "{}",
        run.stdout
    );

    // What a browser (or the CDN) gets with each object.
    let html = head(&server.endpoint, "tzgg/daima-yangli/index.html");
    assert_eq!(html, ("text/html; charset=utf-8".into(), "no-cache".into()));
    let css = head(&server.endpoint, "static/css/gongkai.css");
    assert_eq!(css.0, "text/css; charset=utf-8");
    assert_eq!(css.1, "public, max-age=31536000, immutable");
    assert_eq!(head(&server.endpoint, "atom.xml").1, "no-cache");
    assert_eq!(
        head(&server.endpoint, "search/index.json"),
        ("application/json; charset=utf-8".into(), "no-cache".into())
    );

    // Object storage cannot choose the .br copy: the visitor gets the page as it is.
    let page = "tzgg/daima-yangli/index.html";
    let plain = std::fs::metadata(site.public().join(page)).unwrap().len() as usize;
    assert_eq!(
        servers::download(&server.endpoint, page),
        (String::new(), plain)
    );

    edit_document(&mut site);
    let after = manifest(&site);
    let expected = changed(&before, &after);
    eprintln!(
        "one edited document sends {} files: {expected:?}",
        expected.len()
    );
    server.clear_log();
    let run = deploy(&site, &server.target(), &endpoint, &S3_ENV);
    run.assert_code(0);
    let log = server.log();
    assert_eq!(puts(&log), expected, "{}", run.stdout);
    // Its two pages, the listings and the feed that show it, the search entries, the manifest;
    // no other document's page.
    for key in [
        "tzgg/daima-yangli/index.html",
        "care/tzgg/daima-yangli/index.html",
        "tzgg/atom.xml",
        MANIFEST,
        SIGNATURE,
    ] {
        assert!(expected.contains(key), "{key} not sent: {expected:?}");
    }
    assert!(
        expected.iter().any(|k| k.starts_with("search/f/")),
        "{expected:?}"
    );
    assert!(
        !expected.iter().any(|k| k.starts_with("static/")),
        "{expected:?}"
    );
    assert!(expected.len() * 5 < after.len(), "{expected:?}");
    // Order: the document's pages, then listings, then the manifest, then its signature.
    let page = put_at(&log, "tzgg/daima-yangli/index.html");
    let listing = put_at(&log, "tzgg/index.html");
    let feed = put_at(&log, "tzgg/atom.xml");
    let manifest_at = put_at(&log, MANIFEST);
    assert!(page < listing && page < feed, "{log:?}");
    assert!(listing < manifest_at && feed < manifest_at, "{log:?}");
    assert!(manifest_at < put_at(&log, SIGNATURE), "{log:?}");
    assert_eq!(server.objects(), expected_objects(&after));

    // Nothing changed: nothing sent.
    server.clear_log();
    deploy(&site, &server.target(), &endpoint, &S3_ENV).assert_code(0);
    assert!(puts(&server.log()).is_empty(), "{:?}", server.log());
}

#[test]
fn deletions_wait_for_the_manifest_and_too_many_stop_before_any_change() {
    let server = S3Server::start();
    let (mut site, _keys) = signed_site();
    let endpoint = ["--endpoint", server.endpoint.as_str()];
    deploy(&site, &server.target(), &endpoint, &S3_ENV).assert_code(0);
    std::fs::remove_file(site.root().join("content/tzgg/raw-html.md")).unwrap();
    std::fs::remove_file(site.root().join("content/zcwj/luokuan-tongzhi.md")).unwrap();
    site.build(&[]).assert_code(0);
    let before = server.objects();

    let dry = deploy(
        &site,
        &server.target(),
        &[&endpoint[..], &["--dry-run"]].concat(),
        &S3_ENV,
    );
    dry.assert_code(0);
    assert!(
        dry.stdout.contains("将删除：tzgg/raw-html/index.html"),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("上传 文档页面："), "{}", dry.stdout);
    assert!(dry.stdout.contains("演习"), "{}", dry.stdout);

    server.clear_log();
    let limited = [&endpoint[..], &["--max-deletes", "2"]].concat();
    let run = deploy(&site, &server.target(), &limited, &S3_ENV);
    run.assert_code(1);
    assert!(run.stderr.contains("超过上限 2 个"), "{}", run.stderr);
    assert!(run.stderr.contains("没有任何改动"), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("将删除：zcwj/luokuan-tongzhi/index.html"),
        "{}",
        run.stdout
    );
    // Nothing but the lock was written (and removed: one DELETE-MANY).
    assert!(puts(&server.log()).is_empty(), "{:?}", server.log());
    let deletions = server
        .log()
        .iter()
        .filter(|(m, _)| m.starts_with("DELETE"))
        .count();
    assert_eq!(deletions, 1, "{:?}", server.log());
    assert_eq!(server.objects(), before);

    server.clear_log();
    let run = deploy(
        &site,
        &server.target(),
        &[&endpoint[..], &["--max-deletes", "50"]].concat(),
        &S3_ENV,
    );
    run.assert_code(0);
    let log = server.log();
    let deleted_at = log
        .iter()
        .position(|(m, _)| m == "DELETE-MANY")
        .unwrap_or_else(|| panic!("no deletion: {log:?}"));
    assert!(put_at(&log, SIGNATURE) < deleted_at, "{log:?}");
    assert_eq!(server.objects(), expected_objects(&manifest(&site)));
}

#[test]
fn a_second_deploy_at_the_same_time_is_refused() {
    let server = S3Server::start();
    let (site, _keys) = signed_site();
    let endpoint = ["--endpoint", server.endpoint.as_str()];
    server.delay(30);
    let first = spawn_deploy(&site, &server.target(), &endpoint, &S3_ENV);
    let start = std::time::Instant::now();
    while !server
        .log()
        .iter()
        .any(|(m, k)| m == "PUT" && k.starts_with(".gongkai-deploy/lock/"))
    {
        assert!(start.elapsed().as_secs() < 60, "first deploy never locked");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let second = deploy(&site, &server.target(), &endpoint, &S3_ENV);
    second.assert_code(1);
    assert!(
        second.stderr.contains("正由另一次部署使用"),
        "{}",
        second.stderr
    );
    server.delay(0);
    finish(first).assert_code(0);
    assert_eq!(server.objects(), expected_objects(&manifest(&site)));
}

#[test]
fn wrong_keys_and_an_unreachable_endpoint_change_nothing() {
    let server = S3Server::start();
    let (mut site, _keys) = signed_site();
    let endpoint = ["--endpoint", server.endpoint.as_str()];
    deploy(&site, &server.target(), &endpoint, &S3_ENV).assert_code(0);
    edit_document(&mut site);
    let before = server.objects();
    let stamp = std::fs::read(server.site_dir().join(MANIFEST)).unwrap();

    let wrong_secret = [
        ("AWS_ACCESS_KEY_ID", servers::KEY),
        ("AWS_SECRET_ACCESS_KEY", "wrong"),
    ];
    let run = deploy(&site, &server.target(), &endpoint, &wrong_secret);
    run.assert_code(1);
    assert!(
        run.stderr.contains("SignatureDoesNotMatch"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("AWS_SECRET_ACCESS_KEY"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("没有任何改动"), "{}", run.stderr);

    let wrong_key = [
        ("AWS_ACCESS_KEY_ID", "nobody"),
        ("AWS_SECRET_ACCESS_KEY", "x"),
    ];
    let run = deploy(&site, &server.target(), &endpoint, &wrong_key);
    run.assert_code(1);
    assert!(run.stderr.contains("访问密钥"), "{}", run.stderr);
    assert!(run.stderr.contains("没有任何改动"), "{}", run.stderr);

    let run = deploy(&site, &server.target(), &endpoint, &[]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("没有对象存储的访问密钥"),
        "{}",
        run.stderr
    );

    let closed = format!("http://127.0.0.1:{}", servers::free_port());
    let run = deploy(&site, &server.target(), &["--endpoint", &closed], &S3_ENV);
    run.assert_code(1);
    assert!(run.stderr.contains("无法连接对象存储"), "{}", run.stderr);
    assert!(run.stderr.contains("没有任何改动"), "{}", run.stderr);

    assert_eq!(server.objects(), before);
    assert_eq!(
        std::fs::read(server.site_dir().join(MANIFEST)).unwrap(),
        stamp
    );
}

#[test]
fn tampered_objects_are_named_by_verify() {
    let server = S3Server::start();
    let (site, _keys) = signed_site();
    let endpoint = ["--endpoint", server.endpoint.as_str()];
    deploy(&site, &server.target(), &endpoint, &S3_ENV).assert_code(0);
    let dir = server.site_dir();
    std::fs::write(dir.join("tzgg/daima-yangli/index.html"), "<p>被篡改</p>").unwrap();
    std::fs::write(dir.join("shell.php"), "<?php ?>").unwrap();
    let run = deploy(&site, &server.target(), &endpoint, &S3_ENV);
    run.assert_code(1);
    assert!(
        run.stdout.contains("已改动：tzgg/daima-yangli/index.html"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("多出：shell.php"), "{}", run.stdout);
    assert!(run.stderr.contains("核对未通过"), "{}", run.stderr);
}

#[test]
fn moto_server_cross_check() {
    let moto = servers::moto();
    let endpoint = format!("http://127.0.0.1:{}", moto.port);
    let (mut site, _keys) = signed_site();
    let target = format!("s3://{}/{}", servers::BUCKET, servers::PREFIX);
    let args = ["--endpoint", endpoint.as_str()];
    let run = deploy(&site, &target, &args, &S3_ENV);
    run.assert_code(0);
    assert!(run.stderr.contains("核对通过"), "{}", run.stderr);
    let before = manifest(&site);
    assert_eq!(
        head(&endpoint, "zcwj/index.html"),
        ("text/html; charset=utf-8".into(), "no-cache".into())
    );
    edit_document(&mut site);
    let expected = changed(&before, &manifest(&site));
    let run = deploy(&site, &target, &args, &S3_ENV);
    run.assert_code(0);
    let line = format!("部署完成：上传 {} 个文件", expected.len());
    assert!(run.stderr.contains(&line), "{line}\n{}", run.stderr);
    assert!(run.stderr.contains("核对通过"), "{}", run.stderr);
}
