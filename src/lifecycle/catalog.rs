//! `catalog.json`: the 政府信息公开目录 as open data, one record per published document (索引号,
//! 标题, 发布机构, dates, 文号, 主题分类, 有效性 at the build's clock, URL), newest first, as the
//! listings are. [`Catalog`] also reads it back (round trip in the tests, and for other tools).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::jsonld::absolute;
use super::Lifecycle;
use crate::content::tree::Site;

/// Where the catalog is written.
pub const PATH: &str = "catalog.json";

/// The whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// 网站名称
    pub site: String,
    /// Number of records.
    pub count: usize,
    /// One per document, newest first.
    pub records: Vec<Record>,
}

/// One document of the 目录.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// 索引号
    pub index_no: Option<String>,
    /// 标题
    pub title: String,
    /// 发布机构
    pub issuer: String,
    /// 发布日期 (RFC 3339)
    pub date: String,
    /// 成文日期 (`YYYY-MM-DD`)
    pub written_on: Option<String>,
    /// 文号
    pub doc_no: Option<String>,
    /// 主题分类
    pub topics: Vec<String>,
    /// 有效性 at the build's clock (有效, 失效, 废止), if the document has one.
    pub validity: Option<String>,
    /// Since when it is 失效/废止, or until when it is in force.
    pub validity_date: Option<String>,
    /// 栏目
    pub section: String,
    /// Page address.
    pub url: String,
}

/// The catalog of `site`, serialised (pretty, with a last line end). Its records are made one at
/// a time as they are written, and the file in one allocation of its length (at 100,000
/// documents it is 48 MB: records held whole and a buffer grown by doubling took three times that).
pub fn json(site: &Site, lifecycle: &Lifecycle) -> Arc<[u8]> {
    let docs: &[usize] = site.sections.first().map_or(&[], |s| &s.all_docs);
    let catalog = Written {
        site: &site.config.identity.title,
        count: docs.len(),
        records: Records {
            site,
            lifecycle,
            docs,
        },
    };
    let mut length = Length(0);
    // Writing plain strings and numbers cannot fail.
    let _ = serde_json::to_writer_pretty(&mut length, &catalog);
    let mut bytes: Arc<[u8]> = std::iter::repeat_n(b'\n', length.0 + 1).collect();
    if let Some(buf) = Arc::get_mut(&mut bytes) {
        let _ = serde_json::to_writer_pretty(&mut buf[..length.0], &catalog);
    }
    bytes
}

/// [`Catalog`] as it is written: the same fields, the records made as they are written.
#[derive(Serialize)]
struct Written<'a> {
    site: &'a str,
    count: usize,
    records: Records<'a>,
}

/// The records of `docs`, made one at a time as they are written.
struct Records<'a> {
    site: &'a Site,
    lifecycle: &'a Lifecycle,
    docs: &'a [usize],
}

impl Serialize for Records<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let records = self
            .docs
            .iter()
            .map(|&d| record(self.site, self.lifecycle, d));
        serializer.collect_seq(records)
    }
}

/// The record of document `d`.
fn record(site: &Site, lifecycle: &Lifecycle, d: usize) -> Record {
    let doc = &site.docs[d];
    let m = &doc.source.meta;
    let state = lifecycle.state(d);
    Record {
        index_no: m.index_no.clone(),
        title: m.title.clone(),
        issuer: m.issuer.clone(),
        date: m.date.iso(),
        written_on: m.written_on.map(|w| w.ymd()),
        doc_no: m.doc_no.clone(),
        topics: m.topics.clone(),
        validity: state.validity.map(|v| v.as_str().to_string()),
        validity_date: state.since.or(state.valid_until).map(|d| d.ymd()),
        section: site.sections[doc.section].title.clone(),
        url: absolute(site, &doc.path),
    }
}

/// A writer that only counts the bytes written to it.
struct Length(usize);

impl std::io::Write for Length {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
