//! Which filter keys and values are documented for which operating system (baseline spec
//! sections 3.2 and 3.3). The lists are incomplete by nature, so a miss is a warning.

use crate::enums::PatchFilterKey as Key;
use crate::os::{OperatingSystem as Os, PackageFamily};

const WINDOWS_KEYS: &[Key] = &[
    Key::PatchSet,
    Key::Product,
    Key::ProductFamily,
    Key::Classification,
    Key::MsrcSeverity,
    Key::PatchId,
];
const RPM_KEYS: &[Key] = &[Key::Product, Key::Classification, Key::Severity];
const APT_KEYS: &[Key] = &[Key::Product, Key::Priority, Key::Section];
const MACOS_KEYS: &[Key] = &[Key::Product, Key::Classification];

/// The filter keys documented for baselines of `os` (section 3.2); `PATCH_ID` is accepted on
/// Windows (in the enum since 2016; unconfirmed in baselines).
pub(crate) fn keys_for(os: &Os) -> &'static [Key] {
    match os.family() {
        Some(PackageFamily::Windows) => WINDOWS_KEYS,
        Some(PackageFamily::YumDnf | PackageFamily::Zypper) => RPM_KEYS,
        Some(PackageFamily::Apt) => APT_KEYS,
        Some(PackageFamily::MacOs) => MACOS_KEYS,
        _ => &[],
    }
}

const RPM_CLASSIFICATIONS: &[&str] = &[
    "Security",
    "Bugfix",
    "Enhancement",
    "Recommended",
    "Newpackage",
];
/// `Moderate` is accepted beside the documented `Medium`: Red Hat errata and the predefined
/// Oracle baseline use it (section 11, question 2).
const RPM_SEVERITIES: &[&str] = &["Critical", "Important", "Medium", "Moderate", "Low"];
const SUSE_CLASSIFICATIONS: &[&str] = &[
    "Security",
    "Recommended",
    "Optional",
    "Feature",
    "Document",
    "Yast",
];
const SUSE_SEVERITIES: &[&str] = &["Critical", "Important", "Moderate", "Low"];
const WINDOWS_CLASSIFICATIONS: &[&str] = &[
    "CriticalUpdates",
    "DefinitionUpdates",
    "Drivers",
    "FeaturePacks",
    "SecurityUpdates",
    "ServicePacks",
    "Tools",
    "UpdateRollups",
    "Updates",
    "Upgrades",
];
const MSRC_SEVERITIES: &[&str] = &["Critical", "Important", "Moderate", "Low", "Unspecified"];
const PATCH_SETS: &[&str] = &["OS", "APPLICATION"];
const APT_PRIORITIES: &[&str] = &["Required", "Important", "Standard", "Optional", "Extra"];
const MACOS_CLASSIFICATIONS: &[&str] = &["softwareupdate", "installer", "brew", "brew_cask"];

/// The documented values of `key` on `os`, when the documentation gives a closed list.
/// `PRODUCT` lists are left open: AWS adds products faster than documents list them.
pub(crate) fn values_for(os: &Os, key: &Key) -> Option<&'static [&'static str]> {
    match (os.family()?, key) {
        (PackageFamily::YumDnf, Key::Classification) => Some(RPM_CLASSIFICATIONS),
        (PackageFamily::YumDnf, Key::Severity) => Some(RPM_SEVERITIES),
        (PackageFamily::Zypper, Key::Classification) => Some(SUSE_CLASSIFICATIONS),
        (PackageFamily::Zypper, Key::Severity) => Some(SUSE_SEVERITIES),
        (PackageFamily::Windows, Key::Classification) => Some(WINDOWS_CLASSIFICATIONS),
        (PackageFamily::Windows, Key::MsrcSeverity) => Some(MSRC_SEVERITIES),
        (PackageFamily::Windows, Key::PatchSet) => Some(PATCH_SETS),
        (PackageFamily::Apt, Key::Priority) => Some(APT_PRIORITIES),
        (PackageFamily::MacOs, Key::Classification) => Some(MACOS_CLASSIFICATIONS),
        _ => None,
    }
}

/// Whether `os` patches with yum, whose CLASSIFICATION and SEVERITY filters compare the
/// notice's value converted to Title case with the baseline value exactly (observed.md Y1).
/// Amazon Linux 1 and 2 always use yum; for RHEL, CentOS and Oracle it depends on the major
/// version, which a baseline does not say, so they get the case-insensitive dnf rule.
pub(crate) fn uses_yum_title_case(os: &Os) -> bool {
    matches!(os, Os::AmazonLinux | Os::AmazonLinux2)
}

/// Whether `value` is in Title case (first character upper case, the rest lower case).
pub(crate) fn is_title_case(value: &str) -> bool {
    let mut chars = value.chars();
    chars.next().is_some_and(|c| !c.is_lowercase()) && chars.all(|c| !c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apt_baselines_filter_on_priority_and_section_not_severity() {
        assert!(keys_for(&Os::Ubuntu).contains(&Key::Priority));
        assert!(!keys_for(&Os::Ubuntu).contains(&Key::Severity));
    }

    #[test]
    fn title_case_is_first_upper_rest_lower() {
        assert!(is_title_case("Security"));
        assert!(!is_title_case("bugfix"));
        assert!(!is_title_case("SECURITY"));
    }
}
