//! Install: plan, override list, BLOCK with dependency facts, post-install states and pending
//! reboots (evaluation.md 5, 7, 8.4; compliance.md examples B and E).

// Test support code: a panic here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use chrono::{DateTime, Utc};

use common::examples::*;
use common::*;
use patchcore_baseline::{ComplianceLevel, OperatingSystem, PackageFamily};
use patchcore_rules::facts::{Inventory, PackageRef, PackageVersion};
use patchcore_rules::install::{
    Dependency, InstallOverrideList, InstallPlan, InstallRun, OverrideList, OverridePatch,
    PlanOutcome, RebootOption, apply_install_run,
};
use patchcore_rules::{Evaluator, PatchState};

fn upgrade(node: &mut Inventory, name: &str, arch: &str, evr: &str) -> PackageRef {
    let mut packages: Vec<_> = node
        .packages()
        .iter()
        .filter(|p| !(p.name == name && p.arch == arch))
        .cloned()
        .collect();
    packages.push(rpm(name, arch, evr));
    let mut fresh = Inventory::new(node.operating_system.clone(), node.product.clone());
    fresh.extend_packages(packages);
    fresh.install = node.install.clone();
    *node = fresh;
    PackageRef::new(name, arch, PackageVersion::rpm(evr).unwrap())
}

/// A `NoReboot` run that ended at `finished` and installed every target of `plan`.
fn install_all_without_reboot(node: &mut Inventory, plan: &InstallPlan, finished: DateTime<Utc>) {
    let mut run = InstallRun::new(RebootOption::NoReboot, false, finished);
    for u in &plan.updates {
        let to = u.to.as_ref().unwrap().to_string();
        run.installed.push(upgrade(node, &u.name, &u.arch, &to));
    }
    apply_install_run(node, &run);
}

/// The plan of an Install run on compliance.md example E under `action` (2024-06-20), with
/// `list` and `dependencies`.
fn example_e_plan(
    action: &str,
    list: Option<&OverrideList>,
    dependencies: &[Dependency],
) -> InstallPlan {
    let (b, c, node) = example_e(action);
    let e = Evaluator::new(&b, &c).unwrap();
    e.plan_install(&node, ymd(2024, 6, 20), list, dependencies)
        .unwrap()
}

#[test]
fn example_b_no_reboot_install_leaves_the_installed_patches_pending_until_a_reboot() {
    let (b, c, mut node) = (example_a_baseline(), example_a_catalog(), example_a_node());
    let e = Evaluator::new(&b, &c).unwrap();
    let plan = e
        .plan_install(&node, at("2024-06-20T13:00:00Z"), None, &[])
        .unwrap();
    let targets: Vec<String> = plan
        .updates
        .iter()
        .map(|u| format!("{}:{}", u.name, u.to.as_ref().unwrap()))
        .collect();
    assert_eq!(
        targets,
        [
            "amazon-ssm-agent:3.3.380.0-1.amzn2",
            "openssl:1:1.0.2k-24.amzn2.0.10",
            "vim-enhanced:2:9.0.2153-1.amzn2.0.1"
        ]
    );
    assert!(!plan.reboots(&node, RebootOption::NoReboot));

    // Step 1: the run installs the three targets, no reboot.
    install_all_without_reboot(&mut node, &plan, at("2024-06-20T13:04:10Z"));
    let after = e
        .after_install(&node, &plan, at("2024-06-20T13:04:10Z"))
        .unwrap();
    assert_eq!(after.count(PatchState::Installed), 2);
    assert_eq!(after.count(PatchState::InstalledPendingReboot), 3);
    assert_eq!(after.count(PatchState::Missing), 0);
    assert_eq!(
        *after.row("openssl.x86_64").unwrap().compliance_level,
        ComplianceLevel::Critical
    );
    assert!(!after.is_compliant());

    // Step 2: a Scan later, still no reboot.
    let scan = e.scan(&node, at("2024-06-20T18:00:00Z")).unwrap();
    assert_eq!(scan.count(PatchState::InstalledPendingReboot), 3);

    // Step 3: reboot, Scan.
    node.install.last_boot = Some(at("2024-06-21T02:00:00Z"));
    let scan = e.scan(&node, at("2024-06-21T02:30:00Z")).unwrap();
    assert_eq!(scan.count(PatchState::Installed), 5);
    assert_eq!(scan.count(PatchState::InstalledPendingReboot), 0);
    assert!(scan.is_compliant());
    assert_eq!(
        node.install.last_no_reboot_install,
        Some(at("2024-06-20T13:04:10Z"))
    );
}

