//! One thing wrong with a scenario file, pointing at `file:line:col` with a hint.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

use super::locate::line_col;
use super::snippet::{escape_controls, for_display};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A problem found while loading or validating a scenario.
#[derive(Debug, Clone)]
pub struct Problem {
    pub severity: Severity,
    /// A stable short code, e.g. `dangling-goto`, for tests and for searching the guide.
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
    pub file: String,
    pub line: usize,
    pub col: usize,
    span: (usize, usize),
    source: Arc<NamedSource<String>>,
}

impl Problem {
    pub fn new(
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
        source: &Arc<NamedSource<String>>,
        span: (usize, usize),
    ) -> Problem {
        let (line, col) = line_col(source.inner(), span.0);
        Problem {
            severity,
            code,
            message: message.into(),
            hint: None,
            file: source.name().to_string(),
            line,
            col,
            span,
            source: Arc::clone(source),
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The problem as a terminal shows it: a long line cut to a window around the problem, and
    /// control characters escaped in the snippet, the message and the hint.
    pub fn shown(&self) -> Problem {
        let (text, span) = for_display(self.source.inner(), self.span);
        Problem {
            message: escape_controls(&self.message),
            hint: self.hint.as_deref().map(escape_controls),
            file: escape_controls(&self.file),
            span,
            source: Arc::new(NamedSource::new(escape_controls(self.source.name()), text)),
            ..self.clone()
        }
    }

    /// `line:col`, as tests and editors want it.
    pub fn at(&self) -> String {
        format!("{}:{}", self.line, self.col)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.is_error() { "error" } else { "warning" };
        let (file, message) = (escape_controls(&self.file), escape_controls(&self.message));
        write!(f, "{file}:{}:{}: {kind}[{}]: {message}", self.line, self.col, self.code)
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Problem {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.hint.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source.as_ref())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let len = self.span.1.saturating_sub(self.span.0);
        let label = format!("{}:{}:{}", self.file, self.line, self.col);
        Some(Box::new(std::iter::once(LabeledSpan::new(Some(label), self.span.0, len))))
    }
}
