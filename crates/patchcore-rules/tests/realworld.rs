//! Real inputs nobody on the team wrote (`../shared/realworld`, see its PROVENANCE.md files),
//! read by patchcore-ingest and evaluated: the AWS-managed `AWS-AmazonLinux2DefaultPatchBaseline`
//! (`get-patch-baseline` output), two Amazon Linux 2 notices (ALAS2-2018-942 for qemu-kvm,
//! ALAS2-2018-949 for java-1.8.0-openjdk; `type="security"`, severity `important` in lower
//! case, `updated` 2018-02-08 21:46 and 21:45) and the `rpm -qa` listing of an Amazon Linux 2
//! node. Without the folder every test prints why it is skipped and passes.

// Test support code: a panic here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};
use common::at;
use patchcore_baseline::{Baseline, CompiledBaseline, OperatingSystem};
use patchcore_ingest::{override_list, rpm_qa, updateinfo};
use patchcore_rules::facts::{
    Catalog, InstalledPackage, Inventory, OfferedPackage, PackageVersion, Repository,
    RpmCatalogBuilder,
};
use patchcore_rules::{Evaluator, PatchState};

const ADVISORIES: &str = "advisories/amazon-alas/vuln-list-update-updateinfo_2_items.xml";
const BASELINE: &str = "baselines/aws-predefined/AWS-AmazonLinux2DefaultPatchBaseline.json";
const RPM_QA: &str = "inventories/vuls-rpm/rpm-qa-qf-amzn2.txt";
const OVERRIDE_LIST: &str =
    "compliance/install-override-lists/patch-manager-aws-runpatchbaseline.05.override-list.yaml";

/// The bytes of `shared/realworld/<path>`, or `None` (after saying so) when the folder is absent.
fn file(path: &str) -> Option<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/realworld");
    if !dir.is_dir() {
        println!("skipped: ../shared/realworld not found (clone without the shared folder)");
        return None;
    }
    Some(std::fs::read(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}")))
}

/// The real files, with what this test adds: a repository `amzn2-core` offering every
/// version the notices name (the notices alone offer nothing, observed.md Y4) and a newer
/// `glibc` that no notice names; on the real node, `qemu-img` one release older than
/// ALAS2-2018-942's and an older `glibc`.
struct Amazon2 {
    baseline: CompiledBaseline,
    catalog: Catalog,
    node: Inventory,
}

fn amazon_linux_2() -> Option<Amazon2> {
    let baseline: Baseline = serde_json::from_slice(&file(BASELINE)?).unwrap();
    let notices = updateinfo::parse(
        &file(ADVISORIES)?,
        &updateinfo::Options::for_repository("amzn2-core"),
    )
    .unwrap();
    assert!(notices.warnings.is_empty(), "{:?}", notices.warnings);
    let mut builder = RpmCatalogBuilder::default();
    let repo = builder.repository(Repository::new("amzn2-core"));
    for notice in notices.catalog.notices() {
        for p in &notice.packages {
            builder.offer(OfferedPackage::new(
                p.name.clone(),
                p.arch.clone(),
                p.evr.clone(),
                repo,
            ));
        }
    }
    builder.offer(OfferedPackage::new(
        "glibc",
        "x86_64",
        "2.26-59.amzn2".parse().unwrap(),
        repo,
    ));
    builder.extend(notices.catalog);
    let mut catalog = Catalog::default();
    catalog.rpm = builder.build();

    let mut node = Inventory::new(OperatingSystem::AmazonLinux2, "AmazonLinux2");
    node.merge(rpm_qa::parse(&file(RPM_QA)?).unwrap());
    node.extend_packages([
        InstalledPackage::new(
            "qemu-img",
            "x86_64",
            PackageVersion::rpm("10:1.5.3-141.amzn2.5.2").unwrap(),
        ),
        InstalledPackage::new(
            "glibc",
            "x86_64",
            PackageVersion::rpm("2.26-58.amzn2").unwrap(),
        ),
    ]);
    Some(Amazon2 {
        baseline: baseline.compile().unwrap(),
        catalog,
        node,
    })
}

/// ALAS2-2018-942 was updated 2018-02-08 21:46 (naive UTC, observed.md D3): rule 1
/// (Security, Critical/Important, 7 days) approves it strictly after 2018-02-15 21:46.
const QEMU_APPROVED_AFTER: &str = "2018-02-15T21:46:00Z";
/// ALAS2-2018-949 was updated one minute earlier.
const JAVA_APPROVED_AFTER: &str = "2018-02-15T21:45:00Z";

