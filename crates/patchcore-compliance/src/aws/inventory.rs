//! The `AWS:PatchSummary` inventory item a node uploads after each operation (compliance.md
//! 3.1, observed).

use patchcore_baseline::ComplianceLevel;
use patchcore_rules::install::RebootOption;
use serde::{Deserialize, Serialize};

use super::Shape;
use crate::csv::report_time;
use crate::snapshot::{Operation, Snapshot};
use crate::summary::Summary;

/// The `AWS:PatchSummary` inventory item (a `PutInventory` item): schema `1.0`, captured at
/// the operation's end, one content map of strings, and the SHA-256 of that content.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use patchcore_baseline::OperatingSystem;
/// use patchcore_compliance::aws::PatchSummaryItem;
/// use patchcore_compliance::{Context, Snapshot, SummaryOptions};
///
/// let time = Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap();
/// let snapshot = Snapshot::new(Context::new("i-0123456789abcdef0", "pb-0a1b2c3d4e5f60718"), OperatingSystem::AmazonLinux2, time);
/// let item = PatchSummaryItem::new(&snapshot, &snapshot.summary(&SummaryOptions::default()));
/// assert_eq!(item.capture_time, "2024-06-20T12:00:00Z");
/// assert_eq!(item.content[0].installed_count, 0);
/// assert!(item.content_hash_matches());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct PatchSummaryItem {
    /// `TypeName`: `AWS:PatchSummary`.
    pub type_name: String,
    /// `SchemaVersion`: `1.0`.
    pub schema_version: String,
    /// `CaptureTime`: the operation's end, `yyyy-MM-ddTHH:mm:ssZ`.
    pub capture_time: String,
    /// `ContentHash`: SHA-256 (lower-case hex) of the content's JSON (see
    /// [`PatchSummaryItem::content_hash_matches`]).
    #[serde(default)]
    pub content_hash: String,
    /// `Content`: one map.
    pub content: Vec<PatchSummaryContent>,
}

/// The content map of `AWS:PatchSummary`: every value a string, counts in decimal, times as
/// `yyyy-MM-ddTHH:mm:ssZ`.
///
/// The keys are those the 2021 agent writes. `UnreportedNotApplicableCount` and
/// `AvailableSecurityUpdateCount`, which that Linux agent never writes, are added only when not
/// zero, so that an `InstancePatchState` made from the content loses nothing (the Windows
/// module is not public: unconfirmed). `ExecutionId` is the snapshot id, as in the compliance
/// items' execution summary (compliance.md 6.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct PatchSummaryContent {
    /// `BaselineId`.
    pub baseline_id: String,
    /// `PatchGroup`.
    #[serde(default)]
    pub patch_group: String,
    /// `SnapshotId`.
    #[serde(default)]
    pub snapshot_id: String,
    /// `ExecutionId`.
    #[serde(default)]
    pub execution_id: String,
    /// `InstalledCount`.
    #[serde(with = "super::string_count")]
    pub installed_count: u64,
    /// `InstalledOtherCount`.
    #[serde(with = "super::string_count")]
    pub installed_other_count: u64,
    /// `InstalledRejectedCount`.
    #[serde(with = "super::string_count")]
    pub installed_rejected_count: u64,
    /// `InstalledPendingRebootCount`.
    #[serde(with = "super::string_count")]
    pub installed_pending_reboot_count: u64,
    /// `NotApplicableCount`.
    #[serde(with = "super::string_count")]
    pub not_applicable_count: u64,
    /// `MissingCount`.
    #[serde(with = "super::string_count")]
    pub missing_count: u64,
    /// `FailedCount`.
    #[serde(with = "super::string_count")]
    pub failed_count: u64,
    /// `CriticalNonCompliantCount`.
    #[serde(with = "super::string_count")]
    pub critical_non_compliant_count: u64,
    /// `SecurityNonCompliantCount`.
    #[serde(with = "super::string_count")]
    pub security_non_compliant_count: u64,
    /// `OtherNonCompliantCount`.
    #[serde(with = "super::string_count")]
    pub other_non_compliant_count: u64,
    /// `UnreportedNotApplicableCount`: written only when not zero.
    #[serde(with = "super::string_count", default, skip_serializing_if = "is_zero")]
    pub unreported_not_applicable_count: u64,
    /// `AvailableSecurityUpdateCount`: written only when not zero.
    #[serde(with = "super::string_count", default, skip_serializing_if = "is_zero")]
    pub available_security_update_count: u64,
    /// `OperationType`: `Scan` or `Install`.
    pub operation_type: Operation,
    /// `OperationStartTime`.
    pub operation_start_time: String,
    /// `OperationEndTime`.
    pub operation_end_time: String,
    /// `RebootOption`, when the operation had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reboot_option: Option<RebootOption>,
    /// `InstallOverrideList`, when one was used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_override_list: Option<String>,
    /// `LastNoRebootInstallOperationTime`, when there was such an Install.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_no_reboot_install_operation_time: Option<String>,
    /// `NonCompliantSeverity`: the node's severity, when non-compliant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_compliant_severity: Option<ComplianceLevel>,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(count: &u64) -> bool {
    *count == 0
}

impl Shape for PatchSummaryItem {
    const NAME: &'static str = "AWS:PatchSummary inventory item";
}

impl PatchSummaryItem {
    /// The item of `snapshot`, whose counts are `summary`.
    pub fn new(snapshot: &Snapshot, summary: &Summary) -> Self {
        let content = PatchSummaryContent {
            baseline_id: snapshot.baseline_id.clone(),
            patch_group: snapshot.patch_group.clone(),
            snapshot_id: snapshot.snapshot_id.clone(),
            execution_id: snapshot.snapshot_id.clone(),
            installed_count: summary.installed_count,
            installed_other_count: summary.installed_other_count,
            installed_rejected_count: summary.installed_rejected_count,
            installed_pending_reboot_count: summary.installed_pending_reboot_count,
            not_applicable_count: summary.not_applicable_count,
            missing_count: summary.missing_count,
            failed_count: summary.failed_count,
            critical_non_compliant_count: summary.critical_non_compliant_count,
            security_non_compliant_count: summary.security_non_compliant_count,
            other_non_compliant_count: summary.other_non_compliant_count,
            unreported_not_applicable_count: summary.unreported_not_applicable_count,
            available_security_update_count: summary.available_security_update_count,
            operation_type: snapshot.operation,
            operation_start_time: report_time(snapshot.operation_start_time),
            operation_end_time: report_time(snapshot.operation_end_time),
            reboot_option: snapshot.reboot_option,
            install_override_list: snapshot.install_override_list.clone(),
            last_no_reboot_install_operation_time: snapshot
                .last_no_reboot_install_operation_time
                .map(report_time),
            non_compliant_severity: summary.non_compliant_severity.clone(),
        };
        let mut item = Self {
            type_name: "AWS:PatchSummary".to_owned(),
            schema_version: "1.0".to_owned(),
            capture_time: report_time(snapshot.operation_end_time),
            content_hash: String::new(),
            content: vec![content],
        };
        item.content_hash = item.computed_content_hash();
        item
    }

    /// The SHA-256 (lower-case hex) of the content's compact JSON, in the field order of
    /// [`PatchSummaryContent`]. The agent skips the upload when it equals the last one's.
    pub fn computed_content_hash(&self) -> String {
        crate::json::sha256(&self.content)
    }

    /// Whether `ContentHash` is the hash of the content.
    pub fn content_hash_matches(&self) -> bool {
        self.content_hash == self.computed_content_hash()
    }
}
