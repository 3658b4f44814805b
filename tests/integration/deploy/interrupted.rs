//! A deploy killed at a random request, then run again: while it runs and after it is killed
//! every page the site links to is there, and the rerun completes it (`verify` passes).

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use super::servers::S3Server;
use super::*;

/// Internal links (`href`/`src` to `/…`) of a page, as object keys.
fn links(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r##"(?:href|src)="/([^"#?]*)"##).unwrap();
    re.captures_iter(html)
        .map(|c| {
            let path = c[1].to_string();
            if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path
            }
        })
        .collect()
}

/// Links of the published pages (under `dir`) to files of either build that are not there.
/// Only pages of the site before the deploy (`old`) count: a new document's two renditions link
/// to each other, and nothing links to them until the listings, sent after every document page.
fn broken_links(dir: &Path, known: &BTreeSet<String>, old: &BTreeSet<String>) -> Vec<String> {
    let mut broken = Vec::new();
    for page in servers::files_under(dir)
        .into_iter()
        .filter(|p| p.ends_with(".html") && old.contains(p))
    {
        let Ok(html) = std::fs::read_to_string(dir.join(&page)) else {
            continue;
        };
        for link in links(&html) {
            if known.contains(&link) && !dir.join(&link).is_file() {
                broken.push(format!("{page} → {link}"));
            }
        }
    }
    broken
}

/// Crawls the published site over and over until `stop`, collecting broken links.
fn crawl(
    dir: PathBuf,
    known: BTreeSet<String>,
    old: BTreeSet<String>,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<Vec<String>> {
    std::thread::spawn(move || {
        let mut seen = BTreeSet::new();
        while !stop.load(Ordering::Relaxed) {
            seen.extend(broken_links(&dir, &known, &old));
        }
        seen.extend(broken_links(&dir, &known, &old));
        seen.into_iter().collect()
    })
}

#[test]
fn killed_at_a_random_request_then_run_again() {
    let server = S3Server::start();
    let (mut site, _keys) = signed_site();
    let endpoint = ["--endpoint", server.endpoint.as_str()];
    deploy(&site, &server.target(), &endpoint, &S3_ENV).assert_code(0);
    let before = manifest(&site);
    // One document edited, one added (the listings then link to a page that is not yet there).
    site.write(
        "content/tzgg/xin-tongzhi.md",
        "---\ntitle: \"示例市示例局关于调整办事时间的通知\"\nissuer: \"示例市示例局\"\ndate: 2021-06-01\ntopics: [\"政务公开\"]\n---\n\n自即日起，办事大厅工作时间调整为 9:00 至 17:00。\n",
    );
    edit_document(&mut site);
    let after = manifest(&site);
    let sent = changed(&before, &after).len();
    let known: BTreeSet<String> = before.keys().chain(after.keys()).cloned().collect();

    // The lock and the reads come first: kill somewhere between them and the last request.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as usize;
    let kill_at = 1 + seed % (sent + 8);
    eprintln!("deploy killed at request {kill_at} of about {}", sent + 10);
    let pid = Arc::new(AtomicU32::new(0));
    let killed = Arc::new(Mutex::new(false));
    let (p, k) = (pid.clone(), killed.clone());
    server.clear_log();
    server.on_request(Some(Box::new(move |n, _, _| {
        if n == kill_at {
            let _ = Command::new("kill")
                .args(["-9", &p.load(Ordering::SeqCst).to_string()])
                .status();
            *k.lock().unwrap() = true;
        }
    })));
    server.delay(5);
    let stop = Arc::new(AtomicBool::new(false));
    let old: BTreeSet<String> = before.keys().cloned().collect();
    let crawler = crawl(server.site_dir(), known.clone(), old.clone(), stop.clone());
    let child = spawn_deploy(&site, &server.target(), &endpoint, &S3_ENV);
    pid.store(child.id(), Ordering::SeqCst);
    let first = finish(child);
    server.on_request(None);
    server.delay(0);
    stop.store(true, Ordering::Relaxed);
    let broken = crawler.join().unwrap();
    assert!(
        broken.is_empty(),
        "links to missing files while deploying: {broken:?}"
    );
    if *killed.lock().unwrap() {
        assert_ne!(first.code, 0, "{}", first.stderr);
    }
    // The manifest on the target is the old one or the new one, and all it lists is there.
    let published = std::fs::read_to_string(server.site_dir().join(MANIFEST)).unwrap();
    let listed = manifest_text_paths(&published);
    let missing: Vec<&String> = listed
        .iter()
        .filter(|p| !is_copy(p, &after) && !is_copy(p, &before))
        .filter(|p| !server.site_dir().join(p).is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "listed but missing after the kill: {missing:?}"
    );

    let stop = Arc::new(AtomicBool::new(false));
    let crawler = crawl(server.site_dir(), known, old, stop.clone());
    let rerun = deploy(&site, &server.target(), &endpoint, &S3_ENV);
    stop.store(true, Ordering::Relaxed);
    rerun.assert_code(0);
    assert!(rerun.stderr.contains("核对通过"), "{}", rerun.stderr);
    assert!(
        !rerun.stderr.contains("正由另一次部署使用"),
        "{}",
        rerun.stderr
    );
    let broken = crawler.join().unwrap();
    assert!(
        broken.is_empty(),
        "links to missing files while resuming: {broken:?}"
    );
    assert_eq!(server.objects(), expected_objects(&after));
}

/// Paths a manifest's text lists.
fn manifest_text_paths(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split_once("  ").map(|(_, p)| p.to_string()))
        .collect()
}
