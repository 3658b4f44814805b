//! The publication record ([`FILE`] in the site folder): an append-only, hash-chained log
//! ([`entry`]) of what each `gongkai build` published — when each document first appeared, each
//! later revision (content hash, time, which fields changed, how much of the body) and its
//! removal. It is committed with the content, so a fresh or shallow clone has it; it is copied
//! into the output, where the signed manifest lists it with its hash, so anyone can check it
//! (`gongkai verify`). The first record of a site takes what is already published as its starting
//! point (an imported archive is not back-dated). A [`lock`] keeps two builds from writing it at
//! once. Document pages may show their 修订记录 from it ([`view`]), never from git dates.
//!
//! [`Publication`] is what a build knows of the record: the record as read and the entries
//! this build adds (the pipeline holds it beside the site tree).

pub mod entry;
pub mod view;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rayon::prelude::*;
use sha2::{Digest as _, Sha256};

use crate::content::front_matter::{field, DOCUMENT_FIELDS};
use crate::content::tree::Site;
use crate::diagnostics::Diagnostic;
pub use entry::{BodyChange, Entry, Event};

/// The record, at the site root and at the root of the output.
pub const FILE: &str = "publication-record.jsonl";
/// The lock file builds hold while they read and write the record (in the site folder).
pub const LOCK_FILE: &str = ".publication-record.lock";

/// What a build knows of the publication record.
#[derive(Debug, Clone, Default)]
pub struct Publication {
    /// The record's text as read (whole lines).
    pub text: String,
    /// Its entries, without their fingerprints (`fields`, `paras`: the text keeps them).
    pub entries: Vec<Entry>,
    /// The entries this build adds, chained after them, without their fingerprints (their lines
    /// keep them).
    pub pending: Vec<Entry>,
    /// Their lines.
    pub pending_lines: Vec<String>,
}

impl Publication {
    /// The record with this build's entries: what `build` writes.
    pub fn bytes(&self) -> Vec<u8> {
        // Sized once: grown by doubling, a 70 MB record would take up to 128 MB.
        let lines: usize = self.pending_lines.iter().map(|l| l.len() + 1).sum();
        let mut out = Vec::with_capacity(self.text.len() + lines);
        // Writing to memory cannot fail.
        let _ = self.write_to(&mut out);
        out
    }

    /// Writes [`Publication::bytes`] to `w` without making them (at 100,000 documents a new
    /// record is 70 MB).
    pub fn write_to(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        w.write_all(self.text.as_bytes())?;
        for line in &self.pending_lines {
            w.write_all(line.as_bytes())?;
            w.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Every entry of document `doc` (`content/xxgk/a.md`), recorded and pending, oldest first.
    pub fn history<'a>(&'a self, doc: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        (self.entries.iter())
            .chain(&self.pending)
            .filter(move |e| e.doc == doc)
    }
}

/// The content hash of each document the record of `root` shows on the site now (by
/// `content/…` path); empty when there is no record or it cannot be read (the build reports that).
pub fn published_hashes(root: &Path) -> HashMap<String, String> {
    let Ok(text) = std::fs::read_to_string(root.join(FILE)) else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    for e in entry::parse_chain(&text).unwrap_or_default() {
        if e.live() {
            out.insert(e.doc, e.hash);
        } else {
            out.remove(&e.doc);
        }
    }
    out
}

/// The build time the record writes: now, or `SOURCE_DATE_EPOCH`.
pub fn now() -> jiff::Timestamp {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now)
}

/// The record as read (see [`read`]), to be made into this build's entries by [`prepare`] once
/// the bodies are rendered.
pub struct Reading {
    /// The record as read (no entries pending yet).
    publication: Publication,
    /// Why the record cannot be used (unreadable, chain broken): nothing is added to it.
    problems: Vec<Diagnostic>,
}

/// A document whose content the record does not show published: its hash, and the fingerprints
/// of its body's paragraphs (the only part of an entry read from the body).
pub struct Changed {
    content: crate::content::hashed::ContentHash,
    paras: String,
}

/// The last entry of each document the record names (by file), for [`changed`].
pub struct Published<'a>(HashMap<&'a str, &'a Entry>);

