//! The saved-snapshot document (issue 7): `{"PatchState", "Patches", "Patchcore"}` written by
//! `write_document` and read back by `read_document` into the same snapshot; what its readers
//! reject, and how clearly.

// Helpers of tests: a panic is a failed test, as in #[test] functions.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::io::Read;

use chrono::{TimeZone, Utc};
use patchcore_baseline::{ComplianceLevel, OperatingSystem, PackageFamily};
use patchcore_compliance::{
    ComplianceStatus, Context, ErrorKind, MAX_DEPTH, MAX_INPUT_BYTES, PatchItem, PatchState,
    Snapshot, SummaryOptions, is_security_classification, read_document, write_document,
};
use proptest::prelude::*;
use serde_json::Value;
use support::strategies::{Names, snapshot};

fn ubuntu_snapshot() -> Snapshot {
    let time = Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap();
    let mut context = Context::new("i-0123456789abcdef0", "pb-0123456789abcdef0");
    context.snapshot_id = "6d03d6c5-f79d-41d0-8d0e-00a9a0123456".to_owned();
    let mut snapshot = Snapshot::new(context, OperatingSystem::Ubuntu, time);
    snapshot.product = "Ubuntu22.04".to_owned();
    snapshot.platform_name = "Ubuntu".to_owned();
    snapshot.platform_version = "22.04".to_owned();
    let mut missing = PatchItem::new(
        "libssl3.amd64",
        "libssl3.amd64:3.0.2-0ubuntu1.15",
        PatchState::Missing,
    );
    missing.compliance_level = ComplianceLevel::High;
    missing.classification = "Security".to_owned();
    missing.severity = "important".to_owned();
    let mut installed = PatchItem::new(
        "bash.amd64",
        "bash.amd64:5.1-6ubuntu1.1",
        PatchState::Installed,
    );
    installed.compliance_level = ComplianceLevel::High;
    installed.installed_time = Some(Utc.with_ymd_and_hms(2024, 5, 2, 8, 30, 0).unwrap());
    snapshot.items = vec![installed, missing];
    snapshot.unlisted_not_applicable = 1;
    snapshot
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn the_document_holds_patch_state_patches_and_patchcore() {
    let text = write_document(&ubuntu_snapshot(), &SummaryOptions::default());
    let doc = json(&text);
    let state = &doc["PatchState"];
    for count in [
        "InstalledCount",
        "InstalledOtherCount",
        "InstalledPendingRebootCount",
        "InstalledRejectedCount",
        "MissingCount",
        "FailedCount",
        "UnreportedNotApplicableCount",
        "NotApplicableCount",
        "AvailableSecurityUpdateCount",
        "CriticalNonCompliantCount",
        "SecurityNonCompliantCount",
        "OtherNonCompliantCount",
    ] {
        assert!(state[count].is_i64(), "{count} is always written: {state}");
    }
    assert_eq!(state["MissingCount"], 1);
    assert_eq!(state["NotApplicableCount"], 1);
    assert_eq!(state["OperationStartTime"], "2024-06-20T12:00:00+00:00");
    assert_eq!(state["Operation"], "Scan");
    let rows = doc["Patches"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        2,
        "Linux NotApplicable packages are counted, not listed"
    );
    assert_eq!(rows[0]["KBId"], "bash.amd64");
    assert_eq!(rows[0]["InstalledTime"], "2024-05-02T08:30:00+00:00");
    assert_eq!(rows[1]["State"], "Missing");
    assert_eq!(rows[1]["InstalledTime"], "1970-01-01T00:00:00+00:00");
    assert_eq!(rows[1]["ComplianceLevel"], "HIGH");
    let patchcore = &doc["Patchcore"];
    assert_eq!(patchcore["OperatingSystem"], "UBUNTU");
    assert_eq!(patchcore["Product"], "Ubuntu22.04");
    assert_eq!(patchcore["UnlistedNotApplicableCount"], 1);
    assert_eq!(patchcore["ComplianceStatus"], "NON_COMPLIANT");
    assert_eq!(patchcore["NonCompliantSeverity"], "HIGH");
    assert_eq!(patchcore["Version"], env!("CARGO_PKG_VERSION"));
    assert!(patchcore.get("NotApplicableLimit").is_none());
    assert!(text.ends_with("}\n") && text.contains("\n    \"PatchState\""));
}

#[test]
fn writing_is_deterministic() {
    let snapshot = ubuntu_snapshot();
    assert_eq!(
        write_document(&snapshot, &SummaryOptions::default()),
        write_document(&snapshot.clone(), &SummaryOptions::default())
    );
}

#[test]
fn a_document_with_epoch_times_and_upper_snake_states_reads() {
    // Our own fixture: what a tool that prints the API's wire form would save.
    let text = r#"{
        "PatchState": {
            "InstanceId": "i-0123456789abcdef0", "PatchGroup": "web", "BaselineId": "pb-0123456789abcdef0",
            "InstalledCount": 0, "InstalledOtherCount": 0, "InstalledPendingRebootCount": 1,
            "InstalledRejectedCount": 0, "MissingCount": 0, "FailedCount": 0,
            "UnreportedNotApplicableCount": 0, "NotApplicableCount": 0, "AvailableSecurityUpdateCount": 0,
            "OperationStartTime": 1718884800, "OperationEndTime": 1718885050.5, "Operation": "Install",
            "RebootOption": "NoReboot", "LastNoRebootInstallOperationTime": 1718885050.5,
            "CriticalNonCompliantCount": 0, "SecurityNonCompliantCount": 1, "OtherNonCompliantCount": 0
        },
        "Patches": [{"Title": "openssl.x86_64:1:3.0.8-1.amzn2023.0.12", "KBId": "openssl.x86_64",
            "Classification": "Security", "Severity": "Important", "State": "INSTALLED_PENDING_REBOOT",
            "InstalledTime": 1718885000.0, "CVEIds": "CVE-2024-0727, CVE-2024-2511"}],
        "Patchcore": {"OperatingSystem": "AMAZON_LINUX_2023"}
    }"#;
    let snapshot = read_document(text.as_bytes()).unwrap();
    assert_eq!(
        snapshot.operation_start_time,
        Utc.timestamp_opt(1_718_884_800, 0).unwrap()
    );
    assert_eq!(
        snapshot.operation_end_time,
        Utc.timestamp_opt(1_718_885_050, 500_000_000).unwrap()
    );
    assert_eq!(snapshot.patch_group, "web");
    let row = &snapshot.items[0];
    assert_eq!(row.state, PatchState::InstalledPendingReboot);
    assert_eq!(
        row.compliance_level,
        ComplianceLevel::Unspecified,
        "absent level"
    );
    assert_eq!(row.cve_ids, ["CVE-2024-0727", "CVE-2024-2511"]);
    assert_eq!(snapshot.family(), Some(PackageFamily::YumDnf));
}

