//! The RPM-side, Windows-catalog and override-list readers on the real files of
//! `shared/realworld` (see its PROVENANCE.md files): every file is read and concrete facts from
//! it are checked. Skipped, with a message, when the shared folder is not beside the checkout.

// The helpers below read fixtures for the tests; a fixture that cannot be read is a failed test.
#![allow(clippy::panic)]

use std::path::PathBuf;

#[cfg(feature = "yaml")]
use patchcore_ingest::override_list;
#[cfg(feature = "gzip")]
use patchcore_ingest::primary;
use patchcore_ingest::{cvrf, rpm_qa, rpm_text, updateinfo, zypper};
use patchcore_rules::facts::{ModuleStream, ReferenceKind, RpmCatalog};

fn realworld_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/realworld");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: ../shared/realworld not found (clone without the shared folder)");
        None
    }
}

/// The bytes of `shared/realworld/<path>`, or `None` (after saying so) when the folder is absent.
fn file(path: &str) -> Option<Vec<u8>> {
    let dir = realworld_dir()?;
    Some(std::fs::read(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}")))
}

fn updateinfo_file(path: &str) -> Option<updateinfo::Updateinfo> {
    let bytes = file(path)?;
    Some(
        updateinfo::parse(&bytes, &updateinfo::Options::default())
            .unwrap_or_else(|e| panic!("{path}: {e}")),
    )
}

fn evrs(catalog: &RpmCatalog, name: &str, arch: &str) -> Vec<String> {
    catalog
        .offered(name, arch)
        .iter()
        .map(|p| p.evr.to_string())
        .collect()
}

// --- rpm -qa ---------------------------------------------------------------------------------

#[test]
fn rpm_qa_almalinux9_modular_keeps_both_kernels_and_the_nginx_module() {
    let Some(bytes) = file("inventories/vuls-rpm/rpm-qa-qf-almalinux9-modular.txt") else {
        return;
    };
    let inv = rpm_qa::parse(&bytes).unwrap();
    assert_eq!(inv.packages().len(), 6);
    let kernels: Vec<String> = inv
        .installed("kernel", "x86_64")
        .iter()
        .map(|p| p.version.to_string())
        .collect();
    assert_eq!(
        kernels,
        ["0:5.14.0-70.13.1.el9_0", "0:5.14.0-503.15.1.el9_5"]
    );
    let nginx = inv.highest_installed("nginx", "x86_64").unwrap();
    assert_eq!(
        nginx.version.to_string(),
        "1:1.24.0-4.module_el9.5.0+122+220a1c6b.alma.1"
    );
    assert_eq!(inv.module_streams, [ModuleStream::new("nginx", "1.24")]);
    assert!(inv.highest_installed("dnf", "noarch").is_some());
}

#[test]
fn rpm_qa_rhel9_lists_every_kernel_flavour() {
    let Some(bytes) = file("inventories/vuls-rpm/rpm-qa-qf-rhel9-multiple-kernels.txt") else {
        return;
    };
    let inv = rpm_qa::parse(&bytes).unwrap();
    assert_eq!(inv.packages().len(), 6);
    assert_eq!(inv.installed("kernel-core", "x86_64").len(), 2);
    assert_eq!(inv.installed("kernel-debug", "x86_64").len(), 1);
    assert_eq!(
        inv.highest_installed("kernel-core", "x86_64")
            .unwrap()
            .version
            .to_string(),
        "0:5.14.0-503.15.1.el9_5"
    );
}

#[test]
fn rpm_qa_amazon_linux_2_with_and_without_repository_column() {
    let Some(plain) = file("inventories/vuls-rpm/rpm-qa-qf-amzn2.txt") else {
        return;
    };
    let Some(with_repo) = file("inventories/vuls-rpm/rpm-qa-qf-amzn2-with-repo.txt") else {
        return;
    };
    let plain = rpm_qa::parse(&plain).unwrap();
    let with_repo = rpm_qa::parse(&with_repo).unwrap();
    assert_eq!(plain.packages().len(), 3);
    let corretto = plain
        .highest_installed("java-1.8.0-amazon-corretto", "x86_64")
        .unwrap();
    assert_eq!(corretto.version.to_string(), "1:1.8.0_432.b06-1.amzn2");
    assert_eq!(corretto.repository, None);
    let repo = |name: &str, arch: &str| {
        with_repo
            .highest_installed(name, arch)
            .unwrap()
            .repository
            .clone()
    };
    assert_eq!(repo("yum-utils", "noarch").as_deref(), Some("@amzn2-core"));
    assert_eq!(repo("zlib", "x86_64").as_deref(), Some("installed"));
    assert_eq!(
        repo("java-1.8.0-amazon-corretto", "x86_64").as_deref(),
        Some("@amzn2extra-corretto8")
    );
}

// --- repoquery, zypper -----------------------------------------------------------------------

#[test]
fn repoquery_amazon_linux_1_keeps_epoch_32() {
    let Some(bytes) = file("inventories/vuls-rpm/repoquery-updatable-amzn1.txt") else {
        return;
    };
    let c = rpm_text::parse(&bytes).unwrap();
    assert_eq!(c.packages().len(), 3);
    assert_eq!(evrs(&c, "bind-libs", ""), ["32:9.8.2-0.37.rc1.45.amzn1"]);
    let bind = &c.offered("bind-libs", "")[0];
    assert_eq!(c.repository(bind.repository).unwrap().id, "amzn-main");
}

#[test]
fn repoquery_rhel6_reads_repositories_with_spaces() {
    let Some(bytes) = file("inventories/vuls-rpm/repoquery-updatable-rhel6.txt") else {
        return;
    };
    let c = rpm_text::parse(&bytes).unwrap();
    assert_eq!(c.packages().len(), 6);
    assert_eq!(evrs(&c, "bind-utils", ""), ["30:9.3.6-25.P1.el5_11.8"]);
    let pytalloc = &c.offered("pytalloc", "")[0];
    assert_eq!(
        c.repository(pytalloc.repository).unwrap().id,
        "@CentOS 6.5/6.5"
    );
    let repos: Vec<&str> = c.repositories().iter().map(|r| r.id.as_str()).collect();
    assert!(repos.contains(&"rhui-REGION-rhel-server-releases"));
}

#[test]
fn zypper_lu_tables_of_sles_11_12_and_15() {
    let Some(one) = file("inventories/vuls-suse/zypper-lu-1.txt") else {
        return;
    };
    let one = zypper::parse(&one).unwrap();
    assert_eq!(one.catalog.packages().len(), 3);
    assert_eq!(
        evrs(&one.catalog, "SUSEConnect", "x86_64"),
        ["0.3.1-19.11.2"]
    );
    assert_eq!(
        evrs(&one.catalog, "SuSEfirewall2", "noarch"),
        ["3.6.312-2.10.1"]
    );
    assert_eq!(one.installed.len(), 3);

    let Some(two) = file("inventories/vuls-suse/zypper-lu-2.txt") else {
        return;
    };
    let two = zypper::parse(&two).unwrap();
    assert_eq!(
        evrs(&two.catalog, "git-core", "x86_64"),
        ["2.43.0-150600.3.3.1"]
    );
    let repo = two.catalog.packages()[0].repository;
    assert_eq!(
        two.catalog.repository(repo).unwrap().id,
        "Update repository with updates from SUSE Linux Enterprise 15"
    );

    let Some(three) = file("inventories/vuls-suse/zypper-lu-3.txt") else {
        return;
    };
    let three = zypper::parse(&three).unwrap();
    assert_eq!(
        evrs(&three.catalog, "iproute2", "x86_64"),
        ["6.4-150600.7.3.1"]
    );
    assert_eq!(three.installed[0].version.to_string(), "5.14-150400.1.8");
}

// --- updateinfo.xml --------------------------------------------------------------------------

#[test]
fn createrepo_c_empty_updateinfo_has_no_notices() {
    let Some(info) = updateinfo_file("advisories/updateinfo/createrepo_c-updateinfo_00.xml") else {
        return;
    };
    assert!(info.catalog.notices().is_empty());
}

#[test]
fn createrepo_c_full_update_with_reference_and_package() {
    let Some(info) = updateinfo_file("advisories/updateinfo/createrepo_c-updateinfo_01.xml") else {
        return;
    };
    let n = &info.catalog.notices()[0];
    assert_eq!(n.id, "foobarupdate_1");
    assert_eq!(n.notice_type, "enhancement");
    assert_eq!(n.status.as_deref(), Some("final"));
    assert_eq!(n.severity.as_deref(), Some("severity_1"));
    assert_eq!(n.issued.as_deref(), Some("2012-12-12 00:00:00"));
    assert_eq!(n.references.len(), 1);
    assert_eq!(n.references[0].kind, ReferenceKind::Advisory);
    assert_eq!(n.packages[0].name, "bar");
    assert_eq!(n.packages[0].evr.to_string(), "0:2.0.1-3");
    assert!(info.warnings.is_empty());
}

#[test]
fn createrepo_c_dates_in_three_forms_and_one_mangled() {
    let Some(info) = updateinfo_file("advisories/updateinfo/createrepo_c-updateinfo_03.xml") else {
        return;
    };
    let notices = info.catalog.notices();
    assert_eq!(notices.len(), 6);
    let ids: Vec<&str> = notices.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids.first(), Some(&"RHEA-2012:0055"));
    assert_eq!(ids.last(), Some(&"RHEA-2012:0060"));
    // RHEA ids with type="security" are kept as written.
    assert_eq!(notices[0].notice_type, "security");
    // Packages without an epoch attribute have no epoch.
    assert_eq!(notices[0].packages[0].evr.to_string(), "5.21-1");
    // The mangled date is kept and reported; epoch seconds and "… UTC" read.
    assert_eq!(notices[2].issued.as_deref(), Some("15mangled2"));
    assert_eq!(info.warnings.len(), 1);
    assert!(info.warnings[0].message.contains("RHEA-2012:0057"));
    let epoch = updateinfo::parse_notice_date(notices[5].issued.as_deref().unwrap()).unwrap();
    assert_eq!(epoch.to_rfc3339(), "2019-04-16T15:41:24+00:00");
    let utc = updateinfo::parse_notice_date(notices[2].updated.as_deref().unwrap()).unwrap();
    assert_eq!(utc.to_rfc3339(), "2013-01-27T16:08:05+00:00");
    // Two collections, each with its own module.
    let modules: Vec<_> = notices[4]
        .packages
        .iter()
        .map(|p| p.module.clone().unwrap())
        .collect();
    assert_eq!(
        modules,
        [
            ModuleStream::new("kangaroo", "0"),
            ModuleStream::new("duck", "0")
        ]
    );
}

