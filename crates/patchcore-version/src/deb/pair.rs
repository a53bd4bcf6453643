//! Comparing two version strings without parsing each into parts first.
//!
//! One pass over each string finds everything the comparison needs: whether every byte
//! is allowed (two bytes per table lookup) and where the last `-` is (from the end, a
//! word at a time). Versions of one package share most of their text (`2.36-9+deb12u4`
//! and `2.36-9+deb12u7`): their common prefix is found 8 bytes at a time, and the
//! comparison starts at their first difference instead of at the first byte.

use std::cmp::Ordering;

use super::order;
use super::parse::{BLANK, COLON, HYPHEN_LAST, INVALID, NOT_DIGIT_FIRST, scan};
use crate::prefix::common_prefix;

/// The classes of a string that is no version of the common kind, colon or not: a blank or a
/// bad byte, a first byte that is no digit (an upstream version must start with one), or a
/// last `-` (an empty revision).
const NOT_COMMON: u8 = BLANK | INVALID | NOT_DIGIT_FIRST | HYPHEN_LAST;

/// dpkg's answer for two versions that are both of the common kind (see
/// [`parse_common`](super::parse::parse_common)); `None` when either is not, for the
/// caller to parse each exactly.
#[inline]
pub(super) fn compare_common(a: &[u8], b: &[u8]) -> Option<Ordering> {
    let (classes_a, hyphen_a) = scan(a);
    let (classes_b, hyphen_b) = scan(b);
    // No colon, so no epoch: each upstream version starts its string.
    if (classes_a | classes_b) & (NOT_COMMON | COLON) != 0 {
        return compare_with_colons(a, classes_a, hyphen_a, b, classes_b, hyphen_b);
    }
    let (end_a, end_b) = (hyphen_a.unwrap_or(a.len()), hyphen_b.unwrap_or(b.len()));
    compare_split(a, end_a, b, end_b, common_prefix(a, b))
}

/// The order of two valid versions without epochs (or with epochs written alike) whose
/// upstream versions end at `end_a` and `end_b` (their last `-`, or their length) and whose
/// common prefix is `same` bytes long: the upstream versions, then the revisions (an absent
/// one is empty), each from their first difference.
#[inline]
fn compare_split(a: &[u8], end_a: usize, b: &[u8], end_b: usize, same: usize) -> Option<Ordering> {
    if end_a == end_b && same > end_a {
        // One split before the difference: equal upstream versions, and revisions that
        // differ where the strings do. They are read in place: the comparison looks back no
        // further than the start of the number or non-digit part at `same`, after the `-`.
        return Some(order::verrevcmp_at_difference(a, b, same));
    }
    // Both upstream versions start at 0: they are equal before `same`, and differ at
    // `same` unless one of them ends first — then that end is their first difference.
    // An upstream version inside the common prefix of both is simply equal.
    if end_a != end_b || same < end_a {
        let upstream = order::verrevcmp_at_difference(
            a.get(..end_a)?,
            b.get(..end_b)?,
            same.min(end_a).min(end_b),
        );
        if upstream != Ordering::Equal {
            return Some(upstream);
        }
    }
    let (revision_a, revision_b) = (
        a.get(end_a + 1..).unwrap_or_default(),
        b.get(end_b + 1..).unwrap_or_default(),
    );
    Some(order::verrevcmp(revision_a, revision_b))
}

