//! `/etc/os-release`: who the node is — its `OperatingSystem`, the product string Patch
//! Manager compares `PRODUCT` filters with, and the platform name and version the SSM Agent
//! reports (`shared/spec/products.md`).
//!
//! The file is shell-style `KEY=value` lines (os-release(5)); values may be double- or
//! single-quoted, double-quoted ones with `\"`, `\\`, `` \` `` and `\$` escapes. Malformed lines
//! and unknown keys are ignored, as systemd does.
//!
//! Decisions (products.md section 4, "unconfirmed" items): the operating system comes from
//! `NAME` by the agent's name table (longest match), then from `ID` for names the table lacks;
//! Amazon Linux 2, 2022 and 2023 share `NAME="Amazon Linux"` and are told apart by
//! `VERSION_ID`; the product is prefix + `VERSION_ID` as written, except SUSE without a minor
//! (`Suse12.0`) and `CentOS` (first two components: from os-release alone, whose `VERSION_ID` is
//! the major, this gives `CentOS7`, while the agent's `/etc/centos-release` would give
//! `CentOS7.9`). Debian testing/sid (no `VERSION_ID`) has an empty product, which only `*`
//! matches. An OS outside the table is [`OperatingSystem::Unknown`] with an empty product.

use patchcore_baseline::OperatingSystem;
use patchcore_rules::facts::Inventory;

use crate::error::{Error, ErrorKind};

const FORMAT: &str = "os-release";

/// Largest os-release file accepted (real ones are under 1 KiB).
pub const MAX_SIZE: usize = 64 * 1024;

/// The node identity read from os-release.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OsIdentity {
    /// The operating system.
    pub operating_system: OperatingSystem,
    /// The product string (`Debian12`, `Ubuntu22.04`, `AmazonLinux2023`); empty when unknown.
    pub product: String,
    /// `NAME` (the agent's `PlatformName`).
    pub platform_name: String,
    /// `VERSION_ID` (the agent's `PlatformVersion`).
    pub platform_version: String,
    /// `ID` (`debian`, `amzn`).
    pub id: String,
    /// `VERSION_CODENAME` (`bookworm`, `jammy`), when present.
    pub version_codename: Option<String>,
}

impl OsIdentity {
    /// An inventory with this identity and nothing installed yet.
    pub fn into_inventory(self) -> Inventory {
        let mut inventory = Inventory::new(self.operating_system, self.product);
        inventory.platform_name = self.platform_name;
        inventory.platform_version = self.platform_version;
        inventory
    }
}

/// One value: unquoted, or quoted with the shell rules os-release(5) allows.
fn unquote(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(inner) = raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        return inner.to_owned();
    }
    let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) else {
        return raw.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some(next @ ('"' | '\\' | '`' | '$'))) => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// The agent's name table (products.md section 0), longest match first, then `ID` values.
fn operating_system(name: &str, id: &str, version_id: &str) -> OperatingSystem {
    use OperatingSystem as Os;
    // `None`: Amazon Linux, told apart by version.
    const NAMES: &[(&str, Option<OperatingSystem>)] = &[
        ("Amazon Linux Bare Metal", Some(Os::AmazonLinux)),
        ("Red Hat Enterprise Linux", Some(Os::RedhatEnterpriseLinux)),
        ("Raspbian GNU/Linux", Some(Os::Raspbian)),
        ("Oracle Linux Server", Some(Os::OracleLinux)),
        ("Debian GNU/Linux", Some(Os::Debian)),
        ("Amazon Linux AMI", Some(Os::AmazonLinux)),
        ("Amazon Linux", None),
        ("CentOS Stream", Some(Os::Centos)),
        ("CentOS Linux", Some(Os::Centos)),
        ("Rocky Linux", Some(Os::RockyLinux)),
        ("AlmaLinux", Some(Os::AlmaLinux)),
        ("SLES_SAP", Some(Os::Suse)),
        ("CentOS", Some(Os::Centos)),
        ("Ubuntu", Some(Os::Ubuntu)),
        ("SLES", Some(Os::Suse)),
    ];
    if let Some((_, os)) = NAMES.iter().find(|(n, _)| name.contains(n)) {
        return os.clone().unwrap_or_else(|| amazon_linux(version_id));
    }
    match id {
        "amzn" => amazon_linux(version_id),
        "rhel" => Os::RedhatEnterpriseLinux,
        "raspbian" => Os::Raspbian,
        "ol" => Os::OracleLinux,
        "debian" => Os::Debian,
        "centos" => Os::Centos,
        "rocky" => Os::RockyLinux,
        "almalinux" => Os::AlmaLinux,
        "sles" | "sles_sap" => Os::Suse,
        "ubuntu" => Os::Ubuntu,
        _ => Os::Unknown(if name.is_empty() { id } else { name }.to_owned()),
    }
}

