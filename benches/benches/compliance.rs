//! `patchcore-compliance`: fleet aggregation in constant memory, CSV report throughput, diffs.
//!
//! Run: `cargo bench -p patchcore-benches --bench compliance` (add `-- --quick` for a short run).
//!
//! First, outside criterion, 100,000 generated snapshots of 1,000 rows each are aggregated into
//! one `Fleet`, each generated on the fly from a seed into the same reused buffer and dropped
//! before the next: only one is ever in memory. The peak resident set (`VmHWM` of
//! `/proc/self/status`) is printed after the first 1,000 snapshots and after all of them; equal
//! figures show that the aggregate does not grow with the node count (it grows with distinct
//! patch ids and patch groups only, both bounded here). `COMPLIANCE_NODES=n` changes the count.
//!
//! Then criterion measures one `Fleet::add` of a 1,000-row snapshot, the CSV detail report of
//! one such snapshot, the all-nodes CSV report of 1,000 nodes, and a diff of two snapshots.
//! No other tool writes Patch Manager's CSV reports or aggregates its snapshots offline, so
//! there is no peer to run beside these.

// Benchmark harness on generated data: a panic here is a broken benchmark, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::cast_precision_loss
)]

use std::hint::black_box;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, Throughput};
use patchcore::baseline::{ComplianceLevel, OperatingSystem};
use patchcore_benches::SplitMix64;
use patchcore_compliance::{
    Context, Fleet, NodeReport, NodeSummary, PatchItem, PatchState, Snapshot, SummaryOptions, diff,
    write_all_nodes_report,
};
use rayon::prelude::*;

const NODES: usize = 100_000;
const ROWS: usize = 1_000;
/// The mean spread of package numbers: a node's 1,000 packages are drawn, sorted, from about
/// this many names (at most twice as many), which bounds the ids a `Fleet` counts `Missing`.
const PACKAGES: u64 = 40_000;
const PATCH_GROUPS: [&str; 8] = ["", "web", "db", "batch", "edge", "build", "cache", "ops"];