#[test]
fn createrepo_c_escaped_text_is_unescaped() {
    let Some(info) = updateinfo_file("advisories/updateinfo/createrepo_c-updateinfo_ampersand.xml")
    else {
        return;
    };
    let n = &info.catalog.notices()[0];
    assert_eq!(n.id, "foobarupd&ate_1");
    assert_eq!(n.packages[0].name, "ba&r");
}

#[test]
fn libdnf_modules_and_severity_none() {
    let Some(info) = updateinfo_file("advisories/updateinfo/libdnf-advisories-updateinfo.xml")
    else {
        return;
    };
    let n = &info.catalog.notices()[0];
    assert_eq!(n.id, "FEDORA-2019-0329090518");
    assert_eq!(n.severity.as_deref(), Some("none"));
    assert_eq!(
        n.references
            .iter()
            .filter(|r| r.kind == ReferenceKind::Cve)
            .count(),
        1
    );
    assert_eq!(
        n.references
            .iter()
            .filter(|r| r.kind == ReferenceKind::Bugzilla)
            .count(),
        1
    );
    // 2 packages × 2 modules, then 1 × 1, then 1 × 1.
    assert_eq!(n.packages.len(), 6);
    let dbi: Vec<_> = n
        .packages
        .iter()
        .filter(|p| p.name == "test-perl-DBI")
        .map(|p| p.module.clone().unwrap())
        .collect();
    assert_eq!(
        dbi,
        [
            ModuleStream::new("perl-DBI", "master"),
            ModuleStream::new("non", "existing"),
            ModuleStream::new("perl-DBI", "master")
        ]
    );
}

