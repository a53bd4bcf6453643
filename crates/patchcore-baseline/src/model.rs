//! The baseline model: the AWS API shape of a patch baseline (baseline spec section 2), one type
//! for `GetPatchBaseline` output, `CreatePatchBaseline`/`UpdatePatchBaseline` input, a
//! `BaselineOverride` entry and the properties of a CloudFormation resource.
//!
//! Every member is optional so that "absent" and "empty" stay distinct (they differ for
//! `UpdatePatchBaseline`) and so that a document missing a required member still reads and can be
//! reported by [`crate::validate`] with every other problem at once. The accessors apply the
//! documented defaults.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::enums::{ComplianceLevel, PatchAction, PatchComplianceStatus, PatchFilterKey};
use crate::os::OperatingSystem;
use crate::timestamp::Timestamp;

/// A patch baseline in the AWS API shape (PascalCase members; unknown members are ignored).
///
/// ```
/// use patchcore_baseline::{Baseline, OperatingSystem};
///
/// let baseline: Baseline = serde_json::from_str(r#"{
///     "Name": "web",
///     "OperatingSystem": "UBUNTU",
///     "ApprovedPatches": []
/// }"#).unwrap();
/// assert_eq!(baseline.operating_system(), OperatingSystem::Ubuntu);
/// assert_eq!(baseline.approved_patches, Some(vec![])); // empty, not absent
/// assert_eq!(baseline.rejected_patches, None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Baseline {
    /// `BaselineId`: `pb-` and 17 hex digits, or a full ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_id: Option<String>,
    /// `Name` (required on create).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `OperatingSystem`; absent means `WINDOWS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_system: Option<OperatingSystem>,
    /// `GlobalFilters`: narrow the candidates of every rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_filters: Option<PatchFilterGroup>,
    /// `ApprovalRules`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_rules: Option<PatchRuleGroup>,
    /// `ApprovedPatches`: ids and package patterns (see [`crate::lists`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_patches: Option<Vec<String>>,
    /// `ApprovedPatchesComplianceLevel`; absent means `UNSPECIFIED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_patches_compliance_level: Option<ComplianceLevel>,
    /// `ApprovedPatchesEnableNonSecurity`; absent means `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_patches_enable_non_security: Option<bool>,
    /// `RejectedPatches`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_patches: Option<Vec<String>>,
    /// `RejectedPatchesAction`; absent means `ALLOW_AS_DEPENDENCY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_patches_action: Option<PatchAction>,
    /// `PatchGroups` (output of `GetPatchBaseline`; settable in CloudFormation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch_groups: Option<Vec<String>>,
    /// `CreatedDate` (output only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_date: Option<Timestamp>,
    /// `ModifiedDate` (output only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_date: Option<Timestamp>,
    /// `Description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `Sources`: alternative repositories (Linux only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<PatchSource>>,
    /// `AvailableSecurityUpdatesComplianceStatus` (Windows only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_security_updates_compliance_status: Option<PatchComplianceStatus>,
    /// `ClientToken` (create input only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    /// `Tags` (create input; CloudFormation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// `Replace` (update input only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace: Option<bool>,
}

impl Baseline {
    /// An empty baseline (every member absent).
    pub fn new() -> Self {
        Self::default()
    }

    /// The operating system, `WINDOWS` when absent (the API default).
    pub fn operating_system(&self) -> OperatingSystem {
        self.operating_system.clone().unwrap_or_default()
    }

    /// The approval rules in order; empty when absent.
    pub fn rules(&self) -> &[PatchRule] {
        self.approval_rules
            .as_ref()
            .and_then(|group| group.patch_rules.as_deref())
            .unwrap_or_default()
    }

    /// The global filters; empty when absent.
    pub fn global_filter_list(&self) -> &[PatchFilter] {
        self.global_filters
            .as_ref()
            .map(PatchFilterGroup::filters)
            .unwrap_or_default()
    }

    /// The approved-list entries; empty when absent.
    pub fn approved(&self) -> &[String] {
        self.approved_patches.as_deref().unwrap_or_default()
    }

    /// The rejected-list entries; empty when absent.
    pub fn rejected(&self) -> &[String] {
        self.rejected_patches.as_deref().unwrap_or_default()
    }

    /// The alternative sources; empty when absent.
    pub fn source_list(&self) -> &[PatchSource] {
        self.sources.as_deref().unwrap_or_default()
    }
}

/// A `PatchFilterGroup`: filters that are ANDed (values within one filter are ORed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct PatchFilterGroup {
    /// `PatchFilters` (required member, 0–4 entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch_filters: Option<Vec<PatchFilter>>,
}

impl PatchFilterGroup {
    /// A group of these filters.
    pub fn of(filters: Vec<PatchFilter>) -> Self {
        Self {
            patch_filters: Some(filters),
        }
    }

    /// The filters; empty when the member is absent.
    pub fn filters(&self) -> &[PatchFilter] {
        self.patch_filters.as_deref().unwrap_or_default()
    }
}

/// A `PatchFilter`: a key and the values it accepts (`*` accepts every value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct PatchFilter {
    /// `Key` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<PatchFilterKey>,
    /// `Values` (required, 1–20 entries of 1–64 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
}

