//! Fleet report: a generated fleet of Ubuntu nodes in three patch groups, each node a few
//! updates ahead or behind the others, scanned with one compiled baseline, folded into a
//! fleet aggregate (the `DescribePatchGroupState` counts per patch group, the patches missing
//! on the most nodes), and written as the all-nodes CSV compliance report.
//!
//! `cargo run --example fleet_report` (no network; the fleet is generated from the sample
//! node in `examples/data/ubuntu-jammy/`).

use std::io::Write;
use std::process::ExitCode;

use patchcore::compliance::{Fleet, NodeSummary, write_all_nodes_report};
use patchcore::rules::facts::{InstalledPackage, PackageVersion};
use patchcore::{Catalog, Context, Inventory, Scanner, SummaryOptions};
use patchcore_examples::sample;

/// Nodes in the generated fleet.
const NODES: u32 = 20;
/// The patch groups, assigned round-robin.
const PATCH_GROUPS: [&str; 3] = ["web", "db", "batch"];

fn main() -> ExitCode {
    patchcore_examples::exit_status("fleet_report", run())
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let base = sample::inventory()?;
    let catalog = sample::catalog()?;
    // One compiled baseline for the whole fleet.
    let scanner = Scanner::new(&sample::baseline()?)?;
    let mut fleet = Fleet::new(SummaryOptions::default());
    let mut rows = Vec::new();
    for index in 0..NODES {
        let inventory = generated_node(&base, &catalog, index);
        let mut context = Context::new(format!("i-{index:017x}"), "");
        context.patch_group = PATCH_GROUPS
            .get(index as usize % PATCH_GROUPS.len())
            .copied()
            .unwrap_or_default()
            .to_owned();
        let snapshot = scanner
            .assess(&inventory, &catalog, sample::now())?
            .with_context(context)
            .snapshot()?;
        // The aggregate reads the snapshot once and keeps only counts; the CSV row is small.
        fleet.add(&snapshot);
        rows.push(NodeSummary::new(&snapshot).with_instance_name(format!("node-{index}")));
    }

    let report = fleet.report(3);
    println!(
        "{} nodes: {} compliant, {} non-compliant",
        report.nodes, report.compliant_nodes, report.non_compliant_nodes
    );
    println!("patch group  nodes  with missing  with critical non-compliant");
    for (group, state) in &report.patch_groups {
        println!(
            "{group:<11}  {:>5}  {:>12}  {:>27}",
            state.instances,
            state.instances_with_missing_patches,
            state.instances_with_critical_non_compliant_patches
        );
    }
    println!("top missing:");
    for patch in &report.top_missing {
        println!("  {} on {} node(s)", patch.id, patch.nodes);
    }

    println!();
    println!("all-nodes compliance report (CSV):");
    let mut out = std::io::stdout().lock();
    write_all_nodes_report(&mut out, rows)?;
    out.flush()?;
    Ok(())
}

/// Node `index` of the fleet: the sample node where the bits of `index` say which security
/// updates it already has (bit 0: curl, bit 1: openssl, bit 2: tzdata's non-security update).
fn generated_node(base: &Inventory, catalog: &Catalog, index: u32) -> Inventory {
    let upgraded = |name: &str| {
        let bit = match name {
            "curl" | "libcurl4" => 0,
            "libssl3" | "openssl" => 1,
            "tzdata" => 2,
            _ => return false,
        };
        index & (1 << bit) != 0
    };
    let packages = base.packages().iter().map(|package| {
        let newest = catalog
            .apt
            .newest(&package.name, &package.arch)
            .filter(|_| upgraded(&package.name));
        match newest {
            Some(version) => InstalledPackage::new(
                package.name.clone(),
                package.arch.clone(),
                PackageVersion::Deb(version.version.clone()),
            ),
            None => package.clone(),
        }
    });
    let mut node = Inventory::new(base.operating_system.clone(), base.product.clone());
    node.platform_name.clone_from(&base.platform_name);
    node.platform_version.clone_from(&base.platform_version);
    node.extend_packages(packages.collect::<Vec<_>>());
    node
}
