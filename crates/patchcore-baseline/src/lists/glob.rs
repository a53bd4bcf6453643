//! Shell-style globs as Patch Manager's list matching uses them (observed.md L3): `*` (any run,
//! crossing `.`, `-`, `:`), `?` (one character), `[...]` / `[!...]` (a set, with ranges), anchored
//! to the whole string, compared ASCII-case-insensitively (L2). An unclosed `[` is a literal.

/// One element of a compiled glob.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// One byte, already lower-cased.
    Byte(u8),
    /// `?`: any one byte.
    Any,
    /// `*`: any run of bytes.
    Star,
    /// `[...]`: one byte in (or, negated, not in) the inclusive ranges.
    Set {
        negated: bool,
        ranges: Vec<(u8, u8)>,
    },
}

/// A compiled, anchored, case-insensitive glob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Glob {
    tokens: Vec<Token>,
    /// The fewest bytes a matching text has.
    min_len: usize,
    /// The literal bytes every match starts with (before the first wildcard).
    prefix: Vec<u8>,
    /// The literal bytes every match ends with (after the last wildcard).
    suffix: Vec<u8>,
}

/// Whether `entry` uses glob syntax: `*`, `?`, or a `[` closed by a later `]`.
pub(crate) fn is_glob(entry: &str) -> bool {
    let bytes = entry.as_bytes();
    bytes.iter().enumerate().any(|(at, &b)| match b {
        b'*' | b'?' => true,
        b'[' => set_end(bytes, at).is_some(),
        _ => false,
    })
}

/// The index of the `]` closing the set that opens at `open`, if any (a `]` right after `[` or
/// `[!` is a member, as in fnmatch).
fn set_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut at = open + 1;
    if bytes.get(at) == Some(&b'!') {
        at += 1;
    }
    if bytes.get(at) == Some(&b']') {
        at += 1;
    }
    bytes
        .get(at..)?
        .iter()
        .position(|&b| b == b']')
        .map(|offset| at + offset)
}

impl Glob {
    /// Compiles `pattern`, lower-casing ASCII letters.
    pub(crate) fn new(pattern: &str) -> Self {
        let bytes = pattern.as_bytes();
        let mut tokens = Vec::with_capacity(bytes.len());
        let mut at = 0;
        while let Some(&b) = bytes.get(at) {
            let token = match b {
                b'*' => {
                    if tokens.last() != Some(&Token::Star) {
                        tokens.push(Token::Star);
                    }
                    at += 1;
                    continue;
                }
                b'?' => Token::Any,
                b'[' => match set_end(bytes, at) {
                    Some(end) => {
                        let token = Self::set(bytes.get(at + 1..end).unwrap_or_default());
                        at = end + 1;
                        tokens.push(token);
                        continue;
                    }
                    None => Token::Byte(b'['),
                },
                other => Token::Byte(other.to_ascii_lowercase()),
            };
            tokens.push(token);
            at += 1;
        }
        let min_len = tokens.iter().filter(|t| **t != Token::Star).count();
        let literal = |t: &Token| match t {
            Token::Byte(b) => Some(*b),
            _ => None,
        };
        let prefix: Vec<u8> = tokens.iter().map_while(literal).collect();
        let mut suffix: Vec<u8> = if prefix.len() == tokens.len() {
            Vec::new() // no wildcard at all: the prefix already says everything
        } else {
            tokens.iter().rev().map_while(literal).collect()
        };
        suffix.reverse();
        Self {
            tokens,
            min_len,
            prefix,
            suffix,
        }
    }

    /// Compiles the inside of `[...]`.
    fn set(inner: &[u8]) -> Token {
        let (negated, inner) = match inner.split_first() {
            Some((b'!', rest)) => (true, rest),
            _ => (false, inner),
        };
        let mut ranges = Vec::new();
        let mut at = 0;
        while let Some(&low) = inner.get(at) {
            let low = low.to_ascii_lowercase();
            match (inner.get(at + 1), inner.get(at + 2)) {
                (Some(b'-'), Some(&high)) => {
                    ranges.push((low, high.to_ascii_lowercase()));
                    at += 3;
                }
                _ => {
                    ranges.push((low, low));
                    at += 1;
                }
            }
        }
        Token::Set { negated, ranges }
    }

