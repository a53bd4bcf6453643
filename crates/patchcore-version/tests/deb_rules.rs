//! The rules of Debian versions (Debian Policy 5.6.12, dpkg 1.21's `parseversion` and
//! `dpkg_version_compare`), one test per rule. Every expectation here was checked with
//! dpkg 1.21.22; `testdata/deb_cases.txt` holds many more cases with their sources.

// Support code of a test may panic like the tests themselves: a panic is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::cmp::Ordering::{self, Equal, Greater, Less};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use patchcore_version::deb::{self, Version, VersionBuf};
use patchcore_version::{ErrorKind, Scheme};

fn cmp(a: &str, b: &str) -> Ordering {
    deb::compare(a, b).unwrap_or_else(|err| panic!("{a:?} vs {b:?}: {err}"))
}

fn kind(text: &str) -> ErrorKind {
    Version::parse(text).expect_err(text).kind().clone()
}

fn hash_of(version: &Version<'_>) -> u64 {
    let mut hasher = DefaultHasher::new();
    version.hash(&mut hasher);
    hasher.finish()
}

#[test]
fn tilde_sorts_before_everything_even_the_end_of_a_part() {
    assert_eq!(cmp("1.0~rc1", "1.0"), Less);
    assert_eq!(cmp("1.0~~", "1.0~"), Less);
    assert_eq!(cmp("1.0~", "1.0-0"), Less);
    assert_eq!(cmp("1.0~rc1-1", "1.0-1"), Less);
}

#[test]
fn end_of_a_part_sorts_before_letters_and_letters_before_other_characters() {
    assert_eq!(cmp("1.0", "1.0a"), Less);
    assert_eq!(cmp("1.0z", "1.0+"), Less);
    assert_eq!(cmp("1.0z", "1.0."), Less);
    assert_eq!(cmp("1.0", "1.0.0"), Less);
}

#[test]
fn letters_compare_by_ascii_so_uppercase_sorts_first() {
    assert_eq!(cmp("1.0Z", "1.0a"), Less);
    assert_eq!(cmp("1.0rc", "1.0beta"), Greater);
}

#[test]
fn other_characters_compare_by_ascii() {
    // + (0x2b) < - (0x2d) < . (0x2e) < : (0x3a)
    assert_eq!(cmp("1+a-1", "1-a-1"), Less);
    assert_eq!(cmp("1-a-1", "1.a-1"), Less);
    assert_eq!(cmp("0:1.a", "0:1:a"), Less);
}

#[test]
fn digit_parts_compare_numerically_ignoring_leading_zeros() {
    assert_eq!(cmp("1.9", "1.10"), Less);
    assert_eq!(cmp("1.01", "1.1"), Equal);
    assert_eq!(cmp("1.000", "1.0"), Equal);
    assert_eq!(cmp("1.19", "1.2"), Greater);
}

#[test]
fn digit_parts_have_no_size_limit() {
    assert_eq!(
        cmp("12345678901234567890123", "12345678901234567890124"),
        Less
    );
    assert_eq!(
        cmp("99999999999999999999999999", "100000000000000000000000000"),
        Less
    );
    assert_eq!(
        cmp(
            &format!("1.{}", "9".repeat(5000)),
            &format!("1.1{}", "0".repeat(5000))
        ),
        Less
    );
}

#[test]
fn epoch_compares_first_and_numerically() {
    assert_eq!(cmp("1:0.1", "9.9"), Greater);
    assert_eq!(cmp("10:1", "9:1"), Greater);
    assert_eq!(cmp("01:1", "1:1"), Equal);
    assert_eq!(cmp("0:1", "1"), Equal);
}

#[test]
fn a_missing_revision_equals_every_all_zero_revision_and_nothing_else() {
    assert_eq!(cmp("1.0", "1.0-0"), Equal);
    assert_eq!(cmp("1.0", "1.0-000"), Equal);
    assert_eq!(cmp("1.0", "1.0-0.0"), Less);
    assert_eq!(cmp("1.0", "1.0-0a"), Less);
    assert_eq!(cmp("1.0", "1.0-0~"), Greater);
    assert_eq!(cmp("1.0", "1.0-~"), Greater);
}

#[test]
fn the_revision_follows_the_last_hyphen() {
    let v = Version::parse("1.0-2-3").unwrap();
    assert_eq!((v.upstream(), v.revision()), ("1.0-2", Some("3")));
    assert_eq!(cmp("1.0-10-1", "1.0-9-2"), Greater);
}

#[test]
fn the_epoch_precedes_the_first_colon_and_later_colons_belong_to_the_upstream_version() {
    let v = Version::parse("1:2:3-4").unwrap();
    assert_eq!(
        (v.epoch(), v.upstream(), v.revision()),
        (1, "2:3", Some("4"))
    );
    assert_eq!(kind("1.0:2"), ErrorKind::EpochNotNumber);
}

