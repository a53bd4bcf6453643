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
    let same = order::common_prefix_len(a, b);
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
    // Revisions at one offset, with the first difference of the strings inside them.
    if end_a == end_b && same > end_a {
        return Some(order::verrevcmp_at_difference(
            revision_a,
            revision_b,
            same - end_a - 1,
        ));
    }
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
    Some(order::compare_parts(&spans_a.parts(a), &spans_b.parts(b)))
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
