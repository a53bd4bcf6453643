//! The RPM rules of `../shared/spec/versions.md`, one test per rule (the answers were read
//! from librpm 4.18; the oracle suite checks them against it again).

// Test code: a panic here is a failed test, not a crash on input (as clippy.toml allows in #[test]).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::cmp::Ordering::{Equal, Greater, Less};
use std::collections::HashSet;

use patchcore_version::rpm::{Evr, EvrBuf, Nevra, compare_evr, vercmp};
use patchcore_version::{ErrorKind, Scheme, compare, validate};

#[test]
fn identical_strings_are_equal() {
    assert_eq!(vercmp("1.0-x", "1.0-x"), Equal);
    assert_eq!(vercmp("", ""), Equal);
}

#[test]
fn which_separator_and_how_many_does_not_matter() {
    assert_eq!(vercmp("1.0", "1_0"), Equal);
    assert_eq!(vercmp("1.0", "1..0"), Equal);
    assert_eq!(vercmp("1.0", "1+-/0"), Equal);
}

#[test]
fn non_ascii_bytes_are_separators() {
    assert_eq!(vercmp("1.1.α", "1.1.β"), Equal);
    assert_eq!(vercmp("1é0", "1.0"), Equal);
}

#[test]
fn tilde_sorts_before_everything_including_the_end() {
    assert_eq!(vercmp("1.0~rc1", "1.0"), Less);
    assert_eq!(vercmp("1.0~", "1.0"), Less);
    assert_eq!(vercmp("1.0~rc1~git", "1.0~rc1"), Less);
}

#[test]
fn caret_sorts_after_the_end_but_before_a_further_segment() {
    assert_eq!(vercmp("1.0", "1.0^git1"), Less);
    assert_eq!(vercmp("1.0^git1", "1.0.1"), Less);
    assert_eq!(vercmp("1.0^git1", "1.0a"), Less);
}

#[test]
fn digit_runs_compare_numerically_with_no_size_limit() {
    assert_eq!(vercmp("1.10", "1.9"), Greater);
    assert_eq!(vercmp("10.0001", "10.1"), Equal);
    let huge = "123456789012345678901234567890";
    assert_eq!(vercmp(&format!("1.{huge}"), &format!("1.0{huge}")), Equal);
    assert_eq!(vercmp(&format!("1.{huge}"), &format!("1.{huge}1")), Less);
}

#[test]
fn digit_run_is_newer_than_letter_run() {
    assert_eq!(vercmp("1.0", "1.a"), Greater);
    assert_eq!(vercmp("1b.fc17", "1.fc17"), Less);
}

#[test]
fn letter_runs_compare_bytewise_uppercase_first() {
    assert_eq!(vercmp("1.0Z", "1.0a"), Less);
    assert_eq!(vercmp("1.0a", "1.0aa"), Less);
}

#[test]
fn the_string_with_a_segment_left_is_newer() {
    assert_eq!(vercmp("2.0", "2.0.1"), Less);
    assert_eq!(vercmp("2.0.", "2.0"), Equal);
}

#[test]
fn epoch_is_the_leading_digit_run_before_a_colon() {
    let evr = Evr::parse("12:1.0-1").unwrap();
    assert_eq!(evr.epoch(), Some("12"));
    let no_epoch = Evr::parse("a:1.0-1").unwrap();
    assert_eq!((no_epoch.epoch(), no_epoch.version()), (None, "a:1.0"));
}

#[test]
fn missing_or_empty_epoch_is_zero() {
    assert_eq!(compare_evr("1.0-1", "0:1.0-1").unwrap(), Equal);
    assert_eq!(compare_evr(":1.0-1", "0:1.0-1").unwrap(), Equal);
    assert_eq!(Evr::parse(":1.0").unwrap().epoch(), Some("0"));
}

#[test]
fn epochs_compare_as_digit_strings_not_machine_integers() {
    assert_eq!(
        compare_evr("18446744073709551616:1", "18446744073709551615:9").unwrap(),
        Greater
    );
    assert_eq!(compare_evr("007:1", "7:1").unwrap(), Equal);
}

#[test]
fn release_is_what_follows_the_last_dash() {
    let evr = Evr::parse("1.0-rc-3").unwrap();
    assert_eq!((evr.version(), evr.release()), ("1.0-rc", Some("3")));
}

#[test]
fn comparison_is_epoch_then_version_then_release() {
    assert_eq!(compare_evr("1:1.0-1", "9.0-9").unwrap(), Greater);
    assert_eq!(compare_evr("1.0-9", "1.1-1").unwrap(), Less);
    assert_eq!(compare_evr("1.0-1", "1.0-2").unwrap(), Less);
}

#[test]
fn missing_release_sorts_before_any_release() {
    // rpmverCmp (librpm 4.18): rpm.ver('1.0') < rpm.ver('1.0-1'), and even < '1.0-'.
    assert_eq!(compare_evr("1.0", "1.0-1").unwrap(), Less);
    assert_eq!(compare_evr("1.0", "1.0-").unwrap(), Less);
    assert_eq!(compare_evr("1.0", "1.0-~").unwrap(), Less);
}

#[test]
fn only_the_empty_string_is_an_invalid_evr() {
    assert_eq!(Evr::parse("").unwrap_err().kind(), &ErrorKind::Empty);
    for accepted in [" ", "-", ":", "::", "1 .0", "é", "\u{1}"] {
        assert!(validate(Scheme::Rpm, accepted).is_ok(), "{accepted:?}");
    }
    assert!(
        validate(Scheme::RpmVercmp, "").is_ok(),
        "rpmvercmp accepts every string"
    );
}

#[test]
fn equal_versions_are_equal_and_hash_alike_though_written_differently() {
    let set: HashSet<EvrBuf> = ["1.0-1", "1_0-1", "1..0-01", "0:01.0-1"]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(set.len(), 1);
}

#[test]
fn display_keeps_the_original_text() {
    assert_eq!(Evr::parse("0:01.0-1").unwrap().to_string(), "0:01.0-1");
    assert_eq!("1_0".parse::<EvrBuf>().unwrap().to_string(), "1_0");
}

#[test]
fn nevra_is_split_from_the_right() {
    let n = Nevra::parse("glibc-langpack-en-2.34-60.el9.x86_64").unwrap();
    assert_eq!(
        (n.name(), n.evr().version(), n.evr().release(), n.arch()),
        ("glibc-langpack-en", "2.34", Some("60.el9"), Some("x86_64"))
    );
}

#[test]
fn patch_manager_nevra_form_is_read() {
    let n = Nevra::parse("glibc-langpack-en.x86_64:0:2.34-60.el9").unwrap();
    assert_eq!((n.name(), n.arch()), ("glibc-langpack-en", Some("x86_64")));
    assert_eq!(
        n,
        Nevra::parse("glibc-langpack-en-0:2.34-60.el9.x86_64").unwrap()
    );
}

#[test]
fn huge_inputs_compare_without_trouble() {
    let a = format!("1.{}-1", "9".repeat(1_000_000));
    let b = format!("1.{}0-1", "9".repeat(999_999));
    assert_eq!(compare(Scheme::Rpm, &a, &b).unwrap(), Greater);
    let err = compare(Scheme::Rpm, "", &a).unwrap_err();
    assert!(err.to_string().len() < 200);
}
