//! The worked examples of compliance.md section 7 (A–E, every column of E; the snapshots are
//! built in `support/examples.rs`): their summary counts, node status, node severity and the
//! CSV report's "Noncompliant … severity patch count" columns (`non_compliant_by_level`).

// Helpers of tests: a panic is a failed test, as in #[test] functions.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use patchcore_baseline::ComplianceLevel;
use patchcore_compliance::aws::{InstancePatchState, PutComplianceItems, TimeFormat};
use patchcore_compliance::{
    ComplianceStatus, Operation, PatchState, RebootOption, SeveritySummary, Snapshot, Summary,
    SummaryOptions,
};
use support::at;
use support::examples::{example_a, example_b, example_c, example_d, example_e};

use ComplianceLevel::{Critical, High};
use PatchState::{Failed, Installed, InstalledOther, InstalledRejected, Missing};

fn summary(snapshot: &Snapshot) -> Summary {
    snapshot.summary(&SummaryOptions::default())
}

/// The twelve `InstancePatchState` counts in the order `Installed`, `InstalledOther`,
/// `InstalledPendingReboot`, `InstalledRejected`, `Missing`, `Failed`, `NotApplicable`,
/// `UnreportedNotApplicable`, `AvailableSecurityUpdate`, Critical, Security, Other.
fn counts(s: &Summary) -> [u64; 12] {
    [
        s.installed_count,
        s.installed_other_count,
        s.installed_pending_reboot_count,
        s.installed_rejected_count,
        s.missing_count,
        s.failed_count,
        s.not_applicable_count,
        s.unreported_not_applicable_count,
        s.available_security_update_count,
        s.critical_non_compliant_count,
        s.security_non_compliant_count,
        s.other_non_compliant_count,
    ]
}

/// The CSV columns Critical, High, Medium, Low, Informational, Unspecified.
fn levels(s: &SeveritySummary) -> [u64; 6] {
    [
        s.critical_count,
        s.high_count,
        s.medium_count,
        s.low_count,
        s.informational_count,
        s.unspecified_count,
    ]
}

#[test]
fn example_a_amazon_linux_2_scan() {
    let snapshot = example_a();
    let s = summary(&snapshot);
    assert_eq!(counts(&s), [2, 395, 0, 0, 3, 0, 1, 0, 0, 1, 2, 1]);
    // Check of the example: every installed package is listed once.
    assert_eq!(
        s.installed_count + s.installed_other_count + s.missing_count,
        400
    );
    assert_eq!(snapshot.items.len(), 400, "no NotApplicable rows on Linux");
    assert_eq!(s.status, ComplianceStatus::NonCompliant);
    assert_eq!(s.non_compliant_severity, Some(Critical));
    assert_eq!(levels(&s.non_compliant_by_level), [1, 0, 1, 1, 0, 0]);
}

#[test]
fn example_b1_install_with_no_reboot_leaves_the_upgrades_pending_reboot() {
    let snapshot = example_b(1);
    let s = summary(&snapshot);
    assert_eq!(counts(&s), [2, 395, 3, 0, 0, 0, 1, 0, 0, 1, 2, 1]);
    assert_eq!(s.status, ComplianceStatus::NonCompliant);
    assert_eq!(s.non_compliant_severity, Some(Critical));
    // Pending-reboot rows keep their levels.
    assert_eq!(levels(&s.non_compliant_by_level), [1, 0, 1, 1, 0, 0]);
    let state = InstancePatchState::new(&snapshot, &s, TimeFormat::Iso8601);
    assert_eq!(state.operation, Operation::Install);
    assert_eq!(state.reboot_option, Some(RebootOption::NoReboot));
    let json = patchcore_compliance::aws::write(&state);
    assert!(json.contains("\"LastNoRebootInstallOperationTime\": \"2024-06-20T13:04:10+00:00\""));
    assert!(json.contains("\"OperationEndTime\": \"2024-06-20T13:04:10+00:00\""));
}

#[test]
fn example_b2_scan_before_the_reboot_keeps_them_pending() {
    let s = summary(&example_b(2));
    assert_eq!(counts(&s), [2, 395, 3, 0, 0, 0, 1, 0, 0, 1, 2, 1]);
    assert_eq!(s.status, ComplianceStatus::NonCompliant);
}