/// Fills `snapshot` with node `node` of the generated fleet: 1,000 sorted rows, mostly
/// `InstalledOther`, some `Installed`, `Missing`, `InstalledPendingReboot` and `Failed`; every
/// third node has no non-compliant row.
fn generate(node: usize, snapshot: &mut Snapshot) {
    // Seeded per node (the shared `SplitMix64`), so that every run builds the same fleet.
    let mut rng = SplitMix64::new(0x5EED ^ (node as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    snapshot.node_id = format!("i-{node:017x}");
    snapshot.patch_group = PATCH_GROUPS[node % PATCH_GROUPS.len()].to_owned();
    snapshot.items.clear();
    let mut package = rng.next_u64() % 1_000;
    let gap = 2 * PACKAGES / ROWS as u64 - 1; // gaps 1..=gap, mean PACKAGES / ROWS
    for _ in 0..ROWS {
        package += 1 + rng.next_u64() % gap;
        // Every third node is fully patched: its Missing and Failed rows are Installed.
        let roll = match rng.next_u64() % 100 {
            93.. if node % 3 == 0 => 85,
            roll => roll,
        };
        let (state, level) = match roll {
            0..=84 => (PatchState::InstalledOther, ComplianceLevel::Unspecified),
            85..=92 => (PatchState::Installed, ComplianceLevel::High),
            93..=97 => (PatchState::Missing, ComplianceLevel::Critical),
            98 => (PatchState::InstalledPendingReboot, ComplianceLevel::Medium),
            _ => (PatchState::Failed, ComplianceLevel::Low),
        };
        let id = format!("pkg{package:05}.x86_64");
        let title = format!("{id}:1.{}-1.amzn2023", roll % 7);
        let mut item = PatchItem::new(id, title, state);
        item.compliance_level = level;
        if roll >= 85 {
            item.classification = "Security".to_owned();
            item.severity = "Important".to_owned();
        }
        if state == PatchState::Missing {
            item.cve_ids = vec![format!("CVE-2024-{:04}", package % 10_000)];
        }
        snapshot.items.push(item);
    }
}

fn empty_snapshot() -> Snapshot {
    let time = Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap();
    let context = Context::new("i-00000000000000000", "pb-0a1b2c3d4e5f60718");
    let mut snapshot = Snapshot::new(context, OperatingSystem::AmazonLinux2023, time);
    snapshot.platform_name = "Amazon Linux".to_owned();
    snapshot.platform_version = "2023".to_owned();
    snapshot
}

/// `VmHWM` (peak resident set) and `VmRSS` of this process, in kB (0 where not available).
fn memory_kb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Aggregates the generated fleet once, printing time and peak memory.
fn aggregate_fleet() {
    let nodes = std::env::var("COMPLIANCE_NODES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(NODES);
    let (start_peak, _) = memory_kb();
    let mut fleet = Fleet::new(SummaryOptions::default());
    let mut snapshot = empty_snapshot();
    let started = Instant::now();
    let mut checkpoints = Vec::new();
    for node in 0..nodes {
        generate(node, &mut snapshot);
        fleet.add(&snapshot);
        if [1_000, 10_000].contains(&(node + 1)) {
            checkpoints.push(format!("{} kB after {}", memory_kb().0, node + 1));
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let (end_peak, end_rss) = memory_kb();
    let report = black_box(fleet.report(10));

    // The same fleet folded on every core (rayon `fold` + `reduce` with `Fleet::merge`): one
    // snapshot buffer per fold, and the same report as the single pass.
    let started = Instant::now();
    let (parallel, _) = (0..nodes)
        .into_par_iter()
        .with_min_len(1_000)
        .fold(
            || (Fleet::new(SummaryOptions::default()), empty_snapshot()),
            |(mut fleet, mut snapshot), node| {
                generate(node, &mut snapshot);
                fleet.add(&snapshot);
                (fleet, snapshot)
            },
        )
        .reduce(
            || (Fleet::new(SummaryOptions::default()), empty_snapshot()),
            |(left, buffer), (right, _)| (left.merged(right), buffer),
        );
    let parallel_seconds = started.elapsed().as_secs_f64();
    let (parallel_peak, _) = memory_kb();
    assert_eq!(
        parallel.report(10),
        report,
        "merged parallel parts differ from one pass"
    );
    println!(
        "fleet aggregation: {nodes} snapshots x {ROWS} rows in {seconds:.1} s \
         ({:.0} snapshots/s, {:.1} M rows/s, generation included)",
        nodes as f64 / seconds,
        (nodes * ROWS) as f64 / seconds / 1e6
    );
    println!(
        "on {} threads with rayon: {parallel_seconds:.1} s, same report as one pass; \
         VmHWM after it {parallel_peak} kB (a partial aggregate per fold)",
        rayon::current_num_threads()
    );
    println!(
        "one pass, peak RSS (VmHWM): {start_peak} kB at start, {}, {end_peak} kB after \
         {nodes}; VmRSS then {end_rss} kB",
        checkpoints.join(", ")
    );
    println!(
        "fleet: {} non-compliant of {} nodes; most missing: {:?}",
        report.non_compliant_nodes,
        report.nodes,
        report.top_missing.first()
    );
}

fn benches(c: &mut Criterion) {
    let mut one = empty_snapshot();
    generate(1, &mut one);
    let mut two = empty_snapshot();
    generate(2, &mut two);
    two.node_id.clone_from(&one.node_id);

    let mut group = c.benchmark_group("compliance");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("fleet_add_1000_rows", |b| {
        let mut fleet = Fleet::new(SummaryOptions::default());
        b.iter(|| fleet.add(black_box(&one)));
    });
    group.bench_function("diff_1000_rows", |b| {
        b.iter(|| diff(black_box(&one), black_box(&two)).unwrap());
    });

    let mut detail = Vec::new();
    NodeReport::new(&one).write_detail(&mut detail).unwrap();
    group.throughput(Throughput::Bytes(detail.len() as u64));
    group.bench_function("csv_detail_1000_rows", |b| {
        b.iter(|| {
            detail.clear();
            NodeReport::new(black_box(&one))
                .write_detail(&mut detail)
                .unwrap();
        });
    });

    let summaries: Vec<NodeSummary> = (0..1_000)
        .map(|node| {
            let mut snapshot = empty_snapshot();
            generate(node, &mut snapshot);
            NodeSummary::new(&snapshot)
        })
        .collect();
    let mut all = Vec::new();
    write_all_nodes_report(&mut all, summaries.iter().cloned()).unwrap();
    group.throughput(Throughput::Bytes(all.len() as u64));
    group.bench_function("csv_all_nodes_1000_nodes", |b| {
        b.iter(|| {
            all.clear();
            write_all_nodes_report(&mut all, summaries.iter().cloned()).unwrap();
        });
    });
    group.finish();
}

fn main() {
    aggregate_fleet();
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
}
