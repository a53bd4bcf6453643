//! The one error type of this crate.

use crate::Scheme;

/// How many characters of an offending value an error message shows.
const SHOWN_CHARS: usize = 64;

/// A string that is not a valid version of a scheme.
///
/// `Display` is one lower-case line naming the scheme, the offending value (its first 64
/// characters and `…` when it is longer) and the problem:
///
/// ```
/// use patchcore_version::{Scheme, validate};
///
/// let err = validate(Scheme::Dotted, "14..2").unwrap_err();
/// assert_eq!(err.to_string(), r#"invalid dotted version "14..2": component 2 is empty"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    /// `None` only for [`ErrorKind::UnknownScheme`].
    scheme: Option<Scheme>,
    value: String,
    kind: ErrorKind,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.scheme {
            Some(scheme) => write!(
                f,
                "invalid {scheme} version {:?}: {}",
                self.value, self.kind
            ),
            None => write!(f, "unknown version scheme {:?}: {}", self.value, self.kind),
        }
    }
}

impl Error {
    /// An error about `value` (kept truncated) for `scheme`.
    pub(crate) fn new(scheme: Scheme, value: &str, kind: ErrorKind) -> Self {
        Self {
            scheme: Some(scheme),
            value: truncate(value),
            kind,
        }
    }

    /// A scheme name that is none of [`Scheme::ALL`].
    pub(crate) fn unknown_scheme(name: &str) -> Self {
        Self {
            scheme: None,
            value: truncate(name),
            kind: ErrorKind::UnknownScheme,
        }
    }

    /// What is wrong with the value.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The scheme the value was checked against (`None` when the value is a scheme name).
    #[must_use]
    pub fn scheme(&self) -> Option<Scheme> {
        self.scheme
    }

    /// The offending value: its first 64 characters, followed by `…` when it is longer.
    #[must_use]
    pub fn value(&self) -> &str {
        &self.value
    }
}

/// The first [`SHOWN_CHARS`] characters of `value`, and `…` when it is longer.
fn truncate(value: &str) -> String {
    match value.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => {
            let mut shown = value.get(..cut).unwrap_or_default().to_owned();
            shown.push('…');
            shown
        }
        None => value.to_owned(),
    }
}

