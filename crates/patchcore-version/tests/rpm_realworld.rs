//! Real inputs nobody on the team wrote (`../shared/realworld/versions/`): the upstream rpm
//! test vectors, claircore's vectors, and 10,104 real EVRs. Skipped with a message when the
//! shared folder is absent.

// Test code: a panic here is a failed test, not a crash on input (as clippy.toml allows in #[test]).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use std::cmp::Ordering;
use std::collections::BTreeMap;

use patchcore_version::rpm::{Evr, Nevra, compare_evr, vercmp};
use support::{Rng, hash_of, ordering_code};

fn op(order: Ordering) -> &'static str {
    match order {
        Ordering::Less => "<",
        Ordering::Equal => "==",
        Ordering::Greater => ">",
    }
}

/// `a OP b` lines of claircore's files (comments and blank lines skipped).
fn claircore_pairs(text: &str) -> Vec<(String, String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let fields: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(fields.len(), 3, "{l}");
            (
                fields[0].to_owned(),
                fields[1].to_owned(),
                fields[2].to_owned(),
            )
        })
        .collect()
}

#[test]
fn upstream_rpmvercmp_vectors_pass() {
    let Some(text) = support::realworld_text("versions/upstream/official_rpm_vercmp.tsv") else {
        return;
    };
    let mut checked = 0;
    for line in text.lines() {
        let [a, b, expected, source] = line.split('\t').collect::<Vec<_>>()[..] else {
            panic!("bad line {line:?}");
        };
        assert_eq!(
            ordering_code(vercmp(a, b)),
            expected,
            "{a:?} vs {b:?} ({source})"
        );
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn upstream_evr_vectors_pass() {
    let Some(text) = support::realworld_text("versions/upstream/official_rpm_evr.tsv") else {
        return;
    };
    let mut checked = 0;
    for line in text.lines() {
        let [a, b, expected, source] = line.split('\t').collect::<Vec<_>>()[..] else {
            panic!("bad line {line:?}");
        };
        // `?` rows (rpmpython.at "version objects") print rather than assert; librpm's
        // answers for them are in testdata/rpm.txt.
        if expected == "?" {
            continue;
        }
        assert_eq!(
            ordering_code(compare_evr(a, b).unwrap()),
            expected,
            "{a:?} vs {b:?} ({source})"
        );
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn claircore_rpmvercmp_vectors_pass() {
    let Some(text) = support::realworld_text("versions/claircore/rpmver-rpmvercmp.txt") else {
        return;
    };
    let pairs = claircore_pairs(&text);
    for (a, expected, b) in &pairs {
        assert_eq!(op(vercmp(a, b)), expected, "{a} {expected} {b}");
    }
    assert!(pairs.len() > 100);
}

/// claircore's expectations that librpm 4.18 does not share (librpm wins; the case is in
/// testdata/rpm.txt): claircore reads `a-1-1` as a NEVRA with name `a`, librpm as the
/// EVR with version `a-1`.
const CLAIRCORE_DIFFERS: &[(&str, &str)] = &[("a-1-1", "1-1")];

#[test]
fn claircore_nevra_comparisons_pass() {
    let Some(text) = support::realworld_text("versions/claircore/rpmver-compare.txt") else {
        return;
    };
    for (a, expected, b) in claircore_pairs(&text) {
        let ours = match (Nevra::parse(&a), Nevra::parse(&b)) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ if CLAIRCORE_DIFFERS.contains(&(a.as_str(), b.as_str())) => {
                assert_ne!(
                    op(compare_evr(&a, &b).unwrap()),
                    expected,
                    "still differs: {a} {b}"
                );
                continue;
            }
            _ => compare_evr(&a, &b).unwrap(),
        };
        assert_eq!(op(ours), expected, "{a} {expected} {b}");
    }
}

#[test]
fn claircore_nevra_parse_vectors_pass() {
    let Some(text) = support::realworld_text("versions/claircore/rpmver-parse.txt") else {
        return;
    };
    let unquote = |s: &str| {
        if s == "''" || s == "\"\"" {
            String::new()
        } else {
            s.to_owned()
        }
    };
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let f: Vec<String> = line.split_whitespace().map(unquote).collect();
        let (input, name, epoch, version, release, arch) =
            (&f[0], &f[1], &f[2], &f[3], &f[4], &f[5]);
        let (evr, got_name, got_arch) = if name.is_empty() {
            (Evr::parse(input).unwrap(), "", None)
        } else {
            let nevra = Nevra::parse(input).unwrap();
            (nevra.evr(), nevra.name(), nevra.arch())
        };
        assert_eq!(got_name, name, "{line}");
        assert_eq!(evr.epoch().unwrap_or_default(), epoch, "{line}");
        assert_eq!(evr.version(), version, "{line}");
        assert_eq!(evr.release().unwrap_or_default(), release, "{line}");
        assert_eq!(got_arch.unwrap_or_default(), arch, "{line}");
    }
}

#[test]
fn every_real_evr_parses_and_rebuilds_its_nevra() {
    let Some(text) = support::realworld_text("versions/upstream/evr_real.txt") else {
        return;
    };
    let mut lines = 0;
    for line in text.lines() {
        let [name, evr, _origin] = line.split('\t').collect::<Vec<_>>()[..] else {
            panic!("bad line {line:?}");
        };
        let parsed = Evr::parse(evr).unwrap();
        assert!(
            parsed.release().is_some(),
            "{evr}: real EVRs have a release"
        );
        let nevra_text = format!("{name}-{evr}");
        let nevra = Nevra::parse(&nevra_text).unwrap();
        assert_eq!(
            (nevra.name(), nevra.evr().as_str(), nevra.arch()),
            (name, evr, None),
            "{line}"
        );
        let pm_text = format!(
            "{name}.x86_64:{}:{}-{}",
            parsed.epoch().unwrap_or("0"),
            parsed.version(),
            parsed.release().unwrap()
        );
        let pm = Nevra::parse(&pm_text).unwrap();
        assert_eq!((pm.name(), pm.arch()), (name, Some("x86_64")), "{pm_text}");
        assert_eq!(pm.evr(), parsed, "{pm_text}");
        lines += 1;
    }
    assert_eq!(lines, 23_190, "the file's documented size");
}

#[test]
fn real_evrs_obey_the_order_laws() {
    let Some(evrs) = support::real_evrs() else {
        return;
    };
    assert_eq!(evrs.len(), 10_104, "the documented number of distinct EVRs");
    let mut parsed: Vec<Evr<'_>> = evrs.iter().map(|s| Evr::parse(s).unwrap()).collect();
    parsed.sort();
    // Sorted by Ord: each neighbour pair is in order for every representation.
    for pair in parsed.windows(2) {
        let (x, y) = (pair[0], pair[1]);
        let order = compare_evr(x.as_str(), y.as_str()).unwrap();
        assert_ne!(order, Ordering::Greater, "{x} {y}");
        assert_eq!(
            compare_evr(y.as_str(), x.as_str()).unwrap(),
            order.reverse(),
            "{x} {y}"
        );
        assert_eq!(x.sort_key().cmp(&y.sort_key()), order, "{x} {y}");
        if order.is_eq() {
            assert_eq!(hash_of(&x), hash_of(&y), "{x} {y}");
        }
    }
    // Sorting by key gives the same sequence of equivalence classes.
    let mut by_key = parsed.clone();
    by_key.sort_by_cached_key(Evr::sort_key);
    for (x, y) in parsed.iter().zip(&by_key) {
        assert_eq!(x.cmp(y), Ordering::Equal, "{x} {y}");
    }
    // Transitivity on random triples.
    let mut rng = Rng::new(7);
    for _ in 0..20_000 {
        let (a, b, c) = (rng.pick(&parsed), rng.pick(&parsed), rng.pick(&parsed));
        if a <= b && b <= c {
            assert!(a <= c, "{a} <= {b} <= {c}");
        }
    }
}

#[test]
fn same_package_pairs_agree_in_every_representation() {
    let Some(text) = support::realworld_text("versions/upstream/evr_real.txt") else {
        return;
    };
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for line in text.lines() {
        let mut fields = line.split('\t');
        by_name
            .entry(fields.next().unwrap())
            .or_default()
            .push(fields.next().unwrap());
    }
    let mut pairs = 0;
    for evrs in by_name.values() {
        for a in evrs {
            for b in evrs {
                let order = compare_evr(a, b).unwrap();
                let (x, y) = (Evr::parse(a).unwrap(), Evr::parse(b).unwrap());
                assert_eq!(x.cmp(&y), order, "{a} {b}");
                assert_eq!(x.sort_key().cmp(&y.sort_key()), order, "{a} {b}");
                pairs += 1;
            }
        }
    }
    assert!(pairs > 23_190, "{pairs}");
}
