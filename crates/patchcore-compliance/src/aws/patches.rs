//! Catalog and patch-group shapes read from the service (compliance.md 3, 4.2, 4.3):
//! `DescribeAvailablePatches`, `DescribeEffectivePatchesForPatchBaseline`,
//! `GetDeployablePatchSnapshotForInstance` (`DescribePatchGroupState` is
//! [`PatchGroupState`](crate::PatchGroupState), the fleet aggregate's own shape).

use patchcore_baseline::ComplianceLevel;
use serde::{Deserialize, Deserializer, Serialize};

use super::Shape;
use super::time::Timestamp;

/// `Patch`: an update of the catalog (`DescribeAvailablePatches`,
/// `DescribeEffectivePatchesForPatchBaseline`). Every field is optional; the Windows fields
/// and the Linux fields are used by their own platforms only.
///
/// `MsrcClassification`, which the user guide's Windows samples print although the API model
/// does not have it, is kept too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Patch {
    /// `Id` (Windows): the service's id, not the KB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `ReleaseDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_date: Option<Timestamp>,
    /// `Title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `Description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `ContentUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_url: Option<String>,
    /// `Vendor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// `ProductFamily`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_family: Option<String>,
    /// `Product`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// `Classification`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
    /// `MsrcSeverity` (Windows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msrc_severity: Option<String>,
    /// `MsrcClassification` (Windows, user guide samples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msrc_classification: Option<String>,
    /// `KbNumber` (Windows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kb_number: Option<String>,
    /// `MsrcNumber` (Windows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msrc_number: Option<String>,
    /// `Language`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// `AdvisoryIds` (Linux).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisory_ids: Option<Vec<String>>,
    /// `BugzillaIds` (Linux).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bugzilla_ids: Option<Vec<String>>,
    /// `CVEIds` (Linux).
    #[serde(rename = "CVEIds", default, skip_serializing_if = "Option::is_none")]
    pub cve_ids: Option<Vec<String>>,
    /// `Name` (Linux).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `Epoch` (Linux): an integer; a numeric string (`"0"`, as a user guide sample prints it)
    /// is read too.
    #[serde(
        default,
        deserialize_with = "epoch_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub epoch: Option<i64>,
    /// `Version` (Linux).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `Release` (Linux).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// `Arch` (Linux).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arch: Option<String>,
    /// `Severity` (Linux): the vendor severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// `Repository` (Linux).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
}

impl Shape for Patch {
    const NAME: &'static str = "Patch";
}

fn epoch_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumberOrText {
        Number(i64),
        Text(String),
    }
    match Option::<NumberOrText>::deserialize(deserializer)? {
        None => Ok(None),
        Some(NumberOrText::Number(number)) => Ok(Some(number)),
        Some(NumberOrText::Text(text)) => {
            super::number_in_text(&text, "epoch", "an integer").map(Some)
        }
    }
}

/// `PatchStatus`: how a baseline treats a patch (compliance.md 4.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct PatchStatus {
    /// `DeploymentStatus`: `APPROVED`, `PENDING_APPROVAL`, `EXPLICIT_APPROVED` or
    /// `EXPLICIT_REJECTED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_status: Option<String>,
    /// `ComplianceLevel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compliance_level: Option<ComplianceLevel>,
    /// `ApprovalDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_date: Option<Timestamp>,
}

/// `EffectivePatch`: a patch and its status under a baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct EffectivePatch {
    /// `Patch`.
    pub patch: Patch,
    /// `PatchStatus`.
    pub patch_status: PatchStatus,
}

impl Shape for EffectivePatch {
    const NAME: &'static str = "EffectivePatch";
}

super::response! {
    /// The `DescribeAvailablePatches` response.
    DescribeAvailablePatchesResponse { patches: "Patches", Patch }, "DescribeAvailablePatches response"
}

super::response! {
    /// The `DescribeEffectivePatchesForPatchBaseline` response.
    DescribeEffectivePatchesForPatchBaselineResponse { effective_patches: "EffectivePatches", EffectivePatch }, "DescribeEffectivePatchesForPatchBaseline response"
}

/// The `GetDeployablePatchSnapshotForInstance` response: the baseline snapshot a node patches
/// with (evaluation.md 8.2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DeployablePatchSnapshot {
    /// `InstanceId`.
    #[serde(default)]
    pub instance_id: String,
    /// `SnapshotId`.
    #[serde(default)]
    pub snapshot_id: String,
    /// `Product`: the node's product (`AmazonLinux2018.03`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// `SnapshotDownloadUrl`: a presigned S3 URL of the baseline snapshot.
    #[serde(default)]
    pub snapshot_download_url: String,
}

impl Shape for DeployablePatchSnapshot {
    const NAME: &'static str = "GetDeployablePatchSnapshotForInstance response";
}
