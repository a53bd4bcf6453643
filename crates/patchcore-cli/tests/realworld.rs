//! The command on real files nobody on the team wrote (`../shared/realworld`): every dpkg
//! status scans, or is refused in one line naming the file; `rpm -qa` listings and Windows
//! `systeminfo`/`Get-HotFix` outputs identify and list the node; every Install Override List
//! plans or is refused in one line. Skipped, saying so, without the shared folder.
#![cfg(test)]

mod common;

use std::path::{Path, PathBuf};

use common::{NOW, assert_one_line_error, patchcore, scratch};

const AMAZON_LINUX_2: &str =
    "NAME=\"Amazon Linux\"\nVERSION=\"2\"\nID=\"amzn\"\nVERSION_ID=\"2\"\n";

fn realworld() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/realworld");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/realworld not found (clone without the shared folder)");
        None
    }
}

fn scan_json(args: &[&str]) -> (common::Run, Option<serde_json::Value>) {
    let mut all = vec!["scan", "--now", NOW, "--format", "json"];
    all.extend(args);
    let run = patchcore(&all);
    let value = serde_json::from_str(&run.stdout).ok();
    (run, value)
}

fn os_release(name: &str, content: &str) -> String {
    let path = scratch(name).join("os-release");
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

/// The `KBId`s and titles of the document's rows.
fn rows(document: &serde_json::Value) -> Vec<(String, String)> {
    document["Patches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["KBId"].as_str().unwrap().to_owned(),
                p["Title"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn every_realworld_dpkg_status_scans_or_is_refused_in_one_line() {
    let Some(realworld) = realworld() else { return };
    let debian = os_release(
        "rw-debian",
        "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n",
    );
    let dir = realworld.join("inventories/dpkg-status");
    let mut scanned = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (run, document) = scan_json(&[
            "--os-release",
            &debian,
            "--dpkg-status",
            path.to_str().unwrap(),
        ]);
        match name.as_str() {
            // A vcpkg ports database and a stanza with a broken continuation line.
            "claircore-vcpkg.status" | "syft-status.d_corrupt" => {
                assert_one_line_error(&run);
                assert!(run.stderr.contains(&name), "{run:?}");
            }
            _ => {
                assert_eq!(
                    run.code, 0,
                    "{name}: nothing is available, so compliant: {run:?}"
                );
                let document = document.unwrap();
                let rows = rows(&document);
                assert!(!rows.is_empty(), "{name}");
                assert_eq!(
                    document["PatchState"]["InstalledOtherCount"],
                    rows.len(),
                    "{name}"
                );
                scanned += 1;
            }
        }
    }
    assert!(scanned >= 9, "{scanned}");
    // A fact read by eye: tex-common 6.09, `Architecture: all`, keyed under the native arch.
    let (_, document) = scan_json(&[
        "--os-release",
        &debian,
        "--dpkg-status",
        dir.join("claircore-texlive.status").to_str().unwrap(),
    ]);
    let rows = rows(&document.unwrap());
    assert_eq!(rows.len(), 357);
    assert!(rows.contains(&(
        "tex-common.amd64".to_owned(),
        "tex-common.amd64:6.09".to_owned()
    )));
}

#[test]
fn realworld_rpm_and_windows_listings_identify_and_list_the_node() {
    let Some(realworld) = realworld() else { return };
    let al2 = os_release("rw-al2", AMAZON_LINUX_2);
    let rpm = realworld.join("inventories/vuls-rpm/rpm-qa-qf-amzn2-with-repo.txt");
    let (run, document) = scan_json(&["--os-release", &al2, "--rpm-qa", rpm.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    let document = document.unwrap();
    assert_eq!(document["Patchcore"]["Product"], "AmazonLinux2");
    assert!(rows(&document).contains(&(
        "zlib.x86_64".to_owned(),
        "zlib.x86_64:0:1.2.7-19.amzn2.0.3".to_owned()
    )));

    let windows = realworld.join("inventories/vuls-windows");
    let (run, document) = scan_json(&[
        "--systeminfo",
        windows
            .join("systeminfo-winserver2022.txt")
            .to_str()
            .unwrap(),
        "--hotfix",
        windows.join("get-hotfix.txt").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let document = document.unwrap();
    assert_eq!(document["Patchcore"]["Product"], "WindowsServer2022");
    let ids: Vec<String> = rows(&document).into_iter().map(|(id, _)| id).collect();
    assert!(
        !ids.is_empty() && ids.iter().all(|id| id.starts_with("KB")),
        "{ids:?}"
    );
}

#[test]
fn every_realworld_override_list_plans_or_is_refused_in_one_line() {
    let Some(realworld) = realworld() else { return };
    let al2 = os_release("rw-al2-plan", AMAZON_LINUX_2);
    let rpm = realworld.join("inventories/vuls-rpm/rpm-qa-qf-amzn2.txt");
    let mut planned = 0;
    for entry in std::fs::read_dir(realworld.join("compliance/install-override-lists")).unwrap() {
        let path = entry.unwrap().path();
        let run = patchcore(&[
            "plan",
            "--override-list",
            path.to_str().unwrap(),
            "--os-release",
            &al2,
            "--rpm-qa",
            rpm.to_str().unwrap(),
            "--now",
            NOW,
        ]);
        if path.extension().is_some_and(|e| e == "yaml") {
            assert_eq!(run.code, 0, "{run:?}");
            assert!(
                run.stdout.contains("(the install override list)"),
                "{run:?}"
            );
            planned += 1;
        } else if run.code != 0 {
            // The documentation's `.txt` samples: templates and multi-document text.
            assert_one_line_error(&run);
            assert!(run.stderr.contains("install override list"), "{run:?}");
        }
    }
    assert!(planned >= 9, "{planned}");
}
