//! What every test file of the crate shares: builders of hand-made snapshots, the worked
//! examples of compliance.md 7 ([`examples`]) and the proptest strategies of arbitrary
//! snapshots ([`strategies`]). Each test file declares `mod support;` and uses part of it.
#![allow(dead_code)] // each test file uses part of it
#![allow(clippy::unwrap_used)] // test data: a panic is a failed test

pub(crate) mod examples;
pub(crate) mod strategies;

use chrono::{DateTime, TimeZone, Utc};
use patchcore_baseline::{ComplianceLevel, OperatingSystem};
use patchcore_compliance::{Context, PatchItem, PatchState, Snapshot};

/// The node of the worked examples.
pub(crate) const NODE: &str = "i-0123456789abcdef0";

/// The baseline of the worked examples.
pub(crate) const BASELINE: &str = "pb-0a1b2c3d4e5f60718";

/// 2024-06-20 at `h:m:s` UTC, the day of the worked examples.
pub(crate) fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    on(2024, 6, 20, h, m, s)
}

/// A UTC time.
pub(crate) fn on(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
}

/// A row with its compliance level and classification (no vendor severity).
pub(crate) fn row(
    id: &str,
    title: &str,
    state: PatchState,
    level: ComplianceLevel,
    classification: &str,
) -> PatchItem {
    let mut item = PatchItem::new(id, title, state);
    item.compliance_level = level;
    item.classification = classification.to_owned();
    item
}

/// `item` with the vendor severity `severity`.
pub(crate) fn with_severity(mut item: PatchItem, severity: &str) -> PatchItem {
    item.severity = severity.to_owned();
    item
}

/// Sorts rows by `KBId`, then `Title`, as every snapshot keeps them.
pub(crate) fn sort(rows: &mut [PatchItem]) {
    rows.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.title.cmp(&b.title)));
}

/// A Scan snapshot of [`NODE`] with [`BASELINE`] on `os` at `time`, with `rows` sorted.
pub(crate) fn snapshot_of(
    os: OperatingSystem,
    time: DateTime<Utc>,
    mut rows: Vec<PatchItem>,
) -> Snapshot {
    let mut snapshot = Snapshot::new(Context::new(NODE, BASELINE), os, time);
    sort(&mut rows);
    snapshot.items = rows;
    snapshot
}

/// An empty Amazon Linux 2 Scan snapshot of `node` in `patch_group`, ended at `time`.
pub(crate) fn snapshot(node: &str, patch_group: &str, time: DateTime<Utc>) -> Snapshot {
    let mut context = Context::new(node, BASELINE);
    context.patch_group = patch_group.to_owned();
    let mut snapshot = Snapshot::new(context, OperatingSystem::AmazonLinux2, time);
    snapshot.platform_name = "Amazon Linux".to_owned();
    snapshot.platform_version = "2".to_owned();
    snapshot
}

/// A snapshot of [`NODE`] in `patch_group` at 12:00 with `rows`, sorted.
pub(crate) fn node_with(patch_group: &str, mut rows: Vec<PatchItem>) -> Snapshot {
    sort(&mut rows);
    let mut node = snapshot(NODE, patch_group, at(12, 0, 0));
    node.items = rows;
    node
}
