//! THE APT CHECK (issue 6): on a Debian or Ubuntu machine, for every installed package, the
//! newest version we read from `/var/lib/dpkg/status` and `/var/lib/apt/lists/` equals the
//! candidate `apt-cache policy` reports — among packages where no pinning, `NotAutomatic`
//! suite or phased update is in play (their version tables show a priority other than 500
//! for a repository or 100 for the installed version, or a `phased` mark). Skips, saying so,
//! where those files or `apt-cache` are absent.

use std::path::Path;
use std::process::Command;

use patchcore_ingest::apt::{ListsOptions, read_lists_dir};
use patchcore_ingest::dpkg::{StatusOptions, parse_status};
use patchcore_rules::facts::PackageVersion;
use patchcore_version::deb::VersionBuf;

/// What `apt-cache policy` says of one package.
struct Policy {
    candidate: String,
    /// Whether pinning, NotAutomatic/ButAutomaticUpgrades or phasing may decide the candidate.
    special: bool,
}

/// Parses `apt-cache policy` output: blocks headed `name:` (or `name:arch:`) at column 0.
fn parse_policy(text: &str) -> Vec<(String, Policy)> {
    let mut out: Vec<(String, Policy)> = Vec::new();
    for line in text.lines() {
        if !line.starts_with(' ') && line.ends_with(':') {
            let header = line.trim_end_matches(':').to_owned();
            out.push((
                header,
                Policy {
                    candidate: String::new(),
                    special: false,
                },
            ));
            continue;
        }
        let Some((_, policy)) = out.last_mut() else {
            continue;
        };
        let trimmed = line.trim();
        if let Some(candidate) = trimmed.strip_prefix("Candidate:") {
            policy.candidate = candidate.trim().to_owned();
        } else if trimmed.starts_with("Installed:") || trimmed.starts_with("Version table:") {
            continue;
        } else if trimmed.contains("phased") || trimmed.starts_with("Package pin") {
            policy.special = true;
        } else if let Some(rest) = trimmed.strip_prefix("***").or(Some(trimmed)) {
            // Version lines `[***] version priority`, source lines `priority source`.
            let words: Vec<&str> = rest.split_whitespace().collect();
            let priority = match words.as_slice() {
                [_version, priority] => priority.parse::<i32>().ok(),
                [priority, source, ..] if priority.parse::<i32>().is_ok() => {
                    let p = priority.parse::<i32>().ok();
                    if p == Some(100) && *source != "/var/lib/dpkg/status" {
                        policy.special = true; // ButAutomaticUpgrades
                    }
                    p
                }
                _ => None,
            };
            if priority.is_some_and(|p| p != 500 && p != 100) {
                policy.special = true;
            }
        }
    }
    out
}