    /// The fewest bytes a match has.
    pub(crate) fn min_len(&self) -> usize {
        self.min_len
    }

    /// The literal bytes every match starts with.
    pub(crate) fn prefix(&self) -> &[u8] {
        &self.prefix
    }

    /// The literal bytes every match ends with.
    pub(crate) fn suffix(&self) -> &[u8] {
        &self.suffix
    }

    /// Whether the glob matches all of `text` (already ASCII-lower-cased).
    ///
    /// Greedy matching with a single backtrack point for the last `*`: O(pattern × text) in the
    /// worst case, never exponential.
    pub(crate) fn matches(&self, text: &[u8]) -> bool {
        if text.len() < self.min_len
            || !text.starts_with(&self.prefix)
            || !text.ends_with(&self.suffix)
        {
            return false;
        }
        let (mut p, mut t) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        while let Some(&byte) = text.get(t) {
            match self.tokens.get(p) {
                Some(Token::Star) => {
                    star = Some((p, t));
                    p += 1;
                    continue;
                }
                Some(token) if token_accepts(token, byte) => {
                    p += 1;
                    t += 1;
                    continue;
                }
                _ => {}
            }
            match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            }
        }
        self.tokens
            .get(p..)
            .is_some_and(|rest| rest.iter().all(|t| *t == Token::Star))
    }
}

fn token_accepts(token: &Token, byte: u8) -> bool {
    match token {
        Token::Byte(b) => *b == byte,
        Token::Any => true,
        Token::Star => false,
        Token::Set { negated, ranges } => {
            ranges.iter().any(|&(lo, hi)| lo <= byte && byte <= hi) != *negated
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob_matches(pattern: &str, text: &str) -> bool {
        Glob::new(pattern).matches(text.to_ascii_lowercase().as_bytes())
    }

    #[test]
    fn star_crosses_dots_dashes_and_colons() {
        assert!(glob_matches(
            "example-pkg-*.abcd.x86_64",
            "example-pkg-0.710.10-2.7.abcd.x86_64"
        ));
        assert!(glob_matches(
            "dbus*",
            "dbus.x86_64:1:1.12.28-1.amzn2023.0.1"
        ));
    }

    #[test]
    fn globs_are_anchored_at_both_ends() {
        assert!(!glob_matches("bus*", "dbus"));
        assert!(!glob_matches("dbus", "dbus-libs"));
        assert!(!glob_matches("*bus", "dbus-libs"));
    }

    #[test]
    fn question_mark_is_exactly_one_character() {
        assert!(glob_matches("dbu?", "dbus"));
        assert!(!glob_matches("dbu?", "dbu"));
        assert!(!glob_matches("dbu?", "dbuss"));
    }

    #[test]
    fn sets_ranges_and_negation_follow_fnmatch() {
        assert!(glob_matches("kernel-[0-9]*", "kernel-6.1"));
        assert!(!glob_matches("kernel-[0-9]*", "kernel-devel"));
        assert!(glob_matches("kernel-[!0-9]*", "kernel-devel"));
        assert!(glob_matches("a[]]b", "a]b"));
    }

    #[test]
    fn an_unclosed_bracket_is_a_literal() {
        assert!(!is_glob("odd[name"));
        assert!(glob_matches("odd[name", "odd[name"));
    }

    #[test]
    fn matching_ignores_ascii_case() {
        assert!(glob_matches("DBUS*", "dbus-libs"));
        assert!(glob_matches("[A-Z]bus", "dbus"));
    }

    #[test]
    fn many_stars_do_not_blow_up() {
        let pattern = "*a".repeat(50);
        let text = "a".repeat(40) + "b";
        assert!(!glob_matches(&pattern, &text));
    }
}
