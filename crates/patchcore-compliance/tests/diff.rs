//! Diffs of two snapshots of one node: named transitions, count/status/severity changes, the
//! JSON form, and the laws `diff(a, a)` is empty and `diff(a, b).apply(a) == b`.
// Test helpers outside #[test] functions: a panic there is a failed test.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use patchcore_baseline::ComplianceLevel;
use patchcore_compliance::{
    ChangeKind, ComplianceStatus, ErrorKind, PatchState, Snapshot, SnapshotDiff, diff,
};
use proptest::prelude::*;
use support::examples::{example_a, example_b};
use support::strategies::node_snapshot;
use support::{NODE, at, node_with, row, snapshot, sort};

#[test]
fn a_snapshot_diffed_with_itself_is_empty() {
    let a = example_a();
    let d = diff(&a, &a).unwrap();
    assert!(d.is_empty());
    assert!(d.to_string().ends_with("no changes\n"));
}

#[test]
fn the_rendering_names_the_node_or_says_it_has_no_id() {
    let mut a = example_a();
    let named = diff(&a, &a).unwrap().to_string();
    assert!(named.starts_with(&format!("{}: ", a.node_id)), "{named}");
    a.node_id.clear();
    let unnamed = diff(&a, &a).unwrap().to_string();
    assert!(unnamed.starts_with("(no node id): "), "{unnamed}");
}

#[test]
fn missing_to_installed_pending_reboot_is_a_named_state_transition() {
    let d = diff(&example_a(), &example_b(1)).unwrap();
    let ids: Vec<&str> = d.patches.iter().map(|p| p.id()).collect();
    assert_eq!(
        ids,
        [
            "amazon-ssm-agent.x86_64",
            "openssl.x86_64",
            "vim-enhanced.x86_64"
        ]
    );
    for patch in &d.patches {
        assert_eq!(patch.kind(), ChangeKind::StateChanged);
        assert_eq!(
            patch.transition(),
            Some((PatchState::Missing, PatchState::InstalledPendingReboot))
        );
    }
    assert!(d.to_string().contains(
        "~ openssl.x86_64: Missing → InstalledPendingReboot (openssl.x86_64:1:1.0.2k-24.amzn2.0.10)"
    ));
}

#[test]
fn every_changed_summary_count_is_listed_in_api_field_order() {
    // Example B step 1: pending reboot 0 → 3, missing 3 → 0; the Critical/Security/Other counts
    // stay 1/2/1 because pending-reboot rows are non-compliant with the same levels.
    let d = diff(&example_a(), &example_b(1)).unwrap();
    let counts: Vec<(&str, u64, u64)> = d
        .counts
        .iter()
        .map(|c| (c.name.as_str(), c.before, c.after))
        .collect();
    assert_eq!(
        counts,
        [
            ("InstalledPendingRebootCount", 0, 3),
            ("MissingCount", 3, 0)
        ]
    );
    assert_eq!(d.counts[1].delta(), -3);
    assert_eq!(d.status, None);
    assert_eq!(d.severity, None);
}

#[test]
fn status_and_severity_changes_are_reported() {
    // Example B step 3: the node becomes COMPLIANT, its severity CRITICAL disappears.
    let d = diff(&example_b(1), &example_b(3)).unwrap();
    let status = d.status.as_ref().unwrap();
    assert_eq!(
        (status.before, status.after),
        (ComplianceStatus::NonCompliant, ComplianceStatus::Compliant)
    );
    let severity = d.severity.as_ref().unwrap();
    assert_eq!(
        (severity.before.clone(), severity.after.clone()),
        (Some(ComplianceLevel::Critical), None)
    );
    let text = d.to_string();
    assert!(
        text.contains("status: NON_COMPLIANT → COMPLIANT\n"),
        "{text}"
    );
    assert!(text.contains("severity: CRITICAL → none\n"), "{text}");
    assert!(text.contains("InstalledCount: 2 → 5 (+3)\n"), "{text}");
    assert!(
        text.contains("CriticalNonCompliantCount: 1 → 0 (-1)\n"),
        "{text}"
    );
}