#[test]
fn newest_available_versions_equal_apt_cache_policy_candidates() {
    let (status, lists) = (
        Path::new("/var/lib/dpkg/status"),
        Path::new("/var/lib/apt/lists"),
    );
    if !status.is_file() || !lists.is_dir() {
        eprintln!(
            "skipped: /var/lib/dpkg/status or /var/lib/apt/lists not found (not a Debian or Ubuntu machine)"
        );
        return;
    }
    let Ok(probe) = Command::new("apt-cache").arg("--version").output() else {
        eprintln!("skipped: apt-cache not found");
        return;
    };
    assert!(probe.status.success());

    let inventory =
        parse_status(&std::fs::read(status).unwrap(), &StatusOptions::default()).unwrap();
    let native = inventory
        .native_arch
        .clone()
        .expect("a Debian machine has a native architecture");
    let catalog = read_lists_dir(lists, &ListsOptions::with_native_arch(&native)).unwrap();

    // One row per installed name.arch: the highest installed version is the one apt sees.
    let mut ours: Vec<(String, String, VersionBuf)> = Vec::new();
    for p in inventory.packages() {
        let PackageVersion::Deb(installed) = &p.version else {
            unreachable!()
        };
        let newest = catalog
            .newest(&p.name, &p.arch)
            .map(|v| v.version.clone())
            .filter(|v| v > installed)
            .unwrap_or_else(|| installed.clone());
        match ours.last_mut() {
            Some((name, arch, v)) if *name == p.name && *arch == p.arch => {
                *v = newest.max(v.clone());
            }
            _ => ours.push((p.name.clone(), p.arch.clone(), newest)),
        }
    }

    let args: Vec<String> = ours.iter().map(|(n, a, _)| format!("{n}:{a}")).collect();
    let output = Command::new("apt-cache")
        .arg("policy")
        .args(&args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let policies = parse_policy(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(
        policies.len(),
        ours.len(),
        "apt-cache policy printed one block per package"
    );

    let (mut compared, mut special) = (0, 0);
    let mut mismatches = Vec::new();
    for ((name, arch, newest), (header, policy)) in ours.iter().zip(&policies) {
        assert!(
            header == name || header == &format!("{name}:{arch}"),
            "block {header} for {name}:{arch}"
        );
        if policy.special || policy.candidate == "(none)" {
            special += 1;
            continue;
        }
        compared += 1;
        let candidate: VersionBuf = policy.candidate.parse().unwrap();
        if &candidate != newest {
            mismatches.push(format!(
                "{name}:{arch}: ours {newest}, apt-cache {candidate}"
            ));
        }
    }
    eprintln!(
        "apt check: {compared} installed packages compared, {special} skipped (pinning, NotAutomatic, phasing), {} available versions read",
        catalog.versions().len()
    );
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(compared > 0);
}

#[test]
fn policy_blocks_with_pins_or_not_automatic_suites_are_special() {
    let text = "bash:\n  Installed: 1\n  Candidate: 2\n  Version table:\n     2 500\n        500 http://x bookworm/main amd64 Packages\n *** 1 100\n        100 /var/lib/dpkg/status\n\
curl:\n  Installed: 1\n  Candidate: 1\n  Version table:\n     3 100\n        100 http://x bookworm-backports/main amd64 Packages\n *** 1 500\n        500 http://x bookworm/main amd64 Packages\n        100 /var/lib/dpkg/status\n\
zsh:\n  Installed: 1\n  Candidate: 1\n  Version table:\n     2 1\n        1 http://x experimental/main amd64 Packages\n";
    let p = parse_policy(text);
    assert_eq!(p.len(), 3);
    assert_eq!(p[0].1.candidate, "2");
    assert!(!p[0].1.special);
    assert!(p[1].1.special);
    assert!(p[2].1.special);
}

#[test]
fn this_machines_security_pocket_is_trusted_and_flagged() {
    let lists = Path::new("/var/lib/apt/lists");
    let Ok(entries) = std::fs::read_dir(lists) else {
        eprintln!("skipped: /var/lib/apt/lists not found (not a Debian or Ubuntu machine)");
        return;
    };
    let names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    if !names
        .iter()
        .any(|n| n.contains("-security_") && n.contains("_Packages"))
    {
        eprintln!("skipped: no security list in /var/lib/apt/lists");
        return;
    }
    let catalog = read_lists_dir(lists, &ListsOptions::default()).unwrap();
    let security: Vec<_> = catalog
        .origins()
        .iter()
        .filter(|o| o.is_security_pocket())
        .collect();
    assert!(!security.is_empty(), "origins: {:?}", catalog.origins());
    assert!(security.iter().all(|o| o.archive.contains("security")));
    // apt keeps lists only with their verified Release file: every origin here has one.
    let signed = names.iter().filter(|n| n.ends_with("_InRelease")).count();
    if signed > 0 {
        assert!(catalog.origins().iter().any(|o| o.trusted));
    }
    let flagged = catalog
        .versions()
        .iter()
        .filter(|v| catalog.is_security(v))
        .count();
    assert!(
        flagged > 0 && flagged < catalog.versions().len(),
        "{flagged} security versions"
    );
}
