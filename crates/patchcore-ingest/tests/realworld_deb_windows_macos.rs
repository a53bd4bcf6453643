//! The real files of `shared/realworld/inventories` that the dpkg, Windows and macOS readers
//! read, each checked against facts read by eye from the file (see its PROVENANCE.md).
// Helpers of this test file: a panic in them is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use patchcore_ingest::dpkg::{self, StatusOptions};
use patchcore_ingest::{ErrorKind, Position, macos, windows};
use patchcore_version::windows::KbId;

fn inventories() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/realworld/inventories");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/realworld not found (clone without the shared folder)");
        None
    }
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap()
}

fn status(
    dir: &Path,
    name: &str,
) -> Result<patchcore_rules::facts::Inventory, patchcore_ingest::Error> {
    dpkg::parse_status(
        &read(dir, &format!("dpkg-status/{name}")),
        &StatusOptions::default(),
    )
}

fn version(inv: &patchcore_rules::facts::Inventory, name: &str, arch: &str) -> String {
    inv.highest_installed(name, arch)
        .unwrap()
        .version
        .to_string()
}

#[test]
fn claircore_status_files_give_their_packages() {
    let Some(dir) = inventories() else { return };
    let only = status(&dir, "claircore-debian-only.status").unwrap();
    assert_eq!(only.packages().len(), 1);
    let keyring = &only.packages()[0];
    assert_eq!(
        (keyring.name.as_str(), keyring.arch.as_str()),
        ("debian-archive-keyring", "all")
    );
    assert_eq!(keyring.priority.as_deref(), Some("important"));
    assert_eq!(keyring.section.as_deref(), Some("misc"));

    let pg = status(&dir, "claircore-postgresql.status").unwrap();
    assert_eq!(pg.packages().len(), 3);
    assert_eq!(
        version(&pg, "postgresql-client-11", "amd64"),
        "11.22-0+deb10u2"
    );

    // 357 installed stanzas, 68 of them `Architecture: all`, keyed under dpkg's amd64 (A11).
    let tex = status(&dir, "claircore-texlive.status").unwrap();
    assert_eq!(tex.packages().len(), 357);
    assert_eq!(tex.native_arch.as_deref(), Some("amd64"));
    assert!(tex.packages().iter().all(|p| p.arch == "amd64"));
    assert_eq!(version(&tex, "dpkg", "amd64"), "1.19.0.5ubuntu2.3");
    assert_eq!(version(&tex, "texlive-base", "amd64"), "2017.20180305-1");
}

#[test]
fn the_vcpkg_database_is_not_an_os_inventory() {
    let Some(dir) = inventories() else { return };
    let err = status(&dir, "claircore-vcpkg.status").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::WrongKind { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "dpkg status, line 1: not an operating-system dpkg status: package \"libffi\" (Architecture \"x64-windows\") comes from a vcpkg installed-ports database"
    );
}

#[test]
fn the_corrupt_fragment_is_refused_at_its_bad_line() {
    let Some(dir) = inventories() else { return };
    let err = status(&dir, "syft-status.d_corrupt").unwrap_err();
    assert_eq!(err.position(), Position::Line(5));
    assert!(
        err.to_string()
            .contains("malformed line \"Insterface to the configuration settings\""),
        "{err}"
    );
}

