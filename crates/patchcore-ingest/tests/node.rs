//! `NodeFiles`: the fleet layout, the local machine's standard paths, and `load` merging every
//! reader's facts — with errors that name the file.
#![allow(clippy::unwrap_used)]

#[cfg(feature = "gzip")]
use std::io::Write;
use std::path::{Path, PathBuf};

use patchcore_baseline::OperatingSystem;
use patchcore_ingest::node::NodeFiles;
use patchcore_rules::facts::MacPackageManager;

/// A fresh directory for one test, below cargo's scratch directory.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("node-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, content: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, content).unwrap();
}

/// The message of the error loading the node directory `dir`.
fn load_error(dir: &Path) -> String {
    NodeFiles::from_dir(dir)
        .unwrap()
        .load()
        .unwrap_err()
        .to_string()
}

#[cfg(feature = "gzip")]
fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

const DEBIAN_OS_RELEASE: &[u8] =
    b"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n";
const AL2023_OS_RELEASE: &[u8] =
    b"NAME=\"Amazon Linux\"\nVERSION=\"2023\"\nID=\"amzn\"\nVERSION_ID=\"2023\"\n";
const STATUS: &[u8] =
    b"Package: dpkg\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.21.22\n\n\
Package: openssl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 3.0.15-1~deb12u1\n\n\
Package: tzdata\nStatus: install ok installed\nArchitecture: all\nVersion: 2024a-0+deb12u1\n";
const SECURITY_RELEASE: &[u8] =
    b"Origin: Debian\nLabel: Debian-Security\nSuite: stable-security\nCodename: bookworm-security\nComponents: main\nArchitectures: amd64\n";
const SECURITY_PACKAGES: &[u8] =
    b"Package: openssl\nVersion: 3.0.17-1~deb12u2\nArchitecture: amd64\nPriority: optional\nSection: utils\n";
#[cfg(feature = "gzip")]
const PRIMARY: &[u8] = br#"<?xml version="1.0"?><metadata xmlns="http://linux.duke.edu/metadata/common" packages="1">
<package type="rpm"><name>curl</name><arch>x86_64</arch><version epoch="0" ver="8.5.0" rel="1.amzn2023.0.4"/>
<time file="1" build="1700000000"/></package></metadata>"#;
#[cfg(feature = "gzip")]
const UPDATEINFO: &[u8] = br#"<updates><update type="security" status="final"><id>ALAS2023-2024-001</id>
<issued date="2024-01-02 00:00"/><severity>Important</severity><pkglist><collection short="al2023">
<package name="curl" epoch="0" version="8.5.0" release="1.amzn2023.0.4" arch="x86_64"/></collection></pkglist></update></updates>"#;

/// A Debian node in the fleet layout: `os-release`, `status`, `lists/`.
fn debian_node(dir: &Path) {
    write(&dir.join("os-release"), DEBIAN_OS_RELEASE);
    write(&dir.join("status"), STATUS);
    let lists = dir.join("lists");
    write(
        &lists.join("security.debian.org_debian-security_dists_bookworm-security_InRelease"),
        SECURITY_RELEASE,
    );
    write(
        &lists.join(
            "security.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages",
        ),
        SECURITY_PACKAGES,
    );
}

#[test]
fn fleet_layout_files_are_recognised_by_name() {
    let dir = scratch("layout");
    debian_node(&dir);
    for name in [
        "rpm-qa.txt",
        "primary.xml.gz",
        "1a2b-primary.xml.zst",
        "available-repoquery.txt",
        "updateinfo.xml",
        "hotfix.txt",
        "systeminfo.txt",
        "msrc-2024-jun.xml",
        "sw_vers.txt",
        "brew-installed.txt",
        "brew_cask-available.txt",
        "snapshot.json",
        "README",
    ] {
        write(&dir.join(name), b"");
    }
    let files = NodeFiles::from_dir(&dir).unwrap();
    assert_eq!(files.os_release, Some(dir.join("os-release")));
    assert_eq!(files.dpkg_status, Some(dir.join("status")));
    assert_eq!(files.apt_lists, Some(dir.join("lists")));
    assert_eq!(files.rpm_qa, Some(dir.join("rpm-qa.txt")));
    assert_eq!(
        files.available,
        [
            dir.join("1a2b-primary.xml.zst"),
            dir.join("available-repoquery.txt"),
            dir.join("primary.xml.gz")
        ]
    );
    assert_eq!(files.updateinfo, [dir.join("updateinfo.xml")]);
    assert_eq!(files.hotfix, Some(dir.join("hotfix.txt")));
    assert_eq!(files.systeminfo, Some(dir.join("systeminfo.txt")));
    assert_eq!(files.msrc, [dir.join("msrc-2024-jun.xml")]);
    assert_eq!(files.sw_vers, Some(dir.join("sw_vers.txt")));
    assert_eq!(files.macos_installed.len(), 1);
    assert_eq!(files.macos_installed[0].manager, MacPackageManager::Brew);
    assert_eq!(
        files.macos_available[0].manager,
        MacPackageManager::BrewCask
    );
}

