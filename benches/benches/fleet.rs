//! Fleet evaluation of `patchcore-rules`: a synthetic, seeded fleet of Amazon Linux 2023 nodes
//! (1,000 installed packages each) against a catalog of 50,000 offered package versions and
//! 5,000 update notices, evaluated with one compiled baseline — single-threaded and on every
//! core (rayon).
//!
//! Run: `cargo bench -p patchcore-benches --bench fleet`. Criterion measures a slice of the
//! fleet (one node; 200 nodes single-threaded and on all cores); then the whole fleet of 10,000
//! nodes is evaluated once per mode and the rates are printed: installed-package evaluations
//! per second and nodes per second. `FLEET_NODES=n` changes the fleet size.
//!
//! The nodes are drawn from a pool of 64 distinct seeded inventories (node `i` is inventory
//! `i % 64`): every node is evaluated in full, the pool only keeps the fleet's memory small.
//! No other tool evaluates Patch Manager baselines offline, so there is no peer to run beside.

// Benchmark harness on generated data: a panic here is a broken benchmark, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::cast_precision_loss
)]

use std::hint::black_box;
use std::time::Instant;

use chrono::{DateTime, TimeZone, Utc};
use criterion::{Criterion, Throughput};
use patchcore::baseline::wire::{Document, read_json};
use patchcore::baseline::{CompiledBaseline, OperatingSystem};
use patchcore_benches::SplitMix64;
use patchcore_rules::facts::{
    Catalog, InstalledPackage, Inventory, NoticePackage, NoticeReference, OfferedPackage,
    PackageVersion, ReferenceKind, Repository, RpmCatalogBuilder, UpdateNotice,
};
use patchcore_rules::{Evaluator, PatchState, Prepared};
use rayon::prelude::*;

const NAMES: usize = 10_000;
const VERSIONS_PER_NAME: usize = 5;
const NOTICES: usize = 5_000;
const INSTALLED: usize = 1_000;
const POOL: usize = 64;
const FLEET: usize = 10_000;

fn name(i: usize) -> String {
    format!("pkg{i:05}-lib")
}

fn evr(v: usize) -> String {
    format!("2.{v}.1-{}.amzn2023.0.{}", 1 + v / 2, v % 3)
}

fn catalog(rng: &mut SplitMix64) -> Catalog {
    let mut b = RpmCatalogBuilder::default();
    let repo = b.repository(Repository::new("amazonlinux"));
    for i in 0..NAMES {
        for v in 0..VERSIONS_PER_NAME {
            let mut p = OfferedPackage::new(name(i), "x86_64", evr(v).parse().unwrap(), repo);
            p.build_time = Some(1_700_000_000 + i64::try_from(rng.below(10_000_000)).unwrap());
            b.offer(p);
        }
    }
    for n in 0..NOTICES {
        let kind = if rng.below(4) == 0 {
            "bugfix"
        } else {
            "security"
        };
        let mut notice = UpdateNotice::new(format!("ALAS2023-2024-{n:05}"), kind);
        notice.severity = Some(["Critical", "Important", "Medium", "Low"][rng.below(4)].to_owned());
        notice.issued = Some(format!(
            "2024-{:02}-{:02} 10:00",
            1 + rng.below(6),
            1 + rng.below(28)
        ));
        notice.updated = Some(format!("2024-06-{:02} 12:30", 1 + rng.below(28)));
        notice.references.push(NoticeReference::new(
            ReferenceKind::Cve,
            format!("CVE-2024-{n:05}"),
        ));
        for _ in 0..1 + rng.below(3) {
            let package = NoticePackage::new(
                name(rng.below(NAMES)),
                "x86_64",
                evr(1 + rng.below(VERSIONS_PER_NAME - 1)).parse().unwrap(),
            );
            notice.packages.push(package);
        }
        b.notice(notice);
    }
    let mut c = Catalog::default();
    c.rpm = b.build();
    c
}

fn node(rng: &mut SplitMix64) -> Inventory {
    let mut inv = Inventory::new(OperatingSystem::AmazonLinux2023, "AmazonLinux2023");
    let first = rng.below(NAMES - INSTALLED * 9);
    let packages = (0..INSTALLED).map(|k| {
        let i = first + k * 9 + rng.below(9);
        InstalledPackage::new(
            name(i),
            "x86_64",
            PackageVersion::rpm(&evr(rng.below(VERSIONS_PER_NAME))).unwrap(),
        )
    });
    inv.extend_packages(packages.collect::<Vec<_>>());
    inv
}

fn baseline() -> CompiledBaseline {
    let json = r#"{"OperatingSystem":"AMAZON_LINUX_2023",
      "GlobalFilters":{"PatchFilters":[{"Key":"PRODUCT","Values":["AmazonLinux2023"]}]},
      "ApprovalRules":{"PatchRules":[
        {"PatchFilterGroup":{"PatchFilters":[{"Key":"CLASSIFICATION","Values":["Security"]},{"Key":"SEVERITY","Values":["Critical","Important"]}]},"ApproveAfterDays":7,"ComplianceLevel":"CRITICAL"},
        {"PatchFilterGroup":{"PatchFilters":[{"Key":"CLASSIFICATION","Values":["Security","Bugfix"]},{"Key":"SEVERITY","Values":["Medium","Low"]}]},"ApproveAfterDays":14,"ComplianceLevel":"MEDIUM"}]},
      "ApprovedPatches":["pkg00042-lib","ALAS2023-2024-00007"],"ApprovedPatchesComplianceLevel":"HIGH",
      "RejectedPatches":["pkg0001*-lib-2.4.1-*","pkg09999-lib"],"RejectedPatchesAction":"BLOCK"}"#;
    let Ok(Document::Baseline(baseline)) = read_json(json) else {
        panic!("the fleet baseline reads")
    };
    baseline.compile().unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap()
}

