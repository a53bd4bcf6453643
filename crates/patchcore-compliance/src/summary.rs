//! The per-node counts of `InstancePatchState` (compliance.md 3), the node's compliance status
//! (1.2) and severity (2), computed from a snapshot's rows.

use patchcore_baseline::{ComplianceLevel, PackageFamily};
use patchcore_rules::PatchState;
use serde::{Deserialize, Serialize};

use crate::snapshot::{PatchItem, Snapshot};

/// How a summary is computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SummaryOptions {
    /// How many `NotApplicable` patches a node reports before the rest only count in
    /// `UnreportedNotApplicableCount`. AWS does not publish its limit (compliance.md 8, item 7):
    /// `None`, the default, is unlimited.
    pub not_applicable_limit: Option<u64>,
}

impl SummaryOptions {
    /// Options with a `NotApplicable` reporting limit.
    pub fn with_not_applicable_limit(limit: u64) -> Self {
        Self {
            not_applicable_limit: Some(limit),
        }
    }
}

/// A node's compliance status (compliance.md 1.2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ComplianceStatus {
    /// No row makes the node non-compliant.
    #[default]
    #[serde(rename = "COMPLIANT")]
    Compliant,
    /// At least one row does.
    #[serde(rename = "NON_COMPLIANT")]
    NonCompliant,
}

impl ComplianceStatus {
    /// The wire string: `COMPLIANT` or `NON_COMPLIANT`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Compliant => "COMPLIANT",
            Self::NonCompliant => "NON_COMPLIANT",
        }
    }
}

/// Counts per compliance level: the AWS `SeveritySummary` shape, here of the non-compliant
/// rows (the six "Noncompliant … severity patch count" columns of the CSV report).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SeveritySummary {
    /// `CRITICAL` rows.
    pub critical_count: u64,
    /// `HIGH` rows.
    pub high_count: u64,
    /// `MEDIUM` rows.
    pub medium_count: u64,
    /// `LOW` rows.
    pub low_count: u64,
    /// `INFORMATIONAL` rows.
    pub informational_count: u64,
    /// `UNSPECIFIED` rows (and levels this version does not know).
    pub unspecified_count: u64,
}

impl SeveritySummary {
    pub(crate) fn add(&mut self, level: &ComplianceLevel) {
        let count = match level {
            ComplianceLevel::Critical => &mut self.critical_count,
            ComplianceLevel::High => &mut self.high_count,
            ComplianceLevel::Medium => &mut self.medium_count,
            ComplianceLevel::Low => &mut self.low_count,
            ComplianceLevel::Informational => &mut self.informational_count,
            _ => &mut self.unspecified_count,
        };
        *count += 1;
    }
}

/// The `InstancePatchState` counts of one snapshot, with the node's status and severity.
///
/// Field names serialize as in the AWS API (`InstalledCount`, …).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use patchcore_baseline::OperatingSystem;
/// use patchcore_compliance::{ComplianceStatus, Context, PatchItem, Snapshot, SummaryOptions};
/// use patchcore_rules::PatchState;
///
/// let context = Context::new("i-0123456789abcdef0", "pb-0123456789abcdef0");
/// let time = Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0).unwrap();
/// let mut snapshot = Snapshot::new(context, OperatingSystem::Debian, time);
/// snapshot.items = vec![
///     PatchItem::new("bash.amd64", "bash.amd64:5.2-1", PatchState::Installed),
///     PatchItem::new("curl.amd64", "curl.amd64:8.1-2", PatchState::Missing),
/// ];
/// snapshot.unlisted_not_applicable = 3;
/// let summary = snapshot.summary(&SummaryOptions::default());
/// assert_eq!((summary.installed_count, summary.missing_count), (1, 1));
/// assert_eq!(summary.not_applicable_count, 3);
/// assert_eq!(summary.status, ComplianceStatus::NonCompliant);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Summary {
    /// Rows `Installed`.
    pub installed_count: u64,
    /// Rows `InstalledOther`.
    pub installed_other_count: u64,
    /// Rows `InstalledPendingReboot`.
    pub installed_pending_reboot_count: u64,
    /// Rows `InstalledRejected`.
    pub installed_rejected_count: u64,
    /// Rows `Missing`.
    pub missing_count: u64,
    /// Rows `Failed`.
    pub failed_count: u64,
    /// `NotApplicable` patches beyond the reporting limit: counted, not reported.
    pub unreported_not_applicable_count: u64,
    /// `NotApplicable` patches reported (listed rows and, on Linux and macOS, the counted
    /// packages), up to the reporting limit.
    pub not_applicable_count: u64,
    /// Windows: rows `AvailableSecurityUpdate`.
    pub available_security_update_count: u64,
    /// Non-compliant rows whose compliance level is `CRITICAL` (observed.md C1).
    pub critical_non_compliant_count: u64,
    /// Non-compliant rows whose classification is security (observed.md C1).
    pub security_non_compliant_count: u64,
    /// Non-compliant rows counted in neither of the two above.
    pub other_non_compliant_count: u64,
    /// The node's status.
    pub status: ComplianceStatus,
    /// The node's compliance severity (`NonCompliantSeverity`): `None` when compliant.
    pub non_compliant_severity: Option<ComplianceLevel>,
    /// The non-compliant rows per compliance level.
    pub non_compliant_by_level: SeveritySummary,
}