impl PatchFilter {
    /// A filter on `key` accepting `values`.
    pub fn new(key: PatchFilterKey, values: &[&str]) -> Self {
        Self {
            key: Some(key),
            values: Some(values.iter().map(|&v| v.to_owned()).collect()),
        }
    }

    /// The values; empty when absent.
    pub fn value_list(&self) -> &[String] {
        self.values.as_deref().unwrap_or_default()
    }
}

/// A `PatchRuleGroup`: the approval rules (0–10), ORed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct PatchRuleGroup {
    /// `PatchRules` (required member).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch_rules: Option<Vec<PatchRule>>,
}

impl PatchRuleGroup {
    /// A group of these rules.
    pub fn of(rules: Vec<PatchRule>) -> Self {
        Self {
            patch_rules: Some(rules),
        }
    }
}

/// A `PatchRule`: filters, an approval delay or cut-off date, a compliance level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct PatchRule {
    /// `PatchFilterGroup` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch_filter_group: Option<PatchFilterGroup>,
    /// `ComplianceLevel`; absent means `UNSPECIFIED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compliance_level: Option<ComplianceLevel>,
    /// `ApproveAfterDays` (0–360); kept wide so that validation can report out-of-range values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approve_after_days: Option<i64>,
    /// `ApproveUntilDate` (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approve_until_date: Option<String>,
    /// `EnableNonSecurity`; absent means `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_non_security: Option<bool>,
}

impl PatchRule {
    /// A rule with these filters, approving after `days`.
    pub fn after_days(filters: Vec<PatchFilter>, days: i64) -> Self {
        Self {
            patch_filter_group: Some(PatchFilterGroup::of(filters)),
            approve_after_days: Some(days),
            ..Self::default()
        }
    }

    /// The rule's filters; empty when absent.
    pub fn filters(&self) -> &[PatchFilter] {
        self.patch_filter_group
            .as_ref()
            .map(PatchFilterGroup::filters)
            .unwrap_or_default()
    }
}

/// A `PatchSource`: an alternative repository configuration for some products.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct PatchSource {
    /// `Name` (3–50 of `[a-zA-Z0-9_\-.]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `Products` the source applies to (1–20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub products: Option<Vec<String>>,
    /// `Configuration`: a yum repo stanza or an APT `sources.list` line (sensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration: Option<SourceConfiguration>,
}

/// The `Configuration` of a [`PatchSource`]. The AWS model marks it sensitive (it may hold
/// credentials in a repository URL), so `Debug` redacts it; [`SourceConfiguration::expose`]
/// gives the text.
///
/// ```
/// use patchcore_baseline::SourceConfiguration;
/// let config = SourceConfiguration::new("baseurl=https://user:secret@repo");
/// assert!(!format!("{config:?}").contains("secret"));
/// assert!(config.expose().contains("secret"));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SourceConfiguration(String);

impl SourceConfiguration {
    /// Wraps configuration text.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The configuration text.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SourceConfiguration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SourceConfiguration(<redacted, {} bytes>)", self.0.len())
    }
}

/// A resource `Tag`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Tag {
    /// `Key` (1–128).
    #[serde(default)]
    pub key: String,
    /// `Value` (0–256).
    #[serde(default)]
    pub value: String,
}

/// One entry of a `describe-patch-baselines` listing (`PatchBaselineIdentity`): note the member
/// names `BaselineName` and `BaselineDescription`, unlike `GetPatchBaseline`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct BaselineIdentity {
    /// `BaselineId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_id: Option<String>,
    /// `BaselineName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_name: Option<String>,
    /// `OperatingSystem`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_system: Option<OperatingSystem>,
    /// `BaselineDescription`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_description: Option<String>,
    /// `DefaultBaseline`: whether it is the default for its OS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_baseline: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_and_empty_lists_stay_distinct() {
        let empty: Baseline = serde_json::from_str(r#"{"RejectedPatches": []}"#).unwrap();
        let absent: Baseline = serde_json::from_str("{}").unwrap();
        assert_eq!(empty.rejected_patches, Some(vec![]));
        assert_eq!(absent.rejected_patches, None);
        assert_ne!(empty, absent);
        assert_eq!(
            serde_json::to_string(&empty).unwrap(),
            r#"{"RejectedPatches":[]}"#
        );
    }

    #[test]
    fn unknown_members_are_tolerated() {
        let b: Baseline =
            serde_json::from_str(r#"{"Name": "x", "SomethingNew": {"a": 1}}"#).unwrap();
        assert_eq!(b.name.as_deref(), Some("x"));
    }

    #[test]
    fn absent_operating_system_means_windows() {
        assert_eq!(Baseline::new().operating_system(), OperatingSystem::Windows);
    }

    #[test]
    fn source_configuration_is_redacted_in_debug() {
        let source = PatchSource {
            configuration: Some(SourceConfiguration::new("password=hunter2")),
            ..PatchSource::default()
        };
        assert!(!format!("{source:?}").contains("hunter2"));
    }
}
