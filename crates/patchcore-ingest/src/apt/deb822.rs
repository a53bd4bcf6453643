//! A borrowing deb822 field scanner: the format of dpkg status files, apt `Packages` and
//! `Release` files (Debian Policy 5.1).
//!
//! One pass over the bytes, no allocation: it yields each field's name and first-line value as
//! slices of the input, and the end of each stanza. Continuation lines (starting with a space
//! or tab) are skipped — none of the fields patchcore reads is multi-line — and `#` comment
//! lines are ignored. A line that is neither a field, a continuation, a comment nor blank is an
//! error with its line number.

use memchr::memchr;

use crate::error::Error;

/// Longest line accepted, in bytes: far above any real field, low enough to refuse a
/// hostile file that is one enormous line.
pub(crate) const MAX_LINE: usize = 1 << 20;

/// One event of the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event<'a> {
    /// A field: name, value of its first line (trimmed), line number.
    Field {
        name: &'a [u8],
        value: &'a [u8],
        line: u64,
    },
    /// The end of a stanza (a blank line after fields, or the end of input).
    End,
}

/// The scanner.
#[derive(Debug, Clone)]
pub(crate) struct Scanner<'a> {
    rest: &'a [u8],
    line: u64,
    in_stanza: bool,
    format: &'static str,
}

impl<'a> Scanner<'a> {
    /// A scanner over `input`, reporting errors for `format`.
    pub(crate) fn new(input: &'a [u8], format: &'static str) -> Self {
        Self {
            rest: input,
            line: 0,
            in_stanza: false,
            format,
        }
    }

    #[inline(always)]
    fn take_line(&mut self) -> Result<Option<&'a [u8]>, Error> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        let (line, rest) = match memchr(b'\n', self.rest) {
            Some(i) => (
                self.rest.get(..i).unwrap_or_default(),
                self.rest.get(i + 1..).unwrap_or_default(),
            ),
            None => (self.rest, &[][..]),
        };
        self.rest = rest;
        self.line += 1;
        if line.len() > MAX_LINE {
            return Err(Error::malformed(
                self.format,
                self.line,
                &String::from_utf8_lossy(line.get(..256).unwrap_or(line)),
                "line longer than 1 MiB",
            ));
        }
        Ok(Some(line.strip_suffix(b"\r").unwrap_or(line)))
    }

    /// The next event; `None` at the end of input.
    // Inlined into each reader's loop the event is never built in memory: an eighth fewer
    // instructions for a `Packages` scan (callgrind), though no measurable time on a Debian list.
    #[inline(always)]
    pub(crate) fn next_event(&mut self) -> Result<Option<Event<'a>>, Error> {
        loop {
            let Some(line) = self.take_line()? else {
                if self.in_stanza {
                    self.in_stanza = false;
                    return Ok(Some(Event::End));
                }
                return Ok(None);
            };
            match line.first() {
                None => {}
                Some(b' ' | b'\t') => {
                    if line.iter().all(|b| b.is_ascii_whitespace()) {
                        // A whitespace-only line separates stanzas, as in apt's parser.
                    } else if self.in_stanza {
                        continue;
                    } else {
                        return Err(self.malformed(line, "continuation line outside a field"));
                    }
                }
                Some(b'#') => continue,
                Some(_) => {
                    let Some(colon) = memchr(b':', line) else {
                        return Err(self.malformed(line, "expected `Field: value`"));
                    };
                    let name = line.get(..colon).unwrap_or_default();
                    let value = line.get(colon + 1..).unwrap_or_default().trim_ascii();
                    self.in_stanza = true;
                    return Ok(Some(Event::Field {
                        name,
                        value,
                        line: self.line,
                    }));
                }
            }
            if self.in_stanza {
                self.in_stanza = false;
                return Ok(Some(Event::End));
            }
        }
    }

    fn malformed(&self, line: &[u8], reason: &'static str) -> Error {
        Error::malformed(
            self.format,
            self.line,
            &crate::error::truncate_bytes(line),
            reason,
        )
    }

    /// The value of the field `name` as UTF-8, or an error quoting the field at `line`.
    pub(crate) fn text(&self, name: &[u8], value: &'a [u8], line: u64) -> Result<&'a str, Error> {
        std::str::from_utf8(value).map_err(|_| {
            Error::new(
                self.format,
                crate::ErrorKind::InvalidUtf8 {
                    text: crate::error::truncate_bytes(&[name, b": ", value].concat()),
                },
            )
            .at(crate::Position::Line(line))
        })
    }
}

#[cfg(test)]
impl<'a> Scanner<'a> {
    /// The `n`th event (1-based), for tests.
    fn nth_field(&mut self, n: usize) -> Option<Event<'a>> {
        (0..n)
            .filter_map(|_| self.next_event().ok().flatten())
            .last()
    }
}

/// Whether the field `name` is `expected` (deb822 field names are case-insensitive).
#[inline]
pub(crate) fn is(name: &[u8], expected: &[u8]) -> bool {
    name.len() == expected.len() && name.eq_ignore_ascii_case(expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(input: &[u8]) -> Result<Vec<String>, Error> {
        let mut s = Scanner::new(input, "test");
        let mut out = Vec::new();
        while let Some(e) = s.next_event()? {
            out.push(match e {
                Event::Field { name, value, line } => format!(
                    "{}={}@{line}",
                    String::from_utf8_lossy(name),
                    String::from_utf8_lossy(value)
                ),
                Event::End => "|".into(),
            });
        }
        Ok(out)
    }

    #[test]
    fn stanzas_end_at_blank_lines_and_continuations_are_skipped() {
        let got = events(b"A: 1\nB:  two \n more\n .\n\n\n# c\nC:3\r\n \t\nD: 4").unwrap();
        assert_eq!(got, ["A=1@1", "B=two@2", "|", "C=3@8", "|", "D=4@10", "|"]);
    }

    #[test]
    fn a_line_without_colon_is_an_error_with_its_line_number() {
        let err = events(b"Package: apt\nInsterface to the settings\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "test, line 2: malformed line \"Insterface to the settings\": expected `Field: value`"
        );
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_field_and_line() {
        let mut s = Scanner::new(b"A: 1\nPackage: b\xffd\n", "test");
        let Some(Event::Field { name, value, line }) = s.nth_field(2) else {
            panic!()
        };
        let err = s.text(name, value, line).unwrap_err();
        assert_eq!(
            err.to_string(),
            "test, line 2: invalid utf-8 in \"Package: b\u{fffd}d\""
        );
    }

    #[test]
    fn a_continuation_before_any_field_is_an_error() {
        assert!(events(b" leading\n").is_err());
    }

    #[test]
    fn field_names_compare_case_insensitively() {
        assert!(is(b"package", b"Package"));
        assert!(!is(b"Packages", b"Package"));
    }
}
