//! Rendered Markdown bodies kept between builds, so that the markdown stage of a build renders
//! only the bodies whose inputs changed (`bodies.bin` and `bodies.idx` in the cache folder).
//!
//! A body is keyed by everything [`markdown::render`] reads: its Markdown, the numbering switch,
//! its folder, the site root and the document's title ([`body_key`]). What it asks of the rest
//! of the site — the address of each document it links to — is recorded with it and asked again
//! before the body is used: a body linking to a document that was renamed, added or removed
//! since is rendered again. So a kept body is always the one a clean build renders.
//!
//! `bodies.bin` starts with a header (format, binary, a random file id) and is then appended to:
//! each newly rendered body is written there as soon as it is made (nothing waits in memory).
//! `bodies.idx`, rewritten at the end of each build, lists the bodies that build used (key,
//! place in `bodies.bin`, SHA-256 and CRC-32), ends with a checksum, and names the data file's
//! id: an index and a data file that do not belong together, a record whose bytes changed, or a
//! store written by another binary is ignored with a warning. When more than half of `bodies.bin` is bodies no
//! build uses any more, it is written anew with the used ones only.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::store::{self, checked, lock, u64_at};
use super::{identity, Key, Unusable, FOLDER};
use crate::markdown::{self, HtmlElsewhere, MarkdownContext, RenderedBody};

/// What a build says when a body it let go cannot be read back.
const LOST: &str =
    "构建缓存的正文记录无法读回（.gongkai/cache/bodies.bin）：请删除 .gongkai/cache 后重新生成";
/// First bytes of the data file.
const DATA_MAGIC: &[u8] = b"GONGKAI-BODIES 1\n";
/// First bytes of the index file.
const INDEX_MAGIC: &[u8] = b"GONGKAI-BODY-INDEX 2\n";
/// Bytes of one index record: key, offset, length, digest, checksum.
const SLOT: usize = 16 + 8 + 4 + 16 + 4;

/// Where one body lies in the data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    offset: u64,
    len: u32,
    /// First 16 bytes of the SHA-256 of the record: what pages made from the body know it by.
    sum: [u8; 16],
    /// CRC-32 of the record, checked when it is read back (a build reads every kept body:
    /// checked with SHA-256, that was 5.5 % of a daily build's `perf` samples).
    crc: u32,
}

/// One kept body: the addresses it asked for and what it came to.
#[derive(Deserialize)]
struct Record {
    /// Each content path the body's links asked about, with the document address it had.
    lookups: Vec<(String, Option<String>)>,
    body: RenderedBody,
}

/// A [`Record`] to write.
#[derive(Serialize)]
struct RecordRef<'a> {
    lookups: &'a [(String, Option<String>)],
    body: &'a RenderedBody,
}

/// The record at `slot` of the data file, if it reads back whole, its body without the HTML
/// ([`read_html`] reads that when it is asked for). A record is the length of the body's HTML
/// (u32, little-endian), the HTML, then the rest ([`RecordRef`]; the serialised body leaves the
/// HTML out) as postcard.
fn read_record(file: &File, slot: Slot) -> Option<Record> {
    let mut bytes = vec![0; slot.len as usize];
    read_at(file, &mut bytes, slot.offset).ok()?;
    if crc(&bytes) != slot.crc {
        return None;
    }
    let (_, rest) = split_record(&bytes)?;
    postcard::from_bytes(rest).ok()
}

/// The HTML and the rest of a record's bytes.
fn split_record(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = bytes.split_at_checked(4)?;
    let len = u32::from_le_bytes(len.try_into().ok()?) as usize;
    rest.split_at_checked(len)
}

/// The HTML of the record at `slot`, read back without decoding the rest. The record was
/// checked when it was read or written by this build, and the data file is only appended to.
fn read_html(file: &File, slot: Slot) -> Option<String> {
    let mut len = [0; 4];
    read_at(file, &mut len, slot.offset).ok()?;
    let len = u32::from_le_bytes(len);
    if len > slot.len.saturating_sub(4) {
        return None;
    }
    let mut html = vec![0; len as usize];
    read_at(file, &mut html, slot.offset + 4).ok()?;
    String::from_utf8(html).ok()
}

/// The bytes of a record (see [`read_record`]).
fn encode_record(lookups: &[(String, Option<String>)], body: &RenderedBody) -> Option<Vec<u8>> {
    let html_len = u32::try_from(body.html.len()).ok()?;
    let mut bytes = html_len.to_le_bytes().to_vec();
    bytes.extend_from_slice(body.html.as_bytes());
    postcard::to_extend(&RecordRef { lookups, body }, bytes).ok()
}

