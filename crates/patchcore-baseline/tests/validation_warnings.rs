//! Every warning of baseline spec section 10, each individually suppressible.

// Helpers unwrap and index like the tests do: the whole file is test code.
#![cfg(test)]

use patchcore_baseline::Baseline;
use patchcore_baseline::validate::{Code, DocumentKind, Report, Severity, ValidateOptions};
use serde_json::{Value, json};

fn check(value: Value) -> Report {
    let baseline: Baseline = serde_json::from_value(value).unwrap();
    baseline.validate(DocumentKind::CreateInput)
}

#[allow(clippy::needless_pass_by_value)] // callers build the filters in place
fn baseline(os: &str, filters: Value) -> Value {
    let rule = json!({"PatchFilterGroup": {"PatchFilters": filters}, "ApproveAfterDays": 7});
    json!({"Name": "prod", "OperatingSystem": os, "ApprovalRules": {"PatchRules": [rule]}})
}

fn assert_warning(report: &Report, code: Code, path: &str) {
    assert_eq!(code.severity(), Severity::Warning);
    assert!(
        report.warnings().any(|p| p.code == code && p.path == path),
        "expected {code} at {path}, got: {:#?}",
        report.problems()
    );
    assert!(!report.has_errors(), "{:#?}", report.problems());
}

const F0: &str = "$.ApprovalRules.PatchRules[0].PatchFilterGroup.PatchFilters[0]";

#[test]
fn filter_key_not_documented_for_the_os() {
    // Users really put SEVERITY on Ubuntu and 2020-era keys in baselines (spec 3.2).
    assert_warning(
        &check(baseline(
            "UBUNTU",
            json!([{"Key": "SEVERITY", "Values": ["Critical"]}]),
        )),
        Code::KeyNotForOs,
        &format!("{F0}.Key"),
    );
    assert_warning(
        &check(baseline(
            "AMAZON_LINUX_2",
            json!([{"Key": "CVE_ID", "Values": ["CVE-2020-1472"]}]),
        )),
        Code::KeyNotForOs,
        &format!("{F0}.Key"),
    );
}

#[test]
fn filter_value_not_in_the_documented_vocabulary() {
    // realworld README quirk 11: Windows classifications on a RHEL baseline.
    let r = check(baseline(
        "REDHAT_ENTERPRISE_LINUX",
        json!([{"Key": "CLASSIFICATION", "Values": ["CriticalUpdates", "Security"]}]),
    ));
    assert_warning(&r, Code::ValueNotDocumented, &format!("{F0}.Values[0]"));
    assert!(!r.problems().iter().any(|p| p.path.ends_with("Values[1]")));
}

#[test]
fn lower_case_classification_never_matches_on_yum() {
    let r = check(baseline(
        "AMAZON_LINUX_2",
        json!([{"Key": "CLASSIFICATION", "Values": ["bugfix"]}]),
    ));
    assert_warning(&r, Code::ValueCaseNeverMatches, &format!("{F0}.Values[0]"));
    let dnf = check(baseline(
        "AMAZON_LINUX_2023",
        json!([{"Key": "CLASSIFICATION", "Values": ["bugfix"]}]),
    ));
    assert!(!dnf.has(Code::ValueCaseNeverMatches));
}

#[test]
fn partial_wildcard_in_a_filter_value_is_literal() {
    let r = check(baseline(
        "REDHAT_ENTERPRISE_LINUX",
        json!([{"Key": "PRODUCT", "Values": ["RedhatEnterpriseLinux7.*"]}]),
    ));
    assert_warning(
        &r,
        Code::FilterValuePartialWildcard,
        &format!("{F0}.Values[0]"),
    );
}

#[test]
fn duplicate_key_in_one_group() {
    let r = check(baseline(
        "AMAZON_LINUX_2",
        json!([{"Key": "PRODUCT", "Values": ["*"]}, {"Key": "PRODUCT", "Values": ["AmazonLinux2"]}]),
    ));
    assert_warning(
        &r,
        Code::DuplicateKey,
        "$.ApprovalRules.PatchRules[0].PatchFilterGroup.PatchFilters[1].Key",
    );
}

