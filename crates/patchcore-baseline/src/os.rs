//! The `OperatingSystem` of a baseline, and the package family each one patches with.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The operating system a baseline applies to: the AWS API's `OperatingSystem` enum
/// (baseline spec section 1).
///
/// The wire form is the upper-snake string (`AMAZON_LINUX_2023`), read case-sensitively. A value
/// AWS adds later is kept as [`OperatingSystem::Unknown`] so that reading never loses it;
/// validation reports it.
///
/// ```
/// use patchcore_baseline::{OperatingSystem, PackageFamily};
///
/// let os: OperatingSystem = "AMAZON_LINUX_2023".parse().unwrap();
/// assert_eq!(os, OperatingSystem::AmazonLinux2023);
/// assert_eq!(os.family(), Some(PackageFamily::YumDnf));
/// assert_eq!(os.to_string(), "AMAZON_LINUX_2023");
///
/// let future: OperatingSystem = "FUTURE_OS".parse().unwrap();
/// assert_eq!(future, OperatingSystem::Unknown("FUTURE_OS".to_owned()));
/// assert_eq!(future.family(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum OperatingSystem {
    /// `WINDOWS` — Windows Server; the API's default when a baseline omits the field.
    Windows,
    /// `AMAZON_LINUX` — Amazon Linux 1 (2012.03–2018.03).
    AmazonLinux,
    /// `AMAZON_LINUX_2` — Amazon Linux 2.
    AmazonLinux2,
    /// `AMAZON_LINUX_2022` — the Amazon Linux 2022 preview.
    AmazonLinux2022,
    /// `UBUNTU` — Ubuntu Server.
    Ubuntu,
    /// `REDHAT_ENTERPRISE_LINUX` — Red Hat Enterprise Linux.
    RedhatEnterpriseLinux,
    /// `SUSE` — SUSE Linux Enterprise Server.
    Suse,
    /// `CENTOS` — CentOS and CentOS Stream.
    Centos,
    /// `ORACLE_LINUX` — Oracle Linux.
    OracleLinux,
    /// `DEBIAN` — Debian Server.
    Debian,
    /// `MACOS` — macOS.
    MacOs,
    /// `RASPBIAN` — Raspberry Pi OS.
    Raspbian,
    /// `ROCKY_LINUX` — Rocky Linux.
    RockyLinux,
    /// `ALMA_LINUX` — AlmaLinux.
    AlmaLinux,
    /// `AMAZON_LINUX_2023` — Amazon Linux 2023.
    AmazonLinux2023,
    /// A value this version of patchcore does not know, kept as it was written.
    Unknown(String),
}

/// How an operating system gets its patches: the families of baseline spec section 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum PackageFamily {
    /// RPM packages and updateinfo notices through yum or dnf.
    YumDnf,
    /// RPM packages and patches through zypper (SUSE).
    Zypper,
    /// Debian packages through APT (Debian, Ubuntu, Raspberry Pi OS).
    Apt,
    /// macOS: softwareupdate, installer and Homebrew.
    MacOs,
    /// Windows Update.
    Windows,
}

impl OperatingSystem {
    /// Every value of the API enum, in the order of the AWS service model.
    pub const KNOWN: [OperatingSystem; 15] = [
        Self::Windows,
        Self::AmazonLinux,
        Self::AmazonLinux2,
        Self::AmazonLinux2022,
        Self::Ubuntu,
        Self::RedhatEnterpriseLinux,
        Self::Suse,
        Self::Centos,
        Self::OracleLinux,
        Self::Debian,
        Self::MacOs,
        Self::Raspbian,
        Self::RockyLinux,
        Self::AlmaLinux,
        Self::AmazonLinux2023,
    ];

    /// The wire string, as the AWS API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Windows => "WINDOWS",
            Self::AmazonLinux => "AMAZON_LINUX",
            Self::AmazonLinux2 => "AMAZON_LINUX_2",
            Self::AmazonLinux2022 => "AMAZON_LINUX_2022",
            Self::Ubuntu => "UBUNTU",
            Self::RedhatEnterpriseLinux => "REDHAT_ENTERPRISE_LINUX",
            Self::Suse => "SUSE",
            Self::Centos => "CENTOS",
            Self::OracleLinux => "ORACLE_LINUX",
            Self::Debian => "DEBIAN",
            Self::MacOs => "MACOS",
            Self::Raspbian => "RASPBIAN",
            Self::RockyLinux => "ROCKY_LINUX",
            Self::AlmaLinux => "ALMA_LINUX",
            Self::AmazonLinux2023 => "AMAZON_LINUX_2023",
            Self::Unknown(other) => other,
        }
    }

    /// The package family the OS patches with; `None` for an unknown OS.
    pub fn family(&self) -> Option<PackageFamily> {
        Some(match self {
            Self::AmazonLinux
            | Self::AmazonLinux2
            | Self::AmazonLinux2022
            | Self::AmazonLinux2023
            | Self::RedhatEnterpriseLinux
            | Self::Centos
            | Self::OracleLinux
            | Self::RockyLinux
            | Self::AlmaLinux => PackageFamily::YumDnf,
            Self::Suse => PackageFamily::Zypper,
            Self::Ubuntu | Self::Debian | Self::Raspbian => PackageFamily::Apt,
            Self::MacOs => PackageFamily::MacOs,
            Self::Windows => PackageFamily::Windows,
            Self::Unknown(_) => return None,
        })
    }

    /// Whether this is one of the values the API knows today.
    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Unknown(_))
    }
}

impl Default for OperatingSystem {
    /// `WINDOWS`, the value the API assumes when a baseline omits `OperatingSystem`.
    fn default() -> Self {
        Self::Windows
    }
}

impl FromStr for OperatingSystem {
    type Err = std::convert::Infallible;

    /// Reads the wire string case-sensitively; anything else becomes [`OperatingSystem::Unknown`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::KNOWN
            .iter()
            .find(|os| os.as_str() == s)
            .cloned()
            .unwrap_or_else(|| Self::Unknown(s.to_owned())))
    }
}

impl fmt::Display for OperatingSystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for OperatingSystem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OperatingSystem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(text.parse().unwrap_or_else(|never| match never {}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_value_round_trips_through_its_wire_string() {
        for os in OperatingSystem::KNOWN {
            assert_eq!(os.as_str().parse::<OperatingSystem>().unwrap(), os);
            assert!(os.is_known());
            assert!(os.family().is_some());
        }
    }

    #[test]
    fn wire_strings_are_case_sensitive() {
        assert_eq!(
            "ubuntu".parse::<OperatingSystem>().unwrap(),
            OperatingSystem::Unknown("ubuntu".to_owned())
        );
    }

    #[test]
    fn families_follow_baseline_spec_section_1() {
        use OperatingSystem as Os;
        assert_eq!(Os::Suse.family(), Some(PackageFamily::Zypper));
        assert_eq!(Os::Raspbian.family(), Some(PackageFamily::Apt));
        assert_eq!(Os::RockyLinux.family(), Some(PackageFamily::YumDnf));
        assert_eq!(Os::MacOs.family(), Some(PackageFamily::MacOs));
        assert_eq!(Os::default(), Os::Windows);
    }
}
