//! What an edit of a document's front matter reaches, decided in this one place for every field
//! of [`DocumentMeta`]: [`parts`] destructures the whole struct without `..`, so a new field does
//! not compile until it is given its reach here.

use serde_yaml::Value;

use crate::content::date::DocDate;
use crate::content::document::{DocumentMeta, Validity};

/// How far an edit of a document reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Reach {
    /// The document's page, the listing pages that show it, the home page and the files beside
    /// the pages (search index, feeds, catalog, `sitemap.xml`).
    Page,
    /// Its place as well: the order of listings, neighbours and directory terms.
    Place,
    /// Other documents or the output map (relations, validity, 年报 data, old addresses, the
    /// address, whether it is published): the site is built again.
    Site,
}

/// The fields that reach other documents or the output map.
#[derive(PartialEq)]
struct Ties<'a> {
    validity: &'a Option<Validity>,
    validity_date: &'a Option<DocDate>,
    expires: &'a Option<DocDate>,
    slug: &'a Option<String>,
    draft: &'a bool,
    aliases: &'a Vec<String>,
    interprets: &'a Option<String>,
    amends: &'a Vec<String>,
    repeals: &'a Vec<String>,
    replaces: &'a Vec<String>,
    annual_report: &'a Option<Value>,
    website_report: &'a Option<Value>,
}

/// The fields that give the document its place in listings and directory terms.
#[derive(PartialEq)]
struct Place<'a> {
    title: &'a String,
    issuer: &'a String,
    date: &'a DocDate,
    topics: &'a Vec<String>,
}

/// Every field of a document by reach; the others are shown on its own page (and in the search
/// index and feeds) only.
fn parts(meta: &DocumentMeta) -> (Ties<'_>, Place<'_>) {
    let DocumentMeta {
        title,
        index_no: _,
        issuer,
        date,
        written_on: _,
        doc_no: _,
        topics,
        validity,
        validity_date,
        disclosure: _,
        genre: _,
        keywords: _,
        summary: _,
        note: _,
        signature: _,
        slug,
        draft,
        aliases,
        attachments: _,
        source_url: _,
        numbering: _,
        toc: _,
        interprets,
        amends,
        repeals,
        replaces,
        expires,
        annual_report,
        website_report,
        revision_history: _,
        extra: _,
        positions: _,
    } = meta;
    let ties = Ties {
        validity,
        validity_date,
        expires,
        slug,
        draft,
        aliases,
        interprets,
        amends,
        repeals,
        replaces,
        annual_report,
        website_report,
    };
    let place = Place {
        title,
        issuer,
        date,
        topics,
    };
    (ties, place)
}

/// How far the edit of a document from `old` to `new` reaches.
pub(super) fn reach(old: &DocumentMeta, new: &DocumentMeta) -> Reach {
    let ((old_ties, old_place), (new_ties, new_place)) = (parts(old), parts(new));
    if old_ties != new_ties {
        Reach::Site
    } else if old_place != new_place {
        Reach::Place
    } else {
        Reach::Page
    }
}

/// Whether a document is tied to more than its sections and terms (relations to other
/// documents, old addresses, 年报 data, a validity, a 公示 end): only documents that are not are
/// added or removed in place.
pub(super) fn is_tied(meta: &DocumentMeta) -> bool {
    let (ties, _) = parts(meta);
    ties.validity.is_some()
        || ties.interprets.is_some()
        || !ties.amends.is_empty()
        || !ties.repeals.is_empty()
        || !ties.replaces.is_empty()
        || !ties.aliases.is_empty()
        || ties.annual_report.is_some()
        || ties.website_report.is_some()
        || ties.expires.is_some()
}
