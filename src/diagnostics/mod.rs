//! Problems found while building a site, collected and reported together like a compiler does.
//!
//! Every stage pushes [`Diagnostic`]s into a [`Diagnostics`] list instead of stopping at the first
//! problem; the build decides at the end whether errors (or, with `--strict`, warnings) fail it.
//! Each problem has a [`Category`]: accessibility lints are one category of the same list, advice
//! that never fails a build and is listed after the other problems.

pub(crate) mod positions;
pub(crate) mod tera;
pub(crate) mod yaml;

use std::cmp::Ordering;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// The site is still built; `--strict` turns warnings into errors.
    Warning,
    /// The build fails and `public/` is left untouched.
    Error,
}

/// What kind of problem it is.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Category {
    /// Front matter, configuration, content rules: the default.
    #[default]
    Content,
    /// Links and `#anchors` of a body.
    Link,
    /// Templates of the theme.
    Template,
    /// Accessibility lints of the content (images without alt text, skipped heading levels, …):
    /// advice shown by `check` and `serve`, never counted as errors or warnings, left as they are
    /// by `--strict`, and listed after every other problem.
    Accessibility,
}

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// File the problem is in, relative to the site root when possible.
    pub file: PathBuf,
    /// 1-based line, 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column (in characters), 0 when unknown.
    pub column: usize,
    /// Severity of the problem.
    pub severity: Severity,
    /// Front-matter field concerned, written as `key（中文名）`, when there is one.
    pub field: Option<String>,
    /// What is wrong, in Simplified Chinese: what was expected and what was found.
    pub message: String,
    /// What kind of problem it is.
    pub category: Category,
}

impl Diagnostic {
    /// An error at `file:line:column`.
    pub fn error(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, line, column, message)
    }

    /// A warning at `file:line:column`.
    pub fn warning(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, line, column, message)
    }

    /// A problem of the given severity at `file:line:column`.
    pub fn new(
        severity: Severity,
        file: &Path,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line,
            column,
            severity,
            field: None,
            message: message.into(),
            category: Category::Content,
        }
    }

    /// Puts the problem in a category.
    pub fn with_category(mut self, category: Category) -> Self {
        self.category = category;
        self
    }

    /// Whether this is advice that never fails a build ([`Category::Accessibility`]).
    pub fn is_advice(&self) -> bool {
        self.category == Category::Accessibility
    }

    /// Names the front-matter field the problem is about.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The same problem as an error.
    pub fn into_error(mut self) -> Self {
        self.severity = Severity::Error;
        self
    }

    /// Whether this is an error (after `--strict` was applied).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error && !self.is_advice()
    }

    /// The sort key: advice last, then by place; the category only breaks ties.
    fn key(&self) -> (bool, &Path, usize, usize, Severity, &Option<String>, &str) {
        (
            self.is_advice(),
            self.file.as_path(),
            self.line,
            self.column,
            self.severity,
            &self.field,
            &self.message,
        )
    }
}

impl Ord for Diagnostic {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key()
            .cmp(&other.key())
            .then(self.category.cmp(&other.category))
    }
}

impl PartialOrd for Diagnostic {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A diagnostic can end a command as its error (printed as it is, see `cmd::build`).
impl std::error::Error for Diagnostic {}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {kind}: ")?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// All problems of one build, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds all problems of another list.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// Turns every warning into an error (`--strict`), advice excepted.
    pub fn make_strict(&mut self) {
        for d in self.items.iter_mut().filter(|d| !d.is_advice()) {
            d.severity = Severity::Error;
        }
    }

    /// Sorts by file, line and column (advice last) and removes repeats, so reports are
    /// deterministic.
    pub fn sort(&mut self) {
        self.items.sort();
        self.items.dedup_by(|a, b| a.key() == b.key());
    }

    /// Number of errors (advice is never one).
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings (advice not counted).
    pub fn warning_count(&self) -> usize {
        self.except(Category::Accessibility).count() - self.error_count()
    }

    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// The problems, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The problems of one category, in order.
    pub fn of(&self, category: Category) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(move |d| d.category == category)
    }

    /// The problems of every other category, in order.
    pub fn except(&self, category: Category) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(move |d| d.category != category)
    }

    /// Keeps only the problems `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Computes the 1-based (line, column) of a byte offset in `text`, counting columns in characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "标题\nab中文x";
        assert_eq!(line_col(text, 0), (1, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 5));
    }

    #[test]
    fn display_names_field() {
        let d = Diagnostic::error(Path::new("content/a.md"), 3, 8, "应为文本，实际为列表")
            .with_field("issuer（发布机构）");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:8: 错误: issuer（发布机构）: 应为文本，实际为列表"
        );
    }

    #[test]
    fn advice_sorts_last_and_is_not_counted() {
        let mut list = Diagnostics::new();
        let a = Path::new("content/a.md");
        list.push(
            Diagnostic::warning(a, 1, 1, "图片缺少替代文字").with_category(Category::Accessibility),
        );
        list.push(Diagnostic::warning(Path::new("content/b.md"), 9, 1, "日期"));
        list.make_strict();
        list.sort();
        let order: Vec<_> = list.iter().map(|d| d.file.display().to_string()).collect();
        assert_eq!(order, ["content/b.md", "content/a.md"]);
        assert_eq!((list.error_count(), list.warning_count()), (1, 0));
        assert_eq!(list.of(Category::Accessibility).count(), 1);
        assert!(!list.of(Category::Accessibility).any(Diagnostic::is_error));
    }
}
