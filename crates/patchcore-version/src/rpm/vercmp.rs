//! librpm 4.18 `rpmvercmp()`: the order of version (or release) strings.
//!
//! A string is read as a sequence of tokens; bytes that are neither ASCII alphanumeric nor `~`
//! nor `^` only separate tokens. The tokens, in rpmvercmp's order, lowest first:
//!
//! `~` (before everything, even the end) < end of string < `^` (after the end, before any
//! further segment) < a run of ASCII letters (bytewise) < a run of ASCII digits (numeric).
//!
//! Two strings compare as their token sequences do, lexicographically with an end token
//! appended — which makes the order total and transitive, and gives a canonical form for
//! hashing and sort keys: equal strings are exactly those with equal token sequences.
//!
//! Decision (not testable against librpm, which reads C strings): a NUL byte inside a Rust
//! string is a separator, as every other byte outside rpmvercmp's classes is; librpm itself
//! would stop reading there, but it can never be handed such a string.

use std::cmp::Ordering;

use super::scan::{Part, Side, decide_at_difference, resume_point, scan};
use crate::digits::{Sink, put_number};
use crate::prefix::common_prefix;

/// Byte classes of rpmvercmp (ASCII only, as rpm's `risdigit`/`risalpha`), for the canonical
/// encoding. It is written apart from the comparison in `scan.rs` on purpose: the tests check
/// each against the other (sort key order == comparison order on every generated pair).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Separator,
    Digit,
    Alpha,
    Tilde,
    Caret,
    End,
}

/// The class of one byte.
#[inline]
const fn class(byte: u8) -> Class {
    match byte {
        b'0'..=b'9' => Class::Digit,
        b'a'..=b'z' | b'A'..=b'Z' => Class::Alpha,
        b'~' => Class::Tilde,
        b'^' => Class::Caret,
        _ => Class::Separator,
    }
}

/// The class of the byte at `i`, or [`Class::End`] past the end.
#[inline]
fn class_at(s: &[u8], i: usize) -> Class {
    match s.get(i) {
        Some(&c) => class(c),
        None => Class::End,
    }
}

/// The index of the first byte at or after `i` that is not a separator.
#[inline]
fn skip_separators(s: &[u8], mut i: usize) -> usize {
    while let Some(&c) = s.get(i) {
        if class(c) != Class::Separator {
            break;
        }
        i += 1;
    }
    i
}

/// The end of the run of bytes of class `class` starting at `i`.
#[inline]
fn run_end(s: &[u8], mut i: usize, wanted: Class) -> usize {
    while let Some(&c) = s.get(i) {
        if class(c) != wanted {
            break;
        }
        i += 1;
    }
    i
}

/// Compares two version (or release) strings exactly as librpm 4.18 `rpmvercmp()` does.
///
/// Every string is accepted (rpmvercmp has no notion of an invalid string), and no memory
/// is allocated.
///
/// ```
/// use std::cmp::Ordering;
/// use patchcore_version::rpm::vercmp;
///
/// assert_eq!(vercmp("1.0~rc1", "1.0"), Ordering::Less); // tilde sorts before the end
/// assert_eq!(vercmp("1.0^git1", "1.0"), Ordering::Greater); // caret sorts after the end...
/// assert_eq!(vercmp("1.0^git1", "1.0.1"), Ordering::Less); // ...but before a further segment
/// assert_eq!(vercmp("1.0", "1_0"), Ordering::Equal); // which separator does not matter
/// assert_eq!(vercmp("10.0001", "10.1"), Ordering::Equal); // numbers ignore leading zeros
/// ```
#[must_use]
pub fn vercmp(a: &str, b: &str) -> Ordering {
    vercmp_bytes(a.as_bytes(), b.as_bytes())
}

/// [`vercmp`] on bytes.
pub(crate) fn vercmp_bytes(a: &[u8], b: &[u8]) -> Ordering {
    let shared = common_prefix(a, b);
    if shared == a.len() && shared == b.len() {
        return Ordering::Equal;
    }
    let at = resume_point(a, shared);
    let x = Side {
        text: a,
        last_dash: a.len(),
    };
    let y = Side {
        text: b,
        last_dash: b.len(),
    };
    match decide_at_difference::<false>(a, b, at, shared) {
        Some(order) => order,
        None => scan(x, at, y, at, Part::Release),
    }
}

/// Token tags of the canonical encoding, in rpmvercmp's order.
const TAG_TILDE: u8 = 0x01;
/// Ends a string's tokens; also what a string that ran out "has" next.
pub(crate) const TAG_END: u8 = 0x02;
const TAG_CARET: u8 = 0x03;
const TAG_ALPHA: u8 = 0x04;
const TAG_DIGITS: u8 = 0x05;
/// Ends a letter run: below every letter, so a shorter run sorts first.
const ALPHA_END: u8 = 0x00;

/// Writes the canonical token sequence of `s`, followed by [`TAG_END`]: the byte order of two
/// encodings is [`vercmp`] order, and two strings are equal exactly when their encodings are.
pub(crate) fn put_tokens(sink: &mut impl Sink, s: &[u8]) {
    let mut i = 0;
    while !sink.is_full() {
        i = skip_separators(s, i);
        let class = class_at(s, i);
        match class {
            Class::End => {
                sink.put(&[TAG_END]);
                return;
            }
            Class::Tilde => {
                sink.put(&[TAG_TILDE]);
                i += 1;
            }
            Class::Caret => {
                sink.put(&[TAG_CARET]);
                i += 1;
            }
            Class::Digit | Class::Alpha | Class::Separator => {
                let end = run_end(s, i, class);
                let run = s.get(i..end).unwrap_or_default();
                if class == Class::Digit {
                    sink.put(&[TAG_DIGITS]);
                    put_number(sink, run);
                } else {
                    sink.put(&[TAG_ALPHA]);
                    sink.put(run);
                    sink.put(&[ALPHA_END]);
                }
                // A run is never empty here; `max` keeps the loop moving regardless.
                i = end.max(i + 1);
            }
        }
    }
}

/// A [`crate::SortKey`] for a version string under [`vercmp`].
#[must_use]
pub fn vercmp_sort_key(s: &str) -> crate::SortKey {
    let mut key = Vec::with_capacity(s.len() + 8);
    put_tokens(&mut key, s.as_bytes());
    crate::SortKey::from_vec(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_that_is_just_zero_is_below_any_other_number() {
        // librpm: numbers compare by value, leading zeros ignored.
        for (a, b, expected) in [
            ("0.9", "1.2", Ordering::Less),
            ("1.0", "1.1", Ordering::Less),
            ("1.0~rc1", "1.2", Ordering::Less),
            ("1.05", "1.1", Ordering::Greater),
            ("1.00", "1.1", Ordering::Less),
            ("1.0", "1.00", Ordering::Equal),
        ] {
            assert_eq!(vercmp(a, b), expected, "{a} {b}");
            assert_eq!(vercmp(b, a), expected.reverse(), "{b} {a}");
            let (a, b) = (format!("{a}-1"), format!("{b}-1"));
            assert_eq!(
                super::super::compare_evr(&a, &b).ok(),
                Some(expected),
                "{a} {b}"
            );
        }
    }

    #[test]
    fn resuming_inside_a_shared_digit_run_still_compares_numbers() {
        assert_eq!(vercmp("1.12", "1.123"), Ordering::Less);
        assert_eq!(vercmp("1.19", "1.100"), Ordering::Less);
        assert_eq!(vercmp("1.0a", "1.0ab"), Ordering::Less);
    }
}
