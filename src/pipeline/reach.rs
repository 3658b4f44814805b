//! What an edit of a document's front matter reaches, decided in this one place for every field
//! of [`DocumentMeta`]. Both functions destructure the whole struct without `..`: a new field
//! does not compile until it is given its reach here.

use crate::content::document::DocumentMeta;

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

/// How far the edit of a document from `old` to `new` reaches.
pub(super) fn reach(old: &DocumentMeta, new: &DocumentMeta) -> Reach {
    let DocumentMeta {
        title,
        index_no,
        issuer,
        date,
        written_on,
        doc_no,
        topics,
        validity,
        validity_date,
        disclosure,
        genre,
        keywords,
        summary,
        note,
        signature,
        slug,
        draft,
        aliases,
        attachments,
        source_url,
        numbering,
        toc,
        interprets,
        amends,
        repeals,
        replaces,
        expires,
        annual_report,
        extra,
        positions,
    } = new;
    let site = *validity != old.validity
        || *validity_date != old.validity_date
        || *slug != old.slug
        || *draft != old.draft
        || *aliases != old.aliases
        || *interprets != old.interprets
        || *amends != old.amends
        || *repeals != old.repeals
        || *replaces != old.replaces
        || *expires != old.expires
        || *annual_report != old.annual_report;
    let place =
        *title != old.title || *issuer != old.issuer || *date != old.date || *topics != old.topics;
    // Shown on the document's own page (and in the search index and feeds) only.
    let _page = (
        index_no,
        written_on,
        doc_no,
        disclosure,
        genre,
        keywords,
        summary,
        note,
        signature,
        attachments,
        source_url,
        numbering,
        toc,
        extra,
        positions,
    );
    if site {
        Reach::Site
    } else if place {
        Reach::Place
    } else {
        Reach::Page
    }
}

/// Whether a document is tied to more than its sections and terms (relations to other
/// documents, old addresses, 年报 data, a validity term, a 公示 end): only documents that are not
/// are added or removed in place.
pub(super) fn is_tied(meta: &DocumentMeta) -> bool {
    let DocumentMeta {
        title: _,
        index_no: _,
        issuer: _,
        date: _,
        written_on: _,
        doc_no: _,
        topics: _,
        validity,
        validity_date: _,
        disclosure: _,
        genre: _,
        keywords: _,
        summary: _,
        note: _,
        signature: _,
        slug: _,
        draft: _,
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
        extra: _,
        positions: _,
    } = meta;
    validity.is_some()
        || interprets.is_some()
        || !amends.is_empty()
        || !repeals.is_empty()
        || !replaces.is_empty()
        || !aliases.is_empty()
        || annual_report.is_some()
        || expires.is_some()
}