#[test]
fn installed_to_missing_names_the_new_target_title() {
    // A newer approved openssl appeared: the row names the new target version.
    let a = node_with(
        "",
        vec![row(
            "openssl.x86_64",
            "openssl.x86_64:1:1.0.2k-24.amzn2.0.10",
            PatchState::Installed,
            ComplianceLevel::Critical,
            "Security",
        )],
    );
    let mut b = a.clone();
    b.items[0].state = PatchState::Missing;
    b.items[0].title = "openssl.x86_64:1:1.0.2k-24.amzn2.0.11".to_owned();
    let d = diff(&a, &b).unwrap();
    assert_eq!(d.patches.len(), 1);
    assert_eq!(d.patches[0].kind(), ChangeKind::StateChanged);
    assert_eq!(
        d.patches[0].to_string(),
        "~ openssl.x86_64: Installed → Missing, now openssl.x86_64:1:1.0.2k-24.amzn2.0.11 \
         (was openssl.x86_64:1:1.0.2k-24.amzn2.0.10)"
    );
}

/// A node whose one row is the `InstalledOther` nano of example A.
fn nano_node() -> Snapshot {
    node_with(
        "",
        vec![row(
            "nano.x86_64",
            "nano.x86_64:2.9.8-2.amzn2",
            PatchState::InstalledOther,
            ComplianceLevel::Unspecified,
            "",
        )],
    )
}

#[test]
fn title_change_in_the_same_state_is_an_update() {
    let a = nano_node();
    let mut b = a.clone();
    b.items[0].title = "nano.x86_64:2.9.8-3.amzn2".to_owned();
    b.items[0].classification = "Bugfix".to_owned();
    let d = diff(&a, &b).unwrap();
    assert_eq!(d.patches[0].kind(), ChangeKind::Updated);
    assert_eq!(
        d.patches[0].to_string(),
        "~ nano.x86_64: InstalledOther, now nano.x86_64:2.9.8-3.amzn2 (was nano.x86_64:2.9.8-2.amzn2); \
         changed: Classification"
    );
    assert!(d.counts.is_empty());
}

#[test]
fn new_rows_are_added_and_vanished_rows_removed() {
    let a = nano_node();
    let b = node_with(
        "",
        vec![row(
            "curl.x86_64",
            "curl.x86_64:8.3.0-1.amzn2.0.7",
            PatchState::Missing,
            ComplianceLevel::Critical,
            "Security",
        )],
    );
    let d = diff(&a, &b).unwrap();
    let kinds: Vec<(&str, ChangeKind)> = d.patches.iter().map(|p| (p.id(), p.kind())).collect();
    assert_eq!(
        kinds,
        [
            ("curl.x86_64", ChangeKind::Added),
            ("nano.x86_64", ChangeKind::Removed)
        ]
    );
    let text = d.to_string();
    assert!(
        text.contains("+ curl.x86_64: new Missing (curl.x86_64:8.3.0-1.amzn2.0.7)\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "- nano.x86_64: InstalledOther row disappeared (nano.x86_64:2.9.8-2.amzn2)\n"
        ),
        "{text}"
    );
}

#[test]
fn several_rows_of_one_kbid_are_matched_by_title() {
    // Two installed kernels; the older one is removed and a newer one is Missing.
    let kernel = |version: &str, state| {
        row(
            "kernel.x86_64",
            &format!("kernel.x86_64:{version}"),
            state,
            ComplianceLevel::High,
            "Security",
        )
    };
    let mut a = snapshot("i-0123456789abcdef0", "", at(12, 0, 0));
    a.items = vec![
        kernel("5.10.1", PatchState::InstalledOther),
        kernel("5.10.2", PatchState::Installed),
    ];
    let mut b = a.clone();
    b.items = vec![
        kernel("5.10.2", PatchState::Installed),
        kernel("5.10.3", PatchState::Missing),
    ];
    sort(&mut b.items);
    let d = diff(&a, &b).unwrap();
    let kinds: Vec<ChangeKind> = d.patches.iter().map(|p| p.kind()).collect();
    assert_eq!(kinds, [ChangeKind::Removed, ChangeKind::Added]);
    assert_eq!(d.apply(&a.items).unwrap(), b.items);
}

