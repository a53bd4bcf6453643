//! The readers on documents we write ourselves: `CloudFormation` templates in JSON and YAML,
//! detection of document kinds, hostile input.

// Helpers unwrap and index like the tests do: the whole file is test code.
#![cfg(test)]

use patchcore_baseline::validate::{Code, DocumentKind, ValidateOptions};
use patchcore_baseline::wire::{Document, Format, read, read_json};
use patchcore_baseline::{ErrorKind, OperatingSystem};

#[test]
fn json_templates_report_ref_and_fn_values_with_their_paths() {
    let template = r#"{
      "AWSTemplateFormatVersion": "2010-09-09",
      "Resources": {
        "Topic": {"Type": "AWS::SNS::Topic"},
        "Linux": {"Type": "AWS::SSM::PatchBaseline", "Properties": {
          "Name": {"Fn::Sub": "${AWS::StackName}-linux"},
          "OperatingSystem": "AMAZON_LINUX_2",
          "DefaultBaseline": true,
          "PatchGroups": ["static", {"Ref": "GroupParameter"}],
          "ApprovalRules": {"PatchRules": [{"PatchFilterGroup": {"PatchFilters": [
            {"Key": "CLASSIFICATION", "Values": ["Security"]}]}, "ApproveAfterDays": {"Ref": "Days"}}]}
        }}
      }
    }"#;
    let Document::CloudFormation(t) = read_json(template).unwrap() else {
        panic!()
    };
    assert_eq!(
        t.resources.len(),
        1,
        "only AWS::SSM::PatchBaseline resources are read"
    );
    let linux = &t.resources[0];
    assert_eq!(linux.default_baseline, Some(true));
    assert_eq!(linux.baseline.patch_groups, Some(vec!["static".to_owned()]));
    let paths: Vec<(&str, &str)> = linux
        .unresolved
        .iter()
        .map(|u| (u.path.as_str(), u.function.as_str()))
        .collect();
    assert!(paths.contains(&("$.Resources.Linux.Properties.Name", "Fn::Sub")));
    assert!(paths.contains(&("$.Resources.Linux.Properties.PatchGroups[1]", "Ref")));
    assert!(paths.contains(&(
        "$.Resources.Linux.Properties.ApprovalRules.PatchRules[0].ApproveAfterDays",
        "Ref"
    )));
    let report = linux.validate(&ValidateOptions::new(DocumentKind::CloudFormation));
    // The rule's approval is unresolved, not missing: no approval-missing error.
    assert!(!report.has_errors(), "{:#?}", report.problems());
    assert_eq!(
        report
            .problems()
            .iter()
            .filter(|p| p.code == Code::NotResolvableOffline)
            .count(),
        3
    );
}

#[test]
#[cfg(feature = "yaml")]
fn yaml_short_form_tags_become_intrinsics_and_dates_stay_strings() {
    let yaml = "Resources:\n  W:\n    Type: AWS::SSM::PatchBaseline\n    Properties:\n      Name: win-base\n      Description: !GetAtt Other.Description\n      ApprovalRules:\n        PatchRules:\n        - PatchFilterGroup:\n            PatchFilters:\n            - Values: ['*']\n              Key: MSRC_SEVERITY\n          ApproveUntilDate: 2023-02-01\n          ComplianceLevel: !If [Prod, CRITICAL, LOW]\n";
    let Document::CloudFormation(t) = read(yaml, Format::Yaml).unwrap() else {
        panic!()
    };
    let w = &t.resources[0];
    assert_eq!(w.baseline.operating_system(), OperatingSystem::Windows);
    let rule = &w.baseline.rules()[0];
    assert_eq!(rule.approve_until_date.as_deref(), Some("2023-02-01"));
    assert_eq!(
        rule.filters()[0].key,
        Some(patchcore_baseline::PatchFilterKey::MsrcSeverity)
    );
    let functions: Vec<&str> = w.unresolved.iter().map(|u| u.function.as_str()).collect();
    // In member order (sorted, as JSON objects are read).
    assert_eq!(functions, ["Fn::If", "Fn::GetAtt"]);
    assert!(
        w.validate(
            &ValidateOptions::new(DocumentKind::CloudFormation)
                .suppress(Code::NotResolvableOffline)
        )
        .problems()
        .is_empty()
    );
}

