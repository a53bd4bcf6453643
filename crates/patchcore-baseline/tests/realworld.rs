//! Every baseline file in `../shared/realworld/baselines/` is read: valid baselines parse and
//! round-trip, listings read as listings, other responses and elided samples are refused with a
//! clear error, Terraform and reStructuredText are an "unsupported format". Skips (and says so)
//! when the shared folder is absent.

// Helpers unwrap and index like the tests do: the whole file is test code.
#![cfg(test)]

use std::path::{Path, PathBuf};

use patchcore_baseline::validate::{DocumentKind, ValidateOptions};
use patchcore_baseline::wire::{
    Document, Format, read, to_canonical_json, to_canonical_override_json,
};
use patchcore_baseline::{Baseline, ErrorKind, catalog};

fn baselines_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/realworld/baselines");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: ../shared/realworld not found (clone without the shared folder)");
        None
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn read_file(path: &Path) -> Result<Document, patchcore_baseline::Error> {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    let format = Format::detect(&name, &text)?;
    read(&text, format)
}

fn assert_round_trip(baseline: &Baseline) {
    let canonical = to_canonical_json(baseline);
    let Document::Baseline(again) = read(&canonical, Format::Json).unwrap() else {
        panic!("not a baseline")
    };
    assert_eq!(*again, *baseline);
    assert_eq!(
        to_canonical_json(&again),
        canonical,
        "canonical output is stable"
    );
}

#[test]
fn every_file_is_read_or_refused_clearly() {
    let Some(dir) = baselines_dir() else { return };
    let mut baselines = 0;
    for path in files(&dir) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !matches!(ext.as_str(), "json" | "yml" | "yaml" | "tf" | "rst") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        match read_file(&path) {
            Ok(Document::Baseline(baseline)) => {
                baselines += 1;
                assert_round_trip(&baseline);
                let kind = DocumentKind::detect(&baseline);
                let _ = baseline.validate(kind);
            }
            Ok(Document::Override(list)) => {
                assert!(!list.is_empty(), "{name}");
                let canonical = to_canonical_override_json(&list);
                let Document::Override(again) = read(&canonical, Format::Json).unwrap() else {
                    panic!()
                };
                assert_eq!(again, list);
                for (i, b) in list.iter().enumerate() {
                    let report = b.validate_with(
                        &ValidateOptions::new(DocumentKind::BaselineOverride).at(format!("$[{i}]")),
                    );
                    assert!(!report.has_errors(), "{name}: {:#?}", report.problems());
                }
            }
            Ok(Document::Listing(identities)) => {
                assert!(
                    name.contains("describe-patch-baselines"),
                    "{name} read as a listing"
                );
                assert!(
                    identities.iter().all(|i| i.baseline_name.is_some()),
                    "{name}"
                );
            }
            Ok(Document::CloudFormation(template)) => {
                assert!(!template.resources.is_empty(), "{name}");
            }
            Ok(other) => panic!("{name}: unexpected {other:?}"),
            Err(error) => {
                let message = error.to_string();
                match error.kind() {
                    ErrorKind::UnsupportedFormat { .. } => {
                        let yaml_off =
                            cfg!(not(feature = "yaml")) && matches!(ext.as_str(), "yml" | "yaml");
                        assert!(
                            yaml_off || matches!(ext.as_str(), "tf" | "rst"),
                            "{name}: {message}"
                        );
                    }
                    ErrorKind::Syntax { line, .. } => {
                        assert!(
                            text.contains("..."),
                            "{name}: only elided samples are invalid JSON: {message}"
                        );
                        assert!(*line > 0, "{name}: {message}");
                    }
                    ErrorKind::NotABaseline { .. } => {
                        let schema = text.contains("\"typeName\"");
                        assert!(
                            schema || !text.contains("\"ApprovalRules\""),
                            "{name}: a baseline was refused: {message}"
                        );
                    }
                    _ => panic!("{name}: unexpected error {message}"),
                }
                assert!(!message.contains('\n'), "one-line message: {message}");
            }
        }
    }
    assert!(baselines >= 20, "only {baselines} baselines read");
}

