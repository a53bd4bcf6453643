//! The fast comparison of two Debian version strings (`deb::compare`: one scan per string,
//! the common prefix skipped a word at a time, the answer read at the first difference)
//! must give exactly what a plain transcription of dpkg's `verrevcmp` gives on the parts,
//! on the pairs that stress it: versions of one package that differ late — inside a
//! number, before or after the last `-`, where one of them ends — leading zeros, `~`, and
//! lengths around the 4- and 8-byte words the scans read.
//!
//! The reference below is written from dpkg 1.21's `lib/dpkg/version.c` description
//! (compare non-digit parts by `order()`, then digit parts as numbers), byte by byte, with
//! none of the shortcuts of the library; the parts come from `Version::parse`.

// Support code of a test may panic like the tests themselves: a panic is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::cmp::Ordering;

use patchcore_version::deb::{self, Version};
use proptest::prelude::*;

/// dpkg's `order()`: `~` first, then the end of a part (and digits), letters, the rest.
fn order(c: Option<u8>) -> i32 {
    match c {
        None => 0,
        Some(c) if c.is_ascii_digit() => 0,
        Some(c) if c.is_ascii_alphabetic() => i32::from(c),
        Some(b'~') => -1,
        Some(c) => i32::from(c) + 256,
    }
}

/// dpkg's `verrevcmp`, byte by byte.
fn reference_verrevcmp(a: &[u8], b: &[u8]) -> Ordering {
    let (mut i, mut j) = (0, 0);
    let digit = |s: &[u8], k: usize| s.get(k).is_some_and(u8::is_ascii_digit);
    while i < a.len() || j < b.len() {
        let mut first_diff = 0;
        while (i < a.len() && !digit(a, i)) || (j < b.len() && !digit(b, j)) {
            let (ac, bc) = (order(a.get(i).copied()), order(b.get(j).copied()));
            if ac != bc {
                return ac.cmp(&bc);
            }
            i += 1;
            j += 1;
        }
        while a.get(i) == Some(&b'0') {
            i += 1;
        }
        while b.get(j) == Some(&b'0') {
            j += 1;
        }
        while digit(a, i) && digit(b, j) {
            if first_diff == 0 {
                first_diff = i32::from(a[i]) - i32::from(b[j]);
            }
            i += 1;
            j += 1;
        }
        if digit(a, i) {
            return Ordering::Greater;
        }
        if digit(b, j) {
            return Ordering::Less;
        }
        if first_diff != 0 {
            return first_diff.cmp(&0);
        }
    }
    Ordering::Equal
}

/// `dpkg_version_compare` on two parsed versions, with the reference `verrevcmp`.
fn reference(a: &Version<'_>, b: &Version<'_>) -> Ordering {
    a.epoch()
        .cmp(&b.epoch())
        .then_with(|| reference_verrevcmp(a.upstream().as_bytes(), b.upstream().as_bytes()))
        .then_with(|| {
            reference_verrevcmp(
                a.revision().unwrap_or("").as_bytes(),
                b.revision().unwrap_or("").as_bytes(),
            )
        })
}

/// Checks `deb::compare` (both ways), `Ord` and the sort keys against the reference.
fn check(a: &str, b: &str) -> Result<(), TestCaseError> {
    let (parsed_a, parsed_b) = (Version::parse(a), Version::parse(b));
    match (&parsed_a, &parsed_b) {
        (Ok(va), Ok(vb)) => {
            let expected = reference(va, vb);
            prop_assert_eq!(deb::compare(a, b).ok(), Some(expected), "{} vs {}", a, b);
            prop_assert_eq!(
                deb::compare(b, a).ok(),
                Some(expected.reverse()),
                "{} vs {}",
                b,
                a
            );
            prop_assert_eq!(va.cmp(vb), expected, "parsed {} vs {}", a, b);
            prop_assert_eq!(
                va.sort_key().cmp(&vb.sort_key()),
                expected,
                "keys {} vs {}",
                a,
                b
            );
        }
        // An invalid side makes the comparison an error, whatever the other side is.
        _ => prop_assert!(deb::compare(a, b).is_err(), "{} vs {}", a, b),
    }
    Ok(())
}

