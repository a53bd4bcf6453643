//! The patch baseline model of AWS Systems Manager Patch Manager: read a baseline in any of the
//! shapes people keep it in, tell everything that is wrong with it at once, and compile it for
//! the evaluator.
//!
//! * [`Baseline`] and its parts mirror the AWS API shape (PascalCase serde); [`wire`] reads
//!   `GetPatchBaseline` output, `Create`/`UpdatePatchBaseline` input, `BaselineOverride` arrays,
//!   `describe-patch-baselines` listings and CloudFormation templates (JSON and YAML), and writes
//!   canonical JSON.
//! * [`validate`] reports every hard error of the service model and every documented warning,
//!   with JSON paths and stable, suppressible codes.
//! * [`catalog`] holds the 17 AWS-managed baselines.
//! * [`lists`] classifies approved/rejected-list entries and matches packages and patches.
//! * [`Baseline::compile`] gives the [`CompiledBaseline`] the evaluator uses;
//!   [`Baseline::apply_update`] applies an `UpdatePatchBaseline` request.
//!
//! ```
//! use patchcore_baseline::wire::{read_json, Document};
//! use patchcore_baseline::validate::DocumentKind;
//! use patchcore_baseline::lists::PackageRef;
//!
//! let text = r#"{
//!   "Name": "al2023-prod",
//!   "OperatingSystem": "AMAZON_LINUX_2023",
//!   "ApprovalRules": {"PatchRules": [{
//!     "PatchFilterGroup": {"PatchFilters": [{"Key": "CLASSIFICATION", "Values": ["Security"]}]},
//!     "ApproveAfterDays": 7, "ComplianceLevel": "CRITICAL"}]},
//!   "RejectedPatches": ["kernel-6.1.*"]
//! }"#;
//! let Document::Baseline(baseline) = read_json(text)? else { unreachable!() };
//! assert!(!baseline.validate(DocumentKind::CreateInput).has_errors());
//!
//! let compiled = baseline.compile()?;
//! let kernel = PackageRef { name: "kernel", arch: "x86_64", epoch: "", version: "6.1.55", release: "75.123.amzn2023" };
//! assert!(compiled.rejected().matches_package(&kernel));
//! assert_eq!(compiled.rules().len(), 1);
//! # Ok::<(), patchcore_baseline::Error>(())
//! ```
//!
//! Where the specification leaves a point open, the choice taken is documented in [`decisions`].
//!
//! # Features
//!
//! * `yaml` (default): CloudFormation templates in YAML, through `serde_norway`. Without it,
//!   [`wire::read`] refuses YAML with [`ErrorKind::UnsupportedFormat`] naming the feature; JSON
//!   documents and templates read the same either way.

// Product names (CloudFormation, CentOS, AlmaLinux, PascalCase) are prose here, not code.
#![allow(clippy::doc_markdown)]

pub mod catalog;
mod compile;
pub mod decisions;
mod enums;
mod error;
pub mod lists;
mod model;
mod os;
mod timestamp;
mod update;
pub mod validate;
pub mod wire;

pub use compile::{
    Approval, CaseRule, CompiledBaseline, CompiledFilter, CompiledRule, FilterGroup,
};
pub use enums::{ComplianceLevel, PatchAction, PatchComplianceStatus, PatchFilterKey};
pub use error::{Error, ErrorKind};
pub use model::{
    Baseline, BaselineIdentity, PatchFilter, PatchFilterGroup, PatchRule, PatchRuleGroup,
    PatchSource, SourceConfiguration, Tag,
};
pub use os::{OperatingSystem, PackageFamily};
pub use timestamp::Timestamp;