#[test]
#[cfg(not(feature = "yaml"))]
fn yaml_without_the_yaml_feature_is_refused_naming_the_feature() {
    let err = read("Resources: {}\n", Format::Yaml).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::UnsupportedFormat { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("`yaml` feature"), "{err}");
}

#[test]
#[cfg(feature = "yaml")]
fn yaml_syntax_errors_carry_line_and_column() {
    let err = read("Resources:\n  X: [unclosed\n", Format::Yaml).unwrap_err();
    let ErrorKind::Syntax { format, line, .. } = err.kind() else {
        panic!("{err}")
    };
    assert_eq!(*format, "yaml");
    assert!(*line >= 2, "{err}");
}

#[test]
fn wrong_types_are_errors_with_a_position() {
    let err = read_json("{\n  \"Name\": \"x\",\n  \"ApprovedPatches\": \"kernel\"\n}").unwrap_err();
    let ErrorKind::Syntax { line, column, .. } = err.kind() else {
        panic!("{err}")
    };
    assert_eq!((*line, *column > 0), (3, true), "{err}");
}

#[test]
fn small_api_responses_are_not_baselines() {
    for text in [
        r#"{"BaselineId": "pb-0123456789abcdef0"}"#,
        r#"{"BaselineId": "pb-0123456789abcdef0", "OperatingSystem": "WINDOWS"}"#,
        "[]x",
        "42",
        "{}",
    ] {
        assert!(read_json(text).is_err(), "{text}");
    }
    let err = read_json("17").unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a baseline document: a JSON number where an object or array was expected"
    );
}

#[test]
fn a_describe_listing_reads_as_identities() {
    let listing = r#"{"BaselineIdentities": [{"BaselineId": "pb-0123456789abcdef0", "BaselineName": "mine", "OperatingSystem": "SUSE", "DefaultBaseline": false}]}"#;
    let Document::Listing(ids) = read_json(listing).unwrap() else {
        panic!()
    };
    assert_eq!(ids[0].baseline_name.as_deref(), Some("mine"));
    assert_eq!(ids[0].operating_system, Some(OperatingSystem::Suse));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep_json = format!(
        "{{\"Name\": {}1{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(read_json(&deep_json).is_err());
}

#[test]
#[cfg(feature = "yaml")]
fn deep_yaml_nesting_is_an_error_not_a_stack_overflow() {
    let deep_yaml = format!("Resources: {}1{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(read(&deep_yaml, Format::Yaml).is_err());
    let deep_flow = format!(
        "Resources:\n  X:\n    Properties: {}",
        "{a: ".repeat(50_000)
    );
    let started = std::time::Instant::now();
    assert!(read(&deep_flow, Format::Yaml).is_err());
    assert!(
        started.elapsed().as_secs() < 2,
        "deep YAML must be refused quickly"
    );
    // Brackets inside quotes and comments do not count.
    let quoted = format!(
        "Resources: {{}}\nDescription: '{}' # {}\n",
        "[".repeat(500),
        "{".repeat(500)
    );
    assert!(read(&quoted, Format::Yaml).is_ok());
    // An apostrophe inside a word does not hide what follows.
    let hidden = format!("Resources: it's {}", "[".repeat(50_000));
    let started = std::time::Instant::now();
    assert!(read(&hidden, Format::Yaml).is_err());
    assert!(started.elapsed().as_secs() < 2);
}

#[test]
fn format_detection_refuses_terraform_and_rst_and_sniffs_the_rest() {
    assert!(matches!(
        Format::detect("main.tf", "").unwrap_err().kind(),
        ErrorKind::UnsupportedFormat { .. }
    ));
    assert!(matches!(
        Format::detect("get-patch-baseline.rst", "")
            .unwrap_err()
            .kind(),
        ErrorKind::UnsupportedFormat { .. }
    ));
    assert_eq!(
        Format::detect("template", "  {\"Resources\": {}}").unwrap(),
        Format::Json
    );
    assert_eq!(
        Format::detect("template", "Resources: {}").unwrap(),
        Format::Yaml
    );
    assert_eq!(Format::detect("b.YAML", "").unwrap(), Format::Yaml);
}