#[test]
fn counts_that_disagree_with_the_rows_are_rejected_naming_the_field() {
    let text = write_document(&ubuntu_snapshot(), &SummaryOptions::default());
    let edited = text.replace("\"MissingCount\": 1", "\"MissingCount\": 0");
    let error = read_document(edited.as_bytes()).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::InvalidValue { .. }));
    assert_eq!(
        error.to_string(),
        "saved snapshot document: $.PatchState.MissingCount: is 0 but the rows give 1"
    );
    let edited = text.replace(
        "\"NonCompliantSeverity\": \"HIGH\"",
        "\"NonCompliantSeverity\": \"LOW\"",
    );
    let error = read_document(edited.as_bytes()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("$.Patchcore.NonCompliantSeverity"),
        "{error}"
    );
    let edited = text.replace("\"State\": \"Missing\"", "\"State\": \"Installed\"");
    assert!(read_document(edited.as_bytes()).is_err());
}

#[test]
fn a_not_applicable_limit_is_written_and_used_to_check_the_split() {
    let limited = SummaryOptions::with_not_applicable_limit(0);
    let text = write_document(&ubuntu_snapshot(), &limited);
    let doc = json(&text);
    assert_eq!(doc["Patchcore"]["NotApplicableLimit"], 0);
    assert_eq!(doc["PatchState"]["NotApplicableCount"], 0);
    assert_eq!(doc["PatchState"]["UnreportedNotApplicableCount"], 1);
    assert_eq!(read_document(text.as_bytes()).unwrap(), ubuntu_snapshot());
}