/// [`compare_common`] for versions with a colon (an epoch, or a `:` in the upstream
/// version), and for strings no version of the common kind starts or ends with; `None`
/// for anything [`parse_common`](super::parse::parse_common) leaves to the exact parser.
///
/// Versions of one package nearly always write their epochs alike (`1:2.38.1-5` and
/// `1:2.38.1-7`): when the common prefix covers both colons at one offset, the epochs are
/// equal without being read, and the comparison goes on from the first difference.
#[cold]
#[inline(never)]
fn compare_with_colons(
    a: &[u8],
    classes_a: u8,
    hyphen_a: Option<usize>,
    b: &[u8],
    classes_b: u8,
    hyphen_b: Option<usize>,
) -> Option<Ordering> {
    if (classes_a | classes_b) & NOT_COMMON != 0 {
        return None;
    }
    let start_a = upstream_start(a, classes_a, hyphen_a)?;
    let start_b = upstream_start(b, classes_b, hyphen_b)?;
    let (rest_a, rest_b) = (a.get(start_a..)?, b.get(start_b..)?);
    let same_rest = if start_a == start_b {
        let same = common_prefix(a, b);
        if same < start_a {
            // Epochs of as many digits, first different at `same` (before the colons):
            // the digits there decide.
            return Some(a.get(same)?.cmp(b.get(same)?));
        }
        // The same epoch (or none on either side), written alike.
        same - start_a
    } else {
        let (epoch_a, epoch_b) = (epoch(a, start_a), epoch(b, start_b));
        if epoch_a != epoch_b {
            return Some(epoch_a.cmp(&epoch_b));
        }
        common_prefix(rest_a, rest_b)
    };
    // The last `-` is after the epoch (which is digits and a colon).
    let end = |hyphen: Option<usize>, rest: &[u8], start: usize| {
        hyphen.map_or(rest.len(), |hyphen| hyphen.saturating_sub(start))
    };
    compare_split(
        rest_a,
        end(hyphen_a, rest_a, start_a),
        rest_b,
        end(hyphen_b, rest_b, start_b),
        same_rest,
    )
}

/// Where the version after the epoch starts in a version of the common kind (see
/// [`parse_common`](super::parse::parse_common)) whose `classes` show no blank, no bad
/// character, a digit first and no `-` last, and whose last `-` is at `hyphen`: just after
/// the colon of an epoch of one to nine digits, else 0. `None` for anything else, for the
/// exact parser.
#[inline(always)]
fn upstream_start(s: &[u8], classes: u8, hyphen: Option<usize>) -> Option<usize> {
    // A last `:` ends an empty version, or is a colon of the upstream version that the
    // exact parser places.
    if *s.last()? == b':' {
        return None;
    }
    if classes & COLON == 0 {
        return Some(0);
    }
    let digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits > 9 || s.get(digits) != Some(&b':') || !s.get(digits + 1)?.is_ascii_digit() {
        return None;
    }
    // dpkg allows a colon in the upstream version, not in the revision.
    if let Some(hyphen) = hyphen {
        #[allow(
            clippy::manual_contains,
            reason = "a revision is a few bytes: a plain loop beats the call to `memchr`"
        )]
        if s.get(hyphen + 1..)?.iter().any(|&c| c == b':') {
            return None;
        }
    }
    Some(digits + 1)
}

