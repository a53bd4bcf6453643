//! The Windows and dotted rules of `../shared/spec/versions.md` and issue 2, one test per rule.

// Test code: a panic here is a failed test, not a crash on input (as clippy.toml allows in #[test]).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::cmp::Ordering::{Equal, Greater, Less};
use std::collections::HashSet;

use patchcore_version::dotted::DottedVersion;
use patchcore_version::windows::{BulletinId, KbId, OsBuild};
use patchcore_version::{ErrorKind, Scheme, compare, validate};

#[test]
fn kb_prefix_in_any_case_or_none_names_the_same_update() {
    let ids: HashSet<KbId> = ["KB5031361", "kb5031361", "Kb5031361", "5031361"]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(ids.len(), 1);
}

#[test]
fn kb_ids_display_with_uppercase_prefix() {
    assert_eq!(
        "kb5031361".parse::<KbId>().unwrap().to_string(),
        "KB5031361"
    );
}

#[test]
fn kb_ids_order_numerically() {
    assert_eq!(compare(Scheme::Kb, "KB890830", "KB5031361").unwrap(), Less);
}

#[test]
fn kb_ids_are_kb_and_digits_or_digits_only() {
    for bad in ["", "KB", "KB-1", "KB 1", "1a", "+1", "KB1.0", "MS17-010"] {
        assert!(validate(Scheme::Kb, bad).is_err(), "{bad:?}");
    }
}

#[test]
fn bulletin_ids_are_year_then_number() {
    let id: BulletinId = "ms17-010".parse().unwrap();
    assert_eq!(
        (id.year(), id.number(), id.to_string()),
        (2017, 10, "MS17-010".to_owned())
    );
    assert!(
        "MS98-001".parse::<BulletinId>().unwrap() < id,
        "MS98 is 1998"
    );
    for bad in ["MS17-10", "MS1-010", "XS17-010", "MS17_010", "MS17-010 "] {
        assert_eq!(
            BulletinId::parse(bad).unwrap_err().kind(),
            &ErrorKind::NotBulletinId,
            "{bad}"
        );
    }
}

#[test]
fn os_builds_compare_by_build_then_revision() {
    assert_eq!(
        compare(Scheme::WindowsBuild, "17763.5122", "20348.1").unwrap(),
        Less
    );
    assert_eq!(
        compare(Scheme::WindowsBuild, "17763.5206", "17763.5122").unwrap(),
        Greater
    );
}

#[test]
fn short_and_long_form_of_one_build_are_equal() {
    let short: OsBuild = "17763.5122".parse().unwrap();
    let long: OsBuild = "10.0.17763.5122".parse().unwrap();
    assert_eq!(short, long);
    assert_eq!(HashSet::from([short, long]).len(), 1);
    assert_eq!(
        (short.to_string(), long.to_string()),
        ("17763.5122".into(), "10.0.17763.5122".into())
    );
}

#[test]
fn os_builds_have_two_or_four_numeric_components() {
    assert_eq!(
        OsBuild::parse("10.0.17763").unwrap_err().kind(),
        &ErrorKind::ComponentCount { found: 3 }
    );
    assert_eq!(
        OsBuild::parse("10.0.17763.5122.1").unwrap_err().kind(),
        &ErrorKind::ComponentCount { found: 5 }
    );
    assert_eq!(
        OsBuild::parse("17763.").unwrap_err().kind(),
        &ErrorKind::EmptyComponent { index: 2 }
    );
    assert!(matches!(
        OsBuild::parse("x.1").unwrap_err().kind(),
        ErrorKind::NonNumericComponent { index: 1, .. }
    ));
}

#[test]
fn dotted_missing_component_counts_as_zero() {
    assert_eq!(compare(Scheme::Dotted, "14.2", "14.2.0").unwrap(), Equal);
    let set: HashSet<DottedVersion> = ["14.2", "14.2.0", "14.02.00.0"]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(set.len(), 1);
}

#[test]
fn dotted_components_compare_numerically_with_no_size_limit() {
    assert_eq!(compare(Scheme::Dotted, "14.2.1", "14.10").unwrap(), Less);
    let big = "9".repeat(500);
    assert_eq!(
        compare(Scheme::Dotted, &format!("1.{big}"), &format!("1.1{big}")).unwrap(),
        Less
    );
}

#[test]
fn dotted_refuses_empty_and_non_numeric_components() {
    assert_eq!(
        validate(Scheme::Dotted, "").unwrap_err().kind(),
        &ErrorKind::Empty
    );
    assert_eq!(
        validate(Scheme::Dotted, "1..2").unwrap_err().kind(),
        &ErrorKind::EmptyComponent { index: 2 }
    );
    assert!(matches!(
        validate(Scheme::Dotted, "1.2b").unwrap_err().kind(),
        ErrorKind::NonNumericComponent { index: 2, .. }
    ));
}

#[test]
fn dotted_display_keeps_the_text() {
    assert_eq!(
        "14.02".parse::<DottedVersion>().unwrap().to_string(),
        "14.02"
    );
}

#[test]
fn semver_is_compared_by_the_semver_crate() {
    assert_eq!(
        compare(Scheme::Semver, "1.0.0-rc.1", "1.0.0").unwrap(),
        Less
    );
    assert!(matches!(
        validate(Scheme::Semver, "1.0").unwrap_err().kind(),
        ErrorKind::Semver { .. }
    ));
}

#[test]
fn error_messages_name_scheme_value_and_problem() {
    let err = validate(Scheme::WindowsBuild, "10.0.17763").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid windows-build version \"10.0.17763\": it has 3 components, expected 2 (build.revision) or 4 (major.minor.build.revision)"
    );
    let huge = "1.".repeat(100_000);
    let message = validate(Scheme::Dotted, &huge).unwrap_err().to_string();
    assert!(message.len() < 200 && message.contains('…'), "{message}");
}
