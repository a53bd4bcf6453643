//! The saved-snapshot document: one JSON object that holds a [`Snapshot`] in the AWS shapes,
//! plus what those shapes lack. It is what `patchcore scan --format json` prints and what
//! `diff`, `report` and `fleet` read.
//!
//! The format is described on [`write_document`].

use std::io::Read;

use patchcore_baseline::{ComplianceLevel, OperatingSystem};
use serde::{Deserialize, Serialize};

use crate::aws::{
    COUNT_FIELDS, InstancePatchState, PatchComplianceData, TimeFormat, summary_counts,
};
use crate::error::{Error, ErrorKind};
use crate::json;
use crate::snapshot::{Snapshot, sort_items};
use crate::summary::{ComplianceStatus, SeveritySummary, Summary, SummaryOptions};

/// What the readers call the document in messages.
const WHAT: &str = "saved snapshot document";

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Document {
    patch_state: InstancePatchState,
    #[serde(default)]
    patches: Vec<PatchComplianceData>,
    patchcore: PatchcoreSection,
}

/// What the AWS shapes lack to give back the snapshot, and its summary for readers of the JSON.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PatchcoreSection {
    #[serde(default)]
    version: String,
    #[serde(default)]
    baseline_hash: String,
    operating_system: OperatingSystem,
    #[serde(default)]
    product: String,
    #[serde(default)]
    platform_name: String,
    #[serde(default)]
    platform_version: String,
    #[serde(default)]
    unlisted_not_applicable_count: u64,
    #[serde(default)]
    available_security_updates_compliance_status: ComplianceStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    not_applicable_limit: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    compliance_status: Option<ComplianceStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    non_compliant_severity: Option<ComplianceLevel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    non_compliant_by_level: Option<SeveritySummary>,
}

/// The saved-snapshot document of `snapshot`, its counts computed with `options`: pretty JSON
/// indented by four spaces, with a final newline. The same snapshot always gives the same text.
///
/// ```text
/// {
///     "PatchState": { <InstancePatchState: every count, 0 where none> },
///     "Patches": [ <PatchComplianceData with "ComplianceLevel">, … ],
///     "Patchcore": {
///         "Version": "0.1.0",
///         "BaselineHash": "…",
///         "OperatingSystem": "UBUNTU",
///         "Product": "Ubuntu22.04",
///         "PlatformName": "Ubuntu",
///         "PlatformVersion": "22.04",
///         "UnlistedNotApplicableCount": 1,
///         "AvailableSecurityUpdatesComplianceStatus": "COMPLIANT",
///         "NotApplicableLimit": 100,                      (only when the summary had a limit)
///         "ComplianceStatus": "NON_COMPLIANT",
///         "NonCompliantSeverity": "HIGH",                 (only when non-compliant)
///         "NonCompliantByLevel": { "CriticalCount": 0, … }
///     }
/// }
/// ```
///
/// `Patches` lists the snapshot's rows (Linux `NotApplicable` packages are counted in
/// `UnlistedNotApplicableCount`, not listed; Windows `NotApplicable` updates are listed), sorted
/// by `KBId` then `Title`. Times are ISO 8601 UTC strings; epoch seconds are read too.
///
/// The summary in `PatchState` and `Patchcore` is redundant with the rows: the reader
/// recomputes it (with the `NotApplicableLimit` written) and rejects a document whose counts
/// disagree with its rows, so that a hand-edited or corrupted file cannot make a report lie.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use patchcore_baseline::OperatingSystem;
/// use patchcore_compliance::{
///     Context, PatchItem, PatchState, Snapshot, SummaryOptions, read_document, write_document,
/// };
///
/// let time = Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap();
/// let mut snapshot = Snapshot::new(
///     Context::new("i-0123456789abcdef0", "pb-0123456789abcdef0"),
///     OperatingSystem::Ubuntu,
///     time,
/// );
/// snapshot.items.push(PatchItem::new("libssl3.amd64", "libssl3.amd64:3.0.2-0ubuntu1.15", PatchState::Missing));
/// snapshot.unlisted_not_applicable = 1;
///
/// let text = write_document(&snapshot, &SummaryOptions::default());
/// assert!(text.contains("\"MissingCount\": 1"));
/// assert!(text.contains("\"ComplianceStatus\": \"NON_COMPLIANT\""));
/// assert_eq!(read_document(text.as_bytes()).unwrap(), snapshot);
/// ```
pub fn write_document(snapshot: &Snapshot, options: &SummaryOptions) -> String {
    let summary = snapshot.summary(options);
    let document = Document {
        patch_state: InstancePatchState::new(snapshot, &summary, TimeFormat::Iso8601),
        patches: snapshot
            .items
            .iter()
            .map(|item| PatchComplianceData::from_item(item, TimeFormat::Iso8601))
            .collect(),
        patchcore: PatchcoreSection {
            version: snapshot.patchcore_version.clone(),
            baseline_hash: snapshot.baseline_hash.clone(),
            operating_system: snapshot.operating_system.clone(),
            product: snapshot.product.clone(),
            platform_name: snapshot.platform_name.clone(),
            platform_version: snapshot.platform_version.clone(),
            unlisted_not_applicable_count: snapshot.unlisted_not_applicable,
            available_security_updates_compliance_status: if snapshot
                .available_security_updates_non_compliant
            {
                ComplianceStatus::NonCompliant
            } else {
                ComplianceStatus::Compliant
            },
            not_applicable_limit: options.not_applicable_limit,
            compliance_status: Some(summary.status),
            non_compliant_severity: summary.non_compliant_severity.clone(),
            non_compliant_by_level: Some(summary.non_compliant_by_level),
        },
    };
    json::to_pretty(&document)
}

