//! The worked examples of compliance.md section 7, each a test (Scan parts; the Install parts
//! of B and E are in `install.rs`).

// Test support code: a panic here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::examples::*;
use common::*;
use patchcore_baseline::{ComplianceLevel, OperatingSystem};

use patchcore_rules::{Evaluator, PatchState, Scan};

fn state(scan: &Scan<'_>, id: &str) -> PatchState {
    scan.row(id).unwrap_or_else(|| panic!("no row {id}")).state
}

#[test]
fn example_a_amazon_linux_2_scan() {
    let (b, c, node) = (example_a_baseline(), example_a_catalog(), example_a_node());
    let e = Evaluator::new(&b, &c).unwrap();
    let scan = e.scan(&node, at("2024-06-20T12:00:00Z")).unwrap();
    let row = |id: &str| scan.row(id).unwrap();
    assert_eq!(state(&scan, "glibc.x86_64"), PatchState::Installed);
    assert_eq!(
        *row("glibc.x86_64").compliance_level,
        ComplianceLevel::Critical
    );
    assert_eq!(row("glibc.x86_64").classification, "Security");
    assert_eq!(state(&scan, "openssl.x86_64"), PatchState::Missing);
    assert_eq!(
        row("openssl.x86_64").title().to_string(),
        "openssl.x86_64:1:1.0.2k-24.amzn2.0.10"
    );
    assert_eq!(
        *row("openssl.x86_64").compliance_level,
        ComplianceLevel::Critical
    );
    assert_eq!(row("openssl.x86_64").cve_ids, ["CVE-2024-0002"]);
    // curl: the newer update is inside its wait; the installed version is approved.
    assert_eq!(state(&scan, "curl.x86_64"), PatchState::Installed);
    assert_eq!(
        *row("curl.x86_64").compliance_level,
        ComplianceLevel::Critical
    );
    assert_eq!(state(&scan, "vim-enhanced.x86_64"), PatchState::Missing);
    assert_eq!(
        *row("vim-enhanced.x86_64").compliance_level,
        ComplianceLevel::Medium
    );
    assert_eq!(state(&scan, "amazon-ssm-agent.x86_64"), PatchState::Missing);
    assert_eq!(
        *row("amazon-ssm-agent.x86_64").compliance_level,
        ComplianceLevel::Low
    );
    assert_eq!(row("amazon-ssm-agent.x86_64").classification, "");
    assert_eq!(state(&scan, "nano.x86_64"), PatchState::InstalledOther);
    assert_eq!(
        *row("nano.x86_64").compliance_level,
        ComplianceLevel::Unspecified
    );
    assert_eq!(state(&scan, "bash.x86_64"), PatchState::InstalledOther);
    assert_eq!(state(&scan, "zlib.x86_64"), PatchState::InstalledOther);
    assert!(
        scan.row("httpd.x86_64").is_none(),
        "Linux NotApplicable is counted, not listed"
    );
    assert_eq!(scan.count(PatchState::NotApplicable), 1);
    assert_eq!(scan.count(PatchState::Installed), 2);
    assert_eq!(scan.count(PatchState::Missing), 3);
    assert_eq!(scan.count(PatchState::InstalledOther), 3);
    assert!(!scan.is_compliant());
    let titles: Vec<String> = scan.rows().iter().map(|r| r.id().to_string()).collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted, "rows are sorted by Id");
}

#[test]
fn example_a_curl_becomes_missing_after_its_wait() {
    let (b, c, node) = (example_a_baseline(), example_a_catalog(), example_a_node());
    let e = Evaluator::new(&b, &c).unwrap();
    // Updated 2024-06-17 (midnight) + 7 days = 2024-06-24T00:00Z; strict.
    let before = e.scan(&node, at("2024-06-24T00:00:00Z")).unwrap();
    assert_eq!(state(&before, "curl.x86_64"), PatchState::Installed);
    let after = e.scan(&node, at("2024-06-24T00:00:01Z")).unwrap();
    assert_eq!(state(&after, "curl.x86_64"), PatchState::Missing);
}

