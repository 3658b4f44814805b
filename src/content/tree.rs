//! Stage 3, site tree: sections nested by folder, each document placed at its URL, listings
//! sorted newest first, neighbours (上一篇/下一篇) and the directory terms (year, issuer, topic).
//!
//! Everything here depends only on front matter, never on Markdown bodies, so watch mode can
//! rebuild the tree for every change cheaply and re-render only the documents that changed.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::config::Config;
use crate::content::document::SourceDocument;
use crate::content::load::{Asset, LoadedContent};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Folder names that listings use for their own pages.
pub const RESERVED_NAMES: &[&str] = &[
    "page", "year", "issuer", "topic", "care", "static", "search", "sitemap",
];

/// A section of the site.
#[derive(Debug, Clone)]
pub struct Section {
    /// Folder relative to `content/` (`""` for the home section).
    pub dir: String,
    /// URL path without the site root, ending in `/` (`xxgk/zcwj/`; `""` for home).
    pub path: String,
    /// File for messages.
    pub file: PathBuf,
    /// 栏目名称
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Markdown intro from `_index.md`.
    pub intro: String,
    /// The front matter of `_index.md` as written (empty without one).
    pub front_matter: String,
    /// Navigation order.
    pub weight: i64,
    /// Documents per listing page.
    pub page_size: usize,
    /// Fields every document must have.
    pub required: Vec<String>,
    /// Chinese-numbering switch.
    pub numbering: Option<bool>,
    /// ColumnKeywords.
    pub keywords: String,
    /// ColumnType.
    pub column_type: String,
    /// 更新周期 as written in `_index.md`, if any (see [`crate::inspect::freshness`]).
    pub update_within: Option<String>,
    /// Documents of this section need a 政策解读 (`needs_interpretation: true`).
    pub needs_interpretation: bool,
    /// Parent section index.
    pub parent: Option<usize>,
    /// Child sections, by weight then title.
    pub children: Vec<usize>,
    /// Documents directly in this section, newest first.
    pub docs: Vec<usize>,
    /// Documents in this section and all its descendants, newest first.
    pub all_docs: Vec<usize>,
}

/// A document placed in the site.
#[derive(Debug, Clone)]
pub struct Doc {
    /// What was loaded from disk.
    pub source: SourceDocument,
    /// Section index.
    pub section: usize,
    /// URL path without the site root, ending in `/`.
    pub path: String,
    /// The newer neighbour in the section (上一篇).
    pub prev: Option<usize>,
    /// The older neighbour in the section (下一篇).
    pub next: Option<usize>,
}

/// A directory dimension (A6): by year, by issuer, by topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// 按年度
    Year,
    /// 按发布机构
    Issuer,
    /// 按主题分类
    Topic,
}

impl Dimension {
    /// All three, in display order.
    pub const ALL: [Dimension; 3] = [Dimension::Year, Dimension::Issuer, Dimension::Topic];

    /// URL segment.
    pub fn key(self) -> &'static str {
        match self {
            Dimension::Year => "year",
            Dimension::Issuer => "issuer",
            Dimension::Topic => "topic",
        }
    }

    /// Chinese title of the directory.
    pub fn title(self) -> &'static str {
        match self {
            Dimension::Year => "按年度",
            Dimension::Issuer => "按发布机构",
            Dimension::Topic => "按主题分类",
        }
    }

    /// The terms a document is filed under.
    pub fn terms(self, doc: &SourceDocument) -> Vec<String> {
        match self {
            Dimension::Year => vec![format!("{}年", doc.meta.date.year())],
            Dimension::Issuer => vec![doc.meta.issuer.clone()],
            Dimension::Topic => doc.meta.topics.clone(),
        }
    }

    /// ASCII URL segment for a term: the year's digits, else a short stable hash of the name.
    pub fn term_slug(self, term: &str) -> String {
        match self {
            Dimension::Year => term.trim_end_matches('年').to_string(),
            _ => {
                use sha2::{Digest, Sha256};
                let digest = Sha256::digest(term.as_bytes());
                digest[..4].iter().map(|b| format!("{b:02x}")).collect()
            }
        }
    }
}

/// A directory term of a section with its documents, newest first.
#[derive(Debug, Clone)]
pub struct Term {
    /// Display name (`2021年`, `市民政局`, `民政`).
    pub name: String,
    /// URL path (`xxgk/year/2021/`).
    pub path: String,
    /// Documents, newest first.
    pub docs: Vec<usize>,
}

/// The whole site as the renderer sees it.
#[derive(Debug, Clone)]
pub struct Site {
    /// Resolved configuration.
    pub config: Config,
    /// Sections; index 0 is the home section.
    pub sections: Vec<Section>,
    /// Documents.
    pub docs: Vec<Doc>,
    /// Files copied as they are.
    pub assets: Vec<Asset>,
    /// The files of `static/`, published at the same path from the site's root.
    pub static_files: Vec<Asset>,
    /// Source path relative to `content/` (`xxgk/a.md`) → document index.
    pub doc_by_source: HashMap<String, usize>,
    /// Directory terms per section and dimension, sorted (years newest first, names by count).
    pub terms: BTreeMap<(usize, Dimension), Vec<Term>>,
}

