//! `DescribeInstancePatchStates` items and `DescribeInstancePatches` rows (compliance.md 3, 4.1).

use patchcore_baseline::ComplianceLevel;
use patchcore_rules::PatchState;
use patchcore_rules::install::RebootOption;
use serde::{Deserialize, Serialize};

use super::time::{TimeFormat, Timestamp};
use super::{Shape, api_count, count};
use crate::snapshot::{Operation, PatchItem, Snapshot};
use crate::summary::{ComplianceStatus, Summary};

/// The per-node summary of `DescribeInstancePatchStates` (and
/// `DescribeInstancePatchStatesForPatchGroup`): an `InstancePatchState`.
///
/// Every count is written, 0 where none, `AvailableSecurityUpdateCount` included; on input a
/// missing count reads as 0. Counts are the API's signed integers: the service prints `-1` for
/// a count it did not compute.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use patchcore_baseline::OperatingSystem;
/// use patchcore_compliance::aws::{InstancePatchState, TimeFormat};
/// use patchcore_compliance::{Context, PatchItem, PatchState, Snapshot, SummaryOptions};
///
/// let time = Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap();
/// let context = Context::new("i-0123456789abcdef0", "pb-0a1b2c3d4e5f60718");
/// let mut snapshot = Snapshot::new(context, OperatingSystem::AmazonLinux2, time);
/// snapshot.items.push(PatchItem::new("openssl.x86_64", "openssl.x86_64:1:1.0.2k-24", PatchState::Missing));
/// let summary = snapshot.summary(&SummaryOptions::default());
/// let state = InstancePatchState::new(&snapshot, &summary, TimeFormat::Iso8601);
/// assert_eq!(state.missing_count, 1);
/// let json = patchcore_compliance::aws::write(&state);
/// assert!(json.contains("\"AvailableSecurityUpdateCount\": 0"));
/// assert!(json.contains("\"OperationEndTime\": \"2024-06-20T12:00:00+00:00\""));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct InstancePatchState {
    /// `InstanceId`: the node.
    pub instance_id: String,
    /// `PatchGroup`: empty when the node is in none.
    #[serde(default)]
    pub patch_group: String,
    /// `BaselineId`.
    pub baseline_id: String,
    /// `SnapshotId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_id: Option<String>,
    /// `InstallOverrideList`: the URL, when the operation used one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_override_list: Option<String>,
    /// `OwnerInformation`: always empty in the current service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_information: Option<String>,
    /// `InstalledCount`.
    #[serde(default)]
    pub installed_count: i64,
    /// `InstalledOtherCount`.
    #[serde(default)]
    pub installed_other_count: i64,
    /// `InstalledPendingRebootCount`.
    #[serde(default)]
    pub installed_pending_reboot_count: i64,
    /// `InstalledRejectedCount`.
    #[serde(default)]
    pub installed_rejected_count: i64,
    /// `MissingCount`.
    #[serde(default)]
    pub missing_count: i64,
    /// `FailedCount`.
    #[serde(default)]
    pub failed_count: i64,
    /// `UnreportedNotApplicableCount`.
    #[serde(default)]
    pub unreported_not_applicable_count: i64,
    /// `NotApplicableCount`.
    #[serde(default)]
    pub not_applicable_count: i64,
    /// `AvailableSecurityUpdateCount` (Windows).
    #[serde(default)]
    pub available_security_update_count: i64,
    /// `OperationStartTime`.
    pub operation_start_time: Timestamp,
    /// `OperationEndTime`.
    pub operation_end_time: Timestamp,
    /// `Operation`: `Scan` or `Install`.
    pub operation: Operation,
    /// `LastNoRebootInstallOperationTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_no_reboot_install_operation_time: Option<Timestamp>,
    /// `RebootOption`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reboot_option: Option<RebootOption>,
    /// `CriticalNonCompliantCount`.
    #[serde(default)]
    pub critical_non_compliant_count: i64,
    /// `SecurityNonCompliantCount`.
    #[serde(default)]
    pub security_non_compliant_count: i64,
    /// `OtherNonCompliantCount`.
    #[serde(default)]
    pub other_non_compliant_count: i64,
}

impl Shape for InstancePatchState {
    const NAME: &'static str = "InstancePatchState";
}

/// The twelve counts of `InstancePatchState`, by AWS field name, in the API's order: the order
/// of [`InstancePatchState::counts`] and [`summary_counts`].
pub(crate) const COUNT_FIELDS: [&str; 12] = [
    "InstalledCount",
    "InstalledOtherCount",
    "InstalledPendingRebootCount",
    "InstalledRejectedCount",
    "MissingCount",
    "FailedCount",
    "UnreportedNotApplicableCount",
    "NotApplicableCount",
    "AvailableSecurityUpdateCount",
    "CriticalNonCompliantCount",
    "SecurityNonCompliantCount",
    "OtherNonCompliantCount",
];