#[test]
fn example_c_ubuntu_22_04_scan() {
    let b = rules_baseline(
        "UBUNTU",
        "",
        &[rule(
            &[
                ("PRODUCT", &["Ubuntu22.04"]),
                ("SECTION", &["*"]),
                (
                    "PRIORITY",
                    &["Required", "Important", "Standard", "Optional", "Extra"],
                ),
            ],
            r#""ApproveAfterDays":7"#,
            "HIGH",
            false,
        )],
    );
    let a = "amd64";
    let mut apt = Apt::new();
    apt.version(
        "libssl3",
        a,
        "3.0.2-0ubuntu1.14",
        &["jammy-security"],
        "important",
    )
    .version(
        "libssl3",
        a,
        "3.0.2-0ubuntu1.15",
        &["jammy-security", "jammy-updates"],
        "important",
    )
    .version(
        "bash",
        a,
        "5.1-6ubuntu1.1",
        &["jammy-security", "jammy-updates"],
        "required",
    )
    .version(
        "tzdata",
        a,
        "2024a-0ubuntu0.22.04",
        &["jammy-updates"],
        "required",
    )
    .version(
        "tzdata",
        a,
        "2024a-0ubuntu0.22.04.1",
        &["jammy-updates"],
        "required",
    )
    .version(
        "nginx",
        a,
        "1.18.0-6ubuntu14.4",
        &["jammy-security"],
        "optional",
    );
    let c = apt.build();
    let node = inventory(
        OperatingSystem::Ubuntu,
        "Ubuntu22.04",
        vec![
            deb("libssl3", a, "3.0.2-0ubuntu1.14"),
            deb("bash", a, "5.1-6ubuntu1.1"),
            deb("tzdata", a, "2024a-0ubuntu0.22.04"),
            deb("coreutils", a, "8.32-4.1ubuntu1"),
        ],
    );
    let e = Evaluator::new(&b, &c).unwrap();
    let scan = e.scan(&node, at("2024-06-20T12:00:00Z")).unwrap();
    let libssl = scan.row("libssl3.amd64").unwrap();
    assert_eq!(libssl.state, PatchState::Missing);
    assert_eq!(
        libssl.title().to_string(),
        "libssl3.amd64:3.0.2-0ubuntu1.15"
    );
    assert_eq!(
        (
            libssl.compliance_level,
            libssl.classification,
            libssl.severity
        ),
        (&ComplianceLevel::High, "Security", "important")
    );
    let bash = scan.row("bash.amd64").unwrap();
    assert_eq!(
        (bash.state, bash.classification, bash.severity),
        (PatchState::Installed, "Security", "required")
    );
    let tz = scan.row("tzdata.amd64").unwrap();
    assert_eq!(
        (tz.state, tz.classification, tz.severity),
        (PatchState::InstalledOther, "", "required")
    );
    assert_eq!(tz.title().to_string(), "tzdata.amd64:2024a-0ubuntu0.22.04");
    assert_eq!(state(&scan, "coreutils.amd64"), PatchState::InstalledOther);
    assert_eq!(scan.count(PatchState::NotApplicable), 1);
    assert!(
        scan.rows().iter().all(|r| r.cve_ids.is_empty()),
        "no CVE ids on Ubuntu rows"
    );
    assert!(!scan.is_compliant());
}

#[test]
fn example_c_tzdata_is_missing_with_non_security_enabled() {
    let b = rules_baseline(
        "UBUNTU",
        "",
        &[now_rule(&[("PRIORITY", &["*"])], "HIGH", true)],
    );
    let mut apt = Apt::new();
    apt.version(
        "tzdata",
        "amd64",
        "2024a-0ubuntu0.22.04.1",
        &["jammy-updates"],
        "required",
    );
    let c = apt.build();
    let node = inventory(
        OperatingSystem::Ubuntu,
        "Ubuntu22.04",
        vec![deb("tzdata", "amd64", "2024a-0ubuntu0.22.04")],
    );
    let e = Evaluator::new(&b, &c).unwrap();
    let scan = e.scan(&node, ymd(2024, 6, 20)).unwrap();
    assert_eq!(state(&scan, "tzdata.amd64"), PatchState::Missing);
}

#[test]
fn example_d_windows_server_2022_scan() {
    let (b, c, node) = example_d();
    let e = Evaluator::new(&b, &c).unwrap();
    let scan = e.scan(&node, at("2024-06-20T12:00:00Z")).unwrap();
    assert_eq!(state(&scan, "KB5039227"), PatchState::Missing);
    assert_eq!(
        *scan.row("KB5039227").unwrap().compliance_level,
        ComplianceLevel::Critical
    );
    assert!(
        scan.row("KB5037782").is_none(),
        "superseded updates are not reported"
    );
    assert_eq!(state(&scan, "KB5034439"), PatchState::Installed);
    assert_eq!(state(&scan, "KB890830"), PatchState::Missing);
    assert_eq!(
        *scan.row("KB890830").unwrap().compliance_level,
        ComplianceLevel::Low
    );
    let net = scan.row("KB5039343").unwrap();
    assert_eq!(
        (net.state, net.compliance_level),
        (
            PatchState::AvailableSecurityUpdate,
            &ComplianceLevel::Unspecified
        )
    );
    assert_eq!(state(&scan, "KB5099001"), PatchState::NotApplicable);
    let other = scan.row("KB5031993").unwrap();
    assert_eq!(
        (other.state, other.classification, other.severity),
        (PatchState::InstalledOther, "Updates", "Unspecified")
    );
    assert_eq!(scan.rows().len(), 6);
    assert_eq!(scan.count(PatchState::NotApplicable), 1);
    assert!(!scan.is_compliant());
}

