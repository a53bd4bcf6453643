//! The generic SSM Compliance shapes for compliance type `Patch` (compliance.md 6): the
//! `PutComplianceItems` request an agent sends, and what `ListComplianceItems`,
//! `ListComplianceSummaries` and `ListResourceComplianceSummaries` return.

use std::collections::BTreeMap;

use patchcore_baseline::{ComplianceLevel, PackageFamily};
use patchcore_rules::PatchState;
use serde::{Deserialize, Serialize};

use super::Shape;
use super::time::{TimeFormat, Timestamp};
use crate::csv::report_time;
use crate::snapshot::{PatchItem, Snapshot, row_order};
use crate::summary::{ComplianceStatus, SeveritySummary};

/// The compliance type of patch compliance.
const COMPLIANCE_TYPE: &str = "Patch";

/// The resource type of a managed node.
const RESOURCE_TYPE: &str = "ManagedInstance";

/// `ComplianceExecutionSummary`: when and by what the compliance data was produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ComplianceExecutionSummary {
    /// `ExecutionTime`: the start of the operation.
    pub execution_time: Timestamp,
    /// `ExecutionId`: the snapshot id for patch data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_id: Option<String>,
    /// `ExecutionType`: `Command` for patch data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_type: Option<String>,
}

impl ComplianceExecutionSummary {
    /// The execution summary of `snapshot`: its start time, its snapshot id (left out when
    /// empty), type `Command` (compliance.md 6.2).
    pub fn new(snapshot: &Snapshot, format: TimeFormat) -> Self {
        Self {
            execution_time: Timestamp::new(snapshot.operation_start_time, format),
            execution_id: Some(snapshot.snapshot_id.clone()).filter(|id| !id.is_empty()),
            execution_type: Some("Command".to_owned()),
        }
    }
}

/// `ComplianceItemEntry`: one patch in a `PutComplianceItems` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ComplianceItemEntry {
    /// `Id`: the row's `KBId`.
    #[serde(default)]
    pub id: String,
    /// `Title`.
    #[serde(default)]
    pub title: String,
    /// `Severity`: the compliance level.
    pub severity: ComplianceLevel,
    /// `Status`: `COMPLIANT`, `NON_COMPLIANT`, or empty for a Windows update that is not
    /// applicable.
    pub status: String,
    /// `Details`.
    #[serde(default)]
    pub details: BTreeMap<String, String>,
}

/// The `PutComplianceItems` request of compliance type `Patch` for one node: the full list of
/// its rows, replacing what the service holds (compliance.md 6.1, 6.2).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use patchcore_baseline::OperatingSystem;
/// use patchcore_compliance::aws::{PutComplianceItems, TimeFormat};
/// use patchcore_compliance::{Context, PatchItem, PatchState, Snapshot};
///
/// let time = Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap();
/// let mut snapshot = Snapshot::new(Context::new("i-0123456789abcdef0", "pb-0a1b2c3d4e5f60718"), OperatingSystem::AmazonLinux2, time);
/// snapshot.items = vec![
///     PatchItem::new("glibc.x86_64", "glibc.x86_64:0:2.26-64.amzn2.0.1", PatchState::Installed),
///     PatchItem::new("curl.x86_64", "curl.x86_64:0:8.3.0-1.amzn2.0.7", PatchState::Missing),
/// ];
/// let request = PutComplianceItems::new(&snapshot, TimeFormat::Iso8601);
/// assert_eq!(request.compliance_type, "Patch");
/// // Patch Manager's order: the Installed group comes before the Missing one.
/// assert_eq!(request.items[0].id, "glibc.x86_64");
/// assert_eq!(request.items[1].status, "NON_COMPLIANT");
/// assert_eq!(request.items[1].details["PatchState"], "Missing");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct PutComplianceItems {
    /// `ResourceId`: the node.
    pub resource_id: String,
    /// `ResourceType`: `ManagedInstance`.
    pub resource_type: String,
    /// `ComplianceType`: `Patch`.
    pub compliance_type: String,
    /// `ExecutionSummary`.
    pub execution_summary: ComplianceExecutionSummary,
    /// `Items`: every listed row, in Patch Manager's order ([`patch_item_order`]).
    pub items: Vec<ComplianceItemEntry>,
    /// `ItemContentHash`: SHA-256 (lower-case hex) of the items' compact JSON; the service
    /// ignores a request whose hash it already has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_content_hash: Option<String>,
    /// `UploadType`: absent (the default, `COMPLETE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_type: Option<String>,
}

