//! Differential tests against the `rpm-version` crate (0.5.1, from the rpm-rs project).
//!
//! Its component comparison agrees with rpmvercmp on every generated pair. Its EVR parsing
//! does not follow librpm's `rpmverParse` in three ways; librpm wins, and each case is
//! recorded below and in `testdata/rpm.txt` (where the librpm oracle confirms our answer).

// Test code: a panic here is a failed test, not a crash on input (as clippy.toml allows in #[test]).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use std::cmp::Ordering;

use patchcore_version::rpm::{Evr, compare_evr, vercmp};
use support::{Rng, generate_pairs, real_strings};

fn theirs_vercmp(a: &str, b: &str) -> Ordering {
    let evr = |v| rpm_version::Evr::new("0", v, "0");
    evr(a).cmp(&evr(b))
}

#[test]
fn vercmp_agrees_with_rpm_version_on_generated_pairs() {
    let real = real_strings();
    let pairs = generate_pairs(&mut Rng::new(11), &real, 100_000);
    let disagreements: Vec<String> = pairs
        .iter()
        .filter(|(a, b)| vercmp(a, b) != theirs_vercmp(a, b))
        .map(|(a, b)| {
            format!(
                "{a:?} vs {b:?}: ours {:?}, rpm-version {:?}",
                vercmp(a, b),
                theirs_vercmp(a, b)
            )
        })
        .collect();
    assert!(
        disagreements.is_empty(),
        "{}",
        disagreements[..disagreements.len().min(20)].join("\n")
    );
}

/// Whether rpm-version splits `s` into the parts librpm does (it splits at the first `:`
/// and the first `-`, and has no "no release" state).
fn splits_alike(s: &str) -> bool {
    let ours = Evr::parse(s).unwrap();
    let (epoch, version, release) = rpm_version::Evr::parse_values(s);
    ours.epoch().unwrap_or_default() == epoch
        && ours.version() == version
        && ours
            .release()
            .is_some_and(|r| r == release && !r.is_empty())
}

#[test]
fn evr_order_agrees_with_rpm_version_where_it_splits_like_librpm() {
    let real = real_strings();
    let pairs = generate_pairs(&mut Rng::new(12), &real, 100_000);
    let mut compared = 0;
    for (a, b) in &pairs {
        if a.is_empty() || b.is_empty() || !splits_alike(a) || !splits_alike(b) {
            continue;
        }
        assert_eq!(
            compare_evr(a, b).unwrap(),
            rpm_version::rpm_evr_compare(a, b),
            "{a:?} vs {b:?}"
        );
        compared += 1;
    }
    assert!(compared > 20_000, "{compared}");
}

/// The recorded disagreements: `(a, b, librpm's answer, why rpm-version differs)`.
const DISAGREEMENTS: &[(&str, &str, Ordering, &str)] = &[
    (
        "1.0-1-2",
        "1.0-1.5",
        Ordering::Greater,
        "rpm-version splits the release at the first dash",
    ),
    (
        "b:1",
        "a.2",
        Ordering::Greater,
        "rpm-version reads any text before `:` as the epoch",
    ),
    (
        "1.0",
        "1.0-",
        Ordering::Less,
        "rpm-version has no missing release: \"\" and none are equal",
    ),
];

#[test]
fn librpm_wins_where_rpm_version_parses_differently() {
    for &(a, b, librpm, why) in DISAGREEMENTS {
        assert_eq!(compare_evr(a, b).unwrap(), librpm, "{a} vs {b}");
        let theirs = rpm_version::rpm_evr_compare(a, b);
        assert_ne!(
            theirs, librpm,
            "rpm-version now agrees on {a} vs {b} ({why}): update the record"
        );
    }
}

#[test]
fn rpm_version_eq_is_textual_where_ours_follows_the_order() {
    // rpm-version's Evr compares Equal under Ord but is != under Eq for differently written
    // versions; ours keeps Eq, Hash and Ord in step (versions.md: equality, hashing, ordering).
    let (a, b) = (
        rpm_version::Evr::new("0", "1.0", "1"),
        rpm_version::Evr::new("0", "1_0", "1"),
    );
    assert_eq!(a.cmp(&b), Ordering::Equal);
    assert_ne!(a, b);
    assert_eq!(Evr::parse("1.0-1").unwrap(), Evr::parse("1_0-1").unwrap());
}
