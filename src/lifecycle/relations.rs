//! Relations between documents, resolved both ways: `interprets`（解读对象）, `amends`（修改）,
//! `repeals`（废止）and `replaces`（替代）. Each names its target by 索引号 or content path; one
//! resolver serves all four, so a 解读 and a 修改 are found the same way. This module owns the
//! edges, the targets that point nowhere and the cycles among the three legal relations; the
//! 政策解读 view of them is [`Links`] ([`crate::inspect::interpret`] checks it).

use std::collections::HashMap;

use crate::content::document::DocumentMeta;
use crate::content::tree::Site;
use crate::diagnostics::Diagnostic;

/// What one document says about another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// 解读: the source interprets the target.
    Interprets,
    /// 修改: the source amends the target, which stays in force.
    Amends,
    /// 废止: the source repeals the target.
    Repeals,
    /// 替代: the source replaces the target (which is thereby 废止).
    Replaces,
}

impl Kind {
    /// All kinds, in front-matter order.
    pub const ALL: [Kind; 4] = [
        Kind::Interprets,
        Kind::Amends,
        Kind::Repeals,
        Kind::Replaces,
    ];

    /// The front-matter key.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Interprets => "interprets",
            Kind::Amends => "amends",
            Kind::Repeals => "repeals",
            Kind::Replaces => "replaces",
        }
    }

    /// The field as messages name it (`amends（修改）`).
    pub fn field(self) -> &'static str {
        match self {
            Kind::Interprets => "interprets（解读对象）",
            Kind::Amends => "amends（修改）",
            Kind::Repeals => "repeals（废止）",
            Kind::Replaces => "replaces（替代）",
        }
    }

    /// The verb (`修改`).
    pub fn verb(self) -> &'static str {
        match self {
            Kind::Interprets => "解读",
            Kind::Amends => "修改",
            Kind::Repeals => "废止",
            Kind::Replaces => "替代",
        }
    }

    /// Whether the target loses its force (废止, 替代).
    pub fn ends_target(self) -> bool {
        matches!(self, Kind::Repeals | Kind::Replaces)
    }

    /// The targets a document names for this kind, as written.
    pub fn targets(self, meta: &DocumentMeta) -> Vec<&str> {
        match self {
            Kind::Interprets => meta.interprets.as_deref().into_iter().collect(),
            Kind::Amends => meta.amends.iter().map(String::as_str).collect(),
            Kind::Repeals => meta.repeals.iter().map(String::as_str).collect(),
            Kind::Replaces => meta.replaces.iter().map(String::as_str).collect(),
        }
    }
}

/// One resolved relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// The document that says it (the later one).
    pub from: usize,
    /// The document it is about (the earlier one).
    pub to: usize,
    /// What it says.
    pub kind: Kind,
}

/// Every relation of a site, both ways.
#[derive(Debug, Clone, Default)]
pub struct Relations {
    /// For each document, the relations it declares, in front-matter order.
    pub outgoing: Vec<Vec<Edge>>,
    /// For each document, the relations other documents declare about it, in site order.
    pub incoming: Vec<Vec<Edge>>,
    /// Targets that name no document: (document, kind, the value written).
    pub dangling: Vec<(usize, Kind, String)>,
    /// Cycles of 修改/废止/替代, each as the documents along it (first one repeated last).
    pub cycles: Vec<Vec<usize>>,
}

impl Relations {
    /// Resolves every relation of every document (see [`resolve_target`]).
    pub fn resolve(site: &Site) -> Relations {
        let n = site.docs.len();
        let mut out = Relations {
            outgoing: vec![Vec::new(); n],
            incoming: vec![Vec::new(); n],
            ..Relations::default()
        };
        let by_index_no: HashMap<&str, usize> = site
            .docs
            .iter()
            .enumerate()
            .filter_map(|(i, d)| Some((d.source.meta.index_no.as_deref()?.trim(), i)))
            .collect();
        for (i, doc) in site.docs.iter().enumerate() {
            for kind in Kind::ALL {
                for target in kind.targets(&doc.source.meta) {
                    let target = target.trim();
                    let found = by_index_no
                        .get(target)
                        .copied()
                        .or_else(|| by_path(site, &doc.source.dir, target));
                    match found {
                        // Pointing at itself: for 解读 nothing found, for the legal relations a cycle.
                        Some(t) if t == i && kind == Kind::Interprets => {
                            out.dangling.push((i, kind, target.to_string()))
                        }
                        Some(t) => {
                            let edge = Edge {
                                from: i,
                                to: t,
                                kind,
                            };
                            out.outgoing[i].push(edge);
                            out.incoming[t].push(edge);
                        }
                        None => out.dangling.push((i, kind, target.to_string())),
                    }
                }
            }
        }
        out.cycles = cycles(&out.outgoing);
        out
    }

    /// The relations of `kind` declared about `doc`.
    pub fn incoming_of(&self, doc: usize, kind: Kind) -> impl Iterator<Item = &Edge> {
        self.incoming
            .get(doc)
            .into_iter()
            .flatten()
            .filter(move |e| e.kind == kind)
    }