/// The epoch of a version whose version after the epoch starts at `start` (the digits
/// before `start - 1`, at most nine); 0 when `start` is 0.
#[inline(always)]
fn epoch(s: &[u8], start: usize) -> u32 {
    s.get(..start.saturating_sub(1))
        .unwrap_or_default()
        .iter()
        .fold(0, |n, &d| n * 10 + u32::from(d - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deb::parse::parse;

    fn exact(a: &str, b: &str) -> Option<Ordering> {
        Some(order::compare_parts(&parse(a).ok()?, &parse(b).ok()?))
    }

    #[test]
    fn prefixes_that_end_inside_a_part() {
        for (a, b) in [
            ("1.19", "1.2"),
            ("1.01", "1.001"),
            ("1.0-1", "1.0-10"),
            ("1.0-1", "1.0.1-1"),
            ("1:1.0-1", "1:1.0~rc-1"),
            ("1:1.0-1", "10:1.0-1"),
            ("2.36-9+deb12u4", "2.36-9+deb12u10"),
            ("1.0-2-3", "1.0-2"),
            ("1.00", "1.0-0"),
        ] {
            assert_eq!(
                compare_common(a.as_bytes(), b.as_bytes()),
                exact(a, b),
                "{a} {b}"
            );
            assert_eq!(
                compare_common(b.as_bytes(), a.as_bytes()),
                exact(b, a),
                "{b} {a}"
            );
        }
    }

    #[test]
    fn epochs_compare_by_value_whether_written_alike_or_not() {
        // dpkg: the epoch is a number, compared first. All of these take the one pass.
        for (a, b) in [
            ("1:2.38.1-5+deb12u3", "1:2.38.1-5+deb12u2"),
            ("12:1.0-1", "13:1.0-1"),
            ("19:1.0-1", "12:2.0-1"),
            ("9:1.0-1", "10:0.1-1"),
            ("01:1.0-1", "1:1.0-1"),
            ("0:1.0-1", "1.0-1"),
            ("1:1.0-1", "1.0-1"),
            ("2:3.0", "2:3.0-0"),
            ("1:2:3-4", "1:2:3-5"),
        ] {
            for (x, y) in [(a, b), (b, a)] {
                let one_pass = compare_common(x.as_bytes(), y.as_bytes());
                assert!(one_pass.is_some(), "{x} {y}");
                assert_eq!(one_pass, exact(x, y), "{x} {y}");
            }
        }
    }

    #[test]
    fn colons_the_one_pass_cannot_place_go_to_the_exact_parser() {
        // dpkg refuses a `:` in the revision and reads an epoch of ten digits against
        // `i32::MAX`; a version ending in `:` or `-` has an empty part or a colon to place.
        for (a, b) in [
            ("1:2-3:4", "1:2-3"),
            ("1:2.0-1", "1:2.0-"),
            ("1:2.0:", "1:2.0"),
            ("1234567890:1.0", "1:1.0"),
            ("2.0:1", "1:2.0"),
        ] {
            assert_eq!(compare_common(a.as_bytes(), b.as_bytes()), None, "{a} {b}");
            assert_eq!(compare_common(b.as_bytes(), a.as_bytes()), None, "{b} {a}");
        }
    }

    #[test]
    fn strings_no_common_version_starts_or_ends_with_go_to_the_exact_parser() {
        // dpkg: an upstream version starts with a digit (else a warning the exact parser
        // reports), and a `-` last leaves an empty revision (an error). Without a colon,
        // these are caught by the first and last pairs of the class scan alone.
        for (a, b) in [
            ("1.0-", "1.0-1"),
            ("1.0-1-", "1.0-1"),
            ("a1.0", "1.0"),
            ("~1.0-1", "1.0-1"),
            ("-1.0", "1.0"),
            ("", "1.0"),
            ("x", "1"),
        ] {
            assert_eq!(compare_common(a.as_bytes(), b.as_bytes()), None, "{a} {b}");
            assert_eq!(compare_common(b.as_bytes(), a.as_bytes()), None, "{b} {a}");
        }
    }

    #[test]
    fn a_comma_near_a_hyphen_is_refused_whatever_the_hyphen_search_finds() {
        // The word-at-a-time search for the last `-` may take a `,` just after a `-` for
        // another `-`; a `,` is no version character (dpkg), so the string goes to the
        // exact parser, which refuses it.
        for bad in ["1.0-,1", "1.0-,,", "1.0-1,", "2.36-9+deb12u4-,", "1-,"] {
            for other in ["1.0-1", "2.36-9+deb12u4"] {
                assert_eq!(
                    compare_common(bad.as_bytes(), other.as_bytes()),
                    None,
                    "{bad}"
                );
                assert_eq!(
                    compare_common(other.as_bytes(), bad.as_bytes()),
                    None,
                    "{bad}"
                );
                assert!(exact(bad, other).is_none(), "{bad}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_agrees_with_parsing_each(
            a in "[0-9]{0,2}:?[0-9][0-9a-z.+~:-]{0,12}",
            b in "[0-9a-z.+~:-]{0,6}",
        ) {
            // Versions of one package: a shared prefix and different ends.
            let (c, d) = (format!("{a}{b}"), format!("{a}{}", b.chars().rev().collect::<String>()));
            for (x, y) in [(&a, &c), (&c, &d), (&d, &a)] {
                if let Some(order) = compare_common(x.as_bytes(), y.as_bytes()) {
                    proptest::prop_assert_eq!(Some(order), exact(x, y), "{} {}", x, y);
                }
            }
        }
    }
}
