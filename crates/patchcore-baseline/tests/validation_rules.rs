//! One test per rule of baseline spec section 10: each breaks the rule in an otherwise valid
//! baseline and expects the rule's code at the right path (it fails if the rule is removed).

// Helpers unwrap and index like the tests do: the whole file is test code.
#![cfg(test)]

use patchcore_baseline::Baseline;
use patchcore_baseline::validate::{Code, DocumentKind, Report, Severity, ValidateOptions};
use serde_json::{Value, json};

/// A valid create input exercising every member (spec section 2.7, our own values).
fn valid() -> Value {
    json!({
        "Name": "AL2023-Prod-Security",
        "OperatingSystem": "AMAZON_LINUX_2023",
        "Description": "security after 7 days",
        "GlobalFilters": {"PatchFilters": [{"Key": "PRODUCT", "Values": ["*"]}]},
        "ApprovalRules": {"PatchRules": [
            {"PatchFilterGroup": {"PatchFilters": [
                {"Key": "CLASSIFICATION", "Values": ["Security"]},
                {"Key": "SEVERITY", "Values": ["Critical", "Important"]}]},
             "ComplianceLevel": "CRITICAL", "ApproveAfterDays": 7, "EnableNonSecurity": false},
            {"PatchFilterGroup": {"PatchFilters": [{"Key": "CLASSIFICATION", "Values": ["Bugfix"]}]},
             "ComplianceLevel": "MEDIUM", "ApproveUntilDate": "2025-11-16"}
        ]},
        "ApprovedPatches": ["ALAS2023-2025-123", "dbus-1.12.28-1.amzn2023.0.1"],
        "ApprovedPatchesComplianceLevel": "HIGH",
        "RejectedPatches": ["kernel-6.1.*"],
        "RejectedPatchesAction": "BLOCK",
        "Sources": [{"Name": "corp-internal", "Products": ["AmazonLinux2023"], "Configuration": "[corp]\nbaseurl=https://repo.example.com/"}],
        "ClientToken": "token-1",
        "Tags": [{"Key": "team", "Value": "platform"}]
    })
}

fn report_of(value: Value, kind: DocumentKind) -> Report {
    let baseline: Baseline = serde_json::from_value(value).unwrap();
    baseline.validate(kind)
}

/// Applies `edit` to the valid baseline and returns the problems.
fn broken(edit: impl FnOnce(&mut Value)) -> Report {
    let mut value = valid();
    edit(&mut value);
    report_of(value, DocumentKind::CreateInput)
}

fn assert_problem(report: &Report, code: Code, path: &str) {
    assert!(
        report
            .problems()
            .iter()
            .any(|p| p.code == code && p.path == path),
        "expected {code} at {path}, got: {:#?}",
        report.problems()
    );
}

#[test]
fn the_valid_fixture_has_no_problem() {
    let report = report_of(valid(), DocumentKind::CreateInput);
    assert!(report.problems().is_empty(), "{:#?}", report.problems());
}

#[test]
fn rule_01_name_is_required_on_create_and_matches_its_pattern() {
    let r = broken(|v| {
        v.as_object_mut().unwrap().remove("Name");
    });
    assert_problem(&r, Code::NameRequired, "$.Name");
    let r = broken(|v| v["Name"] = json!("has space"));
    assert_problem(&r, Code::NameInvalid, "$.Name");
    let r = broken(|v| v["Name"] = json!("ab"));
    assert_problem(&r, Code::NameInvalid, "$.Name");
    // Not required in a BaselineOverride entry, nor in an update without Replace.
    let mut value = valid();
    value.as_object_mut().unwrap().remove("Name");
    assert!(!report_of(value.clone(), DocumentKind::BaselineOverride).has(Code::NameRequired));
    value["BaselineId"] = json!("pb-0123456789abcdef0");
    value.as_object_mut().unwrap().remove("OperatingSystem");
    assert!(!report_of(value.clone(), DocumentKind::UpdateInput).has(Code::NameRequired));
    value["Replace"] = json!(true);
    assert!(report_of(value, DocumentKind::UpdateInput).has(Code::NameRequired));
}