#[test]
fn libdnf_hawkey_bugfix_without_updated_date() {
    let Some(info) = updateinfo_file("advisories/updateinfo/libdnf-hawkey-yum-updateinfo.xml")
    else {
        return;
    };
    let n = &info.catalog.notices()[0];
    assert_eq!(
        (n.id.as_str(), n.notice_type.as_str()),
        ("FEDORA-2008-9969", "bugfix")
    );
    assert_eq!(n.issued.as_deref(), Some("2008-12-09 11:31:26"));
    assert_eq!(n.updated, None);
    assert_eq!(n.severity, None);
    assert_eq!(n.packages[0].evr.to_string(), "4-7");
}

#[test]
fn alas_amazon_linux_2_kernel_notice_on_one_line() {
    let Some(info) =
        updateinfo_file("advisories/amazon-alas/vuln-list-update-updateinfo_1_item.xml")
    else {
        return;
    };
    let n = &info.catalog.notices()[0];
    assert_eq!(n.id, "ALAS2-2018-939");
    assert_eq!(n.severity.as_deref(), Some("critical"));
    assert_eq!(n.issued.as_deref(), Some("2018-01-11 21:05"));
    assert_eq!(n.updated.as_deref(), Some("2018-01-16 01:28"));
    let cves: Vec<&str> = n.references.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(cves, ["CVE-2017-5754", "CVE-2017-5715"]);
    assert_eq!(n.packages.len(), 13);
    assert!(
        n.packages
            .iter()
            .any(|p| p.name == "kernel" && p.evr.to_string() == "0:4.9.76-38.79.amzn2")
    );
    assert!(info.warnings.is_empty(), "dates without seconds are valid");
}