#[test]
fn non_security_flags_and_sources_on_windows_or_macos() {
    let mut v = baseline(
        "WINDOWS",
        json!([{"Key": "CLASSIFICATION", "Values": ["SecurityUpdates"]}]),
    );
    v["ApprovalRules"]["PatchRules"][0]["EnableNonSecurity"] = json!(true);
    v["ApprovedPatchesEnableNonSecurity"] = json!(true);
    v["Sources"] =
        json!([{"Name": "src", "Products": ["WindowsServer2019"], "Configuration": "x"}]);
    let r = check(v);
    assert_warning(
        &r,
        Code::NonSecurityNotLinux,
        "$.ApprovalRules.PatchRules[0].EnableNonSecurity",
    );
    assert_warning(
        &r,
        Code::NonSecurityNotLinux,
        "$.ApprovedPatchesEnableNonSecurity",
    );
    assert_warning(&r, Code::SourcesNotLinux, "$.Sources");
}

#[test]
fn security_status_on_a_non_windows_baseline() {
    let mut v = baseline(
        "UBUNTU",
        json!([{"Key": "PRIORITY", "Values": ["Required"]}]),
    );
    v["ApprovalRules"]["PatchRules"][0]
        .as_object_mut()
        .unwrap()
        .remove("ApproveAfterDays");
    v["AvailableSecurityUpdatesComplianceStatus"] = json!("COMPLIANT");
    assert_warning(
        &check(v),
        Code::SecurityStatusNotWindows,
        "$.AvailableSecurityUpdatesComplianceStatus",
    );
}

fn with_lists(os: &str, approved: Value, rejected: Value) -> Report {
    let mut v = json!({"Name": "prod", "OperatingSystem": os});
    v["ApprovedPatches"] = approved;
    v["RejectedPatches"] = rejected;
    check(v)
}

#[test]
fn list_entries_that_can_never_match() {
    // realworld README quirk 10: a comma-separated list pasted as one entry.
    let r = with_lists(
        "AMAZON_LINUX_2",
        json!(["KB2032276,KB2124261,MS10-048"]),
        json!([]),
    );
    assert_warning(&r, Code::EntryNeverMatches, "$.ApprovedPatches[0]");
    let r = with_lists("WINDOWS", json!(["openssl"]), json!([]));
    assert_warning(&r, Code::EntryNeverMatches, "$.ApprovedPatches[0]");
    let r = with_lists("UBUNTU", json!(["lib_foo"]), json!([]));
    assert_warning(&r, Code::EntryNeverMatches, "$.ApprovedPatches[0]");
}

#[test]
fn more_than_one_star_or_other_glob_syntax() {
    let r = with_lists("AMAZON_LINUX_2", json!(["*kernel*"]), json!(["bash-?.0"]));
    assert_warning(&r, Code::UndocumentedWildcard, "$.ApprovedPatches[0]");
    assert_warning(&r, Code::UndocumentedWildcard, "$.RejectedPatches[0]");
    assert!(
        !with_lists("AMAZON_LINUX_2", json!(["kernel*"]), json!([]))
            .has(Code::UndocumentedWildcard)
    );
}

#[test]
fn any_star_in_macos_or_windows_lists() {
    assert_warning(
        &with_lists("MACOS", json!(["XProtect*"]), json!([])),
        Code::WildcardNotSupported,
        "$.ApprovedPatches[0]",
    );
    assert_warning(
        &with_lists("WINDOWS", json!(["KB*"]), json!([])),
        Code::WildcardNotSupported,
        "$.ApprovedPatches[0]",
    );
}