#[test]
fn invalid_json_is_rejected_with_line_and_column() {
    let error = read_document("{\n  \"PatchState\": {,\n}".as_bytes()).unwrap_err();
    match error.kind() {
        ErrorKind::InvalidJson { line, column, .. } => assert_eq!((*line, *column), (2, 18)),
        other => panic!("{other:?}"),
    }
    assert!(
        error
            .to_string()
            .starts_with("saved snapshot document: invalid json at line 2, column 18")
    );
    let error = read_document("{\"Patches\": []}".as_bytes()).unwrap_err();
    assert!(
        error.to_string().contains("missing field `PatchState`"),
        "{error}"
    );
}

#[test]
fn a_documentation_sample_cut_with_dots_is_called_a_truncated_sample() {
    let text = write_document(&ubuntu_snapshot(), &SummaryOptions::default());
    let cut = text.replace("\"Patches\": [", "\"Patches\": [\n        ...,");
    let error = read_document(cut.as_bytes()).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::TruncatedSample { .. }),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .contains("this looks like a truncated documentation sample")
    );
    let banner = format!(
        "{}\n---output truncated---\n",
        text.trim_end().trim_end_matches('}')
    );
    let error = read_document(banner.as_bytes()).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::TruncatedSample { .. }),
        "{error}"
    );
}