#[test]
fn rule_02_baseline_id_matches_its_pattern() {
    let r = broken(|v| v["BaselineId"] = json!("pb-short"));
    assert_problem(&r, Code::BaselineIdInvalid, "$.BaselineId");
    let r = broken(|v| {
        v["BaselineId"] =
            json!("arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-03e3f588eec25344c");
    });
    assert!(!r.has(Code::BaselineIdInvalid));
}

#[test]
fn rule_03_operating_system_is_known_and_not_changed_on_update() {
    let r = broken(|v| v["OperatingSystem"] = json!("FUTURE_OS"));
    assert_problem(&r, Code::OperatingSystemUnknown, "$.OperatingSystem");
    let mut value = valid();
    value["BaselineId"] = json!("pb-0123456789abcdef0");
    let r = report_of(value, DocumentKind::UpdateInput);
    assert_problem(&r, Code::OperatingSystemImmutable, "$.OperatingSystem");
}

#[test]
fn rule_04_description_has_1_to_1024_characters() {
    assert_problem(
        &broken(|v| v["Description"] = json!("")),
        Code::DescriptionLength,
        "$.Description",
    );
    assert_problem(
        &broken(|v| v["Description"] = json!("d".repeat(1025))),
        Code::DescriptionLength,
        "$.Description",
    );
    assert!(!broken(|v| v["Description"] = json!("d".repeat(1024))).has(Code::DescriptionLength));
}

#[test]
fn rule_05_filter_groups_hold_patch_filters_and_at_most_4() {
    let r = broken(|v| v["GlobalFilters"] = json!({}));
    assert_problem(&r, Code::FiltersMissing, "$.GlobalFilters.PatchFilters");
    let five = json!([
        {"Key": "PRODUCT", "Values": ["*"]}, {"Key": "CLASSIFICATION", "Values": ["*"]},
        {"Key": "SEVERITY", "Values": ["*"]}, {"Key": "ARCH", "Values": ["*"]}, {"Key": "NAME", "Values": ["*"]}]);
    let r =
        broken(|v| v["ApprovalRules"]["PatchRules"][0]["PatchFilterGroup"]["PatchFilters"] = five);
    assert_problem(
        &r,
        Code::TooManyFilters,
        "$.ApprovalRules.PatchRules[0].PatchFilterGroup.PatchFilters",
    );
}

#[test]
fn rule_06_filters_have_a_known_key_and_1_to_20_values_of_1_to_64_characters() {
    let at = "$.GlobalFilters.PatchFilters[0]";
    assert_problem(
        &broken(|v| v["GlobalFilters"]["PatchFilters"][0]["Key"] = json!("COLOUR")),
        Code::FilterKeyInvalid,
        &format!("{at}.Key"),
    );
    assert_problem(
        &broken(|v| {
            v["GlobalFilters"]["PatchFilters"][0]
                .as_object_mut()
                .unwrap()
                .remove("Key");
        }),
        Code::FilterKeyInvalid,
        &format!("{at}.Key"),
    );
    assert_problem(
        &broken(|v| v["GlobalFilters"]["PatchFilters"][0]["Values"] = json!([])),
        Code::FilterValuesCount,
        &format!("{at}.Values"),
    );
    let many: Vec<String> = (0..21).map(|i| format!("AmazonLinux{i}")).collect();
    assert_problem(
        &broken(|v| v["GlobalFilters"]["PatchFilters"][0]["Values"] = json!(many)),
        Code::FilterValuesCount,
        &format!("{at}.Values"),
    );
    assert_problem(
        &broken(|v| v["GlobalFilters"]["PatchFilters"][0]["Values"] = json!(["p".repeat(65)])),
        Code::FilterValueLength,
        &format!("{at}.Values[0]"),
    );
}

