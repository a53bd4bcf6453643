//! THE APT TEST (issue 7, "Done when" 1), on the machine the tests run on when it is Debian or
//! Ubuntu with apt lists: `patchcore scan` of the local machine reports as `Missing` exactly
//! what `apt list --upgradable` lists — name, architecture and target version — among the
//! packages whose apt candidate is their newest available version (no pinning, `NotAutomatic`
//! suite or phased update in play, judged from `apt-cache policy`), with a baseline whose one
//! rule is `PRIORITY=[*]` with `EnableNonSecurity`; and with the OS's AWS default baseline,
//! every `Missing` target is a version offered by a security pocket (`apt-cache madison`).
//! Skips, saying why, where apt or its lists are absent or nothing is upgradable.
#![cfg(test)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use common::{patchcore, scratch};

/// (name, arch) → version.
type Rows = BTreeMap<(String, String), String>;

fn command(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The OS of this machine when it is Debian or Ubuntu: (`DEBIAN`|`UBUNTU`, default baseline).
fn apt_machine() -> Option<(&'static str, &'static str, String)> {
    if !Path::new("/var/lib/dpkg/status").is_file() || !Path::new("/var/lib/apt/lists").is_dir() {
        eprintln!(
            "skipped: /var/lib/dpkg/status or /var/lib/apt/lists not found (not a Debian or Ubuntu machine)"
        );
        return None;
    }
    let os_release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    let id = os_release
        .lines()
        .find_map(|l| l.strip_prefix("ID="))
        .unwrap_or_default()
        .trim_matches('"');
    let (os, baseline) = match id {
        "debian" => ("DEBIAN", "AWS-DebianDefaultPatchBaseline"),
        "ubuntu" => ("UBUNTU", "AWS-UbuntuDefaultPatchBaseline"),
        other => {
            eprintln!("skipped: /etc/os-release ID={other:?} is neither debian nor ubuntu");
            return None;
        }
    };
    let Some(native) = command("dpkg", &["--print-architecture"]) else {
        eprintln!("skipped: dpkg --print-architecture failed");
        return None;
    };
    if command("apt", &["--version"]).is_none() {
        eprintln!("skipped: apt not found");
        return None;
    }
    Some((os, baseline, native.trim().to_owned()))
}

/// `apt list --upgradable` lines: `name/suite[,suite] version arch [upgradable from: old]`;
/// `all` packages keyed under the native architecture (observed.md A11), as patchcore keys them.
fn parse_upgradable(text: &str, native: &str) -> Rows {
    text.lines()
        .filter(|l| l.contains("[upgradable from:"))
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let (name, _) = words.next()?.split_once('/')?;
            let version = words.next()?;
            let arch = match words.next()? {
                "all" => native,
                arch => arch,
            };
            Some(((name.to_owned(), arch.to_owned()), version.to_owned()))
        })
        .collect()
}

/// The `Missing` rows of a saved-snapshot JSON document: (name, arch) → target version, from
/// `KBId` (`name.arch`) and `Title` (`name.arch:version`).
fn missing_rows(json: &str) -> Rows {
    let document: serde_json::Value = serde_json::from_str(json).unwrap();
    let patches = document["Patches"].as_array().expect("Patches is an array");
    patches
        .iter()
        .filter(|p| p["State"] == "Missing")
        .map(|p| {
            let id = p["KBId"].as_str().unwrap();
            let title = p["Title"].as_str().unwrap();
            let version = title.strip_prefix(&format!("{id}:")).unwrap();
            let (name, arch) = id.rsplit_once('.').unwrap();
            ((name.to_owned(), arch.to_owned()), version.to_owned())
        })
        .collect()
}

/// Packages whose candidate `apt-cache policy` may not be the newest version: a pin, a
/// phased update, or a version-table priority other than 500 (a normal suite) or 100 (the
/// installed version from the dpkg status; 100 from a repository is `ButAutomaticUpgrades`).
fn special_packages(keys: &BTreeSet<(String, String)>, native: &str) -> BTreeSet<(String, String)> {
    let args: Vec<String> = keys.iter().map(|(n, a)| format!("{n}:{a}")).collect();
    let mut command = Command::new("apt-cache");
    command.arg("policy").args(&args).env("LC_ALL", "C");
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut special = BTreeSet::new();
    // Blocks are headed `name:` (native architecture) or `name:arch:`.
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if let Some(header) = line.strip_suffix(':').filter(|_| !line.starts_with(' ')) {
            current = Some(match header.split_once(':') {
                Some((name, arch)) => (name.to_owned(), arch.to_owned()),
                None => (header.to_owned(), native.to_owned()),
            });
            continue;
        }
        let Some(key) = &current else { continue };
        let trimmed = line.trim().trim_start_matches("***").trim();
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        let odd_priority = match words.as_slice() {
            // A version line: `version priority`.
            [_, priority] => priority.parse::<i32>().is_ok_and(|p| p != 500 && p != 100),
            // A source line: `priority source…`.
            [priority, source, ..] => priority.parse::<i32>().is_ok_and(|p| {
                (p != 500 && p != 100) || (p == 100 && *source != "/var/lib/dpkg/status")
            }),
            _ => false,
        };
        if odd_priority || trimmed.contains("phased") || trimmed.starts_with("Package pin") {
            special.insert(key.clone());
        }
    }
    special
}