/// What is wrong with a version string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    // ----- every scheme -----
    /// The input is empty (librpm's `rpmverParse` refuses it; so do the other schemes).
    #[error("it is empty")]
    Empty,
    /// The input bytes are not UTF-8.
    #[error("it is not utf-8 (invalid byte at offset {valid_up_to})")]
    InvalidUtf8 {
        /// Length of the longest valid UTF-8 prefix.
        valid_up_to: usize,
    },
    /// The input is longer than an owned version can index (4 GiB).
    #[error("it is longer than {max} bytes")]
    TooLong {
        /// The largest accepted length in bytes.
        max: usize,
    },

    /// A scheme name that patchcore does not know.
    #[error("expected one of rpm, rpm-vercmp, deb, kb, windows-build, dotted, semver")]
    UnknownScheme,

    // ----- rpm (NEVRA) -----
    /// A NEVRA string has no package name before its version.
    #[error("no package name before the version")]
    MissingName,
    /// A NEVRA string has no `-version-release` after its name.
    #[error("no version and release after the name (expected name-[epoch:]version-release[.arch])")]
    MissingVersion,

    /// Parts taken from another crate's type that librpm would read back as other parts.
    #[error("librpm would split this text into other epoch, version and release parts")]
    NotRepresentable,

    // ----- dotted, windows-build, kb -----
    /// A dot-separated component is empty (`14..2`, `.1`, `1.`).
    #[error("component {index} is empty")]
    EmptyComponent {
        /// 1-based position of the component.
        index: usize,
    },
    /// A component holds something other than ASCII digits.
    #[error("component {index} {component:?} is not a decimal number")]
    NonNumericComponent {
        /// 1-based position of the component.
        index: usize,
        /// The component (truncated like the value).
        component: String,
    },
    /// A number does not fit the type that holds it (Windows builds and KB numbers are 32-bit).
    #[error("number {number:?} is larger than {max}")]
    NumberTooLarge {
        /// The number as written (truncated like the value).
        number: String,
        /// The largest accepted value.
        max: u64,
    },
    /// A Windows build has neither 2 (`17763.5122`) nor 4 (`10.0.17763.5122`) components.
    #[error(
        "it has {found} components, expected 2 (build.revision) or 4 (major.minor.build.revision)"
    )]
    ComponentCount {
        /// How many dot-separated components the value has.
        found: usize,
    },
    /// A KB id is not `KB` followed by digits, or digits alone.
    #[error("expected KB followed by digits, or digits alone")]
    NotKbId,
    /// A security bulletin id is not `MS` + two-digit year + `-` + number (`MS17-010`).
    #[error("expected MSyy-nnn, e.g. MS17-010")]
    NotBulletinId,

    // ----- semver -----
    /// The `semver` crate refused the value.
    #[error("{message}")]
    Semver {
        /// The `semver` crate's message.
        message: String,
    },

    // ----- deb (dpkg parseversion), written by the Debian scheme's author -----
    /// A blank inside a Debian version (dpkg: "version string has embedded spaces"); blanks
    /// around it are trimmed.
    #[error("blank at byte {offset} inside the version (only surrounding blanks are trimmed)")]
    EmbeddedBlank {
        /// Byte offset of the blank in the value.
        offset: usize,
    },
    /// No number before the first `:` of a Debian version (dpkg: "epoch in version is empty").
    #[error("no epoch number before the first ':'")]
    EpochEmpty,
    /// Something other than digits after the epoch number, before the first `:` (dpkg:
    /// "epoch in version is not number").
    #[error("the epoch before the first ':' is not a number")]
    EpochNotNumber,
    /// A negative Debian epoch (dpkg: "epoch in version is negative").
    #[error("the epoch is negative")]
    EpochNegative,
    /// A Debian epoch above 2147483647 (dpkg: "epoch in version is too big").
    #[error("the epoch is larger than 2147483647")]
    EpochTooBig,
    /// Nothing after the epoch's `:` (dpkg: "nothing after colon in version number").
    #[error("nothing after the epoch's ':'")]
    NothingAfterColon,
    /// A Debian version ending with `-` (dpkg: "revision number is empty").
    #[error("the revision after the last '-' is empty")]
    EmptyRevision,
    /// Nothing between a Debian epoch and revision (dpkg: "version number is empty").
    #[error("the upstream version is empty")]
    EmptyUpstream,
    /// An upstream version that does not start with a digit (dpkg warns: "version number
    /// does not start with digit").
    #[error("the upstream version starts with {first:?}, not a digit")]
    UpstreamNotDigit {
        /// The first character of the upstream version.
        first: char,
    },
    /// A character other than letters, digits and `.+~-:` in a Debian upstream version
    /// (dpkg warns: "invalid character in version number").
    #[error("invalid character {character:?} at byte {offset} in the upstream version")]
    InvalidUpstreamChar {
        /// The character.
        character: char,
        /// Its byte offset in the value.
        offset: usize,
    },
    /// A character other than letters, digits and `.+~` in a Debian revision (dpkg warns:
    /// "invalid character in revision number").
    #[error("invalid character {character:?} at byte {offset} in the revision")]
    InvalidRevisionChar {
        /// The character.
        character: char,
        /// Its byte offset in the value.
        offset: usize,
    },
}

impl ErrorKind {
    /// A [`ErrorKind::NonNumericComponent`] with its component truncated for display.
    pub(crate) fn non_numeric(index: usize, component: &str) -> Self {
        Self::NonNumericComponent {
            index,
            component: truncate(component),
        }
    }

    /// A [`ErrorKind::NumberTooLarge`] with its number truncated for display.
    pub(crate) fn too_large(number: &str, max: u64) -> Self {
        Self::NumberTooLarge {
            number: truncate(number),
            max,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_values_are_truncated_in_messages() {
        let huge = "9".repeat(10_000_000);
        let err = Error::new(Scheme::Dotted, &huge, ErrorKind::too_large(&huge, 1));
        let message = err.to_string();
        assert!(message.len() < 300, "{} bytes", message.len());
        assert!(message.contains(&format!("\"{}…\"", "9".repeat(64))));
    }

    #[test]
    fn truncation_counts_characters_not_bytes() {
        let value = "é".repeat(65);
        assert_eq!(truncate(&value), format!("{}…", "é".repeat(64)));
        assert_eq!(truncate(&"é".repeat(64)), "é".repeat(64));
    }
}