#[test]
fn example_b3_scan_after_the_reboot_is_compliant_and_keeps_the_no_reboot_time() {
    let snapshot = example_b(3);
    let s = summary(&snapshot);
    assert_eq!(counts(&s), [5, 395, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    assert_eq!(s.status, ComplianceStatus::Compliant);
    assert_eq!(s.non_compliant_severity, None);
    assert_eq!(levels(&s.non_compliant_by_level), [0; 6]);
    let state = InstancePatchState::new(&snapshot, &s, TimeFormat::Iso8601);
    assert_eq!(
        state
            .last_no_reboot_install_operation_time
            .map(|t| t.time()),
        Some(at(13, 4, 10))
    );
}

#[test]
fn example_c_ubuntu_scan() {
    let snapshot = example_c();
    let s = summary(&snapshot);
    assert_eq!(counts(&s), [1, 598, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0]);
    assert_eq!(s.status, ComplianceStatus::NonCompliant);
    assert_eq!(s.non_compliant_severity, Some(High));
    assert_eq!(levels(&s.non_compliant_by_level), [0, 1, 0, 0, 0, 0]);
    assert!(snapshot.items.iter().all(|item| item.cve_ids.is_empty()));
}

#[test]
fn example_d_windows_scan() {
    let snapshot = example_d(true, &[]);
    let s = summary(&snapshot);
    // Security: KB5039227 (SecurityUpdates counts as security) and KB5039343 (a non-compliant
    // AvailableSecurityUpdate); Other: KB890830.
    assert_eq!(counts(&s), [1, 1, 0, 0, 2, 0, 1, 0, 1, 1, 2, 1]);
    assert_eq!(s.status, ComplianceStatus::NonCompliant);
    assert_eq!(s.non_compliant_severity, Some(Critical));
    assert_eq!(levels(&s.non_compliant_by_level), [1, 0, 0, 1, 0, 1]);

    // The compliance items: the listed NotApplicable update has an empty status.
    let request = PutComplianceItems::new(&snapshot, TimeFormat::Iso8601);
    let status = |id: &str| {
        request
            .items
            .iter()
            .find(|entry| entry.id == id)
            .unwrap()
            .status
            .clone()
    };
    assert_eq!(status("KB5099001"), "");
    assert_eq!(status("KB5039343"), "NON_COMPLIANT");
    assert_eq!(status("KB5031993"), "COMPLIANT");
}

#[test]
fn example_d_after_install_an_available_security_update_keeps_the_node_non_compliant() {
    let s = summary(&example_d(true, &["KB5039227", "KB890830"]));
    assert_eq!(counts(&s), [3, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0]);
    assert_eq!(s.status, ComplianceStatus::NonCompliant);
    // Its level is UNSPECIFIED: alone it gives the INFORMATIONAL floor (observed.md C2).
    assert_eq!(
        s.non_compliant_severity,
        Some(ComplianceLevel::Informational)
    );
    assert_eq!(levels(&s.non_compliant_by_level), [0, 0, 0, 0, 0, 1]);
}

#[test]
fn example_d_with_the_setting_compliant_an_available_security_update_does_not_count() {
    let after = summary(&example_d(false, &["KB5039227", "KB890830"]));
    assert_eq!(after.status, ComplianceStatus::Compliant);
    assert_eq!(after.available_security_update_count, 1);
    assert_eq!(after.security_non_compliant_count, 0);
    let before = summary(&example_d(false, &[]));
    assert_eq!(counts(&before), [1, 1, 0, 0, 2, 0, 1, 0, 1, 1, 1, 1]);
    let request = PutComplianceItems::new(&example_d(false, &[]), TimeFormat::Iso8601);
    let asu = request
        .items
        .iter()
        .find(|entry| entry.id == "KB5039343")
        .unwrap();
    assert_eq!(asu.status, "COMPLIANT");
}

#[test]
fn example_e_allow_as_dependency_scan() {
    let s = summary(&example_e(InstalledOther, Missing));
    assert_eq!(s.installed_rejected_count, 0);
    assert_eq!(counts(&s), [0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0]);
    assert_eq!(s.status, ComplianceStatus::NonCompliant);
    assert_eq!(s.non_compliant_severity, Some(High));
    assert_eq!(levels(&s.non_compliant_by_level), [0, 1, 0, 0, 0, 0]);
}

#[test]
fn example_e_block_scan() {
    let s = summary(&example_e(InstalledRejected, Missing));
    assert_eq!(s.installed_rejected_count, 1);
    // sudo: rejected, level UNSPECIFIED, no classification: Other.
    assert_eq!(counts(&s), [0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1]);
    assert_eq!(s.status, ComplianceStatus::NonCompliant);
    assert_eq!(s.non_compliant_severity, Some(High));
    assert_eq!(levels(&s.non_compliant_by_level), [0, 1, 0, 0, 0, 1]);
}

#[test]
fn example_e_allow_as_dependency_install_is_compliant_after_the_reboot() {
    let mut snapshot = example_e(InstalledOther, Installed);
    snapshot.operation = Operation::Install;
    let s = summary(&snapshot);
    assert_eq!(counts(&s), [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(s.status, ComplianceStatus::Compliant);
    assert_eq!(s.non_compliant_severity, None);
    assert_eq!(levels(&s.non_compliant_by_level), [0; 6]);
}

#[test]
fn example_e_block_install_fails_lxml_and_keeps_sudo_rejected() {
    let mut snapshot = example_e(InstalledRejected, Failed);
    snapshot.operation = Operation::Install;
    let s = summary(&snapshot);
    assert_eq!(counts(&s), [0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1, 1]);
    assert_eq!(s.status, ComplianceStatus::NonCompliant);
    // max(UNSPECIFIED for sudo, HIGH for lxml)
    assert_eq!(s.non_compliant_severity, Some(High));
    assert_eq!(levels(&s.non_compliant_by_level), [0, 1, 0, 0, 0, 1]);
    // Patch Manager's item order: InstalledOther, InstalledRejected, …, Failed.
    let request = PutComplianceItems::new(&snapshot, TimeFormat::Iso8601);
    let ids: Vec<&str> = request
        .items
        .iter()
        .map(|entry| entry.id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["libxml2.x86_64", "sudo.x86_64", "python3-lxml.x86_64"]
    );
}

#[test]
fn example_e_only_the_rejected_row_non_compliant_gives_the_informational_floor() {
    let s = summary(&example_e(InstalledRejected, Installed));
    assert_eq!(s.status, ComplianceStatus::NonCompliant);
    assert_eq!(
        s.non_compliant_severity,
        Some(ComplianceLevel::Informational)
    );
    assert_eq!(levels(&s.non_compliant_by_level), [0, 0, 0, 0, 0, 1]);
}