fn scan_json(baseline: &str) -> String {
    let run = patchcore(&["scan", "--baseline", baseline, "--format", "json"]);
    assert!(run.code == 0 || run.code == 1, "{run:?}");
    run.stdout
}

#[test]
fn missing_equals_apt_list_upgradable_where_the_candidate_is_the_newest_version() {
    let Some((os, _, native)) = apt_machine() else {
        return;
    };
    let upgradable = parse_upgradable(
        &command("apt", &["list", "--upgradable"]).unwrap_or_default(),
        &native,
    );
    if upgradable.is_empty() {
        eprintln!("skipped: apt list --upgradable lists nothing on this machine");
        return;
    }
    let dir = scratch("apt-all-priorities");
    let baseline = dir.join("all-priorities.json");
    std::fs::write(
        &baseline,
        format!(
            r#"{{"Name": "all-priorities", "OperatingSystem": "{os}", "ApprovalRules": {{"PatchRules": [
            {{"PatchFilterGroup": {{"PatchFilters": [{{"Key": "PRIORITY", "Values": ["*"]}}]}},
              "EnableNonSecurity": true}}]}}}}"#
        ),
    )
    .unwrap();
    let ours = missing_rows(&scan_json(baseline.to_str().unwrap()));

    let keys: BTreeSet<(String, String)> = ours.keys().chain(upgradable.keys()).cloned().collect();
    let special = special_packages(&keys, &native);
    let plain = |rows: &Rows| -> Rows {
        rows.iter()
            .filter(|(k, _)| !special.contains(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    let (ours_plain, apt_plain) = (plain(&ours), plain(&upgradable));
    let only_ours: Vec<_> = ours_plain
        .iter()
        .filter(|(k, v)| apt_plain.get(*k) != Some(v))
        .collect();
    let only_apt: Vec<_> = apt_plain
        .iter()
        .filter(|(k, v)| ours_plain.get(*k) != Some(v))
        .collect();
    eprintln!(
        "apt test: {} upgradable, {} Missing, {} compared, {} skipped (pinning, NotAutomatic, phasing)",
        upgradable.len(),
        ours.len(),
        apt_plain.len(),
        special.len()
    );
    assert!(
        only_ours.is_empty() && only_apt.is_empty(),
        "Missing but not upgradable: {only_ours:?}\nupgradable but not Missing: {only_apt:?}"
    );
    assert!(!apt_plain.is_empty(), "something was compared");
}

#[test]
fn default_baseline_reports_missing_only_versions_from_a_security_pocket() {
    let Some((_, default, _)) = apt_machine() else {
        return;
    };
    let ours = missing_rows(&scan_json(default));
    if ours.is_empty() {
        eprintln!("skipped: nothing is Missing under {default} on this machine");
        return;
    }
    // One `apt-cache madison` for every name: `name | version | source` lines.
    let mut names: Vec<&str> = ours.keys().map(|(name, _)| name.as_str()).collect();
    names.dedup();
    let madison = command("apt-cache", &[&["madison"][..], &names].concat()).unwrap_or_default();
    let security: BTreeSet<(String, String)> = madison
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            match cells.as_slice() {
                [name, version, source] if source.contains("-security") => {
                    Some(((*name).to_owned(), (*version).to_owned()))
                }
                _ => None,
            }
        })
        .collect();
    let not_security: Vec<String> = ours
        .iter()
        .filter(|((name, _), version)| !security.contains(&(name.clone(), (*version).clone())))
        .map(|((name, arch), version)| format!("{name}.{arch} {version}"))
        .collect();
    eprintln!(
        "apt security test: {} Missing under {default}, each checked with apt-cache madison",
        ours.len()
    );
    assert!(
        not_security.is_empty(),
        "Missing without a security-pocket version: {not_security:?}"
    );
}

#[test]
fn upgradable_lines_parse_with_all_under_the_native_architecture() {
    let rows = parse_upgradable(
        "Listing...\napt/oldstable-security 2.6.2 amd64 [upgradable from: 2.6.1]\n\
         krb5-locales/oldstable,oldstable-security 1.20.1-2+deb12u5 all [upgradable from: 1.20.1-2+deb12u3]\n",
        "amd64",
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[&("apt".to_owned(), "amd64".to_owned())], "2.6.2");
    assert_eq!(
        rows[&("krb5-locales".to_owned(), "amd64".to_owned())],
        "1.20.1-2+deb12u5"
    );
}