#[test]
fn alas_two_notices_with_epochs() {
    let Some(info) =
        updateinfo_file("advisories/amazon-alas/vuln-list-update-updateinfo_2_items.xml")
    else {
        return;
    };
    let notices = info.catalog.notices();
    assert_eq!(notices.len(), 2);
    assert_eq!(notices[0].id, "ALAS2-2018-942");
    assert_eq!(notices[1].id, "ALAS2-2018-949");
    assert_eq!(notices.iter().map(|n| n.packages.len()).sum::<usize>(), 22);
    let qemu = notices[0]
        .packages
        .iter()
        .find(|p| p.name == "qemu-kvm")
        .unwrap();
    assert_eq!(qemu.evr.to_string(), "10:1.5.3-141.amzn2.5.3");
    assert_eq!(info.catalog.notices_for("qemu-kvm").count(), 1);
}

#[test]
fn alas_2022_and_2023_notices() {
    let Some(al2022) =
        updateinfo_file("advisories/amazon-alas/vuln-list-update-updateinfo_AL2022.xml")
    else {
        return;
    };
    let n = &al2022.catalog.notices()[0];
    assert_eq!(n.id, "ALAS2022-2021-001");
    assert_eq!(n.severity.as_deref(), Some("medium"));
    assert_eq!(n.packages.len(), 32);
    assert!(
        n.packages
            .iter()
            .all(|p| p.evr.to_string().starts_with("2:8.2.3512-1.amzn2022"))
    );

    let Some(al2023) =
        updateinfo_file("advisories/amazon-alas/vuln-list-update-updateinfo_AL2023.xml")
    else {
        return;
    };
    let n = &al2023.catalog.notices()[0];
    assert_eq!(n.id, "ALAS2023-2023-001");
    assert_eq!(n.severity.as_deref(), Some("Important"));
    assert_eq!(n.issued.as_deref(), Some("2023-02-17 20:41"));
    assert_eq!(
        updateinfo::parse_notice_date(n.updated.as_deref().unwrap())
            .unwrap()
            .to_rfc3339(),
        "2023-02-22T23:22:00+00:00"
    );
    assert_eq!(n.packages.len(), 61);
    assert_eq!(n.references.len(), 2);
}

#[test]
#[cfg(all(feature = "gzip", feature = "xz", feature = "bzip2", feature = "zstd"))]
fn updateinfo_reads_alike_plain_and_compressed_as_repositories_ship_it() {
    let Some(plain) = file("advisories/amazon-alas/vuln-list-update-updateinfo_2_items.xml") else {
        return;
    };
    let expected = updateinfo::parse(&plain, &updateinfo::Options::default()).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &plain).unwrap();
    let mut xz = Vec::new();
    lzma_rs::xz_compress(&mut &plain[..], &mut xz).unwrap();
    let mut bz2 = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    std::io::Write::write_all(&mut bz2, &plain).unwrap();
    let zst =
        ruzstd::encoding::compress_to_vec(&plain[..], ruzstd::encoding::CompressionLevel::Fastest);
    for (codec, bytes) in [
        ("gz", gz.finish().unwrap()),
        ("xz", xz),
        ("bz2", bz2.finish().unwrap()),
        ("zst", zst),
    ] {
        assert_ne!(bytes, plain, "{codec}");
        let from_slice = updateinfo::parse(&bytes, &updateinfo::Options::default()).unwrap();
        assert_eq!(from_slice, expected, "{codec}");
        let from_reader = updateinfo::read(&bytes[..], &updateinfo::Options::default()).unwrap();
        assert_eq!(from_reader, expected, "{codec}");
    }
}

