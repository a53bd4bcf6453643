//! Fleet aggregation: many snapshots folded one at a time into counts per patch group (the
//! `DescribePatchGroupState` shape, compliance.md 3), per state and compliance level, the
//! non-compliant nodes and the patches missing on the most nodes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use patchcore_baseline::ComplianceLevel;
use patchcore_rules::PatchState;
use serde::{Deserialize, Serialize};

use crate::snapshot::Snapshot;
use crate::summary::{ComplianceStatus, SeveritySummary, Summary, SummaryOptions};

/// The node counts of one patch group: the `DescribePatchGroupState` response (compliance.md 3).
/// Each `InstancesWith…` field counts the nodes whose matching per-node count is above zero.
///
/// It is both what a [`Fleet`] aggregates per patch group and the AWS shape: it reads the
/// service's answer with [`aws::read`](crate::aws::read) and prints ours with
/// [`aws::write`](crate::aws::write). Every count is written; an absent count reads as 0 (the
/// aws-cli example predates `InstancesWithAvailableSecurityUpdates`); counts of nodes are never
/// negative, and a negative one is rejected.
///
/// ```
/// use patchcore_compliance::{PatchGroupState, aws};
///
/// let state: PatchGroupState = aws::read(r#"{"Instances": 3, "InstancesWithMissingPatches": 1}"#)?;
/// assert_eq!(state.instances_with_missing_patches, 1);
/// assert_eq!(state.instances_with_available_security_updates, 0);
/// assert!(aws::write(&state).contains("\"InstancesWithFailedPatches\": 0"));
/// # Ok::<(), patchcore_compliance::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct PatchGroupState {
    /// Nodes in the group.
    pub instances: u64,
    /// Nodes with `InstalledCount > 0`.
    pub instances_with_installed_patches: u64,
    /// Nodes with `InstalledOtherCount > 0`.
    pub instances_with_installed_other_patches: u64,
    /// Nodes with `InstalledPendingRebootCount > 0`.
    pub instances_with_installed_pending_reboot_patches: u64,
    /// Nodes with `InstalledRejectedCount > 0`.
    pub instances_with_installed_rejected_patches: u64,
    /// Nodes with `MissingCount > 0`.
    pub instances_with_missing_patches: u64,
    /// Nodes with `FailedCount > 0`.
    pub instances_with_failed_patches: u64,
    /// Nodes with `NotApplicableCount > 0`.
    pub instances_with_not_applicable_patches: u64,
    /// Nodes with `UnreportedNotApplicableCount > 0`.
    pub instances_with_unreported_not_applicable_patches: u64,
    /// Nodes with `CriticalNonCompliantCount > 0`.
    pub instances_with_critical_non_compliant_patches: u64,
    /// Nodes with `SecurityNonCompliantCount > 0`.
    pub instances_with_security_non_compliant_patches: u64,
    /// Nodes with `OtherNonCompliantCount > 0`.
    pub instances_with_other_non_compliant_patches: u64,
    /// Nodes with `AvailableSecurityUpdateCount > 0`.
    pub instances_with_available_security_updates: u64,
}

/// Each `InstancesWith…` field of [`PatchGroupState`] with the per-node count it tests.
type Counter = (fn(&mut PatchGroupState) -> &mut u64, fn(&Summary) -> u64);