impl Reading {
    /// The last entry of each document the record names.
    pub fn published(&self) -> Published<'_> {
        Published(last_entries(&self.publication))
    }

    /// Whether entries can be added to the record (it was read and its chain is whole): when
    /// not, nothing is taken from the documents for it.
    pub fn usable(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Reads the record of `root`. What each document's entry needs of its body is taken by
/// [`changed`] as the markdown stage renders it (a one-shot build lets each body go once
/// rendered): the entries themselves ([`prepare`]) are made after that stage, so that they and
/// the bodies are never all held at once.
pub fn read(root: &Path) -> Reading {
    let mut reading = Reading {
        publication: Publication::default(),
        problems: Vec::new(),
    };
    let path = root.join(FILE);
    reading.publication.text = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            let why = format!("无法读取发布记录：{}", crate::fs::reason(&e));
            reading.problems = vec![Diagnostic::error(Path::new(FILE), 0, 0, why)];
            return reading;
        }
    };
    reading.publication.entries = match entry::parse_chain(&reading.publication.text) {
        Ok(entries) => entries,
        Err(broken) => {
            let error = Diagnostic::error(Path::new(FILE), broken.line, 1, broken.message);
            reading.problems = vec![error];
            return reading;
        }
    };
    reading
}

/// What the entry of the document `doc` of the site at `root` (its body `body`) is made from,
/// when the record (`published`) does not show it published with its content as it is now.
pub fn changed(
    root: &Path,
    published: &Published<'_>,
    doc: &crate::content::document::SourceDocument,
    body: &str,
) -> Option<Changed> {
    let file = doc.file.to_string_lossy().replace('\\', "/");
    let content = crate::content::hashed::hash(root, doc);
    let last = published.0.get(file.as_str()).filter(|e| e.live());
    if last.is_some_and(|p| p.hash == content.hash.to_string()) {
        return None;
    }
    let paras = paragraph_prints(body);
    Some(Changed { content, paras })
}

/// The last entry of each document the record names, by file.
fn last_entries(publication: &Publication) -> HashMap<&str, &Entry> {
    let mut last: HashMap<&str, &Entry> = HashMap::new();
    for e in &publication.entries {
        if !e.doc.is_empty() {
            last.insert(&e.doc, e);
        }
    }
    last
}

/// Works out what this build adds at `at` to the record [`read`] found, given what [`changed`]
/// made of each document of `site` (in order): the starting point of a new record, documents
/// published, revised and removed. A record whose chain is broken is an
/// error naming the first broken entry (and nothing is added).
pub fn prepare(
    site: &Site,
    reading: Reading,
    changed: Vec<Option<Changed>>,
    at: jiff::Timestamp,
) -> (Publication, Vec<Diagnostic>) {
    let Reading {
        mut publication,
        problems,
    } = reading;
    if !problems.is_empty() {
        return (publication, problems);
    }
    let time = crate::content::date::china_offset()
        .to_datetime(at)
        .strftime("%Y-%m-%dT%H:%M:%S+08:00")
        .to_string();
    let mut pending = changes(site, &publication, changed, &time);
    if !pending.is_empty() && publication.entries.is_empty() {
        let mut start = blank(Event::Start, &time);
        start.title = crate::manifest::site_label(&site.config);
        pending.insert(0, start);
    }
    let last = publication.text.lines().last();
    let seq = publication.entries.len() as u64;
    publication.pending_lines = entry::chain(last, seq, &mut pending);
    publication.pending = pending;
    forget_fingerprints(&mut publication);
    let found = back_dated(site, &publication);
    (publication, found)
}

/// Lets go of the fingerprints (`fields`, `paras`) of every entry once this build's entries are
/// chained: only [`changes`] compares them, and the record's text and the pending lines keep them.
/// At 100,000 documents they are about 90 MB, held through the whole build.
fn forget_fingerprints(publication: &mut Publication) {
    for e in publication
        .entries
        .iter_mut()
        .chain(&mut publication.pending)
    {
        e.fields = BTreeMap::new();
        e.paras = String::new();
    }
}

/// An entry with only its event and time.
fn blank(event: Event, time: &str) -> Entry {
    Entry {
        seq: 0,
        prev: String::new(),
        time: time.to_string(),
        event,
        doc: String::new(),
        url: String::new(),
        title: String::new(),
        date: String::new(),
        hash: String::new(),
        fields: BTreeMap::new(),
        paras: String::new(),
        changed: Vec::new(),
        body: None,
    }
}

