//! Version comparison benchmarks: patchcore against `debversion` (Debian) and `rpm-version`
//! (RPM), measured in the same run on the same real pairs, with the ratio printed at the end.
//!
//! For each family (deb, rpm) and pair set (same-package, random — see `patchcore_benches`):
//!
//! - `from-strings`: parse both strings and compare (what `patchcore compare --batch` does);
//! - `parsed`: compare two versions parsed beforehand;
//! - `sortkey`: compare two precomputed sort keys (a `memcmp`: the floor).
//!
//! Run: `cargo bench -p patchcore-benches --bench versions` (about two minutes). Instructions per
//! compare, which wall time cannot give reliably, come from `scripts/callgrind-versions.sh`.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput};
use patchcore::version::{SortKey, deb, rpm};
use patchcore_benches::{
    Family, PAIRS_PER_SET, PairSet, Versions, debversion_compare, pairs, parse_pairs,
};

/// One measured implementation: where it ran and its ns per compare, one entry per criterion
/// sample (warm-up included; the median is reported).
#[derive(Debug)]
struct Row {
    group: String,
    implementation: &'static str,
    ns_per_compare: Vec<f64>,
}

/// Every measurement of the run, for the ratio table printed at the end.
#[derive(Debug, Default)]
struct Results(RefCell<Vec<Row>>);

impl Results {
    fn record(&self, group: &str, implementation: &'static str, elapsed: Duration, compares: u64) {
        let ns = elapsed.as_secs_f64() * 1e9 / (compares.max(1) as f64);
        let mut rows = self.0.borrow_mut();
        match rows
            .iter_mut()
            .find(|row| row.group == group && row.implementation == implementation)
        {
            Some(row) => row.ns_per_compare.push(ns),
            None => rows.push(Row {
                group: group.to_owned(),
                implementation,
                ns_per_compare: vec![ns],
            }),
        }
    }

    fn median(&self, group: &str, implementation: &str) -> Option<f64> {
        let rows = self.0.borrow();
        let row = rows
            .iter()
            .find(|row| row.group == group && row.implementation == implementation)?;
        let mut samples = row.ns_per_compare.clone();
        samples.sort_by(f64::total_cmp);
        samples.get(samples.len() / 2).copied()
    }

    /// Prints patchcore's median ns per compare, the peer's, and how many times faster we are.
    fn print_ratios(&self) {
        println!(
            "\nmedian ns per compare (criterion samples), patchcore vs its peer in the same run \
             (speed-up = peer ns / patchcore ns; the peer is debversion for deb, rpm-version for rpm):"
        );
        println!(
            "{:<40} {:>12} {:>12} {:>8}",
            "benchmark", "patchcore", "peer", "speed-up"
        );
        let groups: Vec<String> = {
            let mut groups: Vec<String> = self
                .0
                .borrow()
                .iter()
                .map(|row| row.group.clone())
                .collect();
            groups.dedup();
            groups
        };
        for group in groups {
            let Some(ours) = self.median(&group, OURS) else {
                continue;
            };
            let peer = PEERS.iter().find_map(|peer| self.median(&group, peer));
            let (peer, ratio) = match peer {
                Some(peer) => (format!("{peer:.1}"), format!("{:.1}x", peer / ours)),
                None => ("-".to_owned(), "-".to_owned()),
            };
            println!("{group:<40} {ours:>12.1} {peer:>12} {ratio:>8}");
        }
    }
}

const OURS: &str = "patchcore";
const PEERS: [&str; 2] = ["debversion", "rpm-version"];

/// Measures `compare` over every item, recording ns per compare under `group` / `implementation`.
fn bench<T>(
    criterion_group: &mut BenchmarkGroup<'_, WallTime>,
    results: &Results,
    group: &str,
    implementation: &'static str,
    items: &[T],
    compare: impl Fn(&T) -> Ordering,
) {
    let count = u64::try_from(items.len()).unwrap_or(u64::MAX);
    criterion_group.throughput(Throughput::Elements(count));
    criterion_group.bench_function(implementation, |bencher| {
        bencher.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                for item in items {
                    black_box(compare(black_box(item)));
                }
            }
            let elapsed = start.elapsed();
            results.record(group, implementation, elapsed, iters.saturating_mul(count));
            elapsed
        });
    });
}

