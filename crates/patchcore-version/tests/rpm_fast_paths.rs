//! The shortcuts of the RPM comparison, each checked against the sort key (built token by
//! token, independently of the comparison, and itself checked against librpm in
//! `oracle_rpm.rs`): pairs that share a prefix and differ right after it, where the
//! comparison starts at the token holding the first difference, decides from that token
//! alone when it can, and looks for the version end only as far as needed; and parsed EVRs,
//! which compare the first eight bytes of their sort keys before their texts.

// Test code: a panic here is a failed test, not a crash on input (as clippy.toml allows in #[test]).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::cmp::Ordering;

use patchcore_version::rpm::{Evr, EvrBuf, NevraBuf, compare_evr, vercmp, vercmp_sort_key};
use proptest::prelude::*;

/// Every way the three EVR comparisons can be reached must give the sort key's answer.
fn check_evr(a: &str, b: &str) -> Result<(), TestCaseError> {
    let (x, y) = (Evr::parse(a).unwrap(), Evr::parse(b).unwrap());
    let by_key = x.sort_key().cmp(&y.sort_key());
    prop_assert_eq!(
        compare_evr(a, b).unwrap(),
        by_key,
        "compare_evr({:?}, {:?})",
        a,
        b
    );
    prop_assert_eq!(x.cmp(&y), by_key, "Evr {:?} vs {:?}", a, b);
    let (bx, by): (EvrBuf, EvrBuf) = (a.parse().unwrap(), b.parse().unwrap());
    prop_assert_eq!(bx.cmp(&by), by_key, "EvrBuf {:?} vs {:?}", a, b);
    Ok(())
}

/// A shared head, then two tails: the difference comes after the head, at any point of a
/// token, an epoch, a version or a release.
fn shared_head_pair() -> impl Strategy<Value = (String, String)> {
    (
        "([0-9]{1,3}:)?[0-9a-z]{0,3}([._~^-][0-9a-z]{0,4}){0,4}",
        "[0-9a-zA~^:._-]{0,6}",
        "[0-9a-zA~^:._-]{0,6}",
    )
        .prop_map(|(head, x, y)| (format!("{head}{x}"), format!("{head}{y}")))
        .prop_filter("rpm refuses the empty EVR", |(a, b)| {
            !a.is_empty() && !b.is_empty()
        })
}

proptest! {
    #[test]
    fn evr_shortcuts_agree_with_the_sort_key((a, b) in shared_head_pair()) {
        check_evr(&a, &b)?;
        check_evr(&b, &a)?;
    }

    #[test]
    fn vercmp_shortcuts_agree_with_the_sort_key((a, b) in shared_head_pair()) {
        prop_assert_eq!(vercmp(&a, &b), vercmp_sort_key(&a).cmp(&vercmp_sort_key(&b)));
    }

    #[test]
    fn owned_nevra_keeps_the_key_prefix_of_its_evr((a, b) in shared_head_pair()) {
        // `NevraBuf` stores the EVR's key prefix instead of encoding it again.
        let parse = |s: &str| format!("pkg-{s}.x86_64").parse::<NevraBuf>();
        if let (Ok(x), Ok(y)) = (parse(&a), parse(&b)) {
            let (ex, ey) = (x.as_nevra().evr(), y.as_nevra().evr());
            let (fx, fy) = (Evr::parse(ex.as_str()).unwrap(), Evr::parse(ey.as_str()).unwrap());
            prop_assert_eq!(ex.cmp(&ey), fx.cmp(&fy));
            prop_assert_eq!(ex.cmp(&ey), ex.sort_key().cmp(&ey.sort_key()));
        }
    }
}