#[test]
fn the_aws_amazon_linux_2_baseline_holds_an_alas2_notice_for_seven_days_after_its_update() {
    let Some(w) = amazon_linux_2() else {
        return;
    };
    let e = Evaluator::new(&w.baseline, &w.catalog).unwrap();
    let boundary = at(QEMU_APPROVED_AFTER);

    let before = e.scan(&w.node, boundary).unwrap();
    let qemu = before.row("qemu-img.x86_64").unwrap();
    assert_eq!(qemu.state, PatchState::InstalledOther);
    assert!(before.is_compliant());

    let after = e.scan(&w.node, boundary + Duration::seconds(1)).unwrap();
    let qemu = after.row("qemu-img.x86_64").unwrap();
    assert_eq!(qemu.state, PatchState::Missing);
    assert_eq!(
        qemu.title().to_string(),
        "qemu-img.x86_64:10:1.5.3-141.amzn2.5.3"
    );
    // yum: the type in Title case; the severity as the notice writes it (observed.md Y1).
    assert_eq!(
        (qemu.classification, qemu.severity),
        ("Security", "important")
    );
    assert_eq!(qemu.cve_ids, ["CVE-2017-5715"]);
    assert!(!after.is_compliant());

    // The three packages of the real `rpm -qa` listing are in no notice and not offered;
    // the newer glibc is in no notice, and the rules do not enable non-security updates.
    for id in [
        "glibc.x86_64",
        "java-1.8.0-amazon-corretto.x86_64",
        "yum-utils.noarch",
        "zlib.x86_64",
    ] {
        assert_eq!(
            after.row(id).unwrap().state,
            PatchState::InstalledOther,
            "{id}"
        );
    }
    // Not installed, approved: the 17 java packages and the other 4 qemu packages.
    assert_eq!(after.count(PatchState::NotApplicable), 21);
    assert_eq!(after.rows().len(), 5);
}

#[test]
fn the_forecast_of_the_real_node_names_both_approval_boundaries() {
    let Some(w) = amazon_linux_2() else {
        return;
    };
    let e = Evaluator::new(&w.baseline, &w.catalog).unwrap();
    let now: DateTime<Utc> = at("2018-02-09T00:00:00Z");
    let forecast = e.forecast(&w.node, now, Duration::days(30)).unwrap();
    assert!(forecast.compliant_now);
    assert_eq!(forecast.non_compliant_after, Some(at(QEMU_APPROVED_AFTER)));
    let rows: Vec<_> = forecast
        .changes
        .iter()
        .map(|c| (c.after, c.id.as_str(), c.from, c.to))
        .collect();
    assert_eq!(
        rows,
        [(
            at(QEMU_APPROVED_AFTER),
            "qemu-img.x86_64",
            Some(PatchState::InstalledOther),
            Some(PatchState::Missing)
        )]
    );
    let counts: Vec<_> = forecast
        .not_applicable_changes
        .iter()
        .map(|c| (c.after, c.from, c.to))
        .collect();
    assert_eq!(
        counts,
        [
            (at(JAVA_APPROVED_AFTER), 0, 17),
            (at(QEMU_APPROVED_AFTER), 17, 21)
        ]
    );
}

#[test]
fn the_explanation_of_the_real_notice_names_rule_1_and_its_date_test() {
    let Some(w) = amazon_linux_2() else {
        return;
    };
    let e = Evaluator::new(&w.baseline, &w.catalog).unwrap();
    let text = e
        .explain(&w.node, "qemu-img.x86_64", at("2018-03-01T00:00:00Z"))
        .unwrap()
        .to_string();
    assert!(text.contains("rule #1"), "{text}");
    assert!(text.contains("ALAS2-2018-942"), "{text}");
    assert!(text.contains("2018-02-08T21:46:00Z"), "{text}");
}

/// The real Amazon Linux override list (`kernel.x86_64`, `bind*.x86_64`, `glibc*`, `dhclient*`,
/// `dhcp*`) replaces approval for Install (evaluation.md 7.3): it installs the newer glibc the
/// baseline does not approve, and not qemu-img, which the baseline would install.
#[test]
fn the_real_override_list_replaces_approval_for_install() {
    let Some(w) = amazon_linux_2() else {
        return;
    };
    let Some(bytes) = file(OVERRIDE_LIST) else {
        return;
    };
    let list = override_list::parse(&bytes).unwrap();
    let compiled = list.compile(w.baseline.family().unwrap());
    assert_eq!(compiled.len(), 5);
    let e = Evaluator::new(&w.baseline, &w.catalog).unwrap();
    let now = at("2018-03-01T00:00:00Z");
    let planned = |plan: &patchcore_rules::install::InstallPlan| {
        plan.updates
            .iter()
            .map(|u| format!("{}:{}", u.name, u.to.as_ref().unwrap()))
            .collect::<Vec<_>>()
    };
    let by_baseline = e.plan_install(&w.node, now, None, &[]).unwrap();
    assert_eq!(planned(&by_baseline), ["qemu-img:10:1.5.3-141.amzn2.5.3"]);
    let by_list = e.plan_install(&w.node, now, Some(&compiled), &[]).unwrap();
    assert!(by_list.override_list);
    assert_eq!(planned(&by_list), ["glibc:2.26-59.amzn2"]);
}