/// A shared start and two different ends, as two versions of one package have: digits,
/// zeros, letters, `.+~-` and an occasional epoch, blank or bad byte.
fn same_package_pair() -> impl Strategy<Value = (String, String)> {
    (
        "([0-9]:)?[0-9][0-9a-z.+~-]{0,14}",
        "[0-9a-z.+~-]{0,6}",
        "[0-9a-z.+~-]{0,6}",
        prop::option::weighted(0.05, "[ :_@\u{e9}]"),
    )
        .prop_map(|(start, end_a, end_b, odd)| {
            let mut b = format!("{start}{end_b}");
            if let Some(odd) = odd {
                b.push_str(&odd);
            }
            (format!("{start}{end_a}"), b)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn versions_of_one_package_compare_as_dpkg_verrevcmp((a, b) in same_package_pair()) {
        check(&a, &b)?;
    }

    #[test]
    fn numbers_differing_inside_compare_by_value(
        head in "[0-9][0-9.]{0,9}",
        zeros_a in "0{0,3}",
        zeros_b in "0{0,3}",
        digits_a in "[0-9]{0,4}",
        digits_b in "[0-9]{0,4}",
        tail in "(-[0-9a-z.+~]{1,4})?",
    ) {
        // `1.01` and `1.001`, `1.19` and `1.2`, with or without a revision after them.
        check(
            &format!("{head}{zeros_a}{digits_a}{tail}"),
            &format!("{head}{zeros_b}{digits_b}{tail}"),
        )?;
    }

    #[test]
    fn the_last_hyphen_splits_wherever_it_falls(
        start in "[0-9][0-9a-z.+~]{0,10}",
        middle_a in "(-[0-9a-z.+~]{1,3}){0,3}",
        middle_b in "(-[0-9a-z.+~]{1,3}){0,3}",
    ) {
        // `1.0-2-3` against `1.0-2.3`: upstream `1.0-2` against `1.0`.
        check(&format!("{start}{middle_a}"), &format!("{start}{middle_b}"))?;
    }
}

/// Every length from 1 to 24 bytes, so that the word-at-a-time scans see every split of
/// a string into 8-byte words, 4-byte halves and single bytes: the last byte changed,
/// a `-` moved, a bad byte added.
#[test]
fn every_length_around_the_word_sizes() {
    for len in 1..=24 {
        let base: String = (0..len)
            .map(|k| if k % 3 == 1 { '.' } else { '1' })
            .collect();
        let mut variants = vec![base.clone(), format!("{base}~"), format!("{base}a")];
        for at in 1..len {
            variants.push(format!("{}-{}", &base[..at], &base[at..]));
            variants.push(format!("{}-0", &base[..at]));
            variants.push(format!("{}!{}", &base[..at], &base[at..]));
            variants.push(format!("{} {}", &base[..at], &base[at..]));
            variants.push(format!("{}:{}", &base[..at], &base[at..]));
        }
        for a in &variants {
            for b in &variants {
                check(a, b).unwrap();
            }
        }
    }
}

/// Pairs whose answer is known from dpkg itself (`dpkg --compare-versions`), each one a
/// case the first difference decides in its own way.
#[test]
fn first_differences_decided_as_dpkg_does() {
    for (a, b, expected) in [
        ("1.19", "1.2", Ordering::Greater),
        ("1.01", "1.001", Ordering::Equal),
        ("1.0-1", "1.0-10", Ordering::Less),
        ("1.0-2-3", "1.0-2.3", Ordering::Greater),
        ("1.0-2-3", "1.0-2", Ordering::Greater),
        ("1.0~rc1", "1.0", Ordering::Less),
        ("1.0", "1.0-0", Ordering::Equal),
        ("1.0-0.0", "1.0", Ordering::Greater),
        ("0.16.1-2", "1.2", Ordering::Less),
        ("00.16", "0.16", Ordering::Equal),
        ("2.36-9+deb12u4", "2.36-9+deb12u10", Ordering::Less),
        ("1:1.0-1", "1:1.0~rc-1", Ordering::Greater),
        ("1:1.0-1", "10:0.1-1", Ordering::Less),
        ("1.0a", "1.0+", Ordering::Less),
        ("1.0.", "1.0", Ordering::Greater),
    ] {
        assert_eq!(deb::compare(a, b).unwrap(), expected, "{a} vs {b}");
        assert_eq!(
            deb::compare(b, a).unwrap(),
            expected.reverse(),
            "{b} vs {a}"
        );
    }
}
