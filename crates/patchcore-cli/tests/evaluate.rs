//! `patchcore scan` (table), `explain`, `forecast` and `plan` on our fixture nodes, run as real
//! processes: the output states the facts, the exit status gates, and every bad input is one
//! line on stderr with exit status 2.
#![cfg(test)]

mod common;

use common::{NOW, assert_one_line_error, fixture, on_node, patchcore, says, says_row, scratch};

fn debian() -> String {
    fixture("debian-node")
}

fn al2023() -> String {
    fixture("al2023-node")
}

#[test]
fn scan_of_a_node_missing_a_security_update_is_non_compliant_and_exits_1() {
    // AWS-DebianDefaultPatchBaseline approves only security-pocket versions: openssl has one,
    // tzdata only a non-security update (evaluation.md 1.4, compliance.md example C).
    let run = on_node(&["scan"], &debian(), &[]);
    assert_eq!(run.code, 1, "{run:?}");
    says(&run, "is NON_COMPLIANT with AWS-DebianDefaultPatchBaseline");
    says(
        &run,
        "Installed 1, InstalledOther 3, Missing 1, NotApplicable 1",
    );
    says_row(&run, "openssl.amd64", "Missing", "3.0.17-1~deb12u2");
    // tzdata has only a non-security update: InstalledOther, not listed as non-compliant.
    assert_eq!(common::row(&run, "tzdata.amd64"), None, "{}", run.stdout);
    // The predefined baseline is named by its catalog ARN.
    says(&run, "arn:aws:ssm:us-east-1:");
    // Not a terminal: no colour codes.
    assert!(!run.stdout.contains('\x1b'));
}