/// The three benchmark groups of one pair set, with the family's own types.
fn bench_set(
    criterion: &mut Criterion,
    results: &Results,
    family: Family,
    set: PairSet,
    pairs: &[(String, String)],
) {
    let mut run = |mode: &str, body: &mut dyn FnMut(&mut BenchmarkGroup<'_, WallTime>, &str)| {
        let group = format!("{family}/{set}/{mode}");
        let mut criterion_group = criterion.benchmark_group(&group);
        body(&mut criterion_group, &group);
        criterion_group.finish();
    };
    let either = |ordering: Option<Ordering>| ordering.unwrap_or(Ordering::Equal);
    match family {
        Family::Deb => {
            run("from-strings", &mut |g, name| {
                bench(g, results, name, OURS, pairs, |(a, b)| {
                    either(deb::compare(a, b).ok())
                });
                bench(g, results, name, "debversion", pairs, |(a, b)| {
                    either(debversion_compare(a, b))
                });
            });
            let ours: Vec<_> = parse_pairs(pairs, |s| deb::Version::parse(s).ok());
            let peer: Vec<_> = parse_pairs(pairs, |s| s.parse::<debversion::Version>().ok());
            run("parsed", &mut |g, name| {
                bench(g, results, name, OURS, &ours, |(a, b)| a.cmp(b));
                bench(g, results, name, "debversion", &peer, |(a, b)| a.cmp(b));
            });
            let keys: Vec<(SortKey, SortKey)> =
                parse_pairs(pairs, |s| Some(deb::Version::parse(s).ok()?.sort_key()));
            run("sortkey", &mut |g, name| {
                bench(g, results, name, OURS, &keys, |(a, b)| a.cmp(b));
            });
        }
        Family::Rpm => {
            run("from-strings", &mut |g, name| {
                bench(g, results, name, OURS, pairs, |(a, b)| {
                    either(rpm::compare_evr(a, b).ok())
                });
                bench(g, results, name, "rpm-version", pairs, |(a, b)| {
                    rpm_version::rpm_evr_compare(a, b)
                });
            });
            let ours: Vec<_> = parse_pairs(pairs, |s| rpm::Evr::parse(s).ok());
            let peer: Vec<_> = parse_pairs(pairs, |s| Some(rpm_version::Evr::parse(s)));
            run("parsed", &mut |g, name| {
                bench(g, results, name, OURS, &ours, |(a, b)| a.cmp(b));
                bench(g, results, name, "rpm-version", &peer, |(a, b)| a.cmp(b));
            });
            let keys: Vec<(SortKey, SortKey)> =
                parse_pairs(pairs, |s| Some(rpm::Evr::parse(s).ok()?.sort_key()));
            let peer_keys: Vec<_> = parse_pairs(pairs, |s| Some(rpm_version::EvrSortKey::parse(s)));
            run("sortkey", &mut |g, name| {
                bench(g, results, name, OURS, &keys, |(a, b)| a.cmp(b));
                bench(g, results, name, "rpm-version", &peer_keys, |(a, b)| {
                    a.cmp(b)
                });
            });
        }
    }
}

fn main() {
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
        .configure_from_args();
    let results = Results::default();
    for family in Family::ALL {
        let versions = match Versions::load(family) {
            Ok(versions) => versions,
            Err(err) => {
                eprintln!("versions bench: {err}");
                std::process::exit(1);
            }
        };
        for set in PairSet::ALL {
            let pairs = pairs(&versions, set, PAIRS_PER_SET);
            println!(
                "{family}/{set}: {} pairs from {} ({} package-version entries)",
                pairs.len(),
                versions.source,
                versions.entries.len()
            );
            bench_set(&mut criterion, &results, family, set, &pairs);
        }
    }
    criterion.final_summary();
    results.print_ratios();
}