#[test]
fn the_epoch_is_read_like_strtol() {
    // Optional sign, C white space other than blanks before it, leading zeros.
    for (text, epoch) in [
        ("+1:1", 1),
        ("-0:1", 0),
        ("01:1", 1),
        ("\u{b}2:1", 2),
        ("\u{c}\r\n3:1", 3),
    ] {
        assert_eq!(Version::parse(text).unwrap().epoch(), epoch, "{text:?}");
    }
    assert_eq!(kind("+:1"), ErrorKind::EpochEmpty);
    assert_eq!(kind("a:1"), ErrorKind::EpochEmpty);
    assert_eq!(kind("1a:1"), ErrorKind::EpochNotNumber);
    assert_eq!(kind("1\n:1"), ErrorKind::EpochNotNumber);
}

#[test]
fn the_epoch_lies_between_0_and_2147483647() {
    assert_eq!(
        Version::parse("2147483647:1").unwrap().epoch(),
        2_147_483_647
    );
    assert_eq!(kind("2147483648:1"), ErrorKind::EpochTooBig);
    assert_eq!(kind("99999999999999999999999:1"), ErrorKind::EpochTooBig);
    assert_eq!(kind("-1:1"), ErrorKind::EpochNegative);
    assert_eq!(kind("-99999999999999999999999:1"), ErrorKind::EpochNegative);
}

#[test]
fn surrounding_blanks_are_trimmed_and_inner_ones_refused() {
    assert_eq!(cmp(" \t1.0-1\t ", "1.0-1"), Equal);
    assert_eq!(Version::parse(" 1.0 ").unwrap().to_string(), " 1.0 ");
    assert_eq!(kind("1.0 1"), ErrorKind::EmbeddedBlank { offset: 3 });
    assert_eq!(kind(" 1.0\t-1"), ErrorKind::EmbeddedBlank { offset: 4 });
    // Only space and tab are blanks: a vertical tab at the end is a bad character.
    assert!(matches!(
        kind("1.0\u{b}"),
        ErrorKind::InvalidUpstreamChar {
            character: '\u{b}',
            offset: 3
        }
    ));
}

#[test]
fn empty_parts_are_refused_in_dpkgs_order() {
    assert_eq!(kind(""), ErrorKind::Empty);
    assert_eq!(kind(" \t "), ErrorKind::Empty);
    assert_eq!(kind(":1"), ErrorKind::EpochEmpty);
    assert_eq!(kind("1:"), ErrorKind::NothingAfterColon);
    assert_eq!(kind("1: "), ErrorKind::EmptyUpstream);
    assert_eq!(kind("1.0-"), ErrorKind::EmptyRevision);
    // The revision is checked before the upstream version.
    assert_eq!(kind("-"), ErrorKind::EmptyRevision);
    assert_eq!(kind("-1"), ErrorKind::EmptyUpstream);
    assert_eq!(kind("0:-1"), ErrorKind::EmptyUpstream);
}

#[test]
fn dpkg_warnings_are_refused_too() {
    assert_eq!(kind("v1.0"), ErrorKind::UpstreamNotDigit { first: 'v' });
    assert_eq!(kind("1:~1"), ErrorKind::UpstreamNotDigit { first: '~' });
    assert_eq!(
        kind("1.0_1"),
        ErrorKind::InvalidUpstreamChar {
            character: '_',
            offset: 3
        }
    );
    assert_eq!(
        kind("1^git1"),
        ErrorKind::InvalidUpstreamChar {
            character: '^',
            offset: 1
        }
    );
    assert_eq!(
        kind("1é"),
        ErrorKind::InvalidUpstreamChar {
            character: 'é',
            offset: 1
        }
    );
    assert_eq!(
        kind("1:1.0-1:2"),
        ErrorKind::InvalidRevisionChar {
            character: ':',
            offset: 7
        }
    );
    assert_eq!(
        kind("1.0-1_2"),
        ErrorKind::InvalidRevisionChar {
            character: '_',
            offset: 5
        }
    );
}

#[test]
fn nul_is_an_invalid_character() {
    // dpkg reads C strings and never sees one; a Rust string may hold it.
    assert_eq!(
        kind("1\0"),
        ErrorKind::InvalidUpstreamChar {
            character: '\0',
            offset: 1
        }
    );
    assert_eq!(
        kind("1-1\0"),
        ErrorKind::InvalidRevisionChar {
            character: '\0',
            offset: 3
        }
    );
}

#[test]
fn every_allowed_character_is_accepted() {
    assert!(Version::parse("0:09azAZ.-+~:-0").is_ok());
    assert!(Version::parse("0:0-azAZ09.+~").is_ok());
}

#[test]
fn errors_name_the_scheme_the_value_and_the_problem() {
    let err = Version::parse("1:x1.0").unwrap_err();
    assert_eq!(err.scheme(), Some(Scheme::Deb));
    assert_eq!(
        err.to_string(),
        r#"invalid deb version "1:x1.0": the upstream version starts with 'x', not a digit"#
    );
    assert_eq!(
        deb::compare("1.0", "2147483648:1").unwrap_err().to_string(),
        r#"invalid deb version "2147483648:1": the epoch is larger than 2147483647"#
    );
}