    /// Errors for the legal relations (修改/废止/替代) that point nowhere and for their cycles.
    /// Dangling `interprets` are reported by [`crate::inspect::interpret::Links::problems`].
    pub fn problems(&self, site: &Site) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for (i, kind, target) in &self.dangling {
            if *kind == Kind::Interprets {
                continue;
            }
            found.push(at(
                site,
                *i,
                *kind,
                format!(
                    "找不到被{}的文件：应为本站文档的索引号或 content/ 下的路径（如 xxgk/zcwj/a.md），实际为 “{target}”",
                    kind.verb()
                ),
            ));
        }
        for cycle in &self.cycles {
            let names: Vec<String> = cycle
                .iter()
                .map(|&d| format!("《{}》", site.docs[d].source.meta.title))
                .collect();
            let first = cycle[0];
            let kind = self.outgoing[first]
                .iter()
                .find(|e| e.to == cycle[1])
                .map_or(Kind::Amends, |e| e.kind);
            found.push(at(
                site,
                first,
                kind,
                format!(
                    "修改、废止、替代关系成环：应由后发布的文件指向先前的文件，实际为 {}",
                    names.join(" → ")
                ),
            ));
        }
        found
    }
}

/// The resolved `interprets` links of a site.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// For each document, the document it interprets.
    pub original: Vec<Option<usize>>,
    /// For each document, the documents that interpret it, in site order.
    pub interpretations: Vec<Vec<usize>>,
    /// Documents whose `interprets` names no document: (document, the value written).
    pub dangling: Vec<(usize, String)>,
}

impl Links {
    /// The `interprets` share of the site's relations (resolved like every relation: 索引号,
    /// then content path, then page path).
    pub fn from_relations(relations: &Relations) -> Links {
        let n = relations.outgoing.len();
        let mut links = Links {
            original: vec![None; n],
            interpretations: vec![Vec::new(); n],
            dangling: Vec::new(),
        };
        for edge in relations.outgoing.iter().flatten() {
            if edge.kind == Kind::Interprets {
                links.original[edge.from] = Some(edge.to);
                links.interpretations[edge.to].push(edge.from);
            }
        }
        links.dangling = relations
            .dangling
            .iter()
            .filter(|(_, kind, _)| *kind == Kind::Interprets)
            .map(|(i, _, target)| (*i, target.clone()))
            .collect();
        links
    }
}

/// An error at a relation field of a document.
fn at(site: &Site, doc: usize, kind: Kind, message: String) -> Diagnostic {
    let source = &site.docs[doc].source;
    let (line, col) = source
        .meta
        .positions
        .get(kind.key())
        .copied()
        .unwrap_or((1, 1));
    Diagnostic::error(&source.file, line, col, message).with_field(kind.field())
}

/// Resolves one target written in document folder `dir`: as a path under `content/`
/// (`xxgk/zcwj/a.md`, with or without `content/`), then relative to the folder, then as the site
/// path of a page (`/xxgk/zcwj/a/`). 索引号 are looked up by the caller first.
pub fn by_path(site: &Site, dir: &str, target: &str) -> Option<usize> {
    let plain = target.trim_start_matches('/');
    let plain = plain.strip_prefix("content/").unwrap_or(plain);
    let relative = if dir.is_empty() {
        target.to_string()
    } else {
        format!("{dir}/{target}")
    };
    [plain.to_string(), crate::text::normalize(&relative)]
        .iter()
        .find_map(|p| site.doc_by_source.get(p.as_str()).copied())
        .or_else(|| {
            let page = format!("{}/", plain.trim_end_matches('/'));
            site.docs.iter().position(|d| d.path == page)
        })
}

/// Cycles among 修改/废止/替代 edges (a document pointing at itself is one too), each reported
/// once, starting at its smallest document.
fn cycles(outgoing: &[Vec<Edge>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let n = outgoing.len();
    let mut mark = vec![Mark::New; n];
    let mut found: Vec<Vec<usize>> = Vec::new();
    for start in 0..n {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative depth-first search: (node, next edge to try).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = Mark::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let edges: Vec<usize> = outgoing[node]
                .iter()
                .filter(|e| e.kind != Kind::Interprets)
                .map(|e| e.to)
                .collect();
            if let Some(&to) = edges.get(*next) {
                *next += 1;
                match mark[to] {
                    Mark::New => {
                        mark[to] = Mark::Open;
                        stack.push((to, 0));
                    }
                    Mark::Open => {
                        let pos = stack.iter().position(|(d, _)| *d == to).unwrap_or(0);
                        let mut cycle: Vec<usize> = stack[pos..].iter().map(|(d, _)| *d).collect();
                        let min = cycle
                            .iter()
                            .enumerate()
                            .min_by_key(|(_, d)| **d)
                            .map_or(0, |(i, _)| i);
                        cycle.rotate_left(min);
                        cycle.push(cycle[0]);
                        if !found.contains(&cycle) {
                            found.push(cycle);
                        }
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(from: usize, to: usize) -> Edge {
        Edge {
            from,
            to,
            kind: Kind::Amends,
        }
    }

    #[test]
    fn finds_a_cycle_once_and_ignores_chains() {
        let out = vec![vec![edge(0, 1)], vec![edge(1, 2)], vec![edge(2, 0)], vec![]];
        assert_eq!(cycles(&out), vec![vec![0, 1, 2, 0]]);
        let chain = vec![vec![edge(0, 1)], vec![edge(1, 2)], vec![]];
        assert!(cycles(&chain).is_empty());
    }

    #[test]
    fn a_document_amending_itself_is_a_cycle() {
        assert_eq!(cycles(&[vec![edge(0, 0)]]), vec![vec![0, 0]]);
    }
}
