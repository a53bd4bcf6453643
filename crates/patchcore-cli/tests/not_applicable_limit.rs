//! `--not-applicable-limit N` (compliance.md 3): a node reports at most N `NotApplicable`
//! patches in `NotApplicableCount`, the rest in `UnreportedNotApplicableCount` — in the table,
//! the JSON document, and what reads saved documents (`diff`, `fleet`).
#![cfg(test)]

mod common;

use std::path::{Path, PathBuf};

use common::{NOW, copy_dir, fixture, on_node, patchcore, says, scratch};

/// The Debian fixture node with three more packages in the security repository that it does
/// not install: four `NotApplicable` patches (nginx, apache2, git, vim).
fn node_with_four_not_applicable(name: &str) -> PathBuf {
    let node = scratch(name).join("node");
    copy_dir(Path::new(&fixture("debian-node")), &node);
    let lists = node.join(
        "lists/security.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages",
    );
    let mut packages = std::fs::read_to_string(&lists).unwrap();
    for name in ["apache2", "git", "vim"] {
        packages.push_str(&format!(
            "\nPackage: {name}\nVersion: 1.0-1\nArchitecture: amd64\nPriority: optional\nSection: web\n"
        ));
    }
    std::fs::write(&lists, packages).unwrap();
    node
}

fn scan_json(node: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--format", "json", "--node-id", "i-0123456789abcdef0"];
    args.extend(extra);
    let run = on_node(&["scan"], node.to_str().unwrap(), &args);
    assert_eq!(run.code, 1, "{run:?}");
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn a_limit_below_the_not_applicable_count_moves_the_rest_to_unreported() {
    let node = node_with_four_not_applicable("na-limit-json");

    let limited = scan_json(&node, &["--not-applicable-limit", "1"]);
    let state = &limited["PatchState"];
    assert_eq!(state["NotApplicableCount"], 1, "the limit");
    assert_eq!(state["UnreportedNotApplicableCount"], 3, "the other three");
    assert_eq!(limited["Patchcore"]["NotApplicableLimit"], 1);
    assert_eq!(
        state["MissingCount"], 1,
        "the other counts do not depend on the limit"
    );

    let unlimited = scan_json(&node, &[]);
    let state = &unlimited["PatchState"];
    assert_eq!(
        state["NotApplicableCount"], 4,
        "without the flag: every one"
    );
    assert_eq!(state["UnreportedNotApplicableCount"], 0);
    assert!(unlimited["Patchcore"].get("NotApplicableLimit").is_none());

    let at_the_count = scan_json(&node, &["--not-applicable-limit", "4"]);
    assert_eq!(at_the_count["PatchState"]["NotApplicableCount"], 4);
    assert_eq!(
        at_the_count["PatchState"]["UnreportedNotApplicableCount"],
        0
    );
}

#[test]
fn the_table_shows_the_reported_and_the_unreported_not_applicable_counts() {
    let node = node_with_four_not_applicable("na-limit-table");
    let node = node.to_str().unwrap();

    let limited = on_node(&["scan"], node, &["--not-applicable-limit", "1"]);
    assert_eq!(limited.code, 1, "{limited:?}");
    says(
        &limited,
        "counts     Installed 1, InstalledOther 3, Missing 1, NotApplicable 1, \
         UnreportedNotApplicable 3\n",
    );

    let unlimited = on_node(&["scan"], node, &[]);
    says(
        &unlimited,
        "counts     Installed 1, InstalledOther 3, Missing 1, NotApplicable 4\n",
    );
}

#[test]
fn the_csv_report_has_no_not_applicable_column_so_the_limit_leaves_it_alone() {
    let node = node_with_four_not_applicable("na-limit-csv");
    let node = node.to_str().unwrap();
    let limited = on_node(
        &["scan"],
        node,
        &["--format", "csv", "--not-applicable-limit", "1"],
    );
    let unlimited = on_node(&["scan"], node, &["--format", "csv"]);
    assert_eq!(limited.code, 1, "{limited:?}");
    assert_eq!(limited.stdout, unlimited.stdout);
}

#[test]
fn diff_computes_both_summaries_with_the_limit() {
    let dir = scratch("na-limit-diff");
    let before = dir.join("before.json");
    let after = dir.join("after.json");
    let one = scan_json(Path::new(&fixture("debian-node")), &[]);
    let four = scan_json(&node_with_four_not_applicable("na-limit-diff-node"), &[]);
    std::fs::write(&before, one.to_string()).unwrap();
    std::fs::write(&after, four.to_string()).unwrap();
    let (before, after) = (before.to_str().unwrap(), after.to_str().unwrap());

    let unlimited = patchcore(&["diff", before, after]);
    assert_eq!(unlimited.code, 1, "{unlimited:?}");
    says(&unlimited, "NotApplicableCount: 1 → 4 (+3)");
    assert!(
        !unlimited.stdout.contains("Unreported"),
        "{}",
        unlimited.stdout
    );

    let limited = patchcore(&["diff", before, after, "--not-applicable-limit", "1"]);
    assert_eq!(limited.code, 1, "{limited:?}");
    says(&limited, "UnreportedNotApplicableCount: 0 → 3 (+3)");
    assert!(
        !limited
            .stdout
            .lines()
            .any(|line| line.starts_with("NotApplicableCount")),
        "the reported count stays at the limit: {}",
        limited.stdout
    );
}

#[test]
fn fleet_aggregates_and_saves_with_the_limit() {
    let fleet = scratch("na-limit-fleet");
    copy_dir(Path::new(&fixture("debian-node")), &fleet.join("deb-1"));
    copy_dir(
        &node_with_four_not_applicable("na-limit-fleet-node"),
        &fleet.join("deb-4"),
    );
    let saved = scratch("na-limit-fleet-saved");
    let fleet = fleet.to_str().unwrap();
    let run = patchcore(&[
        "fleet",
        fleet,
        "--now",
        NOW,
        "--format",
        "json",
        "--not-applicable-limit",
        "1",
        "--save",
        saved.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let group = &report["PatchGroups"][""];
    assert_eq!(group["Instances"], 2);
    assert_eq!(group["InstancesWithNotApplicablePatches"], 2);
    assert_eq!(
        group["InstancesWithUnreportedNotApplicablePatches"], 1,
        "only deb-4 has more than one"
    );

    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(saved.join("deb-4.json")).unwrap()).unwrap();
    assert_eq!(document["PatchState"]["NotApplicableCount"], 1);
    assert_eq!(document["PatchState"]["UnreportedNotApplicableCount"], 3);

    let unlimited = patchcore(&["fleet", fleet, "--now", NOW, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&unlimited.stdout).unwrap();
    assert_eq!(
        report["PatchGroups"][""]["InstancesWithUnreportedNotApplicablePatches"],
        0
    );
}

#[test]
fn the_limit_is_a_count() {
    for wrong in ["--not-applicable-limit=-1", "--not-applicable-limit=many"] {
        let run = on_node(&["scan"], &fixture("debian-node"), &[wrong]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stdout.is_empty(), "{run:?}");
        assert!(run.stderr.contains("--not-applicable-limit"), "{run:?}");
    }
}
