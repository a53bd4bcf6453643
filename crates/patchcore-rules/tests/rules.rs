//! The state table of evaluation.md 4.4 (one test per row), the precedence rules of 4.2 and
//! 4.3, the per-OS date and matching rules of observed.md, explanations and forecasts.

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
use patchcore_baseline::{CompiledBaseline, ComplianceLevel, OperatingSystem};
use patchcore_rules::facts::{
    Catalog, InstalledPackage, MacPackage, MacPackageManager, ModuleStream, NoticePackage,
    PackageVersion, UpdateNotice,
};
use patchcore_rules::{Evaluator, PatchState};

const X: &str = "x86_64";

/// One AL2023 (dnf) node with `openssl` 1.0-1 installed, a catalog offering 1.0-2 (notice
/// ALAS-1, Security/Important, 2024-06-01) and 1.0-3 (no notice).
fn dnf_catalog() -> Catalog {
    let mut c = Rpm::new();
    c.offer("openssl", X, "1.0-1")
        .offer("openssl", X, "1.0-2")
        .offer("openssl", X, "1.0-3")
        .notice(
            "ALAS2023-2024-1",
            "security",
            Some("Important"),
            "2024-06-01",
            &[("openssl", X, "1.0-2")],
            &["CVE-2024-1"],
        );
    c.build()
}

fn dnf_node(version: &str) -> patchcore_rules::facts::Inventory {
    al2023_node(vec![rpm("openssl", X, version)])
}

