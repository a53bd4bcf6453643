//! The proptest strategies of arbitrary snapshots, for every law of the crate: the AWS shapes
//! and the saved document round-trip them, diffs replay them, fleets merge them.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeZone, Utc};
use patchcore_baseline::{ComplianceLevel, OperatingSystem};
use patchcore_compliance::{Context, Operation, PatchItem, PatchState, RebootOption, Snapshot};
use proptest::prelude::*;
use proptest::sample::select;

/// Which `KBId`s and `Title`s the rows of a generated snapshot get.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Names {
    /// Any Linux or Windows id and any title (every character but controls): for readers and
    /// writers.
    Any,
    /// Rows drawn from 8 packages of 3 versions each, so that two snapshots share many `KBId`s
    /// and some `KBId`s have several rows: for diffs and fleets.
    Few,
}

/// A time after the epoch (the epoch itself means "no time" in `InstalledTime`), with
/// nanoseconds when `fine`, else whole microseconds (what epoch seconds keep exactly).
pub(crate) fn time(fine: bool) -> impl Strategy<Value = DateTime<Utc>> {
    (1i64..7_000_000_000, 0u32..1_000_000, 0u32..1000).prop_map(move |(secs, micros, nanos)| {
        let nanos = if fine {
            micros * 1000 + nanos
        } else {
            micros * 1000
        };
        Utc.timestamp_opt(secs, nanos).unwrap()
    })
}

fn level() -> impl Strategy<Value = ComplianceLevel> {
    prop_oneof![
        select(ComplianceLevel::KNOWN.to_vec()),
        Just(ComplianceLevel::Unknown("URGENT".to_owned())),
    ]
}

/// A row's `(KBId, Title)`.
fn name(names: Names) -> BoxedStrategy<(String, String)> {
    match names {
        Names::Any => (
            "[a-z][a-z0-9+-]{0,8}\\.(x86_64|amd64|noarch)|KB[0-9]{6,7}",
            "\\PC{0,24}",
        )
            .boxed(),
        Names::Few => (0..8_u8, 0..3_u8)
            .prop_map(|(package, version)| {
                let id = format!("pkg{package}.x86_64");
                let title = format!("{id}:0:1.{version}-1");
                (id, title)
            })
            .boxed(),
    }
}

/// A row with every field drawn but its `KBId` and `Title` (empty).
fn fields(fine: bool) -> impl Strategy<Value = PatchItem> {
    (
        select(vec![
            "",
            "Security",
            "security",
            "Bugfix",
            "SecurityUpdates",
            "CriticalUpdates",
            "Updates",
        ]),
        "\\PC{0,10}",
        level(),
        select(PatchState::ALL.to_vec()),
        proptest::option::of(time(fine)),
        proptest::collection::vec("CVE-20[0-9]{2}-[0-9]{4,6}", 0..3),
    )
        .prop_map(
            |(classification, severity, level, state, installed, cves)| {
                let mut item = PatchItem::new("", "", state);
                item.classification = classification.to_owned();
                item.severity = severity;
                item.compliance_level = level;
                item.installed_time = installed;
                item.cve_ids = cves;
                item
            },
        )
}

/// Up to 24 distinct rows, sorted by `KBId` then `Title` as every snapshot keeps them.
pub(crate) fn rows(names: Names, fine: bool) -> impl Strategy<Value = Vec<PatchItem>> {
    proptest::collection::btree_map(name(names), fields(fine), 0..24).prop_map(
        |rows: BTreeMap<(String, String), PatchItem>| {
            rows.into_iter()
                .map(|((id, title), mut item)| {
                    item.id = id;
                    item.title = title;
                    item
                })
                .collect()
        },
    )
}

/// Any snapshot: every field drawn, rows named by `names`, times with nanoseconds when
/// `fine`. Patch groups are often one of a few names, so that fleets share groups.
pub(crate) fn snapshot(names: Names, fine: bool) -> impl Strategy<Value = Snapshot> {
    let ids = (
        "i-[0-9a-f]{17}|mi-[0-9a-f]{17}|",
        "pb-[0-9a-f]{17}|arn:aws:ssm:us-east-1:[0-9]{12}:patchbaseline/pb-[0-9a-f]{17}",
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|",
        prop_oneof![
            select(vec!["", "web", "db"]).prop_map(str::to_owned),
            "\\PC{0,12}"
        ],
        "[0-9a-f]{64}|",
    );
    let operation = (
        select(vec![Operation::Scan, Operation::Install]),
        time(fine),
        0i64..100_000,
        proptest::option::of(select(vec![
            RebootOption::RebootIfNeeded,
            RebootOption::NoReboot,
        ])),
        proptest::option::of("https://[a-z]{1,10}/[a-z]{1,10}\\.yaml|s3://[a-z]{3,8}/list\\.yaml"),
        proptest::option::of(time(fine)),
    );
    let node = (
        select(OperatingSystem::KNOWN.to_vec()),
        "\\PC{0,12}",
        "\\PC{0,12}",
        "[0-9.]{0,6}",
        any::<bool>(),
        0u64..5000,
        "[0-9]\\.[0-9]{1,2}\\.[0-9]{1,2}",
    );
    (ids, operation, node, rows(names, fine)).prop_map(|(ids, operation, node, items)| {
        let (node_id, baseline_id, snapshot_id, patch_group, hash) = ids;
        let (op, start, duration, reboot, override_list, no_reboot) = operation;
        let (os, product, name, version, asu, unlisted, crate_version) = node;
        let mut context = Context::new(node_id, baseline_id);
        context.snapshot_id = snapshot_id;
        context.patch_group = patch_group;
        context.baseline_hash = hash;
        context.operation = op;
        context.reboot_option = reboot;
        context.install_override_list = override_list;
        context.operation_start_time = Some(start);
        context.operation_end_time = Some(start + chrono::Duration::milliseconds(duration));
        let mut snapshot = Snapshot::new(context, os, start);
        snapshot.last_no_reboot_install_operation_time = no_reboot;
        snapshot.product = product;
        snapshot.platform_name = name;
        snapshot.platform_version = version;
        snapshot.available_security_updates_non_compliant = asu;
        snapshot.unlisted_not_applicable = unlisted;
        snapshot.patchcore_version = crate_version;
        snapshot.items = items;
        snapshot
    })
}

/// A snapshot of `node` whose rows come from a few packages ([`Names::Few`]): two of them are
/// two snapshots of one node to diff.
pub(crate) fn node_snapshot(node: &'static str) -> impl Strategy<Value = Snapshot> {
    snapshot_of_node(Just(node.to_owned()))
}

/// A snapshot of one of 12 nodes, rows from a few packages: fleets with repeated node ids,
/// shared patch groups and patches missing on several nodes.
pub(crate) fn fleet_snapshot() -> impl Strategy<Value = Snapshot> {
    snapshot_of_node((0..12_u8).prop_map(|node| format!("i-{node:017x}")))
}

fn snapshot_of_node(node: impl Strategy<Value = String>) -> impl Strategy<Value = Snapshot> {
    (node, snapshot(Names::Few, false)).prop_map(|(node, mut snapshot)| {
        snapshot.node_id = node;
        snapshot
    })
}
