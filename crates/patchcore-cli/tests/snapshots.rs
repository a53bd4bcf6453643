//! `scan --format json|csv` (the saved-snapshot document and the CSV report), then what reads
//! saved snapshots: `diff`, `report` and `fleet` — including the fleet directory layout.
#![cfg(test)]

mod common;

use std::path::Path;

use common::{NOW, assert_one_line_error, copy_dir, fixture, on_node, patchcore, says, scratch};

fn save_scan(dir: &Path, name: &str, node: &str, now: &str) -> String {
    let run = patchcore(&[
        "scan",
        "--node-dir",
        &fixture(node),
        "--now",
        now,
        "--node-id",
        "i-0123456789abcdef0",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    let path = dir.join(name);
    std::fs::write(&path, &run.stdout).unwrap();
    path.display().to_string()
}

#[test]
fn scan_json_is_the_saved_snapshot_document() {
    let run = on_node(
        &["scan"],
        &fixture("debian-node"),
        &["--format", "json", "--patch-group", "web"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let document: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let state = &document["PatchState"];
    assert_eq!(
        state["InstanceId"], "",
        "offline inputs without --node-id: empty InstanceId"
    );
    assert_eq!(state["PatchGroup"], "web");
    assert!(
        state["BaselineId"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:ssm:")
    );
    assert_eq!(state["MissingCount"], 1);
    assert_eq!(state["InstalledOtherCount"], 3);
    assert_eq!(state["NotApplicableCount"], 1);
    assert_eq!(state["FailedCount"], 0, "every count present, 0 where none");
    assert_eq!(state["AvailableSecurityUpdateCount"], 0);
    assert_eq!(state["Operation"], "Scan");
    assert_eq!(state["OperationStartTime"], state["OperationEndTime"]);
    assert!(
        state["OperationStartTime"]
            .as_str()
            .unwrap()
            .starts_with("2024-06-20T12:00:00")
    );
    // Linux NotApplicable packages are counted, not listed: nginx is not a row.
    let ids: Vec<&str> = document["Patches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["KBId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "bash.amd64",
            "curl.amd64",
            "dpkg.amd64",
            "openssl.amd64",
            "tzdata.amd64"
        ],
        "sorted by KBId"
    );
    assert_eq!(document["Patchcore"]["Product"], "Debian12");
    assert_eq!(
        document["Patchcore"]["BaselineHash"]
            .as_str()
            .unwrap()
            .len(),
        64
    );
}

#[test]
fn without_now_the_operation_time_is_the_current_time_in_whole_seconds() {
    let before = std::time::SystemTime::now();
    let run = patchcore(&[
        "scan",
        "--node-dir",
        &fixture("debian-node"),
        "--format",
        "json",
    ]);
    let after = std::time::SystemTime::now();
    assert_eq!(run.code, 1, "{run:?}");
    let document: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let start = document["PatchState"]["OperationStartTime"]
        .as_str()
        .unwrap();
    assert!(!start.contains('.'), "no fraction of a second: {start}");
    let start = std::time::SystemTime::from(chrono::DateTime::parse_from_rfc3339(start).unwrap());
    let whole_second = std::time::Duration::from_secs(1);
    assert!(
        before - whole_second <= start && start <= after,
        "{start:?}"
    );
}

#[test]
fn scan_csv_is_the_single_node_report() {
    let run = on_node(
        &["scan"],
        &fixture("debian-node"),
        &["--format", "csv", "--node-id", "i-0123456789abcdef0"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let mut parts = run.stdout.split("\r\n\r\n");
    let summary = parts.next().unwrap();
    let detail = parts.next().unwrap();
    assert!(
        summary.starts_with("Index,Instance ID,Instance name,Instance IP,Platform name"),
        "{summary}"
    );
    assert!(summary.contains("1,i-0123456789abcdef0,"), "{summary}");
    assert!(summary.contains("NON_COMPLIANT"), "{summary}");
    assert!(
        detail.starts_with("Index,Instance ID,Instance name,Patch name"),
        "{detail}"
    );
    assert!(
        detail.contains("openssl.amd64:3.0.17-1~deb12u2,openssl.amd64,Missing"),
        "{detail}"
    );
    assert_eq!(
        detail.lines().count(),
        6,
        "header and every listed row: {detail}"
    );
}

#[test]
fn diff_shows_each_transition_and_exits_1_when_something_changed() {
    let dir = scratch("diff");
    // Before curl's approval (2024-06-24), and after it.
    let old = save_scan(&dir, "old.json", "al2023-node", NOW);
    let new = save_scan(&dir, "new.json", "al2023-node", "2024-06-25T12:00:00Z");
    let run = patchcore(&["diff", &old, &new]);
    assert_eq!(run.code, 1, "{run:?}");
    says(&run, "curl.x86_64: InstalledOther → Missing");
    says(&run, "MissingCount");

    let same = patchcore(&["diff", &old, &old]);
    assert_eq!(same.code, 0, "{same:?}");
    assert_eq!(same.stdout.trim(), "no changes");

    let json = patchcore(&["diff", &old, &new, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(!value["Patches"].as_array().unwrap().is_empty());

    std::fs::write(dir.join("broken.json"), "{\"PatchState\": ").unwrap();
    let run = patchcore(&["diff", &old, dir.join("broken.json").to_str().unwrap()]);
    assert_one_line_error(&run);
    assert!(run.stderr.contains("broken.json"), "{run:?}");
}

#[test]
fn report_writes_single_node_two_file_and_all_nodes_csv() {
    let dir = scratch("report");
    let one = save_scan(&dir, "a.json", "al2023-node", NOW);
    let run = patchcore(&["report", &one, "--instance-name", "web-1"]);
    assert_eq!(run.code, 0, "{run:?}");
    says(&run, "1,i-0123456789abcdef0,web-1,");
    says(&run, "\r\n\r\nIndex,Instance ID,Instance name,Patch name");

    let (summary, detail) = (dir.join("summary.csv"), dir.join("detail.csv"));
    let run = patchcore(&[
        "report",
        &one,
        "--summary",
        summary.to_str().unwrap(),
        "--detail",
        detail.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        std::fs::read_to_string(&summary).unwrap().lines().count(),
        2
    );
    assert_eq!(std::fs::read_to_string(&detail).unwrap().lines().count(), 4);

    save_scan(&dir, "b.json", "debian-node", NOW);
    let run = patchcore(&["report", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "header and one row per node: {}",
        run.stdout
    );
    assert!(
        lines[1].starts_with("1,") && lines[2].starts_with("2,"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Patch name"), "no detail part");
}

#[test]
fn fleet_scans_each_node_directory_and_aggregates_per_patch_group() {
    let fleet = scratch("fleet");
    copy_dir(Path::new(&fixture("debian-node")), &fleet.join("deb-1"));
    copy_dir(Path::new(&fixture("debian-node")), &fleet.join("deb-2"));
    copy_dir(Path::new(&fixture("al2023-node")), &fleet.join("al-1"));
    std::fs::write(fleet.join("deb-1/patch-group"), "web\n").unwrap();
    std::fs::write(fleet.join("deb-2/patch-group"), "web\n").unwrap();
    let saved = scratch("fleet-saved");
    let run = patchcore(&[
        "fleet",
        fleet.to_str().unwrap(),
        "--now",
        NOW,
        "--patch-group",
        "db",
        "--save",
        saved.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .starts_with("3 nodes: 0 compliant, 3 non-compliant"),
        "{}",
        run.stdout
    );
    says(&run, "  web                           2        2");
    says(&run, "  db                            1        1");
    says(&run, "       2  openssl.amd64");
    says(&run, "Non-compliant nodes: al-1, deb-1, deb-2");
    assert!(
        run.stderr.is_empty(),
        "no progress line when stderr is not a terminal: {run:?}"
    );

    // The saved snapshots aggregate to the same report.
    let again = patchcore(&["fleet", saved.to_str().unwrap(), "--format", "json"]);
    assert_eq!(again.code, 1, "{again:?}");
    let report: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(report["Nodes"], 3);
    assert_eq!(report["PatchGroups"]["web"]["Instances"], 2);
    assert_eq!(report["TopMissing"][0]["KBId"], "openssl.amd64");

    // One node's directory is not a fleet.
    let run = patchcore(&["fleet", &fixture("debian-node")]);
    assert_one_line_error(&run);
    assert!(
        run.stderr.contains("use patchcore scan --node-dir"),
        "{run:?}"
    );

    // A corrupt node is one line on stderr; the others are still aggregated; exit 2.
    std::fs::write(fleet.join("deb-2/status"), "Package: bash\nnot a field\n").unwrap();
    let run = patchcore(&["fleet", fleet.to_str().unwrap(), "--now", NOW]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stderr.lines().count(), 1, "{run:?}");
    assert!(
        run.stderr.contains("deb-2") && run.stderr.contains("line 2"),
        "{run:?}"
    );
    assert!(run.stdout.starts_with("2 nodes:"), "{}", run.stdout);
}
