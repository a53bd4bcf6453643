//! Comparing two version strings directly (`deb::compare`, `rpm::compare_evr`: one pass
//! over both, inlined into the caller) must give exactly what parsing each and comparing
//! the parsed values gives — the same order, and an error exactly when a side does not
//! parse — on any input: arbitrary strings, arbitrary bytes, and version-like strings
//! heavy in the characters that steer the fast paths.

// Support code of a test may panic like the tests themselves: a panic is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::cmp::Ordering;

use patchcore_version::{deb, rpm};
use proptest::prelude::*;

/// A comparison of two strings against parsing both and comparing the parsed values: the
/// same order both ways round, and an error exactly when a side does not parse.
fn check(
    a: &str,
    b: &str,
    from_strings: impl Fn(&str, &str) -> Option<Ordering>,
    parsed: impl Fn(&str, &str) -> Option<Ordering>,
) -> Result<(), TestCaseError> {
    let expected = parsed(a, b);
    prop_assert_eq!(from_strings(a, b), expected, "{:?} vs {:?}", a, b);
    prop_assert_eq!(
        from_strings(b, a),
        expected.map(Ordering::reverse),
        "{:?} vs {:?}",
        b,
        a
    );
    Ok(())
}

/// `deb::compare` against `deb::Version::parse` + `Ord`.
fn check_deb(a: &str, b: &str) -> Result<(), TestCaseError> {
    check(
        a,
        b,
        |x, y| deb::compare(x, y).ok(),
        |x, y| {
            Some(
                deb::Version::parse(x)
                    .ok()?
                    .cmp(&deb::Version::parse(y).ok()?),
            )
        },
    )
}

/// `rpm::compare_evr` against `rpm::Evr::parse` + `Ord`.
fn check_rpm(a: &str, b: &str) -> Result<(), TestCaseError> {
    check(
        a,
        b,
        |x, y| rpm::compare_evr(x, y).ok(),
        |x, y| Some(rpm::Evr::parse(x).ok()?.cmp(&rpm::Evr::parse(y).ok()?)),
    )
}

/// Two versions of one package, or two unrelated ones: a shared head (sometimes empty)
/// and two ends, over digits, letters, every separator of both schemes, blanks and a
/// non-ASCII letter; lengths around the 8- and 16-byte words the scans read.
fn version_like_pair() -> impl Strategy<Value = (String, String)> {
    let part = "[0-9a-zA-Z.+~^_:\\- \u{e9}]{0,12}";
    (
        prop::option::of("[0-9]{1,2}:"),
        "([0-9][0-9a-z.+~-]{0,16})?",
        part,
        part,
    )
        .prop_map(|(epoch, head, end_a, end_b)| {
            let epoch = epoch.unwrap_or_default();
            (
                format!("{epoch}{head}{end_a}"),
                format!("{epoch}{head}{end_b}"),
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn deb_strings_compare_as_parsed_versions((a, b) in version_like_pair()) {
        check_deb(&a, &b)?;
    }

    #[test]
    fn rpm_strings_compare_as_parsed_evrs((a, b) in version_like_pair()) {
        check_rpm(&a, &b)?;
    }

    #[test]
    fn arbitrary_strings_compare_as_parsed(a in any::<String>(), b in any::<String>()) {
        check_deb(&a, &b)?;
        check_rpm(&a, &b)?;
    }

    #[test]
    fn arbitrary_bytes_compare_as_parsed(
        a in prop::collection::vec(any::<u8>(), 0..40),
        b in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        let (a, b) = (String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
        check_deb(&a, &b)?;
        check_rpm(&a, &b)?;
    }
}

/// The paths the string comparison takes for versions of one package, each with a pair
/// that takes it: the difference in the release after a long shared prefix, a `-` after
/// the shared prefix in one text or both, epochs written alike or differently, a `:` in
/// the upstream version.
#[test]
fn each_shortcut_agrees_with_the_parsed_comparison() {
    for (a, b) in [
        ("1.3.38-1.amzn2023.0.4", "1.3.38-1.amzn2023.0.5"),
        ("1.3.38-1.amzn2023.0.4", "1.3.38-1.amzn2023.0.4-1"),
        ("1.3.38.1.2.3", "1.3.38.1.2.4-1"),
        ("1.3.38.1.2.3", "1.3.38.1.2.3~rc1"),
        ("svn15878.0-59.amzn2023.0.2", "svn15878.0-38.amzn2.0.5"),
        ("2:6.1.7.10+dfsg-1~deb12u3", "2:6.1.7.10+dfsg-1~deb12u2"),
        ("2:6.1.7.10+dfsg-1", "2:6.1.7.10+dfsg-1+b1"),
        ("02:6.1-1", "2:6.1-1"),
        ("0:6.1-1", "6.1-1"),
        ("1:2:3-1", "1:2:3-2"),
        ("1:2.0-1", "1:2.0-1:1"),
        ("4:12.2.0-4", "1.203"),
    ] {
        check_deb(a, b).unwrap();
        check_rpm(a, b).unwrap();
        // Two refusals agree too: each pair must be a real comparison in one scheme at least.
        let deb_ok = deb::Version::parse(a).is_ok() && deb::Version::parse(b).is_ok();
        let rpm_ok = rpm::Evr::parse(a).is_ok() && rpm::Evr::parse(b).is_ok();
        assert!(deb_ok || rpm_ok, "{a:?} vs {b:?} parses in neither scheme");
    }
}