impl Shape for PutComplianceItems {
    const NAME: &'static str = "PutComplianceItems request";
}

/// The rank of a state in Patch Manager's order of compliance items (compliance.md 6.2):
/// `Installed`, `InstalledOther`, `InstalledRejected`, `InstalledPendingReboot`, `NotApplicable`,
/// `Missing`, `Failed` — then `AvailableSecurityUpdate`, which the observed (Linux) agent never uploads:
/// patchcore puts it last so that the observed order of the others is kept whole.
pub fn patch_item_order(state: PatchState) -> u8 {
    match state {
        PatchState::Installed => 0,
        PatchState::InstalledOther => 1,
        PatchState::InstalledRejected => 2,
        PatchState::InstalledPendingReboot => 3,
        PatchState::NotApplicable => 4,
        PatchState::Missing => 5,
        PatchState::Failed => 6,
        PatchState::AvailableSecurityUpdate => 7,
        _ => 8,
    }
}

impl PutComplianceItems {
    /// The request for `snapshot`: one entry per listed row (ordered by state group, then
    /// `KBId`, then `Title`), the execution time written in `format`.
    pub fn new(snapshot: &Snapshot, format: TimeFormat) -> Self {
        let mut rows: Vec<&PatchItem> = snapshot.items.iter().collect();
        rows.sort_by(|a, b| {
            patch_item_order(a.state)
                .cmp(&patch_item_order(b.state))
                .then_with(|| row_order(a, b))
        });
        let items: Vec<ComplianceItemEntry> =
            rows.into_iter().map(|item| entry(snapshot, item)).collect();
        let hash = crate::json::sha256(&items);
        Self {
            resource_id: snapshot.node_id.clone(),
            resource_type: RESOURCE_TYPE.to_owned(),
            compliance_type: COMPLIANCE_TYPE.to_owned(),
            execution_summary: ComplianceExecutionSummary::new(snapshot, format),
            items,
            item_content_hash: Some(hash),
            upload_type: None,
        }
    }
}

/// The compliance status of a row: none (an empty string) for a Windows update that is not
/// applicable (compliance.md 6.1, `ComplianceItem.Status`).
fn item_status(snapshot: &Snapshot, item: &PatchItem) -> Option<ComplianceStatus> {
    if item.state == PatchState::NotApplicable && snapshot.family() == Some(PackageFamily::Windows)
    {
        None
    } else if snapshot.is_non_compliant(item) {
        Some(ComplianceStatus::NonCompliant)
    } else {
        Some(ComplianceStatus::Compliant)
    }
}

/// The entry of one row with the details of compliance.md 6.2.
fn entry(snapshot: &Snapshot, item: &PatchItem) -> ComplianceItemEntry {
    let mut details = BTreeMap::new();
    let mut put = |key: &str, value: String| {
        details.insert(key.to_owned(), value);
    };
    put("PatchState", item.state.as_str().to_owned());
    put("PatchBaselineId", snapshot.baseline_id.clone());
    put("PatchGroup", snapshot.patch_group.clone());
    put("Classification", item.classification.clone());
    put("PatchSeverity", item.severity.clone());
    let installed_time = item
        .installed_time
        .filter(|_| item.state.is_installed())
        .map(report_time)
        .unwrap_or_default();
    put("InstalledTime", installed_time);
    if matches!(item.state, PatchState::Missing | PatchState::Failed) {
        put("CVEIds", item.cve_ids.join(","));
    }
    put("DocumentName", String::new());
    put("DocumentVersion", String::new());
    if let Some(url) = &snapshot.install_override_list {
        put("InstallOverrideList", url.clone());
    }
    ComplianceItemEntry {
        id: item.id.clone(),
        title: item.title.clone(),
        severity: item.compliance_level.clone(),
        status: item_status(snapshot, item)
            .map_or("", ComplianceStatus::as_str)
            .to_owned(),
        details,
    }
}