#[test]
fn inputs_beyond_the_size_limit_are_rejected_without_reading_them_whole() {
    let endless = std::io::repeat(b' ').take(MAX_INPUT_BYTES + 1000);
    let error = read_document(endless).unwrap_err();
    match error.kind() {
        ErrorKind::TooLarge { size, limit, .. } => {
            assert_eq!(*limit, MAX_INPUT_BYTES);
            assert_eq!(*size, MAX_INPUT_BYTES + 1, "read stops just past the limit");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn nesting_bombs_are_rejected_with_a_position() {
    let bomb = format!("{{\"PatchState\": {}", "[".repeat(1_000_000));
    let error = read_document(bomb.as_bytes()).unwrap_err();
    match error.kind() {
        ErrorKind::TooDeep {
            limit,
            line,
            column,
            ..
        } => {
            assert_eq!(*limit, MAX_DEPTH);
            // `{"PatchState": ` is 15 characters and depth 1: the 32nd `[` passes the limit.
            assert_eq!((*line, *column), (1, 15 + MAX_DEPTH));
        }
        other => panic!("{other:?}"),
    }
    // Nesting up to the limit reaches serde, which reports the wrong shape.
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(matches!(
        read_document(deep.as_bytes()).unwrap_err().kind(),
        ErrorKind::WrongShape { .. }
    ));
}

// Our limit stops nesting before serde_json's own.
const _: () = assert!(MAX_DEPTH < 128);

#[test]
fn serde_json_stops_deep_nesting_on_its_own_too() {
    // The second line of defence behind MAX_DEPTH: serde_json's recursion limit (128) turns a
    // nesting bomb into an error, not a stack overflow.
    let error = serde_json::from_str::<Value>(&"[".repeat(100_000)).unwrap_err();
    assert!(
        error.to_string().contains("recursion limit exceeded"),
        "{error}"
    );
}

#[test]
fn invalid_utf8_is_rejected_with_its_offset() {
    let error = read_document(&b"{\"PatchState\": \"\xff\"}"[..]).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidUtf8 { offset: 16, .. }),
        "{error}"
    );
}

#[test]
fn huge_offending_values_are_cut_in_messages() {
    let text = write_document(&ubuntu_snapshot(), &SummaryOptions::default());
    let huge = format!("\"OperationStartTime\": \"{}\"", "9".repeat(1_000_000));
    let edited = text.replace(
        "\"OperationStartTime\": \"2024-06-20T12:00:00+00:00\"",
        &huge,
    );
    let error = read_document(edited.as_bytes()).unwrap_err();
    let message = error.to_string();
    assert!(message.len() < 400, "{} bytes", message.len());
    assert!(message.contains("invalid ISO 8601 time \"999"), "{message}");
}

proptest! {
    #[test]
    fn document_write_then_read_is_identity(
        snapshot in snapshot(Names::Any, true),
        limit in proptest::option::of(0u64..50),
    ) {
        let options = limit.map_or_else(SummaryOptions::default, SummaryOptions::with_not_applicable_limit);
        let text = write_document(&snapshot, &options);
        prop_assert_eq!(read_document(text.as_bytes()).unwrap(), snapshot);
    }

    #[test]
    fn summary_counts_agree_with_the_rows_states(
        snapshot in snapshot(Names::Any, false),
        limit in proptest::option::of(0u64..50),
    ) {
        let options = limit.map_or_else(SummaryOptions::default, SummaryOptions::with_not_applicable_limit);
        let s = snapshot.summary(&options);
        let rows = |state: PatchState| {
            snapshot.items.iter().filter(|item| item.state == state).count() as u64
        };
        prop_assert_eq!(s.installed_count, rows(PatchState::Installed));
        prop_assert_eq!(s.installed_other_count, rows(PatchState::InstalledOther));
        prop_assert_eq!(s.installed_pending_reboot_count, rows(PatchState::InstalledPendingReboot));
        prop_assert_eq!(s.installed_rejected_count, rows(PatchState::InstalledRejected));
        prop_assert_eq!(s.missing_count, rows(PatchState::Missing));
        prop_assert_eq!(s.failed_count, rows(PatchState::Failed));
        prop_assert_eq!(s.available_security_update_count, rows(PatchState::AvailableSecurityUpdate));
        let not_applicable = rows(PatchState::NotApplicable) + snapshot.unlisted_not_applicable;
        prop_assert_eq!(s.not_applicable_count + s.unreported_not_applicable_count, not_applicable);
        prop_assert_eq!(s.not_applicable_count, limit.map_or(not_applicable, |l| not_applicable.min(l)));
        for state in PatchState::ALL {
            let expected = rows(state)
                + if state == PatchState::NotApplicable { snapshot.unlisted_not_applicable } else { 0 };
            prop_assert_eq!(s.count(state), expected);
        }

        // The non-compliant rows: the four states, and AvailableSecurityUpdate when the
        // baseline makes it non-compliant.
        let non_compliant: Vec<&PatchItem> = snapshot
            .items
            .iter()
            .filter(|item| {
                matches!(
                    item.state,
                    PatchState::Missing | PatchState::Failed | PatchState::InstalledRejected
                        | PatchState::InstalledPendingReboot
                ) || (item.state == PatchState::AvailableSecurityUpdate
                    && snapshot.available_security_updates_non_compliant)
            })
            .collect();
        let critical = |item: &&&PatchItem| item.compliance_level == ComplianceLevel::Critical;
        let security = |item: &&&PatchItem| {
            is_security_classification(&item.classification, snapshot.family())
        };
        prop_assert_eq!(s.critical_non_compliant_count, non_compliant.iter().filter(critical).count() as u64);
        prop_assert_eq!(s.security_non_compliant_count, non_compliant.iter().filter(security).count() as u64);
        prop_assert_eq!(
            s.other_non_compliant_count,
            non_compliant.iter().filter(|i| !critical(i) && !security(i)).count() as u64
        );
        let by_level = s.non_compliant_by_level;
        prop_assert_eq!(
            by_level.critical_count + by_level.high_count + by_level.medium_count
                + by_level.low_count + by_level.informational_count + by_level.unspecified_count,
            non_compliant.len() as u64
        );
        prop_assert_eq!(
            s.status == ComplianceStatus::NonCompliant,
            !non_compliant.is_empty()
        );
        let highest = non_compliant.iter().map(|item| item.compliance_level.clone()).max();
        prop_assert_eq!(
            s.non_compliant_severity,
            highest.map(|level| level.max(ComplianceLevel::Informational))
        );
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_document_reader(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = read_document(&bytes[..]);
    }

    #[test]
    fn mangled_documents_never_panic_the_reader(
        snapshot in snapshot(Names::Any, true),
        cut in any::<prop::sample::Index>(),
        insert in "[\\[\\]{}\",:0-9a-zA-Z.\\- ]{0,8}",
    ) {
        let text = write_document(&snapshot, &SummaryOptions::default());
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mangled = format!("{}{}{}", &text[..at], insert, &text[at..]);
        let _ = read_document(mangled.as_bytes());
    }
}
