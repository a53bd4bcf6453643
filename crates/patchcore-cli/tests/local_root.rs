//! Scanning "the machine it runs on" without input flags, exercised below `--root`: the
//! standard paths of a Debian root, `rpm -qa` and `repoquery` on an RPM root (through stand-in
//! programs on `PATH`), the host name as node id, and a root patchcore cannot scan.
#![cfg(test)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{
    NOW, assert_one_line_error, copy_dir, fixture, patchcore, patchcore_with_path, says, says_row,
    scratch,
};

fn write(path: &Path, content: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// A stand-in program: a shell script printing `output` when its arguments contain `needs`.
fn program(dir: &Path, name: &str, needs: &str, output: &str) {
    let script = format!(
        "#!/bin/sh\ncase \"$*\" in *'{needs}'*) printf '%s' '{output}';; *) echo \"unexpected: $*\" >&2; exit 3;; esac\n"
    );
    let path = dir.join(name);
    write(&path, &script);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_debian_root_is_read_from_its_standard_paths_and_named_by_its_host_name() {
    let root = scratch("root-debian");
    let node = fixture("debian-node");
    let node = Path::new(&node);
    std::fs::create_dir_all(root.join("etc")).unwrap();
    std::fs::copy(node.join("os-release"), root.join("etc/os-release")).unwrap();
    write(&root.join("etc/hostname"), "web-7\n");
    write(
        &root.join("var/lib/dpkg/status"),
        &std::fs::read_to_string(node.join("status")).unwrap(),
    );
    copy_dir(&node.join("lists"), &root.join("var/lib/apt/lists"));
    let run = patchcore(&["scan", "--root", root.to_str().unwrap(), "--now", NOW]);
    assert_eq!(run.code, 1, "{run:?}");
    says(&run, "web-7 (Debian12, Debian GNU/Linux) is NON_COMPLIANT");
    says_row(&run, "openssl.amd64", "Missing", "3.0.17-1~deb12u2");
}

#[test]
fn an_rpm_root_runs_rpm_and_repoquery_below_the_root() {
    let root = scratch("root-rpm");
    let al2023 = fixture("al2023-node");
    let al2023 = Path::new(&al2023);
    std::fs::create_dir_all(root.join("etc")).unwrap();
    std::fs::copy(al2023.join("os-release"), root.join("etc/os-release")).unwrap();
    // No primary.xml cached (as with yum's primary.sqlite): the offered versions come from
    // repoquery; the notices from the cached updateinfo.
    std::fs::create_dir_all(root.join("var/cache/dnf/amazonlinux-1a2b/repodata")).unwrap();
    std::fs::copy(
        al2023.join("updateinfo.xml"),
        root.join("var/cache/dnf/amazonlinux-1a2b/repodata/9f-updateinfo.xml"),
    )
    .unwrap();
    let bin = root.join("bin");
    let root_arg = format!("--root {}", root.display());
    program(
        &bin,
        "rpm",
        &root_arg,
        &std::fs::read_to_string(al2023.join("rpm-qa.txt")).unwrap(),
    );
    program(
        &bin,
        "dnf",
        &format!("--installroot {}", root.display()),
        "curl 0 8.5.0 1.amzn2023.0.5 x86_64 amazonlinux\nopenssl-libs 1 3.0.8 1.amzn2023.0.16 x86_64 amazonlinux\n",
    );
    let args = ["scan", "--root", root.to_str().unwrap(), "--now", NOW];
    let run = patchcore_with_path(&args, Some(&bin));
    assert_eq!(run.code, 1, "{run:?}");
    says(&run, "Missing 1");
    says_row(
        &run,
        "openssl-libs.x86_64",
        "Missing",
        "1:3.0.8-1.amzn2023.0.16",
    );

    // Without dnf or repoquery, and nothing cached: one line naming what is missing.
    std::fs::remove_file(bin.join("dnf")).unwrap();
    let run = patchcore_with_path(&args, Some(&bin));
    assert_one_line_error(&run);
    assert!(
        run.stderr.contains("no primary.xml in /var/cache/dnf"),
        "{run:?}"
    );
}

#[test]
fn a_root_without_os_release_is_an_unsupported_machine() {
    let root = scratch("root-empty");
    let run = patchcore(&["scan", "--root", root.to_str().unwrap()]);
    assert_one_line_error(&run);
    assert!(run.stderr.contains("unsupported machine"), "{run:?}");
    assert!(run.stderr.contains("etc/os-release"), "{run:?}");
}