impl Summary {
    /// The count of rows in `state` (`NotApplicable`: reported plus unreported).
    pub fn count(&self, state: PatchState) -> u64 {
        match state {
            PatchState::Installed => self.installed_count,
            PatchState::InstalledOther => self.installed_other_count,
            PatchState::InstalledPendingReboot => self.installed_pending_reboot_count,
            PatchState::InstalledRejected => self.installed_rejected_count,
            PatchState::Missing => self.missing_count,
            PatchState::Failed => self.failed_count,
            PatchState::NotApplicable => {
                self.not_applicable_count + self.unreported_not_applicable_count
            }
            PatchState::AvailableSecurityUpdate => self.available_security_update_count,
            // A state added to patchcore-rules later is not counted until it is named here.
            _ => 0,
        }
    }

    fn count_mut(&mut self, state: PatchState) -> Option<&mut u64> {
        Some(match state {
            PatchState::Installed => &mut self.installed_count,
            PatchState::InstalledOther => &mut self.installed_other_count,
            PatchState::InstalledPendingReboot => &mut self.installed_pending_reboot_count,
            PatchState::InstalledRejected => &mut self.installed_rejected_count,
            PatchState::Missing => &mut self.missing_count,
            PatchState::Failed => &mut self.failed_count,
            PatchState::NotApplicable => &mut self.not_applicable_count,
            PatchState::AvailableSecurityUpdate => &mut self.available_security_update_count,
            _ => return None,
        })
    }
}

/// Whether a classification counts as security in `SecurityNonCompliantCount` (observed.md C1):
/// `Security` in any case; on Windows also `SecurityUpdates` and `CriticalUpdates`.
pub fn is_security_classification(classification: &str, family: Option<PackageFamily>) -> bool {
    classification.eq_ignore_ascii_case("Security")
        || (family == Some(PackageFamily::Windows)
            && (classification.eq_ignore_ascii_case("SecurityUpdates")
                || classification.eq_ignore_ascii_case("CriticalUpdates")))
}

impl Snapshot {
    /// The summary counts, status and severity of the rows (compliance.md 1.2, 2, 3).
    pub fn summary(&self, options: &SummaryOptions) -> Summary {
        let family = self.family();
        let mut summary = Summary::default();
        let mut severity: Option<&ComplianceLevel> = None;
        for item in &self.items {
            if let Some(count) = summary.count_mut(item.state) {
                *count += 1;
            }
            if self.is_non_compliant(item) {
                count_non_compliant(&mut summary, item, family);
                severity = Some(
                    severity.map_or(&item.compliance_level, |s| s.max(&item.compliance_level)),
                );
            }
        }
        let not_applicable = summary.not_applicable_count + self.unlisted_not_applicable;
        let reported = options
            .not_applicable_limit
            .map_or(not_applicable, |limit| not_applicable.min(limit));
        summary.not_applicable_count = reported;
        summary.unreported_not_applicable_count = not_applicable - reported;
        if let Some(level) = severity {
            summary.status = ComplianceStatus::NonCompliant;
            // The agent starts its maximum at INFORMATIONAL (observed.md C2).
            summary.non_compliant_severity =
                Some(level.clone().max(ComplianceLevel::Informational));
        }
        summary
    }
}

fn count_non_compliant(summary: &mut Summary, item: &PatchItem, family: Option<PackageFamily>) {
    summary.non_compliant_by_level.add(&item.compliance_level);
    let critical = item.compliance_level == ComplianceLevel::Critical;
    let security = is_security_classification(&item.classification, family);
    summary.critical_non_compliant_count += u64::from(critical);
    summary.security_non_compliant_count += u64::from(security);
    summary.other_non_compliant_count += u64::from(!critical && !security);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_is_security_in_any_case_and_windows_update_classes_only_on_windows() {
        let windows = Some(PackageFamily::Windows);
        for family in [
            Some(PackageFamily::YumDnf),
            Some(PackageFamily::Apt),
            None,
            windows,
        ] {
            assert!(is_security_classification("Security", family));
            assert!(is_security_classification("SECURITY", family));
            assert!(!is_security_classification("Bugfix", family));
            assert!(!is_security_classification("", family));
        }
        for class in ["SecurityUpdates", "CriticalUpdates", "criticalupdates"] {
            assert!(is_security_classification(class, windows), "{class}");
            assert!(
                !is_security_classification(class, Some(PackageFamily::YumDnf)),
                "{class} is not security outside Windows"
            );
        }
        assert!(!is_security_classification("Updates", windows));
    }
}
