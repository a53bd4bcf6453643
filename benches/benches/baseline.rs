//! Approved/rejected-list matching and filter matching of `patchcore-baseline`, with a naive
//! peer in the same run: the same list matched by building every generated string of a package
//! version (`format!` and `to_lowercase`, as Patch Manager's own code does) and comparing.
//!
//! Run: `cargo bench -p patchcore-benches --bench baseline` (about half a minute). The ratio
//! table is printed at the end.

use std::hint::black_box;
use std::time::Instant;

use criterion::Criterion;
use patchcore::baseline::lists::{IdKind, ListMatcher, ListRole, PackageRef};
use patchcore::baseline::{PackageFamily, PatchFilterKey, catalog};

/// A 50-entry approved list of the RPM family: names, name.arch, full NEVRAs, versions, globs
/// and ids, as users write them.
fn fifty_entries() -> Vec<String> {
    let mut entries: Vec<String> = (0..25).map(|i| format!("package{i}")).collect();
    entries.extend((0..8).map(|i| format!("library{i}.x86_64")));
    entries.extend((0..6).map(|i| format!("tool{i}-1.{i}.0-1.el9.x86_64")));
    entries.extend(
        [
            "kernel*",
            "openssl-3.*",
            "python3-*.noarch",
            "glibc-2.34-*.el9_2.x86_64",
            "*.i686",
        ]
        .map(String::from),
    );
    entries.extend(
        [
            "CVE-2023-4911",
            "RHSA-2023:5455",
            "ALAS2023-2024-512",
            "2241234",
            "CVE-2024-0001",
            "RHSA-2024:0001",
        ]
        .map(String::from),
    );
    entries
}

/// 100 installed-looking package versions; a few match the list.
fn packages() -> Vec<(String, String, String, String, String)> {
    let names = [
        "bash",
        "coreutils",
        "dbus",
        "systemd",
        "openssl",
        "kernel",
        "glibc",
        "python3-pip",
        "package7",
        "library3",
    ];
    (0..100)
        .map(|i| {
            let name = names.get(i % names.len()).copied().unwrap_or("bash");
            let arch = if name == "python3-pip" {
                "noarch"
            } else {
                "x86_64"
            };
            (
                name.to_owned(),
                arch.to_owned(),
                if i % 3 == 0 {
                    "1".to_owned()
                } else {
                    String::new()
                },
                format!("3.{}.{}", i % 7, i % 11),
                format!("{}.el9", i % 5 + 1),
            )
        })
        .collect()
}

/// The naive peer: every generated string of the package version built (as Patch Manager's own
/// code does), lower-cased, and compared with each entry (exact, or a single-`*` glob by prefix
/// and suffix).
fn naive_matches(entries: &[String], package: &PackageRef<'_>) -> bool {
    let forms: Vec<String> = package
        .generated_strings(Some(PackageFamily::YumDnf))
        .iter()
        .map(|form| form.to_lowercase())
        .collect();
    entries.iter().any(|entry| {
        let entry = entry.to_lowercase();
        forms.iter().any(|form| match entry.split_once('*') {
            Some((head, tail)) => {
                form.len() >= head.len() + tail.len()
                    && form.starts_with(head)
                    && form.ends_with(tail)
            }
            None => *form == entry,
        })
    })
}

fn ns_per_call(iterations: u32, mut call: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..iterations {
        call();
    }
    start.elapsed().as_secs_f64() * 1e9 / f64::from(iterations)
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let entries = fifty_entries();
    let list = ListMatcher::new(&entries, Some(PackageFamily::YumDnf), ListRole::Approved);
    let owned = packages();
    let refs: Vec<PackageRef<'_>> = owned
        .iter()
        .map(|(name, arch, epoch, version, release)| PackageRef {
            name,
            arch,
            epoch,
            version,
            release,
        })
        .collect();
    let disagree = refs
        .iter()
        .filter(|p| list.matches_package(p) != naive_matches(&entries, p))
        .count();
    if disagree != 0 {
        eprintln!("patchcore and the naive peer disagree on {disagree} package versions");
        return;
    }

    let mut group = criterion.benchmark_group("list-50");
    group.bench_function("patchcore/package", |b| {
        b.iter(|| {
            refs.iter()
                .filter(|p| list.matches_package(black_box(p)))
                .count()
        });
    });
    group.bench_function("naive/package", |b| {
        b.iter(|| {
            refs.iter()
                .filter(|p| naive_matches(&entries, black_box(p)))
                .count()
        });
    });
    group.bench_function("patchcore/patch-ids", |b| {
        b.iter(|| {
            list.matches_patch(
                None,
                black_box([
                    (IdKind::Advisory, "ALAS2023-2024-999"),
                    (IdKind::Cve, "CVE-2023-4911"),
                ]),
            )
        });
    });
    group.finish();

    let compiled = match catalog::by_name("AWS-AmazonLinux2023DefaultPatchBaseline")
        .and_then(|b| b.compile())
    {
        Ok(compiled) => compiled,
        Err(error) => {
            eprintln!("the predefined baseline does not compile: {error}");
            return;
        }
    };
    let attributes = |key: &PatchFilterKey| match key {
        PatchFilterKey::Classification => Some("security"),
        PatchFilterKey::Severity => Some("Important"),
        PatchFilterKey::Product => Some("AmazonLinux2023"),
        _ => None,
    };
    criterion.bench_function("filters/global+rules", |b| {
        b.iter(|| {
            compiled.global_filters().accepts(black_box(attributes))
                && compiled
                    .rules()
                    .iter()
                    .any(|r| r.filters().accepts(black_box(attributes)))
        });
    });
    criterion.final_summary();

    let per_package = |f: &dyn Fn(&PackageRef<'_>) -> bool| {
        ns_per_call(200, || {
            black_box(refs.iter().filter(|p| f(p)).count());
        }) / refs.len() as f64
    };
    let ours = per_package(&|p| list.matches_package(p));
    let naive = per_package(&|p| naive_matches(&entries, p));
    let filters = ns_per_call(1_000_000, || {
        black_box(
            compiled.global_filters().accepts(attributes)
                && compiled
                    .rules()
                    .iter()
                    .any(|r| r.filters().accepts(attributes)),
        );
    });
    println!("\nns per package version against a 50-entry list (same run):");
    println!("{:<28} {:>10.1}", "patchcore ListMatcher", ours);
    println!(
        "{:<28} {:>10.1}   ({:.1}x slower)",
        "naive string building",
        naive,
        naive / ours
    );
    println!("{:<28} {:>10.1}", "filters (global + 2 rules)", filters);
}