/// Amazon Linux 2, 2022 and 2023 share a `NAME`; the version tells them apart (products.md,
/// unconfirmed item 3). A `YYYY.MM` version is Amazon Linux 1.
fn amazon_linux(version_id: &str) -> OperatingSystem {
    match version_id {
        "2022" => OperatingSystem::AmazonLinux2022,
        "2023" => OperatingSystem::AmazonLinux2023,
        v if v.len() == 7 && v.as_bytes().get(4) == Some(&b'.') => OperatingSystem::AmazonLinux,
        _ => OperatingSystem::AmazonLinux2,
    }
}

/// The product string for `os` at `version_id` (products.md section 2).
pub fn product(os: &OperatingSystem, version_id: &str) -> String {
    use OperatingSystem as Os;
    if version_id.is_empty() {
        return String::new();
    }
    let prefix = match os {
        Os::AmazonLinux | Os::AmazonLinux2 | Os::AmazonLinux2022 | Os::AmazonLinux2023 => {
            "AmazonLinux"
        }
        Os::Ubuntu => "Ubuntu",
        Os::Debian => "Debian",
        Os::Raspbian => "Raspbian",
        Os::RedhatEnterpriseLinux => "RedhatEnterpriseLinux",
        Os::OracleLinux => "OracleLinux",
        Os::RockyLinux => "RockyLinux",
        Os::AlmaLinux => "AlmaLinux",
        Os::Centos => {
            let two: Vec<&str> = version_id.splitn(3, '.').take(2).collect();
            return format!("CentOS{}", two.join("."));
        }
        Os::Suse if !version_id.contains('.') => return format!("Suse{version_id}.0"),
        Os::Suse => "Suse",
        _ => return String::new(),
    };
    format!("{prefix}{version_id}")
}