impl Site {
    /// Builds the tree from loaded content. URL collisions are errors.
    pub fn build(config: Config, loaded: LoadedContent, diags: &mut Diagnostics) -> Site {
        let mut sections: Vec<Section> = loaded
            .sections
            .into_iter()
            .map(|s| {
                let meta = s.index.meta;
                let name = s.dir.rsplit('/').next().unwrap_or_default().to_string();
                Section {
                    path: if s.dir.is_empty() {
                        String::new()
                    } else {
                        format!("{}/", s.dir)
                    },
                    file: s.file,
                    title: meta.title.unwrap_or(if s.dir.is_empty() {
                        config.identity.title.clone()
                    } else {
                        name
                    }),
                    description: meta.description.unwrap_or_default(),
                    intro: s.index.body,
                    front_matter: s.index.front_matter,
                    weight: meta.weight,
                    page_size: meta.page_size.unwrap_or(config.page_size),
                    required: meta.required,
                    numbering: meta.numbering,
                    keywords: meta.keywords.unwrap_or_default(),
                    column_type: meta.column_type.unwrap_or_default(),
                    update_within: meta.update_within,
                    needs_interpretation: meta.needs_interpretation,
                    dir: s.dir,
                    parent: None,
                    children: Vec::new(),
                    docs: Vec::new(),
                    all_docs: Vec::new(),
                }
            })
            .collect();
        let index_of = section_index(&sections);
        for i in 1..sections.len() {
            let dir = &sections[i].dir;
            let parent_dir = dir.rsplit_once('/').map_or("", |(p, _)| p);
            let parent = index_of[parent_dir];
            let name = dir.rsplit('/').next().unwrap_or_default();
            if RESERVED_NAMES.contains(&name) {
                diags.push(Diagnostic::error(
                    &sections[i].file,
                    0,
                    0,
                    format!("栏目文件夹名 “{name}” 已被列表分页或目录页使用：请改用其他名称"),
                ));
            }
            sections[i].parent = Some(parent);
            sections[parent].children.push(i);
        }
        let mut docs: Vec<Doc> = Vec::with_capacity(loaded.documents.len());
        let mut doc_by_source = HashMap::new();
        let mut by_url: HashMap<String, usize> = HashMap::new();
        for source in loaded.documents {
            let placed = place(&sections, &index_of, &by_url, &source, |other| {
                docs[other].source.file.display().to_string()
            });
            let (section, path) = match placed {
                Ok(place) => place,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            by_url.insert(path.clone(), docs.len());
            doc_by_source.insert(crate::text::content_rel(&source.file), docs.len());
            docs.push(Doc {
                source,
                section,
                path,
                prev: None,
                next: None,
            });
        }
        let mut site = Site {
            config,
            sections,
            docs,
            assets: loaded.assets,
            static_files: loaded.static_files,
            doc_by_source,
            terms: BTreeMap::new(),
        };
        site.relink();
        site
    }

    /// Adds a document (watch mode: a file was created or renamed) in its place in path order.
    /// Returns its index, or the error that keeps it out (its address is taken, or its section
    /// folder has no section). Call [`Site::reindex`] once the batch is in.
    pub fn insert_document(&mut self, source: SourceDocument) -> Result<usize, Diagnostic> {
        let index_of = section_index(&self.sections);
        if !index_of.contains_key(&source.dir) {
            return Err(Diagnostic::error(
                &source.file,
                1,
                1,
                "新文档所在的文件夹还不是栏目：重新生成整个站点",
            ));
        }
        let by_url: HashMap<String, usize> = self
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.path.clone(), i))
            .collect();
        let docs = &self.docs;
        let (section, path) = place(&self.sections, &index_of, &by_url, &source, |other| {
            docs[other].source.file.display().to_string()
        })?;
        let at = self.docs.partition_point(|d| d.source.file < source.file);
        self.docs.insert(
            at,
            Doc {
                source,
                section,
                path,
                prev: None,
                next: None,
            },
        );
        self.doc_by_source.clear();
        Ok(at)
    }

    /// Removes document `d` (watch mode: its file was deleted or renamed). Indices above `d` move
    /// down by one. Call [`Site::reindex`] once the batch is out.
    pub fn remove_document(&mut self, d: usize) -> Doc {
        self.doc_by_source.clear();
        self.docs.remove(d)
    }

    /// Recomputes what derives from the list of documents after documents were inserted or
    /// removed: the index by source file, listings, neighbours, terms.
    pub fn reindex(&mut self) {
        self.doc_by_source = self
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (crate::text::content_rel(&d.source.file), i))
            .collect();
        self.relink();
    }

    /// Recomputes everything derived from front matter: listings (newest first), neighbours and
    /// directory terms. Watch mode calls it after replacing a document's source.
    pub fn relink(&mut self) {
        let docs = &mut self.docs;
        let sections = &mut self.sections;
        for s in sections.iter_mut() {
            s.docs.clear();
            s.all_docs.clear();
        }
        for d in docs.iter_mut() {
            d.prev = None;
            d.next = None;
        }
        for (i, d) in docs.iter().enumerate() {
            sections[d.section].docs.push(i);
            let mut s = Some(d.section);
            while let Some(idx) = s {
                sections[idx].all_docs.push(i);
                s = sections[idx].parent;
            }
        }
        let newest_first = |a: &usize, b: &usize| {
            let (x, y) = (&docs[*a].source, &docs[*b].source);
            y.meta
                .date
                .cmp(&x.meta.date)
                .then_with(|| x.meta.title.cmp(&y.meta.title))
                .then_with(|| x.file.cmp(&y.file))
        };
        for s in sections.iter_mut() {
            s.docs.sort_by(newest_first);
            s.all_docs.sort_by(newest_first);
        }
        let child_order: Vec<Vec<usize>> = sections
            .iter()
            .map(|s| {
                let mut c = s.children.clone();
                c.sort_by(|a, b| {
                    sections[*a]
                        .weight
                        .cmp(&sections[*b].weight)
                        .then_with(|| sections[*a].dir.cmp(&sections[*b].dir))
                });
                c
            })
            .collect();
        for (s, order) in sections.iter_mut().zip(child_order) {
            s.children = order;
        }
        for s in sections.iter() {
            for w in s.docs.windows(2) {
                docs[w[0]].next = Some(w[1]);
                docs[w[1]].prev = Some(w[0]);
            }
        }
        self.terms = build_terms(sections, docs);
    }

    /// The chain of sections from the home section down to `section`.
    pub fn ancestry(&self, section: usize) -> Vec<usize> {
        let mut chain = vec![section];
        let mut s = self.sections[section].parent;
        while let Some(p) = s {
            chain.push(p);
            s = self.sections[p].parent;
        }
        chain.reverse();
        chain
    }

    /// The top-level section that contains `section` (for navigation highlighting).
    pub fn top_level(&self, section: usize) -> Option<usize> {
        self.ancestry(section).get(1).copied()
    }
}