/// Reads a saved-snapshot document from `input` — a file, standard input, or bytes
/// (`text.as_bytes()`) — and gives back the snapshot that [`write_document`] wrote.
///
/// ```
/// use patchcore_compliance::{ErrorKind, read_document};
///
/// let sample = "{\n    \"PatchState\": {\n        ...\n    }\n}";
/// let error = read_document(sample.as_bytes()).unwrap_err();
/// assert!(matches!(error.kind(), ErrorKind::TruncatedSample { .. }));
/// assert!(error.to_string().contains("this looks like a truncated documentation sample"));
/// ```
///
/// # Errors
///
/// The input cannot be read, is larger than [`MAX_INPUT_BYTES`](crate::MAX_INPUT_BYTES), is
/// not UTF-8, nests deeper than [`MAX_DEPTH`](crate::MAX_DEPTH), is a documentation sample cut
/// with `...`, is not JSON or not a document ([`ErrorKind::InvalidJson`],
/// [`ErrorKind::WrongShape`], with line and column), or its counts, status or
/// severity disagree with its rows ([`ErrorKind::InvalidValue`], naming the field).
pub fn read_document(input: impl Read) -> Result<Snapshot, Error> {
    let bytes = json::read_all(WHAT, input)?;
    let document: Document = json::parse(WHAT, &bytes)?;
    let options = SummaryOptions {
        not_applicable_limit: document.patchcore.not_applicable_limit,
    };
    let snapshot = snapshot_of(document.patch_state.clone(), &document);
    check_summary(&document, &snapshot.summary(&options))?;
    Ok(snapshot)
}

fn snapshot_of(state: InstancePatchState, document: &Document) -> Snapshot {
    let section = &document.patchcore;
    let mut items: Vec<_> = document
        .patches
        .iter()
        .map(PatchComplianceData::to_item)
        .collect();
    sort_items(&mut items);
    let start = state.operation_start_time.time();
    let mut snapshot = Snapshot::new(
        crate::Context {
            node_id: state.instance_id,
            baseline_id: state.baseline_id,
            baseline_hash: section.baseline_hash.clone(),
            snapshot_id: state.snapshot_id.unwrap_or_default(),
            patch_group: state.patch_group,
            operation: state.operation,
            reboot_option: state.reboot_option,
            install_override_list: state.install_override_list,
            operation_start_time: Some(start),
            operation_end_time: Some(state.operation_end_time.time()),
        },
        section.operating_system.clone(),
        start,
    );
    snapshot.last_no_reboot_install_operation_time = state
        .last_no_reboot_install_operation_time
        .map(|time| time.time());
    snapshot.patchcore_version.clone_from(&section.version);
    snapshot.product.clone_from(&section.product);
    snapshot.platform_name.clone_from(&section.platform_name);
    snapshot
        .platform_version
        .clone_from(&section.platform_version);
    snapshot.available_security_updates_non_compliant =
        section.available_security_updates_compliance_status == ComplianceStatus::NonCompliant;
    snapshot.unlisted_not_applicable = section.unlisted_not_applicable_count;
    snapshot.items = items;
    snapshot
}

/// Fails unless the document's counts, status and severity are those of its rows.
fn check_summary(document: &Document, summary: &Summary) -> Result<(), Error> {
    let written = document.patch_state.counts();
    let computed = summary_counts(summary);
    for ((field, written), computed) in COUNT_FIELDS.iter().zip(written).zip(computed) {
        if u64::try_from(written).ok() != Some(computed) {
            return Err(mismatch(
                format!("$.PatchState.{field}"),
                &written,
                &computed,
            ));
        }
    }
    let section = &document.patchcore;
    if let Some(status) = section.compliance_status {
        if status != summary.status {
            return Err(mismatch(
                "$.Patchcore.ComplianceStatus".to_owned(),
                &status.as_str(),
                &summary.status.as_str(),
            ));
        }
        // Written with the status: absent means compliant.
        if section.non_compliant_severity != summary.non_compliant_severity {
            let show = |level: &Option<ComplianceLevel>| {
                level
                    .as_ref()
                    .map_or_else(|| "absent".to_owned(), |l| crate::error::quote(l.as_str()))
            };
            return Err(mismatch(
                "$.Patchcore.NonCompliantSeverity".to_owned(),
                &show(&section.non_compliant_severity),
                &show(&summary.non_compliant_severity),
            ));
        }
    }
    if let Some(levels) = section.non_compliant_by_level {
        if levels != summary.non_compliant_by_level {
            return Err(mismatch(
                "$.Patchcore.NonCompliantByLevel".to_owned(),
                &format_args!("{levels:?}"),
                &format_args!("{:?}", summary.non_compliant_by_level),
            ));
        }
    }
    Ok(())
}

fn mismatch(
    path: String,
    written: &dyn std::fmt::Display,
    computed: &dyn std::fmt::Display,
) -> Error {
    ErrorKind::InvalidValue {
        what: WHAT,
        path,
        message: format!("is {written} but the rows give {computed}"),
    }
    .into()
}
