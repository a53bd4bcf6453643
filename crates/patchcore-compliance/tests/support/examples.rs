//! The worked examples of compliance.md 7 (A–E) as snapshots: the rows each example lists,
//! with the Titles of observed.md A13 (RPM: `name.arch:epoch:version-release`, epoch always
//! printed). `tests/examples.rs` checks their summaries; the CSV, diff and fleet tests start
//! from them.

use patchcore_baseline::{ComplianceLevel, OperatingSystem};
use patchcore_compliance::{Operation, PatchItem, PatchState, RebootOption, Snapshot};

use super::{NODE, at, on, row, snapshot, snapshot_of, sort, with_severity};
use ComplianceLevel::{Critical, High, Low, Medium, Unspecified};
use PatchState::{
    AvailableSecurityUpdate, Installed, InstalledOther, InstalledPendingReboot, Missing,
    NotApplicable,
};

/// `count` filler rows `other000.{arch}`… in `state`, level `UNSPECIFIED`: the example's
/// "other packages".
pub(crate) fn others(
    count: usize,
    arch: &str,
    state: PatchState,
) -> impl Iterator<Item = PatchItem> {
    (0..count).map(move |n| {
        let id = format!("other{n:03}.{arch}");
        let title = format!("{id}:0:1.0-1");
        row(&id, &title, state, Unspecified, "")
    })
}

/// The 400 rows of example A.
pub(crate) fn example_a_rows() -> Vec<PatchItem> {
    let mut rows = vec![
        with_severity(
            row(
                "glibc.x86_64",
                "glibc.x86_64:0:2.26-64.amzn2.0.1",
                Installed,
                Critical,
                "Security",
            ),
            "Critical",
        ),
        with_severity(
            row(
                "openssl.x86_64",
                "openssl.x86_64:1:1.0.2k-24.amzn2.0.10",
                Missing,
                Critical,
                "Security",
            ),
            "Important",
        ),
        with_severity(
            row(
                "curl.x86_64",
                "curl.x86_64:0:8.3.0-1.amzn2.0.4",
                Installed,
                Critical,
                "Security",
            ),
            "Important",
        ),
        with_severity(
            row(
                "vim-enhanced.x86_64",
                "vim-enhanced.x86_64:2:9.0.2153-1.amzn2.0.1",
                Missing,
                Medium,
                "Security",
            ),
            "Medium",
        ),
        row(
            "amazon-ssm-agent.x86_64",
            "amazon-ssm-agent.x86_64:0:3.3.380.0-1.amzn2",
            Missing,
            Low,
            "",
        ),
        row(
            "nano.x86_64",
            "nano.x86_64:0:2.9.8-2.amzn2",
            InstalledOther,
            Unspecified,
            "",
        ),
    ];
    rows.extend(others(394, "x86_64", InstalledOther));
    rows
}

/// Example A: Amazon Linux 2 node [`NODE`] in no patch group, Scan at 2024-06-20T12:00:00Z, 400
/// installed packages listed; httpd (approved, not installed) counted as `NotApplicable`.
pub(crate) fn example_a() -> Snapshot {
    let mut rows = example_a_rows();
    sort(&mut rows);
    let mut snapshot = snapshot(NODE, "", at(12, 0, 0));
    snapshot.items = rows;
    snapshot.unlisted_not_applicable = 1; // httpd
    snapshot
}

/// Example B: the node of example A after an Install with `NoReboot` (step 1, ends 13:04:10),
/// a Scan before the reboot (step 2) and a Scan after it (step 3): openssl, vim-enhanced and
/// amazon-ssm-agent are `InstalledPendingReboot`, then `Installed`.
pub(crate) fn example_b(step: u8) -> Snapshot {
    let upgraded = [
        "openssl.x86_64",
        "vim-enhanced.x86_64",
        "amazon-ssm-agent.x86_64",
    ];
    let state = if step < 3 {
        InstalledPendingReboot
    } else {
        Installed
    };
    let mut snapshot = example_a();
    for item in &mut snapshot.items {
        if upgraded.contains(&item.id.as_str()) {
            item.state = state;
            item.installed_time = Some(at(13, 3, 0));
        }
    }
    let time = match step {
        1 => at(13, 0, 0),
        2 => at(18, 0, 0),
        _ => on(2024, 6, 21, 2, 30, 0),
    };
    snapshot.operation_start_time = time;
    snapshot.operation_end_time = time;
    if step == 1 {
        snapshot.operation = Operation::Install;
        snapshot.reboot_option = Some(RebootOption::NoReboot);
        snapshot.operation_end_time = at(13, 4, 10);
    }
    snapshot.last_no_reboot_install_operation_time = Some(at(13, 4, 10));
    snapshot
}

