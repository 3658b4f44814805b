//! Watch mode: file-system events → what changed → the smallest rebuild that keeps the output
//! right. An edited document re-renders its page, its neighbours, the listings and directory
//! pages that show it and the home page; anything else rebuilds the site.

use std::collections::{BTreeSet, HashSet};

use crate::content::tree::Site;
use crate::render::{page_count, PageJob};

/// The page jobs whose output may change when the documents in `changed` change (front matter or
/// body), given the site tree after the change.
pub fn affected_jobs(site: &Site, changed: &HashSet<usize>) -> Vec<PageJob> {
    let mut jobs = BTreeSet::new();
    jobs.insert(PageJob::Home);
    for &d in changed {
        let Some(doc) = site.docs.get(d) else {
            continue;
        };
        jobs.insert(PageJob::Document(d));
        jobs.extend(doc.prev.map(PageJob::Document));
        jobs.extend(doc.next.map(PageJob::Document));
        for s in site.ancestry(doc.section).into_iter().skip(1) {
            let sec = &site.sections[s];
            for page in 1..=page_count(sec.all_docs.len(), sec.page_size) {
                jobs.insert(PageJob::Section { section: s, page });
            }
            for ((section, dim), terms) in site
                .terms
                .range((s, crate::content::tree::Dimension::Year)..)
            {
                if *section != s {
                    break;
                }
                jobs.insert(PageJob::Directory {
                    section: s,
                    dim: *dim,
                });
                for (t, term) in terms.iter().enumerate() {
                    if term.docs.contains(&d) {
                        for page in 1..=page_count(term.docs.len(), sec.page_size) {
                            jobs.insert(PageJob::Term {
                                section: s,
                                dim: *dim,
                                term: t,
                                page,
                            });
                        }
                    }
                }
            }
        }
    }
    jobs.into_iter().collect()
}
