//! Fleet aggregation: `DescribePatchGroupState` counts per patch group (compliance.md 3), counts
//! by state and level, bounded non-compliant node list, top missing, and merge laws.
// Test helpers outside #[test] functions: a panic there is a failed test.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use patchcore_baseline::ComplianceLevel;
use patchcore_compliance::{Fleet, PatchGroupState, PatchState, Snapshot, SummaryOptions};
use proptest::prelude::*;
use support::examples::example_a;
use support::strategies::fleet_snapshot;
use support::{at, row, snapshot};

/// A hand-made fleet of five nodes in two patch groups and none.
fn small_fleet() -> Vec<Snapshot> {
    use ComplianceLevel::{Critical, High, Low, Unspecified};
    use PatchState::{
        Failed, Installed, InstalledOther, InstalledPendingReboot, InstalledRejected, Missing,
        NotApplicable,
    };
    // Missing on both web nodes.
    let curl = || {
        row(
            "curl.x86_64",
            "curl.x86_64:8.3.0-2",
            Missing,
            Critical,
            "Security",
        )
    };
    let mut web1 = snapshot("i-00000000000000001", "web", at(12, 0, 0));
    web1.items = vec![
        curl(),
        row(
            "glibc.x86_64",
            "glibc.x86_64:2.26-64",
            Installed,
            High,
            "Security",
        ),
        row(
            "nano.x86_64",
            "nano.x86_64:2.9.8-2",
            InstalledOther,
            Unspecified,
            "",
        ),
    ];
    let mut web2 = snapshot("i-00000000000000002", "web", at(12, 0, 0));
    web2.items = vec![
        curl(),
        row(
            "sudo.x86_64",
            "sudo.x86_64:1.9.15-1",
            InstalledRejected,
            Unspecified,
            "",
        ),
        row("zlib.x86_64", "zlib.x86_64:1.2.7-20", Missing, Low, ""),
    ];
    let mut web3 = snapshot("i-00000000000000003", "web", at(12, 0, 0));
    web3.items = vec![row(
        "glibc.x86_64",
        "glibc.x86_64:2.26-64",
        Installed,
        High,
        "Security",
    )];
    web3.unlisted_not_applicable = 4;
    let mut db1 = snapshot("i-00000000000000004", "db", at(12, 0, 0));
    db1.items = vec![
        row(
            "openssl.x86_64",
            "openssl.x86_64:1:1.0.2k-24",
            InstalledPendingReboot,
            High,
            "Security",
        ),
        row("vim.x86_64", "vim.x86_64:9.0-1", Failed, High, "Bugfix"),
        row(
            "KB5099001",
            "IIS update",
            NotApplicable,
            Critical,
            "SecurityUpdates",
        ),
    ];
    let mut windows = snapshot("i-00000000000000005", "", at(12, 0, 0));
    windows.items = vec![row(
        "KB5039343",
        ".NET security update",
        PatchState::AvailableSecurityUpdate,
        Unspecified,
        "SecurityUpdates",
    )];
    vec![web1, web2, web3, db1, windows]
}

fn fleet_of<'a>(snapshots: impl IntoIterator<Item = &'a Snapshot>, limit: usize) -> Fleet {
    let mut fleet = Fleet::new(SummaryOptions::default()).with_non_compliant_limit(limit);
    for snapshot in snapshots {
        fleet.add(snapshot);
    }
    fleet
}