/// `ComplianceItem`: one row of `ListComplianceItems`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ComplianceItem {
    /// `ComplianceType`: `Patch`, `Association` or `Custom:…`.
    #[serde(default)]
    pub compliance_type: String,
    /// `ResourceType`.
    #[serde(default)]
    pub resource_type: String,
    /// `ResourceId`.
    #[serde(default)]
    pub resource_id: String,
    /// `Id`.
    #[serde(default)]
    pub id: String,
    /// `Title`.
    #[serde(default)]
    pub title: String,
    /// `Status`: `COMPLIANT`, `NON_COMPLIANT`, or empty (Windows, not applicable).
    #[serde(default)]
    pub status: String,
    /// `Severity`.
    #[serde(default)]
    pub severity: ComplianceLevel,
    /// `ExecutionSummary`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_summary: Option<ComplianceExecutionSummary>,
    /// `Details`.
    #[serde(default)]
    pub details: BTreeMap<String, String>,
}

impl Shape for ComplianceItem {
    const NAME: &'static str = "ComplianceItem";
}

impl ComplianceItem {
    /// The items the service lists for `request` once stored.
    pub fn from_request(request: &PutComplianceItems) -> Vec<Self> {
        request
            .items
            .iter()
            .map(|entry| Self {
                compliance_type: request.compliance_type.clone(),
                resource_type: request.resource_type.clone(),
                resource_id: request.resource_id.clone(),
                id: entry.id.clone(),
                title: entry.title.clone(),
                status: entry.status.clone(),
                severity: entry.severity.clone(),
                execution_summary: Some(request.execution_summary.clone()),
                details: entry.details.clone(),
            })
            .collect()
    }
}

super::response! {
    /// The `ListComplianceItems` response.
    ListComplianceItemsResponse { compliance_items: "ComplianceItems", ComplianceItem }, "ListComplianceItems response"
}

/// `CompliantSummary`: the compliant items, per compliance level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct CompliantSummary {
    /// `CompliantCount`.
    #[serde(default)]
    pub compliant_count: i64,
    /// `SeveritySummary`.
    #[serde(default)]
    pub severity_summary: SeveritySummary,
}

/// `NonCompliantSummary`: the non-compliant items, per compliance level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct NonCompliantSummary {
    /// `NonCompliantCount`.
    #[serde(default)]
    pub non_compliant_count: i64,
    /// `SeveritySummary`.
    #[serde(default)]
    pub severity_summary: SeveritySummary,
}

/// `ComplianceSummaryItem`: one compliance type's counts in `ListComplianceSummaries`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ComplianceSummaryItem {
    /// `ComplianceType`.
    #[serde(default)]
    pub compliance_type: String,
    /// `CompliantSummary`.
    #[serde(default)]
    pub compliant_summary: CompliantSummary,
    /// `NonCompliantSummary`.
    #[serde(default)]
    pub non_compliant_summary: NonCompliantSummary,
}

impl Shape for ComplianceSummaryItem {
    const NAME: &'static str = "ComplianceSummaryItem";
}

super::response! {
    /// The `ListComplianceSummaries` response.
    ListComplianceSummariesResponse { compliance_summary_items: "ComplianceSummaryItems", ComplianceSummaryItem }, "ListComplianceSummaries response"
}

