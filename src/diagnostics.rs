//! Problems found while building a site, collected and reported together like a compiler does.
//!
//! Every stage pushes [`Diagnostic`]s into a [`Diagnostics`] list instead of stopping at the first
//! problem; the build decides at the end whether errors (or, with `--strict`, warnings) fail it.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The site is still built; `--strict` turns warnings into errors.
    Warning,
    /// The build fails and `public/` is left untouched.
    Error,
}

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

    fn new(
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
        }
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
        self.severity == Severity::Error
    }
}

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

    /// Turns every warning into an error (`--strict`).
    pub fn make_strict(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Sorts by file, line and column and removes exact repeats, so reports are deterministic.
    pub fn sort(&mut self) {
        self.items.sort();
        self.items.dedup();
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// The problems, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
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
}