const COUNTERS: [Counter; 12] = [
    (
        |g| &mut g.instances_with_installed_patches,
        |s| s.installed_count,
    ),
    (
        |g| &mut g.instances_with_installed_other_patches,
        |s| s.installed_other_count,
    ),
    (
        |g| &mut g.instances_with_installed_pending_reboot_patches,
        |s| s.installed_pending_reboot_count,
    ),
    (
        |g| &mut g.instances_with_installed_rejected_patches,
        |s| s.installed_rejected_count,
    ),
    (
        |g| &mut g.instances_with_missing_patches,
        |s| s.missing_count,
    ),
    (|g| &mut g.instances_with_failed_patches, |s| s.failed_count),
    (
        |g| &mut g.instances_with_not_applicable_patches,
        |s| s.not_applicable_count,
    ),
    (
        |g| &mut g.instances_with_unreported_not_applicable_patches,
        |s| s.unreported_not_applicable_count,
    ),
    (
        |g| &mut g.instances_with_critical_non_compliant_patches,
        |s| s.critical_non_compliant_count,
    ),
    (
        |g| &mut g.instances_with_security_non_compliant_patches,
        |s| s.security_non_compliant_count,
    ),
    (
        |g| &mut g.instances_with_other_non_compliant_patches,
        |s| s.other_non_compliant_count,
    ),
    (
        |g| &mut g.instances_with_available_security_updates,
        |s| s.available_security_update_count,
    ),
];

impl crate::aws::Shape for PatchGroupState {
    const NAME: &'static str = "DescribePatchGroupState response";
}

impl PatchGroupState {
    /// Counts one node with `summary`.
    pub fn add(&mut self, summary: &Summary) {
        self.instances += 1;
        for (field, count) in COUNTERS {
            *field(self) += u64::from(count(summary) > 0);
        }
    }

    /// Adds the counts of `other` (the same group, counted elsewhere).
    pub fn merge(&mut self, other: &Self) {
        let mut other = *other;
        self.instances += other.instances;
        for (field, _) in COUNTERS {
            *field(self) += *field(&mut other);
        }
    }
}

/// A patch missing on several nodes: an entry of [`FleetReport::top_missing`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct MissingPatch {
    /// The patch's `KBId`.
    #[serde(rename = "KBId")]
    pub id: String,
    /// On how many nodes it is `Missing`.
    pub nodes: u64,
}

/// The non-compliant node ids a [`Fleet`] keeps by default.
pub const DEFAULT_NON_COMPLIANT_LIMIT: usize = 100;

/// A streaming aggregate of a fleet's snapshots: [`add`](Self::add) them one at a time (each
/// snapshot counts as one node: pass the latest snapshot of each node), [`merge`](Self::merge)
/// partial aggregates, and read the [`report`](Self::report).
///
/// Memory: a `Fleet` holds one [`PatchGroupState`] per patch group, one counter per distinct
/// `KBId` seen `Missing`, and at most [`non_compliant_limit`](Self::non_compliant_limit) node
/// ids: nothing per node beyond that, so 100,000 snapshots aggregate in the memory of the first
/// thousands (`benches/compliance.rs` measures it). Partial aggregates
/// [`merge`](Self::merge) with the same result as one pass, so a fleet can be folded in
/// parallel: with rayon, `fold(|| Fleet::new(options), |mut f, s| { f.add(&s); f })` then
/// `reduce(|| Fleet::new(options), Fleet::merged)`.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use patchcore_baseline::OperatingSystem;
/// use patchcore_compliance::{Context, Fleet, PatchItem, PatchState, Snapshot, SummaryOptions};
///
/// let time = Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap();
/// let node = |id: &str, state| {
///     let mut context = Context::new(id, "pb-0a1b2c3d4e5f60718");
///     context.patch_group = "web".into();
///     let mut snapshot = Snapshot::new(context, OperatingSystem::AmazonLinux2, time);
///     snapshot.items.push(PatchItem::new("openssl.x86_64", "openssl.x86_64:1:1.0.2k-24", state));
///     snapshot
/// };
///
/// let mut left = Fleet::new(SummaryOptions::default());
/// left.add(&node("i-0000000000000000a", PatchState::Missing));
/// let mut right = Fleet::new(SummaryOptions::default());
/// right.add(&node("i-0000000000000000b", PatchState::Installed));
/// left.merge(right);
///
/// let report = left.report(10);
/// assert_eq!(report.nodes, 2);
/// assert_eq!(report.patch_groups["web"].instances_with_missing_patches, 1);
/// assert_eq!(report.non_compliant_node_ids, ["i-0000000000000000a"]);
/// assert_eq!(report.top_missing[0].id, "openssl.x86_64");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fleet {
    options: SummaryOptions,
    non_compliant_limit: usize,
    nodes: u64,
    non_compliant_nodes: u64,
    patch_groups: BTreeMap<String, PatchGroupState>,
    patches_by_state: [u64; PatchState::ALL.len()],
    non_compliant_patches_by_level: SeveritySummary,
    nodes_by_severity: SeveritySummary,
    non_compliant_node_ids: BTreeSet<String>,
    missing: HashMap<String, u64>,
}