#[test]
fn patch_group_counts_are_nodes_with_each_count_above_zero() {
    let report = fleet_of(&small_fleet(), 100).report(10);
    let web = report.patch_groups["web"];
    let expected_web = [3, 2, 1, 0, 1, 2, 0, 1, 0, 2, 2, 1, 0];
    assert_eq!(fields(&web), expected_web);
    let db = report.patch_groups["db"];
    // Failed vim (HIGH, Bugfix) counts in Other; pending-reboot openssl in Security.
    assert_eq!(fields(&db), [1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0]);
    let none = report.patch_groups[""];
    // An AvailableSecurityUpdate row, the baseline leaving it compliant.
    assert_eq!(fields(&none), [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert_eq!(report.patch_groups.len(), 3);
}

/// The 13 `DescribePatchGroupState` fields, through their JSON names (compliance.md 3).
fn fields(state: &PatchGroupState) -> [u64; 13] {
    let json = serde_json::to_value(state).unwrap();
    [
        "Instances",
        "InstancesWithInstalledPatches",
        "InstancesWithInstalledOtherPatches",
        "InstancesWithInstalledPendingRebootPatches",
        "InstancesWithInstalledRejectedPatches",
        "InstancesWithMissingPatches",
        "InstancesWithFailedPatches",
        "InstancesWithNotApplicablePatches",
        "InstancesWithUnreportedNotApplicablePatches",
        "InstancesWithCriticalNonCompliantPatches",
        "InstancesWithSecurityNonCompliantPatches",
        "InstancesWithOtherNonCompliantPatches",
        "InstancesWithAvailableSecurityUpdates",
    ]
    .map(|name| {
        json[name]
            .as_u64()
            .unwrap_or_else(|| panic!("{name} missing in {json}"))
    })
}

#[test]
fn patch_group_state_serializes_exactly_the_13_aws_fields() {
    let json = serde_json::to_value(PatchGroupState::default()).unwrap();
    assert_eq!(json.as_object().unwrap().len(), 13);
}

#[test]
fn not_applicable_beyond_the_limit_counts_as_unreported() {
    let options = SummaryOptions::with_not_applicable_limit(2);
    let mut fleet = Fleet::new(options);
    fleet.add(&small_fleet()[2]); // 4 unlisted NotApplicable
    let web = fleet.report(0).patch_groups["web"];
    assert_eq!(web.instances_with_not_applicable_patches, 1);
    assert_eq!(web.instances_with_unreported_not_applicable_patches, 1);
}

#[test]
fn node_and_patch_counts_over_the_fleet() {
    let report = fleet_of(&small_fleet(), 100).report(10);
    assert_eq!(
        (
            report.nodes,
            report.compliant_nodes,
            report.non_compliant_nodes
        ),
        (5, 2, 3)
    );
    assert_eq!(report.patches_by_state[&PatchState::Missing], 3);
    assert_eq!(report.patches_by_state[&PatchState::Installed], 2);
    assert_eq!(report.patches_by_state[&PatchState::NotApplicable], 5);
    assert_eq!(report.patches_by_state.len(), PatchState::ALL.len());
    let levels = report.non_compliant_patches_by_level;
    assert_eq!(
        (
            levels.critical_count,
            levels.high_count,
            levels.low_count,
            levels.unspecified_count
        ),
        (2, 2, 1, 1)
    );
    let nodes = report.nodes_by_severity;
    assert_eq!((nodes.critical_count, nodes.high_count), (2, 1));
    assert_eq!(
        report.non_compliant_node_ids,
        [
            "i-00000000000000001",
            "i-00000000000000002",
            "i-00000000000000004"
        ]
    );
}

#[test]
fn non_compliant_node_list_keeps_the_first_ids_whatever_the_order() {
    let mut fleet = small_fleet();
    fleet.reverse();
    let report = fleet_of(&fleet, 2).report(0);
    assert_eq!(report.non_compliant_nodes, 3);
    assert_eq!(
        report.non_compliant_node_ids,
        ["i-00000000000000001", "i-00000000000000002"]
    );
}

#[test]
fn top_missing_ranks_by_node_count_then_kbid() {
    let mut fleet = small_fleet();
    fleet.push(example_a()); // openssl, vim-enhanced, amazon-ssm-agent missing
    let report = fleet_of(&fleet, 100).report(3);
    let top: Vec<(&str, u64)> = report
        .top_missing
        .iter()
        .map(|m| (m.id.as_str(), m.nodes))
        .collect();
    assert_eq!(
        top,
        [
            ("curl.x86_64", 2),
            ("amazon-ssm-agent.x86_64", 1),
            ("openssl.x86_64", 1)
        ]
    );
}

#[test]
fn a_kbid_missing_in_several_rows_of_one_node_counts_once() {
    let mut node = snapshot("i-00000000000000001", "", at(12, 0, 0));
    node.items = vec![
        row(
            "kernel.x86_64",
            "kernel.x86_64:5.10.1",
            PatchState::Missing,
            ComplianceLevel::High,
            "",
        ),
        row(
            "kernel.x86_64",
            "kernel.x86_64:5.10.2",
            PatchState::Missing,
            ComplianceLevel::High,
            "",
        ),
    ];
    let report = fleet_of([&node], 100).report(5);
    assert_eq!(report.top_missing.len(), 1);
    assert_eq!(report.top_missing[0].nodes, 1);
}

#[test]
fn report_json_is_deterministic_and_reads_back() {
    let report = fleet_of(&small_fleet(), 100).report(10);
    let json = serde_json::to_string(&report).unwrap();
    let mut reversed = small_fleet();
    reversed.reverse();
    assert_eq!(
        serde_json::to_string(&fleet_of(&reversed, 100).report(10)).unwrap(),
        json
    );
    assert!(
        json.contains("\"PatchesByState\":{\"Installed\":2,"),
        "{json}"
    );
    assert_eq!(
        serde_json::from_str::<patchcore_compliance::FleetReport>(&json).unwrap(),
        report
    );
}

proptest! {
    #[test]
    fn merging_two_partial_aggregates_equals_adding_all_to_one(
        snapshots in proptest::collection::vec(fleet_snapshot(), 0..12),
        split in 0..12_usize,
        limit in 0..4_usize,
    ) {
        let split = split.min(snapshots.len());
        let (left, right) = snapshots.split_at(split);
        let mut merged = fleet_of(left, limit);
        merged.merge(fleet_of(right, limit));
        let whole = fleet_of(&snapshots, limit);
        prop_assert_eq!(merged.report(5), whole.report(5));
        prop_assert_eq!(merged, whole);
    }

    #[test]
    fn the_aggregate_does_not_depend_on_the_order_of_snapshots(
        snapshots in proptest::collection::vec(fleet_snapshot(), 0..12),
    ) {
        let mut reversed = snapshots.clone();
        reversed.reverse();
        prop_assert_eq!(fleet_of(&snapshots, 3), fleet_of(&reversed, 3));
    }
}