#[test]
#[cfg(feature = "gzip")]
fn primary_reads_the_gzip_form_of_our_fixture() {
    // No real primary.xml is in shared/realworld (issue 6); this fixture is ours, written from
    // the createrepo_c format description.
    let xml = include_bytes!("fixtures/primary-el9-sample.xml");
    let catalog = primary::parse(xml, &primary::Options::for_repository("baseos")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, xml).unwrap();
    let from_gz = primary::read(
        &gz.finish().unwrap()[..],
        &primary::Options::for_repository("baseos"),
    )
    .unwrap();
    assert_eq!(from_gz, catalog);
    assert_eq!(catalog.packages().len(), 4);
    assert_eq!(
        evrs(&catalog, "openssl", "x86_64"),
        ["1:3.0.7-27.el9", "1:3.0.7-28.el9_4"]
    );
    let newest = catalog.offered("openssl", "x86_64").last().unwrap();
    assert_eq!(newest.build_time, Some(1_716_000_000));
    assert_eq!(
        newest.location.as_deref(),
        Some("Packages/o/openssl-3.0.7-28.el9_4.x86_64.rpm")
    );
}

// --- MSRC CVRF -------------------------------------------------------------------------------

#[test]
fn cvrf_2017_feb_flash_update_per_product_with_its_severity() {
    let Some(bytes) = file("advisories/msrc-cvrf/cvrfDocument-2017-Feb.xml") else {
        return;
    };
    let catalog = cvrf::parse(&bytes).unwrap();
    let kb = "KB4010250".parse().unwrap();
    let updates = catalog.update(&kb);
    let products: Vec<&str> = updates.iter().map(|u| u.product.as_str()).collect();
    assert_eq!(
        products,
        [
            "Windows RT 8.1",
            "Windows10",
            "Windows8.1",
            "WindowsServer2012",
            "WindowsServer2012R2",
            "WindowsServer2016"
        ]
    );
    let severity = |product: &str| {
        updates
            .iter()
            .find(|u| u.product == product)
            .unwrap()
            .msrc_severity
            .as_str()
    };
    // The document gives Moderate for Flash on Windows Server 2012 R2 and 2012, Critical elsewhere.
    assert_eq!(severity("WindowsServer2012R2"), "Moderate");
    assert_eq!(severity("WindowsServer2012"), "Moderate");
    assert_eq!(severity("Windows10"), "Critical");
    let u = updates
        .iter()
        .find(|u| u.product == "WindowsServer2016")
        .unwrap();
    assert_eq!(u.supersedes, ["KB3214628".parse().unwrap()]);
    assert_eq!(
        u.release_date.unwrap().to_rfc3339(),
        "2017-04-12T07:00:00+00:00"
    );
    assert_eq!(u.cves, ["ADV170002"]);
    assert_eq!(
        (u.classification.as_str(), u.patch_set.as_str()),
        ("SecurityUpdates", "OS")
    );
    // The Mitigation and Workaround remediations are not updates.
    assert_eq!(catalog.updates().len(), 6);
    assert!(catalog.is_superseded(&"KB3214628".parse().unwrap()));
}