/// The counts of `summary` in the order of [`COUNT_FIELDS`].
pub(crate) fn summary_counts(summary: &Summary) -> [u64; 12] {
    [
        summary.installed_count,
        summary.installed_other_count,
        summary.installed_pending_reboot_count,
        summary.installed_rejected_count,
        summary.missing_count,
        summary.failed_count,
        summary.unreported_not_applicable_count,
        summary.not_applicable_count,
        summary.available_security_update_count,
        summary.critical_non_compliant_count,
        summary.security_non_compliant_count,
        summary.other_non_compliant_count,
    ]
}

impl InstancePatchState {
    /// The summary item of `snapshot`, whose counts are `summary` (computed with
    /// [`Snapshot::summary`]), with times written in `format`. An empty snapshot id is left
    /// out.
    pub fn new(snapshot: &Snapshot, summary: &Summary, format: TimeFormat) -> Self {
        Self {
            instance_id: snapshot.node_id.clone(),
            patch_group: snapshot.patch_group.clone(),
            baseline_id: snapshot.baseline_id.clone(),
            snapshot_id: Some(snapshot.snapshot_id.clone()).filter(|id| !id.is_empty()),
            install_override_list: snapshot.install_override_list.clone(),
            owner_information: None,
            installed_count: api_count(summary.installed_count),
            installed_other_count: api_count(summary.installed_other_count),
            installed_pending_reboot_count: api_count(summary.installed_pending_reboot_count),
            installed_rejected_count: api_count(summary.installed_rejected_count),
            missing_count: api_count(summary.missing_count),
            failed_count: api_count(summary.failed_count),
            unreported_not_applicable_count: api_count(summary.unreported_not_applicable_count),
            not_applicable_count: api_count(summary.not_applicable_count),
            available_security_update_count: api_count(summary.available_security_update_count),
            operation_start_time: Timestamp::new(snapshot.operation_start_time, format),
            operation_end_time: Timestamp::new(snapshot.operation_end_time, format),
            operation: snapshot.operation,
            last_no_reboot_install_operation_time: snapshot
                .last_no_reboot_install_operation_time
                .map(|time| Timestamp::new(time, format)),
            reboot_option: snapshot.reboot_option,
            critical_non_compliant_count: api_count(summary.critical_non_compliant_count),
            security_non_compliant_count: api_count(summary.security_non_compliant_count),
            other_non_compliant_count: api_count(summary.other_non_compliant_count),
        }
    }

    /// The counts as written, in the order of [`COUNT_FIELDS`].
    pub(crate) fn counts(&self) -> [i64; 12] {
        [
            self.installed_count,
            self.installed_other_count,
            self.installed_pending_reboot_count,
            self.installed_rejected_count,
            self.missing_count,
            self.failed_count,
            self.unreported_not_applicable_count,
            self.not_applicable_count,
            self.available_security_update_count,
            self.critical_non_compliant_count,
            self.security_non_compliant_count,
            self.other_non_compliant_count,
        ]
    }

    /// The counts as a [`Summary`]. Negative counts (the service's "not computed") read as 0.
    ///
    /// The shape carries no per-level counts nor the node's severity: `non_compliant_by_level`
    /// is all zero and `non_compliant_severity` is `None`. The status is `NON_COMPLIANT` when a
    /// non-compliant state is counted, or a Critical/Security/Other non-compliant count is not
    /// zero (the only trace of a non-compliant `AvailableSecurityUpdate`).
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            installed_count: count(self.installed_count),
            installed_other_count: count(self.installed_other_count),
            installed_pending_reboot_count: count(self.installed_pending_reboot_count),
            installed_rejected_count: count(self.installed_rejected_count),
            missing_count: count(self.missing_count),
            failed_count: count(self.failed_count),
            unreported_not_applicable_count: count(self.unreported_not_applicable_count),
            not_applicable_count: count(self.not_applicable_count),
            available_security_update_count: count(self.available_security_update_count),
            critical_non_compliant_count: count(self.critical_non_compliant_count),
            security_non_compliant_count: count(self.security_non_compliant_count),
            other_non_compliant_count: count(self.other_non_compliant_count),
            ..Summary::default()
        };
        let non_compliant = [
            summary.installed_pending_reboot_count,
            summary.installed_rejected_count,
            summary.missing_count,
            summary.failed_count,
            summary.critical_non_compliant_count,
            summary.security_non_compliant_count,
            summary.other_non_compliant_count,
        ];
        if non_compliant.iter().any(|&n| n > 0) {
            summary.status = ComplianceStatus::NonCompliant;
        }
        summary
    }
}