#[test]
fn fleet_layout_names_match_case_insensitively_and_msrc_documents_must_be_xml() {
    let dir = scratch("layout-names");
    for name in [
        "OS-Release",
        "Primary.XML.GZ",
        "cvrf-2024-jun.xml",
        "MSRC-2024-jul.XML",
        "msrc-notes.txt",
        "cvrf.json",
    ] {
        write(&dir.join(name), b"");
    }
    let files = NodeFiles::from_dir(&dir).unwrap();
    assert_eq!(files.os_release, Some(dir.join("OS-Release")));
    assert_eq!(files.available, [dir.join("Primary.XML.GZ")]);
    assert_eq!(
        files.msrc,
        [dir.join("MSRC-2024-jul.XML"), dir.join("cvrf-2024-jun.xml")]
    );
}

#[test]
fn an_available_file_with_a_byte_order_mark_and_blank_lines_before_its_tag_is_primary_xml() {
    let dir = scratch("bom");
    write(&dir.join("os-release"), AL2023_OS_RELEASE);
    let primary = br#"<metadata packages="1"><package type="rpm"><name>curl</name><arch>x86_64</arch><version epoch="0" ver="8.5.0" rel="1.amzn2023"/></package></metadata>"#;
    write(
        &dir.join("available"),
        &[&b"\xef\xbb\xbf\n \n"[..], primary].concat(),
    );
    let (_, catalog) = NodeFiles::from_dir(&dir).unwrap().load().unwrap();
    let curl = catalog.rpm.offered("curl", "x86_64");
    assert_eq!(curl[0].evr.to_string(), "0:8.5.0-1.amzn2023");
}

#[test]
fn under_a_root_os_release_falls_back_to_usr_lib_and_apt_lists_need_dpkg() {
    let root = scratch("root-rules");
    write(&root.join("usr/lib/os-release"), DEBIAN_OS_RELEASE);
    std::fs::create_dir_all(root.join("var/lib/apt/lists")).unwrap();
    // Five levels below the cache directory: deeper than metadata is looked for.
    write(&root.join("var/cache/dnf/a/b/c/d/e/primary.xml"), b"");
    write(&root.join("var/cache/dnf/a/b/c/d/updateinfo.xml"), b"");
    let files = NodeFiles::under_root(&root);
    assert_eq!(files.os_release, Some(root.join("usr/lib/os-release")));
    assert_eq!(files.apt_lists, None, "no dpkg database, so no apt lists");
    assert!(files.available.is_empty(), "{:?}", files.available);
    assert_eq!(
        files.updateinfo,
        [root.join("var/cache/dnf/a/b/c/d/updateinfo.xml")]
    );

    write(&root.join("var/lib/dpkg/status.d/bash"), STATUS);
    let files = NodeFiles::under_root(&root);
    assert_eq!(
        files.dpkg_status_d,
        Some(root.join("var/lib/dpkg/status.d"))
    );
    assert_eq!(files.apt_lists, Some(root.join("var/lib/apt/lists")));
}

#[test]
fn a_debian_node_loads_status_and_lists_with_the_native_architecture() {
    let dir = scratch("debian");
    debian_node(&dir);
    let (inventory, catalog) = NodeFiles::from_dir(&dir).unwrap().load().unwrap();
    assert_eq!(inventory.operating_system, OperatingSystem::Debian);
    assert_eq!(inventory.product, "Debian12");
    assert_eq!(inventory.native_arch.as_deref(), Some("amd64"));
    // `Architecture: all` is keyed under the native architecture (observed.md A11).
    assert!(inventory.highest_installed("tzdata", "amd64").is_some());
    let newest = catalog.apt.newest("openssl", "amd64").unwrap();
    assert_eq!(newest.version.to_string(), "3.0.17-1~deb12u2");
    assert!(catalog.apt.is_security(newest));
}

