//! The one error type of `patchcore-ingest`: what went wrong, in which format, and where.

use std::borrow::Cow;
use std::fmt;

/// Longest offending value quoted in a message, in characters; longer ones are cut and end
/// with `…`, so that a 10 MB line does not make a 10 MB message.
pub const QUOTE_LIMIT: usize = 64;

/// `text` cut to [`QUOTE_LIMIT`] characters, with `…` when cut.
pub fn truncate(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUOTE_LIMIT) {
        Some((cut, _)) => Cow::Owned(format!("{}…", text.get(..cut).unwrap_or(text))),
        None => Cow::Borrowed(text),
    }
}

/// [`truncate`] for bytes that may not be UTF-8 (invalid sequences shown as `�`).
pub fn truncate_bytes(bytes: &[u8]) -> String {
    let head = bytes.get(..QUOTE_LIMIT * 4).unwrap_or(bytes);
    let text = String::from_utf8_lossy(head);
    let cut = truncate(&text);
    if head.len() < bytes.len() && !cut.ends_with('…') {
        format!("{cut}…")
    } else {
        cut.into_owned()
    }
}

/// `bytes` as UTF-8 text for the line-oriented readers: at most `max` bytes, a leading
/// byte-order mark dropped (PowerShell's `Out-File` writes one), invalid UTF-8 an error at its
/// byte offset.
pub(crate) fn utf8_text<'a>(
    bytes: &'a [u8],
    format: &'static str,
    max: usize,
) -> Result<&'a str, Error> {
    if bytes.len() > max {
        return Err(Error::new(
            format,
            ErrorKind::TooLarge { limit: max as u64 },
        ));
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        Error::new(
            format,
            ErrorKind::InvalidUtf8 {
                text: truncate_bytes(bytes.get(at..).unwrap_or_default()),
            },
        )
        .at(Position::Offset(at as u64))
    })
}

/// Where in the input an error was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Position {
    /// No particular place (the input as a whole).
    Input,
    /// A line, counted from 1.
    Line(u64),
    /// A byte offset, counted from 0.
    Offset(u64),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Input => Ok(()),
            Self::Line(n) => write!(f, ", line {n}"),
            Self::Offset(n) => write!(f, ", byte {n}"),
        }
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading the input failed.
    #[error("cannot read the input: {0}")]
    Io(#[from] std::io::Error),
    /// The input (or its decompressed form) is larger than the reader accepts.
    #[error("input is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// Compressed data that does not decompress.
    #[error("corrupt {codec} data: {message}")]
    Decompress {
        /// The compression format (`gzip`, `xz`, `lz4`, `zstd`, `bzip2`).
        codec: &'static str,
        /// What the decoder said.
        message: String,
    },
    /// Text that is not UTF-8.
    #[error("invalid utf-8 in {text:?}")]
    InvalidUtf8 {
        /// The offending bytes, shown lossily and truncated.
        text: String,
    },
    /// A line that does not have the expected shape.
    #[error("malformed line {text:?}: {reason}")]
    MalformedLine {
        /// The line, truncated.
        text: String,
        /// What shape was expected.
        reason: &'static str,
    },
    /// A record without a field it must have.
    #[error("missing field `{field}` in {context:?}")]
    MissingField {
        /// The field.
        field: &'static str,
        /// The record (its first line, truncated).
        context: String,
    },
    /// A field whose value is invalid.
    #[error("invalid {field} {value:?}: {reason}")]
    InvalidValue {
        /// The field or kind of value (`version`, `Architecture`).
        field: &'static str,
        /// The value, truncated.
        value: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A well-formed file that is not what the reader is for (a vcpkg status file given as a
    /// dpkg status).
    #[error("not {expected}: {reason}")]
    WrongKind {
        /// What the reader expected (`an operating-system dpkg status`).
        expected: &'static str,
        /// Why the input is something else.
        reason: String,
    },
    /// An error in one file of a directory read as a whole (an apt lists directory).
    #[error("in {file}: {source}")]
    InFile {
        /// The file name.
        file: String,
        /// The error in that file.
        #[source]
        source: Box<Error>,
    },
    /// Anything else a reader reports (XML syntax, nesting limits).
    #[error("{message}")]
    Other {
        /// The message, lower case, naming the offending value.
        message: String,
    },
}

/// An error of a `patchcore-ingest` reader: the format being read, where, and what went wrong.
///
/// ```
/// use patchcore_ingest::{Error, ErrorKind, Position};
///
/// let err = Error::new("dpkg status", ErrorKind::MissingField { field: "Package", context: "Status: install ok installed".into() })
///     .at(Position::Line(3));
/// assert_eq!(err.to_string(), "dpkg status, line 3: missing field `Package` in \"Status: install ok installed\"");
/// ```
#[derive(Debug, thiserror::Error)]
#[error("{format}{position}: {kind}")]
pub struct Error {
    format: &'static str,
    position: Position,
    #[source]
    kind: ErrorKind,
}

impl Error {
    /// An error reading `format` (`dpkg status`, `apt Packages`), position unknown.
    pub fn new(format: &'static str, kind: ErrorKind) -> Self {
        Self {
            format,
            position: Position::Input,
            kind,
        }
    }

    /// The same error at `position`.
    #[must_use]
    pub fn at(mut self, position: Position) -> Self {
        self.position = position;
        self
    }

    /// The same error reported for `format` (a decompression error found while reading an apt
    /// `Packages` file).
    #[must_use]
    pub fn in_format(mut self, format: &'static str) -> Self {
        self.format = format;
        self
    }

    /// The format being read.
    pub fn format(&self) -> &'static str {
        self.format
    }

    /// Where the error was found.
    pub fn position(&self) -> Position {
        self.position
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// A malformed line error.
    pub fn malformed(format: &'static str, line: u64, text: &str, reason: &'static str) -> Self {
        Self::new(
            format,
            ErrorKind::MalformedLine {
                text: truncate(text).into_owned(),
                reason,
            },
        )
        .at(Position::Line(line))
    }

    /// An invalid value error.
    pub fn invalid(
        format: &'static str,
        field: &'static str,
        value: &str,
        reason: impl fmt::Display,
    ) -> Self {
        Self::new(
            format,
            ErrorKind::InvalidValue {
                field,
                value: truncate(value).into_owned(),
                reason: reason.to_string(),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_offending_values_are_truncated_in_messages() {
        let huge = "x".repeat(10_000_000);
        let err = Error::malformed("apt Packages", 7, &huge, "expected `Field: value`");
        let message = err.to_string();
        assert!(message.len() < 200, "{}", message.len());
        assert!(message.starts_with("apt Packages, line 7: malformed line \"xxx"));
        assert!(message.contains('…'));
    }

    #[test]
    fn truncate_bytes_survives_invalid_utf8() {
        let bytes = [0xff_u8; 1000];
        let shown = truncate_bytes(&bytes);
        assert!(shown.chars().count() <= QUOTE_LIMIT + 1);
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn messages_name_the_format_and_the_position() {
        let err = Error::invalid("os-release", "VERSION_ID", "x", "not a version")
            .at(Position::Offset(12));
        assert_eq!(
            err.to_string(),
            "os-release, byte 12: invalid VERSION_ID \"x\": not a version"
        );
        assert!(matches!(err.kind(), ErrorKind::InvalidValue { .. }));
    }
}