/// Example C: Ubuntu 22.04, Scan; 600 installed packages, nginx counted as `NotApplicable`.
pub(crate) fn example_c() -> Snapshot {
    let mut rows = vec![
        with_severity(
            row(
                "libssl3.amd64",
                "libssl3.amd64:3.0.2-0ubuntu1.15",
                Missing,
                High,
                "Security",
            ),
            "important",
        ),
        with_severity(
            row(
                "bash.amd64",
                "bash.amd64:5.1-6ubuntu1.1",
                Installed,
                High,
                "Security",
            ),
            "required",
        ),
        with_severity(
            row(
                "tzdata.amd64",
                "tzdata.amd64:2024a-0ubuntu0.22.04",
                InstalledOther,
                Unspecified,
                "",
            ),
            "required",
        ),
    ];
    rows.extend(others(597, "amd64", InstalledOther));
    let mut snapshot = snapshot_of(OperatingSystem::Ubuntu, at(12, 0, 0), rows);
    snapshot.unlisted_not_applicable = 1; // nginx
    snapshot
}

/// Example D: Windows Server 2022, Scan, `AvailableSecurityUpdatesComplianceStatus`
/// `NON_COMPLIANT` (or `COMPLIANT` when `asu_non_compliant` is false); `installed` lists the
/// KBs an Install has since installed.
pub(crate) fn example_d(asu_non_compliant: bool, installed: &[&str]) -> Snapshot {
    let rows = [
        (
            "KB5039227",
            "2024-06 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5039227)",
            Missing,
            Critical,
            "SecurityUpdates",
            "Critical",
        ),
        (
            "KB5034439",
            "2024-01 Safe OS Dynamic Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5034439)",
            Installed,
            Critical,
            "SecurityUpdates",
            "Important",
        ),
        (
            "KB890830",
            "Windows Malicious Software Removal Tool x64 - v5.125 (KB890830)",
            Missing,
            Low,
            "UpdateRollups",
            "Unspecified",
        ),
        (
            "KB5039343",
            "2024-06 Security Update for .NET (KB5039343)",
            AvailableSecurityUpdate,
            Unspecified,
            "SecurityUpdates",
            "Important",
        ),
        (
            "KB5099001",
            "Security Update for IIS (KB5099001)",
            NotApplicable,
            Critical,
            "SecurityUpdates",
            "Important",
        ),
        (
            "KB5031993",
            "2023-11 Update for Windows Server 2022 (KB5031993)",
            InstalledOther,
            Unspecified,
            "Updates",
            "Unspecified",
        ),
    ];
    let rows = rows
        .into_iter()
        .map(|(id, title, state, level, classification, severity)| {
            let state = if installed.contains(&id) {
                Installed
            } else {
                state
            };
            with_severity(row(id, title, state, level, classification), severity)
        })
        .collect();
    let mut snapshot = snapshot_of(OperatingSystem::Windows, at(12, 0, 0), rows);
    snapshot.available_security_updates_non_compliant = asu_non_compliant;
    snapshot
}

/// Example E: Amazon Linux 2023, the rejected `sudo` installed (in state `sudo`: `InstalledOther`
/// with `ALLOW_AS_DEPENDENCY`, `InstalledRejected` with `BLOCK`) and `python3-lxml` in state
/// `lxml`.
pub(crate) fn example_e(sudo: PatchState, lxml: PatchState) -> Snapshot {
    let rows = vec![
        row(
            "sudo.x86_64",
            "sudo.x86_64:0:1.9.15-1.p5.amzn2023.0.1",
            sudo,
            Unspecified,
            "",
        ),
        // Missing/Failed name the target 4.9.2-4; once installed, it is the installed version.
        with_severity(
            row(
                "python3-lxml.x86_64",
                "python3-lxml.x86_64:0:4.9.2-4",
                lxml,
                High,
                "Security",
            ),
            "Important",
        ),
        row(
            "libxml2.x86_64",
            "libxml2.x86_64:0:2.10.4-1.amzn2023.0.5",
            InstalledOther,
            Unspecified,
            "",
        ),
    ];
    snapshot_of(OperatingSystem::AmazonLinux2023, at(12, 0, 0), rows)
}