#[test]
fn numbers_decide_by_length_then_first_differing_digit() {
    // Each order is rpmvercmp's (numeric segments); each pair reaches a different shortcut.
    let cases = [
        ("1.9-1", "1.10-1", Ordering::Less), // same run start, the longer number wins
        ("1.19-1", "1.100-1", Ordering::Less), // the difference inside the run
        ("1.23-1", "1.24-1", Ordering::Less), // same length: the first differing digit
        ("10-1", "9-1", Ordering::Greater),  // a difference at the very start
        ("1.010-1", "1.9-1", Ordering::Greater), // a leading zero: 10 > 9
        ("1.09-1", "1.9-1", Ordering::Equal), // a leading zero does not count
        ("1.2-1", "1.2a-1", Ordering::Less), // the run ends on both sides, then a letter
        ("2.0-1", "2.0.1-1", Ordering::Less), // the run ends, then the version end
    ];
    for (a, b, expected) in cases {
        assert_eq!(compare_evr(a, b).unwrap(), expected, "{a} vs {b}");
        assert_eq!(compare_evr(b, a).unwrap(), expected.reverse(), "{b} vs {a}");
        assert_eq!(
            Evr::parse(a).unwrap().cmp(&Evr::parse(b).unwrap()),
            expected,
            "{a} vs {b}"
        );
    }
}

#[test]
fn a_leading_number_outranks_a_leading_letter_tilde_or_caret() {
    // rpmvercmp: digits rank above letters, `^` and `~` (and `~` below the end).
    for other in ["svn1", "a", "Z9", "^1", "~1"] {
        assert_eq!(
            compare_evr("0", other).unwrap(),
            Ordering::Greater,
            "0 vs {other}"
        );
        assert_eq!(
            compare_evr(other, "1").unwrap(),
            Ordering::Less,
            "{other} vs 1"
        );
    }
    // A leading separator is skipped, so it does not decide.
    assert_eq!(compare_evr(".1", "1").unwrap(), Ordering::Equal);
}

#[test]
fn leading_digits_before_a_colon_are_an_epoch_wherever_the_texts_differ() {
    let cases = [
        ("1:1.0", "1.0", Ordering::Greater), // an epoch on one side only
        ("0:1.0", "1.0", Ordering::Equal),   // epoch 0 written out
        ("10:1.0", "9:2.0", Ordering::Greater), // epochs compare as numbers
        ("1:2.0", "12.0", Ordering::Greater), // the difference at the colon
        ("12:1", "1:20", Ordering::Greater), // the difference inside the epochs
        ("1:2.0-1", "1:2.0-2", Ordering::Less), // the same epoch, then the release
    ];
    for (a, b, expected) in cases {
        assert_eq!(compare_evr(a, b).unwrap(), expected, "{a} vs {b}");
        assert_eq!(compare_evr(b, a).unwrap(), expected.reverse(), "{b} vs {a}");
    }
}

#[test]
fn the_version_end_is_the_last_dash_whatever_the_shared_prefix_covers() {
    // The shared prefix ends after a `-` that is the last one on one side only.
    let cases = [
        ("1-25", "1-24-5", Ordering::Less),   // versions `1` and `1-24`
        ("1-2", "1-2-3", Ordering::Less),     // versions `1` and `1-2`
        ("1-2-3", "1-2-4", Ordering::Less),   // the same version `1-2`, releases 3 and 4
        ("1.0-1", "1.0-1.1", Ordering::Less), // the same version, releases 1 and 1.1
        ("1.0", "1.0-", Ordering::Less),      // no release sorts before an empty one
    ];
    for (a, b, expected) in cases {
        assert_eq!(compare_evr(a, b).unwrap(), expected, "{a} vs {b}");
        assert_eq!(compare_evr(b, a).unwrap(), expected.reverse(), "{b} vs {a}");
        let (x, y) = (Evr::parse(a).unwrap(), Evr::parse(b).unwrap());
        assert_eq!(x.cmp(&y), expected, "parsed {a} vs {b}");
    }
}

#[test]
fn parsed_pairs_beyond_the_key_prefix_compare_their_texts() {
    // The first eight key bytes of these are equal (epoch 0, then `1`, then `22`), so the
    // order comes from the texts.
    let head = "1.22.";
    let tails = [
        "3-1", "3-2", "3", "3~rc1-1", "3^git1-1", "03-1", "3.0-1", "4-1", "a-1", "3-1-1",
    ];
    for x in tails {
        for y in tails {
            let (a, b) = (format!("{head}{x}"), format!("{head}{y}"));
            let (p, q) = (Evr::parse(&a).unwrap(), Evr::parse(&b).unwrap());
            assert_eq!(p.sort_key().as_bytes()[..8], q.sort_key().as_bytes()[..8]);
            assert_eq!(p.cmp(&q), p.sort_key().cmp(&q.sort_key()), "{a} vs {b}");
        }
    }
}