/// The data file being appended to.
struct Appender {
    file: File,
    /// Its length (where the next record goes).
    len: u64,
}

/// The kept bodies of one build: those of the previous builds, and those this one makes.
pub struct BodyStore {
    data_path: PathBuf,
    index_path: PathBuf,
    identity: String,
    /// Id of the data file (also in the index).
    file_id: u64,
    /// Bodies listed by the previous build's index.
    previous: HashMap<Key, Slot>,
    /// The data file: read from and appended to (`None` when it cannot be written).
    data: Option<Mutex<Appender>>,
    /// The data file, for reading back the HTML of the bodies handed out.
    reader: Option<Arc<File>>,
    /// Bodies this build used or made.
    used: Mutex<Vec<(Key, Slot)>>,
    /// Bodies taken from the store.
    hits: AtomicUsize,
    /// A record was found changed or unreadable.
    damaged: AtomicBool,
    /// Bytes of the data file before this build (header included).
    start_len: u64,
}

impl BodyStore {
    /// Opens the store of the site at `root` (or starts an empty one). A store that cannot be
    /// used is replaced, and the reason returned as a warning line.
    pub fn open(root: &Path) -> (BodyStore, Option<String>) {
        let folder = root.join(FOLDER);
        let data_path = folder.join("bodies.bin");
        let index_path = folder.join("bodies.idx");
        let identity = identity();
        let (found, warning) = match open_kept(&index_path, &data_path, &identity) {
            Ok(found) => (found, None),
            Err(why) => {
                let redone = "本次重新渲染每篇正文";
                (None, Some(super::warning(&index_path, root, &why, redone)))
            }
        };
        let (file_id, previous, data) = match found {
            Some((index, file, len)) => (index.file_id, index.slots, Some((file, len))),
            None => {
                let file_id = fresh_id();
                let len = header(&identity, file_id).len() as u64;
                let data = new_data_file(&data_path, &identity, file_id).ok();
                (file_id, HashMap::new(), data.map(|f| (f, len)))
            }
        };
        let store = BodyStore {
            data_path,
            index_path,
            identity,
            file_id,
            previous,
            start_len: data.as_ref().map_or(0, |(_, len)| *len),
            reader: (data.as_ref()).and_then(|(file, _)| file.try_clone().ok().map(Arc::new)),
            data: data.map(|(file, len)| Mutex::new(Appender { file, len })),
            used: Mutex::new(Vec::new()),
            hits: AtomicUsize::new(0),
            damaged: AtomicBool::new(false),
        };
        (store, warning)
    }

    /// Renders `body` in `cx` as [`markdown::render`] does, taking the result from the store
    /// when the same body was rendered before and the documents it links to have the same
    /// addresses; a body rendered here is added to the store. `source`, when given, is a
    /// SHA-256 the caller already made of the body's file (its name, front matter and body, so
    /// its folder and title too): the body is then not hashed again.
    pub fn render(
        &self,
        body: &str,
        cx: &MarkdownContext<'_>,
        source: Option<&[u8; 32]>,
    ) -> RenderedBody {
        let key = body_key(body, cx, source);
        if let Some((mut kept, slot)) = self.kept(&key, cx) {
            self.let_go(&mut kept, slot);
            return kept;
        }
        let lookups = Mutex::new(Vec::new());
        let recording = |path: &str| {
            let found = (cx.resolve_doc)(path);
            lock(&lookups).push((path.to_string(), found.clone()));
            found
        };
        let rendered = markdown::render(
            body,
            &MarkdownContext {
                resolve_doc: &recording,
                ..*cx
            },
        );
        let mut rendered = rendered;
        let lookups = lookups.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(slot) = self.append(key, &lookups, &rendered) {
            self.let_go(&mut rendered, slot);
        }
        rendered
    }

    /// Lets go of `body`'s HTML, which the record at `slot` holds: it is read back when asked
    /// for ([`RenderedBody::html`]).
    fn let_go(&self, body: &mut RenderedBody, slot: Slot) {
        let Some(file) = self.reader.clone() else {
            return;
        };
        body.html = String::new();
        // The data file is only ever appended to (a new one replaces it under another inode),
        // so the record is there unless the disk fails.
        let read = Arc::new(move || read_html(&file, slot).unwrap_or_else(|| panic!("{LOST}")));
        let digest = slot.sum;
        body.html_elsewhere = Some(HtmlElsewhere { read, digest });
    }