#[test]
fn every_predefined_file_equals_its_catalog_entry() {
    let Some(dir) = baselines_dir() else { return };
    let mut seen = 0;
    for path in files(&dir.join("aws-predefined")) {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("AWS-") {
            continue;
        }
        let Document::Baseline(file) = read_file(&path).unwrap() else {
            panic!("{name}")
        };
        let ours = catalog::by_name(&name).unwrap();
        assert_eq!(to_canonical_json(&ours), to_canonical_json(&file), "{name}");
        assert_eq!(ours, *file, "{name}");
        seen += 1;
    }
    assert_eq!(seen, 17);
}

#[test]
fn the_predefined_listing_names_every_catalog_baseline() {
    let Some(dir) = baselines_dir() else { return };
    let Document::Listing(identities) =
        read_file(&dir.join("aws-predefined/describe-patch-baselines.json")).unwrap()
    else {
        panic!()
    };
    assert_eq!(identities.len(), 17);
    for identity in identities {
        let name = identity.baseline_name.unwrap();
        let ours = catalog::by_name(&name).unwrap();
        assert_eq!(ours.baseline_id, identity.baseline_id, "{name}");
        assert_eq!(ours.operating_system, identity.operating_system, "{name}");
        assert_eq!(ours.description, identity.baseline_description, "{name}");
    }
}

#[test]
#[cfg(feature = "yaml")]
fn the_cloudformation_sample_keeps_dates_as_strings_and_reports_intrinsics() {
    let Some(dir) = baselines_dir() else { return };
    let Document::CloudFormation(template) =
        read_file(&dir.join("cloudformation/aws-samples-customPatchBaselines.yml")).unwrap()
    else {
        panic!()
    };
    let ids: Vec<&str> = template
        .resources
        .iter()
        .map(|r| r.logical_id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "AmazonLinux2PatchBaseline",
            "AmazonLinuxPatchBaseline",
            "WindowsPatchBaseline"
        ]
    );
    for resource in &template.resources {
        assert_eq!(resource.unresolved.len(), 1, "{}", resource.logical_id);
        assert_eq!(resource.unresolved[0].function, "Fn::Join");
        assert!(resource.baseline.name.is_none());
        let report = resource.validate(&ValidateOptions::new(DocumentKind::CloudFormation));
        assert!(
            !report.has_errors(),
            "{}: {:#?}",
            resource.logical_id,
            report.problems()
        );
        assert!(
            report
                .warnings()
                .any(|w| w.path.ends_with(".Properties.Name"))
        );
    }
    let windows = &template.resources[2];
    assert_eq!(
        windows.baseline.operating_system,
        Some(patchcore_baseline::OperatingSystem::Windows)
    );
    assert_eq!(
        windows.baseline.rules()[0].approve_until_date.as_deref(),
        Some("2023-02-01")
    );
    let al = &template.resources[1];
    assert_eq!(al.baseline.approved(), ["kernel*"]);
    assert_eq!(al.baseline.rules()[1].approve_after_days, Some(0));
}

#[test]
fn the_centos_baseline_keeps_its_empty_global_filter_list() {
    let Some(dir) = baselines_dir() else { return };
    let Document::Baseline(centos) =
        read_file(&dir.join("aws-predefined/AWS-CentOSDefaultPatchBaseline.json")).unwrap()
    else {
        panic!()
    };
    assert_eq!(
        centos.global_filters.as_ref().unwrap().patch_filters,
        Some(vec![])
    );
    assert_eq!(centos.rules()[0].enable_non_security, Some(true));
}

#[test]
fn terraform_and_rst_are_one_line_unsupported_format_errors() {
    let Some(dir) = baselines_dir() else { return };
    for path in files(&dir) {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        if ext == "tf" || ext == "rst" {
            let error = read_file(&path).unwrap_err();
            assert!(
                matches!(error.kind(), ErrorKind::UnsupportedFormat { .. }),
                "{path:?}"
            );
            assert!(error.to_string().starts_with("unsupported format: "));
        }
    }
}