#[test]
fn rule_07_approval_rules_hold_patch_rules_and_at_most_10() {
    assert_problem(
        &broken(|v| v["ApprovalRules"] = json!({})),
        Code::RulesMissing,
        "$.ApprovalRules.PatchRules",
    );
    let rule = valid()["ApprovalRules"]["PatchRules"][0].clone();
    let eleven: Vec<Value> = std::iter::repeat_n(rule, 11).collect();
    assert_problem(
        &broken(|v| v["ApprovalRules"]["PatchRules"] = json!(eleven)),
        Code::TooManyRules,
        "$.ApprovalRules.PatchRules",
    );
}

#[test]
fn rule_08_each_rule_has_filters_and_exactly_one_valid_approval() {
    let rule = "$.ApprovalRules.PatchRules[0]";
    assert_problem(
        &broken(|v| {
            v["ApprovalRules"]["PatchRules"][0]
                .as_object_mut()
                .unwrap()
                .remove("PatchFilterGroup");
        }),
        Code::RuleFilterGroupMissing,
        &format!("{rule}.PatchFilterGroup"),
    );
    assert_problem(
        &broken(|v| v["ApprovalRules"]["PatchRules"][0]["ApproveAfterDays"] = json!(400)),
        Code::ApproveAfterDaysRange,
        &format!("{rule}.ApproveAfterDays"),
    );
    assert_problem(
        &broken(|v| v["ApprovalRules"]["PatchRules"][0]["ApproveAfterDays"] = json!(-1)),
        Code::ApproveAfterDaysRange,
        &format!("{rule}.ApproveAfterDays"),
    );
    assert!(
        !broken(|v| v["ApprovalRules"]["PatchRules"][0]["ApproveAfterDays"] = json!(360))
            .has(Code::ApproveAfterDaysRange)
    );
    let second = "$.ApprovalRules.PatchRules[1]";
    for bad in ["2025-02-30", "2025-1-16", "16/11/2025", "2025-11-16T00:00"] {
        assert_problem(
            &broken(|v| v["ApprovalRules"]["PatchRules"][1]["ApproveUntilDate"] = json!(bad)),
            Code::ApproveUntilDateInvalid,
            &format!("{second}.ApproveUntilDate"),
        );
    }
    assert_problem(
        &broken(|v| {
            v["ApprovalRules"]["PatchRules"][0]
                .as_object_mut()
                .unwrap()
                .remove("ApproveAfterDays");
        }),
        Code::ApprovalMissing,
        rule,
    );
    assert_problem(
        &broken(|v| v["ApprovalRules"]["PatchRules"][0]["ApproveUntilDate"] = json!("2025-01-01")),
        Code::ApprovalBoth,
        rule,
    );
}

#[test]
fn rule_08_apt_rules_need_no_approval_and_warn_when_given_one() {
    let ubuntu = json!({"Name": "ubuntu-all", "OperatingSystem": "UBUNTU", "ApprovalRules": {"PatchRules": [
        {"PatchFilterGroup": {"PatchFilters": [{"Key": "PRIORITY", "Values": ["Required"]}]}}]}});
    let r = report_of(ubuntu.clone(), DocumentKind::CreateInput);
    assert!(r.problems().is_empty(), "{:#?}", r.problems());
    let mut delayed = ubuntu;
    delayed["ApprovalRules"]["PatchRules"][0]["ApproveAfterDays"] = json!(7);
    assert_problem(
        &report_of(delayed, DocumentKind::CreateInput),
        Code::DelayIgnoredOnApt,
        "$.ApprovalRules.PatchRules[0]",
    );
}

#[test]
fn rule_09_compliance_levels_are_known() {
    assert_problem(
        &broken(|v| v["ApprovalRules"]["PatchRules"][0]["ComplianceLevel"] = json!("SEVERE")),
        Code::ComplianceLevelUnknown,
        "$.ApprovalRules.PatchRules[0].ComplianceLevel",
    );
    assert_problem(
        &broken(|v| v["ApprovedPatchesComplianceLevel"] = json!("critical")),
        Code::ComplianceLevelUnknown,
        "$.ApprovedPatchesComplianceLevel",
    );
}