impl Fleet {
    /// An empty aggregate whose node summaries are computed with `options`, keeping the first
    /// [`DEFAULT_NON_COMPLIANT_LIMIT`] non-compliant node ids.
    pub fn new(options: SummaryOptions) -> Self {
        Self {
            options,
            non_compliant_limit: DEFAULT_NON_COMPLIANT_LIMIT,
            nodes: 0,
            non_compliant_nodes: 0,
            patch_groups: BTreeMap::new(),
            patches_by_state: [0; PatchState::ALL.len()],
            non_compliant_patches_by_level: SeveritySummary::default(),
            nodes_by_severity: SeveritySummary::default(),
            non_compliant_node_ids: BTreeSet::new(),
            missing: HashMap::new(),
        }
    }

    /// The same, keeping the first `limit` non-compliant node ids (by id) instead.
    pub fn with_non_compliant_limit(mut self, limit: usize) -> Self {
        self.non_compliant_limit = limit;
        self.trim_non_compliant();
        self
    }

    /// How many non-compliant node ids are kept.
    pub fn non_compliant_limit(&self) -> usize {
        self.non_compliant_limit
    }

    /// The number of snapshots added.
    pub fn nodes(&self) -> u64 {
        self.nodes
    }

    /// Counts one node. Its rows are read once and not kept; a `KBId` counts once per node
    /// however many `Missing` rows it has (the rows are sorted by `KBId`).
    pub fn add(&mut self, snapshot: &Snapshot) {
        let summary = snapshot.summary(&self.options);
        self.nodes += 1;
        // The group's name is cloned only the first time it is met.
        match self.patch_groups.get_mut(&snapshot.patch_group) {
            Some(group) => group.add(&summary),
            None => {
                let mut group = PatchGroupState::default();
                group.add(&summary);
                self.patch_groups
                    .insert(snapshot.patch_group.clone(), group);
            }
        }
        for (total, state) in self.patches_by_state.iter_mut().zip(PatchState::ALL) {
            *total += summary.count(state);
        }
        add_levels(
            &mut self.non_compliant_patches_by_level,
            &summary.non_compliant_by_level,
        );
        if summary.status == ComplianceStatus::NonCompliant {
            self.non_compliant_nodes += 1;
            // A non-compliant node always has a severity (at least INFORMATIONAL).
            self.nodes_by_severity.add(
                summary
                    .non_compliant_severity
                    .as_ref()
                    .unwrap_or(&ComplianceLevel::Unspecified),
            );
            if self.non_compliant_node_ids.len() < self.non_compliant_limit
                || self
                    .non_compliant_node_ids
                    .last()
                    .is_some_and(|last| snapshot.node_id < *last)
            {
                self.non_compliant_node_ids.insert(snapshot.node_id.clone());
                self.trim_non_compliant();
            }
        }
        let mut previous: Option<&str> = None;
        for item in &snapshot.items {
            if item.state == PatchState::Missing && previous != Some(item.id.as_str()) {
                previous = Some(&item.id);
                match self.missing.get_mut(&item.id) {
                    Some(count) => *count += 1,
                    None => {
                        self.missing.insert(item.id.clone(), 1);
                    }
                }
            }
        }
    }