/// `ResourceComplianceSummaryItem`: one resource's counts for one compliance type in
/// `ListResourceComplianceSummaries`.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use patchcore_baseline::OperatingSystem;
/// use patchcore_compliance::aws::{ResourceComplianceSummaryItem, TimeFormat};
/// use patchcore_compliance::{Context, PatchItem, PatchState, Snapshot};
///
/// let time = Utc.with_ymd_and_hms(2019, 2, 15, 16, 35, 50).unwrap();
/// let mut snapshot = Snapshot::new(Context::new("i-9876543210abcdef0", "pb-0c10e65780EXAMPLE"), OperatingSystem::AmazonLinux2, time);
/// snapshot.items.push(PatchItem::new("bash.x86_64", "bash.x86_64:0:4.2.46-34.amzn2", PatchState::InstalledOther));
/// let item = ResourceComplianceSummaryItem::new(&snapshot, TimeFormat::EpochSeconds);
/// assert_eq!(item.status, "COMPLIANT");
/// assert_eq!(item.overall_severity.as_str(), "UNSPECIFIED");
/// assert_eq!(item.compliant_summary.severity_summary.unspecified_count, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ResourceComplianceSummaryItem {
    /// `ComplianceType`.
    #[serde(default)]
    pub compliance_type: String,
    /// `ResourceType`.
    #[serde(default)]
    pub resource_type: String,
    /// `ResourceId`.
    #[serde(default)]
    pub resource_id: String,
    /// `Status`: `COMPLIANT` or `NON_COMPLIANT`.
    #[serde(default)]
    pub status: String,
    /// `OverallSeverity`: the node's severity; `UNSPECIFIED` when compliant.
    #[serde(default)]
    pub overall_severity: ComplianceLevel,
    /// `ExecutionSummary`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_summary: Option<ComplianceExecutionSummary>,
    /// `CompliantSummary`.
    #[serde(default)]
    pub compliant_summary: CompliantSummary,
    /// `NonCompliantSummary`.
    #[serde(default)]
    pub non_compliant_summary: NonCompliantSummary,
}

impl Shape for ResourceComplianceSummaryItem {
    const NAME: &'static str = "ResourceComplianceSummaryItem";
}

impl ResourceComplianceSummaryItem {
    /// The `Patch` summary of `snapshot` as the service computes it from the uploaded items:
    /// rows with status `COMPLIANT` and `NON_COMPLIANT` counted per compliance level (Windows
    /// updates that are not applicable have an empty status and count in neither; Linux
    /// packages that are not applicable are not items). The status and overall severity are
    /// the node's (compliance.md 1.2, 2).
    pub fn new(snapshot: &Snapshot, format: TimeFormat) -> Self {
        let mut compliant = CompliantSummary::default();
        let mut non_compliant = NonCompliantSummary::default();
        for item in &snapshot.items {
            match item_status(snapshot, item) {
                Some(ComplianceStatus::Compliant) => {
                    compliant.compliant_count += 1;
                    compliant.severity_summary.add(&item.compliance_level);
                }
                Some(ComplianceStatus::NonCompliant) => {
                    non_compliant.non_compliant_count += 1;
                    non_compliant.severity_summary.add(&item.compliance_level);
                }
                _ => {}
            }
        }
        let summary = snapshot.summary(&crate::SummaryOptions::default());
        Self {
            compliance_type: COMPLIANCE_TYPE.to_owned(),
            resource_type: RESOURCE_TYPE.to_owned(),
            resource_id: snapshot.node_id.clone(),
            status: summary.status.as_str().to_owned(),
            overall_severity: summary.non_compliant_severity.unwrap_or_default(),
            execution_summary: Some(ComplianceExecutionSummary::new(snapshot, format)),
            compliant_summary: compliant,
            non_compliant_summary: non_compliant,
        }
    }
}

super::response! {
    /// The `ListResourceComplianceSummaries` response.
    ListResourceComplianceSummariesResponse { resource_compliance_summary_items: "ResourceComplianceSummaryItems", ResourceComplianceSummaryItem }, "ListResourceComplianceSummaries response"
}