#[test]
fn example_b_reboot_if_needed_reboots_for_pending_patches_and_clears_them() {
    let (b, c, mut node) = (example_a_baseline(), example_a_catalog(), example_a_node());
    let e = Evaluator::new(&b, &c).unwrap();
    let plan = e
        .plan_install(&node, at("2024-06-20T13:00:00Z"), None, &[])
        .unwrap();
    install_all_without_reboot(&mut node, &plan, at("2024-06-20T13:04:10Z"));
    let second = e
        .plan_install(&node, at("2024-06-20T18:00:00Z"), None, &[])
        .unwrap();
    assert!(second.updates.is_empty());
    assert!(
        second.reboots(&node, RebootOption::RebootIfNeeded),
        "pending patches force a reboot"
    );
    apply_install_run(
        &mut node,
        &InstallRun::new(
            RebootOption::RebootIfNeeded,
            true,
            at("2024-06-20T18:05:00Z"),
        ),
    );
    let after = e
        .after_install(&node, &second, at("2024-06-20T18:05:00Z"))
        .unwrap();
    assert_eq!(after.count(PatchState::InstalledPendingReboot), 0);
    assert_eq!(after.count(PatchState::Installed), 5);
}

#[test]
fn example_e_install_under_block_fails_the_package_needing_a_rejected_dependency() {
    let x = "x86_64";
    let dependency = Dependency::new(
        PackageRef::new("python3-lxml", x, PackageVersion::rpm("4.9.2-4").unwrap()),
        PackageRef::new(
            "libxml2",
            x,
            PackageVersion::rpm("2.10.4-1.amzn2023.0.6").unwrap(),
        ),
    );
    // BLOCK: lxml is blocked, sudo stays rejected.
    let (b, c, mut node) = example_e("BLOCK");
    let e = Evaluator::new(&b, &c).unwrap();
    let plan = e
        .plan_install(
            &node,
            ymd(2024, 6, 20),
            None,
            std::slice::from_ref(&dependency),
        )
        .unwrap();
    assert_eq!(plan.updates.len(), 1);
    assert!(matches!(
        plan.updates[0].outcome,
        PlanOutcome::Blocked { .. }
    ));
    apply_install_run(
        &mut node,
        &InstallRun::new(RebootOption::RebootIfNeeded, false, ymd(2024, 6, 20)),
    );
    let after = e.after_install(&node, &plan, ymd(2024, 6, 20)).unwrap();
    assert_eq!(
        after.row("python3-lxml.x86_64").unwrap().state,
        PatchState::Failed
    );
    assert_eq!(
        *after.row("python3-lxml.x86_64").unwrap().compliance_level,
        ComplianceLevel::High
    );
    assert_eq!(
        after.row("sudo.x86_64").unwrap().state,
        PatchState::InstalledRejected
    );
    assert_eq!(
        after.row("libxml2.x86_64").unwrap().state,
        PatchState::InstalledOther
    );
    assert!(!after.is_compliant());

    // ALLOW_AS_DEPENDENCY: lxml installs, libxml2 0.6 comes in as a dependency.
    let (b, c, mut node) = example_e("ALLOW_AS_DEPENDENCY");
    let e = Evaluator::new(&b, &c).unwrap();
    let plan = e
        .plan_install(&node, ymd(2024, 6, 20), None, &[dependency])
        .unwrap();
    assert_eq!(plan.updates[0].outcome, PlanOutcome::Install);
    let mut run = InstallRun::new(RebootOption::RebootIfNeeded, true, ymd(2024, 6, 20));
    run.installed
        .push(upgrade(&mut node, "python3-lxml", x, "4.9.2-4"));
    run.installed
        .push(upgrade(&mut node, "libxml2", x, "2.10.4-1.amzn2023.0.6"));
    apply_install_run(&mut node, &run);
    let after = e.after_install(&node, &plan, ymd(2024, 6, 20)).unwrap();
    assert_eq!(
        after.row("python3-lxml.x86_64").unwrap().state,
        PatchState::Installed
    );
    assert_eq!(
        after.row("libxml2.x86_64").unwrap().state,
        PatchState::InstalledOther
    );
    assert_eq!(
        after.row("sudo.x86_64").unwrap().state,
        PatchState::InstalledOther
    );
    assert!(after.is_compliant());
}