#[test]
fn rule_10_lists_have_at_most_50_entries_of_1_to_100_characters() {
    let many: Vec<String> = (0..51).map(|i| format!("pkg{i}")).collect();
    assert_problem(
        &broken(|v| v["ApprovedPatches"] = json!(many.clone())),
        Code::ListTooLong,
        "$.ApprovedPatches",
    );
    assert_problem(
        &broken(|v| v["RejectedPatches"] = json!(many)),
        Code::ListTooLong,
        "$.RejectedPatches",
    );
    assert_problem(
        &broken(|v| v["RejectedPatches"] = json!([""])),
        Code::ListEntryLength,
        "$.RejectedPatches[0]",
    );
    assert_problem(
        &broken(|v| v["ApprovedPatches"] = json!(["p".repeat(101)])),
        Code::ListEntryLength,
        "$.ApprovedPatches[0]",
    );
}

#[test]
fn rule_11_rejected_patches_action_is_known() {
    assert_problem(
        &broken(|v| v["RejectedPatchesAction"] = json!("DENY")),
        Code::RejectedActionUnknown,
        "$.RejectedPatchesAction",
    );
}

#[test]
fn rule_12_sources_are_limited_and_well_formed() {
    let source = valid()["Sources"][0].clone();
    let many: Vec<Value> = (0..21)
        .map(|i| {
            let mut s = source.clone();
            s["Name"] = json!(format!("src{i}"));
            s["Products"] = json!([format!("P{i}")]);
            s
        })
        .collect();
    assert_problem(
        &broken(|v| v["Sources"] = json!(many)),
        Code::TooManySources,
        "$.Sources",
    );
    assert_problem(
        &broken(|v| v["Sources"][0]["Name"] = json!("no spaces")),
        Code::SourceNameInvalid,
        "$.Sources[0].Name",
    );
    assert_problem(
        &broken(|v| v["Sources"][0]["Products"] = json!([])),
        Code::SourceProductsInvalid,
        "$.Sources[0].Products",
    );
    assert_problem(
        &broken(|v| v["Sources"][0]["Products"] = json!(["p".repeat(129)])),
        Code::SourceProductsInvalid,
        "$.Sources[0].Products[0]",
    );
    assert_problem(
        &broken(|v| v["Sources"][0]["Configuration"] = json!("c".repeat(1025))),
        Code::SourceConfigurationInvalid,
        "$.Sources[0].Configuration",
    );
    assert_problem(
        &broken(|v| {
            v["Sources"][0]
                .as_object_mut()
                .unwrap()
                .remove("Configuration");
        }),
        Code::SourceConfigurationInvalid,
        "$.Sources[0].Configuration",
    );
}

#[test]
fn rule_13_available_security_updates_status_is_known() {
    let mut windows =
        json!({"Name": "win", "OperatingSystem": "WINDOWS", "ApprovedPatches": ["KB2124261"]});
    windows["AvailableSecurityUpdatesComplianceStatus"] = json!("MAYBE");
    assert_problem(
        &report_of(windows, DocumentKind::CreateInput),
        Code::SecurityStatusUnknown,
        "$.AvailableSecurityUpdatesComplianceStatus",
    );
}

#[test]
fn rule_14_client_token_and_tags_are_bounded() {
    assert_problem(
        &broken(|v| v["ClientToken"] = json!("t".repeat(65))),
        Code::ClientTokenLength,
        "$.ClientToken",
    );
    assert_problem(
        &broken(|v| v["Tags"][0]["Key"] = json!("")),
        Code::TagInvalid,
        "$.Tags[0].Key",
    );
    assert_problem(
        &broken(|v| v["Tags"][0]["Value"] = json!("semi;colon")),
        Code::TagInvalid,
        "$.Tags[0].Value",
    );
    let many: Vec<Value> = (0..1001)
        .map(|i| json!({"Key": format!("k{i}"), "Value": ""}))
        .collect();
    assert_problem(
        &broken(|v| v["Tags"] = json!(many)),
        Code::TagInvalid,
        "$.Tags",
    );
    assert!(!broken(|v| v["Tags"][0]["Value"] = json!("Équipe plateforme")).has(Code::TagInvalid));
}