    /// Adds the counts of `other`, another part of the same fleet: the result is the aggregate
    /// of both parts' snapshots, as if they had all been added to one. `self`'s options and
    /// limit are kept.
    pub fn merge(&mut self, other: Self) {
        self.nodes += other.nodes;
        self.non_compliant_nodes += other.non_compliant_nodes;
        for (group, state) in other.patch_groups {
            self.patch_groups.entry(group).or_default().merge(&state);
        }
        for (total, count) in self.patches_by_state.iter_mut().zip(other.patches_by_state) {
            *total += count;
        }
        add_levels(
            &mut self.non_compliant_patches_by_level,
            &other.non_compliant_patches_by_level,
        );
        add_levels(&mut self.nodes_by_severity, &other.nodes_by_severity);
        self.non_compliant_node_ids
            .extend(other.non_compliant_node_ids);
        self.trim_non_compliant();
        for (id, count) in other.missing {
            *self.missing.entry(id).or_default() += count;
        }
    }

    /// [`merge`](Self::merge) by value, for `reduce`.
    pub fn merged(mut self, other: Self) -> Self {
        self.merge(other);
        self
    }

    fn trim_non_compliant(&mut self) {
        while self.non_compliant_node_ids.len() > self.non_compliant_limit {
            self.non_compliant_node_ids.pop_last();
        }
    }

    /// The patches `Missing` on the most nodes, at most `top`: by node count, most first, then
    /// by `KBId`.
    pub fn top_missing(&self, top: usize) -> Vec<MissingPatch> {
        let mut all: Vec<(&String, u64)> = self.missing.iter().map(|(id, &n)| (id, n)).collect();
        all.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        all.into_iter()
            .take(top)
            .map(|(id, nodes)| MissingPatch {
                id: id.clone(),
                nodes,
            })
            .collect()
    }

    /// The aggregate, with the `top` patches missing on the most nodes.
    pub fn report(&self, top: usize) -> FleetReport {
        FleetReport {
            nodes: self.nodes,
            compliant_nodes: self.nodes.saturating_sub(self.non_compliant_nodes),
            non_compliant_nodes: self.non_compliant_nodes,
            patch_groups: self.patch_groups.clone(),
            patches_by_state: PatchState::ALL
                .into_iter()
                .zip(self.patches_by_state)
                .collect(),
            non_compliant_patches_by_level: self.non_compliant_patches_by_level,
            nodes_by_severity: self.nodes_by_severity,
            non_compliant_node_ids: self.non_compliant_node_ids.iter().cloned().collect(),
            top_missing: self.top_missing(top),
        }
    }
}

/// Adds per-level counts.
fn add_levels(total: &mut SeveritySummary, counts: &SeveritySummary) {
    total.critical_count += counts.critical_count;
    total.high_count += counts.high_count;
    total.medium_count += counts.medium_count;
    total.low_count += counts.low_count;
    total.informational_count += counts.informational_count;
    total.unspecified_count += counts.unspecified_count;
}

/// What a [`Fleet`] found, in a deterministic order (maps sorted by key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct FleetReport {
    /// Nodes (snapshots) counted.
    pub nodes: u64,
    /// Nodes `COMPLIANT`.
    pub compliant_nodes: u64,
    /// Nodes `NON_COMPLIANT`.
    pub non_compliant_nodes: u64,
    /// The `DescribePatchGroupState` counts per patch group (`""`: nodes in no group).
    pub patch_groups: BTreeMap<String, PatchGroupState>,
    /// Patches per state over the fleet: the sum of the nodes' counts (`NotApplicable`: reported
    /// and unreported), every state present.
    pub patches_by_state: BTreeMap<PatchState, u64>,
    /// Non-compliant patches per compliance level over the fleet.
    pub non_compliant_patches_by_level: SeveritySummary,
    /// Non-compliant nodes per node severity.
    pub nodes_by_severity: SeveritySummary,
    /// The first non-compliant node ids, sorted, at most [`Fleet::non_compliant_limit`].
    pub non_compliant_node_ids: Vec<String>,
    /// The patches missing on the most nodes.
    pub top_missing: Vec<MissingPatch>,
}
