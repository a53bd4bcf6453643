//! A package version in the node's scheme.

use std::cmp::Ordering;
use std::fmt;

use patchcore_version::deb::VersionBuf;
use patchcore_version::rpm::EvrBuf;
use patchcore_version::{Error, Scheme};
use serde::{Deserialize, Serialize};

/// A package version in the scheme of the node's package manager, keeping the original text.
///
/// Serialized as a one-key map naming the scheme: `{"deb": "1:2.3-4"}`, `{"rpm": "2.3-4.el9"}`,
/// `{"text": "13.6.1"}`.
///
/// The derived order compares within one scheme by that scheme's rules (dpkg, librpm); `Text`
/// versions compare as plain strings there — use [`PackageVersion::compare`] for the dotted
/// order of macOS versions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PackageVersion {
    /// An RPM `[epoch:]version-release` (librpm order).
    Rpm(EvrBuf),
    /// A Debian `[epoch:]upstream[-revision]` (dpkg order).
    Deb(VersionBuf),
    /// Any other version text (macOS packages), compared as a dotted version.
    Text(String),
}

impl PackageVersion {
    /// Parses a Debian version.
    ///
    /// # Errors
    /// When `text` is not a valid dpkg version.
    pub fn deb(text: &str) -> Result<Self, Error> {
        text.parse().map(Self::Deb)
    }

    /// Parses an RPM EVR.
    ///
    /// # Errors
    /// When `text` is not a valid RPM EVR.
    pub fn rpm(text: &str) -> Result<Self, Error> {
        text.parse().map(Self::Rpm)
    }

    /// The scheme the version belongs to (`Text` versions are [`Scheme::Dotted`]).
    pub fn scheme(&self) -> Scheme {
        match self {
            Self::Rpm(_) => Scheme::Rpm,
            Self::Deb(_) => Scheme::Deb,
            Self::Text(_) => Scheme::Dotted,
        }
    }

    /// Compares two versions of one scheme by that scheme's order; `None` when the schemes
    /// differ or a `Text` version is not a valid dotted version.
    pub fn compare(&self, other: &Self) -> Option<Ordering> {
        match (self, other) {
            (Self::Rpm(a), Self::Rpm(b)) => Some(a.cmp(b)),
            (Self::Deb(a), Self::Deb(b)) => Some(a.cmp(b)),
            (Self::Text(a), Self::Text(b)) => patchcore_version::compare(Scheme::Dotted, a, b).ok(),
            _ => None,
        }
    }

    /// The original text of the version, as the node wrote it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Rpm(v) => v.as_str(),
            Self::Deb(v) => v.as_str(),
            Self::Text(v) => v,
        }
    }
}

impl fmt::Display for PackageVersion {
    /// The original text of the version.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deb_versions_compare_in_dpkg_order() {
        let a = PackageVersion::deb("1.0~rc1").unwrap();
        let b = PackageVersion::deb("1.0").unwrap();
        assert_eq!(a.compare(&b), Some(Ordering::Less));
        assert!(a < b);
    }

    #[test]
    fn versions_of_different_schemes_do_not_compare() {
        let a = PackageVersion::deb("1.0").unwrap();
        let b = PackageVersion::rpm("1.0-1").unwrap();
        assert_eq!(a.compare(&b), None);
    }

    #[test]
    fn text_versions_compare_as_dotted_numbers() {
        let a = PackageVersion::Text("13.10".into());
        let b = PackageVersion::Text("13.9".into());
        assert_eq!(a.compare(&b), Some(Ordering::Greater));
    }

    #[test]
    fn display_keeps_the_original_text_and_serde_names_the_scheme() {
        let v = PackageVersion::deb("1:2.30-1").unwrap();
        assert_eq!(v.to_string(), "1:2.30-1");
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"deb":"1:2.30-1"}"#);
    }
}
