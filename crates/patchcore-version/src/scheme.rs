//! Schemes chosen at run time: [`Scheme`], [`compare`], [`validate`].

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use crate::windows::{KbId, OsBuild};
use crate::{Error, ErrorKind, deb, dotted, rpm};

/// A version scheme, for callers that pick it at run time. `Display` and `FromStr` use the
/// names in the table of the crate documentation (`rpm`, `rpm-vercmp`, `deb`, `kb`,
/// `windows-build`, `dotted`, `semver`).
///
/// ```
/// use patchcore_version::Scheme;
///
/// assert_eq!("windows-build".parse::<Scheme>()?, Scheme::WindowsBuild);
/// assert_eq!(Scheme::RpmVercmp.to_string(), "rpm-vercmp");
/// assert!("RPM".parse::<Scheme>().is_err()); // names are exact
/// # Ok::<(), patchcore_version::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum Scheme {
    /// RPM EVR strings `[epoch:]version[-release]`: librpm 4.18 `rpmverParse` + `rpmverCmp`.
    Rpm,
    /// One RPM version or release string: librpm 4.18 `rpmvercmp`.
    RpmVercmp,
    /// Debian versions: dpkg 1.21 `parseversion` + `dpkg_version_compare`.
    Deb,
    /// Windows KB ids (`KB5031361`).
    Kb,
    /// Windows OS builds (`10.0.17763.5122` or `17763.5122`).
    WindowsBuild,
    /// Numeric dotted versions (`14.2.1`).
    Dotted,
    /// Semantic versions, ordered as the `semver` crate orders `Version`.
    Semver,
}

impl Scheme {
    /// Every scheme, in the order of the crate documentation's table.
    pub const ALL: &'static [Scheme] = &[
        Scheme::Rpm,
        Scheme::RpmVercmp,
        Scheme::Deb,
        Scheme::Kb,
        Scheme::WindowsBuild,
        Scheme::Dotted,
        Scheme::Semver,
    ];

    /// The scheme's name (`rpm-vercmp`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Rpm => "rpm",
            Scheme::RpmVercmp => "rpm-vercmp",
            Scheme::Deb => "deb",
            Scheme::Kb => "kb",
            Scheme::WindowsBuild => "windows-build",
            Scheme::Dotted => "dotted",
            Scheme::Semver => "semver",
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Scheme {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Scheme::ALL
            .iter()
            .copied()
            .find(|scheme| scheme.name() == s)
            .ok_or_else(|| Error::unknown_scheme(s))
    }
}

fn semver(s: &str) -> Result<semver::Version, Error> {
    semver::Version::parse(s).map_err(|e| {
        let kind = if s.is_empty() {
            ErrorKind::Empty
        } else {
            ErrorKind::Semver {
                message: e.to_string(),
            }
        };
        Error::new(Scheme::Semver, s, kind)
    })
}

/// Compares two versions of `scheme`.
///
/// For [`Scheme::Rpm`], [`Scheme::RpmVercmp`] and [`Scheme::Deb`] this parses and compares
/// the borrowed text in one pass, with no heap allocation.
///
/// ```
/// use std::cmp::Ordering;
/// use patchcore_version::{Scheme, compare};
///
/// assert_eq!(compare(Scheme::RpmVercmp, "1.0^git1", "1.0.1")?, Ordering::Less);
/// assert_eq!(compare(Scheme::Semver, "1.0.0-alpha", "1.0.0")?, Ordering::Less);
/// # Ok::<(), patchcore_version::Error>(())
/// ```
///
/// # Errors
/// When `a` or `b` is not a valid version of `scheme` (see [`validate`]); `a` is checked
/// first.
pub fn compare(scheme: Scheme, a: &str, b: &str) -> Result<Ordering, Error> {
    match scheme {
        Scheme::Rpm => rpm::compare_evr(a, b),
        Scheme::RpmVercmp => Ok(rpm::vercmp(a, b)),
        Scheme::Deb => deb::compare(a, b),
        Scheme::Kb => Ok(KbId::parse(a)?.cmp(&KbId::parse(b)?)),
        Scheme::WindowsBuild => Ok(OsBuild::parse(a)?.cmp(&OsBuild::parse(b)?)),
        Scheme::Dotted => dotted::compare(a, b),
        Scheme::Semver => Ok(semver(a)?.cmp(&semver(b)?)),
    }
}

/// Checks that `s` is a valid version of `scheme`.
///
/// What is invalid: `rpm-vercmp` — nothing (rpmvercmp orders every string); `rpm` — only
/// the empty string (what librpm's `rpmverParse` refuses); `deb` — everything dpkg's
/// `parseversion` reports, errors and warnings alike; `dotted` — an empty or non-numeric
/// component; `windows-build` — anything but 2 or 4 numeric components; `kb` — anything but
/// `KB` + digits or digits; `semver` — what the `semver` crate refuses.
///
/// ```
/// use patchcore_version::{Scheme, validate};
///
/// assert!(validate(Scheme::RpmVercmp, "").is_ok());
/// assert!(validate(Scheme::Rpm, "").is_err());
/// assert!(validate(Scheme::WindowsBuild, "10.0.17763").is_err());
/// ```
///
/// # Errors
/// The first problem found, naming `s`.
pub fn validate(scheme: Scheme, s: &str) -> Result<(), Error> {
    match scheme {
        Scheme::Rpm => rpm::Evr::parse(s).map(drop),
        Scheme::RpmVercmp => Ok(()),
        Scheme::Deb => deb::Version::parse(s).map(drop),
        Scheme::Kb => KbId::parse(s).map(drop),
        Scheme::WindowsBuild => OsBuild::parse(s).map(drop),
        Scheme::Dotted => dotted::validate(s),
        Scheme::Semver => semver(s).map(drop),
    }
}

/// [`compare`] on bytes: input that is not UTF-8 is invalid for every scheme.
///
/// ```
/// use patchcore_version::{ErrorKind, Scheme, compare_bytes};
///
/// let err = compare_bytes(Scheme::RpmVercmp, b"1.0", b"1.\xff").unwrap_err();
/// assert_eq!(err.kind(), &ErrorKind::InvalidUtf8 { valid_up_to: 2 });
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidUtf8`], or what [`compare`] reports.
pub fn compare_bytes(scheme: Scheme, a: &[u8], b: &[u8]) -> Result<Ordering, Error> {
    fn text(scheme: Scheme, bytes: &[u8]) -> Result<&str, Error> {
        std::str::from_utf8(bytes).map_err(|e| {
            // Only the shown prefix is converted: the message truncates it anyway.
            let shown = String::from_utf8_lossy(bytes.get(..256).unwrap_or(bytes));
            let kind = ErrorKind::InvalidUtf8 {
                valid_up_to: e.valid_up_to(),
            };
            Error::new(scheme, &shown, kind)
        })
    }
    compare(scheme, text(scheme, a)?, text(scheme, b)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_names_round_trip() {
        for &scheme in Scheme::ALL {
            assert_eq!(scheme.to_string().parse::<Scheme>().unwrap(), scheme);
        }
        let err = "rpmx".parse::<Scheme>().unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::UnknownScheme);
        assert!(
            err.to_string()
                .starts_with("unknown version scheme \"rpmx\""),
            "{err}"
        );
    }
}