/// One row of `DescribeInstancePatches`: a `PatchComplianceData`.
///
/// `State` is written in CamelCase (`InstalledPendingReboot`) and read in CamelCase or the
/// API model's `UPPER_SNAKE` (`INSTALLED_PENDING_REBOOT`). `InstalledTime` is the epoch when
/// the patch is not installed, as the service reports it. `CVEIds` is one comma-separated
/// string, left out when there are none.
///
/// `ComplianceLevel` is a patchcore extension, written by the saved document (its rows need
/// the level to give back the snapshot) and by [`PatchComplianceData::from_item`]; the service
/// has no such field and readers that do not know it ignore it.
///
/// ```
/// use patchcore_compliance::aws::{self, PatchComplianceData};
/// use patchcore_compliance::PatchState;
///
/// let row: PatchComplianceData = aws::read(r#"{"Title": "bind-libs.x86_64:32:9.8.2-0.68.rc1.60.amzn1",
///     "KBId": "bind-libs.x86_64", "Classification": "Security", "Severity": "Important",
///     "State": "INSTALLED", "InstalledTime": "2019-08-26T11:05:24-07:00"}"#).unwrap();
/// assert_eq!(row.state, PatchState::Installed);
/// let item = row.to_item();
/// assert_eq!(item.installed_time.unwrap().to_rfc3339(), "2019-08-26T18:05:24+00:00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PatchComplianceData {
    /// `Title`.
    #[serde(rename = "Title", default)]
    pub title: String,
    /// `KBId`.
    #[serde(rename = "KBId")]
    pub kb_id: String,
    /// `Classification`.
    #[serde(rename = "Classification", default)]
    pub classification: String,
    /// `Severity`: the vendor severity.
    #[serde(rename = "Severity", default)]
    pub severity: String,
    /// `State`.
    #[serde(rename = "State")]
    pub state: PatchState,
    /// `InstalledTime`: the epoch when not installed.
    #[serde(rename = "InstalledTime", default = "epoch")]
    pub installed_time: Timestamp,
    /// `CVEIds`: comma-separated.
    #[serde(rename = "CVEIds", default, skip_serializing_if = "Option::is_none")]
    pub cve_ids: Option<String>,
    /// `ComplianceLevel` (patchcore extension): the level the baseline gives the row.
    #[serde(
        rename = "ComplianceLevel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub compliance_level: Option<ComplianceLevel>,
}

fn epoch() -> Timestamp {
    Timestamp::epoch(TimeFormat::Iso8601)
}

impl Shape for PatchComplianceData {
    const NAME: &'static str = "PatchComplianceData";
}

impl PatchComplianceData {
    /// The row of `item`, with its compliance level, times written in `format`.
    pub fn from_item(item: &PatchItem, format: TimeFormat) -> Self {
        Self {
            title: item.title.clone(),
            kb_id: item.id.clone(),
            classification: item.classification.clone(),
            severity: item.severity.clone(),
            state: item.state,
            installed_time: item.installed_time.map_or_else(
                || Timestamp::epoch(format),
                |time| Timestamp::new(time, format),
            ),
            cve_ids: (!item.cve_ids.is_empty()).then(|| item.cve_ids.join(",")),
            compliance_level: Some(item.compliance_level.clone()),
        }
    }

    /// The snapshot row: the epoch installed time is none, CVE ids are split at commas (and
    /// trimmed), an absent compliance level is `UNSPECIFIED`.
    pub fn to_item(&self) -> PatchItem {
        let mut item = PatchItem::new(&self.kb_id, &self.title, self.state);
        item.classification.clone_from(&self.classification);
        item.severity.clone_from(&self.severity);
        item.compliance_level = self.compliance_level.clone().unwrap_or_default();
        item.installed_time = self.installed_time.non_epoch();
        item.cve_ids = self
            .cve_ids
            .iter()
            .flat_map(|ids| ids.split(','))
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned)
            .collect();
        item
    }
}

super::response! {
    /// The `DescribeInstancePatchStates` (and `…ForPatchGroup`) response.
    DescribeInstancePatchStatesResponse { instance_patch_states: "InstancePatchStates", InstancePatchState }, "DescribeInstancePatchStates response"
}

/// The `DescribeInstancePatchStatesForPatchGroup` response: the same shape.
pub type DescribeInstancePatchStatesForPatchGroupResponse = DescribeInstancePatchStatesResponse;

super::response! {
    /// The `DescribeInstancePatches` response.
    DescribeInstancePatchesResponse { patches: "Patches", PatchComplianceData }, "DescribeInstancePatches response"
}

impl DescribeInstancePatchesResponse {
    /// The rows of `snapshot` (its listed items, in its order), times written in `format`,
    /// without the patchcore `ComplianceLevel` extension: the service's own shape.
    pub fn new(snapshot: &Snapshot, format: TimeFormat) -> Self {
        Self {
            patches: snapshot
                .items
                .iter()
                .map(|item| PatchComplianceData {
                    compliance_level: None,
                    ..PatchComplianceData::from_item(item, format)
                })
                .collect(),
            next_token: None,
        }
    }
}
