//! Deploys to a folder and over SFTP to an `sshd` started here: the `.gz`/`.br` copies go too
//! (a web server sends them), locks, wrong keys, an unknown host key and a closed port.

use super::servers;
use super::*;

/// A lock file as another deploy would leave it.
fn lock_text(host: &str, pid: u32) -> String {
    format!("host={host}\npid={pid}\nsince=2026-01-01 08:00:00\ntoken=x\n")
}

fn this_host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap()
        .trim()
        .to_string()
}

#[test]
fn folder_deploy_edit_delete_and_locks() {
    let (mut site, _keys) = signed_site();
    let target = tempfile::tempdir().unwrap();
    let dir = target.path().to_str().unwrap().to_string();
    let run = deploy(&site, &dir, &[], &[]);
    run.assert_code(0);
    assert!(run.stderr.contains("核对通过"), "{}", run.stderr);
    let mut all: BTreeSet<String> = manifest(&site).keys().cloned().collect();
    all.extend([MANIFEST.to_string(), SIGNATURE.to_string()]);
    assert_eq!(servers::files_under(target.path()), all);

    // Another machine's deploy holds the lock: refused, nothing changed.
    edit_document(&mut site);
    let lock = target.path().join(".gongkai-deploy/lock");
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    std::fs::write(&lock, lock_text("build-server-2", 4242)).unwrap();
    let page = std::fs::read(target.path().join("tzgg/daima-yangli/index.html")).unwrap();
    let run = deploy(&site, &dir, &[], &[]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("正由另一次部署使用（build-server-2 上的进程 4242"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--break-lock"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(target.path().join("tzgg/daima-yangli/index.html")).unwrap(),
        page
    );

    // A lock left by a killed deploy on this machine is taken over.
    std::fs::write(&lock, lock_text(&this_host(), u32::MAX - 1)).unwrap();
    let run = deploy(&site, &dir, &[], &[]);
    run.assert_code(0);
    assert!(run.stderr.contains("解除部署锁"), "{}", run.stderr);
    assert!(!target.path().join(".gongkai-deploy").exists());

    std::fs::remove_file(site.root().join("content/tzgg/raw-html.md")).unwrap();
    site.build(&[]).assert_code(0);
    let run = deploy(&site, &dir, &["--max-deletes", "40"], &[]);
    run.assert_code(0);
    assert!(!target.path().join("tzgg/raw-html").exists());
    let mut all: BTreeSet<String> = manifest(&site).keys().cloned().collect();
    all.extend([MANIFEST.to_string(), SIGNATURE.to_string()]);
    assert_eq!(servers::files_under(target.path()), all);
}

#[test]
fn sftp_deploy_with_errors_in_chinese() {
    let sshd = servers::sshd();
    let d = sshd.dir.path();
    let www = d.join("www");
    let target = format!(
        "sftp://{}@127.0.0.1:{}{}",
        servers::user(),
        sshd.port,
        www.display()
    );
    let config = |name: &str| d.join(name).display().to_string();
    let with = |name: &str| vec!["--ssh-config".to_string(), config(name)];
    let (mut site, _keys) = signed_site();

    // Refused before anything is written: unknown key, unknown host key, closed port.
    let run = deploy(&site, &target, &strs(&with("stranger_config")), &[]);
    run.assert_code(1);
    assert!(run.stderr.contains("拒绝了登录"), "{}", run.stderr);
    assert!(run.stderr.contains("没有任何改动"), "{}", run.stderr);
    let run = deploy(&site, &target, &strs(&with("unknown_host_config")), &[]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("主机密钥不在 known_hosts 中"),
        "{}",
        run.stderr
    );
    let closed = format!(
        "sftp://{}@127.0.0.1:{}{}",
        servers::user(),
        servers::free_port(),
        www.display()
    );
    let run = deploy(&site, &closed, &strs(&with("ssh_config")), &[]);
    run.assert_code(1);
    assert!(run.stderr.contains("连接被拒绝"), "{}", run.stderr);
    assert!(run.stderr.contains("没有任何改动"), "{}", run.stderr);
    assert!(!www.exists());

    let run = deploy(&site, &target, &strs(&with("ssh_config")), &[]);
    run.assert_code(0);
    assert!(run.stderr.contains("签名有效"), "{}", run.stderr);
    assert!(run.stderr.contains("核对通过"), "{}", run.stderr);
    let mut all: BTreeSet<String> = manifest(&site).keys().cloned().collect();
    all.extend([MANIFEST.to_string(), SIGNATURE.to_string()]);
    assert_eq!(servers::files_under(&www), all);

    let before = manifest(&site);
    edit_document(&mut site);
    let expected = changed(&before, &manifest(&site));
    let sent_with_copies = manifest(&site)
        .iter()
        .filter(|(p, h)| before.get(*p) != Some(h))
        .count()
        + 2;
    assert!(sent_with_copies > expected.len());
    let run = deploy(&site, &target, &strs(&with("ssh_config")), &[]);
    run.assert_code(0);
    let line = format!("部署完成：上传 {sent_with_copies} 个文件");
    assert!(run.stderr.contains(&line), "{line}\n{}", run.stderr);
    assert!(!www.join(".gongkai-deploy").exists());

    // Tampering on the server is named.
    std::fs::write(www.join("zcwj/index.html"), "<p>x</p>").unwrap();
    let run = deploy(&site, &target, &strs(&with("ssh_config")), &[]);
    run.assert_code(1);
    assert!(
        run.stdout.contains("已改动：zcwj/index.html"),
        "{}",
        run.stdout
    );
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}