/// An AL2023 baseline approving Security notices `days` after their date, at HIGH.
fn security_after_days(days: u32) -> CompiledBaseline {
    al2023(
        "",
        &[rule(
            &[("CLASSIFICATION", &["Security"])],
            &format!(r#""ApproveAfterDays":{days}"#),
            "HIGH",
            false,
        )],
    )
}

fn security_rule(level: &str) -> String {
    now_rule(&[("CLASSIFICATION", &["Security"])], level, false)
}

fn state_of(
    b: &CompiledBaseline,
    c: &Catalog,
    node: &patchcore_rules::facts::Inventory,
    id: &str,
) -> Option<(PatchState, ComplianceLevel, String)> {
    let e = Evaluator::new(b, c).unwrap();
    let scan = e.scan(node, ymd(2024, 6, 20)).unwrap();
    scan.row(id)
        .map(|r| (r.state, r.compliance_level.clone(), r.title().to_string()))
}

/// The row of `openssl.x86_64` on the dnf fixture node with `installed` installed, at
/// 2024-06-20.
fn openssl(b: &CompiledBaseline, installed: &str) -> (PatchState, ComplianceLevel, String) {
    state_of(b, &dnf_catalog(), &dnf_node(installed), "openssl.x86_64").unwrap()
}

// ---- evaluation.md 4.4, the state table, row by row ----

#[test]
fn row_1_an_approved_newer_version_makes_the_package_missing_with_the_highest_approved_target() {
    let b = al2023("", &[security_rule("HIGH")]);
    let (s, level, title) = openssl(&b, "1.0-1");
    assert_eq!((s, level), (PatchState::Missing, ComplianceLevel::High));
    assert_eq!(
        title, "openssl.x86_64:0:1.0-2",
        "target = highest approved, epoch printed"
    );
}

#[test]
fn row_1_missing_even_when_the_installed_version_is_rejected() {
    let b = al2023(
        r#","RejectedPatches":["openssl-1.0-1"],"RejectedPatchesAction":"BLOCK""#,
        &[security_rule("HIGH")],
    );
    assert_eq!(openssl(&b, "1.0-1").0, PatchState::Missing);
}

#[test]
fn row_2_the_installed_version_approved_and_nothing_newer_is_installed() {
    let b = al2023("", &[security_rule("HIGH")]);
    assert_eq!(openssl(&b, "1.0-2").0, PatchState::Installed);
}

#[test]
fn row_3_installed_rejected_version_under_block_is_installed_rejected() {
    let b = al2023(
        r#","RejectedPatches":["openssl"],"RejectedPatchesAction":"BLOCK""#,
        &[security_rule("HIGH")],
    );
    let (s, level, _) = openssl(&b, "1.0-1");
    assert_eq!(
        (s, level),
        (PatchState::InstalledRejected, ComplianceLevel::Unspecified)
    );
}

#[test]
fn row_4_rejected_under_allow_as_dependency_is_installed_other() {
    let b = al2023(
        r#","RejectedPatches":["openssl"]"#,
        &[security_rule("HIGH")],
    );
    assert_eq!(openssl(&b, "1.0-1").0, PatchState::InstalledOther);
}

#[test]
fn row_4_rejecting_only_a_newer_version_never_gives_installed_rejected() {
    let b = al2023(
        r#","RejectedPatches":["openssl-1.0-2"],"RejectedPatchesAction":"BLOCK""#,
        &[security_rule("HIGH")],
    );
    assert_eq!(openssl(&b, "1.0-1").0, PatchState::InstalledOther);
}

#[test]
fn row_4_nothing_approved_is_installed_other() {
    let b = al2023(
        "",
        &[now_rule(&[("CLASSIFICATION", &["Bugfix"])], "HIGH", false)],
    );
    assert_eq!(openssl(&b, "1.0-1").0, PatchState::InstalledOther);
}

#[test]
fn row_5_not_installed_with_an_approved_version_is_counted_not_applicable() {
    let b = al2023("", &[security_rule("HIGH")]);
    let node = al2023_node(vec![rpm("bash", X, "5.0-1")]);
    let c = dnf_catalog();
    let e = Evaluator::new(&b, &c).unwrap();
    let scan = e.scan(&node, ymd(2024, 6, 20)).unwrap();
    assert!(scan.row("openssl.x86_64").is_none());
    assert_eq!(scan.count(PatchState::NotApplicable), 1);
}

#[test]
fn row_6_not_installed_and_nothing_approved_is_not_reported() {
    let b = al2023(
        "",
        &[now_rule(&[("CLASSIFICATION", &["Bugfix"])], "HIGH", false)],
    );
    let node = al2023_node(vec![]);
    let c = dnf_catalog();
    let e = Evaluator::new(&b, &c).unwrap();
    let scan = e.scan(&node, ymd(2024, 6, 20)).unwrap();
    assert!(scan.rows().is_empty());
    assert_eq!(scan.count(PatchState::NotApplicable), 0);
}

// ---- precedence, evaluation.md 4.2 / 4.3 ----

#[test]
fn rejection_wins_over_the_approved_list() {
    let b = al2023(
        r#","ApprovedPatches":["openssl"],"RejectedPatches":["openssl-1.0-2"]"#,
        &[],
    );
    // 1.0-3 (no notice) is approved only with ApprovedPatchesEnableNonSecurity: not here.
    assert_eq!(openssl(&b, "1.0-1").0, PatchState::InstalledOther);
}

#[test]
fn approved_list_ignores_global_filters() {
    let b = al2023(
        r#","GlobalFilters":{"PatchFilters":[{"Key":"PRODUCT","Values":["SomethingElse"]}]},"ApprovedPatches":["openssl.x86_64"],"ApprovedPatchesComplianceLevel":"LOW""#,
        &[security_rule("HIGH")],
    );
    let (s, level, _) = openssl(&b, "1.0-1");
    assert_eq!(
        (s, level),
        (PatchState::Missing, ComplianceLevel::Low),
        "the rule is cut by the global filter"
    );
}

#[test]
fn approved_list_obeys_approved_patches_enable_non_security() {
    let without = al2023(r#","ApprovedPatches":["openssl-1.0-3"]"#, &[]);
    assert_eq!(openssl(&without, "1.0-2").0, PatchState::InstalledOther);
    let with = al2023(
        r#","ApprovedPatches":["openssl-1.0-3"],"ApprovedPatchesEnableNonSecurity":true"#,
        &[],
    );
    let (s, _, title) = openssl(&with, "1.0-2");
    assert_eq!(
        (s, title.as_str()),
        (PatchState::Missing, "openssl.x86_64:0:1.0-3")
    );
}

#[test]
fn advisory_and_cve_ids_approve_regardless_of_global_filters() {
    for id in ["ALAS2023-2024-1", "CVE-2024-1"] {
        let b = al2023(
            &format!(
                r#","GlobalFilters":{{"PatchFilters":[{{"Key":"PRODUCT","Values":["Nope"]}}]}},"ApprovedPatches":["{id}"]"#
            ),
            &[],
        );
        assert_eq!(openssl(&b, "1.0-1").0, PatchState::Missing, "{id}");
    }
}

#[test]
fn ids_in_the_rejected_list_reject_nothing_on_dnf() {
    let b = al2023(
        r#","RejectedPatches":["ALAS2023-2024-1","CVE-2024-1"]"#,
        &[security_rule("HIGH")],
    );
    assert_eq!(openssl(&b, "1.0-1").0, PatchState::Missing);
}

#[test]
fn global_filters_are_anded_with_every_rule() {
    let pass = al2023(
        r#","GlobalFilters":{"PatchFilters":[{"Key":"PRODUCT","Values":["AmazonLinux2023"]}]}"#,
        &[security_rule("HIGH")],
    );
    assert_eq!(openssl(&pass, "1.0-1").0, PatchState::Missing);
    let fail = al2023(
        r#","GlobalFilters":{"PatchFilters":[{"Key":"PRODUCT","Values":["AmazonLinux2"]}]}"#,
        &[security_rule("HIGH")],
    );
    assert_eq!(openssl(&fail, "1.0-1").0, PatchState::InstalledOther);
}

#[test]
fn filters_within_a_rule_are_anded_and_values_ored() {
    let and = al2023(
        "",
        &[now_rule(
            &[
                ("CLASSIFICATION", &["Security"]),
                ("SEVERITY", &["Critical"]),
            ],
            "HIGH",
            false,
        )],
    );
    assert_eq!(openssl(&and, "1.0-1").0, PatchState::InstalledOther);
    let or = al2023(
        "",
        &[now_rule(
            &[
                ("CLASSIFICATION", &["Security"]),
                ("SEVERITY", &["Critical", "Important"]),
            ],
            "HIGH",
            false,
        )],
    );
    assert_eq!(openssl(&or, "1.0-1").0, PatchState::Missing);
}

#[test]
fn rules_are_ored_and_the_highest_level_wins() {
    let b = al2023(
        r#","ApprovedPatches":["openssl"],"ApprovedPatchesComplianceLevel":"MEDIUM""#,
        &[
            security_rule("LOW"),
            now_rule(&[("CLASSIFICATION", &["Bugfix"])], "CRITICAL", false),
            security_rule("HIGH"),
        ],
    );
    let (s, level, _) = openssl(&b, "1.0-1");
    assert_eq!((s, level), (PatchState::Missing, ComplianceLevel::High));
}

#[test]
fn star_accepts_a_missing_attribute_other_values_do_not() {
    let star = al2023("", &[now_rule(&[("SEVERITY", &["*"])], "HIGH", true)]);
    let (_, _, title) = openssl(&star, "1.0-1");
    assert_eq!(
        title, "openssl.x86_64:0:1.0-3",
        "the notice-less 1.0-3 passes SEVERITY=*"
    );
    let named = al2023(
        "",
        &[now_rule(&[("SEVERITY", &["Important"])], "HIGH", true)],
    );
    let (_, _, title) = openssl(&named, "1.0-1");
    assert_eq!(title, "openssl.x86_64:0:1.0-2");
}

#[test]
fn non_security_gate_is_per_approving_source() {
    let gated = al2023("", &[now_rule(&[("SEVERITY", &["*"])], "HIGH", false)]);
    let (_, _, title) = openssl(&gated, "1.0-1");
    assert_eq!(title, "openssl.x86_64:0:1.0-2", "1.0-3 has no notice");
    let second = al2023(
        "",
        &[
            now_rule(&[("SEVERITY", &["*"])], "HIGH", false),
            now_rule(&[("PRODUCT", &["*"])], "LOW", true),
        ],
    );
    let (_, level, title) = openssl(&second, "1.0-1");
    assert_eq!(
        (title.as_str(), level),
        ("openssl.x86_64:0:1.0-3", ComplianceLevel::Low)
    );
}

// ---- dates, evaluation.md 3 and observed.md D1–D3 ----

#[test]
fn approve_after_days_is_strict_on_full_timestamps() {
    let b = security_after_days(7);
    let c = dnf_catalog();
    let e = Evaluator::new(&b, &c).unwrap();
    let node = dnf_node("1.0-1");
    let at_boundary = e.scan(&node, at("2024-06-08T00:00:00Z")).unwrap();
    assert_eq!(
        at_boundary.row("openssl.x86_64").unwrap().state,
        PatchState::InstalledOther
    );
    let after = e.scan(&node, at("2024-06-08T00:00:01Z")).unwrap();
    assert_eq!(
        after.row("openssl.x86_64").unwrap().state,
        PatchState::Missing
    );
}

#[test]
fn approve_until_date_includes_the_whole_day_and_ignores_now() {
    let on_day = al2023(
        "",
        &[rule(
            &[("CLASSIFICATION", &["Security"])],
            r#""ApproveUntilDate":"2024-06-01""#,
            "HIGH",
            false,
        )],
    );
    let before = al2023(
        "",
        &[rule(
            &[("CLASSIFICATION", &["Security"])],
            r#""ApproveUntilDate":"2024-05-31""#,
            "HIGH",
            false,
        )],
    );
    let c = dnf_catalog();
    for now in [ymd(2000, 1, 1), ymd(2024, 6, 20), ymd(2099, 1, 1)] {
        let e = Evaluator::new(&on_day, &c).unwrap();
        assert_eq!(
            e.scan(&dnf_node("1.0-1"), now).unwrap().rows()[0].state,
            PatchState::Missing
        );
        let e = Evaluator::new(&before, &c).unwrap();
        assert_eq!(
            e.scan(&dnf_node("1.0-1"), now).unwrap().rows()[0].state,
            PatchState::InstalledOther
        );
    }
}

#[test]
fn dnf_reads_minute_precision_dates_and_yum_dates_a_notice_less_package_by_build_time() {
    let c = Rpm::one_notice(
        ("openssl", X, "1.0-2"),
        "A-2024-1",
        "security",
        Some("Important"),
        "2024-06-01 23:22",
    );
    let b = security_after_days(1);
    let e = Evaluator::new(&b, &c).unwrap();
    assert_eq!(
        e.scan(&dnf_node("1.0-1"), at("2024-06-02T23:22:00Z"))
            .unwrap()
            .rows()[0]
            .state,
        PatchState::InstalledOther
    );
    assert_eq!(
        e.scan(&dnf_node("1.0-1"), at("2024-06-02T23:22:01Z"))
            .unwrap()
            .rows()[0]
            .state,
        PatchState::Missing
    );

    let mut c = Rpm::new();
    let mut offered =
        patchcore_rules::facts::OfferedPackage::new("nano", X, "2.0-2".parse().unwrap(), c.repo);
    offered.build_time = Some(at("2024-06-10T00:00:00Z").timestamp());
    c.builder.offer(offered);
    let c = c.build();
    let b = al2(
        "",
        &[rule(
            &[("PRODUCT", &["*"])],
            r#""ApproveAfterDays":7"#,
            "LOW",
            true,
        )],
    );
    let e = Evaluator::new(&b, &c).unwrap();
    let node = al2_node(vec![rpm("nano", X, "2.0-1")]);
    // The installed version is dated 1970 (nothing says otherwise), so it is approved already.
    assert_eq!(
        first_state(&e, &node, at("2024-06-17T00:00:00Z")),
        PatchState::Installed
    );
    assert_eq!(
        first_state(&e, &node, at("2024-06-17T00:00:01Z")),
        PatchState::Missing
    );
}

// ---- per-family matching (observed.md Y1, Y4, Y5, N1, N4, N5) ----

#[test]
fn yum_compares_classification_in_title_case_so_a_lower_case_value_never_matches() {
    let c = Rpm::one_notice(
        ("curl", X, "2-1"),
        "ALAS2-1",
        "bugfix",
        Some("low"),
        "2024-01-01",
    );
    let node = al2_node(vec![rpm("curl", X, "1-1")]);
    for (value, expected) in [
        ("Bugfix", PatchState::Missing),
        ("bugfix", PatchState::InstalledOther),
    ] {
        let b = al2(
            "",
            &[now_rule(&[("CLASSIFICATION", &[value])], "LOW", false)],
        );
        let e = Evaluator::new(&b, &c).unwrap();
        assert_eq!(first_state(&e, &node, ymd(2024, 6, 1)), expected, "{value}");
    }
}

/// observed.md Y1: on yum a notice without a severity is reported with the severity `None`,
/// yet it matches no SEVERITY filter except `*` (not even the value `None`); a lower-case
/// notice severity is compared in Title case.
#[test]
fn yum_reports_a_notice_without_severity_as_none_but_only_star_matches_it() {
    let mut c = Rpm::new();
    c.offer_in_notice(("curl", X, "2-1"), "ALAS2-1", "bugfix", None, "2024-01-01")
        .offer_in_notice(
            ("vim", X, "2-1"),
            "ALAS2-2",
            "security",
            Some("important"),
            "2024-01-01",
        );
    let c = c.build();
    let node = al2_node(vec![rpm("curl", X, "1-1"), rpm("vim", X, "1-1")]);
    let scan_with = |severities: &[&str]| {
        let b = al2("", &[now_rule(&[("SEVERITY", severities)], "LOW", false)]);
        let e = Evaluator::new(&b, &c).unwrap();
        let scan = e.scan(&node, ymd(2024, 6, 1)).unwrap();
        ["curl.x86_64", "vim.x86_64"].map(|id| {
            let row = scan.row(id).unwrap();
            (row.state, row.severity.to_owned())
        })
    };
    let [curl, vim] = scan_with(&["*"]);
    assert_eq!(curl, (PatchState::Missing, "None".to_owned()));
    assert_eq!(vim, (PatchState::Missing, "important".to_owned()));
    let [curl, vim] = scan_with(&["None", "Important"]);
    assert_eq!(
        curl,
        (PatchState::InstalledOther, String::new()),
        "InstalledOther reports the installed version's labels: it is in no notice"
    );
    assert_eq!(
        vim.0,
        PatchState::Missing,
        "`important` compared as `Important`"
    );
    let [_, vim] = scan_with(&["important"]);
    assert_eq!(
        vim.0,
        PatchState::InstalledOther,
        "case-sensitive after Title case"
    );
}

#[test]
fn dnf_reports_a_notice_without_severity_with_no_severity() {
    let c = Rpm::one_notice(
        ("curl", X, "2-1"),
        "ALAS2023-1",
        "bugfix",
        None,
        "2024-01-01",
    );
    let b = al2023("", &[now_rule(&[("SEVERITY", &["*"])], "LOW", true)]);
    let node = al2023_node(vec![rpm("curl", X, "1-1")]);
    let e = Evaluator::new(&b, &c).unwrap();
    let scan = e.scan(&node, ymd(2024, 6, 1)).unwrap();
    let row = scan.row("curl.x86_64").unwrap();
    assert_eq!((row.state, row.severity), (PatchState::Missing, ""));
}

#[test]
fn al2023_medium_in_a_baseline_matches_moderate_notices() {
    let c = Rpm::one_notice(
        ("vim", X, "2-1"),
        "ALAS2023-1",
        "security",
        Some("Moderate"),
        "2024-01-01",
    );
    let b = al2023(
        "",
        &[now_rule(&[("SEVERITY", &["Medium"])], "MEDIUM", false)],
    );
    let node = al2023_node(vec![rpm("vim", X, "1-1")]);
    let e = Evaluator::new(&b, &c).unwrap();
    assert_eq!(first_state(&e, &node, ymd(2024, 6, 1)), PatchState::Missing);
}

#[test]
fn a_notice_version_no_repository_offers_is_not_a_candidate_but_lower_offered_ones_are() {
    let mut c = Rpm::new();
    c.offer_in_notice(
        ("openssl", X, "1.0-2"),
        "A-1",
        "security",
        Some("Important"),
        "2024-01-01",
    )
    .notice(
        "A-2",
        "security",
        Some("Important"),
        "2024-01-02",
        &[("openssl", X, "1.0-9")],
        &[],
    );
    let c = c.build();
    let b = al2023("", &[security_rule("HIGH")]);
    let (s, _, title) = state_of(&b, &c, &dnf_node("1.0-1"), "openssl.x86_64").unwrap();
    assert_eq!(
        (s, title.as_str()),
        (PatchState::Missing, "openssl.x86_64:0:1.0-2")
    );
}

#[test]
fn yum_reports_installed_when_only_an_older_version_is_approved_dnf_does_not() {
    let mut c = Rpm::new();
    c.offer("curl", X, "1-4").offer("curl", X, "1-7").notice(
        "ALAS-1",
        "security",
        Some("Important"),
        "2024-01-01",
        &[("curl", X, "1-4")],
        &[],
    );
    let c = c.build();
    let rule_json = now_rule(&[("CLASSIFICATION", &["Security"])], "HIGH", false);
    let yum = al2("", std::slice::from_ref(&rule_json));
    let node = al2_node(vec![rpm("curl", X, "1-7")]);
    assert_eq!(
        state_of(&yum, &c, &node, "curl.x86_64").unwrap().0,
        PatchState::Installed
    );
    let dnf = al2023("", &[rule_json]);
    let node = al2023_node(vec![rpm("curl", X, "1-7")]);
    assert_eq!(
        state_of(&dnf, &c, &node, "curl.x86_64").unwrap().0,
        PatchState::InstalledOther
    );
}

#[test]
fn dnf_reports_the_highest_level_with_the_first_notices_classification() {
    let mut c = Rpm::new();
    c.offer_in_notice(
        ("git", X, "2-1"),
        "N-1",
        "bugfix",
        Some("Low"),
        "2024-01-01",
    )
    .notice(
        "N-2",
        "security",
        Some("Critical"),
        "2024-01-01",
        &[("git", X, "2-1")],
        &["CVE-2"],
    );
    let c = c.build();
    let b = al2023(
        "",
        &[
            now_rule(&[("SEVERITY", &["Low"])], "LOW", false),
            now_rule(&[("SEVERITY", &["Critical"])], "CRITICAL", false),
        ],
    );
    let node = al2023_node(vec![rpm("git", X, "1-1")]);
    let e = Evaluator::new(&b, &c).unwrap();
    let scan = e.scan(&node, ymd(2024, 6, 1)).unwrap();
    let row = &scan.rows()[0];
    assert_eq!(
        (row.compliance_level, row.classification, row.severity),
        (&ComplianceLevel::Critical, "Bugfix", "Low")
    );
    assert_eq!(row.cve_ids, ["CVE-2"]);
}

#[test]
fn module_stream_notices_count_only_when_the_stream_is_enabled() {
    let mut c = Rpm::new();
    c.offer("nodejs", X, "18.2-1");
    let mut n = UpdateNotice::new("RHSA-1", "security");
    n.severity = Some("Important".into());
    n.issued = Some("2024-01-01".into());
    let mut p = NoticePackage::new("nodejs", X, "18.2-1".parse().unwrap());
    p.module = Some(ModuleStream::new("nodejs", "18"));
    n.packages.push(p);
    c.builder.notice(n);
    let c = c.build();
    let b = rules_baseline("REDHAT_ENTERPRISE_LINUX", "", &[security_rule("HIGH")]);
    let mut node = inventory(
        OperatingSystem::RedhatEnterpriseLinux,
        "RedhatEnterpriseLinux9",
        vec![rpm("nodejs", X, "18.1-1")],
    );
    assert_eq!(
        state_of(&b, &c, &node, "nodejs.x86_64").unwrap().0,
        PatchState::InstalledOther
    );
    node.module_streams.push(ModuleStream::new("nodejs", "18"));
    assert_eq!(
        state_of(&b, &c, &node, "nodejs.x86_64").unwrap().0,
        PatchState::Missing
    );
}

#[test]
fn several_installed_versions_give_one_row_judging_the_highest() {
    let b = al2023("", &[security_rule("HIGH")]);
    let node = al2023_node(vec![rpm("openssl", X, "1.0-1"), rpm("openssl", X, "1.0-2")]);
    let c = dnf_catalog();
    let e = Evaluator::new(&b, &c).unwrap();
    let scan = e.scan(&node, ymd(2024, 6, 20)).unwrap();
    assert_eq!(scan.rows().len(), 1);
    assert_eq!(scan.rows()[0].state, PatchState::Installed);
}

#[test]
fn apt_installed_version_is_security_only_while_a_security_index_lists_it() {
    let b = rules_baseline(
        "DEBIAN",
        "",
        &[now_rule(&[("PRIORITY", &["*"])], "HIGH", false)],
    );
    let node = inventory(
        OperatingSystem::Debian,
        "Debian12",
        vec![deb("bash", "amd64", "5.2-1")],
    );
    let mut listed = Apt::new();
    listed.version("bash", "amd64", "5.2-1", &["bookworm-security"], "required");
    let c = listed.build();
    assert_eq!(
        state_of(&b, &c, &node, "bash.amd64").unwrap().0,
        PatchState::Installed
    );
    let mut gone = Apt::new();
    gone.version("bash", "amd64", "5.2-1", &["bookworm"], "required");
    let c = gone.build();
    assert_eq!(
        state_of(&b, &c, &node, "bash.amd64").unwrap().0,
        PatchState::InstalledOther
    );
}

#[test]
fn macos_installer_packages_are_never_missing() {
    let b = rules_baseline(
        "MACOS",
        "",
        &[now_rule(&[("PRODUCT", &["*"])], "HIGH", true)],
    );
    let mut c = Catalog::default();
    c.macos.extend([
        MacPackage::new("XProtect", "2.0", MacPackageManager::Installer),
        MacPackage::new("wget", "1.25", MacPackageManager::Brew),
    ]);
    let mut xp = InstalledPackage::new("XProtect", "", PackageVersion::Text("1.0".into()));
    xp.package_manager = Some(MacPackageManager::Installer);
    let mut wget = InstalledPackage::new("wget", "", PackageVersion::Text("1.21".into()));
    wget.package_manager = Some(MacPackageManager::Brew);
    let node = inventory(OperatingSystem::MacOs, "MacOS14", vec![xp, wget]);
    let e = Evaluator::new(&b, &c).unwrap();
    let scan = e.scan(&node, ymd(2024, 6, 1)).unwrap();
    assert_eq!(scan.row("XProtect").unwrap().state, PatchState::Installed);
    let wget = scan.row("wget").unwrap();
    assert_eq!(
        (wget.state, wget.classification),
        (PatchState::Missing, "brew")
    );
    assert_eq!(wget.title().to_string(), "wget.1.25");
}

#[test]
fn a_node_of_another_os_is_an_error_naming_both() {
    let b = al2023("", &[security_rule("HIGH")]);
    let c = dnf_catalog();
    let e = Evaluator::new(&b, &c).unwrap();
    let node = inventory(OperatingSystem::Ubuntu, "Ubuntu22.04", vec![]);
    let message = e.scan(&node, ymd(2024, 1, 1)).unwrap_err().to_string();
    assert!(
        message.contains("AMAZON_LINUX_2023") && message.contains("UBUNTU"),
        "{message}"
    );
}

// ---- explanations ----

#[test]
fn explanation_names_the_deciding_rule_dates_and_the_older_installed_version() {
    let b = al2023(
        "",
        &[
            now_rule(&[("CLASSIFICATION", &["Bugfix"])], "LOW", false),
            rule(
                &[
                    ("CLASSIFICATION", &["Security"]),
                    ("SEVERITY", &["Important"]),
                ],
                r#""ApproveAfterDays":7"#,
                "HIGH",
                false,
            ),
        ],
    );
    let c = dnf_catalog();
    let e = Evaluator::new(&b, &c).unwrap();
    let explanation = e
        .explain(&dnf_node("1.0-1"), "openssl.x86_64", ymd(2024, 6, 20))
        .unwrap();
    assert_eq!(explanation.state, Some(PatchState::Missing));
    let text = explanation.to_string();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        "openssl.x86_64 1.0-2 → Missing: rule #2 matched (CLASSIFICATION=security, SEVERITY=Important), released 2024-06-01, approved 2024-06-08 (7 days), HIGH; installed 1.0-1 is older"
    );
    assert!(
        text.contains("rule #1 did not match (CLASSIFICATION=security not accepted)"),
        "{text}"
    );
}

#[test]
fn explanation_names_the_rejecting_entry() {
    let b = al2023(
        r#","RejectedPatches":["openssl"],"RejectedPatchesAction":"BLOCK""#,
        &[security_rule("HIGH")],
    );
    let c = dnf_catalog();
    let e = Evaluator::new(&b, &c).unwrap();
    let explanation = e
        .explain(&dnf_node("1.0-1"), "openssl.x86_64", ymd(2024, 6, 20))
        .unwrap();
    assert_eq!(explanation.state, Some(PatchState::InstalledRejected));
    assert!(
        explanation
            .to_string()
            .starts_with("openssl.x86_64 1.0-1 → InstalledRejected: rejected by entry \"openssl\""),
        "{explanation}"
    );
}

#[test]
fn every_row_of_a_scan_has_an_explanation_with_the_same_state() {
    for (b, c, node) in [
        (example_a_baseline(), example_a_catalog(), example_a_node()),
        example_d(),
        example_e("BLOCK"),
    ] {
        let e = Evaluator::new(&b, &c).unwrap();
        let now = at("2024-06-20T12:00:00Z");
        let scan = e.scan(&node, now).unwrap();
        for row in scan.rows() {
            let id = row.id().to_string();
            let explanation = e.explain(&node, &id, now).unwrap();
            assert_eq!(explanation.state, Some(row.state), "{id}: {explanation}");
            assert!(!explanation.candidates.is_empty(), "{id}");
        }
    }
}

// ---- forecast ----

#[test]
fn forecast_gives_the_approval_boundary_and_the_first_non_compliant_instant() {
    let b = security_after_days(7);
    let c = dnf_catalog();
    let e = Evaluator::new(&b, &c).unwrap();
    let node = dnf_node("1.0-1");
    let forecast = e
        .forecast(&node, ymd(2024, 6, 2), chrono::Duration::days(30))
        .unwrap();
    assert!(forecast.compliant_now);
    assert_eq!(forecast.non_compliant_after, Some(ymd(2024, 6, 8)));
    assert_eq!(forecast.changes.len(), 1);
    let change = &forecast.changes[0];
    assert_eq!(
        (change.id.as_str(), change.from, change.to),
        (
            "openssl.x86_64",
            Some(PatchState::InstalledOther),
            Some(PatchState::Missing)
        )
    );
    assert!(
        e.forecast(&node, ymd(2024, 6, 2), chrono::Duration::days(3))
            .unwrap()
            .changes
            .is_empty(),
        "beyond the horizon"
    );
}

/// A package that is not installed is counted `NotApplicable` once a version is approved: the
/// forecast reports that count change at the boundary, though no row changes.
#[test]
fn forecast_reports_the_not_applicable_count_change_of_a_package_not_installed() {
    let b = security_after_days(7);
    let c = dnf_catalog();
    let e = Evaluator::new(&b, &c).unwrap();
    let node = al2023_node(vec![]);
    let forecast = e
        .forecast(&node, ymd(2024, 6, 2), chrono::Duration::days(30))
        .unwrap();
    assert!(forecast.changes.is_empty(), "nothing installed, no row");
    assert_eq!(forecast.not_applicable_changes.len(), 1);
    let change = &forecast.not_applicable_changes[0];
    // ALAS2023-2024-1 is dated 2024-06-01: approved strictly after 2024-06-08T00:00:00Z.
    assert_eq!(
        (change.after, change.from, change.to),
        (ymd(2024, 6, 8), 0, 1)
    );
    let count = |t| e.scan(&node, t).unwrap().count(PatchState::NotApplicable);
    assert_eq!(count(change.after), 0);
    assert_eq!(count(change.after + chrono::Duration::seconds(1)), 1);
    assert_eq!(
        forecast.non_compliant_after, None,
        "NotApplicable is compliant"
    );
}

/// `Prepared::scan` is the Scan of every family: a Windows node prepared once gets the rows a
/// Scan gives (it used to get none).
#[test]
fn a_prepared_windows_scan_gives_the_rows_of_a_scan() {
    let (b, c, node) = example_d();
    let e = Evaluator::new(&b, &c).unwrap();
    let now = at("2024-06-20T12:00:00Z");
    let rows = |scan: &patchcore_rules::Scan<'_>| {
        scan.rows()
            .iter()
            .map(|r| (r.id().to_string(), r.state))
            .collect::<Vec<_>>()
    };
    let prepared = e.prepare(&node, now).unwrap();
    let expected = rows(&e.scan(&node, now).unwrap());
    assert!(!expected.is_empty());
    assert_eq!(rows(&prepared.scan(&node).unwrap()), expected);
    // `Evaluator::scan` itself goes through `Prepared::scan`: pin rows of example D too.
    let got = rows(&prepared.scan(&node).unwrap());
    for row in [
        ("KB5039227", PatchState::Missing),
        ("KB5034439", PatchState::Installed),
        ("KB5039343", PatchState::AvailableSecurityUpdate),
    ] {
        assert!(
            got.contains(&(row.0.to_string(), row.1)),
            "{row:?} in {got:?}"
        );
    }
}