#[test]
fn ids_in_a_rejected_list_on_the_rhel_family() {
    let r = with_lists(
        "REDHAT_ENTERPRISE_LINUX",
        json!(["CVE-2018-1234567"]),
        json!(["CVE-2018-1234567", "RHSA-2017:0864", "1234567"]),
    );
    for i in 0..3 {
        assert_warning(
            &r,
            Code::IdInRejectedList,
            &format!("$.RejectedPatches[{i}]"),
        );
    }
    assert!(
        !r.problems()
            .iter()
            .any(|p| p.code == Code::IdInRejectedList && p.path.starts_with("$.Approved"))
    );
}

#[test]
fn same_entry_approved_and_rejected() {
    let r = with_lists(
        "AMAZON_LINUX_2",
        json!(["Kernel*"]),
        json!(["bash", "kernel*"]),
    );
    assert_warning(&r, Code::ApprovedAndRejected, "$.RejectedPatches[1]");
}

#[test]
fn approve_after_days_above_the_console_recommendation() {
    let mut v = baseline(
        "AMAZON_LINUX_2",
        json!([{"Key": "PRODUCT", "Values": ["*"]}]),
    );
    v["ApprovalRules"]["PatchRules"][0]["ApproveAfterDays"] = json!(101);
    assert_warning(
        &check(v),
        Code::ApproveAfterDaysOver100,
        "$.ApprovalRules.PatchRules[0].ApproveAfterDays",
    );
}

#[test]
fn duplicate_source_names_and_products() {
    let mut v = baseline(
        "AMAZON_LINUX_2",
        json!([{"Key": "PRODUCT", "Values": ["*"]}]),
    );
    v["Sources"] = json!([
        {"Name": "corp", "Products": ["AmazonLinux2"], "Configuration": "a"},
        {"Name": "corp", "Products": ["AmazonLinux2"], "Configuration": "b"}]);
    let r = check(v);
    assert_warning(&r, Code::DuplicateSourceName, "$.Sources[1].Name");
    assert_warning(&r, Code::ProductInTwoSources, "$.Sources[1].Products[0]");
}

#[test]
fn a_baseline_that_approves_nothing() {
    // The CloudFormation provider's own invalid sample has neither rules nor approved patches.
    assert_warning(
        &check(json!({"Name": "Amazon-Linux-Baseline", "OperatingSystem": "AMAZON_LINUX"})),
        Code::ApprovesNothing,
        "$",
    );
}

#[test]
fn members_an_override_entry_does_not_carry() {
    let baseline: Baseline = serde_json::from_value(
        json!({"Name": "x1y", "OperatingSystem": "CENTOS", "ApprovedPatches": ["bash"]}),
    )
    .unwrap();
    let r = baseline.validate(DocumentKind::BaselineOverride);
    assert_warning(&r, Code::MemberIgnored, "$.Name");
}

#[test]
fn every_warning_can_be_suppressed_by_its_code_and_errors_cannot() {
    let r = with_lists("AMAZON_LINUX_2", json!(["*kernel*"]), json!(["*kernel*"]));
    assert!(r.has(Code::UndocumentedWildcard) && r.has(Code::ApprovedAndRejected));
    let options =
        ValidateOptions::new(DocumentKind::CreateInput).suppress(Code::UndocumentedWildcard);
    let baseline: Baseline = serde_json::from_value(json!({"Name": "prod", "OperatingSystem": "AMAZON_LINUX_2", "ApprovedPatches": ["*kernel*"], "RejectedPatches": ["*kernel*"]})).unwrap();
    let quiet = baseline.validate_with(&options);
    assert!(!quiet.has(Code::UndocumentedWildcard));
    assert!(quiet.has(Code::ApprovedAndRejected));
    let invalid: Baseline = serde_json::from_value(json!({"Name": "x"})).unwrap();
    let still = invalid.validate_with(
        &ValidateOptions::new(DocumentKind::CreateInput).suppress(Code::NameInvalid),
    );
    assert!(still.has(Code::NameInvalid));
}

#[test]
fn codes_are_stable_strings_that_parse_back() {
    for code in Code::ALL {
        assert_eq!(code.as_str().parse::<Code>().unwrap(), *code);
    }
    assert_eq!(Code::DelayIgnoredOnApt.as_str(), "delay-ignored-on-apt");
}