    /// How many bodies this build took from the store.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// The body of `key` from the store, if it is there, whole, and still links the same way.
    fn kept(&self, key: &Key, cx: &MarkdownContext<'_>) -> Option<(RenderedBody, Slot)> {
        let slot = *self.previous.get(key)?;
        let Some(record) = read_record(self.reader.as_deref()?, slot) else {
            self.damaged.store(true, Ordering::Relaxed);
            return None;
        };
        let same_links = (record.lookups.iter()).all(|(path, had)| (cx.resolve_doc)(path) == *had);
        if !same_links {
            return None;
        }
        lock(&self.used).push((*key, slot));
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some((record.body, slot))
    }

    /// Writes a newly rendered body to the data file; where it went.
    fn append(
        &self,
        key: Key,
        lookups: &[(String, Option<String>)],
        body: &RenderedBody,
    ) -> Option<Slot> {
        let data = self.data.as_ref()?;
        let bytes = encode_record(lookups, body)?;
        let len = u32::try_from(bytes.len()).ok()?;
        let mut data = lock(data);
        let offset = data.len;
        data.file.write_all(&bytes).ok()?;
        data.len += u64::from(len);
        drop(data);
        let slot = Slot {
            offset,
            len,
            sum: checksum(&bytes),
            crc: crc(&bytes),
        };
        lock(&self.used).push((key, slot));
        Some(slot)
    }

    /// Writes the index of the bodies this build used, first writing the data file anew when
    /// most of it is bodies no longer used or a record was found damaged. A failure is returned
    /// as a warning line: only the next build is slower.
    pub fn save(self) -> Option<String> {
        let mut used = std::mem::take(&mut *lock(&self.used));
        // Of two records of one key (kept, then made again because a linked address
        // changed), the later one is the current one.
        used.reverse();
        used.sort_by_key(|(k, _)| *k);
        used.dedup_by_key(|(k, _)| *k);
        let data = (self.data.as_ref()).map(|d| lock(d));
        let Some(data) = data else {
            return Some(self.warning("无法写入"));
        };
        let live: u64 = used.iter().map(|(_, s)| u64::from(s.len)).sum();
        let header_len = header(&self.identity, self.file_id).len() as u64;
        let dead = data.len.saturating_sub(header_len + live);
        let mut file_id = self.file_id;
        if self.damaged.load(Ordering::Relaxed) || dead > live.max(1 << 20) {
            match compact(&self.data_path, &self.identity, &data.file, &used) {
                Ok((id, moved)) => (file_id, used) = (id, moved),
                Err(e) => return Some(self.warning(&crate::fs::reason(&e))),
            }
        } else if data.len == self.start_len && used.len() == self.previous.len() {
            // Nothing was added or dropped: the index on disk is this one already.
            if used.iter().all(|(k, s)| self.previous.get(k) == Some(s)) {
                return None;
            }
        }
        let bytes = encode_index(&self.identity, file_id, &used);
        super::store::write(&self.index_path, &bytes)
            .err()
            .map(|e| self.warning(&crate::fs::reason(&e)))
    }

    fn warning(&self, reason: &str) -> String {
        format!(
            "{}: 警告: 无法写入构建缓存的正文记录（{reason}）：下次生成将重新渲染每篇正文",
            self.index_path.display()
        )
    }
}

/// The key of `body` rendered in `cx`: a SHA-256 of every input of [`markdown::render`] but
/// the addresses of linked documents (which are recorded with the body). The folder, title and
/// body come from `source` (the digest of the file holding them) when it is given.
fn body_key(body: &str, cx: &MarkdownContext<'_>, source: Option<&[u8; 32]>) -> Key {
    let mut hasher = Sha256::new();
    hasher.update([u8::from(cx.numbering)]);
    hasher.update((cx.root.len() as u64).to_le_bytes());
    hasher.update(cx.root.as_bytes());
    match source {
        Some(digest) => {
            hasher.update(b"file\0");
            hasher.update(digest);
        }
        None => {
            for part in [cx.source_dir, cx.title, body] {
                hasher.update((part.len() as u64).to_le_bytes());
                hasher.update(part.as_bytes());
            }
        }
    }
    let digest = hasher.finalize();
    Key(digest[..16].try_into().unwrap_or_default())
}

/// The first 16 bytes of the SHA-256 of a record's bytes: its digest.
fn checksum(bytes: &[u8]) -> [u8; 16] {
    Sha256::digest(bytes)[..16].try_into().unwrap_or_default()
}

/// The CRC-32 of a record's bytes.
fn crc(bytes: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    crc.sum()
}

/// A new data file id (the time in nanoseconds: two builds never start in the same one).
fn fresh_id() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// The data file's header.
fn header(identity: &str, file_id: u64) -> Vec<u8> {
    let mut out = store::header(DATA_MAGIC, identity);
    out.extend_from_slice(&file_id.to_le_bytes());
    out
}

