//! Reading and writing JSON safely: every reader of the crate goes through [`parse`], which
//! bounds the size and the nesting of the input before `serde_json` sees it, and tells a
//! documentation sample cut with `...` from broken JSON.

use std::io::Read;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind};

/// The largest input a reader accepts: 64 MiB. A saved snapshot of a Windows node with ten
/// thousand listed updates is a few megabytes; the AWS responses are pages of at most 100 rows.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// The deepest nesting of arrays and objects a reader accepts. The deepest shape read here
/// (a saved document's patch rows, an effective patch's status) nests 4 levels; `serde_json`
/// stops at 128 on its own, this check stops earlier with a clear error and a position.
pub const MAX_DEPTH: usize = 32;

/// Reads all of `reader`, up to [`MAX_INPUT_BYTES`].
pub(crate) fn read_all(what: &'static str, reader: impl Read) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| ErrorKind::Io {
            what,
            message: error.to_string(),
        })?;
    Ok(bytes)
}

/// Parses `bytes` as `T`, after the size, UTF-8 and nesting checks. JSON that fails to parse
/// and has a truncation mark, or ends before its last value does, is a truncated sample.
pub(crate) fn parse<T: DeserializeOwned>(what: &'static str, bytes: &[u8]) -> Result<T, Error> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > MAX_INPUT_BYTES {
        return Err(ErrorKind::TooLarge {
            what,
            size,
            limit: MAX_INPUT_BYTES,
        }
        .into());
    }
    let text = std::str::from_utf8(bytes).map_err(|error| ErrorKind::InvalidUtf8 {
        what,
        offset: error.valid_up_to(),
    })?;
    check_depth(what, text)?;
    serde_json::from_str(text).map_err(|error| {
        // A shape error can come before a syntax error further on (`1  i-0…`, text output):
        // report the syntax error when there is one, it says more.
        let error = if error.is_data() {
            serde_json::from_str::<serde::de::IgnoredAny>(text)
                .err()
                .unwrap_or(error)
        } else {
            error
        };
        let mark = truncation_mark(text).or_else(|| {
            // JSON cut off without a mark (the CLI examples that stop after `},`).
            (error.is_eof() && !text.trim().is_empty())
                .then(|| ("end of input".to_owned(), error.line(), error.column()))
        });
        match mark {
            Some((mark, line, column)) => ErrorKind::TruncatedSample {
                what,
                mark,
                line,
                column,
            },
            None => ErrorKind::json(what, &error),
        }
        .into()
    })
}

/// Fails when arrays and objects nest deeper than [`MAX_DEPTH`] (outside strings).
fn check_depth(what: &'static str, text: &str) -> Result<(), Error> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, byte) in text.bytes().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    let (line, column) = position(text, offset);
                    return Err(ErrorKind::TooDeep {
                        what,
                        limit: MAX_DEPTH,
                        line,
                        column,
                    }
                    .into());
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// The first mark that documentation puts in place of elided output: a line that is only
/// `...` or `…` (possibly followed by a comma), or text such as `---output truncated---`.
/// Only consulted once the JSON failed to parse: valid JSON is real output even when a value
/// says `--token string truncated--` (the CLI examples' `NextToken`).
fn truncation_mark(text: &str) -> Option<(String, usize, usize)> {
    text.lines().enumerate().find_map(|(index, line)| {
        let trimmed = line.trim();
        let elision = matches!(trimmed.trim_end_matches(','), "..." | "…");
        let truncated = trimmed.to_ascii_lowercase().contains("output truncated");
        (elision || truncated).then(|| {
            let column = line.chars().take_while(|c| c.is_whitespace()).count() + 1;
            (crate::error::quote(trimmed), index + 1, column)
        })
    })
}

/// The SHA-256 (lower-case hex) of `value`'s compact JSON: the baseline hash, and the content
/// hashes of the inventory item and the compliance items.
pub(crate) fn sha256<T: Serialize + ?Sized>(value: &T) -> String {
    use std::fmt::Write;
    // The hashed values are derived structs of strings, numbers, lists and string maps:
    // serializing them cannot fail; an empty document in that impossible case still hashes
    // deterministically.
    let digest = Sha256::digest(serde_json::to_vec(value).unwrap_or_default());
    let mut hex = String::with_capacity(digest.len() * 2);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// `value` as pretty JSON indented by four spaces, as aws-cli prints it, with a final newline.
pub(crate) fn to_pretty<T: Serialize>(value: &T) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    // The shapes are derived structs of strings, numbers, lists and string maps: serializing
    // them into memory cannot fail (a failure would leave the text written so far).
    let _ = value.serialize(&mut serializer);
    out.push(b'\n');
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        assert_eq!(position("ab\ncé[", 6), (2, 3));
        assert_eq!(position("[", 0), (1, 1));
    }

    #[test]
    fn brackets_inside_strings_do_not_nest() {
        let text = format!("{{\"a\": \"{}\"}}", "[{".repeat(100));
        assert!(check_depth("test", &text).is_ok());
        let escaped = format!("{{\"a\": \"\\\"{}\"}}", "[".repeat(100));
        assert!(check_depth("test", &escaped).is_ok());
    }

    #[test]
    fn elision_lines_and_truncation_banners_are_marks() {
        assert_eq!(
            truncation_mark("{\n  \"a\": [\n    ...\n  ]\n}").map(|m| (m.1, m.2)),
            Some((3, 5))
        );
        assert!(truncation_mark("{\n},\n---output truncated---\n").is_some());
        assert!(truncation_mark("{\n  \"a\": \"...\"\n}").is_none());
    }
}