/// Section index by folder below `content/` (`""` for the home section).
fn section_index(sections: &[Section]) -> HashMap<String, usize> {
    (sections.iter().enumerate())
        .map(|(i, s)| (s.dir.clone(), i))
        .collect()
}

/// The section and URL path of a document, or why it cannot have them: its address is taken by
/// another document (`named` names it) or by a section folder.
fn place(
    sections: &[Section],
    index_of: &HashMap<String, usize>,
    by_url: &HashMap<String, usize>,
    source: &SourceDocument,
    named: impl Fn(usize) -> String,
) -> Result<(usize, String), Diagnostic> {
    let section = index_of.get(&source.dir).copied().unwrap_or(0);
    let path = format!("{}{}/", sections[section].path, source.slug);
    // At the `slug` key when there is one (else the address comes from the file name).
    let at_slug = |message: String| {
        let (line, column) = (source.meta.positions.get("slug").copied()).unwrap_or((1, 1));
        Diagnostic::error(&source.file, line, column, message).with_field("slug（网址名）")
    };
    if let Some(&other) = by_url.get(&path) {
        return Err(at_slug(format!(
            "网址 /{path} 与 {} 重复：请为其中一个文档写不同的 slug",
            named(other)
        )));
    }
    let name = source.slug.as_str();
    if sections[section]
        .children
        .iter()
        .any(|&c| sections[c].dir.ends_with(&format!("/{name}")) || sections[c].dir == name)
    {
        return Err(at_slug(format!(
            "网址 /{path} 与同名栏目文件夹冲突：请改用其他 slug"
        )));
    }
    Ok((section, path))
}

fn build_terms(sections: &[Section], docs: &[Doc]) -> BTreeMap<(usize, Dimension), Vec<Term>> {
    let mut out = BTreeMap::new();
    for (si, s) in sections.iter().enumerate() {
        if si == 0 || s.all_docs.is_empty() {
            continue;
        }
        for dim in Dimension::ALL {
            let mut map: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for &d in &s.all_docs {
                let mut terms = dim.terms(&docs[d].source);
                terms.sort();
                terms.dedup();
                for t in terms {
                    map.entry(t).or_default().push(d);
                }
            }
            let mut terms: Vec<Term> = map
                .into_iter()
                .map(|(name, docs)| Term {
                    path: format!("{}{}/{}/", s.path, dim.key(), dim.term_slug(&name)),
                    name,
                    docs,
                })
                .collect();
            match dim {
                Dimension::Year => terms.sort_by(|a, b| b.name.cmp(&a.name)),
                _ => terms.sort_by(|a, b| {
                    b.docs
                        .len()
                        .cmp(&a.docs.len())
                        .then_with(|| a.name.cmp(&b.name))
                }),
            }
            if !terms.is_empty() {
                out.insert((si, dim), terms);
            }
        }
    }
    out
}
