//! The AWS shapes (compliance.md 3, 4, 6): what each one writes, and that writing then reading
//! gives the same value back, in ISO 8601 and in epoch-seconds form.

// Helpers of tests: a panic is a failed test, as in #[test] functions.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};
use patchcore_baseline::{ComplianceLevel, OperatingSystem};
use patchcore_compliance::aws::{
    self, ComplianceItem, DeployablePatchSnapshot, DescribeAvailablePatchesResponse,
    DescribeEffectivePatchesForPatchBaselineResponse, DescribeInstancePatchStatesResponse,
    DescribeInstancePatchesResponse, InstancePatchState, ListComplianceItemsResponse,
    ListComplianceSummariesResponse, ListResourceComplianceSummariesResponse, Patch,
    PatchComplianceData, PatchSummaryItem, PutComplianceItems, ResourceComplianceSummaryItem,
    Shape, TimeFormat, Timestamp, patch_item_order,
};
use patchcore_compliance::{
    ComplianceStatus, Context, ErrorKind, PatchGroupState, PatchItem, PatchState, Snapshot,
    SummaryOptions,
};
use proptest::prelude::*;
use serde_json::Value;
use support::at;
use support::strategies::{Names, snapshot};

fn round_trip<T: Shape + PartialEq + std::fmt::Debug>(value: &T) {
    let text = aws::write(value);
    let back: T = aws::read(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(&back, value, "{text}");
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn row(id: &str, state: PatchState, level: ComplianceLevel) -> PatchItem {
    let mut item = PatchItem::new(id, format!("{id}:1.0-1"), state);
    item.compliance_level = level;
    item
}

/// A Windows node with one row in every state.
fn windows_snapshot() -> Snapshot {
    let mut context = Context::new("i-0123456789abcdef0", "pb-0123456789abcdef0");
    context.snapshot_id = "521c3536-930c-4aa9-950e-01234567abcd".to_owned();
    context.patch_group = "web".to_owned();
    context.install_override_list = Some("s3://bucket/list.yaml".to_owned());
    let mut snapshot = Snapshot::new(context, OperatingSystem::Windows, at(12, 0, 0));
    snapshot.items = PatchState::ALL
        .iter()
        .enumerate()
        .map(|(n, &state)| {
            let mut item = row(&format!("KB50000{n}"), state, ComplianceLevel::High);
            item.classification = "SecurityUpdates".to_owned();
            item.severity = "Important".to_owned();
            if state.is_installed() {
                item.installed_time = Some(at(3, 4, 5));
            }
            if matches!(
                state,
                PatchState::Missing | PatchState::Failed | PatchState::Installed
            ) {
                item.cve_ids = vec!["CVE-2024-1000".to_owned(), "CVE-2024-2000".to_owned()];
            }
            item
        })
        .collect();
    snapshot.available_security_updates_non_compliant = true;
    snapshot
}

#[test]
fn instance_patch_state_writes_every_count_and_round_trips_in_both_time_forms() {
    let snapshot = windows_snapshot();
    let summary = snapshot.summary(&SummaryOptions::default());
    for format in [TimeFormat::Iso8601, TimeFormat::EpochSeconds] {
        let state = InstancePatchState::new(&snapshot, &summary, format);
        round_trip(&state);
        let value = json(&aws::write(&state));
        assert_eq!(value["AvailableSecurityUpdateCount"], 1);
        assert_eq!(value["InstalledRejectedCount"], 1);
        assert_eq!(value["UnreportedNotApplicableCount"], 0);
        assert_eq!(value["SnapshotId"], "521c3536-930c-4aa9-950e-01234567abcd");
        assert_eq!(value["InstallOverrideList"], "s3://bucket/list.yaml");
        let start = &value["OperationStartTime"];
        match format {
            TimeFormat::EpochSeconds => assert_eq!(start.as_f64(), Some(1_718_884_800.0)),
            _ => assert_eq!(start, "2024-06-20T12:00:00+00:00"),
        }
    }
}

#[test]
fn instance_patch_state_reads_missing_counts_as_zero_and_negative_counts_as_not_computed() {
    let state: InstancePatchState = aws::read(
        r#"{"InstanceId": "i-08ee91c0b17045407", "PatchGroup": "", "BaselineId": "pb-0c10e65780EXAMPLE",
            "InstalledCount": 50, "MissingCount": 2, "UnreportedNotApplicableCount": -1,
            "OperationStartTime": "2020-01-24T12:37:56-08:00", "OperationEndTime": "2020-01-24T12:37:59-08:00",
            "Operation": "Scan"}"#,
    )
    .unwrap();
    assert_eq!(state.unreported_not_applicable_count, -1);
    assert_eq!(state.failed_count, 0);
    let summary = state.summary();
    assert_eq!(summary.unreported_not_applicable_count, 0);
    assert_eq!(summary.installed_count, 50);
    assert_eq!(summary.status, ComplianceStatus::NonCompliant);
    round_trip(&state);
}

#[test]
fn patch_rows_write_camel_case_states_and_read_upper_snake() {
    let snapshot = windows_snapshot();
    let response = DescribeInstancePatchesResponse::new(&snapshot, TimeFormat::Iso8601);
    let text = aws::write(&response);
    let value = json(&text);
    let states: Vec<&str> = value["Patches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["State"].as_str().unwrap())
        .collect();
    assert_eq!(states, PatchState::ALL.map(PatchState::as_str));
    assert!(
        !text.contains("ComplianceLevel"),
        "the service's shape has no level"
    );
    round_trip(&response);
    for state in PatchState::ALL {
        let upper = format!("{state:?}")
            .chars()
            .flat_map(|c| {
                let sep = c.is_uppercase().then_some('_');
                sep.into_iter().chain(c.to_uppercase())
            })
            .skip(1)
            .collect::<String>();
        let row: PatchComplianceData =
            aws::read(format!(r#"{{"KBId": "KB1", "State": "{upper}"}}"#)).unwrap();
        assert_eq!(row.state, state, "{upper}");
    }
}

#[test]
fn patch_rows_carry_cve_ids_as_one_comma_separated_string_and_epoch_when_not_installed() {
    let snapshot = windows_snapshot();
    let missing = snapshot.item("KB500004").unwrap();
    let row = PatchComplianceData::from_item(missing, TimeFormat::EpochSeconds);
    let value = json(&aws::write(&row));
    assert_eq!(value["CVEIds"], "CVE-2024-1000,CVE-2024-2000");
    assert_eq!(value["InstalledTime"].as_f64(), Some(0.0));
    assert_eq!(value["ComplianceLevel"], "HIGH");
    assert_eq!(&row.to_item(), missing);
    let other = snapshot.item("KB500001").unwrap();
    let value = json(&aws::write(&PatchComplianceData::from_item(
        other,
        TimeFormat::Iso8601,
    )));
    assert!(value.get("CVEIds").is_none());
    assert_eq!(value["InstalledTime"], "2024-06-20T03:04:05+00:00");
}

#[test]
fn patch_summary_inventory_is_all_strings_with_second_times_and_a_content_hash() {
    let mut snapshot = windows_snapshot();
    snapshot.last_no_reboot_install_operation_time = Some(at(1, 2, 3));
    let summary = snapshot.summary(&SummaryOptions::default());
    let item = PatchSummaryItem::new(&snapshot, &summary);
    let value = json(&aws::write(&item));
    assert_eq!(value["TypeName"], "AWS:PatchSummary");
    assert_eq!(value["SchemaVersion"], "1.0");
    assert_eq!(value["CaptureTime"], "2024-06-20T12:00:00Z");
    let content = value["Content"][0].as_object().unwrap();
    assert!(content.values().all(Value::is_string), "{content:?}");
    assert_eq!(content["MissingCount"], "1");
    assert_eq!(content["OperationType"], "Scan");
    assert_eq!(content["OperationStartTime"], "2024-06-20T12:00:00Z");
    assert_eq!(
        content["LastNoRebootInstallOperationTime"],
        "2024-06-20T01:02:03Z"
    );
    assert_eq!(content["NonCompliantSeverity"], "HIGH");
    assert_eq!(content["ExecutionId"], content["SnapshotId"]);
    assert_eq!(content["AvailableSecurityUpdateCount"], "1");
    assert!(
        content.get("UnreportedNotApplicableCount").is_none(),
        "zero: left out"
    );
    assert!(item.content_hash_matches());
    round_trip(&item);

    let mut changed = item.clone();
    changed.content[0].missing_count += 1;
    assert!(!changed.content_hash_matches());
    assert_ne!(changed.computed_content_hash(), item.content_hash);
    let bad: Result<PatchSummaryItem, _> = aws::read(
        aws::write(&item).replace("\"MissingCount\": \"1\"", "\"MissingCount\": \"one\""),
    );
    assert!(
        bad.unwrap_err()
            .to_string()
            .contains("count \"one\" is not a whole number")
    );
}

#[test]
fn put_compliance_items_follow_patch_manager_order_details_and_statuses() {
    let snapshot = windows_snapshot();
    let request = PutComplianceItems::new(&snapshot, TimeFormat::Iso8601);
    assert_eq!(request.resource_id, "i-0123456789abcdef0");
    assert_eq!(request.resource_type, "ManagedInstance");
    assert_eq!(request.compliance_type, "Patch");
    let summary = &request.execution_summary;
    assert_eq!(summary.execution_time.time(), at(12, 0, 0));
    assert_eq!(
        summary.execution_id.as_deref(),
        Some("521c3536-930c-4aa9-950e-01234567abcd")
    );
    assert_eq!(summary.execution_type.as_deref(), Some("Command"));
    let states: Vec<&str> = request
        .items
        .iter()
        .map(|entry| entry.details["PatchState"].as_str())
        .collect();
    assert_eq!(
        states,
        [
            "Installed",
            "InstalledOther",
            "InstalledRejected",
            "InstalledPendingReboot",
            "NotApplicable",
            "Missing",
            "Failed",
            "AvailableSecurityUpdate"
        ]
    );
    let statuses: Vec<&str> = request
        .items
        .iter()
        .map(|entry| entry.status.as_str())
        .collect();
    assert_eq!(
        statuses,
        [
            "COMPLIANT",
            "COMPLIANT",
            "NON_COMPLIANT",
            "NON_COMPLIANT",
            "",
            "NON_COMPLIANT",
            "NON_COMPLIANT",
            "NON_COMPLIANT"
        ]
    );
    for entry in &request.items {
        let mut keys: BTreeSet<&str> = [
            "PatchState",
            "PatchBaselineId",
            "PatchGroup",
            "Classification",
            "PatchSeverity",
            "InstalledTime",
            "DocumentName",
            "DocumentVersion",
            "InstallOverrideList",
        ]
        .into();
        let state = entry.details["PatchState"].as_str();
        if matches!(state, "Missing" | "Failed") {
            keys.insert("CVEIds");
            assert_eq!(entry.details["CVEIds"], "CVE-2024-1000,CVE-2024-2000");
        }
        assert_eq!(
            entry
                .details
                .keys()
                .map(String::as_str)
                .collect::<BTreeSet<_>>(),
            keys
        );
        assert_eq!(entry.severity, ComplianceLevel::High);
        assert_eq!(entry.details["PatchBaselineId"], "pb-0123456789abcdef0");
        assert_eq!(entry.details["PatchGroup"], "web");
        assert_eq!(
            entry.details["InstallOverrideList"],
            "s3://bucket/list.yaml"
        );
        assert_eq!(entry.details["DocumentName"], "");
        let installed = entry.details["InstalledTime"].as_str();
        if state.starts_with("Installed") {
            assert_eq!(installed, "2024-06-20T03:04:05Z");
        } else {
            assert_eq!(installed, "");
        }
    }
    let hash = request.item_content_hash.clone().unwrap();
    assert_eq!(hash.len(), 64);
    round_trip(&request);
    let listed = ComplianceItem::from_request(&request);
    assert_eq!(listed.len(), request.items.len());
    let mut response = ListComplianceItemsResponse::default();
    response.compliance_items = listed;
    round_trip(&response);
}

#[test]
fn a_linux_not_applicable_row_is_compliant_not_empty() {
    let mut snapshot = windows_snapshot();
    snapshot.operating_system = OperatingSystem::AmazonLinux2023;
    let request = PutComplianceItems::new(&snapshot, TimeFormat::Iso8601);
    let entry = request
        .items
        .iter()
        .find(|entry| entry.details["PatchState"] == "NotApplicable")
        .unwrap();
    assert_eq!(entry.status, "COMPLIANT");
}

#[test]
fn resource_compliance_summary_counts_items_by_status_and_level() {
    let snapshot = windows_snapshot();
    let item = ResourceComplianceSummaryItem::new(&snapshot, TimeFormat::EpochSeconds);
    assert_eq!(item.status, "NON_COMPLIANT");
    assert_eq!(item.overall_severity, ComplianceLevel::High);
    // Installed, InstalledOther compliant; NotApplicable (Windows) in neither; five not.
    assert_eq!(item.compliant_summary.compliant_count, 2);
    assert_eq!(item.compliant_summary.severity_summary.high_count, 2);
    assert_eq!(item.non_compliant_summary.non_compliant_count, 5);
    assert_eq!(item.non_compliant_summary.severity_summary.high_count, 5);
    let mut response = ListResourceComplianceSummariesResponse::default();
    response.resource_compliance_summary_items = vec![item];
    response.next_token = Some("token".to_owned());
    round_trip(&response);
}

#[test]
fn patch_group_state_is_the_fleet_aggregate_printed_with_every_count() {
    let mut group = PatchGroupState::default();
    let snapshot = windows_snapshot();
    group.add(&snapshot.summary(&SummaryOptions::default()));
    let mut empty = snapshot;
    empty.items.clear();
    group.add(&empty.summary(&SummaryOptions::default()));
    assert_eq!(group.instances, 2);
    assert_eq!(group.instances_with_missing_patches, 1);
    assert_eq!(group.instances_with_available_security_updates, 1);
    assert_eq!(group.instances_with_unreported_not_applicable_patches, 0);
    let value = json(&aws::write(&group));
    assert_eq!(
        value.as_object().unwrap().len(),
        13,
        "every count is written"
    );
    assert_eq!(value["InstancesWithMissingPatches"], 1);
    round_trip(&group);
}

#[test]
fn patch_group_state_reads_absent_counts_as_zero_and_rejects_negative_ones() {
    let state: PatchGroupState =
        aws::read(r#"{"Instances": 21, "InstancesWithMissingPatches": 3}"#).unwrap();
    assert_eq!(state.instances, 21);
    assert_eq!(state.instances_with_missing_patches, 3);
    assert_eq!(state.instances_with_available_security_updates, 0);
    let error = aws::read::<PatchGroupState>(r#"{"Instances": -1}"#).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::WrongShape { .. }),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .starts_with("DescribePatchGroupState response: "),
        "{error}"
    );
}

#[test]
fn catalog_and_snapshot_shapes_round_trip() {
    // Our own fixtures in the shapes of compliance.md 4.2 and 4.3.
    let linux: DescribeAvailablePatchesResponse = aws::read(
        r#"{"Patches": [{"AdvisoryIds": ["ALAS-2024-1"], "BugzillaIds": ["1"], "CVEIds": ["CVE-2024-1"],
            "Classification": "SECURITY", "Name": "zlib", "Epoch": 0, "Version": "1.2.7",
            "Release": "19.amzn2.0.3", "Arch": "x86_64", "Product": "AmazonLinux2",
            "ReleaseDate": 1717200000, "Severity": "CRITICAL", "Repository": "amzn2-core"}]}"#,
    )
    .unwrap();
    assert_eq!(linux.patches[0].epoch, Some(0));
    round_trip(&linux);
    let text_epoch: Patch = aws::read(r#"{"Epoch": "32"}"#).unwrap();
    assert_eq!(text_epoch.epoch, Some(32));
    assert!(aws::read::<Patch>(r#"{"Epoch": "x"}"#).is_err());

    let effective: DescribeEffectivePatchesForPatchBaselineResponse = aws::read(
        r#"{"EffectivePatches": [{"Patch": {"Id": "00000000-0000-0000-0000-000000000001",
            "KbNumber": "KB5039227", "MsrcSeverity": "Critical", "ReleaseDate": 1718125200.0},
            "PatchStatus": {"DeploymentStatus": "PENDING_APPROVAL", "ComplianceLevel": "CRITICAL",
            "ApprovalDate": 1718730000.0}}], "NextToken": "abc"}"#,
    )
    .unwrap();
    let status = &effective.effective_patches[0].patch_status;
    assert_eq!(status.compliance_level, Some(ComplianceLevel::Critical));
    assert_eq!(
        status.approval_date.map(|t| t.time()),
        Some(Utc.with_ymd_and_hms(2024, 6, 18, 17, 0, 0).unwrap())
    );
    round_trip(&effective);

    let deployable: DeployablePatchSnapshot = aws::read(
        r#"{"InstanceId": "i-0123456789abcdef0", "SnapshotId": "521c3536-930c-4aa9-950e-01234567abcd",
            "Product": "AmazonLinux2", "SnapshotDownloadUrl": "https://example.invalid/snapshot"}"#,
    )
    .unwrap();
    round_trip(&deployable);

    let summaries: ListComplianceSummariesResponse = aws::read(
        r#"{"ComplianceSummaryItems": [{"ComplianceType": "Patch",
            "CompliantSummary": {"CompliantCount": 1, "SeveritySummary": {"CriticalCount": 0,
            "HighCount": 0, "MediumCount": 0, "LowCount": 0, "InformationalCount": 0, "UnspecifiedCount": 1}},
            "NonCompliantSummary": {"NonCompliantCount": 1, "SeveritySummary": {"CriticalCount": 1,
            "HighCount": 0, "MediumCount": 0, "LowCount": 0, "InformationalCount": 0, "UnspecifiedCount": 0}}}]}"#,
    )
    .unwrap();
    round_trip(&summaries);
}

