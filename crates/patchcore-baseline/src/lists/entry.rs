//! What an approved/rejected-list entry is, per package family (baseline spec section 5).

use serde::{Deserialize, Serialize};

use crate::os::PackageFamily;

/// The kind of an approved/rejected-list entry, as Patch Manager reads it on a given family.
///
/// ```
/// use patchcore_baseline::{PackageFamily, lists::{classify, EntryKind}};
///
/// assert_eq!(classify("1234567", Some(PackageFamily::YumDnf)), EntryKind::Bugzilla);
/// assert_eq!(classify("RHSA-2017:0864", Some(PackageFamily::YumDnf)), EntryKind::Advisory);
/// assert_eq!(classify("dbus-1.12.2*", Some(PackageFamily::YumDnf)), EntryKind::PackagePattern);
/// assert_eq!(classify("MS10-048", Some(PackageFamily::Windows)), EntryKind::Bulletin);
/// assert_eq!(classify("1234567", Some(PackageFamily::Apt)), EntryKind::PackagePattern);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum EntryKind {
    /// A CVE id (`CVE-2018-1234567`); yum/dnf approved lists only.
    Cve,
    /// An advisory id (`RHSA-2017:0864`, `ALAS2023-2025-123`); yum/dnf approved lists only.
    Advisory,
    /// A Bugzilla id: digits only on the yum/dnf family (never a version there).
    Bugzilla,
    /// A Microsoft Knowledge Base id (`KB2124261`, or the bare number).
    Kb,
    /// A Microsoft security bulletin id (`MS10-048`).
    Bulletin,
    /// A macOS package name, matched whole (no wildcards on macOS).
    MacOsName,
    /// A package name or name/version form, possibly a glob (Linux).
    PackagePattern,
    /// Not a form the family knows (e.g. a package name on a Windows baseline): matches nothing.
    Unrecognized,
}

impl EntryKind {
    /// Whether the entry is an id (CVE, advisory, Bugzilla) that the yum/dnf family honours only
    /// in the approved list.
    pub fn is_notice_id(self) -> bool {
        matches!(self, Self::Cve | Self::Advisory | Self::Bugzilla)
    }
}

/// Classifies `entry` for a baseline of `family` (`None`: an unknown OS, read like yum/dnf).
pub fn classify(entry: &str, family: Option<PackageFamily>) -> EntryKind {
    match family.unwrap_or(PackageFamily::YumDnf) {
        PackageFamily::YumDnf => {
            if is_digits(entry) {
                EntryKind::Bugzilla
            } else if is_cve(entry) {
                EntryKind::Cve
            } else if is_advisory(entry) {
                EntryKind::Advisory
            } else {
                EntryKind::PackagePattern
            }
        }
        // Zypper: full names or single-wildcard names, tried against packages and patch names.
        PackageFamily::Zypper | PackageFamily::Apt => EntryKind::PackagePattern,
        PackageFamily::MacOs => EntryKind::MacOsName,
        PackageFamily::Windows => {
            if kb_number(entry).is_some() {
                EntryKind::Kb
            } else if is_bulletin(entry) {
                EntryKind::Bulletin
            } else {
                EntryKind::Unrecognized
            }
        }
    }
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `CVE-\d{4}-\d+`.
fn is_cve(text: &str) -> bool {
    text.strip_prefix("CVE-")
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(year, number)| year.len() == 4 && is_digits(year) && is_digits(number))
}

/// `[A-Z][A-Z0-9]*-\d{4}[-:]\d+`, the documented advisory samples (unconfirmed grammar).
fn is_advisory(text: &str) -> bool {
    let Some((prefix, rest)) = text.split_once('-') else {
        return false;
    };
    let prefix_ok = prefix
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_uppercase())
        && prefix
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let rest_ok = rest
        .split_once(['-', ':'])
        .is_some_and(|(year, number)| year.len() == 4 && is_digits(year) && is_digits(number));
    prefix_ok && rest_ok
}

/// `MS\d{2}-\d{3}` (the 2016 model pattern), case-insensitively.
fn is_bulletin(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 8
        && bytes
            .get(..2)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"MS"))
        && bytes.get(4) == Some(&b'-')
        && is_digits(text.get(2..4).unwrap_or_default())
        && is_digits(text.get(5..).unwrap_or_default())
}

/// The number of a KB id: `KB2124261`, `kb2124261` or `2124261` (at most 10 digits).
pub(crate) fn kb_number(text: &str) -> Option<u64> {
    let digits = match text.get(..2) {
        Some(prefix) if prefix.eq_ignore_ascii_case("KB") => text.get(2..)?,
        _ => text,
    };
    (is_digits(digits) && digits.len() <= 10)
        .then(|| digits.parse().ok())
        .flatten()
}

