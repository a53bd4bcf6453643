//! The data-driven corpus (`testdata/*.txt`, format in `testdata/README.md`), run against
//! every representation of each scheme: the dynamic `compare`/`validate`, and for typed
//! schemes the parsed values' `Ord`, `Hash` and sort keys.

// Test code: a panic here is a failed test, not a crash on input (as clippy.toml allows in #[test]).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use patchcore_version::dotted::DottedVersion;
use patchcore_version::rpm::{Evr, EvrBuf, vercmp_sort_key};
use patchcore_version::windows::{KbId, OsBuild};
use patchcore_version::{Scheme, SortKey, compare, validate};
use support::{Expect, corpus, hash_of};

/// The sort key and hash of `s` as a typed value of `scheme` (where the scheme has them).
fn typed(scheme: Scheme, s: &str) -> Option<(SortKey, Option<u64>)> {
    match scheme {
        Scheme::Rpm => {
            let evr = Evr::parse(s).ok()?;
            let buf: EvrBuf = s.parse().ok()?;
            assert_eq!(
                hash_of(&evr),
                hash_of(&buf),
                "{s}: Evr and EvrBuf hash alike"
            );
            Some((evr.sort_key(), Some(hash_of(&evr))))
        }
        Scheme::RpmVercmp => Some((vercmp_sort_key(s), None)),
        Scheme::Kb => KbId::parse(s)
            .ok()
            .map(|v| (v.sort_key(), Some(hash_of(&v)))),
        Scheme::WindowsBuild => OsBuild::parse(s)
            .ok()
            .map(|v| (v.sort_key(), Some(hash_of(&v)))),
        Scheme::Dotted => DottedVersion::parse(s)
            .ok()
            .map(|v| (v.sort_key(), Some(hash_of(&v)))),
        _ => None,
    }
}

fn run(scheme: Scheme) -> usize {
    let cases = corpus(&format!("{scheme}.txt"));
    for case in &cases {
        let (a, b, place) = (&case.a, &case.b, &case.place);
        let context = format!("{place}: {a:?} {:?} {b:?} ({})", case.expect, case.source);
        match case.expect {
            Expect::Order(order) => {
                assert_eq!(compare(scheme, a, b).ok(), Some(order), "{context}");
                assert_eq!(
                    compare(scheme, b, a).ok(),
                    Some(order.reverse()),
                    "{context} reversed"
                );
                if let (Some((ka, ha)), Some((kb, hb))) = (typed(scheme, a), typed(scheme, b)) {
                    assert_eq!(ka.cmp(&kb), order, "{context}: sort keys");
                    if order.is_eq() {
                        assert_eq!(ka, kb, "{context}: equal versions have identical keys");
                        assert_eq!(ha, hb, "{context}: equal versions hash alike");
                    }
                }
            }
            Expect::Valid => assert!(validate(scheme, a).is_ok(), "{context}"),
            Expect::Invalid => {
                let err = validate(scheme, a).expect_err(&context);
                let message = err.to_string();
                assert!(!message.contains('\n'), "{context}: one line: {message}");
                assert!(
                    message.starts_with(&format!("invalid {scheme} version \"")),
                    "{message}"
                );
                assert!(
                    compare(scheme, a, a).is_err(),
                    "{context}: compare refuses it too"
                );
            }
        }
    }
    cases.len()
}

#[test]
fn rpm_evr_corpus() {
    assert!(run(Scheme::Rpm) > 30);
}

#[test]
fn rpm_vercmp_corpus() {
    assert!(run(Scheme::RpmVercmp) > 50);
}

#[test]
fn kb_corpus() {
    assert!(run(Scheme::Kb) > 10);
}

#[test]
fn windows_build_corpus() {
    assert!(run(Scheme::WindowsBuild) > 10);
}

#[test]
fn dotted_corpus() {
    assert!(run(Scheme::Dotted) > 10);
}

#[test]
fn semver_corpus() {
    assert!(run(Scheme::Semver) > 5);
}

#[test]
fn error_messages_stay_on_one_line_whatever_the_value_holds() {
    use patchcore_version::{Scheme, compare};
    for scheme in Scheme::ALL {
        for bad in ["1\n2", "x\r\ny", "\u{0}\t\n"] {
            if let Err(error) = compare(*scheme, bad, "1") {
                let message = error.to_string();
                assert!(!message.contains(['\n', '\r']), "{scheme}: {message:?}");
            }
        }
    }
    let error = compare(Scheme::Dotted, "1.a\nb", "1")
        .unwrap_err()
        .to_string();
    assert!(!error.contains('\n'), "{error:?}");
}