#[test]
fn rule_15_patch_groups_have_1_to_256_pattern_characters() {
    let mut output = valid();
    output["PatchGroups"] = json!(["web prod", "", "bad#group"]);
    let r = report_of(output, DocumentKind::GetOutput);
    assert!(!r.problems().iter().any(|p| p.path == "$.PatchGroups[0]"));
    assert_problem(&r, Code::PatchGroupInvalid, "$.PatchGroups[1]");
    assert_problem(&r, Code::PatchGroupInvalid, "$.PatchGroups[2]");
}

#[test]
fn all_problems_are_reported_at_once() {
    let r = broken(|v| {
        v["Name"] = json!("x");
        v["RejectedPatchesAction"] = json!("DENY");
        v["ApprovalRules"]["PatchRules"][0]["ApproveAfterDays"] = json!(999);
    });
    assert_eq!(r.errors().count(), 3, "{:#?}", r.problems());
}

#[test]
fn messages_name_the_value_and_what_is_allowed() {
    let r = broken(|v| {
        let rules = v["ApprovalRules"]["PatchRules"].as_array_mut().unwrap();
        rules.push(json!({"PatchFilterGroup": {"PatchFilters": []}, "ApproveAfterDays": 400}));
    });
    let problem = r
        .problems()
        .iter()
        .find(|p| p.code == Code::ApproveAfterDaysRange)
        .unwrap();
    assert_eq!(
        problem.to_string(),
        "$.ApprovalRules.PatchRules[2].ApproveAfterDays: error: 400 is outside the allowed range 0–360 [approve-after-days-range]"
    );
    assert_eq!(problem.severity, Severity::Error);
}

#[test]
fn huge_values_are_truncated_in_messages() {
    let r = broken(|v| v["Name"] = json!("n ".repeat(100_000)));
    let problem = r
        .problems()
        .iter()
        .find(|p| p.code == Code::NameInvalid)
        .unwrap();
    assert!(problem.message.len() < 300, "{}", problem.message.len());
}

#[test]
fn paths_of_override_entries_start_at_their_index() {
    let baseline: Baseline = serde_json::from_value(
        json!({"OperatingSystem": "CENTOS", "RejectedPatchesAction": "DENY"}),
    )
    .unwrap();
    let r =
        baseline.validate_with(&ValidateOptions::new(DocumentKind::BaselineOverride).at("$[1]"));
    assert_problem(
        &r,
        Code::RejectedActionUnknown,
        "$[1].RejectedPatchesAction",
    );
}

#[test]
fn document_kind_is_detected_from_the_members_present() {
    let kind = |v: Value| DocumentKind::detect(&serde_json::from_value::<Baseline>(v).unwrap());
    assert_eq!(
        kind(json!({"Name": "n1n", "CreatedDate": 1.5})),
        DocumentKind::GetOutput
    );
    assert_eq!(
        kind(json!({"BaselineId": "pb-0123456789abcdef0", "Name": "n1n"})),
        DocumentKind::UpdateInput
    );
    assert_eq!(
        kind(json!({"BaselineId": "pb-0123456789abcdef0", "OperatingSystem": "SUSE"})),
        DocumentKind::GetOutput
    );
    assert_eq!(
        kind(json!({"Name": "n1n", "Replace": true})),
        DocumentKind::UpdateInput
    );
    assert_eq!(
        kind(json!({"Name": "n1n", "OperatingSystem": "SUSE"})),
        DocumentKind::CreateInput
    );
}