#[test]
fn huge_invalid_input_gives_a_short_message() {
    let huge = format!("1.0{}", "@".repeat(10_000_000));
    let message = Version::parse(&huge).unwrap_err().to_string();
    assert!(message.len() < 300, "{} bytes", message.len());
}

#[test]
fn equal_versions_are_eq_hash_alike_and_share_a_sort_key() {
    let texts = ["1.0", "1.00", "0:1.0-0", "00:1.000-00", " 1.0\t", "+0:1.0"];
    let versions: Vec<Version<'_>> = texts.iter().map(|t| Version::parse(t).unwrap()).collect();
    for v in &versions {
        assert_eq!(*v, versions[0], "{v}");
        assert_eq!(hash_of(v), hash_of(&versions[0]), "{v}");
        assert_eq!(v.sort_key(), versions[0].sort_key(), "{v}");
        assert_eq!(v.to_buf(), versions[0].to_buf(), "{v}");
    }
}

#[test]
fn sort_keys_order_like_dpkg() {
    let ordered = [
        "1.0~~", "1.0~", "1.0-~", "1.0", "1.0-0.0", "1.0-1", "1.0a", "1.0+", "1.0.0", "1.1",
        "1.10", "1:0", "2:0~",
    ];
    for pair in ordered.windows(2) {
        let (a, b) = (
            Version::parse(pair[0]).unwrap(),
            Version::parse(pair[1]).unwrap(),
        );
        assert_eq!(a.cmp(&b), Less, "{a} < {b}");
        assert!(a.sort_key() < b.sort_key(), "{a} < {b} by sort key");
    }
}

#[test]
fn display_is_the_original_text_and_parts_are_borrowed() {
    let v = Version::parse("1:2.36-9+deb12u4").unwrap();
    assert_eq!(v.to_string(), "1:2.36-9+deb12u4");
    assert_eq!(v.as_str(), "1:2.36-9+deb12u4");
    assert_eq!(
        (v.epoch(), v.upstream(), v.revision()),
        (1, "2.36", Some("9+deb12u4"))
    );
    assert!(v.has_epoch());
    let plain = Version::parse("2.36").unwrap();
    assert_eq!(
        (plain.epoch(), plain.revision(), plain.has_epoch()),
        (0, None, false)
    );
}

#[test]
fn owned_versions_are_small_and_agree_with_borrowed_ones() {
    assert!(size_of::<VersionBuf>() <= 48);
    let owned: VersionBuf = "1:2.0-1".parse().unwrap();
    assert_eq!(owned.as_version(), Version::parse("1:2.0-1").unwrap());
    assert_eq!(
        (owned.epoch(), owned.upstream(), owned.revision()),
        (1, "2.0", Some("1"))
    );
    assert_eq!(owned.to_string(), "1:2.0-1");
    assert_eq!(owned.sort_key(), owned.as_version().sort_key());
    assert!(owned < "1:2.0-2".parse().unwrap());
    assert!("v2".parse::<VersionBuf>().is_err());
}

#[test]
fn the_dynamic_entry_point_dispatches_deb() {
    assert_eq!(
        patchcore_version::compare(Scheme::Deb, "1.0~rc1", "1.0").unwrap(),
        Less
    );
    assert!(patchcore_version::validate(Scheme::Deb, "1.0-1").is_ok());
    assert!(patchcore_version::validate(Scheme::Deb, "1.0-").is_err());
}

#[cfg(feature = "serde")]
#[test]
fn serde_writes_and_reads_the_text() {
    let v = Version::parse(" 1:1.0-1").unwrap();
    let json = serde_json::to_string(&v).unwrap();
    assert_eq!(json, r#"" 1:1.0-1""#);
    let back: Version<'_> = serde_json::from_str(&json).unwrap();
    assert_eq!(back.as_str(), " 1:1.0-1");
    let owned: VersionBuf = serde_json::from_str(r#""1.0\u007e1""#).unwrap();
    assert_eq!(owned.as_str(), "1.0~1");
    assert_eq!(serde_json::to_string(&owned).unwrap(), r#""1.0~1""#);
    let err = serde_json::from_str::<VersionBuf>(r#""1.0-""#).unwrap_err();
    assert!(
        err.to_string()
            .contains("the revision after the last '-' is empty"),
        "{err}"
    );
}

#[cfg(feature = "debversion")]
#[test]
fn converts_to_and_from_debversion() {
    let ours = Version::parse("1:2.0-1").unwrap();
    let theirs = debversion::Version::from(ours);
    assert_eq!(theirs.to_string(), "1:2.0-1");
    assert_eq!(VersionBuf::try_from(&theirs).unwrap(), ours.to_buf());
    let no_epoch = debversion::Version::from(Version::parse("2.0").unwrap());
    assert_eq!(no_epoch.to_string(), "2.0");
    // debversion accepts an upstream version starting with a letter; dpkg warns.
    let lenient: debversion::Version = "a1.0".parse().unwrap();
    assert!(VersionBuf::try_from(&lenient).is_err());
}