/// The entries this build adds (without `seq` and `prev`), in document order then removals:
/// one for each document in `changed`.
fn changes(
    site: &Site,
    publication: &Publication,
    changed: Vec<Option<Changed>>,
    time: &str,
) -> Vec<Entry> {
    let fresh = publication.entries.is_empty();
    let last = last_entries(publication);
    let found: Vec<Option<Entry>> = (site.docs.par_iter())
        .zip(changed)
        .map(|(doc, changed)| {
            let Changed { content, paras } = changed?;
            let file = doc.source.file.to_string_lossy().replace('\\', "/");
            let previous = last.get(file.as_str()).filter(|e| e.live());
            let mut e = blank(Event::Published, time);
            e.event = match (previous, fresh) {
                (Some(_), _) => Event::Revised,
                (None, true) => Event::Baseline,
                (None, false) => Event::Published,
            };
            e.url.clone_from(&doc.path);
            e.title.clone_from(&doc.source.meta.title);
            e.date = doc.source.meta.date.pub_date();
            e.hash = content.hash.to_string();
            e.fields = field_prints(&doc.source, &content);
            e.paras = paras;
            e.doc = file;
            if let Some(p) = previous {
                e.changed = (p.fields.keys().chain(e.fields.keys()))
                    .filter(|k| p.fields.get(*k) != e.fields.get(*k))
                    .cloned()
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                e.body = Some(body_change(&p.paras, &e.paras)).filter(|b| b.added + b.removed > 0);
            }
            Some(e)
        })
        .collect();
    let mut out: Vec<Entry> = found.into_iter().flatten().collect();
    let present: std::collections::HashSet<String> = (site.docs.iter())
        .map(|d| d.source.file.to_string_lossy().replace('\\', "/"))
        .collect();
    let mut gone: Vec<&&Entry> = last
        .values()
        .filter(|e| e.live() && !present.contains(&e.doc))
        .collect();
    gone.sort_by(|a, b| a.doc.cmp(&b.doc));
    for e in gone {
        let mut removed = blank(Event::Removed, time);
        removed.doc.clone_from(&e.doc);
        removed.url.clone_from(&e.url);
        removed.title.clone_from(&e.title);
        out.push(removed);
    }
    out
}

/// A short fingerprint of `bytes`: the first `n` hex digits of its SHA-256.
fn short(bytes: &[u8], n: usize) -> String {
    let hex = crate::output::Digest(Sha256::digest(bytes).into()).to_string();
    hex[..n].to_string()
}

/// Short fingerprints of each front-matter field (English key), and of the attachment files.
fn field_prints(
    doc: &crate::content::document::SourceDocument,
    content: &crate::content::hashed::ContentHash,
) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    let yaml = doc.front_matter.as_str();
    if let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(yaml) {
        for (k, v) in map {
            let Some(key) = k.as_str() else { continue };
            let key = DOCUMENT_FIELDS
                .iter()
                .find(|f| f.key == key || f.zh == key)
                .map_or(key, |f| f.key);
            let value = serde_json::to_string(&v).unwrap_or_default();
            fields.insert(key.to_string(), short(value.as_bytes(), 8));
        }
    }
    if !doc.meta.attachments.is_empty() {
        fields.insert(
            ATTACHMENT_FILES.into(),
            content.attachments.to_string()[..8].to_string(),
        );
    }
    fields
}

/// Short fingerprints of each paragraph of a body, space-separated.
fn paragraph_prints(body: &str) -> String {
    let paras: Vec<String> = body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| short(p.as_bytes(), 6))
        .collect();
    paras.join(" ")
}

/// The pseudo-field of the attachment files' bytes.
const ATTACHMENT_FILES: &str = "attachment_files";

/// The Chinese name of a recorded field (`标题`, `附件文件`).
pub fn field_name(key: &str) -> String {
    if key == ATTACHMENT_FILES {
        return "附件文件".into();
    }
    if DOCUMENT_FIELDS.iter().any(|f| f.key == key) {
        return field(DOCUMENT_FIELDS, key).zh.to_string();
    }
    key.to_string()
}

/// Paragraphs added and removed between two fingerprint lists.
fn body_change(old: &str, new: &str) -> BodyChange {
    let mut before: HashMap<&str, usize> = HashMap::new();
    for p in old.split_whitespace() {
        *before.entry(p).or_default() += 1;
    }
    let mut added = 0;
    let mut paragraphs = 0;
    for p in new.split_whitespace() {
        paragraphs += 1;
        match before.get_mut(p) {
            Some(n) if *n > 0 => *n -= 1,
            _ => added += 1,
        }
    }
    BodyChange {
        paragraphs,
        added,
        removed: before.values().sum(),
    }
}

