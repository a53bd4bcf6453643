//! The data-driven Debian cases: our corpus (`testdata/deb_cases.txt`, each case with its
//! source) and, when the shared folder is present, the version pairs and invalid strings of
//! dpkg's own test suite (`../shared/realworld/versions/upstream`). dpkg 1.21 wins over any
//! other expectation; where the upstream files expect something else, our corpus records
//! dpkg's answer and that case is taken from the corpus.

// Support code of a test may panic like the tests themselves: a panic is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use patchcore_version::deb::{self, Version};

mod deb_support;

use deb_support::{Case, corpus};

fn answer(a: &str, b: &str) -> String {
    match deb::compare(a, b) {
        Ok(Ordering::Less) => "-1".into(),
        Ok(Ordering::Equal) => "0".into(),
        Ok(Ordering::Greater) => "1".into(),
        Err(_) => "E".into(),
    }
}

fn reversed(answer: &str) -> &str {
    match answer {
        "-1" => "1",
        "1" => "-1",
        other => other,
    }
}

/// The name of an error kind's variant (`EpochTooBig` of `EpochTooBig` or `UpstreamNotDigit { .. }`).
fn kind_name(text: &str) -> Option<String> {
    let err = Version::parse(text).err()?;
    let debug = format!("{:?}", err.kind());
    Some(
        debug
            .split([' ', '{', '('])
            .next()
            .unwrap_or_default()
            .to_owned(),
    )
}

#[test]
fn every_corpus_case_gets_dpkgs_answer() {
    let mut failures = Vec::new();
    for case in corpus() {
        let Case {
            line,
            a,
            b,
            expected,
            source,
        } = &case;
        if let Some(validity) = expected.strip_prefix("invalid:") {
            assert!(
                b.is_empty(),
                "deb_cases.txt:{line}: a validity case has no B"
            );
            let got = kind_name(a);
            if got.as_deref() != Some(validity) {
                failures.push(format!(
                    "line {line} {a:?}: expected {validity}, got {got:?} ({source})"
                ));
            }
        } else if expected == "valid" {
            if let Err(err) = Version::parse(a) {
                failures.push(format!(
                    "line {line} {a:?}: expected valid, got {err} ({source})"
                ));
            }
        } else {
            for (x, y, want) in [(a, b, expected.as_str()), (b, a, reversed(expected))] {
                let got = answer(x, y);
                if got != want {
                    failures.push(format!(
                        "line {line} {x:?} vs {y:?}: expected {want}, got {got} ({source})"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Where the shared folder lives (`../shared` beside the repository), if present.
fn upstream_dir() -> Option<PathBuf> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/realworld/versions/upstream");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: ../shared/realworld not found (clone without the shared folder)");
        None
    }
}

/// The corpus's own comparisons, by (A, B), for the cases where dpkg differs from upstream.
fn recorded_pairs() -> BTreeMap<(String, String), String> {
    corpus()
        .into_iter()
        .filter(Case::is_comparison)
        .map(|case| ((case.a, case.b), case.expected))
        .collect()
}

#[test]
fn dpkg_test_suite_pairs_compare_as_dpkg_does() {
    let Some(dir) = upstream_dir() else { return };
    let text = std::fs::read_to_string(dir.join("official_deb.tsv")).unwrap();
    let recorded = recorded_pairs();
    let (mut checked, mut dpkg_differs) = (0, 0);
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (a, b, upstream, origin) = (fields[0], fields[1], fields[2], fields[3]);
        let got = answer(a, b);
        let expected = match recorded.get(&(a.to_owned(), b.to_owned())) {
            Some(dpkg) => {
                dpkg_differs += usize::from(dpkg != upstream);
                dpkg.clone()
            }
            None => upstream.to_owned(),
        };
        let agrees = if expected == "!0" {
            got == "-1" || got == "1"
        } else {
            got == expected
        };
        assert!(
            agrees,
            "{origin}: {a:?} vs {b:?}: expected {expected}, patchcore says {got}"
        );
        checked += 1;
    }
    assert!(checked >= 70, "only {checked} pairs in official_deb.tsv");
    assert_eq!(
        dpkg_differs, 2,
        "the two t-version.c pairs dpkg's parser refuses"
    );
}

#[test]
fn dpkg_test_suite_invalid_strings_are_refused() {
    let Some(dir) = upstream_dir() else { return };
    let text = std::fs::read_to_string(dir.join("official_deb_invalid.txt")).unwrap();
    let valid_in_corpus: Vec<String> = corpus()
        .into_iter()
        .filter(|case| case.expected == "valid")
        .map(|case| case.a)
        .collect();
    let (mut refused, mut valid) = (0, 0);
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let (version, origin) = (fields[0], fields[3]);
        if valid_in_corpus.iter().any(|v| v == version) {
            // dpkg accepts it: the file lists it as a string to check, with "invalid?".
            assert!(
                Version::parse(version).is_ok(),
                "{origin}: {version:?} is valid for dpkg"
            );
            valid += 1;
        } else {
            assert!(
                Version::parse(version).is_err(),
                "{origin}: {version:?} must be refused"
            );
            refused += 1;
        }
    }
    assert_eq!(
        (refused, valid),
        (82, 5),
        "invalid strings refused, valid ones recorded in the corpus"
    );
}
