//! The one error type of the crate.

/// Longest offending value quoted in a message, in characters; longer values are cut with `…`.
const QUOTE_LIMIT: usize = 64;

/// Quotes a user value for a message, truncated to 64 characters so that a huge input does not
/// make a huge message.
pub(crate) fn quote(value: &str) -> String {
    match value.char_indices().nth(QUOTE_LIMIT) {
        Some((cut, _)) => format!("{:?}…", value.get(..cut).unwrap_or_default()),
        None => format!("{value:?}"),
    }
}

/// An error of `patchcore-compliance`: a document or AWS response that cannot be read, or two
/// snapshots that cannot be compared.
///
/// The message is one lower-case line that names what was read, where the problem is and the
/// offending value.
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
    /// The text is not valid JSON.
    #[error("{what}: invalid json at line {line}, column {column}: {message}")]
    InvalidJson {
        /// What was being read (`saved snapshot document`, `DescribeInstancePatches response`).
        what: &'static str,
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// 1-based column of the problem (0 when unknown).
        column: usize,
        /// The parser's description, shortened.
        message: String,
    },
    /// Valid JSON that is not what is read: a field missing, a value of the wrong type, a
    /// time or a state that cannot be read.
    #[error("{what}: unexpected content at line {line}, column {column}: {message}")]
    WrongShape {
        /// What was being read.
        what: &'static str,
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// 1-based column of the problem (0 when unknown).
        column: usize,
        /// What is wrong, shortened.
        message: String,
    },
    /// A documentation sample with `...` or another truncation mark in place of values, or
    /// cut off before its JSON ends (`mark` is then `end of input`): not real output.
    #[error(
        "{what}: this looks like a truncated documentation sample ({mark} at line {line}, column {column}), not real output"
    )]
    TruncatedSample {
        /// What was being read.
        what: &'static str,
        /// The mark found, quoted, or `end of input`.
        mark: String,
        /// 1-based line of the mark.
        line: usize,
        /// 1-based column of the mark.
        column: usize,
    },
    /// The input is larger than the reader accepts.
    #[error("{what}: input of {size} bytes is larger than the limit of {limit} bytes")]
    TooLarge {
        /// What was being read.
        what: &'static str,
        /// The input's size in bytes (at least; a stream is not read past the limit).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The input is nested deeper than the reader accepts.
    #[error("{what}: nesting deeper than {limit} levels at line {line}, column {column}")]
    TooDeep {
        /// What was being read.
        what: &'static str,
        /// The deepest nesting accepted.
        limit: usize,
        /// 1-based line where the limit was passed.
        line: usize,
        /// 1-based column where the limit was passed.
        column: usize,
    },
    /// The input is not UTF-8.
    #[error("{what}: invalid utf-8 at byte {offset}")]
    InvalidUtf8 {
        /// What was being read.
        what: &'static str,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// A value has the right JSON type but a wrong content (a bad timestamp, a negative count).
    #[error("{what}: {path}: {message}")]
    InvalidValue {
        /// What was being read.
        what: &'static str,
        /// Where, as a JSON path (`$.Patches[2].State`).
        path: String,
        /// What is wrong, with the offending value quoted.
        message: String,
    },
    /// Two snapshots of different nodes were compared: a diff is of one node's history.
    #[error(
        "snapshot diff: the snapshots are of different nodes: {} and {}",
        quote(.before),
        quote(.after)
    )]
    DifferentNodes {
        /// The node of the earlier snapshot.
        before: String,
        /// The node of the later snapshot.
        after: String,
    },
    /// Reading from the input failed.
    #[error("{what}: cannot read input: {message}")]
    Io {
        /// What was being read.
        what: &'static str,
        /// The I/O error's description.
        message: String,
    },
}

impl ErrorKind {
    /// The kind of a `serde_json` error met while reading `what`.
    pub(crate) fn json(what: &'static str, error: &serde_json::Error) -> Self {
        let (line, column, message) = (error.line(), error.column(), shorten(&error.to_string()));
        if error.is_data() {
            Self::WrongShape {
                what,
                line,
                column,
                message,
            }
        } else {
            Self::InvalidJson {
                what,
                line,
                column,
                message,
            }
        }
    }
}

/// Parser messages end with " at line L column C" (already in our own fields) and may quote a
/// whole huge value: keep the first 200 characters of the description.
fn shorten(message: &str) -> String {
    let cut = message.rfind(" at line ").unwrap_or(message.len());
    let text = message.get(..cut).unwrap_or(message);
    // One line: serde quotes some values raw (unknown variants), so control characters are
    // escaped.
    let mut short = String::new();
    for c in text.chars().take(200) {
        if c.is_control() {
            short.extend(c.escape_default());
        } else {
            short.push(c);
        }
    }
    if text.chars().nth(200).is_some() {
        short.push('…');
    }
    short
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

    #[test]
    fn parser_messages_lose_their_position_suffix_and_are_shortened() {
        assert_eq!(
            shorten("expected value at line 1 column 2"),
            "expected value"
        );
        let long = format!("invalid type: string {:?}", "y".repeat(1000));
        let short = shorten(&long);
        assert!(short.chars().count() <= 201 && short.ends_with('…'));
        assert_eq!(shorten("unknown variant `a\nb`"), "unknown variant `a\\nb`");
    }
}
