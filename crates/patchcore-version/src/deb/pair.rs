//! Comparing two version strings without parsing each into parts first.
//!
//! One pass over each string finds everything the comparison needs: whether every byte
//! is allowed (two bytes per table lookup) and where the last `-` is (from the end, a
//! word at a time). Versions of one package share most of their text (`2.36-9+deb12u4`
//! and `2.36-9+deb12u7`): their common prefix is found 8 bytes at a time, and the
//! comparison starts at their first difference instead of at the first byte.

use std::cmp::Ordering;

use super::order;
use super::parse::{BLANK, COLON, INVALID, parse_common, scan};
use crate::prefix::common_prefix;

/// dpkg's answer for two versions that are both of the common kind (see
/// [`parse_common`]); `None` when either is not, for the caller to parse each exactly.
#[inline]
pub(super) fn compare_common(a: &[u8], b: &[u8]) -> Option<Ordering> {
    let (classes_a, hyphen_a) = scan(a);
    let (classes_b, hyphen_b) = scan(b);
    if (classes_a | classes_b) & (BLANK | INVALID | COLON) != 0 {
        return compare_with_colons(a, classes_a, hyphen_a, b, classes_b, hyphen_b);
    }
    // No colon, so no epoch: each upstream version starts the string and must start with
    // a digit; a version ending in `-` has an empty revision.
    let (end_a, end_b) = (hyphen_a.unwrap_or(a.len()), hyphen_b.unwrap_or(b.len()));
    match (a.first(), b.first()) {
        (Some(first_a), Some(first_b))
            if first_a.is_ascii_digit()
                && first_b.is_ascii_digit()
                && end_a + 1 != a.len()
                && end_b + 1 != b.len() => {}
        _ => return None,
    }
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
/// version); `None` for anything [`parse_common`] leaves to the exact parser.
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
    let spans_a = parse_common(a, classes_a, hyphen_a)?;
    let spans_b = parse_common(b, classes_b, hyphen_b)?;
    if spans_a.epoch != spans_b.epoch {
        return Some(spans_a.epoch.cmp(&spans_b.epoch));
    }
    // Then what follows the epochs, as versions without them (split where they were).
    let (start_a, start_b) = (spans_a.upstream_start, spans_b.upstream_start);
    let (rest_a, rest_b) = (a.get(start_a..)?, b.get(start_b..)?);
    compare_split(
        rest_a,
        spans_a.upstream_end.saturating_sub(start_a),
        rest_b,
        spans_b.upstream_end.saturating_sub(start_b),
        common_prefix(rest_a, rest_b),
    )
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
