//! Callgrind harness: compares every pair of a set once with one implementation, inside the one
//! function `measured_compares`, so that
//! `valgrind --tool=callgrind --toggle-collect='*measured_compares*'` counts the instructions of
//! the compares alone (loading and parsing beforehand are not collected).
//!
//! ```text
//! versions_callgrind dump FAMILY SET                 # write the pairs as a<TAB>b lines
//! versions_callgrind IMPL FAMILY SET [PAIRS.tsv]     # compare each pair once
//! ```
//!
//! FAMILY is `deb` or `rpm`, SET `same-package` or `random`. IMPL is one of `ours-str`,
//! `ours-parsed`, `sortkey`, the peer from strings (`debversion`, `rpm-version`), the peer
//! pre-parsed (`debversion-parsed`, `rpm-version-parsed`), the peer's sort keys
//! (`rpm-version-sortkey`), or `noop` (the loop with a length comparison: the harness overhead).
//! Reading PAIRS.tsv (from `dump`) instead of the real inputs keeps the run under valgrind short.
//! `scripts/callgrind-versions.sh` runs them all and prints instructions per compare.

use std::cmp::Ordering;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use patchcore::version::{deb, rpm};
use patchcore_benches::{
    Family, LoadError, PAIRS_PER_SET, PairSet, Versions, debversion_compare, pairs, pairs_from_tsv,
    pairs_to_tsv, parse_pairs,
};

/// Compares every item once; the sum of the orderings keeps the work from being optimised away.
#[inline(never)]
fn measured_compares<T>(items: &[T], compare: impl Fn(&T) -> Ordering) -> i64 {
    items.iter().map(|item| compare(item) as i64).sum()
}

/// Runs one implementation over the pairs: `(compares made, checksum)`.
fn run(
    implementation: &str,
    family: Family,
    pairs: &[(String, String)],
) -> Result<(usize, i64), String> {
    let either = |ordering: Option<Ordering>| ordering.unwrap_or(Ordering::Equal);
    let result = match (implementation, family) {
        ("noop", _) => (
            pairs.len(),
            measured_compares(pairs, |(a, b)| a.len().cmp(&b.len())),
        ),
        ("ours-str", Family::Deb) => (
            pairs.len(),
            measured_compares(pairs, |(a, b)| either(deb::compare(a, b).ok())),
        ),
        ("ours-str", Family::Rpm) => (
            pairs.len(),
            measured_compares(pairs, |(a, b)| either(rpm::compare_evr(a, b).ok())),
        ),
        ("ours-parsed", Family::Deb) => {
            let items = parse_pairs(pairs, |s| deb::Version::parse(s).ok());
            (items.len(), measured_compares(&items, |(a, b)| a.cmp(b)))
        }
        ("ours-parsed", Family::Rpm) => {
            let items = parse_pairs(pairs, |s| rpm::Evr::parse(s).ok());
            (items.len(), measured_compares(&items, |(a, b)| a.cmp(b)))
        }
        ("sortkey", Family::Deb) => {
            let items = parse_pairs(pairs, |s| Some(deb::Version::parse(s).ok()?.sort_key()));
            (items.len(), measured_compares(&items, |(a, b)| a.cmp(b)))
        }
        ("sortkey", Family::Rpm) => {
            let items = parse_pairs(pairs, |s| Some(rpm::Evr::parse(s).ok()?.sort_key()));
            (items.len(), measured_compares(&items, |(a, b)| a.cmp(b)))
        }
        ("debversion", Family::Deb) => (
            pairs.len(),
            measured_compares(pairs, |(a, b)| either(debversion_compare(a, b))),
        ),
        ("debversion-parsed", Family::Deb) => {
            let items = parse_pairs(pairs, |s| s.parse::<debversion::Version>().ok());
            (items.len(), measured_compares(&items, |(a, b)| a.cmp(b)))
        }
        ("rpm-version", Family::Rpm) => (
            pairs.len(),
            measured_compares(pairs, |(a, b)| rpm_version::rpm_evr_compare(a, b)),
        ),
        ("rpm-version-parsed", Family::Rpm) => {
            let items = parse_pairs(pairs, |s| Some(rpm_version::Evr::parse(s)));
            (items.len(), measured_compares(&items, |(a, b)| a.cmp(b)))
        }
        ("rpm-version-sortkey", Family::Rpm) => {
            let items = parse_pairs(pairs, |s| Some(rpm_version::EvrSortKey::parse(s)));
            (items.len(), measured_compares(&items, |(a, b)| a.cmp(b)))
        }
        _ => {
            return Err(format!(
                "unknown implementation {implementation:?} for {family}"
            ));
        }
    };
    Ok(result)
}

/// The pairs of a set: from a `dump` file when given, else loaded from the real inputs.
fn load_pairs(
    family: Family,
    set: PairSet,
    file: Option<&String>,
) -> Result<Vec<(String, String)>, LoadError> {
    match file {
        Some(path) => pairs_from_tsv(Path::new(path)),
        None => Ok(pairs(&Versions::load(family)?, set, PAIRS_PER_SET)),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [implementation, family, set, rest @ ..] = args.as_slice() else {
        eprintln!(
            "usage: versions_callgrind (dump|IMPL) (deb|rpm) (same-package|random) [PAIRS.tsv]"
        );
        return ExitCode::from(2);
    };
    let loaded = family
        .parse::<Family>()
        .and_then(|family| Ok((family, set.parse::<PairSet>()?)))
        .and_then(|(family, set)| Ok((family, load_pairs(family, set, rest.first())?)));
    let (family, pairs) = match loaded {
        Ok(loaded) => loaded,
        Err(err) => {
            eprintln!("versions_callgrind: {err}");
            return ExitCode::from(2);
        }
    };
    let output = if implementation == "dump" {
        pairs_to_tsv(&pairs)
    } else {
        match run(implementation, family, &pairs) {
            Ok((compares, checksum)) => format!("compares {compares}\nchecksum {checksum}\n"),
            Err(err) => {
                eprintln!("versions_callgrind: {err}");
                return ExitCode::from(2);
            }
        }
    };
    // `write_all`, not `print!`, which panics when the reader has gone (`| head`).
    match std::io::stdout().write_all(output.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("versions_callgrind: cannot write: {err}");
            ExitCode::from(1)
        }
    }
}
