//! Every documented example entry of baseline spec section 5, with packages and patches it must
//! and must not match (observed.md L1–L4).

// Helpers unwrap and index like the tests do: the whole file is test code.
#![cfg(test)]

use patchcore_baseline::PackageFamily;
use patchcore_baseline::lists::{IdKind, ListMatcher, ListRole, PackageRef};

const YUM: Option<PackageFamily> = Some(PackageFamily::YumDnf);

/// The current user guide's reference package: `dbus.x86_64:1:1.12.28-1.amzn2023.0.1`.
const DBUS: PackageRef<'static> = PackageRef {
    name: "dbus",
    arch: "x86_64",
    epoch: "1",
    version: "1.12.28",
    release: "1.amzn2023.0.1",
};

fn rpm(
    name: &'static str,
    arch: &'static str,
    epoch: &'static str,
    version: &'static str,
    release: &'static str,
) -> PackageRef<'static> {
    PackageRef {
        name,
        arch,
        epoch,
        version,
        release,
    }
}

fn approved(entry: &str, family: Option<PackageFamily>) -> ListMatcher {
    ListMatcher::new(&[entry], family, ListRole::Approved)
}

fn check(
    entry: &str,
    family: Option<PackageFamily>,
    must: &[PackageRef<'_>],
    must_not: &[PackageRef<'_>],
) {
    let list = approved(entry, family);
    for package in must {
        assert!(
            list.matches_package(package),
            "{entry} must match {package:?}"
        );
    }
    for package in must_not {
        assert!(
            !list.matches_package(package),
            "{entry} must not match {package:?}"
        );
    }
}

#[test]
fn every_documented_form_of_the_reference_package_matches_it() {
    // Spec 5.1 table, current user guide rows.
    for entry in [
        "dbus.x86_64:1:1.12.28-1.amzn2023.0.1",
        "dbus.x86_64",
        "dbus-1.12.28",
        "dbus-1.12.28-1.amzn2023.0.1",
        "dbus-1:1.12.28-1.amzn2023.0.1.x86_64",
        "dbus*",
        "dbus-1.12.2*",
        "dbus-*:1.12.28-1.amzn2023.0.1.x86_64",
        // observed.md L1: the twelve generated forms.
        "dbus",
        "dbus-1.12.28-1.amzn2023.0.1.x86_64",
        "1.12.28",
        "1.12.28-1.amzn2023.0.1",
        "1:1.12.28-1.amzn2023.0.1",
        "dbus-1:1.12.28-1.amzn2023.0.1",
        "1:dbus-1.12.28-1.amzn2023.0.1.x86_64",
    ] {
        assert!(approved(entry, YUM).matches_package(&DBUS), "{entry}");
    }
}

#[test]
fn full_nevra_entry_pins_name_arch_epoch_version_and_release() {
    let entry = "dbus.x86_64:1:1.12.28-1.amzn2023.0.1";
    check(
        entry,
        YUM,
        &[
            DBUS,
            rpm("DBUS", "X86_64", "1", "1.12.28", "1.AMZN2023.0.1"),
        ],
        &[
            rpm("dbus-libs", "x86_64", "1", "1.12.28", "1.amzn2023.0.1"),
            rpm("dbus", "aarch64", "1", "1.12.28", "1.amzn2023.0.1"),
            rpm("dbus", "x86_64", "0", "1.12.28", "1.amzn2023.0.1"),
            rpm("dbus", "x86_64", "1", "1.12.28", "2.amzn2023.0.1"),
        ],
    );
}

#[test]
fn name_arch_entry_matches_every_version_of_that_arch() {
    check(
        "dbus.x86_64",
        YUM,
        &[DBUS, rpm("dbus", "x86_64", "", "1.0", "1")],
        &[rpm("dbus", "i686", "1", "1.12.28", "1")],
    );
}

#[test]
fn name_version_entry_needs_that_version() {
    check(
        "dbus-1.12.28",
        YUM,
        &[DBUS],
        &[rpm("dbus", "x86_64", "1", "1.12.29", "1.amzn2023.0.1")],
    );
}

#[test]
fn trailing_star_in_the_name_matches_longer_names_only_at_the_start() {
    check(
        "dbus*",
        YUM,
        &[DBUS, rpm("dbus-libs", "x86_64", "1", "1.12.28", "1")],
        &[rpm("libdbus", "x86_64", "", "1", "1")],
    );
}

#[test]
fn star_in_the_version_matches_a_version_prefix() {
    check(
        "dbus-1.12.2*",
        YUM,
        &[DBUS, rpm("dbus", "x86_64", "", "1.12.2", "1")],
        &[
            rpm("dbus", "x86_64", "", "1.13.0", "1"),
            rpm("bash", "x86_64", "", "1.12.28", "1"),
        ],
    );
}

#[test]
fn star_as_the_epoch_matches_any_epoch_including_none() {
    let entry = "dbus-*:1.12.28-1.amzn2023.0.1.x86_64";
    check(
        entry,
        YUM,
        &[DBUS, rpm("dbus", "x86_64", "", "1.12.28", "1.amzn2023.0.1")],
        &[rpm("dbus", "x86_64", "1", "1.12.28", "2.amzn2023.0.1")],
    );
}

#[test]
fn a_bare_version_matches_every_package_with_that_version() {
    check(
        "1.12.28",
        YUM,
        &[DBUS, rpm("other", "noarch", "", "1.12.28", "5")],
        &[rpm("dbus", "x86_64", "1", "1.12.29", "1")],
    );
}

#[test]
fn numbers_only_is_a_bugzilla_id_on_the_rpm_family_never_a_version() {
    let list = approved("1234567", YUM);
    assert!(list.matches_id(IdKind::Bugzilla, "1234567"));
    assert!(!list.matches_package(&rpm("pkg", "x86_64", "", "1234567", "1")));
    assert!(!list.matches_package(&rpm("1234567", "x86_64", "", "1", "1")));
}

#[test]
fn cve_and_advisory_ids_match_exactly_and_case_sensitively() {
    let list = approved("CVE-2018-1234567", YUM);
    assert!(list.matches_id(IdKind::Cve, "CVE-2018-1234567"));
    assert!(!list.matches_id(IdKind::Cve, "cve-2018-1234567"));
    assert!(!list.matches_id(IdKind::Cve, "CVE-2018-123456"));
    for advisory in [
        "RHSA-2017:0864",
        "ALAS-2018-123",
        "ALAS2023-2025-123",
        "ELSA-2025-123",
    ] {
        let list = approved(advisory, YUM);
        assert!(list.matches_id(IdKind::Advisory, advisory), "{advisory}");
        assert!(
            !list.matches_id(IdKind::Advisory, &advisory.to_lowercase()),
            "{advisory}"
        );
        assert!(!list.matches_id(IdKind::Cve, advisory), "{advisory}");
    }
}

#[test]
fn ids_in_a_rejected_list_reject_nothing_on_yum() {
    let list = ListMatcher::new(
        &["CVE-2018-1234567", "RHSA-2017:0864", "1234567"],
        YUM,
        ListRole::Rejected,
    );
    assert!(!list.matches_id(IdKind::Cve, "CVE-2018-1234567"));
    assert!(!list.matches_id(IdKind::Advisory, "RHSA-2017:0864"));
    assert!(!list.matches_id(IdKind::Bugzilla, "1234567"));
}

#[test]
fn user_guide_2023_full_names_match_their_package() {
    check(
        "example-pkg-0.710.10-2.7.abcd.x86_64",
        YUM,
        &[rpm("example-pkg", "x86_64", "", "0.710.10", "2.7.abcd")],
        &[rpm("example-pkg", "noarch", "", "0.710.10", "2.7.abcd")],
    );
    check(
        "pkg-example-EE-20180914-2.2.amzn1.noarch",
        YUM,
        &[rpm("pkg-example-EE", "noarch", "", "20180914", "2.2.amzn1")],
        &[rpm("pkg-example-EE", "x86_64", "", "20180914", "2.2.amzn1")],
    );
}

#[test]
fn user_guide_2023_wildcards_cross_component_separators() {
    check(
        "example-pkg-*.abcd.x86_64",
        YUM,
        &[rpm("example-pkg", "x86_64", "", "0.710.10", "2.7.abcd")],
        &[rpm("example-pkg", "i686", "", "0.710.10", "2.7.abcd")],
    );
    check(
        "example-pkg-*-20180914-2.2.amzn1.noarch",
        YUM,
        &[rpm("example-pkg-EE", "noarch", "", "20180914", "2.2.amzn1")],
        &[rpm("example-pkg-EE", "noarch", "", "20180915", "2.2.amzn1")],
    );
    check(
        "example-pkg-EE-2018*.amzn1.noarch",
        YUM,
        &[rpm("example-pkg-EE", "noarch", "", "20180914", "2.2.amzn1")],
        &[rpm("example-pkg-EE", "noarch", "", "20180914", "2.2.amzn2")],
    );
    check(
        "kernel-3.10.0-*.el7.x86_64",
        YUM,
        &[rpm("kernel", "x86_64", "", "3.10.0", "1160.el7")],
        &[
            rpm("kernel", "x86_64", "", "3.10.1", "1.el7"),
            rpm("kernel", "x86_64", "", "3.10.0", "1.el8"),
        ],
    );
}

#[test]
fn apt_bare_names_cover_every_version_and_architecture() {
    // Spec 5.2: `ExamplePkg33` covers every version and architecture of that package.
    let apt = Some(PackageFamily::Apt);
    let deb = |name, arch, version| PackageRef {
        name,
        arch,
        epoch: "",
        version,
        release: "",
    };
    check(
        "ExamplePkg33",
        apt,
        &[
            deb("examplepkg33", "amd64", "3.2.5-364"),
            deb("examplepkg33", "arm64", "1"),
        ],
        &[
            deb("examplepkg3", "amd64", "1"),
            deb("examplepkg333", "amd64", "1"),
        ],
    );
    // observed.md L1: the APT forms.
    let openssl = deb("openssl", "amd64", "3.0.13-0ubuntu3.5");
    for entry in [
        "openssl.amd64",
        "openssl-3.0.13-0ubuntu3.5",
        "amd64:3.0.13-0ubuntu3.5",
        "openssl.amd64:3.0.13-0ubuntu3.5",
        "3.0.13-0ubuntu3.5",
        "openssl*",
    ] {
        assert!(approved(entry, apt).matches_package(&openssl), "{entry}");
    }
    assert!(
        !approved("CVE-2024-1234", apt).matches_id(IdKind::Cve, "CVE-2024-1234"),
        "APT ignores ids (L4)"
    );
}

#[test]
fn suse_takes_file_names_and_patch_names_with_a_single_wildcard() {
    let suse = Some(PackageFamily::Zypper);
    let pkg = rpm("example-pkg", "x86_64", "", "2023.15.4", "46.17.1");
    check(
        "example-pkg-2023.15.4-46.17.1.x86_64.rpm",
        suse,
        &[pkg],
        &[rpm("example-pkg", "x86_64", "", "2023.15.4", "46.17.2")],
    );
    check(
        "example-pkg-2023.15.4-46.17.1.*.rpm",
        suse,
        &[
            pkg,
            rpm("example-pkg", "aarch64", "", "2023.15.4", "46.17.1"),
        ],
        &[rpm("other", "x86_64", "", "2023.15.4", "46.17.1")],
    );
    check(
        "example-pkg-2018.11.4-46.17.1.x86_64.rpm",
        suse,
        &[rpm("example-pkg", "x86_64", "", "2018.11.4", "46.17.1")],
        &[pkg],
    );
    let exact = approved("SUSE-SLE-Example-Package-15-2023-123", suse);
    assert!(exact.matches_id(IdKind::Advisory, "SUSE-SLE-Example-Package-15-2023-123"));
    assert!(!exact.matches_id(IdKind::Advisory, "SUSE-SLE-Example-Package-15-2023-124"));
    let exact_2018 = approved("SUSE-SLE-Example-Package-12-2018-123", suse);
    assert!(exact_2018.matches_id(IdKind::Advisory, "suse-sle-example-package-12-2018-123"));
    assert!(!exact_2018.matches_id(IdKind::Advisory, "SUSE-SLE-Example-Package-12-2018-1234"));
    let wild_15 = approved("SUSE-SLE-Example-Package-15-2023-*", suse);
    assert!(wild_15.matches_id(IdKind::Advisory, "SUSE-SLE-Example-Package-15-2023-124"));
    assert!(!wild_15.matches_id(IdKind::Advisory, "SUSE-SLE-Example-Package-15-2024-124"));
    let arch_2018 = rpm("example-pkg", "s390x", "", "2018.11.4", "46.17.1");
    check(
        "example-pkg-2018.11.4-46.17.1.*.rpm",
        suse,
        &[arch_2018],
        &[pkg],
    );
    let wild = approved("SUSE-SLE-Example-Package-12-2018-*", suse);
    assert!(wild.matches_id(IdKind::Advisory, "SUSE-SLE-Example-Package-12-2018-999"));
    assert!(!wild.matches_id(IdKind::Advisory, "SUSE-SLE-Example-Package-15-2018-999"));
    // The `.rpm` file-name form is SUSE's only.
    assert!(!approved("example-pkg-2023.15.4-46.17.1.x86_64.rpm", YUM).matches_package(&pkg));
}

#[test]
fn macos_entries_are_whole_names_without_wildcards() {
    let mac = Some(PackageFamily::MacOs);
    let named = |name| PackageRef {
        name,
        ..PackageRef::default()
    };
    check(
        "XProtectPlistConfigData",
        mac,
        &[
            named("XProtectPlistConfigData"),
            named("xprotectplistconfigdata"),
        ],
        &[named("XProtect")],
    );
    check(
        "MRTConfigData",
        mac,
        &[named("MRTConfigData")],
        &[named("MRTConfigDataX")],
    );
    check("MRT*", mac, &[named("MRT*")], &[named("MRTConfigData")]);
}

#[test]
fn windows_lists_match_kb_ids_in_every_form_and_bulletins() {
    // Spec 5.5: the documented list `KB2032276,KB2124261,MS10-048`.
    let win = Some(PackageFamily::Windows);
    let list = ListMatcher::new(
        &["KB2032276", "KB2124261", "MS10-048"],
        win,
        ListRole::Approved,
    );
    for id in ["KB2124261", "kb2124261", "2124261"] {
        assert!(list.matches_id(IdKind::Kb, id), "{id}");
    }
    assert!(!list.matches_id(IdKind::Kb, "KB212426"));
    assert!(list.matches_id(IdKind::Bulletin, "ms10-048"));
    assert!(!list.matches_id(IdKind::Bulletin, "MS10-049"));
    // Spec 5.6 fixtures.
    let samples = ListMatcher::new(
        &[
            "KB123456",
            "KB4516046",
            "KB4484070",
            "KB4474419",
            "KB4487018",
        ],
        win,
        ListRole::Rejected,
    );
    for id in ["KB4484070", "4474419", "kb4487018"] {
        assert!(samples.matches_id(IdKind::Kb, id), "{id}");
    }
    assert!(!samples.matches_id(IdKind::Kb, "KB4487019"));
    assert!(samples.matches_id(IdKind::Kb, "KB4516046"));
    assert!(samples.matches_patch(None, [(IdKind::Kb, "123456")]));
}

#[test]
fn find_reports_the_matching_entry() {
    let list = ListMatcher::new(&["bash", "dbus-1.12.2*"], YUM, ListRole::Rejected);
    assert_eq!(list.find_package(&DBUS), Some("dbus-1.12.2*"));
}

#[test]
fn very_long_package_parts_are_matched_without_panicking() {
    let long = "a".repeat(10_000);
    let package = PackageRef {
        name: &long,
        arch: "x86_64",
        epoch: "",
        version: "1",
        release: "1",
    };
    assert!(approved("a*", YUM).matches_package(&package));
    assert!(!approved("b*", YUM).matches_package(&package));
}

#[test]
fn the_twelve_rpm_strings_of_observed_md_l1_are_generated() {
    assert_eq!(
        DBUS.generated_strings(YUM),
        [
            "dbus",
            "dbus.x86_64",
            "dbus-1.12.28",
            "dbus-1.12.28-1.amzn2023.0.1",
            "dbus-1.12.28-1.amzn2023.0.1.x86_64",
            "1.12.28",
            "1.12.28-1.amzn2023.0.1",
            "1:1.12.28-1.amzn2023.0.1",
            "dbus-1:1.12.28-1.amzn2023.0.1",
            "dbus-1:1.12.28-1.amzn2023.0.1.x86_64",
            "1:dbus-1.12.28-1.amzn2023.0.1.x86_64",
            "dbus.x86_64:1:1.12.28-1.amzn2023.0.1",
        ]
    );
    let suse = DBUS.generated_strings(Some(PackageFamily::Zypper));
    assert_eq!(
        suse.last().map(String::as_str),
        Some("dbus-1.12.28-1.amzn2023.0.1.x86_64.rpm")
    );
    let no_epoch = PackageRef { epoch: "", ..DBUS };
    assert!(
        no_epoch
            .generated_strings(YUM)
            .contains(&"0:1.12.28-1.amzn2023.0.1".to_owned())
    );
}