#[test]
fn shapes_with_unknown_fields_still_read() {
    let state: DescribeInstancePatchStatesResponse =
        aws::read(r#"{"InstancePatchStates": [], "NextToken": "t", "SomethingNew": {"a": [1]}}"#)
            .unwrap();
    assert_eq!(state.next_token.as_deref(), Some("t"));
}

#[test]
fn epoch_times_read_as_integer_or_float_and_write_back_as_read() {
    let at: Timestamp = serde_json::from_str("1550408470").unwrap();
    assert_eq!(at.format(), TimeFormat::EpochSeconds);
    assert_eq!(serde_json::to_string(&at).unwrap(), "1550408470.0");
    let iso: Timestamp = serde_json::from_str("\"2019-02-17T13:01:10Z\"").unwrap();
    assert_eq!(iso.time(), at.time());
    assert_eq!(
        serde_json::to_string(&iso).unwrap(),
        "\"2019-02-17T13:01:10+00:00\""
    );
}

#[test]
fn not_json_and_json_of_another_shape_are_told_apart() {
    // aws-cli `--output text`: a number, then more text on the line.
    let error = aws::read::<DescribeInstancePatchStatesResponse>("1       i-02573cafcfEXAMPLE\n")
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::InvalidJson {
                line: 1,
                column: 9,
                ..
            }
        ),
        "{error}"
    );
    let error = aws::read::<DescribeInstancePatchStatesResponse>(r#"{"Patches": []}"#).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::WrongShape { .. }),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .contains("missing field `InstancePatchStates`"),
        "{error}"
    );
    let error = aws::read::<PatchComplianceData>(r#"{"KBId": "KB1", "State": "Pending\nReboot"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("unknown variant `Pending\\nReboot`"),
        "one line: {error}"
    );
}