#[test]
fn forecast_on_windows_turns_an_available_security_update_into_missing() {
    let (b, c, node) = example_d();
    let e = Evaluator::new(&b, &c).unwrap();
    let forecast = e
        .forecast(
            &node,
            at("2024-06-20T12:00:00Z"),
            chrono::Duration::days(10),
        )
        .unwrap();
    let change = forecast
        .changes
        .iter()
        .find(|c| c.id == "KB5039343")
        .unwrap();
    assert_eq!(change.after, at("2024-06-24T17:00:00Z"));
    assert_eq!(
        (change.from, change.to),
        (
            Some(PatchState::AvailableSecurityUpdate),
            Some(PatchState::Missing)
        )
    );
}

#[test]
fn approve_until_date_produces_no_forecast_change() {
    let b = al2023(
        "",
        &[rule(
            &[("CLASSIFICATION", &["Security"])],
            r#""ApproveUntilDate":"2024-05-01""#,
            "HIGH",
            false,
        )],
    );
    let c = dnf_catalog();
    let e = Evaluator::new(&b, &c).unwrap();
    assert!(
        e.forecast(
            &dnf_node("1.0-1"),
            ymd(2024, 1, 1),
            chrono::Duration::days(3650)
        )
        .unwrap()
        .changes
        .is_empty()
    );
}