#[test]
fn cvrf_2017_jan_rollups_office_and_supersedence() {
    let Some(bytes) = file("advisories/msrc-cvrf/cvrfDocument-2017-Jan.xml") else {
        return;
    };
    let catalog = cvrf::parse(&bytes).unwrap();
    let rollup = catalog.update(&"KB3212646".parse().unwrap());
    let seven = rollup.iter().find(|u| u.product == "Windows7").unwrap();
    assert!(
        seven.title.starts_with("Monthly Rollup for Windows 7"),
        "{}",
        seven.title
    );
    assert!(seven.supersedes.contains(&"KB3207752".parse().unwrap()));
    let word = catalog.update(&"KB3128057".parse().unwrap());
    assert_eq!(word.len(), 1);
    assert_eq!(word[0].product, "Office 2016");
    assert_eq!(word[0].product_family, "Office");
    assert_eq!(word[0].patch_set, "APPLICATION");
    assert_eq!(word[0].supersedes, ["KB3118331".parse().unwrap()]);
    assert!(
        catalog
            .updates()
            .iter()
            .all(|u| u.release_date.unwrap().to_rfc3339() == "2017-04-12T07:00:00+00:00")
    );
    assert!(
        catalog
            .updates()
            .iter()
            .all(|u| u.msrc_severity != "Unspecified")
    );
}

#[test]
fn cvrf_2016_oct_oob_and_the_empty_2017_may_b() {
    let Some(oct) = file("advisories/msrc-cvrf/cvrfDocument-Oct-OOB.xml") else {
        return;
    };
    let oct = cvrf::parse(&oct).unwrap();
    assert!(!oct.updates().is_empty());
    assert!(
        oct.updates()
            .iter()
            .all(|u| u.release_date.unwrap().to_rfc3339() == "2016-10-27T07:00:00+00:00")
    );
    let Some(may) = file("advisories/msrc-cvrf/cvrfDocument-2017-May-B.xml") else {
        return;
    };
    assert!(
        cvrf::parse(&may).unwrap().updates().is_empty(),
        "a document without vulnerabilities has no updates"
    );
}

// --- Install Override Lists ------------------------------------------------------------------

#[cfg(feature = "yaml")]
fn override_file(n: &str) -> Option<override_list::InstallOverrideList> {
    let name = format!(
        "compliance/install-override-lists/patch-manager-aws-runpatchbaseline.{n}.override-list.yaml"
    );
    let bytes = file(&name)?;
    Some(override_list::parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}")))
}

#[test]
#[cfg(feature = "yaml")]
fn override_lists_of_every_os_are_read() {
    let ids = |list: &override_list::InstallOverrideList| {
        list.patches
            .iter()
            .map(|p| p.id.clone())
            .collect::<Vec<_>>()
    };
    let Some(amazon) = override_file("05") else {
        return;
    };
    assert_eq!(
        ids(&amazon),
        [
            "kernel.x86_64",
            "bind*.x86_64",
            "glibc*",
            "dhclient*",
            "dhcp*"
        ]
    );
    assert_eq!(
        amazon.patches[1].title.as_deref(),
        Some("32:9.8.2-0.62.rc1.57.amzn1")
    );
    assert_eq!(amazon.patches[0].title, None);
    let Some(debian) = override_file("07") else {
        return;
    };
    assert_eq!(
        debian.patches[1].title.as_deref(),
        Some("*2:1.6.6-5ubuntu2.1")
    );
    let Some(macos) = override_file("08") else {
        return;
    };
    assert_eq!(ids(&macos)[2], "Command Line Tools for Xcode.11.5");
    let Some(oracle) = override_file("09") else {
        return;
    };
    assert_eq!(
        oracle.patches[3].title.as_deref(),
        Some("grub2.x86_64:1:*-0.81.0.1.el7")
    );
    let Some(windows) = override_file("13") else {
        return;
    };
    assert_eq!(windows.patches.len(), 5);
    assert_eq!(windows.patches[0].id, "KB4284819");
    assert!(
        windows.patches[0]
            .title
            .as_deref()
            .unwrap()
            .ends_with("(KB4284819)")
    );
    for n in ["06", "10", "11", "12"] {
        let Some(list) = override_file(n) else { return };
        assert_eq!(list.patches.len(), 5, "{n}");
    }
}

#[test]
#[cfg(feature = "yaml")]
fn override_list_templates_are_rejected_with_a_clear_error() {
    for name in [
        "patch-manager-aws-runpatchbaseline.02.override-list-template.txt",
        "patch-manager-aws-runpatchbaseline.03.override-list.txt",
        "patch-manager-aws-runpatchbaseline.04.override-list.txt",
    ] {
        let Some(bytes) = file(&format!("compliance/install-override-lists/{name}")) else {
            return;
        };
        let err = override_list::parse(&bytes).unwrap_err();
        assert!(
            err.to_string().starts_with("install override list"),
            "{name}: {err}"
        );
    }
}
