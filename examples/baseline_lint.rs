//! Baseline lint: validate the patch baselines of a CloudFormation template, as a pre-deploy
//! check would, and print every problem with its JSON path — all of them at once, not just the
//! first. With `--gate` it exits 1 when some baseline has errors, as a CI step would.
//!
//! `cargo run --example baseline_lint` (the template is embedded below).

// CloudFormation is a product name in prose here, not code.
#![allow(clippy::doc_markdown)]

use std::process::ExitCode;

use patchcore::baseline::validate::{DocumentKind, ValidateOptions};
use patchcore::baseline::wire::{self, Document, Format};

/// A stack template with three baselines and the mistakes people make in them.
const TEMPLATE: &str = r#"
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Environment:
    Type: String
Resources:
  # Valid: Amazon Linux 2023 security updates, critical ones first.
  Al2023Baseline:
    Type: AWS::SSM::PatchBaseline
    Properties:
      Name: !Sub "al2023-${Environment}"
      OperatingSystem: AMAZON_LINUX_2023
      ApprovalRules:
        PatchRules:
          - PatchFilterGroup:
              PatchFilters:
                - Key: CLASSIFICATION
                  Values: [Security]
                - Key: SEVERITY
                  Values: [Critical, Important]
            ApproveAfterDays: 3
            ComplianceLevel: CRITICAL
  # A delay above the maximum, and both a delay and a date in one rule.
  WindowsBaseline:
    Type: AWS::SSM::PatchBaseline
    Properties:
      Name: windows-servers
      OperatingSystem: WINDOWS
      ApprovalRules:
        PatchRules:
          - PatchFilterGroup:
              PatchFilters:
                - Key: MSRC_SEVERITY
                  Values: [Critical, Important]
            ApproveAfterDays: 400
          - PatchFilterGroup:
              PatchFilters:
                - Key: CLASSIFICATION
                  Values: [SecurityUpdates]
            ApproveAfterDays: 7
            ApproveUntilDate: "2026-01-31"
  # APT has no release dates (the delay is ignored), and an unknown compliance level.
  UbuntuBaseline:
    Type: AWS::SSM::PatchBaseline
    Properties:
      Name: ubuntu-servers
      OperatingSystem: UBUNTU
      ApprovalRules:
        PatchRules:
          - PatchFilterGroup:
              PatchFilters:
                - Key: PRIORITY
                  Values: [Required, Important]
            ApproveAfterDays: 7
            ComplianceLevel: URGENT
      RejectedPatches: [telnet]
"#;

fn main() -> ExitCode {
    let template = match wire::read(TEMPLATE, Format::Yaml) {
        Ok(Document::CloudFormation(template)) => template,
        Ok(_) => {
            eprintln!("baseline_lint: the document is not a CloudFormation template");
            return ExitCode::from(2);
        }
        Err(error) => {
            eprintln!("baseline_lint: {error}");
            return ExitCode::from(2);
        }
    };
    let options = ValidateOptions::new(DocumentKind::CloudFormation);
    let mut errors = 0;
    for resource in &template.resources {
        let report = resource.validate(&options);
        let status = if report.has_errors() {
            "INVALID"
        } else {
            "valid"
        };
        println!("{} ({status})", resource.logical_id);
        for problem in report.problems() {
            println!("  {problem}");
        }
        errors += report.errors().count();
    }
    println!(
        "{} baseline(s), {errors} error(s)",
        template.resources.len()
    );
    // This template has errors on purpose: report them, and fail only when asked to gate.
    let gate = std::env::args().any(|arg| arg == "--gate");
    if gate && errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