/// Every reader, for the never-panics property.
fn read_with_every_reader(bytes: &[u8]) {
    let _ = aws::read::<InstancePatchState>(bytes);
    let _ = aws::read::<PatchComplianceData>(bytes);
    let _ = aws::read::<DescribeInstancePatchStatesResponse>(bytes);
    let _ = aws::read::<DescribeInstancePatchesResponse>(bytes);
    let _ = aws::read::<PatchSummaryItem>(bytes);
    let _ = aws::read::<PutComplianceItems>(bytes);
    let _ = aws::read::<ComplianceItem>(bytes);
    let _ = aws::read::<ListComplianceItemsResponse>(bytes);
    let _ = aws::read::<ListComplianceSummariesResponse>(bytes);
    let _ = aws::read::<ListResourceComplianceSummariesResponse>(bytes);
    let _ = aws::read::<Patch>(bytes);
    let _ = aws::read::<DescribeAvailablePatchesResponse>(bytes);
    let _ = aws::read::<DescribeEffectivePatchesForPatchBaselineResponse>(bytes);
    let _ = aws::read::<PatchGroupState>(bytes);
    let _ = aws::read::<DeployablePatchSnapshot>(bytes);
}

proptest! {
    #[test]
    fn every_per_node_shape_round_trips(snapshot in snapshot(Names::Any, false), epoch in any::<bool>()) {
        let format = if epoch { TimeFormat::EpochSeconds } else { TimeFormat::Iso8601 };
        let summary = snapshot.summary(&SummaryOptions::default());
        round_trip(&InstancePatchState::new(&snapshot, &summary, format));
        round_trip(&DescribeInstancePatchesResponse::new(&snapshot, format));
        round_trip(&PatchSummaryItem::new(&snapshot, &summary));
        round_trip(&PutComplianceItems::new(&snapshot, format));
        round_trip(&ResourceComplianceSummaryItem::new(&snapshot, format));
        for item in &snapshot.items {
            let row = PatchComplianceData::from_item(item, format);
            round_trip(&row);
            prop_assert_eq!(&row.to_item(), item);
        }
    }

    #[test]
    fn instance_patch_state_counts_are_the_summary_counts(snapshot in snapshot(Names::Any, false)) {
        let summary = snapshot.summary(&SummaryOptions::default());
        let state = InstancePatchState::new(&snapshot, &summary, TimeFormat::Iso8601);
        let back = state.summary();
        prop_assert_eq!(back.status, summary.status);
        prop_assert_eq!(back.missing_count, summary.missing_count);
        prop_assert_eq!(back.not_applicable_count, summary.not_applicable_count);
        prop_assert_eq!(back.other_non_compliant_count, summary.other_non_compliant_count);
    }

    #[test]
    fn compliance_items_are_in_state_group_then_id_order(snapshot in snapshot(Names::Any, false)) {
        let request = PutComplianceItems::new(&snapshot, TimeFormat::Iso8601);
        prop_assert_eq!(request.items.len(), snapshot.items.len());
        let keys: Vec<(u8, &str)> = request
            .items
            .iter()
            .map(|entry| {
                let state = snapshot
                    .items
                    .iter()
                    .find(|item| item.id == entry.id && item.state.as_str() == entry.details["PatchState"])
                    .unwrap()
                    .state;
                (patch_item_order(state), entry.id.as_str())
            })
            .collect();
        prop_assert!(keys.windows(2).all(|pair| pair[0] <= pair[1]), "{:?}", keys);
    }

    #[test]
    fn arbitrary_bytes_never_panic_any_reader(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        read_with_every_reader(&bytes);
    }

    #[test]
    fn json_like_text_never_panics_any_reader(
        text in "[\\[\\]{}\",:. 0-9eE+\\-a-zA-Z\\n]{0,200}",
    ) {
        read_with_every_reader(text.as_bytes());
    }
}