#[test]
fn snapshots_of_different_nodes_are_an_error_naming_both() {
    let a = example_a();
    let mut b = example_a();
    b.node_id = "i-0fedcba9876543210".to_owned();
    let error = diff(&a, &b).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::DifferentNodes { before, after }
            if before == "i-0123456789abcdef0" && after == "i-0fedcba9876543210"),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "snapshot diff: the snapshots are of different nodes: \"i-0123456789abcdef0\" and \"i-0fedcba9876543210\""
    );
}

#[test]
fn a_huge_node_id_is_cut_in_the_message() {
    let a = example_a();
    let mut b = example_a();
    b.node_id = "i".repeat(1_000_000);
    let message = diff(&a, &b).unwrap_err().to_string();
    assert!(message.len() < 200, "{} bytes", message.len());
    assert!(message.ends_with("iii\"…"), "{message}");
}

#[test]
fn applying_a_diff_to_rows_it_was_not_made_from_is_an_error() {
    let d = diff(&example_a(), &example_b(1)).unwrap();
    let error = d.apply(&[]).unwrap_err();
    assert!(
        error.to_string().contains("amazon-ssm-agent.x86_64"),
        "{error}"
    );
}

#[test]
fn baseline_change_is_reported() {
    let a = example_a();
    let mut b = example_a();
    b.baseline_id = "pb-0fedcba9876543210".to_owned();
    let d = diff(&a, &b).unwrap();
    assert!(!d.is_empty());
    assert!(
        d.to_string()
            .contains("baseline: pb-0a1b2c3d4e5f60718 → pb-0fedcba9876543210\n")
    );
}

#[test]
fn json_form_names_fields_as_aws_does_and_reads_back() {
    let d = diff(&example_a(), &example_b(1)).unwrap();
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["NodeId"], "i-0123456789abcdef0");
    assert_eq!(json["BeforeTime"], "2024-06-20T12:00:00Z");
    assert_eq!(json["Counts"][0]["Name"], "InstalledPendingRebootCount");
    let patch = &json["Patches"][1];
    assert_eq!(patch["KBId"], "openssl.x86_64");
    assert_eq!(patch["Change"], "StateChanged");
    assert_eq!(patch["Before"]["State"], "Missing");
    assert_eq!(patch["After"]["State"], "InstalledPendingReboot");
    assert_eq!(patch["After"]["ComplianceLevel"], "CRITICAL");
    // Rows as the saved document writes them: no time is the epoch, CVE ids one string.
    assert_eq!(
        patch["Before"]["InstalledTime"],
        "1970-01-01T00:00:00+00:00"
    );
    assert_eq!(patch["After"]["InstalledTime"], "2024-06-20T13:03:00+00:00");
    assert_eq!(patch["After"]["Severity"], "Important");
    let back: SnapshotDiff = serde_json::from_value(json).unwrap();
    assert_eq!(back, d);
}

#[test]
fn json_patch_change_without_rows_is_rejected() {
    let error =
        serde_json::from_str::<patchcore_compliance::PatchChange>(r#"{"KBId":"x"}"#).unwrap_err();
    assert!(error.to_string().contains("Before or an After"), "{error}");
}

proptest! {
    #[test]
    fn diff_of_a_snapshot_with_itself_is_empty(a in node_snapshot(NODE)) {
        prop_assert!(diff(&a, &a).unwrap().is_empty());
    }

    #[test]
    fn applying_diff_a_b_to_the_rows_of_a_gives_the_rows_of_b(
        a in node_snapshot(NODE),
        b in node_snapshot(NODE),
    ) {
        let d = diff(&a, &b).unwrap();
        prop_assert_eq!(&d.apply(&a.items).unwrap(), &b.items);
        // The JSON form carries everything apply needs.
        let back: SnapshotDiff = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        prop_assert_eq!(&back, &d);
        // The diff is empty exactly when nothing the summary or rows show changed.
        prop_assert_eq!(d.patches.is_empty(), a.items == b.items);
    }
}