#[test]
fn example_d_net_update_becomes_missing_at_its_approval_date() {
    let (b, c, node) = example_d();
    let e = Evaluator::new(&b, &c).unwrap();
    let at_boundary = e.scan(&node, at("2024-06-24T17:00:00Z")).unwrap();
    assert_eq!(
        state(&at_boundary, "KB5039343"),
        PatchState::AvailableSecurityUpdate
    );
    let after = e.scan(&node, at("2024-06-24T17:00:01Z")).unwrap();
    assert_eq!(state(&after, "KB5039343"), PatchState::Missing);
}

#[test]
fn example_d_without_non_compliant_setting_available_updates_are_compliant() {
    let (_, c, mut node) = example_d();
    let b = baseline(r#"{"OperatingSystem":"WINDOWS","ApprovedPatches":["KB5034439"]}"#);
    node.applicable_kbs = Some(vec!["KB5039343".parse().unwrap()]);
    let e = Evaluator::new(&b, &c).unwrap();
    let scan = e.scan(&node, at("2024-06-20T12:00:00Z")).unwrap();
    assert_eq!(
        state(&scan, "KB5039343"),
        PatchState::AvailableSecurityUpdate
    );
    assert!(
        scan.is_compliant(),
        "unset AvailableSecurityUpdatesComplianceStatus means COMPLIANT"
    );
}

#[test]
fn example_e_rejected_package_scan_under_both_actions() {
    for (action, sudo, rejected_count) in [
        ("ALLOW_AS_DEPENDENCY", PatchState::InstalledOther, 0),
        ("BLOCK", PatchState::InstalledRejected, 1),
    ] {
        let (b, c, node) = example_e(action);
        let e = Evaluator::new(&b, &c).unwrap();
        let scan = e.scan(&node, ymd(2024, 6, 20)).unwrap();
        assert_eq!(state(&scan, "sudo.x86_64"), sudo, "{action}");
        assert_eq!(
            *scan.row("sudo.x86_64").unwrap().compliance_level,
            ComplianceLevel::Unspecified
        );
        assert_eq!(
            state(&scan, "python3-lxml.x86_64"),
            PatchState::Missing,
            "{action}"
        );
        assert_eq!(
            *scan.row("python3-lxml.x86_64").unwrap().compliance_level,
            ComplianceLevel::High
        );
        assert_eq!(
            state(&scan, "libxml2.x86_64"),
            PatchState::InstalledOther,
            "{action}"
        );
        assert_eq!(scan.count(PatchState::InstalledRejected), rejected_count);
        assert!(!scan.is_compliant());
    }
}

#[test]
fn example_d_effective_patches_carry_deployment_status_and_approval_date() {
    use patchcore_rules::DeploymentStatus as S;
    let (b, c, _) = example_d();
    let e = Evaluator::new(&b, &c).unwrap();
    let patches = e.effective_patches(at("2024-06-20T12:00:00Z"));
    let find = |kb: &str| {
        patches
            .iter()
            .find(|p| p.kb_number.to_string() == kb)
            .unwrap()
    };
    let cu = find("KB5039227");
    assert_eq!(
        (cu.deployment_status, &cu.compliance_level),
        (S::Approved, &ComplianceLevel::Critical)
    );
    assert_eq!(cu.approval_date, Some(at("2024-06-18T17:00:00Z")));
    assert_eq!(find("KB890830").deployment_status, S::ExplicitApproved);
    assert_eq!(find("KB890830").compliance_level, ComplianceLevel::Low);
    let net = find("KB5039343");
    assert_eq!(
        (net.deployment_status, net.approval_date),
        (S::PendingApproval, Some(at("2024-06-24T17:00:00Z")))
    );
    assert!(
        patches
            .iter()
            .all(|p| p.kb_number.to_string() != "KB5037782"),
        "superseded updates are out"
    );
    assert!(
        patches
            .iter()
            .all(|p| p.kb_number.to_string() != "KB5031993"),
        "unapproved updates are not effective"
    );
    let json = serde_json::to_value(cu).unwrap();
    assert_eq!(json["DeploymentStatus"], "APPROVED");
}

#[test]
fn rejected_wins_over_approved_in_effective_patches() {
    let (_, c, _) = example_d();
    let b = baseline(
        r#"{"OperatingSystem":"WINDOWS","ApprovedPatches":["KB890830"],"RejectedPatches":["KB890830"]}"#,
    );
    let e = Evaluator::new(&b, &c).unwrap();
    let patches = e.effective_patches(at("2024-06-20T12:00:00Z"));
    assert_eq!(patches.len(), 1);
    assert_eq!(
        patches[0].deployment_status,
        patchcore_rules::DeploymentStatus::ExplicitRejected
    );
}