/// Scans nodes `range` of the fleet; returns the Missing count (so nothing is optimized away).
fn scan_nodes(prepared: &Prepared<'_>, pool: &[Inventory], range: std::ops::Range<usize>) -> usize {
    range
        .map(|i| {
            prepared
                .scan(&pool[i % pool.len()])
                .unwrap()
                .count(PatchState::Missing)
        })
        .sum()
}

fn scan_nodes_parallel(
    prepared: &Prepared<'_>,
    pool: &[Inventory],
    range: std::ops::Range<usize>,
) -> usize {
    range
        .into_par_iter()
        .map(|i| {
            prepared
                .scan(&pool[i % pool.len()])
                .unwrap()
                .count(PatchState::Missing)
        })
        .sum()
}

fn main() {
    let mut rng = SplitMix64::new(0x5EED_F1EE_7000_0001);
    let catalog = catalog(&mut rng);
    let pool: Vec<Inventory> = (0..POOL).map(|_| node(&mut rng)).collect();
    let compiled = baseline();
    let evaluator = Evaluator::new(&compiled, &catalog).unwrap();
    let start = Instant::now();
    let prepared = evaluator.prepare(&pool[0], now()).unwrap();
    println!(
        "prepare (every catalog version judged once): {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let sample = prepared.scan(&pool[0]).unwrap();
    println!(
        "fleet: catalog {} offered versions, {} notices; node 0: {} rows ({} Missing, {} Installed, {} InstalledOther, {} InstalledRejected), {} NotApplicable",
        catalog.rpm.packages().len(),
        catalog.rpm.notices().len(),
        sample.rows().len(),
        sample.count(PatchState::Missing),
        sample.count(PatchState::Installed),
        sample.count(PatchState::InstalledOther),
        sample.count(PatchState::InstalledRejected),
        sample.count(PatchState::NotApplicable),
    );

    let mut criterion = Criterion::default().configure_from_args().sample_size(10);
    let mut group = criterion.benchmark_group("fleet");
    group.throughput(Throughput::Elements(INSTALLED as u64));
    group.bench_function("prepare", |b| {
        b.iter(|| black_box(evaluator.prepare(&pool[0], now()).unwrap()));
    });
    group.bench_function("one_node", |b| {
        b.iter(|| black_box(scan_nodes(&prepared, &pool, 0..1)));
    });
    group.throughput(Throughput::Elements(200 * INSTALLED as u64));
    group.bench_function("200_nodes_single_thread", |b| {
        b.iter(|| black_box(scan_nodes(&prepared, &pool, 0..200)));
    });
    group.bench_function("200_nodes_all_cores", |b| {
        b.iter(|| black_box(scan_nodes_parallel(&prepared, &pool, 0..200)));
    });
    group.finish();

    let fleet = std::env::var("FLEET_NODES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(FLEET);
    let cores = rayon::current_num_threads();
    println!(
        "\nwhole fleet: {fleet} nodes x {INSTALLED} installed packages ({cores} cores for the parallel run)"
    );
    let mut single = 0.0;
    for (label, parallel) in [("single thread", false), ("all cores", true)] {
        let start = Instant::now();
        let cpu_start = cpu_seconds();
        let missing = if parallel {
            scan_nodes_parallel(&prepared, &pool, 0..fleet)
        } else {
            scan_nodes(&prepared, &pool, 0..fleet)
        };
        let seconds = start.elapsed().as_secs_f64();
        let cpu = cpu_seconds().zip(cpu_start).map(|(end, start)| end - start);
        let evaluations = (fleet * INSTALLED) as f64 / seconds;
        println!(
            "  {label:<13} {seconds:>7.2} s  {:>12.0} installed-package evaluations/s  {:>9.0} nodes/s  ({missing} Missing rows)",
            evaluations,
            fleet as f64 / seconds
        );
        if let Some(cpu) = cpu.filter(|c| *c > 0.0) {
            // On a shared machine the wall clock hides how much CPU the run got.
            println!(
                "  {:<13} {cpu:>7.2} s of CPU time: {:>12.0} installed-package evaluations per CPU-second",
                "",
                (fleet * INSTALLED) as f64 / cpu
            );
        }
        if parallel {
            println!(
                "  speed-up on {cores} cores: {:.2}x; per core: {:.0} evaluations/s",
                evaluations / single,
                evaluations / cores as f64
            );
        } else {
            single = evaluations;
        }
    }
}

/// The process's CPU time (user + system), from `/proc/self/stat` on Linux; `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; in ticks of
    // 1/100 s on Linux (USER_HZ).
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