/// Makes a new data file at `path` (through a temporary name, so that a build still reading
/// the previous one keeps it), its header written, open to read and append.
fn new_data_file(path: &Path, identity: &str, file_id: u64) -> std::io::Result<File> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let temp = path.with_extension("new");
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&temp)?;
    file.write_all(&header(identity, file_id))?;
    std::fs::rename(&temp, path)?;
    Ok(file)
}

/// Writes a new data file holding only the records of `used` that read back whole from `old`.
/// Returns the new file's id and those records at their new places.
fn compact(
    path: &Path,
    identity: &str,
    old: &File,
    used: &[(Key, Slot)],
) -> std::io::Result<(u64, Vec<(Key, Slot)>)> {
    let file_id = fresh_id();
    let temp = path.with_extension("tmp");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&temp)?);
    out.write_all(&header(identity, file_id))?;
    let mut offset = header(identity, file_id).len() as u64;
    let mut bytes = Vec::new();
    let mut kept = Vec::with_capacity(used.len());
    for (key, slot) in used.iter() {
        bytes.resize(slot.len as usize, 0);
        if read_at(old, &mut bytes, slot.offset).is_err() || crc(&bytes) != slot.crc {
            continue;
        }
        out.write_all(&bytes)?;
        kept.push((*key, Slot { offset, ..*slot }));
        offset += u64::from(slot.len);
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_data()?;
    std::fs::rename(&temp, path)?;
    Ok((file_id, kept))
}

/// Reads exactly `buf.len()` bytes of `file` at `offset`.
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(not(unix))]
    {
        use std::io::{Read as _, Seek as _};
        let mut file = file;
        file.seek(std::io::SeekFrom::Start(offset))?;
        file.read_exact(buf)
    }
}

/// What an index file lists.
struct Index {
    file_id: u64,
    slots: HashMap<Key, Slot>,
}

/// The kept bodies: the index at `index_path` written by `identity` and the data file it
/// belongs to, open to read and append, with its length. `Ok(None)` when there is no index.
fn open_kept(
    index_path: &Path,
    data_path: &Path,
    identity: &str,
) -> Result<Option<(Index, File, u64)>, Unusable> {
    let bytes = match std::fs::read(index_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Unusable::Unreadable(crate::fs::reason(&e))),
    };
    let index = parse_index(&bytes, identity)?;
    let unreadable = |e: std::io::Error| Unusable::Unreadable(crate::fs::reason(&e));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .open(data_path)
        .map_err(unreadable)?;
    let len = file.metadata().map_err(unreadable)?.len();
    let expected = header(identity, index.file_id);
    let mut found = vec![0; expected.len()];
    let fits = |s: &Slot| s.offset + u64::from(s.len) <= len;
    if read_at(&file, &mut found, 0).is_err()
        || found != expected
        || !index.slots.values().all(fits)
    {
        return Err(Unusable::Corrupt);
    }
    Ok(Some((index, file, len)))
}

/// The index in `bytes`, written by `identity`.
fn parse_index(bytes: &[u8], identity: &str) -> Result<Index, Unusable> {
    let mut rest = checked(bytes, INDEX_MAGIC, identity)?;
    let file_id = u64_at(rest.take(8)?);
    let count = u64_at(rest.take(8)?) as usize;
    let records = rest.take(count.checked_mul(SLOT).ok_or(Unusable::Corrupt)?)?;
    if !rest.0.is_empty() {
        return Err(Unusable::Corrupt);
    }
    let slots = records
        .chunks_exact(SLOT)
        .map(|r| {
            let key = Key(r[..16].try_into().unwrap_or_default());
            let slot = Slot {
                offset: u64_at(&r[16..24]),
                len: u32::from_le_bytes(r[24..28].try_into().unwrap_or_default()),
                sum: r[28..44].try_into().unwrap_or_default(),
                crc: u32::from_le_bytes(r[44..48].try_into().unwrap_or_default()),
            };
            (key, slot)
        })
        .collect();
    Ok(Index { file_id, slots })
}

/// The bytes of an index listing `used`.
fn encode_index(identity: &str, file_id: u64, used: &[(Key, Slot)]) -> Vec<u8> {
    let mut out = store::header(INDEX_MAGIC, identity);
    out.extend_from_slice(&file_id.to_le_bytes());
    out.extend_from_slice(&(used.len() as u64).to_le_bytes());
    for (key, slot) in used {
        out.extend_from_slice(&key.0);
        out.extend_from_slice(&slot.offset.to_le_bytes());
        out.extend_from_slice(&slot.len.to_le_bytes());
        out.extend_from_slice(&slot.sum);
        out.extend_from_slice(&slot.crc.to_le_bytes());
    }
    store::sealed(out)
}

#[cfg(test)]
#[path = "bodies_tests.rs"]
mod tests;
