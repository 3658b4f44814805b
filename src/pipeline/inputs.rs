//! Stage 2, load, for what documents name beside themselves: the 年报 data of each document
//! that has some (a `.yaml` beside it, or the tables in its front matter), read once and checked
//! against the 依申请公开 register (read once too), so that the checks (stage 4) and the bodies
//! (stage 5) read nothing from disk. An update that re-reads a document reads its data again.

use std::path::Path;

use crate::content::document::SourceDocument;
use crate::content::tree::Site;
use crate::lifecycle::annual_report::{self, AnnualReports};
use crate::register::Register;

/// Reads the 年报 data of every document of `site` (at `root`) that has some.
pub(super) fn annual_reports(site: &Site, root: &Path) -> AnnualReports {
    let mut reports = AnnualReports::default();
    let mut register = None;
    for doc in &site.docs {
        read_report(&mut reports, &doc.source, root, &mut register);
    }
    reports
}

/// Reads the 年报 data of `doc` again (its file was re-read by an update).
pub(super) fn reread_report(reports: &mut AnnualReports, doc: &SourceDocument, root: &Path) {
    read_report(reports, doc, root, &mut None);
}

/// Reads the data of `doc` into `reports`, with table 三 checked against the register (read
/// into `register` the first time a report needs it).
fn read_report(
    reports: &mut AnnualReports,
    doc: &SourceDocument,
    root: &Path,
    register: &mut Option<Register>,
) {
    reports.by_file.remove(&doc.file);
    reports.problems.remove(&doc.file);
    if doc.meta.annual_report.is_none() {
        return;
    }
    let mut found = Vec::new();
    if let Some(mut report) = annual_report::read(doc, root, &mut found) {
        let register = register.get_or_insert_with(|| crate::register::load(root));
        found.extend(crate::register::annual::reconcile(register, &mut report));
        reports.by_file.insert(doc.file.clone(), report);
    }
    if !found.is_empty() {
        reports.problems.insert(doc.file.clone(), found);
    }
}