/// Reads os-release content.
///
/// # Errors
/// Input larger than [`MAX_SIZE`], not UTF-8, or with neither `NAME` nor `ID`.
pub fn parse(bytes: &[u8]) -> Result<OsIdentity, Error> {
    let text = crate::error::utf8_text(bytes, FORMAT, MAX_SIZE)?;
    let (mut name, mut id, mut version_id, mut codename) = (None, None, None, None);
    for line in text.lines() {
        let Some((key, value)) = line.trim_start().split_once('=') else {
            continue;
        };
        let slot = match key.trim() {
            "NAME" => &mut name,
            "ID" => &mut id,
            "VERSION_ID" => &mut version_id,
            "VERSION_CODENAME" => &mut codename,
            _ => continue,
        };
        *slot = Some(unquote(value));
    }
    if name.is_none() && id.is_none() {
        return Err(Error::new(
            FORMAT,
            ErrorKind::MissingField {
                field: "NAME",
                context: crate::error::truncate(text.lines().next().unwrap_or_default())
                    .into_owned(),
            },
        ));
    }
    let name = name.unwrap_or_default();
    let id = id.unwrap_or_default();
    let version_id = version_id.unwrap_or_default();
    let os = operating_system(&name, &id, &version_id);
    Ok(OsIdentity {
        product: product(&os, &version_id),
        operating_system: os,
        platform_name: name,
        platform_version: version_id,
        id,
        version_codename: codename.filter(|c| !c.is_empty()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use OperatingSystem as Os;

    fn read(text: &str) -> OsIdentity {
        parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn products_follow_products_md_section_2() {
        // (os-release content, OS, product) — each row is an example of products.md section 2.
        let cases = [
            (
                "NAME=\"Amazon Linux\"\nID=\"amzn\"\nVERSION_ID=\"2023\"",
                Os::AmazonLinux2023,
                "AmazonLinux2023",
            ),
            (
                "NAME=\"Amazon Linux\"\nID=\"amzn\"\nVERSION_ID=\"2022\"",
                Os::AmazonLinux2022,
                "AmazonLinux2022",
            ),
            (
                "NAME=\"Amazon Linux\"\nID=\"amzn\"\nVERSION_ID=\"2\"",
                Os::AmazonLinux2,
                "AmazonLinux2",
            ),
            (
                "NAME=\"Amazon Linux AMI\"\nID=\"amzn\"\nVERSION_ID=\"2018.03\"",
                Os::AmazonLinux,
                "AmazonLinux2018.03",
            ),
            (
                "NAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nID=ubuntu",
                Os::Ubuntu,
                "Ubuntu22.04",
            ),
            (
                "NAME=\"Ubuntu\"\nVERSION_ID=\"20.04\"",
                Os::Ubuntu,
                "Ubuntu20.04",
            ),
            (
                "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian",
                Os::Debian,
                "Debian12",
            ),
            (
                "NAME=\"Raspbian GNU/Linux\"\nVERSION_ID=\"10\"",
                Os::Raspbian,
                "Raspbian10",
            ),
            (
                "NAME=\"Red Hat Enterprise Linux\"\nID=\"rhel\"\nVERSION_ID=\"9.4\"",
                Os::RedhatEnterpriseLinux,
                "RedhatEnterpriseLinux9.4",
            ),
            (
                "NAME=\"Red Hat Enterprise Linux Server\"\nVERSION_ID=\"7.9\"",
                Os::RedhatEnterpriseLinux,
                "RedhatEnterpriseLinux7.9",
            ),
            (
                "NAME=\"Oracle Linux Server\"\nID=\"ol\"\nVERSION_ID=\"8.9\"",
                Os::OracleLinux,
                "OracleLinux8.9",
            ),
            ("NAME=\"SLES\"\nVERSION_ID=\"15.5\"", Os::Suse, "Suse15.5"),
            ("NAME=\"SLES\"\nVERSION_ID=\"12\"", Os::Suse, "Suse12.0"),
            (
                "NAME=\"Rocky Linux\"\nID=\"rocky\"\nVERSION_ID=\"9.3\"",
                Os::RockyLinux,
                "RockyLinux9.3",
            ),
            (
                "NAME=\"AlmaLinux\"\nID=\"almalinux\"\nVERSION_ID=\"8.9\"",
                Os::AlmaLinux,
                "AlmaLinux8.9",
            ),
            (
                "NAME=\"CentOS Linux\"\nID=\"centos\"\nVERSION_ID=\"7\"",
                Os::Centos,
                "CentOS7",
            ),
            (
                "NAME=\"CentOS Stream\"\nID=\"centos\"\nVERSION_ID=\"8\"",
                Os::Centos,
                "CentOS8",
            ),
        ];
        for (text, os, product) in cases {
            let id = read(text);
            assert_eq!(id.operating_system, os, "{text}");
            assert_eq!(id.product, product, "{text}");
        }
    }

    #[test]
    fn debian_testing_without_version_id_has_no_product() {
        let id = read(
            "PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nNAME=\"Debian GNU/Linux\"\nID=debian\n",
        );
        assert_eq!(id.operating_system, Os::Debian);
        assert_eq!(id.product, "");
    }

    #[test]
    fn an_unknown_os_is_kept_by_name_with_no_product() {
        let id = read("NAME=\"Fedora Linux\"\nID=fedora\nVERSION_ID=40\n");
        assert_eq!(id.operating_system, Os::Unknown("Fedora Linux".into()));
        assert_eq!(id.product, "");
    }

    #[test]
    fn quoting_follows_os_release_5() {
        let id = read(
            "NAME='Ubuntu'\nVERSION_ID=\"22.04\"\n# comment\ngarbage line\nVERSION_CODENAME=jammy\nPRETTY_NAME=\"a \\\"quoted\\\" \\$x\"",
        );
        assert_eq!(id.platform_name, "Ubuntu");
        assert_eq!(id.version_codename.as_deref(), Some("jammy"));
        assert_eq!(unquote(r#""a \"quoted\" \$x \n""#), r#"a "quoted" $x \n"#);
    }

    #[test]
    fn this_machines_os_release_is_read_when_present() {
        let Ok(bytes) = std::fs::read("/etc/os-release") else {
            eprintln!("skipped: /etc/os-release not found");
            return;
        };
        let id = parse(&bytes).unwrap();
        assert!(!id.platform_name.is_empty());
    }

    #[test]
    fn content_without_name_or_id_is_refused() {
        let err = parse(b"VERSION_ID=12\n").unwrap_err();
        assert!(err.to_string().contains("missing field `NAME`"), "{err}");
        assert!(parse(&vec![b'a'; MAX_SIZE + 1]).is_err());
        assert!(parse(b"NAME=\xff\n").is_err());
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let _ = parse(&data);
        }
    }
}