#[test]
fn scan_with_non_security_enabled_reports_the_updates_pocket_too() {
    let run = patchcore(&[
        "scan",
        "--node-dir",
        &debian(),
        "--baseline",
        &fixture("all-priorities.json"),
        "--now",
        NOW,
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    says_row(&run, "tzdata.amd64", "Missing", "2025b-0+deb12u1");
    says(&run, "severity   HIGH");
}

#[test]
fn scan_of_a_compliant_node_exits_0() {
    // Without the security list nothing newer is approved.
    let dir = scratch("compliant");
    common::copy_dir(std::path::Path::new(&debian()), &dir);
    for entry in std::fs::read_dir(dir.join("lists")).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().contains("security") {
            std::fs::remove_file(path).unwrap();
        }
    }
    let run = on_node(&["scan"], dir.to_str().unwrap(), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    says(&run, "is COMPLIANT");
    assert!(
        !run.stdout.contains("Non-compliant patches"),
        "{}",
        run.stdout
    );
}

#[test]
fn scan_table_dates_the_oldest_approval_and_forecasts_the_next() {
    // AL2023 default: Security/Important after 7 days. openssl's notice (2024-06-05) was approved
    // after 2024-06-12T00:00Z, 8 days before NOW; curl's (2024-06-17) is approved after
    // 2024-06-24T00:00Z, 3.5 days after NOW.
    let run = on_node(&["scan"], &al2023(), &["--node-id", "i-0123456789abcdef0"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .starts_with("i-0123456789abcdef0 (AmazonLinux2023"),
        "{}",
        run.stdout
    );
    says(
        &run,
        "the oldest approved missing patch was approved 8 days ago",
    );
    says(&run, "in 3 days 1 more becomes required");
    says_row(
        &run,
        "openssl-libs.x86_64",
        "Missing",
        "1:3.0.8-1.amzn2023.0.16",
    );
}

#[test]
fn snapshot_ids_are_derived_from_the_inputs_unless_given() {
    let args = ["scan", "--node-dir", &al2023(), "--now", NOW];
    let snapshot = |run: &common::Run| {
        run.stdout
            .lines()
            .find_map(|l| l.trim().strip_prefix("snapshot   "))
            .unwrap()
            .to_owned()
    };
    let first = snapshot(&patchcore(&args));
    assert_eq!(first, snapshot(&patchcore(&args)), "same inputs, same id");
    assert_eq!(first.len(), 36);
    assert_eq!(first.as_bytes()[14], b'5', "a UUID version 5: {first}");
    let later = snapshot(&patchcore(&[
        "scan",
        "--node-dir",
        &al2023(),
        "--now",
        "2024-06-25T12:00:00Z",
    ]));
    assert_ne!(first, later, "another instant, another id");
    let given = "0b4a3f8e-1111-4222-8333-944455556666";
    let run = on_node(&["scan"], &al2023(), &["--snapshot-id", given]);
    assert_eq!(snapshot(&run), given);
}

#[test]
fn explain_traces_the_decision_of_a_bare_name_per_installed_architecture() {
    let run = on_node(&["explain", "curl"], &al2023(), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let first = run.stdout.lines().next().unwrap();
    assert_eq!(
        first,
        "curl.x86_64 0:8.5.0-1.amzn2023.0.2 → InstalledOther: no version is approved"
    );
    says(&run, "ALAS2023-2024-640");
    says(&run, "approval after 2024-06-24");

    let json = patchcore(&[
        "explain",
        "openssl.amd64",
        "--node-dir",
        &debian(),
        "--now",
        NOW,
        "--format",
        "json",
    ]);
    assert_eq!(json.code, 0, "{json:?}");
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value[0]["id"], "openssl.amd64");
    assert_eq!(value[0]["state"], "Missing");
    assert_eq!(value[0]["reported"], "3.0.17-1~deb12u2");
}

#[test]
fn forecast_dates_each_change() {
    let run = on_node(&["forecast", "--days", "10"], &al2023(), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    says(
        &run,
        "NON_COMPLIANT at 2024-06-20T12:00:00Z; forecast until 2024-06-30T12:00:00Z",
    );
    says(&run, "after 2024-06-24T00:00:00Z  curl.x86_64");
    says(&run, "InstalledOther -> Missing");

    // Within 2 days nothing changes.
    let run = on_node(&["forecast", "--days", "2"], &al2023(), &[]);
    says(&run, "no state changes within the horizon");

    // A compliant node (scanned before openssl's approval) turns non-compliant after it.
    let run = patchcore(&[
        "forecast",
        "--node-dir",
        &al2023(),
        "--now",
        "2024-06-10T00:00:00Z",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["compliant_now"], true);
    assert_eq!(value["non_compliant_after"], "2024-06-12T00:00:00Z");
}

#[test]
fn plan_names_each_target_and_the_states_after_the_run() {
    let run = on_node(&["plan"], &al2023(), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    says(&run, "1 update");
    says(&run, "openssl-libs.x86_64");
    says(&run, "1:3.0.8-1.amzn2023.0.14 -> 1:3.0.8-1.amzn2023.0.16");
    says(&run, "the run reboots the node");
    says(
        &run,
        "after the run: COMPLIANT (Installed 1, InstalledOther 2)",
    );

    // NoReboot: the update stays pending a reboot, the node non-compliant.
    let run = on_node(&["plan", "--reboot-option", "NoReboot"], &al2023(), &[]);
    says(&run, "does not reboot");
    says(&run, "InstalledPendingReboot");
}

#[test]
fn plan_json_names_targets_and_counts_the_states_after_the_run() {
    let run = on_node(&["plan"], &debian(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let update = &value["plan"]["updates"][0];
    assert_eq!(update["name"], "openssl");
    assert_eq!(update["to"]["deb"], "3.0.17-1~deb12u2");
    assert_eq!(value["reboots"], true);
    // openssl joins curl as Installed; nothing stays non-compliant.
    assert_eq!(value["after"]["Installed"], 2);
    assert_eq!(value["after"].get("Missing"), None);
}

#[test]
fn plan_with_an_override_list_installs_what_it_names() {
    let dir = scratch("override");
    let list = dir.join("override.yaml");
    std::fs::write(&list, "patches:\n  - id: 'curl.x86_64'\n").unwrap();
    let run = patchcore(&[
        "plan",
        "--override-list",
        list.to_str().unwrap(),
        "--node-dir",
        &al2023(),
        "--now",
        NOW,
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    says(&run, "(the install override list): 1 update");
    let planned = run.stdout.split("the run").next().unwrap();
    assert!(planned.contains("curl.x86_64"), "{}", run.stdout);
    assert!(
        planned.contains("-> 0:8.5.0-1.amzn2023.0.5"),
        "{}",
        run.stdout
    );
    // The baseline's Missing openssl is not what the list names: it stays Missing.
    assert!(!planned.contains("openssl-libs.x86_64"), "{}", run.stdout);
    says(&run, "after the run: NON_COMPLIANT");
}

#[test]
fn a_corrupt_input_file_is_one_line_naming_the_file_and_exit_2() {
    let dir = scratch("corrupt");
    common::copy_dir(std::path::Path::new(&al2023()), &dir);
    std::fs::write(
        dir.join("updateinfo.xml"),
        "<updates><update type=\"security\"><id>X</id><pkglist><collection><package name=\"a\"",
    )
    .unwrap();
    for command in ["scan", "explain", "forecast", "plan"] {
        let mut args = vec![command];
        if command == "explain" {
            args.push("curl");
        }
        let dir = dir.to_str().unwrap();
        args.extend(["--node-dir", dir, "--now", NOW]);
        let run = patchcore(&args);
        assert_one_line_error(&run);
        assert!(run.stderr.contains("updateinfo.xml"), "{run:?}");
        assert!(run.stdout.is_empty(), "{run:?}");
    }
}

#[test]
fn missing_files_unknown_baselines_and_unsupported_systems_exit_2() {
    let missing = patchcore(&[
        "scan",
        "--os-release",
        "/nonexistent/os-release",
        "--now",
        NOW,
    ]);
    assert_one_line_error(&missing);
    assert!(
        missing.stderr.contains("/nonexistent/os-release"),
        "{missing:?}"
    );

    for (baseline, named) in [
        ("AWS-NoSuchBaseline", "AWS-NoSuchBaseline"),
        (
            "AWS-UbuntuDefaultPatchBaseline",
            "is for UBUNTU, the node runs DEBIAN",
        ),
    ] {
        let run = on_node(&["scan"], &debian(), &["--baseline", baseline]);
        assert_one_line_error(&run);
        assert!(run.stderr.contains(named), "{run:?}");
    }

    let dir = scratch("haiku");
    std::fs::write(
        dir.join("os-release"),
        "NAME=Haiku\nID=haiku\nVERSION_ID=r1beta4\n",
    )
    .unwrap();
    let run = on_node(&["scan"], dir.to_str().unwrap(), &[]);
    assert_one_line_error(&run);
    assert!(run.stderr.contains("haiku"), "{run:?}");

    let bad_baseline = dir.join("baseline.json");
    std::fs::write(
        &bad_baseline,
        "{\"OperatingSystem\": \"DEBIAN\", \"ApprovalRules\": ",
    )
    .unwrap();
    let run = patchcore(&[
        "scan",
        "--node-dir",
        &debian(),
        "--baseline",
        bad_baseline.to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert_one_line_error(&run);
    assert!(run.stderr.contains("baseline.json"), "{run:?}");

    // A describe-patch-baselines listing names baselines but holds none: said so, with its size.
    let listing = dir.join("listing.json");
    std::fs::write(
        &listing,
        r#"{"BaselineIdentities": [{"BaselineId": "pb-0123456789abcdef0", "BaselineName": "web", "OperatingSystem": "DEBIAN"}]}"#,
    )
    .unwrap();
    let run = patchcore(&[
        "scan",
        "--node-dir",
        &debian(),
        "--baseline",
        listing.to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert_one_line_error(&run);
    assert!(run.stderr.contains("listing.json"), "{run:?}");
    assert!(
        run.stderr.contains("listing of 1 baseline identities"),
        "{run:?}"
    );

    let run = patchcore(&["scan", "--node-dir", &debian(), "--now", "yesterday"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("yesterday"), "{run:?}");
}

#[test]
fn a_reader_that_closes_early_is_not_a_panic() {
    // `patchcore scan | head -1`: the pipe closes before the output is written.
    let debian = debian();
    let scan = |format| {
        vec![
            "scan",
            "--node-dir",
            &debian,
            "--now",
            NOW,
            "--format",
            format,
        ]
    };
    let runs: [(Vec<&str>, i32); 5] = [
        (scan("table"), 1),
        (scan("json"), 1),
        (scan("csv"), 1),
        (
            vec!["explain", "openssl", "--node-dir", &debian, "--now", NOW],
            0,
        ),
        (vec!["baseline", "list"], 0),
    ];
    for (args, code) in runs {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_patchcore"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_cloudformation_yaml_baseline_is_chosen_by_the_nodes_operating_system() {
    let run = on_node(
        &["scan"],
        &debian(),
        &["--baseline", &fixture("debian-template.yaml")],
    );
    assert_eq!(run.code, 1, "{run:?}");
    says(&run, "is NON_COMPLIANT with debian-everything");
    says(&run, "severity   CRITICAL");
    says_row(&run, "tzdata.amd64", "Missing", "2025b-0+deb12u1");
}

#[test]
fn a_windows_node_reports_missing_and_available_security_updates() {
    // AWS-DefaultPatchBaseline: security updates after 7 days, AvailableSecurityUpdates
    // NON_COMPLIANT (compliance.md example D). KB5039227 (2024-06-11) is approved, KB5039343
    // (2024-06-17T17:00Z) is not yet: an AvailableSecurityUpdate until 2024-06-24T17:00Z.
    let node = fixture("windows-node");
    let run = on_node(&["scan"], &node, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    says(
        &run,
        "(WindowsServer2022, Microsoft Windows Server 2022 Datacenter) is NON_COMPLIANT with AWS-DefaultPatchBaseline",
    );
    says(
        &run,
        "counts     InstalledOther 2, Missing 1, AvailableSecurityUpdate 1",
    );
    says(&run, "KB5039227  Missing");
    says(&run, "KB5039343  AvailableSecurityUpdate");
    says(&run, "approved 2 days ago");

    let json = on_node(&["scan"], &node, &["--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(document["PatchState"]["AvailableSecurityUpdateCount"], 1);
    assert_eq!(document["PatchState"]["SecurityNonCompliantCount"], 2);

    let forecast = on_node(&["forecast"], &node, &[]);
    says(&forecast, "after 2024-06-24T17:00:00Z  KB5039343");
    says(&forecast, "AvailableSecurityUpdate -> Missing");
}

#[test]
fn damaged_node_files_give_a_verdict_or_one_line_never_a_panic() {
    // Every file of two fixture nodes, cut short at a few places or overwritten with bytes
    // that are not text: the scan still answers 0 or 1, or fails in one line with 2.
    for node in [debian(), al2023()] {
        let node = std::path::Path::new(&node);
        let files = [
            "os-release",
            "status",
            "rpm-qa.txt",
            "primary.xml",
            "updateinfo.xml",
        ];
        for name in files.iter().filter(|n| node.join(n).is_file()) {
            let original = std::fs::read(node.join(name)).unwrap();
            let damaged: Vec<Vec<u8>> = vec![
                original[..original.len() / 3].to_vec(),
                original[..original.len() * 2 / 3].to_vec(),
                b"\xff\xfe\x00garbage\x80".to_vec(),
                Vec::new(),
            ];
            for (n, bytes) in damaged.into_iter().enumerate() {
                let dir = scratch(&format!("damaged-{name}-{n}"));
                common::copy_dir(node, &dir);
                std::fs::write(dir.join(name), bytes).unwrap();
                let run = on_node(&["scan"], dir.to_str().unwrap(), &[]);
                match run.code {
                    0 | 1 => assert!(run.stderr.is_empty(), "{name} #{n}: {run:?}"),
                    _ => assert_one_line_error(&run),
                }
            }
        }
    }
}
