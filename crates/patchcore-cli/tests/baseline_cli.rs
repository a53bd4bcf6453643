//! `patchcore baseline`, run as a real process: validate's output lines and exit codes, show,
//! and list. Fixtures are written by the tests into a temporary folder.

// Helpers below unwrap like the tests do: the whole file is test code.
#![cfg(test)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn patchcore(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_patchcore"))
        .args(args)
        .output()
        .expect("spawn patchcore")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A fresh folder for one test's fixtures.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "patchcore-baseline-cli-{}-{test}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

const VALID: &str = r#"{"Name": "web-prod", "OperatingSystem": "AMAZON_LINUX_2023",
  "ApprovalRules": {"PatchRules": [{"PatchFilterGroup": {"PatchFilters": [{"Key": "CLASSIFICATION", "Values": ["Security"]}]}, "ApproveAfterDays": 7}]}}"#;

const INVALID: &str = r#"{"Name": "web-prod", "OperatingSystem": "AMAZON_LINUX_2023",
  "ApprovalRules": {"PatchRules": [{"PatchFilterGroup": {"PatchFilters": []}, "ApproveAfterDays": 400}]},
  "RejectedPatches": ["CVE-2024-1234"]}"#;

#[test]
fn validate_exits_0_and_says_ok_for_a_valid_baseline() {
    let dir = scratch("valid");
    let file = write(&dir, "valid.json", VALID);
    let out = patchcore(&["baseline", "validate", &file]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), format!("{file}: ok\n"));
}

#[test]
fn validate_prints_file_path_and_message_and_exits_1_on_errors() {
    let dir = scratch("invalid");
    let file = write(&dir, "invalid.json", INVALID);
    let out = patchcore(&["baseline", "validate", &file]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains(&format!("{file}: $.ApprovalRules.PatchRules[0].ApproveAfterDays: error: 400 is outside the allowed range 0–360 [approve-after-days-range]")), "{text}");
    assert!(
        text.contains(&format!("{file}: $.RejectedPatches[0]: warning: ")),
        "{text}"
    );
}

#[test]
fn warnings_alone_exit_0_and_can_be_suppressed() {
    let dir = scratch("warnings");
    let file = write(
        &dir,
        "ubuntu.json",
        r#"{"Name": "ubuntu", "OperatingSystem": "UBUNTU", "ApprovalRules": {"PatchRules": [{"PatchFilterGroup": {"PatchFilters": [{"Key": "PRIORITY", "Values": ["Required"]}]}, "ApproveAfterDays": 7}]}}"#,
    );
    let out = patchcore(&["baseline", "validate", &file]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("[delay-ignored-on-apt]"));
    let quiet = patchcore(&[
        "baseline",
        "validate",
        "--suppress",
        "delay-ignored-on-apt",
        &file,
    ]);
    assert_eq!(stdout(&quiet), format!("{file}: ok\n"));
    let unknown = patchcore(&["baseline", "validate", "--suppress", "no-such-code", &file]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn unreadable_or_unparseable_files_exit_2_and_win_over_errors() {
    let dir = scratch("unparseable");
    let broken = write(&dir, "broken.json", "{\"Name\": \"x\",\n  ...\n}");
    let invalid = write(&dir, "invalid.json", INVALID);
    let terraform = write(
        &dir,
        "main.tf",
        "resource \"aws_ssm_patch_baseline\" \"x\" {}",
    );
    let out = patchcore(&[
        "baseline",
        "validate",
        &invalid,
        &broken,
        &terraform,
        "/no/such/file.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "{broken}: error: json syntax or type error at line 2, column 3"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{terraform}: error: unsupported format: terraform"
        )),
        "{text}"
    );
    assert!(
        text.contains("/no/such/file.json: error: cannot read"),
        "{text}"
    );
}

#[test]
fn override_arrays_and_cloudformation_yaml_are_detected() {
    let dir = scratch("kinds");
    let over = write(
        &dir,
        "override.json",
        r#"[{"OperatingSystem": "CENTOS", "ApprovedPatches": ["bash"]}, {"OperatingSystem": "AMAZON_LINUX_2", "RejectedPatchesAction": "DENY"}]"#,
    );
    let out = patchcore(&["baseline", "validate", &over]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains(&format!("{over}: $[1].RejectedPatchesAction: error:")));
    let yaml = write(
        &dir,
        "template.yml",
        "Resources:\n  Base:\n    Type: AWS::SSM::PatchBaseline\n    Properties:\n      Name: !Sub '${AWS::StackName}-base'\n      OperatingSystem: AMAZON_LINUX_2\n      ApprovalRules:\n        PatchRules:\n        - PatchFilterGroup:\n            PatchFilters:\n            - Key: CLASSIFICATION\n              Values: [Security]\n          ApproveUntilDate: 2023-02-01\n",
    );
    let out = patchcore(&["baseline", "validate", &yaml]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("$.Resources.Base.Properties.Name: warning: given by Fn::Sub"));
}

#[test]
fn show_prints_canonical_json_of_a_predefined_baseline_or_a_file() {
    let out = patchcore(&["baseline", "show", "AWS-DefaultRaspbianPatchBaseline"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("\"Name\": \"AWS-RaspbianDefaultPatchBaseline\""),
        "{text}"
    );
    assert!(text.contains("\"OperatingSystem\": \"RASPBIAN\""));
    let dir = scratch("show");
    let file = write(
        &dir,
        "b.json",
        r#"{"OperatingSystem":"UBUNTU","Name":"b-1","CreatedDate":"2018-05-01T17:13:20.068000+00:00"}"#,
    );
    let out = patchcore(&["baseline", "show", &file]);
    assert_eq!(
        stdout(&out),
        "{\n  \"Name\": \"b-1\",\n  \"OperatingSystem\": \"UBUNTU\",\n  \"CreatedDate\": 1525194800.068\n}\n"
    );
    let missing = patchcore(&["baseline", "show", "AWS-Nothing"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn list_prints_the_17_predefined_baselines_with_their_os_and_rules() {
    let out = patchcore(&["baseline", "list"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 17);
    let suse = text
        .lines()
        .find(|l| l.starts_with("AWS-SuseDefaultPatchBaseline"))
        .unwrap();
    assert!(
        suse.contains("SUSE")
            && suse.contains("CLASSIFICATION=Security SEVERITY=Critical,Important after 7d"),
        "{suse}"
    );
}

#[test]
fn every_predefined_realworld_file_validates_without_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/realworld/baselines/aws-predefined");
    if !dir.is_dir() {
        println!("skipped: ../shared/realworld not found (clone without the shared folder)");
        return;
    }
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("AWS-"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 17);
    let mut args = vec!["baseline", "validate"];
    args.extend(files.iter().map(String::as_str));
    let out = patchcore(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}