/// Why a package-pattern entry can never match any package of `family`, if it cannot: it
/// holds a character no name or version string of that family contains.
pub fn never_matches(entry: &str, family: Option<PackageFamily>) -> Option<&'static str> {
    if entry.contains(',') {
        return Some("it contains ',' (give one entry per item, not a comma-separated list)");
    }
    if entry.chars().any(char::is_whitespace) {
        return Some("it contains white space, which no package name or version has");
    }
    match family {
        Some(PackageFamily::Apt) => entry
            .bytes()
            .any(|b| !(b.is_ascii_alphanumeric() || b"+-.:~*?[]!".contains(&b)))
            .then_some("it contains a character that Debian package names and versions never have"),
        Some(PackageFamily::YumDnf) if entry.to_ascii_lowercase().ends_with(".rpm") => {
            Some("the `.rpm` file-name form is documented for SUSE only")
        }
        Some(PackageFamily::YumDnf) if !crate::lists::is_glob(entry) && !rpm_epoch_fits(entry) => {
            Some(
                "an epoch is written only before version-release (`1:1.12.28-1`, `dbus-1:1.12.28-1`) or after name.arch (`dbus.x86_64:1:1.12.28-1`)",
            )
        }
        _ => entry
            .contains('/')
            .then_some("it contains '/', which no package name or version has"),
    }
}

/// Whether the `:` of an RPM entry can stand where a generated string has one (observed.md L1):
/// every such string is `E:V-R…`, `E:N-V-R.A` or `N-E:V-R…` — the epoch's digits just before the
/// first `:`, alone or after a `-` — or `N.A:E:V-R`, and always has a release after the version.
fn rpm_epoch_fits(entry: &str) -> bool {
    let Some((head, rest)) = entry.split_once(':') else {
        return true;
    };
    let epoch_first = is_digits(head)
        || head
            .rsplit_once('-')
            .is_some_and(|(name, epoch)| !name.is_empty() && is_digits(epoch));
    let epoch_before = epoch_first && rest.contains('-');
    let name_arch_first = head.contains('.')
        && rest
            .split_once(':')
            .is_some_and(|(epoch, evr)| is_digits(epoch) && evr.contains('-'));
    epoch_before || name_arch_first
}

#[cfg(test)]
mod tests {
    use super::*;

    const YUM: Option<PackageFamily> = Some(PackageFamily::YumDnf);

    // Every documented id of baseline spec section 5.1 (current and 2023 user guide).
    #[test]
    fn documented_rhel_family_ids_are_classified_as_ids() {
        assert_eq!(classify("1234567", YUM), EntryKind::Bugzilla);
        assert_eq!(classify("CVE-2018-1234567", YUM), EntryKind::Cve);
        for advisory in [
            "RHSA-2017:0864",
            "ALAS-2018-123",
            "ALAS2023-2025-123",
            "ELSA-2025-123",
        ] {
            assert_eq!(classify(advisory, YUM), EntryKind::Advisory, "{advisory}");
        }
    }

    #[test]
    fn package_forms_are_patterns_on_the_rhel_family() {
        for entry in [
            "dbus",
            "dbus.x86_64",
            "dbus-1.12.28",
            "kernel-3.10.0-*.el7.x86_64",
            "1.12.28",
        ] {
            assert_eq!(classify(entry, YUM), EntryKind::PackagePattern, "{entry}");
        }
    }

    #[test]
    fn windows_lists_take_kb_and_bulletin_ids() {
        let win = Some(PackageFamily::Windows);
        assert_eq!(classify("KB2032276", win), EntryKind::Kb);
        assert_eq!(classify("kb2032276", win), EntryKind::Kb);
        assert_eq!(classify("MS10-048", win), EntryKind::Bulletin);
        assert_eq!(classify("dbus", win), EntryKind::Unrecognized);
        assert_eq!(kb_number("KB4516046"), Some(4_516_046));
    }

    #[test]
    fn macos_and_apt_entries_are_names() {
        assert_eq!(
            classify("XProtectPlistConfigData", Some(PackageFamily::MacOs)),
            EntryKind::MacOsName
        );
        assert_eq!(
            classify("CVE-2018-1234567", Some(PackageFamily::Apt)),
            EntryKind::PackagePattern
        );
    }

    #[test]
    fn an_epoch_must_stand_where_generated_strings_have_one() {
        for fits in [
            "dbus.x86_64:1:1.12.28-1.amzn2023.0.1",
            "dbus-1:1.12.28-1.amzn2023.0.1.x86_64",
            "1:1.12.28-1.amzn2023.0.1",
            "1:dbus-1.12.28-1.amzn2023.0.1.x86_64",
            "dbus-*:1.12.28-1.amzn2023.0.1.x86_64",
        ] {
            assert!(never_matches(fits, YUM).is_none(), "{fits}");
        }
        for never in ["bash:5.1", "1:1.12.28", "dbus.x86_64:1.12.28-1"] {
            assert!(never_matches(never, YUM).is_some(), "{never}");
        }
        // On APT `arch:version` is a generated form.
        assert!(never_matches("amd64:5.1-1", Some(PackageFamily::Apt)).is_none());
    }

    #[test]
    fn impossible_characters_are_detected() {
        assert!(never_matches("KB2032276,KB2124261", YUM).is_some());
        assert!(never_matches("lib_foo", Some(PackageFamily::Apt)).is_some());
        assert!(never_matches("ExamplePkg33", Some(PackageFamily::Apt)).is_none());
        assert!(never_matches("dbus-1.12.2*", YUM).is_none());
    }
}