#[test]
#[cfg(feature = "gzip")]
fn available_files_are_primary_xml_or_listings_detected_from_the_content() {
    let dir = scratch("rpm");
    write(&dir.join("os-release"), AL2023_OS_RELEASE);
    write(
        &dir.join("rpm-qa.txt"),
        b"curl 0 8.3.0 1.amzn2023.0.1 x86_64\nbash 0 5.2.15 1.amzn2023.0.2 x86_64\n",
    );
    // Compressed primary.xml under a name that says nothing of its format.
    write(&dir.join("available-baseos.gz"), &gzip(PRIMARY));
    write(
        &dir.join("available-check-update.txt"),
        b"bash.x86_64   5.2.15-1.amzn2023.0.3   amazonlinux\n",
    );
    write(&dir.join("updateinfo.xml.gz"), &gzip(UPDATEINFO));
    let (inventory, catalog) = NodeFiles::from_dir(&dir).unwrap().load().unwrap();
    assert_eq!(inventory.operating_system, OperatingSystem::AmazonLinux2023);
    assert_eq!(inventory.installed("curl", "x86_64").len(), 1);
    let curl = catalog.rpm.offered("curl", "x86_64");
    assert_eq!(curl[0].evr.to_string(), "0:8.5.0-1.amzn2023.0.4");
    let bash = catalog.rpm.offered("bash", "x86_64");
    assert_eq!(bash[0].evr.to_string(), "5.2.15-1.amzn2023.0.3");
    assert_eq!(catalog.rpm.notices().len(), 1);
    assert_eq!(catalog.rpm.notices()[0].id, "ALAS2023-2024-001");
}

#[test]
fn a_windows_node_takes_kbs_from_a_plain_list_or_get_hotfix() {
    let dir = scratch("windows");
    write(
        &dir.join("systeminfo.txt"),
        b"OS Name:                   Microsoft Windows Server 2022 Datacenter\r\nOS Version:                10.0.20348 N/A Build 20348\r\nHotfix(s):                 1 Hotfix(s) Installed.\r\n                           [01]: KB5004330\r\n",
    );
    write(&dir.join("hotfix.txt"), b"KB5039227\nKB890830\n");
    let (inventory, _) = NodeFiles::from_dir(&dir).unwrap().load().unwrap();
    assert_eq!(inventory.operating_system, OperatingSystem::Windows);
    assert_eq!(inventory.product, "WindowsServer2022");
    let kbs: Vec<String> = inventory
        .installed_kbs()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(kbs.contains(&"KB5004330".to_owned()), "{kbs:?}");
    assert!(kbs.contains(&"KB5039227".to_owned()), "{kbs:?}");

    write(
        &dir.join("hotfix.txt"),
        b"Source        Description      HotFixID      InstalledBy          InstalledOn\n------        -----------      --------      -----------          -----------\nWIN1          Update           KB5031993     NT AUTHORITY\\SYSTEM  11/14/2023 12:00:00 AM\n",
    );
    let (inventory, _) = NodeFiles::from_dir(&dir).unwrap().load().unwrap();
    assert!(
        inventory
            .installed_kbs()
            .iter()
            .any(|kb| kb.to_string() == "KB5031993")
    );
}

#[test]
fn a_macos_node_reads_sw_vers_and_listings() {
    let dir = scratch("macos");
    write(
        &dir.join("sw_vers.txt"),
        b"ProductName:\t\tmacOS\nProductVersion:\t\t14.5\nBuildVersion:\t\t23F79\n",
    );
    write(&dir.join("brew-installed.txt"), b"jq 1.7\n");
    write(&dir.join("brew-available.txt"), b"jq 1.7.1\n");
    let (inventory, catalog) = NodeFiles::from_dir(&dir).unwrap().load().unwrap();
    assert_eq!(inventory.operating_system, OperatingSystem::MacOs);
    assert_eq!(inventory.installed_named("jq").len(), 1);
    assert_eq!(catalog.macos.versions_of("jq")[0].version, "1.7.1");
}

#[test]
fn a_corrupt_file_is_an_error_naming_the_file() {
    let dir = scratch("corrupt");
    debian_node(&dir);
    write(&dir.join("status"), b"Package: bash\nthis is not a field\n");
    let message = load_error(&dir);
    assert!(
        message.contains(&dir.join("status").display().to_string()),
        "{message}"
    );
    assert!(message.contains("line 2"), "{message}");
    assert!(!message.contains('\n'), "{message}");

    // Corrupt compression in an updateinfo file.
    let dir = scratch("corrupt-gz");
    write(&dir.join("os-release"), AL2023_OS_RELEASE);
    write(
        &dir.join("updateinfo.xml.gz"),
        b"\x1f\x8b\x08\x00garbage-after-the-gzip-magic",
    );
    let message = load_error(&dir);
    assert!(message.contains("updateinfo.xml.gz"), "{message}");
}