#[test]
fn status_d_fragments_merge_into_one_inventory_without_removed_packages() {
    let Some(dir) = inventories() else { return };
    let deinstall = status(&dir, "syft-status.d_deinstall").unwrap();
    assert_eq!(
        deinstall.packages().len(),
        1,
        "`deinstall ok config-files` is not installed"
    );
    assert_eq!(
        version(&deinstall, "linux-image-6.14.0-1012-aws", "amd64"),
        "6.14.0-1012.12~24.04.1"
    );

    let names = [
        "syft-status.d_single",
        "syft-status.d_multiple",
        "syft-status.d_installed-size-4KB",
        "syft-image-dpkg_status",
    ];
    let contents: Vec<Vec<u8>> = names
        .iter()
        .map(|n| read(&dir, &format!("dpkg-status/{n}")))
        .collect();
    let fragments: Vec<(&str, &[u8])> = names
        .iter()
        .copied()
        .zip(contents.iter().map(Vec::as_slice))
        .collect();
    let merged = dpkg::parse_status_fragments(&fragments, &StatusOptions::default()).unwrap();
    assert_eq!(merged.native_arch.as_deref(), Some("amd64"));
    // single: apt; multiple: tzdata, util-linux (two stanzas lack Status); 4KB: apt again;
    // image: libpam-runtime (the empty `Package:` stanza has no Status).
    assert_eq!(merged.packages().len(), 1 + 2 + 1);
    assert_eq!(version(&merged, "apt", "amd64"), "1.8.2");
    assert_eq!(version(&merged, "tzdata", "amd64"), "2020a-0+deb10u1");
    // libpam-runtime is `Architecture: all` in a fragment of its own: keyed under amd64 too.
    assert_eq!(version(&merged, "libpam-runtime", "amd64"), "1.1.8-3.6");

    // The coreutils fragments come from an arm64 image: 9 packages, keyed under arm64.
    let arm = status(&dir, "syft-status.d_coreutils-relationships").unwrap();
    assert_eq!(arm.packages().len(), 9);
    assert_eq!(arm.native_arch.as_deref(), Some("arm64"));
}

#[test]
fn get_hotfix_list_gives_its_two_kbs() {
    let Some(dir) = inventories() else { return };
    let fixes = windows::parse_get_hotfix(&read(&dir, "vuls-windows/get-hotfix.txt")).unwrap();
    let kbs: Vec<KbId> = fixes.iter().map(|f| f.kb).collect();
    assert_eq!(
        kbs,
        ["KB5020872".parse().unwrap(), "KB4562830".parse().unwrap()]
    );
}

#[test]
fn systeminfo_outputs_give_product_build_and_kbs() {
    let Some(dir) = inventories() else { return };
    for (file, product, build, count, first) in [
        (
            "systeminfo-win10-pro-19044.txt",
            "Windows10",
            19044,
            7,
            "KB5012117",
        ),
        (
            "systeminfo-winserver2022.txt",
            "WindowsServer2022",
            20348,
            3,
            "KB5004330",
        ),
        (
            "systeminfo-winserver2019-dc.txt",
            "WindowsServer2019",
            17763,
            5,
            "KB5022511",
        ),
    ] {
        let info = windows::parse_systeminfo(&read(&dir, &format!("vuls-windows/{file}"))).unwrap();
        assert_eq!(info.product, product, "{file}");
        assert_eq!(info.build, Some(build), "{file}");
        assert_eq!(info.hotfixes.len(), count, "{file}");
        assert_eq!(info.hotfixes[0], first.parse().unwrap(), "{file}");
    }
}

#[test]
fn bare_kb_numbers_read_as_a_plain_list() {
    let Some(dir) = inventories() else { return };
    let kbs = windows::parse_kb_list(&read(
        &dir,
        "vuls-windows/windowsupdate-search-bare-kb-numbers.txt",
    ))
    .unwrap();
    assert_eq!(kbs.len(), 3);
    assert_eq!(kbs[0].to_string(), "KB5012170");
}

#[test]
fn sw_vers_of_macos_13_is_read() {
    let Some(dir) = inventories() else { return };
    let v = macos::parse_sw_vers(&read(&dir, "vuls-macos/sw_vers-macos13.txt")).unwrap();
    assert_eq!(
        (
            v.product_name.as_str(),
            v.product_version.as_str(),
            v.build_version.as_str()
        ),
        ("macOS", "13.4.1", "22F82")
    );
    assert_eq!(v.product(), "MacOS13.4");
}