/// Documents whose 发布日期 is more than a day before they first appeared on the site (after
/// the record began): a back-dated 发布日期 (伪造发稿日期), a warning at the date.
fn back_dated(site: &Site, publication: &Publication) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &Entry> = HashMap::new();
    for e in publication.entries.iter().chain(&publication.pending) {
        if !e.doc.is_empty() {
            first.entry(&e.doc).or_insert(e);
        }
    }
    let day = jiff::SignedDuration::from_hours(24);
    let mut found = Vec::new();
    for doc in &site.docs {
        let file = doc.source.file.to_string_lossy().replace('\\', "/");
        let Some(e) = first
            .get(file.as_str())
            .filter(|e| e.event == Event::Published)
        else {
            continue;
        };
        let date = &doc.source.meta.date;
        if date.timestamp() + day < e.at() {
            let (line, column) = doc
                .source
                .meta
                .positions
                .get("date")
                .copied()
                .unwrap_or((0, 0));
            let appeared = view::when(e);
            found.push(
                Diagnostic::warning(
                    &doc.source.file,
                    line,
                    column,
                    format!(
                        "发布日期 {} 早于本文档首次发布（发布记录：{appeared}）一天以上：发布日期应为实际发布的日期，倒签发布日期属于伪造发稿日期",
                        date.display()
                    ),
                )
                .with_field(field(DOCUMENT_FIELDS, "date").label()),
            );
        }
    }
    found
}

/// `check`: published documents changed since the record last saw them, whose revision a build
/// has not recorded yet.
pub fn unrecorded(publication: &Publication) -> Vec<Diagnostic> {
    publication
        .pending
        .iter()
        .filter(|e| e.event == Event::Revised)
        .map(|e| {
            let what = view::changed_text(e);
            Diagnostic::warning(
                Path::new(&e.doc),
                0,
                0,
                format!("已发布的文档有改动（{what}），修订尚未记入发布记录：用 gongkai build 发布，记录会写明改动的时间和内容"),
            )
        })
        .collect()
}

/// Holds the record of one site for one build: taken before the record is read, released when
/// the build ends (also when it fails or is killed).
pub struct Lock(#[allow(dead_code)] std::fs::File);

/// Takes the record's lock of the site at `root`, waiting while another build holds it.
pub fn lock(root: &Path) -> anyhow::Result<Lock> {
    use anyhow::Context as _;
    let path = root.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("无法创建发布记录的锁文件 {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!("另一次 gongkai build 正在写本站的发布记录，等它完成……");
            file.lock()
                .with_context(|| format!("无法锁定 {}", path.display()))?;
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("无法锁定 {}", path.display()));
        }
    }
    Ok(Lock(file))
}

/// Writes the record with this build's entries into the site folder (through a temporary file,
/// so a crash leaves the old record whole). Nothing is written when nothing was added.
pub fn save(root: &Path, publication: &Publication) -> anyhow::Result<()> {
    if publication.pending.is_empty() {
        return Ok(());
    }
    let path = root.join(FILE);
    let temp = root.join(format!("{FILE}.tmp"));
    crate::fs::write_streamed(&temp, |w| publication.write_to(w))?;
    std::fs::rename(&temp, &path).map_err(|e| {
        anyhow::anyhow!(
            "无法写入发布记录 {}：{}",
            path.display(),
            crate::fs::reason(&e)
        )
    })
}

/// `verify`: the problems of a deployed record — a broken chain (naming the first broken entry),
/// or a document it says is published whose page `has_page` does not find.
pub fn check_deployed(text: &str, has_page: &dyn Fn(&str) -> bool) -> Vec<String> {
    let entries = match entry::parse_chain(text) {
        Ok(entries) => entries,
        Err(broken) => return vec![broken.message],
    };
    let mut live: BTreeMap<&str, &Entry> = BTreeMap::new();
    for e in entries.iter().filter(|e| !e.doc.is_empty()) {
        live.insert(&e.doc, e);
    }
    live.values()
        .filter(|e| e.live() && !has_page(&format!("{}index.html", e.url)))
        .map(|e| {
            format!(
                "发布记录第 {} 条称《{}》发布在 /{}，网站中却没有这个页面",
                e.seq, e.title, e.url
            )
        })
        .collect()
}