/// evaluation.md 4.3 under `BLOCK`: "packages that depend on them" — through any chain of
/// dependency facts: lxml needs libxslt, whose new version needs the rejected libxml2.
#[test]
fn block_sees_a_rejected_dependency_through_a_chain_of_dependencies() {
    let x = "x86_64";
    let lxml = rpm_ref("python3-lxml", x, "4.9.2-4");
    let libxslt = rpm_ref("libxslt", x, "1.1.34-6");
    let libxml2 = rpm_ref("libxml2", x, "2.10.4-1.amzn2023.0.6");
    let chain = [
        Dependency::new(lxml.clone(), libxslt.clone()),
        // A cycle back to lxml must not stop (or hang) the walk.
        Dependency::new(libxslt.clone(), lxml),
        Dependency::new(libxslt, libxml2.clone()),
    ];
    let plan = example_e_plan("BLOCK", None, &chain);
    assert_eq!(
        plan.updates[0].outcome,
        PlanOutcome::Blocked {
            dependency: libxml2
        }
    );
    // The same chain without its rejected end: lxml installs, the cycle ends the walk.
    let plan = example_e_plan("BLOCK", None, &chain[..2]);
    assert_eq!(plan.updates[0].outcome, PlanOutcome::Install);
    // ALLOW_AS_DEPENDENCY: the chain blocks nothing.
    let plan = example_e_plan("ALLOW_AS_DEPENDENCY", None, &chain);
    assert_eq!(plan.updates[0].outcome, PlanOutcome::Install);
}

/// Decision R22: of several rejected packages down the chains, the nearest is reported —
/// sudo, needed directly, not libxml2, needed through libxslt (whose fact comes first).
#[test]
fn block_reports_the_nearest_rejected_dependency() {
    let x = "x86_64";
    let lxml = rpm_ref("python3-lxml", x, "4.9.2-4");
    let libxslt = rpm_ref("libxslt", x, "1.1.34-6");
    let sudo = rpm_ref("sudo", x, "1.9.15-1.amzn2023.0.1");
    let facts = [
        Dependency::new(lxml.clone(), libxslt.clone()),
        Dependency::new(libxslt, rpm_ref("libxml2", x, "2.10.4-1.amzn2023.0.6")),
        Dependency::new(lxml, sudo.clone()),
    ];
    let plan = example_e_plan("BLOCK", None, &facts);
    assert_eq!(
        plan.updates[0].outcome,
        PlanOutcome::Blocked { dependency: sudo }
    );
}

/// A dependency fact of another version of the package does not chain: only the facts of the
/// exact version each link needs are followed.
#[test]
fn a_chain_follows_only_the_versions_each_link_needs() {
    let x = "x86_64";
    let facts = [
        Dependency::new(
            rpm_ref("python3-lxml", x, "4.9.2-4"),
            rpm_ref("libxslt", x, "1.1.34-6"),
        ),
        // Another libxslt version needs the rejected libxml2: not on lxml's chain.
        Dependency::new(
            rpm_ref("libxslt", x, "1.1.34-7"),
            rpm_ref("libxml2", x, "2.10.4-1.amzn2023.0.6"),
        ),
    ];
    let plan = example_e_plan("BLOCK", None, &facts);
    assert_eq!(plan.updates[0].outcome, PlanOutcome::Install);
}

#[test]
fn override_list_replaces_approval_and_installs_rejected_versions() {
    let list = OverrideList::new(
        [("sudo.x86_64".to_owned(), None), ("nano*".to_owned(), None)],
        PackageFamily::YumDnf,
    );
    let plan = example_e_plan("BLOCK", Some(&list), &[]);
    assert!(plan.override_list);
    assert_eq!(
        plan.updates.len(),
        1,
        "only listed packages; lxml (approved) is not listed"
    );
    assert_eq!(plan.updates[0].name, "sudo");
    assert_eq!(
        plan.updates[0].to.as_ref().unwrap().to_string(),
        "1.9.15-1.p5.amzn2023.0.2"
    );
}

#[test]
fn override_entry_with_a_title_needs_both_to_match() {
    let planned = |title: &str| {
        let mut list = InstallOverrideList::default();
        list.patches
            .push(OverridePatch::new("sudo.x86_64").with_title(title));
        let list = list.compile(PackageFamily::YumDnf);
        example_e_plan("ALLOW_AS_DEPENDENCY", Some(&list), &[])
            .updates
            .len()
    };
    assert_eq!(planned("*:9.9.9-*"), 0);
    assert_eq!(planned("*0.2"), 1);
}