#[test]
fn a_missing_file_is_an_error_naming_the_file() {
    let mut files = NodeFiles::default();
    files.os_release = Some(PathBuf::from("/nonexistent/patchcore/os-release"));
    let message = files.load().unwrap_err().to_string();
    assert!(
        message.contains("/nonexistent/patchcore/os-release"),
        "{message}"
    );
}

#[test]
fn an_unsupported_or_unidentified_operating_system_is_an_error() {
    let dir = scratch("unsupported");
    write(
        &dir.join("os-release"),
        b"NAME=\"Haiku\"\nID=haiku\nVERSION_ID=r1beta4\n",
    );
    let message = load_error(&dir);
    assert!(message.contains("os-release"), "{message}");
    assert!(message.contains("haiku"), "{message}");

    let dir = scratch("unidentified");
    write(&dir.join("status"), STATUS);
    let message = load_error(&dir);
    assert!(message.contains("no operating system"), "{message}");
}

#[test]
#[cfg(feature = "gzip")]
fn the_local_machine_paths_are_found_under_a_root() {
    let root = scratch("root");
    write(&root.join("etc/os-release"), AL2023_OS_RELEASE);
    write(
        &root.join("var/cache/dnf/amazonlinux-1a2b3c/repodata/9f-primary.xml.gz"),
        &gzip(PRIMARY),
    );
    write(
        &root.join("var/cache/dnf/amazonlinux-1a2b3c/repodata/9f-updateinfo.xml.gz"),
        &gzip(UPDATEINFO),
    );
    write(
        &root.join("var/cache/dnf/amazonlinux-1a2b3c/repodata/9f-filelists.xml.gz"),
        b"",
    );
    write(
        &root.join("var/cache/yum/x86_64/2/amzn2-core/gen/primary.xml"),
        PRIMARY,
    );
    let files = NodeFiles::under_root(&root);
    assert_eq!(files.os_release, Some(root.join("etc/os-release")));
    assert_eq!(files.dpkg_status, None);
    assert_eq!(files.apt_lists, None);
    assert_eq!(files.available.len(), 2);
    assert_eq!(files.updateinfo.len(), 1);
    let (_, catalog) = files.load().unwrap();
    // The repository is the cache directory above `repodata/`.
    let offered = &catalog.rpm.offered("curl", "x86_64")[0];
    let repositories: Vec<&str> = catalog
        .rpm
        .offered("curl", "x86_64")
        .iter()
        .map(|p| catalog.rpm.repository(p.repository).unwrap().id.as_str())
        .collect();
    assert!(
        repositories.contains(&"amazonlinux-1a2b3c"),
        "{repositories:?}"
    );
    assert_eq!(offered.name, "curl");

    let debian = scratch("root-debian");
    write(&debian.join("etc/os-release"), DEBIAN_OS_RELEASE);
    write(&debian.join("var/lib/dpkg/status"), STATUS);
    std::fs::create_dir_all(debian.join("var/lib/apt/lists")).unwrap();
    let files = NodeFiles::under_root(&debian);
    assert_eq!(files.apt_lists, Some(debian.join("var/lib/apt/lists")));
    assert!(files.available.is_empty());
}

#[test]
fn empty_files_are_empty() {
    assert!(NodeFiles::default().is_empty());
    let mut files = NodeFiles::default();
    files.hotfix = Some(PathBuf::from("hotfix.txt"));
    assert!(!files.is_empty());
}

mod arbitrary_files {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever bytes a node's files hold, loading them gives facts or an error naming a
        /// file — never a panic.
        #[test]
        fn loading_arbitrary_files_never_panics(
            content in proptest::collection::vec(any::<u8>(), 0..512),
            text in "[A-Za-z0-9:=._ \n<>\"/-]{0,300}",
        ) {
            for (name, bytes) in [
                ("status", &content),
                ("rpm-qa.txt", &content),
                ("available.txt", &content),
                ("hotfix.txt", &content),
                ("updateinfo.xml", &content),
            ] {
                let only = scratch("arbitrary-one");
                write(&only.join("os-release"), DEBIAN_OS_RELEASE);
                write(&only.join(name), bytes);
                write(&only.join("primary.xml"), text.as_bytes());
                if let Err(error) = NodeFiles::from_dir(&only).unwrap().load() {
                    prop_assert!(error.to_string().contains("arbitrary-one"), "{}", error);
                }
            }
        }
    }
}
