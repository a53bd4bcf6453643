//! The one error type of the crate.

use std::fmt;

use crate::validate::Report;

/// Longest offending value quoted in a message, in characters; longer values are cut with `…`.
const QUOTE_LIMIT: usize = 64;

/// Quotes a user value for a message, truncated to 64 characters so that a huge input does not
/// make a huge message.
pub(crate) fn quote(value: &str) -> String {
    let mut chars = value.char_indices();
    match chars.nth(QUOTE_LIMIT) {
        Some((cut, _)) => format!("{:?}…", value.get(..cut).unwrap_or_default()),
        None => format!("{value:?}"),
    }
}

/// An error of `patchcore-baseline`: a document that cannot be read, a format that is not
/// supported, a name that is not in the catalog, or a baseline too invalid to compile.
///
/// The message is one lower-case line that names where the problem is and the offending value.
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    kind: ErrorKind,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The validation report, when compiling failed because the baseline is invalid.
    pub fn report(&self) -> Option<&Report> {
        match &self.kind {
            ErrorKind::Invalid(report) => Some(report),
            _ => None,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Self { kind }
    }
}

/// The kinds of [`Error`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is not valid JSON or YAML, or a value has the wrong type.
    #[error("{format} syntax or type error at line {line}, column {column}: {message}")]
    Syntax {
        /// `json` or `yaml`.
        format: &'static str,
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// 1-based column of the problem (0 when unknown).
        column: usize,
        /// The parser's description.
        message: String,
    },
    /// A value inside a document has the wrong shape (found after the syntax was read).
    #[error("{path}: {message}")]
    Shape {
        /// Where, as a JSON path (`$.Resources.Baseline.Properties`).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Valid JSON that is not a baseline document (e.g. a `get-default-patch-baseline` response).
    #[error("not a baseline document: {found}")]
    NotABaseline {
        /// What the document looks like instead.
        found: String,
    },
    /// A file format patchcore does not read (Terraform, reStructuredText).
    #[error("unsupported format: {what}")]
    UnsupportedFormat {
        /// The format and why it is not read.
        what: String,
    },
    /// A predefined baseline name that is not in the catalog.
    #[error("unknown predefined baseline {}", quote(.0))]
    UnknownBaseline(String),
    /// A baseline that failed validation, so it cannot be compiled.
    #[error("invalid baseline: {}", .0.summary())]
    Invalid(Report),
}

impl ErrorKind {
    pub(crate) fn json(error: &serde_json::Error) -> Self {
        Self::Syntax {
            format: "json",
            line: error.line(),
            column: error.column(),
            message: strip_position(&error.to_string()),
        }
    }

    #[cfg(feature = "yaml")]
    pub(crate) fn yaml(error: &serde_norway::Error) -> Self {
        let (line, column) = error
            .location()
            .map_or((0, 0), |at| (at.line(), at.column()));
        Self::Syntax {
            format: "yaml",
            line,
            column,
            message: strip_position(&error.to_string()),
        }
    }
}

/// Parsers append " at line L column C"; the position is already in our own fields.
fn strip_position(message: &str) -> String {
    let cut = message.find(" at line ").unwrap_or(message.len());
    let text = message.get(..cut).unwrap_or(message);
    let mut short: String = text.chars().take(200).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

impl fmt::Display for crate::validate::Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Error => "error",
            Self::Warning => "warning",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_values_are_truncated_in_messages() {
        let huge = "x".repeat(10_000);
        let quoted = quote(&huge);
        assert!(quoted.chars().count() < 80, "{quoted}");
        assert!(quoted.ends_with('…'));
        assert_eq!(quote("abc"), "\"abc\"");
    }
}