/// Decision R20, second half: the RPM families do not fall back under `BLOCK` — when the
/// highest approved version needs a rejected dependency the package is blocked, though a lower
/// approved version needs nothing (APT falls back, see the next test).
#[test]
fn rpm_block_does_not_fall_back_to_a_lower_approved_version() {
    let x = "x86_64";
    let b = al2023(
        r#","RejectedPatches":["libxml2-2.10.4-1.amzn2023.0.6.x86_64"],"RejectedPatchesAction":"BLOCK""#,
        &[now_rule(
            &[("CLASSIFICATION", &["Security"])],
            "HIGH",
            false,
        )],
    );
    let mut c = Rpm::new();
    c.offer_in_notice(
        ("python3-lxml", x, "4.9.2-3"),
        "ALAS2023-2024-609",
        "security",
        Some("Important"),
        "2024-06-01",
    )
    .offer_in_notice(
        ("python3-lxml", x, "4.9.2-4"),
        "ALAS2023-2024-610",
        "security",
        Some("Important"),
        "2024-06-02",
    );
    let c = c.build();
    let node = al2023_node(vec![rpm("python3-lxml", x, "4.9.2-2")]);
    let e = Evaluator::new(&b, &c).unwrap();
    let libxml2 = rpm_ref("libxml2", x, "2.10.4-1.amzn2023.0.6");
    let facts = [Dependency::new(
        rpm_ref("python3-lxml", x, "4.9.2-4"),
        libxml2.clone(),
    )];
    // Without the fact, the highest approved version installs.
    let plan = e.plan_install(&node, ymd(2024, 6, 20), None, &[]).unwrap();
    assert_eq!(plan.updates[0].outcome, PlanOutcome::Install);
    assert_eq!(plan.updates[0].to.as_ref().unwrap().as_str(), "4.9.2-4");
    let plan = e
        .plan_install(&node, ymd(2024, 6, 20), None, &facts)
        .unwrap();
    assert_eq!(
        plan.updates[0].outcome,
        PlanOutcome::Blocked {
            dependency: libxml2
        }
    );
}

#[test]
fn apt_block_falls_back_to_the_next_lower_approved_version() {
    let b = rules_baseline(
        "UBUNTU",
        r#","RejectedPatches":["apt-utils.amd64:1.2.27"],"RejectedPatchesAction":"BLOCK""#,
        &[now_rule(&[("PRIORITY", &["*"])], "HIGH", false)],
    );
    let a = "amd64";
    let mut apt = Apt::new();
    apt.version("apt", a, "1.2.26", &["xenial-security"], "important")
        .version("apt", a, "1.2.27", &["xenial-security"], "important");
    let c = apt.build();
    let node = inventory(
        OperatingSystem::Ubuntu,
        "Ubuntu16.04",
        vec![deb("apt", a, "1.2.25")],
    );
    let needs = Dependency::new(
        PackageRef::new("apt", a, PackageVersion::deb("1.2.27").unwrap()),
        PackageRef::new("apt-utils", a, PackageVersion::deb("1.2.27").unwrap()),
    );
    let e = Evaluator::new(&b, &c).unwrap();
    let plan = e
        .plan_install(&node, ymd(2024, 1, 1), None, &[needs])
        .unwrap();
    assert_eq!(plan.updates[0].outcome, PlanOutcome::Install);
    assert_eq!(plan.updates[0].to.as_ref().unwrap().to_string(), "1.2.26");
}

#[test]
fn windows_plan_lists_missing_kbs_and_a_failed_kb_is_failed() {
    let (b, c, node) = example_d();
    let e = Evaluator::new(&b, &c).unwrap();
    let plan = e
        .plan_install(&node, at("2024-06-20T12:00:00Z"), None, &[])
        .unwrap();
    let kbs: Vec<String> = plan
        .updates
        .iter()
        .map(|u| u.kb.unwrap().to_string())
        .collect();
    assert_eq!(kbs, ["KB890830", "KB5039227"]);
    let mut after_node = node;
    after_node.extend_kbs(["KB5039227".parse().unwrap()]);
    let after = e
        .after_install(&after_node, &plan, at("2024-06-20T13:00:00Z"))
        .unwrap();
    assert_eq!(after.row("KB5039227").unwrap().state, PatchState::Installed);
    assert_eq!(after.row("KB890830").unwrap().state, PatchState::Failed);
    // Still non-compliant because of the AvailableSecurityUpdate (setting NON_COMPLIANT).
    assert!(!after.is_compliant());
}

#[test]
fn explanation_of_a_pending_reboot_row_says_so() {
    let (b, c, mut node) = (example_a_baseline(), example_a_catalog(), example_a_node());
    let e = Evaluator::new(&b, &c).unwrap();
    let mut run = InstallRun::new(RebootOption::NoReboot, false, at("2024-06-20T13:04:10Z"));
    run.installed.push(upgrade(
        &mut node,
        "openssl",
        "x86_64",
        "1:1.0.2k-24.amzn2.0.10",
    ));
    apply_install_run(&mut node, &run);
    let explanation = e
        .explain(&node, "openssl.x86_64", at("2024-06-20T18:00:00Z"))
        .unwrap();
    assert_eq!(explanation.state, Some(PatchState::InstalledPendingReboot));
    assert!(
        explanation.to_string().contains("no reboot since"),
        "{explanation}"
    );
}
